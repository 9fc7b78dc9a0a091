/*
 * -netdev and -nic parsing (see net-config.h). The option syntax, the
 * defaults and the consistency rules are QEMU's (qemu-options.hx, the user
 * back end in net/slirp.c, -nic in net/net.c); messages are one line each.
 */
#include "core/net-config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <string.h>

#include "core/options.h"

#define NET_NAME_MAX 255        /* hostname, domainname, tftp-server-name (DHCP option limits) */
#define NIC_NETDEV_ID "__org.qemu.nic%u"    /* the id QEMU gives -nic's back end */

/* The raw address arguments: defaults depend on net=, so they are settled last. */
typedef struct UserArgs {
    const char *net, *host, *dns, *dhcpstart, *ipv6_net, *ipv6_host, *ipv6_dns;
} UserArgs;

typedef struct ParseCtx {
    const char *opt;            /* "-netdev" or "-nic", for messages */
    NetdevConfig *nd;
    NicConfig *nic;             /* -nic only */
    UserArgs args;
    GPtrArray *dnssearch;
} ParseCtx;

static bool fail(ParseCtx *c, Error **errp, const char *fmt, ...) G_GNUC_PRINTF(3, 4);

static bool fail(ParseCtx *c, Error **errp, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(errp, "%s%s%s: %s", c->opt, c->nd->id ? " " : "", c->nd->id ? c->nd->id : "",
               msg);
    return false;
}

/* ---- small parsers ---- */

/* QEMU's id rule: a letter, then letters, digits, '-', '.', '_'. */
static bool id_wellformed(const char *id)
{
    if (!isalpha((unsigned char)id[0])) {
        return false;
    }
    for (const char *p = id + 1; *p; p++) {
        if (!isalnum((unsigned char)*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

static bool parse_bool(const char *s, bool *out)
{
    if (!strcmp(s, "on") || !strcmp(s, "yes") || !strcmp(s, "true")) {
        *out = true;
    } else if (!strcmp(s, "off") || !strcmp(s, "no") || !strcmp(s, "false")) {
        *out = false;
    } else {
        return false;
    }
    return true;
}

static bool parse_port(const char *s, int min, int *out)
{
    guint64 v;

    if (!g_ascii_string_to_unsigned(s, 10, (guint64)min, 65535, &v, NULL)) {
        return false;
    }
    *out = (int)v;
    return true;
}

bool net_parse_mac(const char *s, uint8_t mac[NET_MAC_LEN])
{
    for (int i = 0; i < NET_MAC_LEN; i++) {
        if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1])) {
            return false;
        }
        mac[i] = (uint8_t)(g_ascii_xdigit_value(s[0]) << 4 | g_ascii_xdigit_value(s[1]));
        s += 2;
        if (i < NET_MAC_LEN - 1 && *s++ != ':') {
            return false;
        }
    }
    return *s == '\0';
}

static uint32_t be32(struct in_addr a)
{
    return ntohl(a.s_addr);
}

static struct in_addr in_addr_of(uint32_t host_order)
{
    return (struct in_addr){ .s_addr = htonl(host_order) };
}

/*
 * net=ADDR with no mask takes the mask of the address's class, checked in
 * this order. The rows are QEMU's, whose "class C" row matches 224.0.0.0/3,
 * so that a command line gives the guest the same network as under QEMU.
 */
static const struct {
    uint32_t select, value, mask;
} classful_masks[] = {
    { 0x80000000, 0x00000000, 0xff000000 },    /* class A */
    { 0xfff00000, 0xac100000, 0xfff00000 },    /* 172.16.0.0/12, private */
    { 0xc0000000, 0x80000000, 0xffff0000 },    /* class B */
    { 0xffff0000, 0xc0a80000, 0xffff0000 },    /* 192.168.0.0/16, private */
    { 0xffff0000, 0xc6120000, 0xfffe0000 },    /* 198.18.0.0/15, benchmarking */
    { 0xe0000000, 0xe0000000, 0xffffff00 },
    { 0x00000000, 0x00000000, 0xfffffff0 },    /* anything else */
};

/* "ADDR", "ADDR/BITS" (4..32) or "ADDR/MASK". */
static bool parse_net(ParseCtx *c, const char *s, uint32_t *net, uint32_t *mask, Error **errp)
{
    g_auto(GStrv) parts = g_strsplit(s, "/", 2);
    struct in_addr a, m;
    guint64 bits;

    /* "net=" splits into no fields at all. */
    if (!parts[0] || !inet_aton(parts[0], &a)) {
        return fail(c, errp, "net: invalid address '%s'", parts[0] ? parts[0] : "");
    }
    *net = be32(a);
    if (!parts[1]) {
        for (size_t i = 0; i < G_N_ELEMENTS(classful_masks); i++) {
            if ((*net & classful_masks[i].select) == classful_masks[i].value) {
                *mask = classful_masks[i].mask;
                break;
            }
        }
    } else if (g_ascii_string_to_unsigned(parts[1], 10, 0, G_MAXUINT32, &bits, NULL)) {
        if (bits < 4 || bits > 32) {
            return fail(c, errp, "net: invalid prefix length '/%s' (4..32)", parts[1]);
        }
        *mask = (uint32_t)(0xffffffffull << (32 - bits));
    } else if (inet_aton(parts[1], &m)) {
        *mask = be32(m);
    } else {
        return fail(c, errp, "net: invalid netmask '%s'", parts[1]);
    }
    *net &= *mask;
    return true;
}

static bool parse_addr(ParseCtx *c, const char *key, const char *s, struct in_addr *out,
                       Error **errp)
{
    if (!inet_aton(s, out)) {
        return fail(c, errp, "%s: invalid IPv4 address '%s'", key, s);
    }
    return true;
}

static bool parse_addr6(ParseCtx *c, const char *key, const char *s, struct in6_addr *out,
                        Error **errp)
{
    if (inet_pton(AF_INET6, s, out) != 1) {
        return fail(c, errp, "%s: invalid IPv6 address '%s'", key, s);
    }
    return true;
}

static bool in6_same_net(const struct in6_addr *a, const struct in6_addr *b, int bits)
{
    for (int i = 0; i < 16 && bits > 0; i++, bits -= 8) {
        uint8_t m = bits >= 8 ? 0xff : (uint8_t)(0xff << (8 - bits));
        if ((a->s6_addr[i] ^ b->s6_addr[i]) & m) {
            return false;
        }
    }
    return true;
}

/* The address at offset `low` inside the IPv6 prefix (the host is ::2, the DNS ::3). */
static struct in6_addr in6_in_prefix(const struct in6_addr *prefix, uint8_t low)
{
    struct in6_addr a = *prefix;

    a.s6_addr[15] |= low;
    return a;
}

/* ---- hostfwd=[tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT ---- */

static bool parse_hostfwd(ParseCtx *c, const char *rule, NetHostFwd *fwd, Error **errp)
{
    /* protocol ':' hostaddr ':' hostport '-' guestaddr ':' guestport */
    g_auto(GStrv) proto_rest = g_strsplit(rule, ":", 2);
    g_auto(GStrv) host_guest = NULL;
    const char *why = NULL;

    memset(fwd, 0, sizeof(*fwd));
    /* An empty rule ("hostfwd=") splits into no fields at all. */
    if (!proto_rest[0] || !proto_rest[1]) {
        why = "expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT";
    } else if (!strcmp(proto_rest[0], "udp")) {
        fwd->udp = true;
    } else if (strcmp(proto_rest[0], "tcp") != 0 && proto_rest[0][0] != '\0') {
        why = "protocol must be tcp or udp";
    }
    if (!why) {
        /* g_strsplit gives no fields at all for an empty string ("tcp:", "tcp:-..."). */
        host_guest = g_strsplit(proto_rest[1], "-", 2);
        g_auto(GStrv) h = host_guest[0] ? g_strsplit(host_guest[0], ":", 2) : NULL;
        g_auto(GStrv) g = h && host_guest[1] ? g_strsplit(host_guest[1], ":", 2) : NULL;

        if (!h || !h[0] || !h[1] || !g || !g[0] || !g[1]) {
            why = "expected [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT";
        } else if (h[0][0] && !inet_aton(h[0], &fwd->host_addr)) {
            why = "bad host address";
        } else if (!parse_port(h[1], 0, &fwd->host_port)) {
            why = "bad host port";
        } else if (g[0][0] && !inet_aton(g[0], &fwd->guest_addr)) {
            why = "bad guest address";
        } else if (!parse_port(g[1], 1, &fwd->guest_port)) {
            why = "bad guest port";
        }
    }
    if (why) {
        return fail(c, errp, "invalid host forwarding rule '%s' (%s)", rule, why);
    }
    fwd->rule = g_strdup(rule);
    return true;
}

static void hostfwd_clear(gpointer p)
{
    g_free(((NetHostFwd *)p)->rule);
}

/* ---- the user back end's keys ---- */

typedef enum { K_STR, K_BOOL, K_ADDR_ARG, K_HOSTFWD, K_DNSSEARCH, K_UNSUPPORTED } KeyKind;

static const struct {
    const char *key;
    KeyKind kind;
    size_t offset;      /* of the field: in NetUserConfig (K_STR, K_BOOL) or UserArgs */
} user_keys[] = {
    { "net", K_ADDR_ARG, offsetof(UserArgs, net) },
    { "host", K_ADDR_ARG, offsetof(UserArgs, host) },
    { "dns", K_ADDR_ARG, offsetof(UserArgs, dns) },
    { "dhcpstart", K_ADDR_ARG, offsetof(UserArgs, dhcpstart) },
    { "ipv6-net", K_ADDR_ARG, offsetof(UserArgs, ipv6_net) },
    { "ipv6-host", K_ADDR_ARG, offsetof(UserArgs, ipv6_host) },
    { "ipv6-dns", K_ADDR_ARG, offsetof(UserArgs, ipv6_dns) },
    { "ipv4", K_BOOL, offsetof(NetUserConfig, ipv4) },
    { "ipv6", K_BOOL, offsetof(NetUserConfig, ipv6) },
    { "restrict", K_BOOL, offsetof(NetUserConfig, restricted) },
    { "hostname", K_STR, offsetof(NetUserConfig, hostname) },
    { "domainname", K_STR, offsetof(NetUserConfig, domainname) },
    { "tftp", K_STR, offsetof(NetUserConfig, tftp) },
    { "bootfile", K_STR, offsetof(NetUserConfig, bootfile) },
    { "tftp-server-name", K_STR, offsetof(NetUserConfig, tftp_server_name) },
    { "hostfwd", K_HOSTFWD, 0 },
    { "dnssearch", K_DNSSEARCH, 0 },
    { "guestfwd", K_UNSUPPORTED, 0 },
    { "smb", K_UNSUPPORTED, 0 },
    { "smbserver", K_UNSUPPORTED, 0 },
};

static bool user_key(ParseCtx *c, const char *key, const char *val, Error **errp)
{
    NetUserConfig *u = &c->nd->user;

    for (size_t i = 0; i < G_N_ELEMENTS(user_keys); i++) {
        if (strcmp(user_keys[i].key, key) != 0) {
            continue;
        }
        switch (user_keys[i].kind) {
        case K_STR: {
            char **field = (char **)((char *)u + user_keys[i].offset);
            g_free(*field);
            *field = g_strdup(val);
            return true;
        }
        case K_BOOL:
            if (!parse_bool(val, (bool *)((char *)u + user_keys[i].offset))) {
                return fail(c, errp, "%s must be on or off, not '%s'", key, val);
            }
            return true;
        case K_ADDR_ARG:
            *(const char **)((char *)&c->args + user_keys[i].offset) = val;
            return true;
        case K_HOSTFWD: {
            NetHostFwd fwd;
            if (!parse_hostfwd(c, val, &fwd, errp)) {
                return false;
            }
            g_array_append_val(u->hostfwd, fwd);
            return true;
        }
        case K_DNSSEARCH:
            g_ptr_array_add(c->dnssearch, g_strdup(val));
            return true;
        case K_UNSUPPORTED:
            return fail(c, errp, "'%s' is not supported", key);
        }
    }
    return fail(c, errp, "invalid parameter '%s'", key);
}

/* Settle the addresses as QEMU does: net= moves the defaults, explicit ones override. */
static bool user_finish(ParseCtx *c, Error **errp)
{
    NetUserConfig *u = &c->nd->user;
    UserArgs *a = &c->args;
    uint32_t net = be32(u->net), mask = be32(u->mask);

    if (!u->ipv4 && (a->net || a->host || a->dns || a->dhcpstart)) {
        return fail(c, errp, "ipv4=off but net, host, dns or dhcpstart is given");
    }
    if (!u->ipv6 && (a->ipv6_net || a->ipv6_host || a->ipv6_dns)) {
        return fail(c, errp, "ipv6=off but ipv6-net, ipv6-host or ipv6-dns is given");
    }
    if (!u->ipv4 && !u->ipv6) {
        return fail(c, errp, "ipv4=off and ipv6=off leave no network");
    }
    if (a->net) {
        if (!parse_net(c, a->net, &net, &mask, errp)) {
            return false;
        }
        u->net = in_addr_of(net);
        u->mask = in_addr_of(mask);
        u->host = in_addr_of(net | (0x0202 & ~mask));
        u->dhcp_start = in_addr_of(net | (0x020f & ~mask));
        u->dns = in_addr_of(net | (0x0203 & ~mask));
    }
    if ((a->host && !parse_addr(c, "host", a->host, &u->host, errp)) ||
        (a->dns && !parse_addr(c, "dns", a->dns, &u->dns, errp)) ||
        (a->dhcpstart && !parse_addr(c, "dhcpstart", a->dhcpstart, &u->dhcp_start, errp))) {
        return false;
    }
    g_autofree char *net_str = g_strdup_printf("%s/%d", inet_ntoa(u->net),
                                               __builtin_popcount(mask));
    if ((be32(u->host) & mask) != net) {
        return fail(c, errp, "host %s is not inside net %s", inet_ntoa(u->host), net_str);
    }
    if (u->restricted && (be32(u->dns) & mask) != net) {
        return fail(c, errp, "dns %s is not inside net %s", inet_ntoa(u->dns), net_str);
    }
    if (u->dns.s_addr == u->host.s_addr) {
        return fail(c, errp, "dns and host must be different addresses");
    }
    if ((be32(u->dhcp_start) & mask) != net) {
        return fail(c, errp, "dhcpstart %s is not inside net %s", inet_ntoa(u->dhcp_start),
                    net_str);
    }
    if (u->dhcp_start.s_addr == u->host.s_addr || u->dhcp_start.s_addr == u->dns.s_addr) {
        return fail(c, errp, "dhcpstart must differ from host and dns");
    }
    for (guint i = 0; i < u->hostfwd->len; i++) {
        NetHostFwd *f = &g_array_index(u->hostfwd, NetHostFwd, i);
        if (f->guest_addr.s_addr && (be32(f->guest_addr) & mask) != net) {
            return fail(c, errp, "hostfwd '%s': guest address is not inside net %s", f->rule,
                        net_str);
        }
    }

    if (a->ipv6_net) {
        g_auto(GStrv) parts = g_strsplit(a->ipv6_net, "/", 2);
        guint64 len = 64;
        if (!parse_addr6(c, "ipv6-net", parts[0] ? parts[0] : "", &u->prefix6, errp)) {
            return false;
        }
        if (parts[1] && !g_ascii_string_to_unsigned(parts[1], 10, 0, 126, &len, NULL)) {
            return fail(c, errp, "ipv6-net: invalid prefix length '/%s' (0..126)", parts[1]);
        }
        u->prefix6_len = (int)len;
        u->host6 = in6_in_prefix(&u->prefix6, 2);
        u->dns6 = in6_in_prefix(&u->prefix6, 3);
    }
    if (a->ipv6_host) {
        if (!parse_addr6(c, "ipv6-host", a->ipv6_host, &u->host6, errp)) {
            return false;
        }
        if (!in6_same_net(&u->prefix6, &u->host6, u->prefix6_len)) {
            return fail(c, errp, "ipv6-host %s is not inside ipv6-net", a->ipv6_host);
        }
    }
    if (a->ipv6_dns) {
        if (!parse_addr6(c, "ipv6-dns", a->ipv6_dns, &u->dns6, errp)) {
            return false;
        }
        if (u->restricted && !in6_same_net(&u->prefix6, &u->dns6, u->prefix6_len)) {
            return fail(c, errp, "ipv6-dns %s is not inside ipv6-net", a->ipv6_dns);
        }
    }

    if (u->domainname && !*u->domainname) {
        return fail(c, errp, "domainname must not be empty");
    }
    const char *const names[][2] = {
        { "hostname", u->hostname },
        { "domainname", u->domainname },
        { "tftp-server-name", u->tftp_server_name },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        if (names[i][1] && strlen(names[i][1]) > NET_NAME_MAX) {
            return fail(c, errp, "%s is longer than %d bytes", names[i][0], NET_NAME_MAX);
        }
    }
    if (c->dnssearch->len) {
        g_ptr_array_add(c->dnssearch, NULL);
        u->dnssearch = (char **)g_ptr_array_free(c->dnssearch, FALSE);
        c->dnssearch = g_ptr_array_new_with_free_func(g_free);
    }
    return true;
}

/* ---- configs ---- */

void net_user_config_default(NetUserConfig *u)
{
    memset(u, 0, sizeof(*u));
    u->ipv4 = u->ipv6 = true;
    u->net = in_addr_of(0x0a000200);        /* 10.0.2.0 */
    u->mask = in_addr_of(0xffffff00);       /* /24 */
    u->host = in_addr_of(0x0a000202);       /* 10.0.2.2 */
    u->dns = in_addr_of(0x0a000203);        /* 10.0.2.3 */
    u->dhcp_start = in_addr_of(0x0a00020f); /* 10.0.2.15 */
    inet_pton(AF_INET6, "fec0::", &u->prefix6);
    u->prefix6_len = 64;
    u->host6 = in6_in_prefix(&u->prefix6, 2);
    u->dns6 = in6_in_prefix(&u->prefix6, 3);
    u->hostfwd = g_array_new(FALSE, TRUE, sizeof(NetHostFwd));
    g_array_set_clear_func(u->hostfwd, hostfwd_clear);
}

void net_user_config_clear(NetUserConfig *u)
{
    g_free(u->hostname);
    g_free(u->domainname);
    g_free(u->tftp);
    g_free(u->bootfile);
    g_free(u->tftp_server_name);
    g_strfreev(u->dnssearch);
    if (u->hostfwd) {
        g_array_unref(u->hostfwd);
    }
    memset(u, 0, sizeof(*u));
}

static void netdev_config_free(gpointer p)
{
    NetdevConfig *nd = p;

    g_free(nd->id);
    net_user_config_clear(&nd->user);
    g_free(nd);
}

static void nic_config_free(gpointer p)
{
    NicConfig *nic = p;

    g_free(nic->model);
    g_free(nic->netdev);
    g_free(nic);
}

void net_config_init(NetConfig *cfg)
{
    memset(cfg, 0, sizeof(*cfg));
    cfg->netdevs = g_ptr_array_new_with_free_func(netdev_config_free);
    cfg->nics = g_ptr_array_new_with_free_func(nic_config_free);
}

void net_config_free(NetConfig *cfg)
{
    g_clear_pointer(&cfg->netdevs, g_ptr_array_unref);
    g_clear_pointer(&cfg->nics, g_ptr_array_unref);
}

static bool id_taken(const NetConfig *cfg, const char *id)
{
    for (guint i = 0; i < cfg->netdevs->len; i++) {
        if (!strcmp(((NetdevConfig *)cfg->netdevs->pdata[i])->id, id)) {
            return true;
        }
    }
    return false;
}

/*
 * The back end's type: the first element ("user") or type=. -nic defaults to
 * user; "none" only exists for -nic.
 */
static const char *find_type(GPtrArray *elems, bool is_nic)
{
    const char *first = elems->pdata[0];

    if (!strchr(first, '=') && *first) {
        return first;
    }
    for (guint i = 0; i < elems->len; i++) {
        const char *e = elems->pdata[i];
        if (!strncmp(e, "type=", 5)) {
            return e + 5;
        }
    }
    return is_nic ? "user" : NULL;
}

static bool net_config_parse(NetConfig *cfg, const char *arg, bool is_nic, Error **errp)
{
    g_autoptr(GPtrArray) elems = options_split(arg);
    const char *type = find_type(elems, is_nic);
    NetdevConfig *nd = g_new0(NetdevConfig, 1);
    NicConfig *nic = is_nic ? g_new0(NicConfig, 1) : NULL;
    ParseCtx c = { .opt = is_nic ? "-nic" : "-netdev", .nd = nd, .nic = nic,
                   .dnssearch = g_ptr_array_new_with_free_func(g_free) };
    bool ok = true;

    net_user_config_default(&nd->user);
    nd->from_nic = is_nic;
    if (type && !is_nic && (!strcmp(type, "help") || !strcmp(type, "?"))) {
        cfg->help = true;
        goto out_free;
    }
    if (!type) {
        ok = fail(&c, errp, "missing type (the only back end is 'user')");
    } else if (is_nic && !strcmp(type, "none")) {
        cfg->nic_none = true;
        if (elems->len > 1) {
            ok = fail(&c, errp, "'none' takes no parameters");
        }
        goto out_free;
    } else if (strcmp(type, "user") != 0) {
        ok = fail(&c, errp, "network back end '%s' is not supported (only 'user')", type);
    }
    for (guint i = 0; ok && i < elems->len; i++) {
        char *e = elems->pdata[i];
        char *eq = strchr(e, '=');
        const char *val = "on";

        if (i == 0 && !eq) {
            continue;   /* the implied type */
        }
        if (eq) {
            *eq = '\0';
            val = eq + 1;
        }
        if (!*e) {
            ok = fail(&c, errp, "empty parameter name in '%s'", arg);
        } else if (!strcmp(e, "type")) {
            continue;
        } else if (!strcmp(e, "id")) {
            if (!id_wellformed(val)) {
                ok = fail(&c, errp, "invalid id '%s' (a letter, then letters, digits, "
                          "'-', '.', '_')", val);
            } else {
                g_free(nd->id);
                nd->id = g_strdup(val);
            }
        } else if (is_nic && !strcmp(e, "model")) {
            if (!strcmp(val, "help") || !strcmp(val, "?") || !*val) {
                ok = fail(&c, errp, "model: name a NIC model (-device help lists them)");
            }
            g_free(nic->model);
            nic->model = g_strdup(val);
        } else if (is_nic && !strcmp(e, "mac")) {
            if (!net_parse_mac(val, nic->mac)) {
                ok = fail(&c, errp, "invalid MAC address '%s' (expected 52:54:00:12:34:56)", val);
            } else if (nic->mac[0] & 1) {
                ok = fail(&c, errp, "MAC address %s is multicast (odd first byte)", val);
            }
        } else {
            ok = user_key(&c, e, val, errp);
        }
    }
    if (ok && !nd->id) {
        if (is_nic) {
            nd->id = g_strdup_printf(NIC_NETDEV_ID, cfg->nics->len);
        } else {
            ok = fail(&c, errp, "missing id=");
        }
    }
    if (ok && id_taken(cfg, nd->id)) {
        ok = fail(&c, errp, "duplicate id");
    }
    ok = ok && user_finish(&c, errp);
    if (ok) {
        g_ptr_array_add(cfg->netdevs, nd);
        nd = NULL;
        if (nic) {
            nic->netdev = g_strdup(((NetdevConfig *)g_ptr_array_index(
                cfg->netdevs, cfg->netdevs->len - 1))->id);
            g_ptr_array_add(cfg->nics, nic);
            nic = NULL;
        }
    }
out_free:
    g_ptr_array_unref(c.dnssearch);
    if (nd) {
        netdev_config_free(nd);
    }
    if (nic) {
        nic_config_free(nic);
    }
    return ok;
}

bool net_config_add_netdev(NetConfig *cfg, const char *arg, Error **errp)
{
    return net_config_parse(cfg, arg, false, errp);
}

bool net_config_add_nic(NetConfig *cfg, const char *arg, Error **errp)
{
    return net_config_parse(cfg, arg, true, errp);
}
