/*
 * Loops whose rarer arm sits after the loop's return, as gcc lays out an
 * if inside a loop: a bc jumps forward past the bdnz and the blr to the
 * arm, which ends with its own bdnz back to the loop head. ppc/translate.c
 * takes the arm into the loop's block (it goes on past further branches and
 * the blr while a forward target is ahead) and ppc/jit-ppc.c runs both arms
 * in the block: a forward jump over dead words, two branches back sharing
 * one set of checks, a blr leaving from inside the block. Each loop is
 * written in assembly (the layout is the point) and checked against the
 * same computation in C. A decrementer every 0.1 ms and the end of each
 * slice interrupt the loops at their branches back. Power ISA 2.07B Book I
 * 2.4 (branches), 3.3.8-3.3.13 (the arithmetic), Book III 6.5.11 (the
 * decrementer interrupt).
 */
#include "guest.h"

#define DEC_TICKS 51200u        /* 0.1 ms of the 512 MHz timebase */
#define LONG_TURNS 3000000u

static volatile u64 decs;

u64 guest_trap(u64 vector, u64 srr0, u64 srr1)
{
    if (vector != 0x900) {
        guest_trap_unexpected(vector, srr0, srr1);
    }
    decs++;
    __asm__ volatile("mtdec %0" ::"r"(DEC_TICKS));
    return srr0;        /* resume the interrupted instruction */
}

/*
 * xorshift_arms(x, n): cpubench's integer loop. Odd x: acc += x * 7 on the
 * fall-through arm; even x: acc = rotl(acc ^ x, 5) on the arm after the blr.
 */
__asm__(".text\n"
        ".globl xorshift_arms\n"
        ".balign 256\n"         /* inside one page: a block ends at a page end */
        "xorshift_arms:\n"
        "    mtctr 4\n"
        "    li    5, 0\n"
        "    li    6, 7\n"
        "1:  sldi  9, 3, 13\n"
        "    xor   3, 3, 9\n"
        "    srdi  9, 3, 7\n"
        "    xor   3, 3, 9\n"
        "    sldi  9, 3, 17\n"
        "    xor   3, 3, 9\n"
        "    andi. 10, 3, 1\n"
        "    beq   3f\n"
        "    mulld 9, 3, 6\n"
        "    add   5, 5, 9\n"
        "    bdnz  1b\n"
        "2:  mr    3, 5\n"
        "    blr\n"
        "    nop\n"
        "3:  xor   5, 5, 3\n"
        "    rotldi 5, 5, 5\n"
        "    bdnz  1b\n"
        "    b     2b\n");

static u64 xorshift_arms_c(u64 x, u64 n)
{
    u64 acc = 0;

    while (n--) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if (x & 1) {
            acc += x * 7;
        } else {
            acc ^= x;
            acc = acc << 5 | acc >> 59;
        }
    }
    return acc;
}

/*
 * skip_arms(x, n): two bcs jump forward to the same arm (x & 1 or x & 2
 * set), both from before the return; the other turns count on.
 */
__asm__(".text\n"
        ".globl skip_arms\n"
        ".balign 256\n"         /* inside one page: a block ends at a page end */
        "skip_arms:\n"
        "    mtctr 4\n"
        "    li    5, 0\n"
        "    li    6, 0\n"
        "1:  addi  3, 3, 0x135\n"
        "    andi. 10, 3, 1\n"
        "    bne   3f\n"
        "    andi. 10, 3, 2\n"
        "    bne   3f\n"
        "    addi  5, 5, 1\n"
        "    bdnz  1b\n"
        "2:  sldi  3, 6, 32\n"
        "    or    3, 3, 5\n"
        "    blr\n"
        "3:  addi  6, 6, 3\n"
        "    bdnz  1b\n"
        "    b     2b\n");

static u64 skip_arms_c(u64 x, u64 n)
{
    u64 plain = 0, odd = 0;

    while (n--) {
        x += 0x135;
        if (x & 3) {
            odd += 3;
        } else {
            plain++;
        }
    }
    return odd << 32 | plain;
}

/*
 * if_else(x, n): an if/else inside the loop: the then-arm ends with a b
 * over the else-arm (an unconditional branch inside the block), the
 * else-arm falls into the join.
 */
__asm__(".text\n"
        ".globl if_else\n"
        ".balign 256\n"         /* inside one page: a block ends at a page end */
        "if_else:\n"
        "    mtctr 4\n"
        "    li    5, 0\n"
        "1:  rldicl 10, 3, 0, 61\n"
        "    cmpdi 10, 4\n"
        "    blt   3f\n"
        "    add   5, 5, 10\n"
        "    b     4f\n"
        "3:  subf  5, 10, 5\n"
        "4:  addi  3, 3, 3\n"
        "    bdnz  1b\n"
        "    mr    3, 5\n"
        "    blr\n");

static u64 if_else_c(u64 x, u64 n)
{
    u64 acc = 0;

    while (n--) {
        u64 low = x & 7;
        if (low < 4) {
            acc -= low;
        } else {
            acc += low;
        }
        x += 3;
    }
    return acc;
}

u64 xorshift_arms(u64 x, u64 n);
u64 skip_arms(u64 x, u64 n);
u64 if_else(u64 x, u64 n);

static int check(const char *what, u64 got, u64 want)
{
    puts_(what);
    if (got == want) {
        puts_(" ok\n");
        return 1;
    }
    puts_(" FAIL: got ");
    put_hex(got, 16);
    puts_(" want ");
    put_hex(want, 16);
    puts_("\n");
    return 0;
}

/* The three loops of n turns against C; quiet: print only a mismatch. */
static int check_all(u64 n, int quiet)
{
    static const char *const what[3] = { "xorshift arms", "two bcs to one arm", "if/else" };
    const u64 got[3] = { xorshift_arms(88172645463325252ull, n), skip_arms(0x1234, n),
                         if_else(5, n) };
    const u64 want[3] = { xorshift_arms_c(88172645463325252ull, n), skip_arms_c(0x1234, n),
                          if_else_c(5, n) };
    int ok = 1;

    for (int k = 0; k < 3; k++) {
        if (!quiet || got[k] != want[k]) {
            ok &= check(what[k], got[k], want[k]);
        }
    }
    return ok;
}

int main(void)
{
    static const u64 counts[] = { 1, 2, 3, 17, LONG_TURNS };
    int ok = 1;
    u64 msr = 0;

    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1) {
            /* the second pass with the decrementer interrupting the loops */
            __asm__ volatile("mtdec %0" ::"r"(DEC_TICKS));
            __asm__ volatile("mfmsr %0" : "=r"(msr));
            __asm__ volatile("mtmsrd %0, 1" ::"r"(msr | 0x8000) : "memory");    /* MSR[EE] */
        }
        for (unsigned i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
            ok &= check_all(counts[i], 0);
        }
    }
    /*
     * The long loops run for milliseconds, but a loaded host may deliver
     * the decrementer late: they go on (checked, quietly) until it has
     * interrupted them a few times, for at most 100 more rounds.
     */
    for (int round = 0; decs <= 10 && round < 100; round++) {
        ok &= check_all(LONG_TURNS, 1);
    }
    __asm__ volatile("mtmsrd %0, 1" ::"r"(msr & ~0x8000ul) : "memory");
    ok &= check("decrementer interrupts", decs > 10, 1);
    puts_(ok ? "PASS\n" : "FAIL\n");
    guest_exit(ok ? 0 : 1);
}
