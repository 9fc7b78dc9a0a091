/*
 * The POWER thread's lifecycle (ppc/cpu-lifecycle.c) and ppc_store_msr:
 * start, stop, halt, wake and what counts as work, on real vCPUs without a
 * machine. test-platform checks the same through RTAS and the hypercalls.
 */
#include <glib.h>
#include <string.h>

#include "core/memory.h"
#include "core/timer.h"
#include "ppc/cpu.h"

#define RAM (16u << 20)

static MemoryRegion root, ram;
static AddressSpace as;
static PPCHypervisor hv;
static PowerPCCPU *cpu;

static void setup(void)
{
    memory_region_init_container(&root, "root", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&ram, "ram", RAM));
    memory_region_add_subregion(&root, 0, &ram);
    address_space_init(&as, &root, "test");
    hv.ram_size = hv.rma_size = RAM;
    cpu = ppc_cpu_new(0, &as, &hv, NULL);
    g_assert_nonnull(cpu);
}

static void test_store_msr(void)
{
    ppc_cpu_reset(cpu);
    /* Problem state always translates and takes external interrupts (Book III 4.4.3). */
    ppc_store_msr(cpu, MSR_SF | MSR_PR);
    g_assert_cmphex(cpu->msr, ==, MSR_SF | MSR_PR | MSR_EE | MSR_IR | MSR_DR);

    /* Enabling EE with an interrupt pending has the engine look at it. */
    ppc_store_msr(cpu, MSR_SF);
    cpu->pending = PPC_IRQ_EXTERNAL;
    cpu->cs.interrupt_request = 0;
    ppc_store_msr(cpu, MSR_SF | MSR_ME);
    g_assert_cmpuint(cpu->cs.interrupt_request, ==, 0);
    ppc_store_msr(cpu, MSR_SF | MSR_ME | MSR_EE);
    g_assert_cmpuint(cpu->cs.interrupt_request, ==, 1);
    cpu->pending = 0;
}

static void test_has_work(void)
{
    ppc_cpu_reset(cpu);
    g_assert_false(ppc_cpu_has_work(cpu));
    cpu->pending = PPC_IRQ_DECR;
    g_assert_false(ppc_cpu_has_work(cpu));     /* EE off */
    ppc_store_msr(cpu, cpu->msr | MSR_EE);
    g_assert_true(ppc_cpu_has_work(cpu));
    ppc_store_msr(cpu, cpu->msr & ~MSR_EE);
    cpu->pending = PPC_IRQ_RESET;
    g_assert_true(ppc_cpu_has_work(cpu));      /* a system reset ignores EE */
    cpu->offline = true;
    g_assert_false(ppc_cpu_has_work(cpu));     /* nothing wakes a stopped thread */
    cpu->offline = false;
    cpu->pending = 0;
}

static void test_halt_wake(void)
{
    ppc_cpu_reset(cpu);
    /* Nothing pending: it halts; a wake ends the halt and kicks it. */
    ppc_cpu_halt(cpu);
    g_assert_true(cpu->cs.halted);
    cpu->cs.exit_request = 0;
    g_assert_true(ppc_cpu_wake(cpu));
    g_assert_false(cpu->cs.halted);
    g_assert_cmpint(cpu->cs.exit_request, ==, 1);
    /* Not halted: nothing to wake. */
    g_assert_false(ppc_cpu_wake(cpu));

    /* An interrupt it would take at once: no halt. */
    ppc_store_msr(cpu, cpu->msr | MSR_EE);
    cpu->pending = PPC_IRQ_EXTERNAL;
    ppc_cpu_halt(cpu);
    g_assert_false(cpu->cs.halted);
    cpu->pending = 0;
}

static void test_stop_start(void)
{
    ppc_cpu_reset(cpu);
    ppc_store_msr(cpu, MSR_SF | MSR_ME | MSR_EE);
    ppc_set_dec(cpu, 0x1000);
    g_assert_true(timer_pending(cpu->dec_timer));
    cpu->pending = PPC_IRQ_EXTERNAL;
    cpu->cs.exit_request = 0;

    ppc_cpu_stop(cpu);
    g_assert_true(ppc_cpu_is_stopped(cpu));
    g_assert_true(cpu->cs.halted);
    g_assert_cmpint(cpu->cs.exit_request, ==, 1);   /* it leaves the engine */
    g_assert_false(timer_pending(cpu->dec_timer));
    g_assert_cmpuint(cpu->pending, ==, 0);
    g_assert_false(cpu->msr & MSR_EE);
    /* Neither an interrupt nor a wake brings it back. */
    ppc_set_irq(cpu, PPC_IRQ_EXTERNAL, true);
    g_assert_false(ppc_cpu_has_work(cpu));
    g_assert_false(ppc_cpu_wake(cpu));
    g_assert_true(cpu->cs.halted);
    cpu->pending = 0;

    /* Started: at nia with the given MSR, reservation gone, kicked. */
    cpu->reserve_addr = 0x1000;
    cpu->gpr[3] = 0x1234;
    cpu->cs.exit_request = 0;
    g_assert_true(ppc_cpu_claim_stopped(cpu));
    ppc_cpu_start(cpu, 0x7000, MSR_SF | MSR_ME);
    g_assert_false(ppc_cpu_is_stopped(cpu));
    g_assert_false(ppc_cpu_claim_stopped(cpu));    /* running: nothing to claim */
    g_assert_false(cpu->cs.halted);
    g_assert_cmphex(cpu->cs.pc, ==, 0x7000);
    g_assert_cmphex(cpu->msr, ==, MSR_SF | MSR_ME);
    g_assert_cmphex(cpu->reserve_addr, ==, UINT64_MAX);
    g_assert_cmphex(cpu->gpr[3], ==, 0x1234);      /* registers as the caller left them */
    g_assert_cmpint(cpu->cs.exit_request, ==, 1);
}

static void test_copy_tb(void)
{
    PowerPCCPU *other = ppc_cpu_new(1, &as, &hv, NULL);

    ppc_set_tb(cpu, 0x123456789ull);
    ppc_copy_tb(other, cpu);
    /* The same offset from the one virtual clock: they read alike. */
    g_assert_cmpint(other->tb_offset, ==, cpu->tb_offset);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup();
    g_test_add_func("/cpu-lifecycle/store-msr", test_store_msr);
    g_test_add_func("/cpu-lifecycle/has-work", test_has_work);
    g_test_add_func("/cpu-lifecycle/halt-wake", test_halt_wake);
    g_test_add_func("/cpu-lifecycle/stop-start", test_stop_start);
    g_test_add_func("/cpu-lifecycle/copy-tb", test_copy_tb);
    return g_test_run();
}
