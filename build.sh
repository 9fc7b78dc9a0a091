#!/bin/sh
# ppc64-lite's one entry point for building, running and testing.
#
#   ./build.sh run    set up, build, and boot the built-in firmware (the default machine)
#   ./build.sh test   set up, build (release and ASan+UBSan), and run every test
#   ./build.sh        set up and build only
#
# Set-up installs missing Debian packages with apt-get when run as root, or
# prints the exact apt-get line to run otherwise. Every step is idempotent.
set -eu
cd "$(dirname "$0")"

jobs=${JOBS:-2}

scripts/setup-deps.sh

configure_and_build() {
    dir=$1 type=$2
    if [ ! -f "$dir/build.ninja" ]; then
        cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE="$type" >/dev/null
    fi
    ninja -C "$dir" -j"$jobs" >/dev/null || ninja -C "$dir" -j1
}

case "${1:-build}" in
build)
    configure_and_build build Release
    ;;
run)
    configure_and_build build Release
    exec build/ppc64-lite -M pseries -nographic
    ;;
test)
    configure_and_build build Release
    configure_and_build build-asan Asan
    ctest --test-dir build --output-on-failure -j"$jobs"
    ASAN_OPTIONS=detect_leaks=0 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE slow
    ;;
*)
    echo "usage: $0 [build|run|test]" >&2
    exit 1
    ;;
esac
