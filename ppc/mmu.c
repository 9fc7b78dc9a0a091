/*
 * Address translation for a pseries guest (Power ISA 2.07B Book III ch. 5):
 * real mode within the RMA, else SLB lookup (5.7.6), hashed page table search
 * (5.7.7) with the page sizes of ibm,segment-page-sizes, storage protection
 * by PP and key (5.7.13), reference/change recording, and the DSI / ISI /
 * segment interrupts with DAR, DSISR and SRR1 as 6.5 defines. Successful
 * translations of RAM pages are cached in the per-mode software TLB.
 *
 * With one host thread per vCPU, a TLB belongs to its vCPU's thread, which
 * alone fills it; other threads only kill entries (an HPTE went or lost
 * rights, tlbie's broadcast, a page became code), by atomic stores of the
 * invalid tag under the owner's tlb_lock, which also guards the reverse map
 * they walk. The owner fills under that lock too, having walked the HPT
 * under it, and marks an HPTE used before it trusts what it read there: an
 * H_REMOVE that clears the HPTE and then finds the mark flushes the TLB, and
 * waits for the lock, so no fill from the old entry survives it (Book III
 * 5.10, the tlbie/ptesync guarantee a hypervisor gives). Device accesses go
 * to the machine under the big lock, never with tlb_lock held.
 */
#include "ppc/mmu.h"

#include <string.h>

#include "core/bql.h"
#include "core/cpu-threads.h"
#include "core/log.h"
#include "ppc/mmu-hash.h"
#include "ppc/stats.h"
#include "tcg/tcg.h"

/* Real addresses ignore the top 4 bits of the effective address (5.7.3). */
#define REAL_ADDR_MASK 0x0fffffffffffffffull

typedef struct PPCXlate {
    uint64_t pa;        /* physical address of ea */
    bool can_read, can_write, can_exec;
    uint64_t *hpte;     /* the HPTE used, or NULL in real mode */
    unsigned shift;     /* the page size (12 in real mode: nothing is known beyond the page) */
} PPCXlate;

typedef enum {
    XLATE_OK,
    XLATE_SEGMENT,      /* no SLB entry */
    XLATE_NOPTE,        /* no HPTE, or real address out of range */
    XLATE_PROT,         /* PP/key forbid the access */
    XLATE_NOEXEC,       /* N, or guarded storage for a fetch */
} PPCXlateResult;

/* (actual shift, LP code) pairs per base page shift; see hpte_page_shift(). */
static const struct {
    unsigned base, actual, penc;
} page_encodings[] = {
    { 12, 16, 0x7 }, { 12, 24, 0x38 },
    { 16, 16, 0x1 }, { 16, 24, 0x8 },
    { 24, 24, 0x0 },
};

unsigned hpte_page_shift(unsigned base_shift, uint64_t v, uint64_t r)
{
    if (!(v & HPTE_V_LARGE)) {
        return base_shift == 12 ? 12 : 0;
    }
    for (size_t i = 0; i < sizeof(page_encodings) / sizeof(page_encodings[0]); i++) {
        if (page_encodings[i].base != base_shift) {
            continue;
        }
        unsigned lp_bits = page_encodings[i].actual - 12;
        uint64_t mask = ((1ull << (lp_bits > 8 ? 8 : lp_bits)) - 1);
        if (((r >> 12) & mask) == page_encodings[i].penc) {
            return page_encodings[i].actual;
        }
    }
    return 0;
}

static const PPCSlbEntry *slb_lookup(PowerPCCPU *cpu, uint64_t ea)
{
    for (int i = 0; i < PPC_SLB_SIZE; i++) {
        const PPCSlbEntry *e = &cpu->slb[i];
        if (!(e->esid & SLB_ESID_V)) {
            continue;
        }
        if ((e->vsid & SLB_VSID_B) == SLB_VSID_B_1T) {
            if ((e->esid >> 40) == (ea >> 40)) {
                return e;
            }
        } else if ((e->esid >> 28) == (ea >> 28)) {
            return e;
        }
    }
    return NULL;
}

static unsigned slb_base_shift(const PPCSlbEntry *e)
{
    if (!(e->vsid & SLB_VSID_L)) {
        return 12;
    }
    switch (e->vsid & SLB_VSID_LP) {
    case 0x00: return 24;
    case 0x10: return 16;
    default:   return 0;  /* 16G pages are not offered */
    }
}

/* Access allowed by PP bits and the key (5.7.13.3): returns (read, write). */
static void pp_prot(uint64_t r, bool key, bool *rd, bool *wr)
{
    unsigned pp = (unsigned)((r & HPTE_R_PP) | ((r & HPTE_R_PP0) >> 61));

    *rd = *wr = false;
    if (!key) {
        switch (pp) {
        case 0: case 1: case 2: *rd = *wr = true; break;
        case 3: case 6: *rd = true; break;
        default: break;
        }
    } else {
        switch (pp) {
        case 1: case 3: *rd = true; break;
        case 2: *rd = *wr = true; break;
        default: break;
        }
    }
}

static PPCXlateResult hash_xlate(PowerPCCPU *cpu, uint64_t ea, PPCAccess kind, PPCXlate *out,
                                 bool record)
{
    const PPCSlbEntry *slb = slb_lookup(cpu, ea);
    PPCHypervisor *hv = cpu->vhyp;
    bool seg_1t;
    unsigned base;
    uint64_t vsid, ea_off, hash, ptem;

    if (!slb) {
        return XLATE_SEGMENT;
    }
    base = slb_base_shift(slb);
    if (!base || !hv || !hv->htab) {
        return XLATE_NOPTE;
    }
    seg_1t = (slb->vsid & SLB_VSID_B) == SLB_VSID_B_1T;
    if (seg_1t) {
        vsid = (slb->vsid & 0x3fffffffffffffffull) >> 24;
        ea_off = ea & 0xffffffffffull;
        hash = vsid ^ (vsid << 25) ^ (ea_off >> base);
    } else {
        vsid = (slb->vsid & 0x3fffffffffffffffull) >> 12;
        ea_off = ea & 0x0fffffffull;
        hash = vsid ^ (ea_off >> base);
    }

    for (int secondary = 0; secondary < 2; secondary++) {
        uint64_t group = (secondary ? ~hash : hash) & hv->htab_mask;
        for (int i = 0; i < HPTES_PER_GROUP; i++) {
            uint64_t *hpte = hpte_ptr(hv->htab, group * HPTES_PER_GROUP + i);
            uint64_t v = __atomic_load_n(&hpte[0], __ATOMIC_SEQ_CST);
            uint64_t r = __atomic_load_n(&hpte[1], __ATOMIC_SEQ_CST), avpn_mask;
            unsigned shift;

            if (!(v & HPTE_V_VALID) || !!(v & HPTE_V_SECONDARY) != secondary) {
                continue;
            }
            shift = hpte_page_shift(base, v, r);
            if (!shift) {
                continue;
            }
            /*
             * The AVPN holds VA bits 0:54; the SLB image already has the VSID
             * where the AVPN wants it. Page-offset bits are not compared on
             * either side (5.7.7.2): Linux fills VA bit 54 (EA bit 23) of a
             * 16M page in a 64K-base segment (a THP subpage) from the EA.
             */
            avpn_mask = HPTE_V_AVPN & ~(((1ull << shift) - 1) >> 16);
            ptem = (slb->vsid & (SLB_VSID_B | (seg_1t ? 0x3fffffffff000000ull
                                                      : 0x3ffffffffffff000ull))) |
                   ((ea_off >> 16) & avpn_mask);
            if (((v ^ ptem) & HPTE_V_B_MASK) || ((v ^ ptem) & avpn_mask)) {
                continue;
            }
            /* Found: protection, then R/C recording. */
            bool key = (cpu->msr & MSR_PR) ? !!(slb->vsid & SLB_VSID_KP) : !!(slb->vsid & SLB_VSID_KS);
            pp_prot(r, key, &out->can_read, &out->can_write);
            out->can_exec = out->can_read && !(r & (HPTE_R_N | HPTE_R_G)) && !(slb->vsid & SLB_VSID_N);
            out->pa = ((r & HPTE_R_RPN) & ~((1ull << shift) - 1)) | (ea & ((1ull << shift) - 1));
            out->hpte = hpte;
            out->shift = shift;
            if (kind == ACCESS_EXEC && !out->can_exec) {
                return out->can_read ? XLATE_NOEXEC : XLATE_PROT;
            }
            if ((kind == ACCESS_WRITE && !out->can_write) || (kind == ACCESS_READ && !out->can_read)) {
                return XLATE_PROT;
            }
            if (record) {
                uint64_t ptex = group * HPTES_PER_GROUP + i;
                unsigned long bit = 1ul << (ptex % (8 * sizeof(long)));
                /* Marked first, then read again: see the top of this file. */
                if (hv->htab_used) {
                    __atomic_fetch_or(&hv->htab_used[ptex / (8 * sizeof(long))], bit,
                                      __ATOMIC_SEQ_CST);
                }
                if (kind == ACCESS_EXEC && hv->htab_exec_used) {
                    __atomic_fetch_or(&hv->htab_exec_used[ptex / (8 * sizeof(long))], bit,
                                      __ATOMIC_SEQ_CST);
                }
                if (__atomic_load_n(&hpte[0], __ATOMIC_SEQ_CST) != v ||
                    (__atomic_load_n(&hpte[1], __ATOMIC_SEQ_CST) & ~(HPTE_R_R | HPTE_R_C)) !=
                    (r & ~(HPTE_R_R | HPTE_R_C))) {
                    return XLATE_NOPTE;     /* changed under us: as if looked up after */
                }
                /* R and C are ORed in: the hypervisor may write the entry meanwhile. */
                __atomic_fetch_or(&hpte[1], HPTE_R_R | (kind == ACCESS_WRITE ? HPTE_R_C : 0),
                                  __ATOMIC_SEQ_CST);
            }
            /* Until C is set, writes must come back here to set it. */
            if (!(__atomic_load_n(&hpte[1], __ATOMIC_RELAXED) & HPTE_R_C)) {
                out->can_write = false;
            }
            return XLATE_OK;
        }
    }
    return XLATE_NOPTE;
}

static PPCXlateResult xlate(PowerPCCPU *cpu, uint64_t ea, PPCAccess kind, PPCXlate *out,
                            bool record)
{
    bool translate = kind == ACCESS_EXEC ? (cpu->msr & MSR_IR) : (cpu->msr & MSR_DR);

    if (!translate) {
        uint64_t ra = ea & REAL_ADDR_MASK;
        uint64_t limit = cpu->vhyp ? cpu->vhyp->rma_size : UINT64_MAX;
        if (ra >= limit) {
            return XLATE_NOPTE;
        }
        out->pa = ra;
        out->can_read = out->can_write = out->can_exec = true;
        out->hpte = NULL;
        /* the same rights for the whole 64 KiB block when it is all below the limit */
        out->shift = (ra | 0xffff) < limit ? 16 : 12;
        return XLATE_OK;
    }
    return hash_xlate(cpu, ea, kind, out, record);
}

bool ppc_translate_addr(PowerPCCPU *cpu, uint64_t ea, PPCAccess kind, uint64_t *pa, bool *writable)
{
    PPCXlate x;

    /* For debuggers and the monitor: look up as a read and leave R/C alone. */
    if (xlate(cpu, ea, kind == ACCESS_WRITE ? ACCESS_READ : kind, &x, false) != XLATE_OK) {
        return false;
    }
    *pa = x.pa;
    if (writable) {
        *writable = x.can_write;
    }
    return true;
}

static void __attribute__((noreturn))
raise_fault(PowerPCCPU *cpu, uint64_t ea, PPCAccess kind, PPCXlateResult res)
{
    if (log_enabled(LOG_MMU)) {
        static const char *const kinds[] = { "read", "write", "fetch" };
        static const char *const results[] = {
            [XLATE_SEGMENT] = "no SLB entry", [XLATE_NOPTE] = "no HPTE",
            [XLATE_PROT] = "protection", [XLATE_NOEXEC] = "no-execute",
        };
        log_printf("mmu: cpu %d fault: %s at ea %016" PRIx64 " (%s, MSR IR=%d DR=%d PR=%d)\n",
                   cpu->cs.index, kinds[kind], ea, results[res], !!(cpu->msr & MSR_IR),
                   !!(cpu->msr & MSR_DR), !!(cpu->msr & MSR_PR));
    }
    if (kind == ACCESS_EXEC) {
        static const uint64_t isi_srr1[] = {
            [XLATE_NOPTE] = 0x40000000ull,
            [XLATE_PROT] = 0x08000000ull,
            [XLATE_NOEXEC] = 0x10000000ull,
        };
        if (res == XLATE_SEGMENT) {
            ppc_raise(cpu, EXCP_ISEG, 0);
        }
        ppc_raise(cpu, EXCP_ISI, isi_srr1[res]);
    }
    if (res == XLATE_SEGMENT) {
        cpu->spr[SPR_DAR] = ea;
        ppc_raise(cpu, EXCP_DSEG, 0);
    }
    uint32_t dsisr = res == XLATE_NOPTE ? DSISR_NOPTE : DSISR_PROTFAULT;
    if (kind == ACCESS_WRITE) {
        dsisr |= DSISR_STORE;
    }
    ppc_raise_dsi(cpu, ea, dsisr);
}

uint64_t ppc_translate_or_raise(PowerPCCPU *cpu, uint64_t ea, PPCAccess kind)
{
    PPCXlate x;
    PPCXlateResult res = xlate(cpu, ea, kind, &x, true);

    if (res != XLATE_OK) {
        raise_fault(cpu, ea, kind, res);
    }
    return x.pa;
}

/* ---- The software TLB ---- */

THREAD_COUNTERS_DEFINE(ppc, PPCStats)

static inline void tlb_lock(PowerPCCPU *cpu)
{
    pthread_mutex_lock(&cpu->tlb_lock);
}

static inline void tlb_unlock(PowerPCCPU *cpu)
{
    pthread_mutex_unlock(&cpu->tlb_lock);
}

/* A TLB entry tag that another thread may be reading: one atomic store. */
static inline void tag_kill(uint64_t *tag)
{
    __atomic_store_n(tag, UINT64_MAX, __ATOMIC_RELAXED);
}

/* cpu's TLB belongs to another thread, which may be using it right now. */
static inline bool tlb_is_foreign(PowerPCCPU *cpu)
{
    return cpu_threads_enabled() && cpu_current() != &cpu->cs;
}

static inline unsigned frame_slot(uintptr_t host)
{
    return (unsigned)(host >> 16) & (PPC_TLB_FRAME_SLOTS - 1);
}

static inline PPCTlbEntry *entry_by_id(PowerPCCPU *cpu, unsigned id)
{
    if (id < PPC_TLB_ENTRIES) {
        return &cpu->tlb[id / PPC_TLB_SIZE][id % PPC_TLB_SIZE];
    }
    id -= PPC_TLB_ENTRIES;
    return &cpu->tlb64[id / PPC_TLB64_SIZE][id % PPC_TLB64_SIZE];
}

/* The id of block entry index of mode (ppc/cpu.h: after the 4 KiB entries'). */
static inline unsigned block_id(unsigned mode, unsigned index)
{
    return PPC_TLB_ENTRIES + mode * PPC_TLB64_SIZE + index;
}

/* The translation mode of an entry (PPC_TLB_MODES), and the bytes it maps. */
static inline unsigned entry_mode(unsigned id)
{
    return id < PPC_TLB_ENTRIES ? id / PPC_TLB_SIZE : (id - PPC_TLB_ENTRIES) / PPC_TLB64_SIZE;
}

static inline uintptr_t entry_bytes(unsigned id)
{
    return id < PPC_TLB_ENTRIES ? 0x1000 : 0x10000;
}

/* The page an entry holds (every valid tag holds the same one), or UINT64_MAX. */
static inline uint64_t entry_page(const PPCTlbEntry *e)
{
    return e->tag_read != UINT64_MAX ? e->tag_read
         : e->tag_write != UINT64_MAX ? e->tag_write : e->tag_exec;
}

static void rmap_unlink(PowerPCCPU *cpu, unsigned id)
{
    PPCTlbRmap *r = &cpu->tlb_rmap;
    uint16_t p = r->prev[id], n = r->next[id];

    if (!r->slot[id]) {
        return;
    }
    if (p) {
        r->next[p - 1] = n;
    } else {
        r->head[r->slot[id] - 1] = n;
    }
    if (n) {
        r->prev[n - 1] = p;
    }
    r->slot[id] = 0;
}

static void rmap_link(PowerPCCPU *cpu, unsigned id, uintptr_t host)
{
    PPCTlbRmap *r = &cpu->tlb_rmap;
    unsigned f = frame_slot(host);
    uint16_t n = r->head[f];

    if (r->slot[id]) {
        return;
    }
    r->next[id] = n;
    r->prev[id] = 0;
    if (n) {
        r->prev[n - 1] = (uint16_t)(id + 1);
    }
    r->head[f] = (uint16_t)(id + 1);
    r->slot[id] = (uint16_t)(f + 1);
}

/*
 * Call fn for every entry that holds a page (or block) with host bytes in
 * [lo, hi); fn may drop it. Entries that hold no page leave their chain.
 * An entry lies in the one frame it is linked to (a block entry's host
 * address is 64 KiB-aligned: fill_block).
 */
static void rmap_walk(PowerPCCPU *cpu, uintptr_t lo, uintptr_t hi,
                      void (*fn)(PowerPCCPU *cpu, unsigned id, PPCTlbEntry *e))
{
    for (uintptr_t f = lo & ~(uintptr_t)0xffff; f < hi; f += 0x10000) {
        for (uint16_t link = cpu->tlb_rmap.head[frame_slot(f)]; link;) {
            unsigned id = link - 1u;
            PPCTlbEntry *e = entry_by_id(cpu, id);
            uint64_t page = entry_page(e);
            link = cpu->tlb_rmap.next[id];
            if (page == UINT64_MAX) {
                rmap_unlink(cpu, id);
            } else if ((uintptr_t)(page + e->addend) < hi &&
                       (uintptr_t)(page + e->addend) + entry_bytes(id) > lo) {
                fn(cpu, id, e);
            }
        }
    }
}

/* With tlb_lock held. Another thread's TLB is emptied tag by tag, atomically. */
static void tlb_flush_locked(PowerPCCPU *cpu)
{
    ppc_stat_add(tlb_flushes, 1);
    if (tlb_is_foreign(cpu)) {
        for (unsigned id = 0; id < PPC_TLB_IDS; id++) {
            PPCTlbEntry *e = entry_by_id(cpu, id);
            tag_kill(&e->tag_read);
            tag_kill(&e->tag_write);
            tag_kill(&e->tag_exec);
        }
    } else {
        memset(cpu->tlb, 0xff, sizeof(cpu->tlb));
        memset(cpu->tlb64, 0xff, sizeof(cpu->tlb64));
    }
    memset(&cpu->tlb_rmap, 0, sizeof(cpu->tlb_rmap));
}

/* One entry: the page at host for this access kind, with the rights x gives. */
static void fill_entry(PowerPCCPU *cpu, int mode, uint64_t page, uint8_t *host, PPCAccess kind,
                       const PPCXlate *x, bool code_page)
{
    unsigned index = (unsigned)((page >> 12) & (PPC_TLB_SIZE - 1));
    PPCTlbEntry *e = &cpu->tlb[mode][index];
    uintptr_t addend = (uintptr_t)host - (uintptr_t)page;
    unsigned id = (unsigned)mode * PPC_TLB_SIZE + index;

    if (e->addend != addend ||
        (e->tag_read != page && e->tag_write != page && e->tag_exec != page)) {
        e->tag_read = e->tag_write = e->tag_exec = UINT64_MAX;
        e->addend = addend;
        rmap_unlink(cpu, id);
    }
    rmap_link(cpu, id, (uintptr_t)host);
    if (kind == ACCESS_EXEC) {
        if (x->can_exec) {
            e->tag_exec = page;
        }
        return;
    }
    if (x->can_read) {
        e->tag_read = page;
    }
    /* Writes to pages holding translated code go the slow way to invalidate it. */
    if (x->can_write && !code_page) {
        e->tag_write = page;
    } else if (kind == ACCESS_WRITE && x->can_write) {
        ppc_stat_add(tlb_nofill_code, 1);
    }
}

/*
 * The block entry of a 64 KiB block whose sixteen 4 KiB entries were just
 * filled with these rights (tlb_fill): it holds exactly what they all allow
 * now. Its host address must be 64 KiB-aligned (one rmap frame), as guest
 * RAM's is.
 */
static void fill_block(PowerPCCPU *cpu, int mode, uint64_t block, uint8_t *host, bool can_read,
                       bool can_write)
{
    unsigned index = (unsigned)((block >> 16) & (PPC_TLB64_SIZE - 1));
    PPCTlbEntry *e = &cpu->tlb64[mode][index];
    unsigned id = block_id((unsigned)mode, index);

    if ((uintptr_t)host & 0xffff) {
        return;
    }
    rmap_unlink(cpu, id);
    e->addend = (uintptr_t)host - (uintptr_t)block;
    e->tag_read = can_read ? block : UINT64_MAX;
    e->tag_write = can_write ? block : UINT64_MAX;
    e->tag_exec = UINT64_MAX;
    rmap_link(cpu, id, (uintptr_t)host);
}

/*
 * The RAM at [pa, pa + len) and the section holding it, or NULL (a device,
 * or RAM that ends inside the range). One look-up of the address space
 * serves the host address and every page's code check of a fill (the
 * look-up takes the views' lock: a 64 KiB fill used to make 17 of them).
 */
static uint8_t *ram_section(PowerPCCPU *cpu, uint64_t pa, uint64_t len, MemorySection *sec)
{
    if (!address_space_lookup(cpu->cs.as, pa, sec) || sec->mr->kind != MR_RAM ||
        len > sec->size - (pa - sec->start)) {
        return NULL;
    }
    return sec->mr->ram + sec->offset + (pa - sec->start);
}

/* Translated code on the page at pa (in sec): its writes must take the slow path. */
static bool is_code_page(const MemorySection *sec, uint64_t pa_page)
{
    return memory_region_is_code_page(sec->mr, sec->offset + (pa_page - sec->start));
}

/*
 * A data access through a page of 64 KiB or more fills the entries of the
 * whole 64 KiB block around it (the same HPTE, R and C, gives every one the
 * same rights): Linux maps memory in 64 KiB and 16 MiB pages, and streaming
 * through them then misses once per 64 KiB instead of once per 4 KiB.
 */
static void tlb_fill(PowerPCCPU *cpu, uint64_t ea, PPCAccess kind, const PPCXlate *x)
{
    int mode = kind == ACCESS_EXEC ? ppc_code_mode(cpu) : ppc_data_mode(cpu);
    uint64_t page = ea & ~0xfffull, pa_page = x->pa & ~0xfffull;

    /* While gdb watches memory, every data access must come here to be checked. */
    if (kind != ACCESS_EXEC && cpu->cs.watchpoints && cpu->cs.watchpoints->len) {
        return;
    }
    uint64_t generation = __atomic_load_n(&cpu->cs.as->generation, __ATOMIC_SEQ_CST);
    if (cpu->tlb_as_generation != generation) {
        tlb_flush_locked(cpu);
        tcg_flush_jmp_cache(&cpu->cs);
        cpu->tlb_as_generation = generation;
    }
    MemorySection sec;
    if (kind != ACCESS_EXEC && x->shift >= 16) {
        uint64_t ea_block = ea & ~0xffffull, pa_block = x->pa & ~0xffffull;
        uint8_t *host = ram_section(cpu, pa_block, 0x10000, &sec);
        if (host) {
            bool any_code = false;
            for (uint64_t off = 0; off < 0x10000; off += 0x1000) {
                /* the neighbours as reads: the same tags, counted as no access */
                bool code = x->can_write && is_code_page(&sec, pa_block + off);
                fill_entry(cpu, mode, ea_block + off, host + off,
                           ea_block + off == page ? kind : ACCESS_READ, x, code);
                any_code |= code;
            }
            fill_block(cpu, mode, ea_block, host, x->can_read, x->can_write && !any_code);
            return;
        }
    }
    uint8_t *host = ram_section(cpu, pa_page, 0x1000, &sec);
    if (!host) {
        ppc_stat_add(tlb_nofill_io, 1);
        return;     /* not RAM: every access takes the slow path */
    }
    fill_entry(cpu, mode, page, host, kind, x,
               kind != ACCESS_EXEC && x->can_write && is_code_page(&sec, pa_page));
}

void ppc_tlb_flush(PowerPCCPU *cpu)
{
    tlb_lock(cpu);
    tlb_flush_locked(cpu);
    tlb_unlock(cpu);
    tcg_flush_jmp_cache(&cpu->cs);
}

void ppc_tlb_flush_all_cpus(void)
{
    for (int i = 0; i < cpu_count(); i++) {
        ppc_tlb_flush(POWERPC_CPU(cpu_by_index(i)));
    }
}

static void drop_entry(PowerPCCPU *cpu, unsigned id, PPCTlbEntry *e)
{
    tag_kill(&e->tag_read);
    tag_kill(&e->tag_write);
    tag_kill(&e->tag_exec);
    rmap_unlink(cpu, id);
}

void ppc_tlb_flush_page(PowerPCCPU *cpu, uint64_t ea)
{
    tlb_lock(cpu);
    for (int m = 0; m < PPC_TLB_MODES; m++) {
        unsigned index = (unsigned)((ea >> 12) & (PPC_TLB_SIZE - 1));
        unsigned block = (unsigned)((ea >> 16) & (PPC_TLB64_SIZE - 1));
        drop_entry(cpu, (unsigned)m * PPC_TLB_SIZE + index, &cpu->tlb[m][index]);
        drop_entry(cpu, block_id((unsigned)m, block), &cpu->tlb64[m][block]);
    }
    tlb_unlock(cpu);
    ppc_stat_add(tlb_flush_page, 1);
    tcg_flush_jmp_cache(&cpu->cs);
}

/*
 * An SLB entry for the segment of ea (256 MiB, or 1 TiB when one_t) went or
 * was replaced: only the translated-mode entries in that segment came
 * through it (duplicate SLB entries are a programming error, Book III
 * 5.9.3.2), and the lookup-cache entries of translated-mode blocks there:
 * the kernel's stay across a context switch's slbie of user segments.
 */
void ppc_tlb_flush_segment(PowerPCCPU *cpu, uint64_t ea, bool one_t)
{
    unsigned shift = one_t ? 40 : 28;

    tlb_lock(cpu);
    for (unsigned m = 1; m < PPC_TLB_MODES; m += 2) {
        /* the mode's 4 KiB entries, then its block entries */
        unsigned ranges[2][2] = { { m * PPC_TLB_SIZE, PPC_TLB_SIZE },
                                  { block_id(m, 0), PPC_TLB64_SIZE } };
        for (int t = 0; t < 2; t++) {
            for (unsigned id = ranges[t][0]; id < ranges[t][0] + ranges[t][1]; id++) {
                PPCTlbEntry *e = entry_by_id(cpu, id);
                uint64_t page = entry_page(e);
                if (page != UINT64_MAX && (page >> shift) == (ea >> shift)) {
                    drop_entry(cpu, id, e);
                }
            }
        }
    }
    tlb_unlock(cpu);
    ppc_stat_add(tlb_flush_segment, 1);
    /* Blocks fetched with MSR[IR] = 1 in this segment; real-mode ones use no SLB. */
    tcg_flush_jmp_cache_pc_range(&cpu->cs, ea & ~((1ull << shift) - 1), 1ull << shift,
                                 MSR_IR, MSR_IR);
}

/* Real-mode entries come from no HPTE: only translated ones go. */
static void drop_translated(PowerPCCPU *cpu, unsigned id, PPCTlbEntry *e)
{
    if (entry_mode(id) & 1) {
        drop_entry(cpu, id, e);
    }
}

/*
 * A translation to [pa, pa + size) changed (an HPTE went or lost rights):
 * drop the translated-mode TLB entries that reach it on every vCPU, and when
 * code was fetched through it, the lookup-cache entries of blocks there.
 * Entries reaching the range through another mapping go too, harmlessly.
 */
void ppc_tlb_flush_phys(uint64_t pa, uint64_t size, bool code)
{
    for (int i = 0; i < cpu_count(); i++) {
        PowerPCCPU *cpu = POWERPC_CPU(cpu_by_index(i));
        uint8_t *host = address_space_ram_ptr(cpu->cs.as, pa, size);

        if (!host) {
            ppc_tlb_flush(cpu);     /* not plain RAM: no cheaper way to be sure */
            continue;
        }
        tlb_lock(cpu);
        rmap_walk(cpu, (uintptr_t)host, (uintptr_t)host + size, drop_translated);
        tlb_unlock(cpu);
        ppc_stat_add(tlb_flush_phys, 1);
        if (code) {
            tcg_flush_jmp_cache_phys(&cpu->cs, pa, size);
        }
    }
}

static void drop_write(PowerPCCPU *cpu, unsigned id, PPCTlbEntry *e)
{
    (void)cpu, (void)id;
    tag_kill(&e->tag_write);
}

/* Drop write permission to a physical page from every TLB (it now holds code). */
void ppc_tlb_protect_code_page(uint64_t phys_page)
{
    for (int i = 0; i < cpu_count(); i++) {
        PowerPCCPU *cpu = POWERPC_CPU(cpu_by_index(i));
        uint8_t *host = address_space_ram_ptr(cpu->cs.as, phys_page, 0x1000);
        if (host) {
            tlb_lock(cpu);
            rmap_walk(cpu, (uintptr_t)host, (uintptr_t)host + 0x1000, drop_write);
            tlb_unlock(cpu);
        }
    }
}

/* Block lookups: the physical address of an instruction, through the fetch TLB. */
uint64_t ppc_translate_fetch(PowerPCCPU *cpu, uint64_t ea)
{
    PPCXlate x;

    tlb_lock(cpu);
    PPCXlateResult res = xlate(cpu, ea, ACCESS_EXEC, &x, true);
    if (res == XLATE_OK) {
        tlb_fill(cpu, ea, ACCESS_EXEC, &x);
    }
    tlb_unlock(cpu);
    if (res != XLATE_OK) {
        raise_fault(cpu, ea, ACCESS_EXEC, res);
    }
    ppc_stat_add(tlb_slow, 1);
    ppc_stat_add(tlb_slow_by_kind[ACCESS_EXEC], 1);
    return x.pa;
}

/* ---- Slow paths ---- */

/* A gdb watchpoint on this data access stops the CPU before it (see cpu_check_watchpoint). */
static inline void check_watchpoint(PowerPCCPU *cpu, uint64_t ea, unsigned size, bool is_write)
{
    if (__builtin_expect(cpu->cs.watchpoints && cpu->cs.watchpoints->len, 0) &&
        cpu_check_watchpoint(&cpu->cs, ea, size, is_write)) {
        tcg_exit_block(&cpu->cs);
    }
}

/* One access that stays within a page. */
static void access_page(PowerPCCPU *cpu, uint64_t ea, void *buf, unsigned size, PPCAccess kind)
{
    PPCXlate x;
    MemTxResult tx;

    ppc_stat_add(tlb_slow, 1);
    ppc_stat_add(tlb_slow_by_kind[kind], 1);
    tlb_lock(cpu);
    PPCXlateResult res = xlate(cpu, ea, kind, &x, true);
    if (res == XLATE_OK) {
        tlb_fill(cpu, ea, kind, &x);
    }
    tlb_unlock(cpu);
    if (res != XLATE_OK) {
        raise_fault(cpu, ea, kind, res);
    }
    /* Plain RAM the TLB now maps for this access: no second look-up of the address space. */
    void *host = ppc_tlb_hit(cpu, ea, size, kind);
    if (host) {
        if (kind == ACCESS_WRITE) {
            guest_ram_store(host, buf, size);
        } else {
            guest_ram_load(buf, host, size);
        }
        return;
    }
    /*
     * RAM the TLB does not map for this access (a code page: the write
     * invalidates blocks under the engine's own lock), or a device, which is
     * the machine's and reached under the big lock.
     */
    bool device = !address_space_ram_ptr(cpu->cs.as, x.pa, size);
    if (device) {
        bql_lock();
    }
    if (kind == ACCESS_WRITE) {
        tx = address_space_write(cpu->cs.as, x.pa, buf, size);
    } else {
        tx = address_space_read(cpu->cs.as, x.pa, buf, size);
    }
    if (device) {
        bql_unlock();
    }
    if (tx != MEMTX_OK) {
        /* Nothing there (or the device refused): a machine check, as hardware gives. */
        log_mask(LOG_GUEST_ERROR, "cpu %d: %s of %u bytes at %016" PRIx64 " (pa %016" PRIx64
                 ") failed\n", cpu->cs.index, kind == ACCESS_WRITE ? "write" : "read", size,
                 ea, x.pa);
        if (kind != ACCESS_WRITE) {
            memset(buf, 0xff, size);
        }
        cpu->spr[SPR_DAR] = ea;
        ppc_raise(cpu, EXCP_MACHINE_CHECK, 0);
    }
}

void ppc_mem_read_slow(PowerPCCPU *cpu, uint64_t ea, void *buf, unsigned size, PPCAccess kind)
{
    unsigned first = 0x1000 - (unsigned)(ea & 0xfff);

    if (kind != ACCESS_EXEC) {
        check_watchpoint(cpu, ea, size, false);
    }
    if (first >= size) {
        access_page(cpu, ea, buf, size, kind);
    } else {
        access_page(cpu, ea, buf, first, kind);
        access_page(cpu, ppc_ea_mask(cpu, ea + first), (uint8_t *)buf + first, size - first, kind);
    }
}

void ppc_mem_write_slow(PowerPCCPU *cpu, uint64_t ea, const void *buf, unsigned size)
{
    unsigned first = 0x1000 - (unsigned)(ea & 0xfff);
    uint8_t tmp[16];

    check_watchpoint(cpu, ea, size, true);
    memcpy(tmp, buf, size);
    if (first >= size) {
        access_page(cpu, ea, tmp, size, ACCESS_WRITE);
    } else {
        /* Translate both pages before writing either, so a fault leaves memory unchanged. */
        ppc_translate_or_raise(cpu, ppc_ea_mask(cpu, ea + first), ACCESS_WRITE);
        access_page(cpu, ea, tmp, first, ACCESS_WRITE);
        access_page(cpu, ppc_ea_mask(cpu, ea + first), tmp + first, size - first, ACCESS_WRITE);
    }
}

uint32_t ppc_fetch_insn(PowerPCCPU *cpu, uint64_t ea)
{
    uint32_t w;
    void *p = ppc_tlb_hit(cpu, ea, 4, ACCESS_EXEC);

    if (p) {
        guest_ram_load(&w, p, 4);
    } else {
        ppc_mem_read_slow(cpu, ea, &w, 4, ACCESS_EXEC);
    }
    return (cpu->msr & MSR_LE) ? w : __builtin_bswap32(w);
}
