/*
 * Benchmark guest: double-precision floating point, the mix a numeric
 * program spends its time on: a dot product (fmadd), a multiply/add
 * recurrence (fmul, fadd, fsub) and a divide series (fdiv). Built with the
 * hardware FPU (bench/bare-metal.sh gives it -mhard-float), so it turns
 * MSR[FP] on first. Prints the result bits so a run that went wrong is
 * visible. The iteration count is fixed at build time.
 */
#include "guest.h"

#ifndef ITERS
#define ITERS 4000000
#endif

#define MSR_FP 0x2000ul

static double va[256], vb[256];

static u64 bits(double d)
{
    u64 u;
    memcpy(&u, &d, sizeof(u));
    return u;
}

/* Not inlined: its prologue saves FPRs, which needs MSR[FP] on already. */
static __attribute__((noinline)) u64 fp_work(void)
{
    for (int i = 0; i < 256; i++) {
        va[i] = 1.0 + i / 256.0;
        vb[i] = 0.75 - i / 1024.0;
    }
    /* the work per outer iteration: about 8 fmadd, 4 fmul, 4 fadd/fsub, 1 fdiv */
    double dot = 0, x = 0.5, y = 1.25, q = 0;
    for (u64 i = 0; i != ITERS / 8; i++) {
        for (int k = 0; k < 8; k++) {
            dot += va[(i + k) & 255] * vb[(i * 3 + k) & 255];
        }
        for (int k = 0; k < 4; k++) {
            x = x * 0.999 + y;
            y = y * 0.5 - x * 0.25 + 1.0;
        }
        q += va[i & 255] / (y + 3.0);
    }
    return bits(dot) ^ bits(x) ^ bits(y) ^ bits(q);
}

int main(void)
{
    u64 msr;

    __asm__ volatile("mfmsr %0" : "=r"(msr));
    __asm__ volatile("mtmsrd %0\n isync" : : "r"(msr | MSR_FP) : "memory");
    u64 r = fp_work();
    puts_("fp ");
    put_hex(r, 16);
    puts_("\n");
    return 0;
}
