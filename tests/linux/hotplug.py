"""PCI hotplug on a Debian guest (issue 11, section 7): what the flow tests share.

A HotplugGuest boots Debian's kernel with an initramfs holding Debian's drmgr,
lsslot and rtas_errd (with their libraries), the e1000, rpaphp and rpadlpar_io
modules (modprobe-able), and init-hotplug.sh, whose shell reads the commands
the test types without echoing them. The test drives both sides:
  g.monitor("device_add e1000,id=hp0,netdev=n0")      the host: the monitor on its own
                                                       unix socket (guest.Guest.monitor)
  out = g.run("drmgr -c pci -s 'Slot 0' -n -a")        the guest; fails on a non-zero status
and checks each step where it shows: `info pci` and `info drc` on the host,
sysfs, /proc/device-tree and the interface on the guest. The NICs' traffic is
real: DHCP from -netdev user, then an HTTP download from a server this module
runs on the host's loopback, reached through the slirp gateway (10.0.N.2).

Every -netdev user has its own subnet (n0: 10.0.2.0/24, n1: 10.0.3.0/24, ...),
so that several hot-added NICs each carry their own traffic.
"""
import hashlib
import http.server
import os
import random
import re
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import guest  # noqa: E402

MODULES = ["e1000", "rpaphp", "rpadlpar_io"]
PROGRAMS = ["drmgr", "lsslot", "rtas_errd"]
INIT = os.path.join(guest.HERE, "init-hotplug.sh")
BLOB_SIZE = 4 << 20
PHB0 = "/proc/device-tree/pci@800000020000000"

# What the guest's kernel must never say during a hotplug flow (case matters: the
# e1000 driver's "Warning: no configuration for board #32" after 32 probes is not a WARN).
BAD_KERNEL = re.compile(r"WARNING:|BUG:|Oops|Call Trace|cut here|Tx Unit Hang|"
                        r"Reset adapter|refcount_t|use-after-free|double free")


def slot_index(phb, slot):
    """The DRC index of a PCI slot: 0x40000000 + (phb << 8) + (slot << 3)."""
    return 0x40000000 + (phb << 8) + (slot << 3)


def slot_name(phb, slot):
    return "Slot %d" % (phb * 32 + slot)


class BlobServer:
    """An HTTP server on 127.0.0.1 serving /blob, fixed incompressible bytes."""

    def __init__(self, size=BLOB_SIZE):
        blob = random.Random(0x11).randbytes(size)
        self.sha256 = hashlib.sha256(blob).hexdigest()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path != "/blob":
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(blob)))
                self.end_headers()
                self.wfile.write(blob)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def parse_drc(text):
    """`info drc` lines -> {name: {field: value}} (fields as key=value after the name)."""
    drcs = {}
    for m in re.finditer(r'^(0x[0-9a-f]+) "([^"]+)" (.*)$', text, re.M):
        fields = dict(kv.split("=", 1) for kv in m.group(3).split() if "=" in kv)
        fields["index"] = m.group(1)
        drcs[m.group(2)] = fields
    return drcs


class HotplugGuest(guest.Guest):
    """A guest with `nics` -netdev user back ends (n0, n1, ...) and no NIC at boot
    unless extra says so."""

    def __init__(self, emu, kernel, initrd, nics=1, extra=(), mem="512M", smp=1,
                 append="console=hvc0 quiet"):
        net = []
        for i in range(nics):
            net += ["-netdev", "user,id=n%d,net=10.0.%d.0/24" % (i, 2 + i)]
        super().__init__(emu, kernel, initrd, smp=smp, mem=mem, append=append,
                         extra=net + list(extra), monitor_socket=True)
        self.seq = 0

    # ---- the guest side ----

    def boot(self, timeout=600):
        self.expect("@@INIT", timeout=timeout)
        # Lines typed before the shell reads the terminal are lost: probe until it answers.
        deadline = time.monotonic() + 60
        while b"@@READY" not in self.raw[self.pos:]:
            if time.monotonic() > deadline:
                self.fail("the guest's shell did not answer within 60 s of /init starting")
            self.send('echo @@""READY\n')
            probe_end = time.monotonic() + 0.5
            while b"@@READY" not in self.raw[self.pos:] and self._read(probe_end):
                pass
        self.expect("@@READY", quiet=True)
        # udev would load the driver when the device appears; this guest has none.
        self.run("modprobe e1000")

    def run(self, command, timeout=120, check=True, what=None):
        """Run a shell command in the guest; returns (output, exit status), or
        just the output when check (then a non-zero status fails the test).
        what: a shorter text for the test's log."""
        self.seq += 1
        self.log("guest: %s" % (what or command))
        if "\n" in command:
            raise ValueError("one line at a time: %r" % command)
        self.send('%s\necho @@""RC%d $rc\n' % (command, self.seq))
        out = self.expect("@@RC%d " % self.seq, timeout, quiet=True)
        rc = int(self.expect("\n", timeout, quiet=True).strip())
        if check:
            if rc != 0:
                self.fail("`%s` exited with status %d:\n%s" % (command, rc, out.rstrip()))
            return out
        return out, rc

    def wait_guest(self, condition, timeout=60):
        """Poll a shell condition in the guest every 0.2 s; True once it holds."""
        n = int(timeout / 0.2)
        _, rc = self.run("i=0; until { %s; } >/dev/null 2>&1; do i=$((i+1)); [ $i -ge %d ] && "
                         "break; sleep 0.2; done; { %s; } >/dev/null 2>&1"
                         % (condition, n, condition), timeout=timeout + 60, check=False,
                         what="wait until %s" % condition)
        return rc == 0

    def iface_of(self, mac, timeout=60):
        """The guest's name of the interface with this MAC, once it exists."""
        cond = "grep -l -i '%s' /sys/class/net/*/address" % mac
        if not self.wait_guest(cond, timeout):
            self.fail("no interface with MAC %s appeared in %d s" % (mac, timeout))
        path = self.run(cond).strip().splitlines()[-1]
        return path.split("/")[4]

    def gone(self, iface, timeout=60):
        if not self.wait_guest("! test -e /sys/class/net/%s" % iface, timeout):
            self.fail("%s is still there after %d s" % (iface, timeout))

    def dhcp(self, iface, netdev=0):
        """Bring iface up and configure it with DHCP; checks the address slirp gave."""
        self.run("ip link set %s up" % iface)
        if not self.wait_guest("grep -q 1 /sys/class/net/%s/carrier" % iface, 30):
            self.fail("%s has no carrier" % iface)
        self.run("udhcpc -i %s -s /bin/dhcp.script -q -n -t 10 -T 2 >/dev/null 2>&1" % iface,
                 timeout=120)
        addr = self.run("ip -4 -o addr show %s | awk '{print $4}'" % iface).strip()
        want = "10.0.%d.15/24" % (2 + netdev)
        if addr != want:
            self.fail("%s got %r from DHCP, expected %s" % (iface, addr, want))
        self.log("%s: %s" % (iface, addr))

    def transfer(self, server, netdev=0, timeout=300):
        """Download the server's blob through netdev's slirp gateway; check its hash."""
        t0 = time.monotonic()
        # busybox 1.35's wget -T crashes on ppc64el: bound it with timeout instead.
        got = self.run("rm -f /tmp/blob; timeout %d wget -q -O /tmp/blob http://10.0.%d.2:%d/blob"
                       " && sha256sum /tmp/blob | cut -d' ' -f1; rm -f /tmp/blob"
                       % (timeout, 2 + netdev, server.port), timeout=timeout + 30).strip()
        if got != server.sha256:
            self.fail("the download through 10.0.%d.2 hashed to %r, the host's copy to %s"
                      % (2 + netdev, got, server.sha256))
        self.log("transfer of %d KiB through 10.0.%d.2: %.1f s"
                 % (BLOB_SIZE >> 10, 2 + netdev, time.monotonic() - t0))

    def start_rtas_errd(self):
        """rtas_errd in the foreground of a background job (no systemd), as issue 11's
        flow (d) starts it; checks that it keeps running."""
        self.run("rtas_errd -d > /var/log/rtas_errd.out 2>&1 & echo $! > /tmp/rtas_errd.pid")
        time.sleep(2)
        self.check_rtas_errd()

    def check_rtas_errd(self):
        _, rc = self.run("kill -0 $(cat /tmp/rtas_errd.pid)", check=False)
        if rc != 0:
            log = self.run("cat /var/log/rtas_errd.out /var/log/rtas_errd.log 2>&1", check=False)[0]
            self.fail("rtas_errd is not running; its logs:\n%s" % log)

    def check_kernel_log(self):
        """Nothing in dmesg that says the kernel saw something wrong."""
        out = self.run("dmesg")
        for line in out.splitlines():
            if BAD_KERNEL.search(line):
                self.fail("the kernel said: %s" % line.strip())

    # ---- the host side ----

    def info_pci(self):
        return self.monitor("info pci")

    def info_drc(self):
        return parse_drc(self.monitor("info drc"))

    def has_device(self, dev_id):
        return ('id "%s"' % dev_id) in self.info_pci()

    def wait_host(self, predicate, what, timeout=60):
        """Poll the monitor (every 0.5 s) until predicate() holds."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                self.fail("%s did not happen within %d s" % (what, timeout))
            time.sleep(0.5)

    def wait_removed(self, dev_id, timeout=60):
        """device_del completes: the device leaves `info pci` and no DRC names it."""
        t0 = time.monotonic()
        self.wait_host(lambda: not self.has_device(dev_id), "removal of %s" % dev_id, timeout)
        for name, drc in self.info_drc().items():
            if drc.get("device") == dev_id:
                self.fail("DRC %s still names %s after its removal" % (name, dev_id))
        self.log("%s removed %.1f s after the wait began" % (dev_id, time.monotonic() - t0))


def run_test(test, **kw):
    """guest.main with the hotplug initramfs; test(emu, kernel, initrd, guests)."""
    guest.main(test, INIT, modules=MODULES, programs=PROGRAMS, **kw)
