#!/bin/bash
# Issue 16's SMP benchmark: an -smp 2 Linux guest (Debian's ppc64el kernel,
# busybox initramfs) runs one CPU-bound cpubench process alone, then two at
# once. Wall seconds of each phase as the guest's cpubench measures them (its
# clock follows the host's on both emulators; console output may reach us
# late, so host timestamps of console lines are not used): "one" is the lone
# job's time, "two" the slower of the pair's. On ppc64-lite with -accel
# tcg,thread=single and thread=multi and on QEMU 7.2 (-M pseries -cpu POWER8
# -accel tcg,thread=multi), in one run.
# Printed per emulator: one, two, two/one (1 = the second vCPU came for free,
# 2 = the two jobs took turns) and cpu/wall over the whole run (user + sys
# seconds of all the emulator's threads over its wall time, boot included:
# above 1 only if it used more than one host core); then ours/QEMU per phase. Issue 16's
# targets: two/one <= 1.2 and ours <= QEMU's. Timings, not a test.
#
#   bench/smp.sh [PPC64LITE]        default: build-rel/ppc64-lite
#   env: BENCH_SCALE (10: cpubench work factor), BENCH_PART (int: cpubench kernel),
#        BENCH_REPS (3: runs of everything; medians are printed),
#        QEMU (qemu-system-ppc64; empty to skip QEMU),
#        BENCH_THREADS ("single multi": our accelerator modes to run),
#        BENCH_TIMEOUT (600: seconds one emulator run may take)
# An emulator that fails or hangs is reported, the others still run, and the
# script exits 1.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
emu=${1:-$top/build-rel/ppc64-lite}
scale=${BENCH_SCALE:-10}
part=${BENCH_PART:-int}
reps=${BENCH_REPS:-3}
qemu=${QEMU-qemu-system-ppc64}
modes=${BENCH_THREADS:-single multi}
append="console=hvc0 quiet"

[ -x "$emu" ] || { echo "smp: $emu is not built" >&2; exit 1; }
[ -z "$qemu" ] || command -v "$qemu" > /dev/null || { echo "smp: no $qemu (QEMU= to skip it)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$top/bench/lib.sh"

cat > "$work/init" <<EOF
#!/bin/sh
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t devtmpfs devtmpfs /dev
echo "@@CPUS \$(grep -c '^processor' /proc/cpuinfo)"
echo "@@ONE"
/cpubench $scale $part
echo "@@TWO"
/cpubench $scale $part &
/cpubench $scale $part &
wait
echo "@@DONE"
/bin/busybox poweroff -f
EOF
kernel=$(bench_kernel)
bench_cpubench_initramfs "$work/init" "$work/initrd.gz"

# run NAME COMMAND...: prints "NAME one=S two=S two/one=R cpu/wall=R", or fails with the console's tail.
run() {
    local name=$1 line phase=- done=- cpus=- one=- two=- sums wall user sys
    shift
    : > "$work/$name.log"
    while IFS= read -r line; do
        line=${line%$'\r'}
        case $line in
        *@@CPUS*) cpus=${line##* } ;;
        *@@ONE*) phase=one ;;
        *@@TWO*) phase=two ;;
        *@@DONE*) done=1 ;;
        *@@BENCH*)
            set -- ${line#*@@BENCH }
            if [ "$phase" = one ]; then
                one=$2
            elif [ "$phase" = two ]; then
                two=$(awk -v a="$two" -v b="$2" 'BEGIN { print (a == "-" || b + 0 > a + 0) ? b : a }')
            fi ;;
        esac
        printf '%s\n' "$line" >> "$work/$name.log"
    done < <(/usr/bin/time -f "%e %U %S" -o "$work/time" \
             timeout "${BENCH_TIMEOUT:-600}" "$@" < /dev/null 2>&1)
    [ -z "${BENCH_DEBUG:-}" ] || cat "$work/$name.log" >&2
    if [ "$done" = - ] || [ "$one" = - ] || [ "$two" = - ]; then
        echo "smp: $name did not finish (within ${BENCH_TIMEOUT:-600} s?); its console:" >&2
        tail -n 20 "$work/$name.log" >&2
        return 1
    fi
    [ "$cpus" = 2 ] || { echo "smp: $name's guest saw $cpus CPUs, not 2" >&2; return 1; }
    # Three cpubench runs of the same work: three lines, one checksum, the same on every emulator.
    sums=$(grep -a '@@BENCH' "$work/$name.log" | awk '{ print $NF }' | sort | uniq -c)
    if [ "$(echo "$sums" | awk '{ print $1 }')" != 3 ] ||
       { [ -s "$work/sum" ] && [ "$(echo "$sums" | awk '{ print $2 }')" != "$(cat "$work/sum")" ]; }; then
        echo "smp: $name: cpubench results differ or are missing:" >&2
        grep -a '@@BENCH' "$work/$name.log" >&2
        return 1
    fi
    echo "$sums" | awk '{ print $2 }' > "$work/sum"
    read -r wall user sys < "$work/time"
    awk -v n="$name" -v a="$one" -v b="$two" -v w="$wall" -v c="$user" -v k="$sys" \
        'BEGIN { printf "%s one=%.2f two=%.2f two/one=%.2f cpu/wall=%.2f\n",
                 n, a, b, b / a, (c + k) / w }'
}

ours() {
    run "ppc64-lite-$1" "$emu" -M pseries -accel "tcg,thread=$1" -m 1G -smp 2 -nographic \
        -kernel "$kernel" -initrd "$work/initrd.gz" -append "$append"
}

uptime_load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "kernel $(basename "$kernel"), -m 1G -smp 2, cpubench $part scale $scale; wall seconds"
for rep in $(seq "$reps"); do
    echo "# run $rep, load average $(uptime_load)"
    for m in $modes; do
        ours "$m" || touch "$work/failed"
    done
    if [ -n "$qemu" ]; then
        run qemu "$qemu" -M pseries,x-vof=on -cpu POWER8 -accel tcg,thread=multi -m 1G -smp 2 \
            -nographic -nodefaults -serial stdio -display none \
            -kernel "$kernel" -initrd "$work/initrd.gz" -append "$append" || touch "$work/failed"
    fi
done | tee "$work/runs"

# Medians over the runs, then ours/QEMU per phase.
awk '
function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
$1 !~ /^#/ {
    if (!($1 in seen)) { order[++n] = $1; seen[$1] = 1 }
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[$1, kv[1]] = v[$1, kv[1]] " " kv[2] }
}
END {
    for (i = 1; i <= n; i++) {
        e = order[i]
        one[e] = median(v[e, "one"]); two[e] = median(v[e, "two"])
        printf "median %s one=%.2f two=%.2f two/one=%.2f cpu/wall=%.2f\n", e, one[e], two[e],
               median(v[e, "two/one"]), median(v[e, "cpu/wall"])
    }
    if (("qemu" in one) && one["qemu"] > 0)
        for (i = 1; i <= n; i++)
            if (order[i] != "qemu")
                printf "ratio %s/qemu one=%.2f two=%.2f\n", order[i], one[order[i]] / one["qemu"], two[order[i]] / two["qemu"]
}' "$work/runs"
[ ! -e "$work/failed" ]
