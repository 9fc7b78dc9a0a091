#!/bin/bash
# device_add / device_del on the monitor of the real binary (issue 11,
# section 4), with the machine stopped (-S): no guest answers, so what is
# seen is the platform's side. Commands go in through a FIFO one at a time,
# each followed by `info version`, whose reply line ends the command's reply.
#   - device_add: the first free slot, a named slot, another PHB's bus, a
#     function waiting for its function 0, a hot-added PHB;
#   - every refusal is one "Error:" line and changes nothing (`info drc`,
#     `info pci` and `info qtree` are compared before and after);
#   - device_del of a device the guest never took completes at once; of a
#     boot-time one waits (pending in `info pci` and `info drc`) until
#     system_reset completes it; -d dr logs DEVICE_DELETED.
# Expected names and indexes come from the issue's formulas: "Slot N" with
# N = phb * 32 + slot, index 0x40000000 + (phb << 8) + (slot << 3).
#   run-hotplug.sh PPC64LITE
set -u
emu=$1
. "$(dirname "$0")/../monitor-lib.sh"
fail() {
    echo "FAIL: $*"
    echo "---- monitor ----"; tr -d '\r' <"$tmp/out"
    echo "---- -d dr ----"; cat "$tmp/log" 2>/dev/null
    exit 1
}

monitor_start -M pseries -m 256M -nodefaults -S -display none -monitor stdio \
    -device e1000,id=cold0,addr=2 -device spapr-pci-host-bridge,index=1,id=phb1 \
    -d dr -D "$tmp/log"

ok() {      # ok CMD: a command that must succeed silently
    mon "$1"
    [ ! -s "$tmp/reply" ] || fail "'$1' replied: $(cat "$tmp/reply")"
}
state() {   # everything a refused command must leave alone
    mon "info drc"; cp "$tmp/reply" "$tmp/state"
    mon "info pci"; cat "$tmp/reply" >>"$tmp/state"
    mon "info qtree"; cat "$tmp/reply" >>"$tmp/state"
}
refused() { # refused CMD REGEX: one "Error:" line matching, nothing changed
    state; cp "$tmp/state" "$tmp/before"
    mon "$1"
    [ "$(wc -l <"$tmp/reply")" -eq 1 ] || fail "'$1': expected one line: $(cat "$tmp/reply")"
    grep -Eq "^Error: $2\$" "$tmp/reply" || fail "'$1': '$(cat "$tmp/reply")' does not match /$2/"
    state
    cmp -s "$tmp/before" "$tmp/state" || fail "'$1' changed something: $(diff "$tmp/before" "$tmp/state")"
}
drc() {     # drc NAME: that connector's line of `info drc`
    mon "info drc"
    grep "\"$1\"" "$tmp/reply"
}

# Boot-time devices hold their connectors, configured.
mon "info drc"
expect '^0x40000010 "Slot 2" type=28 state=configured\(8\) .* device=cold0 pending=-$' "cold0's slot"
expect '^0x20000001 "PHB 1" type=PHB state=configured\(4\) .* device=phb1 pending=-$' "phb1's DRC"

# The first free slot of PHB 0, a named one, one on PHB 1's bus.
ok "device_add e1000,id=nic1"
drc "Slot 0" | grep -Eq 'state=power-on\(6\) .* sense=present .* device=nic1 pending=-$' ||
    fail "nic1 is not in Slot 0: $(drc "Slot 0")"
ok "device_add e1000,id=nic2,bus=pci.0,addr=1f"
drc "Slot 31" | grep -q 'device=nic2' || fail "nic2 is not in Slot 31"
ok "device_add pci-testdev,id=t1,bus=phb1.0,addr=3"
drc "Slot 35" | grep -q '^0x40000118 .*device=t1' || fail "t1 is not in Slot 35 (0x40000118)"
mon "info pci"
expect '^      id "nic1"$' "info pci (nic1)"
expect '^  Bus  0, device  31, function 0:$' "info pci (slot 31)"
# A function 1 alone waits for its function 0: on the bus, no connector.
ok "device_add pci-testdev,id=w1,addr=4.1"
drc "Slot 4" | grep -q 'device=- pending=-$' || fail "Slot 4 should still be empty: $(drc "Slot 4")"

# Refusals: one Error: line each, nothing changed.
refused "device_add e1000,id=x,addr=2" "PCI: slot 2 function 0 not available for x, in use by cold0"
refused "device_add pci-testdev,id=x,addr=2.1" "PCI: single function device can't be populated in function 2.1"
refused "device_add e1000,id=x,bus=pci.9" "Bus 'pci.9' not found"
refused "device_add e1000,id=nic1" "Duplicate ID 'nic1' for device"
refused "device_add e1000,id=x,bus=phb1.0,addr=3" "PCI: slot 3 function 0 not available for x, in use by t1"
refused "device_del nope" "device 'nope' not found"
refused "device_add spapr-pci-host-bridge,index=1,id=x" "PCI host bridges must have unique indexes: 1 is in use"

# device_del of a device the guest never took: gone at once.
ok "device_del nic1"
drc "Slot 0" | grep -q 'device=- pending=-$' || fail "nic1 still in Slot 0"
refused "device_del nic1" "device 'nic1' not found"

# A boot-time device: the guest owns it, so the removal waits.
ok "device_del cold0"
mon "info pci"
expect '^      id "cold0"$' "info pci (cold0 still there)"
expect '^      pending removal' "info pci (cold0 pending)"
drc "Slot 2" | grep -q 'device=cold0 pending=unplug$' || fail "Slot 2 not pending: $(drc "Slot 2")"
refused "device_del cold0" "Device 'cold0' is already in the process of unplug"

# PHB hotplug: a logical connector of its own, and a bus that takes devices.
ok "device_add spapr-pci-host-bridge,index=2,id=phb2"
drc "PHB 2" | grep -Eq 'state=unusable\(1\) .* device=phb2 pending=-$' || fail "phb2: $(drc "PHB 2")"
ok "device_add e1000,id=n2,bus=phb2.0"
drc "Slot 64" | grep -q '^0x40000200 .*device=n2' || fail "n2 is not in Slot 64"
ok "device_del phb2"
mon "info drc"
! grep -q '"PHB 2".*device=phb2' "$tmp/reply" || fail "phb2 not released"
! grep -q '"Slot 64"' "$tmp/reply" || fail "PHB 2's slots outlived it"

# system_reset completes the pending removal (the main loop resets after the command).
mon "system_reset"
for _ in $(seq 100); do
    mon "info pci"
    grep -q 'id "cold0"' "$tmp/reply" || break
    sleep 0.05
done
! grep -q 'id "cold0"' "$tmp/reply" || fail "system_reset did not complete cold0's removal"
drc "Slot 2" | grep -Eq 'state=power-on\(6\) .*device=- pending=-$' || fail "Slot 2: $(drc "Slot 2")"
# Hot-added devices the guest never configured are present at boot: configured.
drc "Slot 31" | grep -Eq 'state=configured\(8\) .*device=nic2' || fail "Slot 31: $(drc "Slot 31")"

printf 'quit\n' >&3
wait "$emu_pid"
rc=$?
emu_pid=
[ "$rc" -eq 0 ] || fail "exit status $rc after quit"

# -d dr (written out at exit): the waiting function, and DEVICE_DELETED for each removal, in order.
grep -q 'device_add: w1 (04.1) waits for function 0 of Slot 4$' "$tmp/log" || fail "-d dr does not say w1 waits"
grep '^dr: DEVICE_DELETED ' "$tmp/log" >"$tmp/deleted"
printf '%s\n' "dr: DEVICE_DELETED nic1 (e1000)" "dr: DEVICE_DELETED n2 (e1000)" \
    "dr: DEVICE_DELETED phb2 (spapr-pci-host-bridge)" "dr: DEVICE_DELETED cold0 (e1000)" >"$tmp/want"
cmp -s "$tmp/want" "$tmp/deleted" || fail "DEVICE_DELETED lines: $(cat "$tmp/deleted")"
echo "PASS"
