/*
 * Binary floating-point arithmetic of the Power ISA 2.07B (Book I chapter 4),
 * done in integers so that every operation rounds exactly once, in any of
 * the four FPSCR[RN] modes, to double or to single precision, and reports
 * the FPSCR exception bits, FR and FI the ISA defines for it.
 *
 * The functions here compute; they do not touch the CPU. The instruction
 * handlers (insn-fp.c) merge the reported bits into the FPSCR and decide,
 * from the enable bits, whether the target register is written.
 */
#ifndef PPC_FPU_H
#define PPC_FPU_H

#include <stdbool.h>
#include <stdint.h>

/* ---- FPSCR bits (ISA bit n is host bit 63 - n) ---- */
#define FPSCR_FX      (1ull << 31)
#define FPSCR_FEX     (1ull << 30)
#define FPSCR_VX      (1ull << 29)
#define FPSCR_OX      (1ull << 28)
#define FPSCR_UX      (1ull << 27)
#define FPSCR_ZX      (1ull << 26)
#define FPSCR_XX      (1ull << 25)
#define FPSCR_VXSNAN  (1ull << 24)
#define FPSCR_VXISI   (1ull << 23)
#define FPSCR_VXIDI   (1ull << 22)
#define FPSCR_VXZDZ   (1ull << 21)
#define FPSCR_VXIMZ   (1ull << 20)
#define FPSCR_VXVC    (1ull << 19)
#define FPSCR_FR      (1ull << 18)
#define FPSCR_FI      (1ull << 17)
#define FPSCR_FPRF_SHIFT 12           /* C FL FG FE FU: bits 16..12 */
#define FPSCR_FPRF    (0x1full << FPSCR_FPRF_SHIFT)
#define FPSCR_FPCC    (0x0full << FPSCR_FPRF_SHIFT)
#define FPSCR_VXSOFT  (1ull << 10)
#define FPSCR_VXSQRT  (1ull << 9)
#define FPSCR_VXCVI   (1ull << 8)
#define FPSCR_VE      (1ull << 7)
#define FPSCR_OE      (1ull << 6)
#define FPSCR_UE      (1ull << 5)
#define FPSCR_ZE      (1ull << 4)
#define FPSCR_XE      (1ull << 3)
#define FPSCR_NI      (1ull << 2)
#define FPSCR_RN      (3ull << 0)
#define FPSCR_DRN     (7ull << 32)    /* decimal rounding mode, ISA bits 29:31 */

/* Every invalid-operation cause; VX is their OR. */
#define FPSCR_VX_ALL  (FPSCR_VXSNAN | FPSCR_VXISI | FPSCR_VXIDI | FPSCR_VXZDZ | \
                       FPSCR_VXIMZ | FPSCR_VXVC | FPSCR_VXSOFT | FPSCR_VXSQRT | \
                       FPSCR_VXCVI)
/* The sticky exception bits (what mcrfs clears). */
#define FPSCR_EXC_ALL (FPSCR_FX | FPSCR_OX | FPSCR_UX | FPSCR_ZX | FPSCR_XX | FPSCR_VX_ALL)
/* Bits a program can write with mtfsf L=1: ISA 29:51 and 53:63 (FEX and VX are computed). */
#define FPSCR_WRITABLE (FPSCR_DRN | (0xffffffffull & ~(FPSCR_FEX | FPSCR_VX | (1ull << 11))))

/* RN values */
enum { FP_RN_NEAR = 0, FP_RN_ZERO = 1, FP_RN_UP = 2, FP_RN_DOWN = 3 };

/* FPRF codes (C FL FG FE FU) */
enum {
    FPRF_QNAN = 0x11, FPRF_NINF = 0x09, FPRF_NNORM = 0x08, FPRF_NDENORM = 0x18,
    FPRF_NZERO = 0x12, FPRF_PZERO = 0x02, FPRF_PDENORM = 0x14, FPRF_PNORM = 0x04,
    FPRF_PINF = 0x05,
};

#define FP_DEFAULT_QNAN 0x7ff8000000000000ull

typedef enum { FP_DOUBLE, FP_SINGLE } FPPrec;

/*
 * One operation's environment and outcome. `exc` collects the FPSCR
 * exception bits it raised (VX causes, ZX, OX, UX, XX); fr/fi are the new
 * FR and FI.
 */
typedef struct FPCtx {
    unsigned rn;        /* FPSCR[RN] */
    bool oe, ue;        /* enabled overflow/underflow: deliver the exponent-adjusted result */
    bool soft;          /* skip the host-FPU fast path (fpu-host.h); for the tests that check it */
    uint64_t exc;
    bool fr, fi;
} FPCtx;

/* ---- memory format conversions (Book I 4.6.2 / 4.6.3: DOUBLE and SINGLE) ---- */
uint64_t fp_single_to_double(uint32_t w);
uint32_t fp_double_to_single(uint64_t d);

/* ---- arithmetic; operands and results are double-format bit patterns ---- */
uint64_t fp_add(FPCtx *c, uint64_t a, uint64_t b, FPPrec p);
uint64_t fp_sub(FPCtx *c, uint64_t a, uint64_t b, FPPrec p);
uint64_t fp_mul(FPCtx *c, uint64_t a, uint64_t b, FPPrec p);
uint64_t fp_div(FPCtx *c, uint64_t a, uint64_t b, FPPrec p);
uint64_t fp_sqrt(FPCtx *c, uint64_t b, FPPrec p);
/* a*c + b, with b negated first (fmsub) and/or the rounded result negated (fnmadd) */
uint64_t fp_muladd(FPCtx *c, uint64_t a, uint64_t cc, uint64_t b, bool neg_b, bool neg_result,
                   FPPrec p);
uint64_t fp_round_to_single(FPCtx *c, uint64_t b);             /* frsp */
uint64_t fp_recip_estimate(FPCtx *c, uint64_t b, FPPrec p);    /* fre(s) */
uint64_t fp_rsqrt_estimate(FPCtx *c, uint64_t b, FPPrec p);    /* frsqrte(s) */

/* fcti*: to a 32- or 64-bit (un)signed integer; toward zero if `trunc`, else by RN. */
uint64_t fp_to_int(FPCtx *c, uint64_t b, bool is_signed, int bits, bool trunc);
/* fcfid*: from a 64-bit (un)signed integer */
uint64_t fp_from_int(FPCtx *c, uint64_t v, bool is_signed, FPPrec p);
/* fri*: to an integral value; `mode` is FP_RN_* or FP_RI_NEAR_AWAY */
enum { FP_RI_NEAR_AWAY = 4 };
uint64_t fp_round_to_integral(FPCtx *c, uint64_t b, int mode);

/* Comparison: 8 (less), 4 (greater), 2 (equal) or 1 (unordered). */
unsigned fp_compare(uint64_t a, uint64_t b);

/* FPRF code of a result; for single precision the class is that of the single value. */
unsigned fp_fprf(uint64_t d, FPPrec p);

static inline bool fp_is_nan(uint64_t d)
{
    return (d & 0x7fffffffffffffffull) > 0x7ff0000000000000ull;
}

static inline bool fp_is_snan(uint64_t d)
{
    return fp_is_nan(d) && !(d & 0x0008000000000000ull);
}

static inline bool fp_is_inf(uint64_t d)
{
    return (d & 0x7fffffffffffffffull) == 0x7ff0000000000000ull;
}

static inline bool fp_is_zero(uint64_t d)
{
    return (d & 0x7fffffffffffffffull) == 0;
}

#endif
