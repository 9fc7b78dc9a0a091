/*
 * Unit tests for the physical slot connectors driven the way drmgr
 * (powerpc-utils 1.3.10, drslot_chrp_pci.c) drives them, and for
 * ibm,configure-connector's work-area protocol (hotplug/configure-connector.c):
 * single- and multi-function adapters, sub-nodes, the tree drmgr rebuilds
 * from the statuses, repeated walks, and -9003 on an isolated connector.
 */
#include <stdlib.h>

#include "drc-test-util.h"

#define IDX(phb, slot) (0x40000000u + ((uint32_t)(phb) << 8) + ((uint32_t)(slot) << 3))

/* drmgr -c pci -a, up to configure-connector (pci-hotplug-papr.md section 4). */
static void drmgr_add_prologue(Fixture *f, uint32_t idx)
{
    uint32_t v;

    g_assert_cmpint(set_indicator(f, 9001, idx, 0), ==, 0);    /* "insert card": isolate */
    g_assert_cmpint(set_power(f, 0xffffffffu, 0, &v), ==, 0);  /* power off */
    g_assert_cmpuint(v, ==, 100);                               /* live insertion: stays on */
    g_assert_cmpint(set_indicator(f, 9002, idx, 1), ==, 0);    /* LED on */
    g_assert_cmpint(get_sensor(f, 9003, idx, &v), ==, 0);
    g_assert_cmpuint(v, ==, RTAS_ENTITY_SENSE_PRESENT);
    g_assert_cmpint(set_power(f, 0xffffffffu, 100, &v), ==, 0);
    g_assert_cmpuint(v, ==, 100);
    g_assert_cmpint(set_indicator(f, 9001, idx, 1), ==, 0);    /* unisolate */
}

static void test_drmgr_add_single_function(void)
{
    Fixture f;
    FakeEntity nic;
    SpaprDrc *drc;
    uint32_t idx = IDX(0, 3), v;
    uint8_t wa[WA_SIZE];
    char *walk;

    fixture_up(&f);
    drc = spapr_drc_pci_slot(f.m, 0, 3);
    fake_init(&nic, &f, "nic1", 0, 3, 1, false);
    fake_attach(&nic, drc, true);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_POWER_ON);

    drmgr_add_prologue(&f, idx);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_P_UNISOLATED);
    g_assert_cmpuint(drc->dr_indicator, ==, RTAS_DR_INDICATOR_ACTIVE);
    g_assert_cmpint(nic.releases, ==, 0);

    /* The first call: the node name at offset 20. */
    wa_init(&f, idx);
    g_assert_cmpint(cc_call(&f), ==, RTAS_CC_NEXT_CHILD);
    wa_read(&f, wa);
    g_assert_cmpuint(wa_word(wa, 0), ==, idx);
    g_assert_cmpuint(wa_word(wa, 1), !=, 0);
    g_assert_cmpuint(wa_word(wa, 2), ==, 20);
    g_assert_cmpstr((const char *)wa + 20, ==, "ethernet@3");
    /* The first property: name at 20, value right after its NUL. */
    g_assert_cmpint(cc_call(&f), ==, RTAS_CC_NEXT_PROPERTY);
    wa_read(&f, wa);
    g_assert_cmpuint(wa_word(wa, 2), ==, 20);
    g_assert_cmpstr((const char *)wa + 20, ==, "vendor-id");
    g_assert_cmpuint(wa_word(wa, 3), ==, 4);
    g_assert_cmpuint(wa_word(wa, 4), ==, 20 + sizeof("vendor-id"));
    g_assert_cmpmem(wa + 30, 4, "\x00\x00\x80\x86", 4);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_P_UNISOLATED);

    walk = cc_walk(&f, 20);
    g_assert_cmpstr(walk, ==, "3:device-id 3:reg 3:ibm,my-drc-index 3:ibm,loc-code 0");
    g_free(walk);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_P_CONFIGURED);
    g_assert_null(drc->walk);
    g_assert_cmpint(get_sensor(&f, 9003, idx, &v), ==, 0);
    g_assert_cmpuint(v, ==, RTAS_ENTITY_SENSE_PRESENT);
    g_assert_cmpint(nic.releases, ==, 0);
    fixture_down(&f);
}

/* The values of ibm,my-drc-index and ibm,loc-code as the guest reads them. */
static void test_walk_values(void)
{
    Fixture f;
    FakeEntity nic;
    uint8_t wa[WA_SIZE];
    bool seen_index = false, seen_loc = false;

    fixture_up(&f);
    fake_init(&nic, &f, "nic1", 1, 9, 1, false);
    fake_attach(&nic, spapr_drc_pci_slot(f.m, 1, 9), true);
    g_assert_cmpint(set_indicator(&f, 9001, IDX(1, 9), 1), ==, 0);
    wa_init(&f, IDX(1, 9));
    for (int i = 0; i < 20; i++) {
        int32_t st = cc_call(&f);
        const char *name;
        uint32_t len, off;

        if (st <= 0) {
            g_assert_cmpint(st, ==, 0);
            break;
        }
        if (st != RTAS_CC_NEXT_PROPERTY) {
            continue;
        }
        wa_read(&f, wa);
        name = (const char *)wa + wa_word(wa, 2);
        len = wa_word(wa, 3);
        off = wa_word(wa, 4);
        g_assert_cmpuint(off, ==, wa_word(wa, 2) + strlen(name) + 1);
        g_assert_cmpuint(off + len, <=, WA_SIZE);
        if (g_str_equal(name, "ibm,my-drc-index")) {
            g_assert_cmpuint(len, ==, 4);
            g_assert_cmphex(wa_word(wa, 0), ==, IDX(1, 9));
            g_assert_cmpuint(wa[off], ==, 0x40);
            g_assert_cmpuint(wa[off + 1], ==, 0x00);
            g_assert_cmpuint(wa[off + 2], ==, 0x01);
            g_assert_cmpuint(wa[off + 3], ==, 9 << 3);
            seen_index = true;
        }
        if (g_str_equal(name, "ibm,loc-code")) {
            g_assert_cmpuint(len, ==, sizeof("Slot 41"));
            g_assert_cmpmem(wa + off, len, "Slot 41", sizeof("Slot 41"));
            seen_loc = true;
        }
    }
    g_assert_true(seen_index && seen_loc);
    fixture_down(&f);
}

/*
 * The tree drmgr's configure_connector() builds from the statuses: 2 adds
 * a child of the last node (the first one is the top), 1 a sibling of the
 * last node, 4 moves to the parent. Each node is "name<parent" with -1 for
 * the top level.
 */
static char *drmgr_tree(const char *walk)
{
    gchar **steps = g_strsplit(walk, " ", -1);
    GPtrArray *names = g_ptr_array_new();
    GArray *parent = g_array_new(FALSE, FALSE, sizeof(int));
    GString *out = g_string_new(NULL);
    int last = -1;

    for (gchar **s = steps; *s; s++) {
        int st = atoi(*s);
        const char *name = strchr(*s, ':') ? strchr(*s, ':') + 1 : NULL;
        int p;

        switch (st) {
        case 2:
            p = names->len ? last : -1;
            g_assert_true(names->len == 0 || last >= 0);    /* drmgr: child of a NULL node */
            g_ptr_array_add(names, (gpointer)name);
            g_array_append_val(parent, p);
            last = (int)names->len - 1;
            break;
        case 1:
            g_assert_cmpint(last, >=, 0);                   /* drmgr: "unexpected sibling" */
            p = g_array_index(parent, int, last);
            g_ptr_array_add(names, (gpointer)name);
            g_array_append_val(parent, p);
            last = (int)names->len - 1;
            break;
        case 3:
            g_assert_cmpint(last, >=, 0);                   /* drmgr: property before a node */
            break;
        case 4:
            g_assert_cmpint(last, >=, 0);
            last = g_array_index(parent, int, last);
            break;
        case 0:
            break;
        default:
            g_assert_not_reached();
        }
    }
    for (guint i = 0; i < names->len; i++) {
        int p = g_array_index(parent, int, i);

        g_string_append_printf(out, "%s%s<%s", i ? " " : "", (const char *)names->pdata[i],
                               p < 0 ? "-" : (const char *)names->pdata[p]);
    }
    g_strfreev(steps);
    g_ptr_array_free(names, TRUE);
    g_array_free(parent, TRUE);
    return g_string_free(out, FALSE);
}

/* Two functions, the first with a sub-node: top-level siblings, never "4 then 2" between them. */
static void test_drmgr_add_two_functions(void)
{
    Fixture f;
    FakeEntity nic;
    SpaprDrc *drc;
    char *walk, *tree;

    fixture_up(&f);
    drc = spapr_drc_pci_slot(f.m, 1, 4);
    fake_init(&nic, &f, "mf", 1, 4, 2, true);
    fake_attach(&nic, drc, true);
    drmgr_add_prologue(&f, IDX(1, 4));
    wa_init(&f, IDX(1, 4));
    walk = cc_walk(&f, 40);
    g_assert_cmpstr(walk, ==,
                    "2:ethernet@4 3:vendor-id 3:device-id 3:reg 3:ibm,my-drc-index 3:ibm,loc-code "
                    "2:mdio 3:compatible 3:reg 4 "
                    "1:ethernet@4,1 3:vendor-id 3:device-id 3:reg 3:ibm,my-drc-index "
                    "3:ibm,loc-code 0");
    tree = drmgr_tree(walk);
    g_assert_cmpstr(tree, ==, "ethernet@4<- mdio<ethernet@4 ethernet@4,1<-");
    g_free(tree);
    g_free(walk);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_P_CONFIGURED);
    g_assert_cmpint(nic.builds, ==, 1);
    fixture_down(&f);
}

/* Three functions, none with children: 2, then 1 for each further function. */
static void test_three_functions(void)
{
    Fixture f;
    FakeEntity nic;
    char *walk, *tree;

    fixture_up(&f);
    fake_init(&nic, &f, "mf3", 0, 0, 3, false);
    fake_attach(&nic, spapr_drc_pci_slot(f.m, 0, 0), false);   /* cold: configured, walkable */
    wa_init(&f, IDX(0, 0));
    walk = cc_walk(&f, 40);
    tree = drmgr_tree(walk);
    g_assert_cmpstr(tree, ==, "ethernet@0<- ethernet@0,1<- ethernet@0,2<-");
    g_assert_nonnull(g_strrstr(walk, " 0"));
    g_assert_null(strstr(walk, " 4"));
    g_free(tree);
    g_free(walk);
    fixture_down(&f);
}

/* A walk restarted half way (word 1 = 0) starts from the top and finishes the same. */
static void test_repeated_walk(void)
{
    Fixture f;
    FakeEntity nic;
    SpaprDrc *drc;
    GString *part = g_string_new(NULL);
    char *full, *again, *third;

    fixture_up(&f);
    drc = spapr_drc_pci_slot(f.m, 0, 5);
    fake_init(&nic, &f, "nic", 0, 5, 2, true);
    fake_attach(&nic, drc, true);
    g_assert_cmpint(set_indicator(&f, 9001, IDX(0, 5), 1), ==, 0);

    wa_init(&f, IDX(0, 5));
    for (int i = 0; i < 8; i++) {
        g_assert_cmpint(cc_step(&f, part), >, 0);
    }
    g_assert_cmpstr(part->str, ==, "2:ethernet@5 3:vendor-id 3:device-id 3:reg "
                                   "3:ibm,my-drc-index 3:ibm,loc-code 2:mdio 3:compatible");
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_P_UNISOLATED);

    wa_init(&f, IDX(0, 5));
    full = cc_walk(&f, 40);
    g_assert_true(g_str_has_prefix(full, part->str));
    g_assert_true(g_str_has_suffix(full, " 0"));
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_P_CONFIGURED);
    g_assert_cmpint(nic.builds, ==, 2);

    /* Walking a configured connector again gives the same answer and stays configured. */
    wa_init(&f, IDX(0, 5));
    again = cc_walk(&f, 40);
    g_assert_cmpstr(again, ==, full);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_P_CONFIGURED);

    /* A work area handed back after "complete" (word 1 still set) starts over too. */
    third = cc_walk(&f, 40);
    g_assert_cmpstr(third, ==, full);
    g_free(full);
    g_free(again);
    g_free(third);
    g_string_free(part, TRUE);
    fixture_down(&f);
}

/* Two connectors configured at once, interleaved, each with its own work area word 1. */
static void test_interleaved_walks(void)
{
    Fixture f;
    FakeEntity a, b;
    GString *wa_a = g_string_new(NULL), *wb = g_string_new(NULL);
    uint8_t saved_a[WA_SIZE], saved_b[WA_SIZE];

    fixture_up(&f);
    fake_init(&a, &f, "a", 0, 1, 1, false);
    fake_init(&b, &f, "b", 0, 2, 1, true);
    fake_attach(&a, spapr_drc_pci_slot(f.m, 0, 1), false);
    fake_attach(&b, spapr_drc_pci_slot(f.m, 0, 2), false);
    wa_init(&f, IDX(0, 1));
    wa_read(&f, saved_a);
    wa_init(&f, IDX(0, 2));
    wa_read(&f, saved_b);
    for (int i = 0; i < 12; i++) {
        int32_t sa, sb;

        g_assert_cmpint(address_space_write(&f.m->as, WA_ADDR, saved_a, WA_SIZE), ==, MEMTX_OK);
        sa = wa_a->len && g_str_has_suffix(wa_a->str, " 0") ? 0 : cc_step(&f, wa_a);
        wa_read(&f, saved_a);
        g_assert_cmpint(address_space_write(&f.m->as, WA_ADDR, saved_b, WA_SIZE), ==, MEMTX_OK);
        sb = g_str_has_suffix(wb->str, " 0") ? 0 : cc_step(&f, wb);
        wa_read(&f, saved_b);
        g_assert_cmpint(sa, >=, 0);
        g_assert_cmpint(sb, >=, 0);
    }
    g_assert_cmpstr(wa_a->str, ==, "2:ethernet@1 3:vendor-id 3:device-id 3:reg "
                                   "3:ibm,my-drc-index 3:ibm,loc-code 0");
    g_assert_cmpstr(wb->str, ==, "2:ethernet@2 3:vendor-id 3:device-id 3:reg "
                                 "3:ibm,my-drc-index 3:ibm,loc-code 2:mdio 3:compatible 3:reg 4 0");
    g_string_free(wa_a, TRUE);
    g_string_free(wb, TRUE);
    fixture_down(&f);
}

/* -9003 while isolated, the work area untouched; an isolate abandons a walk. */
static void test_isolated(void)
{
    Fixture f;
    FakeEntity nic;
    SpaprDrc *drc;
    uint8_t before[WA_SIZE], after[WA_SIZE];
    char *walk;

    fixture_up(&f);
    drc = spapr_drc_pci_slot(f.m, 0, 6);
    fake_init(&nic, &f, "nic", 0, 6, 1, false);
    fake_attach(&nic, drc, true);
    wa_init(&f, IDX(0, 6));
    wa_read(&f, before);
    g_assert_cmpint(cc_call(&f), ==, RTAS_OUT_DR_UNUSABLE);
    wa_read(&f, after);
    g_assert_cmpmem(before, WA_SIZE, after, WA_SIZE);
    g_assert_cmpint(nic.builds, ==, 0);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_POWER_ON);

    /* Unisolate, start a walk, isolate: the walk is gone and the slot refuses again. */
    g_assert_cmpint(set_indicator(&f, 9001, IDX(0, 6), 1), ==, 0);
    g_assert_cmpint(cc_call(&f), ==, RTAS_CC_NEXT_CHILD);
    g_assert_cmpint(cc_call(&f), ==, RTAS_CC_NEXT_PROPERTY);
    g_assert_cmpint(set_indicator(&f, 9001, IDX(0, 6), 0), ==, 0);
    g_assert_null(drc->walk);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_POWER_ON);
    g_assert_cmpint(cc_call(&f), ==, RTAS_OUT_DR_UNUSABLE);
    g_assert_cmpint(nic.releases, ==, 0);

    /* Unisolated again, the same work area (word 1 from the old walk) starts from the top. */
    g_assert_cmpint(set_indicator(&f, 9001, IDX(0, 6), 1), ==, 0);
    walk = cc_walk(&f, 20);
    g_assert_cmpstr(walk, ==, "2:ethernet@6 3:vendor-id 3:device-id 3:reg 3:ibm,my-drc-index "
                              "3:ibm,loc-code 0");
    g_free(walk);
    fixture_down(&f);
}

/* An empty slot may be unisolated (LoPAR 13.6.3): configure-connector reports nothing. */
static void test_empty_slot(void)
{
    Fixture f;
    SpaprDrc *drc;
    uint32_t v;
    FakeEntity nic;

    fixture_up(&f);
    drc = spapr_drc_pci_slot(f.m, 1, 31);
    g_assert_cmpint(get_sensor(&f, 9003, IDX(1, 31), &v), ==, 0);
    g_assert_cmpuint(v, ==, RTAS_ENTITY_SENSE_EMPTY);
    g_assert_cmpint(set_indicator(&f, 9001, IDX(1, 31), 1), ==, 0);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_P_UNISOLATED);
    wa_init(&f, IDX(1, 31));
    g_assert_cmpint(cc_call(&f), ==, RTAS_CC_COMPLETE);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_P_UNISOLATED);
    /* A card inserted now arrives isolated. */
    fake_init(&nic, &f, "late", 1, 31, 1, false);
    fake_attach(&nic, drc, true);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_POWER_ON);
    g_assert_cmpint(cc_call(&f), ==, RTAS_OUT_DR_UNUSABLE);
    fixture_down(&f);
}

/* drmgr -c pci -r after device_del: the isolate releases the device, power off is accepted. */
static void test_drmgr_remove(void)
{
    Fixture f;
    FakeEntity nic;
    SpaprDrc *drc;
    uint32_t idx = IDX(0, 7), v;
    bool released = true;
    Error *err = NULL;

    fixture_up(&f);
    drc = spapr_drc_pci_slot(f.m, 0, 7);
    fake_init(&nic, &f, "boot-nic", 0, 7, 1, false);
    fake_attach(&nic, drc, false);                  /* -device: configured from boot */
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_P_CONFIGURED);

    g_assert_true(spapr_drc_unplug_request(drc, &released, &err));
    g_assert_false(released);
    g_assert_cmpint(set_indicator(&f, 9002, idx, 1), ==, 0);
    g_assert_cmpint(get_sensor(&f, 9003, idx, &v), ==, 0);
    g_assert_cmpuint(v, ==, RTAS_ENTITY_SENSE_PRESENT);
    g_assert_cmpint(nic.releases, ==, 0);
    g_assert_cmpint(set_indicator(&f, 9001, idx, 0), ==, 0);
    g_assert_cmpint(nic.releases, ==, 1);
    g_assert_null(drc->dev);
    g_assert_false(drc->unplug_requested);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_POWER_ON);
    g_assert_cmpint(set_power(&f, 0xffffffffu, 0, &v), ==, 0);
    g_assert_cmpint(get_sensor(&f, 9003, idx, &v), ==, 0);
    g_assert_cmpuint(v, ==, RTAS_ENTITY_SENSE_EMPTY);
    fixture_down(&f);
}

/* A remove that isolates before configure-connector finished (7 -> 6) completes too. */
static void test_remove_while_unisolated(void)
{
    Fixture f;
    FakeEntity nic;
    SpaprDrc *drc;
    bool released;
    Error *err = NULL;

    fixture_up(&f);
    drc = spapr_drc_pci_slot(f.m, 1, 1);
    fake_init(&nic, &f, "nic", 1, 1, 1, false);
    fake_attach(&nic, drc, true);
    drmgr_add_prologue(&f, IDX(1, 1));
    g_assert_true(spapr_drc_unplug_request(drc, &released, &err));
    g_assert_false(released);
    g_assert_cmpint(set_indicator(&f, 9001, IDX(1, 1), 0), ==, 0);
    g_assert_cmpint(nic.releases, ==, 1);
    g_assert_cmpint(drc->state, ==, SPAPR_DRC_POWER_ON);
    fixture_down(&f);
}

/* drmgr's add starts with an isolate of the freshly filled slot: that must not release it. */
static void test_hotplug_then_unplug_before_guest(void)
{
    Fixture f;
    FakeEntity nic;
    SpaprDrc *drc;
    bool released = false;
    Error *err = NULL;

    fixture_up(&f);
    drc = spapr_drc_pci_slot(f.m, 0, 9);
    fake_init(&nic, &f, "nic", 0, 9, 1, false);
    fake_attach(&nic, drc, true);
    g_assert_cmpint(set_indicator(&f, 9001, IDX(0, 9), 0), ==, 0);
    g_assert_cmpint(nic.releases, ==, 0);
    g_assert_nonnull(drc->dev);
    /* device_del before the guest configured it: the slot is isolated, so it goes at once. */
    g_assert_true(spapr_drc_unplug_request(drc, &released, &err));
    g_assert_true(released);
    g_assert_cmpint(nic.releases, ==, 1);
    g_assert_null(drc->dev);
    fixture_down(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/drc-cc/drmgr-add-single-function", test_drmgr_add_single_function);
    g_test_add_func("/drc-cc/walk-values", test_walk_values);
    g_test_add_func("/drc-cc/drmgr-add-two-functions", test_drmgr_add_two_functions);
    g_test_add_func("/drc-cc/three-functions", test_three_functions);
    g_test_add_func("/drc-cc/repeated-walk", test_repeated_walk);
    g_test_add_func("/drc-cc/interleaved-walks", test_interleaved_walks);
    g_test_add_func("/drc-cc/isolated", test_isolated);
    g_test_add_func("/drc-cc/empty-slot", test_empty_slot);
    g_test_add_func("/drc-cc/drmgr-remove", test_drmgr_remove);
    g_test_add_func("/drc-cc/remove-while-unisolated", test_remove_while_unisolated);
    g_test_add_func("/drc-cc/hotplug-then-unplug-before-guest", test_hotplug_then_unplug_before_guest);
    return g_test_run();
}
