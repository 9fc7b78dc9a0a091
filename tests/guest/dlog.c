/*
 * The -d test program: calls a function made of five known instructions
 * (so -d in_asm shows exactly them as one translation block), then executes
 * an illegal instruction word (so -d int shows a program interrupt, vector
 * 0x700, with SRR0 = that word; Power ISA 2.07B Book III 6.5.9).
 * run-dlog.sh finds both addresses with nm and checks the log.
 */
#include "guest.h"

/*
 * known_seq: li r3,0x1234; addi r3,r3,5; mulli r4,r3,3; xor r3,r3,r4; blr.
 * Computes (0x1239 ^ 0x36ab) = 0x2492, printed so the test also sees it ran.
 */
__asm__(".text\n"
        ".globl known_seq\n"
        ".balign 16\n"
        "known_seq:\n"
        "    li    3, 0x1234\n"
        "    addi  3, 3, 5\n"
        "    mulli 4, 3, 3\n"
        "    xor   3, 3, 4\n"
        "    blr\n");

u64 known_seq(void);

static volatile u64 trapped_vector, trapped_srr0;

u64 guest_trap(u64 vector, u64 srr0, u64 srr1)
{
    (void)srr1;
    trapped_vector = vector;
    trapped_srr0 = srr0;
    return srr0 + 4;    /* skip the illegal word */
}

int main(void)
{
    u64 v = known_seq();

    puts_("known_seq = 0x");
    put_hex(v, 4);
    puts_("\n");
    __asm__ volatile(".globl illegal_at\nillegal_at: .long 0x00000000" ::: "memory");
    puts_("trapped 0x");
    put_hex(trapped_vector, 3);
    puts_("\n");
    return v == 0x2492 && trapped_vector == 0x700 ? 0 : 1;
}
