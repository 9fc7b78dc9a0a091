/*
 * The monitor's waiting commands (core/monitor-wait.c) and script mode:
 * wait-console against a console chardev the test writes to, console-send
 * into its front end, wait-event on events the device model and run state
 * raise, timeouts, held input while a wait is pending, the refusal inside
 * QMP's human-monitor-command, and a script monitor stopping at its first
 * Error:. The waits are completed the way the main loop does it, by running
 * the expired host timers.
 */
#include <fcntl.h>
#include <glib-unix.h>
#include <glib.h>
#include <string.h>
#include <unistd.h>

#include "core/chardev.h"
#include "core/device.h"
#include "core/events.h"
#include "core/machine.h"
#include "core/main-loop.h"
#include "core/monitor-wait.h"
#include "core/monitor.h"
#include "core/timer.h"

/* ---- a device type whose bus removes a device at once (like an isolated slot) ---- */

typedef struct WaitDev {
    Device dev;
} WaitDev;

static const DeviceClass wait_dev_class = {
    .name = "wait-dev",
    .desc = "a device for the wait tests",
    .instance_size = sizeof(WaitDev),
    .bus_type = "wait-bus",
    .user_creatable = true,
    .hotpluggable = true,
};

static bool keep_pending;       /* the guest "has not released it yet" */

static bool wait_bus_unplug_request(Bus *bus, Device *dev, Error **errp)
{
    if (!keep_pending) {
        device_destroy(dev);
    }
    return true;
}

static const BusOps wait_bus_ops = { .unplug_request = wait_bus_unplug_request };
static Bus wait_bus;

/* ---- a monitor and a console on pipes ---- */

typedef struct Pipe {
    int r, w;
} Pipe;

static Pipe mon_in, mon_out, con_out;
static Monitor *mon;
static Chardev *console;
static GString *console_input;      /* what the console's front end (the "guest") received */

static Pipe make_pipe(void)
{
    int fds[2];

    g_assert_true(g_unix_open_pipe(fds, FD_CLOEXEC, NULL));
    g_assert_true(g_unix_set_fd_nonblocking(fds[0], TRUE, NULL));
    return (Pipe){ fds[0], fds[1] };
}

static char *drain(int fd)
{
    GString *s = g_string_new(NULL);
    char buf[512];
    ssize_t n;

    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        g_string_append_len(s, buf, n);
    }
    return g_string_free(s, FALSE);
}

static char *run(const char *line)
{
    g_free(drain(mon_out.r));
    monitor_handle_line(mon, line);
    return drain(mon_out.r);
}

static size_t console_can_receive(void *opaque)
{
    return 64;
}

static void console_receive(void *opaque, const uint8_t *buf, size_t len)
{
    g_string_append_len(console_input, (const char *)buf, (gssize)len);
}

/* The guest prints. */
static void guest_prints(const char *text)
{
    chardev_write(console, (const uint8_t *)text, strlen(text));
}

/* What the main loop does between time slices. */
static void main_loop_turn(void)
{
    chardev_poll_all();
    timers_run_expired();
}

static void setup_once(void)
{
    ChardevFrontend fe = { .can_receive = console_can_receive, .receive = console_receive };

    mon_in = make_pipe();
    mon_out = make_pipe();
    con_out = make_pipe();
    mon = monitor_new(chardev_new_fd(mon_in.r, mon_out.w));
    console = chardev_new_fd(-1, con_out.w);
    console_input = g_string_new(NULL);
    chardev_attach(console, &fe);
    monitor_wait_set_console(console);

    device_class_register(&wait_dev_class);
    bus_init(&wait_bus, "wait.0", "wait-bus", &wait_bus_ops, NULL);
    wait_bus.hotplug_capable = true;
    bus_register(&wait_bus);
}

/* ---- tests ---- */

static void test_console(void)
{
    g_autofree char *r1 = NULL, *r2 = NULL, *r3 = NULL;

    /* Printed before the wait, since the start: found at once. */
    guest_prints("firmware\nLinux version 6.1\nlogin: ");
    r1 = run("wait-console \"Linux version\" 5");
    g_assert_cmpstr(r1, ==, "");
    g_assert_false(monitor_is_suspended(mon));

    /* "login: " came after the match, so it is still there for the next wait. */
    r2 = run("wait-console login:");
    g_assert_cmpstr(r2, ==, "");
    /* But it was taken: a second wait for it waits, across pieces of output. */
    r3 = run("wait-console login:");
    g_assert_cmpstr(r3, ==, "");
    g_assert_true(monitor_is_suspended(mon));
    guest_prints("log");
    main_loop_turn();
    g_assert_true(monitor_is_suspended(mon));
    guest_prints("in: ");
    main_loop_turn();
    g_assert_false(monitor_is_suspended(mon));
    g_free(drain(mon_out.r));
}

static void test_held_input(void)
{
    g_autofree char *before = NULL, *after = NULL;

    /* Lines typed while a wait is pending wait too, and are answered in order after it. */
    g_assert_cmpint(write(mon_in.w, "wait-console BOOTED 5\ninfo version\n", 35), ==, 35);
    main_loop_turn();
    g_assert_true(monitor_is_suspended(mon));
    before = drain(mon_out.r);
    g_assert_null(strstr(before, "ppc64-lite"));
    guest_prints("BOOTED\n");
    main_loop_turn();
    main_loop_turn();
    after = drain(mon_out.r);
    g_assert_false(monitor_is_suspended(mon));
    g_assert_nonnull(strstr(after, "ppc64-lite " PPC64LITE_VERSION "\n"));
}

static void test_timeout(void)
{
    g_autofree char *r = run("wait-console \"never printed\" 0.05");
    g_autofree char *err = NULL;

    g_assert_cmpstr(r, ==, "");
    g_assert_true(monitor_is_suspended(mon));
    g_usleep(60000);
    main_loop_turn();
    g_assert_false(monitor_is_suspended(mon));
    err = drain(mon_out.r);
    g_assert_cmpstr(err, ==, "Error: wait-console: timed out after 0.05 s waiting for "
                             "\"never printed\" on the console\n");
}

static void test_console_send(void)
{
    g_free(run("console-send echo hello there"));
    main_loop_turn();
    g_assert_cmpstr(console_input->str, ==, "echo hello there\r");
    g_string_truncate(console_input, 0);
    g_free(run("console-send \"  two  spaces \""));
    g_free(run("console-send \"\""));
    main_loop_turn();
    g_assert_cmpstr(console_input->str, ==, "  two  spaces \r\r");
    g_string_truncate(console_input, 0);
}

static void test_events(void)
{
    Error *err = NULL;
    Device *d1, *d2;
    g_autofree char *r1 = NULL, *r2 = NULL, *r3 = NULL, *r4 = NULL;

    /* Removed at once by device_del, before wait-event starts: still seen. */
    keep_pending = false;
    d1 = device_create_from_string("wait-dev,id=d1", true, &err);
    g_assert_nonnull(d1);
    g_free(run("device_del d1"));
    g_assert_null(device_find_by_id("d1"));
    r1 = run("wait-event DEVICE_DELETED d1 5");
    g_assert_cmpstr(r1, ==, "");
    g_assert_false(monitor_is_suspended(mon));

    /* Taken once: the same wait again times out. */
    g_free(run("wait-event DEVICE_DELETED d1 0.02"));
    g_assert_true(monitor_is_suspended(mon));
    g_usleep(30000);
    main_loop_turn();
    g_assert_false(monitor_is_suspended(mon));
    r2 = drain(mon_out.r);
    g_assert_true(g_str_has_prefix(r2, "Error: wait-event: timed out"));

    /* Pending until "the guest" releases it. */
    keep_pending = true;
    d2 = device_create_from_string("wait-dev,id=d2", true, &err);
    g_assert_nonnull(d2);
    g_free(run("device_del d2"));
    r3 = run("wait-event DEVICE_DELETED d2");
    g_assert_cmpstr(r3, ==, "");
    g_assert_true(monitor_is_suspended(mon));
    device_destroy(d2);
    main_loop_turn();
    g_assert_false(monitor_is_suspended(mon));
    g_free(r3);
    r3 = drain(mon_out.r);
    g_assert_cmpstr(r3, ==, "");

    /* Run-state events; a number as second argument is the timeout. */
    vm_start();
    vm_stop();
    r4 = run("wait-event STOP 5");
    g_assert_cmpstr(r4, ==, "");
    g_assert_false(monitor_is_suspended(mon));
}

static void test_bad_arguments(void)
{
    static const char *const bad[] = {
        "wait-console",
        "wait-console \"unterminated",
        "wait-console x 0",
        "wait-console x -1",
        "wait-console x soon",
        "wait-console x 1 2",
        "wait-event",
        "wait-event NO_SUCH_EVENT",
        "wait-event STOP dev 1",
        "wait-event DEVICE_DELETED d 1 extra",
        "console-send \"a\" \"b\"",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree char *r = run(bad[i]);
        if (!g_str_has_prefix(r, "Error: ") || strchr(r, '\n') != r + strlen(r) - 1) {
            g_error("'%s' gave '%s'", bad[i], r);
        }
        g_assert_false(monitor_is_suspended(mon));
    }
}

/* QMP's human-monitor-command cannot wait: an Error: text, nothing suspended. */
static void test_captured(void)
{
    g_autofree char *r = monitor_run_captured("wait-console never 1", 0);

    g_assert_true(g_str_has_prefix(r, "Error: this command waits"));
}

static void test_script(void)
{
    Pipe in = make_pipe(), out = make_pipe();
    Chardev *chr = chardev_new_fd(in.r, out.w);
    Monitor *script = monitor_new_script(chr);
    g_autoptr(GString) why = g_string_new(NULL);
    g_autofree char *text = NULL;
    static const char lines[] = "info version\nno-such-command\ninfo version\n";

    g_assert_cmpint(write(in.w, lines, sizeof(lines) - 1), ==, (ssize_t)sizeof(lines) - 1);
    main_loop_turn();
    text = drain(out.r);
    /* Each command echoed after the prompt; nothing runs after the first Error:. */
    g_assert_cmpstr(text, ==, "(ppc64-lite) info version\n"
                              "ppc64-lite " PPC64LITE_VERSION "\n"
                              "(ppc64-lite) no-such-command\n"
                              "Error: unknown command: 'no-such-command'\n");
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_ERROR);
    g_assert_true(monitor_script_finished(script, why));
    machine_clear_shutdown_request();
    monitor_free(script);

    /* Stopped while waiting: not finished. */
    in = make_pipe();
    out = make_pipe();
    script = monitor_new_script(chardev_new_fd(in.r, out.w));
    g_assert_cmpint(write(in.w, "wait-console NEVER 30\n", 22), ==, 22);
    close(in.w);
    main_loop_turn();
    main_loop_turn();
    g_assert_true(monitor_is_suspended(script));
    g_assert_false(monitor_script_finished(script, why));
    g_assert_nonnull(strstr(why->str, "waited"));
    monitor_free(script);

    /* Ran to its end of file: finished. */
    in = make_pipe();
    out = make_pipe();
    script = monitor_new_script(chardev_new_fd(in.r, out.w));
    g_assert_cmpint(write(in.w, "info version\n", 13), ==, 13);
    close(in.w);
    main_loop_turn();
    main_loop_turn();
    g_string_truncate(why, 0);
    g_assert_true(monitor_script_finished(script, why));
    monitor_free(script);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup_once();
    g_test_add_func("/monitor-wait/console", test_console);
    g_test_add_func("/monitor-wait/held-input", test_held_input);
    g_test_add_func("/monitor-wait/timeout", test_timeout);
    g_test_add_func("/monitor-wait/console-send", test_console_send);
    g_test_add_func("/monitor-wait/events", test_events);
    g_test_add_func("/monitor-wait/bad-arguments", test_bad_arguments);
    g_test_add_func("/monitor-wait/captured", test_captured);
    g_test_add_func("/monitor-wait/script", test_script);
    return g_test_run();
}
