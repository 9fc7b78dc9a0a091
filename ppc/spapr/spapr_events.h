/*
 * The event log of the pseries machine: the events the platform raises for
 * the guest (hotplug requests from device_add/device_del, the power-off
 * request of system_powerdown), the interrupts that signal them, and the two
 * RTAS services the guest reads them with, check-exception and event-scan
 * (LoPAR, RTAS chapter: "Error and Event Reporting", "RTAS Error and Event
 * Classes", "RTAS Error Reporting Return Format").
 *
 * Each event is an RTAS extended event log, version 6: the 8-byte fixed part,
 * the 16-byte version 6 header, the Main-A ("PH") and Main-B ("UH")
 * sections, then one "HP" (hotplug) or "EP" (EPOW) section. The layouts are
 * in spapr_events.c.
 *
 * Events wait in a bounded queue until the guest reads them; the interrupt
 * of their class is raised (again) while any remain. See spapr_events.c for
 * the bound and for how the interrupts stay one per event.
 */
#ifndef PPC_SPAPR_SPAPR_EVENTS_H
#define PPC_SPAPR_SPAPR_EVENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "ppc/cpu.h"
#include "ppc/spapr/spapr_rtas.h"
#include "ppc/spapr/spapr_xics.h"       /* the sources: SPAPR_IRQ_EPOW, SPAPR_IRQ_HOTPLUG */

typedef struct Machine SpaprMachine;     /* spapr_machine.h */

/*
 * Pending events at most. Events come only from monitor (or QMP) commands,
 * one per device_add, device_del or system_powerdown; 64 holds a whole PHB's
 * 32 slots added and removed while the guest reads nothing. At the bound the
 * command fails before it changes anything (spapr_events_check_room), so an
 * event that was accepted is never dropped.
 */
#define SPAPR_EVENT_QUEUE_MAX   64

/*
 * What a hotplug event is about: "HP" section byte 0x08 (LoPAR "Platform
 * Event Log Format, Hotplug Section").
 */
typedef enum SpaprHpResource {
    SPAPR_HP_RESOURCE_PHB = 4,
    SPAPR_HP_RESOURCE_PCI = 5,
} SpaprHpResource;

/* "HP" section byte 0x09. */
typedef enum SpaprHpAction {
    SPAPR_HP_ACTION_ADD = 1,
    SPAPR_HP_ACTION_REMOVE = 2,
} SpaprHpAction;

/* The event state of one machine (SpaprMachine.events). */
typedef struct SpaprEvents SpaprEvents;

SpaprEvents *spapr_events_new(void);
void spapr_events_free(SpaprEvents *ev);
/* Machine reset: pending events are dropped with the guest that would have read them. */
void spapr_events_reset(SpaprMachine *m);

/*
 * Is there room for n more events? A producer that changes the machine
 * before it raises its event (the DR code attaching a device) asks first,
 * so that a full queue refuses the command with nothing changed.
 */
bool spapr_events_check_room(SpaprMachine *m, unsigned n, Error **errp);

/*
 * Queue a hotplug event for the DR connector drc_index and signal it: on the
 * hot-plug-events source when the guest negotiated OV5 HP_EVT, else on the
 * EPOW source. False (and nothing queued) when the queue is full.
 */
bool spapr_event_hotplug(SpaprMachine *m, SpaprHpResource res, SpaprHpAction action,
                         uint32_t drc_index, Error **errp);

/*
 * system_powerdown: an EPOW event asking for a normal shutdown (sensor value
 * 3, modifier 1), on the EPOW source; the EPOW sensor (get-sensor-state 9)
 * reads 3 from then until reset. False when the queue is full.
 */
bool spapr_event_powerdown(SpaprMachine *m, Error **errp);

/* Events waiting for the guest. */
unsigned spapr_events_pending(SpaprMachine *m);

/* The /event-sources node with one child per class, at the open parent (sequential write). */
int spapr_events_fdt_node(SpaprMachine *m, void *fdt);

/*
 * The RTAS services (registered by spapr_rtas.c, whose table fixes the
 * tokens): check-exception(vector, info, mask, critical, buffer, length
 * [, extended info]) and event-scan(mask, critical, buffer, length).
 */
int32_t spapr_rtas_check_exception(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c);
int32_t spapr_rtas_event_scan(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c);

#endif
