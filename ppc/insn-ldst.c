/*
 * Fixed-point loads and stores (Power ISA 2.07B Book I 3.3.2-3.3.8),
 * load-and-reserve / store-conditional (Book II 4.4.2), cache management and
 * synchronization (Book II 4.3, 4.4.3).
 *
 * Accesses go through ppc_ld/ppc_st, which apply MSR[LE], the 32-bit EA mask
 * and the MMU. Invalid forms that QEMU's POWER8 model rejects (update forms
 * with RA = 0 or RA = RT, odd register pairs) raise the illegal-instruction
 * program interrupt.
 */
#include "core/cpu-threads.h"
#include "ppc/insn.h"
#include "ppc/mmu.h"
#include "ppc/reservation.h"
#include "tcg/tcg.h"

#define RA cpu->gpr[F_RA(insn)]
#define RB cpu->gpr[F_RB(insn)]
#define RT cpu->gpr[F_RT(insn)]

static inline bool le_mode(const PowerPCCPU *cpu)
{
    return cpu->msr & MSR_LE;
}

static inline void illegal(PowerPCCPU *cpu)
{
    ppc_raise_program(cpu, SRR1_PROGILL);
}

/* Book III 6.5.8: DAR gets the operand address. */
static inline void alignment(PowerPCCPU *cpu, uint64_t ea) __attribute__((noreturn));
static inline void alignment(PowerPCCPU *cpu, uint64_t ea)
{
    cpu->spr[SPR_DAR] = ea;
    ppc_raise(cpu, EXCP_ALIGNMENT, 0);
}

static inline uint64_t sext(uint64_t v, unsigned size)
{
    switch (size) {
    case 1: return (uint64_t)(int8_t)v;
    case 2: return (uint64_t)(int16_t)v;
    case 4: return (uint64_t)(int32_t)v;
    default: return v;
    }
}

/* Effective addresses: D-form (RA|0)+SI, DS-form (RA|0)+DS, X-form (RA|0)+(RB). */
static inline uint64_t ea_d(const PowerPCCPU *cpu, uint32_t insn)  { return ppc_ra0(cpu, insn) + (uint64_t)F_SI(insn); }
static inline uint64_t ea_ds(const PowerPCCPU *cpu, uint32_t insn) { return ppc_ra0(cpu, insn) + (uint64_t)F_DS(insn); }
static inline uint64_t ea_x(const PowerPCCPU *cpu, uint32_t insn)  { return ppc_ra0(cpu, insn) + RB; }

/* ---- Plain loads and stores ---- */

enum { ZX = 0, SX = 1, REV = 2 };

static int load(PowerPCCPU *cpu, uint32_t insn, uint64_t ea, unsigned size, unsigned how)
{
    uint64_t v = ppc_ld(cpu, ea, size, how & REV);
    RT = (how & SX) ? sext(v, size) : v;
    return 0;
}

/* Update forms write the (mode-masked) EA to RA once the access succeeded. */
static int load_update(PowerPCCPU *cpu, uint32_t insn, uint64_t ea, unsigned size, unsigned how)
{
    if (F_RA(insn) == 0 || F_RA(insn) == F_RT(insn)) {
        illegal(cpu);
    }
    ea = ppc_ea_mask(cpu, ea);
    load(cpu, insn, ea, size, how);
    RA = ea;
    return 0;
}

static int store(PowerPCCPU *cpu, uint32_t insn, uint64_t ea, unsigned size, unsigned how)
{
    ppc_st(cpu, ea, size, RT, how & REV);
    return 0;
}

static int store_update(PowerPCCPU *cpu, uint32_t insn, uint64_t ea, unsigned size, unsigned how)
{
    if (F_RA(insn) == 0) {
        illegal(cpu);
    }
    ea = ppc_ea_mask(cpu, ea);
    store(cpu, insn, ea, size, how);
    RA = ea;
    return 0;
}

/* The four addressing forms of one access: D, D with update, X, X with update. */
#define DX_FORMS(op, name, size, how)                                                            \
    PPC_INSN(name)       { return op(cpu, insn, ea_d(cpu, insn), size, how); }                   \
    PPC_INSN(name##u)    { return op##_update(cpu, insn, RA + (uint64_t)F_SI(insn), size, how); } \
    PPC_INSN(name##x)    { return op(cpu, insn, ea_x(cpu, insn), size, how); }                   \
    PPC_INSN(name##ux)   { return op##_update(cpu, insn, RA + RB, size, how); }

DX_FORMS(load, lbz, 1, ZX)
DX_FORMS(load, lhz, 2, ZX)
DX_FORMS(load, lha, 2, SX)
DX_FORMS(load, lwz, 4, ZX)
DX_FORMS(store, stb, 1, 0)
DX_FORMS(store, sth, 2, 0)
DX_FORMS(store, stw, 4, 0)

/* DS-form doubleword and lwa: the displacement has its low two bits zero. */
PPC_INSN(ld)    { return load(cpu, insn, ea_ds(cpu, insn), 8, ZX); }
PPC_INSN(ldu)   { return load_update(cpu, insn, RA + (uint64_t)F_DS(insn), 8, ZX); }
PPC_INSN(ldx)   { return load(cpu, insn, ea_x(cpu, insn), 8, ZX); }
PPC_INSN(ldux)  { return load_update(cpu, insn, RA + RB, 8, ZX); }
PPC_INSN(lwa)   { return load(cpu, insn, ea_ds(cpu, insn), 4, SX); }
PPC_INSN(lwax)  { return load(cpu, insn, ea_x(cpu, insn), 4, SX); }
PPC_INSN(lwaux) { return load_update(cpu, insn, RA + RB, 4, SX); }
PPC_INSN(std)   { return store(cpu, insn, ea_ds(cpu, insn), 8, 0); }
PPC_INSN(stdu)  { return store_update(cpu, insn, RA + (uint64_t)F_DS(insn), 8, 0); }
PPC_INSN(stdx)  { return store(cpu, insn, ea_x(cpu, insn), 8, 0); }
PPC_INSN(stdux) { return store_update(cpu, insn, RA + RB, 8, 0); }

PPC_INSN(lhbrx)  { return load(cpu, insn, ea_x(cpu, insn), 2, REV); }
PPC_INSN(lwbrx)  { return load(cpu, insn, ea_x(cpu, insn), 4, REV); }
PPC_INSN(ldbrx)  { return load(cpu, insn, ea_x(cpu, insn), 8, REV); }
PPC_INSN(sthbrx) { return store(cpu, insn, ea_x(cpu, insn), 2, REV); }
PPC_INSN(stwbrx) { return store(cpu, insn, ea_x(cpu, insn), 4, REV); }
PPC_INSN(stdbrx) { return store(cpu, insn, ea_x(cpu, insn), 8, REV); }

/* ---- Quadword: an even/odd register pair, RTp holding the high doubleword ---- */

/* 16 bytes in memory order <-> the (hi, lo) pair in the current byte order. */
static void quad_from_bytes(const PowerPCCPU *cpu, const uint8_t b[16], uint64_t *hi, uint64_t *lo)
{
    uint64_t first, second;
    memcpy(&first, b, 8);
    memcpy(&second, b + 8, 8);
    if (le_mode(cpu)) {
        *lo = first;
        *hi = second;
    } else {
        *hi = __builtin_bswap64(first);
        *lo = __builtin_bswap64(second);
    }
}

static void quad_to_bytes(const PowerPCCPU *cpu, uint64_t hi, uint64_t lo, uint8_t b[16])
{
    uint64_t first = le_mode(cpu) ? lo : __builtin_bswap64(hi);
    uint64_t second = le_mode(cpu) ? hi : __builtin_bswap64(lo);
    memcpy(b, &first, 8);
    memcpy(b + 8, &second, 8);
}

/* lq and stq are problem-state instructions since ISA 2.07; EA must be quadword aligned. */
PPC_INSN(lq)
{
    unsigned rt = F_RT(insn);
    if ((rt & 1) || rt == F_RA(insn)) {
        illegal(cpu);
    }
    uint64_t ea = ppc_ea_mask(cpu, ppc_ra0(cpu, insn) + (uint64_t)(int64_t)(int16_t)(insn & 0xfff0));
    if (ea & 15) {
        alignment(cpu, ea);
    }
    uint8_t b[16];
    ppc_read_bytes(cpu, ea, b, 16);
    quad_from_bytes(cpu, b, &cpu->gpr[rt], &cpu->gpr[rt + 1]);
    return 0;
}

PPC_INSN(stq)
{
    unsigned rs = F_RS(insn);
    if (rs & 1) {
        illegal(cpu);
    }
    uint64_t ea = ppc_ea_mask(cpu, ea_ds(cpu, insn));
    if (ea & 15) {
        alignment(cpu, ea);
    }
    uint8_t b[16];
    quad_to_bytes(cpu, cpu->gpr[rs], cpu->gpr[rs + 1], b);
    ppc_write_bytes(cpu, ea, b, 16);
    return 0;
}

/* ---- Load/store multiple and string (big-endian mode only) ---- */

/* Book I 3.3.6/3.3.7: in little-endian mode these take the alignment interrupt. */
static void check_be(PowerPCCPU *cpu, uint64_t ea)
{
    if (le_mode(cpu)) {
        alignment(cpu, ppc_ea_mask(cpu, ea));
    }
}

PPC_INSN(lmw)
{
    uint64_t ea = ea_d(cpu, insn);
    check_be(cpu, ea);
    for (int r = F_RT(insn); r < 32; r++, ea += 4) {
        cpu->gpr[r] = ppc_ld32(cpu, ea);
    }
    return 0;
}

PPC_INSN(stmw)
{
    uint64_t ea = ea_d(cpu, insn);
    check_be(cpu, ea);
    for (int r = F_RS(insn); r < 32; r++, ea += 4) {
        ppc_st32(cpu, ea, cpu->gpr[r]);
    }
    return 0;
}

/*
 * Strings fill the low words of RT, RT+1, ... (wrapping to r0), four bytes
 * each from the most significant end; a partial last word is zero-padded.
 * RA (and RB for lswx) inside the loaded range is an invalid form.
 */
static bool in_string_range(int rt, unsigned nb, int r)
{
    unsigned nregs = (nb + 3) / 4;
    return (unsigned)((r - rt + 32) % 32) < nregs;
}

static void load_string(PowerPCCPU *cpu, uint64_t ea, int rt, unsigned nb)
{
    for (unsigned i = 0; i < nb; i++) {
        int r = (rt + i / 4) % 32;
        if (i % 4 == 0) {
            cpu->gpr[r] = 0;
        }
        cpu->gpr[r] |= (uint64_t)ppc_ld8(cpu, ea + i) << (24 - 8 * (i % 4));
    }
}

static void store_string(PowerPCCPU *cpu, uint64_t ea, int rs, unsigned nb)
{
    for (unsigned i = 0; i < nb; i++) {
        int r = (rs + i / 4) % 32;
        ppc_st8(cpu, ea + i, cpu->gpr[r] >> (24 - 8 * (i % 4)));
    }
}

/* lswi/stswi: NB = 0 means 32 bytes; the EA is (RA|0) alone. */
static inline unsigned nb_imm(uint32_t insn)
{
    return F_RB(insn) ? F_RB(insn) : 32;
}

/* lswx/stswx: the byte count is XER[57:63]. */
static inline unsigned nb_xer(const PowerPCCPU *cpu)
{
    return cpu->xer & 0x7f;
}

PPC_INSN(lswi)
{
    unsigned nb = nb_imm(insn);
    uint64_t ea = ppc_ra0(cpu, insn);
    check_be(cpu, ea);
    if (in_string_range(F_RT(insn), nb, F_RA(insn))) {
        illegal(cpu);
    }
    load_string(cpu, ea, F_RT(insn), nb);
    return 0;
}

PPC_INSN(lswx)
{
    unsigned nb = nb_xer(cpu);
    uint64_t ea = ea_x(cpu, insn);
    check_be(cpu, ea);
    if (in_string_range(F_RT(insn), nb, F_RA(insn)) || in_string_range(F_RT(insn), nb, F_RB(insn))) {
        illegal(cpu);
    }
    load_string(cpu, ea, F_RT(insn), nb);
    return 0;
}

PPC_INSN(stswi)
{
    uint64_t ea = ppc_ra0(cpu, insn);
    check_be(cpu, ea);
    store_string(cpu, ea, F_RS(insn), nb_imm(insn));
    return 0;
}

PPC_INSN(stswx)
{
    uint64_t ea = ea_x(cpu, insn);
    check_be(cpu, ea);
    store_string(cpu, ea, F_RS(insn), nb_xer(cpu));
    return 0;
}

/* ---- Load and reserve / store conditional ---- */

/*
 * The reservation remembers the address, the length and the bytes loaded. A
 * store-conditional succeeds only for the same address and length, and only
 * if memory still holds those bytes, tested and stored in one host atomic
 * step (ppc/reservation.c says why a value test is what we accept).
 */
static uint64_t reserved_ea(PowerPCCPU *cpu, uint32_t insn, unsigned size)
{
    uint64_t ea = ppc_ea_mask(cpu, ea_x(cpu, insn));
    if (ea & (size - 1)) {
        alignment(cpu, ea);
    }
    return ea;
}

static int load_reserve(PowerPCCPU *cpu, uint32_t insn, unsigned size)
{
    uint64_t ea = reserved_ea(cpu, insn, size);
    ppc_reserve(cpu, ea, size);
    uint64_t v = 0;
    memcpy(&v, cpu->reserve_val, size);
    RT = le_mode(cpu) ? v : ppc_bswap(v, size);
    return 0;
}

/* CR0 = 0b00 || success || SO; the reservation is gone either way. */
static int store_conditional(PowerPCCPU *cpu, uint64_t ea, const void *bytes, unsigned size)
{
    bool ok = ppc_store_conditional(cpu, ea, bytes, size);
    ppc_set_crf(cpu, 0, (ok ? 2u : 0u) | cpu->so);
    return 0;
}

static int store_cond_int(PowerPCCPU *cpu, uint32_t insn, unsigned size)
{
    uint64_t ea = reserved_ea(cpu, insn, size);
    uint64_t v = le_mode(cpu) ? RT : ppc_bswap(RT, size);
    return store_conditional(cpu, ea, &v, size);
}

PPC_INSN(lbarx) { return load_reserve(cpu, insn, 1); }
PPC_INSN(lharx) { return load_reserve(cpu, insn, 2); }
PPC_INSN(lwarx) { return load_reserve(cpu, insn, 4); }
PPC_INSN(ldarx) { return load_reserve(cpu, insn, 8); }
PPC_INSN(stbcx) { return store_cond_int(cpu, insn, 1); }
PPC_INSN(sthcx) { return store_cond_int(cpu, insn, 2); }
PPC_INSN(stwcx) { return store_cond_int(cpu, insn, 4); }
PPC_INSN(stdcx) { return store_cond_int(cpu, insn, 8); }

PPC_INSN(lqarx)
{
    unsigned rt = F_RT(insn);
    if ((rt & 1) || rt == F_RA(insn) || rt == F_RB(insn)) {
        illegal(cpu);
    }
    uint64_t ea = reserved_ea(cpu, insn, 16);
    ppc_reserve(cpu, ea, 16);
    quad_from_bytes(cpu, cpu->reserve_val, &cpu->gpr[rt], &cpu->gpr[rt + 1]);
    return 0;
}

PPC_INSN(stqcx)
{
    unsigned rs = F_RS(insn);
    if (rs & 1) {
        illegal(cpu);
    }
    uint64_t ea = reserved_ea(cpu, insn, 16);
    uint8_t b[16];
    quad_to_bytes(cpu, cpu->gpr[rs], cpu->gpr[rs + 1], b);
    return store_conditional(cpu, ea, b, 16);
}

/* ---- Cache management ---- */

/* dcbst, dcbf and icbi are treated as loads for protection (Book II 4.3):
 * they can take a DSI, but never touch memory (so no MMIO side effects). */
static int cache_op_check(PowerPCCPU *cpu, uint32_t insn)
{
    uint64_t ea = ppc_ea_mask(cpu, ea_x(cpu, insn));
    if (!ppc_tlb_hit(cpu, ea, 1, ACCESS_READ)) {
        ppc_translate_or_raise(cpu, ea, ACCESS_READ);
    }
    return 0;
}

/* Touch hints never fault. */
PPC_INSN(dcbt)   { return 0; }
PPC_INSN(dcbtst) { return 0; }
PPC_INSN(icbt)   { return 0; }
PPC_INSN(dcbst)  { return cache_op_check(cpu, insn); }
PPC_INSN(dcbf)   { return cache_op_check(cpu, insn); }

/* POWER8's cache block is 128 bytes. */
#define CACHE_BLOCK 128

/*
 * Code invalidation is done by the engine on writes. With vCPU threads a
 * block may still be translated from bytes another thread was storing at
 * that moment; the ISA's cross-modifying sequence (store, dcbst, sync, icbi,
 * sync, isync; Book II 1.8) has the writer icbi the block, which therefore
 * drops the blocks of that cache block too.
 */
PPC_INSN(icbi)
{
    uint64_t ea = ppc_ea_mask(cpu, ea_x(cpu, insn));
    uint64_t pa;

    cache_op_check(cpu, insn);
    if (cpu_threads_enabled() && ppc_translate_addr(cpu, ea, ACCESS_READ, &pa, NULL)) {
        tcg_invalidate_phys_range(pa & ~(uint64_t)(CACHE_BLOCK - 1), CACHE_BLOCK);
    }
    return 0;
}

/* Zero the aligned cache block holding EA. */
PPC_INSN(dcbz)
{
    uint64_t ea = ppc_ea_mask(cpu, ea_x(cpu, insn)) & ~(uint64_t)(CACHE_BLOCK - 1);
    for (unsigned off = 0; off < CACHE_BLOCK; off += 8) {
        ppc_st64(cpu, ea + off, 0);
    }
    return 0;
}

/*
 * ---- Synchronization (Book II 4.4.3) on an x86-64 host ----
 *
 * Guest loads and stores are host loads and stores made in program order:
 * neither the interpreter (one handler call per instruction) nor the native
 * code (emitted in order) moves one across another, and the host is TSO: it
 * keeps loads in order, stores in order, and a load before a later store.
 * The one reordering TSO allows is a store followed by a load from another
 * address (the store buffer), which POWER allows too and only sync (hwsync)
 * forbids. So:
 * - sync (L=0) and ptesync (L=2) are a host full fence (mfence);
 * - lwsync (L=1) orders everything but store-then-load: TSO already does,
 *   and the handler call is a compiler barrier, so nothing is needed;
 * - eieio orders stores among themselves (and caching-inhibited accesses,
 *   which are MMIO under the big lock): TSO does;
 * - isync is context synchronizing: the block ends there (INSN_END) and the
 *   next one is looked up in the new context; it orders no storage access.
 * The st*cx. compare-and-swap is a locked instruction, a full fence.
 */
#define SYNC_L(insn) (((insn) >> 21) & 3)

PPC_INSN(sync)
{
    if (SYNC_L(insn) != 1) {
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
    }
    return 0;
}
PPC_INSN(eieio) { return 0; }
PPC_INSN(isync) { return 0; }
