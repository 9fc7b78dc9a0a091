/*
 * Fuzz target "hcall": any hypercall opcode with any register values, made
 * the way a vCPU's sc 1 makes it (spapr_hypercall: r3 = opcode, r4..r12 =
 * arguments) against the real table, on a pseries machine with RAM, the HPT
 * and PHB 0's TCE table (fuzz-machine.h). LoPAR 14: every bad argument is an
 * H_* error return, never a host crash, hang or leak.
 *
 * Input: a sequence of records, each starting with a byte k:
 *   k % 4 == 0   write guest RAM in the scratch window (TCE lists, VPAs):
 *                u16 offset, u8 length, the bytes
 *   otherwise    one hypercall: u8 vCPU, u8 opcode selector (below 0xf0 one
 *                of the registered opcodes, else a u64 raw opcode follows),
 *                u8 register count n (mod 10), then n u64 for r4.. (the
 *                rest are zero)
 */
#include "fuzz-machine.h"
#include "ppc/spapr/spapr_hcall.h"

static uint64_t opcodes[SPAPR_HCALL_MAX / 4 + 1 + SPAPR_HCALL_PRIV_COUNT];
static unsigned nopcodes;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    static const char *const devices[] = { "e1000,id=nic0", "pci-testdev,id=td0", NULL };

    fuzz_machine_up(devices);
    for (uint64_t op = 0; op <= SPAPR_HCALL_MAX; op += 4) {
        if (spapr_hcall_lookup(op)) {
            opcodes[nopcodes++] = op;
        }
    }
    for (uint64_t op = SPAPR_HCALL_PRIV_BASE; op < SPAPR_HCALL_PRIV_BASE + SPAPR_HCALL_PRIV_COUNT;
         op++) {
        if (spapr_hcall_lookup(op)) {
            opcodes[nopcodes++] = op;
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzIn in = { data, size };

    fuzz_machine_reset();
    while (fz_left(&in)) {
        uint8_t k = fz_u8(&in);

        if (k % 4 == 0) {
            fuzz_scratch_write(&in);
        } else {
            PowerPCCPU *cpu = fuzz_m->cpus[fz_u8(&in) % FUZZ_NCPUS];
            uint8_t sel = fz_u8(&in);
            uint64_t op = sel < 0xf0 ? opcodes[sel % nopcodes] : fz_u64(&in);
            unsigned n = fz_u8(&in) % 10;

            /* The caller is a running vCPU (start-cpu has brought up a secondary). */
            cpu->offline = false;
            cpu->cs.halted = false;
            cpu->gpr[3] = op;
            for (unsigned i = 0; i < SPAPR_HCALL_ARG_REGS; i++) {
                cpu->gpr[4 + i] = i < n ? fz_u64(&in) : 0;
            }
            fuzz_request_begin("hypercall");
            spapr_hypercall(cpu);
            fuzz_request_end();
        }
    }
    return 0;
}
