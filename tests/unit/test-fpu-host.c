/*
 * The host-FPU fast path (ppc/fpu-host.h) against the integer soft-float
 * core (ppc/fpu.c with FPCtx.soft): on a large deterministic random set of
 * operands, in all four rounding modes, every double-precision add, subtract,
 * multiply, divide and multiply-add must give the same result bits and the
 * same outcome (exception bits, FR, FI) with the fast path as without it.
 * The operands are biased to where rounding is decided: ties and
 * near-ties, exact results, cancellation, and results and products near
 * the ends of the normal range and near the fast path's own limits. The
 * test also checks that the fast path really ran, rounding both up and down.
 */
#include <glib.h>

#include "ppc/fpu-host.h"

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_MADD, OP_MSUB, OP_NMADD, OP_NMSUB, OP_SQRT, OP_COUNT };
static const char *const op_names[OP_COUNT] = {
    "add", "sub", "mul", "div", "madd", "msub", "nmadd", "nmsub", "sqrt",
};

#define SIGN  0x8000000000000000ull
#define FRAC  0x000fffffffffffffull

static uint64_t rng_state;

static uint64_t rnd(void)
{
    /* xorshift64* */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 0x2545f4914f6cdd1dull;
}

static unsigned rnd_below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static uint64_t make(uint64_t sign, int64_t expf, uint64_t frac)
{
    if (expf < 0) {
        expf = 0;
    }
    if (expf > 2047) {
        expf = 2047;
    }
    return (sign << 63) | ((uint64_t)expf << 52) | (frac & FRAC);
}

/* A fraction with only its top k bits random (k = 0..52): short significands make exact and tie cases. */
static uint64_t rnd_frac(void)
{
    unsigned k = rnd_below(53);
    uint64_t f = rnd() & FRAC;
    return k == 52 ? f : f & ~(FRAC >> k);
}

static const uint64_t specials[] = {
    0, SIGN, 0x7ff0000000000000ull, 0xfff0000000000000ull, 0x7ff8000000000000ull,
    0x7ff4000000000000ull, 1, 0x000fffffffffffffull, 0x0010000000000000ull,
    0x0020000000000000ull, 0x7fefffffffffffffull, 0x7fe0000000000000ull,
    0x7fd0000000000000ull, 0x3ff0000000000000ull, 0x0030000000000000ull,
};

/* An exponent field from the interesting regions. */
static int64_t rnd_expf(void)
{
    switch (rnd_below(6)) {
    case 0: return rnd_below(2048);
    case 1: return rnd_below(64);                   /* denormal and the bottom of the range */
    case 2: return 2047 - rnd_below(64);            /* the top of the range */
    default: return 1023 - 40 + rnd_below(80);      /* ordinary magnitudes */
    }
}

static uint64_t rnd_double(void)
{
    if (rnd_below(16) == 0) {
        return specials[rnd_below(G_N_ELEMENTS(specials))] ^ (rnd() & SIGN);
    }
    return make(rnd() & 1, rnd_expf(), rnd_frac());
}

/* A second operand related to x: shifted, half an ulp or a few ulps of it, or next to it. */
static uint64_t rnd_related(uint64_t x)
{
    int64_t ex = (int64_t)((x >> 52) & 0x7ff);
    uint64_t s = rnd() & 1;

    switch (rnd_below(7)) {
    case 0:
        return make(s, ex - 53, 0);                         /* half an ulp: a tie */
    case 6:
        return make(s, ex - 52 + rnd_below(3), rnd_below(2) ? 0 : 1ull << 51);  /* ulps */
    case 1:
        return make(s, ex - 53, rnd_below(2) ? 1 : FRAC);   /* just off a tie */
    case 2:
        return make(s, ex - (int64_t)rnd_below(64), rnd_frac());
    case 3:
        return x ^ (s << 63) ^ rnd_below(4);                /* cancellation */
    case 4:
        return make(s, ex + (int64_t)rnd_below(8) - 4, x + rnd_below(3) - 1);
    default:
        return rnd_double();
    }
}

/* An exponent field for y such that x*y (or x/y if div) lands near an edge of the fast path. */
static uint64_t rnd_scaled(uint64_t x, bool div)
{
    static const int64_t targets[] = { 0, 1, 2, 3, 50, 51, 52, 53, 54, 55, 2044, 2045, 2046, 2047 };
    int64_t ex = (int64_t)((x >> 52) & 0x7ff);
    int64_t t = targets[rnd_below(G_N_ELEMENTS(targets))] + (int64_t)rnd_below(3) - 1;
    /* field(x*y) ~ ex + ey - 1023; field(x/y) ~ ex - ey + 1023 */
    int64_t ey = div ? ex - t + 1023 : t - ex + 1023;
    return make(rnd() & 1, ey, rnd_frac());
}

static uint64_t apply(int op, FPCtx *c, uint64_t a, uint64_t b, uint64_t d, FPPrec p)
{
    switch (op) {
    case OP_ADD: return fp_add(c, a, b, p);
    case OP_SUB: return fp_sub(c, a, b, p);
    case OP_MUL: return fp_mul(c, a, b, p);
    case OP_DIV: return fp_div(c, a, b, p);
    case OP_SQRT: return fp_sqrt(c, a, p);
    default:
        return fp_muladd(c, a, b, d, op == OP_MSUB || op == OP_NMSUB,
                         op == OP_NMADD || op == OP_NMSUB, p);
    }
}

/* The fast path alone: false when it declines (then it must not have touched c). */
static bool apply_host(int op, FPCtx *c, uint64_t a, uint64_t b, uint64_t d, uint64_t *r)
{
    switch (op) {
    case OP_ADD: return fp_host_add(c, a, b, r);
    case OP_SUB: return fp_host_add(c, a, fp_is_nan(b) ? b : b ^ SIGN, r);
    case OP_MUL: return fp_host_mul(c, a, b, r);
    case OP_DIV: return fp_host_div(c, a, b, r);
    case OP_SQRT: return fp_host_sqrt(c, a, r);
    default:
        return fp_host_muladd(c, a, b, d, op == OP_MSUB || op == OP_NMSUB,
                              op == OP_NMADD || op == OP_NMSUB, r);
    }
}

typedef struct {
    long cases, fast, fast_fr, fast_inexact_no_fr, fast_exact, mismatches;
} Stats;

static void check_one(int op, Stats *st, uint64_t a, uint64_t b, uint64_t d)
{
    /* FR/FI start set, so an operation that should leave them alone is checked too */
    FPCtx env = { .rn = rnd_below(4), .oe = rnd_below(4) == 0, .ue = rnd_below(4) == 0,
                  .fr = true, .fi = true };
    FPPrec p = rnd_below(10) == 0 ? FP_SINGLE : FP_DOUBLE;
    if (rnd_below(2)) {
        env.rn = FP_RN_NEAR;       /* the mode the fast path serves, more often */
    }
    FPCtx fast = env, slow = env;
    slow.soft = true;
    uint64_t rf = apply(op, &fast, a, b, d, p);
    uint64_t rs = apply(op, &slow, a, b, d, p);

    st->cases++;
    if (rf != rs || fast.exc != slow.exc || fast.fr != slow.fr || fast.fi != slow.fi) {
        if (st->mismatches++ < 10) {
            g_test_message("%s rn=%u prec=%d %016" G_GINT64_MODIFIER "x %016" G_GINT64_MODIFIER
                           "x %016" G_GINT64_MODIFIER "x: fast %016" G_GINT64_MODIFIER
                           "x exc %" G_GINT64_MODIFIER "x fr %d fi %d, soft %016"
                           G_GINT64_MODIFIER "x exc %" G_GINT64_MODIFIER "x fr %d fi %d",
                           op_names[op], env.rn, (int)p, a, b, d, rf, fast.exc, fast.fr,
                           fast.fi, rs, slow.exc, slow.fr, slow.fi);
        }
    }

    FPCtx h = env;
    uint64_t rh;
    if (env.rn == FP_RN_NEAR && p == FP_DOUBLE && apply_host(op, &h, a, b, d, &rh)) {
        st->fast++;
        st->fast_fr += h.fr;
        st->fast_inexact_no_fr += h.fi && !h.fr;
        st->fast_exact += !h.fi;
    } else if (memcmp(&h, &env, sizeof(h)) != 0) {
        if (st->mismatches++ < 10) {
            g_test_message("%s: declined but changed the context", op_names[op]);
        }
    }
}

static void test_op(gconstpointer data)
{
    int op = GPOINTER_TO_INT(data);
    Stats st = { 0 };
    const long n = 300000;

    rng_state = 0x9e3779b97f4a7c15ull * (uint64_t)(op + 1);
    for (long i = 0; i < n; i++) {
        uint64_t a = rnd_double(), b, d;
        bool is_div = op == OP_DIV;
        switch (rnd_below(4)) {
        case 0: b = rnd_double(); break;
        case 1: b = rnd_scaled(a, is_div); break;
        default: b = rnd_related(a); break;
        }
        if (is_div && rnd_below(3) == 0) {
            /*
             * a = b * q, rounded and then moved by up to two ulps: exact
             * quotients (a short q) and quotients within an ulp of q, with q
             * also at the ends of the normal range.
             */
            static const uint64_t edges[] = { 0x0010000000000000ull, 0x0020000000000000ull,
                                              0x001fffffffffffffull, 0x7fefffffffffffffull,
                                              0x7fe0000000000000ull };
            uint64_t q = rnd_below(2) ? edges[rnd_below(G_N_ELEMENTS(edges))]
                                      : make(0, 1023 - 30 + rnd_below(60), rnd_frac());
            FPCtx e = { .soft = true };
            a = fp_mul(&e, b, q ^ (rnd() & SIGN), FP_DOUBLE);
            if (!fp_is_nan(a) && !fp_is_inf(a) && !fp_is_zero(a)) {
                a += rnd_below(5) - 2;
            }
        }
        if (op == OP_SQRT && rnd_below(2)) {
            /* near a square: s*s of a short s (exact), moved by up to two ulps, at any exponent */
            FPCtx e = { .soft = true };
            uint64_t sq = make(0, 1023 - 500 + rnd_below(1000), rnd_frac());
            a = fp_mul(&e, sq, sq, FP_DOUBLE);
            if (!fp_is_nan(a) && !fp_is_inf(a) && !fp_is_zero(a)) {
                a += rnd_below(5) - 2;
            }
        }
        if (op >= OP_MADD && op != OP_SQRT) {
            /* the addend: near the product (cancellation), near its half ulp, or anything */
            FPCtx e = { .soft = true };
            uint64_t prod = fp_mul(&e, a, b, FP_DOUBLE);
            switch (rnd_below(4)) {
            case 0: d = prod ^ SIGN ^ (rnd() & 1 ? SIGN : 0); break;
            case 1: d = rnd_related(prod); break;
            case 2: d = rnd_related(a); break;
            default: d = rnd_double(); break;
            }
        } else {
            d = 0;
        }
        check_one(op, &st, a, b, d);
    }
    g_test_message("%s: %ld cases, %ld on the fast path (%ld FR=1, %ld inexact FR=0, %ld exact)",
                   op_names[op], st.cases, st.fast, st.fast_fr, st.fast_inexact_no_fr,
                   st.fast_exact);
    g_assert_cmpint(st.mismatches, ==, 0);
    /* the comparison above means something only if the fast path ran, in each outcome */
    g_assert_cmpint(st.fast, >, n / 10);
    g_assert_cmpint(st.fast_fr, >, n / 200);
    g_assert_cmpint(st.fast_inexact_no_fr, >, n / 200);
    g_assert_cmpint(st.fast_exact, >, n / 200);
}

/* The host really rounds as the fast path assumes: to nearest even, with denormals. */
static void test_host_environment(void)
{
    volatile double one = 1.0, tiny = 0x1p-53, min = 0x1p-1022, eps = 0x1p-52;

    g_assert_true(one + tiny == 1.0);                       /* a tie goes to even */
    g_assert_true(one + 3 * tiny == 1.0 + 0x1p-51);         /* 1 + 1.5 ulp: up to even */
    g_assert_true(min / 4 != 0);                            /* no flush to zero */
    g_assert_true(fma(one + eps, one - eps, -one) == -0x1p-104);   /* fma is fused */
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/fpu-host/host-environment", test_host_environment);
    for (int op = 0; op < OP_COUNT; op++) {
        char *path = g_strdup_printf("/fpu-host/same-as-soft/%s", op_names[op]);
        g_test_add_data_func(path, GINT_TO_POINTER(op), test_op);
        g_free(path);
    }
    return g_test_run();
}
