/*
 * Unit tests for the sPAPR PHB (pci/spapr-phb*.c): PHB creation and its bad
 * input, the config-space RTAS calls as the guest makes them (rtas_args in
 * guest RAM), the EEH calls, the BARs firmware assigns at boot, MMIO
 * through the CPU windows, INTx onto XICS, a device's DMA through the TCE
 * table, and the device-tree nodes, whose values are computed here from
 * QEMU 7.2's formulas (pci-hotplug-papr.md 1) rather than taken from the
 * code under test.
 */
#include <glib.h>
#include <libfdt.h>
#include <string.h>

#include "spapr-test-util.h"
#include "pci/msix.h"
#include "pci/pci-bus.h"
#include "pci/pci-testdev.h"
#include "pci/spapr-phb.h"
#include "ppc/spapr/dt_util.h"
#include "ppc/spapr/spapr_hcall.h"

#define RAM_SIZE        (64ull << 20)
#define ARGS_ADDR       0x10000ull
#define PCI_BASE        0x200000000000ull      /* every PHB window is above 32 TiB */
#define GIB             (1ull << 30)
#define TIB             (1ull << 40)

/* QEMU 7.2's layout for PHB i (pci-hotplug-papr.md 1). */
static uint64_t buid(int i)      { return 0x800000020000000ull + (uint64_t)i; }
static uint64_t io_cpu(int i)    { return PCI_BASE + (uint64_t)i * 0x10000; }
static uint64_t mem32_cpu(int i) { return PCI_BASE + (uint64_t)(i + 1) * 2 * GIB; }
static uint64_t mem64_cpu(int i) { return PCI_BASE + (uint64_t)(i + 1) * TIB; }
static uint32_t liobn(int i)     { return 0x80000000u | (uint32_t)i << 8; }
static uint32_t lsi(int i, int slot, int pin1)  /* pin1: 1..4 = INTA..INTD */
{
    return 0x1200u + 4u * (uint32_t)i + (uint32_t)((slot + pin1 - 1) % 4);
}

/* config_addr of the RTAS calls: register bits 11:8 go to bits 31:28. */
static uint32_t cfg(int bus, int devfn, uint32_t reg)
{
    return (reg & 0xf00) << 20 | (uint32_t)bus << 16 | (uint32_t)devfn << 8 | (reg & 0xff);
}

/* ---- A conventional (not Express) PCI NIC-like function, e1000's shape ---- */

typedef struct TestNic {
    PciDevice pci;
    MemoryRegion mmio, io;
} TestNic;

static uint64_t nic_read(void *opaque, uint64_t off, unsigned size)
{
    return 0x600d0000u | (uint32_t)off;
}

static void nic_write(void *opaque, uint64_t off, uint64_t v, unsigned size)
{
}

static const MemoryRegionOps nic_ops = {
    .read = nic_read, .write = nic_write, .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static bool nic_realize(PciDevice *dev, Error **errp)
{
    TestNic *n = (TestNic *)dev;

    memory_region_init_io(&n->mmio, "test-nic-mmio", &nic_ops, n, 0x20000);
    memory_region_init_io(&n->io, "test-nic-io", &nic_ops, n, 0x40);
    pci_register_bar(dev, 0, PCI_BAR_MEM32, &n->mmio);
    pci_register_bar(dev, 1, PCI_BAR_IO, &n->io);
    return true;
}

static void nic_exit(PciDevice *dev)
{
    TestNic *n = (TestNic *)dev;

    memory_region_finalize(&n->mmio);
    memory_region_finalize(&n->io);
}

static const PropDef nic_props[] = { PCI_DEVICE_PROPS, PROP_END };

static const PciDeviceClass nic_class = {
    .parent = { .name = "test-nic", .instance_size = sizeof(TestNic), .props = nic_props,
                .user_creatable = true, PCI_DEVICE_CLASS_HOOKS },
    .vendor_id = 0x8086, .device_id = 0x100e, .revision = 3, .class_code = 0x020000,
    .interrupt_pin = 1, .realize = nic_realize, .exit = nic_exit,
};

/* ---- Fixture ---- */

typedef struct Fixture {
    TestCfg t;
    SpaprMachine *m;
} Fixture;

static void fixture_up(Fixture *f)
{
    Error *err = NULL;
    static bool registered;

    if (!registered) {
        pci_device_class_register(&nic_class);
        registered = true;
    }
    test_cfg_init(&f->t, 1, RAM_SIZE);
    f->t.cfg.nodefaults = true;
    f->m = spapr_machine_create(&f->t.cfg, &err);
    g_assert_null(err);
    g_assert_nonnull(f->m);
}

static void fixture_down(Fixture *f)
{
    spapr_machine_free(f->m);
    test_cfg_cleanup(&f->t);
}

static Device *add(const char *spec)
{
    Error *err = NULL;
    Device *d = device_create_from_string(spec, false, &err);

    if (!d) {
        g_error("-device %s: %s", spec, error_get_pretty(err));
    }
    return d;
}

/* The one error line a bad -device gives. */
static void add_fails(const char *spec, const char *message_part)
{
    Error *err = NULL;

    g_assert_null(device_create_from_string(spec, false, &err));
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), message_part)) {
        g_error("-device %s: '%s' does not say '%s'", spec, error_get_pretty(err), message_part);
    }
    g_assert_null(strchr(error_get_pretty(err), '\n'));
    error_free(err);
}

/* ---- RTAS as the guest calls it ---- */

static int32_t rtas(Fixture *f, const char *name, uint32_t nargs, uint32_t nret,
                    const uint32_t *args, uint32_t *rets)
{
    uint32_t r[RTAS_MAX_ARGS];

    g_assert_cmpint(spapr_test_rtas(f->m, NULL, ARGS_ADDR, name, nargs, nret, args, r), ==,
                    H_SUCCESS);
    for (uint32_t i = 0; rets && i < nret; i++) {
        rets[i] = r[i];
    }
    return (int32_t)r[0];
}

/* ibm,read-pci-config: the status, and the value in *val. */
static int32_t cfg_read(Fixture *f, int phb, uint32_t addr, uint32_t size, uint32_t *val)
{
    uint32_t args[4] = { addr, (uint32_t)(buid(phb) >> 32), (uint32_t)buid(phb), size };
    uint32_t rets[2];
    int32_t st = rtas(f, "ibm,read-pci-config", 4, 2, args, rets);

    *val = rets[1];
    return st;
}

static int32_t cfg_write(Fixture *f, int phb, uint32_t addr, uint32_t size, uint32_t val)
{
    uint32_t args[5] = { addr, (uint32_t)(buid(phb) >> 32), (uint32_t)buid(phb), size, val };

    return rtas(f, "ibm,write-pci-config", 5, 1, args, NULL);
}

static uint32_t cfg_read_ok(Fixture *f, int phb, uint32_t addr, uint32_t size)
{
    uint32_t v;

    g_assert_cmpint(cfg_read(f, phb, addr, size, &v), ==, RTAS_OUT_SUCCESS);
    return v;
}

static uint32_t mmio_read32(Fixture *f, uint64_t addr)
{
    uint8_t b[4];

    g_assert_cmpint(address_space_read(&f->m->as, addr, b, 4), ==, MEMTX_OK);
    return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void mmio_write32(Fixture *f, uint64_t addr, uint32_t v)
{
    uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

    g_assert_cmpint(address_space_write(&f->m->as, addr, b, 4), ==, MEMTX_OK);
}

/* Whether `info pic`'s line for source irq says what (" asserted", "MSI pending"). */
static bool xics_line_says(Fixture *f, uint32_t irq, const char *what)
{
    GString *s = g_string_new(NULL);
    char *key = g_strdup_printf("ICS irq 0x%x: ", irq);
    const char *line;
    bool yes = false;

    xics_print_info(f->m->xics, s);
    line = strstr(s->str, key);
    if (line) {
        const char *end = strchr(line, '\n');
        char *one = g_strndup(line, end ? (gsize)(end - line) : strlen(line));
        yes = strstr(one, what) != NULL;
        g_free(one);
    }
    g_free(key);
    g_string_free(s, TRUE);
    return yes;
}

static bool xics_asserted(Fixture *f, uint32_t irq)
{
    return xics_line_says(f, irq, " asserted");
}

/* ---- PHBs and their bad input ---- */

static void test_default_and_more_phbs(void)
{
    Fixture f;

    fixture_up(&f);
    /* PHB 0 even with -nodefaults, as QEMU. */
    g_assert_nonnull(f.m->phbs[0]);
    g_assert_true(bus_find("pci.0", NULL) == &f.m->phbs[0]->bus.bus);
    g_assert_true(spapr_phb_find(f.m, buid(0)) == f.m->phbs[0]);
    g_assert_null(spapr_phb_find(f.m, buid(1)));
    g_assert_null(spapr_phb_find(f.m, 0));

    add("spapr-pci-host-bridge,index=2");
    add("spapr-pci-host-bridge,index=30,id=last");
    add("spapr-pci-host-bridge,index=7");
    /* QEMU's bus names: pci.<count of id-less ones>, or <id>.0. */
    g_assert_true(bus_find("pci.1", NULL) == &f.m->phbs[2]->bus.bus);
    g_assert_true(bus_find("last.0", NULL) == &f.m->phbs[30]->bus.bus);
    g_assert_true(bus_find("pci.2", NULL) == &f.m->phbs[7]->bus.bus);
    g_assert_true(spapr_phb_find(f.m, buid(30)) == f.m->phbs[30]);

    /* A device goes to the bus it names; without bus=, to pci.0. */
    add("pci-testdev,bus=pci.2,addr=4.0,id=on7");
    add("pci-testdev,id=on0");
    g_assert_nonnull(pci_bus_find_device(&f.m->phbs[7]->bus, 0, PCI_DEVFN(4, 0)));
    g_assert_nonnull(pci_bus_find_device(&f.m->phbs[0]->bus, 0, PCI_DEVFN(0, 0)));
    g_assert_null(pci_bus_find_device(&f.m->phbs[2]->bus, 0, PCI_DEVFN(4, 0)));
    fixture_down(&f);
    /* The windows left the memory map with their PHBs: a new machine maps them again. */
    fixture_up(&f);
    add("spapr-pci-host-bridge,index=2");
    fixture_down(&f);
}

static void test_bad_input(void)
{
    Fixture f;

    fixture_up(&f);
    add_fails("spapr-pci-host-bridge", "\"index\" for PAPR PHB is mandatory");
    add_fails("spapr-pci-host-bridge,index=31", "too large");
    add_fails("spapr-pci-host-bridge,index=0", "unique");
    add_fails("spapr-pci-host-bridge,index=x", "index");
    add("spapr-pci-host-bridge,index=1");
    add_fails("spapr-pci-host-bridge,index=1", "unique");
    /* An id whose bus name is taken already (pci.0 is PHB 0's). */
    add_fails("spapr-pci-host-bridge,index=3,id=pci", "pci.0");
    add("pci-testdev,addr=2.0,id=first");
    add_fails("pci-testdev,addr=2.0", "in use by first");
    add_fails("pci-testdev,bus=pci.9", "Bus 'pci.9' not found");
    add_fails("pci-testdev,addr=20.0", "addr");
    /* Nothing half-made stayed behind: index 3 and devfn 2.1 are still free. */
    g_assert_null(f.m->phbs[3]);
    add("spapr-pci-host-bridge,index=3");
    add("test-nic,addr=5.0");
    add_fails("test-nic,addr=5.1", "single function");
    fixture_down(&f);
}

/* ---- Config space through RTAS ---- */

static void test_config_rtas(void)
{
    Fixture f;
    uint32_t v;
    const uint32_t legacy[2] = { cfg(0, PCI_DEVFN(2, 0), PCI_DEVICE_ID), 2 };
    uint32_t rets[2];

    fixture_up(&f);
    add("pci-testdev,addr=2.0");
    add("test-nic,addr=3.0");
    add("spapr-pci-host-bridge,index=1");
    add("test-nic,bus=pci.1,addr=2.0");

    /* Sizes 4, 2, 1 of the ID registers. */
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, PCI_DEVFN(2, 0), 0), 4), ==, 0x7e571234);
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, PCI_DEVFN(2, 0), 2), 2), ==, 0x7e57);
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, PCI_DEVFN(2, 0), 1), 1), ==, 0x12);
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, PCI_DEVFN(3, 0), 0), 4), ==, 0x100e8086);
    /* The same devfn on PHB 1 is another function. */
    g_assert_cmphex(cfg_read_ok(&f, 1, cfg(0, PCI_DEVFN(2, 0), 0), 4), ==, 0x100e8086);

    /* Absent functions, and a bus that does not exist, read all-ones with success (LoPAR). */
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, PCI_DEVFN(4, 0), 0), 4), ==, 0xffffffff);
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, PCI_DEVFN(2, 1), 0), 2), ==, 0xffff);
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, PCI_DEVFN(31, 7), 0), 1), ==, 0xff);
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(1, PCI_DEVFN(2, 0), 0), 4), ==, 0xffffffff);
    g_assert_cmphex(cfg_read_ok(&f, 1, cfg(0, PCI_DEVFN(3, 0), 0), 4), ==, 0xffffffff);
    /* ... and writes there are ignored with success. */
    g_assert_cmpint(cfg_write(&f, 0, cfg(0, PCI_DEVFN(4, 0), PCI_COMMAND), 2, 6), ==, 0);

    /* Parameter errors: size, alignment, past the config space, unknown BUID. */
    g_assert_cmpint(cfg_read(&f, 0, cfg(0, PCI_DEVFN(2, 0), 0), 3, &v), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(cfg_read(&f, 0, cfg(0, PCI_DEVFN(2, 0), 0), 0, &v), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(cfg_read(&f, 0, cfg(0, PCI_DEVFN(2, 0), 0), 8, &v), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(cfg_read(&f, 0, cfg(0, PCI_DEVFN(2, 0), 1), 2, &v), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(cfg_read(&f, 0, cfg(0, PCI_DEVFN(2, 0), 2), 4, &v), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(cfg_write(&f, 0, cfg(0, PCI_DEVFN(2, 0), 6), 4, 0), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(cfg_write(&f, 0, cfg(0, PCI_DEVFN(2, 0), 4), 5, 0), ==, RTAS_OUT_PARAM_ERROR);
    /* Extended registers: there on the PCI Express function, past the end on the other. */
    g_assert_cmpint(cfg_read(&f, 0, cfg(0, PCI_DEVFN(2, 0), 0x100), 4, &v), ==, RTAS_OUT_SUCCESS);
    g_assert_cmpint(cfg_read(&f, 0, cfg(0, PCI_DEVFN(2, 0), 0xffc), 4, &v), ==, RTAS_OUT_SUCCESS);
    g_assert_cmpint(cfg_read(&f, 0, cfg(0, PCI_DEVFN(3, 0), 0x100), 4, &v), ==,
                    RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(cfg_read(&f, 2, cfg(0, PCI_DEVFN(2, 0), 0), 4, &v), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(cfg_read(&f, 31, cfg(0, PCI_DEVFN(2, 0), 0), 4, &v), ==, RTAS_OUT_PARAM_ERROR);

    /* Sizing BAR0 of the NIC (128 KiB, 32-bit memory) by writing all-ones, as firmware does. */
    g_assert_cmpint(cfg_write(&f, 0, cfg(0, PCI_DEVFN(3, 0), PCI_BASE_ADDRESS_0), 4, 0xffffffff),
                    ==, 0);
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, PCI_DEVFN(3, 0), PCI_BASE_ADDRESS_0), 4), ==,
                    0xfffe0000);
    g_assert_cmpint(cfg_write(&f, 0, cfg(0, PCI_DEVFN(3, 0), PCI_BASE_ADDRESS_0 + 4), 4,
                              0xffffffff), ==, 0);
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, PCI_DEVFN(3, 0), PCI_BASE_ADDRESS_0 + 4), 4), ==,
                    0xffffffc1);
    /* A byte write lands in one byte. */
    g_assert_cmpint(cfg_write(&f, 0, cfg(0, PCI_DEVFN(3, 0), PCI_INTERRUPT_LINE), 1, 0x5a), ==, 0);
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, PCI_DEVFN(3, 0), PCI_INTERRUPT_LINE), 4), ==,
                    0x0000015a);

    /* The legacy call has no BUID: it reaches PHB 0. */
    g_assert_cmpint(rtas(&f, "read-pci-config", 2, 2, legacy, rets), ==, 0);
    g_assert_cmphex(rets[1], ==, 0x7e57);
    {
        const uint32_t w[3] = { cfg(0, PCI_DEVFN(3, 0), PCI_INTERRUPT_LINE), 1, 0x33 };
        g_assert_cmpint(rtas(&f, "write-pci-config", 3, 1, w, rets), ==, 0);
        g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, PCI_DEVFN(3, 0), PCI_INTERRUPT_LINE), 1), ==,
                        0x33);
    }
    /* A wrong shape never reaches the handler. */
    {
        const uint32_t a[3] = { cfg(0, PCI_DEVFN(2, 0), 0), (uint32_t)(buid(0) >> 32), 4 };
        g_assert_cmpint(rtas(&f, "ibm,read-pci-config", 3, 2, a, rets), ==, RTAS_OUT_PARAM_ERROR);
    }
    fixture_down(&f);
}

static void test_eeh_not_supported(void)
{
    Fixture f;
    const uint32_t a[8] = { cfg(0, 0, 0), (uint32_t)(buid(0) >> 32), (uint32_t)buid(0), 1 };
    static const struct {
        const char *name;
        uint32_t nargs, nret;
    } calls[] = {
        { "ibm,set-eeh-option", 4, 1 }, { "ibm,get-config-addr-info2", 4, 2 },
        { "ibm,read-slot-reset-state2", 3, 4 }, { "ibm,read-slot-reset-state2", 3, 5 },
        { "ibm,set-slot-reset", 4, 1 }, { "ibm,configure-pe", 3, 1 },
        { "ibm,slot-error-detail", 8, 1 },
    };

    fixture_up(&f);
    add("pci-testdev,addr=0.0");
    for (size_t i = 0; i < G_N_ELEMENTS(calls); i++) {
        g_assert_cmpint(rtas(&f, calls[i].name, calls[i].nargs, calls[i].nret, a, NULL), ==, -3);
    }
    fixture_down(&f);
}

/* ---- Boot-time BARs, MMIO through the windows, INTx, DMA ---- */

static void test_boot_bars_and_mmio(void)
{
    Fixture f;
    PciDevice *t0, *t3, *nic;

    fixture_up(&f);
    add("pci-testdev,addr=0.0");
    add("pci-testdev,addr=3.0");
    add("spapr-pci-host-bridge,index=2");
    add("test-nic,bus=pci.1,addr=1.0");
    spapr_phb_boot_setup(f.m);
    t0 = pci_bus_find_device(&f.m->phbs[0]->bus, 0, PCI_DEVFN(0, 0));
    t3 = pci_bus_find_device(&f.m->phbs[0]->bus, 0, PCI_DEVFN(3, 0));
    nic = pci_bus_find_device(&f.m->phbs[2]->bus, 0, PCI_DEVFN(1, 0));

    /*
     * SLOF's order: BAR0 (4 KiB) at the 32-bit window's start, BAR1 (I/O, 64 B)
     * from 0x10 aligned up, BAR2 (64-bit, not prefetchable: the MSI-X table)
     * into the 32-bit window after a 64 KiB step, BAR4 (64-bit prefetchable)
     * at the 64-bit window's start; the next function continues from there.
     */
    g_assert_cmphex(pci_bar_base(t0, 0), ==, 0x80000000);
    g_assert_cmphex(pci_bar_base(t0, 1), ==, 0x40);
    g_assert_cmphex(pci_bar_base(t0, 2), ==, 0x80010000);
    g_assert_cmphex(pci_bar_base(t0, 4), ==, mem64_cpu(0));
    g_assert_cmphex(pci_bar_base(t3, 0), ==, 0x80020000);
    g_assert_cmphex(pci_bar_base(t3, 1), ==, 0x80);
    g_assert_cmphex(pci_bar_base(t3, 2), ==, 0x80030000);
    g_assert_cmphex(pci_bar_base(t3, 4), ==, mem64_cpu(0) + 0x100000);
    g_assert_cmphex(pci_bar_base(nic, 0), ==, 0x80000000);
    g_assert_cmphex(pci_bar_base(nic, 1), ==, 0x40);
    /* The command register SLOF leaves: SERR# and parity, nothing decoding yet. */
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, PCI_DEVFN(3, 0), PCI_COMMAND), 2), ==, 0x140);
    g_assert_cmphex(pci_bar_mapped_address(t0, 0), ==, PCI_BAR_UNMAPPED);
    /*
     * Nothing decodes there yet: the access completes as a master abort (PCI
     * 3.0, 3.3.3.1), reads all-ones and writes dropped, in every window.
     */
    {
        uint64_t addrs[] = { mem32_cpu(0), mem32_cpu(0) + 0x40, mem64_cpu(0), io_cpu(0) + 0xff00 };
        for (size_t i = 0; i < G_N_ELEMENTS(addrs); i++) {
            uint32_t v = 0, w = 0x12345678;
            g_assert_cmpint(address_space_write(&f.m->as, addrs[i], &w, 4), ==, MEMTX_OK);
            g_assert_cmpint(address_space_read(&f.m->as, addrs[i], &v, 4), ==, MEMTX_OK);
            g_assert_cmphex(v, ==, 0xffffffff);
        }
    }

    /* The driver turns memory and I/O on: the registers answer through the CPU windows. */
    g_assert_cmpint(cfg_write(&f, 0, cfg(0, PCI_DEVFN(3, 0), PCI_COMMAND), 2, 0x143), ==, 0);
    g_assert_cmpint(cfg_write(&f, 2, cfg(0, PCI_DEVFN(1, 0), PCI_COMMAND), 2, 0x143), ==, 0);
    g_assert_cmphex(mmio_read32(&f, mem32_cpu(0) + 0x20000 + TESTDEV_ID), ==, PCI_TESTDEV_MAGIC);
    mmio_write32(&f, mem32_cpu(0) + 0x20000 + TESTDEV_SCRATCH, 0xcafe0001);
    g_assert_cmphex(mmio_read32(&f, io_cpu(0) + 0x80 + TESTDEV_SCRATCH), ==, 0xcafe0001);
    /* PHB 2's windows lead to its own bus. */
    g_assert_cmphex(mmio_read32(&f, mem32_cpu(2) + 0x18), ==, 0x600d0018);
    g_assert_cmphex(mmio_read32(&f, io_cpu(2) + 0x40 + 0x8), ==, 0x600d0008);
    fixture_down(&f);
}

static void test_intx_to_xics(void)
{
    Fixture f;
    uint64_t regs;

    fixture_up(&f);
    add("pci-testdev,addr=3.0");
    add("spapr-pci-host-bridge,index=5");
    add("pci-testdev,bus=pci.1,addr=6.0");
    spapr_phb_boot_setup(f.m);
    cfg_write(&f, 0, cfg(0, PCI_DEVFN(3, 0), PCI_COMMAND), 2, 0x142);
    cfg_write(&f, 5, cfg(0, PCI_DEVFN(6, 0), PCI_COMMAND), 2, 0x142);

    /* Slot 3, INTA: line (3 + 0) mod 4 of PHB 0. */
    regs = mem32_cpu(0);       /* its BAR0, the first in the 32-bit window */
    mmio_write32(&f, regs + TESTDEV_IRQ_ENABLE, TESTDEV_IRQ_SOFT);
    g_assert_false(xics_asserted(&f, lsi(0, 3, 1)));
    mmio_write32(&f, regs + TESTDEV_IRQ_RAISE, 1);
    g_assert_true(xics_asserted(&f, lsi(0, 3, 1)));
    g_assert_false(xics_asserted(&f, lsi(0, 0, 1)));
    /* Interrupt Disable in the command register takes it off the line. */
    cfg_write(&f, 0, cfg(0, PCI_DEVFN(3, 0), PCI_COMMAND), 2, 0x542);
    g_assert_false(xics_asserted(&f, lsi(0, 3, 1)));
    cfg_write(&f, 0, cfg(0, PCI_DEVFN(3, 0), PCI_COMMAND), 2, 0x142);
    g_assert_true(xics_asserted(&f, lsi(0, 3, 1)));
    /* Level-triggered: it stays until the cause is cleared. */
    mmio_write32(&f, regs + TESTDEV_IRQ_STATUS, TESTDEV_IRQ_SOFT);
    g_assert_false(xics_asserted(&f, lsi(0, 3, 1)));

    /* PHB 5, slot 6: its own LSIs. */
    regs = mem32_cpu(5);
    mmio_write32(&f, regs + TESTDEV_IRQ_ENABLE, TESTDEV_IRQ_SOFT);
    mmio_write32(&f, regs + TESTDEV_IRQ_RAISE, 1);
    g_assert_true(xics_asserted(&f, lsi(5, 6, 1)));
    g_assert_false(xics_asserted(&f, lsi(0, 6, 1)));
    fixture_down(&f);
}

static void test_device_dma_through_tces(void)
{
    Fixture f;
    uint64_t regs;
    uint8_t src[256], dst[256], before[256];
    uint64_t args[SPAPR_HCALL_ARG_REGS];
    uint32_t status;

    fixture_up(&f);
    add("pci-testdev,addr=1.0");
    spapr_phb_boot_setup(f.m);
    regs = mem32_cpu(0);
    for (unsigned i = 0; i < sizeof(src); i++) {
        src[i] = (uint8_t)(255 - i);
    }
    address_space_write(&f.m->as, 0x200000, src, sizeof(src));
    memset(before, 0x11, sizeof(before));
    address_space_write(&f.m->as, 0x300000, before, sizeof(before));
    /* Bus 0x1000 -> RAM 0x200000 (device may read), bus 0x2000 -> RAM 0x300000 (read-write). */
    args[0] = liobn(0);
    args[1] = 0x1000;
    args[2] = 0x200000 | SPAPR_TCE_READ;
    g_assert_cmpint(spapr_hcall_dispatch(f.m, NULL, H_PUT_TCE, args), ==, H_SUCCESS);
    args[0] = liobn(0);
    args[1] = 0x2000;
    args[2] = 0x300000 | SPAPR_TCE_READ | SPAPR_TCE_WRITE;
    g_assert_cmpint(spapr_hcall_dispatch(f.m, NULL, H_PUT_TCE, args), ==, H_SUCCESS);

    /* Bus mastering off: the device may not DMA at all. */
    cfg_write(&f, 0, cfg(0, PCI_DEVFN(1, 0), PCI_COMMAND), 2, 0x142);
    mmio_write32(&f, regs + TESTDEV_DMA_SRC, 0x1000);
    mmio_write32(&f, regs + TESTDEV_DMA_DST, 0x2000);
    mmio_write32(&f, regs + TESTDEV_DMA_LEN, sizeof(src));
    mmio_write32(&f, regs + TESTDEV_DMA_CMD, TESTDEV_CMD_START);
    status = mmio_read32(&f, regs + TESTDEV_DMA_STATUS);
    g_assert_cmphex(status, ==, TESTDEV_DMA_ERROR | PCI_DMA_ERR_NO_MASTER << TESTDEV_DMA_ERR_SHIFT);

    cfg_write(&f, 0, cfg(0, PCI_DEVFN(1, 0), PCI_COMMAND), 2, 0x146);
    mmio_write32(&f, regs + TESTDEV_DMA_CMD, TESTDEV_CMD_START);
    g_assert_cmphex(mmio_read32(&f, regs + TESTDEV_DMA_STATUS), ==, TESTDEV_DMA_DONE);
    address_space_read(&f.m->as, 0x300000, dst, sizeof(dst));
    g_assert_cmpmem(dst, sizeof(dst), src, sizeof(src));

    /* Copy the other way: the source page is not writable, so the write fails. */
    address_space_write(&f.m->as, 0x200000, src, sizeof(src));
    address_space_write(&f.m->as, 0x300000, before, sizeof(before));
    mmio_write32(&f, regs + TESTDEV_DMA_SRC, 0x2000);
    mmio_write32(&f, regs + TESTDEV_DMA_DST, 0x1000);
    mmio_write32(&f, regs + TESTDEV_DMA_CMD, TESTDEV_CMD_START);
    g_assert_cmphex(mmio_read32(&f, regs + TESTDEV_DMA_STATUS), ==,
                    TESTDEV_DMA_ERROR | PCI_DMA_ERR_IOMMU << TESTDEV_DMA_ERR_SHIFT);
    address_space_read(&f.m->as, 0x200000, dst, sizeof(dst));
    g_assert_cmpmem(dst, sizeof(dst), src, sizeof(src));
    /* The function saw a master abort. */
    g_assert_true(cfg_read_ok(&f, 0, cfg(0, PCI_DEVFN(1, 0), PCI_STATUS), 2) &
                  PCI_STATUS_REC_MASTER_ABORT);
    /* Outside the window (no TCE can cover it). */
    mmio_write32(&f, regs + TESTDEV_DMA_SRC, 0);
    mmio_write32(&f, regs + TESTDEV_DMA_SRC + 4, 1);
    mmio_write32(&f, regs + TESTDEV_DMA_DST, 0x2000);
    mmio_write32(&f, regs + TESTDEV_DMA_CMD, TESTDEV_CMD_START);
    g_assert_cmphex(mmio_read32(&f, regs + TESTDEV_DMA_STATUS), ==,
                    TESTDEV_DMA_ERROR | PCI_DMA_ERR_IOMMU << TESTDEV_DMA_ERR_SHIFT);
    fixture_down(&f);
}

/* ---- The device tree ---- */

static const fdt32_t *prop(const void *fdt, int node, const char *name, int *len)
{
    const fdt32_t *p = fdt_getprop(fdt, node, name, len);

    if (!p) {
        g_error("property %s is missing", name);
    }
    return p;
}

static void expect_cells(const void *fdt, int node, const char *name, const uint32_t *want,
                         int n)
{
    int len;
    const fdt32_t *p = prop(fdt, node, name, &len);

    g_assert_cmpint(len, ==, 4 * n);
    for (int i = 0; i < n; i++) {
        if (fdt32_to_cpu(p[i]) != want[i]) {
            g_error("%s cell %d: 0x%x, expected 0x%x", name, i, fdt32_to_cpu(p[i]), want[i]);
        }
    }
}

#define EXPECT(fdt, node, name, ...)                                                      \
    expect_cells(fdt, node, name, (const uint32_t[]){ __VA_ARGS__ },                      \
                 sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))

static void expect_string(const void *fdt, int node, const char *name, const char *want)
{
    int len;
    const char *s = (const char *)prop(fdt, node, name, &len);

    g_assert_cmpint(len, ==, (int)strlen(want) + 1);
    g_assert_cmpstr(s, ==, want);
}

static void check_phb_node(const void *fdt, int i)
{
    char path[64];
    int node, len;
    uint32_t map[32 * 4 * 7];
    uint64_t b = buid(i);
    const fdt32_t *p;
    const char *names;

    g_snprintf(path, sizeof(path), "/pci@%" G_GINT64_MODIFIER "x", b);
    node = fdt_path_offset(fdt, path);
    g_assert_cmpint(node, >=, 0);
    expect_string(fdt, node, "device_type", "pci");
    expect_string(fdt, node, "compatible", "IBM,Logical_PHB");
    EXPECT(fdt, node, "#address-cells", 3);
    EXPECT(fdt, node, "#size-cells", 2);
    EXPECT(fdt, node, "#interrupt-cells", 1);
    prop(fdt, node, "used-by-rtas", &len);
    g_assert_cmpint(len, ==, 0);
    EXPECT(fdt, node, "bus-range", 0, 0xff);
    EXPECT(fdt, node, "reg", (uint32_t)(b >> 32), (uint32_t)b, 0, 0);
    EXPECT(fdt, node, "ranges",
           0x01000000, 0, 0, (uint32_t)(io_cpu(i) >> 32), (uint32_t)io_cpu(i), 0, 0x10000,
           0x02000000, 0, 0x80000000, (uint32_t)(mem32_cpu(i) >> 32), (uint32_t)mem32_cpu(i),
           0, 0x80000000,
           0x03000000, (uint32_t)(mem64_cpu(i) >> 32), (uint32_t)mem64_cpu(i),
           (uint32_t)(mem64_cpu(i) >> 32), (uint32_t)mem64_cpu(i), 0x100, 0);
    EXPECT(fdt, node, "ibm,pci-config-space-type", 1);
    EXPECT(fdt, node, "ibm,pe-total-#msi", 0xd00);
    EXPECT(fdt, node, "ibm,#dma-address-cells", 2);
    EXPECT(fdt, node, "ibm,#dma-size-cells", 2);
    EXPECT(fdt, node, "ibm,dma-window", liobn(i), 0, 0, 0, 0x40000000);
    EXPECT(fdt, node, "interrupt-map-mask", 0xf800, 0, 0, 0xffffffff);
    for (int slot = 0, k = 0; slot < 32; slot++) {
        for (int pin = 1; pin <= 4; pin++) {
            uint32_t e[7] = { (uint32_t)slot << 11, 0, 0, (uint32_t)pin, 0x1111,
                              lsi(i, slot, pin), 1 };
            memcpy(&map[k], e, sizeof(e));
            k += 7;
        }
    }
    expect_cells(fdt, node, "interrupt-map", map, (int)G_N_ELEMENTS(map));
    /* Its logical DRC, and its 32 slot DRCs (hotplug/README.md has the formulas). */
    EXPECT(fdt, node, "ibm,my-drc-index", 0x20000000u | (uint32_t)i);
    p = prop(fdt, node, "ibm,drc-indexes", &len);
    g_assert_cmpint(len, ==, 4 * 33);
    g_assert_cmpuint(fdt32_to_cpu(p[0]), ==, 32);
    for (int slot = 0; slot < 32; slot++) {
        g_assert_cmphex(fdt32_to_cpu(p[1 + slot]), ==,
                        0x40000000u + ((uint32_t)i << 8) + ((uint32_t)slot << 3));
    }
    names = (const char *)prop(fdt, node, "ibm,drc-names", &len) + 4;
    for (int slot = 0; slot < 32; slot++) {
        char want[16];

        g_snprintf(want, sizeof(want), "Slot %d", i * 32 + slot);
        g_assert_cmpstr(names, ==, want);
        names += strlen(names) + 1;
    }
    g_assert_nonnull(fdt_getprop(fdt, node, "ibm,drc-types", &len));
    g_assert_nonnull(fdt_getprop(fdt, node, "ibm,drc-power-domains", &len));
    g_assert_null(fdt_getprop(fdt, node, "ibm,drc-info", &len));
}

static void test_device_tree(void)
{
    Fixture f;
    Error *err = NULL;
    void *fdt;
    int node, len;
    const fdt32_t *p;

    fixture_up(&f);
    add("test-nic,addr=0.0");
    add("test-nic,addr=3.0,multifunction=on");
    add("pci-testdev,addr=3.1");
    add("spapr-pci-host-bridge,index=2");
    add("spapr-pci-host-bridge,index=30");
    add("test-nic,bus=pci.1,addr=1f.0");     /* pci.1: index 2 was the first id-less PHB added */
    spapr_phb_boot_setup(f.m);
    g_assert_true(spapr_load_images(f.m, &err));
    fdt = spapr_build_fdt(f.m, &err);
    g_assert_nonnull(fdt);
    check_phb_node(fdt, 0);
    check_phb_node(fdt, 2);
    check_phb_node(fdt, 30);

    /* The NIC at 0.0: QEMU's e1000 node (qemu-pseries-p8.dts) without its ROM BAR. */
    node = fdt_path_offset(fdt, "/pci@800000020000000/ethernet@0");
    g_assert_cmpint(node, >=, 0);
    EXPECT(fdt, node, "vendor-id", 0x8086);
    EXPECT(fdt, node, "device-id", 0x100e);
    EXPECT(fdt, node, "revision-id", 3);
    EXPECT(fdt, node, "class-code", 0x20000);
    EXPECT(fdt, node, "interrupts", 1);
    EXPECT(fdt, node, "subsystem-vendor-id", 0x1af4);
    EXPECT(fdt, node, "subsystem-id", 0x1100);
    EXPECT(fdt, node, "cache-line-size", 0);
    EXPECT(fdt, node, "devsel-speed", 0);
    EXPECT(fdt, node, "min-grant", 0);
    EXPECT(fdt, node, "max-latency", 0);
    /* The slot's DRC (issue 11: "Slot N", N = phb * 32 + slot; 0x40000000 + phb << 8 + slot << 3). */
    expect_string(fdt, node, "ibm,loc-code", "Slot 0");
    EXPECT(fdt, node, "ibm,my-drc-index", 0x40000000);
    EXPECT(fdt, node, "reg", 0, 0, 0, 0, 0, 0x2000010, 0, 0, 0, 0x20000, 0x1000014, 0, 0, 0, 0x40);
    /* SLOF's assignment: BAR0 at the 32-bit window's start, BAR1 at I/O 0x40. */
    EXPECT(fdt, node, "assigned-addresses", 0x82000010, 0, 0x80000000, 0, 0x20000,
           0x81000014, 0, 0x40, 0, 0x40);
    g_assert_null(fdt_getprop(fdt, node, "ibm,pci-config-space-type", &len));
    g_assert_null(fdt_getprop(fdt, node, "ibm,req#msi", &len));

    /* Function 1 of slot 3: "name@slot,fn", the Express function's extras, MSI counts. */
    g_assert_cmpint(fdt_path_offset(fdt, "/pci@800000020000000/ethernet@3"), >=, 0);
    node = fdt_path_offset(fdt, "/pci@800000020000000/pci@3,1");
    g_assert_cmpint(node, >=, 0);
    EXPECT(fdt, node, "vendor-id", 0x1234);
    EXPECT(fdt, node, "class-code", 0xff0000);
    EXPECT(fdt, node, "ibm,pci-config-space-type", 1);
    EXPECT(fdt, node, "ibm,req#msi", 4);
    EXPECT(fdt, node, "ibm,req#msi-x", 4);
    /* Every function of a slot carries the slot's connector. */
    expect_string(fdt, node, "ibm,loc-code", "Slot 3");
    EXPECT(fdt, node, "ibm,my-drc-index", 0x40000018);
    p = prop(fdt, node, "reg", &len);
    g_assert_cmphex(fdt32_to_cpu(p[0]), ==, PCI_DEVFN(3, 1) << 8);
    /* BAR4, 64-bit prefetchable: space 3, p and n in assigned-addresses, the 64-bit window. */
    p = prop(fdt, node, "assigned-addresses", &len);
    g_assert_cmpint(len, ==, 4 * 5 * 4);
    g_assert_cmphex(fdt32_to_cpu(p[15]), ==, 0xc3000000u | PCI_DEVFN(3, 1) << 8 | 0x20);
    g_assert_cmphex((uint64_t)fdt32_to_cpu(p[16]) << 32 | fdt32_to_cpu(p[17]), ==, mem64_cpu(0));
    g_assert_cmphex(fdt32_to_cpu(p[19]), ==, 0x100000);

    /* PHB 2's only function, in the last slot. */
    node = fdt_path_offset(fdt, "/pci@800000020000002/ethernet@1f");
    g_assert_cmpint(node, >=, 0);
    expect_string(fdt, node, "ibm,loc-code", "Slot 95");
    EXPECT(fdt, node, "ibm,my-drc-index", 0x400002f8);
    EXPECT(fdt, node, "assigned-addresses", 0x8200f810, 0, 0x80000000, 0, 0x20000,
           0x8100f814, 0, 0x40, 0, 0x40);
    g_assert_cmpint(fdt_path_offset(fdt, "/pci@80000002000001e"), >=, 0);
    g_assert_cmpint(fdt_first_subnode(fdt, fdt_path_offset(fdt, "/pci@80000002000001e")), <, 0);
    g_free(fdt);
    fixture_down(&f);
}

/*
 * A function's node on its own, as ibm,configure-connector will hand it out
 * (dt_device_fragment, through the device's fdt_node hook): the same bytes
 * as its node in the boot tree.
 */
static void test_fragment_equals_boot_node(void)
{
    Fixture f;
    Error *err = NULL;
    void *frag, *fdt;
    int fnode, bnode, len, blen;
    PciDevice *dev;

    fixture_up(&f);
    add("test-nic,addr=7.0");
    add("pci-testdev,addr=9.0");
    spapr_phb_boot_setup(f.m);
    g_assert_true(spapr_load_images(f.m, &err));
    fdt = spapr_build_fdt(f.m, &err);
    g_assert_nonnull(fdt);
    for (int slot = 7; slot <= 9; slot += 2) {
        const char *name = slot == 7 ? "ethernet@7" : "pci@9";
        char path[64];

        dev = pci_bus_find_device(&f.m->phbs[0]->bus, 0, PCI_DEVFN(slot, 0));
        frag = dt_device_fragment(&dev->dev, &err);
        g_assert_null(err);
        g_assert_nonnull(frag);
        g_snprintf(path, sizeof(path), "/%s", name);
        fnode = fdt_path_offset(frag, path);
        g_snprintf(path, sizeof(path), "/pci@800000020000000/%s", name);
        bnode = fdt_path_offset(fdt, path);
        g_assert_cmpint(fnode, >=, 0);
        g_assert_cmpint(bnode, >=, 0);
        /* Property for property, in the same order. */
        for (int fp = fdt_first_property_offset(frag, fnode),
                 bp = fdt_first_property_offset(fdt, bnode);
             fp >= 0 || bp >= 0;
             fp = fdt_next_property_offset(frag, fp), bp = fdt_next_property_offset(fdt, bp)) {
            const char *fname, *bname;
            const void *fv, *bv;

            g_assert_cmpint(fp, >=, 0);
            g_assert_cmpint(bp, >=, 0);
            fv = fdt_getprop_by_offset(frag, fp, &fname, &len);
            bv = fdt_getprop_by_offset(fdt, bp, &bname, &blen);
            g_assert_cmpstr(fname, ==, bname);
            g_assert_cmpmem(fv, len, bv, blen);
        }
        g_free(frag);
    }
    /* Never assigned (no reset ran): "assigned-addresses" is there and empty. */
    add("test-nic,addr=a.0");
    dev = pci_bus_find_device(&f.m->phbs[0]->bus, 0, PCI_DEVFN(10, 0));
    frag = dt_device_fragment(&dev->dev, &err);
    g_assert_nonnull(frag);
    fnode = fdt_path_offset(frag, "/ethernet@a");
    EXPECT(frag, fnode, "reg", 0x5000, 0, 0, 0, 0, 0x2005010, 0, 0, 0, 0x20000, 0x1005014, 0, 0,
           0, 0x40);
    g_assert_nonnull(fdt_getprop(frag, fnode, "assigned-addresses", &len));
    g_assert_cmpint(len, ==, 0);
    g_free(frag);
    g_free(fdt);
    fixture_down(&f);
}

/* ---- MSI and MSI-X ---- */

static int32_t change_msi(Fixture *f, int phb, int devfn, uint32_t func, uint32_t count,
                          uint32_t nret, uint32_t *rets)
{
    uint32_t args[6] = { cfg(0, devfn, 0), (uint32_t)(buid(phb) >> 32), (uint32_t)buid(phb), func,
                         count, 1 };

    return rtas(f, "ibm,change-msi", 6, nret, args, rets);
}

static int32_t query_irq(Fixture *f, int devfn, uint32_t n, uint32_t *irq, uint32_t *trigger)
{
    uint32_t args[4] = { cfg(0, devfn, 0), (uint32_t)(buid(0) >> 32), (uint32_t)buid(0), n };
    uint32_t rets[3];
    int32_t st = rtas(f, "ibm,query-interrupt-source-number", 4, 3, args, rets);

    *irq = rets[1];
    *trigger = rets[2];
    return st;
}

/* "MSI pending" in XICS: an edge arrived while the source is masked (no server set). */
static bool xics_pending(Fixture *f, uint32_t irq)
{
    return xics_line_says(f, irq, "MSI pending");
}

static void test_change_msi_msi(void)
{
    Fixture f;
    PciDevice *dev;
    uint32_t rets[4], irq, trig, first;
    uint8_t cap;
    uint64_t regs;

    fixture_up(&f);
    add("pci-testdev,addr=0.0");
    add("test-nic,addr=1.0");
    spapr_phb_boot_setup(f.m);
    dev = pci_bus_find_device(&f.m->phbs[0]->bus, 0, 0);
    cap = pci_find_capability(dev, PCI_CAP_ID_MSI);
    g_assert_cmpuint(cap, !=, 0);

    /* No MSIs yet: query says 0; its one interrupt is INTA, level, on line (0 + 0) of PHB 0. */
    g_assert_cmpint(change_msi(&f, 0, 0, 0, 0, 4, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 0);
    g_assert_cmpint(query_irq(&f, 0, 0, &irq, &trig), ==, 0);
    g_assert_cmphex(irq, ==, lsi(0, 0, 1));
    g_assert_cmpuint(trig, ==, 0);
    g_assert_cmpint(query_irq(&f, 0, 1, &irq, &trig), ==, 1);

    /* Three MSIs: four sources reserved, aligned, from the MSI pool; the message is QEMU's. */
    g_assert_cmpint(change_msi(&f, 0, 0, 3, 3, 4, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 3);
    g_assert_cmpuint(rets[2], ==, 2);          /* the next sequence number */
    g_assert_cmpuint(rets[3], ==, 1);          /* MSI */
    g_assert_cmpint(query_irq(&f, 0, 0, &first, &trig), ==, 0);
    g_assert_cmpuint(trig, ==, 1);
    g_assert_cmphex(first, >=, 0x1300);
    g_assert_cmphex(first, <, 0x2000);
    g_assert_cmphex(first % 4, ==, 0);
    g_assert_cmpint(query_irq(&f, 0, 2, &irq, &trig), ==, 0);
    g_assert_cmphex(irq, ==, first + 2);
    g_assert_cmpint(query_irq(&f, 0, 3, &irq, &trig), ==, 1);
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, 0, cap + PCI_MSI_ADDRESS_LO), 4), ==, 0);
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, 0, cap + PCI_MSI_ADDRESS_HI), 4), ==, 0x400);
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, 0, cap + 12), 2), ==, first);

    /* The guest enables MSI with 4 messages and bus mastering; vector 2 fires source first + 2. */
    cfg_write(&f, 0, cfg(0, 0, PCI_COMMAND), 2, 0x146);
    cfg_write(&f, 0, cfg(0, 0, cap + PCI_MSI_FLAGS), 2, PCI_MSI_FLAGS_ENABLE | (2 << 4));
    regs = mem32_cpu(0);
    mmio_write32(&f, regs + TESTDEV_MSI_VECTOR, 2);
    mmio_write32(&f, regs + TESTDEV_IRQ_ENABLE, TESTDEV_IRQ_SOFT);
    g_assert_false(xics_pending(&f, first + 2));
    mmio_write32(&f, regs + TESTDEV_IRQ_RAISE, 1);
    g_assert_true(xics_pending(&f, first + 2));
    g_assert_false(xics_pending(&f, first));
    g_assert_false(xics_asserted(&f, lsi(0, 0, 1)));

    /* A second request replaces the first; a request beyond what it offers gets 4. */
    g_assert_cmpint(change_msi(&f, 0, 0, 1, 64, 3, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 4);
    g_assert_cmpint(query_irq(&f, 0, 3, &irq, &trig), ==, 0);
    g_assert_cmpint(change_msi(&f, 0, 0, 0, 0, 4, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 4);
    g_assert_cmpuint(rets[3], ==, 1);

    /* Release (count 0): back to INTx, the message cleared; releasing twice is fine (LoPAR). */
    g_assert_cmpint(change_msi(&f, 0, 0, 3, 0, 4, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 0);
    g_assert_cmpint(change_msi(&f, 0, 0, 1, 0, 3, rets), ==, 0);
    g_assert_cmphex(cfg_read_ok(&f, 0, cfg(0, 0, cap + PCI_MSI_ADDRESS_HI), 4), ==, 0);
    g_assert_cmpint(query_irq(&f, 0, 0, &irq, &trig), ==, 0);
    g_assert_cmpuint(trig, ==, 0);
    /* The sources went back to the pool: the same request gets the same block. */
    g_assert_cmpint(change_msi(&f, 0, 0, 3, 3, 4, rets), ==, 0);
    g_assert_cmpint(query_irq(&f, 0, 0, &irq, &trig), ==, 0);
    g_assert_cmphex(irq, ==, first);
    /* Function 2 goes back to the default: none. */
    g_assert_cmpint(change_msi(&f, 0, 0, 2, 0, 3, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 0);

    /* Errors, -3: 32-bit MSI, unknown functions, no MSI on the function, no function, no PHB. */
    g_assert_cmpint(change_msi(&f, 0, 0, 5, 1, 4, rets), ==, -3);
    g_assert_cmpint(change_msi(&f, 0, 0, 6, 1, 4, rets), ==, -3);
    g_assert_cmpint(change_msi(&f, 0, PCI_DEVFN(1, 0), 3, 1, 4, rets), ==, -3);
    g_assert_cmpint(change_msi(&f, 0, PCI_DEVFN(1, 0), 4, 1, 4, rets), ==, -3);
    g_assert_cmpint(change_msi(&f, 0, PCI_DEVFN(1, 0), 1, 1, 4, rets), ==, -3);
    g_assert_cmpint(change_msi(&f, 0, PCI_DEVFN(2, 0), 3, 1, 4, rets), ==, -3);
    g_assert_cmpint(change_msi(&f, 3, 0, 3, 1, 4, rets), ==, -3);
    g_assert_cmpint(query_irq(&f, PCI_DEVFN(2, 0), 0, &irq, &trig), ==, -3);
    /* The NIC (no MSI) still answers its INTx line: slot 1, INTA. */
    g_assert_cmpint(query_irq(&f, PCI_DEVFN(1, 0), 0, &irq, &trig), ==, 0);
    g_assert_cmphex(irq, ==, lsi(0, 1, 1));
    fixture_down(&f);
}

static void test_change_msi_msix(void)
{
    Fixture f;
    PciDevice *dev;
    uint32_t rets[4], irq, trig, first;
    uint64_t regs, table;

    fixture_up(&f);
    add("pci-testdev,addr=0.0,vectors=8");
    add("pci-testdev,addr=2.0");
    spapr_phb_boot_setup(f.m);
    dev = pci_bus_find_device(&f.m->phbs[0]->bus, 0, 0);

    g_assert_cmpint(change_msi(&f, 0, 0, 4, 3, 4, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 3);
    g_assert_cmpuint(rets[3], ==, 2);          /* MSI-X */
    g_assert_cmpint(query_irq(&f, 0, 0, &first, &trig), ==, 0);
    g_assert_cmpuint(trig, ==, 1);
    for (unsigned v = 0; v < 8; v++) {
        uint64_t addr;
        uint32_t data;

        msix_get_message(dev, v, &addr, &data);
        g_assert_cmphex(addr, ==, v < 3 ? 0x40000000000ull : 0);
        g_assert_cmphex(data, ==, v < 3 ? first + v : 0);
    }
    /* The other function's MSIs do not overlap. */
    g_assert_cmpint(change_msi(&f, 0, PCI_DEVFN(2, 0), 4, 4, 4, rets), ==, 0);
    g_assert_cmpint(query_irq(&f, PCI_DEVFN(2, 0), 0, &irq, &trig), ==, 0);
    g_assert_true(irq + 4 <= first || irq >= first + 3);

    /* The guest enables MSI-X and unmasks vector 1 (BAR2 holds the table). */
    cfg_write(&f, 0, cfg(0, 0, PCI_COMMAND), 2, 0x146);
    cfg_write(&f, 0, cfg(0, 0, dev->msix.cap + PCI_MSIX_FLAGS), 2, PCI_MSIX_FLAGS_ENABLE);
    regs = mem32_cpu(0);
    table = mem32_cpu(0) + (pci_bar_base(dev, 2) - 0x80000000);
    mmio_write32(&f, table + 1 * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_CTRL, 0);
    mmio_write32(&f, table + 5 * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_CTRL, 0);
    mmio_write32(&f, regs + TESTDEV_MSIX_FIRE, 1);
    g_assert_true(xics_pending(&f, first + 1));
    g_assert_false(xics_pending(&f, first));
    /* Vector 5 has no source: its message (address 0) goes nowhere and nothing fires. */
    mmio_write32(&f, regs + TESTDEV_MSIX_FIRE, 5);
    for (uint32_t i = 0x1300; i < 0x1320; i++) {
        g_assert_true(i == first + 1 || !xics_pending(&f, i));
    }
    /* A message the guest aims at another function's source is refused. */
    mmio_write32(&f, table + 5 * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_ADDR_LO, 0);
    mmio_write32(&f, table + 5 * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_ADDR_HI, 0x400);
    mmio_write32(&f, table + 5 * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_DATA, irq);
    mmio_write32(&f, regs + TESTDEV_MSIX_FIRE, 5);
    g_assert_false(xics_pending(&f, irq));

    /* nret 3: no type word. */
    g_assert_cmpint(change_msi(&f, 0, 0, 0, 0, 3, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 3);

    /* A machine reset forgets every assignment. */
    device_reset_all();
    g_assert_cmpint(query_irq(&f, 0, 0, &irq, &trig), ==, 0);
    g_assert_cmpuint(trig, ==, 0);
    g_assert_cmpint(change_msi(&f, 0, 0, 4, 3, 4, rets), ==, 0);
    g_assert_cmpint(query_irq(&f, 0, 0, &irq, &trig), ==, 0);
    g_assert_cmphex(irq, ==, first);
    fixture_down(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/spapr/phb/default-and-more-phbs", test_default_and_more_phbs);
    g_test_add_func("/spapr/phb/bad-input", test_bad_input);
    g_test_add_func("/spapr/phb/config-rtas", test_config_rtas);
    g_test_add_func("/spapr/phb/eeh-not-supported", test_eeh_not_supported);
    g_test_add_func("/spapr/phb/boot-bars-and-mmio", test_boot_bars_and_mmio);
    g_test_add_func("/spapr/phb/intx-to-xics", test_intx_to_xics);
    g_test_add_func("/spapr/phb/device-dma-through-tces", test_device_dma_through_tces);
    g_test_add_func("/spapr/phb/device-tree", test_device_tree);
    g_test_add_func("/spapr/phb/fragment-equals-boot-node", test_fragment_equals_boot_node);
    g_test_add_func("/spapr/phb/change-msi-msi", test_change_msi_msi);
    g_test_add_func("/spapr/phb/change-msi-msix", test_change_msi_msix);
    return g_test_run();
}
