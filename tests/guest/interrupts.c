/*
 * Interrupts a bare-metal program can provoke, checked against Power ISA
 * 2.07B Book III 6.5: the program interrupt for an illegal instruction
 * (SRR1 bit 44, SRR0 = the instruction), for a trap (bit 46), the system
 * call interrupt (SRR0 = the next instruction), and the floating-point
 * unavailable interrupt (6.5.10) of lfd/stfd and their X and update forms
 * with MSR[FP] = 0, in a loop that native code runs: no access, RA not
 * updated; with MSR[FP] = 1 the accesses happen. The same for mtvsrd, fmr,
 * mfvsrd and fcmpu: no FPR, GPR or CR field written without MSR[FP]. Prints
 * one line per check.
 */
#include "guest.h"

#define MSR_FP 0x2000ul

static volatile u64 last_vector, last_srr0, last_srr1, fp_unavailable;

u64 guest_trap(u64 vector, u64 srr0, u64 srr1)
{
    last_vector = vector;
    last_srr0 = srr0;
    last_srr1 = srr1;
    if (vector == 0x800) {
        fp_unavailable++;
    }
    /* Resume after the faulting instruction; sc already points past itself. */
    return vector == 0xc00 ? srr0 : srr0 + 4;
}

#define FP_TURNS 40             /* enough turns for a block to be translated */

/*
 * FP_TURNS turns of lfd and lfdx of src[0], lfdu of src[i + 1], stfd and
 * stfdx of those to out[0] and out[1], stfdux of the lfdu's to dst[i + 1];
 * the handler skips a faulting one. *moved: how far the update forms moved
 * their RA, in bytes (lfdu's + stfdux's).
 */
static void fp_loop(const u64 *src, u64 *dst, u64 *out, u64 *moved)
{
    u64 up = (u64)src, upx = (u64)dst, turns = FP_TURNS, zero = 0;

    __asm__ volatile("mtctr %[n]\n"
                     "1: lfd   1, 0(%[s])\n"
                     "   lfdx  2, %[s], %[z]\n"
                     "   lfdu  3, 8(%[up])\n"
                     "   stfd  1, 0(%[o])\n"
                     "   stfdx 2, %[o], %[eight]\n"
                     "   stfdux 3, %[upx], %[eight]\n"
                     "   bdnz  1b\n"
                     : [up] "+b"(up), [upx] "+b"(upx)
                     : [n] "r"(turns), [s] "b"(src), [o] "b"(out), [z] "r"(zero),
                       [eight] "r"(8ul)
                     : "ctr", "memory", "fr1", "fr2", "fr3");
    *moved = (up - (u64)src) + (upx - (u64)dst);
}

/*
 * FP_TURNS turns of mtvsrd f4 = v, fmr f5 = f4, mfvsrd *out = f5 and fcmpu cr6 = f4 ? f5
 * (equal: 2): native code inlines the four, each after its MSR[FP] test. *cr6: the field
 * afterwards (0 before the loop).
 */
static void fp_move_loop(u64 v, u64 *out, u64 *cr6)
{
    u64 o = *out, turns = FP_TURNS, cr;

    __asm__ volatile("mtcrf 0x02, %[zero]\n"
                     "mtctr %[n]\n"
                     "1: mtvsrd 4, %[v]\n"
                     "   fmr    5, 4\n"
                     "   mfvsrd %[o], 5\n"
                     "   fcmpu  6, 4, 5\n"
                     "   bdnz   1b\n"
                     "   mfcr   %[cr]\n"
                     : [o] "+r"(o), [cr] "=r"(cr)
                     : [n] "r"(turns), [v] "r"(v), [zero] "r"(0ul)
                     : "ctr", "cr6", "fr4", "fr5");
    *out = o;
    *cr6 = (cr >> 4) & 0xf;
}

static void set_msr_fp(int on)
{
    u64 msr;

    __asm__ volatile("mfmsr %0" : "=r"(msr));
    msr = on ? msr | MSR_FP : msr & ~MSR_FP;
    __asm__ volatile("mtmsrd %0\n isync" ::"r"(msr) : "memory");
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

    static u64 src[FP_TURNS + 1], dst[FP_TURNS + 1], out[2];
    u64 moved;
    int same = 1, untouched = 1;
    for (int i = 0; i <= FP_TURNS; i++) {
        src[i] = 0x0123456789abcdeful * (u64)(i + 3);
    }
    set_msr_fp(0);
    fp_loop(src, dst, out, &moved);
    for (int i = 0; i <= FP_TURNS; i++) {
        untouched &= dst[i] == 0;
    }
    ok &= check("fp unavailable", moved == 0 && untouched && out[0] == 0 && out[1] == 0 &&
                                      fp_unavailable == 6 * FP_TURNS && last_vector == 0x800);
    set_msr_fp(1);
    fp_unavailable = 0;
    fp_loop(src, dst, out, &moved);
    for (int i = 1; i <= FP_TURNS; i++) {
        same &= dst[i] == src[i];
    }
    ok &= check("fp access", moved == 2 * 8 * FP_TURNS && same && out[0] == src[0] &&
                                 out[1] == src[0] && fp_unavailable == 0);

    /* The same for the FPR moves and fcmpu: no register written without MSR[FP]. */
    u64 moved_out = 7, cr6;
    set_msr_fp(0);
    fp_unavailable = 0;
    fp_move_loop(0x3ff8000000000000ul, &moved_out, &cr6);
    ok &= check("fp unavailable moves", moved_out == 7 && cr6 == 0 &&
                                            fp_unavailable == 4 * FP_TURNS && last_vector == 0x800);
    set_msr_fp(1);
    fp_unavailable = 0;
    fp_move_loop(0x3ff8000000000000ul, &moved_out, &cr6);
    ok &= check("fp moves", moved_out == 0x3ff8000000000000ul && cr6 == 2 && fp_unavailable == 0);
    set_msr_fp(0);

    /* The interrupt was taken in our byte order: SRR1 shows MSR[LE] as we run. */
#ifdef __LITTLE_ENDIAN__
    ok &= check("endian", (last_srr1 & 1) == 1);
#else
    ok &= check("endian", (last_srr1 & 1) == 0);
#endif
    return ok ? 0 : 1;
}
