#!/bin/bash
# The monitor against a running guest (montarget.c), through the real binary:
#   ppc64-lite -smp 2 -monitor stdio -serial file:... -kernel montarget.elf -d mmu -D LOG
# Commands go in through a FIFO one at a time; each is followed by
# `info version`, whose reply line marks the end of the command's reply.
# Expected values come from the program's source (what it wrote where, which
# instructions it holds, which hypercalls it made) and from nm, never from
# the emulator's own output.
#   run-monitor.sh PPC64LITE GUEST.elf NM
set -u
emu=$1 elf=$2 nm=$3
. "$(dirname "$0")/../monitor-lib.sh"
fail() {
    echo "FAIL: $*"
    echo "---- monitor ----"; tr -d '\r' <"$tmp/out"
    echo "---- console ----"; cat "$tmp/console" 2>/dev/null
    exit 1
}

sym() {
    local v
    v=$("$nm" "$elf" | awk -v s="$1" '$3 == s { print $1 }')
    [ -n "$v" ] || fail "no symbol $1 in $elf"
    echo $((0x$v))
}
hex16() { printf '%016x' "$1"; }
data_pa=$(sym data_page)
code_pa=$(sym code_page)
loop=$(sym spin_loop)
# Virtual addresses are kept as text: bash arithmetic is signed 64-bit.
data_ea=0xc000000000010000
code_ea=0xc000000000020000
counter_pa=$((data_pa + 0x100))

monitor_start -M pseries -m 256M -smp 2 -monitor stdio -serial "file:$tmp/console" \
    -kernel "$elf" -d mmu -D "$tmp/log"

ok() {      # ok CMD: a command that must not fail
    mon "$1"
    ! grep -q '^Error:' "$tmp/reply" || fail "'$1' failed: $(cat "$tmp/reply")"
}
counter() { # the guest's counter, through physical memory
    ok "xp /1gx $(printf '0x%x' $counter_pa)"
    sed -n 's/^[0-9a-f]*: 0x\([0-9a-f]*\)$/\1/p' "$tmp/reply"
}

# The guest has set everything up and counts.
for i in $(seq 600); do
    grep -q '^mapped' "$tmp/console" 2>/dev/null && break
    kill -0 "$emu_pid" 2>/dev/null || fail "the emulator exited"
    sleep 0.05
done
grep -q '^mapped' "$tmp/console" || fail "the guest did not finish its set-up"
for i in $(seq 200); do
    c=$(counter)
    [ -n "$c" ] && [ $((0x$c)) -gt 0 ] && break
    sleep 0.05
done
[ $((0x$c)) -gt 0 ] || fail "the counter does not move"

# Stopped, nothing changes.
ok "stop"
ok "info status"; expect "^VM status: paused$"
c1=$(counter); sleep 0.3; c2=$(counter)
[ "$c1" = "$c2" ] || fail "the counter moved while stopped ($c1, $c2)"

# The CPUs: CPU 0 in the loop, CPU 1 never started.
ok "info cpus"
pc=$(sed -n 's/^\* CPU #0: pc=0x\([0-9a-f]*\).*/\1/p' "$tmp/reply")
[ -n "$pc" ] || fail "info cpus: no current CPU 0: $(cat "$tmp/reply")"
pc=$((0x$pc))
[ "$pc" -ge "$loop" ] && [ "$pc" -le $((loop + 12)) ] || fail "CPU 0 pc $(hex16 $pc) is not in spin_loop"
expect "^  CPU #1: pc=0x[0-9a-f]+ \(halted\)" "info cpus (CPU 1 offline)"

ok "info registers"
expect "^CPU#0 NIP $(hex16 $pc) MSR [0-9a-f]+" "info registers"
msr=$(sed -n 's/^CPU#0 NIP [0-9a-f]* MSR \([0-9a-f]*\).*/\1/p' "$tmp/reply")
[ $(( (0x$msr >> 4) & 1 )) -eq 1 ] || fail "MSR $msr: DR is off"
expect "GPR08 c000000000010100" "info registers (r8 = the counter's address)"
expect "^SLB00 ESID c000000008000000 VSID 0000000000010000$" "info registers (SLB)"

# The MMU context: one SLB entry, the two HPTEs the program entered.
ok "info tlb"
expect "^ +0 +c000000008000000 0000000000010000 256M$" "info tlb (SLB entry 0)"
expect "^[0-7] +0 +c000000000010000 -> $(hex16 $data_pa) +4K +2 " "info tlb (data page in PTEG 0)"
expect "^18[0-7] +0 +c000000000020000 -> $(hex16 $code_pa) +4K +2 " "info tlb (code page in PTEG 0x30)"

ok "info pic"
expect "^ICP server 0: XIRR 00000000 MFRR 20 " "info pic (the IPI the program requested)"
expect "^ICP server 1: XIRR [0-9a-f]+ MFRR ff " "info pic (CPU 1 untouched)"

ok "info hcall"
tr -s ' ' <"$tmp/reply" >"$tmp/hc"
grep -q "^0x0008 H_ENTER 2 0$" "$tmp/hc" || fail "info hcall: H_ENTER: $(cat "$tmp/hc")"
grep -q "^0x006c H_IPI 1 0$" "$tmp/hc" || fail "info hcall: H_IPI: $(cat "$tmp/hc")"
puts=$(awk '$2 == "H_PUT_TERM_CHAR" { print $3 }' "$tmp/hc")
[ -n "$puts" ] && [ "$puts" -ge 7 ] || fail "info hcall: H_PUT_TERM_CHAR for 'mapped\\n': $(cat "$tmp/hc")"

# Memory through the mapping and physically: the pattern data_page[i] = i * 7 + 3.
pattern8="$(for i in 0 1 2 3 4 5 6 7; do printf ' 0x%02x' $(( (i * 7 + 3) & 255 )); done)"
ok "x /8bx $data_ea"
expect "^c000000000010000:$pattern8$" "x /8bx"
ok "xp /8bx $(printf '0x%x' $data_pa)"
expect "^$(hex16 $data_pa):$pattern8$" "xp /8bx"
ok "x /1gx 0xc000000000010100"
expect "^c000000000010100: 0x$c1$" "x /1gx (the counter through its virtual address)"

ok "gva2gpa $data_ea"
expect "^gpa: 0x$(printf '%x' $data_pa)$" "gva2gpa"
ok "gva2gpa 0xc000000000020010"
expect "^gpa: 0x$(printf '%x' $((code_pa + 0x10)))$" "gva2gpa (code page)"
mon "gva2gpa 0xc000000000050000"
expect "^Error: " "gva2gpa of an unmapped address"

# known_code, as written in montarget.c, encoded per the Power ISA (D-form addi
# and ori; MD-form rldicl RA,RS,0,32, which capstone shows as the extended
# mnemonic clrldi RA,RS,32; nop = ori 0,0,0; blr).
disas_expect() {    # BASE-ADDRESS (the printf %x of a negative number is its 64-bit pattern)
    printf '0x%016x: 38a50001 addi r5, r5, 1\n' "$1"
    printf '0x%016x: 60c6005a ori r6, r6, 0x5a\n' $(($1 + 4))
    printf '0x%016x: 78a70020 clrldi r7, r5, 0x20\n' $(($1 + 8))
    printf '0x%016x: 60000000 nop\n' $(($1 + 12))
    printf '0x%016x: 4e800020 blr\n' $(($1 + 16))
}
ok "x /5i $code_ea"
tr -s ' ' <"$tmp/reply" | diff -u <(disas_expect $code_ea) - || fail "x /5i"
ok "xp /5i $(printf '0x%x' $code_pa)"
tr -s ' ' <"$tmp/reply" | diff -u <(disas_expect $code_pa) - || fail "xp /5i"

# memsave (virtual) and pmemsave (physical) of the pattern.
for i in $(seq 0 63); do echo $(( (i * 7 + 3) & 255 )); done >"$tmp/pattern"
ok "memsave $data_ea 64 $tmp/v.bin"
ok "pmemsave $(printf '0x%x' $data_pa) 64 $tmp/p.bin"
for f in v p; do
    [ -f "$tmp/$f.bin" ] || fail "$f.bin was not written"
    od -An -v -tu1 "$tmp/$f.bin" | tr -s ' ' '\n' | sed '/^$/d' | diff -q "$tmp/pattern" - >/dev/null ||
        fail "$f.bin does not hold the pattern"
done
# Mapped neither for data (no SLB entry) nor for fetches (real mode, beyond RAM).
mon "memsave 0x0000000f00000000 16 $tmp/bad.bin"
expect "^Error: " "memsave of an unmapped address"

# singlestep: four steps are one turn of the loop (ld, addi, std, b): back at
# the same pc, with the counter one higher.
loop_insn() {       # the instruction at spin_loop + $1, as written in montarget.c
    case $1 in
    0) echo "ld r10, 0(r8)" ;;
    4) echo "addi r10, r10, 1" ;;
    8) echo "std r10, 0(r8)" ;;
    12) printf 'b 0x%x\n' "$loop" ;;
    esac
}
ok "log exec"
ok "singlestep 4"
expect "^CPU#0 pc=0x$(hex16 $pc) " "singlestep 4 (a full turn of the loop)"
c3=$(counter)
[ $((0x$c3)) -eq $((0x$c1 + 1)) ] || fail "four steps should store once: $c1 -> $c3"
ok "singlestep"
next=$(( pc == loop + 12 ? loop : pc + 4 ))
tr -s ' ' <"$tmp/reply" | grep -qx "CPU#0 pc=0x$(hex16 $next) 0x$(hex16 $next): [0-9a-f]\{8\} $(loop_insn $((next - loop)))" ||
    fail "singlestep: expected $(hex16 $next) $(loop_insn $((next - loop))): $(cat "$tmp/reply")"
ok "log none"
mon "log no_such_category"
expect "^Error: " "log with a bad category"

# Errors do not stop anything; the guest resumes and counts on.
mon "no_such_command"
expect "^Error: " "an unknown command"
ok "cont"
ok "info status"; expect "^VM status: running$"
for i in $(seq 200); do
    c4=$(counter)
    [ $((0x$c4)) -gt $((0x$c3)) ] && break
    sleep 0.05
done
[ $((0x$c4)) -gt $((0x$c3)) ] || fail "the guest does not run after cont"

printf 'quit\n' >&3
exec 3>&-
status=0
wait "$emu_pid" || status=$?
emu_pid=
[ "$status" -eq 0 ] || fail "exit status $status after quit"

# `log exec` took effect: the single steps were traced to the -D file.
grep -q "^Trace 0: \[$(hex16 $next)\]" "$tmp/log" ||
    fail "no exec trace of $(hex16 $next) in the -D log: $(head -5 "$tmp/log")"
# -d mmu from the start: the SLB entry and the two HPTEs the program made
# (v = AVPN 0x10 << 5 at bit 56 | valid; r = page | M | PP 2).
grep -qx "mmu: cpu 0 slbmte slot 0 ESID c000000008000000 VSID 0000000000010000" "$tmp/log" ||
    fail "no slbmte line in the -d mmu log"
grep -Eqx "mmu: cpu 0 H_ENTER HPTE 0x[0-7] now v=0000000000010001 r=$(hex16 $((data_pa | 0x12)))" "$tmp/log" ||
    fail "no H_ENTER line for the data page in the -d mmu log"
grep -Eqx "mmu: cpu 0 H_ENTER HPTE 0x18[0-7] now v=0000000000010001 r=$(hex16 $((code_pa | 0x12)))" "$tmp/log" ||
    fail "no H_ENTER line for the code page in the -d mmu log"
echo PASS
