#!/usr/bin/env bash
# Benchmark: seeded 1M and 4M transactions through bronze -> silver -> gold on the SparkRunner (local, all cores),
# the way `make medallion` runs them: one JVM (RunMedallion), one Spark context shared by the three stages, under
# /usr/bin/time. Per stage: wall time, events/s and peak heap, from each stage's own report; per run: the process's
# wall time (JVM start to exit) and peak RSS. Each size runs REPEAT times on a fresh warehouse;
# results/<timestamp>.json keeps every run and the medians. Usage: bench/run.sh [ENV]   (SIZES="1000000 4000000" REPEAT=3 FILES=8 to change)
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
source bench/input.sh
mapfile -t SPARK_ARGS < <(grep -v '^#' runners-config/"$ENV"/spark.args | xargs -n1)

run_medallion() { # size rep input
  local size=$1 rep=$2 input=$3
  local out="$WORK/$size-$rep-medallion"
  /usr/bin/time -v -o "$out.time" "${JAVA[@]}" dev.finpipe.pipelines.medallion.RunMedallion "${SPARK_ARGS[@]}" \
    --input="$input/*.jsonl" --warehouse="$WORK/wh-$size" --summaryFile="$out.json" > "$out.log" 2>&1 \
    || { echo "the medallion failed, see $out.log"; tail -20 "$out.log"; exit 1; }
  grep -E "^== FinPipe" "$out.log" | sed "s/^/  [$size #$rep] /"
}

for size in $SIZES; do
  input="$WORK/input-$size"
  bench_input "$size" "$FILES" "${JAVA[@]}"
  for rep in $(seq 1 "$REPEAT"); do
    rm -rf "$WORK/wh-$size"
    run_medallion "$size" "$rep" "$input"
  done
  rm -rf "$WORK/wh-$size"
done

python3 bench/summarize.py "$WORK" "$RESULTS" "$SIZES" "$REPEAT"
