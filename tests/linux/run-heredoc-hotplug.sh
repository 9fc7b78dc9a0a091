#!/bin/sh
# Issue 12's one-here-document hotplug scenario as a test: a Debian guest, an e1000 hot-added
# and hot-removed by a monitor script piped to -monitor-script -, no sleeps, no expect.
# The guest runs issue 11's automatic flow (d): its /init (init-auto-hotplug.sh) starts
# rtas_errd, which runs drmgr on each hotplug event, and prints @@READY, @@UP ADDR and
# @@GONE, which the script waits for on the console.
#   run-heredoc-hotplug.sh PPC64LITE full        drmgr in the guest: the scenario runs to
#                                                its end, exit status 0
#   run-heredoc-hotplug.sh PPC64LITE no-drmgr    no drmgr: nothing configures the new slot,
#                                                eth0 never comes up; the script must stop
#                                                there with an Error: and exit status 1
#   run-heredoc-hotplug.sh --readme README.md    README.md's "Scripting" chapter shows the
#                                                scenario's here-document unchanged
set -u
here=$(cd "$(dirname "$0")" && pwd)
# The lines of the first here-document fed to -monitor-script - in FILE after the line AFTER
# (if given), with PREFIX (README's indentation) taken off: heredoc PREFIX FILE [AFTER]
heredoc() {
    awk -v pre="$1" -v after="${3:-}" '
        after != "" && !seen { seen = ($0 == after); next }
        index($0, pre) == 1 { $0 = substr($0, length(pre) + 1) }
        inside && $0 == "EOF" { exit }
        inside { print }
        /-monitor-script - <<\047EOF\047/ { inside = 1 }' "$2"
}
if [ "${1:-}" = --readme ]; then
    mine=$(mktemp)
    heredoc "" "$0" > "$mine"
    r=0
    [ -s "$mine" ] || { echo "FAIL: no here-document in $0"; r=1; }
    [ $r -ne 0 ] || heredoc "    " "$2" "## Scripting" | diff -u "$mine" - || {
        echo "FAIL: README.md's here-document differs from the test's (above)"; r=1; }
    rm -f "$mine"
    [ $r -ne 0 ] || echo "PASS: README.md's here-document is the test's"
    exit $r
fi
emu=$1 variant=$2
gi=$here/../../scripts/guest-image.sh
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; echo "---- output ----"; tail -n 60 "$work/log"; exit 1; }

case $variant in
full)     progs="-p drmgr -p lsslot -p rtas_errd" ;;
no-drmgr) progs="-p lsslot -p rtas_errd" ;;
*)        echo "usage: $0 PPC64LITE full|no-drmgr" >&2; exit 2 ;;
esac
: > "$work/log"
kernel=$("$gi" kernel) || fail "no guest kernel"
# shellcheck disable=SC2086
"$gi" initramfs $progs "$here/init-auto-hotplug.sh" "$work/initrd.gz" e1000 rpaphp rpadlpar_io ||
    fail "guest-image.sh initramfs failed"
initrd=$work/initrd.gz

# ---- the scenario (README.md, "Scripting", shows this part) ----
status=0
timeout 100 \
"$emu" -M pseries -m 512M -nographic -netdev user,id=n0 \
    -kernel "$kernel" -initrd "$initrd" -append "console=hvc0 quiet" \
    -monitor-script - <<'EOF' > "$work/out" 2>&1 || status=$?
wait-console @@READY 45
device_add e1000,id=nic0,netdev=n0
wait-console "@@UP 10.0.2.15/24" 20
device_del nic0
wait-event DEVICE_DELETED nic0 20
wait-console @@GONE 10
quit
EOF
# ---- end of the scenario ----

tr -d '\r' < "$work/out" > "$work/log"
errors=$(grep -c '^Error:' "$work/log")
case $variant in
full)
    [ "$status" -eq 0 ] || fail "exit status $status, expected 0"
    [ "$errors" -eq 0 ] || fail "the script printed an Error: line"
    grep -q '^@@UP 10\.0\.2\.15/24' "$work/log" || fail "the guest never reported eth0 up"
    grep -q '^@@GONE' "$work/log" || fail "the guest never reported eth0 gone"
    echo "PASS: hot-add, DHCP on eth0, hot-remove, DEVICE_DELETED; exit status 0"
    ;;
no-drmgr)
    [ "$status" -eq 1 ] || fail "exit status $status, expected exactly 1"
    [ "$errors" -eq 1 ] || fail "$errors Error: lines, expected one"
    # The guest came up and took the device_add; the step that fails is the wait for eth0.
    grep -q '^@@READY' "$work/log" || fail "the guest never got ready: the wrong step failed"
    grep -q '^Error: wait-console: timed out after 20 s waiting for .*@@UP 10\.0\.2\.15/24' "$work/log" ||
        fail "the Error: is not the wait for eth0's address timing out"
    ! grep -q '^@@UP' "$work/log" || fail "eth0 came up without drmgr"
    # The script stopped at its first Error: device_del was never run.
    ! grep -q 'device_del nic0' "$work/log" || fail "the script went on after its Error:"
    echo "PASS: no drmgr: exit status 1 at the wait for eth0 ($(grep '^Error:' "$work/log"))"
    ;;
esac
