/*
 * ppc64-lite firmware entry. The machine starts the boot CPU at 0x100 (the
 * system-reset vector) in real mode, 64-bit, big-endian, with r3 = device
 * tree, r4 = kernel entry or 0, r5 = 0. We are built big-endian, so no
 * endian switch is needed. The other vectors catch unexpected interrupts
 * and report them. Also here: the hcall stub, the kernel hand-off, and the
 * RTAS trampoline that gets copied to /rtas/linux,rtas-base.
 */
#include "ppc/spapr/papr.h"

    .section .text.head, "ax"
    .globl __image_start
__image_start:
    .space 0x100

    .globl _start
_start:                         /* 0x100 */
    b       fw_entry

    /*
     * 0x200..0xfe0: every vector, one 32-byte slot each, reports an
     * unexpected interrupt, except the two H_CEDE wakes up with (hotplug.c
     * sleeps in H_CEDE, which sets MSR[EE]): the external interrupt (0x500)
     * and the decrementer (0x900) return to after the hcall with MSR[EE]
     * cleared again, leaving the interrupt pending for H_XIRR to take.
     */
    .org    0x200
    .set    vec, 0x200
    .rept   (0x1000 - 0x200) / 0x20
    .if     vec == 0x500 || vec == 0x900
    mtsprg0 3
    mfsrr1  3
    rldicl  3, 3, 48, 1         /* MSR[EE] (bit 48) rotated to bit 0 and cleared */
    rotldi  3, 3, 16
    mtsrr1  3
    mfsprg0 3
    rfid
    .space  0x04
    .else
    li      3, vec
    b       fw_exception
    .space  0x18
    .endif
    .set    vec, vec + 0x20
    .endr

    .text
/* Stack and TOC from the link-time layout; the image runs where it is linked. */
.macro  c_env
    lis     1, __stack_top@ha
    addi    1, 1, __stack_top@l
    li      0, 0
    stdu    0, -64(1)
    lis     2, .TOC.@ha
    addi    2, 2, .TOC.@l
.endm

fw_entry:
    c_env
    bl      fw_main
1:  b       1b

fw_exception:
    mfsrr0  4
    mfsrr1  5
    c_env
    bl      fw_trap
1:  b       1b

/* long hcall(opcode, a1, a2, a3, a4): sc 1 with r3 = opcode, args in r4..r7. */
    .globl  hcall
hcall:
    sc      1
    blr

/*
 * long hcall_ret(opcode, a1, a2, a3, a4, u64 *r4): as hcall, and stores the
 * first return register (r4) at *r4. r8 is volatile across sc 1, so it is
 * kept below the stack pointer (this is a leaf: the ELFv2 red zone).
 */
    .globl  hcall_ret
hcall_ret:
    std     8, -8(1)
    sc      1
    ld      8, -8(1)
    std     4, 0(8)
    blr

/* enter_kernel(fdt, entry): r3 = fdt, r4 = r5 = 0, MMU off, EE off (as we run). */
    .globl  enter_kernel
enter_kernel:
    mtctr   4
    li      4, 0
    li      5, 0
    bctr

/*
 * The RTAS trampoline (20 bytes, big-endian code: RTAS is always entered
 * with MSR[LE] = 0). r3 = real address of rtas_args; the emulator's private
 * hcall H_RTAS takes it in r4 and does the work.
 */
    .section .rodata
    .balign 4
    .globl  rtas_trampoline, rtas_trampoline_end
rtas_trampoline:
    mr      4, 3
    lis     3, 0
    ori     3, 3, H_RTAS
    sc      1
    blr
rtas_trampoline_end:
