/*
 * VSX floating-point instructions of Power ISA 2.07B Book I chapter 7:
 * scalar double and single precision (7.6.1 xs*), vector double and single
 * precision (xv*): arithmetic, multiply-add, compares, max/min, sign
 * operations, conversions, round to integral, estimates and the
 * software-divide/sqrt tests.
 *
 * FPSCR (7.3.2): scalar operations set FPRF, FR and FI; vector ones only the
 * exception bits. An enabled invalid-operation or zero-divide exception
 * leaves the target unchanged; any enabled exception then takes the program
 * interrupt if MSR[FE0|FE1] asks for it (precise mode).
 *
 * The arithmetic is the FP instructions' soft-float core (ppc/fpu.h); the
 * VSX element order, FPSCR merging and the compare/max/min exception rules
 * are here. Scalar results leave doubleword 1 of the target zero (ISA 2.07 calls it
 * undefined; later ISAs and QEMU write zero).
 */
#include "ppc/vec-helpers.h"
#include "ppc/fpu.h"

#define XT(insn) (&cpu->vsr[F_XT(insn)])
#define XA(insn) (&cpu->vsr[F_XA(insn)])
#define XB(insn) (&cpu->vsr[F_XB(insn)])

#define SIGN64 0x8000000000000000ull
#define SIGN32 0x80000000u
#define QUIET64 0x0008000000000000ull

static inline FPCtx vf_begin(PowerPCCPU *cpu)
{
    ppc_check_vsx(cpu);
    return (FPCtx){ .rn = (unsigned)(cpu->fpscr & FPSCR_RN),
                    .oe = (cpu->fpscr & FPSCR_OE) != 0,
                    .ue = (cpu->fpscr & FPSCR_UE) != 0 };
}

/* ---- The operations, on double-format values ---- */

enum { VOP_ADD, VOP_SUB, VOP_MUL, VOP_DIV, VOP_SQRT, VOP_MADD, VOP_MSUB, VOP_RE, VOP_RSQRTE };

/* a op b; the multiply-adds are a * b +/- c, negated afterwards (never a NaN) if `negate`. */
static uint64_t vsx_arith(FPCtx *f, int op, uint64_t a, uint64_t b, uint64_t c, bool negate,
                          bool sp)
{
    FPPrec p = sp ? FP_SINGLE : FP_DOUBLE;

    switch (op) {
    case VOP_ADD: return fp_add(f, a, b, p);
    case VOP_SUB: return fp_sub(f, a, b, p);
    case VOP_MUL: return fp_mul(f, a, b, p);
    case VOP_DIV: return fp_div(f, a, b, p);
    case VOP_SQRT: return fp_sqrt(f, b, p);
    case VOP_MADD: return fp_muladd(f, a, b, c, false, negate, p);
    case VOP_MSUB: return fp_muladd(f, a, b, c, true, negate, p);
    case VOP_RE: return fp_recip_estimate(f, b, p);
    default: return fp_rsqrt_estimate(f, b, p);
    }
}

/* Signalling NaNs are invalid; an ordered compare finds any NaN invalid (VXVC). */
static unsigned vsx_compare(FPCtx *f, uint64_t a, uint64_t b, bool ordered)
{
    if (fp_is_nan(a) || fp_is_nan(b)) {
        if (fp_is_snan(a) || fp_is_snan(b)) {
            f->exc |= FPSCR_VXSNAN;
        }
        if (ordered) {
            f->exc |= FPSCR_VXVC;
        }
    }
    return fp_compare(a, b);
}

/*
 * xsmaxdp / xsmindp and the xvmax* / xvmin* elements (7.6.1, the "Actions for
 * xsmaxdp" table): an SNaN in XA gives itself quieted; otherwise an SNaN in XB
 * gives XA if XA is a QNaN, else itself quieted; either SNaN is invalid
 * (VXSNAN). A lone QNaN loses to the other operand, XA wins between two QNaNs.
 * +0 is greater than -0.
 */
static uint64_t vsx_maxmin(FPCtx *f, uint64_t a, uint64_t b, bool max)
{
    unsigned c;

    if (fp_is_snan(a) || fp_is_snan(b)) {
        f->exc |= FPSCR_VXSNAN;
    }
    if (fp_is_snan(a)) {
        return a | QUIET64;
    }
    if (fp_is_snan(b)) {
        return fp_is_nan(a) ? a : (b | QUIET64);
    }
    if (fp_is_nan(a)) {
        return fp_is_nan(b) ? a : b;
    }
    if (fp_is_nan(b)) {
        return a;
    }
    c = fp_compare(a, b);
    if (c == 2) {
        /* equal: both zeros (pick by sign) or the same value */
        return ((a >> 63) == (uint64_t)max) ? b : a;
    }
    return (c == 4) == max ? a : b;
}

/*
 * fri*-style rounding (no XX, FR = FI = 0); xsrdpic / xvrdpic round like an arithmetic
 * result: XX and FI for an inexact result, FR when its magnitude was increased (7.6.1
 * xsrdpic; the result keeps the operand's sign, so magnitudes compare as bit patterns).
 */
static uint64_t vsx_round_int(FPCtx *f, uint64_t b, int mode, bool set_xx)
{
    const uint64_t mag = ~(1ull << 63);
    uint64_t r = fp_round_to_integral(f, b, mode);

    if (set_xx && !fp_is_nan(b) && r != b) {
        f->exc |= FPSCR_XX;
        f->fi = true;
        f->fr = (r & mag) > (b & mag);
    }
    return r;
}

/* An enabled invalid or zero-divide exception: the target keeps its value. */
static inline bool vf_suppressed(const PowerPCCPU *cpu, const FPCtx *f)
{
    return ((f->exc & FPSCR_VX_ALL) && (cpu->fpscr & FPSCR_VE)) ||
           ((f->exc & FPSCR_ZX) && (cpu->fpscr & FPSCR_ZE));
}

/* Merge the outcome into the FPSCR; FR/FI and FPRF only when asked (scalar forms). */
static void vf_finish(PowerPCCPU *cpu, const FPCtx *f, bool frfi, int fprf)
{
    const uint64_t sticky = FPSCR_OX | FPSCR_UX | FPSCR_ZX | FPSCR_XX | FPSCR_VX_ALL;
    uint64_t fpscr = cpu->fpscr;
    uint64_t exc = f->exc;
    bool enabled;

    if (exc & sticky & ~fpscr) {
        fpscr |= FPSCR_FX;
    }
    fpscr |= exc;
    if (frfi) {
        fpscr &= ~(FPSCR_FR | FPSCR_FI);
        fpscr |= (f->fr ? FPSCR_FR : 0) | (f->fi ? FPSCR_FI : 0);
    }
    if (fprf >= 0) {
        fpscr = (fpscr & ~FPSCR_FPRF) | (uint64_t)fprf << FPSCR_FPRF_SHIFT;
    }
    fpscr &= ~(FPSCR_VX | FPSCR_FEX);
    if (fpscr & FPSCR_VX_ALL) {
        fpscr |= FPSCR_VX;
    }
    if (((fpscr & FPSCR_VX) && (fpscr & FPSCR_VE)) || ((fpscr & FPSCR_OX) && (fpscr & FPSCR_OE)) ||
        ((fpscr & FPSCR_UX) && (fpscr & FPSCR_UE)) || ((fpscr & FPSCR_ZX) && (fpscr & FPSCR_ZE)) ||
        ((fpscr & FPSCR_XX) && (fpscr & FPSCR_XE))) {
        fpscr |= FPSCR_FEX;
    }
    cpu->fpscr = fpscr;
    enabled = ((exc & FPSCR_VX_ALL) && (fpscr & FPSCR_VE)) || ((exc & FPSCR_OX) && (fpscr & FPSCR_OE)) ||
              ((exc & FPSCR_UX) && (fpscr & FPSCR_UE)) || ((exc & FPSCR_ZX) && (fpscr & FPSCR_ZE)) ||
              ((exc & FPSCR_XX) && (fpscr & FPSCR_XE));
    if (enabled && (cpu->msr & (MSR_FE0 | MSR_FE1))) {
        ppc_raise_program(cpu, SRR1_PROGFPE);
    }
}

/* Scalar result: doubleword 0, FPRF of it. */
static void xs_write(PowerPCCPU *cpu, uint32_t insn, FPCtx *f, uint64_t r, bool sp)
{
    int fprf = -1;

    if (!vf_suppressed(cpu, f)) {
        PPCVsr *t = XT(insn);
        VsrD(t, 0) = r;
        VsrD(t, 1) = 0;
        fprf = (int)fp_fprf(r, sp ? FP_SINGLE : FP_DOUBLE);
    } else {
        f->fr = f->fi = false;
    }
    vf_finish(cpu, f, true, fprf);
}

/* ---- Scalar arithmetic ---- */

/* form: 0 = XA op XB, 1 = op XB, 2 = XA*XB + XT (A-form), 3 = XA*XT + XB (M-form) */
static int xs_arith(PowerPCCPU *cpu, uint32_t insn, int op, int form, bool negate, bool sp)
{
    FPCtx f = vf_begin(cpu);
    uint64_t a = VsrD(XA(insn), 0), b = VsrD(XB(insn), 0), t = VsrD(XT(insn), 0), r;

    if (form == 2) {
        r = vsx_arith(&f, op, a, b, t, negate, sp);
    } else if (form == 3) {
        r = vsx_arith(&f, op, a, t, b, negate, sp);
    } else {
        r = vsx_arith(&f, op, a, b, 0, negate, sp);
    }
    xs_write(cpu, insn, &f, r, sp);
    return 0;
}

#define XS_ARITH(name, op, form, neg, sp) \
    PPC_INSN(name) { return xs_arith(cpu, insn, op, form, neg, sp); }

XS_ARITH(xsadddp, VOP_ADD, 0, false, false)
XS_ARITH(xssubdp, VOP_SUB, 0, false, false)
XS_ARITH(xsmuldp, VOP_MUL, 0, false, false)
XS_ARITH(xsdivdp, VOP_DIV, 0, false, false)
XS_ARITH(xssqrtdp, VOP_SQRT, 1, false, false)
XS_ARITH(xsredp, VOP_RE, 1, false, false)
XS_ARITH(xsrsqrtedp, VOP_RSQRTE, 1, false, false)
XS_ARITH(xsaddsp, VOP_ADD, 0, false, true)
XS_ARITH(xssubsp, VOP_SUB, 0, false, true)
XS_ARITH(xsmulsp, VOP_MUL, 0, false, true)
XS_ARITH(xsdivsp, VOP_DIV, 0, false, true)
XS_ARITH(xssqrtsp, VOP_SQRT, 1, false, true)
XS_ARITH(xsresp, VOP_RE, 1, false, true)
XS_ARITH(xsrsqrtesp, VOP_RSQRTE, 1, false, true)
XS_ARITH(xsmaddadp, VOP_MADD, 2, false, false)
XS_ARITH(xsmaddmdp, VOP_MADD, 3, false, false)
XS_ARITH(xsmsubadp, VOP_MSUB, 2, false, false)
XS_ARITH(xsmsubmdp, VOP_MSUB, 3, false, false)
XS_ARITH(xsnmaddadp, VOP_MADD, 2, true, false)
XS_ARITH(xsnmaddmdp, VOP_MADD, 3, true, false)
XS_ARITH(xsnmsubadp, VOP_MSUB, 2, true, false)
XS_ARITH(xsnmsubmdp, VOP_MSUB, 3, true, false)
XS_ARITH(xsmaddasp, VOP_MADD, 2, false, true)
XS_ARITH(xsmaddmsp, VOP_MADD, 3, false, true)
XS_ARITH(xsmsubasp, VOP_MSUB, 2, false, true)
XS_ARITH(xsmsubmsp, VOP_MSUB, 3, false, true)
XS_ARITH(xsnmaddasp, VOP_MADD, 2, true, true)
XS_ARITH(xsnmaddmsp, VOP_MADD, 3, true, true)
XS_ARITH(xsnmsubasp, VOP_MSUB, 2, true, true)
XS_ARITH(xsnmsubmsp, VOP_MSUB, 3, true, true)

/* ---- Scalar compare, max/min, sign ---- */

static int xs_compare(PowerPCCPU *cpu, uint32_t insn, bool ordered)
{
    FPCtx f = vf_begin(cpu);
    unsigned c = vsx_compare(&f, VsrD(XA(insn), 0), VsrD(XB(insn), 0), ordered);

    /* An enabled SNaN exception suppresses VXVC of the ordered compare (4.6.8 fcmpo). */
    if (ordered && (f.exc & FPSCR_VXSNAN) && (cpu->fpscr & FPSCR_VE)) {
        f.exc &= ~FPSCR_VXVC;
    }
    ppc_set_crf(cpu, F_BF(insn), c);
    cpu->fpscr = (cpu->fpscr & ~FPSCR_FPCC) | (uint64_t)c << FPSCR_FPRF_SHIFT;
    vf_finish(cpu, &f, false, -1);
    return 0;
}

PPC_INSN(xscmpudp) { return xs_compare(cpu, insn, false); }
PPC_INSN(xscmpodp) { return xs_compare(cpu, insn, true); }

static int xs_maxmin(PowerPCCPU *cpu, uint32_t insn, bool max)
{
    FPCtx f = vf_begin(cpu);
    uint64_t r = vsx_maxmin(&f, VsrD(XA(insn), 0), VsrD(XB(insn), 0), max);

    if (!vf_suppressed(cpu, &f)) {
        VsrD(XT(insn), 0) = r;
        VsrD(XT(insn), 1) = 0;
    }
    vf_finish(cpu, &f, false, -1);
    return 0;
}

PPC_INSN(xsmaxdp) { return xs_maxmin(cpu, insn, true); }
PPC_INSN(xsmindp) { return xs_maxmin(cpu, insn, false); }

/* Sign operations: bit operations, no exceptions. kind: 0 abs, 1 nabs, 2 neg, 3 copy sign of XA */
static uint64_t sign_op(uint64_t b, uint64_t a, uint64_t sign, int kind)
{
    switch (kind) {
    case 0: return b & ~sign;
    case 1: return b | sign;
    case 2: return b ^ sign;
    default: return (b & ~sign) | (a & sign);
    }
}

static int xs_sign(PowerPCCPU *cpu, uint32_t insn, int kind)
{
    uint64_t r;

    ppc_check_vsx(cpu);
    r = sign_op(VsrD(XB(insn), 0), VsrD(XA(insn), 0), SIGN64, kind);
    VsrD(XT(insn), 0) = r;
    VsrD(XT(insn), 1) = 0;
    return 0;
}

PPC_INSN(xsabsdp) { return xs_sign(cpu, insn, 0); }
PPC_INSN(xsnabsdp) { return xs_sign(cpu, insn, 1); }
PPC_INSN(xsnegdp) { return xs_sign(cpu, insn, 2); }
PPC_INSN(xscpsgndp) { return xs_sign(cpu, insn, 3); }

/* ---- Scalar conversions ---- */

/* To single: the value in word 0 (and word 1), FPRF of the single result. */
PPC_INSN(xscvdpsp)
{
    FPCtx f = vf_begin(cpu);
    uint64_t r = fp_round_to_single(&f, VsrD(XB(insn), 0));
    int fprf = -1;

    if (!vf_suppressed(cpu, &f)) {
        PPCVsr *t = XT(insn);
        uint32_t w = fp_double_to_single(r);
        VsrW(t, 0) = w;
        VsrW(t, 1) = w;
        VsrD(t, 1) = 0;
        fprf = (int)fp_fprf(r, FP_SINGLE);
    }
    vf_finish(cpu, &f, true, fprf);
    return 0;
}

PPC_INSN(xsrsp)
{
    FPCtx f = vf_begin(cpu);
    uint64_t r = fp_round_to_single(&f, VsrD(XB(insn), 0));

    xs_write(cpu, insn, &f, r, true);
    return 0;
}

/* Single in word 0 to double: exact; a signalling NaN is quieted and signalled. */
PPC_INSN(xscvspdp)
{
    FPCtx f = vf_begin(cpu);
    uint64_t r = fp_single_to_double(VsrW(XB(insn), 0));

    if (fp_is_snan(r)) {
        f.exc |= FPSCR_VXSNAN;
        r = r | QUIET64;
    }
    xs_write(cpu, insn, &f, r, false);
    return 0;
}

/* The non-signalling forms: format changes only, no FPSCR (xscvdpspn: words 0 and 1). */
PPC_INSN(xscvdpspn)
{
    uint32_t w;
    PPCVsr *t;

    ppc_check_vsx(cpu);
    w = fp_double_to_single(VsrD(XB(insn), 0));
    t = XT(insn);
    VsrW(t, 0) = w;
    VsrW(t, 1) = w;
    VsrD(t, 1) = 0;
    return 0;
}

PPC_INSN(xscvspdpn)
{
    uint64_t d;

    ppc_check_vsx(cpu);
    d = fp_single_to_double(VsrW(XB(insn), 0));
    VsrD(XT(insn), 0) = d;
    VsrD(XT(insn), 1) = 0;
    return 0;
}

/*
 * To integer (truncating): 64-bit results in doubleword 0, 32-bit ones in
 * word 1 (word 0 undefined: it gets a copy, as QEMU does).
 */
static int xs_to_int(PowerPCCPU *cpu, uint32_t insn, bool is_signed, int bits)
{
    FPCtx f = vf_begin(cpu);
    uint64_t r = fp_to_int(&f, VsrD(XB(insn), 0), is_signed, bits, true);

    if (!vf_suppressed(cpu, &f)) {
        PPCVsr *t = XT(insn);
        t->u128 = 0;
        if (bits == 64) {
            VsrD(t, 0) = r;
        } else {
            VsrW(t, 0) = (uint32_t)r;
            VsrW(t, 1) = (uint32_t)r;
        }
    }
    vf_finish(cpu, &f, true, -1);
    return 0;
}

PPC_INSN(xscvdpsxds) { return xs_to_int(cpu, insn, true, 64); }
PPC_INSN(xscvdpsxws) { return xs_to_int(cpu, insn, true, 32); }
PPC_INSN(xscvdpuxds) { return xs_to_int(cpu, insn, false, 64); }
PPC_INSN(xscvdpuxws) { return xs_to_int(cpu, insn, false, 32); }

static int xs_from_int(PowerPCCPU *cpu, uint32_t insn, bool is_signed, bool sp)
{
    FPCtx f = vf_begin(cpu);
    uint64_t r = fp_from_int(&f, VsrD(XB(insn), 0), is_signed, sp ? FP_SINGLE : FP_DOUBLE);

    xs_write(cpu, insn, &f, r, sp);
    return 0;
}

PPC_INSN(xscvsxddp) { return xs_from_int(cpu, insn, true, false); }
PPC_INSN(xscvuxddp) { return xs_from_int(cpu, insn, false, false); }
PPC_INSN(xscvsxdsp) { return xs_from_int(cpu, insn, true, true); }
PPC_INSN(xscvuxdsp) { return xs_from_int(cpu, insn, false, true); }

/* Round to integral: mode 0-3 as RN, 4 nearest-away, -1 the current RN (xsrdpic, sets XX). */
static int xs_round(PowerPCCPU *cpu, uint32_t insn, int mode)
{
    FPCtx f = vf_begin(cpu);
    bool use_rn = mode < 0;
    uint64_t r = vsx_round_int(&f, VsrD(XB(insn), 0), use_rn ? (int)f.rn : mode, use_rn);

    xs_write(cpu, insn, &f, r, false);
    return 0;
}

PPC_INSN(xsrdpi) { return xs_round(cpu, insn, 4); }
PPC_INSN(xsrdpic) { return xs_round(cpu, insn, -1); }
PPC_INSN(xsrdpim) { return xs_round(cpu, insn, 3); }
PPC_INSN(xsrdpip) { return xs_round(cpu, insn, 2); }
PPC_INSN(xsrdpiz) { return xs_round(cpu, insn, 1); }

/* ---- Software divide / square root tests: CR[BF] = 0b1 || fg || fe || 0 ---- */

typedef struct FpFormat {
    int exp_bits, frac_bits, bias;
} FpFormat;

static const FpFormat fmt_dp = { 11, 52, 1023 };
static const FpFormat fmt_sp = { 8, 23, 127 };

static int fmt_exp(const FpFormat *fm, uint64_t v)
{
    return (int)((v >> fm->frac_bits) & ((1u << fm->exp_bits) - 1)) - fm->bias;
}

static bool fmt_is(const FpFormat *fm, uint64_t v, char what)
{
    uint64_t frac = v & ((1ull << fm->frac_bits) - 1);
    unsigned e = (unsigned)(v >> fm->frac_bits) & ((1u << fm->exp_bits) - 1);
    unsigned emax = (1u << fm->exp_bits) - 1;

    switch (what) {
    case 'n': return e == emax && frac;       /* NaN */
    case 'i': return e == emax && !frac;      /* infinity */
    case 'z': return e == 0 && !frac;         /* zero */
    case 'd': return e == 0 && frac;          /* denormal */
    default: return false;
    }
}

/* The bounds of 7.6.1 xstdivdp: emin = 1 - bias, emax = bias. */
static void tdiv(const FpFormat *fm, uint64_t a, uint64_t b, bool *fe, bool *fg)
{
    int emin = 1 - fm->bias, emax = fm->bias;
    int ea = fmt_exp(fm, a), eb = fmt_exp(fm, b);

    if (fmt_is(fm, a, 'n') || fmt_is(fm, a, 'i') || fmt_is(fm, b, 'n') || fmt_is(fm, b, 'i') ||
        fmt_is(fm, b, 'z')) {
        *fe = true;
    } else if (eb <= emin || eb >= emax - 2) {
        *fe = true;
    } else if (!fmt_is(fm, a, 'z') &&
               (ea - eb >= emax || ea - eb <= emin + 1 || ea <= emin + fm->frac_bits)) {
        *fe = true;
    }
    if (fmt_is(fm, a, 'i') || fmt_is(fm, b, 'i') || fmt_is(fm, b, 'z') || fmt_is(fm, b, 'd')) {
        *fg = true;
    }
}

static void tsqrt(const FpFormat *fm, uint64_t b, bool *fe, bool *fg)
{
    int emin = 1 - fm->bias;
    bool neg = (b >> (fm->exp_bits + fm->frac_bits)) & 1;

    if (fmt_is(fm, b, 'n') || fmt_is(fm, b, 'i') || fmt_is(fm, b, 'z') ||
        (neg && !fmt_is(fm, b, 'z')) || fmt_exp(fm, b) <= emin + fm->frac_bits) {
        *fe = true;
    }
    if (fmt_is(fm, b, 'i') || fmt_is(fm, b, 'z') || fmt_is(fm, b, 'd')) {
        *fg = true;
    }
}

static void set_test_cr(PowerPCCPU *cpu, uint32_t insn, bool fe, bool fg)
{
    ppc_set_crf(cpu, F_BF(insn), 8 | (fg ? 4 : 0) | (fe ? 2 : 0));
}

PPC_INSN(xstdivdp)
{
    bool fe = false, fg = false;

    ppc_check_vsx(cpu);
    tdiv(&fmt_dp, VsrD(XA(insn), 0), VsrD(XB(insn), 0), &fe, &fg);
    set_test_cr(cpu, insn, fe, fg);
    return 0;
}

PPC_INSN(xstsqrtdp)
{
    bool fe = false, fg = false;

    ppc_check_vsx(cpu);
    tsqrt(&fmt_dp, VsrD(XB(insn), 0), &fe, &fg);
    set_test_cr(cpu, insn, fe, fg);
    return 0;
}

PPC_INSN(xvtdivdp)
{
    bool fe = false, fg = false;

    ppc_check_vsx(cpu);
    for (int i = 0; i < 2; i++) {
        tdiv(&fmt_dp, VsrD(XA(insn), i), VsrD(XB(insn), i), &fe, &fg);
    }
    set_test_cr(cpu, insn, fe, fg);
    return 0;
}

PPC_INSN(xvtdivsp)
{
    bool fe = false, fg = false;

    ppc_check_vsx(cpu);
    for (int i = 0; i < 4; i++) {
        tdiv(&fmt_sp, VsrW(XA(insn), i), VsrW(XB(insn), i), &fe, &fg);
    }
    set_test_cr(cpu, insn, fe, fg);
    return 0;
}

PPC_INSN(xvtsqrtdp)
{
    bool fe = false, fg = false;

    ppc_check_vsx(cpu);
    for (int i = 0; i < 2; i++) {
        tsqrt(&fmt_dp, VsrD(XB(insn), i), &fe, &fg);
    }
    set_test_cr(cpu, insn, fe, fg);
    return 0;
}

PPC_INSN(xvtsqrtsp)
{
    bool fe = false, fg = false;

    ppc_check_vsx(cpu);
    for (int i = 0; i < 4; i++) {
        tsqrt(&fmt_sp, VsrW(XB(insn), i), &fe, &fg);
    }
    set_test_cr(cpu, insn, fe, fg);
    return 0;
}

/* ---- Vector arithmetic: single-precision elements go through double format ---- */

static inline uint64_t elem_get(const PPCVsr *v, int i, bool sp)
{
    return sp ? fp_single_to_double(VsrW(v, i)) : VsrD(v, i);
}

static inline void elem_set(PPCVsr *v, int i, uint64_t d, bool sp)
{
    if (sp) {
        VsrW(v, i) = fp_double_to_single(d);
    } else {
        VsrD(v, i) = d;
    }
}

static int xv_arith(PowerPCCPU *cpu, uint32_t insn, int op, int form, bool negate, bool sp)
{
    FPCtx f = vf_begin(cpu);
    PPCVsr a = *XA(insn), b = *XB(insn), t = *XT(insn), r;
    int n = sp ? 4 : 2;

    for (int i = 0; i < n; i++) {
        uint64_t x = elem_get(&a, i, sp), y = elem_get(&b, i, sp), z = elem_get(&t, i, sp), v;
        if (form == 2) {
            v = vsx_arith(&f, op, x, y, z, negate, sp);
        } else if (form == 3) {
            v = vsx_arith(&f, op, x, z, y, negate, sp);
        } else {
            v = vsx_arith(&f, op, x, y, 0, negate, sp);
        }
        elem_set(&r, i, v, sp);
    }
    if (!vf_suppressed(cpu, &f)) {
        *XT(insn) = r;
    }
    vf_finish(cpu, &f, false, -1);
    return 0;
}

#define XV_ARITH(name, op, form, neg, sp) \
    PPC_INSN(name) { return xv_arith(cpu, insn, op, form, neg, sp); }

XV_ARITH(xvadddp, VOP_ADD, 0, false, false)
XV_ARITH(xvsubdp, VOP_SUB, 0, false, false)
XV_ARITH(xvmuldp, VOP_MUL, 0, false, false)
XV_ARITH(xvdivdp, VOP_DIV, 0, false, false)
XV_ARITH(xvsqrtdp, VOP_SQRT, 1, false, false)
XV_ARITH(xvredp, VOP_RE, 1, false, false)
XV_ARITH(xvrsqrtedp, VOP_RSQRTE, 1, false, false)
XV_ARITH(xvaddsp, VOP_ADD, 0, false, true)
XV_ARITH(xvsubsp, VOP_SUB, 0, false, true)
XV_ARITH(xvmulsp, VOP_MUL, 0, false, true)
XV_ARITH(xvdivsp, VOP_DIV, 0, false, true)
XV_ARITH(xvsqrtsp, VOP_SQRT, 1, false, true)
XV_ARITH(xvresp, VOP_RE, 1, false, true)
XV_ARITH(xvrsqrtesp, VOP_RSQRTE, 1, false, true)
XV_ARITH(xvmaddadp, VOP_MADD, 2, false, false)
XV_ARITH(xvmaddmdp, VOP_MADD, 3, false, false)
XV_ARITH(xvmsubadp, VOP_MSUB, 2, false, false)
XV_ARITH(xvmsubmdp, VOP_MSUB, 3, false, false)
XV_ARITH(xvnmaddadp, VOP_MADD, 2, true, false)
XV_ARITH(xvnmaddmdp, VOP_MADD, 3, true, false)
XV_ARITH(xvnmsubadp, VOP_MSUB, 2, true, false)
XV_ARITH(xvnmsubmdp, VOP_MSUB, 3, true, false)
XV_ARITH(xvmaddasp, VOP_MADD, 2, false, true)
XV_ARITH(xvmaddmsp, VOP_MADD, 3, false, true)
XV_ARITH(xvmsubasp, VOP_MSUB, 2, false, true)
XV_ARITH(xvmsubmsp, VOP_MSUB, 3, false, true)
XV_ARITH(xvnmaddasp, VOP_MADD, 2, true, true)
XV_ARITH(xvnmaddmsp, VOP_MADD, 3, true, true)
XV_ARITH(xvnmsubasp, VOP_MSUB, 2, true, true)
XV_ARITH(xvnmsubmsp, VOP_MSUB, 3, true, true)

static int xv_maxmin(PowerPCCPU *cpu, uint32_t insn, bool max, bool sp)
{
    FPCtx f = vf_begin(cpu);
    PPCVsr a = *XA(insn), b = *XB(insn), r;
    int n = sp ? 4 : 2;

    for (int i = 0; i < n; i++) {
        elem_set(&r, i, vsx_maxmin(&f, elem_get(&a, i, sp), elem_get(&b, i, sp), max), sp);
    }
    if (!vf_suppressed(cpu, &f)) {
        *XT(insn) = r;
    }
    vf_finish(cpu, &f, false, -1);
    return 0;
}

PPC_INSN(xvmaxdp) { return xv_maxmin(cpu, insn, true, false); }
PPC_INSN(xvmindp) { return xv_maxmin(cpu, insn, false, false); }
PPC_INSN(xvmaxsp) { return xv_maxmin(cpu, insn, true, true); }
PPC_INSN(xvminsp) { return xv_maxmin(cpu, insn, false, true); }

static int xv_sign(PowerPCCPU *cpu, uint32_t insn, int kind, bool sp)
{
    PPCVsr a, b, r;

    ppc_check_vsx(cpu);
    a = *XA(insn);
    b = *XB(insn);
    for (int i = 0; i < (sp ? 4 : 2); i++) {
        if (sp) {
            VsrW(&r, i) = (uint32_t)sign_op(VsrW(&b, i), VsrW(&a, i), SIGN32, kind);
        } else {
            VsrD(&r, i) = sign_op(VsrD(&b, i), VsrD(&a, i), SIGN64, kind);
        }
    }
    *XT(insn) = r;
    return 0;
}

PPC_INSN(xvabsdp) { return xv_sign(cpu, insn, 0, false); }
PPC_INSN(xvnabsdp) { return xv_sign(cpu, insn, 1, false); }
PPC_INSN(xvnegdp) { return xv_sign(cpu, insn, 2, false); }
PPC_INSN(xvcpsgndp) { return xv_sign(cpu, insn, 3, false); }
PPC_INSN(xvabssp) { return xv_sign(cpu, insn, 0, true); }
PPC_INSN(xvnabssp) { return xv_sign(cpu, insn, 1, true); }
PPC_INSN(xvnegsp) { return xv_sign(cpu, insn, 2, true); }
PPC_INSN(xvcpsgnsp) { return xv_sign(cpu, insn, 3, true); }

/* ---- Vector compares: all-ones where true; Rc (bit 21) sets CR6 ---- */

enum { CMP_EQ, CMP_GT, CMP_GE };

static int xv_compare(PowerPCCPU *cpu, uint32_t insn, int kind, bool sp)
{
    FPCtx f = vf_begin(cpu);
    PPCVsr a = *XA(insn), b = *XB(insn), r;
    int n = sp ? 4 : 2;

    for (int i = 0; i < n; i++) {
        unsigned c = vsx_compare(&f, elem_get(&a, i, sp), elem_get(&b, i, sp), kind != CMP_EQ);
        bool hit = kind == CMP_EQ ? c == 2 : kind == CMP_GT ? c == 4 : (c == 4 || c == 2);
        if (sp) {
            VsrW(&r, i) = hit ? UINT32_MAX : 0;
        } else {
            VsrD(&r, i) = hit ? UINT64_MAX : 0;
        }
    }
    if (!vf_suppressed(cpu, &f)) {
        *XT(insn) = r;
    }
    if (insn & 0x400) {
        vec_set_cr6(cpu, &r);
    }
    vf_finish(cpu, &f, false, -1);
    return 0;
}

PPC_INSN(xvcmpeqdp) { return xv_compare(cpu, insn, CMP_EQ, false); }
PPC_INSN(xvcmpgtdp) { return xv_compare(cpu, insn, CMP_GT, false); }
PPC_INSN(xvcmpgedp) { return xv_compare(cpu, insn, CMP_GE, false); }
PPC_INSN(xvcmpeqsp) { return xv_compare(cpu, insn, CMP_EQ, true); }
PPC_INSN(xvcmpgtsp) { return xv_compare(cpu, insn, CMP_GT, true); }
PPC_INSN(xvcmpgesp) { return xv_compare(cpu, insn, CMP_GE, true); }

/* ---- Vector conversions ---- */

/* Double elements to single: each result in word 2i (and copied to word 2i+1). */
PPC_INSN(xvcvdpsp)
{
    FPCtx f = vf_begin(cpu);
    PPCVsr b = *XB(insn), r;

    for (int i = 0; i < 2; i++) {
        uint32_t w = fp_double_to_single(fp_round_to_single(&f, VsrD(&b, i)));
        VsrW(&r, 2 * i) = w;
        VsrW(&r, 2 * i + 1) = w;
    }
    if (!vf_suppressed(cpu, &f)) {
        *XT(insn) = r;
    }
    vf_finish(cpu, &f, false, -1);
    return 0;
}

/* Single elements in words 0 and 2 to doubles. */
PPC_INSN(xvcvspdp)
{
    FPCtx f = vf_begin(cpu);
    PPCVsr b = *XB(insn), r;

    for (int i = 0; i < 2; i++) {
        uint64_t d = fp_single_to_double(VsrW(&b, 2 * i));
        if (fp_is_snan(d)) {
            f.exc |= FPSCR_VXSNAN;
            d = d | QUIET64;
        }
        VsrD(&r, i) = d;
    }
    if (!vf_suppressed(cpu, &f)) {
        *XT(insn) = r;
    }
    vf_finish(cpu, &f, false, -1);
    return 0;
}

/*
 * To integer. src_sp: elements are singles; the source elements are
 * doublewords (i) or words. 64-bit results fill doublewords; 32-bit results
 * from doubles go to words 2i and 2i+1, from singles to word i.
 */
static int xv_to_int(PowerPCCPU *cpu, uint32_t insn, bool src_sp, bool is_signed, int bits)
{
    FPCtx f = vf_begin(cpu);
    PPCVsr b = *XB(insn), r;

    if (!src_sp) {
        for (int i = 0; i < 2; i++) {
            uint64_t v = fp_to_int(&f, VsrD(&b, i), is_signed, bits, true);
            if (bits == 64) {
                VsrD(&r, i) = v;
            } else {
                VsrW(&r, 2 * i) = (uint32_t)v;
                VsrW(&r, 2 * i + 1) = (uint32_t)v;
            }
        }
    } else if (bits == 64) {
        for (int i = 0; i < 2; i++) {
            VsrD(&r, i) = fp_to_int(&f, fp_single_to_double(VsrW(&b, 2 * i)), is_signed, 64, true);
        }
    } else {
        for (int i = 0; i < 4; i++) {
            VsrW(&r, i) = (uint32_t)fp_to_int(&f, fp_single_to_double(VsrW(&b, i)),
                                              is_signed, 32, true);
        }
    }
    if (!vf_suppressed(cpu, &f)) {
        *XT(insn) = r;
    }
    vf_finish(cpu, &f, false, -1);
    return 0;
}

PPC_INSN(xvcvdpsxds) { return xv_to_int(cpu, insn, false, true, 64); }
PPC_INSN(xvcvdpsxws) { return xv_to_int(cpu, insn, false, true, 32); }
PPC_INSN(xvcvdpuxds) { return xv_to_int(cpu, insn, false, false, 64); }
PPC_INSN(xvcvdpuxws) { return xv_to_int(cpu, insn, false, false, 32); }
PPC_INSN(xvcvspsxds) { return xv_to_int(cpu, insn, true, true, 64); }
PPC_INSN(xvcvspsxws) { return xv_to_int(cpu, insn, true, true, 32); }
PPC_INSN(xvcvspuxds) { return xv_to_int(cpu, insn, true, false, 64); }
PPC_INSN(xvcvspuxws) { return xv_to_int(cpu, insn, true, false, 32); }

/*
 * From integer. Sources: doublewords (src64) or words (0 and 2 for a double
 * result, all four for a single one). Single results from doublewords go to
 * words 2i and 2i+1.
 */
static int xv_from_int(PowerPCCPU *cpu, uint32_t insn, bool src64, bool is_signed, bool sp)
{
    FPCtx f = vf_begin(cpu);
    PPCVsr b = *XB(insn), r;

    if (src64) {
        for (int i = 0; i < 2; i++) {
            uint64_t d = fp_from_int(&f, VsrD(&b, i), is_signed, sp ? FP_SINGLE : FP_DOUBLE);
            if (sp) {
                VsrW(&r, 2 * i) = fp_double_to_single(d);
                VsrW(&r, 2 * i + 1) = fp_double_to_single(d);
            } else {
                VsrD(&r, i) = d;
            }
        }
    } else if (!sp) {
        for (int i = 0; i < 2; i++) {
            uint32_t w = VsrW(&b, 2 * i);
            uint64_t v = is_signed ? (uint64_t)(int64_t)(int32_t)w : w;
            VsrD(&r, i) = fp_from_int(&f, v, is_signed, FP_DOUBLE);
        }
    } else {
        for (int i = 0; i < 4; i++) {
            uint32_t w = VsrW(&b, i);
            uint64_t v = is_signed ? (uint64_t)(int64_t)(int32_t)w : w;
            VsrW(&r, i) = fp_double_to_single(fp_from_int(&f, v, is_signed, FP_SINGLE));
        }
    }
    *XT(insn) = r;
    vf_finish(cpu, &f, false, -1);
    return 0;
}

PPC_INSN(xvcvsxddp) { return xv_from_int(cpu, insn, true, true, false); }
PPC_INSN(xvcvuxddp) { return xv_from_int(cpu, insn, true, false, false); }
PPC_INSN(xvcvsxwdp) { return xv_from_int(cpu, insn, false, true, false); }
PPC_INSN(xvcvuxwdp) { return xv_from_int(cpu, insn, false, false, false); }
PPC_INSN(xvcvsxdsp) { return xv_from_int(cpu, insn, true, true, true); }
PPC_INSN(xvcvuxdsp) { return xv_from_int(cpu, insn, true, false, true); }
PPC_INSN(xvcvsxwsp) { return xv_from_int(cpu, insn, false, true, true); }
PPC_INSN(xvcvuxwsp) { return xv_from_int(cpu, insn, false, false, true); }

static int xv_round(PowerPCCPU *cpu, uint32_t insn, int mode, bool sp)
{
    FPCtx f = vf_begin(cpu);
    PPCVsr b = *XB(insn), r;
    bool use_rn = mode < 0;

    for (int i = 0; i < (sp ? 4 : 2); i++) {
        uint64_t v = vsx_round_int(&f, elem_get(&b, i, sp), use_rn ? (int)f.rn : mode, use_rn);
        elem_set(&r, i, v, sp);
    }
    if (!vf_suppressed(cpu, &f)) {
        *XT(insn) = r;
    }
    vf_finish(cpu, &f, false, -1);
    return 0;
}

PPC_INSN(xvrdpi) { return xv_round(cpu, insn, 4, false); }
PPC_INSN(xvrdpic) { return xv_round(cpu, insn, -1, false); }
PPC_INSN(xvrdpim) { return xv_round(cpu, insn, 3, false); }
PPC_INSN(xvrdpip) { return xv_round(cpu, insn, 2, false); }
PPC_INSN(xvrdpiz) { return xv_round(cpu, insn, 1, false); }
PPC_INSN(xvrspi) { return xv_round(cpu, insn, 4, true); }
PPC_INSN(xvrspic) { return xv_round(cpu, insn, -1, true); }
PPC_INSN(xvrspim) { return xv_round(cpu, insn, 3, true); }
PPC_INSN(xvrspip) { return xv_round(cpu, insn, 2, true); }
PPC_INSN(xvrspiz) { return xv_round(cpu, insn, 1, true); }
