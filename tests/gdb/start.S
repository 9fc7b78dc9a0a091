/*
 * Entry of the gdb test program. Firmware enters a -kernel image big-endian
 * with the MMU off (r3 = the device tree, if any); this program is built
 * little-endian, so its first word is chosen to mean two things: read
 * little-endian it is `tdi 0,r0,0x48` (a trap that never traps), read
 * big-endian it is `b .+8`, into a short big-endian sequence that sets
 * MSR[LE] and returns (rfid) to the little-endian code. Instruction words
 * for that sequence are written byte-swapped with .long, because the
 * assembler emits little-endian words.
 */
#define BE_INSN(x) .long ((((x) & 0xff) << 24) | (((x) & 0xff00) << 8) | \
                          (((x) >> 8) & 0xff00) | (((x) >> 24) & 0xff))

    .section .text.start, "ax"
    .globl _start
_start:
    tdi     0, 0, 0x48              /* big-endian: b .+8 */
    b       le_entry                /* little-endian: already right */
    BE_INSN(0x7d6000a6)             /* mfmsr  r11 */
    BE_INSN(0x616b0001)             /* ori    r11,r11,1 (MSR[LE]) */
    BE_INSN(0x429f0005)             /* bcl    20,31,.+4 */
    BE_INSN(0x7d4802a6)             /* mflr   r10: address of this word */
    BE_INSN(0x394a0014)             /* addi   r10,r10,20: le_entry */
    BE_INSN(0x7d5a03a6)             /* mtsrr0 r10 */
    BE_INSN(0x7d7b03a6)             /* mtsrr1 r11 */
    BE_INSN(0x4c000024)             /* rfid */
le_entry:
    mr      r31, r3                 /* the device tree, or anything */
    bcl     20, 31, 1f
1:  mflr    r12
    addis   r2, r12, (.TOC. - 1b)@ha
    addi    r2, r2, (.TOC. - 1b)@l
    addis   r1, r12, (stack_top - 1b)@ha
    addi    r1, r1, (stack_top - 1b)@l
    li      r0, 0
    stdu    r0, -64(r1)             /* an ABI frame with a null back chain */
    mr      r3, r31
    bl      main_entry
    nop
2:  b       2b

    .section .bss
    .balign 16
stack:
    .space  16384
stack_top:
