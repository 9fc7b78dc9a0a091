/*
 * Self-modifying code (Power ISA 2.07B Book II 1.8: store, dcbst, sync,
 * icbi, isync before executing the new instruction). A counting loop in a
 * data buffer is run, its add immediate rewritten, and run again, many
 * times: the engine must drop the old translation and every chained jump
 * into it. A second buffer in the same page is written constantly between
 * the calls, which must not disturb anything.
 */
#include "guest.h"

#define LOOP_WORDS 7
#define K_WORD 3

static u32 code[256] __attribute__((aligned(4096)));
static u32 self_code[64] __attribute__((aligned(4096)));

typedef u64 (*LoopFn)(u64 count);

static void sync_icache(volatile u32 *p)
{
    __asm__ volatile("dcbst 0,%0; sync; icbi 0,%0; isync" : : "r"(p) : "memory");
}

/*
 * li r5,0; mtctr r3; b 1f; 1: addi r5,r5,K; bdnz 1b; mr r3,r5; blr
 * The branch ends a block that stays valid and jumps (chained, in native
 * code) into the block that gets rewritten.
 */
static void write_loop(volatile u32 *p, int k)
{
    p[0] = 0x38a00000u;                         /* li    r5,0 */
    p[1] = 0x7c6903a6u;                         /* mtctr r3 */
    p[2] = 0x48000004u;                         /* b     .+4 */
    p[3] = 0x38a50000u | (u32)(k & 0xffff);     /* addi  r5,r5,k */
    p[4] = 0x4200fffcu;                         /* bdnz  .-4 */
    p[5] = 0x7ca32b78u;                         /* mr    r3,r5 */
    p[6] = 0x4e800020u;                         /* blr */
    for (int i = 0; i < LOOP_WORDS; i++) {
        sync_icache(&p[i]);
    }
}

/*
 * A loop that rewrites its own first instruction as it runs (store, dcbst,
 * sync, icbi, none of which ends a block: the loop is one block, which
 * native code runs as a loop inside the block):
 *     mr r7,r5; mr r6,r4; li r5,0; mtctr r3; b 1f
 *  1: addi r5,r5,1; stw r6,0(r7); dcbst 0,r7; sync; icbi 0,r7; bdnz 1b
 *     mr r3,r5; blr
 * with r4 = addi r5,r5,2 and r5 = the address of the addi. Without isync
 * the architecture lets the processor run either instruction; ppc64-lite,
 * as QEMU, runs the new one from the next turn on (the dropped translation
 * must not go on looping): 1 + 2 * (count - 1).
 */
typedef u64 (*SelfFn)(u64 count, u64 word, volatile u32 *addr);

static const u32 self_loop[] = {
    0x7ca72b78u, 0x7c862378u, 0x38a00000u, 0x7c6903a6u, 0x48000004u,
    0x38a50001u, 0x90c70000u, 0x7c00386cu, 0x7c0004acu, 0x7c003facu, 0x4200ffecu,
    0x7ca32b78u, 0x4e800020u,
};
enum { SELF_ADDI = 5 };

static u64 self_modifying_loop(void)
{
    volatile u32 *p = self_code;
    SelfFn fn = (SelfFn)(void *)self_code;
    u64 bad = 0;

    for (int rep = 0; rep < 50; rep++) {
        u64 count = 100 + (u64)rep * 37;
        for (unsigned i = 0; i < sizeof(self_loop) / sizeof(self_loop[0]); i++) {
            p[i] = self_loop[i];
            sync_icache(&p[i]);
        }
        u64 got = fn(count, 0x38a50002u, &p[SELF_ADDI]);
        if (got != 1 + 2 * (count - 1)) {
            bad++;
        }
    }
    return bad;
}

int main(void)
{
    volatile u32 *loop = code;
    volatile u32 *data = code + 128;            /* same page, never executed */
    LoopFn fn = (LoopFn)(void *)code;
    u64 bad = 0, total = 0;

    write_loop(loop, 1);
    for (int k = 1; k <= 300; k++) {
        /* only the immediate changes: the block's address and shape stay the same */
        loop[K_WORD] = 0x38a50000u | (u32)k;
        sync_icache(&loop[K_WORD]);
        for (int rep = 0; rep < 3; rep++) {
            data[rep] = (u32)(k * rep);
            u64 got = fn(1000);
            total += got;
            if (got != (u64)k * 1000) {
                bad++;
            }
        }
    }
    puts_("smc bad ");
    put_dec(bad);
    puts_(" total ");
    put_hex(total, 8);
    puts_("\n");
    u64 self_bad = self_modifying_loop();
    puts_("smc self-modifying loop bad ");
    put_dec(self_bad);
    puts_("\n");
    return bad || self_bad ? 1 : 0;
}
