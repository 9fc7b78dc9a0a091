/*
 * set-indicator and get-sensor-state (LoPAPR 7.3.5 and 7.3.6): one RTAS
 * service each, dispatching on the indicator or sensor type (the first
 * argument) through a small table that other subsystems fill in; hotplug/
 * adds the DR types there (RTAS_INDICATOR_* and RTAS_SENSOR_DR_ENTITY_SENSE
 * in papr.h). A boot without hotplug calls neither with a type we know, and
 * an unknown type is -3.
 */
#include "ppc/spapr/spapr_rtas.h"

#include <glib.h>

#include "core/log.h"
#include "ppc/spapr/spapr_machine.h"

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
static int32_t rtas_set_indicator(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    SensorEntry *e = entry_find(indicators, c->args[0], false);

    if (!e) {
        log_mask(LOG_UNIMP, "set-indicator: unknown indicator type %u\n", c->args[0]);
        return RTAS_OUT_NO_SUCH_INDICATOR;
    }
    return e->set(m, c->args[1], c->args[2]);
}

/* get-sensor-state(type, index) -> status, state */
static int32_t rtas_get_sensor_state(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    SensorEntry *e = entry_find(sensors, c->args[0], false);
    uint32_t state = 0;
    int32_t st;

    if (!e) {
        log_mask(LOG_UNIMP, "get-sensor-state: unknown sensor type %u\n", c->args[0]);
        return RTAS_OUT_NOT_SUPPORTED;
    }
    st = e->get(m, c->args[1], &state);
    c->rets[1] = state;
    return st;
}

static const SpaprRtasDef sensor_rtas_calls[] = {
    SPAPR_RTAS("set-indicator", rtas_set_indicator, 3, 1),
    SPAPR_RTAS("get-sensor-state", rtas_get_sensor_state, 2, 2),
};

void spapr_sensors_register(void)
{
    SPAPR_REGISTER_RTAS(sensor_rtas_calls);
}
