/*
 * The e1000's transmit path (8254x SDM 3.3-3.5): descriptors from TDH up to
 * TDT are fetched, their buffers gathered into a packet, and the packet
 * sent at EOP, with the offloads the descriptors ask for:
 *
 *   legacy      IC inserts a checksum from CSS (first descriptor) at CSO
 *   context     sets up checksum offsets (TUCSS/TUCSO/TUCSE, IPCSS/IPCSO/
 *               IPCSE) and, with TSE, segmentation (MSS, HDRLEN, PAYLEN)
 *   data        POPTS.TXSM / IXSM insert the TCP/UDP and IPv4 checksums;
 *               TSE cuts the payload into MSS-sized segments, each with a
 *               copy of the header whose IP length and ID, TCP sequence
 *               number and flags (FIN/PSH only on the last) or UDP length
 *               are fixed up, checksums computed per segment
 *
 * VLE inserts a VLAN tag (VET + the special field) when CTRL.VME is on; PSP
 * pads short frames to 60 bytes. Descriptors with RS get DD written back
 * (ICR.TXDW); an emptied queue raises ICR.TXQE. Without a link the ring
 * waits, as the hardware does. A descriptor that cannot be fetched stops the
 * ring there; a buffer that cannot be read drops its packet.
 */
#include <string.h>

#include "core/log.h"
#include "pci/e1000-internal.h"

#define TCP_FIN 0x01
#define TCP_PSH 0x08
#define ETH_MIN_FRAME 60        /* without FCS */

static uint32_t get_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t get_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be32(uint8_t *p, uint32_t v)
{
    e1000_put_be16(p, (uint16_t)(v >> 16));
    e1000_put_be16(p + 2, (uint16_t)v);
}

void e1000_tx_init(E1000State *s)
{
    s->tx.store = g_malloc0(E1000_TX_BUF_SIZE);
    s->tx.buf = s->tx.store + 4;
}

void e1000_tx_fini(E1000State *s)
{
    g_clear_pointer(&s->tx.store, g_free);
    s->tx.buf = NULL;
}

void e1000_tx_reset(E1000State *s)
{
    E1000Tx *tx = &s->tx;

    memset(&tx->ctx, 0, sizeof(tx->ctx));
    memset(&tx->tso, 0, sizeof(tx->tso));
    tx->len = 0;
    tx->in_packet = false;
    tx->bad = false;
}

/*
 * Insert the ones' complement checksum of bytes css..cse (0: to the end) at
 * cso. Offsets outside the packet make the hardware skip it. nozero sends
 * 0xffff for a sum of zero, as UDP requires (same value for TCP).
 */
static void insert_csum(uint8_t *f, uint32_t len, uint32_t css, uint32_t cso, uint32_t cse,
                        bool nozero)
{
    uint32_t end = cse && cse < len ? cse + 1 : len;
    uint16_t v;

    if (css >= end || cso + 2 > len) {
        return;
    }
    v = (uint16_t)~e1000_csum_fold(e1000_csum_add(0, f + css, end - css));
    if (nozero && v == 0) {
        v = 0xffff;
    }
    e1000_put_be16(f + cso, v);
}

/* Put the frame (tx.buf, len bytes) on the wire, or back into our receiver in loopback. */
static void tx_send(E1000State *s, uint32_t len)
{
    uint8_t *f = s->tx.buf;

    if (s->tx.vlan && (E1000_REG(s, E1000_CTRL) & E1000_CTRL_VME) && len >= 12) {
        /* Slide the two addresses down into the 4 spare bytes and put the tag after them. */
        memmove(f - 4, f, 12);
        f -= 4;
        e1000_put_be16(f + 12, (uint16_t)E1000_REG(s, E1000_VET));
        e1000_put_be16(f + 14, s->tx.vlan_tci);
        len += 4;
    }
    if ((E1000_REG(s, E1000_TCTL) & E1000_TCTL_PSP) && len < ETH_MIN_FRAME) {
        memset(f + len, 0, ETH_MIN_FRAME - len);
        len = ETH_MIN_FRAME;
    }
    if ((E1000_REG(s, E1000_RCTL) & E1000_RCTL_LBM_MASK) == E1000_RCTL_LBM_MAC ||
        e1000_phy_loopback(s)) {
        e1000_rx_frame(s, f, len);
    } else if (s->nc) {
        net_send(s->nc, f, len);
    }
    e1000_stat_add(s, E1000_TPT, 1);
    e1000_stat_add(s, E1000_GPTC, 1);
    e1000_stat_add64(s, E1000_TOTL, len + 4);
    e1000_stat_add64(s, E1000_GOTCL, len + 4);
    e1000_stat_size(s, E1000_PTC64, len + 4);
    if (len >= 6 && (f[0] & 1)) {
        static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
        e1000_stat_add(s, memcmp(f, bcast, 6) ? E1000_MPTC : E1000_BPTC, 1);
    }
}

/* ---- TCP segmentation ------------------------------------------------------------------- */

/* Is the TSO context one the hardware can follow for this packet? */
static bool tso_context_ok(const E1000TxContext *c)
{
    unsigned l3_min = c->ipv4 ? 20 : 40;
    unsigned l4_min = c->tcp ? 20 : 8;

    return c->mss && c->hdr_len && c->ipcss + l3_min <= c->tucss &&
           c->tucss + l4_min <= c->hdr_len && c->tucso + 2u <= c->hdr_len &&
           (!c->ipv4 || c->ipcso + 2u <= c->hdr_len);
}

/* Send the segment in tx.buf (header copy + payload), then start the next from the header. */
static void tso_emit(E1000State *s, bool last)
{
    E1000Tx *tx = &s->tx;
    const E1000TxContext *c = &tx->tso;
    uint8_t *f = tx->buf;
    uint32_t len = tx->len;
    uint32_t payload = len - c->hdr_len;

    if (c->ipv4) {
        e1000_put_be16(f + c->ipcss + 2, (uint16_t)(len - c->ipcss));
        e1000_put_be16(f + c->ipcss + 4, (uint16_t)(e1000_get_be16(tx->hdr + c->ipcss + 4) +
                                                    tx->tso_frames));
    } else {
        e1000_put_be16(f + c->ipcss + 4, (uint16_t)(len - c->ipcss - 40));
    }
    if (c->tcp) {
        put_be32(f + c->tucss + 4, get_be32(tx->hdr + c->tucss + 4) + tx->tso_sofar);
        if (!last) {
            f[c->tucss + 13] &= (uint8_t)~(TCP_FIN | TCP_PSH);
        }
    } else {
        e1000_put_be16(f + c->tucss + 4, (uint16_t)(len - c->tucss));
    }
    if (tx->popts & E1000_TXD_POPTS_TXSM) {
        /* The driver seeded the pseudo-header sum without the length: add this segment's. */
        uint32_t seed = e1000_get_be16(f + c->tucso) + (len - c->tucss);
        e1000_put_be16(f + c->tucso, e1000_csum_fold(seed));
        insert_csum(f, len, c->tucss, c->tucso, c->tucse, true);
    }
    if (tx->popts & E1000_TXD_POPTS_IXSM) {
        insert_csum(f, len, c->ipcss, c->ipcso, c->ipcse, false);
    }
    tx_send(s, len);
    tx->tso_frames++;
    tx->tso_sofar += payload;
    memcpy(tx->buf, tx->hdr, c->hdr_len);
    tx->len = c->hdr_len;
}

/* Gather n bytes at addr of a TSO packet, sending each segment as it fills. */
static void tso_gather(E1000State *s, uint64_t addr, uint32_t n)
{
    E1000Tx *tx = &s->tx;
    const E1000TxContext *c = &tx->tso;

    while (n && !tx->bad) {
        uint32_t room = tx->len < c->hdr_len ? c->hdr_len - tx->len
                                             : c->hdr_len + c->mss - tx->len;
        uint32_t take = n < room ? n : room;

        if (!e1000_dma(s, addr, tx->buf + tx->len, take, false, "TX buffer")) {
            tx->bad = true;
            return;
        }
        tx->len += take;
        addr += take;
        n -= take;
        if (tx->len == c->hdr_len && take == room) {
            memcpy(tx->hdr, tx->buf, c->hdr_len);
        } else if (tx->len == (uint32_t)c->hdr_len + c->mss) {
            tso_emit(s, tx->tso_sofar + c->mss >= c->paylen);
        }
    }
}

/* ---- Descriptors ------------------------------------------------------------------------ */

static void read_context(const uint8_t *d, E1000TxContext *c)
{
    uint32_t lower = get_le32(d + E1000_TXD_LOWER);

    c->ipcss = d[0];
    c->ipcso = d[1];
    c->ipcse = get_le16(d + 2);
    c->tucss = d[4];
    c->tucso = d[5];
    c->tucse = get_le16(d + 6);
    c->paylen = lower & E1000_TXD_LEN_MASK;
    c->ipv4 = (lower & E1000_TXD_CMD_IP) != 0;
    c->tcp = (lower & E1000_TXD_CMD_TCP) != 0;
    c->hdr_len = d[13];
    c->mss = get_le16(d + 14);
}

/* The packet's last descriptor was gathered: apply the offloads and send it. */
static void tx_packet_end(E1000State *s)
{
    E1000Tx *tx = &s->tx;
    const E1000TxContext *c = &tx->ctx;

    if (tx->tse && !tx->bad && tx->len < tx->tso.hdr_len) {
        log_mask(LOG_GUEST_ERROR, "%s: TSO packet ended inside its %u-byte header\n",
                 e1000_name(s), tx->tso.hdr_len);
        tx->bad = true;
    }
    if (tx->bad) {
        log_mask(LOG_GUEST_ERROR, "%s: TX packet dropped\n", e1000_name(s));
        if (tx->tse) {
            e1000_stat_add(s, E1000_TSCTFC, 1);
        }
    } else if (tx->tse) {
        if (tx->len > tx->tso.hdr_len || tx->tso_frames == 0) {
            tso_emit(s, true);
        }
        e1000_stat_add(s, E1000_TSCTC, 1);
    } else {
        if (tx->legacy && tx->ic) {
            insert_csum(tx->buf, tx->len, tx->css, tx->cso, 0, false);
        }
        if (!tx->legacy && (tx->popts & E1000_TXD_POPTS_TXSM)) {
            insert_csum(tx->buf, tx->len, c->tucss, c->tucso, c->tucse, true);
        }
        if (!tx->legacy && (tx->popts & E1000_TXD_POPTS_IXSM)) {
            insert_csum(tx->buf, tx->len, c->ipcss, c->ipcso, c->ipcse, false);
        }
        if (tx->len) {
            tx_send(s, tx->len);
        }
    }
    tx->in_packet = false;
    tx->len = 0;
    tx->bad = false;
}

static void process_desc(E1000State *s, const uint8_t *d)
{
    E1000Tx *tx = &s->tx;
    uint32_t lower = get_le32(d + E1000_TXD_LOWER);
    uint64_t addr = (uint64_t)get_le32(d) | (uint64_t)get_le32(d + 4) << 32;
    bool dext = (lower & E1000_TXD_CMD_DEXT) != 0;
    bool eop = (lower & E1000_TXD_CMD_EOP) != 0;
    uint32_t n;

    if (dext && (lower & E1000_TXD_DTYP_MASK) == 0) {
        read_context(d, (lower & E1000_TXD_CMD_TSE) ? &tx->tso : &tx->ctx);
        return;
    }
    if (dext && (lower & E1000_TXD_DTYP_MASK) != E1000_TXD_DTYP_D) {
        log_mask(LOG_GUEST_ERROR, "%s: TX descriptor of reserved type %u skipped\n",
                 e1000_name(s), (lower & E1000_TXD_DTYP_MASK) >> 20);
        return;
    }
    n = dext ? lower & E1000_TXD_LEN_MASK : lower & E1000_TXD_LEGACY_LEN_MASK;
    if (!tx->in_packet) {
        /* The first descriptor of a packet fixes its kind and options. */
        tx->in_packet = true;
        tx->legacy = !dext;
        tx->tse = dext && (lower & E1000_TXD_CMD_TSE);
        tx->popts = dext ? d[13] : 0;
        tx->css = dext ? 0 : d[13];
        tx->len = 0;
        tx->bad = false;
        tx->vlan = false;
        tx->tso_frames = 0;
        tx->tso_sofar = 0;
        if (tx->tse && !tso_context_ok(&tx->tso)) {
            log_mask(LOG_GUEST_ERROR, "%s: TX segmentation context unusable (mss %u, hdr_len %u)\n",
                     e1000_name(s), tx->tso.mss, tx->tso.hdr_len);
            tx->bad = true;
        }
    }
    /* VLE (and IC with CSO) count on the packet's last descriptor; TSO tags every segment. */
    if (eop || tx->tse) {
        tx->vlan = (lower & E1000_TXD_CMD_VLE) != 0;
        tx->vlan_tci = get_le16(d + 14);
    }
    if (n && addr && !tx->bad) {
        if (tx->tse) {
            tso_gather(s, addr, n);
        } else if (tx->len + n > E1000_TX_BUF_SIZE - 4) {
            log_mask(LOG_GUEST_ERROR, "%s: TX packet longer than %u bytes\n", e1000_name(s),
                     E1000_TX_BUF_SIZE - 4);
            tx->bad = true;
        } else if (e1000_dma(s, addr, tx->buf + tx->len, n, false, "TX buffer")) {
            tx->len += n;
        } else {
            tx->bad = true;
        }
    }
    if (eop) {
        if (tx->legacy) {
            tx->ic = (lower & E1000_TXD_CMD_IC) != 0;
            tx->cso = d[10];
        }
        tx_packet_end(s);
    }
}

void e1000_tx_start(E1000State *s)
{
    E1000Tx *tx = &s->tx;
    uint32_t count = E1000_REG(s, E1000_TDLEN) / E1000_TXD_SIZE;
    uint64_t base = (uint64_t)E1000_REG(s, E1000_TDBAH) << 32 | E1000_REG(s, E1000_TDBAL);
    uint32_t causes = 0;
    bool loop = (E1000_REG(s, E1000_RCTL) & E1000_RCTL_LBM_MASK) == E1000_RCTL_LBM_MAC ||
                e1000_phy_loopback(s);

    if (!(E1000_REG(s, E1000_TCTL) & E1000_TCTL_EN) || tx->busy || !tx->buf ||
        (!s->phy.link && !loop)) {
        return;
    }
    if (E1000_REG(s, E1000_TDH) >= count || E1000_REG(s, E1000_TDT) >= count) {
        if (E1000_REG(s, E1000_TDH) != E1000_REG(s, E1000_TDT)) {
            log_mask(LOG_GUEST_ERROR, "%s: TX ring stopped: TDH %u / TDT %u outside %u descriptors\n",
                     e1000_name(s), E1000_REG(s, E1000_TDH), E1000_REG(s, E1000_TDT), count);
        }
        return;
    }
    tx->busy = true;
    while (E1000_REG(s, E1000_TDH) != E1000_REG(s, E1000_TDT)) {
        uint64_t da = base + (uint64_t)E1000_REG(s, E1000_TDH) * E1000_TXD_SIZE;
        uint8_t d[E1000_TXD_SIZE];

        if (!e1000_dma(s, da, d, sizeof(d), false, "TX descriptor")) {
            break;      /* the ring stops at the descriptor it cannot fetch */
        }
        process_desc(s, d);
        if (get_le32(d + E1000_TXD_LOWER) & (E1000_TXD_CMD_RS | E1000_TXD_CMD_RPS)) {
            uint8_t sta = (uint8_t)((d[E1000_TXD_STATUS] & 0xf0) | E1000_TXD_STAT_DD);
            e1000_dma(s, da + E1000_TXD_STATUS, &sta, 1, true, "TX descriptor status");
            causes |= E1000_ICR_TXDW;
        }
        E1000_REG(s, E1000_TDH) = (E1000_REG(s, E1000_TDH) + 1) % count;
        causes |= E1000_REG(s, E1000_TDH) == E1000_REG(s, E1000_TDT) ? E1000_ICR_TXQE : 0;
    }
    tx->busy = false;
    if (causes) {
        e1000_set_ics(s, causes);
    }
}
