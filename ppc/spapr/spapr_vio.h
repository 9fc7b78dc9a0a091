/*
 * The VIO bus under /vdevice (LoPAPR 16, spapr_vio.c) and the devices on
 * it: the vty console (spapr_vty.c) and the NVRAM (spapr_nvram.c). Each
 * device class gives its node name, type and compatible, and sets
 * parent.fdt_node = spapr_vio_fdt_node; the bus assigns unit addresses from
 * SPAPR_VIO_REG_BASE (papr.h).
 */
#ifndef PPC_SPAPR_SPAPR_VIO_H
#define PPC_SPAPR_SPAPR_VIO_H

#include <stddef.h>
#include <stdint.h>

#include "core/chardev.h"
#include "core/device.h"
#include "core/error.h"
#include "ppc/spapr/papr.h"

typedef struct Machine SpaprMachine;     /* spapr_machine.h */

/* ---- The bus ---- */
#define SPAPR_VIO_BUS_TYPE      "spapr-vio"

typedef struct SpaprVioDevice {
    Device dev;             /* first */
    uint32_t reg;           /* unit address; 0 = assign the next free one */
    uint32_t irq;           /* XICS source: spapr_irq_vio(reg), claimed at plug */
    SpaprMachine *machine;
} SpaprVioDevice;

typedef struct SpaprVioDeviceClass {
    DeviceClass parent;     /* first: dev->cls points here; .fdt_node = spapr_vio_fdt_node */
    const char *dt_name;    /* node name before the @ */
    const char *dt_type;    /* device_type */
    const char *dt_compatible;
    /* Extra properties inside the device's node (may be NULL). Returns a libfdt error. */
    int (*dt_props)(SpaprVioDevice *vdev, void *fdt);
} SpaprVioDeviceClass;

static inline const SpaprVioDeviceClass *spapr_vio_class(const SpaprVioDevice *vdev)
{
    return (const SpaprVioDeviceClass *)vdev->dev.cls;
}

void spapr_vio_bus_init(SpaprMachine *m);
SpaprVioDevice *spapr_vio_find(SpaprMachine *m, uint32_t reg);

/* The node of a VIO device: name@reg, reg, device_type, compatible, interrupts, dt_props. */
int spapr_vio_fdt_node(Device *dev, void *fdt);
/* Its node name ("vty@71000000"), the part of its path below /vdevice. */
#define SPAPR_VIO_NAME_MAX      64
void spapr_vio_node_name(const SpaprVioDevice *vdev, char name[SPAPR_VIO_NAME_MAX]);
/* Every VIO device's node, in plug order, under the open /vdevice node. */
int spapr_vio_fdt_nodes(SpaprMachine *m, void *fdt);

/* ---- The vty console (spapr_vty.c) ---- */
/* Create the default vty bound to chr (may be NULL: output is dropped). */
SpaprVioDevice *spapr_vty_create(SpaprMachine *m, Chardev *chr, Error **errp);
/* The console: the vty at the lowest unit address, or NULL (-nodefaults). */
SpaprVioDevice *spapr_vty_console(SpaprMachine *m);
/* Output to the console, for RTAS display-character; dropped without one. */
void spapr_console_write(SpaprMachine *m, const uint8_t *buf, size_t len);

/* ---- The NVRAM (spapr_nvram.c) ---- */
#define SPAPR_NVRAM_SIZE        65536
/* Create the nvram VIO device; path (may be NULL) backs its contents. */
SpaprVioDevice *spapr_nvram_create(SpaprMachine *m, const char *path, Error **errp);

#endif
