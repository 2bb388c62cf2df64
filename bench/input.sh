# The seeded transactions `make bench` and `make bench-peer` read, generated once per size into
# bench/work/input-<size>: one generator and one set of flags, so that both benchmarks always read the same input.
# Sourced. Usage: bench_input SIZE FILES JAVA-COMMAND...   (the java command with its class path)
bench_input() {
  local size=$1 files=$2
  shift 2
  local input="bench/work/input-$size"
  if [ ! -f "$input/.complete" ]; then
    rm -rf "$input"
    echo "Generating $size transactions into $input ($files files)..."
    "$@" dev.finpipe.pipelines.generate.GenerateTransactions --count="$size" --seed=7 --files="$files" \
      --output="$input" --duplicateRate=0.02 --invalidRate=0.01 --lateRate=0 --outOfOrderRate=0.05 2>&1 | tail -2
    touch "$input/.complete"
  fi
}
