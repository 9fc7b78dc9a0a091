"""Where a floating-point difference from qemu-user is QEMU's fault (tests/isa/REFERENCE-BUGS.md).

compare() in run.py calls allowances() for a differing FP instance. Each rule
accepts one documented QEMU 7.2 deviation from the Power ISA 2.07B, and only
under a narrow condition: the reference must show QEMU's known behaviour
(typically: the bit left as it was in the input FPSCR) AND our value must be
the one the ISA gives, computed here independently of both CPUs (exact
rational arithmetic for FR, the class of the result for FPRF). Everything
else still fails. Book I section names follow ISA 2.07B chapter 4.
"""

from fractions import Fraction

# FPSCR bits as in the 64-bit image mffs returns (ISA bit n = 1 << (63 - n))
FX, FEX, VX, OX, UX, ZX, XX = (1 << 31), (1 << 30), (1 << 29), (1 << 28), (1 << 27), (1 << 26), (1 << 25)
VX_CAUSES = 0x01f80700          # VXSNAN VXISI VXIDI VXZDZ VXIMZ VXVC, VXSOFT VXSQRT VXCVI
EXC = OX | UX | ZX | XX | VX_CAUSES
VXSNAN, VXIMZ = 1 << 24, 1 << 20
FR, FI = 1 << 18, 1 << 17
FPRF = 0x1f << 12
ENABLES = 0xf8

RESULT_FORMS = {
    # form: (exact value of the operation from the operand dict, single precision)
    'fadd': (lambda o: o['a'] + o['b'], False), 'fsub': (lambda o: o['a'] - o['b'], False),
    'fmul': (lambda o: o['a'] * o['c'], False), 'fdiv': (lambda o: o['a'] / o['b'], False),
    'fmadd': (lambda o: o['a'] * o['c'] + o['b'], False), 'fmsub': (lambda o: o['a'] * o['c'] - o['b'], False),
    # fnmadd/fnmsub negate the rounded result: the rounding is that of fmadd/fmsub
    'fnmadd': (lambda o: o['a'] * o['c'] + o['b'], False),
    'fnmsub': (lambda o: o['a'] * o['c'] - o['b'], False),
    'fsqrt': ('sqrt', False), 'frsp': (lambda o: o['b'], True),
    'fcfid': ('sint', False), 'fcfidu': ('uint', False), 'fcfids': ('sint', True), 'fcfidus': ('uint', True),
}
for _n in ('fadd', 'fsub', 'fmul', 'fdiv', 'fmadd', 'fmsub', 'fnmadd', 'fnmsub', 'fsqrt'):
    RESULT_FORMS[_n + 's'] = (RESULT_FORMS[_n][0], True)
TO_INT = {'fctiw': (True, 32), 'fctiwz': (True, 32), 'fctiwu': (False, 32), 'fctiwuz': (False, 32),
          'fctid': (True, 64), 'fctidz': (True, 64), 'fctidu': (False, 64), 'fctiduz': (False, 64)}
ROUND_INT = ('frin', 'friz', 'frip', 'frim')
ESTIMATES = ('fre', 'fres', 'frsqrte', 'frsqrtes')
# Forms that round a result and so own FR (Book I 4.2.2 "FR: the last Arithmetic or Rounding and
# Conversion instruction incremented the fraction during rounding").
FR_FORMS = set(RESULT_FORMS) | set(TO_INT) | set(ROUND_INT) | set(ESTIMATES)
# FPSCR-moving forms set or clear FX themselves; the FX rule below is for computational forms.
FPSCR_FORMS = ('mtfsf', 'mtfsfi', 'mtfsb0', 'mtfsb1', 'mcrfs', 'mffs', 'mffsl')


def value(d):
    """Exact value of a finite double pattern, or None for NaN/infinity."""
    e, f = (d >> 52) & 0x7ff, d & ((1 << 52) - 1)
    if e == 0x7ff:
        return None
    v = Fraction(f, 1 << 1074) if e == 0 else Fraction(f | (1 << 52)) * Fraction(2) ** (e - 1075)
    return -v if d >> 63 else v


def fprf_class(d, single):
    """FPRF (C FL FG FE FU) of a result: Book I 4.2.2 figure "Floating-Point Result Flags";
    a single-precision result is classified in the single format."""
    neg, e = d >> 63, (d >> 52) & 0x7ff
    if e == 0x7ff:
        return 0x11 if d & ((1 << 52) - 1) else (0x09 if neg else 0x05)
    if d & ((1 << 63) - 1) == 0:
        return 0x12 if neg else 0x02
    if e < (897 if single else 1):
        return 0x18 if neg else 0x14
    return 0x08 if neg else 0x04


# Operands each arithmetic form reads (A-form: FRA, FRB, FRC).
USES = {'fadd': 'ab', 'fsub': 'ab', 'fmul': 'ac', 'fdiv': 'ab', 'fsqrt': 'b', 'frsp': 'b'}


def base_name(name):
    return name[:-1] if name.endswith('s') and name[:-1] in RESULT_FORMS else name


def expected_fr(name, word, fpr_in, frt_out, fpscr_in):
    """FR as the ISA defines it for this instance: True/False, or None where it is undefined."""
    if name in ROUND_INT:
        return False            # 4.6.7.3 programming note: fri* set FR and FI to 0
    if name in ESTIMATES:
        return None             # fre/frsqrte: "FR (undefined)" in Special Registers Altered
    if fpscr_in & (ENABLES & ~0x08):
        return None             # VE/OE/UE/ZE enabled: the generator does not do this; no claim
    ops = {'a': fpr_in[(word >> 16) & 31], 'b': fpr_in[(word >> 11) & 31], 'c': fpr_in[(word >> 6) & 31]}
    if name in TO_INT:
        signed, bits = TO_INT[name]
        b = value(ops['b'])
        if b is None:
            return False        # NaN/infinity: invalid conversion, FR cleared (4.4.1, VE=0)
        r = frt_out & ((1 << bits) - 1)
        if signed and r >> (bits - 1):
            r -= 1 << bits
        if abs(r - b) >= 1:
            return False        # out of range: invalid conversion, FR cleared
        return abs(r) > abs(b)
    fn, single = RESULT_FORMS[name]
    if fn in ('sint', 'uint'):
        x = ops['b']
        exact = Fraction(x - (1 << 64) if fn == 'sint' and x >> 63 else x)
    else:
        vals = {k: value(ops[k]) for k in USES.get(base_name(name), 'abc')}
        if any(v is None for v in vals.values()):
            return False        # NaN or infinity operand: nothing is rounded
        if fn == 'sqrt':
            exact = None
        else:
            try:
                exact = fn(vals)
            except ZeroDivisionError:
                return False    # x/0: zero divide or 0/0, nothing rounded, FR cleared (4.4.1, 4.4.2)
    r = value(frt_out)
    if r is None:
        # infinity or NaN from finite operands: disabled overflow ("FR is undefined", 4.4
        # Overflow Exception) or an invalid operation (FR cleared)
        return None if frt_out & ((1 << 52) - 1) == 0 else False
    if fn == 'sqrt':
        b = vals['b']
        if b < 0:
            return False        # invalid (VXSQRT)
        return r * r > b        # |rounded| > sqrt(b)
    limit = Fraction(2) ** 128 * (1 - Fraction(1, 1 << 25)) if single else \
        Fraction(2) ** 1024 * (1 - Fraction(1, 1 << 54))
    if abs(exact) >= limit:
        return None             # overflow (also rounded to the largest finite): FR undefined
    return abs(r) > abs(exact)


INF = 'inf'


def round_to(x, single, rn):
    """x (a Fraction) rounded to the double or single format by RN (Book I 4.3.6), with the
    disabled-overflow results of 4.4 Overflow Exception; infinities as (INF, negative).
    Returns (value, overflowed)."""
    if x == 0:
        return x, False
    prec, emin, emax = (24, -126, 127) if single else (53, -1022, 1023)
    neg, m = x < 0, abs(x)
    e = m.numerator.bit_length() - m.denominator.bit_length()
    if Fraction(2) ** e > m:
        e -= 1
    q = Fraction(2) ** (max(e, emin) - prec + 1)
    n, rem = divmod(m, q)
    up = {0: rem > q / 2 or (rem == q / 2 and n % 2 == 1), 1: False,
          2: rem > 0 and not neg, 3: rem > 0 and neg}[rn]
    r = (n + up) * q
    big = Fraction(2) ** (emax + 1) - Fraction(2) ** (emax - prec + 1)
    if r > big:
        to_inf = rn == 0 or (rn == 2 and not neg) or (rn == 3 and neg)
        return ((INF, neg) if to_inf else (-big if neg else big)), True
    return (-r if neg else r), False


def as_value(d):
    v = value(d)
    return (INF, bool(d >> 63)) if v is None and d & ((1 << 52) - 1) == 0 else v


def fnm_rounding(n, word, fin, ref, ours):
    """fnmadd/fnmsub[s] under RN = +inf/-inf: if ours is -round(FRA*FRC +- FRB) (the ISA:
    "the result negated" after rounding, 4.6.6.2) and QEMU's is round(-(FRA*FRC +- FRB)),
    the (ISA, QEMU) overflow outcomes; else None."""
    rn = fin['fpscr'] & 3
    if base_name(n) not in ('fnmadd', 'fnmsub') or rn < 2 or fin['fpscr'] & ENABLES:
        return None
    ops = {k: value(fin['fpr'][(word >> sh) & 31]) for k, sh in (('a', 16), ('b', 11), ('c', 6))}
    if any(v is None for v in ops.values()):
        return None
    exact = ops['a'] * ops['c'] + (ops['b'] if base_name(n) == 'fnmadd' else -ops['b'])
    single = n.endswith('s')
    (isa, isa_ovf), (qemu, qemu_ovf) = round_to(exact, single, rn), round_to(-exact, single, rn)
    isa = (INF, not isa[1]) if isinstance(isa, tuple) else -isa
    frt = (word >> 21) & 31
    if exact != 0 and isa != qemu and as_value(ours['fpr'][frt]) == isa and \
            as_value(ref['fpr'][frt]) == qemu:
        return isa_ovf, qemu_ovf
    return None


def is_snan(d):
    return (d >> 52) & 0x7ff == 0x7ff and d & ((1 << 52) - 1) and not d >> 51 & 1


def imz_with_snan_addend(word, fpr):
    """A-form multiply-add: FRA*FRC is infinity times zero and FRB is a signalling NaN."""
    a, b, c = (fpr[(word >> sh) & 31] for sh in (16, 11, 6))
    inf = lambda d: d & ((1 << 63) - 1) == 0x7ff0000000000000    # noqa: E731
    zero = lambda d: d & ((1 << 63) - 1) == 0                      # noqa: E731
    return ((inf(a) and zero(c)) or (zero(a) and inf(c))) and is_snan(b)


def allowances(fm, word, fin, ref, ours):
    """Bits of each differing field to accept, as {field: mask}; see the module comment.

    fin/ref/ours: {'fpscr': int, 'cr': int, 'fpr': [32 ints], 'sig': int, 'code': int}
    """
    n = fm.name
    out = {}
    fi, fr_, fo = fin['fpscr'], ref['fpscr'], ours['fpscr']
    rc = word & 1 and n not in ('fcmpu', 'fcmpo', 'mcrfs', 'ftdiv', 'ftsqrt')
    frt = (word >> 21) & 31
    accept = 0
    extra_new = 0               # exception bits QEMU wrongly raised, already accounted for

    # fre/frsqrte: QEMU sets XX; "Special Registers Altered" of fre[s]/frsqrte[s] has no XX.
    if n in ESTIMATES and (fo & XX) == (fi & XX) and fr_ & XX and not fi & XX:
        accept |= XX
        extra_new |= XX
    # fre/frsqrte: FR and FI undefined (Special Registers Altered).
    if n in ESTIMATES:
        accept |= FR | FI
    same_frt = ref['fpr'][frt] == ours['fpr'][frt]
    # fnmadd/fnmsub: QEMU rounds the negated sum; the ISA negates the rounded one. The result
    # and so its FPRF differ under RN = +inf/-inf.
    fnm = fnm_rounding(n, word, fin, ref, ours)
    if fnm:
        out['f%d' % frt] = (1 << 64) - 1
        same_frt = True
        if (fo & FPRF) >> 12 == fprf_class(ours['fpr'][frt], n.endswith('s')):
            accept |= FPRF
        # at the overflow threshold one rounding overflows and the other does not
        isa_ovf, qemu_ovf = fnm
        if isa_ovf != qemu_ovf and not fi & OX and bool(fo & OX) == isa_ovf and bool(fr_ & OX) == qemu_ovf:
            accept |= OX
            extra_new |= OX & fr_
    # fre/fres of +-0: QEMU returns +-0.5; the ISA result is +-infinity with ZX (4.6.6.1 fre
    # table of special operands; ZE = 0).
    zero = fin['fpr'][(word >> 11) & 31]
    if n in ('fre', 'fres') and zero & ((1 << 63) - 1) == 0 and not fi & 0x10 and \
            ref['fpr'][frt] == (zero | 0x3fe0000000000000) and ours['fpr'][frt] == (zero | 0x7ff0000000000000):
        out['f%d' % frt] = (1 << 64) - 1
        same_frt = True
        if (fo & FPRF) >> 12 == fprf_class(ours['fpr'][frt], False):
            accept |= FPRF
    # Multiply-add with FRA*FRC = infinity*0 and an SNaN in FRB: QEMU records only VXIMZ;
    # 4.4.1 sets the bit of every cause, so VXSNAN as well (4.6.6.2 Special Registers Altered).
    if base_name(n) in ('fmadd', 'fmsub', 'fnmadd', 'fnmsub') and imz_with_snan_addend(word, fin['fpr']) \
            and fo & VXIMZ and fr_ & VXIMZ and fo & VXSNAN and not fr_ & VXSNAN and not fi & VXSNAN:
        accept |= VXSNAN
        extra_new |= VXSNAN
    # FR: QEMU never computes it (leaves the input value); ours must be the ISA value.
    if n in FR_FORMS and (fr_ & FR) == (fi & FR) and (fo ^ fr_) & FR and same_frt:
        want = expected_fr(n, word, fin['fpr'], ours['fpr'][frt], fi)
        if want is None or bool(fo & FR) == want:
            accept |= FR
    # fcmpu/fcmpo: QEMU clears FI; the ISA's Special Registers Altered (4.6.8) has no FI.
    if n in ('fcmpu', 'fcmpo') and (fo & FI) == (fi & FI) and not fr_ & FI:
        accept |= FI
    # fcmpo with an unordered result: QEMU writes 0x11 at FPCC, i.e. also FPRF's C bit; the
    # ISA's fcmpo sets only FPCC (4.6.8 Special Registers Altered).
    if n == 'fcmpo' and (fo & 0x10000) == (fi & 0x10000) and fr_ & 0x10000 and fo & 0x1000:
        accept |= 0x10000
    # mtfsb1 29: QEMU ignores NI ("pretends" IEEE mode only); 4.6.10 sets any FPSCR bit but
    # FEX and VX.
    if n == 'mtfsb1' and frt == 29 and fo & 0x4 and (fr_ & 0x4) == (fi & 0x4):
        accept |= 0x4
    # fcfids/fcfidu/fcfidus: QEMU leaves FPRF alone; 4.6.7.2 sets it from the result.
    if n in ('fcfids', 'fcfidu', 'fcfidus') and (fr_ & FPRF) == (fi & FPRF) and \
            (fo & FPRF) >> 12 == fprf_class(ours['fpr'][frt], n.endswith('s')):
        accept |= FPRF
    # Single-precision results: QEMU classifies a single denormal as a (double) normal.
    single = n in RESULT_FORMS and RESULT_FORMS[n][1] or n in ('fres', 'frsqrtes')
    if single and ref['fpr'][frt] == ours['fpr'][frt] and (fo & FPRF) >> 12 in (0x14, 0x18) and \
            (fo & FPRF) >> 12 == fprf_class(ours['fpr'][frt], True) and \
            (fr_ & FPRF) >> 12 == fprf_class(ours['fpr'][frt], False):
        accept |= FPRF
    # FX: QEMU sets it whenever an exception is signalled, also when the exception bit was
    # already 1; 4.2.2 sets FX only when an exception bit changes from 0 to 1.
    new_ref = fr_ & EXC & ~fi & ~extra_new
    new_ours = fo & EXC & ~fi & ~(accept & OX)
    if n not in FPSCR_FORMS and not fi & FX and not fo & FX and fr_ & FX and not new_ours and \
            not new_ref and (fr_ & EXC & ~accept) == (fo & EXC & ~accept):
        accept |= FX
    # mtfsb1: setting an exception bit that was 0 sets FX (4.2.2: every FP instruction but
    # mtfsf/mtfsfi); QEMU leaves FX alone.
    if n == 'mtfsb1':
        bit = 1 << (31 - frt)
        if bit & EXC and not fi & bit and not fi & FX and fo & FX and not fr_ & FX:
            accept |= FX
    if (fo ^ fr_) & ~accept == 0 and (fo ^ fr_):
        out['fpscr'] = accept
    # CR1 of Rc=1 is FPSCR[FX FEX VX OX]: accept there what was accepted in FX and OX, as long
    # as our CR1 is our FPSCR's.
    cr1 = (accept & (FX | OX)) >> 4
    if rc and cr1 and (ours['cr'] ^ ref['cr']) & ~cr1 == 0 and \
            (ours['cr'] >> 24) & 0xf == fo >> 28 & 0xf:
        out['cr'] = cr1
    return out


LINUX_FPE = ((VX, 0x80, 7), (OX, 0x40, 4), (UX, 0x20, 5), (ZX, 0x10, 3), (XX, 0x08, 6))


def linux_fpe_code(fpscr):
    """si_code Linux's parse_fpe() (arch/powerpc/kernel/traps.c) derives from the FPSCR."""
    for exc, en, code in LINUX_FPE:
        if fpscr & exc and fpscr & en:
            return code
    return 0
