/*
 * Physical PCI slot connectors (LoPAR 13.6, "PCI Hot Plug DR option"): 32
 * per PHB, created when the PHB is realized. A slot connector covers one
 * adapter, all its functions (LoPAR defines an IOA by bus and device
 * number, not function), as the 2013 sPAPR hotplug series did.
 *
 * State machine (LoPAR 13.4 figure, hot plug side): 6 power-on (isolated)
 * -> unisolate -> 7 -> ibm,configure-connector -> 8 configured -> isolate
 * -> 6. Every slot is in the live-insertion power domain (-1), which is
 * always powered (LoPAR 13.2, "Live Insertion"), so state 5 (powered off)
 * never occurs and set-power-level changes nothing (drc-rtas.c). Presence
 * (dr-entity-sense) reads the slot, independent of power and isolation
 * (LoPAR 13.6.1).
 */
#include "hotplug/drc-internal.h"

#include <libfdt.h>

#include "ppc/spapr/papr.h"
#include "ppc/spapr/spapr_machine.h"

/* set-indicator isolation-state isolate: 8 -> 6, completing a pending unplug. */
static int32_t pci_isolate(SpaprDrc *drc, const char *cause)
{
    switch (drc->state) {
    case SPAPR_DRC_POWER_ON:
        /*
         * drmgr begins every add with this, on the slot the host has just
         * filled: it must not release anything (an unplug requested while
         * isolated was completed at once).
         */
        return spapr_drc_nothing_to_do(drc, cause);
    case SPAPR_DRC_P_UNISOLATED:
        /*
         * Not in LoPAR's figure, but isolating clears RTAS's configuration
         * state for the connector (LoPAR 13.5.3.4 implementation note), and
         * an OS whose ibm,configure-connector failed isolates to give up
         * (Linux dlpar_release_drc): allowed, back to 6.
         */
    case SPAPR_DRC_P_CONFIGURED:
        break; /* see below */
    default:
        g_assert_not_reached();
    }
    spapr_drc_walk_abandon(drc);
    spapr_drc_set_state(drc, SPAPR_DRC_POWER_ON, cause);
    if (drc->unplug_requested) {
        spapr_drc_release(drc, cause);
    }
    return RTAS_OUT_SUCCESS;
}

/* set-indicator isolation-state unisolate: 6 -> 7. */
static int32_t pci_unisolate(SpaprDrc *drc, const char *cause)
{
    switch (drc->state) {
    case SPAPR_DRC_P_UNISOLATED:
    case SPAPR_DRC_P_CONFIGURED:
        return spapr_drc_nothing_to_do(drc, cause);
    case SPAPR_DRC_POWER_ON:
        break; /* see below */
    default:
        g_assert_not_reached();
    }
    /*
     * LoPAR 13.6.3 R1-2: unisolate succeeds once the adapter takes config
     * cycles (ours always do), and must succeed on an empty slot too.
     */
    spapr_drc_set_state(drc, SPAPR_DRC_P_UNISOLATED, cause);
    return RTAS_OUT_SUCCESS;
}

static SpaprDrcCcCheck pci_configure_check(const SpaprDrc *drc)
{
    switch (drc->state) {
    case SPAPR_DRC_POWER_ON:
        return SPAPR_DRC_CC_UNUSABLE;   /* isolated: nothing may be configured */
    case SPAPR_DRC_P_UNISOLATED:
    case SPAPR_DRC_P_CONFIGURED:
        /* LoPAR 13.5.3.5: the sub-tree below an empty connector is not reported. */
        return drc->dev ? SPAPR_DRC_CC_WALK : SPAPR_DRC_CC_NOTHING;
    default:
        g_assert_not_reached();
    }
}

/* ibm,configure-connector returned "configuration complete": 7 -> 8. */
static void pci_configured(SpaprDrc *drc, const char *cause)
{
    switch (drc->state) {
    case SPAPR_DRC_P_CONFIGURED:
        spapr_drc_nothing_to_do(drc, cause);    /* a repeated walk */
        return;
    case SPAPR_DRC_P_UNISOLATED:
        break; /* see below */
    default:
        g_assert_not_reached();                 /* configure_check refused the walk */
    }
    spapr_drc_set_state(drc, SPAPR_DRC_P_CONFIGURED, cause);
}

static uint32_t pci_entity_sense(const SpaprDrc *drc)
{
    return drc->dev ? RTAS_ENTITY_SENSE_PRESENT : RTAS_ENTITY_SENSE_EMPTY;
}

const SpaprDrcOps spapr_drc_pci_ops = {
    .type = SPAPR_DRC_TYPE_PCI,
    .physical = true,
    .empty_state = SPAPR_DRC_POWER_ON,
    .hotplug_state = SPAPR_DRC_POWER_ON,
    .configured_state = SPAPR_DRC_P_CONFIGURED,
    .isolate = pci_isolate,
    .unisolate = pci_unisolate,
    .configure_check = pci_configure_check,
    .configured = pci_configured,
    .entity_sense = pci_entity_sense,
};

/* ---- the slots of a PHB ---- */

static void pci_check_phb(int phb)
{
    g_assert(phb >= 0 && phb < SPAPR_MAX_PHBS);
}

void spapr_drc_pci_create_slots(SpaprMachine *m, int phb)
{
    pci_check_phb(phb);
    for (int slot = 0; slot < SPAPR_DRC_PCI_SLOTS; slot++) {
        spapr_drc_new(m, &spapr_drc_pci_ops, SPAPR_DRC_PCI_INDEX(phb, slot),
                      g_strdup_printf("Slot %d", phb * SPAPR_DRC_PCI_SLOTS + slot));
    }
}

void spapr_drc_pci_destroy_slots(SpaprMachine *m, int phb)
{
    pci_check_phb(phb);
    if (!m->drcs) {
        return;
    }
    for (int slot = 0; slot < SPAPR_DRC_PCI_SLOTS; slot++) {
        SpaprDrc *drc = spapr_drc_pci_slot(m, phb, slot);

        if (drc) {
            spapr_drc_detach(drc);
            spapr_drc_free(drc);
        }
    }
}

SpaprDrc *spapr_drc_pci_slot(SpaprMachine *m, int phb, int slot)
{
    if (phb < 0 || phb >= SPAPR_MAX_PHBS || slot < 0 || slot >= SPAPR_DRC_PCI_SLOTS) {
        return NULL;
    }
    return spapr_drc_by_index(m, SPAPR_DRC_PCI_INDEX(phb, slot));
}

int spapr_drc_pci_fdt_phb_props(SpaprMachine *m, int phb, void *fdt)
{
    SpaprDrc *drcs[SPAPR_DRC_PCI_SLOTS];

    for (int slot = 0; slot < SPAPR_DRC_PCI_SLOTS; slot++) {
        drcs[slot] = spapr_drc_pci_slot(m, phb, slot);
        g_assert(drcs[slot]);   /* the PHB writes its node after creating its slots */
    }
    return spapr_drc_fdt_arrays(fdt, drcs, SPAPR_DRC_PCI_SLOTS);
}

int spapr_drc_pci_fdt_function_props(int phb, int slot, void *fdt)
{
    char loc[32];
    int ret;

    pci_check_phb(phb);
    g_assert(slot >= 0 && slot < SPAPR_DRC_PCI_SLOTS);
    /* The location code is the connector's name, as in the 2013 series. */
    g_snprintf(loc, sizeof(loc), "Slot %d", phb * SPAPR_DRC_PCI_SLOTS + slot);
    ret = fdt_property_u32(fdt, "ibm,my-drc-index", SPAPR_DRC_PCI_INDEX(phb, slot));
    if (ret == 0) {
        ret = fdt_property_string(fdt, "ibm,loc-code", loc);
    }
    return ret;
}
