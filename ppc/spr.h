/*
 * Special-purpose registers reachable with mfspr/mtspr (Power ISA 2.07B
 * Book III 4.4.4, and the POWER8 user's manual for the implementation SPRs):
 * one table saying who may read and write each and how.
 */
#ifndef PPC_SPR_H
#define PPC_SPR_H

#include "ppc/cpu.h"

enum {
    SPR_UR = 1u << 0,   /* readable in problem state */
    SPR_UW = 1u << 1,   /* writable in problem state */
    SPR_PR = 1u << 2,   /* readable in privileged state */
    SPR_PW = 1u << 3,   /* writable in privileged state */
    SPR_HV = 1u << 4,   /* hypervisor resource: a guest's access does nothing */
};

typedef struct PPCSprDef {
    const char *name;
    uint8_t access;
    uint16_t storage;   /* spr[] slot it reads and writes (aliases share one) */
    uint64_t (*read)(PowerPCCPU *cpu, int spr);
    void (*write)(PowerPCCPU *cpu, int spr, uint64_t val);
} PPCSprDef;

/* NULL for an SPR number POWER8 does not define. */
const PPCSprDef *ppc_spr_def(int spr);
/* Every defined SPR (for `info registers` and gdb). */
void ppc_spr_foreach(void (*fn)(int spr, const PPCSprDef *def, void *opaque), void *opaque);

#endif
