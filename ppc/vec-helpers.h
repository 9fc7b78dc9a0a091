/*
 * Shared helpers of the VMX and VSX instruction files (Power ISA 2.07B Book I
 * chapters 6 and 7): register access, VSCR bits, saturation, and the byte
 * order of vector storage accesses.
 *
 * Storage order (6.7.1, 7.3): a quadword load in big-endian mode puts the
 * byte at EA into element byte 0 (the most significant); in little-endian
 * mode the whole quadword is byte-reversed, so the byte at EA lands in byte
 * 15. Our registers keep ISA byte i at host u8[15 - i] (ppc/cpu.h), so a
 * little-endian quadword is a plain copy and a big-endian one a reversal.
 */
#ifndef PPC_VEC_HELPERS_H
#define PPC_VEC_HELPERS_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ppc/insn.h"
#include "ppc/mmu.h"

/* VSCR (6.3): Non-Java mode and the sticky saturation bit. */
#define VSCR_NJ  (1u << 16)
#define VSCR_SAT 1u

#define VRT(insn) vr_ptr(cpu, F_VRT(insn))
#define VRA(insn) vr_ptr(cpu, F_VRA(insn))
#define VRB(insn) vr_ptr(cpu, F_VRB(insn))
#define VRC(insn) vr_ptr(cpu, F_VRC(insn))

/* (RA|0) + RB, truncated to 32 bits outside 64-bit mode. */
static inline uint64_t vec_ea_x(PowerPCCPU *cpu, uint32_t insn)
{
    return ppc_ea_mask(cpu, ppc_ra0(cpu, insn) + cpu->gpr[F_RB(insn)]);
}

static inline bool vec_le(const PowerPCCPU *cpu)
{
    return (cpu->msr & MSR_LE) != 0;
}

/* Storage bytes b[0..15] to a register as lvx sees them (see top of file). */
static inline void vec_from_storage(PPCVsr *v, const uint8_t b[16], bool le)
{
    if (le) {
        memcpy(v->u8, b, 16);
    } else {
        for (int i = 0; i < 16; i++) {
            v->u8[15 - i] = b[i];
        }
    }
}

static inline void vec_to_storage(uint8_t b[16], const PPCVsr *v, bool le)
{
    if (le) {
        memcpy(b, v->u8, 16);
    } else {
        for (int i = 0; i < 16; i++) {
            b[i] = v->u8[15 - i];
        }
    }
}

/* Read 16 bytes at ea (any alignment) in storage order; nothing changes on a fault. */
static inline void vec_read16(PowerPCCPU *cpu, uint64_t ea, uint8_t b[16])
{
    ppc_read_bytes(cpu, ppc_ea_mask(cpu, ea), b, 16);
}

static inline void vec_write16(PowerPCCPU *cpu, uint64_t ea, const uint8_t b[16])
{
    ppc_write_bytes(cpu, ppc_ea_mask(cpu, ea), b, 16);
}

/* Clamp v to a signed field of `bits` bits, noting saturation. */
static inline int64_t vec_sat_s(int64_t v, int bits, bool *sat)
{
    int64_t max = (int64_t)((1ull << (bits - 1)) - 1);
    int64_t min = -max - 1;
    if (v > max) {
        *sat = true;
        return max;
    }
    if (v < min) {
        *sat = true;
        return min;
    }
    return v;
}

/* Clamp a signed value to an unsigned field of `bits` bits (bits < 64). */
static inline uint64_t vec_sat_u(int64_t v, int bits, bool *sat)
{
    int64_t max = (int64_t)((1ull << bits) - 1);
    if (v > max) {
        *sat = true;
        return (uint64_t)max;
    }
    if (v < 0) {
        *sat = true;
        return 0;
    }
    return (uint64_t)v;
}

static inline void vec_note_sat(PowerPCCPU *cpu, bool sat)
{
    if (sat) {
        cpu->vscr |= VSCR_SAT;
    }
}

/* Carry out of a + b + cin over 128 bits. */
static inline unsigned vec_carry128(unsigned __int128 a, unsigned __int128 b, unsigned cin)
{
    unsigned __int128 s = a + b;
    unsigned c = s < a;
    return c | ((s + cin) < s);
}

/* ---- Generators for lane-wise VMX handlers ---- */

/*
 * The frame every VMX register-to-register handler shares: the sources are
 * copied to a, b and c first (VRT may be one of them), `body` fills r, then
 * r goes to VRT and any saturation `body` noted in `sat` to VSCR[SAT].
 * VX forms have no VRC field (those bits belong to the extended opcode):
 * there c is just some register, which their body does not read.
 */
#define VEC_FRAME(name, ...)                                                 \
    PPC_INSN(name)                                                           \
    {                                                                        \
        PPCVsr a, b, c, r;                                                   \
        bool sat = false;                                                    \
        ppc_check_vec(cpu);                                                  \
        a = *VRA(insn);                                                      \
        b = *VRB(insn);                                                      \
        c = *VRC(insn);                                                      \
        (void)a; (void)b; (void)c;                                           \
        __VA_ARGS__                                                          \
        *VRT(insn) = r;                                                      \
        vec_note_sat(cpu, sat);                                              \
        return 0;                                                            \
    }

/* The frame with `lane` run once for each lane index i below n. */
#define VEC_LANEWISE(name, n, ...)                                           \
    VEC_FRAME(name, for (int i = 0; i < (n); i++) { __VA_ARGS__ })

/* r.lane = expr(x, y) over every lane; x from VRA, y from VRB. */
#define VEC_BINOP(name, field, n, expr)                                      \
    VEC_LANEWISE(name, n,                                                    \
        __typeof__(a.field[0]) x = a.field[i], y = b.field[i];               \
        (void)x; (void)y;                                                    \
        r.field[i] = (expr);)

/* Saturating: expr computed in int64, clamped by clamp(v, bits, &sat). */
#define VEC_SATOP(name, field, n, bits, clamp, expr)                         \
    VEC_LANEWISE(name, n,                                                    \
        int64_t x = a.field[i], y = b.field[i];                              \
        r.field[i] = clamp((int64_t)(expr), bits, &sat);)

#define VEC_UNOP(name, field, n, expr)                                       \
    VEC_LANEWISE(name, n,                                                    \
        __typeof__(b.field[0]) y = b.field[i];                               \
        r.field[i] = (expr);)

/* Compares (6.9.3, 6.12.4): all-ones lanes where pred holds; Rc=1 sets CR6. */
#define VEC_CMP_WHERE(name, field, n, pred)                                  \
    VEC_FRAME(name,                                                          \
        for (int i = 0; i < (n); i++) {                                      \
            r.field[i] = (pred) ? (__typeof__(r.field[0]))-1 : 0;            \
        }                                                                    \
        if (insn & 0x400) {                                                  \
            vec_set_cr6(cpu, &r);                                            \
        })

/* Rc=1 of the vector compares: CR6 = all lanes true / no lane true (6.9.3). */
static inline void vec_set_cr6(PowerPCCPU *cpu, const PPCVsr *r)
{
    uint32_t all = (r->u64[0] == UINT64_MAX && r->u64[1] == UINT64_MAX) ? 8 : 0;
    uint32_t none = (r->u128 == 0) ? 2 : 0;
    ppc_set_crf(cpu, 6, all | none);
}

#endif
