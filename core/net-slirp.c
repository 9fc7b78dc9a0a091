/*
 * The user-mode network back end (-netdev user): libslirp's TCP/IP stack
 * behind a NetClient, as QEMU's net/slirp.c. The guest's frames go into
 * slirp_input(); slirp's frames for the guest come out of send_packet and go
 * to the NIC through net_send().
 *
 * Slirp runs in the glib main loop through one GSource per back end: its
 * prepare step asks slirp_pollfds_fill() which sockets to watch and how long
 * the loop may sleep (slirp's TCP timers), check looks at the poll results
 * and that deadline, and dispatch hands the results to slirp_pollfds_poll().
 * The source keeps one GPollFD per socket across iterations and only adds or
 * removes the ones that changed, since every change wakes the loop up.
 * Slirp's own timers (IPv6 router advertisements) are ppc64-lite timers;
 * slirp's clock is the virtual clock, as in QEMU, so TCP timers stand still
 * while the VM is stopped.
 */
#include <errno.h>
#include <libslirp.h>
#include <string.h>

#include "core/log.h"
#include "core/net-config.h"
#include "core/net.h"
#include "core/timer.h"

#define ETH_MIN_FRAME 60        /* shortest Ethernet frame without its FCS */
#define NS_PER_MS 1000000

/* One watched socket; index is its position in this round's add_poll order. */
typedef struct PollEntry {
    GPollFD pfd;
    unsigned round;
    int index;
} PollEntry;

typedef struct NetUser {
    NetClient *nc;
    Slirp *slirp;
    GSource *source;
    GHashTable *polls;          /* fd -> PollEntry*, registered with source */
    GPtrArray *round;           /* PollEntry* of the latest fill, by index */
    GPtrArray *retired;         /* PollEntry* unregistered since: freed at the next fill */
    unsigned round_no;
    int64_t deadline_ns;        /* virtual time slirp wants to be polled by; -1 none */
    NetUserConfig cfg;          /* the strings slirp was given stay ours */
} NetUser;

typedef struct SlirpSource {
    GSource base;
    NetUser *u;
} SlirpSource;

typedef struct NetUserTimer {
    Timer *timer;
    NetUser *u;
    SlirpTimerId id;
    void *cb_opaque;
} NetUserTimer;

/* ---- poll flags: slirp's and glib's ---- */

static const struct {
    int slirp, gio;
} poll_flags[] = {
    { SLIRP_POLL_IN, G_IO_IN },
    { SLIRP_POLL_OUT, G_IO_OUT },
    { SLIRP_POLL_PRI, G_IO_PRI },
    { SLIRP_POLL_ERR, G_IO_ERR },
    { SLIRP_POLL_HUP, G_IO_HUP },
};

static int to_gio(int slirp_events)
{
    int out = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(poll_flags); i++) {
        out |= slirp_events & poll_flags[i].slirp ? poll_flags[i].gio : 0;
    }
    return out;
}

static int to_slirp(int gio_events)
{
    int out = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(poll_flags); i++) {
        out |= gio_events & poll_flags[i].gio ? poll_flags[i].slirp : 0;
    }
    return out;
}

/* ---- the GSource ---- */

static int add_poll(int fd, int events, void *opaque)
{
    NetUser *u = opaque;
    PollEntry *e = g_hash_table_lookup(u->polls, GINT_TO_POINTER(fd));

    if (!e) {
        e = g_new0(PollEntry, 1);
        e->pfd.fd = fd;
        g_hash_table_insert(u->polls, GINT_TO_POINTER(fd), e);
        g_source_add_poll(u->source, &e->pfd);
    }
    if (e->round != u->round_no) {
        e->round = u->round_no;
        e->pfd.events = 0;
        e->pfd.revents = 0;
        e->index = (int)u->round->len;
        g_ptr_array_add(u->round, e);
    }
    e->pfd.events |= (gushort)to_gio(events);
    return e->index;
}

static int get_revents(int idx, void *opaque)
{
    NetUser *u = opaque;

    if (idx < 0 || (guint)idx >= u->round->len) {
        return 0;
    }
    return to_slirp(((PollEntry *)u->round->pdata[idx])->pfd.revents);
}

static gboolean source_prepare(GSource *source, gint *timeout)
{
    NetUser *u = ((SlirpSource *)source)->u;
    uint32_t ms = UINT32_MAX;
    GHashTableIter it;
    gpointer value;

    g_ptr_array_set_size(u->retired, 0);
    g_ptr_array_set_size(u->round, 0);
    u->round_no++;
    slirp_pollfds_fill(u->slirp, &ms, add_poll, u);

    /* Sockets slirp no longer watches leave the poll set (a closed one would poll as NVAL). */
    g_hash_table_iter_init(&it, u->polls);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        PollEntry *e = value;
        if (e->round != u->round_no) {
            g_source_remove_poll(source, &e->pfd);
            g_hash_table_iter_remove(&it);
        }
    }
    if (ms == UINT32_MAX) {
        u->deadline_ns = -1;
        *timeout = -1;
    } else {
        u->deadline_ns = clock_get_ns(CLOCK_VIRTUAL) + (int64_t)ms * NS_PER_MS;
        *timeout = (gint)MIN(ms, (uint32_t)G_MAXINT);
    }
    return ms == 0;
}

static gboolean source_check(GSource *source)
{
    NetUser *u = ((SlirpSource *)source)->u;

    for (guint i = 0; i < u->round->len; i++) {
        if (((PollEntry *)u->round->pdata[i])->pfd.revents) {
            return TRUE;
        }
    }
    return u->deadline_ns >= 0 && clock_get_ns(CLOCK_VIRTUAL) >= u->deadline_ns;
}

static gboolean source_dispatch(GSource *source, GSourceFunc cb, gpointer data)
{
    NetUser *u = ((SlirpSource *)source)->u;

    slirp_pollfds_poll(u->slirp, 0, get_revents, u);
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs source_funcs = {
    .prepare = source_prepare,
    .check = source_check,
    .dispatch = source_dispatch,
};

/* ---- slirp's callbacks ---- */

static ssize_t cb_send_packet(const void *buf, size_t len, void *opaque)
{
    NetUser *u = opaque;
    uint8_t padded[ETH_MIN_FRAME];

    /* Slirp's ARP replies are shorter than the wire's minimum; a NIC sees padded frames. */
    if (len < ETH_MIN_FRAME) {
        memcpy(padded, buf, len);
        memset(padded + len, 0, ETH_MIN_FRAME - len);
        net_send(u->nc, padded, ETH_MIN_FRAME);
    } else {
        net_send(u->nc, buf, len);
    }
    return (ssize_t)len;
}

static void cb_guest_error(const char *msg, void *opaque)
{
    log_mask(LOG_GUEST_ERROR, "slirp: %s\n", msg);
}

static int64_t cb_clock_get_ns(void *opaque)
{
    return clock_get_ns(CLOCK_VIRTUAL);
}

static void timer_fired(void *opaque)
{
    NetUserTimer *t = opaque;

    slirp_handle_timer(t->u->slirp, t->id, t->cb_opaque);
}

static void *cb_timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
    NetUserTimer *t = g_new0(NetUserTimer, 1);

    t->u = opaque;
    t->id = id;
    t->cb_opaque = cb_opaque;
    t->timer = timer_new(CLOCK_VIRTUAL, timer_fired, t);
    return t;
}

static void cb_timer_free(void *timer, void *opaque)
{
    NetUserTimer *t = timer;

    timer_free(t->timer);
    g_free(t);
}

/* expire is in milliseconds of slirp's clock (the virtual clock). */
static void cb_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    NetUserTimer *t = timer;

    timer_mod(t->timer, expire_ms * NS_PER_MS);
}

static void cb_register_poll_fd(int fd, void *opaque)
{
    /* A socket is watched once slirp_pollfds_fill asks for it. */
}

/*
 * Slirp is closing the socket: stop polling it now, since the number may be
 * reused before the next fill. The entry itself may still be in this round's
 * index table, so it is freed at the next fill.
 */
static void cb_unregister_poll_fd(int fd, void *opaque)
{
    NetUser *u = opaque;
    PollEntry *e = g_hash_table_lookup(u->polls, GINT_TO_POINTER(fd));

    if (e) {
        g_source_remove_poll(u->source, &e->pfd);
        e->pfd.revents = 0;
        g_hash_table_steal(u->polls, GINT_TO_POINTER(fd));
        g_ptr_array_add(u->retired, e);
    }
}

static void cb_notify(void *opaque)
{
    NetUser *u = opaque;

    g_main_context_wakeup(g_source_get_context(u->source));
}

static void cb_init_completed(Slirp *slirp, void *opaque)
{
    NetUser *u = opaque;

    u->slirp = slirp;   /* before slirp_new returns: its timers may be created already */
}

static const SlirpCb slirp_callbacks = {
    .send_packet = cb_send_packet,
    .guest_error = cb_guest_error,
    .clock_get_ns = cb_clock_get_ns,
    .timer_free = cb_timer_free,
    .timer_mod = cb_timer_mod,
    .register_poll_fd = cb_register_poll_fd,
    .unregister_poll_fd = cb_unregister_poll_fd,
    .notify = cb_notify,
    .init_completed = cb_init_completed,
    .timer_new_opaque = cb_timer_new_opaque,
};

/* ---- the NetClient ---- */

static ssize_t user_receive(NetClient *nc, const uint8_t *buf, size_t len)
{
    NetUser *u = net_client_opaque(nc);

    slirp_input(u->slirp, buf, (int)len);
    return (ssize_t)len;
}

static void user_info_str(NetClient *nc, GString *out)
{
    NetUser *u = net_client_opaque(nc);

    g_string_append_printf(out, "net=%s,restrict=%s", inet_ntoa(u->cfg.net),
                           u->cfg.restricted ? "on" : "off");
}

static void user_cleanup(NetClient *nc)
{
    NetUser *u = net_client_opaque(nc);

    if (u->slirp) {
        slirp_cleanup(u->slirp);    /* closes its sockets (unregistering them) */
    }
    g_source_destroy(u->source);
    g_source_unref(u->source);
    g_hash_table_unref(u->polls);
    g_ptr_array_unref(u->round);
    g_ptr_array_unref(u->retired);
    net_user_config_clear(&u->cfg);
    g_free(u);
}

static const NetClientOps user_ops = {
    .kind = NET_CLIENT_USER,
    .receive = user_receive,
    .info_str = user_info_str,
    .cleanup = user_cleanup,
};

static void copy_config(NetUserConfig *dst, const NetUserConfig *src)
{
    *dst = *src;
    dst->hostname = g_strdup(src->hostname);
    dst->domainname = g_strdup(src->domainname);
    dst->tftp = g_strdup(src->tftp);
    dst->bootfile = g_strdup(src->bootfile);
    dst->tftp_server_name = g_strdup(src->tftp_server_name);
    dst->dnssearch = g_strdupv(src->dnssearch);
    dst->hostfwd = NULL;    /* bound once, not kept */
}

static bool add_hostfwd(NetUser *u, const NetHostFwd *f, Error **errp)
{
    struct sockaddr_in host = {
        .sin_family = AF_INET,
        .sin_addr = f->host_addr,
        .sin_port = htons((uint16_t)f->host_port),
    };
    struct sockaddr_in guest = {
        .sin_family = AF_INET,
        .sin_addr = f->guest_addr,  /* 0: slirp forwards to the first DHCP address */
        .sin_port = htons((uint16_t)f->guest_port),
    };

    errno = 0;
    if (slirp_add_hostxfwd(u->slirp, (struct sockaddr *)&host, sizeof(host),
                           (struct sockaddr *)&guest, sizeof(guest),
                           f->udp ? SLIRP_HOSTFWD_UDP : 0) < 0) {
        error_setg(errp, "could not set up host forwarding rule '%s'%s%s", f->rule,
                   errno ? ": " : "", errno ? g_strerror(errno) : "");
        return false;
    }
    return true;
}

NetClient *net_user_new(const char *id, const NetUserConfig *cfg, Error **errp)
{
    NetUser *u;
    SlirpConfig sc = { .version = 4 };

    if (net_netdev_find(id)) {
        error_setg(errp, "duplicate netdev id '%s'", id);
        return NULL;
    }
    u = g_new0(NetUser, 1);
    copy_config(&u->cfg, cfg);
    u->polls = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    u->round = g_ptr_array_new();
    u->retired = g_ptr_array_new_with_free_func(g_free);
    u->deadline_ns = -1;
    u->source = g_source_new(&source_funcs, sizeof(SlirpSource));
    ((SlirpSource *)u->source)->u = u;
    g_source_set_name(u->source, "slirp");

    sc.restricted = u->cfg.restricted;
    sc.in_enabled = u->cfg.ipv4;
    sc.vnetwork = u->cfg.net;
    sc.vnetmask = u->cfg.mask;
    sc.vhost = u->cfg.host;
    sc.in6_enabled = u->cfg.ipv6;
    sc.vprefix_addr6 = u->cfg.prefix6;
    sc.vprefix_len = (uint8_t)u->cfg.prefix6_len;
    sc.vhost6 = u->cfg.host6;
    sc.vhostname = u->cfg.hostname;
    sc.tftp_server_name = u->cfg.tftp_server_name;
    sc.tftp_path = u->cfg.tftp;
    sc.bootfile = u->cfg.bootfile;
    sc.vdhcp_start = u->cfg.dhcp_start;
    sc.vnameserver = u->cfg.dns;
    sc.vnameserver6 = u->cfg.dns6;
    sc.vdnssearch = (const char **)u->cfg.dnssearch;
    sc.vdomainname = u->cfg.domainname;
    u->nc = net_client_new(&user_ops, id, u);
    if (!slirp_new(&sc, &slirp_callbacks, u)) {
        error_setg(errp, "libslirp refused the configuration");
        net_client_free(u->nc);
        return NULL;
    }
    for (guint i = 0; cfg->hostfwd && i < cfg->hostfwd->len; i++) {
        if (!add_hostfwd(u, &g_array_index(cfg->hostfwd, NetHostFwd, i), errp)) {
            net_client_free(u->nc);
            return NULL;
        }
    }
    g_source_attach(u->source, NULL);
    return u->nc;
}
