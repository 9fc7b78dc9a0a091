/*
 * Runs of loads and stores off one base register (ppc/jit-ppc.c emit_run:
 * one TLB test for the run's whole span, a cold copy that tests each access
 * alone when the span is not one mapped page). Each check is a run written
 * in assembly, so the instructions are consecutive; the expected values are
 * worked out here from the data. Power ISA 2.07B Book I 3.3.2-3.3.3 (the
 * accesses), Book III 5.7 (the two translated pages: adjacent effective
 * pages on physical pages in the opposite order, and an unmapped one after
 * them, whose accesses take a data storage interrupt, 6.5.3).
 */
#include "guest.h"

#define VSID        0x10ul
#define SEG_EA      0xc000000000000000ul
#define EA_A        (SEG_EA + 0x10000)      /* -> phys[1] */
#define EA_B        (SEG_EA + 0x11000)      /* -> phys[0] */
#define EA_HOLE     (SEG_EA + 0x12000)      /* not mapped */
#define SENTINEL    0x5a5a5a5a5a5a5a5aul

static u8 phys[2][4096] __attribute__((aligned(4096)));
static u8 copy_src[3 * 4096] __attribute__((aligned(4096)));
static u8 copy_dst[3 * 4096] __attribute__((aligned(4096)));

static volatile u64 dsi_count, dsi_dar[4], dsi_srr0[4];

u64 guest_trap(u64 vector, u64 srr0, u64 srr1)
{
    if (vector != 0x300) {
        guest_trap_unexpected(vector, srr0, srr1);
    }
    u64 dar;
    __asm__ volatile("mfdar %0" : "=r"(dar));
    if (dsi_count < 4) {
        dsi_dar[dsi_count] = dar;
        dsi_srr0[dsi_count] = srr0;
    }
    dsi_count++;
    return srr0 + 4;    /* skip the access: its target register keeps its value */
}

static int check(const char *what, int ok)
{
    puts_(what);
    puts_(ok ? " ok\n" : " FAIL\n");
    return ok;
}

/* The byte at an effective address of the mapping, and 8 of them as a u64 (guest order). */
static u8 *mapped(u64 ea)
{
    return ea >= EA_B ? &phys[0][ea - EA_B] : &phys[1][ea - EA_A];
}

static u64 mapped_u64(u64 ea)
{
    u8 b[8];
    u64 v;

    for (int i = 0; i < 8; i++) {
        b[i] = *mapped(ea + i);
    }
    memcpy(&v, b, 8);
    return v;
}

#define DR_ON  "mfmsr 9\n ori 9,9,0x10\n mtmsrd 9\n isync\n"
#define DR_OFF "mfmsr 9\n li 10,0x10\n andc 9,9,10\n mtmsrd 9\n isync\n"

/* Four ld off base, with data relocation on or off; registers start as SENTINEL. */
static void load4(u64 base, int translate, u64 out[4])
{
    register u64 r3 __asm__("r3") = SENTINEL, r4 __asm__("r4") = SENTINEL;
    register u64 r5 __asm__("r5") = SENTINEL, r6 __asm__("r6") = SENTINEL;
    register u64 r8 __asm__("r8") = base, r7 __asm__("r7") = (u64)translate;

    __asm__ volatile("cmpdi 7,0\n beq 1f\n" DR_ON "1:\n"
                     "ld 3,0(8)\n ld 4,8(8)\n ld 5,16(8)\n ld 6,24(8)\n"
                     "cmpdi 7,0\n beq 2f\n" DR_OFF "2:\n"
                     : "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6)
                     : "r"(r8), "r"(r7)
                     : "r9", "r10", "cr0", "memory");
    out[0] = r3, out[1] = r4, out[2] = r5, out[3] = r6;
}

/* Four std off base (offsets 24, 16, 8, 0: the first is not the lowest). */
static void store4(u64 base, int translate, const u64 v[4])
{
    register u64 r3 __asm__("r3") = v[0], r4 __asm__("r4") = v[1];
    register u64 r5 __asm__("r5") = v[2], r6 __asm__("r6") = v[3];
    register u64 r8 __asm__("r8") = base, r7 __asm__("r7") = (u64)translate;

    __asm__ volatile("cmpdi 7,0\n beq 1f\n" DR_ON "1:\n"
                     "std 6,24(8)\n std 5,16(8)\n std 4,8(8)\n std 3,0(8)\n"
                     "cmpdi 7,0\n beq 2f\n" DR_OFF "2:\n"
                     :
                     : "r"(r3), "r"(r4), "r"(r5), "r"(r6), "r"(r8), "r"(r7)
                     : "r9", "r10", "cr0", "memory");
}

static int check_load4(const char *what, u64 base, int translate)
{
    u64 got[4];
    int ok = 1;

    load4(base, translate, got);
    for (int i = 0; i < 4; i++) {
        u64 want;
        if (translate) {
            want = mapped_u64(base + 8 * i);
        } else {
            memcpy(&want, (const void *)(base + 8 * i), 8);
        }
        ok &= got[i] == want;
    }
    return check(what, ok);
}

static int check_store4(const char *what, u64 base, int translate)
{
    u64 v[4] = { 0x0102030405060708ul, 0x1112131415161718ul, 0x2122232425262728ul,
                 0x3132333435363738ul };
    int ok = 1;

    store4(base, translate, v);
    for (int i = 0; i < 4; i++) {
        u64 got;
        if (translate) {
            got = mapped_u64(base + 8 * i);
        } else {
            memcpy(&got, (const void *)(base + 8 * i), 8);
        }
        ok &= got == v[i];
    }
    return check(what, ok);
}

/* lbz, lhz, lwz, lha, lwa, ld off one base: zero and sign extension inside a run. */
static int check_sizes(void)
{
    static u8 buf[64] __attribute__((aligned(64)));
    u64 got[6];

    for (int i = 0; i < 64; i++) {
        buf[i] = (u8)(0x80 + i * 3);
    }
    __asm__ volatile("lbz 3,1(%1)\n lhz 4,2(%1)\n lwz 5,4(%1)\n lha 6,10(%1)\n lwa 7,12(%1)\n"
                     "ld 9,16(%1)\n"
                     "std 3,0(%0)\n std 4,8(%0)\n std 5,16(%0)\n std 6,24(%0)\n std 7,32(%0)\n"
                     "std 9,40(%0)\n"
                     : : "b"(got), "b"(buf)
                     : "r3", "r4", "r5", "r6", "r7", "r9", "memory");
    u16 h2, h10;
    u32 w4, w12;
    u64 d16;
    memcpy(&h2, buf + 2, 2), memcpy(&w4, buf + 4, 4), memcpy(&h10, buf + 10, 2);
    memcpy(&w12, buf + 12, 4), memcpy(&d16, buf + 16, 8);
    return check("sizes", got[0] == buf[1] && got[1] == h2 && got[2] == w4 &&
                          got[3] == (u64)(long)(short)h10 && got[4] == (u64)(long)(int)w12 &&
                          got[5] == d16);
}

/* The run's third and fourth loads take a DSI: the first two have landed, the rest not. */
static int check_fault(void)
{
    u64 base = EA_HOLE - 16, got[4];

    dsi_count = 0;
    load4(base, 1, got);
    return check("fault", dsi_count == 2 && dsi_dar[0] == EA_HOLE && dsi_dar[1] == EA_HOLE + 8 &&
                          dsi_srr0[1] == dsi_srr0[0] + 4 &&
                          got[0] == mapped_u64(base) && got[1] == mapped_u64(base + 8) &&
                          got[2] == SENTINEL && got[3] == SENTINEL);
}

/*
 * A copy loop of 32 bytes a turn (four ld, four std, as glibc's), over
 * buffers offset so that some turns' spans cross a page: every byte must
 * arrive, whichever path each turn took.
 */
static int check_copy_loop(void)
{
    u64 n = (2 * 4096) / 32;

    for (unsigned i = 0; i < sizeof(copy_src); i++) {
        copy_src[i] = (u8)(i * 13 + (i >> 8));
        copy_dst[i] = 0;
    }
    u64 src = (u64)copy_src + 4, dst = (u64)copy_dst + 12;
    __asm__ volatile("mtctr %2\n"
                     "1: ld 6,0(%0)\n ld 7,8(%0)\n ld 8,16(%0)\n ld 0,24(%0)\n addi %0,%0,32\n"
                     "std 6,0(%1)\n std 7,8(%1)\n std 8,16(%1)\n std 0,24(%1)\n addi %1,%1,32\n"
                     "bdnz 1b\n"
                     : "+b"(src), "+b"(dst)
                     : "r"(n)
                     : "r0", "r6", "r7", "r8", "ctr", "memory");
    int ok = 1;
    for (u64 i = 0; i < n * 32; i++) {
        ok &= copy_dst[12 + i] == copy_src[4 + i];
    }
    ok &= copy_dst[11] == 0 && copy_dst[12 + n * 32] == 0;
    return check("copy loop", ok);
}

/*
 * Code rewritten by a run of stores (Book II 1.8: then dcbst, sync, icbi,
 * isync): the page holds a translated block, so the run's stores must be
 * seen, and the new code run.
 */
static u32 code_buf[1024] __attribute__((aligned(4096)));

static int check_code_store(void)
{
    typedef u64 (*Fn)(void);
    Fn fn = (Fn)(void *)code_buf;

    code_buf[0] = 0x38600001u;                      /* li r3,1 */
    code_buf[1] = 0x4e800020u;                      /* blr */
    for (int i = 0; i < 3; i++) {
        __asm__ volatile("dcbst 0,%0; sync; icbi 0,%0; isync" : : "r"(&code_buf[i]) : "memory");
    }
    u64 before = fn();
    /* li r3,2; addi r3,r3,5; blr */
    __asm__ volatile("stw %1,0(%0)\n stw %2,4(%0)\n stw %3,8(%0)\n"
                     : : "b"(code_buf), "r"(0x38600002u), "r"(0x38630005u), "r"(0x4e800020u)
                     : "memory");
    for (int i = 0; i < 3; i++) {
        __asm__ volatile("dcbst 0,%0; sync; icbi 0,%0; isync" : : "r"(&code_buf[i]) : "memory");
    }
    u64 after = fn();
    return check("code store", before == 1 && after == 7);
}

int main(void)
{
    int ok = 1;

    for (int p = 0; p < 2; p++) {
        for (int i = 0; i < 4096; i++) {
            phys[p][i] = (u8)(i * 7 + p * 101 + (i >> 8));
        }
    }
    if (guest_map_page(VSID, EA_A, (u64)phys[1]) || guest_map_page(VSID, EA_B, (u64)phys[0])) {
        puts_("H_ENTER failed\n");
        return 1;
    }
    __asm__ volatile("slbmte %0, %1\n isync" : : "r"(VSID << 12), "r"(SEG_EA | 0x08000000ul));

    /* Twice each: the first time fills the TLB through the cold copy, the second hits. */
    for (int pass = 0; pass < 2; pass++) {
        ok &= check_load4("load, one page, real", (u64)copy_src + 256, 0);
        ok &= check_load4("load, one page, translated", EA_A + 256, 1);
        ok &= check_load4("load, across pages, real", (u64)copy_src + 4096 - 12, 0);
        ok &= check_load4("load, across pages, translated", EA_B - 12, 1);
        ok &= check_store4("store, one page, translated", EA_B + 512, 1);
        ok &= check_store4("store, across pages, translated", EA_B - 20, 1);
        ok &= check_store4("store, across pages, real", (u64)copy_dst + 4096 - 4, 0);
    }
    ok &= check_sizes();
    ok &= check_fault();
    ok &= check_copy_loop();
    ok &= check_code_store();
    return ok ? 0 : 1;
}
