/*
 * Finding firmware by name as QEMU's qemu_find_file does for -bios: a name
 * that opens as given is used as given; otherwise it is looked up in the -L
 * directories, in order, then in the directory the build installs its
 * firmware into (PPC64LITE_BIOS_DIR).
 */
#ifndef CORE_DATADIR_H
#define CORE_DATADIR_H

#include <glib.h>

/* The path to use for name, or NULL if it is nowhere; g_free it. dirs may be NULL. */
char *datadir_find(const char *name, const GPtrArray *dirs);
/* The same without trying name as given (a default image is never taken from the cwd). */
char *datadir_find_in_dirs(const char *name, const GPtrArray *dirs);

#endif
