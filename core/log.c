/*
 * Category logging (-d / -D), as QEMU's qemu_log: see log.h. One table names
 * the categories for parsing and for `-d help`.
 */
#include "core/log.h"

#include <fcntl.h>
#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct LogCategory {
    const char *name;
    uint32_t mask;
    const char *help;
} LogCategory;

static const LogCategory log_categories[] = {
    { "in_asm",       LOG_IN_ASM,      "show guest assembly of each new translation block" },
    { "exec",         LOG_EXEC,        "show each translation block as it executes" },
    { "cpu",          LOG_CPU,         "show CPU registers before each block" },
    { "int",          LOG_INT,         "show interrupts and exceptions" },
    { "mmu",          LOG_MMU,         "show SLB, hash page table and TLB events" },
    { "hcall",        LOG_HCALL,       "show hypercalls with arguments and return codes" },
    { "rtas",         LOG_RTAS,        "show RTAS calls with arguments and returns" },
    { "unimp",        LOG_UNIMP,       "log features the guest used that are not implemented" },
    { "guest_errors", LOG_GUEST_ERROR, "log invalid operations by the guest" },
    { "dr",           LOG_DRC,         "show DR connector state changes and the call behind each" },
};

uint32_t log_mask_enabled;

static FILE *log_file;          /* NULL: stderr */
static GHashTable *unimp_seen;  /* keys already logged by log_unimp_once */

static FILE *log_out(void)
{
    return log_file ? log_file : stderr;
}

char *log_help_text(void)
{
    GString *s = g_string_new("Log items (comma separated):\n");

    for (size_t i = 0; i < G_N_ELEMENTS(log_categories); i++) {
        g_string_append_printf(s, "%-14s%s\n", log_categories[i].name, log_categories[i].help);
    }
    return g_string_free(s, FALSE);
}

void log_print_help(void)
{
    char *text = log_help_text();

    fputs(text, stdout);
    g_free(text);
}

bool log_parse_categories(const char *str, uint32_t *mask, char **err)
{
    gchar **names = g_strsplit(str, ",", -1);
    uint32_t m = 0;
    bool ok = true;

    *err = NULL;
    for (gchar **n = names; *n; n++) {
        size_t i;

        if (**n == '\0') {
            continue;   /* tolerate "int,,mmu" and a trailing comma */
        }
        if (strcmp(*n, "help") == 0 || strcmp(*n, "?") == 0) {
            log_print_help();
            ok = false;
            break;
        }
        for (i = 0; i < G_N_ELEMENTS(log_categories); i++) {
            if (strcmp(*n, log_categories[i].name) == 0) {
                m |= log_categories[i].mask;
                break;
            }
        }
        if (i == G_N_ELEMENTS(log_categories)) {
            *err = g_strdup_printf("unknown log category '%s' (use -d help for the list)", *n);
            ok = false;
            break;
        }
    }
    g_strfreev(names);
    if (ok) {
        *mask = m;
    }
    return ok;
}

void log_set_mask(uint32_t mask)
{
    __atomic_store_n(&log_mask_enabled, mask, __ATOMIC_RELAXED);
}

static void log_close_at_exit(void)
{
    log_flush();
}

/*
 * The file -D names, opened for writing from its start. When it is the file
 * already open as our stdout or stderr (-D /dev/stdout, /proc/self/fd/2, or
 * the console's own file), the log writes through a duplicate of that
 * descriptor: a second open of the same file, as QEMU's fopen(path, "w"),
 * would truncate it and write at an offset of its own, punching holes of
 * NULs into and overwriting the console output.
 */
static FILE *log_open(const char *path)
{
    struct stat st, std;
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    FILE *f;

    if (fd < 0) {
        return NULL;
    }
    if (fstat(fd, &st) == 0) {
        for (int std_fd = STDOUT_FILENO; std_fd <= STDERR_FILENO; std_fd++) {
            if (fstat(std_fd, &std) == 0 && std.st_dev == st.st_dev && std.st_ino == st.st_ino) {
                close(fd);
                fd = fcntl(std_fd, F_DUPFD_CLOEXEC, 0);
                return fd < 0 ? NULL : fdopen(fd, "w");
            }
        }
        if (S_ISREG(st.st_mode) && ftruncate(fd, 0) < 0) {
            close(fd);
            return NULL;
        }
    }
    f = fdopen(fd, "w");
    if (!f) {
        close(fd);
    }
    return f;
}

bool log_set_file(const char *path)
{
    static bool registered;
    FILE *f = log_open(path);

    if (!f) {
        return false;
    }
    if (log_file) {
        fclose(log_file);
    }
    log_file = f;
    if (!registered) {
        registered = true;
        atexit(log_close_at_exit);
    }
    return true;
}

void log_printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vfprintf(log_out(), fmt, ap);
    va_end(ap);
}

void log_flush(void)
{
    fflush(log_out());
}

void log_unimp_once(const char *key, const char *fmt, ...)
{
    va_list ap;

    if (!log_enabled(LOG_UNIMP)) {
        return;
    }
    if (!unimp_seen) {
        unimp_seen = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    }
    if (!g_hash_table_add(unimp_seen, g_strdup(key))) {
        return;
    }
    va_start(ap, fmt);
    vfprintf(log_out(), fmt, ap);
    va_end(ap);
}
