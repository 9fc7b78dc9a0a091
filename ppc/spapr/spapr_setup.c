/*
 * Setting up the pseries machine without its CPUs: configuration checks,
 * guest RAM and the fixed memory map, the hashed page table, the VIO bus and
 * its default vty, and the boot layout (firmware at 0, kernel at 4 MiB,
 * initrd after it, device tree and RTAS at the top of the real-mode area,
 * linux-pseries-boot.md (a)). spapr.c adds the vCPUs and runs it.
 */
#include "ppc/spapr/spapr_machine.h"

#include <glib.h>
#include <libfdt.h>
#include <string.h>

#include "core/datadir.h"
#include "core/loader.h"
#include "core/log.h"
#include "hotplug/drc.h"
#include "hotplug/hotplug.h"
#include "pci/pci-nic.h"
#include "pci/pci.h"
#include "pci/spapr-phb.h"
#include "ppc/spapr/spapr_cpu.h"
#include "ppc/spapr/spapr_fdt.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_hpt.h"
#include "ppc/spapr/spapr_tce.h"
#include "ppc/spapr/spapr_vio.h"
#include "ppc/spapr/spapr_xics.h"

/*
 * PHB windows follow QEMU 7.2 so that guest-visible addresses match
 * (pci-hotplug-papr.md): everything PCI sits at 32 TiB and above.
 */
#define SPAPR_PCI_BASE 0x200000000000ull

static SpaprMachine *current_machine;

const SpaprMemMapEntry spapr_memmap[SPAPR_MEM_COUNT] = {
    [SPAPR_MEM_RAM]        = { "ram", 0, 0 },
    [SPAPR_MEM_PCI_MSI]    = { "pci-msi", 0x40000000000ull, 0x10000 },
    [SPAPR_MEM_PHB_IO]     = { "phb-io", SPAPR_PCI_BASE, 0x10000 },
    [SPAPR_MEM_PHB_MMIO32] = { "phb-mmio32", SPAPR_PCI_BASE + (2ull << 30), 2ull << 30 },
    [SPAPR_MEM_PHB_MMIO64] = { "phb-mmio64", SPAPR_PCI_BASE + (1ull << 40), 1ull << 40 },
};

bool spapr_phb_windows(int index, SpaprPhbWindows *out)
{
    const SpaprMemMapEntry *io = &spapr_memmap[SPAPR_MEM_PHB_IO];
    const SpaprMemMapEntry *m32 = &spapr_memmap[SPAPR_MEM_PHB_MMIO32];
    const SpaprMemMapEntry *m64 = &spapr_memmap[SPAPR_MEM_PHB_MMIO64];

    if (index < 0 || index >= SPAPR_MAX_PHBS) {
        return false;
    }
    out->io = io->base + (uint64_t)index * io->size;
    out->io_size = io->size;
    out->mmio32 = m32->base + (uint64_t)index * m32->size;
    out->mmio32_size = m32->size;
    out->mmio64 = m64->base + (uint64_t)index * m64->size;
    out->mmio64_size = m64->size;
    return true;
}

void spapr_register_services(void)
{
    static bool done;

    if (done) {
        return;
    }
    done = true;
    /* Explicit order: RTAS tokens follow it. New services go at the end. */
    spapr_rtas_register_base();
    spapr_vty_register();
    spapr_hpt_register();
    spapr_xics_register();
    spapr_cpu_register();
    spapr_cpu_rtas_register();
    spapr_memops_register();
    spapr_rng_register();
    spapr_nvram_register();
    spapr_rtas_register_platform();
    spapr_sensors_register();
    spapr_events_register();
    spapr_drc_register();
    spapr_hotplug_register();
    spapr_tce_register();
    spapr_phb_register();
    pci_register_types();
}

/* ---- configuration ---- */

/* The built-in firmware: in a -L directory, else where the build put it. */
static char *spapr_default_bios(const GPtrArray *dirs)
{
    char *found = datadir_find_in_dirs("ppc64-lite-fw.bin", dirs);
    const char *candidates[] = {
        PPC64LITE_BIOS_DIR "/ppc64-lite-fw.bin",
        PPC64LITE_SOURCE_DIR "/bios/ppc64-lite-fw.bin",
    };

    if (found) {
        return found;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(candidates); i++) {
        if (g_file_test(candidates[i], G_FILE_TEST_IS_REGULAR)) {
            return g_strdup(candidates[i]);
        }
    }
    return g_strdup(candidates[0]);     /* for the error message */
}

/* The machine properties kernel=, initrd=, append=, firmware=, memory.size= are the options. */
static bool spapr_check_config(const MachineConfig *cfg, const SpaprProps *props, Error **errp)
{
    uint64_t ram_size = props->ram_size ? props->ram_size : cfg->ram_size;
    bool kernel = cfg->kernel || props->kernel;

    if (cfg->smp < 1 || cfg->smp > SPAPR_MAX_SMP) {
        error_setg(errp, "pseries: -smp %d is out of range (1..%d)", cfg->smp,
                   SPAPR_MAX_SMP);
        return false;
    }
    if (cfg->max_cpus && (cfg->max_cpus < cfg->smp || cfg->max_cpus > SPAPR_MAX_SMP)) {
        error_setg(errp, "pseries: maxcpus %d must be in %d..%d", cfg->max_cpus, cfg->smp,
                   SPAPR_MAX_SMP);
        return false;
    }
    if (!spapr_cpu_topology_check(cfg, errp)) {
        return false;
    }
    if (ram_size < SPAPR_MIN_RAM) {
        error_setg(errp, "pseries: -m %" G_GUINT64_FORMAT "M is too small (at least %lluM)",
                   ram_size >> 20, SPAPR_MIN_RAM >> 20);
        return false;
    }
    if (ram_size & 0xfffff) {
        error_setg(errp, "pseries: the RAM size must be a multiple of 1 MiB");
        return false;
    }
    /* QEMU's words */
    if ((cfg->initrd || props->initrd) && !kernel) {
        error_setg(errp, "-initrd only allowed with -kernel option");
        return false;
    }
    if ((cfg->append || props->append) && !kernel) {
        error_setg(errp, "-append only allowed with -kernel option");
        return false;
    }
    return true;
}

/*
 * An image that cannot be read, in QEMU 7.2's pseries words (scripts grep
 * for them), followed by the reason: load_file's message without its
 * leading "PATH: ".
 */
static void image_error(Error **errp, const char *path, const char *fmt)
{
    Error *err = *errp;
    const char *why = error_get_pretty(err);
    size_t n = strlen(path);

    if (!strncmp(why, path, n) && !strncmp(why + n, ": ", 2)) {
        why += n + 2;
    }
    *errp = NULL;
    error_setg(errp, fmt, path, why);
    error_free(err);
}

static bool spapr_read_images(SpaprMachine *m, Error **errp)
{
    if (!g_file_test(m->bios_path, G_FILE_TEST_EXISTS)) {
        error_setg(errp, "Could not find LPAR firmware '%s'", m->bios_path);
        return false;
    }
    if (!load_file(m->bios_path, SPAPR_BIOS_MAX_SIZE, &m->bios_data, &m->bios_size, errp)) {
        image_error(errp, m->bios_path, "Could not load LPAR firmware '%s': %s");
        return false;
    }
    if (m->kernel_path &&
        !kept_file_load(m->kernel_path, m->ram_size, &m->kernel_file, errp)) {
        image_error(errp, m->kernel_path, "error loading %s: %s");
        return false;
    }
    if (m->initrd_path &&
        !load_file(m->initrd_path, m->ram_size, &m->initrd_data, &m->initrd_size, errp)) {
        image_error(errp, m->initrd_path, "could not load initial ram disk '%s': %s");
        return false;
    }
    return true;
}

SpaprMachine *spapr_machine_create(const MachineConfig *cfg, Error **errp)
{
    SpaprMachine *m;
    uint64_t top;
    const char *bios;

    SpaprProps props;

    spapr_register_services();
    if (!spapr_props_parse(&props, cfg->machine_props, cfg->threads, errp) ||
        !spapr_check_config(cfg, &props, errp)) {
        spapr_props_free(&props);
        return NULL;
    }
    m = g_new0(SpaprMachine, 1);
    current_machine = m;
    m->props = props;
    /* The machine properties win over the options they stand for. */
    m->ram_size = props.ram_size ? props.ram_size : cfg->ram_size;
    m->smp = cfg->smp;
    m->max_cpus = cfg->max_cpus ? cfg->max_cpus : cfg->smp;
    m->threads = cfg->threads ? cfg->threads : 1;
    m->vsmt = (int)props.vsmt;      /* -M pseries,vsmt= (0: the threads per core) */
    m->cores_per_socket = cfg->cores;
    m->kernel_path = g_strdup(props.kernel ? props.kernel : cfg->kernel);
    m->initrd_path = g_strdup(props.initrd ? props.initrd : cfg->initrd);
    m->bootargs = g_strdup(props.append ? props.append : cfg->append);
    /* -bios NAME (or firmware=) as given, or found in the -L directories (qemu_find_file). */
    bios = props.firmware ? props.firmware : cfg->bios;
    m->bios_given = bios != NULL;
    m->bios_path = !bios ? spapr_default_bios(cfg->firmware_dirs)
                         : datadir_find(bios, cfg->firmware_dirs);
    if (bios && !m->bios_path) {
        m->bios_path = g_strdup(bios);      /* for the error that loading it gives */
    }
    m->serial = cfg->serial;
    m->nodefaults = cfg->nodefaults;
    m->vm_name = g_strdup(cfg->vm_name);
    m->uuid = g_strdup(cfg->uuid);
    m->boot_once = g_strdup(cfg->boot_once);
    m->boot_menu = cfg->boot_menu;
    m->dumpdtb_path = g_strdup(props.dumpdtb);
    m->nvram_path = g_strdup(props.nvram ? props.nvram : cfg->nvram_file);
    spapr_irq_init(m);
    m->events = spapr_events_new();
    spapr_drc_machine_init(m);

    spapr_vio_bus_init(m);
    memory_region_init_container(&m->sysmem, "system", UINT64_MAX);
    if (!memory_region_init_ram(&m->ram, "pseries.ram", m->ram_size)) {
        error_setg(errp, "pseries: cannot allocate %" G_GUINT64_FORMAT " MiB of guest RAM",
                   m->ram_size >> 20);
        memory_region_finalize(&m->sysmem);
        spapr_machine_free(m);
        return NULL;
    }
    memory_region_add_subregion(&m->sysmem, 0, &m->ram);
    address_space_init(&m->as, &m->sysmem, "memory");
    m->memory_ready = true;

    /* Real-mode area, and RTAS + FDT just under min(RAM, 768 MiB), 64 KiB aligned. */
    m->rma_size = MIN(m->ram_size, SPAPR_RMA_MAX);
    top = MIN(m->ram_size, (uint64_t)SPAPR_RTAS_MAX_ADDR);
    m->rtas_addr = (top - SPAPR_RTAS_REGION_SIZE) & ~0xffffull;
    m->fdt_addr = m->rtas_addr - SPAPR_FDT_MAX_SIZE;

    m->htab_shift = spapr_hpt_shift_for_ram(m->ram_size);
    if (!spapr_hpt_alloc(&m->vhyp, m->htab_shift, m->ram_size)) {
        error_setg(errp, "pseries: cannot allocate the %u KiB hashed page table",
                   (1u << m->htab_shift) >> 10);
        spapr_machine_free(m);
        return NULL;
    }
    m->vhyp.hypercall = spapr_hypercall;
    m->vhyp.rma_size = m->rma_size;
    m->vhyp.opaque = m;

    if (!guest_rtc_init(&m->rtc, cfg->rtc_base, cfg->rtc_clock, errp) ||
        /* A vty for -serial, or the default one; none with -serial none (QEMU). */
        ((cfg->serial || (!m->nodefaults && !cfg->no_serial)) &&
         !spapr_vty_create(m, cfg->serial, errp)) ||
        !spapr_nvram_create(m, m->nvram_path, errp) ||
        /* QEMU creates PHB 0 even with -nodefaults: -device e1000 needs no bus= */
        !spapr_phb_create(m, 0, errp) ||
        /* -nic model=e1000 NICs go on PHB 0 before any -device, as in QEMU */
        !pci_nic_create_requested(&m->phbs[0]->bus, errp) ||
        !spapr_read_images(m, errp)) {
        spapr_machine_free(m);
        return NULL;
    }
    return m;
}

void spapr_machine_free(SpaprMachine *m)
{
    if (!m) {
        return;
    }
    /* Devices go with their bus, before the memory they may use. */
    spapr_rng_cleanup();
    for (int i = 0; i < SPAPR_MAX_PHBS; i++) {
        if (m->phbs[i]) {
            device_destroy(&m->phbs[i]->dev);
        }
    }
    bus_cleanup(&m->vio_bus);
    spapr_drc_machine_cleanup(m);
    if (m->memory_ready) {
        address_space_destroy(&m->as);
        memory_region_del_subregion(&m->sysmem, &m->ram);
        memory_region_finalize(&m->ram);
        memory_region_finalize(&m->sysmem);
    }
    spapr_hpt_free(&m->vhyp);
    xics_free(m->xics);
    spapr_events_free(m->events);
    g_free(m->bios_data);
    kept_file_free(&m->kernel_file);
    g_free(m->initrd_data);
    g_free(m->fdt);
    g_free(m->kernel_path);
    g_free(m->initrd_path);
    g_free(m->bootargs);
    g_free(m->bios_path);
    g_free(m->dumpdtb_path);
    g_free(m->nvram_path);
    g_free(m->vm_name);
    g_free(m->uuid);
    g_free(m->boot_once);
    g_free(m->cpus);
    spapr_props_free(&m->props);
    if (current_machine == m) {
        current_machine = NULL;
    }
    g_free(m);
}

SpaprMachine *spapr_machine_current(void)
{
    return current_machine;
}

/* ---- images ---- */

static bool spapr_kernel_fits(SpaprMachine *m, uint64_t low, uint64_t high, Error **errp)
{
    if (low < SPAPR_KERNEL_LOAD_ADDR || high > m->fdt_addr) {
        error_setg(errp, "error loading %s: it occupies 0x%" G_GINT64_MODIFIER "x..0x%"
                   G_GINT64_MODIFIER "x, but must fit in 0x%x..0x%" G_GINT64_MODIFIER
                   "x with %" G_GUINT64_FORMAT " MiB of RAM (too big, or use more -m)",
                   m->kernel_path, low, high, SPAPR_KERNEL_LOAD_ADDR, m->fdt_addr,
                   m->ram_size >> 20);
        return false;
    }
    return true;
}

static bool spapr_load_kernel(SpaprMachine *m, Error **errp)
{
    LoadedImage img;

    const uint8_t *data = m->kernel_file.data;
    const uint64_t size = m->kernel_file.size;

    if (!kept_file_check(m->kernel_path, &m->kernel_file, errp)) {
        return false;
    }
    if (elf_is_elf(data, size)) {
        if (!load_elf(&m->as, &ppc64_elf_machine, data, size,
                      SPAPR_KERNEL_LOAD_ADDR, SPAPR_KERNEL_ELF_MASK, &img, errp)) {
            error_prepend(errp, "error loading %s: ", m->kernel_path);
            return false;
        }
    } else {
        /* Checked before copying, so an oversized image never lands on the FDT or RTAS. */
        if (!spapr_kernel_fits(m, SPAPR_KERNEL_LOAD_ADDR,
                               SPAPR_KERNEL_LOAD_ADDR + size, errp)) {
            return false;
        }
        if (!load_raw(&m->as, data, size, SPAPR_KERNEL_LOAD_ADDR,
                      &img, errp)) {
            error_prepend(errp, "error loading %s: ", m->kernel_path);
            return false;
        }
    }
    if (!spapr_kernel_fits(m, img.low, img.high, errp)) {
        return false;
    }
    m->kernel_is_elf = img.is_elf;
    m->kernel_le = img.is_elf && !img.big_endian;
    m->kernel_addr = img.low;
    m->kernel_end = img.high;
    m->kernel_entry = img.is_elf ? img.entry : SPAPR_KERNEL_LOAD_ADDR;
    return true;
}

static bool spapr_load_initrd(SpaprMachine *m, Error **errp)
{
    LoadedImage img;

    /* QEMU's rule: at least 64 KiB past the kernel, 64 KiB aligned. */
    m->initrd_start = (m->kernel_end + 2 * SPAPR_INITRD_ALIGN - 1) & ~(uint64_t)(SPAPR_INITRD_ALIGN - 1);
    if (m->initrd_size > m->fdt_addr || m->initrd_start > m->fdt_addr - m->initrd_size) {
        error_setg(errp, "could not load initial ram disk '%s': %" G_GUINT64_FORMAT
                   " bytes at 0x%" G_GINT64_MODIFIER "x do not fit below the device tree at 0x%" G_GINT64_MODIFIER
                   "x (too big, or use more -m)",
                   m->initrd_path, m->initrd_size, m->initrd_start, m->fdt_addr);
        return false;
    }
    if (!load_raw(&m->as, m->initrd_data, m->initrd_size, m->initrd_start, &img, errp)) {
        error_prepend(errp, "could not load initial ram disk '%s': ", m->initrd_path);
        return false;
    }
    return true;
}

bool spapr_load_images(SpaprMachine *m, Error **errp)
{
    LoadedImage img;

    if (!load_raw(&m->as, m->bios_data, m->bios_size, 0, &img, errp)) {
        error_prepend(errp, "Could not load LPAR firmware '%s': ", m->bios_path);
        return false;
    }
    m->kernel_addr = m->kernel_end = m->kernel_entry = 0;
    m->initrd_start = 0;
    if (m->kernel_file.data && !spapr_load_kernel(m, errp)) {
        return false;
    }
    if (m->initrd_data && !spapr_load_initrd(m, errp)) {
        return false;
    }
    return true;
}

/* ---- the device tree in guest memory ---- */

bool spapr_write_fdt(SpaprMachine *m, Error **errp)
{
    void *fdt = spapr_build_fdt(m, errp);

    if (!fdt) {
        return false;
    }
    if (address_space_write(&m->as, m->fdt_addr, fdt, fdt_totalsize(fdt)) != MEMTX_OK) {
        error_setg(errp, "device tree: cannot write it at 0x%" G_GINT64_MODIFIER "x", m->fdt_addr);
        g_free(fdt);
        return false;
    }
    g_free(m->fdt);
    m->fdt = fdt;
    return true;
}

