# Shared by the scripts that run the continuous stages on a broker of their own (bench/kafka.sh, bench/chaos.sh).
# Sourced; expects ENV, WORK, LOGS, PIDS and KAFKA (the scripts/kafka.sh command of the script's broker) to be set.

# The streaming targets of make/streaming.mk and make/kafka.mk, on this broker and this work dir. The classpath was
# built by `make bench-kafka` (-o: never rebuild it here), and the caller's make settings are not inherited.
submake() {
  env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make --no-print-directory -o pipelines/target/classpath.txt "$@" \
    ENV="$ENV" LOG_DIR="$LOGS" PID_DIR="$PIDS" METRICS=off DOMAIN=transactions
  # no fixed metrics ports (a user's stream may hold them); one domain, since the scripts name its topic

}

# Stops the processes the targets recorded in $PIDS (SIGTERM: the current batch finishes or is abandoned cleanly),
# SIGKILL after 60 s. Like `make kill-all`, but leaves any tmux session alone and skips recycled pids.
stop_recorded() {
  local f pid alive
  for f in "$PIDS"/*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if grep -qs dev.finpipe "/proc/$pid/cmdline"; then kill -TERM "$pid" 2>/dev/null || true; else rm -f "$f"; fi
  done
  for _ in $(seq 1 60); do
    alive=0
    for f in "$PIDS"/*.pid; do [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 1
  done
  for f in "$PIDS"/*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    grep -qs dev.finpipe "/proc/$pid/cmdline" && { echo "killing $(basename "$f" .pid) (pid $pid)"; kill -KILL "$pid"; }
    rm -f "$f"
  done
}


# A fresh work dir, with the cleanup trap set: a previous run that was killed -9 may have left its broker or stages
# behind, so they are stopped before the dir is wiped. On exit (also on failure or Ctrl-C) the recorded stages and
# the broker are stopped. $1 names the script in its failure message.
fresh_work_dir() {
  if [ -d "$WORK" ]; then
    stop_recorded
    env KAFKA_DIR="$WORK/kafka" KAFKA_LOG=/dev/null bash scripts/kafka.sh down > /dev/null || true
  fi
  rm -rf "$WORK"
  mkdir -p "$LOGS" "$PIDS"
  CLEANUP_NAME=$1
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  # Background jobs (a producer) and the programs they run: killing a job's subshell alone would orphan its java.
  local jobs_left
  jobs_left=$(jobs -p | paste -sd, -)
  if [ -n "$jobs_left" ]; then
    pkill -TERM -P "$jobs_left" 2>/dev/null || true
    kill ${jobs_left//,/ } 2>/dev/null || true
  fi
  stop_recorded
  "${KAFKA[@]}" down > /dev/null || true
  [ "$rc" = 0 ] || echo "$CLEANUP_NAME failed (exit $rc); logs in $LOGS" >&2
  exit "$rc"
}
