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
 * The arithmetic is ppc/vsx-fpu.c, a local helper (see ppc/vsx-fpu.h).
 * Scalar results leave doubleword 1 of the target zero (ISA 2.07 calls it
 * undefined; later ISAs and QEMU write zero).
 */
#include "ppc/vec-helpers.h"
#include "ppc/vsx-fpconv.h"
#include "ppc/vsx-fpu.h"

#define XT(insn) (&cpu->vsr[F_XT(insn)])
#define XA(insn) (&cpu->vsr[F_XA(insn)])
#define XB(insn) (&cpu->vsr[F_XB(insn)])

#define SIGN64 0x8000000000000000ull
#define SIGN32 0x80000000u

static inline VsxFp vf_begin(PowerPCCPU *cpu)
{
    ppc_check_vsx(cpu);
    return (VsxFp){ .rn = (unsigned)(cpu->fpscr & VF_RN) };
}

/* An enabled invalid or zero-divide exception: the target keeps its value. */
static inline bool vf_suppressed(const PowerPCCPU *cpu, const VsxFp *f)
{
    return ((f->exc & VF_VX_ALL) && (cpu->fpscr & VF_VE)) ||
           ((f->exc & VF_ZX) && (cpu->fpscr & VF_ZE));
}

/* Merge the outcome into the FPSCR; FR/FI and FPRF only when asked (scalar forms). */
static void vf_finish(PowerPCCPU *cpu, const VsxFp *f, bool frfi, int fprf)
{
    const uint64_t sticky = VF_OX | VF_UX | VF_ZX | VF_XX | VF_VX_ALL;
    uint64_t fpscr = cpu->fpscr;
    uint64_t exc = f->exc;
    bool enabled;

    if (exc & sticky & ~fpscr) {
        fpscr |= VF_FX;
    }
    fpscr |= exc;
    if (frfi) {
        fpscr &= ~(VF_FR | VF_FI);
        fpscr |= (f->fr ? VF_FR : 0) | (f->fi ? VF_FI : 0);
    }
    if (fprf >= 0) {
        fpscr = (fpscr & ~VF_FPRF) | (uint64_t)fprf << VF_FPRF_SHIFT;
    }
    fpscr &= ~(VF_VX | VF_FEX);
    if (fpscr & VF_VX_ALL) {
        fpscr |= VF_VX;
    }
    if (((fpscr & VF_VX) && (fpscr & VF_VE)) || ((fpscr & VF_OX) && (fpscr & VF_OE)) ||
        ((fpscr & VF_UX) && (fpscr & VF_UE)) || ((fpscr & VF_ZX) && (fpscr & VF_ZE)) ||
        ((fpscr & VF_XX) && (fpscr & VF_XE))) {
        fpscr |= VF_FEX;
    }
    cpu->fpscr = fpscr;
    enabled = ((exc & VF_VX_ALL) && (fpscr & VF_VE)) || ((exc & VF_OX) && (fpscr & VF_OE)) ||
              ((exc & VF_UX) && (fpscr & VF_UE)) || ((exc & VF_ZX) && (fpscr & VF_ZE)) ||
              ((exc & VF_XX) && (fpscr & VF_XE));
    if (enabled && (cpu->msr & (MSR_FE0 | MSR_FE1))) {
        ppc_raise_program(cpu, SRR1_PROGFPE);
    }
}

/* Scalar result: doubleword 0, FPRF of it. */
static void xs_write(PowerPCCPU *cpu, uint32_t insn, VsxFp *f, uint64_t r, bool sp)
{
    int fprf = -1;

    if (!vf_suppressed(cpu, f)) {
        PPCVsr *t = XT(insn);
        VsrD(t, 0) = r;
        VsrD(t, 1) = 0;
        fprf = (int)vsx_fp_fprf(r, sp);
    } else {
        f->fr = f->fi = false;
    }
    vf_finish(cpu, f, true, fprf);
}

/* ---- Scalar arithmetic ---- */

/* form: 0 = XA op XB, 1 = op XB, 2 = XA*XB + XT (A-form), 3 = XA*XT + XB (M-form) */
static int xs_arith(PowerPCCPU *cpu, uint32_t insn, int op, int form, bool negate, bool sp)
{
    VsxFp f = vf_begin(cpu);
    uint64_t a = VsrD(XA(insn), 0), b = VsrD(XB(insn), 0), t = VsrD(XT(insn), 0), r;

    if (form == 2) {
        r = vsx_fp_arith(&f, op, a, b, t, sp);
    } else if (form == 3) {
        r = vsx_fp_arith(&f, op, a, t, b, sp);
    } else {
        r = vsx_fp_arith(&f, op, a, b, 0, sp);
    }
    if (negate && !vf_is_nan(r)) {
        r ^= SIGN64;
    }
    xs_write(cpu, insn, &f, r, sp);
    return 0;
}

#define XS_ARITH(name, op, form, neg, sp) \
    PPC_INSN(name) { return xs_arith(cpu, insn, op, form, neg, sp); }

XS_ARITH(xsadddp, VF_ADD, 0, false, false)
XS_ARITH(xssubdp, VF_SUB, 0, false, false)
XS_ARITH(xsmuldp, VF_MUL, 0, false, false)
XS_ARITH(xsdivdp, VF_DIV, 0, false, false)
XS_ARITH(xssqrtdp, VF_SQRT, 1, false, false)
XS_ARITH(xsredp, VF_RE, 1, false, false)
XS_ARITH(xsrsqrtedp, VF_RSQRTE, 1, false, false)
XS_ARITH(xsaddsp, VF_ADD, 0, false, true)
XS_ARITH(xssubsp, VF_SUB, 0, false, true)
XS_ARITH(xsmulsp, VF_MUL, 0, false, true)
XS_ARITH(xsdivsp, VF_DIV, 0, false, true)
XS_ARITH(xssqrtsp, VF_SQRT, 1, false, true)
XS_ARITH(xsresp, VF_RE, 1, false, true)
XS_ARITH(xsrsqrtesp, VF_RSQRTE, 1, false, true)
XS_ARITH(xsmaddadp, VF_MADD, 2, false, false)
XS_ARITH(xsmaddmdp, VF_MADD, 3, false, false)
XS_ARITH(xsmsubadp, VF_MSUB, 2, false, false)
XS_ARITH(xsmsubmdp, VF_MSUB, 3, false, false)
XS_ARITH(xsnmaddadp, VF_MADD, 2, true, false)
XS_ARITH(xsnmaddmdp, VF_MADD, 3, true, false)
XS_ARITH(xsnmsubadp, VF_MSUB, 2, true, false)
XS_ARITH(xsnmsubmdp, VF_MSUB, 3, true, false)
XS_ARITH(xsmaddasp, VF_MADD, 2, false, true)
XS_ARITH(xsmaddmsp, VF_MADD, 3, false, true)
XS_ARITH(xsmsubasp, VF_MSUB, 2, false, true)
XS_ARITH(xsmsubmsp, VF_MSUB, 3, false, true)
XS_ARITH(xsnmaddasp, VF_MADD, 2, true, true)
XS_ARITH(xsnmaddmsp, VF_MADD, 3, true, true)
XS_ARITH(xsnmsubasp, VF_MSUB, 2, true, true)
XS_ARITH(xsnmsubmsp, VF_MSUB, 3, true, true)

/* ---- Scalar compare, max/min, sign ---- */

static int xs_compare(PowerPCCPU *cpu, uint32_t insn, bool ordered)
{
    VsxFp f = vf_begin(cpu);
    unsigned c = vsx_fp_compare(&f, VsrD(XA(insn), 0), VsrD(XB(insn), 0), ordered);

    /* An enabled SNaN exception suppresses VXVC of the ordered compare (4.6.8 fcmpo). */
    if (ordered && (f.exc & VF_VXSNAN) && (cpu->fpscr & VF_VE)) {
        f.exc &= ~VF_VXVC;
    }
    ppc_set_crf(cpu, F_BF(insn), c);
    cpu->fpscr = (cpu->fpscr & ~VF_FPCC) | (uint64_t)c << VF_FPRF_SHIFT;
    vf_finish(cpu, &f, false, -1);
    return 0;
}

PPC_INSN(xscmpudp) { return xs_compare(cpu, insn, false); }
PPC_INSN(xscmpodp) { return xs_compare(cpu, insn, true); }

static int xs_maxmin(PowerPCCPU *cpu, uint32_t insn, bool max)
{
    VsxFp f = vf_begin(cpu);
    uint64_t r = vsx_fp_maxmin(&f, VsrD(XA(insn), 0), VsrD(XB(insn), 0), max);

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
    VsxFp f = vf_begin(cpu);
    uint64_t r = vsx_fp_round_sp(&f, VsrD(XB(insn), 0));
    int fprf = -1;

    if (!vf_suppressed(cpu, &f)) {
        PPCVsr *t = XT(insn);
        uint32_t w = vsx_double_to_single(r);
        VsrW(t, 0) = w;
        VsrW(t, 1) = w;
        VsrD(t, 1) = 0;
        fprf = (int)vsx_fp_fprf(r, true);
    }
    vf_finish(cpu, &f, true, fprf);
    return 0;
}

PPC_INSN(xsrsp)
{
    VsxFp f = vf_begin(cpu);
    uint64_t r = vsx_fp_round_sp(&f, VsrD(XB(insn), 0));

    xs_write(cpu, insn, &f, r, true);
    return 0;
}

/* Single in word 0 to double: exact; a signalling NaN is quieted and signalled. */
PPC_INSN(xscvspdp)
{
    VsxFp f = vf_begin(cpu);
    uint64_t r = vsx_single_to_double(VsrW(XB(insn), 0));

    if (vf_is_snan(r)) {
        f.exc |= VF_VXSNAN;
        r = vf_quiet(r);
    }
    xs_write(cpu, insn, &f, r, false);
    return 0;
}

/* The non-signalling forms: format changes only, no FPSCR. */
PPC_INSN(xscvdpspn)
{
    uint32_t w;
    PPCVsr *t;

    ppc_check_vsx(cpu);
    w = vsx_double_to_single(VsrD(XB(insn), 0));
    t = XT(insn);
    for (int i = 0; i < 4; i++) {
        VsrW(t, i) = w;
    }
    return 0;
}

PPC_INSN(xscvspdpn)
{
    uint64_t d;

    ppc_check_vsx(cpu);
    d = vsx_single_to_double(VsrW(XB(insn), 0));
    VsrD(XT(insn), 0) = d;
    VsrD(XT(insn), 1) = 0;
    return 0;
}

/* To integer (truncating): 64-bit results in doubleword 0, 32-bit ones in word 1. */
static int xs_to_int(PowerPCCPU *cpu, uint32_t insn, bool is_signed, int bits)
{
    VsxFp f = vf_begin(cpu);
    uint64_t r = vsx_fp_to_int(&f, VsrD(XB(insn), 0), is_signed, bits);

    if (!vf_suppressed(cpu, &f)) {
        PPCVsr *t = XT(insn);
        t->u128 = 0;
        if (bits == 64) {
            VsrD(t, 0) = r;
        } else {
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
    VsxFp f = vf_begin(cpu);
    uint64_t r = vsx_fp_from_int(&f, VsrD(XB(insn), 0), is_signed, sp);

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
    VsxFp f = vf_begin(cpu);
    bool use_rn = mode < 0;
    uint64_t r = vsx_fp_round_int(&f, VsrD(XB(insn), 0), use_rn ? (int)f.rn : mode, use_rn,
                                  false);

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
    return sp ? vsx_single_to_double(VsrW(v, i)) : VsrD(v, i);
}

static inline void elem_set(PPCVsr *v, int i, uint64_t d, bool sp)
{
    if (sp) {
        VsrW(v, i) = vsx_double_to_single(d);
    } else {
        VsrD(v, i) = d;
    }
}

static int xv_arith(PowerPCCPU *cpu, uint32_t insn, int op, int form, bool negate, bool sp)
{
    VsxFp f = vf_begin(cpu);
    PPCVsr a = *XA(insn), b = *XB(insn), t = *XT(insn), r;
    int n = sp ? 4 : 2;

    for (int i = 0; i < n; i++) {
        uint64_t x = elem_get(&a, i, sp), y = elem_get(&b, i, sp), z = elem_get(&t, i, sp), v;
        if (form == 2) {
            v = vsx_fp_arith(&f, op, x, y, z, sp);
        } else if (form == 3) {
            v = vsx_fp_arith(&f, op, x, z, y, sp);
        } else {
            v = vsx_fp_arith(&f, op, x, y, 0, sp);
        }
        if (negate && !vf_is_nan(v)) {
            v ^= SIGN64;
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

XV_ARITH(xvadddp, VF_ADD, 0, false, false)
XV_ARITH(xvsubdp, VF_SUB, 0, false, false)
XV_ARITH(xvmuldp, VF_MUL, 0, false, false)
XV_ARITH(xvdivdp, VF_DIV, 0, false, false)
XV_ARITH(xvsqrtdp, VF_SQRT, 1, false, false)
XV_ARITH(xvredp, VF_RE, 1, false, false)
XV_ARITH(xvrsqrtedp, VF_RSQRTE, 1, false, false)
XV_ARITH(xvaddsp, VF_ADD, 0, false, true)
XV_ARITH(xvsubsp, VF_SUB, 0, false, true)
XV_ARITH(xvmulsp, VF_MUL, 0, false, true)
XV_ARITH(xvdivsp, VF_DIV, 0, false, true)
XV_ARITH(xvsqrtsp, VF_SQRT, 1, false, true)
XV_ARITH(xvresp, VF_RE, 1, false, true)
XV_ARITH(xvrsqrtesp, VF_RSQRTE, 1, false, true)
XV_ARITH(xvmaddadp, VF_MADD, 2, false, false)
XV_ARITH(xvmaddmdp, VF_MADD, 3, false, false)
XV_ARITH(xvmsubadp, VF_MSUB, 2, false, false)
XV_ARITH(xvmsubmdp, VF_MSUB, 3, false, false)
XV_ARITH(xvnmaddadp, VF_MADD, 2, true, false)
XV_ARITH(xvnmaddmdp, VF_MADD, 3, true, false)
XV_ARITH(xvnmsubadp, VF_MSUB, 2, true, false)
XV_ARITH(xvnmsubmdp, VF_MSUB, 3, true, false)
XV_ARITH(xvmaddasp, VF_MADD, 2, false, true)
XV_ARITH(xvmaddmsp, VF_MADD, 3, false, true)
XV_ARITH(xvmsubasp, VF_MSUB, 2, false, true)
XV_ARITH(xvmsubmsp, VF_MSUB, 3, false, true)
XV_ARITH(xvnmaddasp, VF_MADD, 2, true, true)
XV_ARITH(xvnmaddmsp, VF_MADD, 3, true, true)
XV_ARITH(xvnmsubasp, VF_MSUB, 2, true, true)
XV_ARITH(xvnmsubmsp, VF_MSUB, 3, true, true)

static int xv_maxmin(PowerPCCPU *cpu, uint32_t insn, bool max, bool sp)
{
    VsxFp f = vf_begin(cpu);
    PPCVsr a = *XA(insn), b = *XB(insn), r;
    int n = sp ? 4 : 2;

    for (int i = 0; i < n; i++) {
        elem_set(&r, i, vsx_fp_maxmin(&f, elem_get(&a, i, sp), elem_get(&b, i, sp), max), sp);
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
    VsxFp f = vf_begin(cpu);
    PPCVsr a = *XA(insn), b = *XB(insn), r;
    int n = sp ? 4 : 2;

    for (int i = 0; i < n; i++) {
        unsigned c = vsx_fp_compare(&f, elem_get(&a, i, sp), elem_get(&b, i, sp), kind != CMP_EQ);
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
    VsxFp f = vf_begin(cpu);
    PPCVsr b = *XB(insn), r;

    for (int i = 0; i < 2; i++) {
        uint32_t w = vsx_double_to_single(vsx_fp_round_sp(&f, VsrD(&b, i)));
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
    VsxFp f = vf_begin(cpu);
    PPCVsr b = *XB(insn), r;

    for (int i = 0; i < 2; i++) {
        uint64_t d = vsx_single_to_double(VsrW(&b, 2 * i));
        if (vf_is_snan(d)) {
            f.exc |= VF_VXSNAN;
            d = vf_quiet(d);
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
    VsxFp f = vf_begin(cpu);
    PPCVsr b = *XB(insn), r;

    if (!src_sp) {
        for (int i = 0; i < 2; i++) {
            uint64_t v = vsx_fp_to_int(&f, VsrD(&b, i), is_signed, bits);
            if (bits == 64) {
                VsrD(&r, i) = v;
            } else {
                VsrW(&r, 2 * i) = (uint32_t)v;
                VsrW(&r, 2 * i + 1) = (uint32_t)v;
            }
        }
    } else if (bits == 64) {
        for (int i = 0; i < 2; i++) {
            VsrD(&r, i) = vsx_fp_to_int(&f, vsx_single_to_double(VsrW(&b, 2 * i)), is_signed, 64);
        }
    } else {
        for (int i = 0; i < 4; i++) {
            VsrW(&r, i) = (uint32_t)vsx_fp_to_int(&f, vsx_single_to_double(VsrW(&b, i)),
                                                  is_signed, 32);
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
    VsxFp f = vf_begin(cpu);
    PPCVsr b = *XB(insn), r;

    if (src64) {
        for (int i = 0; i < 2; i++) {
            uint64_t d = vsx_fp_from_int(&f, VsrD(&b, i), is_signed, sp);
            if (sp) {
                VsrW(&r, 2 * i) = vsx_double_to_single(d);
                VsrW(&r, 2 * i + 1) = vsx_double_to_single(d);
            } else {
                VsrD(&r, i) = d;
            }
        }
    } else if (!sp) {
        for (int i = 0; i < 2; i++) {
            uint32_t w = VsrW(&b, 2 * i);
            uint64_t v = is_signed ? (uint64_t)(int64_t)(int32_t)w : w;
            VsrD(&r, i) = vsx_fp_from_int(&f, v, is_signed, false);
        }
    } else {
        for (int i = 0; i < 4; i++) {
            uint32_t w = VsrW(&b, i);
            uint64_t v = is_signed ? (uint64_t)(int64_t)(int32_t)w : w;
            VsrW(&r, i) = vsx_double_to_single(vsx_fp_from_int(&f, v, is_signed, true));
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
    VsxFp f = vf_begin(cpu);
    PPCVsr b = *XB(insn), r;
    bool use_rn = mode < 0;

    for (int i = 0; i < (sp ? 4 : 2); i++) {
        uint64_t v = vsx_fp_round_int(&f, elem_get(&b, i, sp), use_rn ? (int)f.rn : mode, use_rn,
                                      sp);
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
