/*
 * SMP helpers for the bare-metal guest tests (see smp.h). Secondary vCPUs
 * enter through RTAS start-cpu (LoPAPR 7.3.17.2): real mode, big-endian,
 * r3 = the value vCPU 0 passed, here the top of the vCPU's own stack. They
 * leave through RTAS stop-self (7.3.17.3), which needs no interrupt set-up.
 */
#include "smp.h"

#include "ppc/spapr/papr.h"

#define STACK_SIZE 16384

static u8 stacks[SMP_MAX_CPUS][STACK_SIZE] __attribute__((aligned(16)));
static void (*volatile entry_fn[SMP_MAX_CPUS])(u32 cpu);
static u32 stop_self_token;
/* RTAS arguments of each vCPU's stop-self (token, nargs, nret, status), big-endian. */
static u32 stop_args[SMP_MAX_CPUS][4] __attribute__((aligned(16)));

u64 smp_mftb(void)
{
    u64 v;
    __asm__ volatile("mftb %0" : "=r"(v));
    return v;
}

u32 smp_cpu_id(void)
{
    u64 v;
    __asm__ volatile("mfspr %0, 1023" : "=r"(v));     /* PIR */
    return (u32)v;
}

static u32 be32_of(u32 v)
{
#ifdef __LITTLE_ENDIAN__
    return __builtin_bswap32(v);
#else
    return v;
#endif
}

/* Called by smp_entry on the vCPU's own stack. */
void smp_secondary(void);
void smp_secondary(void)
{
    u32 cpu = smp_cpu_id();

    entry_fn[cpu](cpu);
    stop_args[cpu][0] = be32_of(stop_self_token);
    stop_args[cpu][1] = be32_of(0);
    stop_args[cpu][2] = be32_of(1);
    hcall(H_RTAS, (u64)stop_args[cpu], 0, 0, 0, 0);
    for (;;) {              /* stop-self returns only on failure: report nothing, just stay */
        hcall(H_CONFER, (u64)-1, 0, 0, 0, 0);
    }
}

/*
 * The start-cpu entry point. A little-endian build first switches MSR[LE]
 * on with rfid (the same words as crt0.S, stored big-endian since they run
 * before the switch), then takes r3 as its stack and finds its TOC.
 */
__asm__(
    "    .text\n"
    "    .globl smp_entry\n"
    "smp_entry:\n"
#ifdef __LITTLE_ENDIAN__
    "    .byte 0x7d,0x60,0x00,0xa6\n"   /* mfmsr r11 */
    "    .byte 0x61,0x6b,0x00,0x01\n"   /* ori r11,r11,1 */
    "    .byte 0x42,0x9f,0x00,0x05\n"   /* bcl 20,31,.+4 */
    "    .byte 0x7d,0x48,0x02,0xa6\n"   /* mflr r10 */
    "    .byte 0x39,0x4a,0x00,0x14\n"   /* addi r10,r10,20 */
    "    .byte 0x7d,0x5a,0x03,0xa6\n"   /* mtsrr0 r10 */
    "    .byte 0x7d,0x7b,0x03,0xa6\n"   /* mtsrr1 r11 */
    "    .byte 0x4c,0x00,0x00,0x24\n"   /* rfid */
#endif
    "    mr 1, 3\n"
    "    li 0, 0\n"
    "    stdu 0, -64(1)\n"
    "    lis 2, .TOC.@ha\n"
    "    addi 2, 2, .TOC.@l\n"
    "    bl smp_secondary\n"
    "1:  b 1b\n");
extern const u32 smp_entry[];

int smp_start(u32 server, void (*fn)(u32 cpu))
{
    u32 rets[1], len;
    const u8 *tok;

    if (server >= SMP_MAX_CPUS) {
        return -3;
    }
    if (!stop_self_token) {
        tok = guest_fdt_prop("rtas", "stop-self", &len);
        if (!tok || len != 4) {
            return -99;
        }
        stop_self_token = (u32)tok[0] << 24 | (u32)tok[1] << 16 | (u32)tok[2] << 8 | tok[3];
    }
    entry_fn[server] = fn;
    smp_sync();
    return rtas_call("start-cpu", 3, 1, rets, server, (u32)(u64)smp_entry,
                     (u32)(u64)(stacks[server] + STACK_SIZE));
}

u64 smp_option(const char *key, u64 dflt)
{
    u32 len;
    const char *s = guest_fdt_prop("chosen", "bootargs", &len);

    for (u32 i = 0; s && i < len && s[i]; i++) {
        u32 k = 0;
        if (i > 0 && s[i - 1] != ' ') {
            continue;
        }
        while (key[k] && i + k < len && s[i + k] == key[k]) {
            k++;
        }
        if (key[k] || i + k >= len || s[i + k] != '=') {
            continue;
        }
        u64 v = 0;
        for (i += k + 1; i < len && s[i] >= '0' && s[i] <= '9'; i++) {
            v = v * 10 + (u64)(s[i] - '0');
        }
        return v;
    }
    return dflt;
}

static void yield(void)
{
    hcall(H_CONFER, (u64)-1, 0, 0, 0, 0);
}

int smp_wait_eq(volatile u64 *word, u64 want, u64 timeout_s)
{
    u64 start = smp_mftb();

    /* A short spin first: with vCPUs on threads of their own the wait is usually brief. */
    for (int i = 0; i < 1000 && *word != want; i++) {
    }
    while (*word != want) {
        if (smp_mftb() - start > timeout_s * SMP_TB_FREQ) {
            return 0;
        }
        yield();
    }
    smp_sync();
    return 1;
}

void smp_wait_tb(u64 tb)
{
    while ((s64)(smp_mftb() - tb) < 0) {
    }
}

u64 smp_atomic_add(volatile u64 *p, u64 v)
{
    u64 t;

    __asm__ volatile("1: ldarx %0, 0, %2\n"
                     "   add %0, %0, %3\n"
                     "   stdcx. %0, 0, %2\n"
                     "   bne- 1b"
                     : "=&r"(t), "+m"(*p)
                     : "r"(p), "r"(v)
                     : "cr0", "memory");
    return t;
}

int smp_barrier_wait(SmpBarrier *b, u32 n, u64 timeout_s)
{
    u64 sense = b->sense;
    u64 arrived;

    smp_sync();
    arrived = smp_atomic_add(&b->count, 1);
    if (arrived == n) {
        b->count = 0;
        smp_sync();
        b->sense = sense ^ 1;
        smp_sync();
        return 1;
    }
    return smp_wait_eq(&b->sense, sense ^ 1, timeout_s);
}
