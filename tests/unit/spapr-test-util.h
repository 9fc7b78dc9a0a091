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
#include "ppc/spapr/spapr_machine.h"

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

#endif
