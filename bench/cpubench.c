/*
 * A CPU-bound guest program for bench/linux-boot.sh: three small kernels
 * (integer, memory, floating point), each timed by the guest's own clock
 * (clock_gettime CLOCK_MONOTONIC) and printed with a checksum, so that the
 * same binary can be compared across machines and its results checked to agree.
 * Built static for ppc64le: powerpc64le-linux-gnu-gcc -O2 -static.
 *
 *   cpubench [SCALE [PART]]   SCALE multiplies every kernel's work (default 1);
 *                             PART (int, mem or fp) runs that kernel alone
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Integer: xorshift, multiply, divide and a data-dependent branch. */
static uint64_t bench_int(long scale)
{
    uint64_t x = 88172645463325252ull, acc = 0;

    for (long i = 0; i < 20000000L * scale; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        if (x & 1) {
            acc += x % 1000003u;
        } else {
            acc ^= (x * 0x9e3779b97f4a7c15ull) >> 17;
        }
    }
    return acc;
}

/*
 * Memory: a random cycle through 32 MiB (every load misses the host caches
 * and the guest TLB often), then sequential copy and sum passes. Prints the
 * time of each phase (@@PHASES): the first touch of the array, the
 * shuffle, the pointer chase, the copies.
 */
static uint64_t bench_mem(long scale)
{
    const size_t n = (32u << 20) / sizeof(uint32_t);
    uint32_t *next = malloc(n * sizeof(*next));
    uint32_t *copy = malloc(n * sizeof(*copy));
    uint64_t x = 1, sum = 0;
    uint32_t p = 0;

    if (!next || !copy) {
        fprintf(stderr, "cpubench: out of memory\n");
        exit(1);
    }
    double t0 = now();
    /* Sattolo's shuffle: one cycle over all elements. */
    for (size_t i = 0; i < n; i++) {
        next[i] = (uint32_t)i;
    }
    double t1 = now();
    for (size_t i = n - 1; i > 0; i--) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        size_t j = (size_t)((x >> 33) % i);
        uint32_t t = next[i];
        next[i] = next[j];
        next[j] = t;
    }
    double t2 = now();
    for (long i = 0; i < 4000000L * scale; i++) {
        p = next[p];
        sum += p;
    }
    double t3 = now();
    for (long pass = 0; pass < 4 * scale; pass++) {
        memcpy(copy, next, n * sizeof(*copy));
        for (size_t i = 0; i < n; i += 16) {
            sum += copy[i] ^ (uint32_t)pass;
        }
    }
    printf("@@PHASES mem touch=%.3f shuffle=%.3f chase=%.3f copy=%.3f\n", t1 - t0, t2 - t1,
           t3 - t2, now() - t3);
    free(next);
    free(copy);
    return sum;
}

/* Floating point: a dense matrix product and a sqrt/divide series. */
static uint64_t bench_fp(long scale)
{
    enum { N = 160 };
    static double a[N][N], b[N][N], c[N][N];
    double s = 0;

    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            a[i][j] = (double)((i * 7 + j * 3) % 17) / 16.0;
            b[i][j] = (double)((i * 5 + j * 11) % 13) / 12.0;
        }
    }
    for (long rep = 0; rep < 2 * scale; rep++) {
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                double t = 0;
                for (int k = 0; k < N; k++) {
                    t += a[i][k] * b[k][j];
                }
                c[i][j] = t;
            }
        }
        for (int i = 0; i < N; i++) {
            s += c[i][(i * 31 + rep) % N];
        }
    }
    for (long i = 1; i <= 3000000L * scale; i++) {
        s += __builtin_sqrt((double)i) / ((double)i + 0.5);
    }
    /* The sum to 2^-20: enough to tell a wrong result from rounding order. */
    return (uint64_t)(s * 1048576.0);
}

int main(int argc, char **argv)
{
    static const struct {
        const char *name;
        uint64_t (*fn)(long);
    } kernels[] = {
        { "int", bench_int },
        { "mem", bench_mem },
        { "fp", bench_fp },
    };
    long scale = argc > 1 ? atol(argv[1]) : 1;
    const char *part = argc > 2 ? argv[2] : NULL;

    if (scale < 1 || (part && strcmp(part, "int") && strcmp(part, "mem") && strcmp(part, "fp"))) {
        fprintf(stderr, "usage: cpubench [SCALE >= 1 [int|mem|fp]]\n");
        return 1;
    }
    for (size_t i = 0; i < sizeof(kernels) / sizeof(kernels[0]); i++) {
        if (part && strcmp(part, kernels[i].name)) {
            continue;
        }
        double t0 = now();
        uint64_t check = kernels[i].fn(scale);
        printf("@@BENCH %s %.3f %016" PRIx64 "\n", kernels[i].name, now() - t0, check);
        fflush(stdout);
    }
    return 0;
}
