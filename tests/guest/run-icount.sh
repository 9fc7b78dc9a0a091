#!/bin/sh
# -icount: the timebase follows executed instructions, so two runs of the same
# guest (tbprint.c) under -icount shift=2 print byte-identical output, and the
# timebase advances. The rate is checked too: 2^shift ns of virtual time per
# instruction at the 512 MHz timebase is 2.048 ticks per instruction at
# shift=2 and 0.512 at shift=0, so 100000 bdnz take about 204800 and 51200
# ticks (a few instructions of mftb/mtctr overhead aside).
# Runs without -icount may differ (host time); that is not checked here.
#   run-icount.sh PPC64LITE GUEST.elf
set -eu
emu=$1 elf=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/run*; do echo "---- $f ----"; cat "$f"; done; exit 1; }

run() {     # run OUT SHIFT
    status=0
    timeout 60 "$emu" -M pseries -m 256M -nographic -serial stdio -monitor none -action panic=exit-failure -kernel "$elf" \
        -icount "shift=$2" </dev/null >"$tmp/$1" 2>&1 || status=$?
    [ "$status" -eq 0 ] || fail "$1: exit status $status"
}
run run1 2
run run2 2
cmp -s "$tmp/run1" "$tmp/run2" || { diff "$tmp/run1" "$tmp/run2" || true; fail "two -icount runs differ"; }

# The timebase values (fixed-width hex, compared as strings) strictly increase, and by more where there was more work.
tr -d '\r' <"$tmp/run1" | awk '
    /^tb / { n++; v = $2 ""; if (n > 1 && v <= prev) bad = "not increasing at " v; prev = v }
    END { if (n != 16) bad = bad " only " n " tb lines"; if (bad) { print bad; exit 1 } }' ||
    fail "timebase values"
# i=0 spins once, i=1 spins 4001 times (37 % 11 = 4): the second step is much longer.
d0=$(tr -d '\r' <"$tmp/run1" | awk '/^tb / { n++; if (n == 2) { sub(/\+/, "", $3); print $3 } }')
d1=$(tr -d '\r' <"$tmp/run1" | awk '/^tb / { n++; if (n == 3) { sub(/\+/, "", $3); print $3 } }')
[ "$d1" -gt $((d0 + 4000)) ] || fail "more work did not advance the timebase more ($d0, $d1)"

check_rate() {  # FILE LOW HIGH
    l=$(tr -d '\r' <"$tmp/$1" | awk '/^loop100000 / { print $2 }')
    [ -n "$l" ] || fail "$1: no loop line"
    [ "$l" -ge "$2" ] && [ "$l" -le "$3" ] || fail "$1: 100000 instructions took $l ticks, expected $2..$3"
}
check_rate run1 204800 205000
run run3 0
check_rate run3 51200 51300
echo PASS
