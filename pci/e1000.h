/*
 * -device e1000: an Intel 82540EM Gigabit Ethernet controller (8086:100e,
 * subsystem 1af4:1100, class 020000), complete for Linux's e1000 driver.
 *
 *   BAR0  32-bit memory, 128 KiB: the registers (pci/e1000-regs.h)
 *   BAR1  I/O, 64 bytes: IOADDR (0x00) selects a register, IODATA (0x04) reaches it
 *   INTA  level, from ICR & IMS, throttled by ITR; no MSI, as the real part
 *
 * Properties: mac= (default: the net layer's next 52:54:00:12:34:xx) and
 * netdev= (the -netdev back end it is cabled to; none: no peer, link up).
 *
 * What is modelled: the Microwire EEPROM (bit-banged through EECD, and
 * EERD) holding the MAC address and a valid checksum; the internal PHY
 * through MDIC with auto-negotiation to 1000/full on the virtual clock;
 * interrupt causes and masks; the TX ring with legacy, context and data
 * descriptors, IP/TCP/UDP checksum insertion and TCP segmentation; the RX
 * ring with address/multicast/VLAN filtering, VLAN stripping, checksum
 * checks and frames spanning descriptors; the statistics counters; MAC and
 * PHY loopback; MAC (CTRL.RST) and PHY (CTRL.PHY_RST) resets.
 *
 * Timing: transmission happens when TDT is written, reception when the
 * back end delivers. Of the interrupt delay registers only ITR is honoured
 * (a minimum interval between INTx assertions); TIDV, TADV, RDTR and RADV
 * are stored. A DMA the IOMMU refuses drops the frame (logged under -d
 * guest_errors); a descriptor that cannot be fetched stops the ring there.
 */
#ifndef PCI_E1000_H
#define PCI_E1000_H

#include <stdbool.h>

#include "pci/pci.h"

void e1000_register(void);

/* Plug (up) or pull the cable, as QEMU's set_link does: a link change the guest sees. */
void e1000_set_link(PciDevice *dev, bool up);

#endif
