/*
 * Unit tests for the TCE tables and their hypercalls (ppc/spapr/spapr_tce.c):
 * every error return of H_PUT_TCE, H_GET_TCE, H_STUFF_TCE and
 * H_PUT_TCE_INDIRECT (LoPAR 14.5.4.2), that a refused call leaves the table
 * as it was, the permission bits as a device's DMA sees them, and reset.
 * The table is PHB 0's default DMA window (LIOBN 0x80000000, 1 GiB at bus
 * address 0), which every pseries machine has.
 */
#include <glib.h>
#include <string.h>

#include "spapr-test-util.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_tce.h"

#define RAM_SIZE    (64ull << 20)
#define LIOBN       SPAPR_PCI_LIOBN(0, 0)
#define WINDOW      (1ull << 30)
#define PAGE        4096ull
#define LIST_ADDR   0x20000ull      /* a TCE list for H_PUT_TCE_INDIRECT */
#define DATA_ADDR   0x100000ull     /* pages the TCEs point at */
#define RW          (SPAPR_TCE_READ | SPAPR_TCE_WRITE)

typedef struct Fixture {
    TestCfg t;
    SpaprMachine *m;
    SpaprTceTable *tce;
} Fixture;

static void fixture_up(Fixture *f)
{
    Error *err = NULL;

    test_cfg_init(&f->t, 1, RAM_SIZE);
    f->t.cfg.nodefaults = true;
    f->m = spapr_machine_create(&f->t.cfg, &err);
    g_assert_null(err);
    g_assert_nonnull(f->m);
    f->tce = spapr_tce_table_find(LIOBN);
    g_assert_nonnull(f->tce);
}

static void fixture_down(Fixture *f)
{
    spapr_machine_free(f->m);
    test_cfg_cleanup(&f->t);
    /* The table went with its PHB. */
    g_assert_null(spapr_tce_table_find(LIOBN));
}

static int64_t hcall(Fixture *f, uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                     uint64_t *ret0)
{
    uint64_t args[SPAPR_HCALL_ARG_REGS] = { a0, a1, a2, a3 };
    int64_t r = spapr_hcall_dispatch(f->m, NULL, op, args);

    if (ret0) {
        *ret0 = args[0];
    }
    return r;
}

static uint64_t get_tce(Fixture *f, uint64_t ioba)
{
    uint64_t v = 0xbad;

    g_assert_cmpint(hcall(f, H_GET_TCE, LIOBN, ioba, 0, 0, &v), ==, H_SUCCESS);
    return v;
}

static void put_list(Fixture *f, const uint64_t *tces, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        MemTxResult res = MEMTX_OK;
        address_space_stq_be(&f->m->as, LIST_ADDR + 8 * i, tces[i], &res);
        g_assert_cmpint(res, ==, MEMTX_OK);
    }
}

static void test_table_shape(void)
{
    Fixture f;
    Error *err = NULL;

    fixture_up(&f);
    g_assert_cmphex(spapr_tce_table_liobn(f.tce), ==, 0x80000000);
    g_assert_cmphex(spapr_tce_table_bus_offset(f.tce), ==, 0);
    g_assert_cmphex(spapr_tce_table_size(f.tce), ==, WINDOW);
    /* A second table for the same LIOBN, or a window that is not whole pages: refused. */
    g_assert_null(spapr_tce_table_new(LIOBN, 0, WINDOW, &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_null(spapr_tce_table_new(0x1234, 0, 100, &err));
    g_assert_nonnull(err);
    error_free(err);
    fixture_down(&f);
}

static void test_put_get(void)
{
    Fixture f;
    uint64_t v;

    fixture_up(&f);
    g_assert_cmphex(get_tce(&f, 0x5000), ==, 0);
    g_assert_cmpint(hcall(&f, H_PUT_TCE, LIOBN, 0x5000, DATA_ADDR | RW, 0, NULL), ==, H_SUCCESS);
    g_assert_cmphex(get_tce(&f, 0x5000), ==, DATA_ADDR | RW);
    g_assert_cmphex(get_tce(&f, 0x4000), ==, 0);
    g_assert_cmphex(get_tce(&f, 0x6000), ==, 0);
    /* The last page of the window. */
    g_assert_cmpint(hcall(&f, H_PUT_TCE, LIOBN, WINDOW - PAGE, DATA_ADDR | SPAPR_TCE_READ, 0, NULL),
                    ==, H_SUCCESS);
    g_assert_cmphex(get_tce(&f, WINDOW - PAGE), ==, DATA_ADDR | SPAPR_TCE_READ);
    /* A TCE with no permission is a "page fault" entry: its address is not checked. */
    g_assert_cmpint(hcall(&f, H_PUT_TCE, LIOBN, 0x7000, 1ull << 50, 0, NULL), ==, H_SUCCESS);
    g_assert_cmphex(get_tce(&f, 0x7000), ==, 1ull << 50);

    /* Errors, each leaving the table alone. */
    g_assert_cmpint(hcall(&f, H_PUT_TCE, 0x80000100, 0x5000, 0, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_PUT_TCE, LIOBN | (1ull << 32), 0x5000, 0, 0, NULL), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_PUT_TCE, LIOBN, WINDOW, DATA_ADDR | RW, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_PUT_TCE, LIOBN, UINT64_MAX & ~(PAGE - 1), DATA_ADDR | RW, 0, NULL),
                    ==, H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_PUT_TCE, LIOBN, 0x5008, 0, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_PUT_TCE, LIOBN, 0x5000, RAM_SIZE | RW, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_PUT_TCE, LIOBN, 0x5000, (1ull << 40) | SPAPR_TCE_WRITE, 0, NULL),
                    ==, H_PARAMETER);
    g_assert_cmphex(get_tce(&f, 0x5000), ==, DATA_ADDR | RW);

    g_assert_cmpint(hcall(&f, H_GET_TCE, 0x1234, 0x5000, 0, 0, &v), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_GET_TCE, LIOBN, WINDOW, 0, 0, &v), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_GET_TCE, LIOBN, 0x5004, 0, 0, &v), ==, H_PARAMETER);
    fixture_down(&f);
}

static void test_stuff(void)
{
    Fixture f;

    fixture_up(&f);
    g_assert_cmpint(hcall(&f, H_STUFF_TCE, LIOBN, 0x10000, DATA_ADDR | RW, 512, NULL), ==,
                    H_SUCCESS);
    g_assert_cmphex(get_tce(&f, 0xf000), ==, 0);
    g_assert_cmphex(get_tce(&f, 0x10000), ==, DATA_ADDR | RW);
    g_assert_cmphex(get_tce(&f, 0x10000 + 511 * PAGE), ==, DATA_ADDR | RW);
    g_assert_cmphex(get_tce(&f, 0x10000 + 512 * PAGE), ==, 0);
    /* Unmapping is STUFF(..., 0, n), as Linux does it. */
    g_assert_cmpint(hcall(&f, H_STUFF_TCE, LIOBN, 0x10000 + PAGE, 0, 10, NULL), ==, H_SUCCESS);
    g_assert_cmphex(get_tce(&f, 0x10000), ==, DATA_ADDR | RW);
    g_assert_cmphex(get_tce(&f, 0x10000 + PAGE), ==, 0);
    g_assert_cmphex(get_tce(&f, 0x10000 + 10 * PAGE), ==, 0);
    g_assert_cmphex(get_tce(&f, 0x10000 + 11 * PAGE), ==, DATA_ADDR | RW);
    /* Up to the very end of the window, and count 0. */
    g_assert_cmpint(hcall(&f, H_STUFF_TCE, LIOBN, WINDOW - 4 * PAGE, DATA_ADDR | RW, 4, NULL), ==,
                    H_SUCCESS);
    g_assert_cmpint(hcall(&f, H_STUFF_TCE, LIOBN, 0x2000, DATA_ADDR | RW, 0, NULL), ==, H_SUCCESS);
    g_assert_cmphex(get_tce(&f, 0x2000), ==, 0);

    /* count > 512 is H_P4 (LoPAR), whatever else. */
    g_assert_cmpint(hcall(&f, H_STUFF_TCE, LIOBN, 0, 0, 513, NULL), ==, H_P4);
    /* Past the window: nothing is written, not even the entries inside it. */
    g_assert_cmpint(hcall(&f, H_STUFF_TCE, LIOBN, WINDOW - 4 * PAGE, SPAPR_TCE_READ, 5, NULL), ==,
                    H_PARAMETER);
    g_assert_cmphex(get_tce(&f, WINDOW - PAGE), ==, DATA_ADDR | RW);
    g_assert_cmpint(hcall(&f, H_STUFF_TCE, LIOBN, WINDOW, 0, 1, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_STUFF_TCE, 0x7fffffff, 0, 0, 1, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_STUFF_TCE, LIOBN, 0x800, 0, 1, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_STUFF_TCE, LIOBN, 0x10000, RAM_SIZE | RW, 2, NULL), ==,
                    H_PARAMETER);
    g_assert_cmphex(get_tce(&f, 0x10000), ==, DATA_ADDR | RW);
    fixture_down(&f);
}

static void test_indirect(void)
{
    Fixture f;
    uint64_t tces[512];

    fixture_up(&f);
    for (unsigned i = 0; i < G_N_ELEMENTS(tces); i++) {
        tces[i] = (DATA_ADDR + i * PAGE) | (i & 1 ? SPAPR_TCE_READ : RW);
    }
    put_list(&f, tces, 512);
    g_assert_cmpint(hcall(&f, H_PUT_TCE_INDIRECT, LIOBN, 0x100000, LIST_ADDR, 512, NULL), ==,
                    H_SUCCESS);
    g_assert_cmphex(get_tce(&f, 0x100000 - PAGE), ==, 0);
    for (unsigned i = 0; i < 512; i += 73) {
        g_assert_cmphex(get_tce(&f, 0x100000 + i * PAGE), ==, tces[i]);
    }
    g_assert_cmphex(get_tce(&f, 0x100000 + 511 * PAGE), ==, tces[511]);
    g_assert_cmphex(get_tce(&f, 0x100000 + 512 * PAGE), ==, 0);

    /* Errors: none of them writes a single entry. */
    tces[0] = DATA_ADDR | RW;
    tces[1] = DATA_ADDR | SPAPR_TCE_WRITE;
    tces[2] = RAM_SIZE | SPAPR_TCE_READ;       /* not RAM: the whole call fails */
    put_list(&f, tces, 3);
    g_assert_cmpint(hcall(&f, H_PUT_TCE_INDIRECT, LIOBN, 0x4000000, LIST_ADDR, 3, NULL), ==,
                    H_PARAMETER);
    g_assert_cmphex(get_tce(&f, 0x4000000), ==, 0);
    g_assert_cmphex(get_tce(&f, 0x4000000 + PAGE), ==, 0);
    g_assert_cmpint(hcall(&f, H_PUT_TCE_INDIRECT, LIOBN, 0x4000000, LIST_ADDR, 2, NULL), ==,
                    H_SUCCESS);
    g_assert_cmphex(get_tce(&f, 0x4000000 + PAGE), ==, DATA_ADDR | SPAPR_TCE_WRITE);

    g_assert_cmpint(hcall(&f, H_PUT_TCE_INDIRECT, LIOBN, 0x8000000, LIST_ADDR, 513, NULL), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_PUT_TCE_INDIRECT, LIOBN, 0x8000000, LIST_ADDR + 8, 2, NULL), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_PUT_TCE_INDIRECT, LIOBN, 0x8000000, RAM_SIZE, 2, NULL), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_PUT_TCE_INDIRECT, LIOBN, 0x8000010, LIST_ADDR, 2, NULL), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_PUT_TCE_INDIRECT, LIOBN, WINDOW - PAGE, LIST_ADDR, 2, NULL), ==,
                    H_PARAMETER);
    g_assert_cmpint(hcall(&f, H_PUT_TCE_INDIRECT, 0x80000001, 0x8000000, LIST_ADDR, 2, NULL), ==,
                    H_PARAMETER);
    g_assert_cmphex(get_tce(&f, 0x8000000), ==, 0);
    g_assert_cmphex(get_tce(&f, WINDOW - PAGE), ==, 0);
    /* A negative LIOBN asks for the multi-table option, which is not offered. */
    g_assert_cmpint(hcall(&f, H_PUT_TCE_INDIRECT, (uint64_t)-2, 0x8000000, LIST_ADDR, 2, NULL), ==,
                    H_FUNCTION);
    fixture_down(&f);
}

/* The device's view: each direction needs its permission bit; no valid TCE, no access. */
static void test_dma_permissions(void)
{
    Fixture f;
    uint8_t buf[2 * PAGE], mem[2 * PAGE], pattern[2 * PAGE];

    fixture_up(&f);
    for (unsigned i = 0; i < sizeof(pattern); i++) {
        pattern[i] = (uint8_t)(i * 7 + 1);
    }
    g_assert_cmpint(address_space_write(&f.m->as, DATA_ADDR, pattern, sizeof(pattern)), ==,
                    MEMTX_OK);
    /* Bus page 1 -> DATA_ADDR read-only, page 2 -> DATA_ADDR + PAGE write-only, 3 -> both. */
    hcall(&f, H_PUT_TCE, LIOBN, 1 * PAGE, DATA_ADDR | SPAPR_TCE_READ, 0, NULL);
    hcall(&f, H_PUT_TCE, LIOBN, 2 * PAGE, (DATA_ADDR + PAGE) | SPAPR_TCE_WRITE, 0, NULL);
    hcall(&f, H_PUT_TCE, LIOBN, 3 * PAGE, (DATA_ADDR + PAGE) | RW, 0, NULL);

    /* Read a page that allows reading, at an offset inside it. */
    g_assert_cmpint(spapr_tce_dma_rw(f.tce, &f.m->as, PAGE + 0x10, buf, 0x100, false), ==,
                    SPAPR_TCE_DMA_OK);
    g_assert_cmpmem(buf, 0x100, pattern + 0x10, 0x100);
    /* Writing it is refused and memory is untouched. */
    memset(buf, 0xee, sizeof(buf));
    g_assert_cmpint(spapr_tce_dma_rw(f.tce, &f.m->as, PAGE, buf, 16, true), ==,
                    SPAPR_TCE_DMA_NO_PERMISSION);
    /* Write-only: writes land, reads are refused. */
    g_assert_cmpint(spapr_tce_dma_rw(f.tce, &f.m->as, 2 * PAGE + 8, buf, 8, true), ==,
                    SPAPR_TCE_DMA_OK);
    g_assert_cmpint(spapr_tce_dma_rw(f.tce, &f.m->as, 2 * PAGE, buf, 8, false), ==,
                    SPAPR_TCE_DMA_NO_PERMISSION);
    g_assert_cmpint(address_space_read(&f.m->as, DATA_ADDR, mem, sizeof(mem)), ==, MEMTX_OK);
    g_assert_cmpmem(mem, PAGE, pattern, PAGE);
    g_assert_cmpmem(mem + PAGE + 8, 8, buf, 8);
    /* Page 0 has no TCE; past the window there is none either. */
    g_assert_cmpint(spapr_tce_dma_rw(f.tce, &f.m->as, 0x800, buf, 4, false), ==,
                    SPAPR_TCE_DMA_NO_TRANSLATION);
    g_assert_cmpint(spapr_tce_dma_rw(f.tce, &f.m->as, WINDOW, buf, 4, false), ==,
                    SPAPR_TCE_DMA_NO_TRANSLATION);
    g_assert_cmpint(spapr_tce_dma_rw(f.tce, &f.m->as, UINT64_MAX - 1, buf, 4, false), ==,
                    SPAPR_TCE_DMA_NO_TRANSLATION);

    /* Across pages: 3 (read-write) then 4 (none). The first page is written, not the rest. */
    memset(buf, 0x5a, sizeof(buf));
    g_assert_cmpint(spapr_tce_dma_rw(f.tce, &f.m->as, 4 * PAGE - 16, buf, 32, true), ==,
                    SPAPR_TCE_DMA_NO_TRANSLATION);
    g_assert_cmpint(address_space_read(&f.m->as, DATA_ADDR + 2 * PAGE - 16, mem, 32), ==, MEMTX_OK);
    g_assert_cmpmem(mem, 16, buf, 16);
    for (int i = 16; i < 32; i++) {
        g_assert_cmpuint(mem[i], ==, 0);    /* fresh RAM past the pattern: no 0x5a got here */
    }
    fixture_down(&f);
}

static void test_reset_and_hypertas(void)
{
    Fixture f;
    const char *const *groups;
    bool tce = false, multi = false;

    fixture_up(&f);
    hcall(&f, H_PUT_TCE, LIOBN, 0x3000, DATA_ADDR | RW, 0, NULL);
    g_assert_cmphex(get_tce(&f, 0x3000), ==, DATA_ADDR | RW);
    device_reset_all();
    g_assert_cmphex(get_tce(&f, 0x3000), ==, 0);

    groups = spapr_hcall_groups();
    for (int i = 0; groups[i]; i++) {
        tce |= g_str_equal(groups[i], "hcall-tce");
        multi |= g_str_equal(groups[i], "hcall-multi-tce");
    }
    g_assert_true(tce && multi);
    g_assert_cmpstr(spapr_hcall_lookup(H_PUT_TCE_INDIRECT)->group, ==, "hcall-multi-tce");
    g_assert_cmpstr(spapr_hcall_lookup(H_STUFF_TCE)->group, ==, "hcall-multi-tce");
    g_assert_cmpstr(spapr_hcall_lookup(H_GET_TCE)->group, ==, "hcall-tce");
    fixture_down(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/spapr/tce/table-shape", test_table_shape);
    g_test_add_func("/spapr/tce/put-get", test_put_get);
    g_test_add_func("/spapr/tce/stuff", test_stuff);
    g_test_add_func("/spapr/tce/indirect", test_indirect);
    g_test_add_func("/spapr/tce/dma-permissions", test_dma_permissions);
    g_test_add_func("/spapr/tce/reset-and-hypertas", test_reset_and_hypertas);
    return g_test_run();
}
