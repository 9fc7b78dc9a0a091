/*
 * The monitor's `info jit`: the engine's counters (tcg_stats) since start.
 */
#include <inttypes.h>

#include "core/monitor.h"
#include "tcg/tcg.h"

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

void tcg_monitor_register(void)
{
    static bool done;

    if (!done) {
        done = true;
        monitor_register_info(tcg_info_commands);
    }
}
