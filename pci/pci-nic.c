/*
 * -nic requests turned into PCI NICs (see pci-nic.h). The NIC is created
 * through the same path as -device MODEL,mac=...,netdev=..., so it gets the
 * same checks and the same `info qtree` / `info network` lines.
 */
#include "pci/pci-nic.h"

#include <string.h>

#include "core/net.h"

/* The PCI NIC models -nic model= can name. */
static const char *const pci_nic_models[] = { "e1000" };

bool pci_nic_model_known(const char *model)
{
    for (size_t i = 0; model && i < G_N_ELEMENTS(pci_nic_models); i++) {
        if (!strcmp(model, pci_nic_models[i])) {
            return true;
        }
    }
    return false;
}

static bool create_one(PciBus *bus, NetNicRequest *r, Error **errp)
{
    const uint8_t *m = r->mac;
    char mac[18];
    Device *dev = device_new(r->model, NULL, errp);

    if (!dev) {
        return false;
    }
    g_snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
               m[5]);
    if (!device_set_prop(dev, "mac", mac, errp) ||
        (r->netdev && !device_set_prop(dev, "netdev", r->netdev, errp))) {
        device_destroy(dev);
        return false;
    }
    return device_realize_and_plug(dev, &bus->bus, false, errp);
}

bool pci_nic_create_requested(PciBus *bus, Error **errp)
{
    for (size_t i = 0; i < net_nic_request_count(); i++) {
        NetNicRequest *r = net_nic_request(i);

        if (r->claimed || !pci_nic_model_known(r->model)) {
            continue;
        }
        if (!create_one(bus, r, errp)) {
            error_prepend(errp, "-nic model=%s: ", r->model);
            return false;
        }
        r->claimed = true;
    }
    return true;
}
