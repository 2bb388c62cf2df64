#!/usr/bin/env bash
# A local single-node Kafka (KRaft, combined broker+controller) without Docker: the broker is `kafka.Kafka` from
# Maven Central jars (kafka-broker/target/classpath.txt), started as its own background JVM.
#
#   scripts/kafka.sh up | down | status | topic | free-port
#
# Settings come from the environment (make/kafka.mk passes them): KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_DIR
# (data, config, cluster id and pid file), KAFKA_LOG, KAFKA_HEAP_OPTS, KAFKA_START_TIMEOUT, KAFKA_STOP_TIMEOUT,
# TOPIC, PARTITIONS. Only the process recorded in $KAFKA_DIR/broker.pid is ever signalled.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)

ENV=${ENV:-dev}
KAFKA_PORT=${KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}
KAFKA_DIR=${KAFKA_DIR:-data/$ENV/kafka}
KAFKA_LOG=${KAFKA_LOG:-logs/$ENV/kafka.log}
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms256m -Xmx1g}
KAFKA_START_TIMEOUT=${KAFKA_START_TIMEOUT:-60}
KAFKA_STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-30}
TOPIC=${TOPIC:-transactions}
PARTITIONS=${PARTITIONS:-3}

case "$KAFKA_DIR" in /*) ;; *) KAFKA_DIR="$ROOT/$KAFKA_DIR" ;; esac
case "$KAFKA_LOG" in /*) ;; *) KAFKA_LOG="$ROOT/$KAFKA_LOG" ;; esac
BROKER_DIR="$ROOT/kafka-broker"
CLASSPATH_FILE="$BROKER_DIR/target/classpath.txt"
CONFIG="$KAFKA_DIR/server.properties"
PID_FILE="$KAFKA_DIR/broker.pid"
CLUSTER_ID_FILE="$KAFKA_DIR/cluster.id"
LOG_DIRS="$KAFKA_DIR/logs"

die() { echo "kafka: $*" >&2; exit 1; }

broker_classpath() {
  [ -s "$CLASSPATH_FILE" ] || die "$CLASSPATH_FILE is missing: run 'mvn -B package -f kafka-broker/pom.xml' first"
  cat "$CLASSPATH_FILE"
}

# Runs a Kafka command-line tool (StorageTool, TopicCommand) on the broker's classpath, warnings only.
kafka_tool() {
  java -Dlog4j.configuration="file:$BROKER_DIR/config/tools-log4j.properties" -cp "$(broker_classpath)" "$@"
}

# The recorded pid, if that process is alive and is our broker (a recycled pid is never signalled).
running_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF "kafka.Kafka $CONFIG" || return 1
  echo "$pid"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

log_tail() {
  echo "---- last lines of $KAFKA_LOG ----" >&2
  tail -n 30 "$KAFKA_LOG" >&2 || true
}

render_config() {
  sed -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" \
      -e "s#@CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" \
      -e "s#@LOG_DIRS@#$LOG_DIRS#g" \
      "$BROKER_DIR/config/server.properties.template" > "$CONFIG"
}

# First use only: a cluster id kept under the data dir, and `kafka-storage format` of the log dir with it.
format_storage() {
  if [ ! -s "$CLUSTER_ID_FILE" ]; then
    kafka_tool kafka.tools.StorageTool random-uuid > "$CLUSTER_ID_FILE"
  fi
  if [ ! -f "$LOG_DIRS/meta.properties" ]; then
    echo "kafka: formatting $LOG_DIRS (cluster id $(cat "$CLUSTER_ID_FILE"))"
    kafka_tool kafka.tools.StorageTool format --ignore-formatted \
      --cluster-id "$(cat "$CLUSTER_ID_FILE")" --config "$CONFIG" >> "$KAFKA_LOG" 2>&1 \
      || { log_tail; die "formatting $LOG_DIRS failed"; }
  fi
}

up() {
  local pid
  if pid=$(running_pid); then
    echo "kafka: already running (pid $pid) on 127.0.0.1:$KAFKA_PORT"
    return 0
  fi
  rm -f "$PID_FILE"
  if port_open "$KAFKA_PORT"; then
    die "127.0.0.1:$KAFKA_PORT is already in use by another process; choose another port with KAFKA_PORT=..."
  fi
  mkdir -p "$KAFKA_DIR" "$(dirname "$KAFKA_LOG")"
  broker_classpath > /dev/null
  render_config
  format_storage

  # setsid: the broker outlives this shell, the make that ran it and the terminal.
  # shellcheck disable=SC2086
  (exec setsid java $KAFKA_HEAP_OPTS -XX:+UseG1GC -Djava.awt.headless=true \
      -Dlog4j.configuration="file:$BROKER_DIR/config/log4j.properties" \
      -cp "$(broker_classpath)" kafka.Kafka "$CONFIG" >> "$KAFKA_LOG" 2>&1 < /dev/null) &
  pid=$!
  echo "$pid" > "$PID_FILE"

  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  until port_open "$KAFKA_PORT"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      log_tail
      die "the broker (pid $pid) exited during start-up; see $KAFKA_LOG"
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      log_tail
      stop_pid "$pid"
      die "the broker did not accept connections on 127.0.0.1:$KAFKA_PORT within ${KAFKA_START_TIMEOUT}s; stopped it"
    fi
    sleep 0.2
  done
  echo "kafka: up (pid $pid) on 127.0.0.1:$KAFKA_PORT, controller :$KAFKA_CONTROLLER_PORT, data $KAFKA_DIR, log $KAFKA_LOG"
}

# SIGTERM (a clean shutdown flushes logs and closes segments), then SIGKILL after KAFKA_STOP_TIMEOUT seconds.
stop_pid() {
  local pid=$1 deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "kafka: pid $pid still running after ${KAFKA_STOP_TIMEOUT}s; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.2
  done
  rm -f "$PID_FILE"
}

down() {
  local pid
  if ! pid=$(running_pid); then
    [ -f "$PID_FILE" ] && echo "kafka: removing stale pid file $PID_FILE (no broker of ours runs as $(cat "$PID_FILE"))"
    rm -f "$PID_FILE"
    echo "kafka: not running"
    return 0
  fi
  echo "kafka: stopping pid $pid"
  stop_pid "$pid"
  echo "kafka: stopped"
}

status() {
  local pid
  if pid=$(running_pid); then
    local listening=no
    port_open "$KAFKA_PORT" && listening=yes
    echo "kafka: running (pid $pid), 127.0.0.1:$KAFKA_PORT accepting connections: $listening"
    echo "       cluster id $(cat "$CLUSTER_ID_FILE" 2>/dev/null || echo '?'), data $KAFKA_DIR ($(du -sh "$LOG_DIRS" 2>/dev/null | cut -f1)), log $KAFKA_LOG"
    return 0
  fi
  echo "kafka: not running (ENV=$ENV, port $KAFKA_PORT, data $KAFKA_DIR)"
  return 3
}

# A broker port P with P and P+1 (the controller's default) free on loopback, for a broker of its own (the demo, the
# Kafka benchmark). Drawn below the kernel's ephemeral range (32768+), where client sockets would also collide.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000))
    if ! port_open "$port" && ! port_open "$((port + 1))"; then
      echo "$port"
      return 0
    fi
  done
  die "found no two free consecutive ports in 20000-32000 on 127.0.0.1"
}

topic() {
  running_pid > /dev/null || die "no broker running for ENV=$ENV; run 'make kafka-up' first"
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" \
    --create --if-not-exists --topic "$TOPIC" --partitions "$PARTITIONS" --replication-factor 1
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$KAFKA_PORT" --describe --topic "$TOPIC"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  topic) topic ;;
  free-port) free_port ;;
  *) echo "usage: $0 up|down|status|topic|free-port" >&2; exit 2 ;;
esac
