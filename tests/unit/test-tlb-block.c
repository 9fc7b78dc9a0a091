/*
 * The software TLB's block table (ppc/cpu.h: 64 KiB entries in front of the
 * 4 KiB ones, read by native code first): a data access through a 64 KiB
 * page fills its block entry with the rights all sixteen 4 KiB pages have,
 * and everything that drops one of those drops the block entry too: an HPTE
 * removed or made read-only (LoPAPR 14.5.4.1.2-3), a page of the block
 * becoming code, any host range that overlaps it, an SLB entry going
 * (Power ISA 2.07B Book III 5.7.6-5.7.7). Real mode fills block entries of
 * the real-mode area.
 */
#include <glib.h>

#include "core/memory.h"
#include "ppc/mmu-hash.h"
#include "ppc/mmu.h"
#include "ppc/spapr/spapr_hpt.h"
#include "mmu-test-util.h"

#define RAM (64ull << 20)
#define VSID 0x765ull
#define SEG 0xc000000010000000ull       /* the segment of SLB entry 0: 64 KiB base pages */
#define EA_A (SEG + 0x00230000ull)
#define EA_B (SEG + 0x00470000ull)
#define PA_A 0x00510000ull
#define PA_B 0x00620000ull
#define MODE_DR 1                       /* MSR[DR] = 1, MSR[PR] = 0 */
#define MSR_TRANSLATED (MSR_SF | MSR_IR | MSR_DR | MSR_LE)

static MemoryRegion root, ram;
static AddressSpace as;
static PPCHypervisor hv;
static PowerPCCPU *cpus[2];

/* Enter a 64 KiB page ea -> pa (read/write, R and C set) in its primary group; its slot. */
static uint64_t enter64k(uint64_t ea, uint64_t pa)
{
    uint64_t off = ea & 0x0fffffffull;
    uint64_t group = (VSID ^ (off >> 16)) & hv.htab_mask;
    uint64_t v = (VSID << 12) | (off >> 16 & HPTE_V_AVPN) | HPTE_V_LARGE | HPTE_V_VALID;
    uint64_t r = pa | 0x1000 /* LP: 64 KiB */ | HPTE_R_M | HPTE_R_R | HPTE_R_C | 2;
    uint64_t a[4] = { 0, group * 8, v, r };

    g_assert_cmpint(spapr_h_enter(&hv, a), ==, 0);
    return a[0];
}

/* What the block entry of ea's block in mode holds for ea: its host address, or NULL. */
static void *block_hit(PowerPCCPU *cpu, int mode, uint64_t ea, bool write)
{
    const PPCTlbEntry *e = &cpu->tlb64[mode][(ea >> 16) & (PPC_TLB64_SIZE - 1)];
    uint64_t tag = write ? e->tag_write : e->tag_read;

    return tag == (ea & ~0xffffull) ? (void *)(uintptr_t)(ea + e->addend) : NULL;
}

/* A load from ea on both vCPUs through emptied TLBs: so it fills. */
static void fill(uint64_t ea)
{
    uint64_t v;

    for (int i = 0; i < 2; i++) {
        ppc_tlb_flush(cpus[i]);
        g_assert_true(mmu_test_load(cpus[i], ea + 0x18, MSR_TRANSLATED, &v));
    }
}

static void setup(void)
{
    mmu_test_machine(&root, &ram, &as, &hv, RAM);
    for (int i = 0; i < 2; i++) {
        cpus[i] = ppc_cpu_new(i, &as, &hv, NULL);
        cpus[i]->slb[0].esid = (SEG & ~0x0fffffffull) | SLB_ESID_V;
        cpus[i]->slb[0].vsid = VSID << 12 | SLB_VSID_L | 0x10;     /* LP 01: 64 KiB */
    }
}

static void test_fill(void)
{
    enter64k(EA_A, PA_A);
    ((uint64_t *)ram.ram)[(PA_A + 0x9008) / 8] = 0x5151;
    fill(EA_A);
    for (int i = 0; i < 2; i++) {
        /* every byte of the block, at the host address of its physical byte */
        g_assert_true(block_hit(cpus[i], MODE_DR, EA_A + 0x9008, false) ==
                      (void *)(ram.ram + PA_A + 0x9008));
        g_assert_cmphex(*(uint64_t *)block_hit(cpus[i], MODE_DR, EA_A + 0x9008, false), ==, 0x5151);
        g_assert_nonnull(block_hit(cpus[i], MODE_DR, EA_A + 0xfff8, true));
    }
}

static void test_code_page_drops_write(void)
{
    uint64_t v;

    /* A block was translated from the page at PA_A + 0x3000: its stores must be seen. */
    memory_region_set_code_page(&ram, PA_A + 0x3000);
    ppc_tlb_protect_code_page(PA_A + 0x3000);
    for (int i = 0; i < 2; i++) {
        g_assert_null(block_hit(cpus[i], MODE_DR, EA_A, true));
        g_assert_nonnull(block_hit(cpus[i], MODE_DR, EA_A, false));
        /* refilled from another page of the block: still no write right */
        ppc_tlb_flush(cpus[i]);
        g_assert_true(mmu_test_load(cpus[i], EA_A + 0xc000, MSR_TRANSLATED, &v));
        g_assert_null(block_hit(cpus[i], MODE_DR, EA_A, true));
        g_assert_nonnull(block_hit(cpus[i], MODE_DR, EA_A, false));
    }
    memory_region_clear_code_page(&ram, PA_A + 0x3000);
}

static void test_overlap_drops(void)
{
    fill(EA_A);
    g_assert_nonnull(block_hit(cpus[0], MODE_DR, EA_A, false));
    /* one 4 KiB page in the middle of the block's host range */
    ppc_tlb_flush_phys(PA_A + 0x5000, 0x1000, false);
    for (int i = 0; i < 2; i++) {
        g_assert_null(block_hit(cpus[i], MODE_DR, EA_A, false));
        g_assert_null(block_hit(cpus[i], MODE_DR, EA_A, true));
    }
}

static void test_remove_and_protect(void)
{
    uint64_t a = enter64k(EA_B, PA_B), v;

    fill(EA_B);
    for (int i = 0; i < 2; i++) {
        g_assert_true(mmu_test_load(cpus[i], EA_A, MSR_TRANSLATED, &v));
        g_assert_nonnull(block_hit(cpus[i], MODE_DR, EA_A, true));
    }
    uint64_t p[3] = { 3, a, 0 };   /* PP = 3: read-only */
    g_assert_cmpint(spapr_h_protect(&hv, p), ==, 0);
    for (int i = 0; i < 2; i++) {
        g_assert_null(block_hit(cpus[i], MODE_DR, EA_B, true));
        g_assert_nonnull(block_hit(cpus[i], MODE_DR, EA_A, true));     /* not this one */
        g_assert_true(mmu_test_load(cpus[i], EA_B + 0x2000, MSR_TRANSLATED, &v));
        g_assert_nonnull(block_hit(cpus[i], MODE_DR, EA_B, false));
        g_assert_null(block_hit(cpus[i], MODE_DR, EA_B, true));
    }
    uint64_t r[3] = { 0, a, 0 };
    g_assert_cmpint(spapr_h_remove(&hv, r), ==, 0);
    for (int i = 0; i < 2; i++) {
        g_assert_null(block_hit(cpus[i], MODE_DR, EA_B, false));
        g_assert_nonnull(block_hit(cpus[i], MODE_DR, EA_A, false));
        g_assert_false(mmu_test_load(cpus[i], EA_B + 0x10, MSR_TRANSLATED, &v));
    }
}

static void test_segment_drops(void)
{
    fill(EA_A);
    g_assert_nonnull(block_hit(cpus[0], MODE_DR, EA_A, false));
    ppc_tlb_flush_segment(cpus[0], SEG, false);
    g_assert_null(block_hit(cpus[0], MODE_DR, EA_A, false));
    g_assert_nonnull(block_hit(cpus[1], MODE_DR, EA_A, false));    /* its own SLB: untouched */
}

static void test_real_mode(void)
{
    uint64_t v;

    ((uint64_t *)ram.ram)[(PA_B + 0x4400) / 8] = 0x7777;
    g_assert_true(mmu_test_load(cpus[0], PA_B + 0x4400, MSR_SF | MSR_LE, &v));
    g_assert_cmphex(v, ==, 0x7777);
    g_assert_true(block_hit(cpus[0], 0, PA_B + 0xff00, true) == (void *)(ram.ram + PA_B + 0xff00));
    /* the last block below the real-mode limit, and none past it */
    hv.rma_size = PA_B + 0x8000;
    ppc_tlb_flush(cpus[0]);
    g_assert_true(mmu_test_load(cpus[0], PA_B + 0x100, MSR_SF | MSR_LE, &v));
    g_assert_null(block_hit(cpus[0], 0, PA_B + 0x100, false));
    g_assert_nonnull(ppc_tlb_hit(cpus[0], PA_B + 0x100, 8, ACCESS_READ));
    hv.rma_size = RAM;
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup();
    g_test_add_func("/tlb-block/fill", test_fill);
    g_test_add_func("/tlb-block/code-page", test_code_page_drops_write);
    g_test_add_func("/tlb-block/overlap", test_overlap_drops);
    g_test_add_func("/tlb-block/remove-protect", test_remove_and_protect);
    g_test_add_func("/tlb-block/segment", test_segment_drops);
    g_test_add_func("/tlb-block/real-mode", test_real_mode);
    return g_test_run();
}
