#!/bin/sh
# Install what ppc64-lite needs from Debian 12's packages: as root with apt-get,
# otherwise print the exact command. Quiet when everything is present.
#
#   scripts/setup-deps.sh [build]   what building and running need (./build.sh, ./build.sh run)
#   scripts/setup-deps.sh test      that, plus what the test suite needs (./build.sh test)
set -eu

# One package a line, with why after '#': add new ones to the list they belong to.
# Building and running: compiler, CMake, Ninja and the libraries the emulator links.
# The firmware has a committed prebuilt image, so no cross compiler is needed here.
build_packages="
gcc
cmake
ninja-build
pkg-config
libglib2.0-dev               # main loop, containers, GTest
libfdt-dev                   # device trees
libcapstone-dev              # disassembly
zlib1g-dev                   # gzip'd images
libslirp-dev                 # user-mode networking (-netdev user)
libjson-glib-dev             # QMP's JSON (parser, builder, generator)
"

# Testing, on top of the build list.
test_packages="
gcc-powerpc64le-linux-gnu    # firmware from source, bare-metal guests, gdb test program
binutils-powerpc64le-linux-gnu  # the ISA harness assembles with it
qemu-user-static             # the ISA harness's reference CPU
qemu-system-ppc              # the firmware on QEMU's pseries, an independent machine
device-tree-compiler         # dtc, fdtget: checks of the trees we build
gdb-multiarch                # gdb stub tests
python3                      # ISA harness, interactive Linux tests
cpio                         # Linux guest initramfs images
xz-utils                     # Debian's .debs for guest images
clang                        # the fuzz build (tests/fuzz): clang 14 with libFuzzer, ASan, UBSan
libclang-rt-14-dev           # libclang_rt.fuzzer and the sanitizer runtimes (clang-14 only recommends it)
"
# Linux guest images also need Debian's ppc64el packages (kernel, busybox, drmgr),
# which come through the ppc64el foreign architecture.

case "${1:-build}" in
build) list=$build_packages need_foreign=false ;;
test) list="$build_packages $test_packages" need_foreign=true ;;
*) echo "usage: $0 [build|test]" >&2; exit 1 ;;
esac

packages=$(printf '%s\n' "$list" | sed 's/#.*//')

foreign_ok=true
if $need_foreign; then
    dpkg --print-foreign-architectures | grep -qx ppc64el || foreign_ok=false
fi

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
