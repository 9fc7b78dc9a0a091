/*
 * XICS presentation and source behaviour (PAPR interrupt model): priorities,
 * CPPR masking, IPIs, accept/EOI, LSI re-presentation, int-off/int-on; and
 * the source allocator (claim, aligned blocks, release).
 */
#include <glib.h>

#include "ppc/cpu.h"
#include "ppc/spapr/xics.h"

typedef struct {
    XicsState *x;
    PowerPCCPU *cpu[2];
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data)
{
    f->x = xics_new(64);
    for (int i = 0; i < 2; i++) {
        f->cpu[i] = g_new0(PowerPCCPU, 1);
        f->cpu[i]->pir = i;
        f->cpu[i]->cs.index = i;
        xics_add_server(f->x, f->cpu[i]);
    }
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    xics_free(f->x);
    g_free(f->cpu[0]);
    g_free(f->cpu[1]);
}

static bool line(Fixture *f, int cpu)
{
    return f->cpu[cpu]->pending & PPC_IRQ_EXTERNAL;
}

static uint64_t accept(Fixture *f, int cpu)
{
    uint64_t xirr = 0;
    g_assert_cmpint(xics_h_xirr(f->x, f->cpu[cpu], &xirr), ==, 0);
    return xirr;
}

/* A masked source (priority 0xff after reset) is not presented until routed. */
static void test_masked_until_set_xive(Fixture *f, gconstpointer data)
{
    xics_h_cppr(f->x, f->cpu[0], 0xff);
    xics_set_irq(f->x, 0x1001, true);
    g_assert_false(line(f, 0));
    g_assert_cmpint(xics_set_xive(f->x, 0x1001, 0, 5), ==, 0);
    g_assert_true(line(f, 0));
    /* accept returns the old CPPR with the source, and CPPR becomes 5 */
    g_assert_cmphex(accept(f, 0), ==, 0xff001001);
    g_assert_false(line(f, 0));
    uint64_t xirr, mfrr;
    xics_h_ipoll(f->x, 0, &xirr, &mfrr);
    g_assert_cmphex(xirr, ==, 0x05000000);
    g_assert_cmpint(xics_h_eoi(f->x, f->cpu[0], 0xff001001), ==, 0);
    xics_h_ipoll(f->x, 0, &xirr, &mfrr);
    g_assert_cmphex(xirr, ==, 0xff000000);
}

/* CPPR at or below the source priority holds it back; lowering CPPR's favour releases it. */
static void test_cppr_blocks(Fixture *f, gconstpointer data)
{
    xics_set_xive(f->x, 0x1002, 1, 5);
    xics_h_cppr(f->x, f->cpu[1], 5);
    xics_set_irq(f->x, 0x1002, true);
    g_assert_false(line(f, 1));
    xics_h_cppr(f->x, f->cpu[1], 6);
    g_assert_true(line(f, 1));
    g_assert_cmphex(accept(f, 1) & 0xffffff, ==, 0x1002);
}

/* An IPI goes to the named server only, and is cleared by MFRR=0xff. */
static void test_ipi(Fixture *f, gconstpointer data)
{
    xics_h_cppr(f->x, f->cpu[0], 0xff);
    xics_h_cppr(f->x, f->cpu[1], 0xff);
    g_assert_cmpint(xics_h_ipi(f->x, 1, 4), ==, 0);
    g_assert_false(line(f, 0));
    g_assert_true(line(f, 1));
    g_assert_cmphex(accept(f, 1), ==, 0xff000002);
    xics_h_ipi(f->x, 1, 0xff);
    xics_h_eoi(f->x, f->cpu[1], 0xff000002);
    g_assert_false(line(f, 1));
    g_assert_cmpint(xics_h_ipi(f->x, 7, 4), ==, -4);   /* no such server: H_PARAMETER */
}

/* A more favoured source displaces a presented one, which comes back after EOI. */
static void test_preemption(Fixture *f, gconstpointer data)
{
    xics_h_cppr(f->x, f->cpu[0], 0xff);
    xics_set_xive(f->x, 0x1003, 0, 7);
    xics_set_xive(f->x, 0x1004, 0, 3);
    xics_set_irq(f->x, 0x1003, true);
    xics_set_irq(f->x, 0x1004, true);
    g_assert_cmphex(accept(f, 0), ==, 0xff001004);
    xics_h_eoi(f->x, f->cpu[0], 0xff001004);
    g_assert_true(line(f, 0));
    g_assert_cmphex(accept(f, 0), ==, 0xff001003);
}

/* A level source still asserted at EOI is presented again; int-off masks it. */
static void test_lsi(Fixture *f, gconstpointer data)
{
    g_assert_true(xics_claim(f->x, 0x1010, 1, true));
    g_assert_true(xics_irq_is_lsi(f->x, 0x1010));
    xics_h_cppr(f->x, f->cpu[0], 0xff);
    xics_set_xive(f->x, 0x1010, 0, 5);
    xics_set_irq(f->x, 0x1010, true);
    g_assert_cmphex(accept(f, 0), ==, 0xff001010);
    xics_h_eoi(f->x, f->cpu[0], 0xff001010);
    g_assert_true(line(f, 0));
    accept(f, 0);
    xics_set_irq(f->x, 0x1010, false);
    xics_h_eoi(f->x, f->cpu[0], 0xff001010);
    g_assert_false(line(f, 0));

    xics_int_off(f->x, 0x1010);
    uint32_t server, prio;
    xics_get_xive(f->x, 0x1010, &server, &prio);
    g_assert_cmpuint(prio, ==, 0xff);
    xics_set_irq(f->x, 0x1010, true);
    g_assert_false(line(f, 0));
    xics_int_on(f->x, 0x1010);
    g_assert_true(line(f, 0));
}

static void test_bad_arguments(Fixture *f, gconstpointer data)
{
    uint32_t s, p;
    g_assert_cmpint(xics_set_xive(f->x, 0x0fff, 0, 5), ==, -3);
    g_assert_cmpint(xics_set_xive(f->x, 0x1000 + 64, 0, 5), ==, -3);
    g_assert_cmpint(xics_set_xive(f->x, 0x1000, 9, 5), ==, -3);
    g_assert_cmpint(xics_get_xive(f->x, 0x2000, &s, &p), ==, -3);
    g_assert_cmpint(xics_int_on(f->x, 0), ==, -3);
    g_assert_cmpint(xics_h_eoi(f->x, f->cpu[0], 0xff00ffff), ==, -4);
    xics_set_irq(f->x, 0x5000, true);   /* ignored, no crash */
}

/* ---- the allocator ---- */

static void test_claim(Fixture *f, gconstpointer data)
{
    g_assert_false(xics_irq_claimed(f->x, 0x1005));
    g_assert_true(xics_claim(f->x, 0x1005, 1, false));
    g_assert_true(xics_irq_claimed(f->x, 0x1005));
    g_assert_false(xics_irq_is_lsi(f->x, 0x1005));
    /* A number in use cannot be claimed again, alone or inside a block; nothing else is taken. */
    g_assert_false(xics_claim(f->x, 0x1005, 1, false));
    g_assert_false(xics_claim(f->x, 0x1004, 2, true));
    g_assert_false(xics_irq_claimed(f->x, 0x1004));
    g_assert_true(xics_claim(f->x, 0x1006, 3, true));
    g_assert_true(xics_irq_claimed(f->x, 0x1008) && xics_irq_is_lsi(f->x, 0x1008));
    /* Outside the sources, running off their end, or nothing at all. */
    g_assert_false(xics_claim(f->x, 0x0fff, 1, false));
    g_assert_false(xics_claim(f->x, 0x1000 + 64, 1, false));
    g_assert_false(xics_claim(f->x, 0x1000 + 62, 3, false));
    g_assert_false(xics_irq_claimed(f->x, 0x1000 + 62));
    g_assert_false(xics_claim(f->x, 0x1010, 0, false));
    g_assert_false(xics_claim(f->x, 0xffffffff, 2, false));
    g_assert_false(xics_irq_claimed(f->x, 0x2));
}

static void test_alloc_alignment(Fixture *f, gconstpointer data)
{
    /* Lowest fit first; an aligned block starts at a multiple of its alignment. */
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 1, 1, false), ==, 0x1000);
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 4, 4, false), ==, 0x1004);
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 1, 1, false), ==, 0x1001);
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 8, 8, false), ==, 0x1008);
    /* Unaligned blocks fill the holes. */
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 2, 1, false), ==, 0x1002);
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 3, 1, true), ==, 0x1010);
    g_assert_true(xics_irq_is_lsi(f->x, 0x1012));
    /* 32 aligned to 32: 0x1000 is taken in part, so 0x1020. */
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 32, 32, false), ==, 0x1020);
    /* The range bounds are kept: lo rounded up to the alignment, hi exclusive. */
    g_assert_cmphex(xics_alloc(f->x, 0x1013, 0x1018, 4, 4, false), ==, 0x1014);
    g_assert_cmphex(xics_alloc(f->x, 0x1019, 0x1020, 4, 4, false), ==, 0x101c);
    g_assert_cmphex(xics_alloc(f->x, 0x1019, 0x101f, 4, 4, false), ==, 0);
    /* Bad requests: no count, an alignment that is not a power of two. */
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 0, 1, false), ==, 0);
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 1, 3, false), ==, 0);
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 1, 0, false), ==, 0);
    /* A range beyond the sources gives nothing rather than numbers that do not exist. */
    g_assert_cmphex(xics_alloc(f->x, 0x1040, 0x2000, 1, 1, false), ==, 0);
    g_assert_cmphex(xics_alloc(f->x, 0xfffffff0, 0xffffffff, 1, 0x80000000, false), ==, 0);
}

static void test_alloc_exhaustion_and_release(Fixture *f, gconstpointer data)
{
    uint32_t got[64];

    /* Every source, one at a time, then none. */
    for (int i = 0; i < 64; i++) {
        got[i] = xics_alloc(f->x, 0x1000, 0x1040, 1, 1, false);
        g_assert_cmphex(got[i], ==, 0x1000 + i);
    }
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 1, 1, false), ==, 0);
    /* Two freed apart do not make a block of two; freed together they do. */
    g_assert_true(xics_release(f->x, 0x1010, 1));
    g_assert_true(xics_release(f->x, 0x1012, 1));
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 2, 1, false), ==, 0);
    g_assert_true(xics_release(f->x, 0x1011, 1));
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 2, 2, false), ==, 0x1010);
    g_assert_cmphex(xics_alloc(f->x, 0x1000, 0x1040, 1, 1, false), ==, 0x1012);
    /* Double free: refused, and a range with one free source in it frees nothing. */
    g_assert_true(xics_release(f->x, 0x1020, 4));
    g_assert_false(xics_release(f->x, 0x1020, 4));
    g_assert_false(xics_release(f->x, 0x1023, 2));
    g_assert_true(xics_irq_claimed(f->x, 0x1024));
    g_assert_false(xics_release(f->x, 0x0fff, 1));
    g_assert_false(xics_release(f->x, 0x1000, 0));
}

/* Claims outlive a reset; a released source forgets its routing and kind. */
static void test_claims_and_reset(Fixture *f, gconstpointer data)
{
    uint32_t server, prio;

    g_assert_true(xics_claim(f->x, 0x1020, 1, true));
    g_assert_cmpint(xics_set_xive(f->x, 0x1020, 1, 5), ==, 0);
    xics_reset(f->x);
    g_assert_true(xics_irq_claimed(f->x, 0x1020));
    g_assert_true(xics_irq_is_lsi(f->x, 0x1020));
    xics_get_xive(f->x, 0x1020, &server, &prio);
    g_assert_cmpuint(prio, ==, 0xff);
    g_assert_cmpint(xics_set_xive(f->x, 0x1020, 1, 5), ==, 0);
    g_assert_true(xics_release(f->x, 0x1020, 1));
    g_assert_false(xics_irq_is_lsi(f->x, 0x1020));
    xics_get_xive(f->x, 0x1020, &server, &prio);
    g_assert_cmpuint(prio, ==, 0xff);
    g_assert_cmpuint(server, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(name, fn) g_test_add(name, Fixture, NULL, fixture_setup, fn, fixture_teardown)
    ADD("/xics/masked-until-set-xive", test_masked_until_set_xive);
    ADD("/xics/cppr-blocks", test_cppr_blocks);
    ADD("/xics/ipi", test_ipi);
    ADD("/xics/preemption", test_preemption);
    ADD("/xics/lsi", test_lsi);
    ADD("/xics/bad-arguments", test_bad_arguments);
    ADD("/xics/alloc/claim", test_claim);
    ADD("/xics/alloc/alignment", test_alloc_alignment);
    ADD("/xics/alloc/exhaustion-and-release", test_alloc_exhaustion_and_release);
    ADD("/xics/alloc/claims-and-reset", test_claims_and_reset);
    return g_test_run();
}
