/*
 * Inline x86-64 code for the hottest POWER instructions (TCGTarget.jit_insn;
 * the emitter is tcg/jit.h). Each inline form computes exactly what its
 * handler in ppc/insn-*.c computes (Power ISA 2.07B Book I 2.4, 3.3) on the
 * PowerPCCPU fields; everything else, and every rarely used variant (OE=1,
 * rlwinm masks that wrap, ...), is a call of the handler, so the semantics
 * stay in one place. Loads and stores inline the software TLB hit of
 * ppc/mmu.h and call the handler (the slow path) on a miss, with CIA set, so
 * an exception leaves the state exactly as the interpreter does.
 *
 * The block's flags fix MSR[SF], MSR[LE], MSR[DR] and MSR[PR] (ppc_tb_flags),
 * so 32-bit masking, byte order and the TLB mode are decided here.
 */
#include "ppc/jit-ppc.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ppc/fpu.h"
#include "ppc/insn.h"

#ifdef __x86_64__

#include "tcg/jit.h"

#define OFF(f) ((int32_t)offsetof(PowerPCCPU, f))

_Static_assert(sizeof(PPCTlbEntry) == 32, "the inline TLB lookup scales the index by 32");

typedef struct Insn {
    JitEmitter *e;
    const TranslationBlock *tb;
    uint64_t pc;
    uint32_t insn;
    TBOpFn fn;
    bool sf, le;
} Insn;

static inline int32_t gpr(int n)
{
    return OFF(gpr) + 8 * n;
}

/*
 * Guest registers in host registers within a block: a value is loaded into
 * a host register on first use and stays there, a result is written to one
 * and goes back to PowerPCCPU only when the register is needed for another
 * value, before anything that leaves inline code (a handler call, a
 * load/store slow path, a block exit), and at the end of the block. So a
 * handler, an exception (which longjmps out of a call) or the next block
 * always finds the architected state in memory. Code on one side of a
 * runtime branch (slow paths) never changes the mapping: it reads and
 * writes PowerPCCPU directly, after a write-back.
 * rbp and r12-r14 survive calls; r8-r11 and rdi (which the engine's call
 * sequences load with the CPUState) are forgotten after a slow path.
 *
 * The cached registers are numbered: 0-31 the GPRs, then the eight CR
 * fields (32-bit words, the field in the low 4 bits, the rest zero), CTR,
 * LR and XER[CA] (a byte, 0 or 1: a carry chain such as subfc; subfe reads
 * it from the register, not through a byte store and a wider reload, which
 * the host cannot forward).
 */
static const int cache_reg[] = { X_R12, X_R13, X_R14, X_RBP, X_R8, X_R9, X_R10, X_R11, X_RDI };
enum { N_CACHE = 9, N_CALLEE_SAVED = 4 };
enum { RC_CRF = 32, RC_CTR = 40, RC_LR = 41, RC_CA = 42, RC_N = 43 };

/* Where cached register n lives in PowerPCCPU, and its size in bytes. */
static int32_t rc_off(int n)
{
    if (n < 32) {
        return gpr(n);
    }
    if (n < RC_CTR) {
        return OFF(crf) + 4 * (n - RC_CRF);
    }
    return n == RC_CTR ? OFF(ctr) : n == RC_LR ? OFF(lr) : OFF(ca);
}

static int rc_size(int n)
{
    return n < RC_CRF || n == RC_CTR || n == RC_LR ? 8 : n == RC_CA ? 1 : 4;
}

static void rc_store(JitEmitter *e, int n, int r)
{
    if (rc_size(n) == 1) {
        if (r >= 4 && r < 8) {
            x_b(e, 0x40);           /* REX: the low byte of rbp, not ch */
        }
        x_op_mem(e, false, 0x88, r, rc_off(n));
    } else {
        x_op_mem(e, rc_size(n) == 8, 0x89, r, rc_off(n));
    }
}

static void rc_load(JitEmitter *e, int n, int r)
{
    if (rc_size(n) == 1) {
        x_op_mem(e, false, 0x0fb6, r, rc_off(n));      /* movzx r32, byte */
    } else {
        x_op_mem(e, rc_size(n) == 8, 0x8b, r, rc_off(n));
    }
}

typedef struct RegCache {
    int8_t slot_of[RC_N];       /* cached register -> slot, or -1 */
    int8_t gpr_of[N_CACHE];     /* slot -> cached register, or -1 */
    bool dirty[N_CACHE];
    uint32_t used[N_CACHE];     /* for least-recently-used eviction */
    uint32_t clock;
} RegCache;

/* One block is generated at a time per thread. */
static _Thread_local RegCache rc;

/*
 * Loops. A block with a conditional branch back to its own start (bdnz, or
 * a bc on a compare: the hot loops of copies, sums and searches) keeps guest
 * values in host registers from one turn to the next instead of storing
 * them at the branch and loading them again after it. A dry run of the
 * loop's emitters (plan_pins) counts each cached register's uses and sees
 * whether the loop reads it before writing it; those it reads, then the
 * most used, are pinned to slots (call-saved ones first): loaded before the
 * loop head, never evicted (a call that forgets one leaves its slot empty,
 * refilled on the next use and before the jump back), and stored when the
 * loop is left. Registers are pinned in that order while every
 * instruction's unpinned operands still fit in the unpinned slots: an
 * instruction's operands never evict each other.
 */
static _Thread_local int8_t pin_slot[RC_N];     /* cached register -> its pinned slot, or -1 */
static _Thread_local int8_t slot_pin[N_CACHE];  /* slot -> the register pinned to it, or -1 */
static _Thread_local uint8_t *loop_head;        /* where the jump back goes, or NULL */
/*
 * A loop may have several branches back (see ppc/translate.c: an if's arm
 * after the loop's return has its own): the first emits the checks and the
 * jump back, the others jump to them.
 */
static _Thread_local uint8_t *loop_back;        /* the first one's checks, or NULL */
static _Thread_local uint32_t loop_back_run;    /* the instructions they charge */

/*
 * A bc or b inside the block whose target is a later instruction of the
 * block (the skip over an if's body, the then-arm's jump over the else-arm)
 * jumps there instead of leaving the block: both sides meet in the state
 * every jump inside a block lands in (rc_canonical). The first
 * FWD_TARGETS_MAX targets the block's branches name, FWD_JUMPS_MAX jumps;
 * other branches leave the block.
 */
#define FWD_TARGETS_MAX 4
#define FWD_JUMPS_MAX 8
static _Thread_local int fwd_at[FWD_TARGETS_MAX];       /* the instructions jumped to */
static _Thread_local int n_fwd_at;
static _Thread_local struct {
    uint8_t *rel;               /* the jump's rel32, until bound */
    int to;                     /* its instruction */
} fwd_jump[FWD_JUMPS_MAX];
static _Thread_local int n_fwd_jumps;

/* Whether instruction i is jumped to (a run of accesses must not go past its start). */
static bool is_fwd_target(int i)
{
    for (int k = 0; k < n_fwd_at; k++) {
        if (fwd_at[k] == i) {
            return true;
        }
    }
    return false;
}

/*
 * After an unconditional branch that is not the block's last instruction,
 * the instructions up to the next one jumped to run only through those
 * jumps: they get no code.
 */
static _Thread_local bool unreachable;

/*
 * The state at a jump inside the block and where it lands: the pinned
 * registers in their slots (reloaded if a call forgot them), counted as
 * changed; nothing else cached (stored if changed).
 */
static void rc_canonical(JitEmitter *e);

/* What plan_pins' dry run saw. */
typedef struct LoopUse {
    uint32_t uses[RC_N];        /* rc_slot_for calls per register */
    bool seen[RC_N];
    bool read_first[RC_N];      /* live into a turn: the first use reads it */
    uint64_t insn_regs;         /* registers the current instruction asked for */
} LoopUse;
static _Thread_local bool planning;             /* in plan_pins' dry run */
static _Thread_local LoopUse lu;
static _Thread_local uint64_t op_regs[TB_MAX_OPS];  /* the registers each instruction asked for */

static void pins_clear(void)
{
    memset(pin_slot, -1, sizeof(pin_slot));
    memset(slot_pin, -1, sizeof(slot_pin));
    loop_head = NULL;
    loop_back = NULL;
}

static void rc_reset(void)
{
    memset(rc.slot_of, -1, sizeof(rc.slot_of));
    memset(rc.gpr_of, -1, sizeof(rc.gpr_of));
    memset(rc.dirty, 0, sizeof(rc.dirty));
}

/*
 * Every changed value back to memory, on one side of a runtime branch that
 * leaves the block: the other side goes on with them still changed.
 */
static void rc_store_dirty(JitEmitter *e)
{
    for (int k = 0; k < N_CACHE; k++) {
        if (rc.dirty[k]) {
            rc_store(e, rc.gpr_of[k], cache_reg[k]);
        }
    }
}

/* Every changed value back to memory; the mapping stays (clean). */
static void rc_writeback(JitEmitter *e)
{
    for (int k = 0; k < N_CACHE; k++) {
        if (rc.dirty[k]) {
            rc_store(e, rc.gpr_of[k], cache_reg[k]);
            rc.dirty[k] = false;
        }
    }
}

static void rc_unmap(int k)
{
    if (rc.gpr_of[k] >= 0) {
        rc.slot_of[rc.gpr_of[k]] = -1;
    }
    rc.gpr_of[k] = -1;
    rc.dirty[k] = false;
}

/* After a call: the caller-saved registers hold nothing any more (all were clean). */
static void rc_forget_caller_saved(void)
{
    for (int k = N_CALLEE_SAVED; k < N_CACHE; k++) {
        rc_unmap(k);
    }
}

static int rc_slot_for(JitEmitter *e, int n)
{
    int k = rc.slot_of[n];

    if (planning) {
        lu.uses[n]++;
        lu.seen[n] = true;
        lu.insn_regs |= 1ull << n;
    }
    if (k < 0 && pin_slot[n] >= 0) {
        k = pin_slot[n];                /* empty: a pinned slot holds its register or nothing */
        rc.gpr_of[k] = (int8_t)n;
        rc.slot_of[n] = (int8_t)k;
        rc.dirty[k] = false;
    } else if (k < 0) {
        int victim = -1;
        for (k = 0; k < N_CACHE; k++) {
            if (slot_pin[k] >= 0) {
                continue;
            }
            if (rc.gpr_of[k] < 0) {
                break;
            }
            if (victim < 0 || rc.used[k] < rc.used[victim]) {
                victim = k;
            }
        }
        if (k == N_CACHE) {
            k = victim;
            if (rc.dirty[k]) {
                rc_store(e, rc.gpr_of[k], cache_reg[k]);
            }
            rc_unmap(k);
        }
        rc.gpr_of[k] = (int8_t)n;
        rc.slot_of[n] = (int8_t)k;
        rc.dirty[k] = false;
    }
    rc.used[k] = ++rc.clock;
    return k;
}

/* The host register holding cached register n, loaded if it is not there yet. */
static int rc_get(JitEmitter *e, int n)
{
    bool loaded = rc.slot_of[n] >= 0;

    if (planning && !lu.seen[n]) {
        lu.read_first[n] = true;
    }
    int k = rc_slot_for(e, n);

    if (!loaded) {
        rc_load(e, n, cache_reg[k]);
    }
    return cache_reg[k];
}

static void rc_canonical(JitEmitter *e)
{
    for (int k = 0; k < N_CACHE; k++) {
        if (slot_pin[k] < 0) {
            if (rc.dirty[k]) {
                rc_store(e, rc.gpr_of[k], cache_reg[k]);
            }
            rc_unmap(k);
        } else if (rc.gpr_of[k] < 0) {
            rc_get(e, slot_pin[k]);
        }
    }
}

/* The state rc_canonical leaves, taken on where no code reaches (unreachable). */
static void rc_assume_canonical(void)
{
    rc_reset();
    for (int k = 0; k < N_CACHE; k++) {
        if (slot_pin[k] >= 0) {
            rc.gpr_of[k] = slot_pin[k];
            rc.slot_of[slot_pin[k]] = (int8_t)k;
        }
    }
}

/* The state where a jump inside the block lands: see rc_canonical. */
static void rc_join(void)
{
    for (int k = 0; k < N_CACHE; k++) {
        rc.dirty[k] = slot_pin[k] >= 0;
    }
}

/* The same, for a value the caller changes in place. */
static int rc_mod(JitEmitter *e, int n)
{
    int r = rc_get(e, n);

    rc.dirty[rc.slot_of[n]] = true;
    return r;
}

/* r = GPR n (64 bits, or the low word zero-extended). */
static void ld64(JitEmitter *e, int r, int n) { x_mov_rr(e, r, rc_get(e, n)); }
static void ld32(JitEmitter *e, int r, int n) { x_mov_rr32(e, r, rc_get(e, n)); }

/* op reg, GPR n: any opcode whose r/m operand may be a register. */
static void op_g(JitEmitter *e, bool w, unsigned op, int reg, int n)
{
    x_op_reg(e, w, op, reg, rc_get(e, n));
}

static void alu_g(JitEmitter *e, bool w, int alu, int r, int n)
{
    op_g(e, w, (unsigned)(alu << 3 | 3), r, n);
}

/* GPR n = r. */
static void st64(JitEmitter *e, int n, int r)
{
    int k = rc_slot_for(e, n);

    x_mov_rr(e, cache_reg[k], r);
    rc.dirty[k] = true;
}

/*
 * The host register that will hold a new value of GPR n: its slot, not
 * loaded (the old value is dead), marked changed. Read every source first:
 * a source that is n itself is then in this register already.
 */
static int rc_def(JitEmitter *e, int n)
{
    int k = rc_slot_for(e, n);

    rc.dirty[k] = true;
    return cache_reg[k];
}

/*
 * GPR rt = src, then the caller applies its operation to the returned host
 * register (rt's own): the result is computed where it lives, with no trip
 * through rax. src is a host register already holding the source.
 */
static int def_from(JitEmitter *e, int rt, int src)
{
    int ht = rc_def(e, rt);

    if (ht != src) {
        x_mov_rr(e, ht, src);
    }
    return ht;
}

/*
 * GPR rt = GPR a <alu> GPR b (64 bits) in rt's host register; returns it.
 * An rt equal to b of a non-commutative op other than a subtract goes
 * through rax.
 */
static int emit_binop(JitEmitter *e, int alu, int rt, int a, int b, bool commutative)
{
    int ha = rc_get(e, a), hb = rc_get(e, b);

    if (rt == b && rt != a) {
        if (commutative) {
            x_alu_rr(e, true, alu, rc_def(e, rt), ha);
            return hb;
        }
        if (alu == ALU_SUB) {                   /* a - b = -b + a, in place */
            x_op_reg(e, true, 0xf7, 3, rc_def(e, rt));  /* neg */
            x_alu_rr(e, true, ALU_ADD, hb, ha);
            return hb;
        }
        x_mov_rr(e, X_RAX, ha);
        x_alu_rr(e, true, alu, X_RAX, hb);
        return def_from(e, rt, X_RAX);
    }
    int ht = def_from(e, rt, ha);
    x_alu_rr(e, true, alu, ht, hb);
    return ht;
}

static inline uint64_t trunc_mode(const Insn *d, uint64_t v)
{
    return d->sf ? v : (uint32_t)v;
}

/* test r32, imm32 */
static void x_test_ri32(JitEmitter *e, int r, uint32_t imm)
{
    x_op_reg(e, false, 0xf7, 0, r);
    x_d(e, imm);
}

/* CR bit n (ISA numbering) as a cached-register number and the bit's mask in its field. */
static inline int crbit_field(unsigned n) { return RC_CRF + (int)(n >> 2); }
static inline uint32_t crbit_mask(unsigned n) { return 8u >> (n & 3); }

/*
 * CR field bf = (lt ? 8 : gt ? 4 : eq ? 2 : 0) | SO, from the flags of the
 * last compare/test, chosen by cmov in the field's own host register (the
 * load, the leas and any write-back of an evicted register keep the
 * flags). SO goes into the three candidates first: two cmovs after the
 * flags, not three steps, before a branch on the field can resolve.
 */
static void emit_crf_into(JitEmitter *e, int r, bool is_signed)
{
    x_load8(e, X_RCX, OFF(so));
    x_lea32(e, r, X_RCX, 4);
    x_lea32(e, X_RDX, X_RCX, 8);
    x_cmov(e, is_signed ? CC_L : CC_B, r, X_RDX);
    x_lea32(e, X_RCX, X_RCX, 2);
    x_cmov(e, CC_E, r, X_RCX);
}

static void emit_crf_from_flags(JitEmitter *e, int bf, bool is_signed)
{
    emit_crf_into(e, rc_def(e, RC_CRF + bf), is_signed);
}

/* CR0 from the result in host register r: signed compare with 0 of 64 bits, or the low word in 32-bit mode. */
static void emit_cr0_of(const Insn *d, int r)
{
    x_test_rr(d->e, d->sf, r, r);
    emit_crf_from_flags(d->e, 0, true);
}

/*
 * CR0 after a 64-bit and/or/xor that left r's value in the flags: in 64-bit
 * mode they are the test's (OF clear, so less-than is the sign), which
 * spares a step before a branch on CR0 (andi. then beq tests a bit).
 */
static void emit_cr0_logical(const Insn *d, int r)
{
    if (!d->sf) {
        x_test_rr(d->e, false, r, r);
    }
    emit_crf_from_flags(d->e, 0, true);
}

static void emit_cr0(const Insn *d)
{
    emit_cr0_of(d, X_RAX);
}

/* Rc = 1: CR0 from the result in host register r. */
static JitInsnResult finish_rc(const Insn *d, int r)
{
    if (F_Rc(d->insn)) {
        emit_cr0_of(d, r);
    }
    return JIT_INSN_INLINE;
}

/* rax -> RA (X-form results), with CR0 when Rc = 1. */
static JitInsnResult finish_ra(const Insn *d)
{
    st64(d->e, (int)(F_RA(d->insn)), X_RAX);
    if (F_Rc(d->insn)) {
        emit_cr0(d);
    }
    return JIT_INSN_INLINE;
}

/* ---- Arithmetic ---- */

static JitInsnResult emit_addi_common(const Insn *d, int64_t imm)
{
    int ra = F_RA(d->insn);

    if (ra) {
        int ht = def_from(d->e, (int)F_RT(d->insn), rc_get(d->e, ra));
        if (imm) {
            x_alu_ri(d->e, true, ALU_ADD, ht, (int32_t)imm);
        }
    } else {
        x_mov_imm(d->e, rc_def(d->e, (int)F_RT(d->insn)), (uint64_t)imm);
    }
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_addi(const Insn *d) { return emit_addi_common(d, F_SI(d->insn)); }
static JitInsnResult emit_addis(const Insn *d) { return emit_addi_common(d, F_SI(d->insn) * 65536); }

/* XO forms with OE = 0: rt = a op b, CR0 if Rc. */
static JitInsnResult emit_xo(const Insn *d, int first, int alu, int second)
{
    if (F_OE(d->insn)) {
        return JIT_INSN_CALL;
    }
    return finish_rc(d, emit_binop(d->e, alu, (int)F_RT(d->insn), first, second, alu == ALU_ADD));
}

static JitInsnResult emit_add(const Insn *d) { return emit_xo(d, F_RA(d->insn), ALU_ADD, F_RB(d->insn)); }
static JitInsnResult emit_subf(const Insn *d) { return emit_xo(d, F_RB(d->insn), ALU_SUB, F_RA(d->insn)); }

static JitInsnResult emit_neg(const Insn *d)
{
    if (F_OE(d->insn)) {
        return JIT_INSN_CALL;
    }
    int ht = def_from(d->e, (int)F_RT(d->insn), rc_get(d->e, (int)F_RA(d->insn)));
    x_op_reg(d->e, true, 0xf7, 3, ht);          /* neg */
    return finish_rc(d, ht);
}

/*
 * The carrying adds and subtracts in 64-bit mode with OE = 0 (32-bit mode
 * takes CA from bit 32: the handler's): rt = a + b + cin with CA the carry
 * out of bit 0, as add_core. a is RA or ~RA; b is RB or an immediate; cin
 * is 0, 1 (stc) or CA (bt). x86's adc computes exactly that sum and carry.
 */
enum { CIN_0, CIN_1, CIN_CA };

static JitInsnResult emit_carry(const Insn *d, bool xo, bool not_a, int rb, int32_t imm, int cin,
                                bool rc)
{
    JitEmitter *e = d->e;

    if (!d->sf || (xo && F_OE(d->insn))) {
        return JIT_INSN_CALL;
    }
    ld64(e, X_RAX, (int)(F_RA(d->insn)));
    if (not_a) {
        x_op_reg(e, true, 0xf7, 2, X_RAX);              /* not rax */
    }
    if (cin == CIN_CA) {
        x_op_reg(e, false, 0x0fba, 4, rc_get(e, RC_CA)); /* bt ca, 0 */
        x_b(e, 0);
    } else if (cin == CIN_1) {
        x_b(e, 0xf9);                                   /* stc */
    } else {
        x_b(e, 0xf8);                                   /* clc */
    }
    if (rb >= 0) {
        alu_g(e, true, 2, X_RAX, (int)(rb));           /* adc rax, [rb] */
    } else {
        x_alu_ri(e, true, 2, X_RAX, imm);               /* adc rax, imm */
    }
    int hca = rc_def(e, RC_CA);                         /* mov and adc keep... */
    x_mov_imm(e, hca, 0);
    x_alu_ri(e, false, 2, hca, 0);                      /* ...then ca = 0 + 0 + CF */
    st64(e, (int)(F_RT(d->insn)), X_RAX);
    if (rc) {
        emit_cr0(d);
    }
    return JIT_INSN_INLINE;
}

#define XO_CARRY(name, not_a, use_rb, imm, cin)                                               \
    static JitInsnResult emit_##name(const Insn *d)                                           \
    {                                                                                         \
        return emit_carry(d, true, not_a, use_rb ? (int)F_RB(d->insn) : -1, imm, cin,         \
                          F_Rc(d->insn));                                                     \
    }
XO_CARRY(addc, false, true, 0, CIN_0)
XO_CARRY(adde, false, true, 0, CIN_CA)
XO_CARRY(addze, false, false, 0, CIN_CA)
XO_CARRY(addme, false, false, -1, CIN_CA)
XO_CARRY(subfc, true, true, 0, CIN_1)
XO_CARRY(subfe, true, true, 0, CIN_CA)
XO_CARRY(subfze, true, false, 0, CIN_CA)
XO_CARRY(subfme, true, false, -1, CIN_CA)

/* D forms: no OE bit (bit 21 belongs to the immediate); addic. always records. */
static JitInsnResult emit_addic(const Insn *d)
{
    return emit_carry(d, false, false, -1, F_SI(d->insn), CIN_0, d->fn == op_addic_rc);
}

static JitInsnResult emit_subfic(const Insn *d)
{
    return emit_carry(d, false, true, -1, F_SI(d->insn), CIN_1, false);
}

/* Multiplies: the low 64 bits of the product are the same signed or not. */
static JitInsnResult emit_mulld(const Insn *d)
{
    if (F_OE(d->insn)) {
        return JIT_INSN_CALL;
    }
    int rt = (int)F_RT(d->insn), ha = rc_get(d->e, (int)F_RA(d->insn));
    int hb = rc_get(d->e, (int)F_RB(d->insn));
    int ht = rt == (int)F_RB(d->insn) ? rc_def(d->e, rt) : def_from(d->e, rt, ha);
    x_op_reg(d->e, true, 0x0faf, ht, ht == hb ? ha : hb);      /* imul */
    return finish_rc(d, ht);
}

/* mullw: the full 64-bit product of the sign-extended low words. */
static JitInsnResult emit_mullw(const Insn *d)
{
    if (F_OE(d->insn)) {
        return JIT_INSN_CALL;
    }
    op_g(d->e, true, 0x63, X_RAX, (int)(F_RA(d->insn)));       /* movsxd rax, [ra] */
    op_g(d->e, true, 0x63, X_RCX, (int)(F_RB(d->insn)));
    x_op_reg(d->e, true, 0x0faf, X_RAX, X_RCX);                  /* imul rax, rcx */
    st64(d->e, (int)(F_RT(d->insn)), X_RAX);
    if (F_Rc(d->insn)) {
        emit_cr0(d);
    }
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_mulli(const Insn *d)
{
    ld64(d->e, X_RAX, (int)(F_RA(d->insn)));
    x_op_reg(d->e, true, 0x69, X_RAX, X_RAX);                    /* imul rax, rax, imm32 */
    x_d(d->e, (uint32_t)F_SI(d->insn));
    st64(d->e, (int)(F_RT(d->insn)), X_RAX);
    return JIT_INSN_INLINE;
}

/* Multiply high: the high half of the double-width product (mulhw[u]: zero-extended word). */
static JitInsnResult emit_mulhd_common(const Insn *d, bool is_signed)
{
    ld64(d->e, X_RAX, (int)(F_RA(d->insn)));
    op_g(d->e, true, 0xf7, is_signed ? 5 : 4, (int)(F_RB(d->insn)));   /* imul/mul rb: rdx:rax */
    return finish_rc(d, def_from(d->e, (int)F_RT(d->insn), X_RDX));
}

static JitInsnResult emit_mulhw_common(const Insn *d, bool is_signed)
{
    if (is_signed) {
        op_g(d->e, true, 0x63, X_RAX, (int)(F_RA(d->insn)));       /* movsxd rax, [ra] */
        op_g(d->e, true, 0x63, X_RCX, (int)(F_RB(d->insn)));
    } else {
        ld32(d->e, X_RAX, (int)(F_RA(d->insn)));
        ld32(d->e, X_RCX, (int)(F_RB(d->insn)));
    }
    x_op_reg(d->e, true, 0x0faf, X_RAX, X_RCX);                      /* imul rax, rcx */
    x_shift_ri(d->e, true, SH_SHR, X_RAX, 32);                        /* the high word, zero-extended */
    st64(d->e, (int)(F_RT(d->insn)), X_RAX);
    if (F_Rc(d->insn)) {
        emit_cr0(d);
    }
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_mulhd(const Insn *d) { return emit_mulhd_common(d, true); }
static JitInsnResult emit_mulhdu(const Insn *d) { return emit_mulhd_common(d, false); }
static JitInsnResult emit_mulhw(const Insn *d) { return emit_mulhw_common(d, true); }
static JitInsnResult emit_mulhwu(const Insn *d) { return emit_mulhw_common(d, false); }


/*
 * Divides with OE = 0: the host divides; a zero divisor and, when signed,
 * a divisor of -1 (the most-negative / -1 overflow) take the handler, which
 * gives those cases the result ppc/insn-fixed.c defines.
 */
static void emit_slow_keep2(const Insn *d, uint8_t *miss, uint8_t *miss2, int w1, int w2);

static JitInsnResult emit_div(const Insn *d, bool dword, bool is_signed)
{
    JitEmitter *e = d->e;
    int rt = F_RT(d->insn);
    bool rec = F_Rc(d->insn);
    uint8_t *slow[2] = { NULL, NULL };

    if (F_OE(d->insn)) {
        return JIT_INSN_CALL;
    }
    int hb = rc_get(e, (int)F_RB(d->insn)), ha = rc_get(e, (int)F_RA(d->insn));
    /* slots for the results before the paths part; changed only after the join (see emit_load_how) */
    int kt = rc_slot_for(e, rt), kc = rec ? rc_slot_for(e, RC_CRF) : -1;
    /* the divisor stays where it is cached (never rax or rdx) */
    x_test_rr(e, dword, hb, hb);
    slow[0] = x_jump_fwd(e, CC_E);
    (dword ? x_mov_rr : x_mov_rr32)(e, X_RAX, ha);
    if (is_signed) {
        x_alu_ri(e, dword, ALU_CMP, hb, -1);
        slow[1] = x_jump_fwd(e, CC_E);
        if (dword) {
            x_b(e, 0x48);
        }
        x_b(e, 0x99);                                   /* cqo / cdq */
    } else {
        x_alu_rr(e, false, ALU_XOR, X_RDX, X_RDX);
    }
    x_op_reg(e, dword, 0xf7, is_signed ? 7 : 6, hb);    /* idiv/div (32 bits: zero-extends) */
    if (!dword) {
        x_mov_rr32(e, X_RAX, X_RAX);                    /* the word quotient, zero-extended */
    }
    x_mov_rr(e, cache_reg[kt], X_RAX);
    if (rec) {
        x_test_rr(e, d->sf, X_RAX, X_RAX);
        emit_crf_into(e, cache_reg[kc], true);
    }
    emit_slow_keep2(d, slow[0], slow[1], rt, rec ? RC_CRF : -1);
    rc.dirty[kt] = true;
    if (kc >= 0) {
        rc.dirty[kc] = true;
    }
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_divd(const Insn *d) { return emit_div(d, true, true); }
static JitInsnResult emit_divdu(const Insn *d) { return emit_div(d, true, false); }
static JitInsnResult emit_divw(const Insn *d) { return emit_div(d, false, true); }
static JitInsnResult emit_divwu(const Insn *d) { return emit_div(d, false, false); }

/* isel: RT = CR[BC] ? (RA|0) : (RB). */
static JitInsnResult emit_isel(const Insn *d)
{
    int ra = F_RA(d->insn);

    ld64(d->e, X_RAX, (int)(F_RB(d->insn)));
    if (ra) {
        ld64(d->e, X_RCX, (int)(ra));
    } else {
        x_alu_rr(d->e, false, ALU_XOR, X_RCX, X_RCX);
    }
    x_test_ri32(d->e, rc_get(d->e, crbit_field(F_RC(d->insn))), crbit_mask(F_RC(d->insn)));
    x_cmov(d->e, CC_NE, X_RAX, X_RCX);
    st64(d->e, (int)(F_RT(d->insn)), X_RAX);
    return JIT_INSN_INLINE;
}

/* ---- CR logical and mcrf ---- */

/* rax-free helper: dst = CR bit n (0 or 1). */
static void emit_crbit(JitEmitter *e, int dst, unsigned n)
{
    x_mov_rr32(e, dst, rc_get(e, crbit_field(n)));
    if (3 - (n & 3)) {
        x_shift_ri(e, false, SH_SHR, dst, (uint8_t)(3 - (n & 3)));
    }
    x_alu_ri(e, false, ALU_AND, dst, 1);
}

/* BT = table[BA << 1 | BB], as cr_logic in ppc/insn-branch.c. */
static JitInsnResult emit_crlogic(const Insn *d, unsigned table)
{
    JitEmitter *e = d->e;
    unsigned ba = F_RA(d->insn), bb = F_RB(d->insn), bt = F_RT(d->insn);
    unsigned pos = 3 - (bt & 3);

    emit_crbit(e, X_RCX, ba);
    x_alu_rr(e, false, ALU_ADD, X_RCX, X_RCX);
    emit_crbit(e, X_RAX, bb);
    x_alu_rr(e, false, ALU_OR, X_RCX, X_RAX);
    x_mov_imm(e, X_RAX, table);
    x_shift_cl(e, false, SH_SHR, X_RAX);
    x_alu_ri(e, false, ALU_AND, X_RAX, 1);
    if (pos) {
        x_shift_ri(e, false, SH_SHL, X_RAX, (uint8_t)pos);
    }
    int ht = rc_mod(e, crbit_field(bt));
    x_alu_ri(e, false, ALU_AND, ht, (int32_t)~(1u << pos));
    x_alu_rr(e, false, ALU_OR, ht, X_RAX);
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_crand(const Insn *d) { return emit_crlogic(d, 0x8); }
static JitInsnResult emit_cror(const Insn *d) { return emit_crlogic(d, 0xe); }
static JitInsnResult emit_crxor(const Insn *d) { return emit_crlogic(d, 0x6); }
static JitInsnResult emit_crnand(const Insn *d) { return emit_crlogic(d, 0x7); }
static JitInsnResult emit_crnor(const Insn *d) { return emit_crlogic(d, 0x1); }
static JitInsnResult emit_creqv(const Insn *d) { return emit_crlogic(d, 0x9); }
static JitInsnResult emit_crandc(const Insn *d) { return emit_crlogic(d, 0x4); }
static JitInsnResult emit_crorc(const Insn *d) { return emit_crlogic(d, 0xd); }

static JitInsnResult emit_mcrf(const Insn *d)
{
    int from = RC_CRF + (int)F_BFA(d->insn), to = RC_CRF + (int)F_BF(d->insn);

    if (from != to) {
        def_from(d->e, to, rc_get(d->e, from));
    }
    return JIT_INSN_INLINE;
}

/* ---- CR moves: mfcr / mfocrf with one field, mtcrf / mtocrf with one field ---- */

/* rax |= CR field i in its place of the 32-bit CR (from its host register if cached). */
static void emit_or_crf(JitEmitter *e, int i)
{
    int n = RC_CRF + i;

    if (rc.slot_of[n] >= 0) {
        x_mov_rr32(e, X_RCX, rc_get(e, n));
    } else {
        x_load32(e, X_RCX, rc_off(n));
    }
    if (i != 7) {
        x_shift_ri(e, false, SH_SHL, X_RCX, (uint8_t)(28 - 4 * i));
    }
    x_alu_rr(e, false, ALU_OR, X_RAX, X_RCX);
}

static JitInsnResult emit_mfcr(const Insn *d)
{
    uint32_t fxm = (d->insn >> 12) & 0xff;

    if ((d->insn & 0x00100000) && (!fxm || (fxm & (fxm - 1)))) {
        return JIT_INSN_CALL;
    }
    x_alu_rr(d->e, false, ALU_XOR, X_RAX, X_RAX);
    for (int i = 0; i < 8; i++) {
        if (!(d->insn & 0x00100000) || (fxm & (0x80 >> i))) {
            emit_or_crf(d->e, i);
        }
    }
    def_from(d->e, (int)F_RT(d->insn), X_RAX);
    return JIT_INSN_INLINE;
}

/* Each field of FXM = its 4 bits of RS: in its host register if cached, else in memory. */
static JitInsnResult emit_mtcrf(const Insn *d)
{
    JitEmitter *e = d->e;
    uint32_t fxm = (d->insn >> 12) & 0xff;

    if ((d->insn & 0x00100000) && (!fxm || (fxm & (fxm - 1)))) {
        return JIT_INSN_CALL;
    }
    int hs = rc_get(e, (int)F_RS(d->insn));
    for (int i = 0; i < 8; i++) {
        if (!(fxm & (0x80 >> i))) {
            continue;
        }
        int n = RC_CRF + i, r = rc.slot_of[n] >= 0 ? rc_def(e, n) : X_RAX;
        x_mov_rr32(e, r, hs);
        if (i != 7) {
            x_shift_ri(e, false, SH_SHR, r, (uint8_t)(28 - 4 * i));
        }
        x_alu_ri(e, false, ALU_AND, r, 0xf);
        if (r == X_RAX) {
            x_store32(e, rc_off(n), X_RAX);
        }
    }
    return JIT_INSN_INLINE;
}

/* ---- Logical ---- */

static JitInsnResult emit_logic(const Insn *d, int alu)
{
    int rs = (int)F_RS(d->insn), rb = (int)F_RB(d->insn);

    if (rs == rb && alu != ALU_XOR) {       /* mr: or ra, rs, rs (and the same for and) */
        return finish_rc(d, def_from(d->e, (int)F_RA(d->insn), rc_get(d->e, rs)));
    }
    int r = emit_binop(d->e, alu, (int)F_RA(d->insn), rs, rb, true);
    if (F_Rc(d->insn)) {
        emit_cr0_logical(d, r);
    }
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_and(const Insn *d) { return emit_logic(d, ALU_AND); }
static JitInsnResult emit_or(const Insn *d) { return emit_logic(d, ALU_OR); }
static JitInsnResult emit_xor(const Insn *d) { return emit_logic(d, ALU_XOR); }

static JitInsnResult emit_andc(const Insn *d)
{
    ld64(d->e, X_RAX, (int)(F_RB(d->insn)));
    x_op_reg(d->e, true, 0xf7, 2, X_RAX);       /* not rax */
    alu_g(d->e, true, ALU_AND, X_RAX, (int)(F_RS(d->insn)));
    return finish_ra(d);
}

/* orc, nand, nor, eqv: an x86 op with one operand or the result complemented. */
static JitInsnResult emit_logic_not(const Insn *d, int alu, bool not_rb, bool not_result)
{
    ld64(d->e, X_RAX, (int)(F_RB(d->insn)));
    if (not_rb) {
        x_op_reg(d->e, true, 0xf7, 2, X_RAX);   /* not rax */
    }
    alu_g(d->e, true, alu, X_RAX, (int)(F_RS(d->insn)));
    if (not_result) {
        x_op_reg(d->e, true, 0xf7, 2, X_RAX);
    }
    return finish_ra(d);
}

static JitInsnResult emit_orc(const Insn *d) { return emit_logic_not(d, ALU_OR, true, false); }
static JitInsnResult emit_nand(const Insn *d) { return emit_logic_not(d, ALU_AND, false, true); }
static JitInsnResult emit_nor(const Insn *d) { return emit_logic_not(d, ALU_OR, false, true); }
static JitInsnResult emit_eqv(const Insn *d) { return emit_logic_not(d, ALU_XOR, false, true); }

/* cntlzw / cntlzd: 63 - bsr, with bsr's zero case (ZF) made -1 so that a zero counts 64 (32). */
static JitInsnResult emit_cntlz(const Insn *d, bool dword)
{
    JitEmitter *e = d->e;

    if (dword) {
        ld64(e, X_RCX, (int)(F_RS(d->insn)));
    } else {
        ld32(e, X_RCX, (int)(F_RS(d->insn)));
    }
    x_op_reg(e, true, 0x0fbd, X_RAX, X_RCX);            /* bsr rax, rcx */
    x_mov_imm(e, X_RDX, ~0ull);
    x_cmov(e, CC_E, X_RAX, X_RDX);
    x_op_reg(e, true, 0xf7, 3, X_RAX);                  /* neg rax */
    x_alu_ri(e, true, ALU_ADD, X_RAX, dword ? 63 : 31);
    return finish_ra(d);
}

static JitInsnResult emit_cntlzw(const Insn *d) { return emit_cntlz(d, false); }
static JitInsnResult emit_cntlzd(const Insn *d) { return emit_cntlz(d, true); }

/* D-form logical with an unsigned immediate; andi./andis. always record. */
static JitInsnResult emit_logic_imm(const Insn *d, int alu, unsigned shift, bool record)
{
    uint32_t imm = F_UI(d->insn) << shift;
    int rs = (int)F_RS(d->insn), ra = (int)F_RA(d->insn);

    if (!imm && !record && alu != ALU_AND && rs == ra) {
        return JIT_INSN_INLINE;             /* nop (ori 0,0,0) and the like */
    }
    int ht = def_from(d->e, ra, rc_get(d->e, rs));
    if (imm <= 0x7fffffffu) {
        x_alu_ri(d->e, true, alu, ht, (int32_t)imm);
    } else {
        x_mov_imm(d->e, X_RCX, imm);
        x_alu_rr(d->e, true, alu, ht, X_RCX);
    }
    if (record) {
        emit_cr0_logical(d, ht);
    }
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_ori(const Insn *d) { return emit_logic_imm(d, ALU_OR, 0, false); }
static JitInsnResult emit_oris(const Insn *d) { return emit_logic_imm(d, ALU_OR, 16, false); }
static JitInsnResult emit_xori(const Insn *d) { return emit_logic_imm(d, ALU_XOR, 0, false); }
static JitInsnResult emit_xoris(const Insn *d) { return emit_logic_imm(d, ALU_XOR, 16, false); }
static JitInsnResult emit_andi_rc(const Insn *d) { return emit_logic_imm(d, ALU_AND, 0, true); }
static JitInsnResult emit_andis_rc(const Insn *d) { return emit_logic_imm(d, ALU_AND, 16, true); }

/* Sign extension: movsx rax, byte/word/dword [RS]. */
static JitInsnResult emit_exts(const Insn *d, unsigned op)
{
    int hs = rc_get(d->e, (int)F_RS(d->insn));
    int ht = rc_def(d->e, (int)F_RA(d->insn));

    x_op_reg(d->e, true, op, ht, hs);
    return finish_rc(d, ht);
}

static JitInsnResult emit_extsb(const Insn *d) { return emit_exts(d, 0x0fbe); }
static JitInsnResult emit_extsh(const Insn *d) { return emit_exts(d, 0x0fbf); }
static JitInsnResult emit_extsw(const Insn *d) { return emit_exts(d, 0x63); }

/* ---- Rotate and shift ---- */

/* MASK(mb, me) in ISA bit numbering; wraps when mb > me. */
static uint64_t mask64(unsigned mb, unsigned me)
{
    uint64_t from_mb = ~0ull >> mb, to_me = ~0ull << (63 - me);
    return mb <= me ? from_mb & to_me : from_mb | to_me;
}

/* r &= m (r is not rcx, which it may use). */
static void emit_and_mask_of(JitEmitter *e, int r, uint64_t m)
{
    if (m == ~0ull) {
        return;
    }
    if (m <= 0x7fffffffull) {
        x_alu_ri(e, false, ALU_AND, r, (int32_t)m);       /* also clears the high word */
    } else if (m == 0xffffffffull) {
        x_mov_rr32(e, r, r);
    } else {
        x_mov_imm(e, X_RCX, m);
        x_alu_rr(e, true, ALU_AND, r, X_RCX);
    }
}

static void emit_and_mask(JitEmitter *e, uint64_t m)
{
    emit_and_mask_of(e, X_RAX, m);
}

static JitInsnResult emit_rlwinm(const Insn *d)
{
    unsigned sh = F_SH(d->insn), mb = F_MB(d->insn) + 32, me = F_ME(d->insn) + 32;
    uint64_t m = mask64(mb, me);

    if (mb <= me) {
        /* the mask is inside the low word: a 32-bit rotate is the whole story */
        int hs = rc_get(d->e, (int)F_RS(d->insn));
        int ht = rc_def(d->e, (int)F_RA(d->insn));
        x_mov_rr32(d->e, ht, hs);
        if (sh) {
            x_shift_ri(d->e, false, SH_ROL, ht, (uint8_t)sh);
        }
        if (m != 0xffffffffull) {
            x_alu_ri(d->e, false, ALU_AND, ht, (int32_t)(uint32_t)m);
        }
        return finish_rc(d, ht);
    } else {
        ld32(d->e, X_RAX, (int)(F_RS(d->insn)));
        /* ROTL32 replicates the word in both halves */
        x_mov_rr(d->e, X_RCX, X_RAX);
        x_shift_ri(d->e, true, SH_SHL, X_RCX, 32);
        x_alu_rr(d->e, true, ALU_OR, X_RAX, X_RCX);
        if (sh) {
            x_shift_ri(d->e, true, SH_ROL, X_RAX, (uint8_t)sh);
        }
        emit_and_mask(d->e, m);
    }
    return finish_ra(d);
}

/* rlwimi: the rotated word where MASK(MB+32, ME+32) is set, RA elsewhere. */
static JitInsnResult emit_rlwimi(const Insn *d)
{
    unsigned sh = F_SH(d->insn), mb = F_MB(d->insn) + 32, me = F_ME(d->insn) + 32;
    uint64_t m = mask64(mb, me);

    ld32(d->e, X_RAX, (int)(F_RS(d->insn)));
    x_mov_rr(d->e, X_RCX, X_RAX);
    x_shift_ri(d->e, true, SH_SHL, X_RCX, 32);
    x_alu_rr(d->e, true, ALU_OR, X_RAX, X_RCX);
    if (sh) {
        x_shift_ri(d->e, true, SH_ROL, X_RAX, (uint8_t)sh);
    }
    emit_and_mask(d->e, m);
    x_mov_imm(d->e, X_RDX, ~m);
    alu_g(d->e, true, ALU_AND, X_RDX, (int)(F_RA(d->insn)));
    x_alu_rr(d->e, true, ALU_OR, X_RAX, X_RDX);
    return finish_ra(d);
}

/*
 * srawi / sradi: an arithmetic shift of the (sign-extended) source by an
 * immediate; CA = the source is negative and a 1 bit went out, i.e. the
 * shifted value shifted back differs from the source.
 */
static JitInsnResult emit_srai(const Insn *d, bool dword, unsigned n)
{
    JitEmitter *e = d->e;

    if (dword) {
        ld64(e, X_RCX, (int)(F_RS(d->insn)));
    } else {
        op_g(e, true, 0x63, X_RCX, (int)(F_RS(d->insn)));   /* movsxd rcx, [rs] */
    }
    x_mov_rr(e, X_RAX, X_RCX);
    if (n) {
        x_shift_ri(e, true, SH_SAR, X_RAX, (uint8_t)n);
        x_mov_rr(e, X_RDX, X_RAX);
        x_shift_ri(e, true, SH_SHL, X_RDX, (uint8_t)n);
        x_alu_rr(e, true, ALU_CMP, X_RDX, X_RCX);
        x_setcc(e, CC_NE, X_RDX);
        x_shift_ri(e, true, SH_SHR, X_RCX, 63);
        x_alu_rr(e, false, ALU_AND, X_RDX, X_RCX);                /* edx = 0 or 1 */
        def_from(e, RC_CA, X_RDX);
    } else {
        x_mov_imm(e, rc_def(e, RC_CA), 0);
    }
    return finish_ra(d);
}

static JitInsnResult emit_srawi(const Insn *d) { return emit_srai(d, false, F_SH(d->insn)); }

static inline unsigned md_sh(uint32_t insn)
{
    return F_SH(insn) | (insn & 2) << 4;
}

static inline unsigned md_mb(uint32_t insn)
{
    unsigned v = (insn >> 5) & 0x3f;
    return v >> 1 | (v & 1) << 5;
}

static JitInsnResult emit_rld(const Insn *d, uint64_t m)
{
    unsigned sh = md_sh(d->insn);
    int ht = def_from(d->e, (int)F_RA(d->insn), rc_get(d->e, (int)F_RS(d->insn)));

    if (sh && m == ~0ull << sh) {
        x_shift_ri(d->e, true, SH_SHL, ht, (uint8_t)sh);              /* sldi */
    } else if (sh && m == ~0ull >> (64 - sh)) {
        x_shift_ri(d->e, true, SH_SHR, ht, (uint8_t)(64 - sh));       /* srdi */
    } else {
        if (sh) {
            x_shift_ri(d->e, true, SH_ROL, ht, (uint8_t)sh);
        }
        emit_and_mask_of(d->e, ht, m);
    }
    return finish_rc(d, ht);
}

/* rldimi: the rotated RS where the mask is set, RA elsewhere. */
static JitInsnResult emit_rldimi(const Insn *d)
{
    unsigned sh = md_sh(d->insn);
    uint64_t m = mask64(md_mb(d->insn), 63 - sh);

    ld64(d->e, X_RAX, (int)(F_RS(d->insn)));
    if (sh) {
        x_shift_ri(d->e, true, SH_ROL, X_RAX, (uint8_t)sh);
    }
    emit_and_mask(d->e, m);
    x_mov_imm(d->e, X_RDX, ~m);
    alu_g(d->e, true, ALU_AND, X_RDX, (int)(F_RA(d->insn)));
    x_alu_rr(d->e, true, ALU_OR, X_RAX, X_RDX);
    return finish_ra(d);
}

static JitInsnResult emit_sradi(const Insn *d) { return emit_srai(d, true, md_sh(d->insn)); }

static JitInsnResult emit_rldicl(const Insn *d) { return emit_rld(d, mask64(md_mb(d->insn), 63)); }
static JitInsnResult emit_rldicr(const Insn *d) { return emit_rld(d, mask64(0, md_mb(d->insn))); }
static JitInsnResult emit_rldic(const Insn *d)
{
    return emit_rld(d, mask64(md_mb(d->insn), 63 - md_sh(d->insn)));
}

/*
 * Shifts by RB: x86 masks the count to 5/6 bits; the next bit up (32 for
 * words, 64 for doublewords) shifts everything out.
 */
static JitInsnResult emit_shift(const Insn *d, bool dword, int sh)
{
    ld64(d->e, X_RCX, (int)(F_RB(d->insn)));
    if (dword) {
        ld64(d->e, X_RAX, (int)(F_RS(d->insn)));
    } else {
        ld32(d->e, X_RAX, (int)(F_RS(d->insn)));
    }
    x_shift_cl(d->e, dword, sh, X_RAX);
    x_alu_rr(d->e, false, ALU_XOR, X_RDX, X_RDX);
    x_op_reg(d->e, false, 0xf7, 0, X_RCX);       /* test ecx, imm32 */
    x_d(d->e, dword ? 64 : 32);
    x_cmov(d->e, CC_NE, X_RAX, X_RDX);
    return finish_ra(d);
}

static JitInsnResult emit_slw(const Insn *d) { return emit_shift(d, false, SH_SHL); }
static JitInsnResult emit_srw(const Insn *d) { return emit_shift(d, false, SH_SHR); }
static JitInsnResult emit_sld(const Insn *d) { return emit_shift(d, true, SH_SHL); }
static JitInsnResult emit_srd(const Insn *d) { return emit_shift(d, true, SH_SHR); }

/* ---- Compare: L selects 64-bit operands, else the low words ---- */

static JitInsnResult emit_cmp_common(const Insn *d, bool is_signed, bool imm)
{
    bool l = F_L21(d->insn);

    if (l) {
        ld64(d->e, X_RAX, (int)(F_RA(d->insn)));
    } else {
        ld32(d->e, X_RAX, (int)(F_RA(d->insn)));
    }
    if (imm) {
        int64_t v = is_signed ? F_SI(d->insn) : (int64_t)F_UI(d->insn);
        x_alu_ri(d->e, l, ALU_CMP, X_RAX, (int32_t)v);
    } else {
        alu_g(d->e, l, ALU_CMP, X_RAX, (int)(F_RB(d->insn)));
    }
    emit_crf_from_flags(d->e, F_BF(d->insn), is_signed);
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_cmp(const Insn *d) { return emit_cmp_common(d, true, false); }
static JitInsnResult emit_cmpi(const Insn *d) { return emit_cmp_common(d, true, true); }
static JitInsnResult emit_cmpl(const Insn *d) { return emit_cmp_common(d, false, false); }
static JitInsnResult emit_cmpli(const Insn *d) { return emit_cmp_common(d, false, true); }

/* ---- Loads and stores ---- */

/*
 * EA into rsi: D/DS form (RA|0) + disp, or X form (RA|0) + (RB); masked in
 * 32-bit mode. One lea where there is a sum (the 32-bit form's lea drops
 * the high word itself): in a loop waiting on memory, every host
 * instruction less lets more of its turns be in flight at once.
 */
static void emit_ea(const Insn *d, bool xform, int64_t disp)
{
    int ra = F_RA(d->insn);

    if (xform && ra) {
        int hb = rc_get(d->e, (int)F_RB(d->insn));
        x_lea(d->e, d->sf, X_RSI, rc_get(d->e, ra), hb, 0);
    } else if (xform) {
        (d->sf ? x_mov_rr : x_mov_rr32)(d->e, X_RSI, rc_get(d->e, (int)F_RB(d->insn)));
    } else if (ra && disp) {
        x_lea(d->e, d->sf, X_RSI, rc_get(d->e, ra), -1, (int32_t)disp);
    } else if (ra) {
        (d->sf ? x_mov_rr : x_mov_rr32)(d->e, X_RSI, rc_get(d->e, ra));
    } else {
        x_mov_imm(d->e, X_RSI, d->sf ? (uint64_t)disp : (uint32_t)disp);
    }
}

/*
 * The TLB hit test of ppc_tlb_hit for an access of size bytes at rsi (or a
 * run's span: emit_run), in the block table (64 KiB entries, ppc/cpu.h) or,
 * out of line, the 4 KiB table: on a hit rax = the entry's addend, so the
 * access is to [rax + rsi] (x_op_host). The index is the page or block
 * number's low bits times the entry size, in one shift and one mask; the
 * tag is compared with the page or block of the access's last byte, which
 * also catches crossings.
 */
static uint8_t *emit_tlb_probe(JitEmitter *e, uint32_t flags, unsigned size, bool write,
                               bool block)
{
    int mode = ((flags & MSR_DR) ? 1 : 0) | ((flags & MSR_PR) ? 2 : 0);
    int32_t base = block ? OFF(tlb64) + mode * PPC_TLB64_SIZE * (int32_t)sizeof(PPCTlbEntry)
                         : OFF(tlb) + mode * PPC_TLB_SIZE * (int32_t)sizeof(PPCTlbEntry);
    int32_t tag = write ? (int32_t)offsetof(PPCTlbEntry, tag_write)
                        : (int32_t)offsetof(PPCTlbEntry, tag_read);
    unsigned shift = block ? 16 : 12, entries = block ? PPC_TLB64_SIZE : PPC_TLB_SIZE;

    x_shr_into(e, X_RAX, X_RSI, (uint8_t)(shift - 5));
    x_alu_ri(e, false, ALU_AND, X_RAX, (int32_t)((entries - 1) << 5));
    if (size - 1 < 0x80) {
        x_b(e, 0x48), x_b(e, 0x8d), x_b(e, 0x56), x_b(e, (uint8_t)(size - 1));   /* lea rdx, [rsi+size-1] */
    } else {
        x_b(e, 0x48), x_b(e, 0x8d), x_b(e, 0x96), x_d(e, size - 1);               /* the same, disp32 */
    }
    x_alu_ri(e, true, ALU_AND, X_RDX, -(int32_t)(1u << shift));
    x_op_idx(e, true, 0x3b, X_RDX, X_RAX, base + tag);                         /* cmp rdx, tag */
    uint8_t *miss = x_jump_fwd(e, CC_NE);
    x_op_idx(e, true, 0x8b, X_RAX, X_RAX, base + (int32_t)offsetof(PPCTlbEntry, addend));
    return miss;
}

/*
 * The block probe inline; its miss goes to the slow path, which probes the
 * 4 KiB table first (emit_slow_path) and comes back to the access on a hit.
 * What that second probe needs is kept here for the slow path made next.
 */
typedef struct TlbProbe {
    uint8_t *miss;              /* the block probe's jump out, or NULL */
    uint8_t *hit;               /* the access: where a hit goes on, rax = addend */
    unsigned size;
    bool write;
} TlbProbe;
static _Thread_local TlbProbe tlb_probe;

static uint8_t *emit_tlb(const Insn *d, unsigned size, bool write)
{
    uint8_t *miss = emit_tlb_probe(d->e, d->tb->flags, size, write, true);

    tlb_probe = (TlbProbe){ .miss = miss, .hit = d->e->p, .size = size, .write = write };
    return miss;
}

/* Guest byte order <-> host (little-endian) for the value in rcx. */
static void emit_swap(const Insn *d, unsigned size)
{
    if (d->le) {
        return;
    }
    switch (size) {
    case 2:
        x_b(d->e, 0x66), x_b(d->e, 0xc1), x_b(d->e, 0xc1), x_b(d->e, 8);        /* rol cx, 8 */
        break;
    case 4: x_bswap(d->e, false, X_RCX); break;
    case 8: x_bswap(d->e, true, X_RCX); break;
    default: break;
    }
}

/*
 * The slow path of an instruction whose fast path kept the register cache:
 * it stores the changed registers (the handler, or the exception it raises,
 * sees the whole state in memory), calls the handler, which does the whole
 * operation (for an access: MMU walk, I/O, faults, watchpoints), reloads
 * what the call clobbered (r8-r11, rdi) and the registers it wrote (w1, w2:
 * cached-register numbers, or -1), and jumps back, so both paths join with
 * the same mapping. It is set aside with the mapping as it is now and
 * emitted after the block's exits (ppc_jit_cold): the fast path runs
 * straight on, and the block's hot code stays dense.
 */
typedef struct SlowPath {
    uint8_t *miss[2];           /* the jumps into it (the second may be NULL) */
    uint8_t *resume;            /* where the fast path goes on */
    uint64_t pc;
    TBOpFn fn;
    uint32_t insn;
    int8_t w[2];
    uint8_t run;                /* a run's cold copy (emit_run): its accesses; else 0 */
    uint32_t op;                /* the run's first instruction */
    TlbProbe probe;             /* a miss of the block probe: the 4 KiB probe comes first */
    RegCache rc;                /* the register cache at the fork */
} SlowPath;

/* The second probe for whichever of a slow path's jumps is a block probe's miss. */
static void slow_path_probe(SlowPath *s)
{
    if (tlb_probe.miss && (tlb_probe.miss == s->miss[0] || tlb_probe.miss == s->miss[1])) {
        s->probe = tlb_probe;
    }
    tlb_probe.miss = NULL;
}

/* A run's cold copy adds one to its accesses' own. */
static _Thread_local SlowPath slow_paths[2 * TB_MAX_OPS];
static _Thread_local unsigned n_slow_paths;

static void emit_slow_keep2(const Insn *d, uint8_t *miss, uint8_t *miss2, int w1, int w2)
{
    SlowPath *s = &slow_paths[n_slow_paths++];

    *s = (SlowPath){ .miss = { miss, miss2 }, .resume = d->e->p, .pc = d->pc, .fn = d->fn,
                     .insn = d->insn, .w = { (int8_t)w1, (int8_t)w2 }, .rc = rc };
    slow_path_probe(s);
}

static void emit_run_cold(JitEmitter *e, const TranslationBlock *tb, const SlowPath *s);

static void emit_slow_path(JitEmitter *e, const TranslationBlock *tb, const SlowPath *s)
{
    uint8_t *miss4k = NULL;

    if (s->probe.miss) {
        x_bind(e, s->probe.miss);
        miss4k = emit_tlb_probe(e, tb->flags, s->probe.size, s->probe.write, false);
        x_patch_rel32(x_jump_fwd(e, -1), s->probe.hit);
    }
    for (int i = 0; i < 2; i++) {
        if (s->miss[i] && s->miss[i] != s->probe.miss) {
            x_bind(e, s->miss[i]);
        }
    }
    if (miss4k) {
        x_bind(e, miss4k);
    }
    if (s->run) {
        emit_run_cold(e, tb, s);
        return;
    }
    for (int k = 0; k < N_CACHE; k++) {
        if (s->rc.dirty[k]) {
            rc_store(e, s->rc.gpr_of[k], cache_reg[k]);
        }
    }
    jit_emit_call_op(e, s->pc, s->fn, s->insn);
    for (int k = 0; k < N_CACHE; k++) {
        int n = s->rc.gpr_of[k];
        if (n >= 0 && (k >= N_CALLEE_SAVED || n == s->w[0] || n == s->w[1])) {
            rc_load(e, n, cache_reg[k]);
        }
    }
    x_patch_rel32(x_jump_fwd(e, -1), s->resume);
}

/* TCGTarget.jit_cold: the block's slow paths, after its exits. */
void ppc_jit_cold(JitEmitter *e, const TranslationBlock *tb)
{
    /* a run's cold copy sets aside its accesses' slow paths: they join the list */
    for (unsigned i = 0; i < n_slow_paths; i++) {
        emit_slow_path(e, tb, &slow_paths[i]);
    }
    n_slow_paths = 0;
}

static void emit_access_slow(const Insn *d, uint8_t *miss, int w1, int w2)
{
    emit_slow_keep2(d, miss, NULL, w1, w2);
}

/*
 * Load forms: UPD writes the EA to RA after the access (the invalid forms,
 * RA = 0 or RA = RT, are the handler's: it raises the program interrupt);
 * SX sign-extends (inline in little-endian mode only, where no swap comes
 * between the access and the extension).
 */
enum { LS_UPD = 1, LS_SX = 2 };

/* After a TLB hit: the load of size bytes at [rax + rsi + off] into host register h. */
static void emit_host_load(const Insn *d, unsigned size, unsigned how, int h, int32_t off)
{
    static const unsigned zx[9] = { [1] = 0x0fb6, [2] = 0x0fb7, [4] = 0x8b, [8] = 0x8b };
    static const unsigned sx[9] = { [2] = 0x0fbf, [4] = 0x63 };
    JitEmitter *e = d->e;

    if (how & LS_SX) {
        x_op_host(e, true, sx[size], h, off, false);
    } else if (d->le || size == 1) {
        x_op_host(e, size == 8, zx[size], h, off, false);
    } else {
        x_op_host(e, size == 8, zx[size], X_RCX, off, false);
        emit_swap(d, size);
        x_mov_rr(e, h, X_RCX);
    }
}

/* After a TLB hit: the store of host register h's low size bytes at [rax + rsi + off]. */
static void emit_host_store(const Insn *d, unsigned size, int h, int32_t off)
{
    JitEmitter *e = d->e;

    if (!d->le && size > 1) {
        x_mov_rr(e, X_RCX, h);
        emit_swap(d, size);
        h = X_RCX;
    }
    if (size == 2) {
        x_b(e, 0x66);
    }
    x_op_host(e, size == 8, size == 1 ? 0x88 : 0x89, h, off, size == 1);
}

static JitInsnResult emit_load_how(const Insn *d, unsigned size, bool xform, int64_t disp,
                                   unsigned how)
{
    JitEmitter *e = d->e;
    int ra = F_RA(d->insn), rt = F_RT(d->insn);

    if (((how & LS_UPD) && (ra == 0 || ra == rt)) || ((how & LS_SX) && !d->le)) {
        return JIT_INSN_CALL;
    }
    emit_ea(d, xform, disp);
    /*
     * The registers written get their slots before the paths part (taking a
     * slot may write back another register); they count as changed only
     * after the join: the slow path must not store RT's slot before the
     * handler has run (a fault leaves RT as it was).
     */
    int kt = rc_slot_for(e, rt), ka = (how & LS_UPD) ? rc_slot_for(e, ra) : -1;
    uint8_t *miss = emit_tlb(d, size, false);
    emit_host_load(d, size, how, cache_reg[kt], 0);
    if (ka >= 0) {
        x_mov_rr(e, cache_reg[ka], X_RSI);
    }
    emit_access_slow(d, miss, rt, ka >= 0 ? ra : -1);
    rc.dirty[kt] = true;
    if (ka >= 0) {
        rc.dirty[ka] = true;
    }
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_load(const Insn *d, unsigned size, bool xform, int64_t disp)
{
    return emit_load_how(d, size, xform, disp, 0);
}

/* Store forms; update: RA = EA after the access (RA = 0 is the handler's). */
static JitInsnResult emit_store_how(const Insn *d, unsigned size, bool xform, int64_t disp,
                                    bool update)
{
    JitEmitter *e = d->e;
    int ra = F_RA(d->insn);

    if (update && ra == 0) {
        return JIT_INSN_CALL;
    }
    emit_ea(d, xform, disp);
    int hs = rc_get(e, (int)F_RS(d->insn));
    int ka = update ? rc_slot_for(e, ra) : -1;
    uint8_t *miss = emit_tlb(d, size, true);
    emit_host_store(d, size, hs, 0);
    if (ka >= 0) {
        x_mov_rr(e, cache_reg[ka], X_RSI);
    }
    emit_access_slow(d, miss, ka >= 0 ? ra : -1, -1);
    if (ka >= 0) {
        rc.dirty[ka] = true;
    }
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_store(const Insn *d, unsigned size, bool xform, int64_t disp)
{
    return emit_store_how(d, size, xform, disp, false);
}

/*
 * Runs: consecutive D/DS-form loads (or stores) off one base register whose
 * bytes lie within RUN_MAX_SPAN of each other (a function's saves and
 * restores off r1, the turn of a copy loop, a structure's fields). One TLB
 * test covers the span from the lowest byte to the highest: when it lies in
 * one page the entry maps for this kind of access, each access is one host
 * instruction at [addend + lowest EA + its offset], which is where
 * ppc_tlb_hit would send it on its own. Otherwise (a miss, a crossing, a
 * page whose stores must be seen) the run goes through a cold copy of
 * itself that tests each access alone, each with its own slow path, and
 * joins after the run with the same register mapping. A load into the
 * base register ends its run; no jump inside the block lands within one.
 */
enum { RUN_MAX = 8, RUN_MAX_REGS = 6, RUN_MAX_SPAN = 256 };

typedef struct RunForm {
    TBOpFn fn;
    uint8_t size, how;
    bool store, ds;
} RunForm;

static const RunForm run_forms[] = {
    { op_lbz, 1, 0, false, false }, { op_lhz, 2, 0, false, false },
    { op_lwz, 4, 0, false, false }, { op_ld, 8, 0, false, true },
    { op_lha, 2, LS_SX, false, false }, { op_lwa, 4, LS_SX, false, true },
    { op_stb, 1, 0, true, false }, { op_sth, 2, 0, true, false },
    { op_stw, 4, 0, true, false }, { op_std, 8, 0, true, true },
};

static _Thread_local uint32_t run_end;      /* instructions before it went out with a run */
static _Thread_local bool run_cold;         /* emitting a run's cold copy: no runs in it */

static const RunForm *run_form(TBOpFn fn, bool le)
{
    for (size_t k = 0; k < sizeof(run_forms) / sizeof(run_forms[0]); k++) {
        if (run_forms[k].fn == fn) {
            /* sign extension is inline in little-endian mode only (emit_load_how) */
            return (run_forms[k].how & LS_SX) && !le ? NULL : &run_forms[k];
        }
    }
    return NULL;
}

static int64_t run_disp(const RunForm *f, uint32_t insn)
{
    return f->ds ? F_DS(insn) : F_SI(insn);
}

/* The run that starts at instruction i: its length (1: none), and its span. */
static uint32_t run_scan(const Insn *d, uint32_t i, int64_t *lo, uint32_t *span)
{
    const TranslationBlock *tb = d->tb;
    const RunForm *first = run_form(d->fn, d->le);
    int ra = F_RA(d->insn);
    uint64_t regs = 1ull << ra;
    int64_t low = INT64_MAX, high = INT64_MIN;
    uint32_t n = 0;

    if (!first || ra == 0 || run_cold) {
        return 1;
    }
    while (i + n < tb->n_ops && n < RUN_MAX) {
        uint32_t insn = tb->ops[i + n].insn;
        const RunForm *f = run_form(tb->ops[i + n].fn, d->le);
        if (!f || f->store != first->store || (int)F_RA(insn) != ra ||
            (n > 0 && is_fwd_target((int)(i + n)))) {
            break;
        }
        int64_t disp = run_disp(f, insn);
        int64_t l = MIN(low, disp), h = MAX(high, disp + f->size);
        uint64_t r = regs | 1ull << F_RT(insn);
        if (h - l > RUN_MAX_SPAN || __builtin_popcountll(r) > RUN_MAX_REGS) {
            break;
        }
        low = l, high = h, regs = r;
        n++;
        if (!f->store && (int)F_RT(insn) == ra) {
            break;              /* the base changes */
        }
    }
    *lo = low;
    *span = (uint32_t)(high - low);
    return n ? n : 1;
}

static JitInsnResult emit_run(const Insn *d, uint32_t i, uint32_t n, int64_t lo, uint32_t span)
{
    JitEmitter *e = d->e;
    const TBOp *ops = &d->tb->ops[i];
    bool store = run_form(d->fn, d->le)->store;
    int ra = F_RA(d->insn);

    /* Every operand in its host register first: sources loaded, results given slots. */
    uint64_t unloaded = 0;
    rc_get(e, ra);
    for (uint32_t k = 0; k < n; k++) {
        int r = (int)F_RT(ops[k].insn);
        if (store) {
            rc_get(e, r);
        } else {
            if (rc.slot_of[r] < 0) {
                unloaded |= 1ull << r;
            }
            rc_slot_for(e, r);
        }
    }
    for (uint32_t k = 0; k < n; k++) {
        if (rc.slot_of[F_RT(ops[k].insn)] < 0 || rc.slot_of[ra] < 0) {
            /* one evicted another (too few slots free beside the pins): no run */
            for (int r = 0; r < 32; r++) {
                if ((unloaded >> r & 1) && rc.slot_of[r] >= 0) {
                    rc_unmap(rc.slot_of[r]);    /* a slot given to a result holds nothing */
                }
            }
            return JIT_INSN_CALL;
        }
    }
    RegCache fork = rc;
    x_lea(e, d->sf, X_RSI, cache_reg[rc.slot_of[ra]], -1, (int32_t)lo);
    uint8_t *miss = emit_tlb(d, span, store);
    for (uint32_t k = 0; k < n; k++) {
        const RunForm *f = run_form(ops[k].fn, d->le);
        int h = cache_reg[rc.slot_of[F_RT(ops[k].insn)]];
        int32_t off = (int32_t)(run_disp(f, ops[k].insn) - lo);
        if (store) {
            emit_host_store(d, f->size, h, off);
        } else {
            emit_host_load(d, f->size, f->how, h, off);
        }
    }
    SlowPath *s = &slow_paths[n_slow_paths++];
    *s = (SlowPath){ .miss = { miss, NULL }, .resume = e->p, .run = (uint8_t)n, .op = i,
                     .rc = fork };
    slow_path_probe(s);
    for (uint32_t k = 0; k < n && !store; k++) {
        rc.dirty[rc.slot_of[F_RT(ops[k].insn)]] = true;
    }
    run_end = i + n;
    return JIT_INSN_INLINE;
}

/*
 * The run's accesses one by one, from the mapping at the fork (where every
 * operand has its slot, so none is loaded or evicted and the copy ends in
 * the fast path's mapping), then back after the run.
 */
static void emit_run_cold(JitEmitter *e, const TranslationBlock *tb, const SlowPath *s)
{
    rc = s->rc;
    run_cold = true;
    for (uint32_t k = 0; k < s->run; k++) {
        const TBOp *op = &tb->ops[s->op + k];
        Insn d = {
            .e = e, .tb = tb, .pc = tb->pc + 4ull * (s->op + k), .insn = op->insn, .fn = op->fn,
            .sf = (tb->flags & FLAG_SF) != 0, .le = (tb->flags & MSR_LE) != 0,
        };
        const RunForm *f = run_form(op->fn, d.le);
        if (f->store) {
            emit_store_how(&d, f->size, false, run_disp(f, op->insn), false);
        } else {
            emit_load_how(&d, f->size, false, run_disp(f, op->insn), f->how);
        }
    }
    run_cold = false;
    x_patch_rel32(x_jump_fwd(e, -1), s->resume);
}

static JitInsnResult emit_lbz(const Insn *d) { return emit_load(d, 1, false, F_SI(d->insn)); }
static JitInsnResult emit_lhz(const Insn *d) { return emit_load(d, 2, false, F_SI(d->insn)); }
static JitInsnResult emit_lwz(const Insn *d) { return emit_load(d, 4, false, F_SI(d->insn)); }
static JitInsnResult emit_ld(const Insn *d) { return emit_load(d, 8, false, F_DS(d->insn)); }
static JitInsnResult emit_lbzx(const Insn *d) { return emit_load(d, 1, true, 0); }
static JitInsnResult emit_lhzx(const Insn *d) { return emit_load(d, 2, true, 0); }
static JitInsnResult emit_lwzx(const Insn *d) { return emit_load(d, 4, true, 0); }
static JitInsnResult emit_ldx(const Insn *d) { return emit_load(d, 8, true, 0); }
static JitInsnResult emit_stb(const Insn *d) { return emit_store(d, 1, false, F_SI(d->insn)); }
static JitInsnResult emit_sth(const Insn *d) { return emit_store(d, 2, false, F_SI(d->insn)); }
static JitInsnResult emit_stw(const Insn *d) { return emit_store(d, 4, false, F_SI(d->insn)); }
static JitInsnResult emit_std(const Insn *d) { return emit_store(d, 8, false, F_DS(d->insn)); }
static JitInsnResult emit_stbx(const Insn *d) { return emit_store(d, 1, true, 0); }
static JitInsnResult emit_sthx(const Insn *d) { return emit_store(d, 2, true, 0); }
static JitInsnResult emit_stwx(const Insn *d) { return emit_store(d, 4, true, 0); }
static JitInsnResult emit_stdx(const Insn *d) { return emit_store(d, 8, true, 0); }
static JitInsnResult emit_lbzu(const Insn *d) { return emit_load_how(d, 1, false, F_SI(d->insn), LS_UPD); }
static JitInsnResult emit_lhzu(const Insn *d) { return emit_load_how(d, 2, false, F_SI(d->insn), LS_UPD); }
static JitInsnResult emit_lwzu(const Insn *d) { return emit_load_how(d, 4, false, F_SI(d->insn), LS_UPD); }
static JitInsnResult emit_ldu(const Insn *d) { return emit_load_how(d, 8, false, F_DS(d->insn), LS_UPD); }
static JitInsnResult emit_lbzux(const Insn *d) { return emit_load_how(d, 1, true, 0, LS_UPD); }
static JitInsnResult emit_lhzux(const Insn *d) { return emit_load_how(d, 2, true, 0, LS_UPD); }
static JitInsnResult emit_lwzux(const Insn *d) { return emit_load_how(d, 4, true, 0, LS_UPD); }
static JitInsnResult emit_ldux(const Insn *d) { return emit_load_how(d, 8, true, 0, LS_UPD); }
static JitInsnResult emit_lha(const Insn *d) { return emit_load_how(d, 2, false, F_SI(d->insn), LS_SX); }
static JitInsnResult emit_lhax(const Insn *d) { return emit_load_how(d, 2, true, 0, LS_SX); }
static JitInsnResult emit_lwa(const Insn *d) { return emit_load_how(d, 4, false, F_DS(d->insn), LS_SX); }
static JitInsnResult emit_lwax(const Insn *d) { return emit_load_how(d, 4, true, 0, LS_SX); }
static JitInsnResult emit_stbu(const Insn *d) { return emit_store_how(d, 1, false, F_SI(d->insn), true); }
static JitInsnResult emit_sthu(const Insn *d) { return emit_store_how(d, 2, false, F_SI(d->insn), true); }
static JitInsnResult emit_stwu(const Insn *d) { return emit_store_how(d, 4, false, F_SI(d->insn), true); }
static JitInsnResult emit_stdu(const Insn *d) { return emit_store_how(d, 8, false, F_DS(d->insn), true); }
static JitInsnResult emit_stbux(const Insn *d) { return emit_store_how(d, 1, true, 0, true); }
static JitInsnResult emit_sthux(const Insn *d) { return emit_store_how(d, 2, true, 0, true); }
static JitInsnResult emit_stwux(const Insn *d) { return emit_store_how(d, 4, true, 0, true); }
static JitInsnResult emit_stdux(const Insn *d) { return emit_store_how(d, 8, true, 0, true); }

/*
 * dcbz: the 128-byte block holding EA is zeroed (insn-ldst.c: 16 stores of
 * zero); inline when the write TLB holds its page, which the block, aligned,
 * never crosses. The guest kernel clears every page it hands out this way.
 */
static JitInsnResult emit_dcbz(const Insn *d)
{
    JitEmitter *e = d->e;

    emit_ea(d, true, 0);
    x_alu_ri(e, true, ALU_AND, X_RSI, -128);
    uint8_t *miss = emit_tlb(d, 128, true);
    x_alu_rr(e, true, ALU_ADD, X_RAX, X_RSI);
    x_alu_rr(e, false, ALU_XOR, X_RCX, X_RCX);
    for (int off = 0; off < 128; off += 8) {
        x_b(e, 0x48), x_b(e, 0x89), x_b(e, 0x48), x_b(e, (uint8_t)off);   /* mov [rax+off], rcx */
    }
    emit_access_slow(d, miss, -1, -1);
    return JIT_INSN_INLINE;
}

/* ---- VSX: the doubleword vector loads/stores glibc's memcpy uses, lxvdsx, and logical ops ---- */

static inline int32_t vsr_dw(int n, int half)
{
    return OFF(vsr) + 16 * n + 8 * half;     /* host order: u64[1] is doubleword 0 */
}

/*
 * A facility's runtime check, MSR[FP], MSR[VEC] or MSR[VSX] (the block flags
 * do not hold them): the jump taken when it is off. With it, and for storage
 * forms the TLB hit, failing runs the handler (a slow path), which raises the
 * unavailable interrupt or does the whole access.
 */
static uint8_t *emit_fac_check(const Insn *d, uint64_t bit)
{
    x_test_mi32(d->e, OFF(msr), (uint32_t)bit);
    return x_jump_fwd(d->e, CC_E);
}

static uint8_t *emit_vsx_check(const Insn *d) { return emit_fac_check(d, MSR_VSX); }

static JitInsnResult emit_vsx_join(const Insn *d, uint8_t *slow1, uint8_t *slow2)
{
    emit_slow_keep2(d, slow1, slow2, -1, -1);
    return JIT_INSN_INLINE;
}

/*
 * lxvd2x / stxvd2x: element i is the doubleword at EA + 8i in the current
 * byte order (insn-vsx.c); lxvdsx: the doubleword at EA in both elements.
 */
static JitInsnResult emit_vsx_ldst(const Insn *d, bool store, bool splat)
{
    JitEmitter *e = d->e;
    int xt = (int)F_XT(d->insn);

    emit_ea(d, true, 0);
    uint8_t *nofac = emit_vsx_check(d);
    uint8_t *miss = emit_tlb(d, splat ? 8 : 16, store);
    x_alu_rr(e, true, ALU_ADD, X_RAX, X_RSI);
    if (store) {
        x_load64(e, X_RCX, vsr_dw(xt, 1));
        x_load64(e, X_RDX, vsr_dw(xt, 0));
        if (!d->le) {
            x_bswap(e, true, X_RCX);
            x_bswap(e, true, X_RDX);
        }
        x_op_ind(e, true, 0x89, X_RCX, X_RAX);      /* mov [rax], rcx */
        x_alu_ri(e, true, ALU_ADD, X_RAX, 8);
        x_op_ind(e, true, 0x89, X_RDX, X_RAX);
    } else {
        x_op_ind(e, true, 0x8b, X_RCX, X_RAX);      /* mov rcx, [rax] */
        if (splat) {
            x_mov_rr(e, X_RDX, X_RCX);
        } else {
            x_alu_ri(e, true, ALU_ADD, X_RAX, 8);
            x_op_ind(e, true, 0x8b, X_RDX, X_RAX);
        }
        if (!d->le) {
            x_bswap(e, true, X_RCX);
            x_bswap(e, true, X_RDX);
        }
        x_store64(e, vsr_dw(xt, 1), X_RCX);
        x_store64(e, vsr_dw(xt, 0), X_RDX);
    }
    return emit_vsx_join(d, nofac, miss);
}

static JitInsnResult emit_lxvd2x(const Insn *d) { return emit_vsx_ldst(d, false, false); }
static JitInsnResult emit_stxvd2x(const Insn *d) { return emit_vsx_ldst(d, true, false); }
static JitInsnResult emit_lxvdsx(const Insn *d) { return emit_vsx_ldst(d, false, true); }

/*
 * lfd / stfd and their X and update forms (Book I 4.6.2, 4.6.3): FPR FRT,
 * doubleword 0 of VSR FRT, and the doubleword at EA, after MSR[FP] (the
 * block flags do not hold it) and the TLB; either failing runs the handler,
 * which raises the unavailable interrupt or does the whole access. The
 * update forms with RA = 0 (invalid) are the handler's.
 */
static JitInsnResult emit_fp_ldst(const Insn *d, bool store, bool xform, bool update)
{
    JitEmitter *e = d->e;
    int ra = F_RA(d->insn);
    int32_t fpr = vsr_dw((int)F_FRT(d->insn), 1);

    if (update && ra == 0) {
        return JIT_INSN_CALL;
    }
    emit_ea(d, xform, xform ? 0 : F_SI(d->insn));
    int ka = update ? rc_slot_for(e, ra) : -1;    /* before the paths part: see emit_load_how */
    uint8_t *nofac = emit_fac_check(d, MSR_FP);
    uint8_t *miss = emit_tlb(d, 8, store);
    if (store) {
        x_load64(e, X_RDX, fpr);
        emit_host_store(d, 8, X_RDX, 0);
    } else {
        emit_host_load(d, 8, 0, X_RDX, 0);
        x_store64(e, fpr, X_RDX);
    }
    if (ka >= 0) {
        x_mov_rr(e, cache_reg[ka], X_RSI);
    }
    emit_slow_keep2(d, nofac, miss, ka >= 0 ? ra : -1, -1);
    if (ka >= 0) {
        rc.dirty[ka] = true;
    }
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_lfd(const Insn *d) { return emit_fp_ldst(d, false, false, false); }
static JitInsnResult emit_lfdx(const Insn *d) { return emit_fp_ldst(d, false, true, false); }
static JitInsnResult emit_lfdu(const Insn *d) { return emit_fp_ldst(d, false, false, true); }
static JitInsnResult emit_lfdux(const Insn *d) { return emit_fp_ldst(d, false, true, true); }
static JitInsnResult emit_stfd(const Insn *d) { return emit_fp_ldst(d, true, false, false); }
static JitInsnResult emit_stfdx(const Insn *d) { return emit_fp_ldst(d, true, true, false); }
static JitInsnResult emit_stfdu(const Insn *d) { return emit_fp_ldst(d, true, false, true); }
static JitInsnResult emit_stfdux(const Insn *d) { return emit_fp_ldst(d, true, true, true); }

/*
 * fcmpu (Book I 4.6.8): ucomisd orders two doubles as the ISA does (-0 = +0,
 * denormals by value); unordered (a NaN operand) is the handler's, which also
 * raises VXSNAN for a signalling one. Ordered, the outcome is 8 (less), 4
 * (greater) or 2 (equal) into CR field BF and FPSCR[FPCC], and no exception
 * bit changes. Reserved bits set: the handler's illegal-instruction interrupt.
 */
static JitInsnResult emit_fcmpu(const Insn *d)
{
    JitEmitter *e = d->e;
    int bf = (int)F_BF(d->insn);

    if (d->insn & FCMP_RESERVED) {
        return JIT_INSN_CALL;
    }
    int kc = rc_slot_for(e, RC_CRF + bf);     /* before the paths part: see emit_load_how */
    int r = cache_reg[kc];
    uint8_t *nofac = emit_fac_check(d, MSR_FP);
    x_sse_mem(e, 0xf3, 0x0f7e, 0, vsr_dw((int)F_FRA(d->insn), 1));    /* movq xmm0, FRA */
    x_sse_mem(e, 0x66, 0x0f2e, 0, vsr_dw((int)F_FRB(d->insn), 1));    /* ucomisd xmm0, FRB */
    uint8_t *unordered = x_jump_fwd(e, CC_P);
    x_mov_imm(e, r, 4);                         /* movs keep the flags */
    x_mov_imm(e, X_RCX, 8);
    x_cmov(e, CC_B, r, X_RCX);
    x_mov_imm(e, X_RCX, 2);
    x_cmov(e, CC_E, r, X_RCX);
    x_load64(e, X_RDX, OFF(fpscr));
    x_alu_ri(e, true, ALU_AND, X_RDX, (int32_t)~(uint32_t)FPSCR_FPCC);
    x_mov_rr(e, X_RCX, r);
    x_shift_ri(e, true, SH_SHL, X_RCX, FPSCR_FPRF_SHIFT);
    x_alu_rr(e, true, ALU_OR, X_RDX, X_RCX);
    x_store64(e, OFF(fpscr), X_RDX);
    emit_slow_keep2(d, nofac, unordered, RC_CRF + bf, -1);
    rc.dirty[kc] = true;
    return JIT_INSN_INLINE;
}

/* fmr with Rc = 0 (4.6.5): doubleword 0 of VSR FRB to that of FRT, after MSR[FP]. */
static JitInsnResult emit_fmr(const Insn *d)
{
    JitEmitter *e = d->e;

    if (F_Rc(d->insn) || (d->insn & FRA_FIELD)) {
        return JIT_INSN_CALL;
    }
    uint8_t *nofac = emit_fac_check(d, MSR_FP);
    x_load64(e, X_RAX, vsr_dw((int)F_FRB(d->insn), 1));
    x_store64(e, vsr_dw((int)F_FRT(d->insn), 1), X_RAX);
    emit_slow_keep2(d, nofac, NULL, -1, -1);
    return JIT_INSN_INLINE;
}

/*
 * mtvsrd / mfvsrd (Book I 7.6.1.4): a GPR to or from doubleword 0 of a VSR,
 * after MSR[FP] for VSRs 0-31 (the FPRs) or MSR[VEC] for 32-63.
 */
static JitInsnResult emit_vsr_move(const Insn *d, bool to_vsr)
{
    JitEmitter *e = d->e;
    int xt = (int)F_XT(d->insn), ra = (int)F_RA(d->insn);
    /* RA's register before the paths part (see emit_load_how) */
    int h = to_vsr ? rc_get(e, ra) : -1, kt = to_vsr ? -1 : rc_slot_for(e, ra);
    uint8_t *nofac = emit_fac_check(d, xt < 32 ? MSR_FP : MSR_VEC);

    if (to_vsr) {
        x_store64(e, vsr_dw(xt, 1), h);
    } else {
        x_load64(e, cache_reg[kt], vsr_dw(xt, 1));
    }
    emit_slow_keep2(d, nofac, NULL, to_vsr ? -1 : ra, -1);
    if (kt >= 0) {
        rc.dirty[kt] = true;
    }
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_mtvsrd(const Insn *d) { return emit_vsr_move(d, true); }
static JitInsnResult emit_mfvsrd(const Insn *d) { return emit_vsr_move(d, false); }

/* VSR t = VSR a alu VSR b, each doubleword on its own (both read before t is written). */
static void emit_dw_alu(JitEmitter *e, int alu, int t, int a, int b)
{
    x_load64(e, X_RAX, vsr_dw(a, 0));
    x_load64(e, X_RCX, vsr_dw(a, 1));
    x_alu_rm(e, true, alu, X_RAX, vsr_dw(b, 0));
    x_alu_rm(e, true, alu, X_RCX, vsr_dw(b, 1));
    x_store64(e, vsr_dw(t, 0), X_RAX);
    x_store64(e, vsr_dw(t, 1), X_RCX);
}

/* xxland / xxlor / xxlxor: each doubleword, after the facility check. */
static JitInsnResult emit_xxlogic(const Insn *d, int alu)
{
    uint8_t *nofac = emit_vsx_check(d);

    emit_dw_alu(d->e, alu, (int)F_XT(d->insn), (int)F_XA(d->insn), (int)F_XB(d->insn));
    return emit_vsx_join(d, nofac, NULL);
}

/*
 * The moves of a loop that builds vectors in registers (the mem part's
 * fill: vaddudm, vpkudum, xxswapd, then stxvd2x), inline instead of a call
 * each, as insn-vmx.c / insn-vsx.c define them. Every source doubleword is
 * read before the target is written: VRT may be VRA or VRB.
 */

/* xxpermdi: doubleword 0 of XT is XA's doubleword DM[0], doubleword 1 XB's DM[1]. */
static JitInsnResult emit_xxpermdi(const Insn *d)
{
    JitEmitter *e = d->e;
    int xt = (int)F_XT(d->insn), xa = (int)F_XA(d->insn), xb = (int)F_XB(d->insn);
    unsigned dm = (d->insn >> 8) & 3;
    uint8_t *nofac = emit_vsx_check(d);

    x_load64(e, X_RAX, vsr_dw(xa, 1 - (int)(dm >> 1)));
    x_load64(e, X_RCX, vsr_dw(xb, 1 - (int)(dm & 1)));
    x_store64(e, vsr_dw(xt, 1), X_RAX);
    x_store64(e, vsr_dw(xt, 0), X_RCX);
    return emit_vsx_join(d, nofac, NULL);
}

/* vaddudm: each doubleword, modulo 2^64. */
static JitInsnResult emit_vaddudm(const Insn *d)
{
    uint8_t *nofac = emit_fac_check(d, MSR_VEC);

    emit_dw_alu(d->e, ALU_ADD, 32 + (int)F_VRT(d->insn), 32 + (int)F_VRA(d->insn),
                32 + (int)F_VRB(d->insn));
    return emit_vsx_join(d, nofac, NULL);
}

/*
 * vpkudum: words 0-3 of VRT are the low words of VRA's doublewords 0, 1
 * and VRB's 0, 1: doubleword 0 = low(a.dw0) << 32 | low(a.dw1), and the
 * same of b for doubleword 1 (a 32-bit load takes a low word and clears
 * the rest).
 */
static JitInsnResult emit_vpkudum(const Insn *d)
{
    JitEmitter *e = d->e;
    int vt = 32 + (int)F_VRT(d->insn), va = 32 + (int)F_VRA(d->insn), vb = 32 + (int)F_VRB(d->insn);
    uint8_t *nofac = emit_fac_check(d, MSR_VEC);

    x_load32(e, X_RAX, vsr_dw(va, 1));
    x_load32(e, X_RDX, vsr_dw(vb, 1));
    x_shift_ri(e, true, SH_SHL, X_RAX, 32);
    x_shift_ri(e, true, SH_SHL, X_RDX, 32);
    x_load32(e, X_RCX, vsr_dw(va, 0));
    x_alu_rr(e, true, ALU_OR, X_RAX, X_RCX);
    x_load32(e, X_RCX, vsr_dw(vb, 0));
    x_alu_rr(e, true, ALU_OR, X_RDX, X_RCX);
    x_store64(e, vsr_dw(vt, 1), X_RAX);
    x_store64(e, vsr_dw(vt, 0), X_RDX);
    return emit_vsx_join(d, nofac, NULL);
}

static JitInsnResult emit_xxland(const Insn *d) { return emit_xxlogic(d, ALU_AND); }
static JitInsnResult emit_xxlor(const Insn *d) { return emit_xxlogic(d, ALU_OR); }
static JitInsnResult emit_xxlxor(const Insn *d) { return emit_xxlogic(d, ALU_XOR); }

/* ---- LR and CTR moves (mflr, mtlr, mfctr, mtctr): both are free to any privilege ---- */

static int lr_ctr_reg(uint32_t insn)
{
    switch (F_SPR(insn)) {
    case SPR_LR: return RC_LR;
    case SPR_CTR: return RC_CTR;
    default: return -1;
    }
}

static JitInsnResult emit_mfspr(const Insn *d)
{
    int n = lr_ctr_reg(d->insn);

    if (n < 0) {
        return JIT_INSN_CALL;
    }
    def_from(d->e, (int)F_RT(d->insn), rc_get(d->e, n));
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_mtspr(const Insn *d)
{
    int n = lr_ctr_reg(d->insn);

    if (n < 0) {
        return JIT_INSN_CALL;
    }
    def_from(d->e, n, rc_get(d->e, (int)F_RS(d->insn)));
    return JIT_INSN_INLINE;
}

/* ---- Branches (they end the block) ---- */

static void emit_set_lr(const Insn *d)
{
    if (d->insn & 1) {
        x_mov_imm(d->e, X_RAX, trunc_mode(d, d->pc + 4));
        x_store64(d->e, OFF(lr), X_RAX);
    }
}

/* b's target: LI, relative unless AA. */
static uint64_t b_target(uint64_t pc, uint32_t insn)
{
    int64_t li = (int32_t)(insn << 6) >> 6 & ~3;

    return ((insn & 2) ? 0 : pc) + (uint64_t)li;
}

/* Whether a jump from d to target can stay in the block (see fwd_at): its index there, or -1. */
static int fwd_slot(const Insn *d, uint64_t target)
{
    int to = (int)((target - d->tb->pc) / 4);

    return target > d->pc && n_fwd_jumps < FWD_JUMPS_MAX && is_fwd_target(to) ? to : -1;
}

/* The jump (fwd_slot said yes): the canonical state, the skipped instructions given back. */
static void emit_fwd_jump(const Insn *d, uint64_t target)
{
    uint32_t skipped = (uint32_t)((target - d->pc) / 4 - 1);

    rc_canonical(d->e);
    if (skipped) {
        x_alu_ri(d->e, true, ALU_ADD, X_LEFT, (int32_t)skipped);
    }
    fwd_jump[n_fwd_jumps].to = fwd_slot(d, target);
    fwd_jump[n_fwd_jumps++].rel = x_jump_fwd(d->e, -1);
}

/* The instructions of the block after d. */
static uint32_t insns_after(const Insn *d)
{
    return (uint32_t)((d->tb->pc + 4ull * d->tb->n_ops - d->pc) / 4 - 1);
}

/*
 * Before an unconditional exit: one that is not the block's last
 * instruction (ppc/translate.c went on past it) gives back the instructions
 * after it, and what follows it is reached only by the forward jump.
 */
static JitInsnResult exit_always(const Insn *d)
{
    uint32_t after = insns_after(d);

    if (!after) {
        return JIT_INSN_END;
    }
    x_alu_ri(d->e, true, ALU_ADD, X_LEFT, (int32_t)after);
    unreachable = true;
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_b(const Insn *d)
{
    uint64_t target = trunc_mode(d, b_target(d->pc, d->insn));
    JitInsnResult r;

    if (d->fn == op_b && fwd_slot(d, target) >= 0) {
        emit_fwd_jump(d, target);
        unreachable = true;
        return JIT_INSN_INLINE;
    }
    rc_writeback(d->e);

    emit_set_lr(d);
    r = exit_always(d);
    jit_emit_goto(d->e, target);
    return r;
}

/*
 * bc's conditions, once for both emitters: hctr is CTR's host register just
 * decremented (its flags still those of the sub) or -1, hcr the CR field's
 * or -1. Fills not_taken with the jumps taken when the branch is not, and
 * returns how many.
 */
static int emit_bc_tests(const Insn *d, int hctr, int hcr, uint8_t *not_taken[2])
{
    unsigned bo = F_BO(d->insn), bi = F_BI(d->insn);
    int n = 0;

    if (hctr >= 0) {
        if (!d->sf) {
            x_test_rr(d->e, false, hctr, hctr);     /* CTR[32:63] only */
        }
        not_taken[n++] = x_jump_fwd(d->e, (bo & 0x02) ? CC_NE : CC_E);
    }
    if (hcr >= 0) {
        x_test_ri32(d->e, hcr, crbit_mask(bi));
        not_taken[n++] = x_jump_fwd(d->e, (bo & 0x08) ? CC_E : CC_NE);
    }
    return n;
}

/* bc's target: BD, relative unless AA. */
static uint64_t bc_target(const Insn *d)
{
    int64_t bd = (int16_t)(d->insn & 0xfffc);
    return trunc_mode(d, ((d->insn & 2) ? 0 : d->pc) + (uint64_t)bd);
}

/*
 * A loop's branch back to the block's start (see plan_pins), its tests
 * made: taken, the pinned registers go back to their slots (those a call
 * forgot are reloaded), the others to memory, and the jump back to the loop
 * head follows the entry's checks; when a check fails the pinned registers
 * are stored and the block is left for its own start. Not taken, a branch
 * inside the block goes on with the register cache as it was; one that
 * ends it stores everything changed and exits to the next instruction.
 */
static bool is_back_edge(const Insn *d)
{
    return loop_head && d->fn == op_bc && bc_target(d) == d->tb->pc;
}

static JitInsnResult emit_bc_loop(const Insn *d, int hctr, int hcr, bool inside)
{
    JitEmitter *e = d->e;
    uint8_t *not_taken[2];
    int n = emit_bc_tests(d, hctr, hcr, not_taken);
    RegCache at_branch = rc;
    uint32_t run = (uint32_t)((d->pc - d->tb->pc) / 4 + 1);

    rc_canonical(e);
    if (loop_back) {
        /* the first branch back's checks charge its own turn: the difference first */
        if (run != loop_back_run) {
            x_alu_ri(e, true, ALU_SUB, X_LEFT, (int32_t)(run - loop_back_run));
        }
        x_patch_rel32(x_jump_fwd(e, -1), loop_back);
    } else {
        loop_back = e->p;
        loop_back_run = run;
        jit_emit_loop_back(e, loop_head, run);
        for (int k = 0; k < N_CACHE; k++) {
            if (slot_pin[k] >= 0) {
                rc_store(e, slot_pin[k], cache_reg[k]);
            }
        }
        jit_emit_set_pc(e, d->tb->pc);
        jit_emit_goto_dynamic(e);
    }

    rc = at_branch;
    for (int i = 0; i < n; i++) {
        x_bind(e, not_taken[i]);
    }
    if (inside) {
        return JIT_INSN_INLINE;
    }
    rc_store_dirty(e);
    jit_emit_goto(e, trunc_mode(d, d->pc + 4));
    return JIT_INSN_END;
}

/*
 * bc / bclr / bcctr: BO[2] clear decrements CTR and tests it (CTR[32:63] in
 * 32-bit mode), BO[0] clear tests CR[BI]; LR is written when LK = 1, taken
 * or not, after bclr has read its target. to_reg: RC_LR or RC_CTR for the
 * register forms, -1 for bc. CTR is decremented in its host register, whose
 * flags decide the branch (after the write-back, movs only, has stored it).
 */
static JitInsnResult emit_bc_common(const Insn *d, int to_reg)
{
    JitEmitter *e = d->e;
    unsigned bo = F_BO(d->insn), bi = F_BI(d->insn);
    uint8_t *not_taken[2];
    int n, hcr = -1, hctr = -1, hto = -1;

    if (!(bo & 0x10)) {
        hcr = rc_get(e, crbit_field(bi));
    }
    if (to_reg >= 0) {
        hto = rc_get(e, to_reg);
    }
    if (!(bo & 0x04)) {
        hctr = rc_mod(e, RC_CTR);
        x_alu_ri(e, true, ALU_SUB, hctr, 1);
    }
    if (to_reg < 0 && is_back_edge(d)) {
        return emit_bc_loop(d, hctr, hcr, false);
    }
    rc_writeback(e);
    n = emit_bc_tests(d, hctr, hcr, not_taken);
    /* Unconditional, it may be inside the block (ppc/translate.c passable_branch). */
    JitInsnResult r = JIT_INSN_END;
    if (hto >= 0) {
        x_mov_rr(e, X_RAX, hto);
        x_alu_ri(e, true, ALU_AND, X_RAX, -4);
        if (!d->sf) {
            x_mov_rr32(e, X_RAX, X_RAX);
        }
        x_store64(e, (int32_t)offsetof(CPUState, pc), X_RAX);
        emit_set_lr(d);
        r = n ? r : exit_always(d);
        jit_emit_goto_lookup(e);
    } else {
        emit_set_lr(d);
        r = n ? r : exit_always(d);
        jit_emit_goto(e, bc_target(d));
    }
    if (n) {
        for (int i = 0; i < n; i++) {
            x_bind(e, not_taken[i]);
        }
        emit_set_lr(d);
        jit_emit_goto(e, trunc_mode(d, d->pc + 4));
    }
    return r;
}

/*
 * bc inside a block (ppc/translate.c continues_past; LK = 0): the taken side
 * stores the changed registers, gives the block's instructions after the
 * branch back to the slice, and leaves; the fall-through goes on with the
 * register cache as it was. A target later in the block is jumped to (see
 * fwd_at).
 */
static JitInsnResult emit_bc_mid(const Insn *d)
{
    JitEmitter *e = d->e;
    unsigned bo = F_BO(d->insn), bi = F_BI(d->insn);
    uint8_t *not_taken[2];
    int n, hcr = -1, hctr = -1;
    uint32_t after = (uint32_t)((d->tb->pc + 4ull * d->tb->n_ops - d->pc) / 4 - 1);

    if (!(bo & 0x10)) {
        hcr = rc_get(e, crbit_field(bi));
    }
    if (!(bo & 0x04)) {
        hctr = rc_mod(e, RC_CTR);
        x_alu_ri(e, true, ALU_SUB, hctr, 1);
    }
    if (is_back_edge(d)) {
        return emit_bc_loop(d, hctr, hcr, true);
    }
    n = emit_bc_tests(d, hctr, hcr, not_taken);
    if (fwd_slot(d, bc_target(d)) >= 0) {
        RegCache at_branch = rc;

        emit_fwd_jump(d, bc_target(d));
        rc = at_branch;
        for (int i = 0; i < n; i++) {
            x_bind(e, not_taken[i]);
        }
        return JIT_INSN_INLINE;
    }
    rc_store_dirty(e);
    x_alu_ri(e, true, ALU_ADD, X_LEFT, (int32_t)after);
    jit_emit_goto(e, bc_target(d));
    for (int i = 0; i < n; i++) {
        x_bind(e, not_taken[i]);
    }
    return JIT_INSN_INLINE;
}

static JitInsnResult emit_bc(const Insn *d)
{
    if (d->pc + 4 != d->tb->pc + 4ull * d->tb->n_ops) {
        return d->fn == op_bc ? emit_bc_mid(d) : JIT_INSN_CALL;
    }
    return emit_bc_common(d, -1);
}
static JitInsnResult emit_bclr(const Insn *d) { return emit_bc_common(d, RC_LR); }

/* bcctr with BO[2] = 0 (decrement, branch to the old CTR) stays with its handler. */
static JitInsnResult emit_bcctr(const Insn *d)
{
    return (F_BO(d->insn) & 0x04) ? emit_bc_common(d, RC_CTR) : JIT_INSN_CALL;
}

/*
 * Handlers that write no GPR, CTR, LR or XER (and may write CR fields): the
 * floating-point, VSX and VMX instructions except the FP loads and stores
 * with update and mfvsrd/mfvsrwz (their handlers in ppc/insn-fp.c,
 * insn-vsx*.c and insn-vmx*.c write nothing else). A call of one keeps the
 * GPRs held in call-saved host registers: FP code's loops (a multiply-add,
 * then address arithmetic) do not reload their GPRs after every call.
 */
#define INSN(n, op, x, m, f) op_##n,
static TBOpFn keeps_gprs[] = {
#include "ppc/insn-fp.def"
#include "ppc/insn-vsx.def"
#include "ppc/insn-vmx.def"
};
#undef INSN
static size_t n_keeps_gprs;
static pthread_once_t keeps_gprs_once = PTHREAD_ONCE_INIT;

static int cmp_fn(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)*(const TBOpFn *)a, y = (uintptr_t)*(const TBOpFn *)b;
    return x < y ? -1 : x > y;
}

static void keeps_gprs_init(void)
{
    static const TBOpFn writes_gpr[] = {
        op_lfsu, op_lfdu, op_stfsu, op_stfdu, op_lfsux, op_lfdux, op_stfsux, op_stfdux,
        op_mfvsrd, op_mfvsrwz,
    };
    size_t n = 0;

    for (size_t i = 0; i < sizeof(keeps_gprs) / sizeof(keeps_gprs[0]); i++) {
        bool out = false;
        for (size_t k = 0; k < sizeof(writes_gpr) / sizeof(writes_gpr[0]); k++) {
            out |= keeps_gprs[i] == writes_gpr[k];
        }
        if (!out) {
            keeps_gprs[n++] = keeps_gprs[i];
        }
    }
    qsort(keeps_gprs, n, sizeof(keeps_gprs[0]), cmp_fn);
    n_keeps_gprs = n;
}

static bool call_keeps_gprs(TBOpFn fn)
{
    pthread_once(&keeps_gprs_once, keeps_gprs_init);
    return bsearch(&fn, keeps_gprs, n_keeps_gprs, sizeof(keeps_gprs[0]), cmp_fn) != NULL;
}

typedef struct Inline {
    TBOpFn fn;
    JitInsnResult (*emit)(const Insn *d);
} Inline;

static const Inline inline_table[] = {
    { op_addi, emit_addi }, { op_addis, emit_addis }, { op_add, emit_add },
    { op_subf, emit_subf }, { op_neg, emit_neg },
    { op_and, emit_and }, { op_or, emit_or }, { op_xor, emit_xor }, { op_andc, emit_andc },
    { op_ori, emit_ori }, { op_oris, emit_oris }, { op_xori, emit_xori },
    { op_xoris, emit_xoris }, { op_andi_rc, emit_andi_rc }, { op_andis_rc, emit_andis_rc },
    { op_extsb, emit_extsb }, { op_extsh, emit_extsh }, { op_extsw, emit_extsw },
    { op_rlwinm, emit_rlwinm }, { op_rldicl, emit_rldicl }, { op_rldicr, emit_rldicr },
    { op_rldic, emit_rldic }, { op_rldimi, emit_rldimi },
    { op_addc, emit_addc }, { op_adde, emit_adde }, { op_addze, emit_addze },
    { op_addme, emit_addme }, { op_subfc, emit_subfc }, { op_subfe, emit_subfe },
    { op_subfze, emit_subfze }, { op_subfme, emit_subfme }, { op_addic, emit_addic },
    { op_addic_rc, emit_addic }, { op_subfic, emit_subfic },
    { op_mulld, emit_mulld }, { op_mullw, emit_mullw }, { op_mulli, emit_mulli },
    { op_mfcr, emit_mfcr }, { op_mtcrf, emit_mtcrf },
    { op_slw, emit_slw }, { op_srw, emit_srw }, { op_sld, emit_sld }, { op_srd, emit_srd },
    { op_cmp, emit_cmp }, { op_cmpi, emit_cmpi }, { op_cmpl, emit_cmpl }, { op_cmpli, emit_cmpli },
    { op_lbz, emit_lbz }, { op_lhz, emit_lhz }, { op_lwz, emit_lwz }, { op_ld, emit_ld },
    { op_lbzx, emit_lbzx }, { op_lhzx, emit_lhzx }, { op_lwzx, emit_lwzx }, { op_ldx, emit_ldx },
    { op_stb, emit_stb }, { op_sth, emit_sth }, { op_stw, emit_stw }, { op_std, emit_std },
    { op_stbx, emit_stbx }, { op_sthx, emit_sthx }, { op_stwx, emit_stwx }, { op_stdx, emit_stdx },
    { op_lbzu, emit_lbzu }, { op_lhzu, emit_lhzu }, { op_lwzu, emit_lwzu }, { op_ldu, emit_ldu },
    { op_lbzux, emit_lbzux }, { op_lhzux, emit_lhzux }, { op_lwzux, emit_lwzux },
    { op_ldux, emit_ldux }, { op_lha, emit_lha }, { op_lhax, emit_lhax }, { op_lwa, emit_lwa },
    { op_lwax, emit_lwax }, { op_stbu, emit_stbu }, { op_sthu, emit_sthu },
    { op_stwu, emit_stwu }, { op_stdu, emit_stdu }, { op_stbux, emit_stbux },
    { op_sthux, emit_sthux }, { op_stwux, emit_stwux }, { op_stdux, emit_stdux },
    { op_b, emit_b }, { op_bl, emit_b }, { op_ba, emit_b }, { op_bla, emit_b },
    { op_bc, emit_bc }, { op_bcl, emit_bc }, { op_bca, emit_bc }, { op_bcla, emit_bc },
    { op_bclr, emit_bclr }, { op_bclrl, emit_bclr }, { op_bcctr, emit_bcctr },
    { op_bcctrl, emit_bcctr }, { op_mfspr, emit_mfspr }, { op_mtspr, emit_mtspr },
    { op_mulhd, emit_mulhd }, { op_mulhdu, emit_mulhdu }, { op_mulhw, emit_mulhw },
    { op_mulhwu, emit_mulhwu }, { op_divd, emit_divd }, { op_divdu, emit_divdu },
    { op_divw, emit_divw }, { op_divwu, emit_divwu }, { op_isel, emit_isel },
    { op_crand, emit_crand }, { op_cror, emit_cror }, { op_crxor, emit_crxor },
    { op_crnand, emit_crnand }, { op_crnor, emit_crnor }, { op_creqv, emit_creqv },
    { op_crandc, emit_crandc }, { op_crorc, emit_crorc }, { op_mcrf, emit_mcrf },
    { op_orc, emit_orc }, { op_nand, emit_nand }, { op_nor, emit_nor }, { op_eqv, emit_eqv },
    { op_cntlzw, emit_cntlzw }, { op_cntlzd, emit_cntlzd }, { op_rlwimi, emit_rlwimi },
    { op_srawi, emit_srawi }, { op_sradi, emit_sradi },
    { op_dcbz, emit_dcbz },
    { op_lxvd2x, emit_lxvd2x }, { op_stxvd2x, emit_stxvd2x }, { op_lxvdsx, emit_lxvdsx },
    { op_lfd, emit_lfd }, { op_lfdx, emit_lfdx }, { op_lfdu, emit_lfdu }, { op_lfdux, emit_lfdux },
    { op_stfd, emit_stfd }, { op_stfdx, emit_stfdx }, { op_stfdu, emit_stfdu },
    { op_stfdux, emit_stfdux },
    { op_xxland, emit_xxland }, { op_xxlor, emit_xxlor }, { op_xxlxor, emit_xxlxor },
    { op_xxpermdi, emit_xxpermdi }, { op_vaddudm, emit_vaddudm }, { op_vpkudum, emit_vpkudum },
    { op_fcmpu, emit_fcmpu }, { op_fmr, emit_fmr }, { op_mtvsrd, emit_mtvsrd },
    { op_mfvsrd, emit_mfvsrd },
};

/* Op i is bc with LK = 0: its target goes to *target. */
static bool op_bc_target(const TranslationBlock *tb, uint32_t i, uint64_t *target)
{
    Insn d = { .pc = tb->pc + 4ull * i, .insn = tb->ops[i].insn,
               .sf = (tb->flags & FLAG_SF) != 0 };

    if (tb->ops[i].fn != op_bc) {
        return false;
    }
    *target = bc_target(&d);
    return true;
}

/* fwd_at: the first instructions the block's bc and b (LK = 0) jump forward to inside it. */
static void forward_targets(const TranslationBlock *tb)
{
    const bool sf = (tb->flags & FLAG_SF) != 0;
    uint64_t t;

    n_fwd_at = 0;
    for (uint32_t i = 0; i + 1 < tb->n_ops && n_fwd_at < FWD_TARGETS_MAX; i++) {
        uint64_t pc = tb->pc + 4ull * i;
        if (tb->ops[i].fn == op_b) {
            t = b_target(pc, tb->ops[i].insn);
            t = sf ? t : (uint32_t)t;
        } else if (!op_bc_target(tb, i, &t)) {
            continue;
        }
        if (t <= pc || t >= tb->pc + 4ull * tb->n_ops) {
            continue;
        }
        int to = (int)((t - tb->pc) / 4), k = 0;
        while (k < n_fwd_at && fwd_at[k] != to) {
            k++;
        }
        if (k == n_fwd_at) {
            fwd_at[n_fwd_at++] = to;
        }
    }
}

/* Bind the jumps to instruction i, if any: true when there were. */
static bool bind_fwd_jumps(JitEmitter *e, int i)
{
    bool any = false;

    for (int k = 0; k < n_fwd_jumps;) {
        if (fwd_jump[k].to != i) {
            k++;
            continue;
        }
        if (!any) {
            if (unreachable) {
                rc_assume_canonical();
                unreachable = false;
            } else {
                rc_canonical(e);
            }
            any = true;
        }
        x_bind(e, fwd_jump[k].rel);
        fwd_jump[k] = fwd_jump[--n_fwd_jumps];
    }
    if (any) {
        rc_join();
    }
    return any;
}


/* The last bc (LK = 0) in the block that goes back to its first instruction, or -1. */
static int loop_end(const TranslationBlock *tb)
{
    uint64_t t;

    for (uint32_t i = tb->n_ops; i-- > 0;) {
        if (op_bc_target(tb, i, &t) && t == tb->pc) {
            return (int)i;
        }
    }
    return -1;
}

/* Whether npins pins (the registers in pinned) leave each instruction's other operands room. */
static bool pins_fit(uint64_t pinned, int npins, uint32_t n_ops)
{
    for (uint32_t i = 0; i < n_ops; i++) {
        if (__builtin_popcountll(op_regs[i] & ~pinned) > N_CACHE - npins) {
            return false;
        }
    }
    return true;
}

/*
 * Pin what a dry run of the loop (the block's instructions up to its branch
 * back, end) shows it uses, then load it: the loop head is after the
 * loads. The instructions after the loop count only for the slots they
 * need left unpinned. The dry run writes its code where the block's goes, and the
 * block's overwrites it; it records its exits in a copy of the block's
 * header.
 */
static void plan_pins(JitEmitter *e, const TranslationBlock *tb, int end)
{
    TranslationBlock hdr;
    JitEmitter dry = *e;

    memcpy(&hdr, tb, offsetof(TranslationBlock, ops));
    dry.tb = &hdr;
    memset(&lu, 0, sizeof(lu));
    memset(op_regs, 0, sizeof(op_regs));
    planning = true;
    for (uint32_t i = 0; i < tb->n_ops; i++) {
        LoopUse before = lu;
        lu.insn_regs = 0;
        bool dead = unreachable;
        JitInsnResult r = ppc_jit_insn(&dry, tb, i);
        op_regs[i] = lu.insn_regs;
        if ((int)i > end || (!dead && unreachable)) {
            /* after the loop, or a way out of it: only its instructions' operands matter */
            lu = before;
        }
        if (r == JIT_INSN_END) {
            break;
        }
    }
    planning = false;
    rc_reset();
    n_slow_paths = 0;
    run_end = 0;
    tlb_probe.miss = NULL;
    n_fwd_jumps = 0;
    unreachable = false;
    /*
     * Pins come from the registers the dry run saw; the real pass asks for
     * no others. A register is pinned only while every instruction's
     * unpinned operands still fit in the unpinned slots, so an instruction's
     * operands never evict each other (a run's are many: emit_run).
     */
    uint64_t pinned = 0, tried = 0;
    int npins = 0;
    for (;;) {
        int best = -1;
        unsigned best_score = 0;
        for (int n = 0; n < RC_N; n++) {
            unsigned score = lu.uses[n] + (lu.read_first[n] ? 1000u : 0u);
            if (lu.seen[n] && !(tried >> n & 1) && score > best_score) {
                best = n;
                best_score = score;
            }
        }
        if (best < 0 || npins == N_CACHE) {
            break;
        }
        tried |= 1ull << best;
        if (!pins_fit(pinned | 1ull << best, npins + 1, tb->n_ops)) {
            continue;
        }
        pinned |= 1ull << best;
        pin_slot[best] = (int8_t)npins;
        slot_pin[npins] = (int8_t)best;
        rc_get(e, best);
        npins++;
    }
    /* the jump back brings whatever the loop changed in them */
    rc_join();
    loop_head = e->p;
}

JitInsnResult ppc_jit_insn(JitEmitter *e, const TranslationBlock *tb, uint32_t i)
{
    const TBOp *op = &tb->ops[i];
    JitInsnResult r = JIT_INSN_CALL;

    if (i == 0) {
        rc_reset();
        n_slow_paths = 0;
        run_end = 0;
        tlb_probe.miss = NULL;
        forward_targets(tb);
        n_fwd_jumps = 0;
        unreachable = false;
        if (!planning) {
            int end = loop_end(tb);
            pins_clear();
            if (end >= 0) {
                plan_pins(e, tb, end);
            }
        }
    } else {
        bind_fwd_jumps(e, (int)i);
    }
    if (unreachable) {
        return JIT_INSN_INLINE;
    }
    Insn d = {
        .e = e, .tb = tb, .pc = tb->pc + 4ull * i, .insn = op->insn, .fn = op->fn,
        .sf = (tb->flags & FLAG_SF) != 0, .le = (tb->flags & MSR_LE) != 0,
    };
    int64_t lo;
    uint32_t span, n;
    if (i < run_end) {
        r = JIT_INSN_INLINE;            /* emitted with its run */
    } else if ((n = run_scan(&d, i, &lo, &span)) > 1) {
        /* declined (too few free slots): the instruction alone, below */
        r = emit_run(&d, i, n, lo, span);
    }
    for (size_t k = 0; r == JIT_INSN_CALL && k < sizeof(inline_table) / sizeof(inline_table[0]);
         k++) {
        if (inline_table[k].fn == op->fn) {
            /* An emitter that declines (returns CALL) has not touched the register cache. */
            r = inline_table[k].emit(&d);
            break;
        }
    }
    if (r == JIT_INSN_CALL) {
        /* The engine calls the handler next: it reads the state in memory. */
        rc_writeback(e);
        if (call_keeps_gprs(op->fn)) {
            /* after it, r8-r11 are clobbered and CR fields may have changed */
            rc_forget_caller_saved();
            for (int f = 0; f < 8; f++) {
                if (rc.slot_of[RC_CRF + f] >= 0) {
                    rc_unmap(rc.slot_of[RC_CRF + f]);
                }
            }
        } else {
            rc_reset();     /* it may have written any register */
        }
    } else if (r == JIT_INSN_INLINE && i + 1 == tb->n_ops) {
        rc_writeback(e);    /* the engine's fall-through exit follows */
    }
    return r;
}

#else

JitInsnResult ppc_jit_insn(JitEmitter *e, const TranslationBlock *tb, uint32_t i)
{
    return JIT_INSN_CALL;
}

void ppc_jit_cold(JitEmitter *e, const TranslationBlock *tb)
{
}

#endif
