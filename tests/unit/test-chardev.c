/*
 * Character devices (core/chardev.c): the Ctrl-A multiplexer, input held back
 * by a busy front end, EOF, and the file/null back ends. Input goes in
 * through a pipe and comes out of chardev_poll_all(), as in the emulator.
 */
#include <fcntl.h>
#include <glib-unix.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "core/chardev.h"
#include "core/cpu.h"
#include "core/machine.h"
#include "core/timer.h"

typedef struct TestFrontend {
    GByteArray *got;
    size_t room;            /* what can_receive reports */
    int focus_in, focus_out;
} TestFrontend;

static size_t fe_can_receive(void *opaque)
{
    return ((TestFrontend *)opaque)->room;
}

static void fe_receive(void *opaque, const uint8_t *buf, size_t len)
{
    TestFrontend *t = opaque;

    g_assert_cmpuint(len, <=, t->room);
    g_byte_array_append(t->got, buf, (guint)len);
}

static void fe_focus(void *opaque, bool in)
{
    TestFrontend *t = opaque;

    if (in) {
        t->focus_in++;
    } else {
        t->focus_out++;
    }
}

static void fe_init(TestFrontend *t, ChardevFrontend *fe)
{
    t->got = g_byte_array_new();
    t->room = 1024;
    t->focus_in = t->focus_out = 0;
    *fe = (ChardevFrontend){ fe_can_receive, fe_receive, t, fe_focus };
}

static bool got_equals(const TestFrontend *t, const char *expect)
{
    return t->got->len == strlen(expect) &&
           (t->got->len == 0 || !memcmp(t->got->data, expect, t->got->len));
}

static char *got_str(const TestFrontend *t)
{
    return g_strndup(t->got->len ? (const char *)t->got->data : "", t->got->len);
}

#define assert_got(t, expect)                   \
    do {                                        \
        g_autofree char *s_ = got_str(t);       \
        g_assert_cmpstr(s_, ==, (expect));      \
        g_assert_true(got_equals((t), (expect))); \
    } while (0)

/* A mux on two pipes with a console and a monitor front end. */
typedef struct Fixture {
    int in_w, out_r;        /* the test's ends */
    int in_r, out_w;        /* the chardev's ends */
    Chardev *backend, *mux;
    TestFrontend console, monitor;
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data)
{
    int in[2], out[2];
    ChardevFrontend fe;

    g_assert_true(g_unix_open_pipe(in, FD_CLOEXEC, NULL));
    g_assert_true(g_unix_open_pipe(out, FD_CLOEXEC, NULL));
    g_assert_true(g_unix_set_fd_nonblocking(out[0], TRUE, NULL));
    f->in_w = in[1];
    f->out_r = out[0];
    f->in_r = in[0];
    f->out_w = out[1];
    f->backend = chardev_new_fd(in[0], out[1]);
    f->mux = chardev_mux_new(f->backend);
    fe_init(&f->console, &fe);
    g_assert_nonnull(chardev_mux_add_frontend(f->mux, &fe));
    fe_init(&f->monitor, &fe);
    g_assert_nonnull(chardev_mux_add_frontend(f->mux, &fe));
    g_assert_false(chardev_is_interactive(f->mux));
    machine_clear_shutdown_request();
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    chardev_cleanup_all();
    close(f->in_w);
    close(f->out_r);
    close(f->in_r);
    close(f->out_w);
    g_byte_array_unref(f->console.got);
    g_byte_array_unref(f->monitor.got);
}

/* Type bytes and let the main loop's poll deliver them. */
static void type(Fixture *f, const char *s, size_t len)
{
    g_assert_cmpint(write(f->in_w, s, len), ==, (ssize_t)len);
    chardev_poll_all();
}
#define TYPE(f, lit) type((f), (lit), sizeof(lit) - 1)

static char *read_output(Fixture *f)
{
    GString *s = g_string_new(NULL);
    char buf[256];
    ssize_t n;

    while ((n = read(f->out_r, buf, sizeof(buf))) > 0) {
        g_string_append_len(s, buf, n);
    }
    return g_string_free(s, FALSE);
}

static void test_mux_focus(Fixture *f, gconstpointer data)
{
    /* The console, added first, starts with the focus. */
    TYPE(f, "ab");
    assert_got(&f->console, "ab");
    assert_got(&f->monitor, "");

    /* Ctrl-A c moves the input to the monitor, and says so to both. */
    TYPE(f, "\x01" "cinfo\n");
    assert_got(&f->console, "ab");
    assert_got(&f->monitor, "info\n");
    g_assert_cmpint(f->console.focus_out, ==, 1);
    g_assert_cmpint(f->monitor.focus_in, ==, 1);

    /* ... and back, with the switch in the middle of one read. */
    TYPE(f, "q\x01" "cz");
    assert_got(&f->monitor, "info\nq");
    assert_got(&f->console, "abz");
    g_assert_cmpint(f->console.focus_in, ==, 1);
    g_assert_cmpint(f->monitor.focus_out, ==, 1);
}

static void test_mux_literal_and_split(Fixture *f, gconstpointer data)
{
    /* Ctrl-A Ctrl-A sends one Ctrl-A to the front end with the focus. */
    TYPE(f, "x\x01\x01y");
    assert_got(&f->console, "x\x01y");

    /* An escape split across two reads still works. */
    TYPE(f, "\x01");
    assert_got(&f->console, "x\x01y");
    TYPE(f, "c");
    TYPE(f, "m");
    assert_got(&f->monitor, "m");

    /* Unknown escapes are dropped; Ctrl-A alone is never delivered. */
    TYPE(f, "\x01z\x01q");
    assert_got(&f->monitor, "m");
    assert_got(&f->console, "x\x01y");
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_NONE);
}

static void test_mux_help_and_quit(Fixture *f, gconstpointer data)
{
    g_autofree char *help = NULL, *bye = NULL;

    TYPE(f, "\x01h");
    help = read_output(f);
    g_assert_nonnull(strstr(help, "C-a x"));
    g_assert_nonnull(strstr(help, "C-a c"));
    g_assert_nonnull(strstr(help, "C-a C-a"));
    assert_got(&f->console, "");
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_NONE);

    TYPE(f, "\x01x");
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_QUIT);
    bye = read_output(f);
    g_assert_nonnull(strstr(bye, "terminated"));
    machine_clear_shutdown_request();
}

static void test_mux_output(Fixture *f, gconstpointer data)
{
    g_autofree char *out = NULL;

    /* Both front ends write to the back end, whichever has the focus. */
    chardev_printf(f->mux, "console %d\n", 1);
    TYPE(f, "\x01" "c");
    chardev_write(f->mux, (const uint8_t *)"more", 4);
    out = read_output(f);
    g_assert_cmpstr(out, ==, "console 1\nmore");
}

static void test_backpressure(Fixture *f, gconstpointer data)
{
    /* A front end that takes nothing keeps its input queued, in order. */
    f->console.room = 0;
    TYPE(f, "hello");
    assert_got(&f->console, "");
    f->console.room = 2;
    chardev_poll_all();
    assert_got(&f->console, "he");
    /* Escapes behind held input still act at once. */
    TYPE(f, "\x01" "cm");
    assert_got(&f->monitor, "m");
    f->console.room = 100;
    chardev_poll_all();
    assert_got(&f->console, "hello");
}

static void test_eof(Fixture *f, gconstpointer data)
{
    TYPE(f, "a");
    close(f->in_w);
    f->in_w = open("/dev/null", O_WRONLY);
    g_assert_false(chardev_poll_all());     /* EOF: nothing more, no error */
    g_assert_false(chardev_poll_all());
    assert_got(&f->console, "a");
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_NONE);
}

static void test_plain_backend(void)
{
    int in[2], out[2];
    TestFrontend t;
    ChardevFrontend fe;
    char buf[16];

    g_assert_true(g_unix_open_pipe(in, FD_CLOEXEC, NULL));
    g_assert_true(g_unix_open_pipe(out, FD_CLOEXEC, NULL));
    Chardev *chr = chardev_new_fd(in[0], out[1]);
    fe_init(&t, &fe);
    chardev_attach(chr, &fe);
    /* Without a mux, Ctrl-A is an ordinary byte. */
    g_assert_cmpint(write(in[1], "\x01" "c", 2), ==, 2);
    g_assert_true(chardev_poll_all());
    assert_got(&t, "\x01" "c");
    chardev_write(chr, (const uint8_t *)"ok", 2);
    g_assert_cmpint(read(out[0], buf, sizeof(buf)), ==, 2);
    g_assert_cmpint(memcmp(buf, "ok", 2), ==, 0);
    chardev_cleanup_all();
    for (int i = 0; i < 2; i++) {
        close(in[i]);
        close(out[i]);
    }
    g_byte_array_unref(t.got);
}

static void test_specs(void)
{
    g_autofree char *dir = g_dir_make_tmp("chardev-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "out.txt", NULL);
    g_autofree char *spec = g_strdup_printf("file:%s", path);
    g_autofree char *contents = NULL;
    Error *err = NULL;
    Chardev *chr;

    chr = chardev_new("null", &err);
    g_assert_nonnull(chr);
    chardev_printf(chr, "dropped\n");

    chr = chardev_new(spec, &err);
    g_assert_nonnull(chr);
    g_assert_false(chardev_is_interactive(chr));
    chardev_printf(chr, "line %d\n", 42);
    g_assert_true(g_file_get_contents(path, &contents, NULL, NULL));
    g_assert_cmpstr(contents, ==, "line 42\n");

    /* QEMU's client form (no server=on) is not offered. */
    g_assert_null(chardev_new("tcp::4444", &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), "tcp::4444"));
    error_free(err);
    err = NULL;
    g_assert_null(chardev_new("pty", &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), "pty"));
    error_free(err);
    err = NULL;
    g_assert_null(chardev_new("file:/nonexistent-dir/x", &err));
    g_assert_nonnull(err);
    error_free(err);

    chardev_cleanup_all();
    g_unlink(path);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add("/chardev/mux/focus", Fixture, NULL, fixture_setup, test_mux_focus,
               fixture_teardown);
    g_test_add("/chardev/mux/literal-and-split", Fixture, NULL, fixture_setup,
               test_mux_literal_and_split, fixture_teardown);
    g_test_add("/chardev/mux/help-and-quit", Fixture, NULL, fixture_setup,
               test_mux_help_and_quit, fixture_teardown);
    g_test_add("/chardev/mux/output", Fixture, NULL, fixture_setup, test_mux_output,
               fixture_teardown);
    g_test_add("/chardev/mux/backpressure", Fixture, NULL, fixture_setup, test_backpressure,
               fixture_teardown);
    g_test_add("/chardev/mux/eof", Fixture, NULL, fixture_setup, test_eof, fixture_teardown);
    g_test_add_func("/chardev/plain", test_plain_backend);
    g_test_add_func("/chardev/specs", test_specs);
    return g_test_run();
}
