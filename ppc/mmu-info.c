/*
 * The mappings a CPU's hash MMU context can reach (Book III 5.7.6-5.7.7), for
 * `info tlb`: every valid HPTE that a valid SLB entry leads to, with the
 * effective address it maps. An HPTE names its page only partly (the AVPN
 * holds the VSID and the high page bits): the low page bits come back out of
 * the PTEG index, by undoing the hash the walker (mmu.c) uses.
 */
#include "ppc/mmu-hash.h"
#include "ppc/mmu.h"

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

void ppc_hpt_foreach_mapping(PowerPCCPU *cpu, bool (*fn)(const PPCMapping *m, void *opaque),
                             void *opaque)
{
    SegmentView segs[PPC_SLB_SIZE];
    int slb_index[PPC_SLB_SIZE];
    int nsegs = 0;
    PPCHypervisor *hv = cpu->vhyp;

    for (int i = 0; i < PPC_SLB_SIZE; i++) {
        if (cpu->slb[i].esid & SLB_ESID_V) {
            segment_view(&cpu->slb[i], &segs[nsegs]);
            slb_index[nsegs++] = i;
        }
    }
    if (!nsegs || !hv || !hv->htab) {
        return;
    }
    for (uint64_t g = 0; g <= hv->htab_mask; g++) {
        for (int i = 0; i < HPTES_PER_GROUP; i++) {
            PPCMapping m = { .ptex = g * HPTES_PER_GROUP + i };
            const uint64_t *hpte = hpte_ptr(hv->htab, m.ptex);

            m.v = hpte[0];
            m.r = __atomic_load_n(&hpte[1], __ATOMIC_RELAXED);     /* vCPUs set R/C meanwhile */
            if (!(m.v & HPTE_V_VALID)) {
                continue;
            }
            for (int s = 0; s < nsegs; s++) {
                uint64_t ea;
                if (!hpte_ea(&segs[s], m.v, g, hv->htab_mask, &ea) ||
                    !(m.shift = hpte_page_shift(segs[s].base, m.v, m.r))) {
                    continue;
                }
                m.slb_index = slb_index[s];
                m.ea = ea & ~((UINT64_C(1) << m.shift) - 1);
                m.pa = (m.r & HPTE_R_RPN) & ~((UINT64_C(1) << m.shift) - 1);
                if (!fn(&m, opaque)) {
                    return;
                }
            }
        }
    }
}
