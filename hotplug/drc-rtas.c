/*
 * The DR RTAS services (LoPAR 13.5.3) other than ibm,configure-connector:
 * the DR indicators and sensor, plugged into spapr_sensors.c's
 * set-indicator / get-sensor-state dispatch by type, and the power-level
 * calls.
 *
 *   set-indicator 9001 isolation-state: 0 isolate, 1 unisolate (all DRCs)
 *   set-indicator 9002 dr-indicator: 0-3 (physical DRCs only)
 *   set-indicator 9003 allocation-state: 0 unusable, 1 usable (logical only)
 *   get-sensor-state 9003 dr-entity-sense
 *   set-power-level / get-power-level: domain -1 only
 *
 * An unknown index, an indicator the connector does not have or a value
 * out of range get -3 ("no such indicator", LoPAR 13.5.3.4) and change
 * nothing.
 */
#include "hotplug/drc-internal.h"

#include "core/log.h"
#include "ppc/spapr/papr.h"
#include "ppc/spapr/spapr_machine.h"
#include "ppc/spapr/spapr_rtas.h"

static SpaprDrc *dr_lookup(SpaprMachine *m, uint32_t index, const char *what)
{
    SpaprDrc *drc = spapr_drc_by_index(m, index);

    if (!drc) {
        log_mask(LOG_GUEST_ERROR | LOG_DRC, "dr: %s: no DRC 0x%08x\n", what, index);
    }
    return drc;
}

static int32_t dr_bad_value(SpaprDrc *drc, const char *what, uint32_t value)
{
    log_mask(LOG_GUEST_ERROR, "%s: %s: value %u out of range\n", what, drc->name, value);
    spapr_drc_log(drc, what, "value %u out of range: status %d", value, RTAS_OUT_PARAM_ERROR);
    return RTAS_OUT_PARAM_ERROR;
}

/* set-indicator(9001 isolation-state, index, value) */
static int32_t dr_set_isolation(SpaprMachine *m, uint32_t index, uint32_t value)
{
    SpaprDrc *drc = dr_lookup(m, index, "set-indicator isolation-state");

    if (!drc) {
        return RTAS_OUT_NO_SUCH_INDICATOR;
    }
    switch (value) {
    case RTAS_ISOLATION_ISOLATED:
        return drc->ops->isolate(drc, "set-indicator isolation-state=isolate");
    case RTAS_ISOLATION_UNISOLATED:
        return drc->ops->unisolate(drc, "set-indicator isolation-state=unisolate");
    default:
        return dr_bad_value(drc, "set-indicator isolation-state", value);
    }
}

static const char *const dr_indicator_names[] = {
    [RTAS_DR_INDICATOR_INACTIVE] = "inactive",
    [RTAS_DR_INDICATOR_ACTIVE] = "active",
    [RTAS_DR_INDICATOR_IDENTIFY] = "identify",
    [RTAS_DR_INDICATOR_ACTION] = "action",
};

const char *spapr_drc_indicator_name(uint32_t value)
{
    return value < G_N_ELEMENTS(dr_indicator_names) ? dr_indicator_names[value] : "?";
}

/*
 * set-indicator(9002 dr-indicator, index, value): the slot's LED. Only a
 * physical connector has one (LoPAR 13.5.3.4 table); it changes no state.
 */
static int32_t dr_set_indicator(SpaprMachine *m, uint32_t index, uint32_t value)
{
    const char *cause = "set-indicator dr-indicator";
    SpaprDrc *drc = dr_lookup(m, index, cause);
    uint32_t old;

    if (!drc) {
        return RTAS_OUT_NO_SUCH_INDICATOR;
    }
    if (!drc->ops->physical) {
        spapr_drc_log(drc, cause, "a logical connector has no dr-indicator: status %d",
                      RTAS_OUT_NO_SUCH_INDICATOR);
        return RTAS_OUT_NO_SUCH_INDICATOR;
    }
    if (value > RTAS_DR_INDICATOR_ACTION) {
        return dr_bad_value(drc, cause, value);
    }
    old = drc->dr_indicator;
    drc->dr_indicator = value;
    spapr_drc_log(drc, cause, "indicator %s -> %s", spapr_drc_indicator_name(old),
                  spapr_drc_indicator_name(value));
    return RTAS_OUT_SUCCESS;
}

/* set-indicator(9003 allocation-state, index, value): logical connectors only. */
static int32_t dr_set_allocation(SpaprMachine *m, uint32_t index, uint32_t value)
{
    const char *cause = "set-indicator allocation-state";
    SpaprDrc *drc = dr_lookup(m, index, cause);

    if (!drc) {
        return RTAS_OUT_NO_SUCH_INDICATOR;
    }
    if (!drc->ops->set_usable) {
        spapr_drc_log(drc, cause, "a physical connector has no allocation-state: status %d",
                      RTAS_OUT_NO_SUCH_INDICATOR);
        return RTAS_OUT_NO_SUCH_INDICATOR;
    }
    switch (value) {
    case RTAS_ALLOCATION_USABLE:
        return drc->ops->set_usable(drc, "set-indicator allocation-state=usable");
    case RTAS_ALLOCATION_UNUSABLE:
        return drc->ops->set_unusable(drc, "set-indicator allocation-state=unusable");
    case RTAS_ALLOCATION_EXCHANGE:
    case RTAS_ALLOCATION_RECOVER:
        /* Nothing is ever offered for exchange or recovery: the transition is not possible. */
        spapr_drc_log(drc, cause, "%s: not offered: status %d",
                      value == RTAS_ALLOCATION_EXCHANGE ? "exchange" : "recover",
                      RTAS_OUT_NO_SUCH_INDICATOR);
        return RTAS_OUT_NO_SUCH_INDICATOR;
    default:
        return dr_bad_value(drc, cause, value);
    }
}

/* get-sensor-state(9003 dr-entity-sense, index) -> state */
static int32_t dr_get_entity_sense(SpaprMachine *m, uint32_t index, uint32_t *state)
{
    SpaprDrc *drc = dr_lookup(m, index, "get-sensor-state dr-entity-sense");

    if (!drc) {
        return RTAS_OUT_NO_SUCH_INDICATOR;
    }
    *state = spapr_drc_entity_sense(drc);
    return RTAS_OUT_SUCCESS;
}

/*
 * set-power-level(domain, level) -> status, actual level. Every connector
 * is in the live-insertion domain -1, always at full power: the call is
 * accepted (drmgr powers a slot off and on around an add) and the level
 * stays 100, which the OS reads back in the actual level.
 */
static int32_t rtas_set_power_level(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    uint32_t domain = c->args[0], level = c->args[1];

    if (domain != RTAS_POWER_DOMAIN_LIVE_INSERT ||
        (level != RTAS_POWER_LEVEL_OFF && level != RTAS_POWER_LEVEL_FULL)) {
        log_mask(LOG_GUEST_ERROR | LOG_DRC, "dr: set-power-level(%d, %u): no such domain or level\n",
                 (int32_t)domain, level);
        return RTAS_OUT_PARAM_ERROR;
    }
    log_mask(LOG_DRC, "dr: set-power-level(-1, %u): live-insertion domain, stays at %u\n", level,
             RTAS_POWER_LEVEL_FULL);
    c->rets[1] = RTAS_POWER_LEVEL_FULL;
    return RTAS_OUT_SUCCESS;
}

/* get-power-level(domain) -> status, level */
static int32_t rtas_get_power_level(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    if (c->args[0] != RTAS_POWER_DOMAIN_LIVE_INSERT) {
        log_mask(LOG_GUEST_ERROR, "get-power-level(%d): no such domain\n", (int32_t)c->args[0]);
        return RTAS_OUT_PARAM_ERROR;
    }
    c->rets[1] = RTAS_POWER_LEVEL_FULL;
    return RTAS_OUT_SUCCESS;
}

static const SpaprRtasDef dr_rtas_calls[] = {
    SPAPR_RTAS("set-power-level", rtas_set_power_level, 2, 2),
    SPAPR_RTAS("get-power-level", rtas_get_power_level, 1, 2),
};

void spapr_drc_register(void)
{
    spapr_register_indicator(RTAS_INDICATOR_ISOLATION_STATE, dr_set_isolation);
    spapr_register_indicator(RTAS_INDICATOR_DR, dr_set_indicator);
    spapr_register_indicator(RTAS_INDICATOR_ALLOCATION_STATE, dr_set_allocation);
    spapr_register_sensor(RTAS_SENSOR_DR_ENTITY_SENSE, dr_get_entity_sense);
    SPAPR_REGISTER_RTAS(dr_rtas_calls);
    spapr_drc_register_configure_connector();
    spapr_drc_monitor_register();
}
