/*
 * H_RANDOM (LoPAPR 14.15.1, 0x300): 64 random bits for the guest. Linux
 * (arch/powerpc/platforms/pseries/rng.c) uses it for its arch random seed
 * when a node compatible with "ibm,random" exists; QEMU puts that node,
 * /ibm,random-v1, at the root when -device spapr-rng exists.
 *
 * Here the node and the hypercall are always there, drawing on the host's
 * getrandom(); -device spapr-rng,rng=ID (QEMU's device, at most one) makes
 * H_RANDOM read a -object rng-random / rng-builtin back end instead. The
 * first byte read is the most significant of the 64 bits, whatever the host.
 * use-kvm= is accepted and means nothing under TCG, as in QEMU.
 */
#include "ppc/spapr/spapr_fdt.h"

#include <libfdt.h>

#include "core/device.h"
#include "core/rng-backend.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_machine.h"

typedef struct SpaprRng {
    Device dev;
    char *rng_id;           /* rng=ID: a -object rng-* */
    bool use_kvm;
    RngBackend *backend;    /* NULL: the host's getrandom() */
} SpaprRng;

static SpaprRng *the_rng;   /* the one -device spapr-rng, if any */

static int64_t h_random(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    uint8_t bytes[8];
    uint64_t val = 0;
    bool ok = the_rng ? rng_backend_read(the_rng->backend, bytes, sizeof(bytes))
                      : rng_builtin_read(bytes, sizeof(bytes));

    if (!ok) {
        return H_HARDWARE;  /* the source failed: an error, or the end of a file */
    }
    for (size_t i = 0; i < sizeof(bytes); i++) {
        val = val << 8 | bytes[i];
    }
    args[0] = val;
    return H_SUCCESS;
}

static bool rng_realize(Device *dev, Error **errp)
{
    SpaprRng *rng = (SpaprRng *)dev;

    if (the_rng) {
        error_setg(errp, "spapr-rng can be created only once");
        return false;
    }
    if (rng->rng_id) {
        rng->backend = rng_backend_find(rng->rng_id);
        if (!rng->backend) {
            error_setg(errp, "Device '%s' not found", rng->rng_id);
            return false;
        }
    }
    the_rng = rng;
    return true;
}

static void rng_unrealize(Device *dev)
{
    if (the_rng == (SpaprRng *)dev) {
        the_rng = NULL;
    }
}

void spapr_rng_cleanup(void)
{
    if (the_rng) {
        device_destroy(&the_rng->dev);
    }
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

static const PropDef rng_props[] = {
    { "rng", PROP_STRING, offsetof(SpaprRng, rng_id), NULL,
      "ID of the random number generator backend (-object rng-random/rng-builtin)" },
    { "use-kvm", PROP_BOOL, offsetof(SpaprRng, use_kvm), "off",
      "accepted; no meaning under TCG" },
    PROP_END,
};

static const DeviceClass spapr_rng_class = {
    .name = "spapr-rng",
    .desc = "sPAPR random number generator (H_RANDOM) from an -object rng-* back end",
    .instance_size = sizeof(SpaprRng),
    .props = rng_props,
    .user_creatable = true,
    .realize = rng_realize,
    .unrealize = rng_unrealize,
};

static const SpaprHcallDef rng_hcalls[] = {
    SPAPR_HCALL(H_RANDOM, h_random, NULL, 0, 1),
};

void spapr_rng_register(void)
{
    device_class_register(&spapr_rng_class);
    SPAPR_REGISTER_HCALLS(rng_hcalls);
}
