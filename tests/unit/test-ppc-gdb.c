/*
 * The POWER side of the debugger: gdb's register numbering and target
 * description (as gdb's rs6000 features define them), register byte order,
 * watchpoints stopping real loads and stores in the MMU slow path, and the
 * HPT mappings `info tlb` lists, checked against the MMU's own walk.
 */
#include <glib.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ppc-test-cpu.h"
#include "ppc/gdb.h"
#include "ppc/mmu-hash.h"
#include "ppc/mmu.h"
#include "ppc/spapr/spapr_hpt.h"

static void test_set_pc(CPUState *cs, uint64_t pc)
{
    cs->pc = pc;
}

static void test_tlb_flush(CPUState *cs)
{
    ppc_tlb_flush(POWERPC_CPU(cs));
}

static const CPUOps test_ops = {
    .set_pc = test_set_pc,
    .tlb_flush = test_tlb_flush,
    .gdb_num_regs = PPC_GDB_NUM_REGS,
    .gdb_target_xml = ppc_gdb_target_xml,
    .gdb_read_register = ppc_gdb_read_register,
    .gdb_write_register = ppc_gdb_write_register,
};

static PowerPCCPU *new_cpu(void)
{
    PowerPCCPU *cpu = fake_cpu_new();
    cpu->cs.ops = &test_ops;
    cpu->cs.breakpoints = g_array_new(FALSE, FALSE, sizeof(uint64_t));
    cpu->cs.watchpoints = g_array_new(FALSE, FALSE, sizeof(CPUWatchpoint));
    return cpu;
}

static void free_cpu(PowerPCCPU *cpu)
{
    g_array_free(cpu->cs.breakpoints, TRUE);
    g_array_free(cpu->cs.watchpoints, TRUE);
    fake_cpu_free(cpu);
}

/* ---- The target description, read as gdb reads it ---- */

typedef struct XmlRegs {
    GHashTable *regnum;     /* name -> regnum + 1 */
    GHashTable *bits;       /* name -> bitsize */
    GString *features, *arch, *text;
    int next;
    int count;
} XmlRegs;

static void xml_start(GMarkupParseContext *ctx, const char *el, const char **names,
                      const char **values, gpointer data, GError **err)
{
    XmlRegs *x = data;
    if (strcmp(el, "feature") == 0) {
        for (int i = 0; names[i]; i++) {
            if (strcmp(names[i], "name") == 0) {
                g_string_append_printf(x->features, "%s;", values[i]);
            }
        }
    }
    if (strcmp(el, "reg") != 0) {
        return;
    }
    const char *name = NULL;
    int bits = 0;
    for (int i = 0; names[i]; i++) {
        if (strcmp(names[i], "name") == 0) {
            name = values[i];
        } else if (strcmp(names[i], "bitsize") == 0) {
            bits = atoi(values[i]);
        } else if (strcmp(names[i], "regnum") == 0) {
            x->next = atoi(values[i]);  /* numbering continues from an explicit regnum */
        }
    }
    g_assert_nonnull(name);
    g_assert_false(g_hash_table_contains(x->regnum, name));
    g_hash_table_insert(x->regnum, g_strdup(name), GINT_TO_POINTER(x->next + 1));
    g_hash_table_insert(x->bits, g_strdup(name), GINT_TO_POINTER(bits));
    x->next++;
    x->count++;
}

static void xml_text(GMarkupParseContext *ctx, const char *text, gsize len, gpointer data, GError **err)
{
    XmlRegs *x = data;
    if (g_strcmp0(g_markup_parse_context_get_element(ctx), "architecture") == 0) {
        g_string_append_len(x->arch, text, (gssize)len);
    }
}

static int regnum(XmlRegs *x, const char *name)
{
    return GPOINTER_TO_INT(g_hash_table_lookup(x->regnum, name)) - 1;
}

static int bits(XmlRegs *x, const char *name)
{
    return GPOINTER_TO_INT(g_hash_table_lookup(x->bits, name));
}

static void test_target_xml(void)
{
    const char *xml = ppc_gdb_target_xml("target.xml");
    XmlRegs x = {
        .regnum = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .bits = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL),
        .features = g_string_new(NULL), .arch = g_string_new(NULL),
    };
    GMarkupParser parser = { .start_element = xml_start, .text = xml_text };
    GMarkupParseContext *ctx = g_markup_parse_context_new(&parser, 0, &x, NULL);
    GError *err = NULL;
    char name[16];

    g_assert_null(ppc_gdb_target_xml("other.xml"));
    g_assert_nonnull(xml);
    /* GMarkup does not take the DOCTYPE line; gdb does. Parse from <target>. */
    const char *target = strstr(xml, "<target");
    g_assert_nonnull(target);
    g_assert_true(g_markup_parse_context_parse(ctx, target, -1, &err));
    g_assert_true(g_markup_parse_context_end_parse(ctx, &err));

    g_assert_cmpstr(x.arch->str, ==, "powerpc:common64");
    g_assert_cmpstr(x.features->str, ==, "org.gnu.gdb.power.core;org.gnu.gdb.power.fpu;"
                    "org.gnu.gdb.power.altivec;org.gnu.gdb.power.vsx;");
    g_assert_cmpint(x.count, ==, 137);
    /* gdb's numbering for powerpc:common64 with VSX (rs6000 powerpc-vsx64). */
    for (int i = 0; i < 32; i++) {
        snprintf(name, sizeof(name), "r%d", i);
        g_assert_cmpint(regnum(&x, name), ==, i);
        g_assert_cmpint(bits(&x, name), ==, 64);
        snprintf(name, sizeof(name), "f%d", i);
        g_assert_cmpint(regnum(&x, name), ==, 32 + i);
        g_assert_cmpint(bits(&x, name), ==, 64);
        snprintf(name, sizeof(name), "vr%d", i);
        g_assert_cmpint(regnum(&x, name), ==, 71 + i);
        g_assert_cmpint(bits(&x, name), ==, 128);
        snprintf(name, sizeof(name), "vs%dh", i);
        g_assert_cmpint(regnum(&x, name), ==, 105 + i);
        g_assert_cmpint(bits(&x, name), ==, 64);
    }
    static const struct { const char *name; int num, bits; } special[] = {
        { "pc", 64, 64 }, { "msr", 65, 64 }, { "cr", 66, 32 }, { "lr", 67, 64 },
        { "ctr", 68, 64 }, { "xer", 69, 32 }, { "fpscr", 70, 64 }, { "vscr", 103, 32 },
        { "vrsave", 104, 32 },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(special); i++) {
        g_assert_cmpint(regnum(&x, special[i].name), ==, special[i].num);
        g_assert_cmpint(bits(&x, special[i].name), ==, special[i].bits);
    }

    /* The raw accessors agree with the description on every register's size. */
    PowerPCCPU *cpu = new_cpu();
    GHashTableIter it;
    gpointer key, val;
    g_hash_table_iter_init(&it, x.regnum);
    while (g_hash_table_iter_next(&it, &key, &val)) {
        GByteArray *b = g_byte_array_new();
        int n = GPOINTER_TO_INT(val) - 1;
        g_assert_cmpint(ppc_gdb_read_register(&cpu->cs, b, n), ==, bits(&x, key) / 8);
        g_assert_cmpuint(b->len, ==, (guint)bits(&x, key) / 8);
        g_byte_array_free(b, TRUE);
    }
    GByteArray *b = g_byte_array_new();
    g_assert_cmpint(ppc_gdb_read_register(&cpu->cs, b, 137), ==, 0);
    g_assert_cmpint(ppc_gdb_read_register(&cpu->cs, b, -1), ==, 0);
    g_assert_cmpint(ppc_gdb_write_register(&cpu->cs, (const uint8_t *)"12345678", 500), ==, 0);
    g_assert_cmpuint(b->len, ==, 0);
    g_byte_array_free(b, TRUE);
    free_cpu(cpu);

    g_markup_parse_context_free(ctx);
    g_hash_table_destroy(x.regnum);
    g_hash_table_destroy(x.bits);
    g_string_free(x.features, TRUE);
    g_string_free(x.arch, TRUE);
}

/* ---- Register values and byte order ---- */

static void read_reg(PowerPCCPU *cpu, int reg, uint8_t *out, int expect_size)
{
    GByteArray *b = g_byte_array_new();
    g_assert_cmpint(ppc_gdb_read_register(&cpu->cs, b, reg), ==, expect_size);
    memcpy(out, b->data, b->len);
    g_byte_array_free(b, TRUE);
}

static void test_register_values(void)
{
    PowerPCCPU *cpu = new_cpu();
    uint8_t v[16];
    static const uint8_t be8[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    static const uint8_t le8[8] = { 8, 7, 6, 5, 4, 3, 2, 1 };

    cpu->msr = MSR_SF;      /* big-endian */
    cpu->gpr[3] = 0x0102030405060708ull;
    read_reg(cpu, PPC_GDB_R0 + 3, v, 8);
    g_assert_cmpmem(v, 8, be8, 8);
    cpu->msr = MSR_SF | MSR_LE;
    read_reg(cpu, PPC_GDB_R0 + 3, v, 8);
    g_assert_cmpmem(v, 8, le8, 8);

    /* XER comes from its split-out flags: SO and CA set. */
    cpu->msr = MSR_SF;
    cpu->so = 1;
    cpu->ca = 1;
    cpu->xer = 0x05;
    read_reg(cpu, PPC_GDB_XER, v, 4);
    static const uint8_t xer[4] = { 0xa0, 0x00, 0x00, 0x05 };
    g_assert_cmpmem(v, 4, xer, 4);

    ppc_set_cr(cpu, 0x12345678);
    read_reg(cpu, PPC_GDB_CR, v, 4);
    static const uint8_t cr[4] = { 0x12, 0x34, 0x56, 0x78 };
    g_assert_cmpmem(v, 4, cr, 4);

    cpu->cs.pc = 0xc000000000001234ull;
    read_reg(cpu, PPC_GDB_PC, v, 8);
    static const uint8_t pc[8] = { 0xc0, 0, 0, 0, 0, 0, 0x12, 0x34 };
    g_assert_cmpmem(v, 8, pc, 8);

    /* FPR i is VSR i's first doubleword, vsNh its second. */
    VsrD(&cpu->vsr[5], 0) = 0x4000000000000000ull;     /* 2.0 */
    VsrD(&cpu->vsr[5], 1) = 0x1122334455667788ull;
    read_reg(cpu, PPC_GDB_F0 + 5, v, 8);
    static const uint8_t two[8] = { 0x40, 0, 0, 0, 0, 0, 0, 0 };
    g_assert_cmpmem(v, 8, two, 8);
    read_reg(cpu, PPC_GDB_VS0H + 5, v, 8);
    static const uint8_t vsh[8] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 };
    g_assert_cmpmem(v, 8, vsh, 8);

    /* A VR in big-endian mode: word element 0 first. */
    PPCVsr *vr = vr_ptr(cpu, 7);
    VsrW(vr, 0) = 0x00010203;
    VsrW(vr, 1) = 0x04050607;
    VsrW(vr, 2) = 0x08090a0b;
    VsrW(vr, 3) = 0x0c0d0e0f;
    read_reg(cpu, PPC_GDB_VR0 + 7, v, 16);
    for (int i = 0; i < 16; i++) {
        g_assert_cmpint(v[i], ==, i);
    }
    /* ...and in little-endian mode the 128-bit value least significant byte first. */
    cpu->msr |= MSR_LE;
    read_reg(cpu, PPC_GDB_VR0 + 7, v, 16);
    for (int i = 0; i < 16; i++) {
        g_assert_cmpint(v[i], ==, 15 - i);
    }

    /* Writes, in the current order. */
    static const uint8_t lr_le[8] = { 0x78, 0x56, 0x34, 0x12, 0, 0, 0, 0 };
    g_assert_cmpint(ppc_gdb_write_register(&cpu->cs, lr_le, PPC_GDB_LR), ==, 8);
    g_assert_cmphex(cpu->lr, ==, 0x12345678);
    cpu->msr &= ~MSR_LE;
    static const uint8_t pc_be[8] = { 0, 0, 0, 0, 0, 0, 0x01, 0x00 };
    g_assert_cmpint(ppc_gdb_write_register(&cpu->cs, pc_be, PPC_GDB_PC), ==, 8);
    g_assert_cmphex(cpu->cs.pc, ==, 0x100);
    g_assert_cmpint(ppc_gdb_write_register(&cpu->cs, xer, PPC_GDB_XER), ==, 4);
    g_assert_cmpint(cpu->so, ==, 1);
    g_assert_cmpint(cpu->ov, ==, 0);
    g_assert_cmpint(cpu->ca, ==, 1);
    static const uint8_t vrsave[4] = { 0xff, 0xff, 0x00, 0x01 };
    g_assert_cmpint(ppc_gdb_write_register(&cpu->cs, vrsave, PPC_GDB_VRSAVE), ==, 4);
    g_assert_cmphex(cpu->spr[SPR_VRSAVE], ==, 0xffff0001);
    /* Setting MSR[LE] through gdb switches the order for what follows. */
    static const uint8_t msr_be[8] = { 0x80, 0, 0, 0, 0, 0, 0, 0x01 };
    g_assert_cmpint(ppc_gdb_write_register(&cpu->cs, msr_be, PPC_GDB_MSR), ==, 8);
    g_assert_cmphex(cpu->msr, ==, MSR_SF | MSR_LE);
    free_cpu(cpu);
}

/* ---- Watchpoints on real loads and stores ---- */

#define STD_R4_0_R3 0xf8830000u     /* std r4,0(r3) */
#define LD_R5_0_R3  0xe8a30000u     /* ld r5,0(r3) */
#define STB_R4_7_R3 0x98830007u     /* stb r4,7(r3) */

static void test_watchpoint_trigger(void)
{
    PowerPCCPU *cpu = new_cpu();
    uint64_t word;

    cpu->gpr[3] = 0x2000;
    cpu->gpr[4] = 0x1122334455667788ull;
    /* A store before any watchpoint: done, and its page may now be in the TLB. */
    cpu->cs.pc = 0x1000;
    g_assert_cmpint(fake_exec(cpu, STD_R4_0_R3), !=, FAKE_RAISED);
    memcpy(&word, fake_ram + 0x2000, 8);
    g_assert_cmphex(word, ==, __builtin_bswap64(0x1122334455667788ull));

    g_assert_true(cpu_watchpoint_insert(&cpu->cs, 0x2004, 4, CPU_WATCH_WRITE));
    cpu->gpr[4] = 0xaaaaaaaaaaaaaaaaull;
    /* The store overlapping the watched range stops before it writes. */
    for (int round = 0; round < 2; round++) {
        cpu->cs.watch_hit_flags = 0;
        g_assert_cmpint(fake_exec(cpu, STD_R4_0_R3), ==, FAKE_RAISED);
        g_assert_cmpint(cpu->cs.watch_hit_flags, ==, CPU_WATCH_WRITE);
        g_assert_cmphex(cpu->cs.watch_hit_addr, ==, 0x2004);
        g_assert_cmphex(cpu->cs.pc, ==, 0x1000);
        memcpy(&word, fake_ram + 0x2000, 8);
        g_assert_cmphex(word, ==, __builtin_bswap64(0x1122334455667788ull));
    }
    /* An unwatched store to the same page completes, and leaves no fast way past the watch. */
    cpu->gpr[3] = 0x2100;
    cpu->cs.watch_hit_flags = 0;
    g_assert_cmpint(fake_exec(cpu, STD_R4_0_R3), !=, FAKE_RAISED);
    g_assert_cmpint(cpu->cs.watch_hit_flags, ==, 0);
    cpu->gpr[3] = 0x2000;
    g_assert_cmpint(fake_exec(cpu, STD_R4_0_R3), ==, FAKE_RAISED);
    cpu->cs.watch_hit_flags = 0;
    /* Loads pass a write watchpoint; a byte store inside it does not. */
    cpu->cs.watch_hit_flags = 0;
    g_assert_cmpint(fake_exec(cpu, LD_R5_0_R3), !=, FAKE_RAISED);
    g_assert_cmphex(cpu->gpr[5], ==, 0x1122334455667788ull);
    g_assert_cmpint(cpu->cs.watch_hit_flags, ==, 0);
    g_assert_cmpint(fake_exec(cpu, STB_R4_7_R3), ==, FAKE_RAISED);
    g_assert_cmphex(cpu->cs.watch_hit_addr, ==, 0x2007);

    /* A read watchpoint stops the load. */
    g_assert_true(cpu_watchpoint_insert(&cpu->cs, 0x2000, 1, CPU_WATCH_READ));
    cpu->cs.watch_hit_flags = 0;
    cpu->gpr[5] = 0;
    g_assert_cmpint(fake_exec(cpu, LD_R5_0_R3), ==, FAKE_RAISED);
    g_assert_cmpint(cpu->cs.watch_hit_flags, ==, CPU_WATCH_READ);
    g_assert_cmphex(cpu->gpr[5], ==, 0);

    /* Gone again: the store completes. */
    cpu_debug_points_clear(&cpu->cs);
    g_assert_cmpint(fake_exec(cpu, STD_R4_0_R3), !=, FAKE_RAISED);
    memcpy(&word, fake_ram + 0x2000, 8);
    g_assert_cmphex(word, ==, 0xaaaaaaaaaaaaaaaaull);
    free_cpu(cpu);
}

/* ---- The mappings `info tlb` lists ---- */

#define HPT_RAM (256ull << 20)

typedef struct Expected {
    uint64_t ea, pa;
    unsigned shift;
    bool found;
} Expected;

typedef struct Found {
    Expected *exp;
    int n_exp;
    int reported;
} Found;

static bool check_mapping(const PPCMapping *m, void *opaque)
{
    Found *f = opaque;
    f->reported++;
    for (int i = 0; i < f->n_exp; i++) {
        if (f->exp[i].ea == m->ea) {
            g_assert_false(f->exp[i].found);
            g_assert_cmphex(m->pa, ==, f->exp[i].pa);
            g_assert_cmpuint(m->shift, ==, f->exp[i].shift);
            f->exp[i].found = true;
            return true;
        }
    }
    g_error("unexpected mapping ea %016" PRIx64, m->ea);
    return false;
}

/* H_ENTER an HPTE for ea in the segment described by the SLB image, as the hash defines. */
static void enter(PPCHypervisor *hv, uint64_t slb_vsid, uint64_t ea, uint64_t pa, unsigned shift,
                  bool secondary)
{
    bool seg_1t = (slb_vsid & SLB_VSID_B) == SLB_VSID_B_1T;
    uint64_t vsid, ea_off, hash, v, r;
    unsigned base = (slb_vsid & SLB_VSID_L) ? 24 : 12;

    if (seg_1t) {
        vsid = (slb_vsid & 0x3fffffffffffffffull) >> 24;
        ea_off = ea & 0xffffffffffull;
        hash = vsid ^ (vsid << 25) ^ (ea_off >> base);
        v = slb_vsid & (SLB_VSID_B | 0x3fffffffff000000ull);
    } else {
        vsid = (slb_vsid & 0x3fffffffffffffffull) >> 12;
        ea_off = ea & 0x0fffffffull;
        hash = vsid ^ (ea_off >> base);
        v = slb_vsid & 0x3ffffffffffff000ull;
    }
    v |= (((ea_off & ~((1ull << shift) - 1)) >> 16) & HPTE_V_AVPN) | HPTE_V_VALID;
    if (shift == 24) {
        v |= HPTE_V_LARGE;
    }
    if (secondary) {
        v |= HPTE_V_SECONDARY;
        hash = ~hash;
    }
    r = pa | HPTE_R_M | 2;
    uint64_t args[4] = { 0, (hash & hv->htab_mask) * HPTES_PER_GROUP, v, r };
    g_assert_cmpint(spapr_h_enter(hv, args), ==, 0);
}

static void test_hpt_mappings(void)
{
    PowerPCCPU *cpu = new_cpu();
    PPCHypervisor *saved = cpu->vhyp, hv = { 0 };
    GRand *rng = g_rand_new_with_seed(7);
    Expected exp[64];
    int n = 0;

    g_assert_true(spapr_hpt_alloc(&hv, spapr_hpt_shift_for_ram(HPT_RAM), HPT_RAM));
    hv.rma_size = HPT_RAM;
    cpu->vhyp = &hv;
    cpu->msr = MSR_SF | MSR_DR | MSR_IR;

    /* Three segments: 256M/4K pages, 1T/4K pages, 256M/16M pages. */
    const uint64_t seg_ea[3] = { 0xc000000000000000ull, 0xd000010000000000ull, 0x0000000010000000ull };
    const uint64_t seg_vsid[3] = {
        (0x123456ull << 12),
        SLB_VSID_B_1T | (0x2345ull << 24),
        (0x777ull << 12) | SLB_VSID_L,
    };
    cpu->slb[0] = (PPCSlbEntry){ (seg_ea[0] & ~0x0fffffffull) | SLB_ESID_V, seg_vsid[0] };
    cpu->slb[3] = (PPCSlbEntry){ (seg_ea[1] & ~0xffffffffffull) | SLB_ESID_V, seg_vsid[1] };
    cpu->slb[9] = (PPCSlbEntry){ (seg_ea[2] & ~0x0fffffffull) | SLB_ESID_V, seg_vsid[2] };

    for (int s = 0; s < 3; s++) {
        unsigned shift = s == 2 ? 24 : 12;
        uint64_t span = s == 1 ? (1ull << 40) : (1ull << 28);
        for (int i = 0; i < 12; i++) {
            uint64_t off = ((uint64_t)g_rand_int(rng) << 32 | g_rand_int(rng)) & (span - 1) &
                           ~((1ull << shift) - 1);
            uint64_t pa = ((uint64_t)g_rand_int_range(rng, 0, (int)(HPT_RAM >> shift))) << shift;
            bool dup = false;
            for (int j = 0; j < n; j++) {
                dup |= exp[j].ea == seg_ea[s] + off;
            }
            if (dup) {
                continue;
            }
            enter(&hv, seg_vsid[s], seg_ea[s] + off, pa, shift, i % 3 == 2);
            exp[n++] = (Expected){ seg_ea[s] + off, pa, shift, false };
        }
    }
    /* An HPTE of a VSID no SLB entry names is not reachable. */
    enter(&hv, 0x999ull << 12, 0x5000, 0x5000, 12, false);

    Found f = { exp, n, 0 };
    ppc_hpt_foreach_mapping(cpu, check_mapping, &f);
    g_assert_cmpint(f.reported, ==, n);
    for (int i = 0; i < n; i++) {
        g_assert_true(exp[i].found);
        /* The MMU's own walk agrees. */
        uint64_t pa;
        uint64_t in_page = 0x123 & ((1ull << exp[i].shift) - 1);
        g_assert_true(ppc_translate_addr(cpu, exp[i].ea + in_page, ACCESS_READ, &pa, NULL));
        g_assert_cmphex(pa, ==, exp[i].pa + in_page);
    }

    /* Without the SLB entries nothing is reachable. */
    memset(cpu->slb, 0, sizeof(cpu->slb));
    f.reported = 0;
    ppc_hpt_foreach_mapping(cpu, check_mapping, &f);
    g_assert_cmpint(f.reported, ==, 0);

    cpu->vhyp = saved;
    spapr_hpt_free(&hv);
    g_rand_free(rng);
    free_cpu(cpu);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ppc-gdb/target-xml", test_target_xml);
    g_test_add_func("/ppc-gdb/register-values", test_register_values);
    g_test_add_func("/ppc-gdb/watchpoint-trigger", test_watchpoint_trigger);
    g_test_add_func("/ppc-gdb/hpt-mappings", test_hpt_mappings);
    return g_test_run();
}
