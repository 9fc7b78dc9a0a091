#!/usr/bin/env python3
"""QMP against the real binary, as a user's script drives it.

  test-qmp.py PPC64LITE GUEST.elf MODE

MODE is how the session is reached:
  unix     -qmp unix:PATH,server=on,wait=off            (the full checks)
  tcp      -qmp tcp:127.0.0.1:PORT,server=on,wait=off   (the full checks)
  chardev  -chardev socket,id=...,path=...,server=on,wait=off -mon chardev=...,mode=control
  stdio    -qmp stdio, the session on the process's stdin/stdout
  cli      bad -qmp/-chardev/-mon arguments (one-line errors, exit status 1),
           and wait=on (start-up waits for the first client)

The guest is tests/guest/console-echo.c: it prints "console-echo ready" and
idles, answering console lines. Expected values come from QEMU's QMP
specification and schema (qapi/*.json) and from the hardware (the 82540EM's
PCI ids and BAR sizes), never from this emulator's output.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from qmp_client import QMP, QMPError, free_tcp_port, start, wait_for_file_text  # noqa: E402
from checks import check, failures, finish  # noqa: E402

REQUIRED_COMMANDS = {
    "qmp_capabilities", "query-status", "query-pci", "query-version", "query-commands",
    "device_add", "device_del", "system_reset", "system_powerdown", "stop", "cont", "quit",
    "human-monitor-command",
}
MAX_MESSAGE = 1024 * 1024       # the bound README.md documents


def is_error(r, cls, desc=None, desc_prefix=None):
    e = r.get("error")
    if not isinstance(e, dict) or e.get("class") != cls or not isinstance(e.get("desc"), str):
        return False
    if desc is not None and e["desc"] != desc:
        return False
    if desc_prefix is not None and not e["desc"].startswith(desc_prefix):
        return False
    return "return" not in r


def usable(q, what):
    """After an error the session must still answer."""
    r = q.execute("query-status", id="after")
    check(r.get("id") == "after" and r.get("return", {}).get("status") in ("running", "paused"),
          "session usable after %s" % what, r)


def check_greeting(q):
    g = q.recv_msg()
    ok = isinstance(g, dict) and set(g) == {"QMP"}
    if check(ok, "greeting is {\"QMP\": ...}", g):
        v = g["QMP"].get("version", {})
        qv = v.get("qemu", {})
        check(all(isinstance(qv.get(k), int) for k in ("major", "minor", "micro")),
              "greeting version.qemu has major/minor/micro", v)
        check(str(v.get("package", "")).startswith("ppc64-lite"), "greeting package", v)
        check(g["QMP"].get("capabilities") == [], "greeting capabilities []", g)
        return v
    return None


def negotiate(q):
    r = q.execute("query-status", id=0)
    check(is_error(r, "CommandNotFound") and r.get("id") == 0,
          "a command before qmp_capabilities is CommandNotFound", r)
    r = q.execute("qmp_capabilities", {"enable": ["oob"]}, id="bad-cap")
    check(is_error(r, "GenericError") and r.get("id") == "bad-cap",
          "qmp_capabilities refuses a capability not offered", r)
    r = q.execute("qmp_capabilities", id=1)
    check(r == {"return": {}, "id": 1}, "qmp_capabilities", r)
    r = q.execute("qmp_capabilities")
    check(is_error(r, "CommandNotFound"), "a second qmp_capabilities is CommandNotFound", r)


def check_queries(q, version):
    r = q.execute("query-status", id={"any": ["json", 1]})
    check(r.get("id") == {"any": ["json", 1]}, "id echoed as any JSON value", r)
    st = r.get("return", {})
    check(st.get("running") is True and st.get("status") == "running", "query-status running", st)
    r = q.execute("query-version")
    check(r.get("return") == version, "query-version matches the greeting", r)
    names = {c.get("name") for c in q.command("query-commands")}
    check(REQUIRED_COMMANDS <= names, "query-commands lists the commands",
          sorted(REQUIRED_COMMANDS - names))

    # -device e1000,id=nic0 at start: the 82540EM's ids (8086:100e), class 0x0200,
    # BAR0 128 KiB memory, BAR1 64 bytes of I/O, INTA.
    pci = q.command("query-pci")
    devs = [d for b in pci for d in b.get("devices", [])]
    nic = [d for d in devs if d.get("qdev_id") == "nic0"]
    if check(len(nic) == 1, "query-pci shows nic0 once", pci):
        d = nic[0]
        check(all(isinstance(d.get(k), int) for k in ("bus", "slot", "function")),
              "query-pci bus/slot/function", d)
        check(d.get("id", {}).get("vendor") == 0x8086 and d["id"].get("device") == 0x100e,
              "query-pci id vendor/device", d.get("id"))
        check(d.get("class_info", {}).get("class") == 0x0200, "query-pci class_info", d)
        check(d.get("irq_pin") == 1 and isinstance(d.get("irq"), int), "query-pci irq", d)
        regions = {r.get("bar"): r for r in d.get("regions", [])}
        r0, r1 = regions.get(0, {}), regions.get(1, {})
        check(r0.get("type") == "memory" and r0.get("size") == 128 * 1024 and
              isinstance(r0.get("address"), int) and r0.get("mem_type_64") is False,
              "query-pci BAR0", r0)
        check(r1.get("type") == "io" and r1.get("size") == 64 and isinstance(r1.get("address"), int),
              "query-pci BAR1", r1)
        text = q.command("human-monitor-command", {"command-line": "info pci"})
        check("Ethernet controller: PCI device 8086:100e" in text and 'id "nic0"' in text,
              "human-monitor-command info pci", text)
        check("Bus %2d, device %3d, function %d:" % (d["bus"], d["slot"], d["function"]) in text,
              "info pci and query-pci agree on the address", text)
    text = q.command("human-monitor-command", {"command-line": "info status"})
    check(text == "VM status: running\n", "human-monitor-command info status", text)
    text = q.command("human-monitor-command", {"command-line": "no-such-command"})
    check(text.startswith("Error: "), "human-monitor-command returns the error text", text)


def check_errors(q):
    q.send_raw(b'{ "execute": }\n')
    r = q.response()
    check(is_error(r, "GenericError", desc_prefix="JSON parse error"), "malformed JSON", r)
    usable(q, "malformed JSON")

    r = q.execute("no-such-command", id=5)
    check(is_error(r, "CommandNotFound", "The command no-such-command has not been found") and
          r.get("id") == 5, "unknown command", r)
    usable(q, "an unknown command")

    r = q.execute("device_del", {"id": 5})
    check(is_error(r, "GenericError", "Invalid parameter type for 'id', expected: string"),
          "wrong argument type", r)
    r = q.execute("human-monitor-command", {"command-line": "info status", "cpu-index": "0"})
    check(is_error(r, "GenericError", "Invalid parameter type for 'cpu-index', expected: integer"),
          "wrong argument type (integer)", r)
    r = q.execute("device_del", {})
    check(is_error(r, "GenericError", "Parameter 'id' is missing"), "missing argument", r)
    r = q.execute("query-status", {"verbose": True})
    check(is_error(r, "GenericError", "Parameter 'verbose' is unexpected"), "unexpected argument", r)
    r = q.execute("device_add", {"driver": "e1000", "mac": ["not", "a", "scalar"]})
    check(is_error(r, "GenericError"), "device_add with a non-scalar property", r)
    usable(q, "argument errors")

    q.send_raw(b"[1, 2]\n")
    check(is_error(q.response(), "GenericError", "QMP input must be a JSON object"), "array input")
    q.send_raw(b'{"id": 7}\n')
    r = q.response()
    check(is_error(r, "GenericError", "QMP input lacks member 'execute'") and r.get("id") == 7,
          "input without execute", r)
    q.send_raw(b'{"execute": 3}\n')
    check(is_error(q.response(), "GenericError", "QMP input member 'execute' must be a string"),
          "execute not a string")
    q.send_raw(b'{"execute": "query-status", "arguments": [1]}\n')
    check(is_error(q.response(), "GenericError", "QMP input member 'arguments' must be an object"),
          "arguments not an object")
    q.send_raw(b'{"execute": "query-status", "extra": 1}\n')
    check(is_error(q.response(), "GenericError", "QMP input member 'extra' is unexpected"),
          "unexpected member")
    usable(q, "bad requests")

    r = q.execute("device_del", {"id": "no-such-device"})
    check(is_error(r, "DeviceNotFound", "Device 'no-such-device' not found"), "device_del unknown id", r)

    # Oversized: one error for the whole message, then the session goes on.
    big = b'{"execute": "query-status", "arguments": {"x": "' + b"A" * (MAX_MESSAGE + 10) + b'"}}\n'
    q.send_raw(big)
    r = q.response()
    check(is_error(r, "GenericError", desc_prefix="JSON parse error"), "oversized message", r)
    usable(q, "an oversized message")
    q.send_raw(b"[" * 2000 + b"]" * 2000 + b"\n")
    check(is_error(q.response(), "GenericError"), "nesting too deep")
    usable(q, "deep nesting")

    # A control character is a lexical error: it ends the partial message (the
    # client's way back to a known state, qmp-spec) with one error.
    q.send_raw(b'{"execute": "query-st')
    q.send_raw(b"\x01")
    r = q.response()
    check(is_error(r, "GenericError", desc_prefix="JSON parse error"), "lexical error", r)
    q.send_raw(b" \xff\xfe\xff")    # one error for a run of bad bytes
    check(is_error(q.response(), "GenericError"), "bytes 0xff 0xfe")
    usable(q, "lexical errors")

    # Partial and concatenated messages.
    q.send_raw(b'{"execute": "query-')
    time.sleep(0.2)
    q.send_raw(b'status", "id": "split"}')
    r = q.response()
    check(r.get("id") == "split" and "return" in r, "a message in two pieces", r)
    q.send_raw(b'{"execute":"query-status","id":"a"}{"execute":"query-version","id":"b"}\n'
               b'{"execute":"query-status","id":"c"}')
    rs = [q.response() for _ in range(3)]
    check([r.get("id") for r in rs] == ["a", "b", "c"] and all("return" in r for r in rs),
          "concatenated messages answered in order", rs)
    q.send_raw(b'{"execute": "human-monitor-command", "arguments": '
               b'{"command-line": "info version"}, "id": "}\\"{"}\n')
    r = q.response()
    check(r.get("id") == '}"{' and "ppc64-lite" in r.get("return", ""),
          "braces and escapes inside strings", r)


def check_run_control(q, console, proc):
    r = q.execute("stop")
    check(r == {"return": {}}, "stop", r)
    q.wait_event("STOP")
    st = q.command("query-status")
    check(st.get("running") is False and st.get("status") == "paused", "paused after stop", st)
    q.command("cont")
    ev = q.wait_event("RESUME")
    ts = ev.get("timestamp", {})
    check(isinstance(ts.get("seconds"), int) and isinstance(ts.get("microseconds"), int) and
          abs(ts["seconds"] - time.time()) < 60 and 0 <= ts["microseconds"] < 1000000,
          "event timestamp", ev)
    check(q.command("query-status").get("status") == "running", "running after cont")
    r = q.execute("cont")
    check(r == {"return": {}}, "cont while running", r)

    q.command("system_powerdown")
    check(q.wait_event("POWERDOWN").get("event") == "POWERDOWN", "POWERDOWN event")

    before = open(console).read().count("console-echo ready")
    q.command("system_reset")
    ev = q.wait_event("RESET")
    check(ev.get("data") == {"guest": False, "reason": "host-qmp-system-reset"}, "RESET data", ev)
    deadline = time.time() + 30
    while open(console).read().count("console-echo ready") <= before and time.time() < deadline:
        time.sleep(0.05)
    check(open(console).read().count("console-echo ready") > before, "the guest ran again after the reset")


def check_hotplug(q):
    """device_add through the -device path; once the hotplug glue is in, the
    device joins query-pci and device_del on a slot the guest never took
    (isolated) completes at once with DEVICE_DELETED."""
    r = q.execute("device_add", {"driver": "pci-testdev", "id": "t1"}, id="add")
    if "error" in r:
        # No PCI hotplug in this build yet: the error must be well formed.
        check(is_error(r, "GenericError") and r.get("id") == "add" and r["error"]["desc"],
              "device_add error is well formed", r)
        usable(q, "a refused device_add")
        return
    check(r == {"return": {}, "id": "add"}, "device_add", r)
    devs = [d for b in q.command("query-pci") for d in b["devices"]]
    check(any(d.get("qdev_id") == "t1" for d in devs), "query-pci shows the added device", devs)
    r = q.execute("device_add", {"driver": "pci-testdev", "id": "t1"})
    check(is_error(r, "GenericError"), "device_add with a duplicate id", r)
    q.command("device_del", {"id": "t1"})
    ev = q.wait_event("DEVICE_DELETED", match=lambda e: e.get("data", {}).get("device") == "t1")
    check(ev["data"].get("path") == "/machine/peripheral/t1", "DEVICE_DELETED path", ev)
    devs = [d for b in q.command("query-pci") for d in b["devices"]]
    check(not any(d.get("qdev_id") == "t1" for d in devs), "the device is gone from query-pci", devs)


NIC0_DRC = 0x40000010   # slot 2 of PHB 0: 0x40000000 + (phb << 8) + (slot << 3), hotplug/README.md


def check_guest_unplug(q):
    """device_del of the cold-plugged nic0 waits for the guest; once the guest
    isolates the slot (RTAS set-indicator 9001, typed into the console-echo guest
    through human-monitor-command console-send), DEVICE_DELETED comes."""
    q.command("device_del", {"id": "nic0"})
    time.sleep(0.5)
    q.send_raw(b'{"execute": "query-status"}\n')
    q.response()
    check(not any(e["event"] == "DEVICE_DELETED" for e in q.events),
          "no DEVICE_DELETED before the guest lets go", q.events)
    devs = [d for b in q.command("query-pci") for d in b["devices"]]
    check(any(d.get("qdev_id") == "nic0" for d in devs), "nic0 stays until the guest lets go", devs)
    r = q.execute("device_del", {"id": "nic0"})
    check(is_error(r, "GenericError"), "a second device_del while one is pending", r)
    text = q.command("human-monitor-command",
                     {"command-line": "console-send isolate 0x%08x" % NIC0_DRC})
    check(text == "", "human-monitor-command console-send", text)
    ev = q.wait_event("DEVICE_DELETED", timeout=30)
    check(ev.get("data") == {"device": "nic0", "path": "/machine/peripheral/nic0"},
          "DEVICE_DELETED after the guest isolated the slot", ev)
    devs = [d for b in q.command("query-pci") for d in b["devices"]]
    check(not any(d.get("qdev_id") == "nic0" for d in devs), "nic0 is gone from query-pci", devs)


def check_quit(q, proc):
    r = q.execute("quit", id="bye")
    check(r == {"return": {}, "id": "bye"}, "quit", r)
    ev = q.wait_event("SHUTDOWN")
    check(ev.get("data") == {"guest": False, "reason": "host-qmp-quit"}, "SHUTDOWN data", ev)
    check(q.recv_msg() is None, "the connection closes after quit")
    try:
        status = proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        status = None
    check(status == 0, "exit status 0 after quit", status)


def run_socket(emu, elf, mode, tmp):
    console = os.path.join(tmp, "console")
    path = os.path.join(tmp, "qmp.sock")
    base = [emu, "-M", "pseries", "-m", "256M", "-display", "none", "-serial", "file:" + console,
            "-kernel", elf, "-nic", "none", "-device", "e1000,id=nic0,addr=2.0"]
    if mode == "unix":
        args = ["-qmp", "unix:%s,server=on,wait=off" % path]
    elif mode == "tcp":
        port = free_tcp_port()
        args = ["-qmp", "tcp:127.0.0.1:%d,server=on,wait=off" % port]
    else:
        args = ["-chardev", "socket,id=qmp0,path=%s,server=on,wait=off" % path,
                "-mon", "chardev=qmp0,mode=control"]
    proc = start(base + args)
    try:
        q = QMP.connect_tcp("127.0.0.1", port) if mode == "tcp" else QMP.connect_unix(path)
        version = check_greeting(q)
        negotiate(q)
        wait_for_file_text(console, "console-echo ready", proc)
        if mode == "chardev":
            check(q.command("query-status").get("status") == "running", "query-status on -mon")
            # The guest powers itself off: SHUTDOWN says the guest asked, exit status 0.
            q.command("human-monitor-command", {"command-line": "console-send poweroff"})
            ev = q.wait_event("SHUTDOWN", timeout=30)
            check(ev.get("data") == {"guest": True, "reason": "guest-shutdown"},
                  "SHUTDOWN after the guest's power-off", ev)
            check(q.recv_msg() is None, "the connection closes after the power-off")
            try:
                status = proc.wait(30)
            except subprocess.TimeoutExpired:
                status = None
            check(status == 0, "exit status 0 after the guest's power-off", status)
            return
        else:
            check_queries(q, version)
            check_errors(q)
            check_run_control(q, console, proc)
            check_hotplug(q)
            check_guest_unplug(q)
            # One client at a time: after this one leaves, the next gets a fresh greeting.
            q.close()
            q = QMP.connect_tcp("127.0.0.1", port) if mode == "tcp" else QMP.connect_unix(path)
            check_greeting(q)
            r = q.execute("query-status")
            check(is_error(r, "CommandNotFound"), "a new client starts in negotiation mode", r)
            q.command("qmp_capabilities")
        check_quit(q, proc)
        if mode != "tcp":
            check(not os.path.exists(path), "the socket file is removed at exit")
    finally:
        if proc.poll() is None:
            proc.kill()
        out = proc.communicate()[0].decode(errors="replace")
        if failures:
            print("---- emulator output ----\n" + out)


def run_stdio(emu, elf, tmp):
    console = os.path.join(tmp, "console")
    proc = subprocess.Popen([emu, "-M", "pseries", "-m", "256M", "-serial", "file:" + console,
                             "-kernel", elf, "-nic", "none", "-qmp", "stdio"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines = [b'{"execute": "qmp_capabilities"}', b'{"execute": "query-status", "id": 1}',
             b'{"execute": "quit"}']
    try:
        out, err = proc.communicate(b"\n".join(lines) + b"\n", timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    msgs = [json.loads(l) for l in out.decode().splitlines() if l.strip()]
    check(len(msgs) >= 5 and "QMP" in msgs[0], "stdio: greeting first", msgs)
    replies = [m for m in msgs[1:] if "event" not in m]
    check(replies[:1] == [{"return": {}}], "stdio: qmp_capabilities", replies)
    check(len(replies) > 1 and replies[1].get("id") == 1 and "status" in replies[1].get("return", {}),
          "stdio: query-status", replies)
    check(any(m.get("event") == "SHUTDOWN" for m in msgs), "stdio: SHUTDOWN event", msgs)
    check(proc.returncode == 0, "stdio: exit status 0", (proc.returncode, err))


def run_cli(emu, elf, tmp):
    sock = os.path.join(tmp, "s.sock")
    busy = __import__("socket").socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    busy_port = busy.getsockname()[1]
    bad = [
        (["-qmp", "bogus"], "-qmp"),
        (["-qmp", "unix:%s/no/such/dir/q.sock,server=on,wait=off" % tmp], "cannot listen"),
        # server=off connects, as QEMU's does: nobody listens there.
        (["-qmp", "unix:%s,server=off" % sock], "Failed to connect"),
        (["-qmp", "unix:%s,server=on,wait=off" % __file__], "not a socket"),
        (["-qmp", "unix:%s,server=on,wait=maybe" % sock], "wait"),
        (["-qmp", "unix:%s,server=on,wait=off,colour=blue" % sock], "colour"),
        (["-qmp", "tcp:127.0.0.1:%d,server=on,wait=off" % busy_port], "cannot listen"),
        (["-qmp", "tcp:nocolon,server=on,wait=off"], "tcp:HOST:PORT"),
        (["-mon", "chardev=nope,mode=control"], "nope"),
        (["-mon", "mode=control"], "chardev=ID"),
        (["-mon", "chardev=c,mode=fancy"], "mode"),
        (["-chardev", "socket,path=%s,server=on,wait=off" % sock], "id="),
        (["-chardev", "serial,id=c"], "serial"),
        (["-chardev", "null,id=c", "-chardev", "null,id=c"], "duplicate"),
        (["-chardev", "null,id=c", "-mon", "chardev=c", "-mon", "chardev=c,mode=control"],
         "already"),
        (["-nographic", "-qmp", "stdio"], "stdio"),
    ]
    for args, word in bad:
        r = subprocess.run([emu, "-M", "pseries", "-S", "-display", "none"] + args,
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
        err = r.stderr.decode(errors="replace")
        check(r.returncode == 1 and err.count("\n") == 1 and err.startswith("ppc64-lite: ") and
              word in err, "bad arguments %s" % " ".join(args), (r.returncode, err))
    busy.close()

    # The human monitor on a socket (-monitor unix:...): one reply per command.
    msock = os.path.join(tmp, "m.sock")
    proc = subprocess.Popen([emu, "-M", "pseries", "-S", "-display", "none",
                             "-monitor", "unix:%s,server=on,wait=off" % msock],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        s = QMP.connect_unix(msock).sock
        s.sendall(b"info status\nquit\n")
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
        check(data == b"VM status: paused\n", "-monitor unix: replies", data)
        check(proc.wait(30) == 0, "-monitor unix: quit, exit status 0")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()

    # wait=on (the default for a server): nothing runs until a client is there.
    proc = subprocess.Popen([emu, "-M", "pseries", "-display", "none", "-kernel", elf, "-nic", "none",
                             "-qmp", "unix:%s,server=on" % sock],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        q = QMP.connect_unix(sock)
        check_greeting(q)
        q.command("qmp_capabilities")
        check(q.command("query-status").get("status") == "running", "wait=on: running once connected")
        check_quit(q, proc)
        err = proc.stderr.read().decode(errors="replace")
        check("waiting for a connection on unix:%s" % sock in err, "wait=on says it waits", err)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def main():
    emu, elf, mode = sys.argv[1:4]
    tmp = tempfile.mkdtemp(prefix="qmp-test-")
    try:
        if mode == "stdio":
            run_stdio(emu, elf, tmp)
        elif mode == "cli":
            run_cli(emu, elf, tmp)
        else:
            run_socket(emu, elf, mode, tmp)
    except QMPError as e:
        import traceback
        traceback.print_exc()
        check(False, "protocol", str(e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
