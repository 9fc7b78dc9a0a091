/*
 * -pidfile FILE, as QEMU does it (os-posix.c, qemu_create_pidfile): the file
 * is created (mode 0600) and write-locked, so a second emulator given the same
 * file fails to start; it holds the process id and a newline, and is removed
 * when the process ends.
 */
#ifndef CORE_PIDFILE_H
#define CORE_PIDFILE_H

#include <stdbool.h>

#include "core/error.h"

bool pidfile_create(const char *path, Error **errp);
/* Remove the file written by pidfile_create (no-op without one). */
void pidfile_remove(void);

#endif
