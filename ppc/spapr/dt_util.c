/*
 * Device-tree helpers (dt_util.h): property shorthands, the grow-and-retry
 * blob builder behind the boot tree, and fragments for one node.
 */
#include "ppc/spapr/dt_util.h"

#include <glib.h>
#include <libfdt.h>

#define DT_CELLS_MAX        64
#define DT_INITIAL_SIZE     (64 * 1024)

int dt_prop_cells(void *fdt, const char *name, const uint32_t *cells, size_t n)
{
    fdt32_t be[DT_CELLS_MAX];

    if (n > DT_CELLS_MAX) {
        return -FDT_ERR_BADVALUE;
    }
    for (size_t i = 0; i < n; i++) {
        be[i] = cpu_to_fdt32(cells[i]);
    }
    return fdt_property(fdt, name, be, (int)(n * sizeof(be[0])));
}

int dt_prop_u64_pair(void *fdt, const char *name, uint64_t a, uint64_t b)
{
    fdt64_t be[2] = { cpu_to_fdt64(a), cpu_to_fdt64(b) };

    return fdt_property(fdt, name, be, sizeof(be));
}

static int dt_build_once(void *fdt, int size, DtFillFn fill, void *opaque)
{
    DT_TRY(fdt_create(fdt, size));
    DT_TRY(fill(fdt, opaque));
    DT_TRY(fdt_finish(fdt));
    return fdt_pack(fdt);
}

void *dt_build_blob(DtFillFn fill, void *opaque, int max_size, int *fdt_err)
{
    int size = MIN(DT_INITIAL_SIZE, max_size);

    for (;;) {
        void *fdt = g_malloc0(size);
        int ret = dt_build_once(fdt, size, fill, opaque);

        if (ret == 0) {
            return g_realloc(fdt, fdt_totalsize(fdt));
        }
        g_free(fdt);
        if (ret != -FDT_ERR_NOSPACE || size >= max_size) {
            *fdt_err = ret;
            return NULL;
        }
        size = size > max_size / 2 ? max_size : size * 2;
    }
}

typedef struct FragmentArgs {
    DtNodeFn node_fn;
    void *opaque;
} FragmentArgs;

static int fragment_fill(void *fdt, void *opaque)
{
    FragmentArgs *a = opaque;

    DT_TRY(fdt_finish_reservemap(fdt));
    DT_TRY(fdt_begin_node(fdt, ""));
    DT_TRY(a->node_fn(a->opaque, fdt));
    return fdt_end_node(fdt);
}

void *dt_build_fragment(DtNodeFn node_fn, void *opaque, Error **errp)
{
    FragmentArgs a = { node_fn, opaque };
    int err = 0;
    void *blob = dt_build_blob(fragment_fill, &a, DT_FRAGMENT_MAX_SIZE, &err);

    if (!blob) {
        if (err == -FDT_ERR_NOSPACE) {
            error_setg(errp, "device-tree node larger than %d KiB", DT_FRAGMENT_MAX_SIZE / 1024);
        } else {
            error_setg(errp, "device-tree node: %s", fdt_strerror(err));
        }
        return NULL;
    }
    /* Sequential write does not check nesting: a node left open only shows in the finished blob. */
    err = fdt_check_full(blob, fdt_totalsize(blob));
    if (err < 0) {
        error_setg(errp, "device-tree node: malformed (%s)", fdt_strerror(err));
        g_free(blob);
        return NULL;
    }
    return blob;
}

int dt_device_node(Device *dev, void *fdt)
{
    return dev->cls->fdt_node ? dev->cls->fdt_node(dev, fdt) : -FDT_ERR_BADSTRUCTURE;
}

static int device_node_fn(void *opaque, void *fdt)
{
    return dt_device_node(opaque, fdt);
}

void *dt_device_fragment(Device *dev, Error **errp)
{
    void *blob;

    if (!dev->cls->fdt_node) {
        error_setg(errp, "%s: this device has no device-tree node of its own", dev->cls->name);
        return NULL;
    }
    blob = dt_build_fragment(device_node_fn, dev, errp);
    if (!blob) {
        error_prepend(errp, "%s: ", dev->cls->name);
    }
    return blob;
}
