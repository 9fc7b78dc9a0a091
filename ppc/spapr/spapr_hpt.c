/*
 * HPT management hypercalls (LoPAPR 14.5.4.1). The table lives in host
 * memory outside the guest, in host byte order (ppc/mmu-hash.h). Entries
 * are checked before they go in: a valid page-size encoding, and storage
 * attributes that fit what the real page number points at (RAM must be
 * cacheable: WIMG = 0010; anything else must be cache-inhibited).
 * Whenever an entry a TLB was filled from changes, every vCPU drops the TLB
 * entries that reach its physical page (ppc_tlb_flush_phys).
 *
 * The hypercalls run under the big lock: the first doubleword (V) is
 * written only by them, and vCPU threads only read it. The second (R) is
 * also written by vCPU threads, which OR in the reference and change bits
 * as they translate (ppc/mmu.c), without the lock: every access to it here
 * is atomic, and a change to other bits is a compare-and-swap that keeps an
 * R or C set meanwhile (Book III 5.7.8: the bits are the hardware's, which
 * a hypervisor's update must not lose).
 */
#include "ppc/spapr/spapr_hpt.h"

#include <glib.h>
#include <string.h>
#include <sys/mman.h>

#include "core/log.h"
#include "ppc/mmu-hash.h"
#include "ppc/mmu.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_machine.h"
#include "ppc/stats.h"

#define WIMG_MASK (HPTE_R_W | HPTE_R_I | HPTE_R_M | HPTE_R_G)

unsigned spapr_hpt_shift_for_ram(uint64_t ram_size)
{
    unsigned shift = 63 - __builtin_clzll(ram_size | 1);

    if ((1ull << shift) < ram_size) {
        shift++;
    }
    shift -= 7;
    return shift < 18 ? 18 : shift > 46 ? 46 : shift;
}

/*
 * The table is anonymous memory of its own: a large guest's table (RAM/128,
 * 128 MiB at 16 GiB) costs host memory only for the groups the guest fills,
 * and clearing it at reset hands the pages back instead of touching them all.
 */
bool spapr_hpt_alloc(PPCHypervisor *hv, unsigned shift, uint64_t ram_size)
{
    uint64_t bytes = 1ull << shift;
    uint64_t n = bytes / HPTE_SIZE;
    void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);

    if (p == MAP_FAILED) {
        return false;
    }
    hv->htab = p;
    hv->htab_mask = (bytes >> 7) - 1;
    hv->htab_used = g_new0(unsigned long, (n + 8 * sizeof(long) - 1) / (8 * sizeof(long)));
    hv->htab_exec_used = g_new0(unsigned long, (n + 8 * sizeof(long) - 1) / (8 * sizeof(long)));
    hv->ram_size = ram_size;
    return true;
}

static uint64_t htab_bytes(const PPCHypervisor *hv)
{
    return (hv->htab_mask + 1) * HPTES_PER_GROUP * HPTE_SIZE;
}

void spapr_hpt_free(PPCHypervisor *hv)
{
    if (hv->htab) {
        munmap(hv->htab, htab_bytes(hv));
    }
    g_free(hv->htab_used);
    g_free(hv->htab_exec_used);
    hv->htab = NULL;
    hv->htab_used = NULL;
    hv->htab_exec_used = NULL;
}

void spapr_hpt_clear(PPCHypervisor *hv)
{
    uint64_t n = (hv->htab_mask + 1) * HPTES_PER_GROUP;

    /* Private anonymous pages read back as zeroes once dropped. */
    if (madvise(hv->htab, htab_bytes(hv), MADV_DONTNEED) != 0) {
        memset(hv->htab, 0, n * HPTE_SIZE);
    }
    memset(hv->htab_used, 0, (n + 8 * sizeof(long) - 1) / (8 * sizeof(long)) * sizeof(long));
    if (hv->htab_exec_used) {
        memset(hv->htab_exec_used, 0, (n + 8 * sizeof(long) - 1) / (8 * sizeof(long)) * sizeof(long));
    }
    ppc_tlb_flush_all_cpus();
}

static bool ptex_valid(const PPCHypervisor *hv, uint64_t ptex, unsigned n)
{
    uint64_t total = (hv->htab_mask + 1) * HPTES_PER_GROUP;
    return hv->htab && ptex < total && ptex + n <= total;
}

/* Page shift from the entry alone (no segment): any base size that accepts the encoding. */
static unsigned hpte_shift_noslb(uint64_t v, uint64_t r)
{
    static const unsigned bases[] = { 12, 16, 24 };

    for (size_t i = 0; i < 3; i++) {
        unsigned s = hpte_page_shift(bases[i], v, r);
        if (s) {
            return s;
        }
    }
    return 0;
}

/*
 * HPTE ptex, which held (v, r), changed: drop the translations that may have
 * come from it, and the block lookups made through it.
 */
static void hpte_changed(PPCHypervisor *hv, uint64_t ptex, uint64_t v, uint64_t r)
{
    unsigned long *w = &hv->htab_used[ptex / (8 * sizeof(long))];
    unsigned long bit = 1ul << (ptex % (8 * sizeof(long)));
    unsigned long *x = hv->htab_exec_used ? &hv->htab_exec_used[ptex / (8 * sizeof(long))] : NULL;
    unsigned shift = hpte_shift_noslb(v, r);

    /*
     * The entry was written before: a vCPU thread that marks it used after
     * this reads it again and sees the change (ppc/mmu.c), so only the marks
     * seen here can have TLB entries behind them.
     */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    bool code = x && (__atomic_load_n(x, __ATOMIC_SEQ_CST) & bit);
    if (!(__atomic_load_n(w, __ATOMIC_SEQ_CST) & bit)) {
        return;
    }
    __atomic_fetch_and(w, ~bit, __ATOMIC_SEQ_CST);
    if (x) {
        __atomic_fetch_and(x, ~bit, __ATOMIC_SEQ_CST);
    }
    ppc_stat_add(tlb_flush[TLB_FLUSH_HPTE], 1);
    if (!shift) {
        ppc_tlb_flush_all_cpus();
        return;
    }
    ppc_tlb_flush_phys((r & HPTE_R_RPN) & ~((1ull << shift) - 1), 1ull << shift, code);
}

int64_t spapr_h_enter(PPCHypervisor *hv, uint64_t *args)
{
    uint64_t flags = args[0], ptex = args[1], v = args[2], r = args[3];
    unsigned shift;
    uint64_t raddr, *hpte;

    v &= ~0x60ull;  /* bits 6:5 are reserved */
    if (!ptex_valid(hv, ptex, 1)) {
        return H_PARAMETER;
    }
    shift = hpte_shift_noslb(v, r);
    if (!shift) {
        return H_PARAMETER;
    }
    raddr = (r & HPTE_R_RPN) & ~((1ull << shift) - 1);
    if (raddr < hv->ram_size) {
        if ((r & WIMG_MASK) != HPTE_R_M) {
            return H_PARAMETER;
        }
    } else if (!(r & HPTE_R_I)) {
        return H_PARAMETER;
    }

    uint64_t group = ptex & ~7ull;
    if (!(flags & H_EXACT)) {
        unsigned slot;
        for (slot = 0; slot < HPTES_PER_GROUP; slot++) {
            if (!(hpte_ptr(hv->htab, group + slot)[0] & HPTE_V_VALID)) {
                break;
            }
        }
        if (slot == HPTES_PER_GROUP) {
            return H_PTEG_FULL;
        }
        ptex = group + slot;
    } else if (hpte_ptr(hv->htab, ptex)[0] & HPTE_V_VALID) {
        return H_PTEG_FULL;
    }
    hpte = hpte_ptr(hv->htab, ptex);
    /* vCPU threads walk the table without a lock: the valid word goes last. */
    __atomic_store_n(&hpte[1], r, __ATOMIC_RELAXED);
    __atomic_store_n(&hpte[0], v, __ATOMIC_RELEASE);
    args[0] = ptex;
    return H_SUCCESS;
}

static inline uint64_t hpte_r(const uint64_t *hpte)
{
    return __atomic_load_n(&hpte[1], __ATOMIC_RELAXED);
}

/* The shared test of H_REMOVE, H_PROTECT, H_BULK_REMOVE and (no flags) H_CLEAR_REF/MOD. */
static int64_t hpte_match(PPCHypervisor *hv, uint64_t ptex, uint64_t avpn, uint64_t flags)
{
    uint64_t v;

    if (!ptex_valid(hv, ptex, 1)) {
        return H_PARAMETER;
    }
    v = hpte_ptr(hv->htab, ptex)[0];
    if (!(v & HPTE_V_VALID) ||
        ((flags & H_AVPN) && (v & ~0x7full) != avpn) ||
        ((flags & H_ANDCOND) && (v & avpn) != 0)) {
        return H_NOT_FOUND;
    }
    return H_SUCCESS;
}

static int64_t remove_one(PPCHypervisor *hv, uint64_t ptex, uint64_t avpn, uint64_t flags,
                          uint64_t *old_v, uint64_t *old_r)
{
    int64_t ret = hpte_match(hv, ptex, avpn, flags);
    uint64_t *hpte;

    if (ret != H_SUCCESS) {
        return ret;
    }
    hpte = hpte_ptr(hv->htab, ptex);
    *old_v = hpte[0];
    /* Invalid first, so no new walk finds it; then R, with the R and C set until now. */
    __atomic_store_n(&hpte[0], 0, __ATOMIC_SEQ_CST);
    *old_r = __atomic_exchange_n(&hpte[1], 0, __ATOMIC_SEQ_CST);
    hpte_changed(hv, ptex, *old_v, *old_r);
    return H_SUCCESS;
}

int64_t spapr_h_remove(PPCHypervisor *hv, uint64_t *args)
{
    uint64_t v, r;
    int64_t ret = remove_one(hv, args[1], args[2], args[0], &v, &r);

    if (ret == H_SUCCESS) {
        args[0] = v;
        args[1] = r;
    }
    return ret;
}

int64_t spapr_h_read(PPCHypervisor *hv, uint64_t *args)
{
    uint64_t flags = args[0], ptex = args[1];
    unsigned n = 1;

    if (flags & H_READ_4) {
        ptex &= ~3ull;
        n = 4;
    }
    if (!ptex_valid(hv, ptex, n)) {
        return H_PARAMETER;
    }
    for (unsigned i = 0; i < n; i++) {
        uint64_t *hpte = hpte_ptr(hv->htab, ptex + i);
        args[2 * i] = hpte[0];
        args[2 * i + 1] = hpte_r(hpte);
    }
    return H_SUCCESS;
}

int64_t spapr_h_protect(PPCHypervisor *hv, uint64_t *args)
{
    uint64_t flags = args[0], ptex = args[1], avpn = args[2];
    int64_t ret = hpte_match(hv, ptex, avpn, flags);
    uint64_t *hpte, old, r;

    if (ret != H_SUCCESS) {
        return ret;
    }
    hpte = hpte_ptr(hv->htab, ptex);
    /* A vCPU may set R or C between the read and the write: then the CAS fails and reads again. */
    old = hpte_r(hpte);
    do {
        r = old & ~(HPTE_R_PP0 | HPTE_R_PP | HPTE_R_N | HPTE_R_KEY_HI | HPTE_R_KEY_LO);
        r |= (flags << 55) & HPTE_R_PP0;
        r |= (flags << 48) & HPTE_R_KEY_HI;
        r |= flags & (HPTE_R_PP | HPTE_R_N | HPTE_R_KEY_LO);
    } while (!__atomic_compare_exchange_n(&hpte[1], &old, r, false, __ATOMIC_SEQ_CST,
                                          __ATOMIC_RELAXED));
    hpte_changed(hv, ptex, hpte[0], r);
    return H_SUCCESS;
}

int64_t spapr_h_bulk_remove(PPCHypervisor *hv, uint64_t *args)
{
    for (int i = 0; i < 4; i++) {
        uint64_t *tsh = &args[2 * i], tsl = args[2 * i + 1];
        uint64_t v, r;
        int64_t ret;

        if ((*tsh & H_BULK_TYPE) == H_BULK_END) {
            break;
        }
        if ((*tsh & H_BULK_TYPE) != H_BULK_REQUEST) {
            return H_PARAMETER;
        }
        /* Flags 57:56 select absolute (0), ANDCOND (1) or AVPN (2); 3 is no valid choice. */
        if ((*tsh & H_BULK_FLAGS) == H_BULK_FLAGS) {
            *tsh = (*tsh & (H_BULK_PTEX | H_BULK_FLAGS)) | H_BULK_RESPONSE | (2ull << 60);
            return H_PARAMETER;
        }
        /* Shifted onto H_ANDCOND / H_AVPN. */
        ret = remove_one(hv, *tsh & H_BULK_PTEX, tsl, (*tsh & H_BULK_FLAGS) >> 26, &v, &r);
        *tsh &= H_BULK_PTEX | H_BULK_FLAGS;
        *tsh |= H_BULK_RESPONSE;
        switch (ret) {
        case H_SUCCESS:
            *tsh |= (r & (HPTE_R_R | HPTE_R_C)) << 43;
            break;
        case H_NOT_FOUND:
            *tsh |= 1ull << 60;
            break;
        case H_PARAMETER:
            *tsh |= 2ull << 60;
            return ret;
        default:
            *tsh |= 3ull << 60;
            return ret;
        }
    }
    return H_SUCCESS;
}

static int64_t clear_bit(PPCHypervisor *hv, uint64_t *args, uint64_t bit)
{
    uint64_t ptex = args[1], *hpte;
    int64_t ret = hpte_match(hv, ptex, 0, 0);

    if (ret != H_SUCCESS) {
        return ret;
    }
    hpte = hpte_ptr(hv->htab, ptex);
    /* One atomic step: the bits a vCPU sets meanwhile stay (or come back after, as they would). */
    uint64_t old = __atomic_fetch_and(&hpte[1], ~bit, __ATOMIC_SEQ_CST);
    args[0] = old;
    if (old & bit) {
        hpte_changed(hv, ptex, hpte[0], old & ~bit);
    }
    return H_SUCCESS;
}

int64_t spapr_h_clear_ref(PPCHypervisor *hv, uint64_t *args)
{
    return clear_bit(hv, args, HPTE_R_R);
}

int64_t spapr_h_clear_mod(PPCHypervisor *hv, uint64_t *args)
{
    return clear_bit(hv, args, HPTE_R_C);
}

/* ---- the hypercall table entries (LoPAPR 14.5.4.1, "hcall-pft" and "hcall-bulk") ---- */

/*
 * The HPT changes, for -d mmu: the hcall log shows raw registers, this shows
 * which entry changed and to what.
 */
static void hpt_log(PowerPCCPU *cpu, const char *what, uint64_t ptex, int64_t ret,
                    const PPCHypervisor *hv)
{
    if (!log_enabled(LOG_MMU)) {
        return;
    }
    if (ret == H_SUCCESS && ptex_valid(hv, ptex, 1)) {
        const uint64_t *hpte = hpte_ptr(hv->htab, ptex);
        log_printf("mmu: cpu %d %s HPTE 0x%" PRIx64 " now v=%016" PRIx64 " r=%016" PRIx64 "\n",
                   cpu->cs.index, what, ptex, hpte[0], hpte_r(hpte));
    } else {
        log_printf("mmu: cpu %d %s HPTE 0x%" PRIx64 " failed (%" PRId64 ")\n", cpu->cs.index, what,
                   ptex, ret);
    }
}

static int64_t h_enter(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    uint64_t ptex = args[1];
    int64_t ret = spapr_h_enter(&m->vhyp, args);

    /* Without H_EXACT the slot chosen in the group comes back in r4. */
    hpt_log(cpu, "H_ENTER", ret == H_SUCCESS ? args[0] : ptex, ret, &m->vhyp);
    return ret;
}

static int64_t h_remove(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    uint64_t ptex = args[1];
    int64_t ret = spapr_h_remove(&m->vhyp, args);

    hpt_log(cpu, "H_REMOVE", ptex, ret, &m->vhyp);
    return ret;
}

static int64_t h_read(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    return spapr_h_read(&m->vhyp, args);
}

static int64_t h_clear_mod(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    return spapr_h_clear_mod(&m->vhyp, args);
}

static int64_t h_clear_ref(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    return spapr_h_clear_ref(&m->vhyp, args);
}

static int64_t h_protect(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    uint64_t ptex = args[1];
    int64_t ret = spapr_h_protect(&m->vhyp, args);

    hpt_log(cpu, "H_PROTECT", ptex, ret, &m->vhyp);
    return ret;
}

static int64_t h_bulk_remove(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    uint64_t req[4];
    int64_t ret;

    for (int i = 0; i < 4; i++) {
        req[i] = args[2 * i];
    }
    ret = spapr_h_bulk_remove(&m->vhyp, args);
    for (int i = 0; log_enabled(LOG_MMU) && i < 4; i++) {
        if ((req[i] & H_BULK_TYPE) != H_BULK_REQUEST) {
            break;
        }
        log_printf("mmu: cpu %d H_BULK_REMOVE HPTE 0x%" PRIx64 " response 0x%016" PRIx64 "\n",
                   cpu->cs.index, (uint64_t)(req[i] & H_BULK_PTEX), args[2 * i]);
    }
    return ret;
}

static const SpaprHcallDef hpt_hcalls[] = {
    SPAPR_HCALL(H_REMOVE, h_remove, "hcall-pft", 3, 2),     /* flags, ptex, avpn -> old V, old R */
    SPAPR_HCALL(H_ENTER, h_enter, "hcall-pft", 4, 1),       /* flags, ptex, V, R -> ptex */
    SPAPR_HCALL(H_READ, h_read, "hcall-pft", 2, 2),         /* flags, ptex -> V, R (H_READ_4: 8) */
    SPAPR_HCALL(H_CLEAR_MOD, h_clear_mod, "hcall-pft", 2, 1),
    SPAPR_HCALL(H_CLEAR_REF, h_clear_ref, "hcall-pft", 2, 1),
    SPAPR_HCALL(H_PROTECT, h_protect, "hcall-pft", 3, 0),
    /* four request/response pairs */
    SPAPR_HCALL(H_BULK_REMOVE, h_bulk_remove, "hcall-bulk", 8, 8),
};

void spapr_hpt_register(void)
{
    SPAPR_REGISTER_HCALLS(hpt_hcalls);
}
