/*
 * TCE tables and their hypercalls (see spapr_tce.h). LoPAR 14.5.4.2:
 * H_GET_TCE and H_PUT_TCE ("hcall-tce"), H_STUFF_TCE and
 * H_PUT_TCE_INDIRECT ("hcall-multi-tce"). Linux clears a whole window with
 * H_STUFF_TCE at PHB set-up, maps with H_PUT_TCE_INDIRECT when
 * "hcall-multi-tce" is advertised and unmaps with H_STUFF_TCE(..., 0, n)
 * (pci-hotplug-papr.md 8).
 *
 * Argument checks follow LoPAR's semantics, and every check runs before the
 * table changes, so a refused call leaves it as it was:
 *   - a LIOBN with no table, or an IOBA outside the window: H_PARAMETER;
 *   - an IOBA that is not 4 KiB aligned: H_PARAMETER (QEMU 7.2 drops the
 *     low bits instead; LoPAR only speaks of the range, and Linux always
 *     passes aligned addresses, so refusing is the safer reading);
 *   - a TCE that grants access to a page that is not guest RAM: H_PARAMETER
 *     ("the logical address within the TCE is outside the partition");
 *   - H_STUFF_TCE with count > 512: H_P4; its range past the window: H_PARAMETER;
 *   - H_PUT_TCE_INDIRECT: count > 512, a list that is not a 4 KiB aligned
 *     page of RAM, a range past the window, or any bad entry: H_PARAMETER;
 *     a negative LIOBN asks for the multi-table option: H_FUNCTION.
 */
#include "ppc/spapr/spapr_tce.h"

#include <glib.h>
#include <inttypes.h>
#include <string.h>

#include "core/log.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_machine.h"

#define TCE_PAGE_SIZE       (1ull << SPAPR_TCE_PAGE_SHIFT)
#define TCE_PAGE_MASK       (TCE_PAGE_SIZE - 1)
#define TCE_PERM_MASK       (SPAPR_TCE_READ | SPAPR_TCE_WRITE)
/* LoPAR's limit for one H_STUFF_TCE / H_PUT_TCE_INDIRECT: a 4 KiB page of TCEs. */
#define TCE_MAX_PER_CALL    512

struct SpaprTceTable {
    uint32_t liobn;
    uint64_t bus_offset;
    uint64_t size;          /* bytes of bus address space */
    uint64_t nb_entries;
    uint64_t *entries;      /* host order */
};

static GPtrArray *tables;   /* every live table */

/* ---- Tables ---------------------------------------------------------------- */

SpaprTceTable *spapr_tce_table_find(uint32_t liobn)
{
    for (guint i = 0; tables && i < tables->len; i++) {
        SpaprTceTable *t = g_ptr_array_index(tables, i);
        if (t->liobn == liobn) {
            return t;
        }
    }
    return NULL;
}

SpaprTceTable *spapr_tce_table_new(uint32_t liobn, uint64_t bus_offset, uint64_t size,
                                   Error **errp)
{
    SpaprTceTable *t;

    if (!size || (size & TCE_PAGE_MASK) || (bus_offset & TCE_PAGE_MASK) ||
        bus_offset + size < bus_offset) {
        error_setg(errp, "TCE table 0x%" PRIx32 ": bad DMA window 0x%" PRIx64 "+0x%" PRIx64,
                   liobn, bus_offset, size);
        return NULL;
    }
    if (spapr_tce_table_find(liobn)) {
        error_setg(errp, "TCE table 0x%" PRIx32 " exists already", liobn);
        return NULL;
    }
    t = g_new0(SpaprTceTable, 1);
    t->liobn = liobn;
    t->bus_offset = bus_offset;
    t->size = size;
    t->nb_entries = size >> SPAPR_TCE_PAGE_SHIFT;
    t->entries = g_new0(uint64_t, t->nb_entries);
    if (!tables) {
        tables = g_ptr_array_new();
    }
    g_ptr_array_add(tables, t);
    return t;
}

void spapr_tce_table_free(SpaprTceTable *t)
{
    if (!t) {
        return;
    }
    g_ptr_array_remove(tables, t);
    g_free(t->entries);
    g_free(t);
}

void spapr_tce_table_reset(SpaprTceTable *t)
{
    memset(t->entries, 0, t->nb_entries * sizeof(t->entries[0]));
}

uint32_t spapr_tce_table_liobn(const SpaprTceTable *t)
{
    return t->liobn;
}

uint64_t spapr_tce_table_bus_offset(const SpaprTceTable *t)
{
    return t->bus_offset;
}

uint64_t spapr_tce_table_size(const SpaprTceTable *t)
{
    return t->size;
}

/* ---- DMA --------------------------------------------------------------------- */

static const char *const dma_result_text[] = {
    [SPAPR_TCE_DMA_OK] = "ok",
    [SPAPR_TCE_DMA_NO_TRANSLATION] = "no valid TCE",
    [SPAPR_TCE_DMA_NO_PERMISSION] = "the TCE does not permit it",
    [SPAPR_TCE_DMA_NOT_RAM] = "the TCE points outside guest RAM",
};

/* The TCE index of ioba, or -1 outside the window. */
static int64_t tce_index(const SpaprTceTable *t, uint64_t ioba)
{
    if (ioba < t->bus_offset || ioba - t->bus_offset >= t->size) {
        return -1;
    }
    return (int64_t)((ioba - t->bus_offset) >> SPAPR_TCE_PAGE_SHIFT);
}

SpaprTceDmaResult spapr_tce_dma_rw(SpaprTceTable *t, AddressSpace *as, uint64_t ioba, void *buf,
                                   uint64_t len, bool is_write)
{
    uint8_t *p = buf;
    uint64_t need = is_write ? SPAPR_TCE_WRITE : SPAPR_TCE_READ;

    while (len) {
        int64_t idx = tce_index(t, ioba);
        uint64_t tce = idx < 0 ? 0 : t->entries[idx];
        uint64_t chunk = MIN(len, TCE_PAGE_SIZE - (ioba & TCE_PAGE_MASK));
        uint64_t gpa = (tce & ~TCE_PAGE_MASK) | (ioba & TCE_PAGE_MASK);
        SpaprTceDmaResult r = SPAPR_TCE_DMA_OK;
        void *host = NULL;

        if (!(tce & TCE_PERM_MASK)) {
            r = SPAPR_TCE_DMA_NO_TRANSLATION;
        } else if (!(tce & need)) {
            r = SPAPR_TCE_DMA_NO_PERMISSION;
        } else if (!(host = address_space_ram_ptr(as, gpa, chunk))) {
            r = SPAPR_TCE_DMA_NOT_RAM;
        }
        if (r != SPAPR_TCE_DMA_OK) {
            log_mask(LOG_GUEST_ERROR, "spapr-tce: LIOBN 0x%" PRIx32 ": DMA %s at 0x%" PRIx64
                     " (TCE 0x%" PRIx64 "): %s\n", t->liobn, is_write ? "write" : "read", ioba,
                     tce, dma_result_text[r]);
            return r;
        }
        if (is_write) {
            /* Through the dispatcher, so translated code in the page is dropped. */
            address_space_write(as, gpa, p, chunk);
        } else {
            memcpy(p, host, chunk);
        }
        p += chunk;
        ioba += chunk;
        len -= chunk;
    }
    return SPAPR_TCE_DMA_OK;
}

/* ---- Hypercalls ------------------------------------------------------------------ */

/* The table of a hypercall's LIOBN argument (a 32-bit number in a 64-bit register). */
static SpaprTceTable *arg_table(uint64_t liobn)
{
    return liobn > UINT32_MAX ? NULL : spapr_tce_table_find((uint32_t)liobn);
}

/* Whether count pages from ioba are aligned and inside t's window. */
static bool range_ok(const SpaprTceTable *t, uint64_t ioba, uint64_t count)
{
    int64_t idx = tce_index(t, ioba);

    return !(ioba & TCE_PAGE_MASK) && idx >= 0 && count <= t->nb_entries - (uint64_t)idx;
}

/* A TCE that grants access must name a page of the partition's RAM. */
static bool tce_ok(SpaprMachine *m, uint64_t tce)
{
    return !(tce & TCE_PERM_MASK) ||
           address_space_ram_ptr(&m->as, tce & ~TCE_PAGE_MASK, TCE_PAGE_SIZE) != NULL;
}

static int64_t h_put_tce(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    SpaprTceTable *t = arg_table(args[0]);
    uint64_t ioba = args[1], tce = args[2];

    if (!t || !range_ok(t, ioba, 1) || !tce_ok(m, tce)) {
        return H_PARAMETER;
    }
    t->entries[tce_index(t, ioba)] = tce;
    return H_SUCCESS;
}

static int64_t h_get_tce(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    SpaprTceTable *t = arg_table(args[0]);
    uint64_t ioba = args[1];

    if (!t || !range_ok(t, ioba, 1)) {
        return H_PARAMETER;
    }
    args[0] = t->entries[tce_index(t, ioba)];
    return H_SUCCESS;
}

static int64_t h_stuff_tce(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    SpaprTceTable *t = arg_table(args[0]);
    uint64_t ioba = args[1], tce = args[2], count = args[3];

    if (!t || !range_ok(t, ioba, 0)) {
        return H_PARAMETER;
    }
    if (count > TCE_MAX_PER_CALL) {
        return H_P4;
    }
    if (!range_ok(t, ioba, count) || !tce_ok(m, tce)) {
        return H_PARAMETER;
    }
    for (uint64_t i = 0, idx = (uint64_t)tce_index(t, ioba); i < count; i++) {
        t->entries[idx + i] = tce;
    }
    return H_SUCCESS;
}

static int64_t h_put_tce_indirect(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode,
                                  uint64_t *args)
{
    SpaprTceTable *t;
    uint64_t ioba = args[1], list = args[2], count = args[3];
    uint64_t tces[TCE_MAX_PER_CALL];
    int64_t idx;

    if ((int64_t)args[0] < 0) {
        return H_FUNCTION;      /* the multi-table (MTT) form, not offered */
    }
    t = arg_table(args[0]);
    if (count > TCE_MAX_PER_CALL || !t || !range_ok(t, ioba, count) || (list & TCE_PAGE_MASK) ||
        !address_space_ram_ptr(&m->as, list, TCE_PAGE_SIZE)) {
        return H_PARAMETER;
    }
    /* A private copy, validated whole before any entry is stored. */
    for (uint64_t i = 0; i < count; i++) {
        MemTxResult res = MEMTX_OK;

        tces[i] = address_space_ldq_be(&m->as, list + 8 * i, &res);
        if (res != MEMTX_OK || !tce_ok(m, tces[i])) {
            return H_PARAMETER;
        }
    }
    idx = tce_index(t, ioba);
    memcpy(&t->entries[idx], tces, count * sizeof(tces[0]));
    return H_SUCCESS;
}

static const SpaprHcallDef tce_hcalls[] = {
    SPAPR_HCALL(H_PUT_TCE, h_put_tce, "hcall-tce", 3, 0),                   /* liobn, ioba, tce */
    SPAPR_HCALL(H_GET_TCE, h_get_tce, "hcall-tce", 2, 1),                   /* liobn, ioba -> tce */
    SPAPR_HCALL(H_STUFF_TCE, h_stuff_tce, "hcall-multi-tce", 4, 0),         /* ..., tce, count */
    SPAPR_HCALL(H_PUT_TCE_INDIRECT, h_put_tce_indirect, "hcall-multi-tce", 4, 0), /* list, count */
};

void spapr_tce_register(void)
{
    SPAPR_REGISTER_HCALLS(tce_hcalls);
}
