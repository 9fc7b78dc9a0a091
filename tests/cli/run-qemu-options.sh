#!/bin/bash
# Every option of qemu-system-ppc64 7.2 (its -h, listed below so the test does not need
# QEMU) is known to ppc64-lite: given without its argument, it is taken, asks for its
# argument, or is refused as "not supported: REASON" - never "invalid option", the answer
# for what QEMU does not have either. README.md's QEMU compatibility table says the same.
#   run-qemu-options.sh PPC64LITE
cli_prefix=()
. "$(dirname "$0")/cli-lib.sh"
# The tree goes to a file of this test's (the machine exits before any CPU runs); never
# /dev/null: a binary from before dumpdtb wrote in place replaced it, run as root.
cli_prefix=(-M pseries,dumpdtb="$tmp/dtb")

qemu_72_options="-preconfig -accel -action -add-fd -append -async-teardown -audio -audio-help
-audiodev -bios -blockdev -boot -cdrom -chardev -chroot -compat -cpu -d -daemonize -debugcon
-device -dfilter -display -drive -dtb -dump-vmstate -echr -enable-kvm -enable-sync-profile -fda
-fdb -fsdev -full-screen -fw_cfg -g -gdb -global -h -hda -hdb -hdc -hdd -icount -incoming -initrd
-iscsi -k -kernel -loadvm -m -machine -mem-path -mem-prealloc -mon -monitor -msg -mtdblock -name
-net -netdev -nic -no-reboot -no-shutdown -no-user-config -nodefaults -nographic -numa -object
-only-migratable -option-rom -overcommit -parallel -pflash -pidfile -plugin -portrait -prom-env
-qmp -qmp-pretty -readconfig -rotate -rtc -runas -s -sandbox -sd -seed -serial -set -singlestep
-smp -snapshot -spice -tpmdev -trace -usb -usbdevice -uuid -version -vga -virtfs -vnc
-watchdog-action -M -S -D -L"
for opt in $qemu_72_options; do
    timeout 30 "$emu" "${cli_prefix[@]}" "$opt" <"$tmp/in" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    if [ "$rc" -eq 124 ]; then
        fail "$opt: no answer in 30 s"
    elif grep -q 'invalid option' "$tmp/err"; then
        fail "$opt: unknown to ppc64-lite"
    elif [ "$rc" -ne 0 ] && ! grep -qE "^ppc64-lite: -?$opt: (requires an argument|not supported: [a-z].{10,})$|^ppc64-lite: " "$tmp/err"; then
        fail "$opt: exit $rc without a ppc64-lite error line"
    fi
done
# The refusals say why, on one line.
if run 1 -drive file=disk.img; then
    one_error_line "-drive: not supported: no block devices here; boot with -kernel and -initrd"
fi
if run 1 -vnc :0; then
    one_error_line "-vnc: not supported: no graphical display here; use -nographic"
fi
# What QEMU does not have either is still just unknown.
if run 1 -no-such-option; then
    one_error_line "-no-such-option: invalid option"
fi
# -no-user-config (libvirt passes it) is taken: no configuration file is ever read.
run 0 -no-user-config
exit $failed
