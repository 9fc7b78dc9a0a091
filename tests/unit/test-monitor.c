/*
 * The monitor (core/monitor.c): commands and replies on a capture chardev,
 * with two fake CPUs whose memory is a small test buffer. The subsystems the
 * monitor calls into are replaced by weak fakes below, which give way to the
 * real ones if those get linked in.
 */
#include <fcntl.h>
#include <glib-unix.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <inttypes.h>
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

#define W __attribute__((weak))

/* ---- fakes: guest memory at 0x1000..0x10ff, two CPUs ---- */

#define MEM_BASE 0x1000
static uint8_t guest_mem[256];
static bool guest_big_endian;

static bool fake_range(uint64_t addr, uint64_t len)
{
    return addr >= MEM_BASE && len <= sizeof(guest_mem) &&
           addr - MEM_BASE <= sizeof(guest_mem) - len;
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
static GPtrArray *cpu_list;

W void cpu_list_add(CPUState *cpu)
{
    if (!cpu_list) {
        cpu_list = g_ptr_array_new();
    }
    g_ptr_array_add(cpu_list, cpu);
}
W int cpu_count(void)
{
    return cpu_list ? (int)cpu_list->len : 0;
}
W CPUState *cpu_by_index(int index)
{
    return index >= 0 && index < cpu_count() ? cpu_list->pdata[index] : NULL;
}
W void cpu_exit_all(void) {}
W void cpu_kick(CPUState *cpu) {}
W void clock_virtual_start(void) {}
W void clock_virtual_stop(void) {}

/* Physical memory: the same buffer, shifted, so x and xp are told apart. */
#define PHYS_BASE 0x8000
W MemTxResult address_space_read(AddressSpace *as, uint64_t addr, void *buf, uint64_t len)
{
    if (!fake_range(addr - PHYS_BASE + MEM_BASE, len) || addr < PHYS_BASE) {
        return MEMTX_DECODE_ERROR;
    }
    memcpy(buf, guest_mem + (addr - PHYS_BASE), len);
    return MEMTX_OK;
}
W void memory_print_mtree(AddressSpace *as, GString *out)
{
    g_string_append(out, "address-space: fake\n"
                         "  0000000000000000-ffffffffffffffff (prio 0, i/o): root\n");
}

static GString *device_log;
W void device_class_list(GString *out)
{
    g_string_append(out, "name \"fake-dev\", desc \"a fake\"\n");
}
W bool device_class_print_props(const char *name, GString *out, Error **errp)
{
    if (strcmp(name, "fake-dev") != 0) {
        error_setg(errp, "'%s' is not a valid device model name", name);
        return false;
    }
    g_string_append(out, "fake-dev.size=uint32\n");
    return true;
}
W Device *device_create_from_string(const char *str, bool hotplug, Error **errp)
{
    static Device dev;

    if (!g_str_has_prefix(str, "fake-dev")) {
        error_setg(errp, "'%s' is not a valid device model name", str);
        return NULL;
    }
    g_string_append_printf(device_log, "create '%s' hotplug=%d\n", str, hotplug);
    return &dev;
}
W Device *device_find_by_id(const char *id)
{
    static Device dev = { .id = (char *)"n1" };
    return !strcmp(id, "n1") ? &dev : NULL;
}
W bool device_unplug_request(Device *dev, Error **errp)
{
    g_string_append_printf(device_log, "unplug '%s'\n", dev->id);
    return true;
}
W void device_print_qtree(GString *out)
{
    g_string_append(out, "bus: main-system-bus\n  type spapr-pci-host-bridge");
}

W void net_info(GString *out)
{
    g_string_append(out, "e1000.0: index=0,type=nic\n \\ n0: index=0,type=user\n");
}

static uint32_t log_mask_set = 0xdead;
W bool log_parse_categories(const char *str, uint32_t *mask, char **err)
{
    if (!strcmp(str, "int")) {
        *mask = LOG_INT;
        return true;
    }
    *err = g_strdup_printf("unknown log item '%s'", str);
    return false;
}
W void log_set_mask(uint32_t mask)
{
    log_mask_set = mask;
}

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
    device_log = g_string_new(NULL);
    for (int i = 0; i < 2; i++) {
        cpus[i].ops = &fake_ops;
        cpus[i].index = i;
        cpu_list_add(&cpus[i]);
    }
    cpus[1].halted = true;
    for (size_t i = 0; i < sizeof(guest_mem); i++) {
        guest_mem[i] = (uint8_t)(i + 1);
    }
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

    assert_reply("info cpus", "* CPU #0: pc=0x0000000000000100\n"
                              "  CPU #1: pc=0x0000000000000104 (halted)\n");
    assert_reply("info registers", "FAKE-REGS cpu=0\nR0=0000000000001234\n");
    assert_reply("info qtree", "bus: main-system-bus\n  type spapr-pci-host-bridge\n");
    assert_reply("info network", "e1000.0: index=0,type=nic\n \\ n0: index=0,type=user\n");
    g_autofree char *mtree = run("info mtree");
    g_assert_true(g_str_has_prefix(mtree, "address-space: fake\n"));
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
    assert_reply("device_add fake-dev,id=n1,bus=pci.0", "");
    assert_reply("device_del n1", "");
    g_assert_cmpstr(device_log->str, ==, "create 'fake-dev,id=n1,bus=pci.0' hotplug=1\n"
                                         "unplug 'n1'\n");
    assert_reply("device_add bogus", "Error: 'bogus' is not a valid device model name\n");
    assert_reply("device_add help", "name \"fake-dev\", desc \"a fake\"\n");
    assert_reply("device_add fake-dev,help", "fake-dev.size=uint32\n");
    assert_error("device_add nope,help");
    assert_error("device_add");
    assert_reply("device_del n2", "Error: device 'n2' not found\n");
    assert_error("device_del");

    assert_reply("log int", "");
    g_assert_cmphex(log_mask_set, ==, LOG_INT);
    assert_reply("log bogus", "Error: unknown log item 'bogus'\n");
    g_assert_cmphex(log_mask_set, ==, LOG_INT);
    assert_reply("log none", "");
    g_assert_cmphex(log_mask_set, ==, 0);
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
