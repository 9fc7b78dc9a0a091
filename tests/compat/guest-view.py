#!/usr/bin/env python3
"""What Debian's Linux sees of the pseries machine properties, on ppc64-lite and,
where it is installed, on qemu-system-ppc64 7.2 with the same command line:

  - the usual TCG line (cap-cfpc/sbbc/ibs=broken, cap-ccf-assist=off): the
    kernel's verdict on each speculation side channel
    (/sys/devices/system/cpu/vulnerabilities/*) comes from
    H_GET_CPU_CHARACTERISTICS, which follows the caps; both must agree;
  - the VSX bit of AT_HWCAP (glibc's ld.so --list-diagnostics) is set; with
    cap-vsx=off the kernel is told there is no VSX (ibm,vmx = 1) and never
    enables it, so Debian's busybox, built for POWER8 with VSX instructions,
    dies of SIGILL as /init: "Attempted to kill init! exitcode=0x00000004",
    then ibm,os-term and exit status 0 - on QEMU 7.2 exactly the same;
  - ppc64-lite's own default caps (fixed, fixed, fixed-na): meltdown and
    spectre v1 reported "Not affected" (QEMU's default differs: see README).

    guest-view.py PPC64LITE
"""
import os
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "linux"))
import guest  # noqa: E402

USUAL = "cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off"
VULNS = ["meltdown", "spectre_v1", "spectre_v2", "l1tf", "spec_store_bypass"]
PPC_FEATURE_HAS_VSX = 0x00000080


def view(emu, kernel, initrd, guests, caps):
    g = guest.Guest(emu, kernel, initrd, mem="1G",
                    extra=["-cpu", "POWER8", "-M", "pseries," + caps])
    guests.append(g)
    g.expect("@@INIT", timeout=900)
    seen = {}
    for v in VULNS:
        seen[v] = g.query("V_" + v, "$(cat /sys/devices/system/cpu/vulnerabilities/%s)" % v)
    hwcap = g.query("HWCAP", "$(/lib64/ld64.so.2 --list-diagnostics | grep '^dl_hwcap=')")
    m = re.fullmatch(r"dl_hwcap=0x([0-9a-f]+)", hwcap)
    if not m:
        g.fail("no dl_hwcap line from ld.so --list-diagnostics: %r" % hwcap)
    seen["vsx"] = bool(int(m.group(1), 16) & PPC_FEATURE_HAS_VSX)
    g.send("poweroff -f\n")
    g.wait_exit(timeout=300)
    return seen


def novsx(emu, kernel, initrd, guests):
    """cap-vsx=off: how the run ends (the panic line, the exit status)."""
    g = guest.Guest(emu, kernel, initrd, mem="1G",
                    extra=["-cpu", "POWER8", "-M", "pseries," + USUAL + ",cap-vsx=off"])
    guests.append(g)
    _, m = g.expect_re(r"Kernel panic - not syncing: ([^\r\n]*)\r?\n", timeout=900)
    status = g.wait_exit(timeout=300)
    return m.group(1).decode(), status, "OS terminated: OS panic: " in g.console


def test(emu, kernel, initrd, guests):
    qemu = shutil.which("qemu-system-ppc64")
    ours = view(emu, kernel, initrd, guests, USUAL)
    ours_novsx = novsx(emu, kernel, initrd, guests)
    ours_default = view(emu, kernel, initrd, guests, "ic-mode=xics")
    if not ours["vsx"]:
        guests[-1].fail("ppc64-lite: AT_HWCAP lacks VSX by default")
    if ours_novsx != ("Attempted to kill init! exitcode=0x00000004", 0, True):
        guests[-1].fail("ppc64-lite: cap-vsx=off: %r, expected init killed by SIGILL, "
                        "OS terminated, exit status 0" % (ours_novsx,))
    for v in ("meltdown", "spectre_v1"):
        if ours_default[v] != "Not affected":
            guests[-1].fail("ppc64-lite default caps: %s is %r, not 'Not affected'"
                            % (v, ours_default[v]))
    if ours["meltdown"] == "Not affected":
        guests[-1].fail("ppc64-lite: cap-cfpc=broken, yet meltdown is 'Not affected'")
    if qemu:
        theirs = view(qemu, kernel, initrd, guests, USUAL)
        theirs_novsx = novsx(qemu, kernel, initrd, guests)
        for k in VULNS + ["vsx"]:
            if ours[k] != theirs[k]:
                guests[-1].fail("usual line: %s is %r here, %r on QEMU" % (k, ours[k], theirs[k]))
        if ours_novsx != theirs_novsx:
            guests[-1].fail("cap-vsx=off: %r here, %r on QEMU" % (ours_novsx, theirs_novsx))
        print("compared with %s" % qemu)
    else:
        print("qemu-system-ppc64 is not installed: ppc64-lite checked alone")


if __name__ == "__main__":
    guest.main(test, os.path.join(guest.HERE, "init-shell.sh"), programs=("lparstat",))
