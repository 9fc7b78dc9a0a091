/*
 * Shared set-up for the e1000 unit tests (test-e1000-*.c): the fake PCI host
 * bridge of the PCI core's tests (its RAM is the guest memory the rings live
 * in, its toy IOMMU fails DMAs on demand), a fake network back end "be0"
 * that records what the NIC sends, and an e1000 on slot 3 with its BARs
 * programmed, decoding, bus master, and the link up.
 *
 * The virtual clock runs under icount so that auto-negotiation (and ITR)
 * delays pass exactly when a test warps time; nothing here sleeps.
 *
 * Checksums are computed here independently of the model (RFC 1071 over
 * bytes), so a test checks the model against arithmetic, not against itself.
 */
#ifndef TEST_E1000_UTIL_H
#define TEST_E1000_UTIL_H

#include <glib.h>
#include <string.h>

#include "core/net.h"
#include "core/timer.h"
#include "pci-fake-host.h"
#include "pci/e1000-regs.h"
#include "pci/e1000.h"

#define MMIO 0x80000000ull          /* BAR0 */
#define IOBASE 0x1000ull            /* BAR1 */
#define NIC_SLOT 3
#define NIC_LINE ((NIC_SLOT + 0) % 4)   /* INTA through the fake host's swizzle */

/* Guest memory (bus address = offset in host.ram) */
#define TX_RING 0x10000u
#define RX_RING 0x11000u
#define TX_BUF 0x20000u
#define RX_BUF 0x40000u
#define RX_BUF_STRIDE 0x1000u

static const uint8_t nic_mac[6] = { 0x52, 0x54, 0x00, 0xab, 0xcd, 0xef };
static const uint8_t peer_mac[6] = { 0x52, 0x55, 0x0a, 0x00, 0x02, 0x02 };
static const uint8_t bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static FakeHost host;
static PciDevice *nic;

/* ---- the fake back end ---- */

typedef struct FakeBackend {
    NetClient *nc;
    GPtrArray *frames;      /* of GBytes*, in the order the NIC sent them */
} FakeBackend;

static FakeBackend be;

static ssize_t be_receive(NetClient *nc, const uint8_t *buf, size_t len)
{
    g_ptr_array_add(be.frames, g_bytes_new(buf, len));
    return (ssize_t)len;
}

static const NetClientOps be_ops = {
    .kind = NET_CLIENT_USER,
    .receive = be_receive,
};

static const uint8_t *be_frame(guint i, size_t *len)
{
    g_assert_cmpuint(i, <, be.frames->len);
    return g_bytes_get_data(be.frames->pdata[i], len);
}

/* The NIC's side of the cable (its net client). */
static NetClient *nic_nc(void)
{
    return net_client_peer(be.nc);
}

/* ---- registers ---- */

static uint32_t reg(uint32_t off)
{
    return mmio_rd32(&host.mem_as, MMIO + off);
}

static void set_reg(uint32_t off, uint32_t v)
{
    mmio_wr32(&host.mem_as, MMIO + off, v);
}

static bool intx(void)
{
    return host.line[NIC_LINE];
}

/* Run every virtual timer that is due after jumping time to the next deadline. */
static void warp(void)
{
    clock_icount_warp_to_deadline();
    timers_run_expired();
}

static uint16_t phy_read(unsigned r)
{
    uint32_t v;

    set_reg(E1000_MDIC, E1000_MDIC_OP_READ | E1000_PHY_ADDR << E1000_MDIC_PHY_SHIFT |
                        r << E1000_MDIC_REG_SHIFT);
    v = reg(E1000_MDIC);
    g_assert_true(v & E1000_MDIC_READY);
    g_assert_false(v & E1000_MDIC_ERROR);
    return (uint16_t)v;
}

static void phy_write(unsigned r, uint16_t val)
{
    set_reg(E1000_MDIC, E1000_MDIC_OP_WRITE | E1000_PHY_ADDR << E1000_MDIC_PHY_SHIFT |
                        r << E1000_MDIC_REG_SHIFT | val);
    g_assert_true(reg(E1000_MDIC) & E1000_MDIC_READY);
}

/* ---- guest memory ---- */

static void put_le16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
    put_le16(p, (uint16_t)v);
    put_le16(p + 2, (uint16_t)(v >> 16));
}

static void put_le64(uint8_t *p, uint64_t v)
{
    put_le32(p, (uint32_t)v);
    put_le32(p + 4, (uint32_t)(v >> 32));
}

static uint16_t get_le16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint16_t be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put_be16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
    put_be16(p, (uint16_t)(v >> 16));
    put_be16(p + 2, (uint16_t)v);
}

/* ---- independent Internet checksum (RFC 1071) ---- */

static uint32_t ref_sum(uint32_t sum, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        sum += (i & 1) ? p[i] : (uint32_t)p[i] << 8;
    }
    return sum;
}

static uint16_t ref_fold(uint32_t sum)
{
    while (sum > 0xffff) {
        sum = (sum >> 16) + (sum & 0xffff);
    }
    return (uint16_t)sum;
}

/* The TCP/UDP checksum of an IPv4 packet at ip, verified: 0xffff when the field is right. */
static uint16_t ref_l4_verify(const uint8_t *ip)
{
    unsigned ihl = (ip[0] & 0xf) * 4u;
    unsigned l4len = be16(ip + 2) - ihl;
    uint32_t sum = ref_sum(0, ip + 12, 8) + ip[9] + l4len;

    return ref_fold(ref_sum(sum, ip + ihl, l4len));
}

/* ---- frames ---- */

static size_t eth_header(uint8_t *f, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
    memcpy(f, dst, 6);
    memcpy(f + 6, src, 6);
    put_be16(f + 12, type);
    return 14;
}

/*
 * An IPv4/TCP frame (20-byte IP and TCP headers) carrying payload, with the IP
 * header checksum filled in; the TCP checksum field holds tcp_check.
 */
static size_t tcp_frame(uint8_t *f, const uint8_t *dst, const uint8_t *payload, size_t plen,
                        uint32_t seq, uint8_t flags, uint16_t ip_id)
{
    uint8_t *ip = f + 14, *tcp = ip + 20;

    eth_header(f, dst, nic_mac, 0x0800);
    memset(ip, 0, 40);
    ip[0] = 0x45;
    put_be16(ip + 2, (uint16_t)(40 + plen));
    put_be16(ip + 4, ip_id);
    put_be16(ip + 6, 0x4000);   /* DF */
    ip[8] = 64;
    ip[9] = 6;
    put_be32(ip + 12, 0x0a00020f);  /* 10.0.2.15 */
    put_be32(ip + 16, 0x0a000202);  /* 10.0.2.2 */
    put_be16(ip + 10, (uint16_t)~ref_fold(ref_sum(0, ip, 20)));
    put_be16(tcp, 40000);
    put_be16(tcp + 2, 80);
    put_be32(tcp + 4, seq);
    put_be32(tcp + 8, 0x11223344);
    tcp[12] = 5 << 4;
    tcp[13] = flags;
    put_be16(tcp + 14, 0xffff);
    memcpy(tcp + 20, payload, plen);
    return 14 + 40 + plen;
}

/* The partial checksum Linux leaves for the hardware: the pseudo header (with or without length). */
static uint16_t pseudo_seed(const uint8_t *ip, unsigned l4len)
{
    return ref_fold(ref_sum(0, ip + 12, 8) + ip[9] + l4len);
}

static void fill_pattern(uint8_t *p, size_t len, uint8_t seed)
{
    for (size_t i = 0; i < len; i++) {
        p[i] = (uint8_t)(seed + i * 13 + (i >> 8));
    }
}

/* ---- set-up ---- */

/* What firmware does: BARs assigned, decoding, bus master (again after a device reset). */
static void program_bars(void)
{
    int devfn = PCI_DEVFN(NIC_SLOT, 0);

    cfg_write(&host.bus, devfn, PCI_BASE_ADDRESS_0, 4, (uint32_t)MMIO);
    cfg_write(&host.bus, devfn, PCI_BASE_ADDRESS_0 + 4, 4, (uint32_t)IOBASE);
    cfg_write(&host.bus, devfn, PCI_COMMAND, 2,
              PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}

/* Create the back end, the host and the NIC (extra: more -device options). */
static void e1000_setup(const char *extra)
{
    char *opts;

    pci_register_types();
    fake_classes_register();
    fake_host_init(&host);
    clock_icount_enable(0);
    be.frames = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    be.nc = net_client_new(&be_ops, "be0", NULL);
    opts = g_strdup_printf("e1000,addr=%d,id=nic0,netdev=be0,"
                           "mac=52:54:00:ab:cd:ef%s", NIC_SLOT, extra ? extra : "");
    nic = fake_create(opts);
    g_free(opts);
    program_bars();
    /* Auto-negotiation runs from power-on: let it finish. */
    warp();
    g_assert_true(reg(E1000_STATUS) & E1000_STATUS_LU);
    /* Start from a clean cause register, as a driver does. */
    reg(E1000_ICR);
}

static void e1000_teardown(void)
{
    fake_host_cleanup(&host);
    net_cleanup();
    g_ptr_array_unref(be.frames);
    be.frames = NULL;
    be.nc = NULL;
    nic = NULL;
}

/* ---- rings ---- */

static unsigned tx_tail, tx_count;

static void tx_ring_init(unsigned count)
{
    g_assert_cmpuint(count % 8, ==, 0);     /* TDLEN is a multiple of 128 bytes */
    memset(host.ram + TX_RING, 0, count * 16);
    tx_tail = 0;
    tx_count = count;
    set_reg(E1000_TDBAL, TX_RING);
    set_reg(E1000_TDBAH, 0);
    set_reg(E1000_TDLEN, count * 16);
    set_reg(E1000_TDH, 0);
    set_reg(E1000_TDT, 0);
    set_reg(E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP);
}

static uint8_t *tx_desc(unsigned i)
{
    return host.ram + TX_RING + 16 * i;
}

/* A descriptor with buffer address (or context fields), the dword at 8 and the dword at 12. */
static unsigned tx_put(uint64_t addr, uint32_t lower, uint32_t upper)
{
    unsigned i = tx_tail;
    uint8_t *d = tx_desc(i);

    put_le64(d, addr);
    put_le32(d + 8, lower);
    put_le32(d + 12, upper);
    tx_tail = (tx_tail + 1) % tx_count;
    return i;
}

/* A context descriptor: checksum offsets, TUCMD|PAYLEN in cmd_len, and the TSO fields. */
static void tx_context(uint8_t ipcss, uint8_t ipcso, uint16_t ipcse, uint8_t tucss,
                       uint8_t tucso, uint16_t tucse, uint32_t cmd_len, uint8_t hdr_len,
                       uint16_t mss)
{
    uint8_t *d = tx_desc(tx_tail);

    d[0] = ipcss;
    d[1] = ipcso;
    put_le16(d + 2, ipcse);
    d[4] = tucss;
    d[5] = tucso;
    put_le16(d + 6, tucse);
    put_le32(d + 8, E1000_TXD_CMD_DEXT | cmd_len);
    d[12] = 0;
    d[13] = hdr_len;
    put_le16(d + 14, mss);
    tx_tail = (tx_tail + 1) % tx_count;
}

static void tx_kick(void)
{
    set_reg(E1000_TDT, tx_tail);
}

static unsigned rx_count;

/* count descriptors with 2 KiB-aligned buffers, all but one handed to the NIC. */
static void rx_ring_init(unsigned count, uint32_t rctl)
{
    g_assert_cmpuint(count % 8, ==, 0);     /* RDLEN is a multiple of 128 bytes */
    memset(host.ram + RX_RING, 0, count * 16);
    for (unsigned i = 0; i < count; i++) {
        put_le64(host.ram + RX_RING + 16 * i, RX_BUF + i * RX_BUF_STRIDE);
    }
    rx_count = count;
    set_reg(E1000_RDBAL, RX_RING);
    set_reg(E1000_RDBAH, 0);
    set_reg(E1000_RDLEN, count * 16);
    set_reg(E1000_RDH, 0);
    set_reg(E1000_RDT, count - 1);
    set_reg(E1000_RCTL, E1000_RCTL_EN | rctl);
}

static const uint8_t *rx_desc(unsigned i)
{
    return host.ram + RX_RING + 16 * i;
}

static const uint8_t *rx_buf(unsigned i)
{
    return host.ram + RX_BUF + i * RX_BUF_STRIDE;
}

static inline void e1000_util_use_all(void)
{
    (void)phy_read;
    (void)phy_write;
    (void)be_frame;
    (void)nic_nc;
    (void)intx;
    (void)tx_put;
    (void)tx_kick;
    (void)tx_context;
    (void)tx_ring_init;
    (void)rx_ring_init;
    (void)rx_desc;
    (void)rx_buf;
    (void)get_le16;
    (void)be32;
    (void)ref_l4_verify;
    (void)tcp_frame;
    (void)pseudo_seed;
    (void)fill_pattern;
    (void)eth_header;
    (void)fake_host_use_all;
    (void)e1000_setup;
    (void)e1000_teardown;
    (void)warp;
    (void)reg;
    (void)set_reg;
    (void)bcast_mac;
    (void)peer_mac;
}

#endif
