/*
 * Fuzz target "qmp": QMP's JSON input (core/json-stream.c's message
 * framing, json-glib's parser, core/qmp.c's checks and dispatch, and every
 * command: qmp_capabilities, query-*, stop/cont, device_add with any
 * properties, device_del, human-monitor-command, ...) on the pseries
 * machine of fuzz-machine.h (no -device), the input arriving on a chardev
 * as from -qmp. QEMU's QMP specification: a bad message gets an "error"
 * reply, never a crash, hang or leak.
 *
 * Input: text, delivered line by line (each line ending in \n is one
 * request and timed as one; a message may span lines). Each input is a
 * new session, which starts in capabilities negotiation as a new client
 * does. Inputs naming gdbserver are skipped (see fuzz-hmp.c); files that
 * human-monitor-command's memsave writes go where fuzz-hmp.c says, and an
 * input that could name memsave with a '/' in its path is skipped as there:
 * a JSON \u escape can spell either, so one counts as both.
 */
#define _GNU_SOURCE     /* memmem */

#include "core/chardev-internal.h"
#include "core/log.h"
#include "core/monitor.h"
#include "core/qmp.h"
#include "fuzz-machine.h"

static Chardev *chr;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    chr = fuzz_monitor_chardev();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QmpSession *s;
    size_t start = 0;

    bool esc = memmem(data, size, "\\u", 2) != NULL;

    if (memmem(data, size, "gdbserver", 9) ||
        ((esc || memmem(data, size, "memsave", 7)) && (esc || memchr(data, '/', size)))) {
        return -1;      /* not added to the corpus */
    }
    fuzz_machine_reset();
    log_set_mask(0);
    g_byte_array_set_size(chr->queue, 0);
    s = qmp_session_new(chr);
    while (start < size) {
        size_t end = start;

        while (end < size && data[end] != '\n') {
            end++;
        }
        if (end < size) {
            end++;
        }
        chardev_send_input(chr, data + start, end - start);
        fuzz_user_request_begin("QMP input line");
        chardev_poll_all();
        fuzz_request_end();
        start = end;
    }
    qmp_session_free(s);
    machine_clear_shutdown_request();
    fuzz_remove_all_devices();
    return 0;
}
