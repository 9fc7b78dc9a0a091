/*
 * Guest memory access from instructions: effective address -> software TLB ->
 * host RAM pointer (fast path, inline here), else the slow path in mmu.c
 * walks the SLB and the hashed page table (Book III 5.7), fills the TLB, or
 * dispatches I/O, or raises DSI/ISI/segment interrupts with DAR/DSISR.
 *
 * Values are returned in guest byte order as MSR[LE] defines it: a 4-byte
 * load in big-endian mode returns the big-endian interpretation of memory.
 */
#ifndef PPC_MMU_H
#define PPC_MMU_H

#include <string.h>

#include "ppc/cpu.h"

typedef enum {
    ACCESS_READ = 0,
    ACCESS_WRITE = 1,
    ACCESS_EXEC = 2,
} PPCAccess;

static inline int ppc_data_mode(const PowerPCCPU *cpu)
{
    return ((cpu->msr & MSR_DR) ? 1 : 0) | ((cpu->msr & MSR_PR) ? 2 : 0);
}

static inline int ppc_code_mode(const PowerPCCPU *cpu)
{
    return ((cpu->msr & MSR_IR) ? 1 : 0) | ((cpu->msr & MSR_PR) ? 2 : 0);
}

static inline uint64_t ppc_ea_mask(const PowerPCCPU *cpu, uint64_t ea)
{
    return (cpu->msr & MSR_SF) ? ea : (uint32_t)ea;
}

/* Slow paths (mmu.c). `size` is 1, 2, 4, 8 or 16; value bytes in memory order. */
void ppc_mem_read_slow(PowerPCCPU *cpu, uint64_t ea, void *buf, unsigned size, PPCAccess kind);
void ppc_mem_write_slow(PowerPCCPU *cpu, uint64_t ea, const void *buf, unsigned size);

/* Host pointer for size bytes at ea if the TLB has the page for this access kind. */
static inline void *ppc_tlb_hit(PowerPCCPU *cpu, uint64_t ea, unsigned size, PPCAccess kind)
{
    int mode = kind == ACCESS_EXEC ? ppc_code_mode(cpu) : ppc_data_mode(cpu);
    PPCTlbEntry *e = &cpu->tlb[mode][(ea >> 12) & (PPC_TLB_SIZE - 1)];
    /* Other threads may kill the tag (mmu.c): read it once, atomically. */
    uint64_t tag = __atomic_load_n(kind == ACCESS_READ ? &e->tag_read
                                   : kind == ACCESS_WRITE ? &e->tag_write : &e->tag_exec,
                                   __ATOMIC_RELAXED);
    /* The page must match and the access must not cross into the next page. */
    if (tag == (ea & ~0xfffull) && ((ea & 0xfff) + size) <= 0x1000) {
        return (void *)(uintptr_t)(ea + e->addend);
    }
    return NULL;
}

static inline void ppc_read_bytes(PowerPCCPU *cpu, uint64_t ea, void *buf, unsigned size)
{
    void *p = ppc_tlb_hit(cpu, ea, size, ACCESS_READ);
    if (__builtin_expect(p != NULL, 1)) {
        guest_ram_load(buf, p, size);
    } else {
        ppc_mem_read_slow(cpu, ea, buf, size, ACCESS_READ);
    }
}

static inline void ppc_write_bytes(PowerPCCPU *cpu, uint64_t ea, const void *buf, unsigned size)
{
    void *p = ppc_tlb_hit(cpu, ea, size, ACCESS_WRITE);
    if (__builtin_expect(p != NULL, 1)) {
        guest_ram_store(p, buf, size);
    } else {
        ppc_mem_write_slow(cpu, ea, buf, size);
    }
}

static inline uint64_t ppc_bswap(uint64_t v, unsigned size)
{
    switch (size) {
    case 2: return __builtin_bswap16((uint16_t)v);
    case 4: return __builtin_bswap32((uint32_t)v);
    case 8: return __builtin_bswap64(v);
    default: return v;
    }
}

/* Load of 1/2/4/8 bytes in the current byte order (rev: byte-reversed form). */
static inline uint64_t ppc_ld(PowerPCCPU *cpu, uint64_t ea, unsigned size, bool rev)
{
    uint64_t v = 0;
    ea = ppc_ea_mask(cpu, ea);
    ppc_read_bytes(cpu, ea, &v, size);
    /* host is LE: memory bytes already form the LE value */
    if (!(cpu->msr & MSR_LE) != rev) {
        v = ppc_bswap(v, size);
    }
    return v;
}

static inline void ppc_st(PowerPCCPU *cpu, uint64_t ea, unsigned size, uint64_t v, bool rev)
{
    ea = ppc_ea_mask(cpu, ea);
    if (!(cpu->msr & MSR_LE) != rev) {
        v = ppc_bswap(v, size);
    }
    ppc_write_bytes(cpu, ea, &v, size);
}

#define ppc_ld8(cpu, ea)  ((uint8_t)ppc_ld(cpu, ea, 1, false))
#define ppc_ld16(cpu, ea) ((uint16_t)ppc_ld(cpu, ea, 2, false))
#define ppc_ld32(cpu, ea) ((uint32_t)ppc_ld(cpu, ea, 4, false))
#define ppc_ld64(cpu, ea) ppc_ld(cpu, ea, 8, false)
#define ppc_st8(cpu, ea, v)  ppc_st(cpu, ea, 1, v, false)
#define ppc_st16(cpu, ea, v) ppc_st(cpu, ea, 2, v, false)
#define ppc_st32(cpu, ea, v) ppc_st(cpu, ea, 4, v, false)
#define ppc_st64(cpu, ea, v) ppc_st(cpu, ea, 8, v, false)

/* Instruction fetch (used by the translator): one word in the current byte order. */
uint32_t ppc_fetch_insn(PowerPCCPU *cpu, uint64_t ea);

/* Translate ea for kind; false if no translation (no interrupt raised). */
bool ppc_translate_addr(PowerPCCPU *cpu, uint64_t ea, PPCAccess kind, uint64_t *pa,
                        bool *writable);
/* Translate or raise the architected interrupt (DSI/ISI/segment). */
uint64_t ppc_translate_or_raise(PowerPCCPU *cpu, uint64_t ea, PPCAccess kind);
/* The same for an instruction fetch, filling the fetch TLB (ppc_tlb_hit ACCESS_EXEC). */
uint64_t ppc_translate_fetch(PowerPCCPU *cpu, uint64_t ea);

/* TLB maintenance */
void ppc_tlb_flush(PowerPCCPU *cpu);
void ppc_tlb_flush_all_cpus(void);
void ppc_tlb_flush_page(PowerPCCPU *cpu, uint64_t ea);
/* The SLB entry for ea's segment (1 TiB when one_t) went or was replaced. */
void ppc_tlb_flush_segment(PowerPCCPU *cpu, uint64_t ea, bool one_t);
/* Translations to [pa, pa + size) changed on every vCPU; code: blocks were looked up through one. */
void ppc_tlb_flush_phys(uint64_t pa, uint64_t size, bool code);
/* A physical page now holds code: no TLB may write it directly any more. */
void ppc_tlb_protect_code_page(uint64_t phys_page);

/* One page mapping an HPTE provides through one SLB entry (ppc/mmu-info.c). */
typedef struct PPCMapping {
    uint64_t ptex;          /* HPTE index */
    int slb_index;
    uint64_t ea, pa;        /* first effective / physical address of the page */
    unsigned shift;         /* page size */
    uint64_t v, r;          /* the HPTE */
} PPCMapping;
/* Every valid HPTE reachable from a valid SLB entry; fn returns false to stop. */
void ppc_hpt_foreach_mapping(PowerPCCPU *cpu, bool (*fn)(const PPCMapping *m, void *opaque),
                             void *opaque);
/* Add `info tlb` (ppc/mmu-monitor.c) to the monitor; once, from machine set-up. */
void ppc_mmu_monitor_register(void);

#endif
