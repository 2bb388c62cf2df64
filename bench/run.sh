#!/usr/bin/env bash
# Benchmark: seeded 1M and 4M transactions through bronze -> silver -> gold on the SparkRunner (local, all cores).
# Each stage runs in its own JVM under /usr/bin/time, so per-stage wall time, events/s and peak RSS are measured
# separately. Each size runs REPEAT times on a fresh warehouse; results/<date>-<host>.json keeps every run and
# the medians. Usage: bench/run.sh [ENV]   (SIZES="1000000 4000000" REPEAT=3 FILES=8 to change)
set -euo pipefail
cd "$(dirname "$0")/.."
ENV="${1:-dev}"
SIZES="${SIZES:-1000000 4000000}"
REPEAT="${REPEAT:-3}"
FILES="${FILES:-8}"
WORK="bench/work"
RESULTS="bench/results"
mkdir -p "$WORK" "$RESULTS"

CP="pipelines/target/classes:$(cat pipelines/target/classpath.txt)"
JAVA=(java @runners-config/jvm.options @runners-config/"$ENV"/java.options -cp "$CP")
mapfile -t SPARK_ARGS < <(grep -v '^#' runners-config/"$ENV"/spark.args | xargs -n1)

run_stage() { # size rep stage main extra-args...
  local size=$1 rep=$2 stage=$3 main=$4; shift 4
  local out="$WORK/$size-$rep-$stage"
  /usr/bin/time -v -o "$out.time" "${JAVA[@]}" "$main" "${SPARK_ARGS[@]}" --warehouse="$WORK/wh-$size" \
    --summaryFile="$out.json" "$@" > "$out.log" 2>&1 || { echo "stage $stage failed, see $out.log"; tail -20 "$out.log"; exit 1; }
  grep -E "^== FinPipe" "$out.log" | sed "s/^/  [$size #$rep] /"
}

for size in $SIZES; do
  input="$WORK/input-$size"
  if [ ! -f "$input/.complete" ]; then
    rm -rf "$input"
    echo "Generating $size transactions into $input ($FILES files)..."
    "${JAVA[@]}" dev.finpipe.pipelines.generate.GenerateTransactions --count="$size" --seed=7 --files="$FILES" \
      --output="$input" --duplicateRate=0.02 --invalidRate=0.01 --lateRate=0 --outOfOrderRate=0.05 2>&1 | tail -2
    touch "$input/.complete"
  fi
  for rep in $(seq 1 "$REPEAT"); do
    rm -rf "$WORK/wh-$size"
    run_stage "$size" "$rep" bronze dev.finpipe.pipelines.bronze.BronzeFromFiles --input="$input/*.jsonl"
    run_stage "$size" "$rep" silver dev.finpipe.pipelines.silver.BronzeToSilver
    run_stage "$size" "$rep" gold dev.finpipe.pipelines.gold.SilverToGold
  done
  rm -rf "$WORK/wh-$size"
done

python3 bench/summarize.py "$WORK" "$RESULTS" "$SIZES" "$REPEAT"
