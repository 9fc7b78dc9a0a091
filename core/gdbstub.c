/*
 * The gdb stub's transport and its place in the machine: a TCP listener and
 * one client connection on non-blocking sockets, watched by glib's default
 * main context (which the main loop dispatches), feeding the protocol engine
 * of core/gdbstub-protocol.c; VM stop/start and single-stepping for it; and
 * the monitor commands `gdbserver`, `singlestep` and `gva2gpa`.
 */
#include "core/gdbstub.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/accel.h"
#include "core/gdbstub-protocol.h"
#include "core/machine.h"
#include "core/main-loop.h"
#include "core/monitor.h"

typedef struct GdbServer {
    int listen_fd;
    guint listen_watch;
    int port;
    int client_fd;
    guint client_watch;
    GdbConn *conn;
    bool client_dead;       /* a send failed: close once input handling unwinds */
} GdbServer;

static GdbServer server = { .listen_fd = -1, .client_fd = -1, .port = -1 };

/* ---- What the protocol engine asks of the machine ---- */

static int target_cpu_count(void *opaque)
{
    return cpu_count();
}

static CPUState *target_cpu_get(void *opaque, int index)
{
    return cpu_by_index(index);
}

/* The vCPUs this stub parked (CPUState.stopped) so that another could step alone. */
static GPtrArray *parked;

/* Undo what a step did: only to the flags this stub set, so the main loop's own stay. */
static void release_cpus(void)
{
    for (int i = 0; i < cpu_count(); i++) {
        cpu_by_index(i)->singlestep = false;
    }
    if (parked) {
        for (guint i = 0; i < parked->len; i++) {
            ((CPUState *)g_ptr_array_index(parked, i))->stopped = false;
        }
        g_ptr_array_set_size(parked, 0);
    }
}

static void target_resume(void *opaque, CPUState *step_cpu)
{
    release_cpus();
    vm_start();
    if (step_cpu) {
        if (!parked) {
            parked = g_ptr_array_new();
        }
        for (int i = 0; i < cpu_count(); i++) {
            CPUState *cs = cpu_by_index(i);
            if (cs != step_cpu && !cs->stopped) {
                cs->stopped = true;
                g_ptr_array_add(parked, cs);
            }
        }
        step_cpu->singlestep = true;
    }
    main_loop_notify();
}

static void target_stop(void *opaque)
{
    vm_stop();
    release_cpus();
}

static void target_kill(void *opaque)
{
    /* gdb's `kill`: end the emulation as the monitor's `quit` would. */
    machine_request_shutdown_host(SHUTDOWN_QUIT);
    main_loop_notify();
}

static void target_send(void *opaque, const uint8_t *buf, size_t len)
{
    while (len && !server.client_dead) {
        ssize_t n = send(server.client_fd, buf, len, MSG_NOSIGNAL);
        if (n > 0) {
            buf += n;
            len -= (size_t)n;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            /* Replies are small; a gdb that stops reading for 5 s is gone. */
            struct pollfd p = { .fd = server.client_fd, .events = POLLOUT };
            if (poll(&p, 1, 5000) <= 0) {
                server.client_dead = true;
            }
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            server.client_dead = true;
        }
    }
}

static const GdbTargetOps target_ops = {
    .cpu_count = target_cpu_count,
    .cpu_get = target_cpu_get,
    .resume = target_resume,
    .stop = target_stop,
    .kill = target_kill,
    .send = target_send,
};

/* ---- Connection ---- */

static void client_close(void)
{
    if (server.client_watch) {
        g_source_remove(server.client_watch);
        server.client_watch = 0;
    }
    if (server.client_fd >= 0) {
        close(server.client_fd);
        server.client_fd = -1;
    }
    if (server.conn) {
        /* A vanished debugger must not leave traps behind; the VM stays as it is. */
        if (!gdb_conn_closed(server.conn)) {
            for (int i = 0; i < cpu_count(); i++) {
                cpu_debug_points_clear(cpu_by_index(i));
            }
        }
        gdb_conn_free(server.conn);
        server.conn = NULL;
    }
    server.client_dead = false;
}

static gboolean client_readable(gint fd, GIOCondition cond, gpointer opaque)
{
    uint8_t buf[4096];

    for (;;) {
        ssize_t n = recv(fd, buf, sizeof(buf), 0);
        if (n > 0) {
            gdb_conn_input(server.conn, buf, (size_t)n);
            if (server.client_dead || gdb_conn_closed(server.conn)) {
                break;
            }
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            return G_SOURCE_CONTINUE;
        }
        break;      /* EOF or error */
    }
    server.client_watch = 0;    /* returning REMOVE drops the source */
    client_close();
    return G_SOURCE_REMOVE;
}

static gboolean listener_readable(gint fd, GIOCondition cond, gpointer opaque)
{
    int c = accept(fd, NULL, NULL);
    int one = 1;

    if (c < 0) {
        return G_SOURCE_CONTINUE;
    }
    if (server.client_fd >= 0) {
        close(c);   /* one debugger at a time */
        return G_SOURCE_CONTINUE;
    }
    fcntl(c, F_SETFL, fcntl(c, F_GETFL) | O_NONBLOCK);
    fcntl(c, F_SETFD, FD_CLOEXEC);
    setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    server.client_fd = c;
    server.conn = gdb_conn_new(&target_ops, NULL);
    server.client_watch = g_unix_fd_add(c, G_IO_IN | G_IO_HUP | G_IO_ERR, client_readable, NULL);
    /* A debugger that attaches finds the machine stopped, as with a JTAG probe. */
    vm_stop();
    release_cpus();
    return G_SOURCE_CONTINUE;
}

static void gdbstub_debug_stop(CPUState *cpu)
{
    release_cpus();
    if (server.conn) {
        gdb_conn_report_stop(server.conn, cpu, GDB_SIGTRAP);
        if (server.client_dead) {
            client_close();
        }
    }
}

/* ---- Listener ---- */

static void listener_close(void)
{
    client_close();
    if (server.listen_watch) {
        g_source_remove(server.listen_watch);
        server.listen_watch = 0;
    }
    if (server.listen_fd >= 0) {
        close(server.listen_fd);
        server.listen_fd = -1;
    }
    server.port = -1;
}

/* "tcp::PORT", "tcp:HOST:PORT" or "PORT"; HOST is a dotted IPv4 address. */
static bool parse_spec(const char *spec, struct sockaddr_in *sa, Error **errp)
{
    const char *host = "127.0.0.1", *port_str = spec;
    char *host_buf = NULL;
    char *end;
    unsigned long port;
    bool ok = true;

    if (g_str_has_prefix(spec, "tcp:")) {
        const char *rest = spec + 4;
        const char *colon = strrchr(rest, ':');
        if (!colon) {
            error_setg(errp, "gdb: '%s': expected tcp::PORT or tcp:HOST:PORT", spec);
            return false;
        }
        if (colon != rest) {
            host = host_buf = g_strndup(rest, (size_t)(colon - rest));
        }
        port_str = colon + 1;
    }
    errno = 0;
    port = strtoul(port_str, &end, 10);
    memset(sa, 0, sizeof(*sa));
    sa->sin_family = AF_INET;
    if (!g_ascii_isdigit(*port_str) || *end || errno || port > 65535) {
        error_setg(errp, "gdb: '%s': bad port number", spec);
        ok = false;
    } else if (inet_pton(AF_INET, host, &sa->sin_addr) != 1) {
        error_setg(errp, "gdb: '%s': host must be an IPv4 address", spec);
        ok = false;
    }
    sa->sin_port = htons((uint16_t)port);
    g_free(host_buf);
    return ok;
}

bool gdbstub_init(const char *spec, Error **errp)
{
    struct sockaddr_in sa;
    socklen_t sa_len = sizeof(sa);
    int fd, one = 1;

    if (!parse_spec(spec, &sa, errp)) {
        return false;
    }
    fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        error_setg(errp, "gdb: socket: %s", g_strerror(errno));
        return false;
    }
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0 ||
        getsockname(fd, (struct sockaddr *)&sa, &sa_len) < 0) {
        error_setg(errp, "gdb: cannot listen on '%s': %s", spec, g_strerror(errno));
        close(fd);
        return false;
    }
    listener_close();
    server.listen_fd = fd;
    server.port = ntohs(sa.sin_port);
    server.listen_watch = g_unix_fd_add(fd, G_IO_IN, listener_readable, NULL);
    gdbstub_debug_hook = gdbstub_debug_stop;
    return true;
}

int gdbstub_port(void)
{
    return server.port;
}

void gdbstub_report_exit(int status)
{
    if (server.conn) {
        gdb_conn_report_exit(server.conn, status);
    }
}

/* ---- Monitor commands ---- */

static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;

    if (!s || !*s || *s == '-') {
        return false;
    }
    errno = 0;
    *out = g_ascii_strtoull(s, &end, 0);
    return !errno && !*end;
}

static void cmd_gdbserver(Monitor *mon, int argc, char **argv, const char *rest)
{
    const char *spec = argc > 1 ? argv[1] : "tcp::1234";
    Error *err = NULL;

    if (argc > 2) {
        monitor_error(mon, "usage: gdbserver [tcp::PORT|none]");
        return;
    }
    if (strcmp(spec, "none") == 0) {
        listener_close();
        gdbstub_debug_hook = NULL;
        monitor_printf(mon, "Disabled gdbserver\n");
        return;
    }
    if (!gdbstub_init(spec, &err)) {
        monitor_error(mon, "%s", error_get_pretty(err));
        error_free(err);
        return;
    }
    monitor_printf(mon, "Waiting for gdb connection on port %d\n", server.port);
}

/* Execute N instructions on the monitor's CPU while the VM is stopped. */
static void cmd_singlestep(Monitor *mon, int argc, char **argv, const char *rest)
{
    CPUState *cs = cpu_by_index(monitor_current_cpu(mon));
    uint64_t n = 1;

    if (argc > 2 || (argc == 2 && (!parse_u64(argv[1], &n) || n == 0 || n > 1000000))) {
        monitor_error(mon, "usage: singlestep [N] (1..1000000 instructions)");
        return;
    }
    if (!cs) {
        monitor_error(mon, "no CPU");
        return;
    }
    if (vm_running()) {
        monitor_error(mon, "stop the VM first (`stop`)");
        return;
    }
    for (uint64_t i = 0; i < n; i++) {
        uint64_t pc = cs->ops->get_pc(cs), count = cs->insns_executed;
        CPUExitReason r = CPU_EXIT_REQUEST;
        /*
         * A pending exit request (left by vm_stop) ends a run before it
         * starts, so retry until the CPU moved: an instruction ran or an
         * interrupt was taken.
         */
        for (int tries = 0; tries < 4 && pc == cs->ops->get_pc(cs) && count == cs->insns_executed &&
             r != CPU_EXIT_HALTED; tries++) {
            cs->singlestep = true;
            r = accel_exec(cs, 1);
            cs->singlestep = false;
        }
        if (r == CPU_EXIT_HALTED) {
            monitor_printf(mon, "CPU#%d is halted (waiting for an interrupt)\n", cs->index);
            break;
        }
    }
    GString *dis = g_string_new(NULL);
    if (cs->ops->disas) {
        cs->ops->disas(cs, cs->ops->get_pc(cs), 1, dis);
    }
    monitor_printf(mon, "CPU#%d pc=0x%016" PRIx64 "%s%s", cs->index, cs->ops->get_pc(cs),
                   dis->len ? "  " : "\n", dis->str);
    if (dis->len && dis->str[dis->len - 1] != '\n') {
        monitor_printf(mon, "\n");
    }
    g_string_free(dis, TRUE);
}

static void cmd_gva2gpa(Monitor *mon, int argc, char **argv, const char *rest)
{
    CPUState *cs = cpu_by_index(monitor_current_cpu(mon));
    uint64_t va, pa;

    if (argc != 2 || !parse_u64(argv[1], &va)) {
        monitor_error(mon, "usage: gva2gpa ADDR");
        return;
    }
    if (!cs || !cs->ops->virt_to_phys) {
        monitor_error(mon, "no CPU");
        return;
    }
    if (!cs->ops->virt_to_phys(cs, va, &pa)) {
        monitor_error(mon, "address 0x%" PRIx64 " is not mapped", va);
        return;
    }
    monitor_printf(mon, "gpa: 0x%" PRIx64 "\n", pa);
}

static const MonitorCommand gdbstub_commands[] = {
    { "gdbserver", "[tcp::PORT|none]", "start (default tcp::1234) or stop the gdb stub",
      cmd_gdbserver },
    { "singlestep", "[N]", "with the VM stopped, execute N (default 1) instructions on the current CPU",
      cmd_singlestep },
    { "gva2gpa", "ADDR", "translate a guest virtual address in the current CPU's MMU context",
      cmd_gva2gpa, true },
    { NULL },
};

void gdbstub_monitor_register(void)
{
    static bool done;

    if (done) {
        return;     /* machine set-up may run more than once (tests) */
    }
    done = true;
    monitor_register_commands(gdbstub_commands);
}
