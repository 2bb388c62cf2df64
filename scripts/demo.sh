#!/usr/bin/env bash
# `make demo`: the medallion through Kafka, on a broker of its own (a free loopback port, or DEMO_KAFKA_PORT; data and
# logs under DEMO_DIR), which is stopped at the end, also when a step fails or on Ctrl-C:
#   1. customers' and accounts' change records (out of order, duplicated, some invalid) and three days of transactions
#      with duplicates, invalid and out-of-order records, and yesterday's last 100 minutes of two services' application
#      logs and infrastructure metrics with scripted incident episodes -> a topic per domain -> bronze and silver of
#      each domain (customers and accounts with their history), gold, and the ops gold (service_minute, incidents,
#      MTTD/MTTR);
#   2. one more day of transactions, with late events as well -> bronze, silver (late ones to quarantine), gold;
#   3. the stages again: no new offsets in any topic, nothing is committed (exactly once);
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

# Every step is a make target, pointed at the demo's broker, warehouse, logs and pid files; each domain has the topic
# of its name.
demo_make() {
  make --no-print-directory "$@" ENV="$ENV" RUNNER="$RUNNER" WAREHOUSE="$DEMO_DIR/warehouse" \
    LOG_DIR="$DEMO_DIR/logs" PID_DIR="$DEMO_DIR/pids" KAFKA_DIR="$DEMO_DIR/kafka" KAFKA_PORT="$PORT" \
    KAFKA_BOOTSTRAP="127.0.0.1:$PORT" STREAM_BOOTSTRAP="127.0.0.1:$PORT" \
    KAFKA_CONFIG="$CLIENT_CONFIG" STREAM_KAFKA_CONFIG="$CLIENT_CONFIG"
}

# The demo's population: the customers and accounts the transactions of both rounds reference.
USERS=500

# The domains the demo produces: all five.
DEMO_DOMAINS=customers,accounts,transactions,app_logs,infra_metrics

# count seed generator-flags...: transactions, unthrottled into their topic (created with 3 partitions on first use).
produce() {
  demo_make run-producer DOMAIN=transactions COUNT="$1" SEED="$2" RATE=0 PARTITIONS=3 \
    PRODUCER_ARGS="--users=$USERS ${*:3}"
}

# domain seed generator-flags...: every change record of the domain's entities into its topic.
produce_changes() {
  demo_make run-producer DOMAIN="$1" SEED="$2" RATE=0 PARTITIONS=3 PRODUCER_ARGS="--users=$USERS ${*:3}"
}

# domain: the operations records of two services, with their incident episodes (GenerateOps), into its topic.
produce_ops() {
  demo_make run-producer DOMAIN="$1" SEED=7 RATE=0 PARTITIONS=3 PRODUCER_ARGS="--services=2 --minutes=100 --batches=2"
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

echo "== Round 1: customers and accounts (change records), 3 days of transactions, application logs and"
echo "   infrastructure metrics with incident episodes, each through its topic"
produce_changes customers 1 --days=3 --duplicateRate=0.05 --invalidRate=0.05
produce_changes accounts 1 --days=3 --duplicateRate=0.05 --invalidRate=0.05
produce 3000 1 --days=3 --duplicateRate=0.05 --invalidRate=0.05 --lateRate=0 --outOfOrderRate=0.05
produce_ops app_logs
produce_ops infra_metrics
demo_make medallion SOURCE=kafka DOMAINS="$DEMO_DOMAINS"
echo "== Round 2: one more day, with late events (older than silver's watermark minus the 2-day allowed lateness)"
produce 1000 2 --days=1 --duplicateRate=0.05 --invalidRate=0.05 --lateRate=0.05 --outOfOrderRate=0.05
demo_make medallion SOURCE=kafka DOMAINS="$DEMO_DOMAINS"
echo "== Round 3: the same topics again: no new offsets, nothing is committed (exactly once)"
demo_make medallion SOURCE=kafka DOMAINS="$DEMO_DOMAINS"
demo_make summary
