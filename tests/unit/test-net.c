/*
 * Network clients (core/net.c) and the user back end (core/net-slirp.c)
 * driven for real: a fake NIC written here sends hand-built Ethernet frames
 * into libslirp and checks what comes back (DHCP, ARP, TCP to a server on
 * 127.0.0.1, host forwarding), while the glib main loop runs slirp. Also the
 * receive queue's order and bound, NIC naming and MACs, -nic requests and
 * `info network`. Servers listen on 127.0.0.1 and close when a test ends.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/net-config.h"
#include "core/net.h"
#include "core/timer.h"

#define GUEST_IP "10.0.2.15"
#define HOST_IP "10.0.2.2"
#define ETH_P_IP 0x0800
#define ETH_P_ARP 0x0806
#define IPPROTO_UDP_ 17
#define IPPROTO_TCP_ 6
#define TCP_SYN 0x02
#define TCP_ACK 0x10
#define WAIT_US (5 * G_USEC_PER_SEC)

static const uint8_t guest_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t broadcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* ---- the fake NIC ---- */

typedef struct FakeNic {
    NetClient *nc;
    GPtrArray *frames;      /* of GBytes*, in arrival order */
    bool full;              /* can_receive says no */
    int refuse_after;       /* receive returns 0 once this many frames arrived; -1 never */
} FakeNic;

static bool fake_can_receive(NetClient *nc)
{
    return !((FakeNic *)net_client_opaque(nc))->full;
}

static ssize_t fake_receive(NetClient *nc, const uint8_t *buf, size_t len)
{
    FakeNic *n = net_client_opaque(nc);

    if (n->refuse_after >= 0 && (int)n->frames->len >= n->refuse_after) {
        return 0;
    }
    g_ptr_array_add(n->frames, g_bytes_new(buf, len));
    return (ssize_t)len;
}

static const NetClientOps fake_nic_ops = {
    .kind = NET_CLIENT_NIC,
    .can_receive = fake_can_receive,
    .receive = fake_receive,
};

static FakeNic *fake_nic_new(const char *netdev)
{
    FakeNic *n = g_new0(FakeNic, 1);
    uint8_t mac[6];
    Error *err = NULL;

    memcpy(mac, guest_mac, 6);
    n->frames = g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    n->refuse_after = -1;
    n->nc = net_nic_new("e1000", NULL, mac, netdev, &fake_nic_ops, n, &err);
    if (!n->nc) {
        g_error("net_nic_new: %s", error_get_pretty(err));
    }
    return n;
}

static void fake_nic_free(FakeNic *n)
{
    g_ptr_array_unref(n->frames);
    g_free(n);
}

/* A user back end with the defaults, or cfg's changes to them. */
static NetClient *user_new(const char *id, const char *opts)
{
    NetConfig cfg;
    Error *err = NULL;
    g_autofree char *arg = g_strdup_printf("user,id=%s%s%s", id, opts ? "," : "",
                                           opts ? opts : "");
    NetClient *nc;

    net_config_init(&cfg);
    g_assert_true(net_config_add_netdev(&cfg, arg, &err));
    nc = net_user_new(id, &((NetdevConfig *)cfg.netdevs->pdata[0])->user, &err);
    if (!nc) {
        g_error("net_user_new: %s", error_get_pretty(err));
    }
    net_config_free(&cfg);
    return nc;
}

/* ---- frames ---- */

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t ip(const char *s)
{
    struct in_addr a;

    g_assert_true(inet_aton(s, &a));
    return a.s_addr;    /* network order, as it sits in a frame */
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 1 < len; i += 2) {
        sum += get16(p + i);
    }
    if (len & 1) {
        sum += (uint32_t)p[len - 1] << 8;
    }
    return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
    while (sum >> 16) {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return (uint16_t)~sum;
}

static size_t eth_header(uint8_t *f, const uint8_t dst[6], uint16_t type)
{
    memcpy(f, dst, 6);
    memcpy(f + 6, guest_mac, 6);
    put16(f + 12, type);
    return 14;
}

/* Ethernet + IPv4 around an L4 payload of len bytes at f + 34 (checksum done by the caller). */
static size_t ipv4_frame(uint8_t *f, const uint8_t dst_mac[6], uint8_t proto, uint32_t src,
                         uint32_t dst, size_t l4_len)
{
    uint8_t *iph = f + eth_header(f, dst_mac, ETH_P_IP);

    iph[0] = 0x45;
    iph[1] = 0;
    put16(iph + 2, (uint16_t)(20 + l4_len));
    put16(iph + 4, 0x1234);
    put16(iph + 6, 0x4000);     /* don't fragment */
    iph[8] = 64;
    iph[9] = proto;
    put16(iph + 10, 0);
    memcpy(iph + 12, &src, 4);
    memcpy(iph + 16, &dst, 4);
    put16(iph + 10, csum_fold(csum_add(0, iph, 20)));
    return 34 + l4_len;
}

static uint16_t l4_checksum(const uint8_t *f, uint8_t proto, size_t l4_len)
{
    uint8_t pseudo[12];

    memcpy(pseudo, f + 26, 8);      /* source and destination addresses */
    pseudo[8] = 0;
    pseudo[9] = proto;
    put16(pseudo + 10, (uint16_t)l4_len);
    return csum_fold(csum_add(csum_add(0, pseudo, 12), f + 34, l4_len));
}

static size_t dhcp_discover(uint8_t *f, uint32_t xid)
{
    uint8_t *udp = f + 34, *bootp = udp + 8;
    size_t bootp_len = 240 + 4;

    memset(f, 0, 34 + 8 + bootp_len);
    bootp[0] = 1;               /* BOOTREQUEST */
    bootp[1] = 1;               /* Ethernet */
    bootp[2] = 6;
    memcpy(bootp + 4, &xid, 4);
    memcpy(bootp + 28, guest_mac, 6);
    memcpy(bootp + 236, (const uint8_t[]){ 99, 130, 83, 99 }, 4);    /* magic cookie */
    memcpy(bootp + 240, (const uint8_t[]){ 53, 1, 1, 255 }, 4);      /* DHCPDISCOVER, end */
    put16(udp, 68);
    put16(udp + 2, 67);
    put16(udp + 4, (uint16_t)(8 + bootp_len));
    size_t len = ipv4_frame(f, broadcast_mac, IPPROTO_UDP_, 0, 0xffffffff, 8 + bootp_len);
    put16(udp + 6, l4_checksum(f, IPPROTO_UDP_, 8 + bootp_len));
    return len;
}

static size_t arp_request(uint8_t *f, const char *target)
{
    uint8_t *a = f + eth_header(f, broadcast_mac, ETH_P_ARP);
    uint32_t spa = ip(GUEST_IP), tpa = ip(target);

    put16(a, 1);                /* Ethernet */
    put16(a + 2, ETH_P_IP);
    a[4] = 6;
    a[5] = 4;
    put16(a + 6, 1);            /* request */
    memcpy(a + 8, guest_mac, 6);
    memcpy(a + 14, &spa, 4);
    memset(a + 18, 0, 6);
    memcpy(a + 24, &tpa, 4);
    return 42;
}

static size_t tcp_syn(uint8_t *f, const uint8_t dst_mac[6], uint16_t sport, uint16_t dport,
                      uint32_t seq)
{
    uint8_t *t = f + 34;

    memset(t, 0, 20);
    put16(t, sport);
    put16(t + 2, dport);
    t[4] = (uint8_t)(seq >> 24);
    t[5] = (uint8_t)(seq >> 16);
    t[6] = (uint8_t)(seq >> 8);
    t[7] = (uint8_t)seq;
    t[12] = 5 << 4;
    t[13] = TCP_SYN;
    put16(t + 14, 65535);
    size_t len = ipv4_frame(f, dst_mac, IPPROTO_TCP_, ip(GUEST_IP), ip(HOST_IP), 20);
    put16(t + 16, l4_checksum(f, IPPROTO_TCP_, 20));
    return len;
}

static uint32_t get32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The first received frame that is IPv4 with this protocol, or NULL. */
static const uint8_t *find_ipv4(FakeNic *n, uint8_t proto, size_t *len)
{
    for (guint i = 0; i < n->frames->len; i++) {
        gsize l;
        const uint8_t *f = g_bytes_get_data(n->frames->pdata[i], &l);
        if (l >= 34 && get16(f + 12) == ETH_P_IP && f[23] == proto) {
            *len = l;
            return f;
        }
    }
    return NULL;
}

static bool slirp_ran(void)
{
    /* Slirp's own timers are ppc64-lite timers; run them as the main loop would. */
    timers_run_expired();
    return g_main_context_iteration(NULL, FALSE);
}

/* Spin the main loop until pred(arg) holds, for at most WAIT_US. */
static bool loop_until(bool (*pred)(void *), void *arg)
{
    gint64 end = g_get_monotonic_time() + WAIT_US;

    while (!pred(arg)) {
        if (g_get_monotonic_time() > end) {
            return false;
        }
        if (!slirp_ran()) {
            g_usleep(1000);
        }
    }
    return true;
}

/* ---- slirp for real ---- */

static void test_dhcp_offer(void)
{
    NetClient *user = user_new("n0", NULL);
    FakeNic *nic = fake_nic_new("n0");
    uint8_t f[1514];
    size_t len;
    uint32_t xid = htonl(0x1badcafe);

    net_send(nic->nc, f, dhcp_discover(f, xid));
    const uint8_t *r = find_ipv4(nic, IPPROTO_UDP_, &len);
    g_assert_nonnull(r);
    g_assert_cmpmem(r, 6, broadcast_mac, 6);        /* the client has no address yet */
    g_assert_cmpuint(get32(r + 30), ==, 0xffffffff);
    g_assert_cmpuint(get16(r + 34), ==, 67);
    g_assert_cmpuint(get16(r + 36), ==, 68);
    const uint8_t *bootp = r + 42;
    g_assert_cmpuint(bootp[0], ==, 2);              /* BOOTREPLY */
    g_assert_cmpmem(bootp + 4, 4, &xid, 4);
    uint32_t yiaddr = ip(GUEST_IP);
    g_assert_cmpmem(bootp + 16, 4, &yiaddr, 4);     /* your address: 10.0.2.15 */
    /* Options: DHCP message type 2 (offer) and server id 10.0.2.2. */
    bool offer = false, server = false;
    for (const uint8_t *o = bootp + 240; o < r + len && *o != 255; o += o[0] ? 2 + o[1] : 1) {
        uint32_t host = ip(HOST_IP);
        offer |= o[0] == 53 && o[2] == 2;
        server |= o[0] == 54 && !memcmp(o + 2, &host, 4);
    }
    g_assert_true(offer);
    g_assert_true(server);
    net_client_free(nic->nc);
    fake_nic_free(nic);
    net_client_free(user);
}

static void test_arp_reply(void)
{
    NetClient *user = user_new("n0", NULL);
    FakeNic *nic = fake_nic_new("n0");
    uint8_t f[64];
    gsize len;

    net_send(nic->nc, f, arp_request(f, HOST_IP));
    g_assert_cmpuint(nic->frames->len, ==, 1);
    const uint8_t *r = g_bytes_get_data(nic->frames->pdata[0], &len);
    g_assert_cmpuint(len, >=, 60);                  /* at least the Ethernet minimum */
    g_assert_cmpuint(get16(r + 12), ==, ETH_P_ARP);
    g_assert_cmpmem(r, 6, guest_mac, 6);
    g_assert_cmpuint(get16(r + 20), ==, 2);         /* reply */
    uint32_t host = ip(HOST_IP), guest = ip(GUEST_IP);
    g_assert_cmpmem(r + 28, 4, &host, 4);           /* 10.0.2.2 is at ... */
    g_assert_cmpmem(r + 22, 6, r + 6, 6);           /* ... the frame's sender */
    g_assert_cmpmem(r + 32, 6, guest_mac, 6);
    g_assert_cmpmem(r + 38, 4, &guest, 4);
    for (gsize i = 42; i < len; i++) {
        g_assert_cmpuint(r[i], ==, 0);
    }
    /* An address slirp does not own gets no answer. */
    net_send(nic->nc, f, arp_request(f, "10.0.2.77"));
    g_assert_cmpuint(nic->frames->len, ==, 1);
    net_client_free(nic->nc);
    fake_nic_free(nic);
    net_client_free(user);
}

static int listen_loopback(uint16_t *port)
{
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t alen = sizeof(a);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(bind(fd, (struct sockaddr *)&a, sizeof(a)), ==, 0);
    g_assert_cmpint(listen(fd, 4), ==, 0);
    g_assert_cmpint(getsockname(fd, (struct sockaddr *)&a, &alen), ==, 0);
    *port = ntohs(a.sin_port);
    return fd;
}

/* A TCP frame from 10.0.2.2 to the guest with these flags, or NULL. */
static const uint8_t *find_tcp(FakeNic *n, uint8_t flags, uint16_t sport, uint16_t dport)
{
    for (guint i = 0; i < n->frames->len; i++) {
        gsize l;
        const uint8_t *f = g_bytes_get_data(n->frames->pdata[i], &l);
        if (l >= 54 && get16(f + 12) == ETH_P_IP && f[23] == IPPROTO_TCP_ &&
            (f[47] & 0x3f) == flags && (!sport || get16(f + 34) == sport) &&
            get16(f + 36) == dport) {
            return f;
        }
    }
    return NULL;
}

typedef struct SynAckWait {
    FakeNic *nic;
    int listen_fd, conn_fd;
    uint16_t port;
} SynAckWait;

static bool syn_ack_and_accepted(void *opaque)
{
    SynAckWait *w = opaque;

    if (w->conn_fd < 0) {
        w->conn_fd = accept(w->listen_fd, NULL, NULL);
    }
    return w->conn_fd >= 0 && find_tcp(w->nic, TCP_SYN | TCP_ACK, w->port, 40000);
}

static void test_tcp_to_host_loopback(void)
{
    NetClient *user = user_new("n0", NULL);
    FakeNic *nic = fake_nic_new("n0");
    SynAckWait w = { .nic = nic, .conn_fd = -1 };
    uint8_t f[128];

    w.listen_fd = listen_loopback(&w.port);
    net_send(nic->nc, f, arp_request(f, HOST_IP));     /* slirp learns the guest's MAC */
    g_assert_cmpuint(nic->frames->len, ==, 1);
    const uint8_t *arp = g_bytes_get_data(nic->frames->pdata[0], NULL);
    uint8_t host_mac[6];
    memcpy(host_mac, arp + 22, 6);

    net_send(nic->nc, f, tcp_syn(f, host_mac, 40000, w.port, 1000));
    g_assert_true(loop_until(syn_ack_and_accepted, &w));
    const uint8_t *sa = find_tcp(nic, TCP_SYN | TCP_ACK, w.port, 40000);
    g_assert_cmpuint(get32(sa + 42), ==, 1001);                 /* acknowledges our SYN */
    uint32_t host = ip(HOST_IP), guest = ip(GUEST_IP);
    g_assert_cmpmem(sa + 26, 4, &host, 4);
    g_assert_cmpmem(sa + 30, 4, &guest, 4);
    g_assert_cmpuint(l4_checksum(sa, IPPROTO_TCP_, get16(sa + 16) - 20), ==, 0);
    /* 58 bytes with its MSS option: the NIC gets it padded to the Ethernet minimum. */
    g_assert_cmpuint(14 + get16(sa + 16), ==, 58);
    gsize sa_len = 0;
    for (guint i = 0; i < nic->frames->len; i++) {
        if (g_bytes_get_data(nic->frames->pdata[i], NULL) == (gconstpointer)sa) {
            g_bytes_get_data(nic->frames->pdata[i], &sa_len);
        }
    }
    g_assert_cmpuint(sa_len, ==, 60);
    g_assert_cmpuint(sa[58] | sa[59], ==, 0);
    close(w.conn_fd);
    close(w.listen_fd);
    net_client_free(nic->nc);
    fake_nic_free(nic);
    net_client_free(user);
}

/* A port that was free a moment ago (the forwarding rule binds it again). */
static uint16_t free_port(void)
{
    uint16_t port;
    int fd = listen_loopback(&port);

    close(fd);
    return port;
}

typedef struct FwdWait {
    FakeNic *nic;
    uint16_t guest_port;
} FwdWait;

static bool syn_to_guest(void *opaque)
{
    FwdWait *w = opaque;

    return find_tcp(w->nic, TCP_SYN, 0, w->guest_port) != NULL;
}

static void test_hostfwd(void)
{
    uint16_t host_port = free_port();
    g_autofree char *opts = g_strdup_printf("hostfwd=tcp:127.0.0.1:%u-:8080", host_port);
    NetClient *user = user_new("n0", opts);
    FakeNic *nic = fake_nic_new("n0");
    FwdWait w = { .nic = nic, .guest_port = 8080 };
    struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(host_port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    uint8_t f[64];
    int fd;

    net_send(nic->nc, f, arp_request(f, HOST_IP));     /* slirp learns the guest's MAC */
    fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    g_assert_true(connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0 || errno == EINPROGRESS);
    g_assert_true(loop_until(syn_to_guest, &w));
    const uint8_t *syn = find_tcp(nic, TCP_SYN, 0, 8080);
    uint32_t guest = ip(GUEST_IP);
    g_assert_cmpmem(syn, 6, guest_mac, 6);
    g_assert_cmpmem(syn + 30, 4, &guest, 4);        /* to the first DHCP address */
    close(fd);
    net_client_free(nic->nc);
    fake_nic_free(nic);
    net_client_free(user);
}

static void test_hostfwd_busy_port(void)
{
    uint16_t port;
    int fd = listen_loopback(&port);
    NetConfig cfg;
    Error *err = NULL;
    g_autofree char *arg = g_strdup_printf("user,id=n0,hostfwd=tcp:127.0.0.1:%u-:22", port);
    g_autofree char *expect = g_strdup_printf(
        "could not set up host forwarding rule 'tcp:127.0.0.1:%u-:22': Address already in use",
        port);

    net_config_init(&cfg);
    g_assert_true(net_config_add_netdev(&cfg, arg, &err));
    g_assert_false(net_init(&cfg, &err));
    g_assert_nonnull(err);
    g_assert_true(g_str_has_prefix(error_get_pretty(err), "-netdev n0: "));
    g_assert_cmpstr(error_get_pretty(err) + strlen("-netdev n0: "), ==, expect);
    error_free(err);
    g_assert_null(net_netdev_find("n0"));          /* nothing half made is left */
    net_config_free(&cfg);
    close(fd);
    net_cleanup();
}

/* Frames slirp sends while the NIC's ring is full wait, then arrive in order. */
static void test_slirp_to_full_nic(void)
{
    NetClient *user = user_new("n0", NULL);
    FakeNic *nic = fake_nic_new("n0");
    uint8_t f[64];

    nic->full = true;
    net_send(nic->nc, f, arp_request(f, HOST_IP));
    net_send(nic->nc, f, arp_request(f, "10.0.2.3"));
    g_assert_cmpuint(nic->frames->len, ==, 0);
    g_assert_cmpuint(net_client_queue_len(nic->nc), ==, 2);
    nic->full = false;
    g_assert_true(net_client_flush(nic->nc));
    g_assert_cmpuint(nic->frames->len, ==, 2);
    uint32_t host = ip(HOST_IP), dns = ip("10.0.2.3");
    g_assert_cmpmem((const uint8_t *)g_bytes_get_data(nic->frames->pdata[0], NULL) + 28, 4,
                    &host, 4);
    g_assert_cmpmem((const uint8_t *)g_bytes_get_data(nic->frames->pdata[1], NULL) + 28, 4,
                    &dns, 4);
    g_assert_cmpuint(net_client_dropped(nic->nc), ==, 0);
    net_client_free(nic->nc);
    fake_nic_free(nic);
    net_client_free(user);
}

/* ---- the queue, with a fake back end ---- */

typedef struct FakeBackend {
    GPtrArray *frames;
} FakeBackend;

static ssize_t backend_receive(NetClient *nc, const uint8_t *buf, size_t len)
{
    g_ptr_array_add(((FakeBackend *)net_client_opaque(nc))->frames, g_bytes_new(buf, len));
    return (ssize_t)len;
}

static void backend_info(NetClient *nc, GString *out)
{
    g_string_append(out, "fake");
}

static const NetClientOps backend_ops = {
    .kind = NET_CLIENT_USER,
    .receive = backend_receive,
    .info_str = backend_info,
};

static uint8_t frame_no(FakeNic *n, guint i)
{
    return ((const uint8_t *)g_bytes_get_data(n->frames->pdata[i], NULL))[0];
}

static void test_queue_bound(void)
{
    FakeBackend be = { g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref) };
    NetClient *back = net_client_new(&backend_ops, "b0", &be);
    FakeNic *nic = fake_nic_new("b0");
    uint8_t f[60] = { 0 };

    net_client_set_queue_limit(nic->nc, 4);
    nic->full = true;
    for (uint8_t i = 0; i < 6; i++) {
        f[0] = i;
        g_assert_cmpint(net_send(back, f, sizeof(f)), ==, i < 4 ? (ssize_t)sizeof(f) : 0);
    }
    g_assert_cmpuint(net_client_queue_len(nic->nc), ==, 4);
    g_assert_cmpuint(net_client_dropped(nic->nc), ==, 2);
    g_assert_cmpuint(nic->frames->len, ==, 0);

    /*
     * Room again but no flush yet: a new frame must not overtake the queued
     * ones, so they all go now, in order.
     */
    nic->full = false;
    f[0] = 7;
    g_assert_cmpint(net_send(back, f, sizeof(f)), ==, sizeof(f));
    g_assert_cmpuint(net_client_queue_len(nic->nc), ==, 0);

    /* receive refuses the 8th frame: it and the next wait until a flush. */
    nic->refuse_after = 7;
    for (uint8_t i = 8; i < 12; i++) {
        f[0] = i;
        g_assert_cmpint(net_send(back, f, sizeof(f)), ==, sizeof(f));
    }
    g_assert_cmpuint(nic->frames->len, ==, 7);
    g_assert_cmpuint(net_client_queue_len(nic->nc), ==, 2);
    g_assert_false(net_client_flush(nic->nc));     /* still refused */
    g_assert_cmpuint(net_client_queue_len(nic->nc), ==, 2);
    nic->refuse_after = -1;
    g_assert_true(net_client_flush(nic->nc));
    const uint8_t order[] = { 0, 1, 2, 3, 7, 8, 9, 10, 11 };
    g_assert_cmpuint(nic->frames->len, ==, G_N_ELEMENTS(order));
    for (guint i = 0; i < G_N_ELEMENTS(order); i++) {
        g_assert_cmpuint(frame_no(nic, i), ==, order[i]);
    }
    g_assert_cmpuint(net_client_dropped(nic->nc), ==, 2);

    /* The other way round: the NIC's frames reach the back end at once. */
    f[0] = 42;
    g_assert_cmpint(net_send(nic->nc, f, sizeof(f)), ==, sizeof(f));
    g_assert_cmpuint(be.frames->len, ==, 1);
    /* Oversized and empty frames are dropped and counted. */
    g_autofree uint8_t *big = g_malloc0(NET_FRAME_MAX + 1);
    g_assert_cmpint(net_send(nic->nc, big, NET_FRAME_MAX + 1), ==, 0);
    g_assert_cmpint(net_send(nic->nc, f, 0), ==, 0);
    g_assert_cmpuint(net_client_dropped(back), ==, 2);

    /* Unplugging the NIC leaves the back end unconnected; sending to nobody is fine. */
    net_client_free(nic->nc);
    fake_nic_free(nic);
    g_assert_null(net_client_peer(back));
    g_assert_cmpint(net_send(back, f, sizeof(f)), ==, sizeof(f));
    net_client_free(back);
    g_ptr_array_unref(be.frames);
}

/* The default queue bound is QEMU's 10000 frames. */
static void test_queue_default_bound(void)
{
    FakeBackend be = { g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref) };
    NetClient *back = net_client_new(&backend_ops, "b0", &be);
    FakeNic *nic = fake_nic_new("b0");
    uint8_t f[60] = { 0 };

    nic->full = true;
    for (int i = 0; i < NET_QUEUE_LIMIT + 5; i++) {
        net_send(back, f, sizeof(f));
    }
    g_assert_cmpuint(net_client_queue_len(nic->nc), ==, 10000);
    g_assert_cmpuint(net_client_dropped(nic->nc), ==, 5);
    net_client_free(back);      /* the back end goes first: the NIC's queue is purged */
    g_assert_cmpuint(net_client_queue_len(nic->nc), ==, 0);
    net_client_free(nic->nc);
    fake_nic_free(nic);
    g_ptr_array_unref(be.frames);
}

/* ---- NICs, requests, info network ---- */

static void test_nic_names_macs_info(void)
{
    NetClient *user = user_new("n1", NULL);
    NetClient *user2 = user_new("n2", "net=192.168.76.0/24,restrict=on");
    FakeNic *a = fake_nic_new("n1");
    uint8_t mac[6] = { 0 };
    Error *err = NULL;
    GString *out = g_string_new(NULL);

    /* A second NIC gets the next default MAC and the next name. */
    NetClient *b = net_nic_new("e1000", NULL, mac, NULL, &fake_nic_ops, NULL, &err);
    g_assert_nonnull(b);
    const uint8_t mac57[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x57 };
    g_assert_cmpmem(mac, 6, mac57, 6);
    g_assert_cmpstr(net_client_name(b), ==, "e1000.1");

    net_info(out);
    g_assert_cmpstr(out->str, ==,
                    "n2: index=0,type=user,net=192.168.76.0,restrict=on\n"
                    "e1000.0: index=0,type=nic,model=e1000,macaddr=52:54:00:12:34:56\n"
                    " \\ n1: index=0,type=user,net=10.0.2.0,restrict=off\n"
                    "e1000.1: index=0,type=nic,model=e1000,macaddr=52:54:00:12:34:57\n");

    memset(mac, 0, 6);
    g_assert_null(net_nic_new("e1000", "x", mac, "n1", &fake_nic_ops, NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "netdev 'n1' is already in use by e1000.0");
    error_free(err);
    err = NULL;
    g_assert_null(net_nic_new("e1000", "x", mac, "nope", &fake_nic_ops, NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "netdev 'nope' not found");
    error_free(err);
    err = NULL;
    mac[0] = 1;
    g_assert_null(net_nic_new("e1000", "x", mac, NULL, &fake_nic_ops, NULL, &err));
    g_assert_nonnull(err);
    error_free(err);
    err = NULL;
    g_assert_null(net_user_new("n1", NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "duplicate netdev id 'n1'");
    error_free(err);

    net_client_free(b);
    net_client_free(a->nc);
    fake_nic_free(a);
    net_client_free(user);
    net_client_free(user2);
    g_string_free(out, TRUE);
}

static void test_nic_requests(void)
{
    NetConfig cfg;
    Error *err = NULL;

    net_config_init(&cfg);
    g_assert_true(net_config_add_nic(&cfg, "user,model=rtl8139", &err));
    g_assert_true(net_config_add_nic(&cfg, "user,mac=52:54:00:aa:bb:cc,hostfwd=udp::0-:53", &err));
    g_assert_true(net_init(&cfg, &err));
    g_assert_cmpuint(net_nic_request_count(), ==, 2);

    NetNicRequest *r0 = net_nic_request(0), *r1 = net_nic_request(1);
    const uint8_t mac56[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
    const uint8_t macbc[6] = { 0x52, 0x54, 0x00, 0xaa, 0xbb, 0xcc };
    g_assert_cmpstr(r0->model, ==, "rtl8139");
    g_assert_cmpmem(r0->mac, 6, mac56, 6);
    g_assert_cmpstr(r0->netdev, ==, "__org.qemu.nic0");
    g_assert_null(r1->model);
    g_assert_cmpmem(r1->mac, 6, macbc, 6);
    g_assert_nonnull(net_netdev_find("__org.qemu.nic1"));

    /* A -device NIC made meanwhile does not take the requests' MAC. */
    uint8_t mac[6] = { 0 };
    NetClient *other = net_nic_new("e1000", NULL, mac, NULL, &fake_nic_ops, NULL, &err);
    g_assert_cmpuint(mac[5], ==, 0x57);

    g_assert_false(net_check_clients(&err));
    g_assert_cmpstr(error_get_pretty(err), ==, "-nic: model 'rtl8139' not available");
    error_free(err);
    err = NULL;
    r0->claimed = true;
    g_assert_false(net_check_clients(&err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "-nic: this machine has no default NIC model (give model=)");
    error_free(err);
    err = NULL;
    r1->claimed = true;
    g_assert_true(net_check_clients(&err));     /* (warns about the peerless clients) */

    net_client_free(other);
    net_config_free(&cfg);
    net_cleanup();
    g_assert_cmpuint(net_nic_request_count(), ==, 0);
    g_assert_null(net_netdev_find("__org.qemu.nic0"));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/net/slirp/dhcp-offer", test_dhcp_offer);
    g_test_add_func("/net/slirp/arp-reply", test_arp_reply);
    g_test_add_func("/net/slirp/tcp-to-host-loopback", test_tcp_to_host_loopback);
    g_test_add_func("/net/slirp/hostfwd", test_hostfwd);
    g_test_add_func("/net/slirp/hostfwd-busy-port", test_hostfwd_busy_port);
    g_test_add_func("/net/slirp/full-nic", test_slirp_to_full_nic);
    g_test_add_func("/net/queue/bound", test_queue_bound);
    g_test_add_func("/net/queue/default-bound", test_queue_default_bound);
    g_test_add_func("/net/nic/names-macs-info", test_nic_names_macs_info);
    g_test_add_func("/net/nic/requests", test_nic_requests);
    return g_test_run();
}
