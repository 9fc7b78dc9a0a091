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
    return bad ? 1 : 0;
}
