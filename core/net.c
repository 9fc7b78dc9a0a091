/*
 * Network clients, their queues, NIC requests and `info network` (see net.h).
 * The peer model, the queue rules and the monitor format follow QEMU's
 * net/net.c and net/queue.c.
 */
#include "core/net.h"

#include <stdio.h>
#include <string.h>

#include "core/net-config.h"

typedef struct NetFrame {
    size_t len;
    uint8_t data[];
} NetFrame;

struct NetClient {
    const NetClientOps *ops;
    void *opaque;
    char *name;
    char *model;                /* NICs: the model ("e1000") */
    uint8_t mac[NET_MAC_LEN];   /* NICs */
    NetClient *peer;
    GQueue queue;               /* of NetFrame*: frames from the peer waiting for this client */
    size_t queue_limit;
    uint64_t dropped;
    bool receive_disabled;      /* refused a frame; nothing is delivered until a flush */
    bool delivering;            /* inside its receive callback */
};

static GPtrArray *clients;      /* of NetClient*, in creation order (as `info network` lists) */
static GPtrArray *requests;     /* of NetNicRequest* */

static const char *const kind_names[] = {
    [NET_CLIENT_NIC] = "nic",
    [NET_CLIENT_USER] = "user",
};

static const uint8_t default_mac_prefix[5] = { 0x52, 0x54, 0x00, 0x12, 0x34 };
#define DEFAULT_MAC_FIRST 0x56  /* 52:54:00:12:34:56 */

/* ---- clients ---- */

NetClient *net_client_new(const NetClientOps *ops, const char *name, void *opaque)
{
    NetClient *nc = g_new0(NetClient, 1);

    nc->ops = ops;
    nc->opaque = opaque;
    nc->name = g_strdup(name);
    nc->queue_limit = NET_QUEUE_LIMIT;
    g_queue_init(&nc->queue);
    if (!clients) {
        clients = g_ptr_array_new();
    }
    g_ptr_array_add(clients, nc);
    return nc;
}

static void queue_purge(NetClient *nc)
{
    NetFrame *f;

    while ((f = g_queue_pop_head(&nc->queue))) {
        g_free(f);
    }
}

void net_client_free(NetClient *nc)
{
    if (!nc) {
        return;
    }
    if (nc->peer) {
        /* Peers are point to point: whatever waits in the peer's queue came from us. */
        queue_purge(nc->peer);
        nc->peer->peer = NULL;
    }
    g_ptr_array_remove(clients, nc);
    if (nc->ops->cleanup) {
        nc->ops->cleanup(nc);
    }
    queue_purge(nc);
    g_free(nc->name);
    g_free(nc->model);
    g_free(nc);
}

void *net_client_opaque(NetClient *nc)
{
    return nc->opaque;
}

const char *net_client_name(NetClient *nc)
{
    return nc->name;
}

NetClient *net_client_peer(NetClient *nc)
{
    return nc->peer;
}

size_t net_client_queue_len(NetClient *nc)
{
    return g_queue_get_length(&nc->queue);
}

uint64_t net_client_dropped(NetClient *nc)
{
    return nc->dropped;
}

void net_client_set_queue_limit(NetClient *nc, size_t limit)
{
    nc->queue_limit = MAX(limit, 1);
}

/* ---- delivery ---- */

static bool can_deliver(NetClient *rx)
{
    return !rx->receive_disabled && !rx->delivering &&
           (!rx->ops->can_receive || rx->ops->can_receive(rx));
}

/* Hand one frame to rx; 0 means rx refused it and takes nothing more until a flush. */
static ssize_t deliver(NetClient *rx, const uint8_t *buf, size_t len)
{
    ssize_t r;

    rx->delivering = true;
    r = rx->ops->receive(rx, buf, len);
    rx->delivering = false;
    if (r == 0) {
        rx->receive_disabled = true;
    }
    return r;
}

static ssize_t enqueue(NetClient *rx, const uint8_t *buf, size_t len)
{
    NetFrame *f;

    if (g_queue_get_length(&rx->queue) >= rx->queue_limit) {
        rx->dropped++;
        return 0;
    }
    f = g_malloc(sizeof(*f) + len);
    f->len = len;
    memcpy(f->data, buf, len);
    g_queue_push_tail(&rx->queue, f);
    return (ssize_t)len;
}

/* Deliver queued frames in order while rx takes them; true if the queue emptied. */
static bool drain(NetClient *rx)
{
    while (!g_queue_is_empty(&rx->queue)) {
        NetFrame *f = g_queue_peek_head(&rx->queue);

        if (!can_deliver(rx) || deliver(rx, f->data, f->len) == 0) {
            return false;
        }
        /* The callback may have purged the queue (its peer went away). */
        if (g_queue_peek_head(&rx->queue) == f) {
            g_queue_pop_head(&rx->queue);
            g_free(f);
        }
    }
    return true;
}

ssize_t net_send(NetClient *nc, const uint8_t *buf, size_t len)
{
    NetClient *rx = nc->peer;

    if (!rx) {
        return (ssize_t)len;
    }
    if (len == 0 || len > NET_FRAME_MAX) {
        rx->dropped++;
        return 0;
    }
    /* Queued frames go first: a new one never overtakes them. */
    if (!g_queue_is_empty(&rx->queue) && !drain(rx)) {
        return enqueue(rx, buf, len);
    }
    if (can_deliver(rx) && deliver(rx, buf, len) != 0) {
        return (ssize_t)len;
    }
    return enqueue(rx, buf, len);
}

bool net_client_flush(NetClient *nc)
{
    if (nc->delivering) {
        return false;   /* called from its own receive: the outer delivery goes on */
    }
    nc->receive_disabled = false;
    return drain(nc);
}

/* ---- NICs ---- */

NetClient *net_netdev_find(const char *id)
{
    for (guint i = 0; clients && i < clients->len; i++) {
        NetClient *nc = clients->pdata[i];
        if (nc->ops->kind != NET_CLIENT_NIC && !strcmp(nc->name, id)) {
            return nc;
        }
    }
    return NULL;
}

static bool mac_in_use(const uint8_t mac[NET_MAC_LEN])
{
    for (guint i = 0; clients && i < clients->len; i++) {
        NetClient *nc = clients->pdata[i];
        if (nc->ops->kind == NET_CLIENT_NIC && !memcmp(nc->mac, mac, NET_MAC_LEN)) {
            return true;
        }
    }
    for (guint i = 0; requests && i < requests->len; i++) {
        if (!memcmp(((NetNicRequest *)requests->pdata[i])->mac, mac, NET_MAC_LEN)) {
            return true;
        }
    }
    return false;
}

/* QEMU's default: 52:54:00:12:34:56, or the next last byte no NIC or request uses. */
static void mac_default(uint8_t mac[NET_MAC_LEN])
{
    memcpy(mac, default_mac_prefix, sizeof(default_mac_prefix));
    for (unsigned b = DEFAULT_MAC_FIRST; b <= 0xff; b++) {
        mac[5] = (uint8_t)b;
        if (!mac_in_use(mac)) {
            return;
        }
    }
}

static bool mac_is_zero(const uint8_t mac[NET_MAC_LEN])
{
    static const uint8_t zero[NET_MAC_LEN];

    return !memcmp(mac, zero, NET_MAC_LEN);
}

/* "model.N", N counting the NICs of that model so far. */
static char *nic_auto_name(const char *model)
{
    unsigned n = 0;

    for (guint i = 0; clients && i < clients->len; i++) {
        NetClient *nc = clients->pdata[i];
        if (nc->ops->kind == NET_CLIENT_NIC && !strcmp(nc->model, model)) {
            n++;
        }
    }
    return g_strdup_printf("%s.%u", model, n);
}

NetClient *net_nic_new(const char *model, const char *name, uint8_t mac[NET_MAC_LEN],
                       const char *netdev_id, const NetClientOps *ops, void *opaque,
                       Error **errp)
{
    NetClient *peer = NULL;
    NetClient *nc;
    g_autofree char *auto_name = NULL;

    g_assert(ops->kind == NET_CLIENT_NIC);
    if (netdev_id) {
        peer = net_netdev_find(netdev_id);
        if (!peer) {
            error_setg(errp, "netdev '%s' not found", netdev_id);
            return NULL;
        }
        if (peer->peer) {
            error_setg(errp, "netdev '%s' is already in use by %s", netdev_id,
                       peer->peer->name);
            return NULL;
        }
    }
    if (mac[0] & 1) {
        error_setg(errp, "a NIC cannot have a multicast MAC address (odd first byte)");
        return NULL;
    }
    if (mac_is_zero(mac)) {
        mac_default(mac);
    }
    if (!name) {
        name = auto_name = nic_auto_name(model);
    }
    nc = net_client_new(ops, name, opaque);
    nc->model = g_strdup(model);
    memcpy(nc->mac, mac, NET_MAC_LEN);
    if (peer) {
        nc->peer = peer;
        peer->peer = nc;
    }
    return nc;
}

/* ---- -nic requests ---- */

static void request_free(gpointer p)
{
    NetNicRequest *r = p;

    g_free((char *)r->model);
    g_free((char *)r->netdev);
    g_free(r);
}

size_t net_nic_request_count(void)
{
    return requests ? requests->len : 0;
}

NetNicRequest *net_nic_request(size_t i)
{
    g_assert(i < net_nic_request_count());
    return requests->pdata[i];
}

static void request_add(const NicConfig *nic)
{
    NetNicRequest *r = g_new0(NetNicRequest, 1);

    r->model = g_strdup(nic->model);
    r->netdev = g_strdup(nic->netdev);
    memcpy(r->mac, nic->mac, NET_MAC_LEN);
    /* The MAC is settled now, as QEMU does, so -nic NICs get the first defaults. */
    if (mac_is_zero(r->mac)) {
        mac_default(r->mac);
    }
    if (!requests) {
        requests = g_ptr_array_new_with_free_func(request_free);
    }
    g_ptr_array_add(requests, r);
}

/* ---- start-up ---- */

bool net_init(const NetConfig *cfg, Error **errp)
{
    for (guint i = 0; i < cfg->netdevs->len; i++) {
        const NetdevConfig *nd = cfg->netdevs->pdata[i];

        if (!net_user_new(nd->id, &nd->user, errp)) {
            if (nd->from_nic) {
                error_prepend(errp, "-nic: ");
            } else {
                error_prepend(errp, "-netdev %s: ", nd->id);
            }
            return false;
        }
    }
    for (guint i = 0; i < cfg->nics->len; i++) {
        request_add(cfg->nics->pdata[i]);
    }
    return true;
}

bool net_check_clients(Error **errp)
{
    for (size_t i = 0; i < net_nic_request_count(); i++) {
        NetNicRequest *r = net_nic_request(i);
        if (!r->claimed) {
            if (r->model) {
                error_setg(errp, "-nic: model '%s' not available", r->model);
            } else {
                error_setg(errp, "-nic: this machine has no default NIC model (give model=)");
            }
            return false;
        }
    }
    for (guint i = 0; clients && i < clients->len; i++) {
        NetClient *nc = clients->pdata[i];
        if (!nc->peer) {
            error_report("warning: %s %s has no peer",
                         nc->ops->kind == NET_CLIENT_NIC ? "nic" : "netdev", nc->name);
        }
    }
    return true;
}

/* ---- info network ---- */

static void print_client(NetClient *nc, GString *out)
{
    g_string_append_printf(out, "%s: index=0,type=%s,", nc->name, kind_names[nc->ops->kind]);
    if (nc->ops->kind == NET_CLIENT_NIC) {
        g_string_append_printf(out, "model=%s,macaddr=%02x:%02x:%02x:%02x:%02x:%02x", nc->model,
                               nc->mac[0], nc->mac[1], nc->mac[2], nc->mac[3], nc->mac[4],
                               nc->mac[5]);
    } else if (nc->ops->info_str) {
        nc->ops->info_str(nc, out);
    }
    g_string_append_c(out, '\n');
}

/* A NIC with its back end indented below it; a client without a peer on its own. */
void net_info(GString *out)
{
    for (guint i = 0; clients && i < clients->len; i++) {
        NetClient *nc = clients->pdata[i];
        bool nic = nc->ops->kind == NET_CLIENT_NIC;

        if (!nc->peer || nic) {
            print_client(nc, out);
        }
        if (nc->peer && nic) {
            g_string_append(out, " \\ ");
            print_client(nc->peer, out);
        }
    }
}

void net_cleanup(void)
{
    while (clients && clients->len) {
        net_client_free(clients->pdata[clients->len - 1]);
    }
    g_clear_pointer(&clients, g_ptr_array_unref);
    g_clear_pointer(&requests, g_ptr_array_unref);
}
