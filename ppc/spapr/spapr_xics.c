/*
 * XICS in the pseries machine: the hypercalls that drive a vCPU's
 * presentation controller (LoPAPR 14.5.4.7, "hcall-interrupt": H_CPPR,
 * H_EOI, H_XIRR, H_XIRR_X, H_IPI, H_IPOLL) and the RTAS services of the
 * source controller (LoPAPR 7.3.10: ibm,set-xive, ibm,get-xive, ibm,int-off,
 * ibm,int-on). The interrupt logic itself is in xics.c; this file only
 * unpacks registers and rtas_args. Linux finds XICS through the
 * /interrupt-controller node (compatible "IBM,ppc-xicp"), not through a
 * hypertas string, but "hcall-interrupt" is what PAPR calls the group.
 */
#include "ppc/spapr/spapr_xics.h"

#include <inttypes.h>

#include "core/log.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_machine.h"
#include "ppc/spapr/spapr_rtas.h"

/* ---- the source layout (spapr_xics.h) ---- */

/* PHB LSIs must end before the MSI range. */
_Static_assert(SPAPR_IRQ_PCI_LSI + SPAPR_MAX_PHBS * SPAPR_PCI_NUM_PINS <= SPAPR_IRQ_MSI,
               "PCI LSIs overlap the MSI range");

void spapr_irq_init(SpaprMachine *m)
{
    m->xics = xics_new(SPAPR_XICS_IRQS);
    /* Edge sources, as QEMU claims them; spapr_events.c raises them. */
    g_assert(xics_claim(m->xics, SPAPR_IRQ_EPOW, 1, false));
    g_assert(xics_claim(m->xics, SPAPR_IRQ_HOTPLUG, 1, false));
}

bool spapr_irq_claim(SpaprMachine *m, uint32_t irq, bool lsi, Error **errp)
{
    if (!xics_irq_valid(m->xics, irq)) {
        error_setg(errp, "interrupt source 0x%x does not exist (0x%x..0x%x)", irq,
                   XICS_IRQ_BASE, SPAPR_IRQ_END - 1);
        return false;
    }
    if (!xics_claim(m->xics, irq, 1, lsi)) {
        error_setg(errp, "interrupt source 0x%x is already in use", irq);
        return false;
    }
    return true;
}

uint32_t spapr_irq_alloc_msi(SpaprMachine *m, uint32_t count, bool align, Error **errp)
{
    uint32_t step = 1, first;

    while (align && step < count) {
        step <<= 1;
    }
    first = xics_alloc(m->xics, SPAPR_IRQ_MSI, SPAPR_IRQ_END, count, step, false);
    if (!first) {
        error_setg(errp, "no %u free MSI source%s in a row%s (0x%x..0x%x)", count,
                   count == 1 ? "" : "s", align ? ", aligned" : "", SPAPR_IRQ_MSI, SPAPR_IRQ_END - 1);
    }
    return first;
}

bool spapr_irq_free(SpaprMachine *m, uint32_t irq, uint32_t count)
{
    return xics_release(m->xics, irq, count);
}

void spapr_irq_pulse(SpaprMachine *m, uint32_t irq)
{
    if (m->xics) {
        xics_set_irq(m->xics, irq, true);
        xics_set_irq(m->xics, irq, false);
    }
}

/* ---- hypercalls: the caller's own ICP, or the one named by a server number ---- */

static int64_t h_cppr(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    /* CPPR is one byte (LoPAPR 14.5.4.7.2); upper bits are not looked at. */
    return xics_h_cppr(m->xics, cpu, args[0] & 0xff);
}

static int64_t h_eoi(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    return xics_h_eoi(m->xics, cpu, args[0] & 0xffffffffu);
}

static int64_t h_ipi(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    return xics_h_ipi(m->xics, args[0], args[1] & 0xff);
}

static int64_t h_ipoll(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    uint64_t xirr, mfrr;
    int64_t ret = xics_h_ipoll(m->xics, args[0], &xirr, &mfrr);

    if (ret == H_SUCCESS) {
        args[0] = xirr;
        args[1] = mfrr;
    }
    return ret;
}

static int64_t h_xirr(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    uint64_t xirr;
    int64_t ret = xics_h_xirr(m->xics, cpu, &xirr);

    if (ret == H_SUCCESS) {
        args[0] = xirr;
        /* H_XIRR_X also gives the timebase at acceptance (for interrupt latency accounting). */
        if (opcode == H_XIRR_X) {
            args[1] = ppc_get_tb(cpu);
        }
    }
    return ret;
}

/* ---- RTAS ---- */

static int32_t rtas_set_xive(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    int32_t st = xics_set_xive(m->xics, c->args[0], c->args[1], c->args[2]);

    if (st) {
        log_mask(LOG_GUEST_ERROR, "ibm,set-xive: irq 0x%x server %u prio %u rejected\n",
                 c->args[0], c->args[1], c->args[2]);
    }
    return st;
}

static int32_t rtas_get_xive(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    uint32_t server = 0, prio = 0;
    int32_t st = xics_get_xive(m->xics, c->args[0], &server, &prio);

    if (st == RTAS_OUT_SUCCESS) {
        c->rets[1] = server;
        c->rets[2] = prio;
    }
    return st;
}

static int32_t rtas_int_off(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    return xics_int_off(m->xics, c->args[0]);
}

static int32_t rtas_int_on(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    return xics_int_on(m->xics, c->args[0]);
}

static const SpaprHcallDef xics_hcalls[] = {
    SPAPR_HCALL(H_EOI, h_eoi, "hcall-interrupt", 1, 0),
    SPAPR_HCALL(H_CPPR, h_cppr, "hcall-interrupt", 1, 0),
    SPAPR_HCALL(H_IPI, h_ipi, "hcall-interrupt", 2, 0),             /* server, mfrr */
    SPAPR_HCALL(H_IPOLL, h_ipoll, "hcall-interrupt", 1, 2),         /* server -> xirr, mfrr */
    SPAPR_HCALL(H_XIRR, h_xirr, "hcall-interrupt", 0, 1),
    SPAPR_HCALL(H_XIRR_X, h_xirr, "hcall-interrupt", 1, 2),         /* -> xirr, timebase */
};

static const SpaprRtasDef xics_rtas_calls[] = {
    SPAPR_RTAS("ibm,set-xive", rtas_set_xive, 3, 1),    /* irq, server, priority */
    SPAPR_RTAS("ibm,get-xive", rtas_get_xive, 1, 3),    /* irq -> status, server, priority */
    SPAPR_RTAS("ibm,int-off", rtas_int_off, 1, 1),
    SPAPR_RTAS("ibm,int-on", rtas_int_on, 1, 1),
};

void spapr_xics_register(void)
{
    SPAPR_REGISTER_HCALLS(xics_hcalls);
    SPAPR_REGISTER_RTAS(xics_rtas_calls);
}
