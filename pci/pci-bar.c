/*
 * Base Address Registers (PCI Local Bus 3.0, 6.2.5.1): decoding and mapping.
 *
 * A BAR's low bits are read-only type bits (bit 0: I/O; memory bits 2:1 =
 * 00 32-bit or 10 64-bit, bit 3 prefetchable) and its address bits below the
 * size are read-only 0, so writing all-ones reads back the size mask: that
 * is how software sizes it. A 64-bit BAR takes two registers, the upper one
 * fully writable for its address bits. The BAR's region is mapped into the
 * bus's I/O or memory space while Command enables that space and the base is
 * a usable address; the rules for "usable" are QEMU's: the range must not
 * wrap, a 32-bit BAR (and I/O) must end below 0xffffffff, and an all-ones
 * 64-bit base is the sizing pattern, not an address.
 */
#include "pci/pci-internal.h"

static uint32_t bar_offset(int n)
{
    return PCI_BASE_ADDRESS_0 + 4 * (uint32_t)n;
}

static bool bar_is_io(const PciBar *bar)
{
    return bar->type & PCI_BAR_IO;
}

static bool bar_is_64(const PciBar *bar)
{
    return !bar_is_io(bar) && (bar->type & PCI_BAR_MEM64);
}

void pci_register_bar(PciDevice *dev, int n, uint8_t type, MemoryRegion *mr)
{
    PciBar *bar;
    uint64_t size = mr->size;
    uint64_t wmask = ~(size - 1);
    uint32_t off = bar_offset(n);
    bool io = type & PCI_BAR_IO;
    bool is64 = !io && (type & PCI_BAR_MEM64);

    /* Device-model bugs, not guest input: stop loudly. */
    g_assert(n >= 0 && n < PCI_NUM_BARS && (!is64 || n + 1 < PCI_NUM_BARS));
    g_assert(dev->bars[n].size == 0 && (!is64 || dev->bars[n + 1].size == 0));
    g_assert(size && (size & (size - 1)) == 0);
    g_assert(io ? (type == PCI_BAR_IO && size >= 4 && size <= 256)
                : (size >= 16 && (is64 || size <= (1ull << 31))));
    g_assert(!(type & 0x02) && (io || !(type & ~(PCI_BAR_MEM64 | PCI_BAR_PREFETCH))));

    bar = &dev->bars[n];
    bar->size = size;
    bar->type = type;
    bar->mr = mr;
    bar->addr = PCI_BAR_UNMAPPED;

    /* The type bits (1:0 for I/O, 3:0 for memory) are read-only. */
    wmask &= ~(uint64_t)(io ? 0x3 : 0xf);
    if (is64) {
        pci_set_quad(dev->config + off, type);
        pci_set_quad(dev->wmask + off, wmask);
        /* The upper register belongs to this BAR: it has no size of its own. */
    } else {
        pci_set_long(dev->config + off, type);
        pci_set_long(dev->wmask + off, (uint32_t)wmask);
    }
}

uint64_t pci_bar_base(const PciDevice *dev, int n)
{
    const PciBar *bar = &dev->bars[n];
    uint32_t off = bar_offset(n);

    if (!bar->size) {
        return 0;
    }
    if (bar_is_io(bar)) {
        return pci_get_long(dev->config + off) & PCI_BASE_ADDRESS_IO_MASK;
    }
    if (bar_is_64(bar)) {
        return pci_get_quad(dev->config + off) & ~(uint64_t)0xf;
    }
    return pci_get_long(dev->config + off) & PCI_BASE_ADDRESS_MEM_MASK;
}

uint64_t pci_bar_mapped_address(const PciDevice *dev, int n)
{
    return dev->bars[n].size ? dev->bars[n].addr : PCI_BAR_UNMAPPED;
}

/* Where BAR n should decode given config space now, or PCI_BAR_UNMAPPED. */
static uint64_t bar_decode_address(const PciDevice *dev, int n)
{
    const PciBar *bar = &dev->bars[n];
    uint16_t cmd = pci_get_word(dev->config + PCI_COMMAND);
    uint64_t base = pci_bar_base(dev, n) & ~(bar->size - 1);
    uint64_t last = base + bar->size - 1;

    if (!(cmd & (bar_is_io(bar) ? PCI_COMMAND_IO : PCI_COMMAND_MEMORY))) {
        return PCI_BAR_UNMAPPED;
    }
    if (last < base || last == UINT64_MAX) {
        return PCI_BAR_UNMAPPED;
    }
    if (!bar_is_64(bar) && last >= UINT32_MAX) {
        return PCI_BAR_UNMAPPED;
    }
    return base;
}

void pci_update_mappings(PciDevice *dev)
{
    PciBus *bus = dev->bus;

    memory_region_transaction_begin();
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        PciBar *bar = &dev->bars[n];
        MemoryRegion *space;
        uint64_t addr;

        if (!bar->size) {
            continue;
        }
        space = bus ? (bar_is_io(bar) ? bus->io_space : bus->mem_space) : NULL;
        addr = space ? bar_decode_address(dev, n) : PCI_BAR_UNMAPPED;
        if (addr == bar->addr) {
            continue;
        }
        if (bar->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(bar->mr->parent, bar->mr);
        }
        bar->addr = addr;
        if (addr != PCI_BAR_UNMAPPED) {
            /* Priority 1: a BAR wins over whatever the host put at the bottom of the space. */
            memory_region_add_subregion_overlap(space, addr, bar->mr, 1);
        }
    }
    memory_region_transaction_commit();
}

void pci_bar_set_base(PciDevice *dev, int n, uint64_t base)
{
    PciBar *bar = &dev->bars[n];
    uint32_t off = bar_offset(n);
    unsigned bytes = bar_is_64(bar) ? 8 : 4;

    if (!bar->size) {
        return;
    }
    for (unsigned i = 0; i < bytes; i++) {
        uint8_t m = dev->wmask[off + i];
        dev->config[off + i] = (uint8_t)((dev->config[off + i] & ~m) | ((base >> (8 * i)) & m));
    }
    pci_update_mappings(dev);
}
