#!/usr/bin/env bash
# make chaos: the exactly-once check under random SIGKILLs, on a broker of its own (a free loopback port, data under
# bench/work/chaos/; everything it started is stopped at the end, also when a step fails or on Ctrl-C).
#   1. warm-up: WARMUP_EVENTS (no late ones) through the three continuous stages (stream-bronze, bronze-to-silver,
#      silver-to-gold, every TRIGGER, bronze with --maxRecordBytes=MAX_RECORD_BYTES so ~1% of records take bronze's
#      own quarantine path), and through one available-now medallion into a reference warehouse; both silvers then
#      have a watermark, so late events are judged alike;
#   2. chaos: the producer sends COUNT events at RATE events/s while, every KILL_MIN..KILL_MAX seconds, one stage
#      chosen at random is SIGKILLed and restarted at once (STREAM=1: the one-process `make stream` instead of the
#      three stages; KILL_MIN=0: no kills, a soak — `make soak` — whose per-batch time trend is printed at the end);
#   3. drain: once gold holds every record, the stages are stopped and the reference runs the medallion once more;
#   4. verdict: CheckExactlyOnce — every offset exactly once in bronze + quarantine, every table equal to the reference.
# Usage: bench/chaos.sh [ENV]   (COUNT=150000 RATE=600 TRIGGER=2s KILL_MIN=5 KILL_MAX=20 MAX_RECORD_BYTES=285
#        WARMUP_EVENTS=2000 PARTITIONS=3 DRAIN_SECONDS=600 CHAOS_KAFKA_PORT=<free> PRODUCE_ARGS= to change)
set -euo pipefail
cd "$(dirname "$0")/.."
ENV="${1:-dev}"
COUNT="${COUNT:-150000}"
RATE="${RATE:-600}"
TRIGGER="${TRIGGER:-2s}"
KILL_MIN="${KILL_MIN:-5}"
KILL_MAX="${KILL_MAX:-20}"
MAX_RECORD_BYTES="${MAX_RECORD_BYTES:-285}"
WARMUP_EVENTS="${WARMUP_EVENTS:-2000}"
PARTITIONS="${PARTITIONS:-3}"
DRAIN_SECONDS="${DRAIN_SECONDS:-600}"
STREAM="${STREAM:-0}"
PRODUCE_ARGS="${PRODUCE_ARGS:-}" # generator flags for phase 2 (the soak: --days=1, so that no event is late)
WORK="bench/work/chaos"
LOGS="$WORK/logs"
PIDS="$WORK/pids"
TOPIC="chaos"
KAFKA_CONFIG="runners-config/dev/kafka.properties" # our own loopback broker, whatever ENV says

CP="pipelines/target/classes:$(cat pipelines/target/classpath.txt)"
JAVA=(java @runners-config/jvm.options @runners-config/"$ENV"/java.options -cp "$CP")
mapfile -t SPARK_ARGS < <(grep -v '^#' runners-config/"$ENV"/spark.args | xargs -n1)
PORT=${CHAOS_KAFKA_PORT:-$(bash scripts/kafka.sh free-port)}
BOOTSTRAP="127.0.0.1:$PORT"
KAFKA=(env ENV="$ENV" KAFKA_PORT="$PORT" KAFKA_DIR="$WORK/kafka" KAFKA_LOG="$LOGS/kafka.log"
       PARTITIONS="$PARTITIONS" TOPIC="$TOPIC" bash scripts/kafka.sh)
source bench/streamlib.sh
fresh_work_dir chaos

"${KAFKA[@]}" up
"${KAFKA[@]}" topic > /dev/null

produce() { # count rate seed [flags]: sends and waits
  java @runners-config/jvm.options -cp "$CP" dev.finpipe.pipelines.produce.ProduceTransactions --config="$KAFKA_CONFIG" \
    --bootstrapServers="$BOOTSTRAP" --topic="$TOPIC" --partitions="$PARTITIONS" --count="$1" --rate="$2" --seed="$3" \
    "${@:4}" >> "$LOGS/producer.log" 2>&1
}
reference_round() {
  "${JAVA[@]}" dev.finpipe.pipelines.medallion.RunMedallion "${SPARK_ARGS[@]}" --source=KAFKA \
    --kafkaConfig="$KAFKA_CONFIG" --bootstrapServers="$BOOTSTRAP" --topic="$TOPIC" --warehouse="$WORK/wh-reference" \
    --maxRecordBytes="$MAX_RECORD_BYTES" >> "$LOGS/reference.log" 2>&1 || { echo "the reference run failed"; tail -20 "$LOGS/reference.log"; exit 1; }
}
await_gold() {
  java @runners-config/jvm.options -cp "$CP" dev.finpipe.pipelines.bench.MeasureFreshness --warehouse="$WORK/wh-chaos" \
    --topic="$TOPIC" --bootstrapServers="$BOOTSTRAP" --awaitSeconds="$DRAIN_SECONDS" --awaitOnly >> "$LOGS/await.log" 2>&1 \
    || { echo "gold did not catch up within $DRAIN_SECONDS s"; tail -5 "$LOGS/await.log"; exit 1; }
}
declare -A TARGET=([bronze]=stream-bronze [silver]=bronze-to-silver [gold]=silver-to-gold [stream]=stream)
if [ "$STREAM" = 1 ]; then STAGES=(stream); else STAGES=(bronze silver gold); fi
start_stage() {
  submake "${TARGET[$1]}" WAREHOUSE="$WORK/wh-chaos" RUNNER=spark TRIGGER="$TRIGGER" STREAM_TOPIC="$TOPIC" \
    STREAM_BOOTSTRAP="$BOOTSTRAP" STREAM_KAFKA_CONFIG="$KAFKA_CONFIG" \
    ARGS="$([ "$1" != silver ] && [ "$1" != gold ] && echo "--maxRecordBytes=$MAX_RECORD_BYTES")" > /dev/null 2>&1 &
}

echo "== 1. Warm-up: $WARMUP_EVENTS events through the continuous stages and the reference"
produce "$WARMUP_EVENTS" 0 1 --lateRate=0
reference_round
for stage in "${STAGES[@]}"; do start_stage "$stage"; done
await_gold
echo "  running: ${STAGES[*]}"

if [ "$KILL_MIN" -gt 0 ]; then
  echo "== 2. Chaos: $COUNT events at $RATE events/s; a random one of ${STAGES[*]} SIGKILLed every $KILL_MIN-$KILL_MAX s"
else
  echo "== 2. Soak: $COUNT events at $RATE events/s through ${STAGES[*]}, no kills"
fi
produce "$COUNT" "$RATE" 2 $PRODUCE_ARGS &
producer=$!
kills=0
declare -A KILLED=()
while [ "$KILL_MIN" -gt 0 ] && kill -0 "$producer" 2>/dev/null; do
  sleep $((KILL_MIN + RANDOM % (KILL_MAX - KILL_MIN + 1)))
  stage=${STAGES[$((RANDOM % ${#STAGES[@]}))]}
  pid=$(cat "$PIDS/$stage.pid" 2>/dev/null || true)
  if [ -n "$pid" ] && grep -qs dev.finpipe "/proc/$pid/cmdline"; then
    kill -KILL "$pid"
    kills=$((kills + 1))
    KILLED[$stage]=$((${KILLED[$stage]:-0} + 1))
    echo "  $(date -u +%T) SIGKILL $stage (pid $pid); restarting"
    start_stage "$stage"
  fi
done
wait "$producer" || { echo "the producer failed"; tail -5 "$LOGS/producer.log"; exit 1; }
echo "  $kills kills ($(for s in "${STAGES[@]}"; do printf '%s %s ' "$s" "${KILLED[$s]:-0}"; done))"

echo "== 3. Drain, then the reference's second round"
await_gold
stop_recorded
reference_round

echo "== 4. Verdict"
java @runners-config/jvm.options -cp "$CP" dev.finpipe.pipelines.bench.CheckExactlyOnce --warehouse="$WORK/wh-chaos" \
  --reference="$WORK/wh-reference" --topic="$TOPIC" --bootstrapServers="$BOOTSTRAP" 2>/dev/null | tee "$WORK/verdict.txt"
grep -q "^CheckExactlyOnce: PASS" "$WORK/verdict.txt"
stage_logs=(); for s in "${STAGES[@]}"; do stage_logs+=("$LOGS/$s.log"); done
echo "  restarts that finished a decided run: $(cat "${stage_logs[@]}" | grep -c "finishing the commits of" || true)," \
  "that rolled back an undecided one: $(cat "${stage_logs[@]}" | grep -c "stopped before deciding" || true)"
python3 bench/trend.py "${stage_logs[@]}"
