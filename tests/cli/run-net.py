#!/usr/bin/env python3
"""-netdev / -nic through the ppc64-lite binary (core/net*.c, core/options.c).

Every bad option is one line on stderr and exit status 1, found at start
(before the guest runs); a host port that is already taken fails the
hostfwd rule at start; good lines start the machine, `info network` lists
the back ends in QEMU's format, and `quit` exits 0. The listener used to
occupy a port is on 127.0.0.1 and closes when the test ends.
"""
import socket
import subprocess
import sys

EMU = sys.argv[1]
BASE = [EMU, "-M", "pseries", "-nodefaults", "-S"]
failures = []


def run(args, monitor_input=None):
    """Run with the monitor on stdio when there is input for it."""
    cmd = BASE + args
    if monitor_input is not None:
        cmd += ["-monitor", "stdio"]
    p = subprocess.run(cmd, input=monitor_input or "", capture_output=True, text=True,
                       timeout=30)
    return p.returncode, p.stdout, p.stderr


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def expect_error(args, text):
    status, _, err = run(args)
    lines = err.splitlines()
    check(status == 1 and len(lines) == 1 and text in lines[0],
          "%s -> exit 1 with one line containing %r (got %d, %r)" % (" ".join(args), text,
                                                                     status, err))


expect_error(["-netdev", "user"], "-netdev: missing id=")
expect_error(["-netdev", "tap,id=t0"], "network back end 'tap' is not supported")
expect_error(["-netdev", "user,id=n0,hostfwd=tcp::70000-:22"], "bad host port")
expect_error(["-netdev", "user,id=n0,net=10.0.3.0/24,host=10.0.2.2"], "is not inside net")
expect_error(["-netdev", "user,id=n0", "-netdev", "user,id=n0"], "duplicate id")
expect_error(["-nic", "user,mac=zz"], "invalid MAC address")
expect_error(["-nic", "tap"], "network back end 'tap' is not supported")
expect_error(["-net", "user"], "-net: not supported")
# Nothing in the machine takes a NIC model this emulator does not have.
expect_error(["-nic", "user,model=nosuchnic"], "-nic: model 'nosuchnic' not available")

busy = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
busy.bind(("127.0.0.1", 0))
busy.listen(1)
port = busy.getsockname()[1]
expect_error(["-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:%d-:22" % port],
             "-netdev n0: could not set up host forwarding rule 'tcp:127.0.0.1:%d-:22': "
             "Address already in use" % port)
expect_error(["-nic", "user,model=x,hostfwd=tcp:127.0.0.1:%d-:22" % port],
             "-nic: could not set up host forwarding rule")
busy.close()

status, out, err = run(["-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:0-:22",
                        "-netdev", "user,id=n1,net=192.168.76.0/24,restrict=on", "-net", "none",
                        "-nic", "none"],
                       "info network\nquit\n")
check(status == 0, "good -netdev lines start and quit with 0 (got %d, %r)" % (status, err))
check("n0: index=0,type=user,net=10.0.2.0,restrict=off\n" in out and
      "n1: index=0,type=user,net=192.168.76.0,restrict=on\n" in out,
      "info network lists both back ends (%r)" % out)
check("warning: netdev n0 has no peer" in err, "a back end with no NIC is warned about")

status, out, _ = run(["-netdev", "help"])
check(status == 0 and out == "Available netdev backend types:\nuser\n", "-netdev help")

if failures:
    sys.exit("%d failure(s)" % len(failures))
