/*
 * Fuzz target "hmp": the human monitor's line parser and every command
 * behind it (info ..., x/xp, memsave, device_add/device_del, log, cpu,
 * stop/cont, system_reset, the waits, ...), on the pseries machine of
 * fuzz-machine.h (no -device), with input arriving the way it does from
 * -monitor: bytes on a chardev, delivered by the chardev layer. DESIGN.md:
 * a bad line is an "Error:" reply, never a crash, hang or leak.
 *
 * Input: text; each line (ended by \n or \r) is delivered and run on its
 * own, and timed as one request. Lines naming gdbserver are skipped: it
 * would listen on TCP ports that other tests on this machine use (the gdb
 * target fuzzes the stub's protocol). Files that memsave/pmemsave write go
 * to the working directory, which tests/fuzz/run.sh makes a scratch one
 * with a file-size limit (the harness ignores SIGXFSZ, so a refused write
 * is an error the command must report). A memsave line with a '/' is
 * skipped: the fuzzer runs as root here, and a path out of the scratch
 * directory (/dev/..., /proc/PID/fd/N, ../x, /etc/...) would write or, on
 * failure, remove files of this machine (the monitor splits a line at
 * blanks only, so the literal text is the path).
 *
 * After the input the monitor is freed (cancelling a wait) and every device
 * the input added is removed (fuzz_remove_all_devices).
 */

#include "core/chardev-internal.h"
#include "core/log.h"
#include "core/monitor.h"
#include "fuzz-machine.h"

static Chardev *chr;

/* gdbserver, or a memsave whose file is not in the scratch directory (see above). */
static bool skip_line(const char *line, size_t len)
{
    return g_strstr_len(line, (gssize)len, "gdbserver") ||
           (g_strstr_len(line, (gssize)len, "memsave") && memchr(line, '/', len));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    chr = fuzz_monitor_chardev();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Monitor *mon;
    size_t start = 0;

    fuzz_machine_reset();
    log_set_mask(0);
    g_byte_array_set_size(chr->queue, 0);
    mon = monitor_new(chr);
    while (start < size) {
        size_t end = start;

        while (end < size && data[end] != '\n' && data[end] != '\r') {
            end++;
        }
        if (!skip_line((const char *)data + start, end - start)) {
            chardev_send_input(chr, data + start, end - start);
            chardev_send_input(chr, (const uint8_t *)"\n", 1);
            fuzz_user_request_begin("monitor line");
            chardev_poll_all();
            fuzz_request_end();
        }
        start = end + 1;
    }
    monitor_free(mon);
    machine_clear_shutdown_request();
    fuzz_remove_all_devices();
    return 0;
}
