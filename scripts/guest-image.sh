#!/bin/sh
# ppc64-lite's guest-image tool: fetches Debian's ppc64el kernel and userland
# packages once into a cache, and builds gzip'd cpio initramfs images from
# busybox-static, chosen kernel modules and an /init script.
#
#   scripts/guest-image.sh fetch                    download + unpack (idempotent)
#   scripts/guest-image.sh kernel                   print the path of the vmlinux
#   scripts/guest-image.sh initramfs INIT OUT [MODULE...]
#                                                   build OUT (cpio.gz) with INIT as /init
#                                                   and the named modules (e.g. e1000)
#   scripts/guest-image.sh sysroot                  print the unpacked package root
#
# Cache: $PPC64LITE_CACHE, default ~/.cache/ppc64-lite. Needs (as root, once):
# dpkg --add-architecture ppc64el && apt-get update; scripts/setup-deps.sh does it.
set -eu

cache=${PPC64LITE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ppc64-lite}
root=$cache/root
debs=$cache/debs
extra_pkgs="busybox-static powerpc-ibm-utils librtas2 librtasevent2 libc6"

die() { echo "guest-image: $*" >&2; exit 1; }

# The newest Debian 6.1 kernel ABI the registry holds (-47 or later).
kernel_pkg() {
    if [ -f "$cache/kernel-pkg" ]; then cat "$cache/kernel-pkg"; return; fi
    apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-powerpc64le$' 2>/dev/null |
        awk '{print $1}' | sort -t- -k5,5n | tail -n 1
}

fetch() {
    # libc6 joined the list later: a cache without it is fetched again (idempotent)
    [ -f "$cache/.fetched" ] && [ -e "$root/lib/powerpc64le-linux-gnu/libc.so.6" ] && return 0
    mkdir -p "$debs" "$root"
    dpkg --print-foreign-architectures | grep -qx ppc64el ||
        die "ppc64el is not a dpkg architecture here; run scripts/setup-deps.sh as root"
    kpkg=$(kernel_pkg)
    [ -n "$kpkg" ] || die "no linux-image-6.1.0-*-powerpc64le package in the apt index (apt-get update?)"
    (cd "$debs" && for p in $kpkg $extra_pkgs; do
        ls "${p}"_*ppc64el.deb >/dev/null 2>&1 || apt-get download -q -o APT::Sandbox::User=root "$p:ppc64el" >/dev/null ||
            die "apt-get download $p:ppc64el failed"
    done)
    for d in "$debs"/*.deb; do dpkg-deb -x "$d" "$root"; done
    echo "$kpkg" > "$cache/kernel-pkg"
    ls "$root"/boot/vmlinux-* >/dev/null 2>&1 || die "the kernel package held no vmlinux"
    [ -x "$root/bin/busybox" ] || die "busybox-static did not unpack"
    [ -e "$root/lib/powerpc64le-linux-gnu/libc.so.6" ] || die "libc6 did not unpack"
    touch "$cache/.fetched"
}

kernel() {
    fetch
    ls "$root"/boot/vmlinux-* | head -n 1
}

initramfs() {
    [ $# -ge 2 ] || die "usage: initramfs INIT OUT [MODULE...]"
    init=$1 out=$2
    shift 2
    [ -f "$init" ] || die "$init: no such file"
    fetch
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    mkdir -p "$tmp/bin" "$tmp/sbin" "$tmp/proc" "$tmp/sys" "$tmp/dev" "$tmp/tmp" "$tmp/lib/modules"
    cp "$root/bin/busybox" "$tmp/bin/busybox"
    ln -s busybox "$tmp/bin/sh"
    cp "$init" "$tmp/init"
    chmod 755 "$tmp/init"
    kver=$(basename "$(kernel)" | sed 's/^vmlinux-//')
    for m in "$@"; do
        f=$(find "$root/lib/modules/$kver" -name "$m.ko*" | head -n 1)
        [ -n "$f" ] || die "module $m not found for $kver"
        cp "$f" "$tmp/lib/modules/"
    done
    (cd "$tmp" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -9n > "$out"
}

case "${1:-}" in
fetch) fetch ;;
kernel) kernel ;;
sysroot) fetch; echo "$root" ;;
initramfs) shift; initramfs "$@" ;;
*) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 1 ;;
esac
