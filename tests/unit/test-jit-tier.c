/*
 * Native code on the second tier (tcg/tb.c tb_count_run): a block runs
 * jit-threshold times on the interpreter, each run coming back to the
 * dispatch loop, and gets native code at the next lookup, after which it
 * runs chained to itself without the loop. Threshold 0 makes native code at
 * translation; with the JIT off nothing is ever compiled. The guest code is
 * a two-instruction loop (addi r3,r3,1; b .-4) in the test CPU's RAM, so
 * every block run adds one to r3 and the slice (two per run) says how many
 * runs there were.
 */
#include <glib.h>

#include "ppc-test-cpu.h"
#include "tcg/tcg.h"

#define LOOP_PC 0x1000
#define ADDI_R3_1 0x38630001u   /* addi r3,r3,1 */
#define B_BACK 0x4bfffffcu      /* b .-4 */

static void put_word(PowerPCCPU *cpu, uint64_t addr, uint32_t w)
{
    for (int i = 0; i < 4; i++) {
        fake_ram[addr + i] = (uint8_t)(w >> ((cpu->msr & MSR_LE) ? 8 * i : 24 - 8 * i));
    }
}

/* A CPU whose engine is up (fake_run's nop) with the loop at LOOP_PC and r3 = 0. */
static PowerPCCPU *loop_cpu(bool jit, unsigned threshold)
{
    PowerPCCPU *cpu = fake_cpu_new();

    tcg_set_jit(jit);
    tcg_set_jit_threshold(threshold);
    cpu->cs.pc = LOOP_PC;
    g_assert_cmpint(fake_run(cpu, 0x60000000u), ==, CPU_EXIT_BUDGET);   /* nop */
    put_word(cpu, LOOP_PC, ADDI_R3_1);
    put_word(cpu, LOOP_PC + 4, B_BACK);
    tcg_flush_all();
    cpu->cs.pc = LOOP_PC;
    cpu->gpr[3] = 0;
    return cpu;
}

static TCGStats stats(void)
{
    TCGStats s;

    tcg_stats_total(&s);
    return s;
}

static uint64_t loop_lookups(const TCGStats *s)
{
    return s->jmp_cache_hits + s->jmp_cache_misses;
}

/* Run n turns of the loop (a slice of 2n instructions). */
static void run_turns(PowerPCCPU *cpu, uint64_t n)
{
    g_assert_cmpint(tcg_exec(&cpu->cs, 2 * n), ==, CPU_EXIT_BUDGET);
    g_assert_cmphex(cpu->cs.pc, ==, LOOP_PC);
}

static void test_tier_threshold(void)
{
    if (!tcg_jit_available()) {
        g_test_skip("no native-code backend on this host");
        return;
    }
    const unsigned t = 5;
    PowerPCCPU *cpu = loop_cpu(true, t);

    /* t runs interpreted: each one a lookup by the loop, and no native code yet. */
    TCGStats s0 = stats();
    run_turns(cpu, t);
    TCGStats s1 = stats();
    g_assert_cmpuint(cpu->gpr[3], ==, t);
    g_assert_cmpuint(s1.jit_blocks, ==, s0.jit_blocks);
    g_assert_cmpuint(loop_lookups(&s1) - loop_lookups(&s0), ==, t);

    /* The next lookup compiles it; then it runs chained to itself, the loop barely involved. */
    run_turns(cpu, 50);
    TCGStats s2 = stats();
    g_assert_cmpuint(cpu->gpr[3], ==, t + 50);
    g_assert_cmpuint(s2.jit_blocks, ==, s1.jit_blocks + 1);
    g_assert_cmpuint(loop_lookups(&s2) - loop_lookups(&s1), <=, 3);
    fake_cpu_free(cpu);
    tcg_set_jit_threshold(0);
}

static void test_tier_zero(void)
{
    if (!tcg_jit_available()) {
        g_test_skip("no native-code backend on this host");
        return;
    }
    PowerPCCPU *cpu = loop_cpu(true, 0);
    TCGStats s0 = stats();

    run_turns(cpu, 50);
    TCGStats s1 = stats();
    g_assert_cmpuint(cpu->gpr[3], ==, 50);
    g_assert_cmpuint(s1.jit_blocks, ==, s0.jit_blocks + 1);
    g_assert_cmpuint(loop_lookups(&s1) - loop_lookups(&s0), <=, 3);
    fake_cpu_free(cpu);
}

static void test_tier_jit_off(void)
{
    PowerPCCPU *cpu = loop_cpu(false, 5);
    TCGStats s0 = stats();

    run_turns(cpu, 50);
    TCGStats s1 = stats();
    g_assert_cmpuint(cpu->gpr[3], ==, 50);
    g_assert_cmpuint(s1.jit_blocks, ==, s0.jit_blocks);
    g_assert_cmpuint(loop_lookups(&s1) - loop_lookups(&s0), ==, 50);
    fake_cpu_free(cpu);
    tcg_set_jit(tcg_jit_available());
    tcg_set_jit_threshold(0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/jit-tier/threshold", test_tier_threshold);
    g_test_add_func("/jit-tier/zero", test_tier_zero);
    g_test_add_func("/jit-tier/jit-off", test_tier_jit_off);
    return g_test_run();
}
