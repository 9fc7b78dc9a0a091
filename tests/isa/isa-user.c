/*
 * isa-user: run a static ppc64 Linux test program (from tests/isa/gen.py) on
 * our CPU, the way qemu-user runs it, so the two outputs can be compared.
 *
 * The CPU starts at the ELF entry in problem state (MSR[PR] = 1, like a
 * process; PR = 1 implies IR = DR = 1), so the harness keeps a page table:
 * one segment at 0x10000000, where the programs are linked, mapped one to
 * one onto RAM with 16M pages (Book III 5.7.7). Below it a process has
 * nothing mapped, and a branch to an absolute address lands there: the
 * segment fault becomes SIGSEGV, as Linux gives. Every interrupt vector is a
 * breakpoint: at 0xc00 we emulate the few Linux system calls the programs
 * make (ppc64 ABI: number in r0, arguments r3..r8, result r3, error flagged
 * by CR0[SO]); any other interrupt is turned into the signal Linux would
 * send (Power ISA 2.07B Book III 6.5 causes; arch/powerpc/kernel/traps.c
 * mapping), recorded in the current test instance's record and the run
 * resumes at that instance's resume address, just as the generated
 * program's signal handler does under qemu-user.
 *
 * --jit off runs the program on the interpreter (the instructions' C
 * handlers) instead of native code, which inlines some instructions.
 *
 * The record protocol with gen.py: r1 points at the instance record;
 * (signo, si_code) as two 32-bit words in guest byte order go to
 * r1 + fault_off, si_addr as a doubleword to r1 + addr_off, and the resume
 * address is the doubleword at r1 + resume_off.
 */
#include <errno.h>
#include <inttypes.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/loader.h"
#include "core/memory.h"
#include "ppc/cpu.h"
#include "ppc/spapr/papr.h"
#include "ppc/mmu.h"
#include "ppc/mmu-hash.h"
#include "tcg/tcg.h"

#define RAM_SIZE (512ull << 20)
#define PROGRAM_BASE 0x10000000ull   /* the programs' link address (ld's default) */
#define HTAB_PTEGS 256
#define MAX_INSNS 2000000000ull

/* Linux ppc64 numbers */
enum { NR_exit = 1, NR_write = 4, NR_rt_sigaction = 173, NR_sigaltstack = 185,
       NR_exit_group = 234 };
enum { SIG_ILL = 4, SIG_TRAP = 5, SIG_BUS = 7, SIG_FPE = 8, SIG_SEGV = 11 };

static const uint64_t vectors[] = {
    0x100, 0x200, 0x300, 0x380, 0x400, 0x480, 0x500, 0x600, 0x700, 0x800,
    0x900, 0xa00, 0xb00, 0xc00, 0xd00, 0xe00, 0xf00, 0xf20, 0xf40, 0xf60,
};

typedef struct Harness {
    PowerPCCPU *cpu;
    AddressSpace as;
    bool big;
    uint64_t fault_off, resume_off, addr_off;
    bool verbose;
} Harness;

static void unused_hypercall(PowerPCCPU *cpu)
{
    cpu->gpr[3] = (uint64_t)H_FUNCTION;   /* a user program has none */
}

static uint64_t guest_u64(Harness *h, uint64_t addr, bool *ok)
{
    uint8_t b[8];
    uint64_t v = 0;

    *ok = address_space_read(&h->as, addr, b, 8) == MEMTX_OK;
    for (int i = 0; i < 8; i++) {
        v |= (uint64_t)b[h->big ? i : 7 - i] << (8 * (7 - i));
    }
    return v;
}

static void put_u32(Harness *h, uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) {
        p[h->big ? 3 - i : i] = v >> (8 * i);
    }
}

static void put_u64(Harness *h, uint8_t *p, uint64_t v)
{
    for (int i = 0; i < 8; i++) {
        p[h->big ? 7 - i : i] = v >> (8 * i);
    }
}

static void set_cr0_so(PowerPCCPU *cpu, bool so)
{
    cpu->crf[0] = (cpu->crf[0] & ~1u) | (so ? 1u : 0);
}

static void return_from_interrupt(PowerPCCPU *cpu, uint64_t pc)
{
    ppc_store_msr(cpu, cpu->spr[SPR_SRR1]);
    cpu->cs.pc = pc;
    tcg_flush_jmp_cache(&cpu->cs);
}

/* Returns -1 to go on, else the exit status. */
static int do_syscall(Harness *h)
{
    PowerPCCPU *cpu = h->cpu;
    uint64_t nr = cpu->gpr[0], a0 = cpu->gpr[3], a1 = cpu->gpr[4], a2 = cpu->gpr[5];
    int64_t ret;

    switch (nr) {
    case NR_exit:
    case NR_exit_group:
        fflush(stdout);
        return (int)(a0 & 0xff);
    case NR_write: {
        if ((a0 != 1 && a0 != 2) || a2 > RAM_SIZE) {
            ret = -EBADF;
            break;
        }
        uint8_t *buf = g_malloc(a2 ? a2 : 1);
        if (address_space_read(&h->as, a1, buf, a2) != MEMTX_OK) {
            ret = -EFAULT;
        } else {
            FILE *f = a0 == 1 ? stdout : stderr;
            ret = (int64_t)fwrite(buf, 1, a2, f);
            fflush(f);
        }
        g_free(buf);
        break;
    }
    case NR_rt_sigaction:
    case NR_sigaltstack:
        /* Our faults are delivered by this harness, not by a guest handler. */
        ret = 0;
        break;
    default:
        ret = -ENOSYS;
        break;
    }
    if (ret < 0) {
        cpu->gpr[3] = (uint64_t)-ret;
        set_cr0_so(cpu, true);
    } else {
        cpu->gpr[3] = (uint64_t)ret;
        set_cr0_so(cpu, false);
    }
    return_from_interrupt(cpu, cpu->spr[SPR_SRR0]);
    return -1;
}

/* FPSCR exception -> si_code, in the order Linux's parse_fpe() checks them. */
static int fpe_code(uint64_t fpscr)
{
    static const struct { int bit; int code; } order[] = {
        { 29 /* VX */, 7 /* FPE_FLTINV */ }, { 28 /* OX */, 4 /* FPE_FLTOVF */ },
        { 27 /* UX */, 5 /* FPE_FLTUND */ }, { 26 /* ZX */, 3 /* FPE_FLTDIV */ },
        { 25 /* XX */, 6 /* FPE_FLTRES */ },
    };
    for (size_t i = 0; i < G_N_ELEMENTS(order); i++) {
        /* host bit numbers: VX=29 OX=28 UX=27 ZX=26 XX=25, their enables 22 lower */
        int ex = order[i].bit, en = ex - 22;
        if ((fpscr >> en & 1) && (fpscr >> ex & 1)) {
            return order[i].code;
        }
    }
    return 0;
}

/* The signal Linux sends for an interrupt from problem state, with its si_addr. */
static void signal_for(PowerPCCPU *cpu, uint64_t vector, int *sig, int *code, uint64_t *addr)
{
    uint64_t srr1 = cpu->spr[SPR_SRR1];

    *addr = cpu->spr[SPR_SRR0];

    switch (vector) {
    case EXCP_PROGRAM:
        if (srr1 & SRR1_PROGFPE) {
            *sig = SIG_FPE;
            *code = fpe_code(cpu->fpscr);
        } else if (srr1 & SRR1_PROGTRAP) {
            *sig = SIG_TRAP;
            *code = 1;      /* TRAP_BRKPT */
        } else if (srr1 & SRR1_PROGPRIV) {
            *sig = SIG_ILL;
            *code = 5;      /* ILL_PRVOPC */
        } else {
            *sig = SIG_ILL;
            *code = 1;      /* ILL_ILLOPC */
        }
        break;
    case EXCP_DSI:
    case EXCP_DSEG:
        *addr = cpu->spr[SPR_DAR];
        /* fall through */
    case EXCP_ISI:
    case EXCP_ISEG:
        *sig = SIG_SEGV;
        *code = 1;          /* SEGV_MAPERR */
        break;
    case EXCP_ALIGNMENT:
        *addr = cpu->spr[SPR_DAR];
        *sig = SIG_BUS;
        *code = 1;          /* BUS_ADRALN */
        break;
    case EXCP_FAC_UNAVAIL:
        /*
         * A facility the process may not use (TM, which the device tree does
         * not offer; BHRB): Linux's facility_unavailable_exception() sends
         * SIGILL/ILL_ILLOPC.
         */
        *sig = SIG_ILL;
        *code = 1;          /* ILL_ILLOPC */
        break;
    default:
        /* FP/VMX/VSX unavailable cannot happen (all enabled); anything else is a harness bug. */
        *sig = SIG_ILL;
        *code = 0x100 + (int)(vector >> 4);
        break;
    }
}

/* Record a fault in the current instance and resume after it; false if that is impossible. */
static bool deliver_fault(Harness *h, uint64_t vector)
{
    PowerPCCPU *cpu = h->cpu;
    uint64_t rec = cpu->gpr[1];
    int sig, code;
    uint64_t addr;
    bool ok;
    uint8_t b[8], a[8];

    signal_for(cpu, vector, &sig, &code, &addr);
    if (h->verbose) {
        fprintf(stderr, "isa-user: interrupt 0x%" PRIx64 " (signal %d code %d) at PC 0x%" PRIx64
                "\n", vector, sig, code, cpu->spr[SPR_SRR0]);
    }
    uint64_t resume = guest_u64(h, rec + h->resume_off, &ok);
    put_u32(h, b, (uint32_t)sig);
    put_u32(h, b + 4, (uint32_t)code);
    put_u64(h, a, addr);
    if (!ok || !resume || address_space_write(&h->as, rec + h->fault_off, b, 8) != MEMTX_OK ||
        (h->addr_off && address_space_write(&h->as, rec + h->addr_off, a, 8) != MEMTX_OK)) {
        fprintf(stderr, "isa-user: signal %d at PC 0x%" PRIx64 " outside any test instance\n",
                sig, cpu->spr[SPR_SRR0]);
        return false;
    }
    return_from_interrupt(cpu, resume);
    return true;
}

/*
 * The page table: segment 0x10000000-0x1fffffff (ESID 1) with VSID 1 and a
 * 16M base page size, its sixteen pages at the same real addresses, read
 * and write for key 0 (SLB Kp = 0, PP = 0), R and C already set.
 */
static void map_program_segment(PowerPCCPU *cpu, uint8_t *htab)
{
    const uint64_t vsid = 1;

    cpu->slb[0].esid = PROGRAM_BASE | SLB_ESID_V;
    cpu->slb[0].vsid = (vsid << 12) | SLB_VSID_L;    /* LP = 0: 16M */
    for (uint64_t page = 0; page < (1ull << 28) >> 24; page++) {
        uint64_t ea = PROGRAM_BASE + (page << 24);
        uint64_t group = (vsid ^ page) & (HTAB_PTEGS - 1);
        uint64_t *hpte = hpte_ptr(htab, group * HPTES_PER_GROUP);

        hpte[0] = (vsid << 12) | (page << 8) | HPTE_V_LARGE | HPTE_V_VALID;
        hpte[1] = ea | HPTE_R_R | HPTE_R_C;
    }
}

static void usage(void)
{
    fprintf(stderr, "usage: isa-user [-v] [--jit on|off] [--fault-off N] [--resume-off N] [--addr-off N] "
                    "PROGRAM.elf\n");
    exit(2);
}

int main(int argc, char **argv)
{
    /* static: its address space is still reachable at exit, so LeakSanitizer stays quiet. */
    static Harness h;
    const char *path = NULL;
    Error *err = NULL;

    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v")) {
            h.verbose = true;
        } else if (!strcmp(argv[i], "--jit") && i + 1 < argc) {
            /* off: every block through the interpreter's C handlers instead of native code */
            const char *v = argv[++i];
            if (strcmp(v, "on") && strcmp(v, "off")) {
                usage();
            }
            tcg_set_jit(!strcmp(v, "on"));
        } else if (!strcmp(argv[i], "--fault-off") && i + 1 < argc) {
            h.fault_off = strtoull(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "--resume-off") && i + 1 < argc) {
            h.resume_off = strtoull(argv[++i], NULL, 0);
        } else if (!strcmp(argv[i], "--addr-off") && i + 1 < argc) {
            h.addr_off = strtoull(argv[++i], NULL, 0);
        } else if (argv[i][0] != '-' && !path) {
            path = argv[i];
        } else {
            usage();
        }
    }
    if (!path) {
        usage();
    }

    static MemoryRegion root, ram;
    memory_region_init_container(&root, "root", UINT64_MAX);
    if (!memory_region_init_ram(&ram, "ram", RAM_SIZE)) {
        fprintf(stderr, "isa-user: cannot allocate guest RAM\n");
        return 2;
    }
    memory_region_add_subregion(&root, 0, &ram);
    address_space_init(&h.as, &root, "isa-user");

    uint8_t *data;
    uint64_t size;
    LoadedImage img;
    if (!load_file(path, RAM_SIZE, &data, &size, &err) ||
        !load_elf(&h.as, &ppc64_elf_machine, data, size, 0, 0, &img, &err)) {
        error_report_err(err);
        return 2;
    }
    g_free(data);
    h.big = img.big_endian;

    if (!ppc_engine_init(&ram, &err)) {
        error_report_err(err);
        return 2;
    }
    static PPCHypervisor hv = { .hypercall = unused_hypercall };
    static uint8_t htab[HTAB_PTEGS * HPTES_PER_GROUP * HPTE_SIZE];
    hv.ram_size = RAM_SIZE;
    hv.rma_size = RAM_SIZE;
    hv.htab = htab;
    hv.htab_mask = HTAB_PTEGS - 1;
    h.cpu = ppc_cpu_new(0, &h.as, &hv, &err);
    if (!h.cpu) {
        error_report_err(err);
        return 2;
    }
    PowerPCCPU *cpu = h.cpu;
    map_program_segment(cpu, htab);
    /*
     * MSR[FE0,FE1] = 1,1 (precise FP exception mode): what qemu-user runs
     * every program with (target/ppc cpu reset under CONFIG_USER_ONLY), so
     * an enabled FP exception raises SIGFPE on both sides. Linux itself
     * starts a process with FE0 = FE1 = 0 (prctl PR_FP_EXC_DISABLED) until
     * the program asks for exceptions; the harness compares like with like.
     */
    ppc_store_msr(cpu, MSR_SF | MSR_ME | MSR_PR | MSR_IR | MSR_DR | MSR_EE | MSR_FP | MSR_FE0 |
                       MSR_FE1 | MSR_VEC | MSR_VSX | (h.big ? 0 : MSR_LE));
    /* Interrupts must come back in the program's byte order. */
    if (!h.big) {
        cpu->spr[SPR_LPCR] |= LPCR_ILE;
    }
    cpu->cs.pc = img.entry;
    for (size_t i = 0; i < G_N_ELEMENTS(vectors); i++) {
        g_array_append_val(cpu->cs.breakpoints, vectors[i]);
    }

    while (cpu->cs.insns_executed < MAX_INSNS) {
        CPUExitReason r = tcg_exec(&cpu->cs, 1000000);
        if (r != CPU_EXIT_DEBUG) {
            continue;
        }
        uint64_t pc = cpu->cs.pc;
        if (cpu->msr & MSR_PR) {
            /*
             * Not an interrupt: the program branched to an address that
             * happens to be a vector. Nothing is mapped there for it (the
             * CPU would take an instruction segment interrupt next).
             */
            cpu->spr[SPR_SRR0] = pc;
            cpu->spr[SPR_SRR1] = cpu->msr;
            if (!deliver_fault(&h, EXCP_ISEG)) {
                return 3;
            }
        } else if (pc == EXCP_SYSCALL) {
            int status = do_syscall(&h);
            if (status >= 0) {
                return status;
            }
        } else if (pc == EXCP_DECREMENTER) {
            /* A process never sees the timer: rearm it and go on. */
            ppc_set_dec(cpu, 0x7fffffff);
            return_from_interrupt(cpu, cpu->spr[SPR_SRR0]);
        } else if (!deliver_fault(&h, pc)) {
            return 3;
        }
    }
    fprintf(stderr, "isa-user: no exit after %llu instructions\n", (unsigned long long)MAX_INSNS);
    return 4;
}
