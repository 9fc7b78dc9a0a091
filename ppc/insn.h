/*
 * Instruction handlers and the decode table.
 *
 * Each instruction family has a .def file (ppc/insn-*.def) with one line per
 * instruction:  INSN(name, opcd, xo, mask, flags)
 *   opcd  primary opcode (bits 0:5, the top 6 bits of the word)
 *   xo    the extended-opcode value, as it sits in the low 11 bits of the word
 *   mask  which of the low 11 bits xo covers (0 = none: the primary decides)
 *   flags INSN_END if the block must end after it (branches, mode changes)
 * and its handler `op_<name>`, defined with PPC_INSN(name) { ... }.
 *
 * At start-up decode.c expands every line into per-primary tables of 2048
 * entries indexed by the low 11 bits, filling each index where
 * (index & mask) == xo, and fails on a collision. So an XO-form line with
 * mask 0x3fe covers the OE and Rc variants, an A-form line with mask 0x03e
 * covers every FRC value, and so on.
 *
 * A handler returns 0 to continue with the next instruction (NIA = CIA + 4,
 * done by the engine) or 1 after setting cpu->cs.pc itself (taken branch).
 * cpu->cs.pc holds the CIA while it runs.
 */
#ifndef PPC_INSN_H
#define PPC_INSN_H

#include "ppc/cpu.h"
#include "tcg/tcg.h"

#define INSN_END 1u

typedef struct PPCInsnDef {
    const char *name;
    uint8_t opcd;
    uint16_t xo;
    uint16_t mask;
    uint32_t flags;
    TBOpFn fn;
} PPCInsnDef;

#define PPC_INSN(name)                                                       \
    static inline int impl_##name(PowerPCCPU *cpu, uint32_t insn);           \
    int op_##name(CPUState *cs, uint32_t insn);                              \
    int op_##name(CPUState *cs, uint32_t insn)                               \
    {                                                                        \
        return impl_##name((PowerPCCPU *)cs, insn);                          \
    }                                                                        \
    static inline int impl_##name(PowerPCCPU *cpu, uint32_t insn)

/* Declarations of every handler, from the .def files. */
#define INSN(name, opcd, xo, mask, flags) int op_##name(CPUState *cs, uint32_t insn);
#include "ppc/insn-all.def"
#undef INSN

/* The decoder (decode.c). */
bool ppc_decode_init(char **err);
/* The table entry for insn, or NULL for an illegal instruction. */
const PPCInsnDef *ppc_decode(uint32_t insn);
/* Every entry, for tests and the coverage script. */
const PPCInsnDef *ppc_insn_table(size_t *count);

/* The handler every undecodable word gets: the illegal-instruction program interrupt. */
int op_illegal(CPUState *cs, uint32_t insn);

/* ---- Instruction fields (Power ISA Book I 1.6) ---- */
#define F_RT(i)   (((i) >> 21) & 31)
#define F_RS(i)   F_RT(i)
#define F_RA(i)   (((i) >> 16) & 31)
#define F_RB(i)   (((i) >> 11) & 31)
#define F_RC(i)   (((i) >> 6) & 31)
#define F_BO(i)   F_RT(i)
#define F_BI(i)   F_RA(i)
#define F_BF(i)   (((i) >> 23) & 7)
#define F_BFA(i)  (((i) >> 18) & 7)
#define F_L21(i)  (((i) >> 21) & 1)
#define F_SH(i)   F_RB(i)
#define F_MB(i)   (((i) >> 6) & 31)
#define F_ME(i)   (((i) >> 1) & 31)
#define F_SI(i)   ((int64_t)(int16_t)(i))
#define F_UI(i)   ((uint64_t)((i) & 0xffff))
#define F_DS(i)   ((int64_t)(int16_t)((i) & 0xfffc))
#define F_Rc(i)   ((i) & 1)
#define F_OE(i)   (((i) >> 10) & 1)
#define F_SPR(i)  ((((i) >> 16) & 0x1f) | (((i) >> 6) & 0x3e0))
#define F_TO(i)   F_RT(i)
#define F_FRT(i)  F_RT(i)
#define F_FRA(i)  F_RA(i)
#define F_FRB(i)  F_RB(i)
#define F_FRC(i)  F_RC(i)
#define F_VRT(i)  F_RT(i)
#define F_VRA(i)  F_RA(i)
#define F_VRB(i)  F_RB(i)
#define F_VRC(i)  F_RC(i)
/* XX forms: the 6-bit VSR numbers (low 5 bits plus an extension bit) */
#define F_XT(i)   (F_RT(i) | (((i) & 1) << 5))
#define F_XS(i)   F_XT(i)
#define F_XA(i)   (F_RA(i) | (((i) >> 2 & 1) << 5))
#define F_XB(i)   (F_RB(i) | (((i) >> 1 & 1) << 5))
#define F_XC(i)   (F_RC(i) | (((i) >> 3 & 1) << 5))
/* Fields some FP forms leave reserved (nonzero: an invalid form) */
#define FRA_FIELD      0x001f0000u
#define FRB_FIELD      0x0000f800u
#define FCMP_RESERVED  0x00600000u   /* the two bits after BF (fcmpu, fcmpo, ftdiv) */

/* (RA|0) */
static inline uint64_t ppc_ra0(const PowerPCCPU *cpu, uint32_t insn)
{
    int ra = F_RA(insn);
    return ra ? cpu->gpr[ra] : 0;
}

/* CR0 from a result (64-bit compare against 0, in 32-bit mode the low word). */
static inline void ppc_set_cr0(PowerPCCPU *cpu, uint64_t result)
{
    int64_t v = (cpu->msr & MSR_SF) ? (int64_t)result : (int64_t)(int32_t)result;
    uint32_t c = v < 0 ? 8 : v > 0 ? 4 : 2;
    c |= cpu->so;
    cpu->crf[0] = c;
}

static inline void ppc_set_crf(PowerPCCPU *cpu, int bf, uint32_t val4)
{
    cpu->crf[bf] = val4 & 0xf;
}

static inline uint32_t ppc_get_crf(const PowerPCCPU *cpu, int bf)
{
    return cpu->crf[bf];
}

/* CR bit n in ISA numbering (0 = CR0[LT]). */
static inline int ppc_get_crbit(const PowerPCCPU *cpu, int n)
{
    return (cpu->crf[n >> 2] >> (3 - (n & 3))) & 1;
}

static inline void ppc_set_crbit(PowerPCCPU *cpu, int n, int v)
{
    uint32_t bit = 1u << (3 - (n & 3));

    cpu->crf[n >> 2] = (cpu->crf[n >> 2] & ~bit) | (v & 1 ? bit : 0);
}

/* Privileged instruction from problem state: the program interrupt. */
static inline void ppc_check_priv(PowerPCCPU *cpu)
{
    if (cpu->msr & MSR_PR) {
        ppc_raise_program(cpu, SRR1_PROGPRIV);
    }
}

/* Facility checks: the unavailable interrupts when MSR[FP/VEC/VSX] are off. */
static inline void ppc_check_fp(PowerPCCPU *cpu)
{
    if (!(cpu->msr & MSR_FP)) {
        ppc_raise(cpu, EXCP_FPU_UNAVAIL, 0);
    }
}

static inline void ppc_check_vec(PowerPCCPU *cpu)
{
    if (!(cpu->msr & MSR_VEC)) {
        ppc_raise(cpu, EXCP_VMX_UNAVAIL, 0);
    }
}

static inline void ppc_check_vsx(PowerPCCPU *cpu)
{
    if (!(cpu->msr & MSR_VSX)) {
        ppc_raise(cpu, EXCP_VSX_UNAVAIL, 0);
    }
}

/* Facility Unavailable (Book III 6.5.21): the cause goes to FSCR[IC], bits 0:7. */
static inline __attribute__((noreturn)) void ppc_raise_fac_unavail(PowerPCCPU *cpu, int facility)
{
    cpu->spr[SPR_FSCR] = (cpu->spr[SPR_FSCR] & ~(0xffull << 56)) | ((uint64_t)facility << 56);
    ppc_raise(cpu, EXCP_FAC_UNAVAIL, 0);
}

#endif
