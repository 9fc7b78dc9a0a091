/*
 * The pseries machine properties (ppc/spapr/spapr_props.c): every QEMU 7.2
 * pseries property is known, values are checked against the table, what is
 * not here is refused with its reason, and the ones that take effect change
 * the device tree, the loaded images and ibm,nmi-register.
 */
#include <glib.h>
#include <libfdt.h>
#include <string.h>

#include "ppc/spapr/spapr_fdt.h"
#include "ppc/spapr/spapr_props.h"
#include "spapr-test-util.h"

/* Parse "k=v,k=v" (no commas in values); NULL on error with the message in *msg. */
static bool parse(const char *spec, int threads, SpaprProps *p, char **msg)
{
    g_autoptr(GHashTable) given = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_auto(GStrv) items = g_strsplit(spec, ",", -1);
    Error *err = NULL;
    bool ok;

    for (int i = 0; items[i] && *items[i]; i++) {
        char *eq = strchr(items[i], '=');
        g_assert_nonnull(eq);
        g_hash_table_insert(given, g_strndup(items[i], eq - items[i]), g_strdup(eq + 1));
    }
    ok = spapr_props_parse(p, given, threads, &err);
    if (msg) {
        *msg = ok ? NULL : g_strdup(error_get_pretty(err));
    }
    error_free(err);
    return ok;
}

static void expect_error(const char *spec, const char *want)
{
    SpaprProps p;
    g_autofree char *msg = NULL;

    if (parse(spec, 1, &p, &msg)) {
        g_error("'%s' was accepted", spec);
    }
    if (!strstr(msg, want)) {
        g_error("'%s': error '%s' lacks '%s'", spec, msg, want);
    }
    g_assert_null(strchr(msg, '\n'));       /* one line */
    spapr_props_free(&p);
}

static void expect_ok(const char *spec, SpaprProps *p)
{
    g_autofree char *msg = NULL;

    if (!parse(spec, 1, p, &msg)) {
        g_error("'%s' refused: %s", spec, msg);
    }
}

/* The usual TCG command line, QEMU's defaults and every listed property parse. */
static void test_accepted(void)
{
    SpaprProps p;

    expect_ok("", &p);
    g_assert_true(p.cap_vsx);
    g_assert_cmpuint(p.cap_cfpc, ==, SPAPR_CAP_FIXED);
    g_assert_cmpuint(p.cap_ibs, ==, SPAPR_IBS_FIXED_NA);
    g_assert_cmpuint(p.hpt_max_page_shift, ==, 24);
    g_assert_cmphex(p.cpu_version, ==, 0x0f000004);
    g_assert_cmpstr(p.dt_compatible, ==, "qemu,pseries");
    g_assert_null(p.host_model);
    spapr_props_free(&p);

    expect_ok("cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off", &p);
    g_assert_cmpuint(p.cap_cfpc, ==, SPAPR_CAP_BROKEN);
    g_assert_cmpuint(p.cap_sbbc, ==, SPAPR_CAP_BROKEN);
    g_assert_cmpuint(p.cap_ibs, ==, SPAPR_CAP_BROKEN);
    g_assert_false(p.cap_ccf_assist);
    spapr_props_free(&p);

    /* QEMU's TCG defaults, spelled out; the caps are case-insensitive as in QEMU. */
    expect_ok("cap-cfpc=Workaround,cap-sbbc=workaround,cap-ibs=fixed-ccd,cap-ccf-assist=on,"
              "cap-dfp=on,cap-vsx=on,cap-htm=off,cap-large-decr=off,cap-nested-hv=off,"
              "cap-rpt-invalidate=off,cap-fwnmi=off,cap-hpt-max-page-size=64k", &p);
    g_assert_cmpuint(p.cap_cfpc, ==, SPAPR_CAP_WORKAROUND);
    g_assert_cmpuint(p.cap_ibs, ==, SPAPR_IBS_FIXED_CCD);
    g_assert_true(p.cap_ccf_assist);
    g_assert_false(p.cap_dfp);      /* no DFP unit, whatever is asked */
    g_assert_false(p.cap_fwnmi);
    g_assert_cmpuint(p.hpt_max_page_shift, ==, 16);
    spapr_props_free(&p);

    expect_ok("ic-mode=xics,resize-hpt=disabled,kvm-type=HV,vsmt=1,max-cpu-compat=power7,"
              "x-vof=off,modern-hotplug-events=on,nvdimm-persistence=cpu,kernel-irqchip=split,"
              "kernel-addr=0x400000,phandle-start=0x8000,dtb=/nonexistent,graphics=off,usb=off,"
              "mem-merge=off,dump-guest-core=off,suppress-vmdesc=on,accel=tcg,"
              "dt-compatible=acme,host-model=passthrough,host-serial=none,"
              "memory.size=1G", &p);
    g_assert_cmphex(p.cpu_version, ==, 0x0f000003);
    g_assert_cmpstr(p.dt_compatible, ==, "acme");
    g_assert_cmpstr(p.host_model, ==, "passthrough");
    g_assert_null(p.host_serial);
    g_assert_cmpuint(p.ram_size, ==, 1ull << 30);
    spapr_props_free(&p);

    expect_ok("ic-mode=dual,resize-hpt=default,max-cpu-compat=power7+,kernel=k,initrd=i,"
              "append=a,firmware=f,dumpdtb=d,nvram=n", &p);
    g_assert_cmphex(p.cpu_version, ==, 0x0f100003);
    g_assert_cmpstr(p.kernel, ==, "k");
    g_assert_cmpstr(p.firmware, ==, "f");
    g_assert_cmpstr(p.nvram, ==, "n");
    spapr_props_free(&p);

    /* vsmt spaces the cores' vCPU ids; it may not be below the threads per core. */
    g_assert_true(parse("vsmt=4", 4, &p, NULL));
    g_assert_cmpuint(p.vsmt, ==, 4);
    spapr_props_free(&p);
    g_assert_true(parse("vsmt=8", 2, &p, NULL));
    g_assert_cmpuint(p.vsmt, ==, 8);
    spapr_props_free(&p);
    g_assert_true(parse("", 2, &p, NULL));
    g_assert_cmpuint(p.vsmt, ==, 0);            /* the threads per core */
    spapr_props_free(&p);
    {
        g_autofree char *msg = NULL;

        g_assert_false(parse("vsmt=2", 4, &p, &msg));
        g_assert_cmpstr(msg, ==, "-machine pseries: vsmt=2: Cannot support VSMT mode 2 because it must be >= "
                                 "threads/core (4)");
        spapr_props_free(&p);
    }
}

/* Bad values and absent features: one line naming the valid values or the reason. */
static void test_refused(void)
{
    expect_error("bogus=1", "unknown property 'bogus' (valid: accel, append, boot, cap-ccf-assist,");
    expect_error("cap-vsx=maybe", "cap-vsx=maybe: expects on or off");
    expect_error("cap-cfpc=foo", "cap-cfpc=foo: invalid value (valid: broken, workaround, fixed)");
    expect_error("cap-ibs=fixed", "(valid: broken, workaround, fixed-ibs, fixed-ccd, fixed-na)");
    expect_error("cap-htm=on", "cap-htm=on: no Transactional Memory");
    expect_error("cap-large-decr=on", "POWER9 and later");
    expect_error("cap-nested-hv=on", "nested KVM-HV");
    expect_error("cap-rpt-invalidate=on", "H_RPT_INVALIDATE");
    expect_error("cap-hpt-max-page-size=3", "must be a power of 2");
    expect_error("cap-hpt-max-page-size=2k", "at least 4k");
    expect_error("cap-hpt-max-page-size=big", "expects a size");
    expect_error("ic-mode=xive", "ic-mode=xive: XIVE is POWER9 and later");
    expect_error("ic-mode=foo", "(valid: xics, xive, dual)");
    expect_error("resize-hpt=required", "H_RESIZE_HPT_PREPARE/COMMIT are not implemented");
    expect_error("resize-hpt=enabled", "use resize-hpt=disabled");
    expect_error("resize-hpt=foo", "(valid: default, disabled, enabled, required)");
    expect_error("max-cpu-compat=power9", "the CPU is a POWER8");
    expect_error("max-cpu-compat=power5", "(valid: power6, power7, power7+, power8, power9, power10)");
    expect_error("kvm-type=XX", "(valid: HV, PR, auto)");
    expect_error("vsmt=16", "vsmt=16: at most 8");
    expect_error("vsmt=x", "vsmt=x: expects a number");
    expect_error("modern-hotplug-events=off", "only the dedicated hotplug event source");
    expect_error("usb=on", "no USB controller");
    expect_error("kernel-addr=0x1000000", "always loaded at 0x400000");
    expect_error("memory-backend=mem0", "no -object memory-backend-* here");
    expect_error("confidential-guest-support=pef0", "no secure/protected guest");
    expect_error("smp.cpus=2", "smp.cpus=2: use -smp");
    expect_error("boot.order=c", "use -boot");
    expect_error("memory.slots=2", "only memory.size=SIZE");
    expect_error("memory.size=lots", "invalid size");
    expect_error("cap-vsx.x=on", "unknown property 'cap-vsx.x'");
    /* Several bad ones: always the first by name. */
    expect_error("zz=1,cap-htm=on", "cap-htm=on");
}

/* -M pseries,help: a heading and one "  NAME=<TYPE> - ..." line per property, in name order. */
static void test_help(void)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_auto(GStrv) lines = NULL;
    guint n;

    spapr_props_help(out);
    lines = g_strsplit(out->str, "\n", -1);
    n = g_strv_length(lines);
    g_assert_cmpstr(lines[0], ==, "pseries-7.2-machine options:");
    g_assert_cmpuint(n, >, 40);
    for (guint i = 1; i + 1 < n; i++) {
        g_assert_true(g_regex_match_simple("^  [a-z0-9.-]+=<(bool|string|int|size|object)> +- .+$",
                                           lines[i], 0, 0));
        if (i > 1) {
            g_autofree char *prev = g_strndup(lines[i - 1], strcspn(lines[i - 1], "="));
            g_autofree char *cur = g_strndup(lines[i], strcspn(lines[i], "="));
            g_assert_cmpint(strcmp(prev, cur), <, 0);
        }
    }
    g_assert_nonnull(strstr(out->str, "\n  cap-htm=<bool>         - Allow Hardware Transactional "
                                      "Memory (HTM) (default: off); here: no TM here\n"));
    g_assert_nonnull(strstr(out->str, "\n  ic-mode=<string>       - Specifies the interrupt "
                                      "controller mode (xics, xive, dual) (default: dual)"));
}

/* ---- effects on the machine ---- */

static SpaprMachine *build(TestCfg *t, void **fdt)
{
    Error *err = NULL;
    SpaprMachine *m = spapr_machine_create(&t->cfg, &err);

    g_assert_null(err);
    g_assert_nonnull(m);
    g_assert_true(spapr_load_images(m, &err));
    *fdt = spapr_build_fdt(m, &err);
    g_assert_null(err);
    return m;
}

static const void *prop(const void *fdt, const char *path, const char *name, int *len)
{
    int node = fdt_path_offset(fdt, path);

    g_assert_cmpint(node, >=, 0);
    return fdt_getprop(fdt, node, name, len);
}

static uint32_t cell(const void *fdt, const char *path, const char *name)
{
    int len;
    const fdt32_t *v = prop(fdt, path, name, &len);

    g_assert_nonnull(v);
    return fdt32_to_cpu(*v);
}

static void check_page_sizes(const void *fdt, const uint32_t *want, int n)
{
    int len;
    const fdt32_t *v = prop(fdt, "/cpus/PowerPC,POWER8@0", "ibm,segment-page-sizes", &len);

    g_assert_nonnull(v);
    g_assert_cmpint(len, ==, n * 4);
    for (int i = 0; i < n; i++) {
        g_assert_cmphex(fdt32_to_cpu(v[i]), ==, want[i]);
    }
}

static void test_device_tree(void)
{
    static const uint32_t all_sizes[] = {
        12, 0x000, 3, 12, 0x00, 16, 0x07, 24, 0x38,
        16, 0x110, 2, 16, 0x01, 24, 0x08,
        24, 0x100, 1, 24, 0x00,
    };
    static const uint32_t upto_64k[] = { 12, 0x000, 2, 12, 0x00, 16, 0x07, 16, 0x110, 1, 16, 0x01 };
    static const uint32_t upto_4k[] = { 12, 0x000, 1, 12, 0x00 };
    TestCfg t;
    SpaprMachine *m;
    void *fdt;

    test_cfg_init(&t, 1, 256ull << 20);
    m = build(&t, &fdt);
    g_assert_cmpstr(prop(fdt, "/", "compatible", NULL), ==, "qemu,pseries");
    g_assert_null(prop(fdt, "/", "host-model", NULL));
    g_assert_null(prop(fdt, "/", "host-serial", NULL));
    g_assert_cmpuint(cell(fdt, "/cpus/PowerPC,POWER8@0", "ibm,vmx"), ==, 2);
    g_assert_cmphex(cell(fdt, "/cpus/PowerPC,POWER8@0", "cpu-version"), ==, 0x0f000004);
    check_page_sizes(fdt, all_sizes, G_N_ELEMENTS(all_sizes));
    g_free(fdt);
    spapr_machine_free(m);

    g_hash_table_insert(t.props, g_strdup("dt-compatible"), g_strdup("acme,box"));
    g_hash_table_insert(t.props, g_strdup("host-model"), g_strdup("IBM,8247-22L"));
    g_hash_table_insert(t.props, g_strdup("host-serial"), g_strdup("1234ABC"));
    g_hash_table_insert(t.props, g_strdup("cap-vsx"), g_strdup("off"));
    g_hash_table_insert(t.props, g_strdup("max-cpu-compat"), g_strdup("power7"));
    g_hash_table_insert(t.props, g_strdup("cap-hpt-max-page-size"), g_strdup("64k"));
    m = build(&t, &fdt);
    g_assert_cmpstr(prop(fdt, "/", "compatible", NULL), ==, "acme,box");
    g_assert_cmpstr(prop(fdt, "/", "host-model", NULL), ==, "IBM,8247-22L");
    g_assert_cmpstr(prop(fdt, "/", "host-serial", NULL), ==, "1234ABC");
    g_assert_cmpuint(cell(fdt, "/cpus/PowerPC,POWER8@0", "ibm,vmx"), ==, 1);
    g_assert_cmphex(cell(fdt, "/cpus/PowerPC,POWER8@0", "cpu-version"), ==, 0x0f000003);
    check_page_sizes(fdt, upto_64k, G_N_ELEMENTS(upto_64k));
    g_free(fdt);
    spapr_machine_free(m);

    g_hash_table_insert(t.props, g_strdup("cap-hpt-max-page-size"), g_strdup("4096"));
    m = build(&t, &fdt);
    check_page_sizes(fdt, upto_4k, G_N_ELEMENTS(upto_4k));
    g_free(fdt);
    spapr_machine_free(m);
    test_cfg_cleanup(&t);
}

/* kernel=, initrd=, append=, firmware= are the options; the property wins over the option. */
static void test_image_properties(void)
{
    TestCfg t;
    SpaprMachine *m;
    void *fdt;
    char *kernel, *initrd, *fw;

    test_cfg_init(&t, 1, 256ull << 20);
    kernel = test_write_file(t.dir, "k", 0x1000, 0x11);
    initrd = test_write_file(t.dir, "rd", 0x2000, 0x22);
    fw = test_write_file(t.dir, "fw2.bin", 0x300, 0x33);
    t.cfg.append = "from-the-option";
    t.cfg.kernel = "/nonexistent/option-kernel";
    g_hash_table_insert(t.props, g_strdup("kernel"), g_strdup(kernel));
    g_hash_table_insert(t.props, g_strdup("initrd"), g_strdup(initrd));
    g_hash_table_insert(t.props, g_strdup("append"), g_strdup("console=hvc0 from-the-property"));
    g_hash_table_insert(t.props, g_strdup("firmware"), g_strdup(fw));
    m = build(&t, &fdt);
    g_assert_cmpstr(m->kernel_path, ==, kernel);
    g_assert_cmpstr(m->bios_path, ==, fw);
    g_assert_cmpuint(m->bios_size, ==, 0x300);
    g_assert_cmpuint(m->initrd_size, ==, 0x2000);
    g_assert_cmpstr(prop(fdt, "/chosen", "bootargs", NULL), ==, "console=hvc0 from-the-property");
    g_assert_nonnull(prop(fdt, "/chosen", "linux,initrd-start", NULL));
    g_free(fdt);
    spapr_machine_free(m);
    g_free(kernel);
    g_free(initrd);
    g_free(fw);
    test_cfg_cleanup(&t);
}

/* QEMU 7.2's words for images it cannot load, which scripts grep for. */
static void test_image_errors(void)
{
    TestCfg t;
    Error *err = NULL;
    SpaprMachine *m;
    char *big;

    test_cfg_init(&t, 1, 256ull << 20);
    t.cfg.kernel = "/nonexistent/vmlinux";
    m = spapr_machine_create(&t.cfg, &err);
    g_assert_null(m);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "error loading /nonexistent/vmlinux: No such file or directory");
    g_clear_pointer(&err, error_free);

    t.cfg.kernel = t.bios;
    t.cfg.initrd = "/nonexistent/rd";
    g_assert_null(spapr_machine_create(&t.cfg, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "could not load initial ram disk '/nonexistent/rd': No such file or directory");
    g_clear_pointer(&err, error_free);
    t.cfg.initrd = NULL;
    t.cfg.kernel = NULL;

    t.cfg.bios = "/nonexistent/fw.bin";
    g_assert_null(spapr_machine_create(&t.cfg, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "Could not find LPAR firmware '/nonexistent/fw.bin'");
    g_clear_pointer(&err, error_free);

    big = test_write_file(t.dir, "big.bin", 5u << 20, 0);
    t.cfg.bios = big;
    g_assert_null(spapr_machine_create(&t.cfg, &err));
    g_assert_true(g_str_has_prefix(error_get_pretty(err), "Could not load LPAR firmware '"));
    g_clear_pointer(&err, error_free);
    t.cfg.bios = t.bios;
    g_free(big);
    test_cfg_cleanup(&t);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    spapr_register_services();
    g_test_add_func("/spapr-props/accepted", test_accepted);
    g_test_add_func("/spapr-props/refused", test_refused);
    g_test_add_func("/spapr-props/help", test_help);
    g_test_add_func("/spapr-props/device-tree", test_device_tree);
    g_test_add_func("/spapr-props/image-properties", test_image_properties);
    g_test_add_func("/spapr-props/image-errors", test_image_errors);
    return g_test_run();
}
