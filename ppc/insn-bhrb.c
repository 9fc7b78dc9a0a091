/*
 * The Branch History Rolling Buffer instructions of Power ISA 2.07B
 * (clrbhrb, mfbhrbe RT,BHRBE) on a CPU that records no branches: an
 * implementation with zero BHRB entries, which the architecture allows.
 *
 * Problem state may use them only when MMCR0[BHRBA] (bit 42, "BHRB
 * available") is 1; otherwise they take the Facility Unavailable interrupt
 * (Book III 6.5, vector 0xf60) with FSCR[IC] = 4 (BHRB). The other gate,
 * HFSCR[BHRB] (bit 59), belongs to the hypervisor, and ours leaves it on
 * (Linux as a hypervisor sets it, and sets no BHRB bit in the FSCR). Linux
 * sets MMCR0[BHRBA] only for a process using event-based branches, so by
 * default a process gets the interrupt and, from Linux, SIGILL. In privileged state clrbhrb has nothing to clear, and mfbhrbe
 * of an entry beyond those implemented (every entry here) returns 0.
 */
#include "ppc/insn.h"

static void check_bhrb(PowerPCCPU *cpu)
{
    if ((cpu->msr & MSR_PR) && !(cpu->spr[SPR_MMCR0] & MMCR0_BHRBA)) {
        ppc_raise_fac_unavail(cpu, FSCR_FAC_BHRB);
    }
}

PPC_INSN(clrbhrb)
{
    check_bhrb(cpu);
    return 0;
}

PPC_INSN(mfbhrbe)
{
    check_bhrb(cpu);
    cpu->gpr[F_RT(insn)] = 0;
    return 0;
}
