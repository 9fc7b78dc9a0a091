/*
 * Fuzz target "pci": the config space and BAR MMIO of every PCI device model
 * (e1000, pci-testdev; a multi-function adapter; a second PHB) on the real
 * pseries machine of fuzz-machine.h, the way the guest reaches them: config
 * cycles through RTAS ibm,read/write-pci-config, MMIO through the PHBs'
 * windows in the machine's address space, TCEs through H_PUT_TCE, and the
 * e1000's descriptor rings pointing anywhere in the DMA window (mapped,
 * read-only, unmapped, or onto addresses outside RAM). Frames arrive from a
 * back end of the test's own ("be0", "be1"); the virtual clock runs under
 * icount so the e1000's timers fire when an input says so. PCI 3.0 and the
 * sPAPR PHB: a bad access reads all-ones or is dropped, a bad DMA fails, a
 * bad config access gets RTAS -3; never a host crash, hang or leak.
 *
 * Every input starts where a driver starts: each function's command
 * register enables I/O, memory and bus mastering (firmware leaves them off;
 * an input can turn them off again), and PHB 0 and PHB 1's DMA windows map
 * bus pages 0..15 read-write and 16..17 read-only onto the scratch window
 * of RAM.
 *
 * Input: a sequence of records, each starting with a byte k (k % 10):
 *   0  config write: u8 function, u16 register, u8 size, u32 value
 *   1  config read: u8 function, u16 register, u8 size
 *   2  BAR write: u8 function, u8 BAR, u32 offset, u8 size, u64 value
 *   3  BAR read: u8 function, u8 BAR, u32 offset, u8 size
 *   4  H_PUT_TCE: u8 PHB, u16 bus page, u64 TCE
 *   5  write the scratch window of guest RAM: u16 offset, u8 length, bytes
 *   6  run the virtual timers that are due after warping to the next one
 *   7  a frame from a back end: u8 which, u16 length (mod 2048), bytes
 *   8  an e1000 ring set-up: u8 function, u8 rx/tx, u32 base, u32 length,
 *      u16 head, u16 tail, u32 control (RCTL/TCTL)
 *   9  a raw access in a PHB's MMIO32, MMIO64, I/O or MSI window:
 *      u8 PHB and window, u32 offset, u8 size and direction, u64 value
 */
#include "core/net.h"
#include "core/timer.h"
#include "fuzz-machine.h"
#include "pci/e1000-regs.h"
#include "pci/spapr-phb.h"
#include "ppc/spapr/spapr_hcall.h"
#include "ppc/spapr/spapr_rtas.h"

#define NFUNCS 6

static NetClient *backends[2];
static const struct {
    int phb;
    int devfn;
} funcs[NFUNCS] = {
    { 0, PCI_DEVFN(0, 0) },     /* nic0 */
    { 0, PCI_DEVFN(3, 0) },     /* td0 */
    { 0, PCI_DEVFN(4, 0) },     /* nic1, function 0 of a two-function adapter */
    { 0, PCI_DEVFN(4, 1) },     /* td1 */
    { 1, PCI_DEVFN(2, 0) },     /* nic2 on the second PHB */
    { 0, PCI_DEVFN(9, 0) },     /* nothing there */
};

static ssize_t backend_receive(NetClient *nc, const uint8_t *buf, size_t len)
{
    return (ssize_t)len;    /* the wire: what the NIC sends is gone */
}

static const NetClientOps backend_ops = {
    .kind = NET_CLIENT_USER,
    .receive = backend_receive,
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *const devices[] = {
        "e1000,id=nic0,netdev=be0,addr=0",
        "pci-testdev,id=td0,addr=3",
        "e1000,id=nic1,addr=4.0,multifunction=on",
        "pci-testdev,id=td1,addr=4.1",
        "spapr-pci-host-bridge,index=1,id=phb1",
        "e1000,id=nic2,netdev=be1,bus=phb1.0,addr=2",
        NULL,
    };

    clock_icount_enable(0);
    backends[0] = net_client_new(&backend_ops, "be0", NULL);
    backends[1] = net_client_new(&backend_ops, "be1", NULL);
    fuzz_machine_up(devices);
    return 0;
}

static SpaprPhb *phb_of(int i)
{
    return fuzz_m->phbs[i];
}

static PciDevice *func(uint8_t sel, int *phb)
{
    unsigned i = sel % NFUNCS;

    *phb = funcs[i].phb;
    return pci_bus_find_device(&phb_of(*phb)->bus, 0, funcs[i].devfn);
}

/* A config-space service: reads return (status, value), writes (status). */
static uint32_t rtas_call(const char *name, uint32_t nargs, const uint32_t *args, uint32_t *val)
{
    uint32_t nret = strstr(name, "write") ? 1 : 2;
    uint64_t addr = FUZZ_SCRATCH + FUZZ_SCRATCH_SZ - 0x100;     /* past the DMA pages */
    MemTxResult res = MEMTX_OK;

    spapr_test_put_rtas_args(fuzz_m, addr, spapr_rtas_token(name), nargs, nret, args);
    fuzz_request_begin(name);
    spapr_rtas_call(fuzz_m, fuzz_m->cpus[0], addr);
    fuzz_request_end();
    if (val && nret > 1) {
        *val = address_space_ldl_be(&fuzz_m->as, addr + 12 + 4 * (nargs + 1), &res);
    }
    return address_space_ldl_be(&fuzz_m->as, addr + 12 + 4 * nargs, &res);
}

static void config_access(FuzzIn *in, bool write)
{
    int phb;
    uint8_t sel = fz_u8(in);
    uint16_t reg = fz_u16(in);
    uint8_t size = fz_u8(in);
    uint32_t value = write ? fz_u32(in) : 0;
    uint64_t buid;
    uint32_t cfg;

    func(sel, &phb);
    buid = phb_of(phb)->buid;
    /* Size: mostly 1, 2 or 4; sometimes anything (RTAS -3). */
    size = size < 0xf0 ? (uint8_t)(1u << (size % 3)) : size;
    cfg = (uint32_t)(reg & 0xf00) << 20 | (uint32_t)funcs[sel % NFUNCS].devfn << 8 | (reg & 0xff);
    if (write) {
        rtas_call("ibm,write-pci-config", 5,
                  (uint32_t[]){ cfg, (uint32_t)(buid >> 32), (uint32_t)buid, size, value }, NULL);
    } else {
        rtas_call("ibm,read-pci-config", 4,
                  (uint32_t[]){ cfg, (uint32_t)(buid >> 32), (uint32_t)buid, size }, NULL);
    }
}

/* The CPU address of a PCI bus address in PHB p's windows, as the guest computes it. */
static uint64_t cpu_addr(SpaprPhb *p, const PciBar *bar, uint64_t off)
{
    if (bar->addr == PCI_BAR_UNMAPPED) {
        return p->win.mmio32 + off;     /* where nothing is decoded yet */
    }
    if (bar->type == PCI_BAR_IO) {
        return p->win.io + bar->addr + off;
    }
    if (bar->addr >= SPAPR_PHB_MEM32_BUS_BASE && bar->addr < (1ull << 32)) {
        return p->win.mmio32 + (bar->addr - SPAPR_PHB_MEM32_BUS_BASE) + off;
    }
    return bar->addr + off;
}

static void mmio(uint64_t addr, unsigned size, bool write, uint64_t value)
{
    uint8_t buf[8];

    memcpy(buf, &value, sizeof(buf));
    fuzz_request_begin(write ? "MMIO write" : "MMIO read");
    if (write) {
        address_space_write(&fuzz_m->as, addr, buf, size);
    } else {
        address_space_read(&fuzz_m->as, addr, buf, size);
    }
    fuzz_request_end();
}

static void bar_access(FuzzIn *in, bool write)
{
    int phb;
    PciDevice *dev = func(fz_u8(in), &phb);
    unsigned b = fz_u8(in) % PCI_NUM_BARS;
    uint32_t off = fz_u32(in);
    unsigned size = 1u << (fz_u8(in) % 4);
    uint64_t value = write ? fz_u64(in) : 0;
    const PciBar *bar;

    if (!dev) {
        return;
    }
    bar = &dev->bars[b];
    /* Inside the BAR mostly, past its end sometimes. */
    off = bar->size ? off % (2 * bar->size) : off % 0x10000;
    mmio(cpu_addr(phb_of(phb), bar, off), size, write, value);
}

static void put_tce(int phb, uint64_t ioba, uint64_t tce)
{
    uint64_t args[SPAPR_HCALL_ARG_REGS] = { SPAPR_PCI_LIOBN((uint32_t)phb, 0), ioba, tce };

    fuzz_request_begin("H_PUT_TCE");
    spapr_hcall_dispatch(fuzz_m, fuzz_m->cpus[0], H_PUT_TCE, args);
    fuzz_request_end();
}

static void ring_setup(FuzzIn *in)
{
    int phb;
    PciDevice *dev = func(fz_u8(in), &phb);
    bool rx = fz_u8(in) & 1;
    uint32_t base = fz_u32(in), len = fz_u32(in);
    uint16_t head = fz_u16(in), tail = fz_u16(in);
    uint32_t ctl = fz_u32(in);
    uint64_t bar0;

    if (!dev || !g_str_equal(dev->dev.cls->name, "e1000")) {
        return;
    }
    bar0 = cpu_addr(phb_of(phb), &dev->bars[0], 0);
    /* Small bases land in the mapped pages; large ones anywhere in (or past) the window. */
    if (base < 0x80000000u) {
        base %= 0x12000;
    }
    mmio(bar0 + (rx ? E1000_RDBAL : E1000_TDBAL), 4, true, base);
    mmio(bar0 + (rx ? E1000_RDBAH : E1000_TDBAH), 4, true, 0);
    mmio(bar0 + (rx ? E1000_RDLEN : E1000_TDLEN), 4, true, len);
    mmio(bar0 + (rx ? E1000_RDH : E1000_TDH), 4, true, head);
    mmio(bar0 + (rx ? E1000_RCTL : E1000_TCTL), 4, true, ctl);
    mmio(bar0 + (rx ? E1000_RDT : E1000_TDT), 4, true, tail);
}

static void window_access(FuzzIn *in)
{
    uint8_t which = fz_u8(in);
    SpaprPhb *p = phb_of(which & 1);
    uint32_t off = fz_u32(in);
    uint8_t how = fz_u8(in);
    uint64_t value = fz_u64(in);
    uint64_t base;

    switch ((which >> 1) % 4) {
    case 0:
        base = p->win.mmio32 + off % p->win.mmio32_size;
        break;
    case 1:
        base = p->win.mmio64 + off;
        break;
    case 2:
        base = p->win.io + off % p->win.io_size;
        break;
    default:
        base = spapr_memmap[SPAPR_MEM_PCI_MSI].base + off % spapr_memmap[SPAPR_MEM_PCI_MSI].size;
        break;
    }
    mmio(base, 1u << (how % 4), how & 4, value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzIn in = { data, size };

    fuzz_machine_reset();
    for (unsigned i = 0; i < NFUNCS; i++) {
        uint64_t buid = phb_of(funcs[i].phb)->buid;

        rtas_call("ibm,write-pci-config", 5,
                  (uint32_t[]){ (uint32_t)funcs[i].devfn << 8 | PCI_COMMAND, (uint32_t)(buid >> 32),
                                (uint32_t)buid, 2,
                                SPAPR_PHB_FW_COMMAND | PCI_COMMAND_IO | PCI_COMMAND_MEMORY |
                                    PCI_COMMAND_MASTER },
                  NULL);
    }
    for (int phb = 0; phb < 2; phb++) {
        for (uint64_t page = 0; page < 18; page++) {
            put_tce(phb, page << 12, (FUZZ_SCRATCH + (page << 12)) | (page < 16 ? 3 : 1));
        }
    }
    while (fz_left(&in)) {
        uint8_t k = fz_u8(&in);

        switch (k % 10) {
        case 0:
        case 1:
            config_access(&in, k % 10 == 0);
            break;
        case 2:
        case 3:
            bar_access(&in, k % 10 == 2);
            break;
        case 4: {
            int phb = fz_u8(&in) & 1;
            uint64_t page = fz_u16(&in);
            uint64_t tce = fz_u64(&in);

            put_tce(phb, page << 12, tce);
            break;
        }
        case 5:
            fuzz_scratch_write(&in);
            break;
        case 6:
            fuzz_request_begin("timers");
            clock_icount_warp_to_deadline();
            timers_run_expired();
            fuzz_request_end();
            break;
        case 7: {
            static uint8_t frame[2048];
            NetClient *be = backends[fz_u8(&in) & 1];
            uint16_t len = fz_u16(&in) % sizeof(frame);

            fz_bytes(&in, frame, len);
            fuzz_request_begin("frame to the NIC");
            net_send(be, frame, len);
            fuzz_request_end();
            break;
        }
        case 8:
            ring_setup(&in);
            break;
        default:
            window_access(&in);
            break;
        }
    }
    return 0;
}
