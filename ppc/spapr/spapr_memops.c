/*
 * Hypercalls that touch guest-physical memory for the guest (LoPAPR
 * 14.5.4.3.7 H_PAGE_INIT, "hcall-copy"; 14.5.4.9 H_LOGICAL_CI_LOAD /
 * H_LOGICAL_CI_STORE, "hcall-debug"). Everything goes through the system
 * address space, so RAM writes invalidate translated code as any store does
 * and MMIO reaches its device; every address is checked first.
 */
#include "ppc/spapr/spapr_hcall.h"

#include <string.h>

#include "ppc/spapr/spapr_machine.h"

#define PAGE_INIT_SIZE          4096

static bool ram_page_ok(SpaprMachine *m, uint64_t addr)
{
    return !(addr & (PAGE_INIT_SIZE - 1)) && addr < m->ram_size &&
           m->ram_size - addr >= PAGE_INIT_SIZE;
}

static int64_t h_page_init(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    uint64_t flags = args[0], dst = args[1], src = args[2];
    uint8_t buf[PAGE_INIT_SIZE];

    if (flags & ~(H_ICACHE_INVALIDATE | H_ICACHE_SYNCHRONIZE | H_ZERO_PAGE | H_COPY_PAGE)) {
        return H_PARAMETER;
    }
    if (!ram_page_ok(m, dst)) {
        return H_PARAMETER;
    }
    if (flags & H_COPY_PAGE) {
        if (!ram_page_ok(m, src) ||
            address_space_read(&m->as, src, buf, sizeof(buf)) != MEMTX_OK) {
            return H_PARAMETER;
        }
    } else if (flags & H_ZERO_PAGE) {
        memset(buf, 0, sizeof(buf));
    } else {
        /* Only the cache flags: stores already keep translated code coherent here. */
        return H_SUCCESS;
    }
    return address_space_write(&m->as, dst, buf, sizeof(buf)) == MEMTX_OK ? H_SUCCESS : H_PARAMETER;
}

/* Big-endian, as the guest's own cache-inhibited lbz/lhz/lwz/ld would see it. */
static int64_t h_logical_ci_load(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    uint64_t size = args[0], addr = args[1], val = 0;
    uint8_t buf[8];

    if (size != 1 && size != 2 && size != 4 && size != 8) {
        return H_PARAMETER;
    }
    if (address_space_read(&m->as, addr, buf, size) != MEMTX_OK) {
        return H_PARAMETER;
    }
    for (uint64_t i = 0; i < size; i++) {
        val = (val << 8) | buf[i];
    }
    args[0] = val;
    return H_SUCCESS;
}

static int64_t h_logical_ci_store(SpaprMachine *m, PowerPCCPU *cpu, uint64_t opcode, uint64_t *args)
{
    uint64_t size = args[0], addr = args[1], val = args[2];
    uint8_t buf[8];

    if (size != 1 && size != 2 && size != 4 && size != 8) {
        return H_PARAMETER;
    }
    for (uint64_t i = 0; i < size; i++) {
        buf[i] = (uint8_t)(val >> (8 * (size - 1 - i)));
    }
    return address_space_write(&m->as, addr, buf, size) == MEMTX_OK ? H_SUCCESS : H_PARAMETER;
}

static const SpaprHcallDef memops_hcalls[] = {
    SPAPR_HCALL(H_PAGE_INIT, h_page_init, "hcall-copy", 3, 0),                 /* flags, dst, src */
    SPAPR_HCALL(H_LOGICAL_CI_LOAD, h_logical_ci_load, "hcall-debug", 2, 1),    /* size, addr -> value */
    SPAPR_HCALL(H_LOGICAL_CI_STORE, h_logical_ci_store, "hcall-debug", 3, 0),  /* size, addr, value */
};

void spapr_memops_register(void)
{
    SPAPR_REGISTER_HCALLS(memops_hcalls);
}
