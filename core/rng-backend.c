/*
 * -object rng-random / rng-builtin (see rng-backend.h). The property names,
 * defaults and error wording follow QEMU 7.2's backends/rng-random.c and
 * rng-builtin.c: rng-random reads /dev/urandom unless filename= says
 * otherwise, and opens it when the object is made, so a bad file fails at
 * start-up.
 */
#include "core/rng-backend.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "core/options.h"

struct RngBackend {
    char *id;
    int fd;         /* rng-random's file; -1 for rng-builtin */
};

static GPtrArray *backends;     /* of RngBackend* */

typedef struct RngType {
    const char *name;
    const char *const *props;   /* besides id; NULL-terminated */
} RngType;

static const char *const random_props[] = { "filename", NULL };
static const char *const no_props[] = { NULL };
static const RngType rng_types[] = {
    { "rng-builtin", no_props },
    { "rng-random", random_props },
};

static const RngType *type_find(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(rng_types); i++) {
        if (!strcmp(rng_types[i].name, name)) {
            return &rng_types[i];
        }
    }
    return NULL;
}

RngBackend *rng_backend_find(const char *id)
{
    for (guint i = 0; id && backends && i < backends->len; i++) {
        RngBackend *r = backends->pdata[i];
        if (!strcmp(r->id, id)) {
            return r;
        }
    }
    return NULL;
}

static bool is_help(const char *s)
{
    return !strcmp(s, "help") || !strcmp(s, "?");
}

bool rng_object_is_help(const char *arg)
{
    g_autoptr(GPtrArray) elems = options_split(arg);

    for (guint i = 0; i < elems->len; i++) {
        if (is_help(elems->pdata[i])) {
            return true;
        }
    }
    return false;
}

bool rng_object_help(const char *arg, GString *out, Error **errp)
{
    g_autoptr(GPtrArray) elems = options_split(arg);
    const char *name = elems->pdata[0];
    const RngType *t;

    if (is_help(name)) {
        g_string_append(out, "List of user creatable objects:\n");
        for (size_t i = 0; i < G_N_ELEMENTS(rng_types); i++) {
            g_string_append_printf(out, "  %s\n", rng_types[i].name);
        }
        return true;
    }
    t = type_find(name);
    if (!t) {
        error_setg(errp, "invalid object type: %s", name);
        return false;
    }
    if (!t->props[0]) {
        g_string_append_printf(out, "There are no options for %s.\n", t->name);
    } else {
        g_string_append_printf(out, "%s options:\n", t->name);
        for (const char *const *p = t->props; *p; p++) {
            g_string_append_printf(out, "  %s=<string>\n", *p);
        }
    }
    return true;
}

bool rng_object_add(const char *arg, Error **errp)
{
    g_autoptr(GPtrArray) elems = options_split(arg);
    const char *type_name = elems->pdata[0], *id = NULL, *filename = "/dev/urandom";
    const RngType *t = type_find(type_name);
    RngBackend *r;
    int fd = -1;

    if (!t) {
        error_setg(errp, "Parameter 'qom-type' does not accept value '%s' (rng-builtin, "
                   "rng-random)", type_name);
        return false;
    }
    for (guint i = 1; i < elems->len; i++) {
        char *e = elems->pdata[i];
        char *eq = strchr(e, '=');

        if (!eq) {
            error_setg(errp, "Invalid parameter '%s'", e);
            return false;
        }
        *eq = '\0';
        if (!strcmp(e, "id")) {
            id = eq + 1;
        } else if (g_strv_contains((const char *const *)t->props, e)) {
            filename = eq + 1;      /* rng-random's only property */
        } else {
            error_setg(errp, "Property '%s.%s' not found", t->name, e);
            return false;
        }
    }
    if (!id) {
        error_setg(errp, "Parameter 'id' is missing");
        return false;
    }
    if (!*id) {
        error_setg(errp, "Parameter 'id' is empty");
        return false;
    }
    if (rng_backend_find(id)) {
        error_setg(errp, "Duplicate ID '%s' for object", id);
        return false;
    }
    if (!strcmp(t->name, "rng-random")) {
        fd = open(filename, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            error_setg(errp, "Could not open '%s': %s", filename, g_strerror(errno));
            return false;
        }
    }
    r = g_new0(RngBackend, 1);
    r->id = g_strdup(id);
    r->fd = fd;
    if (!backends) {
        backends = g_ptr_array_new();
    }
    g_ptr_array_add(backends, r);
    return true;
}

bool rng_builtin_read(void *buf, size_t len)
{
    /* A few bytes never block or come back short once the pool is initialised. */
    return getrandom(buf, len, 0) == (ssize_t)len;
}

bool rng_backend_read(RngBackend *rng, void *buf, size_t len)
{
    uint8_t *p = buf;

    if (!rng || rng->fd < 0) {
        return rng_builtin_read(buf, len);
    }
    while (len > 0) {
        ssize_t n = read(rng->fd, p, len);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;   /* an error, or the end of a regular file */
        }
        p += n;
        len -= (size_t)n;
    }
    return true;
}

void rng_backends_cleanup(void)
{
    for (guint i = 0; backends && i < backends->len; i++) {
        RngBackend *r = backends->pdata[i];
        if (r->fd >= 0) {
            close(r->fd);
        }
        g_free(r->id);
        g_free(r);
    }
    g_clear_pointer(&backends, g_ptr_array_unref);
}
