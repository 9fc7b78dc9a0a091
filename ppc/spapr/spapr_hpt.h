/*
 * The hashed page table a PAPR hypervisor keeps for its partition, and the
 * hypercalls that manage it (LoPAPR 14.5.4.1: H_ENTER, H_REMOVE, H_READ,
 * H_PROTECT, H_BULK_REMOVE, H_CLEAR_REF, H_CLEAR_MOD).
 */
#ifndef PPC_SPAPR_HPT_H
#define PPC_SPAPR_HPT_H

#include <stdbool.h>
#include <stdint.h>

#include "ppc/cpu.h"

/* log2 of the HPT size for a RAM size: 1/128 of RAM, at least 256 KiB. */
unsigned spapr_hpt_shift_for_ram(uint64_t ram_size);
/* Allocate (zeroed) and attach to hv; hv->rma_size etc. are the caller's. */
bool spapr_hpt_alloc(PPCHypervisor *hv, unsigned shift, uint64_t ram_size);
void spapr_hpt_free(PPCHypervisor *hv);
void spapr_hpt_clear(PPCHypervisor *hv);

/*
 * Each takes the hypercall's argument registers (args[0] = r4, ...) and
 * writes its outputs there too; returns the H_* status.
 */
int64_t spapr_h_enter(PPCHypervisor *hv, uint64_t *args);
int64_t spapr_h_remove(PPCHypervisor *hv, uint64_t *args);
int64_t spapr_h_read(PPCHypervisor *hv, uint64_t *args);
int64_t spapr_h_protect(PPCHypervisor *hv, uint64_t *args);
int64_t spapr_h_bulk_remove(PPCHypervisor *hv, uint64_t *args);
int64_t spapr_h_clear_ref(PPCHypervisor *hv, uint64_t *args);
int64_t spapr_h_clear_mod(PPCHypervisor *hv, uint64_t *args);

#endif
