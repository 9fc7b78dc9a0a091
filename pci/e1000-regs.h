/*
 * Intel 82540EM (e1000) numbers: register offsets in BAR0, register bits,
 * descriptor layouts, EEPROM words and the internal PHY's registers. The one
 * definition of these numbers for pci/e1000*.c and the e1000 unit tests.
 *
 * Source: Intel PCI/PCI-X Family of Gigabit Ethernet Controllers Software
 * Developer's Manual (8254x SDM) chapter 13 (registers), 3 (descriptors), 5
 * (EEPROM map) and the M88E1011 PHY register description it reproduces; the
 * values agree with what Linux's e1000 driver programs.
 */
#ifndef PCI_E1000_REGS_H
#define PCI_E1000_REGS_H

/* ---- PCI identity and BARs ---- */

#define E1000_VENDOR_ID         0x8086
#define E1000_DEVICE_ID         0x100e      /* 82540EM desktop */
#define E1000_REVISION          0x03
#define E1000_SUBSYS_VENDOR_ID  0x1af4      /* QEMU's default subsystem */
#define E1000_SUBSYS_ID         0x1100
#define E1000_MMIO_SIZE         0x20000     /* BAR0: 128 KiB of registers */
#define E1000_IO_SIZE           0x40        /* BAR1: IOADDR/IODATA window */

/* BAR1 (I/O): indirect access to any BAR0 register. */
#define E1000_IOADDR            0x00        /* offset of the register IODATA reaches */
#define E1000_IODATA            0x04

/* ---- Register offsets (BAR0) ---- */

/* General */
#define E1000_CTRL      0x00000     /* device control */
#define E1000_STATUS    0x00008     /* device status, read-only */
#define E1000_EECD      0x00010     /* EEPROM/flash control and data (bit-banged Microwire) */
#define E1000_EERD      0x00014     /* EEPROM read (the hardware reads one word) */
#define E1000_CTRL_EXT  0x00018     /* extended device control */
#define E1000_MDIC      0x00020     /* MDI control: PHY register access */
#define E1000_FCAL      0x00028     /* flow control address low */
#define E1000_FCAH      0x0002c     /* flow control address high */
#define E1000_FCT       0x00030     /* flow control type */
#define E1000_VET       0x00038     /* VLAN ether type */
#define E1000_FCTTV     0x00170     /* flow control transmit timer value */
#define E1000_TXCW      0x00178     /* transmit configuration word (TBI) */
#define E1000_RXCW      0x00180     /* receive configuration word (TBI), read-only */
#define E1000_LEDCTL    0x00e00     /* LED control */
#define E1000_PBA       0x01000     /* packet buffer allocation */

/* Interrupts */
#define E1000_ICR       0x000c0     /* interrupt cause read: read clears, write 1 clears */
#define E1000_ITR       0x000c4     /* interrupt throttling: minimum interval, 256 ns units */
#define E1000_ICS       0x000c8     /* interrupt cause set (reads as ICR without clearing) */
#define E1000_IMS       0x000d0     /* interrupt mask set / read */
#define E1000_IMC       0x000d8     /* interrupt mask clear */

/* Receive */
#define E1000_RCTL      0x00100     /* receive control */
#define E1000_FCRTL     0x02160     /* flow control receive threshold low */
#define E1000_FCRTH     0x02168     /* flow control receive threshold high */
#define E1000_RDFH      0x02410     /* RX data FIFO head (diagnostic) */
#define E1000_RDFT      0x02418
#define E1000_RDFHS     0x02420
#define E1000_RDFTS     0x02428
#define E1000_RDFPC     0x02430
#define E1000_RDBAL     0x02800     /* RX descriptor ring base, low */
#define E1000_RDBAH     0x02804     /* RX descriptor ring base, high */
#define E1000_RDLEN     0x02808     /* RX ring length in bytes (multiple of 128) */
#define E1000_RDH       0x02810     /* RX descriptor head (hardware's next) */
#define E1000_RDT       0x02818     /* RX descriptor tail (software's next) */
#define E1000_RDTR      0x02820     /* RX delay timer, 1.024 us units */
#define E1000_RXDCTL    0x02828     /* RX descriptor control (thresholds) */
#define E1000_RADV      0x0282c     /* RX absolute interrupt delay */
#define E1000_RSRPD     0x02c00     /* RX small packet detect */
#define E1000_RXCSUM    0x05000     /* RX checksum control */
#define E1000_MTA       0x05200     /* multicast table array, 128 dwords */
#define E1000_RA        0x05400     /* receive addresses: 16 pairs RAL/RAH */
#define E1000_VFTA      0x05600     /* VLAN filter table array, 128 dwords */

/* Transmit */
#define E1000_TCTL      0x00400     /* transmit control */
#define E1000_TIPG      0x00410     /* transmit inter-packet gap */
#define E1000_AIT       0x00458     /* adaptive IFS throttle */
#define E1000_TDFH      0x03410     /* TX data FIFO head (diagnostic) */
#define E1000_TDFT      0x03418
#define E1000_TDFHS     0x03420
#define E1000_TDFTS     0x03428
#define E1000_TDFPC     0x03430
#define E1000_TDBAL     0x03800     /* TX descriptor ring base, low */
#define E1000_TDBAH     0x03804
#define E1000_TDLEN     0x03808     /* TX ring length in bytes (multiple of 128) */
#define E1000_TDH       0x03810     /* TX descriptor head */
#define E1000_TDT       0x03818     /* TX descriptor tail */
#define E1000_TIDV      0x03820     /* TX interrupt delay value */
#define E1000_TXDCTL    0x03828     /* TX descriptor control */
#define E1000_TADV      0x0382c     /* TX absolute interrupt delay */
#define E1000_TSPMT     0x03830     /* TCP segmentation pad and minimum threshold */

/* Statistics: all clear on read; 64-bit pairs clear when the high half is read. */
#define E1000_CRCERRS   0x04000     /* CRC errors */
#define E1000_ALGNERRC  0x04004     /* alignment errors */
#define E1000_SYMERRS   0x04008     /* symbol errors */
#define E1000_RXERRC    0x0400c     /* RX errors */
#define E1000_MPC       0x04010     /* missed packets: no room to store them */
#define E1000_SCC       0x04014     /* single collisions */
#define E1000_ECOL      0x04018     /* excessive collisions */
#define E1000_MCC       0x0401c     /* multiple collisions */
#define E1000_LATECOL   0x04020     /* late collisions */
#define E1000_COLC      0x04028     /* collisions */
#define E1000_DC        0x04030     /* defers */
#define E1000_TNCRS     0x04034     /* transmit with no CRS */
#define E1000_SEC       0x04038     /* sequence errors */
#define E1000_CEXTERR   0x0403c     /* carrier extension errors */
#define E1000_RLEC      0x04040     /* receive length errors */
#define E1000_XONRXC    0x04048     /* XON received */
#define E1000_XONTXC    0x0404c     /* XON transmitted */
#define E1000_XOFFRXC   0x04050     /* XOFF received */
#define E1000_XOFFTXC   0x04054     /* XOFF transmitted */
#define E1000_FCRUC     0x04058     /* flow control receive unsupported */
#define E1000_PRC64     0x0405c     /* packets received of 64 bytes */
#define E1000_PRC127    0x04060     /* 65-127 */
#define E1000_PRC255    0x04064     /* 128-255 */
#define E1000_PRC511    0x04068     /* 256-511 */
#define E1000_PRC1023   0x0406c     /* 512-1023 */
#define E1000_PRC1522   0x04070     /* 1024-1522 */
#define E1000_GPRC      0x04074     /* good packets received */
#define E1000_BPRC      0x04078     /* broadcast packets received */
#define E1000_MPRC      0x0407c     /* multicast packets received */
#define E1000_GPTC      0x04080     /* good packets transmitted */
#define E1000_GORCL     0x04088     /* good octets received, low 32 bits */
#define E1000_GORCH     0x0408c     /* ... high 32 bits */
#define E1000_GOTCL     0x04090     /* good octets transmitted */
#define E1000_GOTCH     0x04094
#define E1000_RNBC      0x040a0     /* receive no buffers (descriptor ring was empty) */
#define E1000_RUC       0x040a4     /* receive undersize */
#define E1000_RFC       0x040a8     /* receive fragments */
#define E1000_ROC       0x040ac     /* receive oversize */
#define E1000_RJC       0x040b0     /* receive jabber */
#define E1000_MGTPRC    0x040b4     /* management packets received */
#define E1000_MGTPDC    0x040b8     /* management packets dropped */
#define E1000_MGTPTC    0x040bc     /* management packets transmitted */
#define E1000_TORL      0x040c0     /* total octets received */
#define E1000_TORH      0x040c4
#define E1000_TOTL      0x040c8     /* total octets transmitted */
#define E1000_TOTH      0x040cc
#define E1000_TPR       0x040d0     /* total packets received */
#define E1000_TPT       0x040d4     /* total packets transmitted */
#define E1000_PTC64     0x040d8     /* packets transmitted of 64 bytes */
#define E1000_PTC127    0x040dc
#define E1000_PTC255    0x040e0
#define E1000_PTC511    0x040e4
#define E1000_PTC1023   0x040e8
#define E1000_PTC1522   0x040ec
#define E1000_MPTC      0x040f0     /* multicast packets transmitted */
#define E1000_BPTC      0x040f4     /* broadcast packets transmitted */
#define E1000_TSCTC     0x040f8     /* TCP segmentation contexts transmitted */
#define E1000_TSCTFC    0x040fc     /* TCP segmentation context transmit failures */
#define E1000_STATS_FIRST E1000_CRCERRS
#define E1000_STATS_LAST  E1000_TSCTFC

/* Wake-up and manageability (stored; no wake-up or management engine) */
#define E1000_WUC       0x05800
#define E1000_WUFC      0x05808
#define E1000_WUS       0x05810
#define E1000_MANC      0x05820
#define E1000_IPAV      0x05838
#define E1000_IP4AT     0x05840     /* 4 entries, 8 bytes apart */
#define E1000_IP6AT     0x05880     /* 4 dwords */
#define E1000_WUPL      0x05900
#define E1000_WUPM      0x05a00     /* 32 dwords */
#define E1000_FFLT      0x05f00     /* 4 entries, 8 bytes apart */
#define E1000_FFMT      0x09000     /* 128 entries, 8 bytes apart */
#define E1000_FFVT      0x09800     /* 128 entries, 8 bytes apart */
#define E1000_PBM       0x10000     /* packet buffer memory (diagnostic), 64 KiB */

#define E1000_MTA_SIZE  128         /* dwords */
#define E1000_RAR_ENTRIES 16
#define E1000_VFTA_SIZE 128         /* dwords */

/* ---- CTRL ---- */
#define E1000_CTRL_FD           0x00000001  /* full duplex */
#define E1000_CTRL_LRST         0x00000008  /* link reset */
#define E1000_CTRL_ASDE         0x00000020  /* auto-speed detection */
#define E1000_CTRL_SLU          0x00000040  /* set link up */
#define E1000_CTRL_ILOS         0x00000080  /* invert loss of signal */
#define E1000_CTRL_SPD_SEL      0x00000300
#define E1000_CTRL_SPD_1000     0x00000200
#define E1000_CTRL_FRCSPD       0x00000800
#define E1000_CTRL_FRCDPX       0x00001000
#define E1000_CTRL_RST          0x04000000  /* global MAC reset, self-clearing */
#define E1000_CTRL_RFCE         0x08000000
#define E1000_CTRL_TFCE         0x10000000
#define E1000_CTRL_VME          0x40000000  /* VLAN tag insertion and stripping */
#define E1000_CTRL_PHY_RST      0x80000000  /* hold the PHY in reset */

/* ---- STATUS ---- */
#define E1000_STATUS_FD         0x00000001
#define E1000_STATUS_LU         0x00000002  /* link up */
#define E1000_STATUS_TXOFF      0x00000010  /* transmission paused by flow control */
#define E1000_STATUS_TBIMODE    0x00000020  /* fiber (TBI) rather than copper */
#define E1000_STATUS_SPEED_MASK 0x000000c0
#define E1000_STATUS_SPEED_10   0x00000000
#define E1000_STATUS_SPEED_100  0x00000040
#define E1000_STATUS_SPEED_1000 0x00000080
#define E1000_STATUS_ASDV_SHIFT 8           /* speed the auto-speed detection found */
#define E1000_STATUS_MTXCKOK    0x00000400

/* ---- EECD (bit-banged Microwire EEPROM) ---- */
#define E1000_EECD_SK           0x00000001  /* clock */
#define E1000_EECD_CS           0x00000002  /* chip select (active high on Microwire) */
#define E1000_EECD_DI           0x00000004  /* data to the EEPROM */
#define E1000_EECD_DO           0x00000008  /* data from the EEPROM, read-only */
#define E1000_EECD_FWE_MASK     0x00000030  /* flash write enable */
#define E1000_EECD_REQ          0x00000040  /* software requests the EEPROM pins */
#define E1000_EECD_GNT          0x00000080  /* the pins are granted, read-only */
#define E1000_EECD_PRES         0x00000100  /* an EEPROM is present, read-only */
#define E1000_EECD_SIZE         0x00000200  /* 0: 64 words (93C46), 1: 256 words */
#define E1000_EECD_WRITABLE     (E1000_EECD_SK | E1000_EECD_CS | E1000_EECD_DI | \
                                 E1000_EECD_FWE_MASK | E1000_EECD_REQ)

/* ---- EERD ---- */
#define E1000_EERD_START        0x00000001
#define E1000_EERD_DONE         0x00000010
#define E1000_EERD_ADDR_SHIFT   8           /* word address, bits 15:8 */
#define E1000_EERD_ADDR_MASK    0x0000ff00
#define E1000_EERD_DATA_SHIFT   16

/* ---- CTRL_EXT ---- */
#define E1000_CTRL_EXT_EE_RST   0x00002000  /* reload the EEPROM (self-clearing) */

/* ---- MDIC ---- */
#define E1000_MDIC_DATA_MASK    0x0000ffff
#define E1000_MDIC_REG_SHIFT    16
#define E1000_MDIC_REG_MASK     0x001f0000
#define E1000_MDIC_PHY_SHIFT    21
#define E1000_MDIC_PHY_MASK     0x03e00000
#define E1000_MDIC_OP_WRITE     0x04000000
#define E1000_MDIC_OP_READ      0x08000000
#define E1000_MDIC_OP_MASK      0x0c000000
#define E1000_MDIC_READY        0x10000000
#define E1000_MDIC_INT_EN       0x20000000  /* raise ICR.MDAC when done */
#define E1000_MDIC_ERROR        0x40000000
#define E1000_PHY_ADDR          1           /* MDIO address of the internal PHY */

/* ---- ICR / ICS / IMS / IMC causes ---- */
#define E1000_ICR_TXDW          0x00000001  /* a TX descriptor was written back */
#define E1000_ICR_TXQE          0x00000002  /* the TX queue ran empty */
#define E1000_ICR_LSC           0x00000004  /* link status change */
#define E1000_ICR_RXSEQ         0x00000008  /* RX sequence error */
#define E1000_ICR_RXDMT0        0x00000010  /* RX descriptors fell below the threshold */
#define E1000_ICR_RXO           0x00000040  /* RX overrun: a frame was missed */
#define E1000_ICR_RXT0          0x00000080  /* RX timer: frames were written back ("RXDW") */
#define E1000_ICR_MDAC          0x00000200  /* MDI access complete */
#define E1000_ICR_RXCFG         0x00000400
#define E1000_ICR_GPI_EN0       0x00000800
#define E1000_ICR_GPI_EN1       0x00001000
#define E1000_ICR_GPI_EN2       0x00002000
#define E1000_ICR_GPI_EN3       0x00004000
#define E1000_ICR_TXD_LOW       0x00008000
#define E1000_ICR_SRPD          0x00010000
#define E1000_ICR_VALID         0x0001fedf  /* the causes the 82540EM has */

/* ---- RCTL ---- */
#define E1000_RCTL_EN           0x00000002
#define E1000_RCTL_SBP          0x00000004  /* store bad packets */
#define E1000_RCTL_UPE          0x00000008  /* unicast promiscuous */
#define E1000_RCTL_MPE          0x00000010  /* multicast promiscuous */
#define E1000_RCTL_LPE          0x00000020  /* long packets (over 1522 bytes) */
#define E1000_RCTL_LBM_MASK     0x000000c0
#define E1000_RCTL_LBM_MAC      0x00000040  /* MAC loopback */
#define E1000_RCTL_RDMTS_SHIFT  8           /* RXDMT0 threshold: 1/2, 1/4, 1/8 of the ring */
#define E1000_RCTL_RDMTS_MASK   0x00000300
#define E1000_RCTL_MO_SHIFT     12          /* which 12 address bits hash into the MTA */
#define E1000_RCTL_MO_MASK      0x00003000
#define E1000_RCTL_BAM          0x00008000  /* accept broadcast */
#define E1000_RCTL_BSIZE_SHIFT  16
#define E1000_RCTL_BSIZE_MASK   0x00030000
#define E1000_RCTL_VFE          0x00040000  /* VLAN filter enable */
#define E1000_RCTL_CFIEN        0x00080000  /* canonical form indicator filter */
#define E1000_RCTL_CFI          0x00100000
#define E1000_RCTL_DPF          0x00400000  /* discard pause frames */
#define E1000_RCTL_PMCF         0x00800000
#define E1000_RCTL_BSEX         0x02000000  /* buffer sizes times 16 */
#define E1000_RCTL_SECRC        0x04000000  /* strip the Ethernet CRC */

/* ---- RXCSUM ---- */
#define E1000_RXCSUM_PCSS_MASK  0x000000ff  /* where the packet checksum starts */
#define E1000_RXCSUM_IPOFL      0x00000100  /* check IPv4 header checksums */
#define E1000_RXCSUM_TUOFL      0x00000200  /* check TCP/UDP checksums */

/* ---- RAH ---- */
#define E1000_RAH_AV            0x80000000  /* address valid */
#define E1000_RAH_AS_MASK       0x00030000  /* 00: match the destination address */

/* ---- TCTL ---- */
#define E1000_TCTL_EN           0x00000002
#define E1000_TCTL_PSP          0x00000008  /* pad short packets to 64 bytes */
#define E1000_TCTL_CT           0x00000ff0
#define E1000_TCTL_COLD         0x003ff000
#define E1000_TCTL_RTLC         0x01000000

/* ---- Receive descriptor (16 bytes, little-endian) ----
 *   0  buffer address (64)
 *   8  length (16)  10 packet checksum (16)  12 status (8)  13 errors (8)  14 special (16)
 */
#define E1000_RXD_SIZE          16
#define E1000_RXD_LENGTH        8
#define E1000_RXD_CSUM          10
#define E1000_RXD_STATUS        12
#define E1000_RXD_ERRORS        13
#define E1000_RXD_SPECIAL       14

#define E1000_RXD_STAT_DD       0x01        /* descriptor done */
#define E1000_RXD_STAT_EOP      0x02        /* end of packet */
#define E1000_RXD_STAT_IXSM     0x04        /* ignore the checksum indications */
#define E1000_RXD_STAT_VP       0x08        /* the VLAN tag was stripped into special */
#define E1000_RXD_STAT_TCPCS    0x20        /* TCP/UDP checksum was checked */
#define E1000_RXD_STAT_IPCS     0x40        /* IPv4 header checksum was checked */
#define E1000_RXD_ERR_TCPE      0x20        /* TCP/UDP checksum is wrong */
#define E1000_RXD_ERR_IPE       0x40        /* IPv4 header checksum is wrong */

/* ---- Transmit descriptors (16 bytes, little-endian) ----
 * Legacy:  0 buffer (64)  8 length (16)  10 CSO (8)  11 CMD (8)  12 STA (8)  13 CSS (8)
 *          14 special (16)
 * Context (DEXT=1, DTYP=0): 0 IPCSS (8)  1 IPCSO (8)  2 IPCSE (16)  4 TUCSS (8)
 *          5 TUCSO (8)  6 TUCSE (16)  8 PAYLEN (20) | DTYP (4) | TUCMD (8)  12 STA (8)
 *          13 HDRLEN (8)  14 MSS (16)
 * Data (DEXT=1, DTYP=1): 0 buffer (64)  8 DTALEN (20) | DTYP (4) | DCMD (8)  12 STA (8)
 *          13 POPTS (8)  14 special (16)
 * Commands are in the top byte of the dword at offset 8 in every form.
 */
#define E1000_TXD_SIZE          16
#define E1000_TXD_LOWER         8           /* length | DTYP | command */
#define E1000_TXD_UPPER         12          /* status | CSS/POPTS/HDRLEN | special/MSS */
#define E1000_TXD_STATUS        12

#define E1000_TXD_CMD_EOP       0x01000000  /* end of packet (context: TCP for TUCMD) */
#define E1000_TXD_CMD_IFCS      0x02000000  /* insert the FCS */
#define E1000_TXD_CMD_IC        0x04000000  /* legacy: insert checksum at CSO */
#define E1000_TXD_CMD_TSE       0x04000000  /* extended: TCP segmentation */
#define E1000_TXD_CMD_RS        0x08000000  /* report status: write back DD */
#define E1000_TXD_CMD_RPS       0x10000000  /* report packet sent */
#define E1000_TXD_CMD_DEXT      0x20000000  /* extended descriptor */
#define E1000_TXD_CMD_VLE       0x40000000  /* insert the VLAN tag from special */
#define E1000_TXD_CMD_IDE       0x80000000  /* delay the interrupt */
#define E1000_TXD_DTYP_D        0x00100000  /* data descriptor (DTYP=1); 0 is context */
#define E1000_TXD_DTYP_MASK     0x00f00000
#define E1000_TXD_LEN_MASK      0x000fffff  /* DTALEN / PAYLEN */
#define E1000_TXD_LEGACY_LEN_MASK 0x0000ffff

/* TUCMD in a context descriptor (same top byte) */
#define E1000_TXD_CMD_TCP       0x01000000  /* the L4 protocol is TCP (else UDP) */
#define E1000_TXD_CMD_IP        0x02000000  /* the L3 protocol is IPv4 (else IPv6) */

#define E1000_TXD_STAT_DD       0x01
#define E1000_TXD_POPTS_IXSM    0x01        /* insert the IPv4 header checksum */
#define E1000_TXD_POPTS_TXSM    0x02        /* insert the TCP/UDP checksum */

/* ---- EEPROM (64 words, 93C46-compatible Microwire part) ---- */
#define E1000_EEPROM_WORDS      64
#define E1000_EEPROM_ADDR_BITS  6
#define E1000_EE_MAC            0x00        /* words 0-2: the Ethernet address */
#define E1000_EE_ID_LED         0x04        /* LED configuration; 0xffff = driver default */
#define E1000_EE_INIT_CTRL1     0x0a        /* initialization control word 1 */
#define E1000_EE_SUBSYS_ID      0x0b
#define E1000_EE_SUBSYS_VENDOR  0x0c
#define E1000_EE_DEVICE_ID      0x0d
#define E1000_EE_VENDOR_ID      0x0e
#define E1000_EE_INIT_CTRL2     0x0f        /* initialization control word 2: pause modes */
#define E1000_EE_INIT_CTRL3_A   0x24        /* initialization control 3, port A: APM wake */
#define E1000_EE_CHECKSUM       0x3f        /* makes words 0x00-0x3f sum to E1000_EE_SUM */
#define E1000_EE_SUM            0xbaba

#define E1000_EE_CTRL1_SIGNATURE 0x4000     /* bits 15:14 = 01b: a valid image */
#define E1000_EE_CTRL1_LOAD_IDS  0x0003     /* load the subsystem and device IDs */
#define E1000_EE_CTRL2_PAUSE     0x1000     /* advertise symmetric pause */
#define E1000_EE_CTRL2_ASM_DIR   0x2000     /* advertise asymmetric pause */

/* Microwire opcodes (2 bits after the start bit) */
#define E1000_MW_OP_EXT         0           /* EWDS/WRAL/ERAL/EWEN by the top address bits */
#define E1000_MW_OP_WRITE       1
#define E1000_MW_OP_READ        2
#define E1000_MW_OP_ERASE       3

/* ---- PHY (M88E1011-compatible internal PHY) registers ---- */
#define PHY_CTRL                0x00        /* BMCR */
#define PHY_STATUS              0x01        /* BMSR */
#define PHY_ID1                 0x02
#define PHY_ID2                 0x03
#define PHY_AUTONEG_ADV         0x04        /* ANAR */
#define PHY_LP_ABILITY          0x05        /* ANLPAR */
#define PHY_AUTONEG_EXP         0x06
#define PHY_NEXT_PAGE_TX        0x07
#define PHY_LP_NEXT_PAGE        0x08
#define PHY_1000T_CTRL          0x09
#define PHY_1000T_STATUS        0x0a
#define PHY_EXT_STATUS          0x0f
#define M88_PHY_SPEC_CTRL       0x10
#define M88_PHY_SPEC_STATUS     0x11
#define M88_INT_ENABLE          0x12
#define M88_INT_STATUS          0x13
#define M88_EXT_PHY_SPEC_CTRL   0x14
#define M88_RX_ERR_CNTR         0x15
#define M88_LED_CTRL            0x18
#define M88_PHY_EXT_CTRL        0x1a
#define M88_PHY_PAGE_SELECT     0x1d
#define M88_PHY_GEN_CONTROL     0x1e
#define PHY_REGS                32

#define M88E1011_PHY_ID1        0x0141
#define M88E1011_PHY_ID2        0x0c20      /* the 82540EM's PHY, revision 0 */

/* BMCR */
#define MII_CR_SPEED_1000       0x0040
#define MII_CR_FULL_DUPLEX      0x0100
#define MII_CR_RESTART_AUTO_NEG 0x0200
#define MII_CR_POWER_DOWN       0x0800
#define MII_CR_AUTO_NEG_EN      0x1000
#define MII_CR_SPEED_100        0x2000
#define MII_CR_LOOPBACK         0x4000
#define MII_CR_RESET            0x8000

/* BMSR */
#define MII_SR_EXTENDED_CAPS    0x0001
#define MII_SR_LINK_STATUS      0x0004
#define MII_SR_AUTONEG_CAPS     0x0008
#define MII_SR_AUTONEG_COMPLETE 0x0020
#define MII_SR_PREAMBLE_SUPPRESS 0x0040
#define MII_SR_EXTENDED_STATUS  0x0100
#define MII_SR_10T_HD_CAPS      0x0800
#define MII_SR_10T_FD_CAPS      0x1000
#define MII_SR_100X_HD_CAPS     0x2000
#define MII_SR_100X_FD_CAPS     0x4000

/* ANAR / ANLPAR */
#define NWAY_AR_SELECTOR_802_3  0x0001
#define NWAY_AR_10T_HD_CAPS     0x0020
#define NWAY_AR_10T_FD_CAPS     0x0040
#define NWAY_AR_100TX_HD_CAPS   0x0080
#define NWAY_AR_100TX_FD_CAPS   0x0100
#define NWAY_AR_PAUSE           0x0400
#define NWAY_AR_ASM_DIR         0x0800
#define NWAY_LPAR_ACKNOWLEDGE   0x4000

/* ANER */
#define NWAY_ER_LP_NWAY_CAPS    0x0001

/* 1000BASE-T control and status */
#define CR_1000T_HD_CAPS        0x0100
#define CR_1000T_FD_CAPS        0x0200
#define SR_1000T_LP_HD_CAPS     0x0400
#define SR_1000T_LP_FD_CAPS     0x0800
#define SR_1000T_REMOTE_RX_OK   0x1000
#define SR_1000T_LOCAL_RX_OK    0x2000

/* Extended status */
#define IEEE_ESR_1000T_HD_CAPS  0x1000
#define IEEE_ESR_1000T_FD_CAPS  0x2000

/* M88 PHY specific status */
#define M88_PSSR_LINK           0x0400      /* real-time link */
#define M88_PSSR_SPD_DPLX_RESOLVED 0x0800
#define M88_PSSR_DPLX           0x2000
#define M88_PSSR_SPEED_100      0x4000
#define M88_PSSR_SPEED_1000     0x8000

#endif
