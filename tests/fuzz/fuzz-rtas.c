/*
 * Fuzz target "rtas": any RTAS token with any nargs, nret and argument
 * words, rtas_args anywhere in (or outside) guest RAM, through the real
 * dispatcher (spapr_rtas_call, what the firmware's trampoline reaches), on
 * the machine of fuzz-machine.h; interleaved with device_add and device_del
 * the way the monitor makes them (device_create_from_string with hotplug,
 * device_unplug_request), so that the DR services (set-indicator,
 * get-sensor-state, the power levels, ibm,configure-connector with its work
 * area anywhere) meet connectors in every state. LoPAR 7 and 13: a bad call
 * is an RTAS error status (-3, -9000..-9003), never a host crash, hang or
 * leak.
 *
 * Input: a sequence of records, each starting with a byte k (k % 8):
 *   0     write the scratch window of guest RAM: u16 offset, u8 length, bytes
 *   1..4  one RTAS call: u8 vCPU; u8 token selector (below 0xf0 one of the
 *         registered services, else a raw u32 token follows); u8 nargs and
 *         u8 nret (as the guest writes them: anything); u8 where the
 *         rtas_args go (below 0xf0 the scratch window, else a raw u64
 *         address follows); then for each of min(nargs, 16) arguments a u8
 *         kind and its value (argument_word below)
 *   5     device_add: u8 driver, u8 bus, u8 slot, u8 function, u8 flags
 *   6     device_del: u8 which device (hot-added ones, or the cold e1000)
 *   7     drmgr's add sequence on one connector (u8 which, u16 work-area
 *         offset): sense, allocation, unisolate, DR indicator, then
 *         configure-connector until it ends (at most 64 calls)
 *
 * After the input, every device it hot-added is asked to leave; the reset
 * before the next input completes the removals, so every input meets the
 * same machine.
 */
#include "fuzz-machine.h"
#include "ppc/spapr/spapr_rtas.h"

#define MAX_HOT 16

static const char *const drivers[] = { "e1000", "pci-testdev", "spapr-pci-host-bridge" };
static uint32_t drc_indexes[8];     /* what the connector-picking arguments choose from */
static char hot_ids[MAX_HOT][8];
static unsigned nhot;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *const devices[] = { "e1000,id=nic0", "pci-testdev,id=td0,addr=3", NULL };

    fuzz_machine_up(devices);
    for (unsigned i = 0; i < MAX_HOT; i++) {
        snprintf(hot_ids[i], sizeof(hot_ids[i]), "fz%u", i);
    }
    /* Slots 0, 1, 3 and 31 of PHB 0, slot 0 of PHB 1, PHBs 0, 1 and 30. */
    drc_indexes[0] = SPAPR_DRC_PCI_INDEX(0, 0);
    drc_indexes[1] = SPAPR_DRC_PCI_INDEX(0, 1);
    drc_indexes[2] = SPAPR_DRC_PCI_INDEX(0, 3);
    drc_indexes[3] = SPAPR_DRC_PCI_INDEX(0, 31);
    drc_indexes[4] = SPAPR_DRC_PCI_INDEX(1, 0);
    drc_indexes[5] = SPAPR_DRC_PHB_INDEX(0);
    drc_indexes[6] = SPAPR_DRC_PHB_INDEX(1);
    drc_indexes[7] = SPAPR_DRC_PHB_INDEX(30);
    return 0;
}

/*
 * One argument word: the kinds steer toward values the services look up
 * (connectors, RAM addresses, indicator types) that the fuzzer could not
 * learn from comparisons inside glib's hash tables.
 */
static uint32_t argument_word(FuzzIn *in)
{
    uint8_t kind = fz_u8(in);

    switch (kind % 8) {
    case 0:
        return drc_indexes[fz_u8(in) % G_N_ELEMENTS(drc_indexes)];
    case 1:
        return (uint32_t)(FUZZ_SCRATCH + fz_u16(in));  /* a buffer or work area in RAM */
    case 2:
        return (uint32_t)(FUZZ_RAM - fz_u16(in));      /* up to the end of RAM */
    case 3:
        return 9000 + fz_u8(in) % 8;                    /* indicator and sensor types */
    case 4:
        return fz_u8(in);
    default:
        return fz_u32(in);
    }
}

static void rtas_call(FuzzIn *in)
{
    PowerPCCPU *cpu = fuzz_m->cpus[fz_u8(in) % FUZZ_NCPUS];
    uint8_t sel = fz_u8(in);
    uint32_t token = sel < 0xf0 ? RTAS_TOKEN_BASE + sel % spapr_rtas_count() : fz_u32(in);
    uint32_t nargs = fz_u8(in), nret = fz_u8(in);
    uint8_t where = fz_u8(in);
    uint64_t addr = where < 0xf0 ? FUZZ_SCRATCH + 4u * where : fz_u64(in);
    uint32_t w[3 + 2 * RTAS_MAX_ARGS];
    unsigned n = 3;

    w[0] = GUINT32_TO_BE(token);
    w[1] = GUINT32_TO_BE(nargs);
    w[2] = GUINT32_TO_BE(nret);
    for (uint32_t i = 0; i < nargs && i < RTAS_MAX_ARGS; i++) {
        uint32_t v = argument_word(in);

        w[n++] = GUINT32_TO_BE(v);
    }
    for (uint32_t i = 0; i < nret && i < RTAS_MAX_ARGS; i++) {
        w[n++] = GUINT32_TO_BE(0xdeadbeefu);
    }
    /* Outside RAM the guest could write nothing there: the call reads what is. */
    address_space_write(&fuzz_m->as, addr, w, 4ull * n);
    fuzz_request_begin("rtas call");
    spapr_rtas_call(fuzz_m, cpu, addr);
    fuzz_request_end();
}

/* One call of a named service with its arguments in the scratch window; the status. */
static int32_t rtas_named(const char *name, uint32_t nargs, uint32_t nret, const uint32_t *args,
                          uint32_t *rets)
{
    uint64_t addr = FUZZ_SCRATCH;
    MemTxResult res = MEMTX_OK;

    spapr_test_put_rtas_args(fuzz_m, addr, spapr_rtas_token(name), nargs, nret, args);
    fuzz_request_begin(name);
    spapr_rtas_call(fuzz_m, fuzz_m->cpus[0], addr);
    fuzz_request_end();
    for (uint32_t i = 0; i < nret; i++) {
        rets[i] = address_space_ldl_be(&fuzz_m->as, addr + 12 + 4 * (nargs + i), &res);
    }
    return (int32_t)rets[0];
}

/* What drmgr does to add what is behind a connector (the work area is in RAM or across its end). */
static void drmgr_add(FuzzIn *in)
{
    uint32_t index = drc_indexes[fz_u8(in) % G_N_ELEMENTS(drc_indexes)];
    uint16_t wa_off = fz_u16(in);
    uint64_t wa = wa_off < 0xf000 ? FUZZ_SCRATCH + 0x1000 + (wa_off & 0x7ff0) : FUZZ_RAM - (wa_off & 0xfff);
    uint32_t r[2];

    rtas_named("get-sensor-state", 2, 2, (uint32_t[]){ RTAS_SENSOR_DR_ENTITY_SENSE, index }, r);
    rtas_named("set-indicator", 3, 1,
               (uint32_t[]){ RTAS_INDICATOR_ALLOCATION_STATE, index, RTAS_ALLOCATION_USABLE }, r);
    rtas_named("set-indicator", 3, 1,
               (uint32_t[]){ RTAS_INDICATOR_ISOLATION_STATE, index, RTAS_ISOLATION_UNISOLATED }, r);
    rtas_named("set-indicator", 3, 1,
               (uint32_t[]){ RTAS_INDICATOR_DR, index, RTAS_DR_INDICATOR_ACTIVE }, r);
    {
        uint32_t head[2] = { GUINT32_TO_BE(index), 0 };

        address_space_write(&fuzz_m->as, wa, head, sizeof(head));
    }
    for (int i = 0; i < 64; i++) {
        int32_t st = rtas_named("ibm,configure-connector", 2, 1, (uint32_t[]){ (uint32_t)wa, 0 }, r);

        if (st <= 0) {
            break;
        }
    }
}

static void device_add(FuzzIn *in)
{
    uint8_t drv = fz_u8(in), bus = fz_u8(in), slot = fz_u8(in), fn = fz_u8(in), flags = fz_u8(in);
    const char *driver = drivers[drv % G_N_ELEMENTS(drivers)];
    GString *s = g_string_new(driver);
    Error *err = NULL;

    if (nhot == MAX_HOT) {
        g_string_free(s, TRUE);
        return;
    }
    g_string_append_printf(s, ",id=%s", hot_ids[nhot]);
    if (g_str_equal(driver, "spapr-pci-host-bridge")) {
        g_string_append_printf(s, ",index=%u", bus % 4);
    } else {
        if (bus & 0x80) {
            g_string_append_printf(s, ",bus=pci.%u", bus % 4);
        }
        if (slot & 0x80) {
            g_string_append_printf(s, ",addr=%x.%x", slot % 32, fn % 8);
        }
        if (flags & 1) {
            g_string_append(s, ",multifunction=on");
        }
    }
    fuzz_request_begin("device_add");
    if (device_create_from_string(s->str, true, &err)) {
        nhot++;
    }
    fuzz_request_end();
    error_free(err);
    g_string_free(s, TRUE);
}

static void device_del(FuzzIn *in)
{
    uint8_t which = fz_u8(in);
    const char *id = which < 0xf0 && nhot ? hot_ids[which % nhot] : "nic0";
    Device *dev = device_find_by_id(id);
    Error *err = NULL;

    if (dev) {
        fuzz_request_begin("device_del");
        device_unplug_request(dev, &err);
        fuzz_request_end();
        error_free(err);
    }
}

/*
 * The population every input starts from. A hot-added device still there
 * after device_del and a reset could never be removed: that is a finding.
 * The cold e1000 that an input removed comes back as -device makes it.
 */
static void population_check(void)
{
    Error *err = NULL;

    for (unsigned i = 0; i < MAX_HOT; i++) {
        if (device_find_by_id(hot_ids[i])) {
            fprintf(stderr, "fuzz: %s survived device_del and a machine reset\n", hot_ids[i]);
            abort();
        }
    }
    if (!device_find_by_id("nic0")) {
        if (!device_create_from_string("e1000,id=nic0", false, &err)) {
            fprintf(stderr, "fuzz: cannot bring back nic0: %s\n", error_get_pretty(err));
            abort();
        }
        fuzz_machine_reset();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzIn in = { data, size };

    fuzz_machine_reset();
    population_check();
    nhot = 0;
    while (fz_left(&in)) {
        uint8_t k = fz_u8(&in);

        switch (k % 8) {
        case 0:
            fuzz_scratch_write(&in);
            break;
        case 5:
            device_add(&in);
            break;
        case 6:
            device_del(&in);
            break;
        case 7:
            drmgr_add(&in);
            break;
        default:
            rtas_call(&in);
            break;
        }
    }
    /* Ask every hot-added device to leave; the next reset completes it. */
    for (unsigned i = 0; i < MAX_HOT; i++) {
        Device *dev = device_find_by_id(hot_ids[i]);
        Error *err = NULL;

        if (dev && !device_unplug_request(dev, &err)) {
            error_free(err);
        }
    }
    return 0;
}
