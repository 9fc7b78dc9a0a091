/*
 * e1000 unit tests, transmit side: legacy descriptors (one and several per
 * frame, padding, status write-back, interrupts), checksum offload through a
 * context descriptor (TCP, UDP, IPv4 header) and the legacy IC form, TCP
 * segmentation of a 3000-byte payload, VLAN tag insertion, MAC loopback,
 * the transmit statistics, and DMA failures on the ring and the buffers.
 * What reaches the fake back end is checked byte by byte, checksums against
 * an independent RFC 1071 sum.
 */
#include "core/log.h"
#include "test-e1000-util.h"

#define TXD_LEGACY_EOP (E1000_TXD_CMD_EOP | E1000_TXD_CMD_IFCS | E1000_TXD_CMD_RS)
#define TXD_DATA (E1000_TXD_CMD_DEXT | E1000_TXD_DTYP_D)

static void setup(void)
{
    e1000_setup(NULL);
    tx_ring_init(16);
}

static void teardown(void)
{
    e1000_teardown();
}

static void test_legacy(void)
{
    uint8_t frame[300];
    const uint8_t *got;
    size_t len;
    unsigned d;

    setup();
    set_reg(E1000_IMS, E1000_ICR_TXDW | E1000_ICR_TXQE);
    eth_header(frame, peer_mac, nic_mac, 0x88b5);
    fill_pattern(frame + 14, sizeof(frame) - 14, 1);

    /* One descriptor, one frame. */
    memcpy(host.ram + TX_BUF, frame, 100);
    d = tx_put(TX_BUF, TXD_LEGACY_EOP | 100, 0);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 1);
    got = be_frame(0, &len);
    g_assert_cmpuint(len, ==, 100);
    g_assert_cmpmem(got, len, frame, 100);
    g_assert_cmphex(tx_desc(d)[12] & E1000_TXD_STAT_DD, ==, E1000_TXD_STAT_DD);
    g_assert_cmpuint(reg(E1000_TDH), ==, 1);
    g_assert_true(intx());
    g_assert_cmphex(reg(E1000_ICR), ==, E1000_ICR_TXDW | E1000_ICR_TXQE);
    g_assert_false(intx());

    /* One frame gathered from three buffers; only the last asks for status. */
    memcpy(host.ram + TX_BUF + 0x1000, frame, 120);
    memcpy(host.ram + TX_BUF + 0x2000, frame + 120, 100);
    memcpy(host.ram + TX_BUF + 0x3000, frame + 220, 80);
    tx_put(TX_BUF + 0x1000, E1000_TXD_CMD_IFCS | 120, 0);
    d = tx_put(TX_BUF + 0x2000, E1000_TXD_CMD_IFCS | 100, 0);
    tx_put(TX_BUF + 0x3000, TXD_LEGACY_EOP | 80, 0);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 2);
    got = be_frame(1, &len);
    g_assert_cmpmem(got, len, frame, 300);
    g_assert_cmphex(tx_desc(d)[12], ==, 0);    /* no RS: no write-back */
    g_assert_cmphex(tx_desc(d + 1)[12] & E1000_TXD_STAT_DD, ==, E1000_TXD_STAT_DD);

    /* A short frame is padded to 60 bytes with zeros (TCTL.PSP). */
    memset(host.ram + TX_BUF + 0x4000 + 20, 0xee, 64);
    memcpy(host.ram + TX_BUF + 0x4000, frame, 20);
    tx_put(TX_BUF + 0x4000, TXD_LEGACY_EOP | 20, 0);
    /* A descriptor with a null address carries no data but still reports. */
    d = tx_put(0, E1000_TXD_CMD_RS | 64, 0);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 3);
    got = be_frame(2, &len);
    g_assert_cmpuint(len, ==, 60);
    g_assert_cmpmem(got, 20, frame, 20);
    for (size_t i = 20; i < 60; i++) {
        g_assert_cmphex(got[i], ==, 0);
    }
    g_assert_cmphex(tx_desc(d)[12] & E1000_TXD_STAT_DD, ==, E1000_TXD_STAT_DD);
    g_assert_cmpuint(reg(E1000_TDH), ==, reg(E1000_TDT));

    /* Statistics count what went out (FCS included), and clear on read. */
    g_assert_cmpuint(reg(E1000_GPTC), ==, 3);
    g_assert_cmpuint(reg(E1000_GPTC), ==, 0);
    g_assert_cmpuint(reg(E1000_TPT), ==, 3);
    g_assert_cmpuint(reg(E1000_GOTCL), ==, 104 + 304 + 64);
    g_assert_cmpuint(reg(E1000_GOTCL), ==, 104 + 304 + 64);    /* the low half does not clear */
    g_assert_cmpuint(reg(E1000_GOTCH), ==, 0);
    g_assert_cmpuint(reg(E1000_GOTCL), ==, 0);                  /* reading the high half did */
    g_assert_cmpuint(reg(E1000_TOTL), ==, 104 + 304 + 64);
    g_assert_cmpuint(reg(E1000_PTC64), ==, 1);
    g_assert_cmpuint(reg(E1000_PTC127), ==, 1);
    g_assert_cmpuint(reg(E1000_PTC511), ==, 1);
    g_assert_cmpuint(reg(E1000_PTC127), ==, 0);

    /* Transmit disabled: nothing moves until TCTL.EN comes back. */
    set_reg(E1000_TCTL, 0);
    memcpy(host.ram + TX_BUF, frame, 100);
    tx_put(TX_BUF, TXD_LEGACY_EOP | 100, 0);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 3);
    set_reg(E1000_TCTL, E1000_TCTL_EN);
    g_assert_cmpuint(be.frames->len, ==, 4);
    teardown();
}

/* A TCP/IPv4 frame whose TCP checksum field holds the pseudo-header sum, as Linux leaves it. */
static size_t partial_tcp_frame(uint8_t *f, size_t plen)
{
    uint8_t payload[1500];
    size_t len;

    fill_pattern(payload, plen, 7);
    len = tcp_frame(f, peer_mac, payload, plen, 1000, 0x18, 0x4242);
    put_be16(f + 14 + 20 + 16, pseudo_seed(f + 14, (unsigned)(20 + plen)));
    return len;
}

static void test_checksum_offload(void)
{
    uint8_t f[600], udp[200];
    const uint8_t *got;
    size_t len, ulen;
    uint16_t want;

    setup();
    /* TCP: context descriptor (TUCSS 34, TUCSO 50), data descriptor with TXSM. */
    len = partial_tcp_frame(f, 400);
    memcpy(host.ram + TX_BUF, f, len);
    {
        /* What the checksum must be, from the frame itself: complement of pseudo + segment. */
        uint8_t copy[600];
        memcpy(copy, f, len);
        put_be16(copy + 50, 0);
        want = (uint16_t)~ref_fold(ref_sum(0, copy + 26, 8) + 6 + (len - 34) +
                                   ref_sum(0, copy + 34, len - 34));
    }
    tx_context(0, 0, 0, 34, 50, 0, E1000_TXD_CMD_TCP, 0, 0);
    tx_put(TX_BUF, TXD_DATA | E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS | (uint32_t)len,
           E1000_TXD_POPTS_TXSM << 8);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 1);
    got = be_frame(0, &len);
    g_assert_cmphex(be16(got + 50), ==, want);
    g_assert_cmphex(ref_l4_verify(got + 14), ==, 0xffff);
    g_assert_cmpmem(got + 52, len - 52, f + 52, len - 52);    /* the payload is untouched */

    /* UDP with the IPv4 header checksum too (IXSM): IPCSS 14, IPCSO 24, IPCSE 33. */
    ulen = eth_header(udp, peer_mac, nic_mac, 0x0800);
    memset(udp + 14, 0, 28);
    udp[14] = 0x45;
    put_be16(udp + 16, 28 + 100);
    udp[22] = 64;
    udp[23] = 17;
    put_be32(udp + 26, 0x0a00020f);
    put_be32(udp + 30, 0x0a000203);
    put_be16(udp + 34, 5353);
    put_be16(udp + 36, 53);
    put_be16(udp + 38, 8 + 100);
    fill_pattern(udp + 42, 100, 99);
    ulen = 42 + 100;
    put_be16(udp + 40, pseudo_seed(udp + 14, 108));
    memcpy(host.ram + TX_BUF + 0x1000, udp, ulen);
    tx_context(14, 24, 33, 34, 40, 0, E1000_TXD_CMD_IP, 0, 0);
    tx_put(TX_BUF + 0x1000, TXD_DATA | E1000_TXD_CMD_EOP | (uint32_t)ulen,
           (E1000_TXD_POPTS_TXSM | E1000_TXD_POPTS_IXSM) << 8);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 2);
    got = be_frame(1, &len);
    g_assert_cmpuint(len, ==, ulen);
    g_assert_cmphex(ref_fold(ref_sum(0, got + 14, 20)), ==, 0xffff);
    g_assert_cmphex(be16(got + 24), !=, 0);
    g_assert_cmphex(ref_l4_verify(got + 14), ==, 0xffff);

    /* The legacy form: IC with CSS (first descriptor) and CSO (last). */
    len = partial_tcp_frame(f, 300);
    memcpy(host.ram + TX_BUF + 0x2000, f, len);
    tx_put(TX_BUF + 0x2000, E1000_TXD_CMD_IFCS | 60, (uint32_t)34 << 8);
    tx_put(TX_BUF + 0x2000 + 60, TXD_LEGACY_EOP | E1000_TXD_CMD_IC | (uint32_t)(len - 60) |
                                 50u << 16, 0);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 3);
    got = be_frame(2, &len);
    g_assert_cmphex(ref_l4_verify(got + 14), ==, 0xffff);
    teardown();
}

static void test_tso(void)
{
    enum { PAYLOAD = 3000, MSS = 1460, HDR = 54 };
    uint8_t payload[PAYLOAD], hdr[HDR + 8], rebuilt[PAYLOAD];
    size_t off = 0;

    setup();
    fill_pattern(payload, PAYLOAD, 3);
    /* The header as Linux hands it over: IP length and checksum 0, pseudo sum without length. */
    tcp_frame(hdr, peer_mac, payload, 0, 0x10000000u, 0x19 /* FIN PSH ACK */, 0x7000);
    put_be16(hdr + 16, 0);
    put_be16(hdr + 24, 0);
    put_be16(hdr + 50, pseudo_seed(hdr + 14, 0));
    memcpy(host.ram + TX_BUF, hdr, HDR);
    memcpy(host.ram + TX_BUF + 0x1000, payload, PAYLOAD);

    /* IP header at 14 (checksum at 24, ends at 33), TCP at 34 (checksum at 50). */
    tx_context(14, 24, 33, 34, 50, 0,
               E1000_TXD_CMD_TSE | E1000_TXD_CMD_IP | E1000_TXD_CMD_TCP | PAYLOAD, HDR, MSS);
    /* The header in its own buffer, the payload in three uneven pieces. */
    tx_put(TX_BUF, TXD_DATA | E1000_TXD_CMD_TSE | E1000_TXD_CMD_IFCS | HDR,
           (E1000_TXD_POPTS_TXSM | E1000_TXD_POPTS_IXSM) << 8);
    tx_put(TX_BUF + 0x1000, TXD_DATA | E1000_TXD_CMD_TSE | E1000_TXD_CMD_IFCS | 1000,
           (E1000_TXD_POPTS_TXSM | E1000_TXD_POPTS_IXSM) << 8);
    tx_put(TX_BUF + 0x1000 + 1000, TXD_DATA | E1000_TXD_CMD_TSE | E1000_TXD_CMD_IFCS | 1500,
           (E1000_TXD_POPTS_TXSM | E1000_TXD_POPTS_IXSM) << 8);
    tx_put(TX_BUF + 0x1000 + 2500, TXD_DATA | E1000_TXD_CMD_TSE | E1000_TXD_CMD_IFCS |
                                   E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS | 500,
           (E1000_TXD_POPTS_TXSM | E1000_TXD_POPTS_IXSM) << 8);
    tx_kick();

    g_assert_cmpuint(be.frames->len, ==, 3);
    for (unsigned i = 0; i < 3; i++) {
        size_t len, seg = i < 2 ? MSS : PAYLOAD - 2 * MSS;
        const uint8_t *f = be_frame(i, &len);
        const uint8_t *ip = f + 14, *tcp = f + 34;

        g_assert_cmpuint(len, ==, HDR + seg);
        /* Ethernet header and the unchanged parts of IP and TCP are copied as they were. */
        g_assert_cmpmem(f, 14, hdr, 14);
        g_assert_cmphex(be16(ip + 2), ==, 40 + seg);                 /* IP total length */
        g_assert_cmphex(be16(ip + 4), ==, 0x7000 + i);               /* IP ID counts up */
        g_assert_cmphex(ref_fold(ref_sum(0, ip, 20)), ==, 0xffff);   /* IP header checksum */
        g_assert_cmphex(be32(tcp + 4), ==, 0x10000000u + i * MSS);   /* sequence number */
        g_assert_cmphex(be32(tcp + 8), ==, 0x11223344);             /* ACK number */
        g_assert_cmphex(tcp[13], ==, i < 2 ? 0x10 : 0x19);          /* FIN/PSH on the last */
        g_assert_cmphex(ref_l4_verify(ip), ==, 0xffff);             /* TCP checksum */
        memcpy(rebuilt + off, f + HDR, seg);
        off += seg;
    }
    g_assert_cmpmem(rebuilt, PAYLOAD, payload, PAYLOAD);
    g_assert_cmpuint(reg(E1000_TSCTC), ==, 1);
    g_assert_cmpuint(reg(E1000_GPTC), ==, 3);
    g_assert_cmphex(tx_desc(4)[12] & E1000_TXD_STAT_DD, ==, E1000_TXD_STAT_DD);

    /* A context the hardware cannot use (MSS 0) drops the packet and counts a failure. */
    tx_context(14, 24, 33, 34, 50, 0,
               E1000_TXD_CMD_TSE | E1000_TXD_CMD_IP | E1000_TXD_CMD_TCP | 100, HDR, 0);
    tx_put(TX_BUF, TXD_DATA | E1000_TXD_CMD_TSE | E1000_TXD_CMD_EOP | (HDR + 100), 0);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 3);
    g_assert_cmpuint(reg(E1000_TSCTFC), ==, 1);
    g_assert_cmpuint(reg(E1000_TDH), ==, reg(E1000_TDT));

    /* A TSO packet that ends before its header does is dropped too. */
    tx_context(14, 24, 33, 34, 50, 0,
               E1000_TXD_CMD_TSE | E1000_TXD_CMD_IP | E1000_TXD_CMD_TCP | 100, HDR, MSS);
    tx_put(TX_BUF, TXD_DATA | E1000_TXD_CMD_TSE | E1000_TXD_CMD_EOP | (HDR - 10), 0);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 3);
    g_assert_cmpuint(reg(E1000_TSCTFC), ==, 1);
    teardown();
}

static void test_vlan_and_loopback(void)
{
    uint8_t f[80];
    const uint8_t *got;
    size_t len;

    setup();
    eth_header(f, peer_mac, nic_mac, 0x0800);
    fill_pattern(f + 14, sizeof(f) - 14, 5);
    memcpy(host.ram + TX_BUF, f, sizeof(f));
    /* VLE needs CTRL.VME: without it the tag is not inserted. */
    tx_put(TX_BUF, TXD_LEGACY_EOP | E1000_TXD_CMD_VLE | sizeof(f), 0x0123u << 16);
    tx_kick();
    got = be_frame(0, &len);
    g_assert_cmpmem(got, len, f, sizeof(f));
    set_reg(E1000_CTRL, reg(E1000_CTRL) | E1000_CTRL_VME);
    tx_put(TX_BUF, TXD_LEGACY_EOP | E1000_TXD_CMD_VLE | sizeof(f), 0x0123u << 16);
    tx_kick();
    got = be_frame(1, &len);
    g_assert_cmpuint(len, ==, sizeof(f) + 4);
    g_assert_cmpmem(got, 12, f, 12);
    g_assert_cmphex(be16(got + 12), ==, 0x8100);
    g_assert_cmphex(be16(got + 14), ==, 0x0123);
    g_assert_cmpmem(got + 16, len - 16, f + 12, sizeof(f) - 12);

    /* MAC loopback: the frame comes back into the receive ring, not onto the wire. */
    set_reg(E1000_CTRL, reg(E1000_CTRL) & ~E1000_CTRL_VME);
    rx_ring_init(8, E1000_RCTL_LBM_MAC | E1000_RCTL_SECRC);
    memcpy(f, nic_mac, 6);
    memcpy(host.ram + TX_BUF, f, sizeof(f));
    tx_put(TX_BUF, TXD_LEGACY_EOP | sizeof(f), 0);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 2);
    g_assert_cmpuint(reg(E1000_RDH), ==, 1);
    g_assert_cmpuint(get_le16(rx_desc(0) + 8), ==, sizeof(f));
    g_assert_cmpmem(rx_buf(0), sizeof(f), f, sizeof(f));
    teardown();
}

static void test_dma_errors(void)
{
    uint8_t f[100];
    unsigned ring_page = TX_RING / FAKE_PAGE, buf_page = TX_BUF / FAKE_PAGE;

    setup();
    log_set_mask(LOG_GUEST_ERROR);      /* the failures are logged, and nothing else happens */
    eth_header(f, peer_mac, nic_mac, 0x0800);
    fill_pattern(f + 14, sizeof(f) - 14, 9);
    memcpy(host.ram + TX_BUF, f, sizeof(f));

    /* The ring cannot be read: the ring stops at TDH, nothing is sent. */
    host.perm[ring_page] = 0;
    tx_put(TX_BUF, TXD_LEGACY_EOP | sizeof(f), 0);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 0);
    g_assert_cmpuint(reg(E1000_TDH), ==, 0);
    g_assert_cmphex(cfg_read(&host.bus, PCI_DEVFN(NIC_SLOT, 0), PCI_STATUS, 2) &
                    PCI_STATUS_REC_MASTER_ABORT, !=, 0);
    /* Readable again: the next TDT write resumes where it stopped. */
    host.perm[ring_page] = FAKE_PERM_R | FAKE_PERM_W;
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 1);
    g_assert_cmpuint(reg(E1000_TDH), ==, 1);

    /* The buffer cannot be read: the packet is dropped, its descriptors complete. */
    host.perm[buf_page] = FAKE_PERM_W;
    tx_put(TX_BUF, E1000_TXD_CMD_IFCS | 50, 0);
    tx_put(TX_BUF + 50, TXD_LEGACY_EOP | 50, 0);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 1);
    g_assert_cmpuint(reg(E1000_TDH), ==, 3);
    g_assert_cmphex(tx_desc(2)[12] & E1000_TXD_STAT_DD, ==, E1000_TXD_STAT_DD);
    host.perm[buf_page] = FAKE_PERM_R | FAKE_PERM_W;

    /* The ring is read-only: the frame goes out, the status write-back is lost. */
    host.perm[ring_page] = FAKE_PERM_R;
    tx_put(TX_BUF, TXD_LEGACY_EOP | sizeof(f), 0);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 2);
    g_assert_cmphex(tx_desc(3)[12], ==, 0);
    host.perm[ring_page] = FAKE_PERM_R | FAKE_PERM_W;

    /* TDT beyond the ring: nothing is fetched. */
    set_reg(E1000_TDT, 200);
    g_assert_cmpuint(reg(E1000_TDH), ==, 4);
    g_assert_cmpuint(be.frames->len, ==, 2);
    log_set_mask(0);
    teardown();
}

static void test_no_link(void)
{
    uint8_t f[64];

    setup();
    eth_header(f, peer_mac, nic_mac, 0x0800);
    memcpy(host.ram + TX_BUF, f, sizeof(f));
    /* Without a link the transmitter waits; it sends once the link is back. */
    e1000_set_link(nic, false);
    tx_put(TX_BUF, TXD_LEGACY_EOP | sizeof(f), 0);
    tx_kick();
    g_assert_cmpuint(be.frames->len, ==, 0);
    g_assert_cmpuint(reg(E1000_TDH), ==, 0);
    e1000_set_link(nic, true);
    warp();
    g_assert_cmpuint(be.frames->len, ==, 1);
    g_assert_cmpuint(reg(E1000_TDH), ==, 1);
    teardown();
}

/*
 * Whatever a guest puts in the ring (random descriptors, contexts, offsets,
 * lengths, buffer addresses in and out of the IOMMU window) the model stays
 * inside its buffers (the ASan build checks) and the ring keeps moving.
 */
static void test_random_descriptors(void)
{
    GRand *rnd = g_rand_new_with_seed(0xe1000);

    setup();
    set_reg(E1000_CTRL, reg(E1000_CTRL) | E1000_CTRL_VME);
    for (int round = 0; round < 200; round++) {
        unsigned n = 1 + g_rand_int_range(rnd, 0, 15);

        for (unsigned i = 0; i < n; i++) {
            uint8_t *d = tx_desc(tx_tail);
            uint32_t lower = g_rand_int(rnd);

            for (int b = 0; b < 16; b++) {
                d[b] = (uint8_t)g_rand_int(rnd);
            }
            /* Mostly buffers inside guest memory, some anywhere. */
            if (g_rand_int_range(rnd, 0, 4)) {
                put_le64(d, TX_BUF + g_rand_int_range(rnd, 0, 0x40000));
                lower = (lower & ~0xfffffu) | g_rand_int_range(rnd, 0, 0x12000);
            }
            if (g_rand_boolean(rnd)) {
                lower |= E1000_TXD_CMD_DEXT;
            }
            put_le32(d + 8, lower);
            tx_tail = (tx_tail + 1) % tx_count;
        }
        tx_kick();
        g_assert_cmpuint(reg(E1000_TDH), ==, tx_tail);
    }
    g_rand_free(rnd);
    teardown();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    e1000_util_use_all();
    g_test_add_func("/e1000/tx/legacy", test_legacy);
    g_test_add_func("/e1000/tx/checksum-offload", test_checksum_offload);
    g_test_add_func("/e1000/tx/tso", test_tso);
    g_test_add_func("/e1000/tx/vlan-and-loopback", test_vlan_and_loopback);
    g_test_add_func("/e1000/tx/dma-errors", test_dma_errors);
    g_test_add_func("/e1000/tx/no-link", test_no_link);
    g_test_add_func("/e1000/tx/random-descriptors", test_random_descriptors);
    return g_test_run();
}
