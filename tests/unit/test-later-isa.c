/*
 * The POWER8 model next to later ISAs and absent facilities: forms of Power
 * ISA 3.0/3.1 found in Debian's binaries (and vmlinux) must be illegal
 * instructions here (the decoder has none of them, and run as guest code each
 * takes the illegal-instruction program interrupt), and transactional memory,
 * which the device tree does not offer, must take the Facility Unavailable
 * interrupt with FSCR[IC]=TM.
 */
#include <glib.h>

#include "ppc-test-cpu.h"
#include "tcg/tcg.h"

/* Encodings from binutils (objdump -M power10) of forms seen in the binaries. */
static const struct {
    const char *name;
    uint32_t word;
} later_forms[] = {
    { "scv 0", 0x44000001 },          { "lxv vs0,16(r3)", 0xf4030011 },
    { "stxv vs0,16(r3)", 0xf4030015 }, { "xscmpuqp", 0xfc021d08 },
    { "vctzlsbb", 0x10612602 },       { "stxvl", 0x7c03231a },
    { "xsmulqp", 0xfc432048 },        { "xxspltib", 0xf0002ad0 },
    { "mtvsrdd", 0x7c032366 },        { "mfvsrld", 0x7c030266 },
    { "darn", 0x7c6105e6 },           { "cnttzd", 0x7c830474 },
    { "maddld", 0x106429b3 },         { "copy", 0x7c23260c },
    { "paste.", 0x7c23270d },         { "rfscv", 0x4c0000a4 },
    { "stop", 0x4c0002e4 },           { "vcmpneb", 0x10011007 },
    { "lxvl", 0x7c03221a },           { "xsaddqp", 0xfc432008 },
    { "msgsync", 0x7c0006ec },        { "cpabort", 0x7c00068c },
    { "pause_short", 0x7c40003c },    { "lxvp", 0x18030020 },
    { "vextractbm", 0x10682642 },
};

static void test_later_isa_illegal(void)
{
    char *err = NULL;

    g_assert_true(ppc_decode_init(&err));
    for (size_t i = 0; i < G_N_ELEMENTS(later_forms); i++) {
        const PPCInsnDef *d = ppc_decode(later_forms[i].word);
        if (d) {
            g_test_message("%s (%08x) decodes as %s", later_forms[i].name, later_forms[i].word, d->name);
        }
        g_assert_null(d);
    }
}

/*
 * Executed as guest code (fetched from RAM, translated, run by the interpreter
 * and by native code), each one takes the illegal-instruction program interrupt.
 */
static void test_later_isa_executes_illegal(gconstpointer jit)
{
    bool was = tcg_jit_enabled();

    tcg_set_jit(jit != NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(later_forms); i++) {
        PowerPCCPU *cpu = fake_cpu_new();
        g_test_message("%s (%08x)", later_forms[i].name, later_forms[i].word);
        cpu->cs.pc = 0x1000;
        g_assert_cmpint(fake_run(cpu, later_forms[i].word), ==, CPU_EXIT_BUDGET);
        g_assert_cmphex(cpu->cs.pc, ==, 0x700);
        g_assert_cmphex(cpu->spr[SPR_SRR0], ==, 0x1000);
        g_assert_cmphex(fake_srr1_cause(cpu), ==, SRR1_PROGILL);
        g_assert_cmphex(cpu->msr & MSR_PR, ==, 0);
        fake_cpu_free(cpu);
    }
    tcg_set_jit(was);
}

static void test_tm_unavailable(void)
{
    /* tbegin., tend., tabort. r3, tcheck cr0, tsr. 1 */
    static const uint32_t tm[] = { 0x7c00051d, 0x7c00055d, 0x7c03071d, 0x7c00059c, 0x7c2005dd };
    char *err = NULL;

    g_assert_true(ppc_decode_init(&err));
    for (size_t i = 0; i < G_N_ELEMENTS(tm); i++) {
        PowerPCCPU *cpu = fake_cpu_new();
        cpu->cs.pc = 0x2000;
        g_assert_cmpint(fake_exec(cpu, tm[i]), ==, FAKE_RAISED);
        g_assert_cmphex(cpu->cs.pc, ==, 0xf60);
        g_assert_cmphex(cpu->spr[SPR_SRR0], ==, 0x2000);
        g_assert_cmpuint(cpu->spr[SPR_FSCR] >> 56, ==, 5);
        fake_cpu_free(cpu);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/later-isa/illegal-on-power8", test_later_isa_illegal);
    g_test_add_data_func("/later-isa/executes-illegal/interpreter", NULL,
                         test_later_isa_executes_illegal);
    g_test_add_data_func("/later-isa/executes-illegal/native", "jit", test_later_isa_executes_illegal);
    g_test_add_func("/later-isa/tm-facility-unavailable", test_tm_unavailable);
    return g_test_run();
}
