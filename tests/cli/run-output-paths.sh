#!/bin/bash
# Files the emulator writes or removes by a path the user names are written in
# place and never replaced or removed when they are not regular files:
# -M pseries,dumpdtb=FILE, -pidfile FILE and the monitor's failed memsave; and -D FILE
# naming the file that is already stdout does not punch holes into the console.
# Run as root with dumpdtb=/dev/null, a write-to-temporary-and-rename turned the
# machine's /dev/null into a regular file that every process then shared (holes
# of NULs and other processes' log lines in tests' consoles, read back as stdin).
# A symlink and a FIFO stand for the device node here (no root needed); as root
# a character device node is checked too.
#   run-output-paths.sh PPC64LITE
cli_prefix=(-M pseries -nographic)
. "$(dirname "$0")/cli-lib.sh"

# dumpdtb through a symlink: the link stays, its target gets the tree (FDT magic d00dfeed).
: >"$tmp/target"
ln -s target "$tmp/link"
if run 0 -M pseries,dumpdtb="$tmp/link"; then
    if [ ! -L "$tmp/link" ]; then
        fail "dumpdtb replaced the symlink $tmp/link"
    elif [ "$(od -An -tx1 -N4 "$tmp/target" | tr -d ' ')" != d00dfeed ]; then
        fail "dumpdtb did not write the tree through the symlink"
    fi
fi

# -pidfile on a FIFO: refused with one error line, and the FIFO is still there.
mkfifo "$tmp/fifo"
if run 1 -pidfile "$tmp/fifo" -S -monitor none -serial none; then
    one_error_line "cannot create PID file: '$tmp/fifo' is not a regular file"
fi
[ -p "$tmp/fifo" ] || fail "-pidfile removed the FIFO $tmp/fifo"

# A memsave that fails (no memory there) removes its partial file, but not a symlink.
rm -f "$tmp/target"; : >"$tmp/target"
printf 'pmemsave 0x7ffffffffff00000 16 %s\nquit\n' "$tmp/link" >"$tmp/in"
if run 0 -S -monitor stdio -serial none; then
    grep -q "cannot access memory" "$tmp/out" || fail "pmemsave of unmapped memory did not fail"
    [ -L "$tmp/link" ] || fail "the failed pmemsave removed the symlink $tmp/link"
fi
: >"$tmp/in"

# -D naming the file that is already our stdout (/dev/stdout, or the console's own path)
# shares its descriptor: the firmware's console lines and the log both arrive, no holes.
for D in /dev/stdout "$tmp/both"; do
    timeout 60 "$emu" -M pseries -nographic -d hcall -D "$D" <"$tmp/in" >"$tmp/both" 2>"$tmp/err"
    rc=$? nuls=$(tr -cd '\000' <"$tmp/both" | wc -c)
    cp "$tmp/both" "$tmp/out"
    if [ "$rc" -ne 0 ]; then
        fail "-D $D: exit status $rc"
    elif [ "$nuls" -ne 0 ]; then
        fail "-D $D: $nuls NUL bytes in the output"
    elif ! grep -q '^ppc64-lite firmware' "$tmp/both" || ! grep -q '^Memory: ' "$tmp/both"; then
        fail "-D $D: the firmware's console lines are missing"
    elif ! grep -q '^hcall: cpu 0 H_PUT_TERM_CHAR' "$tmp/both"; then
        fail "-D $D: the log is missing"
    fi
done
: >"$tmp/out"

if [ "$(id -u)" -eq 0 ]; then
    mknod "$tmp/null" c 1 3
    run 0 -M pseries,dumpdtb="$tmp/null"
    [ -c "$tmp/null" ] || fail "dumpdtb replaced the device node $tmp/null"
    run 1 -pidfile "$tmp/null" -S -monitor none -serial none
    [ -c "$tmp/null" ] || fail "-pidfile removed the device node $tmp/null"
fi
finish
