#!/bin/sh
# Run fuzz targets one after another, each for SECONDS, and print one table row per run:
#   tests/fuzz/run-all.sh SECONDS [TARGET...]       (default: every target)
# Each run's full libFuzzer output goes to build-fuzz/fuzz-work/TARGET/last-run.log. libFuzzer
# runs in fork mode and keeps going after a finding (-fork=1 -ignore_crashes=1 ...), so a run
# always lasts SECONDS and collects every finding in build-fuzz/fuzz-work/TARGET/artifacts/.
# The rows are what README.md's fuzzing table records: start, wall time, executions, and the
# crashes/timeouts/OOMs with the artifacts written during the run. Runs under `nice -n 10`: the
# machine is shared. Exit status: the number of runs with a finding.
set -u
[ $# -ge 1 ] || { echo "usage: $0 SECONDS [TARGET...]" >&2; exit 2; }
seconds=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
targets=${*:-$(sed -n 's/^set(FUZZ_TARGETS \(.*\))$/\1/p' "$here/CMakeLists.txt")}
findings=0

for t in $targets; do
    start=$(date +%s)
    mkdir -p "$build/fuzz-work/$t"
    log=$build/fuzz-work/$t/last-run.log
    stamp=$build/fuzz-work/$t/.run-start
    touch "$stamp"
    nice -n 10 "$here/run.sh" "$t" "$seconds" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 \
        -ignore_ooms=1 >"$log" 2>&1
    rc=$?
    took=$(( $(date +%s) - start ))
    # Fork mode's progress lines: "#EXECS: cov: ... oom/timeout/crash: O/T/C time: ...".
    last=$(grep '^#[0-9]*: cov:' "$log" | tail -n 1)
    execs=$(printf '%s' "$last" | sed -n 's/^#\([0-9]*\):.*/\1/p')
    otc=$(printf '%s' "$last" | sed -n 's/.*oom\/timeout\/crash: \([0-9/]*\).*/\1/p')
    new=$(find "$build/fuzz-work/$t/artifacts" -type f -newer "$stamp" | sed 's|.*/||' | tr '\n' ' ')
    if [ "$rc" -eq 0 ] && [ -z "$new" ]; then
        result="none (oom/timeout/crash ${otc:-0/0/0})"
    else
        findings=$((findings + 1))
        result="exit $rc, oom/timeout/crash ${otc:-?}: $new"
    fi
    echo "| $t | $(date -u -d "@$start" '+%Y-%m-%d %H:%M') | ${took} s | ${execs:-?} | $result |"
done
exit "$findings"
