/*
 * Hypervisor-privileged instructions on a CPU that never runs with
 * MSR[HV]=1 (Power ISA 2.07B Book III): hrfid, the power-saving nap, sleep
 * and rvwinkle, the hypervisor doorbell msgsnd/msgclr, and the
 * caching-inhibited loads and stores l{b,h,w,d}zcix / st{b,h,w,d}cix.
 *
 * In problem state each is a privileged instruction: the Program interrupt
 * (6.5.9) with SRR1[45], "privileged instruction". In privileged
 * non-hypervisor state 2.07B raises the same Program interrupt type, since
 * an attempt at a hypervisor-privileged instruction with MSR[HV PR]=0b00 is
 * a privileged-instruction cause as well. The Hypervisor Emulation
 * Assistance interrupt (0xe40) is for illegal and unimplemented forms; only
 * ISA 3.0's LPCR[EVIRT]=1, which POWER8 lacks, sends hypervisor-privileged
 * forms there. So a pseries guest under KVM or PowerVM on POWER8 gets the
 * privileged-instruction Program interrupt straight from the hardware, and
 * QEMU's pseries machine gives the same. Linux makes it SIGILL/ILL_PRVOPC
 * for a process.
 */
#include "ppc/insn.h"

static int hv_privileged(PowerPCCPU *cpu)
{
    ppc_raise_program(cpu, SRR1_PROGPRIV);
}

#define HV_INSN(name) PPC_INSN(name) { return hv_privileged(cpu); }
HV_INSN(hrfid)
HV_INSN(nap)
HV_INSN(sleep)
HV_INSN(rvwinkle)
HV_INSN(msgsnd)
HV_INSN(msgclr)
HV_INSN(lwzcix)
HV_INSN(lhzcix)
HV_INSN(lbzcix)
HV_INSN(ldcix)
HV_INSN(stwcix)
HV_INSN(sthcix)
HV_INSN(stbcix)
HV_INSN(stdcix)
