/*
 * MSI and MSI-X on the sPAPR PHB: ibm,change-msi and
 * ibm,query-interrupt-source-number (LoPAR 7.3.10.5 "MSI support";
 * pci-hotplug-papr.md 7), and the delivery of the messages.
 *
 * A function has no MSIs until the OS asks ibm,change-msi for n of them.
 * They come from XICS's MSI pool (spapr_irq_alloc_msi), one source per
 * vector, contiguous; for MSI the block is aligned to n rounded up to a
 * power of two and that many are reserved, because the function puts the
 * vector number in the low bits of the message data. The PHB then programs
 * the function as QEMU 7.2 does: address 0x40000000000 (the PHB's MSI
 * window, QEMU's SPAPR_PCI_MSI_WINDOW) and data = the XICS source number,
 * one per MSI-X vector. A message is a memory write: one to the window
 * becomes an edge on the source it names, if that source is one of the
 * sender's; one anywhere else goes through the TCE table like any DMA.
 *
 * ibm,change-msi (cfg, buid_hi, buid_lo, function, count, sequence ->
 * status, count, next sequence[, type]) follows LoPAR where QEMU answers -3
 * or -1: function 0 queries, 2 returns to the default (no MSIs), releasing
 * with count 0 when nothing is assigned succeeds. Function 1 picks MSI if
 * the function has it, else MSI-X (QEMU's choice); 3 and 4 ask for one of
 * them and fail with -3 if the function lacks it; 5 (32-bit MSI) fails with
 * -3 because the window is above 4 GiB, and Linux then uses function 3. A
 * request above what the function offers gets what it offers, with status 0
 * (LoPAR: "the final number may be less than what was requested").
 * "ibm,change-msix-capable" in /rtas says functions 3-5 and 4 outputs exist.
 */
#include "pci/spapr-phb.h"

#include <inttypes.h>
#include <string.h>

#include "core/log.h"
#include "pci/msi.h"
#include "pci/msix.h"

/* The window is 4 KiB in QEMU; only its first word is ever written. */
#define MSI_WINDOW_SIZE         0x1000u

/* ibm,change-msi functions (LoPAR) and the interrupt types it reports. */
enum {
    CHANGE_MSI_QUERY = 0,
    CHANGE_MSI_ANY = 1,
    CHANGE_MSI_DEFAULT = 2,
    CHANGE_MSI_MSI = 3,
    CHANGE_MSI_MSIX = 4,
    CHANGE_MSI_MSI32 = 5,
};
enum { MSI_TYPE_MSI = 1, MSI_TYPE_MSIX = 2 };
/* ibm,query-interrupt-source-number: status 1 = nothing assigned there; triggers. */
#define QUERY_IRQ_NONE          1
#define IRQ_TRIGGER_LEVEL       0
#define IRQ_TRIGGER_EDGE        1

uint32_t spapr_phb_msi_total(void)
{
    return SPAPR_IRQ_END - SPAPR_IRQ_MSI;
}

static uint64_t msi_window(void)
{
    return spapr_memmap[SPAPR_MEM_PCI_MSI].base;
}

/* ---- Delivery ------------------------------------------------------------------- */

void spapr_phb_msi_send(PciBus *bus, PciDevice *dev, uint64_t addr, uint32_t data)
{
    SpaprPhb *phb = bus->host_opaque;
    const SpaprPhbMsi *msi = &phb->msi[dev->devfn];
    uint8_t le[4] = { (uint8_t)data, (uint8_t)(data >> 8), (uint8_t)(data >> 16),
                      (uint8_t)(data >> 24) };

    if (addr < msi_window() || addr - msi_window() >= MSI_WINDOW_SIZE) {
        /* Not an interrupt: a plain write of the data, through the IOMMU. */
        if (spapr_tce_dma_rw(phb->tce, &phb->machine->as, addr, le, sizeof(le), true) !=
            SPAPR_TCE_DMA_OK) {
            log_mask(LOG_GUEST_ERROR, "%s: MSI 0x%" PRIx32 " of %02x.%x to 0x%" PRIx64
                     " went nowhere\n", phb->dt_name, data, PCI_SLOT(dev->devfn),
                     PCI_FUNC(dev->devfn), addr);
        }
        return;
    }
    /* Only the sources ibm,change-msi gave this function: others belong to someone else. */
    if (!msi->num || data < msi->first_irq || data - msi->first_irq >= msi->alloc) {
        log_mask(LOG_GUEST_ERROR, "%s: MSI 0x%" PRIx32 " of %02x.%x is not one of its sources\n",
                 phb->dt_name, data, PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn));
        return;
    }
    spapr_irq_pulse(phb->machine, data);
}

/* ---- Assignment -------------------------------------------------------------------- */

/* Program the function's messages: address and data per vector, or clear them (first 0). */
static void program_messages(PciDevice *dev, int type, uint32_t first, uint32_t num)
{
    uint64_t addr = first ? msi_window() : 0;

    if (type == MSI_TYPE_MSI) {
        msi_set_message(dev, addr, first);
        return;
    }
    for (unsigned v = 0; v < msix_nr_vectors(dev); v++) {
        msix_set_message(dev, v, v < num ? addr : 0, v < num ? first + v : 0);
    }
}

void spapr_phb_msi_release(SpaprPhb *phb, int devfn)
{
    SpaprPhbMsi *msi = &phb->msi[devfn];
    PciDevice *dev = phb->bus_ready ? phb->bus.devices[devfn] : NULL;

    if (!msi->num) {
        return;
    }
    spapr_irq_free(phb->machine, msi->first_irq, msi->alloc);
    if (dev) {
        program_messages(dev, msi->type, 0, 0);
    }
    memset(msi, 0, sizeof(*msi));
}

void spapr_phb_msi_reset(SpaprPhb *phb)
{
    for (int devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        spapr_phb_msi_release(phb, devfn);
    }
}

static uint32_t next_pow2(uint32_t n)
{
    uint32_t p = 1;

    while (p < n) {
        p <<= 1;
    }
    return p;
}

/*
 * Give the function num sources of type (num > 0, within what it offers),
 * replacing what it had. The new block is taken before the old one goes,
 * so a failure leaves the old assignment in place (-1, hardware error).
 */
static int32_t assign(SpaprPhb *phb, PciDevice *dev, int type, uint32_t num)
{
    SpaprPhbMsi *msi = &phb->msi[dev->devfn];
    uint32_t alloc = type == MSI_TYPE_MSI ? next_pow2(num) : num;
    Error *err = NULL;
    uint32_t first = spapr_irq_alloc_msi(phb->machine, alloc, type == MSI_TYPE_MSI, &err);

    if (!first) {
        log_mask(LOG_GUEST_ERROR, "%s: ibm,change-msi for %02x.%x: %s\n", phb->dt_name,
                 PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn), error_get_pretty(err));
        error_free(err);
        return RTAS_OUT_HW_ERROR;
    }
    spapr_phb_msi_release(phb, dev->devfn);
    *msi = (SpaprPhbMsi){ .first_irq = first, .num = num, .alloc = alloc, .type = type };
    program_messages(dev, type, first, num);
    return RTAS_OUT_SUCCESS;
}

/* The PHB and function a call's first three arguments name, or NULL. */
static PciDevice *call_device(SpaprMachine *m, const SpaprRtasCall *c, SpaprPhb **phb)
{
    uint32_t cfg = c->args[0];

    *phb = spapr_phb_find(m, (uint64_t)c->args[1] << 32 | c->args[2]);
    return *phb ? pci_bus_find_device(&(*phb)->bus, (cfg >> 16) & 0xff, (cfg >> 8) & 0xff)
                : NULL;
}

static int32_t rtas_ibm_change_msi(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    SpaprPhb *phb;
    PciDevice *dev = call_device(m, c, &phb);
    uint32_t func = c->args[3], req = c->args[4], seq = c->args[5];
    uint32_t offered;
    SpaprPhbMsi *msi;
    int type;
    int32_t st = RTAS_OUT_SUCCESS;

    if (!dev) {
        return RTAS_OUT_PARAM_ERROR;
    }
    msi = &phb->msi[dev->devfn];
    switch (func) {
    case CHANGE_MSI_QUERY:
        goto out;
    case CHANGE_MSI_DEFAULT:
        spapr_phb_msi_release(phb, dev->devfn);
        goto out;
    case CHANGE_MSI_ANY:
        type = msi_present(dev) ? MSI_TYPE_MSI : msix_present(dev) ? MSI_TYPE_MSIX : 0;
        break;
    case CHANGE_MSI_MSI:
        type = msi_present(dev) ? MSI_TYPE_MSI : 0;
        break;
    case CHANGE_MSI_MSIX:
        type = msix_present(dev) ? MSI_TYPE_MSIX : 0;
        break;
    default:    /* 5: a 32-bit message cannot reach the window above 4 GiB */
        return RTAS_OUT_PARAM_ERROR;
    }
    if (!type) {
        return RTAS_OUT_PARAM_ERROR;
    }
    /* A function without 64-bit MSI addresses cannot reach the window either. */
    if (type == MSI_TYPE_MSI && req &&
        !(pci_get_word(dev->config + dev->msi.cap + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_64BIT)) {
        return RTAS_OUT_PARAM_ERROR;
    }
    if (!req) {
        spapr_phb_msi_release(phb, dev->devfn);
        goto out;
    }
    offered = type == MSI_TYPE_MSI ? msi_nr_vectors(dev) : msix_nr_vectors(dev);
    st = assign(phb, dev, type, MIN(req, offered));
out:
    if (st == RTAS_OUT_SUCCESS) {
        c->rets[1] = msi->num;
        c->rets[2] = seq + 1;
        if (c->nret > 3) {
            c->rets[3] = msi->num ? (uint32_t)msi->type : 0;
        }
    }
    return st;
}

static int32_t rtas_ibm_query_interrupt_source_number(SpaprMachine *m, PowerPCCPU *cpu,
                                                      SpaprRtasCall *c)
{
    SpaprPhb *phb;
    PciDevice *dev = call_device(m, c, &phb);
    uint32_t n = c->args[3];
    const SpaprPhbMsi *msi;
    uint8_t pin;

    if (!dev) {
        return RTAS_OUT_PARAM_ERROR;
    }
    msi = &phb->msi[dev->devfn];
    if (msi->num) {
        if (n >= msi->num) {
            return QUERY_IRQ_NONE;
        }
        c->rets[1] = msi->first_irq + n;
        c->rets[2] = IRQ_TRIGGER_EDGE;
        return RTAS_OUT_SUCCESS;
    }
    /* No MSIs: its one interrupt is its INTx line, level-triggered (LoPAR). */
    pin = dev->config[PCI_INTERRUPT_PIN];
    if (!pin || n) {
        return QUERY_IRQ_NONE;
    }
    c->rets[1] = phb->lsi[(PCI_SLOT(dev->devfn) + pin - 1) % SPAPR_PHB_NUM_LSI];
    c->rets[2] = IRQ_TRIGGER_LEVEL;
    return RTAS_OUT_SUCCESS;
}

static const SpaprRtasDef msi_rtas_calls[] = {
    /* cfg, buid_hi, buid_lo, function, count, sequence -> status, count, sequence[, type] */
    SPAPR_RTAS_RANGE("ibm,change-msi", rtas_ibm_change_msi, 6, 6, 3, 4),
    /* cfg, buid_hi, buid_lo, n -> status, source, trigger */
    SPAPR_RTAS("ibm,query-interrupt-source-number", rtas_ibm_query_interrupt_source_number, 4, 3),
};

void spapr_phb_msi_register(void)
{
    SPAPR_REGISTER_RTAS(msi_rtas_calls);
}
