/*
 * The e1000 model's state and the calls between its files (e1000.c: PCI
 * side, registers, interrupts, statistics; e1000-eeprom.c; e1000-phy.c;
 * e1000-tx.c; e1000-rx.c). Nothing outside pci/e1000*.c includes this.
 *
 * Everything runs on the thread that runs devices, like the rest of the PCI
 * models: no locks.
 */
#ifndef PCI_E1000_INTERNAL_H
#define PCI_E1000_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/net.h"
#include "core/timer.h"
#include "pci/e1000-regs.h"
#include "pci/pci.h"

/* The Microwire EEPROM as the bit-banging driver sees it through EECD. */
typedef enum E1000MwState {
    MW_START,       /* CS high, waiting for the start bit (a 1) */
    MW_COMMAND,     /* shifting in opcode and address */
    MW_READ,        /* shifting out data, word after word */
    MW_WRITE_DATA,  /* shifting in the 16 data bits of WRITE */
    MW_IGNORE,      /* command done (or unknown): clocks do nothing until CS drops */
} E1000MwState;

typedef struct E1000Eeprom {
    uint16_t words[E1000_EEPROM_WORDS];
    uint32_t pins;          /* EECD bits software last wrote (E1000_EECD_WRITABLE) */
    E1000MwState state;
    uint32_t shift;         /* bits shifted in so far */
    unsigned nbits;
    unsigned addr;          /* word being read or written */
    unsigned out_bit;       /* READ: next bit of words[addr] to present, 15 first */
    bool dout;              /* the DO pin */
    bool write_enabled;     /* EWEN seen */
    bool write_pending;     /* WRITE/ERASE shifted in: programs when CS drops */
    uint16_t write_data;
} E1000Eeprom;

typedef struct E1000Phy {
    uint16_t regs[PHY_REGS];
    bool cable;             /* a link partner is connected (e1000_set_link) */
    bool in_reset;          /* CTRL.PHY_RST is held */
    bool an_running;        /* auto-negotiation in progress (an_timer armed) */
    bool link;              /* the link is up as the MAC sees it */
    Timer *an_timer;
} E1000Phy;

/* What a context descriptor set up (one for TSO, one for plain checksum offload). */
typedef struct E1000TxContext {
    uint8_t ipcss, ipcso, tucss, tucso, hdr_len;
    uint16_t ipcse, tucse, mss;
    uint32_t paylen;
    bool ipv4, tcp;
} E1000TxContext;

/* Room for the largest TSO segment (255-byte header + 64 KiB MSS), 4 bytes for a VLAN tag. */
#define E1000_TX_BUF_SIZE (4 + 256 + 0x10000)

typedef struct E1000Tx {
    E1000TxContext ctx;     /* last non-TSE context descriptor */
    E1000TxContext tso;     /* last TSE context descriptor */
    uint8_t *store;         /* E1000_TX_BUF_SIZE bytes; the packet starts 4 bytes in */
    uint8_t *buf;           /* store + 4: room to slide a VLAN tag in front */
    uint32_t len;           /* bytes gathered in buf */
    uint8_t hdr[256];       /* TSO: the header replicated into each segment */
    bool in_packet;         /* a packet's descriptors are being gathered */
    bool tse;               /* it is a TSO packet */
    bool legacy;            /* it uses legacy descriptors */
    uint8_t popts;          /* IXSM/TXSM of its first data descriptor */
    uint8_t css, cso;       /* legacy IC: checksum start and offset */
    bool ic;
    bool vlan;              /* VLE on its last descriptor: insert vlan_tci */
    uint16_t vlan_tci;
    bool bad;               /* DMA failed or it overflowed: dropped at EOP */
    uint32_t tso_frames;    /* segments sent of this TSO packet */
    uint32_t tso_sofar;     /* payload bytes sent in them */
    bool busy;              /* inside e1000_tx_start (sending may loop back to us) */
} E1000Tx;

typedef struct E1000State {
    PciDevice pci;

    /* properties */
    uint8_t conf_mac[NET_MAC_LEN];
    char *netdev;

    MemoryRegion mmio;      /* BAR0 */
    MemoryRegion io;        /* BAR1 */
    uint32_t ioaddr;        /* BAR1 IOADDR */
    NetClient *nc;

    uint32_t regs[E1000_MMIO_SIZE / 4];     /* MAC registers by dword index */
    E1000Eeprom ee;
    E1000Phy phy;
    E1000Tx tx;

    /* INTx with interrupt throttling (ITR) */
    bool irq_level;
    int64_t itr_next_ns;    /* no new assertion before this virtual time */
    Timer *itr_timer;

    uint8_t *rx_frame;          /* a received frame as stored: VLAN tag out, FCS appended */
    uint64_t net_dropped_seen;  /* the net layer's drop count already counted in MPC */
} E1000State;

#define E1000_REG(s, off) ((s)->regs[(off) >> 2])

/* ---- e1000.c ---- */

/* Raise interrupt causes (ICR |= causes) and update the INTx line. */
void e1000_set_ics(E1000State *s, uint32_t causes);
/* The PHY's link went up or down: STATUS follows, ICR.LSC, queued frames may flow. */
void e1000_link_changed(E1000State *s);
/*
 * DMA for the rings and buffers: false on failure, which is logged under
 * -d guest_errors naming what was being accessed.
 */
bool e1000_dma(E1000State *s, uint64_t addr, void *buf, uint64_t len, bool write,
               const char *what);
const char *e1000_name(E1000State *s);

/* Statistics counters saturate at all-ones, as the hardware's do. */
static inline void e1000_stat_add(E1000State *s, uint32_t off, uint32_t n)
{
    uint32_t v = E1000_REG(s, off);
    E1000_REG(s, off) = v + n < v ? UINT32_MAX : v + n;
}

static inline void e1000_stat_add64(E1000State *s, uint32_t off_lo, uint64_t n)
{
    uint64_t v = E1000_REG(s, off_lo) | (uint64_t)E1000_REG(s, off_lo + 4) << 32;
    v = v + n < v ? UINT64_MAX : v + n;
    E1000_REG(s, off_lo) = (uint32_t)v;
    E1000_REG(s, off_lo + 4) = (uint32_t)(v >> 32);
}

/* The size bins PRC64..PRC1522 / PTC64..PTC1522 (size includes the FCS). */
void e1000_stat_size(E1000State *s, uint32_t first_bin, size_t size);

/* ---- Internet checksums (RFC 1071), for the offloads ---- */

/* Add bytes to a running 32-bit sum as big-endian 16-bit words (odd tail padded). */
static inline uint32_t e1000_csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
    size_t i;

    for (i = 0; i + 1 < len; i += 2) {
        sum += (uint32_t)(p[i] << 8 | p[i + 1]);
        if (sum & 0x80000000u) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
    }
    if (i < len) {
        sum += (uint32_t)p[i] << 8;
    }
    return sum;
}

/* Fold to 16 bits (not complemented). */
static inline uint16_t e1000_csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)sum;
}

static inline uint16_t e1000_get_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline void e1000_put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* ---- e1000-eeprom.c ---- */

/* Fill the EEPROM image for this MAC address (at realize; it survives resets). */
void e1000_eeprom_init(E1000State *s, const uint8_t mac[NET_MAC_LEN]);
/* Drop the pins and the Microwire state (MAC reset). */
void e1000_eeprom_reset(E1000State *s);
uint32_t e1000_eecd_read(E1000State *s);
void e1000_eecd_write(E1000State *s, uint32_t val);
/* EERD: a write with START reads one word at once; returns the register value. */
uint32_t e1000_eerd_write(E1000State *s, uint32_t val);

/* ---- e1000-phy.c ---- */

void e1000_phy_init(E1000State *s);
void e1000_phy_fini(E1000State *s);
/* Power-on reset of the PHY: default registers, auto-negotiation starts. */
void e1000_phy_reset(E1000State *s);
/* MDIC written: do the PHY access at once; returns the register value. */
uint32_t e1000_mdic_write(E1000State *s, uint32_t val);
/* CTRL.PHY_RST changed. */
void e1000_phy_hold_reset(E1000State *s, bool held);
/* The cable was plugged or pulled. */
void e1000_phy_set_cable(E1000State *s, bool up);
/* Resolved speed (10, 100, 1000) and duplex of an up link. */
void e1000_phy_speed(E1000State *s, unsigned *mbps, bool *full_duplex);
/* BMCR loopback: transmitted frames come back to the receiver. */
bool e1000_phy_loopback(E1000State *s);

/* ---- e1000-tx.c ---- */

void e1000_tx_init(E1000State *s);
void e1000_tx_fini(E1000State *s);
void e1000_tx_reset(E1000State *s);
/* TDT or TCTL written: process descriptors from TDH up to TDT. */
void e1000_tx_start(E1000State *s);

/* ---- e1000-rx.c ---- */

void e1000_rx_init(E1000State *s);
void e1000_rx_fini(E1000State *s);
bool e1000_can_receive(NetClient *nc);
ssize_t e1000_receive(NetClient *nc, const uint8_t *buf, size_t len);
/* A frame from the wire (or loopback); returns len if taken or dropped, 0 if no room. */
ssize_t e1000_rx_frame(E1000State *s, const uint8_t *buf, size_t len);
/* Room or the receiver may have appeared (RDT, RCTL, link, bus master): deliver queued frames. */
void e1000_rx_kick(E1000State *s);
/* Frames the net layer dropped for us since the last look go to MPC with RXO. */
void e1000_rx_sync_missed(E1000State *s);

#endif
