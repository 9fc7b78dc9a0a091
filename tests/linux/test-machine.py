#!/usr/bin/env python3
"""What the guest sees of the machine, and what the machine costs the host:
    test-machine.py PPC64LITE large    -smp 8 -m 16G: 8 CPUs online, MemTotal near
                                       16 GiB, host memory far below 16 GiB, an
                                       idle guest (all CPUs in H_CEDE) costing next
                                       to no host CPU, a clean dmesg, power-off exits 0
    test-machine.py PPC64LITE small    -smp 4 -m 256M -no-reboot: 4 CPUs, MemTotal
                                       near 256 MiB, a clean dmesg, and reboot -f
                                       ends ppc64-lite with status 0 instead
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guest  # noqa: E402

CONFIGS = {
    # smp, -m in MiB, extra options
    "large": (8, 16384, []),
    "small": (4, 256, ["-no-reboot"]),
}
# The guest's clock is the host's: in a Debug build on a busy host, initialising
# 16G of page structures with interrupts off takes over 10 s, and the kernel's
# hard-lockup watchdog reports it. That is the emulator's speed, not a fault;
# everything else in dmesg stays checked.
APPEND = {
    "large": "console=hvc0 quiet nowatchdog",
    "small": "console=hvc0 quiet",
}
# Kernel messages that mean the guest saw something wrong with the machine.
BAD_DMESG = re.compile(r"WARNING:|BUG:|Oops|Call Trace|cut here|stall|soft lockup|"
                       r"hung task|nvram corruption|Unable to|unknown hcall", re.I)
IDLE_SECONDS = 5
IDLE_MAX_CPU = 0.25             # of one host CPU, while the guest sleeps
HOST_RSS_MAX_KIB = 1 << 20      # 1 GiB: a 16 GiB guest must not cost its size


def check_machine(g, smp, mem_mib):
    cpus = g.query("CPUS", "$(grep -c ^processor /proc/cpuinfo)")
    if cpus != str(smp):
        g.fail("/proc/cpuinfo lists %s CPUs, expected %d" % (cpus, smp))
    online = g.query("ONLINE", "$(cat /sys/devices/system/cpu/online)")
    if online != "0-%d" % (smp - 1):
        g.fail("online CPUs %r, expected 0-%d" % (online, smp - 1))
    memtotal = int(g.query("MEMTOTAL", "$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"))
    # MemTotal is RAM less the kernel's image and early reservations: about
    # 45 MiB plus a fraction of a percent (QEMU's pseries shows the same).
    low = mem_mib * 1024 * 97 // 100 - 64 * 1024
    if not low <= memtotal <= mem_mib * 1024:
        g.fail("MemTotal %d kB does not match -m %dM" % (memtotal, mem_mib))


def check_dmesg(g):
    g.send("dmesg > /tmp/dmesg\n")
    lines = int(g.query("DMESGLINES", "$(wc -l < /tmp/dmesg)"))
    if lines < 50:
        g.fail("dmesg has only %d lines" % lines)
    # Show what a reader would look at, then fail on what is clearly wrong.
    g.send("grep -i -E 'warn|bug|error|fail' /tmp/dmesg | sed 's/^/@@D''MESG /'; "
           'echo @@""DMESGEND\n')
    text = g.expect("@@DMESGEND")
    for line in text.splitlines():
        if line.startswith("@@DMESG "):
            g.log(line)
            if BAD_DMESG.search(line):
                g.fail("kernel complained: %s" % line)
    bad = g.query("BADCOUNT", "$(grep -c -i -E '%s' /tmp/dmesg)" % BAD_DMESG.pattern)
    if bad != "0":
        g.fail("%s dmesg lines match %s" % (bad, BAD_DMESG.pattern))


def check_fresh_process_memory(g):
    """A new process writing a fresh 32M buffer (dd's): its stack and heap
    segments must get their own VSIDs after the shell's were flushed (slbie of
    1T segments), and the buffer holds a 16M transparent huge page, hashed as
    64K subpages whose entries say 16M. Either going wrong loops in hash faults."""
    n = g.query("DDBYTES", "$(dd if=/dev/zero bs=32M count=1 2>/dev/null | wc -c)", timeout=900)
    if n != str(32 << 20):
        g.fail("dd through a 32M buffer moved %s bytes" % n)
    thp = g.query("THP", "$(awk '/^thp_fault_alloc/ {print $2}' /proc/vmstat)")
    if not thp.isdigit() or int(thp) == 0:
        g.fail("no transparent huge page was allocated (thp_fault_alloc %r)" % thp)


def check_idle(g):
    g.send('sleep 1; echo @@""IDLE0 x; sleep %d; echo @@""IDLE1 x\n' % IDLE_SECONDS)
    g.expect("@@IDLE0")
    cpu0, t0 = g.cpu_seconds(), time.monotonic()
    g.expect("@@IDLE1", timeout=120)
    cpu1, t1 = g.cpu_seconds(), time.monotonic()
    if t1 - t0 < IDLE_SECONDS * 0.9:
        g.fail("sleep %d took %.2f s of host time" % (IDLE_SECONDS, t1 - t0))
    share = (cpu1 - cpu0) / (t1 - t0)
    g.log("idle: %.1f%% of one host CPU over %.1f s" % (100 * share, t1 - t0))
    if share > IDLE_MAX_CPU:
        g.fail("the idle guest used %.0f%% of a host CPU (limit %.0f%%)"
               % (100 * share, 100 * IDLE_MAX_CPU))


def test_large(emu, kernel, initrd, guests):
    smp, mem, extra = CONFIGS["large"]
    g = guest.Guest(emu, kernel, initrd, smp=smp, mem="%dM" % mem, extra=extra,
                    append=APPEND["large"])
    guests.append(g)
    g.expect("@@INIT", timeout=900)
    check_machine(g, smp, mem)
    check_dmesg(g)
    check_fresh_process_memory(g)
    check_idle(g)
    rss = g.peak_rss_kib()
    g.log("host peak RSS %d MiB" % (rss >> 10))
    if not 0 < rss < HOST_RSS_MAX_KIB:
        g.fail("ppc64-lite's peak RSS is %d KiB for a %d MiB guest" % (rss, mem))
    g.send("poweroff -f\n")
    if g.wait_exit(timeout=300) != 0:
        g.fail("power-off ended ppc64-lite with status %d" % g.status)
    if "reboot: Power down" not in g.console:
        g.fail("the guest did not report powering down")


def test_small(emu, kernel, initrd, guests):
    smp, mem, extra = CONFIGS["small"]
    g = guest.Guest(emu, kernel, initrd, smp=smp, mem="%dM" % mem, extra=extra,
                    append=APPEND["small"])
    guests.append(g)
    g.expect("@@INIT", timeout=900)
    check_machine(g, smp, mem)
    check_dmesg(g)
    g.send("reboot -f\n")
    g.expect("reboot: Restarting system")
    if g.wait_exit(timeout=300) != 0:
        g.fail("reboot under -no-reboot ended ppc64-lite with status %d" % g.status)
    if g.console.count("@@INIT") != 1:
        g.fail("the guest booted again despite -no-reboot")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in CONFIGS:
        sys.exit("usage: test-machine.py PPC64LITE large|small")
    guest.main(test_large if sys.argv[2] == "large" else test_small,
               os.path.join(guest.HERE, "init-shell.sh"))
