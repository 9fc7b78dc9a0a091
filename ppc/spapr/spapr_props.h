/*
 * The pseries machine's properties (-M pseries,PROP=VALUE): every property
 * QEMU 7.2's pseries-7.2 machine has, plus ppc64-lite's nvram=, checked
 * against one table (spapr_props.c) and turned into SpaprProps, which the
 * rest of the machine reads. `-M pseries,help` prints the table.
 */
#ifndef PPC_SPAPR_SPAPR_PROPS_H
#define PPC_SPAPR_SPAPR_PROPS_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"

/* The values of cap-cfpc and cap-sbbc, in QEMU's order (index = level). */
enum { SPAPR_CAP_BROKEN = 0, SPAPR_CAP_WORKAROUND = 1, SPAPR_CAP_FIXED = 2 };
/* cap-ibs adds two "fixed" flavours after workaround. */
enum { SPAPR_IBS_FIXED_IBS = 2, SPAPR_IBS_FIXED_CCD = 3, SPAPR_IBS_FIXED_NA = 4 };

typedef struct SpaprProps {
    /* capabilities the guest sees */
    bool cap_vsx;               /* ibm,vmx = 2 (VSX) or 1 (VMX only) */
    bool cap_dfp;               /* always false: no DFP unit here */
    bool cap_fwnmi;             /* ibm,nmi-register accepted */
    bool cap_ccf_assist;
    uint8_t cap_cfpc, cap_sbbc, cap_ibs;    /* H_GET_CPU_CHARACTERISTICS follows them */
    unsigned hpt_max_page_shift;            /* larger pages leave ibm,segment-page-sizes */
    uint32_t cpu_version;       /* the logical PVR in cpu-version (max-cpu-compat) */
    unsigned vsmt;              /* vCPU id spacing between cores; 0 = threads per core */
    /* device tree */
    char *dt_compatible;        /* root compatible */
    char *host_model;           /* NULL: no host-model property */
    char *host_serial;          /* NULL: no host-serial property */
    /* images and files (as -kernel, -initrd, -append, -bios) */
    char *kernel, *initrd, *append, *firmware;
    char *dumpdtb, *nvram;
    uint64_t ram_size;          /* memory.size=; 0 = as -m */
} SpaprProps;

/*
 * Defaults first, then every key of `given` (-M's key -> value table; may be
 * NULL): an unknown key, a bad value or a feature that is not here is one
 * line in *errp. threads is -smp's threads per core (vsmt may not be less).
 */
bool spapr_props_parse(SpaprProps *p, GHashTable *given, int threads, Error **errp);
void spapr_props_free(SpaprProps *p);
/* -M pseries,help: one line per property, QEMU's layout. */
void spapr_props_help(GString *out);

#endif
