/*
 * Event counters of the POWER side for `info profile` (ppc/mmu-monitor.c):
 * TLB flushes and some of their causes, TLB refills, interrupts by vector, hypercalls.
 * Counted only on slow paths, so they cost nothing measurable, and per host
 * thread, so vCPU threads do not share their cache lines.
 */
#ifndef PPC_STATS_H
#define PPC_STATS_H

#include <stdint.h>

#include "core/thread-counters.h"

typedef enum {
    TLB_FLUSH_SLB,          /* slbmte, slbie, slbia */
    TLB_FLUSH_TLBIE,        /* tlbie, tlbiel */
    TLB_FLUSH_HPTE,         /* an HPTE a TLB entry came from changed (hypercalls) */
    TLB_FLUSH_REASONS
} PPCTlbFlushReason;

typedef struct PPCStats {
    uint64_t tlb_flushes;           /* whole-TLB flushes of one vCPU, for any reason */
    uint64_t tlb_flush[TLB_FLUSH_REASONS];
    uint64_t tlb_flush_page;
    uint64_t tlb_flush_phys;        /* selective flushes of one vCPU for a changed HPTE */
    uint64_t tlb_flush_segment;     /* one segment's entries, after an SLB change */
    uint64_t tlb_slow;              /* accesses that missed the TLB (page walks) */
    uint64_t tlb_slow_by_kind[3];   /* ... by PPCAccess: read, write, fetch */
    uint64_t tlb_nofill_io;         /* ... to what is not RAM (no TLB entry possible) */
    uint64_t tlb_nofill_code;       /* ... writes to RAM pages holding translated code */
    uint64_t excp[0x80];            /* interrupts by vector / 0x20 (0x0 .. 0xfe0) */
    uint64_t hcalls;
} PPCStats;

/* Counted per host thread (core/thread-counters.h): ppc_stat_add, ppc_stats_total. */
THREAD_COUNTERS_DECLARE(ppc, PPCStats)
#define ppc_stat_add(field, n) THREAD_COUNTERS_ADD(ppc, field, n)

#endif
