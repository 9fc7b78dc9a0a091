/*
 * Interrupts a bare-metal program can provoke, checked against Power ISA
 * 2.07B Book III 6.5: the program interrupt for an illegal instruction
 * (SRR1 bit 44, SRR0 = the instruction), for a trap (bit 46), and the system
 * call interrupt (SRR0 = the next instruction). Prints one line per check.
 */
#include "guest.h"

static volatile u64 last_vector, last_srr0, last_srr1;

u64 guest_trap(u64 vector, u64 srr0, u64 srr1)
{
    last_vector = vector;
    last_srr0 = srr0;
    last_srr1 = srr1;
    /* Resume after the faulting instruction; sc already points past itself. */
    return vector == 0xc00 ? srr0 : srr0 + 4;
}

static int check(const char *what, int ok)
{
    puts_(what);
    puts_(ok ? " ok\n" : " FAIL\n");
    return ok;
}

extern const u32 illegal_at[], trap_at[], sc_at[];

int main(void)
{
    int ok = 1;

    __asm__ volatile(".globl illegal_at\nillegal_at: .long 0x00000000" ::: "memory");
    ok &= check("illegal", last_vector == 0x700 && last_srr0 == (u64)illegal_at &&
                           (last_srr1 & 0x80000) && !(last_srr1 & 0x20000));

    __asm__ volatile(".globl trap_at\ntrap_at: tw 31,0,0" ::: "memory");
    ok &= check("trap", last_vector == 0x700 && last_srr0 == (u64)trap_at && (last_srr1 & 0x20000));

    __asm__ volatile(".globl sc_at\nsc_at: sc" ::: "memory", "r0", "r3", "r4", "r5", "r6", "r7",
                     "r8", "r9", "r10", "r11", "r12", "ctr", "lr", "cr0");
    ok &= check("syscall", last_vector == 0xc00 && last_srr0 == (u64)sc_at + 4);

    /* The interrupt was taken in our byte order: SRR1 shows MSR[LE] as we run. */
#ifdef __LITTLE_ENDIAN__
    ok &= check("endian", (last_srr1 & 1) == 1);
#else
    ok &= check("endian", (last_srr1 & 1) == 0);
#endif
    return ok ? 0 : 1;
}
