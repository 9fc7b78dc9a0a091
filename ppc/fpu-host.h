/*
 * The host-FPU fast path of fpu.c: double-precision add, multiply, divide,
 * square root and multiply-add in round-to-nearest (FPSCR[RN] = 0), computed with host
 * IEEE 754 binary64 arithmetic, the format and rounding Book I 4.3 defines.
 * Each function either gives exactly what the soft-float core gives (the
 * result and the FPCtx outcome: XX, FR, FI) or declines, changing nothing.
 *
 * Why it is exact. The host rounds once, to nearest even, like round_pack.
 * Accepting only results r with 2^-1021 <= |r| < 2^1023 rules out overflow
 * and tininess (the exact value is then >= 2^-1022 too, and the soft core's
 * OE/UE handling never applies), so the two results are equal. FI is
 * "rounding error e = exact - r is nonzero" and FR is "|r| > |exact|", i.e.
 * e nonzero with the sign opposite to r. Error-free transformations give e,
 * or a double with e's sign and zeroness, from host operations:
 *  - add: Fast2Sum (Dekker). With |x| >= |y| and s = RN(x + y), s - x is
 *    exact and e = y - (s - x) exactly (radix 2, round to nearest).
 *  - mul: p = RN(ab); ab - p is an integer multiple of ulp(a)ulp(b) below
 *    2^53 of them, so fma(a, b, -p) returns it exactly if ulp(a)ulp(b) >=
 *    2^-1074 (checked on the exponent fields).
 *  - div: q = RN(a/b); a - qb is a multiple of ulp(q)ulp(b) (a is a
 *    multiple of it, or of half of it when b is denormal) below 2^52 of them, so
 *    fma(-q, b, a) is exact if ulp(q)ulp(b) >= 2^-1074; e = (a - qb)/b.
 *  - sqrt: r = RN(sqrt(a)) (the host's sqrt is correctly rounded) and
 *    a - r^2 = (sqrt(a) - r)(sqrt(a) + r) has the sign of sqrt(a) - r; it is a
 *    multiple of ulp(r)^2 (a is, being near r^2) below 2^53 of them, so
 *    fma(-r, r, a) is exact if ulp(r)^2 >= 2^-1074, i.e. a >= 2^-960 or so:
 *    operands with exponent field 64..2045 (positive, normal) are taken.
 *  - muladd: r = RN(ac + b), ulp(a)ulp(c) >= 2^-1074. If d = r - b is
 *    exact (as whenever |ac| <= |b|/2), e = ac - d, a multiple of 2^-1074,
 *    so RN(ac - d) = fma(a, c, -d) has e's sign and is zero only if e is.
 *    Else, with p = RN(ac) and u = ac - p = fma(a, c, -p) exact: if
 *    d = r - p and g = b - d are exact (as when |b| is small next to |ac|),
 *    e = u + g, and RN(u + g) has e's sign and zeroness for the same
 *    reason. Exactness of a difference is checked with Fast2Sum; if both
 *    ways fail, decline. A zero factor (the other finite) makes ac exactly
 *    zero, so r = b exactly when b is normal: no rounding (the NaN or
 *    infinity of 0 * inf fails the range check).
 * Everything else (NaN, infinity, zero or denormal results, other rounding
 * modes, single precision) goes to the soft-float core.
 *
 * The host must evaluate double expressions in double (SSE2, not x87), keep
 * its default round-to-nearest and gradual underflow (nothing in ppc64-lite
 * changes MXCSR), and must not contract a*b + c into an fma (CMakeLists.txt
 * builds with -ffp-contract=off); the checks below stop an x87 or fast-math build.
 */
#ifndef PPC_FPU_HOST_H
#define PPC_FPU_HOST_H

#include <float.h>
#include <math.h>
#include <string.h>

#include "ppc/fpu.h"

#if !defined(FLT_EVAL_METHOD) || FLT_EVAL_METHOD != 0
#error "fpu-host.h needs double arithmetic evaluated in double (x86-64: -mfpmath=sse)"
#endif
#ifdef __FAST_MATH__
#error "fpu-host.h needs IEEE arithmetic: no -ffast-math"
#endif

static inline double fph_dbl(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof(d));
    return d;
}

static inline uint64_t fph_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof(u));
    return u;
}

static inline unsigned fph_expf(uint64_t u)
{
    return (unsigned)(u >> 52) & 0x7ff;
}

/* Exponent field 2..2045: 2^-1021 <= |r| < 2^1023, no NaN, infinity, zero or denormal. */
static inline bool fph_in_range(double r)
{
    return fph_expf(fph_bits(r)) - 2u < 2044u;
}

/* ulp(x) * ulp(y) >= 2^-1074; a denormal's ulp is 2^-1074, as for exponent field 1. */
static inline bool fph_ulps_ok(uint64_t x, uint64_t y)
{
    unsigned ex = fph_expf(x), ey = fph_expf(y);
    return (ex ? ex : 1) + (ey ? ey : 1) >= 1076;
}

/* Record the rounding of r, given a double with the sign and zeroness of exact - r. */
static inline uint64_t fph_done(FPCtx *c, double r, double err)
{
    uint64_t rb = fph_bits(r), eb = fph_bits(err);
    bool inexact = err != 0;

    c->fi = inexact;
    c->fr = inexact && ((rb ^ eb) >> 63);
    if (inexact) {
        c->exc |= FPSCR_XX;
    }
    return rb;
}

/* Fast2Sum: s = RN(x + y) and *err = x + y - s exactly; needs |x| >= |y|, no overflow. */
static inline double fph_fast2sum(double x, double y, double *err)
{
    double s = x + y;
    *err = y - (s - x);
    return s;
}

static inline bool fp_host_add(FPCtx *c, uint64_t a, uint64_t b, uint64_t *res)
{
    /* magnitude order for Fast2Sum: compare the bit patterns without the sign */
    bool swap = (a << 1) < (b << 1);
    double err, s = fph_fast2sum(fph_dbl(swap ? b : a), fph_dbl(swap ? a : b), &err);

    if (!fph_in_range(s)) {
        return false;
    }
    *res = fph_done(c, s, err);
    return true;
}

static inline bool fp_host_mul(FPCtx *c, uint64_t a, uint64_t b, uint64_t *res)
{
    double x = fph_dbl(a), y = fph_dbl(b), p = x * y;

    if (!fph_in_range(p) || !fph_ulps_ok(a, b)) {
        return false;
    }
    *res = fph_done(c, p, fma(x, y, -p));
    return true;
}

static inline bool fp_host_div(FPCtx *c, uint64_t a, uint64_t b, uint64_t *res)
{
    double x = fph_dbl(a), y = fph_dbl(b), q = x / y;

    if (!fph_in_range(q) || !fph_ulps_ok(fph_bits(q), b)) {
        return false;
    }
    /* exact - q = (a - qb) / b: the remainder with b's sign folded in */
    double rem = fma(-q, y, x);
    *res = fph_done(c, q, y < 0 ? -rem : rem);
    return true;
}

static inline bool fp_host_sqrt(FPCtx *c, uint64_t a, uint64_t *res)
{
    if ((a >> 63) || fph_expf(a) - 64u >= 2046u - 64u) {
        return false;
    }
    double x = fph_dbl(a), r = sqrt(x);

    *res = fph_done(c, r, fma(-r, r, x));
    return true;
}

/* x - y into *d; true if that is exact (Fast2Sum error 0; NaN when it overflowed). */
static inline bool fph_exact_sub(double x, double y, double *d)
{
    double e;

    *d = fabs(x) >= fabs(y) ? fph_fast2sum(x, -y, &e) : fph_fast2sum(-y, x, &e);
    return e == 0;
}

/* a*cc + b, with b negated first and/or the rounded result negated (see fp_muladd). */
static inline bool fp_host_muladd(FPCtx *c, uint64_t a, uint64_t cc, uint64_t b, bool neg_b,
                                  bool neg_result, uint64_t *res)
{
    double x = fph_dbl(a), y = fph_dbl(cc), z = fph_dbl(neg_b ? b ^ (1ull << 63) : b);
    double r = fma(x, y, z), d, g, err;

    if (!fph_in_range(r)) {
        return false;
    }
    if ((a << 1) == 0 || (cc << 1) == 0) {
        *res = fph_done(c, r, 0.0) ^ ((uint64_t)neg_result << 63);
        return true;
    }
    if (!fph_ulps_ok(a, cc)) {
        return false;
    }
    if (fph_exact_sub(r, z, &d)) {
        err = fma(x, y, -d);            /* exact - r = ac - d */
    } else {
        double p = x * y, u = fma(x, y, -p);        /* ac = p + u exactly */
        if (!fph_exact_sub(r, p, &d) || !fph_exact_sub(z, d, &g)) {
            return false;
        }
        err = u + g;                    /* exact - r = u + (b - (r - p)) */
    }
    *res = fph_done(c, r, err) ^ ((uint64_t)neg_result << 63);
    return true;
}

#endif
