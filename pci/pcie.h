/*
 * The PCI Express capability of an endpoint (PCIe Base 4.0, 7.5.3), version
 * 2: a x1 2.5 GT/s link that is always up, role-based error reporting, and
 * optionally Function Level Reset. Device Control's error-reporting, relaxed
 * ordering, payload, read-request and no-snoop fields are writable; Device
 * Status' error bits are write-1-to-clear; the slot and root registers are
 * reserved for an endpoint and read 0.
 */
#ifndef PCI_PCIE_H
#define PCI_PCIE_H

#include "pci/pci.h"

/*
 * Add the capability at offset (0: anywhere free) to a PCI Express device
 * (PciDeviceClass.is_express). type is PCI_EXP_TYPE_ENDPOINT or
 * PCI_EXP_TYPE_RC_END. flr offers Function Level Reset: writing Initiate
 * FLR resets the function (pci_device_reset) and the bit reads 0.
 */
bool pcie_cap_init(PciDevice *dev, uint8_t offset, uint8_t type, bool flr, Error **errp);

/* Core hook (pci.c): Initiate FLR written. Returns true if the function was reset. */
bool pcie_config_written(PciDevice *dev, uint32_t offset, unsigned size);

#endif
