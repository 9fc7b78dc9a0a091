/*
 * Transactional memory instructions on a model without the facility. The
 * device tree advertises no TM (ibm,pa-features byte 22 bit 0 is 0), and the
 * guest can never set MSR[TM], so every TM instruction takes the Facility
 * Unavailable interrupt (Book III 6.5.21) with FSCR[IC] = 5 (TM), which is
 * what POWER8 does with MSR[TM] = 0 and what Linux turns into SIGILL.
 */
#include "ppc/insn.h"

static int tm_unavailable(PowerPCCPU *cpu)
{
    ppc_raise_fac_unavail(cpu, FSCR_FAC_TM);
}

#define TM_INSN(name) PPC_INSN(name) { return tm_unavailable(cpu); }
TM_INSN(tbegin)
TM_INSN(tend)
TM_INSN(tcheck)
TM_INSN(tsr)
TM_INSN(tabortwc)
TM_INSN(tabortdc)
TM_INSN(tabortwci)
TM_INSN(tabortdci)
TM_INSN(tabort)
TM_INSN(treclaim)
TM_INSN(trechkpt)
