/*
 * Network clients: the layer between a NIC model (a PCI network card) and a
 * network back end (-netdev), modelled on QEMU's net/net.c.
 *
 * A NIC front end and a back end are peers. A frame one of them sends goes
 * into the other's receive callback, or into the receiver's incoming queue
 * while it cannot take frames: a NIC whose RX ring is full says so (its
 * can_receive returns false, or receive returns 0) and calls
 * net_client_flush() once it has room again. The queue is bounded (QEMU's
 * 10000 frames); a frame beyond the bound is dropped and counted, never
 * silently lost.
 *
 * Back ends are created at start from the -netdev / -nic configuration
 * (net-config.h); the only back end is `user` (libslirp, net-slirp.c).
 * -nic also leaves a NIC request that the machine instantiates with a NIC
 * model (net_nic_request*); one nobody claimed is a start-up error.
 *
 * A NIC model (say pci/e1000.c) uses it like this:
 *   realize:   nc = net_nic_new("e1000", dev->id, s->mac, s->netdev, &ops, s, errp);
 *              (s->mac, all zeros unless mac= was given, comes back filled in:
 *              it goes into the EEPROM)
 *   TX:        net_send(nc, frame, len) for each frame the guest queued;
 *   RX:        ops.receive copies a frame into the ring and returns len, or
 *              returns 0 when the ring is full (ops.can_receive can say so
 *              too); once the guest gives it descriptors back, the model calls
 *              net_client_flush(nc);
 *   unrealize: net_client_free(nc) (the back end stays, free for a new NIC).
 * The machine, after building its devices, walks net_nic_request(i) for
 * i < net_nic_request_count(), creates each request's model with mac= and
 * netdev= set from it (model NULL: its default NIC), and sets claimed.
 */
#ifndef CORE_NET_H
#define CORE_NET_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/error.h"

typedef struct NetClient NetClient;
typedef struct NetConfig NetConfig;
typedef struct NetUserConfig NetUserConfig;

#define NET_MAC_LEN 6
#define NET_QUEUE_LIMIT 10000       /* frames held for a receiver, as QEMU's NetQueue */
#define NET_FRAME_MAX (65536 + 4096) /* the largest frame passed around (QEMU's NET_BUFSIZE) */

typedef enum NetClientKind {
    NET_CLIENT_NIC,     /* a NIC model's front end */
    NET_CLIENT_USER,    /* -netdev user (libslirp) */
} NetClientKind;

typedef struct NetClientOps {
    NetClientKind kind;
    /* May the client take a frame now? NULL: always. false: frames for it are queued. */
    bool (*can_receive)(NetClient *nc);
    /*
     * Take one frame from the peer. Returns len when taken (or deliberately
     * discarded), 0 when it cannot be taken now: the frame stays queued and
     * delivery stops until the client calls net_client_flush().
     */
    ssize_t (*receive)(NetClient *nc, const uint8_t *buf, size_t len);
    /* The part of `info network` after "type=...," ("net=10.0.2.0,restrict=off"). */
    void (*info_str)(NetClient *nc, GString *out);
    /* Release the client's own state (called from net_client_free). */
    void (*cleanup)(NetClient *nc);
} NetClientOps;

/*
 * A new client named name (unique among back ends), with its own opaque
 * state, not yet connected to a peer. Back ends use this; NICs use net_nic_new.
 */
NetClient *net_client_new(const NetClientOps *ops, const char *name, void *opaque);
/* Disconnect from the peer (which keeps running unconnected), drop the queue, free. */
void net_client_free(NetClient *nc);
void *net_client_opaque(NetClient *nc);
const char *net_client_name(NetClient *nc);
NetClient *net_client_peer(NetClient *nc);

/*
 * Send a frame to the peer. Returns len if it was delivered, or queued for
 * the peer; 0 if it was dropped because the peer's queue is full (counted in
 * the peer's net_client_dropped). A frame with no peer goes nowhere and
 * counts as sent, as on an unplugged cable.
 */
ssize_t net_send(NetClient *nc, const uint8_t *buf, size_t len);
/*
 * The client can receive again: deliver its queued frames in order until the
 * queue is empty or the client refuses one. Returns true if the queue emptied.
 */
bool net_client_flush(NetClient *nc);
/* Frames waiting in the client's incoming queue; frames dropped because it was full. */
size_t net_client_queue_len(NetClient *nc);
uint64_t net_client_dropped(NetClient *nc);
/* Lower (or restore) the bound of the client's incoming queue (at least 1). */
void net_client_set_queue_limit(NetClient *nc, size_t limit);

/* ---- NIC front ends ---- */

/*
 * A NIC's front end, connected to the back end netdev_id (NULL: none; then it
 * is a NIC with no cable). mac is in/out: all zeros means "pick the default",
 * 52:54:00:12:34:56 and up, as QEMU does. name NULL gives "model.N".
 * Fails if the netdev does not exist or already has a peer.
 */
NetClient *net_nic_new(const char *model, const char *name, uint8_t mac[NET_MAC_LEN],
                       const char *netdev_id, const NetClientOps *ops, void *opaque,
                       Error **errp);
/* "52:54:00:12:34:56" -> mac; false if malformed. */
bool net_parse_mac(const char *s, uint8_t mac[NET_MAC_LEN]);

/* ---- back ends ---- */

/* Look up a back end by its id (-netdev id=). */
NetClient *net_netdev_find(const char *id);
/* The user-mode (libslirp) back end; binds every hostfwd rule now. */
NetClient *net_user_new(const char *id, const NetUserConfig *cfg, Error **errp);

/* ---- -nic requests, for the machine ---- */

typedef struct NetNicRequest {
    const char *model;      /* NULL: the machine's default NIC model */
    uint8_t mac[NET_MAC_LEN];   /* all zeros: the default */
    const char *netdev;     /* the back end -nic created */
    bool claimed;           /* set by the machine once it created the NIC */
} NetNicRequest;

size_t net_nic_request_count(void);
NetNicRequest *net_nic_request(size_t i);

/* ---- start-up and monitor ---- */

/* Create every back end and NIC request of the command line. */
bool net_init(const NetConfig *cfg, Error **errp);
/*
 * After the machine is built: an error for a -nic request no NIC model took;
 * a warning on stderr for each client left without a peer (as QEMU).
 */
bool net_check_clients(Error **errp);
/* `info network`, in QEMU's format. */
void net_info(GString *out);
/* Free every client and request (at exit, and between tests). */
void net_cleanup(void);

#endif
