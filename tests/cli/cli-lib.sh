# The common part of the command-line tests (tests/cli/run-*.sh), sourced
# after the caller has set cli_prefix, the options every run starts with:
#   cli_prefix=(-M pseries -nographic)
#   . "$(dirname "$0")/cli-lib.sh"      # with the test's "$@": PPC64LITE first
# Each run is bounded: an option that were ignored would boot the firmware and
# run forever, and a timeout (exit status 124) is a failure like any other.
set -u
emu=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
: >"$tmp/in"            # the emulator's stdin; a test may put monitor commands here

fail() {
    echo "FAIL: $*"
    echo "---- stdout ----"; cat "$tmp/out"
    echo "---- stderr ----"; cat "$tmp/err"
    failed=1
}

# run STATUS ARGS...: run the emulator, check its exit status.
run() {
    local want=$1 rc
    shift
    timeout 30 "$emu" "${cli_prefix[@]}" "$@" <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -ne "$want" ]; then
        fail "'$*': exit status $rc, expected $want"
        return 1
    fi
    return 0
}

# one_error_line TEXT: exactly "ppc64-lite: TEXT" on stderr, nothing on stdout.
one_error_line() {
    if [ "$(cat "$tmp/err")" != "ppc64-lite: $1" ]; then
        fail "expected the one error line 'ppc64-lite: $1'"
    elif [ -s "$tmp/out" ]; then
        fail "unexpected output on stdout"
    fi
}

# one_error_match REGEX: one line on stderr matching ^ppc64-lite: REGEX$, nothing on stdout.
one_error_match() {
    if [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
        fail "expected exactly one line on stderr"
    elif ! grep -qE "^ppc64-lite: $1\$" "$tmp/err"; then
        fail "the error line does not match '$1'"
    elif [ -s "$tmp/out" ]; then
        fail "unexpected output on stdout"
    fi
}

finish() {
    [ "$failed" -eq 0 ] && echo "PASS"
    exit "$failed"
}
