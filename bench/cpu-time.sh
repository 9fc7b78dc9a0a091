#!/bin/bash
# The emulators' CPU time (user + sys seconds, all threads) for the parts of
# bench/linux-boot.sh, one part per run: a boot that powers off at /init, and
# boots that run one cpubench kernel (int, mem, fp) before powering off. The
# guest prints a marker at /init, before the part and after it; the host reads
# the emulator's CPU time (/proc/PID/stat) as each marker arrives, so the boot
# is the time to the /init marker and a part is the time between its two
# markers (not one run minus another: the boot's own spread, mostly the host
# kernel handing out fresh memory, stays out of the parts). qemu-user runs
# each kernel as a process. CPU time, unlike the guest's wall-clock figures,
# barely moves when other work shares the host. Timings, not a test.
#
#   bench/cpu-time.sh [PPC64LITE]          default: build-rel/ppc64-lite
#   env: BENCH_REPS (3: runs of everything; medians are printed), BENCH_SCALE (3),
#        QEMU (qemu-system-ppc64), QEMU_USER (qemu-ppc64le-static); empty skips one
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
emu=${1:-$top/build-rel/ppc64-lite}
reps=${BENCH_REPS:-3}
scale=${BENCH_SCALE:-3}
qemu=${QEMU-qemu-system-ppc64}
qemu_user=${QEMU_USER-qemu-ppc64le-static}
append="console=hvc0 quiet"

[ -x "$emu" ] || { echo "cpu-time: $emu is not built" >&2; exit 1; }
command -v "$qemu" > /dev/null || qemu=
command -v "$qemu_user" > /dev/null || qemu_user=
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$top/bench/lib.sh"

kernel=$(bench_kernel)
for part in boot int mem fp; do
    run=""
    [ "$part" = boot ] || run="/cpubench $scale $part"
    # The guest idles a second after its last marker: the host reads the CPU time of a
    # process still there (a loaded host may read it late: the idle second costs none).
    printf '#!/bin/sh\necho "@@INIT"\n/bin/busybox mount -t proc proc /proc\necho "@@PART"\n%s\necho "@@DONE"\n/bin/busybox sleep 1\n/bin/busybox poweroff -f\n' \
        "$run" > "$work/init-$part"
    bench_cpubench_initramfs "$work/init-$part" "$work/initrd-$part.gz"
done

# marks NAME COMMAND...: runs a guest, prints "BOOT PART": the emulator's CPU seconds at
# the /init marker, and between the part's markers.
marks() {
    local name=$1 line init=- c0=- c1=- pid
    shift
    rm -f "$work/fifo"
    mkfifo "$work/fifo"
    "$@" < /dev/null > "$work/fifo" 2>&1 &
    pid=$!
    while IFS= read -r line; do
        case $line in
        *@@INIT*) init=$(bench_cpu_s "$pid") ;;
        *@@PART*) c0=$(bench_cpu_s "$pid") ;;
        *@@DONE*) c1=$(bench_cpu_s "$pid") ;;
        esac
        printf '%s\n' "$line" >> "$work/out"
    done < "$work/fifo"
    wait "$pid" || true
    [ "$c1" != - ] || { echo "cpu-time: $name did not finish" >&2; tail -5 "$work/out" >&2; exit 1; }
    for v in "$init" "$c0" "$c1"; do
        case $v in
        '' | *[!0-9.]*)
            echo "cpu-time: $name: a marker's CPU time could not be read ($init/$c0/$c1)" >&2
            exit 1 ;;
        esac
    done
    awk -v i="$init" -v a="$c0" -v b="$c1" 'BEGIN { printf "%.2f %.2f", i, b - a }'
}

# cpu NAME COMMAND...: prints the user+sys seconds of the whole command (qemu-user).
cpu() {
    local name=$1
    shift
    /usr/bin/time -f "%U %S" -o "$work/time" "$@" < /dev/null > "$work/out" 2>&1 || true
    grep -q "@@BENCH" "$work/out" || { echo "cpu-time: $name did not finish" >&2; tail -5 "$work/out" >&2; exit 1; }
    awk '{ printf "%.2f", $1 + $2 }' "$work/time"
}

echo "kernel $(basename "$kernel"), -m 1G -smp 1, cpubench scale $scale; CPU seconds (user+sys)"
for rep in $(seq "$reps"); do
    line="run $rep:"
    for part in boot int mem fp; do
        initrd=$work/initrd-$part.gz
        # shellcheck disable=SC2046
        set -- $(marks ppc64-lite "$emu" -M pseries -m 1G -nographic -kernel "$kernel" \
            -initrd "$initrd" -append "$append")
        [ "$part" = boot ] && line="$line ours.boot=$1" || line="$line ours.$part=$2"
        # qemu-user right after ours: the two a part's ratio compares see the same minute of
        # the host (QEMU's system emulation of mem alone takes ten seconds).
        if [ -n "$qemu_user" ] && [ "$part" != boot ]; then
            u=$(cpu qemu-user "$qemu_user" -cpu power8 "$work/extra/cpubench" "$scale" "$part")
            line="$line user.$part=$u"
        fi
        if [ -n "$qemu" ]; then
            # shellcheck disable=SC2046
            set -- $(marks qemu "$qemu" -M pseries,x-vof=on -cpu POWER8 -m 1G -nographic -nodefaults \
                -serial stdio -display none -kernel "$kernel" -initrd "$initrd" -append "$append")
            [ "$part" = boot ] && line="$line qemu.boot=$1" || line="$line qemu.$part=$2"
        fi
    done
    echo "$line"
done | tee "$work/runs"

# Medians over the runs, and each run's ratios.
awk '
function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
function ratio(a, b) { return (a in v && b in v && v[b] > 0) ? sprintf("%.2f", v[a] / v[b]) : "-" }
{
    delete v
    for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    for (k in v) {
        all[k] = all[k] " " v[k]
    }
    printf "%s %s ratios: boot/QEMU=%s int/qemu-user=%s mem/qemu-user=%s fp/qemu-user=%s\n", $1, $2,
        ratio("ours.boot", "qemu.boot"), ratio("ours.int", "user.int"),
        ratio("ours.mem", "user.mem"), ratio("ours.fp", "user.fp")
}
END {
    line = "median:"
    split("boot int mem fp", parts, " ")
    for (p = 1; p <= 4; p++) {
        split("ours qemu user", ms, " ")
        for (m = 1; m <= 3; m++) {
            k = ms[m] "." parts[p]
            if (k in all) { med[k] = median(all[k]); line = line sprintf(" %s=%.2f", k, med[k]) }
        }
    }
    print line
    line = "ratio ours/QEMU:"
    for (p = 1; p <= 4; p++)
        if (("qemu." parts[p]) in med && med["qemu." parts[p]] > 0)
            line = line sprintf(" %s=%.2f", parts[p], med["ours." parts[p]] / med["qemu." parts[p]])
    print line
    line = "ratio ours/qemu-user:"
    for (p = 2; p <= 4; p++)
        if (("user." parts[p]) in med && med["user." parts[p]] > 0)
            line = line sprintf(" %s=%.2f", parts[p], med["ours." parts[p]] / med["user." parts[p]])
    print line
}' "$work/runs"
