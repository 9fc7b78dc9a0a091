/*
 * Unit tests for the pseries event log (ppc/spapr/spapr_events.c): the bytes
 * of the hotplug and EPOW logs, check-exception and event-scan as the guest
 * calls them (rtas_args and buffers in guest RAM), the interrupts seen
 * through XICS with one presentation controller, the queue bound and reset.
 *
 * Expected bytes are built here from LoPAR's definitions ("RTAS Error
 * Reporting Return Format": the fixed part by bit number, the version 6
 * header, Main-A, Main-B, the Hotplug and EPOW sections by offset), not from
 * what the emulator produced.
 */
#include <glib.h>
#include <glib-unix.h>
#include <libfdt.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/monitor.h"

#include "ppc/spapr/spapr_events.h"
#include "ppc/spapr/spapr_rtas.h"
#include "spapr-test-util.h"

#define ARGS_ADDR   0x10000
#define BUF_ADDR    0x20000
#define BUF_FILL    0xa5
#define LOG_MAX     2048            /* what Linux passes: rtas-error-log-max */
#define SERVER      0
#define PRIO        5

/* Linux's arguments (ras.c): the external-interrupt vector and the two class masks. */
#define VECTOR_EXTERNAL 0x500
#define MASK_EPOW       0x40000000u    /* class bit 1 */
#define MASK_HOTPLUG    0x10000000u    /* class bit 3 */

/* Guest time the tests set: 2006-06-17 16:01:21 UTC. */
#define GUEST_EPOCH     1150560081

typedef struct Fixture {
    TestCfg t;
    SpaprMachine *m;
    PowerPCCPU *cpu;        /* only an interrupt server: no CPU runs */
} Fixture;

/* ---- set-up ---- */

static void fixture_up(Fixture *f)
{
    Error *err = NULL;

    test_cfg_init(&f->t, 1, 64ull << 20);
    f->t.cfg.nodefaults = true;
    f->m = spapr_machine_create(&f->t.cfg, &err);
    g_assert_null(err);
    g_assert_nonnull(f->m);
    /* The tree the guest gets: its /chosen says which sources were negotiated. */
    g_assert_true(spapr_load_images(f->m, &err));
    g_assert_true(spapr_write_fdt(f->m, &err));
    g_assert_null(err);
    guest_rtc_set(&f->m->rtc, GUEST_EPOCH);

    f->cpu = g_new0(PowerPCCPU, 1);
    f->cpu->pir = SERVER;
    xics_add_server(f->m->xics, f->cpu);
    g_assert_cmpint(xics_h_cppr(f->m->xics, f->cpu, 0xff), ==, H_SUCCESS);
    /* What Linux's request_irq does for both sources. */
    g_assert_cmpint(xics_set_xive(f->m->xics, SPAPR_IRQ_EPOW, SERVER, PRIO), ==, 0);
    g_assert_cmpint(xics_set_xive(f->m->xics, SPAPR_IRQ_HOTPLUG, SERVER, PRIO), ==, 0);
    machine_clear_shutdown_request();
}

static void fixture_down(Fixture *f)
{
    spapr_machine_free(f->m);
    g_free(f->cpu);
    test_cfg_cleanup(&f->t);
    machine_clear_shutdown_request();
}

/* ---- RTAS as the guest calls it ---- */

static int32_t rtas(Fixture *f, const char *name, uint32_t nargs, const uint32_t *args,
                    uint32_t nret, uint32_t *rets)
{
    g_assert_cmpint(spapr_test_rtas(f->m, NULL, ARGS_ADDR, name, nargs, nret, args, rets), ==,
                    H_SUCCESS);
    return (int32_t)rets[0];
}

static void fill_buf(Fixture *f)
{
    uint8_t b[LOG_MAX + 64];

    memset(b, BUF_FILL, sizeof(b));
    g_assert_cmpint(address_space_write(&f->m->as, BUF_ADDR, b, sizeof(b)), ==, MEMTX_OK);
}

static void read_buf(Fixture *f, uint8_t *b, size_t n)
{
    g_assert_cmpint(address_space_read(&f->m->as, BUF_ADDR, b, n), ==, MEMTX_OK);
}

/* check-exception(0x500, irq, mask, critical, buffer, length), the buffer refilled first. */
static int32_t check_exception_at(Fixture *f, uint32_t mask, uint32_t critical, uint32_t buf,
                                  uint32_t len)
{
    uint32_t args[6] = { VECTOR_EXTERNAL, SPAPR_IRQ_HOTPLUG, mask, critical, buf, len };
    uint32_t ret;

    fill_buf(f);
    return rtas(f, "check-exception", 6, args, 1, &ret);
}

static int32_t check_exception(Fixture *f, uint32_t mask)
{
    return check_exception_at(f, mask, 0, BUF_ADDR, LOG_MAX);
}

static int32_t event_scan(Fixture *f, uint32_t mask)
{
    uint32_t args[4] = { mask, 0, BUF_ADDR, LOG_MAX };
    uint32_t ret;

    fill_buf(f);
    return rtas(f, "event-scan", 4, args, 1, &ret);
}

/* ---- XICS, as the guest's interrupt entry sees it ---- */

static bool line_up(Fixture *f)
{
    return f->cpu->pending & PPC_IRQ_EXTERNAL;
}

/* H_XIRR: the presented source (0 = none). */
static uint32_t accept(Fixture *f)
{
    uint64_t xirr = 0;

    g_assert_cmpint(xics_h_xirr(f->m->xics, f->cpu, &xirr), ==, H_SUCCESS);
    return (uint32_t)xirr & 0xffffff;
}

static void eoi(Fixture *f, uint32_t irq)
{
    g_assert_cmpint(xics_h_eoi(f->m->xics, f->cpu, 0xff000000u | irq), ==, H_SUCCESS);
}

/*
 * Linux's ras_hotplug_interrupt / ras_epow_interrupt in a loop: take each
 * interrupt, call check-exception for its class, EOI. Returns how many
 * interrupts came; each one must find an event.
 */
static unsigned run_handlers(Fixture *f, uint32_t irq, uint32_t mask)
{
    unsigned n = 0;

    while (line_up(f)) {
        g_assert_cmphex(accept(f), ==, irq);
        g_assert_cmpint(check_exception(f, mask), ==, RTAS_OUT_SUCCESS);
        eoi(f, irq);
        n++;
        g_assert_cmpuint(n, <=, SPAPR_EVENT_QUEUE_MAX);
    }
    return n;
}

/* ---- the expected bytes, from LoPAR ---- */

/* A field of a 32-bit word in LoPAR's bit numbering (bit 0 is the most significant). */
static uint32_t bits(uint32_t value, int first, int last)
{
    g_assert_cmpuint(value, <, 1u << (last - first + 1));
    return value << (31 - last);
}

/* Bit n of a byte, LoPAR numbering. */
static uint8_t bit8(int n)
{
    return (uint8_t)(0x80 >> n);
}

static uint32_t be32_at(const uint8_t *b, size_t off)
{
    return (uint32_t)b[off] << 24 | (uint32_t)b[off + 1] << 16 | (uint32_t)b[off + 2] << 8 | b[off + 3];
}

static uint16_t be16_at(const uint8_t *b, size_t off)
{
    return (uint16_t)(b[off] << 8 | b[off + 1]);
}

static void assert_zero(const uint8_t *b, size_t off, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        g_assert_cmphex(b[off + i], ==, 0);
    }
}

static unsigned from_bcd(uint8_t v)
{
    g_assert_cmpuint(v >> 4, <=, 9);
    g_assert_cmpuint(v & 0xf, <=, 9);
    return (v >> 4) * 10 + (v & 0xf);
}

/* Offsets in the returned buffer (fixed part 8 bytes, then the extended log). */
enum {
    OFF_V6 = 8,             /* 16-byte version 6 header */
    OFF_MAIN_A = 24,        /* 48 bytes */
    OFF_MAIN_B = 72,        /* 24 bytes */
    OFF_SECTION = 96,       /* the event's own section */
    LEN_HP = 16,            /* Hotplug section, identified by DRC index */
    LEN_EP = 20,            /* EPOW section */
};

static void assert_section_header(const uint8_t *b, size_t off, const char *id, uint16_t len,
                                  uint8_t version)
{
    g_assert_cmpint(b[off], ==, id[0]);
    g_assert_cmpint(b[off + 1], ==, id[1]);
    g_assert_cmpuint(be16_at(b, off + 2), ==, len);
    g_assert_cmpuint(b[off + 4], ==, version);
    g_assert_cmpuint(b[off + 5], ==, 0);          /* subtype */
    g_assert_cmpuint(be16_at(b, off + 6), ==, 0); /* creator component */
}

/*
 * Everything before the event's own section, for a log of `total` bytes:
 * returns the PLID. The creation date and time must be a guest time in
 * [t0, t1] (seconds).
 */
static uint32_t assert_common(const uint8_t *b, size_t total, uint32_t summary, uint8_t subsystem,
                              uint8_t subtype, time_t t0, time_t t1)
{
    uint32_t date, time_bcd;
    struct tm tm = { 0 };
    time_t when;

    /* Fixed part. */
    g_assert_cmphex(be32_at(b, 0), ==, summary);
    g_assert_cmpuint(be32_at(b, 4), ==, total - 8);
    /* Version 6 header: valid, new log, big-endian; PowerPC format, platform event log (14). */
    g_assert_cmphex(b[OFF_V6 + 0], ==, bit8(0) | bit8(5) | bit8(6));
    g_assert_cmphex(b[OFF_V6 + 1], ==, 0);
    g_assert_cmphex(b[OFF_V6 + 2], ==, bit8(0) | 14);
    assert_zero(b, OFF_V6 + 3, 9);
    g_assert_cmpmem(b + OFF_V6 + 12, 4, "IBM\0", 4);

    /* Main-A, "PH", 48 bytes. */
    assert_section_header(b, OFF_MAIN_A, "PH", 48, 0);
    date = be32_at(b, OFF_MAIN_A + 0x08);
    time_bcd = be32_at(b, OFF_MAIN_A + 0x0c);
    tm.tm_year = (int)(from_bcd(date >> 24) * 100 + from_bcd((date >> 16) & 0xff)) - 1900;
    tm.tm_mon = (int)from_bcd((date >> 8) & 0xff) - 1;
    tm.tm_mday = (int)from_bcd(date & 0xff);
    tm.tm_hour = (int)from_bcd(time_bcd >> 24);
    tm.tm_min = (int)from_bcd((time_bcd >> 16) & 0xff);
    tm.tm_sec = (int)from_bcd((time_bcd >> 8) & 0xff);
    (void)from_bcd(time_bcd & 0xff);             /* hundredths: any valid BCD */
    when = timegm(&tm);
    g_assert_cmpint(when, >=, t0);
    g_assert_cmpint(when, <=, t1);
    assert_zero(b, OFF_MAIN_A + 0x10, 8);
    g_assert_cmpint(b[OFF_MAIN_A + 0x18], ==, 'H');           /* created by the hypervisor */
    assert_zero(b, OFF_MAIN_A + 0x19, 2);
    g_assert_cmpuint(b[OFF_MAIN_A + 0x1b], ==, 3);            /* Main-A, Main-B, one more */
    assert_zero(b, OFF_MAIN_A + 0x1c, 12);
    assert_zero(b, OFF_MAIN_A + 0x2c, 4);

    /* Main-B, "UH", 24 bytes: a non-error event (severity 0x00). */
    assert_section_header(b, OFF_MAIN_B, "UH", 24, 0);
    g_assert_cmphex(b[OFF_MAIN_B + 0x08], ==, subsystem);
    g_assert_cmphex(b[OFF_MAIN_B + 0x09], ==, 0);
    g_assert_cmphex(b[OFF_MAIN_B + 0x0a], ==, 0x00);
    g_assert_cmphex(b[OFF_MAIN_B + 0x0b], ==, subtype);
    assert_zero(b, OFF_MAIN_B + 0x0c, 12);
    return be32_at(b, OFF_MAIN_A + 0x28);
}

/* Version 6, severity EVENT (1), fully recovered (0), extended part present (bit 13). */
static uint32_t summary(uint32_t initiator, uint32_t type)
{
    return bits(6, 0, 7) | bits(1, 8, 10) | bits(0, 11, 12) | bits(1, 13, 13) |
           bits(initiator, 16, 19) | bits(0, 20, 23) | bits(type, 24, 31);
}

#define TYPE_EPOW               64
#define TYPE_HOTPLUG            229
#define INITIATOR_HOTPLUG       6
#define SUBSYSTEM_PLATFORM_FW   0x80    /* 0x80-0x8F */
#define SUBSYSTEM_EXTERNAL_ENV  0xa0    /* 0xA0-0xAF */
#define SUBTYPE_DR              0x80    /* dynamic reconfiguration event, generated by RTAS */
#define SUBTYPE_SHUTDOWN        0xd0    /* normal system/platform shutdown or powered off */

static time_t guest_now(Fixture *f)
{
    return (time_t)(guest_rtc_now_ns(&f->m->rtc) / 1000000000);
}

/* The whole hotplug log in the buffer; returns its PLID. */
static uint32_t assert_hotplug_log(Fixture *f, uint8_t resource, uint8_t action, uint32_t drc,
                                   time_t t0, time_t t1)
{
    size_t total = OFF_SECTION + LEN_HP;
    uint8_t b[OFF_SECTION + LEN_HP + 16];
    uint32_t plid;

    read_buf(f, b, sizeof(b));
    plid = assert_common(b, total, summary(INITIATOR_HOTPLUG, TYPE_HOTPLUG), SUBSYSTEM_PLATFORM_FW,
                         SUBTYPE_DR, t0, t1);
    assert_section_header(b, OFF_SECTION, "HP", LEN_HP, 1);
    g_assert_cmpuint(b[OFF_SECTION + 0x08], ==, resource);
    g_assert_cmpuint(b[OFF_SECTION + 0x09], ==, action);
    g_assert_cmpuint(b[OFF_SECTION + 0x0a], ==, 2);          /* identified by DRC index */
    g_assert_cmpuint(b[OFF_SECTION + 0x0b], ==, 0);          /* no token, transactional */
    g_assert_cmphex(be32_at(b, OFF_SECTION + 0x0c), ==, drc);
    /* Nothing written past the log. */
    for (size_t i = total; i < sizeof(b); i++) {
        g_assert_cmphex(b[i], ==, BUF_FILL);
    }
    return plid;
}

/* ---- tests ---- */

static void test_hotplug_add_remove_layout(void)
{
    Fixture f;
    Error *err = NULL;
    time_t t0, t1;
    uint32_t plid_add, plid_remove;

    fixture_up(&f);
    t0 = guest_now(&f);
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000008,
                                      &err));
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_REMOVE,
                                      0x40000008, &err));
    t1 = guest_now(&f);
    g_assert_null(err);
    /* The guest clock, not the host's: 2006 here. */
    g_assert_cmpint(t1 - t0, <, 60);

    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_SUCCESS);
    plid_add = assert_hotplug_log(&f, 5, 1, 0x40000008, t0, t1);
    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_SUCCESS);
    plid_remove = assert_hotplug_log(&f, 5, 2, 0x40000008, t0, t1);
    g_assert_cmpuint(plid_remove, ==, plid_add + 1);

    /* A PHB event: resource 4, the PHB's DRC index. */
    t0 = guest_now(&f);
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PHB, SPAPR_HP_ACTION_ADD, 0x20000001,
                                      &err));
    t1 = guest_now(&f);
    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_SUCCESS);
    g_assert_cmpuint(assert_hotplug_log(&f, 4, 1, 0x20000001, t0, t1), ==, plid_remove + 1);
    fixture_down(&f);
}

/* The 7-argument form (extended information) works the same. */
static void test_check_exception_seven_args(void)
{
    Fixture f;
    uint32_t args[7] = { VECTOR_EXTERNAL, SPAPR_IRQ_HOTPLUG, MASK_HOTPLUG, 0, BUF_ADDR, LOG_MAX, 0 };
    uint32_t ret;
    time_t t0;

    fixture_up(&f);
    t0 = guest_now(&f);
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000100,
                                      NULL));
    fill_buf(&f);
    g_assert_cmpint(rtas(&f, "check-exception", 7, args, 1, &ret), ==, RTAS_OUT_SUCCESS);
    assert_hotplug_log(&f, 5, 1, 0x40000100, t0, guest_now(&f));
    fixture_down(&f);
}

/* Events come back oldest first, status 0 each, then status 1 with the buffer untouched. */
static void test_order_then_none(void)
{
    Fixture f;
    const uint32_t drcs[3] = { 0x40000000, 0x40000108, 0x40000010 };
    uint8_t b[64];
    time_t t0;

    fixture_up(&f);
    t0 = guest_now(&f);
    for (int i = 0; i < 3; i++) {
        g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, drcs[i],
                                          NULL));
    }
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 3);
    for (int i = 0; i < 3; i++) {
        g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_SUCCESS);
        assert_hotplug_log(&f, 5, 1, drcs[i], t0, guest_now(&f));
    }
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 0);
    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_NO_ERRORS_FOUND);
    read_buf(&f, b, sizeof(b));
    for (size_t i = 0; i < sizeof(b); i++) {
        g_assert_cmphex(b[i], ==, BUF_FILL);
    }
    fixture_down(&f);
}

/* The mask selects the class: the oldest event of that class, whatever is older in another. */
static void test_masks(void)
{
    Fixture f;
    uint8_t b[8];

    fixture_up(&f);
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000000,
                                      NULL));
    g_assert_true(spapr_event_powerdown(f.m, NULL));
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_REMOVE,
                                      0x40000000, NULL));

    /* No class bit that has events: internal errors (bit 0), I/O events (bit 4), none. */
    g_assert_cmpint(check_exception(&f, 0x80000000u), ==, RTAS_OUT_NO_ERRORS_FOUND);
    g_assert_cmpint(check_exception(&f, 0x08000000u), ==, RTAS_OUT_NO_ERRORS_FOUND);
    g_assert_cmpint(check_exception(&f, 0), ==, RTAS_OUT_NO_ERRORS_FOUND);
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 3);

    /* EPOW: the power-off, though a hotplug event is older. */
    g_assert_cmpint(check_exception(&f, MASK_EPOW), ==, RTAS_OUT_SUCCESS);
    read_buf(&f, b, sizeof(b));
    g_assert_cmpuint(be32_at(b, 0) & 0xff, ==, TYPE_EPOW);
    g_assert_cmpint(check_exception(&f, MASK_EPOW), ==, RTAS_OUT_NO_ERRORS_FOUND);

    /* Hot plug, and then every class at once. */
    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_SUCCESS);
    read_buf(&f, b, sizeof(b));
    g_assert_cmpuint(be32_at(b, 0) & 0xff, ==, TYPE_HOTPLUG);
    g_assert_cmpint(check_exception(&f, 0xffffffffu), ==, RTAS_OUT_SUCCESS);
    g_assert_cmpint(check_exception(&f, 0xffffffffu), ==, RTAS_OUT_NO_ERRORS_FOUND);
    fixture_down(&f);
}

/* LoPAR: the log is truncated to the buffer's length; bad buffers get -1 and keep the event. */
static void test_truncation_and_bad_buffers(void)
{
    Fixture f;
    uint8_t b[64], full[OFF_SECTION + LEN_HP];

    fixture_up(&f);
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000018,
                                      NULL));
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000020,
                                      NULL));

    /* Too short for the fixed part, outside RAM, running off its end: -1, nothing taken. */
    g_assert_cmpint(check_exception_at(&f, MASK_HOTPLUG, 0, BUF_ADDR, 7), ==, RTAS_OUT_HW_ERROR);
    g_assert_cmpint(check_exception_at(&f, MASK_HOTPLUG, 0, BUF_ADDR, 0), ==, RTAS_OUT_HW_ERROR);
    g_assert_cmpint(check_exception_at(&f, MASK_HOTPLUG, 0, 0xfffff000u, LOG_MAX), ==,
                    RTAS_OUT_HW_ERROR);
    g_assert_cmpint(check_exception_at(&f, MASK_HOTPLUG, 0, (64u << 20) - 40, LOG_MAX), ==,
                    RTAS_OUT_HW_ERROR);
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 2);
    read_buf(&f, b, sizeof(b));
    for (size_t i = 0; i < sizeof(b); i++) {
        g_assert_cmphex(b[i], ==, BUF_FILL);
    }

    /* A log cut at 40 bytes, ending in the middle of Main-A: the rest of the buffer untouched. */
    g_assert_cmpint(check_exception_at(&f, MASK_HOTPLUG, 0, BUF_ADDR, 40), ==, RTAS_OUT_SUCCESS);
    read_buf(&f, b, sizeof(b));
    g_assert_cmphex(be32_at(b, 0), ==, summary(INITIATOR_HOTPLUG, TYPE_HOTPLUG));
    g_assert_cmpuint(be32_at(b, 4), ==, OFF_SECTION + LEN_HP - 8);     /* the whole length */
    g_assert_cmpmem(b + OFF_V6 + 12, 4, "IBM\0", 4);
    g_assert_cmpint(b[OFF_MAIN_A], ==, 'P');
    for (size_t i = 40; i < sizeof(b); i++) {
        g_assert_cmphex(b[i], ==, BUF_FILL);
    }
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 1);

    /* Exactly the log's size, and a buffer that ends exactly at the end of RAM. */
    g_assert_cmpint(check_exception_at(&f, MASK_HOTPLUG, 0, (64u << 20) - sizeof(full), sizeof(full)),
                    ==, RTAS_OUT_SUCCESS);
    g_assert_cmpint(address_space_read(&f.m->as, (64u << 20) - sizeof(full), full, sizeof(full)),
                    ==, MEMTX_OK);
    g_assert_cmphex(be32_at(full, OFF_SECTION + 0x0c), ==, 0x40000020);
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 0);
    fixture_down(&f);
}

/* Critical: the fixed part alone, saying no extended log follows (LoPAR). */
static void test_critical(void)
{
    Fixture f;
    uint8_t b[16];

    fixture_up(&f);
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000000,
                                      NULL));
    g_assert_cmpint(check_exception_at(&f, MASK_HOTPLUG, 1, BUF_ADDR, LOG_MAX), ==, RTAS_OUT_SUCCESS);
    read_buf(&f, b, sizeof(b));
    g_assert_cmphex(be32_at(b, 0), ==, summary(INITIATOR_HOTPLUG, TYPE_HOTPLUG) & ~bits(1, 13, 13));
    g_assert_cmpuint(be32_at(b, 4), ==, 0);
    for (size_t i = 8; i < sizeof(b); i++) {
        g_assert_cmphex(b[i], ==, BUF_FILL);
    }
    fixture_down(&f);
}

/*
 * One interrupt per event, and another while events remain: events raised
 * before, during and after the handler runs each get exactly one
 * interrupt, and every interrupt finds its event.
 */
static void test_interrupt_per_event(void)
{
    Fixture f;

    fixture_up(&f);
    /* Two at once: the first is presented; the second waits for the handler's EOI. */
    g_assert_false(line_up(&f));
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000000,
                                      NULL));
    g_assert_true(line_up(&f));
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000008,
                                      NULL));
    g_assert_cmphex(accept(&f), ==, SPAPR_IRQ_HOTPLUG);
    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_SUCCESS);
    /* An event raised while the handler runs, before its EOI. */
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000010,
                                      NULL));
    g_assert_false(line_up(&f));
    eoi(&f, SPAPR_IRQ_HOTPLUG);
    /* Re-raised at EOI: two more interrupts for the two events left, then quiet. */
    g_assert_cmpuint(run_handlers(&f, SPAPR_IRQ_HOTPLUG, MASK_HOTPLUG), ==, 2);
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 0);
    g_assert_false(xics_irq_in_flight(f.m->xics, SPAPR_IRQ_HOTPLUG));

    /* Raised while the guest has the source masked: held, then one per event once enabled. */
    g_assert_cmpint(xics_int_off(f.m->xics, SPAPR_IRQ_HOTPLUG), ==, 0);
    for (uint32_t i = 0; i < 5; i++) {
        g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_REMOVE,
                                          0x40000000 + 8 * i, NULL));
    }
    g_assert_false(line_up(&f));
    g_assert_cmpint(xics_int_on(f.m->xics, SPAPR_IRQ_HOTPLUG), ==, 0);
    g_assert_cmpuint(run_handlers(&f, SPAPR_IRQ_HOTPLUG, MASK_HOTPLUG), ==, 5);
    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_NO_ERRORS_FOUND);

    /* An EPOW event interleaved: each class on its own source, neither re-raises the other. */
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000000,
                                      NULL));
    g_assert_true(spapr_event_powerdown(f.m, NULL));
    g_assert_cmphex(accept(&f), ==, SPAPR_IRQ_HOTPLUG);
    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_SUCCESS);
    eoi(&f, SPAPR_IRQ_HOTPLUG);
    g_assert_cmpuint(run_handlers(&f, SPAPR_IRQ_EPOW, MASK_EPOW), ==, 1);
    g_assert_false(line_up(&f));
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 0);
    fixture_down(&f);
}

/*
 * event-scan returns no events (they all have interrupts) and does not
 * consume any; it raises again a source whose delivery was lost, and only
 * then.
 */
static void test_event_scan(void)
{
    Fixture f;
    uint8_t b[16];

    fixture_up(&f);
    g_assert_cmpint(event_scan(&f, 0xffffffffu), ==, RTAS_OUT_NO_ERRORS_FOUND);
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000000,
                                      NULL));
    g_assert_cmpint(event_scan(&f, 0xffffffffu), ==, RTAS_OUT_NO_ERRORS_FOUND);
    read_buf(&f, b, sizeof(b));
    for (size_t i = 0; i < sizeof(b); i++) {
        g_assert_cmphex(b[i], ==, BUF_FILL);
    }
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 1);

    /* A delivery is under way (presented, then accepted): event-scan adds none. */
    g_assert_true(xics_irq_in_flight(f.m->xics, SPAPR_IRQ_HOTPLUG));
    g_assert_cmphex(accept(&f), ==, SPAPR_IRQ_HOTPLUG);
    g_assert_cmpint(event_scan(&f, 0xffffffffu), ==, RTAS_OUT_NO_ERRORS_FOUND);
    /* A handler that EOIs without check-exception: the event is still there, undelivered. */
    eoi(&f, SPAPR_IRQ_HOTPLUG);
    g_assert_false(line_up(&f));
    g_assert_false(xics_irq_in_flight(f.m->xics, SPAPR_IRQ_HOTPLUG));
    /* event-scan for another class leaves it; for its class (or all) it raises it again. */
    g_assert_cmpint(event_scan(&f, MASK_EPOW), ==, RTAS_OUT_NO_ERRORS_FOUND);
    g_assert_false(line_up(&f));
    g_assert_cmpint(event_scan(&f, MASK_HOTPLUG), ==, RTAS_OUT_NO_ERRORS_FOUND);
    g_assert_true(line_up(&f));
    g_assert_cmpuint(run_handlers(&f, SPAPR_IRQ_HOTPLUG, MASK_HOTPLUG), ==, 1);
    g_assert_cmpint(event_scan(&f, 0xffffffffu), ==, RTAS_OUT_NO_ERRORS_FOUND);
    g_assert_false(line_up(&f));
    fixture_down(&f);
}

/* The bound: the 65th event is refused with an error and nothing changes; reading one makes room. */
static void test_queue_bound(void)
{
    Fixture f;
    Error *err = NULL;
    uint8_t b[OFF_SECTION + LEN_HP];

    fixture_up(&f);
    g_assert_cmpuint(SPAPR_EVENT_QUEUE_MAX, ==, 64);
    g_assert_true(spapr_events_check_room(f.m, 64, &err));
    g_assert_false(spapr_events_check_room(f.m, 65, &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    for (uint32_t i = 0; i < 64; i++) {
        g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD,
                                          0x40000000 + 8 * i, &err));
        g_assert_null(err);
    }
    g_assert_false(spapr_events_check_room(f.m, 1, NULL));
    g_assert_false(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x4000ff00,
                                       &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), !=, "");
    error_free(err);
    err = NULL;
    g_assert_false(spapr_event_powerdown(f.m, &err));
    g_assert_nonnull(err);
    error_free(err);
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 64);
    /* The refused power-off left the EPOW sensor alone. */
    {
        uint32_t args[2] = { RTAS_SENSOR_EPOW, 0 }, rets[2];

        g_assert_cmpint(rtas(&f, "get-sensor-state", 2, args, 2, rets), ==, RTAS_OUT_SUCCESS);
        g_assert_cmpuint(rets[1], ==, RTAS_EPOW_ACTION_RESET);
    }

    /* Reading one makes room for one, and the accepted ones all come back in order. */
    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_SUCCESS);
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_REMOVE, 0x4000ff08,
                                      NULL));
    for (uint32_t i = 1; i < 64; i++) {
        g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_SUCCESS);
        read_buf(&f, b, sizeof(b));
        g_assert_cmphex(be32_at(b, OFF_SECTION + 0x0c), ==, 0x40000000 + 8 * i);
    }
    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_SUCCESS);
    read_buf(&f, b, sizeof(b));
    g_assert_cmphex(be32_at(b, OFF_SECTION + 0x0c), ==, 0x4000ff08);
    g_assert_cmpuint(b[OFF_SECTION + 0x09], ==, 2);
    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_NO_ERRORS_FOUND);
    fixture_down(&f);
}

/* Machine reset (the machine class's reset, as system_reset runs it) drops pending events. */
static void test_reset_clears(void)
{
    Fixture f;
    uint32_t args[2] = { RTAS_SENSOR_EPOW, 0 }, rets[2];

    fixture_up(&f);
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000000,
                                      NULL));
    g_assert_true(spapr_event_powerdown(f.m, NULL));
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 2);
    machine_class_find("pseries")->reset(f.m);
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_NONE);
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 0);
    g_assert_cmpint(check_exception(&f, 0xffffffffu), ==, RTAS_OUT_NO_ERRORS_FOUND);
    g_assert_cmpint(rtas(&f, "get-sensor-state", 2, args, 2, rets), ==, RTAS_OUT_SUCCESS);
    g_assert_cmpuint(rets[1], ==, RTAS_EPOW_ACTION_RESET);
    /* XICS was reset too: sources masked, nothing in flight. */
    g_assert_false(xics_irq_in_flight(f.m->xics, SPAPR_IRQ_HOTPLUG));
    g_assert_false(xics_irq_in_flight(f.m->xics, SPAPR_IRQ_EPOW));
    /* And the queue works after it. */
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000000,
                                      NULL));
    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_SUCCESS);
    fixture_down(&f);
}

/* system_powerdown's event: EPOW, action SYSTEM_SHUTDOWN (3), normal shutdown (1), this partition. */
static void test_epow_power_off(void)
{
    Fixture f;
    uint32_t args[2] = { RTAS_SENSOR_EPOW, 0 }, rets[2];
    size_t total = OFF_SECTION + LEN_EP;
    uint8_t b[OFF_SECTION + LEN_EP + 8];
    time_t t0;

    fixture_up(&f);
    g_assert_cmpint(rtas(&f, "get-sensor-state", 2, args, 2, rets), ==, RTAS_OUT_SUCCESS);
    g_assert_cmpuint(rets[1], ==, 0);
    t0 = guest_now(&f);
    g_assert_true(spapr_event_powerdown(f.m, NULL));
    /* On the EPOW source, and the EPOW sensor now reads 3. */
    g_assert_true(line_up(&f));
    g_assert_cmphex(accept(&f), ==, SPAPR_IRQ_EPOW);
    g_assert_cmpint(rtas(&f, "get-sensor-state", 2, args, 2, rets), ==, RTAS_OUT_SUCCESS);
    g_assert_cmpuint(rets[1], ==, 3);
    args[1] = 1;
    g_assert_cmpint(rtas(&f, "get-sensor-state", 2, args, 2, rets), ==, RTAS_OUT_PARAM_ERROR);

    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_NO_ERRORS_FOUND);
    g_assert_cmpint(check_exception(&f, MASK_EPOW), ==, RTAS_OUT_SUCCESS);
    eoi(&f, SPAPR_IRQ_EPOW);
    g_assert_false(line_up(&f));
    read_buf(&f, b, sizeof(b));
    assert_common(b, total, summary(0, TYPE_EPOW), SUBSYSTEM_EXTERNAL_ENV, SUBTYPE_SHUTDOWN, t0,
                  guest_now(&f));
    assert_section_header(b, OFF_SECTION, "EP", LEN_EP, 2);
    g_assert_cmpuint(b[OFF_SECTION + 0x08] & 0x0f, ==, 3);   /* action: SYSTEM_SHUTDOWN */
    g_assert_cmpuint(b[OFF_SECTION + 0x09] & 0x0f, ==, 1);   /* normal shutdown, no delay */
    g_assert_cmpuint(b[OFF_SECTION + 0x0a], ==, 1);          /* partition specific */
    assert_zero(b, OFF_SECTION + 0x0b, 9);
    for (size_t i = total; i < sizeof(b); i++) {
        g_assert_cmphex(b[i], ==, BUF_FILL);
    }
    /* The sensor stays at 3 until reset: the shutdown is still wanted. */
    args[1] = 0;
    g_assert_cmpint(rtas(&f, "get-sensor-state", 2, args, 2, rets), ==, RTAS_OUT_SUCCESS);
    g_assert_cmpuint(rets[1], ==, 3);
    /* Nothing asked the emulator itself to stop: the guest powers off when it is done. */
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_NONE);
    fixture_down(&f);
}

/*
 * A guest that did not negotiate OV5 HP_EVT gets hotplug events on the EPOW
 * source and with the EPOW class, as the cover-letter series did.
 */
static void test_no_hp_evt_uses_epow(void)
{
    Fixture f;
    int node, len;
    const uint8_t *vec5;
    uint8_t copy[64];
    time_t t0;

    fixture_up(&f);
    node = fdt_path_offset(f.m->fdt, "/chosen");
    g_assert_cmpint(node, >=, 0);
    vec5 = fdt_getprop(f.m->fdt, node, "ibm,architecture-vec-5", &len);
    g_assert_nonnull(vec5);
    g_assert_cmpint(len, >, 6);
    g_assert_cmpint(len, <=, (int)sizeof(copy));
    /* Our post-CAS tree says HP_EVT: option vector 5 byte 6, bit 5 (0x04). */
    g_assert_true(vec5[6] & 0x04);
    memcpy(copy, vec5, (size_t)len);
    copy[6] &= (uint8_t)~0x04;
    g_assert_cmpint(fdt_setprop_inplace(f.m->fdt, node, "ibm,architecture-vec-5", copy, len), ==, 0);

    t0 = guest_now(&f);
    g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD, 0x40000000,
                                      NULL));
    g_assert_cmphex(accept(&f), ==, SPAPR_IRQ_EPOW);
    g_assert_cmpint(check_exception(&f, MASK_HOTPLUG), ==, RTAS_OUT_NO_ERRORS_FOUND);
    g_assert_cmpint(check_exception(&f, MASK_EPOW), ==, RTAS_OUT_SUCCESS);
    eoi(&f, SPAPR_IRQ_EPOW);
    assert_hotplug_log(&f, 5, 1, 0x40000000, t0, guest_now(&f));
    g_assert_false(line_up(&f));
    fixture_down(&f);
}

/* The tree names the sources events are raised on, and what Linux's rtasd needs in /rtas. */
static void test_device_tree(void)
{
    Fixture f;
    const char *nodes[2] = { "/event-sources/epow-events", "/event-sources/hot-plug-events" };
    const uint32_t irqs[2] = { SPAPR_IRQ_EPOW, SPAPR_IRQ_HOTPLUG };
    const fdt32_t *p;
    int node, len;

    fixture_up(&f);
    g_assert_cmpuint(SPAPR_IRQ_EPOW, ==, 0x1000);      /* QEMU 7.2's numbers, guest-visible */
    g_assert_cmpuint(SPAPR_IRQ_HOTPLUG, ==, 0x1001);
    for (int i = 0; i < 2; i++) {
        node = fdt_path_offset(f.m->fdt, nodes[i]);
        g_assert_cmpint(node, >=, 0);
        p = fdt_getprop(f.m->fdt, node, "interrupts", &len);
        g_assert_nonnull(p);
        g_assert_cmpint(len, ==, 8);
        g_assert_cmphex(fdt32_to_cpu(p[0]), ==, irqs[i]);
        g_assert_cmpuint(fdt32_to_cpu(p[1]), ==, 0);
    }
    node = fdt_path_offset(f.m->fdt, "/rtas");
    g_assert_cmpint(node, >=, 0);
    p = fdt_getprop(f.m->fdt, node, "event-scan", &len);
    g_assert_nonnull(p);
    g_assert_cmpuint(fdt32_to_cpu(*p), ==, spapr_rtas_token("event-scan"));
    p = fdt_getprop(f.m->fdt, node, "check-exception", &len);
    g_assert_nonnull(p);
    g_assert_cmpuint(fdt32_to_cpu(*p), ==, spapr_rtas_token("check-exception"));
    p = fdt_getprop(f.m->fdt, node, "rtas-event-scan-rate", &len);
    g_assert_nonnull(p);
    g_assert_cmpuint(fdt32_to_cpu(*p), !=, 0);
    p = fdt_getprop(f.m->fdt, node, "rtas-error-log-max", &len);
    g_assert_nonnull(p);
    g_assert_cmpuint(fdt32_to_cpu(*p), ==, LOG_MAX);
    fixture_down(&f);
}

/* What one monitor line printed. */
static char *monitor_run(Monitor *mon, int out_r, const char *line)
{
    GString *s = g_string_new(NULL);
    char buf[256];
    ssize_t n;

    monitor_handle_line(mon, line);
    while ((n = read(out_r, buf, sizeof(buf))) > 0) {
        g_string_append_len(s, buf, n);
    }
    return g_string_free(s, FALSE);
}

/* The monitor's system_powerdown reaches the guest as an EPOW interrupt; a full queue is an Error: line. */
static void test_monitor_system_powerdown(void)
{
    Fixture f;
    int in[2], out[2];
    Monitor *mon;
    char *reply;

    fixture_up(&f);
    g_assert_true(g_unix_open_pipe(in, FD_CLOEXEC, NULL));
    g_assert_true(g_unix_open_pipe(out, FD_CLOEXEC, NULL));
    g_assert_true(g_unix_set_fd_nonblocking(out[0], TRUE, NULL));
    mon = monitor_new(chardev_new_fd(in[0], out[1]));
    monitor_set_machine(machine_class_find("pseries"), f.m);

    reply = monitor_run(mon, out[0], "system_powerdown");
    g_assert_cmpstr(reply, ==, "");
    g_free(reply);
    g_assert_cmpuint(spapr_events_pending(f.m), ==, 1);
    g_assert_cmphex(accept(&f), ==, SPAPR_IRQ_EPOW);
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_NONE);

    for (unsigned i = 1; i < SPAPR_EVENT_QUEUE_MAX; i++) {
        g_assert_true(spapr_event_hotplug(f.m, SPAPR_HP_RESOURCE_PCI, SPAPR_HP_ACTION_ADD,
                                          0x40000000 + 8 * i, NULL));
    }
    reply = monitor_run(mon, out[0], "system_powerdown");
    g_assert_true(g_str_has_prefix(reply, "Error: "));
    g_assert_true(g_str_has_suffix(reply, "\n"));
    g_assert_true(strchr(reply, '\n') == reply + strlen(reply) - 1);     /* one line */
    g_free(reply);
    g_assert_cmpuint(spapr_events_pending(f.m), ==, SPAPR_EVENT_QUEUE_MAX);

    monitor_set_machine(NULL, NULL);
    monitor_free(mon);
    close(in[1]);
    close(out[0]);
    fixture_down(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/spapr/events/hotplug-add-remove-layout", test_hotplug_add_remove_layout);
    g_test_add_func("/spapr/events/check-exception-seven-args", test_check_exception_seven_args);
    g_test_add_func("/spapr/events/order-then-none", test_order_then_none);
    g_test_add_func("/spapr/events/masks", test_masks);
    g_test_add_func("/spapr/events/truncation-and-bad-buffers", test_truncation_and_bad_buffers);
    g_test_add_func("/spapr/events/critical", test_critical);
    g_test_add_func("/spapr/events/interrupt-per-event", test_interrupt_per_event);
    g_test_add_func("/spapr/events/event-scan", test_event_scan);
    g_test_add_func("/spapr/events/queue-bound", test_queue_bound);
    g_test_add_func("/spapr/events/reset-clears", test_reset_clears);
    g_test_add_func("/spapr/events/epow-power-off", test_epow_power_off);
    g_test_add_func("/spapr/events/no-hp-evt-uses-epow", test_no_hp_evt_uses_epow);
    g_test_add_func("/spapr/events/device-tree", test_device_tree);
    g_test_add_func("/spapr/events/monitor-system-powerdown", test_monitor_system_powerdown);
    return g_test_run();
}
