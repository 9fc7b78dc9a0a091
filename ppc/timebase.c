/*
 * Timebase and decrementer (Power ISA 2.07B Book II 5, Book III 7). The
 * timebase ticks at the advertised 512 MHz of virtual time, so it stands still
 * while the machine is stopped and follows instructions under -icount. The
 * 32-bit decrementer counts down at the same rate and requests its interrupt
 * while its sign bit is set (POWER8 behaviour with LPCR[LD]=0).
 */
#include "core/timer.h"
#include "ppc/cpu.h"

#define TB_FREQ 512000000ull

static uint64_t ns_to_tb(int64_t ns)
{
    return (uint64_t)(((unsigned __int128)(uint64_t)ns * TB_FREQ) / NANOSECONDS_PER_SECOND);
}

static int64_t tb_to_ns(uint64_t tb)
{
    return (int64_t)(((unsigned __int128)tb * NANOSECONDS_PER_SECOND + TB_FREQ - 1) / TB_FREQ);
}

uint64_t ppc_get_tb(PowerPCCPU *cpu)
{
    return ns_to_tb(clock_get_ns(CLOCK_VIRTUAL)) + (uint64_t)cpu->tb_offset;
}

void ppc_set_tb(PowerPCCPU *cpu, uint64_t tb)
{
    cpu->tb_offset = (int64_t)(tb - ns_to_tb(clock_get_ns(CLOCK_VIRTUAL)));
}

void ppc_copy_tb(PowerPCCPU *dst, const PowerPCCPU *src)
{
    dst->tb_offset = src->tb_offset;
}

uint32_t ppc_get_dec(PowerPCCPU *cpu)
{
    uint64_t elapsed = ppc_get_tb(cpu) - (uint64_t)cpu->dec_base_tb;
    return (uint32_t)(cpu->dec_written - elapsed);
}

/* The timer fires when the sign bit sets: dec_written + 1 ticks after dec_base_tb. */
static void dec_arm(PowerPCCPU *cpu)
{
    uint64_t tick = (uint64_t)cpu->dec_base_tb + cpu->dec_written + 1;

    timer_mod(cpu->dec_timer, tb_to_ns(tick - (uint64_t)cpu->tb_offset));
}

/*
 * On the main loop. dec_base_tb and dec_written belong to the vCPU's thread,
 * which reads them without a lock (mfdec): only read here, never written.
 */
static void dec_expired(void *opaque)
{
    PowerPCCPU *cpu = opaque;

    if ((int32_t)ppc_get_dec(cpu) < 0) {
        ppc_set_irq(cpu, PPC_IRQ_DECR, true);
    } else {
        /* Fired a little early (rounding): try again at the exact tick. */
        dec_arm(cpu);
    }
}

void ppc_set_dec(PowerPCCPU *cpu, uint32_t dec)
{
    uint64_t now = ppc_get_tb(cpu);

    cpu->dec_base_tb = (int64_t)now;
    cpu->dec_written = (uint64_t)(int64_t)(int32_t)dec;
    if (!cpu->dec_timer) {
        cpu->dec_timer = timer_new(CLOCK_VIRTUAL, dec_expired, cpu);
    }
    if ((int32_t)dec < 0) {
        timer_del(cpu->dec_timer);
        ppc_set_irq(cpu, PPC_IRQ_DECR, true);
        return;
    }
    ppc_set_irq(cpu, PPC_IRQ_DECR, false);
    dec_arm(cpu);
}
