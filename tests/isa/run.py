#!/usr/bin/env python3
"""Differential instruction tests: our CPU (isa-user) against qemu-user.

For every form of tests/isa/forms.py that the decode table implements, in
both byte orders: generate a program (gen.py), assemble and link it, run it
under qemu-ppc64(le) -cpu power8 and under isa-user, and compare the output
records instance by instance. Prints PASS/FAIL per form, with the first
differing instance decoded, and exits non-zero on any mismatch. Results go
to <work-dir>/results.json for coverage.py.
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import forms    # noqa: E402
import fpcheck  # noqa: E402
import vsxcheck  # noqa: E402
import gen      # noqa: E402

TOOLS = 'powerpc64le-linux-gnu-'
QEMU = {'le': 'qemu-ppc64le-static', 'be': 'qemu-ppc64-static'}
# Harness instructions each state class needs from our CPU (gen.py's load/store sequences).
SUPPORT = {
    'int': [0x38400000, 0x7c4ff120, 0x7c4103a6, 0x7c4803a6, 0x7c4903a6, 0xe8410000, 0xf8410000,
            0x7c400026, 0x7c4102a6, 0x7c4802a6, 0x7c4902a6, 0x3c200000, 0x44000002, 0x48000000],
    'fp': [0xc8010000, 0xfdfe058e, 0xd8010000, 0xfc00048e],
    'vr': [0x7c0110ce, 0x10000644, 0x7c0111ce, 0x10000604],
    'vsx': [0x7c011698, 0x7c011798],
}


def endian_sensitive(fm):
    return bool(fm.mem) or any(f in fm.flags for f in ('load', 'store', 'cache', 'beonly'))


def which(name):
    p = shutil.which(name)
    if not p:
        p = shutil.which(name.replace('-static', ''))
    return p


class Runner:
    def __init__(self, a):
        self.a = a
        self.user = os.path.join(a.build_dir, 'tests', 'isa', 'isa-user')
        self.insns = os.path.join(a.build_dir, 'tests', 'isa', 'isa-insns')
        for p in (self.user, self.insns):
            if not os.access(p, os.X_OK):
                sys.exit('run.py: %s not built (ninja -C %s isa-user isa-insns)' % (p, a.build_dir))
        self.qemu = {k: which(v) for k, v in QEMU.items()}
        os.makedirs(a.work_dir, exist_ok=True)

    def decode(self, words):
        out = subprocess.run([self.insns, 'decode'], input=''.join('%08x\n' % w for w in words),
                             capture_output=True, text=True, check=True).stdout.split()
        return out

    def table(self):
        out = subprocess.run([self.insns, 'list'], capture_output=True, text=True, check=True).stdout
        return [ln.split()[0] for ln in out.splitlines() if ln.strip()]

    def build(self, fm, seed, count, endian, base):
        """Generate, assemble and link base.elf (and, for forms POWER8 executes
        as another word, base-ref.elf with that word); returns the tested words."""
        text, data, words = gen.generate(fm.name, seed, count, endian == 'be', base + '.dat')
        with open(base + '.dat', 'wb') as f:
            f.write(data)
        self.assemble(text, base, endian)
        if fm.p8alias is not None:
            # The reference runs the word POWER8 executes in its place (forms.py 'p8as').
            clear, setb = fm.p8alias
            for w in set(words):
                text = text.replace('\t.long 0x%08x\n' % w, '\t.long 0x%08x\n' % ((w & ~clear) | setb))
            self.assemble(text, base + '-ref', endian)
        return words

    @staticmethod
    def assemble(text, base, endian):
        with open(base + '.S', 'w') as f:
            f.write(text)
        big = ['-mbig'] if endian == 'be' else []
        ld = ['-EB', '-m', 'elf64ppc'] if endian == 'be' else ['-EL', '-m', 'elf64lppc']
        subprocess.run([TOOLS + 'as', '-a64', '-mpower8'] + big + [base + '.S', '-o', base + '.o'],
                       check=True, capture_output=True)
        subprocess.run([TOOLS + 'ld', '-static'] + ld + ['-o', base + '.elf', base + '.o'],
                       check=True, capture_output=True)

    def run_one(self, fm, seed, count, endian):
        base = os.path.join(self.a.work_dir, '%s-%s-%d' % (fm.name, endian, seed))
        try:
            words = self.build(fm, seed, count, endian, base)
        except subprocess.CalledProcessError as e:
            return ('ERROR', 'build failed: %s' % e.stderr.decode(errors='replace')[:400])
        cpu = [] if 'isa3' in fm.flags else ['-cpu', 'power8']
        ref_elf = base + ('-ref.elf' if fm.p8alias is not None else '.elf')
        want = gen.REC * count
        try:
            ref = subprocess.run([self.qemu[endian]] + cpu + [ref_elf], capture_output=True,
                                 timeout=60)
            ours = subprocess.run([self.user, '--jit', self.a.jit, '--fault-off', str(gen.FAULT),
                                   '--resume-off', str(gen.RESUME), '--addr-off', str(gen.SIGADDR), base + '.elf'],
                                  capture_output=True, timeout=60)
        except subprocess.TimeoutExpired as e:
            return ('FAIL', 'timeout running %s' % e.cmd[0])
        if ref.returncode or len(ref.stdout) != want:
            return ('ERROR', 'reference exit %d, %d bytes: %s' % (ref.returncode, len(ref.stdout),
                                                                   ref.stderr.decode(errors='replace')[:300]))
        if ours.returncode or len(ours.stdout) != want:
            return ('FAIL', 'isa-user exit %d, %d bytes: %s' % (ours.returncode, len(ours.stdout),
                                                                ours.stderr.decode(errors='replace')[:300]))
        diff = compare(fm, ref.stdout, ours.stdout, count, endian, words)
        if diff:
            i, what = diff
            return ('FAIL', 'instance %d, insn %08x (%s): %s [program %s.S]'
                    % (i, words[i], disas(words[i]), what, base))
        if not self.a.keep:
            os.unlink(base + '.dat')
            for b in (base, base + '-ref') if fm.p8alias is not None else (base,):
                for ext in ('.S', '.o', '.elf'):
                    os.unlink(b + ext)
        return ('PASS', '')


def disas(word):
    with tempfile.NamedTemporaryFile(suffix='.bin') as t:
        t.write(struct.pack('>I', word))
        t.flush()
        out = subprocess.run([TOOLS + 'objdump', '-D', '-b', 'binary', '-m', 'powerpc:common64', '-EB',
                              t.name], capture_output=True, text=True).stdout
    m = re.search(r'^\s+0:\s+(?:[0-9a-f]{2} ){4}\s*(.*)$', out, re.M)
    return m.group(1).strip().replace('\t', ' ') if m else '?'


def fields(fm, endian):
    """(name, offset, size) of every compared field of the output record."""
    out = [('r%d' % n, gen.OUT + 8 * n, 8) for n in range(32)]
    out += [('cr', gen.OUT + gen.ST_CR, 8), ('xer', gen.OUT + gen.ST_XER, 8), ('lr', gen.OUT + gen.ST_LR, 8),
            ('ctr', gen.OUT + gen.ST_CTR, 8)]
    if fm.fp:
        out.append(('fpscr', gen.OUT + gen.ST_FPSCR, 8))
    if fm.vsx:
        out += [('vs%d' % n, gen.OUT + gen.ST_VSR + 16 * n, 16) for n in range(64)]
    else:
        if fm.fp:
            out += [('f%d' % n, gen.OUT + gen.ST_VSR + 16 * n, 8) for n in range(32)]
        if fm.vr:
            out += [('v%d' % n, gen.OUT + gen.ST_VSR + 16 * (32 + n), 16) for n in range(32)]
    if fm.vr or fm.vsx:
        out.append(('vscr', gen.OUT + gen.ST_VSCR, 16))
    out += [('signal', gen.FAULT, 4), ('si_code', gen.FAULT + 4, 4), ('si_addr', gen.SIGADDR, 8),
            ('branch-taken', gen.TAKEN, 8)]
    out += [('mem+%d' % k, gen.MEM + k, 8) for k in range(0, gen.MEMSZ, 8)]
    return out


S64 = lambda v: v - (1 << 64) if v >> 63 else v          # noqa: E731
S32 = lambda v: (v & 0xffffffff) - (1 << 32) if v >> 31 & 1 else v & 0xffffffff  # noqa: E731


def undefined_bits(fm, word, gpr):
    """Bits of the result the ISA leaves undefined for this input: {field: mask}.

    Book I 3.3.9: divide overflow (or by zero) leaves RT undefined, and with
    Rc=1 CR0[LT,GT,EQ]; the word forms (divw*, mulhw*) leave RT[0:31]
    undefined and, in 64-bit mode, CR0[LT,GT,EQ] too.
    """
    n = fm.name
    rt, ra, rb, rc = (word >> 21) & 31, gpr[(word >> 16) & 31], gpr[(word >> 11) & 31], word & 1
    U = (1 << 64) - 1
    out = {}
    if 'timeval' in fm.flags:
        out['r%d' % rt] = U
    cr0 = 0xe0000000 if rc else 0
    if n in ('divw', 'divwu', 'divwe', 'divweu', 'mulhw', 'mulhwu'):
        out['r%d' % rt] = 0xffffffff00000000
        if cr0:
            out['cr'] = cr0
    a32, b32 = ra & 0xffffffff, rb & 0xffffffff
    over = False
    if n == 'divd':
        over = rb == 0 or (ra == 1 << 63 and rb == U)
    elif n == 'divdu':
        over = rb == 0
    elif n == 'divw':
        over = b32 == 0 or (a32 == 0x80000000 and b32 == 0xffffffff)
    elif n == 'divwu':
        over = b32 == 0
    elif n == 'divde':
        over = rb == 0 or not (-(1 << 63) <= int((S64(ra) << 64) / S64(rb)) < (1 << 63)) if rb else True
        if rb:
            q = abs(S64(ra) << 64) // abs(S64(rb))
            q = -q if (S64(ra) < 0) != (S64(rb) < 0) else q
            over = not (-(1 << 63) <= q < (1 << 63))
    elif n == 'divdeu':
        over = rb == 0 or ra >= rb
    elif n == 'divwe':
        if b32 == 0:
            over = True
        else:
            q = abs(S32(a32) << 32) // abs(S32(b32))
            q = -q if (S32(a32) < 0) != (S32(b32) < 0) else q
            over = not (-(1 << 31) <= q < (1 << 31))
    elif n == 'divweu':
        over = b32 == 0 or a32 >= b32
    if over:
        out['r%d' % rt] = U
        if cr0:
            out['cr'] = cr0
    return out


def reference_allowances(fm, word, gpr, ref, ours, order):
    """Where qemu-user is known wrong outside FP (REFERENCE-BUGS.md): a
    difference is accepted only when ours is exactly the ISA's (or Linux's) value."""
    sig_r, code_r = struct.unpack(order + 'II', ref[gen.FAULT:gen.FAULT + 8])
    sig_o, code_o = struct.unpack(order + 'II', ours[gen.FAULT:gen.FAULT + 8])
    addr_r, addr_o = (struct.unpack(order + 'Q', x[gen.SIGADDR:gen.SIGADDR + 8])[0] for x in (ref, ours))
    out = {}
    if sig_r == sig_o == 4 and fm.name in ('mfspr', 'mtspr'):
        spr = ((word >> 16) & 31) | ((word >> 11) & 31) << 5
        # a privileged SPR: Linux sends ILL_PRVOPC (5) for every privileged-
        # instruction Program interrupt; qemu-user says ILL_PRVREG (6)
        if spr & 0x10 and code_r == 6 and code_o == 5:
            out['si_code'] = 0xffffffff
    if sig_r == sig_o == 4 and fm.name == 'slbfee' and code_r == 2 and code_o == 5:
        # slbfee. is privileged (Book III 5.9.3.2): Linux says ILL_PRVOPC, qemu-user ILL_ILLOPN
        out['si_code'] = 0xffffffff
    if fm.name == 'divde' and word >> 10 & 1 and sig_r == sig_o == 0:
        # divdeo: qemu-user misses some overflows (a positive quotient >= 2**63);
        # accept XER[OV,SO] (and CR0[SO]) only when the exact quotient overflows and ours says so
        if undefined_bits(fm, word, gpr).get('r%d' % (word >> 21 & 31)) == (1 << 64) - 1:
            xer_o = struct.unpack(order + 'Q', ours[gen.OUT + gen.ST_XER:gen.OUT + gen.ST_XER + 8])[0]
            cr_o = struct.unpack(order + 'Q', ours[gen.OUT + gen.ST_CR:gen.OUT + gen.ST_CR + 8])[0]
            if xer_o & 0xc0000000 == 0xc0000000:
                out['xer'] = 0xc0000000
                if word & 1 and cr_o & 0x10000000:
                    out['cr'] = 0x10000000
    if sig_r == sig_o == 11 and fm.branch in ('babs', 'bcabs') and addr_r == 0:
        # a fetch from an unmapped page: Linux's si_addr is the address, qemu-user's 0
        if fm.branch == 'babs':
            target = (word & 0x03fffffc) - ((word & 0x02000000) << 1)
        else:
            target = (word & 0xfffc) - ((word & 0x8000) << 1)
        if addr_o == target & ((1 << 64) - 1):
            out['si_addr'] = (1 << 64) - 1
    return out


def fp_state(rec, order, base):
    """FPSCR, CR, FPRs and signal of one half (IN or OUT) of a record, for fpcheck."""
    q = lambda off: struct.unpack(order + 'Q', rec[off:off + 8])[0]  # noqa: E731
    sig, code = struct.unpack(order + 'II', rec[gen.FAULT:gen.FAULT + 8])
    return {'fpscr': q(base + gen.ST_FPSCR), 'cr': q(base + gen.ST_CR),
            'fpr': [q(base + gen.ST_VSR + 16 * n) for n in range(32)], 'sig': sig, 'code': code}


def vsr_state(rec, order, base):
    """The 64 VSRs of one half of a record, as 128-bit integers (doubleword 0 high)."""
    return [(struct.unpack(order + 'Q', rec[base + gen.ST_VSR + 16 * n:base + gen.ST_VSR + 16 * n + 8])[0] << 64)
            | struct.unpack(order + 'Q', rec[base + gen.ST_VSR + 16 * n + 8:base + gen.ST_VSR + 16 * n + 16])[0]
            for n in range(64)]


def field_value(b, order, size):
    if size == 16:
        hi, lo = struct.unpack(order + 'QQ', b)
        return hi << 64 | lo
    return struct.unpack(order + ('Q' if size == 8 else 'I'), b)[0]


def compare(fm, ref, ours, count, endian, words):
    flds = fields(fm, endian)
    order = '>' if endian == 'be' else '<'
    for i in range(count):
        r = ref[i * gen.REC:(i + 1) * gen.REC]
        o = ours[i * gen.REC:(i + 1) * gen.REC]
        if r == o:
            continue
        gpr = struct.unpack(order + '32Q', r[gen.IN:gen.IN + 256])
        undef = undefined_bits(fm, words[i], gpr)
        fin = fp_state(r, order, gen.IN) if fm.fp else None
        if fm.fp and not fm.vsx:
            for k, m in fpcheck.allowances(fm, words[i], fin, fp_state(r, order, gen.OUT),
                                           fp_state(o, order, gen.OUT)).items():
                undef[k] = undef.get(k, 0) | m
        if fm.vsx:
            for k, m in vsxcheck.allowances(fm.name, words[i], fin['fpscr'], fp_state(r, order, gen.OUT)['fpscr'],
                                            fp_state(o, order, gen.OUT)['fpscr'], vsr_state(r, order, gen.IN),
                                            vsr_state(r, order, gen.OUT), vsr_state(o, order, gen.OUT)).items():
                undef[k] = undef.get(k, 0) | m
        if fm.vr and not fm.vsx and fm.name in vsxcheck.VMX_ESTIMATES:
            vin = [v for v in vsr_state(r, order, gen.IN)[32:]]
            vscr = struct.unpack(order + 'I', r[gen.IN + gen.ST_VSCR + (12 if order == '>' else 0):][:4])[0]
            undef.update(vsxcheck.vmx_allowances(fm.name, words[i], vscr, vin, vsr_state(r, order, gen.OUT)[32:],
                                                 vsr_state(o, order, gen.OUT)[32:]))
        for k, m in reference_allowances(fm, words[i], gpr, r, o, order).items():
            undef[k] = undef.get(k, 0) | m
        # qemu-user maps FP exceptions to its own si_code (VX causes -> FPE_FLTSUB); a Linux
        # kernel derives it from the FPSCR (parse_fpe), as isa-user does: check ours against that.
        rs, os_ = fp_state(r, order, gen.OUT), fp_state(o, order, gen.OUT)
        if rs['sig'] == os_['sig'] == 8 and os_['code'] == fpcheck.linux_fpe_code(os_['fpscr']):
            undef['si_code'] = 0xffffffff
        for name, off, size in flds:
            a, b = r[off:off + size], o[off:off + size]
            if a == b:
                continue
            if name in undef:
                if (field_value(a, order, size) ^ field_value(b, order, size)) & ~undef[name] == 0:
                    continue
            what = '%s: ours %s, reference %s' % (name, show(b, endian, size, name), show(a, endian, size, name))
            if fin:
                what += ' (input fpscr 0x%x)' % fin['fpscr']
            return i, what
    return None


def show(b, endian, size, name):
    if name.startswith('mem'):
        return b.hex()
    if size == 16:
        fmt = '>QQ' if endian == 'be' else '<QQ'
        hi, lo = struct.unpack(fmt, b)
        return '%016x_%016x' % (hi, lo)
    fmt = {8: 'Q', 4: 'I'}[size]
    return '0x%x' % struct.unpack(('>' if endian == 'be' else '<') + fmt, b)[0]


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.dirname(os.path.dirname(here))
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--build-dir', default=os.path.join(root, 'build'))
    ap.add_argument('--work-dir', default=None)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--count', type=int, default=32, help='instances per form and program')
    ap.add_argument('--forms', default='.', help='regex on form names')
    ap.add_argument('--endian', choices=['le', 'be', 'both', 'auto'], default='both',
                    help='auto: both for forms that access memory, little-endian for the rest')
    ap.add_argument('--jobs', type=int, default=2)
    ap.add_argument('--minutes', type=float, default=0, help='run fresh seeds until this much time passed')
    ap.add_argument('--keep', action='store_true', help='keep generated programs of passing forms')
    ap.add_argument('--jit', choices=['on', 'off'], default='on',
                    help='off: our CPU runs on the interpreter instead of native code')
    ap.add_argument('-v', '--verbose', action='store_true')
    a = ap.parse_args()
    if a.work_dir is None:
        a.work_dir = os.path.join(a.build_dir, 'tests', 'isa', 'work')
    rn = Runner(a)

    table = rn.table()
    sel = [fm for fm in forms.FORMS if re.search(a.forms, fm.name)]
    words = {}
    probe = []
    for fm in sel:
        _, _, w = gen.generate(fm.name, a.seed, 4, False, '-')
        words[fm.name] = w
        probe += w
    sup = [w for ws in SUPPORT.values() for w in ws]
    names = rn.decode(probe + sup)
    sup_ok = {}
    k = len(probe)
    for cls, ws in SUPPORT.items():
        sup_ok[cls] = all(n != '-' for n in names[k:k + len(ws)])
        k += len(ws)
    runnable, notimpl = [], []
    covered = set()
    k = 0
    for fm in sel:
        got = names[k:k + len(words[fm.name])]
        k += len(words[fm.name])
        covered.update(n for n in got if n != '-')
        need = ['int'] + [c for c in ('fp', 'vr', 'vsx') if getattr(fm, c)]
        missing = [c for c in need if not sup_ok[c]]
        if '-' in got and 'absent' not in fm.flags:
            notimpl.append((fm, 'word does not decode'))
        elif 'noref' in fm.flags:
            notimpl.append((fm, 'reference bug, see REFERENCE-BUGS.md'))
        elif missing:
            notimpl.append((fm, 'harness needs %s instructions' % '/'.join(missing)))
        else:
            runnable.append(fm)
    no_gen = sorted(set(table) - covered - set(forms.BY_NAME))

    endians = ['le', 'be'] if a.endian in ('both', 'auto') else [a.endian]
    results = {}
    start = time.time()
    seed = a.seed
    failed = 0
    while True:
        # A form without a memory access computes the same in either byte order (only its
        # fetch differs, which every form exercises); 'auto' runs those little-endian.
        jobs = [(fm, e) for fm in runnable for e in endians
                if not ('beonly' in fm.flags and e == 'le')
                and not (a.endian == 'auto' and e == 'be' and not endian_sensitive(fm))]
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
            futs = {ex.submit(rn.run_one, fm, seed, a.count, e): (fm, e) for fm, e in jobs}
            for fu in concurrent.futures.as_completed(futs):
                fm, e = futs[fu]
                st, msg = fu.result()
                prev = results.get(fm.name)
                if prev is None or (prev['status'] == 'PASS' and st != 'PASS'):
                    results[fm.name] = {'status': st, 'endian': e, 'seed': seed, 'detail': msg,
                                        'runs': []}
                results[fm.name]['runs'].append('%s/%d/%s' % (e, seed, st))
                if st != 'PASS':
                    failed += 1
                    print('%-12s %s %s seed %d: %s' % (fm.name, st, e, seed, msg), flush=True)
                elif a.verbose:
                    print('%-12s PASS %s seed %d' % (fm.name, e, seed), flush=True)
        if not a.minutes or time.time() - start > a.minutes * 60:
            break
        seed += 1
    for fm, why in notimpl:
        results[fm.name] = {'status': 'NOTIMPL', 'detail': why}
    npass = sum(1 for r in results.values() if r['status'] == 'PASS')
    nfail = sum(1 for r in results.values() if r['status'] in ('FAIL', 'ERROR'))
    with open(os.path.join(a.work_dir, 'results.json'), 'w') as f:
        json.dump({'seeds': [a.seed, seed], 'count': a.count, 'forms': results, 'no_generator': no_gen},
                  f, indent=1, sort_keys=True)
    print('isa: %d forms PASS, %d FAIL/ERROR, %d not implemented (%s), seeds %d..%d, %d instances each, %s'
          % (npass, nfail, len(notimpl),
             ', '.join(sorted(fm.name for fm, _ in notimpl)[:12]) + (' ...' if len(notimpl) > 12 else ''),
             a.seed, seed, a.count, '/'.join(endians) + (' (be: memory forms)' if a.endian == 'auto' else '')))
    if no_gen:
        print('isa: %d decode-table entries have no generator: %s' % (len(no_gen), ' '.join(no_gen)))
    print('isa: results in %s' % os.path.join(a.work_dir, 'results.json'))
    return 1 if nfail else 0


if __name__ == '__main__':
    sys.exit(main())
