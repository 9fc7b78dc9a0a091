#!/bin/bash
# Hotplug soak with the built-in firmware as the guest (issue 14, item 4).
# The firmware's PAPR hotplug client (bios/hotplug.c) serves one
# device_add/device_del cycle after another; this script feeds the monitor
# (-monitor-script from a FIFO) CYCLES cycles of
#     device_add e1000 -> the firmware configures it -> device_del ->
#     the firmware isolates it -> DEVICE_DELETED
# and reads the emulator's resident set size (VmRSS) before the first cycle,
# after half of them and after all of them. It fails unless every cycle
# completes, the run ends with exit status 0 and nothing on stderr from the
# sanitizers (an ASan+UBSan build checks leaks at exit: LeakSanitizer), and
# RSS after all cycles is within 5% of RSS after the first half (growth per
# cycle would show there; the first half includes one-time warm-up).
# The console goes to a file of its own (-serial file:), the monitor's echo to
# stdout: with the vCPU on a thread of its own (thread=multi) the firmware
# prints while the monitor echoes, and one stream would mix their lines.
#   soak-firmware.sh PPC64LITE [CYCLES]        (CYCLES defaults to 1000)
# Run by hand on the ASan build for the README's figures:
#   nice scripts/soak-firmware.sh build-asan/ppc64-lite 1000
# ctest runs it on 100 cycles (bios/soak-firmware-100).
set -u
emu=${1:?usage: soak-firmware.sh PPC64LITE [CYCLES]}
cycles=${2:-1000}
[ "$cycles" -ge 2 ] 2>/dev/null || { echo "CYCLES must be a number >= 2"; exit 2; }
half=$((cycles / 2))
split_stderr=1
. "$(dirname "$0")/../tests/monitor-lib.sh"
fail() {
    echo "FAIL: $*"
    echo "---- last console lines ----"
    tr -d '\r' <"$tmp/con" | tail -20
    echo "---- monitor ----"
    tr -d '\r' <"$tmp/out" | tail -10
    echo "---- stderr ----"
    head -40 "$tmp/err"
    exit 1
}

# The console line a cycle ends with: the first cycle prints the full protocol.
done_line() {
    if [ "$1" -eq 1 ]; then
        echo "^Hotplug: unplug complete, the slot is empty"
    else
        echo "^Hotplug: cycle $1: unplug complete, the slot is empty"
    fi
}

wait_for() {
    local pattern=$1 what=$2
    for _ in $(seq 2400); do
        tr -d '\r' <"$tmp/con" | grep -q "$pattern" && return 0
        kill -0 "$emu_pid" 2>/dev/null || fail "the emulator exited while waiting for $what"
        sleep 0.05
    done
    fail "no $what within 120 s"
}

rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$emu_pid/status"; }

emit_cycles() {
    local from=$1 to=$2
    for ((i = from; i <= to; i++)); do
        printf '%s\n' "device_add e1000,id=nic0,netdev=n0,addr=3" \
            'wait-console "configured;" 30' \
            'device_del nic0' \
            'wait-event DEVICE_DELETED nic0 30' \
            'wait-console "unplug complete" 30' >&3
    done
}

# Under ASan, freed memory waits in a quarantine (256 MB by default) to catch
# use-after-free; it would show as RSS growth that is no leak. With it off,
# RSS is live memory; LeakSanitizer still checks every allocation at exit.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"

touch "$tmp/con"
monitor_start -M pseries -nographic -netdev user,id=n0 -serial "file:$tmp/con" -monitor-script -
start=$(date +%s)

echo 'wait-console "ready for hotplug" 30' >&3
wait_for "^Hotplug: ready for hotplug" "ready line from the firmware"
rss0=$(rss_kb)
echo "cycle 0: RSS $rss0 kB"
emit_cycles 1 "$half"
wait_for "$(done_line "$half")" "end of cycle $half"
rss1=$(rss_kb)
echo "cycle $half: RSS $rss1 kB"
emit_cycles $((half + 1)) "$cycles"
wait_for "$(done_line "$cycles")" "end of cycle $cycles"
rss2=$(rss_kb)
echo "cycle $cycles: RSS $rss2 kB"
echo quit >&3
exec 3>&-
status=0
wait "$emu_pid" || status=$?
emu_pid=
secs=$(($(date +%s) - start))

[ "$status" -eq 0 ] || fail "exit status $status"
n=$(tr -d '\r' <"$tmp/con" | grep -c "unplug complete, the slot is empty$")
[ "$n" -eq "$cycles" ] || fail "$n cycles completed, not $cycles"
! grep -qE "LeakSanitizer|AddressSanitizer|runtime error" "$tmp/err" || fail "sanitizer report"
growth=$(awk -v a="$rss1" -v b="$rss2" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
total=$(awk -v a="$rss0" -v b="$rss2" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
echo "$cycles cycles in $secs s; RSS growth cycle $half -> $cycles: $growth%; cycle 0 -> $cycles: $total%"
awk -v g="$growth" 'BEGIN { exit !(g <= 5.0) }' || fail "RSS grew $growth% from cycle $half to $cycles"
echo PASS
