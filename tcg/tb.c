/*
 * The translation-block cache: blocks hashed by (physical PC, flags), chained
 * per physical page so a write to a code page drops exactly that page's
 * blocks, and a per-vCPU direct-mapped cache keyed by effective PC in front.
 *
 * With one host thread per vCPU (core/cpu-threads.c) the rules are:
 * - tb_lock guards the hash, the page lists, chaining and the retire list:
 *   translation, invalidation and chaining take it, lookups in the hash do
 *   too (a miss is rare next to the per-vCPU cache).
 * - A vCPU's lookup cache is written by its own thread only, except that
 *   others may kill an entry by storing the impossible PC 1 into it (a
 *   block is invalidated) or ask for the whole cache to be emptied
 *   (jmp_flush_pending: translations changed). An entry is filled last-PC
 *   first and re-checked against tb->invalid afterwards, so an entry for a
 *   block invalidated meanwhile never survives (see tb_jmp_cache_fill).
 *   An entry's pc and tb are the words other threads touch (they read tb
 *   and store pc): every access to them is atomic, the owner's too when it
 *   empties entries (relaxed, a plain move on x86-64; the fill's ordering
 *   is its own). flags and code are the owner's alone.
 * - An invalidated block is unchained at once but freed only when every
 *   vCPU has left the engine since (epochs: tb_free_retired), because a
 *   vCPU may be running it: it finishes that block, as a POWER thread may
 *   execute stale instructions until it synchronizes (Book II 1.8,
 *   "instruction storage").
 *
 * Translation memory is bounded by -accel tcg,tb-size (as in QEMU, whose
 * code buffer holds its block descriptors too): with the JIT, 3/4 of it is
 * the native code cache (tcg/jit-x86-64.c) and 1/4 the arena here, which
 * holds the block hash and every block's descriptor (header and decoded
 * ops); without the JIT the arena has all of it. The arena is filled in
 * order and emptied all at once, by a full flush (tcg_flush_all), when it
 * or the code cache is full. The rules that keep a descriptor alive while
 * some vCPU may hold it:
 * - Arena memory is handed out again only by the flush's reset, and a flush
 *   runs only when no vCPU holds any block: with vCPU threads in an
 *   exclusive section (every thread parked outside the engine), on one
 *   thread between blocks (at the start of tb_translate, from the loop's
 *   lookup, which forgets the exit it would have chained: tb_translate
 *   says it flushed) or outside the engine (tests). So the flush frees every
 *   block, invalidated ones whose epoch has not passed included.
 * - A block retired by invalidation keeps its place in the arena until that
 *   reset: when its epoch passes it is only marked unused (poisoned for
 *   ASan, as free() would), never reused, since a bump allocator does not
 *   reuse holes.
 * - Room for the largest block is made before decoding (and before the
 *   page is marked as code, which a flush would unmark): a flush never
 *   happens under a block being built. When the code cache is full the JIT
 *   asks for the flush (tb_request_flush) and the block runs interpreted
 *   until then: on one thread it happens at the next translation.
 * - With vCPU threads, a full arena asks for the flush the same way and
 *   the blocks translated until it happens get their descriptors from the
 *   heap (freed like any other block, by epoch or by the flush).
 */
#include "tcg/tb.h"

#include <pthread.h>
#include <sanitizer/asan_interface.h>
#include <sanitizer/lsan_interface.h>
#include <stddef.h>
#include <glib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/cpu-threads.h"
#include "core/error.h"
#include "core/log.h"

#if defined(__SANITIZE_ADDRESS__)
#define TB_ASAN 1
#elif defined(__has_feature)
#define TB_ASAN __has_feature(address_sanitizer)
#else
#define TB_ASAN 0
#endif

static pthread_mutex_t tb_mutex = PTHREAD_MUTEX_INITIALIZER;
static __thread bool tb_locked;

void tb_lock(void)
{
    pthread_mutex_lock(&tb_mutex);
    tb_locked = true;
}

void tb_unlock(void)
{
    tb_locked = false;
    pthread_mutex_unlock(&tb_mutex);
}

/* A guest exception left translation by siglongjmp (tcg_exit_block): let the lock go. */
void tb_lock_reset(void)
{
    if (tb_locked) {
        tb_unlock();
    }
}

THREAD_COUNTERS_DEFINE(tcg, TCGStats)

const TCGTarget *tcg_target;
static MemoryRegion *code_ram;

/*
 * Global hash on physical PC, and the per-page lists for invalidation. The
 * hash doubles when it holds two blocks a bucket on average: a lookup's cost
 * is the cold blocks its chain makes it read, and a compiler's working set
 * (hundreds of thousands of blocks in a large code cache) would otherwise
 * make chains of ten. Everything here is under tb_lock.
 */
#define TB_HASH_BITS_MIN 16
#define TB_HASH_BITS_MAX 22
static TranslationBlock **tb_hash;  /* at the start of the arena */
static unsigned tb_hash_bits;
static unsigned tb_hash_bits_max;   /* as many buckets as blocks fit in the arena, at most */
static size_t tb_hash_count;      /* blocks in the hash */
static GHashTable *page_blocks;   /* phys page number -> first TranslationBlock */

/* ---- The arena: the hash, then the descriptors (see the top of the file) ---- */

#define TB_SIZE_DEFAULT ((size_t)1 << 30)
#define TB_DESC_ALIGN 16
#define TB_DESC_SIZE(n_ops) \
    ((offsetof(TranslationBlock, ops) + (size_t)(n_ops) * sizeof(TBOp) + TB_DESC_ALIGN - 1) & \
     ~(size_t)(TB_DESC_ALIGN - 1))

static size_t tb_size = TB_SIZE_DEFAULT;   /* -accel tcg,tb-size */
static unsigned jit_threshold;              /* -accel tcg,jit-threshold (tcg.h) */
static uint8_t *arena;                      /* the mapping, arena_size bytes */
static size_t arena_size;
static uint8_t *desc_start, *desc_ptr, *desc_end;
static size_t heap_blocks;      /* live descriptors on the heap (threads, a flush pending) */
static unsigned retired_count;  /* retired->len (below), for a look without tb_lock */
static bool flush_pending;      /* one thread: flush at the next translation */
static bool flush_requested;    /* threads: the exclusive flush is asked for */

void tcg_set_tb_size(size_t bytes)
{
    if (!arena) {
        tb_size = bytes ? bytes : TB_SIZE_DEFAULT;
    }
}

void tcg_set_jit_threshold(unsigned runs)
{
    jit_threshold = MIN(runs, TCG_JIT_THRESHOLD_MAX);
}

unsigned tcg_jit_threshold(void)
{
    return jit_threshold;
}

/*
 * At the first translation, once the JIT is known to be on or off. The
 * hash gets room for the buckets it grows to when the arena is full of
 * one-op blocks (two blocks a bucket, 4 bytes a block, 1/40 of the arena);
 * pages it has not grown into stay unbacked.
 */
static void arena_init(void)
{
    size_t share = tcg_jit_enabled() ? tb_size / 4 : tb_size;
    size_t most_blocks = share / TB_DESC_SIZE(1);

    tb_hash_bits_max = 8;
    while (tb_hash_bits_max < TB_HASH_BITS_MAX && ((size_t)4 << tb_hash_bits_max) <= most_blocks) {
        tb_hash_bits_max++;
    }
    /*
     * Between two inaccessible pages: a mapping of its own, which the kernel
     * does not merge with a neighbour of the same kind (a thread's malloc
     * heap), so /proc/PID/smaps shows exactly the arena (tests/linux/guest.py).
     */
    const size_t guard = 4096;
    uint8_t *p = mmap(NULL, share + 2 * guard, PROT_NONE,
                      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED || mprotect(p + guard, share, PROT_READ | PROT_WRITE)) {
        error_report("cannot map %zu MiB for translated blocks", share >> 20);
        exit(1);
    }
    p += guard;
    if (tcg_jit_enabled()) {
        tcg_set_code_cache_size(tb_size - share);
    }
    arena = p;
    arena_size = share;
    tb_hash = (TranslationBlock **)(void *)arena;
    tb_hash_bits = MIN(TB_HASH_BITS_MIN, tb_hash_bits_max);
    desc_start = desc_ptr = arena + (sizeof(*tb_hash) << tb_hash_bits_max);
    desc_end = arena + share;
    ASAN_POISON_MEMORY_REGION(desc_start, (size_t)(desc_end - desc_start));
#if TB_ASAN
    /* Heap descriptors (a flush pending) may be reachable only from here. */
    __lsan_register_root_region(arena, arena_size);
#endif
}

static bool tb_in_arena(const TranslationBlock *tb)
{
    return (const uint8_t *)tb >= desc_start && (const uint8_t *)tb < desc_end;
}

/* With tb_lock held: from the arena, or from the heap when it is full (threads, flush asked for). */
static TranslationBlock *tb_alloc(uint32_t n_ops)
{
    size_t size = TB_DESC_SIZE(n_ops);

    if ((size_t)(desc_end - desc_ptr) >= size) {
        TranslationBlock *tb = (TranslationBlock *)(void *)desc_ptr;
        ASAN_UNPOISON_MEMORY_REGION(desc_ptr, size);
        desc_ptr += size;
        return tb;
    }
    heap_blocks++;
    return g_malloc(size);
}

/* tb is unreachable: nobody may look at it again (its epoch passed, or a flush). */
static void tb_release(TranslationBlock *tb)
{
    if (tb_in_arena(tb)) {
        ASAN_POISON_MEMORY_REGION(tb, TB_DESC_SIZE(tb->n_ops));
    } else {
        heap_blocks--;
        g_free(tb);
    }
}

/* With tb_lock held: everything must go, as soon as that is safe (see the top of the file). */
void tb_request_flush(void)
{
    if (!cpu_threads_enabled()) {
        flush_pending = true;
    } else if (!flush_requested) {
        flush_requested = true;
        cpu_threads_request_exclusive(tcg_flush_all);
    }
}

void tcg_arena_info(TCGArenaInfo *info)
{
    tb_lock();
    info->tb_size = tb_size;
    info->start = (uintptr_t)arena;
    info->size = arena_size;
    info->hash_bytes = arena ? sizeof(*tb_hash) << tb_hash_bits : 0;
    info->desc_used = (size_t)(desc_ptr - desc_start);
    info->desc_size = (size_t)(desc_end - desc_start);
    info->heap_blocks = heap_blocks;
    info->retired_blocks = retired_count;
    tb_unlock();
}

/*
 * The effective PC is part of the key: every process maps a shared program
 * (cc1, the shell) at its own random address, so one physical PC has a block
 * per process, and hashing on the physical PC alone put them all on one chain.
 */
static inline unsigned tb_hash_index(uint64_t pc, uint64_t phys_pc, uint32_t flags)
{
    uint64_t h = ((phys_pc >> 2) ^ ((pc >> 2) * 0xff51afd7ed558ccdull)) ^
                 ((uint64_t)flags * 0x9e3779b97f4a7c15ull);
    h ^= h >> 29;
    h *= 0xc4ceb9fe1a85ec53ull;
    return (unsigned)(h >> (64 - tb_hash_bits));
}

/*
 * Twice the buckets, in place: the index is the hash's top bits, so bucket
 * i's blocks go to 2i and 2i + 1, which from the top down hold nothing
 * still to be read.
 */
static void tb_hash_grow(void)
{
    size_t old_size = (size_t)1 << tb_hash_bits;

    tb_hash_bits++;
    for (size_t i = old_size; i-- > 0;) {
        TranslationBlock *tb = tb_hash[i], *next;
        tb_hash[2 * i] = tb_hash[2 * i + 1] = NULL;
        for (; tb; tb = next) {
            unsigned h = tb_hash_index(tb->pc, tb->phys_pc, tb->flags);
            next = tb->hash_next;
            tb->hash_next = tb_hash[h];
            tb_hash[h] = tb;
        }
    }
}

static void tb_hash_insert(TranslationBlock *tb)
{
    if (tb_hash_count >= (2ull << tb_hash_bits) && tb_hash_bits < tb_hash_bits_max) {
        tb_hash_grow();
    }
    unsigned h = tb_hash_index(tb->pc, tb->phys_pc, tb->flags);
    tb->hash_next = tb_hash[h];
    tb_hash[h] = tb;
    tb_hash_count++;
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

/* Another thread's vCPU (running or not): only its own thread may empty its cache. */
static bool jmp_cache_is_foreign(CPUState *cs)
{
    return cpu_threads_enabled() && cpu_current() != cs;
}

/* Empty an entry of this thread's own cache (see the top of the file on pc and tb). */
static inline void jmp_entry_clear(TBJmpEntry *e)
{
    __atomic_store_n(&e->pc, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&e->tb, NULL, __ATOMIC_RELAXED);
    e->flags = 0;
    e->code = NULL;
}

static void jmp_cache_clear(TBJmpCache *jc)
{
    for (unsigned i = 0; i < TB_JMP_CACHE_SIZE; i++) {
        jmp_entry_clear(&jc->entry[i]);
    }
}

void tcg_flush_jmp_cache(CPUState *cs)
{
    if (jmp_cache_is_foreign(cs)) {
        /* Its thread empties it before its next lookup (tb_jmp_cache_check_flush). */
        __atomic_store_n(&cs->jmp_flush_pending, 1, __ATOMIC_SEQ_CST);
    } else if (cs->tb_jmp_cache) {
        jmp_cache_clear(cs->tb_jmp_cache);
    }
    tcg_stat_add(jmp_cache_flushes, 1);
    /*
     * Translations changed: chained native blocks must come back to the loop
     * (their entry checks this) so the next lookup sees the new mapping. The
     * target's interrupt check clears it again when nothing is pending.
     */
    __atomic_store_n(&cs->interrupt_request, 1, __ATOMIC_SEQ_CST);
}

void tb_jmp_cache_check_flush(CPUState *cs)
{
    if (__atomic_load_n(&cs->jmp_flush_pending, __ATOMIC_SEQ_CST)) {
        __atomic_store_n(&cs->jmp_flush_pending, 0, __ATOMIC_SEQ_CST);
        jmp_cache_clear(cs->tb_jmp_cache);
    }
}

/*
 * Fill e with tb: the PC last, then look at tb->invalid again. Either this
 * sees the invalidation, or the invalidating thread (which sets invalid,
 * then clears matching entries, with a full fence between) sees the entry.
 */
void tb_jmp_cache_fill(TBJmpEntry *e, TranslationBlock *tb)
{
    e->flags = tb->flags;
    e->phys_page = (uint32_t)(tb->phys_pc >> 12);
    e->code = __atomic_load_n(&tb->code, __ATOMIC_ACQUIRE);
    __atomic_store_n(&e->tb, tb, __ATOMIC_RELAXED);    /* ordered by the store of pc */
    __atomic_store_n(&e->pc, tb->pc, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&tb->invalid, __ATOMIC_SEQ_CST)) {
        __atomic_store_n(&e->pc, TB_JMP_PC_NONE, __ATOMIC_RELAXED);
    }
}

/*
 * The selective flushes: the entries of cs's lookup cache that match go.
 * Only the entry's own words are read, never its block (a killed entry's
 * block may be freed already). Another thread's cache may hold blocks being
 * freed: only its thread may look at them, so it goes whole. Inline, so
 * each caller's predicate is compiled into its own scan.
 */
typedef bool (*JmpEntryMatch)(const TBJmpEntry *e, const void *what);

static inline __attribute__((always_inline)) bool
jmp_cache_clear_matching(CPUState *cs, JmpEntryMatch match, const void *what)
{
    TBJmpCache *jc = cs->tb_jmp_cache;

    if (!jc) {
        return false;
    }
    if (jmp_cache_is_foreign(cs)) {
        tcg_flush_jmp_cache(cs);
        return false;
    }
    for (unsigned i = 0; i < TB_JMP_CACHE_SIZE; i++) {
        TBJmpEntry *e = &jc->entry[i];
        if (match(e, what)) {
            jmp_entry_clear(e);
        }
    }
    /*
     * As for a whole flush, chained blocks come back to the loop, which looks
     * up afresh; this thread's own vCPU: no other thread to order against.
     */
    __atomic_store_n(&cs->interrupt_request, 1, __ATOMIC_RELAXED);
    return true;
}

typedef struct PhysPages {
    uint32_t first;
    uint64_t pages;
} PhysPages;

static bool entry_in_pages(const TBJmpEntry *e, const void *what)
{
    const PhysPages *r = what;

    /* Pages above 2^32 (16 TiB) alias: a few entries too many go, harmlessly. */
    return (uint64_t)(uint32_t)(e->phys_page - r->first) < r->pages &&
           __atomic_load_n(&e->pc, __ATOMIC_RELAXED) != TB_JMP_PC_NONE;
}

/*
 * An entry keeps its block's physical page, so this reads the entries in
 * order and never the blocks (an HPTE change of a code page happens tens of
 * thousands of times in a compile job, and a page's block list holds every
 * process's copy of the program there).
 */
void tcg_flush_jmp_cache_phys(CPUState *cs, uint64_t phys, uint64_t len)
{
    PhysPages r = { (uint32_t)(phys >> 12), ((phys + len + 0xfff) >> 12) - (phys >> 12) };

    if (len) {
        jmp_cache_clear_matching(cs, entry_in_pages, &r);
    }
}

typedef struct PcRange {
    uint64_t pc, len;
    uint32_t mask, value;
} PcRange;

static bool entry_in_pc_range(const TBJmpEntry *e, const void *what)
{
    const PcRange *r = what;

    return __atomic_load_n(&e->pc, __ATOMIC_RELAXED) - r->pc < r->len &&
           (e->flags & r->mask) == r->value;
}

/*
 * Only the entries for effective PCs in [pc, pc + len) whose flags match
 * (flags & mask) == value go: one segment's translation changed, and the
 * blocks elsewhere (the kernel's, at every context switch) stay reachable.
 */
void tcg_flush_jmp_cache_pc_range(CPUState *cs, uint64_t pc, uint64_t len,
                                  uint32_t mask, uint32_t value)
{
    PcRange r = { pc, len, mask, value };

    if (jmp_cache_clear_matching(cs, entry_in_pc_range, &r)) {
        tcg_stat_add(jmp_cache_range_flushes, 1);
    }
}

/* With tb_lock held. */
TranslationBlock *tb_lookup_phys(uint64_t pc, uint64_t phys_pc, uint32_t flags)
{
    if (!tb_hash) {
        return NULL;
    }
    for (TranslationBlock *tb = tb_hash[tb_hash_index(pc, phys_pc, flags)]; tb; tb = tb->hash_next) {
        if (tb->phys_pc == phys_pc && tb->flags == flags && tb->pc == pc) {
            return tb;
        }
    }
    return NULL;
}

/*
 * Most blocks are short: the target decodes into a scratch block of the
 * largest size and the block keeps only the ops it has (and touches no
 * more fresh memory than that). With tb_lock held: the page is marked as
 * code (writes to it from now on invalidate, under the same lock) before its
 * words are read, so a write by another vCPU either comes before the read or
 * invalidates the new block.
 */
TranslationBlock *tb_translate(CPUState *cs, uint64_t pc, uint64_t phys_pc, uint32_t flags,
                               bool *flushed)
{
    /* On the stack: each vCPU thread decodes into its own (2 KiB or so). */
    _Alignas(TranslationBlock) uint8_t scratch_buf[offsetof(TranslationBlock, ops) +
                                                   TB_MAX_OPS * sizeof(TBOp)];
    TranslationBlock *scratch = (TranslationBlock *)(void *)scratch_buf;
    const size_t fixed = offsetof(TranslationBlock, ops);
    TranslationBlock *tb;
    uint64_t page = phys_pc >> 12;

    if (!arena) {
        arena_init();
    }
    /* Room for the largest block, before anything of this one exists. */
    *flushed = false;
    if (flush_pending || (size_t)(desc_end - desc_ptr) < TB_DESC_SIZE(TB_MAX_OPS)) {
        if (cpu_threads_enabled()) {
            tb_request_flush();
        } else {
            tcg_flush_all();
            *flushed = true;
        }
    }
    /* From now on, writes to this page must come through the slow path. */
    if (code_ram && phys_pc < code_ram->size) {
        if (!memory_region_is_code_page(code_ram, phys_pc)) {
            memory_region_set_code_page(code_ram, phys_pc);
            tcg_target->code_page_added(phys_pc & ~0xfffull);
        }
    }
    memset(scratch, 0, fixed);
    scratch->pc = pc;
    scratch->phys_pc = phys_pc;
    scratch->flags = flags;
    tcg_target->translate(cs, scratch);
    tb = tb_alloc(scratch->n_ops);
    memcpy(tb, scratch, fixed + scratch->n_ops * sizeof(TBOp));
    if (jit_threshold == 0) {
        jit_translate(cs, tb);
    }

    tb_hash_insert(tb);

    gint64 *key = g_new(gint64, 1);
    *key = (gint64)page;
    TranslationBlock *head = g_hash_table_lookup(page_blocks, key);
    tb->page_next = head;
    g_hash_table_replace(page_blocks, key, tb);
    tcg_stat_add(blocks_translated, 1);
    if (log_enabled(LOG_IN_ASM) && tcg_target->log_block) {
        tcg_target->log_block(cs, tb);
    }
    return tb;
}

/*
 * Native code is made under tb_lock, as at translation, and published by
 * its entry pointer last (tcg/jit-x86-64.c): another vCPU's thread that sees
 * tb->code sees the whole block, and until then runs tb's ops, which native
 * code generation leaves alone. The count is approximate with threads (a
 * relaxed add); it only decides when.
 */
void tb_count_run(CPUState *cs, TranslationBlock *tb, TBJmpEntry *e)
{
    if (!tcg_jit_enabled()) {
        return;
    }
    if (!__atomic_load_n(&tb->code, __ATOMIC_ACQUIRE)) {
        if (__atomic_fetch_add(&tb->runs, 1, __ATOMIC_RELAXED) < jit_threshold) {
            return;
        }
        tb_lock();
        if (!tb->code && !tb->invalid) {
            jit_translate(cs, tb);
        }
        tb_unlock();
        if (!tb->code) {
            return;     /* the code cache is full: a flush comes (tb_request_flush) */
        }
    }
    tb_jmp_cache_fill(e, tb);
}

static void tb_unlink_hash(TranslationBlock *tb)
{
    TranslationBlock **pp = &tb_hash[tb_hash_index(tb->pc, tb->phys_pc, tb->flags)];
    while (*pp) {
        if (*pp == tb) {
            *pp = tb->hash_next;
            tb_hash_count--;
            return;
        }
        pp = &(*pp)->hash_next;
    }
}

/*
 * Blocks are not freed while a vCPU may be running one or holding a pointer
 * to it; they are retired, each with a new epoch, and freed once every vCPU
 * is either outside the engine or entered it at a later epoch (tcg_exec
 * records the epoch it entered at). A retired block is in no hash, page list
 * or live lookup-cache entry, so a vCPU that enters later cannot reach it.
 */
typedef struct RetiredTB {
    TranslationBlock *tb;
    uint64_t epoch;
} RetiredTB;
static GArray *retired;
static uint64_t tb_epoch;

uint64_t tb_current_epoch(void)
{
    return __atomic_load_n(&tb_epoch, __ATOMIC_SEQ_CST);
}

static void tb_retire(TranslationBlock *tb)
{
    RetiredTB r = { tb, __atomic_add_fetch(&tb_epoch, 1, __ATOMIC_SEQ_CST) };

    __atomic_store_n(&tb->invalid, true, __ATOMIC_SEQ_CST);
    if (tb->code) {
        jit_unlink(tb);
    }
    if (!retired) {
        retired = g_array_new(FALSE, FALSE, sizeof(RetiredTB));
    }
    g_array_append_val(retired, r);
    __atomic_store_n(&retired_count, retired->len, __ATOMIC_RELAXED);
}

/* The oldest epoch some vCPU inside the engine may still hold blocks of. */
static uint64_t oldest_epoch_in_use(void)
{
    uint64_t oldest = UINT64_MAX;

    for (int i = 0; i < cpu_count(); i++) {
        CPUState *cs = cpu_by_index(i);
        if (__atomic_load_n(&cs->in_exec, __ATOMIC_SEQ_CST)) {
            uint64_t e = __atomic_load_n(&cs->tb_epoch, __ATOMIC_SEQ_CST);
            oldest = MIN(oldest, e);
        }
    }
    return oldest;
}

void tb_free_retired(void)
{
    if (!__atomic_load_n(&retired_count, __ATOMIC_RELAXED)) {
        return;
    }
    tb_lock();
    uint64_t oldest = oldest_epoch_in_use();
    guint kept = 0;
    for (guint i = 0; i < retired->len; i++) {
        RetiredTB r = g_array_index(retired, RetiredTB, i);
        /* Retired at epoch e: a vCPU that entered at epoch >= e never saw it. */
        if (r.epoch <= oldest) {
            tb_release(r.tb);
        } else {
            g_array_index(retired, RetiredTB, kept++) = r;
        }
    }
    g_array_set_size(retired, kept);
    __atomic_store_n(&retired_count, kept, __ATOMIC_RELAXED);
    tb_unlock();
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

    /* Pairs with tb_jmp_cache_fill: set invalid, fence, then look at the entries. */
    __atomic_store_n(&tb->invalid, true, __ATOMIC_SEQ_CST);
    for (int i = 0; i < cpu_count(); i++) {
        TBJmpCache *jc = cpu_by_index(i)->tb_jmp_cache;
        if (jc && __atomic_load_n(&jc->entry[idx].tb, __ATOMIC_SEQ_CST) == tb) {
            __atomic_store_n(&jc->entry[idx].pc, TB_JMP_PC_NONE, __ATOMIC_SEQ_CST);
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
    bool locked_here = !tb_locked;

    if (locked_here) {
        tb_lock();
    }
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
                tcg_stat_add(blocks_invalidated, 1);
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
    if (locked_here) {
        tb_unlock();
    }
}

/*
 * Every block goes, the arena and the code cache are reused: no vCPU may
 * hold any block, which holds with one thread between blocks (the loop
 * translates, nothing runs) or outside the engine, and with vCPU threads is
 * what the exclusive section gives (tb_request_flush). Hence blocks retired
 * by invalidation go too, whatever their epoch.
 */
void tcg_flush_all(void)
{
    GHashTableIter it;
    gpointer key, value;
    bool locked_here = !tb_locked;

    if (locked_here) {
        tb_lock();
    }
    g_hash_table_iter_init(&it, page_blocks);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        for (TranslationBlock *tb = value; tb;) {
            TranslationBlock *next = tb->page_next;
            __atomic_store_n(&tb->invalid, true, __ATOMIC_SEQ_CST);
            tb_release(tb);
            tb = next;
        }
        if (code_ram && ((uint64_t)*(gint64 *)key << 12) < code_ram->size) {
            memory_region_clear_code_page(code_ram, (uint64_t)*(gint64 *)key << 12);
        }
    }
    g_hash_table_remove_all(page_blocks);
    if (retired) {
        for (guint i = 0; i < retired->len; i++) {
            tb_release(g_array_index(retired, RetiredTB, i).tb);
        }
        g_array_set_size(retired, 0);
        __atomic_store_n(&retired_count, 0, __ATOMIC_RELAXED);
    }
    if (arena) {
        memset(tb_hash, 0, sizeof(*tb_hash) << tb_hash_bits);
        ASAN_POISON_MEMORY_REGION(desc_start, (size_t)(desc_ptr - desc_start));
        desc_ptr = desc_start;
    }
    tb_hash_count = 0;
    flush_pending = flush_requested = false;
    tb_flush_jmp_caches();
    jit_flush();
    tcg_stat_add(flushes, 1);
    if (locked_here) {
        tb_unlock();
    }
}
