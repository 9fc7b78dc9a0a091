#!/usr/bin/env python3
"""Hotplug latency in issue 11's fully automatic flow (d), on ppc64-lite and on
QEMU's pseries in one run: rtas_errd runs in the guest, the host types
`device_add e1000,...` on the monitor, and we time
  add:    from device_add to a usable eth0 in the guest (DHCP lease bound and
          the address configured), seen as the guest's marker on the console;
  remove: from device_del to the device gone on the host (`info pci` no
          longer lists its id), which happens when the guest has released it.
Timings, not a test: nothing here passes or fails. Both run the same Debian
kernel and initramfs (Debian's rtas_errd and drmgr); the e1000 goes into
whatever slot each machine picks.

  bench/hotplug-latency.py [PPC64LITE]    default: build/ppc64-lite
  env: BENCH_ROUNDS (3), QEMU (qemu-system-ppc64; empty to skip QEMU)
"""
import os
import re
import select
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUEST_IMAGE = os.path.join(TOP, "scripts", "guest-image.sh")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))

# The guest: rtas_errd and the markers @@READY, @@UP ADDR and @@GONE, as the
# scripted-hotplug tests use it.
INIT = os.path.join(TOP, "tests", "linux", "init-auto-hotplug.sh")


class Machine:
    """One emulator with -nographic: console and monitor multiplexed on stdio
    (Ctrl-A c switches), as both ppc64-lite and QEMU do."""

    def __init__(self, argv):
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.out = b""
        self.pos = 0

    def read_until(self, pattern, timeout, start=None):
        """Wait for pattern (a regex) after the last match (or after offset
        start); the time it was seen."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern.encode())
        while True:
            m = rx.search(self.out, self.pos if start is None else start)
            if m:
                self.pos = m.end()
                return time.monotonic()
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None:
                tail = self.out[-1500:].decode("utf-8", "replace")
                raise RuntimeError("no /%s/ within %d s; output tail:\n%s" % (pattern, timeout, tail))
            if select.select([self.proc.stdout], [], [], left)[0]:
                data = os.read(self.proc.stdout.fileno(), 65536)
                if data:
                    self.out += data

    def monitor(self, command):
        self.proc.stdin.write(b"\x01c" + command.encode() + b"\n\x01c")
        self.proc.stdin.flush()

    def info_pci(self):
        """`info pci`, ended by the monitor's complaint about a marker command
        (both monitors answer "...unknown command: 'MARKER'"; QEMU's also
        echoes what is typed, so the marker alone would match too early)."""
        start = len(self.out)
        self.proc.stdin.write(b"\x01cinfo pci\nzz_end_of_reply\n\x01c")
        self.proc.stdin.flush()
        self.read_until(r"command: 'zz_end_of_reply'", 30, start=start)
        return self.out[start:self.pos].decode("utf-8", "replace")

    def stop(self):
        self.monitor("quit")
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def measure(name, argv, kernel, initrd):
    m = Machine(argv + ["-kernel", kernel, "-initrd", initrd, "-append", "console=hvc0 quiet"])
    adds, dels = [], []
    try:
        m.read_until(r"@@READY", 600)
        for i in range(ROUNDS):
            dev = "hp%d" % i
            t0 = time.monotonic()
            m.monitor("device_add e1000,id=%s,netdev=n%d" % (dev, i))
            t1 = m.read_until(r"@@UP 10\.0\.2\.15/24", 120)
            adds.append(t1 - t0)
            t0 = time.monotonic()
            mark = len(m.out)       # the guest's @@GONE may come amid the info pci replies
            m.monitor("device_del %s" % dev)
            while True:
                if ('"%s"' % dev) not in m.info_pci():
                    break
                if time.monotonic() - t0 > 120:
                    raise RuntimeError("%s: %s never went away" % (name, dev))
                time.sleep(0.05)
            dels.append(time.monotonic() - t0)
            m.read_until(r"@@GONE", 60, start=mark)
    finally:
        m.stop()
        if os.environ.get("BENCH_LOG"):
            with open("%s.%s" % (os.environ["BENCH_LOG"], name), "wb") as f:
                f.write(m.out)
    print("%-10s add->usable eth0 %5.2f s (median of %d: %s)   del->gone %5.2f s (%s)"
          % (name, statistics.median(adds), ROUNDS, " ".join("%.2f" % a for a in adds),
             statistics.median(dels), " ".join("%.2f" % d for d in dels)))
    return statistics.median(adds), statistics.median(dels)


def netdevs():
    """A back end per round: QEMU frees a netdev for the next NIC only some time
    after the device it served is gone, which would be timed as well."""
    out = []
    for i in range(ROUNDS):
        out += ["-netdev", "user,id=n%d" % i]
    return out


def main():
    emu = sys.argv[1] if len(sys.argv) > 1 else os.path.join(TOP, "build", "ppc64-lite")
    qemu = os.environ.get("QEMU", "qemu-system-ppc64")
    kernel = subprocess.run([GUEST_IMAGE, "kernel"], check=True, capture_output=True,
                            text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as work:
        initrd = os.path.join(work, "initrd.gz")
        subprocess.run([GUEST_IMAGE, "initramfs", "-p", "drmgr", "-p", "rtas_errd", INIT,
                        initrd, "e1000"], check=True)
        print("flow (d): rtas_errd in the guest, %d add/remove rounds; seconds" % ROUNDS)
        ours = measure("ppc64-lite", [emu, "-M", "pseries", "-m", "512M", "-nographic",
                                      ] + netdevs(), kernel, initrd)
        if not qemu or subprocess.run(["sh", "-c", "command -v " + qemu],
                                      capture_output=True).returncode:
            print("(no %s: QEMU comparison skipped)" % qemu)
            return 0
        theirs = measure("qemu", [qemu, "-M", "pseries,x-vof=on", "-cpu", "POWER8", "-m", "512M",
                                  "-nographic", "-nodefaults", "-serial", "mon:stdio",
                                  "-display", "none"] + netdevs(),
                         kernel, initrd)
    print("ratio      add %.2f   del %.2f   (ours/QEMU; < 1 is faster)"
          % (ours[0] / theirs[0], ours[1] / theirs[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
