/*
 * The monitor's `wait-drc NAME STATE [TIMEOUT]`: wait until a DR connector
 * reaches a state, on core/'s generic wait (core/monitor-wait.h), for
 * scripts that drive a hotplug without sleeping.
 *
 * NAME is the connector's name as `info drc` quotes it ("Slot 3", quoted on
 * the command line because of the space) or its index (0x40000018). STATE is
 * the name `info drc` prints in state=NAME(N) — power-on, unisolated,
 * configured for a PCI slot; unusable, available, unisolated, configured for
 * a PHB connector (LoPAR 13.4's figure) — or that number N, or "empty"
 * (nothing attached: device=- in `info drc`, which is how a finished removal
 * shows). Every state change pokes the waits (spapr_drc_set_state), and the
 * generic wait polls as well.
 */
#include <stdlib.h>
#include <string.h>

#include "core/monitor-wait.h"
#include "core/timer.h"
#include "hotplug/drc-internal.h"

#define STATE_EMPTY 0       /* not a LoPAR state: the connector has no entity */

typedef struct DrcWait {
    SpaprMachine *m;
    uint32_t index;
    char *name;
    int state;              /* a SpaprDrcState, or STATE_EMPTY */
    char *state_text;
} DrcWait;

static const SpaprDrcState physical_states[] = {
    SPAPR_DRC_POWER_ON, SPAPR_DRC_P_UNISOLATED, SPAPR_DRC_P_CONFIGURED,
};
static const SpaprDrcState logical_states[] = {
    SPAPR_DRC_UNUSABLE, SPAPR_DRC_AVAILABLE, SPAPR_DRC_L_UNISOLATED, SPAPR_DRC_L_CONFIGURED,
};

/* By quoted name or by index. */
static SpaprDrc *find_drc(SpaprMachine *m, const char *name)
{
    GPtrArray *list;
    SpaprDrc *found = NULL;
    char *end;
    unsigned long index = strtoul(name, &end, 0);

    if (*name && !*end && index <= UINT32_MAX) {
        return spapr_drc_by_index(m, (uint32_t)index);
    }
    list = spapr_drc_list(m);
    for (guint i = 0; i < list->len && !found; i++) {
        SpaprDrc *drc = list->pdata[i];
        if (!strcmp(drc->name, name)) {
            found = drc;
        }
    }
    g_ptr_array_free(list, TRUE);
    return found;
}

/* STATE for this kind of connector: a name, a number, or "empty"; -1 if it has no such state. */
static int parse_state(const SpaprDrc *drc, const char *text)
{
    const SpaprDrcState *states = drc->ops->physical ? physical_states : logical_states;
    size_t n = drc->ops->physical ? G_N_ELEMENTS(physical_states) : G_N_ELEMENTS(logical_states);
    char *end;
    long num = strtol(text, &end, 10);

    if (!strcmp(text, "empty")) {
        return STATE_EMPTY;
    }
    for (size_t i = 0; i < n; i++) {
        if ((*text && !*end && num == (long)states[i]) ||
            !strcmp(text, spapr_drc_state_name(states[i]))) {
            return (int)states[i];
        }
    }
    return -1;
}

static bool drc_check(void *opaque)
{
    DrcWait *w = opaque;
    SpaprDrc *drc = spapr_drc_by_index(w->m, w->index);

    if (!drc) {
        return false;   /* its PHB went away; the wait runs into its timeout */
    }
    return w->state == STATE_EMPTY ? spapr_drc_is_empty(drc) : (int)drc->state == w->state;
}

static void drc_describe(void *opaque, GString *out)
{
    DrcWait *w = opaque;
    SpaprDrc *drc = spapr_drc_by_index(w->m, w->index);

    g_string_append_printf(out, "DRC \"%s\" (0x%08x) to be %s", w->name, w->index,
                           w->state_text);
    if (!drc) {
        g_string_append(out, " (the connector is gone)");
    } else {
        g_string_append_printf(out, " (it is %s(%d)%s)", spapr_drc_state_name(drc->state),
                               drc->state, spapr_drc_is_empty(drc) ? ", empty" : "");
    }
}

static void drc_wait_free(void *opaque)
{
    DrcWait *w = opaque;

    g_free(w->name);
    g_free(w->state_text);
    g_free(w);
}

static const MonitorWaitOps drc_wait_ops = { drc_check, drc_describe, drc_wait_free };

static void cmd_wait_drc(Monitor *mon, int argc, char **argv, const char *rest)
{
    g_auto(GStrv) args = monitor_wait_split_args(mon, rest);
    int64_t timeout = MONITOR_WAIT_DEFAULT_TIMEOUT_S * NANOSECONDS_PER_SECOND;
    SpaprMachine *m = monitor_machine();
    SpaprDrc *drc;
    DrcWait *w;
    int state;
    guint n;

    if (!args) {
        return;
    }
    n = g_strv_length(args);
    if (n < 2 || n > 3) {
        monitor_error(mon, "usage: wait-drc NAME STATE [TIMEOUT], e.g. wait-drc \"Slot 3\" "
                           "configured 30");
        return;
    }
    if (n == 3 && !monitor_wait_parse_timeout(mon, args[2], &timeout)) {
        return;
    }
    drc = m ? find_drc(m, args[0]) : NULL;
    if (!drc) {
        monitor_error(mon, "wait-drc: no DR connector '%s' (see info drc)", args[0]);
        return;
    }
    state = parse_state(drc, args[1]);
    if (state < 0) {
        monitor_error(mon, "wait-drc: '%s' is not a state of %s connector \"%s\" (%s, or empty)",
                      args[1], drc->ops->physical ? "physical" : "logical", drc->name,
                      drc->ops->physical ? "power-on, unisolated, configured"
                                         : "unusable, available, unisolated, configured");
        return;
    }
    w = g_new0(DrcWait, 1);
    w->m = m;
    w->index = drc->index;
    w->name = g_strdup(drc->name);
    w->state = state;
    w->state_text = g_strdup(args[1]);
    monitor_wait_begin(mon, "wait-drc", &drc_wait_ops, w, timeout);
}

static const MonitorCommand drc_monitor_commands[] = {
    { "wait-drc", "NAME STATE [TIMEOUT]",
      "wait until a DR connector (\"Slot 3\" or 0x40000018) is in STATE (as info drc names it, "
      "or empty; TIMEOUT s, default 60)",
      cmd_wait_drc },
    { NULL, NULL, NULL, NULL },
};

void spapr_drc_monitor_register(void)
{
    monitor_register_commands(drc_monitor_commands);
}
