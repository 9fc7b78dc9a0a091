#!/usr/bin/env python3
"""What Debian's hotplug tools see of ppc64-lite before anything is plugged
(issue 11, section 7; the tools' needs: shared/reference/pci-hotplug-history-and-tools.md):
  - the platform drmgr accepts: "chrp" device_type, pSeries in /proc/cpuinfo,
    the RTAS work area librtas maps through /dev/mem, and `drmgr -C` finds
    I/O and PHB DLPAR capable,
  - PHB 0's node carries the four ibm,drc-* arrays and ibm,my-drc-index, and
    no ibm,drc-info,
  - `lsslot -c pci` lists exactly the 32 slots of PHB 0, "Slot 0".."Slot 31",
    each empty and typed "PCI-E capable, Rev 2, 8x lanes" (DRC type 28), which
    also loads rpadlpar_io and rpaphp (drmgr's /sbin/modprobe), and rpaphp
    registers the 32 slots under /sys/bus/pci/slots,
  - `lsslot -c phb` lists PHB 0 at /pci@800000020000000,
  - /proc/powerpc/rtas/error_log exists, rtas_errd starts (no systemd) and is
    still running at the end,
  - the kernel logged nothing wrong.
    test-hotplug-smoke.py PPC64LITE
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guest  # noqa: E402
import hotplug  # noqa: E402

SLOTS = ["Slot %d" % i for i in range(32)]


def test(emu, kernel, initrd, guests):
    g = hotplug.HotplugGuest(emu, kernel, initrd)
    guests.append(g)
    g.boot()
    if g.run("cat /proc/device-tree/device_type").strip("\0\n ") != "chrp":
        g.fail("/proc/device-tree/device_type is not chrp (drmgr refuses to run)")
    if "pSeries" not in g.run("grep -E '^(platform|machine)' /proc/cpuinfo"):
        g.fail("/proc/cpuinfo does not say pSeries")
    g.run("test -r /proc/ppc64/rtas/rmo_buffer && test -c /dev/mem")
    caps = g.run("drmgr -C")
    for want in ("slot_dlpar=yes", "phb_dlpar=yes"):
        if want not in caps:
            g.fail("drmgr -C does not report %s:\n%s" % (want, caps))

    # What drmgr reads to find the slots (common_ofdt.c get_drc_info): name the missing ones.
    props = g.run("ls %s" % hotplug.PHB0).split()
    missing = [p for p in ("ibm,drc-indexes", "ibm,drc-names", "ibm,drc-types",
                           "ibm,drc-power-domains", "ibm,my-drc-index") if p not in props]
    if missing:
        g.fail("PHB 0's node %s lacks %s" % (hotplug.PHB0, ", ".join(missing)))
    if "ibm,drc-info" in props:
        g.fail("PHB 0 has ibm,drc-info: rpaphp would register only its first slot")

    out = g.run("lsslot -c pci")
    listed = re.findall(r"^(Slot \d+)\s+(.*?)\s*$", out, re.M)
    names = [n for n, _ in listed]
    if sorted(names) != sorted(SLOTS):
        # Say why, from what drmgr itself reads.
        why = g.run("ls %s; lsslot -c pci -d 5" % hotplug.PHB0, check=False)[0]
        g.fail("lsslot -c pci listed %s, expected Slot 0..Slot 31 once each\n%s" % (names, why))
    for name, rest in listed:
        if not rest.startswith("PCI-E capable, Rev 2, 8x lanes") or not rest.endswith("Empty"):
            g.fail("lsslot shows %s as %r, expected an empty PCI-E Rev 2 8x slot" % (name, rest))
    mods = g.run("cat /proc/modules")
    if not re.search(r"^rpadlpar_io ", mods, re.M) or not re.search(r"^rpaphp ", mods, re.M):
        g.fail("lsslot did not load rpadlpar_io and rpaphp through /sbin/modprobe:\n%s" % mods)
    slots = g.run("ls -1 /sys/bus/pci/slots").split("\n")
    missing = [s for s in SLOTS if s not in slots]
    if missing:
        g.fail("rpaphp registered no /sys/bus/pci/slots entry for %s" % missing)

    # PHB 0 is a DR entity too: its DRC "PHB 0" on / matches its node's ibm,my-drc-index.
    phbs = g.run("lsslot -c phb")
    if not re.search(r"^PHB 0\s+/pci@800000020000000\b", phbs, re.M):
        g.fail("lsslot -c phb does not list PHB 0 at /pci@800000020000000:\n%s" % phbs)

    g.run("test -r /proc/powerpc/rtas/error_log")
    g.start_rtas_errd()
    g.run("sleep 3")
    g.check_rtas_errd()
    g.check_kernel_log()
    g.send("poweroff -f\n")
    if g.wait_exit(timeout=120) != 0:
        g.fail("power-off ended ppc64-lite with status %d" % g.status)


if __name__ == "__main__":
    hotplug.run_test(test)
