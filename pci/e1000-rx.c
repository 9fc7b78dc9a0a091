/*
 * The e1000's receive path (8254x SDM 3.2, 13.4.22-13.4.29): a frame from
 * the back end (or looped back) passes the receive filters, loses its VLAN
 * tag into the descriptor when CTRL.VME is on, gets its FCS appended unless
 * RCTL.SECRC strips it, and is written through the descriptors from RDH on,
 * as many as its length needs at the RCTL buffer size; each gets its length
 * and DD written back, the last EOP with the checksum results. RDH moves on
 * and ICR.RXT0 (plus RXDMT0 when the free descriptors run low) is raised.
 *
 * Filters: exact addresses in RAL/RAH, the multicast hash table (MTA, bits
 * chosen by RCTL.MO), broadcast (BAM), unicast/multicast promiscuous, and
 * the VLAN filter table (VFTA) when RCTL.VFE is on.
 *
 * When the ring has no room for a frame the NIC says it cannot receive: the
 * net layer keeps the frame queued (RNBC counts it) and delivery resumes
 * when the driver writes RDT. Frames the net layer has to drop then are
 * missed packets (MPC, ICR.RXO). A descriptor or buffer the IOMMU refuses
 * drops the frame without handing any descriptor back.
 */
#include <string.h>
#include <zlib.h>

#include "core/log.h"
#include "pci/e1000-internal.h"

#define ETH_HLEN 14
#define ETH_MIN_FRAME 60                /* without FCS */
#define ETH_MAX_FRAME_VLAN 1522         /* with FCS, without RCTL.LPE */
#define E1000_MAX_FRAME 16384           /* with FCS and RCTL.LPE */
#define ETH_P_IP 0x0800
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17

void e1000_rx_init(E1000State *s)
{
    s->rx_frame = g_malloc(NET_FRAME_MAX + 4);
}

void e1000_rx_fini(E1000State *s)
{
    g_clear_pointer(&s->rx_frame, g_free);
}

/* RCTL.BSIZE with BSEX (x16): 2048, 1024, 512, 256 / -, 16384, 8192, 4096 bytes. */
static uint32_t rx_buf_size(uint32_t rctl)
{
    static const uint32_t sizes[2][4] = { { 2048, 1024, 512, 256 }, { 2048, 16384, 8192, 4096 } };

    return sizes[(rctl & E1000_RCTL_BSEX) != 0][(rctl & E1000_RCTL_BSIZE_MASK) >>
                                                E1000_RCTL_BSIZE_SHIFT];
}

static bool mac_loopback(E1000State *s)
{
    return (E1000_REG(s, E1000_RCTL) & E1000_RCTL_LBM_MASK) == E1000_RCTL_LBM_MAC;
}

/* The receiver takes frames: enabled, and with a link (or looping back). */
static bool rx_enabled(E1000State *s)
{
    return (E1000_REG(s, E1000_RCTL) & E1000_RCTL_EN) &&
           (s->phy.link || mac_loopback(s) || e1000_phy_loopback(s));
}

static bool bus_master(E1000State *s)
{
    return (pci_get_word(s->pci.config + PCI_COMMAND) & PCI_COMMAND_MASTER) != 0;
}

static uint32_t ring_count(E1000State *s)
{
    return E1000_REG(s, E1000_RDLEN) / E1000_RXD_SIZE;
}

/* Descriptors the hardware owns: RDH up to (not including) RDT. */
static uint32_t rx_free(E1000State *s)
{
    uint32_t count = ring_count(s);
    uint32_t h = E1000_REG(s, E1000_RDH), t = E1000_REG(s, E1000_RDT);

    if (!count || h >= count || t >= count) {
        return 0;
    }
    return (t + count - h) % count;
}

/* ---- Filters ---------------------------------------------------------------------------- */

static bool is_vlan(E1000State *s, const uint8_t *f)
{
    return e1000_get_be16(f + 12) == (E1000_REG(s, E1000_VET) & 0xffff);
}

static bool exact_match(E1000State *s, const uint8_t *da)
{
    uint32_t lo = (uint32_t)da[0] | (uint32_t)da[1] << 8 | (uint32_t)da[2] << 16 |
                  (uint32_t)da[3] << 24;
    uint32_t hi = (uint32_t)da[4] | (uint32_t)da[5] << 8;

    for (int i = 0; i < E1000_RAR_ENTRIES; i++) {
        uint32_t rah = E1000_REG(s, E1000_RA + 8 * i + 4);
        /* Only entries that are valid and select the destination address (AS 00). */
        if ((rah & (E1000_RAH_AV | E1000_RAH_AS_MASK)) == E1000_RAH_AV &&
            E1000_REG(s, E1000_RA + 8 * i) == lo && (rah & 0xffff) == hi) {
            return true;
        }
    }
    return false;
}

/* The multicast table: 12 bits of the address, which ones chosen by RCTL.MO. */
static bool mta_match(E1000State *s, const uint8_t *da)
{
    unsigned mo = (E1000_REG(s, E1000_RCTL) & E1000_RCTL_MO_MASK) >> E1000_RCTL_MO_SHIFT;
    unsigned shift = 4 - mo;    /* MO 0: bits 47:36, 1: 46:35, 2: 45:34, 3: 43:32 */
    uint32_t hash;

    if (mo == 3) {
        hash = (uint32_t)da[4] | (uint32_t)da[5] << 8;
    } else {
        hash = (uint32_t)da[4] >> shift | (uint32_t)da[5] << (8 - shift);
    }
    hash &= 0xfff;
    return (E1000_REG(s, E1000_MTA + 4 * (hash >> 5)) >> (hash & 31)) & 1;
}

static bool rx_filter(E1000State *s, const uint8_t *f)
{
    uint32_t rctl = E1000_REG(s, E1000_RCTL);
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

    if ((rctl & E1000_RCTL_VFE) && is_vlan(s, f)) {
        uint16_t tci = e1000_get_be16(f + 14);
        unsigned vid = tci & 0xfff;

        if (!((E1000_REG(s, E1000_VFTA + 4 * (vid >> 5)) >> (vid & 31)) & 1)) {
            return false;
        }
        if ((rctl & E1000_RCTL_CFIEN) &&
            ((tci >> 12) & 1) != ((rctl & E1000_RCTL_CFI) != 0)) {
            return false;
        }
    }
    if (!memcmp(f, bcast, 6) && (rctl & E1000_RCTL_BAM)) {
        return true;
    }
    if (f[0] & 1) {
        return (rctl & E1000_RCTL_MPE) || exact_match(s, f) || mta_match(s, f);
    }
    return (rctl & E1000_RCTL_UPE) || exact_match(s, f);
}

/* ---- Checksum offload ------------------------------------------------------------------- */

/*
 * The status and error bits for an untagged frame f of len bytes (no FCS):
 * the IPv4 header checksum under RXCSUM.IPOFL, the TCP/UDP checksum of an
 * unfragmented IPv4 datagram under TUOFL (IPv6 is not checked by this part).
 */
static void rx_checksum(E1000State *s, const uint8_t *f, uint32_t len, uint8_t *status,
                        uint8_t *errors)
{
    uint32_t rxcsum = E1000_REG(s, E1000_RXCSUM);
    const uint8_t *ip = f + ETH_HLEN;
    uint32_t ihl, iplen, l4len;
    uint8_t proto;
    uint32_t sum;

    if (len < ETH_HLEN + 20 || e1000_get_be16(f + 12) != ETH_P_IP || (ip[0] >> 4) != 4) {
        return;
    }
    ihl = (ip[0] & 0xf) * 4u;
    iplen = e1000_get_be16(ip + 2);
    if (ihl < 20 || ETH_HLEN + ihl > len) {
        return;
    }
    if (rxcsum & E1000_RXCSUM_IPOFL) {
        *status |= E1000_RXD_STAT_IPCS;
        if (e1000_csum_fold(e1000_csum_add(0, ip, ihl)) != 0xffff) {
            *errors |= E1000_RXD_ERR_IPE;
        }
    }
    proto = ip[9];
    if (!(rxcsum & E1000_RXCSUM_TUOFL) || (e1000_get_be16(ip + 6) & 0x3fff) ||
        (proto != IPPROTO_TCP_ && proto != IPPROTO_UDP_) || iplen < ihl ||
        ETH_HLEN + iplen > len) {
        return;
    }
    l4len = iplen - ihl;
    if (l4len < (proto == IPPROTO_TCP_ ? 20u : 8u) ||
        (proto == IPPROTO_UDP_ && e1000_get_be16(ip + ihl + 6) == 0)) {
        return;     /* too short to check, or a UDP datagram sent without a checksum */
    }
    sum = e1000_csum_add(0, ip + 12, 8);    /* pseudo header: addresses, protocol, length */
    sum += proto + l4len;
    sum = e1000_csum_add(sum, ip + ihl, l4len);
    *status |= E1000_RXD_STAT_TCPCS;
    if (e1000_csum_fold(sum) != 0xffff) {
        *errors |= E1000_RXD_ERR_TCPE;
    }
}

/* ---- Frames ----------------------------------------------------------------------------- */

void e1000_rx_sync_missed(E1000State *s)
{
    uint64_t dropped;

    if (!s->nc) {
        return;
    }
    dropped = net_client_dropped(s->nc);
    if (dropped > s->net_dropped_seen) {
        e1000_stat_add(s, E1000_MPC, (uint32_t)MIN(dropped - s->net_dropped_seen, UINT32_MAX));
        s->net_dropped_seen = dropped;
        e1000_set_ics(s, E1000_ICR_RXO);
    }
}

static void rx_stats(E1000State *s, const uint8_t *f, size_t wire_len)
{
    static const uint8_t bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

    e1000_stat_add(s, E1000_TPR, 1);
    e1000_stat_add(s, E1000_GPRC, 1);
    e1000_stat_add64(s, E1000_TORL, wire_len);
    e1000_stat_add64(s, E1000_GORCL, wire_len);
    e1000_stat_size(s, E1000_PRC64, wire_len);
    if (f[0] & 1) {
        e1000_stat_add(s, memcmp(f, bcast, 6) ? E1000_MPRC : E1000_BPRC, 1);
    }
}

/*
 * Store total bytes of s->rx_frame through need descriptors from RDH: all
 * buffer writes first, then the write-backs, so a refused DMA hands nothing
 * back to the driver. Returns false (the frame is dropped) on a DMA failure.
 */
static bool rx_store(E1000State *s, uint32_t total, uint32_t need, uint32_t bufsize,
                     const uint8_t wb_last[8], uint16_t special, bool vp)
{
    uint32_t count = ring_count(s);
    uint32_t head = E1000_REG(s, E1000_RDH);
    uint64_t base = (uint64_t)E1000_REG(s, E1000_RDBAH) << 32 | E1000_REG(s, E1000_RDBAL);
    uint32_t off = 0;

    for (uint32_t i = 0; i < need; i++, off += bufsize) {
        uint64_t da = base + (uint64_t)((head + i) % count) * E1000_RXD_SIZE;
        uint32_t chunk = MIN(bufsize, total - off);
        uint8_t a[8];
        uint64_t addr;

        if (!e1000_dma(s, da, a, sizeof(a), false, "RX descriptor")) {
            return false;
        }
        addr = (uint64_t)pci_get_long(a) | (uint64_t)pci_get_long(a + 4) << 32;
        /* A descriptor with a null buffer address takes its share and stores nothing. */
        if (addr && !e1000_dma(s, addr, s->rx_frame + off, chunk, true, "RX buffer")) {
            return false;
        }
    }
    off = 0;
    for (uint32_t i = 0; i < need; i++, off += bufsize) {
        uint64_t da = base + (uint64_t)((head + i) % count) * E1000_RXD_SIZE;
        uint8_t wb[8] = { 0 };

        if (i == need - 1) {
            memcpy(wb, wb_last, sizeof(wb));
        } else {
            pci_set_word(wb, (uint16_t)bufsize);
            wb[E1000_RXD_STATUS - 8] = E1000_RXD_STAT_DD | (vp ? E1000_RXD_STAT_VP : 0);
            pci_set_word(wb + (E1000_RXD_SPECIAL - 8), special);
        }
        e1000_dma(s, da + 8, wb, sizeof(wb), true, "RX descriptor write-back");
    }
    return true;
}

ssize_t e1000_rx_frame(E1000State *s, const uint8_t *buf, size_t len)
{
    uint32_t rctl = E1000_REG(s, E1000_RCTL);
    uint8_t *f = s->rx_frame;
    size_t wire_len = MAX(len, (size_t)ETH_MIN_FRAME) + 4;
    uint32_t flen, total, bufsize, need, count, free, pcss;
    uint16_t special = 0;
    bool vp = false;
    uint8_t status = E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP, errors = 0;
    uint8_t wb[8];

    if (!rx_enabled(s) || !f) {
        return (ssize_t)len;    /* a receiver that is off drops what arrives */
    }
    if (rx_free(s) == 0) {
        /* No descriptor at all: kept queued until RDT moves (counted once per refusal). */
        e1000_stat_add(s, E1000_RNBC, 1);
        return 0;
    }
    if (wire_len > ((rctl & E1000_RCTL_LPE) ? E1000_MAX_FRAME : ETH_MAX_FRAME_VLAN)) {
        e1000_stat_add(s, E1000_ROC, 1);
        return (ssize_t)len;
    }
    /* Frames on the wire are at least 60 bytes; a short one from the back end is padded. */
    memcpy(f, buf, len);
    flen = (uint32_t)MAX(len, (size_t)ETH_MIN_FRAME);
    memset(f + len, 0, flen - len);
    if (!rx_filter(s, f)) {
        return (ssize_t)len;
    }
    if ((E1000_REG(s, E1000_CTRL) & E1000_CTRL_VME) && is_vlan(s, f)) {
        special = e1000_get_be16(f + 14);
        vp = true;
        memmove(f + 12, f + 16, flen - 16);
        flen -= 4;
    }
    total = flen;
    if (!(rctl & E1000_RCTL_SECRC)) {
        /* The FCS, as the wire carried it: CRC-32 of the frame, least significant byte first. */
        uint32_t fcs = (uint32_t)crc32(0, f, flen);
        pci_set_long(f + flen, fcs);
        total += 4;
    }
    bufsize = rx_buf_size(rctl);
    need = (total + bufsize - 1) / bufsize;
    count = ring_count(s);
    if (count && need > count - 1) {
        /* The ring can never hold it (one descriptor always stays with software). */
        log_mask(LOG_GUEST_ERROR, "%s: RX frame of %u bytes needs %u descriptors, the ring has %u\n",
                 e1000_name(s), total, need, count);
        e1000_stat_add(s, E1000_MPC, 1);
        e1000_set_ics(s, E1000_ICR_RXO);
        return (ssize_t)len;
    }
    free = rx_free(s);
    if (free < need) {
        e1000_stat_add(s, E1000_RNBC, 1);
        return 0;   /* kept queued until RDT moves */
    }
    if (!bus_master(s)) {
        return 0;   /* kept queued until Bus Master is turned on */
    }
    rx_checksum(s, f, flen, &status, &errors);
    if (vp) {
        status |= E1000_RXD_STAT_VP;
    }
    /* The packet checksum: the raw 16-bit sum from RXCSUM.PCSS to the end of the data. */
    pcss = MIN(flen, E1000_REG(s, E1000_RXCSUM) & E1000_RXCSUM_PCSS_MASK);
    pci_set_word(wb, (uint16_t)(total - (need - 1) * bufsize));
    pci_set_word(wb + 2, e1000_csum_fold(e1000_csum_add(0, f + pcss, flen - pcss)));
    wb[E1000_RXD_STATUS - 8] = status;
    wb[E1000_RXD_ERRORS - 8] = errors;
    pci_set_word(wb + (E1000_RXD_SPECIAL - 8), special);
    if (!rx_store(s, total, need, bufsize, wb, special, vp)) {
        log_mask(LOG_GUEST_ERROR, "%s: RX frame of %zu bytes dropped\n", e1000_name(s), len);
        return (ssize_t)len;
    }
    E1000_REG(s, E1000_RDH) = (E1000_REG(s, E1000_RDH) + need) % count;
    rx_stats(s, f, wire_len);
    {
        /* RXDMT0 when the descriptors left fall to the RCTL.RDMTS fraction of the ring. */
        unsigned shift = 1 + ((rctl & E1000_RCTL_RDMTS_MASK) >> E1000_RCTL_RDMTS_SHIFT);
        uint32_t causes = E1000_ICR_RXT0;

        if ((free - need) * E1000_RXD_SIZE <= E1000_REG(s, E1000_RDLEN) >> shift) {
            causes |= E1000_ICR_RXDMT0;
        }
        e1000_set_ics(s, causes);
    }
    return (ssize_t)len;
}

/*
 * A receiver that is off takes frames (to drop them); one that is on takes
 * them while it may DMA. A full ring is found by e1000_rx_frame, which
 * refuses the frame (and counts RNBC) so that the net layer queues it.
 */
bool e1000_can_receive(NetClient *nc)
{
    E1000State *s = net_client_opaque(nc);

    return !rx_enabled(s) || bus_master(s);
}

ssize_t e1000_receive(NetClient *nc, const uint8_t *buf, size_t len)
{
    E1000State *s = net_client_opaque(nc);

    e1000_rx_sync_missed(s);
    return e1000_rx_frame(s, buf, len);
}

void e1000_rx_kick(E1000State *s)
{
    if (s->nc && (!rx_enabled(s) || (bus_master(s) && rx_free(s) > 0))) {
        net_client_flush(s->nc);
    }
}
