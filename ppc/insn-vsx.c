/*
 * VSX storage access, move, logical and permute instructions of Power ISA
 * 2.07B Book I chapter 7 (7.6.1). The floating-point group is in
 * insn-vsx-fp.c.
 *
 * Element order of the vector loads (7.6.1, lxvd2x / lxvw4x): element i is
 * always loaded from EA + i * size in the current byte order. So in
 * little-endian mode lxvd2x puts the doubleword at EA into element 0 (the
 * high half) with its bytes swapped: unlike lvx, the quadword is not
 * reversed as a whole. Scalar loads fill doubleword 0 only; doubleword 1 is
 * undefined by the ISA and left as it was.
 */
#include "ppc/vec-helpers.h"
#include "ppc/fpu.h"

#define XT(insn) (&cpu->vsr[F_XT(insn)])
#define XA(insn) (&cpu->vsr[F_XA(insn)])
#define XB(insn) (&cpu->vsr[F_XB(insn)])
#define XC(insn) (&cpu->vsr[F_XC(insn)])

/* ---- Loads and stores ---- */

/*
 * lxvd2x / lxvw4x and their stores: the storage byte that ISA byte k of the
 * register comes from when its elements of `size` bytes are in storage order
 * (element i at EA + i * size, its bytes reversed in little-endian mode).
 */
static inline int vsx_storage_byte(int k, int size, bool le)
{
    int j = k % size;
    return k - j + (le ? size - 1 - j : j);
}

static int vsx_load_vector(PowerPCCPU *cpu, uint32_t insn, int size)
{
    uint8_t b[16];
    PPCVsr *t;

    ppc_check_vsx(cpu);
    vec_read16(cpu, vec_ea_x(cpu, insn), b);
    t = XT(insn);
    for (int k = 0; k < 16; k++) {
        VsrB(t, k) = b[vsx_storage_byte(k, size, vec_le(cpu))];
    }
    return 0;
}

static int vsx_store_vector(PowerPCCPU *cpu, uint32_t insn, int size)
{
    uint8_t b[16];
    const PPCVsr *s;

    ppc_check_vsx(cpu);
    s = XT(insn);
    for (int k = 0; k < 16; k++) {
        b[vsx_storage_byte(k, size, vec_le(cpu))] = VsrB(s, k);
    }
    vec_write16(cpu, vec_ea_x(cpu, insn), b);
    return 0;
}

PPC_INSN(lxvd2x) { return vsx_load_vector(cpu, insn, 8); }
PPC_INSN(lxvw4x) { return vsx_load_vector(cpu, insn, 4); }
PPC_INSN(stxvd2x) { return vsx_store_vector(cpu, insn, 8); }
PPC_INSN(stxvw4x) { return vsx_store_vector(cpu, insn, 4); }

/* The scalar forms: `size` bytes at (RA|0) + RB, after the facility check. */
static uint64_t vsx_ld(PowerPCCPU *cpu, uint32_t insn, unsigned size)
{
    ppc_check_vsx(cpu);
    return ppc_ld(cpu, vec_ea_x(cpu, insn), size, false);
}

static int vsx_st(PowerPCCPU *cpu, uint32_t insn, unsigned size, uint64_t v)
{
    ppc_check_vsx(cpu);
    ppc_st(cpu, vec_ea_x(cpu, insn), size, v, false);
    return 0;
}

PPC_INSN(lxvdsx)
{
    uint64_t d = vsx_ld(cpu, insn, 8);

    VsrD(XT(insn), 0) = d;
    VsrD(XT(insn), 1) = d;
    return 0;
}

PPC_INSN(lxsdx)
{
    VsrD(XT(insn), 0) = vsx_ld(cpu, insn, 8);
    return 0;
}

PPC_INSN(lxsiwzx)
{
    VsrD(XT(insn), 0) = vsx_ld(cpu, insn, 4);
    return 0;
}

PPC_INSN(lxsiwax)
{
    VsrD(XT(insn), 0) = (uint64_t)(int64_t)(int32_t)vsx_ld(cpu, insn, 4);
    return 0;
}

/* Single in storage, double format in the register (as lfs, 4.6.2). */
PPC_INSN(lxsspx)
{
    VsrD(XT(insn), 0) = fp_single_to_double((uint32_t)vsx_ld(cpu, insn, 4));
    return 0;
}

PPC_INSN(stxsdx) { return vsx_st(cpu, insn, 8, VsrD(XT(insn), 0)); }
/* Bits 32:63 of doubleword 0. */
PPC_INSN(stxsiwx) { return vsx_st(cpu, insn, 4, VsrW(XT(insn), 1)); }
PPC_INSN(stxsspx) { return vsx_st(cpu, insn, 4, fp_double_to_single(VsrD(XT(insn), 0))); }

/* ---- GPR <-> VSR moves: VSRs 0-31 are the FPRs (MSR[FP]), 32-63 the VRs (MSR[VEC]) ---- */

static void vsx_check_move(PowerPCCPU *cpu, int vsr)
{
    if (vsr < 32) {
        ppc_check_fp(cpu);
    } else {
        ppc_check_vec(cpu);
    }
}

PPC_INSN(mfvsrd)
{
    vsx_check_move(cpu, F_XS(insn));
    cpu->gpr[F_RA(insn)] = VsrD(XT(insn), 0);
    return 0;
}

PPC_INSN(mfvsrwz)
{
    vsx_check_move(cpu, F_XS(insn));
    cpu->gpr[F_RA(insn)] = VsrW(XT(insn), 1);
    return 0;
}

PPC_INSN(mtvsrd)
{
    vsx_check_move(cpu, F_XT(insn));
    VsrD(XT(insn), 0) = cpu->gpr[F_RA(insn)];
    return 0;
}

PPC_INSN(mtvsrwa)
{
    vsx_check_move(cpu, F_XT(insn));
    VsrD(XT(insn), 0) = (uint64_t)(int64_t)(int32_t)cpu->gpr[F_RA(insn)];
    return 0;
}

PPC_INSN(mtvsrwz)
{
    vsx_check_move(cpu, F_XT(insn));
    VsrD(XT(insn), 0) = (uint32_t)cpu->gpr[F_RA(insn)];
    return 0;
}

/* ---- Logical ---- */

#define VSX_LOGICAL(name, expr)                                              \
    PPC_INSN(name)                                                           \
    {                                                                        \
        unsigned __int128 a, b;                                              \
        ppc_check_vsx(cpu);                                                  \
        a = XA(insn)->u128;                                                  \
        b = XB(insn)->u128;                                                  \
        XT(insn)->u128 = (expr);                                             \
        return 0;                                                            \
    }

VSX_LOGICAL(xxland, a & b)
VSX_LOGICAL(xxlandc, a & ~b)
VSX_LOGICAL(xxlor, a | b)
VSX_LOGICAL(xxlxor, a ^ b)
VSX_LOGICAL(xxlnor, ~(a | b))
VSX_LOGICAL(xxlorc, a | ~b)
VSX_LOGICAL(xxlnand, ~(a & b))
VSX_LOGICAL(xxleqv, ~(a ^ b))

/* Bits of XB where XC is 1, of XA where it is 0. */
PPC_INSN(xxsel)
{
    unsigned __int128 a, b, c;

    ppc_check_vsx(cpu);
    a = XA(insn)->u128;
    b = XB(insn)->u128;
    c = XC(insn)->u128;
    XT(insn)->u128 = (b & c) | (a & ~c);
    return 0;
}

/* ---- Permute ---- */

static int vsx_merge_w(PowerPCCPU *cpu, uint32_t insn, int from)
{
    PPCVsr a, b, r;

    ppc_check_vsx(cpu);
    a = *XA(insn);
    b = *XB(insn);
    for (int i = 0; i < 2; i++) {
        VsrW(&r, 2 * i) = VsrW(&a, from + i);
        VsrW(&r, 2 * i + 1) = VsrW(&b, from + i);
    }
    *XT(insn) = r;
    return 0;
}

PPC_INSN(xxmrghw) { return vsx_merge_w(cpu, insn, 0); }
PPC_INSN(xxmrglw) { return vsx_merge_w(cpu, insn, 2); }

/* DM bit 0 picks the doubleword of XA, bit 1 that of XB. */
PPC_INSN(xxpermdi)
{
    unsigned dm = (insn >> 8) & 3;
    PPCVsr a, b, r;

    ppc_check_vsx(cpu);
    a = *XA(insn);
    b = *XB(insn);
    VsrD(&r, 0) = VsrD(&a, dm >> 1);
    VsrD(&r, 1) = VsrD(&b, dm & 1);
    *XT(insn) = r;
    return 0;
}

/* Words SHW..SHW+3 of XA || XB. */
PPC_INSN(xxsldwi)
{
    unsigned shw = (insn >> 8) & 3;
    PPCVsr a, b, r;

    ppc_check_vsx(cpu);
    a = *XA(insn);
    b = *XB(insn);
    for (unsigned i = 0; i < 4; i++) {
        unsigned k = shw + i;
        VsrW(&r, i) = k < 4 ? VsrW(&a, k) : VsrW(&b, k - 4);
    }
    *XT(insn) = r;
    return 0;
}

/* UIM is bits 14:15 (the low bits of the A field). */
PPC_INSN(xxspltw)
{
    uint32_t w;
    PPCVsr *t;

    ppc_check_vsx(cpu);
    w = VsrW(XB(insn), (insn >> 16) & 3);
    t = XT(insn);
    for (int i = 0; i < 4; i++) {
        VsrW(t, i) = w;
    }
    return 0;
}
