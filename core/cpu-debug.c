/*
 * Breakpoints and watchpoints of one vCPU, as the gdb stub sets them (the
 * Z0-Z4 packets of the gdb remote protocol). The engine stops before a
 * breakpoint address (tcg/exec.c); the target's memory slow path asks
 * cpu_check_watchpoint() before each data access while any watchpoint exists.
 */
#include "core/cpu.h"

bool cpu_breakpoint_insert(CPUState *cpu, uint64_t addr)
{
    if (!cpu->breakpoints || cpu->breakpoints->len >= CPU_MAX_BREAKPOINTS) {
        return false;
    }
    /* gdb may insert the same address twice (two breakpoints on one line): keep one. */
    for (guint i = 0; i < cpu->breakpoints->len; i++) {
        if (g_array_index(cpu->breakpoints, uint64_t, i) == addr) {
            return true;
        }
    }
    g_array_append_val(cpu->breakpoints, addr);
    return true;
}

bool cpu_breakpoint_remove(CPUState *cpu, uint64_t addr)
{
    if (!cpu->breakpoints) {
        return false;
    }
    for (guint i = 0; i < cpu->breakpoints->len; i++) {
        if (g_array_index(cpu->breakpoints, uint64_t, i) == addr) {
            g_array_remove_index_fast(cpu->breakpoints, i);
            return true;
        }
    }
    return false;
}

static void watchpoints_changed(CPUState *cpu)
{
    if (cpu->ops && cpu->ops->tlb_flush) {
        cpu->ops->tlb_flush(cpu);
    }
}

bool cpu_watchpoint_insert(CPUState *cpu, uint64_t addr, uint64_t len, int flags)
{
    CPUWatchpoint wp = { .addr = addr, .len = len, .flags = flags };

    if (!cpu->watchpoints || cpu->watchpoints->len >= CPU_MAX_BREAKPOINTS || len == 0 ||
        addr + len - 1 < addr || !(flags & (CPU_WATCH_READ | CPU_WATCH_WRITE)) ||
        (flags & ~(CPU_WATCH_READ | CPU_WATCH_WRITE))) {
        return false;
    }
    g_array_append_val(cpu->watchpoints, wp);
    watchpoints_changed(cpu);
    return true;
}

bool cpu_watchpoint_remove(CPUState *cpu, uint64_t addr, uint64_t len, int flags)
{
    if (!cpu->watchpoints) {
        return false;
    }
    for (guint i = 0; i < cpu->watchpoints->len; i++) {
        CPUWatchpoint *wp = &g_array_index(cpu->watchpoints, CPUWatchpoint, i);
        if (wp->addr == addr && wp->len == len && wp->flags == flags) {
            g_array_remove_index(cpu->watchpoints, i);
            watchpoints_changed(cpu);
            return true;
        }
    }
    return false;
}

void cpu_debug_points_clear(CPUState *cpu)
{
    if (cpu->breakpoints) {
        g_array_set_size(cpu->breakpoints, 0);
    }
    if (cpu->watchpoints && cpu->watchpoints->len) {
        g_array_set_size(cpu->watchpoints, 0);
        watchpoints_changed(cpu);
    }
    cpu->watch_hit_flags = 0;
}

bool cpu_check_watchpoint(CPUState *cpu, uint64_t addr, uint64_t len, bool is_write)
{
    int kind = is_write ? CPU_WATCH_WRITE : CPU_WATCH_READ;

    if (!cpu->watchpoints || len == 0) {
        return false;
    }
    for (guint i = 0; i < cpu->watchpoints->len; i++) {
        const CPUWatchpoint *wp = &g_array_index(cpu->watchpoints, CPUWatchpoint, i);
        /* Overlap of [addr, addr+len) and [wp->addr, wp->addr+wp->len), without overflow. */
        if ((wp->flags & kind) && addr <= wp->addr + (wp->len - 1) &&
            wp->addr <= addr + (len - 1)) {
            cpu->watch_hit_addr = addr > wp->addr ? addr : wp->addr;
            cpu->watch_hit_flags = wp->flags;
            return true;
        }
    }
    return false;
}
