/*
 * RTAS calls made the way the guest makes them, for the pseries unit tests
 * of hotplug/ (test-drc*.c, test-hotplug.c): rtas_args and the
 * configure-connector work area in guest RAM, through the real dispatcher,
 * and a configure-connector walk written down as "STATUS:NAME" steps.
 */
#ifndef RTAS_TEST_UTIL_H
#define RTAS_TEST_UTIL_H

#include <glib.h>
#include <stdarg.h>
#include <string.h>

#include "ppc/spapr/papr.h"
#include "ppc/spapr/spapr_rtas.h"
#include "spapr-test-util.h"

#define ARGS_ADDR   0x10000
#define WA_ADDR     0x20000     /* the configure-connector work area */
#define WA_SIZE     4096
#define TEST_RAM    (64ull << 20)

typedef struct Fixture {
    TestCfg t;
    SpaprMachine *m;
} Fixture;

/* ---- RTAS calls ---- */

/*
 * Call RTAS service name with nargs arguments (varargs, uint32_t) and nret
 * returns into rets[] (may be NULL); returns the status word (rets[0]).
 */
static inline int32_t rtas(Fixture *f, const char *name, uint32_t nargs, uint32_t nret,
                           uint32_t *rets, ...)
{
    uint32_t args[RTAS_MAX_ARGS], r[RTAS_MAX_ARGS] = { 0 };
    va_list ap;

    g_assert_cmpuint(nargs + nret, <=, RTAS_MAX_ARGS);
    va_start(ap, rets);
    for (uint32_t i = 0; i < nargs; i++) {
        args[i] = va_arg(ap, uint32_t);
    }
    va_end(ap);
    g_assert_cmpint(spapr_test_rtas(f->m, NULL, ARGS_ADDR, name, nargs, nret, args, r), ==,
                    H_SUCCESS);
    for (uint32_t i = 0; rets && i < nret; i++) {
        rets[i] = r[i];
    }
    return (int32_t)r[0];
}

static inline int32_t set_indicator(Fixture *f, uint32_t type, uint32_t index, uint32_t value)
{
    return rtas(f, "set-indicator", 3, 1, NULL, type, index, value);
}

/* get-sensor-state: the status, and the state in *state. */
static inline int32_t get_sensor(Fixture *f, uint32_t type, uint32_t index, uint32_t *state)
{
    uint32_t r[2];
    int32_t st = rtas(f, "get-sensor-state", 2, 2, r, type, index);

    *state = r[1];
    return st;
}

static inline int32_t set_power(Fixture *f, uint32_t domain, uint32_t level, uint32_t *actual)
{
    uint32_t r[2];
    int32_t st = rtas(f, "set-power-level", 2, 2, r, domain, level);

    *actual = r[1];
    return st;
}

/* ---- configure-connector ---- */

/* Fill the work area with a pattern, then word 0 = index, word 1 = 0: a new sequence. */
static inline void wa_init(Fixture *f, uint32_t index)
{
    uint8_t buf[WA_SIZE];
    uint32_t w[2] = { GUINT32_TO_BE(index), 0 };

    memset(buf, 0xa5, sizeof(buf));
    memcpy(buf, w, sizeof(w));
    g_assert_cmpint(address_space_write(&f->m->as, WA_ADDR, buf, WA_SIZE), ==, MEMTX_OK);
}

static inline void wa_read(Fixture *f, uint8_t *buf)
{
    g_assert_cmpint(address_space_read(&f->m->as, WA_ADDR, buf, WA_SIZE), ==, MEMTX_OK);
}

static inline uint32_t wa_word(const uint8_t *buf, int i)
{
    uint32_t w;

    memcpy(&w, buf + 4 * i, 4);
    return GUINT32_FROM_BE(w);
}

static inline int32_t cc_call(Fixture *f)
{
    return rtas(f, "ibm,configure-connector", 2, 1, NULL, (uint32_t)WA_ADDR, 0u);
}

/*
 * One call and what it returned, as "STATUS:NAME" ("3:vendor-id",
 * "2:ethernet@3", "4", "0"), appended to walk with a space.
 */
static inline int32_t cc_step(Fixture *f, GString *walk)
{
    uint8_t buf[WA_SIZE];
    int32_t st = cc_call(f);

    wa_read(f, buf);
    if (walk->len) {
        g_string_append_c(walk, ' ');
    }
    g_string_append_printf(walk, "%d", st);
    if (st == 1 || st == 2 || st == 3) {
        uint32_t off = wa_word(buf, 2);

        g_assert_cmpuint(off, <, WA_SIZE);
        g_assert_nonnull(memchr(buf + off, 0, WA_SIZE - off));
        g_string_append_printf(walk, ":%s", (const char *)buf + off);
    }
    return st;
}

/* Call until a status that ends a sequence (0 or negative); at most limit calls. */
static inline char *cc_walk(Fixture *f, int limit)
{
    GString *walk = g_string_new(NULL);

    for (int i = 0; i < limit; i++) {
        int32_t st = cc_step(f, walk);

        if (st <= 0) {
            break;
        }
    }
    return g_string_free(walk, FALSE);
}

#endif
