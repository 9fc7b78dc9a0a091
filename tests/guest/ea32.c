/*
 * Effective addresses in 32-bit mode (MSR[SF] = 0; Power ISA 2.07B Book I
 * 1.10.3): storage is addressed by the low 32 bits of RA + RB or RA + D,
 * whatever the high words of the registers hold and whether the sum
 * carries into them. ppc/jit-ppc.c emit_ea forms that sum with one 32-bit
 * lea; the accesses here run twice in one translated block, the first time
 * filling the TLB through the slow path, the second on the inline hit, and
 * each value read or written must be the one at the truncated address.
 */
#include "guest.h"

static u32 buf[8] __attribute__((aligned(64)));

static int check(const char *what, int ok)
{
    puts_(what);
    puts_(ok ? " ok\n" : " FAIL\n");
    return ok;
}

int main(void)
{
    int ok = 1;
    u64 base = (u64)buf;

    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < 8; i++) {
            buf[i] = 0x11111111u * (u32)(i + 1);
        }
        /* RA + RB carries out of the low word; RA's high word is garbage */
        register u64 ra __asm__("r4") = 0x8765432100000000ul | (base + 0x1000);
        register u64 rb __asm__("r5") = (u64)-0x1000l;
        register u64 rb8 __asm__("r10") = (u64)-0x1000l + 8;
        register u64 rd __asm__("r7") = 0xfedcba9800000000ul | base;
        register u64 rz __asm__("r11") = 0x0123456700000000ul | (base + 20);
        register u64 v __asm__("r8") = 0xa5a5a5a5c3c3c3c3ul;
        register u64 x1 __asm__("r3"), x2 __asm__("r6"), x3 __asm__("r12");

        __asm__ volatile("mfmsr 9\n rldicl 9,9,0,1\n mtmsrd 9\n isync\n"     /* SF off */
                         "lwzx 3,4,5\n"             /* buf[0] */
                         "lwz 6,4(7)\n"             /* buf[1] */
                         "stwx 8,4,10\n"            /* buf[2] */
                         "stw 8,12(7)\n"            /* buf[3] */
                         "lwzx 12,0,11\n"           /* buf[5]: RA = 0 */
                         "mfmsr 9\n li 0,1\n rldicr 0,0,63,0\n or 9,9,0\n mtmsrd 9\n isync\n"
                         : "=&r"(x1), "=&r"(x2), "=&r"(x3)
                         : "r"(ra), "r"(rb), "r"(rb8), "r"(rd), "r"(rz), "r"(v)
                         : "r0", "r9", "cr0", "memory");
        int loads = x1 == 0x11111111u && x2 == 0x22222222u && x3 == 0x66666666u;
        int stores = buf[2] == 0xc3c3c3c3u && buf[3] == 0xc3c3c3c3u && buf[4] == 0x55555555u &&
                     buf[1] == 0x22222222u;
        ok &= check(pass ? "loads, TLB hit" : "loads, TLB fill", loads);
        ok &= check(pass ? "stores, TLB hit" : "stores, TLB fill", stores);
    }
    return ok ? 0 : 1;
}
