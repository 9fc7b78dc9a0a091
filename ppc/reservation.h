/*
 * Load-and-reserve / store-conditional across vCPU threads (Power ISA 2.07B
 * Book II 4.4.2; ppc/reservation.c).
 */
#ifndef PPC_RESERVATION_H
#define PPC_RESERVATION_H

#include "ppc/cpu.h"

/* l[bhwdq]arx: read size bytes at ea (memory order) into cpu->reserve_val and reserve them. */
void ppc_reserve(PowerPCCPU *cpu, uint64_t ea, unsigned size);
/* st[bhwdq]cx.: store bytes (memory order) if the reservation holds; the reservation goes. */
bool ppc_store_conditional(PowerPCCPU *cpu, uint64_t ea, const void *bytes, unsigned size);

#endif
