#!/bin/sh
# Two guest-image.sh runs started at once on an empty cache (what ctest does
# when it starts two Linux tests on a new machine) must both succeed and both
# see complete files: the same kernel path, a vmlinux and a busybox equal to
# the ones inside Debian's .debs, and an intact ELF kernel.
#   test-guest-image-concurrent.sh [GUEST_IMAGE_SH]
# Downloads Debian's packages (about 55 MB) into a temporary cache.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
gi=${1:-$here/../../scripts/guest-image.sh}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PPC64LITE_CACHE="$work/cache"

fail() { echo "FAIL: $*"; exit 1; }
command -v python3 >/dev/null || fail "needs python3 (apt-get install python3)"

printf '#!/bin/sh\necho hello\n' > "$work/init"

# What one Linux test does: ask for the kernel, hash it at once (the other run
# may still be busy), then build an initramfs and hash the busybox inside it.
worker() {
    k=$(timeout 600 "$gi" kernel) || return 1
    echo "$k" > "$work/$1.kernel"
    sha256sum < "$k" | cut -d' ' -f1 > "$work/$1.vmlinux"
    timeout 300 "$gi" initramfs "$work/init" "$work/$1.cpio.gz" || return 1
    mkdir "$work/$1.x"
    (cd "$work/$1.x" && gzip -dc "../$1.cpio.gz" | cpio -id --quiet) || return 1
    sha256sum < "$work/$1.x/bin/busybox" | cut -d' ' -f1 > "$work/$1.busybox"
}

# Two runs at once, then (like ctest starting the next test when one ends) a
# late run every 2 seconds until the first of them finishes: late runs find the
# cache half-made and must wait for it, not read it.
start=$(date +%s)
worker a > "$work/a.log" 2>&1 & pids="$!"
worker b > "$work/b.log" 2>&1 & pids="$pids $!"
runs="a b" n=0
while [ $n -lt 20 ] && [ ! -e "$work/a.busybox" ] && [ ! -e "$work/b.busybox" ]; do
    sleep 2
    n=$((n + 1))
    worker "late$n" > "$work/late$n.log" 2>&1 & pids="$pids $!"
    runs="$runs late$n"
done
set -- $runs
bad=""
for p in $pids; do
    st=0; wait "$p" || st=$?
    [ $st -eq 0 ] || { echo "---- run $1 exited with status $st:"; cat "$work/$1.log"; bad="$bad $1"; }
    shift
done
[ -z "$bad" ] || fail "runs$bad failed"
echo "$(echo $runs | wc -w) runs done in $(( $(date +%s) - start )) s"

ka=$(cat "$work/a.kernel")
for w in $runs; do
    [ "$(cat "$work/$w.kernel")" = "$ka" ] || fail "runs a and $w returned different kernels"
done
case "$ka" in "$PPC64LITE_CACHE"/*) ;; *) fail "kernel $ka is outside the cache";; esac

# The reference: the files as Debian's packages hold them.
kpkg=$(cat "$PPC64LITE_CACHE/kernel-pkg")
[ "$ka" = "$PPC64LITE_CACHE/root/boot/vmlinux-${kpkg#linux-image-}" ] ||
    fail "kernel $ka is not the vmlinux of the cached package $kpkg"
from_deb() { # PACKAGE PATH
    dpkg-deb --fsys-tarfile "$PPC64LITE_CACHE/debs/$1"_*_ppc64el.deb | tar -xOf - ".$2" | sha256sum | cut -d' ' -f1
}
want_k=$(from_deb "$kpkg" "/boot/vmlinux-${kpkg#linux-image-}")
want_b=$(from_deb busybox-static /bin/busybox)
for w in $runs; do
    [ "$(cat "$work/$w.vmlinux")" = "$want_k" ] || fail "run $w saw a vmlinux that differs from $kpkg's"
    [ "$(cat "$work/$w.busybox")" = "$want_b" ] || fail "run $w's initramfs holds a busybox that differs from Debian's"
done

# The ELF is whole: every segment's file bytes lie inside the file.
python3 - "$ka" <<'PY' || fail "the vmlinux is not an intact ELF"
import struct, sys
data = open(sys.argv[1], 'rb').read()
assert data[:4] == b'\x7fELF' and data[4] == 2, 'not an ELF64'
end = '<' if data[5] == 1 else '>'
phoff, = struct.unpack_from(end + 'Q', data, 0x20)
phentsize, phnum = struct.unpack_from(end + 'HH', data, 0x36)
assert phnum > 0 and phoff + phnum * phentsize <= len(data), 'program headers cut off'
for i in range(phnum):
    p_type, _, p_offset, _, _, p_filesz = struct.unpack_from(end + 'IIQQQQ', data, phoff + i * phentsize)
    assert p_offset + p_filesz <= len(data), 'segment %d cut off' % i
PY
echo "PASS: $(echo $runs | wc -w) concurrent runs all returned $ka, complete"
