/*
 * `info drc`: every DR connector, one line each in index order, as
 * key=value fields after the index and the quoted name, so a script can
 * grep a connector by index or name and pick fields out:
 *
 *   0x40000008 "Slot 1" type=28 state=configured(8) isolation=unisolated
 *       allocation=- indicator=active sense=present power=100 device=nic1 pending=unplug
 *
 * (one line in the output). state is LoPAR's state name with its number
 * in the LoPAR 13.4 figure; allocation is "-" for a physical connector and
 * indicator "-" for a logical one; device is the attached device's id (its
 * type in parentheses when it has none), or "-"; pending is "unplug" while
 * a device_del waits for the guest, else "-".
 */
#include "hotplug/drc-internal.h"

#include "ppc/spapr/papr.h"
#include "ppc/spapr/spapr_machine.h"

static bool drc_isolated(const SpaprDrc *drc)
{
    switch (drc->state) {
    case SPAPR_DRC_UNUSABLE:
    case SPAPR_DRC_AVAILABLE:
    case SPAPR_DRC_POWER_ON:
        return true;
    case SPAPR_DRC_L_UNISOLATED:
    case SPAPR_DRC_L_CONFIGURED:
    case SPAPR_DRC_P_UNISOLATED:
    case SPAPR_DRC_P_CONFIGURED:
        return false;
    default:
        g_assert_not_reached();
    }
}

static const char *const sense_names[] = {
    [RTAS_ENTITY_SENSE_EMPTY] = "empty",
    [RTAS_ENTITY_SENSE_PRESENT] = "present",
    [RTAS_ENTITY_SENSE_UNUSABLE] = "unusable",
    [RTAS_ENTITY_SENSE_EXCHANGE] = "exchange",
    [RTAS_ENTITY_SENSE_RECOVERY] = "recovery",
};

void spapr_drc_print_info(SpaprMachine *m, GString *out)
{
    GPtrArray *list = spapr_drc_list(m);

    for (guint i = 0; i < list->len; i++) {
        const SpaprDrc *drc = list->pdata[i];
        uint32_t sense = spapr_drc_entity_sense(drc);

        g_string_append_printf(out, "0x%08x \"%s\" type=%s state=%s(%d) isolation=%s", drc->index,
                               drc->name, drc->ops->type, spapr_drc_state_name(drc->state),
                               drc->state, drc_isolated(drc) ? "isolated" : "unisolated");
        if (drc->ops->physical) {
            g_string_append_printf(out, " allocation=- indicator=%s",
                                   spapr_drc_indicator_name(drc->dr_indicator));
        } else {
            g_string_append_printf(out, " allocation=%s indicator=-",
                                   drc->state == SPAPR_DRC_UNUSABLE ? "unusable" : "usable");
        }
        g_string_append_printf(out, " sense=%s power=%d",
                               sense < G_N_ELEMENTS(sense_names) ? sense_names[sense] : "?",
                               RTAS_POWER_LEVEL_FULL);
        if (!drc->dev) {
            g_string_append(out, " device=-");
        } else if (drc->dev->id) {
            g_string_append_printf(out, " device=%s", drc->dev->id);
        } else {
            g_string_append_printf(out, " device=(%s)", drc->dev->cls->name);
        }
        g_string_append_printf(out, " pending=%s\n", drc->unplug_requested ? "unplug" : "-");
    }
    g_ptr_array_free(list, TRUE);
}
