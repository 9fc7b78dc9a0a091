/*
 * VMX floating-point instructions of Power ISA 2.07B Book I 6.12: single
 * precision, always round-to-nearest (except where the instruction names
 * its rounding), no FPSCR and no exceptions.
 *
 * 6.12.1 rules applied to every lane:
 *  - a NaN operand gives that NaN, quieted; with several, the first in the
 *    order VRA, VRB, VRC;
 *  - an invalid operation (inf - inf, 0 * inf, ...) gives the default QNaN
 *    0x7fc00000 (the host would give 0xffc00000);
 *  - with VSCR[NJ] = 1 (non-Java mode) denormal operands are taken as zero
 *    and a result that underflows is replaced by zero, keeping the sign.
 *    Tininess is detected before rounding (Book I 4.4.5 "Tiny"): an exact
 *    value just below the smallest normal that rounds up to it is flushed too.
 *
 * The host computes in binary32 with the default round-to-nearest mode;
 * fmaf keeps vmaddfp/vnmsubfp fused (one rounding), as the ISA requires.
 */
#include <float.h>
#include <math.h>

#include "ppc/vec-helpers.h"

#define QNAN_BIT     0x00400000u
#define DEFAULT_QNAN 0x7fc00000u

static inline float f_of(uint32_t u)
{
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static inline uint32_t u_of(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static inline bool is_nan32(uint32_t u)
{
    return (u & 0x7fffffffu) > 0x7f800000u;
}

static inline bool is_denorm32(uint32_t u)
{
    return (u & 0x7f800000u) == 0 && (u & 0x007fffffu) != 0;
}

/* Operand as the instruction sees it (NJ flushes denormals to zero). */
static inline float vmx_in(bool nj, uint32_t u)
{
    return f_of(nj && is_denorm32(u) ? (u & 0x80000000u) : u);
}

static inline uint32_t vmx_out(bool nj, float r)
{
    uint32_t u = u_of(r);
    if (is_nan32(u)) {
        return DEFAULT_QNAN;
    }
    if (nj && is_denorm32(u)) {
        return u & 0x80000000u;
    }
    return u;
}

/*
 * Whether p + q (doubles) is below FLT_MIN in magnitude, exactly: the
 * rounded sum s and its error (Knuth's TwoSum) give the exact value s + err.
 * Used with p = x * z, exact in double for float operands.
 */
static inline bool sum_is_tiny(double p, double q)
{
    double s = p + q, bb = s - p;
    double err = (p - (s - bb)) + (q - bb);
    if (fabs(s) != FLT_MIN) {
        return fabs(s) < FLT_MIN;
    }
    return err != 0 && signbit(err) != signbit(s);
}

/* NJ = 1: a result rounded to +-FLT_MIN underflowed if the value before rounding was tiny. */
static inline uint32_t vmx_out_tiny(bool nj, float r, bool tiny)
{
    uint32_t u = vmx_out(nj, r);
    if (nj && (u & 0x7fffffffu) == 0x00800000u && tiny) {
        return u & 0x80000000u;
    }
    return u;
}

/*
 * Lane-wise op over n_ops operands (a = VRA, b = VRB, c = VRC): NaNs are
 * handled here, expr sees flushed floats x, y, z; tiny says whether the
 * arithmetic forms' value before rounding is below FLT_MIN (false elsewhere).
 */
#define VMX_FP(name, n_ops, expr) VMX_FP_X(name, n_ops, expr, false)
#define VMX_FP_X(name, n_ops, expr, tiny)                                    \
    VEC_LANEWISE(name, 4,                                                    \
        bool nj = cpu->vscr & VSCR_NJ;                                       \
        uint32_t ops[3] = { a.u32[i], b.u32[i], c.u32[i] };                  \
        int first = (n_ops) == 1 ? 1 : 0, last = (n_ops) == 3 ? 2 : 1;       \
        int nan = -1;                                                        \
        for (int k = first; k <= last; k++) {                                \
            if (is_nan32(ops[k])) {                                          \
                nan = k;                                                     \
                break;                                                       \
            }                                                                \
        }                                                                    \
        if (nan >= 0) {                                                      \
            r.u32[i] = ops[nan] | QNAN_BIT;                                  \
            continue;                                                        \
        }                                                                    \
        float x = vmx_in(nj, ops[0]), y = vmx_in(nj, ops[1]);                \
        float z = vmx_in(nj, ops[2]);                                        \
        (void)x; (void)y; (void)z;                                           \
        r.u32[i] = vmx_out_tiny(nj, (expr), (tiny));)

/* ---- 6.12.2 arithmetic (vmaddfp is VRA * VRC + VRB) ---- */

VMX_FP_X(vaddfp, 2, x + y, sum_is_tiny(x, y))
VMX_FP_X(vsubfp, 2, x - y, sum_is_tiny(x, -(double)y))
VMX_FP_X(vmaddfp, 3, fmaf(x, z, y), sum_is_tiny((double)x * z, y))
/* A NaN operand passes through unnegated (the generator returns it before expr). */
VMX_FP_X(vnmsubfp, 3, -fmaf(x, z, -y), sum_is_tiny((double)x * z, -(double)y))

/* ---- 6.12.2 estimates: computed exactly, which is within the estimate bounds ---- */

VMX_FP(vrefp, 1, 1.0f / y)
VMX_FP(vrsqrtefp, 1, y < 0 ? NAN : (y == 0 ? copysignf(INFINITY, y) : 1.0f / sqrtf(y)))
VMX_FP(vexptefp, 1, exp2f(y))
/* log2 in double, then one rounding: the nearest single (log2f is not always) */
VMX_FP(vlogefp, 1, y < 0 ? NAN : (y == 0 ? -INFINITY : (float)log2((double)y)))

/* ---- 6.12.2 maximum / minimum: +0 > -0 ---- */

static inline float vmx_max(float x, float y)
{
    if (x == y) {
        return signbit(x) ? y : x;
    }
    return x > y ? x : y;
}

static inline float vmx_min(float x, float y)
{
    if (x == y) {
        return signbit(x) ? x : y;
    }
    return x < y ? x : y;
}

VMX_FP(vmaxfp, 2, vmx_max(x, y))
VMX_FP(vminfp, 2, vmx_min(x, y))

/* ---- 6.12.3 round to integral (the NaN is quieted by the generator) ---- */

VMX_FP(vrfin, 1, nearbyintf(y))
VMX_FP(vrfiz, 1, truncf(y))
VMX_FP(vrfip, 1, ceilf(y))
VMX_FP(vrfim, 1, floorf(y))

/* ---- 6.12.3 conversions with the scale 2^UIM (UIM is the VRA field) ---- */

/* x * 2^uim truncated to an integer of the given range, saturating (NaN -> 0, no SAT). */
static int vmx_ctxs(PowerPCCPU *cpu, uint32_t insn, bool is_signed)
{
    bool nj = cpu->vscr & VSCR_NJ, sat = false;
    int uim = F_VRA(insn);
    PPCVsr b, r;

    ppc_check_vec(cpu);
    b = *VRB(insn);
    for (int i = 0; i < 4; i++) {
        double v;
        if (is_nan32(b.u32[i])) {
            r.u32[i] = 0;       /* a NaN converts to 0 without saturating (as QEMU) */
            continue;
        }
        /* Exact in double: a single times 2^31 at most stays representable. */
        v = trunc(ldexp((double)vmx_in(nj, b.u32[i]), uim));
        if (is_signed) {
            if (v > INT32_MAX) {
                r.s32[i] = INT32_MAX;
                sat = true;
            } else if (v < INT32_MIN) {
                r.s32[i] = INT32_MIN;
                sat = true;
            } else {
                r.s32[i] = (int32_t)v;
            }
        } else {
            if (v > UINT32_MAX) {
                r.u32[i] = UINT32_MAX;
                sat = true;
            } else if (v < 0) {
                r.u32[i] = 0;
                sat = true;
            } else {
                r.u32[i] = (uint32_t)v;
            }
        }
    }
    *VRT(insn) = r;
    vec_note_sat(cpu, sat);
    return 0;
}

PPC_INSN(vctsxs) { return vmx_ctxs(cpu, insn, true); }
PPC_INSN(vctuxs) { return vmx_ctxs(cpu, insn, false); }

/* Integer / 2^uim, rounded to nearest once (the division by a power of two is exact). */
VEC_LANEWISE(vcfsx, 4, r.u32[i] = u_of(ldexpf((float)b.s32[i], -(int)F_VRA(insn)));)
VEC_LANEWISE(vcfux, 4, r.u32[i] = u_of(ldexpf((float)b.u32[i], -(int)F_VRA(insn)));)

/* ---- 6.12.4 compare: NaN compares false; vcmpbfp gives the two bound bits ---- */

#define VMX_FPCMP(name, op)                                                  \
    VEC_CMP_WHERE(name, u32, 4,                                              \
        vmx_in(cpu->vscr & VSCR_NJ, a.u32[i]) op vmx_in(cpu->vscr & VSCR_NJ, b.u32[i]))

VMX_FPCMP(vcmpeqfp, ==)
VMX_FPCMP(vcmpgefp, >=)
VMX_FPCMP(vcmpgtfp, >)

/* Bit 0: not (a <= b); bit 1: not (a >= -b). Rc: CR6 bit 2 when every lane is in bounds. */
VEC_FRAME(vcmpbfp,
    bool nj = cpu->vscr & VSCR_NJ;
    for (int i = 0; i < 4; i++) {
        float x = vmx_in(nj, a.u32[i]), y = vmx_in(nj, b.u32[i]);
        r.u32[i] = (x <= y ? 0 : 0x80000000u) | (x >= -y ? 0 : 0x40000000u);
    }
    if (insn & 0x400) {
        ppc_set_crf(cpu, 6, r.u128 == 0 ? 2 : 0);
    })
