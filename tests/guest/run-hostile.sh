#!/bin/bash
# The hostile guest (hostile.c) on ppc64-lite, driven by a monitor script:
# after every act the guest prints "HOSTILE ACT: alive" and the monitor must
# answer `info status` while the guest runs on; during the interrupt storm it
# must answer `info status` and `info registers` and then type at the
# console, which is what ends the storm; for the configure-connector acts it
# hot-adds a pci-testdev at slot 6 and removes it while the guest is inside
# configure-connector. Passes when the run ends with `quit` (exit status 0),
# every check printed PASS and none FAIL, each act's `info status` (asked
# once its alive line was on the console) says the VM runs, and the removed
# slot is empty.
# The console goes to a file of its own (-serial file:) and the monitor
# script's echo and replies to stdout: with one host thread per vCPU
# (thread=multi) the guest prints while the monitor answers, and one shared
# stream would mix their lines. The order between the two is the script's
# own: each command runs after the wait-console before it succeeded.
#   run-hostile.sh PPC64LITE HOSTILE.elf [EMULATOR-ARGS...]
set -u
emu=$1 elf=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() {
    echo "FAIL: $*"
    echo "---- monitor ----"; cat "$tmp/out"
    echo "---- console ----"; cat "$tmp/con"
    echo "---- stderr ----"; cat "$tmp/err"
    exit 1
}

acts=(config-ro bars dma msi storm garbage cc cc-del)
{
    for act in "${acts[@]}"; do
        case $act in
        storm)
            echo 'wait-console "HOSTILE storm: started" 60'
            echo 'info status'
            echo 'info registers'
            echo 'console-send stop'
            ;;
        cc)
            echo 'wait-console "HOSTILE hotplug: waiting for device_add" 60'
            echo 'device_add pci-testdev,id=hp0,bus=pci.0,addr=6'
            ;;
        cc-del)
            echo 'wait-console "HOSTILE cc: inside configure-connector" 60'
            echo 'device_del hp0'
            echo 'wait-event DEVICE_DELETED hp0 60'
            ;;
        esac
        echo "wait-console \"HOSTILE $act: alive\" 60"
        echo 'info status'
    done
    # The end of the guest's last line ("HOSTILE done: N failures"), not its start: quit must
    # not cut the line short while the guest (on a thread of its own) is still printing it.
    echo 'wait-console " failures" 60'
    echo 'info registers'
    echo 'info drc'
    echo 'quit'
} >"$tmp/script"

status=0
timeout 150 "$emu" -M pseries -m 256M -nographic -kernel "$elf" \
    -device pci-testdev,addr=3.0 -netdev user,id=n0 -device e1000,netdev=n0,addr=4.0 \
    -device spapr-pci-host-bridge,index=1 -device pci-testdev,bus=pci.1,addr=1.0 \
    -serial "file:$tmp/con" -monitor-script "$tmp/script" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
touch "$tmp/con"
sed -i 's/\r$//' "$tmp/out" "$tmp/con"
[ "$status" -eq 0 ] || fail "exit status $status (the monitor script must reach quit)"
! grep -q '^FAIL ' "$tmp/con" || fail "the guest reports failures: $(grep '^FAIL ' "$tmp/con")"
grep -q '^HOSTILE done: 0 failures$' "$tmp/con" || fail "no 'HOSTILE done: 0 failures'"
# reply_after ECHO: the reply lines of the first command echoed after the line ECHO (both in
# the monitor's stream: a command's echo, its reply, the next command's echo, ...).
reply_after() {
    awk -v m="(ppc64-lite) $1" '$0 == m { seen = 1; next }
        seen && /^\(ppc64-lite\) / { if (cmd) exit; cmd = 1; next } cmd { print }' "$tmp/out"
}
for act in "${acts[@]}"; do
    grep -q "^PASS $act: " "$tmp/con" || fail "no PASS line for $act"
    # The act's alive line was on the console, then the monitor answered info status.
    [ "$(reply_after "wait-console \"HOSTILE $act: alive\" 60")" = "VM status: running" ] ||
        fail "the info status after $act's alive line did not answer 'VM status: running'"
done
# During the storm: the monitor answered info status and info registers after the storm began
# and before the script typed at the console, and that typed line is what ended the storm.
[ "$(reply_after 'wait-console "HOSTILE storm: started" 60')" = "VM status: running" ] ||
    fail "no 'VM status: running' during the storm"
awk '$0 == "(ppc64-lite) wait-console \"HOSTILE storm: started\" 60" { s = 1; next }
     s == 1 && $0 == "(ppc64-lite) info registers" { s = 2; next }
     s == 2 && /NIP/ { s = 3; next }
     s == 3 && $0 == "(ppc64-lite) console-send stop" { s = 4; exit }
     s == 2 && /^\(ppc64-lite\) / { exit } END { exit s != 4 }' "$tmp/out" ||
    fail "the monitor did not answer info registers during the storm"
grep -q '^PASS storm: the monitor script.s console input ended it$' "$tmp/con" ||
    fail "the storm did not end by the monitor script's console input"
line=$(grep '"Slot 6"' "$tmp/out" | tail -1)
case $line in
*device=hp0*) fail "info drc still shows hp0 in Slot 6: $line" ;;
"") fail "info drc shows no Slot 6" ;;
esac
grep -E '^(storm|garbage): ' "$tmp/con"
echo "PASS ($(grep -c '^PASS ' "$tmp/con") checks)"
