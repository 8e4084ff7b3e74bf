#!/bin/sh
# Runs fuzz targets of the `fuzz` preset one after another, each for SECONDS, on its corpus
# (fuzz/seed_corpus.sh seeds it; new inputs libFuzzer finds are added to it). A crash stops
# the run: the input is under build/fuzz/artifacts/<target>/; keep it in
# tests/data/regressions/<target>/ with the fix (docs/reliability.md "Fuzzing").
#   fuzz/run.sh SECONDS TARGET...
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
seconds=$1
shift
build="$root/build/fuzz"
for t in "$@"; do
    mkdir -p "$build/artifacts/$t" "$build/logs" "$build/corpus/$t"
    echo "fuzz_$t: $seconds s (log: $build/logs/$t.log)"
    "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=30 \
        -print_final_stats=1 -artifact_prefix="$build/artifacts/$t/" \
        $( [ -f "$root/fuzz/dicts/$t.dict" ] && echo "-dict=$root/fuzz/dicts/$t.dict" ) \
        "$build/corpus/$t" > "$build/logs/$t.log" 2>&1 || {
        tail -n 40 "$build/logs/$t.log"
        echo "fuzz_$t stopped with an error (a crash: see $build/artifacts/$t/)" >&2
        exit 1
    }
    grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec' \
        "$build/logs/$t.log" || true
done
