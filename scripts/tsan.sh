#!/bin/bash
# ThreadSanitizer over the SMP tests (issue 16), by hand: builds the Tsan type
# (clang -fsanitize=thread, CMakeLists.txt) in build-tsan/ and runs, with
# -accel tcg,thread=THREAD, the bare-metal SMP guests (smp-atomic, smp-litmus,
# smt-doorbell) and the ones CI runs with thread=multi too (interrupts, smc),
# both byte orders, and two Linux boots (tests/linux/run-basic.sh): -smp 4,
# and -smp 8,threads=4, whose guest switches SMT off and on (stop-self and
# start-cpu on running neighbours). With thread=multi, also the monitor test
# (tests/guest/run-monitor.sh: info registers/tlb, x, memsave, gva2gpa and
# the rest against a guest whose two vCPUs keep running, the commands that
# read vCPU state stopping the world). It fails if any test fails or TSan
# reports anything at all (each report is a file in the log directory; the
# summary lines are printed). Guest RAM's own races are suppressed by name
# (scripts/tsan-suppressions.txt says why and which). JIT-generated code is
# not instrumented: what TSan sees is the emulator's C (helpers, devices, the
# main loop, the vCPU threads' C side).
#
#   scripts/tsan.sh                 env: TSAN_THREAD (multi; single for the
#                                   round-robin engine), TSAN_ITERS (1000000:
#                                   smp-atomic's increments per vCPU), JOBS (2)
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
thread=${TSAN_THREAD:-multi}
iters=${TSAN_ITERS:-1000000}
build=$top/build-tsan
emu=$build/ppc64-lite
guests=$build/tests/guest
g=$top/tests/guest

cmake -S "$top" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Tsan -DCMAKE_C_COMPILER=clang > /dev/null
targets=ppc64-lite
for p in smp-atomic smp-litmus smt-doorbell interrupts smc montarget; do
    targets="$targets guest-$p-le guest-$p-be"
done
# shellcheck disable=SC2086
ninja -C "$build" -j"${JOBS:-2}" --quiet $targets

logs=$(mktemp -d /tmp/tsan.XXXXXX)
accel="-accel tcg,thread=$thread"
# shellcheck disable=SC2086
if ! "$emu" $accel -M pseries,dumpdtb="$logs/probe.dtb" > "$logs/probe.out" 2>&1; then
    echo "tsan: this build refuses $accel:" >&2
    cat "$logs/probe.out" >&2
    exit 1
fi
rm -f "$logs/probe.dtb" "$logs/probe.out"

# Every report goes to a file of its own; a report also makes the process exit 66.
# The symbolizer by its full path: a PATH lookup may go through shell shims that print noise.
symbolizer=$(command -v llvm-symbolizer || true)
# Guest RAM's own races (the guest's, not the emulator's) are suppressed by name: see the file.
export TSAN_OPTIONS="halt_on_error=0 exitcode=66 second_deadlock_stack=1 log_path=$logs/report suppressions=$top/scripts/tsan-suppressions.txt${symbolizer:+ external_symbolizer_path=$symbolizer}"

failed=0
check() {
    local name=$1 start=$SECONDS
    shift
    if "$@" > "$logs/$name.out" 2>&1; then
        echo "PASS $name ($((SECONDS - start)) s)"
    else
        echo "FAIL $name ($((SECONDS - start)) s); its last lines:"
        tail -n 15 "$logs/$name.out" | sed 's/^/    /'
        failed=1
    fi
}

echo "TSan, $accel; logs in $logs"
for e in le be; do
    # shellcheck disable=SC2086
    RUN_GUEST_TIMEOUT=300 check "smp-atomic-$e" "$g/run-guest.sh" "$emu" "$guests/smp-atomic-$e.elf" \
        --expect "$g/smp-atomic.expected" -smp 8 $accel -append "cpus=8 iters=$iters timeout=280"
    # shellcheck disable=SC2086
    RUN_GUEST_TIMEOUT=300 check "smp-litmus-$e" "$g/run-guest.sh" "$emu" "$guests/smp-litmus-$e.elf" \
        --expect "$g/smp-litmus.expected" -smp 2 $accel -append "rounds=64 timeout=60"
    # shellcheck disable=SC2086
    RUN_GUEST_TIMEOUT=300 check "smt-doorbell-$e" "$g/run-guest.sh" "$emu" "$guests/smt-doorbell-$e.elf" \
        --expect "$g/smt-doorbell.expected" -smp 2,threads=2 $accel
    for p in interrupts smc; do
        # shellcheck disable=SC2086
        RUN_GUEST_TIMEOUT=300 check "$p-$e" "$g/run-guest.sh" "$emu" "$guests/$p-$e.elf" \
            --expect "$g/$p.expected" $accel
    done
done
if [ "$thread" = multi ]; then
    for e in le be; do
        check "monitor-$e" "$g/run-monitor.sh" "$emu" "$guests/montarget-$e.elf" powerpc64le-linux-gnu-nm
    done
fi
RUN_BASIC_ARGS="$accel" check linux-smp4 "$top/tests/linux/run-basic.sh" "$emu" 4 512
check linux-smp8-threads4 "$top/tests/linux/run-basic.sh" "$emu" 8 1024 4 "tcg,thread=$thread"

reports=$(find "$logs" -name 'report*' | wc -l)
if [ "$reports" -gt 0 ]; then
    echo "TSan reports: $reports"
    grep -h '^SUMMARY: ThreadSanitizer' "$logs"/report* | sort | uniq -c | sort -rn | head -n 20
    failed=1
else
    echo "TSan reports: none"
fi
[ "$failed" -eq 0 ] && rm -rf "$logs"
exit "$failed"
