/*
 * ppc64-lite: process start (DESIGN.md, "The flows" 1). Parse the command
 * line, set up logging and the character devices, build the machine chosen
 * with -M (core/registry.c lists those built in), attach the monitor, and
 * run the main loop until the guest or the user ends it. Every start-up
 * error is one line on stderr and exit status 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/accel.h"
#include "core/chardev.h"
#include "core/device.h"
#include "core/gdbstub.h"
#include "core/log.h"
#include "core/machine.h"
#include "core/main-loop.h"
#include "core/monitor.h"
#include "core/monitor-wait.h"
#include "core/net.h"
#include "core/options.h"
#include "core/pidfile.h"
#include "core/qmp.h"
#include "core/rng-backend.h"
#include "core/timer.h"

/*
 * The first line of -version and -help, in QEMU's format because tools
 * (libvirt, avocado, distribution scripts) parse "QEMU emulator version
 * X.Y.Z" to learn what they drive: the QEMU release whose command line and
 * pseries machine this follows, and what it really is in the parenthesis
 * where QEMU puts its package version.
 */
#define QEMU_COMPAT_VERSION "7.2.0"

static void print_version_line(void)
{
    printf("QEMU emulator version " QEMU_COMPAT_VERSION " (ppc64-lite %s)\n", PPC64LITE_VERSION);
}

/* -help, -version and the `help` forms that need no machine (-M, -accel, -d): print, exit 0 (1 if bad). */
static bool print_general_help(const Options *o, int *status)
{
    GString *out;

    if (o->show_help) {
        print_version_line();
        options_print_help(stdout);
    } else if (o->show_version) {
        print_version_line();
        printf("ppc64-lite: the IBM pseries machine with qemu-system-ppc64's command line; "
               "not QEMU\n");
    } else if (o->machine_help) {
        out = g_string_new(NULL);
        machine_class_list(out);
        fputs(out->str, stdout);
        g_string_free(out, TRUE);
    } else if (o->accel_help) {
        out = g_string_new(NULL);
        accel_list(out);
        fputs(out->str, stdout);
        g_string_free(out, TRUE);
    } else if (o->log_categories && !strcmp(o->log_categories, "help")) {
        log_print_help();
    } else if (o->firmware_dirs_help) {
        for (guint i = 0; i < o->cfg.firmware_dirs->len; i++) {
            printf("%s\n", (const char *)o->cfg.firmware_dirs->pdata[i]);
        }
        printf("%s\n", PPC64LITE_BIOS_DIR);
    } else if (o->object_help) {
        Error *err = NULL;
        out = g_string_new(NULL);
        bool ok = rng_object_help(o->object_help, out, &err);
        fputs(out->str, stdout);
        g_string_free(out, TRUE);
        if (!ok) {
            error_report("-object %s: %s", o->object_help, error_get_pretty(err));
            error_free(err);
            *status = 1;
        }
    } else if (o->net.help) {
        printf("Available netdev backend types:\nuser\n");
    } else {
        return false;
    }
    return true;
}

/* The `help` forms of what the machine offers (-cpu, -device): print, exit 0 (1 if bad). */
static bool print_machine_help(const Options *o, const MachineClass *mc, int *status)
{
    GString *out = g_string_new(NULL);
    Error *err = NULL;
    bool done = true;

    if (o->cpu_help) {
        machine_cpu_model_list(mc, out);
    } else if (o->machine_props_help) {
        if (mc->props_help) {
            mc->props_help(out);
        } else {
            g_string_append_printf(out, "%s has no machine options\n", mc->name);
        }
    } else if (o->device_help) {
        if (!device_option_help(o->device_help, out, &err)) {
            error_report("-device %s: %s", o->device_help, error_get_pretty(err));
            error_free(err);
            *status = 1;
        }
    } else {
        done = false;
    }
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
    return done;
}

/* -M NAME (or the default) among the machines built in; its types get registered. */
static const MachineClass *select_machine(Options *o)
{
    const char *name = o->cfg.machine_type;
    const MachineClass *mc = name ? machine_class_find(name) : machine_class_default();

    if (!mc) {
        char *why = machine_class_unknown_message(name);

        error_report("%s", why);
        g_free(why);
        return NULL;
    }
    g_free((char *)o->cfg.machine_type);
    o->cfg.machine_type = g_strdup(mc->name);
    if (mc->register_types) {
        mc->register_types();
    }
    return mc;
}

/*
 * -accel NAME (or the default engine) among those built in: its options, its
 * init, its monitor topics; then the main loop and the gdb stub run on it.
 */
/*
 * -M accel=A:B:...: the first engine of the list this build has, with QEMU's
 * words for each one skipped ("invalid accelerator kvm", "falling back to
 * tcg"); NULL if none is.
 */
static const AccelOps *accel_from_list(const char *list)
{
    g_auto(GStrv) names = g_strsplit(list, ":", -1);
    const AccelOps *ops = NULL;
    bool skipped = false;

    for (int i = 0; names[i] && !ops; i++) {
        ops = accel_find(names[i]);
        if (!ops) {
            error_report("invalid accelerator %s", names[i]);
            skipped = true;
        } else if (skipped) {
            error_report("falling back to %s", names[i]);
        }
    }
    return ops;
}

/* -1: go on; otherwise the exit status (1 for an error, 0 after -accel NAME,help). */
static int setup_accel(const Options *o)
{
    const AccelOps *ops = !o->accel ? accel_default()
                          : o->accel_is_list ? accel_from_list(o->accel) : accel_find(o->accel);
    Error *err = NULL;

    if (!ops) {
        error_report("-accel: accelerator '%s' is not supported (use -accel help)", o->accel);
        return 1;
    }
    for (guint i = 0; i + 1 < o->accel_props->len; i += 2) {
        const char *key = g_ptr_array_index(o->accel_props, i);
        const char *value = g_ptr_array_index(o->accel_props, i + 1);

        /* -accel NAME,help: the engine's options, as QEMU lists an accelerator's properties. */
        if (!strcmp(key, "help") && ops->options_help) {
            printf("%s options:\n%s", ops->name, ops->options_help);
            return 0;
        }
        if (!ops->set_option) {
            error_setg(&err, "invalid parameter '%s'", key);
        } else {
            ops->set_option(key, value, &err);     /* sets err when it returns false */
        }
        if (err) {
            error_prepend(&err, "-accel: ");
            error_report_err(err);
            return 1;
        }
    }
    if (ops->init && !ops->init(&err)) {
        error_prepend(&err, "-accel %s: ", ops->name);
        error_report_err(err);
        return 1;
    }
    if (ops->info_commands) {
        monitor_register_info(ops->info_commands);
    }
    accel_use(ops);
    return -1;
}

/* -cpu NAME (or the machine's default) among the machine's models; an alias becomes its model. */
static bool select_cpu_model(Options *o, const MachineClass *mc)
{
    const char *name = o->cfg.cpu_model ? o->cfg.cpu_model : mc->default_cpu;
    const CPUModel *model = machine_cpu_model_find(mc, name);

    if (!model) {
        error_report("-cpu: unknown CPU model '%s' (use -cpu help)", name);
        return false;
    }
    name = g_strdup(model->name);
    g_free((char *)o->cfg.cpu_model);
    o->cfg.cpu_model = name;
    return true;
}

static bool setup_logging(const Options *o)
{
    uint32_t mask = 0;
    char *msg = NULL;

    if (o->log_categories && !log_parse_categories(o->log_categories, &mask, &msg)) {
        error_report("-d: %s", msg ? msg : "invalid log items");
        g_free(msg);
        return false;
    }
    if (o->log_file && !log_set_file(o->log_file)) {
        error_report("-D: cannot open '%s'", o->log_file);
        return false;
    }
    log_set_mask(mask);
    return true;
}

/* The -qmp and -mon monitors' back ends (parallel to Options.monitors), and the extra human monitors. */
static GPtrArray *extra_monitor_chrs;
static GPtrArray *extra_monitors;
static Chardev *script_chr;         /* -monitor-script: the file in, stdout out */
static Monitor *script_monitor;

/*
 * The back ends of -qmp and -mon (a socket with wait=on blocks here for its
 * first client, before the machine is built, as in QEMU).
 */
static bool setup_monitor_chardevs(Options *o)
{
    Error *err = NULL;

    if (o->monitor_script && !strcmp(o->monitor_script, "-")) {
        script_chr = chardev_new_fd(STDIN_FILENO, STDOUT_FILENO);
    } else if (o->monitor_script) {
        int fd = open(o->monitor_script, O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            error_report("-monitor-script: cannot open '%s': %s", o->monitor_script,
                         g_strerror(errno));
            return false;
        }
        script_chr = chardev_new_fd(fd, STDOUT_FILENO);
    }
    extra_monitor_chrs = g_ptr_array_new();
    for (guint i = 0; i < o->monitors->len; i++) {
        const MonitorConfig *mc = o->monitors->pdata[i];
        Chardev *chr = mc->spec ? chardev_new(mc->spec, &err) : chardev_find(mc->chardev_id);

        if (!chr) {
            if (mc->spec) {
                error_prepend(&err, "-qmp %s: ", mc->spec);
                error_report_err(err);
            } else {
                error_report("-mon: no -chardev with id '%s'", mc->chardev_id);
            }
            return false;
        }
        for (guint j = 0; j < extra_monitor_chrs->len; j++) {
            if (extra_monitor_chrs->pdata[j] == chr) {
                error_report("-mon: chardev '%s' already has a monitor", mc->chardev_id);
                return false;
            }
        }
        g_ptr_array_add(extra_monitor_chrs, chr);
    }
    return true;
}

/*
 * After the machine exists: QMP sessions and human monitors on those back
 * ends. A chardev without mux=on takes one front end (QEMU: "in use").
 */
static bool start_monitors(const Options *o)
{
    /* wait-console watches the console; wait-event's record starts now. */
    monitor_wait_set_console(o->cfg.serial);
    if (script_chr) {
        script_monitor = monitor_new_script(script_chr);
    }
    extra_monitors = g_ptr_array_new();
    for (guint i = 0; i < o->monitors->len; i++) {
        const MonitorConfig *mc = o->monitors->pdata[i];
        Chardev *chr = extra_monitor_chrs->pdata[i];

        if (chardev_in_use(chr)) {
            error_report("-mon chardev=%s: Device '%s' is in use", mc->chardev_id,
                         mc->chardev_id);
            return false;
        }
        if (mc->control) {
            qmp_session_new(chr);
        } else {
            g_ptr_array_add(extra_monitors, monitor_new(chr));
        }
    }
    return true;
}

/* A script that did not run to its end (or to quit) fails the run. */
static int check_script(int status)
{
    g_autoptr(GString) why = g_string_new(NULL);

    if (script_monitor && !monitor_script_finished(script_monitor, why)) {
        monitor_error(script_monitor, "%s", why->str);
        return status ? status : 1;
    }
    return status;
}

static void stop_monitors(void)
{
    monitor_free(script_monitor);
    script_monitor = NULL;
    qmp_cleanup();
    for (guint i = 0; extra_monitors && i < extra_monitors->len; i++) {
        monitor_free(extra_monitors->pdata[i]);
    }
    g_clear_pointer(&extra_monitors, g_ptr_array_unref);
    g_clear_pointer(&extra_monitor_chrs, g_ptr_array_unref);
}

/* The console back end goes into the config; the monitor's is returned. */
static bool setup_chardevs(Options *o, Chardev **monitor_chr)
{
    Error *err = NULL;

    *monitor_chr = NULL;
    /* -object and -chardev first: -device and -serial/-mon name them. */
    for (guint i = 0; i < o->objects->len; i++) {
        if (!rng_object_add(o->objects->pdata[i], &err)) {
            error_prepend(&err, "-object %s: ", (const char *)o->objects->pdata[i]);
            error_report_err(err);
            return false;
        }
    }
    for (guint i = 0; i < o->chardevs->len; i++) {
        if (!chardev_new_opts(o->chardevs->pdata[i], &err)) {
            error_report_err(err);
            return false;
        }
    }
    /* A script on stdin: the console (and monitor) on stdio only write there. */
    if (o->monitor_script && !strcmp(o->monitor_script, "-")) {
        chardev_stdio_output_only();
    }
    if (o->serial_spec && !(o->cfg.serial = chardev_new(o->serial_spec, &err))) {
        error_prepend(&err, "-serial: ");
        error_report_err(err);
        return false;
    }
    if (o->monitor_on_mux) {
        *monitor_chr = chardev_stdio_mux();
    } else if (o->monitor_spec && !(*monitor_chr = chardev_new(o->monitor_spec, &err))) {
        error_prepend(&err, "-monitor: ");
        error_report_err(err);
        return false;
    }
    return setup_monitor_chardevs(o);
}

static int run(Options *o)
{
    const MachineClass *mc;
    Chardev *monitor_chr;
    Machine *m;
    Error *err = NULL;
    int status = 0;

    if (print_general_help(o, &status)) {
        return status;
    }
    mc = select_machine(o);
    if (!mc) {
        return 1;
    }
    if (print_machine_help(o, mc, &status)) {
        return status;
    }
    /* -global needs the machine's device types, registered by select_machine. */
    for (guint i = 0; i + 2 < o->globals->len; i += 3) {
        const char *driver = o->globals->pdata[i], *prop = o->globals->pdata[i + 1];
        const char *value = o->globals->pdata[i + 2];

        if (!device_global_add(driver, prop, value, &err)) {
            error_prepend(&err, "-global %s.%s=%s: ", driver, prop, value);
            error_report_err(err);
            return 1;
        }
    }
    if (!setup_logging(o) || !select_cpu_model(o, mc)) {
        return 1;
    }
    if (!o->cfg.ram_size) {
        o->cfg.ram_size = mc->default_ram;
    }
    if (o->cfg.max_cpus > mc->max_smp) {
        /* QEMU's wording (scripts grep for it), naming the machine as given. */
        error_report("Invalid SMP CPUs %d. The max CPUs supported by machine '%s' is %d",
                     o->cfg.max_cpus, o->cfg.machine_type ? o->cfg.machine_type : mc->name,
                     mc->max_smp);
        return 1;
    }
    if (o->icount_shift >= 0) {
        clock_icount_enable(o->icount_shift);
        main_loop_set_icount_sleep(o->icount_sleep);
    }
    status = setup_accel(o);
    if (status >= 0) {
        return status;
    }
    main_loop_set_no_reboot(o->cfg.no_reboot);
    machine_set_panic_action(o->panic_action);
    main_loop_set_no_shutdown(o->no_shutdown);
    machine_set_identity(o->cfg.vm_name, o->cfg.uuid);
    if (!setup_chardevs(o, &monitor_chr)) {
        return 1;
    }
    /* Back ends before the machine: its NICs connect to them (and take -nic's requests). */
    if (!net_init(&o->net, &err)) {
        error_report_err(err);
        return 1;
    }
    m = machine_create(mc, &o->cfg, &err);
    if (!m || !net_check_clients(&err)) {
        error_report_err(err);
        return 1;
    }
    gdbstub_monitor_register();
    monitor_set_machine(mc, m);
    if (monitor_chr && o->monitor_spec && g_str_has_prefix(o->monitor_spec, "chardev:") &&
        chardev_in_use(monitor_chr)) {
        error_report("-monitor %s: Device '%s' is in use", o->monitor_spec,
                     o->monitor_spec + strlen("chardev:"));
        return 1;
    }
    if (monitor_chr) {
        monitor_init(monitor_chr);
    }
    if (!start_monitors(o)) {
        return 1;
    }
    if (o->gdb_port >= 0) {
        char *spec = g_strdup_printf("tcp::%d", o->gdb_port);
        bool ok = gdbstub_init(spec, &err);
        g_free(spec);
        if (!ok) {
            error_report_err(err);
            return 1;
        }
    }
    if (o->start_stopped) {
        vm_stop();
    } else {
        vm_start();
    }
    status = main_loop_run(mc, m);
    status = check_script(status);
    gdbstub_report_exit(status);
    return status;
}

int main(int argc, char **argv)
{
    Options o;
    Error *err = NULL;
    int status;

    /* A closed stdout pipe must not kill the emulator; writes then just fail. */
    signal(SIGPIPE, SIG_IGN);
    if (!options_parse(argc, argv, &o, &err)) {
        error_report_err(err);
        options_free(&o);
        return 1;
    }
    if (o.pidfile && !o.show_help && !o.show_version && !pidfile_create(o.pidfile, &err)) {
        error_report_err(err);
        options_free(&o);
        return 1;
    }
    status = run(&o);
    stop_monitors();
    monitor_cleanup();
    net_cleanup();
    chardev_cleanup_all();
    rng_backends_cleanup();
    device_globals_clear();
    pidfile_remove();
    log_flush();
    fflush(stdout);
    options_free(&o);
    return status;
}
