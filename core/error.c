/* Error objects for set-up paths; see error.h. */
#include "core/error.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>

struct Error {
    char *msg;
};

void error_setg(Error **errp, const char *fmt, ...)
{
    va_list ap;

    if (!errp || *errp) {
        return;
    }
    *errp = g_new0(Error, 1);
    va_start(ap, fmt);
    (*errp)->msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

void error_prepend(Error **errp, const char *fmt, ...)
{
    va_list ap;
    char *prefix, *old;

    if (!errp || !*errp) {
        return;
    }
    va_start(ap, fmt);
    prefix = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    old = (*errp)->msg;
    (*errp)->msg = g_strconcat(prefix, old, NULL);
    g_free(prefix);
    g_free(old);
}

const char *error_get_pretty(const Error *err)
{
    return err ? err->msg : "";
}

void error_free(Error *err)
{
    if (err) {
        g_free(err->msg);
        g_free(err);
    }
}

void error_report_err(Error *err)
{
    error_report("%s", error_get_pretty(err));
    error_free(err);
}

void error_report(const char *fmt, ...)
{
    va_list ap;

    fputs("ppc64-lite: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}
