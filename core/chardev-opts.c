/*
 * -chardev BACKEND,id=ID[,mux=on][,key=value...] (QEMU's -chardev, the subset
 * of back ends ppc64-lite has): socket (listening or connecting), stdio, null,
 * file (path=, append=), pipe (path=: PATH.in and PATH.out, or PATH itself
 * for both when those do not exist, as QEMU opens them). mux=on puts the
 * multiplexer (Ctrl-A c) in front, so that several front ends (a vty and a
 * monitor) can share it. The id makes the chardev findable for -serial
 * chardev:ID, -mon chardev=ID and -device spapr-vty,chardev=ID.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "core/chardev-internal.h"
#include "core/options.h"

/* "a,b=c,d": the first element is the back end; a bare key maps to NULL. */
static GHashTable *split_keyvals(GPtrArray *elems, Error **errp)
{
    GHashTable *opts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);

    for (guint i = 1; i < elems->len; i++) {
        const char *e = elems->pdata[i];
        const char *eq = strchr(e, '=');
        char *key = eq ? g_strndup(e, (gsize)(eq - e)) : g_strdup(e);

        if (!*key) {
            error_setg(errp, "empty parameter");
            g_free(key);
            g_hash_table_unref(opts);
            return NULL;
        }
        g_hash_table_insert(opts, key, eq ? g_strdup(eq + 1) : NULL);
    }
    return opts;
}

/* Only these keys, and each with a value. */
static bool check_keys(GHashTable *opts, const char *backend, const char *const *allowed,
                       Error **errp)
{
    GHashTableIter it;
    gpointer k, v;

    g_hash_table_iter_init(&it, opts);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        bool ok = false;
        for (const char *const *a = allowed; *a; a++) {
            ok |= !strcmp(*a, k);
        }
        if (!ok) {
            error_setg(errp, "%s: unknown parameter '%s'", backend, (char *)k);
            return false;
        }
        if (!v) {
            error_setg(errp, "%s: '%s' needs a value", backend, (char *)k);
            return false;
        }
    }
    return true;
}

static bool parse_on_off(const char *key, const char *val, bool *out, Error **errp)
{
    if (!strcmp(val, "on") || !strcmp(val, "yes") || !strcmp(val, "true")) {
        *out = true;
    } else if (!strcmp(val, "off") || !strcmp(val, "no") || !strcmp(val, "false")) {
        *out = false;
    } else {
        error_setg(errp, "%s must be on or off, not '%s'", key, val);
        return false;
    }
    return true;
}

static Chardev *file_new(GHashTable *opts, Error **errp)
{
    static const char *const file_keys[] = { "path", "append", NULL };
    const char *path = g_hash_table_lookup(opts, "path");
    const char *append = g_hash_table_lookup(opts, "append");
    bool app = false;
    Chardev *chr;
    int fd;

    if (!check_keys(opts, "file", file_keys, errp) ||
        (append && !parse_on_off("append", append, &app, errp))) {
        return NULL;
    }
    if (!path || !*path) {
        error_setg(errp, "file: path= is required");
        return NULL;
    }
    fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (app ? O_APPEND : O_TRUNC), 0666);
    if (fd < 0) {
        error_setg(errp, "cannot open '%s': %s", path, g_strerror(errno));
        return NULL;
    }
    chr = chardev_new_fd(-1, fd);
    chr->close_fds = true;
    return chr;
}

/*
 * QEMU's pipe back end: reads PATH.in and writes PATH.out, both opened
 * read-write so that opening a FIFO does not wait for the other end; if
 * either is missing, PATH alone serves both ways.
 */
Chardev *chardev_pipe_new(const char *path, Error **errp)
{
    int in_fd, out_fd;
    Chardev *chr;

    g_autofree char *in_path = g_strdup_printf("%s.in", path);
    g_autofree char *out_path = g_strdup_printf("%s.out", path);
    in_fd = open(in_path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
    out_fd = open(out_path, O_RDWR | O_CLOEXEC);
    if (in_fd < 0 || out_fd < 0) {
        if (in_fd >= 0) {
            close(in_fd);
        }
        if (out_fd >= 0) {
            close(out_fd);
        }
        in_fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
        if (in_fd < 0) {
            error_setg(errp, "pipe: cannot open '%s' (nor %s.in and %s.out): %s", path, path,
                       path, g_strerror(errno));
            return NULL;
        }
        out_fd = dup(in_fd);
    }
    chr = chardev_new_fd(in_fd, out_fd);
    chr->close_fds = true;
    return chr;
}

static Chardev *pipe_new(GHashTable *opts, Error **errp)
{
    static const char *const pipe_keys[] = { "path", NULL };
    const char *path = g_hash_table_lookup(opts, "path");

    if (!check_keys(opts, "pipe", pipe_keys, errp)) {
        return NULL;
    }
    if (!path || !*path) {
        error_setg(errp, "pipe: path= is required");
        return NULL;
    }
    return chardev_pipe_new(path, errp);
}

Chardev *chardev_new_opts(const char *arg, Error **errp)
{
    static const char *const no_keys[] = { NULL };
    GPtrArray *elems = options_split(arg);
    const char *backend = elems->pdata[0];
    GHashTable *opts = split_keyvals(elems, errp);
    g_autofree char *id = NULL;
    g_autofree char *mux_val = NULL;
    bool mux = false;
    Chardev *chr = NULL;

    if (!opts) {
        goto out;
    }
    id = g_strdup(g_hash_table_lookup(opts, "id"));
    g_hash_table_remove(opts, "id");
    if (!id || !*id) {
        error_setg(errp, "id= is required");
        goto out;
    }
    if (chardev_find(id)) {
        error_setg(errp, "duplicate id '%s'", id);
        goto out;
    }
    mux_val = g_strdup(g_hash_table_lookup(opts, "mux"));
    g_hash_table_remove(opts, "mux");
    if (mux_val && !parse_on_off("mux", mux_val, &mux, errp)) {
        goto out;
    }
    if (!strcmp(backend, "socket")) {
        chr = chardev_socket_new_opts(opts, errp);
    } else if (!strcmp(backend, "stdio") || !strcmp(backend, "null")) {
        if (check_keys(opts, backend, no_keys, errp)) {
            chr = chardev_new(backend, errp);
        }
    } else if (!strcmp(backend, "file")) {
        chr = file_new(opts, errp);
    } else if (!strcmp(backend, "pipe")) {
        chr = pipe_new(opts, errp);
    } else {
        error_setg(errp, "back end '%s' is not supported (socket, stdio, null, file, pipe)",
                   backend);
    }
    if (chr && mux) {
        chr = chardev_mux_new(chr);
    }
    if (chr) {
        chr->id = g_steal_pointer(&id);
    }
out:
    if (!chr) {
        error_prepend(errp, "-chardev %s: ", arg);
    }
    if (opts) {
        g_hash_table_unref(opts);
    }
    g_ptr_array_unref(elems);
    return chr;
}
