/*
 * Dynamic-reconfiguration connectors (DRCs), LoPAR 13 "Dynamic
 * Reconfiguration (DR) Architecture": the connector an OS adds or removes
 * a resource through. Two kinds exist on this machine:
 *
 *   - a physical PCI slot (LoPAR 13.6 "PCI Hot Plug DR option"): 32 per
 *     PHB, each covering one adapter with all its functions;
 *   - a logical PHB connector (LoPAR 13.7, logical DR type "PHB"), one on
 *     / for every PHB the machine could have.
 *
 * Each DRC has a state from LoPAR's "DR entity states" figure (the numbers
 * are LoPAR's), an attached entity (a Device plus the owner's callbacks) or
 * none, and an unplug request flag. The guest moves it with the DR RTAS
 * services (drc-rtas.c, configure-connector.c); the machine and the
 * device_add/device_del glue move it with the calls below. Every change is
 * logged under -d dr. See hotplug/README.md for the flows.
 *
 * Only hotplug/ writes these structs; everyone else reads them.
 */
#ifndef HOTPLUG_DRC_H
#define HOTPLUG_DRC_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

#include "core/device.h"
#include "core/error.h"

typedef struct Machine SpaprMachine;
typedef struct SpaprDrc SpaprDrc;
typedef struct SpaprDrcOps SpaprDrcOps;
typedef struct SpaprDrcSet SpaprDrcSet;
typedef struct SpaprDrcWalk SpaprDrcWalk;

/*
 * LoPAR figure "DR entity states" (ch. 13, "Dynamic Reconfiguration State
 * Transitions"), with its numbers. Logical connectors use 1-4, physical
 * ones 6-8. State 5 (physical, powered off) does not occur here: every
 * slot is in the live-insertion power domain (-1), which is always powered.
 */
typedef enum SpaprDrcState {
    SPAPR_DRC_UNUSABLE = 1,         /* logical: owned by the platform (sense "unusable") */
    SPAPR_DRC_AVAILABLE = 2,        /* logical: allocated to the OS, isolated */
    SPAPR_DRC_L_UNISOLATED = 3,     /* logical: unisolated, not yet configured */
    SPAPR_DRC_L_CONFIGURED = 4,     /* logical: configured, in use by the OS */
    SPAPR_DRC_POWER_ON = 6,         /* physical: powered, isolated */
    SPAPR_DRC_P_UNISOLATED = 7,     /* physical: unisolated, not yet configured */
    SPAPR_DRC_P_CONFIGURED = 8,     /* physical: configured, in use by the OS */
} SpaprDrcState;

/*
 * What a DRC's owner supplies when it attaches an entity: the PHB for a
 * PCI adapter, the machine for a PHB. opaque is passed back to both.
 */
typedef struct SpaprDrcEntityOps {
    /*
     * Write the entity's device-tree node(s) with libfdt's sequential-write
     * calls into fdt_sw, inside a parent node the caller has begun: one
     * node per function of a PCI adapter (they become top-level siblings
     * in ibm,configure-connector), the PHB node for a PHB, each written by
     * the device's own DeviceClass.fdt_node, as in the boot tree. Each
     * node carries ibm,my-drc-index (and a PCI function ibm,loc-code too).
     * A DtNodeFn for dt_build_fragment (ppc/spapr/dt_util.h): returns 0 or
     * a negative libfdt error; -FDT_ERR_NOSPACE makes it retry with a
     * larger buffer, so it must be safe to call again.
     */
    int (*build_fragment)(void *opaque, void *fdt_sw);
    /*
     * The guest gave the entity up (or a machine reset completed a pending
     * unplug): destroy it. The DRC is already empty when this runs, so a
     * spapr_drc_detach from inside it does nothing.
     */
    void (*release)(void *opaque);
} SpaprDrcEntityOps;

struct SpaprDrc {
    const SpaprDrcOps *ops;         /* the kind: physical PCI slot or logical PHB */
    SpaprDrcSet *set;               /* the machine's set it belongs to */
    uint32_t index;                 /* ibm,drc-indexes */
    char *name;                     /* ibm,drc-names */
    SpaprDrcState state;
    uint32_t dr_indicator;          /* indicator 9002 (physical only): RTAS_DR_INDICATOR_* */

    /* The entity, or dev == NULL: the connector is empty. */
    Device *dev;                    /* for a multi-function adapter, function 0 */
    const SpaprDrcEntityOps *entity_ops;
    void *entity_opaque;
    bool unplug_requested;          /* device_del: waits for the guest (or a reset) */

    SpaprDrcWalk *walk;             /* an ibm,configure-connector sequence in progress, or NULL */
};

/* ---- The machine's set of DRCs (drc.c) ---- */

/*
 * Create the machine's DRC set (m->drcs) with the PHB connectors, one per
 * possible PHB, all empty. The PCI slot connectors come and go with their
 * PHB (spapr_drc_pci_create_slots).
 */
void spapr_drc_machine_init(SpaprMachine *m);
/* Free every DRC (after the devices are gone: nothing is released). */
void spapr_drc_machine_cleanup(SpaprMachine *m);
/*
 * Machine reset (LoPAR: the platform may take connectors back at reboot):
 * complete every pending unplug (the entity is released), put a connector
 * with an entity in its configured state, as at cold plug, and an empty
 * one in its empty state. Abandons configure-connector sequences.
 */
void spapr_drc_reset_all(SpaprMachine *m);

/* The DRC with this ibm,drc-indexes value, or NULL. */
SpaprDrc *spapr_drc_by_index(SpaprMachine *m, uint32_t index);
/* Every DRC in index order (g_ptr_array_free(arr, TRUE) frees the array, not the DRCs). */
GPtrArray *spapr_drc_list(SpaprMachine *m);

/* ---- Entities (drc.c) ---- */

/*
 * Attach an entity to an empty DRC. Cold plug (hotplug false: -device, or
 * anything present before the guest runs) leaves the connector configured,
 * as firmware would at boot, so the guest can remove it later. Hot plug
 * (device_add) leaves it where the guest starts an add: a physical slot
 * powered and isolated with its presence sensor reading "present", a
 * logical connector unusable until the guest allocates it. Raising the
 * hotplug event is the caller's job. Fails if the DRC is occupied.
 */
bool spapr_drc_attach(SpaprDrc *drc, Device *dev, const SpaprDrcEntityOps *ops, void *opaque,
                      bool hotplug, Error **errp);
/*
 * device_del: ask the guest to give the entity up. If the guest does not
 * own it (a physical slot still isolated, a logical connector unusable)
 * it is released at once; otherwise the DRC waits until the guest isolates
 * a physical slot or sets a logical connector unusable, or until a machine
 * reset. Returns true once the request stands (*released says whether the
 * entity is already gone); fails on an empty DRC or a second request.
 */
bool spapr_drc_unplug_request(SpaprDrc *drc, bool *released, Error **errp);
/*
 * The owner removes the entity itself, without the guest (its PHB is being
 * destroyed, or plugging failed half way): the DRC becomes empty and
 * release is not called. Does nothing on an empty DRC.
 */
void spapr_drc_detach(SpaprDrc *drc);

static inline bool spapr_drc_is_empty(const SpaprDrc *drc)
{
    return drc->dev == NULL;
}

/* The LoPAR state name ("configured") and whether the connector is physical. */
const char *spapr_drc_state_name(SpaprDrcState state);
bool spapr_drc_is_physical(const SpaprDrc *drc);
const char *spapr_drc_type(const SpaprDrc *drc);
/* dr-entity-sense (sensor 9003): RTAS_ENTITY_SENSE_* */
uint32_t spapr_drc_entity_sense(const SpaprDrc *drc);

/* ---- PCI slot connectors (drc-pci.c) ---- */

/* PHB realize: the 32 slot DRCs of PHB phb (0..SPAPR_MAX_PHBS-1), empty. */
void spapr_drc_pci_create_slots(SpaprMachine *m, int phb);
/* PHB unrealize: detach whatever is left (without release) and free them. */
void spapr_drc_pci_destroy_slots(SpaprMachine *m, int phb);
/* The DRC of a slot (0..31) of PHB phb, or NULL if that PHB has none. */
SpaprDrc *spapr_drc_pci_slot(SpaprMachine *m, int phb, int slot);
/*
 * In the PHB's node being written (sequential write): ibm,drc-indexes,
 * -names, -types and -power-domains for its 32 slots, each a be32 count
 * followed by the entries. No ibm,drc-info: with it Linux's rpaphp
 * registers one slot only. Returns 0 or a libfdt error.
 */
int spapr_drc_pci_fdt_phb_props(SpaprMachine *m, int phb, void *fdt);
/*
 * In a function's node under PHB phb, slot slot: ibm,my-drc-index and
 * ibm,loc-code ("Slot N", the DRC name), which drmgr and rpaphp need to
 * find the connector of a device; boot-time devices carry them too, so
 * they can be removed after a guest reboot.
 */
int spapr_drc_pci_fdt_function_props(int phb, int slot, void *fdt);

/* ---- PHB connectors (drc-phb.c) ---- */

/* The DRC of PHB phb (0..SPAPR_MAX_PHBS-1), or NULL. */
SpaprDrc *spapr_drc_phb(SpaprMachine *m, int phb);
/* In the root node being written: the four ibm,drc-* arrays of the PHB connectors. */
int spapr_drc_phb_fdt_root_props(SpaprMachine *m, void *fdt);
/* In a PHB's node: ibm,my-drc-index. */
int spapr_drc_phb_fdt_my_index(int phb, void *fdt);

/* ---- RTAS services (drc-rtas.c, configure-connector.c) ---- */

/*
 * Register set-indicator types 9001-9003, get-sensor-state 9003,
 * set-power-level, get-power-level and ibm,configure-connector.
 */
void spapr_drc_register(void);

/* ---- Monitor (drc-info.c) ---- */

/* `info drc`: one line per DRC in index order (format in hotplug/README.md). */
void spapr_drc_print_info(SpaprMachine *m, GString *out);

#endif
