/* The list of vCPUs and the requests other code makes of them (see cpu.h). */
#include "core/cpu.h"

#include "core/accel.h"
#include "core/cpu-threads.h"

static GPtrArray *cpus;     /* of CPUState*, in index order */

void (*cpu_kick_notify)(void);

void cpu_list_add(CPUState *cpu)
{
    if (!cpus) {
        cpus = g_ptr_array_new();
    }
    cpu->index = cpus->len;
    g_ptr_array_add(cpus, cpu);
}

int cpu_count(void)
{
    return cpus ? (int)cpus->len : 0;
}

CPUState *cpu_by_index(int index)
{
    if (!cpus || index < 0 || (guint)index >= cpus->len) {
        return NULL;
    }
    return g_ptr_array_index(cpus, index);
}

void cpu_exit_all(void)
{
    for (int i = 0; i < cpu_count(); i++) {
        cpu_exit(cpu_by_index(i));
    }
}

/*
 * The CPU leaves the engine at its next block boundary and the main loop,
 * which may be sleeping because every vCPU was halted, wakes up to look at
 * it; deciding whether the interrupt ends the halt is the target's job.
 */
void cpu_kick(CPUState *cpu)
{
    if (current_accel && current_accel->kick) {
        current_accel->kick(cpu);
    } else {
        cpu_exit(cpu);
    }
    /* A vCPU thread asleep (halted, or parked) looks again. */
    cpu_threads_wake(cpu);
    if (cpu_kick_notify) {
        cpu_kick_notify();
    }
}
