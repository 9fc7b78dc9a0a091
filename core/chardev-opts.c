/*
 * -chardev BACKEND,id=ID[,key=value...] (QEMU's -chardev, the subset of back
 * ends ppc64-lite has): socket (listening), stdio, null, file. The id makes
 * the chardev findable for -mon chardev=ID.
 */
#include <string.h>

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

Chardev *chardev_new_opts(const char *arg, Error **errp)
{
    static const char *const no_keys[] = { NULL };
    static const char *const file_keys[] = { "path", NULL };
    GPtrArray *elems = options_split(arg);
    const char *backend = elems->pdata[0];
    GHashTable *opts = split_keyvals(elems, errp);
    g_autofree char *id = NULL;
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
    if (!strcmp(backend, "socket")) {
        chr = chardev_socket_new_opts(opts, errp);
    } else if (!strcmp(backend, "stdio") || !strcmp(backend, "null")) {
        if (check_keys(opts, backend, no_keys, errp)) {
            chr = chardev_new(backend, errp);
        }
    } else if (!strcmp(backend, "file")) {
        const char *path = g_hash_table_lookup(opts, "path");
        if (check_keys(opts, backend, file_keys, errp)) {
            if (!path) {
                error_setg(errp, "file: path= is required");
            } else {
                g_autofree char *spec = g_strdup_printf("file:%s", path);
                chr = chardev_new(spec, errp);
            }
        }
    } else {
        error_setg(errp, "back end '%s' is not supported (socket, stdio, null, file)",
                   backend);
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
