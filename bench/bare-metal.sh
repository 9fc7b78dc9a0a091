#!/bin/sh
# Bare-metal engine benchmark: builds ppc64-lite (Release) and the loop
# programs under bench/ (loop.c: integer, fploop.c: floating point), then
# runs each on ppc64-lite with the JIT on and off and on qemu-system-ppc64
# (pseries, POWER8, our firmware, which honours QEMU's /chosen/qemu,boot-kernel)
# in the same run, and prints wall and CPU (user+sys) seconds and the ratios
# to QEMU. Timings belong here, never in tests.
#   bench/bare-metal.sh [ITERATIONS [PROGRAM...]]   (default 20000000 iterations, all programs)
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$src/build-rel}
iters=${1:-20000000}
[ $# -gt 0 ] && shift
progs=${*:-loop fploop}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
ninja -C "$build" -j2 ppc64-lite firmware > /dev/null
emu=$build/ppc64-lite
fw=$build/bios/ppc64-lite-fw.bin

G=$src/tests/guest
cc=powerpc64le-linux-gnu-gcc
flags="-mcpu=power8 -mabi=elfv2 -mno-altivec -mno-vsx -O2 -ffreestanding
  -fno-builtin -fno-pic -fno-stack-protector -nostdlib -static -Wall -Wextra -Werror -I$G -I$src
  -Wl,--build-id=none -Wl,--no-warn-rwx-segments -Wl,-T,$G/guest.lds -mlittle-endian"

# run NAME CMD...: prints the guest's last output line and the times; sets $t_cpu.
run() {
    name=$1
    shift
    /usr/bin/time -f "%e %U %S" -o "$out/time" "$@" < /dev/null > "$out/log" 2>&1 || true
    read -r wall user sys < "$out/time"
    t_cpu=$(echo "$user + $sys" | bc)
    printf '  %-14s wall %6.2f s  cpu %6.2f s   %s\n' "$name" "$wall" "$t_cpu" \
        "$(grep -v warning "$out/log" | tr -d '\r' | tail -1)"
}

qemu=$(command -v qemu-system-ppc64 || true)
for name in $progs; do
    prog=$src/bench/$name.c
    elf=$out/$name.elf
    # the FP program uses the FPU (it sets MSR[FP] itself); the others need none
    case $name in fp*) fpu=-mhard-float ;; *) fpu=-msoft-float ;; esac
    # shellcheck disable=SC2086
    $cc $flags $fpu -DITERS="$iters" -o "$elf" "$G/crt0.S" "$G/guest.c" "$prog"
    echo "$name ($iters iterations):"
    run "jit=on" "$emu" -nographic -kernel "$elf"
    on=$t_cpu
    run "jit=off" "$emu" -accel tcg,jit=off -nographic -kernel "$elf"
    off=$t_cpu
    if [ -n "$qemu" ]; then
        run "qemu" "$qemu" -M pseries -cpu POWER8 -bios "$fw" -kernel "$elf" -nographic \
            -nodefaults -serial stdio -display none
        q=$t_cpu
        echo "  cpu time vs qemu: jit=on $(echo "scale=2; $on / $q" | bc)x," \
             "jit=off $(echo "scale=2; $off / $q" | bc)x  (below 1 = faster than qemu)"
    fi
    echo "  jit speed-up over the interpreter: $(echo "scale=2; $off / $on" | bc)x"
done
