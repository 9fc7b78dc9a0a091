#!/usr/bin/env python3
"""PCI hotplug flows of issue 11 (section 7) with Debian 12's kernel, drmgr,
librtas and rtas_errd; each hot-added e1000 gets its address by DHCP from its
-netdev user and downloads a file from a server on the host's loopback, whose
hash must match (hotplug.py has the harness).
    test-hotplug.py PPC64LITE FLOW [CYCLES [EMULATOR-ARG...]]
FLOW:
  a   unmodified guest (the cover letter's first usage): device_add; drmgr -a and
      a rescan; drmgr -r and the sysfs remove; then device_del completes
  b   rpaphp loaded first: drmgr -a and -r alone add and remove the device
  c   drmgr -V (its qemu workaround, the cover letter's -v): no rescan, no rpaphp
  d   rtas_errd running: device_add alone gives a working eth0, device_del alone
      removes it; `info pci` / `info drc` show the removal pending meanwhile
  e   a -device e1000 given at start still works after a guest reboot and
      device_del removes it (its boot-time node carries the slot's DRC)
  f   several at once, rtas_errd running: two slots of PHB 0, a slot of PHB 1,
      a two-function adapter, and a hot-added PHB that then takes an e1000
  g   flow d, 50 add/remove cycles (CYCLES: scripts/soak-linux.sh runs 100):
      each one a working eth0 (DHCP; a download in the first and the last),
      nothing left pending, the guest's PCI bus empty again each time (with
      the ASan build: no leak, as exit status 0); the emulator's RSS is
      logged before the first cycle, after half of them and after the last,
      split into guest RAM, HPT, code cache, block arena and the rest (EMULATOR-ARGs: added to
      the command line, e.g. -accel tcg,tb-size=16)
Each flow ends with the guest powering off: ppc64-lite must exit with 0 (under
ASan, LeakSanitizer makes a leak a non-zero status) and print no sanitizer report.
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hotplug  # noqa: E402

MAC = "52:54:00:12:34:%02x"
SANITIZER = re.compile(r"ERROR: (Address|Leak)Sanitizer|runtime error:|SUMMARY: \w+Sanitizer")


def check_slot(g, name, device):
    """`info drc` shows the slot holding device (None: empty), nothing pending."""
    drc = g.info_drc().get(name)
    if drc is None:
        g.fail("`info drc` has no DRC named %r" % name)
    want = device or "-"
    if drc.get("device") != want or drc.get("pending") != "-":
        g.fail("`info drc` shows %s as device=%s pending=%s, expected device=%s pending=-"
               % (name, drc.get("device"), drc.get("pending"), want))
    if device is None and drc.get("sense") != "empty":
        g.fail("%s is empty but senses %s" % (name, drc.get("sense")))


def finish(g):
    """Nothing pending anywhere, a clean kernel log, power off with status 0."""
    for name, drc in g.info_drc().items():
        if drc.get("pending") != "-":
            g.fail("DRC %s still has pending=%s at the end" % (name, drc.get("pending")))
    if "pending removal" in g.info_pci():
        g.fail("`info pci` still shows a device pending removal at the end")
    g.check_kernel_log()
    g.send("poweroff -f\n")
    status = g.wait_exit(timeout=300)
    report = SANITIZER.search(g.console)
    if report:
        g.fail("a sanitizer reported: %s" % g.console[report.start():report.start() + 400])
    if status != 0:
        g.fail("power-off ended ppc64-lite with status %d" % status)


def use_nic(g, server, mac, netdev, timeout=60):
    """The NIC with this MAC appears, gets 10.0.N.15 by DHCP and downloads the blob."""
    iface = g.iface_of(mac, timeout)
    g.dhcp(iface, netdev)
    g.transfer(server, netdev)
    return iface


def pci_path(g, iface):
    return g.run("readlink -f /sys/class/net/%s/device" % iface).strip()


# ---- (a) the unmodified guest ----

def flow_a(g, server):
    g.monitor("device_add e1000,id=slot0,netdev=n0,mac=%s" % (MAC % 0xa0))
    check_slot(g, "Slot 0", "slot0")
    # drmgr loads rpadlpar_io (and rpaphp) now, with the slot already full: rpaphp
    # then skips it, drmgr's write to its `power` fails (and is ignored), and the
    # rescan is what probes the device, as the cover letter's workaround intends.
    g.run('drmgr -c pci -s "Slot 0" -n -a')
    g.run("test -e %s/ethernet@0" % hotplug.PHB0)
    g.run("echo 1 > /sys/bus/pci/rescan")
    iface = use_nic(g, server, MAC % 0xa0, 0)
    dev = pci_path(g, iface)
    g.run('drmgr -c pci -s "Slot 0" -n -r')
    if g.run("test -e %s/ethernet@0" % hotplug.PHB0, check=False)[1] == 0:
        g.fail("drmgr -r left the device's node in the device tree")
    # The device is still bound when drmgr has not gone through rpaphp: remove it.
    g.run("if [ -e %s/remove ]; then echo 1 > %s/remove; fi" % (dev, dev))
    g.gone(iface)
    g.run("! test -e %s" % dev)
    g.monitor("device_del slot0")
    g.wait_removed("slot0")
    check_slot(g, "Slot 0", None)


# ---- (b) rpaphp ----

def flow_b(g, server):
    g.run("modprobe rpaphp")
    g.run('test -d "/sys/bus/pci/slots/Slot 0"')
    g.monitor("device_add e1000,id=slot0,netdev=n0,mac=%s" % (MAC % 0xb0))
    g.run('drmgr -c pci -s "Slot 0" -n -a')
    # rpaphp's `power` probed it: no rescan.
    iface = use_nic(g, server, MAC % 0xb0, 0, timeout=30)
    adapter = g.run('cat "/sys/bus/pci/slots/Slot 0/adapter"').strip()
    if adapter != "1":
        g.fail("rpaphp shows Slot 0's adapter as %r, expected 1 (configured)" % adapter)
    g.run('drmgr -c pci -s "Slot 0" -n -r')
    g.gone(iface, 30)
    g.monitor("device_del slot0")
    g.wait_removed("slot0")
    check_slot(g, "Slot 0", None)


# ---- (c) drmgr -V ----

def flow_c(g, server):
    g.monitor("device_add e1000,id=slot0,netdev=n0,mac=%s" % (MAC % 0xc0))
    g.run('drmgr -c pci -s "Slot 0" -n -V -a')
    iface = use_nic(g, server, MAC % 0xc0, 0, timeout=30)
    g.run('drmgr -c pci -s "Slot 0" -n -V -r', timeout=180)
    g.gone(iface, 30)
    g.monitor("device_del slot0")
    g.wait_removed("slot0")
    check_slot(g, "Slot 0", None)
    # -V goes through sysfs rescan and remove: drmgr loaded no hotplug module.
    if g.run("grep -E '^(rpaphp|rpadlpar_io) ' /proc/modules", check=False)[1] == 0:
        g.fail("drmgr -V loaded rpaphp or rpadlpar_io")


# ---- (d) rtas_errd ----

def auto_add(g, dev_id, mac, netdev=0, extra="", timeout=60):
    """device_add alone; the NIC appears in the guest. Returns the interface."""
    t0 = time.monotonic()
    g.monitor("device_add e1000,id=%s,netdev=n%d,mac=%s%s" % (dev_id, netdev, mac, extra))
    iface = g.iface_of(mac, timeout)
    g.log("%s is %s %.1f s after device_add" % (dev_id, iface, time.monotonic() - t0))
    return iface


def auto_del(g, dev_id, iface, timeout=60, check_pending=False):
    """device_del alone; the NIC leaves the guest and the device leaves the machine."""
    t0 = time.monotonic()
    g.monitor("device_del %s" % dev_id)
    if check_pending:
        # drmgr -V waits 3 s after the sysfs remove before it isolates: still pending.
        if "pending removal" not in g.info_pci():
            g.fail("`info pci` does not show %s pending removal after device_del" % dev_id)
        if not any(d.get("device") == dev_id and d.get("pending") == "unplug"
                   for d in g.info_drc().values()):
            g.fail("`info drc` does not show %s with pending=unplug after device_del" % dev_id)
        err = g.monitor("device_del %s" % dev_id, allow_error=True)
        if "Error:" not in err:
            g.fail("a second device_del %s was accepted" % dev_id)
    g.gone(iface, timeout)
    g.wait_removed(dev_id, timeout)
    g.log("%s removed %.1f s after device_del" % (dev_id, time.monotonic() - t0))


def flow_d(g, server):
    g.start_rtas_errd()
    iface = auto_add(g, "hp0", MAC % 0xd0)
    check_slot(g, "Slot 0", "hp0")
    g.dhcp(iface)
    g.transfer(server)
    auto_del(g, "hp0", iface, check_pending=True)
    check_slot(g, "Slot 0", None)
    g.check_rtas_errd()
    log = g.run("cat /var/log/rtas_errd.out")
    for action in ("-a", "-r"):
        # drmgr logs its arguments (rtas_errd's own "run:" line shows only the first six).
        if not re.search(r"drmgr: -c pci %s -s 0x40000000 -n -d4 -V" % action, log):
            g.fail("rtas_errd's log does not show it running drmgr %s for Slot 0:\n%s"
                   % (action, log[-2000:]))


# ---- (e) unplug after a guest reboot ----

def flow_e(g, server):
    # Booted with -device e1000,id=cold0 (see EXTRA): its node carries the slot's DRC.
    node = "%s/ethernet@0" % hotplug.PHB0
    idx = g.run("hexdump -v -e '1/1 \"%%02x\"' %s/ibm,my-drc-index" % node).strip()
    loc = g.run("cat %s/ibm,loc-code" % node).strip("\0\n ")
    if idx != "40000000" or loc != "Slot 0":
        g.fail("the boot-time node has ibm,my-drc-index %s and ibm,loc-code %r, "
               "expected 40000000 and 'Slot 0'" % (idx, loc))
    check_slot(g, "Slot 0", "cold0")
    use_nic(g, server, MAC % 0xe0, 0)
    g.send("reboot -f\n")
    g.boot()
    g.start_rtas_errd()
    iface = use_nic(g, server, MAC % 0xe0, 0)
    auto_del(g, "cold0", iface)
    check_slot(g, "Slot 0", None)
    g.run("! test -e %s" % node)


# ---- (f) several at once ----

def flow_f(g, server):
    g.start_rtas_errd()
    nics = [  # id, netdev, device_add options, DRC name
        ("s0", 0, "", "Slot 0"),
        ("s5", 1, ",addr=5", "Slot 5"),
        ("p1", 2, ",bus=phb1.0", "Slot 32"),
        ("mf1", 3, ",addr=6.1", "Slot 6"),
        ("mf0", 4, ",addr=6.0,multifunction=on", "Slot 6"),
    ]
    # All plugged at once: the events queue up and rtas_errd takes them in turn.
    for dev_id, n, opts, _ in nics:
        g.monitor("device_add e1000,id=%s,netdev=n%d,mac=%s%s" % (dev_id, n, MAC % (0xf0 + n), opts))
    drcs = g.info_drc()
    for dev_id, _, _, name in nics:
        if dev_id != "mf1" and drcs.get(name, {}).get("device") != dev_id:
            g.fail("`info drc` shows %s holding %s, expected %s"
                   % (name, drcs.get(name, {}).get("device"), dev_id))
    ifaces = {}
    for dev_id, n, _, _ in nics:
        ifaces[dev_id] = use_nic(g, server, MAC % (0xf0 + n), n, timeout=120)
    # Both functions of the adapter are one slot's children, functions 0 and 1.
    fns = g.run("ls %s | grep '@6'" % hotplug.PHB0).split()
    if sorted(fns) != ["ethernet@6", "ethernet@6,1"]:
        g.fail("PHB 0's nodes for slot 6 are %s, expected ethernet@6 and ethernet@6,1" % fns)

    # A PHB hot-added, then an e1000 on it.
    t0 = time.monotonic()
    g.monitor("device_add spapr-pci-host-bridge,index=2,id=phb2")
    if not g.wait_guest("test -d /proc/device-tree/pci@800000020000002", 120):
        g.fail("the hot-added PHB 2 never appeared in the guest's device tree")
    g.log("PHB 2 in the guest %.1f s after device_add" % (time.monotonic() - t0))
    ifaces["p2"] = auto_add(g, "p2", MAC % 0xf5, 5, ",bus=phb2.0", timeout=120)
    g.dhcp(ifaces["p2"], 5)
    g.transfer(server, 5)
    check_slot(g, "Slot 64", "p2")

    # All removed at once; the two functions go with their slot (function 0's device_del).
    for dev_id in ("s0", "s5", "p1", "mf0", "p2"):
        g.monitor("device_del %s" % dev_id)
    for dev_id in ("s0", "s5", "p1", "mf0", "mf1", "p2"):
        g.gone(ifaces[dev_id], 120)
    for dev_id in ("s0", "s5", "p1", "mf0", "mf1", "p2"):
        g.wait_removed(dev_id, 120)
    for name in ("Slot 0", "Slot 5", "Slot 6", "Slot 32", "Slot 64"):
        check_slot(g, name, None)
    g.monitor("device_del phb2")
    if not g.wait_guest("! test -e /proc/device-tree/pci@800000020000002", 120):
        g.fail("the removed PHB 2 is still in the guest's device tree")
    g.wait_removed("phb2", 120)
    g.check_rtas_errd()


# ---- (g) 50 cycles of (d) ----

CYCLES = 50


def log_rss(g, cycle):
    # The split (guest.py) tells the guest's RAM and page table, which its kernel
    # fills as it runs, and translation memory (the code cache and the block arena,
    # both within tb-size, tcg/tb.c) from the emulator's own memory, the rest.
    rss = g.rss_kib()
    jit = g.monitor("info jit")

    def count(what):
        return int(re.search(what + r"\s+(\d+)", jit)[1])

    s = g.rss_split_kib((int(re.search(r"block arena\s+at (0x[0-9a-f]+)", jit)[1], 16),
                         count("a block arena of") << 10))
    g.log("RSS after %d cycles: %d kB; smaps: total %d, guest RAM %s, HPT %s, code cache %s, "
          "block arena %s, rest %d kB; tb-size %d kB; blocks translated %d, invalidated %d, "
          "full flushes %d"
          % (cycle, rss, s["total"], s["ram"], s["hpt"], s["code"], s["arena"], s["rest"],
             count("tb-size"), count("blocks translated"), count("blocks invalidated"),
             count("full flushes")))


def flow_g(g, server):
    g.start_rtas_errd()
    t_add, t_del = [], []
    mac = MAC % 0x90    # one card plugged again and again: slirp leases it 10.0.2.15 each time
    log_rss(g, 0)
    for i in range(CYCLES):
        if i == CYCLES // 2:
            log_rss(g, i)
        t0 = time.monotonic()
        iface = auto_add(g, "hp%d" % i, mac)
        g.dhcp(iface)
        t_add.append(time.monotonic() - t0)
        if i in (0, CYCLES - 1):
            g.transfer(server)
        t0 = time.monotonic()
        auto_del(g, "hp%d" % i, iface)
        t_del.append(time.monotonic() - t0)
        if g.run("ls /sys/bus/pci/devices | wc -l").strip() != "0":
            g.fail("cycle %d left a PCI device in the guest" % i)
    log_rss(g, CYCLES)
    g.check_rtas_errd()
    check_slot(g, "Slot 0", None)
    g.log("%d cycles: device_add to DHCP done %.2f s on average (max %.2f), "
          "device_del to removal %.2f s (max %.2f)"
          % (CYCLES, sum(t_add) / CYCLES, max(t_add), sum(t_del) / CYCLES, max(t_del)))


FLOWS = {"a": flow_a, "b": flow_b, "c": flow_c, "d": flow_d, "e": flow_e, "f": flow_f,
         "g": flow_g}
# -netdev user back ends and extra options per flow.
NICS = {"f": 6}
EXTRA = {
    "e": ["-device", "e1000,id=cold0,netdev=n0,mac=%s" % (MAC % 0xe0)],
    "f": ["-device", "spapr-pci-host-bridge,index=1,id=phb1"],
}


def main():
    global CYCLES
    if len(sys.argv) < 3 or sys.argv[2] not in FLOWS:
        sys.exit("usage: test-hotplug.py PPC64LITE %s [CYCLES [EMULATOR-ARG...]]"
                 % "|".join(FLOWS))
    flow = sys.argv[2]
    if len(sys.argv) >= 4:
        if flow != "g" or not sys.argv[3].isdigit() or int(sys.argv[3]) < 2:
            sys.exit("CYCLES (2 or more) and emulator arguments are for flow g only")
        CYCLES = int(sys.argv[3])
        EXTRA["g"] = sys.argv[4:]

    def test(emu, kernel, initrd, guests):
        server = hotplug.BlobServer()
        try:
            g = hotplug.HotplugGuest(emu, kernel, initrd, nics=NICS.get(flow, 1),
                                     extra=EXTRA.get(flow, []))
            guests.append(g)
            g.boot()
            FLOWS[flow](g, server)
            finish(g)
        finally:
            server.close()

    hotplug.run_test(test)


if __name__ == "__main__":
    main()
