/*
 * A fake PCI host bridge and a configurable fake PCI function for the PCI
 * core's unit tests (test-pci-*.c).
 *
 * The host owns a bus "pci.test" with a memory and an I/O space (each with
 * an AddressSpace so tests can dispatch MMIO like a CPU would through the
 * PHB windows), routes INTx by the usual swizzle onto 4 lines it records,
 * logs MSI messages, and does DMA through a toy IOMMU: bus pages of 4 KiB
 * in [0, FAKE_DMA_WINDOW) map 1:1 onto its RAM buffer with per-page read
 * and write permission; outside the window is an IOMMU fault, and a page
 * marked "hole" translates to nowhere (a decode error).
 *
 * The fake function ("fake-pci") takes its shape from fake_spec, set by the
 * test before creating it: BAR kinds and sizes, interrupt pin, PCI Express.
 * Each BAR decodes to an I/O region whose registers are plain storage.
 */
#ifndef PCI_FAKE_HOST_H
#define PCI_FAKE_HOST_H

#include <glib.h>
#include <string.h>

#include "core/device.h"
#include "core/memory.h"
#include "pci/msi.h"
#include "pci/msix.h"
#include "pci/pci-bus.h"
#include "pci/pcie.h"

#define FAKE_DMA_WINDOW (1u << 20)
#define FAKE_PAGE 4096u
#define FAKE_NR_PAGES (FAKE_DMA_WINDOW / FAKE_PAGE)
#define FAKE_MSI_LOG 64

enum { FAKE_PERM_R = 1, FAKE_PERM_W = 2, FAKE_HOLE = 4 };

typedef struct FakeMsi {
    uint64_t addr;
    uint32_t data;
    int devfn;
} FakeMsi;

typedef struct FakeHost {
    PciBus bus;
    MemoryRegion mem, io;
    AddressSpace mem_as, io_as;
    uint8_t *ram;                       /* FAKE_DMA_WINDOW bytes of "guest memory" */
    uint8_t perm[FAKE_NR_PAGES];
    bool line[4];                       /* INTx line levels as the host last saw them */
    int line_changes;
    FakeMsi msi[FAKE_MSI_LOG];
    int nmsi;
    int dma_calls;
    bool refuse_plug;
    int unplugged;
} FakeHost;

static FakeHost *fake_host_of(PciBus *bus)
{
    return bus->host_opaque;
}

static int fake_map_irq(PciBus *bus, PciDevice *dev, int pin)
{
    return (PCI_SLOT(dev->devfn) + pin) % 4;
}

static void fake_set_irq(PciBus *bus, int line, bool level)
{
    FakeHost *h = fake_host_of(bus);
    /* The core only reports edges of the wired-OR. */
    g_assert_cmpint(h->line[line], !=, level);
    h->line[line] = level;
    h->line_changes++;
}

static void fake_msi_send(PciBus *bus, PciDevice *dev, uint64_t addr, uint32_t data)
{
    FakeHost *h = fake_host_of(bus);
    g_assert_cmpint(h->nmsi, <, FAKE_MSI_LOG);
    h->msi[h->nmsi++] = (FakeMsi){ addr, data, dev->devfn };
}

static PciDmaResult fake_dma_rw(PciBus *bus, PciDevice *dev, uint64_t addr, void *buf,
                                uint64_t len, bool is_write)
{
    FakeHost *h = fake_host_of(bus);
    uint8_t need = is_write ? FAKE_PERM_W : FAKE_PERM_R;

    h->dma_calls++;
    /* Check every page first: a faulting DMA leaves memory untouched. */
    if (addr >= FAKE_DMA_WINDOW || len > FAKE_DMA_WINDOW - addr) {
        return PCI_DMA_ERR_IOMMU;
    }
    for (uint64_t p = addr / FAKE_PAGE; p <= (addr + len - 1) / FAKE_PAGE; p++) {
        if (!(h->perm[p] & need)) {
            return PCI_DMA_ERR_IOMMU;
        }
        if (h->perm[p] & FAKE_HOLE) {
            return PCI_DMA_ERR_DECODE;
        }
    }
    if (is_write) {
        memcpy(h->ram + addr, buf, len);
    } else {
        memcpy(buf, h->ram + addr, len);
    }
    return PCI_DMA_OK;
}

static bool fake_plug(PciBus *bus, PciDevice *dev, bool hotplug, Error **errp)
{
    if (fake_host_of(bus)->refuse_plug) {
        error_setg(errp, "fake host refuses %02x.%x", PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn));
        return false;
    }
    return true;
}

static bool fake_unplug_request(PciBus *bus, PciDevice *dev, Error **errp)
{
    /* Release at once, as if the guest agreed. */
    device_destroy(&dev->dev);
    return true;
}

static void fake_unplugged(PciBus *bus, PciDevice *dev)
{
    fake_host_of(bus)->unplugged++;
}

static const PciHostOps fake_host_ops = {
    .map_irq = fake_map_irq,
    .set_irq = fake_set_irq,
    .msi_send = fake_msi_send,
    .dma_rw = fake_dma_rw,
    .plug = fake_plug,
    .unplug_request = fake_unplug_request,
    .unplugged = fake_unplugged,
};

static void fake_host_init(FakeHost *h)
{
    memset(h, 0, sizeof(*h));
    memory_region_init_container(&h->mem, "pci-mem", UINT64_MAX);
    memory_region_init_container(&h->io, "pci-io", 1ull << 32);
    address_space_init(&h->mem_as, &h->mem, "pci-mem");
    address_space_init(&h->io_as, &h->io, "pci-io");
    h->ram = g_malloc0(FAKE_DMA_WINDOW);
    memset(h->perm, FAKE_PERM_R | FAKE_PERM_W, sizeof(h->perm));
    pci_bus_init(&h->bus, "pci.test", NULL, &fake_host_ops, h, &h->mem, &h->io, 4);
    h->bus.bus.hotplug_capable = true;
}

static void fake_host_cleanup(FakeHost *h)
{
    pci_bus_cleanup(&h->bus);
    address_space_destroy(&h->mem_as);
    address_space_destroy(&h->io_as);
    memory_region_finalize(&h->mem);
    memory_region_finalize(&h->io);
    g_free(h->ram);
}

/* ---- The fake function ----------------------------------------------------------- */

typedef struct FakeBarSpec {
    uint8_t type;
    uint64_t size;          /* 0: no BAR */
} FakeBarSpec;

typedef struct FakeSpec {
    FakeBarSpec bars[PCI_NUM_BARS];
    unsigned msi_vectors;       /* 0: no MSI capability */
    bool msi_64, msi_maskable;
    unsigned msix_vectors;      /* 0: no MSI-X capability */
    int msix_bar;               /* its own 4 KiB 32-bit BAR; or, with msix_shared: */
    bool msix_shared;           /* table at 0x800, PBA at 0xc00 of BAR0 (a 4 KiB container) */
    bool exp_cap, flr;          /* PCI Express capability (fake-pcie only) */
} FakeSpec;

/* What the next realized fake-pci looks like (the class is const, so a test sets this). */
static FakeSpec fake_spec;

typedef struct FakeDev {
    PciDevice pci;
    MemoryRegion mr[PCI_NUM_BARS];
    MemoryRegion container0;    /* BAR0 when the MSI-X table shares it */
    uint32_t regs[PCI_NUM_BARS][16];    /* the first 64 bytes of each BAR are storage */
    int resets;
} FakeDev;

typedef struct FakeBarRef {
    FakeDev *dev;
    int bar;
} FakeBarRef;

static FakeBarRef fake_refs[PCI_DEVFN_MAX * PCI_NUM_BARS];
static int fake_nrefs;

static uint64_t fake_bar_read(void *opaque, uint64_t offset, unsigned size)
{
    FakeBarRef *r = opaque;
    return offset < 64 ? r->dev->regs[r->bar][offset / 4] : 0;
}

static void fake_bar_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
    FakeBarRef *r = opaque;
    if (offset < 64) {
        r->dev->regs[r->bar][offset / 4] = (uint32_t)value;
    }
}

static const MemoryRegionOps fake_bar_ops = {
    .read = fake_bar_read,
    .write = fake_bar_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static bool fake_realize(PciDevice *dev, Error **errp)
{
    FakeDev *f = (FakeDev *)dev;

    for (int n = 0; n < PCI_NUM_BARS; n++) {
        const FakeBarSpec *b = &fake_spec.bars[n];
        FakeBarRef *ref;
        char name[32];

        if (!b->size) {
            continue;
        }
        g_assert_cmpint(fake_nrefs, <, (int)G_N_ELEMENTS(fake_refs));
        ref = &fake_refs[fake_nrefs++];
        *ref = (FakeBarRef){ f, n };
        g_snprintf(name, sizeof(name), "fake-bar%d", n);
        memory_region_init_io(&f->mr[n], name, &fake_bar_ops, ref, b->size);
        if (n == 0 && fake_spec.msix_shared) {
            /* The device's registers under the MSI-X structures, in one container. */
            memory_region_init_container(&f->container0, "fake-bar0-container", b->size);
            memory_region_add_subregion(&f->container0, 0, &f->mr[0]);
            pci_register_bar(dev, n, b->type, &f->container0);
        } else {
            pci_register_bar(dev, n, b->type, &f->mr[n]);
        }
    }
    if (fake_spec.exp_cap && !pcie_cap_init(dev, 0, PCI_EXP_TYPE_ENDPOINT, fake_spec.flr, errp)) {
        return false;
    }
    if (fake_spec.msi_vectors && !msi_init(dev, 0, fake_spec.msi_vectors, fake_spec.msi_64,
                                           fake_spec.msi_maskable, errp)) {
        return false;
    }
    if (fake_spec.msix_vectors && fake_spec.msix_shared &&
        !msix_init(dev, fake_spec.msix_vectors, &f->container0, 0, 0x800, &f->container0, 0,
                   0xc00, 0, errp)) {
        return false;
    }
    if (fake_spec.msix_vectors && !fake_spec.msix_shared &&
        !msix_init_exclusive_bar(dev, fake_spec.msix_vectors, fake_spec.msix_bar, PCI_BAR_MEM32,
                                 errp)) {
        return false;
    }
    return true;
}

static void fake_exit(PciDevice *dev)
{
    FakeDev *f = (FakeDev *)dev;
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        if (f->mr[n].name) {
            memory_region_finalize(&f->mr[n]);
        }
    }
    if (f->container0.name) {
        memory_region_finalize(&f->container0);
    }
}

static void fake_reset(PciDevice *dev)
{
    ((FakeDev *)dev)->resets++;
}

static const PropDef fake_props[] = {
    PCI_DEVICE_PROPS,
    PROP_END,
};

/* Two classes, because the class decides the config-space size. */
#define FAKE_CLASS(cname, express)                                   \
    {                                                                \
        .parent = {                                                  \
            .name = cname,                                           \
            .desc = "unit-test PCI function",                        \
            .instance_size = sizeof(FakeDev),                        \
            .props = fake_props,                                     \
            .user_creatable = true,                                  \
            .hotpluggable = true,                                    \
            PCI_DEVICE_CLASS_HOOKS,                                  \
        },                                                           \
        .vendor_id = 0x8086, .device_id = 0x100e, .revision = 3,     \
        .class_code = 0x020000, .interrupt_pin = 1,                  \
        .is_express = express,                                       \
        .realize = fake_realize, .exit = fake_exit, .reset = fake_reset, \
    }

static const PciDeviceClass fake_class = FAKE_CLASS("fake-pci", false);
static const PciDeviceClass fake_express_class = FAKE_CLASS("fake-pcie", true);

static void fake_classes_register(void)
{
    static bool done;
    if (!done) {
        done = true;
        pci_device_class_register(&fake_class);
        pci_device_class_register(&fake_express_class);
    }
}

/* Create a function from an option string on the fake bus; asserts success. */
static PciDevice *fake_create(const char *opts)
{
    Error *err = NULL;
    char *full = g_strdup_printf("%s,bus=pci.test", opts);
    Device *d = device_create_from_string(full, false, &err);

    if (!d) {
        g_error("creating '%s': %s", full, error_get_pretty(err));
    }
    g_free(full);
    return PCI_DEVICE(d);
}

/* Create and expect failure; returns the message (g_free it). */
static char *fake_create_fails(const char *opts)
{
    Error *err = NULL;
    char *full = g_strdup_printf("%s,bus=pci.test", opts);
    Device *d = device_create_from_string(full, false, &err);
    char *msg;

    g_assert_null(d);
    g_assert_nonnull(err);
    msg = g_strdup(error_get_pretty(err));
    error_free(err);
    g_free(full);
    return msg;
}

/* Config access as the host does it, asserting success. */
static uint32_t cfg_read(PciBus *bus, int devfn, uint32_t off, unsigned size)
{
    uint32_t v = 0;
    g_assert_cmpint(pci_bus_config_read(bus, 0, devfn, off, size, &v), ==, PCI_CFG_OK);
    return v;
}

static void cfg_write(PciBus *bus, int devfn, uint32_t off, unsigned size, uint32_t v)
{
    g_assert_cmpint(pci_bus_config_write(bus, 0, devfn, off, size, v), ==, PCI_CFG_OK);
}

/* A 32-bit little-endian (PCI byte order) access through an address space, asserting success. */
static uint32_t mmio_rd32(AddressSpace *as, uint64_t addr)
{
    uint8_t b[4];
    g_assert_cmpint(address_space_read(as, addr, b, 4), ==, MEMTX_OK);
    return pci_get_long(b);
}

static void mmio_wr32(AddressSpace *as, uint64_t addr, uint32_t v)
{
    uint8_t b[4];
    pci_set_long(b, v);
    g_assert_cmpint(address_space_write(as, addr, b, 4), ==, MEMTX_OK);
}

/* Silence "unused" for helpers a given test file does not call. */
static inline void fake_host_use_all(void)
{
    (void)fake_create;
    (void)fake_create_fails;
    (void)cfg_read;
    (void)cfg_write;
    (void)mmio_rd32;
    (void)mmio_wr32;
    (void)fake_classes_register;
    (void)fake_host_init;
    (void)fake_host_cleanup;
}

#endif
