/*
 * QMP, QEMU's JSON control protocol (QEMU docs/interop/qmp-spec: greeting,
 * capabilities negotiation, commands with optional "id", asynchronous events
 * with time stamps, errors as {"error": {"class", "desc"}}), on any chardev:
 * -qmp unix:PATH,server=on,wait=off, -qmp tcp:HOST:PORT,..., -qmp stdio,
 * -mon chardev=ID,mode=control.
 *
 * Commands live in tables, as the human monitor's do: the built-in ones
 * (core/qmp-commands.c) and those other subsystems register (query-pci in
 * pci/). Each declares its arguments; the session checks them (missing,
 * unexpected, wrong type) with QEMU's wording before the command runs, so a
 * command only sees arguments of the declared types.
 *
 * JSON goes through json-glib: JsonParser for input (each message found by
 * core/json-stream.c), JsonBuilder/JsonGenerator for output.
 */
#ifndef CORE_QMP_H
#define CORE_QMP_H

#include <json-glib/json-glib.h>
#include <stdbool.h>

#include "core/chardev.h"

/* The version the greeting and query-version report (see README.md, "QMP"). */
#define QMP_QEMU_MAJOR 7
#define QMP_QEMU_MINOR 2
#define QMP_QEMU_MICRO 0

/* Input bound: a longer message gets an error and is skipped. */
#define QMP_MAX_MESSAGE (1024 * 1024)

/* QEMU's error classes (qapi/error.json). */
#define QMP_ERROR_GENERIC "GenericError"
#define QMP_ERROR_COMMAND_NOT_FOUND "CommandNotFound"
#define QMP_ERROR_DEVICE_NOT_FOUND "DeviceNotFound"

typedef struct QmpError {
    char *cls;
    char *desc;
} QmpError;

void qmp_error_set(QmpError **errp, const char *cls, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void qmp_error_free(QmpError *err);

typedef enum {
    QMP_ARG_STR,
    QMP_ARG_INT,
    QMP_ARG_BOOL,
    QMP_ARG_STR_LIST,   /* an array of strings */
    QMP_ARG_SCALAR,     /* string, number or boolean (device_add's driver properties) */
} QmpArgType;

typedef struct QmpArg {
    const char *name;
    QmpArgType type;
    bool optional;
} QmpArg;

#define QMP_MAX_ARGS 8

typedef struct QmpCommand {
    const char *name;
    /*
     * Runs with arguments that passed the checks (args is never NULL). Returns
     * the "return" value (NULL: {}), or sets *errp. The result is consumed.
     */
    JsonNode *(*fn)(JsonObject *args, QmpError **errp);
    QmpArg args[QMP_MAX_ARGS];      /* ended by a NULL name */
    /* Arguments beyond args are accepted if they are of type QMP_ARG_SCALAR. */
    bool extra_scalars;
} QmpCommand;

/* Add a table of commands (NULL-name terminated); it must outlive the sessions. */
void qmp_register_commands(const QmpCommand *cmds);
/* The built-in commands (called by qmp_init; tests may call it directly). */
void qmp_register_builtin_commands(void);

/* A QMP session on chr: greets whenever a client connects. */
typedef struct QmpSession QmpSession;
QmpSession *qmp_session_new(Chardev *chr);
void qmp_session_free(QmpSession *s);
/* Every session made with qmp_session_new, at exit. */
void qmp_cleanup(void);

/* A JSON node holding a copy of str (for command results). */
JsonNode *qmp_string_node(const char *str);

#endif
