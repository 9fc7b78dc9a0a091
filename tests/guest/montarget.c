/*
 * The monitor test program. It maps two 4 KiB pages through the hash MMU
 * (Power ISA 2.07B Book III 5.7: one SLB entry, HPTEs entered with H_ENTER):
 *   0xc000000000010000 -> data_page (a pattern in bytes 0..63, a counter at 0x100)
 *   0xc000000000020000 -> code_page (known_code: four known instructions)
 * asks for an IPI to CPU 0 at priority 0x20 (H_IPI; with CPPR 0 it stays
 * unpresented), then turns on data relocation (MSR[DR]) and loops forever at
 * spin_loop, incrementing the counter through its virtual address held in r8.
 * run-monitor.sh inspects all that with the monitor; addresses of data_page,
 * code_page and spin_loop come from nm.
 *
 * VSID 0x10 makes the primary hash of both pages independent of the table
 * size: hash = VSID ^ page index in the segment = 0x10 ^ 0x10 = 0 and
 * 0x10 ^ 0x20 = 0x30 (ISA 5.7.7.3), so no device-tree lookup is needed.
 */
#include "guest.h"

#include "ppc/spapr/papr.h"

#define VSID        0x10ul
#define SEG_EA      0xc000000000000000ul
#define DATA_EA     (SEG_EA + 0x10000)
#define CODE_EA     (SEG_EA + 0x20000)

u8 data_page[4096] __attribute__((aligned(4096)));

/* known_code: addi r5,r5,1; ori r6,r6,0x5a; rldicl r7,r5,0,32; nop */
__asm__(".text\n"
        ".balign 4096\n"
        ".globl code_page\n"
        "code_page:\n"
        ".globl known_code\n"
        "known_code:\n"
        "    addi  5, 5, 1\n"
        "    ori   6, 6, 0x5a\n"
        "    rldicl 7, 5, 0, 32\n"
        "    nop\n"
        "    blr\n"
        ".balign 4096\n");

extern const u8 code_page[];

int main(void)
{
    for (int i = 0; i < 64; i++) {
        data_page[i] = (u8)(i * 7 + 3);
    }
    if (guest_map_page(VSID, DATA_EA, (u64)data_page) ||
        guest_map_page(VSID, CODE_EA, (u64)code_page)) {
        puts_("H_ENTER failed\n");
        return 1;
    }
    /* SLB entry 0: ESID of SEG_EA, valid; VSID at bit 12 of RS, Ks = Kp = 0, 256M. */
    __asm__ volatile("slbmte %0, %1\n isync" : : "r"(VSID << 12), "r"(SEG_EA | 0x08000000ul));
    if (hcall(H_IPI, 0, 0x20, 0, 0, 0)) {
        puts_("H_IPI failed\n");
        return 1;
    }
    puts_("mapped\n");
    /* Data relocation on, then count forever through the mapping (registers only). */
    __asm__ volatile("mr    8, %0\n"
                     "mfmsr 9\n"
                     "ori   9, 9, 0x10\n"
                     "mtmsrd 9\n"
                     "isync\n"
                     ".globl spin_loop\n"
                     "spin_loop:\n"
                     "ld   10, 0(8)\n"
                     "addi 10, 10, 1\n"
                     "std  10, 0(8)\n"
                     "b    spin_loop\n"
                     : : "r"(DATA_EA + 0x100) : "r8", "r9", "r10", "memory");
    return 1;
}
