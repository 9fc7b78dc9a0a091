#!/bin/sh
# Boot Debian's ppc64el kernel with a busybox initramfs on ppc64-lite and check
# from the guest: CPU count, memory, and values computed over generated data
# against what this host computes for the same data. With THREADS (-smp
# SMP,threads=THREADS), also the SMT topology the guest built: thread siblings,
# doorbell IPIs between them, ppc64_cpu --smt, and a switch to SMT=1 and back
# before the pinned jobs run on every CPU.
# ACCEL (e.g. tcg,thread=multi) is passed as -accel.
#   run-basic.sh PPC64LITE SMP MEM_MB [THREADS [ACCEL]]
# RUN_BASIC_ARGS: more emulator arguments (split at spaces), e.g. "-accel tcg,thread=multi".
set -eu
emu=$1 smp=$2 mem=$3 threads=${4:-} accel=${5:-}
here=$(cd "$(dirname "$0")" && pwd)
top=$here/../..
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

kernel=$("$top/scripts/guest-image.sh" kernel)
if [ -n "$threads" ]; then
    "$top/scripts/guest-image.sh" initramfs -p ppc64_cpu "$here/init-basic.sh" "$work/initrd.gz"
else
    "$top/scripts/guest-image.sh" initramfs "$here/init-basic.sh" "$work/initrd.gz"
fi

# The console's input is an empty file of this test's own, not /dev/null: a
# /dev/null that a root process had replaced with a regular file (dumpdtb=
# before its fix) fed other processes' output to the guest, whose tty echoed
# it ahead of /init's reports.
: > "$work/in"
status=0
timeout 600 "$emu" -M pseries ${accel:+-accel "$accel"} -m "${mem}M" -smp "$smp${threads:+,threads=$threads}" -nographic \
    -serial stdio -monitor none ${RUN_BASIC_ARGS:-} \
    -kernel "$kernel" -initrd "$work/initrd.gz" -append "console=hvc0 quiet" \
    < "$work/in" > "$work/out" 2>&1 || status=$?
tr -d '\r' < "$work/out" > "$work/log"
fail() { echo "FAIL: $*"; echo "---- console ----"; tail -n 60 "$work/log"; exit 1; }
[ "$status" -eq 0 ] || fail "ppc64-lite exited with status $status"
# Neither the guest nor the emulator writes NUL bytes to the console: some are
# corruption (or input echoed back), never something to strip.
if [ "$(tr -cd '\000' < "$work/log" | wc -c)" -ne 0 ]; then
    fail "the console holds $(tr -cd '\000' < "$work/log" | wc -c) NUL bytes"
fi
# A report may follow other console output on its line: with vCPUs on host threads of
# their own, another CPU's console writes (up to 16 bytes per H_PUT_TERM_CHAR) land
# between this script's lines.
get() { sed -n "s/.*@@$1 //p" "$work/log" | head -n 1; }
grep -q '@@DONE' "$work/log" || fail "the guest did not finish its script"

# What the host computes for the same data
awk 'BEGIN { x = 1; for (i = 0; i < 40000; i++) { x = (x * 48271) % 2147483647; print x } }' > "$work/data"
exp_sum=$(awk '{ s += $1 } END { printf "%d", s }' "$work/data")
exp_arith="$((123456789 * 987654321 % 1000000007)) $(( (1 << 40) / 3 ))"
exp_sort=$(sort -n "$work/data" | md5sum | cut -d' ' -f1)
exp_sha=$(sha256sum "$work/data" | cut -d' ' -f1)
exp_md5=$(md5sum "$work/data" | cut -d' ' -f1)

set -- $(get CPUS)
[ "${1:-}" = "$smp" ] || fail "guest sees ${1:-?} CPUs in /proc/cpuinfo, expected $smp"
want_online=0; [ "$smp" -gt 1 ] && want_online="0-$((smp - 1))"
[ "${2:-}" = "$want_online" ] || fail "online CPUs '${2:-}', expected '$want_online'"
memtotal=$(get MEMTOTAL)
# MemTotal is RAM minus what the kernel reserves for itself: within 10% below -m.
[ -n "$memtotal" ] && [ "$memtotal" -le $((mem * 1024)) ] && [ "$memtotal" -ge $((mem * 1024 * 9 / 10)) ] ||
    fail "MemTotal ${memtotal:-?} kB does not match -m ${mem}M"
[ "$(get SUM)" = "$exp_sum" ] || fail "sum $(get SUM) != $exp_sum"
[ "$(get ARITH)" = "$exp_arith" ] || fail "arithmetic '$(get ARITH)' != '$exp_arith'"
[ "$(get SORTMD5)" = "$exp_sort" ] || fail "sort|md5sum $(get SORTMD5) != $exp_sort"
[ "$(get SHA256)" = "$exp_sha" ] || fail "sha256sum $(get SHA256) != $exp_sha"
[ "$(get GZIPRT)" = "$exp_md5" ] || fail "gzip round trip $(get GZIPRT) != $exp_md5"
if [ "$smp" -ge 2 ]; then
    line=$(get CPUTIME)
    before=${line%%|*} after=${line#*| }
    i=0
    for b in $before; do
        i=$((i + 1))
        a=$(echo "$after" | cut -d' ' -f$i)
        [ "$a" -gt "$b" ] || fail "CPU $((i - 1)) did no work while two jobs ran ($line)"
    done
fi
if [ -n "$threads" ]; then
    # Thread c of the guest is thread c % T of core c / T: its siblings are that core's.
    want="" c=0
    while [ $c -lt "$smp" ]; do
        first=$((c - c % threads))
        if [ "$threads" -eq 1 ]; then
            want="$want$c "
        else
            want="$want$first-$((first + threads - 1)) "
        fi
        c=$((c + 1))
    done
    # (echo without quotes: one space between fields, none at the ends)
    [ "$(echo $(get SIBLINGS))" = "$(echo $want)" ] ||
        fail "thread siblings '$(get SIBLINGS)', expected '$want'"
    [ "$(get SMT)" = "SMT=$threads" ] ||
        fail "ppc64_cpu --smt says '$(get SMT)', expected SMT=$threads"
    if [ "$threads" -gt 1 ]; then
        # ppc64_cpu --smt=1 leaves thread 0 of each core (and then says "SMT is off");
        # --smt=on brings the others back.
        firsts=$(seq 0 "$threads" $((smp - 1)) | paste -sd, -)
        [ "$(get SMT1)" = "SMT is off $firsts" ] ||
            fail "after --smt=1: '$(get SMT1)', expected 'SMT is off $firsts'"
        [ "$(get SMTON)" = "SMT=$threads 0-$((smp - 1))" ] ||
            fail "after --smt=on: '$(get SMTON)', expected 'SMT=$threads 0-$((smp - 1))'"
        # Linux sends IPIs between SMT siblings as msgsndp doorbells (pseries smp.c).
        dbl=0
        for n in $(get DBL); do dbl=$((dbl + n)); done
        [ "$dbl" -gt 0 ] || fail "no doorbell interrupts between SMT siblings (DBL: '$(get DBL)')"
    fi
fi
echo "PASS: smp=$smp${threads:+ threads=$threads} mem=${mem}M"
