#!/usr/bin/env python3
"""Generate a single-instruction test program for one form (tests/isa/README.md).

The program (GNU as, powerpc64 ELFv2, either byte order) runs N instances.
Each instance points r1 at its record, loads the whole input state from it,
executes the one instruction under test (a .long word), stores the whole
state into the record's output half, and goes on. A fault (SIGILL, SIGTRAP,
SIGFPE, SIGSEGV, SIGBUS) is caught by a handler on an alternate stack that
writes (signo, si_code) into the record and resumes at the instance's store
sequence; isa-user does the same for our CPU. At the end the records are
written to stdout and the program exits.

Deterministic: the same form, seed, count and byte order give the same file.
"""

import argparse
import os
import random
import struct
import sys

import forms

# ---- record layout (bytes) ----
ST_GPR, ST_CR, ST_XER, ST_LR, ST_CTR, ST_FPSCR, ST_TAR, ST_VSCR, ST_VSR = 0, 256, 264, 272, 280, 288, 296, 304, 320
STATE = 1344
IN, OUT = 0, STATE
RESUME, FAULT, TAKEN, TMP, NEXT, SIGADDR = (2 * STATE + 8 * k for k in range(6))
MEM, MEMSZ = 2816, 512
REC = MEM + MEMSZ

U64 = (1 << 64) - 1
INT_EDGES = [0, 1, U64, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffff, 0x80000000, 0xffffffff,
             0x100000000, 0xffffffff80000000, 0xffffffff7fffffff, 0x7fff, 0x8000, 0xffff, 0xff, 0x80,
             0xfffffffffffffffe, 0x00000000ffff8000, 0x8000000080000000, 0x0000000100000001, 2, 31, 32,
             63, 64]
F64_EDGES = [0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000, 0xbff0000000000000,
             0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000, 0xfff8000000000001,
             0x7ff0000000000001, 0x7ff4000000000000, 0x0000000000000001, 0x800fffffffffffff,
             0x7fefffffffffffff, 0x0010000000000000, 0x8010000000000000, 0x3fe0000000000000,
             0x3ff8000000000000, 0x4004000000000000, 0x41dfffffffc00000, 0x41e0000000000000,
             0xc1e0000000000000, 0x43e0000000000000, 0xc3e0000000000000, 0x43f0000000000000,
             0x47efffffe0000000, 0x36a0000000000000, 0x3810000000000000, 0x380fffffffffffff,
             0x4330000000000000, 0x3ff0000000000001, 0x400921fb54442d18]
F32_EDGES = [0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000,
             0x7fa00000, 0x00000001, 0x807fffff, 0x7f7fffff, 0x00800000, 0x3f000000, 0x4f000000,
             0xcf000000, 0x5f000000, 0x4b800000]
VALID_BO = list(range(0, 20)) + [20, 24, 25, 26, 27]
# XER LR CTR TAR (problem state), then privileged ones: SRR0 SRR1 DSISR DAR DEC FSCR SPRG0
SPRS = [1, 8, 9, 815, 26, 27, 18, 19, 22, 153, 272]
TBRS = [268, 269]
PROGRAM_BASE = 0x10000000   # ld's default; below it a process has nothing mapped


class FastRandom(random.Random):
    """random.Random with randrange/choice from one random() call each: the
    library's exact-uniform versions dominate generation time, and a bias of
    2**-53 does not matter for test inputs."""

    def randrange(self, start, stop=None):
        if stop is None:
            return int(self.random() * start)
        return start + int(self.random() * (stop - start))

    def choice(self, seq):
        return seq[int(self.random() * len(seq))]


class Gen:
    def __init__(self, form, seed, big):
        self.fm = form
        self.big = big
        self.r = FastRandom('%s/%d/%s' % (form.name, seed, 'be' if big else 'le'))

    # ---- values ----
    def gpr_value(self):
        r = self.r
        c = r.randrange(8)
        if c < 3:
            return r.choice(INT_EDGES)
        if c == 3:
            return r.getrandbits(64)
        if c == 4:
            return r.getrandbits(32)
        if c == 5:
            return (r.randrange(-300, 300)) & U64
        if c == 6:
            v = r.getrandbits(32)
            return (v - (1 << 32) if v >> 31 else v) & U64
        return (r.choice(INT_EDGES) + r.choice([-1, 1, 0])) & U64

    def f64_value(self):
        r = self.r
        c = r.randrange(6)
        if c < 2:
            return r.choice(F64_EDGES)
        if c == 2:   # representable in single precision
            s = r.choice(F32_EDGES) if r.randrange(2) else r.getrandbits(32)
            return struct.unpack('<Q', struct.pack('<d', struct.unpack('<f', struct.pack('<I', s))[0]))[0] \
                if (s >> 23) & 0xff != 0xff else r.choice(F64_EDGES)
        if c == 3:   # moderate random double
            return struct.unpack('<Q', struct.pack('<d', r.uniform(-1e6, 1e6)))[0]
        if c == 4:
            return (r.getrandbits(64) & ~(0x7ff << 52)) | (r.randrange(0x3c0, 0x440) << 52)
        return r.getrandbits(64)

    def vec_value(self):
        r = self.r
        c = r.randrange(5)
        if c == 0:
            return r.getrandbits(128)
        if c == 1:   # words of float edges
            v = 0
            for _ in range(4):
                v = (v << 32) | (r.choice(F32_EDGES) if r.randrange(3) else r.getrandbits(32))
            return v
        if c == 2:   # doublewords of double edges
            return (self.f64_value() << 64) | self.f64_value()
        if c == 3:   # bytes/halfwords at saturation boundaries
            v = 0
            for _ in range(8):
                v = (v << 16) | r.choice([0, 0x7fff, 0x8000, 0xffff, 0x7f7f, 0x8080, 0x00ff, 0xff00, 1,
                                          r.getrandbits(16)])
            return v
        v = 0
        for _ in range(2):
            v = (v << 64) | self.gpr_value()
        return v

    def vsr_value(self, n):
        """VSR n's input: random only where the form's state class reaches it."""
        fm = self.fm
        if not (fm.vsx or (fm.fp and n < 32) or (fm.vr and n >= 32)):
            return 0
        if n < 32 and self.r.randrange(3):
            return (self.f64_value() << 64) | self.f64_value()
        return self.vec_value()

    def fpscr_value(self):
        r = self.r
        v = r.randrange(4)                       # RN
        if r.randrange(2):
            v |= r.getrandbits(32) & 0x9ff80000  # FX and sticky exception bits (not FEX/VX)
        if r.randrange(2):
            v |= r.getrandbits(32) & 0x0007f000  # FR FI FPRF
        return v

    # ---- one instance ----
    def instance(self, i):
        fm, r = self.fm, self.r
        st = {'gpr': [self.gpr_value() for _ in range(32)],
              'cr': r.getrandbits(32) if r.randrange(4) else 0,
              'xer': (r.getrandbits(3) << 29) | (r.randrange(128) if r.randrange(2) else 0),
              'lr': self.gpr_value(), 'ctr': self.gpr_value(),
              'fpscr': self.fpscr_value(), 'vscr': r.choice([0, 1, 0x10000, 0x10001]),
              'vsr': [self.vsr_value(n) for n in range(64)]}
        sym = {}       # gpr index -> symbolic expression (addresses)
        word = fm.fixed
        fields = {}
        gprs_used = set()
        for _ in range(200):
            fields = self.pick_fields()
            if self.valid(fields):
                break
        else:
            raise SystemExit('gen: no valid operand choice for %s' % fm.name)
        if fm.mem:
            self.memory_operands(st, sym, fields, i)
        for name, val in fields.items():
            if name in forms.XFIELDS:
                (sh, w), xbit = forms.XFIELDS[name]
                word |= (val & 31) << sh
                word |= (val >> 5) << xbit
            elif name == 'sh6':
                word |= (val & 1) << 1
            elif name == 'spr':
                word |= ((val & 31) << 16) | ((val >> 5) << 11)
            elif name == 'mtocrf':
                word |= val << 20
            elif name in forms.F and forms.F[name]:
                sh, w = forms.F[name]
                word |= (val & ((1 << w) - 1)) << sh
        if fm.branch in ('b', 'bc'):
            word |= 8          # target: the next-but-one instruction (the taken stub)
        elif fm.branch == 'babs':   # an absolute target in unmapped low memory: SIGSEGV there
            word |= r.randrange(0x10000 >> 2, 0x1000000 >> 2) << 2
        elif fm.branch == 'bcabs':  # BD reaches only the first 32K: unmapped too
            word |= r.randrange(0x8000 >> 2) << 2
        if True:
            for n in ('rt', 'rs', 'ra', 'rb', 'rau', 'ra0', 'rbx'):
                if n in fields:
                    gprs_used.add(fields[n])
        if 'syscall' in fm.flags:
            st['gpr'][0] = r.randrange(0x10000, 0x20000)   # not a Linux system call number
        if fm.name in ('mtspr', 'mfspr') and fields['spr'] == 1:
            st['gpr'][fields.get('rs', 0)] &= 0xe000007f   # a plausible XER image
        if fm.branch in ('bc', 'bcabs', 'bclr', 'bcctr', 'bctar'):
            st['ctr'] = r.choice([0, 1, 2, st['ctr'], 0x100000000, 0xffffffff00000001])
        if fm.branch == 'bclr':
            sym['lr'] = 'L%d_t+%d' % (i, r.randrange(4))
        if fm.branch == 'bcctr':
            sym['ctr'] = 'L%d_t+%d' % (i, r.randrange(4))
        if fm.branch == 'bctar':
            sym['tar'] = 'L%d_t+%d' % (i, r.randrange(4))
        sym[1] = 'R%d' % i
        return word, st, sym

    def pick_fields(self):
        fm, r = self.fm, self.r
        v = {}
        for op in fm.ops:
            if op in ('rt', 'rs', 'ra', 'rb', 'rau', 'ra0', 'rbx'):
                v[op] = r.choice([n for n in range(32) if n != 1])
            elif op[0] in 'fv' and op in ('ft', 'fa', 'fb', 'fc', 'fs', 'vt', 'va', 'vb', 'vc'):
                v[op] = r.randrange(32)
            elif op in forms.XFIELDS:
                v[op] = r.randrange(64)
            elif op == 'si' or op == 'ui':
                v[op] = r.choice([0, 1, 0x7fff, 0x8000, 0xffff, 0xfffe, r.getrandbits(16), r.getrandbits(16)])
            elif op == 'spr':
                v[op] = r.choice(SPRS)
            elif op == 'tbr':
                v['spr'] = r.choice(TBRS)
            elif op == 'bo':
                v[op] = r.choice(VALID_BO)
            elif op == 'fxm':
                if r.randrange(3) == 0:
                    v['mtocrf'] = 1
                    v[op] = 1 << r.randrange(8)
                else:
                    v[op] = r.getrandbits(8)
            elif op in ('d', 'ds', 'dq', 'nb'):
                pass   # set with the memory operands
            elif op == 'sh6':
                v[op] = r.getrandbits(1)
            elif op in forms.F:
                v[op] = r.getrandbits(forms.F[op][1])
        if fm.branch in ('bcctr', 'bctar'):
            v['bo'] = r.choice([b for b in VALID_BO if b & 4])   # no CTR decrement (invalid)
        if 'nb' in fm.ops:
            v['nb'] = r.randrange(32)
        return v

    def valid(self, v):
        fm = self.fm
        base = v.get('ra0', v.get('rau'))
        if base is not None:
            if base == 0:
                return False
            if 'rbx' in v and v['rbx'] in (0, base):
                return False
        if 'rau' in v and fm.load and v['rau'] == v.get('rt'):
            return False
        if 'pair' in fm.flags:
            t = v.get('rt', v.get('rs'))
            if t % 2 or t == 0 or t == base or t + 1 == base:   # r0/r1 would clobber the base r1
                return False
            if fm.load and base in (t, t + 1):
                return False
            if 'rbx' in v and fm.load and v['rbx'] in (t, t + 1):
                return False
        if 'fpair' in fm.flags and v.get('ft', v.get('fs')) % 2:
            return False
        if 'multi' in fm.flags:
            t = v.get('rt', v.get('rs'))
            if t <= 1:
                return False
            if fm.load and base >= t:
                return False
        if 'string' in fm.flags:
            t = v.get('rt', v.get('rs'))
            n = v.get('nb', 32) or 32
            if fm.name in ('lswx', 'stswx'):
                n = 32
            regs = [(t + k) % 32 for k in range((n + 3) // 4)]
            if fm.load and 1 in regs:
                return False
            if fm.load and (base in regs or v.get('rbx') in regs):
                return False
        return True

    def memory_operands(self, st, sym, v, i):
        fm, r = self.fm, self.r
        size = fm.mem
        if 'multi' in fm.flags:
            size = 4 * (32 - v.get('rt', v.get('rs')))
        if 'string' in fm.flags:
            size = (v['nb'] or 32) if 'nb' in v else 32
        align = fm.align
        if r.randrange(4) and align == 1:
            align = min(size, 8) if size in (2, 4, 8) else (16 if size == 16 else 1)
        if fm.name in ('lvx', 'stvx', 'lvxl', 'stvxl') or 'cache' in fm.flags:
            align = 1
        lo, hi = 32, MEMSZ - size - 32
        ea = r.randrange(lo, max(lo + 1, hi))
        ea -= ea % align
        if 'dq' in fm.ops:
            ea -= ea % 16
        if 'd' in fm.ops or 'ds' in fm.ops or 'dq' in fm.ops:
            unit = 16 if 'dq' in fm.ops else (4 if 'ds' in fm.ops else 1)
            disp = r.randrange(-128, 128) // unit * unit
            if r.randrange(8) == 0:
                disp = 0
            word_field = 'd' if 'd' in fm.ops else ('ds' if 'ds' in fm.ops else 'dq')
            enc = disp & 0xffff
            v[word_field] = (enc >> {'d': 0, 'ds': 2, 'dq': 4}[word_field])
            base_off = ea - disp
        elif 'rbx' in v:
            idx = r.randrange(-128, 128)
            st['gpr'][v['rbx']] = idx & U64
            base_off = ea - idx
        else:
            base_off = ea
        if 'string' in fm.flags and 'rbx' in v:
            st['xer'] = (st['xer'] & ~0x7f) | r.randrange(33)
        if fm.name in ('stwcx', 'stdcx', 'stbcx', 'sthcx', 'stqcx'):
            pass
        b = v.get('ra0', v.get('rau'))
        sym[b] = 'R%d+%d' % (i, MEM + base_off)

    def emit(self, count, datname):
        """(assembly text, data bytes, words). The records are binary data that
        the text includes from datname (.incbin); only the addresses in them
        (base registers, branch targets, resume points) are symbols."""
        fm = self.fm
        insts = [self.instance(i) for i in range(count)]
        o = []
        a = o.append
        a('\t.abiversion 2\n\t.machine power8\n\t.text\n\t.globl _start')
        a('\t.macro LOADSTATE\n' + '\n'.join(self.load_sequence()) + '\n\t.endm')
        a('\t.macro STORESTATE\n' + '\n'.join(self.store_sequence()) + '\n\t.endm')
        a('_start:')
        # signal handlers on an alternate stack
        a('\tlis 3, ss@ha\n\taddi 3, 3, ss@l\n\tli 4, 0\n\tli 0, 185\n\tsc')
        for sig in (4, 5, 7, 8, 11):
            a('\tlis 4, sa@ha\n\taddi 4, 4, sa@l\n\tli 3, %d\n\tli 5, 0\n\tli 6, 8\n\tli 0, 173\n\tsc' % sig)
        # Instance i loads its state, runs its word and branches to the one
        # store sequence, which goes on at the address in the record's NEXT.
        for i, (word, st, sym) in enumerate(insts):
            a('I%d:\n\tlis 1, R%d@ha\n\taddi 1, 1, R%d@l\n\tLOADSTATE\n\t.long 0x%08x' % (i, i, i, word))
            if fm.branch:
                a('\tb L%d_n' % i)
                for lab, flag in (('t', 1), ('n', 2)):
                    a('L%d_%s:\n\tstd 0, %d(1)\n\tli 0, %d\n\tstd 0, %d(1)\n\tld 0, %d(1)\n\tb store'
                      % (i, lab, TMP, flag, TAKEN, TMP))
            else:
                a('\tb store')
        a('store:\n\tSTORESTATE\n\tld 2, %d(1)\n\tmtctr 2\n\tbctr' % NEXT)
        a('done:')
        total = REC * count
        a('\tli 0, 4\n\tli 3, 1\n\tlis 4, R0@ha\n\taddi 4, 4, R0@l\n\tlis 5, %d\n\taddi 5, 5, %d\n\tsc'
          % ((total + 0x8000) >> 16, ((total & 0xffff) ^ 0x8000) - 0x8000))
        a('\tli 0, 234\n\tli 3, 0\n\tsc')
        # handler(sig r3, siginfo r4, ucontext r5): record, resume at the store sequence
        # (siginfo: si_code at 8, si_addr at 16; ucontext: r1 at 240, NIP at 488)
        a('handler:\n\tld 6, 240(5)\n\tstw 3, %d(6)\n\tlwz 7, 8(4)\n\tstw 7, %d(6)\n\tld 7, 16(4)\n\tstd 7, %d(6)'
          '\n\tld 7, %d(6)\n\tstd 7, 488(5)\n\tblr' % (FAULT, FAULT + 4, SIGADDR, RESUME))
        a('\t.data\n\t.balign 16\nsa:\t.quad handler, 0x08000004, 0, 0\nss:\t.quad altstack, 0, 65536')
        a('\t.balign 128')
        data = bytearray(REC * count)
        q = '>Q' if self.big else '<Q'
        for i, (word, st, sym) in enumerate(insts):
            base = i * REC
            self.pack_state(data, base, st)
            data[base + MEM:base + MEM + MEMSZ] = self.r.randbytes(MEMSZ)
            slots = {IN + 8 * n: e for n, e in sym.items() if isinstance(n, int)}
            slots.update({IN + {'lr': ST_LR, 'ctr': ST_CTR, 'tar': ST_TAR}[k]: e
                          for k, e in sym.items() if k in ('lr', 'ctr', 'tar')})
            slots[RESUME] = 'store'
            slots[NEXT] = 'I%d' % (i + 1) if i + 1 < count else 'done'
            a('R%d:' % i)
            at = 0
            for off in sorted(slots):
                if off > at:
                    a('\t.incbin "%s", %d, %d' % (datname, base + at, off - at))
                a('\t.quad %s' % slots[off])
                at = off + 8
            a('\t.incbin "%s", %d, %d' % (datname, base + at, REC - at))
        a('\t.bss\n\t.balign 16\naltstack:\t.space 65536\n')
        return '\n'.join(o), bytes(data), [w for w, _, _ in insts]

    def load_sequence(self):
        fm = self.fm
        o = []
        a = o.append
        if fm.vr or fm.vsx:
            a('\tli 2, %d\n\tlvx 0, 1, 2\n\tmtvscr 0' % (IN + ST_VSCR))
        if fm.fp:
            a('\tlfd 0, %d(1)\n\tmtfsf 0xff, 0' % (IN + ST_FPSCR))
        if fm.vsx:
            for n in range(64):
                a('\tli 2, %d\n\tlxvd2x %d, 1, 2' % (IN + ST_VSR + 16 * n, n))
        else:
            if fm.fp:
                for n in range(32):
                    a('\tlfd %d, %d(1)' % (n, IN + ST_VSR + 16 * n))
            if fm.vr:
                for n in range(32):
                    a('\tli 2, %d\n\tlvx %d, 1, 2' % (IN + ST_VSR + 16 * (32 + n), n))
        a('\tld 2, %d(1)\n\tmtcrf 0xff, 2' % (IN + ST_CR))
        a('\tld 2, %d(1)\n\tmtxer 2' % (IN + ST_XER))
        a('\tld 2, %d(1)\n\tmtlr 2' % (IN + ST_LR))
        a('\tld 2, %d(1)\n\tmtctr 2' % (IN + ST_CTR))
        if fm.branch == 'bctar':
            a('\tld 2, %d(1)\n\tmtspr 815, 2' % (IN + ST_TAR))
        for n in range(32):
            if n != 1:
                a('\tld %d, %d(1)' % (n, IN + 8 * n))
        return o

    def store_sequence(self):
        fm = self.fm
        o = []
        a = o.append
        for n in range(32):
            if n != 1:
                a('\tstd %d, %d(1)' % (n, OUT + 8 * n))
        a('\tstd 1, %d(1)' % (OUT + 8))
        a('\tmfcr 2\n\tstd 2, %d(1)' % (OUT + ST_CR))
        a('\tmfxer 2\n\tstd 2, %d(1)' % (OUT + ST_XER))
        a('\tmflr 2\n\tstd 2, %d(1)' % (OUT + ST_LR))
        a('\tmfctr 2\n\tstd 2, %d(1)' % (OUT + ST_CTR))
        if fm.vsx:
            for n in range(64):
                a('\tli 2, %d\n\tstxvd2x %d, 1, 2' % (OUT + ST_VSR + 16 * n, n))
        else:
            if fm.fp:
                for n in range(32):
                    a('\tstfd %d, %d(1)' % (n, OUT + ST_VSR + 16 * n))
            if fm.vr:
                for n in range(32):
                    a('\tli 2, %d\n\tstvx %d, 1, 2' % (OUT + ST_VSR + 16 * (32 + n), n))
        if fm.fp:
            a('\tmffs 0\n\tstfd 0, %d(1)' % (OUT + ST_FPSCR))
        if fm.vr or fm.vsx:
            a('\tmfvscr 0\n\tli 2, %d\n\tstvx 0, 1, 2' % (OUT + ST_VSCR))
        return o

    def pack_state(self, data, base, st):
        """The input half of a record, in the program's byte order. lvx (VMX
        forms) loads a little-endian program's quadword with its doublewords
        swapped relative to lxvd2x, so those are stored swapped."""
        e = '>' if self.big else '<'
        vr_lvx = self.fm.vr and not self.fm.vsx
        struct.pack_into(e + '32Q', data, base + IN + ST_GPR, *st['gpr'])
        struct.pack_into(e + '6Q', data, base + IN + ST_CR, st['cr'], st['xer'], st['lr'], st['ctr'],
                         st['fpscr'], 0)
        struct.pack_into(e + 'I', data, base + IN + ST_VSCR + (12 if self.big else 0), st['vscr'])
        for n, v in enumerate(st['vsr']):
            hi, lo = v >> 64, v & U64
            if vr_lvx and n >= 32 and not self.big:
                hi, lo = lo, hi
            struct.pack_into(e + 'QQ', data, base + IN + ST_VSR + 16 * n, hi, lo)


def generate(form_name, seed, count, big, datname):
    """(assembly text, record data for datname, tested words)."""
    fm = forms.BY_NAME[form_name]
    return Gen(fm, seed, big).emit(count, datname)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('form')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--count', type=int, default=16)
    ap.add_argument('--big', action='store_true', help='big-endian program')
    ap.add_argument('-o', '--output', required=True, help='assembly file; the records go to OUTPUT.dat')
    a = ap.parse_args()
    dat = os.path.abspath(a.output) + '.dat'
    text, data, _ = generate(a.form, a.seed, a.count, a.big, dat)
    with open(a.output, 'w') as f:
        f.write(text)
    with open(dat, 'wb') as f:
        f.write(data)


if __name__ == '__main__':
    main()
