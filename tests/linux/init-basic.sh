#!/bin/sh
# /init of the basic Linux test: reports the CPUs and memory the guest sees,
# then computes values over generated data that the host computes too.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "@@INIT"
echo "@@CPUS $(grep -c '^processor' /proc/cpuinfo) $(cat /sys/devices/system/cpu/online)"
echo "@@MEMTOTAL $(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
# Lehmer generator: all values stay far below 2^53, so any awk computes the same.
awk 'BEGIN { x = 1; for (i = 0; i < 40000; i++) { x = (x * 48271) % 2147483647; print x } }' > /tmp/data
echo "@@SUM $(awk '{ s += $1 } END { printf "%d", s }' /tmp/data)"
echo "@@ARITH $((123456789 * 987654321 % 1000000007)) $(( (1 << 40) / 3 ))"
echo "@@SORTMD5 $(sort -n /tmp/data | md5sum | cut -d' ' -f1)"
echo "@@SHA256 $(sha256sum /tmp/data | cut -d' ' -f1)"
gzip -9 -c /tmp/data > /tmp/data.gz
echo "@@GZIPRT $(gunzip -c /tmp/data.gz | md5sum | cut -d' ' -f1)"
# With SMT and powerpc-utils in the image: to SMT=1 and back, which offlines
# every thread but the first of each core (RTAS stop-self) and restarts them
# (start-cpu), before the jobs below need them all.
smt=$([ -x /usr/sbin/ppc64_cpu ] && /usr/sbin/ppc64_cpu --smt 2>&1)
case "$smt" in
SMT=[248])
    /usr/sbin/ppc64_cpu --smt=1
    echo "@@SMT1 $(/usr/sbin/ppc64_cpu --smt) $(cat /sys/devices/system/cpu/online)"
    /usr/sbin/ppc64_cpu --smt=on
    echo "@@SMTON $(/usr/sbin/ppc64_cpu --smt) $(cat /sys/devices/system/cpu/online)"
    ;;
esac
# One busy job pinned to each CPU, all at once: every CPU must accumulate
# time while they run (pinning keeps the scheduler's placement out of the
# result). With SMT the siblings' IPIs are doorbells (msgsndp).
ncpus=$(grep -c '^processor' /proc/cpuinfo)
if [ "$ncpus" -ge 2 ]; then
    before=$(awk '/^cpu[0-9]/ { print $2 + $4 }' /proc/stat | tr '\n' ' ')
    i=0
    while [ $i -lt "$ncpus" ]; do
        taskset "$(printf '%x' $((1 << i)))" \
            sh -c 'i=0; while [ $i -lt 40000 ]; do i=$((i+1)); done' &
        i=$((i + 1))
    done
    wait
    after=$(awk '/^cpu[0-9]/ { print $2 + $4 }' /proc/stat | tr '\n' ' ')
    echo "@@CPUTIME $before| $after"
fi
# The topology the kernel built from the device tree: one field per CPU, in order.
topo() {
    for c in $(seq 0 $((ncpus - 1))); do
        printf '%s ' "$(cat /sys/devices/system/cpu/cpu$c/topology/$1)"
    done
}
echo "@@SIBLINGS $(topo thread_siblings_list)"
echo "@@CORES $(topo core_id)"
# Doorbell interrupts taken, per CPU (the DBL row).
echo "@@DBL $(awk '$1 == "DBL:" { for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) printf "%s ", $i }' \
    /proc/interrupts)"
# powerpc-utils' view (when the image has it): threads per core from the device tree.
[ -x /usr/sbin/ppc64_cpu ] && echo "@@SMT $(/usr/sbin/ppc64_cpu --smt 2>&1)"
echo "@@DONE"
poweroff -f
