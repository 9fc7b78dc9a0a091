/*
 * XICS presentation and source logic (LoPAPR 6.x; the state machine follows
 * the PAPR ICP/ICS description: XIRR = CPPR<<24 | XISR, more favoured =
 * numerically lower priority, 0xff = masked / least favoured).
 *
 * An ICP presents at most one interrupt at a time (XISR != 0) with its
 * priority remembered; the external-interrupt line of its vCPU is up exactly
 * while something is presented. A source that cannot be presented because
 * a more favoured one holds the ICP is marked rejected and resent when the
 * ICP's priority drops (EOI, CPPR).
 */
#include "ppc/spapr/xics.h"

#include "core/log.h"
#include "ppc/spapr/papr.h"

typedef struct XicsIcp {
    PowerPCCPU *cpu;
    uint32_t xisr;          /* presented source, 0 = none */
    uint8_t cppr;           /* current processor priority */
    uint8_t mfrr;           /* IPI request priority (0xff = none) */
    uint8_t pending_prio;   /* priority of the presented source */
} XicsIcp;

typedef struct XicsSource {
    uint32_t server;
    uint8_t prio;           /* 0xff = masked */
    uint8_t saved_prio;     /* restored by int-on */
    bool claimed;           /* given out by xics_claim / xics_alloc */
    bool lsi;
    bool asserted;          /* LSI line level */
    bool pending;           /* edge seen while masked or rejected: resend */
    bool presented;         /* sitting in some ICP's XISR, or accepted and not yet EOI'd */
} XicsSource;

struct XicsState {
    GPtrArray *icps;        /* of XicsIcp*, indexed by server number */
    XicsSource *src;
    unsigned nr_irqs;
};

XicsState *xics_new(unsigned nr_irqs)
{
    XicsState *x = g_new0(XicsState, 1);

    x->icps = g_ptr_array_new_with_free_func(g_free);
    x->src = g_new0(XicsSource, nr_irqs);
    x->nr_irqs = nr_irqs;
    xics_reset(x);
    return x;
}

void xics_free(XicsState *x)
{
    if (x) {
        g_ptr_array_free(x->icps, TRUE);
        g_free(x->src);
        g_free(x);
    }
}

void xics_add_server(XicsState *x, PowerPCCPU *cpu)
{
    XicsIcp *icp = g_new0(XicsIcp, 1);

    icp->cpu = cpu;
    icp->cppr = 0;
    icp->mfrr = XICS_PRIO_MASKED;
    icp->pending_prio = XICS_PRIO_MASKED;
    if (x->icps->len <= cpu->pir) {
        g_ptr_array_set_size(x->icps, cpu->pir + 1);
    }
    g_ptr_array_index(x->icps, cpu->pir) = icp;
}

static XicsIcp *icp_get(XicsState *x, uint64_t server)
{
    return server < x->icps->len ? g_ptr_array_index(x->icps, server) : NULL;
}

void xics_reset(XicsState *x)
{
    for (unsigned i = 0; i < x->nr_irqs; i++) {
        XicsSource *s = &x->src[i];

        /* Ownership and kind belong to the devices, which outlive a reset. */
        *s = (XicsSource){ .prio = XICS_PRIO_MASKED, .saved_prio = XICS_PRIO_MASKED,
                           .claimed = s->claimed, .lsi = s->lsi };
    }
    for (guint i = 0; i < x->icps->len; i++) {
        XicsIcp *icp = g_ptr_array_index(x->icps, i);
        if (icp) {
            icp->xisr = 0;
            icp->cppr = 0;
            icp->mfrr = XICS_PRIO_MASKED;
            icp->pending_prio = XICS_PRIO_MASKED;
            ppc_set_irq(icp->cpu, PPC_IRQ_EXTERNAL, false);
        }
    }
}

bool xics_irq_valid(const XicsState *x, uint32_t irq)
{
    return irq >= XICS_IRQ_BASE && irq - XICS_IRQ_BASE < x->nr_irqs;
}

unsigned xics_nr_irqs(const XicsState *x)
{
    return x->nr_irqs;
}

static XicsSource *src_get(XicsState *x, uint32_t irq)
{
    return xics_irq_valid(x, irq) ? &x->src[irq - XICS_IRQ_BASE] : NULL;
}

bool xics_irq_in_flight(const XicsState *x, uint32_t irq)
{
    const XicsSource *s = xics_irq_valid(x, irq) ? &x->src[irq - XICS_IRQ_BASE] : NULL;

    return s && (s->pending || s->presented);
}

/* ---- ownership ---- */

/* Are the count sources from irq on all in range, and all free (or all taken)? */
static bool range_all(const XicsState *x, uint32_t irq, uint32_t count, bool claimed)
{
    if (count == 0 || !xics_irq_valid(x, irq) || count > x->nr_irqs - (irq - XICS_IRQ_BASE)) {
        return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        if (x->src[irq - XICS_IRQ_BASE + i].claimed != claimed) {
            return false;
        }
    }
    return true;
}

static void range_take(XicsState *x, uint32_t irq, uint32_t count, bool lsi)
{
    for (uint32_t i = 0; i < count; i++) {
        XicsSource *s = &x->src[irq - XICS_IRQ_BASE + i];

        *s = (XicsSource){ .prio = XICS_PRIO_MASKED, .saved_prio = XICS_PRIO_MASKED,
                           .claimed = true, .lsi = lsi };
    }
}

bool xics_claim(XicsState *x, uint32_t irq, uint32_t count, bool lsi)
{
    if (!range_all(x, irq, count, false)) {
        return false;
    }
    range_take(x, irq, count, lsi);
    return true;
}

uint32_t xics_alloc(XicsState *x, uint32_t lo, uint32_t hi, uint32_t count, uint32_t align,
                    bool lsi)
{
    uint64_t first;

    if (count == 0 || align == 0 || (align & (align - 1))) {
        return 0;
    }
    /* 64-bit arithmetic: lo + align and first + count cannot wrap. */
    for (first = ((uint64_t)lo + align - 1) & ~(uint64_t)(align - 1); first + count <= hi;
         first += align) {
        if (range_all(x, (uint32_t)first, count, false)) {
            range_take(x, (uint32_t)first, count, lsi);
            return (uint32_t)first;
        }
    }
    return 0;
}

bool xics_release(XicsState *x, uint32_t irq, uint32_t count)
{
    if (!range_all(x, irq, count, true)) {
        return false;
    }
    for (uint32_t i = 0; i < count; i++) {
        XicsSource *s = &x->src[irq - XICS_IRQ_BASE + i];

        /* The source forgets everything; a presentation already in an ICP stays until EOI. */
        *s = (XicsSource){ .prio = XICS_PRIO_MASKED, .saved_prio = XICS_PRIO_MASKED };
    }
    return true;
}

bool xics_irq_claimed(const XicsState *x, uint32_t irq)
{
    return xics_irq_valid(x, irq) && x->src[irq - XICS_IRQ_BASE].claimed;
}

bool xics_irq_is_lsi(const XicsState *x, uint32_t irq)
{
    return xics_irq_valid(x, irq) && x->src[irq - XICS_IRQ_BASE].lsi;
}

/* Take back whatever the ICP presents so something more favoured can go in. */
static void icp_reject_presented(XicsState *x, XicsIcp *icp)
{
    uint32_t old = icp->xisr;

    icp->xisr = 0;
    icp->pending_prio = XICS_PRIO_MASKED;
    ppc_set_irq(icp->cpu, PPC_IRQ_EXTERNAL, false);
    if (old && old != XICS_IPI) {
        XicsSource *s = src_get(x, old);
        if (s) {
            s->presented = false;
            s->pending = true;
        }
    }
}

static void icp_present(XicsIcp *icp, uint32_t irq, uint8_t prio)
{
    icp->xisr = irq;
    icp->pending_prio = prio;
    ppc_set_irq(icp->cpu, PPC_IRQ_EXTERNAL, true);
}

/* Try to present a source at its server; false (and marked pending) if it cannot go now. */
static bool src_deliver(XicsState *x, uint32_t irq)
{
    XicsSource *s = src_get(x, irq);
    XicsIcp *icp = icp_get(x, s->server);

    if (s->prio == XICS_PRIO_MASKED || !icp || s->presented) {
        s->pending = true;
        return false;
    }
    if (s->prio >= icp->cppr || (icp->xisr && s->prio >= icp->pending_prio)) {
        s->pending = true;
        return false;
    }
    if (icp->xisr) {
        icp_reject_presented(x, icp);
    }
    s->pending = false;
    s->presented = true;
    icp_present(icp, irq, s->prio);
    return true;
}

/* The ICP's priority dropped: present the best waiting IPI or source, if any qualifies. */
static void icp_resend(XicsState *x, XicsIcp *icp, uint64_t server)
{
    if (icp->mfrr < icp->cppr && (!icp->xisr || icp->mfrr < icp->pending_prio)) {
        if (icp->xisr) {
            icp_reject_presented(x, icp);
        }
        icp_present(icp, XICS_IPI, icp->mfrr);
    }
    for (unsigned i = 0; i < x->nr_irqs; i++) {
        XicsSource *s = &x->src[i];
        bool wants = s->pending || (s->lsi && s->asserted && !s->presented);
        if (wants && s->server == server && s->prio != XICS_PRIO_MASKED) {
            src_deliver(x, XICS_IRQ_BASE + i);
        }
    }
}

void xics_set_irq(XicsState *x, uint32_t irq, bool level)
{
    XicsSource *s = src_get(x, irq);

    if (!s) {
        return;
    }
    if (s->lsi) {
        s->asserted = level;
        if (level && !s->presented) {
            src_deliver(x, irq);
        }
    } else if (level) {
        src_deliver(x, irq);
    }
}

int64_t xics_h_cppr(XicsState *x, PowerPCCPU *cpu, uint64_t cppr)
{
    XicsIcp *icp = icp_get(x, cpu->pir);
    uint8_t old;

    if (!icp) {
        return H_PARAMETER;
    }
    old = icp->cppr;
    icp->cppr = (uint8_t)cppr;
    if (icp->cppr < old) {
        /* More favoured now: the presented interrupt may no longer qualify. */
        if (icp->xisr && icp->pending_prio >= icp->cppr) {
            icp_reject_presented(x, icp);
        }
    } else if (icp->cppr > old) {
        icp_resend(x, icp, cpu->pir);
    }
    return H_SUCCESS;
}

int64_t xics_h_ipi(XicsState *x, uint64_t server, uint64_t mfrr)
{
    XicsIcp *icp = icp_get(x, server);

    if (!icp) {
        return H_PARAMETER;
    }
    icp->mfrr = (uint8_t)mfrr;
    if (icp->mfrr < icp->cppr && (!icp->xisr || icp->mfrr < icp->pending_prio)) {
        if (icp->xisr) {
            icp_reject_presented(x, icp);
        }
        icp_present(icp, XICS_IPI, icp->mfrr);
    }
    return H_SUCCESS;
}

/* Accept: return what is presented and raise CPPR to its priority. */
int64_t xics_h_xirr(XicsState *x, PowerPCCPU *cpu, uint64_t *xirr)
{
    XicsIcp *icp = icp_get(x, cpu->pir);

    if (!icp) {
        return H_PARAMETER;
    }
    *xirr = ((uint64_t)icp->cppr << 24) | icp->xisr;
    if (icp->xisr) {
        icp->cppr = icp->pending_prio;
    }
    icp->xisr = 0;
    icp->pending_prio = XICS_PRIO_MASKED;
    ppc_set_irq(icp->cpu, PPC_IRQ_EXTERNAL, false);
    return H_SUCCESS;
}

int64_t xics_h_eoi(XicsState *x, PowerPCCPU *cpu, uint64_t xirr)
{
    XicsIcp *icp = icp_get(x, cpu->pir);
    uint32_t irq = xirr & 0xffffff;

    if (!icp) {
        return H_PARAMETER;
    }
    if (irq != XICS_IPI && irq != 0) {
        XicsSource *s = src_get(x, irq);
        if (!s) {
            return H_PARAMETER;
        }
        s->presented = false;
    }
    icp->cppr = (uint8_t)(xirr >> 24);
    icp_resend(x, icp, cpu->pir);
    return H_SUCCESS;
}

int64_t xics_h_ipoll(XicsState *x, uint64_t server, uint64_t *xirr, uint64_t *mfrr)
{
    XicsIcp *icp = icp_get(x, server);

    if (!icp) {
        return H_PARAMETER;
    }
    *xirr = ((uint64_t)icp->cppr << 24) | icp->xisr;
    *mfrr = icp->mfrr;
    return H_SUCCESS;
}

/* A source just became deliverable (unmasked or rerouted): present what it has waiting. */
static void src_retry(XicsState *x, uint32_t irq)
{
    XicsSource *s = src_get(x, irq);

    if (s->prio != XICS_PRIO_MASKED && (s->pending || (s->lsi && s->asserted)) && !s->presented) {
        src_deliver(x, irq);
    }
}

int xics_set_xive(XicsState *x, uint32_t irq, uint32_t server, uint32_t prio)
{
    XicsSource *s = src_get(x, irq);

    if (!s || !icp_get(x, server) || prio > 0xff) {
        return RTAS_OUT_PARAM_ERROR;
    }
    s->server = server;
    s->prio = (uint8_t)prio;
    s->saved_prio = (uint8_t)prio;
    src_retry(x, irq);
    return RTAS_OUT_SUCCESS;
}

int xics_get_xive(XicsState *x, uint32_t irq, uint32_t *server, uint32_t *prio)
{
    XicsSource *s = src_get(x, irq);

    if (!s) {
        return RTAS_OUT_PARAM_ERROR;
    }
    *server = s->server;
    *prio = s->prio;
    return RTAS_OUT_SUCCESS;
}

int xics_int_off(XicsState *x, uint32_t irq)
{
    XicsSource *s = src_get(x, irq);

    if (!s) {
        return RTAS_OUT_PARAM_ERROR;
    }
    if (s->prio != XICS_PRIO_MASKED) {
        s->saved_prio = s->prio;
    }
    s->prio = XICS_PRIO_MASKED;
    return RTAS_OUT_SUCCESS;
}

int xics_int_on(XicsState *x, uint32_t irq)
{
    XicsSource *s = src_get(x, irq);

    if (!s) {
        return RTAS_OUT_PARAM_ERROR;
    }
    s->prio = s->saved_prio;
    src_retry(x, irq);
    return RTAS_OUT_SUCCESS;
}

void xics_print_info(XicsState *x, GString *out)
{
    for (guint i = 0; i < x->icps->len; i++) {
        XicsIcp *icp = g_ptr_array_index(x->icps, i);
        if (icp) {
            g_string_append_printf(out, "ICP server %u: XIRR %02x%06x MFRR %02x pending-prio %02x\n",
                                   i, icp->cppr, icp->xisr, icp->mfrr, icp->pending_prio);
        }
    }
    for (unsigned i = 0; i < x->nr_irqs; i++) {
        XicsSource *s = &x->src[i];
        if (s->prio != XICS_PRIO_MASKED || s->pending || s->asserted || s->presented) {
            g_string_append_printf(out, "ICS irq 0x%x: server %u prio %02x %s%s%s%s\n",
                                   XICS_IRQ_BASE + i, s->server, s->prio, s->lsi ? "LSI" : "MSI",
                                   s->asserted ? " asserted" : "", s->pending ? " pending" : "",
                                   s->presented ? " presented" : "");
        }
    }
}
