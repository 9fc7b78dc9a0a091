"""The instruction forms the ISA harness can generate (Power ISA 2.07B, Books I and II).

Each form: name (as in ppc/insn-*.def where one exists), the fixed bits of the
word, and its operands. Operand kinds (bit positions in IBM numbering are
given as host shift/width):

  GPR  rt rs ra rb       target/source registers (never r1: the harness's base)
       ra0 / rau / rbx    memory base (RA|0, never 0), base with update, index
  FPR  ft fa fb fc       VR vt va vb vc       VSR xt xa xb xc (6-bit, split)
  immediates: si ui (16 bit), d ds dq (displacements), and raw bit fields given
  as name=shift:width, filled with random bits.
Flags: m<N> memory access of N bytes (mspan computed for multiples), a<N>
alignment required, load/store, 'branch', classes fp/vr/vsx picked from operands.
"""

import re

# fixed-field shifts
F = {
    'rt': (21, 5), 'rs': (21, 5), 'ra': (16, 5), 'rb': (11, 5), 'ra0': (16, 5),
    'rau': (16, 5), 'rbx': (11, 5), 'ft': (21, 5), 'fa': (16, 5), 'fb': (11, 5),
    'fc': (6, 5), 'vt': (21, 5), 'va': (16, 5), 'vb': (11, 5), 'vc': (6, 5),
    'si': (0, 16), 'ui': (0, 16), 'd': (0, 16), 'ds': (2, 14), 'dq': (4, 12),
    'rc': (0, 1), 'oe': (10, 1), 'rc10': (10, 1), 'bf': (23, 3), 'bfa': (18, 3),
    'l': (21, 1), 'sh': (11, 5), 'mb': (6, 5), 'me': (1, 5), 'bt': (21, 5),
    'ba': (16, 5), 'bb': (11, 5), 'bc5': (6, 5), 'to': (21, 5), 'nb': (11, 5),
    'sh6': None, 'mb6': (5, 6), 'flm': (17, 8), 'u4': (12, 4), 'w': (16, 1),
    'simm5': (16, 5), 'uimm5': (16, 5), 'shb': (6, 4), 'dm': (8, 2), 'shw': (8, 2),
    'uim2': (16, 2), 'uim3': (16, 3), 'uim4': (16, 4), 'st': (15, 1), 'six': (11, 4),
    'eh': (0, 1), 'th': (21, 5), 'ct': (21, 4), 'fs': (21, 5), 'bh': (11, 2),
    'fxm': (12, 8), 'bo': (21, 5), 'bi': (16, 5), 'strm': (21, 2), 'tbit': (25, 1), 'abit': (25, 1),
    'lmsr': (16, 1), 'bhrbe': (11, 10), 'tmr': (21, 1), 'tml': (21, 1), 'si5': (11, 5), 'dgm': (10, 6),
}
XFIELDS = {'xt': ((21, 5), 0), 'xs': ((21, 5), 0), 'xa': ((16, 5), 2),
           'xb': ((11, 5), 1), 'xc': ((6, 5), 3)}


def D(op): return op << 26
def X(op, xo): return (op << 26) | (xo << 1)
def XO(op, xo): return (op << 26) | (xo << 1)
def A(op, xo): return (op << 26) | (xo << 1)
def MD(xo): return (30 << 26) | (xo << 2)
def MDS(xo): return (30 << 26) | (xo << 1)
def XS(xo): return (31 << 26) | (xo << 2)
def VX(xo): return (4 << 26) | xo
def XX1(xo): return (31 << 26) | (xo << 1)
def XX2(xo): return (60 << 26) | (xo << 2)
def XX3(xo): return (60 << 26) | (xo << 3)
def DS(op, xo): return (op << 26) | xo


class Form:
    def __init__(self, name, fixed, ops, flags=''):
        self.name, self.fixed = name, fixed
        self.ops = ops.split()
        self.flags = flags.split()
        self.mem = 0
        self.align = 1
        for f in self.flags:
            m = re.fullmatch(r'm(\d+)', f)
            if m:
                self.mem = int(m.group(1))
            m = re.fullmatch(r'a(\d+)', f)
            if m:
                self.align = int(m.group(1))
        # p8clear=MASK: POWER8 executes this (newer) form as the word with MASK cleared; the
        # reference runs that word under -cpu power8 (tests/isa/REFERENCE-BUGS.md, mffsl).
        self.p8alias = None
        for f in self.flags:
            m = re.fullmatch(r'p8clear=(0x[0-9a-f]+)', f)
            if m:
                self.p8alias = (int(m.group(1), 16), 0)
        # refas=CLEAR:SET: the reference runs (word & ~CLEAR) | SET instead (REFERENCE-BUGS.md)
        for f in self.flags:
            m = re.fullmatch(r'refas=(0x[0-9a-f]+):(0x[0-9a-f]+)', f)
            if m:
                self.p8alias = (int(m.group(1), 16), int(m.group(2), 16))
        # absent: a facility our POWER8 does not offer (TM, DFP; the device tree says so)
        # but qemu-user has; the reference runs the illegal word 0 in its place, which is
        # what such a process gets from Linux (SIGILL/ILL_ILLOPC, nothing else changed).
        if 'absent' in self.flags:
            self.p8alias = (0xffffffff, 0)
        self.load = 'load' in self.flags
        self.branch = next((f for f in self.flags
                            if f in ('b', 'bc', 'bclr', 'bcctr', 'bctar', 'babs', 'bcabs')), None)
        k = set(o[0] for o in self.ops)
        self.fp = 'f' in k or 'fp' in self.flags
        self.vr = 'v' in k or 'vr' in self.flags
        self.vsx = 'x' in k or 'vsx' in self.flags
        if self.vsx:
            self.fp = True

    def __repr__(self):
        return 'Form(%s)' % self.name


FORMS = []


def f(name, fixed, ops, flags=''):
    FORMS.append(Form(name, fixed, ops, flags))


# ---- fixed point: Book I 3.3 ----
for n, op in [('mulli', 7), ('subfic', 8), ('addic', 12), ('addic_rc', 13), ('addi', 14), ('addis', 15)]:
    f(n, D(op), 'rt ra si')
f('cmpli', D(10), 'bf l ra ui')
f('cmpi', D(11), 'bf l ra si')
for n, op in [('ori', 24), ('oris', 25), ('xori', 26), ('xoris', 27), ('andi_rc', 28), ('andis_rc', 29)]:
    f(n, D(op), 'ra rs ui')
for n, xo in [('subfc', 8), ('addc', 10), ('subf', 40), ('subfe', 136), ('adde', 138), ('mulld', 233),
              ('mullw', 235), ('add', 266), ('divdeu', 393), ('divweu', 395), ('divde', 425), ('divwe', 427),
              ('divdu', 457), ('divwu', 459), ('divd', 489), ('divw', 491)]:
    f(n, XO(31, xo), 'rt ra rb oe rc')
for n, xo in [('neg', 104), ('subfze', 200), ('addze', 202), ('subfme', 232), ('addme', 234)]:
    f(n, XO(31, xo), 'rt ra oe rc')
for n, xo in [('mulhdu', 9), ('mulhwu', 11), ('mulhd', 73), ('mulhw', 75)]:
    f(n, XO(31, xo), 'rt ra rb rc')
f('addg6s', XO(31, 74), 'rt ra rb')
f('cmp', X(31, 0), 'bf l ra rb')
f('cmpl', X(31, 32), 'bf l ra rb')
f('isel', A(31, 15), 'rt ra rb bc5')
for n, xo in [('and', 28), ('andc', 60), ('nor', 124), ('eqv', 284), ('xor', 316), ('orc', 412), ('or', 444),
              ('nand', 476), ('slw', 24), ('sld', 27), ('srw', 536), ('srd', 539), ('sraw', 792), ('srad', 794)]:
    f(n, X(31, xo), 'ra rs rb rc')
for n, xo in [('cmpb', 508), ('bpermd', 252)]:
    f(n, X(31, xo), 'ra rs rb')
for n, xo in [('cntlzw', 26), ('cntlzd', 58), ('extsh', 922), ('extsb', 954), ('extsw', 986)]:
    f(n, X(31, xo), 'ra rs rc')
for n, xo in [('popcntb', 122), ('prtyw', 154), ('prtyd', 186), ('popcntw', 378), ('popcntd', 506),
              ('cdtbcd', 282), ('cbcdtd', 314)]:
    f(n, X(31, xo), 'ra rs')
f('srawi', X(31, 824), 'ra rs sh rc')
f('sradi', XS(413), 'ra rs sh sh6 rc')
f('rlwimi', D(20), 'ra rs sh mb me rc')
f('rlwinm', D(21), 'ra rs sh mb me rc')
f('rlwnm', D(23), 'ra rs rb mb me rc')
for n, xo in [('rldicl', 0), ('rldicr', 1), ('rldic', 2), ('rldimi', 3)]:
    f(n, MD(xo), 'ra rs sh sh6 mb6 rc')
for n, xo in [('rldcl', 8), ('rldcr', 9)]:
    f(n, MDS(xo), 'ra rs rb mb6 rc')
f('tdi', D(2), 'to ra si')
f('twi', D(3), 'to ra si')
f('tw', X(31, 4), 'to ra rb')
f('td', X(31, 68), 'to ra rb')
f('mfcr', X(31, 19), 'rt')
f('mtcrf', X(31, 144), 'rs fxm')
f('mfspr', X(31, 339), 'rt spr')
f('mtspr', X(31, 467), 'rs spr')
f('mftb', X(31, 371), 'rt tbr', 'timeval')     # the value is the time: not compared

# ---- branch and CR: Book I 2.4, 2.5 ----
f('b', D(18), '', 'b')
f('bl', D(18) | 1, '', 'b')
f('bc', D(16), 'bo bi', 'bc')
f('bcl', D(16) | 1, 'bo bi', 'bc')
f('bclr', X(19, 16), 'bo bi bh', 'bclr')
f('bclrl', X(19, 16) | 1, 'bo bi bh', 'bclr')
f('bcctr', X(19, 528), 'bo bi bh', 'bcctr')
f('bcctrl', X(19, 528) | 1, 'bo bi bh', 'bcctr')
f('bctar', X(19, 560), 'bo bi bh', 'bctar')
f('bctarl', X(19, 560) | 1, 'bo bi bh', 'bctar')
f('ba', D(18) | 2, '', 'babs')
f('bla', D(18) | 3, '', 'babs')
f('bca', D(16) | 2, 'bo bi', 'bcabs')
f('bcla', D(16) | 3, 'bo bi', 'bcabs')
f('sc', 0x44000002, '', 'syscall')   # r0 = a number no kernel has: -ENOSYS, the CPU's part is the round trip
f('mcrf', X(19, 0), 'bf bfa')
for n, xo in [('crnor', 33), ('crandc', 129), ('crxor', 193), ('crnand', 225), ('crand', 257),
              ('creqv', 289), ('crorc', 417), ('cror', 449)]:
    f(n, X(19, xo), 'bt ba bb')

# ---- loads and stores: Book I 3.3.2-3.3.8, Book II 3.3, 4 ----
for n, op, sz, ld in [('lwz', 32, 4, 1), ('lbz', 34, 1, 1), ('stw', 36, 4, 0), ('stb', 38, 1, 0),
                      ('lhz', 40, 2, 1), ('lha', 42, 2, 1), ('sth', 44, 2, 0)]:
    kind = 'load' if ld else 'store'
    f(n, D(op), ('rt' if ld else 'rs') + ' ra0 d', 'm%d %s' % (sz, kind))
    f(n + 'u', D(op + 1), ('rt' if ld else 'rs') + ' rau d', 'm%d %s' % (sz, kind))
# qemu-ppc64le aborts on these in little-endian mode (REFERENCE-BUGS.md): big-endian only.
f('lmw', D(46), 'rt ra0 d', 'm4 load multi beonly')
f('stmw', D(47), 'rs ra0 d', 'm4 store multi beonly')
f('lq', D(56), 'rt ra0 dq', 'm16 load a16 pair')
f('ld', DS(58, 0), 'rt ra0 ds', 'm8 load')
f('ldu', DS(58, 1), 'rt rau ds', 'm8 load')
f('lwa', DS(58, 2), 'rt ra0 ds', 'm4 load')
f('std', DS(62, 0), 'rs ra0 ds', 'm8 store')
f('stdu', DS(62, 1), 'rs rau ds', 'm8 store')
f('stq', DS(62, 2), 'rs ra0 ds', 'm16 store a16 pair')
for n, xo, sz, ld in [('ldx', 21, 8, 1), ('lwzx', 23, 4, 1), ('ldux', 53, 8, 1), ('lwzux', 55, 4, 1),
                      ('lbzx', 87, 1, 1), ('lbzux', 119, 1, 1), ('stdx', 149, 8, 0), ('stwx', 151, 4, 0),
                      ('stdux', 181, 8, 0), ('stwux', 183, 4, 0), ('stbx', 215, 1, 0), ('stbux', 247, 1, 0),
                      ('lhzx', 279, 2, 1), ('lhzux', 311, 2, 1), ('lwax', 341, 4, 1), ('lhax', 343, 2, 1),
                      ('lwaux', 373, 4, 1), ('lhaux', 375, 2, 1), ('sthx', 407, 2, 0), ('sthux', 439, 2, 0),
                      ('ldbrx', 532, 8, 1), ('lwbrx', 534, 4, 1), ('stdbrx', 660, 8, 0), ('stwbrx', 662, 4, 0),
                      ('lhbrx', 790, 2, 1), ('sthbrx', 918, 2, 0)]:
    upd = n.endswith('ux')
    f(n, X(31, xo), ('rt' if ld else 'rs') + (' rau' if upd else ' ra0') + ' rbx',
      'm%d %s' % (sz, 'load' if ld else 'store'))
f('lswi', X(31, 597), 'rt ra0 nb', 'm1 load string beonly')
f('stswi', X(31, 725), 'rs ra0 nb', 'm1 store string beonly')
f('lswx', X(31, 533), 'rt ra0 rbx', 'm1 load string beonly')
f('stswx', X(31, 661), 'rs ra0 rbx', 'm1 store string beonly')
for n, xo, sz in [('lwarx', 20, 4), ('lbarx', 52, 1), ('ldarx', 84, 8), ('lharx', 116, 2)]:
    f(n, X(31, xo), 'rt ra0 rbx eh', 'm%d a%d load' % (sz, sz))
f('lqarx', X(31, 276), 'rt ra0 rbx eh', 'm16 a16 load pair')
for n, xo, sz in [('stwcx', 150, 4), ('stdcx', 214, 8), ('stbcx', 694, 1), ('sthcx', 726, 2)]:
    f(n, X(31, xo) | 1, 'rs ra0 rbx', 'm%d a%d store' % (sz, sz))
f('stqcx', X(31, 182) | 1, 'rs ra0 rbx', 'm16 a16 store pair')
for n, xo in [('dcbst', 54), ('dcbf', 86), ('dcbtst', 246), ('dcbt', 278), ('icbi', 982)]:
    f(n, X(31, xo), 'ra0 rbx', 'm1 cache')
f('icbt', X(31, 22), 'ct ra0 rbx', 'm1 cache refas=0x7fe:0x22c')   # reference: dcbt, the same no-op hint
f('dcbz', X(31, 1014), 'ra0 rbx', 'm128 store cache')
f('sync', X(31, 598), '')
f('lwsync', X(31, 598) | (1 << 21), '')
f('eieio', X(31, 854), '')
f('isync', X(19, 150), '')

# ---- floating point: Book I 4 ----
for n, op, sz, ld in [('lfs', 48, 4, 1), ('lfd', 50, 8, 1), ('stfs', 52, 4, 0), ('stfd', 54, 8, 0)]:
    kind = 'load' if ld else 'store'
    f(n, D(op), ('ft' if ld else 'fs') + ' ra0 d', 'm%d %s' % (sz, kind))
    f(n + 'u', D(op + 1), ('ft' if ld else 'fs') + ' rau d', 'm%d %s' % (sz, kind))
for n, xo, sz, ld in [('lfsx', 535, 4, 1), ('lfsux', 567, 4, 1), ('lfdx', 599, 8, 1), ('lfdux', 631, 8, 1),
                      ('stfsx', 663, 4, 0), ('stfsux', 695, 4, 0), ('stfdx', 727, 8, 0),
                      ('stfdux', 759, 8, 0), ('lfiwax', 855, 4, 1), ('lfiwzx', 887, 4, 1),
                      ('stfiwx', 983, 4, 0)]:
    upd = n.endswith('ux')
    f(n, X(31, xo), ('ft' if ld else 'fs') + (' rau' if upd else ' ra0') + ' rbx',
      'm%d %s' % (sz, 'load' if ld else 'store'))
for op, sfx in [(63, ''), (59, 's')]:
    for n, xo, ops in [('fdiv', 18, 'ft fa fb rc'), ('fsub', 20, 'ft fa fb rc'), ('fadd', 21, 'ft fa fb rc'),
                       ('fsqrt', 22, 'ft fb rc'), ('fre', 24, 'ft fb rc'), ('fmul', 25, 'ft fa fc rc'),
                       ('frsqrte', 26, 'ft fb rc'), ('fmsub', 28, 'ft fa fb fc rc'),
                       ('fmadd', 29, 'ft fa fb fc rc'), ('fnmsub', 30, 'ft fa fb fc rc'),
                       ('fnmadd', 31, 'ft fa fb fc rc')]:
        f(n + sfx, A(op, xo), ops)
f('fsel', A(63, 23), 'ft fa fb fc rc')
for n, xo in [('frsp', 12), ('fctiw', 14), ('fctiwz', 15), ('fctiwu', 142), ('fctiwuz', 143), ('fctid', 814),
              ('fctidz', 815), ('fctidu', 942), ('fctiduz', 943), ('fcfid', 846), ('fcfidu', 974),
              ('fneg', 40), ('fmr', 72), ('fnabs', 136), ('fabs', 264), ('frin', 392), ('friz', 424),
              ('frip', 456), ('frim', 488)]:
    f(n, X(63, xo), 'ft fb rc')
f('fcfids', X(59, 846), 'ft fb rc')
f('fmrgew', X(63, 966), 'ft fa fb')
f('fmrgow', X(63, 838), 'ft fa fb')
f('lfdp', DS(57, 0), 'ft ra0 ds', 'm16 a16 load fpair')
f('stfdp', DS(61, 0), 'fs ra0 ds', 'm16 a16 store fpair')
f('lfdpx', X(31, 791), 'ft ra0 rbx', 'm16 a16 load fpair')
f('stfdpx', X(31, 919), 'fs ra0 rbx', 'm16 a16 store fpair')
f('fcfidus', X(59, 974), 'ft fb rc')
f('fcpsgn', X(63, 8), 'ft fa fb rc')
f('fcmpu', X(63, 0), 'bf fa fb')
f('fcmpo', X(63, 32), 'bf fa fb')
f('ftdiv', X(63, 128), 'bf fa fb')
f('ftsqrt', X(63, 160), 'bf fb')
f('mffs', X(63, 583), 'ft rc')
f('mffsl', X(63, 583) | (24 << 16), 'ft', 'p8clear=0x001ff800')   # ISA 3.0; mffs on POWER8
f('mtfsf', X(63, 711), 'flm fb rc')
f('mtfsfi', X(63, 134), 'bf u4 rc', 'fp')
f('mtfsb0', X(63, 70), 'bt rc', 'fp')
f('mtfsb1', X(63, 38), 'bt rc', 'fp')
f('mcrfs', X(63, 64), 'bf bfa', 'fp')

# ---- VMX: Book I 6 ----
VX3 = '''vaddubm 0 vadduhm 64 vadduwm 128 vaddudm 192 vadduqm 256 vaddcuq 320 vaddcuw 384 vaddubs 512
vadduhs 576 vadduws 640 vaddsbs 768 vaddshs 832 vaddsws 896 vsububm 1024 vsubuhm 1088 vsubuwm 1152
vsubudm 1216 vsubuqm 1280 vsubcuq 1344 vsubcuw 1408 vsububs 1536 vsubuhs 1600 vsubuws 1664 vsubsbs 1792
vsubshs 1856 vsubsws 1920 vmaxub 2 vmaxuh 66 vmaxuw 130 vmaxud 194 vmaxsb 258 vmaxsh 322 vmaxsw 386
vmaxsd 450 vminub 514 vminuh 578 vminuw 642 vminud 706 vminsb 770 vminsh 834 vminsw 898 vminsd 962
vavgub 1026 vavguh 1090 vavguw 1154 vavgsb 1282 vavgsh 1346 vavgsw 1410 vrlb 4 vrlh 68 vrlw 132 vrld 196
vslb 260 vslh 324 vslw 388 vsl 452 vsrb 516 vsrh 580 vsrw 644 vsr 708 vsrab 772 vsrah 836 vsraw 900
vsrad 964 vsld 1476 vsrd 1732 vand 1028 vandc 1092 vor 1156 vxor 1220 vnor 1284 vorc 1348 vnand 1412
veqv 1668 vslo 1036 vsro 1100 vmuloub 8 vmulouh 72 vmulouw 136 vmulosb 264 vmulosh 328 vmulosw 392
vmuleub 520 vmuleuh 584 vmuleuw 648 vmulesb 776 vmulesh 840 vmulesw 904 vmuluwm 137 vpmsumb 1032
vpmsumh 1096 vpmsumw 1160 vpmsumd 1224 vcipher 1288 vcipherlast 1289 vncipher 1352 vncipherlast 1353
vmrghb 12 vmrghh 76 vmrghw 140 vmrglb 268 vmrglh 332 vmrglw 396 vmrgew 1932 vmrgow 1676 vpkuhum 14
vpkuwum 78 vpkudum 1102 vpkuhus 142 vpkuwus 206 vpkshus 270 vpkswus 334 vpkshss 398 vpkswss 462
vpksdss 1486 vpksdus 1358 vpkudus 1230 vpkpx 782 vsum4ubs 1544 vsum4sbs 1800 vsum4shs 1608
vsum2sws 1672 vsumsws 1928 vaddfp 10 vsubfp 74 vmaxfp 1034 vminfp 1098 vbpermq 1356'''
VX2 = '''vupkhsb 526 vupkhsh 590 vupklsb 654 vupklsh 718 vupkhsw 1614 vupklsw 1742 vupkhpx 846 vupklpx 974
vrefp 266 vrsqrtefp 330 vexptefp 394 vlogefp 458 vrfin 522 vrfiz 586 vrfip 650 vrfim 714 vclzb 1794
vclzh 1858 vclzw 1922 vclzd 1986 vpopcntb 1795 vpopcnth 1859 vpopcntw 1923 vpopcntd 1987 vgbbd 1292
vsbox 1480'''
for src, ops in [(VX3, 'vt va vb'), (VX2, 'vt vb')]:
    toks = src.split()
    for i in range(0, len(toks), 2):
        f(toks[i], VX(int(toks[i + 1])), ops)
for n, xo in [('vcfux', 778), ('vcfsx', 842), ('vctuxs', 906), ('vctsxs', 970)]:
    f(n, VX(xo), 'vt uimm5 vb')
for n, xo in [('vspltb', 524), ('vsplth', 588), ('vspltw', 652)]:
    f(n, VX(xo), 'vt uim%d vb' % {524: 4, 588: 3, 652: 2}[xo])
for n, xo in [('vspltisb', 780), ('vspltish', 844), ('vspltisw', 908)]:
    f(n, VX(xo), 'vt simm5')
for n, xo in [('vshasigmaw', 1666), ('vshasigmad', 1730)]:
    f(n, VX(xo), 'vt va st six')
for n, xo in [('vmhaddshs', 32), ('vmhraddshs', 33), ('vmladduhm', 34), ('vmsumubm', 36), ('vmsummbm', 37),
              ('vmsumuhm', 38), ('vmsumuhs', 39), ('vmsumshm', 40), ('vmsumshs', 41), ('vsel', 42),
              ('vperm', 43), ('vpermxor', 45), ('vmaddfp', 46), ('vnmsubfp', 47), ('vaddeuqm', 60),
              ('vaddecuq', 61), ('vsubeuqm', 62), ('vsubecuq', 63)]:
    f(n, VX(xo), 'vt va vb vc')
f('vsldoi', VX(44), 'vt va vb shb')
for n, xo in [('vcmpequb', 6), ('vcmpequh', 70), ('vcmpequw', 134), ('vcmpequd', 199), ('vcmpeqfp', 198),
              ('vcmpgefp', 454), ('vcmpgtub', 518), ('vcmpgtuh', 582), ('vcmpgtuw', 646), ('vcmpgtud', 711),
              ('vcmpgtfp', 710), ('vcmpgtsb', 774), ('vcmpgtsh', 838), ('vcmpgtsw', 902), ('vcmpgtsd', 967),
              ('vcmpbfp', 966)]:
    f(n, VX(xo), 'vt va vb rc10')
f('mfvscr', VX(1540), 'vt')
# data stream touch hints (Book II 4.3.2 of 2.07B, VMX): no architected effect to compare but
# the absence of a fault; T=1 (dstt) and dssall variants through the random bits
f('dst', X(31, 342), 'ra0 rbx strm tbit', 'm1 cache')
f('dstst', X(31, 374), 'ra0 rbx strm tbit', 'm1 cache')
f('dss', X(31, 822), 'strm abit')
f('mtvscr', VX(1604), 'vb')
for n, xo, sz, ld in [('lvebx', 7, 1, 1), ('lvehx', 39, 2, 1), ('lvewx', 71, 4, 1), ('lvx', 103, 16, 1),
                      ('lvxl', 359, 16, 1), ('stvebx', 135, 1, 0), ('stvehx', 167, 2, 0),
                      ('stvewx', 199, 4, 0), ('stvx', 231, 16, 0), ('stvxl', 487, 16, 0)]:
    f(n, X(31, xo), 'vt ra0 rbx', 'm%d %s' % (sz, 'load' if ld else 'store'))
f('lvsl', X(31, 6), 'vt ra0 rbx', 'm1 cache')
f('lvsr', X(31, 38), 'vt ra0 rbx', 'm1 cache')

# ---- VSX: Book I 7 ----
for n, xo, sz, ld in [('lxsiwzx', 12, 4, 1), ('lxsiwax', 76, 4, 1), ('lxsspx', 524, 4, 1), ('lxsdx', 588, 8, 1),
                      ('lxvd2x', 844, 16, 1), ('lxvdsx', 332, 8, 1), ('lxvw4x', 780, 16, 1),
                      ('stxsiwx', 140, 4, 0), ('stxsspx', 652, 4, 0), ('stxsdx', 716, 8, 0),
                      ('stxvd2x', 972, 16, 0), ('stxvw4x', 908, 16, 0)]:
    f(n, XX1(xo), 'xt ra0 rbx', 'm%d %s' % (sz, 'load' if ld else 'store'))
f('mfvsrd', XX1(51), 'xs ra', 'vsx')
f('mfvsrwz', XX1(115), 'xs ra', 'vsx')
f('mtvsrd', XX1(179), 'xt ra', 'vsx')
f('mtvsrwa', XX1(211), 'xt ra', 'vsx')
f('mtvsrwz', XX1(243), 'xt ra', 'vsx')
XX3S = '''xsaddsp 0 xssubsp 8 xsmulsp 16 xsdivsp 24 xsadddp 32 xssubdp 40 xsmuldp 48 xsdivdp 56
xvaddsp 64 xvsubsp 72 xvmulsp 80 xvdivsp 88 xvadddp 96 xvsubdp 104 xvmuldp 112 xvdivdp 120
xsmaddasp 1 xsmaddmsp 9 xsmsubasp 17 xsmsubmsp 25 xsmaddadp 33 xsmaddmdp 41 xsmsubadp 49 xsmsubmdp 57
xvmaddasp 65 xvmaddmsp 73 xvmsubasp 81 xvmsubmsp 89 xvmaddadp 97 xvmaddmdp 105 xvmsubadp 113 xvmsubmdp 121
xsnmaddasp 129 xsnmaddmsp 137 xsnmsubasp 145 xsnmsubmsp 153 xsnmaddadp 161 xsnmaddmdp 169
xsnmsubadp 177 xsnmsubmdp 185 xvnmaddasp 193 xvnmaddmsp 201 xvnmsubasp 209 xvnmsubmsp 217
xvnmaddadp 225 xvnmaddmdp 233 xvnmsubadp 241 xvnmsubmdp 249
xsmaxdp 160 xsmindp 168 xscpsgndp 176 xvmaxsp 192 xvminsp 200 xvcpsgnsp 208 xvmaxdp 224 xvmindp 232
xvcpsgndp 240 xxland 130 xxlandc 138 xxlor 146 xxlxor 154 xxlnor 162 xxlorc 170 xxlnand 178 xxleqv 186
xxmrghw 18 xxmrglw 50'''
toks = XX3S.split()
for i in range(0, len(toks), 2):
    f(toks[i], XX3(int(toks[i + 1])), 'xt xa xb')
for n, xo in [('xscmpudp', 35), ('xscmpodp', 43), ('xstdivdp', 61), ('xvtdivdp', 125), ('xvtdivsp', 93)]:
    f(n, XX3(xo), 'bf xa xb')
for n, xo in [('xvcmpeqdp', 99), ('xvcmpgtdp', 107), ('xvcmpgedp', 115), ('xvcmpeqsp', 67),
              ('xvcmpgtsp', 75), ('xvcmpgesp', 83)]:
    f(n, XX3(xo), 'xt xa xb rc10')
f('xxpermdi', XX3(10), 'xt xa xb dm')
f('xxsldwi', XX3(2), 'xt xa xb shw')
f('xxsel', (60 << 26) | (3 << 4), 'xt xa xb xc')
XX2S = '''xscvdpsp 265 xscvspdp 329 xscvdpspn 267 xscvspdpn 331 xscvdpsxds 344 xscvdpsxws 88 xscvdpuxds 328
xscvdpuxws 72 xscvsxddp 376 xscvuxddp 360 xscvsxdsp 312 xscvuxdsp 296 xsabsdp 345 xsnabsdp 361
xsnegdp 377 xsrdpi 73 xsrdpiz 89 xsrdpip 105 xsrdpim 121 xsrdpic 107 xssqrtdp 75 xsredp 90
xsrsqrtedp 74 xsrsp 281 xssqrtsp 11 xsresp 26 xsrsqrtesp 10 xvcvdpsp 393 xvcvspdp 457 xvcvsxwdp 248
xvcvsxddp 504 xvcvuxddp 488 xvcvdpsxds 472 xvcvdpsxws 216 xvcvspsxws 152 xvcvsxwsp 184 xvabsdp 473
xvnegdp 505 xvabssp 409 xvnegsp 441 xvsqrtdp 203 xvsqrtsp 139 xvrdpi 201 xvrdpiz 217 xvrspi 137
xvrspiz 153 xvredp 218 xvresp 154 xvrsqrtedp 202 xvrsqrtesp 138 xvcvdpuxds 456 xvcvdpuxws 200
xvcvspsxds 408 xvcvspuxds 392 xvcvspuxws 136 xvcvsxdsp 440 xvcvuxdsp 424 xvcvuxwdp 232 xvcvuxwsp 168
xvnabsdp 489 xvnabssp 425 xvrdpic 235 xvrdpim 249 xvrdpip 233 xvrspic 171 xvrspim 185 xvrspip 169'''
toks = XX2S.split()
for i in range(0, len(toks), 2):
    f(toks[i], XX2(int(toks[i + 1])), 'xt xb')
f('xxspltw', XX2(164), 'xt uim2 xb')
for n, xo in [('xstsqrtdp', 106), ('xvtsqrtdp', 234), ('xvtsqrtsp', 170)]:
    f(n, XX2(xo), 'bf xb')

# ---- supervisor and hypervisor forms: Book III ----
# Run in problem state like everything here, they must all give the
# privileged-instruction Program interrupt (SIGILL/ILL_PRVOPC), nothing else.
for n, op, xo, ops in [('mfmsr', 31, 83, 'rt'), ('mtmsr', 31, 146, 'rs lmsr'), ('mtmsrd', 31, 178, 'rs lmsr'),
                       ('rfid', 19, 18, ''), ('slbmte', 31, 402, 'rs rb'), ('slbie', 31, 434, 'rb'),
                       ('slbia', 31, 498, ''), ('slbmfev', 31, 851, 'rt rb'), ('slbmfee', 31, 915, 'rt rb'),
                       ('tlbie', 31, 306, 'rb rs'), ('tlbiel', 31, 274, 'rb'), ('tlbsync', 31, 566, ''),
                       ('msgsndp', 31, 142, 'rb'), ('msgclrp', 31, 174, 'rb'),
                       # hypervisor privileged
                       ('hrfid', 19, 274, ''), ('nap', 19, 434, ''), ('sleep', 19, 466, ''),
                       ('rvwinkle', 19, 498, ''), ('msgsnd', 31, 206, 'rb'), ('msgclr', 31, 238, 'rb'),
                       ('lwzcix', 31, 789, 'rt ra rb'), ('lhzcix', 31, 821, 'rt ra rb'),
                       ('lbzcix', 31, 853, 'rt ra rb'), ('ldcix', 31, 885, 'rt ra rb'),
                       ('stwcix', 31, 917, 'rs ra rb'), ('sthcix', 31, 949, 'rs ra rb'),
                       ('stbcix', 31, 981, 'rs ra rb'), ('stdcix', 31, 1013, 'rs ra rb')]:
    f(n, X(op, xo), ops)
f('slbfee', X(31, 979) | 1, 'rt rb')
# BHRB (Book II 2.07B): a Linux process may not use it by default (facility unavailable)
f('clrbhrb', X(31, 430), '')
f('mfbhrbe', X(31, 302), 'rt bhrbe')

# ---- absent facilities (device tree: no TM, no DFP) ----
for n, xo, ops in [('tbegin', 654, 'tmr'), ('tend', 686, 'abit'), ('tabort', 910, 'ra'),
                   ('tabortwc', 782, 'to ra rb'), ('tabortdc', 814, 'to ra rb'),
                   ('tabortwci', 846, 'to ra si5'), ('tabortdci', 878, 'to ra si5'),
                   ('tsr', 750, 'tml'), ('treclaim', 942, 'ra'), ('trechkpt', 1006, '')]:
    f(n, X(31, xo) | 1, ops, 'absent')
f('tcheck', X(31, 718), 'bf', 'absent')
f('dtstdgq', (63 << 26) | (226 << 1), 'bf fa dgm', 'absent')

BY_NAME = {fm.name: fm for fm in FORMS}
