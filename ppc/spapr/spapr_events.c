/*
 * The pseries event log: hotplug and EPOW events for the guest, their
 * interrupts, and the RTAS services check-exception and event-scan.
 *
 * Facts from LoPAR (OpenPOWER Linux on Power Architecture Reference): the
 * RTAS chapter's "Error and Event Reporting" (event-scan, check-exception),
 * "RTAS Error and Event Classes" (the event-mask bits and the
 * /event-sources nodes), "RTAS Error Reporting Return Format" (the fixed
 * part, the version 6 extended log and its Main-A, Main-B, EPOW and Hotplug
 * sections) and "Environmental and Power Warnings" (the EPOW sensor and
 * action codes). What the guest does with them: Linux 6.1
 * arch/powerpc/platforms/pseries/ras.c and kernel/rtasd.c, and rtas_errd
 * with librtasevent 2.0.4 (shared/reference/pci-hotplug-history-and-tools.md).
 *
 * One interrupt per event. Linux's hot-plug-events handler calls
 * check-exception and then parses its buffer without looking at the status,
 * so an interrupt with no event behind it makes it handle the previous
 * buffer again (a second drmgr run for an old event) or, on the first one,
 * dereference NULL. Our sources are edge (MSI) style, so the rules are:
 *   - raising an event pulses its source;
 *   - check-exception that returns an event pulses that event's source again
 *     if more of its events remain (the edge XICS then holds as pending until
 *     the running handler's EOI);
 *   - event-scan pulses a source with events only when XICS has no delivery
 *     of it in flight (none pending, none presented): a lost edge is
 *     recovered, and no second delivery is made for an event that already
 *     has one.
 * With those, deliveries never outnumber events, and every event gets one.
 * (QEMU 7.2 pulses every class with events after every check-exception and
 * every event-scan, which can deliver twice for one event.)
 *
 * event-scan returns no events at all: LoPAR lets an event source report
 * through check-exception or event-scan "but not both", and every event here
 * has an interrupt. Linux's rtasd would also only log an event it got from
 * event-scan, so a power-off taken there would never shut the guest down.
 */
#include "ppc/spapr/spapr_events.h"

#include <glib.h>
#include <libfdt.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "ppc/spapr/dt_util.h"
#include "ppc/spapr/spapr_machine.h"
#include "ppc/spapr/spapr_xics.h"

/* ---- The event log layout (LoPAR "RTAS Error Reporting Return Format"), all big-endian ---- */

/* The fixed part: a summary word and the length of what follows. */
typedef struct __attribute__((packed)) RtasEventFixed {
    uint32_t summary;
        /* fields by LoPAR bit number (0 = most significant) */
#define     RTAS_LOG_VERSION(v)         ((uint32_t)(v) << 24)       /* bits 0:7 */
#define     RTAS_LOG_SEVERITY(s)        ((uint32_t)(s) << 21)       /* bits 8:10 */
#define       RTAS_LOG_SEVERITY_EVENT   1
#define     RTAS_LOG_DISPOSITION(d)     ((uint32_t)(d) << 19)       /* bits 11:12 */
#define       RTAS_LOG_FULLY_RECOVERED  0
#define     RTAS_LOG_EXTENDED_PRESENT   (1u << 18)                  /* bit 13 */
#define     RTAS_LOG_INITIATOR(i)       ((uint32_t)(i) << 12)       /* bits 16:19 */
#define       RTAS_LOG_INITIATOR_UNKNOWN 0
#define       RTAS_LOG_INITIATOR_HOTPLUG 6
#define     RTAS_LOG_TARGET(t)          ((uint32_t)(t) << 8)        /* bits 20:23 */
#define     RTAS_LOG_TYPE(t)            ((uint32_t)(t) & 0xff)      /* bits 24:31 */
#define       RTAS_LOG_TYPE_EPOW        64
#define       RTAS_LOG_TYPE_HOTPLUG     229
    uint32_t extended_length;           /* bytes after this word */
} RtasEventFixed;

/* "RTAS General Extended Event Log Format, Version 6": the first 16 bytes of the extended log. */
typedef struct __attribute__((packed)) RtasEventV6Header {
    uint8_t byte0;
#define     RTAS_V6_LOG_VALID           0x80    /* bit 0 */
#define     RTAS_V6_NEW_LOG             0x04    /* bit 5: always 1 from RTAS */
#define     RTAS_V6_BIG_ENDIAN          0x02    /* bit 6 */
    uint8_t reserved1;
    uint8_t byte2;
#define     RTAS_V6_POWERPC_FORMAT      0x80    /* bit 0 */
#define     RTAS_V6_FORMAT_PLATFORM_EVENT 0x0e  /* bits 4:7 = 14: platform event log follows */
    uint8_t reserved3[9];                       /* bytes 3..11 */
    char company[4];                            /* "IBM\0" */
} RtasEventV6Header;

/* The 8-byte header every platform event log section starts with. */
typedef struct __attribute__((packed)) RtasEventSectionHeader {
    char id[2];                 /* two ASCII characters */
    uint16_t length;            /* of the whole section, header included */
    uint8_t version;
    uint8_t subtype;
    uint16_t creator_component;
} RtasEventSectionHeader;

/* Main-A, "PH": when and by whom, how many sections, and the platform log id. */
typedef struct __attribute__((packed)) RtasEventMainA {
    RtasEventSectionHeader hdr;
    uint32_t creation_date;     /* BCD YYYYMMDD */
    uint32_t creation_time;     /* BCD HHMMSShh (hh = hundredths) */
    uint8_t platform1[8];
    char creator_id;
#define     RTAS_MAIN_A_CREATOR_HYPERVISOR 'H'
    uint8_t reserved1[2];
    uint8_t section_count;      /* including Main-A itself */
    uint8_t reserved2[4];
    uint8_t platform2[8];
    uint32_t plid;              /* platform log id, one per event */
    uint8_t platform3[4];
} RtasEventMainA;

/* Main-B, "UH": the subsystem and the kind of event. */
typedef struct __attribute__((packed)) RtasEventMainB {
    RtasEventSectionHeader hdr;
    uint8_t subsystem;
#define     RTAS_MAIN_B_SUBSYSTEM_PLATFORM_FW   0x80
#define     RTAS_MAIN_B_SUBSYSTEM_EXTERNAL_ENV  0xa0
    uint8_t platform1;
    uint8_t event_severity;
#define     RTAS_MAIN_B_INFORMATIONAL   0x00    /* a non-error event */
    uint8_t event_subtype;
#define     RTAS_MAIN_B_SUBTYPE_DR      0x80    /* dynamic reconfiguration event, generated by RTAS */
#define     RTAS_MAIN_B_SUBTYPE_SHUTDOWN 0xd0   /* normal system shutdown or power off */
    uint8_t platform2[4];
    uint8_t reserved1[2];
    uint16_t action_flags;
    uint8_t reserved2[4];
} RtasEventMainB;

/*
 * "HP", the hotplug section, for an event identified by DRC index.
 *
 * Its length is 16 bytes. LoPAR makes the identifier field variable: a
 * 4-byte DRC index makes the section 16 bytes (as does a count; count+index
 * would make it 20), which is what the cover-letter series sent and what
 * librtasevent 2.0.4 assumes (RE_HOTPLUG_SCN_SZ). QEMU 7.2 sends 20 bytes,
 * sizing the section after its union of all identifier forms, as Linux 6.1
 * declares struct pseries_hp_errorlog; Linux reads only the resource byte of
 * a PCI or PHB event (it hands those to rtas_errd), and finds sections by
 * their length field, so the exact size is what it reads.
 */
typedef struct __attribute__((packed)) RtasEventHotplug {
    RtasEventSectionHeader hdr;
    uint8_t resource;                   /* SpaprHpResource */
    uint8_t action;                     /* SpaprHpAction */
    uint8_t id_type;
#define     RTAS_HP_ID_DRC_NAME         1
#define     RTAS_HP_ID_DRC_INDEX        2
#define     RTAS_HP_ID_DRC_COUNT        3
#define     RTAS_HP_ID_DRC_COUNT_INDEXED 4
    uint8_t capabilities;               /* bit 0 hotplug token present, bit 1 non-transactional */
    uint32_t drc_index;
} RtasEventHotplug;

/* "EP", the EPOW section (version 2 has the extended modifier). */
typedef struct __attribute__((packed)) RtasEventEpow {
    RtasEventSectionHeader hdr;
    uint8_t sensor_value;               /* low 4 bits: the EPOW action code (papr.h) */
    uint8_t event_modifier;
#define     RTAS_EPOW_MODIFIER_NORMAL_SHUTDOWN  1   /* for action SYSTEM_SHUTDOWN */
    uint8_t extended_modifier;
#define     RTAS_EPOW_XMODIFIER_PARTITION       1   /* this partition, not the whole system */
    uint8_t reserved;
    uint8_t reason_code[8];             /* platform specific */
} RtasEventEpow;

#define RTAS_SECTION_VERSION_HP     1
#define RTAS_SECTION_VERSION_EP     2

/* What every log here starts with; then comes the event's own section. */
typedef struct __attribute__((packed)) RtasEventCommon {
    RtasEventFixed fixed;
    RtasEventV6Header v6;
    RtasEventMainA main_a;
    RtasEventMainB main_b;
} RtasEventCommon;

typedef struct __attribute__((packed)) RtasHotplugLog {
    RtasEventCommon c;
    RtasEventHotplug hp;
} RtasHotplugLog;

typedef struct __attribute__((packed)) RtasEpowLog {
    RtasEventCommon c;
    RtasEventEpow ep;
} RtasEpowLog;

_Static_assert(sizeof(RtasEventFixed) == 8, "fixed part");
_Static_assert(sizeof(RtasEventV6Header) == 16, "v6 header");
_Static_assert(sizeof(RtasEventMainA) == 48, "Main-A is 48 bytes");
_Static_assert(sizeof(RtasEventMainB) == 24, "Main-B is 24 bytes");
_Static_assert(sizeof(RtasEventHotplug) == 16, "HP by DRC index is 16 bytes");
_Static_assert(sizeof(RtasEventEpow) == 20, "EP is 20 bytes");

#define EVENT_LOG_MAX_SIZE  MAX(sizeof(RtasHotplugLog), sizeof(RtasEpowLog))

/* ---- The classes and their sources ---- */

/*
 * One row per event class this machine raises (LoPAR "RTAS Error and Event
 * Classes"): its node under /event-sources, its bit in the event mask of
 * check-exception and event-scan, and its interrupt.
 */
typedef enum EventClass {
    EVENT_CLASS_EPOW,
    EVENT_CLASS_HOTPLUG,
    EVENT_CLASS_COUNT,
} EventClass;

typedef struct EventClassInfo {
    const char *node;
    uint32_t mask;
    uint32_t irq;
} EventClassInfo;

static const EventClassInfo event_classes[EVENT_CLASS_COUNT] = {
    [EVENT_CLASS_EPOW] = { "epow-events", RTAS_EVENT_MASK_EPOW, SPAPR_IRQ_EPOW },
    [EVENT_CLASS_HOTPLUG] = { "hot-plug-events", RTAS_EVENT_MASK_HOTPLUG, SPAPR_IRQ_HOTPLUG },
};

/* ---- The queue ---- */

typedef struct PendingEvent {
    EventClass cls;             /* the class (and so the interrupt) it was signalled on */
    uint16_t len;
    uint8_t log[EVENT_LOG_MAX_SIZE];
} PendingEvent;

struct SpaprEvents {
    PendingEvent queue[SPAPR_EVENT_QUEUE_MAX];     /* oldest first */
    unsigned count;
    uint32_t next_plid;         /* never reset: a PLID stays unique for the machine's life */
    uint32_t epow_sensor;       /* the EPOW action code get-sensor-state 9 reads */
};

SpaprEvents *spapr_events_new(void)
{
    SpaprEvents *ev = g_new0(SpaprEvents, 1);

    ev->next_plid = 1;
    ev->epow_sensor = RTAS_EPOW_ACTION_RESET;
    return ev;
}

void spapr_events_free(SpaprEvents *ev)
{
    g_free(ev);
}

static SpaprEvents *events_of(SpaprMachine *m)
{
    g_assert(m->events);
    return m->events;
}

void spapr_events_reset(SpaprMachine *m)
{
    SpaprEvents *ev = events_of(m);

    if (ev->count) {
        log_mask(LOG_DRC | LOG_RTAS, "events: reset drops %u pending event(s)\n", ev->count);
    }
    ev->count = 0;
    ev->epow_sensor = RTAS_EPOW_ACTION_RESET;
}

unsigned spapr_events_pending(SpaprMachine *m)
{
    return events_of(m)->count;
}

bool spapr_events_check_room(SpaprMachine *m, unsigned n, Error **errp)
{
    SpaprEvents *ev = events_of(m);

    if (n > SPAPR_EVENT_QUEUE_MAX - ev->count) {
        error_setg(errp, "%u events are waiting for the guest to read them (at most %u): "
                   "nothing was changed, try again once it has", ev->count, SPAPR_EVENT_QUEUE_MAX);
        return false;
    }
    return true;
}

static unsigned class_pending(const SpaprEvents *ev, EventClass cls)
{
    unsigned n = 0;

    for (unsigned i = 0; i < ev->count; i++) {
        n += ev->queue[i].cls == cls;
    }
    return n;
}

static void class_pulse(SpaprMachine *m, EventClass cls, const char *why)
{
    log_mask(LOG_DRC | LOG_RTAS, "events: pulse %s (irq 0x%x): %s\n", event_classes[cls].node,
             event_classes[cls].irq, why);
    spapr_irq_pulse(m, event_classes[cls].irq);
}

/*
 * Did the guest negotiate OV5 HP_EVT (a dedicated hot-plug-events source)?
 * Our firmware hands Linux the post-CAS tree directly, so the answer is in
 * the tree we built: /chosen/ibm,architecture-vec-5, byte OV5_INDX(OV5_HP_EVT)
 * (the property's byte 0 is its length, so byte n is option vector byte n).
 * Linux 6.1 reads the same bytes for its firmware features and requests the
 * hot-plug-events interrupt whenever the node exists.
 */
static bool guest_has_hp_evt(SpaprMachine *m)
{
    const uint8_t *vec5;
    int node, len;

    if (!m->fdt || (node = fdt_path_offset(m->fdt, "/chosen")) < 0) {
        return false;
    }
    vec5 = fdt_getprop(m->fdt, node, "ibm,architecture-vec-5", &len);
    return vec5 && len > OV5_INDX(OV5_HP_EVT) && (vec5[OV5_INDX(OV5_HP_EVT)] & OV5_FEAT(OV5_HP_EVT));
}

static uint8_t to_bcd(unsigned v)
{
    return (uint8_t)(((v / 10) << 4) | (v % 10));
}

/*
 * Main-A's creation date and time, in BCD, from the guest's clock (the one
 * get-time-of-day reads, RTC offset included).
 */
static void stamp_now(SpaprMachine *m, RtasEventMainA *a)
{
    struct tm tm;
    uint32_t ns;
    unsigned year;

    if (!spapr_rtc_read(m, &tm, &ns)) {
        return;     /* out of range: left zero, which LoPAR reads as "no date given" */
    }
    year = (unsigned)tm.tm_year + 1900;
    a->creation_date = GUINT32_TO_BE((uint32_t)to_bcd(year / 100) << 24 |
                                     (uint32_t)to_bcd(year % 100) << 16 |
                                     (uint32_t)to_bcd((unsigned)tm.tm_mon + 1) << 8 |
                                     to_bcd((unsigned)tm.tm_mday));
    a->creation_time = GUINT32_TO_BE((uint32_t)to_bcd((unsigned)tm.tm_hour) << 24 |
                                     (uint32_t)to_bcd((unsigned)tm.tm_min) << 16 |
                                     (uint32_t)to_bcd((unsigned)tm.tm_sec) << 8 |
                                     to_bcd(ns / 10000000));
}

static void section_header(RtasEventSectionHeader *h, const char id[2], size_t len,
                           uint8_t version)
{
    h->id[0] = id[0];
    h->id[1] = id[1];
    h->length = GUINT16_TO_BE((uint16_t)len);
    h->version = version;
}

/*
 * The parts every event shares: the fixed part, the version 6 header,
 * Main-A and Main-B. `total` is the whole log's size; three sections
 * (Main-A, Main-B and the event's own).
 */
static void log_common(SpaprMachine *m, SpaprEvents *ev, RtasEventCommon *c, size_t total,
                       uint32_t summary, uint8_t subsystem, uint8_t subtype)
{
    c->fixed.summary = GUINT32_TO_BE(summary);
    c->fixed.extended_length = GUINT32_TO_BE((uint32_t)(total - sizeof(c->fixed)));

    c->v6.byte0 = RTAS_V6_LOG_VALID | RTAS_V6_NEW_LOG | RTAS_V6_BIG_ENDIAN;
    c->v6.byte2 = RTAS_V6_POWERPC_FORMAT | RTAS_V6_FORMAT_PLATFORM_EVENT;
    memcpy(c->v6.company, "IBM", 4);

    section_header(&c->main_a.hdr, "PH", sizeof(c->main_a), 0);
    stamp_now(m, &c->main_a);
    c->main_a.creator_id = RTAS_MAIN_A_CREATOR_HYPERVISOR;
    c->main_a.section_count = 3;
    c->main_a.plid = GUINT32_TO_BE(ev->next_plid++);

    section_header(&c->main_b.hdr, "UH", sizeof(c->main_b), 0);
    c->main_b.subsystem = subsystem;
    c->main_b.event_severity = RTAS_MAIN_B_INFORMATIONAL;
    c->main_b.event_subtype = subtype;
}

static uint32_t log_plid(const uint8_t *log)
{
    return GUINT32_FROM_BE(((const RtasEventCommon *)log)->main_a.plid);
}

/* Append an event (room already checked) and signal it. */
static PendingEvent *queue_push(SpaprEvents *ev, EventClass cls)
{
    PendingEvent *e;

    g_assert(ev->count < SPAPR_EVENT_QUEUE_MAX);
    e = &ev->queue[ev->count++];
    memset(e, 0, sizeof(*e));
    e->cls = cls;
    return e;
}

static const char *resource_name(SpaprHpResource res)
{
    return res == SPAPR_HP_RESOURCE_PHB ? "PHB" : res == SPAPR_HP_RESOURCE_PCI ? "PCI" : "?";
}

bool spapr_event_hotplug(SpaprMachine *m, SpaprHpResource res, SpaprHpAction action,
                         uint32_t drc_index, Error **errp)
{
    SpaprEvents *ev = events_of(m);
    EventClass cls = guest_has_hp_evt(m) ? EVENT_CLASS_HOTPLUG : EVENT_CLASS_EPOW;
    PendingEvent *e;
    RtasHotplugLog *log;

    /* Only the producers in this tree call this, with these values. */
    g_assert(res == SPAPR_HP_RESOURCE_PHB || res == SPAPR_HP_RESOURCE_PCI);
    g_assert(action == SPAPR_HP_ACTION_ADD || action == SPAPR_HP_ACTION_REMOVE);
    if (!spapr_events_check_room(m, 1, errp)) {
        return false;
    }
    e = queue_push(ev, cls);
    log = (RtasHotplugLog *)e->log;
    e->len = sizeof(*log);
    log_common(m, ev, &log->c, sizeof(*log),
               RTAS_LOG_VERSION(6) | RTAS_LOG_SEVERITY(RTAS_LOG_SEVERITY_EVENT) |
                   RTAS_LOG_DISPOSITION(RTAS_LOG_FULLY_RECOVERED) | RTAS_LOG_EXTENDED_PRESENT |
                   RTAS_LOG_INITIATOR(RTAS_LOG_INITIATOR_HOTPLUG) |
                   RTAS_LOG_TYPE(RTAS_LOG_TYPE_HOTPLUG),
               RTAS_MAIN_B_SUBSYSTEM_PLATFORM_FW, RTAS_MAIN_B_SUBTYPE_DR);
    section_header(&log->hp.hdr, "HP", sizeof(log->hp), RTAS_SECTION_VERSION_HP);
    log->hp.resource = (uint8_t)res;
    log->hp.action = (uint8_t)action;
    log->hp.id_type = RTAS_HP_ID_DRC_INDEX;
    log->hp.drc_index = GUINT32_TO_BE(drc_index);

    log_mask(LOG_DRC | LOG_RTAS, "events: raise hotplug %s %s drc 0x%08x (plid %u, %u pending)\n",
             resource_name(res), action == SPAPR_HP_ACTION_ADD ? "add" : "remove", drc_index,
             log_plid(e->log), ev->count);
    class_pulse(m, cls, "new event");
    return true;
}

bool spapr_event_powerdown(SpaprMachine *m, Error **errp)
{
    SpaprEvents *ev = events_of(m);
    PendingEvent *e;
    RtasEpowLog *log;

    if (!spapr_events_check_room(m, 1, errp)) {
        return false;
    }
    e = queue_push(ev, EVENT_CLASS_EPOW);
    log = (RtasEpowLog *)e->log;
    e->len = sizeof(*log);
    /* Not an error: disposition "fully recovered", as LoPAR asks when nothing failed. */
    log_common(m, ev, &log->c, sizeof(*log),
               RTAS_LOG_VERSION(6) | RTAS_LOG_SEVERITY(RTAS_LOG_SEVERITY_EVENT) |
                   RTAS_LOG_DISPOSITION(RTAS_LOG_FULLY_RECOVERED) | RTAS_LOG_EXTENDED_PRESENT |
                   RTAS_LOG_INITIATOR(RTAS_LOG_INITIATOR_UNKNOWN) | RTAS_LOG_TYPE(RTAS_LOG_TYPE_EPOW),
               RTAS_MAIN_B_SUBSYSTEM_EXTERNAL_ENV, RTAS_MAIN_B_SUBTYPE_SHUTDOWN);
    section_header(&log->ep.hdr, "EP", sizeof(log->ep), RTAS_SECTION_VERSION_EP);
    /* Linux 6.1 (ras.c) answers action 3 with modifier 1 by orderly_poweroff(). */
    log->ep.sensor_value = RTAS_EPOW_ACTION_SYSTEM_SHUTDOWN;
    log->ep.event_modifier = RTAS_EPOW_MODIFIER_NORMAL_SHUTDOWN;
    log->ep.extended_modifier = RTAS_EPOW_XMODIFIER_PARTITION;
    /* The sensor shows the most severe action pending (LoPAR: the highest code). */
    ev->epow_sensor = MAX(ev->epow_sensor, RTAS_EPOW_ACTION_SYSTEM_SHUTDOWN);

    log_mask(LOG_DRC | LOG_RTAS, "events: raise EPOW system shutdown (plid %u, %u pending)\n",
             log_plid(e->log), ev->count);
    class_pulse(m, EVENT_CLASS_EPOW, "new event");
    return true;
}

/* ---- RTAS ---- */

/* The oldest event of a class in mask, or -1. */
static int queue_find(const SpaprEvents *ev, uint32_t mask)
{
    for (unsigned i = 0; i < ev->count; i++) {
        if (event_classes[ev->queue[i].cls].mask & mask) {
            return (int)i;
        }
    }
    return -1;
}

static void queue_remove(SpaprEvents *ev, unsigned i)
{
    memmove(&ev->queue[i], &ev->queue[i + 1], (ev->count - i - 1) * sizeof(ev->queue[0]));
    ev->count--;
}

/*
 * check-exception(vector, info, mask, critical, buffer, length[, ext]).
 * The vector (0x500, external interrupt, from Linux), the interrupt number in
 * info and ext are not needed: each class has one source, and the mask names
 * the class.
 */
int32_t spapr_rtas_check_exception(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    SpaprEvents *ev = events_of(m);
    uint32_t mask = c->args[2], critical = c->args[3];
    uint64_t buf = c->args[4], length = c->args[5];
    uint8_t out[EVENT_LOG_MAX_SIZE];
    uint64_t n;
    PendingEvent *e;
    EventClass cls;
    int i = queue_find(ev, mask);

    if (i < 0) {
        return RTAS_OUT_NO_ERRORS_FOUND;
    }
    e = &ev->queue[i];
    memcpy(out, e->log, e->len);
    n = e->len;
    /*
     * "If Critical is non-zero ... no extended error information is
     * returned": the fixed part alone, saying so. (Linux passes 0 for
     * hotplug, and for EPOW unless the EPOW sensor reads above 3.)
     */
    if (critical) {
        RtasEventFixed *fixed = (RtasEventFixed *)out;

        fixed->summary &= GUINT32_TO_BE(~RTAS_LOG_EXTENDED_PRESENT);
        fixed->extended_length = 0;
        n = sizeof(*fixed);
    }
    /* LoPAR: the log is truncated to the buffer's length. */
    n = MIN(n, length);
    /*
     * The buffer must lie in RAM (at 0..ram_size on this machine) and hold the
     * fixed part; otherwise -1, the one error status LoPAR gives this call,
     * and the event stays queued for a call that can take it.
     */
    if (length < sizeof(RtasEventFixed) || buf > m->ram_size || n > m->ram_size - buf ||
        address_space_write(&m->as, buf, out, n) != MEMTX_OK) {
        log_mask(LOG_GUEST_ERROR, "check-exception: buffer 0x%" PRIx64 " length %" PRIu64
                 " cannot take an event log\n", buf, length);
        return RTAS_OUT_HW_ERROR;
    }
    cls = e->cls;
    log_mask(LOG_DRC | LOG_RTAS, "events: check-exception (mask 0x%08x) delivers a %s event, "
             "%" PRIu64 " of %u bytes (plid %u)\n", mask, event_classes[cls].node, n, e->len,
             log_plid(e->log));
    queue_remove(ev, (unsigned)i);
    if (class_pending(ev, cls)) {
        class_pulse(m, cls, "more events remain");
    }
    return RTAS_OUT_SUCCESS;
}

/* event-scan(mask, critical, buffer, length): no event of ours is reported here (file comment). */
int32_t spapr_rtas_event_scan(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    SpaprEvents *ev = events_of(m);

    for (EventClass cls = 0; cls < EVENT_CLASS_COUNT; cls++) {
        if ((event_classes[cls].mask & c->args[0]) && class_pending(ev, cls) && m->xics &&
            !xics_irq_in_flight(m->xics, event_classes[cls].irq)) {
            class_pulse(m, cls, "event-scan found events with no delivery in flight");
        }
    }
    return RTAS_OUT_NO_ERRORS_FOUND;
}

/* get-sensor-state(9, 0): the EPOW action code now (LoPAR "Environmental and Power Warnings"). */
static int32_t epow_sensor_get(SpaprMachine *m, uint32_t index, uint32_t *state)
{
    if (index != 0) {
        return RTAS_OUT_PARAM_ERROR;
    }
    *state = events_of(m)->epow_sensor;
    return RTAS_OUT_SUCCESS;
}

void spapr_events_register(void)
{
    spapr_register_sensor(RTAS_SENSOR_EPOW, epow_sensor_get);
}

/* ---- Device tree ---- */

/*
 * /event-sources as QEMU 7.2 has it: an interrupt-controller node whose
 * children list each class's source in "interrupts" (#interrupt-cells 2:
 * the XICS source, 0 = edge), and "interrupt-ranges" covering them. Linux
 * 6.1 reads only "interrupts" of epow-events and hot-plug-events (ras.c).
 */
int spapr_events_fdt_node(SpaprMachine *m, void *fdt)
{
    uint32_t ranges[EVENT_CLASS_COUNT * 2];

    for (EventClass cls = 0; cls < EVENT_CLASS_COUNT; cls++) {
        ranges[2 * cls] = cpu_to_fdt32(event_classes[cls].irq);
        ranges[2 * cls + 1] = cpu_to_fdt32(1);
    }
    DT_TRY(fdt_begin_node(fdt, "event-sources"));
    DT_TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
    DT_TRY(fdt_property_u32(fdt, "#interrupt-cells", 2));
    DT_TRY(fdt_property_u32(fdt, "#address-cells", 0));
    DT_TRY(fdt_property(fdt, "interrupt-ranges", ranges, sizeof(ranges)));
    for (EventClass cls = 0; cls < EVENT_CLASS_COUNT; cls++) {
        uint32_t interrupts[2] = { cpu_to_fdt32(event_classes[cls].irq), 0 };

        DT_TRY(fdt_begin_node(fdt, event_classes[cls].node));
        DT_TRY(fdt_property(fdt, "interrupts", interrupts, sizeof(interrupts)));
        DT_TRY(fdt_end_node(fdt));
    }
    return fdt_end_node(fdt);
}
