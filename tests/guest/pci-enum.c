/*
 * Bare-metal PCI enumeration the way a PAPR OS or firmware does it without
 * a device tree of functions: find the PHBs in the device tree (their BUID
 * in "reg", windows in "ranges", LIOBN in "ibm,dma-window"), then probe
 * every devfn with ibm,read-pci-config (LoPAR 7.3.4), size each BAR by
 * writing all-ones, and check the result against the tree's own function
 * nodes. On the first pci-testdev found it then turns memory decoding on,
 * reads a register through the 32-bit window (H_LOGICAL_CI_LOAD), and runs
 * the device's DMA engine through TCEs it maps with H_PUT_TCE: once allowed,
 * once into a read-only page, which must fail for the device and leave
 * memory alone, and asks for an MSI with ibm,change-msi and takes it. Run
 * with pci-testdevs on two PHBs (see CMakeLists.txt);
 * pci-enum.expected holds the answer worked out from QEMU's PHB layout and
 * SLOF's BAR assignment.
 */
#include "guest.h"

#include "pci/pci-testdev-regs.h"
#include "ppc/spapr/papr.h"

#define MAX_PHBS    4
#define MAX_NODES   8

typedef struct Phb {
    u64 buid;
    u32 liobn;
    u64 mem32_pci, mem32_cpu;       /* the 32-bit window: PCI address -> CPU address */
    u32 node_hi[MAX_NODES];         /* phys.hi (bus/devfn) of each function node */
    const char *node_name[MAX_NODES];
    int nodes;
} Phb;

static Phb phbs[MAX_PHBS];
static int nphbs;

static u8 src_page[4096] __attribute__((aligned(4096)));
static u8 dst_page[4096] __attribute__((aligned(4096)));

static u32 be32(const void *p)
{
    const u8 *b = p;
    return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

static u64 be64(const void *p)
{
    return (u64)be32(p) << 32 | be32((const u8 *)p + 4);
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

static int str_eq(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++, b++;
    }
    return *a == *b;
}

/* ---- The device tree: PHB nodes under the root, function nodes under them ---- */

static void fdt_scan(void)
{
    const u8 *fdt = guest_fdt;
    const u8 *st = fdt + be32(fdt + 8);
    const char *strings = (const char *)fdt + be32(fdt + 12);
    u32 size = be32(fdt + 36);
    int depth = 0;
    Phb *cur = 0;

    for (u32 off = 0; off + 4 <= size;) {
        u32 tag = be32(st + off);
        off += 4;
        if (tag == 1) {             /* BEGIN_NODE */
            const char *name = (const char *)st + off;
            depth++;
            if (depth == 2) {
                cur = starts_with(name, "pci@") && nphbs < MAX_PHBS ? &phbs[nphbs++] : 0;
            } else if (depth == 3 && cur && cur->nodes < MAX_NODES) {
                cur->node_name[cur->nodes++] = name;
            }
            while (st[off]) {
                off++;
            }
            off = (off + 4) & ~3u;
        } else if (tag == 2) {      /* END_NODE */
            depth--;
        } else if (tag == 3) {      /* PROP */
            u32 len = be32(st + off);
            const char *pname = strings + be32(st + off + 4);
            const u8 *v = st + off + 8;

            if (cur && depth == 2 && str_eq(pname, "reg") && len >= 8) {
                cur->buid = be64(v);
            } else if (cur && depth == 2 && str_eq(pname, "ibm,dma-window") && len >= 4) {
                cur->liobn = be32(v);
            } else if (cur && depth == 2 && str_eq(pname, "ranges")) {
                for (u32 i = 0; i + 28 <= len; i += 28) {
                    if ((be32(v + i) & 0x03000000) == 0x02000000) {
                        cur->mem32_pci = be64(v + i + 4);
                        cur->mem32_cpu = be64(v + i + 12);
                    }
                }
            } else if (cur && depth == 3 && str_eq(pname, "reg") && len >= 4) {
                cur->node_hi[cur->nodes - 1] = be32(v);
            }
            off = (off + 8 + len + 3) & ~3u;
        } else if (tag == 9) {      /* END */
            break;
        }
    }
}

/* ---- Config space through RTAS ---- */

static u32 cfg_addr(int devfn, u32 reg)
{
    return (reg & 0xf00) << 20 | (u32)devfn << 8 | (reg & 0xff);
}

static int cfg_read(const Phb *p, int devfn, u32 reg, int size, u32 *val)
{
    u32 rets[2];
    int st = rtas_call("ibm,read-pci-config", 4, 2, rets, cfg_addr(devfn, reg),
                       (u32)(p->buid >> 32), (u32)p->buid, (u32)size);
    *val = rets[1];
    return st;
}

static u32 cfg_read32(const Phb *p, int devfn, u32 reg)
{
    u32 v;

    if (cfg_read(p, devfn, reg, 4, &v) != 0) {
        puts_("config read failed\n");
        guest_exit(1);
    }
    return v;
}

static void cfg_write(const Phb *p, int devfn, u32 reg, int size, u32 val)
{
    u32 ret;

    if (rtas_call("ibm,write-pci-config", 5, 1, &ret, cfg_addr(devfn, reg), (u32)(p->buid >> 32),
                  (u32)p->buid, (u32)size, val) != 0) {
        puts_("config write failed\n");
        guest_exit(1);
    }
}

/* Device registers are little-endian; the CI hypercalls move bytes in big-endian order. */
static u32 mmio_read32(u64 addr)
{
    u64 v = 0;

    if (hcall_r4(H_LOGICAL_CI_LOAD, 4, addr, 0, 0, &v) != H_SUCCESS) {
        puts_("H_LOGICAL_CI_LOAD failed\n");
        guest_exit(1);
    }
    return __builtin_bswap32((u32)v);
}

static void mmio_write32(u64 addr, u32 v)
{
    if (hcall(H_LOGICAL_CI_STORE, 4, addr, __builtin_bswap32(v), 0, 0) != H_SUCCESS) {
        puts_("H_LOGICAL_CI_STORE failed\n");
        guest_exit(1);
    }
}

/* ---- Probing ---- */

/* Hex without leading zeros. */
static void put_hexn(u64 v)
{
    int digits = 1;

    while (digits < 16 && (v >> (4 * digits))) {
        digits++;
    }
    put_hex(v, digits);
}

static void put_bdf(int devfn)
{
    puts_("00:");
    put_hex((u64)(devfn >> 3), 2);
    putchar_('.');
    put_hex((u64)(devfn & 7), 1);
}

/* Size and print BAR n; returns the registers it used (1, or 2 for 64-bit). */
static int probe_bar(const Phb *p, int devfn, int n)
{
    u32 reg = 0x10 + 4 * (u32)n;
    u32 orig = cfg_read32(p, devfn, reg), mask, orig_hi = 0, mask_hi = 0xffffffff;
    int is64 = !(orig & 1) && (orig & 6) == 4;
    u64 size, base;

    cfg_write(p, devfn, reg, 4, 0xffffffff);
    mask = cfg_read32(p, devfn, reg);
    cfg_write(p, devfn, reg, 4, orig);
    if (is64) {
        orig_hi = cfg_read32(p, devfn, reg + 4);
        cfg_write(p, devfn, reg + 4, 4, 0xffffffff);
        mask_hi = cfg_read32(p, devfn, reg + 4);
        cfg_write(p, devfn, reg + 4, 4, orig_hi);
    }
    if (!mask) {
        return 1;       /* not implemented */
    }
    if (orig & 1) {
        size = (u64)((~(mask & ~3u) + 1) & 0xffff);
        base = orig & ~3u;
    } else {
        size = ~((u64)mask_hi << 32 | (mask & ~0xfu)) + 1;
        base = (u64)orig_hi << 32 | (orig & ~0xfu);
    }
    puts_("  bar");
    put_dec((u64)n);
    puts_((orig & 1) ? " io" : is64 ? " mem64" : " mem32");
    puts_((orig & 8) && !(orig & 1) ? " pf" : "");
    puts_(" size ");
    put_hexn(size);
    puts_(" at ");
    put_hexn(base);
    puts_("\n");
    return is64 ? 2 : 1;
}

static const char *node_for(const Phb *p, int devfn)
{
    for (int i = 0; i < p->nodes; i++) {
        if (p->node_hi[i] == (u32)devfn << 8) {
            return p->node_name[i];
        }
    }
    return "(no node)";
}

static int dma_test(const Phb *p, u64 bar0)
{
    u64 regs = p->mem32_cpu + (bar0 - p->mem32_pci);
    u64 v;
    int bad = 0;

    for (int i = 0; i < 4096; i++) {
        src_page[i] = (u8)(i * 13 + 7);
        dst_page[i] = 0xee;
    }
    /* ioba 0x1000: the device may read src_page; 0x2000: it may write dst_page. */
    if (hcall(H_PUT_TCE, p->liobn, 0x1000, (u64)src_page | SPAPR_TCE_READ, 0, 0) != H_SUCCESS ||
        hcall(H_PUT_TCE, p->liobn, 0x2000, (u64)dst_page | SPAPR_TCE_READ | SPAPR_TCE_WRITE, 0,
              0) != H_SUCCESS) {
        puts_("  H_PUT_TCE failed\n");
        return 1;
    }
    mmio_write32(regs + TESTDEV_DMA_SRC, 0x1000);
    mmio_write32(regs + TESTDEV_DMA_SRC + 4, 0);
    mmio_write32(regs + TESTDEV_DMA_DST, 0x2000);
    mmio_write32(regs + TESTDEV_DMA_DST + 4, 0);
    mmio_write32(regs + TESTDEV_DMA_LEN, 4096);
    mmio_write32(regs + TESTDEV_DMA_CMD, TESTDEV_CMD_START);
    puts_("  dma status ");
    put_hex(mmio_read32(regs + TESTDEV_DMA_STATUS), 4);
    for (int i = 0; i < 4096; i++) {
        bad |= dst_page[i] != src_page[i];
    }
    puts_(bad ? " copy wrong\n" : " copy ok\n");

    /* dst read-only now: the device's write must fail and leave the page as it was. */
    for (int i = 0; i < 4096; i++) {
        dst_page[i] = 0x5a;
    }
    hcall(H_PUT_TCE, p->liobn, 0x2000, (u64)dst_page | SPAPR_TCE_READ, 0, 0);
    mmio_write32(regs + TESTDEV_DMA_CMD, TESTDEV_CMD_START);
    puts_("  dma to read-only tce: status ");
    put_hex(mmio_read32(regs + TESTDEV_DMA_STATUS), 4);
    bad = 0;
    for (int i = 0; i < 4096; i++) {
        bad |= dst_page[i] != 0x5a;
    }
    puts_(bad ? " memory written\n" : " memory untouched\n");

    /* Unmap both as Linux does (H_STUFF_TCE of 0), and see them gone. */
    hcall(H_STUFF_TCE, p->liobn, 0x1000, 0, 2, 0);
    hcall_r4(H_GET_TCE, p->liobn, 0x2000, 0, 0, &v);
    puts_("  tce after unmap ");
    put_hexn(v);
    puts_("\n");
    return 0;
}

/*
 * One MSI through ibm,change-msi, as Linux's pseries code asks for it: the
 * source it got (ibm,query-interrupt-source-number), routed to this CPU
 * with ibm,set-xive, then the device signals and the source is accepted
 * with H_XIRR (polled, interrupts stay off) and ended with H_EOI.
 */
static int msi_test(const Phb *p, int devfn, u64 regs)
{
    u32 rets[4], cfg = cfg_addr(devfn, 0), cap = 0, irq;
    u64 xirr = 0;

    if (rtas_call("ibm,change-msi", 6, 4, rets, cfg, (u32)(p->buid >> 32), (u32)p->buid, 3, 1,
                  1) != 0) {
        puts_("  ibm,change-msi failed\n");
        return 1;
    }
    puts_("  msi: ");
    put_dec(rets[1]);
    puts_(rets[3] == 1 ? " MSI" : " other");
    if (rtas_call("ibm,query-interrupt-source-number", 4, 3, rets, cfg, (u32)(p->buid >> 32),
                  (u32)p->buid, 0) != 0) {
        puts_(", query failed\n");
        return 1;
    }
    irq = rets[1];
    puts_(", source ");
    put_hexn(irq);
    puts_(rets[2] == 1 ? " edge" : " level");
    /* The MSI capability, found by walking the list through config space. */
    for (u32 ptr = cfg_read32(p, devfn, 0x34) & 0xff; ptr && !cap;
         ptr = (cfg_read32(p, devfn, ptr) >> 8) & 0xff) {
        if ((cfg_read32(p, devfn, ptr) & 0xff) == 0x05) {
            cap = ptr;
        }
    }
    if (!cap || rtas_call("ibm,set-xive", 3, 1, rets, irq, 0, 5) != 0) {
        puts_(", no capability or set-xive failed\n");
        return 1;
    }
    cfg_write(p, devfn, cap + 2, 2, 1);     /* MSI enable, one message */
    hcall(H_CPPR, 0xff, 0, 0, 0, 0);
    mmio_write32(regs + TESTDEV_MSI_VECTOR, 0);
    mmio_write32(regs + TESTDEV_IRQ_ENABLE, TESTDEV_IRQ_SOFT);
    mmio_write32(regs + TESTDEV_IRQ_RAISE, 1);
    hcall_r4(H_XIRR, 0, 0, 0, 0, &xirr);
    puts_(", delivered ");
    put_hexn(xirr & 0xffffff);
    hcall(H_EOI, xirr, 0, 0, 0, 0);
    mmio_write32(regs + TESTDEV_IRQ_STATUS, TESTDEV_IRQ_SOFT);
    rtas_call("ibm,change-msi", 6, 3, rets, cfg, (u32)(p->buid >> 32), (u32)p->buid, 1, 0, 1);
    puts_(rets[1] == 0 ? ", released\n" : ", not released\n");
    return 0;
}

static int probe_phb(const Phb *p, int *did_dma)
{
    int present = 0, absent_ok = 1, first = -1;
    u32 v;

    puts_("phb ");
    put_hexn(p->buid);
    puts_(" liobn ");
    put_hexn(p->liobn);
    puts_(" mem32 ");
    put_hexn(p->mem32_pci);
    puts_("->");
    put_hexn(p->mem32_cpu);
    puts_("\n");
    for (int devfn = 0; devfn < 256; devfn++) {
        u32 id, class_rev;
        u64 bar0 = 0;

        if (cfg_read(p, devfn, 0, 4, &id) != 0) {
            puts_(" config read failed\n");
            return 1;
        }
        if (id == 0xffffffff) {
            continue;       /* absent: success with all-ones */
        }
        if (!present++) {
            first = devfn;
        }
        class_rev = cfg_read32(p, devfn, 8);
        puts_(" ");
        put_bdf(devfn);
        puts_(" ");
        put_hex(id & 0xffff, 4);
        putchar_(':');
        put_hex(id >> 16, 4);
        puts_(" class ");
        put_hex(class_rev >> 8, 6);
        puts_(" node ");
        puts_(node_for(p, devfn));
        puts_("\n");
        for (int n = 0; n < 6;) {
            if (n == 0) {
                bar0 = cfg_read32(p, devfn, 0x10) & ~0xfu;
            }
            n += probe_bar(p, devfn, n);
        }
        if (id == (PCI_TESTDEV_DEVICE_ID << 16 | PCI_TESTDEV_VENDOR_ID) && !*did_dma) {
            /* Memory decoding and bus mastering on, as a driver does. */
            cfg_write(p, devfn, 4, 2, 0x146);
            puts_("  id register ");
            put_hex(mmio_read32(p->mem32_cpu + (bar0 - p->mem32_pci) + TESTDEV_ID), 8);
            puts_("\n");
            *did_dma = 1;
            if (dma_test(p, bar0) || msi_test(p, devfn, p->mem32_cpu + (bar0 - p->mem32_pci))) {
                return 1;
            }
        }
    }
    if (first < 0) {
        puts_(" no functions\n");
        return 1;
    }
    /* On a function that is there, a size or alignment LoPAR refuses: status -3. */
    puts_(" bad size -");
    put_dec((u64)-(long)cfg_read(p, first, 0, 3, &v));
    puts_(", misaligned -");
    put_dec((u64)-(long)cfg_read(p, first, 2, 4, &v));
    puts_("\n");
    cfg_read(p, 0xff, 0, 1, &v);
    absent_ok = v == 0xff;
    puts_(" functions ");
    put_dec((u64)present);
    puts_(absent_ok ? ", absent ones read all-ones\n" : ", absent read wrong\n");
    return 0;
}

int main(void)
{
    int did_dma = 0;

    fdt_scan();
    puts_("phbs ");
    put_dec((u64)nphbs);
    puts_("\n");
    for (int i = 0; i < nphbs; i++) {
        if (probe_phb(&phbs[i], &did_dma)) {
            return 1;
        }
    }
    return 0;
}
