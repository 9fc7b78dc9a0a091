#!/bin/bash
# -accel through the real binary: the engine is looked up among those built
# in (core/registry.c) and takes its own options (tcg: jit=on|off); the
# help form lists the engines, a bad name or option is one error line and
# exit status 1, and `info jit` (the engine's monitor topic) shows the
# jit setting took effect.
#   run-accel.sh PPC64LITE [DEFAULT-THREAD-MODE]    (single or multi: the build's default)
cli_prefix=(-M pseries)
. "$(dirname "$0")/cli-lib.sh"


: >"$tmp/in"
if run 0 -accel help; then
    if [ "$(cat "$tmp/out")" != "$(printf 'Accelerators supported in this build:\ntcg')" ]; then
        fail "-accel help: expected the heading and tcg"
    fi
fi
# -accel tcg,help: the engine's options, each with its values, then exit 0.
if run 0 -accel tcg,help; then
    for want in "^tcg options:" "^  thread=single[|]multi " "^  tb-size=MiB " "^  jit=on[|]off " "^  jit-threshold=N "; do
        grep -q "$want" "$tmp/out" || fail "-accel tcg,help: no line matching '$want'"
    done
fi
for a in kvm "kvm,jit=on" "accel=hvf"; do
    name=${a%%,*}; name=${name#accel=}
    if run 1 -nographic -accel "$a"; then
        one_error_line "-accel: accelerator '$name' is not supported (use -accel help)"
    fi
done
if run 1 -nographic -machine pseries,accel=kvm; then
    one_error_line "-accel: accelerator 'kvm' is not supported (use -accel help)"
fi
# -machine accel= takes QEMU's list to try in turn, with QEMU's words for what it skips.
if run 0 -nographic -M "pseries,accel=kvm:tcg,dumpdtb=$tmp/t.dtb"; then
    if [ "$(head -2 "$tmp/err")" != "$(printf 'ppc64-lite: invalid accelerator kvm\nppc64-lite: falling back to tcg')" ]; then
        fail "accel=kvm:tcg: expected QEMU's two lines on stderr"
    fi
fi
if run 1 -nographic -M pseries,accel=kvm:hvf; then
    if [ "$(head -2 "$tmp/err")" != "$(printf 'ppc64-lite: invalid accelerator kvm\nppc64-lite: invalid accelerator hvf')" ]; then
        fail "accel=kvm:hvf: expected each accelerator named as invalid"
    fi
fi
if run 1 -nographic -accel kvm:tcg; then
    one_error_line "-accel: accelerator 'kvm:tcg' is not supported (use -accel help)"
fi
if run 1 -nographic -accel tcg,jit=maybe; then
    one_error_line "-accel: jit must be on or off, not 'maybe'"
fi
# host_threads ARGS...: the emulator's host threads with -smp 4 (stopped, -S) once its main
# loop answers the monitor (vCPU threads start before it), or "-" if it never answers.
host_threads() {
    local pid n=-
    rm -f "$tmp/fifo"
    mkfifo "$tmp/fifo"
    "$emu" "${cli_prefix[@]}" -smp 4 -S -display none -serial null -monitor stdio "$@" \
        <"$tmp/fifo" >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    exec 4>"$tmp/fifo"
    echo 'info version' >&4
    for _ in $(seq 400); do
        if tr -d '\r' <"$tmp/out" | grep -q '^ppc64-lite [0-9.]*$'; then
            n=$(ls "/proc/$pid/task" | wc -l)
            break
        fi
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    echo quit >&4
    exec 4>&-
    [ "$n" != - ] || kill "$pid" 2>/dev/null
    wait "$pid"
    echo "$n"
}
# thread=multi runs a host thread per vCPU, thread=single none; with neither, the build's
# default (PPC64LITE_TCG_THREAD, the second argument), but -icount implies single (QEMU 7.2).
if [ -n "${2:-}" ]; then
    one=$(host_threads -accel tcg,thread=single)
    [ "$one" != - ] || fail "thread=single: no monitor reply"
    for a in "multi:-accel tcg,thread=multi" "$2:" "$2:-accel tcg" "$2:-accel tcg,jit=on" \
             "single:-icount 3" "single:-accel tcg -icount 3" "single:-icount 3 -accel tcg,thread=single"; do
        want=${a%%:*} args=${a#*:}
        # shellcheck disable=SC2086
        n=$(host_threads $args)
        if [ "$n" = - ]; then
            fail "'$args': no monitor reply"
        elif [ "$want" = multi ] && [ "$((n - one))" -ne 4 ]; then
            fail "'$args': $n host threads, thread=single has $one: not one more per vCPU"
        elif [ "$want" = single ] && [ "$n" -ne "$one" ]; then
            fail "'$args': $n host threads, thread=single has $one"
        fi
    done
fi
# -icount counts instructions deterministically, on one thread only (QEMU's rule and words).
if run 1 -nographic -icount 3 -accel tcg,thread=multi; then
    one_error_line "-accel tcg: No MTTCG when icount is enabled"
fi
if run 1 -nographic -accel tcg,thread=many; then
    one_error_line "-accel: thread must be single or multi, not 'many'"
fi
if run 1 -nographic -accel tcg,tb-size=lots; then
    one_error_line "-accel: tb-size must be a number of MiB from 0 to 1024, not 'lots'"
fi
if run 1 -nographic -accel tcg,tb-size=2048; then
    one_error_line "-accel: tb-size must be a number of MiB from 0 to 1024, not '2048'"
fi
for v in lots 1001 -1 ""; do
    if run 1 -nographic -accel tcg,jit-threshold=$v; then
        one_error_line "-accel: jit-threshold must be a number of runs from 0 to 1000, not '$v'"
    fi
done
if run 1 -nographic -accel tcg,bogus=1; then
    one_error_line "-accel: invalid parameter 'bogus' (valid: jit, thread, tb-size, jit-threshold)"
fi
if run 1 -nographic -enable-kvm; then
    one_error_line "-enable-kvm: KVM is not supported (only tcg)"
fi

# jit=off reaches the engine; on an x86-64 host native code is the default.
printf 'info jit\nquit\n' >"$tmp/in"
# info_jit_says LINE-PATTERN WHAT ARGS...: a run with ARGS whose "info jit" has a line matching.
info_jit_says() {
    local pattern=$1 what=$2
    shift 2
    if run 0 -monitor stdio -serial null "$@"; then
        if ! tr -d '\r' <"$tmp/out" | grep -qE "$pattern"; then
            fail "'$*': info jit does not say '$what'"
        fi
    fi
}
check_jit() {
    local want=$1
    shift
    info_jit_says "^native code +$want\$" "native code $want" "$@"
}
check_jit off -accel tcg,jit=off
check_jit off -M accel=tcg -accel jit=off
check_jit off -accel tcg,thread=single,tb-size=16,jit=off
# One host thread per vCPU: the monitor answers and quit ends the threads.
check_jit off -accel tcg,thread=multi,jit=off -smp 4
# jit-threshold reaches the engine: the default, and one given.
check_threshold() {
    local want=$1
    shift
    info_jit_says "^jit threshold +$want interpreted runs" "jit threshold $want" "$@"
}
check_threshold 8
check_threshold 0 -accel tcg,jit-threshold=0
check_threshold 1000 -accel tcg,thread=single,jit-threshold=1000
if [ "$(uname -m)" = x86_64 ]; then
    check_jit on
    check_jit on -accel tcg,jit=on
    # tb-size bounds translation memory; a guest runs with a small one.
    check_jit on -accel tcg,thread=single,tb-size=8
    check_jit on -accel tcg,thread=multi -smp 2
fi

finish
