#!/usr/bin/env bash
# `make cluster-test`: the bundled jar on a real Spark standalone cluster, compared with a local run.
#
# Starts a Spark master and CLUSTER_WORKERS workers (1 core each) on 127.0.0.1 from the Spark distribution's jars as
# Maven Central has them (spark-cluster/target/classpath.txt, linked into a SPARK_HOME/jars the workers launch their
# executors from), submits bronze (BronzeFromFiles), silver (BronzeToSilver) and gold (SilverToGold) with
# SparkSubmit in client mode on CLUSTER_TEST_COUNT generated transactions, checks in the master's JSON that the three
# applications ran under their own names and finished, and in the workers' executor logs that every application ran
# tasks on executors and every worker ran some; then submits the three stages again (exactly once: no table may
# change), runs the same input through RunMedallion locally, and compares all five tables row for row
# (CompareWarehouses). Every process it starts is recorded and stopped on exit, also on failure or Ctrl-C.
#
# Settings (environment): CLUSTER_TEST_DIR (work folder, default target/cluster-test; wiped first),
# CLUSTER_TEST_COUNT (20000), CLUSTER_WORKERS (2), CLUSTER_EXECUTOR_MEMORY (1g), CLUSTER_START_TIMEOUT (90 s).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=${CLUSTER_TEST_DIR:-$ROOT/target/cluster-test}
case "$WORK" in /*) ;; *) WORK="$ROOT/$WORK" ;; esac
COUNT=${CLUSTER_TEST_COUNT:-20000}
WORKERS=${CLUSTER_WORKERS:-2}
EXECUTOR_MEMORY=${CLUSTER_EXECUTOR_MEMORY:-1g}
START_TIMEOUT=${CLUSTER_START_TIMEOUT:-90}

JAR="$ROOT/pipelines/target/finpipe-pipelines-bundled.jar"
SPARK_CLASSPATH_FILE="$ROOT/spark-cluster/target/classpath.txt"
PIPELINES_CLASSPATH_FILE="$ROOT/pipelines/target/classpath.txt"
JVM_OPTIONS=$(grep -v '^#' "$ROOT/runners-config/jvm.options" | xargs)

die() { echo "cluster-test: $*" >&2; exit 1; }
log() { echo "[cluster-test $(date -u +%T)] $*"; }

for f in "$JAR" "$SPARK_CLASSPATH_FILE" "$PIPELINES_CLASSPATH_FILE"; do
  [ -s "$f" ] || die "$f is missing: build first (mvn -B -q install -DskipTests, or make build)"
done
command -v curl >/dev/null || die "curl is missing (apt-get install curl)"

PIDS=()
stop_all() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  done
  [ ${#PIDS[@]} -eq 0 ] || log "stopped ${#PIDS[@]} processes (${PIDS[*]})"
  [ $status -eq 0 ] || echo "cluster-test: FAILED (logs in $WORK/logs)" >&2
  exit $status
}
trap stop_all EXIT
trap 'exit 130' INT TERM

rm -rf "$WORK"
mkdir -p "$WORK/spark-home/jars" "$WORK/logs" "$WORK/input"
# The workers build their executors' command line from $SPARK_HOME/jars/*, as in a distribution.
tr ':' '\n' < "$SPARK_CLASSPATH_FILE" | while read -r jar || [ -n "$jar" ]; do ln -s "$jar" "$WORK/spark-home/jars/"; done
[ "$(ls "$WORK/spark-home/jars" | wc -l)" -eq "$(tr ':' '\n' < "$SPARK_CLASSPATH_FILE" | grep -c .)" ] || die "could not link every Spark jar"
export SPARK_HOME="$WORK/spark-home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
SPARK_JAVA=(java $JVM_OPTIONS -cp "$SPARK_HOME/jars/*")
PIPELINES_JAVA=(java $JVM_OPTIONS -cp "$ROOT/pipelines/target/classes:$(cat "$PIPELINES_CLASSPATH_FILE")")

read -r MASTER_PORT < <(bash scripts/kafka.sh free-port)
MASTER_UI_PORT=$((MASTER_PORT + 1))
read -r WORKER_UI_PORT < <(bash scripts/kafka.sh free-port)
MASTER="spark://127.0.0.1:$MASTER_PORT"
MASTER_JSON="http://127.0.0.1:$MASTER_UI_PORT/json/"

master_json() { curl -sf "$MASTER_JSON"; }
await() { # description, command...
  local what=$1; shift
  for _ in $(seq 1 $((START_TIMEOUT * 2))); do "$@" && return 0; sleep 0.5; done
  die "timed out after ${START_TIMEOUT}s waiting for $what"
}
alive_workers() { master_json | tr -d '\n' | grep -o '"aliveworkers" *: *[0-9]*' | grep -o '[0-9]*$'; }
enough_workers() { [ "$(alive_workers)" -ge "$WORKERS" ] 2>/dev/null; }

log "starting the master on $MASTER (UI $MASTER_UI_PORT)"
"${SPARK_JAVA[@]}" -Xmx256m org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_UI_PORT" > "$WORK/logs/master.log" 2>&1 &
PIDS+=($!)
await "the master" master_json > /dev/null
for i in $(seq 1 "$WORKERS"); do
  "${SPARK_JAVA[@]}" -Xmx256m org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores 1 --memory 2g --work-dir "$WORK/worker-$i" --webui-port $((WORKER_UI_PORT + i - 1)) \
    "$MASTER" > "$WORK/logs/worker-$i.log" 2>&1 &
  PIDS+=($!)
done
await "$WORKERS workers to register" enough_workers
log "$WORKERS workers registered"

INPUT="$WORK/input/batch-7.jsonl"
"${PIPELINES_JAVA[@]}" dev.finpipe.pipelines.generate.GenerateTransactions --count="$COUNT" --seed=7 \
  --output="$INPUT" > "$WORK/logs/generate.log" 2>&1 || die "generate failed (logs/generate.log)"

CLUSTER_WAREHOUSE="$WORK/warehouse-cluster"
submit() { # log name, main class, stage options...
  local name=$1 class=$2; shift 2
  local start=$SECONDS
  "${SPARK_JAVA[@]}" -Xmx1g org.apache.spark.deploy.SparkSubmit \
    --master "$MASTER" --deploy-mode client --class "$class" --name "submitted-as-$name" \
    --total-executor-cores "$WORKERS" --executor-cores 1 --executor-memory "$EXECUTOR_MEMORY" \
    --conf spark.ui.enabled=false --conf spark.driver.host=127.0.0.1 \
    --conf "spark.executor.extraJavaOptions=$JVM_OPTIONS" \
    "$JAR" --runner=SparkRunner --storageLevel=MEMORY_AND_DISK_SER --warehouse="$CLUSTER_WAREHOUSE" "$@" \
    > "$WORK/logs/$name.log" 2>&1 || die "$name failed on the cluster (logs/$name.log): $(grep -m1 FAILED "$WORK/logs/$name.log")"
  log "$name done on the cluster in $((SECONDS - start)) s"
}

submit bronze dev.finpipe.pipelines.bronze.BronzeFromFiles --input="$WORK/input/*.jsonl"
submit silver dev.finpipe.pipelines.silver.BronzeToSilver
submit gold dev.finpipe.pipelines.gold.SilverToGold

# Every application finished under its stage's name (not the --name given to spark-submit, nor "StageMain").
APPS=$(master_json | tr -d '\n' | grep -o '"completedapps" *: *\[.*' || true)
for stage in bronze silver gold; do
  app_id=$(echo "$APPS" | grep -o "\"id\" *: *\"app-[^\"]*\"[^}]*\"name\" *: *\"finpipe-$stage\"" | grep -o 'app-[0-9-]*' | head -1)
  [ -n "$app_id" ] || die "the master lists no completed application named finpipe-$stage: $APPS"
  echo "$APPS" | grep -q "\"id\" *: *\"$app_id\"[^}]*\"state\" *: *\"FINISHED\"" || die "$app_id (finpipe-$stage) did not finish"
  tasks=0
  for i in $(seq 1 "$WORKERS"); do
    n=$(cat "$WORK/worker-$i/$app_id"/*/stderr 2>/dev/null | grep -c 'Finished task' || true)
    tasks=$((tasks + n))
    echo "$n" >> "$WORK/tasks-worker-$i"
  done
  [ "$tasks" -gt 0 ] || die "finpipe-$stage ($app_id) ran no task on an executor"
  log "finpipe-$stage ($app_id) finished, $tasks tasks on executors"
done
for i in $(seq 1 "$WORKERS"); do
  n=0; while read -r c; do n=$((n + c)); done < "$WORK/tasks-worker-$i"
  [ "$n" -gt 0 ] || die "worker $i ran no task"
  log "worker $i ran $n tasks"
done

# Exactly once: the same stages again commit nothing, so no table changes.
"${PIPELINES_JAVA[@]}" dev.finpipe.pipelines.medallion.ShowTables --warehouse="$CLUSTER_WAREHOUSE" > "$WORK/tables-before.txt"
submit bronze-again dev.finpipe.pipelines.bronze.BronzeFromFiles --input="$WORK/input/*.jsonl"
submit silver-again dev.finpipe.pipelines.silver.BronzeToSilver
submit gold-again dev.finpipe.pipelines.gold.SilverToGold
"${PIPELINES_JAVA[@]}" dev.finpipe.pipelines.medallion.ShowTables --warehouse="$CLUSTER_WAREHOUSE" > "$WORK/tables-after.txt"
diff "$WORK/tables-before.txt" "$WORK/tables-after.txt" || die "the second submission of the stages changed the tables"
log "second submission committed nothing"

# The same input locally (the medallion, Spark local mode), then every table compared row for row.
start=$SECONDS
"${PIPELINES_JAVA[@]}" dev.finpipe.pipelines.medallion.RunMedallion $(grep -v '^#' runners-config/dev/spark.args | xargs) \
  --input="$WORK/input/*.jsonl" --warehouse="$WORK/warehouse-local" > "$WORK/logs/local.log" 2>&1 \
  || die "the local medallion failed (logs/local.log)"
log "local medallion done in $((SECONDS - start)) s"
"${PIPELINES_JAVA[@]}" dev.finpipe.pipelines.medallion.CompareWarehouses \
  --warehouse="$CLUSTER_WAREHOUSE" --expected="$WORK/warehouse-local" 2>&1 | tee "$WORK/compare.txt"
log "PASSED: the bundled jar on a $WORKERS-worker standalone cluster gives the tables of a local run"
