/*
 * The VIO virtual terminal, "hvterm1" (LoPAPR 16.5.3.1 and 14.13, the
 * H_GET_TERM_CHAR / H_PUT_TERM_CHAR hypercalls): the console of a pseries
 * guest. Up to 16 bytes move per call, packed big-endian into two registers
 * with the first byte in the most significant position. Input from the
 * chardev waits in a small buffer until the guest reads it; its arrival
 * fires the vty's XICS source (edge), which hvc_vio waits on instead of polling.
 * The machine makes one for -serial; -device spapr-vty,chardev=ID adds more,
 * each with its own node and unit address (its terminal number).
 */
#include "ppc/spapr/spapr_vio.h"

#include <glib.h>
#include <inttypes.h>

#include "core/chardev.h"
#include "core/log.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_machine.h"
#include "ppc/spapr/spapr_xics.h"

#define VTY_BUF_SIZE 16
#define VTY_MAX_XFER 16

typedef struct SpaprVty {
    SpaprVioDevice vdev;
    char *chardev_id;       /* -device spapr-vty,chardev=ID */
    bool for_serial;        /* the machine's own, for -serial (spapr_vty_create) */
    Chardev *chr;
    ChardevFrontend fe;
    uint8_t buf[VTY_BUF_SIZE];
    unsigned in, out;       /* free-running ring indices */
} SpaprVty;

static const SpaprVioDeviceClass spapr_vty_class;

static bool is_vty(const SpaprVioDevice *vdev)
{
    return vdev->dev.cls == &spapr_vty_class.parent;
}

static size_t vty_can_receive(void *opaque)
{
    SpaprVty *vty = opaque;

    return VTY_BUF_SIZE - (vty->in - vty->out);
}

static void vty_receive(void *opaque, const uint8_t *buf, size_t len)
{
    SpaprVty *vty = opaque;

    /* can_receive bounds len; anything beyond it would be a chardev bug, and is dropped. */
    for (size_t i = 0; i < len && vty->in - vty->out < VTY_BUF_SIZE; i++) {
        vty->buf[vty->in++ % VTY_BUF_SIZE] = buf[i];
    }
    if (len && vty->vdev.machine) {
        spapr_irq_pulse(vty->vdev.machine, vty->vdev.irq);
    }
}

/*
 * The vty with unit address termno. Terminal number 0 is no unit address
 * (VIO addresses start at 0x71000000), but early Linux debug code (udbg) and
 * other simple guests use it for "the console": like PowerVM and QEMU, 0
 * then means the vty with the lowest address.
 */
static SpaprVty *vty_lookup(SpaprMachine *m, uint64_t termno)
{
    SpaprVioDevice *vdev;

    if (termno > UINT32_MAX) {
        return NULL;
    }
    vdev = spapr_vio_find(m, (uint32_t)termno);
    if (!vdev && termno == 0) {
        vdev = spapr_vty_console(m);
    }
    return vdev && is_vty(vdev) ? (SpaprVty *)vdev : NULL;
}

static int64_t h_put_term_char(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    SpaprVty *vty = vty_lookup(m, args[0]);
    uint64_t len = args[1];
    uint8_t bytes[VTY_MAX_XFER];

    if (!vty || len > VTY_MAX_XFER) {
        log_mask(LOG_GUEST_ERROR, "H_PUT_TERM_CHAR: bad termno 0x%" PRIx64 " or length %" PRIu64 "\n",
                 args[0], len);
        return H_PARAMETER;
    }
    for (unsigned i = 0; i < len; i++) {
        bytes[i] = (uint8_t)(args[2 + i / 8] >> (56 - 8 * (i % 8)));
    }
    if (vty->chr && len) {
        chardev_write(vty->chr, bytes, len);
    }
    return H_SUCCESS;
}

static int64_t h_get_term_char(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    SpaprVty *vty = vty_lookup(m, args[0]);
    uint64_t packed[2] = { 0, 0 };
    unsigned n = 0;

    if (!vty) {
        log_mask(LOG_GUEST_ERROR, "H_GET_TERM_CHAR: bad termno 0x%" PRIx64 "\n", args[0]);
        return H_PARAMETER;
    }
    while (n < VTY_MAX_XFER && vty->out != vty->in) {
        packed[n / 8] |= (uint64_t)vty->buf[vty->out++ % VTY_BUF_SIZE] << (56 - 8 * (n % 8));
        n++;
    }
    args[0] = n;
    args[1] = packed[0];
    args[2] = packed[1];
    return H_SUCCESS;
}

SpaprVioDevice *spapr_vty_console(SpaprMachine *m)
{
    GPtrArray *children = m->vio_bus.children;
    SpaprVioDevice *best = NULL;

    for (guint i = 0; children && i < children->len; i++) {
        SpaprVioDevice *vdev = g_ptr_array_index(children, i);
        if (is_vty(vdev) && (!best || vdev->reg < best->reg)) {
            best = vdev;
        }
    }
    return best;
}

void spapr_console_write(SpaprMachine *m, const uint8_t *buf, size_t len)
{
    SpaprVty *console = (SpaprVty *)spapr_vty_console(m);

    if (console && console->chr) {
        chardev_write(console->chr, buf, len);
    }
}

static void vty_connect(SpaprVty *vty, Chardev *chr)
{
    vty->chr = chr;
    vty->fe.can_receive = vty_can_receive;
    vty->fe.receive = vty_receive;
    vty->fe.opaque = vty;
    chardev_attach(chr, &vty->fe);
}

/* -device spapr-vty needs its chardev, free (QEMU's wording for both errors). */
static bool vty_realize(Device *dev, Error **errp)
{
    SpaprVty *vty = (SpaprVty *)dev;
    Chardev *chr;

    if (vty->for_serial) {
        return true;    /* connected (or left without a back end) by spapr_vty_create */
    }
    if (!vty->chardev_id) {
        error_setg(errp, "chardev property not set");
        return false;
    }
    chr = chardev_find(vty->chardev_id);
    if (!chr) {
        error_setg(errp, "Property 'spapr-vty.chardev' can't find value '%s'", vty->chardev_id);
        return false;
    }
    if (chardev_in_use(chr)) {
        error_setg(errp, "Property 'spapr-vty.chardev' can't take value '%s': Device '%s' is in use",
                   vty->chardev_id, vty->chardev_id);
        return false;
    }
    vty_connect(vty, chr);
    return true;
}

static void vty_unrealize(Device *dev)
{
    SpaprVty *vty = (SpaprVty *)dev;

    if (vty->chr) {
        chardev_attach(vty->chr, &(ChardevFrontend){ 0 });
    }
}

SpaprVioDevice *spapr_vty_create(SpaprMachine *m, Chardev *chr, Error **errp)
{
    Device *dev = device_new("spapr-vty", NULL, errp);
    SpaprVty *vty = (SpaprVty *)dev;

    if (!dev) {
        return NULL;
    }
    vty->for_serial = true;
    if (chr) {
        if (chardev_in_use(chr)) {
            error_setg(errp, "-serial: the chardev is in use");
            device_destroy(dev);
            return NULL;
        }
        vty_connect(vty, chr);
    }
    if (!device_realize_and_plug(dev, &m->vio_bus, false, errp)) {
        return NULL;
    }
    return &vty->vdev;
}

static void vty_reset(Device *dev)
{
    SpaprVty *vty = (SpaprVty *)dev;

    vty->in = vty->out = 0;
}

static const PropDef vty_props[] = {
    { "chardev", PROP_STRING, offsetof(SpaprVty, chardev_id), NULL,
      "ID of a chardev to use as a backend" },
    { "reg", PROP_UINT32, offsetof(SpaprVty, vdev.reg), "0", "VIO unit address (0 = next free)" },
    PROP_END,
};

static const SpaprVioDeviceClass spapr_vty_class = {
    .parent = {
        .name = "spapr-vty",
        .desc = "sPAPR VIO virtual terminal (hvterm1)",
        .instance_size = sizeof(SpaprVty),
        .bus_type = SPAPR_VIO_BUS_TYPE,
        .props = vty_props,
        .user_creatable = true,     /* -device spapr-vty,chardev=ID[,reg=N]; not hotpluggable */
        .realize = vty_realize,
        .unrealize = vty_unrealize,
        .reset = vty_reset,
        .fdt_node = spapr_vio_fdt_node,
    },
    .dt_name = "vty",
    .dt_type = "serial",
    .dt_compatible = "hvterm1",
};

static const SpaprHcallDef vty_hcalls[] = {
    /* termno -> count, bytes 0-7, bytes 8-15 */
    SPAPR_HCALL(H_GET_TERM_CHAR, h_get_term_char, "hcall-term", 1, 3),
    /* termno, count, bytes 0-7, bytes 8-15 */
    SPAPR_HCALL(H_PUT_TERM_CHAR, h_put_term_char, "hcall-term", 4, 0),
};

void spapr_vty_register(void)
{
    device_class_register(&spapr_vty_class.parent);
    SPAPR_REGISTER_HCALLS(vty_hcalls);
}
