/*
 * The sPAPR PCI host bridge (PHB): a logical PHB as PAPR partitions see it
 * (LoPAR 3.2 "I/O Topology", the PHB node of B.6.5; QEMU 7.2's layout, see
 * shared/reference/pci-hotplug-papr.md 1, 7, 8). Each PHB owns one PCI bus
 * and, for index N (0..30):
 *   - BUID 0x800000020000000 + N, the unit ID the config and MSI RTAS calls name;
 *   - three CPU windows onto its bus (spapr_phb_windows: I/O 64 KiB, MMIO32
 *     2 GiB at PCI 0x80000000, MMIO64 1 TiB identity-mapped);
 *   - a 1 GiB DMA window at bus address 0 translated by a TCE table with
 *     LIOBN 0x80000000 | N << 8;
 *   - four level-triggered INTx sources, XICS 0x1200 + 4N + line, with the
 *     swizzle line = (slot + pin) mod 4;
 *   - MSIs: XICS sources handed out by ibm,change-msi, signalled by a write
 *     of the source number to bus address 0x40000000000;
 *   - dynamic reconfiguration: 32 slot DRCs made at realize, its logical
 *     PHB DRC (hotplug/drc.h); its bus's plug / unplug_request / unplugged
 *     hooks and its own device_add / device_del are hotplug/hotplug.h's.
 *
 * PHB 0 exists on every pseries machine (QEMU creates it even with
 * -nodefaults); more come with `-device spapr-pci-host-bridge,index=N`.
 * The bus is named "<id>.0" when the PHB has an id, else "pci.K" where K
 * counts the id-less PHB buses created so far: QEMU's rule, so PHB 0's bus
 * is pci.0 and a second PHB's is pci.1.
 *
 * Files: spapr-phb.c (the device, windows, INTx, DMA, boot-time BARs),
 * spapr-phb-rtas.c (config space and EEH RTAS), spapr-phb-msi.c
 * (ibm,change-msi, MSI delivery), spapr-phb-fdt.c (device-tree nodes).
 */
#ifndef PCI_SPAPR_PHB_H
#define PCI_SPAPR_PHB_H

#include <glib.h>

#include "pci/pci-bus.h"
#include "ppc/spapr/spapr_fdt.h"
#include "ppc/spapr/spapr_machine.h"
#include "ppc/spapr/spapr_rtas.h"
#include "ppc/spapr/spapr_xics.h"
#include "ppc/spapr/spapr_tce.h"

#define SPAPR_PHB_TYPE          "spapr-pci-host-bridge"
#define SPAPR_PHB_NUM_LSI       SPAPR_PCI_NUM_PINS  /* INTA..INTD after the swizzle */
#define SPAPR_PHB_DMA_WIN_SIZE  (1ull << 30)        /* the default 32-bit DMA window */
#define SPAPR_PHB_MEM32_BUS_BASE 0x80000000ull      /* PCI address of the MMIO32 window */
/*
 * How firmware (SLOF under QEMU 7.2) places BARs, at boot and, for a
 * hot-added function, hotplug/bar-alloc.c: I/O from 0x10 up ("BARs must
 * not be set to zero"), memory aligned to at least 64 KiB (SLOF's
 * pci-mem-bar-min-align: each BAR in its own 64 KiB guest page), and the
 * command register it leaves (SERR# and parity response; memory, I/O and
 * bus mastering stay off until the driver enables them).
 */
#define SPAPR_PHB_IO_START      0x10ull
#define SPAPR_PHB_MEM_MIN_ALIGN 0x10000ull
#define SPAPR_PHB_FW_COMMAND    (PCI_COMMAND_SERR | PCI_COMMAND_PARITY)

/* An MSI/MSI-X block ibm,change-msi gave a function: XICS sources first..first+num-1. */
typedef struct SpaprPhbMsi {
    uint32_t first_irq;
    uint32_t num;       /* 0: none */
    uint32_t alloc;     /* sources reserved (num rounded up to a power of two for MSI) */
    int type;           /* 1 MSI, 2 MSI-X (ibm,change-msi's numbering) */
} SpaprPhbMsi;

typedef struct SpaprPhb {
    Device dev;                     /* first */
    uint32_t index;                 /* property; UINT32_MAX until set */

    SpaprMachine *machine;
    uint64_t buid;
    SpaprPhbWindows win;
    char *dt_name;                  /* "pci@800000020000000" */
    PciBus bus;
    bool bus_ready;
    MemoryRegion pci_mem, pci_io;   /* the bus's spaces, by PCI address */
    MemoryRegion mem32_win, mem64_win, io_win;  /* CPU windows: aliases onto them */
    MemoryRegion mem32_abort, mem64_abort, io_abort; /* under each window: master abort */
    SpaprTceTable *tce;
    uint32_t lsi[SPAPR_PHB_NUM_LSI];
    SpaprPhbMsi msi[PCI_DEVFN_MAX];
} SpaprPhb;

/* The device type and the PHB's RTAS services. */
void spapr_phb_register(void);

/* Create PHB index (the machine's default PHB 0). */
SpaprPhb *spapr_phb_create(SpaprMachine *m, uint32_t index, Error **errp);
/* The PHB with this BUID, or NULL. */
SpaprPhb *spapr_phb_find(SpaprMachine *m, uint64_t buid);

/*
 * After a machine reset, as firmware (SLOF) leaves PCI for the OS: every
 * function present gets its BARs assigned from its PHB's windows and the
 * command register SLOF writes (SERR# and parity response; memory, I/O and
 * bus mastering stay off until the driver enables them).
 */
void spapr_phb_boot_setup(SpaprMachine *m);
/* Forget the MSIs handed out (machine reset; the sources are reset with XICS). */
void spapr_phb_msi_reset(SpaprPhb *phb);

/* ---- spapr-phb-fdt.c ---- */
/* Every PHB's node (with its functions' nodes) under the open root node. */
int spapr_phb_fdt_nodes(SpaprMachine *m, void *fdt);
/* The PHB's DeviceClass.fdt_node: its node, and its functions' nodes inside. */
int spapr_phb_fdt_node(Device *phb, void *fdt);
/*
 * PciHostOps.fdt_node: one function's node (what Linux probes from), the
 * same in the boot tree and in a configure-connector fragment
 * (dt_device_fragment of the function).
 */
int spapr_phb_fdt_function_node(PciBus *bus, PciDevice *dev, void *fdt);

/* ---- spapr-phb-msi.c ---- */
/* How many XICS sources the MSI pool has ("ibm,pe-total-#msi"). */
uint32_t spapr_phb_msi_total(void);
/* PciHostOps.msi_send */
void spapr_phb_msi_send(PciBus *bus, PciDevice *dev, uint64_t addr, uint32_t data);
void spapr_phb_msi_register(void);
/* Release whatever a function got from ibm,change-msi (it leaves the bus). */
void spapr_phb_msi_release(SpaprPhb *phb, int devfn);

/* ---- spapr-phb-rtas.c ---- */
void spapr_phb_rtas_register(void);

/* `info pci`: every PHB's bus in QEMU's format. */
void spapr_phb_print_info(SpaprMachine *m, GString *out);

#endif
