/*
 * Shared helpers for the pseries unit tests: a machine configuration with a
 * throw-away firmware file. The run state and chardevs are the real ones
 * (core/runstate.c, core/chardev.c) from the library.
 */
#ifndef SPAPR_TEST_UTIL_H
#define SPAPR_TEST_UTIL_H

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "core/chardev.h"
#include "core/machine.h"
#include "ppc/spapr/papr.h"
#include "ppc/spapr/spapr_machine.h"
#include "ppc/spapr/spapr_rtas.h"

/* A file in a per-test temporary directory, filled with size bytes of pattern. */
static inline char *test_write_file(const char *dir, const char *name, size_t size, uint8_t fill)
{
    char *path = g_build_filename(dir, name, NULL);
    uint8_t *buf = g_malloc(size ? size : 1);

    memset(buf, fill, size);
    g_assert_true(g_file_set_contents(path, (const char *)buf, (gssize)size, NULL));
    g_free(buf);
    return path;
}

typedef struct TestCfg {
    MachineConfig cfg;
    char *dir;
    char *bios;
    GHashTable *props;
} TestCfg;

static inline void test_cfg_init(TestCfg *t, int smp, uint64_t ram)
{
    memset(t, 0, sizeof(*t));
    t->dir = g_dir_make_tmp("spapr-test-XXXXXX", NULL);
    g_assert_nonnull(t->dir);
    /* A stand-in firmware: these tests never run it. */
    t->bios = test_write_file(t->dir, "fw.bin", 0x200, 0x60);
    t->props = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    t->cfg.machine_type = "pseries";
    t->cfg.machine_props = t->props;
    t->cfg.cpu_model = "POWER8";
    t->cfg.ram_size = ram;
    t->cfg.smp = smp;
    t->cfg.max_cpus = smp;
    t->cfg.bios = t->bios;
}

static inline void test_cfg_cleanup(TestCfg *t)
{
    GDir *d = g_dir_open(t->dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        char *p = g_build_filename(t->dir, name, NULL);
        g_unlink(p);
        g_free(p);
    }
    if (d) {
        g_dir_close(d);
    }
    g_rmdir(t->dir);
    g_free(t->dir);
    g_free(t->bios);
    g_hash_table_unref(t->props);
}

/*
 * rtas_args as the guest lays them out at addr in guest RAM: big-endian words
 * token, nargs, nret, the arguments, then nret return words pre-filled with
 * 0xdeadbeef. Any token and counts (tests of malformed calls use this too).
 */
static inline void spapr_test_put_rtas_args(SpaprMachine *m, uint64_t addr, uint32_t token,
                                            uint32_t nargs, uint32_t nret, const uint32_t *args)
{
    uint32_t w[3 + 32];
    uint32_t n = 3 + nargs + nret;

    g_assert_cmpuint(n, <=, G_N_ELEMENTS(w));
    w[0] = GUINT32_TO_BE(token);
    w[1] = GUINT32_TO_BE(nargs);
    w[2] = GUINT32_TO_BE(nret);
    for (uint32_t i = 0; i < nargs; i++) {
        uint32_t arg = args[i];     /* GUINT32_TO_BE may evaluate its operand twice */

        w[3 + i] = GUINT32_TO_BE(arg);
    }
    for (uint32_t i = 0; i < nret; i++) {
        w[3 + nargs + i] = GUINT32_TO_BE(0xdeadbeef);
    }
    g_assert_cmpint(address_space_write(&m->as, addr, w, 4ull * n), ==, MEMTX_OK);
}

/*
 * One call of service name through the real dispatcher, its arguments at
 * addr. The return words are read back into rets (may be NULL); the result is
 * spapr_rtas_call's hypercall status, not the RTAS status (that is rets[0]).
 */
static inline int64_t spapr_test_rtas(SpaprMachine *m, PowerPCCPU *caller, uint64_t addr,
                                      const char *name, uint32_t nargs, uint32_t nret,
                                      const uint32_t *args, uint32_t *rets)
{
    uint32_t token = spapr_rtas_token(name);
    MemTxResult res = MEMTX_OK;
    int64_t hstatus;

    g_assert_cmpuint(token, !=, 0);
    spapr_test_put_rtas_args(m, addr, token, nargs, nret, args);
    hstatus = spapr_rtas_call(m, caller, addr);
    for (uint32_t i = 0; rets && i < nret; i++) {
        rets[i] = address_space_ldl_be(&m->as, addr + 12 + 4 * (nargs + i), &res);
        g_assert_cmpint(res, ==, MEMTX_OK);
    }
    return hstatus;
}

#endif
