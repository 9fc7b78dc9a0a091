/*
 * The directed privileged doorbell of Power ISA 2.07B Book III (processor
 * control: msgsndp, msgclrp; the DPDES register; the Directed Privileged
 * Doorbell interrupt at 0xa00, 6.5) for our one thread per core.
 *
 * RB[32:36] is the message type, and only type 5 (privileged doorbell) does
 * anything; for msgsndp RB[57:63] is the target's thread number in the
 * subprocessor (TIR). The only thread here is TIR 0, so a message to any
 * other number, like one of another type, has no effect. msgclrp acts on
 * the issuing thread whatever RB[57:63] holds.
 *
 * Both are privileged (problem state: privileged-instruction Program
 * interrupt). The hypervisor's enable, HFSCR[MSGP], is on: the emulator
 * plays the hypervisor and lets the guest use its doorbell. The pending
 * exception is PPC_IRQ_DOORBELL; DPDES bit 63 (thread 0) reads it, and
 * ppc/excp.c takes the interrupt when MSR[EE]=1, clearing it as it does.
 */
#include "ppc/insn.h"

#define DBELL_TYPE(rb)     (((rb) >> 27) & 0x1f)   /* RB[32:36] */
#define DBELL_TIR(rb)      ((rb) & 0x7f)           /* RB[57:63] */
#define DBELL_TYPE_PRIV    5

PPC_INSN(msgsndp)
{
    uint64_t rb = cpu->gpr[F_RB(insn)];

    ppc_check_priv(cpu);
    if (DBELL_TYPE(rb) == DBELL_TYPE_PRIV && DBELL_TIR(rb) == 0) {
        ppc_set_irq(cpu, PPC_IRQ_DOORBELL, true);
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
