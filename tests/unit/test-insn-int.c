/*
 * Semantics of the fixed-point, branch and load/store instructions on a bare
 * CPU with 64 KiB of RAM. Every expected value is worked out by hand from
 * Power ISA 2.07B Book I/II (the comment next to it says how); results the
 * ISA leaves undefined are not asserted.
 */
#include <glib.h>
#include <string.h>

#include "ppc-test-cpu.h"

/* ---- Encoders (Book I 1.6 instruction formats) ---- */

static uint32_t d_form(unsigned op, unsigned rt, unsigned ra, uint16_t imm)
{
    return op << 26 | rt << 21 | ra << 16 | imm;
}

static uint32_t x_form(unsigned xo, unsigned rt, unsigned ra, unsigned rb, unsigned rc)
{
    return 31u << 26 | rt << 21 | ra << 16 | rb << 11 | xo << 1 | rc;
}

static uint32_t xo_form(unsigned xo, unsigned rt, unsigned ra, unsigned rb, unsigned oe, unsigned rc)
{
    return 31u << 26 | rt << 21 | ra << 16 | rb << 11 | oe << 10 | xo << 1 | rc;
}

static uint32_t m_form(unsigned op, unsigned rs, unsigned ra, unsigned sh, unsigned mb, unsigned me)
{
    return op << 26 | rs << 21 | ra << 16 | sh << 11 | mb << 6 | me << 1;
}

/* MD: sh[0:4] in 16:20, sh[5] in 30; mb/me[0:4] in 21:25, [5] in 26. */
static uint32_t md_form(unsigned xo, unsigned rs, unsigned ra, unsigned sh, unsigned mb)
{
    unsigned mbf = (mb & 31) << 1 | mb >> 5;
    return 30u << 26 | rs << 21 | ra << 16 | (sh & 31) << 11 | mbf << 5 | xo << 2 | (sh >> 5) << 1;
}

static uint32_t mds_form(unsigned xo, unsigned rs, unsigned ra, unsigned rb, unsigned mb)
{
    unsigned mbf = (mb & 31) << 1 | mb >> 5;
    return 30u << 26 | rs << 21 | ra << 16 | rb << 11 | mbf << 5 | xo << 1;
}

static uint32_t xl_form(unsigned xo, unsigned bt, unsigned ba, unsigned bb, unsigned lk)
{
    return 19u << 26 | bt << 21 | ba << 16 | bb << 11 | xo << 1 | lk;
}

#define RUN(cpu, w) g_assert_cmpint(fake_exec(cpu, w), ==, 0)

static void raises(PowerPCCPU *cpu, uint32_t w, int vector, uint64_t cause)
{
    cpu->cs.pc = 0x1000;
    g_assert_cmpint(fake_exec(cpu, w), ==, FAKE_RAISED);
    g_assert_cmphex(cpu->cs.pc, ==, vector);
    g_assert_cmphex(cpu->spr[SPR_SRR0], ==, 0x1000);
    g_assert_cmphex(fake_srr1_cause(cpu), ==, cause);
    /* the handler that raised returns to problem state for the next check */
    cpu->msr = cpu->spr[SPR_SRR1] & ~0x00000000783f0000ull;
    cpu->cs.pc = 0x1000;
}

#define CR0(cpu) ppc_get_crf(cpu, 0)
enum { LT = 8, GT = 4, EQ = 2, SO = 1 };

/* ---- Add / subtract ---- */

static void test_add_carry_overflow(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    /* addc: all-ones + 1 carries out of bit 0 */
    cpu->gpr[4] = ~0ull;
    cpu->gpr[5] = 1;
    RUN(cpu, xo_form(10, 3, 4, 5, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    g_assert_cmpint(cpu->ca, ==, 1);

    /* addo.: 0x7fff...f + 1 overflows: OV=SO=1, CR0 = LT|SO */
    cpu->gpr[4] = 0x7fffffffffffffffull;
    RUN(cpu, xo_form(266, 3, 4, 5, 1, 1));
    g_assert_cmphex(cpu->gpr[3], ==, 0x8000000000000000ull);
    g_assert_cmpint(cpu->ov, ==, 1);
    g_assert_cmpint(cpu->so, ==, 1);
    g_assert_cmphex(CR0(cpu), ==, LT | SO);

    /* addo without overflow clears OV but SO is sticky */
    cpu->gpr[4] = 1;
    RUN(cpu, xo_form(266, 3, 4, 5, 1, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 2);
    g_assert_cmpint(cpu->ov, ==, 0);
    g_assert_cmpint(cpu->so, ==, 1);
    /* OV32/CA32 do not exist on POWER8 */
    g_assert_cmpint(cpu->ov32, ==, 0);
    g_assert_cmpint(cpu->ca32, ==, 0);

    /* adde: 1 + 1 + CA(1) = 3, no carry out */
    cpu->so = 0;
    cpu->ca = 1;
    cpu->gpr[4] = 1;
    RUN(cpu, xo_form(138, 3, 4, 5, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 3);
    g_assert_cmpint(cpu->ca, ==, 0);

    /* addme: RA + CA - 1. 0 + 0 - 1 = -1, CA=0; 0 + 1 - 1 = 0, CA=1 */
    cpu->gpr[4] = 0;
    cpu->ca = 0;
    RUN(cpu, xo_form(234, 3, 4, 0, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, ~0ull);
    g_assert_cmpint(cpu->ca, ==, 0);
    cpu->ca = 1;
    RUN(cpu, xo_form(234, 3, 4, 0, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    g_assert_cmpint(cpu->ca, ==, 1);

    /* addze: 0xff..f + CA(1) = 0, CA=1 */
    cpu->gpr[4] = ~0ull;
    RUN(cpu, xo_form(202, 3, 4, 0, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    g_assert_cmpint(cpu->ca, ==, 1);

    /* subfc: RB - RA. 3 - 5 borrows (CA=0); 5 - 3 = 2 (CA=1); 5 - 5 = 0 (CA=1) */
    cpu->gpr[4] = 5;
    cpu->gpr[5] = 3;
    RUN(cpu, xo_form(8, 3, 4, 5, 0, 1));
    g_assert_cmphex(cpu->gpr[3], ==, (uint64_t)-2);
    g_assert_cmpint(cpu->ca, ==, 0);
    g_assert_cmphex(CR0(cpu), ==, LT);
    RUN(cpu, xo_form(8, 3, 5, 4, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 2);
    g_assert_cmpint(cpu->ca, ==, 1);
    RUN(cpu, xo_form(8, 3, 4, 4, 0, 1));
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    g_assert_cmpint(cpu->ca, ==, 1);
    g_assert_cmphex(CR0(cpu), ==, EQ);

    /* subf does not touch CA; subfe with CA=0 is RB - RA - 1 */
    cpu->ca = 0;
    RUN(cpu, xo_form(40, 3, 5, 4, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 2);
    g_assert_cmpint(cpu->ca, ==, 0);
    RUN(cpu, xo_form(136, 3, 5, 4, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 1);
    g_assert_cmpint(cpu->ca, ==, 1);

    /* subfze: ~0 + CA(0) = -1, CA=0; subfme: ~0 + CA(1) - 1 = -1, CA=1 */
    cpu->gpr[4] = 0;
    cpu->ca = 0;
    RUN(cpu, xo_form(200, 3, 4, 0, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, ~0ull);
    g_assert_cmpint(cpu->ca, ==, 0);
    cpu->ca = 1;
    RUN(cpu, xo_form(232, 3, 4, 0, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, ~0ull);
    g_assert_cmpint(cpu->ca, ==, 1);

    /* nego of the most negative number overflows and gives it back */
    cpu->gpr[4] = 0x8000000000000000ull;
    RUN(cpu, xo_form(104, 3, 4, 0, 1, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x8000000000000000ull);
    g_assert_cmpint(cpu->ov, ==, 1);
    cpu->gpr[4] = 5;
    RUN(cpu, xo_form(104, 3, 4, 0, 1, 0));
    g_assert_cmphex(cpu->gpr[3], ==, (uint64_t)-5);
    g_assert_cmpint(cpu->ov, ==, 0);

    fake_cpu_free(cpu);
}

static void test_add_immediate(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    /* addi with RA=0 is li; addis sign-extends SI << 16 */
    cpu->gpr[0] = 1000;
    RUN(cpu, d_form(14, 3, 0, 0xfffe));
    g_assert_cmphex(cpu->gpr[3], ==, (uint64_t)-2);
    RUN(cpu, d_form(15, 3, 0, 0x8000));
    g_assert_cmphex(cpu->gpr[3], ==, 0xffffffff80000000ull);
    cpu->gpr[4] = 0x10;
    RUN(cpu, d_form(15, 3, 4, 1));
    g_assert_cmphex(cpu->gpr[3], ==, 0x10010);

    /* addic: 1 + (-1) = 0 with a carry; addic. also sets CR0 */
    cpu->gpr[4] = 1;
    RUN(cpu, d_form(12, 3, 4, 0xffff));
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    g_assert_cmpint(cpu->ca, ==, 1);
    RUN(cpu, d_form(13, 3, 4, 0xfffd));
    g_assert_cmphex(cpu->gpr[3], ==, (uint64_t)-2);
    g_assert_cmpint(cpu->ca, ==, 0);
    g_assert_cmphex(CR0(cpu), ==, LT);

    /* subfic: SI - RA = 3 - 10 = -7, borrow so CA=0; 10 - 3 = 7, CA=1 */
    cpu->gpr[4] = 10;
    RUN(cpu, d_form(8, 3, 4, 3));
    g_assert_cmphex(cpu->gpr[3], ==, (uint64_t)-7);
    g_assert_cmpint(cpu->ca, ==, 0);
    cpu->gpr[4] = 3;
    RUN(cpu, d_form(8, 3, 4, 10));
    g_assert_cmphex(cpu->gpr[3], ==, 7);
    g_assert_cmpint(cpu->ca, ==, 1);

    /* mulli: -3 * 7 */
    cpu->gpr[4] = (uint64_t)-3;
    RUN(cpu, d_form(7, 3, 4, 7));
    g_assert_cmphex(cpu->gpr[3], ==, (uint64_t)-21);

    fake_cpu_free(cpu);
}

/* Book I 3.3.9: in 32-bit mode CA and OV come from the low word, CR0 looks at the low word,
 * and the full 64-bit sum is still written. */
static void test_mode32_arith(void)
{
    PowerPCCPU *cpu = fake_cpu_new();
    cpu->msr &= ~MSR_SF;

    cpu->gpr[4] = 0xffffffffull;
    cpu->gpr[5] = 1;
    RUN(cpu, xo_form(10, 3, 4, 5, 1, 1));        /* addco. */
    g_assert_cmphex(cpu->gpr[3], ==, 0x100000000ull);
    g_assert_cmpint(cpu->ca, ==, 1);
    g_assert_cmpint(cpu->ov, ==, 0);              /* -1 + 1 in 32 bits */
    g_assert_cmphex(CR0(cpu), ==, EQ);

    cpu->gpr[4] = 0x7fffffff;
    RUN(cpu, xo_form(266, 3, 4, 5, 1, 1));       /* addo. */
    g_assert_cmphex(cpu->gpr[3], ==, 0x80000000ull);
    g_assert_cmpint(cpu->ov, ==, 1);
    g_assert_cmphex(CR0(cpu), ==, LT | SO);

    /* the same in 64-bit mode: no overflow, positive, no carry */
    cpu->msr |= MSR_SF;
    cpu->so = 0;
    RUN(cpu, xo_form(10, 3, 4, 5, 1, 1));
    g_assert_cmpint(cpu->ov, ==, 0);
    g_assert_cmpint(cpu->ca, ==, 0);
    g_assert_cmphex(CR0(cpu), ==, GT);

    /* addic in 32-bit mode: carry out of the low word */
    cpu->msr &= ~MSR_SF;
    cpu->gpr[4] = 0x00000001ffffffffull;
    RUN(cpu, d_form(12, 3, 4, 1));
    g_assert_cmphex(cpu->gpr[3], ==, 0x0000000200000000ull);
    g_assert_cmpint(cpu->ca, ==, 1);

    /* and. in 32-bit mode: the low word 0x80000000 is negative */
    cpu->gpr[4] = 0x0000000180000000ull;
    RUN(cpu, x_form(28, 4, 3, 4, 1));
    g_assert_cmphex(CR0(cpu), ==, LT);

    fake_cpu_free(cpu);
}

/* ---- Multiply / divide ---- */

static void test_mul(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    /* mullwo: 0x10000^2 = 2^32, the full product, OV set */
    cpu->gpr[4] = 0x10000;
    cpu->gpr[5] = 0x10000;
    RUN(cpu, xo_form(235, 3, 4, 5, 1, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x100000000ull);
    g_assert_cmpint(cpu->ov, ==, 1);
    /* mullw uses the low words as signed: -1 * 5 */
    cpu->gpr[4] = 0x12345678ffffffffull;
    cpu->gpr[5] = 5;
    RUN(cpu, xo_form(235, 3, 4, 5, 1, 0));
    g_assert_cmphex(cpu->gpr[3], ==, (uint64_t)-5);
    g_assert_cmpint(cpu->ov, ==, 0);

    /* mulhw: -2^31 * 2 = -2^32, high word 0xffffffff (only RT[32:63] is defined) */
    cpu->gpr[4] = 0x80000000;
    cpu->gpr[5] = 2;
    RUN(cpu, xo_form(75, 3, 4, 5, 0, 0));
    g_assert_cmphex((uint32_t)cpu->gpr[3], ==, 0xffffffff);
    /* mulhwu: 0xffffffff^2 = 0xfffffffe00000001 */
    cpu->gpr[4] = cpu->gpr[5] = 0xffffffff;
    RUN(cpu, xo_form(11, 3, 4, 5, 0, 0));
    g_assert_cmphex((uint32_t)cpu->gpr[3], ==, 0xfffffffe);

    /* mulhdu: (2^64-1)^2 = 2^128 - 2^65 + 1, high doubleword 2^64 - 2 */
    cpu->gpr[4] = cpu->gpr[5] = ~0ull;
    RUN(cpu, xo_form(9, 3, 4, 5, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0xfffffffffffffffeull);
    /* mulhd: (-1)(-1) = 1, high 0; -2^63 * 2 = -2^64, high -1 */
    RUN(cpu, xo_form(73, 3, 4, 5, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    cpu->gpr[4] = 0x8000000000000000ull;
    cpu->gpr[5] = 2;
    RUN(cpu, xo_form(73, 3, 4, 5, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, ~0ull);

    /* mulldo: 2^32 * 2^31 = 2^63 overflows signed 64 bits */
    cpu->gpr[4] = 1ull << 32;
    cpu->gpr[5] = 1ull << 31;
    RUN(cpu, xo_form(233, 3, 4, 5, 1, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x8000000000000000ull);
    g_assert_cmpint(cpu->ov, ==, 1);
    cpu->gpr[5] = 1ull << 30;
    RUN(cpu, xo_form(233, 3, 4, 5, 1, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 1ull << 62);
    g_assert_cmpint(cpu->ov, ==, 0);

    fake_cpu_free(cpu);
}

static void test_div(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    /* divw truncates toward zero: -7 / 2 = -3 (low word defined) */
    cpu->gpr[4] = (uint64_t)-7;
    cpu->gpr[5] = 2;
    RUN(cpu, xo_form(491, 3, 4, 5, 1, 0));
    g_assert_cmphex((uint32_t)cpu->gpr[3], ==, (uint32_t)-3);
    g_assert_cmpint(cpu->ov, ==, 0);
    /* divwu: 0xfffffff9 / 2 */
    RUN(cpu, xo_form(459, 3, 4, 5, 1, 0));
    g_assert_cmphex((uint32_t)cpu->gpr[3], ==, 0x7ffffffc);

    /* overflow cases set OV (the quotient is undefined) */
    cpu->gpr[4] = 0x80000000;
    cpu->gpr[5] = 0xffffffff;
    RUN(cpu, xo_form(491, 3, 4, 5, 1, 0));
    g_assert_cmpint(cpu->ov, ==, 1);
    cpu->so = 0;
    cpu->gpr[5] = 0;
    RUN(cpu, xo_form(459, 3, 4, 5, 1, 1));
    g_assert_cmpint(cpu->ov, ==, 1);
    g_assert_cmpint(cpu->so, ==, 1);
    g_assert_cmphex(CR0(cpu) & SO, ==, SO);

    /* divd / divdu */
    cpu->gpr[4] = (uint64_t)-100;
    cpu->gpr[5] = 7;
    RUN(cpu, xo_form(489, 3, 4, 5, 1, 0));
    g_assert_cmphex(cpu->gpr[3], ==, (uint64_t)-14);
    g_assert_cmpint(cpu->ov, ==, 0);
    RUN(cpu, xo_form(457, 3, 4, 5, 1, 0));
    g_assert_cmphex(cpu->gpr[3], ==, ((uint64_t)-100) / 7);
    cpu->gpr[4] = 0x8000000000000000ull;
    cpu->gpr[5] = ~0ull;
    RUN(cpu, xo_form(489, 3, 4, 5, 1, 0));
    g_assert_cmpint(cpu->ov, ==, 1);
    cpu->gpr[5] = 0;
    RUN(cpu, xo_form(457, 3, 4, 5, 1, 0));
    g_assert_cmpint(cpu->ov, ==, 1);

    /* divwe: (RA[32:63] || 0^32) / RB[32:63]. 2^32 / 4 = 2^30 fits; 2^32 / 2 = 2^31 does not */
    cpu->gpr[4] = 1;
    cpu->gpr[5] = 4;
    RUN(cpu, xo_form(427, 3, 4, 5, 1, 0));
    g_assert_cmphex((uint32_t)cpu->gpr[3], ==, 0x40000000);
    g_assert_cmpint(cpu->ov, ==, 0);
    cpu->gpr[5] = 2;
    RUN(cpu, xo_form(427, 3, 4, 5, 1, 0));
    g_assert_cmpint(cpu->ov, ==, 1);
    /* divweu: 2^32 / 2 = 2^31 fits unsigned; 2 * 2^32 / 2 = 2^32 does not */
    RUN(cpu, xo_form(395, 3, 4, 5, 1, 0));
    g_assert_cmphex((uint32_t)cpu->gpr[3], ==, 0x80000000);
    g_assert_cmpint(cpu->ov, ==, 0);
    cpu->gpr[4] = 2;
    RUN(cpu, xo_form(395, 3, 4, 5, 1, 0));
    g_assert_cmpint(cpu->ov, ==, 1);

    /* divdeu: 3 * 2^64 / 4 = 0xc000000000000000; 2 * 2^64 / 2 overflows */
    cpu->gpr[4] = 3;
    cpu->gpr[5] = 4;
    RUN(cpu, xo_form(393, 3, 4, 5, 1, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0xc000000000000000ull);
    g_assert_cmpint(cpu->ov, ==, 0);
    cpu->gpr[4] = 2;
    cpu->gpr[5] = 2;
    RUN(cpu, xo_form(393, 3, 4, 5, 1, 0));
    g_assert_cmpint(cpu->ov, ==, 1);
    /* divde: 2^64 / 4 = 2^62 fits; 2^64 / 2 = 2^63 does not; -2^64 / 4 = -2^62 */
    cpu->gpr[4] = 1;
    cpu->gpr[5] = 4;
    RUN(cpu, xo_form(425, 3, 4, 5, 1, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 1ull << 62);
    g_assert_cmpint(cpu->ov, ==, 0);
    cpu->gpr[5] = 2;
    RUN(cpu, xo_form(425, 3, 4, 5, 1, 0));
    g_assert_cmpint(cpu->ov, ==, 1);
    cpu->gpr[4] = ~0ull;
    cpu->gpr[5] = 4;
    RUN(cpu, xo_form(425, 3, 4, 5, 1, 0));
    g_assert_cmphex(cpu->gpr[3], ==, (uint64_t)-(1ll << 62));
    g_assert_cmpint(cpu->ov, ==, 0);
    cpu->gpr[4] = 0x8000000000000000ull;
    cpu->gpr[5] = ~0ull;
    RUN(cpu, xo_form(425, 3, 4, 5, 1, 0));
    g_assert_cmpint(cpu->ov, ==, 1);

    fake_cpu_free(cpu);
}

/* ---- Compare, isel ---- */

static void test_compare(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    cpu->gpr[4] = ~0ull;
    cpu->gpr[5] = 1;
    RUN(cpu, x_form(0, 7 << 2 | 1, 4, 5, 0));     /* cmpd cr7 */
    g_assert_cmphex(ppc_get_crf(cpu, 7), ==, LT);
    RUN(cpu, x_form(32, 1 << 2 | 1, 4, 5, 0));    /* cmpld cr1 */
    g_assert_cmphex(ppc_get_crf(cpu, 1), ==, GT);
    g_assert_cmphex(ppc_get_crf(cpu, 0), ==, 0);  /* other fields untouched */

    /* cmpw looks at the low words only, signed */
    cpu->gpr[4] = 0x00000001ffffffffull;
    cpu->gpr[5] = 0;
    RUN(cpu, x_form(0, 0, 4, 5, 0));
    g_assert_cmphex(CR0(cpu), ==, LT);
    RUN(cpu, x_form(0, 1, 4, 5, 0));              /* cmpd: positive */
    g_assert_cmphex(CR0(cpu), ==, GT);
    RUN(cpu, x_form(32, 0, 4, 5, 0));             /* cmplw: 0xffffffff > 0 */
    g_assert_cmphex(CR0(cpu), ==, GT);

    /* cmpwi with SO set copies SO */
    cpu->so = 1;
    cpu->gpr[4] = (uint64_t)-5;
    RUN(cpu, d_form(11, 2 << 2, 4, 0xfffb));
    g_assert_cmphex(ppc_get_crf(cpu, 2), ==, EQ | SO);
    /* cmpldi: UI is zero-extended: 0xfffb < 2^64-5 */
    RUN(cpu, d_form(10, 3 << 2 | 1, 4, 0xfffb));
    g_assert_cmphex(ppc_get_crf(cpu, 3), ==, GT | SO);

    /* isel: CR bit BC set -> (RA|0), else RB */
    ppc_set_cr(cpu, 0);
    ppc_set_crbit(cpu, 13, 1);
    cpu->gpr[4] = 44;
    cpu->gpr[5] = 55;
    uint32_t isel = 31u << 26 | 3 << 21 | 4 << 16 | 5 << 11 | 13 << 6 | 15 << 1;
    RUN(cpu, isel);
    g_assert_cmphex(cpu->gpr[3], ==, 44);
    RUN(cpu, isel & ~(31u << 16));               /* RA=0 reads as 0 */
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    ppc_set_crbit(cpu, 13, 0);
    RUN(cpu, isel);
    g_assert_cmphex(cpu->gpr[3], ==, 55);

    fake_cpu_free(cpu);
}

/* ---- Logical ---- */

static void test_logical(void)
{
    PowerPCCPU *cpu = fake_cpu_new();
    uint64_t a = 0xff00ff00f0f0aaaaull, b = 0x0ff00ff0ffff5555ull;
    cpu->gpr[4] = a;
    cpu->gpr[5] = b;

    static const struct {
        unsigned xo;
        uint64_t expect;
    } ops[] = {
        { 28, 0x0f000f00f0f00000ull },  /* and */
        { 60, 0xf000f0000000aaaaull },  /* andc */
        { 444, 0xfff0fff0ffffffffull }, /* or */
        { 412, 0xff0fff0ff0f0aaaaull }, /* orc */
        { 316, 0xf0f0f0f00f0fffffull }, /* xor */
        { 476, 0xf0fff0ff0f0fffffull }, /* nand */
        { 124, 0x000f000f00000000ull }, /* nor */
        { 284, 0x0f0f0f0ff0f00000ull }, /* eqv */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(ops); i++) {
        RUN(cpu, x_form(ops[i].xo, 4, 3, 5, 1));
        g_assert_cmphex(cpu->gpr[3], ==, ops[i].expect);
        g_assert_cmphex(CR0(cpu), ==, (int64_t)ops[i].expect < 0 ? LT : ops[i].expect ? GT : EQ);
    }

    /* andi. always sets CR0; ori/oris/xori/xoris never do */
    ppc_set_cr(cpu, 0);
    RUN(cpu, d_form(28, 4, 3, 0x00f0));
    g_assert_cmphex(cpu->gpr[3], ==, 0xa0);
    g_assert_cmphex(CR0(cpu), ==, GT);
    RUN(cpu, d_form(29, 4, 3, 0xf0f0));
    g_assert_cmphex(cpu->gpr[3], ==, 0xf0f00000ull);
    g_assert_cmphex(CR0(cpu), ==, GT);
    RUN(cpu, d_form(24, 4, 3, 0x5555));
    g_assert_cmphex(cpu->gpr[3], ==, 0xff00ff00f0f0ffffull);
    RUN(cpu, d_form(25, 4, 3, 0x0f0f));
    g_assert_cmphex(cpu->gpr[3], ==, 0xff00ff00ffffaaaaull);
    RUN(cpu, d_form(26, 4, 3, 0xffff));
    g_assert_cmphex(cpu->gpr[3], ==, 0xff00ff00f0f05555ull);
    RUN(cpu, d_form(27, 4, 3, 0xffff));
    g_assert_cmphex(cpu->gpr[3], ==, 0xff00ff000f0faaaaull);
    g_assert_cmphex(CR0(cpu), ==, GT);

    /* sign extension */
    cpu->gpr[4] = 0x1234567887654380ull;
    RUN(cpu, x_form(954, 4, 3, 0, 1));
    g_assert_cmphex(cpu->gpr[3], ==, 0xffffffffffffff80ull);
    g_assert_cmphex(CR0(cpu), ==, LT);
    RUN(cpu, x_form(922, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x4380);
    RUN(cpu, x_form(986, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0xffffffff87654380ull);

    /* count leading zeros: cntlzw looks at the low word only */
    cpu->gpr[4] = 0xffffffff00000000ull;
    RUN(cpu, x_form(26, 4, 3, 0, 1));
    g_assert_cmphex(cpu->gpr[3], ==, 32);
    cpu->gpr[4] = 0xffffffff00000001ull;
    RUN(cpu, x_form(26, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 31);
    RUN(cpu, x_form(58, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    cpu->gpr[4] = 1;
    RUN(cpu, x_form(58, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 63);
    cpu->gpr[4] = 0;
    RUN(cpu, x_form(58, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 64);

    fake_cpu_free(cpu);
}

static void test_bit_ops(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    /* popcntb/w/d: counts per byte, word, doubleword */
    cpu->gpr[4] = 0x0103070fff000000ull;
    RUN(cpu, x_form(122, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x0102030408000000ull);
    cpu->gpr[4] = 0xffffffff00000003ull;
    RUN(cpu, x_form(378, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x0000002000000002ull);
    RUN(cpu, x_form(506, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 34);

    /* prtyw: parity of bit 7 of each byte per word; prtyd: over 8 bytes */
    cpu->gpr[4] = 0xfe00000101010100ull;   /* word 0: lsbs 0,0,0,1; word 1: 1,1,1,0 */
    RUN(cpu, x_form(154, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x0000000100000001ull);
    RUN(cpu, x_form(186, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    cpu->gpr[4] = 0x0100000000000000ull;
    RUN(cpu, x_form(186, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 1);

    /* cmpb: 0xff where bytes are equal */
    cpu->gpr[4] = 0x1122334455667788ull;
    cpu->gpr[5] = 0x1100330055007700ull;
    RUN(cpu, x_form(508, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0xff00ff00ff00ff00ull);

    /* bpermd: indices 0, 1, 63, 64, 255, 2, 3, 62 into RB (bits 0, 1, 62, 63 set) */
    cpu->gpr[4] = 0x00013f40ff02033eull;
    cpu->gpr[5] = 0xc000000000000003ull;
    RUN(cpu, x_form(252, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0xe1);   /* 1,1,1,0,0,0,0,1 */

    fake_cpu_free(cpu);
}

/* ---- Rotate and shift ---- */

static void test_rotate(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    /* rlwinm r3,r4,8,24,31: ROTL32(0x12345678, 8) = 0x34567812, MASK(56,63) */
    cpu->gpr[4] = 0xffffffff12345678ull;
    RUN(cpu, m_form(21, 4, 3, 8, 24, 31));
    g_assert_cmphex(cpu->gpr[3], ==, 0x12);
    /* mb > me wraps: MASK(60,35) keeps ISA bits 0:35 and 60:63 of low||low */
    RUN(cpu, m_form(21, 4, 3, 0, 28, 3));
    g_assert_cmphex(cpu->gpr[3], ==, 0x1234567810000008ull);
    /* rlwnm takes the count from RB[59:63] */
    cpu->gpr[5] = 0x24;   /* 36 -> 4 */
    RUN(cpu, m_form(23, 4, 3, 5, 0, 31));
    g_assert_cmphex(cpu->gpr[3], ==, 0x23456781);
    /* rlwimi r3,r4,8,16,23 inserts 0xff00 */
    cpu->gpr[3] = 0xaaaaaaaaaaaaaaaaull;
    cpu->gpr[4] = 0xff;
    RUN(cpu, m_form(20, 4, 3, 8, 16, 23));
    g_assert_cmphex(cpu->gpr[3], ==, 0xaaaaaaaaaaaaffaaull);

    /* rldicl r3,r4,8,56: top byte to the bottom */
    cpu->gpr[4] = 0xab000000000000cdull;
    RUN(cpu, md_form(0, 4, 3, 8, 56));
    g_assert_cmphex(cpu->gpr[3], ==, 0xab);
    /* rldicl r3,r4,0,32 = clrldi 32 */
    RUN(cpu, md_form(0, 4, 3, 0, 32));
    g_assert_cmphex(cpu->gpr[3], ==, 0xcd);
    /* rldicr r3,r4,0,7 keeps the top byte */
    RUN(cpu, md_form(1, 4, 3, 0, 7));
    g_assert_cmphex(cpu->gpr[3], ==, 0xab00000000000000ull);
    /* rldicr r3,r4,40,63 = rotldi 40 */
    RUN(cpu, md_form(1, 4, 3, 40, 63));
    g_assert_cmphex(cpu->gpr[3], ==, 0x0000cdab00000000ull);
    /* rldic r3,r4,16,32: ROTL64 by 16, MASK(32, 47) */
    cpu->gpr[4] = 0xffff;
    RUN(cpu, md_form(2, 4, 3, 16, 32));
    g_assert_cmphex(cpu->gpr[3], ==, 0xffff0000ull);
    /* rldimi r3,r4,32,0: low word of r4 into the high word of r3 */
    cpu->gpr[3] = 0x1111111122222222ull;
    cpu->gpr[4] = 0x33333333deadbeefull;
    RUN(cpu, md_form(3, 4, 3, 32, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0xdeadbeef22222222ull);
    /* rldcl r3,r4,r5,48 with r5 = 68 -> rotate by 4 */
    cpu->gpr[4] = 0xf00000000000abcdull;
    cpu->gpr[5] = 68;
    RUN(cpu, mds_form(8, 4, 3, 5, 48));
    g_assert_cmphex(cpu->gpr[3], ==, 0xbcdf);
    /* rldcr r3,r4,r5,3 keeps ISA bits 0:3 of the rotation */
    RUN(cpu, mds_form(9, 4, 3, 5, 3));
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    cpu->gpr[5] = 60;
    RUN(cpu, mds_form(9, 4, 3, 5, 3));
    g_assert_cmphex(cpu->gpr[3], ==, 0xd000000000000000ull);

    fake_cpu_free(cpu);
}

static void test_shift(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    /* slw/srw use RB[58:63]: 32..63 give 0; the high word is ignored and cleared */
    cpu->gpr[4] = 0xffffffff80000001ull;
    cpu->gpr[5] = 1;
    RUN(cpu, x_form(24, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 2);
    cpu->gpr[5] = 32;
    RUN(cpu, x_form(24, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    cpu->gpr[5] = 31 | 64;   /* bit 57 is not looked at */
    RUN(cpu, x_form(536, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 1);

    /* sld/srd use RB[57:63] */
    cpu->gpr[4] = 0x8000000000000001ull;
    cpu->gpr[5] = 63;
    RUN(cpu, x_form(27, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x8000000000000000ull);
    RUN(cpu, x_form(539, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 1);
    cpu->gpr[5] = 64;
    RUN(cpu, x_form(27, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0);

    /* sraw: -11 >> 1 = -6, a 1 shifted out -> CA; -12 >> 1 = -6, CA=0 */
    cpu->gpr[4] = 0xfffffff5;
    cpu->gpr[5] = 1;
    RUN(cpu, x_form(792, 4, 3, 5, 1));
    g_assert_cmphex(cpu->gpr[3], ==, (uint64_t)-6);
    g_assert_cmpint(cpu->ca, ==, 1);
    g_assert_cmphex(CR0(cpu), ==, LT);
    cpu->gpr[4] = 0xfffffff4;
    RUN(cpu, x_form(792, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, (uint64_t)-6);
    g_assert_cmpint(cpu->ca, ==, 0);
    /* shift >= 32: all sign bits, CA = negative */
    cpu->gpr[5] = 40;
    RUN(cpu, x_form(792, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, ~0ull);
    g_assert_cmpint(cpu->ca, ==, 1);
    cpu->gpr[4] = 0x7fffffff;
    RUN(cpu, x_form(792, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    g_assert_cmpint(cpu->ca, ==, 0);
    /* positive value: never CA even if 1s are shifted out */
    cpu->gpr[5] = 4;
    RUN(cpu, x_form(792, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x07ffffff);
    g_assert_cmpint(cpu->ca, ==, 0);

    /* srawi r3,r4,4 on 0x80000000: sign-extended, nothing lost */
    cpu->gpr[4] = 0x80000000;
    RUN(cpu, x_form(824, 4, 3, 4, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0xfffffffff8000000ull);
    g_assert_cmpint(cpu->ca, ==, 0);

    /* srad by 70: all ones, CA; sradi 33 (sh5 set) */
    cpu->gpr[4] = 0x8000000100000000ull;
    cpu->gpr[5] = 70;
    RUN(cpu, x_form(794, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, ~0ull);
    g_assert_cmpint(cpu->ca, ==, 1);
    uint32_t sradi33 = 31u << 26 | 4 << 21 | 3 << 16 | 1 << 11 | 413 << 2 | 1 << 1;
    RUN(cpu, sradi33);
    g_assert_cmphex(cpu->gpr[3], ==, 0xffffffffc0000000ull);
    g_assert_cmpint(cpu->ca, ==, 1);   /* bit 32 was shifted out */
    cpu->gpr[4] = 0x8000000000000000ull;
    RUN(cpu, sradi33);
    g_assert_cmphex(cpu->gpr[3], ==, 0xffffffffc0000000ull);
    g_assert_cmpint(cpu->ca, ==, 0);
    /* srad by 64 of the bare sign bit: it is shifted out too, so CA (found by tests/isa) */
    cpu->gpr[5] = 64;
    RUN(cpu, x_form(794, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, ~0ull);
    g_assert_cmpint(cpu->ca, ==, 1);
    /* sraw by 32 of 0x80000000 (sign-extended): the same */
    cpu->gpr[4] = 0x80000000;
    cpu->gpr[5] = 32;
    RUN(cpu, x_form(792, 4, 3, 5, 0));
    g_assert_cmphex(cpu->gpr[3], ==, ~0ull);
    g_assert_cmpint(cpu->ca, ==, 1);

    fake_cpu_free(cpu);
}

/* ---- BCD assist (DPD per IEEE 754-2008: 123 = 0x0a3, 999 = 0x0ff, 080 = 0x00a, 800 = 0x00c) ---- */

static void test_bcd(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    cpu->gpr[4] = 0x00028cff000000ffull;  /* declets 0a3 0ff | 000 0ff */
    RUN(cpu, x_form(282, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x0012399900000999ull);
    cpu->gpr[4] = 0x0080000800080000ull;  /* BCD 800 008 | 080 000 */
    RUN(cpu, x_form(314, 4, 3, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, (0x00cull << 10 | 0x008) << 32 | 0x00aull << 10);

    /* every 3-digit number survives BCD -> DPD -> BCD */
    for (unsigned v = 0; v < 1000; v++) {
        uint64_t bcd = (v / 100) << 8 | (v / 10 % 10) << 4 | (v % 10);
        cpu->gpr[4] = bcd << 32 | bcd << 12;
        RUN(cpu, x_form(314, 4, 5, 0, 0));
        RUN(cpu, x_form(282, 5, 6, 0, 0));
        g_assert_cmphex(cpu->gpr[6], ==, cpu->gpr[4]);
    }

    /* addg6s: 6 in each digit without a carry out */
    cpu->gpr[4] = 0x0f;
    cpu->gpr[5] = 0x01;
    RUN(cpu, xo_form(74, 3, 4, 5, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x6666666666666660ull);
    cpu->gpr[4] = 0xf000000000000000ull;
    cpu->gpr[5] = 0x1000000000000000ull;
    RUN(cpu, xo_form(74, 3, 4, 5, 0, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x0666666666666666ull);

    fake_cpu_free(cpu);
}

/* ---- Branches ---- */

static uint32_t bc_word(unsigned bo, unsigned bi, int16_t bd, unsigned aa, unsigned lk)
{
    return 16u << 26 | bo << 21 | bi << 16 | ((uint16_t)bd & 0xfffc) | aa << 1 | lk;
}

static void test_branch(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    cpu->cs.pc = 0x1000;
    g_assert_cmpint(fake_exec(cpu, 18u << 26 | 0x10), ==, 1);          /* b +0x10 */
    g_assert_cmphex(cpu->cs.pc, ==, 0x1010);
    g_assert_cmphex(cpu->lr, ==, 0);
    cpu->cs.pc = 0x1000;
    g_assert_cmpint(fake_exec(cpu, 18u << 26 | 0x03fffffc | 1), ==, 1); /* bl -4 */
    g_assert_cmphex(cpu->cs.pc, ==, 0xffc);
    g_assert_cmphex(cpu->lr, ==, 0x1004);
    g_assert_cmpint(fake_exec(cpu, 18u << 26 | 0x100 | 2), ==, 1);      /* ba 0x100 */
    g_assert_cmphex(cpu->cs.pc, ==, 0x100);
    g_assert_cmpint(fake_exec(cpu, 18u << 26 | 0x02000000 | 3), ==, 1); /* bla -0x2000000 */
    g_assert_cmphex(cpu->cs.pc, ==, 0xfffffffffe000000ull);
    g_assert_cmphex(cpu->lr, ==, 0x104);

    /* bdnz (BO=16): CTR 2 -> 1 taken, 1 -> 0 not taken */
    cpu->cs.pc = 0x1000;
    cpu->ctr = 2;
    g_assert_cmpint(fake_exec(cpu, bc_word(16, 0, -8, 0, 0)), ==, 1);
    g_assert_cmphex(cpu->cs.pc, ==, 0xff8);
    g_assert_cmphex(cpu->ctr, ==, 1);
    cpu->cs.pc = 0x1000;
    g_assert_cmpint(fake_exec(cpu, bc_word(16, 0, -8, 0, 0)), ==, 0);
    g_assert_cmphex(cpu->cs.pc, ==, 0x1000);
    g_assert_cmphex(cpu->ctr, ==, 0);

    /* beq cr1 (BO=12, BI=6); bcl not taken still writes LR */
    ppc_set_cr(cpu, 0);
    g_assert_cmpint(fake_exec(cpu, bc_word(12, 6, 0x40, 0, 1)), ==, 0);
    g_assert_cmphex(cpu->lr, ==, 0x1004);
    ppc_set_crf(cpu, 1, EQ);
    cpu->lr = 0;
    g_assert_cmpint(fake_exec(cpu, bc_word(12, 6, 0x40, 0, 0)), ==, 1);
    g_assert_cmphex(cpu->cs.pc, ==, 0x1040);
    g_assert_cmphex(cpu->lr, ==, 0);
    /* bne cr1 (BO=4) not taken; bca absolute */
    cpu->cs.pc = 0x1000;
    g_assert_cmpint(fake_exec(cpu, bc_word(4, 6, 0x40, 0, 0)), ==, 0);
    g_assert_cmpint(fake_exec(cpu, bc_word(12, 6, 0x40, 1, 0)), ==, 1);
    g_assert_cmphex(cpu->cs.pc, ==, 0x40);
    /* bdnzt (BO=8): needs both CTR != 0 after decrement and the bit */
    cpu->cs.pc = 0x1000;
    cpu->ctr = 5;
    g_assert_cmpint(fake_exec(cpu, bc_word(8, 6, 0x40, 0, 0)), ==, 1);
    g_assert_cmphex(cpu->ctr, ==, 4);
    cpu->cs.pc = 0x1000;
    g_assert_cmpint(fake_exec(cpu, bc_word(8, 5, 0x40, 0, 0)), ==, 0);
    g_assert_cmphex(cpu->ctr, ==, 3);

    /* blr / blrl (to the old LR) / bctr / bctar; the low two bits are dropped */
    cpu->cs.pc = 0x1000;
    cpu->lr = 0x2003;
    g_assert_cmpint(fake_exec(cpu, xl_form(16, 20, 0, 0, 1)), ==, 1);
    g_assert_cmphex(cpu->cs.pc, ==, 0x2000);
    g_assert_cmphex(cpu->lr, ==, 0x1004);
    cpu->ctr = 0x3001;
    g_assert_cmpint(fake_exec(cpu, xl_form(528, 20, 0, 0, 0)), ==, 1);
    g_assert_cmphex(cpu->cs.pc, ==, 0x3000);
    cpu->spr[SPR_TAR] = 0x4002;
    g_assert_cmpint(fake_exec(cpu, xl_form(560, 20, 0, 0, 1)), ==, 1);
    g_assert_cmphex(cpu->cs.pc, ==, 0x4000);
    g_assert_cmphex(cpu->lr, ==, 0x3004);
    /* beqlr cr1 with EQ clear: not taken */
    ppc_set_cr(cpu, 0);
    g_assert_cmpint(fake_exec(cpu, xl_form(16, 12, 6, 0, 0)), ==, 0);

    fake_cpu_free(cpu);
}

/* In 32-bit mode targets and LR are truncated and bdnz tests CTR[32:63]. */
static void test_branch_mode32(void)
{
    PowerPCCPU *cpu = fake_cpu_new();
    cpu->msr &= ~MSR_SF;

    cpu->cs.pc = 0xfffffffc;
    g_assert_cmpint(fake_exec(cpu, 18u << 26 | 8 | 1), ==, 1);
    g_assert_cmphex(cpu->cs.pc, ==, 4);
    g_assert_cmphex(cpu->lr, ==, 0);

    cpu->cs.pc = 0x1000;
    cpu->ctr = 0x100000001ull;
    g_assert_cmpint(fake_exec(cpu, bc_word(16, 0, 8, 0, 0)), ==, 0);
    g_assert_cmphex(cpu->ctr, ==, 0x100000000ull);
    cpu->msr |= MSR_SF;
    cpu->ctr = 0x100000001ull;
    g_assert_cmpint(fake_exec(cpu, bc_word(16, 0, 8, 0, 0)), ==, 1);

    fake_cpu_free(cpu);
}

static void test_cr_logical(void)
{
    PowerPCCPU *cpu = fake_cpu_new();
    /* BT = f(BA, BB) for (BA, BB) = 00, 01, 10, 11 */
    static const struct {
        unsigned xo;
        unsigned out[4];
    } ops[] = {
        { 257, { 0, 0, 0, 1 } },  /* crand */
        { 449, { 0, 1, 1, 1 } },  /* cror */
        { 193, { 0, 1, 1, 0 } },  /* crxor */
        { 225, { 1, 1, 1, 0 } },  /* crnand */
        { 33, { 1, 0, 0, 0 } },   /* crnor */
        { 289, { 1, 0, 0, 1 } },  /* creqv */
        { 129, { 0, 0, 1, 0 } },  /* crandc: BA & ~BB */
        { 417, { 1, 0, 1, 1 } },  /* crorc: BA | ~BB */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(ops); i++) {
        for (unsigned in = 0; in < 4; in++) {
            ppc_set_cr(cpu, 0);
            ppc_set_crbit(cpu, 9, in >> 1);
            ppc_set_crbit(cpu, 22, in & 1);
            ppc_set_crbit(cpu, 31, !ops[i].out[in]);
            RUN(cpu, xl_form(ops[i].xo, 31, 9, 22, 0));
            g_assert_cmpint(ppc_get_crbit(cpu, 31), ==, ops[i].out[in]);
            g_assert_cmphex(ppc_get_cr(cpu) & ~1u, ==, (uint32_t)(in >> 1) << 22 | (in & 1u) << 9);
        }
    }
    /* mcrf cr7, cr2 */
    ppc_set_cr(cpu, 0x00a00000);
    RUN(cpu, xl_form(0, 7 << 2, 2 << 2, 0, 0));
    g_assert_cmphex(ppc_get_cr(cpu), ==, 0x00a0000a);
    fake_cpu_free(cpu);
}

static void test_trap(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    /* tweq with equal low words (high words differ): trap */
    cpu->gpr[3] = 0x100000000ull;
    cpu->gpr[4] = 0;
    raises(cpu, x_form(4, 4, 3, 4, 0), EXCP_PROGRAM, SRR1_PROGTRAP);
    /* tdeq on the same: no trap */
    RUN(cpu, x_form(68, 4, 3, 4, 0));
    /* twlti r3,0 with r3 = -1 traps; twgti does not; TO=0 never traps */
    cpu->gpr[3] = ~0ull;
    raises(cpu, d_form(3, 16, 3, 0), EXCP_PROGRAM, SRR1_PROGTRAP);
    RUN(cpu, d_form(3, 8, 3, 0));
    RUN(cpu, d_form(3, 0, 3, 0));
    /* tdlgti r3,5 (unsigned >): 2^64-1 > 5 */
    raises(cpu, d_form(2, 1, 3, 5), EXCP_PROGRAM, SRR1_PROGTRAP);
    /* tdllti r3,5: not below */
    RUN(cpu, d_form(2, 2, 3, 5));
    fake_cpu_free(cpu);
}

/* ---- Loads and stores ---- */

static void test_load_store(void)
{
    PowerPCCPU *cpu = fake_cpu_new();
    static const uint8_t be_bytes[8] = { 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88 };

    cpu->gpr[4] = 0x100;
    cpu->gpr[5] = 0x1122334455667788ull;
    RUN(cpu, d_form(62, 5, 4, 8));                   /* std r5,8(r4) */
    g_assert_cmpmem(fake_ram + 0x108, 8, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);
    RUN(cpu, d_form(58, 6, 4, 8));                   /* ld r6,8(r4) */
    g_assert_cmphex(cpu->gpr[6], ==, 0x1122334455667788ull);
    RUN(cpu, d_form(36, 5, 4, 0));                   /* stw: low word, big-endian */
    g_assert_cmpmem(fake_ram + 0x100, 4, "\x55\x66\x77\x88", 4);
    RUN(cpu, d_form(44, 5, 4, 0x10));                /* sth */
    g_assert_cmpmem(fake_ram + 0x110, 2, "\x77\x88", 2);
    RUN(cpu, d_form(38, 5, 4, 0x12));                /* stb */
    g_assert_cmpint(fake_ram[0x112], ==, 0x88);

    memcpy(fake_ram + 0x200, be_bytes, 8);
    cpu->gpr[4] = 0x200;
    RUN(cpu, d_form(34, 3, 4, 1));                   /* lbz */
    g_assert_cmphex(cpu->gpr[3], ==, 0x82);
    RUN(cpu, d_form(40, 3, 4, 0));                   /* lhz */
    g_assert_cmphex(cpu->gpr[3], ==, 0x8182);
    RUN(cpu, d_form(42, 3, 4, 0));                   /* lha sign-extends */
    g_assert_cmphex(cpu->gpr[3], ==, 0xffffffffffff8182ull);
    RUN(cpu, d_form(32, 3, 4, 4));                   /* lwz */
    g_assert_cmphex(cpu->gpr[3], ==, 0x85868788);
    RUN(cpu, d_form(58, 3, 4, 4 | 2));               /* lwa 4(r4) */
    g_assert_cmphex(cpu->gpr[3], ==, 0xffffffff85868788ull);
    cpu->gpr[5] = 4;
    RUN(cpu, x_form(341, 3, 4, 5, 0));               /* lwax */
    g_assert_cmphex(cpu->gpr[3], ==, 0xffffffff85868788ull);
    RUN(cpu, x_form(343, 3, 4, 5, 0));               /* lhax */
    g_assert_cmphex(cpu->gpr[3], ==, 0xffffffffffff8586ull);
    RUN(cpu, x_form(87, 3, 4, 5, 0));                /* lbzx */
    g_assert_cmphex(cpu->gpr[3], ==, 0x85);

    /* byte-reversed */
    RUN(cpu, x_form(534, 3, 0, 4, 0));               /* lwbrx r3,0,r4 */
    g_assert_cmphex(cpu->gpr[3], ==, 0x84838281);
    RUN(cpu, x_form(790, 3, 0, 4, 0));               /* lhbrx */
    g_assert_cmphex(cpu->gpr[3], ==, 0x8281);
    RUN(cpu, x_form(532, 3, 0, 4, 0));               /* ldbrx */
    g_assert_cmphex(cpu->gpr[3], ==, 0x8887868584838281ull);
    cpu->gpr[6] = 0x0102030405060708ull;
    cpu->gpr[7] = 0x300;
    RUN(cpu, x_form(660, 6, 0, 7, 0));               /* stdbrx */
    g_assert_cmpmem(fake_ram + 0x300, 8, "\x08\x07\x06\x05\x04\x03\x02\x01", 8);
    RUN(cpu, x_form(662, 6, 0, 7, 0));               /* stwbrx */
    g_assert_cmpmem(fake_ram + 0x300, 4, "\x08\x07\x06\x05", 4);
    RUN(cpu, x_form(918, 6, 0, 7, 0));               /* sthbrx */
    g_assert_cmpmem(fake_ram + 0x300, 2, "\x08\x07", 2);

    /* little-endian mode: the same instructions see memory the other way */
    cpu->msr |= MSR_LE;
    RUN(cpu, d_form(32, 3, 4, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x84838281);
    RUN(cpu, x_form(534, 3, 0, 4, 0));               /* lwbrx in LE = big-endian */
    g_assert_cmphex(cpu->gpr[3], ==, 0x81828384);
    RUN(cpu, d_form(36, 6, 7, 0));
    g_assert_cmpmem(fake_ram + 0x300, 4, "\x08\x07\x06\x05", 4);
    cpu->msr &= ~MSR_LE;

    fake_cpu_free(cpu);
}

static void test_update_forms(void)
{
    PowerPCCPU *cpu = fake_cpu_new();
    memcpy(fake_ram + 0x104, "\xde\xad\xbe\xef", 4);

    cpu->gpr[4] = 0x100;
    RUN(cpu, d_form(33, 3, 4, 4));                   /* lwzu r3,4(r4) */
    g_assert_cmphex(cpu->gpr[3], ==, 0xdeadbeef);
    g_assert_cmphex(cpu->gpr[4], ==, 0x104);
    cpu->gpr[5] = (uint64_t)-4;
    RUN(cpu, x_form(119, 3, 4, 5, 0));               /* lbzux r3,r4,r5 */
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    g_assert_cmphex(cpu->gpr[4], ==, 0x100);
    cpu->gpr[6] = 0x55;
    RUN(cpu, d_form(39, 6, 4, 0x10));                /* stbu */
    g_assert_cmpint(fake_ram[0x110], ==, 0x55);
    g_assert_cmphex(cpu->gpr[4], ==, 0x110);
    RUN(cpu, d_form(62, 6, 4, 0x10 | 1));            /* stdu r6,16(r4) */
    g_assert_cmphex(cpu->gpr[4], ==, 0x120);
    g_assert_cmphex(fake_ram[0x127], ==, 0x55);
    RUN(cpu, d_form(58, 7, 4, 0xfff8 | 1));          /* ldu r7,-8(r4) */
    g_assert_cmphex(cpu->gpr[4], ==, 0x118);

    /* invalid forms: load with RA=0 or RA=RT, store with RA=0 */
    raises(cpu, d_form(33, 3, 0, 4), EXCP_PROGRAM, SRR1_PROGILL);
    raises(cpu, d_form(33, 4, 4, 4), EXCP_PROGRAM, SRR1_PROGILL);
    raises(cpu, x_form(373, 4, 4, 5, 0), EXCP_PROGRAM, SRR1_PROGILL);  /* lwaux */
    raises(cpu, d_form(37, 3, 0, 4), EXCP_PROGRAM, SRR1_PROGILL);      /* stwu */
    g_assert_cmphex(cpu->gpr[4], ==, 0x118);
    /* a store with update where RA = RS is fine: the old value is stored */
    RUN(cpu, d_form(37, 4, 4, 8));
    g_assert_cmpmem(fake_ram + 0x120, 4, "\x00\x00\x01\x18", 4);
    g_assert_cmphex(cpu->gpr[4], ==, 0x120);

    fake_cpu_free(cpu);
}

static void test_faults_and_mode32(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    /* beyond the RMA: DSI with DAR, register not written */
    cpu->gpr[4] = 0x20000;
    cpu->gpr[3] = 0x77;
    raises(cpu, d_form(32, 3, 4, 8), EXCP_DSI, 0);
    g_assert_cmphex(cpu->spr[SPR_DAR], ==, 0x20008);
    g_assert_cmphex(cpu->gpr[3], ==, 0x77);
    /* a faulting update form leaves RA alone */
    raises(cpu, d_form(37, 3, 4, 8), EXCP_DSI, 0);
    g_assert_cmphex(cpu->gpr[4], ==, 0x20000);
    g_assert_cmphex(cpu->spr[SPR_DSISR] & DSISR_STORE, ==, DSISR_STORE);

    /* 32-bit mode: EAs wrap to 32 bits, update forms write the truncated EA */
    cpu->msr &= ~MSR_SF;
    memcpy(fake_ram + 0x100, "\x12\x34\x56\x78", 4);
    cpu->gpr[4] = 0xffffffff00000100ull;
    RUN(cpu, d_form(32, 3, 4, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x12345678);
    cpu->gpr[4] = 0xfffffffc;
    RUN(cpu, d_form(33, 3, 4, 0x104));               /* lwzu: 0xfffffffc + 0x104 wraps to 0x100 */
    g_assert_cmphex(cpu->gpr[3], ==, 0x12345678);
    g_assert_cmphex(cpu->gpr[4], ==, 0x100);

    fake_cpu_free(cpu);
}

static void test_quadword(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    cpu->gpr[4] = 0x0001020304050607ull;
    cpu->gpr[5] = 0x08090a0b0c0d0e0full;
    cpu->gpr[9] = 0x200;
    RUN(cpu, d_form(62, 4, 9, 0x10 | 2));            /* stq r4,16(r9) */
    g_assert_cmpmem(fake_ram + 0x210, 16,
                    "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f", 16);
    RUN(cpu, d_form(56, 6, 9, 0x10));                /* lq r6,16(r9) */
    g_assert_cmphex(cpu->gpr[6], ==, cpu->gpr[4]);
    g_assert_cmphex(cpu->gpr[7], ==, cpu->gpr[5]);

    /* LE: the pair is one 16-byte little-endian value, RTp the high half */
    cpu->msr |= MSR_LE;
    RUN(cpu, d_form(62, 4, 9, 0x20 | 2));
    g_assert_cmpmem(fake_ram + 0x220, 16,
                    "\x0f\x0e\x0d\x0c\x0b\x0a\x09\x08\x07\x06\x05\x04\x03\x02\x01\x00", 16);
    RUN(cpu, d_form(56, 10, 9, 0x10));
    g_assert_cmphex(cpu->gpr[10], ==, 0x0f0e0d0c0b0a0908ull);
    g_assert_cmphex(cpu->gpr[11], ==, 0x0706050403020100ull);
    cpu->msr &= ~MSR_LE;

    /* odd RTp, RTp = RA: invalid; misaligned: alignment interrupt with DAR */
    raises(cpu, d_form(56, 7, 9, 0x10), EXCP_PROGRAM, SRR1_PROGILL);
    cpu->gpr[8] = 0x200;
    raises(cpu, d_form(56, 8, 8, 0x10), EXCP_PROGRAM, SRR1_PROGILL);
    raises(cpu, d_form(62, 5, 9, 0x10 | 2), EXCP_PROGRAM, SRR1_PROGILL);
    raises(cpu, d_form(62, 4, 9, 0x8 | 2), EXCP_ALIGNMENT, 0);
    g_assert_cmphex(cpu->spr[SPR_DAR], ==, 0x208);

    fake_cpu_free(cpu);
}

static void test_multiple_string(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    memcpy(fake_ram + 0x100, "ABCDEFGHIJKL", 12);
    RUN(cpu, d_form(46, 29, 0, 0x100));              /* lmw r29,0x100(0) */
    g_assert_cmphex(cpu->gpr[29], ==, 0x41424344);
    g_assert_cmphex(cpu->gpr[30], ==, 0x45464748);
    g_assert_cmphex(cpu->gpr[31], ==, 0x494a4b4c);
    cpu->gpr[30] = 0xffffffff01020304ull;
    RUN(cpu, d_form(47, 30, 0, 0x200));              /* stmw r30: low words */
    g_assert_cmpmem(fake_ram + 0x200, 8, "\x01\x02\x03\x04IJKL", 8);

    /* lswi r5,r4,6: "ABCD" into r5, "EF" left-justified and zero-padded into r6 */
    cpu->gpr[4] = 0x100;
    cpu->gpr[6] = ~0ull;
    RUN(cpu, x_form(597, 5, 4, 6, 0));
    g_assert_cmphex(cpu->gpr[5], ==, 0x41424344);
    g_assert_cmphex(cpu->gpr[6], ==, 0x45460000);
    /* NB=0 means 32 bytes: r24..r31, wrapping is not needed here */
    memcpy(fake_ram + 0x300, "0123456789abcdefghijklmnopqrstuv", 32);
    cpu->gpr[4] = 0x300;
    RUN(cpu, x_form(597, 24, 4, 0, 0));
    g_assert_cmphex(cpu->gpr[24], ==, 0x30313233);
    g_assert_cmphex(cpu->gpr[31], ==, 0x73747576);
    /* lswx: count from XER[57:63]; wraps from r31 to r0 */
    cpu->xer = 7;
    cpu->gpr[4] = 0x100;
    cpu->gpr[5] = 0;
    RUN(cpu, x_form(533, 31, 4, 5, 0));
    g_assert_cmphex(cpu->gpr[31], ==, 0x41424344);
    g_assert_cmphex(cpu->gpr[0], ==, 0x45464700);
    /* stswi r31,r4,5 / stswx */
    cpu->gpr[4] = 0x400;
    RUN(cpu, x_form(725, 31, 4, 5, 0));
    g_assert_cmpmem(fake_ram + 0x400, 6, "ABCDE\0", 6);
    cpu->xer = 3;
    cpu->gpr[5] = 0x10;
    RUN(cpu, x_form(661, 0, 4, 5, 0));
    g_assert_cmpmem(fake_ram + 0x410, 4, "EFG\0", 4);

    /* RA inside the loaded range: invalid form */
    raises(cpu, x_form(597, 3, 4, 8, 0), EXCP_PROGRAM, SRR1_PROGILL);
    /* little-endian mode: alignment interrupt */
    cpu->msr |= MSR_LE;
    raises(cpu, d_form(46, 29, 0, 0x100), EXCP_ALIGNMENT, 0);
    cpu->msr |= MSR_LE;
    raises(cpu, x_form(725, 31, 4, 5, 0), EXCP_ALIGNMENT, 0);

    fake_cpu_free(cpu);
}

static void test_reservation(void)
{
    PowerPCCPU *cpu = fake_cpu_new();
    memcpy(fake_ram + 0x300, "\x00\x00\x00\x2a", 4);
    cpu->gpr[4] = 0x300;
    cpu->gpr[5] = 0x99;

    /* lwarx then stwcx. succeeds: CR0 = EQ, memory written */
    RUN(cpu, x_form(20, 3, 0, 4, 0));
    g_assert_cmphex(cpu->gpr[3], ==, 0x2a);
    RUN(cpu, x_form(150, 5, 0, 4, 1));
    g_assert_cmphex(CR0(cpu), ==, EQ);
    g_assert_cmpmem(fake_ram + 0x300, 4, "\x00\x00\x00\x99", 4);
    /* the reservation is gone: a second stwcx. fails and stores nothing */
    cpu->gpr[5] = 0x77;
    cpu->so = 1;
    RUN(cpu, x_form(150, 5, 0, 4, 1));
    g_assert_cmphex(CR0(cpu), ==, SO);
    g_assert_cmpmem(fake_ram + 0x300, 4, "\x00\x00\x00\x99", 4);
    cpu->so = 0;

    /* another store to the reserved word in between (as another vCPU would) */
    RUN(cpu, x_form(20, 3, 0, 4, 0));
    memcpy(fake_ram + 0x300, "\x00\x00\x00\x01", 4);
    RUN(cpu, x_form(150, 5, 0, 4, 1));
    g_assert_cmphex(CR0(cpu), ==, 0);
    g_assert_cmpmem(fake_ram + 0x300, 4, "\x00\x00\x00\x01", 4);

    /* a different address or length fails */
    RUN(cpu, x_form(20, 3, 0, 4, 0));
    cpu->gpr[6] = 0x304;
    RUN(cpu, x_form(150, 5, 0, 6, 1));
    g_assert_cmphex(CR0(cpu), ==, 0);
    RUN(cpu, x_form(20, 3, 0, 4, 0));
    RUN(cpu, x_form(726, 5, 0, 4, 1));               /* sthcx. */
    g_assert_cmphex(CR0(cpu), ==, 0);

    /* byte, halfword, doubleword */
    RUN(cpu, x_form(52, 3, 0, 4, 0));                /* lbarx */
    g_assert_cmphex(cpu->gpr[3], ==, 0);
    RUN(cpu, x_form(694, 5, 0, 4, 1));               /* stbcx. */
    g_assert_cmphex(CR0(cpu), ==, EQ);
    g_assert_cmpint(fake_ram[0x300], ==, 0x77);
    RUN(cpu, x_form(116, 3, 0, 4, 0));               /* lharx */
    g_assert_cmphex(cpu->gpr[3], ==, 0x7700);
    RUN(cpu, x_form(726, 5, 0, 4, 1));
    g_assert_cmphex(CR0(cpu), ==, EQ);
    g_assert_cmpmem(fake_ram + 0x300, 2, "\x00\x77", 2);
    cpu->gpr[5] = 0x1122334455667788ull;
    RUN(cpu, x_form(84, 3, 0, 4, 0));                /* ldarx */
    g_assert_cmphex(cpu->gpr[3], ==, 0x0077000100000000ull);   /* bytes 00 77 00 01 00 00 00 00 */
    RUN(cpu, x_form(214, 5, 0, 4, 1));               /* stdcx. */
    g_assert_cmphex(CR0(cpu), ==, EQ);
    g_assert_cmpmem(fake_ram + 0x300, 8, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);

    /* quadword pair */
    RUN(cpu, x_form(276, 8, 0, 4, 0));               /* lqarx r8 */
    g_assert_cmphex(cpu->gpr[8], ==, 0x1122334455667788ull);
    g_assert_cmphex(cpu->gpr[9], ==, 0);
    cpu->gpr[10] = 1;
    cpu->gpr[11] = 2;
    RUN(cpu, x_form(182, 10, 0, 4, 1));              /* stqcx. r10 */
    g_assert_cmphex(CR0(cpu), ==, EQ);
    g_assert_cmpmem(fake_ram + 0x308, 8, "\0\0\0\0\0\0\0\x02", 8);
    raises(cpu, x_form(276, 9, 0, 4, 0), EXCP_PROGRAM, SRR1_PROGILL);

    /* misaligned larx / stcx.: alignment interrupt */
    cpu->gpr[4] = 0x302;
    raises(cpu, x_form(20, 3, 0, 4, 0), EXCP_ALIGNMENT, 0);
    g_assert_cmphex(cpu->spr[SPR_DAR], ==, 0x302);
    raises(cpu, x_form(214, 5, 0, 4, 1), EXCP_ALIGNMENT, 0);

    fake_cpu_free(cpu);
}

static void test_cache_sync(void)
{
    PowerPCCPU *cpu = fake_cpu_new();

    /* dcbz zeroes the aligned 128-byte block and nothing else */
    memset(fake_ram + 0x1100, 0xee, 0x200);
    cpu->gpr[4] = 0x1200;
    cpu->gpr[5] = 0x34;
    RUN(cpu, x_form(1014, 0, 4, 5, 0));
    g_assert_cmpint(fake_ram[0x11ff], ==, 0xee);
    for (int i = 0; i < 128; i++) {
        g_assert_cmpint(fake_ram[0x1200 + i], ==, 0);
    }
    g_assert_cmpint(fake_ram[0x1280], ==, 0xee);

    /* dcbf/dcbst/icbi check the address like a load; dcbt/dcbtst never fault */
    cpu->gpr[4] = 0x40000;
    raises(cpu, x_form(86, 0, 0, 4, 0), EXCP_DSI, 0);
    raises(cpu, x_form(54, 0, 0, 4, 0), EXCP_DSI, 0);
    raises(cpu, x_form(982, 0, 0, 4, 0), EXCP_DSI, 0);
    RUN(cpu, x_form(278, 0, 0, 4, 0));
    RUN(cpu, x_form(246, 0, 0, 4, 0));
    cpu->gpr[4] = 0x100;
    RUN(cpu, x_form(86, 0, 0, 4, 0));

    /* sync (L = 0, 1, 2), eieio, isync: no effect on registers */
    RUN(cpu, x_form(598, 0, 0, 0, 0));
    RUN(cpu, x_form(598, 1, 0, 0, 0));
    RUN(cpu, x_form(598, 2, 0, 0, 0));
    RUN(cpu, x_form(854, 0, 0, 0, 0));
    RUN(cpu, xl_form(150, 0, 0, 0, 0));
    g_assert_true(ppc_decode(xl_form(150, 0, 0, 0, 0))->flags & INSN_END);

    fake_cpu_free(cpu);
}

/*
 * slbie picks the segment size from RB's B field (bits 37:38, Book III 5.9.3.2):
 * a 1T entry goes, a 256M entry stays until its own slbie. Linux flushes user
 * segments this way at context switch; a 1T entry left behind gave the next
 * process the old VSID.
 */
static void test_slbie_segment_size(void)
{
    PowerPCCPU *cpu = fake_cpu_new();
    const uint64_t esid_1t = 0x7full << 40, esid_256m = 0x3ull << 28;

    cpu->msr = MSR_SF;      /* hypervisor-less supervisor state: SLB instructions allowed */
    cpu->gpr[3] = esid_1t | SLB_ESID_V | 1;
    cpu->gpr[4] = SLB_VSID_B_1T | (0x1234ull << 24) | SLB_VSID_KS | SLB_VSID_KP;
    RUN(cpu, x_form(402, 4, 0, 3, 0));                  /* slbmte r4,r3 */
    cpu->gpr[3] = esid_256m | SLB_ESID_V | 2;
    cpu->gpr[4] = 0x5678ull << 12;
    RUN(cpu, x_form(402, 4, 0, 3, 0));

    cpu->gpr[5] = esid_1t | (1ull << 25) | (1ull << 27); /* B = 1 (1T), C */
    RUN(cpu, x_form(434, 0, 0, 5, 0));                  /* slbie r5 */
    cpu->gpr[6] = 1;
    RUN(cpu, x_form(915, 7, 0, 6, 0));                  /* slbmfee r7,r6 */
    g_assert_cmphex(cpu->gpr[7] & SLB_ESID_V, ==, 0);
    cpu->gpr[6] = 2;
    RUN(cpu, x_form(915, 7, 0, 6, 0));
    g_assert_cmphex(cpu->gpr[7], ==, esid_256m | SLB_ESID_V);

    /* The 256M one: B = 0. A 1T slbie of the same EA would not have matched it. */
    cpu->gpr[5] = esid_256m | (1ull << 27);
    RUN(cpu, x_form(434, 0, 0, 5, 0));
    RUN(cpu, x_form(915, 7, 0, 6, 0));
    g_assert_cmphex(cpu->gpr[7] & SLB_ESID_V, ==, 0);
    fake_cpu_free(cpu);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/insn-int/add/carry-overflow", test_add_carry_overflow);
    g_test_add_func("/insn-int/slbie-segment-size", test_slbie_segment_size);
    g_test_add_func("/insn-int/add/immediate", test_add_immediate);
    g_test_add_func("/insn-int/add/mode32", test_mode32_arith);
    g_test_add_func("/insn-int/mul", test_mul);
    g_test_add_func("/insn-int/div", test_div);
    g_test_add_func("/insn-int/compare-isel", test_compare);
    g_test_add_func("/insn-int/logical", test_logical);
    g_test_add_func("/insn-int/bit-ops", test_bit_ops);
    g_test_add_func("/insn-int/rotate", test_rotate);
    g_test_add_func("/insn-int/shift", test_shift);
    g_test_add_func("/insn-int/bcd", test_bcd);
    g_test_add_func("/insn-int/branch", test_branch);
    g_test_add_func("/insn-int/branch-mode32", test_branch_mode32);
    g_test_add_func("/insn-int/cr-logical", test_cr_logical);
    g_test_add_func("/insn-int/trap", test_trap);
    g_test_add_func("/insn-int/ldst/basic", test_load_store);
    g_test_add_func("/insn-int/ldst/update", test_update_forms);
    g_test_add_func("/insn-int/ldst/faults-mode32", test_faults_and_mode32);
    g_test_add_func("/insn-int/ldst/quadword", test_quadword);
    g_test_add_func("/insn-int/ldst/multiple-string", test_multiple_string);
    g_test_add_func("/insn-int/ldst/reservation", test_reservation);
    g_test_add_func("/insn-int/ldst/cache-sync", test_cache_sync);
    return g_test_run();
}
