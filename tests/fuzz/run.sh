#!/bin/sh
# Run one fuzz target for a number of seconds:  tests/fuzz/run.sh TARGET SECONDS [libFuzzer options]
#
# Builds the Fuzz build (clang, libFuzzer, ASan+UBSan) in build-fuzz/ first if needed, then
# fuzzes from the seed corpus tests/fuzz/corpus/TARGET/ (read only) and a working corpus
# build-fuzz/fuzz-work/TARGET/corpus/ (new inputs go there and are kept between runs).
# A finding is written to build-fuzz/fuzz-work/TARGET/artifacts/ and the exit status is
# non-zero. FUZZ_BUILD_DIR names another build directory; FUZZ_NO_BUILD=1 skips the build
# step (ctest -L fuzz runs it that way, after the build).
set -eu
[ $# -ge 2 ] || { echo "usage: $0 TARGET SECONDS [libFuzzer options]" >&2; exit 2; }
target=$1 seconds=$2
shift 2
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
corpus=$root/tests/fuzz/corpus/$target
[ -d "$corpus" ] || { echo "$0: no target '$target' (no $corpus)" >&2; exit 2; }

if [ -z "${FUZZ_NO_BUILD:-}" ]; then
    command -v clang >/dev/null || { echo "$0: clang is missing (scripts/setup-deps.sh test)" >&2; exit 2; }
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Fuzz -DCMAKE_C_COMPILER=clang >/dev/null
    ninja -C "$build" -j"${JOBS:-2}" --quiet "fuzz-$target"
fi

work=$build/fuzz-work/$target
mkdir -p "$work/corpus" "$work/artifacts" "$work/cwd"
# Files an input makes the emulator write (the monitor's memsave/pmemsave) land in a scratch
# directory, at most 8 MiB each (ulimit -f counts KiB here; a larger write fails with EFBIG,
# which the command reports). -handle_xfsz=0: libFuzzer's own SIGXFSZ handler, installed after
# the target's LLVMFuzzerInitialize ignored the signal, would call that refused write a finding.
cd "$work/cwd"
ulimit -f 8192
dict=
[ -f "$root/tests/fuzz/corpus/$target.dict" ] && dict=-dict=$root/tests/fuzz/corpus/$target.dict
# -close_fd_mask=3: the emulator's own messages about bad input are not findings (libFuzzer
# keeps its own and the sanitizers' reports). -timeout bounds one whole input; the harness
# bounds every single request at 100 ms (fuzz-util.h).
exec "$build/tests/fuzz/fuzz-$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -close_fd_mask=3 -handle_xfsz=0 -print_final_stats=1 -artifact_prefix="$work/artifacts/" $dict "$@" \
    "$work/corpus" "$corpus"
