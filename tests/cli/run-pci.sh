#!/bin/bash
# PCI on the command line and the monitor, through the real binary (issue 10,
# parts 2, 5 and 6): bad PCI -device lines are one error line on stderr and
# exit status 1 at start; good ones build the machine, and `info pci` /
# `info qtree` show every PHB, bus and function.
#   run-pci.sh PPC64LITE
cli_prefix=(-M pseries -nographic)
. "$(dirname "$0")/cli-lib.sh"

# bad MESSAGE-REGEX ARGS...: exit 1, exactly one line on stderr matching, nothing on stdout.
bad() {
    local pattern=$1
    shift
    : >"$tmp/in"
    run 1 "$@" && one_error_match "-device $pattern"
}

bad 'pci-testdev,addr=2: PCI: slot 2 function 0 not available for pci-testdev, in use by t0' \
    -device pci-testdev,addr=2,id=t0 -device pci-testdev,addr=2
bad "pci-testdev,bus=pci.3: Bus 'pci.3' not found" -device pci-testdev,bus=pci.3
bad 'spapr-pci-host-bridge: "index" for PAPR PHB is mandatory \(0 to 30\)' \
    -device spapr-pci-host-bridge
bad 'spapr-pci-host-bridge,index=0: PCI host bridges must have unique indexes: 0 is in use' \
    -device spapr-pci-host-bridge,index=0
bad 'spapr-pci-host-bridge,index=31: "index" for PAPR PHB is too large \(max 30\)' \
    -device spapr-pci-host-bridge,index=31
bad 'pci-testdev,addr=1.3,bogus=1: .*bogus.*' -device pci-testdev,addr=1.3,bogus=1
# PHB 0 is there with -nodefaults too, so a device needs no bus=.
bad 'pci-testdev,addr=0: .*in use by a.*' -nodefaults -device pci-testdev,id=a \
    -device pci-testdev,addr=0

# Good lines: two PHBs, a function on each. The monitor answers, quit exits 0.
printf 'info pci\ninfo qtree\nquit\n' >"$tmp/in"
if run 0 -serial null -monitor stdio -device pci-testdev,addr=3.0,id=first \
       -device spapr-pci-host-bridge,index=1 -device pci-testdev,bus=pci.1,addr=5.0,id=second; then
    pci=$(sed -n '/Bus  0, device/,/^bus:/p' "$tmp/out")
    if [ "$(grep -c '^  Bus  0, device' "$tmp/out")" -ne 2 ]; then
        fail "info pci: expected two functions"
    elif ! grep -q '^  Bus  0, device   3, function 0:' "$tmp/out" ||
         ! grep -q '^  Bus  0, device   5, function 0:' "$tmp/out"; then
        fail "info pci: the functions are not at 3.0 and 5.0"
    elif ! grep -q '^      BAR4: 64 bit prefetchable memory at 0xffffffffffffffff \[0x000ffffe\]\.$' "$tmp/out"; then
        fail "info pci: BAR4 of pci-testdev (1 MiB, 64-bit prefetchable, not decoding yet) is missing"
    elif ! grep -q '^      id "second"$' "$tmp/out"; then
        fail "info pci: no id line"
    fi
    # qtree: both PHBs with their index on the system bus, each with its bus and function.
    for want in '^  dev: spapr-pci-host-bridge, id ""$' '^    index = 0 \(0x0\)$' \
                '^    index = 1 \(0x1\)$' '^    bus: pci\.0$' '^    bus: pci\.1$' \
                '^      dev: pci-testdev, id "first"$' '^      dev: pci-testdev, id "second"$' \
                '^        addr = 05\.0$'; do
        grep -qE "$want" "$tmp/out" || fail "info qtree: no line matching '$want'"
    done
    [ -s "$tmp/err" ] && fail "good PCI lines wrote to stderr"
fi

finish
