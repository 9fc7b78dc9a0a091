/*
 * VMX (AltiVec) integer instructions of Power ISA 2.07B Book I chapter 6:
 * loads and stores (6.7), permute and formatting (6.8), integer arithmetic,
 * compare, logical, rotate and shift (6.9), and the VSCR moves (6.13).
 * The crypto, bit-permute and bit-count group is in insn-vmx-crypto.c, the
 * floating-point group in insn-vmx-fp.c.
 *
 * Lane-wise operations index the host arrays directly: every lane is treated
 * alike, so the ISA numbering only matters where lanes interact (merges,
 * packs, even/odd multiplies, sums); those use the Vsr* macros.
 */
#include "ppc/vec-helpers.h"

/* ---- 6.7 loads and stores ---- */

static int vec_load_quad(PowerPCCPU *cpu, uint32_t insn)
{
    uint8_t b[16];

    ppc_check_vec(cpu);
    vec_read16(cpu, vec_ea_x(cpu, insn) & ~15ull, b);
    vec_from_storage(VRT(insn), b, vec_le(cpu));
    return 0;
}

static int vec_store_quad(PowerPCCPU *cpu, uint32_t insn)
{
    uint8_t b[16];

    ppc_check_vec(cpu);
    vec_to_storage(b, VRT(insn), vec_le(cpu));
    vec_write16(cpu, vec_ea_x(cpu, insn) & ~15ull, b);
    return 0;
}

PPC_INSN(lvx) { return vec_load_quad(cpu, insn); }
PPC_INSN(lvxl) { return vec_load_quad(cpu, insn); }
PPC_INSN(stvx) { return vec_store_quad(cpu, insn); }
PPC_INSN(stvxl) { return vec_store_quad(cpu, insn); }

/*
 * Element loads and stores: the element sits where lvx of its aligned
 * quadword would put it; the other bytes of the register are undefined by
 * the ISA and left as they were.
 */
static int vec_load_elem(PowerPCCPU *cpu, uint32_t insn, unsigned size)
{
    uint64_t ea = vec_ea_x(cpu, insn) & ~(uint64_t)(size - 1);
    unsigned eb = ea & 15;
    uint8_t b[4];
    PPCVsr *t;

    ppc_check_vec(cpu);
    ppc_read_bytes(cpu, ea, b, size);
    t = VRT(insn);
    for (unsigned j = 0; j < size; j++) {
        t->u8[vec_le(cpu) ? eb + j : 15 - (eb + j)] = b[j];
    }
    return 0;
}

static int vec_store_elem(PowerPCCPU *cpu, uint32_t insn, unsigned size)
{
    uint64_t ea = vec_ea_x(cpu, insn) & ~(uint64_t)(size - 1);
    unsigned eb = ea & 15;
    uint8_t b[4];
    const PPCVsr *s;

    ppc_check_vec(cpu);
    s = VRT(insn);
    for (unsigned j = 0; j < size; j++) {
        b[j] = s->u8[vec_le(cpu) ? eb + j : 15 - (eb + j)];
    }
    ppc_write_bytes(cpu, ea, b, size);
    return 0;
}

PPC_INSN(lvebx) { return vec_load_elem(cpu, insn, 1); }
PPC_INSN(lvehx) { return vec_load_elem(cpu, insn, 2); }
PPC_INSN(lvewx) { return vec_load_elem(cpu, insn, 4); }
PPC_INSN(stvebx) { return vec_store_elem(cpu, insn, 1); }
PPC_INSN(stvehx) { return vec_store_elem(cpu, insn, 2); }
PPC_INSN(stvewx) { return vec_store_elem(cpu, insn, 4); }

/* 6.7.4: the permute-control vectors for unaligned access; same in both byte orders. */
static int vec_lvs(PowerPCCPU *cpu, uint32_t insn, bool right)
{
    unsigned sh = vec_ea_x(cpu, insn) & 15;
    unsigned first = right ? 16 - sh : sh;
    PPCVsr *t;

    ppc_check_vec(cpu);
    t = VRT(insn);
    for (unsigned i = 0; i < 16; i++) {
        VsrB(t, i) = (uint8_t)(first + i);
    }
    return 0;
}

PPC_INSN(lvsl) { return vec_lvs(cpu, insn, false); }
PPC_INSN(lvsr) { return vec_lvs(cpu, insn, true); }

/* Data-stream hints (the T and ALL variants share these lines): nothing to emulate. */
PPC_INSN(dst) { return 0; }
PPC_INSN(dstst) { return 0; }
PPC_INSN(dss) { return 0; }

/* ---- 6.9.1 add / subtract ---- */

VEC_BINOP(vaddubm, u8, 16, x + y)
VEC_BINOP(vadduhm, u16, 8, x + y)
VEC_BINOP(vadduwm, u32, 4, x + y)
VEC_BINOP(vaddudm, u64, 2, x + y)
VEC_BINOP(vsububm, u8, 16, x - y)
VEC_BINOP(vsubuhm, u16, 8, x - y)
VEC_BINOP(vsubuwm, u32, 4, x - y)
VEC_BINOP(vsubudm, u64, 2, x - y)
/* Carry out of each word; for subtract, the carry of a + ~b + 1 (no borrow). */
VEC_BINOP(vaddcuw, u32, 4, (uint32_t)(x + y) < x)
VEC_BINOP(vsubcuw, u32, 4, x >= y)

VEC_SATOP(vaddubs, u8, 16, 8, vec_sat_u, x + y)
VEC_SATOP(vadduhs, u16, 8, 16, vec_sat_u, x + y)
VEC_SATOP(vadduws, u32, 4, 32, vec_sat_u, x + y)
VEC_SATOP(vaddsbs, s8, 16, 8, vec_sat_s, x + y)
VEC_SATOP(vaddshs, s16, 8, 16, vec_sat_s, x + y)
VEC_SATOP(vaddsws, s32, 4, 32, vec_sat_s, x + y)
VEC_SATOP(vsububs, u8, 16, 8, vec_sat_u, x - y)
VEC_SATOP(vsubuhs, u16, 8, 16, vec_sat_u, x - y)
VEC_SATOP(vsubuws, u32, 4, 32, vec_sat_u, x - y)
VEC_SATOP(vsubsbs, s8, 16, 8, vec_sat_s, x - y)
VEC_SATOP(vsubshs, s16, 8, 16, vec_sat_s, x - y)
VEC_SATOP(vsubsws, s32, 4, 32, vec_sat_s, x - y)

/* Quadword arithmetic (6.9.1.3): the extended forms take the carry from VRC bit 127. */
static int vec_quad_op(PowerPCCPU *cpu, uint32_t insn, bool sub, bool extended, bool carry_out)
{
    unsigned __int128 a, b;
    unsigned cin = sub ? 1 : 0;
    PPCVsr *t;

    ppc_check_vec(cpu);
    a = VRA(insn)->u128;
    b = VRB(insn)->u128;
    if (extended) {
        cin = VRC(insn)->u128 & 1;
    }
    if (sub) {
        b = ~b;
    }
    t = VRT(insn);
    t->u128 = carry_out ? vec_carry128(a, b, cin) : a + b + cin;
    return 0;
}

PPC_INSN(vadduqm) { return vec_quad_op(cpu, insn, false, false, false); }
PPC_INSN(vaddcuq) { return vec_quad_op(cpu, insn, false, false, true); }
PPC_INSN(vaddeuqm) { return vec_quad_op(cpu, insn, false, true, false); }
PPC_INSN(vaddecuq) { return vec_quad_op(cpu, insn, false, true, true); }
PPC_INSN(vsubuqm) { return vec_quad_op(cpu, insn, true, false, false); }
PPC_INSN(vsubcuq) { return vec_quad_op(cpu, insn, true, false, true); }
PPC_INSN(vsubeuqm) { return vec_quad_op(cpu, insn, true, true, false); }
PPC_INSN(vsubecuq) { return vec_quad_op(cpu, insn, true, true, true); }

/* ---- 6.9.1.4 multiply ---- */

/* Even (odd = 0) or odd (odd = 1) elements of a and b, multiplied into double-width lanes. */
#define VEC_MUL_EO(name, odd, get, wide, set, n)                             \
    VEC_LANEWISE(name, n,                                                    \
        set(&r, i) = (wide)get(&a, 2 * i + (odd)) * (wide)get(&b, 2 * i + (odd));)

VEC_MUL_EO(vmuleub, 0, VsrB, uint16_t, VsrH, 8)
VEC_MUL_EO(vmuloub, 1, VsrB, uint16_t, VsrH, 8)
VEC_MUL_EO(vmulesb, 0, VsrSB, int16_t, VsrSH, 8)
VEC_MUL_EO(vmulosb, 1, VsrSB, int16_t, VsrSH, 8)
VEC_MUL_EO(vmuleuh, 0, VsrH, uint32_t, VsrW, 4)
VEC_MUL_EO(vmulouh, 1, VsrH, uint32_t, VsrW, 4)
VEC_MUL_EO(vmulesh, 0, VsrSH, int32_t, VsrSW, 4)
VEC_MUL_EO(vmulosh, 1, VsrSH, int32_t, VsrSW, 4)
VEC_MUL_EO(vmuleuw, 0, VsrW, uint64_t, VsrD, 2)
VEC_MUL_EO(vmulouw, 1, VsrW, uint64_t, VsrD, 2)
VEC_MUL_EO(vmulesw, 0, VsrSW, int64_t, VsrSD, 2)
VEC_MUL_EO(vmulosw, 1, VsrSW, int64_t, VsrSD, 2)
VEC_BINOP(vmuluwm, u32, 4, x * y)

/* Multiply-high-and-add of signed halfwords (round adds 0x4000 before the shift). */
#define VEC_MHADD(name, round)                                               \
    VEC_LANEWISE(name, 8,                                                    \
        int32_t p = ((int32_t)a.s16[i] * b.s16[i] + (round)) >> 15;         \
        r.s16[i] = (int16_t)vec_sat_s((int64_t)p + c.s16[i], 16, &sat);)

VEC_MHADD(vmhaddshs, 0)
VEC_MHADD(vmhraddshs, 0x4000)

VEC_LANEWISE(vmladduhm, 8, r.u16[i] = (uint16_t)((uint32_t)a.u16[i] * b.u16[i] + c.u16[i]);)

/*
 * Multiply-sum (6.9.1.5): each word of the result is the word of VRC plus the
 * products of the 4 bytes or 2 halfwords of VRA and VRB in that word.
 * Lanes within a word are summed, so host order is fine here.
 */
#define VEC_MSUM(name, fa, fb, per, clamp)                                   \
    VEC_LANEWISE(name, 4,                                                    \
        int64_t s = clamp == 2 ? (int64_t)c.u32[i] : (int64_t)c.s32[i];      \
        for (int j = 0; j < (per); j++) {                                    \
            s += (int64_t)a.fa[(per) * i + j] * b.fb[(per) * i + j];         \
        }                                                                    \
        if (clamp == 1) {                                                    \
            s = vec_sat_s(s, 32, &sat);                                      \
        } else if (clamp == 2) {                                             \
            s = (int64_t)vec_sat_u(s, 32, &sat);                             \
        }                                                                    \
        r.u32[i] = (uint32_t)s;)

/* clamp: 0 modulo, 1 signed saturate, 2 unsigned saturate */
VEC_MSUM(vmsumubm, u8, u8, 4, 0)
VEC_MSUM(vmsummbm, s8, u8, 4, 0)
VEC_MSUM(vmsumuhm, u16, u16, 2, 0)
VEC_MSUM(vmsumuhs, u16, u16, 2, 2)
VEC_MSUM(vmsumshm, s16, s16, 2, 0)
VEC_MSUM(vmsumshs, s16, s16, 2, 1)

/* ---- 6.9.1.6 sum across ---- */

/* Only word 3 (vsumsws) or words 1 and 3 (vsum2sws) hold sums; the others are 0. */
VEC_FRAME(vsumsws,
    int64_t s = VsrSW(&b, 3);
    for (int i = 0; i < 4; i++) {
        s += VsrSW(&a, i);
    }
    r.u128 = 0;
    VsrSW(&r, 3) = (int32_t)vec_sat_s(s, 32, &sat);)

VEC_FRAME(vsum2sws,
    r.u128 = 0;
    for (int i = 0; i < 2; i++) {
        int64_t s = (int64_t)VsrSW(&a, 2 * i) + VsrSW(&a, 2 * i + 1) + VsrSW(&b, 2 * i + 1);
        VsrSW(&r, 2 * i + 1) = (int32_t)vec_sat_s(s, 32, &sat);
    })

#define VEC_SUM4(name, fa, per, is_signed)                                   \
    VEC_LANEWISE(name, 4,                                                    \
        int64_t s = (is_signed) ? (int64_t)b.s32[i] : (int64_t)b.u32[i];     \
        for (int j = 0; j < (per); j++) {                                    \
            s += a.fa[(per) * i + j];                                        \
        }                                                                    \
        r.u32[i] = (is_signed) ? (uint32_t)vec_sat_s(s, 32, &sat)            \
                               : (uint32_t)vec_sat_u(s, 32, &sat);)

VEC_SUM4(vsum4ubs, u8, 4, 0)
VEC_SUM4(vsum4sbs, s8, 4, 1)
VEC_SUM4(vsum4shs, s16, 2, 1)

/* ---- 6.9.1.7 average, 6.9.2 maximum / minimum ---- */

VEC_BINOP(vavgub, u8, 16, ((uint16_t)x + y + 1) >> 1)
VEC_BINOP(vavguh, u16, 8, ((uint32_t)x + y + 1) >> 1)
VEC_BINOP(vavguw, u32, 4, ((uint64_t)x + y + 1) >> 1)
VEC_BINOP(vavgsb, s8, 16, ((int16_t)x + y + 1) >> 1)
VEC_BINOP(vavgsh, s16, 8, ((int32_t)x + y + 1) >> 1)
VEC_BINOP(vavgsw, s32, 4, ((int64_t)x + y + 1) >> 1)

VEC_BINOP(vmaxub, u8, 16, x > y ? x : y)
VEC_BINOP(vmaxuh, u16, 8, x > y ? x : y)
VEC_BINOP(vmaxuw, u32, 4, x > y ? x : y)
VEC_BINOP(vmaxud, u64, 2, x > y ? x : y)
VEC_BINOP(vmaxsb, s8, 16, x > y ? x : y)
VEC_BINOP(vmaxsh, s16, 8, x > y ? x : y)
VEC_BINOP(vmaxsw, s32, 4, x > y ? x : y)
VEC_BINOP(vmaxsd, s64, 2, x > y ? x : y)
VEC_BINOP(vminub, u8, 16, x < y ? x : y)
VEC_BINOP(vminuh, u16, 8, x < y ? x : y)
VEC_BINOP(vminuw, u32, 4, x < y ? x : y)
VEC_BINOP(vminud, u64, 2, x < y ? x : y)
VEC_BINOP(vminsb, s8, 16, x < y ? x : y)
VEC_BINOP(vminsh, s16, 8, x < y ? x : y)
VEC_BINOP(vminsw, s32, 4, x < y ? x : y)
VEC_BINOP(vminsd, s64, 2, x < y ? x : y)

/* ---- 6.9.3 compare: all-ones lanes where true; Rc=1 sets CR6 to all/none ---- */

#define VEC_CMP(name, field, n, op) VEC_CMP_WHERE(name, field, n, a.field[i] op b.field[i])

VEC_CMP(vcmpequb, u8, 16, ==)
VEC_CMP(vcmpequh, u16, 8, ==)
VEC_CMP(vcmpequw, u32, 4, ==)
VEC_CMP(vcmpequd, u64, 2, ==)
VEC_CMP(vcmpgtub, u8, 16, >)
VEC_CMP(vcmpgtuh, u16, 8, >)
VEC_CMP(vcmpgtuw, u32, 4, >)
VEC_CMP(vcmpgtud, u64, 2, >)
VEC_CMP(vcmpgtsb, s8, 16, >)
VEC_CMP(vcmpgtsh, s16, 8, >)
VEC_CMP(vcmpgtsw, s32, 4, >)
VEC_CMP(vcmpgtsd, s64, 2, >)

/* ---- 6.9.4 logical ---- */

VEC_BINOP(vand, u64, 2, x & y)
VEC_BINOP(vandc, u64, 2, x & ~y)
VEC_BINOP(vor, u64, 2, x | y)
VEC_BINOP(vxor, u64, 2, x ^ y)
VEC_BINOP(vnor, u64, 2, ~(x | y))
VEC_BINOP(vorc, u64, 2, x | ~y)
VEC_BINOP(vnand, u64, 2, ~(x & y))
VEC_BINOP(veqv, u64, 2, ~(x ^ y))

VEC_FRAME(vsel, r.u128 = (b.u128 & c.u128) | (a.u128 & ~c.u128);)

/* ---- 6.9.5 rotate and shift: the count is the low bits of each VRB lane ---- */

#define ROTL(x, s, w) ((s) ? (__typeof__(x))(((x) << (s)) | ((x) >> ((w) - (s)))) : (x))

VEC_BINOP(vrlb, u8, 16, ROTL(x, y & 7, 8))
VEC_BINOP(vrlh, u16, 8, ROTL(x, y & 15, 16))
VEC_BINOP(vrlw, u32, 4, ROTL(x, y & 31, 32))
VEC_BINOP(vrld, u64, 2, ROTL(x, y & 63, 64))
VEC_BINOP(vslb, u8, 16, x << (y & 7))
VEC_BINOP(vslh, u16, 8, x << (y & 15))
VEC_BINOP(vslw, u32, 4, x << (y & 31))
VEC_BINOP(vsld, u64, 2, x << (y & 63))
VEC_BINOP(vsrb, u8, 16, x >> (y & 7))
VEC_BINOP(vsrh, u16, 8, x >> (y & 15))
VEC_BINOP(vsrw, u32, 4, x >> (y & 31))
VEC_BINOP(vsrd, u64, 2, x >> (y & 63))
VEC_BINOP(vsrab, s8, 16, x >> (y & 7))
VEC_BINOP(vsrah, s16, 8, x >> (y & 15))
VEC_BINOP(vsraw, s32, 4, x >> (y & 31))
VEC_BINOP(vsrad, s64, 2, x >> (y & 63))

/* ---- 6.8 permute and formatting ---- */

/* Whole-register shifts: by bits (low 3 bits of byte 15 of VRB) or by octets (bits 121:124). */
static int vec_shift_quad(PowerPCCPU *cpu, uint32_t insn, bool left, bool octets)
{
    unsigned sel = VsrB(VRB(insn), 15);
    unsigned sh = octets ? ((sel >> 3) & 15) * 8 : (sel & 7);
    unsigned __int128 a;

    ppc_check_vec(cpu);
    a = VRA(insn)->u128;
    VRT(insn)->u128 = left ? a << sh : a >> sh;
    return 0;
}

PPC_INSN(vsl) { return vec_shift_quad(cpu, insn, true, false); }
PPC_INSN(vsr) { return vec_shift_quad(cpu, insn, false, false); }
PPC_INSN(vslo) { return vec_shift_quad(cpu, insn, true, true); }
PPC_INSN(vsro) { return vec_shift_quad(cpu, insn, false, true); }

/* Byte i is the byte of VRA || VRB that byte i of VRC selects. */
VEC_LANEWISE(vperm, 16,
    unsigned idx = VsrB(&c, i) & 31;
    VsrB(&r, i) = idx < 16 ? VsrB(&a, idx) : VsrB(&b, idx - 16);)

VEC_LANEWISE(vpermxor, 16,
    unsigned sel = VsrB(&c, i);
    VsrB(&r, i) = VsrB(&a, sel >> 4) ^ VsrB(&b, sel & 15);)

/* Bytes SHB..SHB+15 of VRA || VRB. */
VEC_LANEWISE(vsldoi, 16,
    unsigned k = ((insn >> 6) & 15) + i;
    VsrB(&r, i) = k < 16 ? VsrB(&a, k) : VsrB(&b, k - 16);)

/* Merge: n pairs, element src(i) of VRA first, then that of VRB. */
#define VEC_MERGE(name, get, n, src)                                         \
    VEC_LANEWISE(name, n,                                                    \
        get(&r, 2 * i) = get(&a, src);                                       \
        get(&r, 2 * i + 1) = get(&b, src);)

VEC_MERGE(vmrghb, VsrB, 8, i)
VEC_MERGE(vmrglb, VsrB, 8, 8 + i)
VEC_MERGE(vmrghh, VsrH, 4, i)
VEC_MERGE(vmrglh, VsrH, 4, 4 + i)
VEC_MERGE(vmrghw, VsrW, 2, i)
VEC_MERGE(vmrglw, VsrW, 2, 2 + i)
VEC_MERGE(vmrgew, VsrW, 2, 2 * i)
VEC_MERGE(vmrgow, VsrW, 2, 2 * i + 1)

/* Splat element UIM (the VRA field) of VRB. */
#define VEC_SPLAT(name, get, n)                                              \
    VEC_LANEWISE(name, n, get(&r, i) = get(&b, F_VRA(insn) & ((n) - 1));)

VEC_SPLAT(vspltb, VsrB, 16)
VEC_SPLAT(vsplth, VsrH, 8)
VEC_SPLAT(vspltw, VsrW, 4)

/* Splat the sign-extended 5-bit SIM (the VRA field). */
#define VEC_SPLTIS(name, field, n)                                           \
    VEC_LANEWISE(name, n,                                                    \
        int sim = (int)(F_VRA(insn) ^ 16) - 16;                              \
        r.field[i] = (__typeof__(r.field[0]))sim;)

VEC_SPLTIS(vspltisb, s8, 16)
VEC_SPLTIS(vspltish, s16, 8)
VEC_SPLTIS(vspltisw, s32, 4)

/*
 * Pack (6.8.1): source element i of VRA || VRB (n elements each) becomes
 * result element i. `narrow` maps a source value to the result, noting saturation.
 */
#define VEC_PACK(name, sget, stype, dget, dtype, n, narrow)                  \
    VEC_LANEWISE(name, 2 * (n),                                              \
        stype v = i < (n) ? sget(&a, i) : sget(&b, i - (n));                 \
        dget(&r, i) = (dtype)(narrow);)

/* Unsigned doubleword to unsigned word with saturation: the input may exceed int64. */
static inline uint32_t sat_u64_u32(uint64_t v, bool *sat)
{
    if (v > UINT32_MAX) {
        *sat = true;
        return UINT32_MAX;
    }
    return (uint32_t)v;
}

VEC_PACK(vpkuhum, VsrH, uint16_t, VsrB, uint8_t, 8, v)
VEC_PACK(vpkuwum, VsrW, uint32_t, VsrH, uint16_t, 4, v)
VEC_PACK(vpkudum, VsrD, uint64_t, VsrW, uint32_t, 2, v)
VEC_PACK(vpkuhus, VsrH, uint16_t, VsrB, uint8_t, 8, vec_sat_u(v, 8, &sat))
VEC_PACK(vpkuwus, VsrW, uint32_t, VsrH, uint16_t, 4, vec_sat_u(v, 16, &sat))
VEC_PACK(vpkudus, VsrD, uint64_t, VsrW, uint32_t, 2, sat_u64_u32(v, &sat))
VEC_PACK(vpkshus, VsrSH, int16_t, VsrB, uint8_t, 8, vec_sat_u(v, 8, &sat))
VEC_PACK(vpkswus, VsrSW, int32_t, VsrH, uint16_t, 4, vec_sat_u(v, 16, &sat))
VEC_PACK(vpksdus, VsrSD, int64_t, VsrW, uint32_t, 2, vec_sat_u(v, 32, &sat))
VEC_PACK(vpkshss, VsrSH, int16_t, VsrSB, int8_t, 8, vec_sat_s(v, 8, &sat))
VEC_PACK(vpkswss, VsrSW, int32_t, VsrSH, int16_t, 4, vec_sat_s(v, 16, &sat))
VEC_PACK(vpksdss, VsrSD, int64_t, VsrSW, int32_t, 2, vec_sat_s(v, 32, &sat))
/* 32-bit pixel (bit 7, then the top 5 bits of each of the 3 colour bytes) to 1:5:5:5. */
VEC_PACK(vpkpx, VsrW, uint32_t, VsrH, uint16_t, 4,
         ((v >> 24) & 1) << 15 | ((v >> 19) & 31) << 10 | ((v >> 11) & 31) << 5 | ((v >> 3) & 31))

/* Unpack (6.8.2) elements from..from+n-1 of VRB, sign-extended. */
#define VEC_UNPACK(name, sget, dget, n, from)                                \
    VEC_LANEWISE(name, n, dget(&r, i) = sget(&b, (from) + i);)

VEC_UNPACK(vupkhsb, VsrSB, VsrSH, 8, 0)
VEC_UNPACK(vupklsb, VsrSB, VsrSH, 8, 8)
VEC_UNPACK(vupkhsh, VsrSH, VsrSW, 4, 0)
VEC_UNPACK(vupklsh, VsrSH, VsrSW, 4, 4)
VEC_UNPACK(vupkhsw, VsrSW, VsrSD, 2, 0)
VEC_UNPACK(vupklsw, VsrSW, VsrSD, 2, 2)

/* 1:5:5:5 pixel to a word: the bit sign-extended to 8, each 5-bit colour in its own byte. */
static inline uint32_t pixel_to_word(uint16_t h)
{
    return (h & 0x8000 ? 0xff000000u : 0) | (uint32_t)((h >> 10) & 31) << 16 |
           (uint32_t)((h >> 5) & 31) << 8 | (h & 31);
}

VEC_LANEWISE(vupkhpx, 4, VsrW(&r, i) = pixel_to_word(VsrH(&b, i));)
VEC_LANEWISE(vupklpx, 4, VsrW(&r, i) = pixel_to_word(VsrH(&b, 4 + i));)

/* ---- 6.13 VSCR ---- */

PPC_INSN(mfvscr)
{
    PPCVsr *t;

    ppc_check_vec(cpu);
    t = VRT(insn);
    t->u128 = 0;
    VsrW(t, 3) = cpu->vscr;
    return 0;
}

/*
 * The whole word is kept: reading reserved VSCR bits back as last written is
 * allowed (Book I 1.3.3) and is what QEMU does; only NJ and SAT mean anything.
 */
PPC_INSN(mtvscr)
{
    ppc_check_vec(cpu);
    cpu->vscr = VsrW(VRB(insn), 3);
    return 0;
}
