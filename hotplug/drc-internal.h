/*
 * Calls between hotplug/'s DRC files only: the per-kind operations table,
 * the set that holds a machine's DRCs, and the -d dr log helpers.
 */
#ifndef HOTPLUG_DRC_INTERNAL_H
#define HOTPLUG_DRC_INTERNAL_H

#include "hotplug/drc.h"

/* What ibm,configure-connector may do with a connector in its current state. */
typedef enum SpaprDrcCcCheck {
    SPAPR_DRC_CC_WALK,          /* report the entity's fragment */
    SPAPR_DRC_CC_NOTHING,       /* "configuration complete" at once, nothing reported */
    SPAPR_DRC_CC_UNUSABLE,      /* -9003 */
} SpaprDrcCcCheck;

/*
 * One per DRC kind (physical PCI slot, logical PHB). Each transition is a
 * function with a switch over the current state (LoPAR 13.4 figure); it
 * returns the RTAS status for the guest and logs what happened with cause,
 * the RTAS call or command that asked for it. A NULL transition means the
 * kind has no such indicator (LoPAR 13.5.3.4: -3).
 */
struct SpaprDrcOps {
    const char *type;               /* ibm,drc-types */
    bool physical;
    SpaprDrcState empty_state;      /* nothing attached, after a release or a reset */
    SpaprDrcState hotplug_state;    /* a hot-added entity, waiting for the guest */
    SpaprDrcState configured_state; /* a cold-plugged entity, or any entity after reset */

    int32_t (*isolate)(SpaprDrc *drc, const char *cause);
    int32_t (*unisolate)(SpaprDrc *drc, const char *cause);
    int32_t (*set_usable)(SpaprDrc *drc, const char *cause);        /* logical only */
    int32_t (*set_unusable)(SpaprDrc *drc, const char *cause);      /* logical only */
    /* ibm,configure-connector: may a sequence run now? */
    SpaprDrcCcCheck (*configure_check)(const SpaprDrc *drc);
    /* A sequence returned "configuration complete". */
    void (*configured)(SpaprDrc *drc, const char *cause);
    uint32_t (*entity_sense)(const SpaprDrc *drc);
};

extern const SpaprDrcOps spapr_drc_pci_ops;     /* drc-pci.c */
extern const SpaprDrcOps spapr_drc_phb_ops;     /* drc-phb.c */

struct SpaprDrcSet {
    SpaprMachine *machine;
    GHashTable *by_index;           /* uint32 index -> SpaprDrc* (owned) */
    uint32_t walk_cookie;           /* last value handed out in configure-connector word 1 */
};

/* The PHB connectors, one per possible PHB (drc-phb.c; at machine init). */
void spapr_drc_phb_create_all(SpaprMachine *m);
/* The four ibm,drc-* arrays describing drcs[0..n-1], in the node being written (drc.c). */
int spapr_drc_fdt_arrays(void *fdt, SpaprDrc *const *drcs, unsigned n);

/* The monitor's wait-drc (drc-wait.c). */
void spapr_drc_monitor_register(void);

/* The machine's set (m->drcs). */
SpaprDrcSet *spapr_drc_set(SpaprMachine *m);
/* A new empty DRC in the machine's set; the index must be unused. */
SpaprDrc *spapr_drc_new(SpaprMachine *m, const SpaprDrcOps *ops, uint32_t index, char *name);
/* Remove it from its set and free it (the entity must be gone). */
void spapr_drc_free(SpaprDrc *drc);

/* Move to state, logging "cause: DRC old -> new". */
void spapr_drc_set_state(SpaprDrc *drc, SpaprDrcState state, const char *cause);
/*
 * The guest gave the entity up (an isolate or unusable transition with an
 * unplug pending) or a reset completed it: empty the DRC, then call the
 * owner's release.
 */
void spapr_drc_release(SpaprDrc *drc, const char *cause);
/* Abandon a configure-connector sequence (isolate, release, reset). */
void spapr_drc_walk_abandon(SpaprDrc *drc);
/* "inactive", "active", "identify", "action" (drc-rtas.c). */
const char *spapr_drc_indicator_name(uint32_t value);
/* Register ibm,configure-connector (configure-connector.c). */
void spapr_drc_register_configure_connector(void);

/*
 * -d dr lines: "dr: CAUSE: "NAME" (0xINDEX) MESSAGE". The outcome helpers
 * log and return the status, so a transition can end with one of them.
 */
void spapr_drc_log(const SpaprDrc *drc, const char *cause, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int32_t spapr_drc_nothing_to_do(const SpaprDrc *drc, const char *cause);
int32_t spapr_drc_not_allowed(const SpaprDrc *drc, const char *cause, int32_t status);

#endif
