#!/bin/bash
# Hotplug soak with a Linux guest in the fully automatic flow (issue 14,
# item 4): Debian 12's kernel with rtas_errd running, so the host only types
# device_add and device_del and the guest's rtas_errd calls drmgr. This is
# tests/linux/test-hotplug.py's flow g with CYCLES cycles (ctest's
# linux/hotplug-g-50-cycles runs 50): every cycle must give a working eth0
# (DHCP; a download from the host in the first and the last), remove it,
# leave nothing pending and the guest's PCI bus empty; the guest then powers
# off and ppc64-lite must exit 0 with no sanitizer report. The emulator's
# RSS is logged before the first cycle, after half of them and at the end,
# split into guest RAM, HPT, translation memory (code cache, block arena) and
# the rest; the rest may grow at most 5%, translation memory up to tb-size.
# Needs the guest cache (scripts/guest-image.sh; PPC64LITE_CACHE).
#   soak-linux.sh PPC64LITE [CYCLES [EMULATOR-ARG...]]   (CYCLES defaults to 100)
# It takes minutes (5.3 s a cycle on two shared cores, 6.3 s with ASan; 2026-12-06); it runs nice'd.
set -eu -o pipefail
emu=${1:?usage: soak-linux.sh PPC64LITE [CYCLES [EMULATOR-ARG...]]}
cycles=${2:-100}
shift $(($# > 2 ? 2 : $#))
here=$(cd "$(dirname "$0")/.." && pwd)
# ASan's quarantine would show as RSS growth: see scripts/soak-firmware.sh.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0:thread_local_quarantine_size_kb=0"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
nice -n 10 python3 "$here/tests/linux/test-hotplug.py" "$emu" g "$cycles" "$@" 2>&1 | tee "$log" ||
    status=$?
[ "$status" -eq 0 ] || { echo "FAIL: test-hotplug.py flow g exited with $status"; exit 1; }
echo "---- summary ----"
grep -E "RSS after|cycles: device_add|exited with status" "$log"
# The guest's RAM and HPT fill as its kernel runs; translation memory (the code
# cache and the block arena: native code, the block hash and every block's
# descriptor, tcg/tb.c) fills as code gets translated, up to tb-size, where a
# full flush empties it. The rest (the emulator's own memory, from
# /proc/PID/smaps) must stay within 5% of where it was before the first cycle,
# and translation memory within tb-size at every reading.
awk 'function kb(what) { if (!match($0, what " [0-9]+")) return -1
                         return substr($0, RSTART + length(what) + 1, RLENGTH - length(what) - 1) + 0 }
     /RSS after .* rest [0-9]+ kB/ {
         if (/None/) bad = 1
         r = kb("rest"); t = kb("code cache") + kb("block arena"); b = kb("tb-size")
         if (t > b) over = over sprintf(" %d > %d kB", t, b)
         if (first == "") { first = r; tfirst = t }
         last = r; tlast = t; bound = b }
     END { if (first == "" || bad) { print "FAIL: no RSS split (the guest RAM, HPT, code cache or block arena mapping not found)"; exit 1 }
           printf "translation memory (code cache and block arena): %d -> %d kB, bound (tb-size) %d kB\n", tfirst, tlast, bound
           if (over != "") { print "FAIL: translation memory over tb-size:" over; exit 1 }
           g = 100 * (last - first) / first
           printf "rest (RSS outside guest RAM, HPT and translation memory): %d -> %d kB, %+.1f%%\n", first, last, g
           if (g > 5) { print "FAIL: the emulator'"'"'s own memory grew more than 5%"; exit 1 } }' "$log"
