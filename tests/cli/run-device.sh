#!/bin/bash
# -device through the real binary: every -device is created by the device
# model when the machine is built, so a bad one is one error line on stderr
# and exit status 1; the help forms print and exit 0 (as QEMU does).
#   run-device.sh PPC64LITE
# A -device that were ignored would boot the firmware and run forever: each
# run is bounded, and a timeout is a failure.
cli_prefix=(-M pseries -nographic)
. "$(dirname "$0")/cli-lib.sh"


# An unknown driver (the issue's own example).
if run 1 -device nonexistent; then
    one_error_match "-device nonexistent: 'nonexistent' is not a valid device model name"
fi
# A driver given with driver=, and among other options.
if run 1 -smp 2 -device driver=nonexistent,id=x0 -m 1G; then
    one_error_match "-device driver=nonexistent,id=x0: 'nonexistent' is not a valid device model name"
fi
# A real device type with a bad property is refused too (spapr-vty is built
# into the machine, not user-creatable yet, so that is what is reported).
if run 1 -device spapr-vty,bogus=1; then
    one_error_match "-device spapr-vty,bogus=1: .*spapr-vty.*"
fi
# A user-creatable type: an unknown property and a bad value are refused by the device model.
if run 1 -device e1000,bogus=1; then
    one_error_line "-device e1000,bogus=1: Property 'e1000.bogus' not found"
fi
if run 1 -device e1000,id=n0,mac=zz; then
    one_error_line "-device e1000,id=n0,mac=zz: Parameter 'mac' expects a MAC address like 52:54:00:12:34:56"
fi
# A good one is created before the device tree is built: dumpdtb (which exits
# before any CPU runs) writes its node, which the tree lacks without it.
dtb=$tmp/tree.dtb
if run 0 -M "pseries,dumpdtb=$dtb" && grep -qa 'ethernet@' "$dtb"; then
    fail "the tree has an ethernet node without -device e1000"
fi
if run 0 -M "pseries,dumpdtb=$dtb" -device e1000,id=n0 && ! grep -qa 'ethernet@' "$dtb"; then
    fail "-device e1000: no ethernet node in the dumped tree"
fi
# Of two bad ones, the first stops the run: still one line.
if run 1 -device nonexistent1 -device nonexistent2; then
    one_error_match "-device nonexistent1: 'nonexistent1' is not a valid device model name"
fi
# No driver at all.
if run 1 -device id=x; then
    one_error_match "-device id=x: Parameter 'driver' is missing"
fi
# An unknown bus.
if run 1 -device nonexistent,bus=nope; then
    one_error_match "-device nonexistent,bus=nope: .*"
fi

# -device help: exit 0, every line in QEMU's format (or the one line that says
# there is nothing to list), nothing on stderr.
if run 0 -device help; then
    if [ ! -s "$tmp/out" ]; then
        fail "-device help printed nothing"
    elif grep -vqE '^(name "[^"]+"(, bus [^ ,]+)?(, hotpluggable)?(, desc ".*")?|No device types can be added with -device or device_add yet\.)$' "$tmp/out"; then
        fail "-device help: a line is not in the 'name \"DRIVER\", bus BUS, desc \"...\"' format"
    elif [ -s "$tmp/err" ]; then
        fail "-device help wrote to stderr"
    elif ! grep -qx 'name "e1000", bus PCI, hotpluggable, desc ".*"' "$tmp/out"; then
        fail "-device help does not list e1000 (pci/e1000.c) as a hotpluggable PCI device"
    fi
fi
# ... also as "?" and when other options come with it.
run 0 -device '?' -m 1G -smp 2
# -device DRIVER,help: the driver's properties (spapr-vty has "reg", see spapr_vty.c).
if run 0 -device spapr-vty,help; then
    if ! head -n1 "$tmp/out" | grep -qx 'spapr-vty options:'; then
        fail "-device spapr-vty,help: no 'spapr-vty options:' heading"
    elif ! grep -qE '^  reg=<uint32> ' "$tmp/out"; then
        fail "-device spapr-vty,help: the reg property is not listed"
    fi
fi
# ... and an unknown driver's help is an error.
if run 1 -device nonexistent,help; then
    one_error_match "-device nonexistent,help: 'nonexistent' is not a valid device model name"
fi

finish
