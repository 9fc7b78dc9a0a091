/*
 * PCI configuration-space layout: register offsets and bits of the type 0
 * header (PCI Local Bus 3.0, 6.2), the MSI and MSI-X capabilities (6.8) and
 * the PCI Express capability (PCIe Base 4.0, 7.5.3). The one definition of
 * these numbers for the core, the PHB and the device models.
 */
#ifndef PCI_PCI_REGS_H
#define PCI_PCI_REGS_H

#define PCI_CONFIG_SPACE_SIZE   0x100   /* conventional PCI */
#define PCIE_CONFIG_SPACE_SIZE  0x1000  /* PCI Express: 4 KiB with the extended space */
#define PCI_CONFIG_HEADER_SIZE  0x40    /* capabilities start after the header */

/* devfn: slot (device) in bits 7:3, function in bits 2:0. */
#define PCI_SLOT(devfn)         (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)         ((devfn) & 7)
#define PCI_DEVFN(slot, fn)     ((((slot) & 0x1f) << 3) | ((fn) & 7))
#define PCI_SLOT_MAX            32
#define PCI_FUNC_MAX            8
#define PCI_DEVFN_MAX           256

/* ---- Type 0 header ---- */
#define PCI_VENDOR_ID           0x00    /* 16, RO */
#define PCI_DEVICE_ID           0x02    /* 16, RO */
#define PCI_COMMAND             0x04    /* 16 */
#define  PCI_COMMAND_IO             0x0001  /* I/O space decoding */
#define  PCI_COMMAND_MEMORY         0x0002  /* memory space decoding */
#define  PCI_COMMAND_MASTER         0x0004  /* bus master: DMA and MSI */
#define  PCI_COMMAND_SPECIAL        0x0008
#define  PCI_COMMAND_INVALIDATE     0x0010
#define  PCI_COMMAND_VGA_PALETTE    0x0020
#define  PCI_COMMAND_PARITY         0x0040  /* parity error response */
#define  PCI_COMMAND_SERR           0x0100
#define  PCI_COMMAND_FAST_BACK      0x0200
#define  PCI_COMMAND_INTX_DISABLE   0x0400
#define PCI_STATUS              0x06    /* 16 */
#define  PCI_STATUS_INTERRUPT       0x0008  /* RO: the function's INTx is asserted */
#define  PCI_STATUS_CAP_LIST        0x0010  /* RO: PCI_CAPABILITY_LIST is valid */
#define  PCI_STATUS_66MHZ           0x0020
#define  PCI_STATUS_FAST_BACK       0x0080
#define  PCI_STATUS_PARITY          0x0100  /* W1C: master data parity error */
#define  PCI_STATUS_DEVSEL_MASK     0x0600
#define  PCI_STATUS_SIG_TARGET_ABORT 0x0800 /* W1C */
#define  PCI_STATUS_REC_TARGET_ABORT 0x1000 /* W1C */
#define  PCI_STATUS_REC_MASTER_ABORT 0x2000 /* W1C: also an Unsupported Request completion */
#define  PCI_STATUS_SIG_SYSTEM_ERROR 0x4000 /* W1C */
#define  PCI_STATUS_DETECTED_PARITY 0x8000  /* W1C */
#define PCI_REVISION_ID         0x08
#define PCI_CLASS_PROG          0x09    /* programming interface */
#define PCI_CLASS_DEVICE        0x0a    /* 16: base class << 8 | subclass */
#define PCI_CACHE_LINE_SIZE     0x0c
#define PCI_LATENCY_TIMER       0x0d
#define PCI_HEADER_TYPE         0x0e
#define  PCI_HEADER_TYPE_NORMAL     0x00
#define  PCI_HEADER_TYPE_MULTI_FUNCTION 0x80
#define PCI_BIST                0x0f
#define PCI_BASE_ADDRESS_0      0x10    /* six 32-bit BARs, 0x10..0x27 */
#define PCI_NUM_BARS            6
#define  PCI_BASE_ADDRESS_SPACE_IO  0x01    /* bit 0: I/O (1) or memory (0) */
#define  PCI_BASE_ADDRESS_MEM_TYPE_64 0x04  /* bits 2:1 = 10b: 64-bit, takes two BARs */
#define  PCI_BASE_ADDRESS_MEM_PREFETCH 0x08
#define  PCI_BASE_ADDRESS_IO_MASK   (~0x03u)
#define  PCI_BASE_ADDRESS_MEM_MASK  (~0x0fu)
#define PCI_CARDBUS_CIS         0x28
#define PCI_SUBSYSTEM_VENDOR_ID 0x2c
#define PCI_SUBSYSTEM_ID        0x2e
#define PCI_ROM_ADDRESS         0x30    /* not implemented: reads 0 (no ROM) */
#define PCI_CAPABILITY_LIST     0x34    /* first capability; bits 1:0 reserved */
#define PCI_INTERRUPT_LINE      0x3c    /* RW scratch for software */
#define PCI_INTERRUPT_PIN       0x3d    /* RO: 0 none, 1..4 = INTA..INTD */
#define PCI_MIN_GNT             0x3e
#define PCI_MAX_LAT             0x3f
#define PCI_NUM_PINS            4

/* ---- Capability list: each entry starts with ID, next pointer ---- */
#define PCI_CAP_LIST_ID         0
#define PCI_CAP_LIST_NEXT       1
#define PCI_CAP_ID_PM           0x01
#define PCI_CAP_ID_MSI          0x05
#define PCI_CAP_ID_VNDR         0x09
#define PCI_CAP_ID_EXP          0x10
#define PCI_CAP_ID_MSIX         0x11

/* ---- MSI capability (PCI 3.0, 6.8.1) ---- */
#define PCI_MSI_FLAGS           2       /* 16: message control */
#define  PCI_MSI_FLAGS_ENABLE       0x0001
#define  PCI_MSI_FLAGS_QMASK        0x000e  /* multiple message capable: log2 vectors */
#define  PCI_MSI_FLAGS_QSIZE        0x0070  /* multiple message enable: log2 vectors */
#define  PCI_MSI_FLAGS_64BIT        0x0080
#define  PCI_MSI_FLAGS_MASKBIT      0x0100  /* per-vector masking capable */
#define PCI_MSI_ADDRESS_LO      4       /* bits 1:0 reserved */
#define PCI_MSI_ADDRESS_HI      8       /* 64-bit only */
#define PCI_MSI_DATA_32         8
#define PCI_MSI_DATA_64         12
#define PCI_MSI_MASK_32         12      /* maskable only: mask, then pending */
#define PCI_MSI_MASK_64         16
#define PCI_MSI_PENDING_32      16
#define PCI_MSI_PENDING_64      20

/* ---- MSI-X capability (PCI 3.0, 6.8.2) ---- */
#define PCI_MSIX_FLAGS          2       /* 16: message control */
#define  PCI_MSIX_FLAGS_QSIZE       0x07ff  /* table size - 1 */
#define  PCI_MSIX_FLAGS_MASKALL     0x4000  /* function mask */
#define  PCI_MSIX_FLAGS_ENABLE      0x8000
#define PCI_MSIX_TABLE          4       /* offset | BIR */
#define PCI_MSIX_PBA            8
#define  PCI_MSIX_BIR_MASK          0x7
#define PCI_MSIX_CAP_SIZE       12
#define PCI_MSIX_ENTRY_SIZE     16      /* address lo, address hi, data, vector control */
#define PCI_MSIX_ENTRY_ADDR_LO  0
#define PCI_MSIX_ENTRY_ADDR_HI  4
#define PCI_MSIX_ENTRY_DATA     8
#define PCI_MSIX_ENTRY_CTRL     12
#define  PCI_MSIX_ENTRY_CTRL_MASKBIT 0x1
#define PCI_MSIX_MAX_VECTORS    2048

/* ---- PCI Express capability, version 2 (PCIe 4.0, 7.5.3) ---- */
#define PCI_EXP_FLAGS           2       /* 16: capabilities register */
#define  PCI_EXP_FLAGS_VERS         0x000f
#define  PCI_EXP_FLAGS_TYPE         0x00f0  /* device/port type */
#define  PCI_EXP_TYPE_ENDPOINT      0x0
#define  PCI_EXP_TYPE_RC_END        0x9     /* root-complex integrated endpoint */
#define PCI_EXP_DEVCAP          4
#define  PCI_EXP_DEVCAP_PAYLOAD     0x00000007  /* max payload: 128 << n bytes */
#define  PCI_EXP_DEVCAP_RBER        0x00008000  /* role-based error reporting */
#define  PCI_EXP_DEVCAP_FLR         0x10000000
#define PCI_EXP_DEVCTL          8       /* 16 */
#define  PCI_EXP_DEVCTL_CERE        0x0001  /* correctable error reporting */
#define  PCI_EXP_DEVCTL_NFERE       0x0002
#define  PCI_EXP_DEVCTL_FERE        0x0004
#define  PCI_EXP_DEVCTL_URRE        0x0008
#define  PCI_EXP_DEVCTL_RELAX_EN    0x0010
#define  PCI_EXP_DEVCTL_PAYLOAD     0x00e0
#define  PCI_EXP_DEVCTL_EXT_TAG     0x0100
#define  PCI_EXP_DEVCTL_NOSNOOP_EN  0x0800
#define  PCI_EXP_DEVCTL_READRQ      0x7000
#define  PCI_EXP_DEVCTL_BCR_FLR     0x8000  /* initiate function-level reset; reads 0 */
#define PCI_EXP_DEVSTA          10      /* 16 */
#define  PCI_EXP_DEVSTA_CED         0x0001  /* W1C: correctable error detected */
#define  PCI_EXP_DEVSTA_NFED        0x0002  /* W1C */
#define  PCI_EXP_DEVSTA_FED         0x0004  /* W1C */
#define  PCI_EXP_DEVSTA_URD         0x0008  /* W1C: unsupported request detected */
#define  PCI_EXP_DEVSTA_TRPND       0x0020  /* RO: transactions pending */
#define PCI_EXP_LNKCAP          12
#define  PCI_EXP_LNKCAP_SLS         0x0000000f  /* max link speed */
#define  PCI_EXP_LNKCAP_MLW         0x000003f0  /* max link width */
#define  PCI_EXP_LNKCAP_ASPM_L0S    0x00000400
#define PCI_EXP_LNKCTL          16      /* 16 */
#define  PCI_EXP_LNKCTL_ASPMC       0x0003
#define  PCI_EXP_LNKCTL_RCB         0x0008
#define  PCI_EXP_LNKCTL_CCC         0x0040  /* common clock configuration */
#define  PCI_EXP_LNKCTL_ES          0x0080  /* extended synch */
#define PCI_EXP_LNKSTA          18      /* 16, RO */
#define  PCI_EXP_LNKSTA_CLS         0x000f  /* current link speed */
#define  PCI_EXP_LNKSTA_NLW         0x03f0  /* negotiated link width */
#define PCI_EXP_DEVCAP2         36
#define  PCI_EXP_DEVCAP2_COMP_TMOUT_DIS 0x00000010
#define PCI_EXP_DEVCTL2         40      /* 16 */
#define  PCI_EXP_DEVCTL2_COMP_TMOUT_DIS 0x0010
#define PCI_EXP_LNKCAP2         44
#define PCI_EXP_LNKCTL2         48      /* 16 */
#define PCI_EXP_LNKSTA2         50      /* 16 */
#define PCI_EXP_CAP_SIZE        60      /* an endpoint's version 2 capability */
#define  PCI_EXP_LNK_SPEED_2_5GT    1   /* link speed encoding (LNKCAP2 vector bit 0) */
#define  PCI_EXP_LNK_WIDTH_X1       1

/* ---- Extended capabilities (PCIe 4.0, 7.6): 32-bit header at 0x100 and up ---- */
#define PCI_EXT_CAP_START       0x100
#define PCI_EXT_CAP_ID(hdr)     ((hdr) & 0xffff)
#define PCI_EXT_CAP_VER(hdr)    (((hdr) >> 16) & 0xf)
#define PCI_EXT_CAP_NEXT(hdr)   (((hdr) >> 20) & 0xffc)
#define PCI_EXT_CAP(id, ver, next) ((id) | ((ver) << 16) | ((next) << 20))
#define PCI_EXT_CAP_ID_DSN      0x0003  /* device serial number */
#define PCI_EXT_CAP_ID_VNDR     0x000b

#endif
