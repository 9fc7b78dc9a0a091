/*
 * MSI and MSI-X on the sPAPR PHB (LoPAR 7.3.10.5 ibm,change-msi,
 * pci-hotplug-papr.md 7). A function's messages are memory writes: one of
 * a source number to the PHB's MSI window, bus address 0x40000000000 (QEMU
 * 7.2's SPAPR_PCI_MSI_WINDOW), becomes an edge on that XICS source; a
 * write anywhere else goes through the TCE table like any DMA.
 */
#include "pci/spapr-phb.h"

#include <inttypes.h>
#include <string.h>

#include "core/log.h"

/* The window is 4 KiB in QEMU; only its first word is ever written. */
#define MSI_WINDOW_SIZE         0x1000u

uint32_t spapr_phb_msi_total(void)
{
    return SPAPR_IRQ_END - SPAPR_IRQ_MSI;
}

void spapr_phb_msi_send(PciBus *bus, PciDevice *dev, uint64_t addr, uint32_t data)
{
    SpaprPhb *phb = bus->host_opaque;
    uint64_t window = spapr_memmap[SPAPR_MEM_PCI_MSI].base;
    const SpaprPhbMsi *msi = &phb->msi[dev->devfn];
    uint8_t le[4] = { (uint8_t)data, (uint8_t)(data >> 8), (uint8_t)(data >> 16),
                      (uint8_t)(data >> 24) };

    if (addr < window || addr - window >= MSI_WINDOW_SIZE) {
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

void spapr_phb_msi_release(SpaprPhb *phb, int devfn)
{
    memset(&phb->msi[devfn], 0, sizeof(phb->msi[devfn]));
}

void spapr_phb_msi_reset(SpaprPhb *phb)
{
    for (int devfn = 0; devfn < PCI_DEVFN_MAX; devfn++) {
        spapr_phb_msi_release(phb, devfn);
    }
}

void spapr_phb_msi_register(void)
{
}
