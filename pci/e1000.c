/*
 * The e1000 (82540EM) as a PCI function: configuration, the two BARs, the
 * register file and its access rules (one table), interrupts with ITR
 * throttling, statistics, MAC reset and the net client. The EEPROM, the PHY
 * and the two rings are in e1000-eeprom.c, e1000-phy.c, e1000-tx.c and
 * e1000-rx.c. Register behaviour follows the 8254x SDM chapter 13.
 */
#include "pci/e1000.h"

#include <inttypes.h>
#include <string.h>

#include "core/log.h"
#include "pci/e1000-internal.h"

/* ---- Helpers for the other files ------------------------------------------------------ */

const char *e1000_name(E1000State *s)
{
    return s->nc ? net_client_name(s->nc) : "e1000";
}

bool e1000_dma(E1000State *s, uint64_t addr, void *buf, uint64_t len, bool write,
               const char *what)
{
    PciDmaResult r = pci_dma_rw(&s->pci, addr, buf, len, write);

    if (r != PCI_DMA_OK) {
        log_mask(LOG_GUEST_ERROR, "%s: DMA %s of %s (%" PRIu64 " bytes at 0x%" PRIx64
                 ") failed: %s\n", e1000_name(s), write ? "write" : "read", what, len, addr,
                 pci_dma_result_name(r));
        return false;
    }
    return true;
}

void e1000_stat_size(E1000State *s, uint32_t first_bin, size_t size)
{
    static const size_t bin_max[] = { 64, 127, 255, 511, 1023, 1522 };

    for (size_t i = 0; i < G_N_ELEMENTS(bin_max); i++) {
        if (size <= bin_max[i]) {
            e1000_stat_add(s, first_bin + 4 * (uint32_t)i, 1);
            return;
        }
    }
}

/* ---- Interrupts ------------------------------------------------------------------------- */

/*
 * INTx is the level of ICR & IMS. ITR sets a minimum interval between
 * assertions (in 256 ns units): a cause arriving sooner waits for the
 * interval to end, as the 82540EM throttles (8254x SDM 13.4.18).
 */
static void update_irq(E1000State *s)
{
    bool pending = (E1000_REG(s, E1000_ICR) & E1000_REG(s, E1000_IMS)) != 0;
    bool level = pending;

    if (pending && !s->irq_level) {
        uint32_t itr = E1000_REG(s, E1000_ITR) & 0xffff;
        int64_t now = clock_get_ns(CLOCK_VIRTUAL);

        if (itr && now < s->itr_next_ns) {
            if (!timer_pending(s->itr_timer)) {
                timer_mod(s->itr_timer, s->itr_next_ns);
            }
            level = false;
        } else {
            s->itr_next_ns = now + (int64_t)itr * 256;
        }
    }
    if (level != s->irq_level) {
        s->irq_level = level;
        pci_set_irq(&s->pci, level);
    }
}

static void itr_expired(void *opaque)
{
    update_irq(opaque);
}

void e1000_set_ics(E1000State *s, uint32_t causes)
{
    E1000_REG(s, E1000_ICR) |= causes & E1000_ICR_VALID;
    update_irq(s);
}

/* ---- Link ------------------------------------------------------------------------------- */

static uint32_t status_for_link(E1000State *s)
{
    static const uint32_t speed_bits[] = { E1000_STATUS_SPEED_10, E1000_STATUS_SPEED_100,
                                           E1000_STATUS_SPEED_1000 };
    uint32_t st = E1000_REG(s, E1000_STATUS) &
                  ~(E1000_STATUS_LU | E1000_STATUS_FD | E1000_STATUS_SPEED_MASK |
                    (3u << E1000_STATUS_ASDV_SHIFT));
    unsigned mbps, idx;
    bool fd;

    if (!s->phy.link) {
        return st;
    }
    e1000_phy_speed(s, &mbps, &fd);
    idx = mbps == 1000 ? 2 : mbps == 100 ? 1 : 0;
    st |= E1000_STATUS_LU | speed_bits[idx] | idx << E1000_STATUS_ASDV_SHIFT;
    if (fd) {
        st |= E1000_STATUS_FD;
    }
    return st;
}

void e1000_link_changed(E1000State *s)
{
    uint32_t old = E1000_REG(s, E1000_STATUS);

    E1000_REG(s, E1000_STATUS) = status_for_link(s);
    if ((old ^ E1000_REG(s, E1000_STATUS)) & E1000_STATUS_LU) {
        e1000_set_ics(s, E1000_ICR_LSC);
    }
    if (s->phy.link) {
        e1000_tx_start(s);
        e1000_rx_kick(s);
    }
}

void e1000_set_link(PciDevice *dev, bool up)
{
    e1000_phy_set_cable((E1000State *)dev, up);
}

/* ---- Reset ------------------------------------------------------------------------------ */

/* CTRL.RST and power-on: every MAC register to its default; the PHY and EEPROM are separate. */
static void mac_reset(E1000State *s)
{
    const uint8_t *mac = s->conf_mac;

    memset(s->regs, 0, sizeof(s->regs));
    s->ioaddr = 0;
    E1000_REG(s, E1000_CTRL) = E1000_CTRL_FD | E1000_CTRL_ASDE | E1000_CTRL_SLU |
                               E1000_CTRL_SPD_1000;
    E1000_REG(s, E1000_STATUS) = E1000_STATUS_MTXCKOK;
    E1000_REG(s, E1000_STATUS) = status_for_link(s);
    /* LED0 link up, LED1 activity (blinking), LED2 link at 100, LED3 link at 1000. */
    E1000_REG(s, E1000_LEDCTL) = 0x07068302;
    E1000_REG(s, E1000_PBA) = 0x00100030;          /* 48 KiB RX, 16 KiB TX */
    E1000_REG(s, E1000_VET) = 0x8100;
    E1000_REG(s, E1000_RXCSUM) = E1000_RXCSUM_IPOFL | E1000_RXCSUM_TUOFL;
    E1000_REG(s, E1000_MDIC) = E1000_MDIC_READY;
    /* The hardware loads RAR0 from the EEPROM's address on reset. */
    E1000_REG(s, E1000_RA) = (uint32_t)mac[0] | (uint32_t)mac[1] << 8 | (uint32_t)mac[2] << 16 |
                             (uint32_t)mac[3] << 24;
    E1000_REG(s, E1000_RA + 4) = (uint32_t)mac[4] | (uint32_t)mac[5] << 8 | E1000_RAH_AV;
    e1000_eeprom_reset(s);
    e1000_tx_reset(s);
    timer_del(s->itr_timer);
    s->itr_next_ns = 0;
    update_irq(s);
}

/* ---- Register access rules -------------------------------------------------------------- */

typedef enum {
    R_RW,       /* storage: reads what was written (under wmask) */
    R_RO,       /* read-only: writes are ignored */
    R_RC,       /* statistics: read returns the count and clears it */
    R_RC_LO,    /* low half of a 64-bit count: read does not clear */
    R_RC_HI,    /* high half: read clears both halves */
    R_WO,       /* write-only: reads return 0 */
} RegKind;

typedef struct E1000Reg {
    uint32_t off;       /* byte offset of the first register */
    uint16_t count;     /* registers in the array */
    uint8_t stride;     /* bytes from one to the next (4 or 8) */
    uint8_t kind;       /* RegKind */
    uint32_t wmask;     /* writable bits (R_RW) */
    uint32_t (*read)(E1000State *s, uint32_t off);
    void (*write)(E1000State *s, uint32_t off, uint32_t val);
} E1000Reg;

static uint32_t read_icr(E1000State *s, uint32_t off)
{
    uint32_t v = E1000_REG(s, E1000_ICR);

    E1000_REG(s, E1000_ICR) = 0;
    update_irq(s);
    return v;
}

/* ICS reads as ICR without clearing it (some drivers rely on this). */
static uint32_t read_ics(E1000State *s, uint32_t off)
{
    return E1000_REG(s, E1000_ICR);
}

static uint32_t read_eecd(E1000State *s, uint32_t off)
{
    return e1000_eecd_read(s);
}

static uint32_t read_mpc(E1000State *s, uint32_t off)
{
    uint32_t v;

    e1000_rx_sync_missed(s);
    v = E1000_REG(s, E1000_MPC);
    E1000_REG(s, E1000_MPC) = 0;
    return v;
}

static void write_ctrl(E1000State *s, uint32_t off, uint32_t val)
{
    bool phy_rst = (val & E1000_CTRL_PHY_RST) != 0;

    if (val & E1000_CTRL_RST) {
        mac_reset(s);
        val = E1000_REG(s, E1000_CTRL) | (val & E1000_CTRL_PHY_RST);
    }
    E1000_REG(s, E1000_CTRL) = val & ~E1000_CTRL_RST;
    if (phy_rst != s->phy.in_reset) {
        e1000_phy_hold_reset(s, phy_rst);
    }
}

static void write_ctrl_ext(E1000State *s, uint32_t off, uint32_t val)
{
    /* EE_RST reloads the EEPROM and clears itself; the image does not change. */
    E1000_REG(s, off) = val & ~E1000_CTRL_EXT_EE_RST;
}

static void write_eecd(E1000State *s, uint32_t off, uint32_t val)
{
    e1000_eecd_write(s, val);
}

static void write_eerd(E1000State *s, uint32_t off, uint32_t val)
{
    E1000_REG(s, off) = e1000_eerd_write(s, val);
}

static void write_mdic(E1000State *s, uint32_t off, uint32_t val)
{
    E1000_REG(s, off) = e1000_mdic_write(s, val);
    if (val & E1000_MDIC_INT_EN) {
        e1000_set_ics(s, E1000_ICR_MDAC);
    }
}

static void write_icr(E1000State *s, uint32_t off, uint32_t val)
{
    E1000_REG(s, E1000_ICR) &= ~val;
    update_irq(s);
}

static void write_ics(E1000State *s, uint32_t off, uint32_t val)
{
    e1000_set_ics(s, val);
}

static void write_ims(E1000State *s, uint32_t off, uint32_t val)
{
    E1000_REG(s, E1000_IMS) |= val & E1000_ICR_VALID;
    update_irq(s);
}

static void write_imc(E1000State *s, uint32_t off, uint32_t val)
{
    E1000_REG(s, E1000_IMS) &= ~val;
    update_irq(s);
}

static void write_itr(E1000State *s, uint32_t off, uint32_t val)
{
    int64_t soonest = clock_get_ns(CLOCK_VIRTUAL) + (int64_t)(val & 0xffff) * 256;

    E1000_REG(s, off) = val & 0xffff;
    /* A shorter interval lets a held-back assertion through sooner. */
    if (s->itr_next_ns > soonest) {
        s->itr_next_ns = soonest;
        timer_del(s->itr_timer);
    }
    update_irq(s);
}

static void write_rctl(E1000State *s, uint32_t off, uint32_t val)
{
    E1000_REG(s, off) = val;
    e1000_rx_kick(s);
}

static void write_rdt(E1000State *s, uint32_t off, uint32_t val)
{
    E1000_REG(s, off) = val & 0xffff;
    e1000_rx_kick(s);
}

static void write_tx_kick(E1000State *s, uint32_t off, uint32_t val)
{
    E1000_REG(s, off) = off == E1000_TDT ? val & 0xffff : val;
    e1000_tx_start(s);
}

#define ONE(o, k, m)            { (o), 1, 4, (k), (m), NULL, NULL }
#define ARR(o, n, st, k)        { (o), (n), (st), (k), 0xffffffffu, NULL, NULL }
#define ARRM(o, n, st, k, m)    { (o), (n), (st), (k), (m), NULL, NULL }
#define FN(o, k, m, r, w)       { (o), 1, 4, (k), (m), (r), (w) }
#define ALL 0xffffffffu

static const E1000Reg reg_table[] = {
    /* General */
    FN(E1000_CTRL, R_RW, ALL, NULL, write_ctrl),
    ONE(E1000_STATUS, R_RO, 0),
    FN(E1000_EECD, R_RW, ALL, read_eecd, write_eecd),
    FN(E1000_EERD, R_RW, ALL, NULL, write_eerd),
    FN(E1000_CTRL_EXT, R_RW, ALL, NULL, write_ctrl_ext),
    FN(E1000_MDIC, R_RW, ALL, NULL, write_mdic),
    ONE(E1000_FCAL, R_RW, ALL),
    ONE(E1000_FCAH, R_RW, 0xffff),
    ONE(E1000_FCT, R_RW, 0xffff),
    ONE(E1000_VET, R_RW, 0xffff),
    ONE(E1000_FCTTV, R_RW, 0xffff),
    ONE(E1000_TXCW, R_RW, ALL),
    ONE(E1000_RXCW, R_RO, 0),
    ONE(E1000_LEDCTL, R_RW, ALL),
    ONE(E1000_PBA, R_RW, ALL),
    /* Interrupts */
    FN(E1000_ICR, R_RW, ALL, read_icr, write_icr),
    FN(E1000_ITR, R_RW, 0xffff, NULL, write_itr),
    FN(E1000_ICS, R_RW, ALL, read_ics, write_ics),
    FN(E1000_IMS, R_RW, ALL, NULL, write_ims),
    FN(E1000_IMC, R_WO, ALL, NULL, write_imc),
    /* Receive */
    FN(E1000_RCTL, R_RW, ALL, NULL, write_rctl),
    ONE(E1000_FCRTL, R_RW, ALL),
    ONE(E1000_FCRTH, R_RW, 0xfff8),
    ONE(E1000_RDFH, R_RW, 0x1fff),
    ONE(E1000_RDFT, R_RW, 0x1fff),
    ONE(E1000_RDFHS, R_RW, 0x1fff),
    ONE(E1000_RDFTS, R_RW, 0x1fff),
    ONE(E1000_RDFPC, R_RW, 0x1fff),
    ONE(E1000_RDBAL, R_RW, ~0xfu),
    ONE(E1000_RDBAH, R_RW, ALL),
    ONE(E1000_RDLEN, R_RW, 0xfff80),
    ONE(E1000_RDH, R_RW, 0xffff),
    FN(E1000_RDT, R_RW, 0xffff, NULL, write_rdt),
    ONE(E1000_RDTR, R_RW, 0xffff),
    ONE(E1000_RXDCTL, R_RW, ALL),
    ONE(E1000_RADV, R_RW, 0xffff),
    ONE(E1000_RSRPD, R_RW, 0xfff),
    ONE(E1000_RXCSUM, R_RW, 0x3ff),
    ARR(E1000_MTA, E1000_MTA_SIZE, 4, R_RW),
    ARR(E1000_RA, E1000_RAR_ENTRIES, 8, R_RW),                        /* RAL */
    ARRM(E1000_RA + 4, E1000_RAR_ENTRIES, 8, R_RW, 0x8003ffff),     /* RAH: AV, AS, address */
    ARR(E1000_VFTA, E1000_VFTA_SIZE, 4, R_RW),
    /* Transmit */
    FN(E1000_TCTL, R_RW, ALL, NULL, write_tx_kick),
    ONE(E1000_TIPG, R_RW, 0x3fffffff),
    ONE(E1000_AIT, R_RW, 0xffff),
    ONE(E1000_TDFH, R_RW, 0x1fff),
    ONE(E1000_TDFT, R_RW, 0x1fff),
    ONE(E1000_TDFHS, R_RW, 0x1fff),
    ONE(E1000_TDFTS, R_RW, 0x1fff),
    ONE(E1000_TDFPC, R_RW, 0x1fff),
    ONE(E1000_TDBAL, R_RW, ~0xfu),
    ONE(E1000_TDBAH, R_RW, ALL),
    ONE(E1000_TDLEN, R_RW, 0xfff80),
    ONE(E1000_TDH, R_RW, 0xffff),
    FN(E1000_TDT, R_RW, 0xffff, NULL, write_tx_kick),
    ONE(E1000_TIDV, R_RW, 0xffff),
    ONE(E1000_TXDCTL, R_RW, ALL),
    ONE(E1000_TADV, R_RW, 0xffff),
    ONE(E1000_TSPMT, R_RW, ALL),
    /* Statistics (0x4000-0x40fc; the gaps are reserved) */
    ARR(E1000_CRCERRS, 5, 4, R_RC),         /* CRCERRS ALGNERRC SYMERRS RXERRC MPC */
    FN(E1000_MPC, R_RC, 0, read_mpc, NULL),
    ARR(E1000_SCC, 4, 4, R_RC),             /* SCC ECOL MCC LATECOL */
    ONE(E1000_COLC, R_RC, 0),
    ARR(E1000_DC, 5, 4, R_RC),              /* DC TNCRS SEC CEXTERR RLEC */
    ARR(E1000_XONRXC, 15, 4, R_RC),         /* XONRXC .. GPTC */
    ONE(E1000_GORCL, R_RC_LO, 0),
    ONE(E1000_GORCH, R_RC_HI, 0),
    ONE(E1000_GOTCL, R_RC_LO, 0),
    ONE(E1000_GOTCH, R_RC_HI, 0),
    ARR(E1000_RNBC, 8, 4, R_RC),            /* RNBC RUC RFC ROC RJC MGTPRC MGTPDC MGTPTC */
    ONE(E1000_TORL, R_RC_LO, 0),
    ONE(E1000_TORH, R_RC_HI, 0),
    ONE(E1000_TOTL, R_RC_LO, 0),
    ONE(E1000_TOTH, R_RC_HI, 0),
    ARR(E1000_TPR, 12, 4, R_RC),            /* TPR TPT PTC64..PTC1522 MPTC BPTC TSCTC TSCTFC */
    /* Wake-up and manageability: stored */
    ONE(E1000_WUC, R_RW, ALL),
    ONE(E1000_WUFC, R_RW, ALL),
    ONE(E1000_WUS, R_RW, ALL),
    ONE(E1000_MANC, R_RW, ALL),
    ONE(E1000_IPAV, R_RW, ALL),
    ARR(E1000_IP4AT, 4, 8, R_RW),
    ARR(E1000_IP6AT, 4, 4, R_RW),
    ONE(E1000_WUPL, R_RW, ALL),
    ARR(E1000_WUPM, 32, 4, R_RW),
    ARR(E1000_FFLT, 4, 8, R_RW),
    ARR(E1000_FFMT, 128, 8, R_RW),
    ARR(E1000_FFVT, 128, 8, R_RW),
    ARR(E1000_PBM, 0x4000, 4, R_RW),
};

/* Dword index -> 1 + index into reg_table (0: no register there). */
static uint8_t reg_index[E1000_MMIO_SIZE / 4];

static void reg_index_build(void)
{
    G_STATIC_ASSERT(G_N_ELEMENTS(reg_table) < 255);
    for (size_t i = 0; i < G_N_ELEMENTS(reg_table); i++) {
        const E1000Reg *r = &reg_table[i];
        for (uint32_t n = 0; n < r->count; n++) {
            uint32_t idx = (r->off + n * r->stride) >> 2;
            /* A later entry refines an earlier one (MPC inside its statistics run). */
            reg_index[idx] = (uint8_t)(i + 1);
        }
    }
}

static const E1000Reg *reg_find(uint32_t off)
{
    uint8_t i = reg_index[(off & (E1000_MMIO_SIZE - 1)) >> 2];
    return i ? &reg_table[i - 1] : NULL;
}

static uint32_t reg_read(E1000State *s, uint32_t off)
{
    const E1000Reg *r = reg_find(off);
    uint32_t v;

    if (!r) {
        char key[32];
        g_snprintf(key, sizeof(key), "e1000-rd-%05x", off);
        log_unimp_once(key, "%s: read of unimplemented register 0x%05x\n", e1000_name(s), off);
        return 0;
    }
    if (r->read) {
        return r->read(s, off);
    }
    v = E1000_REG(s, off);
    switch ((RegKind)r->kind) {
    case R_RC:
        E1000_REG(s, off) = 0;
        break;
    case R_RC_HI:
        E1000_REG(s, off) = 0;
        E1000_REG(s, off - 4) = 0;
        break;
    case R_WO:
        v = 0;
        break;
    case R_RW:
    case R_RO:
    case R_RC_LO:
        break;
    }
    return v;
}

static void reg_write(E1000State *s, uint32_t off, uint32_t val)
{
    const E1000Reg *r = reg_find(off);

    if (!r) {
        char key[32];
        g_snprintf(key, sizeof(key), "e1000-wr-%05x", off);
        log_unimp_once(key, "%s: write of 0x%08" PRIx32 " to unimplemented register 0x%05x "
                       "ignored\n", e1000_name(s), val, off);
        return;
    }
    if (r->write) {
        r->write(s, off, val & r->wmask);
        return;
    }
    switch ((RegKind)r->kind) {
    case R_RW:
        E1000_REG(s, off) = val & r->wmask;
        break;
    case R_RO:
    case R_RC:
    case R_RC_LO:
    case R_RC_HI:
    case R_WO:
        log_mask(LOG_GUEST_ERROR, "%s: write of 0x%08" PRIx32 " to read-only register 0x%05x "
                 "ignored\n", e1000_name(s), val, off);
        break;
    }
}

/* ---- BARs ------------------------------------------------------------------------------- */

static uint64_t mmio_read(void *opaque, uint64_t addr, unsigned size)
{
    return reg_read(opaque, (uint32_t)addr & ~3u);
}

static void mmio_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    reg_write(opaque, (uint32_t)addr & ~3u, (uint32_t)val);
}

/* Registers are 32 bits; a 64-bit access reaches two of them, low address first. */
static const MemoryRegionOps mmio_ops = {
    .read = mmio_read,
    .write = mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static uint64_t io_read(void *opaque, uint64_t addr, unsigned size)
{
    E1000State *s = opaque;

    switch (addr) {
    case E1000_IOADDR:
        return s->ioaddr;
    case E1000_IODATA:
        return reg_read(s, s->ioaddr & ~3u);
    default:
        return 0;   /* reserved */
    }
}

static void io_write(void *opaque, uint64_t addr, uint64_t val, unsigned size)
{
    E1000State *s = opaque;

    switch (addr) {
    case E1000_IOADDR:
        s->ioaddr = (uint32_t)val & (E1000_MMIO_SIZE - 1);
        break;
    case E1000_IODATA:
        reg_write(s, s->ioaddr & ~3u, (uint32_t)val);
        break;
    default:
        log_mask(LOG_GUEST_ERROR, "%s: I/O write to reserved offset 0x%" PRIx64 " ignored\n",
                 e1000_name(s), addr);
        break;
    }
}

/* IOADDR and IODATA are 32-bit registers (8254x SDM 13.1.1). */
static const MemoryRegionOps io_ops = {
    .read = io_read,
    .write = io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/* ---- Net client ------------------------------------------------------------------------- */

static void nc_cleanup(NetClient *nc)
{
    ((E1000State *)net_client_opaque(nc))->nc = NULL;
}

static const NetClientOps e1000_net_ops = {
    .kind = NET_CLIENT_NIC,
    .can_receive = e1000_can_receive,
    .receive = e1000_receive,
    .cleanup = nc_cleanup,
};

/* ---- Life cycle ------------------------------------------------------------------------- */

static void e1000_reset(PciDevice *dev)
{
    E1000State *s = (E1000State *)dev;

    e1000_phy_reset(s);
    mac_reset(s);
}

static void e1000_config_write(PciDevice *dev, uint32_t offset, unsigned size, uint32_t value)
{
    /* Bus mastering turned on: frames that waited for DMA can come in. */
    if (offset <= PCI_COMMAND && offset + size > PCI_COMMAND &&
        (pci_get_word(dev->config + PCI_COMMAND) & PCI_COMMAND_MASTER)) {
        e1000_rx_kick((E1000State *)dev);
    }
}

static void e1000_exit(PciDevice *dev)
{
    E1000State *s = (E1000State *)dev;

    if (s->nc) {
        net_client_free(s->nc);
    }
    e1000_phy_fini(s);
    e1000_tx_fini(s);
    e1000_rx_fini(s);
    if (s->itr_timer) {
        timer_free(s->itr_timer);
        s->itr_timer = NULL;
    }
    if (s->mmio.name) {
        memory_region_finalize(&s->mmio);
    }
    if (s->io.name) {
        memory_region_finalize(&s->io);
    }
}

static bool e1000_realize(PciDevice *dev, Error **errp)
{
    E1000State *s = (E1000State *)dev;

    s->nc = net_nic_new("e1000", dev->dev.id, s->conf_mac, s->netdev, &e1000_net_ops, s, errp);
    if (!s->nc) {
        return false;
    }
    memory_region_init_io(&s->mmio, "e1000-mmio", &mmio_ops, s, E1000_MMIO_SIZE);
    memory_region_init_io(&s->io, "e1000-io", &io_ops, s, E1000_IO_SIZE);
    pci_register_bar(dev, 0, PCI_BAR_MEM32, &s->mmio);
    pci_register_bar(dev, 1, PCI_BAR_IO, &s->io);
    s->itr_timer = timer_new(CLOCK_VIRTUAL, itr_expired, s);
    e1000_eeprom_init(s, s->conf_mac);
    e1000_phy_init(s);
    e1000_tx_init(s);
    e1000_rx_init(s);
    s->phy.cable = true;
    s->net_dropped_seen = net_client_dropped(s->nc);
    e1000_reset(dev);
    return true;
}

static const PropDef e1000_props[] = {
    PCI_DEVICE_PROPS,
    { "mac", PROP_MACADDR, offsetof(E1000State, conf_mac), NULL,
      "MAC address (default: the next free 52:54:00:12:34:xx)" },
    { "netdev", PROP_STRING, offsetof(E1000State, netdev), NULL,
      "id of the -netdev back end to connect to" },
    PROP_END,
};

static const PciDeviceClass e1000_class = {
    .parent = {
        .name = "e1000",
        .desc = "Intel Gigabit Ethernet (82540EM)",
        .instance_size = sizeof(E1000State),
        .props = e1000_props,
        .user_creatable = true,
        .hotpluggable = true,
        PCI_DEVICE_CLASS_HOOKS,
    },
    .vendor_id = E1000_VENDOR_ID,
    .device_id = E1000_DEVICE_ID,
    .revision = E1000_REVISION,
    .class_code = 0x020000,
    .subsystem_vendor_id = E1000_SUBSYS_VENDOR_ID,
    .subsystem_id = E1000_SUBSYS_ID,
    .interrupt_pin = 1,
    .realize = e1000_realize,
    .exit = e1000_exit,
    .reset = e1000_reset,
    .config_write = e1000_config_write,
};

void e1000_register(void)
{
    reg_index_build();
    pci_device_class_register(&e1000_class);
}
