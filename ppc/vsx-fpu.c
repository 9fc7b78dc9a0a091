/*
 * Host-FPU implementation of ppc/vsx-fpu.h (see there: a local helper of the
 * VSX instructions, to be folded into the FP instructions' soft-float core).
 *
 * The host computes under the guest's rounding mode (fesetround) and its
 * flags give overflow, underflow and inexact; invalid operations, NaN
 * propagation and the default NaN are decided here from the operands, as
 * Power ISA 2.07B 4.4 defines them (the host's choices differ). A result
 * rounded to single is computed in double with round-to-odd and rounded
 * once more, which gives the correctly rounded single result.
 *
 * Known gaps, all in rarely used corners: enabled overflow/underflow
 * (OE/UE = 1) do not deliver the exponent-adjusted result, and underflow is
 * detected after rounding (the host's rule).
 */
#include <fenv.h>
#include <math.h>
#include <string.h>

#include "ppc/vsx-fpu.h"

static const int host_rn[5] = { FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD, FE_TONEAREST };

#define SIGN64 0x8000000000000000ull

static inline double d_of(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}

static inline uint64_t u_of(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

/* A NaN as a single-precision result: the fraction cut to 23 bits. */
static inline uint64_t nan_result(uint64_t d, bool sp)
{
    d = vf_quiet(d);
    return sp ? d & 0xffffffffe0000000ull : d;
}

/*
 * The operation itself. Operands and result go through volatiles so the
 * compiler evaluates them between the fesetround and fetestexcept calls.
 */
static double host_op(int op, double a, double b, double c)
{
    volatile double va = a, vb = b, vc = c;
    volatile double r = 0;

    switch (op) {
    case VF_ADD: r = va + vb; break;
    case VF_SUB: r = va - vb; break;
    case VF_MUL: r = va * vb; break;
    case VF_DIV: r = va / vb; break;
    case VF_SQRT: r = sqrt(vb); break;
    case VF_MADD: r = fma(va, vb, vc); break;
    case VF_MSUB: r = fma(va, vb, -vc); break;
    case VF_RE: r = 1.0 / vb; break;
    case VF_RSQRTE: r = 1.0 / sqrt(vb); break;
    }
    return r;
}

static uint64_t flags_to_exc(int fl)
{
    return (fl & FE_OVERFLOW ? VF_OX : 0) | (fl & FE_UNDERFLOW ? VF_UX : 0) |
           (fl & FE_INEXACT ? VF_XX : 0) | (fl & FE_DIVBYZERO ? VF_ZX : 0);
}

/* One rounding of op's exact result in mode rn, to double or single; *flags gets the host flags. */
static double eval_rounded(int op, double a, double b, double c, bool sp, int rn, int *flags)
{
    volatile double r;

    fesetround(host_rn[rn]);
    feclearexcept(FE_ALL_EXCEPT);
    r = host_op(op, a, b, c);
    *flags = fetestexcept(FE_ALL_EXCEPT);
    if (sp && (*flags & FE_INEXACT)) {
        /* Round to odd in double, then round that to single. */
        int first;
        fesetround(FE_TOWARDZERO);
        feclearexcept(FE_ALL_EXCEPT);
        r = host_op(op, a, b, c);
        first = fetestexcept(FE_ALL_EXCEPT);
        if (first & FE_INEXACT) {
            r = d_of(u_of(r) | 1);
        }
        fesetround(host_rn[rn]);
        feclearexcept(FE_ALL_EXCEPT);
        volatile float rf = (float)r;
        *flags = fetestexcept(FE_ALL_EXCEPT) | (first & (FE_INEXACT | FE_DIVBYZERO));
        r = rf;
    } else if (sp) {
        /* Exact in double: rounding to single is the only rounding. */
        feclearexcept(FE_ALL_EXCEPT);
        volatile float rf = (float)r;
        *flags |= fetestexcept(FE_ALL_EXCEPT);
        r = rf;
    }
    fesetround(FE_TONEAREST);
    return r;
}

/* Round, and set FI/FR: FR when the rounding increased the magnitude. */
static uint64_t round_and_flag(VsxFp *f, int op, double a, double b, double c, bool sp)
{
    int fl, fl_tz;
    double r = eval_rounded(op, a, b, c, sp, f->rn, &fl);

    f->exc |= flags_to_exc(fl);
    f->fi = (fl & FE_INEXACT) != 0;
    f->fr = false;
    if (f->fi && f->rn != 1) {
        double tz = eval_rounded(op, a, b, c, sp, 1, &fl_tz);
        f->fr = fabs(r) != fabs(tz);
    }
    return u_of(r);
}

static bool sign_of(uint64_t d)
{
    return d >> 63;
}

uint64_t vsx_fp_arith(VsxFp *f, int op, uint64_t a, uint64_t b, uint64_t c, bool sp)
{
    bool use_a = op != VF_SQRT && op != VF_RE && op != VF_RSQRTE;
    bool use_c = op == VF_MADD || op == VF_MSUB;
    uint64_t invalid = 0;

    f->fr = f->fi = false;
    if ((use_a && vf_is_snan(a)) || vf_is_snan(b) || (use_c && vf_is_snan(c))) {
        f->exc |= VF_VXSNAN;
    }
    /* NaN precedence: A, then the addend, then B (4.4, as for fmadd's FRA, FRB, FRC). */
    if (use_a && vf_is_nan(a)) {
        return nan_result(a, sp);
    }
    if (use_c && vf_is_nan(c)) {
        return nan_result(c, sp);
    }
    if (vf_is_nan(b)) {
        return nan_result(b, sp);
    }

    switch (op) {
    case VF_ADD:
    case VF_SUB:
        if (vf_is_inf(a) && vf_is_inf(b) && (sign_of(a) != sign_of(b)) == (op == VF_ADD)) {
            invalid = VF_VXISI;
        }
        break;
    case VF_MUL:
        if ((vf_is_inf(a) && vf_is_zero(b)) || (vf_is_zero(a) && vf_is_inf(b))) {
            invalid = VF_VXIMZ;
        }
        break;
    case VF_DIV:
        if (vf_is_zero(a) && vf_is_zero(b)) {
            invalid = VF_VXZDZ;
        } else if (vf_is_inf(a) && vf_is_inf(b)) {
            invalid = VF_VXIDI;
        }
        break;
    case VF_SQRT:
    case VF_RSQRTE:
        if (sign_of(b) && !vf_is_zero(b)) {
            invalid = VF_VXSQRT;
        }
        break;
    case VF_MADD:
    case VF_MSUB:
        if ((vf_is_inf(a) && vf_is_zero(b)) || (vf_is_zero(a) && vf_is_inf(b))) {
            invalid = VF_VXIMZ;
        } else if ((vf_is_inf(a) || vf_is_inf(b)) && vf_is_inf(c) &&
                   ((sign_of(a) ^ sign_of(b)) != (sign_of(c) ^ (op == VF_MSUB)))) {
            invalid = VF_VXISI;
        }
        break;
    }
    if (invalid) {
        f->exc |= invalid;
        return VF_DEFAULT_QNAN;
    }
    return round_and_flag(f, op, d_of(a), d_of(b), d_of(c), sp);
}

uint64_t vsx_fp_round_sp(VsxFp *f, uint64_t b)
{
    int fl;

    f->fr = f->fi = false;
    if (vf_is_nan(b)) {
        if (vf_is_snan(b)) {
            f->exc |= VF_VXSNAN;
        }
        return nan_result(b, true);
    }
    fesetround(host_rn[f->rn]);
    feclearexcept(FE_ALL_EXCEPT);
    volatile double vb = d_of(b);
    volatile float r = (float)vb;
    fl = fetestexcept(FE_ALL_EXCEPT);
    fesetround(FE_TONEAREST);
    f->exc |= flags_to_exc(fl);
    f->fi = (fl & FE_INEXACT) != 0;
    f->fr = f->fi && fabs((double)r) > fabs(d_of(b));
    return u_of((double)r);
}

uint64_t vsx_fp_to_int(VsxFp *f, uint64_t b, bool is_signed, int bits)
{
    double lo = is_signed ? -ldexp(1, bits - 1) : 0;
    double hi = is_signed ? ldexp(1, bits - 1) : ldexp(1, bits);  /* exclusive */
    uint64_t min = is_signed ? (uint64_t)-1 << (bits - 1) : 0;
    uint64_t max = is_signed ? ((uint64_t)1 << (bits - 1)) - 1
                             : (bits == 64 ? UINT64_MAX : ((uint64_t)1 << bits) - 1);
    double d = d_of(b), t;

    f->fr = f->fi = false;
    if (vf_is_nan(b)) {
        f->exc |= VF_VXCVI | (vf_is_snan(b) ? VF_VXSNAN : 0);
        return min;
    }
    t = trunc(d);
    if (t >= hi) {
        f->exc |= VF_VXCVI;
        return max;
    }
    if (t < lo) {
        f->exc |= VF_VXCVI;
        return min;
    }
    if (t != d) {
        f->exc |= VF_XX;
        f->fi = true;
    }
    if (is_signed) {
        return (uint64_t)(int64_t)t;
    }
    return (uint64_t)t;
}

uint64_t vsx_fp_from_int(VsxFp *f, uint64_t v, bool is_signed, bool sp)
{
    volatile uint64_t vv = v;
    double r = 0, tz = 0;
    int fl = 0;

    for (int pass = 0; pass < 2; pass++) {
        fesetround(host_rn[pass ? 1 : f->rn]);
        feclearexcept(FE_ALL_EXCEPT);
        volatile double out;
        if (sp) {
            out = is_signed ? (float)(int64_t)vv : (float)vv;
        } else {
            out = is_signed ? (double)(int64_t)vv : (double)vv;
        }
        if (pass == 0) {
            fl = fetestexcept(FE_ALL_EXCEPT);
            r = out;
        } else {
            tz = out;
        }
    }
    fesetround(FE_TONEAREST);
    f->exc |= flags_to_exc(fl);
    f->fi = (fl & FE_INEXACT) != 0;
    f->fr = f->fi && fabs(r) != fabs(tz);
    return u_of(r);
}

/*
 * Each mode by its own libm function: the compiler may expand rint() inline
 * assuming round-to-nearest, so the host rounding mode is not used here.
 */
uint64_t vsx_fp_round_int(VsxFp *f, uint64_t b, int mode, bool set_xx, bool sp)
{
    double x = d_of(b), r;

    if (vf_is_nan(b)) {
        if (vf_is_snan(b)) {
            f->exc |= VF_VXSNAN;
        }
        return nan_result(b, sp);
    }
    switch (mode) {
    case 0: r = nearbyint(x); break;    /* the host runs in round-to-nearest-even */
    case 1: r = trunc(x); break;
    case 2: r = ceil(x); break;
    case 3: r = floor(x); break;
    default: r = round(x); break;       /* nearest, ties away from zero */
    }
    if (set_xx && r != x) {
        f->exc |= VF_XX;
    }
    return u_of(r);
}

unsigned vsx_fp_compare(VsxFp *f, uint64_t a, uint64_t b, bool ordered)
{
    double x = d_of(a), y = d_of(b);

    if (vf_is_nan(a) || vf_is_nan(b)) {
        if (vf_is_snan(a) || vf_is_snan(b)) {
            f->exc |= VF_VXSNAN;
        }
        if (ordered) {
            f->exc |= VF_VXVC;
        }
        return 1;
    }
    return x < y ? 8 : x > y ? 4 : 2;
}

uint64_t vsx_fp_maxmin(VsxFp *f, uint64_t a, uint64_t b, bool max)
{
    double x = d_of(a), y = d_of(b);

    if (vf_is_snan(a) || vf_is_snan(b)) {
        f->exc |= VF_VXSNAN;
        return vf_quiet(vf_is_snan(a) ? a : b);
    }
    if (vf_is_nan(a)) {
        return vf_is_nan(b) ? a : b;
    }
    if (vf_is_nan(b)) {
        return a;
    }
    if (x == y) {
        /* Equal means both zero or the same value: pick by sign. */
        return (sign_of(a) == max) ? b : a;
    }
    return (x > y) == max ? a : b;
}

unsigned vsx_fp_fprf(uint64_t d, bool sp)
{
    bool neg = sign_of(d);
    double m = fabs(d_of(d));

    if (vf_is_nan(d)) {
        return 0x11;
    }
    if (vf_is_inf(d)) {
        return neg ? 0x09 : 0x05;
    }
    if (vf_is_zero(d)) {
        return neg ? 0x12 : 0x02;
    }
    if (m < (sp ? 0x1p-126 : 0x1p-1022)) {
        return neg ? 0x18 : 0x14;
    }
    return neg ? 0x08 : 0x04;
}
