/*
 * Unit tests for translation memory (tcg/tb.c): the block hash and every
 * block's descriptor live in one arena bounded by -accel tcg,tb-size, which
 * a full flush empties, with the JIT on and off, on one thread (the flush
 * happens before the next block is decoded) and with vCPU threads (the
 * flush waits for an exclusive section; descriptors go to the heap
 * meanwhile). A block retired by invalidation must stay untouched while a
 * vCPU that entered the engine before it was retired may still run it.
 *
 * Each test runs in its own process: the arena is sized once, at the first
 * translation. A fake target decodes blocks of a fixed number of no-op ops.
 */
#include <glib.h>
#include <string.h>

#include "core/cpu-threads.h"
#include "tcg/jit.h"
#include "tcg/tb.h"

static CPUState cpu;
static uint32_t block_ops = 8;
static int fat_calls;       /* native code: calls per op (0: the engine's one) */

static int op_nop(CPUState *cs, uint32_t insn)
{
    (void)cs, (void)insn;
    return 0;
}

static uint32_t fake_tb_flags(CPUState *cs)
{
    (void)cs;
    return 0;
}

static uint64_t fake_code_phys(CPUState *cs, uint64_t pc)
{
    (void)cs;
    return pc;
}

/* Each op's word names its block and place, so a descriptor overwritten by another shows. */
static uint32_t op_word(uint64_t pc, uint32_t i)
{
    return (uint32_t)(pc * 31) ^ i;
}

static void fake_translate(CPUState *cs, TranslationBlock *tb)
{
    (void)cs;
    tb->n_ops = block_ops;
    for (uint32_t i = 0; i < block_ops; i++) {
        tb->ops[i].fn = op_nop;
        tb->ops[i].insn = op_word(tb->pc, i);
    }
}

static bool fake_false(CPUState *cs)
{
    (void)cs;
    return false;
}

static void fake_code_page_added(uint64_t phys_page)
{
    (void)phys_page;
}

/* Native code much larger than the descriptor, so that the code cache fills first. */
static JitInsnResult fake_jit_insn(JitEmitter *e, const TranslationBlock *tb, uint32_t i)
{
    if (!fat_calls) {
        return JIT_INSN_CALL;
    }
    for (int k = 0; k < fat_calls; k++) {
        jit_emit_call_op(e, tb->pc + 4ull * i, tb->ops[i].fn, tb->ops[i].insn);
    }
    return JIT_INSN_INLINE;
}

static const TCGTarget fake_target = {
    .tb_flags = fake_tb_flags,
    .code_phys = fake_code_phys,
    .translate = fake_translate,
    .exec_interrupt = fake_false,
    .has_work = fake_false,
    .code_page_added = fake_code_page_added,
    .jit_insn = fake_jit_insn,
};

static void engine_init(bool jit, size_t tb_size)
{
    tcg_init(&fake_target, NULL);
    tcg_set_jit(jit);
    tcg_set_tb_size(tb_size);
    memset(&cpu, 0, sizeof(cpu));
    tcg_cpu_init(&cpu);
}

static TranslationBlock *translate(uint64_t pc, bool *flushed)
{
    bool f;

    tb_lock();
    TranslationBlock *tb = tb_translate(&cpu, pc, pc, 0, &f);
    tb_unlock();
    if (flushed) {
        *flushed = f;
    }
    return tb;
}

static TranslationBlock *lookup(uint64_t pc)
{
    tb_lock();
    TranslationBlock *tb = tb_lookup_phys(pc, pc, 0);
    tb_unlock();
    return tb;
}

static uint64_t flushes(void)
{
    TCGStats s;

    tcg_stats_total(&s);
    return s.flushes;
}

static TCGArenaInfo arena(void)
{
    TCGArenaInfo a;

    tcg_arena_info(&a);
    return a;
}

static bool in_descriptors(const TCGArenaInfo *a, const TranslationBlock *tb)
{
    uintptr_t p = (uintptr_t)tb, end = a->start + a->size;

    return p >= end - a->desc_size && p + sizeof(*tb) + block_ops * sizeof(TBOp) <= end;
}

static void assert_block(const TranslationBlock *tb, uint64_t pc)
{
    g_assert_cmphex(tb->pc, ==, pc);
    g_assert_cmpuint(tb->n_ops, ==, block_ops);
    for (uint32_t i = 0; i < block_ops; i++) {
        g_assert_true(tb->ops[i].fn == op_nop);
        g_assert_cmphex(tb->ops[i].insn, ==, op_word(pc, i));
    }
}

/*
 * Ten arenas' worth of blocks: every descriptor is in the arena, which never
 * holds more than its room, and fills up to a flush each time; the block
 * translated right after a flush is the arena's first and is intact, the
 * blocks before it are gone, and nothing went to the heap.
 */
static void check_bounded(bool jit)
{
    const size_t tb_size = 1 << 20;

    engine_init(jit, tb_size);
    g_assert_cmpuint(arena().start, ==, 0);     /* mapped at the first translation */
    TranslationBlock *first = translate(0x100000, NULL);
    TCGArenaInfo a = arena();
    const size_t each = a.desc_used;
    const size_t fit = a.desc_size / each;

    g_assert_cmpuint(a.start, !=, 0);
    g_assert_cmpuint(a.size, ==, jit ? tb_size / 4 : tb_size);
    g_assert_cmpuint(a.hash_bytes * 40, <=, a.size);
    g_assert_cmpuint(each, >=, sizeof(TranslationBlock) + block_ops * sizeof(TBOp));
    g_assert_true(in_descriptors(&a, first));
    g_assert_cmpuint(fit, >, 100);

    uint64_t flushes_before = flushes(), seen = 0;
    uint64_t n = 10 * fit, prev_pc = 0x100000;
    for (uint64_t i = 1; i < n; i++) {
        uint64_t pc = 0x100000 + 4ull * block_ops * i;
        bool flushed;
        TranslationBlock *tb = translate(pc, &flushed);

        a = arena();
        g_assert_true(in_descriptors(&a, tb));
        g_assert_cmpuint(a.desc_used, <=, a.desc_size);
        g_assert_cmpuint(a.heap_blocks, ==, 0);
        if (jit) {
            g_assert_nonnull(tb->code);
        }
        assert_block(tb, pc);
        g_assert_true(lookup(pc) == tb);
        if (flushed) {
            seen++;
            g_assert_cmpuint(a.desc_used, ==, each);
            g_assert_true((uintptr_t)tb == a.start + a.size - a.desc_size);
            g_assert_null(lookup(prev_pc));
        } else {
            g_assert_true(lookup(prev_pc) != NULL);
        }
        prev_pc = pc;
    }
    g_assert_cmpuint(flushes() - flushes_before, ==, seen);
    /* Each flush came with the arena within one largest block of full. */
    g_assert_cmpuint(seen, >=, n * each / a.desc_size - 1);
    g_assert_cmpuint(seen, <=, n / (fit - TB_MAX_OPS * sizeof(TBOp) / each - 1) + 1);
}

static void test_interpreter_bounded(void)
{
    check_bounded(false);
}

static void test_jit_bounded(void)
{
    if (!tcg_jit_available()) {
        g_test_skip("no native-code backend on this host");
        return;
    }
    check_bounded(true);
}

/*
 * The code cache fills before the arena: the block that finds it full runs
 * interpreted (no code) and the flush comes before the next block is
 * decoded, which is the arena's first and has native code again.
 */
static void test_jit_full_code_cache(void)
{
    if (!tcg_jit_available()) {
        g_test_skip("no native-code backend on this host");
        return;
    }
    fat_calls = 8;
    engine_init(true, 1 << 20);
    uint64_t pc = 0x200000;
    int rounds = 0;
    bool last_had_code = true;

    for (int i = 0; i < 20000 && rounds < 3; i++, pc += 4ull * block_ops) {
        bool flushed;
        uint64_t before = flushes();
        TranslationBlock *tb = translate(pc, &flushed);
        TCGArenaInfo a = arena();

        g_assert_true(in_descriptors(&a, tb));
        assert_block(tb, pc);
        if (flushed) {
            /* Only after a block found the cache full, never with room in both. */
            g_assert_false(last_had_code);
            g_assert_cmpuint(flushes(), ==, before + 1);
            g_assert_true((uintptr_t)tb == a.start + a.size - a.desc_size);
            g_assert_nonnull(tb->code);
            rounds++;
        } else {
            g_assert_cmpuint(flushes(), ==, before);
            /* The cache, not the arena, is what fills here. */
            g_assert_cmpuint(a.desc_used * 2, <, a.desc_size);
        }
        last_had_code = tb->code != NULL;
        if (!last_had_code) {
            g_assert_true(lookup(pc) == tb);      /* cached, interpreted until the flush */
        }
    }
    g_assert_cmpint(rounds, ==, 3);
}

/*
 * With vCPU threads nothing is flushed under running vCPUs: a full arena
 * asks for an exclusive section and the blocks translated meanwhile get
 * their descriptors from the heap; the flush frees them and empties the
 * arena.
 */
static void test_threads_heap_until_flush(void)
{
    engine_init(false, 1 << 20);
    cpu_threads_enable();
    translate(0x300000, NULL);
    TCGArenaInfo a = arena();
    const size_t fit = a.desc_size / a.desc_used;
    uint64_t pc = 0x300000;

    for (size_t i = 1; i < fit + 50; i++) {
        pc += 4ull * block_ops;
        TranslationBlock *tb = translate(pc, NULL);
        assert_block(tb, pc);
    }
    a = arena();
    g_assert_cmpuint(flushes(), ==, 0);
    g_assert_cmpuint(a.heap_blocks, >=, 50);
    g_assert_cmpuint(a.desc_used, <=, a.desc_size);
    for (uint64_t p = 0x300000; p <= pc; p += 4ull * block_ops) {
        assert_block(lookup(p), p);
    }

    g_assert_true(cpu_threads_run_exclusive());     /* the main loop's part */
    a = arena();
    g_assert_cmpuint(flushes(), ==, 1);
    g_assert_cmpuint(a.heap_blocks, ==, 0);
    g_assert_cmpuint(a.desc_used, ==, 0);
    g_assert_null(lookup(pc));
    g_assert_false(cpu_threads_run_exclusive());    /* asked for once */

    TranslationBlock *tb = translate(pc + 4ull * block_ops, NULL);
    a = arena();
    g_assert_true(in_descriptors(&a, tb));
    g_assert_cmpuint(a.heap_blocks, ==, 0);
}

/*
 * A vCPU that entered the engine before a block was invalidated may still
 * be running it: the block stays as it was, and no later block takes its
 * memory, until that vCPU has left the engine; then it is released. A
 * flush (no vCPU holds anything then) releases retired blocks whatever
 * their epoch.
 */
static void test_retired_kept_for_epoch(void)
{
    engine_init(false, 1 << 20);
    cpu_list_add(&cpu);
    TranslationBlock *a = translate(0x400000, NULL);
    const size_t size = arena().desc_used;

    __atomic_store_n(&cpu.in_exec, 1, __ATOMIC_SEQ_CST);
    cpu.tb_epoch = tb_current_epoch();
    tcg_invalidate_phys_range(0x400000, 4);
    g_assert_true(a->invalid);
    g_assert_null(lookup(0x400000));
    g_assert_cmpuint(arena().retired_blocks, ==, 1);
    tb_free_retired();
    g_assert_cmpuint(arena().retired_blocks, ==, 1);

    /* New blocks, one at the same PC again: none overlaps the retired one. */
    for (int i = 0; i < 100; i++) {
        uint64_t pc = 0x400000 + 4ull * block_ops * (uint64_t)i;
        TranslationBlock *tb = translate(pc, NULL);
        g_assert_true((uint8_t *)tb >= (uint8_t *)a + size || (uint8_t *)tb + size <= (uint8_t *)a);
        tb_free_retired();
    }
    assert_block(a, 0x400000);
    g_assert_cmpuint(arena().retired_blocks, ==, 1);

    /* Entered again at a later epoch: nothing of the old one is held any more. */
    cpu.tb_epoch = tb_current_epoch();
    tb_free_retired();
    g_assert_cmpuint(arena().retired_blocks, ==, 0);

    tcg_invalidate_phys_range(0x400000 + 4ull * block_ops, 4);
    g_assert_cmpuint(arena().retired_blocks, ==, 1);
    tcg_flush_all();
    g_assert_cmpuint(arena().retired_blocks, ==, 0);
    g_assert_cmpuint(arena().desc_used, ==, 0);
    __atomic_store_n(&cpu.in_exec, 0, __ATOMIC_SEQ_CST);
}

/*
 * The hash lives at the arena's start and doubles in place: after it grew,
 * every block is found again. The default size without the JIT: a 1 GiB
 * arena, whose hash starts at 2^16 buckets and grows at 2^17 blocks.
 */
static void test_hash_grows_in_place(void)
{
    const uint64_t n = (2ull << 16) + 5000;
    TranslationBlock **tbs = g_new(TranslationBlock *, n);

    block_ops = 1;
    engine_init(false, 0);
    for (uint64_t i = 0; i < n; i++) {
        tbs[i] = translate(0x1000000 + 4 * i, NULL);
        if (i == 0) {
            g_assert_cmpuint(arena().hash_bytes, ==, sizeof(void *) << 16);
        }
    }
    TCGArenaInfo a = arena();
    g_assert_cmpuint(a.size, ==, (size_t)1 << 30);
    g_assert_cmpuint(a.hash_bytes, ==, sizeof(void *) << 17);
    g_assert_cmpuint(flushes(), ==, 0);
    for (uint64_t i = 0; i < n; i++) {
        g_assert_true(lookup(0x1000000 + 4 * i) == tbs[i]);
    }
    g_free(tbs);
}

static void in_subprocess(gconstpointer data)
{
    void (*fn)(void) = (void (*)(void))(uintptr_t)data;

    if (g_test_subprocess()) {
        fn();
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT | G_TEST_SUBPROCESS_INHERIT_STDERR);
    g_test_trap_assert_passed();
}

int main(int argc, char **argv)
{
    static const struct {
        const char *path;
        void (*fn)(void);
    } tests[] = {
        { "/tb-arena/interpreter/bounded", test_interpreter_bounded },
        { "/tb-arena/jit/bounded", test_jit_bounded },
        { "/tb-arena/jit/full-code-cache", test_jit_full_code_cache },
        { "/tb-arena/threads/heap-until-flush", test_threads_heap_until_flush },
        { "/tb-arena/retired-kept-for-epoch", test_retired_kept_for_epoch },
        { "/tb-arena/hash-grows-in-place", test_hash_grows_in_place },
    };

    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(tests); i++) {
        g_test_add_data_func(tests[i].path, (gconstpointer)(uintptr_t)tests[i].fn, in_subprocess);
    }
    return g_test_run();
}
