/*
 * Binary floating-point instructions (Power ISA 2.07B Book I chapter 4),
 * run one at a time on a bare PowerPCCPU whose data TLB maps two pages of
 * a host buffer at EA 0x1000. Expected values are worked out by hand from
 * the ISA and IEEE 754 (the comments show the arithmetic), not taken from
 * the emulator.
 */
#include <glib.h>
#include <setjmp.h>
#include <string.h>

#include "ppc/fpu.h"
#include "ppc/insn.h"

#define RAM_EA 0x1000ull
#define PC     0x4000ull

static PowerPCCPU *cpu;
static uint8_t *ram;      /* 8 KiB at RAM_EA */

/* ---- harness ---- */

static void setup(void)
{
    if (!cpu) {
        cpu = g_new0(PowerPCCPU, 1);
        ram = g_malloc0(0x2000);
    }
    memset(cpu, 0, sizeof(*cpu));
    memset(ram, 0, 0x2000);
    for (int m = 0; m < PPC_TLB_MODES; m++) {
        for (int i = 0; i < PPC_TLB_SIZE; i++) {
            cpu->tlb[m][i].tag_read = cpu->tlb[m][i].tag_write = cpu->tlb[m][i].tag_exec = ~0ull;
        }
    }
    for (uint64_t page = RAM_EA; page < RAM_EA + 0x2000; page += 0x1000) {
        PPCTlbEntry *e = &cpu->tlb[0][(page >> 12) & (PPC_TLB_SIZE - 1)];
        e->tag_read = e->tag_write = page;
        e->addend = (uintptr_t)ram - RAM_EA;
    }
    cpu->msr = MSR_SF | MSR_FP | MSR_LE;
    cpu->cs.pc = PC;
}

/* Run one handler; true if it raised an interrupt (then cs.pc is the vector). */
static bool run(TBOpFn fn, uint32_t insn)
{
    cpu->cs.pc = PC;
    if (sigsetjmp(cpu->cs.jmp_env, 0)) {
        return true;
    }
    fn(&cpu->cs, insn);
    return false;
}

static void run_ok(TBOpFn fn, uint32_t insn)
{
    g_assert_false(run(fn, insn));
}

static uint64_t fpr(int n)
{
    return *fpr_ptr(cpu, n);
}

static void set_fpr(int n, uint64_t v)
{
    *fpr_ptr(cpu, n) = v;
}

static unsigned fprf(void)
{
    return (cpu->fpscr & FPSCR_FPRF) >> FPSCR_FPRF_SHIFT;
}

/* encodings */
static uint32_t a_form(int opcd, int xo, int t, int a, int b, int c, int rc)
{
    return (uint32_t)opcd << 26 | t << 21 | a << 16 | b << 11 | c << 6 | xo << 1 | rc;
}

static uint32_t x_form(int opcd, int xo, int t, int a, int b, int rc)
{
    return (uint32_t)opcd << 26 | t << 21 | a << 16 | b << 11 | xo << 1 | rc;
}

static uint32_t d_form(int opcd, int t, int a, int16_t d)
{
    return (uint32_t)opcd << 26 | t << 21 | a << 16 | (uint16_t)d;
}

/* FRT=1, FRA=2, FRB=3, FRC=4 */
static uint64_t binop(TBOpFn fn, int opcd, int xo, uint64_t a, uint64_t b, unsigned rn)
{
    cpu->fpscr = (cpu->fpscr & ~FPSCR_RN) | rn;
    set_fpr(1, 0x1111111111111111ull);
    set_fpr(2, a);
    set_fpr(3, b);
    run_ok(fn, a_form(opcd, xo, 1, 2, 3, 0, 0));
    return fpr(1);
}

static uint64_t unop(TBOpFn fn, int opcd, int xo, uint64_t b)
{
    set_fpr(1, 0x1111111111111111ull);
    set_fpr(3, b);
    run_ok(fn, x_form(opcd, xo, 1, 0, 3, 0));
    return fpr(1);
}

/* some doubles */
#define ONE      0x3ff0000000000000ull
#define TWO      0x4000000000000000ull
#define THREE    0x4008000000000000ull
#define MONE     0xbff0000000000000ull
#define P2M60    0x3c30000000000000ull   /* 2^-60 */
#define PINF     0x7ff0000000000000ull
#define NINF     0xfff0000000000000ull
#define QNAN     0x7ff8000000000000ull
#define SNAN1    0x7ff0000000000001ull
#define NZERO    0x8000000000000000ull

/* ---- arithmetic: rounding modes ---- */

/* 1 + 2^-60: the exact sum needs 61 bits; the ulp of 1 is 2^-52. */
static void test_fadd_rounding_modes(void)
{
    setup();
    g_assert_cmphex(binop(op_fadd, 63, 21, ONE, P2M60, FP_RN_NEAR), ==, ONE);
    g_assert_true(cpu->fpscr & FPSCR_XX);
    g_assert_true(cpu->fpscr & FPSCR_FI);
    g_assert_false(cpu->fpscr & FPSCR_FR);
    g_assert_cmphex(fprf(), ==, FPRF_PNORM);
    g_assert_cmphex(binop(op_fadd, 63, 21, ONE, P2M60, FP_RN_ZERO), ==, ONE);
    g_assert_cmphex(binop(op_fadd, 63, 21, ONE, P2M60, FP_RN_UP), ==, ONE + 1);
    g_assert_true(cpu->fpscr & FPSCR_FR);       /* the fraction was incremented */
    g_assert_cmphex(binop(op_fadd, 63, 21, ONE, P2M60, FP_RN_DOWN), ==, ONE);
    /* the negative sum rounds the other way */
    g_assert_cmphex(binop(op_fadd, 63, 21, MONE, P2M60 | NZERO, FP_RN_DOWN), ==, MONE + 1);
    g_assert_cmphex(binop(op_fadd, 63, 21, MONE, P2M60 | NZERO, FP_RN_UP), ==, MONE);
    /* ties to even: 1 + 2^-53 -> 1; (1 + 2^-52) + 2^-53 -> 1 + 2^-51 */
    g_assert_cmphex(binop(op_fadd, 63, 21, ONE, 0x3ca0000000000000ull, FP_RN_NEAR), ==, ONE);
    g_assert_cmphex(binop(op_fadd, 63, 21, ONE + 1, 0x3ca0000000000000ull, FP_RN_NEAR), ==,
                    ONE + 2);
    /* an exact result clears FI and FR and sets no XX */
    cpu->fpscr = 0;
    g_assert_cmphex(binop(op_fadd, 63, 21, ONE, ONE, FP_RN_NEAR), ==, TWO);
    g_assert_cmphex(cpu->fpscr, ==, (uint64_t)FPRF_PNORM << FPSCR_FPRF_SHIFT);
    /* x + -x is +0, or -0 when rounding toward -inf */
    g_assert_cmphex(binop(op_fadd, 63, 21, ONE, MONE, FP_RN_NEAR), ==, 0);
    g_assert_cmphex(fprf(), ==, FPRF_PZERO);
    g_assert_cmphex(binop(op_fadd, 63, 21, ONE, MONE, FP_RN_DOWN), ==, NZERO);
    g_assert_cmphex(fprf(), ==, FPRF_NZERO);
    /* fsub: 1 - 2^-60 toward zero is the largest double below 1 */
    g_assert_cmphex(binop(op_fsub, 63, 20, ONE, P2M60, FP_RN_ZERO), ==, 0x3fefffffffffffffull);
}

/*
 * 1/3 = 1.0101...b x 2^-2. Single keeps 24 bits (1.01...010); the dropped
 * bits are 1010... (more than half): RN and RP round up to 0x3eaaaaab,
 * RZ and RM give 0x3eaaaaaa. As doubles: 0x3fd5555560000000 and
 * 0x3fd5555540000000.
 */
static void test_fdivs_rounding_modes(void)
{
    setup();
    const uint64_t up = 0x3fd5555560000000ull, down = 0x3fd5555540000000ull;
    g_assert_cmphex(binop(op_fdivs, 59, 18, ONE, THREE, FP_RN_NEAR), ==, up);
    g_assert_true(cpu->fpscr & FPSCR_FR);
    g_assert_cmphex(binop(op_fdivs, 59, 18, ONE, THREE, FP_RN_ZERO), ==, down);
    g_assert_false(cpu->fpscr & FPSCR_FR);
    g_assert_true(cpu->fpscr & FPSCR_FI);
    g_assert_cmphex(binop(op_fdivs, 59, 18, ONE, THREE, FP_RN_UP), ==, up);
    g_assert_cmphex(binop(op_fdivs, 59, 18, ONE, THREE, FP_RN_DOWN), ==, down);
    g_assert_cmphex(binop(op_fdivs, 59, 18, MONE, THREE, FP_RN_DOWN), ==, up | NZERO);
    g_assert_cmphex(binop(op_fdivs, 59, 18, MONE, THREE, FP_RN_UP), ==, down | NZERO);
    /* the double-precision quotient: 0x3fd5555555555555 (dropped bits 0101.. < half) */
    g_assert_cmphex(binop(op_fdiv, 63, 18, ONE, THREE, FP_RN_NEAR), ==, 0x3fd5555555555555ull);
    g_assert_cmphex(binop(op_fdiv, 63, 18, ONE, THREE, FP_RN_UP), ==, 0x3fd5555555555556ull);
}

/*
 * Single-precision results round once from the exact value. a = 1 + 2^-24
 * (a double, half a single ulp above 1), b = 2^-54: a + b is just above the
 * half-way point, so the single result is 1 + 2^-23. Rounding to double
 * first would give exactly 1 + 2^-24, and then ties-to-even 1.0.
 */
static void test_single_no_double_rounding(void)
{
    setup();
    const uint64_t a = 0x3ff0000010000000ull, b = 0x3c90000000000000ull;
    g_assert_cmphex(binop(op_fadds, 59, 21, a, b, FP_RN_NEAR), ==, 0x3ff0000020000000ull);
    /* fmadds a*1 + b: the same */
    set_fpr(2, a);
    set_fpr(4, ONE);
    set_fpr(3, b);
    run_ok(op_fmadds, a_form(59, 29, 1, 2, 3, 4, 0));
    g_assert_cmphex(fpr(1), ==, 0x3ff0000020000000ull);
}

/* fmadd is fused: (1 + 2^-30)^2 - 1 = 2^-29 + 2^-60 exactly. */
static void test_fmadd_fused(void)
{
    setup();
    set_fpr(2, 0x3ff0000000400000ull);   /* 1 + 2^-30 */
    set_fpr(4, 0x3ff0000000400000ull);
    set_fpr(3, MONE);
    run_ok(op_fmadd, a_form(63, 29, 1, 2, 3, 4, 0));
    g_assert_cmphex(fpr(1), ==, 0x3e20000000200000ull);   /* 2^-29 * (1 + 2^-31) */
    g_assert_false(cpu->fpscr & FPSCR_XX);
    /* fmsub: a*c - b with b = 1 gives the same; fnmsub its negation */
    set_fpr(3, ONE);
    run_ok(op_fmsub, a_form(63, 28, 1, 2, 3, 4, 0));
    g_assert_cmphex(fpr(1), ==, 0x3e20000000200000ull);
    run_ok(op_fnmsub, a_form(63, 30, 1, 2, 3, 4, 0));
    g_assert_cmphex(fpr(1), ==, 0xbe20000000200000ull);
    /*
     * fnmadd = fmadd then negate: 1*1 + 2^-60 rounded toward -inf is 1,
     * negated -1 (rounding -(1 + 2^-60) toward -inf would give -(1 + 2^-52)).
     */
    cpu->fpscr = FP_RN_DOWN;
    set_fpr(2, ONE);
    set_fpr(4, ONE);
    set_fpr(3, P2M60);
    run_ok(op_fnmadd, a_form(63, 31, 1, 2, 3, 4, 0));
    g_assert_cmphex(fpr(1), ==, MONE);
}

static void test_fsqrt(void)
{
    setup();
    g_assert_cmphex(unop(op_fsqrt, 63, 22, 0x4010000000000000ull), ==, TWO);   /* sqrt 4 */
    g_assert_false(cpu->fpscr & FPSCR_XX);
    /* sqrt 2 = 1.0110101000001001111001100110011111110011101111001100|1001... */
    g_assert_cmphex(unop(op_fsqrt, 63, 22, TWO), ==, 0x3ff6a09e667f3bcdull);
    g_assert_cmphex(unop(op_fsqrt, 63, 22, NZERO), ==, NZERO);
    /* single: sqrt 2 = 1.01101010000010011110011|0011... -> 0x3fb504f3 */
    g_assert_cmphex(unop(op_fsqrts, 59, 22, TWO), ==, 0x3ff6a09e60000000ull);
}

/* ---- invalid operation and zero divide ---- */

static void test_invalid_ops(void)
{
    setup();
    const uint64_t vx = FPSCR_FX | FPSCR_VX | ((uint64_t)FPRF_QNAN << FPSCR_FPRF_SHIFT);

    cpu->fpscr = 0;
    g_assert_cmphex(binop(op_fdiv, 63, 18, 0, 0, 0), ==, QNAN);             /* 0/0 */
    g_assert_cmphex(cpu->fpscr, ==, vx | FPSCR_VXZDZ);
    cpu->fpscr = 0;
    g_assert_cmphex(binop(op_fdiv, 63, 18, PINF, NINF, 0), ==, QNAN);       /* inf/inf */
    g_assert_cmphex(cpu->fpscr, ==, vx | FPSCR_VXIDI);
    cpu->fpscr = 0;
    g_assert_cmphex(binop(op_fsub, 63, 20, PINF, PINF, 0), ==, QNAN);       /* inf - inf */
    g_assert_cmphex(cpu->fpscr, ==, vx | FPSCR_VXISI);
    cpu->fpscr = 0;
    g_assert_cmphex(binop(op_fadd, 63, 21, NINF, PINF, 0), ==, QNAN);
    g_assert_cmphex(cpu->fpscr, ==, vx | FPSCR_VXISI);
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_fsqrt, 63, 22, MONE), ==, QNAN);                /* sqrt(-1) */
    g_assert_cmphex(cpu->fpscr, ==, vx | FPSCR_VXSQRT);
    cpu->fpscr = 0;
    set_fpr(2, PINF);
    set_fpr(4, 0);
    run_ok(op_fmul, a_form(63, 25, 1, 2, 0, 4, 0));                      /* inf * 0 */
    g_assert_cmphex(fpr(1), ==, QNAN);
    g_assert_cmphex(cpu->fpscr, ==, vx | FPSCR_VXIMZ);
    /* x/0: ZX and a signed infinity */
    cpu->fpscr = 0;
    g_assert_cmphex(binop(op_fdiv, 63, 18, MONE, 0, 0), ==, NINF);
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_FX | FPSCR_ZX | (uint64_t)FPRF_NINF << FPSCR_FPRF_SHIFT);
}

static void test_nan_operands(void)
{
    setup();
    /* an SNaN operand is quieted and raises VXSNAN */
    cpu->fpscr = 0;
    g_assert_cmphex(binop(op_fadd, 63, 21, SNAN1, ONE, 0), ==, 0x7ff8000000000001ull);
    g_assert_true(cpu->fpscr & FPSCR_VXSNAN);
    g_assert_cmphex(fprf(), ==, FPRF_QNAN);
    /* FRA's NaN wins over FRB's; FRB's SNaN still raises VXSNAN */
    cpu->fpscr = 0;
    g_assert_cmphex(binop(op_fdiv, 63, 18, 0xfff8000000000aaaull, SNAN1, 0), ==,
                    0xfff8000000000aaaull);
    g_assert_true(cpu->fpscr & FPSCR_VXSNAN);
    cpu->fpscr = 0;
    g_assert_cmphex(binop(op_fsub, 63, 20, 0x7ff8000000000aaaull, 0x7ff0000000000bbbull, 0), ==,
                    0x7ff8000000000aaaull);
    g_assert_true(cpu->fpscr & FPSCR_VXSNAN);
    /* fsub does not flip the sign of a NaN in FRB */
    cpu->fpscr = 0;
    g_assert_cmphex(binop(op_fsub, 63, 20, ONE, 0x7ff8000000000bbbull, 0), ==, 0x7ff8000000000bbbull);
    g_assert_false(cpu->fpscr & FPSCR_VX);
    /* fmadd order is FRA, FRB, FRC: FRB's QNaN is chosen over FRC's SNaN */
    cpu->fpscr = 0;
    set_fpr(2, ONE);
    set_fpr(3, 0x7ff8000000000bbbull);
    set_fpr(4, 0x7ff0000000000cccull);
    run_ok(op_fmadd, a_form(63, 29, 1, 2, 3, 4, 0));
    g_assert_cmphex(fpr(1), ==, 0x7ff8000000000bbbull);
    g_assert_true(cpu->fpscr & FPSCR_VXSNAN);
    /* a single-precision NaN result keeps only the single fraction bits */
    g_assert_cmphex(binop(op_fadds, 59, 21, 0x7ff00000f2345678ull, ONE, 0), ==,
                    0x7ff80000e0000000ull);
}

/* ---- overflow, underflow, enabled exceptions ---- */

static void test_overflow_underflow(void)
{
    setup();
    const uint64_t p2_1000 = 0x7e70000000000000ull, p2_100 = 0x4630000000000000ull;
    const uint64_t p2m1000 = 0x0170000000000000ull, p2m100 = 0x39b0000000000000ull;
    /* 2^1100 overflows: RN -> inf, RZ -> largest double */
    set_fpr(4, p2_100);
    set_fpr(2, p2_1000);
    cpu->fpscr = FP_RN_NEAR;
    run_ok(op_fmul, a_form(63, 25, 1, 2, 0, 4, 0));
    g_assert_cmphex(fpr(1), ==, PINF);
    g_assert_true(cpu->fpscr & FPSCR_OX);
    g_assert_true(cpu->fpscr & FPSCR_XX);
    g_assert_true(cpu->fpscr & FPSCR_FI);
    cpu->fpscr = FP_RN_ZERO;
    run_ok(op_fmul, a_form(63, 25, 1, 2, 0, 4, 0));
    g_assert_cmphex(fpr(1), ==, 0x7fefffffffffffffull);
    /* OE=1: 2^(1100 - 1536) = 2^-436, exact, so no XX */
    cpu->fpscr = FPSCR_OE;
    run_ok(op_fmul, a_form(63, 25, 1, 2, 0, 4, 0));
    g_assert_cmphex(fpr(1), ==, 0x24b0000000000000ull);
    g_assert_cmphex(cpu->fpscr & ~FPSCR_FPRF,
                    ==, FPSCR_OE | FPSCR_FX | FPSCR_FEX | FPSCR_OX);
    /* 2^-1100: UE=0 -> 0 with UX XX; UE=1 -> 2^(-1100 + 1536) = 2^436, UX, no XX */
    set_fpr(2, p2m1000);
    set_fpr(4, p2m100);
    cpu->fpscr = 0;
    run_ok(op_fmul, a_form(63, 25, 1, 2, 0, 4, 0));
    g_assert_cmphex(fpr(1), ==, 0);
    g_assert_true((cpu->fpscr & (FPSCR_UX | FPSCR_XX)) == (FPSCR_UX | FPSCR_XX));
    cpu->fpscr = FPSCR_UE;
    run_ok(op_fmul, a_form(63, 25, 1, 2, 0, 4, 0));
    g_assert_cmphex(fpr(1), ==, 0x5b30000000000000ull);
    g_assert_cmphex(cpu->fpscr & ~FPSCR_FPRF, ==, FPSCR_UE | FPSCR_FX | FPSCR_FEX | FPSCR_UX);
    /* an exact denormal result is tiny but not an underflow when UE=0 */
    set_fpr(4, 0x3e10000000000000ull);   /* 2^-30: 2^-1030 = 2^-1022 * 2^-8 */
    cpu->fpscr = 0;
    run_ok(op_fmul, a_form(63, 25, 1, 2, 0, 4, 0));
    g_assert_cmphex(fpr(1), ==, 0x0000100000000000ull);
    g_assert_cmphex(cpu->fpscr, ==, (uint64_t)FPRF_PDENORM << FPSCR_FPRF_SHIFT);
}

/* Enabled invalid/zero-divide: target and FPRF unchanged, FR FI cleared, FEX. */
static void test_enabled_exception_target_kept(void)
{
    setup();
    cpu->fpscr = FPSCR_VE | FPSCR_FR | FPSCR_FI | ((uint64_t)FPRF_PNORM << FPSCR_FPRF_SHIFT);
    g_assert_cmphex(binop(op_fdiv, 63, 18, 0, 0, 0), ==, 0x1111111111111111ull);
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_VE | FPSCR_FX | FPSCR_FEX | FPSCR_VX | FPSCR_VXZDZ |
                                    (uint64_t)FPRF_PNORM << FPSCR_FPRF_SHIFT);
    cpu->fpscr = FPSCR_ZE;
    g_assert_cmphex(binop(op_fdiv, 63, 18, ONE, 0, 0), ==, 0x1111111111111111ull);
    g_assert_true(cpu->fpscr & FPSCR_FEX);
    /* XE=1: the inexact result is still delivered */
    cpu->fpscr = FPSCR_XE;
    g_assert_cmphex(binop(op_fadd, 63, 21, ONE, P2M60, 0), ==, ONE);
    g_assert_true(cpu->fpscr & FPSCR_FEX);

    /* with MSR[FE0] the program interrupt follows, after CR1 is written (fdiv.) */
    cpu->msr |= MSR_FE0;
    cpu->fpscr = FPSCR_VE;
    ppc_set_cr(cpu, 0);
    set_fpr(1, 0x2222222222222222ull);
    set_fpr(2, 0);
    set_fpr(3, 0);
    g_assert_true(run(op_fdiv, a_form(63, 18, 1, 2, 3, 0, 1)));
    g_assert_cmphex(cpu->cs.pc, ==, EXCP_PROGRAM);
    g_assert_true(cpu->spr[SPR_SRR1] & SRR1_PROGFPE);
    g_assert_cmphex(cpu->spr[SPR_SRR0], ==, PC);
    g_assert_cmphex(fpr(1), ==, 0x2222222222222222ull);
    g_assert_cmphex(ppc_get_crf(cpu, 1), ==, 0xe);   /* FX FEX VX, no OX */
    /* a disabled exception does not interrupt */
    setup();
    cpu->msr |= MSR_FE0 | MSR_FE1;
    cpu->fpscr = 0;
    g_assert_cmphex(binop(op_fdiv, 63, 18, 0, 0, 0), ==, QNAN);
}

/* FX is set only when an exception bit goes from 0 to 1. */
static void test_fx_sticky_rule(void)
{
    setup();
    cpu->fpscr = FPSCR_XX;
    binop(op_fadd, 63, 21, ONE, P2M60, 0);
    g_assert_false(cpu->fpscr & FPSCR_FX);
    cpu->fpscr = FPSCR_XX;
    binop(op_fdiv, 63, 18, 0, 0, 0);
    g_assert_true(cpu->fpscr & FPSCR_FX);
}

/* ---- conversions ---- */

static void test_fctid(void)
{
    setup();
    const uint64_t p2_63 = 0x43e0000000000000ull;
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_fctid, 63, 814, p2_63), ==, 0x7fffffffffffffffull);
    g_assert_cmphex(cpu->fpscr & ~FPSCR_FPRF, ==, FPSCR_FX | FPSCR_VX | FPSCR_VXCVI);
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_fctid, 63, 814, p2_63 | NZERO), ==, 0x8000000000000000ull);
    g_assert_cmphex(cpu->fpscr, ==, 0);                          /* -2^63 fits */
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_fctid, 63, 814, QNAN), ==, 0x8000000000000000ull);
    g_assert_cmphex(cpu->fpscr & ~FPSCR_FPRF, ==, FPSCR_FX | FPSCR_VX | FPSCR_VXCVI);
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_fctidz, 63, 815, SNAN1), ==, 0x8000000000000000ull);
    g_assert_true(cpu->fpscr & FPSCR_VXSNAN);
    g_assert_true(cpu->fpscr & FPSCR_VXCVI);
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_fctid, 63, 814, NINF), ==, 0x8000000000000000ull);
    /* unsigned: 2^63 fits; -1 does not */
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_fctidu, 63, 942, p2_63), ==, 0x8000000000000000ull);
    g_assert_cmphex(cpu->fpscr, ==, 0);
    g_assert_cmphex(unop(op_fctidu, 63, 942, MONE), ==, 0);
    g_assert_true(cpu->fpscr & FPSCR_VXCVI);
    /* -0.25 rounds to -0 in RN: an unsigned 0, no exception but inexact */
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_fctidu, 63, 942, 0xbfd0000000000000ull), ==, 0);
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_FX | FPSCR_XX | FPSCR_FI);
    /* VE=1: the target is not written */
    cpu->fpscr = FPSCR_VE;
    g_assert_cmphex(unop(op_fctid, 63, 814, QNAN), ==, 0x1111111111111111ull);
}

static void test_fctiw(void)
{
    setup();
    /* 2.5 -> 2 (ties to even), inexact; 3.5 -> 4 with FR */
    cpu->fpscr = 0;
    g_assert_cmphex((uint32_t)unop(op_fctiw, 63, 14, 0x4004000000000000ull), ==, 2);
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_FX | FPSCR_XX | FPSCR_FI);
    g_assert_cmphex((uint32_t)unop(op_fctiw, 63, 14, 0x400c000000000000ull), ==, 4);
    g_assert_true(cpu->fpscr & FPSCR_FR);
    /* toward zero: -2.75 -> -2 */
    g_assert_cmphex((uint32_t)unop(op_fctiwz, 63, 15, 0xc006000000000000ull), ==, 0xfffffffe);
    /* saturation */
    cpu->fpscr = 0;
    g_assert_cmphex((uint32_t)unop(op_fctiw, 63, 14, 0x41f0000000000000ull), ==, 0x7fffffff);
    g_assert_true(cpu->fpscr & FPSCR_VXCVI);
    g_assert_cmphex((uint32_t)unop(op_fctiw, 63, 14, QNAN), ==, 0x80000000);
    g_assert_cmphex((uint32_t)unop(op_fctiwu, 63, 142, 0x41f0000000000000ull), ==, 0xffffffff);
    g_assert_cmphex((uint32_t)unop(op_fctiwuz, 63, 143, 0x41efffffffe00000ull), ==, 0xffffffff);
}

static void test_fcfid(void)
{
    setup();
    /* 2^53 + 1 is half-way between 2^53 and 2^53 + 2: ties to even -> 2^53 */
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_fcfid, 63, 846, (1ull << 53) + 1), ==, 0x4340000000000000ull);
    g_assert_true(cpu->fpscr & FPSCR_XX);
    g_assert_cmphex(unop(op_fcfid, 63, 846, (uint64_t)-3), ==, 0xc008000000000000ull);
    g_assert_cmphex(fprf(), ==, FPRF_NNORM);
    g_assert_cmphex(unop(op_fcfidu, 63, 974, ~0ull), ==, 0x43f0000000000000ull);   /* 2^64 */
    /* single: 2^24 + 1 -> 2^24; 2^24 + 3 -> 2^24 + 4 */
    g_assert_cmphex(unop(op_fcfids, 59, 846, (1ull << 24) + 1), ==, 0x4170000000000000ull);
    g_assert_cmphex(unop(op_fcfids, 59, 846, (1ull << 24) + 3), ==, 0x4170000040000000ull);
    g_assert_cmphex(unop(op_fcfidus, 59, 974, 0), ==, 0);
    g_assert_cmphex(fprf(), ==, FPRF_PZERO);
}

/* frsp of denormals: the single range ends at 2^-149 */
static void test_frsp(void)
{
    setup();
    /* 2^-140 is a single denormal, exact: FPRF +denormal, no UX */
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_frsp, 63, 12, 0x3730000000000000ull), ==, 0x3730000000000000ull);
    g_assert_cmphex(cpu->fpscr, ==, (uint64_t)FPRF_PDENORM << FPSCR_FPRF_SHIFT);
    /* 2^-140 * (1 + 2^-30): the 2^-170 part is lost: UX XX FI, result 2^-140 */
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_frsp, 63, 12, 0x3730000000400000ull), ==, 0x3730000000000000ull);
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_FX | FPSCR_UX | FPSCR_XX | FPSCR_FI |
                                    (uint64_t)FPRF_PDENORM << FPSCR_FPRF_SHIFT);
    /* 2^-150 is half of 2^-149: RN ties to even (0), RP rounds to 2^-149 */
    cpu->fpscr = FP_RN_NEAR;
    g_assert_cmphex(unop(op_frsp, 63, 12, 0x3690000000000000ull), ==, 0);
    g_assert_cmphex(fprf(), ==, FPRF_PZERO);
    cpu->fpscr = FP_RN_UP;
    g_assert_cmphex(unop(op_frsp, 63, 12, 0x3690000000000000ull), ==, 0x36a0000000000000ull);
    g_assert_true(cpu->fpscr & FPSCR_FR);
    /* a double denormal goes to zero */
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_frsp, 63, 12, 1), ==, 0);
    g_assert_true(cpu->fpscr & FPSCR_UX);
    /* 2^128 overflows single: inf */
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_frsp, 63, 12, 0x47f0000000000000ull), ==, PINF);
    g_assert_true(cpu->fpscr & FPSCR_OX);
    /* an SNaN is quieted and cut to single */
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_frsp, 63, 12, 0x7ff00000ffffffffull), ==, 0x7ff80000e0000000ull);
    g_assert_true(cpu->fpscr & FPSCR_VXSNAN);
}

static void test_round_to_integral(void)
{
    setup();
    const uint64_t p2_5 = 0x4004000000000000ull, m2_5 = 0xc004000000000000ull;
    const uint64_t mhalf = 0xbfe0000000000000ull;
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_frin, 63, 392, p2_5), ==, THREE);          /* ties away */
    g_assert_cmphex(unop(op_frin, 63, 392, m2_5), ==, 0xc008000000000000ull);
    g_assert_cmphex(unop(op_friz, 63, 424, m2_5), ==, 0xc000000000000000ull);
    g_assert_cmphex(unop(op_frip, 63, 456, p2_5), ==, THREE);
    g_assert_cmphex(unop(op_frim, 63, 488, mhalf), ==, MONE);
    g_assert_cmphex(unop(op_friz, 63, 424, mhalf), ==, NZERO);
    g_assert_cmphex(unop(op_frip, 63, 456, mhalf), ==, NZERO);
    /* fri* never set XX, FR or FI */
    g_assert_cmphex(cpu->fpscr, ==, (uint64_t)FPRF_NZERO << FPSCR_FPRF_SHIFT);
}

/* ---- estimates ---- */

static void test_estimates(void)
{
    setup();
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_fre, 63, 24, 0x4010000000000000ull), ==, 0x3fd0000000000000ull);
    g_assert_cmphex(unop(op_fre, 63, 24, NZERO), ==, NINF);              /* 1/-0 */
    g_assert_true(cpu->fpscr & FPSCR_ZX);
    g_assert_cmphex(unop(op_fre, 63, 24, NINF), ==, NZERO);
    cpu->fpscr = 0;
    g_assert_cmphex(unop(op_frsqrte, 63, 26, 0x4010000000000000ull), ==, 0x3fe0000000000000ull);
    g_assert_cmphex(unop(op_frsqrte, 63, 26, MONE), ==, QNAN);
    g_assert_true(cpu->fpscr & FPSCR_VXSQRT);
    g_assert_cmphex(unop(op_frsqrte, 63, 26, 0), ==, PINF);
    /* fres of 3: the single 1/3 */
    g_assert_cmphex(unop(op_fres, 59, 24, THREE), ==, 0x3fd5555560000000ull);
    /* the estimates do not set XX */
    cpu->fpscr = 0;
    unop(op_fre, 63, 24, THREE);
    g_assert_false(cpu->fpscr & FPSCR_XX);
}

/* ---- FPRF classes ---- */

static void test_fprf_classes(void)
{
    setup();
    static const struct { uint64_t a, b; unsigned fprf; } cases[] = {
        { ONE, ONE, FPRF_PNORM },
        { MONE, MONE, FPRF_NNORM },
        { 0, 0, FPRF_PZERO },
        { NZERO, NZERO, FPRF_NZERO },
        { 1, 0, FPRF_PDENORM },
        { 0x8000000000000001ull, NZERO, FPRF_NDENORM },
        { PINF, ONE, FPRF_PINF },
        { NINF, ONE, FPRF_NINF },
        { QNAN, ONE, FPRF_QNAN },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        binop(op_fadd, 63, 21, cases[i].a, cases[i].b, 0);
        g_assert_cmphex(fprf(), ==, cases[i].fprf);
    }
    /* a single result below 2^-126 is a single denormal: 2^-127 + 0 */
    binop(op_fadds, 59, 21, 0x3800000000000000ull, 0, 0);
    g_assert_cmphex(fpr(1), ==, 0x3800000000000000ull);
    g_assert_cmphex(fprf(), ==, FPRF_PDENORM);
}

/* ---- compare and test ---- */

static unsigned fcmp(TBOpFn fn, int xo, uint64_t a, uint64_t b)
{
    set_fpr(2, a);
    set_fpr(3, b);
    run_ok(fn, x_form(63, xo, 3 << 2, 2, 3, 0));   /* BF = 3 */
    g_assert_cmphex((cpu->fpscr & FPSCR_FPCC) >> FPSCR_FPRF_SHIFT, ==, ppc_get_crf(cpu, 3));
    return ppc_get_crf(cpu, 3);
}

static void test_fcmp(void)
{
    setup();
    cpu->fpscr = 0;
    g_assert_cmphex(fcmp(op_fcmpu, 0, ONE, TWO), ==, 8);
    g_assert_cmphex(fcmp(op_fcmpu, 0, TWO, ONE), ==, 4);
    g_assert_cmphex(fcmp(op_fcmpu, 0, NZERO, 0), ==, 2);
    g_assert_cmphex(fcmp(op_fcmpu, 0, NINF, MONE), ==, 8);
    g_assert_cmphex(fcmp(op_fcmpu, 0, QNAN, ONE), ==, 1);
    g_assert_false(cpu->fpscr & FPSCR_VX);                      /* QNaN: no exception */
    g_assert_cmphex(fcmp(op_fcmpu, 0, ONE, SNAN1), ==, 1);
    g_assert_cmphex(cpu->fpscr & FPSCR_VX_ALL, ==, FPSCR_VXSNAN);
    cpu->fpscr = 0;
    g_assert_cmphex(fcmp(op_fcmpo, 32, QNAN, ONE), ==, 1);
    g_assert_cmphex(cpu->fpscr & FPSCR_VX_ALL, ==, FPSCR_VXVC);
    /* fcmpo with an SNaN and VE=1: VXSNAN only */
    cpu->fpscr = FPSCR_VE;
    g_assert_cmphex(fcmp(op_fcmpo, 32, SNAN1, ONE), ==, 1);
    g_assert_cmphex(cpu->fpscr & FPSCR_VX_ALL, ==, FPSCR_VXSNAN);
}

static void test_ftdiv_ftsqrt(void)
{
    setup();
    set_fpr(2, ONE);
    set_fpr(3, TWO);
    run_ok(op_ftdiv, x_form(63, 128, 1 << 2, 2, 3, 0));
    g_assert_cmphex(ppc_get_crf(cpu, 1), ==, 8);
    set_fpr(3, 0);
    run_ok(op_ftdiv, x_form(63, 128, 1 << 2, 2, 3, 0));
    g_assert_cmphex(ppc_get_crf(cpu, 1), ==, 0xe);
    set_fpr(3, MONE);
    run_ok(op_ftsqrt, x_form(63, 160, 1 << 2, 0, 3, 0));
    g_assert_cmphex(ppc_get_crf(cpu, 1), ==, 0xa);            /* negative: fe */
    set_fpr(3, 1);
    run_ok(op_ftsqrt, x_form(63, 160, 1 << 2, 0, 3, 0));
    g_assert_cmphex(ppc_get_crf(cpu, 1), ==, 0xe);            /* denormal: fg and fe */
}

/* ---- moves and select ---- */

static void test_moves(void)
{
    setup();
    cpu->fpscr = FPSCR_FX | FPSCR_OX;
    g_assert_cmphex(unop(op_fneg, 63, 40, ONE), ==, MONE);
    g_assert_cmphex(unop(op_fabs, 63, 264, MONE), ==, ONE);
    g_assert_cmphex(unop(op_fnabs, 63, 136, ONE), ==, MONE);
    g_assert_cmphex(unop(op_fneg, 63, 40, QNAN), ==, QNAN | NZERO);   /* no NaN handling */
    g_assert_cmphex(unop(op_fmr, 63, 72, SNAN1), ==, SNAN1);
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_FX | FPSCR_OX);             /* untouched */
    /* fmr. copies FX FEX VX OX to CR1 */
    set_fpr(3, ONE);
    run_ok(op_fmr, x_form(63, 72, 1, 0, 3, 1));
    g_assert_cmphex(ppc_get_crf(cpu, 1), ==, 0x9);
    g_assert_cmphex(binop(op_fcpsgn, 63, 8, NZERO, TWO, 0), ==, 0xc000000000000000ull);
    /* fsel: -0 counts as >= 0, a NaN does not */
    set_fpr(3, 0x3333);
    set_fpr(4, 0x4444);
    set_fpr(2, NZERO);
    run_ok(op_fsel, a_form(63, 23, 1, 2, 3, 4, 0));
    g_assert_cmphex(fpr(1), ==, 0x4444);
    set_fpr(2, QNAN);
    run_ok(op_fsel, a_form(63, 23, 1, 2, 3, 4, 0));
    g_assert_cmphex(fpr(1), ==, 0x3333);
    set_fpr(2, 0x1122334455667788ull);
    set_fpr(3, 0x99aabbccddeeff00ull);
    run_ok(op_fmrgew, x_form(63, 966, 1, 2, 3, 0));
    g_assert_cmphex(fpr(1), ==, 0x1122334499aabbccull);
    run_ok(op_fmrgow, x_form(63, 838, 1, 2, 3, 0));
    g_assert_cmphex(fpr(1), ==, 0x55667788ddeeff00ull);
}

/* ---- loads and stores ---- */

static uint32_t ram32(uint64_t ea)
{
    uint32_t v;
    memcpy(&v, ram + (ea - RAM_EA), 4);
    return v;    /* little-endian guest, little-endian host */
}

static void set_ram32(uint64_t ea, uint32_t v)
{
    memcpy(ram + (ea - RAM_EA), &v, 4);
}

static uint64_t lfs(uint32_t w)
{
    set_ram32(0x1100, w);
    cpu->gpr[5] = 0x1000;
    run_ok(op_lfs, d_form(48, 1, 5, 0x100));
    return fpr(1);
}

static uint32_t stfs(uint64_t d)
{
    set_fpr(1, d);
    cpu->gpr[5] = 0x1000;
    run_ok(op_stfs, d_form(52, 1, 5, 0x100));
    return ram32(0x1100);
}

static void test_lfs_stfs_patterns(void)
{
    setup();
    g_assert_cmphex(lfs(0x3f800000), ==, ONE);
    g_assert_cmphex(lfs(0xbfc00000), ==, 0xbff8000000000000ull);         /* -1.5 */
    g_assert_cmphex(lfs(0x00000001), ==, 0x36a0000000000000ull);         /* 2^-149 */
    g_assert_cmphex(lfs(0x80400000), ==, 0xb800000000000000ull);         /* -2^-127 */
    g_assert_cmphex(lfs(0x7f800000), ==, PINF);
    g_assert_cmphex(lfs(0xff800000), ==, NINF);
    g_assert_cmphex(lfs(0x7f800001), ==, 0x7ff0000020000000ull);         /* SNaN stays SNaN */
    g_assert_cmphex(lfs(0x00000000), ==, 0);
    g_assert_cmphex(lfs(0x80000000), ==, NZERO);
    g_assert_cmphex(lfs(0x7f7fffff), ==, 0x47efffffe0000000ull);         /* FLT_MAX */

    g_assert_cmphex(stfs(ONE), ==, 0x3f800000);
    g_assert_cmphex(stfs(0x3ff0000010000000ull), ==, 0x3f800000);       /* truncated, not rounded */
    g_assert_cmphex(stfs(0x36a0000000000000ull), ==, 0x00000001);
    g_assert_cmphex(stfs(0xb800000000000000ull), ==, 0x80400000);
    g_assert_cmphex(stfs(0x3690000000000000ull), ==, 0x00000000);       /* 2^-150: bits drop */
    g_assert_cmphex(stfs(PINF), ==, 0x7f800000);
    g_assert_cmphex(stfs(0x7ff0000020000000ull), ==, 0x7f800001);
    g_assert_cmphex(stfs(NZERO), ==, 0x80000000);
    /* 2^200 is not representable: no denormalization applies, FRS0:1 || FRS5:34 */
    g_assert_cmphex(stfs(0x4c70000000000000ull), ==, 0x63800000);
}

static void test_load_store_forms(void)
{
    setup();
    /* lfdux: EA = RA + RB, RA updated */
    uint64_t d = 0x0123456789abcdefull;
    memcpy(ram + 0x208, &d, 8);
    cpu->gpr[5] = 0x1200;
    cpu->gpr[6] = 8;
    run_ok(op_lfdux, x_form(31, 631, 2, 5, 6, 0));
    g_assert_cmphex(fpr(2), ==, d);
    g_assert_cmphex(cpu->gpr[5], ==, 0x1208);
    /* update form with RA = 0 is an invalid form */
    g_assert_true(run(op_lfdu, d_form(51, 2, 0, 8)));
    g_assert_cmphex(cpu->cs.pc, ==, EXCP_PROGRAM);
    g_assert_true(cpu->spr[SPR_SRR1] & SRR1_PROGILL);
    /* lfiwax sign-extends, lfiwzx does not; stfiwx stores the low word */
    setup();
    set_ram32(0x1300, 0x80000001);
    cpu->gpr[5] = 0x1300;
    run_ok(op_lfiwax, x_form(31, 855, 3, 0, 5, 0));
    g_assert_cmphex(fpr(3), ==, 0xffffffff80000001ull);
    run_ok(op_lfiwzx, x_form(31, 887, 3, 0, 5, 0));
    g_assert_cmphex(fpr(3), ==, 0x80000001ull);
    set_fpr(4, 0xaaaaaaaa12345678ull);
    run_ok(op_stfiwx, x_form(31, 983, 4, 0, 5, 0));
    g_assert_cmphex(ram32(0x1300), ==, 0x12345678);
    /* stfdu in big-endian mode: bytes most significant first */
    cpu->msr &= ~MSR_LE;
    set_fpr(4, ONE);
    cpu->gpr[7] = 0x1400;
    run_ok(op_stfdu, d_form(55, 4, 7, -8));
    g_assert_cmphex(cpu->gpr[7], ==, 0x13f8);
    g_assert_cmphex(ram[0x3f8], ==, 0x3f);
    g_assert_cmphex(ram[0x3f9], ==, 0xf0);
    /* lfdp: FRTp from EA, FRTp+1 from EA+8 in BE; swapped in LE; odd FRTp invalid */
    uint64_t q[2] = { 0x1111111111111111ull, 0x2222222222222222ull };
    memcpy(ram + 0x500, q, 16);
    cpu->msr |= MSR_LE;
    cpu->gpr[5] = 0x1500;
    run_ok(op_lfdp, d_form(57, 6, 5, 0));
    g_assert_cmphex(fpr(6), ==, q[1]);
    g_assert_cmphex(fpr(7), ==, q[0]);
    cpu->msr &= ~MSR_LE;
    run_ok(op_lfdp, d_form(57, 6, 5, 0));
    g_assert_cmphex(fpr(6), ==, __builtin_bswap64(q[0]));
    g_assert_cmphex(fpr(7), ==, __builtin_bswap64(q[1]));
    g_assert_true(run(op_lfdp, d_form(57, 7, 5, 0)));
    g_assert_true(cpu->spr[SPR_SRR1] & SRR1_PROGILL);
    /* stfdpx round trip */
    setup();
    set_fpr(8, 0xaaaaull);
    set_fpr(9, 0xbbbbull);
    cpu->gpr[5] = 0x1600;
    run_ok(op_stfdpx, x_form(31, 919, 8, 0, 5, 0));
    run_ok(op_lfdpx, x_form(31, 791, 10, 0, 5, 0));
    g_assert_cmphex(fpr(10), ==, 0xaaaaull);
    g_assert_cmphex(fpr(11), ==, 0xbbbbull);
}

/* MSR[FP]=0: the FP unavailable interrupt, before any access or change */
static void test_fp_unavailable(void)
{
    setup();
    cpu->msr &= ~MSR_FP;
    set_fpr(1, 0x5555);
    g_assert_true(run(op_fadd, a_form(63, 21, 1, 2, 3, 0, 0)));
    g_assert_cmphex(cpu->cs.pc, ==, EXCP_FPU_UNAVAIL);
    g_assert_cmphex(fpr(1), ==, 0x5555);
    setup();
    cpu->msr &= ~MSR_FP;
    cpu->gpr[5] = 0x1000;
    g_assert_true(run(op_lfdu, d_form(51, 1, 5, 8)));
    g_assert_cmphex(cpu->gpr[5], ==, 0x1000);
}

/* ---- FPSCR instructions ---- */

static void test_mffs_and_mffsl(void)
{
    setup();
    cpu->fpscr = 0x00000002820ff0f3ull & (FPSCR_WRITABLE | FPSCR_VX | FPSCR_FEX);
    run_ok(op_mffs, x_form(63, 583, 4, 0, 0, 0));
    g_assert_cmphex(fpr(4), ==, cpu->fpscr);
    /* mffsl as POWER8 runs it: the whole FPSCR into FRT (here f0) */
    set_fpr(0, 0);
    run_ok(op_mffs, 0xfc17048e);
    g_assert_cmphex(fpr(0), ==, cpu->fpscr);

    /* and the decode line of mffs covers the word */
    static const struct { const char *name; uint8_t opcd; uint16_t xo, mask; } lines[] = {
#define INSN(n, o, x, m, f) { #n, o, x, m },
#include "ppc/insn-fp.def"
#undef INSN
    };
    const uint32_t w = 0xfc17048e;
    int hits = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
        if (lines[i].opcd == w >> 26 && ((w & 0x7ff) & lines[i].mask) == lines[i].xo) {
            g_assert_cmpstr(lines[i].name, ==, "mffs");
            hits++;
        }
    }
    g_assert_cmpint(hits, ==, 1);
}

/* No two FP decode lines may claim the same word. */
static void test_decode_lines_disjoint(void)
{
    static const struct { const char *name; uint8_t opcd; uint16_t xo, mask; } lines[] = {
#define INSN(n, o, x, m, f) { #n, o, x, m },
#include "ppc/insn-fp.def"
#undef INSN
    };
    for (size_t i = 0; i < G_N_ELEMENTS(lines); i++) {
        g_assert_cmphex(lines[i].xo & ~lines[i].mask, ==, 0);
        for (size_t j = i + 1; j < G_N_ELEMENTS(lines); j++) {
            if (lines[i].opcd != lines[j].opcd) {
                continue;
            }
            uint16_t common = lines[i].mask & lines[j].mask;
            /* disjoint iff they differ on a bit both masks fix */
            if (((lines[i].xo ^ lines[j].xo) & common) == 0) {
                g_error("%s and %s overlap", lines[i].name, lines[j].name);
            }
        }
    }
}

static uint32_t mtfsf_insn(unsigned flm, int l, int w, int frb, int rc)
{
    return (uint32_t)63 << 26 | l << 25 | flm << 17 | w << 16 | frb << 11 | 711 << 1 | rc;
}

static void test_mtfsf(void)
{
    setup();
    /* L=1: every writable bit; FEX and VX are computed, bit 52 and 0:28 reserved */
    set_fpr(3, ~0ull & ~(FPSCR_VE | FPSCR_OE | FPSCR_UE | FPSCR_ZE | FPSCR_XE));
    run_ok(op_mtfsf, mtfsf_insn(0, 1, 0, 3, 0));
    g_assert_cmphex(cpu->fpscr, ==, (FPSCR_WRITABLE | FPSCR_VX) &
                                    ~(FPSCR_VE | FPSCR_OE | FPSCR_UE | FPSCR_ZE | FPSCR_XE));
    /* FLM=0x01, W=0: only field 15, ISA bits 60:63 (XE NI RN) */
    setup();
    set_fpr(3, 0x3);
    run_ok(op_mtfsf, mtfsf_insn(0x01, 0, 0, 3, 0));
    g_assert_cmphex(cpu->fpscr, ==, 0x3);
    /* W=1, FLM=0x01: field 7, the DRN field */
    set_fpr(3, 0x0000000700000000ull);
    run_ok(op_mtfsf, mtfsf_insn(0x01, 0, 1, 3, 0));
    g_assert_cmphex(cpu->fpscr, ==, 0x0000000700000003ull);
    /* setting XE while XX is set: FEX, and with MSR[FE1] the interrupt (CR1 first) */
    setup();
    cpu->msr |= MSR_FE1;
    cpu->fpscr = FPSCR_XX | FPSCR_FX;
    set_fpr(3, FPSCR_XE);
    g_assert_true(run(op_mtfsf, mtfsf_insn(0x01, 0, 0, 3, 1)));   /* field 15: XE NI RN */
    g_assert_cmphex(cpu->cs.pc, ==, EXCP_PROGRAM);
    g_assert_true(cpu->spr[SPR_SRR1] & SRR1_PROGFPE);
    g_assert_true(cpu->fpscr & FPSCR_FEX);
    g_assert_cmphex(ppc_get_crf(cpu, 1), ==, 0xc);
}

static void test_mtfsfi_mtfsb_mcrfs(void)
{
    setup();
    /* mtfsfi BF=7 U=3: RN = 3 */
    run_ok(op_mtfsfi, (uint32_t)63 << 26 | 7 << 23 | 3 << 12 | 134 << 1);
    g_assert_cmphex(cpu->fpscr, ==, 3);
    /* mtfsfi BF=0 U=0xf: FX and OX set, FEX and VX not */
    run_ok(op_mtfsfi, (uint32_t)63 << 26 | 0 << 23 | 0xf << 12 | 134 << 1);
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_FX | FPSCR_OX | 3);
    /* mtfsb1 of VXSQRT (bit 54 = 32 + 22): sets FX and VX */
    setup();
    run_ok(op_mtfsb1, x_form(63, 38, 22, 0, 0, 0));
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_VXSQRT | FPSCR_VX | FPSCR_FX);
    /* mtfsb1 of FEX (BT=1) does nothing; mtfsb0 of VXSQRT clears VX too */
    run_ok(op_mtfsb1, x_form(63, 38, 1, 0, 0, 0));
    g_assert_false(cpu->fpscr & FPSCR_FEX);
    run_ok(op_mtfsb0, x_form(63, 70, 22, 0, 0, 0));
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_FX);
    /* mcrfs BFA=1 (ISA 36:39 = UX ZX XX VXSNAN) -> CR2, and those bits cleared */
    cpu->fpscr = FPSCR_FX | FPSCR_UX | FPSCR_XX | FPSCR_VXSNAN | FPSCR_VXISI;
    run_ok(op_mcrfs, (uint32_t)63 << 26 | 2 << 23 | 1 << 18 | 64 << 1);
    g_assert_cmphex(ppc_get_crf(cpu, 2), ==, 0xb);
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_FX | FPSCR_VXISI | FPSCR_VX);
    /* mcrfs BFA=0 copies FX FEX VX OX and clears FX and OX */
    run_ok(op_mcrfs, (uint32_t)63 << 26 | 3 << 23 | 0 << 18 | 64 << 1);
    g_assert_cmphex(ppc_get_crf(cpu, 3), ==, 0xa);
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_VXISI | FPSCR_VX);
    /* mtfsb1 VE with VX set and MSR[FE0]: the enabled-exception interrupt */
    cpu->msr |= MSR_FE0;
    g_assert_true(run(op_mtfsb1, x_form(63, 38, 24, 0, 0, 0)));
    g_assert_true(cpu->spr[SPR_SRR1] & SRR1_PROGFPE);
}

/*
 * Bits the ISA defines where QEMU 7.2 differs, so the differential harness
 * cannot pin them (tests/isa/REFERENCE-BUGS.md): pinned here instead.
 */
static void test_isa_where_qemu_differs(void)
{
    setup();
    /* FR: 2^53 + 1 ties to even 2^53 (not incremented); 2^53 + 3 -> 2^53 + 4 (incremented) */
    cpu->fpscr = FPSCR_FR;
    unop(op_fcfid, 63, 846, (1ull << 53) + 1);
    g_assert_cmphex(cpu->fpscr & (FPSCR_FR | FPSCR_FI), ==, FPSCR_FI);
    unop(op_fcfid, 63, 846, (1ull << 53) + 3);
    g_assert_cmphex(cpu->fpscr & (FPSCR_FR | FPSCR_FI), ==, FPSCR_FR | FPSCR_FI);
    /* an exact result clears FR and FI */
    binop(op_fadd, 63, 21, ONE, ONE, 0);
    g_assert_cmphex(cpu->fpscr & (FPSCR_FR | FPSCR_FI), ==, 0);
    /* 1 + 2^-60 toward +inf: 1 + 2^-52, incremented; toward zero: 1, not */
    binop(op_fadd, 63, 21, ONE, P2M60, FP_RN_UP);
    g_assert_true(cpu->fpscr & FPSCR_FR);
    binop(op_fadd, 63, 21, ONE, P2M60, FP_RN_ZERO);
    g_assert_false(cpu->fpscr & FPSCR_FR);
    /* fctiw of 2.5 toward +inf: 3, |3| > 2.5: incremented */
    cpu->fpscr = FP_RN_UP;
    unop(op_fctiw, 63, 14, 0x4004000000000000ull);
    g_assert_cmphex(cpu->fpscr & (FPSCR_FR | FPSCR_FI), ==, FPSCR_FR | FPSCR_FI);

    /* fri* set FR and FI to 0 (4.6.7.3), whatever they were */
    cpu->fpscr = FPSCR_FR | FPSCR_FI;
    unop(op_frin, 63, 392, 0x4004000000000000ull);
    g_assert_cmphex(cpu->fpscr & (FPSCR_FR | FPSCR_FI | FPSCR_XX), ==, 0);

    /* fcmpu/fcmpo leave FR and FI alone; fcmpo unordered sets FPCC only, not C */
    cpu->fpscr = FPSCR_FR | FPSCR_FI;
    fcmp(op_fcmpu, 0, ONE, TWO);
    g_assert_cmphex(cpu->fpscr & (FPSCR_FR | FPSCR_FI), ==, FPSCR_FR | FPSCR_FI);
    cpu->fpscr = FPSCR_FI;
    fcmp(op_fcmpo, 32, QNAN, ONE);
    g_assert_cmphex(fprf(), ==, 0x01);
    g_assert_true(cpu->fpscr & FPSCR_FI);

    /* an exception bit already set: no FX; the estimates do not touch XX, so not FX either */
    cpu->fpscr = FPSCR_ZX;
    unop(op_fre, 63, 24, 0);
    g_assert_cmphex(fpr(1), ==, PINF);                      /* 1/+0 = +inf, not 0.5 */
    g_assert_cmphex(fprf(), ==, FPRF_PINF);
    g_assert_false(cpu->fpscr & FPSCR_FX);
    cpu->fpscr = 0;
    unop(op_fres, 59, 24, THREE);
    g_assert_false(cpu->fpscr & (FPSCR_FX | FPSCR_XX));

    /* mtfsb1 29 sets NI; mtfsb1 of a clear exception bit sets FX, of a set one does not */
    cpu->fpscr = 0;
    run_ok(op_mtfsb1, x_form(63, 38, 29, 0, 0, 0));
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_NI);
    cpu->fpscr = FPSCR_OX;
    run_ok(op_mtfsb1, x_form(63, 38, 3, 0, 0, 0));
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_OX);
    run_ok(op_mtfsb1, x_form(63, 38, 4, 0, 0, 0));
    g_assert_cmphex(cpu->fpscr, ==, FPSCR_FX | FPSCR_OX | FPSCR_UX);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/insn-fp/arith/fadd-rounding-modes", test_fadd_rounding_modes);
    g_test_add_func("/insn-fp/arith/fdivs-rounding-modes", test_fdivs_rounding_modes);
    g_test_add_func("/insn-fp/arith/single-no-double-rounding", test_single_no_double_rounding);
    g_test_add_func("/insn-fp/arith/fmadd-fused", test_fmadd_fused);
    g_test_add_func("/insn-fp/arith/fsqrt", test_fsqrt);
    g_test_add_func("/insn-fp/exceptions/invalid", test_invalid_ops);
    g_test_add_func("/insn-fp/exceptions/nan-operands", test_nan_operands);
    g_test_add_func("/insn-fp/exceptions/overflow-underflow", test_overflow_underflow);
    g_test_add_func("/insn-fp/exceptions/enabled-target-kept", test_enabled_exception_target_kept);
    g_test_add_func("/insn-fp/exceptions/fx-rule", test_fx_sticky_rule);
    g_test_add_func("/insn-fp/convert/fctid", test_fctid);
    g_test_add_func("/insn-fp/convert/fctiw", test_fctiw);
    g_test_add_func("/insn-fp/convert/fcfid", test_fcfid);
    g_test_add_func("/insn-fp/convert/frsp", test_frsp);
    g_test_add_func("/insn-fp/convert/round-to-integral", test_round_to_integral);
    g_test_add_func("/insn-fp/estimates", test_estimates);
    g_test_add_func("/insn-fp/fprf-classes", test_fprf_classes);
    g_test_add_func("/insn-fp/compare/fcmp", test_fcmp);
    g_test_add_func("/insn-fp/compare/ftdiv-ftsqrt", test_ftdiv_ftsqrt);
    g_test_add_func("/insn-fp/moves", test_moves);
    g_test_add_func("/insn-fp/ldst/lfs-stfs-patterns", test_lfs_stfs_patterns);
    g_test_add_func("/insn-fp/ldst/forms", test_load_store_forms);
    g_test_add_func("/insn-fp/fp-unavailable", test_fp_unavailable);
    g_test_add_func("/insn-fp/fpscr/mffs-mffsl", test_mffs_and_mffsl);
    g_test_add_func("/insn-fp/fpscr/decode-lines-disjoint", test_decode_lines_disjoint);
    g_test_add_func("/insn-fp/fpscr/mtfsf", test_mtfsf);
    g_test_add_func("/insn-fp/fpscr/mtfsfi-mtfsb-mcrfs", test_mtfsfi_mtfsb_mcrfs);
    g_test_add_func("/insn-fp/isa-where-qemu-differs", test_isa_where_qemu_differs);
    return g_test_run();
}
