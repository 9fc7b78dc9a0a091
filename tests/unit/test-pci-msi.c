/*
 * Unit tests for MSI (pci/msi.c) and MSI-X (pci/msix.c): capability layout
 * and masks, message delivery to the fake host, masking with pending bits
 * that fire on unmask, the function mask, Bus Master gating, INTx being
 * dropped when message interrupts are enabled, and the MSI-X table and PBA
 * reached through MMIO in their BAR.
 */
#include "pci-fake-host.h"

static FakeHost host;

static void setup(void)
{
    fake_classes_register();
    fake_host_init(&host);
    memset(&fake_spec, 0, sizeof(fake_spec));
    fake_spec.bars[0] = (FakeBarSpec){ PCI_BAR_MEM32, 0x1000 };
}

static void teardown(void)
{
    fake_host_cleanup(&host);
}

/* ---- MSI ---------------------------------------------------------------------------- */

static void test_msi_layout(void)
{
    PciDevice *d;
    uint8_t cap;

    setup();
    fake_spec.msi_vectors = 4;
    fake_spec.msi_64 = true;
    fake_spec.msi_maskable = true;
    d = fake_create("fake-pci,addr=0");
    cap = pci_find_capability(d, PCI_CAP_ID_MSI);
    g_assert_cmphex(cap, ==, 0x40);
    g_assert_cmphex(cfg_read(&host.bus, 0, PCI_CAPABILITY_LIST, 1), ==, 0x40);
    g_assert_true(cfg_read(&host.bus, 0, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
    /* 4 vectors capable (log2 = 2), 64-bit, per-vector masking. */
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_FLAGS, 2), ==, 0x0184);
    g_assert_cmpuint(msi_nr_vectors(d), ==, 4);
    g_assert_cmpuint(msi_nr_vectors_enabled(d), ==, 0);

    /* Enable and Multiple Message Enable are writable; asking for 128 gets 4. */
    cfg_write(&host.bus, 0, cap + PCI_MSI_FLAGS, 2, 0xffff);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_FLAGS, 2), ==, 0x01a5);
    g_assert_cmpuint(msi_nr_vectors_enabled(d), ==, 4);
    /* Address bits 1:0 are reserved; the upper address and 16-bit data are writable. */
    cfg_write(&host.bus, 0, cap + PCI_MSI_ADDRESS_LO, 4, 0xffffffff);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_ADDRESS_LO, 4), ==, 0xfffffffc);
    cfg_write(&host.bus, 0, cap + PCI_MSI_ADDRESS_HI, 4, 0xffffffff);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_ADDRESS_HI, 4), ==, 0xffffffff);
    cfg_write(&host.bus, 0, cap + PCI_MSI_DATA_64, 4, 0xffffffff);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_DATA_64, 4), ==, 0xffff);
    /* Mask bits exist for the 4 offered vectors only; pending bits are read-only. */
    cfg_write(&host.bus, 0, cap + PCI_MSI_MASK_64, 4, 0xffffffff);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_MASK_64, 4), ==, 0xf);
    cfg_write(&host.bus, 0, cap + PCI_MSI_PENDING_64, 4, 0xffffffff);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_PENDING_64, 4), ==, 0);
    /* Reset brings the capability back to its power-on state. */
    pci_device_reset(d);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_FLAGS, 2), ==, 0x0184);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_MASK_64, 4), ==, 0);
    teardown();

    /* The smallest form: 32-bit, one vector, no masking: 10 bytes. */
    setup();
    fake_spec.msi_vectors = 1;
    d = fake_create("fake-pci,addr=0");
    cap = pci_find_capability(d, PCI_CAP_ID_MSI);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_FLAGS, 2), ==, 0);
    cfg_write(&host.bus, 0, cap + PCI_MSI_FLAGS, 2, 0x71);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_FLAGS, 2), ==, 0x01);
    cfg_write(&host.bus, 0, cap + PCI_MSI_DATA_32, 2, 0xbeef);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_DATA_32, 2), ==, 0xbeef);
    cfg_write(&host.bus, 0, cap + 12, 4, 0xffffffff);           /* past the capability */
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + 12, 4), ==, 0);
    g_assert_false(msi_is_masked(d, 0));
    teardown();
}

static void msi_program(int devfn, uint8_t cap, uint64_t addr, uint16_t data, uint16_t flags)
{
    cfg_write(&host.bus, devfn, cap + PCI_MSI_ADDRESS_LO, 4, (uint32_t)addr);
    cfg_write(&host.bus, devfn, cap + PCI_MSI_ADDRESS_HI, 4, (uint32_t)(addr >> 32));
    cfg_write(&host.bus, devfn, cap + PCI_MSI_DATA_64, 2, data);
    cfg_write(&host.bus, devfn, cap + PCI_MSI_FLAGS, 2, flags);
}

static void test_msi_deliver(void)
{
    PciDevice *d;
    uint8_t cap;
    uint64_t addr;
    uint32_t data;

    setup();
    fake_spec.msi_vectors = 4;
    fake_spec.msi_64 = true;
    fake_spec.msi_maskable = true;
    d = fake_create("fake-pci,addr=3");
    cap = d->msi.cap;

    /* Disabled: nothing. */
    g_assert_false(msi_notify(d, 0));
    g_assert_cmpint(host.nmsi, ==, 0);

    cfg_write(&host.bus, 0x18, PCI_COMMAND, 2, PCI_COMMAND_MASTER);
    msi_program(0x18, cap, 0x40000000000ull, 0x1230, PCI_MSI_FLAGS_ENABLE | 2 << 4);
    g_assert_true(msi_enabled(d));
    /* Four vectors enabled: the vector number goes in the low two data bits. */
    g_assert_true(msi_notify(d, 0));
    g_assert_true(msi_notify(d, 2));
    g_assert_false(msi_notify(d, 4));
    g_assert_cmpint(host.nmsi, ==, 2);
    g_assert_cmphex(host.msi[0].addr, ==, 0x40000000000ull);
    g_assert_cmphex(host.msi[0].data, ==, 0x1230);
    g_assert_cmphex(host.msi[1].data, ==, 0x1232);
    g_assert_cmpint(host.msi[1].devfn, ==, 0x18);
    /* One vector enabled: only vector 0 exists. */
    cfg_write(&host.bus, 0x18, cap + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE);
    g_assert_false(msi_notify(d, 1));
    g_assert_true(msi_notify(d, 0));
    g_assert_cmphex(host.msi[2].data, ==, 0x1230);

    /* An MSI is a memory write: without Bus Master it is dropped. */
    cfg_write(&host.bus, 0x18, PCI_COMMAND, 2, 0);
    msi_notify(d, 0);
    g_assert_cmpint(host.nmsi, ==, 3);
    cfg_write(&host.bus, 0x18, PCI_COMMAND, 2, PCI_COMMAND_MASTER);

    /* The PHB's side channel (ibm,change-msi) programs the same registers. */
    msi_set_message(d, 0x40000000010ull, 0x4567);
    msi_get_message(d, 0, &addr, &data);
    g_assert_cmphex(addr, ==, 0x40000000010ull);
    g_assert_cmphex(data, ==, 0x4567);
    g_assert_cmphex(cfg_read(&host.bus, 0x18, cap + PCI_MSI_DATA_64, 2), ==, 0x4567);

    /* Enabling MSI takes the function off INTx. */
    cfg_write(&host.bus, 0x18, cap + PCI_MSI_FLAGS, 2, 0);
    pci_set_irq(d, true);
    g_assert_true(host.line[3]);
    cfg_write(&host.bus, 0x18, cap + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE);
    g_assert_false(host.line[3]);
    g_assert_false(cfg_read(&host.bus, 0x18, PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
    teardown();
}

static void test_msi_mask_pending(void)
{
    PciDevice *d;
    uint8_t cap;

    setup();
    fake_spec.msi_vectors = 4;
    fake_spec.msi_64 = true;
    fake_spec.msi_maskable = true;
    d = fake_create("fake-pci,addr=0");
    cap = d->msi.cap;
    cfg_write(&host.bus, 0, PCI_COMMAND, 2, PCI_COMMAND_MASTER);
    msi_program(0, cap, 0xfee00000, 0x40, PCI_MSI_FLAGS_ENABLE | 2 << 4);

    /* A masked vector's event waits as a pending bit. */
    cfg_write(&host.bus, 0, cap + PCI_MSI_MASK_64, 4, 0x2);
    g_assert_true(msi_notify(d, 1));
    g_assert_cmpint(host.nmsi, ==, 0);
    g_assert_true(msi_is_pending(d, 1));
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_PENDING_64, 4), ==, 0x2);
    /* Other vectors are unaffected. */
    g_assert_true(msi_notify(d, 0));
    g_assert_cmpint(host.nmsi, ==, 1);
    /* Unmasking delivers it once and clears the pending bit. */
    cfg_write(&host.bus, 0, cap + PCI_MSI_MASK_64, 4, 0);
    g_assert_cmpint(host.nmsi, ==, 2);
    g_assert_cmphex(host.msi[1].data, ==, 0x41);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSI_PENDING_64, 4), ==, 0);
    cfg_write(&host.bus, 0, cap + PCI_MSI_MASK_64, 4, 0);
    g_assert_cmpint(host.nmsi, ==, 2);

    /* Pending while disabled: sent when MSI is enabled again, not before. */
    cfg_write(&host.bus, 0, cap + PCI_MSI_MASK_64, 4, 0x8);
    msi_notify(d, 3);
    cfg_write(&host.bus, 0, cap + PCI_MSI_FLAGS, 2, 2 << 4);
    cfg_write(&host.bus, 0, cap + PCI_MSI_MASK_64, 4, 0);
    g_assert_cmpint(host.nmsi, ==, 2);
    g_assert_true(msi_is_pending(d, 3));
    cfg_write(&host.bus, 0, cap + PCI_MSI_FLAGS, 2, PCI_MSI_FLAGS_ENABLE | 2 << 4);
    g_assert_cmpint(host.nmsi, ==, 3);
    g_assert_cmphex(host.msi[2].data, ==, 0x43);
    g_assert_false(msi_is_pending(d, 3));
    teardown();
}

/* ---- MSI-X ------------------------------------------------------------------------------ */

static bool mmio_rw(uint64_t addr, void *buf, unsigned len, bool is_write)
{
    return (is_write ? address_space_write(&host.mem_as, addr, buf, len)
                     : address_space_read(&host.mem_as, addr, buf, len)) == MEMTX_OK;
}

static uint32_t mmio_read32(uint64_t addr)
{
    uint8_t b[4];
    g_assert_true(mmio_rw(addr, b, 4, false));
    return pci_get_long(b);
}

static void mmio_write32(uint64_t addr, uint32_t v)
{
    uint8_t b[4];
    pci_set_long(b, v);
    g_assert_true(mmio_rw(addr, b, 4, true));
}

#define TABLE 0x80000000ull
#define PBA (TABLE + 0x800)

/* A fake function with 4 MSI-X vectors in BAR2 mapped at TABLE, decoding, bus master. */
static PciDevice *msix_dev(void)
{
    PciDevice *d;

    fake_spec.msix_vectors = 4;
    fake_spec.msix_bar = 2;
    d = fake_create("fake-pci,addr=0");
    cfg_write(&host.bus, 0, PCI_BASE_ADDRESS_0 + 8, 4, (uint32_t)TABLE);
    cfg_write(&host.bus, 0, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    return d;
}

static void test_msix_table(void)
{
    PciDevice *d;
    uint8_t cap, b8[8];
    uint16_t w;

    setup();
    d = msix_dev();
    cap = d->msix.cap;
    g_assert_cmphex(cap, ==, pci_find_capability(d, PCI_CAP_ID_MSIX));
    g_assert_cmpuint(pci_bar_size(d, 2), ==, 4096);
    /* Table size - 1, table at 0 of BAR2, PBA at 0x800 of BAR2. */
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSIX_FLAGS, 2), ==, 3);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSIX_TABLE, 4), ==, 0x002);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSIX_PBA, 4), ==, 0x802);
    /* Only Enable and Function Mask are writable in the control word. */
    cfg_write(&host.bus, 0, cap + PCI_MSIX_FLAGS, 2, 0xffff);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSIX_FLAGS, 2), ==, 0xc003);
    cfg_write(&host.bus, 0, cap + PCI_MSIX_TABLE, 4, 0xffffffff);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_MSIX_TABLE, 4), ==, 0x002);
    cfg_write(&host.bus, 0, cap + PCI_MSIX_FLAGS, 2, 0);

    /* At reset every vector is masked and the rest of the table is 0. */
    for (unsigned v = 0; v < 4; v++) {
        g_assert_cmphex(mmio_read32(TABLE + 16 * v + PCI_MSIX_ENTRY_CTRL), ==, 1);
        g_assert_cmphex(mmio_read32(TABLE + 16 * v + PCI_MSIX_ENTRY_DATA), ==, 0);
    }
    /* Dword and qword writes; only the mask bit of Vector Control exists. */
    mmio_write32(TABLE + 16 + PCI_MSIX_ENTRY_DATA, 0x1301);
    pci_set_quad(b8, 0x0000040000000000ull);
    g_assert_true(mmio_rw(TABLE + 16, b8, 8, true));
    g_assert_cmphex(mmio_read32(TABLE + 16), ==, 0);
    g_assert_cmphex(mmio_read32(TABLE + 20), ==, 0x400);
    mmio_write32(TABLE + 16 + PCI_MSIX_ENTRY_CTRL, 0xfffffffe);
    g_assert_cmphex(mmio_read32(TABLE + 16 + PCI_MSIX_ENTRY_CTRL), ==, 0);
    mmio_write32(TABLE + 16 + PCI_MSIX_ENTRY_CTRL, 0xffffffff);
    g_assert_cmphex(mmio_read32(TABLE + 16 + PCI_MSIX_ENTRY_CTRL), ==, 1);
    g_assert_true(mmio_rw(TABLE + 16 + 8, b8, 8, false));
    g_assert_cmphex(pci_get_quad(b8), ==, 0x0000000100001301ull);
    /* Word accesses and misaligned dwords are not allowed. */
    g_assert_false(mmio_rw(TABLE + 8, &w, 2, false));
    g_assert_false(mmio_rw(TABLE + 2, b8, 4, false));
    /* The PBA reads 0 and ignores writes. */
    g_assert_cmphex(mmio_read32(PBA), ==, 0);
    mmio_write32(PBA, 0xffffffff);
    g_assert_cmphex(mmio_read32(PBA), ==, 0);
    g_assert_false(msix_is_pending(d, 0));
    teardown();
}

static void test_msix_deliver(void)
{
    PciDevice *d;
    uint8_t cap;
    uint64_t addr;
    uint32_t data;

    setup();
    d = msix_dev();
    cap = d->msix.cap;
    for (unsigned v = 0; v < 4; v++) {
        mmio_write32(TABLE + 16 * v, 0);
        mmio_write32(TABLE + 16 * v + 4, 0x400);
        mmio_write32(TABLE + 16 * v + 8, 0x1300 + v);
    }

    /* Disabled: the function does not use MSI-X at all. */
    g_assert_false(msix_notify(d, 0));
    g_assert_false(msix_is_pending(d, 0));

    cfg_write(&host.bus, 0, cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);
    g_assert_true(msix_enabled(d));
    /* Vector 0 is still masked: its event waits in the PBA. */
    g_assert_true(msix_notify(d, 0));
    g_assert_cmpint(host.nmsi, ==, 0);
    g_assert_cmphex(mmio_read32(PBA), ==, 0x1);
    /* Unmasking through the table sends it and clears the bit. */
    mmio_write32(TABLE + PCI_MSIX_ENTRY_CTRL, 0);
    g_assert_cmpint(host.nmsi, ==, 1);
    g_assert_cmphex(host.msi[0].addr, ==, 0x40000000000ull);
    g_assert_cmphex(host.msi[0].data, ==, 0x1300);
    g_assert_cmphex(mmio_read32(PBA), ==, 0);
    /* Unmasked: straight out. Beyond the table: nothing. */
    g_assert_true(msix_notify(d, 0));
    g_assert_cmpint(host.nmsi, ==, 2);
    g_assert_false(msix_notify(d, 4));

    /* The function mask holds every vector back; clearing it releases what is pending. */
    mmio_write32(TABLE + 16 * 2 + PCI_MSIX_ENTRY_CTRL, 0);
    cfg_write(&host.bus, 0, cap + PCI_MSIX_FLAGS, 2,
              PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    g_assert_true(msix_function_masked(d));
    msix_notify(d, 2);
    msix_notify(d, 0);
    msix_notify(d, 3);                      /* masked by its own bit as well */
    g_assert_cmpint(host.nmsi, ==, 2);
    g_assert_cmphex(mmio_read32(PBA), ==, 0xd);
    cfg_write(&host.bus, 0, cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);
    g_assert_cmpint(host.nmsi, ==, 4);
    g_assert_cmphex(host.msi[2].data, ==, 0x1300);      /* in vector order */
    g_assert_cmphex(host.msi[3].data, ==, 0x1302);
    g_assert_cmphex(mmio_read32(PBA), ==, 0x8);        /* vector 3 still masked */
    msix_set_vector_mask(d, 3, false);
    g_assert_cmpint(host.nmsi, ==, 5);
    g_assert_cmphex(host.msi[4].data, ==, 0x1303);

    /* The PHB's side channel writes the entry; the mask bit is untouched. */
    msix_set_message(d, 1, 0x40000000000ull, 0x2001);
    msix_get_message(d, 1, &addr, &data);
    g_assert_cmphex(data, ==, 0x2001);
    g_assert_cmphex(mmio_read32(TABLE + 16 + 8), ==, 0x2001);
    g_assert_true(msix_is_masked(d, 1));

    /* Enabling MSI-X takes the function off INTx. */
    cfg_write(&host.bus, 0, cap + PCI_MSIX_FLAGS, 2, 0);
    pci_set_irq(d, true);
    g_assert_true(host.line[0]);
    cfg_write(&host.bus, 0, cap + PCI_MSIX_FLAGS, 2, PCI_MSIX_FLAGS_ENABLE);
    g_assert_false(host.line[0]);

    /* Without Bus Master the message is lost, not left pending. */
    cfg_write(&host.bus, 0, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    msix_notify(d, 0);
    g_assert_cmpint(host.nmsi, ==, 5);
    g_assert_false(msix_is_pending(d, 0));

    /* Reset: disabled, every vector masked, table and PBA cleared. */
    cfg_write(&host.bus, 0, cap + PCI_MSIX_FLAGS, 2,
              PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    msix_notify(d, 0);
    g_assert_true(msix_is_pending(d, 0));
    pci_device_reset(d);
    g_assert_false(msix_enabled(d));
    g_assert_false(msix_function_masked(d));
    g_assert_false(msix_is_pending(d, 0));
    for (unsigned v = 0; v < 4; v++) {
        g_assert_true(msix_is_masked(d, v));
        msix_get_message(d, v, &addr, &data);
        g_assert_cmphex(addr, ==, 0);
        g_assert_cmphex(data, ==, 0);
    }
    teardown();
}

/* The table and PBA may share a BAR with the device's registers. */
static void test_msix_shared_bar(void)
{
    PciDevice *d;
    FakeDev *f;
    Error *err = NULL;

    setup();
    fake_spec.msix_vectors = 2;
    fake_spec.msix_shared = true;
    d = fake_create("fake-pci,addr=0");
    f = (FakeDev *)d;
    g_assert_cmphex(cfg_read(&host.bus, 0, d->msix.cap + PCI_MSIX_TABLE, 4), ==, 0x800);
    g_assert_cmphex(cfg_read(&host.bus, 0, d->msix.cap + PCI_MSIX_PBA, 4), ==, 0xc00);
    cfg_write(&host.bus, 0, PCI_BASE_ADDRESS_0, 4, 0x90000000);
    cfg_write(&host.bus, 0, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    mmio_write32(0x90000004, 0x5555);
    g_assert_cmphex(f->regs[0][1], ==, 0x5555);
    g_assert_cmphex(mmio_read32(0x90000800 + PCI_MSIX_ENTRY_CTRL), ==, 1);
    g_assert_cmphex(mmio_read32(0x90000c00), ==, 0);

    /* Bad placements are refused with an error, not a crash. */
    g_assert_false(msix_init(d, 4, &f->container0, 0, 0x800, &f->container0, 0, 0xc00, 0,
                             &err));                            /* second time */
    g_clear_pointer(&err, error_free);
    teardown();

    setup();
    fake_spec.msix_shared = true;           /* a container BAR0, no MSI-X yet */
    d = fake_create("fake-pci,addr=0");
    f = (FakeDev *)d;
    g_assert_false(msix_init(d, 4, &f->container0, 0, 0x804, &f->container0, 0, 0xc00, 0,
                             &err));                            /* misaligned table */
    g_assert_nonnull(err);
    g_clear_pointer(&err, error_free);
    g_assert_false(msix_init(d, 4, &f->container0, 0, 0xfc8, &f->container0, 0, 0xc00, 0,
                             NULL));                            /* table runs past the BAR */
    g_assert_false(msix_init(d, 4, &f->container0, 0, 0x800, &f->container0, 0, 0x830, 0,
                             NULL));                            /* PBA inside the table */
    g_assert_false(msix_init(d, 4, &f->mr[0], 0, 0x800, &f->mr[0], 0, 0xc00, 0,
                             NULL));                            /* not a container */
    g_assert_false(msix_init(d, 0, &f->container0, 0, 0x800, &f->container0, 0, 0xc00, 0,
                             NULL));
    g_assert_false(msix_init(d, 4, &f->container0, 6, 0x800, &f->container0, 0, 0xc00, 0,
                             NULL));                            /* no BAR 6 */
    g_assert_false(msix_present(d));
    g_assert_cmphex(pci_find_capability(d, PCI_CAP_ID_MSIX), ==, 0);
    g_assert_false(msix_init_exclusive_bar(d, 4, 1, PCI_BAR_IO, NULL));
    teardown();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pci/msi/layout", test_msi_layout);
    g_test_add_func("/pci/msi/deliver", test_msi_deliver);
    g_test_add_func("/pci/msi/mask-pending", test_msi_mask_pending);
    g_test_add_func("/pci/msix/table", test_msix_table);
    g_test_add_func("/pci/msix/deliver", test_msix_deliver);
    g_test_add_func("/pci/msix/shared-bar", test_msix_shared_bar);
    return g_test_run();
}
