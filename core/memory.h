/*
 * Memory regions and address-space dispatch.
 *
 * A region is RAM (host memory), I/O (read/write callbacks), a container of
 * subregions, or an alias of part of another region. Containers nest; where
 * subregions overlap, the higher priority wins (then the later-added one). An
 * address space flattens its root into a sorted table of ranges, rebuilt when
 * the tree changes, so a lookup is one binary search.
 *
 * Data crosses the dispatcher as bytes in guest memory order. For I/O regions
 * the core converts between those bytes and the callback's numeric value using
 * the endianness declared in the ops, and splits or rejects accesses by the
 * sizes the ops declare valid and implemented. The CPU applies its own byte
 * order (MSR[LE], byte-reversed loads) on top.
 */
#ifndef CORE_MEMORY_H
#define CORE_MEMORY_H

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/*
 * Every copy of bytes to or from guest RAM (a RAM region's host memory) that
 * the emulator's C makes: vCPU loads and stores off the software TLB, the
 * slow paths, the translator's fetch, device DMA through address_space_rw.
 * Several vCPU threads (and devices) may access the same guest bytes at
 * once; that is the guest's own data race, which the architecture allows
 * (Power ISA Book II 1.4 and 1.7: unsynchronized accesses by several
 * processors are the program's to order), and host hardware does for us
 * what POWER's would. ThreadSanitizer's reports of it are suppressed by
 * these names (scripts/tsan-suppressions.txt), so nothing but guest RAM may
 * go through them. Under ThreadSanitizer they are never inlined: the
 * suppressions match a frame's name, and an inlined copy can lose it (clang
 * merged access_page's load and store into one memcpy call of neither name).
 */
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define GUEST_RAM_COPY_ATTR __attribute__((noinline))
#endif
#endif
#ifndef GUEST_RAM_COPY_ATTR
#define GUEST_RAM_COPY_ATTR
#endif

static inline GUEST_RAM_COPY_ATTR void guest_ram_load(void *dst, const void *ram, size_t len)
{
    memcpy(dst, ram, len);
}

static inline GUEST_RAM_COPY_ATTR void guest_ram_store(void *ram, const void *src, size_t len)
{
    memcpy(ram, src, len);
}

typedef enum {
    DEVICE_BIG_ENDIAN,
    DEVICE_LITTLE_ENDIAN,
} DeviceEndian;

typedef enum {
    MEMTX_OK = 0,
    MEMTX_ERROR = 1,        /* the device rejected the access (bad size...) */
    MEMTX_DECODE_ERROR = 2, /* nothing mapped there */
} MemTxResult;

typedef struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, uint64_t offset, unsigned size);
    void (*write)(void *opaque, uint64_t offset, uint64_t value, unsigned size);
    DeviceEndian endianness;
    struct {
        unsigned min_access_size;  /* accesses outside [min,max] fail; 0 = 1 */
        unsigned max_access_size;  /* 0 = 8 */
        bool unaligned;            /* allow accesses not aligned to their size */
    } valid;
    struct {
        unsigned min_access_size;  /* callbacks see only sizes in [min,max]; */
        unsigned max_access_size;  /* the core splits or widens the rest; 0 = 1 / 8 */
    } impl;
} MemoryRegionOps;

typedef enum {
    MR_CONTAINER,
    MR_RAM,
    MR_IO,
    MR_ALIAS,
} MemoryRegionKind;

typedef struct MemoryRegion MemoryRegion;

struct MemoryRegion {
    char *name;
    MemoryRegionKind kind;
    uint64_t size;
    /* MR_RAM */
    uint8_t *ram;
    /*
     * One bit per 4 KiB page of RAM that holds translated code; a write to
     * such a page through the dispatcher calls memory_code_write_hook.
     */
    unsigned long *code_bitmap;
    /* MR_IO */
    const MemoryRegionOps *ops;
    void *opaque;
    /* MR_ALIAS */
    MemoryRegion *alias;
    uint64_t alias_offset;
    /* position in the parent */
    MemoryRegion *parent;
    uint64_t addr;
    int priority;
    bool enabled;
    GPtrArray *subregions;  /* of MemoryRegion*, for containers */
};

/* A size of UINT64_MAX stands for the whole 64-bit space (the last byte is not mapped). */
void memory_region_init_container(MemoryRegion *mr, const char *name, uint64_t size);
/* Zero-filled RAM; returns false if the host cannot provide it. */
bool memory_region_init_ram(MemoryRegion *mr, const char *name, uint64_t size);
/* Zero [offset, offset + len) of a RAM region, handing its whole pages back to the host. */
void memory_region_ram_zero(MemoryRegion *mr, uint64_t offset, uint64_t len);
void memory_region_init_io(MemoryRegion *mr, const char *name, const MemoryRegionOps *ops,
                           void *opaque, uint64_t size);
void memory_region_init_alias(MemoryRegion *mr, const char *name, MemoryRegion *orig,
                              uint64_t offset, uint64_t size);
/* Free what init allocated (the region must not be mapped). */
void memory_region_finalize(MemoryRegion *mr);

void memory_region_add_subregion(MemoryRegion *parent, uint64_t addr, MemoryRegion *sub);
void memory_region_add_subregion_overlap(MemoryRegion *parent, uint64_t addr,
                                         MemoryRegion *sub, int priority);
void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *sub);
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
/* Move a region within its container (a BAR moving); it stays mapped. */
void memory_region_set_address(MemoryRegion *mr, uint64_t addr);
void memory_region_set_alias_offset(MemoryRegion *mr, uint64_t offset);
/* A region is mapped while it sits in a container (added and not yet removed). */
static inline bool memory_region_is_mapped(const MemoryRegion *mr)
{
    return mr->parent != NULL;
}

/*
 * The direct subregion of container that answers at offset addr: enabled,
 * covering addr, the highest priority (then the newest) as dispatch picks it.
 * NULL when none does. Nested containers are not searched.
 */
MemoryRegion *memory_region_subregion_at(MemoryRegion *container, uint64_t addr);

/* [start, start+size) in some container's offsets; used to pass extra busy ranges. */
typedef struct MemoryRange {
    uint64_t start;
    uint64_t size;
} MemoryRange;

/*
 * Placing a region in a window of a container (PCI BAR assignment, hotplug):
 * the lowest addr >= start, a multiple of align (a power of two), such that
 * [addr, addr+size) lies inside [start, start+len) and overlaps neither any
 * subregion of container (disabled ones too: they keep their place) nor any
 * of the nbusy ranges in busy. False if the window has no such room.
 */
bool memory_region_find_free_range(MemoryRegion *container, uint64_t start, uint64_t len,
                                   uint64_t size, uint64_t align, const MemoryRange *busy,
                                   size_t nbusy, uint64_t *out);

/* Batch several tree edits (moving a BAR, ...) into one re-flattening. */
void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);

/* One flattened range: [start, start+size) maps to mr at offset. */
typedef struct MemorySection {
    uint64_t start;
    uint64_t size;
    MemoryRegion *mr;       /* a RAM or I/O region, never a container or alias */
    uint64_t offset;        /* offset of start within mr */
} MemorySection;

typedef struct FlatView FlatView;

typedef struct AddressSpace {
    char *name;
    MemoryRegion *root;
    FlatView *view;
    /* Bumped whenever the flattened view changes; TLBs compare it. */
    uint64_t generation;
} AddressSpace;

void address_space_init(AddressSpace *as, MemoryRegion *root, const char *name);
void address_space_destroy(AddressSpace *as);

/* The section holding addr; false if nothing is mapped there. */
bool address_space_lookup(AddressSpace *as, uint64_t addr, MemorySection *out);

MemTxResult address_space_read(AddressSpace *as, uint64_t addr, void *buf, uint64_t len);
MemTxResult address_space_write(AddressSpace *as, uint64_t addr, const void *buf, uint64_t len);

/* Host pointer to guest RAM at addr with at least len bytes contiguous, or NULL. */
void *address_space_ram_ptr(AddressSpace *as, uint64_t addr, uint64_t len);

/* Big-endian helpers for firmware-interface structures (RTAS args, ...). */
uint32_t address_space_ldl_be(AddressSpace *as, uint64_t addr, MemTxResult *res);
uint64_t address_space_ldq_be(AddressSpace *as, uint64_t addr, MemTxResult *res);
void address_space_stl_be(AddressSpace *as, uint64_t addr, uint32_t val, MemTxResult *res);
void address_space_stq_be(AddressSpace *as, uint64_t addr, uint64_t val, MemTxResult *res);

/* Called for every write through the dispatcher that touches a code page. */
extern void (*memory_code_write_hook)(MemoryRegion *ram, uint64_t offset, uint64_t len);

/* Mark/unmark RAM pages that hold translated code (4 KiB granularity). */
void memory_region_set_code_page(MemoryRegion *ram, uint64_t offset);
void memory_region_clear_code_page(MemoryRegion *ram, uint64_t offset);
static inline bool memory_region_is_code_page(const MemoryRegion *ram, uint64_t offset)
{
    uint64_t page = offset >> 12;
    const unsigned long *bm = __atomic_load_n(&ram->code_bitmap, __ATOMIC_ACQUIRE);
    return bm && (__atomic_load_n(&bm[page / (8 * sizeof(long))], __ATOMIC_RELAXED) >>
                  (page % (8 * sizeof(long)))) & 1;
}

/* Call fn whenever the flattened view of as changes (e.g. to flush TLBs). */
void address_space_add_listener(AddressSpace *as, void (*fn)(void *opaque), void *opaque);

/* `info mtree`: the region tree of as, one region per line, indented. */
void memory_print_mtree(AddressSpace *as, GString *out);

#endif
