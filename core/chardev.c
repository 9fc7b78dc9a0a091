/*
 * Character back ends (see chardev.h): null, file:PATH (output only), stdio,
 * pipe:PATH, chardev:ID (a -chardev by its id),
 * and the stdio multiplexer with QEMU's Ctrl-A escapes (QEMU docs, "Keys in
 * the character backend multiplexer"). Listening sockets are in
 * chardev-socket.c, -chardev's option form in chardev-opts.c.
 *
 * How input moves: every back end with an input fd keeps a queue per front
 * end. chardev_poll_all(), called from the main loop, hands queued bytes to
 * the front ends as far as their can_receive() allows, then reads the fd
 * (after a zero-timeout poll, so it never blocks) while the queue has room.
 * A glib fd watch exists only to wake a sleeping main loop; it is armed while
 * the queue has room, so a full queue holds input back in the kernel rather
 * than spinning. EOF just stops reading: the guest keeps running, as in QEMU.
 */
#include "core/chardev.h"
#include "core/chardev-internal.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <glib.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include "core/machine.h"

#define MUX_ESCAPE 0x01         /* Ctrl-A */
#define QUEUE_SOFT_MAX 4096     /* stop reading the fd when this much waits */
#define READ_CHUNK 1024
#define SOCKET_STALL_POLLS 100  /* 100 ms each: a client that reads nothing for 10 s is dropped */

static GPtrArray *all_chardevs;
static Chardev *stdio_chr;      /* the back end on fds 0/1, at most one */
static Chardev *stdio_mux;

/* ---- the terminal ---- */

static struct termios saved_tty;
static volatile sig_atomic_t tty_raw;

void chardev_restore_terminal(void)
{
    if (tty_raw) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tty);
        tty_raw = 0;
    }
}

/*
 * Raw input, so keys reach the guest one by one; output post-processing and
 * signal keys stay on (Ctrl-C ends the emulator, as with QEMU's stdio).
 */
static void terminal_make_raw(void)
{
    struct termios t = saved_tty;

    t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t.c_oflag |= OPOST;
    t.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    t.c_cflag &= ~(CSIZE | PARENB);
    t.c_cflag |= CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    if (tcsetattr(STDIN_FILENO, TCSANOW, &t) == 0) {
        tty_raw = 1;
    }
}

/* After a Ctrl-Z and `fg` the shell has put its own settings back. */
static void sigcont_handler(int sig)
{
    if (tty_raw) {
        terminal_make_raw();
    }
}

/*
 * Until the main loop takes these signals over (and after it gives them
 * back), they end the process as usual, but with the terminal restored.
 */
static void fatal_signal_handler(int sig)
{
    chardev_restore_terminal();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void terminal_init(void)
{
    static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGABRT };
    struct sigaction sa = { .sa_handler = sigcont_handler };

    if (tcgetattr(STDIN_FILENO, &saved_tty) != 0) {
        return;
    }
    terminal_make_raw();
    atexit(chardev_restore_terminal);
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART;
    sigaction(SIGCONT, &sa, NULL);
    sa.sa_handler = fatal_signal_handler;
    sa.sa_flags = 0;
    for (size_t i = 0; i < G_N_ELEMENTS(fatal_signals); i++) {
        sigaction(fatal_signals[i], &sa, NULL);
    }
}

/* ---- creation ---- */

Chardev *chardev_alloc(ChardevKind kind)
{
    Chardev *chr = g_new0(Chardev, 1);

    chr->kind = kind;
    chr->in_fd = chr->out_fd = -1;
    chr->listen_fd = -1;
    chr->queue = g_byte_array_new();
    if (!all_chardevs) {
        all_chardevs = g_ptr_array_new();
    }
    g_ptr_array_add(all_chardevs, chr);
    return chr;
}

Chardev *chardev_new_fd(int in_fd, int out_fd)
{
    Chardev *chr = chardev_alloc(CHR_FD);

    chr->in_fd = in_fd;
    chr->out_fd = out_fd;
    chr->is_tty = in_fd >= 0 && isatty(in_fd);
    chardev_update_watch(chr);
    return chr;
}

static bool stdin_taken;       /* -monitor-script - reads stdin itself */

void chardev_stdio_output_only(void)
{
    stdin_taken = true;
}

static Chardev *stdio_backend(Error **errp)
{
    if (stdio_chr) {
        error_setg(errp, "stdio is already in use by another character device");
        return NULL;
    }
    stdio_chr = chardev_new_fd(stdin_taken ? -1 : STDIN_FILENO, STDOUT_FILENO);
    if (stdio_chr->is_tty) {
        terminal_init();
    }
    return stdio_chr;
}

Chardev *chardev_mux_new(Chardev *backend)
{
    Chardev *mux = chardev_alloc(CHR_MUX);

    mux->backend = backend;
    backend->mux = mux;
    return mux;
}

Chardev *chardev_stdio_mux(void)
{
    if (!stdio_mux) {
        Chardev *be = stdio_backend(NULL);
        if (!be) {
            return NULL;    /* plain "stdio" already took fds 0/1 */
        }
        stdio_mux = chardev_mux_new(be);
    }
    return stdio_mux;
}

Chardev *chardev_new(const char *spec, Error **errp)
{
    if (!spec) {
        error_setg(errp, "missing character device");
        return NULL;
    }
    if (!strcmp(spec, "null")) {
        return chardev_alloc(CHR_NULL);
    }
    if (!strcmp(spec, "stdio")) {
        return stdio_backend(errp);
    }
    if (!strcmp(spec, "mon:stdio")) {
        Chardev *mux = chardev_stdio_mux();
        if (!mux) {
            error_setg(errp, "stdio is already in use by another character device");
        }
        return mux;
    }
    if (!strncmp(spec, "unix:", 5) || !strncmp(spec, "tcp:", 4)) {
        return chardev_socket_new_spec(spec, errp);
    }
    if (!strncmp(spec, "pipe:", 5) && spec[5]) {
        return chardev_pipe_new(spec + 5, errp);
    }
    if (!strncmp(spec, "chardev:", 8) && spec[8]) {
        Chardev *chr = chardev_find(spec + 8);
        if (!chr) {
            error_setg(errp, "could not connect to character backend '%s'", spec);
        }
        return chr;
    }
    if (!strncmp(spec, "file:", 5) && spec[5]) {
        int fd = open(spec + 5, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        Chardev *chr;
        if (fd < 0) {
            error_setg(errp, "cannot open '%s': %s", spec + 5, g_strerror(errno));
            return NULL;
        }
        chr = chardev_new_fd(-1, fd);
        chr->close_fds = true;
        return chr;
    }
    error_setg(errp, "unknown character device '%s'", spec);
    return NULL;
}

bool chardev_is_interactive(Chardev *chr)
{
    if (!chr) {
        return false;
    }
    if (chr->kind == CHR_MUX_PORT) {
        chr = chr->mux;
    }
    if (chr->kind == CHR_MUX) {
        chr = chr->backend;
    }
    return chr->is_tty;
}

/* ---- output ---- */

static void write_fd(Chardev *chr, const uint8_t *buf, size_t len)
{
    int stalls = 0;

    if (chr->out_fd == STDOUT_FILENO) {
        fflush(stdout);     /* keep order with anything printed through stdio */
    }
    while (len > 0 && chr->out_fd >= 0) {
        ssize_t n = write(chr->out_fd, buf, len);
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
            stalls = 0;
        } else if (n < 0 && errno == EAGAIN && (chr->kind != CHR_SOCKET ||
                                                ++stalls <= SOCKET_STALL_POLLS)) {
            struct pollfd p = { .fd = chr->out_fd, .events = POLLOUT };
            poll(&p, 1, 100);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (chr->kind == CHR_SOCKET) {
            /*
             * The client went away, or has read nothing for 10 s while we
             * wait with the machine held: the read side sees the shutdown
             * and listens for the next client.
             */
            shutdown(chr->out_fd, SHUT_RDWR);
            return;
        } else {
            /* The reader went away (EPIPE) or the disk is full: drop output from now on. */
            chr->out_fd = -1;
        }
    }
}

void chardev_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    if (!chr) {
        return;
    }
    if (chr->tap) {
        chr->tap(chr->tap_opaque, buf, len);
    }
    switch (chr->kind) {
    case CHR_NULL:
        break;
    case CHR_FD:
    case CHR_SOCKET:
        write_fd(chr, buf, len);
        break;
    case CHR_MUX:
        chardev_write(chr->backend, buf, len);
        break;
    case CHR_MUX_PORT:
        chardev_write(chr->mux->backend, buf, len);
        break;
    }
}

void chardev_printf(Chardev *chr, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    chardev_write(chr, (const uint8_t *)s, strlen(s));
    g_free(s);
}

/* ---- front ends and the mux ---- */

static void mux_set_focus(Chardev *mux, int focus)
{
    Chardev *old = mux->ports[mux->focus], *new = mux->ports[focus];

    if (old->fe.focus) {
        old->fe.focus(old->fe.opaque, false);
    }
    mux->focus = focus;
    if (new->fe.focus) {
        new->fe.focus(new->fe.opaque, true);
    }
}

Chardev *chardev_mux_add_frontend(Chardev *mux, const ChardevFrontend *fe)
{
    Chardev *port;

    if (!mux || mux->kind != CHR_MUX || mux->nports == MUX_MAX_PORTS) {
        return NULL;
    }
    port = chardev_alloc(CHR_MUX_PORT);
    port->mux = mux;
    port->fe = *fe;
    mux->ports[mux->nports++] = port;
    /* The first front end (the console) keeps the focus, as with QEMU's -nographic. */
    return port;
}

void chardev_attach(Chardev *chr, const ChardevFrontend *fe)
{
    if (!chr) {
        return;
    }
    if (chr->kind == CHR_MUX) {
        chardev_mux_add_frontend(chr, fe);
    } else {
        chr->fe = *fe;
        /* Sockets say OPENED when a client comes; the others are open already. */
        if (chr->kind != CHR_SOCKET || chr->in_fd >= 0) {
            chardev_frontend_event(chr, CHARDEV_OPENED);
        }
    }
}

void chardev_frontend_event(Chardev *chr, ChardevEvent ev)
{
    if (chr->fe.event) {
        chr->fe.event(chr->fe.opaque, ev);
    }
}

void chardev_set_tap(Chardev *chr, ChardevTapFn *fn, void *opaque)
{
    if (chr) {
        chr->tap = fn;
        chr->tap_opaque = opaque;
    }
}

void chardev_send_input(Chardev *chr, const uint8_t *buf, size_t len)
{
    if (chr && chr->kind == CHR_MUX) {
        chr = chr->nports ? chr->ports[0] : NULL;
    }
    if (chr) {
        g_byte_array_append(chr->queue, buf, (guint)len);
    }
}

bool chardev_in_use(Chardev *chr)
{
    return chr && chr->kind != CHR_MUX && chr->fe.receive != NULL;
}

Chardev *chardev_find(const char *id)
{
    for (guint i = 0; id && all_chardevs && i < all_chardevs->len; i++) {
        Chardev *chr = all_chardevs->pdata[i];
        if (chr->id && !strcmp(chr->id, id)) {
            return chr;
        }
    }
    return NULL;
}

static void mux_print_help(Chardev *mux)
{
    static const char help[] =
        "\n"
        "C-a h    print this help\n"
        "C-a x    exit the emulator\n"
        "C-a c    switch between the console and the monitor\n"
        "C-a C-a  send C-a\n";

    chardev_write(mux, (const uint8_t *)help, sizeof(help) - 1);
}

static void mux_command(Chardev *mux, uint8_t c)
{
    switch (c) {
    case 'h':
    case '?':
        mux_print_help(mux);
        break;
    case 'x':
        chardev_printf(mux, "\nppc64-lite: terminated\n");
        machine_request_shutdown_host(SHUTDOWN_QUIT);
        break;
    case 'c':
        if (mux->nports > 0) {
            mux_set_focus(mux, (mux->focus + 1) % mux->nports);
        }
        break;
    default:
        break;  /* unknown escapes are dropped, as in QEMU */
    }
}

/* Where the next plain input byte goes: the port with the focus, or nowhere. */
static Chardev *input_target(Chardev *be)
{
    if (!be->mux) {
        return be;
    }
    return be->mux->nports ? be->mux->ports[be->mux->focus] : NULL;
}

/* Route bytes read from a back end: escapes to the mux, the rest to queues. */
static void route_input(Chardev *be, const uint8_t *buf, size_t len)
{
    Chardev *mux = be->mux;

    for (size_t i = 0; i < len; i++) {
        if (mux) {
            if (mux->escape) {
                mux->escape = false;
                if (buf[i] != MUX_ESCAPE) {
                    mux_command(mux, buf[i]);
                    continue;
                }
            } else if (buf[i] == MUX_ESCAPE) {
                mux->escape = true;
                continue;
            }
        }
        Chardev *target = input_target(be);
        if (target) {
            g_byte_array_append(target->queue, &buf[i], 1);
        }
    }
}

/* Hand queued input to a front end as far as it takes it; true if any went. */
static bool flush_queue(Chardev *chr)
{
    size_t n = chr->queue->len;

    if (n == 0 || !chr->fe.receive) {
        return false;
    }
    if (chr->fe.can_receive) {
        n = MIN(n, chr->fe.can_receive(chr->fe.opaque));
    }
    if (n == 0) {
        return false;
    }
    /* The queue may grow while receive runs (a monitor command polling input): copy first. */
    g_autofree uint8_t *data = g_memdup2(chr->queue->data, n);
    g_byte_array_remove_range(chr->queue, 0, (guint)n);
    chr->fe.receive(chr->fe.opaque, data, n);
    return true;
}

static size_t input_room(Chardev *be)
{
    Chardev *target = input_target(be);
    size_t queued = target ? target->queue->len : 0;

    return queued >= QUEUE_SOFT_MAX ? 0 : QUEUE_SOFT_MAX - queued;
}

static gboolean watch_ready(gint fd, GIOCondition cond, gpointer opaque)
{
    chardev_poll_all();
    return G_SOURCE_CONTINUE;
}

void chardev_update_watch(Chardev *chr)
{
    bool want = chr->in_fd >= 0 && !chr->in_eof && input_room(chr) > 0;

    if (want && !chr->watch) {
        chr->watch = g_unix_fd_add(chr->in_fd, G_IO_IN | G_IO_HUP | G_IO_ERR, watch_ready, chr);
    } else if (!want && chr->watch) {
        g_source_remove(chr->watch);
        chr->watch = 0;
    }
}

/* Read what the fd has now, without blocking; true if bytes came. */
static bool read_input(Chardev *be)
{
    uint8_t buf[READ_CHUNK];
    size_t room = MIN(input_room(be), sizeof(buf));
    struct pollfd p = { .fd = be->in_fd, .events = POLLIN };
    ssize_t n;

    if (be->in_fd < 0 || be->in_eof || room == 0 || poll(&p, 1, 0) <= 0) {
        return false;
    }
    n = read(be->in_fd, buf, room);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return false;
    }
    if (n <= 0) {
        if (be->kind == CHR_SOCKET) {
            chardev_socket_disconnect(be);
            return false;
        }
        be->in_eof = true;      /* EOF or a dead terminal: stop reading, keep running */
        chardev_frontend_event(be, CHARDEV_CLOSED);     /* a script monitor's end */
        return false;
    }
    route_input(be, buf, (size_t)n);
    return true;
}

bool chardev_poll_all(void)
{
    bool any = false;

    if (!all_chardevs) {
        return false;
    }
    for (guint i = 0; i < all_chardevs->len; i++) {
        Chardev *chr = all_chardevs->pdata[i];
        if (chr->kind == CHR_FD || chr->kind == CHR_SOCKET) {
            any |= read_input(chr);
        }
    }
    /* After reading, since a mux escape in the input may have moved the focus. */
    for (guint i = 0; i < all_chardevs->len; i++) {
        any |= flush_queue(all_chardevs->pdata[i]);
    }
    for (guint i = 0; i < all_chardevs->len; i++) {
        Chardev *chr = all_chardevs->pdata[i];
        if (chr->kind == CHR_FD || chr->kind == CHR_SOCKET) {
            chardev_update_watch(chr);
        }
    }
    return any;
}

void chardev_cleanup_all(void)
{
    chardev_restore_terminal();
    if (!all_chardevs) {
        return;
    }
    for (guint i = 0; i < all_chardevs->len; i++) {
        Chardev *chr = all_chardevs->pdata[i];
        if (chr->watch) {
            g_source_remove(chr->watch);
            chr->watch = 0;
        }
        if (chr->kind == CHR_SOCKET) {
            chardev_socket_cleanup(chr);
        } else if (chr->close_fds) {
            if (chr->in_fd >= 0) {
                close(chr->in_fd);
            }
            if (chr->out_fd >= 0) {
                close(chr->out_fd);
            }
        }
        g_byte_array_unref(chr->queue);
        g_free(chr->id);
        g_free(chr);
    }
    g_clear_pointer(&all_chardevs, g_ptr_array_unref);
    stdio_chr = stdio_mux = NULL;
}
