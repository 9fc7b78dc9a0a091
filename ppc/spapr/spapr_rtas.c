/*
 * RTAS, the Run-Time Abstraction Services (LoPAPR 7): the table of services,
 * the dispatcher the firmware trampoline reaches through the private H_RTAS
 * hypercall, and the base services (time of day, power, console, os-term;
 * event-scan and check-exception are registered here, for their tokens, but
 * live with the event log in spapr_events.c). Tokens are RTAS_TOKEN_BASE + registration order, as QEMU does,
 * and /rtas advertises exactly the registered names.
 *
 * rtas_args in guest memory (LoPAPR 7.2.7): be32 token, nargs, nret, then
 * nargs argument words and nret return words; return word 0 is the status.
 *
 * An unknown token gets status -3 (RTAS_OUT_PARAM_ERROR) and the hypercall
 * returns H_PARAMETER: that is what QEMU's spapr_rtas_call does, and the
 * kernel only sees the status word. (DESIGN.md's "RTAS -1" is the kernel's
 * RTAS_UNKNOWN_SERVICE, a token value meaning "absent", not a status.)
 */
#include "ppc/spapr/spapr_rtas.h"

#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/events.h"
#include "core/log.h"
#include "ppc/spapr/spapr_events.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_machine.h"
#include "ppc/spapr/spapr_vio.h"

static const SpaprRtasDef *rtas_table[RTAS_MAX_CALLS];
static unsigned rtas_count;

static void rtas_register_one(const SpaprRtasDef *def)
{
    uint32_t token = spapr_rtas_token(def->name);

    if (token) {
        g_assert(rtas_table[token - RTAS_TOKEN_BASE] == def);
        return;
    }
    /* Every service returns at least its status; args and rets share the 16 words. */
    g_assert(rtas_count < RTAS_MAX_CALLS && def->fn);
    g_assert(def->nargs_min <= def->nargs_max && def->nret_min <= def->nret_max);
    g_assert(def->nret_min >= 1 && def->nargs_max + def->nret_max <= RTAS_MAX_ARGS);
    rtas_table[rtas_count++] = def;
}

void spapr_register_rtas_calls(const SpaprRtasDef *defs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rtas_register_one(&defs[i]);
    }
}

uint32_t spapr_rtas_token(const char *name)
{
    for (unsigned i = 0; i < rtas_count; i++) {
        if (g_str_equal(rtas_table[i]->name, name)) {
            return RTAS_TOKEN_BASE + i;
        }
    }
    return 0;
}

const SpaprRtasDef *spapr_rtas_def(unsigned i)
{
    return i < rtas_count ? rtas_table[i] : NULL;
}

const char *spapr_rtas_name(unsigned i)
{
    return i < rtas_count ? rtas_table[i]->name : NULL;
}

unsigned spapr_rtas_count(void)
{
    return rtas_count;
}

uint32_t spapr_rtas_size(const SpaprMachine *m)
{
    /* 20-byte trampoline, the FWNMI error log, a system-reset save slot per CPU, padding. */
    return 20 + RTAS_ERROR_LOG_MAX + 16 * (uint32_t)m->max_cpus + 8;
}

/* One line per call: the status in decimal (RTAS convention), other values in hex. */
static void rtas_log_call(PowerPCCPU *cpu, const char *name, const SpaprRtasCall *c)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "rtas: cpu %d %s (token 0x%x) args [", cpu->cs.index, name, c->token);
    for (uint32_t i = 0; i < c->nargs; i++) {
        g_string_append_printf(s, "%s0x%x", i ? " " : "", c->args[i]);
    }
    g_string_append(s, "] ->");
    for (uint32_t i = 0; i < c->nret; i++) {
        if (i == 0) {
            g_string_append_printf(s, " status %d", (int32_t)c->rets[0]);
        } else {
            g_string_append_printf(s, " 0x%x", c->rets[i]);
        }
    }
    log_printf("%s\n", s->str);
    g_string_free(s, TRUE);
}

/* The shape is checked here, once, for every service (LoPAPR 7: -3 for a wrong nargs or nret). */
static int32_t rtas_run(SpaprMachine *m, PowerPCCPU *cpu, const SpaprRtasDef *svc,
                        SpaprRtasCall *c)
{
    if (c->nargs < svc->nargs_min || c->nargs > svc->nargs_max || c->nret < svc->nret_min ||
        c->nret > svc->nret_max) {
        log_mask(LOG_GUEST_ERROR, "rtas: %s called with nargs %u nret %u (takes %u..%u, %u..%u)\n",
                 svc->name, c->nargs, c->nret, svc->nargs_min, svc->nargs_max, svc->nret_min,
                 svc->nret_max);
        return RTAS_OUT_PARAM_ERROR;
    }
    return svc->fn(m, cpu, c);
}

int64_t spapr_rtas_call(SpaprMachine *m, PowerPCCPU *cpu, uint64_t args_addr)
{
    SpaprRtasCall call = { 0 };
    uint32_t words[3 + RTAS_MAX_ARGS];
    uint64_t rets_addr;
    const char *name = "(unknown)";
    int64_t hret = H_SUCCESS;

    if (address_space_read(&m->as, args_addr, words, 12) != MEMTX_OK) {
        log_mask(LOG_GUEST_ERROR, "rtas: args at 0x%" PRIx64 " are not in RAM\n", args_addr);
        return H_PARAMETER;
    }
    call.token = GUINT32_FROM_BE(words[0]);
    call.nargs = GUINT32_FROM_BE(words[1]);
    call.nret = GUINT32_FROM_BE(words[2]);
    /* rtas_args holds 16 words for both; anything more cannot be a real call. */
    if (call.nargs > RTAS_MAX_ARGS || call.nret > RTAS_MAX_ARGS ||
        call.nargs + call.nret > RTAS_MAX_ARGS) {
        log_mask(LOG_GUEST_ERROR, "rtas: token 0x%x with nargs %u nret %u: too many\n",
                 call.token, call.nargs, call.nret);
        return H_PARAMETER;
    }
    if (call.nargs &&
        address_space_read(&m->as, args_addr + 12, words, 4ull * call.nargs) != MEMTX_OK) {
        return H_PARAMETER;
    }
    for (uint32_t i = 0; i < call.nargs; i++) {
        call.args[i] = GUINT32_FROM_BE(words[i]);
    }

    if (call.token >= RTAS_TOKEN_BASE && call.token - RTAS_TOKEN_BASE < rtas_count) {
        const SpaprRtasDef *svc = rtas_table[call.token - RTAS_TOKEN_BASE];

        name = svc->name;
        call.rets[0] = (uint32_t)rtas_run(m, cpu, svc, &call);
    } else {
        char key[32];

        g_snprintf(key, sizeof(key), "rtas:%x", call.token);
        log_unimp_once(key, "unknown RTAS token 0x%x\n", call.token);
        call.rets[0] = (uint32_t)RTAS_OUT_PARAM_ERROR;
        hret = H_PARAMETER;
    }

    rets_addr = args_addr + 12 + 4ull * call.nargs;
    for (uint32_t i = 0; i < call.nret; i++) {
        words[i] = GUINT32_TO_BE(call.rets[i]);
    }
    if (call.nret && address_space_write(&m->as, rets_addr, words, 4ull * call.nret) != MEMTX_OK) {
        return H_PARAMETER;
    }
    if (log_enabled(LOG_RTAS)) {
        rtas_log_call(cpu, name, &call);
    }
    return hret;
}

/* ---- base services ---- */

static int32_t rtas_display_character(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    uint8_t ch = (uint8_t)c->args[0];

    spapr_console_write(m, &ch, 1);
    return RTAS_OUT_SUCCESS;
}

/* The guest's clock (core/rtc.h): -rtc base and clock, or what the guest set. */
bool spapr_rtc_read(const SpaprMachine *m, struct tm *tm, uint32_t *ns)
{
    int64_t now_ns = guest_rtc_now_ns(&m->rtc);
    time_t t = (time_t)(now_ns / 1000000000);

    *ns = (uint32_t)(now_ns % 1000000000);
    return now_ns >= 0 && gmtime_r(&t, tm) != NULL;
}

static int32_t rtas_get_time_of_day(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    struct tm tm;
    uint32_t ns;

    if (!spapr_rtc_read(m, &tm, &ns)) {
        return RTAS_OUT_HW_ERROR;
    }
    c->rets[1] = (uint32_t)(tm.tm_year + 1900);
    c->rets[2] = (uint32_t)(tm.tm_mon + 1);
    c->rets[3] = (uint32_t)tm.tm_mday;
    c->rets[4] = (uint32_t)tm.tm_hour;
    c->rets[5] = (uint32_t)tm.tm_min;
    c->rets[6] = (uint32_t)tm.tm_sec;
    c->rets[7] = ns;
    return RTAS_OUT_SUCCESS;
}

static int32_t rtas_set_time_of_day(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    struct tm tm = { 0 };
    JsonObject *data;
    time_t t;

    if (c->args[0] < 1900 || c->args[0] > 9999 || c->args[1] < 1 || c->args[1] > 12 ||
        c->args[2] < 1 || c->args[2] > 31 || c->args[3] > 23 || c->args[4] > 59 ||
        c->args[5] > 60 || c->args[6] > 999999999) {
        return RTAS_OUT_PARAM_ERROR;
    }
    tm.tm_year = (int)c->args[0] - 1900;
    tm.tm_mon = (int)c->args[1] - 1;
    tm.tm_mday = (int)c->args[2];
    tm.tm_hour = (int)c->args[3];
    tm.tm_min = (int)c->args[4];
    tm.tm_sec = (int)c->args[5];
    t = timegm(&tm);
    guest_rtc_set(&m->rtc, (int64_t)t);
    /* QEMU's RTC_CHANGE: the new date's offset from the host's clock, and the RTC's QOM path. */
    data = json_object_new();
    json_object_set_int_member(data, "offset", (int64_t)t - g_get_real_time() / G_USEC_PER_SEC);
    json_object_set_string_member(data, "qom-path", "/machine/unattached/spapr-rtc");
    event_emit("RTC_CHANGE", data);
    return RTAS_OUT_SUCCESS;
}

/* LoPAPR 7.3.9.1: power-off(power_on_mask_hi, power_on_mask_lo). */
static int32_t rtas_power_off(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    machine_request_shutdown(SHUTDOWN_POWEROFF);
    return RTAS_OUT_SUCCESS;
}

static int32_t rtas_system_reboot(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    machine_request_shutdown(SHUTDOWN_RESET);
    return RTAS_OUT_SUCCESS;
}

/* The message is the guest's: bounded, and anything unprintable is shown as '?'. */
#define OS_TERM_MSG_MAX 1024

static int32_t rtas_os_term(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    char msg[OS_TERM_MSG_MAX + 1];
    size_t n = 0;

    for (uint64_t a = c->args[0]; n < OS_TERM_MSG_MAX; a++) {
        uint8_t ch;

        if (address_space_read(&m->as, a, &ch, 1) != MEMTX_OK || ch == 0) {
            break;
        }
        msg[n++] = (ch == '\n' || (ch >= 0x20 && ch < 0x7f)) ? (char)ch : '?';
    }
    msg[n] = 0;
    while (n && msg[n - 1] == '\n') {
        msg[--n] = 0;
    }
    /* QEMU 7.2's line, which scripts look for. */
    error_report("OS terminated: %s", msg);
    /*
     * With ibm,extended-os-term in /rtas the call returns. Then -action
     * panic= decides, as in QEMU: by default the run ends with status 0
     * (panic=exit-failure: 1; pause: the vCPUs stop; none: nothing).
     */
    machine_guest_panicked();
    return RTAS_OUT_SUCCESS;
}

/*
 * ibm,get-system-parameter(token, buffer, length) / ibm,set-system-parameter
 * (token, buffer), LoPAPR 7.3.16: no parameter is offered, and -3 is the
 * architected "parameter not supported" (Linux asks for 44, the processor
 * module info, at boot and copes; lparcfg asks for 20).
 */
static int32_t rtas_get_system_parameter(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    return RTAS_OUT_NOT_SUPPORTED;
}

static int32_t rtas_set_system_parameter(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    return RTAS_OUT_NOT_SUPPORTED;
}

static int64_t h_rtas(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    return spapr_rtas_call(m, cpu, args[0]);
}

/* The order fixes the tokens: the first ones match QEMU's numbering. */
static const SpaprRtasDef rtas_base_calls[] = {
    SPAPR_RTAS("display-character", rtas_display_character, 1, 1),
    SPAPR_RTAS("get-time-of-day", rtas_get_time_of_day, 0, 8),
    SPAPR_RTAS("set-time-of-day", rtas_set_time_of_day, 7, 1),
    SPAPR_RTAS("power-off", rtas_power_off, 2, 1),
    SPAPR_RTAS("system-reboot", rtas_system_reboot, 0, 1),
    SPAPR_RTAS("event-scan", spapr_rtas_event_scan, 4, 1),         /* spapr_events.c */
    SPAPR_RTAS("ibm,os-term", rtas_os_term, 1, 1),
};

static const SpaprHcallDef rtas_hcalls[] = {
    SPAPR_HCALL(H_RTAS, h_rtas, NULL, 1, 0),    /* r4 = the rtas_args buffer */
};

void spapr_rtas_register_base(void)
{
    SPAPR_REGISTER_RTAS(rtas_base_calls);
    SPAPR_REGISTER_HCALLS(rtas_hcalls);
}

static const SpaprRtasDef rtas_platform_calls[] = {
    SPAPR_RTAS_RANGE("check-exception", spapr_rtas_check_exception, 6, 7, 1, 1),  /* spapr_events.c */
    SPAPR_RTAS("ibm,get-system-parameter", rtas_get_system_parameter, 3, 1),
    SPAPR_RTAS("ibm,set-system-parameter", rtas_set_system_parameter, 2, 1),
};

void spapr_rtas_register_platform(void)
{
    SPAPR_REGISTER_RTAS(rtas_platform_calls);
}
