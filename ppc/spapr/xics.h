/*
 * XICS, the interrupt controller PAPR guests see when no XIVE is offered
 * (LoPAPR ch. 6 / "PAPR interrupt model"): one presentation controller (ICP)
 * per server, driven through the H_CPPR / H_XIRR / H_EOI / H_IPI / H_IPOLL
 * hypercalls, and one source controller (ICS) whose routing and priorities
 * the guest sets with the ibm,set-xive / get-xive / int-on / int-off RTAS
 * services. Interrupt numbers start at XICS_IRQ_BASE; 2 is the IPI.
 *
 * Sources are given out before use: a device claims a fixed number (or a
 * block) as LSI or MSI, or asks for a free block, and frees it when it goes.
 * The numbers each kind of device uses are the machine's business (the
 * pseries layout is in spapr_xics.h); this file only keeps ownership.
 */
#ifndef PPC_SPAPR_XICS_H
#define PPC_SPAPR_XICS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "ppc/cpu.h"

#define XICS_IRQ_BASE   0x1000
#define XICS_IPI        0x2
#define XICS_PRIO_MASKED 0xff

typedef struct XicsState XicsState;

XicsState *xics_new(unsigned nr_irqs);
void xics_free(XicsState *x);
/* The ICP of a vCPU: its server number is cpu->pir. */
void xics_add_server(XicsState *x, PowerPCCPU *cpu);
void xics_reset(XicsState *x);

/*
 * Ownership of sources. LSI (level) sources stay presented while asserted;
 * MSI (edge) sources fire once per rising edge. Claims survive xics_reset.
 *
 * xics_claim: take the count sources from irq on; false (nothing taken) if
 * any is out of range or already taken.
 * xics_alloc: take count free contiguous sources inside [lo, hi) whose first
 * number is a multiple of align (a power of two; 1 = any), lowest first, as
 * PCI multi-message MSI needs (the device ORs the vector into the low bits);
 * returns the first, or 0 (never a source number) if there is no such block.
 * xics_release: give the count sources from irq on back; false (nothing
 * released) if any of them is not taken, so a double free is caught.
 */
bool xics_claim(XicsState *x, uint32_t irq, uint32_t count, bool lsi);
uint32_t xics_alloc(XicsState *x, uint32_t lo, uint32_t hi, uint32_t count, uint32_t align,
                    bool lsi);
bool xics_release(XicsState *x, uint32_t irq, uint32_t count);
bool xics_irq_claimed(const XicsState *x, uint32_t irq);
bool xics_irq_is_lsi(const XicsState *x, uint32_t irq);
/* A device raises or lowers its line. For edge sources only the rising edge counts. */
void xics_set_irq(XicsState *x, uint32_t irq, bool level);
bool xics_irq_valid(const XicsState *x, uint32_t irq);
/* A delivery of irq is still to come or under way: an edge waits, or it is presented and not EOI'd. */
bool xics_irq_in_flight(const XicsState *x, uint32_t irq);
/* Number of source interrupts (irqs XICS_IRQ_BASE .. + n - 1). */
unsigned xics_nr_irqs(const XicsState *x);

/* Hypercall back ends; they return a PAPR H_* status. */
int64_t xics_h_cppr(XicsState *x, PowerPCCPU *cpu, uint64_t cppr);
int64_t xics_h_ipi(XicsState *x, uint64_t server, uint64_t mfrr);
int64_t xics_h_xirr(XicsState *x, PowerPCCPU *cpu, uint64_t *xirr);
int64_t xics_h_eoi(XicsState *x, PowerPCCPU *cpu, uint64_t xirr);
int64_t xics_h_ipoll(XicsState *x, uint64_t server, uint64_t *xirr, uint64_t *mfrr);

/* RTAS back ends; they return an RTAS status (0, -3 bad parameter). */
int xics_set_xive(XicsState *x, uint32_t irq, uint32_t server, uint32_t prio);
int xics_get_xive(XicsState *x, uint32_t irq, uint32_t *server, uint32_t *prio);
int xics_int_off(XicsState *x, uint32_t irq);
int xics_int_on(XicsState *x, uint32_t irq);

/* `info pic` */
void xics_print_info(XicsState *x, GString *out);

#endif
