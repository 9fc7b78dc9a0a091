/*
 * The DR connectors of a machine and what every kind shares: the table
 * keyed by index, attaching and releasing entities, unplug requests,
 * machine reset, and the -d dr log. The per-kind state machines are in
 * drc-pci.c (physical slots) and drc-phb.c (logical PHB connectors);
 * LoPAR 13.4 has the state figure, 13.5 the rules for all kinds.
 */
#include "hotplug/drc-internal.h"

#include <libfdt.h>
#include <stdarg.h>
#include <string.h>

#include "core/log.h"
#include "core/monitor-wait.h"
#include "ppc/spapr/papr.h"
#include "ppc/spapr/spapr_machine.h"

/* ---- the set ---- */

SpaprDrcSet *spapr_drc_set(SpaprMachine *m)
{
    g_assert(m->drcs);
    return m->drcs;
}

void spapr_drc_machine_init(SpaprMachine *m)
{
    SpaprDrcSet *set = g_new0(SpaprDrcSet, 1);

    g_assert(!m->drcs);
    set->machine = m;
    set->by_index = g_hash_table_new(g_direct_hash, g_direct_equal);
    m->drcs = set;
    spapr_drc_phb_create_all(m);
}

static void drc_destroy(SpaprDrc *drc)
{
    spapr_drc_walk_abandon(drc);
    g_free(drc->name);
    g_free(drc);
}

void spapr_drc_machine_cleanup(SpaprMachine *m)
{
    SpaprDrcSet *set = m->drcs;
    GHashTableIter it;
    gpointer value;

    if (!set) {
        return;
    }
    g_hash_table_iter_init(&it, set->by_index);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        drc_destroy(value);
    }
    g_hash_table_destroy(set->by_index);
    g_free(set);
    m->drcs = NULL;
}

SpaprDrc *spapr_drc_new(SpaprMachine *m, const SpaprDrcOps *ops, uint32_t index, char *name)
{
    SpaprDrcSet *set = spapr_drc_set(m);
    SpaprDrc *drc = g_new0(SpaprDrc, 1);

    /* Indexes are the guest's handle on a connector: two with one index is our bug. */
    g_assert(!g_hash_table_contains(set->by_index, GUINT_TO_POINTER(index)));
    drc->ops = ops;
    drc->set = set;
    drc->index = index;
    drc->name = name;
    drc->state = ops->empty_state;
    drc->dr_indicator = RTAS_DR_INDICATOR_INACTIVE;
    g_hash_table_insert(set->by_index, GUINT_TO_POINTER(index), drc);
    return drc;
}

void spapr_drc_free(SpaprDrc *drc)
{
    g_assert(!drc->dev);
    g_hash_table_remove(drc->set->by_index, GUINT_TO_POINTER(drc->index));
    drc_destroy(drc);
}

SpaprDrc *spapr_drc_by_index(SpaprMachine *m, uint32_t index)
{
    return m->drcs ? g_hash_table_lookup(m->drcs->by_index, GUINT_TO_POINTER(index)) : NULL;
}

static gint drc_cmp_index(gconstpointer a, gconstpointer b)
{
    const SpaprDrc *x = *(SpaprDrc *const *)a;
    const SpaprDrc *y = *(SpaprDrc *const *)b;

    return x->index < y->index ? -1 : x->index > y->index;
}

GPtrArray *spapr_drc_list(SpaprMachine *m)
{
    GPtrArray *arr = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;

    if (m->drcs) {
        g_hash_table_iter_init(&it, m->drcs->by_index);
        while (g_hash_table_iter_next(&it, NULL, &value)) {
            g_ptr_array_add(arr, value);
        }
    }
    g_ptr_array_sort(arr, drc_cmp_index);
    return arr;
}

/* ---- properties every kind has ---- */

static const char *const state_names[] = {
    [SPAPR_DRC_UNUSABLE] = "unusable",
    [SPAPR_DRC_AVAILABLE] = "available",
    [SPAPR_DRC_L_UNISOLATED] = "unisolated",
    [SPAPR_DRC_L_CONFIGURED] = "configured",
    [SPAPR_DRC_POWER_ON] = "power-on",
    [SPAPR_DRC_P_UNISOLATED] = "unisolated",
    [SPAPR_DRC_P_CONFIGURED] = "configured",
};

const char *spapr_drc_state_name(SpaprDrcState state)
{
    g_assert((unsigned)state < G_N_ELEMENTS(state_names) && state_names[state]);
    return state_names[state];
}

bool spapr_drc_is_physical(const SpaprDrc *drc)
{
    return drc->ops->physical;
}

const char *spapr_drc_type(const SpaprDrc *drc)
{
    return drc->ops->type;
}

uint32_t spapr_drc_entity_sense(const SpaprDrc *drc)
{
    return drc->ops->entity_sense(drc);
}

/* ---- device tree ---- */

/* A be32 count, then each connector's string with its NUL. */
static GString *drc_string_list(SpaprDrc *const *drcs, unsigned n, bool names)
{
    GString *s = g_string_new(NULL);
    uint32_t count = cpu_to_fdt32(n);

    g_string_append_len(s, (const char *)&count, sizeof(count));
    for (unsigned i = 0; i < n; i++) {
        const char *str = names ? drcs[i]->name : drcs[i]->ops->type;

        g_string_append_len(s, str, (gssize)strlen(str) + 1);
    }
    return s;
}

/*
 * LoPAR 13.5.2: ibm,drc-indexes, -names, -types and -power-domains, each
 * an encoded count followed by one entry per connector, entry k of each
 * describing the same connector. Every connector here is in the
 * live-insertion power domain.
 */
int spapr_drc_fdt_arrays(void *fdt, SpaprDrc *const *drcs, unsigned n)
{
    uint32_t *indexes = g_new(uint32_t, n + 1);
    uint32_t *domains = g_new(uint32_t, n + 1);
    GString *names = drc_string_list(drcs, n, true);
    GString *types = drc_string_list(drcs, n, false);
    int ret;

    indexes[0] = domains[0] = cpu_to_fdt32(n);
    for (unsigned i = 0; i < n; i++) {
        indexes[i + 1] = cpu_to_fdt32(drcs[i]->index);
        domains[i + 1] = cpu_to_fdt32(RTAS_POWER_DOMAIN_LIVE_INSERT);
    }
    ret = fdt_property(fdt, "ibm,drc-indexes", indexes, (int)(4 * (n + 1)));
    if (ret == 0) {
        ret = fdt_property(fdt, "ibm,drc-names", names->str, (int)names->len);
    }
    if (ret == 0) {
        ret = fdt_property(fdt, "ibm,drc-types", types->str, (int)types->len);
    }
    if (ret == 0) {
        ret = fdt_property(fdt, "ibm,drc-power-domains", domains, (int)(4 * (n + 1)));
    }
    g_free(indexes);
    g_free(domains);
    g_string_free(names, TRUE);
    g_string_free(types, TRUE);
    return ret;
}

/* ---- -d dr ---- */

void spapr_drc_log(const SpaprDrc *drc, const char *cause, const char *fmt, ...)
{
    va_list ap;
    char *msg;

    if (!log_enabled(LOG_DRC)) {
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    log_printf("dr: %s: \"%s\" (0x%08x) %s\n", cause, drc->name, drc->index, msg);
    g_free(msg);
}

int32_t spapr_drc_nothing_to_do(const SpaprDrc *drc, const char *cause)
{
    /* LoPAR 13.5.3.4: "a null transition ... always succeeds". */
    spapr_drc_log(drc, cause, "%s(%d): nothing to do", spapr_drc_state_name(drc->state),
                  drc->state);
    return RTAS_OUT_SUCCESS;
}

int32_t spapr_drc_not_allowed(const SpaprDrc *drc, const char *cause, int32_t status)
{
    spapr_drc_log(drc, cause, "%s(%d): not allowed (status %d)", spapr_drc_state_name(drc->state),
                  drc->state, status);
    return status;
}

void spapr_drc_set_state(SpaprDrc *drc, SpaprDrcState state, const char *cause)
{
    SpaprDrcState old = drc->state;

    drc->state = state;
    spapr_drc_log(drc, cause, "%s(%d) -> %s(%d)", spapr_drc_state_name(old), old,
                  spapr_drc_state_name(state), state);
    monitor_wait_poke();    /* a wait-drc may be waiting for this */
}

/* The device's id for messages, or its type when it has none. */
static char *drc_dev_label(const Device *dev)
{
    return dev->id ? g_strdup(dev->id) : g_strdup_printf("(%s)", dev->cls->name);
}

/* ---- entities ---- */

bool spapr_drc_attach(SpaprDrc *drc, Device *dev, const SpaprDrcEntityOps *ops, void *opaque,
                      bool hotplug, Error **errp)
{
    const char *cause = hotplug ? "device_add" : "-device";
    SpaprDrcState want;
    char *label;

    g_assert(dev && ops && ops->build_fragment && ops->release);
    if (drc->dev) {
        label = drc_dev_label(drc->dev);
        error_setg(errp, "%s is occupied by %s", drc->name, label);
        g_free(label);
        return false;
    }
    /* An empty slot may sit unisolated (LoPAR lets the OS unisolate it); nothing can be mid-walk. */
    spapr_drc_walk_abandon(drc);
    drc->dev = dev;
    drc->entity_ops = ops;
    drc->entity_opaque = opaque;
    drc->unplug_requested = false;
    label = drc_dev_label(dev);
    spapr_drc_log(drc, cause, "attached %s", label);
    g_free(label);
    /*
     * A card arrives in an isolated slot (the OS isolates before asking the
     * user to insert, LoPAR 13.6); a hot-added logical resource stays the
     * platform's until the OS allocates it. A cold-plugged one is the OS's
     * from boot, as firmware leaves it.
     */
    want = hotplug ? drc->ops->hotplug_state : drc->ops->configured_state;
    if (drc->state != want) {
        spapr_drc_set_state(drc, want, cause);
    }
    return true;
}

void spapr_drc_release(SpaprDrc *drc, const char *cause)
{
    const SpaprDrcEntityOps *ops = drc->entity_ops;
    void *opaque = drc->entity_opaque;
    char *label = drc_dev_label(drc->dev);

    spapr_drc_walk_abandon(drc);
    drc->dev = NULL;
    drc->entity_ops = NULL;
    drc->entity_opaque = NULL;
    drc->unplug_requested = false;
    spapr_drc_log(drc, cause, "released %s", label);
    g_free(label);
    if (drc->state != drc->ops->empty_state) {
        spapr_drc_set_state(drc, drc->ops->empty_state, cause);
    }
    /* Last: this may destroy other DRCs (a PHB's slots), never this one. */
    ops->release(opaque);
}

bool spapr_drc_unplug_request(SpaprDrc *drc, bool *released, Error **errp)
{
    const char *cause = "device_del";
    char *label;

    *released = false;
    if (!drc->dev) {
        error_setg(errp, "%s is empty", drc->name);
        return false;
    }
    label = drc_dev_label(drc->dev);
    if (drc->unplug_requested) {
        error_setg(errp, "removal of %s from %s is already pending", label, drc->name);
        g_free(label);
        return false;
    }
    g_free(label);
    drc->unplug_requested = true;
    if (drc->state == drc->ops->empty_state) {
        /* Still isolated (physical) or unusable (logical): the guest never took it. */
        spapr_drc_log(drc, cause, "unplug requested; the guest does not own it");
        spapr_drc_release(drc, cause);
        *released = true;
        return true;
    }
    spapr_drc_log(drc, cause, "unplug requested; waiting for the guest to %s",
                  drc->ops->physical ? "isolate the slot" : "isolate it and set it unusable");
    return true;
}

void spapr_drc_detach(SpaprDrc *drc)
{
    const char *cause = "detach";
    char *label;

    if (!drc->dev) {
        return;
    }
    label = drc_dev_label(drc->dev);
    spapr_drc_log(drc, cause, "%s removed by its owner", label);
    g_free(label);
    spapr_drc_walk_abandon(drc);
    drc->dev = NULL;
    drc->entity_ops = NULL;
    drc->entity_opaque = NULL;
    drc->unplug_requested = false;
    if (drc->state != drc->ops->empty_state) {
        spapr_drc_set_state(drc, drc->ops->empty_state, cause);
    }
}

/* ---- machine reset ---- */

/* The indexes now in the set: a release may free DRCs, so loops go by index, not pointer. */
static GArray *drc_indexes(SpaprMachine *m)
{
    GPtrArray *list = spapr_drc_list(m);
    GArray *idx = g_array_sized_new(FALSE, FALSE, sizeof(uint32_t), list->len);

    for (guint i = 0; i < list->len; i++) {
        g_array_append_val(idx, ((SpaprDrc *)list->pdata[i])->index);
    }
    g_ptr_array_free(list, TRUE);
    return idx;
}

void spapr_drc_reset_all(SpaprMachine *m)
{
    const char *cause = "machine reset";
    GArray *idx = drc_indexes(m);

    /* First the pending unplugs: releasing a PHB takes its slot DRCs with it. */
    for (guint i = 0; i < idx->len; i++) {
        SpaprDrc *drc = spapr_drc_by_index(m, g_array_index(idx, uint32_t, i));

        if (drc && drc->unplug_requested) {
            spapr_drc_release(drc, cause);
        }
    }
    g_array_free(idx, TRUE);

    idx = drc_indexes(m);
    for (guint i = 0; i < idx->len; i++) {
        SpaprDrc *drc = spapr_drc_by_index(m, g_array_index(idx, uint32_t, i));
        SpaprDrcState want = drc->dev ? drc->ops->configured_state : drc->ops->empty_state;

        spapr_drc_walk_abandon(drc);
        drc->dr_indicator = RTAS_DR_INDICATOR_INACTIVE;
        if (drc->state != want) {
            spapr_drc_set_state(drc, want, cause);
        }
    }
    g_array_free(idx, TRUE);
}
