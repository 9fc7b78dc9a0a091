/* Command-line parsing (core/options.c): good and bad command lines. */
#include <glib.h>
#include <string.h>

#include "core/options.h"

/* Parse a shell-quoted command line (without the program name). */
static bool parse(const char *cmdline, Options *o, char **msg)
{
    g_autofree char *full = g_strdup_printf("ppc64-lite %s", cmdline);
    g_auto(GStrv) argv = NULL;
    int argc;
    Error *err = NULL;
    bool ok;

    g_assert_true(g_shell_parse_argv(full, &argc, &argv, NULL));
    ok = options_parse(argc, argv, o, &err);
    g_assert_true(ok == (err == NULL));
    if (msg) {
        *msg = err ? g_strdup(error_get_pretty(err)) : NULL;
    }
    error_free(err);
    return ok;
}

static void parse_ok(const char *cmdline, Options *o)
{
    char *msg = NULL;

    if (!parse(cmdline, o, &msg)) {
        g_error("'%s' failed: %s", cmdline, msg);
    }
}

/* A bad command line fails with exactly this one-line message. */
static void check_error(const char *cmdline, const char *expect)
{
    Options o;
    g_autofree char *msg = NULL;

    if (parse(cmdline, &o, &msg)) {
        g_error("'%s' was accepted", cmdline);
    }
    g_assert_nonnull(msg);
    g_assert_null(strchr(msg, '\n'));
    if (expect) {
        g_assert_cmpstr(msg, ==, expect);
    }
    options_free(&o);
}

static void test_defaults(void)
{
    Options o;

    parse_ok("", &o);
    g_assert_null(o.cfg.machine_type);         /* main picks the default machine */
    g_assert_cmpuint(o.cfg.ram_size, ==, 0);
    g_assert_null(o.cfg.cpu_model);
    g_assert_cmpint(o.cfg.smp, ==, 1);
    g_assert_cmpint(o.cfg.max_cpus, ==, 1);
    g_assert_cmpint(o.gdb_port, ==, -1);
    g_assert_cmpint(o.icount_shift, ==, -1);
    g_assert_false(o.start_stopped);
    g_assert_cmpuint(o.cfg.devices->len, ==, 0);
    /* No graphical display exists, so the default is -nographic's. */
    g_assert_cmpstr(o.serial_spec, ==, "mon:stdio");
    g_assert_true(o.monitor_on_mux);
    g_assert_null(o.monitor_spec);
    options_free(&o);
}

static void test_sizes(void)
{
    static const struct {
        const char *arg;
        uint64_t bytes;
    } good[] = {
        { "512", 512ull << 20 },
        { "1G", 1ull << 30 },
        { "1g", 1ull << 30 },
        { "2048M", 2048ull << 20 },
        { "1048576k", 1ull << 30 },
        { "1048576K", 1ull << 30 },
        { "1T", 1ull << 40 },
        { "1.5G", 3ull << 29 },
        { "size=4G", 4ull << 30 },
        { "0x100", 256ull << 20 },
        { "268435456B", 256ull << 20 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
        Options o;
        g_autofree char *cmd = g_strdup_printf("-m %s", good[i].arg);
        parse_ok(cmd, &o);
        g_assert_cmpuint(o.cfg.ram_size, ==, good[i].bytes);
        options_free(&o);
    }
    check_error("-m abc", "-m: invalid size 'abc'");
    check_error("-m 1X", "-m: invalid size '1X'");
    check_error("-m 1GG", "-m: invalid size '1GG'");
    check_error("-m -1", "-m: invalid size '-1'");
    check_error("-m 0", "-m: invalid size '0'");
    check_error("-m ''", "-m: invalid size ''");
    check_error("-m 99999999999999999999", NULL);
    check_error("-m 100000000T", NULL);          /* overflows 64 bits */
    check_error("-m 1.5B", NULL);                /* not a whole number of bytes */
    check_error("-m 1G,maxmem=4G", NULL);
    check_error("-m 1G,bogus=1", "-m: unknown parameter 'bogus'");
    check_error("-m", "-m: requires an argument");
}

static void test_size_helper(void)
{
    uint64_t v;

    g_assert_true(options_parse_size("4", 1, &v));
    g_assert_cmpuint(v, ==, 4);
    g_assert_true(options_parse_size("16E", 1, &v) == false);  /* 2^64 */
    g_assert_true(options_parse_size("15E", 1, &v));
    g_assert_cmpuint(v, ==, 15ull << 60);
    g_assert_false(options_parse_size("", 1, &v));
    g_assert_false(options_parse_size(".5G", 1, &v));
    g_assert_false(options_parse_size("0x", 1, &v));
}

static void test_smp(void)
{
    static const struct {
        const char *arg;
        int cpus, maxcpus, sockets, cores, threads;
    } good[] = {
        { "4", 4, 4, 1, 4, 1 },
        { "cpus=2", 2, 2, 1, 2, 1 },
        { "2,maxcpus=8", 2, 8, 1, 8, 1 },
        { "8,threads=2", 8, 8, 1, 4, 2 },
        { "8,sockets=2,threads=2", 8, 8, 2, 2, 2 },
        { "sockets=2,cores=2,threads=2", 8, 8, 2, 2, 2 },
        { "cores=4", 4, 4, 1, 4, 1 },
        { "maxcpus=4", 4, 4, 1, 4, 1 },
        { "2,dies=1", 2, 2, 1, 2, 1 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
        Options o;
        g_autofree char *cmd = g_strdup_printf("-smp %s", good[i].arg);
        parse_ok(cmd, &o);
        g_assert_cmpint(o.cfg.smp, ==, good[i].cpus);
        g_assert_cmpint(o.cfg.max_cpus, ==, good[i].maxcpus);
        g_assert_cmpint(o.sockets, ==, good[i].sockets);
        g_assert_cmpint(o.cores, ==, good[i].cores);
        g_assert_cmpint(o.threads, ==, good[i].threads);
        g_assert_cmpint(o.cfg.threads, ==, good[i].threads);
        g_assert_cmpint(o.cfg.cores, ==, good[i].cores);
        options_free(&o);
    }
    /*
     * The errors are QEMU 7.2's, as qemu-system-ppc64 -M pseries prints them for
     * the same lines (its wording is what scripts grep for).
     */
    check_error("-smp two", "Parameter 'smp.cpus' expects integer");
    check_error("-smp 4,threads=x", "Parameter 'smp.threads' expects integer");
    check_error("-smp 4294967296", "Parameter 'smp.cpus' expects integer");
    check_error("-smp 4,maxcpus=2", "Invalid CPU topology: maxcpus must be equal to or greater "
                "than smp: sockets (1) * cores (2) * threads (1) == maxcpus (2) < smp_cpus (4)");
    check_error("-smp 8,maxcpus=4", "Invalid CPU topology: maxcpus must be equal to or greater "
                "than smp: sockets (1) * cores (4) * threads (1) == maxcpus (4) < smp_cpus (8)");
    check_error("-smp 3,threads=2", "Invalid CPU topology: product of the hierarchy must match "
                "maxcpus: sockets (1) * cores (1) * threads (2) != maxcpus (3)");
    check_error("-smp 4,threads=16", "Invalid CPU topology: product of the hierarchy must match "
                "maxcpus: sockets (1) * cores (0) * threads (16) != maxcpus (4)");
    check_error("-smp 4,sockets=2,cores=3", "Invalid CPU topology: product of the hierarchy "
                "must match maxcpus: sockets (2) * cores (3) * threads (0) != maxcpus (4)");
    check_error("-smp 2,dies=2", "dies not supported by this machine's CPU topology");
    check_error("-smp 4,clusters=2", "clusters not supported by this machine's CPU topology");
    check_error("-smp 2,foo=1", "Parameter 'smp.foo' is unexpected");
    /* Ours: products beyond what any machine has, and never wrapped around. */
    check_error("-smp sockets=4294967295,cores=4294967295,threads=4294967295",
                "Invalid SMP CPUs: sockets (4294967295) * cores (4294967295) * "
                "threads (4294967295) is too many");
    check_error("-smp 4294967295,sockets=4294967295", "Invalid SMP CPUs 4294967295");
    /* The keys of every -smp merge before the topology is worked out, as in QEMU. */
    check_error("-smp 3 -smp threads=2", "Invalid CPU topology: product of the hierarchy must "
                "match maxcpus: sockets (1) * cores (1) * threads (2) != maxcpus (3)");
}

/* Accepted by QEMU too: an explicit 0 means "not given" (with a warning), '' the defaults. */
static void test_smp_qemu_quirks(void)
{
    static const struct {
        const char *arg;
        int cpus, maxcpus, cores, threads;
    } good[] = {
        { "-smp 0", 1, 1, 1, 1 },
        { "-smp 4,threads=0", 4, 4, 4, 1 },
        { "-smp ''", 1, 1, 1, 1 },
        { "-smp 8,maxcpus=4 -smp maxcpus=8", 8, 8, 8, 1 },
        { "-smp 4,cpus=2", 2, 2, 2, 1 },
        { "-smp 4,maxcpus=8,cores=2", 4, 8, 2, 1 },     /* sockets = 8 / 2 = 4 */
        { "-smp 8,sockets=2,cores=1", 8, 8, 1, 4 },     /* threads derived last */
        { "-smp 100000", 100000, 100000, 100000, 1 },   /* main checks the machine's limit */
    };
    for (size_t i = 0; i < G_N_ELEMENTS(good); i++) {
        Options o;
        parse_ok(good[i].arg, &o);
        g_assert_cmpint(o.cfg.smp, ==, good[i].cpus);
        g_assert_cmpint(o.cfg.max_cpus, ==, good[i].maxcpus);
        g_assert_cmpint(o.cfg.cores, ==, good[i].cores);
        g_assert_cmpint(o.cfg.threads, ==, good[i].threads);
        options_free(&o);
    }
}

static void test_machine(void)
{
    Options o;

    parse_ok("-M pseries,dumpdtb=/tmp/x.dtb", &o);
    g_assert_cmpstr(g_hash_table_lookup(o.cfg.machine_props, "dumpdtb"), ==, "/tmp/x.dtb");
    options_free(&o);

    /* Several -machine options merge; bare keys mean "on"; ",," is a comma. */
    parse_ok("-machine type=pseries,cap-htm=off -machine accel=tcg,x-flag,v=a,,b", &o);
    g_assert_cmpstr(g_hash_table_lookup(o.cfg.machine_props, "cap-htm"), ==, "off");
    g_assert_cmpstr(g_hash_table_lookup(o.cfg.machine_props, "x-flag"), ==, "on");
    g_assert_cmpstr(g_hash_table_lookup(o.cfg.machine_props, "v"), ==, "a,b");
    g_assert_null(g_hash_table_lookup(o.cfg.machine_props, "accel"));
    g_assert_cmpstr(o.accel, ==, "tcg");
    options_free(&o);

    /* -action panic=: QEMU's default is shutdown (exit status 0). */
    parse_ok("", &o);
    g_assert_cmpint(o.panic_action, ==, PANIC_ACTION_SHUTDOWN);
    options_free(&o);
    parse_ok("-action panic=exit-failure", &o);
    g_assert_cmpint(o.panic_action, ==, PANIC_ACTION_EXIT_FAILURE);
    options_free(&o);
    parse_ok("-action panic=pause -action panic=none", &o);
    g_assert_cmpint(o.panic_action, ==, PANIC_ACTION_NONE);
    options_free(&o);
    check_error("-action panic=explode", "-action: invalid panic action 'explode' (valid: shutdown, "
                "exit-failure, pause, none)");
    check_error("-action reboot=shutdown", "-action: unsupported parameter 'reboot' (only panic=)");

    /* Names are kept as given: main looks them up (test-registry, tests/cli). */
    parse_ok("-M pseries-8.2", &o);
    g_assert_cmpstr(o.cfg.machine_type, ==, "pseries-8.2");
    options_free(&o);
    parse_ok("-M q35 -M type=pseries,x=y", &o);
    g_assert_cmpstr(o.cfg.machine_type, ==, "pseries");
    options_free(&o);
    parse_ok("-M help", &o);
    g_assert_true(o.machine_help);
    g_assert_false(o.machine_props_help);
    options_free(&o);
    /* -M NAME,help lists the machine's properties, not the machines. */
    parse_ok("-M pseries,help", &o);
    g_assert_true(o.machine_props_help);
    g_assert_false(o.machine_help);
    options_free(&o);

    check_error("-M type=", "-M: missing machine type");
    check_error("-M pseries,dumpdtb=", "-M: property 'dumpdtb' needs a value");
    check_error("-M pseries,=x", NULL);
}

static void test_cpu(void)
{
    Options o;

    /* The machine has the models: the name is kept as given (test-registry, tests/cli). */
    parse_ok("-cpu POWER8", &o);
    g_assert_cmpstr(o.cfg.cpu_model, ==, "POWER8");
    options_free(&o);
    parse_ok("-cpu power8_v2.0", &o);
    g_assert_cmpstr(o.cfg.cpu_model, ==, "power8_v2.0");
    options_free(&o);
    parse_ok("-cpu help", &o);
    g_assert_true(o.cpu_help);
    options_free(&o);
    check_error("-cpu POWER8,+vsx", NULL);
}

static void test_images_and_devices(void)
{
    Options o;

    parse_ok("-kernel vmlinux -initrd rd.img -append 'console=hvc0 quiet' -bios fw.bin "
             "-device e1000,id=n0 --device pci-testdev", &o);
    g_assert_cmpstr(o.cfg.kernel, ==, "vmlinux");
    g_assert_cmpstr(o.cfg.initrd, ==, "rd.img");
    g_assert_cmpstr(o.cfg.append, ==, "console=hvc0 quiet");
    g_assert_cmpstr(o.cfg.bios, ==, "fw.bin");
    g_assert_cmpuint(o.cfg.devices->len, ==, 2);
    g_assert_cmpstr(o.cfg.devices->pdata[0], ==, "e1000,id=n0");
    g_assert_cmpstr(o.cfg.devices->pdata[1], ==, "pci-testdev");
    options_free(&o);

    /* Help requests are kept for main to answer, and create nothing. */
    parse_ok("-device help", &o);
    g_assert_cmpstr(o.device_help, ==, "help");
    g_assert_cmpuint(o.cfg.devices->len, ==, 0);
    options_free(&o);
    parse_ok("-device e1000,help", &o);
    g_assert_cmpstr(o.device_help, ==, "e1000,help");
    g_assert_cmpuint(o.cfg.devices->len, ==, 0);
    options_free(&o);
    parse_ok("-device e1000,id=help", &o);
    g_assert_null(o.device_help);
    g_assert_cmpuint(o.cfg.devices->len, ==, 1);
    options_free(&o);

    /* QEMU's words; the kernel= machine property counts as -kernel. */
    check_error("-append foo", "-append only allowed with -kernel option");
    check_error("-initrd rd", "-initrd only allowed with -kernel option");
    parse_ok("-M pseries,kernel=vmlinux -append foo -initrd rd", &o);
    options_free(&o);
    /* The device model checks the rest when the machine is built (tests/cli/run-device.sh). */
    parse_ok("-device id=x -device driver=e1000,id=y", &o);
    g_assert_cmpuint(o.cfg.devices->len, ==, 2);
    options_free(&o);
    check_error("-kernel ''", "-kernel: empty file name");
}

static void test_chardevs(void)
{
    Options o;

    /* -nographic: serial and monitor share the stdio mux. */
    parse_ok("-nographic", &o);
    g_assert_true(o.nographic);
    g_assert_cmpstr(o.serial_spec, ==, "mon:stdio");
    g_assert_true(o.monitor_on_mux);
    g_assert_null(o.monitor_spec);
    options_free(&o);

    /* -nographic with an explicit serial: the monitor gets stdio alone. */
    parse_ok("-nographic -serial file:/tmp/console.log", &o);
    g_assert_cmpstr(o.serial_spec, ==, "file:/tmp/console.log");
    g_assert_cmpstr(o.monitor_spec, ==, "stdio");
    g_assert_false(o.monitor_on_mux);
    options_free(&o);

    /* -nographic with an explicit monitor: the serial gets stdio alone. */
    parse_ok("-nographic -monitor none", &o);
    g_assert_cmpstr(o.serial_spec, ==, "stdio");
    g_assert_null(o.monitor_spec);
    options_free(&o);

    parse_ok("-serial mon:stdio -display none", &o);
    g_assert_cmpstr(o.serial_spec, ==, "mon:stdio");
    g_assert_true(o.monitor_on_mux);
    options_free(&o);

    /* -display none as QEMU: default console and monitor go nowhere. */
    parse_ok("-display none", &o);
    g_assert_null(o.serial_spec);
    g_assert_null(o.monitor_spec);
    options_free(&o);

    parse_ok("-nographic -nodefaults", &o);
    g_assert_null(o.serial_spec);
    g_assert_null(o.monitor_spec);
    g_assert_true(o.cfg.nodefaults);
    options_free(&o);

    parse_ok("-serial null -monitor stdio", &o);
    g_assert_cmpstr(o.serial_spec, ==, "null");
    g_assert_cmpstr(o.monitor_spec, ==, "stdio");
    options_free(&o);

    check_error("-serial pty", NULL);
    /* Listening sockets pass here; their options are checked when the socket is made. */
    parse_ok("-serial tcp::4444,server=on,wait=off -monitor unix:/tmp/m.sock,server=on", &o);
    g_assert_cmpstr(o.serial_spec, ==, "tcp::4444,server=on,wait=off");
    g_assert_cmpstr(o.monitor_spec, ==, "unix:/tmp/m.sock,server=on");
    options_free(&o);
    check_error("-serial file:", NULL);
    check_error("-serial stdio -serial null", "-serial: only one serial port is supported");
    check_error("-serial stdio -monitor stdio", NULL);
    check_error("-serial mon:stdio -monitor stdio", NULL);
    check_error("-monitor mon:stdio", NULL);
    check_error("-display gtk", "-display: display 'gtk' is not supported (only 'none')");
}

static void test_run_control(void)
{
    Options o;

    parse_ok("-S -s -no-reboot -d int,mmu -D /tmp/log -icount shift=3,sleep=off "
             "-rtc base=2020-01-02T03:04:05,clock=vm -accel tcg", &o);
    g_assert_true(o.start_stopped);
    g_assert_cmpint(o.gdb_port, ==, 1234);
    g_assert_true(o.cfg.no_reboot);
    g_assert_cmpstr(o.log_categories, ==, "int,mmu");
    g_assert_cmpstr(o.log_file, ==, "/tmp/log");
    g_assert_cmpint(o.icount_shift, ==, 3);
    g_assert_false(o.icount_sleep);
    g_assert_cmpstr(o.cfg.rtc_base, ==, "2020-01-02T03:04:05");
    g_assert_cmpint(o.cfg.rtc_clock, ==, RTC_CLOCK_VM);
    g_assert_cmpstr(o.accel, ==, "tcg");
    g_assert_cmpuint(o.accel_props->len, ==, 0);
    options_free(&o);

    /* The engine and its options are kept for main to check (tests/cli/run-accel.sh). */
    parse_ok("-accel kvm,jit=off,x=1 -M accel=other", &o);
    g_assert_cmpstr(o.accel, ==, "other");
    g_assert_cmpuint(o.accel_props->len, ==, 4);
    g_assert_cmpstr(o.accel_props->pdata[0], ==, "jit");
    g_assert_cmpstr(o.accel_props->pdata[1], ==, "off");
    g_assert_cmpstr(o.accel_props->pdata[2], ==, "x");
    g_assert_cmpstr(o.accel_props->pdata[3], ==, "1");
    options_free(&o);
    parse_ok("-accel help", &o);
    g_assert_true(o.accel_help);
    options_free(&o);

    parse_ok("-gdb tcp::5555 -icount 0 -rtc base=utc", &o);
    g_assert_cmpint(o.gdb_port, ==, 5555);
    g_assert_cmpint(o.icount_shift, ==, 0);
    g_assert_true(o.icount_sleep);
    g_assert_cmpstr(o.cfg.rtc_base, ==, "utc");
    g_assert_cmpint(o.cfg.rtc_clock, ==, RTC_CLOCK_HOST);
    options_free(&o);
    parse_ok("-rtc clock=rt,driftfix=slew,base=localtime", &o);
    g_assert_cmpint(o.cfg.rtc_clock, ==, RTC_CLOCK_RT);
    g_assert_cmpstr(o.cfg.rtc_base, ==, "localtime");
    options_free(&o);

    check_error("-gdb tcp::70000", "-gdb: invalid device 'tcp::70000' (expected tcp::PORT)");
    check_error("-gdb unix:/tmp/s", NULL);
    check_error("-icount shift=11", "-icount: invalid shift '11' (0..10)");
    check_error("-icount shift=auto", NULL);
    check_error("-icount sleep=off", "-icount: shift=N is required");
    check_error("-rtc base=yesterday", NULL);
    check_error("-rtc base=2020-1-2", NULL);
    check_error("-rtc base=2006-13-17", "-rtc: invalid base '2006-13-17' (utc, localtime, or a "
                "date as 2006-06-17 or 2006-06-17T16:01:21)");
    check_error("-rtc base=2006-02-30", NULL);
    check_error("-rtc clock=guest", "-rtc: invalid clock 'guest' (host, rt or vm)");
    check_error("-rtc driftfix=fast", "-rtc: invalid driftfix 'fast' (none or slew)");
    check_error("-rtc base=utc,when=now", "-rtc: invalid parameter 'when' (base, clock, driftfix)");
    check_error("-accel accel=", "-accel: missing accelerator name");
    check_error("-enable-kvm", "-enable-kvm: KVM is not supported (only tcg)");
    check_error("-d ''", NULL);
}

static void test_bad_syntax(void)
{
    Options o;

    check_error("-frobnicate", "-frobnicate: invalid option");
    check_error("--frobnicate", "--frobnicate: invalid option");
    check_error("-kernel", "-kernel: requires an argument");
    check_error("disk.img", NULL);
    check_error("-", NULL);

    parse_ok("--version", &o);
    g_assert_true(o.show_version);
    options_free(&o);
    parse_ok("-h", &o);
    g_assert_true(o.show_help);
    options_free(&o);
    parse_ok("--help", &o);
    g_assert_true(o.show_help);
    options_free(&o);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/options/defaults", test_defaults);
    g_test_add_func("/options/sizes", test_sizes);
    g_test_add_func("/options/size-helper", test_size_helper);
    g_test_add_func("/options/smp", test_smp);
    g_test_add_func("/options/smp-qemu-quirks", test_smp_qemu_quirks);
    g_test_add_func("/options/machine", test_machine);
    g_test_add_func("/options/cpu", test_cpu);
    g_test_add_func("/options/images-devices", test_images_and_devices);
    g_test_add_func("/options/chardevs", test_chardevs);
    g_test_add_func("/options/run-control", test_run_control);
    g_test_add_func("/options/bad-syntax", test_bad_syntax);
    return g_test_run();
}
