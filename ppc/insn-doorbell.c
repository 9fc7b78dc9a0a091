/*
 * The directed privileged doorbell of Power ISA 2.07B Book III (processor
 * control: msgsndp, msgclrp; the DPDES register; the Directed Privileged
 * Doorbell interrupt at 0xa00, 6.5) between the threads of one core.
 *
 * RB[32:36] is the message type, and only type 5 (privileged doorbell) does
 * anything; for msgsndp RB[57:63] is the target's thread number in the
 * issuing thread's core (its TIR), itself included. A number the core has no
 * thread for, like a message of another type, has no effect. msgclrp acts
 * on the issuing thread whatever RB[57:63] holds.
 *
 * Both are privileged (problem state: privileged-instruction Program
 * interrupt). The hypervisor's enable, HFSCR[MSGP], is on: the emulator
 * plays the hypervisor and lets the guest use its doorbell. The pending
 * exception is PPC_IRQ_DOORBELL of the target thread; DPDES bit 63-t reads
 * thread t's (ppc/spr.c), and ppc/excp.c takes the interrupt when the
 * target's MSR[EE]=1, clearing it as it does. A target idle in H_CEDE
 * wakes (ppc_set_irq kicks it). The target may be another host thread's
 * vCPU: its wake-up goes through the big lock (core/bql.h).
 */
#include "core/bql.h"
#include "ppc/insn.h"

#define DBELL_TYPE(rb)     (((rb) >> 27) & 0x1f)   /* RB[32:36] */
#define DBELL_TIR(rb)      ((rb) & 0x7f)           /* RB[57:63] */
#define DBELL_TYPE_PRIV    5

/* The thread numbered tir in cpu's core, or NULL. */
static PowerPCCPU *core_thread(PowerPCCPU *cpu, unsigned tir)
{
    if (!cpu->core) {
        return tir == 0 ? cpu : NULL;
    }
    return tir < (unsigned)cpu->core->nr_threads ? cpu->core->thread[tir] : NULL;
}

PPC_INSN(msgsndp)
{
    uint64_t rb = cpu->gpr[F_RB(insn)];
    PowerPCCPU *target;

    ppc_check_priv(cpu);
    if (DBELL_TYPE(rb) == DBELL_TYPE_PRIV && (target = core_thread(cpu, DBELL_TIR(rb)))) {
        bql_lock();
        ppc_set_irq(target, PPC_IRQ_DOORBELL, true);
        bql_unlock();
    }
    return 0;
}

PPC_INSN(msgclrp)
{
    uint64_t rb = cpu->gpr[F_RB(insn)];

    ppc_check_priv(cpu);
    if (DBELL_TYPE(rb) == DBELL_TYPE_PRIV) {
        ppc_set_irq(cpu, PPC_IRQ_DOORBELL, false);
    }
    return 0;
}
