/*
 * QEMU 7.2's options that ppc64-lite does not have, each with the reason a
 * user is told (README.md's QEMU compatibility table lists the same). An
 * option in neither this table nor options.c's is simply unknown.
 */
#include "core/options.h"

#include <string.h>

#include <glib.h>

typedef struct AbsentOption {
    const char *name;   /* without the leading dash */
    const char *reason;
} AbsentOption;

#define NO_BLOCK "no block devices here; boot with -kernel and -initrd"
#define NO_DISPLAY "no graphical display here; use -nographic"
#define NO_MIGRATION "no migration or snapshots here"
#define NO_PROCESS "not provided: run ppc64-lite under the tools of your choice instead"

static const AbsentOption absent_options[] = {
    { "add-fd", "no fd sets (they feed block devices, which do not exist here)" },
    { "async-teardown", "nothing to tear down asynchronously (no KVM)" },
    { "audio", "no audio devices on pseries here" },
    { "audio-help", "no audio devices on pseries here" },
    { "audiodev", "no audio devices on pseries here" },
    { "blockdev", NO_BLOCK },
    { "cdrom", NO_BLOCK },
    { "chroot", NO_PROCESS },
    { "compat", "no QAPI compatibility policies here" },
    { "daemonize", NO_PROCESS },
    { "debugcon", "an x86 ISA debug port; pseries has none" },
    { "dfilter", "-d logs every event of the chosen items; there is no address filter" },
    { "drive", NO_BLOCK },
    { "dtb", "the machine always builds the device tree (-M pseries,dumpdtb=FILE shows it)" },
    { "dump-vmstate", NO_MIGRATION },
    { "echr", "the console/monitor mux escape is always Ctrl-A" },
    { "enable-sync-profile", "no lock profiling here" },
    { "fda", NO_BLOCK },
    { "fdb", NO_BLOCK },
    { "fsdev", "no 9p file sharing here" },
    { "full-screen", NO_DISPLAY },
    { "fw_cfg", "fw_cfg is not a pseries device" },
    { "g", NO_DISPLAY },
    { "hda", NO_BLOCK },
    { "hdb", NO_BLOCK },
    { "hdc", NO_BLOCK },
    { "hdd", NO_BLOCK },
    { "incoming", NO_MIGRATION },
    { "iscsi", NO_BLOCK },
    { "k", NO_DISPLAY },
    { "loadvm", NO_MIGRATION },
    { "mem-path", "guest RAM is anonymous host memory here" },
    { "mem-prealloc", "guest RAM is anonymous host memory here" },
    { "msg", "error messages have one fixed form here" },
    { "mtdblock", NO_BLOCK },
    { "numa", "the machine has one NUMA node here" },
    { "only-migratable", NO_MIGRATION },
    { "option-rom", "no PCI option ROMs here" },
    { "overcommit", "guest RAM is never locked and vCPUs never halt the host CPU here" },
    { "parallel", "pseries has no parallel port" },
    { "pflash", NO_BLOCK },
    { "plugin", "no TCG plugins here (-d and the gdb stub show execution)" },
    { "portrait", NO_DISPLAY },
    { "preconfig", "no QMP pre-configuration phase here" },
    { "prom-env", "the built-in firmware is not SLOF and keeps no Open Firmware environment" },
    { "qmp-pretty", "QMP answers are always compact JSON here" },
    { "readconfig", "no configuration files here" },
    { "rotate", NO_DISPLAY },
    { "runas", NO_PROCESS },
    { "sandbox", NO_PROCESS },
    { "sd", NO_BLOCK },
    { "seed", "no seeded host randomness here (spapr-rng reads a chosen -object)" },
    { "set", "no configuration files here" },
    { "singlestep", "use the monitor's singlestep or the gdb stub" },
    { "snapshot", NO_BLOCK },
    { "spice", NO_DISPLAY },
    { "tpmdev", "no TPM here" },
    { "trace", "no trace events here; -d ITEM logs what the machine does" },
    { "usb", "no USB controller here" },
    { "usbdevice", "no USB controller here" },
    { "virtfs", "no 9p file sharing here" },
    { "vnc", NO_DISPLAY },
    { "watchdog-action", "no watchdog device here" },
};

const char *options_absent_reason(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(absent_options); i++) {
        if (!strcmp(absent_options[i].name, name)) {
            return absent_options[i].reason;
        }
    }
    return NULL;
}
