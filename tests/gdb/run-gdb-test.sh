#!/bin/bash
# End-to-end test of the gdb stub with gdb-multiarch: start an emulator
# stopped with a gdb stub on a free port, attach gdb in batch mode, break in
# the test program, read and write registers and memory, single-step, watch
# a variable, and continue to the guest's power-off. Expected values come
# from the program's source and its symbol table, never from the emulator.
#
# Usage: run-gdb-test.sh PROG.elf EMULATOR-COMMAND...
#   @PORT@ in EMULATOR-COMMAND is replaced by the port. Examples:
#   run-gdb-test.sh prog.elf ./gdb-harness tcp::@PORT@ prog.elf
#   run-gdb-test.sh prog.elf ./ppc64-lite -S -gdb tcp::@PORT@ -kernel prog.elf -nographic
set -u

prog=$1
shift
GDB=${GDB:-gdb-multiarch}
NM=${NM:-powerpc64le-linux-gnu-nm}
tmp=$(mktemp -d)
emu_pid=
cleanup() {
    if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
        kill "$emu_pid" 2>/dev/null
        wait "$emu_pid" 2>/dev/null
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT
touch "$tmp/gdb.out" "$tmp/emu.out"

fail() {
    echo "FAIL: $*"
    echo "---- gdb output ----"
    cat "$tmp/gdb.out"
    echo "---- emulator output ----"
    cat "$tmp/emu.out"
    exit 1
}

# Start the emulator on a random port; retry if that port was taken.
port=
for attempt in 1 2 3 4 5; do
    p=$(( 20000 + RANDOM % 20000 ))
    cmd=()
    for arg in "$@"; do
        cmd+=("${arg//@PORT@/$p}")
    done
    "${cmd[@]}" </dev/null >"$tmp/emu.out" 2>&1 &
    emu_pid=$!
    # Wait until it listens (or dies).
    for i in $(seq 50); do
        if ! kill -0 "$emu_pid" 2>/dev/null; then
            break
        fi
        if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            port=$p
            break
        fi
        sleep 0.1
    done
    [ -n "$port" ] && break
    kill "$emu_pid" 2>/dev/null
    wait "$emu_pid" 2>/dev/null
    emu_pid=
done
[ -n "$port" ] || fail "the emulator did not start listening"
# The probe connection above was refused as a second debugger or closed at once;
# give the stub a moment to see it go.
sleep 0.2

addr() {
    "$NM" "$prog" | awk -v s="$1" '$3 == s { print "0x" $1 }' | sed 's/0x0*/0x/'
}
compute=$(addr compute)
[ -n "$compute" ] || fail "no symbol 'compute' in $prog"

timeout 120 "$GDB" -nx -batch \
    -ex "set pagination off" -ex "set confirm off" -ex "set width 0" \
    -ex "set architecture powerpc:common64" \
    -ex "file $prog" \
    -ex "target remote 127.0.0.1:$port" \
    -ex "break compute" \
    -ex "break test_done" \
    -ex "continue" \
    -ex "info symbol \$pc" \
    -ex "echo R3=\n" -ex "p \$r3" \
    -ex "echo PATTERN=\n" -ex "p/x pattern" \
    -ex "set var results[3] = 0xabcdef" \
    -ex "echo RESULTS3=\n" -ex "p/x results[3]" \
    -ex "set \$r5 = 0x5555" \
    -ex "echo R5=\n" -ex "p/x \$r5" \
    -ex "echo MSR=\n" -ex "p/x \$msr" \
    -ex "info registers pc lr cr xer" \
    -ex "set \$before = \$pc" \
    -ex "stepi" \
    -ex "echo STEP=\n" -ex "p/x \$pc - \$before" \
    -ex "continue" \
    -ex "delete 1" \
    -ex "watch counter" \
    -ex "continue" \
    -ex "delete 3" \
    -ex "continue" \
    -ex "echo COUNTER=\n" -ex "p counter" \
    -ex "info threads" \
    -ex "continue" \
    >"$tmp/gdb.out" 2>&1
status=$?
[ $status -eq 124 ] && fail "gdb timed out"

out=$tmp/gdb.out
expect() {
    grep -Eq -- "$1" "$out" || fail "expected /$1/ in gdb's output"
}
after() {   # the line after a marker line
    awk -v m="$1" 'found { print; exit } $0 == m { found = 1 }' "$out"
}
expect_after() {
    local got
    got=$(after "$1")
    [[ "$got" =~ $2 ]] || fail "after '$1' expected /$2/, got '$got'"
}

expect "^Breakpoint 1, (0x[0-9a-f]+ in )?compute \(x=(x@entry=)?4660\)"
expect "^compute( \+ [0-9]+)? in section \.text"
expect_after "R3=" "= 4660$"
expect_after "PATTERN=" "= 0x1122334455667788$"
expect_after "RESULTS3=" "= 0xabcdef$"
expect_after "R5=" "= 0x5555$"
# Little-endian, 64-bit, MMU off as the program left it.
expect_after "MSR=" "= 0x[0-9a-f]*[13579bdf]$"
expect "^pc +0x[0-9a-f]+ +0x[0-9a-f]+ <compute(\+[0-9]+)?>"
expect_after "STEP=" "= 0x4$"
expect "^Breakpoint 1, (0x[0-9a-f]+ in )?compute \(x=(x@entry=)?136\)"
expect "^Hardware watchpoint 3: counter"
expect "^Old value = 0"
expect "^New value = 1"
expect "^Breakpoint 2, (0x[0-9a-f]+ in )?test_done \(\)"
expect_after "COUNTER=" "= 3$"
expect "^\* 1 +Thread 1 \(CPU#0\)"
expect "\[Inferior 1 \(.*\) exited normally\]"
wait "$emu_pid"
emu_status=$?
emu_pid=
[ $emu_status -eq 0 ] || fail "the emulator exited with status $emu_status"
echo "PASS: gdb end-to-end ($compute = compute)"
