/*
 * SMT topology of the pseries machine (issue 13): one machine of 2 sockets x
 * 1 core x 4 threads (-smp 8,sockets=2,threads=4) and what a guest sees of
 * it. The device tree has one cpu node per core whose
 * ibm,ppc-interrupt-server#s lists its threads (LoPAPR C.6.6); each thread's
 * PIR is its server number and its TIR its place in the core; RTAS start-cpu
 * and query-cpu-stopped-state and H_PROD name a thread by that number; and
 * msgsndp, run by the engine on one thread, rings a sibling's doorbell
 * (DPDES, shared by the core, shows it) and ends its H_CEDE.
 * Instruction words are binutils' (powerpc64le-linux-gnu-as -mpower8 -mbig).
 */
#include <glib.h>
#include <libfdt.h>
#include <string.h>

#include "ppc/spapr/spapr_cpu.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_rtas.h"
#include "ppc/spr.h"
#include "spapr-test-util.h"
#include "tcg/tcg.h"

#define NCPUS       8
#define THREADS     4
#define ARGS_ADDR   0x10000
#define CODE_ADDR   0x7000

#define MSGSNDP_R3  0x7c00191cu
#define MFTIR_R4    0x7c9e6aa6u
#define MFPIR_R5    0x7cbffaa6u     /* mfspr r5,1023 */
#define MFDPDES_R6  0x7cd02aa6u     /* mfspr r6,176 */
#define LOOP_INSN   0x48000000u     /* b . */

static TestCfg cfg;
static const MachineClass *MC;
static SpaprMachine *M;

static SpaprMachine *fresh(void)
{
    if (!M) {
        Error *err = NULL;

        test_cfg_init(&cfg, NCPUS, 256ull << 20);
        cfg.cfg.threads = THREADS;
        cfg.cfg.cores = 1;          /* per socket: two sockets */
        MC = machine_class_find("pseries");
        M = machine_create(MC, &cfg.cfg, &err);
        g_assert_null(err);
        g_assert_nonnull(M);
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

static uint32_t cell(const void *prop, int i)
{
    fdt32_t v;

    memcpy(&v, (const char *)prop + 4 * i, 4);
    return fdt32_to_cpu(v);
}

/* The property's cells must be exactly want[0..n). */
static void assert_cells(const void *fdt, int node, const char *name, const uint32_t *want, int n)
{
    int len;
    const void *p = fdt_getprop(fdt, node, name, &len);

    g_assert_nonnull(p);
    g_assert_cmpint(len, ==, 4 * n);
    for (int i = 0; i < n; i++) {
        g_assert_cmphex(cell(p, i), ==, want[i]);
    }
}

static void test_device_tree(void)
{
    const void *fdt = fresh()->fdt;
    int cpus = fdt_path_offset(fdt, "/cpus"), node, n = 0;

    g_assert_cmpint(cpus, >=, 0);
    fdt_for_each_subnode(node, fdt, cpus) {
        const char *type = fdt_getprop(fdt, node, "device_type", NULL);
        if (type && !strcmp(type, "cpu")) {
            n++;
        }
    }
    g_assert_cmpint(n, ==, NCPUS / THREADS);

    /* Core c: node @<first server>, reg that server, its four servers, socket c. */
    for (int c = 0; c < NCPUS / THREADS; c++) {
        char path[64];
        uint32_t first = (uint32_t)(c * THREADS), servers[THREADS], gservers[2 * THREADS];

        g_snprintf(path, sizeof(path), "/cpus/PowerPC,POWER8@%x", first);
        node = fdt_path_offset(fdt, path);
        g_assert_cmpint(node, >=, 0);
        for (int t = 0; t < THREADS; t++) {
            servers[t] = first + (uint32_t)t;
            gservers[2 * t] = first + (uint32_t)t;
            gservers[2 * t + 1] = 0;
        }
        assert_cells(fdt, node, "reg", &first, 1);
        assert_cells(fdt, node, "ibm,ppc-interrupt-server#s", servers, THREADS);
        assert_cells(fdt, node, "ibm,ppc-interrupt-gserver#s", gservers, 2 * THREADS);
        assert_cells(fdt, node, "ibm,chip-id", (const uint32_t[]){ (uint32_t)c }, 1);
    }
    /* No node for a thread that is not first in its core. */
    g_assert_cmpint(fdt_path_offset(fdt, "/cpus/PowerPC,POWER8@1"), <, 0);
    g_assert_cmpint(fdt_path_offset(fdt, "/cpus/PowerPC,POWER8@5"), <, 0);
    /* XICS serves every server number. */
    node = fdt_path_offset(fdt, "/interrupt-controller");
    assert_cells(fdt, node, "ibm,interrupt-server-ranges", (const uint32_t[]){ 0, NCPUS }, 2);
    g_assert_cmpuint(fdt_boot_cpuid_phys(fdt), ==, 0);
}

/* Run mfspr TIR/PIR/DPDES on vCPU c, from CODE_ADDR, in supervisor state. */
static void read_ids(int c, uint64_t *tir, uint64_t *pir, uint64_t *dpdes)
{
    static const uint32_t code[] = { MFTIR_R4, MFPIR_R5, MFDPDES_R6, LOOP_INSN };

    for (size_t i = 0; i < G_N_ELEMENTS(code); i++) {
        address_space_stl_be(&M->as, CODE_ADDR + 4 * i, code[i], NULL);
    }
    cpu(c)->cs.pc = CODE_ADDR;
    cpu(c)->offline = false;
    cpu(c)->cs.halted = false;
    cpu(c)->gpr[4] = cpu(c)->gpr[5] = cpu(c)->gpr[6] = 0xdead;
    cpu(c)->cs.exit_request = 0;
    g_assert_cmpint(tcg_exec(&cpu(c)->cs, 100), ==, CPU_EXIT_BUDGET);
    g_assert_cmphex(cpu(c)->cs.pc, ==, CODE_ADDR + 12);
    *tir = cpu(c)->gpr[4];
    *pir = cpu(c)->gpr[5];
    *dpdes = cpu(c)->gpr[6];
}

static void test_pir_tir(void)
{
    fresh();
    for (int i = 0; i < NCPUS; i++) {
        uint64_t tir, pir, dpdes;

        read_ids(i, &tir, &pir, &dpdes);
        g_assert_cmpuint(pir, ==, (uint64_t)i);
        g_assert_cmpuint(tir, ==, (uint64_t)(i % THREADS));
        g_assert_cmphex(dpdes, ==, 0);
        /* The same thread is found by that number, in its core's table. */
        g_assert_true(spapr_find_cpu(M, pir) == cpu(i));
        g_assert_true(cpu(i)->core->thread[tir] == cpu(i));
        g_assert_cmpint(cpu(i)->core->nr_threads, ==, THREADS);
    }
    g_assert_true(cpu(0)->core != cpu(THREADS)->core);
}

static int32_t rtas(const char *name, uint32_t nargs, uint32_t nret, const uint32_t *args,
                    uint32_t *rets)
{
    spapr_test_rtas(M, cpu(0), ARGS_ADDR, name, nargs, nret, args, rets);
    return (int32_t)rets[0];
}

static void test_start_query_prod_thread(void)
{
    uint32_t rets[2];

    fresh();
    address_space_stl_be(&M->as, CODE_ADDR, LOOP_INSN, NULL);
    /* Thread 1 of core 1 is server 5: started by that number, the others stay stopped. */
    g_assert_cmpint(rtas("query-cpu-stopped-state", 1, 2, (const uint32_t[]){ 5 }, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 0);
    g_assert_cmpint(rtas("start-cpu", 3, 1, (const uint32_t[]){ 5, CODE_ADDR, 0x55 }, rets), ==, 0);
    g_assert_false(cpu(5)->offline);
    g_assert_cmphex(cpu(5)->gpr[3], ==, 0x55);
    for (int i = 1; i < NCPUS; i++) {
        g_assert_true(cpu(i)->offline == (i != 5));
    }
    g_assert_cmpint(rtas("query-cpu-stopped-state", 1, 2, (const uint32_t[]){ 5 }, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 2);
    g_assert_cmpint(rtas("query-cpu-stopped-state", 1, 2, (const uint32_t[]){ 4 }, rets), ==, 0);
    g_assert_cmpuint(rets[1], ==, 0);
    /* Beyond the last thread: no such processor. */
    g_assert_cmpint(rtas("query-cpu-stopped-state", 1, 2, (const uint32_t[]){ NCPUS }, rets),
                    ==, -3);

    /* Its sibling (server 4, thread 0 of core 1) prods it out of H_CEDE. */
    uint64_t args[9] = { 0 };
    g_assert_cmpint(spapr_hcall_dispatch(M, cpu(5), H_CEDE, args), ==, H_SUCCESS);
    g_assert_true(cpu(5)->cs.halted);
    args[0] = 5;
    g_assert_cmpint(spapr_hcall_dispatch(M, cpu(4), H_PROD, args), ==, H_SUCCESS);
    g_assert_false(cpu(5)->cs.halted);
}

static void test_msgsndp_sibling(void)
{
    uint64_t args[9] = { 0 }, tir, pir, dpdes;

    fresh();
    /* Thread 2 of core 0 idles in H_CEDE (MSR[EE] on). */
    address_space_stl_be(&M->as, CODE_ADDR + 0x100, LOOP_INSN, NULL);
    address_space_stl_be(&M->as, 0xa00, LOOP_INSN, NULL);
    cpu(2)->offline = false;
    cpu(2)->cs.pc = CODE_ADDR + 0x100;
    g_assert_cmpint(spapr_hcall_dispatch(M, cpu(2), H_CEDE, args), ==, H_SUCCESS);
    g_assert_true(cpu(2)->cs.halted);

    /* Thread 0 rings thread 2 (type 5 = privileged doorbell, TIR 2), then loops. */
    address_space_stl_be(&M->as, CODE_ADDR, MSGSNDP_R3, NULL);
    address_space_stl_be(&M->as, CODE_ADDR + 4, LOOP_INSN, NULL);
    cpu(0)->cs.pc = CODE_ADDR;
    cpu(0)->gpr[3] = (5ull << 27) | 2;
    g_assert_cmpint(tcg_exec(&cpu(0)->cs, 100), !=, CPU_EXIT_HALTED);
    g_assert_true(cpu(2)->pending & PPC_IRQ_DOORBELL);
    g_assert_false(cpu(0)->pending & PPC_IRQ_DOORBELL);
    g_assert_false(cpu(4 + 2)->pending & PPC_IRQ_DOORBELL);    /* the other core's thread 2 */
    g_assert_true(ppc_cpu_has_work(cpu(2)));

    /* DPDES is the core's: thread 3 reads thread 2's bit (63-2); core 1 reads nothing. */
    read_ids(3, &tir, &pir, &dpdes);
    g_assert_cmphex(dpdes, ==, 1u << 2);
    read_ids(7, &tir, &pir, &dpdes);
    g_assert_cmphex(dpdes, ==, 0);

    /* Thread 2 wakes into the doorbell vector; taking it clears its bit. */
    cpu(2)->cs.exit_request = 0;
    g_assert_cmpint(tcg_exec(&cpu(2)->cs, 100), ==, CPU_EXIT_BUDGET);
    g_assert_false(cpu(2)->cs.halted);
    g_assert_cmphex(cpu(2)->cs.pc, ==, 0xa00);
    g_assert_cmphex(cpu(2)->spr[SPR_SRR0], ==, CODE_ADDR + 0x100);
    g_assert_false(cpu(2)->pending & PPC_IRQ_DOORBELL);

    /* A thread the core does not have (TIR 4 of 4) gets nothing. */
    cpu(0)->cs.pc = CODE_ADDR;
    cpu(0)->gpr[3] = (5ull << 27) | 4;
    tcg_exec(&cpu(0)->cs, 100);
    for (int i = 0; i < NCPUS; i++) {
        g_assert_false(cpu(i)->pending & PPC_IRQ_DOORBELL);
    }
}

/* The numbering rules themselves, on machines that are only their topology fields. */
static void test_vcpu_ids(void)
{
    SpaprMachine m;

    memset(&m, 0, sizeof(m));
    m.smp = m.max_cpus = 8;
    m.threads = 4;
    g_assert_cmpuint(spapr_vcpu_id(&m, 5), ==, 5);              /* vsmt = threads: dense */
    g_assert_cmpuint(spapr_max_server_number(&m), ==, 8);
    m.vsmt = 8;                                                 /* -M pseries,vsmt=8 */
    g_assert_cmpuint(spapr_vcpu_id(&m, 3), ==, 3);
    g_assert_cmpuint(spapr_vcpu_id(&m, 5), ==, 9);
    g_assert_cmpuint(spapr_max_server_number(&m), ==, 16);
    m.threads = 1;
    m.vsmt = 4;                                                 /* QEMU: -smp 2,vsmt=4: 0, 4 */
    g_assert_cmpuint(spapr_vcpu_id(&m, 1), ==, 4);
    m.cores_per_socket = 2;
    m.threads = 4;
    g_assert_cmpint(spapr_cpu_chip_id(&m, 7), ==, 0);
    g_assert_cmpint(spapr_cpu_chip_id(&m, 8), ==, 1);
}

/* What pseries refuses, with QEMU's words where QEMU has them. */
static void test_topology_check(void)
{
    static const struct {
        int smp, max, threads;
        const char *msg;
    } cases[] = {
        { 6, 6, 3, "Cannot support 3 threads/core on a pseries machine because it must be a "
                   "power of 2" },
        { 16, 16, 16, "TCG cannot support more than 8 threads/core on a pseries machine "
                      "(POWER8 has at most 8)" },
        { 6, 8, 4, "smp_cpus (6) must be multiple of threads (4)" },
        { 4, 6, 2, NULL },
        { 8, 8, 8, NULL },
        { 2, 2, 1, NULL },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        MachineConfig c = { .smp = cases[i].smp, .max_cpus = cases[i].max,
                            .threads = cases[i].threads };
        Error *err = NULL;
        bool ok = spapr_cpu_topology_check(&c, &err);

        g_assert_true(ok == !cases[i].msg);
        if (cases[i].msg) {
            g_assert_cmpstr(error_get_pretty(err), ==, cases[i].msg);
            error_free(err);
        }
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/smt/vcpu-ids", test_vcpu_ids);
    g_test_add_func("/smt/topology-check", test_topology_check);
    g_test_add_func("/smt/device-tree", test_device_tree);
    g_test_add_func("/smt/pir-tir", test_pir_tir);
    g_test_add_func("/smt/start-query-prod-thread", test_start_query_prod_thread);
    g_test_add_func("/smt/msgsndp-sibling", test_msgsndp_sibling);
    int ret = g_test_run();
    if (M) {
        test_cfg_cleanup(&cfg);
    }
    return ret;
}
