/*
 * The pseries machine: RAM, vCPUs, the VIO bus and its default vty, the boot
 * layout (firmware at 0, kernel at 4 MiB, initrd after it, device tree and
 * RTAS at the top of the real-mode area), and the boot CPU's entry state.
 *
 * Boot contract with bios/ (our firmware): the boot CPU starts at 0x100 in
 * real mode, big-endian, MSR = SF|ME, with r3 = device tree address, r4 =
 * kernel entry (0 without -kernel) and r5 = 0. The firmware copies the RTAS
 * trampoline to /rtas/linux,rtas-base and enters the kernel with r3 = FDT,
 * r4 = r5 = 0 (linux-pseries-boot.md (a)). Secondary CPUs stay offline until
 * RTAS start-cpu.
 */
#include "ppc/spapr/spapr.h"

#include <glib.h>
#include <libfdt.h>
#include <string.h>

#include "core/loader.h"
#include "core/log.h"

/*
 * PHB windows follow QEMU 7.2 so that guest-visible addresses match
 * (pci-hotplug-papr.md): everything PCI sits at 32 TiB and above.
 */
#define SPAPR_PCI_BASE 0x200000000000ull

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

uint32_t spapr_hpt_shift_for_ram(uint64_t ram_size)
{
    uint32_t shift = 18;

    /* One 128-byte PTEG per 16 KiB of RAM, i.e. RAM/128, as a power of two. */
    while (shift < 46 && (1ull << (shift + 7)) < ram_size) {
        shift++;
    }
    return shift;
}

void spapr_register_services(void)
{
    static bool done;

    if (done) {
        return;
    }
    done = true;
    /* Explicit order: RTAS tokens follow it. */
    spapr_rtas_register_base();
    spapr_vty_register();
}

/* ---- configuration ---- */

static const char *const spapr_known_props[] = { "dumpdtb", NULL };

static bool spapr_parse_props(SpaprMachine *m, GHashTable *props, Error **errp)
{
    GHashTableIter it;
    gpointer key, value;

    if (!props) {
        return true;
    }
    g_hash_table_iter_init(&it, props);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        if (!g_strv_contains(spapr_known_props, key)) {
            error_setg(errp, "pseries: unknown machine property '%s' (known: dumpdtb)",
                       (const char *)key);
            return false;
        }
    }
    value = g_hash_table_lookup(props, "dumpdtb");
    if (value) {
        if (!*(const char *)value) {
            error_setg(errp, "pseries: dumpdtb needs a file name");
            return false;
        }
        m->dumpdtb_path = g_strdup(value);
    }
    return true;
}

/* -rtc base=utc|localtime|YYYY-MM-DD[THH:MM:SS]: the guest clock's offset from host UTC. */
static bool spapr_parse_rtc(SpaprMachine *m, const char *base, Error **errp)
{
    GDateTime *now, *when;
    GTimeZone *utc;
    char *iso;

    m->rtc_offset_s = 0;
    if (!base || g_str_equal(base, "utc")) {
        return true;
    }
    now = g_date_time_new_now_local();
    if (g_str_equal(base, "localtime")) {
        m->rtc_offset_s = g_date_time_get_utc_offset(now) / G_TIME_SPAN_SECOND;
        g_date_time_unref(now);
        return true;
    }
    iso = strchr(base, 'T') ? g_strdup(base) : g_strconcat(base, "T00:00:00", NULL);
    utc = g_time_zone_new_utc();
    when = g_date_time_new_from_iso8601(iso, utc);
    g_time_zone_unref(utc);
    g_free(iso);
    if (!when) {
        g_date_time_unref(now);
        error_setg(errp, "-rtc base: '%s' is not utc, localtime or YYYY-MM-DD[THH:MM:SS]", base);
        return false;
    }
    m->rtc_offset_s = g_date_time_to_unix(when) - g_date_time_to_unix(now);
    g_date_time_unref(when);
    g_date_time_unref(now);
    return true;
}

static char *spapr_default_bios(void)
{
    const char *candidates[] = {
        PPC64LITE_BIOS_DIR "/ppc64-lite-fw.bin",
        PPC64LITE_SOURCE_DIR "/bios/ppc64-lite-fw.bin",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(candidates); i++) {
        if (g_file_test(candidates[i], G_FILE_TEST_IS_REGULAR)) {
            return g_strdup(candidates[i]);
        }
    }
    return g_strdup(candidates[0]);     /* for the error message */
}

static bool spapr_check_config(const MachineConfig *cfg, Error **errp)
{
    if (cfg->cpu_model && !ppc_cpu_model_known(cfg->cpu_model)) {
        error_setg(errp, "pseries: unknown CPU model '%s' (this build has POWER8)", cfg->cpu_model);
        return false;
    }
    if (cfg->smp < 1 || cfg->smp > spapr_machine_class.max_smp) {
        error_setg(errp, "pseries: -smp %d is out of range (1..%d)", cfg->smp,
                   spapr_machine_class.max_smp);
        return false;
    }
    if (cfg->max_cpus && (cfg->max_cpus < cfg->smp || cfg->max_cpus > spapr_machine_class.max_smp)) {
        error_setg(errp, "pseries: maxcpus %d must be in %d..%d", cfg->max_cpus, cfg->smp,
                   spapr_machine_class.max_smp);
        return false;
    }
    if (cfg->ram_size < SPAPR_MIN_RAM) {
        error_setg(errp, "pseries: -m %" G_GUINT64_FORMAT "M is too small (at least %lluM)",
                   cfg->ram_size >> 20, SPAPR_MIN_RAM >> 20);
        return false;
    }
    if (cfg->ram_size & 0xfffff) {
        error_setg(errp, "pseries: the RAM size must be a multiple of 1 MiB");
        return false;
    }
    if (cfg->initrd && !cfg->kernel) {
        error_setg(errp, "pseries: -initrd needs -kernel");
        return false;
    }
    if (cfg->append && !cfg->kernel) {
        error_setg(errp, "pseries: -append needs -kernel");
        return false;
    }
    return true;
}

static bool spapr_read_images(SpaprMachine *m, Error **errp)
{
    if (!load_file(m->bios_path, SPAPR_BIOS_MAX_SIZE, &m->bios_data, &m->bios_size, errp)) {
        error_prepend(errp, "firmware %s: ", m->bios_path);
        return false;
    }
    if (m->kernel_path &&
        !load_file(m->kernel_path, m->ram_size, &m->kernel_data, &m->kernel_file_size, errp)) {
        error_prepend(errp, "kernel %s: ", m->kernel_path);
        return false;
    }
    if (m->initrd_path &&
        !load_file(m->initrd_path, m->ram_size, &m->initrd_data, &m->initrd_size, errp)) {
        error_prepend(errp, "initrd %s: ", m->initrd_path);
        return false;
    }
    return true;
}

SpaprMachine *spapr_machine_create(const MachineConfig *cfg, Error **errp)
{
    SpaprMachine *m;
    uint64_t top;

    spapr_register_services();
    if (!spapr_check_config(cfg, errp)) {
        return NULL;
    }
    m = g_new0(SpaprMachine, 1);
    m->ram_size = cfg->ram_size;
    m->smp = cfg->smp;
    m->max_cpus = cfg->max_cpus ? cfg->max_cpus : cfg->smp;
    m->kernel_path = g_strdup(cfg->kernel);
    m->initrd_path = g_strdup(cfg->initrd);
    m->bootargs = g_strdup(cfg->append);
    m->bios_path = cfg->bios ? g_strdup(cfg->bios) : spapr_default_bios();
    m->serial = cfg->serial;
    m->nodefaults = cfg->nodefaults;

    memory_region_init_container(&m->sysmem, "system", UINT64_MAX);
    if (!memory_region_init_ram(&m->ram, "pseries.ram", m->ram_size)) {
        error_setg(errp, "pseries: cannot allocate %" G_GUINT64_FORMAT " MiB of guest RAM",
                   m->ram_size >> 20);
        g_free(m->kernel_path);
        g_free(m->initrd_path);
        g_free(m->bootargs);
        g_free(m->bios_path);
        g_free(m);
        return NULL;
    }
    memory_region_add_subregion(&m->sysmem, 0, &m->ram);
    address_space_init(&m->as, &m->sysmem, "memory");

    /* Real-mode area, and RTAS + FDT just under min(RAM, 768 MiB), 64 KiB aligned. */
    m->rma_size = MIN(m->ram_size, SPAPR_RMA_MAX);
    top = MIN(m->ram_size, (uint64_t)SPAPR_RTAS_MAX_ADDR);
    m->rtas_addr = (top - SPAPR_RTAS_REGION_SIZE) & ~0xffffull;
    m->fdt_addr = m->rtas_addr - SPAPR_FDT_MAX_SIZE;

    m->htab_shift = spapr_hpt_shift_for_ram(m->ram_size);
    m->vhyp.hypercall = spapr_hypercall;
    m->vhyp.htab = g_malloc0(1ull << m->htab_shift);
    m->vhyp.htab_mask = ((1ull << m->htab_shift) >> 7) - 1;
    m->vhyp.rma_size = m->rma_size;
    m->vhyp.opaque = m;

    spapr_vio_bus_init(m);
    if (!spapr_parse_props(m, cfg->machine_props, errp) ||
        !spapr_parse_rtc(m, cfg->rtc_base, errp) ||
        (!m->nodefaults && !spapr_vty_create(m, cfg->serial, errp)) ||
        !spapr_read_images(m, errp)) {
        spapr_machine_free(m);
        return NULL;
    }
    return m;
}

void spapr_machine_free(SpaprMachine *m)
{
    GPtrArray *children;

    if (!m) {
        return;
    }
    /* Devices first (they unplug themselves from the bus), then the memory they used. */
    children = m->vio_bus.children;
    while (children && children->len) {
        device_destroy(g_ptr_array_index(children, children->len - 1));
    }
    bus_unregister(&m->vio_bus);
    bus_cleanup(&m->vio_bus);
    address_space_destroy(&m->as);
    memory_region_del_subregion(&m->sysmem, &m->ram);
    memory_region_finalize(&m->ram);
    memory_region_finalize(&m->sysmem);
    g_free(m->vhyp.htab);
    g_free(m->bios_data);
    g_free(m->kernel_data);
    g_free(m->initrd_data);
    g_free(m->fdt);
    g_free(m->kernel_path);
    g_free(m->initrd_path);
    g_free(m->bootargs);
    g_free(m->bios_path);
    g_free(m->dumpdtb_path);
    g_free(m->cpus);
    g_free(m);
}

/* ---- images ---- */

static bool spapr_load_kernel(SpaprMachine *m, Error **errp)
{
    LoadedImage img;

    if (elf_is_elf(m->kernel_data, m->kernel_file_size)) {
        if (!load_elf(&m->as, m->kernel_data, m->kernel_file_size, SPAPR_KERNEL_LOAD_ADDR,
                      SPAPR_KERNEL_ELF_MASK, &img, errp)) {
            error_prepend(errp, "kernel %s: ", m->kernel_path);
            return false;
        }
    } else if (!load_raw(&m->as, m->kernel_data, m->kernel_file_size, SPAPR_KERNEL_LOAD_ADDR,
                         &img, errp)) {
        error_prepend(errp, "kernel %s: ", m->kernel_path);
        return false;
    }
    if (img.low < SPAPR_KERNEL_LOAD_ADDR || img.high > m->fdt_addr) {
        error_setg(errp, "kernel %s: it occupies 0x%" G_GINT64_MODIFIER "x..0x%"
                   G_GINT64_MODIFIER "x, but must fit in 0x%x..0x%" G_GINT64_MODIFIER
                   "x with %" G_GUINT64_FORMAT " MiB of RAM (too big, or use more -m)",
                   m->kernel_path, img.low, img.high, SPAPR_KERNEL_LOAD_ADDR, m->fdt_addr,
                   m->ram_size >> 20);
        return false;
    }
    m->kernel_is_elf = img.is_elf;
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
        error_setg(errp, "initrd %s: %" G_GUINT64_FORMAT " bytes at 0x%" G_GINT64_MODIFIER
                   "x do not fit below the device tree at 0x%" G_GINT64_MODIFIER
                   "x (too big, or use more -m)",
                   m->initrd_path, m->initrd_size, m->initrd_start, m->fdt_addr);
        return false;
    }
    if (!load_raw(&m->as, m->initrd_data, m->initrd_size, m->initrd_start, &img, errp)) {
        error_prepend(errp, "initrd %s: ", m->initrd_path);
        return false;
    }
    return true;
}

bool spapr_load_images(SpaprMachine *m, Error **errp)
{
    LoadedImage img;

    if (!load_raw(&m->as, m->bios_data, m->bios_size, 0, &img, errp)) {
        error_prepend(errp, "firmware %s: ", m->bios_path);
        return false;
    }
    m->kernel_addr = m->kernel_end = m->kernel_entry = 0;
    m->initrd_start = 0;
    if (m->kernel_data && !spapr_load_kernel(m, errp)) {
        return false;
    }
    if (m->initrd_data && !spapr_load_initrd(m, errp)) {
        return false;
    }
    return true;
}

/* ---- boot ---- */

static bool spapr_write_fdt(SpaprMachine *m, Error **errp)
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

static void spapr_reset_cpus(SpaprMachine *m)
{
    for (int i = 0; m->cpus && i < m->smp; i++) {
        PowerPCCPU *cpu = m->cpus[i];

        ppc_cpu_reset(cpu);     /* MSR = SF|ME, big-endian, MMU off, LPCR ILE = AIL = 0 */
        if (i == 0) {
            cpu->cs.pc = SPAPR_ENTRY_POINT;
            cpu->gpr[3] = m->fdt_addr;
            cpu->gpr[4] = m->kernel_entry;
            cpu->gpr[5] = 0;
            cpu->offline = false;
            cpu->cs.halted = false;
        } else {
            /* Not started: only RTAS start-cpu brings it up. */
            cpu->offline = true;
            cpu->cs.halted = true;
        }
    }
}

static bool spapr_boot_setup(SpaprMachine *m, Error **errp)
{
    memset(m->vhyp.htab, 0, 1ull << m->htab_shift);
    if (!spapr_load_images(m, errp) || !spapr_write_fdt(m, errp)) {
        return false;
    }
    device_reset_all();
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
    SpaprMachine *m = spapr_machine_create(cfg, errp);

    if (!m) {
        return NULL;
    }
    if (!ppc_engine_init(&m->ram, errp)) {
        goto fail;
    }
    m->cpus = g_new0(PowerPCCPU *, m->smp);
    for (int i = 0; i < m->smp; i++) {
        m->cpus[i] = ppc_cpu_new(i, &m->as, &m->vhyp, errp);
        if (!m->cpus[i]) {
            goto fail;
        }
    }
    if (!spapr_boot_setup(m, errp)) {
        goto fail;
    }
    /*
     * -M pseries,dumpdtb=FILE (QEMU behaviour): write the tree the guest
     * would get, then ask the main loop to quit before any CPU runs
     * (machine_request_shutdown(SHUTDOWN_QUIT): exit status 0).
     */
    if (m->dumpdtb_path) {
        GError *gerr = NULL;

        if (!g_file_set_contents(m->dumpdtb_path, m->fdt, fdt_totalsize(m->fdt), &gerr)) {
            error_setg(errp, "dumpdtb: %s", gerr->message);
            g_error_free(gerr);
            goto fail;
        }
        machine_request_shutdown(SHUTDOWN_QUIT);
    }
    return m;

fail:
    /* vCPUs are registered with core for the life of the process; nothing runs after this. */
    return NULL;
}

static bool spapr_machine_info(Machine *m, const char *topic, GString *out)
{
    if (g_str_equal(topic, "rtas")) {
        for (unsigned i = 0; i < spapr_rtas_count(); i++) {
            g_string_append_printf(out, "0x%04x %s\n", RTAS_TOKEN_BASE + i, spapr_rtas_name(i));
        }
        return true;
    }
    return false;
}

const MachineClass spapr_machine_class = {
    .name = "pseries",
    .desc = "IBM pSeries (sPAPR) logical partition",
    .default_cpu = "POWER8",
    .default_ram = 512ull << 20,
    .max_smp = 256,
    .init = spapr_machine_init,
    .reset = spapr_machine_reset,
    .info = spapr_machine_info,
};
