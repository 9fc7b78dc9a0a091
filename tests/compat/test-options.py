#!/usr/bin/env python3
"""QEMU 7.2's command-line options on ppc64-lite (issue 13, item 2 and the -rtc test
of item 6), end to end: each run starts the real binary with tests/guest's
console-echo guest (which answers date, setdate, random, vty ... and poweroff on
its console), checks what the guest sees, the exit status, the files and the
device tree (-M dumpdtb + fdtget), and that bad values are one error line with
exit status 1. QEMU's behaviour each case copies is named beside it.

usage: test-options.py PPC64LITE CONSOLE-ECHO.elf FDTGET
"""
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, fail, finish  # noqa: E402

EMU, ELF, FDTGET = sys.argv[1:4]
TMP = tempfile.mkdtemp(prefix="compat-options-")
BASE = [EMU, "-M", "pseries", "-m", "256M", "-kernel", ELF]


class Guest:
    """The emulator with the guest's console (and maybe the monitor) on stdin/stdout."""

    def __init__(self, *args, stdio=("-nographic", "-serial", "stdio", "-monitor", "none")):
        self.args = BASE + list(stdio) + list(args)
        self.p = subprocess.Popen(self.args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.out = b""

    def send(self, text):
        self.p.stdin.write(text.encode())
        self.p.stdin.flush()

    def wait_for(self, pattern, timeout=20, start=0):
        """The first match of pattern in the output from offset start, read so far and to come."""
        deadline = time.time() + timeout
        rx = re.compile(pattern.encode())
        while True:
            m = rx.search(self.out, start)
            if m:
                return m
            left = deadline - time.time()
            if left <= 0:
                raise AssertionError("no /%s/ in %r" % (pattern, self.out[-400:]))
            r, _, _ = select.select([self.p.stdout], [], [], left)
            if r:
                data = os.read(self.p.stdout.fileno(), 65536)
                if not data:
                    raise AssertionError("EOF before /%s/ in %r" % (pattern, self.out[-400:]))
                self.out += data.replace(b"\r", b"")

    def line(self, cmd, answer, timeout=20):
        """Send a console line, return the guest's answer line (a regex match)."""
        start = len(self.out)
        self.send(cmd + "\n")
        return self.wait_for(answer, timeout, start)

    def finish(self, timeout=20):
        try:
            rc = self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            self.p.wait()
            rc = "timeout"
        err = self.p.stderr.read().decode()
        self.p.stdout.close()
        self.p.stdin.close()
        self.p.stderr.close()
        return rc, err


def run(args, timeout=30):
    p = subprocess.run(BASE + list(args), stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=timeout)
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def one_error(args, pattern):
    """args are refused: exit status 1, one line on stderr matching pattern, nothing on stdout."""
    rc, out, err = run(args)
    lines = err.splitlines()
    ok = rc == 1 and len(lines) == 1 and re.fullmatch("ppc64-lite: " + pattern, lines[0]) \
        and not out
    check(ok, "%s: expected exit 1 and one line /%s/, got %s %r %r" % (args, pattern, rc, err, out))


def dtb(args):
    """The device tree the machine builds for args (-M dumpdtb), as a path."""
    path = os.path.join(TMP, "dump.dtb")
    if os.path.exists(path):
        os.unlink(path)
    rc, out, err = run(list(args) + ["-M", "dumpdtb=" + path])
    check(rc == 0 and os.path.exists(path), "dumpdtb with %s: %s %s" % (args, rc, err))
    return path


def fdtget(path, node, prop=None, flags=()):
    cmd = [FDTGET] + list(flags) + [path, node] + ([prop] if prop else [])
    p = subprocess.run(cmd, capture_output=True, text=True)
    return p.stdout.strip() if p.returncode == 0 else None


def powered_off(g, what):
    g.line("poweroff", "got: poweroff")
    rc, err = g.finish()
    check(rc == 0, "%s: exit status %s after poweroff (stderr %r)" % (what, rc, err))


def date_of(m):
    return tuple(int(x) for x in m.groups())


# Each answer pattern ends at the newline: output arrives in pieces, and "16:01:2" is not "16:01:21".
DATE = r"date: (\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)\n"

# ---- -rtc: get-time-of-day honours base=, set-time-of-day persists for the run ----


def test_rtc_base():
    g = Guest("-rtc", "base=2006-06-17")
    g.wait_for("console-echo ready")
    d = date_of(g.line("date", DATE))
    check(d[:5] == (2006, 6, 17, 0, 0) and d[5] < 10, "-rtc base=2006-06-17: guest read %s" % (d,))
    check(g.line("setdate", r"setdate: status (\d+)\n").group(1) == b"0", "set-time-of-day failed")
    d = date_of(g.line("date", DATE))
    check(d[:5] == (2011, 11, 11, 11, 11), "after set-time-of-day the guest read %s" % (d,))
    powered_off(g, "-rtc base=2006-06-17")

    g = Guest("-rtc", "base=2006-06-17T16:01:21,clock=rt,driftfix=slew")
    g.wait_for("console-echo ready")
    d = date_of(g.line("date", DATE))
    check(d[:5] == (2006, 6, 17, 16, 1) and 21 <= d[5] < 30, "base with a time: %s" % (d,))
    powered_off(g, "-rtc clock=rt")


STOPPED_S = 5


def stopped_seconds(clock):
    """Guest seconds between two reads with STOPPED_S host seconds stopped between them."""
    g = Guest("-rtc", "base=2006-06-17,clock=" + clock,
              stdio=("-nodefaults", "-chardev", "stdio,id=con,mux=on", "-serial", "chardev:con",
                     "-mon", "chardev=con,mode=readline"))
    g.wait_for("console-echo ready")
    before = date_of(g.line("date", DATE))
    start = len(g.out)
    g.send("\x01cstop\ninfo status\n")
    g.wait_for("VM status: paused", start=start)
    time.sleep(STOPPED_S)
    g.send("cont\n\x01c")
    after = date_of(g.line("date", DATE))
    powered_off(g, "-rtc clock=" + clock)
    return (after[3] * 3600 + after[4] * 60 + after[5]) - (before[3] * 3600 + before[4] * 60 + before[5])


def test_rtc_clock_vm():
    # clock=vm: guest time follows the virtual clock, which stands still while stopped.
    # The reads are a whole-second clock apart plus the running time around the stop.
    vm = stopped_seconds("vm")
    check(vm <= 2, "clock=vm: %d guest seconds passed over a %d s stop" % (vm, STOPPED_S))
    host = stopped_seconds("host")
    check(host >= STOPPED_S, "clock=host: only %d guest seconds over a %d s stop" % (host, STOPPED_S))


# ---- -chardev back ends, -serial chardev:, -device spapr-vty,chardev= ----

def test_second_vty_and_file():
    out = os.path.join(TMP, "vty2.txt")
    args = ["-nodefaults", "-chardev", "file,id=f,path=" + out, "-device", "spapr-vty,chardev=f"]
    g = Guest(*args, stdio=("-chardev", "stdio,id=s", "-serial", "chardev:s"))
    g.wait_for("console-echo ready")
    check(g.line("vty 71000002 hello second", r"vty: status (\d+)\n").group(1) == b"0",
          "H_PUT_TERM_CHAR on the second vty failed")
    # No vty at 0x71000009: H_PARAMETER (-4) for that terminal number.
    check(g.line("vty 71000009 x", r"vty: status (\d+)\n").group(1) == b"4",
          "a terminal number without a vty must give H_PARAMETER")
    powered_off(g, "second vty")
    check(open(out).read() == "hello second\n", "the file chardev holds %r" % open(out).read())
    # QEMU's layout: the -serial vty first, the NVRAM, then the -device vty, each its own node.
    path = dtb(args + ["-serial", "null"])
    nodes = (fdtget(path, "/vdevice", flags=["-l"]) or "").split()
    check(nodes == ["vty@71000000", "nvram@71000001", "vty@71000002"], "/vdevice: %s" % nodes)
    check(fdtget(path, "/vdevice/vty@71000002", "reg") == str(0x71000002), "second vty's reg")
    # -nodefaults without -serial: no vty (the NVRAM takes the first address, as in QEMU).
    path = dtb(["-nodefaults"])
    nodes = (fdtget(path, "/vdevice", flags=["-l"]) or "").split()
    check(nodes == ["nvram@71000000"], "-nodefaults /vdevice: %s" % nodes)
    # -serial none: no vty either; -nodefaults -serial null: a vty.
    path = dtb(["-serial", "none"])
    check("vty@71000000" not in (fdtget(path, "/vdevice", flags=["-l"]) or ""), "-serial none")
    path = dtb(["-nodefaults", "-serial", "null"])
    check("vty@71000000" in (fdtget(path, "/vdevice", flags=["-l"]) or ""), "-nodefaults -serial")
    # reg= places it; -global sets the default of every vty made after it.
    path = dtb(["-nodefaults", "-chardev", "null,id=n", "-device", "spapr-vty,chardev=n,reg=0x71000020"])
    check("vty@71000020" in (fdtget(path, "/vdevice", flags=["-l"]) or ""), "spapr-vty,reg=")


def test_global():
    g = Guest("-global", "spapr-vty.reg=0x71000010")
    g.wait_for("console-echo ready")
    powered_off(g, "-global spapr-vty.reg")
    path = dtb(["-global", "driver=spapr-vty,property=reg,value=0x71000010", "-serial", "null"])
    check(fdtget(path, "/chosen", "stdout-path") == "/vdevice/vty@71000010",
          "-global spapr-vty.reg: stdout-path %s" % fdtget(path, "/chosen", "stdout-path"))


def test_pipe():
    base = os.path.join(TMP, "pipe")
    os.mkfifo(base + ".in")
    os.mkfifo(base + ".out")
    p = subprocess.Popen(BASE + ["-nodefaults", "-chardev", "pipe,id=p,path=" + base,
                                 "-serial", "chardev:p", "-rtc", "base=2006-06-17"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Opened read-write by the emulator, so neither open waits for it.
    rd = os.open(base + ".out", os.O_RDONLY)
    wr = os.open(base + ".in", os.O_WRONLY)
    got = b""
    deadline = time.time() + 20
    sent = False
    while time.time() < deadline and b"got: poweroff" not in got:
        r, _, _ = select.select([rd], [], [], 0.5)
        if r:
            got += os.read(rd, 4096)
        if b"ready" in got and not sent:
            os.write(wr, b"date\npoweroff\n")
            sent = True
    rc = p.wait(20)
    os.close(rd)
    os.close(wr)
    p.stdout.close()
    p.stderr.close()
    check(rc == 0 and b"date: 2006-06-17 00:00:0" in got, "pipe chardev: rc %s, %r" % (rc, got))


def test_sockets():
    # server=on,wait=off on a unix path: the guest's console reaches a client that comes later.
    path = os.path.join(TMP, "con.sock")
    p = subprocess.Popen(BASE + ["-nodefaults", "-chardev",
                                 "socket,id=s,path=%s,server=on,wait=off" % path,
                                 "-serial", "chardev:s", "-rtc", "base=2006-06-17"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    c = None
    for _ in range(200):
        try:
            c = socket.socket(socket.AF_UNIX)
            c.connect(path)
            break
        except OSError:
            c.close()
            c = None
            time.sleep(0.05)
    check(c is not None, "no unix server socket")
    got = b""
    if c:
        c.settimeout(20)
        c.sendall(b"date\npoweroff\n")
        while b"got: poweroff" not in got:
            data = c.recv(4096)
            if not data:
                break
            got += data
        c.close()
    rc = p.wait(20)
    p.stdout.close()
    p.stderr.close()
    check(rc == 0 and b"date: 2006-06-17" in got, "socket server: rc %s, %r" % (rc, got))
    check(not os.path.exists(path), "the unix socket must be removed at exit")

    # server=off (QEMU's default): the emulator connects to a listening TCP peer.
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    p = subprocess.Popen(BASE + ["-nodefaults", "-chardev",
                                 "socket,id=s,host=127.0.0.1,port=%d" % port,
                                 "-serial", "chardev:s"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    srv.settimeout(20)
    c, _ = srv.accept()
    c.settimeout(20)
    got = b""
    while b"ready" not in got:
        got += c.recv(4096)
    c.sendall(b"poweroff\n")
    rc = p.wait(20)
    c.close()
    srv.close()
    p.stdout.close()
    p.stderr.close()
    check(rc == 0, "socket client: exit status %s" % rc)
    one_error(["-nodefaults", "-chardev", "socket,id=s,host=127.0.0.1,port=%d" % port,
               "-serial", "chardev:s"],
              r"-chardev socket,id=s,host=127\.0\.0\.1,port=\d+: Failed to connect to "
              r"'127\.0\.0\.1:\d+': Connection refused")


# ---- spapr-rng and -object rng-* ----

def test_rng():
    src = os.path.join(TMP, "random.bin")
    with open(src, "wb") as f:
        f.write(bytes(range(1, 9)) + bytes(range(0x11, 0x19)) + bytes.fromhex("aabbccddeeff0099"))
    g = Guest("-object", "rng-random,id=r,filename=" + src, "-device", "spapr-rng,rng=r")
    g.wait_for("console-echo ready")
    m = g.line("random", r"random: (.*)\n")
    # 24 bytes: three values, first byte most significant; then the file ends (H_HARDWARE).
    check(m.group(1) == b"0102030405060708 1112131415161718 aabbccddeeff0099 error",
          "H_RANDOM from rng-random: %r" % m.group(1))
    powered_off(g, "rng-random")
    g = Guest("-object", "rng-builtin,id=b", "-device", "spapr-rng,rng=b,use-kvm=on")
    g.wait_for("console-echo ready")
    vals = g.line("random", r"random: (.*)\n").group(1).split()
    check(len(vals) == 4 and len(set(vals)) == 4 and b"error" not in vals, "rng-builtin: %r" % vals)
    powered_off(g, "rng-builtin")


# ---- -name, -uuid, -pidfile, -no-shutdown, -boot, -L ----

def test_identity_and_boot():
    uuid = "12345678-1234-1234-1234-123456789ABC"
    path = dtb(["-name", "guest1,debug-threads=on", "-uuid", uuid, "-boot", "order=c,once=d,menu=on"])
    check(fdtget(path, "/", "vm,uuid") == uuid.lower(), "vm,uuid")
    check(fdtget(path, "/", "system-id") == uuid.lower(), "system-id")
    check(fdtget(path, "/", "ibm,partition-name") == "guest1", "ibm,partition-name")
    check(fdtget(path, "/chosen", "qemu,boot-device") == "d", "qemu,boot-device")
    check(fdtget(path, "/chosen", "qemu,boot-menu") == "1", "qemu,boot-menu")
    path = dtb([])
    check(fdtget(path, "/", "vm,uuid") == "00000000-0000-0000-0000-000000000000", "default uuid")
    check(fdtget(path, "/", "system-id") is None and fdtget(path, "/", "ibm,partition-name") is None,
          "no system-id / partition name without -uuid / -name")


def qmp_exchange(sock_path, commands):
    """The replies to commands (dicts) on a QMP socket, after the greeting and capabilities."""
    import json
    c = socket.socket(socket.AF_UNIX)
    for _ in range(200):
        try:
            c.connect(sock_path)
            break
        except OSError:
            time.sleep(0.05)
    c.settimeout(20)
    f = c.makefile("rwb")
    replies = []
    json.loads(f.readline())                        # the greeting
    for cmd in [{"execute": "qmp_capabilities"}] + commands:
        f.write(json.dumps(cmd).encode() + b"\n")
        f.flush()
        while True:
            msg = json.loads(f.readline())
            if "return" in msg or "error" in msg:
                replies.append(msg)
                break
    c.close()
    return replies[1:]


def test_qmp_identity():
    sock = os.path.join(TMP, "qmp.sock")
    p = subprocess.Popen(BASE + ["-S", "-display", "none", "-name", "vm9",
                                 "-uuid", "12345678-1234-1234-1234-123456789abc",
                                 "-qmp", "unix:%s,server=on,wait=off" % sock],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    r = qmp_exchange(sock, [{"execute": "query-name"}, {"execute": "query-uuid"},
                            {"execute": "quit"}])
    rc = p.wait(20)
    p.stdout.close()
    p.stderr.close()
    check(r[0] == {"return": {"name": "vm9"}}, "query-name: %r" % r[0])
    check(r[1] == {"return": {"UUID": "12345678-1234-1234-1234-123456789abc"}}, "query-uuid: %r" % r[1])
    check(rc == 0, "quit over QMP: exit status %s" % rc)


def test_pidfile_and_no_shutdown():
    pidfile = os.path.join(TMP, "emu.pid")
    g = Guest("-pidfile", pidfile, "-no-shutdown", "-name", "vm7",
              "-uuid", "12345678-1234-1234-1234-123456789abc",
              stdio=("-nodefaults", "-chardev", "stdio,id=con,mux=on", "-serial", "chardev:con",
                     "-mon", "chardev=con"))
    g.wait_for("console-echo ready")
    check(open(pidfile).read() == "%d\n" % g.p.pid, "pid file content %r" % open(pidfile).read())
    # A second emulator with the same pid file: refused, and the file is left alone.
    one_error(["-pidfile", pidfile, "-nodefaults"],
              r"cannot create PID file: Cannot lock pid file: .*")
    check(os.path.exists(pidfile), "the second emulator removed the first one's pid file")
    # -no-shutdown: the guest powers off, the process stays, the monitor answers.
    g.line("poweroff", "got: poweroff")
    time.sleep(0.5)
    check(g.p.poll() is None, "-no-shutdown: the process ended at the guest's power-off")
    start = len(g.out)
    g.send("\x01cinfo status\ncont\ninfo name\ninfo uuid\n")
    g.wait_for(r"12345678-1234-1234-1234-123456789abc", start=start)
    check(b"VM status: paused (shutdown)" in g.out, "info status after power-off: %r" % g.out[-300:])
    check(b"Error: Resetting the Virtual Machine is required" in g.out, "cont must be refused")
    check(re.search(rb"\nvm7\n", g.out) is not None, "info name")
    # system_reset (acted on by the main loop, so wait until the state says so), cont: it boots again.
    g.send("system_reset\n")
    deadline = time.time() + 20
    while True:
        start = len(g.out)
        g.send("info status\n")
        if g.wait_for(r"VM status: [a-z ()]+\n", start=start).group(0) == b"VM status: paused\n":
            break
        check(time.time() < deadline, "system_reset did not leave the shutdown state")
        if time.time() >= deadline:
            break
        time.sleep(0.1)
    start = len(g.out)
    g.send("cont\n\x01c")
    g.wait_for("console-echo ready", start=start)
    g.send("\x01cquit\n")
    rc, err = g.finish()
    check(rc == 0, "quit after -no-shutdown: exit status %s %r" % (rc, err))
    check(not os.path.exists(pidfile), "the pid file must be removed at exit")


def test_firmware_dir():
    fw_dir = os.path.join(TMP, "fw")
    os.mkdir(fw_dir)
    shutil.copy(os.path.join(os.path.dirname(EMU), "bios", "ppc64-lite-fw.bin"),
                os.path.join(fw_dir, "my-fw.bin"))
    g = Guest("-L", fw_dir, "-bios", "my-fw.bin")
    g.wait_for("console-echo ready")
    powered_off(g, "-L DIR -bios NAME")
    rc, out, err = run(["-L", fw_dir, "-L", "help"])
    check(rc == 0 and out.splitlines()[0] == fw_dir, "-L help: %s %r" % (rc, out))


def test_errors():
    for args, pattern in [
        (["-rtc", "base=2006-13-17"], r"-rtc: invalid base '2006-13-17' .*"),
        (["-rtc", "clock=guest"], r"-rtc: invalid clock 'guest' \(host, rt or vm\)"),
        (["-rtc", "driftfix=fast"], r"-rtc: invalid driftfix 'fast' \(none or slew\)"),
        (["-chardev", "null,id=c", "-chardev", "null,id=c"], r"-chardev null,id=c: duplicate id 'c'"),
        (["-chardev", "serial,id=c,path=/dev/ttyS0"], r"-chardev serial,id=c,path=/dev/ttyS0: back end 'serial' is not supported .*"),
        (["-chardev", "null,id=c,mux=maybe"], r"-chardev null,id=c,mux=maybe: mux must be on or off, not 'maybe'"),
        (["-chardev", "pipe,id=p,path=/nonexistent/p"], r"-chardev pipe,id=p,path=/nonexistent/p: pipe: cannot open .*"),
        (["-serial", "chardev:nope"], r"-serial: could not connect to character backend 'chardev:nope'"),
        (["-mon", "chardev=c,mode=fancy"], r"-mon: invalid parameter 'mode=fancy' .*"),
        (["-nodefaults", "-device", "spapr-vty"], r"-device spapr-vty: chardev property not set"),
        (["-nodefaults", "-device", "spapr-vty,chardev=nope"], r"-device spapr-vty,chardev=nope: Property 'spapr-vty.chardev' can't find value 'nope'"),
        (["-nodefaults", "-chardev", "null,id=c", "-serial", "chardev:c", "-device", "spapr-vty,chardev=c"],
         r"-device spapr-vty,chardev=c: Property 'spapr-vty.chardev' can't take value 'c': Device 'c' is in use"),
        (["-nodefaults", "-chardev", "null,id=c", "-serial", "chardev:c", "-mon", "chardev=c"],
         r"-mon chardev=c: Device 'c' is in use"),
        (["-nodefaults", "-chardev", "null,id=c", "-device", "spapr-vty,chardev=c,reg=0x71000000"],
         r"-device spapr-vty,chardev=c,reg=0x71000000: spapr-vty and spapr-nvram devices conflict at address 0x71000000"),
        (["-object", "memory-backend-ram,id=m,size=1G"], r"-object memory-backend-ram,id=m,size=1G: Parameter 'qom-type' does not accept value 'memory-backend-ram' .*"),
        (["-object", "rng-random,filename=/dev/urandom"], r"-object rng-random,filename=/dev/urandom: Parameter 'id' is missing"),
        (["-object", "rng-random,id=r,filename=/nonexistent"], r"-object rng-random,id=r,filename=/nonexistent: Could not open '/nonexistent': No such file or directory"),
        (["-object", "rng-builtin,id=r", "-object", "rng-builtin,id=r"], r"-object rng-builtin,id=r: Duplicate ID 'r' for object"),
        (["-device", "spapr-rng,rng=nothere"], r"-device spapr-rng,rng=nothere: Device 'nothere' not found"),
        (["-device", "spapr-rng", "-device", "spapr-rng"], r"-device spapr-rng: spapr-rng can be created only once"),
        (["-global", "foo.bar=1"], r"-global foo\.bar=1: 'foo' is not a valid device model name"),
        (["-global", "spapr-vty.bogus=1"], r"-global spapr-vty\.bogus=1: Property 'spapr-vty\.bogus' not found"),
        (["-global", "spapr-vty.reg=abc"], r"-global spapr-vty\.reg=abc: Parameter 'reg' expects a number"),
        (["-global", "spapr-vty"], r"-global: expected DRIVER\.PROPERTY=VALUE, not 'spapr-vty'"),
        (["-name", "foo,bogus=1"], r"-name: Invalid parameter 'bogus' .*"),
        (["-uuid", "abc"], r"-uuid abc: failed to parse UUID string: wrong format"),
        (["-uuid", "12345678-1234-1234-1234-123456789abg"], r"-uuid .*: failed to parse UUID string: wrong format"),
        (["-pidfile", "/nonexistent/x.pid"], r"cannot create PID file: Could not create '/nonexistent/x\.pid': No such file or directory"),
        (["-boot", "order=z"], r"-boot: Invalid boot device 'z' \(letters a-p\)"),
        (["-boot", "menu=maybe"], r"-boot: Parameter 'boot\.menu' expects 'on' or 'off'"),
        (["-boot", "bogus=1"], r"-boot: Parameter 'boot\.bogus' is unexpected"),
        (["-boot", "splash-time=abc"], r"-boot: Parameter 'boot\.splash-time' expects a number \(0\.\.65535\)"),
        (["-bogus-option"], r"-bogus-option: invalid option"),
    ]:
        one_error(args, pattern)


def main():
    tests = [test_rtc_base, test_rtc_clock_vm, test_second_vty_and_file, test_global, test_pipe,
             test_sockets, test_rng, test_identity_and_boot, test_qmp_identity,
             test_pidfile_and_no_shutdown,
             test_firmware_dir, test_errors]
    try:
        for t in tests:
            try:
                t()
            except Exception as e:  # a hang or a crash is a failure of that case, not the end
                fail("%s: %s: %s" % (t.__name__, type(e).__name__, e))
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
