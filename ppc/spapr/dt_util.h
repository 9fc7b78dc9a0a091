/*
 * Device-tree helpers for code that writes nodes with libfdt's
 * sequential-write API (fdt_create .. fdt_begin_node .. fdt_property ..
 * fdt_end_node .. fdt_finish): the boot tree (spapr_fdt.c), the nodes
 * devices write for themselves (DeviceClass.fdt_node), and the standalone
 * fragments ibm,configure-connector hands a hotplugged device's node out of.
 *
 * Node writers return 0 or a negative libfdt error (-FDT_ERR_NOSPACE when
 * the buffer is full, which the builders below answer with a larger one)
 * and never abort, so a failure on the hotplug path becomes an RTAS status
 * rather than the end of the emulator.
 *
 * Sequential-write mode cannot go back: a node is written whole, its
 * properties before its subnodes, and nothing can be looked up or changed
 * until fdt_finish. A fragment is an ordinary blob once built, and
 * configure-connector walks it with fdt_next_tag / fdt_first_subnode.
 */
#ifndef PPC_SPAPR_DT_UTIL_H
#define PPC_SPAPR_DT_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include "core/device.h"
#include "core/error.h"

/* Inside a node writer: run a libfdt call, and leave with its error if it fails. */
#define DT_TRY(exp)                     \
    do {                                \
        int dt_ret_ = (exp);            \
        if (dt_ret_ < 0) {              \
            return dt_ret_;             \
        }                               \
    } while (0)

/* A property of n 32-bit cells, given in host order (at most 64 cells). */
int dt_prop_cells(void *fdt, const char *name, const uint32_t *cells, size_t n);
/* The same with the cells written out: DT_CELLS(fdt, "reg", 0, size). */
#define DT_CELLS(fdt, name, ...)                                               \
    dt_prop_cells(fdt, name, (const uint32_t[]){ __VA_ARGS__ },                \
                  sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))
/* Two 64-bit numbers (an address and a size with #address-cells = #size-cells = 2). */
int dt_prop_u64_pair(void *fdt, const char *name, uint64_t a, uint64_t b);

/*
 * Build a whole blob: fdt_create on a buffer, fill (which writes the
 * reserve map, fdt_finish_reservemap and the root node), fdt_finish, then
 * packed to its size. The buffer starts at 64 KiB and doubles while fill
 * runs out of room, up to max_size. Returns the g_malloc'd blob, or NULL
 * with the libfdt error in *fdt_err (-FDT_ERR_NOSPACE: over max_size), for
 * the caller to word.
 */
typedef int (*DtFillFn)(void *fdt, void *opaque);
void *dt_build_blob(DtFillFn fill, void *opaque, int max_size, int *fdt_err);

/*
 * A standalone fragment: a blob with an empty reserve map and a root with
 * no properties, whose children are the node(s) node_fn writes (one for a
 * device; a multi-function adapter may be several siblings, which
 * configure-connector reports in turn). The result is checked whole
 * (fdt_check_full), so a writer that leaves a node open is caught here, not
 * by the guest. NULL with an error if node_fn fails, the blob is malformed,
 * or it passes DT_FRAGMENT_MAX_SIZE.
 */
typedef int (*DtNodeFn)(void *opaque, void *fdt);
void *dt_build_fragment(DtNodeFn node_fn, void *opaque, Error **errp);
/* The fragment of one device, from its class's fdt_node; an error if it has none. */
void *dt_device_fragment(Device *dev, Error **errp);
/* Write dev's node into a blob being built: its class's fdt_node, or -FDT_ERR_BADSTRUCTURE. */
int dt_device_node(Device *dev, void *fdt);

/* The largest fragment the builders make: one device's node is far smaller. */
#define DT_FRAGMENT_MAX_SIZE    (1 << 20)

#endif
