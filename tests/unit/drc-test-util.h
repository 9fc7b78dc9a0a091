/*
 * Shared by the DR connector tests (test-drc*.c): a small pseries machine
 * with the DRCs of two PHBs, RTAS calls made the way the guest makes them
 * (rtas-test-util.h), fake entities whose fragments the tests describe
 * themselves, and a snapshot of every DRC to check that a refused call
 * changed nothing.
 */
#ifndef DRC_TEST_UTIL_H
#define DRC_TEST_UTIL_H

#include <glib.h>
#include <libfdt.h>
#include <stdarg.h>
#include <string.h>

#include "hotplug/drc.h"
#include "ppc/spapr/papr.h"
#include "ppc/spapr/spapr_fdt.h"
#include "ppc/spapr/spapr_rtas.h"
#include "rtas-test-util.h"
#include "spapr-test-util.h"

/*
 * A machine with the slot DRCs of PHBs 0 and 1: PHB 0 is the machine's
 * (its realize made them), PHB 1's are made here as a realized PHB would.
 */
static inline void fixture_up(Fixture *f)
{
    Error *err = NULL;

    test_cfg_init(&f->t, 1, TEST_RAM);
    f->t.cfg.nodefaults = true;
    f->m = spapr_machine_create(&f->t.cfg, &err);
    g_assert_null(err);
    g_assert_nonnull(f->m);
    spapr_drc_pci_create_slots(f->m, 1);
}

static inline void fixture_down(Fixture *f)
{
    spapr_machine_free(f->m);
    test_cfg_cleanup(&f->t);
}

/* ---- fake entities ---- */

static const DeviceClass fake_class = { .name = "fake-dev", .instance_size = sizeof(Device) };

/*
 * A PCI adapter in slot `slot` of PHB `phb` with nfuncs functions
 * ("ethernet@S" and "ethernet@S,F"), fn 0 with a child node "mdio" when
 * subnode is set; or, with is_phb, a PHB whose node carries its slots'
 * arrays.
 */
typedef struct FakeEntity {
    Device dev;
    SpaprMachine *m;
    int phb, slot, nfuncs;
    bool subnode, is_phb;
    int builds, releases;
} FakeEntity;

#define FDT_TRY(x)                  \
    do {                            \
        int r_ = (x);               \
        if (r_ < 0) {               \
            return r_;              \
        }                           \
    } while (0)

static inline int fake_pci_fragment(FakeEntity *e, void *fdt)
{
    for (int fn = 0; fn < e->nfuncs; fn++) {
        char name[32];
        uint32_t reg[5] = { cpu_to_fdt32((uint32_t)(e->slot << 11 | fn << 8)), 0, 0, 0, 0 };

        if (fn == 0) {
            g_snprintf(name, sizeof(name), "ethernet@%x", e->slot);
        } else {
            g_snprintf(name, sizeof(name), "ethernet@%x,%x", e->slot, fn);
        }
        FDT_TRY(fdt_begin_node(fdt, name));
        FDT_TRY(fdt_property_u32(fdt, "vendor-id", 0x8086));
        FDT_TRY(fdt_property_u32(fdt, "device-id", 0x100e + (uint32_t)fn));
        FDT_TRY(fdt_property(fdt, "reg", reg, sizeof(reg)));
        FDT_TRY(spapr_drc_pci_fdt_function_props(e->phb, e->slot, fdt));
        if (fn == 0 && e->subnode) {
            FDT_TRY(fdt_begin_node(fdt, "mdio"));
            FDT_TRY(fdt_property_string(fdt, "compatible", "fake,mdio"));
            FDT_TRY(fdt_property_u32(fdt, "reg", 1));
            FDT_TRY(fdt_end_node(fdt));
        }
        FDT_TRY(fdt_end_node(fdt));
    }
    return 0;
}

static inline int fake_phb_fragment(FakeEntity *e, void *fdt)
{
    char name[32];

    g_snprintf(name, sizeof(name), "pci@80000002000000%x", e->phb);
    FDT_TRY(fdt_begin_node(fdt, name));
    FDT_TRY(fdt_property_string(fdt, "device_type", "pci"));
    FDT_TRY(spapr_drc_phb_fdt_my_index(e->phb, fdt));
    FDT_TRY(spapr_drc_pci_fdt_phb_props(e->m, e->phb, fdt));
    return fdt_end_node(fdt);
}

static inline int fake_build_fragment(void *opaque, void *fdt)
{
    FakeEntity *e = opaque;

    e->builds++;
    return e->is_phb ? fake_phb_fragment(e, fdt) : fake_pci_fragment(e, fdt);
}

/* What a PHB would do: its devices and slots go with it. */
static inline void fake_release(void *opaque)
{
    FakeEntity *e = opaque;

    e->releases++;
    if (e->is_phb) {
        spapr_drc_pci_destroy_slots(e->m, e->phb);
    }
}

static const SpaprDrcEntityOps fake_entity_ops = {
    .build_fragment = fake_build_fragment,
    .release = fake_release,
};

static inline void fake_init(FakeEntity *e, Fixture *f, const char *id, int phb, int slot,
                             int nfuncs, bool subnode)
{
    memset(e, 0, sizeof(*e));
    e->dev.cls = &fake_class;
    e->dev.id = (char *)id;
    e->m = f->m;
    e->phb = phb;
    e->slot = slot;
    e->nfuncs = nfuncs;
    e->subnode = subnode;
}

static inline void fake_attach(FakeEntity *e, SpaprDrc *drc, bool hotplug)
{
    Error *err = NULL;

    g_assert_true(spapr_drc_attach(drc, &e->dev, &fake_entity_ops, e, hotplug, &err));
    g_assert_null(err);
}

/* ---- snapshots ---- */

/* Every DRC's state, indicator, entity, unplug flag and walk, plus the work area. */
static inline char *drc_snapshot(Fixture *f)
{
    GPtrArray *list = spapr_drc_list(f->m);
    GString *s = g_string_new(NULL);
    uint8_t wa[WA_SIZE];

    for (guint i = 0; i < list->len; i++) {
        SpaprDrc *d = list->pdata[i];

        g_string_append_printf(s, "%x:%d:%u:%p:%d:%p\n", d->index, d->state, d->dr_indicator,
                               (void *)d->dev, d->unplug_requested, (void *)d->walk);
    }
    g_ptr_array_free(list, TRUE);
    wa_read(f, wa);
    for (int i = 0; i < WA_SIZE; i++) {
        g_string_append_printf(s, "%02x", wa[i]);
    }
    return g_string_free(s, FALSE);
}

#endif
