/*
 * Unit tests for the PCI core's configuration space (pci/pci.c, pci-cap.c,
 * pci-bus.c, pci-info.c): per-register read-only / read-write / W1C rules,
 * access errors and absent functions, the capability lists, INTx, reset,
 * plugging rules and `info pci`, against the fake host in pci-fake-host.h.
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

/* ---- The header ---------------------------------------------------------------- */

static void test_header_ids(void)
{
    PciDevice *d;

    setup();
    d = fake_create("fake-pci,addr=3");
    g_assert_cmpint(d->devfn, ==, PCI_DEVFN(3, 0));
    g_assert_true(pci_bus_find_device(&host.bus, 0, PCI_DEVFN(3, 0)) == d);
    g_assert_cmphex(cfg_read(&host.bus, 0x18, PCI_VENDOR_ID, 2), ==, 0x8086);
    g_assert_cmphex(cfg_read(&host.bus, 0x18, PCI_DEVICE_ID, 2), ==, 0x100e);
    g_assert_cmphex(cfg_read(&host.bus, 0x18, PCI_VENDOR_ID, 4), ==, 0x100e8086);
    /* Revision 3, prog-if 0, class 02 00 (Ethernet) as one dword, little-endian. */
    g_assert_cmphex(cfg_read(&host.bus, 0x18, PCI_REVISION_ID, 4), ==, 0x02000003);
    g_assert_cmphex(cfg_read(&host.bus, 0x18, PCI_CLASS_DEVICE, 2), ==, 0x0200);
    g_assert_cmphex(cfg_read(&host.bus, 0x18, PCI_HEADER_TYPE, 1), ==, 0);
    /* QEMU's default subsystem, as in its device tree for an e1000. */
    g_assert_cmphex(cfg_read(&host.bus, 0x18, PCI_SUBSYSTEM_VENDOR_ID, 4), ==, 0x11001af4);
    g_assert_cmphex(cfg_read(&host.bus, 0x18, PCI_INTERRUPT_PIN, 1), ==, 1);
    g_assert_cmphex(cfg_read(&host.bus, 0x18, PCI_COMMAND, 2), ==, 0);
    g_assert_cmphex(cfg_read(&host.bus, 0x18, PCI_STATUS, 2), ==, 0);
    g_assert_cmpuint(d->config_size, ==, 256);
    teardown();
}

/* Write v to a register and expect it to read back as want. */
static void write_expect(int devfn, uint32_t off, unsigned size, uint32_t v, uint32_t want)
{
    cfg_write(&host.bus, devfn, off, size, v);
    g_assert_cmphex(cfg_read(&host.bus, devfn, off, size), ==, want);
}

static void test_header_masks(void)
{
    PciDevice *d;

    setup();
    d = fake_create("fake-pci,addr=0");

    /* Identification is read-only. */
    write_expect(0, PCI_VENDOR_ID, 4, 0x12345678, 0x100e8086);
    write_expect(0, PCI_REVISION_ID, 4, 0xffffffff, 0x02000003);
    write_expect(0, PCI_SUBSYSTEM_VENDOR_ID, 4, 0, 0x11001af4);
    write_expect(0, PCI_INTERRUPT_PIN, 1, 4, 1);
    write_expect(0, PCI_HEADER_TYPE, 1, 0xff, 0);
    write_expect(0, PCI_CAPABILITY_LIST, 1, 0x40, 0);
    /* Latency timer, BIST, MIN_GNT/MAX_LAT and the ROM BAR are not implemented: read 0. */
    write_expect(0, PCI_LATENCY_TIMER, 1, 0xff, 0);
    write_expect(0, PCI_BIST, 1, 0xff, 0);
    write_expect(0, PCI_ROM_ADDRESS, 4, 0xffffffff, 0);
    write_expect(0, PCI_MIN_GNT, 2, 0xffff, 0);
    /* Scratch registers for software. */
    write_expect(0, PCI_CACHE_LINE_SIZE, 1, 0xa5, 0xa5);
    write_expect(0, PCI_INTERRUPT_LINE, 1, 0x5a, 0x5a);
    /* Device-specific space with nothing in it: read-only zeros. */
    write_expect(0, 0x40, 4, 0xffffffff, 0);
    write_expect(0, 0xfc, 4, 0xffffffff, 0);

    /* Command: only IO, Memory, Master, Parity, SERR, Interrupt Disable are writable. */
    write_expect(0, PCI_COMMAND, 2, 0xffff, 0x0547);
    write_expect(0, PCI_COMMAND, 2, 0, 0);
    /* A byte write to the upper half reaches Interrupt Disable only. */
    write_expect(0, PCI_COMMAND + 1, 1, 0xff, 0x05);
    g_assert_cmphex(cfg_read(&host.bus, 0, PCI_COMMAND, 2), ==, 0x0500);
    cfg_write(&host.bus, 0, PCI_COMMAND, 2, 0);

    /*
     * Status: the error bits are write-1-to-clear, the rest read-only. Set
     * every bit behind the guest's back, as hardware events would.
     */
    pci_set_word(d->config + PCI_STATUS, 0xffff);
    write_expect(0, PCI_STATUS, 2, 0, 0xffff);              /* writing 0 clears nothing */
    write_expect(0, PCI_STATUS, 2, PCI_STATUS_REC_MASTER_ABORT,
                 0xffff & ~PCI_STATUS_REC_MASTER_ABORT);    /* just that bit */
    /* Writing all-ones clears exactly the six error bits; RO bits (incl. reserved) stay. */
    write_expect(0, PCI_STATUS, 2, 0xffff, 0x06ff);
    /* One dword write sets command and clears status in the same access. */
    pci_set_word(d->config + PCI_STATUS, PCI_STATUS_SIG_SYSTEM_ERROR | PCI_STATUS_DETECTED_PARITY);
    cfg_write(&host.bus, 0, PCI_COMMAND, 4, (uint32_t)PCI_STATUS_DETECTED_PARITY << 16 |
              PCI_COMMAND_MASTER);
    g_assert_cmphex(cfg_read(&host.bus, 0, PCI_COMMAND, 2), ==, PCI_COMMAND_MASTER);
    g_assert_cmphex(cfg_read(&host.bus, 0, PCI_STATUS, 2), ==, PCI_STATUS_SIG_SYSTEM_ERROR);
    teardown();
}

/* ---- Access errors and absent functions ------------------------------------------- */

static void test_access_errors(void)
{
    PciDevice *d, *e;
    uint32_t v;

    setup();
    d = fake_create("fake-pci,addr=1");
    e = fake_create("fake-pcie,addr=2");
    g_assert_cmpuint(e->config_size, ==, 4096);

    /* Absent functions read all-ones of the access size. */
    for (unsigned size = 1; size <= 4; size *= 2) {
        v = 0;
        g_assert_cmpint(pci_bus_config_read(&host.bus, 0, PCI_DEVFN(5, 0), 0, size, &v), ==,
                        PCI_CFG_NO_DEVICE);
        g_assert_cmphex(v, ==, size == 4 ? 0xffffffffu : (1u << (8 * size)) - 1);
    }
    g_assert_cmpint(pci_bus_config_read(&host.bus, 0, PCI_DEVFN(1, 1), 0, 4, &v), ==,
                    PCI_CFG_NO_DEVICE);
    g_assert_cmpint(pci_bus_config_read(&host.bus, 1, PCI_DEVFN(1, 0), 0, 4, &v), ==,
                    PCI_CFG_NO_DEVICE);                      /* no bus 1 */
    g_assert_cmphex(v, ==, 0xffffffff);
    g_assert_cmpint(pci_bus_config_write(&host.bus, 0, PCI_DEVFN(5, 0), 4, 2, 7), ==,
                    PCI_CFG_NO_DEVICE);
    g_assert_null(pci_bus_find_device(&host.bus, 0, PCI_DEVFN(5, 0)));
    g_assert_null(pci_bus_find_device(&host.bus, 0, 256));
    g_assert_null(pci_bus_find_device(&host.bus, 0, -1));

    /* Sizes other than 1, 2, 4; misalignment; past the end of the space. */
    g_assert_cmpint(pci_bus_config_read(&host.bus, 0, 8, 0, 3, &v), ==, PCI_CFG_BAD_SIZE);
    g_assert_cmphex(v, ==, 0xffffffff);
    g_assert_cmpint(pci_bus_config_read(&host.bus, 0, 8, 0, 8, &v), ==, PCI_CFG_BAD_SIZE);
    g_assert_cmpint(pci_bus_config_write(&host.bus, 0, 8, 0, 0, 0), ==, PCI_CFG_BAD_SIZE);
    g_assert_cmpint(pci_bus_config_read(&host.bus, 0, 8, 2, 4, &v), ==, PCI_CFG_MISALIGNED);
    g_assert_cmpint(pci_bus_config_read(&host.bus, 0, 8, 1, 2, &v), ==, PCI_CFG_MISALIGNED);
    g_assert_cmphex(v, ==, 0xffff);
    g_assert_cmpint(pci_bus_config_write(&host.bus, 0, 8, PCI_COMMAND + 1, 2, 0xffff), ==,
                    PCI_CFG_MISALIGNED);
    g_assert_cmphex(pci_get_word(d->config + PCI_COMMAND), ==, 0);  /* nothing written */
    g_assert_cmpint(pci_bus_config_read(&host.bus, 0, 8, 0x100, 4, &v), ==,
                    PCI_CFG_OUT_OF_RANGE);                   /* conventional: 256 bytes */
    g_assert_cmpint(pci_bus_config_read(&host.bus, 0, 8, 0xff, 1, &v), ==, PCI_CFG_OK);
    g_assert_cmpint(pci_config_read(d, 0xfff0, 4, &v), ==, PCI_CFG_OUT_OF_RANGE);

    /* PCI Express: 4 KiB, and no extended capabilities means a zero header at 0x100. */
    g_assert_cmphex(cfg_read(&host.bus, 16, 0x100, 4), ==, 0);
    write_expect(16, 0x100, 4, 0xffffffff, 0);
    g_assert_cmphex(cfg_read(&host.bus, 16, 0xffc, 4), ==, 0);
    g_assert_cmpint(pci_bus_config_read(&host.bus, 0, 16, 0x1000, 4, &v), ==,
                    PCI_CFG_OUT_OF_RANGE);
    g_assert_cmpint(pci_bus_config_read(&host.bus, 0, 16, 0xffe, 4, &v), ==,
                    PCI_CFG_MISALIGNED);
    teardown();
}

/* ---- Capabilities ------------------------------------------------------------------- */

/* Walk the list as a guest does; returns the number of entries, fills ids/offsets. */
static int walk_caps(int devfn, uint8_t *ids, uint8_t *offs)
{
    int n = 0;
    uint8_t pos;

    if (!(cfg_read(&host.bus, devfn, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST)) {
        return 0;
    }
    pos = (uint8_t)cfg_read(&host.bus, devfn, PCI_CAPABILITY_LIST, 1);
    while (pos && n < 48) {
        ids[n] = (uint8_t)cfg_read(&host.bus, devfn, pos, 1);
        offs[n++] = pos;
        pos = (uint8_t)cfg_read(&host.bus, devfn, pos + 1, 1);
    }
    return n;
}

static void test_capabilities(void)
{
    PciDevice *d;
    Error *err = NULL;
    uint8_t ids[48], offs[48];

    setup();
    d = fake_create("fake-pcie,addr=0");
    g_assert_cmpint(walk_caps(0, ids, offs), ==, 0);

    g_assert_cmphex(pci_add_capability(d, PCI_CAP_ID_VNDR, 0, 6, NULL), ==, 0x40);
    g_assert_cmphex(pci_add_capability(d, PCI_CAP_ID_PM, 0, 8, NULL), ==, 0x48);
    g_assert_cmphex(pci_add_capability(d, PCI_CAP_ID_VNDR, 0x80, 4, NULL), ==, 0x80);
    /* Auto placement fills the first gap that fits. */
    g_assert_cmphex(pci_add_capability(d, 0x0c, 0, 0x30, NULL), ==, 0x50);
    g_assert_cmphex(pci_add_capability(d, 0x0d, 0, 0x10, NULL), ==, 0x84);

    /* The chain follows the order of adding, whatever the offsets. */
    g_assert_cmpint(walk_caps(0, ids, offs), ==, 5);
    g_assert_cmphex(offs[0], ==, 0x40);
    g_assert_cmphex(offs[1], ==, 0x48);
    g_assert_cmphex(offs[2], ==, 0x80);
    g_assert_cmphex(offs[3], ==, 0x50);
    g_assert_cmphex(offs[4], ==, 0x84);
    g_assert_cmphex(ids[1], ==, PCI_CAP_ID_PM);
    g_assert_cmphex(ids[3], ==, 0x0c);
    g_assert_cmphex(pci_find_capability(d, PCI_CAP_ID_PM), ==, 0x48);
    g_assert_cmphex(pci_find_capability(d, PCI_CAP_ID_VNDR), ==, 0x40);
    g_assert_cmphex(pci_find_capability(d, PCI_CAP_ID_MSIX), ==, 0);
    /* ID, next pointer and body are read-only unless the owner opens them. */
    write_expect(0, 0x48, 4, 0xffffffff, 0x00008001);

    /* Bad placements. */
    g_assert_cmphex(pci_add_capability(d, 1, 0x42, 4, &err), ==, 0);    /* misaligned */
    g_assert_nonnull(err);
    g_clear_pointer(&err, error_free);
    g_assert_cmphex(pci_add_capability(d, 1, 0x3c, 4, &err), ==, 0);    /* in the header */
    g_clear_pointer(&err, error_free);
    g_assert_cmphex(pci_add_capability(d, 1, 0x4c, 8, &err), ==, 0);    /* overlaps PM */
    g_clear_pointer(&err, error_free);
    g_assert_cmphex(pci_add_capability(d, 1, 0xfc, 8, &err), ==, 0);    /* past 0xff */
    g_clear_pointer(&err, error_free);
    g_assert_cmphex(pci_add_capability(d, 1, 0, 0xc0, &err), ==, 0);    /* no room */
    g_assert_nonnull(strstr(error_get_pretty(err), "no room"));
    g_clear_pointer(&err, error_free);
    g_assert_cmphex(pci_add_capability(d, 1, 0, 1, &err), ==, 0);       /* no header */
    g_clear_pointer(&err, error_free);
    g_assert_cmpint(walk_caps(0, ids, offs), ==, 5);

    /* Extended capabilities: the first must be at 0x100; the rest chain on. */
    g_assert_false(pcie_add_ext_capability(d, PCI_EXT_CAP_ID_DSN, 1, 0x140, 12, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "0x100"));
    g_clear_pointer(&err, error_free);
    g_assert_true(pcie_add_ext_capability(d, PCI_EXT_CAP_ID_VNDR, 1, 0x100, 8, NULL));
    g_assert_true(pcie_add_ext_capability(d, PCI_EXT_CAP_ID_DSN, 1, 0x180, 12, NULL));
    g_assert_true(pcie_add_ext_capability(d, 0x0010, 2, 0x140, 8, NULL));
    g_assert_false(pcie_add_ext_capability(d, 0x0011, 1, 0x184, 8, NULL));    /* overlap */
    g_assert_false(pcie_add_ext_capability(d, 0x0011, 1, 0xffc, 8, NULL));    /* past end */
    g_assert_cmphex(cfg_read(&host.bus, 0, 0x100, 4), ==, PCI_EXT_CAP(0x000b, 1, 0x180));
    g_assert_cmphex(cfg_read(&host.bus, 0, 0x180, 4), ==, PCI_EXT_CAP(0x0003, 1, 0x140));
    g_assert_cmphex(cfg_read(&host.bus, 0, 0x140, 4), ==, PCI_EXT_CAP(0x0010, 2, 0));
    g_assert_cmphex(pcie_find_ext_capability(d, 0x0010), ==, 0x140);
    g_assert_cmphex(pcie_find_ext_capability(d, 0x0012), ==, 0);
    teardown();

    /* A conventional function has no extended space. */
    setup();
    d = fake_create("fake-pci,addr=0");
    g_assert_false(pcie_add_ext_capability(d, 1, 1, 0x100, 8, NULL));
    g_assert_false(pcie_cap_init(d, 0, PCI_EXP_TYPE_ENDPOINT, false, NULL));
    teardown();
}

/* The PCI Express capability of an endpoint, and Function Level Reset. */
static void test_pcie_cap(void)
{
    PciDevice *d;
    FakeDev *f;
    uint8_t cap;

    setup();
    fake_spec.bars[0] = (FakeBarSpec){ PCI_BAR_MEM32, 0x1000 };
    fake_spec.exp_cap = true;
    fake_spec.flr = true;
    d = fake_create("fake-pcie,addr=0");
    f = (FakeDev *)d;
    cap = pci_find_capability(d, PCI_CAP_ID_EXP);
    g_assert_cmphex(cap, ==, 0x40);
    g_assert_cmphex(cap, ==, d->exp_cap);
    /* Version 2, endpoint; role-based error reporting and FLR; x1 at 2.5 GT/s, up. */
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_EXP_FLAGS, 2), ==, 0x0002);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_EXP_DEVCAP, 4), ==, 0x10008000);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_EXP_LNKCAP, 4), ==, 0x11);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_EXP_LNKSTA, 2), ==, 0x11);
    /* Device Control resets to relaxed ordering + no snoop, 512-byte read requests. */
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_EXP_DEVCTL, 2), ==, 0x2810);
    /* Everything but Extended Tag, Phantom Functions and Aux Power is writable. */
    cfg_write(&host.bus, 0, cap + PCI_EXP_DEVCTL, 2, 0x7fff);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_EXP_DEVCTL, 2), ==, 0x78ff);
    /* Device Status: error bits W1C, the rest read-only. */
    pci_set_word(d->config + cap + PCI_EXP_DEVSTA, 0x002f);
    cfg_write(&host.bus, 0, cap + PCI_EXP_DEVSTA, 2, PCI_EXP_DEVSTA_URD | PCI_EXP_DEVSTA_TRPND);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_EXP_DEVSTA, 2), ==, 0x0027);
    cfg_write(&host.bus, 0, cap + PCI_EXP_LNKSTA, 2, 0);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_EXP_LNKSTA, 2), ==, 0x11);
    /* Slot and root registers are reserved for an endpoint. */
    cfg_write(&host.bus, 0, cap + 0x18, 4, 0xffffffff);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + 0x18, 4), ==, 0);

    /* Initiate FLR: the function resets, the bit reads 0, the BAR stops decoding. */
    cfg_write(&host.bus, 0, PCI_BASE_ADDRESS_0, 4, 0x80000000);
    cfg_write(&host.bus, 0, PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    g_assert_nonnull(memory_region_subregion_at(&host.mem, 0x80000000));
    cfg_write(&host.bus, 0, cap + PCI_EXP_DEVCTL, 2, PCI_EXP_DEVCTL_BCR_FLR);
    g_assert_cmpint(f->resets, ==, 1);
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_EXP_DEVCTL, 2), ==, 0x2810);
    g_assert_cmphex(cfg_read(&host.bus, 0, PCI_COMMAND, 2), ==, 0);
    g_assert_null(memory_region_subregion_at(&host.mem, 0x80000000));
    g_assert_cmphex(cfg_read(&host.bus, 0, cap + PCI_EXP_DEVSTA, 2), ==, 0);
    teardown();

    /* Without FLR the bit is read-only and nothing resets. */
    setup();
    fake_spec.exp_cap = true;
    d = fake_create("fake-pcie,addr=0");
    cfg_write(&host.bus, 0, d->exp_cap + PCI_EXP_DEVCTL, 2, 0xffff);
    g_assert_cmphex(cfg_read(&host.bus, 0, d->exp_cap + PCI_EXP_DEVCTL, 2), ==, 0x78ff);
    g_assert_cmpint(((FakeDev *)d)->resets, ==, 0);
    teardown();
}

/* ---- INTx ------------------------------------------------------------------------------ */

static void test_intx(void)
{
    PciDevice *a, *b;
    int changes;

    setup();
    a = fake_create("fake-pci,addr=1");     /* INTA of slot 1: line (1 + 0) % 4 = 1 */
    b = fake_create("fake-pci,addr=5");     /* slot 5: line (5 + 0) % 4 = 1, shared */

    pci_set_irq(a, true);
    g_assert_true(host.line[1]);
    g_assert_true(pci_bus_irq_level(&host.bus, 1));
    g_assert_true(cfg_read(&host.bus, PCI_DEVFN(1, 0), PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
    g_assert_false(cfg_read(&host.bus, PCI_DEVFN(5, 0), PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);

    /* Interrupt Disable keeps the line from the bus; Interrupt Status still shows it. */
    cfg_write(&host.bus, PCI_DEVFN(1, 0), PCI_COMMAND, 2, PCI_COMMAND_INTX_DISABLE);
    g_assert_false(host.line[1]);
    g_assert_true(cfg_read(&host.bus, PCI_DEVFN(1, 0), PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
    cfg_write(&host.bus, PCI_DEVFN(1, 0), PCI_COMMAND, 2, 0);
    g_assert_true(host.line[1]);

    /* A wired-OR: the line stays up until both release it, and only edges reach the host. */
    changes = host.line_changes;
    pci_set_irq(b, true);
    pci_set_irq(a, false);
    g_assert_true(host.line[1]);
    g_assert_cmpint(host.line_changes, ==, changes);
    pci_set_irq(b, true);                   /* same level again: nothing */
    pci_set_irq(b, false);
    g_assert_false(host.line[1]);
    g_assert_cmpint(host.line_changes, ==, changes + 1);
    g_assert_false(cfg_read(&host.bus, PCI_DEVFN(5, 0), PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);

    /* Status.Interrupt is read-only: writing it does not clear or set it. */
    pci_set_irq(a, true);
    cfg_write(&host.bus, PCI_DEVFN(1, 0), PCI_STATUS, 2, 0xffff);
    g_assert_true(cfg_read(&host.bus, PCI_DEVFN(1, 0), PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
    g_assert_true(host.line[1]);

    /* Removing an asserting function releases its line. */
    device_destroy(&a->dev);
    g_assert_false(host.line[1]);
    g_assert_cmpint(host.unplugged, ==, 1);
    teardown();
}

/* ---- Reset ------------------------------------------------------------------------------ */

static void test_reset(void)
{
    PciDevice *d;
    FakeDev *f;
    uint8_t before[256];

    setup();
    fake_spec.bars[0] = (FakeBarSpec){ PCI_BAR_MEM32, 0x1000 };
    d = fake_create("fake-pci,addr=2");
    f = (FakeDev *)d;
    memcpy(before, d->config, sizeof(before));

    cfg_write(&host.bus, 0x10, PCI_BASE_ADDRESS_0, 4, 0x80001000);
    cfg_write(&host.bus, 0x10, PCI_COMMAND, 2, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    cfg_write(&host.bus, 0x10, PCI_INTERRUPT_LINE, 1, 9);
    cfg_write(&host.bus, 0x10, PCI_CACHE_LINE_SIZE, 1, 0x20);
    pci_set_word(d->config + PCI_STATUS, PCI_STATUS_REC_TARGET_ABORT);
    pci_set_irq(d, true);
    g_assert_true(host.line[2]);
    g_assert_cmphex(pci_bar_mapped_address(d, 0), ==, 0x80001000);

    device_reset_all();
    g_assert_cmpint(f->resets, ==, 1);
    g_assert_cmpmem(d->config, 256, before, 256);
    g_assert_cmphex(cfg_read(&host.bus, 0x10, PCI_BASE_ADDRESS_0, 4), ==, 0);
    g_assert_cmphex(pci_bar_mapped_address(d, 0), ==, PCI_BAR_UNMAPPED);
    g_assert_null(memory_region_subregion_at(&host.mem, 0x80001000));
    g_assert_false(host.line[2]);
    g_assert_false(pci_irq_level(d));
    teardown();
}

/* ---- Plugging ------------------------------------------------------------------------------ */

static void test_plug_rules(void)
{
    PciDevice *d;
    char *msg;
    char *addr;

    setup();
    /* Without addr: the first slot with no function in it. */
    d = fake_create("fake-pci");
    g_assert_cmpint(d->devfn, ==, 0);
    d = fake_create("fake-pci,id=two");
    g_assert_cmpint(d->devfn, ==, 8);
    addr = host.bus.bus.ops->dev_address(&host.bus.bus, &d->dev);
    g_assert_cmpstr(addr, ==, "01.0");
    g_free(addr);

    msg = fake_create_fails("fake-pci,addr=1");
    g_assert_cmpstr(msg, ==, "PCI: slot 1 function 0 not available for fake-pci, in use by two");
    g_free(msg);
    msg = fake_create_fails("fake-pci,addr=20");
    g_assert_nonnull(strstr(msg, "slot 0-1f"));
    g_free(msg);

    /* Multifunction: function 0 must say so before other functions may join... */
    fake_create("fake-pci,addr=4");
    msg = fake_create_fails("fake-pci,addr=4.1");
    g_assert_cmpstr(msg, ==, "PCI: single function device can't be populated in function 4.1");
    g_free(msg);
    /* ...and a single-function function 0 cannot join a slot with others. */
    fake_create("fake-pci,addr=5.2");
    msg = fake_create_fails("fake-pci,addr=5.0");
    g_assert_cmpstr(msg, ==, "PCI: 5.0 indicates single function, but 5.2 is already populated");
    g_free(msg);
    d = fake_create("fake-pci,addr=5.0,multifunction=on");
    g_assert_cmphex(cfg_read(&host.bus, PCI_DEVFN(5, 0), PCI_HEADER_TYPE, 1), ==, 0x80);
    fake_create("fake-pci,addr=5.1");
    g_assert_nonnull(pci_bus_find_device(&host.bus, 0, PCI_DEVFN(5, 1)));

    /* The host may refuse; the function then leaves no trace on the bus. */
    host.refuse_plug = true;
    msg = fake_create_fails("fake-pci,addr=9");
    g_assert_cmpstr(msg, ==, "fake host refuses 09.0");
    g_free(msg);
    g_assert_null(pci_bus_find_device(&host.bus, 0, PCI_DEVFN(9, 0)));
    host.refuse_plug = false;
    d = fake_create("fake-pci,addr=9,id=nine");
    g_assert_true(device_find_by_id("nine") == &d->dev);

    /* device_del through the host, which releases at once here. */
    g_assert_true(device_unplug_request(&d->dev, NULL));
    g_assert_null(pci_bus_find_device(&host.bus, 0, PCI_DEVFN(9, 0)));
    g_assert_null(device_find_by_id("nine"));

    /* All 32 slots taken: no room for an automatic address. */
    for (int slot = 0; slot < PCI_SLOT_MAX; slot++) {
        if (!pci_bus_find_device(&host.bus, 0, PCI_DEVFN(slot, 0)) &&
            !pci_bus_find_device(&host.bus, 0, PCI_DEVFN(slot, 2))) {
            fake_create("fake-pci");
        }
    }
    msg = fake_create_fails("fake-pci");
    g_assert_cmpstr(msg, ==, "PCI: no slot/function available for fake-pci, all in use");
    g_free(msg);
    teardown();
    g_assert_null(bus_find("pci.test", NULL));
}

/* ---- info pci and qtree -------------------------------------------------------------------- */

static void test_info_pci(void)
{
    GString *out = g_string_new(NULL);
    PciDevice *d;

    setup();
    fake_spec.bars[0] = (FakeBarSpec){ PCI_BAR_MEM32, 0x20000 };
    fake_spec.bars[1] = (FakeBarSpec){ PCI_BAR_IO, 0x40 };
    fake_spec.bars[2] = (FakeBarSpec){ PCI_BAR_MEM64 | PCI_BAR_PREFETCH, 0x4000 };
    d = fake_create("fake-pci,addr=0,id=net0");
    cfg_write(&host.bus, 0, PCI_BASE_ADDRESS_0, 4, 0x80000000);
    cfg_write(&host.bus, 0, PCI_BASE_ADDRESS_0 + 4, 4, 0x40);
    cfg_write(&host.bus, 0, PCI_COMMAND, 2, PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
    cfg_write(&host.bus, 0, PCI_INTERRUPT_LINE, 1, 0);
    fake_spec.bars[2].size = 0;
    fake_create("fake-pcie,addr=3.0");

    pci_bus_print_info(&host.bus, out);
    g_assert_cmpstr(out->str, ==,
        "  Bus  0, device   0, function 0:\n"
        "    Ethernet controller: PCI device 8086:100e\n"
        "      PCI subsystem 1af4:1100\n"
        "      IRQ 0, pin A\n"
        "      BAR0: 32 bit memory at 0x80000000 [0x8001ffff].\n"
        "      BAR1: I/O at 0x0040 [0x007f].\n"
        "      BAR2: 64 bit prefetchable memory at 0x00000000 [0x00003fff].\n"
        "      id \"net0\"\n"
        "  Bus  0, device   3, function 0:\n"
        "    Ethernet controller: PCI device 8086:100e\n"
        "      PCI subsystem 1af4:1100\n"
        "      IRQ 0, pin A\n"
        "      BAR0: 32 bit memory at 0xffffffffffffffff [0x0001fffe].\n"
        "      BAR1: I/O at 0xffffffffffffffff [0x003e].\n"
        "      id \"\"\n");

    /* A class the table does not know prints its number, in decimal as QEMU does. */
    pci_set_word(d->config + PCI_CLASS_DEVICE, 0xff00);
    g_string_truncate(out, 0);
    pci_bus_print_info(&host.bus, out);
    g_assert_nonnull(strstr(out->str, "    Class 65280: PCI device 8086:100e\n"));
    g_assert_cmpstr(pci_class_description(0x0c03), ==, "USB controller");
    g_assert_null(pci_class_description(0xff00));

    g_string_truncate(out, 0);
    device_print_qtree(out);
    g_assert_nonnull(strstr(out->str,
        "bus: pci.test\n  type PCI\n  dev: fake-pci, id \"net0\"\n    addr = 00.0\n"
        "    multifunction = off\n"
        "    class Class ff00, addr 00:00.0, pci id 8086:100e (sub 1af4:1100)\n"
        "    bar 0: mem at 0x80000000 [0x8001ffff]\n"
        "    bar 1: i/o at 0x40 [0x7f]\n"));
    teardown();
    g_string_free(out, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/pci/config/header-ids", test_header_ids);
    g_test_add_func("/pci/config/header-masks", test_header_masks);
    g_test_add_func("/pci/config/access-errors", test_access_errors);
    g_test_add_func("/pci/config/capabilities", test_capabilities);
    g_test_add_func("/pci/config/pcie-cap", test_pcie_cap);
    g_test_add_func("/pci/config/intx", test_intx);
    g_test_add_func("/pci/config/reset", test_reset);
    g_test_add_func("/pci/bus/plug-rules", test_plug_rules);
    g_test_add_func("/pci/bus/info-pci", test_info_pci);
    return g_test_run();
}
