/*
 * Bare-metal guest entry. The firmware enters us at our load address
 * (0x400000, QEMU's convention) in real mode, big-endian, r3 = device tree.
 * 1. A little-endian program first turns MSR[LE] on with rfid; the words
 *    doing that are stored in big-endian byte order since they run before
 *    the switch.
 * 2. Copy the image down to its link address 0 (position-independent code
 *    until then), then continue there with absolute addresses.
 * 3. Stack, TOC, BSS, then guest_start(fdt).
 * Interrupt vectors at 0x100..0xf60 save the volatile state, call
 * guest_trap(vector, srr0, srr1) and rfid to the address it returns.
 */
#define BE_WORD(w) .byte ((w) >> 24) & 0xff, ((w) >> 16) & 0xff, ((w) >> 8) & 0xff, (w) & 0xff

    .section .head, "ax"
    .globl _start
_start:
#ifdef __LITTLE_ENDIAN__
    BE_WORD(0x7d6000a6)     /* mfmsr   r11 */
    BE_WORD(0x616b0001)     /* ori     r11,r11,1    (MSR[LE]) */
    BE_WORD(0x429f0005)     /* bcl     20,31,.+4 */
    BE_WORD(0x7d4802a6)     /* mflr    r10 */
    BE_WORD(0x394a0014)     /* addi    r10,r10,20   (the word after rfid) */
    BE_WORD(0x7d5a03a6)     /* mtsrr0  r10 */
    BE_WORD(0x7d7b03a6)     /* mtsrr1  r11 */
    BE_WORD(0x4c000024)     /* rfid */
#endif
    mr      31, 3
    bcl     20, 31, 1f
1:  mflr    4                       /* where label 1 runs now */
    lis     5, 1b@ha
    addi    5, 5, 1b@l              /* where it is linked */
    subf    6, 5, 4                 /* load offset */
    cmpdi   6, 0
    beq     3f
    li      7, 0                    /* destination: the link address of the image */
    lis     8, __image_end@ha
    addi    8, 8, __image_end@l
2:  ldx     9, 7, 6
    std     9, 0(7)
    addi    7, 7, 8
    cmpld   7, 8
    blt     2b
    sync
    isync
3:  lis     12, start_low@ha
    addi    12, 12, start_low@l
    mtctr   12
    bctr

    /* The interrupt vectors: one 32-byte stub each, 0x100..0xfe0. */
    .org    0x100
    .set    vec, 0x100
    .rept   (0x1000 - 0x100) / 0x20
    mtsprg1 3
    li      3, vec
    b       trap_common
    .balign 0x20
    .set    vec, vec + 0x20
    .endr

trap_common:
    stdu    1, -384(1)
    std     0, 32(1)
    mfsprg1 0
    std     0, 40(1)                /* r3 */
    std     4, 48(1)
    std     5, 56(1)
    std     6, 64(1)
    std     7, 72(1)
    std     8, 80(1)
    std     9, 88(1)
    std     10, 96(1)
    std     11, 104(1)
    std     12, 112(1)
    mflr    0
    std     0, 120(1)
    mfctr   0
    std     0, 128(1)
    mfcr    0
    std     0, 136(1)
    mfxer   0
    std     0, 144(1)
    mfsrr0  4
    mfsrr1  5
    std     5, 152(1)
    bl      guest_trap
    mtsrr0  3
    ld      5, 152(1)
    mtsrr1  5
    ld      0, 144(1)
    mtxer   0
    ld      0, 136(1)
    mtcr    0
    ld      0, 128(1)
    mtctr   0
    ld      0, 120(1)
    mtlr    0
    ld      0, 32(1)
    ld      3, 40(1)
    ld      4, 48(1)
    ld      5, 56(1)
    ld      6, 64(1)
    ld      7, 72(1)
    ld      8, 80(1)
    ld      9, 88(1)
    ld      10, 96(1)
    ld      11, 104(1)
    ld      12, 112(1)
    addi    1, 1, 384
    rfid

    .text
start_low:
    lis     1, __stack_top@ha
    addi    1, 1, __stack_top@l
    li      0, 0
    stdu    0, -64(1)
    lis     2, .TOC.@ha
    addi    2, 2, .TOC.@l
    lis     3, __bss_start@ha
    addi    3, 3, __bss_start@l
    lis     4, __bss_end@ha
    addi    4, 4, __bss_end@l
4:  cmpld   3, 4
    bge     5f
    std     0, 0(3)
    addi    3, 3, 8
    b       4b
5:  mr      3, 31
    bl      guest_start
6:  b       6b

/* long hcall(opcode, a1..a5) */
    .globl  hcall
hcall:
    sc      1
    blr
