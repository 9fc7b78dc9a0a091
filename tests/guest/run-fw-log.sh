#!/bin/bash
# -d hcall,rtas -D FILE on the built-in firmware run (no -kernel): it prints a
# summary with H_PUT_TERM_CHAR and ends with RTAS power-off (bios/main.c).
# Checks:
#  - every H_PUT_TERM_CHAR call line (r4 = the vty's reg from the device tree,
#    r5 = byte count, r6/r7 = the bytes packed big-endian, LoPAPR 14.5.5.2)
#    is followed by its return line, and the bytes of all calls, decoded from
#    the log, are exactly what appeared on the console;
#  - the power-off call appears as an H_RTAS hypercall and as an RTAS line
#    with the token /rtas/power-off of the device tree, the firmware's two
#    arguments (-1, -1) and status 0;
#  - `-d help` lists every category and exits 0; a bad category is one
#    error line and exit status 1.
#   run-fw-log.sh PPC64LITE FDTGET
set -u
emu=$1 fdtget=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; echo "---- log (first 20 lines) ----"; head -20 "$tmp/log"; exit 1; }

timeout 60 "$emu" -M pseries,dumpdtb="$tmp/tree.dtb" >/dev/null 2>&1 || fail "dumpdtb"
token=$("$fdtget" -t u "$tmp/tree.dtb" /rtas power-off) || fail "no /rtas/power-off"
vty=$("$fdtget" -l "$tmp/tree.dtb" /vdevice | grep '^vty@' | head -1)
termno=$("$fdtget" -t x "$tmp/tree.dtb" "/vdevice/$vty" reg) || fail "no vty reg"

status=0
timeout 60 "$emu" -M pseries -nographic -d hcall,rtas -D "$tmp/log" </dev/null \
    >"$tmp/console" 2>"$tmp/stderr" || status=$?
[ "$status" -eq 0 ] || fail "exit status $status: $(cat "$tmp/stderr")"
[ -s "$tmp/console" ] || fail "no console output"

pad16() { local s=${1#0x}; while [ ${#s} -lt 16 ]; do s=0$s; done; echo "$s"; }
: >"$tmp/decoded"
calls=0
prev=
while read -r line; do
    if [ -n "$prev" ]; then
        [ "$line" = "hcall: cpu 0 H_PUT_TERM_CHAR -> H_SUCCESS (0)" ] ||
            fail "after '$prev' expected its return line, got '$line'"
        prev=
        continue
    fi
    case $line in
    "hcall: cpu 0 H_PUT_TERM_CHAR (0x58) "*) ;;
    *) continue ;;
    esac
    set -- $line
    # $6..$9: r4=.. r5=.. r6=.. r7=..
    [ "${6#r4=}" = "0x$termno" ] || fail "termno ${6#r4=}, the tree says 0x$termno: $line"
    n=$((${7#r5=}))
    [ "$n" -ge 1 ] && [ "$n" -le 16 ] || fail "bad count: $line"
    bytes=$(pad16 "${8#r6=}")$(pad16 "${9#r7=}")
    for ((i = 0; i < n; i++)); do
        printf "\\x${bytes:$((2 * i)):2}" >>"$tmp/decoded"
    done
    calls=$((calls + 1))
    prev=$line
done <"$tmp/log"
[ -z "$prev" ] || fail "no return line after the last H_PUT_TERM_CHAR"
[ "$calls" -gt 0 ] || fail "no H_PUT_TERM_CHAR in the log"
cmp -s "$tmp/decoded" "$tmp/console" ||
    { diff <(od -c "$tmp/console") <(od -c "$tmp/decoded") | head; fail "decoded hcall bytes differ from the console"; }

rtas=$(printf 'rtas: cpu 0 power-off (token 0x%x) args [0xffffffff 0xffffffff] -> status 0' "$token")
grep -qxF "$rtas" "$tmp/log" || fail "expected the line '$rtas'"
grep -B1 -xF "$rtas" "$tmp/log" | head -1 | grep -q "^hcall: cpu 0 H_RTAS (0xf000) r4=0x[0-9a-f]*$" ||
    fail "power-off does not come through H_RTAS"
grep -A1 -xF "$rtas" "$tmp/log" | tail -1 | grep -qx "hcall: cpu 0 H_RTAS -> H_SUCCESS (0)" ||
    fail "no H_RTAS return line after power-off"

# -d help and a bad category.
"$emu" -d help >"$tmp/help" 2>&1 || fail "-d help: exit status $?"
for c in in_asm exec cpu int mmu hcall rtas unimp guest_errors; do
    grep -q "^$c " "$tmp/help" || fail "-d help does not list $c"
done
status=0
"$emu" -M pseries -nographic -d int,nonsense </dev/null >"$tmp/bad" 2>&1 || status=$?
[ "$status" -eq 1 ] || fail "bad category: exit status $status"
[ "$(wc -l <"$tmp/bad")" -eq 1 ] && grep -q "nonsense" "$tmp/bad" ||
    fail "bad category: expected one error line naming it: $(cat "$tmp/bad")"
echo PASS
