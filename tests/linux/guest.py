"""Drive a Linux guest on ppc64-lite through its console, as a user at a
terminal would: start the emulator with -nographic (the vty on stdin/stdout),
wait for text to appear, type lines, and look at how the process ends.

Answers come back on marked lines: the test types  echo @@""NAME $(...)  and
waits for "@@NAME " -- the terminal's echo of the typed line shows @@""NAME, so
it never matches what is waited for.

monitor() types a command on the human monitor and returns its answer: it
sends the command and `info version`, and reads up to the version line (the
monitor answers a pipe or socket without prompt or echo, in order). With
monitor_socket=True the monitor has its own channel (-monitor unix:PATH,...)
and its answers never mix with the console; otherwise it shares stdin/stdout
with the console (QEMU's -nographic mux) and monitor() switches to it with
Ctrl-A c and back.
"""
import os
import re
import select
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
GUEST_IMAGE = os.path.join(TOP, "scripts", "guest-image.sh")
PROMPT = "# "


class GuestFailure(Exception):
    pass


def kernel_path():
    return subprocess.run([GUEST_IMAGE, "kernel"], check=True, capture_output=True,
                          text=True).stdout.strip()


def build_initramfs(init_script, workdir, modules=(), programs=()):
    """An initramfs with init_script as /init, the named kernel modules (and those
    they need, for modprobe) and Debian programs (with their libraries)."""
    out = os.path.join(workdir, "initrd.gz")
    argv = [GUEST_IMAGE, "initramfs"]
    for p in programs:
        argv += ["-p", p]
    subprocess.run(argv + [init_script, out] + list(modules), check=True)
    return out


class Guest:
    """One ppc64-lite run. Everything the guest printed is in self.console."""

    def __init__(self, emu, kernel, initrd, smp=1, mem="512M", append="console=hvc0 quiet",
                 extra=(), early_input=b"", monitor_socket=False):
        self.mem = mem
        self.argv = [emu, "-M", "pseries", "-m", mem, "-smp", str(smp), "-nographic",
                     "-kernel", kernel, "-initrd", initrd, "-append", append] + list(extra)
        self.mon_path = self.mon = None
        self.mon_raw = b""
        if monitor_socket:
            self.mon_dir = tempfile.TemporaryDirectory()
            self.mon_path = os.path.join(self.mon_dir.name, "monitor.sock")
            self.argv += ["-monitor", "unix:%s,server=on,wait=off" % self.mon_path]
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.raw = b""
        self.pos = 0            # expect() looks only after the previous match
        self.status = None
        if early_input:
            self.send(early_input)

    @property
    def console(self):
        return self.raw.decode("utf-8", "replace").replace("\r", "")

    def log(self, what):
        print("[%7.2fs] %s" % (time.monotonic() - self.t0, what), flush=True)

    def _read(self, deadline):
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([self.proc.stdout], [], [], left)
        if not ready:
            return False
        data = os.read(self.proc.stdout.fileno(), 65536)
        if not data:
            self.status = self.proc.wait()
            return False
        self.raw += data
        return True

    def expect(self, text, timeout=300, quiet=False):
        """Wait until text appears after the last match; returns the output before it."""
        deadline = time.monotonic() + timeout
        want = text.encode()
        while True:
            i = self.raw.find(want, self.pos)
            if i >= 0:
                before = self.raw[self.pos:i].decode("utf-8", "replace").replace("\r", "")
                self.pos = i + len(want)
                if not quiet:
                    self.log("saw %r" % text)
                return before
            if self.status is not None or not self._read(deadline):
                why = ("exited with status %s" % self.status if self.status is not None
                       else "timed out after %ds" % timeout)
                self.fail("waiting for %r: ppc64-lite %s" % (text, why))

    def expect_re(self, pattern, timeout=300, quiet=False):
        """Wait until the regular expression matches after the last match;
        returns (output before it, match object)."""
        deadline = time.monotonic() + timeout
        rx = re.compile(pattern.encode())
        while True:
            m = rx.search(self.raw, self.pos)
            if m:
                before = self.raw[self.pos:m.start()].decode("utf-8", "replace").replace("\r", "")
                self.pos = m.end()
                if not quiet:
                    self.log("saw /%s/" % pattern)
                return before, m
            if self.status is not None or not self._read(deadline):
                why = ("exited with status %s" % self.status if self.status is not None
                       else "timed out after %ds" % timeout)
                self.fail("waiting for /%s/: ppc64-lite %s" % (pattern, why))

    def _monitor_socket(self, command, timeout):
        if self.mon is None:
            deadline = time.monotonic() + 30
            while True:
                try:
                    self.mon = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                    self.mon.connect(self.mon_path)
                    break
                except OSError as e:
                    self.mon.close()
                    self.mon = None
                    if time.monotonic() > deadline or self.proc.poll() is not None:
                        self.fail("cannot connect to the monitor at %s: %s" % (self.mon_path, e))
                    time.sleep(0.1)
        self.mon.sendall(command.encode() + b"\ninfo version\n")
        end = re.compile(rb"ppc64-lite \d+\.\d+[^\s]*\n")
        deadline = time.monotonic() + timeout
        while True:
            m = end.search(self.mon_raw)
            if m:
                answer = self.mon_raw[:m.start()].decode("utf-8", "replace")
                self.mon_raw = self.mon_raw[m.end():]
                return answer
            left = deadline - time.monotonic()
            ready = select.select([self.mon], [], [], max(left, 0))[0] if left > 0 else []
            data = self.mon.recv(65536) if ready else b""
            if not data:
                self.fail("the monitor did not answer %r (%s)" % (
                    command, "timed out after %ds" % timeout if not ready else "it closed"))
            self.mon_raw += data

    def monitor(self, command, timeout=60, allow_error=False):
        """Type a command on the monitor; return its answer (on the shared mux,
        with whatever the guest printed meanwhile). An 'Error:' line fails the
        test unless allowed."""
        self.log("monitor: %s" % command)
        if self.mon_path:
            answer = self._monitor_socket(command, timeout)
        else:
            self.send(b"\x01c" + command.encode() + b"\ninfo version\n\x01c")
            answer, _ = self.expect_re(r"ppc64-lite \d+\.\d+[^\s]*\n", timeout, quiet=True)
        if not allow_error and "Error:" in answer:
            self.fail("the monitor answered %r with: %s" % (command, answer.strip()))
        return answer

    def value(self, name, timeout=300):
        """The rest of the line after '@@NAME ' (printed by a typed command)."""
        self.expect("@@%s " % name, timeout, quiet=True)
        answer = self.expect("\n", timeout, quiet=True).strip()
        self.log("%s = %s" % (name, answer[:60]))
        return answer

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def query(self, name, shell_words, timeout=300):
        """Type a command that prints shell_words on a marked line; return what it printed."""
        self.send('echo @@""%s %s\n' % (name, shell_words))
        return self.value(name, timeout)

    def wait_exit(self, timeout=120):
        deadline = time.monotonic() + timeout
        while self.status is None:
            if not self._read(deadline) and self.status is None:
                self.fail("ppc64-lite did not exit within %ds" % timeout)
        self.log("exited with status %d" % self.status)
        return self.status

    def cpu_seconds(self):
        """User + system CPU time the emulator has used so far."""
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_kib(self):
        """The emulator's resident set size now (VmRSS)."""
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return -1

    def rss_split_kib(self, arena=None):
        """The emulator's RSS now, split by mapping from /proc/PID/smaps, in kB: total;
        ram, the guest's RAM (core/memory.c maps it in one piece, exactly the size of
        -m); hpt, the guest's hashed page table (ppc/spapr/spapr_hpt.c, RAM/128
        rounded up to a power of two, at least 256 KiB); code, the code cache (the one
        read-write-execute mapping, tcg/jit-x86-64.c); arena, the translated blocks'
        hash and descriptors (tcg/tb.c), arena = (start, bytes) as `info jit` prints
        them (a mapping merged with a neighbour would have another size); rest, everything else: the emulator's heap, stacks, libraries,
        ASan's shadow. All four are anonymous, private and MAP_NORESERVE (smaps'
        VmFlags "nr"), which malloc's own mappings of one block are not. A part is
        None when not exactly one mapping fits it (arena: when arena is None)."""
        arena_start, arena_size = arena or (None, None)
        size = re.fullmatch(r"(\d+)([MG]?)", self.mem)
        ram_bytes = int(size[1]) << (30 if size[2] == "G" else 20)
        hpt_shift = min(max((ram_bytes - 1).bit_length() - 7, 18), 46)
        maps = []
        with open("/proc/%d/smaps" % self.proc.pid) as f:
            for line in f:
                fields = line.split()
                if re.match(r"[0-9a-f]+-[0-9a-f]+$", fields[0]):
                    start, end = (int(x, 16) for x in fields[0].split("-"))
                    maps.append({"start": start, "size": end - start, "perms": fields[1],
                                 "anon": len(fields) < 6, "rss": 0, "flags": []})
                elif fields[0] == "Rss:":
                    maps[-1]["rss"] = int(fields[1])
                elif fields[0] == "VmFlags:":
                    maps[-1]["flags"] = fields[1:]
        # The arena may have the size of the RAM or the HPT (tb-size=16: 4 MiB): its start tells.
        parts = {"ram": lambda m: m["perms"] == "rw-p" and m["size"] == ram_bytes
                 and m["start"] != arena_start,
                 "hpt": lambda m: m["perms"] == "rw-p" and m["size"] == 1 << hpt_shift
                 and m["start"] != arena_start,
                 "code": lambda m: m["perms"] == "rwxp",
                 "arena": lambda m: m["perms"] == "rw-p" and m["start"] == arena_start
                 and m["size"] == arena_size}
        split = {"total": sum(m["rss"] for m in maps)}
        split["rest"] = split["total"]
        for name, fits in parts.items():
            found = [m["rss"] for m in maps if m["anon"] and "nr" in m["flags"] and fits(m)]
            split[name] = found[0] if len(found) == 1 else None
            split["rest"] -= split[name] or 0
        return split

    def peak_rss_kib(self):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return -1

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.mon is not None:
            self.mon.close()
            self.mon = None

    def fail(self, why):
        self.kill()
        raise GuestFailure(why)


def main(test, init_script, modules=(), programs=()):
    """Run test(emu, kernel, initrd, guests), which appends the Guests it starts;
    report PASS or FAIL with their consoles. modules and programs go into the
    initramfs (build_initramfs)."""
    emu = sys.argv[1]
    guests = []
    with tempfile.TemporaryDirectory() as work:
        try:
            kernel = kernel_path()
            initrd = build_initramfs(init_script, work, modules, programs)
            test(emu, kernel, initrd, guests)
        except GuestFailure as e:
            print("FAIL: %s" % e)
            for g in guests:
                print("---- console of: %s ----" % " ".join(g.argv))
                print("\n".join(g.console.splitlines()[-60:]))
            sys.exit(1)
        finally:
            for g in guests:
                g.kill()
    print("PASS")
