#!/usr/bin/env bash
# Maintenance benchmark: BATCHES small medallion batches (EVENTS events each, event times advancing over DAYS days
# like a stream's), run on the SparkRunner in one JVM (one Spark context, as a continuous stage keeps it); then per
# table the files, bytes, log commit files and checkpoints; a selective query (one hour of event_time, one user_id)
# and a full count on silver with Spark + delta-spark (median of 3, files read); `make optimize`'s compaction (files
# of TARGET_MB, sorted by each table's cluster key or SORT_BY for silver); and the same figures again. Writes
# bench/results/maintenance-<timestamp>.json with the machine and the settings.
# Usage: bench/maintenance.sh [ENV]   (BATCHES=24 EVENTS=20000 DAYS=3 TARGET_MB=1 SORT_BY= to change)
#        FROM_WAREHOUSE=<dir>: measure a copy of that warehouse (e.g. one a stream built) instead of generated batches.
set -euo pipefail
cd "$(dirname "$0")/.."
ENV="${1:-dev}"
BATCHES="${BATCHES:-24}"
EVENTS="${EVENTS:-20000}"
DAYS="${DAYS:-3}"
# Small files of a small target, so that a day's partition compacts into several files, as a real day's does at 128 MiB.
TARGET_MB="${TARGET_MB:-1}"
SORT_BY="${SORT_BY:-}"
WORK="bench/work/maintenance"
RESULTS="bench/results"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
rm -rf "$WORK"
mkdir -p "$WORK/input" "$RESULTS"

CP="pipelines/target/test-classes:pipelines/target/classes:$(cat pipelines/target/test-classpath.txt)"
JAVA=(java @runners-config/jvm.options @runners-config/"$ENV"/java.options -cp "$CP")
mapfile -t SPARK_ARGS < <(grep -v '^#' runners-config/"$ENV"/spark.args | xargs -n1)

INPUT="$WORK/input"
if [ -n "${FROM_WAREHOUSE:-}" ]; then
  [ -d "$FROM_WAREHOUSE/silver/transactions/_delta_log" ] || { echo "FROM_WAREHOUSE=$FROM_WAREHOUSE holds no silver table"; exit 2; }
  echo "Measuring a copy of $FROM_WAREHOUSE (no batches run)..."
  cp -r "$FROM_WAREHOUSE" "$WORK/warehouse"
  INPUT="-" BATCHES=0 EVENTS=0 DAYS=0
fi
[ "$INPUT" = "-" ] || echo "Generating $BATCHES batches of $EVENTS events over $DAYS days into $WORK/input..."
for b in $(seq 0 $((BATCHES - 1))); do
  day=$(( b * DAYS / BATCHES + 1 ))
  end="$(date -u -d "2026-11-20 + $day days" +%Y-%m-%dT00:00:00Z)"
  "${JAVA[@]}" dev.finpipe.pipelines.generate.GenerateTransactions --count="$EVENTS" --seed=$((100 + b)) --days=1 \
    --end="$end" --duplicateRate=0.02 --invalidRate=0.01 --lateRate=0 --outOfOrderRate=0.05 \
    --output="$WORK/input/batch-$(printf %03d "$b").jsonl" > /dev/null 2>&1
done

OUT="$RESULTS/maintenance-$STAMP.json"
/usr/bin/time -v -o "$WORK/bench.time" "${JAVA[@]}" dev.finpipe.pipelines.maintenance.MaintenanceBench \
  "$INPUT" "$WORK/warehouse" "$WORK/figures.json" "$TARGET_MB" "${SORT_BY:-default}" "${SPARK_ARGS[@]}" > "$WORK/bench.log" 2>&1 \
  || { echo "the benchmark failed, see $WORK/bench.log"; tail -30 "$WORK/bench.log"; exit 1; }

python3 - "$WORK/figures.json" "$WORK/bench.time" "$OUT" "$BATCHES" "$EVENTS" "$DAYS" "$TARGET_MB" "${SORT_BY:-default}" <<'PY'
import json, os, platform, subprocess, sys
figures = json.load(open(sys.argv[1]))
rss_kb = next(int(l.split()[-1]) for l in open(sys.argv[2]) if "Maximum resident set size" in l)
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
mem = next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1]
figures["settings"] = {"batches": int(sys.argv[4]), "events_per_batch": int(sys.argv[5]), "days": int(sys.argv[6]),
                       "target_mb": int(sys.argv[7]), "silver_sort_by": sys.argv[8]}
figures["machine"] = {"cores": os.cpu_count(), "mem_gib": round(int(mem) / 1024 / 1024, 1), "java": java,
                      "os": platform.platform()}
figures["peak_rss_gib"] = round(rss_kb / 1024 / 1024, 2)
json.dump(figures, open(sys.argv[3], "w"), indent=2)
print(f"Maintenance benchmark ({figures['batches']} batches, {figures['events']} events, "
      f"{figures['machine']['cores']} cores, {figures['machine']['mem_gib']} GiB, {java}; settings {figures['settings']}); medallion "
      f"{figures['medallion_seconds']:.0f} s, optimize {figures['optimize_seconds']:.1f} s, peak RSS {figures['peak_rss_gib']} GiB")
print(f"{'table':28} {'files before':>12} {'after':>6} {'MiB before':>10} {'after':>6} {'log json':>8} {'checkpoints':>11} {'replayed':>8}")
for t, b in figures["before"]["tables"].items():
    a = figures["after"]["tables"][t]
    print(f"{t:28} {b['files']:>12} {a['files']:>6} {b['bytes']/2**20:>10.2f} {a['bytes']/2**20:>6.2f} "
          f"{a['log_commit_files']:>8} {a['checkpoints']:>11} {a['commits_after_checkpoint']:>8}")
print(f"{'query (Spark + delta-spark)':34} {'ms before':>9} {'after':>6} {'files read before':>17} {'after':>10}")
for q, b in figures["before"]["queries"].items():
    a = figures["after"]["queries"][q]
    print(f"{q:34} {b['median_ms']:>9} {a['median_ms']:>6} {str(b['files_read'])+'/'+str(b['table_files']):>17} "
          f"{str(a['files_read'])+'/'+str(a['table_files']):>10}   rows {b['rows']} = {a['rows']}")
print("written to", sys.argv[3])
PY
