#!/bin/bash
# A compile job inside the guest (issue 15's real-workload benchmark): Debian's own
# ppc64el gcc-12 and binutils, unmodified, run in the Linux guest's initramfs and
# build C files of this project: every bare-metal test program of tests/guest/ and
# bench/'s guest loops (-c, freestanding, -O2) and bench/cpubench.c (compiled and
# linked against glibc). The same kernel, initramfs and command line run on QEMU 7.2's
# pseries in the same run; host seconds from the guest's start marker to its end
# marker, and the CPU time each emulator used in between, are compared, ours/QEMU
# (< 1: ppc64-lite is faster). A compiler is a branchy,
# pointer-chasing, allocation-heavy program with many processes (fork, exec, page
# faults, file I/O in tmpfs): the opposite of cpubench's three tight loops.
#
# The guest prints an md5 of every output file; both machines must agree (the same
# compiler on the same input makes the same bytes), which checks the engine on a
# large real program as well. Timings, not a test: it fails only when a guest does
# not finish or the outputs differ.
#
#   bench/compile-job.sh [PPC64LITE]       default: build-rel/ppc64-lite
#   env: BENCH_REPS (3: how many times the guest compiles the set),
#        BENCH_MEM (1G), QEMU (qemu-system-ppc64; empty to skip QEMU)
# The compiler (gcc-12, cpp-12, binutils and their libraries, libc6-dev, about 80 MB
# unpacked) is fetched once into the guest cache (scripts/guest-image.sh extra gcc).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
emu=${1:-$top/build-rel/ppc64-lite}
reps=${BENCH_REPS:-3}
mem=${BENCH_MEM:-1G}
qemu=${QEMU-qemu-system-ppc64}
append="console=hvc0 quiet"
gcc_pkgs="gcc-12 cpp-12 gcc-12-base libgcc-12-dev binutils binutils-powerpc64le-linux-gnu
libbinutils libctf0 libctf-nobfd0 libjansson4 libgmp10 libisl23 libmpc3 libmpfr6 libstdc++6
libzstd1 zlib1g libgcc-s1 libc6 libc6-dev linux-libc-dev libcrypt-dev libcrypt1"

[ -x "$emu" ] || { echo "compile-job: $emu is not built" >&2; exit 1; }
case $reps in ''|*[!0-9]*|0) echo "compile-job: BENCH_REPS must be a positive number" >&2; exit 1 ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$top/bench/lib.sh"

# The compiler's tree, without what a C compile and a dynamic link never read
# (documentation, LTO, gold, the sanitizers' and glibc's static archives).
# shellcheck disable=SC2086
xroot=$("$top/scripts/guest-image.sh" extra gcc $gcc_pkgs)
tree=$work/tree
mkdir -p "$tree"
cp -a "$xroot/." "$tree/"
rm -rf "$tree/usr/share" "$tree/usr/lib/gcc/powerpc64le-linux-gnu/12/lto1" \
       "$tree"/usr/bin/*lto-dump* "$tree"/usr/bin/*gold* "$tree"/usr/bin/*dwp*
find "$tree" -name '*.a' ! -name 'libgcc*.a' ! -name '*_nonshared.a' -delete

# The sources, at the same relative paths as in this tree.
src=$tree/src
mkdir -p "$src/tests/guest" "$src/bench" "$src/pci" "$src/ppc/spapr"
cp "$top"/tests/guest/*.c "$top"/tests/guest/*.h "$src/tests/guest/"
cp "$top"/bench/*.c "$src/bench/"
cp "$top"/pci/*-regs.h "$src/pci/"
cp "$top"/ppc/spapr/papr.h "$src/ppc/spapr/"
nfiles=$(ls "$src"/tests/guest/*.c "$src"/bench/*.c | wc -l)

cat > "$work/init" <<EOF
#!/bin/sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t tmpfs tmpfs /tmp
export PATH=/usr/bin:/bin:/sbin
cd /src
cc=powerpc64le-linux-gnu-gcc-12
bare="-mcpu=power8 -mabi=elfv2 -mno-altivec -mno-vsx -msoft-float -O2 -ffreestanding -fno-builtin -fno-pic -I. -Itests/guest"
echo "@@START"
ok=1
i=0
while [ \$i -lt $reps ]; do
    for f in tests/guest/*.c bench/loop.c bench/fploop.c; do
        \$cc \$bare -c -o /tmp/\${f##*/}.o \$f || ok=0
    done
    \$cc -O2 -o /tmp/cpubench bench/cpubench.c -lm || ok=0
    i=\$((i + 1))
done
echo "@@END ok=\$ok"
cd /tmp && md5sum *.o cpubench | sed 's/^/@@SUM /'
/bin/busybox poweroff -f
EOF
kernel=$("$top/scripts/guest-image.sh" kernel)
"$top/scripts/guest-image.sh" initramfs "$work/init" "$work/initrd.gz"
# Linux unpacks concatenated (separately compressed) cpio archives in turn.
(cd "$tree" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -1n >> "$work/initrd.gz"

now_ns() { date +%s%N; }


# run NAME COMMAND...: prints "NAME wall=S cpu=S" for @@START..@@END (host wall-clock and
# the emulator's CPU time, which on a loaded host is the fairer figure); the md5 lines
# go to $work/NAME.sums.
run() {
    local name=$1 line t pid start=- end=- c0=- c1=- ok=-
    shift
    : > "$work/$name.sums"
    mkfifo "$work/$name.out"
    "$@" < /dev/null > "$work/$name.out" 2>&1 &
    pid=$!
    while IFS= read -r line; do
        line=${line%$'\r'}
        t=$(now_ns)
        case $line in
        *@@START*) start=$t; c0=$(bench_cpu_s "$pid") ;;
        *@@END*) end=$t; c1=$(bench_cpu_s "$pid"); ok=${line#*ok=} ;;
        *@@SUM*) echo "${line#*@@SUM }" >> "$work/$name.sums" ;;
        esac
        printf '%s\n' "$line" >> "$work/$name.log"
    done < "$work/$name.out"
    wait "$pid" || true
    if [ "$start" = - ] || [ "$end" = - ] || [ "$ok" != 1 ]; then
        echo "compile-job: $name did not finish the compile job (ok=$ok); its console:" >&2
        tail -n 30 "$work/$name.log" >&2
        return 1
    fi
    awk -v ns="$((end - start))" -v c0="$c0" -v c1="$c1" -v n="$name" \
        'BEGIN { printf "%s wall=%.2f cpu=%.2f\n", n, ns / 1e9, c1 - c0 }'
}

echo "kernel $(basename "$kernel"), -m $mem; $reps x ($nfiles files: gcc-12 -O2); host seconds"
ours=$(run ppc64-lite "$emu" -M pseries -m "$mem" -nographic \
    -kernel "$kernel" -initrd "$work/initrd.gz" -append "$append")
echo "$ours"
[ "$(wc -l < "$work/ppc64-lite.sums")" -eq "$nfiles" ] ||
    { echo "compile-job: expected $nfiles outputs, got:" >&2; cat "$work/ppc64-lite.sums" >&2; exit 1; }

if [ -n "$qemu" ] && command -v "$qemu" > /dev/null; then
    theirs=$(run qemu "$qemu" -M pseries,x-vof=on -cpu POWER8 -m "$mem" \
        -nographic -nodefaults -serial stdio -display none \
        -kernel "$kernel" -initrd "$work/initrd.gz" -append "$append")
    echo "$theirs"
    awk -v a="$ours" -v b="$theirs" 'BEGIN {
        split(a, x, "[ =]"); split(b, y, "[ =]")
        printf "ratio wall=%.2f cpu=%.2f\n", x[3] / y[3], x[5] / y[5]
    }'
    if ! cmp -s "$work/ppc64-lite.sums" "$work/qemu.sums"; then
        echo "compile-job: the outputs differ between ppc64-lite and QEMU:" >&2
        diff "$work/ppc64-lite.sums" "$work/qemu.sums" >&2
        exit 1
    fi
    echo "outputs identical on both ($nfiles files)"
else
    echo "(no $qemu: QEMU comparison skipped)"
fi
