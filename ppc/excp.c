/*
 * Interrupt delivery for a guest running with MSR[HV]=0 (Power ISA 2.07B
 * Book III 6.5 - 6.8): SRR0/SRR1, the new MSR (LE from LPCR[ILE]), the
 * relocation of LPCR[AIL]=3, and the order in which pending asynchronous
 * interrupts are taken. Hypervisor-level interrupts never reach the guest:
 * the emulator is its hypervisor.
 */
#include "core/log.h"
#include "ppc/cpu.h"
#include "ppc/stats.h"
#include "tcg/tcg.h"

/* SRR1 bits 33:36 and 42:47 carry the cause; the rest copy the MSR. */
#define SRR1_CAUSE_MASK 0x00000000783f0000ull
/* MSR bits an interrupt keeps (ME and HV); everything else not set below is 0. */
#define MSR_KEPT (MSR_ME | MSR_HV)
/* AIL=3 relocates to this base, except for system reset and machine check. */
#define AIL3_BASE 0xc000000000004000ull

static const char *excp_name(int vector)
{
    switch (vector) {
    case EXCP_SYSTEM_RESET: return "system reset";
    case EXCP_MACHINE_CHECK: return "machine check";
    case EXCP_DSI: return "DSI";
    case EXCP_DSEG: return "data segment";
    case EXCP_ISI: return "ISI";
    case EXCP_ISEG: return "instruction segment";
    case EXCP_EXTERNAL: return "external";
    case EXCP_ALIGNMENT: return "alignment";
    case EXCP_PROGRAM: return "program";
    case EXCP_FPU_UNAVAIL: return "FP unavailable";
    case EXCP_DECREMENTER: return "decrementer";
    case EXCP_SYSCALL: return "system call";
    case EXCP_TRACE: return "trace";
    case EXCP_PERFMON: return "performance monitor";
    case EXCP_VMX_UNAVAIL: return "VMX unavailable";
    case EXCP_VSX_UNAVAIL: return "VSX unavailable";
    case EXCP_FAC_UNAVAIL: return "facility unavailable";
    case EXCP_PRIV_DOORBELL: return "directed privileged doorbell";
    default: return "?";
    }
}

void ppc_deliver(PowerPCCPU *cpu, int vector, uint64_t srr1_bits)
{
    uint64_t old_msr = cpu->msr;
    uint64_t lpcr = cpu->spr[SPR_LPCR];
    uint64_t new_msr = (old_msr & MSR_KEPT) | MSR_SF;
    uint64_t target = (uint64_t)vector;

    if (lpcr & LPCR_ILE) {
        new_msr |= MSR_LE;
    }
    /* AIL applies only when the interrupted context had translation on (6.5). */
    if (((lpcr & LPCR_AIL) >> LPCR_AIL_SHIFT) == 3 && (old_msr & MSR_IR) && (old_msr & MSR_DR) &&
        vector != EXCP_SYSTEM_RESET && vector != EXCP_MACHINE_CHECK) {
        new_msr |= MSR_IR | MSR_DR;
        target += AIL3_BASE;
    }

    ppc_stat_add(excp[((unsigned)vector >> 5) & 0x7f], 1);
    cpu->spr[SPR_SRR0] = cpu->cs.pc;
    cpu->spr[SPR_SRR1] = (old_msr & ~SRR1_CAUSE_MASK) | srr1_bits;
    cpu->spr[SPR_CFAR] = cpu->cs.pc;
    if (log_enabled(LOG_INT)) {
        log_printf("int: cpu %d vector 0x%x (%s) SRR0=%016" PRIx64 " SRR1=%016" PRIx64
                   " DAR=%016" PRIx64 " DSISR=%08" PRIx64 " -> %016" PRIx64 "\n",
                   cpu->cs.index, vector, excp_name(vector), cpu->spr[SPR_SRR0],
                   cpu->spr[SPR_SRR1], cpu->spr[SPR_DAR], cpu->spr[SPR_DSISR], target);
    }
    cpu->msr = new_msr;
    cpu->cs.pc = target;
    cpu->reserve_addr = UINT64_MAX;
}

void ppc_raise(PowerPCCPU *cpu, int vector, uint64_t srr1_bits)
{
    ppc_deliver(cpu, vector, srr1_bits);
    tcg_exit_block(&cpu->cs);
}

void ppc_raise_program(PowerPCCPU *cpu, uint64_t cause)
{
    ppc_raise(cpu, EXCP_PROGRAM, cause);
}

void ppc_raise_dsi(PowerPCCPU *cpu, uint64_t dar, uint32_t dsisr)
{
    cpu->spr[SPR_DAR] = dar;
    cpu->spr[SPR_DSISR] = dsisr;
    ppc_raise(cpu, EXCP_DSI, 0);
}

/*
 * Sources raise and lower lines from any thread (XICS and timers on the main
 * loop, a doorbell from another vCPU's thread), while the target's thread
 * takes them in ppc_check_interrupts: pending is only changed atomically.
 */
void ppc_set_irq(PowerPCCPU *cpu, uint32_t irq, bool level)
{
    if (level) {
        __atomic_fetch_or(&cpu->pending, irq, __ATOMIC_SEQ_CST);
        __atomic_store_n(&cpu->cs.interrupt_request, 1, __ATOMIC_SEQ_CST);
        cpu_kick(&cpu->cs);
    } else {
        __atomic_fetch_and(&cpu->pending, ~irq, __ATOMIC_SEQ_CST);
    }
}

/*
 * Asynchronous interrupts in priority order (6.8): system reset first, then
 * external, decrementer, directed privileged doorbell; those three wait for
 * MSR[EE]. (The doorbell after the decrementer is also QEMU's POWER8 order.)
 */
static void deliver_async(PowerPCCPU *cpu, int vector, uint64_t srr1_bits)
{
    ppc_deliver(cpu, vector, srr1_bits);
    /*
     * Taking an interrupt ends an H_CEDE: the engine looks at interrupts
     * before it asks has_work, and after delivery MSR[EE] is 0, so the
     * vCPU would otherwise sleep on at the vector.
     */
    cpu_set_halted(&cpu->cs, false);
}

bool ppc_check_interrupts(PowerPCCPU *cpu)
{
    uint32_t p = __atomic_load_n(&cpu->pending, __ATOMIC_SEQ_CST);

    /* A stopped vCPU (not started, or RTAS stop-self) takes nothing until start-cpu. */
    if (cpu->offline) {
        return false;
    }
    if (!p) {
        /* Cleared before pending is read again, so a line raised meanwhile is seen. */
        __atomic_store_n(&cpu->cs.interrupt_request, 0, __ATOMIC_SEQ_CST);
        if (!__atomic_load_n(&cpu->pending, __ATOMIC_SEQ_CST)) {
            return false;
        }
        __atomic_store_n(&cpu->cs.interrupt_request, 1, __ATOMIC_SEQ_CST);
        return false;
    }
    if (p & PPC_IRQ_RESET) {
        __atomic_fetch_and(&cpu->pending, ~(uint32_t)PPC_IRQ_RESET, __ATOMIC_SEQ_CST);
        /* SRR1 wake/cause bits 42:45 = 0b0100: system reset due to an NMI */
        deliver_async(cpu, EXCP_SYSTEM_RESET, 0x0000000000100000ull);
        return true;
    }
    if (!(cpu->msr & MSR_EE)) {
        return false;
    }
    if (p & PPC_IRQ_EXTERNAL) {
        deliver_async(cpu, EXCP_EXTERNAL, 0);
        return true;
    }
    if (p & PPC_IRQ_DECR) {
        /* Level-sensitive: stays pending while DEC is negative (cleared on mtdec). */
        deliver_async(cpu, EXCP_DECREMENTER, 0);
        return true;
    }
    if (p & PPC_IRQ_DOORBELL) {
        /* Edge-like: taking the interrupt consumes this thread's DPDES bit. */
        __atomic_fetch_and(&cpu->pending, ~(uint32_t)PPC_IRQ_DOORBELL, __ATOMIC_SEQ_CST);
        deliver_async(cpu, EXCP_PRIV_DOORBELL, 0);
        return true;
    }
    return false;
}
