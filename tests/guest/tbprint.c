/*
 * The -icount test program: reads the timebase (mftb) around pieces of work
 * of varying length and prints each value and difference, then times a loop
 * of exactly 100000 instructions (bdnz to itself). Under -icount the
 * timebase follows the instruction count, so two runs print the same bytes;
 * run-icount.sh checks that and the rate.
 */
#include "guest.h"

static inline u64 mftb(void)
{
    u64 t;
    __asm__ volatile("mftb %0" : "=r"(t));
    return t;
}

/* Exactly n executions of bdnz (n >= 1). */
static inline void spin(u64 n)
{
    __asm__ volatile("mtctr %0\n1: bdnz 1b" : : "r"(n) : "ctr");
}

int main(void)
{
    u64 prev = mftb(), t0, t1;

    for (u64 i = 0; i < 16; i++) {
        spin(1 + (i * 37) % 11 * 1000);
        u64 t = mftb();
        puts_("tb ");
        put_hex(t, 16);
        puts_(" +");
        put_dec(t - prev);
        puts_("\n");
        prev = t;
    }
    t0 = mftb();
    spin(100000);
    t1 = mftb();
    puts_("loop100000 ");
    put_dec(t1 - t0);
    puts_("\n");
    return 0;
}
