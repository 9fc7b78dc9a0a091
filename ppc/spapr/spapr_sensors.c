/*
 * set-indicator and get-sensor-state (LoPAPR 7.3.5 and 7.3.6): one RTAS
 * service each, dispatching on the indicator or sensor type (the first
 * argument) through a small table that other subsystems fill in; hotplug/
 * adds the DR types there (indicators 9001 isolation-state, 9002
 * dr-indicator, 9003 allocation-state; sensor 9003 dr-entity-sense). A boot without hotplug
 * calls neither with a type we know, and an unknown type is -3.
 */
#include "ppc/spapr/spapr.h"

#include <glib.h>

#include "core/log.h"

#define SENSOR_TYPES_MAX 16

typedef struct SensorEntry {
    uint32_t type;
    SpaprIndicatorFn set;
    SpaprSensorFn get;
} SensorEntry;

static SensorEntry indicators[SENSOR_TYPES_MAX];
static SensorEntry sensors[SENSOR_TYPES_MAX];

static SensorEntry *entry_find(SensorEntry *table, uint32_t type, bool add)
{
    for (int i = 0; i < SENSOR_TYPES_MAX; i++) {
        if ((table[i].set || table[i].get) && table[i].type == type) {
            return &table[i];
        }
        if (add && !table[i].set && !table[i].get) {
            table[i].type = type;
            return &table[i];
        }
    }
    return NULL;
}

void spapr_register_indicator(uint32_t type, SpaprIndicatorFn fn)
{
    SensorEntry *e = entry_find(indicators, type, true);

    /* Registration is the emulator's own code: a full table or a clash is a bug. */
    g_assert(e && fn && (!e->set || e->set == fn));
    e->set = fn;
}

void spapr_register_sensor(uint32_t type, SpaprSensorFn fn)
{
    SensorEntry *e = entry_find(sensors, type, true);

    g_assert(e && fn && (!e->get || e->get == fn));
    e->get = fn;
}

/* set-indicator(type, index, value) -> status */
static void rtas_set_indicator(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    int32_t st = spapr_rtas_check_args(c, 3, 1);
    SensorEntry *e;

    if (st != RTAS_OUT_SUCCESS) {
        goto out;
    }
    e = entry_find(indicators, c->args[0], false);
    if (e) {
        st = e->set(m, c->args[1], c->args[2]);
    } else {
        st = RTAS_OUT_NOT_SUPPORTED;
        log_mask(LOG_UNIMP, "set-indicator: unknown indicator type %u\n", c->args[0]);
    }
out:
    spapr_rtas_status(c, st);
}

/* get-sensor-state(type, index) -> status, state */
static void rtas_get_sensor_state(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    int32_t st = spapr_rtas_check_args(c, 2, 2);
    uint32_t state = 0;
    SensorEntry *e;

    if (st != RTAS_OUT_SUCCESS) {
        goto out;
    }
    e = entry_find(sensors, c->args[0], false);
    if (e) {
        st = e->get(m, c->args[1], &state);
        c->rets[1] = state;
    } else {
        st = RTAS_OUT_NOT_SUPPORTED;
        log_mask(LOG_UNIMP, "get-sensor-state: unknown sensor type %u\n", c->args[0]);
    }
out:
    spapr_rtas_status(c, st);
}

void spapr_sensors_register(void)
{
    spapr_register_rtas("set-indicator", rtas_set_indicator);
    spapr_register_rtas("get-sensor-state", rtas_get_sensor_state);
}
