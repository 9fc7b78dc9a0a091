/*
 * Capability lists (PCI Local Bus 3.0, 6.7; PCIe Base 4.0, 7.6).
 *
 * The standard list starts at the Capabilities Pointer (0x34) and lives in
 * 0x40-0xff, each entry a dword-aligned ID byte and next-pointer byte
 * (0 ends it); Status.Capabilities List says it exists. The extended list
 * of a PCI Express function starts at 0x100 with 32-bit headers (ID,
 * version, next offset); an all-zero header at 0x100 means "none". New
 * entries go at the end of their list, so the chain follows the order the
 * device adds them. Every capability byte is read-only unless its owner
 * opens it.
 */
#include "pci/pci-internal.h"

#include <string.h>

/* Guards against a looping list (never made here, but cheap to refuse). */
#define CAP_WALK_MAX 64

static bool range_free(const PciDevice *dev, uint32_t offset, uint32_t size)
{
    for (uint32_t i = 0; i < size; i++) {
        if (dev->cap_used[offset + i]) {
            return false;
        }
    }
    return true;
}

static void claim(PciDevice *dev, uint32_t offset, uint32_t size)
{
    /* Whole dwords: the next capability starts dword-aligned anyway. */
    uint32_t end = MIN((offset + size + 3) & ~3u, dev->config_size);
    memset(dev->cap_used + offset, 1, end - offset);
    memset(dev->config + offset, 0, end - offset);
}

uint8_t pci_add_capability(PciDevice *dev, uint8_t cap_id, uint8_t offset, uint8_t size,
                           Error **errp)
{
    uint8_t last = 0, next;
    int steps = 0;

    if (size < 2) {
        error_setg(errp, "%s: capability 0x%02x: size %u is too small", pci_dev_name(dev),
                   cap_id, size);
        return 0;
    }
    if (offset == 0) {
        for (uint32_t o = PCI_CONFIG_HEADER_SIZE; o + size <= PCI_CONFIG_SPACE_SIZE; o += 4) {
            if (range_free(dev, o, size)) {
                offset = (uint8_t)o;
                break;
            }
        }
        if (offset == 0) {
            error_setg(errp, "%s: no room for capability 0x%02x (%u bytes) in config space",
                       pci_dev_name(dev), cap_id, size);
            return 0;
        }
    } else if (offset < PCI_CONFIG_HEADER_SIZE || offset % 4 ||
               offset + size > PCI_CONFIG_SPACE_SIZE || !range_free(dev, offset, size)) {
        error_setg(errp, "%s: capability 0x%02x cannot go at 0x%02x: it must be dword aligned "
                   "in 0x40-0xff and not overlap another", pci_dev_name(dev), cap_id, offset);
        return 0;
    }
    claim(dev, offset, size);
    dev->config[offset + PCI_CAP_LIST_ID] = cap_id;
    dev->config[offset + PCI_CAP_LIST_NEXT] = 0;

    /* Append: find the entry whose next pointer is 0. */
    next = dev->config[PCI_CAPABILITY_LIST];
    while (next && steps++ < CAP_WALK_MAX) {
        last = next;
        next = dev->config[last + PCI_CAP_LIST_NEXT];
    }
    if (last) {
        dev->config[last + PCI_CAP_LIST_NEXT] = offset;
    } else {
        dev->config[PCI_CAPABILITY_LIST] = offset;
    }
    dev->config[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
    return offset;
}

uint8_t pci_find_capability(const PciDevice *dev, uint8_t cap_id)
{
    uint8_t pos = dev->config[PCI_CAPABILITY_LIST] & ~3;

    if (!(dev->config[PCI_STATUS] & PCI_STATUS_CAP_LIST)) {
        return 0;
    }
    for (int steps = 0; pos >= PCI_CONFIG_HEADER_SIZE && steps < CAP_WALK_MAX; steps++) {
        if (dev->config[pos + PCI_CAP_LIST_ID] == cap_id) {
            return pos;
        }
        pos = dev->config[pos + PCI_CAP_LIST_NEXT] & ~3;
    }
    return 0;
}

bool pcie_add_ext_capability(PciDevice *dev, uint16_t cap_id, uint8_t version, uint16_t offset,
                             uint16_t size, Error **errp)
{
    uint16_t pos = PCI_EXT_CAP_START;
    uint32_t hdr;

    if (!pci_is_express(dev)) {
        error_setg(errp, "%s: extended capabilities need a PCI Express device", pci_dev_name(dev));
        return false;
    }
    if (offset < PCI_EXT_CAP_START || offset % 4 || size < 4 ||
        (uint32_t)offset + size > dev->config_size || !range_free(dev, offset, size) ||
        version > 0xf) {
        error_setg(errp, "%s: extended capability 0x%04x cannot go at 0x%03x: it must be dword "
                   "aligned in 0x100-0xfff and not overlap another", pci_dev_name(dev), cap_id,
                   offset);
        return false;
    }
    /* The list starts at 0x100 by definition, so the first entry must be there. */
    if (!dev->cap_used[PCI_EXT_CAP_START] && offset != PCI_EXT_CAP_START) {
        error_setg(errp, "%s: the first extended capability must be at 0x100", pci_dev_name(dev));
        return false;
    }
    hdr = pci_get_long(dev->config + PCI_EXT_CAP_START);
    claim(dev, offset, size);
    pci_set_long(dev->config + offset, PCI_EXT_CAP(cap_id, version, 0));
    if (offset == PCI_EXT_CAP_START) {
        return true;
    }
    for (int steps = 0; PCI_EXT_CAP_NEXT(hdr) && steps < CAP_WALK_MAX; steps++) {
        pos = PCI_EXT_CAP_NEXT(hdr);
        hdr = pci_get_long(dev->config + pos);
    }
    pci_set_long(dev->config + pos, hdr | (uint32_t)offset << 20);
    return true;
}

uint16_t pcie_find_ext_capability(const PciDevice *dev, uint16_t cap_id)
{
    uint16_t pos = PCI_EXT_CAP_START;

    if (!pci_is_express(dev)) {
        return 0;
    }
    for (int steps = 0; pos >= PCI_EXT_CAP_START && steps < CAP_WALK_MAX; steps++) {
        uint32_t hdr = pci_get_long(dev->config + pos);
        if (hdr == 0) {
            return 0;
        }
        if (PCI_EXT_CAP_ID(hdr) == cap_id) {
            return pos;
        }
        pos = PCI_EXT_CAP_NEXT(hdr);
    }
    return 0;
}
