#!/bin/bash
# -M and -cpu through the real binary: the machine is looked up among those
# built in (core/registry.c), the CPU model among the machine's; the help
# forms list them and exit 0, an unknown name is one error line and exit 1.
#   run-machine.sh PPC64LITE
# Runs that should build a machine use dumpdtb, which exits before any CPU runs.
cli_prefix=(-nographic)
. "$(dirname "$0")/cli-lib.sh"


# -M help: a heading, then "NAME DESCRIPTION", pseries marked as the default.
if run 0 -M help; then
    if ! head -n1 "$tmp/out" | grep -qx 'Supported machines are:'; then
        fail "-M help: no heading"
    elif tail -n +2 "$tmp/out" | grep -vqE '^[a-z0-9.-]+ +[^ ].*$'; then
        fail "-M help: a line is not 'NAME DESCRIPTION'"
    elif ! grep -qE '^pseries +.*\(default\)$' "$tmp/out"; then
        fail "-M help: pseries is not listed as the default"
    fi
fi
run 0 -machine help

# Known names (and QEMU's versioned ones) build the machine.
dtb=$tmp/tree.dtb
for m in pseries pseries-8.2 type=pseries-2.12.1; do
    rm -f "$dtb"
    if run 0 -M "$m,dumpdtb=$dtb" && [ ! -s "$dtb" ]; then
        fail "-M $m,dumpdtb: no tree written"
    fi
done
if run 1 -M q35; then
    one_error_line "-M: unsupported machine type 'q35' (use -machine help)"
fi
if run 1 -M pseries-x.y -m 1G; then
    one_error_line "-M: unsupported machine type 'pseries-x.y' (use -machine help)"
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
    one_error_line "-M: unsupported machine type 'q35' (use -machine help)"
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
