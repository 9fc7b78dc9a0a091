"""Where a VSX/VMX floating-point difference from qemu-user is QEMU's fault (REFERENCE-BUGS.md).

The VSX counterpart of fpcheck.py. For the VSX FP forms modelled here it
computes, independently of both CPUs, what Power ISA 2.07B Book I ch. 7
(and ch. 4 for the FPSCR rules it refers to) gives for one instance: the
exceptions each element raises (exact rational arithmetic, tininess before
rounding), the FPSCR after the instruction, FR/FI of scalar forms, and the
elements QEMU is known to compute wrongly (fnm* rounding, FP->integer
conversions after a NaN element, estimates). A difference is accepted only
when OUR whole FPSCR (bar the bits the ISA leaves undefined) is the model's
AND every differing bit shows QEMU's documented behaviour; a differing
element only when ours is the model's (or, for estimates, within the
architected accuracy) and QEMU's is its known wrong value. No model: no
allowance.
"""

import math
from fractions import Fraction

from fpcheck import (FX, VX, OX, UX, ZX, XX, VX_CAUSES, FR, FI, FPRF, ENABLES, INF,
                     round_to, fprf_class)

VXSNAN, VXISI, VXIDI, VXZDZ, VXIMZ = 1 << 24, 1 << 23, 1 << 22, 1 << 21, 1 << 20
VXSQRT, VXCVI = 1 << 9, 1 << 8
EXC = OX | UX | ZX | XX | VX_CAUSES
NAN = ('nan',)
DP, SP = (11, 52), (8, 23)          # exponent and fraction widths


# ---- operands ----
def decode(bits, fmt):
    """A float pattern as a Fraction, (INF, negative) or ('nan', signalling)."""
    ew, fw = fmt
    e, f, neg = (bits >> fw) & ((1 << ew) - 1), bits & ((1 << fw) - 1), bits >> (ew + fw) & 1
    if e == (1 << ew) - 1:
        return ('nan', not f >> (fw - 1)) if f else (INF, bool(neg))
    bias = (1 << (ew - 1)) - 1
    v = Fraction(f, 1 << fw) * Fraction(2) ** (1 - bias) if e == 0 else \
        Fraction(f | (1 << fw), 1 << fw) * Fraction(2) ** (e - bias)
    return -v if neg else v


def encode(v, fmt, neg_zero=False):
    """A Fraction or (INF, negative) as a float pattern (exactly representable)."""
    ew, fw = fmt
    sign = 1 << (ew + fw)
    if isinstance(v, tuple):
        return ((1 << ew) - 1) << fw | (sign if v[1] else 0)
    if v == 0:
        return sign if neg_zero else 0
    s, m = (sign if v < 0 else 0), abs(v)
    bias = (1 << (ew - 1)) - 1
    e = m.numerator.bit_length() - m.denominator.bit_length()
    if Fraction(2) ** e > m:
        e -= 1
    if e < 1 - bias:
        return s | int(m / Fraction(2) ** (1 - bias) * (1 << fw))
    return s | (e + bias) << fw | (int(m / Fraction(2) ** e * (1 << fw)) & ((1 << fw) - 1))


def is_nan(v):
    return isinstance(v, tuple) and v[0] == 'nan'


def is_inf(v):
    return isinstance(v, tuple) and v[0] == INF


def snan(*vs):
    return any(is_nan(v) and v[1] for v in vs)


def sign_of(v):
    return v[1] if is_inf(v) else v < 0


# ---- one element: (flags, value, exact) with value a Fraction/(INF,neg)/NAN, exact the
# infinitely precise value (None when there is nothing to round) ----
def arith(op, a, b=None, c=None):
    f = VXSNAN if snan(a, b, c) else 0
    if op in ('add', 'sub'):
        if op == 'sub' and not is_nan(b):
            b = (INF, not b[1]) if is_inf(b) else -b
        if is_nan(a) or is_nan(b):
            return f, NAN, None
        if is_inf(a) and is_inf(b) and a[1] != b[1]:
            return f | VXISI, NAN, None
        if is_inf(a) or is_inf(b):
            return f, a if is_inf(a) else b, None
        return f, None, a + b
    if op == 'mul':
        if is_nan(a) or is_nan(b):
            return f, NAN, None
        if (is_inf(a) and b == 0) or (is_inf(b) and a == 0):
            return f | VXIMZ, NAN, None
        if is_inf(a) or is_inf(b):
            return f, (INF, sign_of(a) != sign_of(b)), None
        return f, None, a * b
    if op == 'div':
        if is_nan(a) or is_nan(b):
            return f, NAN, None
        if is_inf(a) and is_inf(b):
            return f | VXIDI, NAN, None
        if is_inf(a):
            return f, (INF, sign_of(a) != sign_of(b)), None
        if is_inf(b):
            return f, None, Fraction(0)
        if b == 0:
            return (f | VXZDZ, NAN, None) if a == 0 else (f | ZX, (INF, (a < 0) != sign_of_zero(b)), None)
        return f, None, a / b
    if op in ('madd', 'msub'):          # a * b +- c
        if op == 'msub' and not is_nan(c):
            c = (INF, not c[1]) if is_inf(c) else -c
        imz = (is_inf(a) and not is_nan(b) and b == 0) or (is_inf(b) and not is_nan(a) and a == 0)
        if is_nan(a) or is_nan(b) or is_nan(c):
            # infinity x 0 with a NaN addend is still VXIMZ (both operands of the product are
            # numbers; ISA 3.0 bfp_MULTIPLY_ADD tests it apart from the NaN propagation)
            return (f | (VXIMZ if imz else 0)), NAN, None
        if imz:
            return f | VXIMZ, NAN, None
        if is_inf(a) or is_inf(b):
            p = (INF, sign_of(a) != sign_of(b))
            if is_inf(c) and c[1] != p[1]:
                return f | VXISI, NAN, None
            return f, p, None
        if is_inf(c):
            return f, c, None
        return f, None, a * b + c
    if op == 'sqrt':
        if is_nan(a):
            return f, NAN, None
        if is_inf(a):
            return (f | VXSQRT, NAN, None) if a[1] else (f, a, None)
        if a < 0:
            return f | VXSQRT, NAN, None
        return f, None, ('sqrt', a)
    raise KeyError(op)


def sign_of_zero(z):
    return False                        # unknown here: callers pass the pattern's sign instead


def sqrt_fraction(x):
    """sqrt(x) to at least 300 significant bits, nudged off any rounding boundary when
    irrational."""
    k = max(0, (x.denominator.bit_length() - x.numerator.bit_length()) // 2) + 300
    n = x.numerator * (1 << (2 * k)) // x.denominator
    s = math.isqrt(n)
    exact = s * s == n and Fraction(n, 1 << (2 * k)) == x
    r = Fraction(s, 1 << k)
    return r if exact else r + Fraction(1, 1 << (k + 1))


def rounded(exact, single, rn):
    """(flags, value, fr, fi) of rounding an exact value (Book I 4.3.6, 4.4.4, 4.4.5)."""
    if isinstance(exact, tuple):
        exact = sqrt_fraction(exact[1])
    if exact == 0:
        return 0, exact, False, False
    v, ovf = round_to(exact, single, rn)
    if ovf:
        return OX | XX, v, None, True          # FR undefined on overflow (4.4.4, OE=0)
    inexact = v != exact
    tiny = abs(exact) < Fraction(2) ** (-126 if single else -1022)
    f = (XX if inexact else 0) | (UX if tiny and inexact else 0)
    return f, v, inexact and abs(v) > abs(exact), inexact


# ---- forms ----
def xs(op, single=False, neg=False, kind='a'):
    return {'op': op, 'lanes': 1, 'fin': DP, 'fout': DP, 'single': single, 'neg': neg, 'kind': kind}


FORMS = {}
for _o in ('add', 'sub', 'mul', 'div'):
    FORMS['xs%sdp' % _o] = xs(_o)
    FORMS['xs%ssp' % _o] = xs(_o, True)
    FORMS['xv%sdp' % _o] = dict(xs(_o), lanes=2)
    FORMS['xv%ssp' % _o] = dict(xs(_o, True), lanes=4, fin=SP, fout=SP)
for _n in ('', 'n'):
    for _o in ('madd', 'msub'):
        for _k in 'am':
            FORMS['xs%s%s%sdp' % (_n, _o, _k)] = xs(_o, False, _n == 'n', _k)
            FORMS['xs%s%s%ssp' % (_n, _o, _k)] = xs(_o, True, _n == 'n', _k)
            FORMS['xv%s%s%sdp' % (_n, _o, _k)] = dict(xs(_o, False, _n == 'n', _k), lanes=2)
            FORMS['xv%s%s%ssp' % (_n, _o, _k)] = dict(xs(_o, True, _n == 'n', _k), lanes=4, fin=SP, fout=SP)
FORMS['xssqrtdp'] = xs('sqrt')
FORMS['xssqrtsp'] = xs('sqrt', True)
FORMS['xvsqrtdp'] = dict(xs('sqrt'), lanes=2)
FORMS['xvsqrtsp'] = dict(xs('sqrt', True), lanes=4, fin=SP, fout=SP)
ESTIMATES = {'xsredp': ('re', False, 1), 'xsresp': ('re', True, 1), 'xsrsqrtedp': ('rsqrte', False, 1),
             'xsrsqrtesp': ('rsqrte', True, 1), 'xvredp': ('re', False, 2), 'xvresp': ('re', True, 4),
             'xvrsqrtedp': ('rsqrte', False, 2), 'xvrsqrtesp': ('rsqrte', True, 4)}
for _n, (_o, _s, _l) in ESTIMATES.items():
    FORMS[_n] = dict(xs(_o, _s), lanes=_l, **({'fin': SP, 'fout': SP} if _l == 4 else {}))
# conversions: (source format or int width/signedness, lanes, ...)
for _n, _s, _l in (('xscvdpsp', True, 1), ('xsrsp', True, 1), ('xvcvdpsp', True, 2)):
    FORMS[_n] = dict(xs('cvt', _s), lanes=_l)
for _n, _l in (('xscvspdp', 1), ('xvcvspdp', 2)):
    FORMS[_n] = dict(xs('cvt'), lanes=_l, fin=SP)
FROM_INT = {'xscvsxddp': (64, True, False, 1), 'xscvuxddp': (64, False, False, 1),
            'xscvsxdsp': (64, True, True, 1), 'xscvuxdsp': (64, False, True, 1),
            'xvcvsxddp': (64, True, False, 2), 'xvcvuxddp': (64, False, False, 2),
            'xvcvsxdsp': (64, True, True, 2), 'xvcvuxdsp': (64, False, True, 2),
            'xvcvsxwdp': (32, True, False, 2), 'xvcvuxwdp': (32, False, False, 2),
            'xvcvsxwsp': (32, True, True, 4), 'xvcvuxwsp': (32, False, True, 4)}
for _n, (_w, _sg, _s, _l) in FROM_INT.items():
    FORMS[_n] = dict(xs('fromint', _s), lanes=_l, iw=_w, signed=_sg)
TO_INT = {'xscvdpsxds': (64, True, 1, DP), 'xscvdpuxds': (64, False, 1, DP),
          'xscvdpsxws': (32, True, 1, DP), 'xscvdpuxws': (32, False, 1, DP),
          'xvcvdpsxds': (64, True, 2, DP), 'xvcvdpuxds': (64, False, 2, DP),
          'xvcvdpsxws': (32, True, 2, DP), 'xvcvdpuxws': (32, False, 2, DP),
          'xvcvspsxws': (32, True, 4, SP), 'xvcvspuxws': (32, False, 4, SP),
          'xvcvspsxds': (64, True, 2, SP), 'xvcvspuxds': (64, False, 2, SP)}
for _n, (_w, _sg, _l, _f) in TO_INT.items():
    FORMS[_n] = dict(xs('toint'), lanes=_l, fin=_f, iw=_w, signed=_sg)
# round to integral: rounding mode (None: FPSCR[RN]) and whether inexact is signalled
ROUND_INT = {'xsrdpi': (4, False), 'xsrdpiz': (1, False), 'xsrdpip': (2, False), 'xsrdpim': (3, False),
             'xsrdpic': (None, True)}
for _n, (_m, _x) in list(ROUND_INT.items()):
    FORMS[_n] = dict(xs('rint'), mode=_m, exact=_x)
    FORMS['xv' + _n[2:]] = dict(xs('rint'), lanes=2, mode=_m, exact=_x)
    FORMS['xvrsp' + _n[5:]] = dict(xs('rint'), lanes=4, fin=SP, fout=SP, mode=_m, exact=_x)


def lane_bits(v, fmt, lanes, i):
    """Element i of a 128-bit VSR image: doublewords, or words for 4 lanes; the scalar and the
    2-lane single forms (xvcvspdp, xvcvspsxds) read words 0 and 2."""
    if lanes == 4:
        return (v >> (96 - 32 * i)) & 0xffffffff
    if fmt == SP:
        return (v >> (96 - 64 * i)) & 0xffffffff
    return (v >> (64 - 64 * i)) & ((1 << 64) - 1)


def round_int(x, mode):
    """x (Fraction) rounded to an integer: 0 nearest-even, 1 zero, 2 +inf, 3 -inf, 4 nearest-away."""
    fl = math.floor(x)
    frac = x - fl
    if mode == 1:
        return Fraction(math.trunc(x))
    if mode == 2:
        return Fraction(math.ceil(x))
    if mode == 3:
        return Fraction(fl)
    if frac != Fraction(1, 2):
        return Fraction(fl + (1 if frac > Fraction(1, 2) else 0))
    if mode == 4:
        return Fraction(fl + 1 if x > 0 else fl)
    return Fraction(fl + (fl & 1))


def element(fm, bits, rn):
    """One element: {'flags', 'value' (Fraction/(INF,neg)/NAN/int/'est'), 'fr', 'fi', 'out'} or
    None where the model makes no claim. bits: {'a','b','c'} patterns in the form's format."""
    op, single = fm['op'], fm['single']
    vals = {k: decode(b, fm['fin']) for k, b in bits.items()}
    if op in ('add', 'sub', 'mul', 'div', 'madd', 'msub', 'sqrt'):
        a, b, c = vals.get('a'), vals.get('b'), vals.get('c')
        if op == 'div' and not isinstance(b, tuple) and b == 0 and not isinstance(a, tuple) and a != 0:
            neg = (a < 0) != bool(bits['b'] >> (sum(fm['fin'])))
            return {'flags': ZX, 'value': (INF, neg), 'fr': False, 'fi': False}
        f, v, exact = arith(op, a, b, c)
        if f is None:
            return None
        if exact is None:
            return {'flags': f, 'value': v, 'fr': False, 'fi': False}
        if exact == 0 and not isinstance(exact, tuple):
            return {'flags': f, 'value': None, 'fr': False, 'fi': False}   # zero of either sign
        rf, rv, fr, fi = rounded(exact, single, rn)
        out = {'flags': f | rf, 'value': rv, 'fr': fr, 'fi': fi, 'exact': exact}
        if fm['neg']:
            # 7.6.1 xsnmadd*: the rounded result is negated (the rounding is that of xsmadd*)
            out['value'] = (INF, not rv[1]) if isinstance(rv, tuple) else -rv
        return out
    if op == 'cvt':
        a = vals['a']
        if is_nan(a):
            return {'flags': VXSNAN if a[1] else 0, 'value': NAN, 'fr': False, 'fi': False}
        if is_inf(a) or a == 0:
            return {'flags': 0, 'value': a if is_inf(a) else None, 'fr': False, 'fi': False}
        rf, rv, fr, fi = rounded(a, single, rn)
        return {'flags': rf, 'value': rv, 'fr': fr, 'fi': fi}
    if op == 'fromint':
        w = fm['iw']
        x = bits['a'] & ((1 << w) - 1)
        if fm['signed'] and x >> (w - 1):
            x -= 1 << w
        if x == 0:
            return {'flags': 0, 'value': Fraction(0), 'fr': False, 'fi': False}
        rf, rv, fr, fi = rounded(Fraction(x), single, rn)
        return {'flags': rf, 'value': rv, 'fr': fr, 'fi': fi, 'int': x}
    if op == 'toint':
        a, w, sg = vals['a'], fm['iw'], fm['signed']
        lo, hi = (-(1 << (w - 1)), (1 << (w - 1)) - 1) if sg else (0, (1 << w) - 1)
        if is_nan(a):
            return {'flags': VXCVI | (VXSNAN if a[1] else 0), 'value': lo, 'fr': False, 'fi': False}
        if is_inf(a):
            return {'flags': VXCVI, 'value': lo if a[1] else hi, 'fr': False, 'fi': False}
        t = math.trunc(a)               # VSX conversions round toward zero (7.6.1 xscvdpsxds ...)
        if t < lo or t > hi:
            return {'flags': VXCVI, 'value': lo if t < lo else hi, 'fr': False, 'fi': False}
        return {'flags': XX if t != a else 0, 'value': t, 'fr': False, 'fi': t != a}
    if op == 'rint':
        a = vals['a']
        if is_nan(a):
            return {'flags': VXSNAN if a[1] else 0, 'value': NAN, 'fr': False, 'fi': False}
        if is_inf(a) or a == 0:
            return {'flags': 0, 'value': a if is_inf(a) else None, 'fr': False, 'fi': False}
        r = round_int(a, rn if fm['mode'] is None else fm['mode'])
        inexact = r != a
        if not fm['exact']:
            return {'flags': 0, 'value': r if r else None, 'fr': False, 'fi': False}
        return {'flags': XX if inexact else 0, 'value': r if r else None, 'fr': abs(r) > abs(a), 'fi': inexact}
    if op in ('re', 'rsqrte'):
        a = vals['a']
        if is_nan(a):
            return {'flags': VXSNAN if a[1] else 0, 'value': NAN, 'fr': None, 'fi': None}
        if op == 'rsqrte' and (is_inf(a) and a[1] or not is_inf(a) and a < 0):
            return {'flags': VXSQRT, 'value': NAN, 'fr': None, 'fi': None}
        if is_inf(a):
            return {'flags': 0, 'value': None, 'fr': None, 'fi': None}   # +-0
        if a == 0:
            neg = bool(bits['a'] >> (sum(fm['fin'])))
            return {'flags': ZX, 'value': (INF, neg), 'fr': None, 'fi': None}
        exact = 1 / a if op == 're' else 1 / sqrt_fraction(a)
        # overflow/underflow of an estimate near the format's limits: no claim
        big, small = (Fraction(2) ** 128, Fraction(2) ** -126) if single else \
            (Fraction(2) ** 1024, Fraction(2) ** -1022)
        if abs(exact) >= big * 2:
            # far beyond the largest number: overflow, rounded as 4.4.4 (OE=0) says
            return {'flags': OX, 'value': round_to(exact, single, rn)[0], 'fr': None, 'fi': None}
        if abs(exact) >= big / 2 or abs(exact) < small * 2:
            # near or past the limits the estimate itself decides: overflow if it is
            # infinite, underflow if it is denormal and inexact (filled in by model())
            return {'flags': 0, 'value': ('est', exact), 'fr': None, 'fi': None, 'edge': True}
        return {'flags': 0, 'value': ('est', exact), 'fr': None, 'fi': None}
    raise KeyError(op)


def operands(name, fm, word, vsr):
    """Per lane: the operand patterns {'a', 'b', 'c'} of the element operation."""
    xt = ((word >> 21) & 31) | ((word & 1) << 5)
    xa = ((word >> 16) & 31) | (((word >> 2) & 1) << 5)
    xb = ((word >> 11) & 31) | (((word >> 1) & 1) << 5)
    lanes, fmt = fm['lanes'], fm['fin']
    if fm['op'] == 'fromint' and fm['iw'] == 32:
        fmt = SP                         # xvcvsxwdp...: words 0 and 2 (or all four words)
    get = lambda r, i: lane_bits(vsr[r], fmt, lanes, i)   # noqa: E731
    out = []
    for i in range(lanes):
        if fm['op'] in ('madd', 'msub'):
            # 7.6.1: A-type (…a…) XA * XB + XT, M-type (…m…) XA * XT + XB
            if fm['kind'] == 'a':
                out.append({'a': get(xa, i), 'b': get(xb, i), 'c': get(xt, i)})
            else:
                out.append({'a': get(xa, i), 'b': get(xt, i), 'c': get(xb, i)})
        elif fm['op'] in ('add', 'sub', 'mul', 'div'):
            out.append({'a': get(xa, i), 'b': get(xb, i)})
        else:
            out.append({'a': get(xb, i)})
    return xt, out


# Where each form puts element i: 'dw' doubleword i, 'w' word i, 'w02' word 2i, 'w1' word 1.
W02 = ('xscvdpsp', 'xvcvdpsp', 'xvcvsxdsp', 'xvcvuxdsp', 'xvcvdpsxws', 'xvcvdpuxws')


def placement(name, fm):
    if name == 'xscvdpsxws' or name == 'xscvdpuxws':
        return 'w1'
    if name in W02:
        return 'w02'
    return 'w' if fm['lanes'] == 4 else 'dw'


def result_lane(name, fm, v, i):
    """Element i of the result VSR image (a pattern)."""
    return {'dw': lambda: (v >> (64 - 64 * i)) & ((1 << 64) - 1),
            'w': lambda: (v >> (96 - 32 * i)) & 0xffffffff,
            'w02': lambda: (v >> (96 - 64 * i)) & 0xffffffff,
            'w1': lambda: (v >> 64) & 0xffffffff}[placement(name, fm)]()


def out_fmt(name, fm):
    return DP if placement(name, fm) == 'dw' else SP


def lane_matches(name, fm, el, pattern):
    """Whether an element pattern is the model's value (None: +-0, NAN: any NaN)."""
    if el is None:
        return False
    v = el['value']
    if fm['op'] == 'toint':
        w = fm['iw']
        return pattern == v & ((1 << w) - 1)
    fmt = out_fmt(name, fm)
    d = decode(pattern, fmt)
    if v is None:
        return not isinstance(d, tuple) and d == 0
    if v is NAN or (isinstance(v, tuple) and v[0] == 'nan'):
        return is_nan(d)
    if isinstance(v, tuple) and v[0] == 'est':
        return within_estimate(name, d, v[1])
    return d == v


def within_estimate(name, d, exact):
    """Book I 7.6.1: the estimates have a relative error of at most one part in 16384."""
    if isinstance(d, tuple) or d == 0 or (d < 0) != (exact < 0):
        return False
    return abs(d - exact) <= abs(exact) / 16384


def model(name, word, fpscr_in, vsr_in, result=None):
    """{'lanes': [element...], 'xt': n, 'fpscr': ISA FPSCR, 'undef': FPSCR bits not defined}
    or None."""
    fm = FORMS.get(name)
    if fm is None or fpscr_in & (ENABLES | 0x4):
        return None                      # enabled exceptions or NI: no claim
    rn = fpscr_in & 3
    xt, ops = operands(name, fm, word, vsr_in)
    lanes = [element(fm, o, rn) for o in ops]
    if any(el is None for el in lanes):
        return None
    for i, el in enumerate(lanes):
        if el.get('edge'):
            if result is None:
                return None
            d = decode(result_lane(name, fm, result, i), out_fmt(name, fm))
            maxf = (2 - Fraction(1, 1 << (23 if fm['single'] else 52))) * \
                Fraction(2) ** (127 if fm['single'] else 1023)
            if is_inf(d) or (abs(d) == maxf and abs(el['value'][1]) > maxf):
                el['flags'] |= OX        # infinite, or the largest number under RZ/RP/RM
                el['value'] = d
            elif not isinstance(d, tuple) and abs(d) < Fraction(2) ** (-126 if fm['single'] else -1022) \
                    and d != el['value'][1]:
                el['flags'] |= UX        # tiny and inexact (4.4.5, UE = 0)
    exc = 0
    for el in lanes:
        exc |= el['flags']
    fp = fpscr_in | exc
    if exc & ~fpscr_in & EXC:
        fp |= FX                         # 4.2.2 FX: an exception bit changed from 0 to 1
    if fp & VX_CAUSES:
        fp |= VX
    undef = 0
    if fm['lanes'] == 1:
        el = lanes[0]
        fp &= ~(FR | FI)
        if el['fr'] is None:
            undef |= FR                  # overflow (4.4.4) or an estimate: FR undefined
        elif el['fr']:
            fp |= FR
        if el['fi'] is None:
            undef |= FI
        elif el['fi']:
            fp |= FI
        if fm['op'] in ('re', 'rsqrte'):
            undef |= FR | FI             # 7.6.1 xsredp...: FR, FI undefined
        undef |= FPRF                    # FPRF: from the result, filled in by the caller
        if fm['op'] == 'toint':
            pass                         # FPRF undefined (7.6.1 xscvdpsxds ...): stays undef
    return {'lanes': lanes, 'xt': xt, 'fpscr': fp, 'undef': undef, 'fm': fm}


def fprf_of_result(name, fm, v):
    """FPRF the ISA gives for a scalar result pattern (dw0 of XT)."""
    d = (v >> 64) & ((1 << 64) - 1)
    if name == 'xscvdpsp':
        w = (v >> 96) & 0xffffffff
        s = decode(w, SP)
        if is_nan(s):
            return 0x11
        if is_inf(s):
            return 0x09 if s[1] else 0x05
        if s == 0:
            return 0x12 if w >> 31 else 0x02
        return (0x18 if s < 0 else 0x14) if abs(s) < Fraction(2) ** -126 else (0x08 if s < 0 else 0x04)
    return fprf_class(d, fm['single'])


def allowances(name, word, fin, fref, fours, vin, vref, vours):
    """{field: mask} of differences to accept; fin/fref/fours the FPSCRs, v* lists of 64 VSRs."""
    if name not in FORMS:
        return fx_only(name, fin, fref, fours)
    m = model(name, word, fin, vin, vours[((word >> 21) & 31) | ((word & 1) << 5)])
    if m is None:
        return fx_only(name, fin, fref, fours)
    fm, xt, lanes = m['fm'], m['xt'], m['lanes']
    out = {}
    # ---- the target register, element by element ----
    accept_lane = []
    fixed_target = vours[xt]
    if vours[xt] != vref[xt]:
        ok = True
        for i, el in enumerate(lanes):
            o, r = result_lane(name, fm, vours[xt], i), result_lane(name, fm, vref[xt], i)
            if o == r:
                continue
            if not lane_matches(name, fm, el, o):
                ok = False
                break
            if fm['op'] in ('re', 'rsqrte') and isinstance(el['value'], tuple) and el['value'][0] == 'est':
                accept_lane.append(i)    # estimate: ours within the architected accuracy
            elif fm['neg'] and 'exact' in el:
                # QEMU rounds -(a*b+c) (REFERENCE-BUGS.md): its value is round(-exact)
                q, _ = round_to(-el['exact'], fm['single'], fin & 3)
                if decode(r, out_fmt(name, fm)) == q:
                    accept_lane.append(i)
                else:
                    ok = False
                    break
            elif fm['op'] == 'toint' and i > 0 and any(lanes[j]['flags'] & VXCVI for j in range(i)):
                # QEMU keeps the invalid flag of an earlier element: saturated value
                w = fm['iw']
                lo = (1 << (w - 1)) if fm['signed'] else 0
                hi = (1 << (w - 1)) - 1 if fm['signed'] else (1 << w) - 1
                if r in (lo, hi):
                    accept_lane.append(i)
                else:
                    ok = False
                    break
            elif fm['op'] == 'fromint' and fm['single'] and 'int' in el and \
                    decode(r, out_fmt(name, fm)) == round_to(round_to(Fraction(el['int']), False, fin & 3)[0],
                                                             True, fin & 3)[0]:
                accept_lane.append(i)    # QEMU rounds the integer to double, then to single
            elif fm['single'] and fm['lanes'] == 1 and not fm['neg'] and 'exact' in el and \
                    decode(r, out_fmt(name, fm)) == double_rounded(el['exact'], fin & 3):
                accept_lane.append(i)    # QEMU rounds xs*sp to double, then to single
            elif fm['op'] in ('re', 'rsqrte') and el['flags'] & ZX:
                accept_lane.append(i)    # checked below with ZX: QEMU's estimate of +-0
            else:
                ok = False
                break
        if ok:
            out['vs%d' % xt] = (1 << 128) - 1
        else:
            return {}
    # ---- the FPSCR ----
    if fref == fours:
        return out
    want, undef = m['fpscr'], m['undef']
    if fm['lanes'] == 1:
        want = (want & ~FPRF) | fprf_of_result(name, fm, fixed_target) << 12
        undef &= ~FPRF
        if fm['op'] == 'toint':
            undef |= FPRF
    if (fours ^ want) & ~undef:
        return out                       # ours is not the ISA's: no allowance
    diff = fref ^ fours
    acc = undef & diff
    new_ref = fref & ~fin & EXC
    if diff & FX and fref & FX and not fours & FX:
        acc |= FX                        # QEMU sets FX also when no exception bit changed 0 -> 1
    if fm['lanes'] == 1 and diff & FR and (fref & FR) == (fin & FR):
        acc |= FR                        # QEMU never computes FR
    if fm['lanes'] > 1:
        acc |= diff & (FR | FI)          # vector forms do not alter FR/FI; QEMU rewrites them
    if fm['op'] in ('re', 'rsqrte') and diff & XX and new_ref & XX:
        acc |= XX                        # estimates: XX not altered (7.6.1); QEMU sets it
    if fm['op'] in ('re', 'rsqrte') and diff & ZX and fours & ZX and not fref & ZX:
        acc |= ZX                        # QEMU's VSX estimates never signal ZX
    el0 = lanes[0]
    if fm['single'] and fm['lanes'] == 1 and diff & UX and fours & UX and not fref & UX and \
            'exact' in el0 and not double_rounding_ux(el0['exact'], fin & 3):
        acc |= UX                        # QEMU rounds xs*sp to double first, then to single
    if fm['lanes'] == 1 and diff & FPRF:
        d = (vours[xt] >> 64) & ((1 << 64) - 1)
        rcls = (fref & FPRF) >> 12
        if fm['single'] and rcls == fprf_class(d, False) and \
                (fours & FPRF) >> 12 == fprf_class(d, True):
            acc |= FPRF                  # QEMU classifies a single denormal as a double
        rd = (vref[xt] >> 64) & ((1 << 64) - 1)
        if accept_lane and rcls in (fprf_class(rd, fm['single']), fprf_class(rd, False)):
            acc |= FPRF                  # the class of QEMU's own (wrongly rounded) result
    if fm['op'] in ('madd', 'msub') and diff & VXSNAN and fours & VXSNAN and not fref & VXSNAN and \
            fref & VXIMZ and fours & VXIMZ:
        acc |= VXSNAN                    # infinity x 0 with an SNaN addend: QEMU drops VXSNAN
    if fm['neg'] and diff & OX and accept_lane:
        acc |= OX                        # one rounding overflows at the threshold, the other not
        if fref & FX and not fin & FX:
            acc |= FX
    # QEMU: an overflow in one element hides another's underflow (its own overflow counts:
    # an xvnm* element QEMU rounds past the threshold, accepted just above)
    qemu_ovf = any(el['flags'] & OX for el in lanes) or \
        (fm['neg'] and any(is_inf(decode(result_lane(name, fm, vref[xt], i), out_fmt(name, fm))) and
                           not is_inf(decode(result_lane(name, fm, vours[xt], i), out_fmt(name, fm)))
                           for i in accept_lane))
    if fm['lanes'] > 1 and diff & UX and fours & UX and not fref & UX and qemu_ovf and \
            any(el['flags'] & UX for el in lanes):
        acc |= UX
    # QEMU did not set FX because the only exceptions new on our side are ones it misses
    if diff & FX and fours & FX and not fref & FX and not fin & FX and \
            fours & ~fin & EXC & ~(acc & (ZX | UX)) == 0 and fours & ~fin & EXC:
        acc |= FX
    if diff & ~acc == 0:
        out['fpscr'] = acc
    return out


def double_rounded(exact, rn):
    """The value QEMU gives for xs*sp: the exact value rounded to double, that rounded to
    single (a tie the first rounding makes can go the other way: 2^24 + 1 + 2^-52 gives
    2^24, where one rounding to single gives 2^24 + 2). None where it overflows."""
    if isinstance(exact, tuple):
        exact = sqrt_fraction(exact[1])
    d, ovf = round_to(exact, False, rn)
    if ovf or isinstance(d, tuple):
        return None
    s, ovf = round_to(d, True, rn)
    return None if ovf or isinstance(s, tuple) else s


def double_rounding_ux(exact, rn):
    """UX as QEMU gets it for xs*sp: the exact value rounded to double, that rounded to
    single, underflow (tiny before rounding, inexact) signalled by either step."""
    if isinstance(exact, tuple):
        exact = sqrt_fraction(exact[1])
    d, ovf = round_to(exact, False, rn)
    if ovf or isinstance(d, tuple):
        return False
    if abs(exact) < Fraction(2) ** -1022 and d != exact:
        return True
    s, _ = round_to(d, True, rn) if d else (d, False)
    return d != 0 and abs(d) < Fraction(2) ** -126 and s != d


def fx_only(name, fin, fref, fours):
    """Instances without a model (compares, max/min, unmodelled operands): QEMU sets FX
    whenever an exception is signalled; 4.2.2 sets it only when an exception bit changes from
    0 to 1: accepted when no exception bit changed 0 -> 1 on either side. Vector forms do not
    alter FR and FI (7.6.1 Special Registers Altered); QEMU rewrites them: accepted when ours
    are the input's. Nothing else may differ."""
    acc = 0
    if fref & FX and not fours & FX and not fin & FX and not (fref | fours) & ~fin & EXC:
        acc |= FX
    if name.startswith('xv') and (fours ^ fin) & (FR | FI) == 0:
        acc |= (fref ^ fours) & (FR | FI)
    if (fref ^ fours) and (fref ^ fours) & ~acc == 0:
        return {'fpscr': acc}
    return {}


# ---- VMX estimates (Book I 6.9.2): an accuracy bound, not exact bits ----
def vexptefp_ok(b, r, nj):
    """Whether word r is an architected estimate of 2^x for word b: the special values of the
    vexptefp table (-inf -> +0, +-0 -> +1, +inf -> +inf, NaN -> QNaN), otherwise a relative
    error of at most one part in 16; results below the normal range may be 0 under VSCR[NJ]
    or, as denormals, within that bound or within the smallest denormal."""
    x, d = decode(b, SP), decode(r, SP)
    if is_nan(x):
        return is_nan(d)
    if is_inf(x):
        return d == 0 and r == 0 if x[1] else is_inf(d) and not d[1]
    if nj and x != 0 and abs(x) < Fraction(2) ** -126:
        x = Fraction(0)
    if x >= 128:
        return is_inf(d) and not d[1]
    if isinstance(d, tuple) or d < 0 or r >> 31:
        return False
    if x <= -150:
        return d == 0
    # 2^x to ample precision (x = n + f with f in [0, 1) has a dyadic numerator)
    exact = Fraction(2) ** math.floor(x) * Fraction(2 ** float(x - math.floor(x)))
    if exact < Fraction(2) ** -126:
        return (nj and d == 0) or abs(d - exact) <= max(exact / 16, Fraction(2) ** -149)
    return abs(d - exact) <= exact / 16


def vlogefp_ok(b, r, nj):
    """Whether word r is an acceptable estimate of log2 for word b: the special values of the
    vlogefp table (NaN -> QNaN, negative -> QNaN, +-0 -> -inf, +inf -> +inf), otherwise the
    single-precision value nearest log2(x), which meets any estimate bound; QEMU's
    float32_log2 truncates, ours rounds (REFERENCE-BUGS.md)."""
    x, d = decode(b, SP), decode(r, SP)
    if nj and not isinstance(x, tuple) and x != 0 and abs(x) < Fraction(2) ** -126:
        x = Fraction(0)
    if is_nan(x) or (not is_nan(x) and sign_of(x) and x != 0):
        return is_nan(d)
    if is_inf(x):
        return is_inf(d) and not d[1]
    if x == 0:
        return is_inf(d) and d[1]
    if isinstance(d, tuple):
        return False
    e = math.log2(float(x))
    ulp = 2.0 ** (math.floor(math.log2(abs(float(d)))) - 23) if d else 2.0 ** -149
    return abs(float(d) - e) <= ulp * (0.5 + 2 ** -20)


VMX_ESTIMATES = {'vexptefp': vexptefp_ok, 'vlogefp': vlogefp_ok}


def vmx_allowances(name, word, vscr, vin, vref, vours):
    """{field: mask} for VMX estimate forms: a differing word is accepted when ours is within
    the architected accuracy of the exact value. v*: 32 VRs as 128-bit images."""
    ok = VMX_ESTIMATES.get(name)
    if ok is None:
        return {}
    vt, vb = (word >> 21) & 31, (word >> 11) & 31
    nj = bool(vscr & 0x10000)
    for i in range(4):
        sh = 96 - 32 * i
        o, r, b = (vours[vt] >> sh) & 0xffffffff, (vref[vt] >> sh) & 0xffffffff, (vin[vb] >> sh) & 0xffffffff
        if o != r and not ok(b, o, nj):
            return {}
    return {'v%d' % vt: (1 << 128) - 1}
