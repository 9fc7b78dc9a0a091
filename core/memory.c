/*
 * Memory regions, flattening, and address-space dispatch (see memory.h).
 *
 * The model follows QEMU's memory API in spirit: a tree of regions is
 * rendered into a flat, sorted, non-overlapping table of sections whenever it
 * changes, so that the hot path (a lookup for MMIO or a TLB fill) is one
 * binary search. Rendering walks each container's subregions from highest to
 * lowest priority and lets each one fill only the gaps left by those before
 * it, which is exactly "higher priority wins, then the later-added one".
 */
#include "core/memory.h"

#include <pthread.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define CODE_PAGE_BITS 12
#define BITS_PER_LONG (8 * sizeof(long))

void (*memory_code_write_hook)(MemoryRegion *ram, uint64_t offset, uint64_t len);

typedef struct MemoryListener {
    void (*fn)(void *opaque);
    void *opaque;
} MemoryListener;

/* The per-address-space dispatch state behind AddressSpace.view. */
struct FlatView {
    GArray *sections;   /* of MemorySection, sorted by start, disjoint */
    GArray *listeners;  /* of MemoryListener */
};

static GPtrArray *address_spaces;   /* every initialised AddressSpace */
/*
 * The flat views are changed with the big lock held (core/bql.h), so I/O
 * dispatch, which needs that lock anyway, sees them stable. vCPU threads
 * also look up RAM without it (a software-TLB fill): views are swapped and
 * read under this lock, held only for the swap and for a binary search.
 */
static pthread_rwlock_t views_lock = PTHREAD_RWLOCK_INITIALIZER;
static int transaction_depth;
static bool transaction_pending;

/* End of [start, start+size), saturated: a size of UINT64_MAX means "to the top". */
static uint64_t range_end(uint64_t start, uint64_t size)
{
    uint64_t end = start + size;
    return end < start ? UINT64_MAX : end;
}

/* ---- Region set-up -------------------------------------------------------- */

static void region_init(MemoryRegion *mr, const char *name, MemoryRegionKind kind, uint64_t size)
{
    memset(mr, 0, sizeof(*mr));
    mr->name = g_strdup(name);
    mr->kind = kind;
    mr->size = size;
    mr->enabled = true;
}

void memory_region_init_container(MemoryRegion *mr, const char *name, uint64_t size)
{
    region_init(mr, name, MR_CONTAINER, size);
    mr->subregions = g_ptr_array_new();
}

bool memory_region_init_ram(MemoryRegion *mr, const char *name, uint64_t size)
{
    void *p;

    region_init(mr, name, MR_RAM, size);
    if (size == 0 || size > SIZE_MAX) {
        return false;
    }
    /*
     * NORESERVE: a large guest costs host memory only for the pages it
     * touches. RAM of 2 MiB or more is aligned to 2 MiB and asks for
     * transparent huge pages, as QEMU does: guest accesses spread over much
     * memory (the guest's page tables, a large working set) then miss the
     * host's TLB far less.
     */
    const size_t huge = 2u << 20;
    size_t len = size >= huge ? size + huge : size;
    p = mmap(NULL, len, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        return false;
    }
    if (len != size) {
        uint8_t *start = p, *aligned = (uint8_t *)(((uintptr_t)p + huge - 1) & ~(uintptr_t)(huge - 1));
        if (aligned != start) {
            munmap(start, (size_t)(aligned - start));
        }
        if (aligned + size != start + len) {
            munmap(aligned + size, (size_t)(start + len - (aligned + size)));
        }
        p = aligned;
#ifdef MADV_HUGEPAGE
        madvise(p, size, MADV_HUGEPAGE);
#endif
    }
    mr->ram = p;
    return true;
}

/*
 * Guest RAM is private anonymous memory (above): a whole host page handed
 * back with MADV_DONTNEED reads as zeros again and costs nothing until
 * written. Zeroing a large range this way (an ELF image's bss of tens of
 * MiB) neither faults in nor keeps its pages; memset did both, and the first
 * touch of fresh RAM took up to 90 ms of host CPU time on a loaded host
 * (fuzz target loader). Only the partial pages at the ends are written.
 */
void memory_region_ram_zero(MemoryRegion *mr, uint64_t offset, uint64_t len)
{
    const uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uint8_t *p = mr->ram + offset, *end = p + len;
    uint8_t *first = (uint8_t *)(((uintptr_t)p + page - 1) & ~(page - 1));
    uint8_t *last = (uint8_t *)((uintptr_t)end & ~(page - 1));

    if (first >= last || madvise(first, (size_t)(last - first), MADV_DONTNEED) != 0) {
        memset(p, 0, len);
        return;
    }
    memset(p, 0, (size_t)(first - p));
    memset(last, 0, (size_t)(end - last));
}

void memory_region_init_io(MemoryRegion *mr, const char *name, const MemoryRegionOps *ops,
                           void *opaque, uint64_t size)
{
    region_init(mr, name, MR_IO, size);
    mr->ops = ops;
    mr->opaque = opaque;
}

void memory_region_init_alias(MemoryRegion *mr, const char *name, MemoryRegion *orig,
                              uint64_t offset, uint64_t size)
{
    region_init(mr, name, MR_ALIAS, size);
    mr->alias = orig;
    mr->alias_offset = offset;
}

void memory_region_finalize(MemoryRegion *mr)
{
    if (mr->parent) {
        memory_region_del_subregion(mr->parent, mr);
    }
    if (mr->ram) {
        munmap(mr->ram, mr->size);
    }
    if (mr->subregions) {
        for (guint i = 0; i < mr->subregions->len; i++) {
            MemoryRegion *sub = g_ptr_array_index(mr->subregions, i);
            sub->parent = NULL;
        }
        g_ptr_array_free(mr->subregions, TRUE);
    }
    g_free(mr->code_bitmap);
    g_free(mr->name);
    memset(mr, 0, sizeof(*mr));
}

/* ---- Flattening ------------------------------------------------------------ */

/* Map [start, end) to mr (offset at start) wherever the view is still empty. */
static void flat_fill_gaps(GArray *v, uint64_t start, uint64_t end, MemoryRegion *mr,
                           uint64_t offset)
{
    uint64_t base = start;
    guint i = 0;

    while (i < v->len && range_end(g_array_index(v, MemorySection, i).start,
                                   g_array_index(v, MemorySection, i).size) <= start) {
        i++;
    }
    while (start < end) {
        MemorySection *s = i < v->len ? &g_array_index(v, MemorySection, i) : NULL;
        MemorySection gap;

        if (!s || s->start >= end) {
            gap = (MemorySection){ start, end - start, mr, offset + (start - base) };
            g_array_insert_val(v, i, gap);
            return;
        }
        if (start < s->start) {
            gap = (MemorySection){ start, s->start - start, mr, offset + (start - base) };
            g_array_insert_val(v, i, gap);
            i++;
            s = &g_array_index(v, MemorySection, i);
        }
        start = range_end(s->start, s->size);
        i++;
    }
}

/*
 * Render mr, whose first byte sits at abs, clipped to [clip_start, clip_end).
 * abs is wide because an alias's target may begin below address 0.
 */
static void render(GArray *v, MemoryRegion *mr, __int128 abs, uint64_t clip_start,
                   uint64_t clip_end)
{
    __int128 start, end;

    if (!mr || !mr->enabled) {
        return;
    }
    start = MAX(abs, (__int128)clip_start);
    end = MIN(abs + mr->size, (__int128)clip_end);
    if (start >= end) {
        return;
    }
    switch (mr->kind) {
    case MR_ALIAS:
        /* The target's byte alias_offset lands at abs. */
        render(v, mr->alias, abs - mr->alias_offset, start, end);
        break;
    case MR_CONTAINER:
        /* Kept sorted by priority (then newest first), so earlier entries win. */
        for (guint i = 0; i < mr->subregions->len; i++) {
            MemoryRegion *sub = g_ptr_array_index(mr->subregions, i);
            render(v, sub, abs + sub->addr, start, end);
        }
        break;
    case MR_RAM:
    case MR_IO:
        flat_fill_gaps(v, start, end, mr, start - abs);
        break;
    }
}

/* Adjacent pieces of one region at consecutive offsets become one section. */
static void flat_merge(GArray *v)
{
    guint out = 0;

    for (guint i = 0; i < v->len; i++) {
        MemorySection *s = &g_array_index(v, MemorySection, i);
        MemorySection *prev = out ? &g_array_index(v, MemorySection, out - 1) : NULL;

        if (prev && prev->mr == s->mr && prev->start + prev->size == s->start &&
            prev->offset + prev->size == s->offset) {
            prev->size += s->size;
        } else {
            g_array_index(v, MemorySection, out++) = *s;
        }
    }
    g_array_set_size(v, out);
}

static GArray *flatten(MemoryRegion *root)
{
    GArray *v = g_array_new(FALSE, FALSE, sizeof(MemorySection));

    if (root) {
        render(v, root, root->addr, 0, UINT64_MAX);
    }
    flat_merge(v);
    return v;
}

static bool sections_equal(GArray *a, GArray *b)
{
    /* An empty GArray's data may be NULL, which memcmp must not see even for 0 bytes. */
    return a->len == b->len &&
           (a->len == 0 || memcmp(a->data, b->data, (size_t)a->len * sizeof(MemorySection)) == 0);
}

static void address_space_update(AddressSpace *as)
{
    GArray *fresh = flatten(as->root);
    GArray *listeners = as->view->listeners;

    if (sections_equal(fresh, as->view->sections)) {
        g_array_free(fresh, TRUE);
        return;
    }
    pthread_rwlock_wrlock(&views_lock);
    GArray *old = as->view->sections;
    as->view->sections = fresh;
    __atomic_add_fetch(&as->generation, 1, __ATOMIC_SEQ_CST);
    pthread_rwlock_unlock(&views_lock);
    g_array_free(old, TRUE);
    for (guint i = 0; i < listeners->len; i++) {
        MemoryListener *l = &g_array_index(listeners, MemoryListener, i);
        l->fn(l->opaque);
    }
}

/*
 * Every tree change re-flattens every address space: changes are rare
 * (start-up, BAR moves, hotplug) and an alias can make any region visible
 * from any space, so tracking which spaces are affected is not worth it.
 */
static void memory_tree_changed(void)
{
    if (transaction_depth) {
        transaction_pending = true;
        return;
    }
    for (guint i = 0; address_spaces && i < address_spaces->len; i++) {
        address_space_update(g_ptr_array_index(address_spaces, i));
    }
}

void memory_region_transaction_begin(void)
{
    transaction_depth++;
}

void memory_region_transaction_commit(void)
{
    g_assert(transaction_depth > 0);
    if (--transaction_depth == 0 && transaction_pending) {
        transaction_pending = false;
        memory_tree_changed();
    }
}

/* ---- Tree edits ------------------------------------------------------------ */

void memory_region_add_subregion_overlap(MemoryRegion *parent, uint64_t addr,
                                         MemoryRegion *sub, int priority)
{
    guint i;

    g_assert(parent->kind == MR_CONTAINER && !sub->parent);
    sub->parent = parent;
    sub->addr = addr;
    sub->priority = priority;
    /* Before the first one of lower or equal priority: the newest wins ties. */
    for (i = 0; i < parent->subregions->len; i++) {
        MemoryRegion *other = g_ptr_array_index(parent->subregions, i);
        if (other->priority <= priority) {
            break;
        }
    }
    g_ptr_array_insert(parent->subregions, i, sub);
    memory_tree_changed();
}

void memory_region_add_subregion(MemoryRegion *parent, uint64_t addr, MemoryRegion *sub)
{
    memory_region_add_subregion_overlap(parent, addr, sub, 0);
}

void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *sub)
{
    g_assert(sub->parent == parent);
    g_ptr_array_remove(parent->subregions, sub);
    sub->parent = NULL;
    memory_tree_changed();
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled != enabled) {
        mr->enabled = enabled;
        memory_tree_changed();
    }
}

void memory_region_set_address(MemoryRegion *mr, uint64_t addr)
{
    MemoryRegion *parent = mr->parent;

    if (mr->addr == addr) {
        return;
    }
    if (!parent) {
        mr->addr = addr;
        return;
    }
    /* Re-add so it keeps its priority but becomes the newest among equals, as in QEMU. */
    memory_region_transaction_begin();
    memory_region_del_subregion(parent, mr);
    memory_region_add_subregion_overlap(parent, addr, mr, mr->priority);
    memory_region_transaction_commit();
}

void memory_region_set_alias_offset(MemoryRegion *mr, uint64_t offset)
{
    if (mr->alias_offset != offset) {
        mr->alias_offset = offset;
        memory_tree_changed();
    }
}

/* ---- Finding room in a window ---------------------------------------------- */

static bool ranges_overlap(uint64_t a, uint64_t asize, uint64_t b, uint64_t bsize)
{
    return asize && bsize && a < range_end(b, bsize) && b < range_end(a, asize);
}

static bool contains(const MemoryRegion *mr, uint64_t addr)
{
    return addr >= mr->addr && addr - mr->addr < mr->size;
}

MemoryRegion *memory_region_subregion_at(MemoryRegion *container, uint64_t addr)
{
    if (container->kind != MR_CONTAINER) {
        return NULL;
    }
    /* The list is in dispatch order (priority, then newest first): the first hit wins. */
    for (guint i = 0; i < container->subregions->len; i++) {
        MemoryRegion *sub = g_ptr_array_index(container->subregions, i);
        if (sub->enabled && contains(sub, addr)) {
            return sub;
        }
    }
    return NULL;
}

/* x rounded up to a multiple of align (a power of two); false on overflow. */
static bool align_up(uint64_t x, uint64_t align, uint64_t *out)
{
    uint64_t r = (x + align - 1) & ~(align - 1);

    if (r < x) {
        return false;
    }
    *out = r;
    return true;
}

bool memory_region_find_free_range(MemoryRegion *container, uint64_t start, uint64_t len,
                                   uint64_t size, uint64_t align, const MemoryRange *busy,
                                   size_t nbusy, uint64_t *out)
{
    uint64_t end = range_end(start, len);
    uint64_t cand;

    if (container->kind != MR_CONTAINER || size == 0 || align == 0 || (align & (align - 1)) ||
        !align_up(start, align, &cand)) {
        return false;
    }
    /*
     * Try the lowest aligned candidate; on a clash, jump past the end of the
     * farthest-reaching range it clashes with. Each jump passes at least one
     * range, so this ends after at most (subregions + busy) steps.
     */
    for (;;) {
        uint64_t clash_end = 0;
        bool clash = false;

        if (range_end(cand, size) > end || cand + size < cand) {
            return false;
        }
        for (guint i = 0; i < container->subregions->len; i++) {
            MemoryRegion *sub = g_ptr_array_index(container->subregions, i);
            if (ranges_overlap(cand, size, sub->addr, sub->size)) {
                clash = true;
                clash_end = MAX(clash_end, range_end(sub->addr, sub->size));
            }
        }
        for (size_t i = 0; i < nbusy; i++) {
            if (ranges_overlap(cand, size, busy[i].start, busy[i].size)) {
                clash = true;
                clash_end = MAX(clash_end, range_end(busy[i].start, busy[i].size));
            }
        }
        if (!clash) {
            *out = cand;
            return true;
        }
        if (clash_end == UINT64_MAX || !align_up(clash_end, align, &cand)) {
            return false;
        }
    }
}

/* ---- Address spaces -------------------------------------------------------- */

void address_space_init(AddressSpace *as, MemoryRegion *root, const char *name)
{
    as->name = g_strdup(name);
    as->root = root;
    as->generation = 1;
    as->view = g_new0(FlatView, 1);
    as->view->sections = flatten(root);
    as->view->listeners = g_array_new(FALSE, FALSE, sizeof(MemoryListener));
    if (!address_spaces) {
        address_spaces = g_ptr_array_new();
    }
    g_ptr_array_add(address_spaces, as);
}

void address_space_destroy(AddressSpace *as)
{
    if (address_spaces) {
        g_ptr_array_remove(address_spaces, as);
    }
    if (as->view) {
        g_array_free(as->view->sections, TRUE);
        g_array_free(as->view->listeners, TRUE);
        g_free(as->view);
    }
    g_free(as->name);
    memset(as, 0, sizeof(*as));
}

void address_space_add_listener(AddressSpace *as, void (*fn)(void *opaque), void *opaque)
{
    MemoryListener l = { fn, opaque };
    g_array_append_val(as->view->listeners, l);
}

bool address_space_lookup(AddressSpace *as, uint64_t addr, MemorySection *out)
{
    bool found;

    pthread_rwlock_rdlock(&views_lock);
    const MemorySection *s = (const MemorySection *)as->view->sections->data;
    size_t lo = 0, hi = as->view->sections->len;

    /* Find the last section starting at or below addr. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s[mid].start <= addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    found = lo > 0 && addr - s[lo - 1].start < s[lo - 1].size;
    if (found) {
        *out = s[lo - 1];
    }
    pthread_rwlock_unlock(&views_lock);
    return found;
}

/* ---- I/O dispatch ---------------------------------------------------------- */

static unsigned valid_min(const MemoryRegionOps *ops)
{
    return ops->valid.min_access_size ? ops->valid.min_access_size : 1;
}

static unsigned valid_max(const MemoryRegionOps *ops)
{
    return ops->valid.max_access_size ? ops->valid.max_access_size : 8;
}

static bool access_valid(const MemoryRegionOps *ops, uint64_t offset, unsigned size)
{
    if (size < valid_min(ops) || size > valid_max(ops)) {
        return false;
    }
    return ops->valid.unaligned || (offset & (size - 1)) == 0;
}

static uint64_t bytes_to_value(const uint8_t *b, unsigned size, DeviceEndian e)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        unsigned idx = e == DEVICE_BIG_ENDIAN ? i : size - 1 - i;
        v = (v << 8) | b[idx];
    }
    return v;
}

static void value_to_bytes(uint64_t v, uint8_t *b, unsigned size, DeviceEndian e)
{
    for (unsigned i = 0; i < size; i++) {
        unsigned shift = e == DEVICE_BIG_ENDIAN ? 8 * (size - 1 - i) : 8 * i;
        b[i] = v >> shift;
    }
}

/*
 * One guest-visible access of a valid size. The callbacks see units of the
 * implemented size, naturally aligned: a larger access becomes several
 * callbacks in ascending address order; a smaller one is widened to the unit
 * that holds it (a read-modify-write for writes).
 */
static void io_access(MemoryRegion *mr, uint64_t offset, uint8_t *buf, unsigned size,
                      bool is_write)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned imin = ops->impl.min_access_size ? ops->impl.min_access_size : 1;
    unsigned imax = ops->impl.max_access_size ? ops->impl.max_access_size : 8;
    unsigned unit = MIN(MAX(size, imin), imax);
    uint64_t end = offset + size;

    for (uint64_t u = offset & ~(uint64_t)(unit - 1); u < end; u += unit) {
        uint64_t lo = MAX(u, offset), hi = MIN(u + unit, end);
        uint8_t bytes[8];

        if (!is_write) {
            uint64_t v = ops->read ? ops->read(mr->opaque, u, unit) : 0;
            value_to_bytes(v, bytes, unit, ops->endianness);
            memcpy(buf + (lo - offset), bytes + (lo - u), hi - lo);
            continue;
        }
        if (hi - lo < unit) {
            uint64_t old = ops->read ? ops->read(mr->opaque, u, unit) : 0;
            value_to_bytes(old, bytes, unit, ops->endianness);
        }
        memcpy(bytes + (lo - u), buf + (lo - offset), hi - lo);
        if (ops->write) {
            ops->write(mr->opaque, u, bytes_to_value(bytes, unit, ops->endianness), unit);
        }
    }
}

static bool is_access_size(uint64_t len)
{
    return len == 1 || len == 2 || len == 4 || len == 8;
}

/*
 * An I/O chunk of 1, 2, 4 or 8 bytes is one access and must be valid as such.
 * Other lengths (bulk copies, the debugger) go as the largest valid,
 * suitably aligned pieces.
 */
static MemTxResult io_rw(MemoryRegion *mr, uint64_t offset, uint8_t *buf, uint64_t len,
                         bool is_write)
{
    const MemoryRegionOps *ops = mr->ops;

    if (is_access_size(len)) {
        if (!access_valid(ops, offset, len)) {
            return MEMTX_ERROR;
        }
        io_access(mr, offset, buf, len, is_write);
        return MEMTX_OK;
    }
    while (len) {
        unsigned size = valid_max(ops);
        while (size > len || (!ops->valid.unaligned && (offset & (size - 1)))) {
            size >>= 1;
        }
        if (size == 0 || !access_valid(ops, offset, size)) {
            return MEMTX_ERROR;
        }
        io_access(mr, offset, buf, size, is_write);
        offset += size;
        buf += size;
        len -= size;
    }
    return MEMTX_OK;
}

static void ram_write(MemoryRegion *mr, uint64_t offset, const uint8_t *buf, uint64_t len)
{
    guest_ram_store(mr->ram + offset, buf, len);
    /* The engine allocates the bitmap while other threads may write RAM (see set_code_page). */
    if (__atomic_load_n(&mr->code_bitmap, __ATOMIC_ACQUIRE) && memory_code_write_hook) {
        uint64_t last = (offset + len - 1) >> CODE_PAGE_BITS;
        for (uint64_t page = offset >> CODE_PAGE_BITS; page <= last; page++) {
            if (memory_region_is_code_page(mr, page << CODE_PAGE_BITS)) {
                memory_code_write_hook(mr, offset, len);
                break;
            }
        }
    }
}

static MemTxResult address_space_rw(AddressSpace *as, uint64_t addr, uint8_t *buf,
                                    uint64_t len, bool is_write)
{
    while (len) {
        MemorySection s;
        uint64_t off, chunk;
        MemTxResult r;

        if (!address_space_lookup(as, addr, &s)) {
            if (!is_write) {
                memset(buf, 0xff, len);
            }
            return MEMTX_DECODE_ERROR;
        }
        off = s.offset + (addr - s.start);
        chunk = MIN(len, s.size - (addr - s.start));
        if (s.mr->kind == MR_RAM) {
            if (is_write) {
                ram_write(s.mr, off, buf, chunk);
            } else {
                guest_ram_load(buf, s.mr->ram + off, chunk);
            }
        } else {
            r = io_rw(s.mr, off, buf, chunk, is_write);
            if (r != MEMTX_OK) {
                if (!is_write) {
                    memset(buf, 0xff, len);
                }
                return r;
            }
        }
        addr += chunk;
        buf += chunk;
        len -= chunk;
    }
    return MEMTX_OK;
}

MemTxResult address_space_read(AddressSpace *as, uint64_t addr, void *buf, uint64_t len)
{
    return address_space_rw(as, addr, buf, len, false);
}

MemTxResult address_space_write(AddressSpace *as, uint64_t addr, const void *buf, uint64_t len)
{
    /* Not modified on the write path; the shared walker takes a plain pointer. */
    return address_space_rw(as, addr, (uint8_t *)buf, len, true);
}

void *address_space_ram_ptr(AddressSpace *as, uint64_t addr, uint64_t len)
{
    MemorySection s;

    if (!address_space_lookup(as, addr, &s) || s.mr->kind != MR_RAM) {
        return NULL;
    }
    if (len > s.size - (addr - s.start)) {
        return NULL;
    }
    return s.mr->ram + s.offset + (addr - s.start);
}

/* ---- Big-endian helpers ---------------------------------------------------- */

static void set_res(MemTxResult *res, MemTxResult r)
{
    if (res) {
        *res = r;
    }
}

uint32_t address_space_ldl_be(AddressSpace *as, uint64_t addr, MemTxResult *res)
{
    uint8_t b[4];
    set_res(res, address_space_read(as, addr, b, 4));
    return (uint32_t)bytes_to_value(b, 4, DEVICE_BIG_ENDIAN);
}

uint64_t address_space_ldq_be(AddressSpace *as, uint64_t addr, MemTxResult *res)
{
    uint8_t b[8];
    set_res(res, address_space_read(as, addr, b, 8));
    return bytes_to_value(b, 8, DEVICE_BIG_ENDIAN);
}

void address_space_stl_be(AddressSpace *as, uint64_t addr, uint32_t val, MemTxResult *res)
{
    uint8_t b[4];
    value_to_bytes(val, b, 4, DEVICE_BIG_ENDIAN);
    set_res(res, address_space_write(as, addr, b, 4));
}

void address_space_stq_be(AddressSpace *as, uint64_t addr, uint64_t val, MemTxResult *res)
{
    uint8_t b[8];
    value_to_bytes(val, b, 8, DEVICE_BIG_ENDIAN);
    set_res(res, address_space_write(as, addr, b, 8));
}

/* ---- Code pages ------------------------------------------------------------ */

void memory_region_set_code_page(MemoryRegion *ram, uint64_t offset)
{
    uint64_t page = offset >> CODE_PAGE_BITS;

    if (ram->kind != MR_RAM || offset >= ram->size) {
        return;
    }
    if (!ram->code_bitmap) {
        uint64_t pages = (ram->size + (1u << CODE_PAGE_BITS) - 1) >> CODE_PAGE_BITS;
        unsigned long *bm = g_new0(unsigned long, (pages + BITS_PER_LONG - 1) / BITS_PER_LONG);
        __atomic_store_n(&ram->code_bitmap, bm, __ATOMIC_RELEASE);
    }
    /* Atomic: vCPU threads read the bitmap (ram_write, TLB fills) as the engine changes it. */
    __atomic_fetch_or(&ram->code_bitmap[page / BITS_PER_LONG], 1ul << (page % BITS_PER_LONG),
                      __ATOMIC_SEQ_CST);
}

void memory_region_clear_code_page(MemoryRegion *ram, uint64_t offset)
{
    uint64_t page = offset >> CODE_PAGE_BITS;

    if (ram->code_bitmap && offset < ram->size) {
        __atomic_fetch_and(&ram->code_bitmap[page / BITS_PER_LONG],
                           ~(1ul << (page % BITS_PER_LONG)), __ATOMIC_SEQ_CST);
    }
}

/* ---- info mtree ------------------------------------------------------------ */

static const char *const kind_names[] = {
    [MR_CONTAINER] = "container",
    [MR_RAM] = "ram",
    [MR_IO] = "i/o",
    [MR_ALIAS] = "alias",
};

/* Last byte of a region, for printing; UINT64_MAX-sized regions reach the top. */
static uint64_t range_last(uint64_t start, uint64_t size)
{
    if (size == UINT64_MAX) {
        return UINT64_MAX;
    }
    return size ? range_end(start, size - 1) : start;
}

/* Children in address order, then highest priority first, as `info mtree` lists them. */
static gint mtree_order(gconstpointer a, gconstpointer b)
{
    const MemoryRegion *x = *(MemoryRegion *const *)a, *y = *(MemoryRegion *const *)b;

    if (x->addr != y->addr) {
        return x->addr < y->addr ? -1 : 1;
    }
    return y->priority - x->priority;
}

static void mtree_print_region(GString *out, MemoryRegion *mr, uint64_t abs, int depth,
                               GPtrArray *alias_targets)
{
    g_string_append_printf(out, "%*s%016" G_GINT64_MODIFIER "x-%016" G_GINT64_MODIFIER
                           "x (prio %d, %s): ", depth * 2, "", abs,
                           range_last(abs, mr->size), mr->priority, kind_names[mr->kind]);
    if (mr->kind == MR_ALIAS) {
        const char *target = mr->alias ? mr->alias->name : "?";
        g_string_append_printf(out, "alias %s @%s %016" G_GINT64_MODIFIER "x-%016"
                               G_GINT64_MODIFIER "x", mr->name, target, mr->alias_offset,
                               range_last(mr->alias_offset, mr->size));
        if (mr->alias && !g_ptr_array_find(alias_targets, mr->alias, NULL)) {
            g_ptr_array_add(alias_targets, mr->alias);
        }
    } else {
        g_string_append(out, mr->name);
    }
    g_string_append(out, mr->enabled ? "\n" : " [disabled]\n");

    if (mr->kind == MR_CONTAINER && mr->subregions->len) {
        GPtrArray *sorted = g_ptr_array_copy(mr->subregions, NULL, NULL);
        g_ptr_array_sort(sorted, mtree_order);
        for (guint i = 0; i < sorted->len; i++) {
            MemoryRegion *sub = g_ptr_array_index(sorted, i);
            mtree_print_region(out, sub, abs + sub->addr, depth + 1, alias_targets);
        }
        g_ptr_array_free(sorted, TRUE);
    }
}

void memory_print_mtree(AddressSpace *as, GString *out)
{
    GPtrArray *targets = g_ptr_array_new();

    g_string_append_printf(out, "address-space: %s\n", as->name);
    if (as->root) {
        mtree_print_region(out, as->root, as->root->addr, 1, targets);
    }
    /* Regions reached only through aliases, listed once each, like QEMU. */
    for (guint i = 0; i < targets->len; i++) {
        MemoryRegion *mr = g_ptr_array_index(targets, i);
        g_string_append_printf(out, "\nmemory-region: %s\n", mr->name);
        mtree_print_region(out, mr, mr->addr, 1, targets);
    }
    g_ptr_array_free(targets, TRUE);
}
