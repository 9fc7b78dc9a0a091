/*
 * pci-testdev: a PCI Express test function for ppc64-lite's own tests
 * (`-device pci-testdev[,addr=S.F][,vectors=N][,membar=SIZE]`). It has a BAR
 * of every kind, MSI and MSI-X, an INTx pin, FLR, and a DMA engine that
 * copies guest memory to guest memory through pci_dma_*, so a test can see
 * TCE translation and its errors from the device's side.
 *
 *   BAR0  32-bit memory, 4 KiB: the registers below (little-endian, 4 or 8
 *         bytes wide accesses)
 *   BAR1  I/O, 64 bytes: registers 0x00-0x3f again
 *   BAR2  64-bit memory: the MSI-X table (0) and PBA (upper half)
 *   BAR4  64-bit prefetchable memory, `membar` bytes of RAM (default 1 MiB)
 *
 * Config: vendor 1234 device 7e57, class ff0000 (unassigned), pin INTA,
 * MSI (4 vectors, 64-bit, maskable), MSI-X (`vectors`, default 4), PCI
 * Express endpoint capability with FLR.
 */
#ifndef PCI_PCI_TESTDEV_H
#define PCI_PCI_TESTDEV_H

#include "pci/pci.h"

#include "pci/pci-testdev-regs.h"

void pci_testdev_register(void);

#endif
