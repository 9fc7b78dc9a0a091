# Driving the human monitor of a running ppc64-lite from a bash test, one
# command at a time (tests/guest/run-monitor.sh, tests/cli/run-hotplug.sh;
# scripts/soak-firmware.sh uses its start-up and clean-up only).
# Source it after setting emu (the binary) and defining fail MESSAGE (which
# prints what the test wants to show and exits 1); then
#   monitor_start ARGS...    run "$emu" ARGS... with the monitor on stdio (its
#                            stdin is the FIFO $tmp/in, fd 3 here; stdout is $tmp/out
#                            and stderr joins it, or goes to $tmp/err if split_stderr=1)
#   mon CMD                  run one command; its reply is in $tmp/reply
#   expect REGEX [WHAT]      the last reply has a line matching REGEX
# Each command is followed by `info version`, whose reply line marks the end
# of the command's reply. The markers are counted in the output itself, never
# in a variable: a test may call mon inside $(...), whose variables its caller
# never sees.
tmp=$(mktemp -d)
emu_pid=
cleanup() {
    exec 3>&- 2>/dev/null
    if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
        kill "$emu_pid" 2>/dev/null
        wait "$emu_pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

monitor_start() {
    mkfifo "$tmp/in"
    touch "$tmp/out"
    if [ "${split_stderr:-0}" = 1 ]; then
        "$emu" "$@" <"$tmp/in" >"$tmp/out" 2>"$tmp/err" &
    else
        "$emu" "$@" <"$tmp/in" >"$tmp/out" 2>&1 &
    fi
    emu_pid=$!
    exec 3>"$tmp/in"
}

markers() { tr -d '\r' <"$tmp/out" | grep -c '^ppc64-lite [0-9.]*$'; }

mon() {
    local start want
    start=$(wc -c <"$tmp/out")
    want=$(($(markers) + 1))
    printf '%s\ninfo version\n' "$1" >&3
    for _ in $(seq 1500); do
        [ "$(markers)" -ge "$want" ] && break
        kill -0 "$emu_pid" 2>/dev/null || fail "the emulator exited during '$1'"
        sleep 0.02
    done
    [ "$(markers)" -ge "$want" ] || fail "no reply to '$1'"
    tail -c +$((start + 1)) "$tmp/out" | tr -d '\r' | sed '/^ppc64-lite [0-9.]*$/,$d' >"$tmp/reply"
}

expect() {
    grep -Eq -- "$1" "$tmp/reply" || fail "${2:-reply} lacks /$1/: $(cat "$tmp/reply")"
}
