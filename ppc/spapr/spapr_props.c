/*
 * The pseries machine's properties: one table row per property of QEMU
 * 7.2's pseries-7.2 machine (what `qemu-system-ppc64 -M pseries,help`
 * lists, the instance properties spapr adds - ic-mode, kvm-type,
 * resize-hpt, vsmt, max-cpu-compat, host-model, host-serial, x-vof,
 * kernel-addr, modern-hotplug-events, nvdimm-persistence - and the generic
 * machine ones), plus ppc64-lite's own nvram=.
 *
 * Each row gives the type, the valid values, the default, QEMU's meaning,
 * what the property does here, and how a value is recorded. The parser
 * checks the type and the valid values from the row, refuses what the row
 * marks as absent here with the row's reason, and then calls the row's
 * setter. Nothing in this file acts on the machine: the device tree
 * (spapr_fdt.c), H_GET_CPU_CHARACTERISTICS (spapr_cpu.c), ibm,nmi-register
 * (spapr_cpu_rtas.c) and the image loader (spapr_setup.c) read SpaprProps.
 *
 * Where QEMU's behaviour under TCG is to warn and carry on (the speculation
 * caps), the value is accepted and only changes what the guest is told.
 */
#include "ppc/spapr/spapr_props.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/options.h"
#include "ppc/spapr/spapr_machine.h"

#define SPAPR_MAX_VSMT 8            /* POWER8's SMT8; ids stay within the XICS server range */

typedef enum {
    T_BOOL,         /* on|off (yes|no, true|false) */
    T_CHOICE,       /* one of choices[], case-insensitive as QEMU's caps */
    T_STR,          /* any non-empty text */
    T_INT,          /* decimal or 0x hex */
    T_SIZE,         /* a size with k/M/G suffixes; a plain number is bytes */
    T_OBJECT,       /* a link to an -object, or a compound (smp.cpus=...) */
} MachPropType;

static const char *const type_names[] = {
    [T_BOOL] = "bool", [T_CHOICE] = "string", [T_STR] = "string",
    [T_INT] = "int", [T_SIZE] = "size", [T_OBJECT] = "object",
};

/* The parsed value handed to a setter. */
typedef struct MachPropValue {
    const char *text;       /* as given */
    const char *sub;        /* "size" of memory.size=, else NULL */
    bool b;                 /* T_BOOL */
    int choice;             /* T_CHOICE: index into choices */
    uint64_t n;             /* T_INT, T_SIZE */
    int threads;            /* -smp threads per core */
} MachPropValue;

typedef struct MachPropDef MachPropDef;
typedef bool MachPropSet(SpaprProps *p, const MachPropDef *d, const MachPropValue *v, Error **errp);

struct MachPropDef {
    const char *name;
    MachPropType type;
    const char *const *choices;     /* T_CHOICE, NULL-terminated */
    const char *def;                /* the default as help shows it; NULL: none */
    const char *what;               /* QEMU's meaning */
    const char *here;               /* what it does in ppc64-lite */
    /*
     * What is not here: a T_BOOL value (REFUSE_ON / REFUSE_OFF), choices by
     * index (bit i), or every value (REFUSE_ALL); `reason` says why.
     */
    unsigned refuse;
    const char *reason;
    MachPropSet *set;                   /* NULL: accepted, no effect */
    size_t field;                   /* for the generic setters */
};

#define REFUSE_OFF  (1u << 0)       /* T_BOOL: bit 0 is "off", bit 1 is "on" */
#define REFUSE_ON   (1u << 1)
#define REFUSE_ALL  (~0u)
#define F(member) offsetof(SpaprProps, member)

/* ---- generic setters ---- */

static bool set_bool(SpaprProps *p, const MachPropDef *d, const MachPropValue *v,
                     Error **errp)
{
    *(bool *)((char *)p + d->field) = v->b;
    return true;
}

static bool set_u8_choice(SpaprProps *p, const MachPropDef *d, const MachPropValue *v,
                          Error **errp)
{
    *(uint8_t *)((char *)p + d->field) = (uint8_t)v->choice;
    return true;
}

static bool set_string(SpaprProps *p, const MachPropDef *d, const MachPropValue *v,
                       Error **errp)
{
    char **field = (char **)((char *)p + d->field);

    g_free(*field);
    *field = g_strdup(v->text);
    return true;
}

/* host-model / host-serial: "none" drops the property; anything else is written as given. */
static bool set_host_string(SpaprProps *p, const MachPropDef *d, const MachPropValue *v,
                            Error **errp)
{
    char **field = (char **)((char *)p + d->field);

    g_clear_pointer(field, g_free);
    if (strcmp(v->text, "none") != 0) {
        *field = g_strdup(v->text);
    }
    return true;
}

/* ---- the rows that need more than storing ---- */

static bool set_dfp(SpaprProps *p, const MachPropDef *d, const MachPropValue *v,
                    Error **errp)
{
    /* QEMU's default is on, so the usual command line says nothing or on: accept both. */
    if (v->b) {
        error_report("warning: cap-dfp=on: this POWER8 model has no decimal floating point; "
                     "the guest is told so (ibm,dfp = 0)");
    }
    p->cap_dfp = false;
    return true;
}

static bool set_hpt_max_page_size(SpaprProps *p, const MachPropDef *d, const MachPropValue *v,
                                  Error **errp)
{
    if (!v->n || (v->n & (v->n - 1))) {
        error_setg(errp, "cap-hpt-max-page-size=%s: must be a power of 2", v->text);
        return false;
    }
    if (v->n < 4096) {
        error_setg(errp, "cap-hpt-max-page-size=%s: must be at least 4k", v->text);
        return false;
    }
    p->hpt_max_page_shift = (unsigned)__builtin_ctzll(v->n);
    return true;
}

/* max-cpu-compat: the architected logical PVR the guest reads in cpu-version. */
static const char *const compat_names[] = {
    "power6", "power7", "power7+", "power8", "power9", "power10", NULL,
};
static const uint32_t compat_pvrs[] = {
    0x0f000002, 0x0f000003, 0x0f100003, 0x0f000004, 0x0f000005, 0x0f000006,
};

static bool set_max_cpu_compat(SpaprProps *p, const MachPropDef *d, const MachPropValue *v,
                               Error **errp)
{
    p->cpu_version = compat_pvrs[v->choice];
    return true;
}

/* QEMU's rule and words; under TCG QEMU takes any value from the threads per core up. */
static bool set_vsmt(SpaprProps *p, const MachPropDef *d, const MachPropValue *v,
                     Error **errp)
{
    if (v->n > SPAPR_MAX_VSMT) {
        error_setg(errp, "vsmt=%s: at most %d", v->text, SPAPR_MAX_VSMT);
        return false;
    }
    if (v->n && v->n < (uint64_t)v->threads) {
        error_setg(errp, "vsmt=%s: Cannot support VSMT mode %s because it must be >= "
                   "threads/core (%d)", v->text, v->text, v->threads);
        return false;
    }
    p->vsmt = (unsigned)v->n;
    return true;
}

static bool set_kernel_addr(SpaprProps *p, const MachPropDef *d, const MachPropValue *v,
                            Error **errp)
{
    if (v->n != SPAPR_KERNEL_LOAD_ADDR) {
        error_setg(errp, "kernel-addr=%s: the kernel is always loaded at 0x%x here "
                   "(QEMU moves it only for x-vof=on)", v->text, SPAPR_KERNEL_LOAD_ADDR);
        return false;
    }
    return true;
}

/* memory.size=SIZE is -m SIZE; the other members are -m's too and not here. */
static bool set_memory(SpaprProps *p, const MachPropDef *d, const MachPropValue *v,
                       Error **errp)
{
    uint64_t size;

    if (!v->sub || strcmp(v->sub, "size") != 0) {
        error_setg(errp, "memory%s%s: only memory.size=SIZE is supported (no memory hotplug)",
                   v->sub ? "." : "", v->sub ? v->sub : "");
        return false;
    }
    if (!options_parse_size(v->text, 1ull << 20, &size) || !size) {
        error_setg(errp, "memory.size=%s: invalid size", v->text);
        return false;
    }
    p->ram_size = size;
    return true;
}

/* ---- the table (sorted by name, as -M pseries,help prints it) ---- */

static const char *const on_off[] = { "on", "off", NULL };
static const char *const cap_tristate[] = { "broken", "workaround", "fixed", NULL };
static const char *const cap_ibs_values[] = {
    "broken", "workaround", "fixed-ibs", "fixed-ccd", "fixed-na", NULL,
};
static const char *const ic_modes[] = { "xics", "xive", "dual", NULL };
static const char *const resize_hpt_modes[] = {
    "default", "disabled", "enabled", "required", NULL,
};
static const char *const kvm_types[] = { "HV", "PR", "auto", NULL };
static const char *const nvdimm_persistence[] = { "mem-ctrl", "cpu", NULL };
static const char *const irqchip_modes[] = { "on", "off", "split", NULL };

#define NO_TCG_EFFECT "accepted, no effect under TCG; what the guest is told " \
                      "(H_GET_CPU_CHARACTERISTICS) follows it"

static const MachPropDef props[] = {
    { "accel", T_STR, NULL, "tcg", "Accelerator list", "as -accel: tcg only" },
    { "append", T_STR, NULL, NULL, "Linux kernel command line", "as -append",
      0, NULL, set_string, F(append) },
    { "boot", T_OBJECT, NULL, NULL, "Boot configuration", "not here as a property",
      REFUSE_ALL, "use -boot" },
    { "cap-ccf-assist", T_BOOL, on_off, "off", "Count Cache Flush Assist via HW Instruction",
      NO_TCG_EFFECT, 0, NULL, set_bool, F(cap_ccf_assist) },
    { "cap-cfpc", T_CHOICE, cap_tristate, "fixed",
      "Cache Flush on Privilege Change (broken, workaround, fixed)",
      NO_TCG_EFFECT " (default fixed: the interpreter does not speculate; QEMU's is "
      "workaround)", 0, NULL, set_u8_choice, F(cap_cfpc) },
    { "cap-dfp", T_BOOL, on_off, "off", "Allow Decimal Floating Point (DFP)",
      "no DFP unit: on (QEMU's default) is accepted with a warning, ibm,dfp stays 0",
      0, NULL, set_dfp },
    { "cap-fwnmi", T_BOOL, on_off, "on", "Implements PAPR FWNMI option",
      "off makes ibm,nmi-register fail (-3)", 0, NULL, set_bool, F(cap_fwnmi) },
    { "cap-hpt-max-page-size", T_SIZE, NULL, "16M", "Maximum page size for Hash Page Table guests",
      "larger page sizes leave ibm,segment-page-sizes (4k, 64k, 16M exist; QEMU's "
      "default is 64k)", 0, NULL, set_hpt_max_page_size },
    { "cap-htm", T_BOOL, on_off, "off", "Allow Hardware Transactional Memory (HTM)",
      "no TM here", REFUSE_ON,
      "no Transactional Memory in this CPU model (TM instructions are facility-unavailable); "
      "use cap-htm=off" },
    { "cap-ibs", T_CHOICE, cap_ibs_values, "fixed-na",
      "Indirect Branch Speculation (broken, workaround, fixed-ibs, fixed-ccd, fixed-na)",
      NO_TCG_EFFECT, 0, NULL, set_u8_choice, F(cap_ibs) },
    { "cap-large-decr", T_BOOL, on_off, "off", "Allow Large Decrementer",
      "POWER8 has a 32-bit decrementer", REFUSE_ON,
      "the large decrementer is POWER9 and later; this CPU is a POWER8" },
    { "cap-nested-hv", T_BOOL, on_off, "off", "Allow Nested KVM-HV", "no nested HV",
      REFUSE_ON, "nested KVM-HV is POWER9 and later and not emulated here" },
    { "cap-rpt-invalidate", T_BOOL, on_off, "off", "Allow H_RPT_INVALIDATE",
      "no radix MMU here", REFUSE_ON, "H_RPT_INVALIDATE (radix) is not implemented" },
    { "cap-sbbc", T_CHOICE, cap_tristate, "fixed",
      "Speculation Barrier Bounds Checking (broken, workaround, fixed)",
      NO_TCG_EFFECT " (default fixed; QEMU's is workaround)", 0, NULL, set_u8_choice,
      F(cap_sbbc) },
    { "cap-vsx", T_BOOL, on_off, "on", "Allow Vector Scalar Extensions (VSX)",
      "off: ibm,vmx = 1, so the guest neither uses nor advertises VSX (QEMU does the same)",
      0, NULL, set_bool, F(cap_vsx) },
    { "confidential-guest-support", T_OBJECT, NULL, NULL,
      "Set confidential guest scheme to support", "refused", REFUSE_ALL,
      "no secure/protected guest support here" },
    { "dt-compatible", T_STR, NULL, "qemu,pseries",
      "Overrides the \"compatible\" property of the dt root node",
      "the root node's compatible (QEMU 7.2's pseries ignores it)", 0, NULL, set_string,
      F(dt_compatible) },
    { "dtb", T_STR, NULL, NULL, "Linux kernel device tree file",
      "accepted, no effect: pseries builds its own tree (as QEMU)" },
    { "dump-guest-core", T_BOOL, on_off, "on", "Include guest memory in a core dump",
      "accepted, no effect" },
    { "dumpdtb", T_STR, NULL, NULL, "Dump current dtb to a file and quit",
      "writes the tree the guest would get, exits 0", 0, NULL, set_string, F(dumpdtb) },
    { "firmware", T_STR, NULL, NULL, "Firmware image", "as -bios", 0, NULL, set_string,
      F(firmware) },
    { "graphics", T_BOOL, on_off, "on", "Set on/off to enable/disable graphics emulation",
      "accepted, no effect (no display here)" },
    { "host-model", T_STR, NULL, "none", "Host model to advertise in guest device tree",
      "the root's host-model property; none leaves it out, passthrough is written as "
      "given (QEMU under TCG)", 0, NULL, set_host_string, F(host_model) },
    { "host-serial", T_STR, NULL, "none", "Host serial number to advertise in guest device tree",
      "the root's host-serial property; none leaves it out, passthrough is written as "
      "given (QEMU under TCG)", 0, NULL, set_host_string, F(host_serial) },
    { "ic-mode", T_CHOICE, ic_modes, "dual",
      "Specifies the interrupt controller mode (xics, xive, dual)",
      "XICS: dual gives XICS, as QEMU does for a POWER8 guest", 1u << 1,
      "XIVE is POWER9 and later; this machine has XICS (use ic-mode=xics or dual)" },
    { "initrd", T_STR, NULL, NULL, "Linux initial ramdisk file", "as -initrd", 0, NULL,
      set_string, F(initrd) },
    { "kernel", T_STR, NULL, NULL, "Linux kernel image file", "as -kernel", 0, NULL,
      set_string, F(kernel) },
    { "kernel-addr", T_INT, NULL, "0x400000", "Override the default kernel load address",
      "only the default", 0, NULL, set_kernel_addr },
    { "kernel-irqchip", T_CHOICE, irqchip_modes, NULL, "Use KVM in-kernel irqchip",
      "accepted, no effect (KVM only)" },
    { "kvm-type", T_CHOICE, kvm_types, "auto", "Specifies the KVM virtualization mode (HV, PR)",
      "accepted, no effect (KVM only)" },
    { "max-cpu-compat", T_CHOICE, compat_names, "power8",
      "Maximum permitted CPU compatibility mode",
      "the guest's cpu-version (architected PVR) is that level's", (1u << 4) | (1u << 5),
      "the CPU is a POWER8 (valid: power6, power7, power7+, power8)", set_max_cpu_compat },
    { "mem-merge", T_BOOL, on_off, "on", "Enable/disable memory merge support",
      "accepted, no effect" },
    { "memory", T_OBJECT, NULL, NULL, "Memory size configuration",
      "memory.size=SIZE is -m SIZE", 0, NULL, set_memory },
    { "memory-backend", T_OBJECT, NULL, NULL, "Set RAM backend", "refused", REFUSE_ALL,
      "no -object memory-backend-* here; use -m" },
    { "memory-encryption", T_OBJECT, NULL, NULL, "Set memory encryption object to use",
      "refused", REFUSE_ALL, "no memory encryption here" },
    { "modern-hotplug-events", T_BOOL, on_off, "on", "Use dedicated hotplug event mechanism",
      "the hot-plug-events source (LoPAPR) is the only one here", REFUSE_OFF,
      "only the dedicated hotplug event source is implemented" },
    { "nvdimm-persistence", T_CHOICE, nvdimm_persistence, NULL,
      "Platform persistence for NVDIMMs (mem-ctrl, cpu)", "accepted, no effect (no NVDIMMs)" },
    { "nvram", T_STR, NULL, NULL, "(ppc64-lite) keep the 64 KiB NVRAM in FILE across runs",
      "created if missing; QEMU uses -device spapr-nvram,drive= instead", 0, NULL, set_string,
      F(nvram) },
    { "phandle-start", T_INT, NULL, NULL, "The first phandle ID we may generate dynamically",
      "accepted, no effect (pseries allocates none, as QEMU)" },
    { "resize-hpt", T_CHOICE, resize_hpt_modes, "disabled",
      "Resizing of the Hash Page Table (enabled, disabled, required)",
      "H_RESIZE_HPT_PREPARE/COMMIT are not implemented: default is disabled",
      (1u << 2) | (1u << 3),
      "H_RESIZE_HPT_PREPARE/COMMIT are not implemented (use resize-hpt=disabled)" },
    { "smp", T_OBJECT, NULL, NULL, "CPU topology", "not here as a property", REFUSE_ALL,
      "use -smp" },
    { "suppress-vmdesc", T_BOOL, on_off, "off", "Set on to disable self-describing migration",
      "accepted, no effect (no migration)" },
    { "usb", T_BOOL, on_off, "off", "Set on/off to enable/disable usb", "no USB controller",
      REFUSE_ON, "no USB controller model here" },
    { "vsmt", T_INT, NULL, NULL, "Virtual SMT: KVM behaves as if this were the host's SMT mode",
      "the vCPU id spacing between cores, as QEMU: thread t of core c is c * vsmt + t "
      "(default: the threads per core)", 0, NULL, set_vsmt },
    /* What x-vof=on asks for - no SLOF, the -kernel entered directly from a slim firmware -
     * is what the built-in firmware always does, so both values are taken. */
    { "x-vof", T_BOOL, on_off, "off", "Enable Virtual Open Firmware (experimental)",
      "either way the built-in firmware boots -kernel directly, as VOF does "
      "(it has no Open Firmware client interface)" },
};

/* ---- parsing ---- */

static const MachPropDef *find_prop(const char *name)
{
    for (size_t i = 0; i < G_N_ELEMENTS(props); i++) {
        if (!strcmp(props[i].name, name)) {
            return &props[i];
        }
    }
    return NULL;
}

static char *choices_list(const char *const *choices)
{
    return g_strjoinv(", ", (char **)choices);
}

static bool parse_value(const MachPropDef *d, const char *text, MachPropValue *v, Error **errp)
{
    char *end;

    switch (d->type) {
    case T_BOOL:
        if (!strcmp(text, "on") || !strcmp(text, "yes") || !strcmp(text, "true")) {
            v->b = true;
        } else if (!strcmp(text, "off") || !strcmp(text, "no") || !strcmp(text, "false")) {
            v->b = false;
        } else {
            error_setg(errp, "%s=%s: expects on or off", d->name, text);
            return false;
        }
        return true;
    case T_CHOICE: {
        g_autofree char *list = NULL;

        for (int i = 0; d->choices[i]; i++) {
            if (!g_ascii_strcasecmp(text, d->choices[i])) {
                v->choice = i;
                return true;
            }
        }
        list = choices_list(d->choices);
        error_setg(errp, "%s=%s: invalid value (valid: %s)", d->name, text, list);
        return false;
    }
    case T_INT:
        errno = 0;
        v->n = g_ascii_strtoull(text, &end, 0);
        if (!g_ascii_isdigit(*text) || errno || *end) {
            error_setg(errp, "%s=%s: expects a number", d->name, text);
            return false;
        }
        return true;
    case T_SIZE:
        if (!options_parse_size(text, 1, &v->n)) {
            error_setg(errp, "%s=%s: expects a size (a number with an optional k, M or G)",
                       d->name, text);
            return false;
        }
        return true;
    case T_STR:
    case T_OBJECT:
        return true;
    }
    return false;
}

/* The refusal the row declares for this value, if any. */
static bool refused(const MachPropDef *d, const MachPropValue *v, Error **errp)
{
    bool no;

    switch (d->type) {
    case T_BOOL:
        no = d->refuse & (v->b ? REFUSE_ON : REFUSE_OFF);
        break;
    case T_CHOICE:
        no = d->refuse & (1u << v->choice);
        break;
    default:
        no = d->refuse == REFUSE_ALL;
        break;
    }
    if (no) {
        error_setg(errp, "%s%s%s=%s: %s", d->name, v->sub ? "." : "", v->sub ? v->sub : "",
                   v->text, d->reason);
    }
    return no;
}

static void props_defaults(SpaprProps *p)
{
    memset(p, 0, sizeof(*p));
    p->cap_vsx = true;
    p->cap_fwnmi = true;
    p->cap_cfpc = SPAPR_CAP_FIXED;
    p->cap_sbbc = SPAPR_CAP_FIXED;
    p->cap_ibs = SPAPR_IBS_FIXED_NA;
    p->hpt_max_page_shift = 24;
    p->cpu_version = 0x0f000004;
    p->dt_compatible = g_strdup("qemu,pseries");
}

static bool apply_one(SpaprProps *p, const char *key, const char *text, int threads,
                      Error **errp)
{
    g_autofree char *name = g_strdup(key);
    char *dot = strchr(name, '.');
    MachPropValue v = { .text = text, .threads = threads };
    const MachPropDef *d;

    if (dot) {
        *dot = '\0';
        v.sub = dot + 1;
    }
    d = find_prop(name);
    if (!d || (v.sub && d->type != T_OBJECT)) {
        GString *all = g_string_new(NULL);

        for (size_t i = 0; i < G_N_ELEMENTS(props); i++) {
            g_string_append_printf(all, "%s%s", i ? ", " : "", props[i].name);
        }
        error_setg(errp, "unknown property '%s' (valid: %s)", key, all->str);
        g_string_free(all, TRUE);
        return false;
    }
    if (!*text) {
        error_setg(errp, "%s: needs a value", key);
        return false;
    }
    if (!parse_value(d, text, &v, errp) || refused(d, &v, errp)) {
        return false;
    }
    return d->set ? d->set(p, d, &v, errp) : true;
}

static int compare_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

bool spapr_props_parse(SpaprProps *p, GHashTable *given, int threads, Error **errp)
{
    g_autofree const char **keys = NULL;
    guint n;

    props_defaults(p);
    threads = threads > 1 ? threads : 1;
    if (!given) {
        return true;
    }
    /* In name order, so that the error for several bad properties is always the same one. */
    keys = (const char **)g_hash_table_get_keys_as_array(given, &n);
    qsort(keys, n, sizeof(*keys), compare_keys);
    for (guint i = 0; i < n; i++) {
        const char *key = keys[i];

        if (!apply_one(p, key, g_hash_table_lookup(given, key), threads, errp)) {
            error_prepend(errp, "-machine pseries: ");
            return false;
        }
    }
    return true;
}

void spapr_props_free(SpaprProps *p)
{
    g_free(p->dt_compatible);
    g_free(p->host_model);
    g_free(p->host_serial);
    g_free(p->kernel);
    g_free(p->initrd);
    g_free(p->append);
    g_free(p->firmware);
    g_free(p->dumpdtb);
    g_free(p->nvram);
    memset(p, 0, sizeof(*p));
}

void spapr_props_help(GString *out)
{
    g_string_append(out, "pseries-7.2-machine options:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(props); i++) {
        const MachPropDef *d = &props[i];
        g_autofree char *lhs = g_strdup_printf("%s=<%s>", d->name, type_names[d->type]);

        g_string_append_printf(out, "  %-22s - %s", lhs, d->what);
        /* The valid values, unless QEMU's description already lists them. */
        if (d->type == T_CHOICE && !strstr(d->what, d->choices[1])) {
            g_autofree char *list = choices_list(d->choices);
            g_string_append_printf(out, " [%s]", list);
        }
        if (d->def) {
            g_string_append_printf(out, " (default: %s)", d->def);
        }
        g_string_append_printf(out, "; here: %s\n", d->here);
    }
}
