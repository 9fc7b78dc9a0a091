#!/bin/sh
# The hotplug flows' initramfs (scripts/guest-image.sh initramfs -p ...): built twice
# from the same inputs it is the same file; it holds drmgr, lsslot and rtas_errd at
# their Debian paths (rtas_errd runs /usr/sbin/drmgr by that path), the program
# interpreter and every library they need (the closure of readelf -d NEEDED, each
# library present), /sbin/modprobe with a modules.dep that loads rpaphp before
# rpadlpar_io, and /var/lock and /var/log.
#   test-hotplug-image.sh GUEST_IMAGE_SH
set -eu
gi=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

printf '#!/bin/sh\necho hello\n' > "$work/init"
build() {
    "$gi" initramfs -p drmgr -p lsslot -p rtas_errd "$work/init" "$1" e1000 rpadlpar_io ||
        fail "guest-image.sh initramfs failed"
}
build "$work/a.gz"
sleep 1     # a clock that leaks into the image would differ now
build "$work/b.gz"
cmp -s "$work/a.gz" "$work/b.gz" || fail "two builds from the same inputs differ"

mkdir "$work/x"
(cd "$work/x" && gzip -dc ../a.gz | cpio -id --quiet) || fail "the image does not unpack"
x=$work/x
for f in usr/sbin/drmgr usr/sbin/lsslot usr/sbin/rtas_errd init bin/busybox; do
    [ -f "$x/$f" ] && [ -x "$x/$f" ] || fail "/$f is missing or not executable"
done
[ -d "$x/var/lock" ] && [ -d "$x/var/log" ] || fail "/var/lock or /var/log is missing"
[ "$(readlink "$x/sbin/modprobe")" = ../bin/busybox ] || fail "/sbin/modprobe is not busybox"

# A path of the image, symlinks followed inside the image (absolute ones from its root).
resolve() {
    p=$1 n=0
    while [ -L "$x$p" ]; do
        n=$((n + 1)); [ $n -lt 10 ] || return 1
        t=$(readlink "$x$p")
        case $t in /*) p=$t ;; *) p=${p%/*}/$t ;; esac
    done
    [ -f "$x$p" ] && echo "$p"
}
# Every ELF's interpreter and NEEDED libraries are in the image, where ld64.so.2 looks.
checked=""
for f in $(cd "$x" && find . -type f | sed 's/^\.//'); do
    readelf -h "$x$f" >/dev/null 2>&1 || continue
    interp=$(readelf -l "$x$f" | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
    if [ -n "$interp" ]; then
        resolve "$interp" >/dev/null || fail "$f: interpreter $interp is not in the image"
    fi
    for lib in $(readelf -d "$x$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
        found=""
        for d in /lib/powerpc64le-linux-gnu /usr/lib/powerpc64le-linux-gnu /lib64 /lib /usr/lib; do
            if resolve "$d/$lib" >/dev/null; then found=$d/$lib; break; fi
        done
        [ -n "$found" ] || fail "$f needs $lib, which is not in the image"
    done
    checked="$checked $f"
done
for want in /usr/sbin/drmgr /usr/sbin/rtas_errd libservicelog-1.1.so.1 libsqlite3.so.0 librtasevent.so.2 \
            libnuma.so.1 librtas.so.2 libc.so.6 ld64.so.2; do
    case "$checked" in *"$want"*) ;; *) fail "$want was not among the ELF files checked:$checked" ;; esac
done

kver=$(basename "$("$gi" kernel)" | sed 's/^vmlinux-//')
dep=$x/lib/modules/$kver/modules.dep
grep -qx 'kernel/drivers/pci/hotplug/rpadlpar_io.ko: kernel/drivers/pci/hotplug/rpaphp.ko' "$dep" ||
    fail "modules.dep does not make rpadlpar_io need rpaphp: $(cat "$dep")"
for m in e1000 rpaphp rpadlpar_io; do
    line=$(grep "/$m.ko:" "$dep") || fail "modules.dep has no line for $m"
    f=$x/lib/modules/$kver/${line%%:*}
    [ -f "$f" ] || fail "$m's module file ${line%%:*} is not in the image"
    cmp -s "$f" "$x/lib/modules/$m.ko" || fail "/lib/modules/$m.ko is not $m's module"
done
echo "PASS: $(echo $checked | wc -w) ELF files, all their libraries present; $(du -k "$work/a.gz" | cut -f1) KiB"
