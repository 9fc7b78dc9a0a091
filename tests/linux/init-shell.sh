#!/bin/sh
# /init of the interactive Linux tests: a root shell on the console (hvc0),
# driven by what the test types on ppc64-lite's stdin.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
echo "@@INIT"
# The console as the shell's controlling terminal (job control, ^C), as getty would.
exec setsid cttyhack sh
