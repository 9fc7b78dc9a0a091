#!/usr/bin/env python3
"""Run the corpus of QEMU pseries command lines (tests/compat/corpus.ini) on
ppc64-lite, and on qemu-system-ppc64 7.2 too when it is installed.

Each entry is a command line taken from QEMU's documentation or tests or from a
public project's scripts (its `source` says where), with the file names made
ours (`adapted` says what else changed). Entries name what a user would look
at: the exit status, lines on the console or stderr, and for a refusal the one
error line. The expectations were written from QEMU 7.2's behaviour; when
qemu-system-ppc64 is on PATH the same line also runs there and must meet the
entry's QEMU expectation (`qemu = same`, or `qemu-exit` / `qemu-expect` where
ppc64-lite deliberately differs, `reason` saying why), so an expectation that
QEMU does not meet fails the test as surely as one ppc64-lite does not.

  run-corpus.py PPC64LITE GROUP [--no-qemu] [--only NAME]
GROUP is fw (the built-in firmware as guest, or no guest) or linux (Debian's
kernel with tests/compat/init-compat.sh as /init). COMPAT_QEMU=0 also skips QEMU.
Placeholders: @FW@ the firmware image, @KERNEL@/@INITRD@ the Linux guest,
@TMP@ a scratch folder, @TODAY@ today's UTC date (in expectations).
"""
import configparser
import datetime
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
FW = os.path.join(TOP, "bios", "ppc64-lite-fw.bin")
GUEST_IMAGE = os.path.join(TOP, "scripts", "guest-image.sh")
TIMEOUT = {"fw": 60, "linux": 300, "none": 30}


def lines_of(value):
    return [l.strip() for l in (value or "").splitlines() if l.strip()]


class Corpus:
    def __init__(self, path):
        self.ini = configparser.ConfigParser(interpolation=None)
        self.ini.optionxform = str
        with open(path) as f:
            self.ini.read_file(f)

    def entries(self, group):
        for name in self.ini.sections():
            e = self.ini[name]
            for key in ("source", "line", "guest", "exit"):
                if key not in e:
                    raise SystemExit(f"corpus: [{name}] lacks '{key}'")
            kind = "linux" if e["guest"] == "linux" else "fw"
            if kind == group:
                yield name, e


def run(argv, timeout, tmp):
    """Run one emulator; returns (exit status or None on timeout, output text)."""
    try:
        p = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=timeout, cwd=tmp)
    except subprocess.TimeoutExpired as t:
        return None, (t.stdout or b"").decode("utf-8", "replace"), ""
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def check(who, e, prefix, rc, out, err, tmp, subst):
    """The failures of one run against the entry's expectations for `who`."""
    fails = []
    want_exit = e.get(prefix + "exit", e["exit"]) if prefix else e["exit"]
    if rc is None:
        return [f"{who}: timed out"]
    if want_exit == "nonzero" and rc == 0 or want_exit != "nonzero" and rc != int(want_exit):
        fails.append(f"{who}: exit {rc}, want {want_exit}")
    text = out + err
    for f in lines_of(e.get("output-file")):
        path = subst(f)
        if os.path.exists(path):
            text += open(path, errors="replace").read()
    expect_key = prefix + "expect" if prefix and (prefix + "expect") in e else "expect"
    for pat in lines_of(e.get(expect_key)):
        if not re.search(subst(pat), text, re.M):
            fails.append(f"{who}: no match for /{subst(pat)}/")
    absent_key = prefix + "absent" if prefix and (prefix + "absent") in e else "absent"
    for pat in lines_of(e.get(absent_key)):
        if re.search(subst(pat), text, re.M):
            fails.append(f"{who}: unexpected match for /{subst(pat)}/")
    if not prefix and "error" in e:
        # A refusal is exactly one line on stderr (QEMU's own refusals may add
        # a hint line, so this is checked on ppc64-lite only).
        errs = [l for l in err.splitlines() if l.strip()]
        if len(errs) != 1 or not re.search(e["error"], errs[0]):
            fails.append(f"{who}: want one stderr line matching /{e['error']}/, got {errs!r}")
    if fails:
        fails.append(f"{who} output (last 15 lines):\n" +
                     "\n".join(("    " + l) for l in text.splitlines()[-15:]))
    return fails


def main():
    args = sys.argv[1:]
    if len(args) < 2:
        raise SystemExit(__doc__)
    emu, group = os.path.abspath(args[0]), args[1]
    use_qemu = "--no-qemu" not in args and os.environ.get("COMPAT_QEMU", "1") != "0"
    only = args[args.index("--only") + 1] if "--only" in args else None
    qemu = shutil.which("qemu-system-ppc64") if use_qemu else None
    corpus = Corpus(os.path.join(HERE, "corpus.ini"))
    work = tempfile.mkdtemp(prefix="compat-")
    kernel = initrd = ""
    if group == "linux":
        kernel = subprocess.run([GUEST_IMAGE, "kernel"], check=True, capture_output=True,
                                text=True).stdout.strip()
        initrd = os.path.join(work, "initrd.gz")
        subprocess.run([GUEST_IMAGE, "initramfs", os.path.join(HERE, "init-compat.sh"), initrd],
                       check=True, stdout=subprocess.DEVNULL)
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")
    failures, count = [], 0
    for name, e in corpus.entries(group):
        if only and name != only:
            continue
        count += 1
        runs = [("ppc64-lite", emu, "")]
        if qemu and e.get("qemu", "same") != "skip":
            runs.append(("qemu", qemu, "" if e.get("qemu", "same") == "same" else "qemu-"))
        for who, binary, prefix in runs:
            tmp = os.path.join(work, f"{name}-{who}")
            os.makedirs(tmp)

            def subst(s, tmp=tmp):
                return (s.replace("@FW@", FW).replace("@KERNEL@", kernel)
                        .replace("@INITRD@", initrd).replace("@TMP@", tmp)
                        .replace("@TODAY@", today))
            argv = [binary] + [subst(a) for a in shlex.split(e["line"])]
            rc, out, err = run(argv, TIMEOUT[e["guest"]], tmp)
            fails = check(who, e, prefix, rc, out, err, tmp, subst)
            print(f"{'FAIL' if fails else 'ok  '} {name} [{who}]", flush=True)
            failures += [f"[{name}] {f}" for f in fails]
    shutil.rmtree(work, ignore_errors=True)
    if count == 0:
        print(f"no corpus entry in group '{group}'" + (f" named '{only}'" if only else ""))
        return 1
    if not qemu:
        print("note: qemu-system-ppc64 not run (not installed or COMPAT_QEMU=0); "
              "expectations checked on ppc64-lite only")
    for f in failures:
        print(f)
    print(f"{count} entries, {len(failures) and len({f.split(']')[0] for f in failures})} failing")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
