/*
 * The device object model (see device.h): the class and bus registries,
 * typed properties parsed from text, "-device" option strings with QEMU's
 * quoting (",," is a literal comma), realize/plug/unplug, and `info qtree`.
 */
#include "core/device.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static GHashTable *classes;     /* name -> const DeviceClass* */
static GPtrArray *buses;        /* registered Bus*, in registration order */
static GPtrArray *devices;      /* every Device*, in creation order */
static const DeviceHotplugOps *busless_hotplug;    /* the machine's, for devices on no bus */
static GArray *deleted_notifiers;                  /* of DeletedNotifier */
static GPtrArray *globals;                         /* of char*: driver, prop, value, ... */

typedef struct DeletedNotifier {
    DeviceDeletedFn fn;
    void *opaque;
} DeletedNotifier;

/* ---- Classes --------------------------------------------------------------- */

void device_class_register(const DeviceClass *cls)
{
    if (!classes) {
        classes = g_hash_table_new(g_str_hash, g_str_equal);
    }
    g_assert(cls->instance_size >= sizeof(Device));
    g_assert(!g_hash_table_contains(classes, cls->name));
    g_hash_table_insert(classes, (gpointer)cls->name, (gpointer)cls);
}

const DeviceClass *device_class_find(const char *name)
{
    return classes ? g_hash_table_lookup(classes, name) : NULL;
}

static gint class_by_name(gconstpointer a, gconstpointer b)
{
    const DeviceClass *x = *(const DeviceClass *const *)a;
    const DeviceClass *y = *(const DeviceClass *const *)b;
    return strcmp(x->name, y->name);
}

void device_class_list(GString *out)
{
    GPtrArray *sorted = g_ptr_array_new();
    GHashTableIter it;
    gpointer value;
    guint listed = 0;

    if (classes) {
        g_hash_table_iter_init(&it, classes);
        while (g_hash_table_iter_next(&it, NULL, &value)) {
            g_ptr_array_add(sorted, value);
        }
    }
    g_ptr_array_sort(sorted, class_by_name);
    for (guint i = 0; i < sorted->len; i++) {
        const DeviceClass *cls = g_ptr_array_index(sorted, i);
        if (!cls->user_creatable) {
            continue;
        }
        listed++;
        g_string_append_printf(out, "name \"%s\"", cls->name);
        if (cls->bus_type) {
            g_string_append_printf(out, ", bus %s", cls->bus_type);
        }
        if (cls->hotpluggable) {
            g_string_append(out, ", hotpluggable");
        }
        if (cls->desc) {
            g_string_append_printf(out, ", desc \"%s\"", cls->desc);
        }
        g_string_append_c(out, '\n');
    }
    if (!listed) {
        /* Silence would look like a broken help. */
        g_string_append(out, "No device types can be added with -device or device_add yet.\n");
    }
    g_ptr_array_free(sorted, TRUE);
}

static const char *const prop_type_names[] = {
    [PROP_BOOL] = "bool",
    [PROP_UINT32] = "uint32",
    [PROP_UINT64] = "size",
    [PROP_STRING] = "str",
    [PROP_MACADDR] = "macaddr",
    [PROP_PCI_DEVFN] = "pci-devfn",
};

static const char *const prop_examples[] = {
    [PROP_BOOL] = "on/off",
    [PROP_MACADDR] = "52:54:00:12:34:56",
    [PROP_PCI_DEVFN] = "slot[.function] in hex, e.g. 06.0 or 06",
};

static void error_no_class(const char *name, Error **errp)
{
    error_setg(errp, "'%s' is not a valid device model name", name);
}

bool device_class_print_props(const char *name, GString *out, Error **errp)
{
    const DeviceClass *cls = device_class_find(name);

    if (!cls) {
        error_no_class(name, errp);
        return false;
    }
    g_string_append_printf(out, "%s options:\n", cls->name);
    for (const PropDef *p = cls->props; p && p->name; p++) {
        char *lhs = g_strdup_printf("%s=<%s>", p->name, prop_type_names[p->type]);
        g_string_append_printf(out, "  %-24s", lhs);
        g_free(lhs);
        if (p->help || prop_examples[p->type]) {
            g_string_append_printf(out, " - %s", p->help ? p->help : "");
            if (prop_examples[p->type]) {
                g_string_append_printf(out, "%s%s", p->help ? ", " : "", prop_examples[p->type]);
            }
        }
        if (p->defval) {
            g_string_append_printf(out, " (default: %s)", p->defval);
        }
        g_string_append_c(out, '\n');
    }
    if (!cls->props || !cls->props[0].name) {
        g_string_append(out, "  (no properties)\n");
    }
    return true;
}

/* ---- Buses ----------------------------------------------------------------- */

void bus_init(Bus *bus, const char *name, const char *type, const BusOps *ops, Device *parent)
{
    memset(bus, 0, sizeof(*bus));
    bus->name = g_strdup(name);
    bus->type = type;
    bus->ops = ops;
    bus->parent = parent;
    bus->children = g_ptr_array_new();
}

void bus_cleanup(Bus *bus)
{
    bus_unregister(bus);
    /* Devices still on the bus go with it, newest first. */
    while (bus->children && bus->children->len) {
        device_destroy(g_ptr_array_index(bus->children, bus->children->len - 1));
    }
    if (bus->children) {
        g_ptr_array_free(bus->children, TRUE);
    }
    g_free(bus->name);
    memset(bus, 0, sizeof(*bus));
}

Bus *bus_new(const char *name, const char *type, const BusOps *ops, Device *parent)
{
    Bus *bus = g_new0(Bus, 1);

    bus_init(bus, name, type, ops, parent);
    bus_register(bus);
    if (parent) {
        if (!parent->child_buses) {
            parent->child_buses = g_ptr_array_new();
        }
        g_ptr_array_add(parent->child_buses, bus);
    }
    return bus;
}

void bus_register(Bus *bus)
{
    if (!buses) {
        buses = g_ptr_array_new();
    }
    g_assert(!bus_find(bus->name, NULL));
    g_ptr_array_add(buses, bus);
}

void bus_unregister(Bus *bus)
{
    if (buses) {
        g_ptr_array_remove(buses, bus);
    }
}

void bus_foreach(const char *type, void (*fn)(Bus *bus, void *opaque), void *opaque)
{
    for (guint i = 0; buses && i < buses->len; i++) {
        Bus *bus = g_ptr_array_index(buses, i);
        if (!type || g_strcmp0(bus->type, type) == 0) {
            fn(bus, opaque);
        }
    }
}

Bus *bus_find(const char *name, const char *type)
{
    for (guint i = 0; buses && i < buses->len; i++) {
        Bus *bus = g_ptr_array_index(buses, i);
        if (name ? strcmp(bus->name, name) == 0 : g_strcmp0(bus->type, type) == 0) {
            return bus;
        }
    }
    return NULL;
}

/* ---- Property parsing ------------------------------------------------------ */

static bool parse_bool(const char *s, bool *out)
{
    static const char *const yes[] = { "on", "true", "yes" };
    static const char *const no[] = { "off", "false", "no" };

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (strcmp(s, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(s, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    return false;
}

/* Decimal or 0x-hex (a leading 0 is not octal), no sign; *end is what follows. */
static bool parse_u64_prefix(const char *s, uint64_t *out, const char **end)
{
    bool hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
    char *e;

    if (!isdigit((unsigned char)*s) || (hex && !isxdigit((unsigned char)s[2]))) {
        return false;
    }
    errno = 0;
    *out = strtoull(s, &e, hex ? 16 : 10);
    if (errno || e == s) {
        return false;
    }
    *end = e;
    return true;
}

static bool parse_u64(const char *s, uint64_t *out)
{
    const char *end;
    return parse_u64_prefix(s, out, &end) && *end == '\0';
}

/* A number with an optional binary size suffix: 512, 0x1000, 64k, 2M, 4G, 1T. */
static bool parse_size(const char *s, uint64_t *out)
{
    static const char suffixes[] = "kmgt";
    const char *end;
    uint64_t v;
    const char *suf;

    if (!parse_u64_prefix(s, &v, &end)) {
        return false;
    }
    if (*end == '\0') {
        *out = v;
        return true;
    }
    suf = strchr(suffixes, tolower((unsigned char)*end));
    if (!suf || !*suf || end[1] != '\0') {
        return false;
    }
    unsigned shift = 10 * (unsigned)(suf - suffixes + 1);
    if (v > (UINT64_MAX >> shift)) {
        return false;
    }
    *out = v << shift;
    return true;
}

static bool parse_mac(const char *s, uint8_t mac[6])
{
    for (int i = 0; i < 6; i++) {
        if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1])) {
            return false;
        }
        mac[i] = (uint8_t)(g_ascii_xdigit_value(s[0]) << 4 | g_ascii_xdigit_value(s[1]));
        s += 2;
        if (i < 5 && *s++ != ':') {
            return false;
        }
    }
    return *s == '\0';
}

/* "slot" or "slot.fn" in hex, slot 0-0x1f, fn 0-7; or -1 for "any slot". */
static bool parse_devfn(const char *s, int32_t *out)
{
    char *e;
    unsigned long slot, fn = 0;

    if (strcmp(s, "-1") == 0) {
        *out = -1;
        return true;
    }
    if (!isxdigit((unsigned char)*s)) {
        return false;
    }
    slot = strtoul(s, &e, 16);
    if (*e == '.') {
        const char *f = e + 1;
        if (!isxdigit((unsigned char)*f)) {
            return false;
        }
        fn = strtoul(f, &e, 16);
    }
    if (*e != '\0' || slot > 0x1f || fn > 7) {
        return false;
    }
    *out = (int32_t)(slot << 3 | fn);
    return true;
}

static bool prop_parse(Device *dev, const PropDef *p, const char *value, Error **errp)
{
    void *field = (uint8_t *)dev + p->offset;
    uint64_t v;

    switch (p->type) {
    case PROP_BOOL:
        if (!parse_bool(value, field)) {
            error_setg(errp, "Parameter '%s' expects 'on' or 'off'", p->name);
            return false;
        }
        return true;
    case PROP_UINT32:
        if (!parse_u64(value, &v)) {
            error_setg(errp, "Parameter '%s' expects a number", p->name);
            return false;
        }
        if (v > UINT32_MAX) {
            error_setg(errp, "Parameter '%s' expects a number from 0 to 4294967295", p->name);
            return false;
        }
        *(uint32_t *)field = (uint32_t)v;
        return true;
    case PROP_UINT64:
        if (!parse_size(value, &v)) {
            error_setg(errp, "Parameter '%s' expects a number (optionally with a suffix k, M, "
                       "G or T) below 2^64", p->name);
            return false;
        }
        *(uint64_t *)field = v;
        return true;
    case PROP_STRING:
        g_free(*(char **)field);
        *(char **)field = g_strdup(value);
        return true;
    case PROP_MACADDR:
        if (!parse_mac(value, field)) {
            error_setg(errp, "Parameter '%s' expects a MAC address like 52:54:00:12:34:56",
                       p->name);
            return false;
        }
        return true;
    case PROP_PCI_DEVFN:
        if (!parse_devfn(value, field)) {
            error_setg(errp, "Parameter '%s' expects a PCI address: slot[.function] in hex, "
                       "slot 0-1f, function 0-7", p->name);
            return false;
        }
        return true;
    }
    g_assert_not_reached();
}

static const PropDef *prop_find(const DeviceClass *cls, const char *name)
{
    for (const PropDef *p = cls->props; p && p->name; p++) {
        if (strcmp(p->name, name) == 0) {
            return p;
        }
    }
    return NULL;
}

bool device_set_prop(Device *dev, const char *name, const char *value, Error **errp)
{
    const PropDef *p = prop_find(dev->cls, name);

    if (!p) {
        error_setg(errp, "Property '%s.%s' not found", dev->cls->name, name);
        return false;
    }
    if (dev->realized) {
        error_setg(errp, "Property '%s.%s' cannot be set after the device is realized",
                   dev->cls->name, name);
        return false;
    }
    return prop_parse(dev, p, value, errp);
}

static char *prop_format(Device *dev, const PropDef *p)
{
    const void *field = (const uint8_t *)dev + p->offset;
    const uint8_t *mac = field;
    int32_t devfn;

    switch (p->type) {
    case PROP_BOOL:
        return g_strdup(*(const bool *)field ? "on" : "off");
    case PROP_UINT32:
        return g_strdup_printf("%" PRIu32 " (0x%" PRIx32 ")", *(const uint32_t *)field,
                               *(const uint32_t *)field);
    case PROP_UINT64:
        return g_strdup_printf("%" PRIu64 " (0x%" PRIx64 ")", *(const uint64_t *)field,
                               *(const uint64_t *)field);
    case PROP_STRING:
        return *(char *const *)field ? g_strdup_printf("\"%s\"", *(char *const *)field)
                                     : g_strdup("<null>");
    case PROP_MACADDR:
        return g_strdup_printf("\"%02x:%02x:%02x:%02x:%02x:%02x\"", mac[0], mac[1], mac[2],
                               mac[3], mac[4], mac[5]);
    case PROP_PCI_DEVFN:
        devfn = *(const int32_t *)field;
        return devfn < 0 ? g_strdup("<unset>")
                         : g_strdup_printf("%02x.%x", devfn >> 3, devfn & 7);
    }
    g_assert_not_reached();
}

/* ---- Devices --------------------------------------------------------------- */

/* QEMU's id rule: a letter, then letters, digits, '-', '.', '_'. */
static bool id_valid(const char *id)
{
    if (!isalpha((unsigned char)*id)) {
        return false;
    }
    for (const char *c = id; *c; c++) {
        if (!isalnum((unsigned char)*c) && !strchr("-._", *c)) {
            return false;
        }
    }
    return true;
}

Device *device_find_by_id(const char *id)
{
    for (guint i = 0; id && devices && i < devices->len; i++) {
        Device *dev = g_ptr_array_index(devices, i);
        if (dev->id && strcmp(dev->id, id) == 0) {
            return dev;
        }
    }
    return NULL;
}

bool device_global_add(const char *driver, const char *prop, const char *value, Error **errp)
{
    const DeviceClass *cls = device_class_find(driver);
    const PropDef *p;
    Device *scratch;
    bool ok;

    if (!cls) {
        error_no_class(driver, errp);
        return false;
    }
    p = prop_find(cls, prop);
    if (!p) {
        error_setg(errp, "Property '%s.%s' not found", driver, prop);
        return false;
    }
    /* The value is parsed once now, into a throw-away instance, for its error. */
    scratch = g_malloc0(cls->instance_size);
    scratch->cls = cls;
    ok = prop_parse(scratch, p, value, errp);
    if (ok && p->type == PROP_STRING) {
        g_free(*(char **)((uint8_t *)scratch + p->offset));
    }
    g_free(scratch);
    if (!ok) {
        return false;
    }
    if (!globals) {
        globals = g_ptr_array_new_with_free_func(g_free);
    }
    g_ptr_array_add(globals, g_strdup(driver));
    g_ptr_array_add(globals, g_strdup(prop));
    g_ptr_array_add(globals, g_strdup(value));
    return true;
}

void device_globals_clear(void)
{
    g_clear_pointer(&globals, g_ptr_array_unref);
}

Device *device_new(const char *driver, const char *id, Error **errp)
{
    const DeviceClass *cls = device_class_find(driver);
    Device *dev;

    if (!cls) {
        error_no_class(driver, errp);
        return NULL;
    }
    if (id && !id_valid(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier (a letter, then letters, "
                   "digits, '-', '.' or '_'): '%s'", id);
        return NULL;
    }
    if (device_find_by_id(id)) {
        error_setg(errp, "Duplicate ID '%s' for device", id);
        return NULL;
    }
    dev = g_malloc0(cls->instance_size);
    dev->cls = cls;
    dev->id = g_strdup(id);
    for (const PropDef *p = cls->props; p && p->name; p++) {
        /* A bad default is a bug in the device model, not user error. */
        if (p->defval && !prop_parse(dev, p, p->defval, NULL)) {
            g_error("%s.%s: bad default '%s'", cls->name, p->name, p->defval);
        }
    }
    /* -global values, in command-line order; each was checked by device_global_add. */
    for (guint i = 0; globals && i + 2 < globals->len; i += 3) {
        if (!strcmp(globals->pdata[i], cls->name)) {
            prop_parse(dev, prop_find(cls, globals->pdata[i + 1]), globals->pdata[i + 2], NULL);
        }
    }
    if (!devices) {
        devices = g_ptr_array_new();
    }
    g_ptr_array_add(devices, dev);
    return dev;
}

static void device_free(Device *dev)
{
    for (const PropDef *p = dev->cls->props; p && p->name; p++) {
        if (p->type == PROP_STRING) {
            g_free(*(char **)((uint8_t *)dev + p->offset));
        }
    }
    if (dev->child_buses) {
        g_ptr_array_free(dev->child_buses, TRUE);
    }
    g_ptr_array_remove(devices, dev);
    g_free(dev->id);
    g_free(dev);
}

/* Remove everything plugged below dev: the devices on every bus it provides. */
static void destroy_children(Device *dev)
{
    for (;;) {
        Bus *busy = NULL;

        /* Searched afresh each time: a child's teardown may drop buses of its own. */
        for (guint i = 0; buses && i < buses->len && !busy; i++) {
            Bus *bus = g_ptr_array_index(buses, i);
            if (bus->parent == dev && bus->children->len) {
                busy = bus;
            }
        }
        if (!busy) {
            return;
        }
        device_destroy(g_ptr_array_index(busy->children, busy->children->len - 1));
    }
}

void device_set_busless_hotplug(const DeviceHotplugOps *ops)
{
    busless_hotplug = ops;
}

void device_deleted_notifier_add(DeviceDeletedFn fn, void *opaque)
{
    DeletedNotifier n = { fn, opaque };

    if (!deleted_notifiers) {
        deleted_notifiers = g_array_new(FALSE, FALSE, sizeof(DeletedNotifier));
    }
    g_array_append_val(deleted_notifiers, n);
}

void device_deleted_notifier_remove(DeviceDeletedFn fn, void *opaque)
{
    for (guint i = 0; deleted_notifiers && i < deleted_notifiers->len; i++) {
        DeletedNotifier *n = &g_array_index(deleted_notifiers, DeletedNotifier, i);

        if (n->fn == fn && n->opaque == opaque) {
            g_array_remove_index(deleted_notifiers, i);
            return;
        }
    }
}

void device_destroy(Device *dev)
{
    /* Children first, as QEMU reports them: each says DEVICE_DELETED before its parent. */
    destroy_children(dev);
    if (dev->realized && dev->cls->unrealize) {
        dev->cls->unrealize(dev);
    }
    dev->realized = false;
    /* Buses from bus_new() are ours to free; embedded ones the device cleaned up. */
    while (dev->child_buses && dev->child_buses->len) {
        Bus *bus = g_ptr_array_steal_index(dev->child_buses, dev->child_buses->len - 1);
        bus_cleanup(bus);
        g_free(bus);
    }
    if (dev->parent_bus) {
        g_ptr_array_remove(dev->parent_bus->children, dev);
        dev->parent_bus = NULL;
    }
    /* Only a removal someone asked for is an event; a failed device_add or quitting is not. */
    if (dev->pending_unplug) {
        for (guint i = 0; deleted_notifiers && i < deleted_notifiers->len; i++) {
            DeletedNotifier *n = &g_array_index(deleted_notifiers, DeletedNotifier, i);

            n->fn(dev, n->opaque);
        }
    }
    device_free(dev);
}

static Bus *resolve_bus(const DeviceClass *cls, Bus *bus, Error **errp)
{
    if (!cls->bus_type) {
        if (bus) {
            error_setg(errp, "Device '%s' does not plug into a bus, but bus '%s' was given",
                       cls->name, bus->name);
        }
        return NULL;
    }
    if (!bus) {
        bus = bus_find(NULL, cls->bus_type);
        if (!bus) {
            error_setg(errp, "No '%s' bus found for device '%s'", cls->bus_type, cls->name);
        }
        return bus;
    }
    if (g_strcmp0(bus->type, cls->bus_type) != 0) {
        error_setg(errp, "Bus '%s' is a %s bus, but device '%s' needs a %s bus", bus->name,
                   bus->type ? bus->type : "typeless", cls->name, cls->bus_type);
        return NULL;
    }
    return bus;
}

bool device_realize_and_plug(Device *dev, Bus *bus, bool hotplug, Error **errp)
{
    const DeviceClass *cls = dev->cls;
    Error *err = NULL;

    if (hotplug && !cls->hotpluggable) {
        error_setg(&err, "Device '%s' does not support hotplugging", cls->name);
        goto fail;
    }
    bus = resolve_bus(cls, bus, &err);
    if (err) {
        goto fail;
    }
    if (hotplug && bus && !bus->hotplug_capable) {
        error_setg(&err, "Bus '%s' does not support hotplugging", bus->name);
        goto fail;
    }
    if (hotplug && !bus && (!busless_hotplug || !busless_hotplug->plug)) {
        error_setg(&err, "Device '%s' cannot be hot-plugged on this machine", cls->name);
        goto fail;
    }
    /* Realize may want its bus (DMA address space, interrupt lines). */
    dev->parent_bus = bus;
    if (cls->realize && !cls->realize(dev, &err)) {
        if (!err) {
            error_setg(&err, "Device '%s' could not be initialized", cls->name);
        }
        dev->parent_bus = NULL;
        goto fail;
    }
    dev->realized = true;
    /* Joins the bus's children only once plugged, so plug sees the others only. */
    if (bus && bus->ops && bus->ops->plug && !bus->ops->plug(bus, dev, hotplug, &err)) {
        if (!err) {
            error_setg(&err, "Device '%s' could not be plugged into bus '%s'", cls->name,
                       bus->name);
        }
        dev->parent_bus = NULL;
        goto fail;
    }
    /* A device on no bus (a host bridge) plugs into the machine. */
    if (!bus && busless_hotplug && busless_hotplug->plug &&
        !busless_hotplug->plug(dev, hotplug, &err)) {
        if (!err) {
            error_setg(&err, "Device '%s' could not be plugged into the machine", cls->name);
        }
        goto fail;
    }
    if (bus) {
        g_ptr_array_add(bus->children, dev);
    }
    return true;

fail:
    device_destroy(dev);
    if (errp && !*errp) {
        *errp = err;
    } else {
        error_free(err);
    }
    return false;
}

Device *device_create(const char *driver, const char *id, Bus *bus, Error **errp)
{
    Device *dev = device_new(driver, id, errp);

    if (!dev || !device_realize_and_plug(dev, bus, false, errp)) {
        return NULL;
    }
    return dev;
}

/* ---- Option strings -------------------------------------------------------- */

typedef struct Opt {
    char *key;
    char *value;    /* NULL: the key was given without '=' */
} Opt;

/*
 * Split "a,b=c,,d,e" QEMU-style: ',' separates, ",," is a literal comma. The
 * first element may be a bare value (the implied key, here "driver").
 */
static GArray *opts_split(const char *str)
{
    GArray *opts = g_array_new(FALSE, FALSE, sizeof(Opt));
    const char *s = str;

    while (*s) {
        GString *item = g_string_new(NULL);
        Opt o;
        char *eq;

        for (; *s; s++) {
            if (*s == ',') {
                if (s[1] != ',') {
                    s++;
                    break;
                }
                s++;
            }
            g_string_append_c(item, *s);
        }
        eq = strchr(item->str, '=');
        if (eq) {
            o.key = g_strndup(item->str, eq - item->str);
            o.value = g_strdup(eq + 1);
        } else {
            o.key = g_strdup(item->str);
            o.value = NULL;
        }
        g_string_free(item, TRUE);
        g_array_append_val(opts, o);
    }
    return opts;
}

static void opts_free(GArray *opts)
{
    for (guint i = 0; i < opts->len; i++) {
        Opt *o = &g_array_index(opts, Opt, i);
        g_free(o->key);
        g_free(o->value);
    }
    g_array_free(opts, TRUE);
}

static bool is_help(const char *s)
{
    return strcmp(s, "help") == 0 || strcmp(s, "?") == 0;
}

/* The driver name (first bare word or driver=), and whether help was asked for. */
static const char *opts_driver(GArray *opts, bool *help)
{
    const char *driver = NULL;

    *help = false;
    for (guint i = 0; i < opts->len; i++) {
        Opt *o = &g_array_index(opts, Opt, i);
        if (!o->value && is_help(o->key)) {
            *help = true;
        } else if (i == 0 && !o->value) {
            driver = o->key;
        } else if (strcmp(o->key, "driver") == 0 && o->value) {
            driver = o->value;
        }
    }
    return driver;
}

bool device_option_help(const char *str, GString *out, Error **errp)
{
    GArray *opts = opts_split(str);
    bool help;
    const char *driver = opts_driver(opts, &help);
    bool ok = true;

    if (driver && !is_help(driver)) {
        ok = device_class_print_props(driver, out, errp);
    } else {
        device_class_list(out);
    }
    opts_free(opts);
    return ok;
}

bool device_option_is_help(const char *str)
{
    GArray *opts = opts_split(str);
    bool help;
    const char *driver = opts_driver(opts, &help);

    help = help || (driver && is_help(driver));
    opts_free(opts);
    return help;
}

Device *device_create_from_string(const char *str, bool hotplug, Error **errp)
{
    GArray *opts;
    const char *driver, *id = NULL, *bus_name = NULL;
    const DeviceClass *cls;
    Device *dev = NULL;
    Bus *bus = NULL;
    bool help;

    if (device_option_is_help(str)) {
        GString *text = g_string_new(NULL);
        if (device_option_help(str, text, errp)) {
            error_setg(errp, "%s", text->str);
        }
        g_string_free(text, TRUE);
        return NULL;
    }
    opts = opts_split(str);
    driver = opts_driver(opts, &help);
    if (!driver || !*driver) {
        error_setg(errp, "Parameter 'driver' is missing");
        goto out;
    }
    cls = device_class_find(driver);
    if (!cls) {
        error_no_class(driver, errp);
        goto out;
    }
    if (!cls->user_creatable) {
        error_setg(errp, "Parameter 'driver' expects a pluggable device type: '%s' cannot be "
                   "created by the user", driver);
        goto out;
    }
    for (guint i = 0; i < opts->len; i++) {
        Opt *o = &g_array_index(opts, Opt, i);
        if (strcmp(o->key, "id") == 0) {
            id = o->value ? o->value : "";
        } else if (strcmp(o->key, "bus") == 0) {
            bus_name = o->value ? o->value : "";
        }
    }
    if (bus_name) {
        bus = bus_find(bus_name, NULL);
        if (!bus) {
            error_setg(errp, "Bus '%s' not found", bus_name);
            goto out;
        }
    }
    dev = device_new(driver, id, errp);
    if (!dev) {
        goto out;
    }
    for (guint i = 0; i < opts->len; i++) {
        Opt *o = &g_array_index(opts, Opt, i);
        const char *key = o->key;

        if ((i == 0 && !o->value) || strcmp(key, "driver") == 0 || strcmp(key, "id") == 0 ||
            strcmp(key, "bus") == 0) {
            continue;
        }
        /* A bare "flag" means flag=on, as in QEMU's option syntax. */
        if (!device_set_prop(dev, key, o->value ? o->value : "on", errp)) {
            device_destroy(dev);
            dev = NULL;
            goto out;
        }
    }
    if (!device_realize_and_plug(dev, bus, hotplug, errp)) {
        dev = NULL;
    }
out:
    opts_free(opts);
    return dev;
}

/* ---- Unplug, reset --------------------------------------------------------- */

bool device_unplug_request(Device *dev, Error **errp)
{
    Bus *bus = dev->parent_bus;
    const char *name = dev->id ? dev->id : dev->cls->name;

    if (!dev->cls->hotpluggable) {
        error_setg(errp, "Device '%s' does not support hot-unplug", name);
        return false;
    }
    if (bus ? !bus->ops || !bus->ops->unplug_request
            : !busless_hotplug || !busless_hotplug->unplug_request) {
        error_setg(errp, "Device '%s' is not on a bus that supports hot-unplug", name);
        return false;
    }
    if (dev->pending_unplug) {
        error_setg(errp, "Device '%s' is already in the process of unplug", name);
        return false;
    }
    /* The hook may finish at once and destroy dev: do not touch it after success. */
    dev->pending_unplug = true;
    if (!(bus ? bus->ops->unplug_request(bus, dev, errp)
              : busless_hotplug->unplug_request(dev, errp))) {
        dev->pending_unplug = false;
        return false;
    }
    return true;
}

void device_reset_all(void)
{
    for (guint i = 0; devices && i < devices->len; i++) {
        Device *dev = g_ptr_array_index(devices, i);
        if (dev->realized && dev->cls->reset) {
            dev->cls->reset(dev);
        }
    }
}

/* ---- info qtree ------------------------------------------------------------ */

static void qtree_print_bus(GString *out, Bus *bus, int indent);

static void qtree_print_dev(GString *out, Device *dev, int indent)
{
    Bus *bus = dev->parent_bus;
    bool have_addr = false;

    g_string_append_printf(out, "%*sdev: %s, id \"%s\"\n", indent, "", dev->cls->name,
                           dev->id ? dev->id : "");
    indent += 2;
    if (bus && bus->ops && bus->ops->dev_address) {
        char *addr = bus->ops->dev_address(bus, dev);
        if (addr) {
            g_string_append_printf(out, "%*saddr = %s\n", indent, "", addr);
            have_addr = true;
            g_free(addr);
        }
    }
    for (const PropDef *p = dev->cls->props; p && p->name; p++) {
        char *v;
        /* The bus's address is the assigned one; an "addr" property is only the request. */
        if (have_addr && strcmp(p->name, "addr") == 0) {
            continue;
        }
        v = prop_format(dev, p);
        g_string_append_printf(out, "%*s%s = %s\n", indent, "", p->name, v);
        g_free(v);
    }
    if (dev->cls->print_info) {
        dev->cls->print_info(dev, out, indent);
    }
    for (guint i = 0; buses && i < buses->len; i++) {
        Bus *child = g_ptr_array_index(buses, i);
        if (child->parent == dev) {
            qtree_print_bus(out, child, indent);
        }
    }
}

static void qtree_print_bus(GString *out, Bus *bus, int indent)
{
    g_string_append_printf(out, "%*sbus: %s\n", indent, "", bus->name);
    g_string_append_printf(out, "%*stype %s\n", indent + 2, "", bus->type ? bus->type : "");
    for (guint i = 0; i < bus->children->len; i++) {
        qtree_print_dev(out, g_ptr_array_index(bus->children, i), indent + 2);
    }
}

void device_print_qtree(GString *out)
{
    /* Devices on no bus hang off the system bus, as in QEMU. */
    g_string_append(out, "bus: main-system-bus\n  type System\n");
    for (guint i = 0; devices && i < devices->len; i++) {
        Device *dev = g_ptr_array_index(devices, i);
        if (dev->realized && !dev->parent_bus) {
            qtree_print_dev(out, dev, 2);
        }
    }
    for (guint i = 0; buses && i < buses->len; i++) {
        Bus *bus = g_ptr_array_index(buses, i);
        if (!bus->parent) {
            qtree_print_bus(out, bus, 0);
        }
    }
}
