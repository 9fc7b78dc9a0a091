/*
 * The MSI capability (PCI Local Bus 3.0, 6.8.1): message address and data
 * in config space, 1 to 32 vectors (a power of two), optional 64-bit address
 * and per-vector mask/pending bits. Vector n sends the data with its low
 * log2(enabled vectors) bits replaced by n. Messages go out through the
 * host bridge (PciHostOps.msi_send) and need Command.Bus Master, since an
 * MSI is a memory write.
 */
#ifndef PCI_MSI_H
#define PCI_MSI_H

#include "pci/pci.h"

/*
 * Add the capability at offset (0: anywhere free) offering nvectors (1, 2,
 * 4, 8, 16 or 32). Writable: Enable, Multiple Message Enable, the address
 * (bits 1:0 read 0), the 16-bit data and, if maskable, the mask bits of the
 * offered vectors. Pending bits are read-only.
 */
bool msi_init(PciDevice *dev, uint8_t offset, unsigned nvectors, bool is_64bit, bool maskable,
              Error **errp);

static inline bool msi_present(const PciDevice *dev)
{
    return dev->msi.cap != 0;
}
bool msi_enabled(const PciDevice *dev);
/* Vectors offered (Multiple Message Capable). */
unsigned msi_nr_vectors(const PciDevice *dev);
/* Vectors the guest enabled (Multiple Message Enable); 0 when MSI is off. */
unsigned msi_nr_vectors_enabled(const PciDevice *dev);

/*
 * Signal vector n. Does nothing (returns false) when MSI is off or n is not
 * enabled; a masked vector sets its pending bit and is sent when unmasked.
 * Returns true if the message was sent or left pending.
 */
bool msi_notify(PciDevice *dev, unsigned vector);

/* The message vector n would send now. */
void msi_get_message(const PciDevice *dev, unsigned vector, uint64_t *addr, uint32_t *data);
/*
 * Program address and data on the guest's behalf (the PHB's ibm,change-msi
 * does this on sPAPR), as if written through config space. A function
 * without 64-bit addressing keeps only the low 32 bits of addr, so the PHB
 * must not offer such a function an address above 4 GiB.
 */
void msi_set_message(PciDevice *dev, uint64_t addr, uint32_t data);
bool msi_is_masked(const PciDevice *dev, unsigned vector);
/* The Mask Bits register (0 without per-vector masking). */
uint32_t msi_get_mask(const PciDevice *dev);
bool msi_is_pending(const PciDevice *dev, unsigned vector);

/* Core hooks (pci.c): a config write landed; reset happened. */
void msi_config_written(PciDevice *dev, uint32_t offset, unsigned size, uint16_t old_flags,
                        uint32_t old_mask);

#endif
