/*
 * Random-number back ends, QEMU's -object rng-random / rng-builtin (the only
 * -object types ppc64-lite has): a device that hands the guest randomness
 * (pseries' spapr-rng, for H_RANDOM) names one with rng=ID.
 *   -object rng-builtin,id=ID                      the host's getrandom()
 *   -object rng-random,id=ID[,filename=/dev/urandom]   reads that file
 */
#ifndef CORE_RNG_BACKEND_H
#define CORE_RNG_BACKEND_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

typedef struct RngBackend RngBackend;

/* -object TYPE,id=ID[,...]: create it, or a one-line error (unknown type, bad property). */
bool rng_object_add(const char *arg, Error **errp);
/* "help" or "TYPE,help": the text -object prints for it; false + errp for an unknown type. */
bool rng_object_is_help(const char *arg);
bool rng_object_help(const char *arg, GString *out, Error **errp);
RngBackend *rng_backend_find(const char *id);
/* Fill buf with len random bytes; false if the source failed (a short read, an error). */
bool rng_backend_read(RngBackend *rng, void *buf, size_t len);
/* The host's getrandom() when no back end is named. */
bool rng_builtin_read(void *buf, size_t len);
/* At exit. */
void rng_backends_cleanup(void);

#endif
