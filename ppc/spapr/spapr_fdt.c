/*
 * The boot device tree of the pseries machine, built with libfdt's
 * sequential-write API. It is the tree Linux expects after firmware,
 * prom_init and CAS (client-architecture-support) have run, because our
 * firmware enters the kernel directly with it: see
 * shared/reference/linux-pseries-boot.md (b) and
 * qemu-pseries-p8-kernel-fdt.dts. Devices write their own nodes
 * (DeviceClass.fdt_node; the VIO bus walks its devices in
 * spapr_vio_fdt_nodes); this file holds only the platform skeleton.
 */
#include "ppc/spapr/spapr_fdt.h"

#include <glib.h>
#include <libfdt.h>
#include <string.h>

#include "hotplug/drc.h"
#include "pci/spapr-phb.h"
#include "ppc/spapr/dt_util.h"
#include "ppc/spapr/spapr_cpu.h"
#include "ppc/spapr/spapr_events.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_machine.h"
#include "ppc/spapr/spapr_rtas.h"
#include "ppc/spapr/spapr_vio.h"
#include "ppc/spapr/spapr_xics.h"

/*
 * LoPAPR B.6.2.2 ibm,pa-features: length 0x18, type 0, then 24 attribute
 * bytes (QEMU's POWER8 values): MMU, FPU, SLB, RUN, DABR, NX; CI large
 * pages; true LE; no TM (byte 22 is 0, so the kernel leaves HTM off).
 */
static const uint8_t pa_features_p8[] = {
    0x18, 0x00, 0xf6, 0x3f, 0xc7, 0xc0, 0x80, 0xf0, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x80, 0x00, 0x80, 0x00, 0x80, 0x00, 0x00, 0x00,
};

/*
 * {base shift, SLB L||LP, count, {page shift, HPTE penc}...}: 4K, 64K and 16M
 * pages in 4K, 64K and 16M segments (linux-pseries-mmu-cpu.md (e)).
 */
static const uint32_t segment_page_sizes[] = {
    12, 0x000, 3, 12, 0x00, 16, 0x07, 24, 0x38,
    16, 0x110, 2, 16, 0x01, 24, 0x08,
    24, 0x100, 1, 24, 0x00,
};

/*
 * The post-CAS ibm,architecture-vec-5 QEMU leaves in /chosen (byte 0 =
 * length - 1): DRCONF memory, FORM1+FORM2 affinity, hotplug events, DRMEM
 * v2. HPT resizing (byte 6, 0x01) is left out, as QEMU leaves it out with
 * resize-hpt=disabled: H_RESIZE_HPT_PREPARE/COMMIT do not exist here.
 * Bytes 23 (XIVE) and 24 (radix) are absent: XICS and hash.
 */
static const uint8_t arch_vec5[] = {
    0x15, 0x00, 0x20, 0x00, 0x00, 0xa0, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80,
};

/*
 * ibm,segment-page-sizes without the page sizes above cap-hpt-max-page-size
 * (a segment size whose base page is too large goes with them), as QEMU
 * filters it. Returns the number of cells written to out.
 */
static size_t segment_page_sizes_upto(unsigned max_shift, uint32_t *out)
{
    size_t n = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(segment_page_sizes);
         i += 3 + 2 * segment_page_sizes[i + 2]) {
        const uint32_t *seg = &segment_page_sizes[i];     /* base shift, SLB enc, count, pairs */
        size_t head = n;

        if (seg[0] > max_shift) {
            continue;
        }
        out[n++] = seg[0];
        out[n++] = seg[1];
        out[n++] = 0;
        for (uint32_t j = 0; j < seg[2]; j++) {
            if (seg[3 + 2 * j] <= max_shift) {
                out[n++] = seg[3 + 2 * j];
                out[n++] = seg[4 + 2 * j];
                out[head + 2]++;
            }
        }
    }
    return n;
}

/*
 * One node per core (LoPAPR C.6.6), named and reg'd after its first
 * thread's server number; index is that thread's vCPU index.
 */
static int fdt_add_cpu(void *fdt, SpaprMachine *m, int index)
{
    uint32_t page_sizes[G_N_ELEMENTS(segment_page_sizes)];
    size_t page_sizes_len = segment_page_sizes_upto(m->props.hpt_max_page_shift, page_sizes);
    char name[32];
    uint32_t server = spapr_vcpu_id(m, index);
    uint32_t servers[PPC_MAX_THREADS], gservers[2 * PPC_MAX_THREADS];

    g_snprintf(name, sizeof(name), "PowerPC,POWER8@%x", server);
    DT_TRY(fdt_begin_node(fdt, name));
    DT_TRY(fdt_property_string(fdt, "device_type", "cpu"));
    DT_TRY(fdt_property_u32(fdt, "reg", server));
    /*
     * A logical "architected 2.07" PVR, as CAS leaves it (the kernel then says
     * POWER8 (architected)); max-cpu-compat=power7 gives 2.06's, and so on.
     */
    DT_TRY(fdt_property_u32(fdt, "cpu-version", m->props.cpu_version));
    DT_TRY(fdt_property_u32(fdt, "d-cache-block-size", 128));
    DT_TRY(fdt_property_u32(fdt, "d-cache-line-size", 128));
    DT_TRY(fdt_property_u32(fdt, "i-cache-block-size", 128));
    DT_TRY(fdt_property_u32(fdt, "i-cache-line-size", 128));
    DT_TRY(fdt_property_u32(fdt, "d-cache-size", 0x8000));
    DT_TRY(fdt_property_u32(fdt, "i-cache-size", 0x8000));
    DT_TRY(fdt_property_u32(fdt, "timebase-frequency", SPAPR_TIMEBASE_FREQ));
    DT_TRY(fdt_property_u32(fdt, "clock-frequency", SPAPR_CLOCK_FREQ));
    DT_TRY(fdt_property_u32(fdt, "slb-size", PPC_SLB_SIZE));
    DT_TRY(fdt_property_u32(fdt, "ibm,slb-size", PPC_SLB_SIZE));
    DT_TRY(fdt_property_string(fdt, "status", "okay"));
    DT_TRY(fdt_property(fdt, "64-bit", NULL, 0));
    DT_TRY(fdt_property_u32(fdt, "ibm,purr", 1));
    DT_TRY(fdt_property_u32(fdt, "ibm,spurr", 1));
    DT_TRY(DT_CELLS(fdt, "ibm,processor-segment-sizes", 28, 40, 0xffffffff, 0xffffffff));
    /* 2 = VMX and VSX, 1 = VMX only (cap-vsx=off): the kernel then never enables VSX. */
    DT_TRY(fdt_property_u32(fdt, "ibm,vmx", m->props.cap_vsx ? 2 : 1));
    DT_TRY(fdt_property_u32(fdt, "ibm,dfp", 0));      /* no decimal floating point here */
    DT_TRY(dt_prop_cells(fdt, "ibm,segment-page-sizes", page_sizes, page_sizes_len));
    DT_TRY(fdt_property(fdt, "ibm,pa-features", pa_features_p8, sizeof(pa_features_p8)));
    DT_TRY(DT_CELLS(fdt, "ibm,pft-size", 0, m->htab_shift));
    DT_TRY(fdt_property_u32(fdt, "ibm,chip-id", (uint32_t)spapr_cpu_chip_id(m, index)));
    /*
     * Every thread's server number (the kernel counts the threads per core
     * from its length, and finds the boot CPU, boot_cpuid_phys, in it); the
     * global server of each is 0, as QEMU gives them.
     */
    for (int t = 0; t < m->threads; t++) {
        servers[t] = server + (uint32_t)t;
        gservers[2 * t] = server + (uint32_t)t;
        gservers[2 * t + 1] = 0;
    }
    DT_TRY(dt_prop_cells(fdt, "ibm,ppc-interrupt-server#s", servers, (unsigned)m->threads));
    DT_TRY(dt_prop_cells(fdt, "ibm,ppc-interrupt-gserver#s", gservers,
                         2u * (unsigned)m->threads));
    return fdt_end_node(fdt);
}

static int fdt_add_cpus(void *fdt, SpaprMachine *m)
{
    DT_TRY(fdt_begin_node(fdt, "cpus"));
    DT_TRY(fdt_property_u32(fdt, "#address-cells", 1));
    DT_TRY(fdt_property_u32(fdt, "#size-cells", 0));
    for (int i = 0; i < m->smp; i += m->threads) {
        DT_TRY(fdt_add_cpu(fdt, m, i));
    }
    return fdt_end_node(fdt);
}

static int fdt_add_memory(void *fdt, SpaprMachine *m)
{
    DT_TRY(fdt_begin_node(fdt, "memory@0"));
    DT_TRY(fdt_property_string(fdt, "device_type", "memory"));
    DT_TRY(dt_prop_u64_pair(fdt, "reg", 0, m->ram_size));
    DT_TRY(DT_CELLS(fdt, "ibm,associativity", 1, 0));
    return fdt_end_node(fdt);
}

static int fdt_add_chosen(void *fdt, SpaprMachine *m)
{
    SpaprVioDevice *console = spapr_vty_console(m);

    DT_TRY(fdt_begin_node(fdt, "chosen"));
    if (m->bootargs) {
        DT_TRY(fdt_property_string(fdt, "bootargs", m->bootargs));
    }
    /*
     * The loaded -kernel as QEMU names it for its firmware (start, size),
     * which a -bios image such as SLOF boots; ours uses it when r4 is 0.
     */
    if (m->kernel_end > m->kernel_addr) {
        DT_TRY(dt_prop_u64_pair(fdt, "qemu,boot-kernel", m->kernel_addr,
                                m->kernel_end - m->kernel_addr));
        if (m->kernel_le) {
            DT_TRY(fdt_property(fdt, "qemu,boot-kernel-le", NULL, 0));
        }
    }
    if (m->initrd_size) {
        DT_TRY(fdt_property_u64(fdt, "linux,initrd-start", m->initrd_start));
        DT_TRY(fdt_property_u64(fdt, "linux,initrd-end", m->initrd_start + m->initrd_size));
    }
    if (console) {
        char name[SPAPR_VIO_NAME_MAX], path[SPAPR_VIO_NAME_MAX + 16];

        spapr_vio_node_name(console, name);
        g_snprintf(path, sizeof(path), "/vdevice/%s", name);
        DT_TRY(fdt_property_string(fdt, "stdout-path", path));
        DT_TRY(fdt_property_string(fdt, "linux,stdout-path", path));
    }
    /* -boot as QEMU's pseries shows it to its firmware: once= for the first boot only. */
    if (m->boot_once && !m->fdt) {
        DT_TRY(fdt_property_string(fdt, "qemu,boot-device", m->boot_once));
    }
    if (m->boot_menu) {
        DT_TRY(fdt_property_u32(fdt, "qemu,boot-menu", 1));
    }
    DT_TRY(fdt_property(fdt, "ibm,architecture-vec-5", arch_vec5, sizeof(arch_vec5)));
    /* The kernel assigns BARs itself. */
    DT_TRY(fdt_property_u32(fdt, "linux,pci-probe-only", 0));
    return fdt_end_node(fdt);
}

static int fdt_add_hypertas(void *fdt)
{
    const char *const *groups = spapr_hcall_groups();
    GString *list = g_string_new(NULL);
    int ret;

    /* A list of NUL-terminated strings; its mere presence marks an LPAR. */
    for (int i = 0; groups[i]; i++) {
        g_string_append(list, groups[i]);
        g_string_append_c(list, 0);
    }
    ret = fdt_property(fdt, "ibm,hypertas-functions", list->str, (int)list->len);
    g_string_free(list, TRUE);
    return ret;
}

static int fdt_add_rtas(void *fdt, SpaprMachine *m)
{
    static const uint8_t numa_distance_table[] = { 0, 0, 0, 1, 10 };

    DT_TRY(fdt_begin_node(fdt, "rtas"));
    DT_TRY(fdt_add_hypertas(fdt));
    for (unsigned i = 0; i < spapr_rtas_count(); i++) {
        DT_TRY(fdt_property_u32(fdt, spapr_rtas_name(i), RTAS_TOKEN_BASE + i));
    }
    DT_TRY(fdt_property_u32(fdt, "rtas-size", spapr_rtas_size(m)));
    DT_TRY(fdt_property_u32(fdt, "linux,rtas-base", (uint32_t)m->rtas_addr));
    DT_TRY(fdt_property_u32(fdt, "linux,rtas-entry", (uint32_t)m->rtas_addr));
    DT_TRY(fdt_property_u32(fdt, "rtas-error-log-max", RTAS_ERROR_LOG_MAX));
    /* rtasd scans every 30 s / rate. */
    DT_TRY(fdt_property_u32(fdt, "rtas-event-scan-rate", 1));
    /* Our ibm,os-term returns; without this the kernel never calls it. */
    DT_TRY(fdt_property(fdt, "ibm,extended-os-term", NULL, 0));
    /* ibm,change-msi takes functions 3-5 (MSI, MSI-X, 32-bit MSI) and 4 outputs (LoPAR). */
    if (spapr_rtas_token("ibm,change-msi")) {
        DT_TRY(fdt_property(fdt, "ibm,change-msix-capable", NULL, 0));
    }
    /* One NUMA node: FORM1/FORM2 affinity (vec-5 byte 5) needs these tables. */
    DT_TRY(DT_CELLS(fdt, "ibm,associativity-reference-points", 1));
    DT_TRY(DT_CELLS(fdt, "ibm,max-associativity-domains", 1, 1));
    DT_TRY(DT_CELLS(fdt, "ibm,numa-lookup-index-table", 1, 0));
    DT_TRY(fdt_property(fdt, "ibm,numa-distance-table", numa_distance_table,
                      sizeof(numa_distance_table)));
    return fdt_end_node(fdt);
}

static int fdt_add_vdevice(void *fdt, SpaprMachine *m)
{
    DT_TRY(fdt_begin_node(fdt, "vdevice"));
    DT_TRY(fdt_property_string(fdt, "device_type", "vdevice"));
    DT_TRY(fdt_property_string(fdt, "compatible", "IBM,vdevice"));
    DT_TRY(fdt_property_u32(fdt, "#address-cells", 1));
    DT_TRY(fdt_property_u32(fdt, "#size-cells", 0));
    DT_TRY(fdt_property_u32(fdt, "#interrupt-cells", 2));
    DT_TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
    DT_TRY(spapr_vio_fdt_nodes(m, fdt));
    return fdt_end_node(fdt);
}

static int fdt_add_xics(void *fdt, SpaprMachine *m)
{
    DT_TRY(fdt_begin_node(fdt, "interrupt-controller"));
    DT_TRY(fdt_property_string(fdt, "device_type", "PowerPC-External-Interrupt-Presentation"));
    DT_TRY(fdt_property_string(fdt, "compatible", "IBM,ppc-xicp"));
    DT_TRY(fdt_property(fdt, "interrupt-controller", NULL, 0));
    DT_TRY(fdt_property_u32(fdt, "#interrupt-cells", 2));
    /* No unit address in interrupt-map parent specifiers (what Linux assumes when absent). */
    DT_TRY(fdt_property_u32(fdt, "#address-cells", 0));
    DT_TRY(DT_CELLS(fdt, "ibm,interrupt-server-ranges", 0, spapr_max_server_number(m)));
    DT_TRY(fdt_property_u32(fdt, "linux,phandle", SPAPR_INTC_PHANDLE));
    DT_TRY(fdt_property_u32(fdt, "phandle", SPAPR_INTC_PHANDLE));
    return fdt_end_node(fdt);
}

/* The whole tree after fdt_create: the reserve map, then the root node. */
static int fdt_fill(void *fdt, void *opaque)
{
    SpaprMachine *m = opaque;

    /* The kernel does not reserve RTAS itself; the FDT and initrd are listed too, as SLOF does. */
    DT_TRY(fdt_add_reservemap_entry(fdt, m->rtas_addr, SPAPR_RTAS_REGION_SIZE));
    DT_TRY(fdt_add_reservemap_entry(fdt, m->fdt_addr, SPAPR_FDT_MAX_SIZE));
    if (m->initrd_size) {
        DT_TRY(fdt_add_reservemap_entry(fdt, m->initrd_start, m->initrd_size));
    }
    DT_TRY(fdt_finish_reservemap(fdt));

    DT_TRY(fdt_begin_node(fdt, ""));
    DT_TRY(fdt_property_string(fdt, "model", "IBM pSeries (emulated by ppc64-lite)"));
    DT_TRY(fdt_property_string(fdt, "compatible", m->props.dt_compatible));   /* dt-compatible */
    DT_TRY(fdt_property_string(fdt, "device_type", "chrp"));
    /* -M pseries,host-model=, host-serial= (QEMU writes them only when set) */
    if (m->props.host_model) {
        DT_TRY(fdt_property_string(fdt, "host-model", m->props.host_model));
    }
    if (m->props.host_serial) {
        DT_TRY(fdt_property_string(fdt, "host-serial", m->props.host_serial));
    }
    DT_TRY(fdt_property_u32(fdt, "#address-cells", 2));
    DT_TRY(fdt_property_u32(fdt, "#size-cells", 2));
    /* -uuid and -name where QEMU's pseries puts them; vm,uuid is all zeros without -uuid. */
    DT_TRY(fdt_property_string(fdt, "vm,uuid",
                               m->uuid ? m->uuid : "00000000-0000-0000-0000-000000000000"));
    if (m->uuid) {
        DT_TRY(fdt_property_string(fdt, "system-id", m->uuid));
    }
    if (m->vm_name) {
        DT_TRY(fdt_property_string(fdt, "ibm,partition-name", m->vm_name));
    }
    /* The PHB connectors (LoPAPR 13.7): PHBs can be added and removed. */
    DT_TRY(spapr_drc_phb_fdt_root_props(m, fdt));
    DT_TRY(fdt_add_chosen(fdt, m));
    DT_TRY(fdt_add_memory(fdt, m));
    DT_TRY(fdt_add_cpus(fdt, m));
    DT_TRY(fdt_add_rtas(fdt, m));
    DT_TRY(fdt_add_xics(fdt, m));
    DT_TRY(spapr_events_fdt_node(m, fdt));
    DT_TRY(fdt_add_vdevice(fdt, m));
    DT_TRY(spapr_phb_fdt_nodes(m, fdt));
    DT_TRY(spapr_rng_fdt_node(fdt));
    return fdt_end_node(fdt);
}

void *spapr_build_fdt(SpaprMachine *m, Error **errp)
{
    int err = 0;
    /* Long command lines or many devices: it grows until it fits the guest's slot. */
    void *fdt = dt_build_blob(fdt_fill, m, SPAPR_FDT_MAX_SIZE, &err);

    if (!fdt) {
        if (err == -FDT_ERR_NOSPACE) {
            error_setg(errp, "device tree: larger than the %u KiB reserved for it "
                       "(is the -append command line too long?)", SPAPR_FDT_MAX_SIZE / 1024);
        } else {
            error_setg(errp, "device tree: %s", fdt_strerror(err));
        }
        return NULL;
    }
    /* The kernel finds its boot CPU by this server number. */
    fdt_set_boot_cpuid_phys(fdt, 0);
    return fdt;
}
