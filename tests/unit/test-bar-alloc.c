/*
 * Unit tests for hotplug/bar-alloc.c, the BAR assignment of hot-added
 * functions, on the PCI core's fake host bridge (pci-fake-host.h) with
 * small windows: fill, free and refill; alignment to the BAR's size and to
 * the least memory alignment; which window each BAR kind goes to; and
 * exhaustion, which names the BAR and leaves nothing assigned.
 */
#include <glib.h>
#include <string.h>

#include "hotplug/bar-alloc.h"
#include "pci-fake-host.h"

#define M32     0x10000000ull           /* the 32-bit window: 256 KiB */
#define M32_LEN 0x40000ull
#define M64     0x100000000ull          /* the 64-bit window: 1 MiB */
#define M64_LEN 0x100000ull
#define IO_END  0x100ull                /* I/O from 0x10: 240 bytes */

static FakeHost host;

static SpaprBarWindows windows(uint64_t mem_align, bool have_m64)
{
    SpaprBarWindows w = {
        .io_start = 0x10, .io_end = IO_END,
        .mem32_start = M32, .mem32_end = M32 + M32_LEN,
        .mem64_start = M64, .mem64_end = have_m64 ? M64 + M64_LEN : M64,
        .mem_align = mem_align,
    };

    g_strlcpy(w.owner, "the test windows", sizeof(w.owner));
    return w;
}

static void setup(void)
{
    fake_classes_register();
    fake_host_init(&host);
    memset(&fake_spec, 0, sizeof(fake_spec));
}

static void teardown(void)
{
    fake_host_cleanup(&host);
}

/* A fake function with the BARs of fake_spec, plugged (cold: the fake host assigns nothing). */
static PciDevice *make(const char *id, int slot)
{
    char *opts = g_strdup_printf("fake-pci,id=%s,addr=%x", id, slot);
    PciDevice *d = fake_create(opts);

    g_free(opts);
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        g_assert_cmphex(pci_bar_base(d, n), ==, 0);
    }
    return d;
}

static void assign_ok(PciDevice *d, const SpaprBarWindows *w)
{
    Error *err = NULL;

    if (!spapr_bar_assign(d, w, &err)) {
        g_error("%s", error_get_pretty(err));
    }
}

static void assign_fails(PciDevice *d, const SpaprBarWindows *w, const char *want)
{
    Error *err = NULL;

    g_assert_false(spapr_bar_assign(d, w, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, want);
    error_free(err);
    for (int n = 0; n < PCI_NUM_BARS; n++) {
        g_assert_cmphex(pci_bar_base(d, n), ==, 0);
    }
}

static void test_fill_free_refill(void)
{
    SpaprBarWindows w = windows(0x1000, true);
    PciDevice *d[5];

    setup();
    fake_spec.bars[0] = (FakeBarSpec){ PCI_BAR_MEM32, 0x10000 };
    for (int i = 0; i < 4; i++) {
        char id[8];

        g_snprintf(id, sizeof(id), "f%d", i);
        d[i] = make(id, i);
        assign_ok(d[i], &w);
        g_assert_cmphex(pci_bar_base(d[i], 0), ==, M32 + 0x10000ull * (uint64_t)i);
    }
    /* Full: the fifth names its BAR, its size and the window, and holds nothing. */
    d[4] = make("f4", 4);
    assign_fails(d[4], &w,
                 "no room for BAR0 (65536 bytes) of f4 in the 32-bit memory window of the test "
                 "windows");
    for (int i = 0; i < 4; i++) {
        g_assert_cmphex(pci_bar_base(d[i], 0), ==, M32 + 0x10000ull * (uint64_t)i);
    }
    /* A function that leaves gives its range back. */
    device_destroy(&d[2]->dev);
    assign_ok(d[4], &w);
    g_assert_cmphex(pci_bar_base(d[4], 0), ==, M32 + 0x20000);
    /* So does one that drops its BARs. */
    spapr_bar_unassign(d[1]);
    g_assert_cmphex(pci_bar_base(d[1], 0), ==, 0);
    d[2] = make("f5", 5);
    assign_ok(d[2], &w);
    g_assert_cmphex(pci_bar_base(d[2], 0), ==, M32 + 0x10000);
    teardown();
}

static void test_alignment(void)
{
    SpaprBarWindows w = windows(0x1000, true);
    PciDevice *d[4], *big;

    setup();
    fake_spec.bars[0] = (FakeBarSpec){ PCI_BAR_MEM32, 0x10000 };
    for (int i = 0; i < 4; i++) {
        char id[8];

        g_snprintf(id, sizeof(id), "f%d", i);
        d[i] = make(id, i);
        assign_ok(d[i], &w);
    }
    device_destroy(&d[1]->dev);
    device_destroy(&d[2]->dev);
    /* 128 KiB is free at +64 KiB, but a 128 KiB BAR must sit on a 128 KiB boundary. */
    fake_spec.bars[0].size = 0x20000;
    big = make("big", 9);
    assign_fails(big, &w,
                 "no room for BAR0 (131072 bytes) of big in the 32-bit memory window of the test "
                 "windows");
    device_destroy(&d[3]->dev);
    assign_ok(big, &w);
    g_assert_cmphex(pci_bar_base(big, 0), ==, M32 + 0x20000);
    device_destroy(&big->dev);
    device_destroy(&d[0]->dev);

    /* The least memory alignment keeps small BARs a page apart; I/O aligns to its size only. */
    w = windows(0x10000, true);
    fake_spec.bars[0] = (FakeBarSpec){ PCI_BAR_MEM32, 0x1000 };
    fake_spec.bars[1] = (FakeBarSpec){ PCI_BAR_IO, 0x40 };
    d[0] = make("s0", 0);
    d[1] = make("s1", 1);
    assign_ok(d[0], &w);
    assign_ok(d[1], &w);
    g_assert_cmphex(pci_bar_base(d[0], 0), ==, M32);
    g_assert_cmphex(pci_bar_base(d[1], 0), ==, M32 + 0x10000);
    g_assert_cmphex(pci_bar_base(d[0], 1), ==, 0x40);      /* 0x10 is not 64-byte aligned */
    g_assert_cmphex(pci_bar_base(d[1], 1), ==, 0x80);
    teardown();
}

static void test_windows_by_kind(void)
{
    SpaprBarWindows w = windows(0x1000, true);
    PciDevice *d;

    setup();
    fake_spec.bars[0] = (FakeBarSpec){ PCI_BAR_MEM64 | PCI_BAR_PREFETCH, 0x80000 };
    fake_spec.bars[2] = (FakeBarSpec){ PCI_BAR_MEM64, 0x1000 };
    fake_spec.bars[4] = (FakeBarSpec){ PCI_BAR_IO, 0x20 };
    d = make("k0", 0);
    assign_ok(d, &w);
    g_assert_cmphex(pci_bar_base(d, 0), ==, M64);          /* 64-bit prefetchable */
    g_assert_cmphex(pci_bar_base(d, 2), ==, M32);          /* 64-bit, not prefetchable */
    g_assert_cmphex(pci_bar_base(d, 4), ==, 0x20);
    /* The next 512 KiB prefetchable BAR fills the 64-bit window; a third has no room. */
    d = make("k1", 1);
    assign_ok(d, &w);
    g_assert_cmphex(pci_bar_base(d, 0), ==, M64 + 0x80000);
    d = make("k2", 2);
    assign_fails(d, &w,
                 "no room for BAR0 (524288 bytes) of k2 in the 64-bit memory window of the test "
                 "windows");
    /* Without a 64-bit window it goes below 4 GiB. */
    w = windows(0x1000, false);
    fake_spec.bars[0].size = 0x10000;
    d = make("k3", 3);
    assign_ok(d, &w);
    g_assert_cmphex(pci_bar_base(d, 0), ==, M32 + 0x10000);
    teardown();
}

/* A later BAR with no room undoes the earlier ones: the function holds nothing. */
static void test_partial_failure_undone(void)
{
    SpaprBarWindows w = windows(0x1000, true);
    PciDevice *d, *after;

    setup();
    fake_spec.bars[0] = (FakeBarSpec){ PCI_BAR_MEM32, 0x1000 };
    fake_spec.bars[1] = (FakeBarSpec){ PCI_BAR_IO, 0x100 };     /* more than the I/O window */
    d = make("p0", 0);
    assign_fails(d, &w,
                 "no room for BAR1 (256 bytes) of p0 in the I/O window of the test windows");
    /* BAR0's range was not kept. */
    fake_spec.bars[1] = (FakeBarSpec){ 0, 0 };
    after = make("p1", 1);
    assign_ok(after, &w);
    g_assert_cmphex(pci_bar_base(after, 0), ==, M32);
    teardown();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/bar-alloc/fill-free-refill", test_fill_free_refill);
    g_test_add_func("/bar-alloc/alignment", test_alignment);
    g_test_add_func("/bar-alloc/windows-by-kind", test_windows_by_kind);
    g_test_add_func("/bar-alloc/partial-failure-undone", test_partial_failure_undone);
    return g_test_run();
}
