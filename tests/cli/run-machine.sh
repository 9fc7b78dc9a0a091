#!/bin/bash
# -M and -cpu through the real binary: the machine is looked up among those
# built in (core/registry.c), the CPU model among the machine's; the help
# forms list them and exit 0, an unknown name is one error line and exit 1.
#   run-machine.sh PPC64LITE
# Runs that should build a machine use dumpdtb, which exits before any CPU runs.
cli_prefix=(-nographic)
. "$(dirname "$0")/cli-lib.sh"


# -M help: a heading, then "NAME DESCRIPTION", pseries marked as the default and
# QEMU 7.2's versioned names pseries-7.2 .. pseries-5.0 as its aliases.
if run 0 -M help; then
    if ! head -n1 "$tmp/out" | grep -qx 'Supported machines are:'; then
        fail "-M help: no heading"
    elif tail -n +2 "$tmp/out" | grep -vqE '^[a-z0-9.-]+ +[^ ].*$'; then
        fail "-M help: a line is not 'NAME DESCRIPTION'"
    elif ! grep -qE '^pseries +.*\(default\)$' "$tmp/out"; then
        fail "-M help: pseries is not listed as the default"
    elif [ "$(grep -cE '^pseries-[0-9.]+ +.*\(alias of pseries\)$' "$tmp/out")" -ne 9 ]; then
        fail "-M help: expected the 9 aliases pseries-7.2 .. pseries-5.0"
    elif ! grep -qE '^pseries-5\.0 ' "$tmp/out" || grep -qE '^pseries-4' "$tmp/out"; then
        fail "-M help: the aliases should stop at pseries-5.0"
    fi
fi
run 0 -machine help

# -M pseries,help: the machine's properties in QEMU's layout, and nothing is built.
if run 0 -M pseries,help; then
    if ! head -n1 "$tmp/out" | grep -qx 'pseries-7.2-machine options:'; then
        fail "-M pseries,help: no heading"
    elif tail -n +2 "$tmp/out" | grep -vqE '^  [a-z0-9-]+=<[a-z]+> +- .+$'; then
        fail "-M pseries,help: a line is not '  NAME=<TYPE> - DESCRIPTION'"
    fi
    for p in cap-cfpc cap-sbbc cap-ibs cap-ccf-assist cap-htm cap-vsx cap-dfp \
             cap-hpt-max-page-size cap-large-decr cap-nested-hv cap-fwnmi cap-rpt-invalidate \
             ic-mode max-cpu-compat resize-hpt vsmt kvm-type x-vof dt-compatible host-model \
             host-serial phandle-start kernel initrd append firmware dumpdtb dtb accel \
             graphics usb mem-merge dump-guest-core suppress-vmdesc memory-backend \
             confidential-guest-support memory smp boot nvram; do
        grep -qE "^  $p=<" "$tmp/out" || fail "-M pseries,help: $p is not listed"
    done
fi
run 0 -M pseries-6.2,help

# Known names (and QEMU 7.2's versioned ones down to 5.0) build the machine.
dtb=$tmp/tree.dtb
for m in pseries pseries-7.2 type=pseries-5.0; do
    rm -f "$dtb"
    if run 0 -M "$m,dumpdtb=$dtb" && [ ! -s "$dtb" ]; then
        fail "-M $m,dumpdtb: no tree written"
    fi
done
if run 1 -M q35; then
    one_error_line "unsupported machine type 'q35' (use -machine help to list supported machines)"
fi
if run 1 -M pseries-x.y -m 1G; then
    one_error_line "unsupported machine type 'pseries-x.y' (use -machine help to list supported machines)"
fi
# Older versioned names differ in what the guest sees; newer ones are not QEMU 7.2's.
for m in pseries-4.2 pseries-2.12 pseries-8.2; do
    if run 1 -M $m; then
        one_error_match "unsupported machine type '$m': ppc64-lite offers QEMU 7.2's pseries-5.0 .. pseries-7.2 .*"
    fi
done

# The usual TCG command line for QEMU's pseries, and every property with a
# valid value, build the machine; what takes effect is in the tree.
usual=cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off
# Nothing on stderr but QEMU's own dumpdtb line.
if run 0 -M "pseries,$usual,dumpdtb=$dtb"; then
    one_error_line "info: dtb dumped to $dtb. Exiting."
fi
all=cap-htm=off,cap-vsx=on,cap-fwnmi=on,cap-large-decr=off,cap-nested-hv=off
all=$all,cap-rpt-invalidate=off,cap-hpt-max-page-size=16M,ic-mode=dual,resize-hpt=disabled
all=$all,vsmt=4,kvm-type=HV,x-vof=off,max-cpu-compat=power8,phandle-start=0x1000,graphics=off
all=$all,usb=off,mem-merge=on,dump-guest-core=off,suppress-vmdesc=on,accel=tcg,dtb=/nonexistent
all=$all,modern-hotplug-events=on,nvdimm-persistence=cpu,kernel-irqchip=off,kernel-addr=0x400000
all=$all,memory.size=512M
run 0 -M "pseries,$usual,$all,dumpdtb=$dtb"
# x-vof=on (QEMU's slim-firmware boot) is what the built-in firmware does anyway.
run 0 -M "pseries,x-vof=on,dumpdtb=$dtb"
# cap-dfp=on (QEMU's default): accepted, with one warning that there is no DFP.
if run 0 -M "pseries,cap-dfp=on,dumpdtb=$dtb"; then
    [ "$(grep -c . "$tmp/err")" -eq 2 ] && grep -qE '^ppc64-lite: warning: cap-dfp=on: .*no decimal floating point' \
        "$tmp/err" || fail "cap-dfp=on: expected one warning (and the dumpdtb line)"
fi
if command -v dtc >/dev/null; then
    rm -f "$dtb"
    if run 0 -M "pseries,dt-compatible=acme,,box,host-model=M1,host-serial=S2,cap-vsx=off,max-cpu-compat=power7,cap-hpt-max-page-size=64k,dumpdtb=$dtb"; then
        dtc -I dtb -O dts "$dtb" 2>/dev/null >"$tmp/dts"
        grep -q 'compatible = "acme,box";' "$tmp/dts" || fail "dt-compatible: not in the root node"
        grep -q 'host-model = "M1";' "$tmp/dts" || fail "host-model: not in the root node"
        grep -q 'host-serial = "S2";' "$tmp/dts" || fail "host-serial: not in the root node"
        grep -q 'ibm,vmx = <0x01>;' "$tmp/dts" || fail "cap-vsx=off: ibm,vmx is not 1"
        grep -q 'cpu-version = <0xf000003>;' "$tmp/dts" || fail "max-cpu-compat=power7: cpu-version"
        grep -q 'ibm,segment-page-sizes = <0x0c 0x00 0x02 0x0c 0x00 0x10 0x07 0x10 0x110 0x01 0x10 0x01>;' \
            "$tmp/dts" || fail "cap-hpt-max-page-size=64k: 16M pages still advertised"
    fi
fi

# Bad values and what is not here: one error line naming the valid values or the reason.
check_prop_error() {
    if run 1 -M "pseries,$1"; then
        one_error_match "-machine pseries: $2"
    fi
}
check_prop_error bogus=1 "unknown property 'bogus' \(valid: accel, append, boot, .*, x-vof\)"
check_prop_error cap-htm=on "cap-htm=on: no Transactional Memory .*; use cap-htm=off"
check_prop_error cap-vsx=maybe "cap-vsx=maybe: expects on or off"
check_prop_error cap-cfpc=foo "cap-cfpc=foo: invalid value \(valid: broken, workaround, fixed\)"
check_prop_error ic-mode=xive "ic-mode=xive: XIVE is POWER9 and later; .*"
check_prop_error resize-hpt=required "resize-hpt=required: H_RESIZE_HPT_PREPARE/COMMIT are not implemented .*"
check_prop_error max-cpu-compat=power9 "max-cpu-compat=power9: the CPU is a POWER8 .*"
check_prop_error cap-large-decr=on "cap-large-decr=on: .*POWER9.*"
check_prop_error vsmt=16 "vsmt=16: at most 8"
if run 1 -smp 4,threads=4 -M pseries,vsmt=2; then
    one_error_line "-machine pseries: vsmt=2: Cannot support VSMT mode 2 because it must be >= threads/core (4)"
fi
# vsmt spaces the cores' ids as in QEMU: -smp 2 with vsmt=8 gives cpus @0 and @8.
if command -v dtc >/dev/null && run 0 -smp 2 -M "pseries,vsmt=8,dumpdtb=$dtb"; then
    [ "$(dtc -I dtb -O dts "$dtb" 2>/dev/null | grep -oE 'PowerPC,POWER8@[0-9a-f]+' | tr '\n' ' ')" = \
      "PowerPC,POWER8@0 PowerPC,POWER8@8 " ] || fail "vsmt=8: the cpu nodes are not @0 and @8"
fi
check_prop_error smp.cpus=2 "smp.cpus=2: use -smp"

# The image properties are the options: QEMU's words when they cannot be loaded.
if run 1 -M pseries,kernel=/nonexistent/vmlinux; then
    one_error_line "error loading /nonexistent/vmlinux: No such file or directory"
fi
if run 1 -kernel /nonexistent/vmlinux; then
    one_error_line "error loading /nonexistent/vmlinux: No such file or directory"
fi
if run 1 -M pseries,firmware=/nonexistent/fw.bin; then
    one_error_line "Could not find LPAR firmware '/nonexistent/fw.bin'"
fi
if run 1 -bios /nonexistent/fw.bin; then
    one_error_line "Could not find LPAR firmware '/nonexistent/fw.bin'"
fi
if run 1 -M pseries,append=quiet; then
    one_error_line "-append only allowed with -kernel option"
fi

# -cpu help: the machine's models, POWER8 first (ppc_cpu_models).
if run 0 -cpu help; then
    if ! head -n1 "$tmp/out" | grep -qx 'Available CPUs:'; then
        fail "-cpu help: no heading"
    elif ! sed -n 2p "$tmp/out" | grep -qE '^  POWER8 +[^ ]'; then
        fail "-cpu help: POWER8 is not the first model"
    elif ! grep -qE '^  POWER8_v2.0 +alias of POWER8$' "$tmp/out"; then
        fail "-cpu help: the POWER8_v2.0 alias is missing"
    fi
fi
run 0 -M pseries -cpu '?'
# -cpu help needs the machine: an unknown one is still an error.
if run 1 -M q35 -cpu help; then
    one_error_line "unsupported machine type 'q35' (use -machine help to list supported machines)"
fi
for c in POWER8 power8 POWER8_v2.0; do
    rm -f "$dtb"
    if run 0 -cpu "$c" -M "pseries,dumpdtb=$dtb" && [ ! -s "$dtb" ]; then
        fail "-cpu $c: no tree written"
    fi
done
if run 1 -cpu POWER9; then
    one_error_line "-cpu: unknown CPU model 'POWER9' (use -cpu help)"
fi
if run 1 -cpu host; then
    one_error_line "-cpu: unknown CPU model 'host' (use -cpu help)"
fi

finish
