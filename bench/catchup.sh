#!/usr/bin/env bash
# make bench-catchup: an available-now medallion over a Kafka backlog, the first tick of a stream restarted after a
# long stop (or the soak's reference run). On a broker of its own (a free loopback port, data under
# bench/work/catchup/, stopped at the end):
#   1. the producer sends EVENTS events (default 7,200,000: an hour at 2,000/s, one day of event times) unthrottled;
#   2. for each budget of LIMITS (default "1000000 0"; 0 = no budget, one batch), RunMedallion --source=KAFKA reads the
#      topic into a fresh warehouse on the SparkRunner, with --maxRecordsPerTrigger=<budget>;
#   3. the reference: the same medallion in one unbounded batch with a heap of REFERENCE_HEAP (default 14g; empty: no
#      reference), and CompareWarehouses (same heap) of each budget's warehouse against it, row for row;
#   4. it prints, per budget: the outcome (an OutOfMemoryError is reported, not fatal), wall time, peak RSS, and per
#      stage the batches, the largest batch, the summed stage time and the highest peak heap; the live rows of each
#      table counted from the Delta logs; and the comparison's verdict.
# Usage: bench/catchup.sh [ENV]   (EVENTS=7200000 LIMITS="1000000 0" REFERENCE_HEAP=14g PARTITIONS=3
#        CATCHUP_KAFKA_PORT=<free>)
set -euo pipefail
cd "$(dirname "$0")/.."
ENV="${1:-dev}"
EVENTS="${EVENTS:-7200000}"
LIMITS="${LIMITS:-1000000 0}"
PARTITIONS="${PARTITIONS:-3}"
REFERENCE_HEAP="${REFERENCE_HEAP-14g}"
WORK="bench/work/catchup"
LOGS="$WORK/logs"
PIDS="$WORK/pids"
TOPIC="catchup"
KAFKA_CONFIG="runners-config/dev/kafka.properties" # our own loopback broker, whatever ENV says

CP="pipelines/target/classes:$(cat pipelines/target/classpath.txt)"
JAVA=(java @runners-config/jvm.options @runners-config/"$ENV"/java.options -cp "$CP")
mapfile -t SPARK_ARGS < <(grep -v '^#' runners-config/"$ENV"/spark.args | xargs -n1)
PORT=${CATCHUP_KAFKA_PORT:-$(bash scripts/kafka.sh free-port)}
BOOTSTRAP="127.0.0.1:$PORT"
KAFKA=(env ENV="$ENV" KAFKA_PORT="$PORT" KAFKA_DIR="$WORK/kafka" KAFKA_LOG="$LOGS/kafka.log"
       PARTITIONS="$PARTITIONS" TOPIC="$TOPIC" bash scripts/kafka.sh)
source bench/streamlib.sh
fresh_work_dir catchup

"${KAFKA[@]}" up
"${KAFKA[@]}" topic > /dev/null
echo "== 1. Producer: $EVENTS events into $TOPIC ($PARTITIONS partitions), unthrottled"
java @runners-config/jvm.options -cp "$CP" dev.finpipe.pipelines.produce.ProduceTransactions --config="$KAFKA_CONFIG" \
  --bootstrapServers="$BOOTSTRAP" --topic="$TOPIC" --partitions="$PARTITIONS" --count="$EVENTS" --rate=0 --seed=7 \
  --days=1 > "$LOGS/producer.log" 2>&1 || { echo "the producer failed"; tail -20 "$LOGS/producer.log"; exit 1; }
grep -E "^ProduceTransactions: done" "$LOGS/producer.log" | sed 's/^/  /'

medallion() { # name budget [jvm flags]: the available-now medallion into wh-<name>; its exit code in <name>.rc
  local rc=0
  /usr/bin/time -v -o "$WORK/medallion-$1.time" "${JAVA[@]}" "${@:3}" dev.finpipe.pipelines.medallion.RunMedallion \
    "${SPARK_ARGS[@]}" --source=KAFKA --kafkaConfig="$KAFKA_CONFIG" --bootstrapServers="$BOOTSTRAP" --topic="$TOPIC" \
    --warehouse="$WORK/wh-$1" --maxRecordsPerTrigger="$2" --summaryFile="$WORK/medallion-$1.json" \
    > "$LOGS/medallion-$1.log" 2>&1 || rc=$?
  echo "$rc" > "$WORK/medallion-$1.rc"
}
for limit in $LIMITS; do
  echo "== 2. Available-now medallion, --maxRecordsPerTrigger=$limit"
  medallion "$limit" "$limit"
done
if [ -n "$REFERENCE_HEAP" ]; then
  echo "== 3. Reference: one unbounded batch with -Xmx$REFERENCE_HEAP, and each budget's tables compared to it"
  medallion reference 0 -Xmx"$REFERENCE_HEAP"
  for limit in $LIMITS; do
    [ "$(cat "$WORK/medallion-$limit.rc")" = 0 ] || continue
    java @runners-config/jvm.options -Xmx"$REFERENCE_HEAP" -cp "$CP" dev.finpipe.pipelines.medallion.CompareWarehouses \
      --warehouse="$WORK/wh-$limit" --expected="$WORK/wh-reference" > "$WORK/compare-$limit.txt" 2>&1 || true
  done
fi
mkdir -p bench/results
python3 bench/summarize_catchup.py "$WORK" "$EVENTS" $LIMITS $([ -n "$REFERENCE_HEAP" ] && echo reference) \
  | tee "bench/results/catchup-$(date -u +%Y%m%dT%H%M%SZ).txt"
