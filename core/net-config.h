/*
 * The -netdev and -nic command-line options, parsed into a NetConfig with
 * QEMU's syntax and defaults (qemu-options.hx, net/slirp.c):
 *
 *   -netdev user,id=ID[,net=ADDR[/MASK]][,host=ADDR][,dns=ADDR][,dhcpstart=ADDR]
 *           [,ipv4=on|off][,ipv6=on|off][,ipv6-net=PREFIX[/LEN]][,ipv6-host=ADDR]
 *           [,ipv6-dns=ADDR][,restrict=on|off][,hostname=NAME][,domainname=NAME]
 *           [,dnssearch=DOMAIN...][,tftp=DIR][,bootfile=FILE][,tftp-server-name=NAME]
 *           [,hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT...]
 *   -nic user[,id=ID][,model=MODEL][,mac=MAC][,user options] | -nic none
 *
 * Parsing is pure: nothing is bound or created here (net_init does that), so
 * every syntax or consistency error is found before anything starts.
 */
#ifndef CORE_NET_CONFIG_H
#define CORE_NET_CONFIG_H

#include <glib.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "core/net.h"

typedef struct NetHostFwd {
    bool udp;
    struct in_addr host_addr;   /* INADDR_ANY when not given */
    int host_port;              /* 0..65535 (0: any free port) */
    struct in_addr guest_addr;  /* 0: the first DHCP address */
    int guest_port;             /* 1..65535 */
    char *rule;                 /* as written, for messages */
} NetHostFwd;

struct NetUserConfig {
    bool ipv4, ipv6;
    bool restricted;
    struct in_addr net, mask, host, dns, dhcp_start;
    struct in6_addr prefix6, host6, dns6;
    int prefix6_len;
    char *hostname, *domainname, *tftp, *bootfile, *tftp_server_name;
    char **dnssearch;           /* NULL-terminated, or NULL */
    GArray *hostfwd;            /* of NetHostFwd */
};

typedef struct NetdevConfig {
    char *id;
    bool from_nic;              /* made by -nic (for messages) */
    NetUserConfig user;         /* type=user is the only back end */
} NetdevConfig;

typedef struct NicConfig {
    char *model;                /* NULL: the machine's default */
    uint8_t mac[NET_MAC_LEN];   /* all zeros: the default */
    char *netdev;               /* id of the back end created with it */
} NicConfig;

struct NetConfig {
    GPtrArray *netdevs;         /* of NetdevConfig*, -netdev and -nic in command-line order */
    GPtrArray *nics;            /* of NicConfig* */
    bool nic_none;              /* -nic none was given */
    bool help;                  /* -netdev help: list the back end types */
};

void net_config_init(NetConfig *cfg);
void net_config_free(NetConfig *cfg);
/* Add one -netdev / -nic argument; false with one line in *errp on bad input. */
bool net_config_add_netdev(NetConfig *cfg, const char *arg, Error **errp);
bool net_config_add_nic(NetConfig *cfg, const char *arg, Error **errp);
/* QEMU's defaults: 10.0.2.0/24, host .2, DNS .3, DHCP from .15, fec0::/64, IPv4 and IPv6 on. */
void net_user_config_default(NetUserConfig *u);
void net_user_config_clear(NetUserConfig *u);

#endif
