#!/bin/sh
# ppc64-lite's guest-image tool: fetches Debian's ppc64el kernel and userland
# packages once into a cache, and builds gzip'd cpio initramfs images from
# busybox-static, chosen kernel modules and an /init script.
#
#   scripts/guest-image.sh fetch                    download + unpack (idempotent)
#   scripts/guest-image.sh kernel                   print the path of the vmlinux
#   scripts/guest-image.sh initramfs [-p PROGRAM]... INIT OUT [MODULE...]
#                                                   build OUT (cpio.gz) with INIT as /init,
#                                                   the named modules (e.g. e1000) and the
#                                                   modules they depend on, and each PROGRAM
#                                                   (e.g. drmgr; a name in the package root's
#                                                   sbin/bin folders, or a path there) with
#                                                   ld64.so.2 and the libraries it needs
#   scripts/guest-image.sh sysroot                  print the unpacked package root
#   scripts/guest-image.sh extra NAME PKG...        download + unpack more ppc64el packages
#                                                   (e.g. a compiler for a benchmark) into a
#                                                   root of their own, $cache/extra-NAME,
#                                                   once; print that root
#
# Cache: $PPC64LITE_CACHE, default ~/.cache/ppc64-lite. Needs (as root, once):
# dpkg --add-architecture ppc64el && apt-get update; scripts/setup-deps.sh does it.
#
# Safe to run many at once (ctest starts several Linux tests together on a cold
# cache): a fetch holds an exclusive flock on $cache/lock while it downloads into
# a temporary folder and unpacks into a temporary root, and renames each into
# place only when complete; readers hold the lock shared while they use the root.
set -eu

# The guest's Debian packages (ppc64el), besides the kernel: add new ones here.
# A cache fetched with another list is fetched again (already downloaded .debs are kept).
# drmgr and lsslot (powerpc-ibm-utils) link librtas and libnuma; rtas_errd (ppc64-diag) links
# librtas, librtasevent and libservicelog, which needs libsqlite3 (readelf -d, Debian 12).
guest_pkgs="busybox-static libc6 powerpc-ibm-utils librtas2 librtasevent2 libnuma1
ppc64-diag libservicelog-1.1-1 libsqlite3-0"

cache=${PPC64LITE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ppc64-lite}
root=$cache/root
debs=$cache/debs
stamp=$cache/fetched        # the package list the current root was unpacked from

die() { echo "guest-image: $*" >&2; exit 1; }

# The kernel package: the one this cache already holds, else the newest Debian
# 6.1 ABI in the apt index. The ABI is the fourth '-' field (linux-image-6.1.0-47-...),
# compared as a number so that -47 beats -9.
kernel_pkg() {
    if [ -s "$cache/kernel-pkg" ]; then cat "$cache/kernel-pkg"; return; fi
    apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-powerpc64le$' 2>/dev/null |
        awk '{print $1}' | sort -t- -k4,4n | tail -n 1
}

# $1 is a package name; is a complete .deb of it in $debs?
have_deb() {
    for f in "$debs/$1"_*_ppc64el.deb; do
        [ -f "$f" ] && return 0
    done
    return 1
}

# Download the missing .debs into a temporary folder, then rename each into $debs:
# an interrupted download never leaves a partial .deb where a later run would use it.
download() {
    mkdir -p "$debs"
    dl=$(mktemp -d "$cache/download.XXXXXX")
    for p in "$@"; do
        have_deb "$p" && continue
        (cd "$dl" && apt-get download -q -o APT::Sandbox::User=root "$p:ppc64el" >/dev/null) ||
            { rm -rf "$dl"; die "apt-get download $p:ppc64el failed"; }
    done
    for f in "$dl"/*.deb; do
        [ -f "$f" ] && mv -f "$f" "$debs/"
    done
    rm -rf "$dl"
}

# Unpack every wanted package into a fresh root, check it, and rename it into place.
unpack() {
    kpkg=$1
    shift
    new=$(mktemp -d "$cache/root.new.XXXXXX")
    for p in "$kpkg" "$@"; do
        for d in "$debs/$p"_*_ppc64el.deb; do
            dpkg-deb -x "$d" "$new" 2>/dev/null || {
                # A damaged .deb (e.g. from an older, unlocked version of this tool):
                # drop it so that the next run downloads it again.
                rm -rf "$new" "$d"
                die "$d would not unpack; removed it, run again to download it anew"
            }
        done
    done
    kver=${kpkg#linux-image-}
    [ -f "$new/boot/vmlinux-$kver" ] || { rm -rf "$new"; die "$kpkg held no boot/vmlinux-$kver"; }
    [ -x "$new/bin/busybox" ] || { rm -rf "$new"; die "busybox-static did not unpack"; }
    [ -e "$new/lib/powerpc64le-linux-gnu/libc.so.6" ] || { rm -rf "$new"; die "libc6 did not unpack"; }
    if [ -e "$root" ]; then
        old=$(mktemp -d "$cache/root.old.XXXXXX")
        mv "$root" "$old/"
        mv "$new" "$root"
        rm -rf "$old"
    else
        mv "$new" "$root"
    fi
}

fetched() {
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(cat "$cache/kernel-pkg" 2>/dev/null) $guest_pkgs" ]
}

# Make the cache complete, and hold the lock shared until this process exits so
# that no other fetch replaces the root while it is being read.
locked=false
fetch() {
    $locked && return 0
    mkdir -p "$cache"
    exec 9>>"$cache/lock"
    locked=true
    flock -s 9
    fetched && return 0
    flock -u 9
    flock -x 9
    if ! fetched; then
        dpkg --print-foreign-architectures | grep -qx ppc64el ||
            die "ppc64el is not a dpkg architecture here; run scripts/setup-deps.sh as root"
        kpkg=$(kernel_pkg)
        [ -n "$kpkg" ] || die "no linux-image-6.1.0-*-powerpc64le package in the apt index (apt-get update?)"
        rm -rf "$cache"/download.* "$cache"/root.new.* "$cache"/root.old.*   # left by killed runs
        rm -f "$cache/.fetched"                                            # older versions' stamp
        download "$kpkg" $guest_pkgs
        unpack "$kpkg" $guest_pkgs
        echo "$kpkg" > "$cache/kernel-pkg.new" && mv "$cache/kernel-pkg.new" "$cache/kernel-pkg"
        echo "$kpkg $guest_pkgs" > "$stamp.new" && mv "$stamp.new" "$stamp"
    fi
    flock -s 9
}

# The vmlinux of the kernel package this cache was fetched with.
kernel() {
    fetch
    k=$root/boot/vmlinux-$(sed 's/^linux-image-//' "$cache/kernel-pkg")
    [ -f "$k" ] || die "$k is missing; remove $stamp and fetch again"
    echo "$k"
}

# The path a symbolic link of the package root points to, as a path of the root
# (lib64/ld64.so.2 points at /lib/powerpc64le-linux-gnu/ld64.so.2 absolutely, which
# on the host is not that file).
link_target() {
    local t
    t=$(readlink "$root$1")
    case $t in
    /*) echo "$t" ;;
    *) echo "${1%/*}/$t" ;;
    esac
}

# Where the dynamic loader finds a NEEDED library (Debian's multiarch folders first).
find_lib() {
    local d
    for d in /lib/powerpc64le-linux-gnu /usr/lib/powerpc64le-linux-gnu /lib64 /lib /usr/lib; do
        if [ -e "$root$d/$1" ] || [ -L "$root$d/$1" ]; then
            echo "$d/$1"
            return 0
        fi
    done
    die "library $1 (needed by $2) is not in the package root"
}

# Copy an ELF file of the root to the same path in the image, with its program
# interpreter and, recursively, every library its dynamic section names (NEEDED).
# Symbolic links are kept as links, so each file is in the image once.
add_elf() {
    local path=$1 target interp lib libpath
    [ -e "$img$path" ] || [ -L "$img$path" ] && return 0
    mkdir -p "$img${path%/*}"
    if [ -L "$root$path" ]; then
        ln -s "$(readlink "$root$path")" "$img$path"
        target=$(link_target "$path")
        add_elf "$target"
        return 0
    fi
    [ -f "$root$path" ] || die "$path is not a file in the package root"
    cp "$root$path" "$img$path"
    interp=$(readelf -l "$root$path" | sed -n 's/.*Requesting program interpreter: \(.*\)]$/\1/p')
    [ -z "$interp" ] || add_elf "$interp"
    for lib in $(readelf -d "$root$path" | sed -n 's/.*(NEEDED).*\[\(.*\)\]$/\1/p'); do
        libpath=$(find_lib "$lib" "$path")
        add_elf "$libpath"
    done
}

# A program by name (looked up where Debian installs programs) or by path.
add_program() {
    local d
    case $1 in
    /*) add_elf "$1"; return ;;
    esac
    for d in /usr/sbin /sbin /usr/bin /bin; do
        if [ -e "$root$d/$1" ]; then
            add_elf "$d/$1"
            return
        fi
    done
    die "program $1 is not in the package root (is its package in guest_pkgs?)"
}

# A module (by name, '-' and '_' alike, as modprobe takes them) and the modules it
# depends on (the depends= field of its .modinfo section), at their paths under
# /lib/modules/KVER, each with its modules.dep line (its dependencies, theirs after
# them, as depmod writes it) so that busybox's modprobe loads them in order; each
# also appears as /lib/modules/NAME.ko for a plain insmod.
add_module() {
    local f rel name dep deprel line
    [ -e "$img/lib/modules/$1.ko" ] && return 0
    f=$(find "$root/lib/modules/$kver" \( -name "$1.ko" -o -name "$(echo "$1" | tr _ -).ko" \
                                          -o -name "$(echo "$1" | tr - _).ko" \) | head -n 1)
    [ -n "$f" ] || die "module $1 not found for $kver"
    rel=${f#"$root/lib/modules/$kver/"}
    name=${f##*/}
    name=${name%.ko}
    mkdir -p "$img/lib/modules/$kver/${rel%/*}"
    cp "$f" "$img/lib/modules/$kver/$rel"
    ln -s "$kver/$rel" "$img/lib/modules/$name.ko"
    [ "$name" = "$1" ] || ln -s "$kver/$rel" "$img/lib/modules/$1.ko"
    line="$rel:"
    for dep in $(readelf -p .modinfo "$f" | sed -n 's/.*\]  depends=//p' | tr , ' '); do
        add_module "$dep"
        deprel=$(readlink "$img/lib/modules/$dep.ko")
        deprel=${deprel#"$kver/"}
        line="$line $deprel$(sed -n "s|^$deprel:||p" "$img/lib/modules/$kver/modules.dep")"
    done
    echo "$line" >> "$img/lib/modules/$kver/modules.dep"
}

initramfs() {
    local programs="" p m
    while [ $# -gt 0 ]; do
        case $1 in
        -p) [ $# -ge 2 ] || die "-p needs a program"; programs="$programs $2"; shift 2 ;;
        -p*) programs="$programs ${1#-p}"; shift ;;
        --) shift; break ;;
        -*) die "initramfs: unknown option $1" ;;
        *) break ;;
        esac
    done
    [ $# -ge 2 ] || die "usage: initramfs [-p PROGRAM]... INIT OUT [MODULE...]"
    init=$1 out=$2
    shift 2
    [ -f "$init" ] || die "$init: no such file"
    fetch
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp" "$out.tmp.$$"' EXIT
    img=$tmp/img
    mkdir -p "$img/bin" "$img/sbin" "$img/proc" "$img/sys" "$img/dev" "$img/tmp" "$img/lib/modules" \
             "$img/var/lock" "$img/var/log"
    cp "$root/bin/busybox" "$img/bin/busybox"
    ln -s busybox "$img/bin/sh"
    # drmgr runs /sbin/modprobe rpadlpar_io when rpadlpar_io is not loaded, and rtas_errd
    # calls /sbin/modprobe too: the image has them wherever /init installs busybox's applets.
    for p in modprobe insmod rmmod lsmod; do
        ln -s ../bin/busybox "$img/sbin/$p"
    done
    cp "$init" "$img/init"
    chmod 755 "$img/init"
    kver=$(basename "$(kernel)" | sed 's/^vmlinux-//')
    if [ $# -gt 0 ]; then
        mkdir -p "$img/lib/modules/$kver"
        : > "$img/lib/modules/$kver/modules.dep"
        for m in "$@"; do
            add_module "$m"
        done
    fi
    for p in $programs; do
        add_program "$p"
    done
    # The same inputs give the same image: fixed times, owners and inode numbers.
    find "$img" -exec touch -h -d @0 {} +
    # Written beside OUT and renamed: OUT is either absent, the old image or the new one.
    (cd "$img" && find . | LC_ALL=C sort |
        cpio -o -H newc --quiet -R 0:0 --reproducible) | gzip -9n > "$out.tmp.$$"
    mv -f "$out.tmp.$$" "$out"
}

# A second root for what only some users need (bench/compile-job.sh's compiler):
# the guest's own root and every test's fetch stay as small as they are. The same
# lock discipline as fetch: built in a temporary folder, renamed into place whole.
extra() {
    [ $# -ge 2 ] || die "usage: extra NAME PKG..."
    local name=$1 xroot new p d
    shift
    case $name in */*|.*|"") die "extra: bad name '$name'" ;; esac
    xroot=$cache/extra-$name
    mkdir -p "$cache"
    exec 8>>"$cache/lock-extra-$name"
    flock -x 8
    if [ "$(cat "$xroot.fetched" 2>/dev/null)" != "$*" ]; then
        dpkg --print-foreign-architectures | grep -qx ppc64el ||
            die "ppc64el is not a dpkg architecture here; run scripts/setup-deps.sh as root"
        download "$@"
        new=$(mktemp -d "$cache/extra.new.XXXXXX")
        for p in "$@"; do
            for d in "$debs/$p"_*_ppc64el.deb; do
                dpkg-deb -x "$d" "$new" 2>/dev/null || { rm -rf "$new" "$d"; die "$d would not unpack; removed it, run again"; }
            done
        done
        rm -rf "$xroot"
        mv "$new" "$xroot"
        echo "$*" > "$xroot.fetched"
    fi
    flock -u 8
    echo "$xroot"
}

case "${1:-}" in
fetch) fetch ;;
extra) shift; extra "$@" ;;
kernel) kernel ;;
sysroot) fetch; echo "$root" ;;
initramfs) shift; initramfs "$@" ;;
*) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 1 ;;
esac
