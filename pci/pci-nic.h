/*
 * PCI NICs the command line asked for with -nic (net_nic_request*): the
 * machine calls pci_nic_create_requested() once its first PCI bus exists,
 * as QEMU's pseries creates -nic NICs on PHB 0.
 */
#ifndef PCI_PCI_NIC_H
#define PCI_PCI_NIC_H

#include <stdbool.h>

#include "core/error.h"
#include "pci/pci-bus.h"

/*
 * Create a NIC on bus for every unclaimed -nic request whose model is a PCI
 * NIC model ("e1000"), cabled to the request's back end with its MAC, and
 * mark the request claimed. Requests without a model are the machine's to
 * decide (pseries' default NIC is not a PCI one); other models stay
 * unclaimed, which net_check_clients() reports. False with errp set if a NIC
 * cannot be created (e.g. the bus is full).
 */
bool pci_nic_create_requested(PciBus *bus, Error **errp);

/* Whether model names a PCI NIC model -nic can create. */
bool pci_nic_model_known(const char *model);

#endif
