/*
 * pci-testdev: ppc64-lite's PCI test function (register map and behaviour
 * in pci-testdev.h). Its job is to exercise the PCI core from a guest or a
 * unit test: every BAR kind, INTx/MSI/MSI-X delivery, FLR, and DMA with its
 * failures reported in a status register instead of reaching the emulator.
 */
#include "pci/pci-testdev.h"

#include <inttypes.h>

#include "pci/msi.h"
#include "pci/msix.h"
#include "pci/pcie.h"

typedef struct PciTestDev {
    PciDevice pci;
    /* properties */
    uint32_t vectors;
    uint64_t membar;
    /* BARs */
    MemoryRegion regs;
    MemoryRegion io;
    MemoryRegion ram;
    /* registers */
    uint32_t scratch;
    uint32_t irq_status;
    uint32_t irq_enable;
    uint32_t msi_vector;
    uint64_t dma_src;
    uint64_t dma_dst;
    uint32_t dma_len;
    uint32_t dma_status;
    uint32_t dma_count;
} PciTestDev;

/* ---- Interrupts ---------------------------------------------------------------- */

/*
 * Deliver causes that became pending (status & enable) since old_pending:
 * as one message per new cause set under MSI-X or MSI, as a level on INTx.
 */
static void update_irq(PciTestDev *t, uint32_t old_pending)
{
    PciDevice *dev = &t->pci;
    uint32_t pending = t->irq_status & t->irq_enable;
    bool edge = (pending & ~old_pending) != 0;

    if (msix_enabled(dev)) {
        if (edge) {
            msix_notify(dev, t->msi_vector);
        }
    } else if (msi_enabled(dev)) {
        if (edge) {
            msi_notify(dev, t->msi_vector);
        }
    } else {
        pci_set_irq(dev, pending != 0);
    }
}

static void set_status(PciTestDev *t, uint32_t status)
{
    uint32_t old = t->irq_status & t->irq_enable;
    t->irq_status = status;
    update_irq(t, old);
}

static void set_enable(PciTestDev *t, uint32_t enable)
{
    uint32_t old = t->irq_status & t->irq_enable;
    t->irq_enable = enable;
    update_irq(t, old);
}

/* ---- DMA engine ------------------------------------------------------------------ */

static void dma_start(PciTestDev *t)
{
    PciDmaResult r = PCI_DMA_OK;
    uint32_t err = 0;

    if (t->dma_len > PCI_TESTDEV_DMA_MAX) {
        err = TESTDEV_DMA_ERR_TOO_LONG;
    } else if (t->dma_len) {
        uint8_t *buf = g_malloc(t->dma_len);
        r = pci_dma_read(&t->pci, t->dma_src, buf, t->dma_len);
        if (r == PCI_DMA_OK) {
            r = pci_dma_write(&t->pci, t->dma_dst, buf, t->dma_len);
        }
        g_free(buf);
        err = r;
    }
    if (err) {
        t->dma_status = TESTDEV_DMA_ERROR | err << TESTDEV_DMA_ERR_SHIFT;
        set_status(t, t->irq_status | TESTDEV_IRQ_DMA_ERROR);
    } else {
        t->dma_status = TESTDEV_DMA_DONE;
        t->dma_count++;
        set_status(t, t->irq_status | TESTDEV_IRQ_DMA_DONE);
    }
}

/* ---- Registers -------------------------------------------------------------------- */

static uint64_t reg_read(void *opaque, uint64_t offset, unsigned size)
{
    PciTestDev *t = opaque;

    switch (offset) {
    case TESTDEV_ID:            return PCI_TESTDEV_MAGIC;
    case TESTDEV_SCRATCH:       return t->scratch;
    case TESTDEV_IRQ_STATUS:    return t->irq_status;
    case TESTDEV_IRQ_ENABLE:    return t->irq_enable;
    case TESTDEV_MSI_VECTOR:    return t->msi_vector;
    case TESTDEV_DMA_SRC:       return (uint32_t)t->dma_src;
    case TESTDEV_DMA_SRC + 4:   return (uint32_t)(t->dma_src >> 32);
    case TESTDEV_DMA_DST:       return (uint32_t)t->dma_dst;
    case TESTDEV_DMA_DST + 4:   return (uint32_t)(t->dma_dst >> 32);
    case TESTDEV_DMA_LEN:       return t->dma_len;
    case TESTDEV_DMA_STATUS:    return t->dma_status;
    case TESTDEV_DMA_COUNT:     return t->dma_count;
    default:                    return 0;   /* write-only and unused registers */
    }
}

static void set_half(uint64_t *reg, bool high, uint64_t value)
{
    uint64_t v = (uint32_t)value;
    *reg = high ? (*reg & 0xffffffffu) | v << 32 : (*reg & ~(uint64_t)0xffffffffu) | v;
}

static void reg_write(void *opaque, uint64_t offset, uint64_t value, unsigned size)
{
    PciTestDev *t = opaque;
    uint32_t v = (uint32_t)value;

    switch (offset) {
    case TESTDEV_SCRATCH:       t->scratch = v; break;
    case TESTDEV_IRQ_STATUS:    set_status(t, t->irq_status & ~v); break;
    case TESTDEV_IRQ_ENABLE:    set_enable(t, v); break;
    case TESTDEV_IRQ_RAISE:     set_status(t, t->irq_status | (v ? TESTDEV_IRQ_SOFT : 0)); break;
    case TESTDEV_MSI_VECTOR:    t->msi_vector = v; break;
    case TESTDEV_DMA_SRC:       set_half(&t->dma_src, false, v); break;
    case TESTDEV_DMA_SRC + 4:   set_half(&t->dma_src, true, v); break;
    case TESTDEV_DMA_DST:       set_half(&t->dma_dst, false, v); break;
    case TESTDEV_DMA_DST + 4:   set_half(&t->dma_dst, true, v); break;
    case TESTDEV_DMA_LEN:       t->dma_len = v; break;
    case TESTDEV_DMA_CMD:
        if (v & TESTDEV_CMD_START) {
            dma_start(t);
        }
        break;
    case TESTDEV_MSIX_FIRE:     msix_notify(&t->pci, v); break;
    default:                    break;      /* read-only and unused registers */
    }
}

/* Dword registers; a qword access reaches two of them, low address first. */
static const MemoryRegionOps reg_ops = {
    .read = reg_read,
    .write = reg_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/* ---- Life cycle --------------------------------------------------------------------- */

static void testdev_reset(PciDevice *dev)
{
    PciTestDev *t = (PciTestDev *)dev;

    t->scratch = t->irq_status = t->irq_enable = t->msi_vector = 0;
    t->dma_src = t->dma_dst = 0;
    t->dma_len = t->dma_status = t->dma_count = 0;
}

static void testdev_exit(PciDevice *dev)
{
    PciTestDev *t = (PciTestDev *)dev;

    memory_region_finalize(&t->regs);
    memory_region_finalize(&t->io);
    if (t->ram.name) {
        memory_region_finalize(&t->ram);
    }
}

static bool testdev_realize(PciDevice *dev, Error **errp)
{
    PciTestDev *t = (PciTestDev *)dev;
    uint64_t m = t->membar;

    if (t->vectors < 1 || t->vectors > PCI_MSIX_MAX_VECTORS) {
        error_setg(errp, "pci-testdev: vectors must be 1 to %d, not %" PRIu32,
                   PCI_MSIX_MAX_VECTORS, t->vectors);
        return false;
    }
    if (m && ((m & (m - 1)) || m < 4096 || m > (1ull << 30))) {
        error_setg(errp, "pci-testdev: membar must be 0 or a power of two from 4K to 1G, not "
                   "%" PRIu64, m);
        return false;
    }
    memory_region_init_io(&t->regs, "pci-testdev-regs", &reg_ops, t, TESTDEV_REG_SIZE);
    memory_region_init_io(&t->io, "pci-testdev-io", &reg_ops, t, TESTDEV_IO_SIZE);
    if (m && !memory_region_init_ram(&t->ram, "pci-testdev-ram", m)) {
        error_setg(errp, "pci-testdev: cannot allocate %" PRIu64 " bytes for BAR4", m);
        goto fail;
    }
    pci_register_bar(dev, 0, PCI_BAR_MEM32, &t->regs);
    pci_register_bar(dev, 1, PCI_BAR_IO, &t->io);
    if (m) {
        pci_register_bar(dev, 4, PCI_BAR_MEM64 | PCI_BAR_PREFETCH, &t->ram);
    }
    if (!pcie_cap_init(dev, 0, PCI_EXP_TYPE_ENDPOINT, true, errp) ||
        !msi_init(dev, 0, 4, true, true, errp) ||
        !msix_init_exclusive_bar(dev, t->vectors, 2, PCI_BAR_MEM64, errp)) {
        goto fail;
    }
    return true;

fail:
    testdev_exit(dev);
    return false;
}

static const PropDef testdev_props[] = {
    PCI_DEVICE_PROPS,
    { "vectors", PROP_UINT32, offsetof(PciTestDev, vectors), "4", "MSI-X vectors (1-2048)" },
    { "membar", PROP_UINT64, offsetof(PciTestDev, membar), "1M",
      "size of the 64-bit prefetchable RAM BAR4 (0 = none)" },
    PROP_END,
};

static const PciDeviceClass testdev_class = {
    .parent = {
        .name = "pci-testdev",
        .desc = "ppc64-lite PCI test function (BARs, INTx/MSI/MSI-X, DMA engine)",
        .instance_size = sizeof(PciTestDev),
        .props = testdev_props,
        .user_creatable = true,
        .hotpluggable = true,
        PCI_DEVICE_CLASS_HOOKS,
    },
    .vendor_id = PCI_TESTDEV_VENDOR_ID,
    .device_id = PCI_TESTDEV_DEVICE_ID,
    .revision = 1,
    .class_code = 0xff0000,
    .interrupt_pin = 1,
    .is_express = true,
    .realize = testdev_realize,
    .exit = testdev_exit,
    .reset = testdev_reset,
};

void pci_testdev_register(void)
{
    pci_device_class_register(&testdev_class);
}
