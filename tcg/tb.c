/*
 * The translation-block cache: blocks hashed by (physical PC, flags), chained
 * per physical page so a write to a code page drops exactly that page's
 * blocks, and a per-vCPU direct-mapped cache keyed by effective PC in front.
 */
#include "tcg/tb.h"

#include <stddef.h>
#include <glib.h>
#include <string.h>

#include "core/log.h"

TCGStats tcg_stats;
const TCGTarget *tcg_target;
static MemoryRegion *code_ram;

/* Global hash on physical PC, and the per-page lists for invalidation. */
#define TB_HASH_BITS 16
static TranslationBlock *tb_hash[1u << TB_HASH_BITS];
static GHashTable *page_blocks;   /* phys page number -> first TranslationBlock */

static inline unsigned tb_hash_index(uint64_t phys_pc, uint32_t flags)
{
    uint64_t h = (phys_pc >> 2) ^ ((uint64_t)flags * 0x9e3779b97f4a7c15ull);
    return (unsigned)(h ^ (h >> 17) ^ (h >> 31)) & ((1u << TB_HASH_BITS) - 1);
}

static void memory_code_written(MemoryRegion *ram, uint64_t offset, uint64_t len)
{
    if (ram == code_ram) {
        tcg_invalidate_phys_range(offset, len);
    }
}

void tcg_init(const TCGTarget *target, MemoryRegion *main_ram)
{
    tcg_target = target;
    code_ram = main_ram;
    if (!page_blocks) {
        page_blocks = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    }
    memory_code_write_hook = memory_code_written;
}

void tcg_cpu_init(CPUState *cs)
{
    cs->tb_jmp_cache = g_new0(TBJmpCache, 1);
}

void tcg_flush_jmp_cache(CPUState *cs)
{
    if (cs->tb_jmp_cache) {
        memset(cs->tb_jmp_cache, 0, sizeof(TBJmpCache));
    }
    tcg_stats.jmp_cache_flushes++;
    /*
     * Translations changed: chained native blocks must come back to the loop
     * (their entry checks this) so the next lookup sees the new mapping. The
     * target's interrupt check clears it again when nothing is pending.
     */
    cs->interrupt_request = 1;
}

void tcg_flush_jmp_cache_phys(CPUState *cs, uint64_t phys, uint64_t len)
{
    TBJmpCache *jc = cs->tb_jmp_cache;

    if (!jc) {
        return;
    }
    for (unsigned i = 0; i < TB_JMP_CACHE_SIZE; i++) {
        TranslationBlock *tb = jc->entry[i].tb;
        if (tb && tb->phys_pc - phys < len) {
            memset(&jc->entry[i], 0, sizeof(jc->entry[i]));
        }
    }
    cs->interrupt_request = 1;
}

TranslationBlock *tb_lookup_phys(uint64_t pc, uint64_t phys_pc, uint32_t flags)
{
    for (TranslationBlock *tb = tb_hash[tb_hash_index(phys_pc, flags)]; tb; tb = tb->hash_next) {
        if (tb->phys_pc == phys_pc && tb->flags == flags && tb->pc == pc) {
            return tb;
        }
    }
    return NULL;
}

/*
 * Most blocks are short: the target decodes into a scratch block of the
 * largest size and the block keeps only the ops it has (and touches no
 * more fresh memory than that).
 */
TranslationBlock *tb_translate(CPUState *cs, uint64_t pc, uint64_t phys_pc, uint32_t flags)
{
    static TranslationBlock *scratch;
    const size_t fixed = offsetof(TranslationBlock, ops);
    TranslationBlock *tb;
    uint64_t page = phys_pc >> 12;
    unsigned h;

    if (!scratch) {
        scratch = g_malloc(fixed + TB_MAX_OPS * sizeof(TBOp));
    }
    memset(scratch, 0, fixed);
    scratch->pc = pc;
    scratch->phys_pc = phys_pc;
    scratch->flags = flags;
    tcg_target->translate(cs, scratch);
    tb = g_malloc(fixed + scratch->n_ops * sizeof(TBOp));
    memcpy(tb, scratch, fixed + scratch->n_ops * sizeof(TBOp));
    jit_translate(cs, tb);

    h = tb_hash_index(phys_pc, flags);
    tb->hash_next = tb_hash[h];
    tb_hash[h] = tb;

    gint64 *key = g_new(gint64, 1);
    *key = (gint64)page;
    TranslationBlock *head = g_hash_table_lookup(page_blocks, key);
    tb->page_next = head;
    g_hash_table_replace(page_blocks, key, tb);

    /* From now on, writes to this page must come through the slow path. */
    if (code_ram && phys_pc < code_ram->size) {
        if (!memory_region_is_code_page(code_ram, phys_pc)) {
            memory_region_set_code_page(code_ram, phys_pc);
            tcg_target->code_page_added(phys_pc & ~0xfffull);
        }
    }
    tcg_stats.blocks_translated++;
    if (log_enabled(LOG_IN_ASM) && tcg_target->log_block) {
        tcg_target->log_block(cs, tb);
    }
    return tb;
}

static void tb_unlink_hash(TranslationBlock *tb)
{
    TranslationBlock **pp = &tb_hash[tb_hash_index(tb->phys_pc, tb->flags)];
    while (*pp) {
        if (*pp == tb) {
            *pp = tb->hash_next;
            return;
        }
        pp = &(*pp)->hash_next;
    }
}

/*
 * Blocks are not freed while a vCPU may be running one; they are retired to
 * a list and freed when the engine is between blocks on every vCPU (here:
 * the next tcg_exec entry, as all vCPUs share one host thread).
 */
static GPtrArray *retired;

static void tb_retire(TranslationBlock *tb)
{
    tb->invalid = true;
    if (tb->code) {
        jit_unlink(tb);
    }
    if (!retired) {
        retired = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(retired, tb);
}

void tb_free_retired(void)
{
    if (retired && retired->len) {
        g_ptr_array_set_size(retired, 0);
    }
}

static void tb_flush_jmp_caches(void)
{
    for (int i = 0; i < cpu_count(); i++) {
        tcg_flush_jmp_cache(cpu_by_index(i));
    }
}

/* Forget tb in every vCPU's lookup cache (the one slot it can occupy). */
static void tb_jmp_cache_remove(TranslationBlock *tb)
{
    unsigned idx = tb_jmp_cache_index(tb->pc);

    for (int i = 0; i < cpu_count(); i++) {
        TBJmpCache *jc = cpu_by_index(i)->tb_jmp_cache;
        if (jc && jc->entry[idx].tb == tb) {
            memset(&jc->entry[idx], 0, sizeof(jc->entry[idx]));
        }
    }
}

/*
 * Only the blocks whose code overlaps the written bytes go: data sharing a
 * page with code (small programs, stacks next to text) must not make every
 * store retranslate the page. The page stays a code page, its writes on the
 * slow path, while any block remains on it.
 */
void tcg_invalidate_phys_range(uint64_t phys, uint64_t len)
{
    uint64_t end = phys + (len ? len : 1);
    uint64_t first = phys >> 12, last = (end - 1) >> 12;

    for (uint64_t page = first; page <= last; page++) {
        gint64 key = (gint64)page;
        TranslationBlock *head = g_hash_table_lookup(page_blocks, &key);
        TranslationBlock **pp = &head;
        bool dropped = false;

        while (*pp) {
            TranslationBlock *tb = *pp;
            if (tb->phys_pc < end && phys < tb->phys_pc + 4ull * tb->n_ops) {
                *pp = tb->page_next;
                tb_unlink_hash(tb);
                tb_jmp_cache_remove(tb);
                tb_retire(tb);
                tcg_stats.blocks_invalidated++;
                dropped = true;
            } else {
                pp = &tb->page_next;
            }
        }
        if (!head) {
            g_hash_table_remove(page_blocks, &key);
            if (code_ram && (page << 12) < code_ram->size) {
                memory_region_clear_code_page(code_ram, page << 12);
            }
        } else if (dropped) {
            g_hash_table_insert(page_blocks, g_memdup2(&key, sizeof(key)), head);
        }
    }
}

void tcg_flush_all(void)
{
    GHashTableIter it;
    gpointer key, value;

    g_hash_table_iter_init(&it, page_blocks);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        for (TranslationBlock *tb = value; tb;) {
            TranslationBlock *next = tb->page_next;
            tb_retire(tb);
            tb = next;
        }
        if (code_ram && ((uint64_t)*(gint64 *)key << 12) < code_ram->size) {
            memory_region_clear_code_page(code_ram, (uint64_t)*(gint64 *)key << 12);
        }
    }
    g_hash_table_remove_all(page_blocks);
    memset(tb_hash, 0, sizeof(tb_hash));
    tb_flush_jmp_caches();
    jit_flush();
    tcg_stats.flushes++;
}
