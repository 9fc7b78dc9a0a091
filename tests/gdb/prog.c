/*
 * A bare-metal program for the gdb end-to-end test: a few calls to break
 * on, globals to read and watch, and a clean power-off through RTAS (the
 * "power-off" token from the device tree in r3, called through the
 * KVMPPC_H_RTAS hypercall 0xf000 that pseries firmware's RTAS blob makes).
 * Without a device tree it stops in a loop.
 */
#include <stdint.h>

#include "ppc/spapr/papr.h"

#define FDT_MAGIC       0xd00dfeedu
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

volatile uint64_t counter;                      /* the test watches this */
uint64_t results[4];
const uint64_t pattern = 0x1122334455667788ull; /* the test reads this */

static uint32_t be32(const void *p)
{
    const uint8_t *b = p;
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return *a == *b;
}

/* The value of /rtas/<name> (one cell), or 0. */
static uint32_t fdt_rtas_prop(const uint8_t *fdt, const char *name)
{
    const uint8_t *st, *end;
    const char *strings;
    int depth = 0, in_rtas = 0;

    if (!fdt || be32(fdt) != FDT_MAGIC) {
        return 0;
    }
    st = fdt + be32(fdt + 8);
    end = st + be32(fdt + 36);
    strings = (const char *)fdt + be32(fdt + 12);
    while (st < end) {
        uint32_t tag = be32(st);
        st += 4;
        if (tag == FDT_BEGIN_NODE) {
            const char *n = (const char *)st;
            int len = 0;
            while (n[len]) {
                len++;
            }
            depth++;
            in_rtas = depth == 2 && str_eq(n, "rtas");
            st += (len + 4) & ~3;
        } else if (tag == FDT_END_NODE) {
            depth--;
            in_rtas = 0;
        } else if (tag == FDT_PROP) {
            uint32_t len = be32(st), nameoff = be32(st + 4);
            if (in_rtas && len == 4 && str_eq(strings + nameoff, name)) {
                return be32(st + 8);
            }
            st += 8 + ((len + 3) & ~3u);
        } else if (tag != FDT_NOP) {
            break;
        }
    }
    return 0;
}

static void power_off(const uint8_t *fdt)
{
    uint32_t token = fdt_rtas_prop(fdt, "power-off");
    /* RTAS arguments are big-endian words: token, nargs, nret, args..., rets... */
    static volatile uint32_t args[8] __attribute__((aligned(16)));

    if (token) {
        args[0] = __builtin_bswap32(token);
        args[1] = __builtin_bswap32(2);
        args[2] = __builtin_bswap32(1);
        args[3] = 0;
        args[4] = 0;
        register uint64_t r3 __asm__("r3") = H_RTAS;
        register uint64_t r4 __asm__("r4") = (uint64_t)(uintptr_t)args;
        __asm__ volatile("sc 1" : "+r"(r3), "+r"(r4) : : "memory", "r0", "r5", "r6", "r7",
                         "r8", "r9", "r10", "r11", "r12", "ctr", "cc");
    }
    for (;;) {
    }
}

__attribute__((noinline)) uint64_t compute(uint64_t x)
{
    uint64_t acc = x;

    for (int i = 0; i < 3; i++) {
        acc = acc * 3 + (uint64_t)i;
    }
    return acc;
}

__attribute__((noinline)) void bump(void)
{
    counter = counter + 1;
}

__attribute__((noinline)) void test_done(void)
{
    __asm__ volatile("" ::: "memory");
}

void main_entry(const uint8_t *fdt);
void main_entry(const uint8_t *fdt)
{
    results[0] = compute(0x1234);
    results[1] = compute(pattern & 0xff);
    for (int i = 0; i < 3; i++) {
        bump();
    }
    test_done();
    power_off(fdt);
}
