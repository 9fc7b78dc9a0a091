#!/usr/bin/env python3
"""-monitor-script with the waiting commands, through the real binary.

  test-monitor-script.py PPC64LITE GUEST.elf

The guest (tests/guest/console-echo.c) prints "console-echo ready", answers
each console line with "got: LINE", prints "later done" 300 ms of guest time
after a "later" line, and powers off after "poweroff". The scripts here drive
it with console-send and wait for its answers with wait-console, beside
-nographic, as a user's here-document would. Expected text is the guest's,
from its source; exit statuses are the documented ones (0 when the script ran
to its end and the guest powered off, 1 at the first Error:).

The console and the script's transcript share stdout. A command's echo and
its reply are written in one go, but with the vCPU on a thread of its own
(thread=multi) the guest prints while the monitor echoes, so the echo can land
inside a console line (between "got: LINE" and its newline): the checks take
the transcript's blocks out of the stream and read the console's text apart.
"""
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from checks import check, finish  # noqa: E402


def run(emu, elf, script, extra=(), timeout=90):
    with tempfile.NamedTemporaryFile("w", suffix=".mon", delete=False) as f:
        f.write(script)
        path = f.name
    start = time.time()
    try:
        r = subprocess.run([emu, "-M", "pseries", "-m", "256M", "-nographic", "-nic", "none",
                            "-kernel", elf, "-monitor-script", path] + list(extra),
                           stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    finally:
        os.unlink(path)
    out = r.stdout.decode(errors="replace").replace("\r", "")
    return r.returncode, out, r.stderr.decode(errors="replace"), time.time() - start


def split_transcript(out, blocks):
    """Take the monitor's blocks (each "(ppc64-lite) CMD\n" and its reply) out of out, in
    order. Returns the console's text and, for each block, how much of that text came before
    it; (None, None) when a block is missing."""
    console, before, pos, n = [], [], 0, 0
    for b in blocks:
        i = out.find(b, pos)
        if i < 0:
            return None, None
        console.append(out[pos:i])
        n += i - pos
        before.append(n)
        pos = i + len(b)
    console.append(out[pos:])
    return "".join(console), before


def in_order(text, parts):
    pos = 0
    for p in parts:
        i = text.find(p, pos)
        if i < 0:
            return False
        pos = i + len(p)
    return True


def main():
    emu, elf = sys.argv[1:3]

    # The whole conversation, ending with the guest powering off: exit 0.
    script = "\n".join([
        'wait-console "console-echo ready" 60',
        "console-send hello world",
        'wait-console "got: hello world" 20',
        'console-send "  two  spaces "',
        'wait-console "got:   two  spaces " 20',
        "console-send later",
        'wait-console "later done" 20',
        "info status",
        "stop",
        "wait-event STOP 5",
        "cont",
        "wait-event RESUME 5",
        'wait-drc "PHB 7" unusable 5',
        "wait-drc 0x20000007 empty 5",
        "console-send poweroff",
        'wait-console "got: poweroff" 20',
    ]) + "\n"
    status, out, err, _ = run(emu, elf, script)
    check(status == 0, "a script that runs to its end, then power-off: exit 0",
          "status %d\n%s%s" % (status, out, err))
    commands = script.splitlines()
    replies = {"info status": "VM status: running\n"}
    console, before = split_transcript(out, ["(ppc64-lite) %s\n%s" % (c, replies.get(c, ""))
                                             for c in commands])
    check(console is not None, "the transcript echoes every command in turn, info status "
          "answering 'VM status: running'", out)
    if console is not None:
        # Each command after a wait-console came once the console had printed the text waited
        # for. The guest keeps running while the monitor waits: "later done" needs 300 ms of
        # guest time after the line, and it came before the info status that followed the wait.
        for i, c in enumerate(commands[:-1]):
            if c.startswith("wait-console "):
                text = c.split('"')[1]
                check(text in console[:before[i + 1]],
                      "'%s' ran after the console printed '%s'" % (commands[i + 1], text), out)
        # The guest's lines, exactly (the spaces of the quoted line kept, nothing added).
        check(in_order(console, ["console-echo ready\n", "got: hello world\n",
                                 "got:   two  spaces \n", "got: later\n", "later done\n",
                                 "got: poweroff\n"]),
              "the console shows each line the guest got, exactly", console)
    check("Error:" not in out, "no Error: in a good script", out)


    # An unplug the guest completes: device_del waits for the guest to isolate the slot
    # (the console-echo guest's "isolate" line makes the RTAS call), then DEVICE_DELETED.
    # Slot 2 of PHB 0 is DRC 0x40000010 (hotplug/README.md).
    script = "\n".join([
        'wait-console "console-echo ready" 60',
        'wait-drc "Slot 2" configured 10',
        "device_del nic0",
        "info pci",
        "console-send isolate 0x40000010",
        'wait-console "isolate 0x40000010: status 0" 20',
        'wait-drc "Slot 2" power-on 10',
        "wait-event DEVICE_DELETED nic0 10",
        "wait-drc 0x40000010 empty 10",
        "info pci",
        "console-send poweroff",
        'wait-console "got: poweroff" 20',
    ]) + "\n"
    status, out, err, _ = run(emu, elf, script, ["-device", "e1000,id=nic0,addr=2.0"])
    check(status == 0, "unplug through the guest: exit 0", "status %d\n%s%s" % (status, out, err))
    first, _, second = out.partition("(ppc64-lite) console-send isolate")
    check('id "nic0"' in first and "pending removal" in first,
          "info pci shows nic0 pending before the guest isolates", out)
    check("(ppc64-lite) info pci" in second and 'id "nic0"' not in second,
          "nic0 is gone after DEVICE_DELETED", out)

    # A timeout is an Error:, the script stops there, the run ends with status 1.
    script = 'wait-console "console-echo ready" 60\nwait-console "never printed" 0.5\ninfo status\n'
    status, out, err, took = run(emu, elf, script)
    check(status == 1, "timeout: exit status 1", "status %d\n%s%s" % (status, out, err))
    check("Error: wait-console: timed out after 0.5 s" in out, "timeout: the Error: line", out)
    check("VM status" not in out, "timeout: nothing runs after the Error:", out)
    check(took < 30, "timeout: the run ends soon after", took)

    # Any command's Error: ends it too.
    status, out, err, _ = run(emu, elf, "device_del no-such-device\ninfo status\n")
    check(status == 1 and "Error: " in out and "VM status" not in out,
          "an ordinary command's Error: exits 1", "status %d\n%s%s" % (status, out, err))

    # The guest powers off while the script still waits: that is a failure too.
    script = 'wait-console "console-echo ready" 60\nconsole-send poweroff\nwait-console "never" 60\n'
    status, out, err, took = run(emu, elf, script)
    check(status == 1 and "Error: the machine stopped while the monitor script waited" in out,
          "power-off during a wait: exit 1", "status %d\n%s%s" % (status, out, err))
    check(took < 30, "power-off during a wait ends the run at once", took)

    # Bad arguments are errors, not waits.
    for line in ["wait-console", 'wait-console "unterminated', "wait-console x 0",
                 "wait-event NO_SUCH_EVENT", 'wait-drc "No such slot" configured',
                 'wait-drc "PHB 7" power-on', "wait-drc \"PHB 7\" configured soon"]:
        status, out, err, _ = run(emu, elf, line + "\nquit\n")
        check(status == 1 and out.count("Error: ") == 1, "bad arguments: %s" % line,
              "status %d\n%s%s" % (status, out, err))

    # quit ends a script cleanly with the guest still running.
    status, out, err, _ = run(emu, elf, 'wait-console "console-echo ready" 60\nquit\n')
    check(status == 0, "quit: exit status 0", "status %d\n%s%s" % (status, out, err))

    # A here-document on stdin (-monitor-script -): the console leaves stdin to the script.
    r = subprocess.run([emu, "-M", "pseries", "-m", "256M", "-nographic", "-nic", "none",
                        "-kernel", elf, "-monitor-script", "-"],
                       input=b'wait-console "console-echo ready" 60\nconsole-send poweroff\n'
                             b'wait-console "got: poweroff" 20\n',
                       capture_output=True, timeout=90)
    out = r.stdout.decode(errors="replace")
    check(r.returncode == 0 and "got: poweroff" in out, "-monitor-script - (stdin)",
          "status %d\n%s%s" % (r.returncode, out, r.stderr.decode(errors="replace")))

    # A missing script file is a start-up error.
    r = subprocess.run([emu, "-M", "pseries", "-monitor-script", "/no/such/file.mon"],
                       stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    check(r.returncode == 1 and b"-monitor-script" in r.stderr, "a missing script file", r.stderr)

    return finish()


if __name__ == "__main__":
    sys.exit(main())
