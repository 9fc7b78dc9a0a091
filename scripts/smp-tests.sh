#!/bin/bash
# Issue 16's bare-metal SMP tests at their full size, by hand (ctest runs them
# shorter): smp-atomic with 8 vCPUs x 10,000,000 increments per counter and
# smp-litmus with 320 rounds of 1,024 instances, both byte orders, for each
# accelerator mode.
# Prints each run's figures ("# " lines: time, failed stcx., litmus outcome
# counts) and PASS/FAIL; exits 1 if any run failed.
#
#   scripts/smp-tests.sh [BUILD]    default: build (needs ppc64-lite and tests/guest built)
#   env: SMP_THREADS ("single multi"), SMP_ITERS (10000000), SMP_ROUNDS (320)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
emu=$build/ppc64-lite
g=$top/tests/guest
iters=${SMP_ITERS:-10000000}
rounds=${SMP_ROUNDS:-320}
failed=0

[ -x "$emu" ] || { echo "smp-tests: $emu is not built" >&2; exit 1; }
run() {
    local name=$1 start=$SECONDS
    shift
    echo "== $name"
    if RUN_GUEST_TIMEOUT=600 "$g/run-guest.sh" "$@"; then
        echo "   ($((SECONDS - start)) s)"
    else
        failed=1
    fi
}

echo "load average $(cut -d' ' -f1-3 /proc/loadavg)"
for t in ${SMP_THREADS:-single multi}; do
    for e in le be; do
        run "smp-atomic-$e thread=$t" "$emu" "$build/tests/guest/smp-atomic-$e.elf" \
            --expect "$g/smp-atomic.expected" -smp 8 -accel "tcg,thread=$t" \
            -append "cpus=8 iters=$iters timeout=580"
        run "smp-litmus-$e thread=$t" "$emu" "$build/tests/guest/smp-litmus-$e.elf" \
            --expect "$g/smp-litmus.expected" -smp 2 -accel "tcg,thread=$t" \
            -append "rounds=$rounds timeout=60"
    done
done
exit "$failed"
