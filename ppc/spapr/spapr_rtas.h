/*
 * RTAS, the Run-Time Abstraction Services (LoPAPR 7): the table of services
 * that drives both the dispatcher (spapr_rtas.c) and the /rtas properties,
 * how a subsystem registers a service with its shape, and the
 * indicator/sensor types behind set-indicator and get-sensor-state
 * (spapr_sensors.c). RTAS statuses and indicator numbers are in papr.h.
 */
#ifndef PPC_SPAPR_SPAPR_RTAS_H
#define PPC_SPAPR_SPAPR_RTAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ppc/cpu.h"
#include "ppc/spapr/papr.h"

typedef struct Machine SpaprMachine;     /* spapr_machine.h */

#define RTAS_TOKEN_BASE         0x2000
#define RTAS_MAX_CALLS          0x100
#define RTAS_MAX_ARGS           16          /* args + rets in one rtas_args */
#define RTAS_ERROR_LOG_MAX      2048

/* One call as read from guest memory (be32 words, host order here). */
typedef struct SpaprRtasCall {
    uint32_t token;
    uint32_t nargs;
    uint32_t nret;
    uint32_t args[RTAS_MAX_ARGS];
    uint32_t rets[RTAS_MAX_ARGS];
} SpaprRtasCall;

/*
 * A service runs only with a shape it registered (nargs and nret checked by
 * the dispatcher), does its work, fills rets[1..] and returns the status,
 * which the dispatcher stores in rets[0].
 */
typedef int32_t (*SpaprRtasFn)(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *call);

/*
 * One RTAS service as its subsystem registers it: the /rtas property name,
 * the handler and the shapes it accepts. Most services have one fixed
 * shape; a few accept a range (check-exception takes 6 or 7 arguments). A
 * call outside the range gets -3 (LoPAPR 7: "parameter error") without
 * reaching the handler. Every service returns at least its status.
 */
typedef struct SpaprRtasDef {
    const char *name;
    SpaprRtasFn fn;
    uint8_t nargs_min, nargs_max;
    uint8_t nret_min, nret_max;
} SpaprRtasDef;

#define SPAPR_RTAS(name, fn, nargs, nret) { (name), (fn), (nargs), (nargs), (nret), (nret) }
#define SPAPR_RTAS_RANGE(name, fn, nargs_min, nargs_max, nret_min, nret_max) \
    { (name), (fn), (nargs_min), (nargs_max), (nret_min), (nret_max) }

/*
 * Register a subsystem's table (kept by reference: make it static const).
 * Tokens are RTAS_TOKEN_BASE + registration order.
 */
void spapr_register_rtas_calls(const SpaprRtasDef *defs, size_t n);
#define SPAPR_REGISTER_RTAS(table) \
    spapr_register_rtas_calls((table), sizeof(table) / sizeof((table)[0]))
/* The token of a service, or 0 if none. */
uint32_t spapr_rtas_token(const char *name);
/* Iterate: the registration behind token RTAS_TOKEN_BASE+i, or NULL past the end. */
const SpaprRtasDef *spapr_rtas_def(unsigned i);
const char *spapr_rtas_name(unsigned i);
unsigned spapr_rtas_count(void);
/* Run the call whose rtas_args lie at args_addr; H_SUCCESS or H_PARAMETER. */
int64_t spapr_rtas_call(SpaprMachine *m, PowerPCCPU *cpu, uint64_t args_addr);
/*
 * The guest's wall clock, which get-time-of-day returns and event logs are
 * stamped with: host UTC plus the machine's RTC offset (-rtc base, or
 * set-time-of-day). False if the date cannot be represented.
 */
bool spapr_rtc_read(const SpaprMachine *m, struct tm *tm, uint32_t *ns);

/* The guest-visible RTAS blob size (QEMU's formula: blob, FWNMI log, per-CPU slots). */
uint32_t spapr_rtas_size(const SpaprMachine *m);

/*
 * set-indicator / get-sensor-state (spapr_sensors.c) (LoPAPR 7.3.5, 7.3.6) dispatch on the
 * indicator or sensor type; a subsystem (hotplug/ for the DR types) adds its
 * own. Each returns an RTAS status; unknown types get -3.
 */
typedef int32_t (*SpaprIndicatorFn)(SpaprMachine *m, uint32_t index, uint32_t value);
typedef int32_t (*SpaprSensorFn)(SpaprMachine *m, uint32_t index, uint32_t *state);
void spapr_register_indicator(uint32_t type, SpaprIndicatorFn fn);
void spapr_register_sensor(uint32_t type, SpaprSensorFn fn);

#endif
