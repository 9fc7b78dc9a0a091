/*
 * The pseries (sPAPR) machine: its state, its boot layout and fixed memory
 * map, the phases that build it, and the order its subsystems register in.
 * Platform facts follow LoPAPR (the Linux on Power Architecture Platform
 * Reference) and the post-CAS device tree Linux expects (see
 * shared/reference/linux-pseries-boot.md). Each subsystem has its own
 * header: spapr_hcall.h, spapr_rtas.h, spapr_vio.h, spapr_cpu.h,
 * spapr_xics.h, spapr_fdt.h, spapr_hpt.h, spapr_events.h; the PAPR numbers
 * are in papr.h and the device-tree helpers in dt_util.h.
 */
#ifndef PPC_SPAPR_SPAPR_MACHINE_H
#define PPC_SPAPR_SPAPR_MACHINE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/chardev.h"
#include "core/device.h"
#include "core/error.h"
#include "core/loader.h"
#include "core/machine.h"
#include "core/memory.h"
#include "ppc/cpu.h"
#include "ppc/spapr/spapr_events.h"
#include "ppc/spapr/spapr_props.h"
#include "ppc/spapr/xics.h"

/* Every spapr header may name the machine; C11 allows the typedef more than once. */
typedef struct Machine SpaprMachine;

/* ---- Boot layout (linux-pseries-boot.md (a)) ---- */
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

/* ---- The machine's state ---- */
struct Machine {
    /* configuration (owned copies) */
    uint64_t ram_size;
    int smp;
    int max_cpus;
    int threads;            /* per core: 1, 2, 4 or 8 (spapr_cpu_core.c) */
    int cores_per_socket;   /* -smp cores=: a socket is an ibm,chip-id */
    /* vCPU id spacing between cores; 0 = threads, QEMU's default (see spapr_vcpu_id) */
    int vsmt;
    char *kernel_path;
    char *initrd_path;
    char *bootargs;
    char *bios_path;        /* resolved: -bios or the built-in image */
    bool bios_given;        /* -bios / firmware=: entered as QEMU enters it (r4 = 0) */
    char *dumpdtb_path;
    char *nvram_path;       /* -M pseries,nvram=FILE: contents kept in FILE */
    Chardev *serial;
    bool nodefaults;
    GuestRtc rtc;           /* -rtc, and what the guest set (set-time-of-day) */
    SpaprProps props;       /* -M pseries,PROP=VALUE (spapr_props.c) */
    char *vm_name;          /* -name: ibm,partition-name */
    char *uuid;             /* -uuid: vm,uuid and system-id; NULL = vm,uuid of zeros */
    char *boot_once;        /* -boot once=: the first boot's /chosen/qemu,boot-device */
    bool boot_menu;         /* -boot menu=on: /chosen/qemu,boot-menu */

    /* memory */
    MemoryRegion sysmem;
    MemoryRegion ram;
    AddressSpace as;
    bool memory_ready;
    uint64_t rma_size;

    /* CPUs and the hypervisor side */
    PowerPCCPU **cpus;      /* smp entries; NULL before CPUs exist */
    PPCCore *cores;         /* smp / threads; thread t of core c is cpus[c * threads + t] */
    PPCHypervisor vhyp;
    uint32_t htab_shift;    /* log2 of the hashed page table size */
    XicsState *xics;
    SpaprEvents *events;    /* hotplug and EPOW events waiting for the guest (spapr_events.c) */
    /* FWNMI (ibm,nmi-register): handler real addresses, 0 = not registered */
    uint64_t fwnmi_sreset_addr, fwnmi_mce_addr;

    /* images (file contents kept for reset) */
    uint8_t *bios_data, *initrd_data;
    uint64_t bios_size, initrd_size;
    KeptFile kernel_file;  /* .data NULL: no kernel */

    /* layout, decided when images are loaded */
    uint64_t kernel_addr, kernel_end, kernel_entry;     /* kernel_entry 0 = none */
    bool kernel_is_elf;
    bool kernel_le;         /* a little-endian ELF (qemu,boot-kernel-le) */
    uint64_t initrd_start;
    uint64_t rtas_addr;
    uint64_t fdt_addr;

    /* the last device tree written to guest memory */
    void *fdt;

    /* VIO */
    Bus vio_bus;
    uint32_t vio_next_reg;

    /* DR connectors (hotplug/drc.h) */
    struct SpaprDrcSet *drcs;

    /* PCI host bridges by index (pci/spapr-phb.h); PHB 0 always exists */
    struct SpaprPhb *phbs[SPAPR_MAX_PHBS];
    unsigned phb_auto_bus_ids;  /* id-less PHB buses named so far: the next is pci.<this> */
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
/* spapr.c: a reset in two halves around loading the images and writing the tree -
 * the platform's state (HPT, XICS, events, DRCs, devices, PHB set-up), then the CPUs
 * at the entry point with only CPU 0 started. */
void spapr_reset_platform(SpaprMachine *m);
void spapr_reset_cpus(SpaprMachine *m);
void spapr_machine_free(SpaprMachine *m);
/*
 * The machine being built or run, or NULL: how a device created with
 * -device (a PHB) finds the machine it belongs to. One exists at a time.
 */
SpaprMachine *spapr_machine_current(void);
/* Register every device type, hcall and RTAS service (idempotent, explicit order). */
void spapr_register_services(void);

/*
 * Every subsystem registers its own device types, hypercalls and RTAS
 * services; spapr_register_services calls these in this order, which fixes
 * the RTAS tokens and the order of ibm,hypertas-functions.
 */
void spapr_rtas_register_base(void);    /* spapr_rtas.c */
void spapr_vty_register(void);          /* spapr_vty.c */
void spapr_hpt_register(void);          /* spapr_hpt.c */
void spapr_xics_register(void);         /* spapr_xics.c */
void spapr_cpu_register(void);          /* spapr_cpu.c */
void spapr_cpu_rtas_register(void);     /* spapr_cpu_rtas.c */
void spapr_memops_register(void);       /* spapr_memops.c */
void spapr_rng_register(void);          /* spapr_rng.c */
void spapr_rng_cleanup(void);           /* spapr_rng.c: the -device spapr-rng goes with the machine */
void spapr_nvram_register(void);        /* spapr_nvram.c */
void spapr_rtas_register_platform(void); /* spapr_rtas.c */
void spapr_sensors_register(void);      /* spapr_sensors.c */
void spapr_events_register(void);       /* spapr_events.c */

#endif
