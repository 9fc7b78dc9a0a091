/*
 * The machine the guest-facing fuzz targets (hcall, rtas, pci) run against:
 * a real pseries machine built once through machine_create, the path every
 * run takes (2 vCPUs, 64 MiB of RAM, the HPT, PHB 0 with its TCE table, an
 * e1000 and a pci-testdev given as -device), and reset before every input.
 *
 * The reset is the machine's own two halves (spapr_reset_platform and
 * spapr_reset_cpus in ppc/spapr/spapr.c) without the step between them,
 * reloading the images and rebuilding the device tree: libFuzzer's memcmp hook
 * made libfdt's string table searches cost 90% of each input, and neither
 * undoes anything a guest request can change.
 * Inputs therefore start from one state, except for guest RAM outside the
 * harness's scratch window, which a reset leaves as it is (as on hardware).
 *
 * Devices an input hot-adds are asked to leave at the end of the input and
 * the reset completes their removal (spapr_drc_reset_all), so the machine's
 * population is the same for every input.
 */
#ifndef TESTS_FUZZ_FUZZ_MACHINE_H
#define TESTS_FUZZ_FUZZ_MACHINE_H

#include <glib.h>
#include <signal.h>

#include "core/chardev-internal.h"
#include "core/device.h"
#include "core/log.h"
#include "core/machine.h"
#include "core/monitor.h"
#include "fuzz-util.h"
#include "ppc/spapr/spapr_machine.h"
#include "hotplug/drc.h"
#include "pci/spapr-phb.h"
#include "ppc/spapr/spapr_cpu.h"
#include "ppc/spapr/spapr_events.h"
#include "ppc/spapr/spapr_hpt.h"
#include "ppc/spapr/xics.h"
#include "spapr-test-util.h"

#define FUZZ_NCPUS      2
#define FUZZ_RAM        (64ull << 20)
/* Guest RAM the harness fills from the input (rtas_args, buffers, TCE lists); zeroed per input. */
#define FUZZ_SCRATCH    0x10000ull
#define FUZZ_SCRATCH_SZ 0x10000ull

static TestCfg fuzz_cfg;
static const MachineClass *fuzz_mc;
static SpaprMachine *fuzz_m;
static GPtrArray *fuzz_devices;     /* the -device strings, kept for the process */

static inline SpaprMachine *fuzz_machine_up(const char *const *devices)
{
    Error *err = NULL;

    test_cfg_init(&fuzz_cfg, FUZZ_NCPUS, FUZZ_RAM);
    fuzz_devices = g_ptr_array_new();
    for (; devices && *devices; devices++) {
        g_ptr_array_add(fuzz_devices, (gpointer)*devices);
    }
    fuzz_cfg.cfg.devices = fuzz_devices;
    fuzz_mc = machine_class_find("pseries");
    fuzz_m = fuzz_mc ? machine_create(fuzz_mc, &fuzz_cfg.cfg, &err) : NULL;
    if (!fuzz_m) {
        fprintf(stderr, "fuzz: cannot build the machine: %s\n", err ? error_get_pretty(err) : "?");
        abort();
    }
    return fuzz_m;
}

/*
 * For the monitor and QMP targets: the machine up, the monitor pointed at it, and
 * a null chardev whose queue carries each input's text. memsave's files may hit
 * the harness's size limit: SIGXFSZ then fails the write instead of the process.
 */
static inline Chardev *fuzz_monitor_chardev(void)
{
    Error *err = NULL;
    Chardev *chr;

    signal(SIGXFSZ, SIG_IGN);
    fuzz_machine_up(NULL);
    monitor_set_machine(fuzz_mc, fuzz_m);
    chr = chardev_new("null", &err);
    if (!chr) {
        abort();
    }
    return chr;
}

/* Back to the state after boot (see above) and a clean scratch window. */
static inline void fuzz_machine_reset(void)
{
    static uint8_t zero[FUZZ_SCRATCH_SZ];
    SpaprMachine *m = fuzz_m;

    spapr_reset_platform(m);
    spapr_reset_cpus(m);
    for (int i = 0; i < FUZZ_NCPUS; i++) {
        m->cpus[i]->cs.exit_request = 0;
    }
    machine_clear_shutdown_request();
    address_space_write(&fuzz_m->as, FUZZ_SCRATCH, zero, sizeof(zero));
}

/*
 * An input's bytes into the scratch window (where the targets point work
 * areas, TCE tables and descriptor rings): an offset, a length, the bytes.
 */
static inline void fuzz_scratch_write(FuzzIn *in)
{
    uint8_t buf[256];
    uint16_t off = fz_u16(in) % (FUZZ_SCRATCH_SZ - sizeof(buf));
    uint8_t len = fz_u8(in);

    fz_bytes(in, buf, len);
    address_space_write(&fuzz_m->as, FUZZ_SCRATCH + off, buf, len);
}

/* ---- the device population (targets whose input can device_add anything) ---- */

typedef struct FuzzDevList {
    GPtrArray *devs;
} FuzzDevList;

static inline void fuzz_collect_fn(PciBus *bus, PciDevice *dev, void *opaque)
{
    g_ptr_array_add(opaque, dev);
}

/* Every PCI function on every PHB, and every PHB but PHB 0 (the machine's own). */
static inline GPtrArray *fuzz_hot_devices(void)
{
    GPtrArray *list = g_ptr_array_new();

    for (int i = 0; i < SPAPR_MAX_PHBS; i++) {
        SpaprPhb *phb = fuzz_m->phbs[i];

        if (phb) {
            pci_bus_foreach(&phb->bus, fuzz_collect_fn, list);
        }
    }
    for (int i = 1; i < SPAPR_MAX_PHBS; i++) {
        if (fuzz_m->phbs[i]) {
            g_ptr_array_add(list, &fuzz_m->phbs[i]->dev);
        }
    }
    return list;
}

/*
 * For a machine built without -device: device_del everything an input
 * added, and reset, which completes the removals; anything left could never
 * be removed, which is a finding.
 */
static inline void fuzz_remove_all_devices(void)
{
    GPtrArray *list = fuzz_hot_devices();

    if (!list->len) {
        g_ptr_array_free(list, TRUE);
        return;
    }
    /* Functions before PHBs, each looked up again: an earlier removal may have taken it. */
    for (guint i = 0; i < list->len; i++) {
        GPtrArray *now = fuzz_hot_devices();
        Error *err = NULL;

        for (guint j = 0; j < now->len; j++) {
            if (now->pdata[j] == list->pdata[i] && !((Device *)list->pdata[i])->pending_unplug) {
                if (!device_unplug_request(list->pdata[i], &err)) {
                    error_free(err);
                    err = NULL;
                }
                break;
            }
        }
        g_ptr_array_free(now, TRUE);
    }
    g_ptr_array_free(list, TRUE);
    fuzz_machine_reset();
    list = fuzz_hot_devices();
    if (list->len) {
        fprintf(stderr, "fuzz: %s survived device_del and a machine reset\n",
                ((Device *)list->pdata[0])->cls->name);
        abort();
    }
    g_ptr_array_free(list, TRUE);
}

#endif
