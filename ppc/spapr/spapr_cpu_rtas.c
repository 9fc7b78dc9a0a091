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
#include "ppc/spapr/spapr_cpu.h"

#include "core/log.h"
#include "ppc/spapr/spapr_machine.h"
#include "ppc/spapr/spapr_rtas.h"

static int32_t rtas_query_cpu_stopped_state(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    PowerPCCPU *target = spapr_find_cpu(m, c->args[0]);

    if (!target) {
        return RTAS_OUT_PARAM_ERROR;
    }
    /* A ceded (halted, online) vCPU is running as far as the guest is concerned. */
    c->rets[1] = ppc_cpu_is_stopped(target) ? RTAS_CPU_STATE_STOPPED : RTAS_CPU_STATE_RUNNING;
    return RTAS_OUT_SUCCESS;
}

static int32_t rtas_start_cpu(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    PowerPCCPU *target = spapr_find_cpu(m, c->args[0]), *caller;
    uint64_t ail_ile = LPCR_ILE | LPCR_AIL;

    /* Not a processor of ours, or already started (QEMU says -1 here; LoPAPR's -3 is "bad parameter"). */
    if (!target || !ppc_cpu_is_stopped(target)) {
        log_mask(LOG_GUEST_ERROR, "start-cpu: cpu %u %s\n", c->args[0],
                 target ? "is already running" : "does not exist");
        return RTAS_OUT_PARAM_ERROR;
    }
    /* Entered through the RTAS trampoline in real mode, so the address is real: below the RMA. */
    if (c->args[1] >= m->rma_size || (c->args[1] & 3)) {
        return RTAS_OUT_PARAM_ERROR;
    }
    /* Its thread must be out of the engine before its registers change. */
    if (!ppc_cpu_claim_stopped(target)) {
        log_mask(LOG_GUEST_ERROR, "start-cpu: cpu %u is already being started\n", c->args[0]);
        return RTAS_OUT_PARAM_ERROR;
    }
    caller = cpu ? cpu : m->cpus[0];
    target->gpr[3] = c->args[2];
    target->spr[SPR_LPCR] = (target->spr[SPR_LPCR] & ~ail_ile) | (caller->spr[SPR_LPCR] & ail_ile);
    ppc_copy_tb(target, caller);
    ppc_cpu_start(target, c->args[1], MSR_SF | MSR_ME);
    return RTAS_OUT_SUCCESS;
}

static int32_t rtas_stop_self(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    /* It returns only on failure (LoPAPR 7.3.17.3); only a vCPU can stop itself. */
    if (!cpu) {
        return RTAS_OUT_PARAM_ERROR;
    }
    /* Nothing wakes it but start-cpu: no decrementer or interrupt work is left behind. */
    ppc_cpu_stop(cpu);
    return RTAS_OUT_SUCCESS;
}

/* FWNMI: the guest's own system-reset and machine-check handlers (real addresses). */
static int32_t rtas_nmi_register(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    if (!m->props.cap_fwnmi) {
        return RTAS_OUT_NOT_SUPPORTED;      /* -M pseries,cap-fwnmi=off, as QEMU */
    }
    if (c->args[0] >= m->rma_size || c->args[1] >= m->rma_size || ((c->args[0] | c->args[1]) & 3)) {
        return RTAS_OUT_PARAM_ERROR;
    }
    m->fwnmi_sreset_addr = c->args[0];
    m->fwnmi_mce_addr = c->args[1];
    return RTAS_OUT_SUCCESS;
}

/*
 * Releases the machine-check interlock. Machine checks are never delivered
 * here, so there is nothing to release: fine once registered.
 */
static int32_t rtas_nmi_interlock(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    return m->fwnmi_mce_addr ? RTAS_OUT_SUCCESS : RTAS_OUT_PARAM_ERROR;
}

static const SpaprRtasDef cpu_rtas_calls[] = {
    SPAPR_RTAS("query-cpu-stopped-state", rtas_query_cpu_stopped_state, 1, 2),
    SPAPR_RTAS("start-cpu", rtas_start_cpu, 3, 1),      /* server, entry, r3 */
    SPAPR_RTAS("stop-self", rtas_stop_self, 0, 1),
    SPAPR_RTAS("ibm,nmi-register", rtas_nmi_register, 2, 1),
    SPAPR_RTAS("ibm,nmi-interlock", rtas_nmi_interlock, 0, 1),
};

void spapr_cpu_rtas_register(void)
{
    SPAPR_REGISTER_RTAS(cpu_rtas_calls);
}
