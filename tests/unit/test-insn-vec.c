/*
 * Unit tests for the VMX and VSX instructions (ppc/insn-vmx*.c, ppc/insn-vsx*.c).
 * Expected values come from the ISA definitions worked by hand, from published
 * vectors (FIPS-197 AES, SHA-2 functions on simple inputs), or from small
 * independent references written here, never from the handlers themselves.
 *
 * Instructions run through their decode-table lines (the .def files): the
 * test finds the one line matching the word and calls its handler, so the
 * table and the handlers are tested together.
 *
 * Fakes (the real ones need the whole machine): guest memory is a flat
 * 64 KiB buffer behind the MMU slow path with every TLB entry invalid, and
 * ppc_raise records the interrupt and jumps back to the test.
 */
#include <glib.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include "ppc/insn.h"
#include "ppc/mmu.h"

#define VSCR_SAT_BIT 1u
#define VSCR_NJ_BIT  0x10000u

/* ---- Fakes ---- */

#define RAM_SIZE 0x10000
static uint8_t ram[RAM_SIZE];
static sigjmp_buf raise_env;
static int raised_vector;

void ppc_mem_read_slow(PowerPCCPU *cpu, uint64_t ea, void *buf, unsigned size, PPCAccess kind)
{
    g_assert_cmpuint(ea + size, <=, RAM_SIZE);
    memcpy(buf, ram + ea, size);
}

void ppc_mem_write_slow(PowerPCCPU *cpu, uint64_t ea, const void *buf, unsigned size)
{
    g_assert_cmpuint(ea + size, <=, RAM_SIZE);
    memcpy(ram + ea, buf, size);
}

static uint64_t raised_srr1;

void ppc_raise(PowerPCCPU *cpu, int vector, uint64_t srr1_bits)
{
    raised_vector = vector;
    raised_srr1 = srr1_bits;
    siglongjmp(raise_env, 1);
}

void ppc_raise_program(PowerPCCPU *cpu, uint64_t cause)
{
    ppc_raise(cpu, EXCP_PROGRAM, cause);
}

/* ---- Harness ---- */

static const PPCInsnDef vec_table[] = {
#define INSN(name, opcd, xo, mask, flags) { #name, opcd, xo, mask, flags, op_##name },
#include "ppc/insn-vmx.def"
#include "ppc/insn-vsx.def"
#undef INSN
};

static PowerPCCPU *cpu;

static void setup_cpu(bool le)
{
    if (!cpu) {
        cpu = g_new0(PowerPCCPU, 1);
    }
    memset(cpu, 0, sizeof(*cpu));
    memset(cpu->tlb, 0xff, sizeof(cpu->tlb));
    cpu->msr = MSR_SF | MSR_FP | MSR_VEC | MSR_VSX | (le ? MSR_LE : 0);
    memset(ram, 0, sizeof(ram));
}

static const PPCInsnDef *lookup(uint32_t w)
{
    const PPCInsnDef *found = NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(vec_table); i++) {
        const PPCInsnDef *d = &vec_table[i];
        if ((w >> 26) == d->opcd && (w & 0x7ff & d->mask) == d->xo) {
            g_assert_null(found);
            found = d;
        }
    }
    return found;
}

/* Run one instruction word; returns the interrupt vector it raised, or 0. */
static int exec(uint32_t w)
{
    static const PPCInsnDef *d;   /* static: untouched by the longjmp back */
    d = lookup(w);
    g_assert_nonnull(d);
    raised_vector = 0;
    if (sigsetjmp(raise_env, 0) == 0) {
        d->fn(&cpu->cs, w);
    }
    return raised_vector;
}

static void run(uint32_t w)
{
    g_assert_cmpint(exec(w), ==, 0);
}

/* Encoders */
static uint32_t vx(unsigned xo, unsigned t, unsigned a, unsigned b)
{
    return 4u << 26 | t << 21 | a << 16 | b << 11 | xo;
}

static uint32_t va(unsigned xo, unsigned t, unsigned a, unsigned b, unsigned c)
{
    return 4u << 26 | t << 21 | a << 16 | b << 11 | c << 6 | xo;
}

static uint32_t x31(unsigned xo, unsigned t, unsigned a, unsigned b)
{
    return 31u << 26 | (t & 31) << 21 | a << 16 | b << 11 | xo << 1 | (t >> 5);
}

static uint32_t xx3(unsigned xo, unsigned t, unsigned a, unsigned b)
{
    return 60u << 26 | (t & 31) << 21 | (a & 31) << 16 | (b & 31) << 11 | xo << 3 |
           (a >> 5) << 2 | (b >> 5) << 1 | (t >> 5);
}

static uint32_t xx2(unsigned xo, unsigned t, unsigned uim, unsigned b)
{
    return 60u << 26 | (t & 31) << 21 | uim << 16 | (b & 31) << 11 | xo << 2 | (b >> 5) << 1 |
           (t >> 5);
}

static PPCVsr *VS(int n)
{
    return &cpu->vsr[n];
}

static PPCVsr *V(int n)
{
    return vr_ptr(cpu, n);
}

static void set_bytes(PPCVsr *v, const uint8_t b[16])
{
    for (int i = 0; i < 16; i++) {
        VsrB(v, i) = b[i];
    }
}

static void assert_bytes(const PPCVsr *v, const uint8_t b[16])
{
    for (int i = 0; i < 16; i++) {
        if (VsrB(v, i) != b[i]) {
            for (int k = 0; k < 16; k++) {
                g_printerr("%02x", VsrB(v, k));
            }
            g_error(" byte %d: got %02x want %02x", i, VsrB(v, i), b[i]);
        }
    }
}

static uint64_t be64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) {
        v = v << 8 | p[i];
    }
    return v;
}

static uint64_t le64(const uint8_t *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) {
        v = v << 8 | p[i];
    }
    return v;
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

static uint32_t le32(const uint8_t *p)
{
    return (uint32_t)p[3] << 24 | p[2] << 16 | p[1] << 8 | p[0];
}

static void fill_ram_pattern(void)
{
    for (int i = 0; i < RAM_SIZE; i++) {
        ram[i] = (uint8_t)(i * 7 + 3);
    }
}

/* ---- The decode lines ---- */

static void test_table_no_overlap(void)
{
    for (size_t i = 0; i < G_N_ELEMENTS(vec_table); i++) {
        for (size_t j = i + 1; j < G_N_ELEMENTS(vec_table); j++) {
            const PPCInsnDef *a = &vec_table[i], *b = &vec_table[j];
            uint16_t common = a->mask & b->mask;
            if (a->opcd == b->opcd && (a->xo & common) == (b->xo & common)) {
                g_error("%s and %s overlap", a->name, b->name);
            }
        }
        g_assert_cmpuint(vec_table[i].xo & ~vec_table[i].mask, ==, 0);
    }
}

/* ---- VMX loads and stores ---- */

static void test_lvx_order(void)
{
    for (int le = 0; le < 2; le++) {
        setup_cpu(le);
        fill_ram_pattern();
        cpu->gpr[4] = 0x1000;
        cpu->gpr[5] = 0x25;       /* EA 0x1025: lvx ignores the low 4 bits */
        run(x31(103, 1, 4, 5));
        for (int i = 0; i < 16; i++) {
            g_assert_cmpuint(VsrB(V(1), i), ==, ram[0x1020 + (le ? 15 - i : i)]);
        }
        /* stvx writes the same image back elsewhere */
        cpu->gpr[5] = 0x100;
        run(x31(231, 1, 4, 5));
        g_assert_cmpmem(ram + 0x1100, 16, ram + 0x1020, 16);
    }
}

static void test_lve_order(void)
{
    for (int le = 0; le < 2; le++) {
        setup_cpu(le);
        fill_ram_pattern();
        cpu->gpr[5] = 0x2008;
        run(x31(71, 2, 0, 5));    /* lvewx */
        if (le) {
            /* LE: the quadword is byte-reversed, so word at offset 8 is element 1 */
            g_assert_cmpuint(VsrW(V(2), 1), ==, le32(ram + 0x2008));
        } else {
            g_assert_cmpuint(VsrW(V(2), 2), ==, be32(ram + 0x2008));
        }
        cpu->gpr[5] = 0x2003;     /* lvehx ignores bit 0: halfword at offset 2 */
        run(x31(39, 3, 0, 5));
        if (le) {
            g_assert_cmpuint(VsrH(V(3), 6), ==, ram[0x2002] | ram[0x2003] << 8);
        } else {
            g_assert_cmpuint(VsrH(V(3), 1), ==, ram[0x2002] << 8 | ram[0x2003]);
        }
        cpu->gpr[5] = 0x200d;
        run(x31(7, 4, 0, 5));     /* lvebx */
        g_assert_cmpuint(VsrB(V(4), le ? 2 : 13), ==, ram[0x200d]);

        /* stvewx puts the element back where it came from and touches nothing else */
        cpu->gpr[5] = 0x3008;
        memset(ram + 0x3000, 0xee, 16);
        VsrW(V(2), le ? 1 : 2) = le ? 0x44332211 : 0x11223344;
        run(x31(199, 2, 0, 5));
        const uint8_t want[16] = { 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee, 0xee,
                                   0x11, 0x22, 0x33, 0x44, 0xee, 0xee, 0xee, 0xee };
        g_assert_cmpmem(ram + 0x3000, 16, want, 16);
        cpu->gpr[5] = 0x300f;
        VsrB(V(4), le ? 0 : 15) = 0x99;
        run(x31(135, 4, 0, 5));   /* stvebx */
        g_assert_cmpuint(ram[0x300f], ==, 0x99);
        g_assert_cmpuint(ram[0x300e], ==, 0xee);
    }
}

static void test_lvsl_lvsr(void)
{
    setup_cpu(false);
    cpu->gpr[5] = 0x1233;
    run(x31(6, 1, 0, 5));
    run(x31(38, 2, 0, 5));
    for (int i = 0; i < 16; i++) {
        g_assert_cmpuint(VsrB(V(1), i), ==, 3 + i);
        g_assert_cmpuint(VsrB(V(2), i), ==, 13 + i);
    }
}

static void test_vmx_unavailable(void)
{
    setup_cpu(false);
    cpu->msr &= ~MSR_VEC;
    VsrW(V(1), 0) = 5;
    g_assert_cmpint(exec(vx(1156, 3, 1, 1)), ==, EXCP_VMX_UNAVAIL);  /* vor */
    g_assert_cmpuint(VsrW(V(3), 0), ==, 0);
}

/* ---- Permutes ---- */

static void test_vperm(void)
{
    uint8_t a[16], b[16], c[16], want[16];

    setup_cpu(false);
    for (int i = 0; i < 16; i++) {
        a[i] = (uint8_t)(0xa0 + i);
        b[i] = (uint8_t)(0xb0 + i);
        c[i] = (uint8_t)(((i * 7 + 5) & 31) | 0xe0);   /* the top 3 bits are ignored */
    }
    for (int i = 0; i < 16; i++) {
        int k = (i * 7 + 5) & 31;
        want[i] = k < 16 ? a[k] : b[k - 16];
    }
    set_bytes(V(1), a);
    set_bytes(V(2), b);
    set_bytes(V(3), c);
    run(va(43, 4, 1, 2, 3));
    assert_bytes(V(4), want);
}

static void test_vsldoi(void)
{
    uint8_t a[16], b[16], want[16];

    setup_cpu(false);
    for (int i = 0; i < 16; i++) {
        a[i] = (uint8_t)i;
        b[i] = (uint8_t)(16 + i);
        want[i] = (uint8_t)(3 + i);
    }
    set_bytes(V(1), a);
    set_bytes(V(2), b);
    run(va(44, 5, 1, 2, 3));
    assert_bytes(V(5), want);
}

static void test_merge_splat_pack(void)
{
    setup_cpu(false);
    for (int i = 0; i < 4; i++) {
        VsrW(V(1), i) = 0xa0 + i;
        VsrW(V(2), i) = 0xb0 + i;
    }
    run(vx(140, 3, 1, 2));        /* vmrghw: a0 b0 a1 b1 */
    g_assert_cmpuint(VsrW(V(3), 0), ==, 0xa0);
    g_assert_cmpuint(VsrW(V(3), 1), ==, 0xb0);
    g_assert_cmpuint(VsrW(V(3), 2), ==, 0xa1);
    g_assert_cmpuint(VsrW(V(3), 3), ==, 0xb1);
    run(vx(396, 3, 1, 2));        /* vmrglw: a2 b2 a3 b3 */
    g_assert_cmpuint(VsrW(V(3), 0), ==, 0xa2);
    g_assert_cmpuint(VsrW(V(3), 3), ==, 0xb3);
    run(vx(1676, 3, 1, 2));       /* vmrgow: a1 b1 a3 b3 */
    g_assert_cmpuint(VsrW(V(3), 0), ==, 0xa1);
    g_assert_cmpuint(VsrW(V(3), 1), ==, 0xb1);
    g_assert_cmpuint(VsrW(V(3), 2), ==, 0xa3);
    run(vx(652, 4, 2, 1));        /* vspltw v4, v1, 2 */
    for (int i = 0; i < 4; i++) {
        g_assert_cmpuint(VsrW(V(4), i), ==, 0xa2);
    }
    run(vx(780, 5, 0x1b, 0));     /* vspltisb v5, -5 */
    for (int i = 0; i < 16; i++) {
        g_assert_cmpint(VsrSB(V(5), i), ==, -5);
    }
    /* vpkswss: 0x7fffffff -> 0x7fff (sat), -70000 -> -0x8000 (sat), 5 -> 5 */
    cpu->vscr = 0;
    VsrSW(V(1), 0) = 0x7fffffff;
    VsrSW(V(1), 1) = -70000;
    VsrSW(V(1), 2) = 5;
    VsrSW(V(1), 3) = -5;
    for (int i = 0; i < 4; i++) {
        VsrSW(V(2), i) = i;
    }
    run(vx(462, 6, 1, 2));
    g_assert_cmpint(VsrSH(V(6), 0), ==, 0x7fff);
    g_assert_cmpint(VsrSH(V(6), 1), ==, -0x8000);
    g_assert_cmpint(VsrSH(V(6), 2), ==, 5);
    g_assert_cmpint(VsrSH(V(6), 3), ==, -5);
    g_assert_cmpint(VsrSH(V(6), 7), ==, 3);
    g_assert_cmpuint(cpu->vscr, ==, 1);
    /* vupkhsh of that: the first four halfwords, sign-extended */
    run(vx(590, 7, 0, 6));
    g_assert_cmpint(VsrSW(V(7), 0), ==, 0x7fff);
    g_assert_cmpint(VsrSW(V(7), 1), ==, -0x8000);
    g_assert_cmpint(VsrSW(V(7), 3), ==, -5);
}

/* ---- Integer arithmetic ---- */

static void test_saturating_add(void)
{
    setup_cpu(false);
    /* No saturation leaves SAT alone */
    memset(V(1), 0x10, 16);
    memset(V(2), 0x20, 16);
    run(vx(512, 3, 1, 2));        /* vaddubs */
    g_assert_cmpuint(VsrB(V(3), 0), ==, 0x30);
    g_assert_cmpuint(cpu->vscr, ==, 0);
    VsrB(V(1), 7) = 0xf0;
    run(vx(512, 3, 1, 2));
    g_assert_cmpuint(VsrB(V(3), 7), ==, 0xff);
    g_assert_cmpuint(VsrB(V(3), 6), ==, 0x30);
    g_assert_cmpuint(cpu->vscr, ==, VSCR_SAT_BIT);
    /* SAT is sticky: a later clean add keeps it */
    VsrB(V(1), 7) = 0;
    run(vx(512, 3, 1, 2));
    g_assert_cmpuint(cpu->vscr, ==, VSCR_SAT_BIT);

    cpu->vscr = 0;
    memset(V(1), 100, 16);
    memset(V(2), 100, 16);
    VsrSB(V(1), 0) = -100;
    VsrSB(V(2), 0) = -100;
    VsrSB(V(2), 1) = -100;
    run(vx(768, 3, 1, 2));        /* vaddsbs */
    g_assert_cmpint(VsrSB(V(3), 0), ==, -128);
    g_assert_cmpint(VsrSB(V(3), 1), ==, 0);
    g_assert_cmpint(VsrSB(V(3), 2), ==, 127);
    g_assert_cmpuint(cpu->vscr, ==, VSCR_SAT_BIT);

    cpu->vscr = 0;
    for (int i = 0; i < 4; i++) {
        VsrW(V(1), i) = 1;
        VsrW(V(2), i) = i;
    }
    run(vx(1664, 3, 1, 2));       /* vsubuws: 1 - i, clamped at 0 */
    g_assert_cmpuint(VsrW(V(3), 0), ==, 1);
    g_assert_cmpuint(VsrW(V(3), 1), ==, 0);
    g_assert_cmpuint(VsrW(V(3), 3), ==, 0);
    g_assert_cmpuint(cpu->vscr, ==, VSCR_SAT_BIT);

    /* modulo add wraps and never touches SAT */
    cpu->vscr = 0;
    memset(V(1), 0xff, 16);
    memset(V(2), 0x02, 16);
    run(vx(64, 3, 1, 2));         /* vadduhm */
    g_assert_cmpuint(VsrH(V(3), 0), ==, 0x0201);
    g_assert_cmpuint(cpu->vscr, ==, 0);
}

static void test_quadword_add(void)
{
    setup_cpu(false);
    V(1)->u128 = ~(unsigned __int128)0;
    V(2)->u128 = 1;
    run(vx(256, 3, 1, 2));        /* vadduqm */
    g_assert_true(V(3)->u128 == 0);
    run(vx(320, 3, 1, 2));        /* vaddcuq */
    g_assert_true(V(3)->u128 == 1);
    V(4)->u128 = 1;
    V(2)->u128 = 0;
    run(va(61, 5, 1, 2, 4));      /* vaddecuq: ~0 + 0 + 1 carries */
    g_assert_true(V(5)->u128 == 1);
    V(1)->u128 = 5;
    V(2)->u128 = 7;
    run(vx(1280, 3, 1, 2));       /* vsubuqm */
    g_assert_true(V(3)->u128 == (unsigned __int128)-2);
    run(vx(1344, 3, 1, 2));       /* vsubcuq: borrow -> 0 */
    g_assert_true(V(3)->u128 == 0);
}

static void test_multiply_sum(void)
{
    setup_cpu(false);
    for (int i = 0; i < 16; i++) {
        VsrB(V(1), i) = (uint8_t)(i + 1);
        VsrB(V(2), i) = 2;
    }
    for (int i = 0; i < 4; i++) {
        VsrW(V(3), i) = 1000;
    }
    run(va(36, 4, 1, 2, 3));      /* vmsumubm */
    for (int i = 0; i < 4; i++) {
        int s = 1000;
        for (int j = 0; j < 4; j++) {
            s += (4 * i + j + 1) * 2;
        }
        g_assert_cmpuint(VsrW(V(4), i), ==, s);
    }
    run(vx(520, 5, 1, 2));        /* vmuleub: even bytes 1,3,5.. times 2 */
    run(vx(8, 6, 1, 2));          /* vmuloub: odd bytes 2,4,6.. times 2 */
    for (int i = 0; i < 8; i++) {
        g_assert_cmpuint(VsrH(V(5), i), ==, (2 * i + 1) * 2);
        g_assert_cmpuint(VsrH(V(6), i), ==, (2 * i + 2) * 2);
    }
}

static void test_vcmpequb_cr6(void)
{
    setup_cpu(false);
    memset(V(1), 0x5a, 16);
    memset(V(2), 0x5a, 16);
    ppc_set_cr(cpu, 0x12345678);
    run(vx(6 | 0x400, 3, 1, 2));  /* vcmpequb. all equal */
    g_assert_cmpuint(V(3)->u64[0], ==, UINT64_MAX);
    g_assert_cmpuint(V(3)->u64[1], ==, UINT64_MAX);
    g_assert_cmpuint(ppc_get_cr(cpu), ==, 0x12345688);
    memset(V(2), 0x11, 16);
    run(vx(6 | 0x400, 3, 1, 2));  /* none equal */
    g_assert_true(V(3)->u128 == 0);
    g_assert_cmpuint(ppc_get_cr(cpu), ==, 0x12345628);
    VsrB(V(2), 4) = 0x5a;
    run(vx(6 | 0x400, 3, 1, 2));  /* some */
    g_assert_cmpuint(VsrB(V(3), 4), ==, 0xff);
    g_assert_cmpuint(VsrB(V(3), 5), ==, 0);
    g_assert_cmpuint(ppc_get_cr(cpu), ==, 0x12345608);
    ppc_set_cr(cpu, 0);
    memset(V(2), 0x5a, 16);
    run(vx(6, 3, 1, 2));          /* vcmpequb without Rc: CR untouched */
    g_assert_cmpuint(ppc_get_cr(cpu), ==, 0);
    /* signed vs unsigned greater-than */
    memset(V(1), 0x80, 16);
    memset(V(2), 0x01, 16);
    run(vx(518 | 0x400, 3, 1, 2)); /* vcmpgtub. 0x80 > 1 */
    g_assert_cmpuint(ppc_get_crf(cpu, 6), ==, 8);
    run(vx(774 | 0x400, 3, 1, 2)); /* vcmpgtsb. -128 > 1 is false */
    g_assert_cmpuint(ppc_get_crf(cpu, 6), ==, 2);
}

static void test_shifts(void)
{
    setup_cpu(false);
    V(1)->u128 = ((unsigned __int128)0x0123456789abcdefull << 64) | 0xfedcba9876543210ull;
    memset(V(2), 0x04, 16);
    run(vx(452, 3, 1, 2));        /* vsl by 4 bits */
    g_assert_true(V(3)->u128 == V(1)->u128 << 4);
    memset(V(2), 0x18, 16);       /* vslo: bits 121:124 = 3 octets */
    run(vx(1036, 3, 1, 2));
    g_assert_true(V(3)->u128 == V(1)->u128 << 24);
    run(vx(1100, 3, 1, 2));       /* vsro */
    g_assert_true(V(3)->u128 == V(1)->u128 >> 24);
    for (int i = 0; i < 4; i++) {
        VsrW(V(1), i) = 0x80000001;
        VsrW(V(2), i) = 33 + i;   /* counts mod 32: 1, 2, 3, 4 */
    }
    run(vx(132, 3, 1, 2));        /* vrlw */
    g_assert_cmpuint(VsrW(V(3), 0), ==, 0x00000003);
    g_assert_cmpuint(VsrW(V(3), 3), ==, 0x00000018);
    run(vx(900, 3, 1, 2));        /* vsraw */
    g_assert_cmpuint(VsrW(V(3), 0), ==, 0xc0000000);
    g_assert_cmpuint(VsrW(V(3), 1), ==, 0xe0000000);
}

static void test_vscr_moves(void)
{
    setup_cpu(false);
    V(1)->u128 = ~(unsigned __int128)0;
    VsrW(V(1), 3) = 0x00010001;
    run(vx(1604, 0, 0, 1));       /* mtvscr takes word 3 */
    g_assert_cmpuint(cpu->vscr, ==, 0x00010001);
    run(vx(1540, 2, 0, 0));       /* mfvscr */
    g_assert_cmpuint(VsrW(V(2), 3), ==, 0x00010001);
    g_assert_cmpuint(VsrW(V(2), 0), ==, 0);
    g_assert_cmpuint(VsrW(V(2), 2), ==, 0);
}

/* ---- Crypto and bit operations ---- */

/* Carry-less multiply written the other way round: bit by bit of a. */
static void ref_clmul(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
    *hi = *lo = 0;
    for (int i = 0; i < 64; i++) {
        if (a & (1ull << i)) {
            *lo ^= b << i;
            *hi ^= i ? b >> (64 - i) : 0;
        }
    }
}

static void test_vpmsumd(void)
{
    uint64_t h1, l1, h2, l2;

    setup_cpu(false);
    /* 0b11 * 0b11 = 0b101 (no carries in GF(2)); 2^63 * 2 = 2^64 */
    VsrD(V(1), 0) = 3;
    VsrD(V(2), 0) = 3;
    VsrD(V(1), 1) = 0x8000000000000000ull;
    VsrD(V(2), 1) = 2;
    run(vx(1224, 3, 1, 2));
    g_assert_cmpuint(VsrD(V(3), 0), ==, 1);
    g_assert_cmpuint(VsrD(V(3), 1), ==, 5);

    VsrD(V(1), 0) = 0x0123456789abcdefull;
    VsrD(V(1), 1) = 0xdeadbeefcafef00dull;
    VsrD(V(2), 0) = 0xfedcba9876543210ull;
    VsrD(V(2), 1) = 0x1122334455667788ull;
    run(vx(1224, 3, 1, 2));
    ref_clmul(VsrD(V(1), 0), VsrD(V(2), 0), &h1, &l1);
    ref_clmul(VsrD(V(1), 1), VsrD(V(2), 1), &h2, &l2);
    g_assert_cmpuint(VsrD(V(3), 0), ==, h1 ^ h2);
    g_assert_cmpuint(VsrD(V(3), 1), ==, l1 ^ l2);

    /* vpmsumb: halfword i = a[2i]*b[2i] ^ a[2i+1]*b[2i+1] */
    memset(V(1), 0, 16);
    memset(V(2), 0, 16);
    VsrB(V(1), 0) = 0xff;
    VsrB(V(2), 0) = 0xff;         /* 0x5555 */
    VsrB(V(1), 1) = 0x03;
    VsrB(V(2), 1) = 0x05;         /* 0x0f */
    run(vx(1032, 3, 1, 2));
    g_assert_cmpuint(VsrH(V(3), 0), ==, 0x5555 ^ 0x0f);
    g_assert_cmpuint(VsrH(V(3), 1), ==, 0);
}

static void hex16(uint8_t out[16], const char *s)
{
    for (int i = 0; i < 16; i++) {
        unsigned v;
        g_assert_cmpint(sscanf(s + 2 * i, "%2x", &v), ==, 1);
        out[i] = (uint8_t)v;
    }
}

/* FIPS-197 Appendix B: AES-128 of 3243f6a8885a308d313198a2e0370734 under 2b7e1516... */
static void test_vcipher_fips197(void)
{
    uint8_t in[16], key[16], want[16];

    setup_cpu(false);
    /* Round 1: start-of-round state, round key 1, start of round 2 */
    hex16(in, "193de3bea0f4e22b9ac68d2ae9f84808");
    hex16(key, "a0fafe1788542cb123a339392a6c7605");
    hex16(want, "a49c7ff2689f352b6b5bea43026a5049");
    set_bytes(V(1), in);
    set_bytes(V(2), key);
    run(vx(1288, 3, 1, 2));       /* vcipher */
    assert_bytes(V(3), want);
    /* Round 10 (no MixColumns) gives the ciphertext */
    hex16(in, "eb40f21e592e38848ba113e71bc342d2");
    hex16(key, "d014f9a8c9ee2589e13f0cc8b6630ca6");
    hex16(want, "3925841d02dc09fbdc118597196a0b32");
    set_bytes(V(1), in);
    set_bytes(V(2), key);
    run(vx(1289, 3, 1, 2));       /* vcipherlast */
    assert_bytes(V(3), want);

    /* The inverse rounds undo the forward steps (with zero round keys):
     * vncipher(vcipherlast(x)) = InvMixColumns(x), and
     * vcipher(vncipherlast(InvMixColumns(x))) = x. */
    memset(V(0), 0, 16);
    hex16(in, "00112233445566778899aabbccddeeff");
    set_bytes(V(1), in);
    run(vx(1289, 4, 1, 0));
    run(vx(1352, 5, 4, 0));
    run(vx(1353, 6, 5, 0));
    run(vx(1288, 7, 6, 0));
    assert_bytes(V(7), in);
    run(vx(1353, 8, 4, 0));       /* vncipherlast(vcipherlast(x)) = x */
    assert_bytes(V(8), in);

    /* vsbox: S(00) = 63, S(01) = 7c, S(53) = ed (FIPS-197 5.1.1) */
    memset(V(1), 0, 16);
    VsrB(V(1), 1) = 0x01;
    VsrB(V(1), 2) = 0x53;
    run(vx(1480, 2, 1, 0));
    g_assert_cmpuint(VsrB(V(2), 0), ==, 0x63);
    g_assert_cmpuint(VsrB(V(2), 1), ==, 0x7c);
    g_assert_cmpuint(VsrB(V(2), 2), ==, 0xed);
}

/* vshasigmaw/d v2, v1, ST, SIX */
static uint32_t vsha_word(unsigned xo, unsigned st, unsigned six)
{
    return 4u << 26 | 2u << 21 | 1u << 16 | st << 15 | six << 11 | xo;
}

static void test_vshasigma(void)
{
    setup_cpu(false);
    for (int i = 0; i < 4; i++) {
        VsrW(V(1), i) = 1;
    }
    /* By hand for x = 1: s0 = ROTR7^ROTR18^SHR3, s1 = ROTR17^ROTR19^SHR10,
     * S0 = ROTR2^ROTR13^ROTR22, S1 = ROTR6^ROTR11^ROTR25 */
    run(vsha_word(1666, 0, 0x5));       /* SIX 0101: s0 s1 s0 s1 */
    g_assert_cmpuint(VsrW(V(2), 0), ==, 0x02004000);
    g_assert_cmpuint(VsrW(V(2), 1), ==, 0x0000a000);
    g_assert_cmpuint(VsrW(V(2), 2), ==, 0x02004000);
    g_assert_cmpuint(VsrW(V(2), 3), ==, 0x0000a000);
    run(vsha_word(1666, 1, 0xa));       /* SIX 1010: S1 S0 S1 S0 */
    g_assert_cmpuint(VsrW(V(2), 0), ==, 0x04200080);
    g_assert_cmpuint(VsrW(V(2), 1), ==, 0x40080400);
    /* SHA-512 on doublewords: s0(1) = ROTR1^ROTR8^SHR7 */
    VsrD(V(1), 0) = 1;
    VsrD(V(1), 1) = 1;
    run(vsha_word(1730, 0, 0x2)); /* vshasigmad: dw0 s0, dw1 s1 */
    g_assert_cmpuint(VsrD(V(2), 0), ==, 0x8000000000000000ull ^ 0x0100000000000000ull);
    /* s1(1) = ROTR19 ^ ROTR61 ^ SHR6 */
    g_assert_cmpuint(VsrD(V(2), 1), ==, (1ull << 45) ^ (1ull << 3));
}

static void test_bits(void)
{
    setup_cpu(false);
    /* vgbbd: an identity-like matrix (byte k has bit k) transposes to itself */
    for (int i = 0; i < 16; i++) {
        VsrB(V(1), i) = (uint8_t)(0x80 >> (i & 7));
    }
    run(vx(1292, 2, 0, 1));
    assert_bytes(V(2), (uint8_t[16]){ 0x80, 0x40, 0x20, 0x10, 8, 4, 2, 1,
                                      0x80, 0x40, 0x20, 0x10, 8, 4, 2, 1 });
    /* a single row: byte 0 = 0xff -> every byte gets bit 0 (MSB) */
    memset(V(1), 0, 16);
    VsrB(V(1), 0) = 0xff;
    run(vx(1292, 2, 0, 1));
    for (int i = 0; i < 8; i++) {
        g_assert_cmpuint(VsrB(V(2), i), ==, 0x80);
    }
    g_assert_cmpuint(VsrB(V(2), 8), ==, 0);

    /* vbpermq: pick bits 0 (set), 1 (clear), 127 (set), 200 (out of range) */
    V(1)->u128 = ((unsigned __int128)1 << 127) | 1;
    memset(V(2), 200, 16);
    VsrB(V(2), 0) = 0;
    VsrB(V(2), 1) = 1;
    VsrB(V(2), 2) = 127;
    run(vx(1356, 3, 1, 2));
    g_assert_cmpuint(VsrD(V(3), 0), ==, 0xa000);
    g_assert_cmpuint(VsrD(V(3), 1), ==, 0);

    for (int i = 0; i < 4; i++) {
        VsrW(V(1), i) = 0x00ff0000u >> i;
    }
    run(vx(1922, 2, 0, 1));       /* vclzw */
    run(vx(1923, 3, 0, 1));       /* vpopcntw */
    for (int i = 0; i < 4; i++) {
        g_assert_cmpuint(VsrW(V(2), i), ==, 8 + i);
        g_assert_cmpuint(VsrW(V(3), i), ==, 8);
    }
    memset(V(1), 0, 16);
    run(vx(1986, 2, 0, 1));       /* vclzd of 0 = 64 */
    g_assert_cmpuint(VsrD(V(2), 0), ==, 64);
}

/* ---- VMX floating point ---- */

static uint32_t fbits(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static void splat_w(PPCVsr *v, uint32_t w)
{
    for (int i = 0; i < 4; i++) {
        VsrW(v, i) = w;
    }
}

static void test_vmx_fp_arith(void)
{
    setup_cpu(false);
    splat_w(V(1), fbits(1.5f));
    splat_w(V(2), fbits(2.25f));
    VsrW(V(1), 1) = 0x7f800001;          /* SNaN in VRA: quieted, wins over VRB */
    VsrW(V(2), 1) = 0x7fc00002;
    VsrW(V(1), 2) = 0x7f800000;          /* +inf + -inf: the default QNaN */
    VsrW(V(2), 2) = 0xff800000;
    VsrW(V(2), 3) = 0xffc00003;          /* QNaN in VRB only */
    run(vx(10, 3, 1, 2));                /* vaddfp */
    g_assert_cmpuint(VsrW(V(3), 0), ==, fbits(3.75f));
    g_assert_cmpuint(VsrW(V(3), 1), ==, 0x7fc00001);
    g_assert_cmpuint(VsrW(V(3), 2), ==, 0x7fc00000);
    g_assert_cmpuint(VsrW(V(3), 3), ==, 0xffc00003);

    /* vmaddfp is fused: (1 + 2^-12)^2 - (1 + 2^-11) = 2^-24 exactly, 0 if rounded twice */
    splat_w(V(1), fbits(1.0f + 0x1p-12f));
    splat_w(V(2), fbits(-(1.0f + 0x1p-11f)));
    run(va(46, 4, 1, 2, 1));             /* vmaddfp v4 = v1 * v1 + v2 */
    g_assert_cmpuint(VsrW(V(4), 0), ==, fbits(0x1p-24f));
    run(va(47, 4, 1, 2, 1));             /* vnmsubfp v4 = -(v1 * v1 - v2) */
    g_assert_cmpuint(VsrW(V(4), 0), ==, fbits(-(2.0f + 0x1p-11f + 0x1p-11f + 0x1p-24f)) );

    /* Denormals: kept in Java mode, flushed (sign kept) with VSCR[NJ] */
    splat_w(V(1), 0x00800001);           /* smallest normal + 1 ulp */
    splat_w(V(2), 0x00800000);
    VsrW(V(1), 1) = 0x80000001;          /* a negative denormal operand */
    VsrW(V(2), 1) = 0;
    run(vx(74, 3, 1, 2));                /* vsubfp */
    g_assert_cmpuint(VsrW(V(3), 0), ==, 0x00000001);
    g_assert_cmpuint(VsrW(V(3), 1), ==, 0x80000001);
    cpu->vscr = VSCR_NJ_BIT;
    run(vx(74, 3, 1, 2));
    g_assert_cmpuint(VsrW(V(3), 0), ==, 0);
    g_assert_cmpuint(VsrW(V(3), 1), ==, 0x80000000);

    /* NJ: tininess is detected before rounding (4.4.5): 2^-126 * (1 - 2^-30) rounds to the
     * smallest normal but underflowed, so it is flushed; in Java mode it stays 2^-126 */
    splat_w(V(1), fbits(-0x1p-30f));
    splat_w(V(2), 0x00800000);
    run(va(46, 4, 1, 2, 2));             /* vmaddfp v4 = v1 * v2 + v2 */
    g_assert_cmpuint(VsrW(V(4), 0), ==, 0);
    splat_w(V(1), fbits(0x1p-30f));
    run(va(47, 4, 1, 2, 2));             /* vnmsubfp v4 = -(v1 * v2 - v2) */
    g_assert_cmpuint(VsrW(V(4), 0), ==, 0);
    /* 2^-126 - 2^-226: a double rounds it to 2^-126, the exact sum is still tiny */
    splat_w(V(1), fbits(0x1p-100f));
    splat_w(V(5), 0x80800000);           /* -2^-126 */
    run(va(46, 4, 1, 2, 5));             /* vmaddfp v4 = v1 * v5 + v2 */
    g_assert_cmpuint(VsrW(V(4), 0), ==, 0);
    splat_w(V(1), 0x80800000);
    splat_w(V(2), 0x34000000);           /* -2^-126 + 2^-23 is normal */
    run(vx(10, 3, 1, 2));                /* vaddfp: ordinary result untouched */
    g_assert_cmpuint(VsrW(V(3), 0), ==, fbits(0x1p-23f - 0x1p-126f));
    cpu->vscr = 0;
    splat_w(V(1), fbits(-0x1p-30f));
    splat_w(V(2), 0x00800000);
    run(va(46, 4, 1, 2, 2));
    g_assert_cmpuint(VsrW(V(4), 0), ==, 0x00800000);

    /* vlogefp: the single nearest log2(x) (glibc's log2f is 1 ulp off at this x: log2 is
     * 1.5588422418, between 0x3fc78824 = 1.5588421822 and 0x3fc78825 = 1.5588423014);
     * special values of 6.9.2: +0 -> -inf, +inf -> +inf, negative -> QNaN */
    cpu->vscr = 0;
    VsrW(V(1), 0) = 0x403c8e1a;          /* 2.9461732 */
    VsrW(V(1), 1) = 0;
    VsrW(V(1), 2) = 0x7f800000;
    VsrW(V(1), 3) = fbits(-1.0f);
    run(vx(458, 3, 0, 1));               /* vlogefp */
    g_assert_cmpuint(VsrW(V(3), 0), ==, 0x3fc78825);
    g_assert_cmpuint(VsrW(V(3), 1), ==, 0xff800000);
    g_assert_cmpuint(VsrW(V(3), 2), ==, 0x7f800000);
    g_assert_cmpuint(VsrW(V(3), 3) & 0x7fc00000, ==, 0x7fc00000);

    /* max/min order the zeros */
    cpu->vscr = 0;
    splat_w(V(1), 0x80000000);
    splat_w(V(2), 0);
    run(vx(1034, 3, 1, 2));              /* vmaxfp */
    g_assert_cmpuint(VsrW(V(3), 0), ==, 0);
    run(vx(1098, 3, 2, 1));              /* vminfp */
    g_assert_cmpuint(VsrW(V(3), 0), ==, 0x80000000);
}

static void test_vmx_fp_convert_round(void)
{
    setup_cpu(false);
    VsrW(V(1), 0) = fbits(3.7f);
    VsrW(V(1), 1) = fbits(-1e10f);
    VsrW(V(1), 2) = fbits(-3.7f);
    VsrW(V(1), 3) = 0x7fc00000;
    run(vx(970, 2, 1, 1));               /* vctsxs v2, v1, 1: x * 2, truncated */
    g_assert_cmpint(VsrSW(V(2), 0), ==, 7);
    g_assert_cmpint(VsrSW(V(2), 1), ==, INT32_MIN);
    g_assert_cmpint(VsrSW(V(2), 2), ==, -7);
    g_assert_cmpint(VsrSW(V(2), 3), ==, 0);
    g_assert_cmpuint(cpu->vscr, ==, VSCR_SAT_BIT);
    /* a NaN alone converts to 0 and does not saturate */
    cpu->vscr = 0;
    splat_w(V(4), 0x7fc00000);
    run(vx(970, 5, 1, 4));
    g_assert_true(V(5)->u128 == 0);
    g_assert_cmpuint(cpu->vscr, ==, 0);
    run(vx(906, 2, 0, 1));               /* vctuxs: negatives saturate to 0 */
    g_assert_cmpuint(VsrW(V(2), 0), ==, 3);
    g_assert_cmpuint(VsrW(V(2), 2), ==, 0);
    g_assert_cmpuint(cpu->vscr, ==, VSCR_SAT_BIT);

    VsrSW(V(1), 0) = -6;
    VsrW(V(1), 1) = 0xffffffff;
    run(vx(842, 2, 1, 1));               /* vcfsx v2, v1, 1: -6 / 2 */
    g_assert_cmpuint(VsrW(V(2), 0), ==, fbits(-3.0f));
    g_assert_cmpuint(VsrW(V(2), 1), ==, fbits(-0.5f));
    run(vx(778, 2, 0, 1));               /* vcfux: 0xffffffff rounds to 2^32 */
    g_assert_cmpuint(VsrW(V(2), 1), ==, fbits(4294967296.0f));

    VsrW(V(1), 0) = fbits(-1.5f);
    VsrW(V(1), 1) = fbits(2.5f);
    VsrW(V(1), 2) = fbits(-1.7f);
    VsrW(V(1), 3) = fbits(1.1f);
    run(vx(714, 2, 0, 1));               /* vrfim */
    g_assert_cmpuint(VsrW(V(2), 0), ==, fbits(-2.0f));
    run(vx(522, 2, 0, 1));               /* vrfin: ties to even */
    g_assert_cmpuint(VsrW(V(2), 1), ==, fbits(2.0f));
    run(vx(586, 2, 0, 1));               /* vrfiz */
    g_assert_cmpuint(VsrW(V(2), 2), ==, fbits(-1.0f));
    run(vx(650, 2, 0, 1));               /* vrfip */
    g_assert_cmpuint(VsrW(V(2), 3), ==, fbits(2.0f));
    g_assert_cmpuint(VsrW(V(2), 0), ==, fbits(-1.0f));
}

static void test_vmx_fp_compare(void)
{
    setup_cpu(false);
    splat_w(V(1), fbits(2.0f));
    splat_w(V(2), fbits(1.0f));
    run(vx(710 | 0x400, 3, 1, 2));       /* vcmpgtfp. all true */
    g_assert_cmpuint(ppc_get_crf(cpu, 6), ==, 8);
    VsrW(V(1), 2) = 0x7fc00000;          /* NaN compares false */
    run(vx(710 | 0x400, 3, 1, 2));
    g_assert_cmpuint(VsrW(V(3), 2), ==, 0);
    g_assert_cmpuint(VsrW(V(3), 1), ==, UINT32_MAX);
    g_assert_cmpuint(ppc_get_crf(cpu, 6), ==, 0);
    run(vx(198 | 0x400, 3, 2, 1));       /* vcmpeqfp. none */
    g_assert_cmpuint(ppc_get_crf(cpu, 6), ==, 2);
    /* vcmpbfp: |a| <= b in bounds; 2 > 1 sets bit 0, -2 < -1 bit 1 */
    VsrW(V(1), 0) = fbits(0.5f);
    VsrW(V(1), 1) = fbits(2.0f);
    VsrW(V(1), 2) = fbits(-2.0f);
    VsrW(V(1), 3) = 0x7fc00000;
    run(vx(966 | 0x400, 3, 1, 2));
    g_assert_cmpuint(VsrW(V(3), 0), ==, 0);
    g_assert_cmpuint(VsrW(V(3), 1), ==, 0x80000000);
    g_assert_cmpuint(VsrW(V(3), 2), ==, 0x40000000);
    g_assert_cmpuint(VsrW(V(3), 3), ==, 0xc0000000);
    g_assert_cmpuint(ppc_get_crf(cpu, 6), ==, 0);
    splat_w(V(1), fbits(-1.0f));
    run(vx(966 | 0x400, 3, 1, 2));
    g_assert_cmpuint(ppc_get_crf(cpu, 6), ==, 2);
}

/* ---- VSX loads, stores, moves, permutes ---- */

static void test_lxvd2x_lxvw4x_order(void)
{
    for (int le = 0; le < 2; le++) {
        setup_cpu(le);
        fill_ram_pattern();
        cpu->gpr[4] = 0x1000;
        cpu->gpr[5] = 0x3;        /* unaligned is fine for VSX */
        run(x31(844, 40, 4, 5));  /* lxvd2x vs40 */
        for (int i = 0; i < 2; i++) {
            uint64_t want = le ? le64(ram + 0x1003 + 8 * i) : be64(ram + 0x1003 + 8 * i);
            g_assert_cmpuint(VsrD(VS(40), i), ==, want);
        }
        run(x31(780, 7, 4, 5));   /* lxvw4x vs7 */
        for (int i = 0; i < 4; i++) {
            uint32_t want = le ? le32(ram + 0x1003 + 4 * i) : be32(ram + 0x1003 + 4 * i);
            g_assert_cmpuint(VsrW(VS(7), i), ==, want);
        }
        /* stxvd2x: doubleword 0 at EA, each in the current byte order */
        VsrD(VS(41), 0) = 0x0102030405060708ull;
        VsrD(VS(41), 1) = 0x1112131415161718ull;
        cpu->gpr[5] = 0x200;
        run(x31(972, 41, 4, 5));
        const uint8_t want_be[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 0x11, 0x12, 0x13, 0x14,
                                      0x15, 0x16, 0x17, 0x18 };
        const uint8_t want_le[16] = { 8, 7, 6, 5, 4, 3, 2, 1, 0x18, 0x17, 0x16, 0x15,
                                      0x14, 0x13, 0x12, 0x11 };
        g_assert_cmpmem(ram + 0x1200, 16, le ? want_le : want_be, 16);
        /* stxvw4x: word 0 at EA */
        VsrW(VS(41), 0) = 0x01020304;
        run(x31(908, 41, 4, 5));
        const uint8_t w_be[4] = { 1, 2, 3, 4 }, w_le[4] = { 4, 3, 2, 1 };
        g_assert_cmpmem(ram + 0x1200, 4, le ? w_le : w_be, 4);
        /* lxvdsx splats one doubleword */
        run(x31(332, 42, 4, 5));
        g_assert_cmpuint(VsrD(VS(42), 0), ==, VsrD(VS(42), 1));
        g_assert_cmpuint(VsrD(VS(42), 0), ==, le ? le64(ram + 0x1200) : be64(ram + 0x1200));
    }
}

static void test_vsx_scalar_ldst(void)
{
    setup_cpu(false);
    cpu->gpr[5] = 0x100;
    ram[0x100] = 0xff; ram[0x101] = 0xff; ram[0x102] = 0xff; ram[0x103] = 0xfe;   /* -2 */
    VsrD(VS(3), 1) = 0x5555;
    run(x31(76, 3, 0, 5));        /* lxsiwax */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, (uint64_t)-2);
    g_assert_cmpuint(VsrD(VS(3), 1), ==, 0x5555);
    run(x31(12, 3, 0, 5));        /* lxsiwzx */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, 0xfffffffeu);
    /* lxsspx: 1.5f, the smallest single denormal, and a signalling NaN kept as is */
    const struct { uint32_t s; uint64_t d; } conv[] = {
        { 0x3fc00000, 0x3ff8000000000000ull },
        { 0x00000001, 0x36a0000000000000ull },     /* 2^-149 */
        { 0xff800001, 0xfff0000020000000ull },
        { 0x80000000, 0x8000000000000000ull },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(conv); i++) {
        ram[0x100] = conv[i].s >> 24; ram[0x101] = conv[i].s >> 16;
        ram[0x102] = conv[i].s >> 8; ram[0x103] = conv[i].s;
        run(x31(524, 33, 0, 5));
        g_assert_cmpuint(VsrD(VS(33), 0), ==, conv[i].d);
        memset(ram + 0x200, 0, 4);
        cpu->gpr[5] = 0x200;
        run(x31(652, 33, 0, 5));  /* stxsspx back */
        g_assert_cmpuint(be32(ram + 0x200), ==, conv[i].s);
        cpu->gpr[5] = 0x100;
    }
    /* stxsiwx stores bits 32:63; stxsdx the whole doubleword */
    VsrD(VS(4), 0) = 0x1122334455667788ull;
    cpu->gpr[5] = 0x300;
    run(x31(140, 4, 0, 5));
    g_assert_cmpuint(be32(ram + 0x300), ==, 0x55667788);
    run(x31(716, 4, 0, 5));
    g_assert_cmpuint(be64(ram + 0x300), ==, 0x1122334455667788ull);
    run(x31(588, 50, 0, 5));      /* lxsdx */
    g_assert_cmpuint(VsrD(VS(50), 0), ==, 0x1122334455667788ull);
}

static void test_vsx_moves(void)
{
    setup_cpu(false);
    cpu->gpr[3] = 0xffffffff80000001ull;
    run(x31(211, 33, 3, 0));      /* mtvsrwa vs33 */
    g_assert_cmpuint(VsrD(VS(33), 0), ==, 0xffffffff80000001ull);
    run(x31(243, 2, 3, 0));       /* mtvsrwz vs2 */
    g_assert_cmpuint(VsrD(VS(2), 0), ==, 0x80000001ull);
    VsrD(VS(34), 0) = 0x0123456789abcdefull;
    run(x31(51, 34, 7, 0));       /* mfvsrd r7, vs34 */
    g_assert_cmpuint(cpu->gpr[7], ==, 0x0123456789abcdefull);
    run(x31(115, 34, 8, 0));      /* mfvsrwz r8, vs34 */
    g_assert_cmpuint(cpu->gpr[8], ==, 0x89abcdefull);
    /* FPR half needs MSR[FP], the VR half MSR[VEC]; MSR[VSX] is not involved */
    cpu->msr &= ~(MSR_FP | MSR_VSX);
    g_assert_cmpint(exec(x31(179, 5, 3, 0)), ==, EXCP_FPU_UNAVAIL);
    run(x31(179, 37, 3, 0));
    g_assert_cmpuint(VsrD(VS(37), 0), ==, cpu->gpr[3]);
    cpu->msr &= ~MSR_VEC;
    g_assert_cmpint(exec(x31(179, 37, 3, 0)), ==, EXCP_VMX_UNAVAIL);
    /* and the vector loads need MSR[VSX] */
    g_assert_cmpint(exec(x31(844, 1, 0, 5)), ==, EXCP_VSX_UNAVAIL);
}

static void test_vsx_permutes(void)
{
    setup_cpu(false);
    for (int i = 0; i < 4; i++) {
        VsrW(VS(1), i) = 0xa0 + i;
        VsrW(VS(40), i) = 0xb0 + i;
    }
    run(xx3(10 | 1 << 5, 5, 1, 40));  /* xxpermdi DM=1: XA.dw0, XB.dw1 */
    g_assert_cmpuint(VsrD(VS(5), 0), ==, VsrD(VS(1), 0));
    g_assert_cmpuint(VsrD(VS(5), 1), ==, VsrD(VS(40), 1));
    run(xx3(10 | 2 << 5, 5, 1, 40));  /* DM=2: XA.dw1, XB.dw0 (xxswapd when XA = XB) */
    g_assert_cmpuint(VsrD(VS(5), 0), ==, VsrD(VS(1), 1));
    g_assert_cmpuint(VsrD(VS(5), 1), ==, VsrD(VS(40), 0));
    run(xx3(2 | 3 << 5, 5, 1, 40));   /* xxsldwi SHW=3: a3 b0 b1 b2 */
    g_assert_cmpuint(VsrW(VS(5), 0), ==, 0xa3);
    g_assert_cmpuint(VsrW(VS(5), 1), ==, 0xb0);
    g_assert_cmpuint(VsrW(VS(5), 3), ==, 0xb2);
    run(xx2(164, 6, 2, 40));          /* xxspltw vs6, vs40, 2 */
    for (int i = 0; i < 4; i++) {
        g_assert_cmpuint(VsrW(VS(6), i), ==, 0xb2);
    }
    run(xx3(18, 7, 1, 40));           /* xxmrghw: a0 b0 a1 b1 */
    g_assert_cmpuint(VsrW(VS(7), 1), ==, 0xb0);
    g_assert_cmpuint(VsrW(VS(7), 2), ==, 0xa1);
    /* xxsel vs8, vs1, vs40, vs60: XB where XC is set */
    VsrD(VS(60), 0) = 0xffffffff00000000ull;
    VsrD(VS(60), 1) = 0;
    run(60u << 26 | 8 << 21 | 1 << 16 | 8 << 11 | 28 << 6 | 3 << 4 | 1 << 3 | 1 << 1);
    g_assert_cmpuint(VsrW(VS(8), 0), ==, 0xb0);
    g_assert_cmpuint(VsrW(VS(8), 1), ==, 0xa1);
    g_assert_cmpuint(VsrW(VS(8), 3), ==, 0xa3);
    run(xx3(154, 9, 1, 1));           /* xxlxor x, x = 0 */
    g_assert_true(VS(9)->u128 == 0);
    run(xx3(186, 9, 1, 1));           /* xxleqv x, x = ~0 */
    g_assert_true(VS(9)->u128 == ~(unsigned __int128)0);
}

/* ---- VSX floating point ---- */

#define FPSCR_FX    (1ull << 31)
#define FPSCR_FEX   (1ull << 30)
#define FPSCR_VX    (1ull << 29)
#define FPSCR_ZX    (1ull << 26)
#define FPSCR_XX    (1ull << 25)
#define FPSCR_VXSNAN (1ull << 24)
#define FPSCR_VXISI (1ull << 23)
#define FPSCR_VXVC  (1ull << 19)
#define FPSCR_FR    (1ull << 18)
#define FPSCR_FI    (1ull << 17)
#define FPSCR_FPRF(f) ((f) >> 12 & 0x1f)
#define FPSCR_VXCVI (1ull << 8)
#define FPSCR_VE    (1ull << 7)
#define FPSCR_ZE    (1ull << 4)

static uint64_t dbits(double d)
{
    uint64_t u;
    memcpy(&u, &d, 8);
    return u;
}

static void set_d(int n, double d)
{
    VsrD(VS(n), 0) = dbits(d);
}

static void test_vsx_scalar_arith(void)
{
    setup_cpu(false);
    set_d(1, 1.5);
    set_d(2, 2.25);
    run(xx3(32, 3, 1, 2));                /* xsadddp */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(3.75));
    g_assert_cmpuint(VsrD(VS(3), 1), ==, 0);
    g_assert_cmpuint(FPSCR_FPRF(cpu->fpscr), ==, 0x04);   /* + normal */
    g_assert_cmpuint(cpu->fpscr & (FPSCR_FI | FPSCR_XX | FPSCR_FX), ==, 0);

    /* 1 + 2^-60: inexact; rounds down to nearest, up toward +inf (FR) */
    set_d(2, 0x1p-60);
    set_d(1, 1.0);
    run(xx3(32, 3, 1, 2));
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(1.0));
    g_assert_cmpuint(cpu->fpscr & (FPSCR_FI | FPSCR_FR), ==, FPSCR_FI);
    g_assert_cmpuint(cpu->fpscr & (FPSCR_XX | FPSCR_FX), ==, FPSCR_XX | FPSCR_FX);
    cpu->fpscr = 2;                       /* RN = round toward +infinity */
    run(xx3(32, 3, 1, 2));
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(1.0 + 0x1p-52));
    g_assert_cmpuint(cpu->fpscr & (FPSCR_FI | FPSCR_FR), ==, FPSCR_FI | FPSCR_FR);

    /* fused multiply-add: (1 + 2^-27)^2 - (1 + 2^-26) = 2^-54, 0 if rounded twice */
    cpu->fpscr = 0;
    set_d(1, 1.0 + 0x1p-27);
    set_d(3, -(1.0 + 0x1p-26));
    run(xx3(33, 3, 1, 1));                /* xsmaddadp vs3 = vs1 * vs1 + vs3 */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(0x1p-54));
    set_d(3, 1.0 + 0x1p-27);
    set_d(2, -(1.0 + 0x1p-26));
    run(xx3(41, 3, 1, 2));                /* xsmaddmdp vs3 = vs1 * vs3 + vs2 */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(0x1p-54));
    set_d(3, -(1.0 + 0x1p-26));
    run(xx3(161, 3, 1, 1));               /* xsnmaddadp: negated */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(-0x1p-54));

    /* single-precision result rounded once: 1 + (2^-24 + 2^-60) rounds up to 1 + 2^-23
     * (via double first it would tie at 1 + 2^-24 and round to even, 1.0) */
    set_d(1, 1.0);
    set_d(2, 0x1p-24 + 0x1p-60);
    run(xx3(0, 3, 1, 2));                 /* xsaddsp */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(1.0 + 0x1p-23));
}

static void test_vsx_scalar_exceptions(void)
{
    setup_cpu(false);
    set_d(1, INFINITY);
    set_d(2, -INFINITY);
    run(xx3(32, 3, 1, 2));                /* inf + -inf */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, 0x7ff8000000000000ull);
    g_assert_cmpuint(cpu->fpscr & (FPSCR_VXISI | FPSCR_VX | FPSCR_FX), ==,
                     FPSCR_VXISI | FPSCR_VX | FPSCR_FX);
    g_assert_cmpuint(FPSCR_FPRF(cpu->fpscr), ==, 0x11);

    /* VE=1: the target keeps its value, FEX is set; MSR[FE0] takes the program interrupt */
    cpu->fpscr = FPSCR_VE;
    set_d(3, 42.0);
    run(xx3(32, 3, 1, 2));
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(42.0));
    g_assert_cmpuint(cpu->fpscr & FPSCR_FEX, ==, FPSCR_FEX);
    cpu->msr |= MSR_FE0;
    g_assert_cmpint(exec(xx3(32, 3, 1, 2)), ==, EXCP_PROGRAM);
    g_assert_cmpuint(raised_srr1, ==, SRR1_PROGFPE);
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(42.0));
    cpu->msr &= ~MSR_FE0;

    /* zero divide */
    cpu->fpscr = 0;
    set_d(1, -1.0);
    set_d(2, 0.0);
    run(xx3(56, 3, 1, 2));                /* xsdivdp */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(-INFINITY));
    g_assert_cmpuint(cpu->fpscr & FPSCR_ZX, ==, FPSCR_ZX);
    g_assert_cmpuint(FPSCR_FPRF(cpu->fpscr), ==, 0x09);
    cpu->fpscr = FPSCR_ZE;
    set_d(3, 7.0);
    run(xx3(56, 3, 1, 2));
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(7.0));

    /* NaN precedence: XA's SNaN (quieted) over XB's QNaN, VXSNAN */
    cpu->fpscr = 0;
    VsrD(VS(1), 0) = 0x7ff0000000000001ull;
    VsrD(VS(2), 0) = 0x7ff8000000000002ull;
    run(xx3(48, 3, 1, 2));                /* xsmuldp */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, 0x7ff8000000000001ull);
    g_assert_cmpuint(cpu->fpscr & FPSCR_VXSNAN, ==, FPSCR_VXSNAN);
}

static void test_vsx_scalar_compare_convert(void)
{
    setup_cpu(false);
    set_d(1, 1.0);
    set_d(2, 2.0);
    run(xx3(35, 3 << 2, 1, 2));           /* xscmpudp cr3 */
    g_assert_cmpuint(ppc_get_crf(cpu, 3), ==, 8);
    g_assert_cmpuint(FPSCR_FPRF(cpu->fpscr) & 0xf, ==, 8);
    VsrD(VS(2), 0) = 0x7ff8000000000000ull;
    run(xx3(35, 3 << 2, 1, 2));
    g_assert_cmpuint(ppc_get_crf(cpu, 3), ==, 1);
    g_assert_cmpuint(cpu->fpscr & FPSCR_VXVC, ==, 0);
    run(xx3(43, 3 << 2, 1, 2));           /* xscmpodp: a QNaN is invalid */
    g_assert_cmpuint(cpu->fpscr & FPSCR_VXVC, ==, FPSCR_VXVC);

    /* max/min: +0 > -0; a QNaN loses to a number */
    set_d(1, -0.0);
    set_d(2, 0.0);
    run(xx3(160, 3, 1, 2));               /* xsmaxdp */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(0.0));
    run(xx3(168, 3, 2, 1));               /* xsmindp */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(-0.0));
    VsrD(VS(1), 0) = 0x7ff8000000000000ull;
    run(xx3(160, 3, 1, 2));
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(0.0));

    /* to integer, truncating */
    cpu->fpscr = 0;
    set_d(1, -3.7);
    run(xx2(88, 3, 0, 1));                /* xscvdpsxws */
    g_assert_cmpuint(VsrW(VS(3), 1), ==, (uint32_t)-3);
    g_assert_cmpuint(cpu->fpscr & (FPSCR_XX | FPSCR_FI), ==, FPSCR_XX | FPSCR_FI);
    set_d(1, -1e20);
    run(xx2(88, 3, 0, 1));
    g_assert_cmpuint(VsrW(VS(3), 1), ==, 0x80000000u);
    g_assert_cmpuint(cpu->fpscr & FPSCR_VXCVI, ==, FPSCR_VXCVI);
    set_d(1, -1.0);
    run(xx2(328, 3, 0, 1));               /* xscvdpuxds: negative saturates to 0 */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, 0);
    set_d(1, 0x1p62);
    run(xx2(344, 3, 0, 1));               /* xscvdpsxds */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, 1ull << 62);
    VsrD(VS(1), 0) = (uint64_t)-5;
    run(xx2(376, 3, 0, 1));               /* xscvsxddp */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(-5.0));

    /* to single and back: 1/3 rounds to the nearest single */
    cpu->fpscr = 0;
    set_d(1, 1.0 / 3.0);
    run(xx2(265, 3, 0, 1));               /* xscvdpsp */
    g_assert_cmpuint(VsrW(VS(3), 0), ==, fbits(1.0f / 3.0f));
    g_assert_cmpuint(cpu->fpscr & FPSCR_FI, ==, FPSCR_FI);
    run(xx2(329, 4, 0, 3));               /* xscvspdp */
    g_assert_cmpuint(VsrD(VS(4), 0), ==, dbits((double)(1.0f / 3.0f)));

    /* round to integral: xsrdpi ties away from zero, xsrdpic by RN (ties to even) */
    set_d(1, -2.5);
    run(xx2(73, 3, 0, 1));
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(-3.0));
    run(xx2(107, 3, 0, 1));
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(-2.0));
    run(xx2(121, 3, 0, 1));               /* xsrdpim */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(-3.0));

    /* xsrdpic rounds like an arithmetic result (7.6.1): FI and XX when inexact, FR when the
     * magnitude grew (-0.75 -> -1 under RN = -inf), FR = 0 when it shrank; xsrdpi clears both */
    cpu->fpscr = 3;
    set_d(1, -0.75);
    run(xx2(107, 3, 0, 1));
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(-1.0));
    g_assert_cmpuint(cpu->fpscr & (FPSCR_FR | FPSCR_FI | FPSCR_XX), ==, FPSCR_FR | FPSCR_FI | FPSCR_XX);
    cpu->fpscr = 2 | FPSCR_FR;
    run(xx2(107, 3, 0, 1));               /* RN = +inf: -0.75 -> -0 */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, 1ull << 63);
    g_assert_cmpuint(cpu->fpscr & (FPSCR_FR | FPSCR_FI), ==, FPSCR_FI);
    cpu->fpscr = FPSCR_FR | FPSCR_FI;
    run(xx2(73, 3, 0, 1));                /* xsrdpi */
    g_assert_cmpuint(cpu->fpscr & (FPSCR_FR | FPSCR_FI | FPSCR_XX), ==, 0);

    /* xstdivdp: ordinary operands need no fix-up; a zero divisor sets fe and fg */
    set_d(1, 1.0);
    set_d(2, 2.0);
    run(xx3(61, 2 << 2, 1, 2));
    g_assert_cmpuint(ppc_get_crf(cpu, 2), ==, 8);
    set_d(2, 0.0);
    run(xx3(61, 2 << 2, 1, 2));
    g_assert_cmpuint(ppc_get_crf(cpu, 2), ==, 0xe);
}

/*
 * xsmaxdp, xsmindp, xvmax*, xvmin* with NaN and signed-zero operands: the
 * special-value table of 7.6.1 ("Actions for xsmaxdp"), the same for min.
 * Rows written out from the table (as modelled independently by valgrind VEX,
 * see tests/isa/REFERENCE-BUGS.md), not from the handlers:
 *   SNaN in XA         -> XA quieted, VXSNAN (whatever XB is)
 *   SNaN in XB, XA QNaN -> XA unchanged, VXSNAN
 *   SNaN in XB, XA not a NaN -> XB quieted, VXSNAN
 *   QNaN and a number  -> the number; two QNaNs -> XA; no exception
 *   max(+-0, -+0) = +0, min(+-0, -+0) = -0
 */
#define D_QA 0x7ff8000000000011ull   /* QNaN */
#define D_QB 0xfff8000000000022ull   /* QNaN, negative */
#define D_SA 0x7ff0000000000033ull   /* SNaN */
#define D_SB 0xfff0000000000044ull   /* SNaN, negative */

static const struct MaxMinCase {
    uint64_t a, b, max, min;
    bool vxsnan;
} maxmin_cases[] = {
    { D_SA, 0x3ff8000000000000ull, 0x7ff8000000000033ull, 0x7ff8000000000033ull, true },
    { D_SA, D_QB, 0x7ff8000000000033ull, 0x7ff8000000000033ull, true },
    { D_SA, D_SB, 0x7ff8000000000033ull, 0x7ff8000000000033ull, true },
    { D_QA, D_SB, D_QA, D_QA, true },
    { 0x3ff8000000000000ull, D_SB, 0xfff8000000000044ull, 0xfff8000000000044ull, true },
    { 0x8000000000000000ull, D_SB, 0xfff8000000000044ull, 0xfff8000000000044ull, true },
    { D_QA, D_QB, D_QA, D_QA, false },
    { D_QB, D_QA, D_QB, D_QB, false },
    { D_QA, 0xbff0000000000000ull, 0xbff0000000000000ull, 0xbff0000000000000ull, false },
    { 0x4000000000000000ull, D_QB, 0x4000000000000000ull, 0x4000000000000000ull, false },
    { 0x0000000000000000ull, 0x8000000000000000ull, 0, 0x8000000000000000ull, false },
    { 0x8000000000000000ull, 0x0000000000000000ull, 0, 0x8000000000000000ull, false },
    { 0x3ff0000000000000ull, 0xfff0000000000000ull, 0x3ff0000000000000ull,
      0xfff0000000000000ull, false },
};

static void test_vsx_maxmin_nan(void)
{
    setup_cpu(false);
    for (size_t i = 0; i < G_N_ELEMENTS(maxmin_cases); i++) {
        const struct MaxMinCase *c = &maxmin_cases[i];
        const uint64_t want_fx = c->vxsnan ? FPSCR_VXSNAN | FPSCR_VX | FPSCR_FX : 0;

        for (int m = 0; m < 2; m++) {
            cpu->fpscr = 0;
            VsrD(VS(1), 0) = c->a;
            VsrD(VS(2), 0) = c->b;
            VsrD(VS(3), 1) = 0x1234;
            run(xx3(m ? 168 : 160, 3, 1, 2));          /* xsmindp / xsmaxdp */
            g_assert_cmpuint(VsrD(VS(3), 0), ==, m ? c->min : c->max);
            g_assert_cmpuint(VsrD(VS(3), 1), ==, 0);
            g_assert_cmpuint(cpu->fpscr & (FPSCR_VXSNAN | FPSCR_VX | FPSCR_FX), ==, want_fx);

            /* the vector form, the case in element 1 and a plain pair in element 0 */
            cpu->fpscr = 0;
            VsrD(VS(1), 0) = dbits(2.0);
            VsrD(VS(2), 0) = dbits(-3.0);
            VsrD(VS(1), 1) = c->a;
            VsrD(VS(2), 1) = c->b;
            run(xx3(m ? 232 : 224, 4, 1, 2));          /* xvmindp / xvmaxdp */
            g_assert_cmpuint(VsrD(VS(4), 0), ==, dbits(m ? -3.0 : 2.0));
            g_assert_cmpuint(VsrD(VS(4), 1), ==, m ? c->min : c->max);
            g_assert_cmpuint(cpu->fpscr & (FPSCR_VXSNAN | FPSCR_VX | FPSCR_FX), ==, want_fx);
        }
    }

    /* single precision: the same rows on words (quiet bit 0x00400000) */
    setup_cpu(false);
    VsrW(VS(1), 0) = 0x7fc00011;                 /* QNaN vs SNaN: the QNaN in XA */
    VsrW(VS(2), 0) = 0xff800044;
    VsrW(VS(1), 1) = 0x7f800033;                 /* SNaN in XA: quieted */
    VsrW(VS(2), 1) = fbits(1.0f);
    VsrW(VS(1), 2) = fbits(-1.0f);               /* SNaN in XB, XA a number: XB quieted */
    VsrW(VS(2), 2) = 0xff800044;
    VsrW(VS(1), 3) = 0x80000000;                 /* -0 vs +0 */
    VsrW(VS(2), 3) = 0x00000000;
    run(xx3(192, 3, 1, 2));                      /* xvmaxsp */
    g_assert_cmpuint(VsrW(VS(3), 0), ==, 0x7fc00011);
    g_assert_cmpuint(VsrW(VS(3), 1), ==, 0x7fc00033);
    g_assert_cmpuint(VsrW(VS(3), 2), ==, 0xffc00044);
    g_assert_cmpuint(VsrW(VS(3), 3), ==, 0x00000000);
    g_assert_cmpuint(cpu->fpscr & (FPSCR_VXSNAN | FPSCR_FX), ==, FPSCR_VXSNAN | FPSCR_FX);
    cpu->fpscr = 0;
    VsrW(VS(2), 1) = 0xffc00022;                 /* SNaN in XA, QNaN in XB */
    run(xx3(200, 3, 1, 2));                      /* xvminsp */
    g_assert_cmpuint(VsrW(VS(3), 0), ==, 0x7fc00011);
    g_assert_cmpuint(VsrW(VS(3), 1), ==, 0x7fc00033);
    g_assert_cmpuint(VsrW(VS(3), 2), ==, 0xffc00044);
    g_assert_cmpuint(VsrW(VS(3), 3), ==, 0x80000000);
    g_assert_cmpuint(cpu->fpscr & FPSCR_VXSNAN, ==, FPSCR_VXSNAN);

    /* a QNaN alone is no exception: FX stays clear */
    cpu->fpscr = 0;
    VsrW(VS(1), 0) = 0x7fc00011;
    VsrW(VS(2), 0) = fbits(5.0f);
    VsrW(VS(1), 1) = VsrW(VS(2), 1) = fbits(1.0f);
    VsrW(VS(1), 2) = VsrW(VS(2), 2) = fbits(1.0f);
    run(xx3(192, 3, 1, 2));
    g_assert_cmpuint(VsrW(VS(3), 0), ==, fbits(5.0f));
    g_assert_cmpuint(cpu->fpscr, ==, 0);

    /* VE=1: an SNaN leaves the whole target alone, VXSNAN and FEX set; FE0 traps */
    cpu->fpscr = FPSCR_VE;
    VsrD(VS(1), 0) = D_QA;
    VsrD(VS(2), 0) = D_SB;
    set_d(3, 42.0);
    VsrD(VS(3), 1) = 0x5555;
    run(xx3(160, 3, 1, 2));                      /* xsmaxdp */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(42.0));
    g_assert_cmpuint(VsrD(VS(3), 1), ==, 0x5555);
    g_assert_cmpuint(cpu->fpscr & (FPSCR_VXSNAN | FPSCR_FEX), ==, FPSCR_VXSNAN | FPSCR_FEX);
    VsrD(VS(1), 1) = dbits(1.0);
    VsrD(VS(2), 1) = dbits(2.0);
    run(xx3(224, 3, 1, 2));                      /* xvmaxdp: element 1 fine, still no write */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(42.0));
    g_assert_cmpuint(VsrD(VS(3), 1), ==, 0x5555);
    cpu->msr |= MSR_FE0;
    g_assert_cmpint(exec(xx3(168, 3, 1, 2)), ==, EXCP_PROGRAM);
    g_assert_cmpuint(raised_srr1, ==, SRR1_PROGFPE);
    g_assert_cmpuint(VsrD(VS(3), 0), ==, dbits(42.0));
}

static void test_vsx_vector_fp(void)
{
    setup_cpu(false);
    for (int i = 0; i < 4; i++) {
        VsrW(VS(1), i) = fbits(1.0f + i);
        VsrW(VS(2), i) = fbits(0.5f * i);
    }
    run(xx3(64, 3, 1, 2));                /* xvaddsp */
    for (int i = 0; i < 4; i++) {
        g_assert_cmpuint(VsrW(VS(3), i), ==, fbits(1.0f + i + 0.5f * i));
    }
    VsrD(VS(1), 0) = dbits(3.0);
    VsrD(VS(1), 1) = dbits(-1.0);
    VsrD(VS(2), 0) = dbits(2.0);
    VsrD(VS(2), 1) = dbits(-1.0);
    run(xx3(107 | 0x80, 3, 1, 2));        /* xvcmpgtdp. : true, false */
    g_assert_cmpuint(VsrD(VS(3), 0), ==, UINT64_MAX);
    g_assert_cmpuint(VsrD(VS(3), 1), ==, 0);
    g_assert_cmpuint(ppc_get_crf(cpu, 6), ==, 0);
    run(xx3(115 | 0x80, 3, 1, 2));        /* xvcmpgedp. : all true */
    g_assert_cmpuint(ppc_get_crf(cpu, 6), ==, 8);
    run(xx3(112, 4, 1, 2));               /* xvmuldp */
    g_assert_cmpuint(VsrD(VS(4), 0), ==, dbits(6.0));
    g_assert_cmpuint(VsrD(VS(4), 1), ==, dbits(1.0));

    VsrSW(VS(5), 0) = -7;
    VsrSW(VS(5), 1) = 99;
    VsrSW(VS(5), 2) = 12;
    run(xx2(248, 6, 0, 5));               /* xvcvsxwdp: words 0 and 2 */
    g_assert_cmpuint(VsrD(VS(6), 0), ==, dbits(-7.0));
    g_assert_cmpuint(VsrD(VS(6), 1), ==, dbits(12.0));
    run(xx2(216, 7, 0, 6));               /* xvcvdpsxws: back to words 0 and 2 */
    g_assert_cmpint(VsrSW(VS(7), 0), ==, -7);
    g_assert_cmpint(VsrSW(VS(7), 2), ==, 12);
    run(xx2(393, 8, 0, 6));               /* xvcvdpsp */
    g_assert_cmpuint(VsrW(VS(8), 0), ==, fbits(-7.0f));
    g_assert_cmpuint(VsrW(VS(8), 2), ==, fbits(12.0f));
    run(xx2(457, 9, 0, 8));               /* xvcvspdp */
    g_assert_cmpuint(VsrD(VS(9), 1), ==, dbits(12.0));
    run(xx2(441, 10, 0, 8));              /* xvnegsp */
    g_assert_cmpuint(VsrW(VS(10), 0), ==, fbits(7.0f));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/insn-vec/table", test_table_no_overlap);
    g_test_add_func("/insn-vec/vmx/lvx-order", test_lvx_order);
    g_test_add_func("/insn-vec/vmx/lve-order", test_lve_order);
    g_test_add_func("/insn-vec/vmx/lvsl-lvsr", test_lvsl_lvsr);
    g_test_add_func("/insn-vec/vmx/unavailable", test_vmx_unavailable);
    g_test_add_func("/insn-vec/vmx/vperm", test_vperm);
    g_test_add_func("/insn-vec/vmx/vsldoi", test_vsldoi);
    g_test_add_func("/insn-vec/vmx/merge-splat-pack", test_merge_splat_pack);
    g_test_add_func("/insn-vec/vmx/saturating-add", test_saturating_add);
    g_test_add_func("/insn-vec/vmx/quadword-add", test_quadword_add);
    g_test_add_func("/insn-vec/vmx/multiply-sum", test_multiply_sum);
    g_test_add_func("/insn-vec/vmx/vcmpequb-cr6", test_vcmpequb_cr6);
    g_test_add_func("/insn-vec/vmx/shifts", test_shifts);
    g_test_add_func("/insn-vec/vmx/vscr", test_vscr_moves);
    g_test_add_func("/insn-vec/vmx/vpmsumd", test_vpmsumd);
    g_test_add_func("/insn-vec/vmx/vcipher-fips197", test_vcipher_fips197);
    g_test_add_func("/insn-vec/vmx/vshasigma", test_vshasigma);
    g_test_add_func("/insn-vec/vmx/bits", test_bits);
    g_test_add_func("/insn-vec/vmx/fp-arith", test_vmx_fp_arith);
    g_test_add_func("/insn-vec/vmx/fp-convert-round", test_vmx_fp_convert_round);
    g_test_add_func("/insn-vec/vmx/fp-compare", test_vmx_fp_compare);
    g_test_add_func("/insn-vec/vsx/lxvd2x-lxvw4x-order", test_lxvd2x_lxvw4x_order);
    g_test_add_func("/insn-vec/vsx/scalar-ldst", test_vsx_scalar_ldst);
    g_test_add_func("/insn-vec/vsx/moves", test_vsx_moves);
    g_test_add_func("/insn-vec/vsx/permutes", test_vsx_permutes);
    g_test_add_func("/insn-vec/vsx/fp-scalar-arith", test_vsx_scalar_arith);
    g_test_add_func("/insn-vec/vsx/fp-scalar-exceptions", test_vsx_scalar_exceptions);
    g_test_add_func("/insn-vec/vsx/fp-scalar-compare-convert", test_vsx_scalar_compare_convert);
    g_test_add_func("/insn-vec/vsx/fp-vector", test_vsx_vector_fp);
    g_test_add_func("/insn-vec/vsx/fp-maxmin-nan", test_vsx_maxmin_nan);
    return g_test_run();
}
