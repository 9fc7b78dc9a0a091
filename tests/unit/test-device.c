/* Unit tests for core/device.c: properties, option strings, buses, plug/unplug, qtree. */
#include "core/device.h"

#include <glib.h>
#include <string.h>

typedef struct TestDev {
    Device parent;
    bool flag;
    uint32_t count;
    uint64_t size;
    char *name;
    uint8_t mac[6];
    int32_t addr;
    int slot;           /* assigned by the bus */
    int resets;
} TestDev;

static int realizes, unrealizes;

static bool tdev_realize(Device *dev, Error **errp)
{
    TestDev *t = (TestDev *)dev;

    if (t->count == 13) {
        error_setg(errp, "count 13 is unlucky");
        return false;
    }
    realizes++;
    return true;
}

static void tdev_unrealize(Device *dev)
{
    unrealizes++;
}

static void tdev_reset(Device *dev)
{
    ((TestDev *)dev)->resets++;
}

static const PropDef tdev_props[] = {
    { "flag", PROP_BOOL, offsetof(TestDev, flag), NULL, "a switch" },
    { "count", PROP_UINT32, offsetof(TestDev, count), "7", "how many" },
    { "size", PROP_UINT64, offsetof(TestDev, size), "64k", "how big" },
    { "name", PROP_STRING, offsetof(TestDev, name), "abc", "a label" },
    { "mac", PROP_MACADDR, offsetof(TestDev, mac), "52:54:00:12:34:56", "MAC address" },
    { "addr", PROP_PCI_DEVFN, offsetof(TestDev, addr), "-1", "slot" },
    PROP_END,
};

static const DeviceClass tdev_class = {
    .name = "tdev",
    .desc = "a test device",
    .instance_size = sizeof(TestDev),
    .bus_type = "TEST",
    .props = tdev_props,
    .user_creatable = true,
    .hotpluggable = true,
    .realize = tdev_realize,
    .unrealize = tdev_unrealize,
    .reset = tdev_reset,
};

static const DeviceClass cold_class = {
    .name = "cold",
    .desc = "plugs only at start-up",
    .instance_size = sizeof(TestDev),
    .bus_type = "TEST",
    .props = tdev_props,
    .user_creatable = true,
    .realize = tdev_realize,
    .unrealize = tdev_unrealize,
};

static const DeviceClass internal_class = {
    .name = "internal",
    .instance_size = sizeof(Device),
};

static const DeviceClass sysdev_class = {
    .name = "sysdev",
    .desc = "a system device",
    .instance_size = sizeof(Device),
    .user_creatable = true,
};

/* On no bus, but hot-pluggable: only through the machine's busless handler. */
static const DeviceClass hotsys_class = {
    .name = "hotsys",
    .instance_size = sizeof(Device),
    .user_creatable = true,
    .hotpluggable = true,
};

/* A device that provides a bus of its own, like a PCI host bridge. */
typedef struct Bridge {
    Device parent;
    uint32_t index;
} Bridge;

static bool test_plug(Bus *bus, Device *dev, bool hotplug, Error **errp);
static bool test_unplug_request(Bus *bus, Device *dev, Error **errp);
static char *test_dev_address(Bus *bus, Device *dev);

static const BusOps test_bus_ops = {
    .plug = test_plug,
    .unplug_request = test_unplug_request,
    .dev_address = test_dev_address,
};

static bool bridge_realize(Device *dev, Error **errp)
{
    Bridge *b = (Bridge *)dev;
    char *name = g_strdup_printf("sub.%u", b->index);
    Bus *bus = bus_new(name, "TEST", &test_bus_ops, dev);

    bus->hotplug_capable = true;
    g_free(name);
    return true;
}

static const PropDef bridge_props[] = {
    { "index", PROP_UINT32, offsetof(Bridge, index), NULL, "bridge number" },
    PROP_END,
};

static const DeviceClass bridge_class = {
    .name = "bridge",
    .instance_size = sizeof(Bridge),
    .props = bridge_props,
    .user_creatable = true,
    .realize = bridge_realize,
};

/* The test bus: slots 0..3, first free one unless addr asks for one. */
static bool defer_unplug;

static bool test_plug(Bus *bus, Device *dev, bool hotplug, Error **errp)
{
    TestDev *t = (TestDev *)dev;
    bool used[4] = { false };

    for (guint i = 0; i < bus->children->len; i++) {
        used[((TestDev *)g_ptr_array_index(bus->children, i))->slot] = true;
    }
    if (t->addr >= 0) {
        int slot = t->addr >> 3;
        if (slot >= 4 || used[slot]) {
            error_setg(errp, "slot %d is not available", slot);
            return false;
        }
        t->slot = slot;
        return true;
    }
    for (int s = 0; s < 4; s++) {
        if (!used[s]) {
            t->slot = s;
            return true;
        }
    }
    error_setg(errp, "bus %s is full", bus->name);
    return false;
}

static bool test_unplug_request(Bus *bus, Device *dev, Error **errp)
{
    if (!defer_unplug) {
        device_destroy(dev);
    }
    return true;
}

static char *test_dev_address(Bus *bus, Device *dev)
{
    return g_strdup_printf("%02x.0", ((TestDev *)dev)->slot);
}

static Bus test_bus, other_bus, cold_bus;

static Device *create(const char *str, Error **errp)
{
    return device_create_from_string(str, false, errp);
}

/* Creating from str fails, with an error containing want. */
static void expect_fail(const char *str, bool hotplug, const char *want)
{
    Error *err = NULL;
    int unrealizes_before = unrealizes, realizes_before = realizes;

    g_assert_null(device_create_from_string(str, hotplug, &err));
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), want)) {
        g_error("'%s': got error '%s', wanted '%s'", str, error_get_pretty(err), want);
    }
    error_free(err);
    /* Whatever was realized on the way was unrealized. */
    g_assert_cmpint(realizes - realizes_before, ==, unrealizes - unrealizes_before);
}

static void test_props_defaults(void)
{
    Error *err = NULL;
    TestDev *t = (TestDev *)create("tdev,id=d0", &err);

    g_assert_null(err);
    g_assert_nonnull(t);
    g_assert_false(t->flag);
    g_assert_cmpuint(t->count, ==, 7);
    g_assert_cmpuint(t->size, ==, 65536);
    g_assert_cmpstr(t->name, ==, "abc");
    g_assert_cmpmem(t->mac, 6, ((uint8_t[]){ 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 }), 6);
    g_assert_cmpint(t->addr, ==, -1);
    g_assert_true(t->parent.realized);
    g_assert_true(t->parent.parent_bus == &test_bus);
    g_assert_true(device_find_by_id("d0") == &t->parent);
    device_destroy(&t->parent);
    g_assert_null(device_find_by_id("d0"));
}

static void test_props_values(void)
{
    Error *err = NULL;
    TestDev *t = (TestDev *)create("tdev,id=d1,flag=on,count=0x10,size=2M,name=a,,b,,,"
                                   "mac=00:1a:2B:3c:4d:5e,addr=3.1", &err);

    g_assert_null(err);
    g_assert_nonnull(t);
    g_assert_true(t->flag);
    g_assert_cmpuint(t->count, ==, 16);
    g_assert_cmpuint(t->size, ==, 2 << 20);
    g_assert_cmpstr(t->name, ==, "a,b,");
    g_assert_cmpmem(t->mac, 6, ((uint8_t[]){ 0x00, 0x1a, 0x2b, 0x3c, 0x4d, 0x5e }), 6);
    g_assert_cmpint(t->addr, ==, 3 << 3 | 1);
    g_assert_cmpint(t->slot, ==, 3);
    device_destroy(&t->parent);

    /* More spellings: decimal, leading zero is decimal, bare flag, suffixes, hex slot. */
    t = (TestDev *)create("tdev,id=d2,flag,count=010,size=0x1000,addr=02", &err);
    g_assert_null(err);
    g_assert_nonnull(t);
    g_assert_true(t->flag);
    g_assert_cmpuint(t->count, ==, 10);
    g_assert_cmpuint(t->size, ==, 4096);
    g_assert_cmpint(t->addr, ==, 2 << 3);
    g_assert_true(device_set_prop(&t->parent, "flag", "no", &err) == false);  /* realized */
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    device_destroy(&t->parent);

    uint64_t sizes[][2] = { { 1, 1 }, { 3, 3 << 10 }, { 3, 3ull << 20 }, { 5, 5ull << 30 },
                            { 2, 2ull << 40 } };
    const char *texts[] = { "1", "3k", "3M", "5g", "2T" };
    for (size_t i = 0; i < G_N_ELEMENTS(texts); i++) {
        Device *dev = device_new("tdev", NULL, &err);
        g_assert_nonnull(dev);
        g_assert_true(device_set_prop(dev, "size", texts[i], &err));
        g_assert_cmpuint(((TestDev *)dev)->size, ==, sizes[i][1]);
        for (const char *b = "true\0yes\0on\0"; *b; b += strlen(b) + 1) {
            ((TestDev *)dev)->flag = false;
            g_assert_true(device_set_prop(dev, "flag", b, &err));
            g_assert_true(((TestDev *)dev)->flag);
        }
        g_assert_true(device_set_prop(dev, "flag", "false", &err));
        g_assert_false(((TestDev *)dev)->flag);
        g_assert_true(device_set_prop(dev, "count", "4294967295", &err));
        g_assert_cmpuint(((TestDev *)dev)->count, ==, UINT32_MAX);
        g_assert_true(device_set_prop(dev, "addr", "1f.7", &err));
        g_assert_cmpint(((TestDev *)dev)->addr, ==, 0xff);
        g_assert_true(device_set_prop(dev, "addr", "0x1f", &err));
        g_assert_cmpint(((TestDev *)dev)->addr, ==, 0xf8);
        g_assert_true(device_set_prop(dev, "addr", "-1", &err));
        g_assert_cmpint(((TestDev *)dev)->addr, ==, -1);
        device_destroy(dev);
    }
    g_assert_null(err);
}

static void test_props_bad(void)
{
    expect_fail("tdev,count=abc", false, "Parameter 'count' expects a number");
    expect_fail("tdev,count=-1", false, "Parameter 'count' expects a number");
    expect_fail("tdev,count=12x", false, "Parameter 'count' expects a number");
    expect_fail("tdev,count=", false, "Parameter 'count' expects a number");
    expect_fail("tdev,count=0x", false, "Parameter 'count' expects a number");
    expect_fail("tdev,count=4294967296", false, "Parameter 'count' expects a number from 0");
    expect_fail("tdev,size=1Q", false, "Parameter 'size' expects a number");
    expect_fail("tdev,size=99999999999999999999", false, "Parameter 'size' expects a number");
    expect_fail("tdev,size=17179869184G", false, "Parameter 'size' expects a number");
    expect_fail("tdev,size=2kk", false, "Parameter 'size' expects a number");
    expect_fail("tdev,flag=maybe", false, "Parameter 'flag' expects 'on' or 'off'");
    expect_fail("tdev,mac=52:54:00:12:34", false, "Parameter 'mac' expects a MAC address");
    expect_fail("tdev,mac=52:54:00:12:34:567", false, "Parameter 'mac' expects a MAC address");
    expect_fail("tdev,mac=52-54-00-12-34-56", false, "Parameter 'mac' expects a MAC address");
    expect_fail("tdev,mac=g2:54:00:12:34:56", false, "Parameter 'mac' expects a MAC address");
    expect_fail("tdev,addr=20", false, "Parameter 'addr' expects a PCI address");
    expect_fail("tdev,addr=1.8", false, "Parameter 'addr' expects a PCI address");
    expect_fail("tdev,addr=1.", false, "Parameter 'addr' expects a PCI address");
    expect_fail("tdev,addr=x", false, "Parameter 'addr' expects a PCI address");
    expect_fail("tdev,bogus=1", false, "Property 'tdev.bogus' not found");
    expect_fail("tdev,count=13", false, "count 13 is unlucky");
    /* Nothing half-made was left behind. */
    g_assert_cmpuint(test_bus.children->len, ==, 0);
}

static void test_driver_errors(void)
{
    expect_fail("", false, "Parameter 'driver' is missing");
    expect_fail("id=x", false, "Parameter 'driver' is missing");
    expect_fail("nosuch,id=x", false, "'nosuch' is not a valid device model name");
    expect_fail("internal", false, "pluggable device type");
    expect_fail("tdev,id=9lives", false, "Parameter 'id' expects an identifier");
    expect_fail("tdev,id=a b", false, "Parameter 'id' expects an identifier");
    expect_fail("tdev,bus=nope", false, "Bus 'nope' not found");
    expect_fail("tdev,bus=other.0", false, "Bus 'other.0' is a OTHER bus");
    expect_fail("sysdev,bus=test.0", false, "does not plug into a bus");
    expect_fail("bridge,index=0,id=b9,addr=1", false, "Property 'bridge.addr' not found");

    /* driver= works as the first item's alternative. */
    Error *err = NULL;
    Device *dev = create("driver=tdev,id=dd", &err);
    g_assert_null(err);
    g_assert_nonnull(dev);
    g_assert_true(dev->cls == &tdev_class);
    device_destroy(dev);
}

static void test_ids_and_buses(void)
{
    Error *err = NULL;
    Device *a = create("tdev,id=x1", &err);
    Device *b;

    g_assert_nonnull(a);
    expect_fail("tdev,id=x1", false, "Duplicate ID 'x1' for device");
    /* An explicit bus by name. */
    b = create("tdev,id=x2,bus=cold.0", &err);
    g_assert_null(err);
    g_assert_true(b->parent_bus == &cold_bus);
    g_assert_true(bus_find("cold.0", NULL) == &cold_bus);
    g_assert_true(bus_find(NULL, "TEST") == &test_bus);
    g_assert_true(bus_find(NULL, "OTHER") == &other_bus);
    g_assert_null(bus_find(NULL, "NONE"));
    /* Requested slot taken: plug fails and the device is unrealized and freed. */
    expect_fail("tdev,id=x3,addr=0", false, "slot 0 is not available");
    g_assert_null(device_find_by_id("x3"));
    /* The failed id can be reused. */
    Device *c = create("tdev,id=x3,addr=2", &err);
    g_assert_nonnull(c);
    g_assert_cmpint(((TestDev *)c)->slot, ==, 2);
    device_destroy(c);
    device_destroy(b);
    device_destroy(a);

    /* A system device needs no bus. */
    Device *s = device_create("sysdev", "sys0", NULL, &err);
    g_assert_null(err);
    g_assert_nonnull(s);
    g_assert_null(s->parent_bus);
    device_destroy(s);
}

static void test_hotplug_rules(void)
{
    Error *err = NULL;
    Device *dev;

    expect_fail("cold,id=h1", true, "does not support hotplugging");
    expect_fail("tdev,id=h1,bus=cold.0", true, "Bus 'cold.0' does not support hotplugging");
    dev = device_create_from_string("tdev,id=h1", true, &err);
    g_assert_null(err);
    g_assert_nonnull(dev);

    /* Deferred unplug: pending until the bus destroys it. */
    defer_unplug = true;
    g_assert_true(device_unplug_request(dev, &err));
    g_assert_true(dev->pending_unplug);
    g_assert_false(device_unplug_request(dev, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "already in the process of unplug"));
    error_free(err);
    err = NULL;
    device_destroy(dev);
    g_assert_null(device_find_by_id("h1"));

    /* Immediate unplug. */
    defer_unplug = false;
    int before = unrealizes;
    dev = device_create_from_string("tdev,id=h2", true, &err);
    g_assert_true(device_unplug_request(dev, &err));
    g_assert_null(device_find_by_id("h2"));
    g_assert_cmpint(unrealizes, ==, before + 1);

    /* Not hotpluggable, or on a bus without an unplug hook. */
    dev = create("cold,id=h3", &err);
    g_assert_false(device_unplug_request(dev, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "does not support hot-unplug"));
    error_free(err);
    err = NULL;
    device_destroy(dev);
    dev = create("tdev,id=h4,bus=cold.0", &err);
    g_assert_false(device_unplug_request(dev, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "not on a bus that supports hot-unplug"));
    g_assert_false(dev->pending_unplug);
    error_free(err);
    device_destroy(dev);
}

/* The busless handler's calls, and DEVICE_DELETED, as text. */
static GString *busless_log;
static bool busless_refuse;

static bool busless_plug(Device *dev, bool hotplug, Error **errp)
{
    g_string_append_printf(busless_log, "plug %s %s;", dev->id, hotplug ? "hot" : "cold");
    if (busless_refuse) {
        error_setg(errp, "refused by the machine");
        return false;
    }
    return true;
}

static bool busless_unplug_request(Device *dev, Error **errp)
{
    g_string_append_printf(busless_log, "unplug %s;", dev->id);
    device_destroy(dev);
    return true;
}

static const DeviceHotplugOps busless_ops = {
    .plug = busless_plug,
    .unplug_request = busless_unplug_request,
};

static void log_deleted(Device *dev, void *opaque)
{
    g_string_append_printf(busless_log, "deleted %s %s;", dev->id, (const char *)opaque);
}

static void test_busless_hotplug_and_deleted(void)
{
    Error *err = NULL;
    Device *dev;

    busless_log = g_string_new(NULL);
    /* No handler: a busless device can be neither hot-added nor removed. */
    expect_fail("hotsys,id=s0", true, "cannot be hot-plugged on this machine");
    dev = create("hotsys,id=s1", &err);
    g_assert_false(device_unplug_request(dev, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "not on a bus that supports hot-unplug"));
    error_free(err);
    err = NULL;
    device_destroy(dev);

    device_set_busless_hotplug(&busless_ops);
    device_deleted_notifier_add(log_deleted, (void *)"a");
    device_deleted_notifier_add(log_deleted, (void *)"b");
    /* Cold and hot plugs both reach the handler; a refusal destroys the new device. */
    dev = create("hotsys,id=s2", &err);
    g_assert_nonnull(device_create_from_string("hotsys,id=s3", true, &err));
    busless_refuse = true;
    expect_fail("hotsys,id=s4", true, "refused by the machine");
    busless_refuse = false;
    g_assert_null(device_find_by_id("s4"));
    /* device_del goes to the handler; only a requested removal says DEVICE_DELETED. */
    g_assert_true(device_unplug_request(device_find_by_id("s3"), &err));
    g_assert_null(device_find_by_id("s3"));
    device_deleted_notifier_remove(log_deleted, (void *)"b");
    device_destroy(dev);
    g_assert_cmpstr(busless_log->str, ==,
                    "plug s2 cold;plug s3 hot;plug s4 hot;unplug s3;deleted s3 a;deleted s3 b;");
    /* Children go first, each with its own event. */
    dev = create("bridge,id=br9,index=9", &err);
    g_assert_null(err);
    create("tdev,id=k1,bus=sub.9", &err);
    g_assert_null(err);
    device_find_by_id("k1")->pending_unplug = true;
    dev->pending_unplug = true;
    g_string_truncate(busless_log, 0);
    device_destroy(dev);
    g_assert_cmpstr(busless_log->str, ==, "deleted k1 a;deleted br9 a;");
    device_deleted_notifier_remove(log_deleted, (void *)"a");
    device_set_busless_hotplug(NULL);
    g_string_free(busless_log, TRUE);
}

static void test_nested_destroy_and_reset(void)
{
    Error *err = NULL;
    Device *br = create("bridge,id=br0,index=5", &err);
    Device *d1, *d2;
    int before = unrealizes;

    g_assert_null(err);
    g_assert_nonnull(bus_find("sub.5", NULL));
    d1 = create("tdev,id=n1,bus=sub.5", &err);
    d2 = device_create_from_string("tdev,id=n2,bus=sub.5", true, &err);
    g_assert_nonnull(d1);
    g_assert_nonnull(d2);
    g_assert_cmpint(((TestDev *)d2)->slot, ==, 1);

    device_reset_all();
    device_reset_all();
    g_assert_cmpint(((TestDev *)d1)->resets, ==, 2);

    device_destroy(br);
    g_assert_null(bus_find("sub.5", NULL));
    g_assert_null(device_find_by_id("n1"));
    g_assert_null(device_find_by_id("n2"));
    g_assert_cmpint(unrealizes, ==, before + 2);
}

static void test_qtree(void)
{
    Error *err = NULL;
    Device *a = create("tdev,id=slot0,name=x,,y,count=5", &err);
    Device *br = create("bridge,id=br1,index=1", &err);
    Device *c = create("tdev,bus=sub.1,mac=02:00:00:00:00:01", &err);
    GString *out = g_string_new(NULL);

    g_assert_nonnull(a);
    g_assert_nonnull(c);
    device_print_qtree(out);
    g_assert_true(g_str_has_prefix(out->str, "bus: main-system-bus\n  type System\n"));
    g_assert_nonnull(strstr(out->str,
        "\nbus: test.0\n  type TEST\n  dev: tdev, id \"slot0\"\n    addr = 00.0\n"
        "    flag = off\n    count = 5 (0x5)\n    size = 65536 (0x10000)\n"
        "    name = \"x,y\"\n    mac = \"52:54:00:12:34:56\"\n"));
    g_assert_nonnull(strstr(out->str, "\n  dev: bridge, id \"br1\"\n    index = 1 (0x1)\n"
                                      "    bus: sub.1\n      type TEST\n"
                                      "      dev: tdev, id \"\"\n        addr = 00.0\n"));
    g_assert_nonnull(strstr(out->str, "mac = \"02:00:00:00:00:01\"\n"));
    /* The requested addr (unset) is not shown next to the assigned one. */
    g_assert_null(strstr(out->str, "<unset>"));
    g_string_free(out, TRUE);
    device_destroy(br);
    device_destroy(a);
}

static void test_help(void)
{
    GString *out = g_string_new(NULL);
    Error *err = NULL;

    g_assert_true(device_option_is_help("help"));
    g_assert_true(device_option_is_help("tdev,help"));
    g_assert_true(device_option_is_help("?"));
    g_assert_false(device_option_is_help("tdev,id=help"));
    g_assert_false(device_option_is_help("tdev"));

    g_assert_true(device_option_help("help", out, &err));
    g_assert_nonnull(strstr(out->str, "name \"tdev\", bus TEST, hotpluggable, "
                                      "desc \"a test device\"\n"));
    g_assert_nonnull(strstr(out->str, "name \"sysdev\", desc \"a system device\"\n"));
    g_assert_null(strstr(out->str, "internal"));
    /* Sorted by name. */
    g_assert_true(strstr(out->str, "\"bridge\"") < strstr(out->str, "\"cold\""));

    g_string_truncate(out, 0);
    g_assert_true(device_option_help("tdev,help", out, &err));
    g_assert_true(g_str_has_prefix(out->str, "tdev options:\n"));
    g_assert_nonnull(strstr(out->str, "  count=<uint32>"));
    g_assert_nonnull(strstr(out->str, "how many (default: 7)\n"));
    g_assert_nonnull(strstr(out->str, "  mac=<macaddr>"));
    g_assert_nonnull(strstr(out->str, "  addr=<pci-devfn>"));
    g_assert_nonnull(strstr(out->str, "  size=<size>"));
    g_assert_nonnull(strstr(out->str, "  name=<str>"));
    g_assert_nonnull(strstr(out->str, "  flag=<bool>"));

    g_assert_false(device_option_help("nosuch,help", out, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "'nosuch' is not a valid device model"));
    error_free(err);
    err = NULL;

    /* Creation refuses a help request, with the help as the message. */
    g_assert_null(create("tdev,help", &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "tdev options:"));
    error_free(err);
    g_string_free(out, TRUE);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    device_class_register(&tdev_class);
    device_class_register(&cold_class);
    device_class_register(&internal_class);
    device_class_register(&sysdev_class);
    device_class_register(&hotsys_class);
    device_class_register(&bridge_class);
    bus_init(&test_bus, "test.0", "TEST", &test_bus_ops, NULL);
    test_bus.hotplug_capable = true;
    bus_register(&test_bus);
    bus_init(&other_bus, "other.0", "OTHER", NULL, NULL);
    bus_register(&other_bus);
    /* Plug-only bus: no unplug hook, not hotplug capable. */
    static const BusOps cold_ops = { .plug = test_plug };
    bus_init(&cold_bus, "cold.0", "TEST", &cold_ops, NULL);
    bus_register(&cold_bus);

    g_test_add_func("/device/props-defaults", test_props_defaults);
    g_test_add_func("/device/props-values", test_props_values);
    g_test_add_func("/device/props-bad", test_props_bad);
    g_test_add_func("/device/driver-errors", test_driver_errors);
    g_test_add_func("/device/ids-buses", test_ids_and_buses);
    g_test_add_func("/device/hotplug", test_hotplug_rules);
    g_test_add_func("/device/nested", test_nested_destroy_and_reset);
    g_test_add_func("/device/busless-hotplug", test_busless_hotplug_and_deleted);
    g_test_add_func("/device/qtree", test_qtree);
    g_test_add_func("/device/help", test_help);
    int ret = g_test_run();

    bus_cleanup(&cold_bus);
    bus_cleanup(&other_bus);
    bus_cleanup(&test_bus);
    return ret;
}
