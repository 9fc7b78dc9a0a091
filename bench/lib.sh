# Shared by the Linux-guest benchmarks (bench/linux-boot.sh, smp.sh, cpu-time.sh), sourced
# after they set top (the source tree) and work (their temporary folder): the guest's
# kernel and a busybox initramfs with bench/cpubench.c in it.
#   bench_kernel                     prints the path of Debian's ppc64el vmlinux
#   bench_cpu_s PID                  the host CPU seconds (user + system, every thread)
#                                    process PID has used so far
#   bench_cpubench_initramfs INIT OUT
#                                    OUT (gzip'd cpio): scripts/guest-image.sh's image with
#                                    INIT as /init, plus /cpubench, built once into
#                                    $work/extra/cpubench (static, ppc64le), where qemu-user
#                                    comparisons find it too

bench_cpu_s() {
    awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$1/stat"
}

bench_kernel() {
    "$top/scripts/guest-image.sh" kernel
}

bench_cpubench_initramfs() {
    if [ ! -x "$work/extra/cpubench" ]; then
        mkdir -p "$work/extra"
        powerpc64le-linux-gnu-gcc -O2 -static -o "$work/extra/cpubench" "$top/bench/cpubench.c" -lm
    fi
    "$top/scripts/guest-image.sh" initramfs "$1" "$2"
    # Linux unpacks concatenated (separately compressed) cpio archives in turn.
    (cd "$work/extra" && echo cpubench | cpio -o -H newc --quiet -R 0:0) | gzip -9n >> "$2"
}
