/*
 * The waiting monitor commands (see monitor-wait.h):
 *
 *   wait-console TEXT [TIMEOUT]        the console printed TEXT since the last wait-console
 *   console-send TEXT                  type TEXT and Enter (a CR, as a terminal sends) at the console
 *   wait-event NAME [ID] [TIMEOUT]     the event NAME (DEVICE_DELETED of device ID) happened
 *                                      since the last wait-event that took it
 *
 * "Since the last wait": console output is kept from the start (the last
 * 1 MiB) and a successful wait-console drops it up to the end of its match,
 * so the next one looks only at what came after. Events are kept (the last
 * 256) until a wait-event takes one, so a device_del whose removal completes
 * at once is still seen by the wait-event after it.
 */
#define _GNU_SOURCE     /* memmem */
#include "core/monitor-wait.h"

#include <string.h>

#include "core/events.h"
#include "core/timer.h"

#define POLL_NS (10 * 1000000LL)
#define CONSOLE_LOG_MAX (1024 * 1024)
#define EVENT_LOG_MAX 256
#define MAX_TIMEOUT_S (24 * 3600)

typedef struct Wait {
    Monitor *mon;
    char *name;
    const MonitorWaitOps *ops;
    void *state;
    int64_t deadline;       /* CLOCK_HOST */
    int64_t timeout_ns;
} Wait;

typedef struct EventRecord {
    char *name;
    char *device;           /* DEVICE_DELETED's data.device, or NULL */
} EventRecord;

static GPtrArray *waits;        /* of Wait * */
static Timer *poll_timer;
static Chardev *console;
static GByteArray *console_log;
static GPtrArray *event_log;    /* of EventRecord *, oldest first */

/* ---- the waits ---- */

static void wait_free(Wait *w)
{
    w->ops->free(w->state);
    g_free(w->name);
    g_free(w);
}

static void finish(Wait *w, bool ok)
{
    Monitor *mon = w->mon;

    g_ptr_array_remove(waits, w);
    if (!ok) {
        g_autoptr(GString) what = g_string_new(NULL);
        w->ops->describe(w->state, what);
        monitor_error(mon, "%s: timed out after %g s waiting for %s", w->name,
                      (double)w->timeout_ns / NANOSECONDS_PER_SECOND, what->str);
    }
    wait_free(w);
    /* The monitor takes its next command now, which may start the next wait. */
    monitor_resume(mon);
}

void monitor_wait_check_now(void)
{
    int64_t now = clock_get_ns(CLOCK_HOST);
    g_autoptr(GPtrArray) snapshot = NULL;

    if (!waits || !waits->len) {
        return;
    }
    snapshot = g_ptr_array_copy(waits, NULL, NULL);
    for (guint i = 0; i < snapshot->len; i++) {
        Wait *w = snapshot->pdata[i];
        /* An earlier finish may have resumed a monitor that started other waits. */
        if (!g_ptr_array_find(waits, w, NULL)) {
            continue;
        }
        if (w->ops->check(w->state)) {
            finish(w, true);
        } else if (now >= w->deadline) {
            finish(w, false);
        }
    }
    if (waits->len) {
        timer_mod(poll_timer, clock_get_ns(CLOCK_HOST) + POLL_NS);
    }
}

static void poll_timer_cb(void *opaque)
{
    monitor_wait_check_now();
}

void monitor_wait_poke(void)
{
    if (waits && waits->len) {
        timer_mod(poll_timer, clock_get_ns(CLOCK_HOST));
    }
}

void monitor_wait_begin(Monitor *mon, const char *name, const MonitorWaitOps *ops, void *state,
                        int64_t timeout_ns)
{
    Wait *w;

    if (ops->check(state)) {
        ops->free(state);
        return;
    }
    if (!monitor_suspend(mon)) {
        ops->free(state);
        return;
    }
    w = g_new0(Wait, 1);
    w->mon = mon;
    w->name = g_strdup(name);
    w->ops = ops;
    w->state = state;
    w->timeout_ns = timeout_ns;
    w->deadline = clock_get_ns(CLOCK_HOST) + timeout_ns;
    if (!waits) {
        waits = g_ptr_array_new();
        poll_timer = timer_new(CLOCK_HOST, poll_timer_cb, NULL);
    }
    g_ptr_array_add(waits, w);
    timer_mod(poll_timer, clock_get_ns(CLOCK_HOST) + POLL_NS);
}

void monitor_wait_cancel(Monitor *mon)
{
    for (guint i = 0; waits && i < waits->len;) {
        Wait *w = waits->pdata[i];
        if (w->mon == mon) {
            g_ptr_array_remove_index(waits, i);
            wait_free(w);
        } else {
            i++;
        }
    }
}

/* ---- arguments ---- */

char **monitor_wait_split_args(Monitor *mon, const char *rest)
{
    GPtrArray *args = g_ptr_array_new_with_free_func(g_free);
    const char *p = rest;

    for (;;) {
        GString *arg;

        while (g_ascii_isspace(*p)) {
            p++;
        }
        if (!*p) {
            break;
        }
        arg = g_string_new(NULL);
        if (*p == '"') {
            for (p++; *p && *p != '"'; p++) {
                if (*p == '\\' && (p[1] == '"' || p[1] == '\\')) {
                    p++;
                }
                g_string_append_c(arg, *p);
            }
            if (*p != '"') {
                monitor_error(mon, "unterminated quoted argument");
                g_string_free(arg, TRUE);
                g_ptr_array_unref(args);
                return NULL;
            }
            p++;
        } else {
            while (*p && !g_ascii_isspace(*p)) {
                g_string_append_c(arg, *p++);
            }
        }
        g_ptr_array_add(args, g_string_free(arg, FALSE));
    }
    g_ptr_array_add(args, NULL);
    return (char **)g_ptr_array_free(args, FALSE);
}

static bool is_number(const char *s)
{
    char *end;

    g_ascii_strtod(s, &end);
    return *s && !*end;
}

bool monitor_wait_parse_timeout(Monitor *mon, const char *arg, int64_t *ns)
{
    char *end;
    double s = g_ascii_strtod(arg, &end);

    if (!*arg || *end || !(s > 0) || s > MAX_TIMEOUT_S) {
        monitor_error(mon, "invalid timeout '%s' (seconds, above 0, at most %d)", arg,
                      MAX_TIMEOUT_S);
        return false;
    }
    *ns = (int64_t)(s * NANOSECONDS_PER_SECOND);
    return true;
}

/* ---- the console ---- */

static void console_tap(void *opaque, const uint8_t *buf, size_t len)
{
    g_byte_array_append(console_log, buf, (guint)len);
    if (console_log->len > CONSOLE_LOG_MAX) {
        g_byte_array_remove_range(console_log, 0, console_log->len - CONSOLE_LOG_MAX / 2);
    }
    /* From inside the guest's hypercall: the check runs later, from the main loop. */
    monitor_wait_poke();
}

typedef struct ConsoleWait {
    char *text;
} ConsoleWait;

static bool console_check(void *opaque)
{
    ConsoleWait *cw = opaque;
    size_t n = strlen(cw->text);
    const guint8 *hit;

    /* An empty GByteArray's data is NULL, which memmem must not be given. */
    if (!console_log || console_log->len == 0 || console_log->len < n) {
        return false;
    }
    hit = memmem(console_log->data, console_log->len, cw->text, n);
    if (!hit) {
        return false;
    }
    g_byte_array_remove_range(console_log, 0, (guint)(hit - console_log->data + n));
    return true;
}

static void console_describe(void *opaque, GString *out)
{
    ConsoleWait *cw = opaque;

    g_string_append_printf(out, "\"%s\" on the console", cw->text);
}

static void console_free(void *opaque)
{
    ConsoleWait *cw = opaque;

    g_free(cw->text);
    g_free(cw);
}

static const MonitorWaitOps console_wait_ops = { console_check, console_describe, console_free };

static void cmd_wait_console(Monitor *mon, int argc, char **argv, const char *rest)
{
    g_auto(GStrv) args = monitor_wait_split_args(mon, rest);
    int64_t timeout = MONITOR_WAIT_DEFAULT_TIMEOUT_S * NANOSECONDS_PER_SECOND;
    ConsoleWait *cw;
    guint n;

    if (!args) {
        return;
    }
    n = g_strv_length(args);
    if (n < 1 || n > 2 || !*args[0]) {
        monitor_error(mon, "usage: wait-console TEXT [TIMEOUT] (quote TEXT with spaces: \"...\")");
        return;
    }
    if (n == 2 && !monitor_wait_parse_timeout(mon, args[1], &timeout)) {
        return;
    }
    if (!console) {
        monitor_error(mon, "wait-console: the machine has no console");
        return;
    }
    cw = g_new0(ConsoleWait, 1);
    cw->text = g_strdup(args[0]);
    monitor_wait_begin(mon, "wait-console", &console_wait_ops, cw, timeout);
}

static void cmd_console_send(Monitor *mon, int argc, char **argv, const char *rest)
{
    g_autofree char *text = NULL;

    if (!console) {
        monitor_error(mon, "console-send: the machine has no console");
        return;
    }
    /* A quoted TEXT keeps its spaces ("" is a bare Enter); otherwise the rest of the line. */
    if (rest[0] == '"') {
        g_auto(GStrv) args = monitor_wait_split_args(mon, rest);
        if (!args) {
            return;
        }
        if (g_strv_length(args) != 1) {
            monitor_error(mon, "usage: console-send TEXT, or console-send \"TEXT\"");
            return;
        }
        text = g_strdup(args[0]);
    } else {
        text = g_strdup(rest);
    }
    chardev_send_input(console, (const uint8_t *)text, strlen(text));
    chardev_send_input(console, (const uint8_t *)"\r", 1);
}

/* ---- events ---- */

static void event_record_free(gpointer p)
{
    EventRecord *r = p;

    g_free(r->name);
    g_free(r->device);
    g_free(r);
}

static void record_event(void *opaque, const char *name, JsonObject *data, int64_t when_us)
{
    EventRecord *r = g_new0(EventRecord, 1);

    r->name = g_strdup(name);
    if (data && json_object_has_member(data, "device")) {
        r->device = g_strdup(json_object_get_string_member(data, "device"));
    }
    g_ptr_array_add(event_log, r);
    if (event_log->len > EVENT_LOG_MAX) {
        g_ptr_array_remove_index(event_log, 0);
    }
    monitor_wait_poke();
}

typedef struct EventWait {
    char *name;
    char *device;           /* NULL: any */
} EventWait;

static bool event_check(void *opaque)
{
    EventWait *ew = opaque;

    for (guint i = 0; event_log && i < event_log->len; i++) {
        EventRecord *r = event_log->pdata[i];
        if (!strcmp(r->name, ew->name) && (!ew->device || !g_strcmp0(r->device, ew->device))) {
            g_ptr_array_remove_index(event_log, i);
            return true;
        }
    }
    return false;
}

static void event_describe(void *opaque, GString *out)
{
    EventWait *ew = opaque;

    g_string_append_printf(out, "event %s", ew->name);
    if (ew->device) {
        g_string_append_printf(out, " of device '%s'", ew->device);
    }
}

static void event_wait_free(void *opaque)
{
    EventWait *ew = opaque;

    g_free(ew->name);
    g_free(ew->device);
    g_free(ew);
}

static const MonitorWaitOps event_wait_ops = { event_check, event_describe, event_wait_free };

/*
 * wait-event NAME [ID] [TIMEOUT]: with two arguments the second is the
 * TIMEOUT if it is a number, else the ID (give both for a numeric id).
 */
static void cmd_wait_event(Monitor *mon, int argc, char **argv, const char *rest)
{
    static const char *const known[] = {
        "DEVICE_DELETED", "SHUTDOWN", "RESET", "STOP", "RESUME", "POWERDOWN", NULL,
    };
    int64_t timeout = MONITOR_WAIT_DEFAULT_TIMEOUT_S * NANOSECONDS_PER_SECOND;
    const char *id = NULL, *tmo = NULL;
    EventWait *ew;

    if (argc < 2 || argc > 4) {
        monitor_error(mon, "usage: wait-event NAME [ID] [TIMEOUT]");
        return;
    }
    if (!g_strv_contains(known, argv[1])) {
        monitor_error(mon, "wait-event: unknown event '%s' (DEVICE_DELETED, SHUTDOWN, RESET, "
                           "STOP, RESUME, POWERDOWN)", argv[1]);
        return;
    }
    if (argc == 4) {
        id = argv[2];
        tmo = argv[3];
    } else if (argc == 3) {
        *(is_number(argv[2]) ? &tmo : &id) = argv[2];
    }
    if (tmo && !monitor_wait_parse_timeout(mon, tmo, &timeout)) {
        return;
    }
    if (id && strcmp(argv[1], "DEVICE_DELETED") != 0) {
        monitor_error(mon, "wait-event: an ID is only for DEVICE_DELETED");
        return;
    }
    ew = g_new0(EventWait, 1);
    ew->name = g_strdup(argv[1]);
    ew->device = g_strdup(id);
    monitor_wait_begin(mon, "wait-event", &event_wait_ops, ew, timeout);
}

void monitor_wait_set_console(Chardev *chr)
{
    console = chr;
    if (!console_log) {
        console_log = g_byte_array_new();
        event_log = g_ptr_array_new_with_free_func(event_record_free);
        event_listen(record_event, NULL);
    }
    chardev_set_tap(chr, console_tap, NULL);
}

const MonitorCommand monitor_wait_commands[] = {
    { "wait-console", "TEXT [TIMEOUT]",
      "wait until the console prints TEXT (since the last wait-console; TIMEOUT s, default 60)",
      cmd_wait_console },
    { "console-send", "TEXT", "type TEXT and Enter at the guest console", cmd_console_send },
    { "wait-event", "NAME [ID] [TIMEOUT]",
      "wait for an event (DEVICE_DELETED [of device ID], SHUTDOWN, RESET, STOP, RESUME, "
      "POWERDOWN) since the last wait-event that took one",
      cmd_wait_event },
    { NULL, NULL, NULL, NULL },
};
