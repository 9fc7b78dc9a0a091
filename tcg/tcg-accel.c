/*
 * tcg as core/ sees it (core/accel.h): the -accel tcg options, running a
 * vCPU for a time slice (tcg_exec), kicking it out of its block chain, and
 * the monitor's `info jit` with the engine's counters (tcg_stats) since start.
 */
#include <inttypes.h>
#include <string.h>

#include "core/cpu-threads.h"
#include "core/monitor.h"
#include "core/timer.h"
#include "tcg/tcg.h"

/* ---- -accel tcg,KEY=VALUE (QEMU's tcg-accel properties, plus jit) ---- */

static int jit_requested = -1;      /* jit=on: 1, jit=off: 0, not given: -1 */
static int multi_requested = -1;    /* thread=multi: 1, thread=single: 0, not given: -1 */
static unsigned jit_threshold = TCG_JIT_THRESHOLD_DEFAULT;     /* jit-threshold=N */

#define TB_SIZE_MAX_MIB 1024        /* the backend's rel32 branches stay inside 2 GiB */

static bool parse_bool(const char *value, bool *out)
{
    static const char *const on[] = { "on", "yes", "true" };
    static const char *const off[] = { "off", "no", "false" };

    for (size_t i = 0; i < G_N_ELEMENTS(on); i++) {
        if (!strcmp(value, on[i]) || !strcmp(value, off[i])) {
            *out = !strcmp(value, on[i]);
            return true;
        }
    }
    return false;
}

/* jit=on|off: native code or the interpreter (ppc64-lite's own). */
static bool opt_jit(const char *value, Error **errp)
{
    bool on;

    if (!parse_bool(value, &on)) {
        error_setg(errp, "jit must be on or off, not '%s'", value);
        return false;
    }
    jit_requested = on;
    return true;
}

/*
 * thread=single|multi: multi runs one host thread per vCPU (QEMU's MTTCG,
 * core/cpu-threads.c); single runs every vCPU in turn on the main loop's
 * thread, deterministically, which -icount needs (as in QEMU, icount implies
 * single, and asking for both is an error).
 */
static bool opt_thread(const char *value, Error **errp)
{
    if (!strcmp(value, "single") || !strcmp(value, "multi")) {
        multi_requested = !strcmp(value, "multi");
        return true;
    }
    error_setg(errp, "thread must be single or multi, not '%s'", value);
    return false;
}

/* tb-size=N: all translation memory (native code, block descriptors) in MiB, 0 = the default 1024. */
static bool opt_tb_size(const char *value, Error **errp)
{
    char *end;
    guint64 mib;

    mib = g_ascii_strtoull(value, &end, 10);
    if (!g_ascii_isdigit(*value) || *end || mib > TB_SIZE_MAX_MIB) {
        error_setg(errp, "tb-size must be a number of MiB from 0 to %d, not '%s'",
                   TB_SIZE_MAX_MIB, value);
        return false;
    }
    tcg_set_tb_size((size_t)mib << 20);
    return true;
}

/* jit-threshold=N: a block runs N times on the interpreter before it gets native code. */
static bool opt_jit_threshold(const char *value, Error **errp)
{
    char *end;
    guint64 n = g_ascii_strtoull(value, &end, 10);

    if (!g_ascii_isdigit(*value) || *end || n > TCG_JIT_THRESHOLD_MAX) {
        error_setg(errp, "jit-threshold must be a number of runs from 0 to %d, not '%s'",
                   TCG_JIT_THRESHOLD_MAX, value);
        return false;
    }
    jit_threshold = (unsigned)n;
    return true;
}

static const struct {
    const char *key;
    bool (*set)(const char *value, Error **errp);
} tcg_options[] = {
    { "jit", opt_jit },
    { "thread", opt_thread },
    { "tb-size", opt_tb_size },
    { "jit-threshold", opt_jit_threshold },
};

static bool tcg_accel_set_option(const char *key, const char *value, Error **errp)
{
    for (size_t i = 0; i < G_N_ELEMENTS(tcg_options); i++) {
        if (!strcmp(key, tcg_options[i].key)) {
            return tcg_options[i].set(value, errp);
        }
    }
    error_setg(errp, "invalid parameter '%s' (valid: jit, thread, tb-size, jit-threshold)", key);
    return false;
}

/* The build's default (CMakeLists.txt, PPC64LITE_TCG_THREAD). */
#ifndef TCG_THREAD_MULTI_DEFAULT
#define TCG_THREAD_MULTI_DEFAULT 1
#endif

static bool tcg_accel_init(Error **errp)
{
    if (multi_requested == 1 && clock_icount_enabled()) {
        /* QEMU 7.2's words: instruction counting is deterministic only on one thread. */
        error_setg(errp, "No MTTCG when icount is enabled");
        return false;
    }
    if (multi_requested == 1 ||
        (multi_requested < 0 && TCG_THREAD_MULTI_DEFAULT && !clock_icount_enabled())) {
        cpu_threads_enable();
    }
    /* jit=on where no backend exists runs the interpreter, as the default does there. */
    if (jit_requested >= 0) {
        tcg_set_jit(jit_requested == 1 && tcg_jit_available());
    }
    tcg_set_jit_threshold(jit_threshold);
    return true;
}

/* exit_request is checked by the dispatch loop and at every native block's entry. */
static void tcg_accel_kick(CPUState *cs)
{
    cpu_exit(cs);
}

/* ---- info jit ---- */

static void info_jit(Monitor *mon, int argc, char **argv)
{
    TCGStats total;
    const TCGStats *s = &total;

    tcg_stats_total(&total);

    (void)argc, (void)argv;
    monitor_printf(mon, "native code          %s\n", tcg_jit_enabled() ? "on" : "off");
    monitor_printf(mon, "jit threshold        %u interpreted runs of a block before its native code\n",
                   tcg_jit_threshold());
    monitor_printf(mon, "blocks translated    %" PRIu64 "\n", s->blocks_translated);
    monitor_printf(mon, "blocks invalidated   %" PRIu64 "\n", s->blocks_invalidated);
    monitor_printf(mon, "full flushes         %" PRIu64 "\n", s->flushes);
    monitor_printf(mon, "loop lookups         %" PRIu64 " hit, %" PRIu64 " missed the lookup cache\n",
                   s->jmp_cache_hits, s->jmp_cache_misses);
    monitor_printf(mon, "lookup-cache flushes %" PRIu64 " whole, %" PRIu64 " of one segment\n",
                   s->jmp_cache_flushes, s->jmp_cache_range_flushes);
    monitor_printf(mon, "native blocks        %" PRIu64 " (%" PRIu64 " bytes)\n", s->jit_blocks,
                   s->jit_code_bytes);
    monitor_printf(mon, "chained exits        %" PRIu64 "\n", s->jit_chains);
    /* The arena's address names its mapping for /proc/PID/smaps (tests/linux/guest.py). */
    TCGArenaInfo a;
    tcg_arena_info(&a);
    monitor_printf(mon, "translation memory   tb-size %zu kB: code cache and a block arena of %zu kB\n",
                   a.tb_size >> 10, a.size >> 10);
    monitor_printf(mon, "block arena          at 0x%" PRIxPTR ": hash %zu kB, descriptors %zu of %zu kB,"
                   " %zu on the heap\n", a.start, a.hash_bytes >> 10, a.desc_used >> 10,
                   a.desc_size >> 10, a.heap_blocks);
    monitor_printf(mon, "C lookups            %" PRIu64 " (dynamic exits the inline lookup missed or\n"
                   "                     could not take), %" PRIu64 " back to the loop\n",
                   s->jit_lookups, s->jit_lookup_misses);
}

static const MonitorInfoCommand tcg_info_commands[] = {
    { "jit", "execution engine counters (blocks, lookups, chaining)", info_jit },
    { NULL },
};

/* Listed in CMakeLists.txt's PPC64LITE_ACCELS: core/registry.c finds it there. */
const AccelOps tcg_accel_ops = {
    .name = "tcg",
    .set_option = tcg_accel_set_option,
    .init = tcg_accel_init,
    .exec = tcg_exec,
    .kick = tcg_accel_kick,
    .options_help =
        "  thread=single|multi  multi: one host thread per vCPU; single: every vCPU in turn on\n"
        "                       one thread, deterministic (-icount needs it). Default: "
#if TCG_THREAD_MULTI_DEFAULT
        "multi\n"
        "                       (single with -icount)\n"
#else
        "single\n"
#endif
        "  tb-size=MiB          translation memory (native code and blocks), 0 to 1024\n"
        "                       (0: the default, 1024)\n"
        "  jit=on|off           native code (on, where a backend exists) or the interpreter\n"
        "  jit-threshold=N      a block runs N times on the interpreter before it gets\n"
        "                       native code, 0 to 1000 (default 8; 0: at once)\n",
    .info_commands = tcg_info_commands,
};
