#!/bin/bash
# The hostile guest (hostile.c) on ppc64-lite, driven by a monitor script:
# after every act the guest prints "HOSTILE ACT: alive" and the monitor must
# answer `info status` while the guest runs on; during the interrupt storm it
# must answer `info status` and `info registers` and then type at the
# console, which is what ends the storm; for the configure-connector acts it
# hot-adds a pci-testdev at slot 6 and removes it while the guest is inside
# configure-connector. Passes when the run ends with `quit` (exit status 0),
# every check printed PASS and none FAIL, each act is followed by a monitor
# reply saying the VM runs, and the removed slot is empty.
#   run-hostile.sh PPC64LITE HOSTILE.elf [EMULATOR-ARGS...]
set -u
emu=$1 elf=$2
shift 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; echo "---- output ----"; cat "$tmp/out"; echo "---- stderr ----"; cat "$tmp/err"; exit 1; }

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
    echo 'wait-console "HOSTILE done" 60'
    echo 'info registers'
    echo 'info drc'
    echo 'quit'
} >"$tmp/script"

status=0
timeout 150 "$emu" -M pseries -m 256M -nographic -kernel "$elf" \
    -device pci-testdev,addr=3.0 -netdev user,id=n0 -device e1000,netdev=n0,addr=4.0 \
    -device spapr-pci-host-bridge,index=1 -device pci-testdev,bus=pci.1,addr=1.0 \
    -monitor-script "$tmp/script" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
sed -i 's/\r$//' "$tmp/out"
[ "$status" -eq 0 ] || fail "exit status $status (the monitor script must reach quit)"
! grep -q '^FAIL ' "$tmp/out" || fail "the guest reports failures: $(grep '^FAIL ' "$tmp/out")"
grep -q '^HOSTILE done: 0 failures$' "$tmp/out" || fail "no 'HOSTILE done: 0 failures'"
for act in "${acts[@]}"; do
    grep -q "^PASS $act: " "$tmp/out" || fail "no PASS line for $act"
    # The act's alive marker, then the monitor's answer to info status.
    awk -v m="HOSTILE $act: alive" '$0 == m { seen = 1; next }
        seen && /^VM status: running$/ { ok = 1; exit } END { exit !ok }' "$tmp/out" ||
        fail "no 'VM status: running' after $act"
done
# During the storm: the monitor answered before the guest saw the typed line.
awk '/^HOSTILE storm: started$/ { s = 1; next } s && /^VM status: running$/ { v = 1; next }
     s && v && /NIP|PC/ { r = 1; next } /^storm: [0-9]+ interrupts in [0-9]+ ms$/ { exit !(s && v && r) }' \
    "$tmp/out" || fail "the monitor did not answer info status and info registers during the storm"
line=$(grep '"Slot 6"' "$tmp/out" | tail -1)
case $line in
*device=hp0*) fail "info drc still shows hp0 in Slot 6: $line" ;;
"") fail "info drc shows no Slot 6" ;;
esac
grep -E '^(storm|garbage): ' "$tmp/out"
echo "PASS ($(grep -c '^PASS ' "$tmp/out") checks)"
