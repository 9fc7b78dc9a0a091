/*
 * gdb's view of the POWER registers. Numbers, names and sizes follow gdb's
 * rs6000 target descriptions for a 64-bit VSX CPU: r0-r31, f0-f31, then
 * pc msr cr lr ctr xer, fpscr, vr0-vr31 vscr vrsave, vs0h-vs31h (the second
 * doublewords of VSR 0-31, whose first doublewords are the FPRs). We send a
 * 64-bit FPSCR, as gdb's ISA 2.05 descriptions do.
 *
 * gdb has no way to ask a remote target its byte order: it takes it from the
 * ELF file or `set endian`. Values go out in the order the guest runs in now
 * (MSR[LE]), so a little-endian kernel reads right with `set endian little`
 * (or its vmlinux loaded), and big-endian firmware with `set endian big`.
 */
#include "ppc/gdb.h"

#include <string.h>

#include "ppc/cpu.h"

static const char *target_xml(void)
{
    static char *xml;
    GString *s;

    if (xml) {
        return xml;
    }
    s = g_string_new("<?xml version=\"1.0\"?>\n"
                     "<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n"
                     "<target version=\"1.0\">\n"
                     "<architecture>powerpc:common64</architecture>\n"
                     "<feature name=\"org.gnu.gdb.power.core\">\n");
    for (int i = 0; i < 32; i++) {
        g_string_append_printf(s, "<reg name=\"r%d\" bitsize=\"64\" type=\"uint64\" regnum=\"%d\"/>\n",
                               i, PPC_GDB_R0 + i);
    }
    g_string_append_printf(s,
        "<reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\" regnum=\"%d\"/>\n"
        "<reg name=\"msr\" bitsize=\"64\" type=\"uint64\"/>\n"
        "<reg name=\"cr\" bitsize=\"32\" type=\"uint32\"/>\n"
        "<reg name=\"lr\" bitsize=\"64\" type=\"code_ptr\"/>\n"
        "<reg name=\"ctr\" bitsize=\"64\" type=\"uint64\"/>\n"
        "<reg name=\"xer\" bitsize=\"32\" type=\"uint32\"/>\n"
        "</feature>\n<feature name=\"org.gnu.gdb.power.fpu\">\n", PPC_GDB_PC);
    for (int i = 0; i < 32; i++) {
        g_string_append_printf(s, "<reg name=\"f%d\" bitsize=\"64\" type=\"ieee_double\" regnum=\"%d\"/>\n",
                               i, PPC_GDB_F0 + i);
    }
    g_string_append_printf(s,
        "<reg name=\"fpscr\" bitsize=\"64\" group=\"float\" regnum=\"%d\"/>\n"
        "</feature>\n<feature name=\"org.gnu.gdb.power.altivec\">\n"
        "<vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
        "<vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n"
        "<vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n"
        "<vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n"
        "<union id=\"vec128\">\n"
        "<field name=\"uint128\" type=\"uint128\"/>\n"
        "<field name=\"v4_float\" type=\"v4f\"/>\n"
        "<field name=\"v4_int32\" type=\"v4i32\"/>\n"
        "<field name=\"v8_int16\" type=\"v8i16\"/>\n"
        "<field name=\"v16_int8\" type=\"v16i8\"/>\n"
        "</union>\n", PPC_GDB_FPSCR);
    for (int i = 0; i < 32; i++) {
        g_string_append_printf(s, "<reg name=\"vr%d\" bitsize=\"128\" type=\"vec128\" regnum=\"%d\"/>\n",
                               i, PPC_GDB_VR0 + i);
    }
    g_string_append(s, "<reg name=\"vscr\" bitsize=\"32\" type=\"int\" group=\"vector\"/>\n"
                       "<reg name=\"vrsave\" bitsize=\"32\" type=\"int\" group=\"vector\"/>\n"
                       "</feature>\n<feature name=\"org.gnu.gdb.power.vsx\">\n");
    for (int i = 0; i < 32; i++) {
        g_string_append_printf(s, "<reg name=\"vs%dh\" bitsize=\"64\" type=\"uint64\" regnum=\"%d\"/>\n",
                               i, PPC_GDB_VS0H + i);
    }
    g_string_append(s, "</feature>\n</target>\n");
    xml = g_string_free(s, FALSE);
    return xml;
}

const char *ppc_gdb_target_xml(const char *annex)
{
    return strcmp(annex, "target.xml") == 0 ? target_xml() : NULL;
}

/* Host (little-endian) value bytes <-> target order. */
static void put_value(PowerPCCPU *cpu, GByteArray *buf, const void *host, int size)
{
    uint8_t tmp[16];

    memcpy(tmp, host, (size_t)size);
    if (!(cpu->msr & MSR_LE)) {
        for (int i = 0; i < size / 2; i++) {
            uint8_t t = tmp[i];
            tmp[i] = tmp[size - 1 - i];
            tmp[size - 1 - i] = t;
        }
    }
    g_byte_array_append(buf, tmp, (guint)size);
}

static void get_value(PowerPCCPU *cpu, const uint8_t *buf, void *host, int size)
{
    uint8_t *h = host;

    for (int i = 0; i < size; i++) {
        h[i] = (cpu->msr & MSR_LE) ? buf[i] : buf[size - 1 - i];
    }
}

/* Where register reg lives and how wide it is; the special ones return NULL. */
static void *reg_location(PowerPCCPU *cpu, int reg, int *size)
{
    if (reg >= PPC_GDB_R0 && reg < PPC_GDB_R0 + 32) {
        *size = 8;
        return &cpu->gpr[reg - PPC_GDB_R0];
    }
    if (reg >= PPC_GDB_F0 && reg < PPC_GDB_F0 + 32) {
        *size = 8;
        return fpr_ptr(cpu, reg - PPC_GDB_F0);
    }
    if (reg >= PPC_GDB_VR0 && reg < PPC_GDB_VR0 + 32) {
        *size = 16;
        return vr_ptr(cpu, reg - PPC_GDB_VR0);
    }
    if (reg >= PPC_GDB_VS0H && reg < PPC_GDB_VS0H + 32) {
        *size = 8;
        return &VsrD(&cpu->vsr[reg - PPC_GDB_VS0H], 1);
    }
    switch (reg) {
    case PPC_GDB_PC: case PPC_GDB_MSR: case PPC_GDB_XER: case PPC_GDB_CR:
        *size = reg == PPC_GDB_XER || reg == PPC_GDB_CR ? 4 : 8;
        return NULL;
    case PPC_GDB_LR:
        *size = 8;
        return &cpu->lr;
    case PPC_GDB_CTR:
        *size = 8;
        return &cpu->ctr;
    case PPC_GDB_FPSCR:
        *size = 8;
        return &cpu->fpscr;
    case PPC_GDB_VSCR:
        *size = 4;
        return &cpu->vscr;
    case PPC_GDB_VRSAVE:
        *size = 4;
        return NULL;
    default:
        *size = 0;
        return NULL;
    }
}

int ppc_gdb_read_register(CPUState *cs, GByteArray *buf, int reg)
{
    PowerPCCPU *cpu = POWERPC_CPU(cs);
    int size;
    void *p = reg_location(cpu, reg, &size);
    uint64_t v;

    if (!size) {
        return 0;
    }
    if (!p) {
        switch (reg) {
        case PPC_GDB_PC: v = cs->pc; break;
        case PPC_GDB_MSR: v = cpu->msr; break;
        case PPC_GDB_XER: v = ppc_get_xer(cpu); break;
        case PPC_GDB_CR: v = ppc_get_cr(cpu); break;
        default: v = cpu->spr[SPR_VRSAVE]; break;
        }
        p = &v;     /* little-endian host: the low `size` bytes are the value */
    }
    put_value(cpu, buf, p, size);
    return size;
}

int ppc_gdb_write_register(CPUState *cs, const uint8_t *buf, int reg)
{
    PowerPCCPU *cpu = POWERPC_CPU(cs);
    int size;
    void *p = reg_location(cpu, reg, &size);
    uint64_t v = 0;

    if (!size) {
        return 0;
    }
    /* Decode in the byte order of the state before the write (an MSR[LE] change applies after). */
    get_value(cpu, buf, p ? p : &v, size);
    switch (reg) {
    case PPC_GDB_PC:
        cs->ops->set_pc(cs, v);
        break;
    case PPC_GDB_MSR:
        ppc_store_msr(cpu, v);
        break;
    case PPC_GDB_XER:
        ppc_set_xer(cpu, v);
        break;
    case PPC_GDB_CR:
        ppc_set_cr(cpu, (uint32_t)v);
        break;
    case PPC_GDB_VRSAVE:
        cpu->spr[SPR_VRSAVE] = (uint32_t)v;
        break;
    default:
        break;
    }
    return size;
}
