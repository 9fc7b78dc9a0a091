/*
 * device_add / device_del on a pseries machine built in the test (issue 11
 * sections 4 and 5: hotplug/pci-hotplug.c, phb-hotplug.c, bar-alloc.c).
 * Commands go in as the monitor sends them (device_create_from_string with
 * hotplug, device_unplug_request); the guest's side is RTAS through the
 * real dispatcher with its arguments in guest RAM: check-exception for the
 * events, then the calls drmgr makes (set-indicator, set-power-level,
 * get-sensor-state, ibm,configure-connector).
 *
 * Expected values come from the formulas (slot DRC index 0x40000000
 * + (phb << 8) + (slot << 3), name "Slot <phb*32+slot>", PHB DRC
 * 0x20000000 | phb), LoPAR's Hotplug section layout and the PHB windows of
 * pci/spapr-phb.h, not from the emulator's output.
 */
#include <glib.h>
#include <libfdt.h>
#include <string.h>

#include "core/device.h"
#include "core/machine.h"
#include "hotplug/drc.h"
#include "pci/pci-testdev-regs.h"
#include "pci/spapr-phb.h"
#include "ppc/spapr/spapr_events.h"
#include "rtas-test-util.h"

#define BUF_ADDR        0x30000
#define BUF_LEN         2048
#define MASK_EPOW       0x40000000u
#define MASK_HOTPLUG    0x10000000u
#define HP_RES_PHB      4
#define HP_RES_PCI      5
#define HP_ADD          1
#define HP_REMOVE       2
#define MEM32_BUS       0x80000000ull

static uint32_t slot_index(int phb, int slot)
{
    return 0x40000000u + ((uint32_t)phb << 8) + ((uint32_t)slot << 3);
}

static uint32_t phb_index(int phb)
{
    return 0x20000000u | (uint32_t)phb;
}

/* ---- the machine ---- */

static GString *deleted;    /* DEVICE_DELETED ids, in order, space-separated */

static void on_deleted(Device *dev, void *opaque)
{
    g_string_append_printf(deleted, "%s%s", deleted->len ? " " : "",
                           dev->id ? dev->id : dev->cls->name);
}

/* The machine's reset: what the guest's reboot and system_reset do. */
static void machine_reset(Fixture *f)
{
    const MachineClass *mc = machine_class_find("pseries");

    g_assert_nonnull(mc);
    mc->reset(f->m);
}

/* A machine with the -device list cold, booted (BARs as firmware leaves them, the tree written). */
static void up(Fixture *f, const char *const *cold)
{
    Error *err = NULL;

    test_cfg_init(&f->t, 1, TEST_RAM);
    f->t.cfg.nodefaults = true;
    f->m = spapr_machine_create(&f->t.cfg, &err);
    g_assert_null(err);
    g_assert_nonnull(f->m);
    for (; cold && *cold; cold++) {
        g_assert_nonnull(device_create_from_string(*cold, false, &err));
        g_assert_null(err);
    }
    machine_reset(f);
    deleted = g_string_new(NULL);
    device_deleted_notifier_add(on_deleted, NULL);
}

static void down(Fixture *f)
{
    device_deleted_notifier_remove(on_deleted, NULL);
    g_string_free(deleted, TRUE);
    spapr_machine_free(f->m);
    test_cfg_cleanup(&f->t);
}

/* ---- monitor commands ---- */

static PciDevice *hot_add(const char *spec)
{
    Error *err = NULL;
    Device *d = device_create_from_string(spec, true, &err);

    if (err) {
        g_error("device_add %s: %s", spec, error_get_pretty(err));
    }
    g_assert_nonnull(d);
    return PCI_DEVICE(d);
}

static void del(const char *id)
{
    Device *d = device_find_by_id(id);
    Error *err = NULL;

    g_assert_nonnull(d);
    if (!device_unplug_request(d, &err)) {
        g_error("device_del %s: %s", id, error_get_pretty(err));
    }
}

/* Everything a command could change, as the monitor shows it. */
static char *snapshot(Fixture *f)
{
    GString *s = g_string_new(NULL);

    spapr_drc_print_info(f->m, s);
    spapr_phb_print_info(f->m, s);
    device_print_qtree(s);
    g_string_append_printf(s, "events %u\n", spapr_events_pending(f->m));
    return g_string_free(s, FALSE);
}

static void expect_refused(Fixture *f, bool add, const char *arg, const char *want)
{
    char *before = snapshot(f), *after;
    Error *err = NULL;

    if (add) {
        g_assert_null(device_create_from_string(arg, true, &err));
    } else {
        Device *d = device_find_by_id(arg);

        g_assert_nonnull(d);
        g_assert_false(device_unplug_request(d, &err));
    }
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), want)) {
        g_error("device_%s %s: '%s' does not say '%s'", add ? "add" : "del", arg,
                error_get_pretty(err), want);
    }
    error_free(err);
    after = snapshot(f);
    g_assert_cmpstr(before, ==, after);
    g_free(before);
    g_free(after);
}

/* ---- events: check-exception as Linux calls it (ras.c) ---- */

typedef struct HpEvent {
    uint8_t resource, action, id_type;
    uint32_t index;
} HpEvent;

static uint16_t be16_at(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32_at(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/*
 * The next event, its Hotplug ("HP") section checked against LoPAR's
 * layout: the 8-byte section header ("HP", length 16, version 1), then
 * resource, action, identifier type (2 = DRC index), a reserved byte and
 * the 4-byte DRC index. Returns the check-exception status.
 */
static int32_t check_exception(Fixture *f)
{
    uint8_t buf[BUF_LEN];

    memset(buf, 0xa5, sizeof(buf));
    g_assert_cmpint(address_space_write(&f->m->as, BUF_ADDR, buf, sizeof(buf)), ==, MEMTX_OK);
    return rtas(f, "check-exception", 6, 1, NULL, 0x500u, (uint32_t)SPAPR_IRQ_HOTPLUG,
                MASK_EPOW | MASK_HOTPLUG, 0u, (uint32_t)BUF_ADDR, (uint32_t)BUF_LEN);
}

static int32_t next_event(Fixture *f, HpEvent *ev)
{
    uint8_t buf[BUF_LEN];
    int32_t st = check_exception(f);
    uint32_t ext_len;
    size_t off;

    if (st != 0) {
        return st;
    }
    g_assert_cmpint(address_space_read(&f->m->as, BUF_ADDR, buf, sizeof(buf)), ==, MEMTX_OK);
    g_assert_cmpuint(buf[0], ==, 6);                /* version 6 */
    g_assert_cmpuint(buf[3], ==, 229);              /* type: hotplug */
    ext_len = be32_at(buf + 4);
    g_assert_cmpuint(ext_len, <=, BUF_LEN - 8);
    /* The sections follow the 8-byte fixed part and the 16-byte version 6 header. */
    for (off = 8 + 16; off + 8 <= 8 + ext_len;) {
        uint16_t len = be16_at(buf + off + 2);

        g_assert_cmpuint(len, >=, 8);
        if (buf[off] == 'H' && buf[off + 1] == 'P') {
            g_assert_cmpuint(len, ==, 16);
            g_assert_cmpuint(buf[off + 4], ==, 1);  /* section version */
            ev->resource = buf[off + 8];
            ev->action = buf[off + 9];
            ev->id_type = buf[off + 10];
            g_assert_cmpuint(buf[off + 11], ==, 0);
            ev->index = be32_at(buf + off + 12);
            return st;
        }
        off += len;
    }
    g_error("no HP section in the event");
    return -1;
}

static void expect_event(Fixture *f, uint8_t res, uint8_t action, uint32_t index)
{
    HpEvent ev;

    g_assert_cmpint(next_event(f, &ev), ==, 0);
    g_assert_cmpuint(ev.resource, ==, res);
    g_assert_cmpuint(ev.action, ==, action);
    g_assert_cmpuint(ev.id_type, ==, 2);
    g_assert_cmphex(ev.index, ==, index);
}

static void expect_no_event(Fixture *f)
{
    HpEvent ev;

    g_assert_cmpint(next_event(f, &ev), ==, RTAS_OUT_NO_ERRORS_FOUND);
}

/* ---- configure-connector, collected ---- */

/*
 * One whole configure-connector sequence for index: the node steps as
 * "2:name 1:name 4 0" in *walk, every property as "path/prop" -> value.
 */
static GHashTable *cc_collect(Fixture *f, uint32_t index, char **walk)
{
    GHashTable *props = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify)g_bytes_unref);
    GString *w = g_string_new(NULL);
    GPtrArray *path = g_ptr_array_new_with_free_func(g_free);
    uint8_t buf[WA_SIZE];

    wa_init(f, index);
    for (int i = 0; i < 2000; i++) {
        int32_t st = cc_call(f);
        const char *name;

        wa_read(f, buf);
        name = (const char *)buf + wa_word(buf, 2);
        if (st == 3) {
            GString *key = g_string_new(NULL);
            uint32_t len = wa_word(buf, 3), off = wa_word(buf, 4);

            for (guint k = 0; k < path->len; k++) {
                g_string_append_printf(key, "%s/", (const char *)path->pdata[k]);
            }
            g_string_append(key, name);
            g_assert_cmpuint(off + len, <=, WA_SIZE);
            g_hash_table_insert(props, g_string_free(key, FALSE), g_bytes_new(buf + off, len));
            continue;
        }
        if (w->len) {
            g_string_append_c(w, ' ');
        }
        g_string_append_printf(w, "%d", st);
        if (st == 2 || st == 1) {
            g_string_append_printf(w, ":%s", name);
            if (st == 1) {
                g_assert_cmpuint(path->len, >, 0);
                g_ptr_array_remove_index(path, path->len - 1);
            }
            g_ptr_array_add(path, g_strdup(name));
            continue;
        }
        if (st == 4) {
            g_assert_cmpuint(path->len, >, 0);
            g_ptr_array_remove_index(path, path->len - 1);
            continue;
        }
        break;      /* 0 or an error */
    }
    g_ptr_array_free(path, TRUE);
    *walk = g_string_free(w, FALSE);
    return props;
}

static GBytes *cc_prop(GHashTable *props, const char *key)
{
    GBytes *b = g_hash_table_lookup(props, key);

    if (!b) {
        g_error("configure-connector returned no %s", key);
    }
    return b;
}

static uint32_t cc_u32(GHashTable *props, const char *key)
{
    gsize len;
    const uint8_t *p = g_bytes_get_data(cc_prop(props, key), &len);

    g_assert_cmpuint(len, ==, 4);
    return be32_at(p);
}

static void cc_expect_string(GHashTable *props, const char *key, const char *want)
{
    gsize len;
    const char *p = g_bytes_get_data(cc_prop(props, key), &len);

    g_assert_cmpuint(len, ==, strlen(want) + 1);
    g_assert_cmpstr(p, ==, want);
}

/* ---- the guest's drmgr ---- */

/*
 * drmgr -c pci -a for a slot (powerpc-utils 1.3.10 drslot_chrp_pci.c): the
 * "insert card" step isolates and powers off the slot the host filled, then
 * indicator on, sense present, power on, unisolate, configure-connector.
 */
static GHashTable *drmgr_add(Fixture *f, uint32_t index, char **walk)
{
    uint32_t v;

    g_assert_cmpint(set_indicator(f, 9001, index, 0), ==, 0);
    g_assert_cmpint(set_power(f, 0xffffffffu, 0, &v), ==, 0);
    g_assert_cmpint(set_indicator(f, 9002, index, 1), ==, 0);
    g_assert_cmpint(get_sensor(f, 9003, index, &v), ==, 0);
    g_assert_cmpuint(v, ==, RTAS_ENTITY_SENSE_PRESENT);
    g_assert_cmpint(set_power(f, 0xffffffffu, 100, &v), ==, 0);
    g_assert_cmpuint(v, ==, 100);
    g_assert_cmpint(set_indicator(f, 9001, index, 1), ==, 0);
    return cc_collect(f, index, walk);
}

/* drmgr -c pci -r: indicator, isolate (which completes a device_del), power off. */
static void drmgr_remove(Fixture *f, uint32_t index)
{
    uint32_t v;

    g_assert_cmpint(set_indicator(f, 9002, index, 3), ==, 0);
    g_assert_cmpint(set_indicator(f, 9001, index, 0), ==, 0);
    g_assert_cmpint(set_power(f, 0xffffffffu, 0, &v), ==, 0);
}

static SpaprDrc *drc_at(Fixture *f, uint32_t index)
{
    SpaprDrc *d = spapr_drc_by_index(f->m, index);

    g_assert_nonnull(d);
    return d;
}

/* The guest's MMIO: a 32-bit little-endian read at a CPU address; all-ones if nothing answers. */
static uint32_t mmio_read32(Fixture *f, uint64_t addr)
{
    uint32_t v;

    if (address_space_read(&f->m->as, addr, &v, 4) != MEMTX_OK) {
        return 0xffffffffu;
    }
    return GUINT32_FROM_LE(v);
}

static uint64_t mem32_cpu(Fixture *f, int phb, uint64_t bus_addr)
{
    return f->m->phbs[phb]->win.mmio32 + (bus_addr - MEM32_BUS);
}

/* The guest's config write through RTAS (PHB 0). */
static void cfg_write(Fixture *f, int devfn, uint32_t reg, uint32_t size, uint32_t val)
{
    g_assert_cmpint(rtas(f, "write-pci-config", 3, 1, NULL, (uint32_t)devfn << 8 | reg, size, val),
                    ==, 0);
}

/* ---- tests ---- */

/*
 * device_add into the first free slot and into named slots: the slot DRC,
 * the event, BARs in the PHB's windows aligned to size, the firmware
 * command register, and the error-free path leaving nothing pending.
 */
static void test_add_slots(void)
{
    static const char *const cold[] = {
        "e1000,id=cold0", "spapr-pci-host-bridge,index=1,id=phb1", NULL,
    };
    Fixture f;
    PciDevice *nic1, *nic2, *nic3;
    SpaprDrc *d;
    uint64_t b0, b1;

    up(&f, cold);
    /* Boot-time devices are configured, their slot's DRC theirs. */
    g_assert_cmpint(drc_at(&f, slot_index(0, 0))->state, ==, SPAPR_DRC_P_CONFIGURED);
    g_assert_true(drc_at(&f, phb_index(1))->dev == device_find_by_id("phb1"));
    g_assert_cmpint(drc_at(&f, phb_index(1))->state, ==, SPAPR_DRC_L_CONFIGURED);

    nic1 = hot_add("e1000,id=nic1");
    g_assert_cmpint(nic1->devfn, ==, PCI_DEVFN(1, 0));
    d = drc_at(&f, slot_index(0, 1));
    g_assert_cmpstr(d->name, ==, "Slot 1");
    g_assert_true(d->dev == &nic1->dev);
    /* Present, isolated, waiting for the guest. */
    g_assert_cmpint(d->state, ==, SPAPR_DRC_POWER_ON);
    g_assert_cmpuint(spapr_drc_entity_sense(d), ==, RTAS_ENTITY_SENSE_PRESENT);
    expect_event(&f, HP_RES_PCI, HP_ADD, slot_index(0, 1));
    expect_no_event(&f);

    /* BAR0 (128 KiB memory) in the 32-bit window, BAR1 (64 bytes I/O) in the I/O window. */
    b0 = pci_bar_base(nic1, 0);
    b1 = pci_bar_base(nic1, 1);
    g_assert_cmphex(b0, >=, MEM32_BUS);
    g_assert_cmphex(b0 + 0x20000, <=, MEM32_BUS + f.m->phbs[0]->win.mmio32_size);
    g_assert_cmphex(b0 % 0x20000, ==, 0);
    g_assert_cmphex(b1, >=, 0x10);
    g_assert_cmphex(b1 + 0x40, <=, f.m->phbs[0]->win.io_size);
    g_assert_cmphex(b1 % 0x40, ==, 0);
    /* Clear of cold0's, which firmware put first in both windows. */
    g_assert_cmphex(b0, !=, pci_bar_base(PCI_DEVICE(device_find_by_id("cold0")), 0));
    g_assert_cmphex(b1, !=, pci_bar_base(PCI_DEVICE(device_find_by_id("cold0")), 1));
    /* As firmware leaves a function: SERR# and parity, nothing decoding yet. */
    g_assert_cmphex(pci_get_word(nic1->config + PCI_COMMAND), ==,
                    PCI_COMMAND_SERR | PCI_COMMAND_PARITY);

    /* A named slot (addr is hex), and a slot on another PHB's bus. */
    nic2 = hot_add("e1000,id=nic2,bus=pci.0,addr=1f");
    g_assert_cmpint(nic2->devfn, ==, PCI_DEVFN(31, 0));
    g_assert_cmpstr(drc_at(&f, slot_index(0, 31))->name, ==, "Slot 31");
    expect_event(&f, HP_RES_PCI, HP_ADD, slot_index(0, 31));
    nic3 = hot_add("e1000,id=nic3,bus=phb1.0,addr=2.0");
    g_assert_cmpstr(drc_at(&f, slot_index(1, 2))->name, ==, "Slot 34");
    g_assert_true(drc_at(&f, slot_index(1, 2))->dev == &nic3->dev);
    expect_event(&f, HP_RES_PCI, HP_ADD, slot_index(1, 2));
    g_assert_cmphex(pci_bar_base(nic3, 0), ==, MEM32_BUS);     /* PHB 1's window was empty */
    /* The next free slot skips the named one. */
    g_assert_cmpint(hot_add("e1000,id=nic4")->devfn, ==, PCI_DEVFN(2, 0));
    expect_event(&f, HP_RES_PCI, HP_ADD, slot_index(0, 2));
    expect_no_event(&f);
    g_assert_cmpstr(deleted->str, ==, "");
    down(&f);
}

/*
 * The whole single-function cycle as drmgr -a / -r drive it, then
 * device_del: the node configure-connector returns, the device mapped where
 * assigned-addresses says, the remove event, pending removal, completion at
 * the isolate, and the ranges back in the pool.
 */
static void test_drmgr_cycle(void)
{
    Fixture f;
    PciDevice *dev;
    SpaprDrc *d;
    GHashTable *props;
    GString *out;
    char *walk;
    const uint32_t *aa;
    gsize len;
    uint64_t bar0, bar4, cpu0;
    uint32_t idx = slot_index(0, 0);

    up(&f, NULL);
    dev = hot_add("pci-testdev,id=t1");
    d = drc_at(&f, idx);
    expect_event(&f, HP_RES_PCI, HP_ADD, idx);
    /* configure-connector before unisolate: the connector is not the OS's yet. */
    wa_init(&f, idx);
    g_assert_cmpint(cc_call(&f), ==, RTAS_OUT_DR_UNUSABLE);

    props = drmgr_add(&f, idx, &walk);
    g_assert_cmpstr(walk, ==, "2:pci@0 0");
    g_assert_cmpint(d->state, ==, SPAPR_DRC_P_CONFIGURED);
    g_assert_cmphex(cc_u32(props, "pci@0/ibm,my-drc-index"), ==, idx);
    cc_expect_string(props, "pci@0/ibm,loc-code", "Slot 0");
    g_assert_cmphex(cc_u32(props, "pci@0/vendor-id"), ==, PCI_TESTDEV_VENDOR_ID);
    /* assigned-addresses: BAR0 (32-bit), BAR1 (I/O), BAR2 (64-bit MSI-X), BAR4 (64-bit prefetch). */
    aa = g_bytes_get_data(cc_prop(props, "pci@0/assigned-addresses"), &len);
    g_assert_cmpuint(len, ==, 4 * 5 * 4);
    bar0 = pci_bar_base(dev, 0);
    bar4 = pci_bar_base(dev, 4);
    g_assert_cmphex(GUINT32_FROM_BE(aa[0]), ==, 0x82000010u);
    g_assert_cmphex((uint64_t)GUINT32_FROM_BE(aa[1]) << 32 | GUINT32_FROM_BE(aa[2]), ==, bar0);
    g_assert_cmphex(GUINT32_FROM_BE(aa[5]), ==, 0x81000014u);
    g_assert_cmphex(GUINT32_FROM_BE(aa[10]), ==, 0x83000018u);
    g_assert_cmphex(GUINT32_FROM_BE(aa[15]), ==, 0xc3000020u);
    g_assert_cmphex((uint64_t)GUINT32_FROM_BE(aa[16]) << 32 | GUINT32_FROM_BE(aa[17]), ==, bar4);
    /* BAR4 is 64-bit prefetchable: the 64-bit window; BAR2 is not: the 32-bit one. */
    g_assert_cmphex(bar4, ==, f.m->phbs[0]->win.mmio64);
    g_assert_cmphex(pci_bar_base(dev, 2), >=, MEM32_BUS);
    g_assert_cmphex(pci_bar_base(dev, 2), <, MEM32_BUS + f.m->phbs[0]->win.mmio32_size);
    /* "reg": config space, then each BAR's size. */
    g_assert_cmpuint(g_bytes_get_size(cc_prop(props, "pci@0/reg")), ==, 4 * 5 * 5);
    g_hash_table_destroy(props);
    g_free(walk);

    /* The driver turns memory decoding on: the device answers where the node said. */
    cfg_write(&f, PCI_DEVFN(0, 0), PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    cpu0 = mem32_cpu(&f, 0, bar0);
    g_assert_cmphex(mmio_read32(&f, cpu0 + TESTDEV_ID), ==, PCI_TESTDEV_MAGIC);
    /* Linux may reassign: the device follows its BAR. */
    cfg_write(&f, PCI_DEVFN(0, 0), PCI_BASE_ADDRESS_0, 4, (uint32_t)(MEM32_BUS + 0x10000000));
    g_assert_cmphex(mmio_read32(&f, mem32_cpu(&f, 0, MEM32_BUS + 0x10000000) + TESTDEV_ID), ==,
                    PCI_TESTDEV_MAGIC);
    g_assert_cmphex(mmio_read32(&f, cpu0 + TESTDEV_ID), !=, PCI_TESTDEV_MAGIC);
    /* ... and a new device steps around the BAR where it is now. */
    g_assert_cmphex(pci_bar_base(hot_add("pci-testdev,id=t2,membar=0"), 0), ==, MEM32_BUS);
    expect_event(&f, HP_RES_PCI, HP_ADD, slot_index(0, 1));
    del("t2");      /* never unisolated: released at once, no event */
    expect_no_event(&f);
    g_assert_cmpstr(deleted->str, ==, "t2");

    /* device_del: the remove event; the device stays, shown as pending. */
    del("t1");
    expect_event(&f, HP_RES_PCI, HP_REMOVE, idx);
    g_assert_true(device_find_by_id("t1") == &dev->dev);
    g_assert_true(d->unplug_requested);
    out = g_string_new(NULL);
    spapr_phb_print_info(f.m, out);
    g_assert_nonnull(strstr(out->str, "id \"t1\"\n      pending removal"));
    g_string_truncate(out, 0);
    spapr_drc_print_info(f.m, out);
    g_assert_nonnull(strstr(out->str, "\"Slot 0\" type=28 state=configured(8) isolation=unisolated "
                            "allocation=- indicator=active sense=present power=100 device=t1 "
                            "pending=unplug\n"));
    g_string_free(out, TRUE);
    g_assert_cmpstr(deleted->str, ==, "t2");

    /* drmgr -r: the isolate releases it. */
    drmgr_remove(&f, idx);
    g_assert_null(device_find_by_id("t1"));
    g_assert_cmpstr(deleted->str, ==, "t2 t1");
    g_assert_true(spapr_drc_is_empty(d));
    g_assert_cmpint(d->state, ==, SPAPR_DRC_POWER_ON);
    g_assert_null(pci_bus_find_device(&f.m->phbs[0]->bus, 0, 0));
    /* Unmapped: nothing answers at its last address. */
    g_assert_cmphex(mmio_read32(&f, mem32_cpu(&f, 0, MEM32_BUS + 0x10000000) + TESTDEV_ID), !=,
                    PCI_TESTDEV_MAGIC);
    expect_no_event(&f);

    /* Its ranges are back in the pool: the same device gets the same addresses. */
    dev = hot_add("pci-testdev,id=t3");
    g_assert_cmphex(pci_bar_base(dev, 0), ==, bar0);
    g_assert_cmphex(pci_bar_base(dev, 4), ==, bar4);
    expect_event(&f, HP_RES_PCI, HP_ADD, idx);
    down(&f);
}

/* A non-hotpluggable PCI function, for the refusal below. */
static bool fixed_realize(PciDevice *dev, Error **errp)
{
    return true;
}

static const PropDef fixed_props[] = { PCI_DEVICE_PROPS, PROP_END };

static const PciDeviceClass fixed_class = {
    .parent = {
        .name = "test-fixed",
        .instance_size = sizeof(PciDevice),
        .props = fixed_props,
        .user_creatable = true,
        PCI_DEVICE_CLASS_HOOKS,
    },
    .vendor_id = 0x1234,
    .device_id = 0x0001,
    .class_code = 0xff0000,
    .realize = fixed_realize,
};

/* Every refusal says why and changes nothing (machine, DRCs, buses, events). */
static void test_refusals(void)
{
    static const char *const cold[] = {
        "test-fixed,id=fixed0,addr=9", "spapr-pci-host-bridge,index=2,id=phb2", NULL,
    };
    static bool registered;
    Fixture f;
    MemoryRegion filler;
    GHashTable *props;
    char *walk;
    unsigned n;

    if (!registered) {
        spapr_register_services();
        pci_device_class_register(&fixed_class);
        registered = true;
    }
    up(&f, cold);
    hot_add("e1000,id=nic1,addr=3");
    expect_event(&f, HP_RES_PCI, HP_ADD, slot_index(0, 3));
    props = drmgr_add(&f, slot_index(0, 3), &walk);
    g_hash_table_destroy(props);
    g_free(walk);

    /* An occupied slot, by another adapter or by a function 0 already announced. */
    expect_refused(&f, true, "e1000,id=x,addr=3", "slot 3 function 0 not available");
    hot_add("pci-testdev,id=mf0,addr=4.0,multifunction=on");
    expect_event(&f, HP_RES_PCI, HP_ADD, slot_index(0, 4));
    expect_refused(&f, true, "pci-testdev,id=x,addr=4.1", "Slot 4 is occupied by mf0");
    /* A bus that does not exist; a device that cannot be hot-plugged or -unplugged. */
    expect_refused(&f, true, "e1000,id=x,bus=pci.7", "Bus 'pci.7' not found");
    expect_refused(&f, true, "test-fixed,id=x", "does not support hotplugging");
    expect_refused(&f, false, "fixed0", "does not support hot-unplug");
    /* A second device_del of the same device. */
    del("nic1");
    expect_event(&f, HP_RES_PCI, HP_REMOVE, slot_index(0, 3));
    expect_refused(&f, false, "nic1", "already in the process of unplug");

    /* No room in the 32-bit window (something occupies all of it): nothing is plugged. */
    memory_region_init_io(&filler, "filler", NULL, NULL, f.m->phbs[0]->win.mmio32_size);
    memory_region_add_subregion(&f.m->phbs[0]->pci_mem, MEM32_BUS, &filler);
    expect_refused(&f, true, "e1000,id=x",
                   "no room for BAR0 (131072 bytes) of x in the 32-bit memory window of PHB 0 "
                   "(bus pci.0)");
    memory_region_del_subregion(&f.m->phbs[0]->pci_mem, &filler);
    memory_region_finalize(&filler);

    /* A full event queue: device_add and device_del alike. */
    for (n = spapr_events_pending(f.m); n < SPAPR_EVENT_QUEUE_MAX; n++) {
        g_assert_true(spapr_event_powerdown(f.m, NULL));
    }
    expect_refused(&f, true, "e1000,id=x", "events are waiting for the guest");
    expect_refused(&f, false, "mf0", "events are waiting for the guest");
    expect_refused(&f, true, "spapr-pci-host-bridge,index=5,id=phb5",
                   "events are waiting for the guest");
    expect_refused(&f, false, "phb2", "events are waiting for the guest");
    /* Functions 1-7 raise no event: they still go in. */
    hot_add("pci-testdev,id=w1,addr=6.1");
    g_assert_cmpuint(spapr_events_pending(f.m), ==, SPAPR_EVENT_QUEUE_MAX);
    while (check_exception(&f) == 0) {
    }
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 0);

    /* A PHB on its way out takes no new device. */
    del("phb2");
    expect_event(&f, HP_RES_PHB, HP_REMOVE, phb_index(2));
    expect_refused(&f, true, "e1000,id=x,bus=phb2.0", "PHB 2 (bus phb2.0) is being removed");
    g_assert_cmpstr(deleted->str, ==, "");
    down(&f);
}

/* The boot tree as the guest gets it after a reset (m->fdt). */
static int boot_node(Fixture *f, const char *path)
{
    return fdt_path_offset(f->m->fdt, path);
}

static uint32_t boot_u32(Fixture *f, const char *path, const char *name)
{
    int len;
    const fdt32_t *p = fdt_getprop(f->m->fdt, boot_node(f, path), name, &len);

    g_assert_nonnull(p);
    g_assert_cmpint(len, ==, 4);
    return fdt32_to_cpu(*p);
}

/*
 * A two-function adapter: function 1 first waits unseen, function 0 brings
 * the adapter with one event, configure-connector returns both as
 * top-level siblings, and removing function 0 removes both.
 */
static void test_multifunction(void)
{
    static const char *const cold[] = {
        "e1000,id=c0,addr=2.0,multifunction=on", "pci-testdev,id=c1,addr=2.1", NULL,
    };
    Fixture f;
    PciDevice *f1, *f0;
    GHashTable *props;
    char *walk;
    uint32_t idx = slot_index(0, 5), v;
    SpaprDrc *d;

    up(&f, cold);
    d = drc_at(&f, idx);
    /* At boot both functions of slot 2 carry the slot's connector. */
    g_assert_cmphex(boot_u32(&f, "/pci@800000020000000/ethernet@2", "ibm,my-drc-index"), ==,
                    slot_index(0, 2));
    g_assert_cmphex(boot_u32(&f, "/pci@800000020000000/pci@2,1", "ibm,my-drc-index"), ==,
                    slot_index(0, 2));

    /* Function 1 first: on the bus with its BARs, but no DRC, no event, no node. */
    f1 = hot_add("pci-testdev,id=h1,addr=5.1");
    g_assert_cmpint(f1->devfn, ==, PCI_DEVFN(5, 1));
    g_assert_true(spapr_drc_is_empty(d));
    g_assert_cmpuint(get_sensor(&f, 9003, idx, &v), ==, 0);
    g_assert_cmpuint(v, ==, RTAS_ENTITY_SENSE_EMPTY);
    g_assert_cmphex(pci_bar_base(f1, 0), >=, MEM32_BUS);
    expect_no_event(&f);
    /* Waiting functions are hidden from a rebooted guest too, as firmware skips them. */
    machine_reset(&f);
    g_assert_cmpint(boot_node(&f, "/pci@800000020000000/pci@5,1"), <, 0);
    /* It keeps ranges of its own (firmware placed them again), ready for function 0. */
    g_assert_cmphex(pci_bar_base(f1, 0), >=, MEM32_BUS);

    /* Function 0 plugs the adapter: one event, for the slot. */
    f0 = hot_add("e1000,id=h0,addr=5.0,multifunction=on");
    g_assert_true(d->dev == &f0->dev);
    expect_event(&f, HP_RES_PCI, HP_ADD, idx);
    expect_no_event(&f);
    props = drmgr_add(&f, idx, &walk);
    /* Top-level siblings (1), never "4 then 2". */
    g_assert_cmpstr(walk, ==, "2:ethernet@5 1:pci@5,1 0");
    g_assert_cmphex(cc_u32(props, "ethernet@5/ibm,my-drc-index"), ==, idx);
    g_assert_cmphex(cc_u32(props, "pci@5,1/ibm,my-drc-index"), ==, idx);
    cc_expect_string(props, "ethernet@5/ibm,loc-code", "Slot 5");
    cc_expect_string(props, "pci@5,1/ibm,loc-code", "Slot 5");
    g_hash_table_destroy(props);
    g_free(walk);

    /* device_del of function 1 waits for function 0's; function 0's takes both. */
    del("h1");
    expect_no_event(&f);
    g_assert_nonnull(device_find_by_id("h1"));
    g_assert_false(d->unplug_requested);
    del("h0");
    expect_event(&f, HP_RES_PCI, HP_REMOVE, idx);
    g_assert_cmpstr(deleted->str, ==, "");
    drmgr_remove(&f, idx);
    g_assert_null(device_find_by_id("h0"));
    g_assert_null(device_find_by_id("h1"));
    g_assert_cmpstr(deleted->str, ==, "h1 h0");
    expect_no_event(&f);

    /* A function 1 whose function 0 never came goes at once, unannounced. */
    hot_add("pci-testdev,id=h2,addr=6.1");
    del("h2");
    g_assert_null(device_find_by_id("h2"));
    g_assert_cmpstr(deleted->str, ==, "h1 h0 h2");
    expect_no_event(&f);

    /* The cold adapter goes whole too, after a guest reboot (its nodes had the connector). */
    del("c0");
    expect_event(&f, HP_RES_PCI, HP_REMOVE, slot_index(0, 2));
    g_assert_cmpint(set_indicator(&f, 9001, slot_index(0, 2), 0), ==, 0);
    g_assert_cmpstr(deleted->str, ==, "h1 h0 h2 c1 c0");
    down(&f);
}

/*
 * PHB hotplug: device_add of a PHB (logical DRC, PHB event), the guest's
 * drmgr -c phb -a, a device hot-added onto it, then device_del of the PHB
 * and the guest's removal sequence.
 */
static void test_phb_hotplug(void)
{
    Fixture f;
    SpaprDrc *d;
    GHashTable *props;
    char *walk;
    uint32_t idx = phb_index(3), v;

    up(&f, NULL);
    g_assert_nonnull(device_create_from_string("spapr-pci-host-bridge,index=3,id=phb3", true,
                                               NULL));
    d = drc_at(&f, idx);
    g_assert_true(d->dev == device_find_by_id("phb3"));
    g_assert_cmpint(d->state, ==, SPAPR_DRC_UNUSABLE);
    g_assert_nonnull(bus_find("phb3.0", NULL));
    expect_event(&f, HP_RES_PHB, HP_ADD, idx);
    expect_no_event(&f);

    /* drmgr -c phb -a: allocate, unisolate, configure-connector. */
    g_assert_cmpint(get_sensor(&f, 9003, idx, &v), ==, 0);
    g_assert_cmpuint(v, ==, RTAS_ENTITY_SENSE_UNUSABLE);
    g_assert_cmpint(set_indicator(&f, 9003, idx, 1), ==, 0);
    g_assert_cmpint(set_indicator(&f, 9001, idx, 1), ==, 0);
    props = cc_collect(&f, idx, &walk);
    g_assert_cmpstr(walk, ==, "2:pci@800000020000003 0");
    g_assert_cmphex(cc_u32(props, "pci@800000020000003/ibm,my-drc-index"), ==, idx);
    g_assert_cmpuint(g_bytes_get_size(cc_prop(props, "pci@800000020000003/ibm,drc-indexes")), ==,
                     4 * 33);
    g_assert_cmpint(d->state, ==, SPAPR_DRC_L_CONFIGURED);
    g_hash_table_destroy(props);
    g_free(walk);

    /* A device on the new PHB: its slot DRC (Slot 96 + slot), its event. */
    hot_add("e1000,id=n3,bus=phb3.0");
    expect_event(&f, HP_RES_PCI, HP_ADD, slot_index(3, 0));
    g_assert_cmpstr(drc_at(&f, slot_index(3, 0))->name, ==, "Slot 96");
    props = drmgr_add(&f, slot_index(3, 0), &walk);
    g_assert_cmpstr(walk, ==, "2:ethernet@0 0");
    g_hash_table_destroy(props);
    g_free(walk);
    /* The PHB's node now has the device's node inside. */
    props = cc_collect(&f, idx, &walk);
    g_assert_cmpstr(walk, ==, "2:pci@800000020000003 2:ethernet@0 4 0");
    g_assert_cmphex(cc_u32(props, "pci@800000020000003/ethernet@0/ibm,my-drc-index"), ==,
                    slot_index(3, 0));
    g_hash_table_destroy(props);
    g_free(walk);

    /* device_del of the PHB: one event; the PHB and its device wait for the guest. */
    g_assert_nonnull(device_find_by_id("phb3"));
    del("phb3");
    expect_event(&f, HP_RES_PHB, HP_REMOVE, idx);
    expect_no_event(&f);
    g_assert_true(device_find_by_id("n3")->pending_unplug);
    /* drmgr -c phb -r: slots isolated first (LoPAR: -9000 otherwise), the PHB, then unusable. */
    g_assert_cmpint(set_indicator(&f, 9001, idx, 0), ==, -9000);
    g_assert_cmpint(set_indicator(&f, 9001, slot_index(3, 0), 0), ==, 0);
    g_assert_nonnull(device_find_by_id("n3"));      /* its slot had no device_del of its own */
    g_assert_cmpint(set_indicator(&f, 9001, idx, 0), ==, 0);
    g_assert_nonnull(device_find_by_id("phb3"));
    g_assert_cmpint(set_indicator(&f, 9003, idx, 0), ==, 0);
    g_assert_null(device_find_by_id("phb3"));
    g_assert_null(device_find_by_id("n3"));
    g_assert_cmpstr(deleted->str, ==, "n3 phb3");
    g_assert_null(f.m->phbs[3]);
    g_assert_null(bus_find("phb3.0", NULL));
    g_assert_null(spapr_drc_pci_slot(f.m, 3, 0));
    g_assert_true(spapr_drc_is_empty(d));
    g_assert_cmpint(d->state, ==, SPAPR_DRC_UNUSABLE);

    /* Again, removed before the guest allocated it: at once, no event. */
    g_assert_nonnull(device_create_from_string("spapr-pci-host-bridge,index=3,id=phb3b", true,
                                               NULL));
    expect_event(&f, HP_RES_PHB, HP_ADD, idx);
    del("phb3b");
    g_assert_null(device_find_by_id("phb3b"));
    expect_no_event(&f);
    g_assert_cmpstr(deleted->str, ==, "n3 phb3 phb3b");

    /* A PHB whose removal waits for the guest goes at reset, with what is on it. */
    g_assert_nonnull(device_create_from_string("spapr-pci-host-bridge,index=4,id=phb4", true,
                                               NULL));
    hot_add("pci-testdev,id=t4,bus=phb4.0,addr=2");
    g_assert_cmpint(set_indicator(&f, 9003, phb_index(4), 1), ==, 0);
    g_assert_cmpint(set_indicator(&f, 9001, phb_index(4), 1), ==, 0);
    del("phb4");
    g_assert_nonnull(device_find_by_id("phb4"));
    machine_reset(&f);
    g_assert_null(device_find_by_id("phb4"));
    g_assert_null(device_find_by_id("t4"));
    g_assert_cmpstr(deleted->str, ==, "n3 phb3 phb3b t4 phb4");
    g_assert_cmpint(fdt_path_offset(f.m->fdt, "/pci@800000020000004"), <, 0);
    g_assert_cmpint(drc_at(&f, phb_index(4))->state, ==, SPAPR_DRC_UNUSABLE);
    down(&f);
}

/*
 * system_reset completes a pending unplug; a hot-added device the guest
 * never configured is present at boot, in the tree, and removable.
 */
static void test_reset(void)
{
    Fixture f;
    GHashTable *props;
    char *walk;
    int node;

    up(&f, NULL);
    hot_add("e1000,id=gone");
    hot_add("e1000,id=stays,addr=7");
    expect_event(&f, HP_RES_PCI, HP_ADD, slot_index(0, 0));
    expect_event(&f, HP_RES_PCI, HP_ADD, slot_index(0, 7));
    props = drmgr_add(&f, slot_index(0, 0), &walk);
    g_hash_table_destroy(props);
    g_free(walk);
    del("gone");
    expect_event(&f, HP_RES_PCI, HP_REMOVE, slot_index(0, 0));

    machine_reset(&f);
    g_assert_null(device_find_by_id("gone"));
    g_assert_cmpstr(deleted->str, ==, "gone");
    g_assert_true(spapr_drc_is_empty(drc_at(&f, slot_index(0, 0))));
    g_assert_cmpint(boot_node(&f, "/pci@800000020000000/ethernet@0"), <, 0);
    /* Present at boot: configured, in the tree with its connector and firmware's BARs. */
    g_assert_cmpint(drc_at(&f, slot_index(0, 7))->state, ==, SPAPR_DRC_P_CONFIGURED);
    node = boot_node(&f, "/pci@800000020000000/ethernet@7");
    g_assert_cmpint(node, >=, 0);
    g_assert_cmphex(boot_u32(&f, "/pci@800000020000000/ethernet@7", "ibm,my-drc-index"), ==,
                    slot_index(0, 7));
    g_assert_cmpstr(fdt_getprop(f.m->fdt, node, "ibm,loc-code", NULL), ==, "Slot 7");
    g_assert_nonnull(fdt_getprop(f.m->fdt, node, "assigned-addresses", NULL));
    expect_no_event(&f);    /* reset drops what the old guest did not read */

    /* Removable after the reboot: the guest owns it, so device_del waits for the isolate. */
    del("stays");
    expect_event(&f, HP_RES_PCI, HP_REMOVE, slot_index(0, 7));
    drmgr_remove(&f, slot_index(0, 7));
    g_assert_null(device_find_by_id("stays"));
    g_assert_cmpstr(deleted->str, ==, "gone stays");
    down(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hotplug/add-slots", test_add_slots);
    g_test_add_func("/hotplug/drmgr-cycle", test_drmgr_cycle);
    g_test_add_func("/hotplug/refusals", test_refusals);
    g_test_add_func("/hotplug/multifunction", test_multifunction);
    g_test_add_func("/hotplug/phb", test_phb_hotplug);
    g_test_add_func("/hotplug/reset", test_reset);
    return g_test_run();
}
