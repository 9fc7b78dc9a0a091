/*
 * Unit tests for BARs (pci/pci-bar.c): sizing by writing all-ones for each
 * kind, and mapping/unmapping as the command register and the BARs change,
 * checked through the address-space dispatch the way CPU accesses through
 * the PHB windows would reach the device. Also BAR placement for the PHB.
 */
#include "pci-fake-host.h"

static FakeHost host;

static void setup(void)
{
    fake_classes_register();
    fake_host_init(&host);
    memset(&fake_spec, 0, sizeof(fake_spec));
}

static void teardown(void)
{
    fake_host_cleanup(&host);
}

static uint32_t bar_reg(int n)
{
    return PCI_BASE_ADDRESS_0 + 4 * (uint32_t)n;
}

/* Size one BAR as Linux does: save, write all-ones, read, restore. */
static uint32_t size_probe(int devfn, int n)
{
    uint32_t save = cfg_read(&host.bus, devfn, bar_reg(n), 4), mask;

    cfg_write(&host.bus, devfn, bar_reg(n), 4, 0xffffffff);
    mask = cfg_read(&host.bus, devfn, bar_reg(n), 4);
    cfg_write(&host.bus, devfn, bar_reg(n), 4, save);
    g_assert_cmphex(cfg_read(&host.bus, devfn, bar_reg(n), 4), ==, save);
    return mask;
}

static void test_sizing(void)
{
    PciDevice *d;

    setup();
    fake_spec.bars[0] = (FakeBarSpec){ PCI_BAR_IO, 0x20 };
    fake_spec.bars[1] = (FakeBarSpec){ PCI_BAR_MEM32, 0x1000 };
    fake_spec.bars[2] = (FakeBarSpec){ PCI_BAR_MEM32 | PCI_BAR_PREFETCH, 0x100000 };
    fake_spec.bars[3] = (FakeBarSpec){ PCI_BAR_MEM64, 0x4000 };
    d = fake_create("fake-pci,addr=0");

    /* At reset: the type bits only (I/O 1, 32-bit 0, prefetchable 8, 64-bit 4). */
    g_assert_cmphex(cfg_read(&host.bus, 0, bar_reg(0), 4), ==, 0x1);
    g_assert_cmphex(cfg_read(&host.bus, 0, bar_reg(1), 4), ==, 0x0);
    g_assert_cmphex(cfg_read(&host.bus, 0, bar_reg(2), 4), ==, 0x8);
    g_assert_cmphex(cfg_read(&host.bus, 0, bar_reg(3), 4), ==, 0x4);
    g_assert_cmphex(cfg_read(&host.bus, 0, bar_reg(4), 4), ==, 0x0);
    g_assert_cmphex(cfg_read(&host.bus, 0, bar_reg(5), 4), ==, 0x0);

    /* All-ones reads back the size mask with the read-only type bits. */
    g_assert_cmphex(size_probe(0, 0), ==, 0xffffffe1);
    g_assert_cmphex(size_probe(0, 1), ==, 0xfffff000);
    g_assert_cmphex(size_probe(0, 2), ==, 0xfff00008);
    g_assert_cmphex(size_probe(0, 3), ==, 0xffffc004);
    g_assert_cmphex(size_probe(0, 4), ==, 0xffffffff);     /* upper half: all address bits */
    g_assert_cmphex(size_probe(0, 5), ==, 0x0);            /* not implemented */

    /* Narrow writes obey the same masks. */
    cfg_write(&host.bus, 0, bar_reg(1), 1, 0xff);
    g_assert_cmphex(cfg_read(&host.bus, 0, bar_reg(1), 4), ==, 0);
    cfg_write(&host.bus, 0, bar_reg(1) + 2, 2, 0x8765);
    g_assert_cmphex(cfg_read(&host.bus, 0, bar_reg(1), 4), ==, 0x87650000);
    cfg_write(&host.bus, 0, bar_reg(0), 4, 0x12345677);
    g_assert_cmphex(cfg_read(&host.bus, 0, bar_reg(0), 4), ==, 0x12345661);
    g_assert_cmphex(pci_bar_base(d, 0), ==, 0x12345660);
    g_assert_cmphex(pci_bar_base(d, 1), ==, 0x87650000);
    g_assert_cmpuint(pci_bar_size(d, 3), ==, 0x4000);
    g_assert_cmpuint(pci_bar_size(d, 4), ==, 0);
    g_assert_cmphex(pci_bar_type(d, 2), ==, PCI_BAR_MEM32 | PCI_BAR_PREFETCH);
    teardown();

    /* A 64-bit prefetchable BAR larger than 4 GiB: the size shows in the upper half. */
    setup();
    fake_spec.bars[2] = (FakeBarSpec){ PCI_BAR_MEM64 | PCI_BAR_PREFETCH, 1ull << 33 };
    d = fake_create("fake-pci,addr=1");
    g_assert_cmphex(size_probe(8, 2), ==, 0x0000000c);
    g_assert_cmphex(size_probe(8, 3), ==, 0xfffffffe);
    cfg_write(&host.bus, 8, bar_reg(2), 4, 0xffffffff);
    cfg_write(&host.bus, 8, bar_reg(3), 4, 0xffffffff);
    g_assert_cmphex(pci_bar_base(d, 2), ==, 0xfffffffe00000000ull);
    teardown();
}

/* A 4-byte MMIO read through a space, as the CPU would do it; false if nothing answers. */
static bool mmio_read(AddressSpace *as, uint64_t addr, uint32_t *v)
{
    uint8_t b[4];

    if (address_space_read(as, addr, b, 4) != MEMTX_OK) {
        return false;
    }
    *v = pci_get_long(b);
    return true;
}

static bool mmio_write(AddressSpace *as, uint64_t addr, uint32_t v)
{
    uint8_t b[4];

    pci_set_long(b, v);
    return address_space_write(as, addr, b, 4) == MEMTX_OK;
}

static void test_mapping(void)
{
    PciDevice *d;
    FakeDev *f;
    uint32_t v = 0;

    setup();
    fake_spec.bars[0] = (FakeBarSpec){ PCI_BAR_IO, 0x20 };
    fake_spec.bars[1] = (FakeBarSpec){ PCI_BAR_MEM32, 0x1000 };
    fake_spec.bars[2] = (FakeBarSpec){ PCI_BAR_MEM64 | PCI_BAR_PREFETCH, 0x10000 };
    d = fake_create("fake-pci,addr=2");
    f = (FakeDev *)d;
    f->regs[1][1] = 0xcafef00d;

    /* Programmed but not decoding: nothing answers. */
    cfg_write(&host.bus, 16, bar_reg(1), 4, 0x80002000);
    g_assert_false(mmio_read(&host.mem_as, 0x80002004, &v));
    g_assert_cmphex(pci_bar_mapped_address(d, 1), ==, PCI_BAR_UNMAPPED);

    /* Memory Space enable maps it: reads and writes reach the device's registers. */
    cfg_write(&host.bus, 16, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    g_assert_true(mmio_read(&host.mem_as, 0x80002004, &v));
    g_assert_cmphex(v, ==, 0xcafef00d);
    g_assert_true(mmio_write(&host.mem_as, 0x80002008, 0x11223344));
    g_assert_cmphex(f->regs[1][2], ==, 0x11223344);
    g_assert_cmphex(pci_bar_mapped_address(d, 1), ==, 0x80002000);
    g_assert_true(memory_region_subregion_at(&host.mem, 0x80002000) == &f->mr[1]);
    /* The I/O BAR (base 0) stays out of I/O space while I/O decoding is off. */
    g_assert_false(mmio_read(&host.io_as, 0, &v));
    /* The 64-bit BAR is still at 0: with Memory Space on, it decodes there. */
    g_assert_cmphex(pci_bar_mapped_address(d, 2), ==, 0);

    /* Moving the BAR while decoding: the old address goes dead, the new one answers. */
    cfg_write(&host.bus, 16, bar_reg(1), 4, 0x90000000);
    g_assert_false(mmio_read(&host.mem_as, 0x80002004, &v));
    g_assert_true(mmio_read(&host.mem_as, 0x90000004, &v));
    g_assert_cmphex(v, ==, 0xcafef00d);

    /* The 64-bit BAR above 4 GiB, written low half first as Linux does. */
    cfg_write(&host.bus, 16, bar_reg(2), 4, 0x00010000);
    cfg_write(&host.bus, 16, bar_reg(3), 4, 0x21);
    g_assert_cmphex(pci_bar_mapped_address(d, 2), ==, 0x2100010000ull);
    f->regs[2][0] = 0x64646464;
    g_assert_true(mmio_read(&host.mem_as, 0x2100010000ull, &v));
    g_assert_cmphex(v, ==, 0x64646464);

    /* I/O Space enable maps the I/O BAR in I/O space, not in memory space. */
    cfg_write(&host.bus, 16, bar_reg(0), 4, 0x1000);
    cfg_write(&host.bus, 16, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
    f->regs[0][3] = 0x10;
    g_assert_true(mmio_read(&host.io_as, 0x100c, &v));
    g_assert_cmphex(v, ==, 0x10);
    g_assert_false(mmio_read(&host.mem_as, 0x100c, &v));

    /* Memory Space off: both memory BARs go, the I/O BAR stays. */
    cfg_write(&host.bus, 16, PCI_COMMAND, 2, PCI_COMMAND_IO);
    g_assert_false(mmio_read(&host.mem_as, 0x90000004, &v));
    g_assert_false(mmio_read(&host.mem_as, 0x2100010000ull, &v));
    g_assert_null(memory_region_subregion_at(&host.mem, 0x90000000));
    g_assert_true(mmio_read(&host.io_as, 0x100c, &v));
    /* ...and come back where they were. */
    cfg_write(&host.bus, 16, PCI_COMMAND, 2, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
    g_assert_true(mmio_read(&host.mem_as, 0x90000004, &v));
    g_assert_true(mmio_read(&host.mem_as, 0x2100010004ull, &v));

    /* Sizing while decoding: all-ones is not an address, so the BAR does not decode. */
    cfg_write(&host.bus, 16, bar_reg(1), 4, 0xffffffff);
    g_assert_cmphex(pci_bar_mapped_address(d, 1), ==, PCI_BAR_UNMAPPED);
    g_assert_false(mmio_read(&host.mem_as, 0xfffff000, &v));
    cfg_write(&host.bus, 16, bar_reg(2), 4, 0xffffffff);
    cfg_write(&host.bus, 16, bar_reg(3), 4, 0xffffffff);
    g_assert_cmphex(pci_bar_mapped_address(d, 2), ==, PCI_BAR_UNMAPPED);
    cfg_write(&host.bus, 16, bar_reg(0), 4, 0xffffffff);
    g_assert_cmphex(pci_bar_mapped_address(d, 0), ==, PCI_BAR_UNMAPPED);
    g_assert_false(mmio_read(&host.io_as, 0x100c, &v));

    /* Firmware-style assignment goes through the same masks and mapping. */
    pci_bar_set_base(d, 1, 0xa0000123);
    g_assert_cmphex(pci_bar_base(d, 1), ==, 0xa0000000);
    g_assert_cmphex(cfg_read(&host.bus, 16, bar_reg(1), 4), ==, 0xa0000000);
    g_assert_true(mmio_read(&host.mem_as, 0xa0000004, &v));
    pci_bar_set_base(d, 2, 0x3000000000ull);
    g_assert_cmphex(cfg_read(&host.bus, 16, bar_reg(3), 4), ==, 0x30);
    g_assert_cmphex(cfg_read(&host.bus, 16, bar_reg(2), 4), ==, 0x0c);
    g_assert_cmphex(pci_bar_mapped_address(d, 2), ==, 0x3000000000ull);

    /* Unplugging the function takes its BARs out of the spaces. */
    device_destroy(&d->dev);
    g_assert_false(mmio_read(&host.mem_as, 0xa0000004, &v));
    g_assert_null(memory_region_subregion_at(&host.mem, 0x3000000000ull));
    teardown();
}

static void test_find_free_range(void)
{
    PciDevice *a, *b;
    uint64_t addr = 0;

    setup();
    fake_spec.bars[0] = (FakeBarSpec){ PCI_BAR_MEM32, 0x1000 };
    fake_spec.bars[1] = (FakeBarSpec){ PCI_BAR_IO, 0x100 };
    a = fake_create("fake-pci,addr=0");
    b = fake_create("fake-pci,addr=1");
    /* a: assigned, not decoding. b: assigned and decoding right after it. */
    pci_bar_set_base(a, 0, 0x80000000);
    pci_bar_set_base(b, 0, 0x80001000);
    pci_bar_set_base(a, 1, 0x1000);
    cfg_write(&host.bus, 8, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    g_assert_cmphex(pci_bar_mapped_address(a, 0), ==, PCI_BAR_UNMAPPED);
    g_assert_cmphex(pci_bar_mapped_address(b, 0), ==, 0x80001000);

    g_assert_true(pci_bus_find_free_range(&host.bus, false, 0x80000000, 0x80000000, 0x1000,
                                          &addr));
    g_assert_cmphex(addr, ==, 0x80002000);
    /* Aligned to its size. */
    g_assert_true(pci_bus_find_free_range(&host.bus, false, 0x80000000, 0x80000000, 0x10000,
                                          &addr));
    g_assert_cmphex(addr, ==, 0x80010000);
    g_assert_false(pci_bus_find_free_range(&host.bus, false, 0x80000000, 0x2000, 0x1000, &addr));
    /* I/O space: b's I/O BAR is still 0 (unassigned), a's holds 0x1000. */
    g_assert_true(pci_bus_find_free_range(&host.bus, true, 0x1000, 0x10000, 0x100, &addr));
    g_assert_cmphex(addr, ==, 0x1100);
    teardown();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pci/bar/sizing", test_sizing);
    g_test_add_func("/pci/bar/mapping", test_mapping);
    g_test_add_func("/pci/bar/find-free-range", test_find_free_range);
    return g_test_run();
}
