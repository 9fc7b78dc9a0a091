/*
 * Atomic counters across vCPUs (issue 16): every vCPU adds 1 to shared
 * counters with load-and-reserve / store-conditional loops (Power ISA 2.07B
 * Book II 4.4.2; reservations 1.7.3.1), and at the end each counter must hold
 * exactly vCPUs x iterations (modulo its width). A lost update (a stcx. that
 * succeeded although another vCPU stored to the location after the larx) shows
 * as a short count.
 *
 *   word        lwarx/stwcx.   `iters` times per vCPU
 *   doubleword  ldarx/stdcx.   `iters` times
 *   halfword    lharx/sthcx.   `small` times, counted modulo 2^16
 *   byte        lbarx/stbcx.   `small` times, counted modulo 2^8
 *   quadword    lqarx/stqcx.   `small` times, each doubleword of the pair + 1
 *
 * Options on the command line (-append): cpus=N (8: start-cpu 1..N-1; -smp
 * must give them), iters=N (10,000,000), small=N (iters / 10), timeout=S (60).
 * Each loop has a branch between its larx and its stcx.: with vCPUs run
 * round-robin (thread=single) a time slice can then end inside the
 * reservation, so another vCPU's update lands there and the stcx. must fail.
 * Lines starting with "# " carry figures that vary from run to run (time,
 * failed stcx. count); run-guest.sh shows them and compares the rest.
 */
#include "smp.h"

typedef struct {
    u64 word_fails, dword_fails, small_fails;
} Fails;

/* Each counter in a reservation granule (128 bytes on POWER8) of its own. */
static volatile u32 word __attribute__((aligned(128)));
static volatile u64 dword __attribute__((aligned(128)));
static volatile u16 half __attribute__((aligned(128)));
static volatile u8 byte __attribute__((aligned(128)));
static volatile u64 quad[2] __attribute__((aligned(128)));

static u64 iters, small;
static volatile u64 ready, done;
static SmpBarrier start_line;
static Fails fails[SMP_MAX_CPUS];

/*
 * A few instructions more or less on each pass: slices of a fixed number of
 * instructions then end at every point of a loop, not at the same one each time.
 */
static inline void jitter(u64 i)
{
    for (u64 k = (i ^ (i >> 3)) & 3; k; k--) {
        __asm__ volatile("");
    }
}

/*
 * One increment of *p through a reservation: LARX, add 1, STCX., again on
 * failure, counting each failed STCX. in f (the branch in between: see the
 * top comment).
 */
#define RESERVED_INC(larx, stcx, p, f)                                          \
    do {                                                                        \
        u64 t_;                                                                 \
        __asm__ volatile("1: " larx " %0, 0, %2\n"                               \
                         "   b 3f\n"                                            \
                         "3:"                                                   \
                         "   addi %0, %0, 1\n"                                  \
                         "   " stcx " %0, 0, %2\n"                               \
                         "   beq+ 2f\n"                                         \
                         "   addi %1, %1, 1\n"                                  \
                         "   b 1b\n"                                            \
                         "2:"                                                   \
                         : "=&b"(t_), "+b"(f)                                   \
                         : "r"(p)                                               \
                         : "cr0", "memory");                                    \
    } while (0)

/*
 * Each loop returns how many times its stcx. failed (and it tried again).
 * add_wide: the word (size 4: lwarx/stwcx.) or the doubleword (8: ldarx/stdcx.), n times.
 */
static u64 add_wide(int size, u64 n)
{
    u64 f = 0;

    for (u64 i = 0; i < n; i++) {
        jitter(i);
        if (size == 4) {
            RESERVED_INC("lwarx", "stwcx.", &word, f);
        } else {
            RESERVED_INC("ldarx", "stdcx.", &dword, f);
        }
    }
    return f;
}

static u64 add_small(u64 n)
{
    u64 f = 0;

    for (u64 i = 0; i < n; i++) {
        jitter(i);
        RESERVED_INC("lharx", "sthcx.", &half, f);
        jitter(i >> 2);
        RESERVED_INC("lbarx", "stbcx.", &byte, f);
        jitter(i >> 1);
        /* lqarx needs an even-odd register pair: r10/r11. */
        __asm__ volatile("1: lqarx 10, 0, %1\n"
                         "   b 3f\n"
                         "3:"
                         "   addi 10, 10, 1\n"
                         "   addi 11, 11, 1\n"
                         "   stqcx. 10, 0, %1\n"
                         "   beq+ 2f\n"
                         "   addi %0, %0, 1\n"
                         "   b 1b\n"
                         "2:"
                         : "+b"(f)
                         : "r"(quad)
                         : "r10", "r11", "cr0", "memory");
    }
    return f;
}

static void work(u32 cpu)
{
    smp_atomic_add(&ready, 1);
    if (!smp_barrier_wait(&start_line, (u32)smp_option("cpus", 8), 10)) {
        return;             /* vCPU 0 reports the missing ones */
    }
    fails[cpu].word_fails = add_wide(4, iters);
    fails[cpu].dword_fails = add_wide(8, iters);
    fails[cpu].small_fails = add_small(small);
    smp_sync();
    smp_atomic_add(&done, 1);
}

static int check(const char *what, u64 got, u64 want)
{
    puts_(what);
    if (got == want) {
        puts_(": ok\n");
        return 0;
    }
    puts_(": FAIL: ");
    put_dec(got);
    puts_(", expected ");
    put_dec(want);
    puts_("\n");
    return 1;
}

int main(void)
{
    u64 cpus = smp_option("cpus", 8), timeout = smp_option("timeout", 60);
    u64 t0, t1, total_fails = 0;
    int bad = 0;

    iters = smp_option("iters", 10000000);
    small = smp_option("small", iters / 10);
    if (cpus < 1 || cpus > SMP_MAX_CPUS) {
        puts_("cpus= must be 1..8\n");
        return 1;
    }
    for (u32 i = 1; i < cpus; i++) {
        if (smp_start(i, work) != 0) {
            puts_("start-cpu failed for vCPU ");
            put_dec(i);
            puts_("\n");
            return 1;
        }
    }
    if (!smp_wait_eq(&ready, cpus - 1, 10)) {
        puts_("FAIL: not every vCPU started\n");
        return 1;
    }
    puts_("vCPUs started\n");
    t0 = smp_mftb();
    work(0);
    if (!smp_wait_eq(&done, cpus, timeout)) {
        puts_("FAIL: not every vCPU finished within the timeout\n");
        return 1;
    }
    t1 = smp_mftb();

    /* Every vCPU added 1 per iteration: the sums follow from the options alone. */
    bad |= check("lwarx/stwcx. word", word, (u32)(cpus * iters));
    bad |= check("ldarx/stdcx. doubleword", dword, cpus * iters);
    bad |= check("lharx/sthcx. halfword", half, (u16)(cpus * small));
    bad |= check("lbarx/stbcx. byte", byte, (u8)(cpus * small));
    bad |= check("lqarx/stqcx. quadword (first doubleword)", quad[0], cpus * small);
    bad |= check("lqarx/stqcx. quadword (second doubleword)", quad[1], cpus * small);
    for (u32 i = 0; i < cpus; i++) {
        total_fails += fails[i].word_fails + fails[i].dword_fails + fails[i].small_fails;
    }
    puts_("# ");
    put_dec(cpus);
    puts_(" vCPUs x ");
    put_dec(iters);
    puts_(" (small ");
    put_dec(small);
    puts_(") in ");
    put_dec((t1 - t0) / (SMP_TB_FREQ / 1000));
    puts_(" ms; failed stcx.: ");
    put_dec(total_fails);
    puts_("\n");
    return bad;
}
