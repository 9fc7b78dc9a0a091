/*
 * XICS in the pseries machine (spapr_xics.c): the number of interrupt
 * sources and how the machine's devices raise them. The controller itself
 * is in xics.h.
 */
#ifndef PPC_SPAPR_SPAPR_XICS_H
#define PPC_SPAPR_SPAPR_XICS_H

#include <stdint.h>

#include "ppc/spapr/xics.h"

typedef struct Machine SpaprMachine;     /* spapr_machine.h */

#define SPAPR_XICS_IRQS         4096        /* sources 0x1000..0x1fff, as QEMU */
/* An edge (MSI-style) source fires once: what a VIO device does when input arrives. */
void spapr_irq_pulse(SpaprMachine *m, uint32_t irq);

#endif
