/*
 * The pseries processor topology: -smp's sockets, cores and threads turned
 * into vCPUs grouped in cores (ppc/cpu.h PPCCore), and the number each
 * thread is known by. PAPR names a thread by its interrupt server number
 * (LoPAPR C.6.6 ibm,ppc-interrupt-server#s: one per thread of the core
 * node); that number is also its PIR, the argument of start-cpu, H_PROD,
 * H_IPI..., and the device tree has one cpu node per core, named and reg'd
 * after its first thread (spapr_fdt.c).
 *
 * The numbering is QEMU 7.2's: thread t of core c is server c * vsmt + t,
 * where vsmt defaults to the threads per core (pseries-4.2 on), so servers
 * are dense. QEMU's TCG refuses more than one thread per core on pseries;
 * here a POWER8 core has 1, 2, 4 or 8, with its doorbells between them.
 */
#include "ppc/spapr/spapr_cpu.h"

#include <glib.h>

#include "ppc/spapr/spapr_machine.h"

/* POWER8 cores run in SMT1, SMT2, SMT4 or SMT8. */
bool spapr_cpu_topology_check(const MachineConfig *cfg, Error **errp)
{
    int threads = cfg->threads ? cfg->threads : 1;
    int max_cpus = cfg->max_cpus ? cfg->max_cpus : cfg->smp;

    /* QEMU's wording for each refusal it shares with us; the limit of 8 is POWER8's. */
    if (threads & (threads - 1)) {
        error_setg(errp, "Cannot support %d threads/core on a pseries machine because it "
                   "must be a power of 2", threads);
        return false;
    }
    if (threads > PPC_MAX_THREADS) {
        error_setg(errp, "TCG cannot support more than %d threads/core on a pseries machine "
                   "(POWER8 has at most %d)", PPC_MAX_THREADS, PPC_MAX_THREADS);
        return false;
    }
    /* Cores come whole: the boot cores and the ones maxcpus leaves room for. */
    if (cfg->smp % threads) {
        error_setg(errp, "smp_cpus (%d) must be multiple of threads (%d)", cfg->smp, threads);
        return false;
    }
    if (max_cpus % threads) {
        error_setg(errp, "max_cpus (%d) must be multiple of threads (%d)", max_cpus, threads);
        return false;
    }
    return true;
}

static int vsmt(const SpaprMachine *m)
{
    return m->vsmt ? m->vsmt : m->threads;
}

uint32_t spapr_vcpu_id(const SpaprMachine *m, int index)
{
    return (uint32_t)((index / m->threads) * vsmt(m) + index % m->threads);
}

uint32_t spapr_max_server_number(const SpaprMachine *m)
{
    return (uint32_t)((m->max_cpus * vsmt(m) + m->threads - 1) / m->threads);
}

int spapr_cpu_chip_id(const SpaprMachine *m, int index)
{
    int per_socket = m->cores_per_socket * m->threads;

    return per_socket > 0 ? index / per_socket : 0;
}

bool spapr_cpus_create(SpaprMachine *m, Error **errp)
{
    int ncores = m->smp / m->threads;

    if (vsmt(m) < m->threads) {
        error_setg(errp, "Cannot support VSMT mode %d because it must be >= threads/core (%d)",
                   m->vsmt, m->threads);
        return false;
    }
    m->cpus = g_new0(PowerPCCPU *, m->smp);
    m->cores = g_new0(PPCCore, ncores);
    for (int i = 0; i < m->smp; i++) {
        PPCCore *core = &m->cores[i / m->threads];
        PowerPCCPU *cpu = ppc_cpu_new(i, &m->as, &m->vhyp, errp);

        /* vCPUs are registered with core for the life of the process; nothing runs after this. */
        if (!cpu) {
            return false;
        }
        cpu->pir = spapr_vcpu_id(m, i);
        cpu->tir = (uint32_t)(i % m->threads);
        cpu->core = core;
        cpu->spr[SPR_PIR] = cpu->pir;
        core->thread[core->nr_threads++] = cpu;
        m->cpus[i] = cpu;
    }
    return true;
}
