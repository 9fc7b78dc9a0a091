#!/usr/bin/env python3
"""QMP hotplug with a Linux guest (issue 12, first "Done when"): a user's QMP
client hot-adds an e1000 to a Debian guest, the guest takes it and gets its
address over DHCP, the client hot-removes it and receives DEVICE_DELETED.

  test-qmp-linux.py PPC64LITE

The guest runs issue 11's automatic flow (d): its /init
(tests/linux/init-auto-hotplug.sh) starts rtas_errd, which runs drmgr on each
hotplug event, and prints "@@READY", "@@UP ADDR" when eth0 has its DHCP
address and "@@GONE" when eth0 has disappeared. The host side is QMP only:
-qmp unix:PATH,server=on,wait=off, no monitor commands. 10.0.2.15/24 is what
-netdev user's DHCP server gives its first client (QEMU's slirp); the event's
shape is QEMU's (qapi/qdev.json: DEVICE_DELETED {device, path}).
"""
import os
import select
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
from qmp_client import QMP, QMPError  # noqa: E402

GUEST_IMAGE = os.path.join(TOP, "scripts", "guest-image.sh")
INIT = os.path.join(TOP, "tests", "linux", "init-auto-hotplug.sh")
DEV = "nic0"


class Console:
    """The emulator's stdout (the guest console with -nographic), read by a thread."""

    def __init__(self, proc):
        self.proc = proc
        self.buf = b""
        self.pos = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        fd = self.proc.stdout.fileno()
        while True:
            data = os.read(fd, 65536)
            if not data:
                return
            with self.lock:
                self.buf += data

    def text(self):
        with self.lock:
            return self.buf.decode("utf-8", "replace").replace("\r", "")

    def wait(self, text, timeout):
        """Wait for text after the previous match."""
        deadline = time.monotonic() + timeout
        want = text.encode()
        while True:
            with self.lock:
                i = self.buf.find(want, self.pos)
                if i >= 0:
                    self.pos = i + len(want)
                    return
            if time.monotonic() > deadline:
                raise QMPError("the guest did not print %r within %d s" % (text, timeout))
            if self.proc.poll() is not None:
                raise QMPError("the emulator exited (%d) before the guest printed %r"
                               % (self.proc.returncode, text))
            select.select([], [], [], 0.05)


def pci_ids(q):
    """Every qdev_id query-pci lists, bridges' buses included."""
    ids = []

    def walk(devices):
        for d in devices:
            if d.get("qdev_id"):
                ids.append(d["qdev_id"])
            walk(d.get("pci_bridge", {}).get("devices", []))
    for bus in q.command("query-pci"):
        walk(bus["devices"])
    return ids


def scenario(q, con):
    g = q.recv_msg()
    if not (isinstance(g, dict) and "QMP" in g):
        raise QMPError("no QMP greeting: %r" % (g,))
    q.command("qmp_capabilities")
    con.wait("@@READY", 60)

    r = q.execute("device_add", {"driver": "e1000", "id": DEV, "netdev": "n0"})
    if r != {"return": {}}:
        raise QMPError("device_add: %r" % (r,))
    if DEV not in pci_ids(q):
        raise QMPError("query-pci does not list %s after device_add" % DEV)
    con.wait("@@UP 10.0.2.15/24", 30)
    print("guest: eth0 up with 10.0.2.15/24", flush=True)

    if any(e["event"] == "DEVICE_DELETED" for e in q.events):
        raise QMPError("DEVICE_DELETED before device_del: %r" % q.events)
    t0 = time.monotonic()
    r = q.execute("device_del", {"id": DEV})
    if r != {"return": {}}:
        raise QMPError("device_del: %r" % (r,))
    ev = q.wait_event("DEVICE_DELETED", timeout=30,
                      match=lambda e: e.get("data", {}).get("device") == DEV)
    print("DEVICE_DELETED %.2f s after device_del: %r" % (time.monotonic() - t0, ev), flush=True)
    if ev["data"].get("path") != "/machine/peripheral/" + DEV:
        raise QMPError("DEVICE_DELETED path: %r" % (ev,))
    if not isinstance(ev.get("timestamp", {}).get("seconds"), int):
        raise QMPError("DEVICE_DELETED has no timestamp: %r" % (ev,))
    if DEV in pci_ids(q):
        raise QMPError("query-pci still lists %s after DEVICE_DELETED" % DEV)
    con.wait("@@GONE", 20)
    print("guest: eth0 gone", flush=True)

    r = q.execute("quit")
    if r != {"return": {}}:
        raise QMPError("quit: %r" % (r,))
    ev = q.wait_event("SHUTDOWN", timeout=20)
    if ev.get("data") != {"guest": False, "reason": "host-qmp-quit"}:
        raise QMPError("SHUTDOWN data: %r" % (ev,))


def main():
    emu = sys.argv[1]
    kernel = subprocess.run([GUEST_IMAGE, "kernel"], check=True, capture_output=True,
                            text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as work:
        initrd = os.path.join(work, "initrd.gz")
        subprocess.run([GUEST_IMAGE, "initramfs", "-p", "drmgr", "-p", "lsslot", "-p",
                        "rtas_errd", INIT, initrd, "e1000", "rpaphp", "rpadlpar_io"], check=True)
        sock = os.path.join(work, "qmp.sock")
        argv = [emu, "-M", "pseries", "-m", "512M", "-nographic", "-netdev", "user,id=n0",
                "-qmp", "unix:%s,server=on,wait=off" % sock,
                "-kernel", kernel, "-initrd", initrd, "-append", "console=hvc0 quiet"]
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        con = Console(proc)
        q = None
        try:
            q = QMP.connect_unix(sock)
            scenario(q, con)
            status = proc.wait(timeout=20)
            if status != 0:
                raise QMPError("exit status %d after quit, expected 0" % status)
        except (QMPError, OSError, subprocess.TimeoutExpired) as e:
            print("FAIL: %s" % e)
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            print("---- console of: %s ----" % " ".join(argv))
            print(con.text()[-4000:])
            return 1
        finally:
            if q:
                q.close()
    print("PASS: QMP device_add e1000, eth0 10.0.2.15 in the guest, device_del, "
          "DEVICE_DELETED, quit -> SHUTDOWN, exit status 0")
    return 0


if __name__ == "__main__":
    sys.exit(main())
