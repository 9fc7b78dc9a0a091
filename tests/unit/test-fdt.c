/*
 * Unit tests for the pseries device tree (ppc/spapr/spapr_fdt.c) and the
 * boot layout and configuration checks of ppc/spapr/spapr.c. The machine is
 * built without CPUs; libfdt reads the blob back.
 */
#define _GNU_SOURCE
#include <glib.h>
#include <libfdt.h>
#include <string.h>

#include "core/chardev.h"
#include "ppc/spapr/dt_util.h"
#include "ppc/spapr/spapr_fdt.h"
#include "ppc/spapr/spapr_rtas.h"
#include "ppc/spapr/spapr_vio.h"
#include "ppc/spapr/spapr_xics.h"
#include "spapr-test-util.h"

static SpaprMachine *create(TestCfg *t)
{
    Error *err = NULL;
    SpaprMachine *m = spapr_machine_create(&t->cfg, &err);

    if (!m) {
        g_error("machine: %s", error_get_pretty(err));
    }
    g_assert_true(spapr_load_images(m, &err));
    g_assert_null(err);
    return m;
}

static void *build(SpaprMachine *m)
{
    Error *err = NULL;
    void *fdt = spapr_build_fdt(m, &err);

    g_assert_null(err);
    g_assert_nonnull(fdt);
    g_assert_cmpint(fdt_check_header(fdt), ==, 0);
    g_assert_cmpuint(fdt_totalsize(fdt), <=, SPAPR_FDT_MAX_SIZE);
    return fdt;
}

static const char *getstr(const void *fdt, const char *path, const char *prop)
{
    int node = fdt_path_offset(fdt, path);
    int len;
    const char *s;

    g_assert_cmpint(node, >=, 0);
    s = fdt_getprop(fdt, node, prop, &len);
    g_assert_nonnull(s);
    g_assert_cmpint(len, >, 0);
    g_assert_cmpint(s[len - 1], ==, 0);
    return s;
}

static uint32_t getu32(const void *fdt, const char *path, const char *prop)
{
    int node = fdt_path_offset(fdt, path);
    int len;
    const fdt32_t *v;

    g_assert_cmpint(node, >=, 0);
    v = fdt_getprop(fdt, node, prop, &len);
    g_assert_nonnull(v);
    g_assert_cmpint(len, ==, 4);
    return fdt32_to_cpu(*v);
}

static uint64_t getnum(const void *fdt, const char *path, const char *prop)
{
    int node = fdt_path_offset(fdt, path);
    int len;
    const fdt32_t *v;

    g_assert_cmpint(node, >=, 0);
    v = fdt_getprop(fdt, node, prop, &len);
    g_assert_nonnull(v);
    g_assert_true(len == 4 || len == 8);
    return len == 4 ? fdt32_to_cpu(v[0])
                    : ((uint64_t)fdt32_to_cpu(v[0]) << 32) | fdt32_to_cpu(v[1]);
}

/* Is [addr, addr+size) inside one reserve-map entry? */
static bool reserved(const void *fdt, uint64_t addr, uint64_t size)
{
    for (int i = 0; i < fdt_num_mem_rsv(fdt); i++) {
        uint64_t a, s;
        g_assert_cmpint(fdt_get_mem_rsv(fdt, i, &a, &s), ==, 0);
        if (addr >= a && addr + size <= a + s) {
            return true;
        }
    }
    return false;
}

static void test_root_and_memory(void)
{
    TestCfg t;
    SpaprMachine *m;
    void *fdt;
    const fdt64_t *reg;
    const uint8_t *vec5;
    int len;

    test_cfg_init(&t, 1, 256ull << 20);
    m = create(&t);
    fdt = build(m);
    g_assert_cmpstr(getstr(fdt, "/", "device_type"), ==, "chrp");
    g_assert_cmpstr(getstr(fdt, "/", "compatible"), ==, "qemu,pseries");
    g_assert_cmpstr(getstr(fdt, "/", "model"), ==, "IBM pSeries (emulated by ppc64-lite)");
    g_assert_cmpuint(getu32(fdt, "/", "#address-cells"), ==, 2);
    g_assert_cmpuint(getu32(fdt, "/", "#size-cells"), ==, 2);
    g_assert_cmpstr(getstr(fdt, "/memory@0", "device_type"), ==, "memory");
    reg = fdt_getprop(fdt, fdt_path_offset(fdt, "/memory@0"), "reg", &len);
    g_assert_nonnull(reg);
    g_assert_cmpint(len, ==, 16);
    g_assert_cmphex(fdt64_ld(&reg[0]), ==, 0);
    g_assert_cmphex(fdt64_ld(&reg[1]), ==, 256ull << 20);
    /* XICS: the boot sheet's interrupt controller, covering every server. */
    g_assert_cmpstr(getstr(fdt, "/interrupt-controller", "compatible"), ==, "IBM,ppc-xicp");
    g_assert_cmpuint(getu32(fdt, "/interrupt-controller", "phandle"), ==, SPAPR_INTC_PHANDLE);
    /* Hash MMU on POWER8: vec-5 has no byte 24, so no radix. */
    vec5 = fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "ibm,architecture-vec-5", &len);
    g_assert_cmpint(len, ==, 23);
    /* Hotplug events offered; HPT resizing not (no H_RESIZE_HPT_*, resize-hpt=disabled). */
    g_assert_true(vec5[OV5_INDX(OV5_HP_EVT)] & OV5_FEAT(OV5_HP_EVT));
    g_assert_false(vec5[OV5_INDX(OV5_HPT_RESIZE)] & OV5_FEAT(OV5_HPT_RESIZE));
    g_assert_cmpuint(getu32(fdt, "/chosen", "linux,pci-probe-only"), ==, 0);
    g_free(fdt);
    spapr_machine_free(m);
    test_cfg_cleanup(&t);
}

static void check_cpus(int smp)
{
    TestCfg t;
    SpaprMachine *m;
    void *fdt;
    int cpus, n = 0;
    uint32_t boot_server = UINT32_MAX;

    test_cfg_init(&t, smp, 512ull << 20);
    m = create(&t);
    fdt = build(m);
    cpus = fdt_path_offset(fdt, "/cpus");
    g_assert_cmpint(cpus, >=, 0);
    for (int c = fdt_first_subnode(fdt, cpus); c >= 0; c = fdt_next_subnode(fdt, c)) {
        const char *type = fdt_getprop(fdt, c, "device_type", NULL);
        const fdt32_t *srv = fdt_getprop(fdt, c, "ibm,ppc-interrupt-server#s", NULL);
        const fdt32_t *reg = fdt_getprop(fdt, c, "reg", NULL);
        const fdt32_t *pft = fdt_getprop(fdt, c, "ibm,pft-size", NULL);
        char *name = g_strdup_printf("PowerPC,POWER8@%x", n);

        g_assert_cmpstr(type, ==, "cpu");
        g_assert_cmpstr(fdt_get_name(fdt, c, NULL), ==, name);
        g_assert_nonnull(srv);
        g_assert_cmpuint(fdt32_to_cpu(*reg), ==, (uint32_t)n);
        g_assert_nonnull(pft);
        /* 1/128 of RAM: 4 MiB of HPT for 512 MiB. */
        g_assert_cmpuint(fdt32_to_cpu(pft[1]), ==, 22);
        g_assert_cmphex(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(fdt, c, "cpu-version", NULL)), ==,
                        0x0f000004);
        g_assert_cmpuint(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(fdt, c, "timebase-frequency", NULL)),
                         ==, 512000000);
        g_assert_cmpuint(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(fdt, c, "d-cache-block-size", NULL)),
                         ==, 128);
        g_assert_cmpuint(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(fdt, c, "ibm,dfp", NULL)), ==, 0);
        if (n == 0) {
            boot_server = fdt32_to_cpu(*srv);
        }
        g_free(name);
        n++;
    }
    g_assert_cmpint(n, ==, smp);
    /* The kernel BUGs unless boot_cpuid_phys is the boot CPU's server number. */
    g_assert_cmpuint(fdt_boot_cpuid_phys(fdt), ==, boot_server);
    /* <first server, count>: every vCPU has a presentation controller. */
    g_assert_cmphex(getnum(fdt, "/interrupt-controller", "ibm,interrupt-server-ranges"), ==,
                    (uint64_t)smp);
    g_free(fdt);
    spapr_machine_free(m);
    test_cfg_cleanup(&t);
}

static void test_cpus(void)
{
    check_cpus(1);
    check_cpus(2);
    check_cpus(5);
}

static void test_rtas_node(void)
{
    TestCfg t;
    SpaprMachine *m;
    void *fdt;
    int rtas, len;
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
    const char *ht;

    test_cfg_init(&t, 2, 1ull << 30);
    m = create(&t);
    fdt = build(m);
    rtas = fdt_path_offset(fdt, "/rtas");
    g_assert_cmpint(rtas, >=, 0);
    g_assert_cmpuint(spapr_rtas_count(), >=, 7);
    for (unsigned i = 0; i < spapr_rtas_count(); i++) {
        const char *name = spapr_rtas_name(i);
        uint32_t tok;

        g_assert_nonnull(name);
        tok = getu32(fdt, "/rtas", name);
        g_assert_cmpuint(tok, ==, spapr_rtas_token(name));
        g_assert_false(g_hash_table_contains(seen, GUINT_TO_POINTER(tok)));
        g_hash_table_add(seen, GUINT_TO_POINTER(tok));
    }
    g_assert_nonnull(fdt_getprop(fdt, rtas, "power-off", NULL));
    g_assert_nonnull(fdt_getprop(fdt, rtas, "get-time-of-day", NULL));
    g_assert_nonnull(fdt_getprop(fdt, rtas, "ibm,os-term", NULL));
    g_assert_nonnull(fdt_getprop(fdt, rtas, "ibm,extended-os-term", NULL));

    /* RTAS sits below min(RAM, 768 MiB), 64 KiB aligned, and is reserved. */
    g_assert_cmphex(getu32(fdt, "/rtas", "linux,rtas-base"), ==, 0x2fff0000);
    g_assert_cmphex(getu32(fdt, "/rtas", "linux,rtas-entry"), ==, 0x2fff0000);
    g_assert_cmphex(getu32(fdt, "/rtas", "rtas-size"), ==, 0x83c);   /* as QEMU for 2 CPUs */
    g_assert_cmpuint(getu32(fdt, "/rtas", "rtas-error-log-max"), ==, 2048);
    g_assert_true(reserved(fdt, 0x2fff0000, 0x83c));
    g_assert_true(reserved(fdt, m->fdt_addr, fdt_totalsize(fdt)));

    /* Only implemented hcall groups: the console and MMU ones, not e.g. HPT resizing. */
    ht = fdt_getprop(fdt, rtas, "ibm,hypertas-functions", &len);
    g_assert_nonnull(ht);
    g_assert_cmpint(ht[len - 1], ==, 0);
    g_assert_nonnull(memmem(ht, len, "hcall-term\0", 11));
    g_assert_nonnull(memmem(ht, len, "hcall-pft\0", 10));
    g_assert_nonnull(memmem(ht, len, "hcall-bulk\0", 11));
    g_assert_nonnull(memmem(ht, len, "hcall-set-mode\0", 15));
    g_assert_null(memmem(ht, len, "hcall-hpt-resize", 16));

    g_hash_table_unref(seen);
    g_free(fdt);
    spapr_machine_free(m);
    test_cfg_cleanup(&t);
}

static void test_vty_and_nodefaults(void)
{
    TestCfg t;
    SpaprMachine *m;
    void *fdt;

    test_cfg_init(&t, 1, 256ull << 20);
    m = create(&t);
    fdt = build(m);
    g_assert_cmpstr(getstr(fdt, "/vdevice", "device_type"), ==, "vdevice");
    g_assert_cmpstr(getstr(fdt, "/vdevice/vty@71000000", "compatible"), ==, "hvterm1");
    g_assert_cmpstr(getstr(fdt, "/vdevice/vty@71000000", "device_type"), ==, "serial");
    g_assert_cmphex(getu32(fdt, "/vdevice/vty@71000000", "reg"), ==, 0x71000000);
    g_assert_cmpstr(getstr(fdt, "/chosen", "stdout-path"), ==, "/vdevice/vty@71000000");
    g_free(fdt);
    spapr_machine_free(m);

    t.cfg.nodefaults = true;
    m = create(&t);
    fdt = build(m);
    /* -nodefaults drops the vty; the NVRAM stays (as in QEMU) and takes the first address. */
    g_assert_cmpint(fdt_path_offset(fdt, "/vdevice"), >=, 0);
    g_assert_cmpint(fdt_path_offset(fdt, "/vdevice/vty@71000000"), <, 0);
    g_assert_cmpstr(getstr(fdt, "/vdevice/nvram@71000000", "device_type"), ==, "nvram");
    g_assert_null(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "stdout-path", NULL));
    g_free(fdt);
    spapr_machine_free(m);
    test_cfg_cleanup(&t);
}

/* Two cells: the source number and its sense (0 = edge), as XICS's #interrupt-cells says. */
static uint32_t get_irq(const void *fdt, const char *path)
{
    int len;
    const fdt32_t *v = fdt_getprop(fdt, fdt_path_offset(fdt, path), "interrupts", &len);

    g_assert_nonnull(v);
    g_assert_cmpint(len, ==, 8);
    g_assert_cmpuint(fdt32_to_cpu(v[1]), ==, 0);
    return fdt32_to_cpu(v[0]);
}

static Device *add_vty(SpaprMachine *m, const char *reg, Error **errp)
{
    static int n;
    g_autofree char *id = g_strdup_printf("vty-backend-%d", n++);
    g_autofree char *opts = g_strdup_printf("null,id=%s", id);
    Device *dev = device_new("spapr-vty", NULL, errp);

    /* -device spapr-vty needs a chardev of its own, as in QEMU. */
    if (!dev || !chardev_new_opts(opts, errp) || !device_set_prop(dev, "chardev", id, errp) ||
        !device_set_prop(dev, "reg", reg, errp) ||
        !device_realize_and_plug(dev, &m->vio_bus, false, errp)) {
        return NULL;
    }
    return dev;
}

/* The source numbers of spapr_xics.h's table, as the guest sees them and as they are given out. */
static void test_irq_layout(void)
{
    TestCfg t;
    SpaprMachine *m;
    Error *err = NULL;
    void *fdt;
    uint32_t msi, lsi;

    test_cfg_init(&t, 1, 256ull << 20);
    m = create(&t);
    /* Event sources and the default vty and NVRAM hold their QEMU 7.2 numbers. */
    g_assert_true(xics_irq_claimed(m->xics, 0x1000));
    g_assert_true(xics_irq_claimed(m->xics, 0x1001));
    g_assert_true(xics_irq_claimed(m->xics, 0x1100));
    g_assert_true(xics_irq_claimed(m->xics, 0x1101));
    g_assert_false(xics_irq_claimed(m->xics, 0x1102));
    /* A vty whose unit address shares the low byte with the first one would share its source. */
    g_assert_null(add_vty(m, "0x71000100", &err));
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(error_get_pretty(err), "interrupt source 0x1100 is already in use"));
    error_free(err);
    err = NULL;
    g_assert_nonnull(add_vty(m, "0x71000005", &err));
    g_assert_null(err);
    fdt = build(m);
    g_assert_cmphex(get_irq(fdt, "/event-sources/epow-events"), ==, 0x1000);
    g_assert_cmphex(get_irq(fdt, "/event-sources/hot-plug-events"), ==, 0x1001);
    g_assert_cmphex(get_irq(fdt, "/vdevice/vty@71000000"), ==, 0x1100);
    g_assert_cmphex(get_irq(fdt, "/vdevice/nvram@71000001"), ==, 0x1101);
    g_assert_cmphex(get_irq(fdt, "/vdevice/vty@71000005"), ==, 0x1105);
    g_free(fdt);

    /* PCI LSIs: PHB n pin p at 0x1200 + 4n + p, claimed once. */
    lsi = spapr_irq_pci_lsi(2, 3);
    g_assert_cmphex(lsi, ==, 0x120b);
    g_assert_true(spapr_irq_claim(m, lsi, true, &err));
    g_assert_true(xics_irq_is_lsi(m->xics, lsi));
    g_assert_false(spapr_irq_claim(m, lsi, true, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "0x120b is already in use"));
    error_free(err);
    err = NULL;
    g_assert_false(spapr_irq_claim(m, 0x2000, false, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "does not exist"));
    error_free(err);
    err = NULL;

    /* MSIs from 0x1300 up, aligned blocks for multi-message MSI, until the range is full. */
    g_assert_cmphex(spapr_irq_alloc_msi(m, 1, false, &err), ==, 0x1300);
    g_assert_cmphex(spapr_irq_alloc_msi(m, 3, true, &err), ==, 0x1304);
    g_assert_cmphex(spapr_irq_alloc_msi(m, 2, false, &err), ==, 0x1301);
    g_assert_cmphex(spapr_irq_alloc_msi(m, 32, true, &err), ==, 0x1320);
    g_assert_null(err);
    g_assert_cmphex(spapr_irq_alloc_msi(m, 0x1000, false, &err), ==, 0);
    g_assert_nonnull(strstr(error_get_pretty(err), "no 4096 free MSI sources in a row"));
    error_free(err);
    err = NULL;
    while ((msi = spapr_irq_alloc_msi(m, 1, false, NULL)) != 0) {
        g_assert_cmphex(msi, >=, 0x1300);
        g_assert_cmphex(msi, <=, 0x1fff);
    }
    g_assert_true(spapr_irq_free(m, 0x1320, 32));
    g_assert_false(spapr_irq_free(m, 0x1320, 32));
    g_assert_cmphex(spapr_irq_alloc_msi(m, 32, true, NULL), ==, 0x1320);
    spapr_machine_free(m);
    test_cfg_cleanup(&t);
}

/* ---- fragments: one device's node on its own, as ibm,configure-connector will hand it out ---- */

/* Every property of node a is in node b with the same value, and the other way round; how many. */
static int assert_same_props(const void *fa, int a, const void *fb, int b)
{
    int off, na = 0, nb = 0;

    fdt_for_each_property_offset(off, fa, a) {
        const char *name;
        int la, lb;
        const void *va = fdt_getprop_by_offset(fa, off, &name, &la);
        const void *vb = fdt_getprop(fb, b, name, &lb);

        g_assert_nonnull(va);
        g_assert_nonnull(vb);
        g_assert_cmpmem(va, la, vb, lb);
        na++;
    }
    fdt_for_each_property_offset(off, fb, b) {
        nb++;
    }
    g_assert_cmpint(na, ==, nb);
    g_assert_cmpint(na, >, 0);
    return na;
}

/* The tags a walker sees from the fragment's device node on: node, its properties, end. */
static int count_props_walking(const void *frag, int node)
{
    int off = node, next, props = 0;
    uint32_t tag = fdt_next_tag(frag, off, &next);

    g_assert_cmpuint(tag, ==, FDT_BEGIN_NODE);
    for (off = next; (tag = fdt_next_tag(frag, off, &next)) == FDT_PROP; off = next) {
        props++;
    }
    g_assert_cmpuint(tag, ==, FDT_END_NODE);                    /* the device node */
    g_assert_cmpuint(fdt_next_tag(frag, next, &next), ==, FDT_END_NODE);  /* the root */
    g_assert_cmpuint(fdt_next_tag(frag, next, &next), ==, FDT_END);
    return props;
}

static void test_fragment_of_vio_devices(void)
{
    TestCfg t;
    SpaprMachine *m;
    void *boot;
    const char *const paths[] = { "/vdevice/vty@71000000", "/vdevice/nvram@71000001" };

    test_cfg_init(&t, 1, 256ull << 20);
    m = create(&t);
    boot = build(m);
    for (size_t i = 0; i < G_N_ELEMENTS(paths); i++) {
        Error *err = NULL;
        SpaprVioDevice *vdev = spapr_vio_find(m, 0x71000000 + (uint32_t)i);
        void *frag = dt_device_fragment(&vdev->dev, &err);
        int node, nprops, boot_node = fdt_path_offset(boot, paths[i]);

        g_assert_null(err);
        g_assert_nonnull(frag);
        g_assert_cmpint(fdt_check_full(frag, fdt_totalsize(frag)), ==, 0);
        g_assert_cmpint(fdt_num_mem_rsv(frag), ==, 0);
        g_assert_cmpint(fdt_first_property_offset(frag, 0), <, 0);     /* a bare root */
        node = fdt_first_subnode(frag, 0);
        g_assert_cmpint(node, >=, 0);
        g_assert_cmpint(fdt_next_subnode(frag, node), <, 0);          /* one device node */
        g_assert_cmpstr(fdt_get_name(frag, node, NULL), ==, strrchr(paths[i], '/') + 1);
        /* The same node as in the boot tree, property for property. */
        nprops = assert_same_props(frag, node, boot, boot_node);
        g_assert_cmpint(nprops, >=, 4);     /* reg, device_type, compatible, interrupts */
        g_assert_cmpint(count_props_walking(frag, node), ==, nprops);
        g_free(frag);
    }
    g_free(boot);
    spapr_machine_free(m);
    test_cfg_cleanup(&t);
}

/* Node writers of this test's own: what goes wrong must come back as an error. */
static int big_prop_size;

static int node_big(Device *dev, void *fdt)
{
    DT_TRY(fdt_begin_node(fdt, "big"));
    DT_TRY(fdt_property_placeholder(fdt, "blob", big_prop_size, &(void *){ NULL }));
    return fdt_end_node(fdt);
}

static int node_fails(Device *dev, void *fdt)
{
    DT_TRY(fdt_begin_node(fdt, "half"));
    return -FDT_ERR_BADVALUE;
}

static int node_left_open(Device *dev, void *fdt)
{
    DT_TRY(fdt_begin_node(fdt, "open"));
    return fdt_property_u32(fdt, "x", 1);
}

static int node_two(void *opaque, void *fdt)
{
    for (int fn = 0; fn < 2; fn++) {
        char name[16];

        g_snprintf(name, sizeof(name), "fn@%d", fn);
        DT_TRY(fdt_begin_node(fdt, name));
        DT_TRY(DT_CELLS(fdt, "reg", fn << 8, 0, 0, 0, 0));
        DT_TRY(fdt_end_node(fdt));
    }
    return 0;
}

static void expect_fragment_error(Device *dev, const char *what)
{
    Error *err = NULL;

    g_assert_null(dt_device_fragment(dev, &err));
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), what)) {
        g_error("'%s' does not say '%s'", error_get_pretty(err), what);
    }
    error_free(err);
}

static void test_fragment_errors(void)
{
    DeviceClass cls = { .name = "test-dt" };
    Device dev = { .cls = &cls };
    Error *err = NULL;
    void *frag;
    int node, n = 0;

    expect_fragment_error(&dev, "test-dt: this device has no device-tree node of its own");
    cls.fdt_node = node_fails;
    expect_fragment_error(&dev, "test-dt: device-tree node: FDT_ERR_BADVALUE");
    cls.fdt_node = node_left_open;
    expect_fragment_error(&dev, "test-dt: device-tree node: malformed");
    /* Larger than the first buffer: it grows; larger than the limit: an error, not an abort. */
    cls.fdt_node = node_big;
    big_prop_size = 300 * 1024;
    frag = dt_device_fragment(&dev, &err);
    g_assert_null(err);
    g_assert_nonnull(frag);
    g_assert_cmpint(fdt_getprop(frag, fdt_path_offset(frag, "/big"), "blob", &n) != NULL, ==, 1);
    g_assert_cmpint(n, ==, 300 * 1024);
    g_free(frag);
    big_prop_size = DT_FRAGMENT_MAX_SIZE;
    expect_fragment_error(&dev, "test-dt: device-tree node larger than 1024 KiB");

    /* Several sibling nodes (a multi-function adapter) under one root. */
    frag = dt_build_fragment(node_two, NULL, &err);
    g_assert_null(err);
    g_assert_cmpint(fdt_check_full(frag, fdt_totalsize(frag)), ==, 0);
    n = 0;
    fdt_for_each_subnode(node, frag, 0) {
        n++;
    }
    g_assert_cmpint(n, ==, 2);
    g_assert_cmpint(fdt_path_offset(frag, "/fn@1"), >=, 0);
    g_free(frag);
}

static void test_kernel_initrd_bootargs(void)
{
    TestCfg t;
    SpaprMachine *m;
    void *fdt;
    char *kernel, *initrd;
    uint64_t start, end;
    uint8_t probe[4];

    test_cfg_init(&t, 1, 256ull << 20);
    kernel = test_write_file(t.dir, "vmlinux.raw", 0x12345, 0xaa);
    initrd = test_write_file(t.dir, "initrd", 0x3000, 0xbb);
    t.cfg.kernel = kernel;
    t.cfg.initrd = initrd;
    t.cfg.append = "console=hvc0 root=/dev/ram0";
    m = create(&t);
    fdt = build(m);
    g_assert_cmpstr(getstr(fdt, "/chosen", "bootargs"), ==, "console=hvc0 root=/dev/ram0");
    /* A raw kernel goes to 4 MiB and is entered there. */
    g_assert_cmphex(m->kernel_entry, ==, 0x400000);
    g_assert_cmpint(address_space_read(&m->as, 0x400000 + 0x12344, probe, 1), ==, MEMTX_OK);
    g_assert_cmphex(probe[0], ==, 0xaa);
    start = getnum(fdt, "/chosen", "linux,initrd-start");
    end = getnum(fdt, "/chosen", "linux,initrd-end");
    g_assert_cmphex(start % 0x10000, ==, 0);
    g_assert_cmphex(start, >=, 0x400000 + 0x12345);
    g_assert_cmphex(end - start, ==, 0x3000);
    g_assert_cmphex(end, <=, m->fdt_addr);
    g_assert_cmpint(address_space_read(&m->as, start, probe, 4), ==, MEMTX_OK);
    g_assert_cmphex(probe[3], ==, 0xbb);
    g_assert_true(reserved(fdt, start, 0x3000));
    g_free(fdt);
    spapr_machine_free(m);
    g_free(kernel);
    g_free(initrd);
    test_cfg_cleanup(&t);
}

static void expect_create_error(TestCfg *t, const char *substr)
{
    Error *err = NULL;
    SpaprMachine *m = spapr_machine_create(&t->cfg, &err);

    if (m && spapr_load_images(m, &err)) {
        g_error("expected an error containing '%s'", substr);
    }
    g_assert_nonnull(err);
    if (!strstr(error_get_pretty(err), substr)) {
        g_error("error '%s' lacks '%s'", error_get_pretty(err), substr);
    }
    error_free(err);
    spapr_machine_free(m);
}

static void test_config_errors(void)
{
    TestCfg t;
    char *big;

    test_cfg_init(&t, 1, 64ull << 20);
    t.cfg.initrd = "/nonexistent/initrd";
    expect_create_error(&t, "-initrd only allowed with -kernel option");
    t.cfg.initrd = NULL;

    t.cfg.kernel = "/nonexistent/vmlinux";
    expect_create_error(&t, "/nonexistent/vmlinux");

    /* 64 MiB of RAM: 60 MiB at 4 MiB would fit RAM but cover the FDT and RTAS. */
    big = test_write_file(t.dir, "big", 60ull << 20, 0);
    t.cfg.kernel = big;
    expect_create_error(&t, "must fit");
    t.cfg.kernel = NULL;

    /* The property table itself is tested in test-spapr-props. */
    g_hash_table_insert(t.props, g_strdup("cap-htm"), g_strdup("on"));
    expect_create_error(&t, "cap-htm=on: no Transactional Memory");
    g_hash_table_remove_all(t.props);
    g_hash_table_insert(t.props, g_strdup("bogus"), g_strdup("1"));
    expect_create_error(&t, "unknown property 'bogus' (valid: accel, append,");
    g_hash_table_remove_all(t.props);

    t.cfg.rtc_base = "yesterday";
    expect_create_error(&t, "-rtc: invalid base");
    t.cfg.rtc_base = NULL;

    t.cfg.bios = "/nonexistent/fw.bin";
    expect_create_error(&t, "/nonexistent/fw.bin");
    t.cfg.bios = t.bios;

    t.cfg.ram_size = 16ull << 20;
    expect_create_error(&t, "too small");
    t.cfg.ram_size = 64ull << 20;

    t.cfg.smp = 0;
    expect_create_error(&t, "-smp");
    g_free(big);
    test_cfg_cleanup(&t);
}

/* dtc must decode the blob without a single warning. */
static void test_dtc_clean(void)
{
    TestCfg t;
    SpaprMachine *m;
    void *fdt;
    char *path, *dtc = g_find_program_in_path("dtc");
    char *out = NULL, *err = NULL;
    int status;

    if (!dtc) {
        g_test_skip("dtc is not installed");
        return;
    }
    test_cfg_init(&t, 2, 512ull << 20);
    t.cfg.kernel = path = test_write_file(t.dir, "k", 0x1000, 0);
    t.cfg.append = "console=hvc0";
    m = create(&t);
    fdt = build(m);
    g_free(path);
    path = g_build_filename(t.dir, "machine.dtb", NULL);
    g_assert_true(g_file_set_contents(path, fdt, fdt_totalsize(fdt), NULL));
    {
        const char *argv[] = { dtc, "-I", "dtb", "-O", "dts", path, NULL };
        g_assert_true(g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out,
                                   &err, &status, NULL));
    }
    if (err && *err) {
        g_error("dtc warned:\n%s", err);
    }
    g_assert_true(g_spawn_check_wait_status(status, NULL));
    g_assert_nonnull(strstr(out, "PowerPC,POWER8@1"));
    g_free(out);
    g_free(err);
    g_free(dtc);
    g_free(path);
    g_free(fdt);
    spapr_machine_free(m);
    test_cfg_cleanup(&t);
}

static void test_phb_windows(void)
{
    SpaprPhbWindows w0, w1;

    g_assert_true(spapr_phb_windows(0, &w0));
    g_assert_true(spapr_phb_windows(1, &w1));
    g_assert_false(spapr_phb_windows(SPAPR_MAX_PHBS, &w1));
    g_assert_false(spapr_phb_windows(-1, &w1));
    /* QEMU's layout (pci-hotplug-papr.md): IO at 32 TiB, MMIO32 at +2 GiB, MMIO64 at +1 TiB. */
    g_assert_cmphex(w0.io, ==, 0x200000000000ull);
    g_assert_cmphex(w0.mmio32, ==, 0x200080000000ull);
    g_assert_cmphex(w0.mmio64, ==, 0x210000000000ull);
    g_assert_cmphex(w1.io, ==, 0x200000010000ull);
    g_assert_true(spapr_phb_windows(1, &w1));
    g_assert_cmphex(w1.mmio32, ==, 0x200100000000ull);
    g_assert_cmphex(w1.mmio64, ==, 0x220000000000ull);
}

/* The whole init: vCPUs and the boot CPU's entry state (the firmware contract). Runs last: its
 * machine stays (vCPUs are registered with core for the life of the process). */
static void test_init_entry_state(void)
{
    TestCfg t;
    Error *err = NULL;
    Machine *m;
    char *kernel;
    MemTxResult res = MEMTX_OK;

    test_cfg_init(&t, 2, 256ull << 20);
    kernel = test_write_file(t.dir, "k", 0x2000, 0x11);
    t.cfg.kernel = kernel;
    m = machine_create(machine_class_find("pseries"), &t.cfg, &err);
    g_assert_null(err);
    g_assert_nonnull(m);
    g_assert_cmphex(m->cpus[0]->cs.pc, ==, SPAPR_ENTRY_POINT);
    g_assert_cmphex(m->cpus[0]->msr, ==, MSR_SF | MSR_ME);
    g_assert_cmphex(m->cpus[0]->gpr[3], ==, m->fdt_addr);
    /*
     * cfg.bios is a -bios image: entered as QEMU 7.2 enters one, r4 = 0, the
     * kernel named in /chosen/qemu,boot-kernel (start, size). The built-in
     * firmware gets the entry in r4 (every guest test boots that way).
     */
    g_assert_cmphex(m->cpus[0]->gpr[4], ==, 0);
    g_assert_cmphex(m->cpus[0]->gpr[5], ==, 0);
    {
        int chosen = fdt_path_offset(m->fdt, "/chosen"), len;
        const void *prop = fdt_getprop(m->fdt, chosen, "qemu,boot-kernel", &len);
        fdt64_t bk[2];

        /* Properties are only 4-byte aligned in the blob: copy before reading 64-bit cells. */
        g_assert_nonnull(prop);
        g_assert_cmpint(len, ==, 16);
        memcpy(bk, prop, sizeof(bk));
        g_assert_cmphex(fdt64_to_cpu(bk[0]), ==, SPAPR_KERNEL_LOAD_ADDR);
        g_assert_cmphex(fdt64_to_cpu(bk[1]), ==, 0x2000);
        g_assert_null(fdt_getprop(m->fdt, chosen, "qemu,boot-kernel-le", NULL));   /* raw */
    }
    g_assert_false(m->cpus[0]->offline);
    g_assert_true(m->cpus[1]->offline);
    g_assert_true(m->cpus[1]->cs.halted);
    /* The tree is in guest memory where r3 points. */
    g_assert_cmphex(address_space_ldl_be(&m->as, m->cpus[0]->gpr[3], &res), ==, 0xd00dfeed);
    g_assert_cmpint(res, ==, MEMTX_OK);
    /* The stand-in firmware is at 0. */
    g_assert_cmphex(address_space_ldl_be(&m->as, 0, &res), ==, 0x60606060);
    /* vCPUs stay registered with core for the process, so the machine is not freed here. */
    g_free(kernel);
    test_cfg_cleanup(&t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/spapr/fdt/root-and-memory", test_root_and_memory);
    g_test_add_func("/spapr/fdt/cpus", test_cpus);
    g_test_add_func("/spapr/fdt/rtas", test_rtas_node);
    g_test_add_func("/spapr/fdt/vty-and-nodefaults", test_vty_and_nodefaults);
    g_test_add_func("/spapr/fdt/kernel-initrd-bootargs", test_kernel_initrd_bootargs);
    g_test_add_func("/spapr/irq/layout", test_irq_layout);
    g_test_add_func("/spapr/fdt/fragment-of-vio-devices", test_fragment_of_vio_devices);
    g_test_add_func("/spapr/fdt/fragment-errors", test_fragment_errors);
    g_test_add_func("/spapr/config-errors", test_config_errors);
    g_test_add_func("/spapr/fdt/dtc-clean", test_dtc_clean);
    g_test_add_func("/spapr/memmap/phb-windows", test_phb_windows);
    g_test_add_func("/spapr/zz-last/init-entry-state", test_init_entry_state);
    return g_test_run();
}
