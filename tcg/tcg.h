/*
 * The execution engine. Guest code is decoded once, by the target, into a
 * translation block: an array of pre-decoded operations (a handler and the
 * instruction word). Blocks are cached by (physical PC, mode flags), found
 * through a per-vCPU lookup cache keyed by effective PC, and invalidated when
 * guest code is overwritten (through the RAM code-page bitmap).
 *
 * The target (ppc/) supplies the decoder and the mode key through TCGTarget;
 * the engine knows nothing of the guest architecture.
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/accel.h"
#include "core/cpu.h"
#include "core/thread-counters.h"

/* Return 0 to go on with the next op; non-zero leaves the block (PC already set). */
typedef int (*TBOpFn)(CPUState *cs, uint32_t insn);

typedef struct TBOp {
    TBOpFn fn;
    uint32_t insn;
} TBOp;

#define TB_MAX_OPS 128

typedef struct TranslationBlock {
    uint64_t pc;            /* effective address of the first instruction */
    uint64_t phys_pc;       /* its physical address */
    uint32_t flags;         /* target mode bits that change decoding/translation */
    uint32_t n_ops;
    bool invalid;
    /* The last op cannot change the mode: its fall-through exit may be chained. */
    bool chain_fallthrough;
    uint16_t runs;          /* runs on the interpreter so far, while it has no native code */
    struct TranslationBlock *hash_next;
    struct TranslationBlock *page_next;
    /* Native code (tcg/jit-x86-64.c); NULL when the JIT is off. */
    const uint8_t *code;                    /* entry that checks budget and exit requests */
    const uint8_t *code_body;               /* entry past those checks (from the loop) */
    uint8_t *jmp_rel[2];                    /* rel32 of each chainable exit, or NULL */
    uint8_t *loop_rel;                      /* rel32 of the jump back to a loop head inside, or NULL */
    uint64_t jmp_pc[2];                     /* the guest PC that exit goes to */
    struct TranslationBlock *jmp_dest[2];   /* the block it is chained to, or NULL */
    uintptr_t jmp_in;                       /* chained jumps into this block: (tb | slot) list */
    uintptr_t jmp_in_next[2];               /* the next entry after our slot in jmp_dest's list */
    TBOp ops[];             /* n_ops of them (TB_MAX_OPS at most) */
} TranslationBlock;

typedef struct JitEmitter JitEmitter;
/* What the target did with one instruction in jit_insn. */
typedef enum {
    JIT_INSN_CALL,      /* nothing: the engine emits a call of its handler */
    JIT_INSN_INLINE,    /* inline code that goes on with the next instruction */
    JIT_INSN_END,       /* inline code that ended the block (emitted every exit) */
} JitInsnResult;

typedef struct TCGTarget {
    /* Mode flags for a lookup at the current state. */
    uint32_t (*tb_flags)(CPUState *cs);
    /* Physical address of the instruction at pc; raises the ISI itself (does not return) on a fault. */
    uint64_t (*code_phys)(CPUState *cs, uint64_t pc);
    /*
     * Decode into tb (pc, phys_pc, flags set): fill ops and n_ops (>= 1), ending at
     * a branch, a mode change, the end of the page or TB_MAX_OPS.
     */
    void (*translate)(CPUState *cs, TranslationBlock *tb);
    /* Deliver a pending, enabled interrupt; true if the PC changed. */
    bool (*exec_interrupt)(CPUState *cs);
    /* A halted CPU has something to do (an interrupt became pending). */
    bool (*has_work)(CPUState *cs);
    /* A RAM page now holds code: writes to it must stop taking any fast path. */
    void (*code_page_added)(uint64_t phys_page);
    /* -d in_asm: log the guest code of a new block. */
    void (*log_block)(CPUState *cs, const TranslationBlock *tb);
    /* -d cpu: log the state at block entry. */
    void (*log_state)(CPUState *cs);
    /* Native code for op i of tb (optional; tcg/jit.h has the emitter). */
    JitInsnResult (*jit_insn)(JitEmitter *e, const TranslationBlock *tb, uint32_t i);
    /*
     * After the block's last op and its exits (optional): code the block's
     * ops set aside, out of the line the block runs through (slow paths).
     */
    void (*jit_cold)(JitEmitter *e, const TranslationBlock *tb);
} TCGTarget;

void tcg_init(const TCGTarget *target, MemoryRegion *main_ram);
void tcg_cpu_init(CPUState *cs);
/* Run cs for up to budget instructions. */
CPUExitReason tcg_exec(CPUState *cs, uint64_t budget);
/* The effective-PC lookup cache must go when translations change (TLB flush). */
void tcg_flush_jmp_cache(CPUState *cs);
/*
 * Only the lookup-cache entries of blocks in [phys, phys + len) go (a code
 * mapping changed); chained blocks come back to the loop as above.
 */
void tcg_flush_jmp_cache_phys(CPUState *cs, uint64_t phys, uint64_t len);
/*
 * Only the lookup-cache entries of effective PCs in [pc, pc + len) with
 * (flags & mask) == value go (one segment's translation changed); chained
 * blocks come back to the loop as above.
 */
void tcg_flush_jmp_cache_pc_range(CPUState *cs, uint64_t pc, uint64_t len,
                                  uint32_t mask, uint32_t value);
/* Drop every block (e.g. at reset). */
void tcg_flush_all(void);
/* Drop the blocks of the physical pages written in [phys, phys+len). */
void tcg_invalidate_phys_range(uint64_t phys, uint64_t len);
/* Leave the current block now (after an interrupt was delivered mid-block). */
void tcg_exit_block(CPUState *cs) __attribute__((noreturn));

/*
 * Native code: on by default where a backend exists (x86-64 hosts); off runs
 * the pre-decoded ops through the interpreter loop. Set before running.
 */
bool tcg_jit_available(void);
void tcg_set_jit(bool on);
/*
 * Native code for a block once it has run `runs` times on the interpreter
 * (0: at its translation, which is what the engine does unless told). Most
 * blocks of a Linux boot run a few times only (init code): interpreting
 * them spares their translation and their native code's fresh memory, while
 * every loop reaches the threshold within its first turns. -accel tcg
 * uses TCG_JIT_THRESHOLD_DEFAULT unless given jit-threshold=.
 */
#define TCG_JIT_THRESHOLD_DEFAULT 8
#define TCG_JIT_THRESHOLD_MAX 1000
void tcg_set_jit_threshold(unsigned runs);
unsigned tcg_jit_threshold(void);
/* The native code cache's size in bytes (0 = the default), before the first translation. */
void tcg_set_code_cache_size(size_t bytes);
bool tcg_jit_enabled(void);
/*
 * -accel tcg,tb-size: all translation memory in bytes (0 = the default,
 * 1 GiB), before the first translation. With the JIT, 3/4 of it is the code
 * cache (tcg_set_code_cache_size, called at the first translation) and 1/4
 * the arena of the block hash and descriptors; without, the arena is all
 * of it. A full arena or cache flushes every block (tcg/tb.c).
 */
void tcg_set_tb_size(size_t bytes);

/* The arena (one mapping: the hash, then the descriptors), for `info jit` and tests. */
typedef struct TCGArenaInfo {
    size_t tb_size;             /* the bound of all translation memory (code cache and arena) */
    uintptr_t start;            /* the mapping, 0 before the first translation */
    size_t size;
    size_t hash_bytes;          /* the hash's buckets now, at the mapping's start */
    size_t desc_used, desc_size;    /* descriptors since the last flush, and their room */
    size_t heap_blocks;         /* descriptors on the heap: translated while a flush was pending */
    size_t retired_blocks;      /* invalidated, their epoch not passed yet: still readable */
} TCGArenaInfo;
void tcg_arena_info(TCGArenaInfo *info);

/* Statistics for `info jit`. */
typedef struct TCGStats {
    uint64_t blocks_translated;
    uint64_t blocks_invalidated;
    uint64_t flushes;
    uint64_t jmp_cache_hits;
    uint64_t jmp_cache_misses;
    uint64_t jit_blocks;
    uint64_t jit_chains;
    uint64_t jit_code_bytes;
    uint64_t jit_lookups;           /* dynamic exits that looked the next block up in C */
    uint64_t jit_lookup_misses;     /* ... and went back to the dispatch loop */
    uint64_t jmp_cache_flushes;     /* whole lookup-cache flushes (translation changes) */
    uint64_t jmp_cache_range_flushes;   /* ... of one PC range only (a segment) */
} TCGStats;
/*
 * Counted per host thread (core/thread-counters.h): tcg_stat_add(field, n)
 * counts for the calling thread, tcg_stats_total sums every thread's.
 */
THREAD_COUNTERS_DECLARE(tcg, TCGStats)
#define tcg_stat_add(field, n) THREAD_COUNTERS_ADD(tcg, field, n)
/* The engine for core/ (tcg/tcg-accel.c): exec is tcg_exec, `info jit`, -accel tcg,jit=. */
extern const AccelOps tcg_accel_ops;

#endif
