#!/bin/bash
# The emulators' CPU time (user + sys seconds, all threads) for the parts of
# bench/linux-boot.sh, one part per run: a boot that powers off at /init, and
# boots that run one cpubench kernel (int, mem, fp) before powering off. A
# part's time is its run's minus the boot's. qemu-user runs each kernel as a
# process. CPU time, unlike the guest's wall-clock figures, barely moves when
# other work shares the host. Timings, not a test.
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
    printf '#!/bin/sh\necho "@@INIT"\n/bin/busybox mount -t proc proc /proc\n%s\necho "@@DONE"\n/bin/busybox poweroff -f\n' \
        "$run" > "$work/init-$part"
    bench_cpubench_initramfs "$work/init-$part" "$work/initrd-$part.gz"
done

# cpu NAME COMMAND...: prints the user+sys seconds of the command; it must print @@DONE.
cpu() {
    local name=$1
    shift
    /usr/bin/time -f "%U %S" -o "$work/time" "$@" < /dev/null > "$work/out" 2>&1 || true
    grep -q "@@DONE\|@@BENCH" "$work/out" || { echo "cpu-time: $name did not finish" >&2; tail -5 "$work/out" >&2; exit 1; }
    awk '{ printf "%.2f", $1 + $2 }' "$work/time"
}

echo "kernel $(basename "$kernel"), -m 1G -smp 1, cpubench scale $scale; CPU seconds (user+sys)"
for rep in $(seq "$reps"); do
    line="run $rep:"
    for part in boot int mem fp; do
        initrd=$work/initrd-$part.gz
        o=$(cpu ppc64-lite "$emu" -M pseries -m 1G -nographic -kernel "$kernel" -initrd "$initrd" -append "$append")
        line="$line ours.$part=$o"
        if [ -n "$qemu" ]; then
            q=$(cpu qemu "$qemu" -M pseries,x-vof=on -cpu POWER8 -m 1G -nographic -nodefaults -serial stdio \
                -display none -kernel "$kernel" -initrd "$initrd" -append "$append")
            line="$line qemu.$part=$q"
        fi
        if [ -n "$qemu_user" ] && [ "$part" != boot ]; then
            u=$(cpu qemu-user "$qemu_user" -cpu power8 "$work/extra/cpubench" "$scale" "$part")
            line="$line user.$part=$u"
        fi
    done
    echo "$line"
done | tee "$work/runs"

# Medians over the runs; a part is its run minus the boot run.
awk '
function median(s,   a, n, i, j, t) {
    n = split(s, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
{
    delete v
    for (i = 3; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    for (k in v) {
        split(k, mp, ".")
        x = (mp[1] != "user" && mp[2] != "boot") ? v[k] - v[mp[1] ".boot"] : v[k]
        all[k] = all[k] " " x
    }
}
END {
    line = "median (parts without the boot):"
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
