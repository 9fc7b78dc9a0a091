/*
 * Machine events (see events.h). The reasons are QEMU's ShutdownCause names
 * (qapi/run-state.json); "guest" is true when the guest asked, as QEMU's
 * shutdown_caused_by_guest() says.
 */
#include "core/events.h"

#include "core/device.h"

typedef struct Listener {
    EventListenerFn *fn;
    void *opaque;
} Listener;

static GArray *listeners;   /* of Listener */

static void device_deleted(Device *dev, void *opaque);

void event_listen(EventListenerFn *fn, void *opaque)
{
    Listener l = { fn, opaque };

    if (!listeners) {
        listeners = g_array_new(FALSE, FALSE, sizeof(Listener));
        device_deleted_notifier_add(device_deleted, NULL);
    }
    g_array_append_val(listeners, l);
}

void event_unlisten(EventListenerFn *fn, void *opaque)
{
    for (guint i = 0; listeners && i < listeners->len; i++) {
        Listener *l = &g_array_index(listeners, Listener, i);
        if (l->fn == fn && l->opaque == opaque) {
            g_array_remove_index(listeners, i);
            return;
        }
    }
}

void event_emit(const char *name, JsonObject *data)
{
    int64_t now = g_get_real_time();

    /* A listener may remove itself (a wait that completes): walk a copy. */
    if (listeners && listeners->len) {
        g_autoptr(GArray) copy = g_array_copy(listeners);
        for (guint i = 0; i < copy->len; i++) {
            Listener *l = &g_array_index(copy, Listener, i);
            l->fn(l->opaque, name, data, now);
        }
    }
    if (data) {
        json_object_unref(data);
    }
}

static void emit_guest_reason(const char *name, bool guest, const char *reason)
{
    JsonObject *data = json_object_new();

    json_object_set_boolean_member(data, "guest", guest);
    json_object_set_string_member(data, "reason", reason);
    event_emit(name, data);
}

void event_shutdown(ShutdownCause cause, bool by_host)
{
    static const char *const reasons[] = {
        [SHUTDOWN_NONE] = "none",
        [SHUTDOWN_POWEROFF] = "guest-shutdown",
        [SHUTDOWN_RESET] = "guest-reset",
        [SHUTDOWN_PANIC] = "guest-panic",
        [SHUTDOWN_QUIT] = "host-qmp-quit",
        [SHUTDOWN_ERROR] = "host-error",
    };
    bool guest = cause == SHUTDOWN_POWEROFF || cause == SHUTDOWN_PANIC ||
                 (cause == SHUTDOWN_RESET && !by_host);
    const char *reason = (unsigned)cause < G_N_ELEMENTS(reasons) ? reasons[cause] : "none";

    /* A system_reset under -no-reboot ends the run too, for the host's reason. */
    if (cause == SHUTDOWN_RESET && by_host) {
        reason = "host-qmp-system-reset";
    }
    emit_guest_reason("SHUTDOWN", guest, reason);
}

void event_reset(bool by_host)
{
    emit_guest_reason("RESET", !by_host, by_host ? "host-qmp-system-reset" : "guest-reset");
}

void event_shutdown_signal(void)
{
    emit_guest_reason("SHUTDOWN", false, "host-signal");
}

static void device_deleted(Device *dev, void *opaque)
{
    JsonObject *data;

    if (!listeners || !listeners->len) {
        return;
    }
    g_autofree char *path = dev->id ? g_strdup_printf("/machine/peripheral/%s", dev->id)
                                    : g_strdup_printf("/machine/peripheral-anon/%s",
                                                      dev->cls->name);
    data = json_object_new();
    if (dev->id) {
        json_object_set_string_member(data, "device", dev->id);
    }
    json_object_set_string_member(data, "path", path);
    event_emit("DEVICE_DELETED", data);
}
