/*
 * Unit tests for the selective flushes of a vCPU's block lookup cache
 * (tcg/tb.c): by physical page (an HPTE or a code page changed) and by
 * effective-PC range and mode flags (one segment's translation changed).
 * Each must empty exactly the entries it names and keep the others
 * reachable, and make chained blocks come back to the loop.
 */
#include <glib.h>

#include "core/cpu.h"
#include "tcg/tb.h"

typedef struct Fixture {
    CPUState cs;
    TranslationBlock *tbs[6];
} Fixture;

static const uint8_t fake_code[1];

/* A block at pc, physical phys_pc, with mode flags, entered in the cache. */
static TranslationBlock *add_block(Fixture *f, int i, uint64_t pc, uint64_t phys_pc, uint32_t flags)
{
    TranslationBlock *tb = g_malloc0(sizeof(TranslationBlock));
    TBJmpCache *jc = f->cs.tb_jmp_cache;

    tb->pc = pc;
    tb->phys_pc = phys_pc;
    tb->flags = flags;
    tb->code = fake_code;
    tb_jmp_cache_fill(&jc->entry[tb_jmp_cache_index(pc)], tb);
    f->tbs[i] = tb;
    return tb;
}

static bool cached(Fixture *f, int i)
{
    TBJmpCache *jc = f->cs.tb_jmp_cache;
    const TBJmpEntry *e = &jc->entry[tb_jmp_cache_index(f->tbs[i]->pc)];

    return e->pc == f->tbs[i]->pc && e->tb == f->tbs[i] && e->code == fake_code;
}

static void setup(Fixture *f, gconstpointer data)
{
    (void)data;
    memset(&f->cs, 0, sizeof(f->cs));
    tcg_cpu_init(&f->cs);
    /* two kernel blocks (flags 0x10), three user blocks (0x30), one in 32-bit mode */
    add_block(f, 0, 0xc000000000001000ull, 0x1000, 0x10);
    add_block(f, 1, 0xc000000000002ff0ull, 0x2ff0, 0x10);
    add_block(f, 2, 0x10000100ull, 0x5100, 0x30);
    add_block(f, 3, 0x10000ffcull, 0x5ffc, 0x30);
    add_block(f, 4, 0x10001000ull, 0x6000, 0x30);
    add_block(f, 5, 0x7fff0000ull, 0x9000, 0x31);
    for (int i = 0; i < 6; i++) {
        g_assert_true(cached(f, i));    /* no two share an entry */
    }
    f->cs.interrupt_request = 0;
}

static void teardown(Fixture *f, gconstpointer data)
{
    (void)data;
    for (int i = 0; i < 6; i++) {
        g_free(f->tbs[i]);
    }
    g_free(f->cs.tb_jmp_cache);
}

static void test_phys_one_page(Fixture *f, gconstpointer data)
{
    (void)data;
    /* a write of 8 bytes in page 5: the two blocks there go, nothing else */
    tcg_flush_jmp_cache_phys(&f->cs, 0x5800, 8);
    g_assert_false(cached(f, 2));
    g_assert_false(cached(f, 3));
    for (int i = 0; i < 6; i++) {
        if (i != 2 && i != 3) {
            g_assert_true(cached(f, i));
        }
    }
    g_assert_cmpuint(f->cs.interrupt_request, !=, 0);
}

static void test_phys_range_crosses_pages(Fixture *f, gconstpointer data)
{
    (void)data;
    /* [0x2ff8, 0x6001): pages 2 to 6; page 1 and page 9 stay */
    tcg_flush_jmp_cache_phys(&f->cs, 0x2ff8, 0x6001 - 0x2ff8);
    g_assert_true(cached(f, 0));
    g_assert_false(cached(f, 1));
    g_assert_false(cached(f, 2));
    g_assert_false(cached(f, 3));
    g_assert_false(cached(f, 4));
    g_assert_true(cached(f, 5));
}

static void test_phys_empty_length(Fixture *f, gconstpointer data)
{
    (void)data;
    tcg_flush_jmp_cache_phys(&f->cs, 0x5000, 0);
    for (int i = 0; i < 6; i++) {
        g_assert_true(cached(f, i));
    }
    g_assert_cmpuint(f->cs.interrupt_request, ==, 0);
}

static void test_pc_range_by_mode(Fixture *f, gconstpointer data)
{
    (void)data;
    /* the user segment at 0x10000000 (256 MiB), problem-state blocks (0x20 set) only */
    tcg_flush_jmp_cache_pc_range(&f->cs, 0x10000000ull, 0x10000000ull, 0x20, 0x20);
    g_assert_true(cached(f, 0));
    g_assert_true(cached(f, 1));
    g_assert_false(cached(f, 2));
    g_assert_false(cached(f, 3));
    g_assert_false(cached(f, 4));
    g_assert_true(cached(f, 5));        /* outside the range */
    g_assert_cmpuint(f->cs.interrupt_request, !=, 0);
}

static void test_pc_range_flags_must_match(Fixture *f, gconstpointer data)
{
    (void)data;
    /* the same range, but only blocks whose flags have 0x20 clear: none there */
    tcg_flush_jmp_cache_pc_range(&f->cs, 0x10000000ull, 0x10000000ull, 0x20, 0);
    for (int i = 0; i < 6; i++) {
        g_assert_true(cached(f, i));
    }
    /* the kernel's range, exact flags 0x10: both kernel blocks */
    tcg_flush_jmp_cache_pc_range(&f->cs, 0xc000000000000000ull, 0x10000000ull, ~0u, 0x10);
    g_assert_false(cached(f, 0));
    g_assert_false(cached(f, 1));
    for (int i = 2; i < 6; i++) {
        g_assert_true(cached(f, i));
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add("/jmp-cache/phys/one-page", Fixture, NULL, setup, test_phys_one_page, teardown);
    g_test_add("/jmp-cache/phys/range-crosses-pages", Fixture, NULL, setup,
               test_phys_range_crosses_pages, teardown);
    g_test_add("/jmp-cache/phys/empty-length", Fixture, NULL, setup, test_phys_empty_length,
               teardown);
    g_test_add("/jmp-cache/pc-range/by-mode", Fixture, NULL, setup, test_pc_range_by_mode,
               teardown);
    g_test_add("/jmp-cache/pc-range/flags-must-match", Fixture, NULL, setup,
               test_pc_range_flags_must_match, teardown);
    return g_test_run();
}
