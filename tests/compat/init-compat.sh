#!/bin/sh
# /init of the QEMU command-line corpus (tests/compat): reports what a user of
# the line would look at first - that Linux reached userspace, how many CPUs
# and threads per core it sees, and the date its RTC gave - then powers off.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
echo "COMPAT init"
echo "COMPAT cpus=$(grep -c '^processor' /proc/cpuinfo)"
sib=/sys/devices/system/cpu/cpu0/topology/thread_siblings_list
echo "COMPAT threads=$(cat $sib 2>/dev/null | awk -F'[-,]' '{ print (NF > 1) ? $2 - $1 + 1 : 1 }')"
echo "COMPAT date=$(date -u +%Y-%m-%d)"
echo "COMPAT done"
poweroff -f
