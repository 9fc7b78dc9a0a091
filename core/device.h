/*
 * The device object model: device types with typed properties, buses, and
 * realize/unrealize. `-device` at start-up and `device_add` on the monitor
 * share one path: device_create_from_string().
 *
 * Deliberately small: a type is a const DeviceClass, an instance embeds
 * Device as its first member, a bus is a struct with a const BusOps pointer
 * whose plug/unplug hooks are where hotplug policy lives.
 */
#ifndef CORE_DEVICE_H
#define CORE_DEVICE_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

typedef struct Device Device;
typedef struct Bus Bus;

typedef enum {
    PROP_BOOL,      /* bool: on/off, true/false, yes/no */
    PROP_UINT32,    /* uint32_t, decimal or 0x hex */
    PROP_UINT64,    /* uint64_t, decimal or 0x hex, size suffixes k/M/G */
    PROP_STRING,    /* char *, owned by the device */
    PROP_MACADDR,   /* uint8_t[6], "52:54:00:12:34:56" */
    PROP_PCI_DEVFN, /* int32_t: "slot" or "slot.fn" -> devfn; -1 = any */
} PropType;

typedef struct PropDef {
    const char *name;
    PropType type;
    size_t offset;          /* of the field inside the device's instance struct */
    const char *defval;     /* parsed like user input at creation; NULL = zero */
    const char *help;
} PropDef;

#define PROP_END { NULL, 0, 0, NULL, NULL }

typedef struct DeviceClass {
    const char *name;           /* driver name as typed by the user */
    const char *desc;
    size_t instance_size;       /* >= sizeof(Device) */
    const char *bus_type;       /* the kind of bus it plugs into; NULL = none (system) */
    const PropDef *props;       /* terminated by PROP_END */
    bool user_creatable;        /* may appear in -device / device_add */
    bool hotpluggable;          /* may be added/removed while the guest runs */
    bool (*realize)(Device *dev, Error **errp);
    void (*unrealize)(Device *dev);
    void (*reset)(Device *dev);
    /* Extra lines for `info qtree` (indent given), optional. */
    void (*print_info)(Device *dev, GString *out, int indent);
    /*
     * Optional: write the device's own device-tree node into fdt, a libfdt
     * blob in sequential-write mode (fdt_begin_node .. fdt_end_node, one
     * complete node). Returns 0 or a negative libfdt error, and never
     * aborts: the same function builds the boot tree and the standalone
     * fragment a hotplugged device is described by (ppc/spapr/dt_util.h).
     */
    int (*fdt_node)(Device *dev, void *fdt);
} DeviceClass;

typedef struct BusOps {
    /* Attach a realized device; may assign an address, raise a hotplug event. */
    bool (*plug)(Bus *bus, Device *dev, bool hotplug, Error **errp);
    /* Ask for removal (device_del). May complete later, when the guest agrees. */
    bool (*unplug_request)(Bus *bus, Device *dev, Error **errp);
    /* Bus address text for `info qtree` ("00.0" for PCI), optional. */
    char *(*dev_address)(Bus *bus, Device *dev);
} BusOps;

struct Bus {
    char *name;             /* unique, e.g. "pci.0" */
    const char *type;       /* matches DeviceClass.bus_type */
    const BusOps *ops;
    Device *parent;         /* the device that provides it, or NULL */
    GPtrArray *children;    /* of Device* */
    bool hotplug_capable;
};

struct Device {
    const DeviceClass *cls;
    char *id;               /* user-given id, or NULL */
    Bus *parent_bus;
    bool realized;
    bool pending_unplug;    /* device_del requested, guest has not released it */
    GPtrArray *child_buses; /* of Bus*, owned */
};

void device_class_register(const DeviceClass *cls);
const DeviceClass *device_class_find(const char *name);
/* `-device help`: every user-creatable type with its description. */
void device_class_list(GString *out);
/* `-device DRIVER,help`: the properties of one type. */
bool device_class_print_props(const char *name, GString *out, Error **errp);

/*
 * bus_init prepares a Bus the caller owns (e.g. embedded in its device);
 * register it to make it findable. bus_cleanup unregisters it and destroys
 * any devices still on it.
 */
void bus_init(Bus *bus, const char *name, const char *type, const BusOps *ops, Device *parent);
void bus_cleanup(Bus *bus);
/* A heap bus, registered, and owned by parent (in child_buses) if parent is set. */
Bus *bus_new(const char *name, const char *type, const BusOps *ops, Device *parent);
/* A registered bus by name, or the first bus of a type when name is NULL. */
Bus *bus_find(const char *name, const char *type);
/* Every registered bus of a type (NULL: all), in registration order. */
void bus_foreach(const char *type, void (*fn)(Bus *bus, void *opaque), void *opaque);
void bus_register(Bus *bus);
void bus_unregister(Bus *bus);

/*
 * Parse "driver,id=x,bus=y,prop=val,..." and create, realize and plug the
 * device. hotplug says whether the guest is already running (device_add).
 */
Device *device_create_from_string(const char *str, bool hotplug, Error **errp);
/*
 * "help", "?", "DRIVER,help": callers (-device, device_add) check for these
 * first and print device_option_help's text (the type list or the driver's
 * properties) instead of creating anything; device_create_from_string
 * refuses them with that text as the error.
 */
bool device_option_is_help(const char *str);
bool device_option_help(const char *str, GString *out, Error **errp);
/* Create with the defaults only (machine-internal devices). */
Device *device_create(const char *driver, const char *id, Bus *bus, Error **errp);
/* An unrealized device with its defaults applied: set props, then realize_and_plug. */
Device *device_new(const char *driver, const char *id, Error **errp);
bool device_set_prop(Device *dev, const char *name, const char *value, Error **errp);
/*
 * Realize, then let the bus plug it (bus NULL: the first bus of the class's
 * bus_type). On failure the device is unrealized and freed.
 */
bool device_realize_and_plug(Device *dev, Bus *bus, bool hotplug, Error **errp);
/*
 * Unplug (by the bus) is done, or creation failed: destroy the devices on its
 * buses, unrealize, detach and free (also a never-realized device).
 */
void device_destroy(Device *dev);
/*
 * device_del: ask the bus (or, for a device on no bus, the busless hotplug
 * handler); it calls device_destroy when the device is released.
 */
bool device_unplug_request(Device *dev, Error **errp);

/*
 * Hotplug policy for devices that plug into no bus (a pseries machine's PCI
 * host bridges): the machine registers one. plug runs after realize for
 * every such device, cold (-device, hotplug false) or hot (device_add);
 * unplug_request is device_del. Without a handler, or without a hook, a
 * busless device can be neither hot-added nor removed.
 */
typedef struct DeviceHotplugOps {
    bool (*plug)(Device *dev, bool hotplug, Error **errp);
    bool (*unplug_request)(Device *dev, Error **errp);
} DeviceHotplugOps;
void device_set_busless_hotplug(const DeviceHotplugOps *ops);

/*
 * DEVICE_DELETED (QEMU's QMP event): a device whose removal was requested
 * (pending_unplug: device_del, or the removal of what it sits on) is gone.
 * Notifiers run in device_destroy after the device is unrealized and off
 * its bus, before it is freed; the device's id and class are still valid.
 */
typedef void (*DeviceDeletedFn)(Device *dev, void *opaque);
void device_deleted_notifier_add(DeviceDeletedFn fn, void *opaque);
void device_deleted_notifier_remove(DeviceDeletedFn fn, void *opaque);

/*
 * -global DRIVER.PROP=VALUE: every DRIVER created from now on starts with
 * PROP=VALUE (after its defaults, before its -device properties). Checked
 * now as a -device property is: the type, the property and the value.
 */
bool device_global_add(const char *driver, const char *prop, const char *value, Error **errp);
void device_globals_clear(void);

Device *device_find_by_id(const char *id);
void device_reset_all(void);

/* `info qtree` */
void device_print_qtree(GString *out);

#define DEVICE(obj) ((Device *)(obj))

#endif
