/*
 * Two threads of one core (-smp 2,threads=2) ring each other's directed
 * privileged doorbell (Power ISA 2.07B Book III: msgsndp with message type 5
 * and the target's TIR in RB[57:63]; the interrupt at 0xa00). Thread 0
 * starts thread 1 with RTAS start-cpu (LoPAPR 7.3.17, by its interrupt
 * server number, 1); thread 1 reports its PIR and TIR and idles in H_CEDE
 * until thread 0's doorbell wakes it, then rings thread 0, which waits in
 * H_CEDE too. Each wait gives up after 2 s of timebase and fails the test:
 * on a machine without the second thread nothing would ever arrive.
 */
#include "smp.h"

#include "ppc/spapr/papr.h"

#define DBELL_PRIV          (5ul << 27)         /* RB[32:36] = 5 */
#define WAIT_TB             (2 * SMP_TB_FREQ)

static volatile u64 doorbells[2];               /* 0xa00 interrupts taken, per thread */
static volatile u64 t1_pir = ~0ul, t1_tir = ~0ul, t1_ready, t1_done;

static u64 mfpir(void)
{
    u64 v;
    __asm__ volatile("mfspr %0, 1023" : "=r"(v));
    return v;
}

static u64 mftir(void)
{
    u64 v;
    __asm__ volatile("mfspr %0, 446" : "=r"(v));
    return v;
}

static u64 mftb(void)
{
    u64 v;
    __asm__ volatile("mftb %0" : "=r"(v));
    return v;
}

static void msgsndp(u64 tir)
{
    __asm__ volatile("msgsndp %0" : : "r"(DBELL_PRIV | tir) : "memory");
}

u64 guest_trap(u64 vector, u64 srr0, u64 srr1)
{
    (void)srr1;
    if (vector == 0xa00) {
        doorbells[mftir() & 1]++;
        return srr0;
    }
    if (vector == 0x900) {      /* the decrementer, while we sleep with EE on: rearm it */
        __asm__ volatile("mtdec %0" : : "r"(0x7fffffffu));
        return srr0;
    }
    puts_("unexpected interrupt ");
    put_hex(vector, 4);
    puts_("\n");
    guest_exit(3);
}

/* Sleep in H_CEDE (which turns MSR[EE] on) until *count moves; 0 on timeout. */
static int cede_until(volatile u64 *count)
{
    u64 start = mftb();

    while (!*count) {
        if (mftb() - start > WAIT_TB) {
            return 0;
        }
        hcall(H_CEDE, 0, 0, 0, 0, 0);
    }
    return 1;
}

static int spin_until(volatile u64 *flag)
{
    u64 start = mftb();

    while (!*flag) {
        if (mftb() - start > WAIT_TB) {
            return 0;
        }
    }
    return 1;
}

/* Thread 1, on its own stack (smp_start in smp.c). */
static void t1_main(u32 cpu)
{
    (void)cpu;
    t1_pir = mfpir();
    t1_tir = mftir();
    t1_ready = 1;
    if (cede_until(&doorbells[1])) {
        msgsndp(0);             /* thread 0 of this core */
    }
    t1_done = 1;
    for (;;) {
        hcall(H_CEDE, 0, 0, 0, 0, 0);
    }
}


static void line(const char *what, u64 a, u64 b)
{
    puts_(what);
    puts_(" PIR ");
    put_dec(a);
    puts_(" TIR ");
    put_dec(b);
    puts_("\n");
}

int main(void)
{
    int st;

    line("thread 0:", mfpir(), mftir());
    st = smp_start(1, t1_main);
    puts_(st == 0 ? "start-cpu 1: ok\n" : "start-cpu 1: failed\n");
    if (st != 0 || !spin_until(&t1_ready)) {
        puts_("thread 1 did not start\n");
        return 1;
    }
    line("thread 1:", t1_pir, t1_tir);
    msgsndp(1);
    if (!spin_until(&t1_done) || doorbells[1] != 1) {
        puts_("thread 1 took no doorbell\n");
        return 1;
    }
    puts_("thread 1: doorbell from thread 0 taken\n");
    if (!cede_until(&doorbells[0]) || doorbells[0] != 1) {
        puts_("thread 0 took no doorbell\n");
        return 1;
    }
    puts_("thread 0: doorbell from thread 1 taken\n");
    return 0;
}
