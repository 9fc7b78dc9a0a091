/*
 * The sPAPR VIO bus (LoPAPR 16, "Virtual I/O"): devices under /vdevice that
 * the guest reaches through hypercalls, each with a unit address ("reg",
 * from 0x71000000 like QEMU) and one XICS source, claimed when it plugs
 * (the numbers are in spapr_xics.h). VIO devices live as long as the
 * machine, so their sources are never given back. Each device type supplies
 * its node name, type and compatible, and adds its own extra properties.
 */
#include "ppc/spapr/spapr_vio.h"

#include <glib.h>
#include <libfdt.h>

#include "ppc/spapr/dt_util.h"
#include "ppc/spapr/spapr_machine.h"
#include "ppc/spapr/spapr_xics.h"

static bool vio_plug(Bus *bus, Device *dev, bool hotplug, Error **errp)
{
    SpaprMachine *m = (SpaprMachine *)((uint8_t *)bus - offsetof(SpaprMachine, vio_bus));
    SpaprVioDevice *vdev = (SpaprVioDevice *)dev;

    /* Every VIO class describes itself (spapr_vio_fdt_node): a class without it is a bug here. */
    g_assert(dev->cls->fdt_node);
    if (hotplug) {
        error_setg(errp, "%s: VIO devices cannot be hotplugged", dev->cls->name);
        return false;
    }
    if (!vdev->reg) {
        vdev->reg = m->vio_next_reg;
    }
    SpaprVioDevice *other = spapr_vio_find(m, vdev->reg);
    if (other) {
        /* QEMU's wording */
        error_setg(errp, "%s and %s devices conflict at address 0x%x", dev->cls->name,
                   other->dev.cls->name, vdev->reg);
        return false;
    }
    if (vdev->reg < SPAPR_VIO_REG_BASE) {
        error_setg(errp, "%s: VIO address 0x%x is in use or below 0x%x", dev->cls->name,
                   vdev->reg, SPAPR_VIO_REG_BASE);
        return false;
    }
    /* Sources follow the unit address, as in QEMU: vty@71000000 gets 0x1100. */
    if (!spapr_irq_claim(m, spapr_irq_vio(vdev->reg), false, errp)) {
        error_prepend(errp, "%s at VIO address 0x%x: ", dev->cls->name, vdev->reg);
        return false;
    }
    vdev->irq = spapr_irq_vio(vdev->reg);
    if (vdev->reg >= m->vio_next_reg) {
        m->vio_next_reg = vdev->reg + 1;
    }
    vdev->machine = m;
    return true;
}

static char *vio_dev_address(Bus *bus, Device *dev)
{
    return g_strdup_printf("0x%x", ((SpaprVioDevice *)dev)->reg);
}

static const BusOps vio_bus_ops = {
    .plug = vio_plug,
    .dev_address = vio_dev_address,
};

void spapr_vio_bus_init(SpaprMachine *m)
{
    m->vio_next_reg = SPAPR_VIO_REG_BASE;
    bus_init(&m->vio_bus, "spapr-vio", SPAPR_VIO_BUS_TYPE, &vio_bus_ops, NULL);
    bus_register(&m->vio_bus);
}

SpaprVioDevice *spapr_vio_find(SpaprMachine *m, uint32_t reg)
{
    GPtrArray *children = m->vio_bus.children;

    for (guint i = 0; children && i < children->len; i++) {
        SpaprVioDevice *vdev = g_ptr_array_index(children, i);
        if (vdev->reg == reg) {
            return vdev;
        }
    }
    return NULL;
}

void spapr_vio_node_name(const SpaprVioDevice *vdev, char name[SPAPR_VIO_NAME_MAX])
{
    g_snprintf(name, SPAPR_VIO_NAME_MAX, "%s@%x", spapr_vio_class(vdev)->dt_name, vdev->reg);
}

int spapr_vio_fdt_node(Device *dev, void *fdt)
{
    SpaprVioDevice *vdev = (SpaprVioDevice *)dev;
    const SpaprVioDeviceClass *vc = spapr_vio_class(vdev);
    char name[SPAPR_VIO_NAME_MAX];

    spapr_vio_node_name(vdev, name);
    DT_TRY(fdt_begin_node(fdt, name));
    DT_TRY(fdt_property_u32(fdt, "reg", vdev->reg));
    DT_TRY(fdt_property_string(fdt, "device_type", vc->dt_type));
    if (vc->dt_compatible) {
        DT_TRY(fdt_property_string(fdt, "compatible", vc->dt_compatible));
    }
    /* #interrupt-cells 2 in /vdevice: the source, and 0 for edge. */
    DT_TRY(DT_CELLS(fdt, "interrupts", vdev->irq, 0));
    if (vc->dt_props) {
        DT_TRY(vc->dt_props(vdev, fdt));
    }
    return fdt_end_node(fdt);
}

int spapr_vio_fdt_nodes(SpaprMachine *m, void *fdt)
{
    GPtrArray *children = m->vio_bus.children;

    for (guint i = 0; children && i < children->len; i++) {
        DT_TRY(dt_device_node(g_ptr_array_index(children, i), fdt));
    }
    return 0;
}
