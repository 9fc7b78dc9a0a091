#!/usr/bin/env python3
"""TCP throughput through an emulated e1000 and user-mode networking (slirp),
guest to host and host to guest, on ppc64-lite and on QEMU's pseries in one
run, printed as MB/s and as a ratio ours/QEMU (> 1: ppc64-lite is faster).
Timings, not a test: nothing here passes or fails.

The same Debian kernel and busybox initramfs run on both emulators with
`-device e1000 -netdev user`. The guest takes an address with udhcpc, then:
  host -> guest: busybox wget of SIZE bytes from an HTTP server of ours on
                 127.0.0.1 (10.0.2.2 in the guest), to /dev/null;
  guest -> host: busybox wget --post-file of SIZE bytes to it (not zeros:
                 busybox wget sends its post data as a C string).
Both are timed on the host: from the request's arrival at our server to the
last byte received (upload), or to the guest's marker after wget returns
(download), so guest clocks play no part.

  bench/net-throughput.py [PPC64LITE]     default: build/ppc64-lite
  env: BENCH_MB (64), QEMU (qemu-system-ppc64; empty to skip QEMU)
"""
import http.server
import os
import subprocess
import sys
import tempfile
import threading
import time

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUEST_IMAGE = os.path.join(TOP, "scripts", "guest-image.sh")
SIZE = int(os.environ.get("BENCH_MB", "64")) << 20
CHUNK = bytes(range(256)) * 256         # 64 KiB of a known pattern

INIT = """#!/bin/sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
modprobe e1000 2>/dev/null || insmod /lib/modules/e1000.ko
ip link set eth0 up
udhcpc -i eth0 -n -q -t 10 -s /bin/true >/dev/null 2>&1
ip addr add 10.0.2.15/24 dev eth0 2>/dev/null
echo "@@UP"
wget -q -O /dev/null http://10.0.2.2:{port}/blob && echo "@@GOT" || echo "@@FAIL get"
tr "\\000" a < /dev/zero | head -c {size} > /tmp/up
wget -q -O /dev/null --post-file=/tmp/up http://10.0.2.2:{port}/up && echo "@@PUT" || echo "@@FAIL put"
poweroff -f
"""


class Timings:
    def __init__(self):
        self.get_start = self.put_start = self.put_end = None
        self.put_bytes = 0


class Handler(http.server.BaseHTTPRequestHandler):
    timings = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.timings.get_start = time.monotonic()
        self.send_response(200)
        self.send_header("Content-Length", str(SIZE))
        self.end_headers()
        left = SIZE
        while left:
            n = min(left, len(CHUNK))
            self.wfile.write(CHUNK[:n])
            left -= n

    def do_POST(self):
        self.timings.put_start = time.monotonic()
        left = int(self.headers.get("Content-Length", "0"))
        got = 0
        while left:
            data = self.rfile.read(min(left, 1 << 16))
            if not data:
                break
            got += len(data)
            left -= len(data)
        self.timings.put_end = time.monotonic()
        self.timings.put_bytes = got
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()


def run(name, argv, kernel):
    timings = Timings()
    handler = type("H", (Handler,), {"timings": timings})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as work:
        init = os.path.join(work, "init")
        with open(init, "w") as f:
            f.write(INIT.format(port=port, size=SIZE))
        rd = os.path.join(work, "initrd.gz")
        subprocess.run([GUEST_IMAGE, "initramfs", init, rd, "e1000"], check=True)
        proc = subprocess.Popen(argv + ["-kernel", kernel, "-initrd", rd,
                                        "-append", "console=hvc0 quiet"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        got_end = None
        log = []
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            log.append(line)
            if "@@GOT" in line and "echo" not in line:
                got_end = time.monotonic()
            if "@@FAIL" in line and "echo" not in line:
                print("%s: %s" % (name, line), file=sys.stderr)
        proc.wait()
    server.shutdown()
    if got_end is None or timings.get_start is None or timings.put_end is None \
            or timings.put_bytes != SIZE:
        print("%s: the transfers did not complete (get %s..%s, put %s..%s, %d bytes); console tail:"
              % (name, timings.get_start, got_end, timings.put_start, timings.put_end,
                 timings.put_bytes), file=sys.stderr)
        print("\n".join(log[-20:]), file=sys.stderr)
        return None
    down = SIZE / (got_end - timings.get_start) / 1e6
    up = SIZE / (timings.put_end - timings.put_start) / 1e6
    print("%-10s host->guest %7.1f MB/s   guest->host %7.1f MB/s" % (name, down, up))
    return down, up


def main():
    emu = sys.argv[1] if len(sys.argv) > 1 else os.path.join(TOP, "build", "ppc64-lite")
    qemu = os.environ.get("QEMU", "qemu-system-ppc64")
    kernel = subprocess.run([GUEST_IMAGE, "kernel"], check=True, capture_output=True,
                            text=True).stdout.strip()
    print("%d MiB each way, e1000 + user networking, kernel %s" % (SIZE >> 20,
                                                                  os.path.basename(kernel)))
    ours = run("ppc64-lite", [emu, "-M", "pseries", "-m", "512M", "-nographic",
                              "-device", "e1000,netdev=n0", "-netdev", "user,id=n0"],
               kernel)
    if not qemu or subprocess.run(["sh", "-c", "command -v " + qemu],
                                  capture_output=True).returncode:
        print("(no %s: QEMU comparison skipped)" % qemu)
        return 0 if ours else 1
    theirs = run("qemu", [qemu, "-M", "pseries,x-vof=on", "-cpu", "POWER8", "-m", "512M",
                          "-nographic", "-nodefaults", "-serial", "stdio", "-display", "none",
                          "-device", "e1000,netdev=n0", "-netdev", "user,id=n0"],
                 kernel)
    if ours and theirs:
        print("ratio      host->guest %7.2f        guest->host %7.2f   (ours/QEMU; > 1 is faster)"
              % (ours[0] / theirs[0], ours[1] / theirs[1]))
    return 0 if ours and theirs else 1


if __name__ == "__main__":
    sys.exit(main())
