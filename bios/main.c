/*
 * ppc64-lite firmware, the C part. With a kernel (r4 != 0) it installs the
 * RTAS trampoline and enters the kernel the way Linux expects when it is
 * handed a flattened device tree (linux-pseries-boot.md (a)). Without one,
 * it prints what the device tree describes (PHBs and DR slots included),
 * runs the PAPR hotplug client of hotplug.c (which waits a few seconds for
 * a hot-added device and gives up if none comes) and powers the machine off
 * through RTAS.
 */
#include "fw.h"

extern u8 __bss_start[], __bss_end[];

static u32 root_cells(const char *name, u32 dflt)
{
    int len;
    const void *p = dt_getprop(dt_root(), name, &len);

    return (p && len == 4) ? dt_u32(p) : dflt;
}

static void show_cpus(void)
{
    int cpus = dt_path("/cpus");
    int first = -1, n = 0;

    for (int c = dt_first_child(cpus); cpus >= 0 && c >= 0; c = dt_next_sibling(c)) {
        const char *t = dt_string(c, "device_type");
        if (t && !strcmp(t, "cpu")) {
            if (first < 0) {
                first = c;
            }
            n++;
        }
    }
    puts("CPUs:      ");
    put_dec((u64)n);
    if (first >= 0) {
        int len;
        const void *tb = dt_getprop(first, "timebase-frequency", &len);
        const char *name = dt_name(first);
        puts(" x ");
        while (*name && *name != '@') {
            putc(*name++);
        }
        if (tb && len == 4) {
            puts(", timebase ");
            put_dec(dt_u32(tb) / 1000000);
            puts(" MHz");
        }
    }
    putc('\n');
}

static void show_memory(void)
{
    u32 ac = root_cells("#address-cells", 2), sc = root_cells("#size-cells", 1);
    u64 total = 0;

    for (int c = dt_first_child(dt_root()); c >= 0; c = dt_next_sibling(c)) {
        const char *t = dt_string(c, "device_type");
        int len;
        const u32 *reg = dt_getprop(c, "reg", &len);
        if (!t || strcmp(t, "memory") || !reg || ac > 2 || sc > 2) {
            continue;
        }
        for (int i = 0; (i + (int)(ac + sc)) * 4 <= len; i += (int)(ac + sc)) {
            total += dt_cells(reg + i + ac, (int)sc);
        }
    }
    puts("Memory:    ");
    put_size(total);
    putc('\n');
}

static void show_chosen(void)
{
    int chosen = dt_path("/chosen");
    const char *args = chosen >= 0 ? dt_string(chosen, "bootargs") : NULL;

    puts("Bootargs:  ");
    puts(args && *args ? args : "(none)");
    putc('\n');
}

static void show_vdevice(void)
{
    int vdev = dt_path("/vdevice");
    int n = 0;

    puts("VIO:       ");
    for (int c = dt_first_child(vdev); vdev >= 0 && c >= 0; c = dt_next_sibling(c)) {
        const char *compat = dt_string(c, "compatible");
        puts(n++ ? ", " : "");
        puts(dt_name(c));
        if (compat) {
            puts(" (");
            puts(compat);
            putc(')');
        }
    }
    puts(n ? "\n" : "(none)\n");
}

/* The /rtas properties that describe RTAS itself rather than name a service. */
static int rtas_is_service(const char *name, int len)
{
    static const char *const not_services[] = {
        "rtas-size", "rtas-version", "rtas-error-log-max", "rtas-event-scan-rate",
        "linux,rtas-base", "linux,rtas-entry", "ibm,associativity-reference-points",
        "phandle", "linux,phandle", "ibm,lrdr-capacity", NULL,
    };

    if (len != 4) {
        return 0;
    }
    for (int i = 0; not_services[i]; i++) {
        if (!strcmp(name, not_services[i])) {
            return 0;
        }
    }
    return 1;
}

static void show_rtas(void)
{
    int rtas = dt_path("/rtas");
    const char *name;
    const void *val;
    int len, n = 0;

    if (rtas >= 0) {
        for (int p = dt_next_prop(rtas, -1, &name, &val, &len); p >= 0;
             p = dt_next_prop(rtas, p, &name, &val, &len)) {
            n += rtas_is_service(name, len);
        }
    }
    puts("RTAS:      ");
    put_dec((u64)n);
    puts(" services");
    if (rtas >= 0 && (val = dt_getprop(rtas, "linux,rtas-base", &len)) && len == 4) {
        puts(" at ");
        put_hex(dt_u32(val));
    }
    putc('\n');
}

/* "N DR slots, NAME (INDEX) .. NAME (INDEX)" from a node's ibm,drc-* arrays. */
static void show_drcs(int node, const char *what)
{
    int n = drc_count(node);

    put_dec((u64)n);
    puts(what);
    if (n) {
        puts(": \"");
        puts(drc_name_at(node, 0));
        puts("\" ");
        put_hex(drc_index_at(node, 0));
        puts(" .. \"");
        puts(drc_name_at(node, n - 1));
        puts("\" ");
        put_hex(drc_index_at(node, n - 1));
    }
}

/* Each PHB with its BUID and DR slots, then the PHB connectors on /. */
static void show_pci(void)
{
    int n = 0;

    for (int c = dt_first_child(dt_root()); c >= 0; c = dt_next_sibling(c)) {
        const char *t = dt_string(c, "device_type");
        int len;
        const void *reg = dt_getprop(c, "reg", &len);
        if (!t || strcmp(t, "pci")) {
            continue;
        }
        puts(n++ ? "           " : "PCI:       ");
        puts(dt_name(c));
        if (reg && len >= 8) {
            puts(", BUID ");
            put_hex(dt_cells(reg, 2));
        }
        puts(", ");
        show_drcs(c, " DR slots");
        putc('\n');
    }
    if (!n) {
        puts("PCI:       no host bridges\n");
    }
    if (drc_count(dt_root())) {
        puts("DR:        ");
        show_drcs(dt_root(), " PHB connectors");
        putc('\n');
    }
}

/* The vty named by /chosen/stdout-path, else the first hvterm1 under /vdevice. */
static u32 find_console(void)
{
    int chosen = dt_path("/chosen");
    const char *path = chosen >= 0 ? dt_string(chosen, "stdout-path") : NULL;
    int node = path ? dt_path(path) : -1;
    int len;
    const void *reg;

    if (node < 0) {
        int vdev = dt_path("/vdevice");
        for (int c = dt_first_child(vdev); vdev >= 0 && c >= 0; c = dt_next_sibling(c)) {
            const char *compat = dt_string(c, "compatible");
            if (compat && !strcmp(compat, "hvterm1")) {
                node = c;
                break;
            }
        }
    }
    reg = node >= 0 ? dt_getprop(node, "reg", &len) : NULL;
    return (reg && len == 4) ? dt_u32(reg) : SPAPR_VIO_REG_BASE;
}

void fw_trap(u64 vector, u64 srr0, u64 srr1)
{
    puts("\nppc64-lite firmware: unexpected interrupt ");
    put_hex(vector);
    puts(" at ");
    put_hex(srr0);
    puts(" (SRR1 ");
    put_hex(srr1);
    puts(")\n");
    /* End the run as a failure the emulator reports, rather than hang. */
    static const char msg[] = "ppc64-lite firmware: unexpected interrupt";
    u32 ret;
    rtas_call("ibm,os-term", 1, 1, &ret, (u32)(u64)msg);
    rtas_call("power-off", 2, 1, &ret, 0xffffffffu, 0xffffffffu);
    for (;;) {
    }
}

void fw_main(void *fdt, u64 kernel_entry)
{
    int have_dt;
    const char *model;

    memset(__bss_start, 0, (size_t)(__bss_end - __bss_start));
    have_dt = dt_init(fdt) == 0;
    if (have_dt) {
        console_init(find_console());
        rtas_init();
    }
    /*
     * QEMU's pseries passes no entry in r4 but names the loaded -kernel in
     * /chosen/qemu,boot-kernel (start, size): honour it, so the same firmware
     * and test programs run on both machines (benchmarks compare them).
     */
    if (!kernel_entry && have_dt) {
        int chosen = dt_path("/chosen"), len;
        const void *bk = chosen >= 0 ? dt_getprop(chosen, "qemu,boot-kernel", &len) : NULL;
        if (bk && len == 16 && dt_cells(bk, 2)) {
            kernel_entry = dt_cells(bk, 2);
        }
    }
    if (kernel_entry) {
        /* Nothing printed: the kernel's own console output comes first. */
        enter_kernel(fdt, kernel_entry);
    }

    puts("ppc64-lite firmware " FW_VERSION "\n");
    if (!have_dt) {
        puts("No valid device tree at ");
        put_hex((u64)fdt);
        puts("; halting.\n");
        for (;;) {
        }
    }
    puts("Device tree at ");
    put_hex((u64)fdt);
    puts(", ");
    put_dec(dt_size());
    puts(" bytes\n");
    model = dt_string(dt_root(), "model");
    puts("Model:     ");
    puts(model ? model : "(unknown)");
    putc('\n');
    show_cpus();
    show_memory();
    show_chosen();
    show_vdevice();
    show_rtas();
    show_pci();
    hotplug_demo();
    puts("No kernel given (-kernel): powering off.\n");
    rtas_call("power-off", 2, 1, NULL, (u32)-1, (u32)-1);
    puts("power-off returned; halting.\n");
    for (;;) {
    }
}
