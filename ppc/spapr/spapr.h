/*
 * The pseries (sPAPR) machine: its state, its fixed memory map, and the
 * interfaces between its parts (device tree, hypercalls, RTAS, VIO).
 * Platform facts follow LoPAPR (the Linux on Power Architecture Platform
 * Reference) and the post-CAS device tree Linux expects (see
 * shared/reference/linux-pseries-boot.md).
 */
#ifndef PPC_SPAPR_SPAPR_H
#define PPC_SPAPR_SPAPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/device.h"
#include "core/machine.h"
#include "core/memory.h"
#include "ppc/cpu.h"
#include "ppc/spapr/papr.h"
#include "ppc/spapr/xics.h"

typedef struct Machine SpaprMachine;

/* ---- Boot layout ---- */
#define SPAPR_ENTRY_POINT       0x100           /* firmware entry, real mode, big-endian */
#define SPAPR_BIOS_MAX_SIZE     0x400000        /* everything below the kernel */
#define SPAPR_KERNEL_LOAD_ADDR  0x400000        /* QEMU's KERNEL_LOAD_ADDR */
#define SPAPR_KERNEL_ELF_MASK   0x0fffffffffffffffull
#define SPAPR_INITRD_ALIGN      0x10000
#define SPAPR_FDT_MAX_SIZE      0x100000        /* room kept for the blob, just below RTAS */
#define SPAPR_RTAS_REGION_SIZE  0x10000         /* reserved for the RTAS blob and its logs */
#define SPAPR_RTAS_MAX_ADDR     0x30000000      /* RTAS is instantiated below 768 MiB */
/* QEMU 7.2: the RMA is all of the first NUMA node, capped by the 1 TiB VRMA segment. */
#define SPAPR_RMA_MAX           (1ull << 40)
#define SPAPR_MAX_SMP           256
#define SPAPR_MIN_RAM           (32ull << 20)
#define SPAPR_TIMEBASE_FREQ     512000000u
#define SPAPR_CLOCK_FREQ        1000000000u
#define SPAPR_INTC_PHANDLE      0x1111          /* the XICS node, for interrupt-map users */

/* ---- The fixed memory map (guest physical) ---- */
typedef enum {
    SPAPR_MEM_RAM,          /* 0 .. ram_size */
    SPAPR_MEM_PCI_MSI,      /* MSI doorbell window of every PHB */
    SPAPR_MEM_PHB_IO,       /* PHB n: base + n * 64 KiB */
    SPAPR_MEM_PHB_MMIO32,   /* PHB n: base + n * 2 GiB */
    SPAPR_MEM_PHB_MMIO64,   /* PHB n: base + n * 1 TiB */
    SPAPR_MEM_COUNT,
} SpaprMemKind;

typedef struct SpaprMemMapEntry {
    const char *name;
    uint64_t base;
    uint64_t size;          /* per instance; 0 for RAM (the configured size) */
} SpaprMemMapEntry;

extern const SpaprMemMapEntry spapr_memmap[SPAPR_MEM_COUNT];
#define SPAPR_MAX_PHBS 31

typedef struct SpaprPhbWindows {
    uint64_t io, io_size;
    uint64_t mmio32, mmio32_size;   /* CPU address; the PCI address is 0x80000000 */
    uint64_t mmio64, mmio64_size;   /* CPU address = PCI address */
} SpaprPhbWindows;

/* The windows of PHB `index` (0..SPAPR_MAX_PHBS-1); false if out of range. */
bool spapr_phb_windows(int index, SpaprPhbWindows *out);

/* ---- VIO: the virtual I/O bus under /vdevice (LoPAPR 16) ---- */
#define SPAPR_VIO_BUS_TYPE      "spapr-vio"
#define SPAPR_VIO_IRQ_BASE      0x1100u

typedef struct SpaprVioDevice {
    Device dev;             /* first */
    uint32_t reg;           /* unit address; 0 = assign the next free one */
    uint32_t irq;           /* XICS source number (0x1100 + n) */
    SpaprMachine *machine;
} SpaprVioDevice;

typedef struct SpaprVioDeviceClass {
    DeviceClass parent;     /* first: dev->cls points here */
    const char *dt_name;    /* node name before the @ */
    const char *dt_type;    /* device_type */
    const char *dt_compatible;
    /* Extra properties inside the device's node (may be NULL). Returns a libfdt error. */
    int (*dt_props)(SpaprVioDevice *vdev, void *fdt);
} SpaprVioDeviceClass;

static inline const SpaprVioDeviceClass *spapr_vio_class(const SpaprVioDevice *vdev)
{
    return (const SpaprVioDeviceClass *)vdev->dev.cls;
}

void spapr_vio_bus_init(SpaprMachine *m);
SpaprVioDevice *spapr_vio_find(SpaprMachine *m, uint32_t reg);
/* Emit one node per VIO device under the open /vdevice node. */
int spapr_vio_fdt_nodes(SpaprMachine *m, void *fdt);

/* ---- The vty console (spapr_vty.c) ---- */
void spapr_vty_register(void);
/* Create the default vty bound to chr (may be NULL: output is dropped). */
SpaprVioDevice *spapr_vty_create(SpaprMachine *m, Chardev *chr, Error **errp);
/* The console for RTAS display-character: the vty at the lowest reg. */
void spapr_console_write(SpaprMachine *m, const uint8_t *buf, size_t len);

/* ---- Hypercalls (spapr_hcall.c) ---- */
#define SPAPR_HCALL_MAX 0x480               /* last architected opcode we index */
#define SPAPR_HCALL_PRIV_BASE H_PRIVATE_BASE
#define SPAPR_HCALL_PRIV_COUNT 0x100
#define SPAPR_HCALL_ARG_REGS 9              /* r4..r12 */

/* args = r4..r12; outputs go back into args[0..]. Returns the status for r3. */
typedef int64_t (*SpaprHcallFn)(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode,
                                uint64_t *args);

/*
 * One hypercall as its subsystem registers it: the opcode, its name, the
 * handler, the ibm,hypertas-functions group that advertises it (NULL: none),
 * and its shape, how many argument registers it reads and result registers
 * it writes on success, both counted from r4 (LoPAPR 14 call descriptions).
 * The shape is what the hcall log shows.
 */
typedef struct SpaprHcallDef {
    uint64_t opcode;
    const char *name;
    SpaprHcallFn fn;
    const char *group;
    uint8_t nargs;
    uint8_t nrets;
} SpaprHcallDef;

/* A table entry named after its opcode's macro: SPAPR_HCALL(H_CEDE, h_cede, "hcall-splpar", 0, 0). */
#define SPAPR_HCALL(op, fn, group, nargs, nrets) { (op), #op, (fn), (group), (nargs), (nrets) }

/* Register a subsystem's table (kept by reference: make it static const). */
void spapr_register_hcalls(const SpaprHcallDef *defs, size_t n);
#define SPAPR_REGISTER_HCALLS(table) spapr_register_hcalls((table), sizeof(table) / sizeof((table)[0]))
/* PPCHypervisor.hypercall: r3 = opcode, r4.. = args; r3 <- status. */
void spapr_hypercall(PowerPCCPU *cpu);
int64_t spapr_hcall_dispatch(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args);
/* The registration of opcode, or NULL. */
const SpaprHcallDef *spapr_hcall_lookup(uint64_t opcode);
/* The distinct hypertas groups of registered hcalls, in registration order, NULL-terminated. */
const char *const *spapr_hcall_groups(void);
/* `info hcall`: one line per hcall made so far (calls, error returns) and a total. */
void spapr_hcall_print_counters(GString *out);
/* How many times opcode was called (0 for an unknown opcode). */
uint64_t spapr_hcall_count(uint64_t opcode);

/* Every subsystem registers its own hypercalls and RTAS services (in this order). */
void spapr_hpt_register(void);          /* spapr_hpt.c */
void spapr_xics_register(void);         /* spapr_xics.c */
void spapr_cpu_register(void);          /* spapr_cpu.c */
void spapr_cpu_rtas_register(void);     /* spapr_cpu_rtas.c */
void spapr_memops_register(void);       /* spapr_memops.c */
void spapr_rng_register(void);          /* spapr_rng.c */
void spapr_nvram_register(void);        /* spapr_nvram.c */
void spapr_rtas_register_platform(void); /* spapr_rtas.c */
void spapr_sensors_register(void);      /* spapr_sensors.c */

/* ---- RTAS (spapr_rtas.c) ---- */
#define RTAS_TOKEN_BASE         0x2000
#define RTAS_MAX_CALLS          0x100
#define RTAS_MAX_ARGS           16          /* args + rets in one rtas_args */
#define RTAS_ERROR_LOG_MAX      2048

/* One call as read from guest memory (be32 words, host order here). */
typedef struct SpaprRtasCall {
    uint32_t token;
    uint32_t nargs;
    uint32_t nret;
    uint32_t args[RTAS_MAX_ARGS];
    uint32_t rets[RTAS_MAX_ARGS];
} SpaprRtasCall;

/*
 * A service runs only with a shape it registered (nargs and nret checked by
 * the dispatcher), does its work, fills rets[1..] and returns the status,
 * which the dispatcher stores in rets[0].
 */
typedef int32_t (*SpaprRtasFn)(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *call);

/*
 * One RTAS service as its subsystem registers it: the /rtas property name,
 * the handler and the shapes it accepts. Most services have one fixed
 * shape; a few accept a range (check-exception takes 6 or 7 arguments). A
 * call outside the range gets -3 (LoPAPR 7: "parameter error") without
 * reaching the handler. Every service returns at least its status.
 */
typedef struct SpaprRtasDef {
    const char *name;
    SpaprRtasFn fn;
    uint8_t nargs_min, nargs_max;
    uint8_t nret_min, nret_max;
} SpaprRtasDef;

#define SPAPR_RTAS(name, fn, nargs, nret) { (name), (fn), (nargs), (nargs), (nret), (nret) }
#define SPAPR_RTAS_RANGE(name, fn, nargs_min, nargs_max, nret_min, nret_max) \
    { (name), (fn), (nargs_min), (nargs_max), (nret_min), (nret_max) }

/*
 * Register a subsystem's table (kept by reference: make it static const).
 * Tokens are RTAS_TOKEN_BASE + registration order.
 */
void spapr_register_rtas_calls(const SpaprRtasDef *defs, size_t n);
#define SPAPR_REGISTER_RTAS(table) \
    spapr_register_rtas_calls((table), sizeof(table) / sizeof((table)[0]))
/* The token of a service, or 0 if none. */
uint32_t spapr_rtas_token(const char *name);
/* Iterate: the registration behind token RTAS_TOKEN_BASE+i, or NULL past the end. */
const SpaprRtasDef *spapr_rtas_def(unsigned i);
const char *spapr_rtas_name(unsigned i);
unsigned spapr_rtas_count(void);
/* Run the call whose rtas_args lie at args_addr; H_SUCCESS or H_PARAMETER. */
int64_t spapr_rtas_call(SpaprMachine *m, PowerPCCPU *cpu, uint64_t args_addr);
void spapr_rtas_register_base(void);
/* The guest-visible RTAS blob size (QEMU's formula: blob, FWNMI log, per-CPU slots). */
uint32_t spapr_rtas_size(const SpaprMachine *m);

/*
 * set-indicator / get-sensor-state (LoPAPR 7.3.5, 7.3.6) dispatch on the
 * indicator or sensor type; a subsystem (hotplug/ for the DR types) adds its
 * own. Each returns an RTAS status; unknown types get -3.
 */
typedef int32_t (*SpaprIndicatorFn)(SpaprMachine *m, uint32_t index, uint32_t value);
typedef int32_t (*SpaprSensorFn)(SpaprMachine *m, uint32_t index, uint32_t *state);
void spapr_register_indicator(uint32_t type, SpaprIndicatorFn fn);
void spapr_register_sensor(uint32_t type, SpaprSensorFn fn);

/* ---- XICS in the machine (spapr_xics.c) ---- */
#define SPAPR_XICS_IRQS         4096        /* sources 0x1000..0x1fff, as QEMU */
/* An edge (MSI-style) source fires once: what a VIO device does when input arrives. */
void spapr_irq_pulse(SpaprMachine *m, uint32_t irq);

/* ---- NVRAM (spapr_nvram.c) ---- */
#define SPAPR_NVRAM_SIZE        65536
/* Create the nvram VIO device; path (may be NULL) backs its contents. */
SpaprVioDevice *spapr_nvram_create(SpaprMachine *m, const char *path, Error **errp);

/* ---- H_RANDOM (spapr_rng.c) ---- */
/* The /ibm,random-v1 node that tells Linux H_RANDOM exists (pseries rng.c). */
int spapr_rng_fdt_node(void *fdt);

/* ---- Per-vCPU hypervisor state (cpu->machine_data) ---- */
typedef struct SpaprCpuState {
    uint64_t vpa_addr;          /* 0 = none registered */
    uint64_t slb_shadow_addr, slb_shadow_size;
    uint64_t dtl_addr, dtl_size;
    bool prod_pending;          /* H_PROD arrived while the vCPU was not ceded */
    uint64_t dabr, dabrx;       /* H_SET_DABR / H_SET_XDABR: stored, not enforced */
} SpaprCpuState;

static inline SpaprCpuState *spapr_cpu_state(PowerPCCPU *cpu)
{
    return (SpaprCpuState *)cpu->machine_data;
}

/* The vCPU whose interrupt server number (PIR) is id, or NULL. */
PowerPCCPU *spapr_find_cpu(SpaprMachine *m, uint64_t id);
/* Give every vCPU its per-CPU state and XICS presentation controller. */
void spapr_attach_cpus(SpaprMachine *m);
/* Back to power-on state: VPAs, prod flags, NMI registration. */
void spapr_cpus_reset_state(SpaprMachine *m);

/* ---- The device tree (spapr_fdt.c) ---- */
/* A complete blob (g_malloc'd, packed) for the machine's current layout. */
void *spapr_build_fdt(SpaprMachine *m, Error **errp);

/* ---- The machine ---- */
struct Machine {
    /* configuration (owned copies) */
    uint64_t ram_size;
    int smp;
    int max_cpus;
    char *kernel_path;
    char *initrd_path;
    char *bootargs;
    char *bios_path;        /* resolved: -bios or the built-in image */
    char *dumpdtb_path;
    char *nvram_path;       /* -M pseries,nvram=FILE: contents kept in FILE */
    Chardev *serial;
    bool nodefaults;
    int64_t rtc_offset_s;   /* guest RTC - host UTC, seconds */

    /* memory */
    MemoryRegion sysmem;
    MemoryRegion ram;
    AddressSpace as;
    bool memory_ready;
    uint64_t rma_size;

    /* CPUs and the hypervisor side */
    PowerPCCPU **cpus;      /* smp entries; NULL before CPUs exist */
    PPCHypervisor vhyp;
    uint32_t htab_shift;    /* log2 of the hashed page table size */
    XicsState *xics;
    /* FWNMI (ibm,nmi-register): handler real addresses, 0 = not registered */
    uint64_t fwnmi_sreset_addr, fwnmi_mce_addr;

    /* images (file contents kept for reset) */
    uint8_t *bios_data, *kernel_data, *initrd_data;
    uint64_t bios_size, kernel_file_size, initrd_size;

    /* layout, decided when images are loaded */
    uint64_t kernel_addr, kernel_end, kernel_entry;     /* kernel_entry 0 = none */
    bool kernel_is_elf;
    uint64_t initrd_start;
    uint64_t rtas_addr;
    uint64_t fdt_addr;

    /* the last device tree written to guest memory */
    void *fdt;

    /* VIO */
    Bus vio_bus;
    uint32_t vio_next_reg;
};

/*
 * Phases, exposed so tests can build a machine without running it:
 * create = config + memory + default devices (no CPUs), load = images into
 * RAM and the boot layout, then spapr_build_fdt. init() does all of it, adds
 * the CPUs and sets the boot registers.
 */
SpaprMachine *spapr_machine_create(const MachineConfig *cfg, Error **errp);
bool spapr_load_images(SpaprMachine *m, Error **errp);
/* Build the tree for the current layout and write it at fdt_addr (kept in m->fdt). */
bool spapr_write_fdt(SpaprMachine *m, Error **errp);
void spapr_machine_free(SpaprMachine *m);
/* Register every device type, hcall and RTAS service (idempotent, explicit order). */
void spapr_register_services(void);

#endif
