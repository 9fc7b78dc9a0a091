/*
 * -netdev / -nic parsing (core/net-config.c) through the command-line parser
 * (core/options.c): QEMU's defaults and how net= moves them, hostfwd rules,
 * -nic's model, MAC and back-end id, and one clear line for each bad option.
 */
#include <arpa/inet.h>
#include <glib.h>
#include <string.h>

#include "core/net-config.h"
#include "core/options.h"

static bool parse(const char *cmdline, Options *o, char **msg)
{
    g_autofree char *full = g_strdup_printf("ppc64-lite %s", cmdline);
    g_auto(GStrv) argv = NULL;
    int argc;
    Error *err = NULL;
    bool ok;

    g_assert_true(g_shell_parse_argv(full, &argc, &argv, NULL));
    ok = options_parse(argc, argv, o, &err);
    g_assert_true(ok == (err == NULL));
    *msg = err ? g_strdup(error_get_pretty(err)) : NULL;
    error_free(err);
    return ok;
}

static void parse_ok(const char *cmdline, Options *o)
{
    g_autofree char *msg = NULL;

    if (!parse(cmdline, o, &msg)) {
        g_error("'%s' failed: %s", cmdline, msg);
    }
}

static NetUserConfig *user(Options *o, guint i)
{
    g_assert_cmpuint(i, <, o->net.netdevs->len);
    return &((NetdevConfig *)o->net.netdevs->pdata[i])->user;
}

static const char *id(Options *o, guint i)
{
    return ((NetdevConfig *)o->net.netdevs->pdata[i])->id;
}

static NicConfig *nic(Options *o, guint i)
{
    g_assert_cmpuint(i, <, o->net.nics->len);
    return o->net.nics->pdata[i];
}

static void assert_addr(struct in_addr a, const char *expect)
{
    g_assert_cmpstr(inet_ntoa(a), ==, expect);
}

static void assert_addr6(const struct in6_addr *a, const char *expect)
{
    char buf[INET6_ADDRSTRLEN];

    g_assert_nonnull(inet_ntop(AF_INET6, a, buf, sizeof(buf)));
    g_assert_cmpstr(buf, ==, expect);
}

static void test_defaults(void)
{
    Options o;

    parse_ok("-netdev user,id=n0", &o);
    g_assert_cmpuint(o.net.netdevs->len, ==, 1);
    g_assert_cmpuint(o.net.nics->len, ==, 0);
    g_assert_cmpstr(id(&o, 0), ==, "n0");
    NetUserConfig *u = user(&o, 0);
    assert_addr(u->net, "10.0.2.0");
    assert_addr(u->mask, "255.255.255.0");
    assert_addr(u->host, "10.0.2.2");
    assert_addr(u->dns, "10.0.2.3");
    assert_addr(u->dhcp_start, "10.0.2.15");
    g_assert_true(u->ipv4);
    g_assert_true(u->ipv6);
    g_assert_false(u->restricted);
    assert_addr6(&u->prefix6, "fec0::");
    g_assert_cmpint(u->prefix6_len, ==, 64);
    assert_addr6(&u->host6, "fec0::2");
    assert_addr6(&u->dns6, "fec0::3");
    g_assert_cmpuint(u->hostfwd->len, ==, 0);
    g_assert_null(u->dnssearch);
    options_free(&o);

    parse_ok("", &o);
    g_assert_cmpuint(o.net.netdevs->len, ==, 0);
    g_assert_false(o.net.nic_none);
    options_free(&o);
}

/* net= moves host, DNS and the DHCP start inside the new network; explicit ones win. */
static void test_addresses(void)
{
    static const struct {
        const char *opts;
        const char *net, *mask, *host, *dns, *dhcp;
    } cases[] = {
        { "net=10.0.3.0/24", "10.0.3.0", "255.255.255.0", "10.0.3.2", "10.0.3.3", "10.0.3.15" },
        { "net=10.0.3.7/24", "10.0.3.0", "255.255.255.0", "10.0.3.2", "10.0.3.3", "10.0.3.15" },
        { "net=10.0.0.0/8", "10.0.0.0", "255.0.0.0", "10.0.2.2", "10.0.2.3", "10.0.2.15" },
        { "net=172.16.0.0", "172.16.0.0", "255.240.0.0", "172.16.2.2", "172.16.2.3",
          "172.16.2.15" },
        { "net=10.1.0.0", "10.0.0.0", "255.0.0.0", "10.0.2.2", "10.0.2.3", "10.0.2.15" },
        { "net=192.168.5.0", "192.168.0.0", "255.255.0.0", "192.168.2.2", "192.168.2.3",
          "192.168.2.15" },
        { "net=192.168.76.0/255.255.255.0,host=192.168.76.1,dns=192.168.76.53,"
          "dhcpstart=192.168.76.100",
          "192.168.76.0", "255.255.255.0", "192.168.76.1", "192.168.76.53", "192.168.76.100" },
        { "host=10.0.2.1,dhcpstart=10.0.2.50", "10.0.2.0", "255.255.255.0", "10.0.2.1",
          "10.0.2.3", "10.0.2.50" },
        /* Without restrict=on the DNS address may lie outside the network, as in QEMU. */
        { "dns=8.8.8.8", "10.0.2.0", "255.255.255.0", "10.0.2.2", "8.8.8.8", "10.0.2.15" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        Options o;
        g_autofree char *cmd = g_strdup_printf("-netdev user,id=n0,%s", cases[i].opts);
        parse_ok(cmd, &o);
        NetUserConfig *u = user(&o, 0);
        assert_addr(u->net, cases[i].net);
        assert_addr(u->mask, cases[i].mask);
        assert_addr(u->host, cases[i].host);
        assert_addr(u->dns, cases[i].dns);
        assert_addr(u->dhcp_start, cases[i].dhcp);
        options_free(&o);
    }
}

static void test_other_keys(void)
{
    Options o;

    parse_ok("-netdev user,id=n0,restrict=on,ipv6=off,hostname=a,,b,domainname=example.org,"
             "dnssearch=x.org,dnssearch=y.org,tftp=/srv/tftp,bootfile=boot.bin,"
             "tftp-server-name=tftp.example.org",
             &o);
    NetUserConfig *u = user(&o, 0);
    g_assert_true(u->restricted);
    g_assert_false(u->ipv6);
    g_assert_cmpstr(u->hostname, ==, "a,b");
    g_assert_cmpstr(u->domainname, ==, "example.org");
    g_assert_nonnull(u->dnssearch);
    g_assert_cmpstr(u->dnssearch[0], ==, "x.org");
    g_assert_cmpstr(u->dnssearch[1], ==, "y.org");
    g_assert_null(u->dnssearch[2]);
    g_assert_cmpstr(u->tftp, ==, "/srv/tftp");
    g_assert_cmpstr(u->bootfile, ==, "boot.bin");
    g_assert_cmpstr(u->tftp_server_name, ==, "tftp.example.org");
    options_free(&o);

    parse_ok("-netdev type=user,id=n0,ipv6-net=fd00:1::/48,ipv6-dns=fd00:1::53", &o);
    u = user(&o, 0);
    assert_addr6(&u->prefix6, "fd00:1::");
    g_assert_cmpint(u->prefix6_len, ==, 48);
    assert_addr6(&u->host6, "fd00:1::2");
    assert_addr6(&u->dns6, "fd00:1::53");
    options_free(&o);
}

static void test_hostfwd(void)
{
    Options o;

    parse_ok("-netdev user,id=n0,hostfwd=tcp::2222-:22,hostfwd=udp:127.0.0.1:5353-10.0.2.20:53,"
             "hostfwd=::0-:80",
             &o);
    GArray *f = user(&o, 0)->hostfwd;
    g_assert_cmpuint(f->len, ==, 3);
    NetHostFwd *a = &g_array_index(f, NetHostFwd, 0);
    NetHostFwd *b = &g_array_index(f, NetHostFwd, 1);
    NetHostFwd *c = &g_array_index(f, NetHostFwd, 2);
    g_assert_false(a->udp);
    g_assert_cmpuint(a->host_addr.s_addr, ==, INADDR_ANY);
    g_assert_cmpint(a->host_port, ==, 2222);
    g_assert_cmpuint(a->guest_addr.s_addr, ==, 0);
    g_assert_cmpint(a->guest_port, ==, 22);
    g_assert_cmpstr(a->rule, ==, "tcp::2222-:22");
    g_assert_true(b->udp);
    assert_addr(b->host_addr, "127.0.0.1");
    g_assert_cmpint(b->host_port, ==, 5353);
    assert_addr(b->guest_addr, "10.0.2.20");
    g_assert_cmpint(b->guest_port, ==, 53);
    g_assert_false(c->udp);     /* an empty protocol is tcp */
    g_assert_cmpint(c->host_port, ==, 0);
    g_assert_cmpint(c->guest_port, ==, 80);
    options_free(&o);
}

static void test_nic(void)
{
    Options o;
    const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x99 };
    const uint8_t zero[6] = { 0 };

    parse_ok("-netdev user,id=n0 -nic user,model=e1000,mac=52:54:00:12:34:99,"
             "hostfwd=tcp::8080-:80 -nic model=e1000 -nic user,id=mine -nic none",
             &o);
    g_assert_cmpuint(o.net.netdevs->len, ==, 4);
    g_assert_cmpuint(o.net.nics->len, ==, 3);
    g_assert_true(o.net.nic_none);
    g_assert_cmpstr(nic(&o, 0)->model, ==, "e1000");
    g_assert_cmpmem(nic(&o, 0)->mac, 6, mac, 6);
    g_assert_cmpstr(nic(&o, 0)->netdev, ==, "__org.qemu.nic0");
    g_assert_cmpstr(id(&o, 1), ==, "__org.qemu.nic0");
    g_assert_true(((NetdevConfig *)o.net.netdevs->pdata[1])->from_nic);
    g_assert_false(((NetdevConfig *)o.net.netdevs->pdata[0])->from_nic);
    g_assert_cmpuint(user(&o, 1)->hostfwd->len, ==, 1);
    g_assert_cmpstr(nic(&o, 1)->model, ==, "e1000");   /* type defaults to user */
    g_assert_cmpmem(nic(&o, 1)->mac, 6, zero, 6);
    g_assert_cmpstr(nic(&o, 1)->netdev, ==, "__org.qemu.nic1");
    g_assert_null(nic(&o, 2)->model);
    g_assert_cmpstr(nic(&o, 2)->netdev, ==, "mine");
    options_free(&o);

    parse_ok("-netdev help", &o);
    g_assert_true(o.net.help);
    options_free(&o);
    parse_ok("-net none", &o);
    g_assert_cmpuint(o.net.netdevs->len, ==, 0);
    options_free(&o);
}

static void test_errors(void)
{
    static const struct {
        const char *cmdline, *msg;
    } bad[] = {
        { "-netdev user", "-netdev: missing id=" },
        { "-netdev id=n0", "-netdev: missing type (the only back end is 'user')" },
        { "-netdev tap,id=t0", "-netdev: network back end 'tap' is not supported (only 'user')" },
        { "-nic socket", "-nic: network back end 'socket' is not supported (only 'user')" },
        { "-netdev user,id=1a", "-netdev: invalid id '1a' (a letter, then letters, digits, "
                                "'-', '.', '_')" },
        { "-netdev user,id=n0 -netdev user,id=n0", "-netdev n0: duplicate id" },
        { "-netdev user,id=n0 -nic user,id=n0", "-nic n0: duplicate id" },
        { "-netdev user,id=n0,bogus=1", "-netdev n0: invalid parameter 'bogus'" },
        { "-netdev user,id=n0,model=e1000", "-netdev n0: invalid parameter 'model'" },
        { "-netdev user,id=n0,,", "-netdev: invalid id 'n0,' (a letter, then letters, digits, "
                                  "'-', '.', '_')" },
        { "-netdev user,id=n0,=x", "-netdev n0: empty parameter name in 'user,id=n0,=x'" },
        { "-netdev user,id=n0,restrict=maybe", "-netdev n0: restrict must be on or off, not "
                                               "'maybe'" },
        { "-netdev user,id=n0,net=10.0.2", NULL },  /* inet_aton takes it: a valid net */
        { "-netdev user,id=n0,net=300.0.0.0", "-netdev n0: net: invalid address '300.0.0.0'" },
        { "-netdev user,id=n0,net=", "-netdev n0: net: invalid address ''" },
        { "-netdev user,id=n0,ipv6-net=", "-netdev n0: ipv6-net: invalid IPv6 address ''" },
        { "-netdev user,id=n0,net=10.0.0.0/33", "-netdev n0: net: invalid prefix length '/33' "
                                                "(4..32)" },
        { "-netdev user,id=n0,net=10.0.0.0/3", "-netdev n0: net: invalid prefix length '/3' "
                                               "(4..32)" },
        { "-netdev user,id=n0,net=10.0.0.0/x", "-netdev n0: net: invalid netmask 'x'" },
        { "-netdev user,id=n0,host=10.0.3.2", "-netdev n0: host 10.0.3.2 is not inside net "
                                              "10.0.2.0/24" },
        { "-netdev user,id=n0,host=nowhere", "-netdev n0: host: invalid IPv4 address 'nowhere'" },
        { "-netdev user,id=n0,dns=10.0.2.2", "-netdev n0: dns and host must be different "
                                             "addresses" },
        { "-netdev user,id=n0,restrict=on,dns=8.8.8.8", "-netdev n0: dns 8.8.8.8 is not inside "
                                                        "net 10.0.2.0/24" },
        { "-netdev user,id=n0,dhcpstart=10.0.3.15", "-netdev n0: dhcpstart 10.0.3.15 is not "
                                                    "inside net 10.0.2.0/24" },
        { "-netdev user,id=n0,dhcpstart=10.0.2.3", "-netdev n0: dhcpstart must differ from host "
                                                   "and dns" },
        { "-netdev user,id=n0,ipv4=off,net=10.0.0.0/8", "-netdev n0: ipv4=off but net, host, dns "
                                                        "or dhcpstart is given" },
        { "-netdev user,id=n0,ipv6=off,ipv6-net=fd00::/64", "-netdev n0: ipv6=off but ipv6-net, "
                                                            "ipv6-host or ipv6-dns is given" },
        { "-netdev user,id=n0,ipv4=off,ipv6=off", "-netdev n0: ipv4=off and ipv6=off leave no "
                                                  "network" },
        { "-netdev user,id=n0,ipv6-net=fd00::/127", "-netdev n0: ipv6-net: invalid prefix length "
                                                    "'/127' (0..126)" },
        { "-netdev user,id=n0,ipv6-host=fd00::2", "-netdev n0: ipv6-host fd00::2 is not inside "
                                                  "ipv6-net" },
        { "-netdev user,id=n0,ipv6-dns=zz::", "-netdev n0: ipv6-dns: invalid IPv6 address 'zz::'" },
        { "-netdev user,id=n0,domainname=", "-netdev n0: domainname must not be empty" },
        { "-netdev user,id=n0,guestfwd=tcp:10.0.2.100:1-cmd:x", "-netdev n0: 'guestfwd' is not "
                                                                "supported" },
        { "-netdev user,id=n0,smb=/tmp", "-netdev n0: 'smb' is not supported" },
        { "-netdev user,id=n0,hostfwd=tcp::99999-:22", "-netdev n0: invalid host forwarding rule "
                                                       "'tcp::99999-:22' (bad host port)" },
        { "-netdev user,id=n0,hostfwd=tcp::22-:0", "-netdev n0: invalid host forwarding rule "
                                                   "'tcp::22-:0' (bad guest port)" },
        { "-netdev user,id=n0,hostfwd=sctp::22-:22", "-netdev n0: invalid host forwarding rule "
                                                     "'sctp::22-:22' (protocol must be tcp or "
                                                     "udp)" },
        { "-netdev user,id=n0,hostfwd=tcp:1.2.3:x-:22", "-netdev n0: invalid host forwarding rule "
                                                        "'tcp:1.2.3:x-:22' (bad host port)" },
        { "-netdev user,id=n0,hostfwd=tcp:a.b:22-:22", "-netdev n0: invalid host forwarding rule "
                                                       "'tcp:a.b:22-:22' (bad host address)" },
        { "-netdev user,id=n0,hostfwd=tcp::22-x:22", "-netdev n0: invalid host forwarding rule "
                                                     "'tcp::22-x:22' (bad guest address)" },
        { "-netdev user,id=n0,hostfwd=tcp::22:22", "-netdev n0: invalid host forwarding rule "
                                                   "'tcp::22:22' (expected [tcp|udp]:[HOSTADDR]:"
                                                   "HOSTPORT-[GUESTADDR]:GUESTPORT)" },
        { "-netdev user,id=n0,hostfwd=tcp::22", "-netdev n0: invalid host forwarding rule "
                                                "'tcp::22' (expected [tcp|udp]:[HOSTADDR]:"
                                                "HOSTPORT-[GUESTADDR]:GUESTPORT)" },
        /* Empty fields (found by tests/fuzz/cmdline: they split into no fields at all). */
        { "-netdev user,id=n0,hostfwd=", "-netdev n0: invalid host forwarding rule "
                                         "'' (expected [tcp|udp]:[HOSTADDR]:"
                                         "HOSTPORT-[GUESTADDR]:GUESTPORT)" },
        { "-netdev user,id=n0,hostfwd=tcp:", "-netdev n0: invalid host forwarding rule "
                                             "'tcp:' (expected [tcp|udp]:[HOSTADDR]:"
                                             "HOSTPORT-[GUESTADDR]:GUESTPORT)" },
        { "-netdev user,id=n0,hostfwd=tcp::22-", "-netdev n0: invalid host forwarding rule "
                                                 "'tcp::22-' (expected [tcp|udp]:[HOSTADDR]:"
                                                 "HOSTPORT-[GUESTADDR]:GUESTPORT)" },
        { "-netdev user,id=n0,hostfwd=tcp::22-10.0.3.9:22", "-netdev n0: hostfwd "
                                                            "'tcp::22-10.0.3.9:22': guest address "
                                                            "is not inside net 10.0.2.0/24" },
        { "-nic user,mac=52:54:00:12:34", "-nic: invalid MAC address '52:54:00:12:34' (expected "
                                          "52:54:00:12:34:56)" },
        { "-nic user,mac=01:00:5e:00:00:01", "-nic: MAC address 01:00:5e:00:00:01 is multicast "
                                             "(odd first byte)" },
        { "-nic user,model=help", "-nic: model: name a NIC model (-device help lists them)" },
        { "-nic none,model=e1000", "-nic: 'none' takes no parameters" },
        { "-net user", "-net: not supported; use -nic, or -netdev with -device" },
        { "-net nic,model=e1000", "-net: not supported; use -nic, or -netdev with -device" },
        { "-netdev", "-netdev: requires an argument" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        Options o;
        g_autofree char *msg = NULL;
        bool ok = parse(bad[i].cmdline, &o, &msg);

        if (!bad[i].msg) {
            if (!ok) {
                g_error("'%s' failed: %s", bad[i].cmdline, msg);
            }
        } else if (ok) {
            g_error("'%s' was accepted", bad[i].cmdline);
        } else {
            g_assert_null(strchr(msg, '\n'));
            if (strcmp(msg, bad[i].msg) != 0) {
                g_error("'%s': got '%s', expected '%s'", bad[i].cmdline, msg, bad[i].msg);
            }
        }
        options_free(&o);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/net-config/defaults", test_defaults);
    g_test_add_func("/net-config/addresses", test_addresses);
    g_test_add_func("/net-config/other-keys", test_other_keys);
    g_test_add_func("/net-config/hostfwd", test_hostfwd);
    g_test_add_func("/net-config/nic", test_nic);
    g_test_add_func("/net-config/errors", test_errors);
    return g_test_run();
}
