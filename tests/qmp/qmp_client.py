"""A small QMP client, written as a user's script would be: plain sockets and
json, the protocol of QEMU's docs/interop/qmp-spec (greeting, qmp_capabilities,
commands with an optional id, asynchronous events in between)."""
import json
import os
import select
import socket
import subprocess
import time


class QMPError(Exception):
    pass


class QMP:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.events = []

    @classmethod
    def connect_unix(cls, path, timeout=20):
        return cls(_retry(lambda: _unix(path), timeout))

    @classmethod
    def connect_tcp(cls, host, port, timeout=20):
        return cls(_retry(lambda: socket.create_connection((host, port)), timeout))

    def close(self):
        self.sock.close()

    def send_raw(self, data):
        self.sock.sendall(data)

    def recv_msg(self, timeout=20):
        """The next message (dict), or None at EOF."""
        deadline = time.time() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.time()
            if left <= 0:
                raise QMPError("timed out waiting for a message (have %r)" % self.buf[:200])
            r, _, _ = select.select([self.sock], [], [], left)
            if not r:
                continue
            data = self.sock.recv(65536)
            if not data:
                if self.buf:
                    raise QMPError("EOF inside a message: %r" % self.buf[:200])
                return None
            self.buf += data
        line, self.buf = self.buf.split(b"\n", 1)
        if not line.endswith(b"\r"):
            raise QMPError("server output must end with CRLF: %r" % line[:200])
        return json.loads(line.decode("ascii"))

    def response(self, timeout=20):
        """The next reply (return or error); events met on the way are kept."""
        while True:
            msg = self.recv_msg(timeout)
            if msg is None:
                raise QMPError("connection closed while waiting for a reply")
            if "event" in msg:
                self.events.append(msg)
                continue
            return msg

    def execute(self, name, arguments=None, id=None, raw_args=False):
        req = {"execute": name}
        if arguments is not None:
            req["arguments"] = arguments
        if id is not None:
            req["id"] = id
        self.send_raw(json.dumps(req).encode() + b"\n")
        return self.response()

    def command(self, name, arguments=None):
        """execute that must succeed; its return value."""
        r = self.execute(name, arguments)
        if "return" not in r:
            raise QMPError("%s failed: %r" % (name, r))
        return r["return"]

    def wait_event(self, name, timeout=20, match=None):
        deadline = time.time() + timeout
        while True:
            for i, ev in enumerate(self.events):
                if ev["event"] == name and (match is None or match(ev)):
                    return self.events.pop(i)
            left = deadline - time.time()
            if left <= 0:
                raise QMPError("no %s event (got %r)" % (name, self.events))
            msg = self.recv_msg(left)
            if msg is None:
                raise QMPError("connection closed while waiting for %s" % name)
            if "event" not in msg:
                raise QMPError("unexpected reply %r while waiting for %s" % (msg, name))
            self.events.append(msg)


def _unix(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
    except OSError:
        s.close()
        raise
    return s


def _retry(fn, timeout):
    deadline = time.time() + timeout
    while True:
        try:
            return fn()
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.05)


def free_tcp_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for_file_text(path, text, proc, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if os.path.exists(path) and text in open(path, errors="replace").read():
            return
        if proc.poll() is not None:
            raise QMPError("the emulator exited (%d) before printing %r" % (proc.returncode, text))
        time.sleep(0.05)
    raise QMPError("%r never appeared in %s" % (text, path))


def start(cmd, **kw):
    return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, **kw)
