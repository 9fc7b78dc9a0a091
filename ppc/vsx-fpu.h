/*
 * Floating-point arithmetic for the VSX instructions (Power ISA 2.07B Book I
 * 7.3 / 7.4), computed on the host FPU under the guest's rounding mode.
 *
 * LOCAL HELPER, TO BE FOLDED: the scalar FP instructions have their own
 * integer soft-float core (ppc/fpu.h: fp_add, fp_muladd, fp_to_int, ...,
 * with an FPCtx that plays the role of VsxFp here). It was not on main when
 * this was written; every function below maps one-to-one onto one of those
 * and should become a call to it.
 *
 * Values are double-format bit patterns. `sp` asks for the result rounded
 * once to single precision (still returned in double format). The
 * functions only compute: `exc` collects the FPSCR exception bits raised and
 * fr/fi the new FR/FI; the handlers merge them into the FPSCR.
 */
#ifndef PPC_VSX_FPU_H
#define PPC_VSX_FPU_H

#include <stdbool.h>
#include <stdint.h>

/* FPSCR bits (ISA bit n is host bit 63 - n) */
#define VF_FX      (1ull << 31)
#define VF_FEX     (1ull << 30)
#define VF_VX      (1ull << 29)
#define VF_OX      (1ull << 28)
#define VF_UX      (1ull << 27)
#define VF_ZX      (1ull << 26)
#define VF_XX      (1ull << 25)
#define VF_VXSNAN  (1ull << 24)
#define VF_VXISI   (1ull << 23)
#define VF_VXIDI   (1ull << 22)
#define VF_VXZDZ   (1ull << 21)
#define VF_VXIMZ   (1ull << 20)
#define VF_VXVC    (1ull << 19)
#define VF_FR      (1ull << 18)
#define VF_FI      (1ull << 17)
#define VF_FPRF_SHIFT 12
#define VF_FPRF    (0x1full << VF_FPRF_SHIFT)
#define VF_FPCC    (0x0full << VF_FPRF_SHIFT)
#define VF_VXSOFT  (1ull << 10)
#define VF_VXSQRT  (1ull << 9)
#define VF_VXCVI   (1ull << 8)
#define VF_VE      (1ull << 7)
#define VF_OE      (1ull << 6)
#define VF_UE      (1ull << 5)
#define VF_ZE      (1ull << 4)
#define VF_XE      (1ull << 3)
#define VF_RN      3ull
#define VF_VX_ALL  (VF_VXSNAN | VF_VXISI | VF_VXIDI | VF_VXZDZ | VF_VXIMZ | VF_VXVC | \
                    VF_VXSOFT | VF_VXSQRT | VF_VXCVI)

#define VF_DEFAULT_QNAN 0x7ff8000000000000ull

typedef struct VsxFp {
    unsigned rn;        /* FPSCR[RN]: 0 nearest, 1 zero, 2 +inf, 3 -inf */
    uint64_t exc;
    bool fr, fi;
} VsxFp;

enum {
    VF_ADD, VF_SUB, VF_MUL, VF_DIV, VF_SQRT,
    VF_MADD,            /* a * b + c */
    VF_MSUB,            /* a * b - c */
    VF_RE, VF_RSQRTE,   /* estimates of 1/b and 1/sqrt(b), computed exactly */
};

/* The operation on a, b, c (unused ones ignored); NMADD/NMSUB: negate the non-NaN result. */
uint64_t vsx_fp_arith(VsxFp *f, int op, uint64_t a, uint64_t b, uint64_t c, bool sp);
/* Round to single precision (frsp / xsrsp / xscvdpsp), in double format. */
uint64_t vsx_fp_round_sp(VsxFp *f, uint64_t b);
/* To a 32/64-bit (un)signed integer, truncating; NaN and out of range saturate with VXCVI. */
uint64_t vsx_fp_to_int(VsxFp *f, uint64_t b, bool is_signed, int bits);
/* From a 64-bit (un)signed integer, rounded by RN (to single if sp). */
uint64_t vsx_fp_from_int(VsxFp *f, uint64_t v, bool is_signed, bool sp);
/* To an integral value: mode 0-3 as RN, 4 = nearest with ties away. XX only if set_xx. */
uint64_t vsx_fp_round_int(VsxFp *f, uint64_t b, int mode, bool set_xx, bool sp);
/* 8 less, 4 greater, 2 equal, 1 unordered; VXSNAN for signalling NaNs, VXVC too if ordered. */
unsigned vsx_fp_compare(VsxFp *f, uint64_t a, uint64_t b, bool ordered);
/* maxNum / minNum with +0 > -0 (xsmaxdp / xsmindp). */
uint64_t vsx_fp_maxmin(VsxFp *f, uint64_t a, uint64_t b, bool max);
/* FPRF code of a double-format value (single-precision class if sp). */
unsigned vsx_fp_fprf(uint64_t d, bool sp);

static inline bool vf_is_nan(uint64_t d)
{
    return (d & 0x7fffffffffffffffull) > 0x7ff0000000000000ull;
}

static inline bool vf_is_snan(uint64_t d)
{
    return vf_is_nan(d) && !(d & 0x0008000000000000ull);
}

static inline bool vf_is_inf(uint64_t d)
{
    return (d & 0x7fffffffffffffffull) == 0x7ff0000000000000ull;
}

static inline bool vf_is_zero(uint64_t d)
{
    return (d & 0x7fffffffffffffffull) == 0;
}

static inline uint64_t vf_quiet(uint64_t d)
{
    return d | 0x0008000000000000ull;
}

#endif
