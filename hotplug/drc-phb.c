/*
 * Logical PHB connectors (LoPAR 13.7, "Logical Resource Dynamic
 * Reconfiguration", DR type "PHB"): one on / for every PHB the machine
 * could have, created with the machine, named "PHB N".
 *
 * State machine (LoPAR 13.4 figure, logical side): 1 unusable ->
 * allocation usable -> 2 available -> unisolate -> 3 -> configure-connector
 * -> 4 configured; removal is 4 -> isolate -> 2 -> allocation unusable -> 1.
 * While the connector senses "unusable" every set-indicator except
 * allocation usable fails with -3 (LoPAR 13.5.3.4 R1-5).
 */
#include "hotplug/drc-internal.h"

#include <libfdt.h>

#include "ppc/spapr/papr.h"
#include "ppc/spapr/spapr_machine.h"

/* set-indicator allocation-state usable: 1 -> 2. */
static int32_t phb_set_usable(SpaprDrc *drc, const char *cause)
{
    switch (drc->state) {
    case SPAPR_DRC_AVAILABLE:
    case SPAPR_DRC_L_UNISOLATED:
    case SPAPR_DRC_L_CONFIGURED:
        return spapr_drc_nothing_to_do(drc, cause);
    case SPAPR_DRC_UNUSABLE:
        break; /* see below */
    default:
        g_assert_not_reached();
    }
    /* LoPAR 13.5.3.4: "If the transition to the usable state is not possible the -3". */
    if (!drc->dev) {
        spapr_drc_log(drc, cause, "no PHB to allocate");
        return spapr_drc_not_allowed(drc, cause, RTAS_OUT_NO_SUCH_INDICATOR);
    }
    /* An unplug requested or completed in state 1 released the entity at once. */
    g_assert(!drc->unplug_requested);
    spapr_drc_set_state(drc, SPAPR_DRC_AVAILABLE, cause);
    return RTAS_OUT_SUCCESS;
}

/* set-indicator allocation-state unusable: 2 -> 1, completing a pending unplug. */
static int32_t phb_set_unusable(SpaprDrc *drc, const char *cause)
{
    switch (drc->state) {
    case SPAPR_DRC_UNUSABLE:
        return spapr_drc_not_allowed(drc, cause, RTAS_OUT_NO_SUCH_INDICATOR);  /* R1-5 */
    case SPAPR_DRC_L_UNISOLATED:
    case SPAPR_DRC_L_CONFIGURED:
        /* The figure leaves 3 and 4 only by isolate: the OS isolates first. */
        return spapr_drc_not_allowed(drc, cause, RTAS_OUT_NO_SUCH_INDICATOR);
    case SPAPR_DRC_AVAILABLE:
        break; /* see below */
    default:
        g_assert_not_reached();
    }
    spapr_drc_set_state(drc, SPAPR_DRC_UNUSABLE, cause);
    if (drc->unplug_requested) {
        spapr_drc_release(drc, cause);
    }
    return RTAS_OUT_SUCCESS;
}

/* Index of the PHB a PHB connector stands for. */
static int phb_number(const SpaprDrc *drc)
{
    return (int)(drc->index - SPAPR_DRC_PHB_INDEX(0));
}

/*
 * LoPAR 13.7.4 "Isolation of PHBs and Slots": only leaf connectors may be
 * isolated; isolating a PHB whose slots are not all isolated fails with
 * "multi-level isolation error" (-9000). drmgr -c phb -r isolates the
 * slots first.
 */
static bool phb_slots_isolated(const SpaprDrc *drc)
{
    SpaprMachine *m = drc->set->machine;

    for (int slot = 0; slot < SPAPR_DRC_PCI_SLOTS; slot++) {
        SpaprDrc *s = spapr_drc_pci_slot(m, phb_number(drc), slot);

        if (s && s->state != SPAPR_DRC_POWER_ON) {
            return false;
        }
    }
    return true;
}

/* set-indicator isolation-state isolate: 4 -> 2. */
static int32_t phb_isolate(SpaprDrc *drc, const char *cause)
{
    switch (drc->state) {
    case SPAPR_DRC_UNUSABLE:
        return spapr_drc_not_allowed(drc, cause, RTAS_OUT_NO_SUCH_INDICATOR);  /* R1-5 */
    case SPAPR_DRC_AVAILABLE:
        return spapr_drc_nothing_to_do(drc, cause);
    case SPAPR_DRC_L_UNISOLATED:
        /* Giving up a configuration (see pci_isolate): back to 2. */
    case SPAPR_DRC_L_CONFIGURED:
        break; /* see below */
    default:
        g_assert_not_reached();
    }
    if (!phb_slots_isolated(drc)) {
        spapr_drc_log(drc, cause, "a slot of the PHB is not isolated");
        return spapr_drc_not_allowed(drc, cause, RTAS_OUT_DR_MULTI_LEVEL_ISOLATION);
    }
    spapr_drc_walk_abandon(drc);
    spapr_drc_set_state(drc, SPAPR_DRC_AVAILABLE, cause);
    /* A pending unplug completes at allocation unusable, the next step. */
    return RTAS_OUT_SUCCESS;
}

/* set-indicator isolation-state unisolate: 2 -> 3. */
static int32_t phb_unisolate(SpaprDrc *drc, const char *cause)
{
    switch (drc->state) {
    case SPAPR_DRC_UNUSABLE:
        /* LoPAR 13.5.3.4: allocate before unisolating (R1-5). */
        return spapr_drc_not_allowed(drc, cause, RTAS_OUT_NO_SUCH_INDICATOR);
    case SPAPR_DRC_L_UNISOLATED:
    case SPAPR_DRC_L_CONFIGURED:
        return spapr_drc_nothing_to_do(drc, cause);
    case SPAPR_DRC_AVAILABLE:
        break; /* see below */
    default:
        g_assert_not_reached();
    }
    /* Reaching 2 needed an entity (phb_set_usable). */
    g_assert(drc->dev);
    spapr_drc_set_state(drc, SPAPR_DRC_L_UNISOLATED, cause);
    return RTAS_OUT_SUCCESS;
}

static SpaprDrcCcCheck phb_configure_check(const SpaprDrc *drc)
{
    switch (drc->state) {
    case SPAPR_DRC_UNUSABLE:
        return SPAPR_DRC_CC_UNUSABLE;   /* LoPAR 13.7.4.3 R1-2 */
    case SPAPR_DRC_AVAILABLE:
        return SPAPR_DRC_CC_NOTHING;    /* isolated: "configuration complete" at once, R1-1 */
    case SPAPR_DRC_L_UNISOLATED:
    case SPAPR_DRC_L_CONFIGURED:
        return SPAPR_DRC_CC_WALK;
    default:
        g_assert_not_reached();
    }
}

/* ibm,configure-connector returned "configuration complete": 3 -> 4. */
static void phb_configured(SpaprDrc *drc, const char *cause)
{
    switch (drc->state) {
    case SPAPR_DRC_L_CONFIGURED:
        spapr_drc_nothing_to_do(drc, cause);
        return;
    case SPAPR_DRC_L_UNISOLATED:
        break; /* see below */
    default:
        g_assert_not_reached();
    }
    spapr_drc_set_state(drc, SPAPR_DRC_L_CONFIGURED, cause);
}

static uint32_t phb_entity_sense(const SpaprDrc *drc)
{
    switch (drc->state) {
    case SPAPR_DRC_UNUSABLE:
        return RTAS_ENTITY_SENSE_UNUSABLE;
    case SPAPR_DRC_AVAILABLE:
    case SPAPR_DRC_L_UNISOLATED:
    case SPAPR_DRC_L_CONFIGURED:
        g_assert(drc->dev);
        return RTAS_ENTITY_SENSE_PRESENT;
    default:
        g_assert_not_reached();
    }
}

const SpaprDrcOps spapr_drc_phb_ops = {
    .type = SPAPR_DRC_TYPE_PHB,
    .physical = false,
    .empty_state = SPAPR_DRC_UNUSABLE,
    .hotplug_state = SPAPR_DRC_UNUSABLE,
    .configured_state = SPAPR_DRC_L_CONFIGURED,
    .isolate = phb_isolate,
    .unisolate = phb_unisolate,
    .set_usable = phb_set_usable,
    .set_unusable = phb_set_unusable,
    .configure_check = phb_configure_check,
    .configured = phb_configured,
    .entity_sense = phb_entity_sense,
};

void spapr_drc_phb_create_all(SpaprMachine *m)
{
    for (int phb = 0; phb < SPAPR_MAX_PHBS; phb++) {
        spapr_drc_new(m, &spapr_drc_phb_ops, SPAPR_DRC_PHB_INDEX(phb),
                      g_strdup_printf("PHB %d", phb));
    }
}

SpaprDrc *spapr_drc_phb(SpaprMachine *m, int phb)
{
    if (phb < 0 || phb >= SPAPR_MAX_PHBS) {
        return NULL;
    }
    return spapr_drc_by_index(m, SPAPR_DRC_PHB_INDEX(phb));
}

int spapr_drc_phb_fdt_root_props(SpaprMachine *m, void *fdt)
{
    SpaprDrc *drcs[SPAPR_MAX_PHBS];

    for (int phb = 0; phb < SPAPR_MAX_PHBS; phb++) {
        drcs[phb] = spapr_drc_phb(m, phb);
        g_assert(drcs[phb]);
    }
    return spapr_drc_fdt_arrays(fdt, drcs, SPAPR_MAX_PHBS);
}

int spapr_drc_phb_fdt_my_index(int phb, void *fdt)
{
    g_assert(phb >= 0 && phb < SPAPR_MAX_PHBS);
    return fdt_property_u32(fdt, "ibm,my-drc-index", SPAPR_DRC_PHB_INDEX(phb));
}
