/*
 * -nic user,model=e1000: the requests the net layer keeps for the machine
 * become e1000s on a PCI bus through pci_nic_create_requested() (here the
 * fake host's bus stands in for PHB 0), cabled to the -nic back ends with
 * the requested MACs; other models stay unclaimed and start-up reports them.
 */
#include "core/net-config.h"
#include "pci/pci-nic.h"
#include "test-e1000-util.h"

static void test_claims_e1000(void)
{
    NetConfig cfg;
    Error *err = NULL;
    PciDevice *d0, *d1;
    GString *out = g_string_new(NULL);

    pci_register_types();
    fake_host_init(&host);
    net_config_init(&cfg);
    g_assert_true(net_config_add_nic(&cfg, "user,model=e1000", &err));
    g_assert_true(net_config_add_nic(&cfg, "user,model=e1000,mac=52:54:00:aa:bb:cc", &err));
    g_assert_true(net_init(&cfg, &err));
    g_assert_true(pci_nic_create_requested(&host.bus, &err));
    g_assert_true(net_nic_request(0)->claimed);
    g_assert_true(net_nic_request(1)->claimed);
    g_assert_true(net_check_clients(&err));

    /* Two e1000s in the first free slots, each with its request's MAC in RAR0 and a peer. */
    d0 = pci_bus_find_device(&host.bus, 0, PCI_DEVFN(0, 0));
    d1 = pci_bus_find_device(&host.bus, 0, PCI_DEVFN(1, 0));
    g_assert_nonnull(d0);
    g_assert_nonnull(d1);
    g_assert_cmpstr(d0->dev.cls->name, ==, "e1000");
    g_assert_cmpstr(d1->dev.cls->name, ==, "e1000");
    cfg_write(&host.bus, PCI_DEVFN(1, 0), PCI_BASE_ADDRESS_0, 4, (uint32_t)MMIO);
    cfg_write(&host.bus, PCI_DEVFN(1, 0), PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    g_assert_cmphex(reg(E1000_RA), ==, 0xaa005452);
    g_assert_cmphex(reg(E1000_RA + 4) & 0xffff, ==, 0xccbb);
    net_info(out);
    g_assert_nonnull(strstr(out->str, "e1000.0: index=0,type=nic,model=e1000,"
                                      "macaddr=52:54:00:12:34:56\n \\ __org.qemu.nic0: "));
    g_assert_nonnull(strstr(out->str, "e1000.1: index=0,type=nic,model=e1000,"
                                      "macaddr=52:54:00:aa:bb:cc\n \\ __org.qemu.nic1: "));
    /* Calling again creates nothing more. */
    g_assert_true(pci_nic_create_requested(&host.bus, &err));
    g_assert_null(pci_bus_find_device(&host.bus, 0, PCI_DEVFN(2, 0)));

    g_string_free(out, TRUE);
    fake_host_cleanup(&host);
    net_config_free(&cfg);
    net_cleanup();
}

static void test_other_models(void)
{
    NetConfig cfg;
    Error *err = NULL;

    pci_register_types();
    fake_host_init(&host);
    net_config_init(&cfg);
    g_assert_true(net_config_add_nic(&cfg, "user,model=rtl8139", &err));
    g_assert_true(net_config_add_nic(&cfg, "user", &err));
    g_assert_true(net_init(&cfg, &err));
    g_assert_true(pci_nic_create_requested(&host.bus, &err));
    /* Neither is a PCI model this bus can take: both stay for the machine to report. */
    g_assert_false(net_nic_request(0)->claimed);
    g_assert_false(net_nic_request(1)->claimed);
    g_assert_null(pci_bus_find_device(&host.bus, 0, PCI_DEVFN(0, 0)));
    g_assert_false(net_check_clients(&err));
    g_assert_cmpstr(error_get_pretty(err), ==, "-nic: model 'rtl8139' not available");
    error_free(err);
    g_assert_true(pci_nic_model_known("e1000"));
    g_assert_false(pci_nic_model_known("rtl8139"));
    g_assert_false(pci_nic_model_known(NULL));
    fake_host_cleanup(&host);
    net_config_free(&cfg);
    net_cleanup();
}

static void test_bus_full(void)
{
    NetConfig cfg;
    Error *err = NULL;

    pci_register_types();
    fake_host_init(&host);
    /* Every slot taken: the request cannot be met, with an error naming it. */
    for (int slot = 0; slot < 32; slot++) {
        char *opts = g_strdup_printf("e1000,addr=%x", slot);
        fake_create(opts);
        g_free(opts);
    }
    net_config_init(&cfg);
    g_assert_true(net_config_add_nic(&cfg, "user,model=e1000", &err));
    g_assert_true(net_init(&cfg, &err));
    g_assert_false(pci_nic_create_requested(&host.bus, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "-nic model=e1000: "));
    error_free(err);
    g_assert_false(net_nic_request(0)->claimed);
    fake_host_cleanup(&host);
    net_config_free(&cfg);
    net_cleanup();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    e1000_util_use_all();
    g_test_add_func("/e1000/nic/claims-e1000", test_claims_e1000);
    g_test_add_func("/e1000/nic/other-models", test_other_models);
    g_test_add_func("/e1000/nic/bus-full", test_bus_full);
    return g_test_run();
}
