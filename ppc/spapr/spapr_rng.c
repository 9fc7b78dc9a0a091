/*
 * H_RANDOM (LoPAPR 14.15.1, 0x300): 64 bits from the host's random source.
 * Linux (arch/powerpc/platforms/pseries/rng.c) uses it for its arch random
 * seed when a node compatible with "ibm,random" exists; QEMU puts that node,
 * /ibm,random-v1, at the root (its spapr-rng device), and so do we, always.
 */
#include "ppc/spapr/spapr_fdt.h"

#include <libfdt.h>
#include <sys/random.h>

#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_machine.h"

static int64_t h_random(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    uint64_t val;

    /* 8 bytes never block or come back short once the pool is initialised; anything else is a host fault. */
    if (getrandom(&val, sizeof(val), 0) != (ssize_t)sizeof(val)) {
        return H_HARDWARE;
    }
    args[0] = val;
    return H_SUCCESS;
}

int spapr_rng_fdt_node(void *fdt)
{
    int ret;

    if ((ret = fdt_begin_node(fdt, "ibm,random-v1")) < 0 ||
        (ret = fdt_property_string(fdt, "device_type", "ibm,random-v1")) < 0 ||
        (ret = fdt_property_string(fdt, "compatible", "ibm,random")) < 0) {
        return ret;
    }
    return fdt_end_node(fdt);
}

static const SpaprHcallDef rng_hcalls[] = {
    SPAPR_HCALL(H_RANDOM, h_random, NULL, 0, 1),
};

void spapr_rng_register(void)
{
    SPAPR_REGISTER_HCALLS(rng_hcalls);
}
