/*
 * Single <-> double storage-format conversions used by the VSX scalar
 * loads/stores and the VMX/VSX single-precision operations (Power ISA 2.07B
 * Book I 4.6.2 "Floating-Point Load" and 4.6.3 "Floating-Point Store"):
 * pure bit reformatting, no rounding, no exceptions, signalling NaNs kept.
 *
 * LOCAL COPY: the FP instructions (ppc/fpu.h, being written separately)
 * define the same conversions as fp_single_to_double / fp_double_to_single.
 * When that lands on main these two become calls to it.
 */
#ifndef PPC_VSX_FPCONV_H
#define PPC_VSX_FPCONV_H

#include <stdint.h>

static inline uint64_t vsx_single_to_double(uint32_t w)
{
    uint64_t sign = (uint64_t)(w >> 31) << 63;
    int exp = (w >> 23) & 0xff;
    uint64_t frac = w & 0x7fffff;

    if (exp == 0xff) {
        return sign | 0x7ff0000000000000ull | frac << 29;
    }
    if (exp == 0) {
        if (frac == 0) {
            return sign;
        }
        /* Denormal single: normalise, it is a normal double. */
        int e = -126;
        while (!(frac & 0x800000)) {
            frac <<= 1;
            e--;
        }
        return sign | (uint64_t)(e + 1023) << 52 | (frac & 0x7fffff) << 29;
    }
    return sign | (uint64_t)(exp - 127 + 1023) << 52 | frac << 29;
}

/*
 * Values in the single range (and Inf/NaN) keep their top bits; smaller ones
 * are denormalised by shifting, truncating (4.6.3); far below, the ISA leaves
 * the result undefined and shifting simply ends at zero.
 */
static inline uint32_t vsx_double_to_single(uint64_t d)
{
    int exp = (d >> 52) & 0x7ff;
    uint32_t sign = (uint32_t)(d >> 63) << 31;

    if (exp > 896 || exp == 0) {
        return (uint32_t)((d >> 32) & 0xc0000000u) | (uint32_t)((d >> 29) & 0x3fffffffu);
    }
    uint64_t frac = (d & 0xfffffffffffffull) | 1ull << 52;
    int e = exp - 1023;
    while (e < -126 && frac) {
        frac >>= 1;
        e++;
    }
    return sign | (uint32_t)((frac >> 29) & 0x7fffff);
}

#endif
