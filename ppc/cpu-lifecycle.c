/*
 * A hardware thread's life as the machine drives it: started at an address
 * (RTAS start-cpu), stopped until started again (stop-self, and threads not
 * yet started), idle until an interrupt (H_CEDE) and woken (H_PROD). These
 * are the only writers of PowerPCCPU.offline and CPUState.halted outside
 * interrupt delivery (excp.c ends a halt) and reset, so the rules for what
 * wakes a thread live in one place: ppc_cpu_has_work, which the engine asks
 * too (translate.c).
 */
#include "ppc/cpu.h"

#include "core/cpu-threads.h"
#include "ppc/mmu.h"

bool ppc_cpu_has_work(const PowerPCCPU *cpu)
{
    if (cpu->offline) {
        return false;
    }
    /* A system reset is taken whatever MSR[EE] says; the others need EE (ppc_check_interrupts). */
    uint32_t pending = __atomic_load_n(&cpu->pending, __ATOMIC_SEQ_CST);

    return (pending & PPC_IRQ_RESET) || ((cpu->msr & MSR_EE) && pending);
}

/*
 * A stopped vCPU's thread may still be in the engine for a moment (it
 * stopped itself and is leaving, or a kick took it in to find it has no
 * work), reading the state a start writes. It parks soon, since a stopped
 * vCPU has no work; then it sleeps until the lock the caller holds is free.
 * The claim keeps a second start-cpu from waiting too and then writing
 * over the first one's start.
 */
bool ppc_cpu_claim_stopped(PowerPCCPU *cpu)
{
    if (!cpu->offline || cpu->start_claimed) {
        return false;
    }
    cpu->start_claimed = true;
    cpu_thread_wait_parked(&cpu->cs);
    cpu->start_claimed = false;
    /* Nothing else could start it meanwhile, and a reset waits for the caller to park. */
    return cpu->offline;
}

void ppc_cpu_start(PowerPCCPU *cpu, uint64_t nia, uint64_t msr)
{
    ppc_store_msr(cpu, msr);
    cpu->cs.pc = nia;
    /* What it held before it stopped is gone: its reservation and its translations. */
    cpu->reserve_addr = UINT64_MAX;
    ppc_tlb_flush(cpu);
    cpu->offline = false;
    cpu_set_halted(&cpu->cs, false);
    cpu_kick(&cpu->cs);
}

void ppc_cpu_stop(PowerPCCPU *cpu)
{
    cpu->offline = true;
    cpu_set_halted(&cpu->cs, true);
    /* Nothing but ppc_cpu_start may wake it: no decrementer or interrupt work left behind. */
    if (cpu->dec_timer) {
        timer_del(cpu->dec_timer);
    }
    __atomic_store_n(&cpu->pending, 0, __ATOMIC_SEQ_CST);
    ppc_store_msr(cpu, cpu->msr & ~MSR_EE);
    /* If it is the one running (stop-self), it leaves the engine at the next block boundary. */
    cpu_exit(&cpu->cs);
}

void ppc_cpu_halt(PowerPCCPU *cpu)
{
    /*
     * An interrupt that would end the halt at once is taken instead. The
     * caller is inside an instruction (sc): the engine sees the halt when
     * that instruction ends its block.
     */
    if (!ppc_cpu_has_work(cpu)) {
        cpu_set_halted(&cpu->cs, true);
    }
}

bool ppc_cpu_wake(PowerPCCPU *cpu)
{
    if (cpu->offline || !cpu_halted(&cpu->cs)) {
        return false;
    }
    cpu_set_halted(&cpu->cs, false);
    cpu_kick(&cpu->cs);
    return true;
}
