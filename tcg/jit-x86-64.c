/*
 * The x86-64 native-code backend (see tcg/jit.h): the code cache, the entry
 * and exit trampolines, block generation and direct block chaining.
 *
 * The cache is one mmap'd region, filled in order and emptied all at once
 * when full (tcg_flush_all). It is 3/4 of tb-size (tcg/tb.c: 768 MiB of the
 * default 1 GiB, QEMU's), address space reserved without backing
 * (MAP_NORESERVE): only the pages code is written
 * to become memory, so a guest that translates little costs little, and a
 * compiler's hundreds of thousands of blocks are not thrown away and
 * translated again at every 64 MiB. It is mapped read-write-execute: blocks are
 * patched when chained and unchained, and toggling protections per patch
 * would cost more than the chaining gains. Only the dispatch loop translates.
 *
 * With vCPU threads, other threads may be running a block while it is
 * patched: a chainable jump's rel32 is 4-byte aligned and written with one
 * atomic store (x86-64 then sees the old or the new target, never a mix),
 * under tb_lock. The cache is reset only when no vCPU runs a block: a
 * translation that finds it full goes without native code and asks for the
 * flush (tb_request_flush: on one thread before the next translation, with
 * vCPU threads in an exclusive section).
 */
#include "tcg/jit.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/cpu-threads.h"
#include "core/log.h"
#include "tcg/tb.h"

#ifdef __x86_64__

#define CACHE_SIZE_DEFAULT ((size_t)1 << 30)
/* Room a block may need: every op at its longest, its cold code, plus the exits. */
#define OP_MAX_BYTES 512
#define COLD_OP_MAX_BYTES 384
#define COLD_MAX_BYTES (TB_MAX_OPS * COLD_OP_MAX_BYTES)
#define BLOCK_MAX_BYTES (TB_MAX_OPS * OP_MAX_BYTES + COLD_MAX_BYTES + 512)

#define OFF_PC ((int32_t)offsetof(CPUState, pc))
#define OFF_LEFT ((int32_t)offsetof(CPUState, tb_left))
#define OFF_IRQ ((int32_t)offsetof(CPUState, interrupt_request))
#define OFF_EXIT ((int32_t)offsetof(CPUState, exit_request))
#define OFF_JC ((int32_t)offsetof(CPUState, tb_jmp_cache))

_Static_assert(OFF_EXIT == OFF_IRQ + 4 && OFF_IRQ % 8 == 0 &&
               sizeof(((CPUState *)0)->interrupt_request) == 4 &&
               sizeof(((CPUState *)0)->exit_request) == 4,
               "a block's entry checks both requests with one 64-bit load");
_Static_assert(sizeof(TBJmpEntry) == 32 && offsetof(TBJmpEntry, pc) == 0 &&
               offsetof(TBJmpEntry, flags) == 8 && offsetof(TBJmpEntry, code) == 16,
               "jit_emit_goto_lookup knows the lookup-cache entry layout");

static bool jit_on = true;
static uint8_t *cache, *cache_ptr, *cache_blocks;
static uintptr_t (*jit_enter_fn)(CPUState *cs, const uint8_t *code);
static uint8_t *epilogue, *exit_nochain, *dyn_exit;

/*
 * PPC64LITE_PERFMAP=1 in the environment: every block's code range and guest
 * PC go to /tmp/perf-PID.map, the file `perf report` reads to name JIT code
 * (one "start size name" line per symbol). A flushed cache reuses addresses;
 * perf takes the latest line for an address, which is the live block.
 */
static FILE *perf_map;

static void perf_map_open(void)
{
    const char *v = getenv("PPC64LITE_PERFMAP");

    if (v && *v && *v != '0') {
        char path[64];
        snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
        perf_map = fopen(path, "w");
    }
}

static void perf_map_add(const uint8_t *start, size_t size, const char *what, uint64_t pc)
{
    if (perf_map) {
        fprintf(perf_map, "%" PRIxPTR " %zx %s_%" PRIx64 "\n", (uintptr_t)start, size, what, pc);
        fflush(perf_map);
    }
}

bool tcg_jit_available(void)
{
    return true;
}

void tcg_set_jit(bool on)
{
    jit_on = on;
}

bool tcg_jit_enabled(void)
{
    return jit_on;
}

/*
 * Dynamic exits land here with CPUState.pc set: the next block's code if the
 * lookup cache has it for the current mode, else back to the loop.
 */
static const uint8_t *jit_lookup(CPUState *cs)
{
    const TBJmpEntry *je = &((TBJmpCache *)cs->tb_jmp_cache)->entry[tb_jmp_cache_index(cs->pc)];

    tcg_stat_add(jit_lookups, 1);
    /* pc and the flush request are stored by other threads too (tb.c): read atomically. */
    if (je->code && __atomic_load_n(&je->pc, __ATOMIC_RELAXED) == cs->pc && !cpu_halted(cs) &&
        !__atomic_load_n(&cs->jmp_flush_pending, __ATOMIC_RELAXED) &&
        je->flags == tcg_target->tb_flags(cs)) {
        return je->code;
    }
    tcg_stat_add(jit_lookup_misses, 1);
    return exit_nochain;
}

static void emit_trampolines(JitEmitter *e)
{
    static const uint8_t enter[] = {
        0x55, 0x53, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57,  /* push rbp rbx r12-r15 */
        0x48, 0x83, 0xec, 0x08,                                      /* sub rsp, 8 (align) */
        0x48, 0x89, 0xfb,                                            /* mov rbx, rdi */
    };
    static const uint8_t leave[] = {
        0x48, 0x83, 0xc4, 0x08,                                      /* add rsp, 8 */
        0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c, 0x5b, 0x5d,  /* pop r15-r12 rbx rbp */
        0xc3,
    };

    jit_enter_fn = (uintptr_t (*)(CPUState *, const uint8_t *))(void *)e->p;
    for (size_t i = 0; i < sizeof(enter); i++) {
        x_b(e, enter[i]);
    }
    x_load64(e, X_LEFT, OFF_LEFT);
    x_b(e, 0xff), x_b(e, 0xe6);                                      /* jmp rsi */
    epilogue = e->p;
    jit_emit_sync_left(e);
    for (size_t i = 0; i < sizeof(leave); i++) {
        x_b(e, leave[i]);
    }
    exit_nochain = e->p;
    x_alu_rr(e, false, ALU_XOR, X_RAX, X_RAX);
    x_patch_rel32(x_jump_fwd(e, -1), epilogue);
    dyn_exit = e->p;
    x_mov_rr(e, X_RDI, X_RBX);
    x_mov_imm(e, X_RAX, (uintptr_t)jit_lookup);
    x_b(e, 0xff), x_b(e, 0xd0);                                      /* call rax */
    x_b(e, 0xff), x_b(e, 0xe0);                                      /* jmp rax */
}

/* -accel tcg,tb-size=N (MiB): the size of the code cache, mapped at the first translation. */
static size_t cache_size = CACHE_SIZE_DEFAULT;

void tcg_set_code_cache_size(size_t bytes)
{
    if (!cache) {
        cache_size = bytes ? bytes : CACHE_SIZE_DEFAULT;
    }
}

bool jit_host_bmi2;

static bool jit_init(void)
{
    if (cache) {
        return true;
    }
    jit_host_bmi2 = __builtin_cpu_supports("bmi2") && !getenv("PPC64LITE_JIT_NO_BMI2");
    void *p = mmap(NULL, cache_size, PROT_READ | PROT_WRITE | PROT_EXEC,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        log_mask(LOG_GUEST_ERROR, "jit: cannot map the code cache; interpreting\n");
        jit_on = false;
        return false;
    }
    cache = p;
    JitEmitter e = { .p = cache, .end = cache + cache_size };
    emit_trampolines(&e);
    cache_blocks = cache_ptr = (uint8_t *)(((uintptr_t)e.p + 63) & ~(uintptr_t)63);
    perf_map_open();
    perf_map_add(cache, (size_t)(e.p - cache), "jit_trampolines", 0);
    return true;
}

void jit_emit_set_pc(JitEmitter *e, uint64_t pc)
{
    if ((int64_t)pc == (int32_t)pc) {
        x_op_mem(e, true, 0xc7, 0, OFF_PC);     /* mov qword [rbx+pc], simm32 */
        x_d(e, (uint32_t)pc);
    } else {
        x_mov_imm(e, X_RAX, pc);
        x_store64(e, OFF_PC, X_RAX);
    }
}

void jit_emit_sync_left(JitEmitter *e)
{
    x_store64(e, OFF_LEFT, X_LEFT);
}

void jit_emit_goto_dynamic(JitEmitter *e)
{
    x_patch_rel32(x_jump_fwd(e, -1), dyn_exit);
}

void jit_emit_call_op(JitEmitter *e, uint64_t pc, TBOpFn fn, uint32_t insn)
{
    jit_emit_set_pc(e, pc);
    jit_emit_sync_left(e);
    x_mov_rr(e, X_RDI, X_RBX);
    x_mov_imm(e, X_RSI, insn);
    x_mov_imm(e, X_RAX, (uintptr_t)fn);
    x_b(e, 0xff), x_b(e, 0xd0);                 /* call rax */
    x_test_rr(e, false, X_RAX, X_RAX);
    x_patch_rel32(x_jump_fwd(e, CC_NE), dyn_exit);
}

/*
 * The lookup of jit_lookup inline, for exits that cannot have changed the
 * mode (so the flags are the block's) nor halted the vCPU: a hit jumps to
 * the next block's checked entry; a miss takes the dynamic exit. Each exit
 * has its own indirect jump, which the host predicts per site.
 */
void jit_emit_goto_lookup(JitEmitter *e)
{
    x_load64(e, X_RAX, OFF_PC);
    x_mov_rr(e, X_RCX, X_RAX);
    x_shift_ri(e, true, SH_SHR, X_RCX, 2);
    x_mov_rr(e, X_RDX, X_RAX);
    x_shift_ri(e, true, SH_SHR, X_RDX, 2 + TB_JMP_CACHE_BITS);
    x_alu_rr(e, false, ALU_XOR, X_RCX, X_RDX);
    x_alu_ri(e, false, ALU_AND, X_RCX, TB_JMP_CACHE_SIZE - 1);
    x_shift_ri(e, false, SH_SHL, X_RCX, 5);
    x_alu_rm(e, true, ALU_ADD, X_RCX, OFF_JC);
    x_op_ind(e, true, 0x3b, X_RAX, X_RCX);                      /* cmp rax, [rcx] (pc) */
    uint8_t *miss_pc = x_jump_fwd(e, CC_NE);
    x_b(e, 0x81), x_b(e, 0x79), x_b(e, 8), x_d(e, e->tb->flags); /* cmp dword [rcx+8], flags */
    uint8_t *miss_flags = x_jump_fwd(e, CC_NE);
    x_b(e, 0x48), x_b(e, 0x8b), x_b(e, 0x41), x_b(e, 16);       /* mov rax, [rcx+16] (code) */
    x_test_rr(e, true, X_RAX, X_RAX);
    uint8_t *miss_code = x_jump_fwd(e, CC_E);
    x_b(e, 0xff), x_b(e, 0xe0);                                 /* jmp rax */
    x_bind(e, miss_pc);
    x_bind(e, miss_flags);
    x_bind(e, miss_code);
    jit_emit_goto_dynamic(e);
}

/*
 * The checks of a block's entry, before a turn of charge instructions: a
 * request (interrupt or exit) or a slice with fewer instructions left goes
 * to the two returned jumps, else the turn is charged. emit_entry_refused
 * binds them where the turn is given back.
 */
static void emit_entry_checks(JitEmitter *e, int32_t charge, uint8_t *refused[2])
{
    x_alu_mi(e, true, ALU_CMP, OFF_IRQ, 0);             /* interrupt_request and exit_request */
    refused[0] = x_jump_fwd(e, CC_NE);
    x_alu_ri(e, true, ALU_SUB, X_LEFT, charge);
    refused[1] = x_jump_fwd(e, CC_S);
}

static void emit_entry_refused(JitEmitter *e, int32_t charge, uint8_t *refused[2])
{
    x_bind(e, refused[1]);
    x_alu_ri(e, true, ALU_ADD, X_LEFT, charge);         /* not run: not charged */
    x_bind(e, refused[0]);
}

/*
 * A jump other threads may be running when it is repointed (jit_chain,
 * jit_unlink): its rel32 is 4-byte aligned, so one atomic store changes it.
 */
static uint8_t *emit_patchable_jump(JitEmitter *e)
{
    while (((uintptr_t)e->p + 1) & 3) {
        x_b(e, 0x90);                                   /* nop */
    }
    return x_jump_fwd(e, -1);
}

/*
 * Chainable only within the block's own guest page: the lookup that entered
 * the block validated that page's translation, not any other's.
 */
void jit_emit_goto(JitEmitter *e, uint64_t target_pc)
{
    TranslationBlock *tb = e->tb;

    if (e->slots < 2 && (target_pc >> 12) == (tb->pc >> 12)) {
        int slot = e->slots++;
        tb->jmp_rel[slot] = emit_patchable_jump(e);     /* rel32 0: falls into the miss path */
        tb->jmp_pc[slot] = target_pc;
        jit_emit_set_pc(e, target_pc);
        x_mov_imm(e, X_RAX, (uintptr_t)tb | (uintptr_t)slot);
        x_patch_rel32(x_jump_fwd(e, -1), epilogue);
        return;
    }
    jit_emit_set_pc(e, target_pc);
    jit_emit_goto_lookup(e);
}

void jit_emit_loop_back(JitEmitter *e, const uint8_t *head, uint32_t run)
{
    /*
     * tb_left holds the slice less the whole block for this turn: the next
     * turn's charge, less what this one did not run, is run.
     */
    uint8_t *refused[2];

    emit_entry_checks(e, (int32_t)run, refused);
    /*
     * Patchable as a chained exit is: when the block goes (its guest code
     * was written), jit_unlink points it at the next byte, so the loop ends
     * at its next turn instead of running stale code.
     */
    e->tb->loop_rel = emit_patchable_jump(e);
    x_patch_rel32(e->tb->loop_rel, head);
    emit_entry_refused(e, (int32_t)run, refused);
    if (run < e->tb->n_ops) {
        x_alu_ri(e, true, ALU_ADD, X_LEFT, (int32_t)(e->tb->n_ops - run));
    }
}

/*
 * The block's code: a checked entry (used by chained and looked-up jumps)
 * that leaves if an interrupt or exit is requested or the slice has fewer
 * instructions left than the block has, and charges the block; the body;
 * then the entry the loop uses (code_body), which charges the block
 * unchecked and jumps to the body.
 */
static bool jit_gen_block(CPUState *cs, TranslationBlock *tb)
{
    if ((size_t)(cache + cache_size - cache_ptr) < BLOCK_MAX_BYTES) {
        return false;
    }
    JitEmitter e = { .p = cache_ptr, .end = cache_ptr + BLOCK_MAX_BYTES, .tb = tb };
    uint8_t *noentry[2], *body, *entry = e.p;
    bool ended = false;

    emit_entry_checks(&e, (int32_t)tb->n_ops, noentry);
    body = e.p;

    for (uint32_t i = 0; i < tb->n_ops; i++) {
        uint8_t *start = e.p;
        JitInsnResult r = tcg_target->jit_insn ? tcg_target->jit_insn(&e, tb, i) : JIT_INSN_CALL;
        if (r == JIT_INSN_CALL) {
            jit_emit_call_op(&e, tb->pc + 4ull * i, tb->ops[i].fn, tb->ops[i].insn);
        }
        if (e.p - start > OP_MAX_BYTES) {
            log_mask(LOG_GUEST_ERROR, "jit: op %08x took %td bytes\n", tb->ops[i].insn,
                     e.p - start);
            abort();
        }
        if (r == JIT_INSN_END) {
            ended = true;
            break;
        }
    }
    if (!ended) {
        uint64_t next = tb->pc + 4ull * tb->n_ops;
        if (tb->chain_fallthrough) {
            jit_emit_goto(&e, next);
        } else {
            jit_emit_set_pc(&e, next);
            jit_emit_goto_dynamic(&e);
        }
    }
    if (tcg_target->jit_cold) {
        uint8_t *start = e.p;
        tcg_target->jit_cold(&e, tb);
        if (e.p - start > COLD_MAX_BYTES) {
            log_mask(LOG_GUEST_ERROR, "jit: block %" PRIx64 " set aside %td bytes\n", tb->pc,
                     e.p - start);
            abort();
        }
    }
    emit_entry_refused(&e, (int32_t)tb->n_ops, noentry);
    jit_emit_set_pc(&e, tb->pc);
    x_patch_rel32(x_jump_fwd(&e, -1), exit_nochain);
    tb->code_body = e.p;
    x_alu_ri(&e, true, ALU_SUB, X_LEFT, (int32_t)tb->n_ops);
    x_patch_rel32(x_jump_fwd(&e, -1), body);
    /* Last: a block made after its translation may be looked at by other threads (tb.c). */
    __atomic_store_n(&tb->code, entry, __ATOMIC_RELEASE);

    tcg_stat_add(jit_blocks, 1);
    tcg_stat_add(jit_code_bytes, e.p - cache_ptr);
    perf_map_add(cache_ptr, (size_t)(e.p - cache_ptr), "guest", tb->pc);
    cache_ptr = (uint8_t *)(((uintptr_t)e.p + 15) & ~(uintptr_t)15);
    (void)cs;
    return true;
}

/*
 * Full: this block runs interpreted and every block goes (their code with
 * them) before the next translation on one thread, in an exclusive section
 * with vCPU threads, which may be running cached code (tb_request_flush).
 */
bool jit_translate(CPUState *cs, TranslationBlock *tb)
{
    if (!jit_on || !jit_init()) {
        return false;
    }
    if (!jit_gen_block(cs, tb)) {
        tb_request_flush();
        return false;
    }
    return true;
}

void jit_flush(void)
{
    if (cache) {
        cache_ptr = cache_blocks;
    }
}

uintptr_t jit_run(CPUState *cs, const uint8_t *code)
{
    return jit_enter_fn(cs, code);
}

/* Point a chainable jump elsewhere with one aligned store: threads may be running it. */
static void patch_jump(uint8_t *rel, const uint8_t *target)
{
    int32_t d = (int32_t)(target - (rel + 4));

    __atomic_store_n((int32_t *)(void *)rel, d, __ATOMIC_SEQ_CST);
}

/* Patch the exit (src, slot) that just returned to the loop to jump straight into dst. */
/*
 * A block reached through a chained jump was handed to this thread by the
 * patch, which ThreadSanitizer cannot see (it is native code): the patch,
 * made under tb_lock after the block was written, releases the block, and
 * the loop acquires the block it left before reading it (the hardware
 * orders the two: the block's bytes were stored before the jump to it).
 */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#include <sanitizer/tsan_interface.h>
#define TB_PUBLISHED(tb) __tsan_release(tb)
#define TB_REACHED(tb) __tsan_acquire(tb)
#endif
#endif
#ifndef TB_PUBLISHED
#define TB_PUBLISHED(tb) ((void)(tb))
#define TB_REACHED(tb) ((void)(tb))
#endif

void jit_chain(uintptr_t exit, TranslationBlock *dst)
{
    TranslationBlock *src = (TranslationBlock *)(exit & ~(uintptr_t)1);
    int slot = (int)(exit & 1);

    TB_REACHED(src);
    /* The fields compared first never change after translation. */
    if (!__atomic_load_n(&dst->code, __ATOMIC_ACQUIRE) || src->jmp_pc[slot] != dst->pc || src->flags != dst->flags ||
        (src->phys_pc >> 12) != (dst->phys_pc >> 12)) {
        return;
    }
    tb_lock();
    if (!src->invalid && !dst->invalid && !src->jmp_dest[slot]) {
        patch_jump(src->jmp_rel[slot], dst->code);
        TB_PUBLISHED(dst);
        src->jmp_dest[slot] = dst;
        src->jmp_in_next[slot] = dst->jmp_in;
        dst->jmp_in = exit;
        tcg_stat_add(jit_chains, 1);
    }
    tb_unlock();
}

/* tb is going (tb_lock held): nothing may jump into it any more, and it leaves its targets' lists. */
void jit_unlink(TranslationBlock *tb)
{
    for (uintptr_t in = tb->jmp_in; in;) {
        TranslationBlock *src = (TranslationBlock *)(in & ~(uintptr_t)1);
        int slot = (int)(in & 1);
        in = src->jmp_in_next[slot];
        patch_jump(src->jmp_rel[slot], src->jmp_rel[slot] + 4);
        src->jmp_dest[slot] = NULL;
        src->jmp_in_next[slot] = 0;
    }
    tb->jmp_in = 0;
    if (tb->loop_rel) {
        patch_jump(tb->loop_rel, tb->loop_rel + 4);
    }
    for (int slot = 0; slot < 2; slot++) {
        TranslationBlock *dst = tb->jmp_dest[slot];
        if (!dst) {
            continue;
        }
        uintptr_t me = (uintptr_t)tb | (uintptr_t)slot;
        for (uintptr_t *pp = &dst->jmp_in; *pp;) {
            TranslationBlock *s = (TranslationBlock *)(*pp & ~(uintptr_t)1);
            if (*pp == me) {
                *pp = tb->jmp_in_next[slot];
                break;
            }
            pp = &s->jmp_in_next[*pp & 1];
        }
        tb->jmp_dest[slot] = NULL;
    }
}

#else  /* no backend for this host: the interpreter only */

bool tcg_jit_available(void) { return false; }
void tcg_set_jit(bool on) { (void)on; }
void tcg_set_code_cache_size(size_t bytes) { (void)bytes; }
bool tcg_jit_enabled(void) { return false; }
bool jit_translate(CPUState *cs, TranslationBlock *tb) { return false; }
void jit_flush(void) {}
uintptr_t jit_run(CPUState *cs, const uint8_t *code) { return 0; }
void jit_chain(uintptr_t exit, TranslationBlock *dst) {}
void jit_unlink(TranslationBlock *tb) {}

#endif
