/*
 * The software TLB against HPT changes (Power ISA 2.07B Book III 5.7.7,
 * LoPAPR 14.5.4.1): removing or protecting an HPTE drops exactly the TLB
 * entries reaching its page, on every vCPU, and nothing else; accesses then
 * see the new state of the table (a DSI, or no write access).
 */
#include <glib.h>
#include <setjmp.h>

#include "core/memory.h"
#include "ppc/mmu-hash.h"
#include "ppc/mmu.h"
#include "ppc/spapr/spapr_hpt.h"
#include "ppc/stats.h"
#include "mmu-test-util.h"

#define RAM (64ull << 20)
#define VSID 0x4321ull
#define EA_A 0xc000000001000000ull      /* both in the segment of SLB entry 0 */
#define EA_B 0xc000000002001000ull      /* another TLB slot than EA_A */
#define PA_A 0x00300000ull
#define PA_B 0x00400000ull

static MemoryRegion root, ram;
static AddressSpace as;
static PPCHypervisor hv;
static PowerPCCPU *cpus[2];

static uint64_t hpte_v(uint64_t ea)
{
    return (VSID << 12) | (((ea & 0x0fffffffull) & ~0xfffull) >> 16 & HPTE_V_AVPN) | HPTE_V_VALID;
}

/* Enter a 4K page ea -> pa (read/write) in its primary group; returns the slot. */
static uint64_t enter(uint64_t ea, uint64_t pa)
{
    uint64_t group = (VSID ^ ((ea & 0x0fffffffull) >> 12)) & hv.htab_mask;
    uint64_t a[4] = { 0, group * 8, hpte_v(ea), pa | HPTE_R_M | HPTE_R_R | HPTE_R_C | 2 };

    g_assert_cmpint(spapr_h_enter(&hv, a), ==, 0);
    return a[0];
}

/* A load through the MMU; false if it raised an interrupt (which turned translation off). */
static bool load(PowerPCCPU *cpu, uint64_t ea, uint64_t *val)
{
    return mmu_test_load(cpu, ea, MSR_SF | MSR_IR | MSR_DR | MSR_LE, val);
}

static bool store(PowerPCCPU *cpu, uint64_t ea, uint64_t val)
{
    cpu->msr = MSR_SF | MSR_IR | MSR_DR | MSR_LE;
    if (sigsetjmp(cpu->cs.jmp_env, 0)) {
        return false;
    }
    ppc_st64(cpu, ea, val);
    return true;
}

static void setup(void)
{
    mmu_test_machine(&root, &ram, &as, &hv, RAM);
    for (int i = 0; i < 2; i++) {
        cpus[i] = ppc_cpu_new(i, &as, &hv, NULL);
        cpus[i]->slb[0].esid = (EA_A & ~0x0fffffffull) | SLB_ESID_V;
        cpus[i]->slb[0].vsid = VSID << 12;
    }
    ((uint64_t *)ram.ram)[PA_A / 8] = 0x1111;
    ((uint64_t *)ram.ram)[PA_B / 8] = 0x2222;
}

static void test_remove_drops_only_that_page(void)
{
    uint64_t a = enter(EA_A, PA_A), v;
    enter(EA_B, PA_B);

    for (int i = 0; i < 2; i++) {
        g_assert_true(load(cpus[i], EA_A, &v));
        g_assert_cmphex(v, ==, 0x1111);
        g_assert_true(load(cpus[i], EA_B, &v));
        g_assert_cmphex(v, ==, 0x2222);
        g_assert_nonnull(ppc_tlb_hit(cpus[i], EA_A, 8, ACCESS_READ));
        g_assert_nonnull(ppc_tlb_hit(cpus[i], EA_B, 8, ACCESS_READ));
    }

    uint64_t r[3] = { 0, a, 0 };
    PPCStats before, after;

    ppc_stats_total(&before);
    g_assert_cmpint(spapr_h_remove(&hv, r), ==, 0);
    ppc_stats_total(&after);
    /* counted (info profile) as one HPTE change, two selective flushes, no whole-TLB one */
    g_assert_cmpuint(after.tlb_flush[TLB_FLUSH_HPTE], ==, before.tlb_flush[TLB_FLUSH_HPTE] + 1);
    g_assert_cmpuint(after.tlb_flush_phys, ==, before.tlb_flush_phys + 2);
    g_assert_cmpuint(after.tlb_flushes, ==, before.tlb_flushes);
    for (int i = 0; i < 2; i++) {
        g_assert_null(ppc_tlb_hit(cpus[i], EA_A, 8, ACCESS_READ));
        g_assert_nonnull(ppc_tlb_hit(cpus[i], EA_B, 8, ACCESS_READ));
        /* The access itself now faults: DSI with "no translation". */
        g_assert_false(load(cpus[i], EA_A, &v));
        g_assert_cmphex(cpus[i]->spr[SPR_DAR], ==, EA_A);
        g_assert_cmphex(cpus[i]->spr[SPR_DSISR] & DSISR_NOPTE, ==, DSISR_NOPTE);
    }
}

static void test_protect_drops_write(void)
{
    uint64_t b = 0, v;

    /* EA_B is still mapped by the previous test; a write fills its write tag. */
    for (uint64_t p = 0; p < (hv.htab_mask + 1) * 8; p++) {
        if (hpte_ptr(hv.htab, p)[0] == hpte_v(EA_B)) {
            b = p;
        }
    }
    g_assert_true(store(cpus[0], EA_B, 0x3333));
    g_assert_cmphex(cpus[0]->msr & MSR_DR, ==, MSR_DR);
    g_assert_nonnull(ppc_tlb_hit(cpus[0], EA_B, 8, ACCESS_WRITE));

    uint64_t p[3] = { 3, b, 0 };   /* PP = 3: read-only */
    g_assert_cmpint(spapr_h_protect(&hv, p), ==, 0);
    g_assert_null(ppc_tlb_hit(cpus[0], EA_B, 8, ACCESS_WRITE));
    g_assert_true(load(cpus[0], EA_B, &v));
    g_assert_cmphex(v, ==, 0x3333);
    g_assert_false(store(cpus[0], EA_B, 0x4444));
    g_assert_cmphex(cpus[0]->spr[SPR_DSISR], ==, DSISR_PROTFAULT | DSISR_STORE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup();
    g_test_add_func("/tlb-hpte/remove", test_remove_drops_only_that_page);
    g_test_add_func("/tlb-hpte/protect", test_protect_drops_write);
    return g_test_run();
}
