/*
 * Floating-point instructions (Power ISA 2.07B Book I chapter 4): loads and
 * stores (4.6.2-4.6.4), arithmetic, rounding and conversion (4.6.5-4.6.7),
 * compare and test (4.6.8), moves and selects, and the FPSCR instructions
 * (4.6.10). The arithmetic is in fpu.c; here operands are fetched, and the
 * FPSCR update and enabled-exception rules of 4.4 are applied:
 *  - FX is set when an instruction turns any exception bit from 0 to 1;
 *  - an enabled invalid-operation or zero-divide exception leaves the target
 *    FPR and FPRF unchanged and clears FR and FI;
 *  - when FEX ends up set by an enabled exception and MSR[FE0|FE1] != 0, the
 *    FP enabled program interrupt follows (after CR1 is written).
 *
 * Where QEMU 7.2 (-cpu power8) differs, the ISA is followed: QEMU never sets
 * FR and sets FX on every exception, not only on a 0->1 change; it rounds
 * fnmadd/fnmsub after negating (the ISA negates the rounded fmadd result,
 * which differs under RP/RM); it classifies single-precision results by the
 * double format (FPRF "normal" for a single denormal); it returns 0.5 for
 * fre(0) and sets XX for fre/frsqrte; fcmpo sets VXVC with an SNaN even when
 * VE=1, and writes FPRF's C bit; it does not scale results of enabled
 * overflow/underflow. Estimates (fre, frsqrte) are the correctly rounded
 * values, like QEMU's, not POWER8's table values (which are not public).
 * NI (non-IEEE mode) is ignored, as in QEMU.
 */
#include "ppc/fpu.h"
#include "ppc/insn.h"
#include "ppc/mmu.h"

static inline uint64_t get_fpr(PowerPCCPU *cpu, int n)
{
    return *fpr_ptr(cpu, n);
}

static inline void set_fpr(PowerPCCPU *cpu, int n, uint64_t v)
{
    *fpr_ptr(cpu, n) = v;
}

/* An invalid form (reserved field nonzero): the illegal-instruction interrupt, as QEMU. */
static inline void fp_check_reserved(PowerPCCPU *cpu, uint32_t insn, uint32_t mask)
{
    if (insn & mask) {
        ppc_raise_program(cpu, SRR1_PROGILL);
    }
}

/* ---- FPSCR bookkeeping ---- */

static FPCtx fp_ctx(const PowerPCCPU *cpu)
{
    return (FPCtx){
        .rn = cpu->fpscr & FPSCR_RN,
        .oe = (cpu->fpscr & FPSCR_OE) != 0,
        .ue = (cpu->fpscr & FPSCR_UE) != 0,
    };
}

/* The exception bits of `exc` whose enable bit is set in fpscr (VX -> VE ... XX -> XE). */
static bool fp_any_enabled(uint64_t fpscr, uint64_t exc)
{
    if (exc & FPSCR_VX_ALL) {
        exc |= FPSCR_VX;
    }
    /* VX OX UX ZX XX (bits 29..25) line up with VE OE UE ZE XE (bits 7..3) */
    return ((exc >> 22) & fpscr & 0xf8) != 0;
}

/* Recompute the summary bits VX and FEX. */
static uint64_t fpscr_summarize(uint64_t f)
{
    f = (f & FPSCR_VX_ALL) ? f | FPSCR_VX : f & ~FPSCR_VX;
    f = fp_any_enabled(f, f & (FPSCR_VX | FPSCR_OX | FPSCR_UX | FPSCR_ZX | FPSCR_XX))
        ? f | FPSCR_FEX : f & ~FPSCR_FEX;
    return f;
}

/* Merge newly raised exception bits: sticky, with FX when any of them is new. */
static uint64_t fpscr_raise(uint64_t f, uint64_t exc)
{
    if (exc & ~f) {
        f |= FPSCR_FX;
    }
    return fpscr_summarize(f | exc);
}

static void fp_set_cr1(PowerPCCPU *cpu)
{
    ppc_set_crf(cpu, 1, (uint32_t)(cpu->fpscr >> 28) & 0xf);
}

/* Rc, then the enabled-exception interrupt (which does not return). */
static int fp_end(PowerPCCPU *cpu, uint32_t insn, bool trap)
{
    if (F_Rc(insn)) {
        fp_set_cr1(cpu);
    }
    if (trap && (cpu->fpscr & FPSCR_FEX) && (cpu->msr & (MSR_FE0 | MSR_FE1))) {
        ppc_raise_program(cpu, SRR1_PROGFPE);
    }
    return 0;
}

/* What an instruction's completion updates besides the exception bits. */
enum {
    FPW_FPRF = 1,       /* FPRF from the result */
    FPW_CVT = 2,        /* conversion to integer: FPRF only as QNaN on a disabled VXCVI */
};

/*
 * Complete an arithmetic instruction: FPSCR from the context, the target
 * unless an enabled invalid/zero-divide exception suppresses it, CR1, and
 * the interrupt.
 */
static int fp_complete(PowerPCCPU *cpu, uint32_t insn, const FPCtx *c, int frt, uint64_t result,
                       FPPrec p, unsigned what)
{
    uint64_t f = cpu->fpscr;
    bool suppress = ((c->exc & FPSCR_VX_ALL) && (f & FPSCR_VE)) ||
                    ((c->exc & FPSCR_ZX) && (f & FPSCR_ZE));
    bool trap = fp_any_enabled(f, c->exc);

    f &= ~(FPSCR_FR | FPSCR_FI);
    if (!suppress) {
        set_fpr(cpu, frt, result);
        f |= (c->fr ? FPSCR_FR : 0) | (c->fi ? FPSCR_FI : 0);
        if (what & FPW_FPRF) {
            f = (f & ~FPSCR_FPRF) | ((uint64_t)fp_fprf(result, p) << FPSCR_FPRF_SHIFT);
        } else if ((what & FPW_CVT) && (c->exc & FPSCR_VXCVI)) {
            /* FPRF is undefined for fcti*; QEMU marks a disabled VXCVI as QNaN */
            f = (f & ~FPSCR_FPRF) | ((uint64_t)FPRF_QNAN << FPSCR_FPRF_SHIFT);
        }
    }
    cpu->fpscr = fpscr_raise(f, c->exc);
    return fp_end(cpu, insn, trap);
}

/* ---- loads and stores (4.6.2 - 4.6.4) ---- */

typedef enum {
    FPM_SINGLE,     /* lfs / stfs: DOUBLE and SINGLE conversions */
    FPM_DOUBLE,     /* lfd / stfd */
    FPM_IWA,        /* lfiwax: sign-extended word */
    FPM_IWZ,        /* lfiwzx / stfiwx: the low word as is */
} FPMemKind;

/* EA of a D-form (xform false) or X-form access; update forms need RA != 0. */
static uint64_t fp_ea(PowerPCCPU *cpu, uint32_t insn, bool xform, bool update)
{
    if (update && F_RA(insn) == 0) {
        ppc_raise_program(cpu, SRR1_PROGILL);
    }
    ppc_check_fp(cpu);
    uint64_t off = xform ? cpu->gpr[F_RB(insn)] : (uint64_t)F_SI(insn);
    return ppc_ea_mask(cpu, ppc_ra0(cpu, insn) + off);
}

static int fp_load(PowerPCCPU *cpu, uint32_t insn, FPMemKind kind, bool xform, bool update)
{
    uint64_t ea = fp_ea(cpu, insn, xform, update);
    uint64_t v;

    switch (kind) {
    case FPM_SINGLE:
        v = fp_single_to_double((uint32_t)ppc_ld(cpu, ea, 4, false));
        break;
    case FPM_DOUBLE:
        v = ppc_ld(cpu, ea, 8, false);
        break;
    case FPM_IWA:
        v = (uint64_t)(int64_t)(int32_t)ppc_ld(cpu, ea, 4, false);
        break;
    default:
        v = (uint32_t)ppc_ld(cpu, ea, 4, false);
        break;
    }
    set_fpr(cpu, F_FRT(insn), v);
    if (update) {
        cpu->gpr[F_RA(insn)] = ea;
    }
    return 0;
}

static int fp_store(PowerPCCPU *cpu, uint32_t insn, FPMemKind kind, bool xform, bool update)
{
    uint64_t ea = fp_ea(cpu, insn, xform, update);
    uint64_t v = get_fpr(cpu, F_FRT(insn));

    switch (kind) {
    case FPM_SINGLE:
        ppc_st(cpu, ea, 4, fp_double_to_single(v), false);
        break;
    case FPM_DOUBLE:
        ppc_st(cpu, ea, 8, v, false);
        break;
    default:
        ppc_st(cpu, ea, 4, (uint32_t)v, false);
        break;
    }
    if (update) {
        cpu->gpr[F_RA(insn)] = ea;
    }
    return 0;
}

#define FP_LDST(name, fn, kind)                                                              \
    PPC_INSN(name) { return fn(cpu, insn, kind, false, false); }                             \
    PPC_INSN(name##u) { return fn(cpu, insn, kind, false, true); }                           \
    PPC_INSN(name##x) { return fn(cpu, insn, kind, true, false); }                           \
    PPC_INSN(name##ux) { return fn(cpu, insn, kind, true, true); }

FP_LDST(lfs, fp_load, FPM_SINGLE)
FP_LDST(lfd, fp_load, FPM_DOUBLE)
FP_LDST(stfs, fp_store, FPM_SINGLE)
FP_LDST(stfd, fp_store, FPM_DOUBLE)

PPC_INSN(lfiwax) { return fp_load(cpu, insn, FPM_IWA, true, false); }
PPC_INSN(lfiwzx) { return fp_load(cpu, insn, FPM_IWZ, true, false); }
PPC_INSN(stfiwx) { return fp_store(cpu, insn, FPM_IWZ, true, false); }

/*
 * lfdp/stfdp: an even-odd FPR pair and a quadword. In little-endian mode the
 * quadword is byte-reversed as a whole, so FRTp comes from EA+8 (as QEMU).
 * An odd FRTp is an invalid form.
 */
static int fp_pair(PowerPCCPU *cpu, uint32_t insn, bool xform, bool store)
{
    int frt = F_FRT(insn);
    if (frt & 1) {
        ppc_raise_program(cpu, SRR1_PROGILL);
    }
    uint64_t ea;
    if (xform) {
        ea = fp_ea(cpu, insn, true, false);
    } else {
        ppc_check_fp(cpu);
        ea = ppc_ea_mask(cpu, ppc_ra0(cpu, insn) + F_DS(insn));
    }
    bool le = (cpu->msr & MSR_LE) != 0;
    int first = le ? frt + 1 : frt, second = le ? frt : frt + 1;

    if (store) {
        uint64_t hi = get_fpr(cpu, first), lo = get_fpr(cpu, second);
        ppc_st(cpu, ea, 8, hi, false);
        ppc_st(cpu, ea + 8, 8, lo, false);
    } else {
        uint64_t hi = ppc_ld(cpu, ea, 8, false);
        uint64_t lo = ppc_ld(cpu, ea + 8, 8, false);
        set_fpr(cpu, first, hi);
        set_fpr(cpu, second, lo);
    }
    return 0;
}

PPC_INSN(lfdp) { return fp_pair(cpu, insn, false, false); }
PPC_INSN(lfdpx) { return fp_pair(cpu, insn, true, false); }
PPC_INSN(stfdp) { return fp_pair(cpu, insn, false, true); }
PPC_INSN(stfdpx) { return fp_pair(cpu, insn, true, true); }

/* ---- elementary arithmetic (4.6.6) and multiply-add (4.6.6.2) ---- */

typedef uint64_t (*FPBinFn)(FPCtx *c, uint64_t a, uint64_t b, FPPrec p);
typedef uint64_t (*FPUnFn)(FPCtx *c, uint64_t b, FPPrec p);

/* fadd, fsub, fdiv: FRA op FRB; fmul: FRA x FRC with FRB reserved. */
static int fp_binary(PowerPCCPU *cpu, uint32_t insn, FPBinFn fn, FPPrec p, bool uses_frc)
{
    fp_check_reserved(cpu, insn, uses_frc ? FRB_FIELD : 0);
    ppc_check_fp(cpu);
    FPCtx c = fp_ctx(cpu);
    uint64_t b = get_fpr(cpu, uses_frc ? F_FRC(insn) : F_FRB(insn));
    uint64_t r = fn(&c, get_fpr(cpu, F_FRA(insn)), b, p);
    return fp_complete(cpu, insn, &c, F_FRT(insn), r, p, FPW_FPRF);
}

/* fsqrt, fre, frsqrte: FRB only, FRA reserved (FRC by the decode mask). */
static int fp_unary(PowerPCCPU *cpu, uint32_t insn, FPUnFn fn, FPPrec p)
{
    fp_check_reserved(cpu, insn, FRA_FIELD);
    ppc_check_fp(cpu);
    FPCtx c = fp_ctx(cpu);
    uint64_t r = fn(&c, get_fpr(cpu, F_FRB(insn)), p);
    return fp_complete(cpu, insn, &c, F_FRT(insn), r, p, FPW_FPRF);
}

static int fp_madd(PowerPCCPU *cpu, uint32_t insn, bool neg_b, bool neg_result, FPPrec p)
{
    ppc_check_fp(cpu);
    FPCtx c = fp_ctx(cpu);
    uint64_t r = fp_muladd(&c, get_fpr(cpu, F_FRA(insn)), get_fpr(cpu, F_FRC(insn)),
                           get_fpr(cpu, F_FRB(insn)), neg_b, neg_result, p);
    return fp_complete(cpu, insn, &c, F_FRT(insn), r, p, FPW_FPRF);
}

#define FP_BIN_PAIR(name, fn, uses_frc)                                                      \
    PPC_INSN(name) { return fp_binary(cpu, insn, fn, FP_DOUBLE, uses_frc); }                 \
    PPC_INSN(name##s) { return fp_binary(cpu, insn, fn, FP_SINGLE, uses_frc); }
#define FP_UN_PAIR(name, fn)                                                                 \
    PPC_INSN(name) { return fp_unary(cpu, insn, fn, FP_DOUBLE); }                            \
    PPC_INSN(name##s) { return fp_unary(cpu, insn, fn, FP_SINGLE); }
#define FP_MADD_PAIR(name, neg_b, neg_result)                                                \
    PPC_INSN(name) { return fp_madd(cpu, insn, neg_b, neg_result, FP_DOUBLE); }              \
    PPC_INSN(name##s) { return fp_madd(cpu, insn, neg_b, neg_result, FP_SINGLE); }

FP_BIN_PAIR(fadd, fp_add, false)
FP_BIN_PAIR(fsub, fp_sub, false)
FP_BIN_PAIR(fdiv, fp_div, false)
FP_BIN_PAIR(fmul, fp_mul, true)
FP_UN_PAIR(fsqrt, fp_sqrt)
FP_UN_PAIR(fre, fp_recip_estimate)
FP_UN_PAIR(frsqrte, fp_rsqrt_estimate)
FP_MADD_PAIR(fmadd, false, false)
FP_MADD_PAIR(fmsub, true, false)
FP_MADD_PAIR(fnmadd, false, true)
FP_MADD_PAIR(fnmsub, true, true)

/* ---- rounding and conversion (4.6.7) ---- */

static uint64_t fp_frsp_fn(FPCtx *c, uint64_t b, FPPrec p)
{
    return fp_round_to_single(c, b);
}

PPC_INSN(frsp) { return fp_unary(cpu, insn, fp_frsp_fn, FP_SINGLE); }

/*
 * fcti*: the integer goes to FRT[32:63] (word forms) or FRT. FRT[0:31] of a
 * word result is undefined; we give what QEMU 7.2 gives: the sign extension
 * of a signed result, zero for unsigned results and for a NaN operand.
 */
static int fp_cvt_to_int(PowerPCCPU *cpu, uint32_t insn, bool is_signed, int bits, bool trunc)
{
    fp_check_reserved(cpu, insn, FRA_FIELD);
    ppc_check_fp(cpu);
    FPCtx c = fp_ctx(cpu);
    uint64_t b = get_fpr(cpu, F_FRB(insn));
    uint64_t r = fp_to_int(&c, b, is_signed, bits, trunc);
    if (bits == 32 && is_signed && !fp_is_nan(b)) {
        r = (uint64_t)(int64_t)(int32_t)r;
    }
    return fp_complete(cpu, insn, &c, F_FRT(insn), r, FP_DOUBLE, FPW_CVT);
}

#define FP_CVT_PAIR(name, is_signed, bits)                                                   \
    PPC_INSN(name) { return fp_cvt_to_int(cpu, insn, is_signed, bits, false); }              \
    PPC_INSN(name##z) { return fp_cvt_to_int(cpu, insn, is_signed, bits, true); }

FP_CVT_PAIR(fctiw, true, 32)
FP_CVT_PAIR(fctiwu, false, 32)
FP_CVT_PAIR(fctid, true, 64)
FP_CVT_PAIR(fctidu, false, 64)

static int fp_cvt_from_int(PowerPCCPU *cpu, uint32_t insn, bool is_signed, FPPrec p)
{
    fp_check_reserved(cpu, insn, FRA_FIELD);
    ppc_check_fp(cpu);
    FPCtx c = fp_ctx(cpu);
    uint64_t r = fp_from_int(&c, get_fpr(cpu, F_FRB(insn)), is_signed, p);
    return fp_complete(cpu, insn, &c, F_FRT(insn), r, p, FPW_FPRF);
}

PPC_INSN(fcfid) { return fp_cvt_from_int(cpu, insn, true, FP_DOUBLE); }
PPC_INSN(fcfids) { return fp_cvt_from_int(cpu, insn, true, FP_SINGLE); }
PPC_INSN(fcfidu) { return fp_cvt_from_int(cpu, insn, false, FP_DOUBLE); }
PPC_INSN(fcfidus) { return fp_cvt_from_int(cpu, insn, false, FP_SINGLE); }

/* fri*: integral value in double format; FR, FI cleared, XX never set (4.6.7.3). */
static int fp_round_int(PowerPCCPU *cpu, uint32_t insn, int mode)
{
    fp_check_reserved(cpu, insn, FRA_FIELD);
    ppc_check_fp(cpu);
    FPCtx c = fp_ctx(cpu);
    uint64_t r = fp_round_to_integral(&c, get_fpr(cpu, F_FRB(insn)), mode);
    return fp_complete(cpu, insn, &c, F_FRT(insn), r, FP_DOUBLE, FPW_FPRF);
}

PPC_INSN(frin) { return fp_round_int(cpu, insn, FP_RI_NEAR_AWAY); }
PPC_INSN(friz) { return fp_round_int(cpu, insn, FP_RN_ZERO); }
PPC_INSN(frip) { return fp_round_int(cpu, insn, FP_RN_UP); }
PPC_INSN(frim) { return fp_round_int(cpu, insn, FP_RN_DOWN); }

/* ---- moves and select (4.6.5, 4.6.9): no FPSCR change; Rc copies FPSCR to CR1 ---- */

static int fp_move(PowerPCCPU *cpu, uint32_t insn, uint64_t v)
{
    set_fpr(cpu, F_FRT(insn), v);
    return fp_end(cpu, insn, false);
}

#define FP_SIGN 0x8000000000000000ull

PPC_INSN(fmr)
{
    fp_check_reserved(cpu, insn, FRA_FIELD);
    ppc_check_fp(cpu);
    return fp_move(cpu, insn, get_fpr(cpu, F_FRB(insn)));
}

PPC_INSN(fneg)
{
    fp_check_reserved(cpu, insn, FRA_FIELD);
    ppc_check_fp(cpu);
    return fp_move(cpu, insn, get_fpr(cpu, F_FRB(insn)) ^ FP_SIGN);
}

PPC_INSN(fabs)
{
    fp_check_reserved(cpu, insn, FRA_FIELD);
    ppc_check_fp(cpu);
    return fp_move(cpu, insn, get_fpr(cpu, F_FRB(insn)) & ~FP_SIGN);
}

PPC_INSN(fnabs)
{
    fp_check_reserved(cpu, insn, FRA_FIELD);
    ppc_check_fp(cpu);
    return fp_move(cpu, insn, get_fpr(cpu, F_FRB(insn)) | FP_SIGN);
}

PPC_INSN(fcpsgn)
{
    ppc_check_fp(cpu);
    uint64_t a = get_fpr(cpu, F_FRA(insn)), b = get_fpr(cpu, F_FRB(insn));
    return fp_move(cpu, insn, (a & FP_SIGN) | (b & ~FP_SIGN));
}

/* fsel: FRC if FRA >= 0 (either zero counts) and not a NaN, else FRB. */
PPC_INSN(fsel)
{
    ppc_check_fp(cpu);
    uint64_t a = get_fpr(cpu, F_FRA(insn));
    bool ge0 = !fp_is_nan(a) && (!(a & FP_SIGN) || fp_is_zero(a));
    return fp_move(cpu, insn, get_fpr(cpu, ge0 ? F_FRC(insn) : F_FRB(insn)));
}

/* fmrgew / fmrgow (2.07): the even (high) or odd (low) words of FRA and FRB. */
PPC_INSN(fmrgew)
{
    ppc_check_fp(cpu);
    uint64_t a = get_fpr(cpu, F_FRA(insn)), b = get_fpr(cpu, F_FRB(insn));
    set_fpr(cpu, F_FRT(insn), (a & 0xffffffff00000000ull) | (b >> 32));
    return 0;
}

PPC_INSN(fmrgow)
{
    ppc_check_fp(cpu);
    uint64_t a = get_fpr(cpu, F_FRA(insn)), b = get_fpr(cpu, F_FRB(insn));
    set_fpr(cpu, F_FRT(insn), (a << 32) | (uint32_t)b);
    return 0;
}

/* ---- compare and test (4.6.8) ---- */

static int fp_cmp(PowerPCCPU *cpu, uint32_t insn, bool ordered)
{
    fp_check_reserved(cpu, insn, FCMP_RESERVED);
    ppc_check_fp(cpu);
    uint64_t a = get_fpr(cpu, F_FRA(insn)), b = get_fpr(cpu, F_FRB(insn));
    unsigned cc = fp_compare(a, b);
    uint64_t f = cpu->fpscr, exc = 0;

    if (cc == 1) {
        if (fp_is_snan(a) || fp_is_snan(b)) {
            exc |= FPSCR_VXSNAN;
            /* fcmpo: an SNaN also raises VXVC unless VE is set */
            if (ordered && !(f & FPSCR_VE)) {
                exc |= FPSCR_VXVC;
            }
        } else if (ordered) {
            exc |= FPSCR_VXVC;
        }
    }
    ppc_set_crf(cpu, F_BF(insn), cc);
    f = (f & ~FPSCR_FPCC) | ((uint64_t)cc << FPSCR_FPRF_SHIFT);
    bool trap = fp_any_enabled(f, exc);
    cpu->fpscr = fpscr_raise(f, exc);
    if (trap && (cpu->msr & (MSR_FE0 | MSR_FE1))) {
        ppc_raise_program(cpu, SRR1_PROGFPE);
    }
    return 0;
}

PPC_INSN(fcmpu) { return fp_cmp(cpu, insn, false); }
PPC_INSN(fcmpo) { return fp_cmp(cpu, insn, true); }

static int fp_exponent(uint64_t d)
{
    return (int)((d >> 52) & 0x7ff) - 1023;
}

static bool fp_is_denorm(uint64_t d)
{
    return !(d & 0x7ff0000000000000ull) && !fp_is_zero(d);
}

/* ftdiv: CR[BF] = 0b1 || fg || fe || 0b0, the software divide checks of 4.6.8. */
PPC_INSN(ftdiv)
{
    fp_check_reserved(cpu, insn, FCMP_RESERVED);
    ppc_check_fp(cpu);
    uint64_t a = get_fpr(cpu, F_FRA(insn)), b = get_fpr(cpu, F_FRB(insn));
    bool fe = false, fg = false;

    if (fp_is_inf(a) || fp_is_inf(b) || fp_is_zero(b)) {
        fe = fg = true;
    } else {
        int ea = fp_exponent(a), eb = fp_exponent(b);
        if (fp_is_nan(a) || fp_is_nan(b) || eb <= -1022 || eb >= 1021) {
            fe = true;
        } else if (!fp_is_zero(a) && (ea - eb >= 1023 || ea - eb <= -1021 || ea <= -970)) {
            fe = true;
        }
        fg = fp_is_denorm(b);
    }
    ppc_set_crf(cpu, F_BF(insn), 8 | (fg ? 4 : 0) | (fe ? 2 : 0));
    return 0;
}

PPC_INSN(ftsqrt)
{
    fp_check_reserved(cpu, insn, 0x007f0000u);
    ppc_check_fp(cpu);
    uint64_t b = get_fpr(cpu, F_FRB(insn));
    bool fe = false, fg = false;

    if (fp_is_inf(b) || fp_is_zero(b)) {
        fe = fg = true;
    } else {
        fe = fp_is_nan(b) || (b & FP_SIGN) || fp_exponent(b) <= -970;
        fg = fp_is_denorm(b);
    }
    ppc_set_crf(cpu, F_BF(insn), 8 | (fg ? 4 : 0) | (fe ? 2 : 0));
    return 0;
}

/* ---- FPSCR instructions (4.6.10) ---- */

/*
 * mffs: FRT = FPSCR. Its RA/RB fields are not checked: ISA 3.0 put mffsl,
 * mffsce, mffscrn... there, and POWER8 executes all of them as mffs.
 */
PPC_INSN(mffs)
{
    ppc_check_fp(cpu);
    set_fpr(cpu, F_FRT(insn), cpu->fpscr);
    return fp_end(cpu, insn, false);
}

/* FPSCR field k (0..15, ISA bits 4k..4k+3) as a host mask. */
static uint64_t fpscr_field_mask(int k)
{
    return 0xfull << (60 - 4 * k);
}

/* Store under `mask` (writable bits only), recompute VX/FEX, trap if FEX is set. */
static int fpscr_store(PowerPCCPU *cpu, uint32_t insn, uint64_t val, uint64_t mask)
{
    mask &= FPSCR_WRITABLE;
    cpu->fpscr = fpscr_summarize((cpu->fpscr & ~mask) | (val & mask));
    return fp_end(cpu, insn, true);
}

PPC_INSN(mtfsf)
{
    ppc_check_fp(cpu);
    unsigned flm = (insn >> 17) & 0xff;
    bool l = (insn >> 25) & 1, w = (insn >> 16) & 1;
    uint64_t mask = 0;

    if (l) {
        mask = ~0ull;
    } else {
        for (int i = 0; i < 8; i++) {
            if (flm & (0x80u >> i)) {
                mask |= fpscr_field_mask(i + (w ? 0 : 8));
            }
        }
    }
    return fpscr_store(cpu, insn, get_fpr(cpu, F_FRB(insn)), mask);
}

PPC_INSN(mtfsfi)
{
    fp_check_reserved(cpu, insn, 0x007e0800u);
    ppc_check_fp(cpu);
    int k = F_BF(insn) + (((insn >> 16) & 1) ? 0 : 8);
    uint64_t u = (insn >> 12) & 0xf;
    return fpscr_store(cpu, insn, u << (60 - 4 * k), fpscr_field_mask(k));
}

/* mtfsb0/mtfsb1: FPSCR bit 32+BT; FEX and VX (BT 1, 2) cannot be set or reset. */
static int fp_mtfsb(PowerPCCPU *cpu, uint32_t insn, bool set)
{
    fp_check_reserved(cpu, insn, 0x001ff800u);
    ppc_check_fp(cpu);
    uint64_t bit = 1ull << (31 - F_RT(insn));
    uint64_t f = cpu->fpscr;
    bool was_set = (f & bit) != 0;

    bit &= FPSCR_WRITABLE;
    if (set) {
        /* setting an exception bit that was 0 also sets FX */
        if ((bit & FPSCR_EXC_ALL & ~FPSCR_FX) && !(f & bit)) {
            f |= FPSCR_FX;
        }
        f |= bit;
    } else {
        f &= ~bit;
    }
    cpu->fpscr = fpscr_summarize(f);
    /* only a bit that goes from 0 to 1 can make an exception enabled */
    return fp_end(cpu, insn, set && !was_set);
}

PPC_INSN(mtfsb0) { return fp_mtfsb(cpu, insn, false); }
PPC_INSN(mtfsb1) { return fp_mtfsb(cpu, insn, true); }

/* mcrfs: CR[BF] = FPSCR field BFA; the exception bits copied are cleared. */
PPC_INSN(mcrfs)
{
    fp_check_reserved(cpu, insn, 0x0063f800u);
    ppc_check_fp(cpu);
    int k = 8 + F_BFA(insn);
    uint64_t m = fpscr_field_mask(k);
    ppc_set_crf(cpu, F_BF(insn), (uint32_t)((cpu->fpscr & m) >> (60 - 4 * k)));
    cpu->fpscr = fpscr_summarize(cpu->fpscr & ~(m & FPSCR_EXC_ALL));
    return 0;
}
