/*
 * Error propagation for set-up paths (command line, device creation, image
 * loading). Guest-reachable paths never use this to abort: they return the
 * architected error code to the guest instead.
 */
#ifndef CORE_ERROR_H
#define CORE_ERROR_H

#include <stdbool.h>

typedef struct Error Error;

/* Set *errp to a new error unless errp is NULL or already holds one. */
void error_setg(Error **errp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prefix an existing error's message with "prefix: ". */
void error_prepend(Error **errp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *error_get_pretty(const Error *err);
void error_free(Error *err);
/* Print "ppc64-lite: <msg>" on stderr and free the error. */
void error_report_err(Error *err);
/* Print "ppc64-lite: <msg>" on stderr as one line. */
void error_report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
