/*
 * The boot device tree of the pseries machine (spapr_fdt.c, libfdt).
 */
#ifndef PPC_SPAPR_SPAPR_FDT_H
#define PPC_SPAPR_SPAPR_FDT_H

#include "core/error.h"

typedef struct Machine SpaprMachine;     /* spapr_machine.h */

/* A complete blob (g_malloc'd, packed) for the machine's current layout. */
void *spapr_build_fdt(SpaprMachine *m, Error **errp);


/* Nodes other files provide (spapr_rng.c): */
/* The /ibm,random-v1 node that tells Linux H_RANDOM exists (pseries rng.c). */
int spapr_rng_fdt_node(void *fdt);

#endif
