#!/usr/bin/env python3
"""Instruction coverage of real binaries: which forms Debian's ppc64el busybox-static,
libc.so.6, ld64.so.2 and vmlinux use, whether our decoder implements them, and
whether they passed the last differential run (run.py's results.json).

Words come from the executable sections (parsed here, ELF64 gABI); each
distinct word is named by our decoder (isa-insns decode), else by the harness
catalog (forms.py: the bits no operand field covers), else by objdump. Words
objdump knows only with -M power10 are later-ISA forms (must be illegal on
POWER8) and are listed apart; words no disassembler knows are data in text.
"""

import argparse
import collections
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forms  # noqa: E402

OBJDUMP = 'powerpc64le-linux-gnu-objdump'
# Words objdump names that are not Power ISA 2.07B instructions: 'attn' (0x00000200) is an
# IBM implementation-specific debug stop, illegal for a guest; in these binaries it is
# data in text (switch tables: 0x200 next to 0x240, 0x280...). Listed apart, like later ISAs.
NOT_ISA = {'attn'}


def text_words(path):
    with open(path, 'rb') as f:
        d = f.read()
    if d[:4] != b'\x7fELF' or d[4] != 2:
        sys.exit('coverage: %s is not ELF64' % path)
    e = '<' if d[5] == 1 else '>'
    shoff, = struct.unpack_from(e + 'Q', d, 0x28)
    shentsize, shnum = struct.unpack_from(e + 'HH', d, 0x3a)
    words = collections.Counter()
    for i in range(shnum):
        sh = struct.unpack_from(e + 'IIQQQQIIQQ', d, shoff + i * shentsize)
        typ, flags, off, size = sh[1], sh[2], sh[4], sh[5]
        if typ == 1 and flags & 4:      # SHT_PROGBITS, SHF_EXECINSTR
            n = size // 4
            words.update(struct.unpack_from(e + '%dI' % n, d, off))
    return words


def catalog_masks():
    out = []
    for fm in forms.FORMS:
        var = 0
        for op in fm.ops:
            if op in forms.XFIELDS:
                (sh, w), xb = forms.XFIELDS[op]
                var |= ((1 << w) - 1) << sh | 1 << xb
            elif op == 'sh6':
                var |= 2
            elif op in ('spr', 'tbr'):
                var |= 0x3ff << 11
            elif op in forms.F and forms.F[op]:
                sh, w = forms.F[op]
                var |= ((1 << w) - 1) << sh
        if fm.branch in ('b', 'babs'):
            var |= 0x03fffffc
        if fm.branch in ('bc', 'bcabs'):
            var |= 0xfffc
        if 'fxm' in fm.ops:
            var |= 1 << 20
        out.append((~var & 0xffffffff, fm.fixed, fm.name))
    out.sort(key=lambda t: -bin(t[0]).count('1'))
    return out


def objdump_names(words, machine):
    with tempfile.NamedTemporaryFile(suffix='.bin') as t:
        t.write(b''.join(struct.pack('>I', w) for w in words))
        t.flush()
        out = subprocess.run([OBJDUMP, '-D', '-b', 'binary', '-m', 'powerpc:common64', '-EB', '-M', machine,
                              t.name], capture_output=True, text=True).stdout
    names = {}
    for ln in out.splitlines():
        m = re.match(r'\s*([0-9a-f]+):\s+((?:[0-9a-f]{2} ){4})\s*(\S+)', ln)
        if m:
            names[int(m.group(1), 16) // 4] = m.group(3)
    return [names.get(i, '.long') for i in range(len(words))]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build-dir', default=os.path.join(root, 'build'))
    ap.add_argument('--results', default=None, help='run.py results.json (default: build work dir)')
    ap.add_argument('--sysroot', default=None)
    ap.add_argument('--vmlinux', default=None)
    a = ap.parse_args()
    gi = os.path.join(root, 'scripts', 'guest-image.sh')
    sysroot = a.sysroot or subprocess.run(['sh', gi, 'sysroot'], capture_output=True, text=True,
                                          check=True).stdout.strip()
    vmlinux = a.vmlinux or subprocess.run(['sh', gi, 'kernel'], capture_output=True, text=True,
                                          check=True).stdout.strip()
    bins = collections.OrderedDict([
        ('busybox', os.path.join(sysroot, 'bin', 'busybox')),
        ('libc', os.path.join(sysroot, 'lib', 'powerpc64le-linux-gnu', 'libc.so.6')),
        ('ld64', os.path.join(sysroot, 'lib', 'powerpc64le-linux-gnu', 'ld64.so.2')),
        ('vmlinux', vmlinux)])
    counts = {k: text_words(p) for k, p in bins.items()}
    allw = sorted(set().union(*[set(c) for c in counts.values()]))

    insns = os.path.join(a.build_dir, 'tests', 'isa', 'isa-insns')
    dec = subprocess.run([insns, 'decode'], input=''.join('%08x\n' % w for w in allw), capture_output=True,
                         text=True, check=True).stdout.split()
    cat = catalog_masks()
    name, impl = {}, {}
    rest = []
    for w, n in zip(allw, dec):
        if n != '-':
            name[w], impl[w] = n, True
            continue
        for mask, fixed, fn in cat:
            if w & mask == fixed:
                name[w], impl[w] = fn, False
                break
        else:
            rest.append(w)
    p8 = objdump_names(rest, 'power8')
    p10 = objdump_names(rest, 'power10')
    later = collections.Counter()
    for w, m8, m10 in zip(rest, p8, p10):
        impl[w] = False
        if m8 != '.long':
            name[w] = '~' + m8.rstrip('.+-')
        elif m10 != '.long':
            name[w] = '!' + m10.rstrip('.+-')
        else:
            name[w] = None

    results = {}
    rpath = a.results or os.path.join(a.build_dir, 'tests', 'isa', 'work', 'results.json')
    if os.path.exists(rpath):
        results = json.load(open(rpath))['forms']

    table = collections.defaultdict(lambda: collections.Counter())
    for b, c in counts.items():
        for w, n in c.items():
            if name[w] is not None:
                table[(name[w], impl[w])][b] += n
    cols = list(bins)
    print('%-16s %9s %9s %9s %9s  %-5s %s' % ('form', *cols, 'impl', 'harness'))
    user_tot = collections.Counter()
    user_impl = collections.Counter()
    later_rows = []
    not_isa_rows = []
    for (n, im), c in sorted(table.items(), key=lambda t: (-sum(t[1].values()), t[0][0])):
        if n.startswith('!'):
            later_rows.append((n[1:], c))
            continue
        if n.startswith('~') and n[1:] in NOT_ISA:
            not_isa_rows.append((n[1:], c))
            continue
        if not n.startswith('~'):
            h = results.get(n, {}).get('status', '-')
        elif n[1:] in forms.BY_NAME:    # a catalog form with reserved bits set in these words
            h = results.get(n[1:], {}).get('status', '-') + ' (reserved bits set)'
        else:
            h = 'no generator'
        print('%-16s %9d %9d %9d %9d  %-5s %s' % (n, *[c[k] for k in cols], 'yes' if im else 'no', h))
        for k in ('busybox', 'libc', 'ld64'):
            if c[k]:
                user_tot[k, 'forms'] += 1
                user_tot[k, 'words'] += c[k]
                if im:
                    user_impl[k, 'forms'] += 1
                    user_impl[k, 'words'] += c[k]
                if im and results.get(n, {}).get('status') == 'PASS':
                    user_impl[k, 'pass'] += 1
    print()
    print('forms: "~name" = POWER8 form objdump knows but the harness catalog does not')
    for k in ('busybox', 'libc', 'ld64'):
        print('%-8s %d distinct forms, %d implemented (%.1f%%), %d pass the harness; '
              '%.1f%% of its instruction words are implemented forms'
              % (k, user_tot[k, 'forms'], user_impl[k, 'forms'],
                 100.0 * user_impl[k, 'forms'] / max(1, user_tot[k, 'forms']), user_impl[k, 'pass'],
                 100.0 * user_impl[k, 'words'] / max(1, user_tot[k, 'words'])))
    print()
    print('not Power ISA instructions (implementation-specific; illegal on our POWER8), as words in text:')
    for n, c in not_isa_rows:
        print('  %-16s %s' % (n, ' '.join('%s=%d' % (k, c[k]) for k in cols if c[k])))
    print()
    print('later-ISA forms (POWER9/10) in the binaries; they must raise illegal instruction on POWER8:')
    for n, c in sorted(later_rows, key=lambda t: -sum(t[1].values())):
        print('  %-16s %s' % (n, ' '.join('%s=%d' % (k, c[k]) for k in cols if c[k])))


if __name__ == '__main__':
    main()
