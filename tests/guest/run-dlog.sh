#!/bin/sh
# -d in_asm,int -D FILE on a bare-metal program (dlog.c): the log must hold
# the translation block of known_seq disassembled as capstone prints the five
# instructions written in the source, and one program interrupt line for the
# illegal word at illegal_at with vector 0x700, SRR0 = its address and SRR1
# bit 44 (illegal instruction) set. Encodings below are worked out from the
# Power ISA (D-form li/addi/mulli, X-form xor, XL-form blr), not taken from
# ppc64-lite's output.
#   run-dlog.sh PPC64LITE GUEST.elf NM
set -eu
emu=$1 elf=$2 nm=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; echo "---- console ----"; cat "$tmp/out"; echo "---- log (first 60 lines) ----"; head -60 "$tmp/log"; exit 1; }

sym() { "$nm" "$elf" | awk -v s="$1" '$3 == s { print $1 }'; }
seq_addr=$(sym known_seq)
ill_addr=$(sym illegal_at)
[ -n "$seq_addr" ] && [ -n "$ill_addr" ] || { echo "FAIL: symbols missing"; exit 1; }

status=0
timeout 60 "$emu" -M pseries -m 256M -nographic -serial stdio -monitor none -kernel "$elf" \
    -d in_asm,int -D "$tmp/log" </dev/null >"$tmp/out" 2>&1 || status=$?
[ "$status" -eq 0 ] || fail "exit status $status"
grep -q "^known_seq = 0x2492" "$tmp/out" || fail "known_seq did not run"
grep -q "^trapped 0x700" "$tmp/out" || fail "the guest did not see the program interrupt"

# The block: the header line, then "0xADDR:  WORD  mnemonic operands" per instruction
# (whitespace squeezed for the comparison).
a=$((0x$seq_addr))
{
    printf 'IN: cpu 0 [%016x]\n' "$a"
    printf '0x%016x: 38601234 li r3, 0x1234\n' "$a"
    printf '0x%016x: 38630005 addi r3, r3, 5\n' $((a + 4))
    printf '0x%016x: 1c830003 mulli r4, r3, 3\n' $((a + 8))
    printf '0x%016x: 7c632278 xor r3, r3, r4\n' $((a + 12))
    printf '0x%016x: 4e800020 blr\n' $((a + 16))
} >"$tmp/expect"
# The block's lines from the log, the header cut after the address. The firmware runs
# first and may have had a block at the same address, so the last such block is the guest's.
awk -v h="$(printf '[%016x]' "$a")" '
    index($0, "IN: cpu 0 " h) == 1 { blk = "IN: cpu 0 " h "\n"; n = 5; next }
    n > 0 { blk = blk $0 "\n"; n-- }
    END { printf "%s", blk }' "$tmp/log" | tr -s ' ' >"$tmp/got"
diff -u "$tmp/expect" "$tmp/got" || fail "in_asm block of known_seq differs"

# The interrupt line.
line=$(grep "^int: cpu 0 vector 0x700 " "$tmp/log" | head -1)
[ -n "$line" ] || fail "no program interrupt line"
echo "$line" | grep -q "SRR0=$(printf '%016x' $((0x$ill_addr))) " || fail "SRR0 is not illegal_at (0x$ill_addr): $line"
srr1=$(echo "$line" | sed -n 's/.*SRR1=\([0-9a-f]*\).*/\1/p')
[ $(( (0x$srr1 >> 19) & 1 )) -eq 1 ] || fail "SRR1 $srr1 lacks the illegal-instruction bit: $line"
[ $(grep -c "^int: " "$tmp/log") -eq 1 ] || fail "expected exactly one interrupt: $(grep '^int: ' "$tmp/log")"
echo PASS
