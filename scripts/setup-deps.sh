#!/bin/sh
# Install what ppc64-lite needs from Debian 12's packages: as root with apt-get,
# otherwise print the exact command. Quiet when everything is present.
set -eu

# Build: compiler, CMake, the four libraries. Guest side: the ppc64le cross
# toolchain (firmware, bare-metal tests), qemu-user-static (the ISA oracle),
# dtc (device-tree checks), gdb-multiarch (debugger tests), cpio (initramfs),
# qemu-system-ppc (runs our firmware on QEMU's pseries as a cross-check).
packages="gcc cmake ninja-build pkg-config libglib2.0-dev libfdt-dev libcapstone-dev zlib1g-dev
gcc-powerpc64le-linux-gnu binutils-powerpc64le-linux-gnu qemu-user-static device-tree-compiler
gdb-multiarch cpio xz-utils qemu-system-ppc"

# Debian's ppc64el packages (kernel, busybox, drmgr) come through the foreign architecture.
foreign_ok=true
dpkg --print-foreign-architectures | grep -qx ppc64el || foreign_ok=false

missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && $foreign_ok && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "ppc64-lite: missing packages; run as root:" >&2
    $foreign_ok || echo "  dpkg --add-architecture ppc64el && apt-get update" >&2
    [ -z "$missing" ] || echo "  apt-get install -y$missing" >&2
    exit 1
fi
$foreign_ok || dpkg --add-architecture ppc64el
echo "ppc64-lite: installing:$missing" >&2
# One lagging mirror index must not stop the set-up; what matters is that the
# packages really arrive, checked below.
apt-get update -qq >/dev/null 2>&1 || echo "ppc64-lite: apt-get update reported errors; continuing" >&2
[ -z "$missing" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
for p in $missing; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || {
        echo "ppc64-lite: package $p did not install" >&2
        exit 1
    }
done
