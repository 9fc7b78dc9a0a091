/*
 * Unit tests for pci-testdev (pci/pci-testdev.c) on the fake host: created
 * from an option string like -device, its config space and BARs, and its
 * DMA engine: copies through the host's IOMMU, every failure reported in
 * the device's status (never touching memory it may not), and completion
 * interrupts by INTx, MSI and MSI-X.
 */
#include "pci-fake-host.h"
#include "pci/pci-testdev.h"

static FakeHost host;

#define REGS 0x80000000ull
#define IO 0x1000ull
#define MSIX 0x100000000ull
#define RAM 0x200000000ull

static void setup(void)
{
    pci_register_types();
    fake_classes_register();
    fake_host_init(&host);
}

static void teardown(void)
{
    fake_host_cleanup(&host);
}

static void wr64(AddressSpace *as, uint64_t addr, uint64_t v)
{
    uint8_t b[8];
    pci_set_quad(b, v);
    g_assert_cmpint(address_space_write(as, addr, b, 8), ==, MEMTX_OK);
}

static uint32_t reg(uint32_t off)
{
    return mmio_rd32(&host.mem_as, REGS + off);
}

static void set_reg(uint32_t off, uint32_t v)
{
    mmio_wr32(&host.mem_as, REGS + off, v);
}

/* A pci-testdev at slot 2, its BARs programmed, decoding, bus master. */
static PciDevice *testdev(const char *extra)
{
    char *opts = g_strdup_printf("pci-testdev,addr=2,id=t0%s", extra);
    PciDevice *d = fake_create(opts);
    int devfn = PCI_DEVFN(2, 0);

    g_free(opts);
    cfg_write(&host.bus, devfn, PCI_BASE_ADDRESS_0, 4, (uint32_t)REGS);
    cfg_write(&host.bus, devfn, PCI_BASE_ADDRESS_0 + 4, 4, (uint32_t)IO);
    cfg_write(&host.bus, devfn, PCI_BASE_ADDRESS_0 + 8, 4, (uint32_t)MSIX);
    cfg_write(&host.bus, devfn, PCI_BASE_ADDRESS_0 + 12, 4, (uint32_t)(MSIX >> 32));
    cfg_write(&host.bus, devfn, PCI_BASE_ADDRESS_0 + 16, 4, (uint32_t)RAM);
    cfg_write(&host.bus, devfn, PCI_BASE_ADDRESS_0 + 20, 4, (uint32_t)(RAM >> 32));
    cfg_write(&host.bus, devfn, PCI_COMMAND, 2,
              PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    return d;
}

static void test_config_and_bars(void)
{
    const DeviceClass *dc;
    PciDevice *d;
    GString *out = g_string_new(NULL);
    uint8_t *ram;

    setup();
    dc = device_class_find("pci-testdev");
    g_assert_nonnull(dc);
    g_assert_true(dc->user_creatable);
    g_assert_true(dc->hotpluggable);
    d = testdev("");
    g_assert_cmphex(cfg_read(&host.bus, 16, PCI_VENDOR_ID, 4), ==, 0x7e571234);
    g_assert_cmphex(cfg_read(&host.bus, 16, PCI_REVISION_ID, 4), ==, 0xff000001);
    g_assert_true(pci_is_express(d));
    /* Capabilities in the order added: PCI Express, MSI, MSI-X. */
    g_assert_cmphex(cfg_read(&host.bus, 16, PCI_CAPABILITY_LIST, 1), ==, d->exp_cap);
    g_assert_cmphex(cfg_read(&host.bus, 16, d->exp_cap + 1, 1), ==, d->msi.cap);
    g_assert_cmphex(cfg_read(&host.bus, 16, d->msi.cap + 1, 1), ==, d->msix.cap);
    g_assert_cmphex(cfg_read(&host.bus, 16, d->msix.cap + 1, 1), ==, 0);
    g_assert_cmpuint(msi_nr_vectors(d), ==, 4);
    g_assert_cmpuint(msix_nr_vectors(d), ==, 4);
    g_assert_cmphex(cfg_read(&host.bus, 16, d->exp_cap + PCI_EXP_DEVCAP, 4) & PCI_EXP_DEVCAP_FLR,
                    !=, 0);

    /* Every BAR kind, decoding where the test put it. */
    g_assert_cmphex(pci_bar_type(d, 0), ==, PCI_BAR_MEM32);
    g_assert_cmphex(pci_bar_type(d, 1), ==, PCI_BAR_IO);
    g_assert_cmphex(pci_bar_type(d, 2), ==, PCI_BAR_MEM64);
    g_assert_cmphex(pci_bar_type(d, 4), ==, PCI_BAR_MEM64 | PCI_BAR_PREFETCH);
    g_assert_cmpuint(pci_bar_size(d, 4), ==, 1 << 20);
    g_assert_cmphex(pci_bar_mapped_address(d, 4), ==, RAM);
    g_assert_cmphex(reg(TESTDEV_ID), ==, PCI_TESTDEV_MAGIC);
    /* The I/O BAR shows the same registers. */
    g_assert_cmphex(mmio_rd32(&host.io_as, IO + TESTDEV_ID), ==, PCI_TESTDEV_MAGIC);
    mmio_wr32(&host.io_as, IO + TESTDEV_SCRATCH, 0x600d);
    g_assert_cmphex(reg(TESTDEV_SCRATCH), ==, 0x600d);
    /* BAR4 is memory. */
    wr64(&host.mem_as, RAM + 0xffff8, 0x0123456789abcdefull);
    ram = address_space_ram_ptr(&host.mem_as, RAM, 1 << 20);
    g_assert_nonnull(ram);
    g_assert_cmphex(pci_get_quad(ram + 0xffff8), ==, 0x0123456789abcdefull);
    /* MSI-X table in BAR2, vectors masked at reset. */
    g_assert_cmphex(mmio_rd32(&host.mem_as, MSIX + PCI_MSIX_ENTRY_CTRL), ==, 1);

    pci_bus_print_info(&host.bus, out);
    g_assert_cmpstr(out->str, ==,
        "  Bus  0, device   2, function 0:\n"
        "    Class 65280: PCI device 1234:7e57\n"
        "      PCI subsystem 1af4:1100\n"
        "      IRQ 0, pin A\n"
        "      BAR0: 32 bit memory at 0x80000000 [0x80000fff].\n"
        "      BAR1: I/O at 0x1000 [0x103f].\n"
        "      BAR2: 64 bit memory at 0x100000000 [0x100000fff].\n"
        "      BAR4: 64 bit prefetchable memory at 0x200000000 [0x2000fffff].\n"
        "      id \"t0\"\n");
    g_string_free(out, TRUE);
    teardown();
}

static void test_bad_properties(void)
{
    char *msg;
    PciDevice *d;

    setup();
    msg = fake_create_fails("pci-testdev,vectors=0");
    g_assert_cmpstr(msg, ==, "pci-testdev: vectors must be 1 to 2048, not 0");
    g_free(msg);
    msg = fake_create_fails("pci-testdev,membar=3000");
    g_assert_cmpstr(msg, ==, "pci-testdev: membar must be 0 or a power of two from 4K to 1G, "
                    "not 3000");
    g_free(msg);
    msg = fake_create_fails("pci-testdev,membar=2G");
    g_assert_nonnull(strstr(msg, "membar"));
    g_free(msg);
    msg = fake_create_fails("pci-testdev,vectors=lots");
    g_assert_cmpstr(msg, ==, "Parameter 'vectors' expects a number");
    g_free(msg);
    /* Nothing was left behind by the failures. */
    g_assert_null(pci_bus_find_device(&host.bus, 0, 0));

    /* Without BAR4; with many vectors the MSI-X BAR grows. */
    d = fake_create("pci-testdev,membar=0,vectors=300");
    g_assert_cmpuint(pci_bar_size(d, 4), ==, 0);
    g_assert_cmpuint(msix_nr_vectors(d), ==, 300);
    g_assert_cmpuint(pci_bar_size(d, 2), ==, 16384);
    g_assert_cmphex(cfg_read(&host.bus, d->devfn, d->msix.cap + PCI_MSIX_PBA, 4), ==,
                    0x2000 | 2);
    teardown();
}

static void fill(uint8_t *p, size_t len, uint8_t seed)
{
    for (size_t i = 0; i < len; i++) {
        p[i] = (uint8_t)(seed + i * 7);
    }
}

static void dma(uint64_t src, uint64_t dst, uint32_t len)
{
    wr64(&host.mem_as, REGS + TESTDEV_DMA_SRC, src);
    wr64(&host.mem_as, REGS + TESTDEV_DMA_DST, dst);
    set_reg(TESTDEV_DMA_LEN, len);
    set_reg(TESTDEV_DMA_CMD, TESTDEV_CMD_START);
}

static uint32_t dma_error(void)
{
    uint32_t st = reg(TESTDEV_DMA_STATUS);
    g_assert_true(st & TESTDEV_DMA_ERROR);
    g_assert_false(st & TESTDEV_DMA_DONE);
    return st >> TESTDEV_DMA_ERR_SHIFT;
}

static void test_dma(void)
{
    PciDevice *d;
    uint8_t want[0x3000], before[0x1000];
    int calls;

    setup();
    d = testdev("");
    fill(host.ram + 0x1000, 0x3000, 1);
    memcpy(want, host.ram + 0x1000, sizeof(want));

    /* A copy across pages; the 64-bit address registers read back by halves. */
    dma(0x1000, 0x9000, 0x3000);
    g_assert_cmphex(reg(TESTDEV_DMA_SRC), ==, 0x1000);
    g_assert_cmphex(reg(TESTDEV_DMA_SRC + 4), ==, 0);
    g_assert_cmphex(reg(TESTDEV_DMA_STATUS), ==, TESTDEV_DMA_DONE);
    g_assert_cmphex(reg(TESTDEV_DMA_COUNT), ==, 1);
    g_assert_cmpmem(host.ram + 0x9000, 0x3000, want, 0x3000);
    g_assert_cmphex(reg(TESTDEV_IRQ_STATUS), ==, TESTDEV_IRQ_DMA_DONE);
    /* Not enabled as an interrupt cause: INTx stays low. */
    g_assert_false(host.line[2]);

    /* The IOMMU forbids writing the destination page: nothing is written. */
    host.perm[0x10] = FAKE_PERM_R;
    memcpy(before, host.ram + 0x10000, sizeof(before));
    dma(0x1000, 0x10000, 0x100);
    g_assert_cmphex(dma_error(), ==, PCI_DMA_ERR_IOMMU);
    g_assert_cmpmem(host.ram + 0x10000, sizeof(before), before, sizeof(before));
    g_assert_cmphex(reg(TESTDEV_DMA_COUNT), ==, 1);
    g_assert_true(reg(TESTDEV_IRQ_STATUS) & TESTDEV_IRQ_DMA_ERROR);
    /* The device saw its request fail: Received Master Abort, which the guest clears. */
    g_assert_true(cfg_read(&host.bus, 16, PCI_STATUS, 2) & PCI_STATUS_REC_MASTER_ABORT);
    cfg_write(&host.bus, 16, PCI_STATUS, 2, PCI_STATUS_REC_MASTER_ABORT);
    g_assert_false(cfg_read(&host.bus, 16, PCI_STATUS, 2) & PCI_STATUS_REC_MASTER_ABORT);
    /* ...or reading the source: a read-only page is fine to read, no access is not. */
    dma(0x10000, 0x20000, 0x10);
    g_assert_cmphex(reg(TESTDEV_DMA_STATUS), ==, TESTDEV_DMA_DONE);
    host.perm[0x11] = 0;
    dma(0x11000, 0x20000, 0x10);
    g_assert_cmphex(dma_error(), ==, PCI_DMA_ERR_IOMMU);
    /* Outside the DMA window, and translated to nowhere. */
    dma(FAKE_DMA_WINDOW - 8, 0x20000, 0x10);
    g_assert_cmphex(dma_error(), ==, PCI_DMA_ERR_IOMMU);
    dma(0x1000, 0xffffffffffff0000ull, 0x10);
    g_assert_cmphex(dma_error(), ==, PCI_DMA_ERR_IOMMU);
    host.perm[0x12] |= FAKE_HOLE;
    dma(0x1000, 0x12000, 0x10);
    g_assert_cmphex(dma_error(), ==, PCI_DMA_ERR_DECODE);

    /* Too long: refused by the device itself, no DMA issued. */
    calls = host.dma_calls;
    dma(0x1000, 0x20000, PCI_TESTDEV_DMA_MAX + 1);
    g_assert_cmphex(dma_error(), ==, TESTDEV_DMA_ERR_TOO_LONG);
    g_assert_cmpint(host.dma_calls, ==, calls);
    /* Without Bus Master the device may not start DMA at all. */
    cfg_write(&host.bus, 16, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    dma(0x1000, 0x20000, 0x10);
    g_assert_cmphex(dma_error(), ==, PCI_DMA_ERR_NO_MASTER);
    g_assert_cmpint(host.dma_calls, ==, calls);
    g_assert_cmpint(pci_dma_write(d, 0x20000, want, 4), ==, PCI_DMA_ERR_NO_MASTER);
    /* A zero-length copy completes without touching memory. */
    cfg_write(&host.bus, 16, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    dma(0x11000, 0x20000, 0);
    g_assert_cmphex(reg(TESTDEV_DMA_STATUS), ==, TESTDEV_DMA_DONE);
    g_assert_cmpint(host.dma_calls, ==, calls);
    teardown();
}

static void test_completion_interrupts(void)
{
    PciDevice *d;
    uint8_t msi;

    setup();
    d = testdev("");

    /* INTx: level, held until the guest clears the cause. */
    set_reg(TESTDEV_IRQ_ENABLE, TESTDEV_IRQ_DMA_DONE | TESTDEV_IRQ_DMA_ERROR);
    dma(0x1000, 0x2000, 0x40);
    g_assert_true(host.line[2]);            /* slot 2, INTA */
    g_assert_true(cfg_read(&host.bus, 16, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
    set_reg(TESTDEV_IRQ_STATUS, TESTDEV_IRQ_DMA_DONE);
    g_assert_false(host.line[2]);
    set_reg(TESTDEV_IRQ_RAISE, 1);          /* not an enabled cause */
    g_assert_false(host.line[2]);
    set_reg(TESTDEV_IRQ_ENABLE, TESTDEV_IRQ_SOFT);
    g_assert_true(host.line[2]);            /* enabling a pending cause asserts */
    set_reg(TESTDEV_IRQ_STATUS, 0xffffffff);
    g_assert_false(host.line[2]);

    /* MSI-X: vector 1 of the table, after the guest unmasks it. */
    wr64(&host.mem_as, MSIX + 16, 0x40000000000ull);
    mmio_wr32(&host.mem_as, MSIX + 16 + PCI_MSIX_ENTRY_DATA, 0x1301);
    mmio_wr32(&host.mem_as, MSIX + 16 + PCI_MSIX_ENTRY_CTRL, 0);
    cfg_write(&host.bus, 16, d->msix.cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);
    set_reg(TESTDEV_MSI_VECTOR, 1);
    set_reg(TESTDEV_IRQ_ENABLE, TESTDEV_IRQ_DMA_DONE);
    dma(0x1000, 0x2000, 0x40);
    g_assert_cmpint(host.nmsi, ==, 1);
    g_assert_cmphex(host.msi[0].addr, ==, 0x40000000000ull);
    g_assert_cmphex(host.msi[0].data, ==, 0x1301);
    g_assert_false(host.line[2]);
    /* One message per new cause: a second copy with DONE still set sends none. */
    dma(0x1000, 0x2000, 0x40);
    g_assert_cmpint(host.nmsi, ==, 1);
    set_reg(TESTDEV_IRQ_STATUS, TESTDEV_IRQ_DMA_DONE);
    dma(0x1000, 0x2000, 0x40);
    g_assert_cmpint(host.nmsi, ==, 2);
    /* Fired directly at a masked vector, it waits in the PBA. */
    set_reg(TESTDEV_MSIX_FIRE, 3);
    g_assert_cmpint(host.nmsi, ==, 2);
    g_assert_cmphex(mmio_rd32(&host.mem_as, MSIX + 0x800), ==, 0x8);

    /* MSI when MSI-X is off. */
    cfg_write(&host.bus, 16, d->msix.cap + PCI_MSIX_FLAGS, 2, 0);
    msi = d->msi.cap;
    cfg_write(&host.bus, 16, msi + PCI_MSI_ADDRESS_LO, 4, 0);
    cfg_write(&host.bus, 16, msi + PCI_MSI_ADDRESS_HI, 4, 0x400);
    cfg_write(&host.bus, 16, msi + PCI_MSI_DATA_64, 2, 0x1400);
    cfg_write(&host.bus, 16, msi + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE | 2 << 4);
    set_reg(TESTDEV_IRQ_STATUS, 0xffffffff);
    set_reg(TESTDEV_MSI_VECTOR, 2);
    dma(0x1000, 0x2000, 0x40);
    g_assert_cmpint(host.nmsi, ==, 3);
    g_assert_cmphex(host.msi[2].data, ==, 0x1402);
    g_assert_false(host.line[2]);

    /* FLR: registers, interrupt state and config back to power-on. */
    set_reg(TESTDEV_SCRATCH, 0x77);
    cfg_write(&host.bus, 16, d->exp_cap + PCI_EXP_DEVCTL, 2, PCI_EXP_DEVCTL_BCR_FLR);
    g_assert_false(msi_enabled(d));
    g_assert_cmphex(cfg_read(&host.bus, 16, PCI_COMMAND, 2), ==, 0);
    g_assert_cmphex(pci_bar_base(d, 0), ==, 0);
    cfg_write(&host.bus, 16, PCI_BASE_ADDRESS_0, 4, (uint32_t)REGS);
    cfg_write(&host.bus, 16, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    g_assert_cmphex(reg(TESTDEV_SCRATCH), ==, 0);
    g_assert_cmphex(reg(TESTDEV_DMA_COUNT), ==, 0);
    g_assert_cmphex(reg(TESTDEV_IRQ_STATUS), ==, 0);
    teardown();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pci/testdev/config-and-bars", test_config_and_bars);
    g_test_add_func("/pci/testdev/bad-properties", test_bad_properties);
    g_test_add_func("/pci/testdev/dma", test_dma);
    g_test_add_func("/pci/testdev/completion-interrupts", test_completion_interrupts);
    return g_test_run();
}
