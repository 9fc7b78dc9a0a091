/*
 * Calls between the files of the PCI core (pci.c, pci-bar.c, pci-bus.c,
 * msi.c, msix.c, pcie.c). Not for device models or host bridges.
 */
#ifndef PCI_PCI_INTERNAL_H
#define PCI_PCI_INTERNAL_H

#include "pci/pci-bus.h"

/* Map, move or unmap every BAR to match the command register and BAR values. */
void pci_update_mappings(PciDevice *dev);
/* Recompute what the function drives onto its bus INTx line (level, Interrupt Disable). */
void pci_intx_update(PciDevice *dev);
/* An MSI/MSI-X message leaves the function (needs Bus Master). */
void pci_msi_send(PciDevice *dev, uint64_t addr, uint32_t data);
/* QMP's query-pci (pci-qmp.c), registered with the device types. */
void pci_qmp_register(void);
/* "id" if the user gave one, else the driver name: for messages. */
const char *pci_dev_name(const PciDevice *dev);

static inline bool pci_ranges_overlap(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen)
{
    return a < b + blen && b < a + alen;
}

#endif
