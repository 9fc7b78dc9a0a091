/*
 * The command line (see options.h). Option names, argument forms and the
 * defaults of -nographic / -nodefaults follow qemu-system-ppc64 (QEMU's
 * qemu-options.hx and vl.c behaviour), restricted to what pseries has here.
 * Every option is one row of option_table; its handler checks the argument.
 */
#include "core/options.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "core/device.h"
#include "core/rng-backend.h"
#include "core/rtc.h"

#define MAX_ICOUNT_SHIFT 10         /* as QEMU: 1024 ns per instruction at most */
#define GDB_DEFAULT_PORT 1234       /* -s */

/* The -smp keys as given; -1 = not given (0 given is QEMU's deprecated "not given"). */
typedef struct SmpArgs {
    int64_t cpus, maxcpus, sockets, dies, clusters, books, drawers, cores, threads;
} SmpArgs;

/* What the parse accumulates before the defaults are settled. */
typedef struct ParseState {
    Options *o;
    bool serial_given, monitor_given, display_none;
    SmpArgs smp;
    bool smp_given;
} ParseState;

typedef bool OptionFn(ParseState *ps, const char *opt, const char *arg, Error **errp);

typedef struct OptionDef {
    const char *name;       /* without the leading dash */
    const char *arg;        /* NULL: takes no argument; else the usage text */
    OptionFn *fn;
    const char *help;
} OptionDef;

/* ---- small parsers ---- */

/* Unsigned decimal or 0x hex, the whole string, no sign. */
static bool parse_u64(const char *s, uint64_t *out)
{
    char *end;
    int base = 10;

    if (!s || !isdigit((unsigned char)s[0])) {
        return false;
    }
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
        base = 16;
        if (!isxdigit((unsigned char)s[2])) {
            return false;
        }
    }
    errno = 0;
    *out = strtoull(s, &end, base);
    return errno == 0 && *end == '\0';
}

static bool parse_int_range(const char *s, int min, int max, int *out)
{
    uint64_t v;

    if (!parse_u64(s, &v) || v < (uint64_t)min || v > (uint64_t)max) {
        return false;
    }
    *out = (int)v;
    return true;
}

static bool parse_on_off(const char *s, bool *out)
{
    if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "true")) {
        *out = true;
    } else if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "false")) {
        *out = false;
    } else {
        return false;
    }
    return true;
}

bool options_parse_size(const char *str, uint64_t default_unit, uint64_t *out)
{
    const char *p = str;
    uint64_t whole = 0, frac = 0, frac_div = 1, unit = default_unit;
    bool hex = false;

    if (!str || !isdigit((unsigned char)*p)) {
        return false;
    }
    if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        hex = true;
        p += 2;
        if (!isxdigit((unsigned char)*p)) {
            return false;
        }
    }
    for (; hex ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p); p++) {
        unsigned d = (unsigned)g_ascii_xdigit_value(*p);
        if (whole > (UINT64_MAX - d) / (hex ? 16 : 10)) {
            return false;
        }
        whole = whole * (hex ? 16 : 10) + d;
    }
    if (*p == '.' && !hex) {
        for (p++; isdigit((unsigned char)*p); p++) {
            if (frac_div >= 1000000000000ull) {
                return false;   /* more fraction digits than any sensible size needs */
            }
            frac = frac * 10 + (uint64_t)(*p - '0');
            frac_div *= 10;
        }
    }
    if (*p) {
        static const char suffixes[] = "BKMGTPE";
        const char *s = strchr(suffixes, toupper((unsigned char)*p));
        if (!s || p[1] != '\0') {
            return false;
        }
        unit = 1ull << (10 * (s - suffixes));
    }
    if (whole > UINT64_MAX / unit) {
        return false;
    }
    /* A fraction must come out as a whole number of bytes; it is below one unit. */
    unsigned __int128 frac_bytes = (unsigned __int128)frac * unit;
    if (frac_bytes % frac_div != 0) {
        return false;
    }
    uint64_t bytes = whole * unit;
    uint64_t extra = (uint64_t)(frac_bytes / frac_div);
    if (bytes > UINT64_MAX - extra) {
        return false;
    }
    *out = bytes + extra;
    return true;
}

/*
 * Split "a,b=c,,d" into elements as QEMU's option strings do: ',' separates
 * and ",," stands for a literal comma.
 */
static GPtrArray *split_opts(const char *s)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    GString *cur = g_string_new(NULL);

    for (; *s; s++) {
        if (*s == ',' && s[1] == ',') {
            g_string_append_c(cur, ',');
            s++;
        } else if (*s == ',') {
            g_ptr_array_add(out, g_string_free(cur, FALSE));
            cur = g_string_new(NULL);
        } else {
            g_string_append_c(cur, *s);
        }
    }
    g_ptr_array_add(out, g_string_free(cur, FALSE));
    return out;
}

GPtrArray *options_split(const char *s)
{
    return split_opts(s);
}

/*
 * Walk "implied,key=val,..." calling fn(key, val). The first element may omit
 * "implied_key="; a later bare "key" means key=on.
 */
typedef bool KeyValFn(ParseState *ps, const char *opt, const char *key, const char *val,
                      Error **errp);

static bool parse_keyvals(ParseState *ps, const char *opt, const char *arg,
                          const char *implied_key, KeyValFn *fn, Error **errp)
{
    GPtrArray *elems = split_opts(arg);
    bool ok = true;

    for (guint i = 0; ok && i < elems->len; i++) {
        char *e = elems->pdata[i];
        char *eq = strchr(e, '=');

        if (eq) {
            *eq = '\0';
            if (!*e) {
                error_setg(errp, "%s: missing name before '=' in '%s'", opt, arg);
                ok = false;
            } else {
                ok = fn(ps, opt, e, eq + 1, errp);
            }
        } else if (i == 0 && implied_key) {
            ok = fn(ps, opt, implied_key, e, errp);
        } else if (!*e) {
            error_setg(errp, "%s: empty parameter in '%s'", opt, arg);
            ok = false;
        } else {
            ok = fn(ps, opt, e, "on", errp);
        }
    }
    g_ptr_array_unref(elems);
    return ok;
}

static void set_str(char **field, const char *val)
{
    g_free(*field);
    *field = g_strdup(val);
}

static void set_cstr(const char **field, const char *val)
{
    g_free((char *)*field);
    *field = g_strdup(val);
}

/* ---- -machine ---- */

static bool is_help(const char *s)
{
    return !strcmp(s, "help") || !strcmp(s, "?");
}

static bool accel_keyval(ParseState *ps, const char *opt, const char *key, const char *val,
                         Error **errp);

static bool machine_keyval(ParseState *ps, const char *opt, const char *key, const char *val,
                           Error **errp)
{
    Options *o = ps->o;

    if (!strcmp(key, "type")) {
        if (is_help(val)) {
            o->machine_help = true;
        } else if (!*val) {
            error_setg(errp, "%s: missing machine type", opt);
            return false;
        } else {
            /* main looks it up among the machines built in */
            set_cstr(&o->cfg.machine_type, val);
        }
        return true;
    }
    if (!strcmp(key, "help") || !strcmp(key, "?")) {
        o->machine_props_help = true;
        return true;
    }
    if (!strcmp(key, "accel")) {
        return accel_keyval(ps, opt, key, val, errp);
    }
    if (!*val) {
        error_setg(errp, "%s: property '%s' needs a value", opt, key);
        return false;
    }
    g_hash_table_insert(o->cfg.machine_props, g_strdup(key), g_strdup(val));
    return true;
}

static bool opt_machine(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    return parse_keyvals(ps, opt, arg, "type", machine_keyval, errp);
}

/* ---- -cpu ---- */

static bool opt_cpu(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    const char *comma = strchr(arg, ',');
    g_autofree char *name = g_strndup(arg, comma ? (gsize)(comma - arg) : strlen(arg));

    if (is_help(name)) {
        ps->o->cpu_help = true;
        return true;
    }
    if (comma) {
        error_setg(errp, "%s: CPU features are not supported ('%s')", opt, comma + 1);
        return false;
    }
    /* The models are the machine's: main checks the name once the machine is known. */
    set_cstr(&ps->o->cfg.cpu_model, name);
    return true;
}

/* ---- -m ---- */

static bool mem_keyval(ParseState *ps, const char *opt, const char *key, const char *val,
                       Error **errp)
{
    uint64_t size;

    if (!strcmp(key, "size")) {
        if (!options_parse_size(val, 1ull << 20, &size) || size == 0) {
            error_setg(errp, "%s: invalid size '%s'", opt, val);
            return false;
        }
        ps->o->cfg.ram_size = size;
        return true;
    }
    if (!strcmp(key, "slots") || !strcmp(key, "maxmem")) {
        error_setg(errp, "%s: '%s' is not supported (no memory hotplug)", opt, key);
        return false;
    }
    error_setg(errp, "%s: unknown parameter '%s'", opt, key);
    return false;
}

static bool opt_memory(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    return parse_keyvals(ps, opt, arg, "size", mem_keyval, errp);
}

/* ---- -smp ---- */

/*
 * QEMU 7.2's rules and wording (hw/core/machine-smp.c), so that scripts
 * grepping for its errors find them: the keys merge over every -smp, the
 * missing values are derived once the command line is read (settle_smp), an
 * explicit 0 counts as "not given" with QEMU's deprecation warning, and dies
 * or clusters above 1 are refused as pseries has no such level (books and
 * drawers, later QEMU's, likewise). What the machine allows on top (threads
 * per core, its CPU limit) it checks itself.
 */
static bool smp_keyval(ParseState *ps, const char *opt, const char *key, const char *val,
                       Error **errp)
{
    static const struct {
        const char *key;
        size_t offset;
    } fields[] = {
        { "cpus", offsetof(SmpArgs, cpus) },
        { "maxcpus", offsetof(SmpArgs, maxcpus) },
        { "sockets", offsetof(SmpArgs, sockets) },
        { "dies", offsetof(SmpArgs, dies) },
        { "clusters", offsetof(SmpArgs, clusters) },
        { "books", offsetof(SmpArgs, books) },
        { "drawers", offsetof(SmpArgs, drawers) },
        { "cores", offsetof(SmpArgs, cores) },
        { "threads", offsetof(SmpArgs, threads) },
    };
    uint64_t v;

    for (size_t i = 0; i < G_N_ELEMENTS(fields); i++) {
        if (!strcmp(key, fields[i].key)) {
            if (!parse_u64(val, &v) || v > UINT32_MAX) {
                error_setg(errp, "Parameter 'smp.%s' expects integer", key);
                return false;
            }
            *(int64_t *)((char *)&ps->smp + fields[i].offset) = (int64_t)v;
            return true;
        }
    }
    error_setg(errp, "Parameter 'smp.%s' is unexpected", key);
    return false;
}

static bool opt_smp(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    ps->smp_given = true;
    /* "-smp ''" is QEMU's all-defaults. */
    return !*arg || parse_keyvals(ps, opt, arg, "cpus", smp_keyval, errp);
}

/* The given values, missing = 0 (an explicit 0 is "missing" too, with a warning). */
static void smp_fill_missing(SmpArgs *a)
{
    int64_t *f = &a->cpus, n = sizeof(*a) / sizeof(int64_t);
    bool zero = false;

    for (int64_t i = 0; i < n; i++) {
        zero |= f[i] == 0;
        f[i] = f[i] < 0 ? 0 : f[i];
    }
    if (zero) {
        error_report("warning: Deprecated CPU topology (considered invalid): "
                     "CPU topology parameters must be greater than zero");
    }
}

static bool settle_smp(ParseState *ps, Error **errp)
{
    Options *o = ps->o;
    SmpArgs a = ps->smp;
    static const struct {
        const char *name;
        size_t offset;
    } absent[] = {      /* levels pseries does not have: at most 1 */
        { "dies", offsetof(SmpArgs, dies) },
        { "clusters", offsetof(SmpArgs, clusters) },
        { "books", offsetof(SmpArgs, books) },
        { "drawers", offsetof(SmpArgs, drawers) },
    };
    uint64_t cpus, maxcpus, sockets, cores, threads;   /* each below 2^32: two multiply safely */

    if (!ps->smp_given) {
        return true;
    }
    smp_fill_missing(&a);
    for (size_t i = 0; i < G_N_ELEMENTS(absent); i++) {
        if (*(int64_t *)((char *)&a + absent[i].offset) > 1) {
            error_setg(errp, "%s not supported by this machine's CPU topology", absent[i].name);
            return false;
        }
    }
    cpus = (uint64_t)a.cpus, maxcpus = (uint64_t)a.maxcpus, sockets = (uint64_t)a.sockets;
    cores = (uint64_t)a.cores, threads = (uint64_t)a.threads;
    /* Cores are preferred over sockets (QEMU 6.2 on), threads are derived last. */
    if (!cpus && !maxcpus) {
        sockets = sockets ? sockets : 1;
        cores = cores ? cores : 1;
        threads = threads ? threads : 1;
    } else {
        maxcpus = maxcpus ? maxcpus : cpus;
        if (!cores) {
            sockets = sockets ? sockets : 1;
            threads = threads ? threads : 1;
            cores = maxcpus / (sockets * threads);
        } else if (!sockets) {
            threads = threads ? threads : 1;
            sockets = maxcpus / (cores * threads);
        }
        if (!threads) {
            threads = maxcpus / (sockets * cores);
        }
    }
    /* Three factors below 2^32: their product fits in 128 bits. */
    unsigned __int128 product = (unsigned __int128)sockets * cores * threads;
    if (!maxcpus && product > INT_MAX) {
        error_setg(errp, "Invalid SMP CPUs: sockets (%" PRIu64 ") * cores (%" PRIu64 ") * "
                   "threads (%" PRIu64 ") is too many", sockets, cores, threads);
        return false;
    }
    maxcpus = maxcpus ? maxcpus : (uint64_t)product;
    cpus = cpus ? cpus : maxcpus;
    if (product != (unsigned __int128)maxcpus) {
        error_setg(errp, "Invalid CPU topology: product of the hierarchy must match maxcpus: "
                   "sockets (%" PRIu64 ") * cores (%" PRIu64 ") * threads (%" PRIu64 ") "
                   "!= maxcpus (%" PRIu64 ")", sockets, cores, threads, maxcpus);
        return false;
    }
    if (maxcpus < cpus) {
        error_setg(errp, "Invalid CPU topology: maxcpus must be equal to or greater than smp: "
                   "sockets (%" PRIu64 ") * cores (%" PRIu64 ") * threads (%" PRIu64 ") "
                   "== maxcpus (%" PRIu64 ") < smp_cpus (%" PRIu64 ")", sockets, cores, threads,
                   maxcpus, cpus);
        return false;
    }
    /* main checks the machine's own limit; this only keeps the counts in an int. */
    if (maxcpus > INT_MAX) {
        error_setg(errp, "Invalid SMP CPUs %" PRIu64, maxcpus);
        return false;
    }
    o->cfg.smp = (int)cpus;
    o->cfg.max_cpus = (int)maxcpus;
    o->cfg.cores = (int)cores;
    o->cfg.threads = (int)threads;
    o->sockets = (int)sockets;
    o->cores = (int)cores;
    o->threads = (int)threads;
    return true;
}

/* ---- images ---- */

static bool opt_path(const char *opt, const char *arg, Error **errp)
{
    if (!*arg) {
        error_setg(errp, "%s: empty file name", opt);
        return false;
    }
    return true;
}

static bool opt_kernel(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (!opt_path(opt, arg, errp)) {
        return false;
    }
    set_cstr(&ps->o->cfg.kernel, arg);
    return true;
}

static bool opt_initrd(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (!opt_path(opt, arg, errp)) {
        return false;
    }
    set_cstr(&ps->o->cfg.initrd, arg);
    return true;
}

static bool opt_append(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    set_cstr(&ps->o->cfg.append, arg);
    return true;
}

static bool opt_bios(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (!opt_path(opt, arg, errp)) {
        return false;
    }
    set_cstr(&ps->o->cfg.bios, arg);
    return true;
}

static bool opt_device(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    Options *o = ps->o;

    /* The device types are the machine's: main answers this once they are registered. */
    if (device_option_is_help(arg)) {
        set_str(&o->device_help, arg);
        return true;
    }
    /* Checked and created by machine_create(), after the machine's buses exist. */
    g_ptr_array_add(o->cfg.devices, g_strdup(arg));
    return true;
}

/* -object TYPE,id=ID,...: made (and checked) by core/rng-backend.c at start-up. */
static bool opt_object(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (rng_object_is_help(arg)) {
        set_str(&ps->o->object_help, arg);
    } else {
        g_ptr_array_add(ps->o->objects, g_strdup(arg));
    }
    return true;
}

/* ---- character devices ---- */

/*
 * The back ends chardev_new() knows; "none" means no device at all. The
 * socket forms' options are checked when the socket is made.
 */
static bool chardev_spec_ok(const char *spec, bool allow_mux)
{
    return !strcmp(spec, "stdio") || !strcmp(spec, "null") || !strcmp(spec, "none") ||
           (allow_mux && !strcmp(spec, "mon:stdio")) ||
           (!strncmp(spec, "file:", 5) && spec[5] != '\0') ||
           (!strncmp(spec, "pipe:", 5) && spec[5] != '\0') ||
           (!strncmp(spec, "chardev:", 8) && spec[8] != '\0') ||
           (!strncmp(spec, "unix:", 5) && spec[5] != '\0') ||
           (!strncmp(spec, "tcp:", 4) && spec[4] != '\0');
}

static bool opt_serial(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (ps->serial_given) {
        error_setg(errp, "%s: only one serial port is supported", opt);
        return false;
    }
    if (!chardev_spec_ok(arg, true)) {
        error_setg(errp, "%s: unsupported back end '%s' (stdio, mon:stdio, file:PATH, "
                   "pipe:PATH, chardev:ID, unix:PATH[,server=on], tcp:HOST:PORT[,server=on], "
                   "null, none)", opt, arg);
        return false;
    }
    ps->serial_given = true;
    ps->o->cfg.no_serial = !strcmp(arg, "none");
    set_str(&ps->o->serial_spec, strcmp(arg, "none") ? arg : NULL);
    return true;
}

static bool opt_monitor(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (ps->monitor_given) {
        error_setg(errp, "%s: only one monitor is supported", opt);
        return false;
    }
    if (!chardev_spec_ok(arg, false)) {
        error_setg(errp, "%s: unsupported back end '%s' (stdio, file:PATH, pipe:PATH, "
                   "chardev:ID, unix:PATH[,server=on], tcp:HOST:PORT[,server=on], null, none)",
                   opt, arg);
        return false;
    }
    ps->monitor_given = true;
    set_str(&ps->o->monitor_spec, strcmp(arg, "none") ? arg : NULL);
    return true;
}

static void add_monitor(Options *o, const char *spec, const char *chardev_id, bool control)
{
    MonitorConfig *mc = g_new0(MonitorConfig, 1);

    mc->spec = g_strdup(spec);
    mc->chardev_id = g_strdup(chardev_id);
    mc->control = control;
    g_ptr_array_add(o->monitors, mc);
}

/* -qmp DEV: a QMP monitor on its own back end (QEMU's shorthand for -chardev + -mon). */
static bool opt_qmp(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (!chardev_spec_ok(arg, false) || !strcmp(arg, "none")) {
        error_setg(errp, "%s: unsupported back end '%s' (unix:PATH,server=on,wait=off, "
                   "tcp:HOST:PORT,server=on,wait=off, stdio, file:PATH, null)", opt, arg);
        return false;
    }
    add_monitor(ps->o, arg, NULL, true);
    return true;
}

/* -chardev BACKEND,id=ID,...: made (and checked) by core/chardev-opts.c at start-up. */
static bool opt_chardev(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    g_ptr_array_add(ps->o->chardevs, g_strdup(arg));
    return true;
}

static bool mon_keyval(ParseState *ps, const char *opt, const char *key, const char *val,
                       Error **errp)
{
    MonitorConfig *mc = g_ptr_array_index(ps->o->monitors, ps->o->monitors->len - 1);

    if (!strcmp(key, "chardev") && *val) {
        set_str(&mc->chardev_id, val);
    } else if (!strcmp(key, "mode") && (!strcmp(val, "control") || !strcmp(val, "readline"))) {
        mc->control = !strcmp(val, "control");
    } else if (!strcmp(key, "pretty") && !strcmp(val, "off")) {
        /* the default; pretty=on is not offered */
    } else {
        error_setg(errp, "%s: invalid parameter '%s=%s' (chardev=ID, mode=control|readline)",
                   opt, key, val);
        return false;
    }
    return true;
}

/* -mon chardev=ID[,mode=control|readline]: QEMU's default mode is readline (the human monitor). */
static bool opt_mon(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    MonitorConfig *mc;

    add_monitor(ps->o, NULL, NULL, false);
    if (!parse_keyvals(ps, opt, arg, "chardev", mon_keyval, errp)) {
        return false;
    }
    mc = g_ptr_array_index(ps->o->monitors, ps->o->monitors->len - 1);
    if (!mc->chardev_id) {
        error_setg(errp, "%s: chardev=ID is required", opt);
        return false;
    }
    return true;
}

static bool opt_monitor_script(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (!opt_path(opt, arg, errp)) {
        return false;
    }
    set_str(&ps->o->monitor_script, arg);
    return true;
}

static bool opt_nographic(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    ps->o->nographic = true;
    return true;
}

static bool opt_display(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (strcmp(arg, "none") != 0) {
        error_setg(errp, "%s: display '%s' is not supported (only 'none')", opt, arg);
        return false;
    }
    ps->display_none = true;
    return true;
}

static bool opt_vga(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (strcmp(arg, "none") != 0) {
        error_setg(errp, "%s: '%s' is not supported (only 'none')", opt, arg);
        return false;
    }
    return true;
}

/* ---- networking (parsed by core/net-config.c) ---- */

static bool opt_netdev(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    return net_config_add_netdev(&ps->o->net, arg, errp);
}

static bool opt_nic(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    return net_config_add_nic(&ps->o->net, arg, errp);
}

/* The legacy -net: only "none" (no default NIC), which scripts often pass. */
static bool opt_net_legacy(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (!strcmp(arg, "none")) {
        return true;
    }
    error_setg(errp, "%s: not supported; use -nic, or -netdev with -device", opt);
    return false;
}

/* ---- identity, process, boot ---- */

/* -global DRIVER.PROP=VALUE, or driver=D,property=P,value=V: checked by main once types exist. */
static bool opt_global(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    g_autofree char *driver = NULL, *prop = NULL, *value = NULL;
    const char *dot = strchr(arg, '.'), *eq = strchr(arg, '=');

    if (g_str_has_prefix(arg, "driver=")) {
        GPtrArray *elems = split_opts(arg);
        for (guint i = 0; i < elems->len; i++) {
            const char *e = elems->pdata[i];
            char **field = g_str_has_prefix(e, "driver=") ? &driver
                         : g_str_has_prefix(e, "property=") ? &prop
                         : g_str_has_prefix(e, "value=") ? &value : NULL;
            if (!field) {
                error_setg(errp, "%s: invalid parameter '%s' (driver=, property=, value=)", opt, e);
                g_ptr_array_unref(elems);
                return false;
            }
            set_str(field, strchr(e, '=') + 1);
        }
        g_ptr_array_unref(elems);
    } else if (dot && eq && dot < eq) {
        driver = g_strndup(arg, (gsize)(dot - arg));
        prop = g_strndup(dot + 1, (gsize)(eq - dot - 1));
        value = g_strdup(eq + 1);
    }
    if (!driver || !*driver || !prop || !*prop || !value) {
        error_setg(errp, "%s: expected DRIVER.PROPERTY=VALUE, not '%s'", opt, arg);
        return false;
    }
    g_ptr_array_add(ps->o->globals, g_steal_pointer(&driver));
    g_ptr_array_add(ps->o->globals, g_steal_pointer(&prop));
    g_ptr_array_add(ps->o->globals, g_steal_pointer(&value));
    return true;
}

static bool name_keyval(ParseState *ps, const char *opt, const char *key, const char *val,
                        Error **errp)
{
    bool b;

    if (!strcmp(key, "guest")) {
        set_cstr(&ps->o->cfg.vm_name, val);
        return true;
    }
    /* QEMU names its threads after the guest; nothing here shows thread names. */
    if (!strcmp(key, "debug-threads")) {
        if (!parse_on_off(val, &b)) {
            error_setg(errp, "%s: debug-threads must be on or off, not '%s'", opt, val);
            return false;
        }
        return true;
    }
    if (!strcmp(key, "process")) {
        return true;    /* QEMU's process name for ps (Linux prctl); accepted without effect */
    }
    error_setg(errp, "%s: Invalid parameter '%s' (guest, process, debug-threads)", opt, key);
    return false;
}

static bool opt_name(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    return parse_keyvals(ps, opt, arg, "guest", name_keyval, errp);
}

/* 8-4-4-4-12 hex digits, as QEMU's qemu_uuid_parse; kept in lower case. */
static bool opt_uuid(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    bool ok = strlen(arg) == sizeof(shape) - 1;

    for (size_t i = 0; ok && i < sizeof(shape) - 1; i++) {
        ok = shape[i] == 'x' ? isxdigit((unsigned char)arg[i]) != 0 : arg[i] == shape[i];
    }
    if (!ok) {
        error_setg(errp, "%s %s: failed to parse UUID string: wrong format", opt, arg);
        return false;
    }
    g_free((char *)ps->o->cfg.uuid);
    ps->o->cfg.uuid = g_ascii_strdown(arg, -1);
    return true;
}

static bool opt_pidfile(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (!opt_path(opt, arg, errp)) {
        return false;
    }
    set_str(&ps->o->pidfile, arg);
    return true;
}

static bool opt_no_shutdown(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    ps->o->no_shutdown = true;
    return true;
}

/* QEMU's boot devices: drive letters a-p (a, b floppy; c disk; d CD-ROM; n-p network). */
static bool boot_devices_ok(const char *s)
{
    if (!*s) {
        return false;
    }
    for (; *s; s++) {
        if (*s < 'a' || *s > 'p') {
            return false;
        }
    }
    return true;
}

static bool boot_keyval(ParseState *ps, const char *opt, const char *key, const char *val,
                        Error **errp)
{
    bool b;
    int n;

    if (!strcmp(key, "order") || !strcmp(key, "once")) {
        if (!boot_devices_ok(val)) {
            error_setg(errp, "%s: Invalid boot device '%s' (letters a-p)", opt, val);
            return false;
        }
        if (!strcmp(key, "once")) {
            set_cstr(&ps->o->cfg.boot_once, val);
        }
        return true;
    }
    if (!strcmp(key, "menu") || !strcmp(key, "strict")) {
        if (!parse_on_off(val, &b)) {
            error_setg(errp, "%s: Parameter 'boot.%s' expects 'on' or 'off'", opt, key);
            return false;
        }
        if (!strcmp(key, "menu")) {
            ps->o->cfg.boot_menu = b;
        }
        return true;
    }
    if (!strcmp(key, "splash")) {
        return opt_path(opt, val, errp);
    }
    if (!strcmp(key, "splash-time") || !strcmp(key, "reboot-timeout")) {
        if (!parse_int_range(val, 0, 0xffff, &n) && strcmp(val, "-1") != 0) {
            error_setg(errp, "%s: Parameter 'boot.%s' expects a number (0..65535)", opt, key);
            return false;
        }
        return true;
    }
    error_setg(errp, "%s: Parameter 'boot.%s' is unexpected", opt, key);
    return false;
}

/*
 * -boot [order=]DRIVES[,once=DRIVES][,menu=on|off][,splash=FILE][,splash-time=MS]
 * [,reboot-timeout=MS][,strict=on|off]: checked as QEMU does. pseries boots
 * what -kernel/-bios give; the firmware sees only what QEMU's pseries puts in
 * the device tree: qemu,boot-device (once=) and qemu,boot-menu (menu=on).
 */
static bool opt_boot(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    return parse_keyvals(ps, opt, arg, "order", boot_keyval, errp);
}

/* -L DIR: firmware search directory (repeatable, searched in order); -L help lists them. */
static bool opt_firmware_dir(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (is_help(arg)) {
        ps->o->firmware_dirs_help = true;
        return true;
    }
    if (!opt_path(opt, arg, errp)) {
        return false;
    }
    g_ptr_array_add(ps->o->cfg.firmware_dirs, g_strdup(arg));
    return true;
}

/* ---- run control, debugging ---- */

static bool opt_stopped(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    ps->o->start_stopped = true;
    return true;
}

static bool opt_no_reboot(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    ps->o->cfg.no_reboot = true;
    return true;
}

static bool opt_nodefaults(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    ps->o->cfg.nodefaults = true;
    return true;
}

static bool opt_gdb_default(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    ps->o->gdb_port = GDB_DEFAULT_PORT;
    return true;
}

/* "tcp::PORT" or "tcp:HOST:PORT" (the stub listens on every address anyway), or "none". */
static bool opt_gdb(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    const char *colon;

    if (!strcmp(arg, "none")) {
        ps->o->gdb_port = -1;
        return true;
    }
    colon = strncmp(arg, "tcp:", 4) ? NULL : strchr(arg + 4, ':');
    if (!colon || !parse_int_range(colon + 1, 1, 65535, &ps->o->gdb_port)) {
        error_setg(errp, "%s: invalid device '%s' (expected tcp::PORT)", opt, arg);
        return false;
    }
    return true;
}

static bool opt_log(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (!*arg) {
        error_setg(errp, "%s: empty category list", opt);
        return false;
    }
    set_str(&ps->o->log_categories, arg);
    return true;
}

static bool opt_logfile(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (!opt_path(opt, arg, errp)) {
        return false;
    }
    set_str(&ps->o->log_file, arg);
    return true;
}

static bool icount_keyval(ParseState *ps, const char *opt, const char *key, const char *val,
                          Error **errp)
{
    bool b;

    if (!strcmp(key, "shift")) {
        if (!strcmp(val, "auto")) {
            error_setg(errp, "%s: shift=auto is not supported", opt);
            return false;
        }
        if (!parse_int_range(val, 0, MAX_ICOUNT_SHIFT, &ps->o->icount_shift)) {
            error_setg(errp, "%s: invalid shift '%s' (0..%d)", opt, val, MAX_ICOUNT_SHIFT);
            return false;
        }
        return true;
    }
    if (!strcmp(key, "sleep")) {
        if (!parse_on_off(val, &ps->o->icount_sleep)) {
            error_setg(errp, "%s: sleep must be on or off, not '%s'", opt, val);
            return false;
        }
        return true;
    }
    if (!strcmp(key, "align")) {
        if (!parse_on_off(val, &b) || b) {
            error_setg(errp, "%s: align=on is not supported", opt);
            return false;
        }
        return true;
    }
    error_setg(errp, "%s: unsupported parameter '%s'", opt, key);
    return false;
}

static bool opt_icount(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    if (!parse_keyvals(ps, opt, arg, "shift", icount_keyval, errp)) {
        return false;
    }
    if (ps->o->icount_shift < 0) {
        error_setg(errp, "%s: shift=N is required", opt);
        return false;
    }
    return true;
}

/* -rtc base=utc|localtime|DATE[,clock=host|rt|vm][,driftfix=none|slew] (core/rtc.h) */
static bool rtc_keyval(ParseState *ps, const char *opt, const char *key, const char *val,
                       Error **errp)
{
    if (!strcmp(key, "base")) {
        if (!rtc_base_parse(val, NULL, errp)) {
            return false;
        }
        set_cstr(&ps->o->cfg.rtc_base, val);
        return true;
    }
    if (!strcmp(key, "clock")) {
        if (!rtc_clock_parse(val, &ps->o->cfg.rtc_clock)) {
            error_setg(errp, "%s: invalid clock '%s' (host, rt or vm)", opt, val);
            return false;
        }
        return true;
    }
    /* QEMU's driftfix=slew re-injects lost ticks of the x86 RTC's interrupt; pseries has none. */
    if (!strcmp(key, "driftfix")) {
        if (strcmp(val, "none") && strcmp(val, "slew")) {
            error_setg(errp, "%s: invalid driftfix '%s' (none or slew)", opt, val);
            return false;
        }
        return true;
    }
    error_setg(errp, "%s: invalid parameter '%s' (base, clock, driftfix)", opt, key);
    return false;
}

static bool opt_rtc(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    return parse_keyvals(ps, opt, arg, NULL, rtc_keyval, errp);
}

/* The engine and its options are checked by main, among the engines built in. */
static bool accel_keyval(ParseState *ps, const char *opt, const char *key, const char *val,
                         Error **errp)
{
    Options *o = ps->o;

    if (!strcmp(key, "accel")) {
        if (is_help(val)) {
            o->accel_help = true;
        } else if (!*val) {
            error_setg(errp, "%s: missing accelerator name", opt);
            return false;
        } else {
            set_str(&o->accel, val);
            /* QEMU's -machine accel= takes a list to try in turn; -accel takes one name. */
            o->accel_is_list = strcmp(opt, "-accel") != 0 && strchr(val, ':');
        }
        return true;
    }
    g_ptr_array_add(o->accel_props, g_strdup(key));
    g_ptr_array_add(o->accel_props, g_strdup(val));
    return true;
}

static bool opt_accel(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    return parse_keyvals(ps, opt, arg, "accel", accel_keyval, errp);
}

/*
 * -action panic=shutdown|exit-failure|pause|none: what a guest panic
 * (ibm,os-term) does, QEMU 7.2's option and values. QEMU's other keys
 * (reboot=, shutdown=, watchdog=) are -no-reboot / -no-shutdown here or
 * have no device behind them.
 */
static bool action_keyval(ParseState *ps, const char *opt, const char *key, const char *val,
                          Error **errp)
{
    static const char *const panic_actions[] = {
        [PANIC_ACTION_SHUTDOWN] = "shutdown",
        [PANIC_ACTION_EXIT_FAILURE] = "exit-failure",
        [PANIC_ACTION_PAUSE] = "pause",
        [PANIC_ACTION_NONE] = "none",
    };

    if (strcmp(key, "panic") != 0) {
        error_setg(errp, "%s: unsupported parameter '%s' (only panic=)", opt, key);
        return false;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(panic_actions); i++) {
        if (!strcmp(val, panic_actions[i])) {
            ps->o->panic_action = (PanicAction)i;
            return true;
        }
    }
    error_setg(errp, "%s: invalid panic action '%s' (valid: shutdown, exit-failure, pause, none)",
               opt, val);
    return false;
}

static bool opt_action(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    return parse_keyvals(ps, opt, arg, NULL, action_keyval, errp);
}

/* -no-user-config: QEMU then reads no default config files; ppc64-lite never does. */
static bool opt_no_user_config(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    return true;
}

static bool opt_enable_kvm(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    error_setg(errp, "%s: KVM is not supported (only tcg)", opt);
    return false;
}

static bool opt_help(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    ps->o->show_help = true;
    return true;
}

static bool opt_version(ParseState *ps, const char *opt, const char *arg, Error **errp)
{
    ps->o->show_version = true;
    return true;
}

static const OptionDef option_table[] = {
    { "h", NULL, opt_help, "print this help and exit" },
    { "help", NULL, opt_help, "print this help and exit" },
    { "version", NULL, opt_version, "print the version and exit" },
    { "M", "pseries[,prop=val...]", opt_machine, "select the machine (-M help lists them)" },
    { "machine", "[type=]pseries[,dumpdtb=FILE][,prop=val...]", opt_machine,
      "select the machine and set its properties" },
    { "cpu", "MODEL", opt_cpu, "select the CPU model (-cpu help lists them)" },
    { "m", "[size=]SIZE", opt_memory, "RAM size; a plain number is MiB, suffixes k M G T" },
    { "smp", "[cpus=]N[,maxcpus=N][,sockets=N][,cores=N][,threads=N]", opt_smp,
      "number of CPUs and their topology" },
    { "kernel", "FILE", opt_kernel, "boot this kernel (ELF or raw, may be gzipped)" },
    { "initrd", "FILE", opt_initrd, "use this initial ram disk" },
    { "append", "CMDLINE", opt_append, "kernel command line" },
    { "bios", "FILE", opt_bios, "use this firmware image instead of the built-in one" },
    { "device", "DRIVER[,prop=val...]", opt_device,
      "add a device (-device help, -device DRIVER,help)" },
    { "object", "rng-random|rng-builtin,id=ID[,filename=FILE]", opt_object,
      "a random-number back end for -device spapr-rng,rng=ID (-object help)" },
    { "netdev", "user,id=ID[,hostfwd=tcp:[ADDR]:PORT-[ADDR]:PORT][,net=ADDR/MASK]...", opt_netdev,
      "a user-mode (slirp) network back end for a NIC's netdev= (-netdev help)" },
    { "nic", "user|none[,model=MODEL][,mac=MAC][,user options]", opt_nic,
      "a NIC of MODEL with its own user-mode back end" },
    { "net", "none", opt_net_legacy, "accepted for compatibility (use -nic or -netdev)" },
    { "serial", "DEV", opt_serial, "console back end: stdio, mon:stdio, file:PATH, null, none" },
    { "monitor", "DEV", opt_monitor,
      "monitor back end: stdio, file:PATH, unix:PATH,server=on,wait=off, null, none" },
    { "qmp", "DEV", opt_qmp,
      "a QMP monitor on unix:PATH,server=on,wait=off, tcp:HOST:PORT,server=on,wait=off "
      "or stdio" },
    { "chardev", "BACKEND,id=ID[,...]", opt_chardev,
      "a character device: socket,path=P|host=H,port=N,server=on,wait=off; stdio; null; "
      "file,path=P" },
    { "mon", "chardev=ID[,mode=control|readline]", opt_mon,
      "a monitor on a -chardev: QMP (control) or the human monitor (readline)" },
    { "monitor-script", "FILE", opt_monitor_script,
      "run FILE's monitor commands (- for stdin; replies on stdout); exit status 1 at the "
      "first Error:" },
    { "nographic", NULL, opt_nographic,
      "console and monitor on stdio (Ctrl-A h for help); the default" },
    { "display", "none", opt_display, "no display: console and monitor default to none" },
    { "vga", "none", opt_vga, "accepted for compatibility; pseries has no VGA here" },
    { "nodefaults", NULL, opt_nodefaults,
      "no default console (vty) or monitor; -serial and -device spapr-vty still add vtys" },
    { "global", "DRIVER.PROP=VALUE", opt_global,
      "default PROP of every DRIVER device created (as a -device property)" },
    { "name", "[guest=]NAME[,debug-threads=on|off]", opt_name,
      "the guest's name (info name, query-name, the device tree's ibm,partition-name)" },
    { "uuid", "UUID", opt_uuid, "the machine's UUID (info uuid, the device tree's vm,uuid)" },
    { "pidfile", "FILE", opt_pidfile, "write the process id to FILE (removed at exit)" },
    { "no-shutdown", NULL, opt_no_shutdown,
      "a guest power-off stops the VM instead of exiting (the monitor stays)" },
    { "boot", "[order=]DRIVES[,once=DRIVES][,menu=on|off][,strict=on|off][,...]", opt_boot,
      "boot options as QEMU's, checked; pseries boots -kernel or -bios" },
    { "L", "DIR", opt_firmware_dir, "look for firmware (-bios NAME) in DIR first (-L help)" },
    { "S", NULL, opt_stopped, "do not start the CPUs (use 'cont' in the monitor)" },
    { "no-reboot", NULL, opt_no_reboot, "exit instead of rebooting" },
    { "s", NULL, opt_gdb_default, "shorthand for -gdb tcp::1234" },
    { "gdb", "tcp::PORT", opt_gdb, "wait for a gdb connection on PORT" },
    { "d", "ITEM[,...]", opt_log, "log the given items (-d help lists them)" },
    { "D", "FILE", opt_logfile, "write the log to FILE instead of stderr" },
    { "icount", "[shift=]N[,sleep=on|off]", opt_icount,
      "virtual clock advances 2^N ns per instruction (deterministic)" },
    { "rtc", "[base=utc|localtime|DATE][,clock=host|rt|vm][,driftfix=none|slew]", opt_rtc,
      "the real-time clock's start and the clock it follows (vm: stops with the VM)" },
    { "accel", "tcg[,thread=single][,tb-size=MiB][,jit=on|off]", opt_accel,
      "the accelerator (only tcg); jit=off interprets instead of generating host code" },
    { "enable-kvm", NULL, opt_enable_kvm, "not supported" },
    { "no-user-config", NULL, opt_no_user_config,
      "accepted for compatibility: no configuration files are ever read" },
    { "action", "panic=shutdown|exit-failure|pause|none", opt_action,
      "what a guest panic (ibm,os-term) does; shutdown (exit status 0) is the default" },
};

static const OptionDef *find_option(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(option_table); i++) {
        if (!strcmp(option_table[i].name, name)) {
            return &option_table[i];
        }
    }
    return NULL;
}

void options_print_help(FILE *f)
{
    fprintf(f, "usage: ppc64-lite [options]\n"
               "An emulator of the IBM pseries (PAPR) machine with POWER8 CPUs.\n\n");
    for (size_t i = 0; i < G_N_ELEMENTS(option_table); i++) {
        const OptionDef *d = &option_table[i];
        g_autofree char *lhs = g_strdup_printf("-%s%s%s", d->name, d->arg ? " " : "",
                                               d->arg ? d->arg : "");
        if (strlen(lhs) > 28) {
            fprintf(f, "  %s\n  %-28s %s\n", lhs, "", d->help);
        } else {
            fprintf(f, "  %-28s %s\n", lhs, d->help);
        }
    }
    fprintf(f, "\nOptions may also be written with two dashes (--kernel).\n");
}

/*
 * Settle the back ends as QEMU's vl.c does for -nographic. There is no
 * graphical display here, so without -display none the default is the same
 * as -nographic: console and monitor share stdio.
 */
static bool settle_chardevs(ParseState *ps, Error **errp)
{
    Options *o = ps->o;
    bool default_serial = !ps->serial_given && !o->cfg.nodefaults;
    bool default_monitor = !ps->monitor_given && !o->cfg.nodefaults;
    bool stdio_default = o->nographic || !ps->display_none;
    bool stdio_taken = false;

    /* -qmp stdio or -chardev stdio has stdio: the defaults go without it, as with -display none. */
    for (guint i = 0; i < o->monitors->len; i++) {
        const MonitorConfig *mc = o->monitors->pdata[i];
        stdio_taken |= mc->spec && !strcmp(mc->spec, "stdio");
    }
    for (guint i = 0; i < o->chardevs->len; i++) {
        const char *c = o->chardevs->pdata[i];
        stdio_taken |= !strncmp(c, "stdio", 5) && (c[5] == ',' || c[5] == '\0');
    }
    if (stdio_taken && o->monitor_script && !strcmp(o->monitor_script, "-")) {
        error_setg(errp, "-monitor-script -: stdin is already used by -qmp stdio or -chardev stdio");
        return false;
    }
    if (stdio_taken && o->nographic && (default_serial || default_monitor)) {
        error_setg(errp, "-nographic: stdio is already used by -qmp stdio or -chardev stdio");
        return false;
    }
    if (stdio_taken) {
        stdio_default = false;
    }

    if (o->serial_spec && !strcmp(o->serial_spec, "mon:stdio")) {
        default_monitor = false;
        o->monitor_on_mux = true;
    }
    if (stdio_default) {
        if (default_serial && default_monitor) {
            set_str(&o->serial_spec, "mon:stdio");
            o->monitor_on_mux = true;
        } else {
            if (default_serial) {
                set_str(&o->serial_spec, "stdio");
            }
            if (default_monitor) {
                set_str(&o->monitor_spec, "stdio");
            }
        }
    }
    if (o->monitor_on_mux && o->monitor_spec) {
        error_setg(errp, "-monitor: stdio is already shared by the console and the monitor "
                         "(-serial mon:stdio)");
        return false;
    }
    if (o->serial_spec && o->monitor_spec && !strcmp(o->serial_spec, "stdio") &&
        !strcmp(o->monitor_spec, "stdio")) {
        error_setg(errp, "stdio cannot be used by both -serial and -monitor "
                         "(use -serial mon:stdio to share it)");
        return false;
    }
    return true;
}

static void monitor_config_free(gpointer p)
{
    MonitorConfig *mc = p;

    g_free(mc->spec);
    g_free(mc->chardev_id);
    g_free(mc);
}

static void options_init(Options *o)
{
    memset(o, 0, sizeof(*o));
    o->cfg.machine_props = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    o->cfg.devices = g_ptr_array_new_with_free_func(g_free);
    o->cfg.smp = o->cfg.max_cpus = o->cfg.cores = o->cfg.threads = 1;
    o->sockets = o->cores = o->threads = 1;
    o->gdb_port = -1;
    o->icount_shift = -1;
    o->accel_props = g_ptr_array_new_with_free_func(g_free);
    o->icount_sleep = true;
    o->monitors = g_ptr_array_new_with_free_func(monitor_config_free);
    o->chardevs = g_ptr_array_new_with_free_func(g_free);
    o->objects = g_ptr_array_new_with_free_func(g_free);
    o->globals = g_ptr_array_new_with_free_func(g_free);
    o->cfg.firmware_dirs = g_ptr_array_new_with_free_func(g_free);
    net_config_init(&o->net);
}

bool options_parse(int argc, char **argv, Options *o, Error **errp)
{
    ParseState ps = { .o = o, .smp = { -1, -1, -1, -1, -1, -1, -1, -1, -1 } };
    bool kernel;

    options_init(o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *name;
        const OptionDef *d;
        const char *arg = NULL;

        if (a[0] != '-' || a[1] == '\0') {
            error_setg(errp, "'%s': unexpected argument (disk images are not supported)", a);
            return false;
        }
        name = a + (a[1] == '-' ? 2 : 1);
        d = find_option(name);
        if (!d) {
            const char *why = options_absent_reason(name);
            if (why) {
                error_setg(errp, "%s: not supported: %s", a, why);
            } else {
                error_setg(errp, "%s: invalid option", a);
            }
            return false;
        }
        if (d->arg) {
            if (i + 1 >= argc) {
                error_setg(errp, "-%s: requires an argument", name);
                return false;
            }
            arg = argv[++i];
        }
        g_autofree char *opt = g_strdup_printf("-%s", name);
        if (!d->fn(&ps, opt, arg, errp)) {
            return false;
        }
    }
    /* Help and version need nothing else to be consistent. */
    if (o->show_help || o->show_version || o->machine_help || o->machine_props_help ||
        o->cpu_help || o->device_help || o->net.help || o->accel_help || o->object_help ||
        o->firmware_dirs_help) {
        return true;
    }
    /* QEMU's words; -M NAME,kernel=FILE is -kernel FILE. */
    kernel = o->cfg.kernel || g_hash_table_contains(o->cfg.machine_props, "kernel");
    if (o->cfg.append && !kernel) {
        error_setg(errp, "-append only allowed with -kernel option");
        return false;
    }
    if (o->cfg.initrd && !kernel) {
        error_setg(errp, "-initrd only allowed with -kernel option");
        return false;
    }
    return settle_smp(&ps, errp) && settle_chardevs(&ps, errp);
}

void options_free(Options *o)
{
    g_free((char *)o->cfg.machine_type);
    g_clear_pointer(&o->cfg.machine_props, g_hash_table_unref);
    g_free((char *)o->cfg.cpu_model);
    g_free((char *)o->cfg.kernel);
    g_free((char *)o->cfg.initrd);
    g_free((char *)o->cfg.append);
    g_free((char *)o->cfg.bios);
    g_clear_pointer(&o->cfg.devices, g_ptr_array_unref);
    g_free((char *)o->cfg.rtc_base);
    g_free((char *)o->cfg.nvram_file);
    g_free(o->serial_spec);
    g_free(o->monitor_spec);
    g_free(o->monitor_script);
    g_free(o->log_categories);
    g_free(o->log_file);
    g_free(o->accel);
    g_clear_pointer(&o->accel_props, g_ptr_array_unref);
    g_free(o->device_help);
    g_clear_pointer(&o->monitors, g_ptr_array_unref);
    g_clear_pointer(&o->chardevs, g_ptr_array_unref);
    g_clear_pointer(&o->objects, g_ptr_array_unref);
    g_clear_pointer(&o->globals, g_ptr_array_unref);
    g_clear_pointer(&o->cfg.firmware_dirs, g_ptr_array_unref);
    g_free((char *)o->cfg.vm_name);
    g_free((char *)o->cfg.uuid);
    g_free((char *)o->cfg.boot_once);
    g_free(o->pidfile);
    g_free(o->object_help);
    net_config_free(&o->net);
    memset(o, 0, sizeof(*o));
}
