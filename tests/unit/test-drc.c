/*
 * Unit tests for the DR connectors (hotplug/drc*.c): the ibm,drc-* arrays
 * against the formulas, the logical PHB state machine, unplug requests and
 * machine reset, refused RTAS calls that must change nothing, `info drc`
 * and the -d dr log. RTAS calls go through the real dispatcher with their
 * arguments in guest RAM (drc-test-util.h). The drmgr sequences and the
 * configure-connector walks are in test-drc-cc.c.
 */
#include <glib/gstdio.h>

#include "core/log.h"
#include "drc-test-util.h"

/* ---- device-tree arrays ---- */

/* The count cell, then n NUL-terminated strings: the i-th string. */
static const char *fdt_string_entry(const void *prop, int len, uint32_t i)
{
    const char *p = (const char *)prop + 4, *end = (const char *)prop + len;

    for (uint32_t k = 0; k < i; k++) {
        p += strlen(p) + 1;
        g_assert_true(p < end);
    }
    g_assert_nonnull(memchr(p, 0, (size_t)(end - p)));
    return p;
}

static uint32_t fdt_cell(const void *prop, uint32_t i)
{
    uint32_t v;

    memcpy(&v, (const uint8_t *)prop + 4 * i, 4);
    return fdt32_to_cpu(v);
}

/*
 * Check the four arrays of node against index(k), name(k), type for k in
 * 0..n-1: counts first, cells big-endian, power domain -1 everywhere.
 */
static void check_arrays(const void *fdt, int node, uint32_t n, uint32_t (*index)(uint32_t),
                         char *(*name)(uint32_t), const char *type)
{
    int len_i, len_n, len_t, len_p;
    const void *idx = fdt_getprop(fdt, node, "ibm,drc-indexes", &len_i);
    const void *names = fdt_getprop(fdt, node, "ibm,drc-names", &len_n);
    const void *types = fdt_getprop(fdt, node, "ibm,drc-types", &len_t);
    const void *pd = fdt_getprop(fdt, node, "ibm,drc-power-domains", &len_p);

    g_assert_nonnull(idx);
    g_assert_nonnull(names);
    g_assert_nonnull(types);
    g_assert_nonnull(pd);
    g_assert_cmpint(len_i, ==, 4 * (int)(n + 1));
    g_assert_cmpint(len_p, ==, 4 * (int)(n + 1));
    g_assert_cmpuint(fdt_cell(idx, 0), ==, n);
    g_assert_cmpuint(fdt_cell(names, 0), ==, n);
    g_assert_cmpuint(fdt_cell(types, 0), ==, n);
    g_assert_cmpuint(fdt_cell(pd, 0), ==, n);
    for (uint32_t k = 0; k < n; k++) {
        char *want = name(k);

        g_assert_cmphex(fdt_cell(idx, k + 1), ==, index(k));
        g_assert_cmpstr(fdt_string_entry(names, len_n, k), ==, want);
        g_assert_cmpstr(fdt_string_entry(types, len_t, k), ==, type);
        g_assert_cmphex(fdt_cell(pd, k + 1), ==, 0xffffffffu);
        g_free(want);
    }
    /* Nothing after the last string. */
    g_assert_cmpint((int)(fdt_string_entry(names, len_n, n - 1) - (const char *)names) +
                        (int)strlen(fdt_string_entry(names, len_n, n - 1)) + 1, ==, len_n);
    /* rpaphp registers a single slot when ibm,drc-info is present. */
    g_assert_null(fdt_getprop(fdt, node, "ibm,drc-info", NULL));
}

/* The formulas of the 2013 series, for PHB 1: index 0x40000000 + (phb << 8) + (slot << 3). */
static uint32_t phb1_slot_index(uint32_t slot)
{
    return 0x40000000u + (1u << 8) + (slot << 3);
}

static char *phb1_slot_name(uint32_t slot)
{
    return g_strdup_printf("Slot %u", 1 * 32 + slot);
}

static uint32_t phb_index(uint32_t phb)
{
    return 0x20000000u | phb;
}

static char *phb_name(uint32_t phb)
{
    return g_strdup_printf("PHB %u", phb);
}

static void test_fdt_arrays(void)
{
    Fixture f;
    char buf[16384];
    int node;

    fixture_up(&f);
    g_assert_cmpint(fdt_create(buf, sizeof(buf)), ==, 0);
    g_assert_cmpint(fdt_finish_reservemap(buf), ==, 0);
    g_assert_cmpint(fdt_begin_node(buf, ""), ==, 0);
    g_assert_cmpint(spapr_drc_phb_fdt_root_props(f.m, buf), ==, 0);
    g_assert_cmpint(fdt_begin_node(buf, "pci@800000020000001"), ==, 0);
    g_assert_cmpint(spapr_drc_phb_fdt_my_index(1, buf), ==, 0);
    g_assert_cmpint(spapr_drc_pci_fdt_phb_props(f.m, 1, buf), ==, 0);
    g_assert_cmpint(fdt_begin_node(buf, "ethernet@5"), ==, 0);
    g_assert_cmpint(spapr_drc_pci_fdt_function_props(1, 5, buf), ==, 0);
    g_assert_cmpint(fdt_end_node(buf), ==, 0);
    g_assert_cmpint(fdt_end_node(buf), ==, 0);
    g_assert_cmpint(fdt_end_node(buf), ==, 0);
    g_assert_cmpint(fdt_finish(buf), ==, 0);

    check_arrays(buf, 0, 31, phb_index, phb_name, "PHB");
    node = fdt_path_offset(buf, "/pci@800000020000001");
    g_assert_cmpint(node, >=, 0);
    g_assert_cmphex(fdt_cell(fdt_getprop(buf, node, "ibm,my-drc-index", NULL), 0), ==,
                    0x20000001u);
    check_arrays(buf, node, 32, phb1_slot_index, phb1_slot_name, "28");
    node = fdt_path_offset(buf, "/pci@800000020000001/ethernet@5");
    g_assert_cmpint(node, >=, 0);
    g_assert_cmphex(fdt_cell(fdt_getprop(buf, node, "ibm,my-drc-index", NULL), 0), ==,
                    0x40000000u + (1u << 8) + (5u << 3));
    g_assert_cmpstr(fdt_getprop(buf, node, "ibm,loc-code", NULL), ==, "Slot 37");
    fixture_down(&f);
}

/* The boot tree has the PHB connectors on /. */
static void test_boot_tree_root(void)
{
    Fixture f;
    Error *err = NULL;
    void *fdt;

    fixture_up(&f);
    g_assert_true(spapr_load_images(f.m, &err));
    fdt = spapr_build_fdt(f.m, &err);
    g_assert_null(err);
    g_assert_nonnull(fdt);
    check_arrays(fdt, 0, 31, phb_index, phb_name, "PHB");
    g_free(fdt);
    fixture_down(&f);
}

/* Lookups by index agree with the formulas; PHB 2 has no slots until it is realized. */
static void test_lookup(void)
{
    Fixture f;

    fixture_up(&f);
    for (int slot = 0; slot < 32; slot++) {
        SpaprDrc *d = spapr_drc_pci_slot(f.m, 1, slot);

        g_assert_nonnull(d);
        g_assert_true(d == spapr_drc_by_index(f.m, 0x40000100u + ((uint32_t)slot << 3)));
        g_assert_true(spapr_drc_is_physical(d));
        g_assert_cmpint(d->state, ==, SPAPR_DRC_POWER_ON);
        g_assert_cmpuint(spapr_drc_entity_sense(d), ==, RTAS_ENTITY_SENSE_EMPTY);
    }
    g_assert_null(spapr_drc_pci_slot(f.m, 2, 0));
    g_assert_null(spapr_drc_by_index(f.m, 0x40000200u));
    g_assert_null(spapr_drc_by_index(f.m, 0x40000004u));     /* not a slot boundary */
    g_assert_null(spapr_drc_pci_slot(f.m, 0, 32));
    g_assert_cmpstr(spapr_drc_phb(f.m, 30)->name, ==, "PHB 30");
    g_assert_null(spapr_drc_phb(f.m, 31));
    g_assert_false(spapr_drc_is_physical(spapr_drc_phb(f.m, 0)));
    /* PHB 0 exists on every machine: cold-plugged, configured; PHB 1 does not. */
    g_assert_true(spapr_drc_phb(f.m, 0)->dev == (Device *)f.m->phbs[0]);
    g_assert_cmpint(spapr_drc_phb(f.m, 0)->state, ==, SPAPR_DRC_L_CONFIGURED);
    g_assert_null(spapr_drc_phb(f.m, 1)->dev);
    g_assert_cmpint(spapr_drc_phb(f.m, 1)->state, ==, SPAPR_DRC_UNUSABLE);

    spapr_drc_pci_create_slots(f.m, 2);
    g_assert_cmpstr(spapr_drc_pci_slot(f.m, 2, 31)->name, ==, "Slot 95");
    spapr_drc_pci_destroy_slots(f.m, 2);
    g_assert_null(spapr_drc_pci_slot(f.m, 2, 31));
    fixture_down(&f);
}

/* ---- the logical PHB state machine (LoPAR 13.4, 13.7) ---- */

static void test_phb_state_machine(void)
{
    Fixture f;
    FakeEntity phb;
    SpaprDrc *drc;
    uint32_t idx = 0x20000003u, sense;
    char *walk;

    fixture_up(&f);
    drc = spapr_drc_by_index(f.m, idx);
    g_assert_nonnull(drc);

    /* Empty: unusable, and it cannot be allocated. */
    g_assert_cmpint(get_sensor(&f, 9003, idx, &sense), ==, 0);
    g_assert_cmpuint(sense, ==, RTAS_ENTITY_SENSE_UNUSABLE);
    g_assert_cmpint(set_indicator(&f, 9003, idx, 1), ==, -3);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_UNUSABLE);

    /* device_add of a PHB: realized (slots created), attached, still the platform's. */
    spapr_drc_pci_create_slots(f.m, 3);
    fake_init(&phb, &f, "phb3", 3, 0, 0, false);
    phb.is_phb = true;
    fake_attach(&phb, drc, true);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_UNUSABLE);
    g_assert_cmpint(get_sensor(&f, 9003, idx, &sense), ==, 0);
    g_assert_cmpuint(sense, ==, RTAS_ENTITY_SENSE_UNUSABLE);

    /* LoPAR 13.5.3.4 R1-5: while it senses unusable only allocation usable works. */
    g_assert_cmpint(set_indicator(&f, 9001, idx, 1), ==, -3);
    g_assert_cmpint(set_indicator(&f, 9001, idx, 0), ==, -3);
    g_assert_cmpint(set_indicator(&f, 9003, idx, 0), ==, -3);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_UNUSABLE);
    wa_init(&f, idx);
    g_assert_cmpint(cc_call(&f), ==, RTAS_OUT_DR_UNUSABLE);

    /* 1 -> 2 -> 1 -> 2: allocation both ways while isolated. */
    g_assert_cmpint(set_indicator(&f, 9003, idx, 1), ==, 0);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_AVAILABLE);
    g_assert_cmpint(get_sensor(&f, 9003, idx, &sense), ==, 0);
    g_assert_cmpuint(sense, ==, RTAS_ENTITY_SENSE_PRESENT);
    g_assert_cmpint(set_indicator(&f, 9003, idx, 0), ==, 0);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_UNUSABLE);
    g_assert_cmpint(phb.releases, ==, 0);
    g_assert_cmpint(set_indicator(&f, 9003, idx, 1), ==, 0);
    g_assert_cmpint(set_indicator(&f, 9003, idx, 1), ==, 0);   /* null transition */
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_AVAILABLE);

    /* Isolated: configure-connector reports "complete" at once (13.7.4.3 R1-1). */
    wa_init(&f, idx);
    g_assert_cmpint(cc_call(&f), ==, RTAS_CC_COMPLETE);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_AVAILABLE);
    g_assert_cmpint(phb.builds, ==, 0);
    g_assert_cmpint(set_indicator(&f, 9001, idx, 0), ==, 0);   /* null transition */

    /* 2 -> 3 -> 4. */
    g_assert_cmpint(set_indicator(&f, 9001, idx, 1), ==, 0);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_L_UNISOLATED);
    g_assert_cmpint(set_indicator(&f, 9003, idx, 0), ==, -3);  /* isolate first */
    wa_init(&f, idx);
    walk = cc_walk(&f, 20);
    g_assert_cmpstr(walk, ==, "2:pci@800000020000003 3:device_type 3:ibm,my-drc-index "
                              "3:ibm,drc-indexes 3:ibm,drc-names 3:ibm,drc-types "
                              "3:ibm,drc-power-domains 0");
    g_free(walk);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_L_CONFIGURED);

    /* device_del: pending until isolate + unusable. */
    {
        bool released = true;
        Error *err = NULL;

        g_assert_true(spapr_drc_unplug_request(drc, &released, &err));
        g_assert_false(released);
        g_assert_true(drc->unplug_requested);
    }
    /* 13.7.4.1.3: not while a slot below is unisolated. */
    {
        FakeEntity nic;

        fake_init(&nic, &f, "nic", 3, 4, 1, false);
        fake_attach(&nic, spapr_drc_pci_slot(f.m, 3, 4), false);
        g_assert_cmpint(set_indicator(&f, 9001, idx, 0), ==, RTAS_OUT_DR_MULTI_LEVEL_ISOLATION);
        g_assert_cmpint(drc->state, ==, SPAPR_DRC_L_CONFIGURED);
        g_assert_cmpint(set_indicator(&f, 9001, 0x40000320u, 0), ==, 0);    /* slot 4 of PHB 3 */
        g_assert_cmpint(nic.releases, ==, 0);
        g_assert_cmpint(set_indicator(&f, 9001, idx, 0), ==, 0);
        g_assert_cmpint(drc->state, ==, SPAPR_DRC_AVAILABLE);
        g_assert_cmpint(phb.releases, ==, 0);
        g_assert_cmpint(set_indicator(&f, 9003, idx, 1), ==, 0);   /* null: still usable */
        g_assert_cmpint(set_indicator(&f, 9003, idx, 0), ==, 0);
        g_assert_cmpint(phb.releases, ==, 1);
        g_assert_null(drc->dev);
        g_assert_false(drc->unplug_requested);
        g_assert_cmpint(drc->state, ==, SPAPR_DRC_UNUSABLE);
        /* The PHB's release took its slot DRCs, and the slot's device with them. */
        g_assert_null(spapr_drc_pci_slot(f.m, 3, 4));
        g_assert_null(spapr_drc_by_index(f.m, 0x40000320u));
        g_assert_cmpint(nic.releases, ==, 0);
    }
    g_assert_cmpint(set_indicator(&f, 9003, idx, 1), ==, -3);  /* empty again */
    fixture_down(&f);
}

/* A PHB hot-added and removed before the guest allocated it is released at device_del. */
static void test_phb_unplug_unowned(void)
{
    Fixture f;
    FakeEntity phb;
    SpaprDrc *drc;
    bool released = false;
    Error *err = NULL;

    fixture_up(&f);
    drc = spapr_drc_phb(f.m, 5);
    spapr_drc_pci_create_slots(f.m, 5);
    fake_init(&phb, &f, "phb5", 5, 0, 0, false);
    phb.is_phb = true;
    fake_attach(&phb, drc, true);
    g_assert_true(spapr_drc_unplug_request(drc, &released, &err));
    g_assert_true(released);
    g_assert_cmpint(phb.releases, ==, 1);
    g_assert_null(drc->dev);
    g_assert_null(spapr_drc_pci_slot(f.m, 5, 0));
    fixture_down(&f);
}

/* A cold-plugged PHB: removal is isolate, then unusable, which releases it. */
static void test_phb_cold_unplug(void)
{
    Fixture f;
    FakeEntity phb;
    SpaprDrc *drc;
    bool released;
    Error *err = NULL;

    fixture_up(&f);
    drc = spapr_drc_phb(f.m, 6);
    spapr_drc_pci_create_slots(f.m, 6);
    fake_init(&phb, &f, "phb6", 6, 0, 0, false);
    phb.is_phb = true;
    fake_attach(&phb, drc, false);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_L_CONFIGURED);
    g_assert_true(spapr_drc_unplug_request(drc, &released, &err));
    g_assert_false(released);
    g_assert_cmpint(set_indicator(&f, 9001, drc->index, 0), ==, 0);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_AVAILABLE);
    g_assert_cmpint(phb.releases, ==, 0);
    g_assert_cmpint(set_indicator(&f, 9003, drc->index, 0), ==, 0);
    g_assert_cmpint(phb.releases, ==, 1);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_UNUSABLE);
    g_assert_null(drc->dev);
    g_assert_null(spapr_drc_pci_slot(f.m, 6, 0));
    fixture_down(&f);
}

/* ---- unplug requests and reset ---- */

static void test_unplug_errors(void)
{
    Fixture f;
    FakeEntity nic, other;
    SpaprDrc *drc;
    bool released;
    Error *err = NULL;

    fixture_up(&f);
    drc = spapr_drc_pci_slot(f.m, 0, 2);
    g_assert_false(spapr_drc_unplug_request(drc, &released, &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), "Slot 2"));
    error_free(err);
    err = NULL;

    fake_init(&nic, &f, "nic1", 0, 2, 1, false);
    fake_attach(&nic, drc, false);
    fake_init(&other, &f, "nic2", 0, 2, 1, false);
    g_assert_false(spapr_drc_attach(drc, &other.dev, &fake_entity_ops, &other, true, &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), "nic1"));
    error_free(err);
    err = NULL;
    g_assert_true(drc->dev == &nic.dev);

    g_assert_true(spapr_drc_unplug_request(drc, &released, &err));
    g_assert_false(released);
    g_assert_false(spapr_drc_unplug_request(drc, &released, &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), "already pending"));
    error_free(err);
    g_assert_true(drc->unplug_requested);
    g_assert_cmpint(nic.releases, ==, 0);

    /* The owner taking it away itself: no release call, the DRC is empty. */
    spapr_drc_detach(drc);
    g_assert_null(drc->dev);
    g_assert_false(drc->unplug_requested);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_POWER_ON);
    g_assert_cmpint(nic.releases, ==, 0);
    spapr_drc_detach(drc);     /* empty: nothing */
    fixture_down(&f);
}

static void test_reset(void)
{
    Fixture f;
    FakeEntity gone, stays, hot, phb;
    SpaprDrc *d_gone, *d_stays, *d_hot, *d_phb;
    bool released;
    Error *err = NULL;

    fixture_up(&f);
    d_gone = spapr_drc_pci_slot(f.m, 0, 0);
    d_stays = spapr_drc_pci_slot(f.m, 0, 1);
    d_hot = spapr_drc_pci_slot(f.m, 1, 7);
    d_phb = spapr_drc_phb(f.m, 4);
    fake_init(&gone, &f, "gone", 0, 0, 1, false);
    fake_init(&stays, &f, "stays", 0, 1, 1, false);
    fake_init(&hot, &f, "hot", 1, 7, 1, false);
    fake_init(&phb, &f, "phb4", 4, 0, 0, false);
    phb.is_phb = true;
    spapr_drc_pci_create_slots(f.m, 4);
    fake_attach(&gone, d_gone, false);
    fake_attach(&stays, d_stays, false);
    fake_attach(&hot, d_hot, true);
    fake_attach(&phb, d_phb, true);
    g_assert_true(spapr_drc_unplug_request(d_gone, &released, &err));
    g_assert_false(released);
    /* Guest-driven states the reset must undo. */
    g_assert_cmpint(set_indicator(&f, 9002, d_stays->index, 2), ==, 0);
    g_assert_cmpint(set_indicator(&f, 9003, d_phb->index, 1), ==, 0);
    wa_init(&f, d_stays->index);
    g_assert_cmpint(cc_call(&f), ==, RTAS_CC_NEXT_CHILD);
    g_assert_nonnull(d_stays->walk);

    spapr_drc_reset_all(f.m);
    g_assert_cmpint(gone.releases, ==, 1);
    g_assert_null(d_gone->dev);
    g_assert_cmpint(d_gone->state, ==, SPAPR_DRC_POWER_ON);
    g_assert_false(d_gone->unplug_requested);
    /* A device present at reset is the OS's from boot, as if cold-plugged. */
    g_assert_cmpint(d_stays->state, ==, SPAPR_DRC_P_CONFIGURED);
    g_assert_cmpuint(d_stays->dr_indicator, ==, RTAS_DR_INDICATOR_INACTIVE);
    g_assert_null(d_stays->walk);
    g_assert_cmpint(d_hot->state, ==, SPAPR_DRC_P_CONFIGURED);
    g_assert_cmpint(d_phb->state, ==, SPAPR_DRC_L_CONFIGURED);
    g_assert_cmpint(stays.releases + hot.releases + phb.releases, ==, 0);
    /* An empty PHB connector stays unusable. */
    g_assert_cmpint(spapr_drc_phb(f.m, 1)->state, ==, SPAPR_DRC_UNUSABLE);
    fixture_down(&f);
}

/* A pending PHB removal at reset takes the PHB's slots (and their pending unplugs) with it. */
static void test_reset_phb_with_slots(void)
{
    Fixture f;
    FakeEntity phb, nic;
    bool released;
    Error *err = NULL;

    fixture_up(&f);
    spapr_drc_pci_create_slots(f.m, 2);
    fake_init(&phb, &f, "phb2", 2, 0, 0, false);
    phb.is_phb = true;
    fake_attach(&phb, spapr_drc_phb(f.m, 2), false);
    fake_init(&nic, &f, "nic", 2, 3, 1, false);
    fake_attach(&nic, spapr_drc_pci_slot(f.m, 2, 3), false);
    g_assert_true(spapr_drc_unplug_request(spapr_drc_pci_slot(f.m, 2, 3), &released, &err));
    g_assert_true(spapr_drc_unplug_request(spapr_drc_phb(f.m, 2), &released, &err));
    spapr_drc_reset_all(f.m);
    g_assert_cmpint(phb.releases, ==, 1);
    g_assert_null(spapr_drc_pci_slot(f.m, 2, 3));
    g_assert_cmpint(spapr_drc_phb(f.m, 2)->state, ==, SPAPR_DRC_UNUSABLE);
    fixture_down(&f);
}

/* ---- refused calls change nothing ---- */

typedef struct BadCall {
    const char *what;
    const char *service;
    uint32_t nargs, nret;
    uint32_t args[3];
} BadCall;

#define SLOT0   0x40000000u     /* PHB 0 slot 0: cold-plugged, configured */
#define SLOT1   0x40000008u     /* PHB 0 slot 1: hot-added, unisolated */
#define PHB0    0x20000000u     /* configured PHB connector: the machine's PHB 0 */

static const BadCall bad_calls[] = {
    { "isolate an unknown index", "set-indicator", 3, 1, { 9001, 0x40000004u, 0 } },
    { "isolate a slot of an unrealized PHB", "set-indicator", 3, 1, { 9001, 0x40000200u, 0 } },
    { "isolation value 2", "set-indicator", 3, 1, { 9001, SLOT0, 2 } },
    { "isolation value -1", "set-indicator", 3, 1, { 9001, SLOT1, 0xffffffffu } },
    { "dr-indicator value 4", "set-indicator", 3, 1, { 9002, SLOT0, 4 } },
    { "dr-indicator on a logical DRC", "set-indicator", 3, 1, { 9002, PHB0, 1 } },
    { "dr-indicator of an unknown index", "set-indicator", 3, 1, { 9002, 0x12345678u, 1 } },
    { "allocation-state on a slot", "set-indicator", 3, 1, { 9003, SLOT0, 0 } },
    { "allocation-state usable on a slot", "set-indicator", 3, 1, { 9003, SLOT1, 1 } },
    { "allocation-state exchange", "set-indicator", 3, 1, { 9003, PHB0, 2 } },
    { "allocation-state recover", "set-indicator", 3, 1, { 9003, PHB0, 3 } },
    { "allocation-state 7", "set-indicator", 3, 1, { 9003, PHB0, 7 } },
    { "allocation unusable while configured", "set-indicator", 3, 1, { 9003, PHB0, 0 } },
    { "allocation of an unknown index", "set-indicator", 3, 1, { 9003, 0x20000040u, 1 } },
    { "an unknown indicator type", "set-indicator", 3, 1, { 9999, SLOT0, 0 } },
    { "set-indicator with 2 args", "set-indicator", 2, 1, { 9001, SLOT0, 0 } },
    { "set-indicator with 2 rets", "set-indicator", 3, 2, { 9001, SLOT0, 0 } },
    { "sense of an unknown index", "get-sensor-state", 2, 2, { 9003, 0x40000001u, 0 } },
    { "get-sensor-state with 1 ret", "get-sensor-state", 2, 1, { 9003, SLOT0, 0 } },
    { "get-sensor-state with 3 args", "get-sensor-state", 3, 2, { 9003, SLOT0, 0 } },
    { "power domain 0", "set-power-level", 2, 2, { 0, 100, 0 } },
    { "power level 50", "set-power-level", 2, 2, { 0xffffffffu, 50, 0 } },
    { "set-power-level with 1 ret", "set-power-level", 2, 1, { 0xffffffffu, 100, 0 } },
    { "set-power-level with 1 arg", "set-power-level", 1, 2, { 0xffffffffu, 100, 0 } },
    { "get-power-level of domain 3", "get-power-level", 1, 2, { 3, 0, 0 } },
    { "get-power-level with 1 ret", "get-power-level", 1, 1, { 0xffffffffu, 0, 0 } },
    { "work area past RAM", "ibm,configure-connector", 2, 1, { 0x7ffff000u, 0, 0 } },
    { "work area straddling RAM's end", "ibm,configure-connector", 2, 1,
      { (uint32_t)(TEST_RAM - 2048), 0, 0 } },
    { "configure-connector with 1 arg", "ibm,configure-connector", 1, 1, { WA_ADDR, 0, 0 } },
    { "configure-connector with 2 rets", "ibm,configure-connector", 2, 2, { WA_ADDR, 0, 0 } },
};

static void test_bad_arguments(void)
{
    Fixture f;
    FakeEntity cold, hot;

    fixture_up(&f);
    fake_init(&cold, &f, "cold", 0, 0, 1, false);
    fake_init(&hot, &f, "hot", 0, 1, 1, false);
    fake_attach(&cold, spapr_drc_by_index(f.m, SLOT0), false);
    fake_attach(&hot, spapr_drc_by_index(f.m, SLOT1), true);
    /* PHB 0 is the machine's own, configured from the start. */
    g_assert_cmpint(spapr_drc_by_index(f.m, PHB0)->state, ==, SPAPR_DRC_L_CONFIGURED);
    g_assert_cmpint(set_indicator(&f, 9001, SLOT1, 1), ==, 0);
    /* A walk in progress on slot 0 must survive the refused calls. */
    wa_init(&f, SLOT0);
    g_assert_cmpint(cc_call(&f), ==, RTAS_CC_NEXT_CHILD);
    g_assert_nonnull(spapr_drc_by_index(f.m, SLOT0)->walk);

    for (size_t i = 0; i < G_N_ELEMENTS(bad_calls); i++) {
        const BadCall *b = &bad_calls[i];
        char *before = drc_snapshot(&f);
        char *after;
        uint32_t rets[2];
        int32_t st;

        g_test_message("%s", b->what);
        st = rtas(&f, b->service, b->nargs, b->nret, rets, b->args[0], b->args[1], b->args[2]);
        g_assert_cmpint(st, ==, RTAS_OUT_PARAM_ERROR);
        after = drc_snapshot(&f);
        g_assert_cmpstr(before, ==, after);
        g_free(before);
        g_free(after);
    }

    /* configure-connector on an unknown index: -3, the work area untouched. */
    {
        char *before, *after;

        wa_init(&f, 0x40000004u);
        before = drc_snapshot(&f);
        g_assert_cmpint(cc_call(&f), ==, RTAS_OUT_PARAM_ERROR);
        after = drc_snapshot(&f);
        g_assert_cmpstr(before, ==, after);
        g_free(before);
        g_free(after);
    }
    g_assert_cmpint(cold.releases + hot.releases, ==, 0);
    g_assert_nonnull(spapr_drc_by_index(f.m, PHB0)->dev);
    g_assert_cmpint(cold.builds, ==, 1);
    fixture_down(&f);
}

/* ---- info drc ---- */

static void test_info(void)
{
    Fixture f;
    FakeEntity nic, anon;
    GString *out = g_string_new(NULL);
    gchar **lines;
    bool released;
    Error *err = NULL;

    fixture_up(&f);
    fake_init(&nic, &f, "nic1", 0, 1, 1, false);
    fake_init(&anon, &f, NULL, 1, 0, 1, false);
    fake_attach(&nic, spapr_drc_pci_slot(f.m, 0, 1), false);
    fake_attach(&anon, spapr_drc_pci_slot(f.m, 1, 0), true);
    g_assert_true(spapr_drc_unplug_request(spapr_drc_pci_slot(f.m, 0, 1), &released, &err));
    g_assert_cmpint(set_indicator(&f, 9002, 0x40000008u, 1), ==, 0);

    spapr_drc_print_info(f.m, out);
    lines = g_strsplit(out->str, "\n", -1);
    /* 31 PHB connectors, 2 x 32 slots, and the empty string after the last newline. */
    g_assert_cmpuint(g_strv_length(lines), ==, 31 + 64 + 1);
    g_assert_cmpstr(lines[31 + 64], ==, "");
    /* The machine's PHB 0, which has no id. */
    g_assert_cmpstr(lines[0], ==, "0x20000000 \"PHB 0\" type=PHB state=configured(4) "
                    "isolation=unisolated allocation=usable indicator=- sense=present power=100 "
                    "device=(spapr-pci-host-bridge) pending=-");
    g_assert_cmpstr(lines[1], ==, "0x20000001 \"PHB 1\" type=PHB state=unusable(1) "
                    "isolation=isolated allocation=unusable indicator=- sense=unusable power=100 "
                    "device=- pending=-");
    g_assert_cmpstr(lines[30], ==, "0x2000001e \"PHB 30\" type=PHB state=unusable(1) "
                    "isolation=isolated allocation=unusable indicator=- sense=unusable power=100 "
                    "device=- pending=-");
    g_assert_cmpstr(lines[31], ==, "0x40000000 \"Slot 0\" type=28 state=power-on(6) "
                    "isolation=isolated allocation=- indicator=inactive sense=empty power=100 "
                    "device=- pending=-");
    g_assert_cmpstr(lines[32], ==, "0x40000008 \"Slot 1\" type=28 state=configured(8) "
                    "isolation=unisolated allocation=- indicator=active sense=present power=100 "
                    "device=nic1 pending=unplug");
    g_assert_cmpstr(lines[31 + 32], ==, "0x40000100 \"Slot 32\" type=28 state=power-on(6) "
                    "isolation=isolated allocation=- indicator=inactive sense=present power=100 "
                    "device=(fake-dev) pending=-");
    g_strfreev(lines);
    g_string_free(out, TRUE);
    fixture_down(&f);
}

/* The monitor reaches it as `info drc` through the machine's info hook. */
static void test_info_topic(void)
{
    Fixture f;
    GString *out = g_string_new(NULL);
    const MachineClass *mc = machine_class_find("pseries");
    bool listed = false;

    fixture_up(&f);
    g_assert_nonnull(mc);
    g_assert_true(mc->info(f.m, "drc", out));
    g_assert_true(g_str_has_prefix(out->str, "0x20000000 \"PHB 0\" type=PHB state=configured(4) "));
    for (const char *const *t = mc->info_topics; *t; t += 2) {
        listed |= g_str_equal(t[0], "drc");
    }
    g_assert_true(listed);
    g_string_free(out, TRUE);
    fixture_down(&f);
}

/* ---- -d dr ---- */

static void test_log(void)
{
    Fixture f;
    FakeEntity nic;
    bool released;
    Error *err = NULL;
    char *dir = g_dir_make_tmp("drc-log-XXXXXX", NULL);
    char *path = g_build_filename(dir, "log", NULL);
    char *text = NULL;

    fixture_up(&f);
    g_assert_true(log_set_file(path));
    log_set_mask(LOG_DRC);
    fake_init(&nic, &f, "nic1", 0, 3, 1, false);
    fake_attach(&nic, spapr_drc_pci_slot(f.m, 0, 3), false);
    g_assert_true(spapr_drc_unplug_request(spapr_drc_pci_slot(f.m, 0, 3), &released, &err));
    g_assert_cmpint(set_indicator(&f, 9002, 0x40000018u, 1), ==, 0);
    g_assert_cmpint(set_indicator(&f, 9001, 0x40000018u, 0), ==, 0);
    g_assert_cmpint(set_indicator(&f, 9001, 0x40000018u, 0), ==, 0);
    g_assert_cmpint(set_indicator(&f, 9003, 0x40000018u, 1), ==, -3);
    log_set_mask(0);
    log_flush();
    g_assert_true(g_file_get_contents(path, &text, NULL, NULL));
    g_assert_cmpstr(text, ==,
        "dr: -device: \"Slot 3\" (0x40000018) attached nic1\n"
        "dr: -device: \"Slot 3\" (0x40000018) power-on(6) -> configured(8)\n"
        "dr: device_del: \"Slot 3\" (0x40000018) unplug requested; waiting for the guest "
        "to isolate the slot\n"
        "dr: set-indicator dr-indicator: \"Slot 3\" (0x40000018) indicator inactive -> active\n"
        "dr: set-indicator isolation-state=isolate: \"Slot 3\" (0x40000018) configured(8) -> "
        "power-on(6)\n"
        "dr: set-indicator isolation-state=isolate: \"Slot 3\" (0x40000018) released nic1\n"
        "dr: set-indicator isolation-state=isolate: \"Slot 3\" (0x40000018) power-on(6): "
        "nothing to do\n"
        "dr: set-indicator allocation-state: \"Slot 3\" (0x40000018) a physical connector has "
        "no allocation-state: status -3\n");
    g_assert_cmpint(nic.releases, ==, 1);
    g_free(text);
    g_unlink(path);
    g_rmdir(dir);
    g_free(path);
    g_free(dir);
    fixture_down(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/drc/fdt-arrays", test_fdt_arrays);
    g_test_add_func("/drc/boot-tree-root", test_boot_tree_root);
    g_test_add_func("/drc/lookup", test_lookup);
    g_test_add_func("/drc/phb/state-machine", test_phb_state_machine);
    g_test_add_func("/drc/phb/unplug-unowned", test_phb_unplug_unowned);
    g_test_add_func("/drc/phb/cold-unplug", test_phb_cold_unplug);
    g_test_add_func("/drc/unplug-errors", test_unplug_errors);
    g_test_add_func("/drc/reset", test_reset);
    g_test_add_func("/drc/reset-phb-with-slots", test_reset_phb_with_slots);
    g_test_add_func("/drc/bad-arguments", test_bad_arguments);
    g_test_add_func("/drc/info", test_info);
    g_test_add_func("/drc/info-topic", test_info_topic);
    g_test_add_func("/drc/log", test_log);
    return g_test_run();
}
