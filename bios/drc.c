/*
 * ppc64-lite firmware: the DR connector arrays of a device-tree node
 * (LoPAPR 13.5.2, ibm,drc-indexes and ibm,drc-names: a 32-bit count, then
 * that many entries, 32-bit indexes or NUL-terminated names).
 */
#include "fw.h"

int drc_count(int node)
{
    int len;
    const void *p = dt_getprop(node, "ibm,drc-indexes", &len);

    if (!p || len < 4 || (int)dt_u32(p) < 0 || (u64)(len / 4 - 1) < dt_u32(p)) {
        return 0;
    }
    return (int)dt_u32(p);
}

u32 drc_index_at(int node, int i)
{
    int len;
    const u8 *p = dt_getprop(node, "ibm,drc-indexes", &len);

    return (p && i >= 0 && i < drc_count(node)) ? dt_u32(p + 4 + 4 * i) : 0;
}

const char *drc_name_at(int node, int i)
{
    int len;
    const char *p = dt_getprop(node, "ibm,drc-names", &len);
    const char *end = p ? p + len : NULL;

    if (!p || len < 4 || i < 0 || (u32)i >= dt_u32(p)) {
        return "?";
    }
    p += 4;
    for (; i > 0 && p < end; i--) {
        while (p < end && *p) {
            p++;
        }
        p++;
    }
    /* the name must end inside the property */
    for (const char *q = p; q < end; q++) {
        if (!*q) {
            return p;
        }
    }
    return "?";
}

const char *drc_name_of(u32 index, int *phb)
{
    for (int c = dt_root(); c >= 0; c = (c == dt_root()) ? dt_first_child(c) : dt_next_sibling(c)) {
        for (int i = 0; i < drc_count(c); i++) {
            if (drc_index_at(c, i) == index) {
                if (phb) {
                    *phb = c;
                }
                return drc_name_at(c, i);
            }
        }
    }
    return NULL;
}
