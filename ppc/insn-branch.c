/*
 * Branch instructions (Power ISA 2.07B Book I 2.4), CR logical and mcrf
 * (2.5), and the trap instructions (3.3.11).
 *
 * A taken branch sets cpu->cs.pc and returns 1; a branch not taken returns 0
 * and the engine goes on at CIA + 4. In 32-bit mode the target and the LR
 * value are truncated to 32 bits, and the CTR test looks at CTR[32:63].
 */
#include "ppc/insn.h"

#define LK(insn) ((insn) & 1)
#define AA(insn) (((insn) >> 1) & 1)

static inline uint64_t mode_trunc(const PowerPCCPU *cpu, uint64_t v)
{
    return (cpu->msr & MSR_SF) ? v : (uint32_t)v;
}

/* LR is written whenever LK = 1, taken or not. */
static int branch(PowerPCCPU *cpu, uint32_t insn, bool taken, uint64_t target)
{
    if (LK(insn)) {
        cpu->lr = mode_trunc(cpu, cpu->cs.pc + 4);
    }
    if (!taken) {
        return 0;
    }
    cpu->cs.pc = mode_trunc(cpu, target);
    return 1;
}

/* BO[0] set: ignore the CR; else CR[BI] must equal BO[1]. */
static inline bool cond_ok(const PowerPCCPU *cpu, unsigned bo, uint32_t insn)
{
    return (bo & 0x10) || ppc_get_crbit(cpu, F_BI(insn)) == !!(bo & 0x08);
}

/* BO[2] clear: decrement CTR, then branch if (CTR != 0) differs from BO[3]. */
static inline bool ctr_ok(PowerPCCPU *cpu, unsigned bo)
{
    if (bo & 0x04) {
        return true;
    }
    cpu->ctr--;
    return (mode_trunc(cpu, cpu->ctr) != 0) != !!(bo & 0x02);
}

static int branch_cond(PowerPCCPU *cpu, uint32_t insn, uint64_t target)
{
    unsigned bo = F_BO(insn);
    bool ok = ctr_ok(cpu, bo);  /* decrements even when the condition fails */
    return branch(cpu, insn, ok && cond_ok(cpu, bo, insn), target);
}

static inline uint64_t target_i(const PowerPCCPU *cpu, uint32_t insn)
{
    int64_t li = (int32_t)(insn << 6) >> 6 & ~3;
    return (AA(insn) ? 0 : cpu->cs.pc) + (uint64_t)li;
}

static inline uint64_t target_b(const PowerPCCPU *cpu, uint32_t insn)
{
    int64_t bd = (int16_t)(insn & 0xfffc);
    return (AA(insn) ? 0 : cpu->cs.pc) + (uint64_t)bd;
}

PPC_INSN(b)    { return branch(cpu, insn, true, target_i(cpu, insn)); }
PPC_INSN(bl)   { return branch(cpu, insn, true, target_i(cpu, insn)); }
PPC_INSN(ba)   { return branch(cpu, insn, true, target_i(cpu, insn)); }
PPC_INSN(bla)  { return branch(cpu, insn, true, target_i(cpu, insn)); }
PPC_INSN(bc)   { return branch_cond(cpu, insn, target_b(cpu, insn)); }
PPC_INSN(bcl)  { return branch_cond(cpu, insn, target_b(cpu, insn)); }
PPC_INSN(bca)  { return branch_cond(cpu, insn, target_b(cpu, insn)); }
PPC_INSN(bcla) { return branch_cond(cpu, insn, target_b(cpu, insn)); }

/* The target is read before LK overwrites LR (bclrl branches to the old LR). */
PPC_INSN(bclr)   { return branch_cond(cpu, insn, cpu->lr & ~3ull); }
PPC_INSN(bclrl)  { return branch_cond(cpu, insn, cpu->lr & ~3ull); }
PPC_INSN(bctar)  { return branch_cond(cpu, insn, cpu->spr[SPR_TAR] & ~3ull); }
PPC_INSN(bctarl) { return branch_cond(cpu, insn, cpu->spr[SPR_TAR] & ~3ull); }

/*
 * bcctr with BO[2] = 0 is an invalid form, but 2.x server processors (and
 * QEMU's model of them) test CTR, then decrement it, and branch to the old
 * CTR. Linux relies on it for the Spectre v2 count-cache flush.
 */
static int branch_ctr(PowerPCCPU *cpu, uint32_t insn)
{
    unsigned bo = F_BO(insn);
    uint64_t target = cpu->ctr & ~3ull;
    bool ok = true;
    if (!(bo & 0x04)) {
        ok = (mode_trunc(cpu, cpu->ctr) != 0) != !!(bo & 0x02);
        cpu->ctr--;
    }
    return branch(cpu, insn, ok && cond_ok(cpu, bo, insn), target);
}

PPC_INSN(bcctr)  { return branch_ctr(cpu, insn); }
PPC_INSN(bcctrl) { return branch_ctr(cpu, insn); }

/* ---- CR logical: BT = f(BA, BB), f given as a truth table indexed by BA << 1 | BB ---- */

static int cr_logic(PowerPCCPU *cpu, uint32_t insn, unsigned table)
{
    unsigned a = ppc_get_crbit(cpu, F_RA(insn)), b = ppc_get_crbit(cpu, F_RB(insn));
    ppc_set_crbit(cpu, F_RT(insn), table >> (a << 1 | b) & 1);
    return 0;
}

PPC_INSN(crand)  { return cr_logic(cpu, insn, 0x8); }
PPC_INSN(cror)   { return cr_logic(cpu, insn, 0xe); }
PPC_INSN(crxor)  { return cr_logic(cpu, insn, 0x6); }
PPC_INSN(crnand) { return cr_logic(cpu, insn, 0x7); }
PPC_INSN(crnor)  { return cr_logic(cpu, insn, 0x1); }
PPC_INSN(creqv)  { return cr_logic(cpu, insn, 0x9); }
PPC_INSN(crandc) { return cr_logic(cpu, insn, 0x4); }
PPC_INSN(crorc)  { return cr_logic(cpu, insn, 0xd); }

PPC_INSN(mcrf)
{
    ppc_set_crf(cpu, F_BF(insn), ppc_get_crf(cpu, F_BFA(insn)));
    return 0;
}

/* ---- Traps: TO bits are <, >, =, <u, >u ---- */

static int trap(PowerPCCPU *cpu, uint32_t insn, int64_t a, int64_t b)
{
    unsigned to = F_TO(insn);
    if (((to & 0x10) && a < b) || ((to & 0x08) && a > b) || ((to & 0x04) && a == b) ||
        ((to & 0x02) && (uint64_t)a < (uint64_t)b) || ((to & 0x01) && (uint64_t)a > (uint64_t)b)) {
        ppc_raise_program(cpu, SRR1_PROGTRAP);
    }
    return 0;
}

/* Word forms compare the sign-extended low words (which keeps unsigned order too). */
PPC_INSN(tw)  { return trap(cpu, insn, (int32_t)cpu->gpr[F_RA(insn)], (int32_t)cpu->gpr[F_RB(insn)]); }
PPC_INSN(twi) { return trap(cpu, insn, (int32_t)cpu->gpr[F_RA(insn)], (int32_t)F_SI(insn)); }
PPC_INSN(td)  { return trap(cpu, insn, (int64_t)cpu->gpr[F_RA(insn)], (int64_t)cpu->gpr[F_RB(insn)]); }
PPC_INSN(tdi) { return trap(cpu, insn, (int64_t)cpu->gpr[F_RA(insn)], F_SI(insn)); }
