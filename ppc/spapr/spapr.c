/*
 * The pseries machine class: init builds the machine (spapr_setup.c), adds
 * the vCPUs and sets the boot CPU's entry state; reset reloads the images,
 * rebuilds the device tree and resets the CPUs.
 *
 * Boot contract with bios/ (our firmware): the boot CPU starts at 0x100 in
 * real mode, big-endian, MSR = SF|ME, with r3 = device tree address, r4 =
 * kernel entry (0 without -kernel) and r5 = 0. A -bios image (firmware=)
 * starts as QEMU 7.2 starts one: the same, but r4 = 0; the kernel is named
 * in /chosen/qemu,boot-kernel, as for SLOF. The firmware copies the RTAS
 * trampoline to /rtas/linux,rtas-base and enters the kernel with r3 = FDT,
 * r4 = r5 = 0 (linux-pseries-boot.md (a)). Secondary CPUs stay offline until
 * RTAS start-cpu.
 */
#include "ppc/spapr/spapr_machine.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <unistd.h>
#include <libfdt.h>

#include "hotplug/drc.h"
#include "pci/spapr-phb.h"
#include "ppc/mmu.h"
#include "ppc/spapr/spapr_cpu.h"
#include "ppc/spapr/spapr_events.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_hpt.h"
#include "ppc/spapr/spapr_rtas.h"

/* ---- boot ---- */

void spapr_reset_cpus(SpaprMachine *m)
{
    for (int i = 0; m->cpus && i < m->smp; i++) {
        PowerPCCPU *cpu = m->cpus[i];

        ppc_cpu_reset(cpu);     /* MSR = SF|ME, big-endian, MMU off, LPCR ILE = AIL = 0 */
        if (i == 0) {
            cpu->cs.pc = SPAPR_ENTRY_POINT;
            cpu->gpr[3] = m->fdt_addr;
            cpu->gpr[4] = m->bios_given ? 0 : m->kernel_entry;
            cpu->gpr[5] = 0;
            cpu->offline = false;
            cpu_set_halted(&cpu->cs, false);
        } else {
            /* Not started: only RTAS start-cpu brings it up. */
            cpu->offline = true;
            cpu_set_halted(&cpu->cs, true);
        }
    }
}

void spapr_reset_platform(SpaprMachine *m)
{
    spapr_hpt_clear(&m->vhyp);
    xics_reset(m->xics);
    spapr_events_reset(m);
    spapr_cpus_reset_state(m);
    /* Before the tree: pending unplugs complete and leave no node behind. */
    spapr_drc_reset_all(m);
    /*
     * Devices first: firmware then sets up PCI (BARs, command registers)
     * before the device tree describing the result is written.
     */
    device_reset_all();
    spapr_phb_boot_setup(m);
}

static bool spapr_boot_setup(SpaprMachine *m, Error **errp)
{
    spapr_reset_platform(m);
    if (!spapr_load_images(m, errp) || !spapr_write_fdt(m, errp)) {
        return false;
    }
    spapr_reset_cpus(m);
    return true;
}

static void spapr_machine_reset(Machine *m)
{
    Error *err = NULL;

    /* The same images and layout succeeded at init, so this only fails on a host problem. */
    if (!spapr_boot_setup(m, &err)) {
        error_report_err(err);
        machine_request_shutdown(SHUTDOWN_ERROR);
    }
}

static Machine *spapr_machine_init(const MachineConfig *cfg, Error **errp)
{
    SpaprMachine *m;

    /* cfg->cpu_model is one of ppc_cpu_models (machine_create checked it): POWER8. */
    ppc_mmu_monitor_register();     /* `info tlb` */
    m = spapr_machine_create(cfg, errp);
    if (!m) {
        return NULL;
    }
    if (!ppc_engine_init(&m->ram, errp)) {
        return NULL;
    }
    if (!spapr_cpus_create(m, errp)) {
        return NULL;
    }
    spapr_attach_cpus(m);
    return m;
}

/*
 * Write the dumpdtb file in place (open, truncate, write), as -D and
 * -serial file: do. Not g_file_set_contents: it writes a temporary file
 * and renames it over PATH, which replaces a device node or a symlink with
 * a regular file - run as root with dumpdtb=/dev/null (QEMU 7.2 does the
 * same), it turned the machine's /dev/null into a file that every process
 * then wrote into and read from (a test's stdin fed other processes' log
 * lines and NUL-filled holes to its guest's console).
 */
static bool dumpdtb_write(const char *path, const void *data, size_t len, Error **errp)
{
    const uint8_t *p = data;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);

    if (fd < 0) {
        error_setg(errp, "dumpdtb: cannot open '%s': %s", path, g_strerror(errno));
        return false;
    }
    while (len > 0) {
        ssize_t n = write(fd, p, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            error_setg(errp, "dumpdtb: writing '%s': %s", path,
                       n < 0 ? g_strerror(errno) : "no progress");
            close(fd);
            return false;
        }
        p += n;
        len -= (size_t)n;
    }
    if (close(fd) < 0) {
        error_setg(errp, "dumpdtb: writing '%s': %s", path, g_strerror(errno));
        return false;
    }
    return true;
}

/* The -device devices exist now: lay out the images and the device tree, and reset. */
static bool spapr_machine_init_done(Machine *m, Error **errp)
{
    if (!spapr_boot_setup(m, errp)) {
        return false;
    }
    /*
     * -M pseries,dumpdtb=FILE (QEMU behaviour): write the tree the guest
     * would get, then ask the main loop to quit before any CPU runs
     * (machine_request_shutdown(SHUTDOWN_QUIT): exit status 0).
     */
    if (m->dumpdtb_path) {
        if (!dumpdtb_write(m->dumpdtb_path, m->fdt, fdt_totalsize(m->fdt), errp)) {
            return false;
        }
        /* QEMU's line, on stderr */
        error_report("info: dtb dumped to %s. Exiting.", m->dumpdtb_path);
        machine_request_shutdown(SHUTDOWN_QUIT);
    }
    return true;
}

/* system_powerdown: what pressing the power button does on PowerVM, an EPOW event. */
static bool spapr_machine_powerdown(Machine *m, Error **errp)
{
    return spapr_event_powerdown(m, errp);
}

static bool spapr_machine_info(Machine *m, const char *topic, GString *out)
{
    if (g_str_equal(topic, "rtas")) {
        for (unsigned i = 0; i < spapr_rtas_count(); i++) {
            g_string_append_printf(out, "0x%04x %s\n", RTAS_TOKEN_BASE + i, spapr_rtas_name(i));
        }
        return true;
    }
    if (g_str_equal(topic, "pic")) {
        xics_print_info(m->xics, out);
        return true;
    }
    if (g_str_equal(topic, "pci")) {
        spapr_phb_print_info(m, out);
        return true;
    }
    if (g_str_equal(topic, "hcall")) {
        spapr_hcall_print_counters(out);
        return true;
    }
    if (g_str_equal(topic, "drc")) {
        spapr_drc_print_info(m, out);
        return true;
    }
    return false;
}

static const char *const spapr_info_topics[] = {
    "pic", "XICS state: presenters and interrupt sources",
    "pci", "the functions on every PCI bus, with their BARs and interrupts",
    "hcall", "hypercalls made so far, with call and error counts",
    "rtas", "the RTAS services and their tokens",
    "drc", "the DR connectors: index, name, type, state, indicators, device, pending unplug",
    NULL,
};

/*
 * QEMU 7.2's versioned pseries machines whose differences from pseries-7.2
 * are outside what ppc64-lite models: NUMA associativity forms, memory
 * hot-unplug, -smp's preference for sockets over cores (6.2 and older) and
 * migration details. From pseries-4.2 down QEMU turns cap-fwnmi off and caps
 * the RMA at 16 GiB, pseries-4.1 and older leave linux,pci-probe-only out,
 * pseries-3.1 and older number XICS interrupts the legacy way and
 * pseries-2.7 and older place the PHB windows elsewhere: those the guest
 * sees, so those names are refused.
 */
static const char *const spapr_aliases[] = {
    "pseries-7.2", "pseries-7.1", "pseries-7.0", "pseries-6.2", "pseries-6.1", "pseries-6.0",
    "pseries-5.2", "pseries-5.1", "pseries-5.0", NULL,
};

/* Listed in CMakeLists.txt's PPC64LITE_MACHINES: core/registry.c finds it there. */
const MachineClass spapr_machine_class = {
    .name = "pseries",
    .desc = "IBM pSeries (sPAPR) logical partition",
    .is_default = true,
    .aliases = spapr_aliases,
    .old_versions_why = "ppc64-lite offers QEMU 7.2's pseries-5.0 .. pseries-7.2 (older ones "
                        "differ in what the guest sees: FWNMI, RMA size, PCI probing, interrupt "
                        "numbers, PHB windows)",
    .props_help = spapr_props_help,
    .cpu_models = ppc_cpu_models,
    .default_cpu = "POWER8",
    .default_ram = 512ull << 20,
    .max_smp = SPAPR_MAX_SMP,
    .register_types = spapr_register_services,
    .init = spapr_machine_init,
    .init_done = spapr_machine_init_done,
    .reset = spapr_machine_reset,
    .powerdown = spapr_machine_powerdown,
    .info = spapr_machine_info,
    .info_topics = spapr_info_topics,
};
