#!/usr/bin/env bash
# `make demo`: the medallion through Kafka, on a broker of its own (a free loopback port, or DEMO_KAFKA_PORT; data and
# logs under DEMO_DIR), which is stopped at the end, also when a step fails or on Ctrl-C:
#   1. three days of events with duplicates, invalid and out-of-order records -> the topic -> bronze, silver, gold;
#   2. one more day, with late events as well -> the topic -> bronze, silver (late ones to quarantine), gold;
#   3. the three stages again: no new offsets in the topic, nothing is committed (exactly once);
# then `make summary` of the demo warehouse. `make demo` builds both classpaths first and passes ENV, RUNNER and
# DEMO_DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
ENV=${ENV:-dev}
RUNNER=${RUNNER:-spark}
DEMO_DIR=${DEMO_DIR:-data/$ENV/demo}
PORT=${DEMO_KAFKA_PORT:-$(bash scripts/kafka.sh free-port)}
# The broker is ours and local: every client uses the dev (plaintext, loopback) settings, whatever ENV says.
CLIENT_CONFIG=runners-config/dev/kafka.properties

# Every step is a make target, pointed at the demo's broker, topic, warehouse, logs and pid files.
demo_make() {
  make --no-print-directory "$@" ENV="$ENV" RUNNER="$RUNNER" WAREHOUSE="$DEMO_DIR/warehouse" \
    LOG_DIR="$DEMO_DIR/logs" PID_DIR="$DEMO_DIR/pids" KAFKA_DIR="$DEMO_DIR/kafka" KAFKA_PORT="$PORT" \
    KAFKA_BOOTSTRAP="127.0.0.1:$PORT" STREAM_BOOTSTRAP="127.0.0.1:$PORT" \
    KAFKA_CONFIG="$CLIENT_CONFIG" STREAM_KAFKA_CONFIG="$CLIENT_CONFIG" TOPIC=transactions STREAM_TOPIC=transactions \
    DOMAIN=transactions
}

# count seed generator-flags...: unthrottled into the topic (created with 3 partitions on first use).
produce() {
  demo_make run-producer COUNT="$1" SEED="$2" RATE=0 PARTITIONS=3 PRODUCER_ARGS="${*:3}"
}

stop_broker() {
  local rc=$?
  trap - EXIT
  demo_make kafka-down || true
  exit "$rc"
}

# A demo broker left behind by a run killed with SIGKILL is stopped before its data is wiped.
demo_make kafka-down > /dev/null
rm -rf "$DEMO_DIR"
trap stop_broker EXIT
trap 'exit 130' INT TERM HUP
demo_make kafka-up

echo "== Round 1: 3 days of events with duplicates, invalid and out-of-order records, through Kafka"
produce 3000 1 --days=3 --duplicateRate=0.05 --invalidRate=0.05 --lateRate=0 --outOfOrderRate=0.05
demo_make medallion SOURCE=kafka
echo "== Round 2: one more day, with late events (older than silver's watermark minus the 2-day allowed lateness)"
produce 1000 2 --days=1 --duplicateRate=0.05 --invalidRate=0.05 --lateRate=0.05 --outOfOrderRate=0.05
demo_make medallion SOURCE=kafka
echo "== Round 3: the same topic again: no new offsets, nothing is committed (exactly once)"
demo_make medallion SOURCE=kafka
demo_make summary
