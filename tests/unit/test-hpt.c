/*
 * The HPT hypercalls (LoPAPR 14.5.4.1) and the MMU's hash walk over the
 * entries they make (Power ISA 2.07B Book III 5.7.7): expected values are
 * worked out from the architecture's hash and AVPN definitions.
 */
#include <glib.h>

#include "ppc/mmu-hash.h"
#include "ppc/mmu.h"
#include "ppc/spapr/spapr_hpt.h"

#define RAM (256ull << 20)

static PPCHypervisor hv;

static void setup(void)
{
    spapr_hpt_free(&hv);
    g_assert_true(spapr_hpt_alloc(&hv, spapr_hpt_shift_for_ram(RAM), RAM));
    hv.rma_size = RAM;
}

static void test_shift(void)
{
    g_assert_cmpuint(spapr_hpt_shift_for_ram(1ull << 30), ==, 23);
    g_assert_cmpuint(spapr_hpt_shift_for_ram(256ull << 20), ==, 21);
    g_assert_cmpuint(spapr_hpt_shift_for_ram(1ull << 20), ==, 18);   /* at least 256 KiB */
    g_assert_cmpuint(spapr_hpt_shift_for_ram(3ull << 30), ==, 25);   /* rounded up to 4G */
}

/* V for a 4K page of VSID vsid at segment offset off (256M segment), primary hash. */
static uint64_t v_4k(uint64_t vsid, uint64_t off)
{
    return (vsid << 12) | (((off & ~0xfffull) >> 16) & HPTE_V_AVPN) | HPTE_V_VALID;
}

static void test_enter_slots(void)
{
    uint64_t args[8];

    setup();
    for (int i = 0; i < 8; i++) {
        uint64_t a[4] = { 0, 16, v_4k(0x100 + i, 0), 0x1000ull * i | HPTE_R_M | 2 };
        g_assert_cmpint(spapr_h_enter(&hv, a), ==, 0);
        g_assert_cmpuint(a[0], ==, 16 + i);    /* next free slot of group 2 */
    }
    uint64_t full[4] = { 0, 17, v_4k(0x200, 0), 0x8000 | HPTE_R_M };
    g_assert_cmpint(spapr_h_enter(&hv, full), ==, -6);     /* H_PTEG_FULL */
    /* H_EXACT on a used slot is full too; on a free one it uses exactly that slot */
    uint64_t exact[4] = { 1ull << 39, 25, v_4k(0x300, 0), 0x9000 | HPTE_R_M };
    g_assert_cmpint(spapr_h_enter(&hv, exact), ==, 0);
    g_assert_cmpuint(exact[0], ==, 25);

    /* Cache-inhibited RAM and cacheable I/O are refused; an out-of-table ptex too. */
    uint64_t ci[4] = { 0, 32, v_4k(1, 0), 0x1000 | HPTE_R_I | HPTE_R_G };
    g_assert_cmpint(spapr_h_enter(&hv, ci), ==, -4);
    uint64_t io[4] = { 0, 32, v_4k(1, 0), (1ull << 40) | HPTE_R_M };
    g_assert_cmpint(spapr_h_enter(&hv, io), ==, -4);
    uint64_t io_ok[4] = { 0, 32, v_4k(1, 0), (1ull << 40) | HPTE_R_I | HPTE_R_G };
    g_assert_cmpint(spapr_h_enter(&hv, io_ok), ==, 0);
    uint64_t big[4] = { 0, 1ull << 40, v_4k(1, 0), HPTE_R_M };
    g_assert_cmpint(spapr_h_enter(&hv, big), ==, -4);
    /* large page with an LP code valid for no segment size */
    uint64_t lp[4] = { 0, 40, v_4k(1, 0) | HPTE_V_LARGE, 0x3000 | HPTE_R_M };
    g_assert_cmpint(spapr_h_enter(&hv, lp), ==, -4);

    /* H_READ_4 returns the four entries of the aligned quad */
    args[0] = 1ull << 37;
    args[1] = 18;
    g_assert_cmpint(spapr_h_read(&hv, args), ==, 0);
    g_assert_cmphex(args[0], ==, v_4k(0x100, 0));
    g_assert_cmphex(args[6], ==, v_4k(0x103, 0));
    g_assert_cmphex(args[7], ==, 0x3000 | HPTE_R_M | 2);
}

static void test_remove_protect(void)
{
    uint64_t v = v_4k(0x42, 0x5000);
    uint64_t a[4] = { 0, 8, v, 0x7000 | HPTE_R_M | 2 };

    setup();
    g_assert_cmpint(spapr_h_enter(&hv, a), ==, 0);
    /* H_AVPN mismatch: not found, entry stays */
    uint64_t r1[3] = { 1ull << 31, 8, (v & ~0x7full) ^ 0x80 };
    g_assert_cmpint(spapr_h_remove(&hv, r1), ==, -7);   /* H_NOT_FOUND */
    /* H_PROTECT: pp=3 (read-only), N, key bits */
    uint64_t p[3] = { 0x100 | 0x4 | 0x3, 8, v & ~0x7full };
    p[0] |= 1ull << 31;
    g_assert_cmpint(spapr_h_protect(&hv, p), ==, 0);
    uint64_t rd[2] = { 0, 8 };
    spapr_h_read(&hv, rd);
    g_assert_cmphex(rd[1], ==, 0x7000 | HPTE_R_M | HPTE_R_PP0 | HPTE_R_N | 3);
    /* H_ANDCOND: remove only if (V & arg) == 0 */
    uint64_t r2[3] = { 1ull << 30, 8, HPTE_V_VALID };
    g_assert_cmpint(spapr_h_remove(&hv, r2), ==, -7);   /* H_NOT_FOUND */
    uint64_t r3[3] = { 1ull << 31, 8, v & ~0x7full };
    g_assert_cmpint(spapr_h_remove(&hv, r3), ==, 0);
    g_assert_cmphex(r3[0], ==, v);
    uint64_t r4[3] = { 0, 8, 0 };
    g_assert_cmpint(spapr_h_remove(&hv, r4), ==, -7);   /* H_NOT_FOUND */
}

/* H_CLEAR_REF / H_CLEAR_MOD: return the old second doubleword, clear just their bit. */
static void test_clear_ref_mod(void)
{
    uint64_t r0 = 0x7000 | HPTE_R_M | HPTE_R_R | HPTE_R_C | 2;
    uint64_t a[4] = { 0, 8, v_4k(0x42, 0x5000), r0 };
    uint64_t c[2], rd[2];

    setup();
    g_assert_cmpint(spapr_h_enter(&hv, a), ==, 0);
    c[0] = 0, c[1] = 8;
    g_assert_cmpint(spapr_h_clear_ref(&hv, c), ==, 0);
    g_assert_cmphex(c[0], ==, r0);
    rd[0] = 0, rd[1] = 8;
    spapr_h_read(&hv, rd);
    g_assert_cmphex(rd[1], ==, r0 & ~HPTE_R_R);
    c[0] = 0, c[1] = 8;
    g_assert_cmpint(spapr_h_clear_mod(&hv, c), ==, 0);
    g_assert_cmphex(c[0], ==, r0 & ~HPTE_R_R);
    rd[0] = 0, rd[1] = 8;
    spapr_h_read(&hv, rd);
    g_assert_cmphex(rd[1], ==, r0 & ~(HPTE_R_R | HPTE_R_C));
    /* An empty slot, and one past the table. */
    c[0] = 0, c[1] = 9;
    g_assert_cmpint(spapr_h_clear_ref(&hv, c), ==, -7);   /* H_NOT_FOUND */
    c[0] = 0, c[1] = 1ull << 40;
    g_assert_cmpint(spapr_h_clear_mod(&hv, c), ==, -4);   /* H_PARAMETER */
}

static void test_bulk_remove(void)
{
    uint64_t a[4] = { 0, 64, v_4k(7, 0), 0x2000 | HPTE_R_M | HPTE_R_R | HPTE_R_C };
    uint64_t args[8] = { 0 };

    setup();
    spapr_h_enter(&hv, a);
    args[0] = (1ull << 62) | 64;                 /* request, absolute, ptex 64 */
    args[2] = (1ull << 62) | 65;                 /* request for an empty slot */
    args[4] = 3ull << 62;                        /* end */
    g_assert_cmpint(spapr_h_bulk_remove(&hv, args), ==, 0);
    /* response type, code 0, R and C moved up by 43 */
    g_assert_cmphex(args[0], ==, (2ull << 62) | 64 | ((HPTE_R_R | HPTE_R_C) << 43));
    g_assert_cmphex(args[2], ==, (2ull << 62) | (1ull << 60) | 65);
    args[0] = (2ull << 62) | 64;                 /* a response is not a request */
    g_assert_cmpint(spapr_h_bulk_remove(&hv, args), ==, -4);
}

/* The MMU finds the entry through the SLB and the primary and secondary hashes. */
static void test_walk(void)
{
    PowerPCCPU *cpu = g_new0(PowerPCCPU, 1);
    uint64_t vsid = 0x123456, ea = 0xc000000012345678ull, pa;
    uint64_t off = ea & 0x0fffffff;
    uint64_t hash = vsid ^ (off >> 12);
    uint64_t group = hash & hv.htab_mask;
    bool w;

    setup();
    cpu->vhyp = &hv;
    cpu->msr = MSR_SF | MSR_IR | MSR_DR;
    cpu->slb[3].esid = (ea & ~0x0fffffffull) | SLB_ESID_V | 3;
    cpu->slb[3].vsid = vsid << 12;
    g_assert_false(ppc_translate_addr(cpu, ea, ACCESS_READ, &pa, &w));

    uint64_t a[4] = { 0, group * 8, v_4k(vsid, off), 0x00abc000ull | HPTE_R_M | 2 };
    g_assert_cmpint(spapr_h_enter(&hv, a), ==, 0);
    g_assert_true(ppc_translate_addr(cpu, ea, ACCESS_READ, &pa, &w));
    g_assert_cmphex(pa, ==, 0x00abc678);

    /* Same page in the secondary group (H bit set) */
    uint64_t r[3] = { 0, a[0], 0 };
    spapr_h_remove(&hv, r);
    uint64_t b[4] = { 0, (~hash & hv.htab_mask) * 8, v_4k(vsid, off) | HPTE_V_SECONDARY,
                      0x00def000ull | HPTE_R_M | 2 };
    g_assert_cmpint(spapr_h_enter(&hv, b), ==, 0);
    g_assert_true(ppc_translate_addr(cpu, ea, ACCESS_READ, &pa, &w));
    g_assert_cmphex(pa, ==, 0x00def678);

    /* Problem state with Kp=1 and PP=0: no access */
    cpu->slb[3].vsid |= SLB_VSID_KP;
    cpu->msr |= MSR_PR;
    hv.htab[0] = hv.htab[0];
    hpte_ptr(hv.htab, b[0])[1] = 0x00def000ull | HPTE_R_M | 0;
    g_assert_false(ppc_translate_addr(cpu, ea, ACCESS_READ, &pa, &w));
    g_free(cpu);
}

/*
 * A 16M page in a 64K-base segment, as Linux maps transparent huge pages: one
 * HPTE per 64K subpage, hashed with the base size, whose AVPN carries EA bit 23
 * (inside the 16M page offset). That bit is not compared (5.7.7.2), so the
 * upper 8M half translates too.
 */
static void test_walk_thp_subpage(void)
{
    PowerPCCPU *cpu = g_new0(PowerPCCPU, 1);
    uint64_t vsid = 0x2468ac, ea = 0x0000000031c12345ull, pa;
    uint64_t off = ea & 0x0fffffff;
    uint64_t group = (vsid ^ (off >> 16)) & hv.htab_mask;
    uint64_t v = (vsid << 12) | ((off >> 16) & HPTE_V_AVPN) | HPTE_V_LARGE | HPTE_V_VALID;
    uint64_t r = 0x05000000ull | (0x8ull << 12) | HPTE_R_M | 2;   /* LP 8: 16M actual, 64K base */
    bool w;

    setup();
    g_assert_true(v & (1ull << 7));     /* EA bit 23 is in this AVPN */
    cpu->vhyp = &hv;
    cpu->msr = MSR_SF | MSR_IR | MSR_DR;
    cpu->slb[0].esid = (ea & ~0x0fffffffull) | SLB_ESID_V;
    cpu->slb[0].vsid = (vsid << 12) | SLB_VSID_L | 0x10;
    uint64_t a[4] = { 0, group * 8, v, r };
    g_assert_cmpint(spapr_h_enter(&hv, a), ==, 0);
    g_assert_true(ppc_translate_addr(cpu, ea, ACCESS_READ, &pa, &w));
    g_assert_cmphex(pa, ==, 0x05c12345);
    /* Another 16M page (EA bit 24 differs): still no match. */
    g_assert_false(ppc_translate_addr(cpu, ea ^ (1ull << 24), ACCESS_READ, &pa, &w));
    g_free(cpu);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hpt/shift", test_shift);
    g_test_add_func("/hpt/enter-slots", test_enter_slots);
    g_test_add_func("/hpt/remove-protect", test_remove_protect);
    g_test_add_func("/hpt/bulk-remove", test_bulk_remove);
    g_test_add_func("/hpt/clear-ref-mod", test_clear_ref_mod);
    g_test_add_func("/hpt/walk", test_walk);
    g_test_add_func("/hpt/walk-thp-subpage", test_walk_thp_subpage);
    return g_test_run();
}
