/*
 * The machines built in (core/registry.c, from the list CMakeLists.txt
 * generates) and the CPU models a machine offers (core/machine.c): -M and
 * -cpu find them by name, their help forms list them.
 */
#include <glib.h>
#include <string.h>

#include "core/machine.h"

static void test_machine_find(void)
{
    const MachineClass *mc = machine_class_find("pseries");

    g_assert_nonnull(mc);
    g_assert_cmpstr(mc->name, ==, "pseries");
    g_assert_true(machine_class_default() == mc);
    /* QEMU 7.2's versioned names down to pseries-5.0 mean the same machine (spapr.c). */
    g_assert_true(machine_class_find("pseries-7.2") == mc);
    g_assert_true(machine_class_find("pseries-6.2") == mc);
    g_assert_true(machine_class_find("pseries-5.0") == mc);
    /* Older ones differ in what the guest sees, newer ones are not QEMU 7.2's. */
    g_assert_null(machine_class_find("pseries-4.2"));
    g_assert_null(machine_class_find("pseries-2.12"));
    g_assert_null(machine_class_find("pseries-8.2"));
    g_assert_null(machine_class_find("pseries-7"));
    g_assert_null(machine_class_find("pseries-"));
    g_assert_null(machine_class_find("pseries-x"));
    g_assert_null(machine_class_find("pseries-8.2x"));
    g_assert_null(machine_class_find("pseriesx"));
    g_assert_null(machine_class_find("pserie"));
    g_assert_null(machine_class_find("q35"));
    g_assert_null(machine_class_find(""));
}

/* An old versioned name says why it is refused; anything else gets QEMU's words. */
static void test_machine_unknown(void)
{
    g_autofree char *old = machine_class_unknown_message("pseries-4.2");
    g_autofree char *other = machine_class_unknown_message("q35");

    g_assert_true(g_str_has_prefix(old, "unsupported machine type 'pseries-4.2': "));
    g_assert_nonnull(strstr(old, "pseries-5.0 .. pseries-7.2"));
    g_assert_cmpstr(other, ==, "unsupported machine type 'q35' (use -machine help to list "
                               "supported machines)");
}

static void test_machine_list(void)
{
    GString *out = g_string_new(NULL);

    machine_class_list(out);
    g_assert_true(g_str_has_prefix(out->str, "Supported machines are:\n"));
    g_assert_nonnull(strstr(out->str, "\npseries              IBM pSeries (sPAPR) logical partition "
                                      "(default)\n"));
    g_assert_nonnull(strstr(out->str, "\npseries-7.2          IBM pSeries (sPAPR) logical partition "
                                      "(alias of pseries)\n"));
    g_assert_nonnull(strstr(out->str, "\npseries-5.0          IBM pSeries (sPAPR) logical partition "
                                      "(alias of pseries)\n"));
    g_assert_null(strstr(out->str, "pseries-4.2"));
    g_string_free(out, TRUE);
}

/* The pseries machine's models come from ppc/ (ppc_cpu_models). */
static void test_pseries_cpu_models(void)
{
    const MachineClass *mc = machine_class_find("pseries");
    GString *out = g_string_new(NULL);

    g_assert_nonnull(machine_cpu_model_find(mc, mc->default_cpu));
    g_assert_cmpstr(machine_cpu_model_find(mc, "POWER8")->name, ==, "POWER8");
    g_assert_cmpstr(machine_cpu_model_find(mc, "power8")->name, ==, "POWER8");
    g_assert_cmpstr(machine_cpu_model_find(mc, "power8_V2.0")->name, ==, "POWER8");
    g_assert_null(machine_cpu_model_find(mc, "POWER9"));
    g_assert_null(machine_cpu_model_find(mc, "host"));
    g_assert_null(machine_cpu_model_find(mc, ""));
    machine_cpu_model_list(mc, out);
    g_assert_true(g_str_has_prefix(out->str, "Available CPUs:\n"));
    g_assert_nonnull(strstr(out->str, "\n  POWER8       IBM POWER8 (PVR 0x004d0200)\n"));
    g_assert_nonnull(strstr(out->str, "\n  POWER8_v2.0  alias of POWER8\n"));
    g_string_free(out, TRUE);
}

/* A machine of the test's own: the model table is the machine's, whatever it holds. */
static int fake_inits;
static Machine *fake_init(const MachineConfig *cfg, Error **errp)
{
    fake_inits++;
    return (Machine *)&fake_inits;
}

static const CPUModel fake_models[] = {
    { "alpha", "the first", NULL },
    { "beta", "the second", NULL },
    { "b", NULL, "beta" },
    { NULL },
};

static const MachineClass fake_mc = {
    .name = "fake",
    .cpu_models = fake_models,
    .default_cpu = "alpha",
    .init = fake_init,
};

static void test_fake_machine(void)
{
    MachineConfig cfg = { .cpu_model = "B" };
    Error *err = NULL;

    g_assert_cmpstr(machine_cpu_model_find(&fake_mc, "BETA")->name, ==, "beta");
    g_assert_cmpstr(machine_cpu_model_find(&fake_mc, "b")->desc, ==, "the second");
    g_assert_null(machine_cpu_model_find(&fake_mc, "POWER8"));

    g_assert_nonnull(machine_create(&fake_mc, &cfg, &err));
    g_assert_null(err);
    g_assert_cmpint(fake_inits, ==, 1);
    /* An unknown model never reaches the machine's init. */
    cfg.cpu_model = "gamma";
    g_assert_null(machine_create(&fake_mc, &cfg, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "-cpu: unknown CPU model 'gamma' (use -cpu help)");
    error_free(err);
    g_assert_cmpint(fake_inits, ==, 1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/registry/machine/find", test_machine_find);
    g_test_add_func("/registry/machine/unknown", test_machine_unknown);
    g_test_add_func("/registry/machine/list", test_machine_list);
    g_test_add_func("/registry/cpu/pseries", test_pseries_cpu_models);
    g_test_add_func("/registry/cpu/fake-machine", test_fake_machine);
    return g_test_run();
}
