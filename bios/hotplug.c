/*
 * ppc64-lite firmware: a PAPR PCI hotplug client, run when no kernel is given.
 * It does for one hot-added adapter what Linux and drmgr do, printing each
 * step (LoPAPR 13, "Dynamic Reconfiguration"; the event log of LoPAPR 10,
 * "RTAS Error Reporting Return Format"; drmgr's call order from
 * shared/reference/pci-hotplug-history-and-tools.md):
 *   1. wait for a hotplug event and read it with check-exception;
 *   2. isolate, power, DR LED, sense, power, unisolate the connector;
 *   3. walk ibm,configure-connector and print every node and property;
 *   4. read the function's config space with ibm,read-pci-config, enable
 *      memory decoding and read an e1000's MAC from its EEPROM (EERD);
 *   5. wait for the remove event and isolate the connector, which completes
 *      the unplug;
 *   6. go back to 1 for the next cycle.
 * Waiting: the event sources' interrupts are routed to this CPU
 * (ibm,set-xive, ibm,int-on). The firmware sleeps in H_CEDE until an
 * interrupt or the decrementer (POLL_MS) wakes it; start.S returns from the
 * wake-up interrupt at once with MSR[EE] cleared, and the firmware asks the
 * presentation controller with H_XIRR. When the hot-plug-events interrupt is
 * presented it calls check-exception as an interrupt handler would, then
 * H_EOI. This is the interrupt path without a handler that saves registers
 * or re-enters: the program stays a straight line a student can follow. If
 * the interrupt cannot be routed, it calls check-exception at each wake-up.
 * A run with no hotplug gives up after ADD_WAIT_S seconds, so plain runs end.
 * MMIO goes through H_LOGICAL_CI_LOAD/STORE: the firmware runs in real mode
 * without hypervisor privilege, where the cache-inhibited ldcix/stdcix
 * forms are not available to it.
 */
#include "fw.h"

#define ADD_WAIT_S      3
#define REMOVE_WAIT_S   30
#define POLL_MS         20
/*
 * Hotplug events come on /event-sources/hot-plug-events when the tree's
 * ibm,architecture-vec-5 has OV5 HP_EVT (ppc64-lite's does), else on the
 * EPOW source: ask for both classes, and an EPOW power-off is seen too.
 */
#define EVENT_MASK      (RTAS_EVENT_MASK_EPOW | RTAS_EVENT_MASK_HOTPLUG)

/* The event log (LoPAPR 10): fixed part, version 6 header, then sections. */
#define LOG_TYPE_EPOW       64
#define LOG_TYPE_HOTPLUG    229
#define LOG_SECTIONS_AT     24      /* 8-byte fixed part + 16-byte v6 header */
#define HP_RESOURCE_PHB     4
#define HP_RESOURCE_PCI     5
#define HP_ACTION_ADD       1
#define HP_ACTION_REMOVE    2
#define HP_ID_DRC_INDEX     2

/* PCI config space (PCI Local Bus 3.0, 6.1) and the e1000's EERD (8254x manual 13.4.4). */
#define PCI_VENDOR_ID       0x00
#define PCI_COMMAND         0x04
#define PCI_COMMAND_MEMORY  0x2
#define PCI_CLASS_REVISION  0x08
#define E1000_EERD          0x14
#define E1000_EERD_START    0x1
#define E1000_EERD_DONE     0x10

/* XICS (LoPAPR 14.5.4.7.1): the XIRR is the CPPR in bits 0:7 and the source in bits 8:31. */
#define XICS_PRIORITY       5
#define XICS_CPPR_ALL       0xff
#define XIRR_SOURCE(x)      ((x) & 0xffffff)

static u32 hp_irq, epow_irq;
static int use_xics;

static u8 event_log[2048];
static u8 work_area[4096] __attribute__((aligned(4096)));

typedef struct Event {
    u32 type;           /* LOG_TYPE_* */
    u32 resource, action, drc_index;
} Event;

/* What configure-connector told us about the function (copied out of the work area). */
static struct {
    u32 reg_hi;
    int have_reg;
    u32 assigned[5 * 6];
    int n_assigned;
} fn;

static u64 mftb(void)
{
    u64 tb;

    __asm__ volatile("mfspr %0, 268" : "=r"(tb));
    return tb;
}

static u64 tb_hz(void)
{
    int cpus = dt_path("/cpus"), len;

    for (int c = dt_first_child(cpus); cpus >= 0 && c >= 0; c = dt_next_sibling(c)) {
        const void *p = dt_getprop(c, "timebase-frequency", &len);
        if (p && len == 4) {
            return dt_u32(p);
        }
    }
    return 512000000;
}

/*
 * Sleep up to ms, or until an interrupt: H_CEDE with the decrementer set.
 * The wake-up interrupt returns at once with MSR[EE] cleared (start.S).
 */
static void sleep_ms(u64 ms)
{
    u64 ticks = tb_hz() / 1000 * ms;

    __asm__ volatile("mtdec %0" : : "r"(ticks > 0x7fffffff ? 0x7fffffff : ticks));
    hcall(H_CEDE, 0, 0, 0, 0);
}

static u32 be32_at(const u8 *p)
{
    return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static u32 bswap32(u32 v)
{
    return v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24;
}

static void put_status(int st)
{
    puts(" -> status ");
    if (st < 0) {
        putc('-');
        put_dec((u64)-(s64)st);
    } else {
        put_dec((u64)st);
    }
}

static void put_drc(u32 index)
{
    const char *name = drc_name_of(index, NULL);

    put_hex(index);
    if (name) {
        puts(" (\"");
        puts(name);
        puts("\")");
    }
}

/* The interrupt number of /event-sources/NAME, for the messages. */
static u32 event_irq(const char *path)
{
    int node = dt_path(path), len;
    const void *p = node >= 0 ? dt_getprop(node, "interrupts", &len) : NULL;

    return (p && len >= 4) ? dt_u32(p) : 0;
}

/* Decode the log check-exception wrote: its type, and the HP section if any. */
static void decode_event(u32 len, Event *ev)
{
    u32 summary = be32_at(event_log), ext = be32_at(event_log + 4);
    u32 end = 8 + ext;

    ev->type = summary & 0xff;
    ev->resource = ev->action = ev->drc_index = 0;
    if (end > len) {
        end = len;
    }
    puts("  event log: ");
    put_dec(8 + ext);
    puts(" bytes, version ");
    put_dec(summary >> 24);
    puts(", type ");
    put_dec(ev->type);
    puts(ev->type == LOG_TYPE_HOTPLUG ? " (hotplug)" : ev->type == LOG_TYPE_EPOW ? " (EPOW)" : "");
    puts(", sections");
    for (u32 off = LOG_SECTIONS_AT; off + 8 <= end;) {
        u32 slen = (u32)event_log[off + 2] << 8 | event_log[off + 3];
        putc(' ');
        putc((char)event_log[off]);
        putc((char)event_log[off + 1]);
        if (event_log[off] == 'H' && event_log[off + 1] == 'P' && off + 16 <= end) {
            ev->resource = event_log[off + 8];
            ev->action = event_log[off + 9];
            if (event_log[off + 10] == HP_ID_DRC_INDEX) {
                ev->drc_index = be32_at(event_log + off + 12);
            }
        }
        if (slen < 8) {
            break;
        }
        off += slen;
    }
    putc('\n');
    if (ev->type == LOG_TYPE_HOTPLUG) {
        puts("  HP section: resource ");
        put_dec(ev->resource);
        puts(ev->resource == HP_RESOURCE_PCI ? " (PCI)" : ev->resource == HP_RESOURCE_PHB ? " (PHB)" : "");
        puts(", action ");
        put_dec(ev->action);
        puts(ev->action == HP_ACTION_ADD ? " (add)" : ev->action == HP_ACTION_REMOVE ? " (remove)" : "");
        puts(", DRC index ");
        put_drc(ev->drc_index);
        putc('\n');
    }
}

/* The interrupt server of the first CPU (ibm,ppc-interrupt-server#s), 0 if none. */
static u32 boot_server(void)
{
    int cpus = dt_path("/cpus"), len;

    for (int c = dt_first_child(cpus); cpus >= 0 && c >= 0; c = dt_next_sibling(c)) {
        const void *p = dt_getprop(c, "ibm,ppc-interrupt-server#s", &len);
        if (p && len >= 4) {
            return dt_u32(p);
        }
    }
    return 0;
}

/* Route both event interrupts to this CPU and open its priority. */
static void xics_setup(void)
{
    u32 server = boot_server(), irqs[2] = { hp_irq, epow_irq };
    int ok = 1;

    for (int i = 0; i < 2; i++) {
        int st;
        if (!irqs[i]) {
            ok = 0;
            continue;
        }
        st = rtas_call("ibm,set-xive", 3, 1, NULL, irqs[i], server, XICS_PRIORITY);
        puts("  ibm,set-xive(");
        put_hex(irqs[i]);
        puts(", server ");
        put_dec(server);
        puts(", priority ");
        put_dec(XICS_PRIORITY);
        puts(")");
        put_status(st);
        ok &= st == 0;
        st = rtas_call("ibm,int-on", 1, 1, NULL, irqs[i]);
        puts(", ibm,int-on");
        put_status(st);
        putc('\n');
        ok &= st == 0;
    }
    long rc = hcall(H_CPPR, XICS_CPPR_ALL, 0, 0, 0);
    puts("  H_CPPR(0xff) -> ");
    put_dec((u64)rc);
    putc('\n');
    use_xics = ok && rc == H_SUCCESS;
    if (!use_xics) {
        puts("  (interrupts not routed: polling check-exception instead)\n");
    }
}

/* check-exception for one event of either class; 1 with ev filled, 0 none, -1 an error. */
static int check_exception(u32 irq, Event *ev)
{
    int st = rtas_call("check-exception", 6, 1, NULL, 0x500, irq, EVENT_MASK, 0,
                       (u32)(u64)event_log, (u32)sizeof(event_log));

    if (st == RTAS_OUT_NO_ERRORS_FOUND && !use_xics) {
        return 0;       /* polling: no line per empty poll */
    }
    puts("check-exception(vector 0x500, irq ");
    put_hex(irq);
    puts(", mask ");
    put_hex(EVENT_MASK);
    puts(")");
    put_status(st);
    puts(st == RTAS_OUT_SUCCESS ? "\n" : st == RTAS_OUT_NO_ERRORS_FOUND ? " (no event)\n" : "\n");
    if (st == RTAS_OUT_SUCCESS) {
        decode_event(sizeof(event_log), ev);
        return 1;
    }
    return st == RTAS_OUT_NO_ERRORS_FOUND ? 0 : -1;
}

/* Wait for an event until seconds pass: 1 with ev filled, else 0. */
static int wait_event(u64 seconds, Event *ev)
{
    u64 deadline = mftb() + tb_hz() * seconds;

    do {
        int got = 0;
        if (use_xics) {
            u64 xirr = 0;
            if (hcall_ret(H_XIRR, 0, 0, 0, 0, &xirr) == H_SUCCESS && XIRR_SOURCE(xirr)) {
                u32 src = XIRR_SOURCE(xirr);
                puts("H_XIRR -> ");
                put_hex(xirr & 0xffffffff);
                puts(": interrupt ");
                put_hex(src);
                puts(src == hp_irq ? " (hot-plug-events)\n" : src == epow_irq ? " (epow-events)\n" : "\n");
                if (src == hp_irq || src == epow_irq) {
                    got = check_exception(src, ev);
                }
                long rc = hcall(H_EOI, xirr & 0xffffffff, 0, 0, 0);
                puts("H_EOI(");
                put_hex(xirr & 0xffffffff);
                puts(") -> ");
                put_dec((u64)rc);
                putc('\n');
            }
        } else {
            got = check_exception(hp_irq, ev);
        }
        if (got) {
            return got > 0;
        }
        sleep_ms(POLL_MS);
    } while (mftb() < deadline);
    return 0;
}

static int set_indicator(u32 indicator, u32 index, u32 value, const char *what)
{
    int st = rtas_call("set-indicator", 3, 1, NULL, indicator, index, value);

    puts("  set-indicator(");
    put_dec(indicator);
    puts(", ");
    put_hex(index);
    puts(", ");
    put_dec(value);
    puts(")");
    put_status(st);
    puts("   ");
    puts(what);
    putc('\n');
    return st;
}

static int set_power_level(u32 domain, u32 level)
{
    u32 rets[2];
    int st = rtas_call("set-power-level", 2, 2, rets, domain, level);

    puts("  set-power-level(domain -1, ");
    put_dec(level);
    puts(")");
    put_status(st);
    puts(", actual level ");
    put_dec(st == 0 ? rets[1] : 0);
    putc('\n');
    return st;
}

static int sense(u32 index, u32 *state)
{
    u32 rets[2];
    int st = rtas_call("get-sensor-state", 2, 2, rets, RTAS_SENSOR_DR_ENTITY_SENSE, index);
    static const char *const names[] = { "empty", "present", "unusable", "exchange", "recovery" };

    *state = rets[1];
    puts("  get-sensor-state(9003, ");
    put_hex(index);
    puts(")");
    put_status(st);
    puts(", state ");
    put_dec(rets[1]);
    if (st == 0 && rets[1] < 5) {
        puts(" (");
        puts(names[rets[1]]);
        putc(')');
    }
    putc('\n');
    return st;
}

static void indent(int depth)
{
    for (int i = 0; i < depth; i++) {
        puts("  ");
    }
}

static int printable(const u8 *v, u32 len)
{
    if (len < 2 || v[len - 1]) {
        return 0;
    }
    for (u32 i = 0; i + 1 < len; i++) {
        if (v[i] < 0x20 || v[i] > 0x7e) {
            return 0;
        }
    }
    return 1;
}

/* One property: a string, up to 6 cells, or a length. */
static void put_prop(const char *name, const u8 *v, u32 len)
{
    puts(name);
    if (!len) {
        putc('\n');
        return;
    }
    puts(" = ");
    if (printable(v, len)) {
        putc('"');
        puts((const char *)v);
        putc('"');
    } else if (len % 4 == 0) {
        putc('<');
        for (u32 i = 0; i < len && i < 40; i += 4) {
            puts(i ? " " : "");
            put_hex(be32_at(v + i));
        }
        puts(len > 40 ? " ...>" : ">");
    } else {
        putc('[');
        put_dec(len);
        puts(" bytes]");
    }
    putc('\n');
}

/* Keep what step 4 needs from the first (function) node. */
static void note_prop(int depth, const char *name, const u8 *v, u32 len)
{
    if (depth != 1) {
        return;
    }
    if (!strcmp(name, "reg") && len >= 4) {
        fn.reg_hi = be32_at(v);
        fn.have_reg = 1;
    } else if (!strcmp(name, "assigned-addresses")) {
        fn.n_assigned = 0;
        for (u32 i = 0; i + 20 <= len && fn.n_assigned < 6; i += 20, fn.n_assigned++) {
            for (int k = 0; k < 5; k++) {
                fn.assigned[5 * fn.n_assigned + k] = be32_at(v + i + 4 * k);
            }
        }
    }
}

/* ibm,configure-connector's work-area walk (LoPAPR 13.5.3.5), every step printed. */
static int configure(u32 index)
{
    u32 *w = (u32 *)work_area;
    int depth = 0, steps = 0;

    memset(work_area, 0, sizeof(work_area));
    memset(&fn, 0, sizeof(fn));
    w[0] = index;
    w[1] = 0;
    puts("  ibm,configure-connector(");
    put_hex(index);
    puts("), work area at ");
    put_hex((u64)work_area);
    puts(":\n");
    for (;;) {
        int st = rtas_call("ibm,configure-connector", 2, 1, NULL, (u32)(u64)work_area, 0);
        const char *name = (const char *)work_area + w[2];

        if (++steps > 1000) {
            puts("  configure-connector: too many steps, giving up\n");
            return -1;
        }
        switch (st) {
        case RTAS_CC_NEXT_SIBLING:
        case RTAS_CC_NEXT_CHILD:
            if (st == RTAS_CC_NEXT_SIBLING && depth > 0) {
                indent(depth + 1);
                puts("}\n");
                depth--;
            }
            indent(depth + 2);
            puts(st == RTAS_CC_NEXT_CHILD ? "[2 child] " : "[1 sibling] ");
            puts(w[2] < sizeof(work_area) ? name : "?");
            puts(" {\n");
            depth++;
            break;
        case RTAS_CC_NEXT_PROPERTY:
            if (w[2] >= sizeof(work_area) || w[4] > sizeof(work_area) ||
                w[3] > sizeof(work_area) - w[4]) {
                puts("  configure-connector: property outside the work area\n");
                return -1;
            }
            indent(depth + 2);
            puts("[3] ");
            put_prop(name, work_area + w[4], w[3]);
            note_prop(depth, name, work_area + w[4], w[3]);
            break;
        case RTAS_CC_PREV_PARENT:
            indent(depth + 1);
            puts("} [4 parent]\n");
            depth--;
            break;
        case RTAS_CC_COMPLETE:
            for (; depth > 0; depth--) {
                indent(depth + 1);
                puts("}\n");
            }
            puts("    [0 complete] after ");
            put_dec((u64)steps);
            puts(" calls\n");
            return 0;
        default:
            puts("  ibm,configure-connector");
            put_status(st);
            putc('\n');
            return st;
        }
    }
}

/* ibm,read-pci-config / ibm,write-pci-config of the function, on the PHB with this BUID. */
static u32 cfg_read(u64 buid, u32 reg, u32 size)
{
    u32 rets[2] = { 0, 0 };

    rtas_call("ibm,read-pci-config", 4, 2, rets, (fn.reg_hi & 0x00ffff00) | reg,
              (u32)(buid >> 32), (u32)buid, size);
    return rets[0] == 0 ? rets[1] : 0xffffffff;
}

static int cfg_write(u64 buid, u32 reg, u32 size, u32 val)
{
    return rtas_call("ibm,write-pci-config", 5, 1, NULL, (fn.reg_hi & 0x00ffff00) | reg,
                     (u32)(buid >> 32), (u32)buid, size, val);
}

/* The CPU address of a 32-bit memory BAR through the PHB's ranges (3 PCI, 2 CPU, 2 size cells). */
static u64 bar_cpu_addr(int phb, u32 bar)
{
    int len;
    const u8 *r = dt_getprop(phb, "ranges", &len);

    for (int i = 0; r && (i + 7) * 4 <= len; i += 7) {
        u32 space = be32_at(r + 4 * i) >> 24 & 3;
        u64 pci = dt_cells(r + 4 * (i + 1), 2), cpu = dt_cells(r + 4 * (i + 3), 2);
        u64 size = dt_cells(r + 4 * (i + 5), 2);
        if (space == 2 && bar >= pci && bar - pci < size) {
            return cpu + (bar - pci);
        }
    }
    return 0;
}

/* Little-endian 32-bit MMIO through the CI hcalls (which transfer bytes in big-endian order). */
static u32 mmio_read32(u64 addr)
{
    u64 v = 0;

    return hcall_ret(H_LOGICAL_CI_LOAD, 4, addr, 0, 0, &v) == H_SUCCESS ? bswap32((u32)v) : 0xffffffff;
}

static long mmio_write32(u64 addr, u32 val)
{
    return hcall(H_LOGICAL_CI_STORE, 4, addr, bswap32(val), 0);
}

static const char *const space_names[] = { "config", "io", "mem32", "mem64" };

static void show_config(int phb)
{
    int len;
    const void *reg = dt_getprop(phb, "reg", &len);
    u64 buid = (reg && len >= 8) ? dt_cells(reg, 2) : 0;
    u32 id, cls, cmd;
    u32 bar0 = 0;

    if (!fn.have_reg) {
        puts("  no function node with a reg property: nothing to read\n");
        return;
    }
    id = cfg_read(buid, PCI_VENDOR_ID, 4);
    cls = cfg_read(buid, PCI_CLASS_REVISION, 4);
    puts("  ibm,read-pci-config on BUID ");
    put_hex(buid);
    puts(", bus ");
    put_dec(fn.reg_hi >> 16 & 0xff);
    puts(" device ");
    put_dec(fn.reg_hi >> 11 & 0x1f);
    puts(" function ");
    put_dec(fn.reg_hi >> 8 & 7);
    puts(":\n    vendor ");
    put_hex(id & 0xffff);
    puts(" device ");
    put_hex(id >> 16);
    puts(" class ");
    put_hex(cls >> 8);
    puts(" revision ");
    put_hex(cls & 0xff);
    putc('\n');
    for (int i = 0; i < fn.n_assigned; i++) {
        const u32 *a = &fn.assigned[5 * i];
        u32 creg = a[0] & 0xff, space = a[0] >> 24 & 3;
        u64 addr = (u64)a[1] << 32 | a[2], size = (u64)a[3] << 32 | a[4];
        puts("    BAR at ");
        put_hex(creg);
        puts(": assigned-addresses ");
        puts(space_names[space]);
        putc(' ');
        put_hex(addr);
        puts(" size ");
        put_hex(size);
        puts(", config register ");
        put_hex(cfg_read(buid, creg, 4));
        putc('\n');
        if (creg == 0x10 && space == 2) {
            bar0 = (u32)addr;
        }
    }
    if (id != 0x100e8086 || !bar0) {
        puts("  not an e1000 with a 32-bit BAR0: no EEPROM to read\n");
        return;
    }
    cmd = cfg_read(buid, PCI_COMMAND, 2);
    puts("  command register ");
    put_hex(cmd);
    puts(" -> ");
    put_hex(cmd | PCI_COMMAND_MEMORY);
    puts(" (memory decoding on): ibm,write-pci-config");
    put_status(cfg_write(buid, PCI_COMMAND, 2, cmd | PCI_COMMAND_MEMORY));
    putc('\n');

    u64 base = bar_cpu_addr(phb, bar0);
    puts("  BAR0 ");
    put_hex(bar0);
    puts(" is CPU address ");
    put_hex(base);
    puts(" (the PHB's ranges); EEPROM words 0-2 through EERD (BAR0 + 0x14):\n");
    u8 mac[6];
    for (u32 w = 0; w < 3; w++) {
        u32 v = 0;
        mmio_write32(base + E1000_EERD, w << 8 | E1000_EERD_START);
        for (int tries = 0; tries < 1000 && !((v = mmio_read32(base + E1000_EERD)) & E1000_EERD_DONE); tries++) {
        }
        puts("    word ");
        put_dec(w);
        puts(": EERD ");
        put_hex(v);
        putc('\n');
        mac[2 * w] = (u8)(v >> 16);
        mac[2 * w + 1] = (u8)(v >> 24);
    }
    puts("  MAC address ");
    for (int i = 0; i < 6; i++) {
        puts(i ? ":" : "");
        putc("0123456789abcdef"[mac[i] >> 4]);
        putc("0123456789abcdef"[mac[i] & 15]);
    }
    putc('\n');
}

/* Cycles after the first print only their "Hotplug:" lines, numbered. */
static int quiet;
static u64 cycle;

/* Start a "Hotplug:" line that shows in quiet cycles too; end it with hp_end(). */
static void hp_line(void)
{
    console_mute(0);
    puts("Hotplug: ");
    if (quiet) {
        puts("cycle ");
        put_dec(cycle);
        puts(": ");
    }
}

static void hp_end(const char *s)
{
    puts(s);
    console_mute(quiet);
}

enum { CYCLE_DONE, CYCLE_NO_EVENT, CYCLE_FAILED };

/* One device_add/device_del cycle, as the file's header describes. */
static int serve_cycle(void)
{
    Event ev;
    u32 state;
    int phb = -1;
    u32 index;

    if (!wait_event(ADD_WAIT_S, &ev)) {
        if (!quiet) {
            puts("Hotplug: no event (device_add e1000 from a monitor script shows the protocol:"
                 " see bios/demo.hmp)\n");
        }
        return CYCLE_NO_EVENT;
    }
    if (ev.type != LOG_TYPE_HOTPLUG || ev.resource != HP_RESOURCE_PCI || ev.action != HP_ACTION_ADD) {
        hp_line();
        hp_end("not a PCI add event; done\n");
        return CYCLE_FAILED;
    }
    index = ev.drc_index;
    if (!drc_name_of(index, &phb) || phb == dt_root()) {
        hp_line();
        hp_end("the DRC index is no PCI slot of the tree; done\n");
        return CYCLE_FAILED;
    }
    puts("Hotplug: bringing up ");
    put_drc(index);
    puts(" on ");
    puts(dt_name(phb));
    puts(" (drmgr's order)\n");
    set_indicator(RTAS_INDICATOR_ISOLATION_STATE, index, RTAS_ISOLATION_ISOLATED, "isolate");
    set_power_level(RTAS_POWER_DOMAIN_LIVE_INSERT, RTAS_POWER_LEVEL_OFF);
    set_indicator(RTAS_INDICATOR_DR, index, RTAS_DR_INDICATOR_ACTIVE, "DR LED active");
    if (sense(index, &state) || state != RTAS_ENTITY_SENSE_PRESENT) {
        hp_line();
        hp_end("nothing present in the slot; done\n");
        return CYCLE_FAILED;
    }
    set_power_level(RTAS_POWER_DOMAIN_LIVE_INSERT, RTAS_POWER_LEVEL_FULL);
    if (set_indicator(RTAS_INDICATOR_ISOLATION_STATE, index, RTAS_ISOLATION_UNISOLATED, "unisolate")) {
        hp_line();
        hp_end("unisolate failed; done\n");
        return CYCLE_FAILED;
    }
    if (configure(index)) {
        set_indicator(RTAS_INDICATOR_ISOLATION_STATE, index, RTAS_ISOLATION_ISOLATED, "isolate");
        hp_line();
        hp_end("configure-connector failed; done\n");
        return CYCLE_FAILED;
    }
    show_config(phb);
    hp_line();
    put_drc(index);
    puts(" configured; waiting ");
    put_dec(REMOVE_WAIT_S);
    hp_end(" s for its remove event (device_del)\n");

    if (!wait_event(REMOVE_WAIT_S, &ev)) {
        hp_line();
        hp_end("no remove event\n");
        return CYCLE_FAILED;
    }
    if (ev.type != LOG_TYPE_HOTPLUG || ev.action != HP_ACTION_REMOVE || ev.drc_index != index) {
        hp_line();
        hp_end("not the remove event of our slot; done\n");
        return CYCLE_FAILED;
    }
    puts("Hotplug: removing ");
    put_drc(index);
    putc('\n');
    set_indicator(RTAS_INDICATOR_ISOLATION_STATE, index, RTAS_ISOLATION_ISOLATED,
                  "isolate: completes the unplug");
    set_indicator(RTAS_INDICATOR_DR, index, RTAS_DR_INDICATOR_INACTIVE, "DR LED off");
    sense(index, &state);
    hp_line();
    if (state != RTAS_ENTITY_SENSE_EMPTY) {
        hp_end("the slot is not empty after isolation\n");
        return CYCLE_FAILED;
    }
    hp_end("unplug complete, the slot is empty\n");
    return CYCLE_DONE;
}

void hotplug_demo(void)
{
    int r;

    hp_irq = event_irq("/event-sources/hot-plug-events");
    epow_irq = event_irq("/event-sources/epow-events");
    puts("\nHotplug: routing the event interrupts (hot-plug-events ");
    put_hex(hp_irq);
    puts(", epow-events ");
    put_hex(epow_irq);
    puts(")\n");
    xics_setup();
    puts("Hotplug: ready for hotplug; ");
    puts(use_xics ? "H_CEDE, then H_XIRR" : "H_CEDE, then check-exception");
    puts(" at least every ");
    put_dec(POLL_MS);
    puts(" ms for ");
    put_dec(ADD_WAIT_S);
    puts(" s\n");
    /*
     * Like an OS, the client serves as many cycles as come (the soak test
     * runs a thousand, scripts/soak-firmware.sh); after the first, each
     * prints only its "Hotplug: cycle N:" lines. It ends when ADD_WAIT_S
     * pass without an add event, or at the first cycle that fails.
     */
    for (cycle = 1;; cycle++) {
        quiet = cycle > 1;
        console_mute(quiet);
        r = serve_cycle();
        console_mute(0);
        if (r != CYCLE_DONE) {
            break;
        }
        if (cycle == 1) {
            puts("Hotplug: ready for another cycle; later ones print only their"
                 " \"Hotplug: cycle N:\" lines\n");
        }
    }
    if (cycle > 1) {
        puts("Hotplug: ");
        put_dec(cycle - 1);
        puts(cycle - 1 == 1 ? " cycle served" : " cycles served");
        puts(r == CYCLE_NO_EVENT ? ", no further event\n" : " before a failure\n");
    }
}
