#!/bin/sh
# ppc64-lite's one entry point for building, running and testing.
#
#   ./build.sh run    set up, build, and boot the built-in firmware (the default machine),
#                     which walks a PAPR hotplug of an e1000 that bios/demo.hmp adds and removes
#   ./build.sh test   set up, build (release and ASan+UBSan), and run every test, then
#                     every fuzz target for a short time (clang's libFuzzer: tests/fuzz/)
#   ./build.sh        set up and build only
#
# Set-up installs missing Debian packages with apt-get when run as root, or
# prints the exact apt-get line to run otherwise: building and running need only
# the build list of scripts/setup-deps.sh, testing its test list too. Every step
# is idempotent.
set -eu
cd "$(dirname "$0")"

jobs=${JOBS:-2}

# Configure every time (a second): tools installed since the last run are then
# found. Ninja prints the compiler's output (warnings, errors) once; --quiet drops
# only its progress lines.
configure_and_build() {
    dir=$1 type=$2
    shift 2
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" "$@" >/dev/null
    ninja -C "$dir" -j"$jobs" --quiet
}

case "${1:-build}" in
build|run) scripts/setup-deps.sh build ;;
test) scripts/setup-deps.sh test ;;
esac

case "${1:-build}" in
build)
    configure_and_build build Release
    ;;
run)
    configure_and_build build Release
    exec build/ppc64-lite -M pseries -nographic -netdev user,id=n0 -monitor-script bios/demo.hmp
    ;;
test)
    configure_and_build build Release
    configure_and_build build-asan Asan
    ctest --test-dir build --output-on-failure -j"$jobs"
    UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE slow
    # Each fuzz target for FUZZ_CI_SECONDS (20 s; tests/fuzz/README.md), in clang's build.
    configure_and_build build-fuzz Fuzz -DCMAKE_C_COMPILER=clang
    ctest --test-dir build-fuzz --output-on-failure -j"$jobs" -L fuzz
    ;;
*)
    echo "usage: $0 [build|run|test]" >&2
    exit 1
    ;;
esac
