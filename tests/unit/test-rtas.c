/*
 * Unit tests for the RTAS dispatcher and services (ppc/spapr/spapr_rtas.c)
 * and the hypercall table (spapr_hcall.c, spapr_vty.c): calls are made the
 * way the guest makes them, with rtas_args in guest RAM and registers in a
 * PowerPCCPU, but no CPU runs.
 */
#include <glib.h>
#include <string.h>
#include <time.h>

#include "core/main-loop.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_rtas.h"
#include "spapr-test-util.h"

#define ARGS_ADDR 0x10000

typedef struct Fixture {
    TestCfg t;
    SpaprMachine *m;
} Fixture;

static void fixture_up(Fixture *f, bool nodefaults, const char *rtc_base)
{
    Error *err = NULL;

    test_cfg_init(&f->t, 1, 64ull << 20);
    f->t.cfg.nodefaults = nodefaults;
    f->t.cfg.rtc_base = rtc_base;
    f->m = spapr_machine_create(&f->t.cfg, &err);
    g_assert_null(err);
    g_assert_nonnull(f->m);
    machine_clear_shutdown_request();
}

static void fixture_down(Fixture *f)
{
    spapr_machine_free(f->m);
    test_cfg_cleanup(&f->t);
    machine_clear_shutdown_request();
}

/* Write rtas_args (big-endian) at ARGS_ADDR; rets are pre-filled with a marker. */
static void put_args(SpaprMachine *m, uint32_t token, uint32_t nargs, uint32_t nret,
                     const uint32_t *args)
{
    spapr_test_put_rtas_args(m, ARGS_ADDR, token, nargs, nret, args);
}

static uint32_t get_ret(SpaprMachine *m, uint32_t nargs, uint32_t i)
{
    MemTxResult res = MEMTX_OK;
    uint32_t v = address_space_ldl_be(&m->as, ARGS_ADDR + 12 + 4 * (nargs + i), &res);

    g_assert_cmpint(res, ==, MEMTX_OK);
    return v;
}

static int64_t call(SpaprMachine *m, const char *name, uint32_t nargs, uint32_t nret,
                    const uint32_t *args)
{
    uint32_t token = spapr_rtas_token(name);

    g_assert_cmpuint(token, !=, 0);
    put_args(m, token, nargs, nret, args);
    return spapr_rtas_call(m, NULL, ARGS_ADDR);
}

static void test_get_time_of_day(void)
{
    Fixture f;
    time_t now = time(NULL);
    struct tm tm;

    fixture_up(&f, true, NULL);
    g_assert_cmpint(call(f.m, "get-time-of-day", 0, 8, NULL), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 0, 0), ==, RTAS_OUT_SUCCESS);
    gmtime_r(&now, &tm);
    /* Host UTC now: the same year (or the next, across New Year), a valid date and time. */
    g_assert_cmpuint(get_ret(f.m, 0, 1) - (uint32_t)(tm.tm_year + 1900), <=, 1);
    g_assert_cmpuint(get_ret(f.m, 0, 1), >=, 2024);
    g_assert_cmpuint(get_ret(f.m, 0, 2) - 1, <, 12);
    g_assert_cmpuint(get_ret(f.m, 0, 3) - 1, <, 31);
    g_assert_cmpuint(get_ret(f.m, 0, 4), <, 24);
    g_assert_cmpuint(get_ret(f.m, 0, 5), <, 60);
    g_assert_cmpuint(get_ret(f.m, 0, 6), <, 61);
    g_assert_cmpuint(get_ret(f.m, 0, 7), <, 1000000000);
    fixture_down(&f);
}

static void test_rtc_base_and_set(void)
{
    Fixture f;
    const uint32_t when[7] = { 2001, 2, 3, 4, 5, 6, 0 };
    const uint32_t bad[7] = { 2001, 13, 3, 4, 5, 6, 0 };

    fixture_up(&f, true, "2006-06-17T16:01:21");
    g_assert_cmpint(call(f.m, "get-time-of-day", 0, 8, NULL), ==, H_SUCCESS);
    g_assert_cmpuint(get_ret(f.m, 0, 1), ==, 2006);
    g_assert_cmpuint(get_ret(f.m, 0, 2), ==, 6);
    g_assert_cmpuint(get_ret(f.m, 0, 3), ==, 17);
    g_assert_cmpuint(get_ret(f.m, 0, 4), ==, 16);

    g_assert_cmpint(call(f.m, "set-time-of-day", 7, 1, when), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 7, 0), ==, RTAS_OUT_SUCCESS);
    g_assert_cmpint(call(f.m, "get-time-of-day", 0, 8, NULL), ==, H_SUCCESS);
    g_assert_cmpuint(get_ret(f.m, 0, 1), ==, 2001);
    g_assert_cmpuint(get_ret(f.m, 0, 2), ==, 2);
    g_assert_cmpuint(get_ret(f.m, 0, 3), ==, 3);
    g_assert_cmpuint(get_ret(f.m, 0, 4), ==, 4);
    g_assert_cmpuint(get_ret(f.m, 0, 5), ==, 5);

    /* Month 13: refused, and the clock is unchanged. */
    g_assert_cmpint(call(f.m, "set-time-of-day", 7, 1, bad), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 7, 0), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(call(f.m, "get-time-of-day", 0, 8, NULL), ==, H_SUCCESS);
    g_assert_cmpuint(get_ret(f.m, 0, 1), ==, 2001);
    fixture_down(&f);
}

static void test_bad_nargs_nret(void)
{
    Fixture f;
    const uint32_t one[1] = { 0 };
    MemTxResult res = MEMTX_OK;

    fixture_up(&f, true, NULL);
    /* Every service checks its argument counts first. */
    g_assert_cmpint(call(f.m, "get-time-of-day", 1, 8, one), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 1, 0), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(call(f.m, "get-time-of-day", 0, 3, NULL), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 0, 0), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpuint(get_ret(f.m, 0, 1), ==, 0);    /* other rets are not left as garbage */
    g_assert_cmpint(call(f.m, "power-off", 1, 1, one), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 1, 0), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_NONE);
    g_assert_cmpint(call(f.m, "event-scan", 0, 1, NULL), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 0, 0), ==, RTAS_OUT_PARAM_ERROR);

    /* More words than rtas_args holds: rejected without writing anything. */
    put_args(f.m, spapr_rtas_token("get-time-of-day"), 10, 8, (const uint32_t[10]){ 0 });
    g_assert_cmpint(spapr_rtas_call(f.m, NULL, ARGS_ADDR), ==, H_PARAMETER);
    g_assert_cmphex(get_ret(f.m, 10, 0), ==, 0xdeadbeef);
    address_space_stl_be(&f.m->as, ARGS_ADDR + 4, 0xffffffff, &res);   /* nargs */
    g_assert_cmpint(res, ==, MEMTX_OK);
    g_assert_cmpint(spapr_rtas_call(f.m, NULL, ARGS_ADDR), ==, H_PARAMETER);

    /* rtas_args outside RAM, or running off its end. */
    g_assert_cmpint(spapr_rtas_call(f.m, NULL, 1ull << 40), ==, H_PARAMETER);
    g_assert_cmpint(spapr_rtas_call(f.m, NULL, (64ull << 20) - 8), ==, H_PARAMETER);
    fixture_down(&f);
}

/* A service of this test's own, to see when the dispatcher lets a call through. */
static unsigned probe_runs;
static uint32_t probe_nargs_seen;

static int32_t rtas_probe(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    probe_runs++;
    probe_nargs_seen = c->nargs;
    if (c->nret > 1) {
        c->rets[1] = 0x1234;
    }
    return 7;
}

static const SpaprRtasDef probe_calls[] = {
    SPAPR_RTAS("test,fixed", rtas_probe, 2, 1),
    SPAPR_RTAS_RANGE("test,range", rtas_probe, 1, 3, 1, 2),
};

static void test_shape_checked_before_handler(void)
{
    Fixture f;
    const uint32_t a[4] = { 1, 2, 3, 4 };

    fixture_up(&f, true, NULL);
    SPAPR_REGISTER_RTAS(probe_calls);
    /* Registering the same table again is harmless: same tokens. */
    SPAPR_REGISTER_RTAS(probe_calls);
    g_assert_cmpuint(spapr_rtas_token("test,range"), ==, spapr_rtas_token("test,fixed") + 1);

    probe_runs = 0;
    g_assert_cmpint(call(f.m, "test,fixed", 2, 1, a), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 2, 0), ==, 7);   /* the handler's status lands in rets[0] */
    g_assert_cmpuint(probe_runs, ==, 1);
    /* One argument or return word too few or too many: -3, and the handler never runs. */
    g_assert_cmpint(call(f.m, "test,fixed", 1, 1, a), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 1, 0), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(call(f.m, "test,fixed", 3, 1, a), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 3, 0), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpint(call(f.m, "test,fixed", 2, 2, a), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 2, 0), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpuint(get_ret(f.m, 2, 1), ==, 0);
    g_assert_cmpint(call(f.m, "test,fixed", 2, 0, a), ==, H_SUCCESS);
    g_assert_cmpuint(probe_runs, ==, 1);

    /* A range: every shape inside runs, the ones just outside do not. */
    for (uint32_t nargs = 0; nargs <= 4; nargs++) {
        for (uint32_t nret = 0; nret <= 3; nret++) {
            bool ok = nargs >= 1 && nargs <= 3 && nret >= 1 && nret <= 2;
            unsigned before = probe_runs;

            g_assert_cmpint(call(f.m, "test,range", nargs, nret, a), ==, H_SUCCESS);
            g_assert_cmpuint(probe_runs - before, ==, ok ? 1 : 0);
            if (nret) {
                g_assert_cmpint((int32_t)get_ret(f.m, nargs, 0), ==, ok ? 7 : RTAS_OUT_PARAM_ERROR);
            }
            if (ok) {
                g_assert_cmpuint(probe_nargs_seen, ==, nargs);
            }
            if (nret == 2) {
                g_assert_cmphex(get_ret(f.m, nargs, 1), ==, ok ? 0x1234 : 0);
            }
        }
    }
    fixture_down(&f);
}

/* Every registered service: a call one argument short or over is refused before it acts. */
static void test_every_service_checks_shape(void)
{
    Fixture f;
    uint32_t zeros[RTAS_MAX_ARGS] = { 0 };

    fixture_up(&f, false, NULL);
    g_assert_cmpuint(spapr_rtas_count(), >=, 20);
    for (unsigned i = 0; i < spapr_rtas_count(); i++) {
        const SpaprRtasDef *d = spapr_rtas_def(i);
        uint32_t bad_nargs[2] = { d->nargs_min - 1, d->nargs_max + 1 };

        g_assert_nonnull(d);
        g_assert_cmpstr(d->name, ==, spapr_rtas_name(i));
        g_assert_cmpuint(spapr_rtas_token(d->name), ==, RTAS_TOKEN_BASE + i);
        g_assert_cmpuint(d->nret_min, >=, 1);
        for (int k = 0; k < 2; k++) {
            if ((k == 0 && d->nargs_min == 0) || bad_nargs[k] + d->nret_min > RTAS_MAX_ARGS) {
                continue;
            }
            g_assert_cmpint(call(f.m, d->name, bad_nargs[k], d->nret_min, zeros), ==, H_SUCCESS);
            g_assert_cmpint((int32_t)get_ret(f.m, bad_nargs[k], 0), ==, RTAS_OUT_PARAM_ERROR);
        }
        /* power-off, system-reboot, ibm,os-term would have asked for a shutdown. */
        g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_NONE);
    }
    g_assert_null(spapr_rtas_def(spapr_rtas_count()));
    fixture_down(&f);
}

/* Hypercall registrations carry name, group and shape together. */
static void test_hcall_registrations(void)
{
    Fixture f;
    const SpaprHcallDef *d;
    unsigned n = 0;

    fixture_up(&f, true, NULL);
    d = spapr_hcall_lookup(H_ENTER);
    g_assert_nonnull(d);
    g_assert_cmpstr(d->name, ==, "H_ENTER");
    g_assert_cmpstr(d->group, ==, "hcall-pft");
    g_assert_cmpuint(d->nargs, ==, 4);
    g_assert_cmpuint(d->nrets, ==, 1);
    d = spapr_hcall_lookup(H_RTAS);
    g_assert_nonnull(d);
    g_assert_cmpstr(d->name, ==, "H_RTAS");
    g_assert_null(d->group);
    g_assert_null(spapr_hcall_lookup(H_ENTER + 1));
    g_assert_null(spapr_hcall_lookup(0x1234 & ~3ull));
    for (uint64_t op = 0; op <= SPAPR_HCALL_MAX; op += 4) {
        d = spapr_hcall_lookup(op);
        if (d) {
            n++;
            g_assert_cmphex(d->opcode, ==, op);
            g_assert_true(g_str_has_prefix(d->name, "H_"));
            g_assert_cmpuint(d->nargs, <=, SPAPR_HCALL_ARG_REGS);
            g_assert_cmpuint(d->nrets, <=, SPAPR_HCALL_ARG_REGS);
        }
    }
    g_assert_cmpuint(n, >=, 29);  /* at least the ones registered when this was written */
    fixture_down(&f);
}

static void test_unknown_token(void)
{
    Fixture f;

    fixture_up(&f, true, NULL);
    /* QEMU's behaviour: status -3 for the guest, H_PARAMETER from the hcall. */
    put_args(f.m, 0x1234, 0, 1, NULL);
    g_assert_cmpint(spapr_rtas_call(f.m, NULL, ARGS_ADDR), ==, H_PARAMETER);
    g_assert_cmpint((int32_t)get_ret(f.m, 0, 0), ==, RTAS_OUT_PARAM_ERROR);
    put_args(f.m, RTAS_TOKEN_BASE + spapr_rtas_count(), 0, 1, NULL);
    g_assert_cmpint(spapr_rtas_call(f.m, NULL, ARGS_ADDR), ==, H_PARAMETER);
    g_assert_cmpint((int32_t)get_ret(f.m, 0, 0), ==, RTAS_OUT_PARAM_ERROR);
    g_assert_cmpuint(spapr_rtas_token("no-such-service"), ==, 0);
    fixture_down(&f);
}

static void test_power_reboot_osterm_eventscan(void)
{
    Fixture f;
    const uint32_t masks[2] = { 0xffffffff, 0xffffffff };
    const uint32_t scan[4] = { 0xffffffff, 0, 0x20000, 2048 };
    static const char msg[] = "Kernel panic - not syncing: test\n";
    uint32_t msg_arg[1] = { 0x30000 };

    fixture_up(&f, true, NULL);
    g_assert_cmpint(call(f.m, "event-scan", 4, 1, scan), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 4, 0), ==, RTAS_OUT_NO_ERRORS_FOUND);

    g_assert_cmpint(call(f.m, "power-off", 2, 1, masks), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 2, 0), ==, RTAS_OUT_SUCCESS);
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_POWEROFF);
    machine_clear_shutdown_request();

    g_assert_cmpint(call(f.m, "system-reboot", 0, 1, NULL), ==, H_SUCCESS);
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_RESET);
    machine_clear_shutdown_request();

    g_assert_cmpint(address_space_write(&f.m->as, 0x30000, msg, sizeof(msg)), ==, MEMTX_OK);
    g_assert_cmpint(call(f.m, "ibm,os-term", 1, 1, msg_arg), ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 1, 0), ==, RTAS_OUT_SUCCESS);
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_PANIC);
    machine_clear_shutdown_request();

    /* A message pointer outside RAM still terminates, with an empty message. */
    msg_arg[0] = 0xfffffff0;
    g_assert_cmpint(call(f.m, "ibm,os-term", 1, 1, msg_arg), ==, H_SUCCESS);
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_PANIC);
    machine_clear_shutdown_request();

    /* -action panic=pause stops the vCPUs instead; panic=none lets the guest carry on. */
    vm_start();
    machine_set_panic_action(PANIC_ACTION_PAUSE);
    g_assert_cmpint(call(f.m, "ibm,os-term", 1, 1, msg_arg), ==, H_SUCCESS);
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_NONE);
    g_assert_false(vm_running());
    vm_start();
    machine_set_panic_action(PANIC_ACTION_NONE);
    g_assert_cmpint(call(f.m, "ibm,os-term", 1, 1, msg_arg), ==, H_SUCCESS);
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_NONE);
    g_assert_true(vm_running());
    vm_stop();
    machine_set_panic_action(PANIC_ACTION_SHUTDOWN);
    fixture_down(&f);
}

/* ---- hypercalls, through PPCHypervisor.hypercall as the CPU calls it ---- */

static PowerPCCPU *fake_cpu(SpaprMachine *m)
{
    PowerPCCPU *cpu = g_new0(PowerPCCPU, 1);

    cpu->vhyp = &m->vhyp;
    return cpu;
}

static void test_hcall_unknown(void)
{
    Fixture f;
    PowerPCCPU *cpu;
    const uint64_t bad[] = { 0x1234 & ~3ull, 0x5, 0x47c, 0xf0fc, 0xf100, 0xffffffffffffffffull };

    fixture_up(&f, true, NULL);
    cpu = f.m->vhyp.hypercall ? fake_cpu(f.m) : NULL;
    g_assert_true(f.m->vhyp.hypercall == spapr_hypercall);
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        cpu->gpr[3] = bad[i];
        cpu->gpr[4] = 0x71000000;
        f.m->vhyp.hypercall(cpu);
        g_assert_cmpint((int64_t)cpu->gpr[3], ==, H_FUNCTION);
    }
    g_free(cpu);
    fixture_down(&f);
}

static void test_hcall_rtas(void)
{
    Fixture f;
    PowerPCCPU *cpu;

    fixture_up(&f, true, NULL);
    cpu = fake_cpu(f.m);
    put_args(f.m, spapr_rtas_token("get-time-of-day"), 0, 8, NULL);
    cpu->gpr[3] = H_RTAS;
    cpu->gpr[4] = ARGS_ADDR;
    spapr_hypercall(cpu);
    g_assert_cmpint((int64_t)cpu->gpr[3], ==, H_SUCCESS);
    g_assert_cmpint((int32_t)get_ret(f.m, 0, 0), ==, RTAS_OUT_SUCCESS);
    g_assert_cmpuint(get_ret(f.m, 0, 1), >=, 2024);
    g_free(cpu);
    fixture_down(&f);
}

static void test_hcall_term(void)
{
    Fixture f;
    PowerPCCPU *cpu;

    fixture_up(&f, false, NULL);    /* with the default vty at 0x71000000 */
    cpu = fake_cpu(f.m);

    cpu->gpr[3] = H_PUT_TERM_CHAR;
    cpu->gpr[4] = 0x71000001;       /* no such terminal */
    cpu->gpr[5] = 1;
    cpu->gpr[6] = 0x4100000000000000ull;
    spapr_hypercall(cpu);
    g_assert_cmpint((int64_t)cpu->gpr[3], ==, H_PARAMETER);

    cpu->gpr[3] = H_PUT_TERM_CHAR;
    cpu->gpr[4] = 0x71000000;
    cpu->gpr[5] = 17;               /* more than two registers hold */
    spapr_hypercall(cpu);
    g_assert_cmpint((int64_t)cpu->gpr[3], ==, H_PARAMETER);

    cpu->gpr[3] = H_PUT_TERM_CHAR;
    cpu->gpr[4] = 0x71000000;
    cpu->gpr[5] = 16;
    spapr_hypercall(cpu);
    g_assert_cmpint((int64_t)cpu->gpr[3], ==, H_SUCCESS);

    cpu->gpr[3] = H_GET_TERM_CHAR;
    cpu->gpr[4] = 0x1;
    spapr_hypercall(cpu);
    g_assert_cmpint((int64_t)cpu->gpr[3], ==, H_PARAMETER);

    /* No input pending: zero bytes. */
    cpu->gpr[3] = H_GET_TERM_CHAR;
    cpu->gpr[4] = 0x71000000;
    cpu->gpr[5] = cpu->gpr[6] = 0x5555;
    spapr_hypercall(cpu);
    g_assert_cmpint((int64_t)cpu->gpr[3], ==, H_SUCCESS);
    g_assert_cmpuint(cpu->gpr[4], ==, 0);
    g_assert_cmphex(cpu->gpr[5], ==, 0);
    g_free(cpu);
    fixture_down(&f);

    /* -nodefaults: there is no terminal at all. */
    fixture_up(&f, true, NULL);
    cpu = fake_cpu(f.m);
    cpu->gpr[3] = H_PUT_TERM_CHAR;
    cpu->gpr[4] = 0x71000000;
    cpu->gpr[5] = 1;
    spapr_hypercall(cpu);
    g_assert_cmpint((int64_t)cpu->gpr[3], ==, H_PARAMETER);
    g_free(cpu);
    fixture_down(&f);
}

static void tap_append(void *opaque, const uint8_t *buf, size_t len)
{
    g_string_append_len(opaque, (const char *)buf, (gssize)len);
}

/* Terminal number 0 is the first vty, as in QEMU and PowerVM (Linux's early udbg uses it). */
static void test_hcall_term_zero(void)
{
    g_autoptr(GString) seen = g_string_new(NULL);
    TestCfg t;
    SpaprMachine *m;
    PowerPCCPU *cpu;
    Error *err = NULL;

    test_cfg_init(&t, 1, 64ull << 20);
    t.cfg.serial = chardev_new("null", &err);
    g_assert_null(err);
    chardev_set_tap(t.cfg.serial, tap_append, seen);
    m = spapr_machine_create(&t.cfg, &err);
    g_assert_null(err);
    cpu = fake_cpu(m);

    cpu->gpr[3] = H_PUT_TERM_CHAR;
    cpu->gpr[4] = 0;
    cpu->gpr[5] = 3;
    cpu->gpr[6] = 0x4869210000000000ull;    /* "Hi!" */
    spapr_hypercall(cpu);
    g_assert_cmpint((int64_t)cpu->gpr[3], ==, H_SUCCESS);
    cpu->gpr[3] = H_PUT_TERM_CHAR;
    cpu->gpr[4] = 0x71000000;               /* the same vty by its address */
    cpu->gpr[5] = 1;
    cpu->gpr[6] = 0x0a00000000000000ull;
    spapr_hypercall(cpu);
    g_assert_cmpint((int64_t)cpu->gpr[3], ==, H_SUCCESS);
    g_assert_cmpstr(seen->str, ==, "Hi!\n");

    cpu->gpr[3] = H_GET_TERM_CHAR;
    cpu->gpr[4] = 0;
    cpu->gpr[5] = 0x5555;
    spapr_hypercall(cpu);
    g_assert_cmpint((int64_t)cpu->gpr[3], ==, H_SUCCESS);
    g_assert_cmpuint(cpu->gpr[4], ==, 0);
    g_assert_cmphex(cpu->gpr[5], ==, 0);
    chardev_set_tap(t.cfg.serial, NULL, NULL);
    g_free(cpu);
    spapr_machine_free(m);
    test_cfg_cleanup(&t);

    /* Without any vty (-nodefaults), 0 is no terminal either. */
    test_cfg_init(&t, 1, 64ull << 20);
    t.cfg.nodefaults = true;
    m = spapr_machine_create(&t.cfg, &err);
    g_assert_null(err);
    cpu = fake_cpu(m);
    cpu->gpr[3] = H_PUT_TERM_CHAR;
    cpu->gpr[4] = 0;
    cpu->gpr[5] = 1;
    spapr_hypercall(cpu);
    g_assert_cmpint((int64_t)cpu->gpr[3], ==, H_PARAMETER);
    g_free(cpu);
    spapr_machine_free(m);
    test_cfg_cleanup(&t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/spapr/rtas/get-time-of-day", test_get_time_of_day);
    g_test_add_func("/spapr/hcall/term-zero", test_hcall_term_zero);
    g_test_add_func("/spapr/rtas/rtc-base-and-set", test_rtc_base_and_set);
    g_test_add_func("/spapr/rtas/bad-nargs-nret", test_bad_nargs_nret);
    g_test_add_func("/spapr/rtas/shape-checked-before-handler", test_shape_checked_before_handler);
    g_test_add_func("/spapr/rtas/every-service-checks-shape", test_every_service_checks_shape);
    g_test_add_func("/spapr/rtas/unknown-token", test_unknown_token);
    g_test_add_func("/spapr/rtas/power-reboot-osterm-eventscan", test_power_reboot_osterm_eventscan);
    g_test_add_func("/spapr/hcall/unknown", test_hcall_unknown);
    g_test_add_func("/spapr/hcall/registrations", test_hcall_registrations);
    g_test_add_func("/spapr/hcall/rtas", test_hcall_rtas);
    g_test_add_func("/spapr/hcall/term", test_hcall_term);
    return g_test_run();
}
