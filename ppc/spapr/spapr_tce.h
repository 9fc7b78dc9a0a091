/*
 * TCE tables: the IOMMU a pseries partition programs for device DMA
 * (LoPAR 14.5.4.2, "Translation Control Entry access", and the DMA window
 * of 3.2.2). A table belongs to one logical I/O bus number (LIOBN) and
 * covers one DMA window: bus addresses [bus_offset, bus_offset + size), one
 * 8-byte TCE per 4 KiB I/O page. A TCE holds the real page address in bits
 * 63:12 and two permission bits (papr.h: SPAPR_TCE_READ, the device may
 * read the page; SPAPR_TCE_WRITE, it may write it); both clear means
 * "page fault", no translation.
 *
 * The guest fills tables with H_PUT_TCE, H_STUFF_TCE and H_PUT_TCE_INDIRECT
 * and reads them with H_GET_TCE (the handlers are in spapr_tce.c); a bus
 * owner (the PHB) runs its devices' DMA through spapr_tce_dma_rw. Tables
 * are found by LIOBN, so they are registered while they exist.
 */
#ifndef PPC_SPAPR_SPAPR_TCE_H
#define PPC_SPAPR_SPAPR_TCE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "core/memory.h"

typedef struct SpaprTceTable SpaprTceTable;

/*
 * A registered table for liobn covering size bytes of bus address space at
 * bus_offset, every TCE invalid. size must be a non-zero multiple of the
 * 4 KiB page; a LIOBN that already has a table is refused.
 */
SpaprTceTable *spapr_tce_table_new(uint32_t liobn, uint64_t bus_offset, uint64_t size,
                                   Error **errp);
/* Unregister and free (NULL is fine). */
void spapr_tce_table_free(SpaprTceTable *t);
/* The registered table of liobn, or NULL. */
SpaprTceTable *spapr_tce_table_find(uint32_t liobn);
/* Machine reset: every TCE invalid again. */
void spapr_tce_table_reset(SpaprTceTable *t);

uint32_t spapr_tce_table_liobn(const SpaprTceTable *t);
uint64_t spapr_tce_table_bus_offset(const SpaprTceTable *t);
uint64_t spapr_tce_table_size(const SpaprTceTable *t);

typedef enum {
    SPAPR_TCE_DMA_OK = 0,
    SPAPR_TCE_DMA_NO_TRANSLATION,   /* outside the window, or the TCE is a page fault */
    SPAPR_TCE_DMA_NO_PERMISSION,    /* the TCE does not allow this direction */
    SPAPR_TCE_DMA_NOT_RAM,          /* the TCE points at no guest RAM */
} SpaprTceDmaResult;

/*
 * A device's DMA of len bytes at bus address ioba, translated page by page
 * through t into guest RAM of as. Reads fill buf, writes copy it out. Pages
 * before the first faulting one are transferred (as hardware would have
 * done), nothing at or past it; the fault is logged under -d guest_errors.
 * Only RAM is reached: a TCE pointing at MMIO or at nothing fails.
 */
SpaprTceDmaResult spapr_tce_dma_rw(SpaprTceTable *t, AddressSpace *as, uint64_t ioba, void *buf,
                                   uint64_t len, bool is_write);

/* The TCE hypercalls ("hcall-tce", "hcall-multi-tce"). */
void spapr_tce_register(void);

#endif
