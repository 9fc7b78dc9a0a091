/*
 * `info tlb` for the hash MMU (Book III 5.7.6-5.7.7): the valid SLB entries
 * of the monitor's CPU, then every valid HPTE that one of them can reach,
 * with the effective address it maps. An HPTE names its page only partly
 * (the AVPN holds the VSID and the high page bits): the low page bits come
 * back out of the PTEG index, by undoing the hash the walker used.
 */
#include <inttypes.h>

#include "core/monitor.h"
#include "ppc/cpu.h"
#include "ppc/mmu-hash.h"
#include "ppc/mmu.h"

#define INFO_TLB_MAX_LINES 4096

static unsigned segment_base_shift(const PPCSlbEntry *e)
{
    if (!(e->vsid & SLB_VSID_L)) {
        return 12;
    }
    switch (e->vsid & SLB_VSID_LP) {
    case 0x00: return 24;
    case 0x10: return 16;
    default:   return 0;
    }
}

typedef struct SegmentView {
    const PPCSlbEntry *slb;
    bool seg_1t;
    unsigned base;
    uint64_t vsid_avpn_mask;    /* the bits of HPTE dword 0 that hold the VSID */
    uint64_t ea_avpn_mask;      /* the bits below them: EA bits 23.. shifted down 16 */
    uint64_t hash_vsid;         /* the VSID's share of the hash */
    uint64_t ea_base;           /* the segment's first effective address */
} SegmentView;

static void segment_view(const PPCSlbEntry *e, SegmentView *s)
{
    s->slb = e;
    s->seg_1t = (e->vsid & SLB_VSID_B) == SLB_VSID_B_1T;
    s->base = segment_base_shift(e);
    if (s->seg_1t) {
        uint64_t vsid = (e->vsid & 0x3fffffffffffffffull) >> 24;
        s->vsid_avpn_mask = 0x3fffffffff000000ull;
        s->ea_avpn_mask = 0x0000000000ffff80ull;
        s->hash_vsid = vsid ^ (vsid << 25);
        s->ea_base = e->esid & ~0xffffffffffull;
    } else {
        s->vsid_avpn_mask = 0x3ffffffffffff000ull;
        s->ea_avpn_mask = 0x0000000000000f80ull;
        s->hash_vsid = (e->vsid & 0x3fffffffffffffffull) >> 12;
        s->ea_base = e->esid & ~0x0fffffffull;
    }
}

/* The effective address hpte (in PTEG group, found by the hash) maps through s, if any. */
static bool hpte_ea(const SegmentView *s, uint64_t v, uint64_t group, uint64_t htab_mask,
                    uint64_t *ea)
{
    uint64_t hash = (v & HPTE_V_SECONDARY) ? ~group : group;
    uint64_t ea_off, low_bits;

    if (!s->base || ((v ^ s->slb->vsid) & HPTE_V_B_MASK) ||
        ((v ^ s->slb->vsid) & s->vsid_avpn_mask)) {
        return false;
    }
    ea_off = (v & s->ea_avpn_mask) << 16;
    low_bits = s->base < 23 ? 23 - s->base : 0;
    ea_off |= ((hash ^ s->hash_vsid) & ((1ull << low_bits) - 1)) << s->base;
    /* The rest of the hash must agree too, or this segment does not lead here. */
    if (((s->hash_vsid ^ (ea_off >> s->base)) & htab_mask) != (hash & htab_mask)) {
        return false;
    }
    *ea = s->ea_base | ea_off;
    return true;
}

static void info_tlb(Monitor *mon, int argc, char **argv)
{
    CPUState *cs = cpu_by_index(monitor_current_cpu(mon));
    PowerPCCPU *cpu;
    SegmentView segs[PPC_SLB_SIZE];
    int nsegs = 0, lines = 0;
    uint64_t shown = 0, hidden = 0;

    if (!cs) {
        monitor_error(mon, "no CPU");
        return;
    }
    cpu = POWERPC_CPU(cs);
    monitor_printf(mon, "CPU#%d MSR %016" PRIx64 " (IR=%d DR=%d PR=%d)\n", cs->index, cpu->msr,
                   !!(cpu->msr & MSR_IR), !!(cpu->msr & MSR_DR), !!(cpu->msr & MSR_PR));
    monitor_printf(mon, "SLB idx ESID             VSID             seg  base\n");
    for (int i = 0; i < PPC_SLB_SIZE; i++) {
        const PPCSlbEntry *e = &cpu->slb[i];
        if (!(e->esid & SLB_ESID_V)) {
            continue;
        }
        segment_view(e, &segs[nsegs]);
        monitor_printf(mon, "    %2d  %016" PRIx64 " %016" PRIx64 " %-4s %uK%s\n", i, e->esid, e->vsid,
                       segs[nsegs].seg_1t ? "1T" : "256M", (1u << segs[nsegs].base) >> 10,
                       segs[nsegs].base ? "" : " (bad LP)");
        nsegs++;
    }
    if (!nsegs) {
        monitor_printf(mon, "    (no valid SLB entries)\n");
    }
    if (!cpu->vhyp || !cpu->vhyp->htab) {
        monitor_printf(mon, "No hashed page table\n");
        return;
    }
    monitor_printf(mon, "HPT: %" PRIu64 " PTEGs\n", cpu->vhyp->htab_mask + 1);
    monitor_printf(mon, "PTEX     EA               -> PA               size  pp key WIMG N R C\n");
    for (uint64_t g = 0; g <= cpu->vhyp->htab_mask; g++) {
        for (int i = 0; i < HPTES_PER_GROUP; i++) {
            uint64_t ptex = g * HPTES_PER_GROUP + i;
            const uint64_t *hpte = hpte_ptr(cpu->vhyp->htab, ptex);
            uint64_t v = hpte[0], r = hpte[1], ea;

            if (!(v & HPTE_V_VALID)) {
                continue;
            }
            for (int s = 0; s < nsegs; s++) {
                unsigned shift;
                if (!hpte_ea(&segs[s], v, g, cpu->vhyp->htab_mask, &ea) ||
                    !(shift = hpte_page_shift(segs[s].base, v, r))) {
                    continue;
                }
                if (lines++ >= INFO_TLB_MAX_LINES) {
                    hidden++;
                    continue;
                }
                shown++;
                unsigned pp = (unsigned)((r & HPTE_R_PP) | ((r & HPTE_R_PP0) >> 61));
                unsigned key = (unsigned)(((r & HPTE_R_KEY_HI) >> 57) | ((r & HPTE_R_KEY_LO) >> 9));
                monitor_printf(mon, "%-8" PRIx64 " %016" PRIx64 " -> %016" PRIx64 " %4uK  %u  %2u  %c%c%c%c %d %d %d\n",
                               ptex, ea & ~((UINT64_C(1) << shift) - 1),
                               (uint64_t)((r & HPTE_R_RPN) & ~((UINT64_C(1) << shift) - 1)), (1u << shift) >> 10,
                               pp, key, r & HPTE_R_W ? 'W' : '-', r & HPTE_R_I ? 'I' : '-',
                               r & HPTE_R_M ? 'M' : '-', r & HPTE_R_G ? 'G' : '-',
                               !!(r & HPTE_R_N), !!(r & HPTE_R_R), !!(r & HPTE_R_C));
            }
        }
    }
    if (hidden) {
        monitor_printf(mon, "... %" PRIu64 " more not shown\n", hidden);
    }
    monitor_printf(mon, "%" PRIu64 " mapping(s) reachable from the SLB\n", shown + hidden);
}

static const MonitorInfoCommand mmu_info_commands[] = {
    { "tlb", "SLB entries and the HPTEs the current CPU's segments reach", info_tlb },
    { NULL },
};

void ppc_mmu_monitor_register(void)
{
    monitor_register_info(mmu_info_commands);
}
