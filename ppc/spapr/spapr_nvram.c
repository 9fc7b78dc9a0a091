/*
 * The partition's NVRAM (LoPAPR 7.3.6.x nvram-fetch / nvram-store, and the
 * /vdevice/nvram node with "#bytes", LoPAPR 16): 64 KiB that Linux keeps
 * its NVRAM partitions in (oops logs through pstore, "ibm,rtas-log", "lnx,oops-log").
 *
 * The contents live in host memory. With -M pseries,nvram=FILE they are
 * read from FILE at start (a missing file starts empty; a shorter one is
 * padded with zeroes; a larger one is an error) and every nvram-store is
 * written through to it, so they survive across runs. Without a file they
 * last until the emulator exits (a guest reboot keeps them, as real NVRAM).
 *
 * A blank NVRAM is formatted the way firmware (SLOF) leaves it: one CHRP
 * free-space partition over all of it (LoPAPR 8.3 / CHRP NVRAM layout), or
 * Linux reports "nvram corruption: 0-length partition" and finds no room
 * for its own partitions.
 */
#include "ppc/spapr/spapr_machine.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <libfdt.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/log.h"
#include "ppc/spapr/spapr_rtas.h"
#include "ppc/spapr/spapr_vio.h"

typedef struct SpaprNvram {
    SpaprVioDevice vdev;
    char *file;             /* property "file": backing file, or NULL */
    int fd;                 /* open on file, or -1 */
    uint8_t *data;
    uint32_t size;
} SpaprNvram;

/* CHRP partition header: signature, checksum, be16 length in 16-byte blocks, 12-byte name. */
#define NVRAM_HDR_LEN       16
#define NVRAM_SIG_FREE      0x7f

/* Sum of the header bytes but the checksum itself, with end-around carry. */
static uint8_t nvram_hdr_checksum(const uint8_t *hdr)
{
    unsigned sum = hdr[0];

    for (int i = 2; i < NVRAM_HDR_LEN; i++) {
        sum += hdr[i];
        if (sum > 0xff) {
            sum = (sum & 0xff) + 1;
        }
    }
    return (uint8_t)sum;
}

static void nvram_format_if_blank(SpaprNvram *nv)
{
    uint8_t *h = nv->data;
    uint32_t blocks = nv->size / NVRAM_HDR_LEN;

    for (uint32_t i = 0; i < nv->size; i++) {
        if (nv->data[i]) {
            return;
        }
    }
    h[0] = NVRAM_SIG_FREE;
    h[2] = (uint8_t)(blocks >> 8);
    h[3] = (uint8_t)blocks;
    memset(h + 4, 'w', 12);
    h[1] = nvram_hdr_checksum(h);
}

static bool nvram_realize(Device *dev, Error **errp)
{
    SpaprNvram *nv = (SpaprNvram *)dev;
    struct stat stbuf;

    nv->size = SPAPR_NVRAM_SIZE;
    nv->data = g_malloc0(nv->size);
    nv->fd = -1;
    if (!nv->file) {
        nvram_format_if_blank(nv);
        return true;
    }
    nv->fd = open(nv->file, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (nv->fd < 0 || fstat(nv->fd, &stbuf) < 0) {
        error_setg(errp, "nvram %s: %s", nv->file, g_strerror(errno));
        goto fail;
    }
    if (!S_ISREG(stbuf.st_mode) || stbuf.st_size > nv->size) {
        error_setg(errp, "nvram %s: must be a regular file of at most %u bytes", nv->file,
                   nv->size);
        goto fail;
    }
    if (pread(nv->fd, nv->data, (size_t)stbuf.st_size, 0) != stbuf.st_size) {
        error_setg(errp, "nvram %s: %s", nv->file, g_strerror(errno));
        goto fail;
    }
    nvram_format_if_blank(nv);
    /* The file always holds the whole image, so a store is a plain pwrite. */
    if (pwrite(nv->fd, nv->data, nv->size, 0) != (ssize_t)nv->size) {
        error_setg(errp, "nvram %s: %s", nv->file, g_strerror(errno));
        goto fail;
    }
    return true;

fail:
    if (nv->fd >= 0) {
        close(nv->fd);
        nv->fd = -1;
    }
    g_free(nv->data);
    nv->data = NULL;
    return false;
}

static void nvram_unrealize(Device *dev)
{
    SpaprNvram *nv = (SpaprNvram *)dev;

    if (nv->fd >= 0) {
        close(nv->fd);
        nv->fd = -1;
    }
    g_free(nv->data);
    nv->data = NULL;
}

static int nvram_dt_props(SpaprVioDevice *vdev, void *fdt)
{
    return fdt_property_u32(fdt, "#bytes", ((SpaprNvram *)vdev)->size);
}

static const SpaprVioDeviceClass spapr_nvram_class;

static SpaprNvram *nvram_find(SpaprMachine *m)
{
    GPtrArray *children = m->vio_bus.children;

    for (guint i = 0; children && i < children->len; i++) {
        SpaprVioDevice *vdev = g_ptr_array_index(children, i);
        if (vdev->dev.cls == &spapr_nvram_class.parent) {
            return (SpaprNvram *)vdev;
        }
    }
    return NULL;
}

/* Shared checks of nvram-fetch and nvram-store(index, buffer, length) -> status, count. */
static SpaprNvram *nvram_call_check(SpaprMachine *m, SpaprRtasCall *c, int32_t *st)
{
    SpaprNvram *nv = nvram_find(m);

    if (!nv) {
        *st = RTAS_OUT_HW_ERROR;
        return NULL;
    }
    if (c->args[2] > nv->size || c->args[0] > nv->size - c->args[2]) {
        *st = RTAS_OUT_PARAM_ERROR;
        return NULL;
    }
    return nv;
}

static int32_t rtas_nvram_fetch(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    int32_t st;
    SpaprNvram *nv = nvram_call_check(m, c, &st);

    if (!nv) {
        return st;
    }
    if (address_space_write(&m->as, c->args[1], nv->data + c->args[0], c->args[2]) != MEMTX_OK) {
        return RTAS_OUT_PARAM_ERROR;
    }
    c->rets[1] = c->args[2];
    return RTAS_OUT_SUCCESS;
}

static int32_t rtas_nvram_store(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    int32_t st;
    SpaprNvram *nv = nvram_call_check(m, c, &st);
    uint32_t off, len;

    if (!nv) {
        return st;
    }
    off = c->args[0];
    len = c->args[2];
    if (address_space_read(&m->as, c->args[1], nv->data + off, len) != MEMTX_OK) {
        return RTAS_OUT_PARAM_ERROR;
    }
    if (nv->fd >= 0 && len && pwrite(nv->fd, nv->data + off, len, off) != (ssize_t)len) {
        /* The guest's copy is updated; tell it the backing store failed. */
        error_report("nvram %s: write failed: %s", nv->file, g_strerror(errno));
        return RTAS_OUT_HW_ERROR;
    }
    c->rets[1] = len;
    return RTAS_OUT_SUCCESS;
}

SpaprVioDevice *spapr_nvram_create(SpaprMachine *m, const char *path, Error **errp)
{
    Device *dev = device_new("spapr-nvram", NULL, errp);

    if (!dev) {
        return NULL;
    }
    if ((path && !device_set_prop(dev, "file", path, errp)) ||
        !device_realize_and_plug(dev, &m->vio_bus, false, errp)) {
        return NULL;
    }
    return (SpaprVioDevice *)dev;
}

static const PropDef nvram_props[] = {
    { "file", PROP_STRING, offsetof(SpaprNvram, file), NULL, "file that keeps the contents" },
    PROP_END,
};

static const SpaprVioDeviceClass spapr_nvram_class = {
    .parent = {
        .name = "spapr-nvram",
        .desc = "sPAPR NVRAM (nvram-fetch / nvram-store)",
        .instance_size = sizeof(SpaprNvram),
        .bus_type = SPAPR_VIO_BUS_TYPE,
        .props = nvram_props,
        .user_creatable = false,
        .realize = nvram_realize,
        .unrealize = nvram_unrealize,
        .fdt_node = spapr_vio_fdt_node,
    },
    .dt_name = "nvram",
    .dt_type = "nvram",
    .dt_compatible = "qemu,spapr-nvram",
    .dt_props = nvram_dt_props,
};

static const SpaprRtasDef nvram_rtas_calls[] = {
    SPAPR_RTAS("nvram-fetch", rtas_nvram_fetch, 3, 2),  /* index, buffer, length -> status, count */
    SPAPR_RTAS("nvram-store", rtas_nvram_store, 3, 2),
};

void spapr_nvram_register(void)
{
    device_class_register(&spapr_nvram_class.parent);
    SPAPR_REGISTER_RTAS(nvram_rtas_calls);
}
