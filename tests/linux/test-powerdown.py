#!/usr/bin/env python3
"""system_powerdown on the monitor shuts a Linux guest down cleanly, as the
power button does on PowerVM: ppc64-lite raises an EPOW event, the kernel's
EPOW interrupt handler (arch/powerpc/platforms/pseries/ras.c) reads it with
check-exception, logs it, finds action SYSTEM_SHUTDOWN with a normal-shutdown
modifier and runs the orderly power-off, which starts /sbin/poweroff in user
space. Checked:
  - the kernel says "Power off requested" (it parsed our EPOW section),
  - our /sbin/poweroff ran (the orderly path, not the kernel forcing it) and
    saw the event in the kernel log as an EPOW event (type 64) of severity 1,
  - the EPOW and hotplug interrupts are requested, and /proc/powerpc/rtas/error_log
    exists (rtasd found event-scan and rtas-event-scan-rate),
  - ppc64-lite exits with status 0 (RTAS power-off), and the monitor printed
    no error.
    test-powerdown.py PPC64LITE
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guest  # noqa: E402

# /sbin/poweroff, the kernel's poweroff_cmd: say it ran and what the kernel
# logged, then power off as an init system would at the end of its shutdown.
POWEROFF_SCRIPT = r"""#!/bin/sh
echo "@@POWEROFF ran" > /dev/console
dmesg | grep 'RTAS: event' | sed 's/^/@@RTASLOG /' > /dev/console
sync
exec /bin/poweroff -f
"""


def test(emu, kernel, initrd, guests):
    # "quiet" still shows pr_emerg ("Power off requested"); the debug-level RTAS line is read with dmesg.
    g = guest.Guest(emu, kernel, initrd, smp=1, mem="512M")
    guests.append(g)
    g.expect("@@INIT", timeout=600)
    g.send("mkdir -p /sbin && cat > /sbin/poweroff << 'EOF'\n%sEOF\n" % POWEROFF_SCRIPT)
    g.send("chmod +x /sbin/poweroff\n")
    if g.query("READY", "$(test -x /sbin/poweroff && echo yes)") != "yes":
        g.fail("could not install /sbin/poweroff in the guest")
    # The EPOW and hotplug interrupts are requested at boot (ras.c init_ras_IRQ).
    irqs = g.query("IRQS", "$(grep -c -E 'RAS_EPOW|RAS_HOTPLUG' /proc/interrupts)")
    if irqs != "2":
        g.fail("/proc/interrupts lists %s of RAS_EPOW and RAS_HOTPLUG, expected both" % irqs)
    # rtasd found event-scan and rtas-event-scan-rate: the error log rtas_errd reads exists.
    if g.query("ERRLOG", "$(test -e /proc/powerpc/rtas/error_log && echo yes)") != "yes":
        g.fail("/proc/powerpc/rtas/error_log is missing (event-scan or its rate not seen)")

    # Ctrl-A c: the monitor, as in QEMU's -nographic.
    g.send(b"\x01c")
    g.send("system_powerdown\n")
    g.expect("Power off requested", timeout=120)
    g.expect("@@POWEROFF ran", timeout=120)
    log = g.value("RTASLOG", timeout=60)
    if "Type: EPOW (64)" not in log or "Severity: 1" not in log:
        g.fail("the kernel logged the event as %r, not an EPOW event of severity 1" % log)
    status = g.wait_exit(timeout=300)
    if status != 0:
        g.fail("ppc64-lite exited with status %d after the guest powered off" % status)
    if "Error:" in g.console:
        g.fail("the monitor printed an error")
    if "forcing the issue" in g.console:
        g.fail("the kernel forced the power-off instead of running /sbin/poweroff")
    if "reboot: Power down" not in g.console:
        g.fail("the kernel did not report powering down")


if __name__ == "__main__":
    guest.main(test, os.path.join(guest.HERE, "init-shell.sh"))
