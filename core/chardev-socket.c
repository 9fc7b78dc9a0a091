/*
 * Listening socket back ends (QEMU's "socket" chardev in server mode; its
 * documentation of -chardev socket and the "unix:"/"tcp:" short forms):
 *
 *   unix:PATH,server=on,wait=off        -chardev socket,id=ID,path=PATH,server=on,wait=off
 *   tcp:HOST:PORT,server=on,wait=off    -chardev socket,id=ID,host=HOST,port=PORT,server=on,...
 *
 * One client at a time: while one is connected the listener is not watched,
 * so the next client waits in the kernel's backlog until this one leaves.
 * The front end hears CHARDEV_OPENED when a client is accepted (QMP greets
 * then) and CHARDEV_CLOSED when it goes. With wait=on (QEMU's default for a
 * server) start-up blocks until the first client connects. The client's
 * input is read like any other fd back end's (chardev.c).
 *
 * server=off (QEMU's default) connects at start-up instead, and fails then if
 * nobody listens; when that peer goes away the chardev stays closed (QEMU's
 * reconnect= is not offered).
 */
#define _GNU_SOURCE     /* accept4 */
#include <errno.h>
#include <glib-unix.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/chardev-internal.h"
#include "core/options.h"

typedef struct SocketConfig {
    const char *path;       /* unix */
    const char *host, *port;
    bool server, wait;
} SocketConfig;

static gboolean listener_ready(gint fd, GIOCondition cond, gpointer opaque);

static void listen_watch_arm(Chardev *chr, bool on)
{
    if (on && !chr->listen_watch && chr->listen_fd >= 0) {
        chr->listen_watch = g_unix_fd_add(chr->listen_fd, G_IO_IN, listener_ready, chr);
    } else if (!on && chr->listen_watch) {
        g_source_remove(chr->listen_watch);
        chr->listen_watch = 0;
    }
}

static void client_connected(Chardev *chr, int fd)
{
    g_unix_set_fd_nonblocking(fd, TRUE, NULL);
    chr->in_fd = chr->out_fd = fd;
    chr->in_eof = false;
    listen_watch_arm(chr, false);
    chardev_update_watch(chr);
    chardev_frontend_event(chr, CHARDEV_OPENED);
}

static gboolean listener_ready(gint fd, GIOCondition cond, gpointer opaque)
{
    Chardev *chr = opaque;
    int c;

    if (chr->in_fd >= 0) {
        return G_SOURCE_CONTINUE;
    }
    c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
    if (c >= 0) {
        client_connected(chr, c);
    }
    return G_SOURCE_CONTINUE;
}

void chardev_socket_disconnect(Chardev *chr)
{
    if (chr->in_fd < 0) {
        return;
    }
    chr->in_fd = -1;
    chardev_update_watch(chr);      /* drops the fd's watch before the fd goes */
    close(chr->out_fd);
    chr->out_fd = -1;
    g_byte_array_set_size(chr->queue, 0);
    chardev_frontend_event(chr, CHARDEV_CLOSED);
    listen_watch_arm(chr, true);
}

void chardev_socket_cleanup(Chardev *chr)
{
    listen_watch_arm(chr, false);
    if (chr->watch) {
        g_source_remove(chr->watch);
        chr->watch = 0;
    }
    if (chr->out_fd >= 0) {
        close(chr->out_fd);
    }
    if (chr->listen_fd >= 0) {
        close(chr->listen_fd);
    }
    if (chr->unix_path) {
        unlink(chr->unix_path);
    }
    chr->in_fd = chr->out_fd = chr->listen_fd = -1;
    g_free(chr->unix_path);
    g_free(chr->desc);
}

/* ---- listening ---- */

static int listen_unix(const char *path, Error **errp)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    struct stat st;
    int fd;

    if (strlen(path) >= sizeof(sa.sun_path)) {
        error_setg(errp, "UNIX socket path '%s' is too long", path);
        return -1;
    }
    strcpy(sa.sun_path, path);
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error_setg(errp, "socket: %s", g_strerror(errno));
        return -1;
    }
    /*
     * A socket left by an earlier run would make bind fail: remove it, as
     * QEMU does; but never a file that is not a socket.
     */
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            error_setg(errp, "cannot listen on unix:%s: the file exists and is not a socket",
                       path);
            close(fd);
            return -1;
        }
        unlink(path);
    }
    if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 1) < 0) {
        error_setg(errp, "cannot listen on unix:%s: %s", path, g_strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

static int listen_tcp(const char *host, const char *port, Error **errp)
{
    struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                              .ai_flags = AI_PASSIVE };
    struct addrinfo *res, *ai;
    int fd = -1, rc, saved = 0;

    rc = getaddrinfo(*host ? host : NULL, port, &hints, &res);
    if (rc != 0) {
        error_setg(errp, "address tcp:%s:%s: %s", host, port, gai_strerror(rc));
        return -1;
    }
    for (ai = res; ai; ai = ai->ai_next) {
        int one = 1;
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) {
            saved = errno;
            continue;
        }
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1) == 0) {
            break;
        }
        saved = errno;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(res);
    if (fd < 0) {
        error_setg(errp, "cannot listen on tcp:%s:%s: %s", host, port, g_strerror(saved));
    }
    return fd;
}

/* Connect to a unix path or host:port; the connected fd, or -1. */
static int connect_to(const SocketConfig *cfg, const char *desc, Error **errp)
{
    int fd = -1, saved = 0;

    if (cfg->path) {
        struct sockaddr_un sa = { .sun_family = AF_UNIX };

        if (strlen(cfg->path) >= sizeof(sa.sun_path)) {
            error_setg(errp, "UNIX socket path '%s' is too long", cfg->path);
            return -1;
        }
        strcpy(sa.sun_path, cfg->path);
        fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
            saved = errno;
            close(fd);
            fd = -1;
        }
    } else {
        struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
        struct addrinfo *res, *ai;
        int rc = getaddrinfo(cfg->host && *cfg->host ? cfg->host : "localhost", cfg->port,
                             &hints, &res);

        if (rc != 0) {
            error_setg(errp, "address %s: %s", desc, gai_strerror(rc));
            return -1;
        }
        for (ai = res; ai && fd < 0; ai = ai->ai_next) {
            fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
            if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0) {
                saved = errno;
                close(fd);
                fd = -1;
            }
        }
        freeaddrinfo(res);
    }
    if (fd < 0) {
        error_setg(errp, "Failed to connect to '%s': %s", desc, g_strerror(saved ? saved : errno));
    }
    return fd;
}

static Chardev *socket_new(const SocketConfig *cfg, Error **errp)
{
    Chardev *chr;
    int fd;

    if (!cfg->server) {
        g_autofree char *desc = NULL;

        if (!cfg->path && (!cfg->port || !*cfg->port)) {
            error_setg(errp, "socket: needs path= (unix) or port= (tcp)");
            return NULL;
        }
        desc = cfg->path ? g_strdup_printf("unix:%s", cfg->path)
                         : g_strdup_printf("%s:%s", cfg->host ? cfg->host : "", cfg->port);
        fd = connect_to(cfg, desc, errp);
        if (fd < 0) {
            return NULL;
        }
        chr = chardev_alloc(CHR_SOCKET);
        chr->desc = g_steal_pointer(&desc);
        client_connected(chr, fd);
        return chr;
    }
    if (cfg->path) {
        if (!*cfg->path) {
            error_setg(errp, "socket: empty path");
            return NULL;
        }
        fd = listen_unix(cfg->path, errp);
    } else {
        if (!cfg->port || !*cfg->port) {
            error_setg(errp, "socket: needs path= (unix) or port= (tcp)");
            return NULL;
        }
        fd = listen_tcp(cfg->host ? cfg->host : "", cfg->port, errp);
    }
    if (fd < 0) {
        return NULL;
    }
    g_unix_set_fd_nonblocking(fd, TRUE, NULL);
    chr = chardev_alloc(CHR_SOCKET);
    chr->listen_fd = fd;
    chr->unix_path = g_strdup(cfg->path);
    chr->desc = cfg->path ? g_strdup_printf("unix:%s", cfg->path)
                          : g_strdup_printf("tcp:%s:%s", cfg->host ? cfg->host : "", cfg->port);
    if (cfg->wait) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        int c = -1;

        fprintf(stderr, "ppc64-lite: waiting for a connection on %s\n", chr->desc);
        while (c < 0) {
            if (poll(&p, 1, -1) < 0 && errno != EINTR) {
                break;
            }
            c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
            if (c < 0 && errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) {
                break;
            }
        }
        if (c < 0) {
            error_setg(errp, "%s: accept: %s", chr->desc, g_strerror(errno));
            return NULL;    /* chardev_cleanup_all closes the listener */
        }
        client_connected(chr, c);
    } else {
        listen_watch_arm(chr, true);
    }
    return chr;
}

/* ---- the two ways of writing one ---- */

static bool parse_bool(const char *key, const char *val, bool *out, Error **errp)
{
    if (!val || !strcmp(val, "on") || !strcmp(val, "yes") || !strcmp(val, "true")) {
        *out = true;
    } else if (!strcmp(val, "off") || !strcmp(val, "no") || !strcmp(val, "false")) {
        *out = false;
    } else {
        error_setg(errp, "socket: %s must be on or off, not '%s'", key, val);
        return false;
    }
    return true;
}

/* The keys both forms share; false + errp on an unknown one. */
static bool socket_key(SocketConfig *cfg, const char *key, const char *val, Error **errp)
{
    if (!strcmp(key, "server")) {
        return parse_bool(key, val, &cfg->server, errp);
    }
    if (!strcmp(key, "wait")) {
        return parse_bool(key, val, &cfg->wait, errp);
    }
    /* The old spellings scripts still use: "server,nowait". */
    if (!strcmp(key, "nowait") && !val) {
        cfg->wait = false;
        return true;
    }
    error_setg(errp, "socket: unknown option '%s'", key);
    return false;
}

Chardev *chardev_socket_new_spec(const char *spec, Error **errp)
{
    GPtrArray *elems = options_split(spec);
    const char *addr = elems->pdata[0];
    SocketConfig cfg = { .wait = true };
    g_autofree char *host = NULL;
    Chardev *chr = NULL;

    if (!strncmp(addr, "unix:", 5)) {
        cfg.path = addr + 5;
    } else {
        const char *colon = strrchr(addr + 4, ':');
        if (!colon) {
            error_setg(errp, "'%s': expected tcp:HOST:PORT", addr);
            goto out;
        }
        host = g_strndup(addr + 4, (gsize)(colon - (addr + 4)));
        cfg.host = host;
        cfg.port = colon + 1;
    }
    for (guint i = 1; i < elems->len; i++) {
        char *e = elems->pdata[i];
        char *eq = strchr(e, '=');
        if (eq) {
            *eq = '\0';
        }
        if (!socket_key(&cfg, e, eq ? eq + 1 : NULL, errp)) {
            goto out;
        }
    }
    chr = socket_new(&cfg, errp);
out:
    if (!chr) {
        error_prepend(errp, "'%s': ", spec);
    }
    g_ptr_array_unref(elems);
    return chr;
}

Chardev *chardev_socket_new_opts(GHashTable *opts, Error **errp)
{
    SocketConfig cfg = { .wait = true };
    GHashTableIter it;
    gpointer k, v;

    g_hash_table_iter_init(&it, opts);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        if (!strcmp(k, "path")) {
            cfg.path = v;
        } else if (!strcmp(k, "host")) {
            cfg.host = v;
        } else if (!strcmp(k, "port")) {
            cfg.port = v;
        } else if (!socket_key(&cfg, k, v, errp)) {
            return NULL;
        }
    }
    if (cfg.path && (cfg.host || cfg.port)) {
        error_setg(errp, "socket: path= (unix) and host=/port= (tcp) exclude each other");
        return NULL;
    }
    return socket_new(&cfg, errp);
}
