/*
 * RTAS services that start and stop processors (LoPAPR 7.3.17:
 * query-cpu-stopped-state, start-cpu, stop-self) and the FWNMI
 * registration (LoPAPR 7.3.14: ibm,nmi-register, ibm,nmi-interlock).
 * The CPU number in every call is the interrupt server number (PIR), the
 * one in ibm,ppc-interrupt-server#s.
 *
 * Secondary vCPUs are created offline and halted (spapr.c); only start-cpu
 * brings one up, with QEMU's entry state: real mode, big-endian,
 * MSR = SF|ME, NIA = the given real address, r3 = the given value, LPCR
 * ILE/AIL and the timebase offset copied from the caller.
 */
#include "ppc/spapr/spapr.h"

#include "core/log.h"
#include "ppc/mmu.h"

/* query-cpu-stopped-state results */
#define CPU_STATE_STOPPED   0
#define CPU_STATE_RUNNING   2

static void rtas_query_cpu_stopped_state(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    int32_t st = spapr_rtas_check_args(c, 1, 2);
    PowerPCCPU *target;

    if (st != RTAS_OUT_SUCCESS) {
        goto out;
    }
    target = spapr_find_cpu(m, c->args[0]);
    if (!target) {
        st = RTAS_OUT_PARAM_ERROR;
        goto out;
    }
    /* A ceded (halted, online) vCPU is running as far as the guest is concerned. */
    c->rets[1] = target->offline ? CPU_STATE_STOPPED : CPU_STATE_RUNNING;
out:
    spapr_rtas_status(c, st);
}

static void rtas_start_cpu(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    int32_t st = spapr_rtas_check_args(c, 3, 1);
    PowerPCCPU *target, *caller;
    uint64_t ail_ile = LPCR_ILE | LPCR_AIL;

    if (st != RTAS_OUT_SUCCESS) {
        goto out;
    }
    target = spapr_find_cpu(m, c->args[0]);
    /* Not a processor of ours, or already started (QEMU says -1 here; LoPAPR's -3 is "bad parameter"). */
    if (!target || !target->offline) {
        log_mask(LOG_GUEST_ERROR, "start-cpu: cpu %u %s\n", c->args[0],
                 target ? "is already running" : "does not exist");
        st = RTAS_OUT_PARAM_ERROR;
        goto out;
    }
    /* Entered through the RTAS trampoline in real mode, so the address is real: below the RMA. */
    if (c->args[1] >= m->rma_size || (c->args[1] & 3)) {
        st = RTAS_OUT_PARAM_ERROR;
        goto out;
    }
    caller = cpu ? cpu : m->cpus[0];
    target->msr = MSR_SF | MSR_ME;
    target->cs.pc = c->args[1];
    target->gpr[3] = c->args[2];
    target->spr[SPR_LPCR] = (target->spr[SPR_LPCR] & ~ail_ile) | (caller->spr[SPR_LPCR] & ail_ile);
    target->tb_offset = caller->tb_offset;
    target->reserve_addr = UINT64_MAX;
    ppc_tlb_flush(target);
    target->offline = false;
    target->cs.halted = false;
    cpu_kick(&target->cs);
out:
    spapr_rtas_status(c, st);
}

static void rtas_stop_self(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    /* No arguments; it returns only on failure (LoPAPR 7.3.17.3). */
    if (!cpu || c->nargs != 0) {
        spapr_rtas_status(c, RTAS_OUT_PARAM_ERROR);
        return;
    }
    cpu->offline = true;
    cpu->cs.halted = true;
    /* Nothing should wake it but start-cpu: no decrementer or interrupt work left behind. */
    if (cpu->dec_timer) {
        timer_del(cpu->dec_timer);
    }
    cpu->pending = 0;
    cpu->msr &= ~MSR_EE;
    cpu_exit(&cpu->cs);
    spapr_rtas_status(c, RTAS_OUT_SUCCESS);
}

/* FWNMI: the guest's own system-reset and machine-check handlers (real addresses). */
static void rtas_nmi_register(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    int32_t st = spapr_rtas_check_args(c, 2, 1);

    if (st != RTAS_OUT_SUCCESS) {
        goto out;
    }
    if (c->args[0] >= m->rma_size || c->args[1] >= m->rma_size || ((c->args[0] | c->args[1]) & 3)) {
        st = RTAS_OUT_PARAM_ERROR;
        goto out;
    }
    m->fwnmi_sreset_addr = c->args[0];
    m->fwnmi_mce_addr = c->args[1];
out:
    spapr_rtas_status(c, st);
}

/*
 * Releases the machine-check interlock. Machine checks are never delivered
 * here, so there is nothing to release: fine once registered.
 */
static void rtas_nmi_interlock(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    int32_t st = spapr_rtas_check_args(c, 0, 1);

    if (st == RTAS_OUT_SUCCESS && !m->fwnmi_mce_addr) {
        st = RTAS_OUT_PARAM_ERROR;
    }
    spapr_rtas_status(c, st);
}

void spapr_cpu_rtas_register(void)
{
    spapr_register_rtas("query-cpu-stopped-state", rtas_query_cpu_stopped_state);
    spapr_register_rtas("start-cpu", rtas_start_cpu);
    spapr_register_rtas("stop-self", rtas_stop_self);
    spapr_register_rtas("ibm,nmi-register", rtas_nmi_register);
    spapr_register_rtas("ibm,nmi-interlock", rtas_nmi_interlock);
}
