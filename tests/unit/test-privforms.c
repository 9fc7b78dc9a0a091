/*
 * Privileged and hypervisor-privileged forms of Power ISA 2.07B that a
 * pseries guest (MSR[HV]=0) can meet, in problem and in supervisor state:
 *   - hrfid, nap, sleep, rvwinkle, msgsnd, msgclr, l*cix/st*cix: the Program
 *     interrupt (Book III 6.5.9) with SRR1[45], privileged instruction, in
 *     both states, and no other effect;
 *   - msgsndp/msgclrp: privileged; in supervisor state they set and clear
 *     this thread's DPDES bit, which raises the Directed Privileged Doorbell
 *     interrupt (0xa00) once MSR[EE]=1;
 *   - clrbhrb/mfbhrbe: Facility Unavailable (0xf60, FSCR[IC]=4) in problem
 *     state unless MMCR0[BHRBA]; otherwise an empty BHRB: entries read as 0;
 *   - attn (0x00000200) is not an ISA instruction and stays illegal.
 * Instruction words come from binutils (powerpc64le-linux-gnu-as -mpower8
 * -mbig, checked with objdump), not from our decoder.
 */
#include <glib.h>
#include <inttypes.h>
#include <string.h>

#include "ppc-test-cpu.h"

#define SRR1_PROGPRIV_BIT45 0x0000000000040000ull   /* SRR1 bit 45 */
#define PROBLEM_MSR (MSR_SF | MSR_ME | MSR_PR | MSR_EE | MSR_IR | MSR_DR)
#define SUPER_MSR   (MSR_SF | MSR_ME)

static const struct {
    const char *name;
    uint32_t word;
    bool store;
} hv_forms[] = {
    { "hrfid", 0x4c000224, false },        { "nap", 0x4c000364, false },
    { "sleep", 0x4c0003a4, false },        { "rvwinkle", 0x4c0003e4, false },
    { "msgsnd r3", 0x7c00199c, false },    { "msgclr r3", 0x7c0019dc, false },
    { "lbzcix r3,r4,r5", 0x7c642eaa, false }, { "lhzcix r3,r4,r5", 0x7c642e6a, false },
    { "lwzcix r3,r4,r5", 0x7c642e2a, false }, { "ldcix r3,r4,r5", 0x7c642eea, false },
    { "stbcix r3,r4,r5", 0x7c642faa, true },  { "sthcix r3,r4,r5", 0x7c642f6a, true },
    { "stwcix r3,r4,r5", 0x7c642f2a, true },  { "stdcix r3,r4,r5", 0x7c642fea, true },
};

#define MSGSNDP_R3  0x7c00191c
#define MSGCLRP_R3  0x7c00195c
#define MFSPR_R4_DPDES 0x7c902aa6
#define MTSPR_DPDES_R4 0x7c902ba6
#define CLRBHRB     0x7c00035c
#define MFBHRBE_R3_0 0x7c60025c
#define MFBHRBE_R3_1 0x7c600a5c
#define MFBHRBE_R3_1023 0x7c7ffa5c

/* RB of msgsndp/msgclrp: message type in bits 32:36, target thread (TIR) in 57:63. */
static uint64_t dbell_rb(unsigned type, unsigned tir)
{
    return ((uint64_t)type << 27) | tir;
}

static PowerPCCPU *cpu_in(uint64_t msr)
{
    PowerPCCPU *cpu = fake_cpu_new();
    cpu->msr = msr;
    cpu->cs.pc = 0x1000;
    return cpu;
}

static void assert_program_priv(PowerPCCPU *cpu, uint64_t old_msr, const char *what)
{
    if (cpu->cs.pc != EXCP_PROGRAM) {
        g_error("%s: went to %#" PRIx64 ", not the program interrupt", what, cpu->cs.pc);
    }
    g_assert_cmphex(cpu->spr[SPR_SRR0], ==, 0x1000);
    g_assert_cmphex(fake_srr1_cause(cpu), ==, SRR1_PROGPRIV_BIT45);
    /* the other SRR1 bits are the interrupted MSR; the handler runs privileged */
    g_assert_cmphex(cpu->spr[SPR_SRR1] & ~0x00000000783f0000ull, ==, old_msr);
    g_assert_false(cpu->msr & MSR_PR);
    g_assert_false(cpu->msr & MSR_EE);
}

static void run_hv_forms(uint64_t msr)
{
    for (size_t i = 0; i < G_N_ELEMENTS(hv_forms); i++) {
        PowerPCCPU *cpu = cpu_in(msr);
        cpu->gpr[3] = 0x1122334455667788ull;
        cpu->gpr[4] = 0x100;
        cpu->gpr[5] = 0x80;
        memset(fake_ram + 0x100, 0xa5, 0x100);
        fake_ram[0x180] = 0x5a;
        g_assert_nonnull(ppc_decode(hv_forms[i].word));
        g_assert_cmpint(fake_exec(cpu, hv_forms[i].word), ==, FAKE_RAISED);
        assert_program_priv(cpu, msr, hv_forms[i].name);
        /* nothing was loaded or stored, no doorbell was sent */
        g_assert_cmphex(cpu->gpr[3], ==, 0x1122334455667788ull);
        g_assert_cmphex(fake_ram[0x180], ==, 0x5a);
        g_assert_cmphex(fake_ram[0x187], ==, 0xa5);
        g_assert_cmphex(cpu->pending, ==, 0);
        fake_cpu_free(cpu);
    }
}

static void test_hv_forms_problem(void)
{
    run_hv_forms(PROBLEM_MSR);
}

static void test_hv_forms_supervisor(void)
{
    run_hv_forms(SUPER_MSR);
    run_hv_forms(SUPER_MSR | MSR_EE | MSR_IR | MSR_DR);
}

static void test_attn_illegal(void)
{
    char *err = NULL;
    g_assert_true(ppc_decode_init(&err));
    g_assert_null(ppc_decode(0x00000200));
}

static void test_msgp_problem(void)
{
    static const uint32_t words[] = { MSGSNDP_R3, MSGCLRP_R3 };
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
        PowerPCCPU *cpu = cpu_in(PROBLEM_MSR);
        cpu->gpr[3] = dbell_rb(5, 0);
        g_assert_cmpint(fake_exec(cpu, words[i]), ==, FAKE_RAISED);
        assert_program_priv(cpu, PROBLEM_MSR, i ? "msgclrp" : "msgsndp");
        g_assert_cmphex(cpu->pending, ==, 0);
        fake_cpu_free(cpu);
    }
    /* DPDES is a privileged SPR number: problem-state mfspr is privileged too */
    PowerPCCPU *cpu = cpu_in(PROBLEM_MSR);
    g_assert_cmpint(fake_exec(cpu, MFSPR_R4_DPDES), ==, FAKE_RAISED);
    assert_program_priv(cpu, PROBLEM_MSR, "mfspr DPDES");
    fake_cpu_free(cpu);
}

static uint64_t read_dpdes(PowerPCCPU *cpu)
{
    cpu->gpr[4] = 0xdeadbeef;
    g_assert_cmpint(fake_exec(cpu, MFSPR_R4_DPDES), ==, 0);
    return cpu->gpr[4];
}

static void test_msgsndp_doorbell(void)
{
    PowerPCCPU *cpu = cpu_in(SUPER_MSR);

    g_assert_cmphex(read_dpdes(cpu), ==, 0);
    cpu->gpr[3] = dbell_rb(5, 0);
    g_assert_cmpint(fake_exec(cpu, MSGSNDP_R3), ==, 0);
    /* thread 0's bit is DPDES bit 63 */
    g_assert_cmphex(read_dpdes(cpu), ==, 1);
    /* MSR[EE]=0: the exception waits */
    g_assert_false(ppc_check_interrupts(cpu));
    g_assert_cmphex(cpu->cs.pc, ==, 0x1000);

    cpu->cs.pc = 0x2000;   /* the next instruction to run */
    ppc_store_msr(cpu, SUPER_MSR | MSR_EE | MSR_IR | MSR_DR);
    g_assert_true(ppc_check_interrupts(cpu));
    g_assert_cmphex(cpu->cs.pc, ==, 0xa00);
    g_assert_cmphex(cpu->spr[SPR_SRR0], ==, 0x2000);
    g_assert_cmphex(fake_srr1_cause(cpu), ==, 0);
    g_assert_cmphex(cpu->spr[SPR_SRR1], ==, SUPER_MSR | MSR_EE | MSR_IR | MSR_DR);
    g_assert_false(cpu->msr & (MSR_EE | MSR_PR | MSR_IR | MSR_DR));
    /* taking it consumed the doorbell: nothing more pending, DPDES clear */
    g_assert_cmphex(read_dpdes(cpu), ==, 0);
    ppc_store_msr(cpu, SUPER_MSR | MSR_EE);
    g_assert_false(ppc_check_interrupts(cpu));
    fake_cpu_free(cpu);
}

static void test_msgsndp_no_effect(void)
{
    /* another message type, or a thread this one-thread core lacks (test-smt: cores of 4) */
    static const struct {
        unsigned type, tir;
    } rbs[] = { { 0, 0 }, { 4, 0 }, { 6, 0 }, { 0x1f, 0 }, { 5, 1 }, { 5, 3 }, { 5, 0x7f } };
    for (size_t i = 0; i < G_N_ELEMENTS(rbs); i++) {
        PowerPCCPU *cpu = cpu_in(SUPER_MSR | MSR_EE);
        cpu->gpr[3] = dbell_rb(rbs[i].type, rbs[i].tir);
        g_assert_cmpint(fake_exec(cpu, MSGSNDP_R3), ==, 0);
        g_assert_cmphex(read_dpdes(cpu), ==, 0);
        g_assert_false(ppc_check_interrupts(cpu));
        g_assert_cmphex(cpu->cs.pc, ==, 0x1000);
        fake_cpu_free(cpu);
    }
}

static void test_msgclrp(void)
{
    PowerPCCPU *cpu = cpu_in(SUPER_MSR);

    cpu->gpr[3] = dbell_rb(5, 0);
    g_assert_cmpint(fake_exec(cpu, MSGSNDP_R3), ==, 0);
    /* a different message type clears nothing */
    cpu->gpr[3] = dbell_rb(4, 0);
    g_assert_cmpint(fake_exec(cpu, MSGCLRP_R3), ==, 0);
    g_assert_cmphex(read_dpdes(cpu), ==, 1);
    /* type 5 clears the issuing thread's exception */
    cpu->gpr[3] = dbell_rb(5, 0);
    g_assert_cmpint(fake_exec(cpu, MSGCLRP_R3), ==, 0);
    g_assert_cmphex(read_dpdes(cpu), ==, 0);
    ppc_store_msr(cpu, SUPER_MSR | MSR_EE);
    g_assert_false(ppc_check_interrupts(cpu));
    g_assert_cmphex(cpu->cs.pc, ==, 0x1000);
    fake_cpu_free(cpu);
}

/* DPDES is written by the hypervisor only: a supervisor mtspr changes nothing. */
static void test_dpdes_supervisor_write(void)
{
    PowerPCCPU *cpu = cpu_in(SUPER_MSR | MSR_EE);

    cpu->gpr[4] = 1;
    g_assert_cmpint(fake_exec(cpu, MTSPR_DPDES_R4), ==, 0);
    g_assert_cmphex(read_dpdes(cpu), ==, 0);
    g_assert_false(ppc_check_interrupts(cpu));
    fake_cpu_free(cpu);
}

static void test_bhrb_problem_disabled(void)
{
    static const uint32_t words[] = { CLRBHRB, MFBHRBE_R3_0, MFBHRBE_R3_1023 };
    for (size_t i = 0; i < G_N_ELEMENTS(words); i++) {
        PowerPCCPU *cpu = cpu_in(PROBLEM_MSR);
        cpu->spr[SPR_MMCR0] = 0x80000000ull;   /* FC, BHRBA=0: Linux's default */
        cpu->spr[SPR_FSCR] = 0x0000000000000185ull; /* TAR, EBB, DSCR, FP enables: kept */
        cpu->gpr[3] = 0x77;
        g_assert_cmpint(fake_exec(cpu, words[i]), ==, FAKE_RAISED);
        g_assert_cmphex(cpu->cs.pc, ==, 0xf60);
        g_assert_cmphex(cpu->spr[SPR_SRR0], ==, 0x1000);
        g_assert_cmphex(fake_srr1_cause(cpu), ==, 0);
        g_assert_cmphex(cpu->spr[SPR_FSCR], ==, 0x0400000000000185ull);  /* IC = 4, BHRB */
        g_assert_cmphex(cpu->gpr[3], ==, 0x77);
        g_assert_false(cpu->msr & MSR_PR);
        fake_cpu_free(cpu);
    }
}

static void run_bhrb_empty(uint64_t msr, uint64_t mmcr0)
{
    static const uint32_t reads[] = { MFBHRBE_R3_0, MFBHRBE_R3_1, MFBHRBE_R3_1023 };
    PowerPCCPU *cpu = cpu_in(msr);

    cpu->spr[SPR_MMCR0] = mmcr0;
    g_assert_cmpint(fake_exec(cpu, CLRBHRB), ==, 0);
    g_assert_cmphex(cpu->cs.pc, ==, 0x1000);
    for (size_t i = 0; i < G_N_ELEMENTS(reads); i++) {
        cpu->gpr[3] = 0xffffffffffffffffull;
        g_assert_cmpint(fake_exec(cpu, reads[i]), ==, 0);
        g_assert_cmphex(cpu->gpr[3], ==, 0);
    }
    fake_cpu_free(cpu);
}

static void test_bhrb_problem_enabled(void)
{
    run_bhrb_empty(PROBLEM_MSR, MMCR0_BHRBA);
    run_bhrb_empty(PROBLEM_MSR, 0x80000000ull | MMCR0_BHRBA);
}

static void test_bhrb_supervisor(void)
{
    /* MMCR0[BHRBA] gates problem state only */
    run_bhrb_empty(SUPER_MSR, 0x80000000ull);
    run_bhrb_empty(SUPER_MSR, MMCR0_BHRBA);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/privforms/hv/problem", test_hv_forms_problem);
    g_test_add_func("/privforms/hv/supervisor", test_hv_forms_supervisor);
    g_test_add_func("/privforms/attn-illegal", test_attn_illegal);
    g_test_add_func("/privforms/msgp/problem", test_msgp_problem);
    g_test_add_func("/privforms/msgp/msgsndp-doorbell", test_msgsndp_doorbell);
    g_test_add_func("/privforms/msgp/msgsndp-no-effect", test_msgsndp_no_effect);
    g_test_add_func("/privforms/msgp/msgclrp", test_msgclrp);
    g_test_add_func("/privforms/msgp/dpdes-supervisor-write", test_dpdes_supervisor_write);
    g_test_add_func("/privforms/bhrb/problem-disabled", test_bhrb_problem_disabled);
    g_test_add_func("/privforms/bhrb/problem-enabled", test_bhrb_problem_enabled);
    g_test_add_func("/privforms/bhrb/supervisor", test_bhrb_supervisor);
    return g_test_run();
}
