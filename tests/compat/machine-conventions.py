#!/usr/bin/env python3
"""QEMU 7.2's pseries conventions on command lines a script would use (issue 13,
items 1 and 4): exit status and the line scripts grep for, for each line, and
for the machine properties that change what the guest sees, the device tree
(-M pseries,dumpdtb=) of both.

Every case runs ppc64-lite and checks the exit status and a line of stderr
(after the program's "NAME: " prefix) as measured on qemu-system-ppc64 7.2.
Where qemu-system-ppc64 is installed the same line also runs on QEMU, and
its result must be the one written here: the expectations cannot drift away
from QEMU's behaviour unnoticed. A case marked ours_only states a deliberate,
documented difference and runs on ppc64-lite alone.

    machine-conventions.py PPC64LITE GUEST-IMAGE-SCRIPT
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

USUAL = "pseries,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off"


def cases(kernel, tmp):
    """(name, args, exit status, stderr regex or None, ours_only)"""
    junk = os.path.join(tmp, "junk.bin")
    with open(junk, "wb") as f:
        f.write(b"not a kernel\n")
    boot = ["-M", USUAL, "-cpu", "POWER8", "-m", "1G", "-nographic", "-kernel", kernel,
            "-append", "console=hvc0 panic=0"]
    return [
        # A kernel that panics (no root file system) calls ibm,os-term: QEMU prints
        # "OS terminated: MSG" and, with its default -action panic=shutdown, exits 0.
        ("os-term", boot, 0,
         r"OS terminated: OS panic: VFS: Unable to mount root fs on unknown-block\(0,0\)", False),
        ("os-term exit-failure", boot + ["-action", "panic=exit-failure"], 1,
         r"OS terminated: OS panic: VFS: Unable to mount root fs", False),
        ("unknown machine", ["-M", "q35"], 1, r"unsupported machine type", False),
        ("missing kernel", ["-M", USUAL, "-kernel", "/nonexistent/vmlinux"], 1,
         r"error loading /nonexistent/vmlinux", False),
        ("missing initrd", ["-M", USUAL, "-kernel", kernel, "-initrd", "/nonexistent/rd"], 1,
         r"could not load initial ram disk '/nonexistent/rd'", False),
        ("missing firmware", ["-M", USUAL, "-bios", "/nonexistent/fw.bin"], 1,
         r"Could not find LPAR firmware '/nonexistent/fw.bin'", False),
        ("firmware property", ["-M", USUAL + ",firmware=/nonexistent/fw.bin"], 1,
         r"Could not find LPAR firmware '/nonexistent/fw.bin'", False),
        ("append without kernel", ["-M", USUAL, "-append", "quiet"], 1,
         r"-append only allowed with -kernel option", False),
        ("initrd without kernel", ["-M", USUAL, "-initrd", junk], 1,
         r"-initrd only allowed with -kernel option", False),
        ("cap-htm=on", ["-M", "pseries,cap-htm=on", "-cpu", "POWER8"], 1,
         r"Transactional Memory", False),
        ("cap-vsx=maybe", ["-M", "pseries,cap-vsx=maybe"], 1, r"cap-vsx", False),
        ("cap-cfpc=foo", ["-M", "pseries,cap-cfpc=foo"], 1, r"cap-cfpc", False),
        ("unknown property", ["-M", "pseries,bogus=1"], 1, r"bogus", False),
        ("ic-mode=xive on POWER8", ["-M", "pseries,ic-mode=xive", "-cpu", "POWER8"], 1, r"XIVE", False),
        ("max-cpu-compat=power9 on POWER8", ["-M", "pseries,max-cpu-compat=power9", "-cpu", "POWER8"],
         1, None, False),
        ("max-cpu-compat=foo", ["-M", "pseries,max-cpu-compat=foo"], 1, r"foo", False),
        ("resize-hpt=foo", ["-M", "pseries,resize-hpt=foo"], 1, r"resize-hpt", False),
        ("cap-large-decr=on on POWER8", ["-M", USUAL + ",cap-large-decr=on", "-cpu", "POWER8"], 1,
         r"POWER9", False),
        ("cap-hpt-max-page-size=3", ["-M", "pseries,cap-hpt-max-page-size=3"], 1,
         r"cap-hpt-max-page-size must be a power of 2|cap-hpt-max-page-size=3: must be a power of 2",
         False),
        ("smp as a property", ["-M", "pseries,smp=2"], 1, r"smp", False),
        ("-accel kvm", ["-accel", "kvm"], 1, r"kvm", False),
        ("-machine accel=kvm", ["-M", "pseries,accel=kvm"], 1, r"kvm", False),
        ("-accel tcg,thread=foo", ["-accel", "tcg,thread=foo"], 1, r"thread", False),
        # QEMU's default (and the usual line) is thread=multi: one host thread per vCPU.
        ("-accel tcg,thread=multi", ["-M", USUAL + ",dumpdtb=" + os.path.join(tmp, "m.dtb"),
                                     "-cpu", "POWER8", "-accel", "tcg,thread=multi"], 0,
         r"info: dtb dumped to", False),
        ("-icount with thread=multi", ["-icount", "3", "-accel", "tcg,thread=multi"], 1,
         r"No MTTCG when icount is enabled", False),
        ("dumpdtb", ["-M", USUAL + ",dumpdtb=" + os.path.join(tmp, "d.dtb"), "-cpu", "POWER8"], 0,
         r"info: dtb dumped to " + re.escape(os.path.join(tmp, "d.dtb")) + r"\. Exiting\.", False),
        ("-machine accel=kvm:tcg", ["-M", USUAL + ",accel=kvm:tcg,dumpdtb=" + os.path.join(tmp, "a.dtb"),
                                    "-cpu", "POWER8"], 0, r"falling back to tcg", False),
        # Differences written down in README's compatibility table:
        # QEMU 7.2's pseries loads only ELF kernels; ppc64-lite also takes a raw image.
        ("raw kernel image", ["-M", USUAL + ",dumpdtb=" + os.path.join(tmp, "t.dtb"), "-kernel", junk],
         0, None, True),
        # QEMU under TCG warns and runs without HPT resizing; it is refused here.
        ("resize-hpt=required", ["-M", "pseries,resize-hpt=required"], 1, r"H_RESIZE_HPT", True),
    ]


def run(prog, args, prefix):
    if "-nographic" not in args:
        args = ["-nographic"] + args       # QEMU would open a window otherwise
    try:
        p = subprocess.run([prog] + args, stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, errors="replace", timeout=120)
    except subprocess.TimeoutExpired:
        return None, "(timed out)"
    err = "\n".join(line[len(prefix):] if line.startswith(prefix) else line
                    for line in p.stderr.splitlines())
    return p.returncode, err


def check(who, prog, prefix, name, args, status, pattern):
    got, err = run(prog, args, prefix)
    if got != status:
        return "%s: %s: exit status %s, expected %d\n%s" % (who, name, got, status, err[-2000:])
    if pattern and not re.search(pattern, err):
        return "%s: %s: no stderr line matching %r\n%s" % (who, name, pattern, err[-2000:])
    return None


def version_lines(emu, qemu):
    """The first line of -version and -help: what tools parse to learn the version."""
    fails = []
    for opt in ("-version", "-h"):
        got = subprocess.run([emu, opt], capture_output=True, text=True).stdout.splitlines()
        if not got or not re.fullmatch(r"QEMU emulator version 7\.2\.0 \(ppc64-lite \d+\.\d+\.\d+\)",
                                       got[0]):
            fails.append("%s: first line %r" % (opt, got[:1]))
        if qemu:
            want = subprocess.run([qemu, opt], capture_output=True, text=True).stdout.splitlines()
            if not want or not re.match(r"QEMU emulator version 7\.2\.\d+ ", want[0]):
                fails.append("qemu %s: first line %r" % (opt, want[:1]))
    return fails


def dtb_props(prog, args, dtb):
    """dumpdtb with args; the device tree as dtc's text, or None and the error."""
    if os.path.exists(dtb):
        os.unlink(dtb)
    status, err = run(prog, args[:1] + [args[1] + ",dumpdtb=" + dtb] + args[2:], "")
    if status != 0 or not os.path.exists(dtb):
        return None, "exit status %s: %s" % (status, err[-1000:])
    p = subprocess.run(["dtc", "-I", "dtb", "-O", "dts", dtb], capture_output=True, text=True)
    return p.stdout, None


# What the guest sees, from the device tree each program builds (QEMU's dumpdtb is the
# tree before CAS; these properties are the same before and after it).
DTB_CASES = [
    ("host-model, host-serial, cap-vsx=off, max-cpu-compat=power7",
     ["-M", USUAL + ",host-model=IBM,,8247-22L,host-serial=ABC123,cap-vsx=off,max-cpu-compat=power7",
      "-cpu", "POWER8"],
     [r'host-model = "IBM,8247-22L";', r'host-serial = "ABC123";', r"ibm,vmx = <0x01>;",
      r"cpu-version = <0xf000003>;"]),
    ("cap-hpt-max-page-size=4k", ["-M", USUAL + ",cap-hpt-max-page-size=4k", "-cpu", "POWER8"],
     [r"ibm,segment-page-sizes = <0x0c 0x00 0x01 0x0c 0x00>;"]),
    ("vsmt=8 with -smp 2", ["-M", USUAL + ",vsmt=8", "-cpu", "POWER8", "-smp", "2"],
     [r"PowerPC,POWER8@0 \{", r"PowerPC,POWER8@8 \{"]),
    ("host-model=none", ["-M", USUAL + ",host-model=none,host-serial=none", "-cpu", "POWER8"],
     [r"^(?![\s\S]*host-model)(?![\s\S]*host-serial)"]),
]


def dtb_checks(emu, qemu, tmp):
    fails = []
    if not shutil.which("dtc"):
        return ["dtc is not installed (device-tree-compiler)"]
    dtb = os.path.join(tmp, "cmp.dtb")
    for name, args, patterns in DTB_CASES:
        for who, prog in (("ppc64-lite", emu), ("qemu", qemu)):
            if not prog:
                continue
            text, why = dtb_props(prog, args, dtb)
            if text is None:
                fails.append("%s: %s: %s" % (who, name, why))
                continue
            for pat in patterns:
                if not re.search(pat, text, re.M):
                    fails.append("%s: %s: the tree lacks %r" % (who, name, pat))
    return fails


def main():
    emu, image_script = sys.argv[1], sys.argv[2]
    kernel = subprocess.run([image_script, "kernel"], check=True, capture_output=True,
                            text=True).stdout.strip()
    qemu = shutil.which("qemu-system-ppc64")
    fails = version_lines(emu, qemu)
    with tempfile.TemporaryDirectory() as tmp:
        for name, args, status, pattern, ours_only in cases(kernel, tmp):
            why = check("ppc64-lite", emu, "ppc64-lite: ", name, args, status, pattern)
            if why:
                fails.append(why)
            if qemu and not ours_only:
                why = check("qemu", qemu, "qemu-system-ppc64: ", name, args, status, pattern)
                if why:
                    fails.append(why)
        fails += dtb_checks(emu, qemu, tmp)
    for f in fails:
        print("FAIL: " + f)
    print("ran on ppc64-lite%s" % (" and " + qemu if qemu else " only (no qemu-system-ppc64)"))
    if fails:
        sys.exit(1)
    print("PASS")


if __name__ == "__main__":
    main()
