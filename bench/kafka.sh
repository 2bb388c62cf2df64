#!/usr/bin/env bash
# Kafka benchmark, on a broker of its own (a free loopback port, data under bench/work/kafka/; stopped at the end, also
# when a step fails or on Ctrl-C):
#   1. producer: EVENTS unthrottled events (ProduceTransactions --rate=0), REPEAT times, each into a fresh topic;
#   2. bronze ingest: available-now BronzeFromKafka of each of those topics on the SparkRunner
#      (runners-config/$ENV/spark.args), each into a fresh warehouse;
#   3. freshness, for each of STREAM_MODES: `make stream-bronze`, `bronze-to-silver` and `silver-to-gold` run
#      continuously ("stages"), or `make stream` chains them in one process ("stream") (SparkRunner, TRIGGER);
#      after a warm-up (WARMUP_EVENTS through all three, not measured), `make run-producer` sends STREAM_RATE events/s
#      for STREAM_SECONDS; once gold holds them all, MeasureFreshness reads the Delta logs: for each record, Kafka
#      timestamp -> commit of the first gold version that holds it.
# Prints the figures and writes them, with the machine, to bench/results/kafka-<timestamp>.json.
# Usage: bench/kafka.sh [ENV]   (EVENTS=1000000 REPEAT=3 STREAM_RATE=5000 STREAM_SECONDS=120 TRIGGER=2s
#        PARTITIONS=3 WARMUP_EVENTS=10000 DRAIN_SECONDS=180 BENCH_KAFKA_PORT=<free> to change)
set -euo pipefail
cd "$(dirname "$0")/.."
ENV="${1:-dev}"
EVENTS="${EVENTS:-1000000}"
REPEAT="${REPEAT:-3}"
PARTITIONS="${PARTITIONS:-3}"
STREAM_RATE="${STREAM_RATE:-5000}"
STREAM_SECONDS="${STREAM_SECONDS:-120}"
TRIGGER="${TRIGGER:-2s}"
DRAIN_SECONDS="${DRAIN_SECONDS:-180}"
WARMUP_EVENTS="${WARMUP_EVENTS:-10000}"
# Freshness is measured for each: "stages" (three continuous stages, three JVMs) and "stream" (make stream, one JVM).
STREAM_MODES="${STREAM_MODES:-stages stream}"
WORK="bench/work/kafka"
RESULTS="bench/results"
PIDS="$WORK/pids"
LOGS="$WORK/logs"
STREAM_TOPIC="bench-stream"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
# The broker is ours and local: every client uses the dev (plaintext, loopback) settings, whatever ENV says.
KAFKA_CONFIG="runners-config/dev/kafka.properties"

CP="pipelines/target/classes:$(cat pipelines/target/classpath.txt)"
JAVA=(java @runners-config/jvm.options @runners-config/"$ENV"/java.options -cp "$CP")
mapfile -t SPARK_ARGS < <(grep -v '^#' runners-config/"$ENV"/spark.args | xargs -n1)

# A free loopback port (the controller takes the next one), unless BENCH_KAFKA_PORT is given.
PORT=${BENCH_KAFKA_PORT:-$(bash scripts/kafka.sh free-port)}
BOOTSTRAP="127.0.0.1:$PORT"
KAFKA=(env ENV="$ENV" KAFKA_PORT="$PORT" KAFKA_DIR="$WORK/kafka"
       KAFKA_LOG="$LOGS/kafka.log" PARTITIONS="$PARTITIONS" bash scripts/kafka.sh)

# submake, stop_recorded, fresh_work_dir: the streaming targets on this work dir, and the broker and stages stopped.
source bench/streamlib.sh
fresh_work_dir bench-kafka
mkdir -p "$RESULTS"

"${KAFKA[@]}" up

timed() { # name command...: runs it under /usr/bin/time, output in $WORK/<name>.log, fails with its tail
  local name=$1; shift
  /usr/bin/time -v -o "$WORK/$name.time" "$@" > "$WORK/$name.log" 2>&1 \
    || { echo "$name failed, see $WORK/$name.log"; tail -20 "$WORK/$name.log"; exit 1; }
}

echo "== 1+2. Producer ($EVENTS events, unthrottled) and available-now bronze ingest on Spark, $REPEAT runs"
for rep in $(seq 1 "$REPEAT"); do
  timed "produce-$rep" java @runners-config/jvm.options -cp "$CP" dev.finpipe.pipelines.produce.ProduceTransactions \
    --config="$KAFKA_CONFIG" --bootstrapServers="$BOOTSTRAP" --topic="bench-produce-$rep" --partitions="$PARTITIONS" \
    --rate=0 --count="$EVENTS" --seed="$rep"
  grep -E "^ProduceTransactions: done" "$WORK/produce-$rep.log" | sed "s/^/  [#$rep] /"
  timed "ingest-$rep" "${JAVA[@]}" dev.finpipe.pipelines.bronze.BronzeFromKafka "${SPARK_ARGS[@]}" \
    --kafkaConfig="$KAFKA_CONFIG" --bootstrapServers="$BOOTSTRAP" --topic="bench-produce-$rep" \
    --warehouse="$WORK/wh-ingest-$rep" --summaryFile="$WORK/ingest-$rep.json"
  grep -E "^== FinPipe" "$WORK/ingest-$rep.log" | sed "s/^/  [#$rep] /"
  rm -rf "$WORK/wh-ingest-$rep"
done

# One freshness measurement: MODE "stages" runs stream-bronze, bronze-to-silver and silver-to-gold (three JVMs), MODE
# "stream" runs `make stream` (one JVM, one Spark context); each on a topic and a warehouse of its own.
measure_freshness() {
  local mode=$1 topic="$STREAM_TOPIC-$1" wh="$WORK/wh-stream-$1" stages targets
  if [ "$mode" = stream ]; then stages=(stream); targets=(stream); else
    stages=(bronze silver gold); targets=(stream-bronze bronze-to-silver silver-to-gold); fi
  echo "== 3. Freshness ($mode: ${targets[*]}): $STREAM_RATE events/s for $STREAM_SECONDS s, every $TRIGGER on Spark"
  env TOPIC="$topic" "${KAFKA[@]}" topic > /dev/null
  local stream=(WAREHOUSE="$wh" RUNNER=spark TRIGGER="$TRIGGER" STREAM_TOPIC="$topic"
                STREAM_BOOTSTRAP="$BOOTSTRAP" STREAM_KAFKA_CONFIG="$KAFKA_CONFIG")
  for target in "${targets[@]}"; do
    submake "$target" "${stream[@]}" > /dev/null 2>&1 &
  done
  # Ready when each process printed its first (empty) batch's summary: the JVM is up and its loop runs.
  local ready=0
  for _ in $(seq 1 300); do
    ready=0
    for stage in "${stages[@]}"; do grep -qs "^== FinPipe" "$LOGS/$stage.log" && ready=$((ready + 1)); done
    [ "$ready" = "${#stages[@]}" ] && break
    [ "$(jobs -rp | wc -l)" = "${#stages[@]}" ] || { echo "a stage exited during start-up; see $LOGS"; tail -5 "$LOGS"/*.log; exit 1; }
    sleep 1
  done
  [ "$ready" = "${#stages[@]}" ] || { echo "the stages did not start within 300 s; see $LOGS"; exit 1; }
  echo "  running (pids $(cat "$PIDS"/*.pid | xargs)); warm-up: $WARMUP_EVENTS events through to gold (not measured)"
  # The first batches of each JVM are slow (class loading, JIT, Spark's first context): not what a running stream sees.
  timed "warmup-produce-$mode" java @runners-config/jvm.options -cp "$CP" dev.finpipe.pipelines.produce.ProduceTransactions \
    --config="$KAFKA_CONFIG" --bootstrapServers="$BOOTSTRAP" --topic="$topic" --rate=0 --count="$WARMUP_EVENTS" --seed=10
  timed "warmup-await-$mode" java @runners-config/jvm.options -cp "$CP" dev.finpipe.pipelines.bench.MeasureFreshness \
    --warehouse="$wh" --topic="$topic" --bootstrapServers="$BOOTSTRAP" --awaitSeconds="$DRAIN_SECONDS" --awaitOnly
  grep -E "^MeasureFreshness" "$WORK/warmup-await-$mode.log" | sed "s/^/  /"

  echo "  producing at $STREAM_RATE events/s for $STREAM_SECONDS s"
  local measured_from producer
  measured_from=$(date +%s%3N)
  rm -f "$LOGS/producer.log"
  submake run-producer KAFKA_PORT="$PORT" KAFKA_BOOTSTRAP="$BOOTSTRAP" KAFKA_CONFIG="$KAFKA_CONFIG" \
    TOPIC="$topic" PARTITIONS="$PARTITIONS" RATE="$STREAM_RATE" COUNT= SEED=11 > /dev/null 2>&1 &
  producer=$!
  # The clock starts when the producer is up (its first line), not when its JVM starts.
  for _ in $(seq 1 60); do grep -qs "^ProduceTransactions:" "$LOGS/producer.log" && break; sleep 0.5; done
  sleep "$STREAM_SECONDS"
  kill -TERM "$(cat "$PIDS/producer.pid")"
  wait "$producer" || true # make reports the JVM's exit on SIGTERM (143) as an error; the summary line tells
  grep -qE "^ProduceTransactions: stopped .* errors 0 " "$LOGS/producer.log" \
    || { echo "the producer failed; see $LOGS/producer.log"; tail -5 "$LOGS/producer.log"; exit 1; }
  grep -E "^ProduceTransactions: stopped" "$LOGS/producer.log" | sed "s/^/  /"
  cp "$LOGS/producer.log" "$WORK/producer-$mode.log"
  for stage in "${stages[@]}"; do
    [ -s "$PIDS/$stage.pid" ] && kill -0 "$(cat "$PIDS/$stage.pid")" 2>/dev/null \
      || { echo "stage $stage is no longer running; see $LOGS/$stage.log"; exit 1; }
  done

  echo "  waiting (up to $DRAIN_SECONDS s) for gold to hold every record, then reading the Delta logs"
  timed "freshness-$mode" java @runners-config/jvm.options -cp "$CP" dev.finpipe.pipelines.bench.MeasureFreshness \
    --warehouse="$wh" --topic="$topic" --bootstrapServers="$BOOTSTRAP" \
    --awaitSeconds="$DRAIN_SECONDS" --producedFrom="$measured_from" --output="$WORK/freshness-$mode.json"
  grep -E "^(MeasureFreshness|  Kafka)" "$WORK/freshness-$mode.log" | sed "s/^/  /"
  stop_recorded
  wait
}

for mode in $STREAM_MODES; do
  measure_freshness "$mode"
done

python3 bench/summarize_kafka.py "$WORK" "$RESULTS/kafka-$STAMP.json" "$EVENTS" "$REPEAT" "$STREAM_RATE" \
  "$STREAM_SECONDS" "$TRIGGER" "$PARTITIONS" "$WARMUP_EVENTS" "$STREAM_MODES"
