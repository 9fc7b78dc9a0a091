/*
 * XICS in the pseries machine (spapr_xics.c): which interrupt source numbers
 * each kind of device gets, how a device claims or allocates them, and how
 * the machine's devices raise them. The controller itself is in xics.h.
 */
#ifndef PPC_SPAPR_SPAPR_XICS_H
#define PPC_SPAPR_SPAPR_XICS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "ppc/spapr/xics.h"

typedef struct Machine SpaprMachine;     /* spapr_machine.h */

/*
 * The source numbers, as QEMU 7.2's pseries lays them out
 * (hw/ppc/spapr_irq.h), because the guest sees them: in the device tree,
 * in /proc/interrupts, and as the data of every MSI it is given.
 *
 *   number                  what                                given out
 *   0x2                     the IPI (an ICP's own, not a source)  -
 *   0x1000                  EPOW event source                   claimed when the machine is made
 *   0x1001                  hotplug event source                claimed when the machine is made
 *   0x1100 + (reg & 0xff)   the VIO device at unit address reg  claimed by the VIO bus at plug (MSI)
 *   0x1200 + 4 * n + pin    PHB n's INTA..INTD (pin 0..3)       claimed by the PHB (LSI)
 *   0x1300 .. 0x1fff        MSI and MSI-X vectors               spapr_irq_alloc_msi, on demand
 */
#define SPAPR_XICS_IRQS         0x1000      /* sources XICS_IRQ_BASE .. + 0xfff */
#define SPAPR_IRQ_EPOW          (XICS_IRQ_BASE + 0x000)
#define SPAPR_IRQ_HOTPLUG       (XICS_IRQ_BASE + 0x001)
#define SPAPR_IRQ_VIO           (XICS_IRQ_BASE + 0x100)
#define SPAPR_IRQ_PCI_LSI       (XICS_IRQ_BASE + 0x200)
#define SPAPR_IRQ_MSI           (XICS_IRQ_BASE + 0x300)
#define SPAPR_IRQ_END           (XICS_IRQ_BASE + SPAPR_XICS_IRQS)
#define SPAPR_PCI_NUM_PINS      4

/* The source of the VIO device at unit address reg. */
static inline uint32_t spapr_irq_vio(uint32_t reg)
{
    return SPAPR_IRQ_VIO + (reg & 0xff);
}

/* The LSI of PHB phb's pin (0 = INTA .. 3 = INTD). */
static inline uint32_t spapr_irq_pci_lsi(unsigned phb, unsigned pin)
{
    return SPAPR_IRQ_PCI_LSI + phb * SPAPR_PCI_NUM_PINS + pin;
}

/* Make the machine's XICS with every source free, then claim the event sources. */
void spapr_irq_init(SpaprMachine *m);
/* Claim one fixed number of the layout; an error naming it if it is taken or not a source. */
bool spapr_irq_claim(SpaprMachine *m, uint32_t irq, bool lsi, Error **errp);
/*
 * count free MSI sources in a row, from the MSI range. With align the first
 * is a multiple of count rounded up to a power of two: a multi-message MSI
 * function puts the vector number in the low bits of the message data,
 * which is the source number here. MSI-X vectors need no alignment. Returns the first, or 0 with an error when the
 * range has no such block.
 */
uint32_t spapr_irq_alloc_msi(SpaprMachine *m, uint32_t count, bool align, Error **errp);
/* Give back what a claim or allocation took; false (nothing freed) for a number not taken. */
bool spapr_irq_free(SpaprMachine *m, uint32_t irq, uint32_t count);

/* An edge (MSI-style) source fires once: what a VIO device does when input arrives. */
void spapr_irq_pulse(SpaprMachine *m, uint32_t irq);

#endif
