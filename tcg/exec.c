/*
 * The dispatch loop: find the block for the current PC (lookup cache, then
 * the physical hash, then translate), run its pre-decoded ops, repeat until
 * the time slice is used up or something needs the main loop. Guest
 * exceptions raised inside an op unwind here with siglongjmp.
 */
#include <glib.h>

#include "core/bql.h"
#include "core/log.h"
#include "core/timer.h"
#include "tcg/tb.h"

static bool cpu_at_breakpoint(CPUState *cs, uint64_t pc)
{
    for (guint i = 0; i < cs->breakpoints->len; i++) {
        if (g_array_index(cs->breakpoints, uint64_t, i) == pc) {
            return true;
        }
    }
    return false;
}

/*
 * An entry another thread killed holds PC 1 (tb.c); one whose block was
 * invalidated since it was filled fails the invalid test. The physical
 * lookup and a translation happen under tb_lock, which also makes two vCPUs
 * missing on the same block share one translation. A translation that
 * flushed every block first (one thread, a full arena or code cache) took
 * the block of the exit to chain with them.
 */
static TranslationBlock *tb_find(CPUState *cs, uint64_t pc, uint32_t flags,
                                 volatile uintptr_t *last_exit)
{
    TBJmpEntry *e = &((TBJmpCache *)cs->tb_jmp_cache)->entry[tb_jmp_cache_index(pc)];
    TranslationBlock *tb = e->tb;

    if (__builtin_expect(tb && __atomic_load_n(&e->pc, __ATOMIC_RELAXED) == pc &&
                         e->flags == flags && !__atomic_load_n(&tb->invalid, __ATOMIC_ACQUIRE), 1)) {
        tcg_stat_add(jmp_cache_hits, 1);
        if (__builtin_expect(!e->code, 0)) {
            tb_count_run(cs, tb, e);
        }
        return tb;
    }
    tcg_stat_add(jmp_cache_misses, 1);
    uint64_t phys = tcg_target->code_phys(cs, pc);
    tb_lock();
    tb = tb_lookup_phys(pc, phys, flags);
    if (!tb) {
        bool flushed;
        tb = tb_translate(cs, pc, phys, flags, &flushed);
        if (flushed) {
            *last_exit = 0;
        }
    }
    tb_unlock();
    tb_jmp_cache_fill(e, tb);
    if (!e->code) {
        tb_count_run(cs, tb, e);
    }
    return tb;
}

/* Run a block's ops; a handler that returns non-zero has set the PC itself. */
static inline void tb_run(CPUState *cs, const TranslationBlock *tb)
{
    const TBOp *op = tb->ops;
    uint64_t ia = tb->pc;

    for (uint32_t n = tb->n_ops; n; n--, op++) {
        cs->pc = ia;
        if (op->fn(cs, op->insn)) {
            return;
        }
        ia += 4;
    }
    cs->pc = ia;
}

/*
 * With breakpoints or single-stepping, run one instruction at a time and stop
 * before a breakpoint address or after one step.
 */
static bool tb_run_debug(CPUState *cs, const TranslationBlock *tb, uint64_t *executed)
{
    uint64_t ia = tb->pc;

    for (uint32_t i = 0; i < tb->n_ops; i++, ia += 4) {
        if (cpu_at_breakpoint(cs, ia) && !cs->singlestep) {
            cs->pc = ia;
            return true;
        }
        cs->pc = ia;
        (*executed)++;
        int taken = tb->ops[i].fn(cs, tb->ops[i].insn);
        if (!taken) {
            cs->pc = ia + 4;
        }
        if (cs->singlestep || taken) {
            return cs->singlestep || cpu_at_breakpoint(cs, cs->pc);
        }
    }
    return cpu_at_breakpoint(cs, cs->pc);
}

/* A breakpoint inside tb: it must run one instruction at a time. */
static bool tb_has_breakpoint(CPUState *cs, const TranslationBlock *tb)
{
    for (guint i = 0; i < cs->breakpoints->len; i++) {
        uint64_t bp = g_array_index(cs->breakpoints, uint64_t, i);
        if (bp >= tb->pc && bp < tb->pc + 4ull * tb->n_ops) {
            return true;
        }
    }
    return false;
}

/*
 * CPUState.tb_left counts down the slice: the interpreter charges a block
 * before running it, native code charges each block at its entry (chained
 * blocks never come back here). When every block must come back to the loop
 * (icount charges the virtual clock per block, breakpoints and per-block logs
 * need a look at each PC) native code runs with tb_left = the block's size,
 * so a chained successor stops at its entry check.
 */
CPUExitReason tcg_exec(CPUState *cs, uint64_t budget)
{
    /* volatile: these live across siglongjmp from a faulting instruction */
    volatile CPUExitReason reason = CPU_EXIT_BUDGET;
    volatile int64_t saved_left = -1;       /* the slice while one native block runs alone */
    volatile uintptr_t last_exit = 0;       /* a chainable exit the last native run took */
    const bool icount = clock_icount_enabled();
    const int bql_entry_depth = bql_depth();
    const int64_t slice = budget > INT64_MAX ? INT64_MAX : (int64_t)budget;

    /* Blocks retired before this epoch are out of this vCPU's reach from now on. */
    __atomic_store_n(&cs->in_exec, 1, __ATOMIC_SEQ_CST);
    __atomic_store_n(&cs->tb_epoch, tb_current_epoch(), __ATOMIC_SEQ_CST);
    tb_free_retired();
    /* The debugger has read the last watchpoint hit by now (the VM stopped in between). */
    cs->watch_hit_flags = 0;
    cs->tb_left = slice;
    if (sigsetjmp(cs->jmp_env, 0)) {
        /*
         * A guest exception was delivered mid-block (the PC is at its
         * vector), or a watchpoint stopped an access (the PC is at the
         * accessing instruction).
         */
        cs->current_tb = NULL;
        last_exit = 0;
        tb_lock_reset();    /* the exception came from a translation (a fetch fault) */
        bql_unlock_to(bql_entry_depth);     /* ... or from a section under the big lock */
        if (saved_left >= 0) {
            cs->tb_left = saved_left;
            saved_left = -1;
        }
        if (cs->watch_hit_flags) {
            reason = CPU_EXIT_DEBUG;
            goto out;
        }
    }

    for (;;) {
        if (__atomic_load_n(&cs->exit_request, __ATOMIC_SEQ_CST)) {
            __atomic_store_n(&cs->exit_request, 0, __ATOMIC_SEQ_CST);
            reason = CPU_EXIT_REQUEST;
            break;
        }
        /*
         * A debugger's single step executes the next instruction, not the
         * first one of an interrupt handler that became pending meanwhile
         * (as gdb users expect); the interrupt is taken once it resumes.
         */
        if (__atomic_load_n(&cs->interrupt_request, __ATOMIC_RELAXED) && !cs->singlestep) {
            tcg_target->exec_interrupt(cs);
        }
        if (cpu_halted(cs)) {
            if (!tcg_target->has_work(cs)) {
                reason = CPU_EXIT_HALTED;
                break;
            }
            cpu_set_halted(cs, false);
            continue;
        }
        if (cs->tb_left <= 0) {
            reason = CPU_EXIT_BUDGET;
            break;
        }

        /* After the interrupt check, which may clear the request another thread's flush made. */
        tb_jmp_cache_check_flush(cs);
        uint64_t pc = cs->pc;
        TranslationBlock *tb = tb_find(cs, pc, tcg_target->tb_flags(cs), &last_exit);

        if (last_exit) {
            jit_chain(last_exit, tb);
            last_exit = 0;
        }
        const bool logging = log_enabled(LOG_EXEC) || log_enabled(LOG_CPU);
        if (log_enabled(LOG_EXEC)) {
            log_printf("Trace %d: [%016" PRIx64 "] %u insns\n", cs->index, pc, tb->n_ops);
        }
        if (log_enabled(LOG_CPU) && tcg_target->log_state) {
            tcg_target->log_state(cs);
        }
        cs->current_tb = tb;
        const bool debug = cs->singlestep || (cs->breakpoints && cs->breakpoints->len);
        if (__builtin_expect(debug, 0) && (cs->singlestep || !tb->code || tb_has_breakpoint(cs, tb))) {
            uint64_t n = 0;
            bool stop = tb_run_debug(cs, tb, &n);
            cs->tb_left -= (int64_t)n;
            if (icount) {
                clock_icount_add(n);
            }
            cs->current_tb = NULL;
            if (stop) {
                reason = CPU_EXIT_DEBUG;
                break;
            }
            continue;
        }
        /* Charged up front: an exception mid-block over-counts, but deterministically. */
        if (icount) {
            clock_icount_add(tb->n_ops);
        }
        /* Acquire: the block's code is all there (tb_count_run, on another thread). */
        if (__atomic_load_n(&tb->code, __ATOMIC_ACQUIRE)) {
            if (icount || debug || logging) {
                saved_left = cs->tb_left - tb->n_ops;
                cs->tb_left = tb->n_ops;
                last_exit = jit_run(cs, tb->code_body);
                cs->tb_left = saved_left;
                saved_left = -1;
            } else {
                last_exit = jit_run(cs, tb->code_body);
            }
            cs->current_tb = NULL;
            if (debug && cpu_at_breakpoint(cs, cs->pc)) {
                reason = CPU_EXIT_DEBUG;
                break;
            }
            continue;
        }
        cs->tb_left -= tb->n_ops;
        tb_run(cs, tb);
        cs->current_tb = NULL;
    }
out:
    cs->insns_executed += (uint64_t)(slice - cs->tb_left);
    __atomic_store_n(&cs->in_exec, 0, __ATOMIC_SEQ_CST);
    return reason;
}

void tcg_exit_block(CPUState *cs)
{
    siglongjmp(cs->jmp_env, 1);
}
