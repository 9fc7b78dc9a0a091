/*
 * tcg as core/ sees it (core/accel.h): the -accel tcg options, running a
 * vCPU for a time slice (tcg_exec), kicking it out of its block chain, and
 * the monitor's `info jit` with the engine's counters (tcg_stats) since start.
 */
#include <inttypes.h>
#include <string.h>

#include "core/monitor.h"
#include "tcg/tcg.h"

/* ---- -accel tcg,KEY=VALUE ---- */

static int jit_requested = -1;      /* jit=on: 1, jit=off: 0, not given: -1 */

static bool tcg_accel_set_option(const char *key, const char *value, Error **errp)
{
    static const char *const on[] = { "on", "yes", "true" };
    static const char *const off[] = { "off", "no", "false" };

    if (strcmp(key, "jit") != 0) {
        error_setg(errp, "invalid parameter '%s'", key);
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(on); i++) {
        if (!strcmp(value, on[i]) || !strcmp(value, off[i])) {
            jit_requested = !strcmp(value, on[i]);
            return true;
        }
    }
    error_setg(errp, "jit must be on or off, not '%s'", value);
    return false;
}

static bool tcg_accel_init(Error **errp)
{
    /* jit=on where no backend exists runs the interpreter, as the default does there. */
    if (jit_requested >= 0) {
        tcg_set_jit(jit_requested == 1 && tcg_jit_available());
    }
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
    const TCGStats *s = &tcg_stats;

    (void)argc, (void)argv;
    monitor_printf(mon, "native code          %s\n", tcg_jit_enabled() ? "on" : "off");
    monitor_printf(mon, "blocks translated    %" PRIu64 "\n", s->blocks_translated);
    monitor_printf(mon, "blocks invalidated   %" PRIu64 "\n", s->blocks_invalidated);
    monitor_printf(mon, "full flushes         %" PRIu64 "\n", s->flushes);
    monitor_printf(mon, "loop lookups         %" PRIu64 " hit, %" PRIu64 " missed the lookup cache\n",
                   s->jmp_cache_hits, s->jmp_cache_misses);
    monitor_printf(mon, "lookup-cache flushes %" PRIu64 "\n", s->jmp_cache_flushes);
    monitor_printf(mon, "native blocks        %" PRIu64 " (%" PRIu64 " bytes)\n", s->jit_blocks,
                   s->jit_code_bytes);
    monitor_printf(mon, "chained exits        %" PRIu64 "\n", s->jit_chains);
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
    .info_commands = tcg_info_commands,
};
