/*
 * Shared helpers for the software-TLB unit tests (test-tlb-hpte.c,
 * test-tlb-block.c): RAM at address 0 behind an address space, a hashed
 * page table sized for it (LoPAPR 14.5.4.1) whose real-mode area is all of
 * RAM, and a load through the MMU that reports an interrupt instead of
 * taking it.
 */
#ifndef MMU_TEST_UTIL_H
#define MMU_TEST_UTIL_H

#include <glib.h>
#include <setjmp.h>

#include "core/memory.h"
#include "ppc/mmu.h"
#include "ppc/spapr/spapr_hpt.h"

static inline void mmu_test_machine(MemoryRegion *root, MemoryRegion *ram, AddressSpace *as,
                                    PPCHypervisor *hv, uint64_t ram_size)
{
    memory_region_init_container(root, "root", UINT64_MAX);
    g_assert_true(memory_region_init_ram(ram, "ram", ram_size));
    memory_region_add_subregion(root, 0, ram);
    address_space_init(as, root, "test");
    g_assert_true(spapr_hpt_alloc(hv, spapr_hpt_shift_for_ram(ram_size), ram_size));
    hv->rma_size = ram_size;
}

/* A doubleword load at ea with this MSR; false if it raised an interrupt. */
static inline bool mmu_test_load(PowerPCCPU *cpu, uint64_t ea, uint64_t msr, uint64_t *val)
{
    cpu->msr = msr;
    if (sigsetjmp(cpu->cs.jmp_env, 0)) {
        return false;
    }
    *val = ppc_ld64(cpu, ea);
    return true;
}

#endif
