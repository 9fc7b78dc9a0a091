/*
 * The native-code backend's interface (x86-64 hosts, tcg/jit-x86-64.c).
 *
 * A block becomes one run of machine code: a prologue that leaves when an
 * interrupt/exit is requested or the slice (CPUState.tb_left) has fewer
 * instructions left than the block, else charges them, then for each op either inline code
 * from the target (TCGTarget.jit_insn) or a call of its handler, then the
 * exits. An exit to a known PC in the same guest page is a patchable jump
 * (chained to the next block on first use, unchained when that block goes);
 * any other exit looks the next block up in the vCPU's lookup cache (inline
 * when the mode cannot have changed) and jumps there, or returns to the
 * dispatch loop.
 *
 * Register use in generated code: rbx holds the CPUState pointer and r15
 * CPUState.tb_left for the whole run (loaded at entry, stored back before
 * every call out and at the exit, so a handler, an exception, which
 * longjmps out, and the loop see it in memory; in a register, charging
 * a block is not a store-to-load chain from one block to the next); rax,
 * rcx, rdx, rsi are scratch within one instruction; the target keeps guest
 * values in the others within a block (ppc/jit-ppc.c), rdi only between
 * calls (the engine's call sequences pass the CPUState in it).
 */
#ifndef TCG_JIT_H
#define TCG_JIT_H

#include <stddef.h>
#include <stdint.h>

#include "tcg/tcg.h"

/*
 * Host registers the emitters name (x86-64 numbering). rax, rcx, rdx, rsi
 * are scratch; rbx is the CPUState; r15 is tb_left (X_LEFT); rbp, rdi and
 * r8-r14 are the target's to keep guest values in within a block (rbp and
 * r12-r14 survive calls; call sequences overwrite rdi). Byte forms (setcc,
 * movzx8) take only rax..rbx.
 */
enum {
    X_RAX = 0, X_RCX = 1, X_RDX = 2, X_RBX = 3, X_RBP = 5, X_RSI = 6, X_RDI = 7,
    X_R8 = 8, X_R9 = 9, X_R10 = 10, X_R11 = 11, X_R12 = 12, X_R13 = 13, X_R14 = 14, X_R15 = 15,
    X_LEFT = X_R15,
};

/* Condition codes (the low nibble of Jcc/SETcc/CMOVcc). */
enum {
    CC_O = 0x0, CC_B = 0x2, CC_AE = 0x3, CC_E = 0x4, CC_NE = 0x5, CC_BE = 0x6, CC_A = 0x7,
    CC_S = 0x8, CC_NS = 0x9, CC_P = 0xa, CC_L = 0xc, CC_GE = 0xd, CC_LE = 0xe, CC_G = 0xf,
};

struct JitEmitter {
    uint8_t *p;                 /* next byte */
    uint8_t *end;               /* a block never writes beyond this */
    TranslationBlock *tb;
    int slots;                  /* chainable exits used so far */
};

static inline void x_b(JitEmitter *e, uint8_t b) { *e->p++ = b; }
static inline void x_d(JitEmitter *e, uint32_t d) { __builtin_memcpy(e->p, &d, 4); e->p += 4; }
static inline void x_q(JitEmitter *e, uint64_t q) { __builtin_memcpy(e->p, &q, 8); e->p += 8; }

/* REX prefix when needed: w = REX.W, r extends ModRM.reg, b extends ModRM.rm. */
static inline void x_rex(JitEmitter *e, bool w, int reg, int rm)
{
    uint8_t rex = (uint8_t)(0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0) | ((rm & 8) ? 1 : 0));
    if (rex != 0x40) {
        x_b(e, rex);
    }
}

static inline void x_opcode(JitEmitter *e, unsigned op)
{
    if (op > 0xff) {
        x_b(e, (uint8_t)(op >> 8));
    }
    x_b(e, (uint8_t)op);
}

/* opcode with a [rbx + disp32] operand; w: REX.W. Opcodes of up to two bytes (0x0fXX). reg: 0-15. */
static inline void x_op_mem(JitEmitter *e, bool w, unsigned op, int reg, int32_t disp)
{
    x_rex(e, w, reg, 0);
    x_opcode(e, op);
    x_b(e, (uint8_t)(0x80 | ((reg & 7) << 3) | X_RBX));
    x_d(e, (uint32_t)disp);
}

/*
 * An SSE2 scalar-double instruction on xmm with a [rbx + disp32] operand: the
 * mandatory prefix comes before any REX. movq xmm, m64 is (0xf3, 0x0f7e);
 * ucomisd xmm, m64 is (0x66, 0x0f2e). Generated code keeps nothing in xmm
 * registers (every one is the callee's to clobber in the host ABI).
 */
static inline void x_sse_mem(JitEmitter *e, uint8_t prefix, unsigned op, int xmm, int32_t disp)
{
    x_b(e, prefix);
    x_op_mem(e, false, op, xmm, disp);
}

/* opcode with a register operand: reg field, r/m register (both 0-15). */
static inline void x_op_reg(JitEmitter *e, bool w, unsigned op, int reg, int rm)
{
    x_rex(e, w, reg, rm);
    x_opcode(e, op);
    x_b(e, (uint8_t)(0xc0 | ((reg & 7) << 3) | (rm & 7)));
}

/* opcode with a [base] operand (no displacement; base is not rsp/rbp). */
static inline void x_op_ind(JitEmitter *e, bool w, unsigned op, int reg, int base)
{
    if (w) {
        x_b(e, 0x48);
    }
    if (op > 0xff) {
        x_b(e, (uint8_t)(op >> 8));
    }
    x_b(e, (uint8_t)op);
    x_b(e, (uint8_t)((reg << 3) | base));
}

/* opcode with [rbx + index + disp32]. */
static inline void x_op_idx(JitEmitter *e, bool w, unsigned op, int reg, int index, int32_t disp)
{
    if (w) {
        x_b(e, 0x48);
    }
    x_b(e, (uint8_t)op);
    x_b(e, (uint8_t)(0x80 | (reg << 3) | 4));
    x_b(e, (uint8_t)((index << 3) | X_RBX));
    x_d(e, (uint32_t)disp);
}

/*
 * opcode with a [rax + rsi + disp] operand: a guest access's host address,
 * the TLB entry's addend in rax plus the effective address in rsi (plus an
 * access's offset within a run). byte_reg: reg is an 8-bit operand (4-7 then
 * need a REX prefix: spl..dil, not ah..bh). A 16-bit form's 0x66 prefix
 * comes first, from the caller.
 */
static inline void x_op_host(JitEmitter *e, bool w, unsigned op, int reg, int32_t disp, bool byte_reg)
{
    uint8_t rex = (uint8_t)(0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0));
    uint8_t mod = disp == 0 ? 0x00 : disp == (int8_t)disp ? 0x40 : 0x80;

    if (rex != 0x40 || (byte_reg && reg >= 4)) {
        x_b(e, rex);
    }
    x_opcode(e, op);
    x_b(e, (uint8_t)(mod | 0x04 | ((reg & 7) << 3)));               /* SIB follows */
    x_b(e, (uint8_t)((X_RSI << 3) | X_RAX));                        /* base rax, index rsi */
    if (mod == 0x40) {
        x_b(e, (uint8_t)disp);
    } else if (mod == 0x80) {
        x_d(e, (uint32_t)disp);
    }
}

/*
 * lea dst, [base + index + disp] (index < 0: none; no register is rsp). w =
 * 0 keeps the low 32 bits of the sum, zero-extended. Always a SIB byte;
 * mod 00 only when base is not rbp/r13 (there it would mean "no base").
 */
static inline void x_lea(JitEmitter *e, bool w, int dst, int base, int index, int32_t disp)
{
    if (disp == 0 && (base & 7) == 5 && index >= 0 && (index & 7) != 5) {
        int t = base;                   /* rbp/r13 as the index needs no zero displacement */
        base = index;
        index = t;
    }
    int ix = index < 0 ? 4 : index;
    uint8_t rex = (uint8_t)(0x40 | (w ? 8 : 0) | ((dst & 8) ? 4 : 0) | ((ix & 8) ? 2 : 0) |
                            ((base & 8) ? 1 : 0));
    uint8_t mod = disp == 0 && (base & 7) != 5 ? 0x00 : disp == (int8_t)disp ? 0x40 : 0x80;

    if (rex != 0x40) {
        x_b(e, rex);
    }
    x_b(e, 0x8d);
    x_b(e, (uint8_t)(mod | ((dst & 7) << 3) | 4));
    x_b(e, (uint8_t)(((ix & 7) << 3) | (base & 7)));
    if (mod == 0x40) {
        x_b(e, (uint8_t)disp);
    } else if (mod == 0x80) {
        x_d(e, (uint32_t)disp);
    }
}

/* The host has BMI2 (rorx): set once, when the code cache is made (jit_init). */
extern bool jit_host_bmi2;

/*
 * dst = src >> n for a caller that masks the result to fewer than 64 - n
 * bits: one BMI2 rorx (the bits rotated in are masked away), else mov and
 * shr. A TLB index: one host instruction less per guest access.
 */
static inline void x_shr_into(JitEmitter *e, int dst, int src, uint8_t n)
{
    if (jit_host_bmi2) {
        x_b(e, 0xc4);                                   /* VEX3: map 0F3A, W1, pp F2 */
        x_b(e, (uint8_t)(((dst & 8) ? 0 : 0x80) | 0x40 | ((src & 8) ? 0 : 0x20) | 0x03));
        x_b(e, 0xfb);
        x_b(e, 0xf0);
        x_b(e, (uint8_t)(0xc0 | ((dst & 7) << 3) | (src & 7)));
        x_b(e, n);
    } else {
        x_op_reg(e, true, 0x89, src, dst);
        x_op_reg(e, true, 0xc1, 5, dst);                /* shr dst, n */
        x_b(e, n);
    }
}

/* The common forms, named the AT&T-free way: dst first. */
static inline void x_load64(JitEmitter *e, int r, int32_t d) { x_op_mem(e, true, 0x8b, r, d); }
static inline void x_load32(JitEmitter *e, int r, int32_t d) { x_op_mem(e, false, 0x8b, r, d); }
static inline void x_load8(JitEmitter *e, int r, int32_t d) { x_op_mem(e, false, 0x0fb6, r, d); }
static inline void x_store64(JitEmitter *e, int32_t d, int r) { x_op_mem(e, true, 0x89, r, d); }
static inline void x_store32(JitEmitter *e, int32_t d, int r) { x_op_mem(e, false, 0x89, r, d); }
static inline void x_mov_rr(JitEmitter *e, int dst, int src) { x_op_reg(e, true, 0x89, src, dst); }
static inline void x_mov_rr32(JitEmitter *e, int dst, int src) { x_op_reg(e, false, 0x89, src, dst); }

/* mov r, imm as the shortest exact form (r: 0-15). */
static inline void x_mov_imm(JitEmitter *e, int r, uint64_t v)
{
    if (v <= 0xffffffffull) {
        x_rex(e, false, 0, r);
        x_b(e, (uint8_t)(0xb8 + (r & 7)));
        x_d(e, (uint32_t)v);
    } else if ((int64_t)v == (int32_t)v) {
        x_rex(e, true, 0, r);
        x_b(e, 0xc7);
        x_b(e, (uint8_t)(0xc0 | (r & 7)));
        x_d(e, (uint32_t)v);
    } else {
        x_rex(e, true, 0, r);
        x_b(e, (uint8_t)(0xb8 + (r & 7)));
        x_q(e, v);
    }
}

/* ALU group 1 (/0 add, /1 or, /4 and, /5 sub, /6 xor, /7 cmp). */
enum { ALU_ADD = 0, ALU_OR = 1, ALU_AND = 4, ALU_SUB = 5, ALU_XOR = 6, ALU_CMP = 7 };

/* dst op= src (registers). */
static inline void x_alu_rr(JitEmitter *e, bool w, int alu, int dst, int src)
{
    x_op_reg(e, w, (unsigned)(alu << 3 | 1), src, dst);
}

/* r op= [rbx + d]. */
static inline void x_alu_rm(JitEmitter *e, bool w, int alu, int r, int32_t d)
{
    x_op_mem(e, w, (unsigned)(alu << 3 | 3), r, d);
}

/* r op= sign-extended imm32. */
static inline void x_alu_ri(JitEmitter *e, bool w, int alu, int r, int32_t imm)
{
    if (imm == (int8_t)imm) {
        x_op_reg(e, w, 0x83, alu, r);
        x_b(e, (uint8_t)imm);
    } else {
        x_op_reg(e, w, 0x81, alu, r);
        x_d(e, (uint32_t)imm);
    }
}

/* [rbx + d] op= sign-extended imm8/imm32. */
static inline void x_alu_mi(JitEmitter *e, bool w, int alu, int32_t d, int32_t imm)
{
    if (imm == (int8_t)imm) {
        x_op_mem(e, w, 0x83, alu, d);
        x_b(e, (uint8_t)imm);
    } else {
        x_op_mem(e, w, 0x81, alu, d);
        x_d(e, (uint32_t)imm);
    }
}

/* Shift group 2 by an immediate (/0 rol, /4 shl, /5 shr, /7 sar) or by cl. */
enum { SH_ROL = 0, SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };
static inline void x_shift_ri(JitEmitter *e, bool w, int sh, int r, uint8_t n)
{
    x_op_reg(e, w, 0xc1, sh, r);
    x_b(e, n);
}

static inline void x_shift_cl(JitEmitter *e, bool w, int sh, int r)
{
    x_op_reg(e, w, 0xd3, sh, r);
}

static inline void x_setcc(JitEmitter *e, int cc, int r8) { x_op_reg(e, false, 0x0f90 | cc, 0, r8); }
static inline void x_movzx8(JitEmitter *e, int dst, int src8) { x_op_reg(e, false, 0x0fb6, dst, src8); }
static inline void x_test_rr(JitEmitter *e, bool w, int a, int b) { x_op_reg(e, w, 0x85, b, a); }
/* lea r32, [base + d8]: an add that leaves the flags alone. */
static inline void x_lea32(JitEmitter *e, int dst, int base, int8_t d)
{
    x_rex(e, false, dst, base);
    x_b(e, 0x8d);
    x_b(e, (uint8_t)(0x40 | ((dst & 7) << 3) | (base & 7)));
    if ((base & 7) == 4) {
        x_b(e, 0x24);                           /* SIB: rsp or r12 as the base */
    }
    x_b(e, (uint8_t)d);
}
static inline void x_cmov(JitEmitter *e, int cc, int dst, int src) { x_op_reg(e, true, 0x0f40 | cc, dst, src); }

/* test dword [rbx + d], imm32 */
static inline void x_test_mi32(JitEmitter *e, int32_t d, uint32_t imm)
{
    x_op_mem(e, false, 0xf7, 0, d);
    x_d(e, imm);
}

static inline void x_bswap(JitEmitter *e, bool w, int r)
{
    x_rex(e, w, 0, r);
    x_b(e, 0x0f);
    x_b(e, (uint8_t)(0xc8 + (r & 7)));
}

/* A forward jump (Jcc, or JMP when cc < 0): returns the rel32 to bind later. */
static inline uint8_t *x_jump_fwd(JitEmitter *e, int cc)
{
    if (cc < 0) {
        x_b(e, 0xe9);
    } else {
        x_b(e, 0x0f);
        x_b(e, (uint8_t)(0x80 | cc));
    }
    x_d(e, 0);
    return e->p - 4;
}

/* Point the rel32 at rel to target. */
static inline void x_patch_rel32(uint8_t *rel, const uint8_t *target)
{
    int32_t d = (int32_t)(target - (rel + 4));
    __builtin_memcpy(rel, &d, 4);
}

static inline void x_bind(JitEmitter *e, uint8_t *rel)
{
    x_patch_rel32(rel, e->p);
}

/* ---- Engine services for the target's emitters (tcg/jit-x86-64.c) ---- */

/* Store a constant guest PC into CPUState.pc. */
void jit_emit_set_pc(JitEmitter *e, uint64_t pc);
/* Store tb_left (X_LEFT) for a call out of native code: the call may longjmp to the loop. */
void jit_emit_sync_left(JitEmitter *e);
/*
 * Call the op's handler for the instruction at pc (CPUState.pc = pc first,
 * as the interpreter does); a non-zero return leaves through the dynamic exit.
 */
void jit_emit_call_op(JitEmitter *e, uint64_t pc, TBOpFn fn, uint32_t insn);
/* Leave the block for a known guest PC: a chainable jump when it can be one. */
void jit_emit_goto(JitEmitter *e, uint64_t target_pc);
/* Leave the block with CPUState.pc already set: look the next block up. */
void jit_emit_goto_dynamic(JitEmitter *e);
/* The same, faster, when nothing since block entry can have changed the mode or halted the vCPU. */
void jit_emit_goto_lookup(JitEmitter *e);
/*
 * The jump back to a loop head inside the block (code the target placed at
 * head keeps its guest values in host registers across turns), from the
 * branch that ends a turn of run instructions (the block was charged for
 * all of its own at the turn's start): the checks of the block's entry,
 * then the jump. What the target emits next runs when a check failed or
 * the block has gone, the turn's unrun instructions given back: it stores
 * what it holds and leaves (jit_emit_goto_dynamic with CPUState.pc set).
 * One per block.
 */
void jit_emit_loop_back(JitEmitter *e, const uint8_t *head, uint32_t run);

#endif
