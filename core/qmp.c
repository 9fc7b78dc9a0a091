/*
 * QMP sessions and dispatch (see qmp.h). The protocol follows QEMU's
 * docs/interop/qmp-spec; the error texts of the dispatcher and the argument
 * checks are QEMU's (qapi/qmp-dispatch.c, the QObject input visitor), since
 * clients and their tests look at them.
 *
 * A session starts in capabilities-negotiation mode: only qmp_capabilities
 * runs, anything else is CommandNotFound, and no events are sent. After it,
 * command mode until the client goes; the next client starts over. Output
 * messages end with CRLF, as the spec says.
 */
#include "core/qmp.h"

#include <stdarg.h>
#include <string.h>

#include "core/events.h"
#include "core/json-stream.h"

struct QmpSession {
    Chardev *chr;
    JsonStream *stream;
    bool command_mode;
};

static GPtrArray *command_tables;   /* of const QmpCommand * */
static GPtrArray *sessions;         /* of QmpSession * */

/* ---- errors ---- */

void qmp_error_set(QmpError **errp, const char *cls, const char *fmt, ...)
{
    va_list ap;
    QmpError *err;

    if (!errp || *errp) {
        return;
    }
    err = g_new0(QmpError, 1);
    err->cls = g_strdup(cls);
    va_start(ap, fmt);
    err->desc = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    *errp = err;
}

void qmp_error_free(QmpError *err)
{
    if (err) {
        g_free(err->cls);
        g_free(err->desc);
        g_free(err);
    }
}

JsonNode *qmp_string_node(const char *str)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);

    json_node_set_string(n, str);
    return n;
}

/* ---- the command tables ---- */

void qmp_register_commands(const QmpCommand *cmds)
{
    if (!command_tables) {
        command_tables = g_ptr_array_new();
    }
    g_ptr_array_add(command_tables, (gpointer)cmds);
}

static const QmpCommand *find_command(const char *name)
{
    for (guint t = 0; command_tables && t < command_tables->len; t++) {
        for (const QmpCommand *c = command_tables->pdata[t]; c->name; c++) {
            if (!strcmp(c->name, name)) {
                return c;
            }
        }
    }
    return NULL;
}

/* query-commands: every registered name, and qmp_capabilities. */
static JsonNode *qmp_query_commands(JsonObject *args, QmpError **errp)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_array(b);
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, "qmp_capabilities");
    json_builder_end_object(b);
    for (guint t = 0; command_tables && t < command_tables->len; t++) {
        for (const QmpCommand *c = command_tables->pdata[t]; c->name; c++) {
            json_builder_begin_object(b);
            json_builder_set_member_name(b, "name");
            json_builder_add_string_value(b, c->name);
            json_builder_end_object(b);
        }
    }
    json_builder_end_array(b);
    return json_builder_get_root(b);
}

static const QmpCommand control_commands[] = {
    { "query-commands", qmp_query_commands },
    { NULL },
};

/* ---- argument checks ---- */

static const char *const type_names[] = {
    [QMP_ARG_STR] = "string",
    [QMP_ARG_INT] = "integer",
    [QMP_ARG_BOOL] = "boolean",
    [QMP_ARG_STR_LIST] = "array",
    [QMP_ARG_SCALAR] = "string",
};

static bool value_is(JsonNode *n, GType type)
{
    return JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == type;
}

static bool arg_type_ok(JsonNode *n, QmpArgType type)
{
    switch (type) {
    case QMP_ARG_STR:
        return value_is(n, G_TYPE_STRING);
    case QMP_ARG_INT:
        return value_is(n, G_TYPE_INT64);
    case QMP_ARG_BOOL:
        return value_is(n, G_TYPE_BOOLEAN);
    case QMP_ARG_STR_LIST:
        if (!JSON_NODE_HOLDS_ARRAY(n)) {
            return false;
        }
        for (guint i = 0; i < json_array_get_length(json_node_get_array(n)); i++) {
            if (!value_is(json_array_get_element(json_node_get_array(n), i), G_TYPE_STRING)) {
                return false;
            }
        }
        return true;
    case QMP_ARG_SCALAR:
        return JSON_NODE_HOLDS_VALUE(n);
    }
    return false;
}

static const QmpArg *find_arg(const QmpCommand *c, const char *name)
{
    for (const QmpArg *a = c->args; a < c->args + QMP_MAX_ARGS && a->name; a++) {
        if (!strcmp(a->name, name)) {
            return a;
        }
    }
    return NULL;
}

static bool check_args(const QmpCommand *c, JsonObject *args, QmpError **errp)
{
    g_autoptr(GList) members = json_object_get_members(args);

    for (const QmpArg *a = c->args; a < c->args + QMP_MAX_ARGS && a->name; a++) {
        JsonNode *n = json_object_get_member(args, a->name);
        if (!n) {
            if (!a->optional) {
                qmp_error_set(errp, QMP_ERROR_GENERIC, "Parameter '%s' is missing", a->name);
                return false;
            }
        } else if (!arg_type_ok(n, a->type)) {
            qmp_error_set(errp, QMP_ERROR_GENERIC,
                          "Invalid parameter type for '%s', expected: %s", a->name,
                          type_names[a->type]);
            return false;
        }
    }
    for (GList *m = members; m; m = m->next) {
        const char *name = m->data;
        if (find_arg(c, name)) {
            continue;
        }
        if (!c->extra_scalars) {
            qmp_error_set(errp, QMP_ERROR_GENERIC, "Parameter '%s' is unexpected", name);
            return false;
        }
        if (!arg_type_ok(json_object_get_member(args, name), QMP_ARG_SCALAR)) {
            qmp_error_set(errp, QMP_ERROR_GENERIC,
                          "Invalid parameter type for '%s', expected: string", name);
            return false;
        }
    }
    return true;
}

/* ---- output ---- */

static void send_node(QmpSession *s, JsonNode *root)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autofree char *text = NULL;
    gsize len;

    json_generator_set_root(gen, root);
    text = json_generator_to_data(gen, &len);
    chardev_write(s->chr, (const uint8_t *)text, len);
    chardev_write(s->chr, (const uint8_t *)"\r\n", 2);
}

/* {"return": result, "id": id} or {"error": {...}, "id": id}; takes result and err. */
static void send_response(QmpSession *s, JsonNode *result, QmpError *err, JsonNode *id)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object(b);
    if (err) {
        json_builder_set_member_name(b, "error");
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "class");
        json_builder_add_string_value(b, err->cls);
        json_builder_set_member_name(b, "desc");
        json_builder_add_string_value(b, err->desc);
        json_builder_end_object(b);
        qmp_error_free(err);
        if (result) {
            json_node_unref(result);
        }
    } else {
        json_builder_set_member_name(b, "return");
        if (result) {
            json_builder_add_value(b, result);
        } else {
            json_builder_begin_object(b);
            json_builder_end_object(b);
        }
    }
    if (id) {
        json_builder_set_member_name(b, "id");
        json_builder_add_value(b, json_node_copy(id));
    }
    json_builder_end_object(b);
    root = json_builder_get_root(b);
    send_node(s, root);
}

static void send_error(QmpSession *s, JsonNode *id, const char *cls, const char *desc)
{
    QmpError *err = NULL;

    qmp_error_set(&err, cls, "%s", desc);
    send_response(s, NULL, err, id);
}

static void send_greeting(QmpSession *s)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "QMP");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "version");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "qemu");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "micro");
    json_builder_add_int_value(b, QMP_QEMU_MICRO);
    json_builder_set_member_name(b, "minor");
    json_builder_add_int_value(b, QMP_QEMU_MINOR);
    json_builder_set_member_name(b, "major");
    json_builder_add_int_value(b, QMP_QEMU_MAJOR);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "package");
    json_builder_add_string_value(b, "ppc64-lite " PPC64LITE_VERSION);
    json_builder_end_object(b);
    json_builder_set_member_name(b, "capabilities");
    json_builder_begin_array(b);    /* no oob: commands run one after the other */
    json_builder_end_array(b);
    json_builder_end_object(b);
    json_builder_end_object(b);
    root = json_builder_get_root(b);
    send_node(s, root);
}

/* ---- events ---- */

static void send_event(void *opaque, const char *name, JsonObject *data, int64_t when_us)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "event");
    json_builder_add_string_value(b, name);
    if (data) {
        JsonNode *n = json_node_new(JSON_NODE_OBJECT);
        json_node_set_object(n, data);
        json_builder_set_member_name(b, "data");
        json_builder_add_value(b, n);
    }
    json_builder_set_member_name(b, "timestamp");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "seconds");
    json_builder_add_int_value(b, when_us / G_USEC_PER_SEC);
    json_builder_set_member_name(b, "microseconds");
    json_builder_add_int_value(b, when_us % G_USEC_PER_SEC);
    json_builder_end_object(b);
    json_builder_end_object(b);
    root = json_builder_get_root(b);
    for (guint i = 0; sessions && i < sessions->len; i++) {
        QmpSession *s = sessions->pdata[i];
        /* Not before negotiation (qmp-spec, "Capabilities Negotiation"). */
        if (s->command_mode) {
            send_node(s, root);
        }
    }
}

/* ---- dispatch ---- */

static void qmp_capabilities(QmpSession *s, JsonObject *args, JsonNode *id)
{
    static const QmpCommand caps = {
        "qmp_capabilities", NULL, { { "enable", QMP_ARG_STR_LIST, true } },
    };
    QmpError *err = NULL;
    JsonNode *enable;

    if (s->command_mode) {
        send_error(s, id, QMP_ERROR_COMMAND_NOT_FOUND,
                   "Capabilities negotiation is already complete, command ignored");
        return;
    }
    if (!check_args(&caps, args, &err)) {
        send_response(s, NULL, err, id);
        return;
    }
    /* The greeting offers nothing, so any capability asked for is unavailable. */
    enable = json_object_get_member(args, "enable");
    if (enable && json_array_get_length(json_node_get_array(enable)) > 0) {
        const char *cap = json_array_get_string_element(json_node_get_array(enable), 0);
        qmp_error_set(&err, QMP_ERROR_GENERIC, "Capability '%s' not available", cap);
        send_response(s, NULL, err, id);
        return;
    }
    s->command_mode = true;
    send_response(s, NULL, NULL, id);
}

static void dispatch(QmpSession *s, JsonNode *req)
{
    JsonObject *obj, *args;
    JsonNode *id, *exec, *args_node;
    const QmpCommand *c;
    const char *name;
    QmpError *err = NULL;
    JsonNode *result;
    g_autoptr(JsonObject) empty = json_object_new();
    g_autoptr(GList) members = NULL;

    if (!req || !JSON_NODE_HOLDS_OBJECT(req)) {
        send_error(s, NULL, QMP_ERROR_GENERIC, "QMP input must be a JSON object");
        return;
    }
    obj = json_node_get_object(req);
    id = json_object_get_member(obj, "id");
    members = json_object_get_members(obj);
    for (GList *m = members; m; m = m->next) {
        if (strcmp(m->data, "execute") && strcmp(m->data, "arguments") && strcmp(m->data, "id")) {
            g_autofree char *msg =
                g_strdup_printf("QMP input member '%s' is unexpected", (char *)m->data);
            send_error(s, id, QMP_ERROR_GENERIC, msg);
            return;
        }
    }
    exec = json_object_get_member(obj, "execute");
    if (!exec) {
        send_error(s, id, QMP_ERROR_GENERIC, "QMP input lacks member 'execute'");
        return;
    }
    if (!value_is(exec, G_TYPE_STRING)) {
        send_error(s, id, QMP_ERROR_GENERIC, "QMP input member 'execute' must be a string");
        return;
    }
    args_node = json_object_get_member(obj, "arguments");
    if (args_node && !JSON_NODE_HOLDS_OBJECT(args_node)) {
        send_error(s, id, QMP_ERROR_GENERIC, "QMP input member 'arguments' must be an object");
        return;
    }
    args = args_node ? json_node_get_object(args_node) : empty;
    name = json_node_get_string(exec);
    if (!strcmp(name, "qmp_capabilities")) {
        qmp_capabilities(s, args, id);
        return;
    }
    if (!s->command_mode) {
        send_error(s, id, QMP_ERROR_COMMAND_NOT_FOUND,
                   "Expecting capabilities negotiation with 'qmp_capabilities'");
        return;
    }
    c = find_command(name);
    if (!c) {
        g_autofree char *msg = g_strdup_printf("The command %s has not been found", name);
        send_error(s, id, QMP_ERROR_COMMAND_NOT_FOUND, msg);
        return;
    }
    if (!check_args(c, args, &err)) {
        send_response(s, NULL, err, id);
        return;
    }
    result = c->fn(args, &err);
    send_response(s, result, err, id);
}

static void message_ready(void *opaque, const char *text, size_t len, const char *error)
{
    QmpSession *s = opaque;
    g_autoptr(JsonParser) parser = NULL;
    GError *gerr = NULL;

    if (error) {
        send_error(s, NULL, QMP_ERROR_GENERIC, error);
        return;
    }
    parser = json_parser_new();
    if (!json_parser_load_from_data(parser, text, (gssize)len, &gerr)) {
        /* json-glib says "<data>:LINE:COL: Parse error: WHAT": keep WHAT. */
        const char *what = strstr(gerr->message, "error: ");
        g_autofree char *msg =
            g_strdup_printf("JSON parse error, %s", what ? what + 7 : gerr->message);
        g_error_free(gerr);
        send_error(s, NULL, QMP_ERROR_GENERIC, msg);
        return;
    }
    dispatch(s, json_parser_get_root(parser));
}

/* ---- the chardev side ---- */

static size_t qmp_can_receive(void *opaque)
{
    return 4096;
}

static void qmp_receive(void *opaque, const uint8_t *buf, size_t len)
{
    QmpSession *s = opaque;

    json_stream_feed(s->stream, buf, len);
}

static void qmp_event(void *opaque, ChardevEvent ev)
{
    QmpSession *s = opaque;

    /* Each client starts from the greeting, in negotiation mode. */
    s->command_mode = false;
    json_stream_reset(s->stream);
    if (ev == CHARDEV_OPENED) {
        send_greeting(s);
    }
}

QmpSession *qmp_session_new(Chardev *chr)
{
    QmpSession *s = g_new0(QmpSession, 1);
    ChardevFrontend fe = {
        .can_receive = qmp_can_receive,
        .receive = qmp_receive,
        .event = qmp_event,
        .opaque = s,
    };

    if (!command_tables || !g_ptr_array_find(command_tables, control_commands, NULL)) {
        qmp_register_commands(control_commands);
        qmp_register_builtin_commands();
    }
    if (!sessions) {
        sessions = g_ptr_array_new();
        event_listen(send_event, NULL);
    }
    s->chr = chr;
    s->stream = json_stream_new(QMP_MAX_MESSAGE, message_ready, s);
    g_ptr_array_add(sessions, s);
    chardev_attach(chr, &fe);       /* greets at once unless chr is a socket */
    return s;
}

void qmp_session_free(QmpSession *s)
{
    if (!s) {
        return;
    }
    chardev_attach(s->chr, &(ChardevFrontend){ 0 });
    g_ptr_array_remove(sessions, s);
    json_stream_free(s->stream);
    g_free(s);
}

void qmp_cleanup(void)
{
    while (sessions && sessions->len) {
        qmp_session_free(sessions->pdata[sessions->len - 1]);
    }
    if (sessions) {
        event_unlisten(send_event, NULL);
        g_clear_pointer(&sessions, g_ptr_array_unref);
    }
}
