/*
 * The POWER side of the engine (tcg/tcg.h TCGTarget): the block key from
 * the MSR, instruction-fetch translation, and decoding a run of guest words
 * into pre-decoded ops. A block stops after a branch or a mode change
 * (INSN_END), at the end of the 4 KiB page, or at TB_MAX_OPS; with native
 * code, it goes on past one conditional branch, and further while a forward
 * branch's target is ahead (see continues_past).
 */
#include <string.h>

#include "core/log.h"
#include "core/timer.h"
#include "ppc/disas.h"
#include "ppc/jit-ppc.h"
#include "ppc/insn.h"
#include "ppc/mmu.h"

/* MSR bits that change how code is fetched or decoded, folded into 32 bits. */
static uint32_t ppc_tb_flags(CPUState *cs)
{
    uint64_t msr = POWERPC_CPU(cs)->msr;
    /* DR too: native code inlines the data TLB of its mode. */
    return (uint32_t)(msr & (MSR_LE | MSR_IR | MSR_DR | MSR_PR)) | ((msr & MSR_SF) ? FLAG_SF : 0);
}

/* The RAM the engine watches for code; it sits at physical address 0. */
static MemoryRegion *engine_ram;

/* Block lookups after a lookup-cache miss: the fetch TLB spares most of them a walk. */
static uint64_t ppc_code_phys(CPUState *cs, uint64_t pc)
{
    PowerPCCPU *cpu = POWERPC_CPU(cs);
    uint8_t *host = ppc_tlb_hit(cpu, pc, 4, ACCESS_EXEC);

    if (host && engine_ram && host >= engine_ram->ram && host < engine_ram->ram + engine_ram->size) {
        return (uint64_t)(host - engine_ram->ram);
    }
    return ppc_translate_fetch(cpu, pc);
}

/*
 * A conditional relative branch without LK (bc) need not end the block:
 * the handler returns non-zero when it is taken, which leaves the block,
 * and native code (ppc/jit-ppc.c) leaves there through a chained exit while
 * the fall-through goes on with the guest registers still in host
 * registers. One per block: a block has two chainable exits. Not when
 * icount charges the virtual clock per block (an early exit would charge
 * instructions that did not run) nor for the interpreter alone, which
 * gains nothing by it.
 *
 * Beyond that one, the block goes on while a forward target of one of its
 * bcs or bs (LK = 0; FWD_REACH words from the branch at most) is ahead:
 * past further bcs and past an unconditional b or blr. gcc puts the rarer
 * arm of a loop's if after the loop's return, ending with its own branch
 * back, and ends an if's then-arm with a b over the else-arm; taken in,
 * both arms run inside one block (native code jumps forward to an arm and
 * back to the loop head) instead of leaving it every other turn. The
 * interpreter leaves at every taken branch, so the words after an
 * unconditional one run only through such a jump.
 */
#define FWD_REACH 16

static bool jit_blocks_go_on(void)
{
    return tcg_jit_enabled() && !clock_icount_enabled();
}

static bool continues_past(const PPCInsnDef *def, uint32_t w, int *mid_branches)
{
    if (!def || def->fn != op_bc || (F_BO(w) & 0x14) == 0x14 || *mid_branches >= 1 ||
        !jit_blocks_go_on()) {
        return false;
    }
    ++*mid_branches;
    return true;
}

/* A branch the block goes on past while a forward target is ahead (see above). */
static bool passable_branch(const PPCInsnDef *def, uint32_t w)
{
    return def && (def->fn == op_bc || def->fn == op_b ||
                   (def->fn == op_bclr && (F_BO(w) & 0x14) == 0x14));
}

/* A bc's or b's target within FWD_REACH words ahead of it (as native code computes it), or 0. */
static uint64_t forward_target_of(const PPCInsnDef *def, uint32_t w, uint64_t pc, bool sf)
{
    int64_t d;

    if (def->fn == op_bc) {
        d = (int16_t)(w & 0xfffc);
    } else if (def->fn == op_b) {
        d = (int32_t)(w << 6) >> 6 & ~3;
    } else {
        return 0;
    }
    uint64_t t = ((w & 2) ? 0 : pc) + (uint64_t)d;
    t = sf ? t : (uint32_t)t;
    return t > pc && t - pc <= 4ull * FWD_REACH ? t : 0;
}

static void ppc_translate_block(CPUState *cs, TranslationBlock *tb)
{
    PowerPCCPU *cpu = POWERPC_CPU(cs);
    const uint8_t *page = address_space_ram_ptr(cs->as, tb->phys_pc & ~0xfffull, 0x1000);
    unsigned off = tb->phys_pc & 0xfff;
    bool le = tb->flags & MSR_LE;
    uint32_t n = 0;
    int mid_branches = 0;
    uint64_t fwd = 0;       /* the farthest forward target so far, or 0 */
    const bool sf = tb->flags & FLAG_SF;

    if (!page) {
        /* Executing from something that is not RAM: a machine check, as hardware. */
        log_mask(LOG_GUEST_ERROR, "cpu %d: instruction fetch from non-RAM %016" PRIx64 "\n",
                 cs->index, tb->phys_pc);
        ppc_raise(cpu, EXCP_MACHINE_CHECK, 0);
    }
    while (n < TB_MAX_OPS && off < 0x1000) {
        uint32_t w;
        guest_ram_load(&w, page + off, 4);
        if (!le) {
            w = __builtin_bswap32(w);
        }
        const PPCInsnDef *def = ppc_decode(w);
        tb->ops[n].fn = def ? def->fn : op_illegal;
        tb->ops[n].insn = w;
        uint64_t pc = tb->pc + 4ull * n;
        n++;
        off += 4;
        if (def && jit_blocks_go_on()) {
            fwd = MAX(fwd, forward_target_of(def, w, pc, sf));
        }
        tb->chain_fallthrough = def && !(def->flags & INSN_END);
        bool ahead = fwd > pc;
        if (!tb->chain_fallthrough && n < TB_MAX_OPS && off < 0x1000 &&
            (continues_past(def, w, &mid_branches) || (ahead && passable_branch(def, w)))) {
            continue;
        }
        if (!tb->chain_fallthrough) {
            break;
        }
    }
    tb->n_ops = n;
}

static bool ppc_exec_interrupt(CPUState *cs)
{
    return ppc_check_interrupts(POWERPC_CPU(cs));
}

static bool ppc_has_work(CPUState *cs)
{
    return ppc_cpu_has_work(POWERPC_CPU(cs));
}

static void ppc_log_block(CPUState *cs, const TranslationBlock *tb)
{
    GString *s = g_string_new(NULL);

    g_string_append_printf(s, "IN: cpu %d [%016" PRIx64 "] phys %016" PRIx64 " %s\n", cs->index,
                           tb->pc, tb->phys_pc, (tb->flags & MSR_LE) ? "LE" : "BE");
    for (uint32_t i = 0; i < tb->n_ops; i++) {
        g_string_append_printf(s, "0x%016" PRIx64 ":  %08x  ", tb->pc + 4 * i, tb->ops[i].insn);
        ppc_disas_insn(tb->ops[i].insn, tb->pc + 4 * i, s);
        g_string_append_c(s, '\n');
    }
    log_printf("%s\n", s->str);
    g_string_free(s, TRUE);
}

static void ppc_log_state(CPUState *cs)
{
    GString *s = g_string_new(NULL);

    cs->ops->dump_state(cs, s);
    log_printf("%s", s->str);
    g_string_free(s, TRUE);
}

static const TCGTarget ppc_tcg_target = {
    .tb_flags = ppc_tb_flags,
    .code_phys = ppc_code_phys,
    .translate = ppc_translate_block,
    .exec_interrupt = ppc_exec_interrupt,
    .has_work = ppc_has_work,
    .code_page_added = ppc_tlb_protect_code_page,
    .log_block = ppc_log_block,
    .log_state = ppc_log_state,
    .jit_insn = ppc_jit_insn,
    .jit_cold = ppc_jit_cold,
};

bool ppc_engine_init(MemoryRegion *ram, Error **errp)
{
    char *err = NULL;

    if (!ppc_decode_init(&err)) {
        error_setg(errp, "instruction decoder: %s", err);
        g_free(err);
        return false;
    }
    engine_ram = ram;
    tcg_init(&ppc_tcg_target, ram);
    return true;
}
