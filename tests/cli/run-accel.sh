#!/bin/bash
# -accel through the real binary: the engine is looked up among those built
# in (core/registry.c) and takes its own options (tcg: jit=on|off); the
# help form lists the engines, a bad name or option is one error line and
# exit status 1, and `info jit` (the engine's monitor topic) shows the
# jit setting took effect.
#   run-accel.sh PPC64LITE
set -u
emu=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0

fail() {
    echo "FAIL: $*"
    echo "---- stdout ----"; cat "$tmp/out"
    echo "---- stderr ----"; cat "$tmp/err"
    failed=1
}

# run STATUS ARGS...: run the emulator (stdin from $tmp/in), check its exit status.
run() {
    local want=$1 rc
    shift
    timeout 30 "$emu" -M pseries "$@" <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        fail "'$*': exit status $rc, expected $want"
        return 1
    fi
    return 0
}

one_error_line() {
    if [ "$(cat "$tmp/err")" != "ppc64-lite: $1" ]; then
        fail "expected the one error line 'ppc64-lite: $1'"
    elif [ -s "$tmp/out" ]; then
        fail "unexpected output on stdout"
    fi
}

: >"$tmp/in"
if run 0 -accel help; then
    if [ "$(cat "$tmp/out")" != "$(printf 'Accelerators supported in this build:\ntcg')" ]; then
        fail "-accel help: expected the heading and tcg"
    fi
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
if run 1 -nographic -accel tcg,jit=maybe; then
    one_error_line "-accel: jit must be on or off, not 'maybe'"
fi
if run 1 -nographic -accel tcg,thread=multi; then
    one_error_line "-accel: invalid parameter 'thread'"
fi
if run 1 -nographic -enable-kvm; then
    one_error_line "-enable-kvm: KVM is not supported (only tcg)"
fi

# jit=off reaches the engine; on an x86-64 host native code is the default.
printf 'info jit\nquit\n' >"$tmp/in"
check_jit() {
    local want=$1
    shift
    if run 0 -monitor stdio -serial null "$@"; then
        if ! tr -d '\r' <"$tmp/out" | grep -qE "^native code +$want\$"; then
            fail "'$*': info jit does not say 'native code $want'"
        fi
    fi
}
check_jit off -accel tcg,jit=off
check_jit off -M accel=tcg -accel jit=off
if [ "$(uname -m)" = x86_64 ]; then
    check_jit on
    check_jit on -accel tcg,jit=on
fi

[ "$failed" -eq 0 ] && echo "PASS"
exit "$failed"
