/*
 * The monitor (core/monitor.c): commands and replies on a capture chardev.
 * Everything it calls is the library's own (CPU list, run state, memory,
 * device model, logging); the test supplies what a machine would: two CPUs
 * with test CPUOps whose virtual memory is a small RAM buffer, an address
 * space with that RAM at PHYS_BASE, and a device type on a hotplug bus whose
 * hooks record what the monitor asked for.
 */
#include <fcntl.h>
#include <glib-unix.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

#include "core/chardev.h"
#include "core/cpu.h"
#include "core/device.h"
#include "core/log.h"
#include "core/machine.h"
#include "core/main-loop.h"
#include "core/memory.h"
#include "core/monitor.h"
#include "core/net.h"
#include "core/timer.h"

/* ---- the machine: RAM seen at 0x1000 (virtual) and PHYS_BASE (physical), two CPUs ---- */

#define MEM_BASE 0x1000
#define PHYS_BASE 0x8000        /* x and xp are told apart by the address */
#define MEM_SIZE 256
static uint8_t *guest_mem;      /* the RAM region's bytes */
static bool guest_big_endian;
static MemoryRegion sysmem, ram;
static AddressSpace as;

static bool fake_range(uint64_t addr, uint64_t len)
{
    return addr >= MEM_BASE && len <= MEM_SIZE && addr - MEM_BASE <= MEM_SIZE - len;
}

static void fake_dump_state(CPUState *cs, GString *out)
{
    g_string_append_printf(out, "FAKE-REGS cpu=%d\nR0=%016x", cs->index, 0x1234 + cs->index);
}

static uint64_t fake_get_pc(CPUState *cs)
{
    return 0x100 + 4 * (uint64_t)cs->index;
}

static bool fake_rw_debug(CPUState *cs, uint64_t vaddr, void *buf, uint64_t len, bool is_write)
{
    if (is_write || !fake_range(vaddr, len)) {
        return false;
    }
    memcpy(buf, guest_mem + (vaddr - MEM_BASE), len);
    return true;
}

static bool fake_is_big_endian(CPUState *cs)
{
    return guest_big_endian;
}

static uint64_t fake_disas(CPUState *cs, uint64_t vaddr, int count, GString *out)
{
    for (int i = 0; i < count; i++) {
        g_string_append_printf(out, "0x%016" PRIx64 ":  nop\n", vaddr + 4 * (uint64_t)i);
    }
    return 4 * (uint64_t)count;
}

static const CPUOps fake_ops = {
    .dump_state = fake_dump_state,
    .get_pc = fake_get_pc,
    .memory_rw_debug = fake_rw_debug,
    .is_big_endian = fake_is_big_endian,
    .disas = fake_disas,
};

static CPUState cpus[2];

/* ---- a device type on a hotplug bus: the hooks log what happened ---- */

static GString *device_log;

typedef struct TestDev {
    Device dev;
    uint32_t size;
} TestDev;

static const PropDef test_dev_props[] = {
    { "size", PROP_UINT32, offsetof(TestDev, size), "16", "how big" },
    PROP_END,
};

static const DeviceClass test_dev_class = {
    .name = "fake-dev",
    .desc = "a fake",
    .instance_size = sizeof(TestDev),
    .bus_type = "test-bus",
    .props = test_dev_props,
    .user_creatable = true,
    .hotpluggable = true,
};

static bool test_bus_plug(Bus *bus, Device *dev, bool hotplug, Error **errp)
{
    g_string_append_printf(device_log, "plug %s id=%s size=%u into %s hotplug=%d\n", dev->cls->name,
                           dev->id, ((TestDev *)dev)->size, bus->name, hotplug);
    return true;
}

/* The guest would be asked to release it; it stays until then. */
static bool test_bus_unplug_request(Bus *bus, Device *dev, Error **errp)
{
    g_string_append_printf(device_log, "unplug '%s'\n", dev->id);
    return true;
}

static const BusOps test_bus_ops = {
    .plug = test_bus_plug,
    .unplug_request = test_bus_unplug_request,
};
static Bus test_bus;

/* ---- a NIC and its back end, for info network ---- */

static ssize_t test_net_receive(NetClient *nc, const uint8_t *buf, size_t len)
{
    return (ssize_t)len;
}

static const NetClientOps test_backend_ops = { .kind = NET_CLIENT_USER, .receive = test_net_receive };
static const NetClientOps test_nic_ops = { .kind = NET_CLIENT_NIC, .receive = test_net_receive };

/* ---- capture ---- */

static int in_w, in_r, out_r, out_w;
static Monitor *mon;

static char *take_output(void)
{
    GString *s = g_string_new(NULL);
    char buf[512];
    ssize_t n;

    while ((n = read(out_r, buf, sizeof(buf))) > 0) {
        g_string_append_len(s, buf, n);
    }
    return g_string_free(s, FALSE);
}

/* Run a command and return everything it printed. */
static char *run(const char *line)
{
    g_free(take_output());
    monitor_handle_line(mon, line);
    return take_output();
}

#define assert_reply(line, expect)                 \
    do {                                           \
        g_autofree char *r_ = run(line);           \
        g_assert_cmpstr(r_, ==, (expect));         \
    } while (0)

/* The reply is one line that starts with "Error:". */
#define assert_error(line)                                          \
    do {                                                            \
        g_autofree char *r_ = run(line);                            \
        if (!g_str_has_prefix(r_, "Error: ") || !g_str_has_suffix(r_, "\n") || \
            strchr(r_, '\n') != r_ + strlen(r_) - 1) {               \
            g_error("'%s' gave '%s'", (line), r_);                 \
        }                                                           \
    } while (0)

static void setup_once(void)
{
    int in[2], out[2];

    g_assert_true(g_unix_open_pipe(in, FD_CLOEXEC, NULL));
    g_assert_true(g_unix_open_pipe(out, FD_CLOEXEC, NULL));
    g_assert_true(g_unix_set_fd_nonblocking(out[0], TRUE, NULL));
    in_r = in[0];
    in_w = in[1];
    out_r = out[0];
    out_w = out[1];
    mon = monitor_new(chardev_new_fd(in_r, out_w));

    memory_region_init_container(&sysmem, "system", UINT64_MAX);
    g_assert_true(memory_region_init_ram(&ram, "test.ram", MEM_SIZE));
    memory_region_add_subregion(&sysmem, PHYS_BASE, &ram);
    address_space_init(&as, &sysmem, "fake");
    guest_mem = ram.ram;
    for (size_t i = 0; i < MEM_SIZE; i++) {
        guest_mem[i] = (uint8_t)(i + 1);
    }

    for (int i = 0; i < 2; i++) {
        cpus[i].ops = &fake_ops;
        cpus[i].as = &as;
        cpu_list_add(&cpus[i]);
        g_assert_cmpint(cpus[i].index, ==, i);
    }
    cpus[1].halted = true;

    device_log = g_string_new(NULL);
    device_class_register(&test_dev_class);
    bus_init(&test_bus, "pci.0", "test-bus", &test_bus_ops, NULL);
    test_bus.hotplug_capable = true;
    bus_register(&test_bus);

    uint8_t mac[NET_MAC_LEN] = { 0 };
    Error *err = NULL;
    g_assert_nonnull(net_client_new(&test_backend_ops, "n0", NULL));
    g_assert_nonnull(net_nic_new("e1000", NULL, mac, "n0", &test_nic_ops, NULL, &err));
}

/* ---- tests ---- */

static void test_help(void)
{
    g_autofree char *r = run("help");
    g_auto(GStrv) lines = g_strsplit(r, "\n", -1);

    g_assert_true(g_str_has_suffix(r, "\n"));
    g_assert_nonnull(strstr(r, "\ninfo "));
    g_assert_nonnull(strstr(r, "\nx /fmt addr"));
    g_assert_nonnull(strstr(r, "\ndevice_add "));
    g_assert_nonnull(strstr(r, "\nquit|q "));
    g_assert_cmpuint(g_strv_length(lines), >, 12);

    assert_reply("help cont", "cont|c                               -- resume the VM\n");
    assert_reply("help c", "cont|c                               -- resume the VM\n");
    assert_error("help nosuch");
}

static void test_unknown_and_empty(void)
{
    assert_reply("foo bar", "Error: unknown command: 'foo'\n");
    assert_reply("   ", "");
    assert_reply("", "");
    /* A prefix of a command is not that command. */
    assert_reply("hel", "Error: unknown command: 'hel'\n");
}

static void test_info(void)
{
    g_autofree char *list = run("info");

    g_assert_nonnull(strstr(list, "info cpus"));
    g_assert_nonnull(strstr(list, "info registers"));
    g_assert_nonnull(strstr(list, "info mtree"));
    g_assert_nonnull(strstr(list, "info qtree"));
    g_assert_nonnull(strstr(list, "info network"));
    assert_reply("info nosuch", "Error: unknown info command: 'nosuch'\n");
    /* A machine without a power-down hook says so. */
    assert_error("system_powerdown");

    assert_reply("info cpus", "* CPU #0: pc=0x0000000000000100\n"
                              "  CPU #1: pc=0x0000000000000104 (halted)\n");
    assert_reply("info registers", "FAKE-REGS cpu=0\nR0=0000000000001234\n");
    /* The tree printers' own output: the test's bus and RAM must be in it. */
    g_autofree char *qtree = run("info qtree");
    g_assert_nonnull(strstr(qtree, "bus: pci.0\n"));
    /* net_info's text: the NIC, then its back end as its peer. */
    g_autofree char *net = run("info network");
    const char *nic = strstr(net, "e1000.0:"), *peer = strstr(net, " \\ n0:");
    g_assert_nonnull(nic);
    g_assert_nonnull(peer);
    g_assert_true(nic < peer);
    g_autofree char *mtree = run("info mtree");
    g_assert_true(g_str_has_prefix(mtree, "address-space: fake\n"));
    g_assert_nonnull(strstr(mtree, "test.ram"));
}

static void test_cpu_select(void)
{
    assert_reply("cpu 1", "");
    assert_reply("info cpus", "  CPU #0: pc=0x0000000000000100\n"
                              "* CPU #1: pc=0x0000000000000104 (halted)\n");
    assert_reply("info registers", "FAKE-REGS cpu=1\nR0=0000000000001235\n");
    g_assert_cmpint(monitor_current_cpu(mon), ==, 1);
    assert_error("cpu 2");
    assert_error("cpu -1");
    assert_error("cpu");
    assert_error("cpu one");
    g_assert_cmpint(monitor_current_cpu(mon), ==, 1);
    assert_reply("cpu 0", "");
    g_autofree char *all = run("info registers -a");
    g_assert_nonnull(strstr(all, "CPU#0\nFAKE-REGS cpu=0"));
    g_assert_nonnull(strstr(all, "CPU#1\nFAKE-REGS cpu=1"));
}

static void test_x(void)
{
    guest_big_endian = false;
    assert_reply("x /4x 0x1000",
                 "0000000000001000: 0x04030201 0x08070605 0x0c0b0a09 0x100f0e0d\n");
    /* No space after the name, as QEMU allows. */
    assert_reply("x/2xg 0x1000", "0000000000001000: 0x0807060504030201 0x100f0e0d0c0b0a09\n");
    /* The last format and size stick. */
    assert_reply("x 0x1008", "0000000000001008: 0x100f0e0d0c0b0a09\n");
    assert_reply("x /10xb 0x1000",
                 "0000000000001000: 0x01 0x02 0x03 0x04 0x05 0x06 0x07 0x08\n"
                 "0000000000001008: 0x09 0x0a\n");
    guest_big_endian = true;
    assert_reply("x /2xh 0x1000", "0000000000001000: 0x0102 0x0304\n");
    assert_reply("x /1uw 0x1000", "0000000000001000:   16909060\n");
    guest_big_endian = false;
    guest_mem[0x80] = 0xfe;
    guest_mem[0x81] = 0xff;
    assert_reply("x /1dh 0x1080", "0000000000001080:    -2\n");
    assert_reply("x /1ob 0x1000", "0000000000001000:  01\n");
    guest_mem[0x90] = 'A';
    guest_mem[0x91] = '\n';
    guest_mem[0x92] = 0x7f;
    assert_reply("x /3c 0x1090", "0000000000001090: 'A' '\\n' '\\x7f'\n");
    assert_reply("x /2i 0x1000", "0x0000000000001000:  nop\n0x0000000000001004:  nop\n");
    assert_reply("x /1xw $pc", "Error: cannot access memory at 0x100\n");

    assert_error("x");
    assert_error("x /4x");
    assert_error("x /4q 0x1000");
    assert_error("x /0x 0x1000");
    assert_error("x /4x zzz");
    assert_error("x /4x 0x1000 extra");
    assert_error("x /4x 0x5000");
    assert_error("x /4x -1");
    assert_error("xp /2i 0x8000");

    assert_reply("xp /2xw 0x8004", "0000000000008004: 0x08070605 0x0c0b0a09\n");
    assert_error("xp /2xw 0x1000");
}

static void test_memsave(void)
{
    g_autofree char *dir = g_dir_make_tmp("monitor-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "mem.bin", NULL);
    g_autofree char *cmd = g_strdup_printf("memsave 0x1004 8 %s", path);
    g_autofree char *pcmd = g_strdup_printf("pmemsave 0x8000 4 %s", path);
    g_autofree char *bad = g_strdup_printf("memsave 0x10f0 0x100 %s", path);
    g_autofree char *data = NULL;
    gsize len;

    assert_reply(cmd, "");
    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    g_assert_cmpuint(len, ==, 8);
    g_assert_cmpmem(data, 8, guest_mem + 4, 8);
    g_clear_pointer(&data, g_free);
    assert_reply(pcmd, "");
    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    g_assert_cmpmem(data, len, guest_mem, 4);
    assert_error(bad);
    g_assert_false(g_file_test(path, G_FILE_TEST_EXISTS));
    assert_error("memsave 0x1000 4");
    assert_error("memsave 0x1000 4 /nonexistent-dir/file");
    g_rmdir(dir);
}

static void test_run_control(void)
{
    vm_start();
    assert_reply("stop", "");
    g_assert_false(vm_running());
    assert_reply("info status", "VM status: paused\n");
    assert_reply("c", "");
    g_assert_true(vm_running());
    assert_reply("info status", "VM status: running\n");

    machine_clear_shutdown_request();
    assert_reply("system_reset", "");
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_RESET);
    machine_clear_shutdown_request();
    assert_reply("q", "");
    g_assert_cmpint(machine_shutdown_requested(), ==, SHUTDOWN_QUIT);
    machine_clear_shutdown_request();
}

static void test_devices_and_log(void)
{
    g_string_truncate(device_log, 0);
    assert_reply("device_add fake-dev,id=n1,bus=pci.0,size=0x20", "");
    g_assert_nonnull(device_find_by_id("n1"));
    g_assert_cmpuint(((TestDev *)device_find_by_id("n1"))->size, ==, 0x20);
    assert_reply("device_del n1", "");
    g_assert_true(device_find_by_id("n1")->pending_unplug);
    g_assert_cmpstr(device_log->str, ==, "plug fake-dev id=n1 size=32 into pci.0 hotplug=1\n"
                                         "unplug 'n1'\n");
    assert_reply("device_add bogus", "Error: 'bogus' is not a valid device model name\n");
    g_autofree char *types = run("device_add help");
    g_assert_nonnull(strstr(types, "\"fake-dev\""));
    g_assert_nonnull(strstr(types, "a fake"));
    g_autofree char *props = run("device_add fake-dev,help");
    g_assert_false(g_str_has_prefix(props, "Error"));
    g_assert_nonnull(strstr(props, "size"));
    g_assert_nonnull(strstr(props, "how big"));
    assert_error("device_add nope,help");
    assert_error("device_add");
    assert_error("device_add fake-dev,id=n3,size=lots");
    g_assert_null(device_find_by_id("n3"));
    assert_reply("device_del n2", "Error: device 'n2' not found\n");
    assert_error("device_del");
    g_assert_cmpstr(device_log->str, ==, "plug fake-dev id=n1 size=32 into pci.0 hotplug=1\n"
                                         "unplug 'n1'\n");

    assert_reply("log int", "");
    g_assert_cmphex(log_mask_enabled, ==, LOG_INT);
    g_autofree char *bad = run("log bogus");
    g_assert_true(g_str_has_prefix(bad, "Error: "));
    g_assert_nonnull(strstr(bad, "'bogus'"));
    g_assert_cmphex(log_mask_enabled, ==, LOG_INT);
    assert_reply("log none", "");
    g_assert_cmphex(log_mask_enabled, ==, 0);
}

/* ---- registration ---- */

static void cmd_hello(Monitor *m, int argc, char **argv, const char *rest)
{
    monitor_printf(m, "hello argc=%d rest='%s'\n", argc, rest);
}

static void info_pic(Monitor *m, int argc, char **argv)
{
    monitor_printf(m, "pic with %d args\n", argc);
}

static bool fake_machine_info(Machine *m, const char *topic, GString *out)
{
    if (strcmp(topic, "hcall") != 0) {
        return false;
    }
    g_string_append(out, "H_ENTER 3");
    return true;
}

static const MonitorCommand extra_cmds[] = {
    { "hello", "[words]", "say hello", cmd_hello },
    { NULL, NULL, NULL, NULL },
};
static const MonitorInfoCommand extra_info[] = {
    { "pic", "show the interrupt controller", info_pic },
    { NULL, NULL, NULL },
};
static const MachineClass fake_mc = { .name = "fake", .info = fake_machine_info };

static void test_registration(void)
{
    monitor_register_commands(extra_cmds);
    monitor_register_info(extra_info);
    monitor_set_machine(&fake_mc, NULL);
    assert_reply("hello  a   b ", "hello argc=3 rest='a   b'\n");
    assert_reply("info pic x", "pic with 2 args\n");
    assert_reply("info hcall", "H_ENTER 3\n");
    assert_reply("info nosuch", "Error: unknown info command: 'nosuch'\n");
    g_autofree char *help = run("help");
    g_assert_nonnull(strstr(help, "\nhello [words]"));
    g_autofree char *info = run("info");
    g_assert_nonnull(strstr(info, "info pic "));
}

/* Lines typed through the chardev: executed one by one, no prompt from a pipe. */
static void test_line_input(void)
{
    static const char input[] = "cpu 1\r\ninfo cpus\nfoo\n\nhel\x7fl\x7f\x7fxx\n";
    g_autofree char *out = NULL;
    g_autofree char *longline = NULL;

    g_free(take_output());
    g_assert_cmpint(write(in_w, input, sizeof(input) - 1), ==, (ssize_t)sizeof(input) - 1);
    while (chardev_poll_all()) {
    }
    out = take_output();
    g_assert_cmpstr(out, ==, "  CPU #0: pc=0x0000000000000100\n"
                             "* CPU #1: pc=0x0000000000000104 (halted)\n"
                             "Error: unknown command: 'foo'\n"
                             "Error: unknown command: 'hxx'\n");
    g_assert_null(strstr(out, "(ppc64-lite)"));

    /* A line too long is refused whole, and the next one works. */
    longline = g_strnfill(5000, 'a');
    g_assert_cmpint(write(in_w, longline, 5000), ==, 5000);
    g_assert_cmpint(write(in_w, "\ncpu 0\ninfo status\n", 19), ==, 19);
    while (chardev_poll_all()) {
    }
    g_free(out);
    out = take_output();
    g_assert_true(g_str_has_prefix(out, "Error: line too long"));
    g_assert_true(g_str_has_suffix(out, "\nVM status: running\n"));
    g_assert_cmpint(monitor_current_cpu(mon), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    setup_once();
    g_test_add_func("/monitor/help", test_help);
    g_test_add_func("/monitor/unknown-and-empty", test_unknown_and_empty);
    g_test_add_func("/monitor/info", test_info);
    g_test_add_func("/monitor/cpu", test_cpu_select);
    g_test_add_func("/monitor/x", test_x);
    g_test_add_func("/monitor/memsave", test_memsave);
    g_test_add_func("/monitor/run-control", test_run_control);
    g_test_add_func("/monitor/devices-and-log", test_devices_and_log);
    g_test_add_func("/monitor/registration", test_registration);
    g_test_add_func("/monitor/line-input", test_line_input);
    return g_test_run();
}
