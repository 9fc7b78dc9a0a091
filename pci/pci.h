/*
 * PCI devices: the state every PCI function has (config space with its
 * access masks, BARs, INTx, MSI/MSI-X state) and the calls device models and
 * host bridges make on it. Follows PCI Local Bus 3.0 chapter 6 and PCIe Base
 * 4.0 chapter 7 for the configuration space rules.
 *
 * A PCI device model embeds PciDevice as the first member of its instance
 * (PciDevice itself embeds Device first) and describes itself with a
 * PciDeviceClass whose DeviceClass part uses PCI_DEVICE_CLASS_HOOKS. The bus
 * side (PciBus, the host bridge's hooks, config access by bus/devfn, `info
 * pci`) is in pci-bus.h; MSI in msi.h, MSI-X in msix.h, the PCI Express
 * capability in pcie.h.
 *
 * Config registers are little-endian; values cross these calls as numbers.
 */
#ifndef PCI_PCI_H
#define PCI_PCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/device.h"
#include "core/memory.h"
#include "pci/pci-regs.h"

typedef struct PciBus PciBus;
typedef struct PciDevice PciDevice;

/* ---- Little-endian config-space fields ---- */

static inline uint8_t pci_get_byte(const uint8_t *p)
{
    return p[0];
}
static inline uint16_t pci_get_word(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t pci_get_long(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t pci_get_quad(const uint8_t *p)
{
    return pci_get_long(p) | (uint64_t)pci_get_long(p + 4) << 32;
}
static inline void pci_set_byte(uint8_t *p, uint8_t v)
{
    p[0] = v;
}
static inline void pci_set_word(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}
static inline void pci_set_long(uint8_t *p, uint32_t v)
{
    pci_set_word(p, (uint16_t)v);
    pci_set_word(p + 2, (uint16_t)(v >> 16));
}
static inline void pci_set_quad(uint8_t *p, uint64_t v)
{
    pci_set_long(p, (uint32_t)v);
    pci_set_long(p + 4, (uint32_t)(v >> 32));
}

/* ---- Results ---- */

/* A config-space access (guest or host bridge). The PHB maps these to RTAS statuses. */
typedef enum {
    PCI_CFG_OK = 0,
    PCI_CFG_BAD_SIZE,       /* size is not 1, 2 or 4 */
    PCI_CFG_MISALIGNED,     /* offset is not a multiple of size */
    PCI_CFG_OUT_OF_RANGE,   /* past the function's config space (256 B, 4 KiB for PCIe) */
    PCI_CFG_NO_DEVICE,      /* no function at that address: reads give all-ones */
} PciCfgResult;

/* A DMA by a device. Anything but PCI_DMA_OK means no memory was touched past the fault. */
typedef enum {
    PCI_DMA_OK = 0,
    PCI_DMA_ERR_NO_MASTER,  /* Bus Master Enable is off: the device may not start DMA */
    PCI_DMA_ERR_IOMMU,      /* the host's IOMMU refused: no translation, or no permission */
    PCI_DMA_ERR_DECODE,     /* translated, but nothing (no RAM) answers there */
    PCI_DMA_ERR_NO_HOST,    /* the bus has no DMA path */
} PciDmaResult;

/* ---- BARs ---- */

/* A BAR's address while it does not decode (memory/IO disabled or an invalid base). */
#define PCI_BAR_UNMAPPED UINT64_MAX

/* BAR kinds: the read-only low bits of the BAR register. */
enum {
    PCI_BAR_IO = PCI_BASE_ADDRESS_SPACE_IO,
    PCI_BAR_MEM32 = 0,
    PCI_BAR_MEM64 = PCI_BASE_ADDRESS_MEM_TYPE_64,
    PCI_BAR_PREFETCH = PCI_BASE_ADDRESS_MEM_PREFETCH,   /* OR into a memory kind */
};

typedef struct PciBar {
    uint64_t size;          /* 0: not implemented (reads 0, writes ignored) */
    uint8_t type;           /* PCI_BAR_IO, or PCI_BAR_MEM32/MEM64 | maybe PCI_BAR_PREFETCH */
    MemoryRegion *mr;       /* what the BAR decodes to; the device owns it */
    uint64_t addr;          /* where mr is mapped in the bus's space, or PCI_BAR_UNMAPPED */
} PciBar;

/* ---- MSI / MSI-X state (see msi.h, msix.h) ---- */

typedef struct PciMsi {
    uint8_t cap;            /* offset of the capability, 0 = none */
} PciMsi;

typedef struct PciMsix {
    uint8_t cap;            /* offset of the capability, 0 = none */
    unsigned nvectors;
    uint8_t *table;         /* nvectors * 16 bytes, little-endian as the guest sees it */
    uint8_t *pba;           /* pending bits, one per vector, in 64-bit words */
    MemoryRegion table_mr;  /* subregion of the table BAR's container */
    MemoryRegion pba_mr;
    MemoryRegion *table_bar_mr, *pba_bar_mr;
    MemoryRegion exclusive_bar; /* msix_init_exclusive_bar()'s container */
    bool exclusive;
} PciMsix;

/* ---- The device ---- */

struct PciDevice {
    Device dev;

    /* Properties (PCI_DEVICE_PROPS): requested address and the multifunction bit. */
    int32_t devfn;          /* -1 until the bus assigns one; then the function's devfn */
    bool multifunction;

    PciBus *bus;            /* set at realize */
    bool on_bus;            /* the bus has it in its devfn table */
    uint32_t config_size;   /* 256, or 4096 for PCI Express */
    uint8_t *config;        /* current contents */
    uint8_t *wmask;         /* bits software may write */
    uint8_t *w1cmask;       /* bits software clears by writing 1 */
    uint8_t *reset_config;  /* the power-on image, restored by reset */
    uint8_t *cap_used;      /* bytes of 0x40..0xff taken by capabilities */

    PciBar bars[PCI_NUM_BARS];

    bool intx_level;        /* the device's own INTx line (Interrupt Status mirrors it) */
    bool intx_to_bus;       /* what the bus currently counts from us */

    PciMsi msi;
    PciMsix msix;
    uint8_t exp_cap;        /* offset of the PCI Express capability, 0 = none */
};

typedef struct PciDeviceClass {
    DeviceClass parent;     /* its realize/unrealize/reset/print_info: PCI_DEVICE_CLASS_HOOKS */

    uint16_t vendor_id;
    uint16_t device_id;
    uint8_t revision;
    uint32_t class_code;    /* 24 bits: base class << 16 | subclass << 8 | prog-if */
    uint16_t subsystem_vendor_id;   /* both 0: 1af4:1100, QEMU's default */
    uint16_t subsystem_id;
    uint8_t interrupt_pin;  /* 0 none, 1..4 = INTA..INTD */
    bool is_express;        /* 4 KiB config space; add the capability with pcie_cap_init */

    /*
     * Set up the function: register BARs, add capabilities, set masks of
     * device-specific registers. The config header is already filled in.
     * Whatever realize leaves in config space is the power-on image.
     */
    bool (*realize)(PciDevice *dev, Error **errp);
    /* Undo realize (the core has already unmapped the BARs and dropped INTx). */
    void (*exit)(PciDevice *dev);
    /* Device-specific reset, after the core restored config space (RST#, FLR). */
    void (*reset)(PciDevice *dev);
    /* Optional: refresh dynamic registers before a config read. */
    void (*config_read)(PciDevice *dev, uint32_t offset, unsigned size);
    /* Optional: react to a config write, after the core applied it under the masks. */
    void (*config_write)(PciDevice *dev, uint32_t offset, unsigned size, uint32_t value);
} PciDeviceClass;

#define PCI_BUS_TYPE "PCI"

/* The DeviceClass hooks every PCI device class uses. */
bool pci_device_realize(Device *dev, Error **errp);
void pci_device_unrealize(Device *dev);
void pci_device_reset_hook(Device *dev);
void pci_device_print_qtree(Device *dev, GString *out, int indent);
/* DeviceClass.fdt_node: the node is the host bridge's to write (PciHostOps.fdt_node). */
int pci_device_fdt_node(Device *dev, void *fdt);

#define PCI_DEVICE_CLASS_HOOKS                      \
    .bus_type = PCI_BUS_TYPE,                       \
    .realize = pci_device_realize,                  \
    .unrealize = pci_device_unrealize,              \
    .reset = pci_device_reset_hook,                 \
    .print_info = pci_device_print_qtree,           \
    .fdt_node = pci_device_fdt_node

/* The properties every PCI device has: put first in the class's PropDef array. */
#define PCI_DEVICE_PROPS                                                              \
    { "addr", PROP_PCI_DEVFN, offsetof(PciDevice, devfn), "-1",                       \
      "slot and function on the bus (default: the first free slot)" },                \
    { "multifunction", PROP_BOOL, offsetof(PciDevice, multifunction), "off",          \
      "set the multifunction bit (function 0 of a slot with more functions)" }

static inline PciDevice *PCI_DEVICE(Device *dev)
{
    return (PciDevice *)dev;
}

static inline const PciDeviceClass *pci_device_class(const PciDevice *dev)
{
    return (const PciDeviceClass *)dev->dev.cls;
}

/* Register a PCI device class (checks that it uses the PCI hooks). */
void pci_device_class_register(const PciDeviceClass *cls);

/* Every PCI device model of ppc64-lite (the test device, later e1000, ...). */
void pci_register_types(void);

static inline bool pci_is_express(const PciDevice *dev)
{
    return dev->config_size == PCIE_CONFIG_SPACE_SIZE;
}

/* The function's number in the bus's devfn space (valid once plugged). */
static inline int pci_devfn(const PciDevice *dev)
{
    return dev->devfn;
}

/* ---- Config space: guest-visible access ---- */

/*
 * A read or write as the guest (through the host bridge) does it: size 1, 2
 * or 4, naturally aligned, inside the function's space. Writes obey the
 * per-bit masks: read-only bits keep their value, write-1-to-clear bits
 * clear where 1 is written, and the side effects follow (BAR mapping,
 * INTx disable, MSI/MSI-X enable and masking, FLR). On failure *val is
 * all-ones of size and nothing is written.
 */
PciCfgResult pci_config_read(PciDevice *dev, uint32_t offset, unsigned size, uint32_t *val);
PciCfgResult pci_config_write(PciDevice *dev, uint32_t offset, unsigned size, uint32_t val);

/* ---- Config space: set-up by device models (in realize) ---- */

/*
 * Set the bits of a register that software may write (wmask) or clear by
 * writing 1 (w1cmask), size 1/2/4 bytes. A bit cannot be both. Registers a
 * device does not open stay read-only, as do all bytes of 0x40-0xfff that no
 * capability or device register claims (they read 0).
 */
void pci_config_set_wmask(PciDevice *dev, uint32_t offset, unsigned size, uint32_t mask);
void pci_config_set_w1cmask(PciDevice *dev, uint32_t offset, unsigned size, uint32_t mask);

/*
 * Add a capability of the given ID and size (bytes, including the ID/next
 * header) at offset, or at the first free dword-aligned place in 0x40-0xff
 * when offset is 0. It is linked at the end of the list, so the chain follows
 * the order of the calls, and Status.Capabilities List is set. The body is
 * zeroed and read-only: the caller fills it and opens writable bits.
 * Returns the offset, or 0 with errp set (no room, overlap, bad offset).
 */
uint8_t pci_add_capability(PciDevice *dev, uint8_t cap_id, uint8_t offset, uint8_t size,
                           Error **errp);
/* Offset of the first capability with this ID, or 0. */
uint8_t pci_find_capability(const PciDevice *dev, uint8_t cap_id);

/*
 * Add an extended capability (PCI Express only) at offset (>= 0x100, dword
 * aligned, no overlap with another): its header gets the ID and version, and
 * it is linked at the end of the extended list. Returns false with errp set.
 */
bool pcie_add_ext_capability(PciDevice *dev, uint16_t cap_id, uint8_t version, uint16_t offset,
                             uint16_t size, Error **errp);
/* Offset of the first extended capability with this ID, or 0. */
uint16_t pcie_find_ext_capability(const PciDevice *dev, uint16_t cap_id);

/* ---- BARs ---- */

/*
 * Declare BAR n (a 64-bit kind takes n and n+1) decoding to mr, whose size
 * (a power of two: 4-256 bytes for I/O, >= 16 for memory, at most 2 GiB
 * unless 64-bit) is the BAR size. Sizing by writing all-ones reads back the size
 * mask with the type bits, as hardware does. The core maps mr into the
 * bus's I/O or memory space at the BAR's address while the command register
 * enables that space and the address is valid, and moves/unmaps it as the
 * guest rewrites either. Call from realize.
 */
void pci_register_bar(PciDevice *dev, int n, uint8_t type, MemoryRegion *mr);

/* Where BAR n decodes now, or PCI_BAR_UNMAPPED. */
uint64_t pci_bar_mapped_address(const PciDevice *dev, int n);
/* The base programmed into BAR n (both halves for 64-bit), decoding or not. */
uint64_t pci_bar_base(const PciDevice *dev, int n);
static inline uint64_t pci_bar_size(const PciDevice *dev, int n)
{
    return dev->bars[n].size;
}
static inline uint8_t pci_bar_type(const PciDevice *dev, int n)
{
    return dev->bars[n].type;
}
/*
 * Program BAR n's base (firmware-style assignment by the PHB or hotplug
 * code): the value goes through the BAR's write mask, and the mapping
 * follows the command register as for a guest write.
 */
void pci_bar_set_base(PciDevice *dev, int n, uint64_t base);

/* ---- INTx ---- */

/*
 * Drive the function's INTx line (the pin in its Interrupt Pin register):
 * level-triggered, so the device holds it until the cause is cleared.
 * Status.Interrupt follows the line; Command.Interrupt Disable keeps it from
 * the bus (and re-delivers it when cleared). No-op without an interrupt pin.
 */
void pci_set_irq(PciDevice *dev, bool level);
static inline bool pci_irq_level(const PciDevice *dev)
{
    return dev->intx_level;
}

/* ---- DMA ---- */

/*
 * Read or write guest memory at a bus address through the host bridge's
 * IOMMU. Needs Command.Bus Master. On an IOMMU or decode error the device
 * sees Received Master Abort in its status (an Unsupported Request, in PCIe
 * terms); the model must report the failure its own way and carry on.
 */
PciDmaResult pci_dma_rw(PciDevice *dev, uint64_t addr, void *buf, uint64_t len, bool is_write);
static inline PciDmaResult pci_dma_read(PciDevice *dev, uint64_t addr, void *buf, uint64_t len)
{
    return pci_dma_rw(dev, addr, buf, len, false);
}
static inline PciDmaResult pci_dma_write(PciDevice *dev, uint64_t addr, const void *buf,
                                         uint64_t len)
{
    return pci_dma_rw(dev, addr, (void *)buf, len, true);
}
const char *pci_dma_result_name(PciDmaResult r);

/* ---- Reset ---- */

/*
 * Conventional reset (RST#) or function-level reset: drop INTx, restore the
 * power-on config image (command, status, BARs, interrupt line, MSI and
 * MSI-X control back to their reset values), mask every MSI-X vector and
 * clear pending bits, unmap the BARs, then run the class's reset.
 */
void pci_device_reset(PciDevice *dev);

/* "00.0": slot.function, as qtree and error messages show it. */
char *pci_devfn_string(int devfn);

#endif
