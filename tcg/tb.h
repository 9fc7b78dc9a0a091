/* Internals of the engine shared by tb.c (the block cache) and exec.c (the loop). */
#ifndef TCG_TB_H
#define TCG_TB_H

#include "tcg/tcg.h"

#define TB_JMP_CACHE_BITS 16
#define TB_JMP_CACHE_SIZE (1u << TB_JMP_CACHE_BITS)

/*
 * An entry holds what a lookup compares and where it goes, so that native
 * code looks blocks up without touching the block (tcg/jit-x86-64.c knows
 * this layout). Empty: tb == NULL and code == NULL.
 */
typedef struct TBJmpEntry {
    uint64_t pc;
    uint32_t flags;
    uint32_t phys_page;         /* tb->phys_pc >> 12, for tcg_flush_jmp_cache_phys */
    const uint8_t *code;        /* tb->code: native entry, or NULL */
    TranslationBlock *tb;
} TBJmpEntry;

typedef struct TBJmpCache {
    TBJmpEntry entry[TB_JMP_CACHE_SIZE];
} TBJmpCache;

/* A PC no instruction has (they are word-aligned): what kills an entry (tb.c). */
#define TB_JMP_PC_NONE 1

/* Fill an entry of this thread's own vCPU (see tb.c on who may write what). */
void tb_jmp_cache_fill(TBJmpEntry *e, TranslationBlock *tb);
/* Empty this vCPU's cache if another thread asked to (before any lookup). */
void tb_jmp_cache_check_flush(CPUState *cs);

static inline unsigned tb_jmp_cache_index(uint64_t pc)
{
    return (unsigned)((pc >> 2) ^ (pc >> (2 + TB_JMP_CACHE_BITS))) & (TB_JMP_CACHE_SIZE - 1);
}

extern const TCGTarget *tcg_target;

/* Translation, invalidation, chaining and the hash (tb.c). */
void tb_lock(void);
void tb_unlock(void);
void tb_lock_reset(void);
/* The epoch a vCPU records as it enters the engine (tb_free_retired). */
uint64_t tb_current_epoch(void);

TranslationBlock *tb_lookup_phys(uint64_t pc, uint64_t phys_pc, uint32_t flags);
/* *flushed: every block went first, so the caller must forget any it holds (an exit to chain). */
TranslationBlock *tb_translate(CPUState *cs, uint64_t pc, uint64_t phys_pc, uint32_t flags,
                               bool *flushed);
void tb_free_retired(void);
/*
 * The loop found tb through e, whose native code is NULL: count a run on the
 * interpreter and give tb native code at the threshold; e takes tb's native
 * code if tb has some now (another vCPU's thread may have made it).
 */
void tb_count_run(CPUState *cs, TranslationBlock *tb, TBJmpEntry *e);
/*
 * With tb_lock held: the code cache or the arena is full, flush everything
 * when that is safe: at the next translation on one thread, in an exclusive
 * section with vCPU threads (see the top of tb.c).
 */
void tb_request_flush(void);

/* The native backend (tcg/jit-x86-64.c). */
/* Generate tb's code (tb->code); false when the JIT is off or failed (full: it asks for a flush). */
bool jit_translate(CPUState *cs, TranslationBlock *tb);
/* Every block is gone: reuse the whole code cache. */
void jit_flush(void);
/* Run native code from the loop; returns a chainable exit (tb | slot) or 0. */
uintptr_t jit_run(CPUState *cs, const uint8_t *code);
void jit_chain(uintptr_t exit, TranslationBlock *dst);
void jit_unlink(TranslationBlock *tb);

#endif
