#!/bin/bash
# The built-in firmware as a PAPR hotplug client (bios/hotplug.c), bare metal:
# a monitor script hot-adds an e1000 (slot 3, a chosen MAC) once the firmware
# is ready (it takes the event's interrupt through H_XIRR), asks `info drc` and `info pci` once it has configured the device,
# then removes it. Checks that what the firmware found through RTAS equals
# what the machine says:
#  - the DRC index and name of the add event are the connector `info drc`
#    shows configured with nic0, and the slot the device was added at;
#  - vendor:device and BAR0 (address and size) from ibm,read-pci-config and
#    assigned-addresses equal `info pci`'s; the MAC from the EEPROM is the
#    one given to device_add;
#  - the `-d dr` log has the attach, the guest's unisolate and configure,
#    the isolation that releases nic0 and DEVICE_DELETED, in that order;
#  - the run ends with exit status 0 after "unplug complete".
# And with no monitor script the firmware gives up waiting and powers off
# with status 0 by itself, within a bounded time.
#   test-hotplug-demo.sh PPC64LITE
set -u
emu=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; echo "---- console ----"; cat "$tmp/out" 2>/dev/null; exit 1; }

mac=52:54:00:ab:cd:ef slot=3
cat >"$tmp/script" <<EOF
wait-console "ready for hotplug" 30
device_add e1000,id=nic0,netdev=n0,addr=$slot,mac=$mac
wait-console "configured;" 30
info drc
info pci
device_del nic0
wait-event DEVICE_DELETED nic0 30
EOF
status=0
timeout 60 "$emu" -M pseries -nographic -netdev user,id=n0 -monitor-script "$tmp/script" \
    -d dr -D "$tmp/dr.log" >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 0 ] || fail "exit status $status: $(cat "$tmp/err")"
sed -i 's/\r$//' "$tmp/out"     # the console ends its lines with CR LF
grep -q "^Hotplug: unplug complete, the slot is empty" "$tmp/out" || fail "no unplug complete line"

# The add event, as the firmware decoded it.
add=$(grep -m1 "^  HP section: resource 5 (PCI), action 1 (add), DRC index " "$tmp/out") ||
    fail "no decoded add event"
index=$(sed -n 's/.*DRC index \(0x[0-9a-f]*\) ("\(.*\)")$/\1/p' <<<"$add")
name=$(sed -n 's/.*DRC index \(0x[0-9a-f]*\) ("\(.*\)")$/\2/p' <<<"$add")
[ -n "$index" ] && [ -n "$name" ] || fail "cannot parse '$add'"
drc=$(grep "^$index " "$tmp/out") || fail "info drc has no $index"
[[ $drc == "$index \"$name\" type=28 state=configured(8) "*" device=nic0 "* ]] ||
    fail "info drc says '$drc' for the firmware's $index \"$name\""
[ "$name" = "Slot $slot" ] || fail "the event names $name, the device went to slot $slot"
grep -q "^  HP section: resource 5 (PCI), action 2 (remove), DRC index $index " "$tmp/out" ||
    fail "no remove event for $index"
grep -q "^  set-indicator(9001, $index, 1) -> status 0 " "$tmp/out" || fail "no unisolate of $index"
grep -q "^    \[0 complete\] after [0-9]* calls" "$tmp/out" || fail "configure-connector did not complete"

# Config space and BAR0 against info pci.
ids=$(sed -n 's/^    vendor 0x\([0-9a-f]*\) device 0x\([0-9a-f]*\) class .*/\1:\2/p' "$tmp/out")
grep -q "Ethernet controller: PCI device $ids$" "$tmp/out" || fail "firmware read $ids, info pci differs"
bar=$(grep -m1 "^    BAR at 0x10: assigned-addresses mem32 " "$tmp/out") || fail "no BAR0 line"
read -r addr size cfg < <(sed -n 's/.*mem32 \(0x[0-9a-f]*\) size \(0x[0-9a-f]*\), config register \(0x[0-9a-f]*\)$/\1 \2 \3/p' <<<"$bar")
[ -n "$addr" ] || fail "cannot parse '$bar'"
[ "$cfg" = "$addr" ] || fail "BAR0 config register $cfg, assigned-addresses $addr"
want=$(printf 'BAR0: 32 bit memory at 0x%x [0x%x].' "$addr" $((addr + size - 1)))
grep -qF "      $want" "$tmp/out" || fail "info pci lacks '$want' (firmware: $bar)"
grep -q "^  MAC address $mac$" "$tmp/out" || fail "the firmware did not read MAC $mac"

# The interrupt the firmware took (H_XIRR) is the one the machine pulsed for the event.
xirr=$(grep -m1 "^H_XIRR -> 0x[0-9a-f]*: interrupt 0x[0-9a-f]* (hot-plug-events)$" "$tmp/out") ||
    fail "the firmware took no hot-plug-events interrupt"
irq=$(sed -n 's/.*: interrupt \(0x[0-9a-f]*\) .*/\1/p' <<<"$xirr")
grep -q "^events: pulse hot-plug-events (irq $irq): new event$" "$tmp/dr.log" ||
    fail "the log pulses no hot-plug-events irq $irq"
grep -q "^H_EOI(0x[0-9a-f]*) -> 0$" "$tmp/out" || fail "no H_EOI"

# The -d dr log: the steps in order.
expect=(
    "dr: device_add: \"$name\" ($index) attached nic0"
    "dr: set-indicator isolation-state=unisolate: \"$name\" ($index) power-on(6) -> unisolated(7)"
    "dr: ibm,configure-connector: \"$name\" ($index) unisolated(7) -> configured(8)"
    "dr: device_del: \"$name\" ($index) unplug requested"
    "dr: set-indicator isolation-state=isolate: \"$name\" ($index) configured(8) -> power-on(6)"
    "dr: set-indicator isolation-state=isolate: \"$name\" ($index) released nic0"
    "dr: DEVICE_DELETED nic0 (e1000)"
)
line=0
for e in "${expect[@]}"; do
    n=$(grep -nF "$e" "$tmp/dr.log" | head -1 | cut -d: -f1)
    [ -n "$n" ] || fail "-d dr log lacks '$e'"
    [ "$n" -gt "$line" ] || fail "-d dr log: '$e' out of order"
    line=$n
done

# No script: the firmware waits a bounded time, says so, powers off.
status=0
start=$(date +%s)
timeout 30 "$emu" -M pseries -nographic </dev/null >"$tmp/out" 2>"$tmp/err" || status=$?
[ "$status" -eq 0 ] || fail "no script: exit status $status: $(cat "$tmp/err")"
[ $(($(date +%s) - start)) -le 15 ] || fail "no script: took more than 15 s"
grep -q "^Hotplug: no event" "$tmp/out" || fail "no script: no 'no event' line"
grep -q "powering off" "$tmp/out" || fail "no script: no power-off line"
echo PASS
