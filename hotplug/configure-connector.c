/*
 * ibm,configure-connector (LoPAR 13.5.3.5): hands the OS the device-tree
 * nodes of what a connector holds, one node name or property per call,
 * depth first, through a 4 KiB work area in guest memory.
 *
 * The fragment is a libfdt blob built on demand by dt_build_fragment
 * (ppc/spapr/dt_util.h) around what the DRC's owner writes
 * (SpaprDrcEntityOps.build_fragment: the devices' own fdt_node hooks), an
 * unnamed root whose children are the top-level nodes (one per function of
 * a PCI adapter, or a PHB).
 * Statuses, as Linux (pseries dlpar.c) and drmgr (rtas_calls.c) read them:
 *   2 next child: a node name, the first child of the current node
 *   1 next sibling: a node name, the next sibling of the current node
 *   3 next property of the current node
 *   4 previous parent: the current node becomes its parent
 *   0 configuration complete
 * so top-level nodes after the first come as siblings (1): "4 then 2"
 * would leave drmgr with a node whose parent is NULL. Sub-nodes open with
 * 2 (first child) or 1, and close with 4.
 *
 * The work area (big-endian words): word 0 the DRC index and word 1 zero
 * on the first call of a sequence; words 2-4 the offsets of the name and
 * value and the value's length on return. Word 1 then holds the sequence's
 * cookie: the OS must pass the work area back unmodified, and a call with
 * word 1 zero, or with a cookie that is not the DRC's current one, starts
 * the walk again from the top (a repeated walk restarts cleanly).
 */
#include "hotplug/drc-internal.h"

#include <libfdt.h>
#include <string.h>

#include "core/log.h"
#include "ppc/spapr/dt_util.h"
#include "ppc/spapr/papr.h"
#include "ppc/spapr/spapr_machine.h"
#include "ppc/spapr/spapr_rtas.h"

#define CC_WORK_AREA_SIZE   4096

/* The words at the start of the work area (LoPAR 13.5.3.5, 32-bit RTAS: 4-byte entries). */
typedef struct __attribute__((packed)) CcWorkAreaHeader {
    uint32_t drc_index;         /* word 0: set by the OS */
    uint32_t cookie;            /* word 1: 0 starts a sequence */
    uint32_t name_offset;       /* word 2: node or property name (NUL-terminated) */
    uint32_t prop_len;          /* word 3: property value length */
    uint32_t prop_offset;       /* word 4: property value */
} CcWorkAreaHeader;

/* Name first, value right after its NUL (where QEMU puts them too). */
#define CC_DATA_OFFSET      sizeof(CcWorkAreaHeader)

struct SpaprDrcWalk {
    void *fdt;                  /* the fragment */
    int offset;                 /* next structure tag to read */
    int depth;                  /* of the guest's current node; 0 = the fragment's root */
    uint32_t cookie;
};

/* What one call returns besides its status. */
typedef struct CcItem {
    const char *name;
    const void *value;          /* properties only */
    int len;
} CcItem;

void spapr_drc_walk_abandon(SpaprDrc *drc)
{
    if (drc->walk) {
        g_free(drc->walk->fdt);
        g_free(drc->walk);
        drc->walk = NULL;
    }
}

static bool cc_walk_start(SpaprDrc *drc, const char *cause)
{
    SpaprDrcWalk *w;
    Error *err = NULL;
    int next;
    void *fdt = dt_build_fragment(drc->entity_ops->build_fragment, drc->entity_opaque, &err);

    spapr_drc_walk_abandon(drc);
    if (!fdt) {
        spapr_drc_log(drc, cause, "cannot build the device-tree fragment: %s",
                      error_get_pretty(err));
        log_mask(LOG_GUEST_ERROR | LOG_UNIMP, "ibm,configure-connector: %s: fragment: %s\n",
                 drc->name, error_get_pretty(err));
        error_free(err);
        return false;
    }
    w = g_new0(SpaprDrcWalk, 1);
    w->fdt = fdt;
    /* Step over the root's FDT_BEGIN_NODE (offset 0): the walk starts inside it. */
    if (fdt_next_tag(fdt, 0, &next) != FDT_BEGIN_NODE) {
        g_assert_not_reached();     /* dt_build_fragment began it and checked the blob */
    }
    w->offset = next;
    w->depth = 0;
    /* Any non-zero value the DRC's previous sequences did not use. */
    do {
        w->cookie = ++drc->set->walk_cookie;
    } while (w->cookie == 0);
    drc->walk = w;
    spapr_drc_log(drc, cause, "sequence started (%u-byte fragment)", fdt_totalsize(fdt));
    return true;
}

/* The next structure tag at or after offset that is not a NOP. */
static uint32_t cc_next_tag(const void *fdt, int *offset, int *next)
{
    uint32_t tag;

    while ((tag = fdt_next_tag(fdt, *offset, next)) == FDT_NOP) {
        *offset = *next;
    }
    return tag;
}

/* One step of the depth-first walk: the status for the guest and its item. */
static int32_t cc_walk_step(SpaprDrcWalk *w, CcItem *item)
{
    int off = w->offset, next;
    uint32_t tag = cc_next_tag(w->fdt, &off, &next);

    switch (tag) {
    case FDT_PROP: {
        const struct fdt_property *p = fdt_get_property_by_offset(w->fdt, off, &item->len);

        if (!p || w->depth == 0) {
            return RTAS_OUT_HW_ERROR;   /* the root holds nodes only */
        }
        item->name = fdt_string(w->fdt, (int)fdt32_to_cpu(p->nameoff));
        item->value = p->data;
        w->offset = next;
        return item->name ? RTAS_CC_NEXT_PROPERTY : RTAS_OUT_HW_ERROR;
    }
    case FDT_BEGIN_NODE:
        /* Reached after the current node's properties: its first child. */
        item->name = fdt_get_name(w->fdt, off, NULL);
        w->depth++;
        w->offset = next;
        return item->name ? RTAS_CC_NEXT_CHILD : RTAS_OUT_HW_ERROR;
    case FDT_END_NODE:
        if (w->depth == 0) {
            return RTAS_CC_COMPLETE;    /* an empty fragment */
        }
        /* The current node closes; what follows decides the status. */
        w->depth--;
        off = next;
        tag = cc_next_tag(w->fdt, &off, &next);
        if (tag == FDT_BEGIN_NODE) {
            item->name = fdt_get_name(w->fdt, off, NULL);
            w->depth++;
            w->offset = next;
            return item->name ? RTAS_CC_NEXT_SIBLING : RTAS_OUT_HW_ERROR;
        }
        if (tag != FDT_END_NODE) {
            return RTAS_OUT_HW_ERROR;
        }
        w->offset = off;        /* the parent's FDT_END_NODE: read on the next call */
        /* The parent closing is the root: that was the last top-level node. */
        return w->depth == 0 ? RTAS_CC_COMPLETE : RTAS_CC_PREV_PARENT;
    default:
        return RTAS_OUT_HW_ERROR;
    }
}

/* The whole work area must lie in guest RAM (which starts at 0). */
static bool cc_work_area_ok(SpaprMachine *m, uint64_t wa)
{
    return wa < m->ram_size && m->ram_size - wa >= CC_WORK_AREA_SIZE;
}

/* ibm,configure-connector(work area, memory extent) -> status */
static int32_t rtas_configure_connector(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    const char *cause = "ibm,configure-connector";
    uint64_t wa = c->args[0];
    CcWorkAreaHeader hdr;
    uint8_t data[CC_WORK_AREA_SIZE - CC_DATA_OFFSET];
    size_t data_len = 0;
    CcItem item = { 0 };
    SpaprDrc *drc;
    int32_t st;

    /*
     * LoPAR asks for 4 KiB pages on 4 KiB boundaries, but Linux 6.1 passes
     * its cacheline-aligned rtas_data_buf: only containment is checked.
     */
    if (!cc_work_area_ok(m, wa) ||
        address_space_read(&m->as, wa, &hdr, sizeof(hdr)) != MEMTX_OK) {
        log_mask(LOG_GUEST_ERROR, "ibm,configure-connector: work area 0x%" PRIx64
                 " is not 4 KiB of RAM\n", wa);
        return RTAS_OUT_PARAM_ERROR;
    }
    if (c->args[1]) {
        /* We never answer "need more memory", so no extent is ever due. */
        log_mask(LOG_GUEST_ERROR, "ibm,configure-connector: memory extent 0x%x ignored\n",
                 c->args[1]);
    }
    drc = spapr_drc_by_index(m, GUINT32_FROM_BE(hdr.drc_index));
    if (!drc) {
        log_mask(LOG_GUEST_ERROR | LOG_DRC, "ibm,configure-connector: no DRC 0x%x\n",
                 GUINT32_FROM_BE(hdr.drc_index));
        return RTAS_OUT_PARAM_ERROR;
    }
    switch (drc->ops->configure_check(drc)) {
    case SPAPR_DRC_CC_UNUSABLE:
        return spapr_drc_not_allowed(drc, cause, RTAS_OUT_DR_UNUSABLE);
    case SPAPR_DRC_CC_NOTHING:
        /* An isolated logical connector, or an empty unisolated slot. */
        spapr_drc_walk_abandon(drc);
        spapr_drc_log(drc, cause, "nothing to configure");
        return RTAS_CC_COMPLETE;
    case SPAPR_DRC_CC_WALK:
        break; /* see below */
    default:
        g_assert_not_reached();
    }
    g_assert(drc->dev);

    if (hdr.cookie == 0 || !drc->walk || GUINT32_FROM_BE(hdr.cookie) != drc->walk->cookie) {
        if (!cc_walk_start(drc, cause)) {
            return RTAS_OUT_HW_ERROR;
        }
    }
    st = cc_walk_step(drc->walk, &item);
    switch (st) {
    case RTAS_CC_NEXT_CHILD:
    case RTAS_CC_NEXT_SIBLING:
    case RTAS_CC_NEXT_PROPERTY: {
        size_t name_len = strlen(item.name) + 1;

        if (name_len + (size_t)item.len > sizeof(data)) {
            /* "Need more memory" would not help: the value must be in the first page. */
            spapr_drc_log(drc, cause, "%s does not fit the work area", item.name);
            st = RTAS_OUT_HW_ERROR;
            break;
        }
        memcpy(data, item.name, name_len);
        data_len = name_len;
        hdr.name_offset = GUINT32_TO_BE(CC_DATA_OFFSET);
        if (st == RTAS_CC_NEXT_PROPERTY) {
            memcpy(data + name_len, item.value, (size_t)item.len);
            data_len += (size_t)item.len;
            hdr.prop_len = GUINT32_TO_BE((uint32_t)item.len);
            hdr.prop_offset = GUINT32_TO_BE((uint32_t)(CC_DATA_OFFSET + name_len));
        }
        break;
    }
    case RTAS_CC_PREV_PARENT:
    case RTAS_CC_COMPLETE:
        break;
    default:
        spapr_drc_log(drc, cause, "malformed device-tree fragment");
        break;
    }
    if (st < 0 || st == RTAS_CC_COMPLETE) {
        /* The sequence ends here (LoPAR: complete or hardware error). */
        spapr_drc_walk_abandon(drc);
        if (st == RTAS_CC_COMPLETE) {
            drc->ops->configured(drc, cause);
        }
        return st;
    }
    hdr.cookie = GUINT32_TO_BE(drc->walk->cookie);
    if (address_space_write(&m->as, wa, &hdr, sizeof(hdr)) != MEMTX_OK ||
        (data_len && address_space_write(&m->as, wa + CC_DATA_OFFSET, data, data_len) !=
                         MEMTX_OK)) {
        spapr_drc_walk_abandon(drc);
        return RTAS_OUT_HW_ERROR;
    }
    return st;
}

static const SpaprRtasDef cc_rtas_calls[] = {
    SPAPR_RTAS("ibm,configure-connector", rtas_configure_connector, 2, 1),
};

void spapr_drc_register_configure_connector(void)
{
    SPAPR_REGISTER_RTAS(cc_rtas_calls);
}
