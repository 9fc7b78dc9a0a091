/*
 * Shared by the DR connector tests (test-drc*.c): a small pseries machine
 * with the DRCs of two PHBs, RTAS calls made the way the guest makes them
 * (rtas_args and the configure-connector work area in guest RAM, through
 * the real dispatcher), fake entities whose fragments the tests describe
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
#include "spapr-test-util.h"

#define ARGS_ADDR   0x10000
#define WA_ADDR     0x20000     /* the configure-connector work area */
#define WA_SIZE     4096
#define TEST_RAM    (64ull << 20)

typedef struct Fixture {
    TestCfg t;
    SpaprMachine *m;
} Fixture;

/* A machine with the slot DRCs of PHBs 0 and 1 (as two realized PHBs would create). */
static inline void fixture_up(Fixture *f)
{
    Error *err = NULL;

    test_cfg_init(&f->t, 1, TEST_RAM);
    f->t.cfg.nodefaults = true;
    f->m = spapr_machine_create(&f->t.cfg, &err);
    g_assert_null(err);
    g_assert_nonnull(f->m);
    spapr_drc_pci_create_slots(f->m, 0);
    spapr_drc_pci_create_slots(f->m, 1);
}

static inline void fixture_down(Fixture *f)
{
    spapr_machine_free(f->m);
    test_cfg_cleanup(&f->t);
}

/* ---- RTAS calls ---- */

/*
 * Call RTAS service name with nargs arguments (varargs, uint32_t) and nret
 * returns into rets[] (may be NULL); returns the status word (rets[0]).
 */
static inline int32_t rtas(Fixture *f, const char *name, uint32_t nargs, uint32_t nret,
                           uint32_t *rets, ...)
{
    uint32_t token = spapr_rtas_token(name);
    uint32_t w[3 + RTAS_MAX_ARGS];
    va_list ap;
    MemTxResult res = MEMTX_OK;
    int32_t status;

    g_assert_cmpuint(token, !=, 0);
    g_assert_cmpuint(nargs + nret, <=, RTAS_MAX_ARGS);
    w[0] = GUINT32_TO_BE(token);
    w[1] = GUINT32_TO_BE(nargs);
    w[2] = GUINT32_TO_BE(nret);
    va_start(ap, rets);
    for (uint32_t i = 0; i < nargs; i++) {
        uint32_t arg = va_arg(ap, uint32_t);   /* GUINT32_TO_BE may evaluate its operand twice */

        w[3 + i] = GUINT32_TO_BE(arg);
    }
    va_end(ap);
    for (uint32_t i = 0; i < nret; i++) {
        w[3 + nargs + i] = GUINT32_TO_BE(0xdeadbeef);
    }
    g_assert_cmpint(address_space_write(&f->m->as, ARGS_ADDR, w, 4ull * (3 + nargs + nret)), ==,
                    MEMTX_OK);
    g_assert_cmpint(spapr_rtas_call(f->m, NULL, ARGS_ADDR), ==, H_SUCCESS);
    status = (int32_t)address_space_ldl_be(&f->m->as, ARGS_ADDR + 12 + 4 * nargs, &res);
    for (uint32_t i = 0; rets && i < nret; i++) {
        rets[i] = address_space_ldl_be(&f->m->as, ARGS_ADDR + 12 + 4 * (nargs + i), &res);
    }
    g_assert_cmpint(res, ==, MEMTX_OK);
    return status;
}

static inline int32_t set_indicator(Fixture *f, uint32_t type, uint32_t index, uint32_t value)
{
    return rtas(f, "set-indicator", 3, 1, NULL, type, index, value);
}

/* get-sensor-state: the status, and the state in *state. */
static inline int32_t get_sensor(Fixture *f, uint32_t type, uint32_t index, uint32_t *state)
{
    uint32_t r[2];
    int32_t st = rtas(f, "get-sensor-state", 2, 2, r, type, index);

    *state = r[1];
    return st;
}

static inline int32_t set_power(Fixture *f, uint32_t domain, uint32_t level, uint32_t *actual)
{
    uint32_t r[2];
    int32_t st = rtas(f, "set-power-level", 2, 2, r, domain, level);

    *actual = r[1];
    return st;
}

/* ---- configure-connector ---- */

/* Fill the work area with a pattern, then word 0 = index, word 1 = 0: a new sequence. */
static inline void wa_init(Fixture *f, uint32_t index)
{
    uint8_t buf[WA_SIZE];
    uint32_t w[2] = { GUINT32_TO_BE(index), 0 };

    memset(buf, 0xa5, sizeof(buf));
    memcpy(buf, w, sizeof(w));
    g_assert_cmpint(address_space_write(&f->m->as, WA_ADDR, buf, WA_SIZE), ==, MEMTX_OK);
}

static inline void wa_read(Fixture *f, uint8_t *buf)
{
    g_assert_cmpint(address_space_read(&f->m->as, WA_ADDR, buf, WA_SIZE), ==, MEMTX_OK);
}

static inline uint32_t wa_word(const uint8_t *buf, int i)
{
    uint32_t w;

    memcpy(&w, buf + 4 * i, 4);
    return GUINT32_FROM_BE(w);
}

static inline int32_t cc_call(Fixture *f)
{
    return rtas(f, "ibm,configure-connector", 2, 1, NULL, (uint32_t)WA_ADDR, 0u);
}

/*
 * One call and what it returned, as "STATUS:NAME" ("3:vendor-id",
 * "2:ethernet@3", "4", "0"), appended to walk with a space.
 */
static inline int32_t cc_step(Fixture *f, GString *walk)
{
    uint8_t buf[WA_SIZE];
    int32_t st = cc_call(f);

    wa_read(f, buf);
    if (walk->len) {
        g_string_append_c(walk, ' ');
    }
    g_string_append_printf(walk, "%d", st);
    if (st == 1 || st == 2 || st == 3) {
        uint32_t off = wa_word(buf, 2);

        g_assert_cmpuint(off, <, WA_SIZE);
        g_assert_nonnull(memchr(buf + off, 0, WA_SIZE - off));
        g_string_append_printf(walk, ":%s", (const char *)buf + off);
    }
    return st;
}

/* Call until a status that ends a sequence (0 or negative); at most limit calls. */
static inline char *cc_walk(Fixture *f, int limit)
{
    GString *walk = g_string_new(NULL);

    for (int i = 0; i < limit; i++) {
        int32_t st = cc_step(f, walk);

        if (st <= 0) {
            break;
        }
    }
    return g_string_free(walk, FALSE);
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
