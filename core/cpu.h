/*
 * The target-independent view of a virtual CPU: what the main loop, the
 * monitor and the gdb stub need, through a table of target operations. The
 * POWER CPU (ppc/cpu.h) embeds CPUState as its first member.
 */
#ifndef CORE_CPU_H
#define CORE_CPU_H

#include <glib.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/memory.h"

typedef struct CPUState CPUState;
struct TranslationBlock;

typedef struct CPUOps {
    void (*reset)(CPUState *cpu);
    /* `info registers`: the whole architected state, readable. */
    void (*dump_state)(CPUState *cpu, GString *out);
    uint64_t (*get_pc)(CPUState *cpu);
    void (*set_pc)(CPUState *cpu, uint64_t pc);
    /* Debugger access through the current translation; false if unmapped. */
    bool (*memory_rw_debug)(CPUState *cpu, uint64_t vaddr, void *buf, uint64_t len,
                            bool is_write);
    bool (*virt_to_phys)(CPUState *cpu, uint64_t vaddr, uint64_t *paddr);
    bool (*is_big_endian)(CPUState *cpu);
    /* Disassemble count instructions at vaddr into out; returns bytes consumed. */
    uint64_t (*disas)(CPUState *cpu, uint64_t vaddr, int count, GString *out);
    /* The same at a guest physical address (monitor xp/i); NULL if not supported. */
    uint64_t (*disas_phys)(CPUState *cpu, uint64_t paddr, int count, GString *out);
    /* gdb: register count, XML target description, raw register access. */
    int gdb_num_regs;
    const char *(*gdb_target_xml)(const char *annex);
    int (*gdb_read_register)(CPUState *cpu, GByteArray *buf, int reg);
    int (*gdb_write_register)(CPUState *cpu, const uint8_t *buf, int reg);
    /*
     * Drop cached translations (the software TLB): the debugger calls it when
     * watchpoints change, so that watched pages stop taking the fast path.
     */
    void (*tlb_flush)(CPUState *cpu);
} CPUOps;

/* A CPU model a machine offers to -cpu (MachineClass.cpu_models). */
typedef struct CPUModel {
    const char *name;           /* matched without regard to case, as QEMU's ppc models are */
    const char *desc;           /* for -cpu help */
    const char *alias_of;       /* NULL, or the model this name stands for */
} CPUModel;

/* Why the engine returned to the main loop. */
typedef enum {
    CPU_EXIT_BUDGET,    /* used its time slice */
    CPU_EXIT_REQUEST,   /* exit_request was set (timer, I/O, monitor) */
    CPU_EXIT_HALTED,    /* waiting for an interrupt (H_CEDE) or stopped (stop-self) */
    CPU_EXIT_DEBUG,     /* breakpoint, watchpoint or single step hit */
} CPUExitReason;

#define CPU_MAX_BREAKPOINTS 64

struct CPUState {
    const CPUOps *ops;
    int index;              /* 0..smp-1 */
    AddressSpace *as;       /* the system address space */
    /* Address of the current instruction while a block runs; the next one between blocks. */
    uint64_t pc;
    /*
     * Set by the target when an interrupt may need delivering: the engine then
     * asks it. exit_request follows it in the same aligned 8 bytes: native
     * code checks both with one load. Both are set by other threads (a
     * kick, a raised line, a flush) while the vCPU's thread runs: every C
     * access is atomic (the setters' stores are sequentially consistent so
     * that what they published before is seen once the flag is; the
     * engine's polls are relaxed loads, plain moves on x86-64).
     */
    uint32_t interrupt_request __attribute__((aligned(8)));
    int exit_request;
    /*
     * Idle until an interrupt arrives. Another thread ends a halt (H_PROD,
     * start-cpu; under the big lock) while the vCPU's own thread reads and
     * writes it without: accessed through cpu_halted/cpu_set_halted.
     */
    bool halted;
    bool stopped;           /* paused by the monitor / gdb */
    bool singlestep;        /* run one instruction, then CPU_EXIT_DEBUG */
    /* Software breakpoints / watchpoints set by the gdb stub. */
    GArray *breakpoints;    /* of uint64_t addresses */
    GArray *watchpoints;    /* of CPUWatchpoint */
    uint64_t watch_hit_addr;
    int watch_hit_flags;    /* CPU_WATCH_* of the watchpoint that stopped it, 0 if none */
    /* The engine's state. */
    sigjmp_buf jmp_env;
    struct TranslationBlock *current_tb;
    void *tb_jmp_cache;     /* per-vCPU block lookup cache, owned by tcg/ */
    int jmp_flush_pending;  /* another thread asked for tb_jmp_cache to be emptied */
    int in_exec;            /* inside the engine, since epoch tb_epoch (tcg/tb.c) */
    uint64_t tb_epoch;
    uint64_t insns_executed;
    /* Instructions left in the current tcg_exec slice; native blocks charge it themselves. */
    int64_t tb_left;
};

typedef struct CPUWatchpoint {
    uint64_t addr, len;
    int flags;              /* CPU_WATCH_READ | CPU_WATCH_WRITE */
} CPUWatchpoint;
#define CPU_WATCH_READ  1
#define CPU_WATCH_WRITE 2

/*
 * Debug points (core/cpu-debug.c), used by the gdb stub. Insert returns false
 * if the table is full or the arguments are bad; remove returns false if no
 * such point exists.
 */
bool cpu_breakpoint_insert(CPUState *cpu, uint64_t addr);
bool cpu_breakpoint_remove(CPUState *cpu, uint64_t addr);
bool cpu_watchpoint_insert(CPUState *cpu, uint64_t addr, uint64_t len, int flags);
bool cpu_watchpoint_remove(CPUState *cpu, uint64_t addr, uint64_t len, int flags);
void cpu_debug_points_clear(CPUState *cpu);
/*
 * Called by the target's memory slow path for a data access of len bytes at
 * the effective address addr, before the access is made. If a watchpoint
 * matches it records watch_hit_addr/watch_hit_flags and returns true: the
 * target must then leave the block without doing the access (the engine
 * reports CPU_EXIT_DEBUG with the PC still at the accessing instruction, as
 * gdb expects of POWER's before-access watchpoints).
 */
bool cpu_check_watchpoint(CPUState *cpu, uint64_t addr, uint64_t len, bool is_write);

/* Appends and sets cpu->index to its position. */
void cpu_list_add(CPUState *cpu);
int cpu_count(void);
CPUState *cpu_by_index(int index);
/*
 * halted, atomically: relaxed is enough, since whoever ends another vCPU's
 * halt kicks it afterwards (cpu_kick: a sequentially consistent store of
 * exit_request, and its thread's wake-up under the big lock), which orders
 * everything written before.
 */
static inline bool cpu_halted(const CPUState *cpu)
{
    return __atomic_load_n(&cpu->halted, __ATOMIC_RELAXED);
}

static inline void cpu_set_halted(CPUState *cpu, bool halted)
{
    __atomic_store_n(&cpu->halted, halted, __ATOMIC_RELAXED);
}

/* Ask the CPU to leave the engine at the next block boundary. */
static inline void cpu_exit(CPUState *cpu)
{
    __atomic_store_n(&cpu->exit_request, 1, __ATOMIC_SEQ_CST);    /* from any thread */
}
void cpu_exit_all(void);
/*
 * Wake a halted CPU (an interrupt for it became pending): the engine's kick
 * (core/accel.h; tcg sets exit_request), or cpu_exit without an engine; then
 * cpu_kick_notify, which the main loop points at main_loop_notify
 * (NULL until then, so the library links without a main loop).
 */
void cpu_kick(CPUState *cpu);
extern void (*cpu_kick_notify)(void);

#endif
