#!/bin/sh
# Run a bare-metal guest test on ppc64-lite and compare its console output
# with the expected text (a file, or the output of a host program).
#   run-guest.sh PPC64LITE GUEST.elf (--expect FILE | --host PROGRAM) [EMULATOR-ARGS...]
# Output lines starting with "# " are figures that vary from run to run (times,
# retry counts): they are shown and left out of the comparison.
# RUN_GUEST_TIMEOUT (60) is the seconds the emulator may run.
set -eu
emu=$1 elf=$2 mode=$3 ref=$4
shift 4
out=$(mktemp)
exp=$(mktemp)
trap 'rm -f "$out" "$exp"' EXIT
status=0
timeout "${RUN_GUEST_TIMEOUT:-60}" "$emu" -M pseries -m 256M -nographic -serial stdio -monitor none -action panic=exit-failure -kernel "$elf" "$@" \
    < /dev/null > "$out" 2>&1 || status=$?
case $mode in
--expect) cp "$ref" "$exp" ;;
--host) "$ref" > "$exp" ;;
*) echo "bad mode $mode"; exit 2 ;;
esac
tr -d '\r' < "$out" | { grep -v '^# ' || true; } > "$out.clean"
grep '^# ' "$out" | tr -d '\r' || true
if ! diff -u "$exp" "$out.clean"; then
    echo "FAIL: output differs (ppc64-lite exit status $status)"
    rm -f "$out.clean"
    exit 1
fi
rm -f "$out.clean"
[ "$status" -eq 0 ] || { echo "FAIL: exit status $status"; exit 1; }
echo PASS
