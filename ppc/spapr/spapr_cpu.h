/*
 * The hypervisor's side of each vCPU (spapr_cpu.c): the per-vCPU state the
 * processor hypercalls keep (VPA, DTL, SLB shadow, prods, DABR) in
 * cpu->machine_data, and finding a vCPU by its interrupt server number.
 */
#ifndef PPC_SPAPR_SPAPR_CPU_H
#define PPC_SPAPR_SPAPR_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "ppc/cpu.h"

typedef struct Machine SpaprMachine;     /* spapr_machine.h */

typedef struct SpaprCpuState {
    uint64_t vpa_addr;          /* 0 = none registered */
    uint64_t slb_shadow_addr, slb_shadow_size;
    uint64_t dtl_addr, dtl_size;
    bool prod_pending;          /* H_PROD arrived while the vCPU was not ceded */
    uint64_t dabr, dabrx;       /* H_SET_DABR / H_SET_XDABR: stored, not enforced */
} SpaprCpuState;

static inline SpaprCpuState *spapr_cpu_state(PowerPCCPU *cpu)
{
    return (SpaprCpuState *)cpu->machine_data;
}

/* The vCPU whose interrupt server number (PIR) is id, or NULL. */
PowerPCCPU *spapr_find_cpu(SpaprMachine *m, uint64_t id);
/* Give every vCPU its per-CPU state and XICS presentation controller. */
void spapr_attach_cpus(SpaprMachine *m);
/* Back to power-on state: VPAs, prod flags, NMI registration. */
void spapr_cpus_reset_state(SpaprMachine *m);

#endif
