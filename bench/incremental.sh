#!/usr/bin/env bash
# make bench-incremental: what one micro-batch costs as the tables grow. A batch of BATCH new events (new ids, the
# same day and users as the history) goes through bronze -> silver -> gold on the SparkRunner over warehouses that
# already hold 0, 1M and 4M events of that day's history (HISTORY="0 1000000 4000000"). The history is built once per
# size (not measured); each measured run starts from a copy of it, REPEAT times.
# The measured process is a stream's: one JVM (MicroBatches) runs a WARM-event batch first, which pays what a
# restarted stream pays (one Spark context, silver's committed-id view built from its open windows), then the
# measured batch, which costs what a running stream's batch costs. Prints per size the medians of the measured
# batch's silver, gold and stage seconds, their ratio to the empty warehouse, and the restart batch's silver
# seconds; writes bench/results/incremental-<timestamp>.json. Usage: bench/incremental.sh [ENV]
set -euo pipefail
cd "$(dirname "$0")/.."
ENV="${1:-dev}"
HISTORY="${HISTORY:-0 1000000 4000000}"
BATCH="${BATCH:-20000}"
REPEAT="${REPEAT:-3}"
WARM="${WARM:-2000}"
WORK="bench/work/incremental"
RESULTS="bench/results"
mkdir -p "$WORK" "$RESULTS"
# One day's window for the history and the batch alike, ending at the last full hour (never in the future).
END=$(date -u +%Y-%m-%dT%H:00:00Z)

CP="pipelines/target/classes:$(cat pipelines/target/classpath.txt)"
JAVA=(java @runners-config/jvm.options @runners-config/"$ENV"/java.options -cp "$CP")
mapfile -t SPARK_ARGS < <(grep -v '^#' runners-config/"$ENV"/spark.args | xargs -n1)

generate() { # count seed output
  "${JAVA[@]}" dev.finpipe.pipelines.generate.GenerateTransactions --count="$1" --seed="$2" --days=1 --end="$END" \
    --output="$3" --duplicateRate=0.02 --invalidRate=0.01 --lateRate=0 --outOfOrderRate=0.05 > /dev/null 2>&1
}
medallion() { # input-glob warehouse summary log [batch files: one run each, in one JVM]
  local main=(dev.finpipe.pipelines.medallion.RunMedallion)
  [ -z "${5:-}" ] || main=(dev.finpipe.pipelines.bench.MicroBatches --batchFiles="$5")
  "${JAVA[@]}" "${main[@]}" "${SPARK_ARGS[@]}" --input="$1" --warehouse="$2" \
    --summaryFile="$3" > "$4" 2>&1 || { echo "the medallion failed, see $4"; tail -20 "$4"; exit 1; }
}

for rep in $(seq 1 "$REPEAT"); do
  [ -f "$WORK/batch-$rep/batch.jsonl" ] || generate "$BATCH" "$((100 + rep))" "$WORK/batch-$rep/batch.jsonl"
  [ -f "$WORK/batch-$rep/warm.jsonl" ] || generate "$WARM" "$((200 + rep))" "$WORK/batch-$rep/warm.jsonl"
done
for size in $HISTORY; do
  base="$WORK/wh-$size"
  rm -rf "$base"
  mkdir -p "$base"
  if [ "$size" -gt 0 ]; then
    echo "Building a warehouse with $size events of history (not measured)..."
    generate "$size" 7 "$WORK/history-$size/history.jsonl"
    medallion "$WORK/history-$size/*.jsonl" "$base" "$WORK/history-$size.json" "$WORK/history-$size.log"
  fi
  for rep in $(seq 1 "$REPEAT"); do
    rm -rf "$WORK/run" "$WORK/in"
    cp -r "$base" "$WORK/run"
    mkdir -p "$WORK/in"
    medallion "$WORK/in/*.jsonl" "$WORK/run" "$WORK/$size-$rep.json" "$WORK/$size-$rep.log" \
      "$WORK/batch-$rep/warm.jsonl,$WORK/batch-$rep/batch.jsonl"
    grep -E "^== FinPipe" "$WORK/$size-$rep.log" | sed "s/^/  [history $size #$rep] /"
  done
  rm -rf "$base" "$WORK/run"
done

python3 bench/summarize_incremental.py "$WORK" "$RESULTS" "$HISTORY" "$REPEAT" "$BATCH" "$WARM"
