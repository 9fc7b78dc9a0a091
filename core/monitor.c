/*
 * The human monitor (see monitor.h). Command names, arguments and the x/xp
 * format letters follow QEMU's HMP (hmp-commands.hx, "x/fmt addr" in the
 * QEMU monitor documentation). Commands live in tables: the built-in ones
 * below, and those other subsystems register.
 *
 * On a terminal the monitor prompts and does its own echo and backspace (the
 * terminal is raw); from a pipe it only answers, so scripts read replies.
 *
 * Asynchronous commands (the wait-* commands of monitor-wait.c) suspend the
 * monitor: input stays held, unread, until the command has replied, so
 * replies keep the order of the commands while the guest runs on. A script
 * monitor (-monitor-script) echoes each command after the prompt and ends
 * the run with status 1 at its first "Error:".
 */
#include "core/cpu-threads.h"
#include "core/monitor.h"
#include "core/monitor-wait.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/cpu.h"
#include "core/device.h"
#include "core/events.h"
#include "core/log.h"
#include "core/machine.h"
#include "core/main-loop.h"
#include "core/memory.h"
#include "core/net.h"

#define PROMPT "(ppc64-lite) "
#define MAX_LINE 4096
#define ESC 0x1b

struct Monitor {
    Chardev *chr;
    bool interactive;
    GString *line;
    bool line_too_long;
    bool after_cr;          /* a '\n' right after '\r' ends nothing */
    int esc_state;          /* 0, or inside a terminal escape sequence (arrow keys) */
    int cpu;                /* `cpu N` */
    char last_format;       /* x/xp remember the last format and size, as QEMU */
    int last_size;
    GString *capture;       /* QMP's human-monitor-command: output goes here, not to chr */
    GByteArray *held;       /* input received but not yet taken (while suspended) */
    bool suspended;         /* an asynchronous command has not replied yet */
    bool script;            /* -monitor-script */
    bool failed;            /* a script's command failed: read nothing more */
    bool quit;              /* ran `quit` */
    bool input_closed;      /* the input reached its end (a script file's EOF) */
};

static Monitor *the_monitor;
static GPtrArray *command_tables;   /* of const MonitorCommand * */
static GPtrArray *info_tables;      /* of const MonitorInfoCommand * */
static const MachineClass *machine_class;
static Machine *machine;

/* ---- output ---- */

void monitor_printf(Monitor *mon, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (mon->capture) {
        g_string_append(mon->capture, s);
    } else {
        chardev_write(mon->chr, (const uint8_t *)s, strlen(s));
    }
    g_free(s);
}

void monitor_error(Monitor *mon, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    monitor_printf(mon, "Error: %s\n", s);
    g_free(s);
    if (mon->script && !mon->failed) {
        /* The script stops here, and the run ends with status 1. */
        mon->failed = true;
        machine_request_shutdown(SHUTDOWN_ERROR);
    }
}

/* Text from a subsystem, completed to whole lines. */
static void monitor_print_text(Monitor *mon, const GString *out)
{
    if (out->len) {
        monitor_printf(mon, "%s%s", out->str, out->str[out->len - 1] == '\n' ? "" : "\n");
    }
}

int monitor_current_cpu(Monitor *mon)
{
    return mon->cpu < cpu_count() ? mon->cpu : 0;
}

static CPUState *monitor_cpu(Monitor *mon)
{
    CPUState *cs = cpu_count() > 0 ? cpu_by_index(monitor_current_cpu(mon)) : NULL;

    if (!cs) {
        monitor_error(mon, "no CPU");
    }
    return cs;
}

/* ---- argument parsing ---- */

/* An address or count: a C number (0x hex, 0 octal, decimal) or $pc. */
static bool parse_number(Monitor *mon, const char *s, uint64_t *out)
{
    char *end;

    if (!strcmp(s, "$pc") || !strcmp(s, "$nip")) {
        CPUState *cs = monitor_cpu(mon);
        if (!cs) {
            return false;
        }
        *out = cs->ops->get_pc(cs);
        return true;
    }
    if (*s == '-' || *s == '+' || *s == '\0') {
        monitor_error(mon, "invalid number '%s'", s);
        return false;
    }
    errno = 0;
    *out = strtoull(s, &end, 0);
    if (errno || *end) {
        monitor_error(mon, "invalid number '%s'", s);
        return false;
    }
    return true;
}

/* ---- x / xp ---- */

typedef struct MemFormat {
    int count;
    char format;    /* x d u o c i */
    int size;       /* 1 2 4 8 */
} MemFormat;

/* "/[count][format][size]" with the letters in either order. */
static bool parse_format(Monitor *mon, const char *s, MemFormat *f)
{
    f->count = 1;
    f->format = mon->last_format;
    f->size = mon->last_size;
    s++;
    if (g_ascii_isdigit(*s)) {
        char *end;
        unsigned long n = strtoul(s, &end, 10);
        if (n == 0 || n > 65536) {
            monitor_error(mon, "invalid count in format");
            return false;
        }
        f->count = (int)n;
        s = end;
    }
    for (; *s; s++) {
        if (strchr("xduoci", *s)) {
            f->format = *s;
        } else if (strchr("bhwg", *s)) {
            f->size = *s == 'b' ? 1 : *s == 'h' ? 2 : *s == 'w' ? 4 : 8;
        } else {
            monitor_error(mon, "invalid char in format: '%c'", *s);
            return false;
        }
    }
    if (f->format == 'c') {
        f->size = 1;
    }
    mon->last_format = f->format;
    mon->last_size = f->size;
    return true;
}

static bool read_guest(CPUState *cs, bool physical, uint64_t addr, void *buf, uint64_t len)
{
    if (physical) {
        return address_space_read(cs->as, addr, buf, len) == MEMTX_OK;
    }
    return cs->ops->memory_rw_debug && cs->ops->memory_rw_debug(cs, addr, buf, len, false);
}

static uint64_t load_value(const uint8_t *p, int size, bool big_endian)
{
    uint64_t v = 0;

    for (int i = 0; i < size; i++) {
        v |= (uint64_t)p[big_endian ? i : size - 1 - i] << (8 * (size - 1 - i));
    }
    return v;
}

static void print_char(Monitor *mon, uint8_t c)
{
    static const char escapes[][3] = { ['\n'] = "\\n", ['\r'] = "\\r", ['\t'] = "\\t",
                                       ['\\'] = "\\\\", ['\''] = "\\'" };

    if (c < sizeof(escapes) / sizeof(escapes[0]) && escapes[c][0]) {
        monitor_printf(mon, " '%s'", escapes[c]);
    } else if (c >= 32 && c < 127) {
        monitor_printf(mon, " '%c'", c);
    } else {
        monitor_printf(mon, " '\\x%02x'", c);
    }
}

static void memory_dump(Monitor *mon, CPUState *cs, bool physical, const MemFormat *f,
                        uint64_t addr)
{
    uint64_t len = (uint64_t)f->count * f->size;
    int line_size = f->size == 1 ? 8 : 16;
    /* Enough digits for the widest value of this size. */
    int digits = f->format == 'o' ? (f->size * 8 + 2) / 3
               : f->format == 'x' ? f->size * 2
               : (f->size * 8 * 10 + 32) / 33;
    bool be = cs->ops->is_big_endian && cs->ops->is_big_endian(cs);

    while (len > 0) {
        uint8_t buf[16];
        int l = len < (uint64_t)line_size ? (int)len : line_size;

        if (!read_guest(cs, physical, addr, buf, (uint64_t)l)) {
            monitor_error(mon, "cannot access memory at 0x%" PRIx64, addr);
            return;
        }
        monitor_printf(mon, "%016" PRIx64 ":", addr);
        for (int i = 0; i < l; i += f->size) {
            uint64_t v = load_value(buf + i, f->size, be);
            int shift = 64 - 8 * f->size;
            switch (f->format) {
            case 'o':
                monitor_printf(mon, " %#*" PRIo64, digits, v);
                break;
            case 'u':
                monitor_printf(mon, " %*" PRIu64, digits, v);
                break;
            case 'd':
                monitor_printf(mon, " %*" PRId64, digits, (int64_t)(v << shift) >> shift);
                break;
            case 'c':
                print_char(mon, (uint8_t)v);
                break;
            default:
                monitor_printf(mon, " 0x%0*" PRIx64, digits, v);
                break;
            }
        }
        monitor_printf(mon, "\n");
        addr += (uint64_t)l;
        len -= (uint64_t)l;
    }
}

static void do_memory_dump(Monitor *mon, int argc, char **argv, bool physical)
{
    MemFormat f;
    uint64_t addr;
    CPUState *cs;
    int a = 1;

    if (argc > 1 && argv[1][0] == '/') {
        if (!parse_format(mon, argv[1], &f)) {
            return;
        }
        a = 2;
    } else {
        f = (MemFormat){ 1, mon->last_format, mon->last_size };
    }
    if (argc != a + 1) {
        monitor_error(mon, "usage: %s /fmt addr", argv[0]);
        return;
    }
    if (!parse_number(mon, argv[a], &addr) || !(cs = monitor_cpu(mon))) {
        return;
    }
    if (f.format == 'i') {
        uint64_t (*disas)(CPUState *, uint64_t, int, GString *) =
            physical ? cs->ops->disas_phys : cs->ops->disas;
        if (!disas) {
            monitor_error(mon, "%s: cannot disassemble here", argv[0]);
            return;
        }
        GString *out = g_string_new(NULL);
        disas(cs, addr, f.count, out);
        monitor_print_text(mon, out);
        g_string_free(out, TRUE);
        return;
    }
    memory_dump(mon, cs, physical, &f, addr);
}

static void cmd_x(Monitor *mon, int argc, char **argv, const char *rest)
{
    do_memory_dump(mon, argc, argv, false);
}

static void cmd_xp(Monitor *mon, int argc, char **argv, const char *rest)
{
    do_memory_dump(mon, argc, argv, true);
}

/*
 * A failed memsave removes its partial file, but never what is not a regular
 * file: `memsave BADADDR 1 /dev/null` run as root unlinked /dev/null.
 */
static void unlink_if_regular(const char *path)
{
    struct stat st;

    if (lstat(path, &st) == 0 && S_ISREG(st.st_mode)) {
        unlink(path);
    }
}

static void do_memsave(Monitor *mon, int argc, char **argv, bool physical)
{
    uint64_t addr, size;
    CPUState *cs;
    FILE *f;

    if (argc != 4) {
        monitor_error(mon, "usage: %s addr size file", argv[0]);
        return;
    }
    if (!parse_number(mon, argv[1], &addr) || !parse_number(mon, argv[2], &size) ||
        !(cs = monitor_cpu(mon))) {
        return;
    }
    f = fopen(argv[3], "wb");
    if (!f) {
        monitor_error(mon, "cannot open '%s': %s", argv[3], g_strerror(errno));
        return;
    }
    for (uint64_t done = 0; done < size;) {
        uint8_t buf[4096];
        uint64_t l = MIN(size - done, sizeof(buf));
        if (!read_guest(cs, physical, addr + done, buf, l)) {
            monitor_error(mon, "cannot access memory at 0x%" PRIx64, addr + done);
            fclose(f);
            unlink_if_regular(argv[3]);
            return;
        }
        if (fwrite(buf, 1, l, f) != l) {
            monitor_error(mon, "writing '%s': %s", argv[3], g_strerror(errno));
            fclose(f);
            return;
        }
        done += l;
    }
    if (fclose(f) != 0) {
        monitor_error(mon, "writing '%s': %s", argv[3], g_strerror(errno));
    }
}

static void cmd_memsave(Monitor *mon, int argc, char **argv, const char *rest)
{
    do_memsave(mon, argc, argv, false);
}

static void cmd_pmemsave(Monitor *mon, int argc, char **argv, const char *rest)
{
    do_memsave(mon, argc, argv, true);
}

/* ---- run control ---- */

static void cmd_stop(Monitor *mon, int argc, char **argv, const char *rest)
{
    vm_stop();
}

static void cmd_cont(Monitor *mon, int argc, char **argv, const char *rest)
{
    if (vm_is_shut_down()) {
        monitor_error(mon, "Resetting the Virtual Machine is required");
        return;
    }
    vm_start();
}

static void cmd_system_reset(Monitor *mon, int argc, char **argv, const char *rest)
{
    machine_request_shutdown_host(SHUTDOWN_RESET);
}

bool monitor_system_powerdown(Error **errp)
{
    if (!machine_class || !machine_class->powerdown) {
        error_setg(errp, "this machine has no power-down request");
        return false;
    }
    if (!machine_class->powerdown(machine, errp)) {
        return false;
    }
    event_emit("POWERDOWN", NULL);
    return true;
}

static void cmd_system_powerdown(Monitor *mon, int argc, char **argv, const char *rest)
{
    Error *err = NULL;

    if (!monitor_system_powerdown(&err)) {
        monitor_error(mon, "%s", error_get_pretty(err));
        error_free(err);
    }
}

static void cmd_quit(Monitor *mon, int argc, char **argv, const char *rest)
{
    mon->quit = true;
    machine_request_shutdown_host(SHUTDOWN_QUIT);
}

static void cmd_cpu(Monitor *mon, int argc, char **argv, const char *rest)
{
    uint64_t n;

    if (argc != 2) {
        monitor_error(mon, "usage: cpu index");
        return;
    }
    if (!parse_number(mon, argv[1], &n)) {
        return;
    }
    if (n >= (uint64_t)cpu_count()) {
        monitor_error(mon, "invalid CPU index %" PRIu64 " (there are %d)", n, cpu_count());
        return;
    }
    mon->cpu = (int)n;
}

/* ---- devices, logging ---- */

static void cmd_device_add(Monitor *mon, int argc, char **argv, const char *rest)
{
    Error *err = NULL;
    GString *out;

    if (!*rest) {
        monitor_error(mon, "usage: device_add driver[,prop=value][,...]");
        return;
    }
    out = g_string_new(NULL);
    if (!strcmp(rest, "help") || !strcmp(rest, "?")) {
        device_class_list(out);
    } else if (g_str_has_suffix(rest, ",help") || g_str_has_suffix(rest, ",?")) {
        g_autofree char *driver = g_strndup(rest, strcspn(rest, ","));
        device_class_print_props(driver, out, &err);
    } else {
        device_create_from_string(rest, true, &err);
    }
    if (err) {
        monitor_error(mon, "%s", error_get_pretty(err));
        error_free(err);
    } else {
        monitor_print_text(mon, out);
    }
    g_string_free(out, TRUE);
}

static void cmd_device_del(Monitor *mon, int argc, char **argv, const char *rest)
{
    Error *err = NULL;
    Device *dev;

    if (argc != 2) {
        monitor_error(mon, "usage: device_del id");
        return;
    }
    dev = device_find_by_id(argv[1]);
    if (!dev) {
        monitor_error(mon, "device '%s' not found", argv[1]);
        return;
    }
    if (!device_unplug_request(dev, &err)) {
        monitor_error(mon, "%s", error_get_pretty(err));
        error_free(err);
    }
}

static void cmd_log(Monitor *mon, int argc, char **argv, const char *rest)
{
    uint32_t mask = 0;
    char *err = NULL;

    if (argc != 2) {
        monitor_error(mon, "usage: log item1[,...] (or none)");
        return;
    }
    if (strcmp(argv[1], "none") != 0 && !log_parse_categories(argv[1], &mask, &err)) {
        monitor_error(mon, "%s", err ? err : "invalid log items");
        g_free(err);
        return;
    }
    log_set_mask(mask);
}

/* ---- info ---- */

static void info_registers(Monitor *mon, int argc, char **argv)
{
    bool all = argc > 1 && !strcmp(argv[1], "-a");
    GString *out = g_string_new(NULL);

    for (int i = 0; i < cpu_count(); i++) {
        if (!all && i != monitor_current_cpu(mon)) {
            continue;
        }
        CPUState *cs = cpu_by_index(i);
        if (all) {
            g_string_append_printf(out, "CPU#%d\n", i);
        }
        cs->ops->dump_state(cs, out);
    }
    if (cpu_count() == 0) {
        monitor_error(mon, "no CPU");
    }
    monitor_print_text(mon, out);
    g_string_free(out, TRUE);
}

static void info_cpus(Monitor *mon, int argc, char **argv)
{
    for (int i = 0; i < cpu_count(); i++) {
        CPUState *cs = cpu_by_index(i);
        monitor_printf(mon, "%c CPU #%d: pc=0x%016" PRIx64 "%s%s\n",
                       i == monitor_current_cpu(mon) ? '*' : ' ', i, cs->ops->get_pc(cs),
                       cpu_halted(cs) ? " (halted)" : "", cs->stopped ? " (stopped)" : "");
    }
}

static void info_mtree(Monitor *mon, int argc, char **argv)
{
    CPUState *cs = monitor_cpu(mon);
    GString *out;

    if (!cs) {
        return;
    }
    out = g_string_new(NULL);
    memory_print_mtree(cs->as, out);
    monitor_print_text(mon, out);
    g_string_free(out, TRUE);
}

static void info_qtree(Monitor *mon, int argc, char **argv)
{
    GString *out = g_string_new(NULL);

    device_print_qtree(out);
    monitor_print_text(mon, out);
    g_string_free(out, TRUE);
}

static void info_network(Monitor *mon, int argc, char **argv)
{
    GString *out = g_string_new(NULL);

    net_info(out);
    monitor_print_text(mon, out);
    g_string_free(out, TRUE);
}

static void info_status(Monitor *mon, int argc, char **argv)
{
    monitor_printf(mon, "VM status: %s\n", vm_running() ? "running"
                                         : vm_is_shut_down() ? "paused (shutdown)" : "paused");
}

/* -name: nothing without one, as QEMU. */
static void info_name(Monitor *mon, int argc, char **argv)
{
    if (machine_vm_name()) {
        monitor_printf(mon, "%s\n", machine_vm_name());
    }
}

static void info_uuid(Monitor *mon, int argc, char **argv)
{
    monitor_printf(mon, "%s\n", machine_uuid());
}

static void info_version(Monitor *mon, int argc, char **argv)
{
    monitor_printf(mon, "ppc64-lite %s\n", PPC64LITE_VERSION);
}

static const MonitorInfoCommand builtin_info[] = {
    { "cpus", "show the CPUs", info_cpus },
    { "mtree", "show the memory region tree", info_mtree },
    { "name", "show the guest's name (-name)", info_name },
    { "network", "show the NICs and their network back ends", info_network },
    { "qtree", "show the device tree (buses and devices)", info_qtree },
    { "registers", "show the current CPU's registers (-a: all CPUs)", info_registers },
    { "status", "show whether the VM runs", info_status },
    { "uuid", "show the machine's UUID (-uuid)", info_uuid },
    { "version", "show the emulator version", info_version },
    { NULL, NULL, NULL },
};

static void cmd_info(Monitor *mon, int argc, char **argv, const char *rest)
{
    if (argc < 2) {
        for (guint t = 0; t < info_tables->len; t++) {
            for (const MonitorInfoCommand *c = info_tables->pdata[t]; c->name; c++) {
                monitor_printf(mon, "info %-12s -- %s\n", c->name, c->help);
            }
        }
        for (const char *const *t = machine_class ? machine_class->info_topics : NULL; t && *t;
             t += 2) {
            monitor_printf(mon, "info %-12s -- %s\n", t[0], t[1]);
        }
        return;
    }
    for (guint t = 0; t < info_tables->len; t++) {
        for (const MonitorInfoCommand *c = info_tables->pdata[t]; c->name; c++) {
            if (!strcmp(c->name, argv[1])) {
                c->fn(mon, argc - 1, argv + 1);
                return;
            }
        }
    }
    if (machine_class && machine_class->info) {
        GString *out = g_string_new(NULL);
        bool known = machine_class->info(machine, argv[1], out);
        if (known) {
            monitor_print_text(mon, out);
        }
        g_string_free(out, TRUE);
        if (known) {
            return;
        }
    }
    monitor_error(mon, "unknown info command: '%s'", argv[1]);
}

/* ---- the command table ---- */

static void cmd_help(Monitor *mon, int argc, char **argv, const char *rest);

static const MonitorCommand builtin_commands[] = {
    { "help|?", "[cmd]", "show the commands, or one command's usage", cmd_help },
    { "info", "[subcommand]", "show machine state (info alone lists the subcommands)", cmd_info,
      true },
    { "x", "/fmt addr", "dump virtual memory (fmt: count, x d u o c i, size b h w g)", cmd_x,
      true },
    { "xp", "/fmt addr", "dump physical memory", cmd_xp },
    { "memsave", "addr size file", "save virtual memory to a file", cmd_memsave, true },
    { "pmemsave", "addr size file", "save physical memory to a file", cmd_pmemsave },
    { "stop", "", "stop the VM", cmd_stop },
    { "cont|c", "", "resume the VM", cmd_cont },
    { "system_reset", "", "reset the machine", cmd_system_reset },
    { "system_powerdown", "", "ask the guest to power down (pseries: an EPOW event)",
      cmd_system_powerdown },
    { "quit|q", "", "quit the emulator", cmd_quit },
    { "cpu", "index", "select the CPU for info registers, x and friends", cmd_cpu },
    { "device_add", "driver[,prop=value][,...]", "add a device (device_add help lists them)",
      cmd_device_add },
    { "device_del", "id", "ask the guest to release a device, then remove it", cmd_device_del },
    { "log", "item1[,...]", "set the log items (as -d), or none", cmd_log },
    { NULL, NULL, NULL, NULL },
};

/* "cont|c" matches "cont" and "c". */
static bool name_matches(const char *names, const char *name)
{
    size_t n = strlen(name);

    for (const char *p = names; p; p = strchr(p, '|') ? strchr(p, '|') + 1 : NULL) {
        if (!strncmp(p, name, n) && (p[n] == '\0' || p[n] == '|')) {
            return true;
        }
    }
    return false;
}

static const MonitorCommand *find_command(const char *name)
{
    for (guint t = 0; t < command_tables->len; t++) {
        for (const MonitorCommand *c = command_tables->pdata[t]; c->name; c++) {
            if (name_matches(c->name, name)) {
                return c;
            }
        }
    }
    return NULL;
}

static void print_usage(Monitor *mon, const MonitorCommand *c)
{
    g_autofree char *lhs = g_strdup_printf("%s %s", c->name, c->args ? c->args : "");
    monitor_printf(mon, "%-36s -- %s\n", g_strstrip(lhs), c->help);
}

static void cmd_help(Monitor *mon, int argc, char **argv, const char *rest)
{
    if (argc > 1) {
        const MonitorCommand *c = find_command(argv[1]);
        if (!c) {
            monitor_error(mon, "unknown command: '%s'", argv[1]);
        } else {
            print_usage(mon, c);
        }
        return;
    }
    for (guint t = 0; t < command_tables->len; t++) {
        for (const MonitorCommand *c = command_tables->pdata[t]; c->name; c++) {
            print_usage(mon, c);
        }
    }
}

static void ensure_tables(void)
{
    if (!command_tables) {
        command_tables = g_ptr_array_new();
        info_tables = g_ptr_array_new();
        g_ptr_array_add(command_tables, (gpointer)builtin_commands);
        g_ptr_array_add(command_tables, (gpointer)monitor_wait_commands);
        g_ptr_array_add(info_tables, (gpointer)builtin_info);
    }
}

void monitor_register_commands(const MonitorCommand *cmds)
{
    ensure_tables();
    g_ptr_array_add(command_tables, (gpointer)cmds);
}

void monitor_register_info(const MonitorInfoCommand *cmds)
{
    ensure_tables();
    g_ptr_array_add(info_tables, (gpointer)cmds);
}

void monitor_set_machine(const MachineClass *mc, Machine *m)
{
    machine_class = mc;
    machine = m;
}

Machine *monitor_machine(void)
{
    return machine;
}

/* ---- lines ---- */

void monitor_handle_line(Monitor *mon, const char *line)
{
    const char *p = line, *rest;
    g_autofree char *name = NULL;
    g_auto(GStrv) words = NULL;
    GPtrArray *argv;
    const MonitorCommand *c;

    ensure_tables();
    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (!*p) {
        return;
    }
    /* The name ends at a space or at the '/' of "x/4x addr". */
    size_t n = strcspn(p, " \t/");
    name = g_strndup(p, n);
    rest = p + n;
    while (g_ascii_isspace(*rest)) {
        rest++;
    }
    c = find_command(name);
    if (!c) {
        monitor_error(mon, "unknown command: '%s'", name);
        return;
    }
    g_autofree char *rest_trimmed = g_strchomp(g_strdup(rest));
    words = g_strsplit_set(rest_trimmed, " \t", -1);
    argv = g_ptr_array_new();
    g_ptr_array_add(argv, name);
    for (char **w = words; *w; w++) {
        if (**w) {
            g_ptr_array_add(argv, *w);
        }
    }
    g_ptr_array_add(argv, NULL);
    if (c->reads_vcpus) {
        cpu_pause_all();
    }
    c->fn(mon, (int)argv->len - 1, (char **)argv->pdata, rest_trimmed);
    if (c->reads_vcpus) {
        cpu_resume_all();
    }
    g_ptr_array_free(argv, TRUE);
}

static void monitor_prompt(Monitor *mon)
{
    if (mon->interactive) {
        monitor_printf(mon, PROMPT);
    }
}

static void monitor_end_line(Monitor *mon)
{
    if (mon->interactive) {
        monitor_printf(mon, "\n");
    }
    /* A script's transcript shows each command as if it had been typed. */
    if (mon->script && mon->line->len) {
        monitor_printf(mon, PROMPT "%s\n", mon->line->str);
    }
    if (mon->line_too_long) {
        monitor_error(mon, "line too long (at most %d characters)", MAX_LINE);
    } else {
        monitor_handle_line(mon, mon->line->str);
    }
    g_string_truncate(mon->line, 0);
    mon->line_too_long = false;
    /* An asynchronous command prompts when it has replied (monitor_resume). */
    if (!mon->suspended && machine_shutdown_requested() != SHUTDOWN_QUIT) {
        monitor_prompt(mon);
    }
}

/* One input byte: line editing on a terminal, plain lines from a pipe. */
static void monitor_input_byte(Monitor *mon, uint8_t c)
{
    bool after_cr = mon->after_cr;

    mon->after_cr = c == '\r';
    if (mon->esc_state) {
        /* Skip "ESC [ ... final" and "ESC O x": arrow and function keys. */
        if (mon->esc_state == 1) {
            mon->esc_state = (c == '[' || c == 'O') ? 2 : 0;
        } else if (c >= 0x40 && c <= 0x7e) {
            mon->esc_state = 0;
        }
        return;
    }
    if (c == '\n' && after_cr) {
        return;
    }
    if (c == '\n' || c == '\r') {
        monitor_end_line(mon);
    } else if (c == ESC) {
        mon->esc_state = 1;
    } else if (c == 0x7f || c == '\b') {
        if (mon->line->len > 0) {
            g_string_truncate(mon->line, mon->line->len - 1);
            if (mon->interactive) {
                monitor_printf(mon, "\b \b");
            }
        }
    } else if (c >= 32 || c == '\t') {
        if (mon->line->len >= MAX_LINE) {
            mon->line_too_long = true;
            return;
        }
        g_string_append_c(mon->line, (char)c);
        if (mon->interactive) {
            chardev_write(mon->chr, &c, 1);
        }
    }
}

/* Take held input byte by byte until it runs out or a command suspends the monitor. */
static void monitor_drain(Monitor *mon)
{
    guint i = 0;

    while (i < mon->held->len && !mon->suspended && !mon->failed) {
        monitor_input_byte(mon, mon->held->data[i++]);
    }
    g_byte_array_remove_range(mon->held, 0, i);
}

static size_t monitor_can_receive(void *opaque)
{
    Monitor *mon = opaque;

    /* While suspended, input waits in the chardev (and the kernel), not here. */
    return mon->suspended || mon->failed ? 0 : MAX_LINE;
}

static void monitor_receive(void *opaque, const uint8_t *buf, size_t len)
{
    Monitor *mon = opaque;

    g_byte_array_append(mon->held, buf, (guint)len);
    monitor_drain(mon);
}

static void monitor_chardev_event(void *opaque, ChardevEvent ev)
{
    Monitor *mon = opaque;

    if (ev == CHARDEV_CLOSED) {
        mon->input_closed = true;
    }
}

bool monitor_suspend(Monitor *mon)
{
    if (mon->capture) {
        monitor_error(mon, "this command waits, which it cannot do here "
                           "(in QMP's human-monitor-command)");
        return false;
    }
    mon->suspended = true;
    return true;
}

void monitor_resume(Monitor *mon)
{
    if (!mon->suspended) {
        return;
    }
    mon->suspended = false;
    if (machine_shutdown_requested() != SHUTDOWN_QUIT) {
        monitor_prompt(mon);
    }
    monitor_drain(mon);
}

bool monitor_is_suspended(Monitor *mon)
{
    return mon->suspended;
}

static void monitor_focus(void *opaque, bool in)
{
    Monitor *mon = opaque;

    if (in) {
        monitor_printf(mon, "\n");
        monitor_prompt(mon);
    }
}

Monitor *monitor_new(Chardev *chr)
{
    Monitor *mon = g_new0(Monitor, 1);
    ChardevFrontend fe = {
        .can_receive = monitor_can_receive,
        .receive = monitor_receive,
        .opaque = mon,
        .focus = monitor_focus,
        .event = monitor_chardev_event,
    };
    Chardev *port;

    ensure_tables();
    mon->line = g_string_new(NULL);
    mon->held = g_byte_array_new();
    mon->last_format = 'x';
    mon->last_size = 4;
    mon->interactive = chardev_is_interactive(chr);
    /* On a mux the monitor waits for the focus (Ctrl-A c) before it prompts. */
    port = chr ? chardev_mux_add_frontend(chr, &fe) : NULL;
    if (port) {
        mon->chr = port;
    } else {
        mon->chr = chr;
        chardev_attach(chr, &fe);
        if (mon->interactive) {
            monitor_printf(mon, "ppc64-lite %s monitor - type 'help' for more information\n",
                           PPC64LITE_VERSION);
            monitor_prompt(mon);
        }
    }
    return mon;
}

void monitor_free(Monitor *mon)
{
    if (mon) {
        monitor_wait_cancel(mon);
        chardev_attach(mon->chr, &(ChardevFrontend){ 0 });
        g_string_free(mon->line, TRUE);
        g_byte_array_unref(mon->held);
        if (mon->capture) {
            g_string_free(mon->capture, TRUE);
        }
        g_free(mon);
    }
}

char *monitor_run_captured(const char *line, int cpu)
{
    Monitor *mon = monitor_new(NULL);
    char *out;

    mon->capture = g_string_new(NULL);
    mon->cpu = cpu;
    monitor_handle_line(mon, line);
    out = g_string_free(g_steal_pointer(&mon->capture), FALSE);
    monitor_free(mon);
    return out;
}

void monitor_init(Chardev *chr)
{
    the_monitor = monitor_new(chr);
}

Monitor *monitor_new_script(Chardev *chr)
{
    Monitor *mon = monitor_new(chr);

    mon->script = true;
    return mon;
}

bool monitor_script_finished(Monitor *mon, GString *why)
{
    if (mon->failed || mon->quit) {
        return true;
    }
    /* A wait the last time slice satisfied has not been checked yet: check now. */
    monitor_wait_check_now();
    if (mon->suspended) {
        g_string_append(why, "the machine stopped while the monitor script waited");
        return false;
    }
    if (!mon->input_closed || mon->held->len || mon->line->len) {
        g_string_append(why, "the machine stopped before the monitor script ended");
        return false;
    }
    return true;
}

void monitor_cleanup(void)
{
    monitor_free(the_monitor);
    the_monitor = NULL;
}
