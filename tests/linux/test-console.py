#!/usr/bin/env python3
"""The console both ways, reboot and panic, on one guest (-smp 2, 512M):
  - a line typed before the guest has even booted reaches its shell (ppc64-lite
    holds input until the guest reads it; nothing is dropped),
  - typed commands run and their output comes back, also lines far longer than
    the vty's 16-byte buffer,
  - reboot -f resets the machine and it boots to /init again, with what was
    written to /dev/nvram still there (NVRAM survives a reset),
  - a kernel panic (ibm,os-term) ends ppc64-lite as it ends QEMU 7.2: "OS terminated:"
    with the panic text, and exit status 0 (-action panic=shutdown, QEMU's default).
    test-console.py PPC64LITE
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guest  # noqa: E402

NVRAM_MARK = "ppc64lite-nvram"
NVRAM_OFFSET = 65536 - 16       # the end of the free partition Linux leaves alone


def test(emu, kernel, initrd, guests):
    g = guest.Guest(emu, kernel, initrd, smp=2, mem="512M",
                    early_input='echo @@""EARLY $((6*9))\n')
    guests.append(g)
    g.expect("@@INIT", timeout=600)
    if g.value("EARLY") != "54":
        g.fail("the line typed before boot did not run in the guest shell")
    if g.query("ANSWER", "$((6*7))") != "42":
        g.fail("echo $((6*7)) did not print 42")
    long_word = "".join(chr(ord("a") + i % 26) for i in range(300))
    if g.query("LEN", "$(echo %s | wc -c)" % long_word) != "301":
        g.fail("a 300-character word did not arrive whole")
    if g.query("NVSIZE", "$(wc -c < /dev/nvram)") != "65536":
        g.fail("/dev/nvram is not the 64 KiB NVRAM")
    g.send("printf %s | dd of=/dev/nvram bs=1 seek=%d conv=notrunc 2>/dev/null\n"
           % (NVRAM_MARK, NVRAM_OFFSET))
    got = g.query("NVMARK", "$(dd if=/dev/nvram bs=1 skip=%d count=%d 2>/dev/null)"
                  % (NVRAM_OFFSET, len(NVRAM_MARK)))
    if got != NVRAM_MARK:
        g.fail("NVRAM write then read gave %r" % got)

    g.send("reboot -f\n")
    g.expect("reboot: Restarting system")
    g.expect("@@INIT", timeout=600)
    got = g.query("NVMARK", "$(dd if=/dev/nvram bs=1 skip=%d count=%d 2>/dev/null)"
                  % (NVRAM_OFFSET, len(NVRAM_MARK)))
    if got != NVRAM_MARK:
        g.fail("after reboot NVRAM holds %r, not %r" % (got, NVRAM_MARK))
    if g.query("AGAIN", "$((7*6))") != "42":
        g.fail("the shell after reboot does not answer")

    g.send("echo c > /proc/sysrq-trigger\n")
    status = g.wait_exit(timeout=300)
    if status != 0:
        g.fail("a kernel panic ended ppc64-lite with status %s, not 0 as in QEMU" % status)
    if "ppc64-lite: OS terminated: " not in g.console:
        g.fail("no 'OS terminated:' line from ibm,os-term")
    if "Kernel panic - not syncing: sysrq triggered crash" not in g.console:
        g.fail("the panic message is not on the console")
    if g.console.count("@@INIT") != 2:
        g.fail("/init ran %d times, expected 2 (boot + reboot)" % g.console.count("@@INIT"))


if __name__ == "__main__":
    guest.main(test, os.path.join(guest.HERE, "init-shell.sh"))
