/*
 * The MSI-X capability (PCI Local Bus 3.0, 6.8.2): a table of up to 2048
 * vectors (address, data, vector control) and a pending-bit array, both in
 * memory BARs, little-endian, accessed as aligned dwords or qwords. A vector
 * is masked by its own mask bit or by the function mask; a masked vector's
 * event sets its pending bit and the message goes out when it is unmasked.
 * At reset every vector is masked. Messages need Command.Bus Master.
 */
#ifndef PCI_MSIX_H
#define PCI_MSIX_H

#include "pci/pci.h"

/*
 * Add the capability (at cap_offset, 0 = anywhere free) with nvectors
 * vectors, the table at table_offset of BAR table_bir and the PBA at
 * pba_offset of BAR pba_bir. table_bar_mr / pba_bar_mr are the containers
 * those BARs decode to (the device's registers may share them at a lower
 * priority); the table and PBA regions are added to them. Offsets must be
 * 8-byte aligned and the structures must fit and not overlap.
 */
bool msix_init(PciDevice *dev, unsigned nvectors, MemoryRegion *table_bar_mr, uint8_t table_bir,
               uint32_t table_offset, MemoryRegion *pba_bar_mr, uint8_t pba_bir,
               uint32_t pba_offset, uint8_t cap_offset, Error **errp);
/*
 * A BAR of its own (4 KiB, or larger for many vectors: table at 0, PBA in
 * the upper half), registered as BAR bar with the given kind (a memory kind).
 */
bool msix_init_exclusive_bar(PciDevice *dev, unsigned nvectors, int bar, uint8_t type,
                             Error **errp);

static inline bool msix_present(const PciDevice *dev)
{
    return dev->msix.cap != 0;
}
bool msix_enabled(const PciDevice *dev);
static inline unsigned msix_nr_vectors(const PciDevice *dev)
{
    return dev->msix.nvectors;
}
bool msix_function_masked(const PciDevice *dev);
/* Masked by its own bit or the function mask. */
bool msix_is_masked(const PciDevice *dev, unsigned vector);
bool msix_is_pending(const PciDevice *dev, unsigned vector);

/*
 * Signal a vector. Does nothing (returns false) when MSI-X is off or the
 * vector does not exist; a masked vector sets its pending bit instead.
 * Returns true if the message was sent or left pending.
 */
bool msix_notify(PciDevice *dev, unsigned vector);

void msix_get_message(const PciDevice *dev, unsigned vector, uint64_t *addr, uint32_t *data);
/*
 * Program a table entry's address and data on the guest's behalf (the PHB's
 * ibm,change-msi). The mask bit is left alone (QEMU's side channel also
 * unmasks; Linux on pseries unmasks through the table itself).
 */
void msix_set_message(PciDevice *dev, unsigned vector, uint64_t addr, uint32_t data);
/* Set or clear a vector's mask bit as a table write would (fires a pending vector). */
void msix_set_vector_mask(PciDevice *dev, unsigned vector, bool masked);

/* Core hooks (pci.c). */
void msix_config_written(PciDevice *dev, uint32_t offset, unsigned size, uint16_t old_flags);
void msix_reset(PciDevice *dev);
void msix_uninit(PciDevice *dev);

#endif
