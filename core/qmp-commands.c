/*
 * The QMP commands core/ answers itself, with the argument and return shapes
 * of QEMU's schema (qapi/run-state.json, control.json, qdev.json,
 * machine.json, misc.json). query-pci is pci/'s (pci/pci-qmp.c).
 *
 * device_add and device_del take the path the monitor's commands take
 * (device_create_from_string, device_unplug_request), so -device, HMP and
 * QMP cannot disagree about a device.
 */
#include <stdio.h>
#include <string.h>

#include "core/cpu.h"
#include "core/device.h"
#include "core/machine.h"
#include "core/main-loop.h"
#include "core/monitor.h"
#include "core/qmp.h"

static void set_error_from(QmpError **errp, Error *err)
{
    qmp_error_set(errp, QMP_ERROR_GENERIC, "%s", error_get_pretty(err));
    error_free(err);
}

/* ---- run state ---- */

/* {"running", "singlestep" (always false; QEMU 7.2 still has it), "status"} */
static JsonNode *qmp_query_status(JsonObject *args, QmpError **errp)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    bool running = vm_running();

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "running");
    json_builder_add_boolean_value(b, running);
    json_builder_set_member_name(b, "singlestep");
    json_builder_add_boolean_value(b, false);
    json_builder_set_member_name(b, "status");
    json_builder_add_string_value(b, running ? "running" : vm_is_shut_down() ? "shutdown"
                                     : vm_started() ? "paused" : "prelaunch");
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

/* {"name": NAME}, or {} without -name */
static JsonNode *qmp_query_name(JsonObject *args, QmpError **errp)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_object(b);
    if (machine_vm_name()) {
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, machine_vm_name());
    }
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

static JsonNode *qmp_query_uuid(JsonObject *args, QmpError **errp)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "UUID");
    json_builder_add_string_value(b, machine_uuid());
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

static JsonNode *qmp_stop(JsonObject *args, QmpError **errp)
{
    vm_stop();
    return NULL;
}

static JsonNode *qmp_cont(JsonObject *args, QmpError **errp)
{
    if (vm_is_shut_down()) {
        qmp_error_set(errp, QMP_ERROR_GENERIC, "Resetting the Virtual Machine is required");
        return NULL;
    }
    vm_start();
    return NULL;
}

static JsonNode *qmp_system_reset(JsonObject *args, QmpError **errp)
{
    machine_request_shutdown_host(SHUTDOWN_RESET);
    return NULL;
}

static JsonNode *qmp_system_powerdown(JsonObject *args, QmpError **errp)
{
    Error *err = NULL;

    if (!monitor_system_powerdown(&err)) {
        set_error_from(errp, err);
    }
    return NULL;
}

/* The reply goes out now; SHUTDOWN follows when the main loop ends the run. */
static JsonNode *qmp_quit(JsonObject *args, QmpError **errp)
{
    machine_request_shutdown_host(SHUTDOWN_QUIT);
    main_loop_notify();
    return NULL;
}

/* {"qemu": {"major", "minor", "micro"}, "package"}: the same as the greeting's. */
static JsonNode *qmp_query_version(JsonObject *args, QmpError **errp)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "qemu");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "major");
    json_builder_add_int_value(b, QMP_QEMU_MAJOR);
    json_builder_set_member_name(b, "minor");
    json_builder_add_int_value(b, QMP_QEMU_MINOR);
    json_builder_set_member_name(b, "micro");
    json_builder_add_int_value(b, QMP_QEMU_MICRO);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "package");
    json_builder_add_string_value(b, "ppc64-lite " PPC64LITE_VERSION);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

/* ---- devices ---- */

/* A QMP scalar as option-string text: strings as they are, numbers, on/off. */
static char *scalar_text(JsonNode *n)
{
    GType t = json_node_get_value_type(n);

    if (t == G_TYPE_STRING) {
        return g_strdup(json_node_get_string(n));
    }
    if (t == G_TYPE_BOOLEAN) {
        return g_strdup(json_node_get_boolean(n) ? "on" : "off");
    }
    if (t == G_TYPE_INT64) {
        return g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(n));
    }
    return g_strdup_printf("%.17g", json_node_get_double(n));
}

/* "key=value" onto the option string, with ',' doubled as QEMU's syntax wants. */
static void append_opt(GString *s, const char *key, const char *value)
{
    g_string_append_printf(s, ",%s=", key);
    for (const char *p = value; *p; p++) {
        g_string_append_c(s, *p);
        if (*p == ',') {
            g_string_append_c(s, ',');
        }
    }
}

/*
 * {"driver", "id"?, "bus"?, properties...}: turned into the -device string
 * "driver,id=...,bus=...,prop=value" and created as hot-plugged.
 */
static JsonNode *qmp_device_add(JsonObject *args, QmpError **errp)
{
    const char *driver = json_object_get_string_member(args, "driver");
    g_autoptr(GString) opts = g_string_new(NULL);
    g_autoptr(GList) members = json_object_get_members(args);
    Error *err = NULL;

    if (!*driver || strchr(driver, ',') || strchr(driver, '=')) {
        qmp_error_set(errp, QMP_ERROR_GENERIC, "Invalid driver name '%s'", driver);
        return NULL;
    }
    g_string_append(opts, driver);
    for (GList *m = members; m; m = m->next) {
        const char *key = m->data;
        g_autofree char *value = NULL;

        if (!strcmp(key, "driver")) {
            continue;
        }
        if (!*key || strchr(key, ',') || strchr(key, '=')) {
            qmp_error_set(errp, QMP_ERROR_GENERIC, "Invalid parameter name '%s'", key);
            return NULL;
        }
        value = scalar_text(json_object_get_member(args, key));
        append_opt(opts, key, value);
    }
    if (device_option_is_help(opts->str)) {
        qmp_error_set(errp, QMP_ERROR_GENERIC, "device_add: 'help' is for the human monitor");
        return NULL;
    }
    if (!device_create_from_string(opts->str, true, &err)) {
        set_error_from(errp, err);
    }
    return NULL;
}

/* {"id"}: asks for the removal; DEVICE_DELETED says when it has happened. */
static JsonNode *qmp_device_del(JsonObject *args, QmpError **errp)
{
    const char *id = json_object_get_string_member(args, "id");
    Device *dev = device_find_by_id(id);
    Error *err = NULL;

    if (!dev) {
        qmp_error_set(errp, QMP_ERROR_DEVICE_NOT_FOUND, "Device '%s' not found", id);
        return NULL;
    }
    if (!device_unplug_request(dev, &err)) {
        set_error_from(errp, err);
    }
    return NULL;
}

/* ---- the human monitor ---- */

/* {"command-line", "cpu-index"?} -> the text the command printed. */
static JsonNode *qmp_human_monitor_command(JsonObject *args, QmpError **errp)
{
    const char *line = json_object_get_string_member(args, "command-line");
    int64_t cpu = json_object_get_int_member_with_default(args, "cpu-index", 0);
    g_autofree char *out = NULL;

    if (cpu < 0 || (cpu > 0 && cpu >= cpu_count())) {
        qmp_error_set(errp, QMP_ERROR_GENERIC, "Parameter 'cpu-index' expects a CPU index "
                      "below %d", cpu_count());
        return NULL;
    }
    out = monitor_run_captured(line, (int)cpu);
    return qmp_string_node(out);
}

static const QmpCommand builtin_commands[] = {
    { "query-status", qmp_query_status },
    { "query-version", qmp_query_version },
    { "query-name", qmp_query_name },
    { "query-uuid", qmp_query_uuid },
    { "stop", qmp_stop },
    { "cont", qmp_cont },
    { "system_reset", qmp_system_reset },
    { "system_powerdown", qmp_system_powerdown },
    { "quit", qmp_quit },
    { "device_add", qmp_device_add,
      { { "driver", QMP_ARG_STR }, { "id", QMP_ARG_STR, true }, { "bus", QMP_ARG_STR, true } },
      .extra_scalars = true },
    { "device_del", qmp_device_del, { { "id", QMP_ARG_STR } } },
    { "human-monitor-command", qmp_human_monitor_command,
      { { "command-line", QMP_ARG_STR }, { "cpu-index", QMP_ARG_INT, true } } },
    { NULL },
};

void qmp_register_builtin_commands(void)
{
    qmp_register_commands(builtin_commands);
}
