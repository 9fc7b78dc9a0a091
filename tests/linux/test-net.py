#!/usr/bin/env python3
"""Networking on a Debian guest through e1000s and -netdev user (libslirp):
  - the e1000 driver probes each card and its link comes up at 1000/full,
  - each interface gets its address from busybox udhcpc (slirp's DHCP server),
  - the guest downloads a 16 MiB file from an HTTP server this test runs on
    the host's loopback, through the slirp host address (10.0.2.2), and its
    sha256 matches,
  - the host downloads that file back from busybox httpd in the guest through
    a hostfwd rule, and it matches too,
  - the kernel logged nothing wrong and power-off ends ppc64-lite with 0.
    test-net.py PPC64LITE 1|2      one e1000 on PHB 0, with 1 or 2 CPUs
    test-net.py PPC64LITE 2phb     two PHBs, an e1000 on each, each on its own
                                   slirp network; the download runs over both
"""
import hashlib
import http.server
import os
import random
import re
import socket
import sys
import threading
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guest  # noqa: E402

SIZE = 16 << 20
BAD_DMESG = re.compile(r"WARNING:|BUG:|Oops|Call Trace|Tx Unit Hang|Reset adapter|"
                       r"EEPROM|Invalid MAC|timed out", re.I)
DHCP_SCRIPT = r"""#!/bin/sh
case "$1" in bound|renew)
    ip addr add $ip/${mask:-24} dev $interface
    [ -n "$router" ] && ip route add default via ${router%% *} dev $interface ;;
esac
"""


def make_blob():
    # Deterministic and incompressible: the same bytes every run.
    return random.Random(0x1000).randbytes(SIZE)


class BlobHandler(http.server.BaseHTTPRequestHandler):
    blob = b""

    def do_GET(self):
        if self.path != "/blob":
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(self.blob)))
        self.end_headers()
        self.wfile.write(self.blob)

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Per configuration: CPUs, and per NIC its interface, slirp network, PCI bus
# (None: PHB 0's, the default) and the PCI domain Linux gives that PHB.
CONFIGS = {
    "1": (1, [("eth0", "10.0.2", None, "0000")]),
    "2": (2, [("eth0", "10.0.2", None, "0000")]),
    "2phb": (2, [("eth0", "10.0.2", None, "0000"), ("eth1", "10.0.3", "pci.1", "0001")]),
}


def emulator_options(nics, fwd_port):
    opts = []
    if any(bus == "pci.1" for _, _, bus, _ in nics):
        opts += ["-device", "spapr-pci-host-bridge,index=1"]
    for i, (_, net, bus, _) in enumerate(nics):
        fwd = ",hostfwd=tcp:127.0.0.1:%d-:80" % fwd_port if i == 0 else ""
        opts += ["-netdev", "user,id=n%d,net=%s.0/24%s" % (i, net, fwd),
                 "-device", "e1000,netdev=n%d%s" % (i, ",bus=" + bus if bus else "")]
    return opts


def bring_up(g, ifname, net, domain):
    where = g.query("PCI_" + ifname, "$(basename $(readlink /sys/class/net/%s/device))" % ifname)
    if not where.startswith(domain + ":"):
        g.fail("%s is the function %s, expected one in PCI domain %s" % (ifname, where, domain))
    g.send("ip link set %s up\n" % ifname)
    if g.query("CARRIER_" + ifname, "$(sleep 1; cat /sys/class/net/%s/carrier)" % ifname) != "1":
        g.fail("%s has no carrier" % ifname)
    g.send("udhcpc -i %s -s /bin/dhcp.script -q -n -t 10 -T 2 >/dev/null 2>&1\n" % ifname)
    addr = g.query("ADDR_" + ifname, "$(ip -4 -o addr show %s | awk '{print $4}')" % ifname,
                   timeout=120)
    if addr != net + ".15/24":
        g.fail("%s got %r from DHCP, expected %s.15/24" % (ifname, addr, net))


def download(g, net, http_port, want):
    t0 = time.monotonic()
    got = g.query("SHA", "$(wget -q -O /tmp/blob http://%s.2:%d/blob && "
                         "sha256sum /tmp/blob | cut -d' ' -f1)" % (net, http_port), timeout=900)
    g.log("guest download through %s.2: %.1f s" % (net, time.monotonic() - t0))
    if got != want:
        g.fail("the guest's copy (through %s.2) hashes to %r, the host's to %s" % (net, got, want))


# QEMU's `info pci` lines for one function and its BARs.
INFO_FN = re.compile(r"Bus +(\d+), device +(\d+), function (\d+):\n"
                     r" +Ethernet controller: PCI device 8086:100e\n(?P<body>(?: {4,}.*\n)+)")
INFO_BAR = re.compile(r"BAR(\d): (32 bit memory|I/O) at 0x([0-9a-f]+) \[0x([0-9a-f]+)\]")
# The CPU address of PCI bus address A in PHB 0's 32-bit window is A + 0x200000000000
# (CPU 0x200080000000 -> PCI 0x80000000: pci-hotplug-papr.md section 1).
PHB0_MMIO32_OFFSET = 0x200000000000


def check_info_pci(g, nics):
    """`info pci` on the running guest lists every e1000 with its two BARs
    (128 KiB of registers, 64 bytes of I/O) where Linux sees them."""
    answer = g.monitor("info pci")
    found = list(INFO_FN.finditer(answer))
    if len(found) != len(nics):
        g.fail("info pci lists %d e1000s, expected %d: %s" % (len(found), len(nics), answer))
    for m in found:
        bars = {int(b[0]): (b[1], int(b[2], 16), int(b[3], 16))
                for b in INFO_BAR.findall(m.group("body"))}
        kind, start, end = bars.get(0, (None, 0, 0))
        if kind != "32 bit memory" or end - start + 1 != 0x20000:
            g.fail("info pci: BAR0 of an e1000 is not 128 KiB of 32-bit memory: %s" % m.group(0))
        kind, start1, end1 = bars.get(1, (None, 0, 0))
        if kind != "I/O" or end1 - start1 + 1 != 64:
            g.fail("info pci: BAR1 of an e1000 is not 64 bytes of I/O: %s" % m.group(0))
    # PHB 0's e1000 (eth0): Linux's resource0 is BAR0 seen from the CPU.
    first = [m for m in found if m.group(1) == "0"]
    bars0 = dict((int(b[0]), int(b[2], 16)) for b in INFO_BAR.findall(first[0].group("body")))
    res = g.query("RES0", "$(head -n1 /sys/class/net/eth0/device/resource | cut -d' ' -f1)")
    if int(res, 16) != bars0[0] + PHB0_MMIO32_OFFSET:
        g.fail("Linux has eth0's BAR0 at %s, info pci at 0x%x (CPU 0x%x)"
               % (res, bars0[0], bars0[0] + PHB0_MMIO32_OFFSET))


def test(emu, kernel, initrd, guests, config):
    smp, nics = CONFIGS[config]
    blob = make_blob()
    want = hashlib.sha256(blob).hexdigest()
    BlobHandler.blob = blob
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), BlobHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    http_port = server.server_address[1]
    fwd_port = free_port()
    try:
        g = guest.Guest(emu, kernel, initrd, smp=smp, mem="512M",
                        extra=emulator_options(nics, fwd_port))
        guests.append(g)
        g.expect("@@INIT", timeout=900)
        g.send("insmod /lib/modules/e1000.ko; ip link set lo up\n")
        g.send("cat > /bin/dhcp.script <<'EOF'\n%sEOF\nchmod +x /bin/dhcp.script\n" % DHCP_SCRIPT)
        for ifname, net, _, domain in nics:
            bring_up(g, ifname, net, domain)

        # Host -> guest: 16 MiB over HTTP through each NIC's slirp host address.
        for _, net, _, _ in nics:
            download(g, net, http_port, want)

        # Guest -> host: the same file from busybox httpd through hostfwd.
        g.send("mkdir -p /www && mv /tmp/blob /www/blob && httpd -p 80 -h /www\n")
        if g.query("HTTPD", "$(pidof httpd >/dev/null && echo up)") != "up":
            g.fail("busybox httpd did not start")
        t0 = time.monotonic()
        with urllib.request.urlopen("http://127.0.0.1:%d/blob" % fwd_port, timeout=900) as r:
            back = r.read()
        g.log("host download through hostfwd: %.1f s" % (time.monotonic() - t0))
        if len(back) != SIZE or hashlib.sha256(back).hexdigest() != want:
            g.fail("the host got %d bytes hashing to %s back"
                   % (len(back), hashlib.sha256(back).hexdigest()))

        check_info_pci(g, nics)

        g.send("dmesg | grep -E 'e1000|eth[0-9]' | sed 's/^/@@K''LOG /'; echo @@\"\"KLOGEND\n")
        text = g.expect("@@KLOGEND")
        klog = [line[len("@@KLOG "):] for line in text.splitlines()
                if line.startswith("@@KLOG ")]
        for line in klog:
            g.log(line)
        for ifname, _, _, _ in nics:
            if not any("%s NIC Link is Up 1000 Mbps Full Duplex" % ifname in line
                       for line in klog):
                g.fail("the driver never reported %s's link up at 1000/full" % ifname)
        for line in klog:
            if BAD_DMESG.search(line):
                g.fail("the e1000 driver complained: %s" % line)
        g.send("poweroff -f\n")
        if g.wait_exit(timeout=300) != 0:
            g.fail("power-off ended ppc64-lite with status %d" % g.status)
    finally:
        server.shutdown()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[2] not in CONFIGS:
        sys.exit("usage: test-net.py PPC64LITE %s" % "|".join(CONFIGS))
    config = sys.argv[2]
    guest.main(lambda emu, kernel, initrd, guests: test(emu, kernel, initrd, guests, config),
               os.path.join(guest.HERE, "init-shell.sh"), modules=["e1000"])
