#!/bin/bash
# Times ppc64-lite booting Debian's ppc64el kernel with a busybox initramfs:
# host seconds to the /init marker and to power-off, and the guest's own
# timings of bench/cpubench.c (integer, memory, floating point) run inside it.
# Where qemu-system-ppc64 is installed the same kernel, initramfs and command
# line run on QEMU's pseries too, and each ratio ours/QEMU is printed (< 1:
# ppc64-lite is faster). Timings, not a test: nothing here passes or fails.
#
#   bench/linux-boot.sh [PPC64LITE]        default: build-rel/ppc64-lite
#   env: BENCH_MEM (1G), BENCH_SMP (1), BENCH_SCALE (1: cpubench work factor),
#        QEMU (qemu-system-ppc64; empty to skip QEMU),
#        QEMU_USER (qemu-ppc64le-static; empty to skip): the same cpubench binary as a
#        Linux process under qemu-user (-cpu power8: no MMU, no system), on the host
# "user-ratio" is ours (inside Linux) over qemu-user per cpubench part; the "phases"
# lines split cpubench mem into its phases (first touch, shuffle, chase, copies).
# Build ppc64-lite for this first:
#   cmake -S . -B build-rel -G Ninja -DCMAKE_BUILD_TYPE=Release && ninja -C build-rel
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
emu=${1:-$top/build-rel/ppc64-lite}
mem=${BENCH_MEM:-1G}
smp=${BENCH_SMP:-1}
scale=${BENCH_SCALE:-1}
qemu=${QEMU-qemu-system-ppc64}
qemu_user=${QEMU_USER-qemu-ppc64le-static}
append="console=hvc0 quiet"

[ -x "$emu" ] || { echo "linux-boot: $emu is not built" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$top/bench/lib.sh"

# The guest: /init prints its marker first thing, runs cpubench, powers off.
cat > "$work/init" <<EOF
#!/bin/sh
echo "@@INIT"
/bin/busybox mount -t proc proc /proc
/cpubench $scale
echo "@@DONE"
/bin/busybox poweroff -f
EOF
kernel=$(bench_kernel)
bench_cpubench_initramfs "$work/init" "$work/initrd.gz"

now_ns() { date +%s%N; }

# run NAME COMMAND...: prints "NAME init=S total=S int=S mem=S fp=S" and keeps checksums.
run() {
    local name=$1 start line t init=- done=- k secs sum
    local -A res=()
    shift
    start=$(now_ns)
    while IFS= read -r line; do
        line=${line%$'\r'}
        t=$(now_ns)
        case $line in
        *@@INIT*) init=$(( (t - start) / 1000000 )) ;;
        *@@DONE*) done=1 ;;
        *@@BENCH*)
            read -r k secs sum <<< "${line#*@@BENCH }"
            res[$k]=$secs
            echo "$name $k $sum" >> "$work/sums" ;;
        *@@PHASES*) echo "$name ${line#*@@PHASES }" >> "$work/phases" ;;
        esac
        printf '%s\n' "$line" >> "$work/$name.log"
    done < <("$@" < /dev/null 2>&1)
    t=$(now_ns)
    if [ "$done" != 1 ]; then
        echo "linux-boot: $name did not finish; its console:" >&2
        tail -n 30 "$work/$name.log" >&2
        return 1
    fi
    printf '%s init=%s total=%s int=%s mem=%s fp=%s\n' "$name" \
        "$(awk -v ms="$init" 'BEGIN { printf "%.2f", ms / 1000 }')" \
        "$(awk -v ns="$((t - start))" 'BEGIN { printf "%.2f", ns / 1e9 }')" \
        "${res[int]:--}" "${res[mem]:--}" "${res[fp]:--}"
}

echo "kernel $(basename "$kernel"), -m $mem -smp $smp, cpubench scale $scale; seconds"
ours=$(run ppc64-lite "$emu" -M pseries -m "$mem" -smp "$smp" -nographic \
    -kernel "$kernel" -initrd "$work/initrd.gz" -append "$append")
echo "$ours"

if [ -n "$qemu" ] && command -v "$qemu" > /dev/null; then
    theirs=$(run qemu "$qemu" -M pseries,x-vof=on -cpu POWER8 -m "$mem" -smp "$smp" \
        -nographic -nodefaults -serial stdio -display none \
        -kernel "$kernel" -initrd "$work/initrd.gz" -append "$append")
    echo "$theirs"
    # ours/QEMU per field
    awk -v a="$ours" -v b="$theirs" 'BEGIN {
        n = split(a, x, " "); split(b, y, " "); line = "ratio"
        for (i = 2; i <= n; i++) {
            split(x[i], p, "="); split(y[i], q, "=")
            line = line " " p[1] "=" ((q[2] + 0 > 0 && p[2] != "-") ? sprintf("%.2f", p[2] / q[2]) : "-")
        }
        print line
    }'
    # Both machines ran the same binary on the same data: the checksums must agree.
    if [ "$(awk '$1 == "ppc64-lite" { print $2, $3 }' "$work/sums")" != \
         "$(awk '$1 == "qemu" { print $2, $3 }' "$work/sums")" ]; then
        echo "WARNING: cpubench checksums differ between ppc64-lite and QEMU:" >&2
        cat "$work/sums" >&2
    fi
else
    echo "(no $qemu: QEMU comparison skipped)"
fi

if [ -n "$qemu_user" ] && command -v "$qemu_user" > /dev/null; then
    user=$("$qemu_user" -cpu power8 "$work/extra/cpubench" "$scale" | awk -v phases="$work/phases" '
        $1 == "@@BENCH" { r[$2] = $3; print "qemu-user", $2, $4 > "/dev/stderr" }
        $1 == "@@PHASES" { $1 = "qemu-user"; print >> phases }
        END { printf "qemu-user int=%s mem=%s fp=%s\n", r["int"], r["mem"], r["fp"] }' 2>> "$work/sums")
    echo "$user"
    awk -v a="$ours" -v b="$user" 'BEGIN {
        n = split(a, x, " "); m = split(b, y, " "); line = "user-ratio"
        for (j = 2; j <= m; j++) { split(y[j], q, "="); u[q[1]] = q[2] }
        for (i = 2; i <= n; i++) {
            split(x[i], p, "=")
            if (p[1] in u) {
                line = line " " p[1] "=" ((u[p[1]] + 0 > 0 && p[2] != "-") ? sprintf("%.2f", p[2] / u[p[1]]) : "-")
            }
        }
        print line
    }'
    if [ "$(awk '$1 == "ppc64-lite" { print $2, $3 }' "$work/sums")" != \
         "$(awk '$1 == "qemu-user" { print $2, $3 }' "$work/sums")" ]; then
        echo "WARNING: cpubench checksums differ between ppc64-lite and qemu-user:" >&2
        cat "$work/sums" >&2
    fi
else
    echo "(no $qemu_user: qemu-user comparison skipped)"
fi
# cpubench mem's phases (seconds, each machine's own clock): where a mem difference is.
[ ! -s "$work/phases" ] || sed 's/^/phases /' "$work/phases"
