/*
 * The pseries platform services a Linux boot needs, driven the way the guest
 * drives them: hypercalls through the table with arguments in a vCPU's
 * registers, RTAS calls with rtas_args in guest RAM. The NVRAM and memory
 * size tests build CPU-less machines and run first; then one 4-vCPU machine
 * is built (vCPUs stay registered with core for the process, and only one
 * machine's VIO bus can exist at a time) and reset before each test.
 */
#include <glib.h>
#include <libfdt.h>
#include <string.h>

#include "ppc/spapr/spapr_cpu.h"
#include "ppc/spapr/spapr_fdt.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_rtas.h"
#include "ppc/spapr/spapr_vio.h"
#include "ppc/spapr/spapr_xics.h"
#include "spapr-test-util.h"
#include "tcg/tcg.h"

#define NCPUS       4
#define ARGS_ADDR   0x10000     /* rtas_args */
#define BUF_ADDR    0x20000     /* RTAS buffers */
#define VPA_ADDR    0x30000     /* page aligned */

/* H_REGISTER_VPA flags: the function in bits 16..18 (hcall numbers come from papr.h) */
#define VPA_FLAGS(fn)   ((uint64_t)(fn) << H_VPA_FUNC_SHIFT)
#define VPA_REG         VPA_FLAGS(H_VPA_REG_VPA)
#define DTL_REG         VPA_FLAGS(H_VPA_REG_DTL)
#define SLB_REG         VPA_FLAGS(H_VPA_REG_SLB)
#define VPA_DEREG       VPA_FLAGS(H_VPA_DEREG_VPA)
#define DTL_DEREG       VPA_FLAGS(H_VPA_DEREG_DTL)

static TestCfg cfg;
static const MachineClass *MC;
static SpaprMachine *M;

static void machine_up(void)
{
    Error *err = NULL;

    test_cfg_init(&cfg, NCPUS, 256ull << 20);
    MC = machine_class_find("pseries");
    g_assert_nonnull(MC);
    M = machine_create(MC, &cfg.cfg, &err);
    g_assert_null(err);
    g_assert_nonnull(M);
}

/* Every test starts from a freshly reset machine. */
static SpaprMachine *fresh(void)
{
    if (!M) {
        machine_up();
    }
    MC->reset(M);
    machine_clear_shutdown_request();
    for (int i = 0; i < NCPUS; i++) {
        M->cpus[i]->cs.exit_request = 0;
    }
    return M;
}

static PowerPCCPU *cpu(int i)
{
    return M->cpus[i];
}

static int64_t hcall(int c, uint64_t op, uint64_t *args)
{
    return spapr_hcall_dispatch(M, cpu(c), op, args);
}

/* An hcall with up to 4 arguments; outputs land in out[] (9 registers) when given. */
static int64_t hc(int c, uint64_t op, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3,
                  uint64_t *out)
{
    uint64_t args[9] = { a0, a1, a2, a3 };
    int64_t ret = hcall(c, op, args);

    if (out) {
        memcpy(out, args, sizeof(args));
    }
    return ret;
}

/* ---- RTAS through guest memory ---- */

static int32_t rtas(SpaprMachine *m, PowerPCCPU *caller, const char *name, uint32_t nargs,
                    uint32_t nret, const uint32_t *args, uint32_t *rets)
{
    uint32_t r[RTAS_MAX_ARGS];

    spapr_test_rtas(m, caller, ARGS_ADDR, name, nargs, nret, args, r);
    for (uint32_t i = 0; rets && i < nret; i++) {
        rets[i] = r[i];
    }
    /* The status word; a call without return words has none (0). */
    return nret ? (int32_t)r[0] : 0;
}

/* ---- H_SET_MODE ---- */

static void test_set_mode(void)
{
    fresh();
    /* Little-endian interrupts, asked by CPU 0, apply to all. */
    g_assert_cmpint(hc(0, H_SET_MODE, 1, 4, 0, 0, NULL), ==, H_SUCCESS);
    for (int i = 0; i < NCPUS; i++) {
        g_assert_true(cpu(i)->spr[SPR_LPCR] & LPCR_ILE);
    }
    /* AIL 3 from another CPU, also for all; ILE stays. */
    g_assert_cmpint(hc(2, H_SET_MODE, 3, 3, 0, 0, NULL), ==, H_SUCCESS);
    for (int i = 0; i < NCPUS; i++) {
        g_assert_cmphex(cpu(i)->spr[SPR_LPCR] & (LPCR_AIL | LPCR_ILE), ==, LPCR_AIL | LPCR_ILE);
    }
    /* Bad flags change nothing. */
    g_assert_cmpint(hc(0, H_SET_MODE, 2, 4, 0, 0, NULL), ==, H_UNSUPPORTED_FLAG);
    g_assert_cmpint(hc(0, H_SET_MODE, 1, 3, 0, 0, NULL), ==, H_UNSUPPORTED_FLAG);
    g_assert_cmpint(hc(0, H_SET_MODE, 2, 3, 0, 0, NULL), ==, H_UNSUPPORTED_FLAG);
    g_assert_cmpint(hc(0, H_SET_MODE, 4, 3, 0, 0, NULL), ==, H_UNSUPPORTED_FLAG);
    for (int i = 0; i < NCPUS; i++) {
        g_assert_cmphex(cpu(i)->spr[SPR_LPCR] & (LPCR_AIL | LPCR_ILE), ==, LPCR_AIL | LPCR_ILE);
    }
    /* Debug resources and unknown ones: H_P2; stray value registers: H_P3 / H_P4. */
    g_assert_cmpint(hc(0, H_SET_MODE, 0, 1, 0, 0, NULL), ==, H_P2);
    g_assert_cmpint(hc(0, H_SET_MODE, 0, 2, 0, 0, NULL), ==, H_P2);
    g_assert_cmpint(hc(0, H_SET_MODE, 0, 5, 0, 0, NULL), ==, H_P2);
    g_assert_cmpint(hc(0, H_SET_MODE, 0, 99, 0, 0, NULL), ==, H_P2);
    g_assert_cmpint(hc(0, H_SET_MODE, 0, 4, 1, 0, NULL), ==, H_P3);
    g_assert_cmpint(hc(0, H_SET_MODE, 0, 4, 0, 1, NULL), ==, H_P4);
    /* Back to big-endian and AIL 0. */
    g_assert_cmpint(hc(1, H_SET_MODE, 0, 4, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(hc(1, H_SET_MODE, 0, 3, 0, 0, NULL), ==, H_SUCCESS);
    for (int i = 0; i < NCPUS; i++) {
        g_assert_cmphex(cpu(i)->spr[SPR_LPCR] & (LPCR_AIL | LPCR_ILE), ==, 0);
    }
}

/* ---- H_REGISTER_VPA ---- */

static void put_size16(uint64_t addr, uint16_t size)
{
    uint8_t b[2] = { size >> 8, size & 0xff };
    g_assert_cmpint(address_space_write(&M->as, addr + 4, b, 2), ==, MEMTX_OK);
}

static void put_size32(uint64_t addr, uint32_t size)
{
    MemTxResult res = MEMTX_OK;
    address_space_stl_be(&M->as, addr + 4, size, &res);
    g_assert_cmpint(res, ==, MEMTX_OK);
}

static void test_register_vpa(void)
{
    uint8_t status = 0;

    fresh();
    put_size16(VPA_ADDR, 640);
    /* SLB shadow and DTL need a VPA first. */
    put_size32(VPA_ADDR + 0x400, 0x100);
    put_size32(VPA_ADDR + 0x800, 48 * 4);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, SLB_REG, 1, VPA_ADDR + 0x400, 0, NULL), ==, H_RESOURCE);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, DTL_REG, 1, VPA_ADDR + 0x800, 0, NULL), ==, H_RESOURCE);
    /* Bad arguments. */
    g_assert_cmpint(hc(0, H_REGISTER_VPA, VPA_REG, 77, VPA_ADDR, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, VPA_REG | 1, 1, VPA_ADDR, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, VPA_FLAGS(4), 1, VPA_ADDR, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, VPA_REG, 1, 0, 0, NULL), ==, H_HARDWARE);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, VPA_REG, 1, VPA_ADDR + 8, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, VPA_REG, 1, 1ull << 40, 0, NULL), ==, H_PARAMETER);
    put_size16(VPA_ADDR + 0x1000, 639);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, VPA_REG, 1, VPA_ADDR + 0x1000, 0, NULL), ==, H_PARAMETER);
    /* 640 bytes from 0xe00 into a page cross into the next one. */
    put_size16(VPA_ADDR + 0x2e00, 640);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, VPA_REG, 1, VPA_ADDR + 0x2e00, 0, NULL), ==, H_PARAMETER);
    g_assert_null(spapr_cpu_state(cpu(1))->vpa_addr ? (void *)1 : NULL);

    /* A good VPA for CPU 1, registered by CPU 0: marked as a shared processor. */
    g_assert_cmpint(hc(0, H_REGISTER_VPA, VPA_REG, 1, VPA_ADDR, 0, NULL), ==, H_SUCCESS);
    g_assert_cmphex(spapr_cpu_state(cpu(1))->vpa_addr, ==, VPA_ADDR);
    g_assert_cmpint(address_space_read(&M->as, VPA_ADDR + 9, &status, 1), ==, MEMTX_OK);
    g_assert_cmphex(status & 2, ==, 2);
    g_assert_cmphex(spapr_cpu_state(cpu(0))->vpa_addr, ==, 0);
    /* Now the others go in; SLB shadow too small is refused. */
    put_size32(VPA_ADDR + 0xc00, 4);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, SLB_REG, 1, VPA_ADDR + 0xc00, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, SLB_REG, 1, VPA_ADDR + 0x400, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, DTL_REG, 1, VPA_ADDR + 0x800, 0, NULL), ==, H_SUCCESS);
    g_assert_cmphex(spapr_cpu_state(cpu(1))->dtl_size, ==, 48 * 4);
    /* The VPA cannot go while they are registered. */
    g_assert_cmpint(hc(0, H_REGISTER_VPA, VPA_DEREG, 1, 0, 0, NULL), ==, H_RESOURCE);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, DTL_DEREG, 1, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, VPA_FLAGS(H_VPA_DEREG_SLB), 1, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(hc(0, H_REGISTER_VPA, VPA_DEREG, 1, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_cmphex(spapr_cpu_state(cpu(1))->vpa_addr, ==, 0);
    /* Reset forgets registrations. */
    g_assert_cmpint(hc(0, H_REGISTER_VPA, VPA_REG, 0, VPA_ADDR, 0, NULL), ==, H_SUCCESS);
    fresh();
    g_assert_cmphex(spapr_cpu_state(cpu(0))->vpa_addr, ==, 0);
}

/* ---- H_CEDE / H_PROD / H_CONFER, through the engine ---- */

#define LOOP_INSN 0x48000000u   /* b . */

/* Run a vCPU the way the main loop does: clear the kick, then one slice. */
static CPUExitReason run(int c)
{
    cpu(c)->cs.exit_request = 0;
    return tcg_exec(&cpu(c)->cs, 1000);
}

static void park_at_loop(int c, uint64_t addr)
{
    MemTxResult res = MEMTX_OK;

    address_space_stl_be(&M->as, addr, LOOP_INSN, &res);
    g_assert_cmpint(res, ==, MEMTX_OK);
    cpu(c)->cs.pc = addr;
}

static void test_cede_and_interrupt(void)
{
    fresh();
    /* CPU 0 is online (the boot CPU); idle it in a loop with EE off. */
    park_at_loop(0, 0x7000);
    address_space_stl_be(&M->as, 0x500, LOOP_INSN, NULL);
    address_space_stl_be(&M->as, 0x900, LOOP_INSN, NULL);
    g_assert_cmphex(cpu(0)->msr & MSR_EE, ==, 0);
    g_assert_cmpint(hc(0, H_CEDE, 0, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_true(cpu(0)->msr & MSR_EE);
    g_assert_true(cpu(0)->cs.halted);
    g_assert_cmpint(run(0), ==, CPU_EXIT_HALTED);
    g_assert_cmphex(cpu(0)->cs.pc, ==, 0x7000);

    /* An IPI from CPU 2 (CPU 0 accepts everything: CPPR 0xff) wakes it into 0x500. */
    g_assert_cmpint(hc(0, H_CPPR, 0xff, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(hc(2, H_IPI, 0, 5, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(run(0), ==, CPU_EXIT_BUDGET);
    g_assert_false(cpu(0)->cs.halted);
    g_assert_cmphex(cpu(0)->cs.pc, ==, 0x500);
    g_assert_cmphex(cpu(0)->spr[SPR_SRR0], ==, 0x7000);
    /* Accept and EOI it as Linux does (XIRR then EOI with the old CPPR). */
    uint64_t out[9];
    g_assert_cmpint(hc(0, H_XIRR_X, 0, 0, 0, 0, out), ==, H_SUCCESS);
    g_assert_cmphex(out[0], ==, 0xff000002);
    g_assert_cmpint(hc(2, H_IPI, 0, 0xff, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(hc(0, H_EOI, out[0], 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_false(cpu(0)->pending & PPC_IRQ_EXTERNAL);

    /* The decrementer wakes a ceded CPU too (what its timer does when it expires). */
    park_at_loop(0, 0x7000);
    g_assert_cmpint(hc(0, H_CEDE, 0, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_true(cpu(0)->cs.halted);
    ppc_set_irq(cpu(0), PPC_IRQ_DECR, true);
    g_assert_cmpint(run(0), ==, CPU_EXIT_BUDGET);
    g_assert_cmphex(cpu(0)->cs.pc, ==, 0x900);

    /* With an enabled interrupt already pending, cede does not sleep at all. */
    cpu(0)->msr &= ~MSR_EE;
    g_assert_cmpint(hc(0, H_CEDE, 0, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_false(cpu(0)->cs.halted);
    ppc_set_irq(cpu(0), PPC_IRQ_DECR, false);
}

static void test_prod_and_confer(void)
{
    uint32_t rets[2];

    fresh();
    g_assert_cmpint(rtas(M, cpu(0), "start-cpu", 3, 1, (const uint32_t[]){ 1, 0x7100, 0 }, rets), ==, 0);
    park_at_loop(1, 0x7100);

    /* Prod of a ceded CPU wakes it. */
    g_assert_cmpint(hc(1, H_CEDE, 0, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_true(cpu(1)->cs.halted);
    g_assert_cmpint(hc(0, H_PROD, 1, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_false(cpu(1)->cs.halted);
    g_assert_cmpint(run(1), ==, CPU_EXIT_BUDGET);
    g_assert_cmphex(cpu(1)->cs.pc, ==, 0x7100);

    /* Prod of a running CPU is remembered: its next cede returns at once, the one after sleeps. */
    g_assert_cmpint(hc(0, H_PROD, 1, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(hc(1, H_CEDE, 0, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_false(cpu(1)->cs.halted);
    g_assert_cmpint(hc(1, H_CEDE, 0, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_true(cpu(1)->cs.halted);

    /* Bad targets; a stopped CPU is not woken by a prod. */
    g_assert_cmpint(hc(0, H_PROD, 99, 0, 0, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hc(0, H_PROD, 3, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_true(cpu(3)->offline);
    g_assert_true(cpu(3)->cs.halted);

    /* Confer ends the caller's slice. */
    g_assert_cmpint(hc(0, H_CONFER, 99, 0, 0, 0, NULL), ==, H_PARAMETER);
    cpu(0)->cs.exit_request = 0;
    g_assert_cmpint(hc(0, H_CONFER, (uint64_t)-1, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_true(cpu(0)->cs.exit_request);
    cpu(0)->cs.exit_request = 0;
    g_assert_cmpint(hc(0, H_CONFER, 1, 7, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_true(cpu(0)->cs.exit_request);
}

/* ---- RTAS CPU services ---- */

static void test_start_stop_cpu(void)
{
    uint32_t rets[2];

    fresh();
    /* Secondaries are stopped at power-on, the boot CPU runs. */
    g_assert_cmpint(rtas(M, cpu(0), "query-cpu-stopped-state", 1, 2, (const uint32_t[]){ 1 }, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 0);
    g_assert_cmpint(rtas(M, cpu(0), "query-cpu-stopped-state", 1, 2, (const uint32_t[]){ 0 }, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 2);
    g_assert_cmpint(rtas(M, cpu(0), "query-cpu-stopped-state", 1, 2, (const uint32_t[]){ 64 }, rets), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "query-cpu-stopped-state", 1, 1, (const uint32_t[]){ 1 }, rets), ==, -3);

    /* Bad, busy or malformed start-cpu. */
    g_assert_cmpint(rtas(M, cpu(0), "start-cpu", 3, 1, (const uint32_t[]){ 64, 0x7000, 0 }, rets), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "start-cpu", 3, 1, (const uint32_t[]){ 0, 0x7000, 0 }, rets), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "start-cpu", 2, 1, (const uint32_t[]){ 2, 0x7000 }, rets), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "start-cpu", 3, 1, (const uint32_t[]){ 2, 0x7002, 0 }, rets), ==, -3);
    g_assert_true(cpu(2)->offline);

    /* Start CPU 2 at 0xcee4 with r3 = 2: QEMU's entry state, LPCR ILE/AIL from the caller. */
    g_assert_cmpint(hc(0, H_SET_MODE, 1, 4, 0, 0, NULL), ==, H_SUCCESS);
    cpu(0)->tb_offset = 12345;
    cpu(2)->msr |= MSR_IR | MSR_DR | MSR_EE;
    g_assert_cmpint(rtas(M, cpu(0), "start-cpu", 3, 1, (const uint32_t[]){ 2, 0xcee4, 2 }, rets), ==, 0);
    g_assert_false(cpu(2)->offline);
    g_assert_false(cpu(2)->cs.halted);
    g_assert_cmphex(cpu(2)->cs.pc, ==, 0xcee4);
    g_assert_cmphex(cpu(2)->gpr[3], ==, 2);
    g_assert_cmphex(cpu(2)->msr, ==, MSR_SF | MSR_ME);
    g_assert_true(cpu(2)->spr[SPR_LPCR] & LPCR_ILE);
    g_assert_cmpint(cpu(2)->tb_offset, ==, 12345);
    g_assert_cmpint(rtas(M, cpu(0), "query-cpu-stopped-state", 1, 2, (const uint32_t[]){ 2 }, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 2);
    /* Started once: a second start is refused. */
    g_assert_cmpint(rtas(M, cpu(0), "start-cpu", 3, 1, (const uint32_t[]){ 2, 0xcee4, 2 }, rets), ==, -3);

    /* stop-self: offline and halted, nothing wakes it but start-cpu. */
    rtas(M, cpu(2), "stop-self", 0, 1, NULL, rets);
    g_assert_true(cpu(2)->offline);
    g_assert_true(cpu(2)->cs.halted);
    ppc_set_irq(cpu(2), PPC_IRQ_DECR, true);
    cpu(2)->msr |= MSR_EE;
    g_assert_cmpint(run(2), ==, CPU_EXIT_HALTED);
    g_assert_true(cpu(2)->cs.halted);
    g_assert_cmpint(rtas(M, cpu(0), "query-cpu-stopped-state", 1, 2, (const uint32_t[]){ 2 }, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 0);
    g_assert_cmpint(rtas(M, cpu(0), "start-cpu", 3, 1, (const uint32_t[]){ 2, 0x8000, 5 }, rets), ==, 0);
    g_assert_cmphex(cpu(2)->cs.pc, ==, 0x8000);
}

static void test_nmi_register(void)
{
    fresh();
    g_assert_cmpint(rtas(M, cpu(0), "ibm,nmi-interlock", 0, 1, NULL, NULL), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,nmi-register", 2, 1, (const uint32_t[]){ 0x1920, 0x1990 }, NULL), ==, 0);
    g_assert_cmphex(M->fwnmi_sreset_addr, ==, 0x1920);
    g_assert_cmphex(M->fwnmi_mce_addr, ==, 0x1990);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,nmi-interlock", 0, 1, NULL, NULL), ==, 0);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,nmi-register", 2, 1, (const uint32_t[]){ 0x1921, 0x1990 }, NULL), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,nmi-register", 2, 1, (const uint32_t[]){ 0x1920, 0xf0000000 }, NULL), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,nmi-register", 1, 1, (const uint32_t[]){ 0x1920 }, NULL), ==, -3);
}

/* ---- XICS through RTAS and hcalls ---- */

static void test_xive_rtas(void)
{
    uint32_t rets[3];
    GString *pic = g_string_new(NULL);

    fresh();
    g_assert_cmpint(rtas(M, cpu(0), "ibm,set-xive", 3, 1, (const uint32_t[]){ 0x42, 0, 5 }, NULL), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,set-xive", 3, 1, (const uint32_t[]){ 0x1000 + SPAPR_XICS_IRQS, 0, 5 }, NULL), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,set-xive", 3, 1, (const uint32_t[]){ 0x1100, 17, 5 }, NULL), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,set-xive", 2, 1, (const uint32_t[]){ 0x1100, 0 }, NULL), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,get-xive", 1, 3, (const uint32_t[]){ 0x42 }, rets), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,int-on", 1, 1, (const uint32_t[]){ 0x42 }, NULL), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,int-off", 1, 1, (const uint32_t[]){ 0x42 }, NULL), ==, -3);

    /* The vty's source, routed to CPU 1 at priority 5 as Linux does. */
    g_assert_cmpint(rtas(M, cpu(0), "ibm,set-xive", 3, 1, (const uint32_t[]){ 0x1100, 1, 5 }, NULL), ==, 0);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,get-xive", 1, 3, (const uint32_t[]){ 0x1100 }, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 1);
    g_assert_cmpuint(rets[2], ==, 5);
    /* A pulse reaches CPU 1 once its CPPR lets it; int-off holds it back. */
    g_assert_cmpint(hc(1, H_CPPR, 0xff, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,int-off", 1, 1, (const uint32_t[]){ 0x1100 }, NULL), ==, 0);
    spapr_irq_pulse(M, 0x1100);
    g_assert_false(cpu(1)->pending & PPC_IRQ_EXTERNAL);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,int-on", 1, 1, (const uint32_t[]){ 0x1100 }, NULL), ==, 0);
    g_assert_true(cpu(1)->pending & PPC_IRQ_EXTERNAL);
    g_assert_false(cpu(0)->pending & PPC_IRQ_EXTERNAL);

    g_assert_true(MC->info(M, "pic", pic));
    g_assert_nonnull(strstr(pic->str, "ICP server 3"));
    g_assert_nonnull(strstr(pic->str, "ICS irq 0x1100: server 1 prio 05"));
    g_string_free(pic, TRUE);

    uint64_t out[9];
    g_assert_cmpint(hc(1, H_XIRR, 0, 0, 0, 0, out), ==, H_SUCCESS);
    g_assert_cmphex(out[0], ==, 0xff001100);
    g_assert_cmpint(hc(1, H_EOI, out[0], 0, 0, 0, NULL), ==, H_SUCCESS);
    /* An IPI to a server that does not exist. */
    g_assert_cmpint(hc(0, H_IPI, 9, 5, 0, 0, NULL), ==, H_PARAMETER);
}

/* ---- other hcalls ---- */

static void test_random(void)
{
    uint64_t out[9], first;
    bool differ = false;

    fresh();
    g_assert_cmpint(hc(0, H_RANDOM, 0, 0, 0, 0, out), ==, H_SUCCESS);
    first = out[0];
    for (int i = 0; i < 8; i++) {
        g_assert_cmpint(hc(0, H_RANDOM, 0, 0, 0, 0, out), ==, H_SUCCESS);
        differ |= out[0] != first;
    }
    g_assert_true(differ);
}

static void test_logical_ci(void)
{
    uint64_t out[9];
    uint8_t b[8];

    fresh();
    for (uint64_t bad = 0; bad <= 16; bad++) {
        if (bad == 1 || bad == 2 || bad == 4 || bad == 8) {
            continue;
        }
        g_assert_cmpint(hc(0, H_LOGICAL_CI_LOAD, bad, 0x5000, 0, 0, NULL), ==, H_PARAMETER);
        g_assert_cmpint(hc(0, H_LOGICAL_CI_STORE, bad, 0x5000, 1, 0, NULL), ==, H_PARAMETER);
    }
    /* Big-endian, as a cache-inhibited load/store of that size. */
    g_assert_cmpint(hc(0, H_LOGICAL_CI_STORE, 4, 0x5000, 0x11223344, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(address_space_read(&M->as, 0x5000, b, 4), ==, MEMTX_OK);
    g_assert_cmphex(b[0], ==, 0x11);
    g_assert_cmphex(b[3], ==, 0x44);
    g_assert_cmpint(hc(0, H_LOGICAL_CI_STORE, 8, 0x5008, 0x0102030405060708ull, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(hc(0, H_LOGICAL_CI_LOAD, 8, 0x5008, 0, 0, out), ==, H_SUCCESS);
    g_assert_cmphex(out[0], ==, 0x0102030405060708ull);
    g_assert_cmpint(hc(0, H_LOGICAL_CI_LOAD, 2, 0x5001, 0, 0, out), ==, H_SUCCESS);
    g_assert_cmphex(out[0], ==, 0x2233);
    g_assert_cmpint(hc(0, H_LOGICAL_CI_LOAD, 1, 0x5003, 0, 0, out), ==, H_SUCCESS);
    g_assert_cmphex(out[0], ==, 0x44);
    /* Nothing there. */
    g_assert_cmpint(hc(0, H_LOGICAL_CI_LOAD, 4, 1ull << 50, 0, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hc(0, H_LOGICAL_CI_STORE, 4, 1ull << 50, 0, 0, NULL), ==, H_PARAMETER);
}

static void test_page_init(void)
{
    uint8_t page[4096], back[4096];
    const uint64_t zero = 1ull << (63 - 48), copy = 1ull << (63 - 49);

    fresh();
    for (int i = 0; i < 4096; i++) {
        page[i] = (uint8_t)(i * 7 + 1);
    }
    g_assert_cmpint(address_space_write(&M->as, 0x40000, page, sizeof(page)), ==, MEMTX_OK);
    g_assert_cmpint(hc(0, H_PAGE_INIT, copy, 0x41000, 0x40000, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(address_space_read(&M->as, 0x41000, back, sizeof(back)), ==, MEMTX_OK);
    g_assert_cmpmem(back, 4096, page, 4096);
    g_assert_cmpint(hc(0, H_PAGE_INIT, zero, 0x41000, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(address_space_read(&M->as, 0x41000, back, sizeof(back)), ==, MEMTX_OK);
    for (int i = 0; i < 4096; i++) {
        g_assert_cmpuint(back[i], ==, 0);
    }
    /* Misaligned, outside RAM, straddling its end, unknown flags. */
    g_assert_cmpint(hc(0, H_PAGE_INIT, zero, 0x41008, 0, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hc(0, H_PAGE_INIT, copy, 0x41000, 0x40008, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hc(0, H_PAGE_INIT, zero, M->ram_size, 0, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hc(0, H_PAGE_INIT, copy, 0x41000, M->ram_size, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hc(0, H_PAGE_INIT, 1, 0x41000, 0, 0, NULL), ==, H_PARAMETER);
    /* The source page was never touched. */
    g_assert_cmpint(address_space_read(&M->as, 0x40000, back, sizeof(back)), ==, MEMTX_OK);
    g_assert_cmpmem(back, 4096, page, 4096);
}

static void test_misc_hcalls(void)
{
    uint64_t out[9];

    fresh();
    /*
     * The default caps (cfpc=fixed, sbbc=fixed, ibs=fixed-na): no flush type
     * offered, L1D_FLUSH_PR and BNDS_CHK_SPEC_BAR clear, so Linux patches in
     * no flush; entry and uaccess flushes explicitly not needed.
     */
    g_assert_cmpint(hc(0, H_GET_CPU_CHARACTERISTICS, 0, 0, 0, 0, out), ==, H_SUCCESS);
    g_assert_cmphex(out[0], ==, H_CPU_CHAR_BRANCH_HINTS_HONORED);
    g_assert_cmphex(out[1], ==, H_CPU_BEHAV_FAVOUR_SECURITY | H_CPU_BEHAV_NO_L1D_FLUSH_ENTRY |
                                H_CPU_BEHAV_NO_L1D_FLUSH_UACCESS);
    /* The usual QEMU TCG line (all broken, ccf-assist off): flush on user return, bounds barrier. */
    M->props.cap_cfpc = SPAPR_CAP_BROKEN;
    M->props.cap_sbbc = SPAPR_CAP_BROKEN;
    M->props.cap_ibs = SPAPR_CAP_BROKEN;
    g_assert_cmpint(hc(0, H_GET_CPU_CHARACTERISTICS, 0, 0, 0, 0, out), ==, H_SUCCESS);
    g_assert_cmphex(out[0], ==, H_CPU_CHAR_BRANCH_HINTS_HONORED);
    g_assert_cmphex(out[1], ==, H_CPU_BEHAV_FAVOUR_SECURITY | H_CPU_BEHAV_L1D_FLUSH_PR |
                                H_CPU_BEHAV_BNDS_CHK_SPEC_BAR);
    /* QEMU's defaults (workaround everywhere, ccf-assist on): the flush and barrier instructions. */
    M->props.cap_cfpc = SPAPR_CAP_WORKAROUND;
    M->props.cap_sbbc = SPAPR_CAP_WORKAROUND;
    M->props.cap_ibs = SPAPR_CAP_WORKAROUND;
    M->props.cap_ccf_assist = true;
    g_assert_cmpint(hc(0, H_GET_CPU_CHARACTERISTICS, 0, 0, 0, 0, out), ==, H_SUCCESS);
    g_assert_cmphex(out[0], ==, H_CPU_CHAR_BRANCH_HINTS_HONORED | H_CPU_CHAR_L1D_FLUSH_ORI30 |
                                H_CPU_CHAR_L1D_FLUSH_TRIG2 | H_CPU_CHAR_L1D_THREAD_PRIV |
                                H_CPU_CHAR_SPEC_BAR_ORI31 | H_CPU_CHAR_BCCTR_FLUSH_ASSIST);
    g_assert_cmphex(out[1], ==, H_CPU_BEHAV_FAVOUR_SECURITY | H_CPU_BEHAV_L1D_FLUSH_PR |
                                H_CPU_BEHAV_BNDS_CHK_SPEC_BAR | H_CPU_BEHAV_FLUSH_COUNT_CACHE);
    M->props.cap_ibs = SPAPR_IBS_FIXED_CCD;
    g_assert_cmpint(hc(0, H_GET_CPU_CHARACTERISTICS, 0, 0, 0, 0, out), ==, H_SUCCESS);
    g_assert_cmphex(out[0] & (H_CPU_CHAR_COUNT_CACHE_DISABLED | H_CPU_CHAR_BCCTR_FLUSH_ASSIST),
                    ==, H_CPU_CHAR_COUNT_CACHE_DISABLED);
    M->props.cap_ibs = SPAPR_IBS_FIXED_IBS;
    g_assert_cmpint(hc(0, H_GET_CPU_CHARACTERISTICS, 0, 0, 0, 0, out), ==, H_SUCCESS);
    g_assert_true(out[0] & H_CPU_CHAR_BCCTRL_SERIALISED);
    g_assert_false(out[1] & H_CPU_BEHAV_FLUSH_COUNT_CACHE);
    M->props.cap_cfpc = M->props.cap_sbbc = SPAPR_CAP_FIXED;
    M->props.cap_ibs = SPAPR_IBS_FIXED_NA;
    M->props.cap_ccf_assist = false;

    g_assert_cmpint(hc(1, H_SET_SPRG0, 0xabcdef, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_cmphex(cpu(1)->spr[SPR_SPRG0], ==, 0xabcdef);
    g_assert_cmpint(hc(1, H_SET_DABR, 0x1000, 0, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(hc(1, H_SET_XDABR, 0x1000, 3, 0, 0, NULL), ==, H_SUCCESS);
    g_assert_cmpint(hc(1, H_SET_XDABR, 0x1000, 4 | 2, 0, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hc(1, H_SET_XDABR, 0x1000, 0, 0, 0, NULL), ==, H_PARAMETER);
    g_assert_cmpint(hc(1, H_SET_XDABR, 0x1000, 0x13, 0, 0, NULL), ==, H_PARAMETER);

    /* VPHN: one node; the CPU number comes last, then the terminator. */
    g_assert_cmpint(hc(0, H_HOME_NODE_ASSOCIATIVITY, 1, 3, 0, 0, out), ==, H_SUCCESS);
    g_assert_cmphex(out[0], ==, 0);
    g_assert_cmphex(out[2], ==, 0x00000003ffffffffull);
    g_assert_cmpint(hc(0, H_HOME_NODE_ASSOCIATIVITY, 1, 44, 0, 0, NULL), ==, H_P2);

    /* Anything not in the table. */
    g_assert_cmpint(hc(0, 0x1f0, 0, 0, 0, 0, NULL), ==, H_FUNCTION);
    g_assert_cmpint(hc(0, 0x3, 0, 0, 0, 0, NULL), ==, H_FUNCTION);
    g_assert_cmpint(hc(0, 0x7fffffff, 0, 0, 0, 0, NULL), ==, H_FUNCTION);

    /* The HPT is wired: an H_ENTER with a bad page size encoding is refused, a good one lands. */
    g_assert_cmpint(hc(0, H_ENTER, 0, 0, 0x1, 0x190 | (0x1234ull << 12), out), ==, H_SUCCESS);
    g_assert_cmpint(hc(0, H_ENTER, 0, (M->vhyp.htab_mask + 1) * 8, 0x1, 0x190, NULL), ==, H_PARAMETER);
    /* H_BULK_REMOVE: flags 3 (both ANDCOND and AVPN) is a parameter error, reported in the entry. */
    uint64_t bulk[9] = { (1ull << 62) | (3ull << 56) | out[0], 0, 3ull << 62 };
    g_assert_cmpint(hcall(0, H_BULK_REMOVE, bulk), ==, H_PARAMETER);
    g_assert_cmphex(bulk[0] >> 60, ==, 0xa);    /* response, code 2 */
    uint64_t bulk2[9] = { (1ull << 62) | out[0], 0, 3ull << 62 };
    g_assert_cmpint(hcall(0, H_BULK_REMOVE, bulk2), ==, H_SUCCESS);
    g_assert_cmphex(bulk2[0] >> 60, ==, 0x8);   /* response, removed */
}

static void test_rtas_misc(void)
{
    uint32_t rets[2];

    fresh();
    g_assert_cmpint(rtas(M, cpu(0), "check-exception", 6, 1,
                         (const uint32_t[]){ 0x500, 0x1000, 0x40000000, 0, BUF_ADDR, 2048 }, NULL), ==, 1);
    g_assert_cmpint(rtas(M, cpu(0), "check-exception", 5, 1,
                         (const uint32_t[]){ 0x500, 0x1000, 0x40000000, 0, BUF_ADDR }, NULL), ==, -3);
    /* The extended form has a seventh argument; an eighth is one too many. */
    g_assert_cmpint(rtas(M, cpu(0), "check-exception", 7, 1,
                         (const uint32_t[]){ 0x500, 0x1000, 0x40000000, 0, BUF_ADDR, 2048, 0 }, NULL), ==, 1);
    g_assert_cmpint(rtas(M, cpu(0), "check-exception", 8, 1,
                         (const uint32_t[]){ 0x500, 0x1000, 0x40000000, 0, BUF_ADDR, 2048, 0, 0 }, NULL), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "check-exception", 6, 2,
                         (const uint32_t[]){ 0x500, 0x1000, 0x40000000, 0, BUF_ADDR, 2048 }, rets), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "event-scan", 4, 1,
                         (const uint32_t[]){ 0xffffffff, 0, BUF_ADDR, 2048 }, NULL), ==, 1);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,get-system-parameter", 3, 1,
                         (const uint32_t[]){ 44, BUF_ADDR, 4096 }, NULL), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "ibm,set-system-parameter", 2, 1,
                         (const uint32_t[]){ 44, BUF_ADDR }, NULL), ==, -3);
    g_assert_cmpint(rtas(M, cpu(0), "set-indicator", 3, 1, (const uint32_t[]){ 9005, 0, 1 }, NULL), ==, -3);
    /* No DR sensor without hotplug/; a short call is refused as well. */
    g_assert_cmpint(rtas(M, cpu(0), "get-sensor-state", 2, 2,
                         (const uint32_t[]){ RTAS_SENSOR_DR_ENTITY_SENSE, 0 }, rets), ==,
                    RTAS_OUT_NOT_SUPPORTED);
    g_assert_cmpint(rtas(M, cpu(0), "get-sensor-state", 1, 2,
                         (const uint32_t[]){ RTAS_SENSOR_DR_ENTITY_SENSE }, rets), ==,
                    RTAS_OUT_PARAM_ERROR);
}

/* ---- NVRAM ---- */

static SpaprMachine *nvram_machine(TestCfg *t, const char *file, Error **errp)
{
    test_cfg_init(t, 1, 64ull << 20);
    if (file) {
        g_hash_table_insert(t->props, g_strdup("nvram"), g_strdup(file));
    }
    return spapr_machine_create(&t->cfg, errp);
}

static void test_nvram_bounds(void)
{
    TestCfg t;
    Error *err = NULL;
    SpaprMachine *m = nvram_machine(&t, NULL, &err);
    uint32_t rets[2];
    uint8_t buf[16];
    void *fdt;
    const fdt32_t *bytes;

    g_assert_nonnull(m);
    fdt = spapr_build_fdt(m, &err);
    g_assert_nonnull(fdt);
    bytes = fdt_getprop(fdt, fdt_path_offset(fdt, "/vdevice/nvram@71000001"), "#bytes", NULL);
    g_assert_nonnull(bytes);
    g_assert_cmpuint(fdt32_to_cpu(*bytes), ==, SPAPR_NVRAM_SIZE);
    g_free(fdt);

    /*
     * Linux's first read: the header of a blank NVRAM, formatted as one CHRP
     * free partition: signature 0x7f, checksum, 4096 blocks of 16 bytes, "wwwwwwwwwwww".
     */
    memset(buf, 0x55, sizeof(buf));
    address_space_write(&m->as, BUF_ADDR, buf, sizeof(buf));
    g_assert_cmpint(rtas(m, NULL, "nvram-fetch", 3, 2, (const uint32_t[]){ 0, BUF_ADDR, 16 }, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 16);
    address_space_read(&m->as, BUF_ADDR, buf, sizeof(buf));
    g_assert_cmphex(buf[0], ==, 0x7f);
    g_assert_cmphex(buf[2] << 8 | buf[3], ==, SPAPR_NVRAM_SIZE / 16);
    g_assert_cmpmem(buf + 4, 12, "wwwwwwwwwwww", 12);
    {
        /* Linux's nvram_checksum: 16-bit words folded, then the two bytes folded. */
        unsigned c = buf[0] + (buf[2] << 8 | buf[3]);
        for (int i = 4; i < 16; i += 2) {
            c += buf[i] | buf[i + 1] << 8;
        }
        c = ((c & 0xffff) + (c >> 16)) & 0xffff;
        c = ((c + ((c >> 8) + (c << 8))) >> 8) & 0xff;
        g_assert_cmphex(buf[1], ==, c);
    }
    /* The last bytes are reachable; one past them is not, nor is a wrap-around length. */
    g_assert_cmpint(rtas(m, NULL, "nvram-fetch", 3, 2, (const uint32_t[]){ SPAPR_NVRAM_SIZE - 16, BUF_ADDR, 16 }, rets), ==, 0);
    g_assert_cmpint(rtas(m, NULL, "nvram-fetch", 3, 2, (const uint32_t[]){ SPAPR_NVRAM_SIZE - 15, BUF_ADDR, 16 }, rets), ==, -3);
    g_assert_cmpint(rtas(m, NULL, "nvram-store", 3, 2, (const uint32_t[]){ SPAPR_NVRAM_SIZE, BUF_ADDR, 1 }, rets), ==, -3);
    g_assert_cmpint(rtas(m, NULL, "nvram-store", 3, 2, (const uint32_t[]){ 16, BUF_ADDR, 0xfffffff8u }, rets), ==, -3);
    g_assert_cmpint(rtas(m, NULL, "nvram-fetch", 3, 2, (const uint32_t[]){ 0, BUF_ADDR, SPAPR_NVRAM_SIZE + 1 }, rets), ==, -3);
    /* A guest buffer outside RAM, and a malformed call. */
    g_assert_cmpint(rtas(m, NULL, "nvram-fetch", 3, 2, (const uint32_t[]){ 0, 0xfffff000u, 16 }, rets), ==, -3);
    g_assert_cmpint(rtas(m, NULL, "nvram-fetch", 3, 1, (const uint32_t[]){ 0, BUF_ADDR, 16 }, rets), ==, -3);
    spapr_machine_free(m);
    test_cfg_cleanup(&t);
}

static void test_nvram_file(void)
{
    TestCfg t, t2;
    Error *err = NULL;
    char *dir = g_dir_make_tmp("nvram-XXXXXX", NULL);
    char *file = g_build_filename(dir, "nvram.bin", NULL);
    SpaprMachine *m = nvram_machine(&t, file, &err);
    uint32_t rets[2];
    gchar *contents;
    gsize len;
    char msg[6] = "hello";
    char back[6] = { 0 };

    g_assert_null(err);
    g_assert_nonnull(m);
    address_space_write(&m->as, BUF_ADDR, msg, 5);
    g_assert_cmpint(rtas(m, NULL, "nvram-store", 3, 2, (const uint32_t[]){ 100, BUF_ADDR, 5 }, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 5);
    /* Written through: the file holds the whole NVRAM with the bytes in place. */
    g_assert_true(g_file_get_contents(file, &contents, &len, NULL));
    g_assert_cmpuint(len, ==, SPAPR_NVRAM_SIZE);
    g_assert_cmpmem(contents + 100, 5, "hello", 5);
    g_free(contents);
    spapr_machine_free(m);
    test_cfg_cleanup(&t);

    /* The next run sees them. */
    m = nvram_machine(&t2, file, &err);
    g_assert_nonnull(m);
    g_assert_cmpint(rtas(m, NULL, "nvram-fetch", 3, 2, (const uint32_t[]){ 100, BUF_ADDR + 8, 5 }, rets), ==, 0);
    address_space_read(&m->as, BUF_ADDR + 8, back, 5);
    g_assert_cmpstr(back, ==, "hello");
    spapr_machine_free(m);
    test_cfg_cleanup(&t2);

    /* A file bigger than the NVRAM, or a directory, is a clear error. */
    g_assert_true(g_file_set_contents(file, "x", 1, NULL));
    {
        gchar *big = g_malloc0(SPAPR_NVRAM_SIZE + 1);
        g_assert_true(g_file_set_contents(file, big, SPAPR_NVRAM_SIZE + 1, NULL));
        g_free(big);
    }
    m = nvram_machine(&t, file, &err);
    g_assert_null(m);
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), "nvram"));
    error_free(err);
    err = NULL;
    test_cfg_cleanup(&t);
    m = nvram_machine(&t, dir, &err);
    g_assert_null(m);
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    test_cfg_cleanup(&t);

    g_unlink(file);
    g_rmdir(dir);
    g_free(file);
    g_free(dir);
}

/* ---- RAM sizes: RMA, HPT and /memory ---- */

static void check_ram(uint64_t ram, unsigned htab_shift)
{
    TestCfg t;
    Error *err = NULL;
    SpaprMachine *m;
    void *fdt;
    const fdt64_t *reg;
    int len;

    test_cfg_init(&t, 1, ram);
    m = spapr_machine_create(&t.cfg, &err);
    g_assert_null(err);
    g_assert_nonnull(m);
    g_assert_cmphex(m->rma_size, ==, ram);
    g_assert_cmphex(m->vhyp.rma_size, ==, ram);
    g_assert_cmphex(m->vhyp.ram_size, ==, ram);
    g_assert_cmpuint(m->htab_shift, ==, htab_shift);
    g_assert_cmphex(m->vhyp.htab_mask, ==, (1ull << (htab_shift - 7)) - 1);
    fdt = spapr_build_fdt(m, &err);
    g_assert_nonnull(fdt);
    reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@0"), "reg", &len);
    g_assert_cmpint(len, ==, 16);
    g_assert_cmphex(fdt64_ld(&reg[0]), ==, 0);
    g_assert_cmphex(fdt64_ld(&reg[1]), ==, ram);
    g_free(fdt);
    spapr_machine_free(m);
    test_cfg_cleanup(&t);
}

static void test_ram_sizes(void)
{
    check_ram(256ull << 20, 21);
    check_ram(1ull << 30, 23);
    check_ram(4ull << 30, 25);
}

int main(int argc, char **argv)
{
    int ret;

    g_test_init(&argc, &argv, NULL);
    /* Machines without vCPUs first (see the top of the file). */
    g_test_add_func("/platform/nvram-bounds", test_nvram_bounds);
    g_test_add_func("/platform/nvram-file", test_nvram_file);
    g_test_add_func("/platform/ram-sizes", test_ram_sizes);
    g_test_add_func("/platform/set-mode", test_set_mode);
    g_test_add_func("/platform/register-vpa", test_register_vpa);
    g_test_add_func("/platform/cede-and-interrupt", test_cede_and_interrupt);
    g_test_add_func("/platform/prod-and-confer", test_prod_and_confer);
    g_test_add_func("/platform/start-stop-cpu", test_start_stop_cpu);
    g_test_add_func("/platform/nmi-register", test_nmi_register);
    g_test_add_func("/platform/xive-rtas", test_xive_rtas);
    g_test_add_func("/platform/random", test_random);
    g_test_add_func("/platform/logical-ci", test_logical_ci);
    g_test_add_func("/platform/page-init", test_page_init);
    g_test_add_func("/platform/misc-hcalls", test_misc_hcalls);
    g_test_add_func("/platform/rtas-misc", test_rtas_misc);
    ret = g_test_run();
    if (M) {
        test_cfg_cleanup(&cfg);
    }
    return ret;
}
