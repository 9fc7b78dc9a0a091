/*
 * e1000 unit tests, receive side: a frame from the back end lands in the
 * descriptor ring (across two descriptors when the buffers are small, with
 * DD/EOP, lengths, the FCS and the interrupt), a full ring makes the NIC
 * refuse and the net layer queue until RDT moves, missed frames, the
 * address / multicast / broadcast / VLAN filters, VLAN stripping, checksum
 * checks, the receive statistics, and DMA failures and Bus Master.
 */
#include "core/log.h"
#include "test-e1000-util.h"

#define RCTL_SZ_256 (3u << E1000_RCTL_BSIZE_SHIFT)

static void setup(void)
{
    e1000_setup(NULL);
}

static void teardown(void)
{
    e1000_teardown();
}

/* CRC-32 (IEEE 802.3), bit by bit: the FCS a frame carries, least significant byte first. */
static uint32_t ref_crc32(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;

    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int b = 0; b < 8; b++) {
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
        }
    }
    return ~c;
}

static size_t frame_to(uint8_t *f, const uint8_t *dst, size_t len, uint8_t seed)
{
    eth_header(f, dst, peer_mac, 0x88b5);
    fill_pattern(f + 14, len - 14, seed);
    return len;
}

static void send(const uint8_t *f, size_t len)
{
    g_assert_cmpint(net_send(be.nc, f, len), ==, (ssize_t)len);
}

static void test_two_descriptors(void)
{
    uint8_t f[400], fcs[4];
    const uint8_t *d0, *d1;

    setup();
    set_reg(E1000_IMS, E1000_ICR_RXT0);
    rx_ring_init(8, RCTL_SZ_256);
    frame_to(f, nic_mac, sizeof(f), 1);
    send(f, sizeof(f));

    /* 400 bytes + FCS in 256-byte buffers: 256 in the first, 148 in the second. */
    d0 = rx_desc(0);
    d1 = rx_desc(1);
    g_assert_cmpuint(get_le16(d0 + 8), ==, 256);
    g_assert_cmphex(d0[12], ==, E1000_RXD_STAT_DD);                      /* no EOP */
    g_assert_cmpuint(get_le16(d1 + 8), ==, 400 + 4 - 256);
    g_assert_cmphex(d1[12] & (E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP), ==,
                    E1000_RXD_STAT_DD | E1000_RXD_STAT_EOP);
    g_assert_cmphex(d1[13], ==, 0);                                      /* no errors */
    g_assert_cmpmem(rx_buf(0), 256, f, 256);
    g_assert_cmpmem(rx_buf(1), 400 - 256, f + 256, 400 - 256);
    put_le32(fcs, ref_crc32(f, sizeof(f)));
    g_assert_cmpmem(rx_buf(1) + 400 - 256, 4, fcs, 4);
    /* The buffer addresses stay as the driver wrote them. */
    g_assert_cmphex(pci_get_quad(d1), ==, RX_BUF + RX_BUF_STRIDE);
    g_assert_cmpuint(reg(E1000_RDH), ==, 2);
    g_assert_true(intx());
    g_assert_cmphex(reg(E1000_ICR) & E1000_ICR_RXT0, ==, E1000_ICR_RXT0);
    g_assert_false(intx());

    /* With the default 2 KiB buffers and SECRC a full-size frame takes one, without FCS. */
    set_reg(E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_SECRC);
    {
        uint8_t big[1514];
        frame_to(big, nic_mac, sizeof(big), 2);
        send(big, sizeof(big));
        g_assert_cmpuint(get_le16(rx_desc(2) + 8), ==, 1514);
        g_assert_cmphex(rx_desc(2)[12] & E1000_RXD_STAT_EOP, ==, E1000_RXD_STAT_EOP);
        g_assert_cmpmem(rx_buf(2), 1514, big, 1514);
    }
    /* A short frame is padded to the 60 bytes of the wire. */
    {
        uint8_t small[42];
        frame_to(small, nic_mac, sizeof(small), 3);
        send(small, sizeof(small));
        g_assert_cmpuint(get_le16(rx_desc(3) + 8), ==, 60);
        g_assert_cmpmem(rx_buf(3), 42, small, 42);
    }
    /* Over 1522 bytes without RCTL.LPE: dropped as oversize. */
    {
        uint8_t huge[1600];
        frame_to(huge, nic_mac, sizeof(huge), 4);
        send(huge, sizeof(huge));
        g_assert_cmpuint(reg(E1000_RDH), ==, 4);
        g_assert_cmpuint(reg(E1000_ROC), ==, 1);
    }
    teardown();
}

static void test_ring_full(void)
{
    uint8_t f[100];

    setup();
    set_reg(E1000_IMS, E1000_ICR_RXT0 | E1000_ICR_RXDMT0 | E1000_ICR_RXO);
    rx_ring_init(8, 0);
    /* Seven descriptors are the NIC's (one always stays with software). */
    for (int i = 0; i < 7; i++) {
        send(f, frame_to(f, nic_mac, sizeof(f), (uint8_t)i));
    }
    g_assert_cmpuint(reg(E1000_RDH), ==, 7);
    g_assert_cmpuint(reg(E1000_RDT), ==, 7);
    /* The descriptors ran low on the way. */
    g_assert_cmphex(reg(E1000_ICR) & E1000_ICR_RXDMT0, ==, E1000_ICR_RXDMT0);

    /* The eighth does not fit: the NIC refuses it and the net layer keeps it. */
    frame_to(f, nic_mac, sizeof(f), 0x80);
    send(f, sizeof(f));
    g_assert_cmpuint(net_client_queue_len(nic_nc()), ==, 1);
    g_assert_cmpuint(reg(E1000_RNBC), ==, 1);
    g_assert_false(rx_desc(7)[12] & E1000_RXD_STAT_DD);

    /* The driver hands back two descriptors: the frame arrives in the first. */
    set_reg(E1000_RDT, 1);
    g_assert_cmpuint(net_client_queue_len(nic_nc()), ==, 0);
    g_assert_cmpuint(reg(E1000_RDH), ==, 0);
    g_assert_cmphex(rx_desc(7)[12] & E1000_RXD_STAT_DD, ==, E1000_RXD_STAT_DD);
    g_assert_cmpmem(rx_buf(7), sizeof(f), f, sizeof(f));
    g_assert_cmpuint(reg(E1000_GPRC), ==, 8);

    /* With the ring full and the queue at its bound, more frames are missed: MPC, RXO. */
    net_client_set_queue_limit(nic_nc(), 1);
    send(f, frame_to(f, nic_mac, sizeof(f), 0x90));     /* fills descriptor 0 */
    send(f, frame_to(f, nic_mac, sizeof(f), 0x91));     /* queued */
    g_assert_cmpint(net_send(be.nc, f, sizeof(f)), ==, 0);     /* dropped by the net layer */
    reg(E1000_ICR);
    g_assert_cmpuint(reg(E1000_MPC), ==, 1);
    g_assert_cmphex(reg(E1000_ICR) & E1000_ICR_RXO, ==, E1000_ICR_RXO);
    g_assert_cmpuint(reg(E1000_MPC), ==, 0);
    teardown();
}

/* Send a frame to dst; true if the NIC stored it. */
static bool accepted(const uint8_t *dst)
{
    uint8_t f[80];
    uint32_t before = reg(E1000_RDH);

    send(f, frame_to(f, dst, sizeof(f), 0x33));
    if (reg(E1000_RDH) == before) {
        return false;
    }
    /* Keep the ring from filling up: hand the descriptor straight back. */
    set_reg(E1000_RDT, (reg(E1000_RDT) + 1) % rx_count);
    return true;
}

/* The multicast table bit for addr as Linux's e1000 computes it (filter type 0: bits 47:36). */
static void mta_set(const uint8_t *addr)
{
    uint32_t hash = ((uint32_t)addr[4] >> 4 | (uint32_t)addr[5] << 4) & 0xfff;
    uint32_t off = E1000_MTA + 4 * (hash >> 5);

    set_reg(off, reg(off) | 1u << (hash & 31));
}

static void test_filters(void)
{
    static const uint8_t other[6] = { 0x52, 0x54, 0x00, 0x99, 0x88, 0x77 };
    static const uint8_t mdns[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb };
    static const uint8_t mc2[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };

    setup();
    rx_ring_init(8, 0);
    g_assert_true(accepted(nic_mac));               /* RAR0: our address */
    g_assert_false(accepted(other));
    g_assert_false(accepted(bcast_mac));            /* no BAM */
    g_assert_false(accepted(mdns));
    set_reg(E1000_RCTL, reg(E1000_RCTL) | E1000_RCTL_BAM);
    g_assert_true(accepted(bcast_mac));
    /* Multicast through the hash table. */
    mta_set(mdns);
    g_assert_true(accepted(mdns));
    g_assert_false(accepted(mc2));
    set_reg(E1000_RCTL, reg(E1000_RCTL) | E1000_RCTL_MPE);
    g_assert_true(accepted(mc2));
    set_reg(E1000_RCTL, reg(E1000_RCTL) & ~E1000_RCTL_MPE);
    /* A second exact address in RAR1, valid only with AV. */
    set_reg(E1000_RA + 8, 0x99005452);
    set_reg(E1000_RA + 12, 0x7788);
    g_assert_false(accepted(other));
    set_reg(E1000_RA + 12, 0x7788 | E1000_RAH_AV);
    g_assert_true(accepted(other));
    /* Our own address in RAR0 invalidated: only promiscuous mode takes it. */
    set_reg(E1000_RA + 4, reg(E1000_RA + 4) & ~E1000_RAH_AV);
    g_assert_false(accepted(nic_mac));
    set_reg(E1000_RCTL, reg(E1000_RCTL) | E1000_RCTL_UPE);
    g_assert_true(accepted(nic_mac));
    g_assert_cmpuint(reg(E1000_BPRC), ==, 1);
    g_assert_cmpuint(reg(E1000_MPRC), ==, 2);
    teardown();
}

static void test_vlan(void)
{
    uint8_t f[100], tagged[104];
    const uint8_t *d;

    setup();
    rx_ring_init(8, E1000_RCTL_SECRC);
    frame_to(f, nic_mac, sizeof(f), 0x44);
    memcpy(tagged, f, 12);
    put_be16(tagged + 12, 0x8100);
    put_be16(tagged + 14, 0x2005);          /* priority 1, VLAN 5 */
    memcpy(tagged + 16, f + 12, sizeof(f) - 12);

    /* Without VME the tag stays in the frame. */
    send(tagged, sizeof(tagged));
    d = rx_desc(0);
    g_assert_cmpuint(get_le16(d + 8), ==, sizeof(tagged));
    g_assert_false(d[12] & E1000_RXD_STAT_VP);
    g_assert_cmpmem(rx_buf(0), sizeof(tagged), tagged, sizeof(tagged));
    /* With VME it is stripped into the descriptor. */
    set_reg(E1000_CTRL, reg(E1000_CTRL) | E1000_CTRL_VME);
    send(tagged, sizeof(tagged));
    d = rx_desc(1);
    g_assert_cmpuint(get_le16(d + 8), ==, sizeof(f));
    g_assert_cmphex(d[12] & E1000_RXD_STAT_VP, ==, E1000_RXD_STAT_VP);
    g_assert_cmphex(get_le16(d + 14), ==, 0x2005);
    g_assert_cmpmem(rx_buf(1), sizeof(f), f, sizeof(f));
    /* The VLAN filter: VLAN 5 passes only once its VFTA bit is set. */
    set_reg(E1000_RCTL, reg(E1000_RCTL) | E1000_RCTL_VFE);
    send(tagged, sizeof(tagged));
    g_assert_cmpuint(reg(E1000_RDH), ==, 2);
    set_reg(E1000_VFTA, 1u << 5);
    send(tagged, sizeof(tagged));
    g_assert_cmpuint(reg(E1000_RDH), ==, 3);
    /* Untagged frames are not subject to it. */
    send(f, sizeof(f));
    g_assert_cmpuint(reg(E1000_RDH), ==, 4);
    teardown();
}

static void test_checksums(void)
{
    uint8_t f[300], payload[200];
    size_t len;
    const uint8_t *d;

    setup();
    rx_ring_init(8, E1000_RCTL_SECRC);
    fill_pattern(payload, sizeof(payload), 0x21);
    len = tcp_frame(f, nic_mac, payload, sizeof(payload), 5, 0x10, 1);
    /* A correct TCP checksum, computed here. */
    put_be16(f + 50, 0);
    put_be16(f + 50, (uint16_t)~ref_fold(ref_sum(0, f + 26, 8) + 6 + (len - 34) +
                                         ref_sum(0, f + 34, len - 34)));
    g_assert_cmphex(ref_l4_verify(f + 14), ==, 0xffff);
    send(f, len);
    d = rx_desc(0);
    g_assert_cmphex(d[12] & (E1000_RXD_STAT_IPCS | E1000_RXD_STAT_TCPCS), ==,
                    E1000_RXD_STAT_IPCS | E1000_RXD_STAT_TCPCS);
    g_assert_cmphex(d[13], ==, 0);
    /* RXCSUM.PCSS 14: the packet checksum is the raw sum of everything after the MAC header. */
    set_reg(E1000_RXCSUM, reg(E1000_RXCSUM) | 14);
    send(f, len);
    g_assert_cmphex(get_le16(rx_desc(1) + 10), ==, ref_fold(ref_sum(0, f + 14, len - 14)));
    /* One payload bit flipped: TCPE. A broken IP header: IPE. */
    f[100] ^= 1;
    send(f, len);
    g_assert_cmphex(rx_desc(2)[13], ==, E1000_RXD_ERR_TCPE);
    f[100] ^= 1;
    f[14 + 8] ^= 1;     /* TTL */
    send(f, len);
    g_assert_cmphex(rx_desc(3)[13] & E1000_RXD_ERR_IPE, ==, E1000_RXD_ERR_IPE);
    f[14 + 8] ^= 1;
    /* TUOFL off (Linux with rx checksumming disabled): no TCP verdict. */
    set_reg(E1000_RXCSUM, E1000_RXCSUM_IPOFL);
    send(f, len);
    g_assert_cmphex(rx_desc(4)[12] & (E1000_RXD_STAT_IPCS | E1000_RXD_STAT_TCPCS), ==,
                    E1000_RXD_STAT_IPCS);
    teardown();
}

static void test_statistics(void)
{
    uint8_t f[1000];

    setup();
    rx_ring_init(8, E1000_RCTL_BAM);
    send(f, frame_to(f, nic_mac, 60, 1));
    send(f, frame_to(f, nic_mac, 200, 2));
    send(f, frame_to(f, bcast_mac, 1000, 3));
    /* Octets include the FCS; the 64-bit pair clears when its high half is read. */
    g_assert_cmpuint(reg(E1000_GPRC), ==, 3);
    g_assert_cmpuint(reg(E1000_GPRC), ==, 0);
    g_assert_cmpuint(reg(E1000_TPR), ==, 3);
    g_assert_cmpuint(reg(E1000_GORCL), ==, 64 + 204 + 1004);
    g_assert_cmpuint(reg(E1000_GORCH), ==, 0);
    g_assert_cmpuint(reg(E1000_GORCL), ==, 0);
    g_assert_cmpuint(reg(E1000_TORL), ==, 64 + 204 + 1004);
    g_assert_cmpuint(reg(E1000_TORH), ==, 0);
    g_assert_cmpuint(reg(E1000_TORL), ==, 0);
    g_assert_cmpuint(reg(E1000_PRC64), ==, 1);
    g_assert_cmpuint(reg(E1000_PRC255), ==, 1);
    g_assert_cmpuint(reg(E1000_PRC1023), ==, 1);
    g_assert_cmpuint(reg(E1000_BPRC), ==, 1);
    g_assert_cmpuint(reg(E1000_PRC64), ==, 0);
    /* Statistics registers cannot be written. */
    set_reg(E1000_GPRC, 55);
    g_assert_cmpuint(reg(E1000_GPRC), ==, 0);
    teardown();
}

static void test_dma_errors(void)
{
    uint8_t f[100];
    unsigned buf_page = RX_BUF / FAKE_PAGE, ring_page = RX_RING / FAKE_PAGE;

    setup();
    log_set_mask(LOG_GUEST_ERROR);
    rx_ring_init(8, E1000_RCTL_SECRC);
    /* The buffer is read-only to the device: the frame is dropped, nothing handed back. */
    host.perm[buf_page] = FAKE_PERM_R;
    send(f, frame_to(f, nic_mac, sizeof(f), 1));
    g_assert_cmpuint(reg(E1000_RDH), ==, 0);
    g_assert_cmphex(rx_desc(0)[12], ==, 0);
    g_assert_cmpuint(net_client_queue_len(nic_nc()), ==, 0);
    g_assert_cmphex(cfg_read(&host.bus, PCI_DEVFN(NIC_SLOT, 0), PCI_STATUS, 2) &
                    PCI_STATUS_REC_MASTER_ABORT, !=, 0);
    host.perm[buf_page] = FAKE_PERM_R | FAKE_PERM_W;
    /* The ring cannot be read: dropped too. */
    host.perm[ring_page] = 0;
    send(f, frame_to(f, nic_mac, sizeof(f), 2));
    g_assert_cmpuint(reg(E1000_RDH), ==, 0);
    host.perm[ring_page] = FAKE_PERM_R | FAKE_PERM_W;
    /* Everything allowed again: the next frame is stored. */
    send(f, frame_to(f, nic_mac, sizeof(f), 3));
    g_assert_cmpuint(reg(E1000_RDH), ==, 1);
    g_assert_cmpmem(rx_buf(0), sizeof(f), f, sizeof(f));

    /* Bus Master off: frames wait in the net layer and arrive when it is turned on. */
    cfg_write(&host.bus, PCI_DEVFN(NIC_SLOT, 0), PCI_COMMAND, 2,
              PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
    send(f, frame_to(f, nic_mac, sizeof(f), 4));
    g_assert_cmpuint(net_client_queue_len(nic_nc()), ==, 1);
    g_assert_cmpuint(reg(E1000_RDH), ==, 1);
    cfg_write(&host.bus, PCI_DEVFN(NIC_SLOT, 0), PCI_COMMAND, 2,
              PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
    g_assert_cmpuint(net_client_queue_len(nic_nc()), ==, 0);
    g_assert_cmpuint(reg(E1000_RDH), ==, 2);
    g_assert_cmpmem(rx_buf(1), sizeof(f), f, sizeof(f));
    log_set_mask(0);
    teardown();
}

static void test_receiver_off(void)
{
    uint8_t f[100];

    setup();
    rx_ring_init(8, 0);
    /* A disabled receiver drops frames: nothing stored, nothing queued. */
    set_reg(E1000_RCTL, 0);
    send(f, frame_to(f, nic_mac, sizeof(f), 1));
    g_assert_cmpuint(net_client_queue_len(nic_nc()), ==, 0);
    set_reg(E1000_RCTL, E1000_RCTL_EN);
    g_assert_cmpuint(reg(E1000_RDH), ==, 0);
    /* So does one without a link. */
    e1000_set_link(nic, false);
    send(f, frame_to(f, nic_mac, sizeof(f), 2));
    g_assert_cmpuint(reg(E1000_RDH), ==, 0);
    g_assert_cmpuint(net_client_queue_len(nic_nc()), ==, 0);
    e1000_set_link(nic, true);
    warp();
    send(f, frame_to(f, nic_mac, sizeof(f), 3));
    g_assert_cmpuint(reg(E1000_RDH), ==, 1);
    teardown();
}

/*
 * Random receive control settings, descriptor rings and frame sizes: the
 * model stays inside its buffers (the ASan build checks) and never stores
 * past the descriptors it owns.
 */
static void test_random_settings(void)
{
    GRand *rnd = g_rand_new_with_seed(0x1000e);
    static uint8_t f[9000];

    setup();
    rx_ring_init(8, 0);
    for (int round = 0; round < 300; round++) {
        size_t len = 14 + g_rand_int_range(rnd, 0, sizeof(f) - 14);
        uint32_t h, t, count;

        for (size_t i = 0; i < len; i++) {
            f[i] = (uint8_t)g_rand_int(rnd);
        }
        if (g_rand_boolean(rnd)) {
            memcpy(f, nic_mac, 6);
        }
        set_reg(E1000_RCTL, g_rand_int(rnd) | E1000_RCTL_EN);
        set_reg(E1000_RXCSUM, g_rand_int(rnd));
        set_reg(E1000_RDLEN, 128 * g_rand_int_range(rnd, 0, 4));
        set_reg(E1000_RDT, g_rand_int_range(rnd, 0, 40));
        if (g_rand_int_range(rnd, 0, 8) == 0) {
            set_reg(E1000_RDH, g_rand_int_range(rnd, 0, 40));
        }
        count = reg(E1000_RDLEN) / 16;
        h = reg(E1000_RDH);
        t = reg(E1000_RDT);
        net_send(be.nc, f, len);
        /* The head only moves through descriptors the NIC owned. */
        if (reg(E1000_RDH) != h) {
            g_assert_cmpuint(count, >, 0);
            g_assert_cmpuint((reg(E1000_RDH) + count - h) % count, <=, (t + count - h) % count);
        }
    }
    g_rand_free(rnd);
    teardown();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    e1000_util_use_all();
    g_test_add_func("/e1000/rx/two-descriptors", test_two_descriptors);
    g_test_add_func("/e1000/rx/ring-full", test_ring_full);
    g_test_add_func("/e1000/rx/filters", test_filters);
    g_test_add_func("/e1000/rx/vlan", test_vlan);
    g_test_add_func("/e1000/rx/checksums", test_checksums);
    g_test_add_func("/e1000/rx/statistics", test_statistics);
    g_test_add_func("/e1000/rx/dma-errors", test_dma_errors);
    g_test_add_func("/e1000/rx/receiver-off", test_receiver_off);
    g_test_add_func("/e1000/rx/random-settings", test_random_settings);
    return g_test_run();
}
