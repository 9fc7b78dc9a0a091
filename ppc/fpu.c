/*
 * Integer soft float for the binary floating-point instructions
 * (Power ISA 2.07B Book I 4.3 "Floating-Point Execution Models" and 4.4
 * "Floating-Point Exceptions").
 *
 * Every operation first forms its exact result, or one carrying a sticky bit
 * below enough guard bits, as sign * sig * 2^(exp - 127) with bit 127 of the
 * 128-bit sig set, and then rounds it once (round_pack) to the target
 * precision and exponent range. That one place implements RN, tininess
 * (detected before rounding, as the ISA does), denormalization, the
 * exponent-adjusted results of enabled overflow/underflow, FR and FI.
 * Single-precision instructions round straight from the exact result to
 * 24 bits, so there is no double rounding, also not for fmadds.
 *
 * The common double-precision round-to-nearest cases of add, multiply,
 * divide and multiply-add first try the host FPU (fpu-host.h), which gives
 * the same bits and flags or declines.
 */
#include "ppc/fpu.h"

#include <string.h>

#include "ppc/fpu-host.h"

typedef unsigned __int128 u128;

enum { FPC_ZERO, FPC_NUM, FPC_INF, FPC_NAN };

typedef struct FPNum {
    int cls;
    bool sign;
    int32_t exp;    /* value = sig * 2^(exp - 127) */
    u128 sig;       /* bit 127 set when cls == FPC_NUM */
} FPNum;

#define SIGN_BIT   0x8000000000000000ull
#define EXP_MASK   0x7ff0000000000000ull
#define FRAC_MASK  0x000fffffffffffffull
#define QUIET_BIT  0x0008000000000000ull

static const u128 BIT127 = (u128)1 << 127;

static int clz128(u128 x)
{
    uint64_t hi = (uint64_t)(x >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)x);
}

/* Shift right, OR-ing every bit shifted out into bit 0 (the sticky bit). */
static u128 shr_jam(u128 x, int64_t n)
{
    if (n <= 0) {
        return x;
    }
    if (n >= 128) {
        return x != 0;
    }
    return (x >> n) | ((x & (((u128)1 << n) - 1)) != 0);
}

static void normalize(FPNum *n)
{
    int s = clz128(n->sig);
    n->sig <<= s;
    n->exp -= s;
}

static FPNum unpack(uint64_t d)
{
    FPNum n = { .sign = d >> 63 };
    int e = (d >> 52) & 0x7ff;
    uint64_t f = d & FRAC_MASK;

    if (e == 0x7ff) {
        n.cls = f ? FPC_NAN : FPC_INF;
    } else if (e == 0 && f == 0) {
        n.cls = FPC_ZERO;
    } else {
        n.cls = FPC_NUM;
        /* denormal: f * 2^-1074; normal: (2^52 + f) * 2^(e - 1075) */
        n.sig = e ? (f | (1ull << 52)) : f;
        n.exp = (e ? e - 1075 : -1074) + 127;
        normalize(&n);
    }
    return n;
}

static uint64_t make_inf(bool sign)
{
    return ((uint64_t)sign << 63) | EXP_MASK;
}

static uint64_t make_zero(bool sign)
{
    return (uint64_t)sign << 63;
}

/*
 * The double-format pattern of sign * mant * 2^(exp - (prec - 1)), where
 * mant has at most prec bits. Single-precision denormals become double
 * normals here, as the ISA's register format requires.
 */
static uint64_t encode(bool sign, int32_t exp, uint64_t mant, int prec)
{
    uint64_t s = (uint64_t)sign << 63;
    if (mant == 0) {
        return s;
    }
    int lead = 63 - __builtin_clzll(mant);
    int32_t e = exp - (prec - 1) + lead;
    uint64_t m = mant << (52 - lead);

    if (e > 1023) {
        return s | EXP_MASK;       /* only reachable in the ISA's undefined cases */
    }
    if (e >= -1022) {
        return s | ((uint64_t)(e + 1022 + 1) << 52) | (m & FRAC_MASK);
    }
    int sh = -1022 - e;
    return sh > 52 ? s : s | (m >> sh);
}

/* Round the exact value sign * sig * 2^(exp - 127) (sig normalized, sticky in bit 0). */
static uint64_t round_pack(FPCtx *c, bool sign, int32_t exp, u128 sig, FPPrec p)
{
    const bool single = p == FP_SINGLE;
    const int prec = single ? 24 : 53;
    const int32_t emin = single ? -126 : -1022;
    const int32_t emax = single ? 127 : 1023;
    /* Book I 4.4.5 / 4.4.6: the exponent bias adjustment for enabled OX/UX */
    const int32_t adjust = single ? 192 : 1536;
    const bool tiny = exp < emin;

    if (tiny) {
        if (c->ue) {
            exp += adjust;
        } else {
            sig = shr_jam(sig, (int64_t)emin - exp);
            exp = emin;
        }
    }

    const int drop = 128 - prec;
    const u128 rem = sig & (((u128)1 << drop) - 1);
    const u128 half = (u128)1 << (drop - 1);
    uint64_t mant = (uint64_t)(sig >> drop);
    const bool inexact = rem != 0;
    bool inc = false;

    switch (c->rn) {
    case FP_RN_NEAR:
        inc = rem > half || (rem == half && (mant & 1));
        break;
    case FP_RN_ZERO:
        break;
    case FP_RN_UP:
        inc = inexact && !sign;
        break;
    case FP_RN_DOWN:
        inc = inexact && sign;
        break;
    }
    if (inc) {
        mant++;
        if (mant >> prec) {
            mant >>= 1;
            exp++;
        }
    }

    if (exp > emax) {
        c->exc |= FPSCR_OX;
        if (c->oe) {
            exp -= adjust;
        } else {
            /* Book I 4.4.5, OE=0: infinity or the largest finite number by RN */
            bool to_inf = c->rn == FP_RN_NEAR || (c->rn == FP_RN_UP && !sign) ||
                          (c->rn == FP_RN_DOWN && sign);
            /* FI is set; the ISA leaves FR undefined here: 0, as QEMU gives */
            c->exc |= FPSCR_XX;
            c->fi = true;
            c->fr = false;
            if (to_inf) {
                return make_inf(sign);
            }
            return encode(sign, emax, (1ull << prec) - 1, prec);
        }
    }

    if (tiny && (c->ue || inexact)) {
        c->exc |= FPSCR_UX;
    }
    if (inexact) {
        c->exc |= FPSCR_XX;
    }
    c->fi = inexact;
    c->fr = inc;
    return encode(sign, exp, mant, prec);
}

static uint64_t round_num(FPCtx *c, FPNum n, FPPrec p)
{
    return round_pack(c, n.sign, n.exp, n.sig, p);
}

/* A NaN as a result: quieted, and for single precision cut to the single fraction. */
static uint64_t quiet(uint64_t d, FPPrec p)
{
    d |= QUIET_BIT;
    return p == FP_SINGLE ? d & ~0x1fffffffull : d;
}

/*
 * Book I 4.3.2 NaN precedence: the first NaN among the operands, in the
 * order given, quieted; any SNaN operand raises VXSNAN.
 */
static bool nan_result(FPCtx *c, const uint64_t *ops, int n, FPPrec p, uint64_t *res)
{
    int first = -1;
    for (int i = 0; i < n; i++) {
        if (fp_is_nan(ops[i])) {
            if (first < 0) {
                first = i;
            }
            if (fp_is_snan(ops[i])) {
                c->exc |= FPSCR_VXSNAN;
            }
        }
    }
    if (first < 0) {
        return false;
    }
    *res = quiet(ops[first], p);
    return true;
}

static uint64_t invalid(FPCtx *c, uint64_t cause)
{
    c->exc |= cause;
    return FP_DEFAULT_QNAN;
}

/* ---- DOUBLE and SINGLE (Book I 4.6.2, 4.6.3) ---- */

uint64_t fp_single_to_double(uint32_t w)
{
    uint64_t sign = (uint64_t)(w >> 31) << 63;
    uint32_t e = (w >> 23) & 0xff;
    uint64_t f = w & 0x7fffff;

    if (e != 0) {
        /*
         * Normalized: WORD0:1 || ¬WORD1 x3 || WORD2:31 || 29 zeros.
         * Infinity and NaN: WORD0:1 || WORD1 x3 || WORD2:31 || 29 zeros.
         */
        uint64_t top2 = (uint64_t)(w >> 30) << 62;
        uint64_t fill = (e == 255) == !!((w >> 30) & 1) ? 7ull << 59 : 0;
        return top2 | fill | ((uint64_t)(w & 0x3fffffff) << 29);
    }
    if (f == 0) {
        return sign;
    }
    /* denormal operand: normalize */
    int32_t exp = -126;
    while (!(f & 0x800000)) {
        f <<= 1;
        exp--;
    }
    return sign | ((uint64_t)(exp + 1023) << 52) | ((f & 0x7fffff) << 29);
}

uint32_t fp_double_to_single(uint64_t d)
{
    uint32_t e = (d >> 52) & 0x7ff;

    if (e > 896 || (d & 0x7fffffffffffffffull) == 0) {
        /* no denormalization required: FRS0:1 || FRS5:34 */
        return (uint32_t)((d >> 62) << 30) | (uint32_t)((d >> 29) & 0x3fffffff);
    }
    uint32_t sign = (uint32_t)(d >> 63) << 31;
    if (e >= 874) {
        /* denormalization required: shift 1.fraction right until exp = -126 */
        uint64_t frac = (d & FRAC_MASK) | (1ull << 52);
        return sign | (uint32_t)(frac >> (896 + 30 - e));
    }
    /* ISA: undefined; a signed zero, as QEMU gives */
    return sign;
}

/* ---- add, subtract ---- */

/* a + b for finite operands (either may be zero). */
static uint64_t add_finite(FPCtx *c, FPNum a, FPNum b, FPPrec p)
{
    if (a.cls == FPC_ZERO && b.cls == FPC_ZERO) {
        /* Book I 4.3.6: an exact zero sum of opposite signs is +0, except -0 when rounding toward -inf */
        return make_zero(a.sign == b.sign ? a.sign : c->rn == FP_RN_DOWN);
    }
    if (a.cls == FPC_ZERO) {
        return round_num(c, b, p);
    }
    if (b.cls == FPC_ZERO) {
        return round_num(c, a, p);
    }
    if (a.exp < b.exp || (a.exp == b.exp && a.sig < b.sig)) {
        FPNum t = a;
        a = b;
        b = t;
    }
    /* one bit of headroom for the carry, then align b under a */
    u128 sa = shr_jam(a.sig, 1);
    u128 sb = shr_jam(b.sig, (int64_t)a.exp - b.exp + 1);
    u128 r = a.sign == b.sign ? sa + sb : sa - sb;
    if (r == 0) {
        return make_zero(c->rn == FP_RN_DOWN);
    }
    int s = clz128(r);
    return round_pack(c, a.sign, a.exp + 1 - s, r << s, p);
}

/* The host fast path applies: round to nearest, double precision (see fpu-host.h). */
static inline bool host_ok(const FPCtx *c, FPPrec p)
{
    return c->rn == FP_RN_NEAR && p == FP_DOUBLE && !c->soft;
}

uint64_t fp_add(FPCtx *c, uint64_t a, uint64_t b, FPPrec p)
{
    uint64_t res;
    if (host_ok(c, p) && fp_host_add(c, a, b, &res)) {
        return res;
    }
    if (nan_result(c, (const uint64_t[]){ a, b }, 2, p, &res)) {
        return res;
    }
    FPNum x = unpack(a), y = unpack(b);
    if (x.cls == FPC_INF || y.cls == FPC_INF) {
        if (x.cls == FPC_INF && y.cls == FPC_INF && x.sign != y.sign) {
            return invalid(c, FPSCR_VXISI);
        }
        return make_inf(x.cls == FPC_INF ? x.sign : y.sign);
    }
    return add_finite(c, x, y, p);
}

uint64_t fp_sub(FPCtx *c, uint64_t a, uint64_t b, FPPrec p)
{
    /* a NaN in FRB propagates with its own sign */
    return fp_add(c, a, fp_is_nan(b) ? b : b ^ SIGN_BIT, p);
}

/* ---- multiply, divide, square root ---- */

/* The exact product of two nonzero finite numbers (106 significant bits). */
static FPNum mul_exact(FPNum x, FPNum y)
{
    FPNum r = { .cls = FPC_NUM, .sign = x.sign ^ y.sign, .exp = x.exp + y.exp };
    r.sig = (u128)(uint64_t)(x.sig >> 64) * (uint64_t)(y.sig >> 64);
    if (r.sig & BIT127) {
        r.exp += 1;
    } else {
        r.sig <<= 1;
    }
    return r;
}

uint64_t fp_mul(FPCtx *c, uint64_t a, uint64_t b, FPPrec p)
{
    uint64_t res;
    if (host_ok(c, p) && fp_host_mul(c, a, b, &res)) {
        return res;
    }
    if (nan_result(c, (const uint64_t[]){ a, b }, 2, p, &res)) {
        return res;
    }
    FPNum x = unpack(a), y = unpack(b);
    bool sign = x.sign ^ y.sign;
    if ((x.cls == FPC_INF && y.cls == FPC_ZERO) || (x.cls == FPC_ZERO && y.cls == FPC_INF)) {
        return invalid(c, FPSCR_VXIMZ);
    }
    if (x.cls == FPC_INF || y.cls == FPC_INF) {
        return make_inf(sign);
    }
    if (x.cls == FPC_ZERO || y.cls == FPC_ZERO) {
        return make_zero(sign);
    }
    return round_num(c, mul_exact(x, y), p);
}

uint64_t fp_div(FPCtx *c, uint64_t a, uint64_t b, FPPrec p)
{
    uint64_t res;
    if (host_ok(c, p) && fp_host_div(c, a, b, &res)) {
        return res;
    }
    if (nan_result(c, (const uint64_t[]){ a, b }, 2, p, &res)) {
        return res;
    }
    FPNum x = unpack(a), y = unpack(b);
    bool sign = x.sign ^ y.sign;
    if (x.cls == FPC_INF && y.cls == FPC_INF) {
        return invalid(c, FPSCR_VXIDI);
    }
    if (x.cls == FPC_ZERO && y.cls == FPC_ZERO) {
        return invalid(c, FPSCR_VXZDZ);
    }
    if (x.cls == FPC_INF) {
        return make_inf(sign);
    }
    if (y.cls == FPC_INF || x.cls == FPC_ZERO) {
        return make_zero(sign);
    }
    if (y.cls == FPC_ZERO) {
        c->exc |= FPSCR_ZX;
        return make_inf(sign);
    }
    /* 64-bit quotient of the 64-bit significands, remainder as sticky */
    uint64_t ma = (uint64_t)(x.sig >> 64), mb = (uint64_t)(y.sig >> 64);
    u128 n = (u128)ma << 64;
    u128 q = n / mb;
    bool sticky = n % mb != 0;
    int lead = 127 - clz128(q);
    q = (q << (127 - lead)) | sticky;
    return round_pack(c, sign, x.exp - y.exp - 64 + lead, q, p);
}

/* floor(sqrt(n)) of a 128-bit n, digit by digit; *exact when n is a square. */
static uint64_t isqrt128(u128 n, bool *exact)
{
    u128 rem = 0, root = 0;
    for (int i = 0; i < 64; i++) {
        rem = (rem << 2) | (n >> 126);
        n <<= 2;
        root <<= 1;
        u128 trial = (root << 1) | 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1;
        }
    }
    *exact = rem == 0;
    return (uint64_t)root;
}

/* sqrt of a positive finite nonzero number, exact with sticky */
static FPNum sqrt_exact(FPNum x)
{
    uint64_t m = (uint64_t)(x.sig >> 64);     /* x = m * 2^(exp - 63) */
    int k = (x.exp & 1) ? 64 : 63;            /* make exp - 63 - k even */
    bool exact;
    uint64_t r = isqrt128((u128)m << k, &exact);
    FPNum s = { .cls = FPC_NUM, .sign = false, .exp = (x.exp - 63 - k) / 2 + 63 };
    s.sig = ((u128)r << 64) | !exact;
    return s;
}

uint64_t fp_sqrt(FPCtx *c, uint64_t b, FPPrec p)
{
    uint64_t res;
    if (host_ok(c, p) && fp_host_sqrt(c, b, &res)) {
        return res;
    }
    if (nan_result(c, &b, 1, p, &res)) {
        return res;
    }
    FPNum x = unpack(b);
    if (x.cls == FPC_ZERO) {
        return b;
    }
    if (x.sign) {
        return invalid(c, FPSCR_VXSQRT);
    }
    if (x.cls == FPC_INF) {
        return b;
    }
    return round_num(c, sqrt_exact(x), p);
}

/* ---- fused multiply-add ---- */

uint64_t fp_muladd(FPCtx *c, uint64_t a, uint64_t cc, uint64_t b, bool neg_b, bool neg_result,
                   FPPrec p)
{
    uint64_t r;
    if (host_ok(c, p) && fp_host_muladd(c, a, cc, b, neg_b, neg_result, &r)) {
        return r;
    }
    FPNum x = unpack(a), y = unpack(cc), z = unpack(b);
    bool imz = (x.cls == FPC_INF && y.cls == FPC_ZERO) || (x.cls == FPC_ZERO && y.cls == FPC_INF);

    /* NaN order for the A-form multiply-adds: FRA, FRB, FRC */
    if (nan_result(c, (const uint64_t[]){ a, b, cc }, 3, p, &r)) {
        if (imz) {
            c->exc |= FPSCR_VXIMZ;     /* inf * 0 is invalid even with a QNaN addend */
        }
        return r;                      /* NaNs propagate with their sign unchanged */
    }
    if (imz) {
        return invalid(c, FPSCR_VXIMZ);
    }
    if (neg_b) {
        z.sign ^= 1;
    }
    bool psign = x.sign ^ y.sign;
    if (x.cls == FPC_INF || y.cls == FPC_INF) {
        if (z.cls == FPC_INF && z.sign != psign) {
            return invalid(c, FPSCR_VXISI);
        }
        r = make_inf(psign);
    } else if (z.cls == FPC_INF) {
        r = make_inf(z.sign);
    } else {
        FPNum prod = { .cls = FPC_ZERO, .sign = psign };
        if (x.cls != FPC_ZERO && y.cls != FPC_ZERO) {
            prod = mul_exact(x, y);
        }
        r = add_finite(c, prod, z, p);
    }
    /* fnmadd/fnmsub: "fmadd/fmsub with the final result negated" - after rounding */
    return neg_result ? r ^ SIGN_BIT : r;
}

/* ---- rounding to single, estimates ---- */

uint64_t fp_round_to_single(FPCtx *c, uint64_t b)
{
    uint64_t res;
    if (nan_result(c, &b, 1, FP_SINGLE, &res)) {
        return res;
    }
    FPNum x = unpack(b);
    if (x.cls != FPC_NUM) {
        return b;
    }
    return round_num(c, x, FP_SINGLE);
}

/*
 * fre(s), frsqrte(s): the ISA only bounds the error of these estimates; the
 * POWER8 tables are not public. Like QEMU we return the correctly rounded
 * 1/x (and 1/sqrt(x) as 1/round(sqrt(x))), which meets the bound. The ISA's
 * "Special Registers Altered" lists no XX for them, so XX is left alone
 * (QEMU sets it); FR and FI are undefined: FI tells whether the value was
 * rounded and FR is 0, as QEMU gives.
 */
static void estimate_flags(FPCtx *c)
{
    c->exc &= ~FPSCR_XX;
    c->fr = false;
}

uint64_t fp_recip_estimate(FPCtx *c, uint64_t b, FPPrec p)
{
    uint64_t res;
    if (nan_result(c, &b, 1, p, &res)) {
        return res;
    }
    FPNum x = unpack(b);
    if (x.cls == FPC_ZERO) {
        c->exc |= FPSCR_ZX;
        return make_inf(x.sign);
    }
    if (x.cls == FPC_INF) {
        return make_zero(x.sign);
    }
    res = fp_div(c, 0x3ff0000000000000ull, b, p);
    estimate_flags(c);
    return res;
}

uint64_t fp_rsqrt_estimate(FPCtx *c, uint64_t b, FPPrec p)
{
    uint64_t res;
    if (nan_result(c, &b, 1, p, &res)) {
        return res;
    }
    FPNum x = unpack(b);
    if (x.cls == FPC_ZERO) {
        c->exc |= FPSCR_ZX;
        return make_inf(x.sign);
    }
    if (x.sign) {
        return invalid(c, FPSCR_VXSQRT);
    }
    if (x.cls == FPC_INF) {
        return make_zero(false);
    }
    uint64_t s = round_num(c, sqrt_exact(x), FP_DOUBLE);
    res = fp_div(c, 0x3ff0000000000000ull, s, p);
    estimate_flags(c);
    return res;
}

/* ---- integer conversions and rounding to integral values ---- */

/*
 * Round |value| = sig * 2^(exp - 127), exp < 127, to an integer by `mode`
 * (FP_RN_* or FP_RI_NEAR_AWAY). Sets *inexact and *inc (magnitude increased).
 */
static u128 round_int_mag(bool sign, int32_t exp, u128 sig, int mode, bool *inexact, bool *inc)
{
    u128 ip;
    int cmp;        /* fraction against one half: -1, 0, +1 */

    if (exp < 0) {
        ip = 0;
        *inexact = true;
        cmp = exp < -1 ? -1 : sig == BIT127 ? 0 : 1;
    } else {
        int sh = 127 - exp;
        u128 frac = sig & (((u128)1 << sh) - 1);
        u128 half = (u128)1 << (sh - 1);
        ip = sig >> sh;
        *inexact = frac != 0;
        cmp = frac < half ? -1 : frac == half ? 0 : 1;
    }
    *inc = false;
    if (*inexact) {
        switch (mode) {
        case FP_RN_NEAR:
            *inc = cmp > 0 || (cmp == 0 && (ip & 1));
            break;
        case FP_RN_ZERO:
            break;
        case FP_RN_UP:
            *inc = !sign;
            break;
        case FP_RN_DOWN:
            *inc = sign;
            break;
        case FP_RI_NEAR_AWAY:
            *inc = cmp >= 0;
            break;
        }
    }
    return ip + *inc;
}

uint64_t fp_to_int(FPCtx *c, uint64_t b, bool is_signed, int bits, bool trunc)
{
    const u128 limit_pos = is_signed ? (u128)1 << (bits - 1) : (u128)1 << bits;  /* exclusive */
    const u128 limit_neg = is_signed ? (u128)1 << (bits - 1) : 0;                /* inclusive */
    const uint64_t vmask = bits == 64 ? ~0ull : 0xffffffffull;
    const uint64_t max = (uint64_t)(limit_pos - 1) & vmask;
    const uint64_t min = (uint64_t)(0 - limit_neg) & vmask;
    FPNum x = unpack(b);

    if (x.cls == FPC_NAN) {
        if (fp_is_snan(b)) {
            c->exc |= FPSCR_VXSNAN;
        }
        c->exc |= FPSCR_VXCVI;
        return min;
    }
    if (x.cls == FPC_INF) {
        c->exc |= FPSCR_VXCVI;
        return x.sign ? min : max;
    }
    if (x.cls == FPC_ZERO) {
        return 0;
    }
    if (x.exp >= bits) {
        c->exc |= FPSCR_VXCVI;
        return x.sign ? min : max;
    }
    bool inexact, inc;
    u128 mag = round_int_mag(x.sign, x.exp, x.sig, trunc ? FP_RN_ZERO : (int)c->rn, &inexact,
                             &inc);
    if (x.sign ? mag > limit_neg : mag >= limit_pos) {
        c->exc |= FPSCR_VXCVI;
        return x.sign ? min : max;
    }
    if (inexact) {
        c->exc |= FPSCR_XX;
    }
    c->fi = inexact;
    c->fr = inc;
    return (uint64_t)(x.sign ? 0 - mag : mag) & vmask;
}

uint64_t fp_from_int(FPCtx *c, uint64_t v, bool is_signed, FPPrec p)
{
    bool sign = is_signed && (int64_t)v < 0;
    uint64_t mag = sign ? 0 - v : v;
    if (mag == 0) {
        return 0;
    }
    FPNum n = { .cls = FPC_NUM, .sign = sign, .exp = 127, .sig = mag };
    normalize(&n);
    return round_num(c, n, p);
}

uint64_t fp_round_to_integral(FPCtx *c, uint64_t b, int mode)
{
    uint64_t res;
    if (nan_result(c, &b, 1, FP_DOUBLE, &res)) {
        return res;
    }
    FPNum x = unpack(b);
    if (x.cls != FPC_NUM || x.exp >= 52) {
        return b;                 /* already integral */
    }
    bool inexact, inc;
    u128 mag = round_int_mag(x.sign, x.exp, x.sig, mode, &inexact, &inc);
    if (mag == 0) {
        return make_zero(x.sign);
    }
    /* exact: an integer below 2^53; fri* leave XX, FR and FI clear */
    FPNum n = { .cls = FPC_NUM, .sign = x.sign, .exp = 127, .sig = mag };
    normalize(&n);
    FPCtx exact = { .rn = FP_RN_ZERO };
    return round_num(&exact, n, FP_DOUBLE);
}

/* ---- compare, classify ---- */

unsigned fp_compare(uint64_t a, uint64_t b)
{
    if (fp_is_nan(a) || fp_is_nan(b)) {
        return 1;
    }
    /* ordered comparison of non-NaN doubles is exact and raises no host flags */
    double x, y;
    memcpy(&x, &a, 8);
    memcpy(&y, &b, 8);
    return x < y ? 8 : x > y ? 4 : 2;
}

unsigned fp_fprf(uint64_t d, FPPrec p)
{
    bool neg = d >> 63;
    unsigned e = (d >> 52) & 0x7ff;

    if (fp_is_nan(d)) {
        return FPRF_QNAN;
    }
    if (fp_is_inf(d)) {
        return neg ? FPRF_NINF : FPRF_PINF;
    }
    if (fp_is_zero(d)) {
        return neg ? FPRF_NZERO : FPRF_PZERO;
    }
    /* the smallest single normal, 2^-126, has double exponent field 897 */
    bool denorm = p == FP_SINGLE ? e < 897 : e == 0;
    if (denorm) {
        return neg ? FPRF_NDENORM : FPRF_PDENORM;
    }
    return neg ? FPRF_NNORM : FPRF_PNORM;
}
