/*
 * Fixed-point instructions, Power ISA 2.07B Book I chapter 3: arithmetic,
 * compare, isel, logical, rotate and shift, BCD assist.
 *
 * POWER8 (ISA 2.07) has XER[SO, OV, CA] only: OV32 and CA32 are ISA 3.0 and
 * are never touched here. In 32-bit mode (MSR[SF]=0) results are still
 * computed on 64 bits; CA, OV and CR0 come from the low word (Book I 3.3.9
 * and 3.3.8). Where the ISA leaves a result undefined (division by zero or
 * overflow, the high word of 32-bit multiply-high and divide) we produce what
 * QEMU's POWER8 model produces, so differential tests against qemu-user agree.
 */
#include "ppc/insn.h"

/* Register contents in the ISA's notation: (RA), (RB), (RS), and RT. */
#define RA cpu->gpr[F_RA(insn)]
#define RB cpu->gpr[F_RB(insn)]
#define RS cpu->gpr[F_RS(insn)]
#define RT cpu->gpr[F_RT(insn)]

static inline bool mode64(const PowerPCCPU *cpu)
{
    return cpu->msr & MSR_SF;
}

static inline void set_ov(PowerPCCPU *cpu, bool ov)
{
    cpu->ov = ov;
    cpu->so |= ov;
}

/* X-form result: RA, and CR0 when Rc=1. */
static inline int set_ra(PowerPCCPU *cpu, uint32_t insn, uint64_t v)
{
    RA = v;
    if (F_Rc(insn)) {
        ppc_set_cr0(cpu, v);
    }
    return 0;
}

/* XO-form result: RT, OV/SO when OE=1, then CR0 (which copies the new SO). */
static inline int set_rt_xo(PowerPCCPU *cpu, uint32_t insn, uint64_t v, bool ov)
{
    RT = v;
    if (F_OE(insn)) {
        set_ov(cpu, ov);
    }
    if (F_Rc(insn)) {
        ppc_set_cr0(cpu, v);
    }
    return 0;
}

/* ---- Add and subtract ---- */

#define CIN_CA 2u   /* carry in from XER[CA] */

/*
 * The one adder behind every add and subtract: rt = a + b + cin, where a
 * subtract passes ~(RA). CA is the carry out of bit 0, or of bit 32 in
 * 32-bit mode; OV is the signed overflow of the 64-bit or low 32-bit sum.
 */
static int add_core(PowerPCCPU *cpu, uint32_t insn, uint64_t a, uint64_t b, unsigned cin,
                    bool set_ca, bool oe, bool rc)
{
    if (cin == CIN_CA) {
        cin = cpu->ca;
    }
    uint64_t r = a + b + cin;
    bool sf = mode64(cpu);
    if (set_ca) {
        cpu->ca = sf ? (uint8_t)(((unsigned __int128)a + b + cin) >> 64)
                     : (uint8_t)(((uint64_t)(uint32_t)a + (uint32_t)b + cin) >> 32);
    }
    if (oe) {
        set_ov(cpu, (((a ^ r) & (b ^ r)) >> (sf ? 63 : 31)) & 1);
    }
    RT = r;
    if (rc) {
        ppc_set_cr0(cpu, r);
    }
    return 0;
}

static inline int add_xo(PowerPCCPU *cpu, uint32_t insn, uint64_t a, uint64_t b, unsigned cin,
                         bool set_ca)
{
    return add_core(cpu, insn, a, b, cin, set_ca, F_OE(insn), F_Rc(insn));
}

PPC_INSN(add)    { return add_xo(cpu, insn, RA, RB, 0, false); }
PPC_INSN(addc)   { return add_xo(cpu, insn, RA, RB, 0, true); }
PPC_INSN(adde)   { return add_xo(cpu, insn, RA, RB, CIN_CA, true); }
PPC_INSN(addme)  { return add_xo(cpu, insn, RA, ~0ull, CIN_CA, true); }
PPC_INSN(addze)  { return add_xo(cpu, insn, RA, 0, CIN_CA, true); }
PPC_INSN(subf)   { return add_xo(cpu, insn, ~RA, RB, 1, false); }
PPC_INSN(subfc)  { return add_xo(cpu, insn, ~RA, RB, 1, true); }
PPC_INSN(subfe)  { return add_xo(cpu, insn, ~RA, RB, CIN_CA, true); }
PPC_INSN(subfme) { return add_xo(cpu, insn, ~RA, ~0ull, CIN_CA, true); }
PPC_INSN(subfze) { return add_xo(cpu, insn, ~RA, 0, CIN_CA, true); }
PPC_INSN(neg)    { return add_xo(cpu, insn, ~RA, 0, 1, false); }

PPC_INSN(addi)   { RT = ppc_ra0(cpu, insn) + F_SI(insn); return 0; }
PPC_INSN(addis)  { RT = ppc_ra0(cpu, insn) + (F_SI(insn) * 65536); return 0; }
PPC_INSN(addic)  { return add_core(cpu, insn, RA, F_SI(insn), 0, true, false, false); }
PPC_INSN(addic_rc) { return add_core(cpu, insn, RA, F_SI(insn), 0, true, false, true); }
PPC_INSN(subfic) { return add_core(cpu, insn, ~RA, F_SI(insn), 1, true, false, false); }

/* Decimal assist: 6 in every BCD digit position that produced no carry. */
PPC_INSN(addg6s)
{
    uint64_t a = RA, b = RB, sum = a + b;
    /* the carry into bit 4k+4 is the carry out of digit k (counting from the right) */
    uint64_t carry = (sum ^ a ^ b) >> 4 | (uint64_t)(sum < a) << 60;
    uint64_t r = 0;
    for (int k = 0; k < 64; k += 4) {
        if (!((carry >> k) & 1)) {
            r |= 6ull << k;
        }
    }
    RT = r;
    return 0;
}

/* ---- Multiply and divide ---- */

PPC_INSN(mulli) { RT = RA * (uint64_t)F_SI(insn); return 0; }

PPC_INSN(mullw)
{
    int64_t p = (int64_t)(int32_t)RA * (int32_t)RB;
    return set_rt_xo(cpu, insn, (uint64_t)p, p != (int32_t)p);
}

PPC_INSN(mulld)
{
    int64_t p;
    bool ov = __builtin_mul_overflow((int64_t)RA, (int64_t)RB, &p);
    return set_rt_xo(cpu, insn, (uint64_t)p, ov);
}

/* The high word of 32-bit multiply-high is undefined; QEMU zero-extends. */
PPC_INSN(mulhw)
{
    int64_t p = (int64_t)(int32_t)RA * (int32_t)RB;
    return set_rt_xo(cpu, insn, (uint32_t)(p >> 32), false);
}

PPC_INSN(mulhwu)
{
    uint64_t p = (uint64_t)(uint32_t)RA * (uint32_t)RB;
    return set_rt_xo(cpu, insn, p >> 32, false);
}

PPC_INSN(mulhd)
{
    __int128 p = (__int128)(int64_t)RA * (int64_t)RB;
    return set_rt_xo(cpu, insn, (uint64_t)(p >> 64), false);
}

PPC_INSN(mulhdu)
{
    unsigned __int128 p = (unsigned __int128)RA * RB;
    return set_rt_xo(cpu, insn, (uint64_t)(p >> 64), false);
}

/*
 * Divide by zero and the most-negative / -1 overflow have undefined results;
 * like QEMU's POWER8 model we divide by 1 instead (the quotient is the
 * dividend). 32-bit quotients are zero-extended.
 */
PPC_INSN(divw)
{
    int32_t a = (int32_t)RA, b = (int32_t)RB;
    bool ov = b == 0 || (a == INT32_MIN && b == -1);
    return set_rt_xo(cpu, insn, (uint32_t)(ov ? a : a / b), ov);
}

PPC_INSN(divwu)
{
    uint32_t a = (uint32_t)RA, b = (uint32_t)RB;
    return set_rt_xo(cpu, insn, b ? a / b : a, b == 0);
}

PPC_INSN(divd)
{
    int64_t a = (int64_t)RA, b = (int64_t)RB;
    bool ov = b == 0 || (a == INT64_MIN && b == -1);
    return set_rt_xo(cpu, insn, (uint64_t)(ov ? a : a / b), ov);
}

PPC_INSN(divdu)
{
    uint64_t a = RA, b = RB;
    return set_rt_xo(cpu, insn, b ? a / b : a, b == 0);
}

/* Divide extended: the dividend is (RA) followed by a word/doubleword of zeros;
 * on overflow the result is 0 (QEMU). */
PPC_INSN(divwe)
{
    int64_t a = (int64_t)((uint64_t)(uint32_t)RA << 32), b = (int32_t)RB;
    int64_t q = 0;
    bool ov = b == 0 || (a == INT64_MIN && b == -1);
    if (!ov) {
        q = a / b;
        ov = q != (int32_t)q;
    }
    return set_rt_xo(cpu, insn, ov ? 0 : (uint64_t)q, ov);
}

PPC_INSN(divweu)
{
    uint64_t a = (uint64_t)(uint32_t)RA << 32, b = (uint32_t)RB;
    uint64_t q = b ? a / b : 0;
    bool ov = b == 0 || q > UINT32_MAX;
    return set_rt_xo(cpu, insn, ov ? 0 : q, ov);
}

PPC_INSN(divde)
{
    __int128 a = (__int128)(int64_t)RA * ((__int128)1 << 64);
    int64_t b = (int64_t)RB;
    __int128 q = 0;
    /* b == -1 would overflow the host division for RA = INT64_MIN; -(RA:0) fits only for RA = 0 */
    bool ov = b == 0 || (b == -1 && RA != 0);
    if (!ov && b != -1) {
        q = a / b;
        ov = q != (int64_t)q;
    }
    return set_rt_xo(cpu, insn, ov ? 0 : (uint64_t)q, ov);
}

PPC_INSN(divdeu)
{
    unsigned __int128 a = (unsigned __int128)RA << 64;
    uint64_t b = RB;
    unsigned __int128 q = b ? a / b : 0;
    bool ov = b == 0 || (q >> 64) != 0;
    return set_rt_xo(cpu, insn, ov ? 0 : (uint64_t)q, ov);
}

/* ---- Compare (L selects 64-bit operands, else the low words) ---- */

static int cmp_set(PowerPCCPU *cpu, uint32_t insn, bool lt, bool gt)
{
    ppc_set_crf(cpu, F_BF(insn), (lt ? 8u : gt ? 4u : 2u) | cpu->so);
    return 0;
}

static int cmp_signed(PowerPCCPU *cpu, uint32_t insn, uint64_t a, uint64_t b)
{
    int64_t x = F_L21(insn) ? (int64_t)a : (int32_t)a;
    int64_t y = F_L21(insn) ? (int64_t)b : (int32_t)b;
    return cmp_set(cpu, insn, x < y, x > y);
}

static int cmp_unsigned(PowerPCCPU *cpu, uint32_t insn, uint64_t a, uint64_t b)
{
    uint64_t x = F_L21(insn) ? a : (uint32_t)a;
    uint64_t y = F_L21(insn) ? b : (uint32_t)b;
    return cmp_set(cpu, insn, x < y, x > y);
}

PPC_INSN(cmp)   { return cmp_signed(cpu, insn, RA, RB); }
PPC_INSN(cmpi)  { return cmp_signed(cpu, insn, RA, (uint64_t)F_SI(insn)); }
PPC_INSN(cmpl)  { return cmp_unsigned(cpu, insn, RA, RB); }
PPC_INSN(cmpli) { return cmp_unsigned(cpu, insn, RA, F_UI(insn)); }

/* isel: the BC field sits where A-form puts FRC */
PPC_INSN(isel)
{
    RT = ppc_get_crbit(cpu, F_RC(insn)) ? ppc_ra0(cpu, insn) : RB;
    return 0;
}

/* ---- Logical ---- */

PPC_INSN(and)   { return set_ra(cpu, insn, RS & RB); }
PPC_INSN(andc)  { return set_ra(cpu, insn, RS & ~RB); }
PPC_INSN(or)    { return set_ra(cpu, insn, RS | RB); }  /* also the or Rx,Rx,Rx priority hints */
PPC_INSN(orc)   { return set_ra(cpu, insn, RS | ~RB); }
PPC_INSN(xor)   { return set_ra(cpu, insn, RS ^ RB); }
PPC_INSN(nand)  { return set_ra(cpu, insn, ~(RS & RB)); }
PPC_INSN(nor)   { return set_ra(cpu, insn, ~(RS | RB)); }
PPC_INSN(eqv)   { return set_ra(cpu, insn, ~(RS ^ RB)); }
PPC_INSN(extsb) { return set_ra(cpu, insn, (uint64_t)(int8_t)RS); }
PPC_INSN(extsh) { return set_ra(cpu, insn, (uint64_t)(int16_t)RS); }
PPC_INSN(extsw) { return set_ra(cpu, insn, (uint64_t)(int32_t)RS); }

PPC_INSN(ori)   { RA = RS | F_UI(insn); return 0; }
PPC_INSN(oris)  { RA = RS | F_UI(insn) << 16; return 0; }
PPC_INSN(xori)  { RA = RS ^ F_UI(insn); return 0; }
PPC_INSN(xoris) { RA = RS ^ F_UI(insn) << 16; return 0; }
/* andi. and andis. always set CR0 (bit 31 belongs to UI, not Rc) */
PPC_INSN(andi_rc)  { RA = RS & F_UI(insn); ppc_set_cr0(cpu, RA); return 0; }
PPC_INSN(andis_rc) { RA = RS & F_UI(insn) << 16; ppc_set_cr0(cpu, RA); return 0; }

PPC_INSN(cntlzw)
{
    uint32_t v = (uint32_t)RS;
    return set_ra(cpu, insn, v ? (uint64_t)__builtin_clz(v) : 32);
}

PPC_INSN(cntlzd)
{
    uint64_t v = RS;
    return set_ra(cpu, insn, v ? (uint64_t)__builtin_clzll(v) : 64);
}

static inline uint64_t lane(uint64_t v, unsigned pos, unsigned bits)
{
    return bits == 64 ? v : (v >> pos) & ((1ull << bits) - 1);
}

/* Population count of each byte/word/doubleword, in that lane. */
static uint64_t popcnt_lanes(uint64_t v, unsigned bits)
{
    uint64_t r = 0;
    for (unsigned pos = 0; pos < 64; pos += bits) {
        r |= (uint64_t)__builtin_popcountll(lane(v, pos, bits)) << pos;
    }
    return r;
}

/* Parity of the low bit of each byte of a word/doubleword, in its low bit. */
static uint64_t parity_lanes(uint64_t v, unsigned bits)
{
    return popcnt_lanes(v & 0x0101010101010101ull, bits) & (bits == 64 ? 1 : 0x0000000100000001ull);
}

PPC_INSN(popcntb) { RA = popcnt_lanes(RS, 8); return 0; }
PPC_INSN(popcntw) { RA = popcnt_lanes(RS, 32); return 0; }
PPC_INSN(popcntd) { RA = popcnt_lanes(RS, 64); return 0; }
PPC_INSN(prtyw)   { RA = parity_lanes(RS, 32); return 0; }
PPC_INSN(prtyd)   { RA = parity_lanes(RS, 64); return 0; }

PPC_INSN(cmpb)
{
    uint64_t s = RS, b = RB, r = 0;
    for (int k = 0; k < 64; k += 8) {
        if (((s ^ b) >> k & 0xff) == 0) {
            r |= 0xffull << k;
        }
    }
    RA = r;
    return 0;
}

/* Byte k of RS (0 = most significant) selects the bit of RB that becomes bit k of an 8-bit result. */
PPC_INSN(bpermd)
{
    uint64_t s = RS, b = RB, r = 0;
    for (int k = 0; k < 8; k++) {
        unsigned idx = (s >> (56 - 8 * k)) & 0xff;
        if (idx < 64 && ((b >> (63 - idx)) & 1)) {
            r |= 0x80u >> k;
        }
    }
    RA = r;
    return 0;
}

/* ---- Rotate and shift ---- */

/* MASK(mb, me) in ISA bit numbering (0 = most significant); wraps when mb > me. */
static inline uint64_t mask64(unsigned mb, unsigned me)
{
    uint64_t from_mb = ~0ull >> mb, to_me = ~0ull << (63 - me);
    return mb <= me ? from_mb & to_me : from_mb | to_me;
}

static inline uint64_t rotl64(uint64_t v, unsigned n)
{
    n &= 63;
    return n ? v << n | v >> (64 - n) : v;
}

/* ROTL32: the low word rotated as if it were replicated in both halves. */
static inline uint64_t rotl32(uint64_t v, unsigned n)
{
    uint64_t w = (uint32_t)v;
    return rotl64(w | w << 32, n & 31);
}

static int rlw(PowerPCCPU *cpu, uint32_t insn, unsigned n, bool insert)
{
    uint64_t m = mask64(F_MB(insn) + 32, F_ME(insn) + 32);
    uint64_t r = rotl32(RS, n) & m;
    return set_ra(cpu, insn, insert ? r | (RA & ~m) : r);
}

PPC_INSN(rlwinm) { return rlw(cpu, insn, F_SH(insn), false); }
PPC_INSN(rlwnm)  { return rlw(cpu, insn, RB & 31, false); }
PPC_INSN(rlwimi) { return rlw(cpu, insn, F_SH(insn), true); }

/* MD/MDS forms split their 6-bit fields: sh5 in bit 30, mb5/me5 at the low end of bits 21:26. */
static inline unsigned md_sh(uint32_t insn)
{
    return F_SH(insn) | (insn & 2) << 4;
}

static inline unsigned md_mb(uint32_t insn)
{
    unsigned v = (insn >> 5) & 0x3f;
    return v >> 1 | (v & 1) << 5;
}

static int rld(PowerPCCPU *cpu, uint32_t insn, unsigned n, uint64_t m, bool insert)
{
    uint64_t r = rotl64(RS, n) & m;
    return set_ra(cpu, insn, insert ? r | (RA & ~m) : r);
}

PPC_INSN(rldicl) { return rld(cpu, insn, md_sh(insn), mask64(md_mb(insn), 63), false); }
PPC_INSN(rldicr) { return rld(cpu, insn, md_sh(insn), mask64(0, md_mb(insn)), false); }
PPC_INSN(rldic)  { return rld(cpu, insn, md_sh(insn), mask64(md_mb(insn), 63 - md_sh(insn)), false); }
PPC_INSN(rldimi) { return rld(cpu, insn, md_sh(insn), mask64(md_mb(insn), 63 - md_sh(insn)), true); }
PPC_INSN(rldcl)  { return rld(cpu, insn, RB & 63, mask64(md_mb(insn), 63), false); }
PPC_INSN(rldcr)  { return rld(cpu, insn, RB & 63, mask64(0, md_mb(insn)), false); }

/* Shift amounts come from RB[58:63] (words) or RB[57:63] (doublewords):
 * the top bit of that field shifts everything out. */
PPC_INSN(slw) { uint64_t n = RB & 63; return set_ra(cpu, insn, n < 32 ? (uint32_t)((uint32_t)RS << n) : 0); }
PPC_INSN(srw) { uint64_t n = RB & 63; return set_ra(cpu, insn, n < 32 ? (uint32_t)RS >> n : 0); }
PPC_INSN(sld) { uint64_t n = RB & 127; return set_ra(cpu, insn, n < 64 ? RS << n : 0); }
PPC_INSN(srd) { uint64_t n = RB & 127; return set_ra(cpu, insn, n < 64 ? RS >> n : 0); }

/*
 * Algebraic right shift of s (already sign-extended from `width` bits).
 * CA = the source is negative and a 1 bit was shifted out, in either mode.
 */
static int sra(PowerPCCPU *cpu, uint32_t insn, int64_t s, unsigned n, unsigned width)
{
    if (n >= width) {
        /* Every bit goes out, the sign bit too: any negative source sets CA. */
        cpu->ca = s < 0;
        return set_ra(cpu, insn, (uint64_t)(s >> 63));
    }
    cpu->ca = s < 0 && ((uint64_t)s & ((1ull << n) - 1)) != 0;
    return set_ra(cpu, insn, (uint64_t)(s >> n));
}

PPC_INSN(sraw)  { return sra(cpu, insn, (int32_t)RS, RB & 63, 32); }
PPC_INSN(srawi) { return sra(cpu, insn, (int32_t)RS, F_SH(insn), 32); }
PPC_INSN(srad)  { return sra(cpu, insn, (int64_t)RS, RB & 127, 64); }
PPC_INSN(sradi) { return sra(cpu, insn, (int64_t)RS, md_sh(insn), 64); }

/* ---- BCD assist: densely packed decimal (IEEE 754-2008 3.5.2) <-> BCD ---- */

/* One 10-bit declet "pqr stu v wxy" to three BCD digits d2 d1 d0. */
static uint32_t dpd_to_bcd(uint32_t dec)
{
    unsigned pqr = dec >> 7 & 7, stu = dec >> 4 & 7, wxy = dec & 7, y = dec & 1;
    unsigned r = pqr & 1, u = stu & 1, pq = pqr >> 1, st = stu >> 1, wx = wxy >> 1;
    unsigned d2 = pqr, d1 = stu, d0 = wxy;
    if (dec & 8) {  /* v: at least one digit is 8 or 9 */
        switch (wx == 3 ? 4 + st : wx) {
        case 0: d0 = 8 | y; break;
        case 1: d1 = 8 | u; d0 = st << 1 | y; break;
        case 2: d2 = 8 | r; d0 = pq << 1 | y; break;
        case 4: d2 = 8 | r; d1 = 8 | u; d0 = pq << 1 | y; break;
        case 5: d2 = 8 | r; d1 = pq << 1 | u; d0 = 8 | y; break;
        case 6: d1 = 8 | u; d0 = 8 | y; break;
        default: d2 = 8 | r; d1 = 8 | u; d0 = 8 | y; break;
        }
    }
    return d2 << 8 | d1 << 4 | d0;
}

/* Three BCD digits to a canonical declet (digits above 9 give an undefined result). */
static uint32_t bcd_to_dpd(uint32_t bcd)
{
    unsigned d2 = bcd >> 8 & 15, d1 = bcd >> 4 & 15, d0 = bcd & 15;
    unsigned a = d2 >> 3 & 1, e = d1 >> 3 & 1, i = d0 >> 3 & 1;
    unsigned bcd2 = d2 & 7, fgh = d1 & 7, jkm = d0 & 7, d = d2 & 1, h = d1 & 1, m = d0 & 1;
    unsigned jk = jkm >> 1, fg = fgh >> 1;
    switch (a << 2 | e << 1 | i) {
    case 0: return bcd2 << 7 | fgh << 4 | jkm;
    case 1: return bcd2 << 7 | fgh << 4 | 8 | m;
    case 2: return bcd2 << 7 | jk << 5 | h << 4 | 10 | m;
    case 4: return jk << 8 | d << 7 | fgh << 4 | 12 | m;
    case 6: return jk << 8 | d << 7 | 0 << 5 | h << 4 | 14 | m;
    case 5: return fg << 8 | d << 7 | 1 << 5 | h << 4 | 14 | m;
    case 3: return bcd2 << 7 | 2 << 5 | h << 4 | 14 | m;
    default: return d << 7 | 3 << 5 | h << 4 | 14 | m;
    }
}

/* Each word: two declets in bits 12:31 <-> six BCD digits in bits 8:31. */
PPC_INSN(cdtbcd)
{
    uint64_t s = RS, r = 0;
    for (int w = 0; w < 64; w += 32) {
        uint32_t x = (uint32_t)(s >> w);
        r |= (uint64_t)(dpd_to_bcd(x >> 10 & 0x3ff) << 12 | dpd_to_bcd(x & 0x3ff)) << w;
    }
    RA = r;
    return 0;
}

PPC_INSN(cbcdtd)
{
    uint64_t s = RS, r = 0;
    for (int w = 0; w < 64; w += 32) {
        uint32_t x = (uint32_t)(s >> w);
        r |= (uint64_t)(bcd_to_dpd(x >> 12 & 0xfff) << 10 | bcd_to_dpd(x & 0xfff)) << w;
    }
    RA = r;
    return 0;
}
