/*
 * The POWER CPU: architected state of one hardware thread (Power ISA 2.07B,
 * Book I-III), as a pseries guest sees it. MSR[HV] is always 0: the
 * hypervisor is the emulator itself, reached through the PPCHypervisor ops.
 */
#ifndef PPC_CPU_H
#define PPC_CPU_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/cpu.h"
#include "core/error.h"
#include "core/loader.h"
#include "core/timer.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "ppc64-lite assumes a little-endian host");

/* ---- MSR bits (ISA bit 63-n numbering written as host bit n) ---- */
#define MSR_SF   (1ull << 63)
#define MSR_HV   (1ull << 60)
#define MSR_TS   (3ull << 33)
#define MSR_VEC  (1ull << 25)
#define MSR_VSX  (1ull << 23)
#define MSR_EE   (1ull << 15)
#define MSR_PR   (1ull << 14)
#define MSR_FP   (1ull << 13)
#define MSR_ME   (1ull << 12)
#define MSR_FE0  (1ull << 11)
#define MSR_SE   (1ull << 10)
#define MSR_BE   (1ull << 9)
#define MSR_FE1  (1ull << 8)
#define MSR_IR   (1ull << 5)
#define MSR_DR   (1ull << 4)
#define MSR_PMM  (1ull << 2)
#define MSR_RI   (1ull << 1)
#define MSR_LE   (1ull << 0)

/* ---- XER ---- */
#define XER_SO   (1ull << 31)
#define XER_OV   (1ull << 30)
#define XER_CA   (1ull << 29)
#define XER_OV32 (1ull << 19)
#define XER_CA32 (1ull << 18)

/* ---- SPR numbers ---- */
enum {
    SPR_XER = 1, SPR_DSCR_U = 3, SPR_LR = 8, SPR_CTR = 9, SPR_AMR_U = 13, SPR_DSCR = 17,
    SPR_DSISR = 18, SPR_DAR = 19, SPR_DEC = 22, SPR_SDR1 = 25, SPR_SRR0 = 26, SPR_SRR1 = 27,
    SPR_CFAR = 28, SPR_AMR = 29, SPR_PIDR = 48, SPR_IAMR = 61, SPR_TFHAR = 128,
    SPR_TFIAR = 129, SPR_TEXASR = 130, SPR_TEXASRU = 131, SPR_CTRL_R = 136, SPR_CTRL_W = 152,
    SPR_FSCR = 153, SPR_UAMOR = 157, SPR_PSPB = 159, SPR_DPDES = 176, SPR_DAWR0 = 180,
    SPR_CIABR = 187, SPR_DAWRX0 = 188, SPR_HFSCR = 190, SPR_VRSAVE = 256, SPR_SPRG3_U = 259,
    SPR_TB = 268, SPR_TBU = 269, SPR_SPRG0 = 272, SPR_SPRG1 = 273, SPR_SPRG2 = 274,
    SPR_SPRG3 = 275, SPR_TBL_W = 284, SPR_TBU_W = 285, SPR_PVR = 287, SPR_HSPRG0 = 304,
    SPR_HSPRG1 = 305, SPR_HDSISR = 306, SPR_HDAR = 307, SPR_SPURR = 308, SPR_PURR = 309,
    SPR_HDEC = 310, SPR_HRMOR = 313, SPR_HSRR0 = 314, SPR_HSRR1 = 315, SPR_LPCR = 318,
    SPR_LPIDR = 319, SPR_HMER = 336, SPR_HMEER = 337, SPR_PCR = 338, SPR_AMOR = 349,
    SPR_TAR = 815, SPR_MMCRA = 786, SPR_PMC1 = 787, SPR_MMCR0 = 795, SPR_MMCR1 = 798,
    SPR_SIAR = 780, SPR_SDAR = 781, SPR_MMCR2 = 785, SPR_SIER = 784, SPR_EBBHR = 804,
    SPR_EBBRR = 805, SPR_BESCR = 806, SPR_TRIG2 = 882, SPR_MMCRS = 894, SPR_PPR = 896,
    SPR_PPR32 = 898, SPR_TIR = 446, SPR_PIR = 1023,
};

/* LPCR fields the guest can change through H_SET_MODE. */
#define LPCR_ILE      (1ull << 25)
#define LPCR_AIL_SHIFT 23
#define LPCR_AIL      (3ull << LPCR_AIL_SHIFT)

/* MMCR0[BHRBA] (bit 42): BHRB instructions available in problem state. */
#define MMCR0_BHRBA   (1ull << 21)

/* FSCR facility numbers (the interrupt cause in FSCR[IC] = bits 63:56). */
enum {
    FSCR_FAC_FP = 0, FSCR_FAC_VECTOR = 1, FSCR_FAC_DSCR = 2, FSCR_FAC_PM = 3,
    FSCR_FAC_BHRB = 4, FSCR_FAC_TM = 5, FSCR_FAC_EBB = 7, FSCR_FAC_TAR = 8,
};

/* Interrupt vectors (Book III 6.5). */
enum {
    EXCP_SYSTEM_RESET = 0x100, EXCP_MACHINE_CHECK = 0x200, EXCP_DSI = 0x300,
    EXCP_DSEG = 0x380, EXCP_ISI = 0x400, EXCP_ISEG = 0x480, EXCP_EXTERNAL = 0x500,
    EXCP_ALIGNMENT = 0x600, EXCP_PROGRAM = 0x700, EXCP_FPU_UNAVAIL = 0x800,
    EXCP_DECREMENTER = 0x900, EXCP_SYSCALL = 0xc00, EXCP_TRACE = 0xd00,
    EXCP_PERFMON = 0xf00, EXCP_VMX_UNAVAIL = 0xf20, EXCP_VSX_UNAVAIL = 0xf40,
    EXCP_FAC_UNAVAIL = 0xf60, EXCP_PRIV_DOORBELL = 0xa00,
};

/* SRR1 cause bits of the program interrupt. */
#define SRR1_PROGFPE    (1ull << 20)
#define SRR1_PROGILL    (1ull << 19)
#define SRR1_PROGPRIV   (1ull << 18)
#define SRR1_PROGTRAP   (1ull << 17)
#define SRR1_PROGADDR   (1ull << 16)  /* SRR0 holds the next instruction */

/* DSISR bits (Book III 6.5.3). */
#define DSISR_NOPTE     0x40000000u
#define DSISR_PROTFAULT 0x08000000u
#define DSISR_STORE     0x02000000u
#define DSISR_NOEXEC_OR_G 0x10000000u
#define DSISR_KEYFAULT  0x00200000u

/* Pending interrupt sources (cpu->pending). */
enum {
    PPC_IRQ_EXTERNAL = 1u << 0,   /* level: XICS presents something */
    PPC_IRQ_DECR     = 1u << 1,   /* decrementer went negative */
    PPC_IRQ_RESET    = 1u << 2,   /* system reset (NMI) */
    PPC_IRQ_DOORBELL = 1u << 3,   /* this thread's DPDES bit: msgsndp, cleared when taken */
};

/*
 * A 128-bit VSR. Elements are numbered as the ISA numbers them (0 = most
 * significant); on our little-endian host element i of n lives at n-1-i.
 */
typedef union PPCVsr {
    uint8_t u8[16];
    uint16_t u16[8];
    uint32_t u32[4];
    uint64_t u64[2];
    int8_t s8[16];
    int16_t s16[8];
    int32_t s32[4];
    int64_t s64[2];
    float f32[4];
    double f64[2];
    unsigned __int128 u128;
} PPCVsr;

#define VsrB(v, i) ((v)->u8[15 - (i)])
#define VsrH(v, i) ((v)->u16[7 - (i)])
#define VsrW(v, i) ((v)->u32[3 - (i)])
#define VsrD(v, i) ((v)->u64[1 - (i)])
#define VsrSB(v, i) ((v)->s8[15 - (i)])
#define VsrSH(v, i) ((v)->s16[7 - (i)])
#define VsrSW(v, i) ((v)->s32[3 - (i)])
#define VsrSD(v, i) ((v)->s64[1 - (i)])
#define VsrF(v, i) ((v)->f32[3 - (i)])
#define VsrDF(v, i) ((v)->f64[1 - (i)])

/* One SLB entry (Book III 5.7.6). */
typedef struct PPCSlbEntry {
    uint64_t esid;    /* RB image: ESID | V (0x08000000) */
    uint64_t vsid;    /* RS image: B | VSID | Ks Kp N L C LP */
} PPCSlbEntry;
#define SLB_ESID_V   0x0000000008000000ull
#define SLB_VSID_B   0xc000000000000000ull
#define SLB_VSID_B_1T 0x4000000000000000ull
#define SLB_VSID_KS  0x0000000000000800ull
#define SLB_VSID_KP  0x0000000000000400ull
#define SLB_VSID_N   0x0000000000000200ull
#define SLB_VSID_L   0x0000000000000100ull
#define SLB_VSID_C   0x0000000000000080ull
#define SLB_VSID_LP  0x0000000000000030ull
#define PPC_SLB_SIZE 32

/*
 * The software TLB: per translation mode, direct-mapped on the 4 KiB page
 * number. A tag is the page's effective address, or -1 when not valid for
 * that access kind; host = ea + addend for RAM pages. Pages that are not
 * plain RAM never get an entry and always take the slow path.
 */
#define PPC_TLB_BITS 13
#define PPC_TLB_SIZE (1 << PPC_TLB_BITS)
#define PPC_TLB_MODES 4   /* index = (translate on ? 1 : 0) | (PR ? 2 : 0) */
typedef struct PPCTlbEntry {
    uint64_t tag_read;
    uint64_t tag_write;
    uint64_t tag_exec;
    uintptr_t addend;
} PPCTlbEntry;

/*
 * In front of it, for data accesses through pages of 64 KiB or more (all of
 * Linux's), a table of 64 KiB blocks with the same entries: 512 of them
 * cover 32 MiB in 16 KiB where the 4 KiB table takes 256 KiB, so the entry
 * a hit reads is in the host's L1 cache far more often (a random walk
 * through a large array waits for it on every load). A block entry is
 * filled with the sixteen 4 KiB entries of its block, with the rights they
 * all have, and dropped whenever one of them would be; the 4 KiB table
 * stays complete (the interpreter and the JIT's second probe use it).
 */
#define PPC_TLB64_BITS 10
#define PPC_TLB64_SIZE (1 << PPC_TLB64_BITS)

/*
 * Which TLB entries reach each host 64 KiB frame: a chain per frame slot
 * (hashed, so a walk checks each entry's page), linked when an entry is
 * filled. An HPTE change or a page becoming code walks only the chains of
 * its frames instead of every entry (ppc_tlb_flush_phys,
 * ppc_tlb_protect_code_page). Entry ids are mode * PPC_TLB_SIZE + index,
 * then the block entries' PPC_TLB_ENTRIES + mode * PPC_TLB64_SIZE + index;
 * links hold id + 1 (0: none). A dropped entry may stay linked until it
 * is filled again: walks skip entries that no longer hold a page.
 */
#define PPC_TLB_FRAME_BITS 14
#define PPC_TLB_FRAME_SLOTS (1 << PPC_TLB_FRAME_BITS)
#define PPC_TLB_ENTRIES (PPC_TLB_MODES * PPC_TLB_SIZE)
#define PPC_TLB_IDS (PPC_TLB_ENTRIES + PPC_TLB_MODES * PPC_TLB64_SIZE)
_Static_assert(PPC_TLB_IDS < 65536, "TLB entry ids + 1 fit 16 bits");
typedef struct PPCTlbRmap {
    uint16_t head[PPC_TLB_FRAME_SLOTS];
    uint16_t next[PPC_TLB_IDS];
    uint16_t prev[PPC_TLB_IDS];             /* 0: the entry is its chain's head */
    uint16_t slot[PPC_TLB_IDS];             /* frame slot + 1; 0: not linked */
} PPCTlbRmap;

typedef struct PowerPCCPU PowerPCCPU;

/*
 * The hardware threads of one core (POWER8: 1, 2, 4 or 8), indexed by their
 * thread number (TIR). What the ISA makes per core rather than per thread
 * and this model keeps: the doorbells (msgsndp names a thread of its own
 * core; DPDES shows every thread's). The machine builds the cores.
 */
#define PPC_MAX_THREADS 8
typedef struct PPCCore {
    int nr_threads;
    PowerPCCPU *thread[PPC_MAX_THREADS];
} PPCCore;

/* The hypervisor side, implemented by the machine (ppc/spapr). */
typedef struct PPCHypervisor {
    /* sc 1 from supervisor state: r3 = opcode, arguments r4..r12. */
    void (*hypercall)(PowerPCCPU *cpu);
    /* The hashed page table the hypervisor maintains (NULL before any). */
    uint8_t *htab;
    uint64_t htab_mask;     /* PTEG index mask: (size / 128) - 1 */
    /*
     * One bit per HPTE that a TLB entry was filled from: removing or changing
     * an HPTE flushes the TLBs only when its bit is set.
     */
    unsigned long *htab_used;
    /* The same for instruction fetches (block lookups were made through it), or NULL. */
    unsigned long *htab_exec_used;
    /* Guest RAM [0, ram_size): HPTEs pointing there must be cacheable. */
    uint64_t ram_size;
    /* Size of the real-mode area: MMU-off accesses beyond it fault. */
    uint64_t rma_size;
    void *opaque;
} PPCHypervisor;

struct PowerPCCPU {
    CPUState cs;                /* first: the generic view; cs.pc is NIA */
    uint64_t gpr[32];
    uint64_t lr, ctr;
    /*
     * CR held as its eight 4-bit fields (crf[0] is CR0, LT = 8 ... SO = 1),
     * each in the low bits of its own word: a compare or a record form
     * writes one field with one store, and the native code can keep a field
     * in a host register (ppc_get_cr / ppc_set_cr give the 32-bit view).
     */
    uint32_t crf[8];
    /* XER split for speed: flags held apart from the rest. */
    uint64_t xer;               /* bits other than SO/OV/CA/OV32/CA32 */
    uint8_t so, ov, ca, ov32, ca32;
    uint64_t msr;
    uint64_t fpscr;
    PPCVsr vsr[64];             /* FPR i = VsrD(&vsr[i], 0); VR i = vsr[32 + i] */
    uint32_t vscr;              /* NJ and SAT */
    uint64_t spr[1024];         /* backing store for SPRs without special semantics */
    /* Load-reserve / store-conditional */
    uint64_t reserve_addr;      /* -1 when no reservation */
    uint64_t reserve_len;
    uint8_t reserve_val[16];
    /* Timebase and decrementer: TB = virtual ns * 512 MHz + tb_offset. */
    int64_t tb_offset;
    int64_t dec_base_tb;        /* timebase when DEC was last written */
    uint64_t dec_written;       /* value written then (sign-extended to 64) */
    Timer *dec_timer;
    /* Interrupts */
    uint32_t pending;           /* PPC_IRQ_* */
    /*
     * Stopped (ppc_cpu_stop, or not yet started): only ppc_cpu_start runs it
     * again. Written under the big lock, by its own thread (stop-self), at
     * reset, or by start-cpu once its thread is parked: its own unlocked
     * reads never race a write.
     */
    bool offline;
    bool start_claimed;         /* a start-cpu waits for its thread to park (under the big lock) */
    /* MMU */
    PPCSlbEntry slb[PPC_SLB_SIZE];
    PPCTlbEntry tlb[PPC_TLB_MODES][PPC_TLB_SIZE];
    PPCTlbEntry tlb64[PPC_TLB_MODES][PPC_TLB64_SIZE];  /* tag_exec unused */
    PPCTlbRmap tlb_rmap;
    /*
     * Guards tlb, tlb64 and tlb_rmap against other threads (ppc/mmu.c): the owner
     * fills and flushes under it, other vCPUs' threads kill entries (an HPTE
     * changed, a page became code) under it. The fast path reads no lock.
     */
    pthread_mutex_t tlb_lock;
    uint64_t tlb_as_generation; /* flush when the address-space view changes */
    /* Configuration */
    uint32_t pvr;
    uint32_t pir;               /* interrupt server number */
    uint32_t tir;               /* thread number within its core (SPR TIR) */
    PPCCore *core;              /* its core, or NULL: a core of one thread */
    uint64_t tb_freq;
    PPCHypervisor *vhyp;
    void *machine_data;         /* per-vCPU data of the machine (VPA, XICS ICP...) */
};

static inline PowerPCCPU *POWERPC_CPU(CPUState *cs)
{
    return (PowerPCCPU *)cs;
}

static inline uint64_t *fpr_ptr(PowerPCCPU *cpu, int n)
{
    return &VsrD(&cpu->vsr[n], 0);
}

static inline PPCVsr *vr_ptr(PowerPCCPU *cpu, int n)
{
    return &cpu->vsr[32 + n];
}

/* CR as mfcr sees it, and as mtcrf 0xff sets it. */
static inline uint32_t ppc_get_cr(const PowerPCCPU *cpu)
{
    uint32_t cr = 0;

    for (int i = 0; i < 8; i++) {
        cr |= (cpu->crf[i] & 0xf) << (28 - 4 * i);
    }
    return cr;
}

static inline void ppc_set_cr(PowerPCCPU *cpu, uint32_t cr)
{
    for (int i = 0; i < 8; i++) {
        cpu->crf[i] = (cr >> (28 - 4 * i)) & 0xf;
    }
}

/* XER as mfspr sees it. */
uint64_t ppc_get_xer(const PowerPCCPU *cpu);
void ppc_set_xer(PowerPCCPU *cpu, uint64_t val);
/*
 * Every MSR write outside interrupt delivery: mtmsr[d], rfid, the debugger,
 * the machine. It applies the problem-state rule and asks the engine to
 * look at interrupts that the new MSR[EE] lets in.
 */
void ppc_store_msr(PowerPCCPU *cpu, uint64_t msr);

/* Create a vCPU (POWER8 model), registered with core's CPU list. */
PowerPCCPU *ppc_cpu_new(int index, AddressSpace *as, PPCHypervisor *vhyp, Error **errp);
void ppc_cpu_reset(PowerPCCPU *cpu);
/* The CPU models this build has, for a machine's -cpu list (MachineClass.cpu_models). */
extern const CPUModel ppc_cpu_models[];
/* What the loaders accept as code for this CPU: 64-bit PowerPC ELF (EM_PPC64). */
extern const ElfMachine ppc64_elf_machine;
/* Once per machine: the decoder and the engine, with the RAM that holds code. */
bool ppc_engine_init(MemoryRegion *ram, Error **errp);

/* ---- Lifecycle (ppc/cpu-lifecycle.c): how the machine starts, stops, idles and wakes a thread ---- */
/* Stopped: ppc_cpu_stop'ed or never started; only ppc_cpu_start runs it. */
static inline bool ppc_cpu_is_stopped(const PowerPCCPU *cpu)
{
    return cpu->offline;
}
/* An interrupt would end a halt now (the engine's has_work; false while stopped). */
bool ppc_cpu_has_work(const PowerPCCPU *cpu);
/*
 * Claim a stopped thread for a start: waits (the caller holds the big lock,
 * given up meanwhile) until its host thread is out of the engine and
 * asleep, so that the caller may write its registers; false if it is not
 * stopped or another start claimed it first. ppc_cpu_start follows.
 */
bool ppc_cpu_claim_stopped(PowerPCCPU *cpu);
/*
 * Run a stopped thread from nia with msr, its other registers as the caller
 * left them; its reservation and translations are dropped, and it is kicked.
 * With vCPU threads, only after ppc_cpu_claim_stopped.
 */
void ppc_cpu_start(PowerPCCPU *cpu, uint64_t nia, uint64_t msr);
/* Stop it: no decrementer, no pending interrupts, MSR[EE] off; it leaves the engine. */
void ppc_cpu_stop(PowerPCCPU *cpu);
/* Idle until an interrupt (H_CEDE), unless one would end the idle at once. */
void ppc_cpu_halt(PowerPCCPU *cpu);
/* End a halt (H_PROD) and kick it; false if it was not halted, or is stopped. */
bool ppc_cpu_wake(PowerPCCPU *cpu);

/* ---- Timebase / decrementer (ppc/timebase.c) ---- */
uint64_t ppc_get_tb(PowerPCCPU *cpu);
void ppc_set_tb(PowerPCCPU *cpu, uint64_t tb);
/* dst's timebase reads as src's does (the threads of a partition share one). */
void ppc_copy_tb(PowerPCCPU *dst, const PowerPCCPU *src);
uint32_t ppc_get_dec(PowerPCCPU *cpu);
void ppc_set_dec(PowerPCCPU *cpu, uint32_t dec);

/* ---- Interrupts (ppc/excp.c) ---- */
/* Deliver now: sets SRRs/MSR/NIA. Does not return to the caller's block. */
void ppc_raise(PowerPCCPU *cpu, int vector, uint64_t srr1_bits) __attribute__((noreturn));
/* Deliver without leaving (from outside any block, e.g. the engine's interrupt check). */
void ppc_deliver(PowerPCCPU *cpu, int vector, uint64_t srr1_bits);
void ppc_raise_program(PowerPCCPU *cpu, uint64_t cause) __attribute__((noreturn));
void ppc_raise_dsi(PowerPCCPU *cpu, uint64_t dar, uint32_t dsisr) __attribute__((noreturn));
void ppc_set_irq(PowerPCCPU *cpu, uint32_t irq, bool level);
/* Deliver the most urgent enabled pending interrupt; true if one was taken. */
bool ppc_check_interrupts(PowerPCCPU *cpu);

#endif
