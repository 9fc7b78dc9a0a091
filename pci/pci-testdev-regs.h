/*
 * pci-testdev's IDs and register map (the device itself: pci-testdev.h).
 * Plain numbers with no includes, so bare-metal guest tests, built with the
 * cross compiler, use the same definitions as the device model.
 */
#ifndef PCI_PCI_TESTDEV_REGS_H
#define PCI_PCI_TESTDEV_REGS_H

#define PCI_TESTDEV_VENDOR_ID   0x1234
#define PCI_TESTDEV_DEVICE_ID   0x7e57
#define PCI_TESTDEV_MAGIC       0x54534554u   /* "TEST" as little-endian bytes */
#define PCI_TESTDEV_DMA_MAX     (1u << 20)    /* longest copy */

/* Registers (offsets in BAR0; BAR1 mirrors 0x00-0x3f). */
enum {
    TESTDEV_ID          = 0x00,  /* RO: PCI_TESTDEV_MAGIC */
    TESTDEV_SCRATCH     = 0x04,  /* RW */
    TESTDEV_IRQ_STATUS  = 0x08,  /* W1C: causes below */
    TESTDEV_IRQ_ENABLE  = 0x0c,  /* RW: causes that interrupt */
    TESTDEV_IRQ_RAISE   = 0x10,  /* WO: sets the written bits in IRQ_STATUS */
    TESTDEV_MSI_VECTOR  = 0x14,  /* RW: the MSI/MSI-X vector a completion uses */
    TESTDEV_DMA_SRC     = 0x18,  /* RW, 64 bits: bus address read from */
    TESTDEV_DMA_DST     = 0x20,  /* RW, 64 bits: bus address written to */
    TESTDEV_DMA_LEN     = 0x28,  /* RW: bytes, at most PCI_TESTDEV_DMA_MAX */
    TESTDEV_DMA_CMD     = 0x2c,  /* WO: TESTDEV_CMD_* */
    TESTDEV_DMA_STATUS  = 0x30,  /* RO: TESTDEV_DMA_* flags, error code in bits 15:8 */
    TESTDEV_DMA_COUNT   = 0x34,  /* RO: copies completed since reset */
    TESTDEV_MSIX_FIRE   = 0x38,  /* WO: signal the written MSI-X vector directly */
    TESTDEV_REG_SIZE    = 0x1000,
    TESTDEV_IO_SIZE     = 0x40,
};

/* TESTDEV_IRQ_STATUS / IRQ_ENABLE causes */
#define TESTDEV_IRQ_DMA_DONE    0x1
#define TESTDEV_IRQ_DMA_ERROR   0x2
#define TESTDEV_IRQ_SOFT        0x4     /* anything raised through IRQ_RAISE */

/* TESTDEV_DMA_CMD */
#define TESTDEV_CMD_START       0x1     /* copy LEN bytes from SRC to DST now */

/* TESTDEV_DMA_STATUS: the last copy */
#define TESTDEV_DMA_DONE        0x1
#define TESTDEV_DMA_ERROR       0x2
#define TESTDEV_DMA_ERR_SHIFT   8       /* PciDmaResult of the failed access, or: */
#define TESTDEV_DMA_ERR_TOO_LONG 0x80

/*
 * Interrupts: a cause set in IRQ_STATUS and enabled in IRQ_ENABLE signals
 * MSI-X vector MSI_VECTOR when MSI-X is on, else that MSI vector when MSI is
 * on (edge: once per new cause), else holds INTx asserted until the guest
 * clears the status bits.
 */

#endif
