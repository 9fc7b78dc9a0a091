/*
 * ppc64-lite firmware: a small read-only walker for the flattened device
 * tree it is handed (DTSpec 0.4, chapter 5). A node or property is named by
 * the byte offset of its token in the structure block. The firmware is
 * big-endian, like the blob, so cells are read directly.
 */
#include "fw.h"

#define FDT_MAGIC       0xd00dfeed
#define FDT_BEGIN_NODE  1
#define FDT_END_NODE    2
#define FDT_PROP        3
#define FDT_NOP         4
#define FDT_END         9

struct fdt_header {
    u32 magic, totalsize, off_dt_struct, off_dt_strings, off_mem_rsvmap, version,
        last_comp_version, boot_cpuid_phys, size_dt_strings, size_dt_struct;
};

static const u8 *dt_struct;
static const char *dt_strings;
static u32 dt_struct_size, dt_strings_size, dt_total;

int dt_init(const void *blob)
{
    const struct fdt_header *h = blob;

    if (!blob || h->magic != FDT_MAGIC || h->version < 16 ||
        h->off_dt_struct + h->size_dt_struct > h->totalsize ||
        h->off_dt_strings + h->size_dt_strings > h->totalsize) {
        return -1;
    }
    dt_struct = (const u8 *)blob + h->off_dt_struct;
    dt_strings = (const char *)blob + h->off_dt_strings;
    dt_struct_size = h->size_dt_struct;
    dt_strings_size = h->size_dt_strings;
    dt_total = h->totalsize;
    return 0;
}

u32 dt_size(void)
{
    return dt_total;
}

u32 dt_u32(const void *p)
{
    return *(const u32 *)p;
}

u64 dt_cells(const void *p, int n)
{
    const u32 *c = p;
    u64 v = 0;

    for (int i = 0; i < n; i++) {
        v = (v << 32) | c[i];
    }
    return v;
}

static u32 tok(int off)
{
    return (u32)off + 4 <= dt_struct_size ? *(const u32 *)(dt_struct + off) : FDT_END;
}

static int align4(int off)
{
    return (off + 3) & ~3;
}

/* The offset just past the token at off (its name or value included), or -1. */
static int skip_token(int off)
{
    switch (tok(off)) {
    case FDT_BEGIN_NODE: {
        const char *name = (const char *)dt_struct + off + 4;
        int n = 0;
        while ((u32)(off + 4 + n) < dt_struct_size && name[n]) {
            n++;
        }
        return align4(off + 4 + n + 1);
    }
    case FDT_PROP:
        return align4(off + 12 + (int)dt_u32(dt_struct + off + 4));
    case FDT_END_NODE:
    case FDT_NOP:
        return off + 4;
    default:
        return -1;
    }
}

/* The offset just past the END_NODE that closes the node at off, or -1. */
static int skip_node(int off)
{
    int depth = 0;

    do {
        u32 t = tok(off);
        if (t == FDT_BEGIN_NODE) {
            depth++;
        } else if (t == FDT_END_NODE) {
            depth--;
        }
        off = skip_token(off);
    } while (off >= 0 && depth > 0);
    return off;
}

int dt_root(void)
{
    int off = 0;

    while (tok(off) == FDT_NOP) {
        off += 4;
    }
    return tok(off) == FDT_BEGIN_NODE ? off : -1;
}

/* The first BEGIN_NODE from off among siblings, or -1 at the parent's end. */
static int node_from(int off)
{
    while (off >= 0) {
        switch (tok(off)) {
        case FDT_BEGIN_NODE:
            return off;
        case FDT_PROP:
        case FDT_NOP:
            off = skip_token(off);
            break;
        default:
            return -1;
        }
    }
    return -1;
}

int dt_first_child(int node)
{
    return node < 0 ? -1 : node_from(skip_token(node));
}

int dt_next_sibling(int node)
{
    return node < 0 ? -1 : node_from(skip_node(node));
}

const char *dt_name(int node)
{
    return (const char *)dt_struct + node + 4;
}

int dt_next_prop(int node, int prop, const char **name, const void **val, int *len)
{
    int off = prop < 0 ? skip_token(node) : skip_token(prop);

    while (off >= 0 && tok(off) == FDT_NOP) {
        off += 4;
    }
    if (off < 0 || tok(off) != FDT_PROP) {
        return -1;
    }
    u32 l = dt_u32(dt_struct + off + 4), nameoff = dt_u32(dt_struct + off + 8);
    if (nameoff >= dt_strings_size || (u32)off + 12 + l > dt_struct_size) {
        return -1;
    }
    *name = dt_strings + nameoff;
    *val = dt_struct + off + 12;
    *len = (int)l;
    return off;
}

const void *dt_getprop(int node, const char *name, int *len)
{
    const char *n;
    const void *v;
    int l;

    for (int p = dt_next_prop(node, -1, &n, &v, &l); p >= 0; p = dt_next_prop(node, p, &n, &v, &l)) {
        if (!strcmp(n, name)) {
            if (len) {
                *len = l;
            }
            return v;
        }
    }
    return NULL;
}

const char *dt_string(int node, const char *name)
{
    int len;
    const char *s = dt_getprop(node, name, &len);

    return (s && len > 0 && s[len - 1] == 0) ? s : NULL;
}

/* "/vdevice/vty@71000000"; a component without '@' also matches "name@unit". */
int dt_path(const char *path)
{
    int node = dt_root();

    while (node >= 0 && *path) {
        size_t n = 0;
        int child;

        while (*path == '/') {
            path++;
        }
        if (!*path) {
            break;
        }
        while (path[n] && path[n] != '/') {
            n++;
        }
        for (child = dt_first_child(node); child >= 0; child = dt_next_sibling(child)) {
            const char *cn = dt_name(child);
            if (!strncmp(cn, path, n) && (cn[n] == 0 || cn[n] == '@')) {
                break;
            }
        }
        node = child;
        path += n;
    }
    return node;
}
