/*
 * A minimal machine for the gdb end-to-end test, independent of the pseries
 * firmware: one POWER8 vCPU on the real engine, 64 MiB of RAM, an ELF loaded
 * with the real loader and entered big-endian with MMU off (r3 = a tiny
 * device tree whose /rtas has "power-off"), the real gdb stub and the real
 * main loop, started stopped as with -S. RTAS power-off through hypercall
 * 0xf000 ends it with status 0.
 *
 * Usage: gdb-harness tcp::PORT prog.elf
 */
#include <glib.h>
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>

#include "core/gdbstub.h"
#include "core/loader.h"
#include "core/machine.h"
#include "core/main-loop.h"
#include "core/memory.h"
#include "ppc/cpu.h"
#include "ppc/spapr/papr.h"
#include "tcg/tcg.h"

#define RAM_SIZE        (64ull << 20)
#define FDT_ADDR        0x3000000ull
#define KERNEL_ADDR     0x400000ull     /* -kernel images load 4 MiB up, as on pseries */
#define POWER_OFF_TOKEN 0x2001          /* this harness's own tree: not the machine's token */

static uint32_t rd_be32(AddressSpace *as, uint64_t addr)
{
    uint8_t b[4] = { 0 };
    address_space_read(as, addr, b, 4);
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static void hypercall(PowerPCCPU *cpu)
{
    if (cpu->gpr[3] == H_RTAS && rd_be32(cpu->cs.as, cpu->gpr[4]) == POWER_OFF_TOKEN) {
        fprintf(stderr, "gdb-harness: guest powered off\n");
        machine_request_shutdown(SHUTDOWN_POWEROFF);
        return;
    }
    cpu->gpr[3] = (uint64_t)H_FUNCTION;
}

/* The machine's parts live as long as the process (and stay reachable for LeakSanitizer). */
static PowerPCCPU *harness_cpu;
static MemoryRegion root, ram;
static AddressSpace as;

static const MachineClass harness_machine = { .name = "gdb-harness" };

static void *build_fdt(void)
{
    void *fdt = g_malloc0(4096);
    int rtas;

    if (fdt_create_empty_tree(fdt, 4096) || (rtas = fdt_add_subnode(fdt, 0, "rtas")) < 0 ||
        fdt_setprop_u32(fdt, rtas, "power-off", POWER_OFF_TOKEN) || fdt_pack(fdt)) {
        fprintf(stderr, "gdb-harness: cannot build the device tree\n");
        exit(2);
    }
    return fdt;
}

int main(int argc, char **argv)
{
    PPCHypervisor vhyp = { .hypercall = hypercall, .rma_size = RAM_SIZE, .ram_size = RAM_SIZE };
    LoadedImage img;
    Error *err = NULL;
    PowerPCCPU *cpu;
    void *fdt;

    if (argc != 3) {
        fprintf(stderr, "usage: gdb-harness tcp::PORT prog.elf\n");
        return 2;
    }
    memory_region_init_container(&root, "root", UINT64_MAX);
    if (!memory_region_init_ram(&ram, "ram", RAM_SIZE)) {
        return 2;
    }
    memory_region_add_subregion(&root, 0, &ram);
    address_space_init(&as, &root, "system");
    accel_use(&tcg_accel_ops);      /* what main does for -accel tcg */
    if (!ppc_engine_init(&ram, &err) || !(harness_cpu = cpu = ppc_cpu_new(0, &as, &vhyp, &err)) ||
        !load_image_file(&as, &ppc64_elf_machine, argv[2], KERNEL_ADDR, RAM_SIZE, KERNEL_ADDR, 0,
                         &img, &err) ||
        !gdbstub_init(argv[1], &err)) {
        error_report_err(err);
        return 1;
    }
    fdt = build_fdt();
    address_space_write(&as, FDT_ADDR, fdt, fdt_totalsize(fdt));
    g_free(fdt);
    /* As firmware enters a kernel: big-endian, 64-bit, MMU off, r3 = the tree. */
    cpu->msr = MSR_SF | MSR_ME;
    cpu->gpr[3] = FDT_ADDR;
    cpu->cs.ops->set_pc(&cpu->cs, img.entry);
    fprintf(stderr, "gdb-harness: waiting for gdb on port %d\n", gdbstub_port());

    vm_stop();      /* -S */
    int status = main_loop_run(&harness_machine, NULL);
    gdbstub_report_exit(status);
    return status;
}
