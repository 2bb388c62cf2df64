#!/usr/bin/env bash
# Peer benchmark: the same seeded transactions (bench/run.sh's input and generator flags) through the medallion twice
# per repetition: FinPipe (RunMedallion on the SparkRunner, one JVM, as bench/run.sh runs it) and the peer, the same
# medallion in plain Spark SQL + delta-spark (PeerMedallion, one SparkSession on local[*]), each under /usr/bin/time
# with the same JVM options, alternating so that the machine's noise hits both. After the first repetition ComparePeer
# checks that both warehouses agree (gold row for row, silver and quarantine counts) and the benchmark fails if not.
# Prints and writes to results/peer-<timestamp>.json the medians of wall seconds and peak RSS of each and the ratio
# FinPipe / peer. Usage: bench/peer.sh [ENV]   (SIZES=1000000 REPEAT=3 FILES=8 to change)
set -euo pipefail
cd "$(dirname "$0")/.."
ENV="${1:-dev}"
SIZES="${SIZES:-1000000}"
REPEAT="${REPEAT:-3}"
FILES="${FILES:-8}"
WORK="bench/work"
RESULTS="bench/results"
mkdir -p "$WORK" "$RESULTS"
[ "$REPEAT" -ge 1 ] 2>/dev/null || { echo "REPEAT=$REPEAT is not a positive number of repetitions"; exit 2; }
[ -f pipelines/target/test-classpath.txt ] && [ -d pipelines/target/test-classes/dev/finpipe/pipelines/bench ] \
  || { echo "the test classes are not built: run mvn -pl transforms,pipelines -am install -DskipTests"; exit 2; }

CP="pipelines/target/classes:$(cat pipelines/target/classpath.txt)"
TEST_CP="pipelines/target/test-classes:pipelines/target/classes:$(cat pipelines/target/test-classpath.txt)"
JVM=(java @runners-config/jvm.options @runners-config/"$ENV"/java.options)
source bench/input.sh
mapfile -t SPARK_ARGS < <(grep -v '^#' runners-config/"$ENV"/spark.args | xargs -n1)

run_finpipe() { # size rep input
  local size=$1 rep=$2 input=$3 out="$WORK/peer-$1-$2-finpipe"
  rm -rf "$WORK/peer-wh-finpipe-$size"
  /usr/bin/time -v -o "$out.time" "${JVM[@]}" -cp "$CP" dev.finpipe.pipelines.medallion.RunMedallion "${SPARK_ARGS[@]}" \
    --input="$input/*.jsonl" --warehouse="$WORK/peer-wh-finpipe-$size" --summaryFile="$out.json" > "$out.log" 2>&1 \
    || { echo "FinPipe's medallion failed, see $out.log"; tail -20 "$out.log"; exit 1; }
  grep -E "^== FinPipe" "$out.log" | sed "s/^/  [$size #$rep] /"
}

run_peer() { # size rep input
  local size=$1 rep=$2 input=$3 out="$WORK/peer-$1-$2-peer"
  rm -rf "$WORK/peer-wh-peer-$size"
  /usr/bin/time -v -o "$out.time" "${JVM[@]}" -cp "$TEST_CP" dev.finpipe.pipelines.bench.PeerMedallion \
    --input="$input/*.jsonl" --warehouse="$WORK/peer-wh-peer-$size" --summaryFile="$out.json" > "$out.log" 2>&1 \
    || { echo "the peer failed, see $out.log"; tail -20 "$out.log"; exit 1; }
  grep -E "^== Peer" "$out.log" | sed "s/^/  [$size #$rep] /"
}

for size in $SIZES; do
  input="$WORK/input-$size"
  bench_input "$size" "$FILES" "${JVM[@]}" -cp "$CP"
  for rep in $(seq 1 "$REPEAT"); do
    run_finpipe "$size" "$rep" "$input"
    run_peer "$size" "$rep" "$input"
    if [ "$rep" = 1 ]; then
      echo "  [$size] comparing FinPipe's warehouse with the peer's (gold rows, silver and quarantine counts)..."
      "${JVM[@]}" -cp "$TEST_CP" dev.finpipe.pipelines.bench.ComparePeer \
        "$WORK/peer-wh-finpipe-$size" "$WORK/peer-wh-peer-$size" > "$WORK/peer-$size-compare.log" 2>&1 \
        || { grep -vE "^(WARN|INFO|[0-9]{2}/)" "$WORK/peer-$size-compare.log" | tail -60
             echo "the peer and FinPipe disagree at $size events (see $WORK/peer-$size-compare.log)"; exit 1; }
      grep -E "^  |MATCH" "$WORK/peer-$size-compare.log"
    fi
  done
  rm -rf "$WORK/peer-wh-finpipe-$size" "$WORK/peer-wh-peer-$size"
done

python3 bench/summarize_peer.py "$WORK" "$RESULTS" "$SIZES" "$REPEAT" "$ENV"
