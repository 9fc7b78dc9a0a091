/*
 * Logging by category, as QEMU's -d / -D: each category is a bit; output goes
 * to the -D file or stderr. Hot paths test log_enabled() before formatting.
 */
#ifndef CORE_LOG_H
#define CORE_LOG_H

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>

enum {
    LOG_IN_ASM      = 1u << 0,  /* disassembly of each new translation block */
    LOG_EXEC        = 1u << 1,  /* each block executed */
    LOG_CPU         = 1u << 2,  /* register state at block entry */
    LOG_INT         = 1u << 3,  /* every interrupt delivered */
    LOG_MMU         = 1u << 4,  /* HPT/SLB/TLB events */
    LOG_HCALL       = 1u << 5,  /* hypercalls with arguments and return */
    LOG_RTAS        = 1u << 6,  /* RTAS calls with arguments and returns */
    LOG_UNIMP       = 1u << 7,  /* guest used something not implemented */
    LOG_GUEST_ERROR = 1u << 8,  /* guest did something architecturally wrong */
    LOG_DRC         = 1u << 9,  /* -d dr: dynamic-reconfiguration connector state changes */
};

extern uint32_t log_mask_enabled;

/* The monitor's `log` changes the mask while vCPU threads test it: relaxed atomics (plain moves). */
static inline bool log_enabled(uint32_t mask)
{
    return (__atomic_load_n(&log_mask_enabled, __ATOMIC_RELAXED) & mask) != 0;
}

/*
 * Parse "int,mmu,..." into *mask. On an unknown name returns false with *err
 * set (g_free it). "help" prints the list to stdout and returns false with
 * *err NULL: the caller then exits successfully, as QEMU does for -d help.
 */
bool log_parse_categories(const char *str, uint32_t *mask, char **err);
/* Print the category list, one per line with a description. */
void log_print_help(void);
/* The same list as a newly allocated string (for the monitor). */
char *log_help_text(void);
void log_set_mask(uint32_t mask);
/* Redirect log output to a file (-D). Returns false if it cannot be opened. */
bool log_set_file(const char *path);
void log_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_flush(void);

#define log_mask(mask, ...)              \
    do {                                 \
        if (log_enabled(mask)) {         \
            log_printf(__VA_ARGS__);     \
        }                                \
    } while (0)

/*
 * Log under LOG_UNIMP once per distinct key, e.g. an unimplemented hypercall
 * number (a key is remembered only once it has been logged).
 */
void log_unimp_once(const char *key, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
