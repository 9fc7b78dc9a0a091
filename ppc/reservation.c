/*
 * Load-and-reserve / store-conditional between vCPUs that run on different
 * host threads (Power ISA 2.07B Book II 4.4.2, "Atomic Update"; Book II
 * 1.7.3 on reservations).
 *
 * The ISA loses a thread's reservation when any other thread stores to the
 * reservation granule. Watching every store of every thread would cost
 * every store; instead, as QEMU does, the reservation remembers the address,
 * the length and the bytes l*arx read, and st*cx. succeeds only if memory
 * still holds those bytes, with one host compare-and-swap that stores the
 * new bytes in the same atomic step. Another thread's store that changed the
 * value therefore makes st*cx. fail, and two st*cx. racing for the same
 * value cannot both succeed. What this accepts and the ISA does not: a store
 * that wrote back the same value (ABA) leaves the st*cx. able to succeed.
 * Lock-free algorithms that rely on that case are rare, and QEMU accepts the
 * same for its MTTCG.
 *
 * The CAS is a locked x86-64 instruction, a full barrier, which st*cx.
 * needs anyway when used with sync/lwsync for locks.
 */
#include "ppc/reservation.h"

#include <string.h>

#include "core/bql.h"
#include "ppc/mmu.h"
#include "tcg/tcg.h"

void ppc_reserve(PowerPCCPU *cpu, uint64_t ea, unsigned size)
{
    /* An aligned load of 1-8 bytes is single-copy atomic on the host, as Book II 1.4 asks. */
    ppc_read_bytes(cpu, ea, cpu->reserve_val, size);
    cpu->reserve_addr = ea;
    cpu->reserve_len = size;
}

static bool cas16(void *p, const void *expect, const void *desired)
{
#ifdef __x86_64__
    uint64_t e[2], d[2];
    bool ok;

    memcpy(e, expect, 16);
    memcpy(d, desired, 16);
    __asm__ __volatile__("lock cmpxchg16b %1"
                         : "=@ccz"(ok), "+m"(*(unsigned __int128 *)p), "+a"(e[0]), "+d"(e[1])
                         : "b"(d[0]), "c"(d[1])
                         : "memory");
    return ok;
#else
#error "reservation.c: no 16-byte compare-and-swap for this host"
#endif
}

/*
 * Compare-and-swap size bytes of guest RAM at host p (aligned to size): the
 * architected atomic step. A guest_ram_ name (core/memory.h): another
 * vCPU's plain load or store of the same bytes is the guest's own race.
 */
#define CAS_AS(type)                                                                     \
    do {                                                                                 \
        type e_, d_;                                                                     \
        memcpy(&e_, expect, sizeof(type));                                               \
        memcpy(&d_, desired, sizeof(type));                                              \
        return __atomic_compare_exchange_n((type *)p, &e_, d_, false, __ATOMIC_SEQ_CST, \
                                           __ATOMIC_SEQ_CST);                            \
    } while (0)

static GUEST_RAM_COPY_ATTR bool guest_ram_cas(void *p, const void *expect, const void *desired,
                                              unsigned size)
{
    switch (size) {
    case 1: CAS_AS(uint8_t);
    case 2: CAS_AS(uint16_t);
    case 4: CAS_AS(uint32_t);
    case 8: CAS_AS(uint64_t);
    default: return cas16(p, expect, desired);
    }
}

/*
 * Where the TLB has no writable entry (a miss, C not yet set, a page that
 * holds translated code, or not RAM): translate for a store, which raises
 * the DSI a store would and records R and C, then find the bytes. Code
 * pages get their blocks invalidated after a successful store; MMIO is done
 * as compare-then-write under the big lock, which orders it against every
 * other access to the device.
 */
static bool store_conditional_slow(PowerPCCPU *cpu, uint64_t ea, const void *bytes, unsigned size)
{
    MemorySection sec;
    uint64_t pa;
    bool ok;

    if (cpu->cs.watchpoints && cpu->cs.watchpoints->len &&
        cpu_check_watchpoint(&cpu->cs, ea, size, true)) {
        tcg_exit_block(&cpu->cs);
    }
    pa = ppc_translate_or_raise(cpu, ea, ACCESS_WRITE);
    if (address_space_lookup(cpu->cs.as, pa, &sec) && sec.mr->kind == MR_RAM &&
        pa - sec.start + size <= sec.size) {
        uint64_t off = sec.offset + (pa - sec.start);
        ok = guest_ram_cas(sec.mr->ram + off, cpu->reserve_val, bytes, size);
        if (ok && memory_code_write_hook && memory_region_is_code_page(sec.mr, off)) {
            memory_code_write_hook(sec.mr, off, size);
        }
        return ok;
    }
    uint8_t now[16];
    bql_lock();
    ok = address_space_read(cpu->cs.as, pa, now, size) == MEMTX_OK &&
         memcmp(now, cpu->reserve_val, size) == 0 &&
         address_space_write(cpu->cs.as, pa, bytes, size) == MEMTX_OK;
    bql_unlock();
    return ok;
}

bool ppc_store_conditional(PowerPCCPU *cpu, uint64_t ea, const void *bytes, unsigned size)
{
    bool ok = cpu->reserve_addr == ea && cpu->reserve_len == size;

    cpu->reserve_addr = UINT64_MAX;
    if (!ok) {
        return false;
    }
    void *host = ppc_tlb_hit(cpu, ea, size, ACCESS_WRITE);
    if (host) {
        return guest_ram_cas(host, cpu->reserve_val, bytes, size);
    }
    return store_conditional_slow(cpu, ea, bytes, size);
}
