/*
 * The hypervisor's side of each vCPU (spapr_cpu.c): the per-vCPU state the
 * processor hypercalls keep (VPA, DTL, SLB shadow, prods, DABR) in
 * cpu->machine_data, and finding a vCPU by its interrupt server number.
 */
#ifndef PPC_SPAPR_SPAPR_CPU_H
#define PPC_SPAPR_SPAPR_CPU_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "core/machine.h"
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

/* ---- topology (spapr_cpu_core.c) ---- */
/* -smp's threads per core and CPU counts as pseries on POWER8 takes them (QEMU's wording). */
bool spapr_cpu_topology_check(const MachineConfig *cfg, Error **errp);
/* The interrupt server number (= PIR) of vCPU index (0..smp-1, core after core). */
uint32_t spapr_vcpu_id(const SpaprMachine *m, int index);
/* One above the highest server number maxcpus can use: ibm,interrupt-server-ranges. */
uint32_t spapr_max_server_number(const SpaprMachine *m);
/* The socket of vCPU index: its cpu node's ibm,chip-id. */
int spapr_cpu_chip_id(const SpaprMachine *m, int index);
/* Build m->smp vCPUs in cores of m->threads, with their server numbers and thread numbers. */
bool spapr_cpus_create(SpaprMachine *m, Error **errp);

#endif
