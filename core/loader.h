/*
 * Image loaders: ELF64 (either endianness, for the CPU the caller names),
 * raw, and gzip compressed versions of both. Every loader checks its input and fails with a
 * clear message for truncated, corrupt or wrong-architecture files.
 */
#ifndef CORE_LOADER_H
#define CORE_LOADER_H

#include <stdbool.h>
#include <stdint.h>

#include "core/error.h"
#include "core/memory.h"

typedef struct LoadedImage {
    uint64_t entry;         /* ELF entry (translated like the segments), or load address */
    uint64_t low, high;     /* physical range written: [low, high) */
    bool big_endian;        /* ELF data encoding; raw images: false */
    bool is_elf;
} LoadedImage;

/* The CPU an ELF image must be built for; the machine says which (e.g. EM_PPC64). */
typedef struct ElfMachine {
    uint16_t e_machine;     /* the ELF header's e_machine */
    const char *name;       /* for messages: "not a 64-bit NAME ELF" */
} ElfMachine;

/*
 * Read a whole file, gunzipping it if it starts with the gzip magic.
 * max_size (0 = no limit) bounds both the file and the decompressed size.
 * *data is g_malloc'ed, with a NUL after the last byte. Returns false with
 * *errp set ("PATH: No such file or directory", "PATH: corrupt gzip data").
 */
bool load_file(const char *path, uint64_t max_size, uint8_t **data, uint64_t *size,
               Error **errp);

/*
 * A file kept for the machine's life and loaded again at every reset (the
 * kernel). An uncompressed regular file is mapped (private, read-only)
 * rather than read: its pages are the host's page cache, where a copy
 * would be tens of MiB of fresh memory the host must zero first (about
 * 40 ms of a 45 MB vmlinux). Anything else comes from load_file. The file
 * stays open so that kept_file_check can tell a truncated file (whose
 * mapping would fault) from the one that was mapped.
 */
typedef struct KeptFile {
    uint8_t *data;
    uint64_t size;
    size_t map_len;         /* the mapping's length; 0: data is load_file's (or NULL) */
    int fd;                 /* the mapped file, when map_len != 0 */
} KeptFile;                /* all zeros: none */

bool kept_file_load(const char *path, uint64_t max_size, KeptFile *img, Error **errp);
/* Whether a mapped file still has all its bytes ("PATH: changed size since it was loaded"). */
bool kept_file_check(const char *path, const KeptFile *img, Error **errp);
void kept_file_free(KeptFile *img);

/*
 * Load an ELF64 image for the CPU arch names. Segments go to their physical address (p_paddr)
 * plus load_offset; addr_mask is applied first (0 = none; pseries kernels link
 * at 0xc000... and are masked to physical). Fails if any byte would fall
 * outside guest RAM/ROM.
 */
bool load_elf(AddressSpace *as, const ElfMachine *arch, const uint8_t *data, uint64_t size,
              uint64_t load_offset, uint64_t addr_mask, LoadedImage *img, Error **errp);
bool elf_is_elf(const uint8_t *data, uint64_t size);

/* Copy a raw image to addr. */
bool load_raw(AddressSpace *as, const uint8_t *data, uint64_t size, uint64_t addr,
              LoadedImage *img, Error **errp);

/* Load a file: ELF if it is one, else raw at raw_addr. */
bool load_image_file(AddressSpace *as, const ElfMachine *arch, const char *path,
                     uint64_t raw_addr, uint64_t max_size, uint64_t elf_offset, uint64_t addr_mask,
                     LoadedImage *img, Error **errp);

#endif
