/*
 * The monitor's `info tlb` for the hash MMU: the valid SLB entries of the
 * current CPU and the HPTEs they reach (ppc/mmu-info.c), one line each; and
 * `info profile`: the POWER-side event counters (ppc/stats.h).
 */
#include <inttypes.h>

#include "core/monitor.h"
#include "ppc/mmu-hash.h"
#include "ppc/mmu.h"
#include "ppc/stats.h"

#define INFO_TLB_MAX_LINES 4096

typedef struct InfoTlb {
    Monitor *mon;
    uint64_t shown, hidden;
} InfoTlb;

static bool print_mapping(const PPCMapping *m, void *opaque)
{
    InfoTlb *t = opaque;
    uint64_t r = m->r;
    unsigned pp = (unsigned)((r & HPTE_R_PP) | ((r & HPTE_R_PP0) >> 61));
    unsigned key = (unsigned)(((r & HPTE_R_KEY_HI) >> 57) | ((r & HPTE_R_KEY_LO) >> 9));

    if (t->shown >= INFO_TLB_MAX_LINES) {
        t->hidden++;
        return true;
    }
    t->shown++;
    monitor_printf(t->mon, "%-8" PRIx64 " %2d  %016" PRIx64 " -> %016" PRIx64 " %6uK  %u  %2u  %c%c%c%c %d %d %d\n",
                   m->ptex, m->slb_index, m->ea, m->pa, (1u << m->shift) >> 10, pp, key,
                   r & HPTE_R_W ? 'W' : '-', r & HPTE_R_I ? 'I' : '-', r & HPTE_R_M ? 'M' : '-',
                   r & HPTE_R_G ? 'G' : '-', !!(r & HPTE_R_N), !!(r & HPTE_R_R), !!(r & HPTE_R_C));
    return true;
}

static void info_tlb(Monitor *mon, int argc, char **argv)
{
    CPUState *cs = cpu_by_index(monitor_current_cpu(mon));
    PowerPCCPU *cpu;
    InfoTlb t = { .mon = mon };
    int nsegs = 0;

    if (!cs) {
        monitor_error(mon, "no CPU");
        return;
    }
    cpu = POWERPC_CPU(cs);
    monitor_printf(mon, "CPU#%d MSR %016" PRIx64 " (IR=%d DR=%d PR=%d)\n", cs->index, cpu->msr,
                   !!(cpu->msr & MSR_IR), !!(cpu->msr & MSR_DR), !!(cpu->msr & MSR_PR));
    monitor_printf(mon, "SLB idx ESID             VSID             seg\n");
    for (int i = 0; i < PPC_SLB_SIZE; i++) {
        const PPCSlbEntry *e = &cpu->slb[i];
        if (e->esid & SLB_ESID_V) {
            monitor_printf(mon, "    %2d  %016" PRIx64 " %016" PRIx64 " %s\n", i, e->esid, e->vsid,
                           (e->vsid & SLB_VSID_B) == SLB_VSID_B_1T ? "1T" : "256M");
            nsegs++;
        }
    }
    if (!nsegs) {
        monitor_printf(mon, "    (no valid SLB entries)\n");
    }
    if (!cpu->vhyp || !cpu->vhyp->htab) {
        monitor_printf(mon, "No hashed page table\n");
        return;
    }
    monitor_printf(mon, "HPT: %" PRIu64 " PTEGs\n", cpu->vhyp->htab_mask + 1);
    monitor_printf(mon, "PTEX     SLB EA                  PA                  size  pp key WIMG N R C\n");
    ppc_hpt_foreach_mapping(cpu, print_mapping, &t);
    if (t.hidden) {
        monitor_printf(mon, "... %" PRIu64 " more not shown\n", t.hidden);
    }
    monitor_printf(mon, "%" PRIu64 " mapping(s) reachable from the SLB\n", t.shown + t.hidden);
}
static void info_profile(Monitor *mon, int argc, char **argv)
{
    static const char *const causes[TLB_FLUSH_REASONS] = {
        [TLB_FLUSH_SLB] = "SLB changes", [TLB_FLUSH_TLBIE] = "tlbie/tlbiel",
        [TLB_FLUSH_HPTE] = "HPTE changes",
    };
    PPCStats total;
    const PPCStats *s = &total;

    ppc_stats_total(&total);

    (void)argc, (void)argv;
    monitor_printf(mon, "TLB flushes          %" PRIu64 " (per vCPU)\n", s->tlb_flushes);
    for (int r = 0; r < TLB_FLUSH_REASONS; r++) {
        monitor_printf(mon, "  after %-13s %" PRIu64 "\n", causes[r], s->tlb_flush[r]);
    }
    monitor_printf(mon, "TLB page flushes     %" PRIu64 "\n", s->tlb_flush_page);
    monitor_printf(mon, "TLB HPTE flushes     %" PRIu64 " (of one vCPU, selective)\n", s->tlb_flush_phys);
    monitor_printf(mon, "TLB segment flushes  %" PRIu64 " (after SLB changes)\n", s->tlb_flush_segment);
    monitor_printf(mon, "TLB misses           %" PRIu64 " (slow-path accesses: %" PRIu64 " reads, %"
                   PRIu64 " writes, %" PRIu64 " fetches)\n", s->tlb_slow, s->tlb_slow_by_kind[0],
                   s->tlb_slow_by_kind[1], s->tlb_slow_by_kind[2]);
    monitor_printf(mon, "  not cacheable      %" PRIu64 " I/O, %" PRIu64 " writes to code pages\n",
                   s->tlb_nofill_io, s->tlb_nofill_code);
    monitor_printf(mon, "hypercalls           %" PRIu64 "\n", s->hcalls);
    for (unsigned v = 0; v < sizeof(s->excp) / sizeof(s->excp[0]); v++) {
        if (s->excp[v]) {
            monitor_printf(mon, "interrupt 0x%03x      %" PRIu64 "\n", v << 5, s->excp[v]);
        }
    }
}

static const MonitorInfoCommand mmu_info_commands[] = {
    { "tlb", "SLB entries and the HPTEs the current CPU's segments reach", info_tlb },
    { "profile", "POWER-side event counters (TLB flushes and misses, interrupts, hypercalls)",
      info_profile },
    { NULL },
};

void ppc_mmu_monitor_register(void)
{
    static bool done;

    if (done) {
        return;     /* machine set-up may run more than once (tests) */
    }
    done = true;
    monitor_register_info(mmu_info_commands);
}
