/*
 * The PCI Express capability of an endpoint (PCIe Base 4.0, 7.5.3; see
 * pcie.h). Reset values follow the spec: Device Control has Relaxed
 * Ordering and No Snoop enabled and a 512-byte Max Read Request; the link
 * reports x1 at 2.5 GT/s, trained. Function Level Reset (6.6.2) resets the
 * function through the core; Initiate FLR always reads 0.
 */
#include "pci/pcie.h"

#include "pci/pci-internal.h"

#define DEVCTL_RESET (PCI_EXP_DEVCTL_RELAX_EN | PCI_EXP_DEVCTL_NOSNOOP_EN | (2u << 12))

bool pcie_cap_init(PciDevice *dev, uint8_t offset, uint8_t type, bool flr, Error **errp)
{
    uint8_t cap;
    uint16_t devctl_w = PCI_EXP_DEVCTL_CERE | PCI_EXP_DEVCTL_NFERE | PCI_EXP_DEVCTL_FERE |
                        PCI_EXP_DEVCTL_URRE | PCI_EXP_DEVCTL_RELAX_EN | PCI_EXP_DEVCTL_PAYLOAD |
                        PCI_EXP_DEVCTL_NOSNOOP_EN | PCI_EXP_DEVCTL_READRQ;

    if (!pci_is_express(dev)) {
        error_setg(errp, "%s: the PCI Express capability needs a PCI Express device",
                   pci_dev_name(dev));
        return false;
    }
    if (type != PCI_EXP_TYPE_ENDPOINT && type != PCI_EXP_TYPE_RC_END) {
        error_setg(errp, "%s: only endpoints are modelled (port type %u)", pci_dev_name(dev),
                   type);
        return false;
    }
    cap = pci_add_capability(dev, PCI_CAP_ID_EXP, offset, PCI_EXP_CAP_SIZE, errp);
    if (!cap) {
        return false;
    }
    dev->exp_cap = cap;
    pci_set_word(dev->config + cap + PCI_EXP_FLAGS, (uint16_t)(2 | type << 4));
    pci_set_long(dev->config + cap + PCI_EXP_DEVCAP,
                 PCI_EXP_DEVCAP_RBER | (flr ? PCI_EXP_DEVCAP_FLR : 0));
    pci_set_word(dev->config + cap + PCI_EXP_DEVCTL, DEVCTL_RESET);
    pci_config_set_wmask(dev, cap + PCI_EXP_DEVCTL, 2,
                         devctl_w | (flr ? PCI_EXP_DEVCTL_BCR_FLR : 0));
    pci_config_set_w1cmask(dev, cap + PCI_EXP_DEVSTA, 2,
                           PCI_EXP_DEVSTA_CED | PCI_EXP_DEVSTA_NFED | PCI_EXP_DEVSTA_FED |
                           PCI_EXP_DEVSTA_URD);
    if (type == PCI_EXP_TYPE_ENDPOINT) {
        /* An integrated endpoint has no link; a plain one has a trained x1 link. */
        pci_set_long(dev->config + cap + PCI_EXP_LNKCAP,
                     PCI_EXP_LNK_SPEED_2_5GT | PCI_EXP_LNK_WIDTH_X1 << 4);
        pci_config_set_wmask(dev, cap + PCI_EXP_LNKCTL, 2,
                             PCI_EXP_LNKCTL_RCB | PCI_EXP_LNKCTL_CCC | PCI_EXP_LNKCTL_ES);
        pci_set_word(dev->config + cap + PCI_EXP_LNKSTA,
                     PCI_EXP_LNK_SPEED_2_5GT | PCI_EXP_LNK_WIDTH_X1 << 4);
        /* Supported Link Speeds Vector: bit 1 = 2.5 GT/s; Target Link Speed likewise. */
        pci_set_long(dev->config + cap + PCI_EXP_LNKCAP2, 1u << PCI_EXP_LNK_SPEED_2_5GT);
        pci_set_word(dev->config + cap + PCI_EXP_LNKCTL2, PCI_EXP_LNK_SPEED_2_5GT);
    }
    return true;
}

bool pcie_config_written(PciDevice *dev, uint32_t offset, unsigned size)
{
    uint32_t devctl = dev->exp_cap + PCI_EXP_DEVCTL;

    if (!pci_ranges_overlap(offset, size, devctl, 2) ||
        !(pci_get_word(dev->config + devctl) & PCI_EXP_DEVCTL_BCR_FLR)) {
        return false;
    }
    pci_device_reset(dev);
    return true;
}
