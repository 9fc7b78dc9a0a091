/*
 * A hostile guest (issue 14, item 3): it does to ppc64-lite what a buggy or
 * malicious OS could, one act at a time, and checks that each gets the
 * architected answer (H_PARAMETER, RTAS -3, all-ones reads, a failed DMA)
 * and leaves the machine running. Every check prints "PASS act: ..." or
 * "FAIL act: ...", and every act ends with "HOSTILE act: alive", at which
 * run-hostile.sh's monitor script asks `info status`: the monitor must still
 * answer. The acts:
 *   config-ro   writes to read-only config registers (PCI 3.0 6.2), config
 *               calls with bad sizes, offsets, functions and BUIDs (LoPAR 7.3.4)
 *   bars        BARs programmed over RAM, over another BAR, over the other
 *               PHB's window; the old window address reads all-ones
 *   dma         pci-testdev DMA into unmapped, read-only and out-of-window
 *               TCEs (LoPAR 7.4.3), one across a mapped/unmapped boundary;
 *               e1000 descriptor rings and buffers where no TCE maps them
 *   msi         ibm,set-xive to a server that does not exist, MSI messages
 *               naming sources that are not the function's (LoPAR 7.3.10)
 *   storm       a level INTx the handler never clears: interrupts until the
 *               monitor script types at the console (the monitor must run)
 *   garbage     hypercalls and RTAS calls with every register garbage, from
 *               a fixed seed (xorshift64)
 *   cc          ibm,configure-connector (LoPAR 13.5.3.5) with a work area
 *               outside RAM, across its end, across a page, a bad DRC index
 *   cc-del      device_del while the guest is inside configure-connector
 * Run with pci-testdev at 3.0 and an e1000 at 4.0 on the first PHB, a second
 * PHB with a pci-testdev at 1.0, -m 256M and run-hostile.sh's monitor
 * script, which hot-adds a pci-testdev at slot 6 for the cc acts.
 */
#include "guest.h"

#include "pci/e1000-regs.h"
#include "pci/pci-testdev-regs.h"
#include "ppc/spapr/papr.h"

#define TB_PER_MS       512000ul        /* the pseries timebase: 512 MHz */
#define PAGE            4096ul
#define VTY_TERMNO      SPAPR_VIO_REG_BASE
#define TESTDEV_ID_WORD (PCI_TESTDEV_DEVICE_ID << 16 | PCI_TESTDEV_VENDOR_ID)
#define E1000_ID_WORD   (E1000_DEVICE_ID << 16 | E1000_VENDOR_ID)
#define DEVFN(slot, fn) ((slot) << 3 | (fn))
#define HOTPLUG_SLOT    6
#define LOG_TYPE_HOTPLUG 229

static int failures;

/* ---- Reporting ---- */

static void put_hexn(u64 v)
{
    int digits = 1;

    while (digits < 16 && (v >> (4 * digits))) {
        digits++;
    }
    puts_("0x");
    put_hex(v, digits);
}

/* One check: "PASS act: what" or "FAIL act: what (got V)". */
static int check(const char *act, const char *what, int ok, u64 got)
{
    puts_(ok ? "PASS " : "FAIL ");
    puts_(act);
    puts_(": ");
    puts_(what);
    if (!ok) {
        puts_(" (got ");
        put_hexn(got);
        puts_(")");
        failures++;
    }
    puts_("\n");
    return ok;
}

static void alive(const char *act)
{
    puts_("HOSTILE ");
    puts_(act);
    puts_(": alive\n");
}

static u64 timebase(void)
{
    u64 tb;

    __asm__ volatile("mftb %0" : "=r"(tb));
    return tb;
}

/* ---- The device tree ---- */

static u32 be32(const void *p)
{
    const u8 *b = p;
    return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static u64 be64(const void *p)
{
    return (u64)be32(p) << 32 | be32((const u8 *)p + 4);
}

static void put_be32(void *p, u32 v)
{
    u8 *b = p;
    b[0] = (u8)(v >> 24), b[1] = (u8)(v >> 16), b[2] = (u8)(v >> 8), b[3] = (u8)v;
}

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++, b++;
    }
    return *a == *b;
}

static int starts_with(const char *s, const char *prefix)
{
    while (*prefix) {
        if (*s++ != *prefix++) {
            return 0;
        }
    }
    return 1;
}

typedef struct Phb {
    u64 buid;
    u32 liobn;
    u64 mem32_pci, mem32_cpu, mem32_size;
    const u8 *drc_indexes, *drc_names;      /* the properties as they are in the tree */
    u32 drc_names_len;
} Phb;

static Phb phbs[2];
static int nphbs;
static u64 ram_size;
static u32 hp_irq;              /* /event-sources/hot-plug-events */
static u64 fdt_start, fdt_end;
static const char *bootargs;    /* "seed=N" picks the garbage act's seed (-append) */

/* RTAS services of /rtas: token and name. */
#define MAX_TOKENS 64
static struct {
    u32 token;
    const char *name;
} tokens[MAX_TOKENS];
static int ntokens;

static void fdt_scan(void)
{
    const u8 *fdt = guest_fdt;
    const u8 *st = fdt + be32(fdt + 8);
    const char *strings = (const char *)fdt + be32(fdt + 12);
    u32 size = be32(fdt + 36);
    const char *path[8] = { 0 };
    int depth = 0;
    Phb *cur = 0;

    fdt_start = (u64)fdt;
    fdt_end = fdt_start + be32(fdt + 4);
    for (u32 off = 0; off + 4 <= size;) {
        u32 tag = be32(st + off);
        off += 4;
        if (tag == 1) {             /* BEGIN_NODE */
            const char *name = (const char *)st + off;
            depth++;
            if (depth < 8) {
                path[depth] = name;
            }
            if (depth == 2) {
                cur = starts_with(name, "pci@") && nphbs < 2 ? &phbs[nphbs++] : 0;
            }
            while (st[off]) {
                off++;
            }
            off = (off + 4) & ~3u;
        } else if (tag == 2) {      /* END_NODE */
            if (depth == 2) {
                cur = 0;
            }
            depth--;
        } else if (tag == 3) {      /* PROP */
            u32 len = be32(st + off);
            const char *pname = strings + be32(st + off + 4);
            const u8 *v = st + off + 8;

            if (cur && depth == 2) {
                if (str_eq(pname, "reg") && len >= 8) {
                    cur->buid = be64(v);
                } else if (str_eq(pname, "ibm,dma-window") && len >= 4) {
                    cur->liobn = be32(v);
                } else if (str_eq(pname, "ranges")) {
                    for (u32 i = 0; i + 28 <= len; i += 28) {
                        if ((be32(v + i) & 0x03000000) == 0x02000000) {
                            cur->mem32_pci = be64(v + i + 4);
                            cur->mem32_cpu = be64(v + i + 12);
                            cur->mem32_size = be64(v + i + 20);
                        }
                    }
                } else if (str_eq(pname, "ibm,drc-indexes")) {
                    cur->drc_indexes = v;
                } else if (str_eq(pname, "ibm,drc-names")) {
                    cur->drc_names = v;
                    cur->drc_names_len = len;
                }
            } else if (depth == 2 && starts_with(path[2], "memory") && str_eq(pname, "reg") &&
                       len >= 16 && be64(v) == 0) {
                ram_size = be64(v + 8);
            } else if (depth == 2 && str_eq(path[2], "rtas") && len == 4 &&
                       (be32(v) & ~0xffu) == 0x2000 && ntokens < MAX_TOKENS) {
                tokens[ntokens].token = be32(v);
                tokens[ntokens++].name = pname;
            } else if (depth == 2 && str_eq(path[2], "chosen") && str_eq(pname, "bootargs")) {
                bootargs = (const char *)v;
            } else if (depth == 3 && str_eq(path[2], "event-sources") &&
                       str_eq(path[3], "hot-plug-events") && str_eq(pname, "interrupts") &&
                       len >= 4) {
                hp_irq = be32(v);
            }
            off = (off + 8 + len + 3) & ~3u;
        } else if (tag == 9) {      /* END */
            break;
        }
    }
}

/* The DRC index of the connector named name on a PHB, 0 if none. */
static u32 drc_index_named(const Phb *p, const char *name)
{
    const char *s, *end;
    u32 n;

    if (!p->drc_indexes || !p->drc_names) {
        return 0;
    }
    n = be32(p->drc_names);
    s = (const char *)p->drc_names + 4;
    end = (const char *)p->drc_names + p->drc_names_len;
    for (u32 i = 0; i < n && s < end; i++) {
        if (str_eq(s, name)) {
            return be32(p->drc_indexes + 4 + 4 * i);
        }
        while (s < end && *s) {
            s++;
        }
        s++;
    }
    return 0;
}

/* ---- Hypercalls with results, config space, MMIO ---- */

static u32 cfg_addr(int devfn, u32 reg)
{
    return (reg & 0xf00) << 20 | (u32)devfn << 8 | (reg & 0xff);
}

static int cfg_read(const Phb *p, int devfn, u32 reg, int size, u32 *val)
{
    u32 rets[2] = { 0, 0 };
    int st = rtas_call("ibm,read-pci-config", 4, 2, rets, cfg_addr(devfn, reg),
                       (u32)(p->buid >> 32), (u32)p->buid, (u32)size);

    *val = rets[1];
    return st;
}

static u32 cfg_rd(const Phb *p, int devfn, u32 reg, int size)
{
    u32 v;

    return cfg_read(p, devfn, reg, size, &v) == 0 ? v : 0xdeadbeef;
}

static int cfg_wr(const Phb *p, int devfn, u32 reg, int size, u32 val)
{
    u32 ret;

    return rtas_call("ibm,write-pci-config", 5, 1, &ret, cfg_addr(devfn, reg),
                     (u32)(p->buid >> 32), (u32)p->buid, (u32)size, val);
}

/* Device registers are little-endian; the CI hypercalls move bytes in big-endian order. */
static u32 mmio_rd(u64 addr)
{
    u64 v = 0;

    if (hcall_r4(H_LOGICAL_CI_LOAD, 4, addr, 0, 0, &v) != H_SUCCESS) {
        return 0xdeadbeef;
    }
    return __builtin_bswap32((u32)v);
}

static void mmio_wr(u64 addr, u32 v)
{
    hcall(H_LOGICAL_CI_STORE, 4, addr, __builtin_bswap32(v), 0, 0);
}

static u64 cpu_addr(const Phb *p, u32 bar)
{
    return p->mem32_cpu + (bar - p->mem32_pci);
}

/* The machine's devices (see the header comment). */
#define TD0     DEVFN(3, 0)     /* pci-testdev on PHB 0 */
#define NIC     DEVFN(4, 0)     /* e1000 on PHB 0 */
#define TD1     DEVFN(1, 0)     /* pci-testdev on PHB 1 */
static u32 td0_bar0, nic_bar0, td1_bar0;

static u32 bar0_of(const Phb *p, int devfn)
{
    return cfg_rd(p, devfn, 0x10, 4) & ~0xfu;
}

/* ---- config-ro ---- */

/* A register that must not change when written: write all-ones and zero, read back. */
static void ro_reg(const char *what, int devfn, u32 reg, int size, u32 mask)
{
    const Phb *p = &phbs[0];
    u32 before = cfg_rd(p, devfn, reg, size), after1, after2;

    cfg_wr(p, devfn, reg, size, 0xffffffffu >> (32 - 8 * size));
    after1 = cfg_rd(p, devfn, reg, size);
    cfg_wr(p, devfn, reg, size, 0);
    after2 = cfg_rd(p, devfn, reg, size);
    check("config-ro", what, (after1 & mask) == (before & mask) && (after2 & mask) == (before & mask),
          (u64)after1 << 32 | after2);
}

static void act_config_ro(void)
{
    const Phb *p = &phbs[0];
    u32 v, st, cap;

    ro_reg("testdev vendor/device id unchanged", TD0, 0x00, 4, 0xffffffff);
    ro_reg("testdev class/revision unchanged", TD0, 0x08, 4, 0xffffffff);
    ro_reg("testdev header type unchanged", TD0, 0x0e, 1, 0xff);
    ro_reg("testdev capability pointer unchanged", TD0, 0x34, 1, 0xff);
    ro_reg("testdev interrupt pin unchanged", TD0, 0x3d, 1, 0xff);
    ro_reg("e1000 vendor/device id unchanged", NIC, 0x00, 4, 0xffffffff);
    ro_reg("e1000 subsystem id unchanged", NIC, 0x2c, 4, 0xffffffff);
    /* A memory BAR's type bits (0-3) are read-only. */
    ro_reg("testdev BAR0 type bits unchanged", TD0, 0x10, 4, 0xf);
    cfg_wr(p, TD0, 0x10, 4, td0_bar0);
    /* The capability list's ID and next pointer. */
    cap = cfg_rd(p, TD0, 0x34, 1) & 0xfc;
    if (cap) {
        ro_reg("testdev first capability id/next unchanged", TD0, cap, 2, 0xffff);
    }
    /* Status: reserved and read-only bits stay, RW1C bits clear rather than set. */
    cfg_wr(p, TD0, 0x06, 2, 0xffff);
    st = cfg_rd(p, TD0, 0x06, 2);
    check("config-ro", "status register write 0xffff sets no error bit",
          (st & 0xf900) == 0, st);
    /* Bad requests: size 3, misaligned, past the 4 KiB space, another BUID, absent function. */
    check("config-ro", "write of size 3 is RTAS -3", cfg_wr(p, TD0, 0x04, 3, 0) == -3, 0);
    check("config-ro", "misaligned write is RTAS -3", cfg_wr(p, TD0, 0x05, 2, 0) == -3, 0);
    check("config-ro", "misaligned read is RTAS -3", cfg_read(p, TD0, 0x02, 4, &v) == -3, v);
    {
        u32 rets[2];
        int r = rtas_call("ibm,write-pci-config", 5, 1, rets, cfg_addr(TD0, 4), 0xdead, 0xbeef,
                          4, 0);
        check("config-ro", "write to a BUID no PHB has is RTAS -3", r == -3, (u64)r);
        r = rtas_call("ibm,read-pci-config", 4, 2, rets, cfg_addr(TD0, 0), 0xdead, 0xbeef, 4);
        check("config-ro", "read from a BUID no PHB has is RTAS -3", r == -3, (u64)r);
    }
    check("config-ro", "write to an absent function succeeds",
          cfg_wr(p, DEVFN(20, 3), 0x04, 2, 0xffff) == 0, 0);
    check("config-ro", "absent function reads all-ones",
          cfg_read(p, DEVFN(20, 3), 0, 4, &v) == 0 && v == 0xffffffff, v);
    /* Extended space: read-only where no capability is (PCIe), -3 past 256 bytes (PCI). */
    st = cfg_rd(p, TD0, 0xffc, 4);
    cfg_wr(p, TD0, 0xffc, 4, 0x12345678);
    v = cfg_rd(p, TD0, 0xffc, 4);
    check("config-ro", "testdev extended config 0xffc does not take a write", v == st, v);
    check("config-ro", "e1000 (conventional PCI) config write at 0x100 is RTAS -3",
          cfg_wr(p, NIC, 0x100, 4, 0x12345678) == -3, 0);
    check("config-ro", "e1000 config read at 0xffc is RTAS -3", cfg_read(p, NIC, 0xffc, 4, &v) == -3,
          v);
    check("config-ro", "device still identifies itself",
          cfg_rd(p, TD0, 0, 4) == TESTDEV_ID_WORD && cfg_rd(p, NIC, 0, 4) == E1000_ID_WORD,
          cfg_rd(p, TD0, 0, 4));
    /* Memory decoding and bus mastering back on for the acts that follow. */
    cfg_wr(p, TD0, 0x04, 2, 0x0146);
    cfg_wr(p, NIC, 0x04, 2, 0x0146);
}

/* ---- bars ---- */

static u8 ram_probe[PAGE] __attribute__((aligned(PAGE)));

static int td0_works(void)
{
    return mmio_rd(cpu_addr(&phbs[0], td0_bar0) + TESTDEV_ID) == PCI_TESTDEV_MAGIC;
}

static void act_bars(void)
{
    const Phb *p = &phbs[0], *q = &phbs[1];
    u64 old = cpu_addr(p, td0_bar0);
    u32 nic_ral = mmio_rd(cpu_addr(p, nic_bar0) + E1000_RA), v;
    int ok = 1;

    check("bars", "testdev BAR0 decodes before the act", td0_works(), td0_bar0);
    /* Over RAM: the BAR names guest-RAM addresses; RAM must stay RAM. */
    for (u32 i = 0; i < PAGE; i++) {
        ram_probe[i] = (u8)(i ^ 0xa5);
    }
    cfg_wr(p, TD0, 0x10, 4, (u32)(u64)ram_probe);
    cfg_wr(p, NIC, 0x10, 4, 0);
    for (u32 i = 0; i < PAGE; i++) {
        ok &= ram_probe[i] == (u8)(i ^ 0xa5);
    }
    check("bars", "BARs over RAM leave RAM as it was", ok, 0);
    {
        u64 w = 0;
        hcall_r4(H_LOGICAL_CI_LOAD, 4, (u64)ram_probe, 0, 0, &w);
        check("bars", "a CI load at that RAM address reads RAM",
              (u32)w == ((u32)ram_probe[0] << 24 | (u32)ram_probe[1] << 16 |
                         (u32)ram_probe[2] << 8 | ram_probe[3]), w);
    }
    v = mmio_rd(old);
    check("bars", "the window where BAR0 was reads all-ones", v == 0xffffffff, v);
    /* Over each other: both BAR0s at one address, then BAR0 over BAR1 of the same device. */
    cfg_wr(p, TD0, 0x10, 4, nic_bar0);
    cfg_wr(p, NIC, 0x10, 4, nic_bar0);
    v = mmio_rd(cpu_addr(p, nic_bar0));
    check("bars", "overlapping BARs: a read answers (either device)", v != 0xdeadbeef, v);
    cfg_wr(p, TD0, 0x10, 4, cfg_rd(p, TD0, 0x14, 4) & ~0xfu);
    mmio_rd(cpu_addr(p, cfg_rd(p, TD0, 0x14, 4) & ~0xfu));
    /* Over the other PHB: its BAR address, and its window's CPU address as a PCI address. */
    if (nphbs > 1) {
        cfg_wr(p, TD0, 0x10, 4, td1_bar0);
        v = mmio_rd(cpu_addr(q, td1_bar0) + TESTDEV_ID);
        check("bars", "PHB 1's testdev still answers at its BAR", v == PCI_TESTDEV_MAGIC, v);
        cfg_wr(p, TD0, 0x10, 4, (u32)q->mem32_cpu);
        v = mmio_rd(cpu_addr(q, td1_bar0) + TESTDEV_ID);
        check("bars", "a BAR at PHB 1's CPU window does not steal its accesses",
              v == PCI_TESTDEV_MAGIC, v);
    }
    /* The top of the 32-bit space, and a size-probe value left in place. */
    cfg_wr(p, TD0, 0x10, 4, 0xfffff000);
    cfg_wr(p, TD0, 0x10, 4, 0xffffffff);
    mmio_rd(old);
    /* Back where they were: both devices work again. */
    cfg_wr(p, TD0, 0x10, 4, td0_bar0);
    cfg_wr(p, NIC, 0x10, 4, nic_bar0);
    check("bars", "testdev BAR0 decodes again once restored", td0_works(), td0_bar0);
    v = mmio_rd(cpu_addr(p, nic_bar0) + E1000_RA);
    check("bars", "e1000 RAL0 (its MAC) reads as before once restored",
          v == nic_ral && v != 0xffffffff, v);
}

/* ---- dma ---- */

static u8 src_page[PAGE] __attribute__((aligned(PAGE)));
static u8 dst_pages[3 * PAGE] __attribute__((aligned(PAGE)));     /* dst, guard, guard */

#define IOBA_SRC        0x1000ul
#define IOBA_DST        0x2000ul
#define IOBA_RO         0x3000ul
#define IOBA_UNMAPPED   0x9000ul

static u32 td_dma(u64 regs, u64 src, u64 dst, u32 len)
{
    mmio_wr(regs + TESTDEV_DMA_SRC, (u32)src);
    mmio_wr(regs + TESTDEV_DMA_SRC + 4, (u32)(src >> 32));
    mmio_wr(regs + TESTDEV_DMA_DST, (u32)dst);
    mmio_wr(regs + TESTDEV_DMA_DST + 4, (u32)(dst >> 32));
    mmio_wr(regs + TESTDEV_DMA_LEN, len);
    mmio_wr(regs + TESTDEV_DMA_CMD, TESTDEV_CMD_START);
    return mmio_rd(regs + TESTDEV_DMA_STATUS);
}

static int pages_are(const u8 *p, u32 len, u8 val)
{
    for (u32 i = 0; i < len; i++) {
        if (p[i] != val) {
            return 0;
        }
    }
    return 1;
}

static void act_dma(void)
{
    const Phb *p = &phbs[0];
    u64 regs = cpu_addr(p, td0_bar0), nic = cpu_addr(p, nic_bar0);
    u32 st, count;

    for (u32 i = 0; i < PAGE; i++) {
        src_page[i] = (u8)(i * 7 + 1);
    }
    memset(dst_pages, 0x5a, sizeof(dst_pages));
    hcall(H_PUT_TCE, p->liobn, IOBA_SRC, (u64)src_page | SPAPR_TCE_READ, 0, 0);
    hcall(H_PUT_TCE, p->liobn, IOBA_DST, (u64)dst_pages | SPAPR_TCE_READ | SPAPR_TCE_WRITE, 0, 0);
    hcall(H_PUT_TCE, p->liobn, IOBA_RO, (u64)(dst_pages + PAGE) | SPAPR_TCE_READ, 0, 0);
    count = mmio_rd(regs + TESTDEV_DMA_COUNT);

    st = td_dma(regs, IOBA_SRC, IOBA_UNMAPPED, 256);
    check("dma", "copy to an unmapped TCE fails", (st & TESTDEV_DMA_ERROR) != 0, st);
    st = td_dma(regs, IOBA_UNMAPPED, IOBA_DST, 256);
    check("dma", "copy from an unmapped TCE fails", (st & TESTDEV_DMA_ERROR) != 0, st);
    check("dma", "... and writes nothing", pages_are(dst_pages, PAGE, 0x5a), dst_pages[0]);
    st = td_dma(regs, IOBA_SRC, IOBA_RO, 256);
    check("dma", "copy into a read-only TCE fails", (st & TESTDEV_DMA_ERROR) != 0, st);
    check("dma", "... and leaves the page alone", pages_are(dst_pages + PAGE, PAGE, 0x5a),
          dst_pages[PAGE]);
    st = td_dma(regs, IOBA_SRC, 0xfffffffffffff000ul, 256);
    check("dma", "copy to an address past the DMA window fails", (st & TESTDEV_DMA_ERROR) != 0,
          st);
    st = td_dma(regs, IOBA_SRC, IOBA_DST + PAGE - 64, 256);
    check("dma", "copy running off a writable TCE into a read-only one fails",
          (st & TESTDEV_DMA_ERROR) != 0, st);
    check("dma", "... and nothing lands past the writable page",
          pages_are(dst_pages + PAGE, 2 * PAGE, 0x5a), dst_pages[PAGE]);
    st = td_dma(regs, IOBA_SRC, IOBA_DST, PCI_TESTDEV_DMA_MAX + 1);
    check("dma", "copy longer than the device allows fails",
          (st & TESTDEV_DMA_ERROR) && (st >> TESTDEV_DMA_ERR_SHIFT & 0xff) == TESTDEV_DMA_ERR_TOO_LONG,
          st);
    check("dma", "no failed copy counts as done", mmio_rd(regs + TESTDEV_DMA_COUNT) == count,
          mmio_rd(regs + TESTDEV_DMA_COUNT));
    memset(dst_pages, 0x5a, PAGE);
    st = td_dma(regs, IOBA_SRC, IOBA_DST, PAGE);
    check("dma", "a good copy still works afterwards",
          (st & TESTDEV_DMA_DONE) && !(st & TESTDEV_DMA_ERROR) && dst_pages[100] == src_page[100],
          st);

    /*
     * e1000: a TX ring where no TCE maps it, then a ring in a mapped page
     * whose descriptors point at unmapped and read-only buffers.
     */
    mmio_wr(nic + E1000_TDBAL, 0x7ff00000);
    mmio_wr(nic + E1000_TDBAH, 0);
    mmio_wr(nic + E1000_TDLEN, 4096);
    mmio_wr(nic + E1000_TDH, 0);
    mmio_wr(nic + E1000_TDT, 0);
    mmio_wr(nic + E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP);
    mmio_wr(nic + E1000_TDT, 5);
    st = mmio_rd(nic + E1000_STATUS);
    check("dma", "e1000 TX ring in unmapped space: the device still answers",
          st != 0xffffffff && st != 0xdeadbeef, st);
    {
        u8 *ring = dst_pages;       /* a RW-mapped page at IOBA_DST */
        memset(ring, 0, PAGE);
        for (int i = 0; i < 4; i++) {
            u8 *d = ring + 16 * i;
            u64 buf = i & 1 ? IOBA_UNMAPPED : 0xffffffff00000000ul;
            for (int b = 0; b < 8; b++) {
                d[b] = (u8)(buf >> (8 * b));        /* little-endian descriptor */
            }
            d[8] = 64, d[9] = 0;                    /* length */
            d[11] = 0x0b;                           /* EOP | IFCS | RS */
        }
        mmio_wr(nic + E1000_TCTL, 0);
        mmio_wr(nic + E1000_TDBAL, IOBA_DST);
        mmio_wr(nic + E1000_TDLEN, 128);
        mmio_wr(nic + E1000_TDH, 0);
        mmio_wr(nic + E1000_TDT, 0);
        mmio_wr(nic + E1000_TCTL, E1000_TCTL_EN | E1000_TCTL_PSP);
        mmio_wr(nic + E1000_TDT, 4);
        st = mmio_rd(nic + E1000_STATUS);
        check("dma", "e1000 descriptors with unmapped buffers: the device still answers",
              st != 0xffffffff && st != 0xdeadbeef, st);
        /* An RX ring in a read-only page: nothing may be written there. */
        mmio_wr(nic + E1000_RDBAL, IOBA_RO);
        mmio_wr(nic + E1000_RDBAH, 0);
        mmio_wr(nic + E1000_RDLEN, 128);
        mmio_wr(nic + E1000_RDH, 0);
        mmio_wr(nic + E1000_RDT, 7);
        mmio_wr(nic + E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM | E1000_RCTL_UPE |
                                  E1000_RCTL_MPE);
        check("dma", "e1000 RX ring in a read-only page stays untouched",
              pages_are(dst_pages + PAGE, PAGE, 0x5a), dst_pages[PAGE]);
        mmio_wr(nic + E1000_RCTL, 0);
        mmio_wr(nic + E1000_TCTL, 0);
    }
    hcall(H_STUFF_TCE, p->liobn, IOBA_SRC, 0, 3, 0);

    /* The TCE hypercalls themselves, out of bounds (LoPAR 14.5.4.2). */
    {
        u64 tce = 0;
        long r;
        r = hcall(H_PUT_TCE, p->liobn, 0xfffffffffffff000ul, (u64)src_page | 3, 0, 0);
        check("dma", "H_PUT_TCE past the window is H_PARAMETER", r == H_PARAMETER, (u64)r);
        r = hcall(H_PUT_TCE, p->liobn, IOBA_SRC, (ram_size + PAGE) | 3, 0, 0);
        check("dma", "H_PUT_TCE of a page outside RAM is H_PARAMETER", r == H_PARAMETER, (u64)r);
        r = hcall(H_PUT_TCE, 0xdeadbeef, IOBA_SRC, (u64)src_page | 3, 0, 0);
        check("dma", "H_PUT_TCE on a LIOBN with no table is H_PARAMETER", r == H_PARAMETER,
              (u64)r);
        r = hcall_r4(H_GET_TCE, p->liobn, 0xfffffffffffff000ul, 0, 0, &tce);
        check("dma", "H_GET_TCE past the window is H_PARAMETER", r == H_PARAMETER, (u64)r);
        r = hcall(H_STUFF_TCE, p->liobn, 0, 0, ~0ul, 0);
        check("dma", "H_STUFF_TCE of 2^64-1 entries is refused (H_P4)", r == H_P4, (u64)r);
        r = hcall(H_STUFF_TCE, p->liobn, 0xfffff000ul, 0, 512, 0);
        check("dma", "H_STUFF_TCE running past the window is H_PARAMETER", r == H_PARAMETER,
              (u64)r);
        r = hcall(H_PUT_TCE_INDIRECT, p->liobn, IOBA_SRC, (u64)src_page + 8, 1, 0);
        check("dma", "H_PUT_TCE_INDIRECT with a misaligned list is H_PARAMETER",
              r == H_PARAMETER, (u64)r);
        r = hcall(H_PUT_TCE_INDIRECT, p->liobn, IOBA_SRC, ram_size, 1, 0);
        check("dma", "H_PUT_TCE_INDIRECT with a list outside RAM is H_PARAMETER",
              r == H_PARAMETER, (u64)r);
        r = hcall(H_PUT_TCE_INDIRECT, p->liobn, IOBA_SRC, (u64)src_page, 100000, 0);
        check("dma", "H_PUT_TCE_INDIRECT of 100000 entries is H_PARAMETER", r == H_PARAMETER,
              (u64)r);
    }
}

/* ---- msi ---- */

static int xirr_pending(u64 *xirr)
{
    *xirr = 0;
    hcall_r4(H_XIRR, 0, 0, 0, 0, xirr);
    return (*xirr & 0xffffff) != 0;
}

static void act_msi(void)
{
    const Phb *p = &phbs[0];
    u64 regs = cpu_addr(p, td0_bar0), xirr;
    u32 rets[4], cfg = cfg_addr(TD0, 0), irq, cap = 0;
    int r;

    r = rtas_call("ibm,change-msi", 6, 4, rets, cfg, (u32)(p->buid >> 32), (u32)p->buid, 3, 1, 1);
    check("msi", "ibm,change-msi gives one MSI", r == 0 && rets[1] == 1, (u64)r);
    rtas_call("ibm,query-interrupt-source-number", 4, 3, rets, cfg, (u32)(p->buid >> 32),
              (u32)p->buid, 0);
    irq = rets[1];
    r = rtas_call("ibm,set-xive", 3, 1, rets, irq, 0x7777, 5);
    check("msi", "ibm,set-xive to server 0x7777 (none) is RTAS -3", r == -3, (u64)r);
    r = rtas_call("ibm,set-xive", 3, 1, rets, 0xfffff, 0, 5);
    check("msi", "ibm,set-xive of a source that does not exist is RTAS -3", r == -3, (u64)r);
    r = rtas_call("ibm,int-on", 1, 1, rets, 0xfffff);
    check("msi", "ibm,int-on of a source that does not exist is RTAS -3", r == -3, (u64)r);
    r = (int)hcall(H_IPI, 0x7777, 5, 0, 0, 0);
    check("msi", "H_IPI to server 0x7777 is H_PARAMETER", r == H_PARAMETER, (u64)r);
    for (u32 ptr = cfg_rd(p, TD0, 0x34, 1) & 0xfc; ptr && !cap; ptr = cfg_rd(p, TD0, ptr + 1, 1)) {
        if (cfg_rd(p, TD0, ptr, 1) == 0x05) {
            cap = ptr;
        }
    }
    check("msi", "the testdev has an MSI capability", cap != 0, 0);
    rtas_call("ibm,set-xive", 3, 1, rets, irq, 0, 5);
    hcall(H_CPPR, 0xff, 0, 0, 0, 0);
    while (xirr_pending(&xirr)) {
        hcall(H_EOI, xirr, 0, 0, 0, 0);
    }
    /* The function's MSI data rewritten to sources it does not own, then fired. */
    {
        u32 ctl = cfg_rd(p, TD0, cap + 2, 2);
        u32 data_off = (ctl & 0x80) ? cap + 12 : cap + 8;
        u32 data = cfg_rd(p, TD0, data_off, 2);
        static const u32 bad[] = { 0x0, 0x2, 0xffff, 0x1000 };
        int delivered = 0;

        cfg_wr(p, TD0, cap + 2, 2, ctl | 1);      /* MSI enable */
        mmio_wr(regs + TESTDEV_MSI_VECTOR, 0);
        mmio_wr(regs + TESTDEV_IRQ_ENABLE, TESTDEV_IRQ_SOFT);
        for (u32 i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
            cfg_wr(p, TD0, data_off, 2, bad[i] == 0x1000 ? irq + 1 : bad[i]);
            mmio_wr(regs + TESTDEV_IRQ_STATUS, TESTDEV_IRQ_SOFT);
            mmio_wr(regs + TESTDEV_IRQ_RAISE, TESTDEV_IRQ_SOFT);
            delivered += xirr_pending(&xirr);
            if (xirr & 0xffffff) {
                hcall(H_EOI, xirr, 0, 0, 0, 0);
            }
        }
        check("msi", "MSIs naming sources that are not the function's are dropped",
              delivered == 0, (u64)delivered);
        /* Its own source again: delivered, to this server. */
        cfg_wr(p, TD0, data_off, 2, data);
        mmio_wr(regs + TESTDEV_IRQ_STATUS, TESTDEV_IRQ_SOFT);
        mmio_wr(regs + TESTDEV_IRQ_RAISE, TESTDEV_IRQ_SOFT);
        xirr_pending(&xirr);
        check("msi", "the function's own MSI is still delivered", (xirr & 0xffffff) == irq, xirr);
        hcall(H_EOI, xirr, 0, 0, 0, 0);
        mmio_wr(regs + TESTDEV_IRQ_ENABLE, 0);
        mmio_wr(regs + TESTDEV_IRQ_STATUS, 0xff);
        cfg_wr(p, TD0, cap + 2, 2, ctl & ~1u);
    }
    r = rtas_call("ibm,change-msi", 6, 3, rets, cfg, (u32)(p->buid >> 32), (u32)p->buid, 2, 0, 1);
    check("msi", "ibm,change-msi releases the MSI", r == 0, (u64)r);
}

/* ---- storm ---- */

#define STORM_TIMEOUT_MS    30000
#define STORM_MIN           20000       /* interrupts before the console may end it */
static volatile u64 storm_count, storm_deadline, storm_start;
static volatile int storm_on, storm_stopped_by;     /* 1: console input, 2: timeout */
static u32 storm_irq;
static u64 storm_regs;

/* The handler that keeps the storm going: it EOIs but never clears the device. */
u64 guest_trap(u64 vector, u64 srr0, u64 srr1)
{
    u64 xirr = 0;

    if (vector == 0x900) {
        __asm__ volatile("mtdec %0" ::"r"(0x7fffffffu));
        return srr0;
    }
    if (vector != 0x500 || !storm_on) {
        puts_("unexpected interrupt ");
        put_hex(vector, 4);
        puts_(" at ");
        put_hexn(srr0);
        puts_(" SRR1 ");
        put_hexn(srr1);
        putchar_('\n');
        guest_exit(1);
    }
    hcall_r4(H_XIRR, 0, 0, 0, 0, &xirr);
    if ((xirr & 0xffffff) == storm_irq) {
        storm_count++;
    }
    /*
     * Every so often, once the storm has run a while: has the monitor
     * script typed at the console, or is time up?
     */
    if (storm_count >= STORM_MIN && (storm_count & 1023) == 0) {
        u8 typed[16];
        if (guest_vty_read(VTY_TERMNO, typed) > 0) {
            storm_stopped_by = 1;
        } else if (timebase() > storm_deadline) {
            storm_stopped_by = 2;
        }
        if (storm_stopped_by) {
            mmio_wr(storm_regs + TESTDEV_IRQ_ENABLE, 0);
            mmio_wr(storm_regs + TESTDEV_IRQ_STATUS, 0xff);
            storm_on = 0;
        }
    }
    hcall(H_EOI, xirr, 0, 0, 0, 0);
    return srr0;
}

static void act_storm(void)
{
    const Phb *p = &phbs[0];
    u32 rets[3], cfg = cfg_addr(TD0, 0);
    int r;
    u64 msr;

    storm_regs = cpu_addr(p, td0_bar0);
    r = rtas_call("ibm,query-interrupt-source-number", 4, 3, rets, cfg, (u32)(p->buid >> 32),
                  (u32)p->buid, 0);
    storm_irq = rets[1];
    check("storm", "the testdev's INTx is a level source", r == 0 && rets[2] == 0, rets[2]);
    rtas_call("ibm,set-xive", 3, 1, rets, storm_irq, 0, 5);
    rtas_call("ibm,int-on", 1, 1, rets, storm_irq);
    hcall(H_CPPR, 0xff, 0, 0, 0, 0);
    mmio_wr(storm_regs + TESTDEV_IRQ_ENABLE, TESTDEV_IRQ_SOFT);
    mmio_wr(storm_regs + TESTDEV_IRQ_RAISE, TESTDEV_IRQ_SOFT);
    storm_start = timebase();
    storm_deadline = storm_start + STORM_TIMEOUT_MS * TB_PER_MS;
    storm_on = 1;
    puts_("HOSTILE storm: started\n");
    __asm__ volatile("mtdec %0" ::"r"(0x7fffffffu));
    __asm__ volatile("mfmsr %0" : "=r"(msr));
    __asm__ volatile("mtmsrd %0, 1" ::"r"(msr | 0x8000) : "memory");  /* MSR[EE] on */
    while (storm_on) {
    }
    __asm__ volatile("mtmsrd %0, 1" ::"r"(msr & ~0x8000ul) : "memory");
    rtas_call("ibm,int-off", 1, 1, rets, storm_irq);
    puts_("storm: ");
    put_dec(storm_count);
    puts_(" interrupts in ");
    put_dec((timebase() - storm_start) / TB_PER_MS);
    puts_(" ms\n");
    check("storm", "the storm ran (20000 interrupts at least)", storm_count >= STORM_MIN,
          storm_count);
    check("storm", "the monitor script's console input ended it", storm_stopped_by == 1,
          (u64)storm_stopped_by);
    check("storm", "the testdev answers after the storm", td0_works(), 0);
}

/* ---- garbage ---- */

static u64 rng_state = 0x9e3779b97f4a7c15ul;

/* seed=N (decimal) in the boot arguments replaces the fixed seed: more runs by hand. */
static void seed_from_bootargs(void)
{
    u64 seed = 0;
    const char *p = bootargs;

    while (p && *p && !starts_with(p, "seed=")) {
        p++;
    }
    if (!p || !*p) {
        return;
    }
    for (p += 5; *p >= '0' && *p <= '9'; p++) {
        seed = seed * 10 + (u64)(*p - '0');
    }
    rng_state ^= seed * 0x2545f4914f6cdd1dul;
    if (!rng_state) {
        rng_state = 1;
    }
}

static u64 rnd(void)
{
    u64 x = rng_state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return rng_state = x;
}

/*
 * A garbage value. Addresses that fall on this program, its stack or the
 * device tree (the first 32 MiB and the tree) move to scratch RAM at 128 MiB:
 * writes there are allowed and harmless, and this program must live to
 * check the answers. Anything else goes as it is.
 */
static u64 handles[16];
static int nhandles;

static void add_handle(u64 v)
{
    if (nhandles < 16) {
        handles[nhandles++] = v;
    }
}

#define PROTECT_END     0x2000000ul
#define SCRATCH         0x8000000ul
static u64 garbage(void)
{
    static const u64 edges[] = {
        0, 1, 2, 3, 4, 8, 0x10, 0x7f, 0x80, 0xff, 0x1000, 0xfff, 0x7fffffff, 0x80000000,
        0xffffffff, 0x100000000ul, 0x7fffffffffffffff, 0x8000000000000000, ~0ul, ~0ul - 7,
        0x40000000, 0x10000000, 0x0fffffff, 0x0ffff000,
    };
    u64 v, r = rnd();

    switch (r & 3) {
    case 0:
        /* Small numbers, or a handle of this machine: LIOBN, BUID halves, sources. */
        v = r >> 8 & 0xf;
        if (r & 0x1000 && nhandles) {
            v = handles[(r >> 16) % nhandles];
        }
        break;
    case 1:
        v = edges[(r >> 8) % (sizeof(edges) / sizeof(edges[0]))];
        break;
    case 2:
        v = rnd() & 0xffffffff;
        break;
    default:
        v = rnd();
        break;
    }
    if (v < PROTECT_END || (v >= fdt_start && v < fdt_end)) {
        v = SCRATCH + (v & 0xfffff8);
    }
    return v;
}

/* sc 1 with r0 and r3-r12 all given; r3-r12 come back. */
static void hcall_regs(u64 regs[11])
{
    register u64 r0 __asm__("r0") = regs[0];
    register u64 r3 __asm__("r3") = regs[1];
    register u64 r4 __asm__("r4") = regs[2];
    register u64 r5 __asm__("r5") = regs[3];
    register u64 r6 __asm__("r6") = regs[4];
    register u64 r7 __asm__("r7") = regs[5];
    register u64 r8 __asm__("r8") = regs[6];
    register u64 r9 __asm__("r9") = regs[7];
    register u64 r10 __asm__("r10") = regs[8];
    register u64 r11 __asm__("r11") = regs[9];
    register u64 r12 __asm__("r12") = regs[10];

    __asm__ volatile("sc 1"
                     : "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5), "+r"(r6), "+r"(r7), "+r"(r8),
                       "+r"(r9), "+r"(r10), "+r"(r11), "+r"(r12)
                     :
                     : "ctr", "xer", "cr0", "cr1", "cr5", "cr6", "cr7", "lr", "memory");
    regs[1] = r3;
}

/* The opcodes ppc64-lite implements (papr.h), half the garbage calls' opcodes. */
static const u64 known_hcalls[] = {
    H_REMOVE, H_ENTER, H_READ, H_CLEAR_MOD, H_CLEAR_REF, H_PROTECT, H_GET_TCE, H_PUT_TCE,
    H_SET_SPRG0, H_SET_DABR, H_PAGE_INIT, H_LOGICAL_CI_LOAD, H_LOGICAL_CI_STORE, H_EOI, H_CPPR,
    H_IPI, H_IPOLL, H_XIRR, H_REGISTER_VPA, H_PROD, H_BULK_REMOVE, H_SET_XDABR, H_STUFF_TCE,
    H_PUT_TCE_INDIRECT, H_GET_CPU_CHARACTERISTICS, H_HOME_NODE_ASSOCIATIVITY, H_XIRR_X, H_RANDOM,
    H_SET_MODE,
};

/* Opcodes whose proper effect would end this program: stop, sleep, eat console input. */
static int hcall_denied(u64 op)
{
    return op == H_CEDE || op == H_CONFER || op == H_GET_TERM_CHAR || op == H_PUT_TERM_CHAR ||
           op == H_RTAS;
}

static int rtas_denied(const char *name)
{
    static const char *const deny[] = {
        "power-off", "system-reboot", "ibm,os-term", "stop-self", "display-character", 0,
    };
    for (int i = 0; deny[i]; i++) {
        if (str_eq(name, deny[i])) {
            return 1;
        }
    }
    return 0;
}

static int architected_hret(long r)
{
    return (r >= -75 && r <= 5) || r == H_UNSUPPORTED_FLAG || (r >= 9900 && r <= 9905);
}

static int architected_rtas(int st)
{
    return (st >= -3 && st <= 5) || (st >= -9005 && st <= -9000) || (st >= 9900 && st <= 9905);
}

#define GARBAGE_HCALLS  20000
#define SLOW_TICKS      (100 * TB_PER_MS)   /* issue 14: a request over 100 ms is a hang */
#define GARBAGE_RTAS    20000
static u32 rtas_buf[1024] __attribute__((aligned(PAGE)));

static void act_garbage(void)
{
    u64 regs[11], saved[11], t0, max_ticks = 0, max_op = 0, rmax_ticks = 0, rmax_tok = 0;
    u64 n_func = 0, n_ok = 0, n_err = 0, bad = 0, bad_op = 0, bad_ret = 0;
    u64 n_unknown = 0, n_toomany = 0, n_known = 0, rbad = 0, rbad_tok = 0, rbad_st = 0;

    seed_from_bootargs();
    puts_("garbage: xorshift64 state ");
    put_hexn(rng_state);
    puts_("\n");

    for (int i = 0; i < GARBAGE_HCALLS; i++) {
        u64 r = rnd(), op;
        switch (r & 7) {
        case 0:
            op = rnd();                         /* anything */
            break;
        case 4:
        case 5:
        case 6:
            op = known_hcalls[(r >> 8) % (sizeof(known_hcalls) / sizeof(known_hcalls[0]))];
            break;
        case 1:
            op = (r >> 8) & 0x4ff;              /* misaligned too */
            break;
        case 2:
            op = H_PRIVATE_BASE + ((r >> 8) & 0x3f);
            break;
        default:
            op = (r >> 8) & 0x4fc;              /* the PAPR range */
            break;
        }
        if (hcall_denied(op)) {
            continue;
        }
        regs[0] = garbage();
        regs[1] = op;
        for (int k = 2; k < 11; k++) {
            regs[k] = garbage();
        }
        memcpy(saved, regs, sizeof(saved));
        t0 = timebase();
        hcall_regs(regs);
        t0 = timebase() - t0;
        /* The guest's clock is host time: a slow call is timed again, to tell it from preemption. */
        for (int k = 0; k < 2 && t0 >= SLOW_TICKS; k++) {
            u64 again[11], t1;
            memcpy(again, saved, sizeof(again));
            t1 = timebase();
            hcall_regs(again);
            t1 = timebase() - t1;
            t0 = t1 < t0 ? t1 : t0;
        }
        if (t0 > max_ticks) {
            max_ticks = t0, max_op = op;
        }
        long ret = (long)regs[1];
        if ((op & 3) || (op > 0x450 && (op < H_PRIVATE_BASE || op > H_PRIVATE_BASE + 0x3f))) {
            /* Not a PAPR opcode at all: H_FUNCTION, nothing else. */
            if (ret != H_FUNCTION && !bad++) {
                bad_op = op, bad_ret = (u64)ret;
            }
        } else if (!architected_hret(ret) && !bad++) {
            bad_op = op, bad_ret = (u64)ret;
        }
        n_func += ret == H_FUNCTION;
        n_ok += ret == H_SUCCESS;
        n_err += ret < 0 && ret != H_FUNCTION;
    }
    /* Undo what the garbage may legitimately have set. */
    hcall(H_SET_DABR, 0, 0, 0, 0, 0);
    hcall(H_SET_XDABR, 0, 0, 0, 0, 0);
#ifdef __LITTLE_ENDIAN__
    hcall(H_SET_MODE, 1, H_SET_MODE_RESOURCE_LE, 0, 0, 0);
#else
    hcall(H_SET_MODE, 0, H_SET_MODE_RESOURCE_LE, 0, 0, 0);
#endif
    hcall(H_SET_MODE, 0, H_SET_MODE_RESOURCE_ADDR_TRANS_MODE, 0, 0, 0);
    hcall(H_IPI, 0, 0xff, 0, 0, 0);
    hcall(H_CPPR, 0, 0, 0, 0, 0);
    puts_("garbage: ");
    put_dec(GARBAGE_HCALLS);
    puts_(" hypercalls: ");
    put_dec(n_ok);
    puts_(" H_SUCCESS, ");
    put_dec(n_func);
    puts_(" H_FUNCTION, ");
    put_dec(n_err);
    puts_(" other errors\n");
    check("garbage", "every hypercall returned an architected status (H_FUNCTION for non-PAPR opcodes)",
          bad == 0, bad_op << 32 | (bad_ret & 0xffffffff));
    puts_("garbage: slowest hypercall ");
    put_hexn(max_op);
    puts_(", ");
    put_dec(max_ticks / (TB_PER_MS / 1000));
    puts_(" us\n");
    check("garbage", "no hypercall took 100 ms (best of 3 when slow)", max_ticks < SLOW_TICKS,
          max_op);

    for (int i = 0; i < GARBAGE_RTAS; i++) {
        u64 r = rnd();
        u32 token, nargs, nret;
        const char *name = 0;
        long hret;

        if (r & 1) {
            int t = (int)((r >> 8) % (u64)ntokens);
            token = tokens[t].token;
            name = tokens[t].name;
        } else {
            token = (r >> 8) & 3 ? 0x2000 + ((u32)(r >> 16) & 0xff) : (u32)(r >> 16);
            for (int t = 0; t < ntokens; t++) {
                if (tokens[t].token == token) {
                    name = tokens[t].name;
                }
            }
        }
        if (name && rtas_denied(name)) {
            continue;
        }
        nargs = (r >> 40) & 7 ? (u32)(r >> 44) % 10 : (u32)garbage();
        nret = (r >> 48) & 7 ? (u32)(r >> 52) % 9 : (u32)garbage();
        memset(rtas_buf, 0x77, 32 * 4);
        put_be32(&rtas_buf[0], token);
        put_be32(&rtas_buf[1], nargs);
        put_be32(&rtas_buf[2], nret);
        for (int k = 0; k < 16; k++) {
            put_be32(&rtas_buf[3 + k], (u32)garbage());
        }
        if (nargs <= 16 && nret >= 1 && nret <= 16 && nargs + nret <= 16) {
            put_be32(&rtas_buf[3 + nargs], 0x77777777);
        }
        if ((r >> 56) < 8) {
            /* The argument block itself somewhere else: only that the call returns. */
            hcall(H_RTAS, garbage(), garbage(), garbage(), garbage(), garbage());
            continue;
        }
        t0 = timebase();
        hret = hcall(H_RTAS, (u64)rtas_buf, garbage(), garbage(), garbage(), garbage());
        t0 = timebase() - t0;
        for (int k = 0; k < 2 && t0 >= SLOW_TICKS; k++) {
            u64 t1 = timebase();
            hcall(H_RTAS, (u64)rtas_buf, 0, 0, 0, 0);
            t1 = timebase() - t1;
            t0 = t1 < t0 ? t1 : t0;
        }
        if (t0 > rmax_ticks) {
            rmax_ticks = t0, rmax_tok = token;
        }
        if (nargs > 16 || nret > 16 || nargs + nret > 16) {
            n_toomany++;
            if (hret != H_PARAMETER && !rbad++) {
                rbad_tok = token, rbad_st = (u64)hret;
            }
            continue;
        }
        if (!name) {
            /* No such service: RTAS -3 in the status word (if there is one). */
            n_unknown++;
            if ((hret != H_PARAMETER && hret != H_SUCCESS) ||
                (nret && (int)be32(&rtas_buf[3 + nargs]) != -3)) {
                if (!rbad++) {
                    rbad_tok = token, rbad_st = be32(&rtas_buf[3 + nargs]);
                }
            }
            continue;
        }
        n_known++;
        if (nret && !architected_rtas((int)be32(&rtas_buf[3 + nargs])) && !rbad++) {
            rbad_tok = token, rbad_st = be32(&rtas_buf[3 + nargs]);
        }
    }
    hcall(H_CPPR, 0, 0, 0, 0, 0);
    puts_("garbage: ");
    put_dec(GARBAGE_RTAS);
    puts_(" RTAS calls: ");
    put_dec(n_known);
    puts_(" known tokens, ");
    put_dec(n_unknown);
    puts_(" unknown, ");
    put_dec(n_toomany);
    puts_(" with too many words\n");
    check("garbage", "every RTAS call returned an architected status (-3 for unknown tokens)",
          rbad == 0, rbad_tok << 32 | (rbad_st & 0xffffffff));
    puts_("garbage: slowest RTAS call token ");
    put_hexn(rmax_tok);
    puts_(", ");
    put_dec(rmax_ticks / (TB_PER_MS / 1000));
    puts_(" us\n");
    check("garbage", "no RTAS call took 100 ms (best of 3 when slow)", rmax_ticks < SLOW_TICKS,
          rmax_tok);
    check("garbage", "the console and config space still work afterwards",
          cfg_rd(&phbs[0], TD0, 0, 4) == TESTDEV_ID_WORD, cfg_rd(&phbs[0], TD0, 0, 4));
}

/* ---- cc and cc-del: a hot-added pci-testdev at slot 6 ---- */

static u8 event_log[2048];
static u8 cc_pages[3 * PAGE] __attribute__((aligned(PAGE)));

static int sense(u32 index)
{
    u32 rets[2] = { 0, 0 };
    int st = rtas_call("get-sensor-state", 2, 2, rets, RTAS_SENSOR_DR_ENTITY_SENSE, index);

    return st == 0 ? (int)rets[1] : -100 + st;
}

/* Poll check-exception for a hotplug event; its action (1 add, 2 remove), or 0 at the timeout. */
static int wait_hotplug_event(u32 index, u64 ms)
{
    u64 end = timebase() + ms * TB_PER_MS;
    u32 rets[1];

    while (timebase() < end) {
        int st = rtas_call("check-exception", 6, 1, rets, 0x500, hp_irq,
                           RTAS_EVENT_MASK_HOTPLUG | RTAS_EVENT_MASK_EPOW, 0,
                           (u32)(u64)event_log, (u32)sizeof(event_log));
        if (st == 0 && (be32(event_log) & 0xff) == LOG_TYPE_HOTPLUG) {
            /* The HP section is the one after the main and user headers (hotplug.c's walk). */
            for (u32 off = 24; off + 16 <= sizeof(event_log);) {
                u32 slen = (u32)event_log[off + 2] << 8 | event_log[off + 3];
                if (event_log[off] == 'H' && event_log[off + 1] == 'P') {
                    if (be32(event_log + off + 12) == index) {
                        return event_log[off + 9];
                    }
                    break;
                }
                if (slen < 8) {
                    break;
                }
                off += slen;
            }
        }
    }
    return 0;
}

/* One configure-connector call on the work area at wa; returns the status. */
static int cc_call(u64 wa)
{
    u32 rets[1];

    return rtas_call("ibm,configure-connector", 2, 1, rets, (u32)wa, 0);
}

static int cc_start(u64 wa, u32 index)
{
    u8 *w = (u8 *)wa;
    memset(w, 0, 5 * 4);
    put_be32(w, index);
    return cc_call(wa);
}

/* Walk to the end; the number of steps, or -(status) on an error. */
static long cc_finish(u64 wa, int first)
{
    long steps = 1;
    int st = first;

    while (st > 0 && steps < 1000) {
        st = cc_call(wa);
        steps++;
    }
    return st == 0 ? steps : -(long)(st < 0 ? -st : 1000);
}

static int set_ind(u32 ind, u32 index, u32 val)
{
    u32 rets[1];
    return rtas_call("set-indicator", 3, 1, rets, ind, index, val);
}

static void act_cc(u32 index)
{
    u64 page = (u64)cc_pages;
    int st;
    long steps;

    puts_("HOSTILE hotplug: waiting for device_add\n");
    st = wait_hotplug_event(index, 30000);
    check("cc", "the add event names Slot 6", st == 1, (u64)st);
    check("cc", "Slot 6 senses present", sense(index) == RTAS_ENTITY_SENSE_PRESENT,
          (u64)sense(index));
    st = set_ind(RTAS_INDICATOR_ISOLATION_STATE, index, RTAS_ISOLATION_UNISOLATED);
    check("cc", "unisolate succeeds", st == 0, (u64)st);

    /* A walk in progress, then calls with bad work areas: they must not disturb it. */
    memset(cc_pages, 0, sizeof(cc_pages));
    st = cc_start(page, index);
    check("cc", "a walk starts (next child)", st == RTAS_CC_NEXT_CHILD, (u64)st);
    check("cc", "a work area past the end of RAM is RTAS -3", cc_call(ram_size + PAGE) == -3, 0);
    check("cc", "a work area running over the end of RAM is RTAS -3",
          cc_call(ram_size - 64) == -3, 0);
    check("cc", "a work area at 4 GiB - 4 KiB (no RAM) is RTAS -3", cc_call(0xfffff000) == -3, 0);
    put_be32(cc_pages, 0xdeadbeef);
    put_be32(cc_pages + 4, 0);
    check("cc", "a work area naming no DRC is RTAS -3", cc_call(page) == -3, 0);
    /* A garbage cookie restarts the walk: the first answer is the first node again. */
    put_be32(cc_pages, index);
    put_be32(cc_pages + 4, 0x5a5a5a5a);
    st = cc_call(page);
    check("cc", "a garbage cookie restarts the walk (next child)", st == RTAS_CC_NEXT_CHILD,
          (u64)st);
    /* Across a page: the area starts 256 bytes before a page boundary. */
    st = cc_start(page + PAGE - 256, index);
    check("cc", "a work area across a page boundary starts the walk", st == RTAS_CC_NEXT_CHILD,
          (u64)st);
    steps = cc_finish(page + PAGE - 256, st);
    check("cc", "... and walks to completion", steps > 3, (u64)steps);
    check("cc", "the device answers its config space",
          cfg_rd(&phbs[0], DEVFN(HOTPLUG_SLOT, 0), 0, 4) == TESTDEV_ID_WORD,
          cfg_rd(&phbs[0], DEVFN(HOTPLUG_SLOT, 0), 0, 4));
}

static void act_cc_del(u32 index)
{
    u64 wa = (u64)cc_pages;
    int st;
    long steps;

    st = cc_start(wa, index);
    check("cc-del", "a new walk starts (next child)", st == RTAS_CC_NEXT_CHILD, (u64)st);
    st = cc_call(wa);
    check("cc-del", "its second step is a property", st == RTAS_CC_NEXT_PROPERTY, (u64)st);
    puts_("HOSTILE cc: inside configure-connector\n");
    st = wait_hotplug_event(index, 30000);
    check("cc-del", "device_del's remove event arrives mid-walk", st == 2, (u64)st);
    /* The walk goes on: the device is still there until the OS isolates it. */
    steps = cc_finish(wa, cc_call(wa));
    check("cc-del", "the walk completes after the remove request", steps > 0, (u64)-steps);
    /* Now a new walk, interrupted by the isolation that releases the device. */
    cc_start(wa, index);
    cc_call(wa);
    st = set_ind(RTAS_INDICATOR_ISOLATION_STATE, index, RTAS_ISOLATION_ISOLATED);
    check("cc-del", "isolate mid-walk succeeds", st == 0, (u64)st);
    check("cc-del", "the slot is empty", sense(index) == RTAS_ENTITY_SENSE_EMPTY, (u64)sense(index));
    st = cc_call(wa);
    check("cc-del", "continuing the old walk on the isolated slot is -9003 (unusable)",
          st == RTAS_OUT_DR_UNUSABLE, (u64)st);
    st = set_ind(RTAS_INDICATOR_ISOLATION_STATE, index, RTAS_ISOLATION_UNISOLATED);
    check("cc-del", "the empty slot unisolates", st == 0, (u64)st);
    st = cc_start(wa, index);
    check("cc-del", "a walk of the empty unisolated slot completes at once", st == RTAS_CC_COMPLETE,
          (u64)st);
    set_ind(RTAS_INDICATOR_ISOLATION_STATE, index, RTAS_ISOLATION_ISOLATED);
    check("cc-del", "config space of the removed function reads all-ones",
          cfg_rd(&phbs[0], DEVFN(HOTPLUG_SLOT, 0), 0, 4) == 0xffffffff,
          cfg_rd(&phbs[0], DEVFN(HOTPLUG_SLOT, 0), 0, 4));
}

int main(void)
{
    u32 slot_index;

    fdt_scan();
    puts_("hostile guest: ");
    put_dec((u64)nphbs);
    puts_(" PHBs, RAM ");
    put_hexn(ram_size);
    puts_(", ");
    put_dec((u64)ntokens);
    puts_(" RTAS services\n");
    if (nphbs < 2 || !ram_size || !hp_irq || !ntokens) {
        puts_("FAIL setup: need two PHBs, RAM, hot-plug-events and RTAS in the tree\n");
        return 1;
    }
    td0_bar0 = bar0_of(&phbs[0], TD0);
    nic_bar0 = bar0_of(&phbs[0], NIC);
    td1_bar0 = bar0_of(&phbs[1], TD1);
    cfg_wr(&phbs[0], TD0, 0x04, 2, 0x0146);
    cfg_wr(&phbs[0], NIC, 0x04, 2, 0x0146);
    cfg_wr(&phbs[1], TD1, 0x04, 2, 0x0146);
    slot_index = drc_index_named(&phbs[0], "Slot 6");
    for (int i = 0; i < nphbs; i++) {
        add_handle(phbs[i].liobn);
        add_handle(phbs[i].buid >> 32);
        add_handle((u32)phbs[i].buid);
    }
    add_handle(hp_irq);
    add_handle(hp_irq + 1);
    add_handle(cfg_addr(TD0, 0x04));
    add_handle(cfg_addr(NIC, 0x10));
    if (cfg_rd(&phbs[0], TD0, 0, 4) != TESTDEV_ID_WORD || cfg_rd(&phbs[0], NIC, 0, 4) != E1000_ID_WORD ||
        cfg_rd(&phbs[1], TD1, 0, 4) != TESTDEV_ID_WORD || !slot_index) {
        puts_("FAIL setup: the devices are not where run-hostile.sh puts them\n");
        return 1;
    }

    act_config_ro();
    alive("config-ro");
    act_bars();
    alive("bars");
    act_dma();
    alive("dma");
    act_msi();
    alive("msi");
    act_storm();
    alive("storm");
    act_garbage();
    alive("garbage");
    act_cc(slot_index);
    alive("cc");
    act_cc_del(slot_index);
    alive("cc-del");

    puts_("HOSTILE done: ");
    put_dec((u64)failures);
    puts_(" failures\n");
    /* Stay up for the monitor's last questions; run-hostile.sh ends the run with quit. */
    for (;;) {
        __asm__ volatile("mtdec %0" ::"r"((u32)(100 * TB_PER_MS)));
        hcall(H_CEDE, 0, 0, 0, 0, 0);
    }
}
