/*
 * VMX crypto and bit-manipulation instructions of Power ISA 2.07B Book I:
 * AES (6.11.1, with FIPS-197 for the round steps), SHA-2 sigma functions
 * (6.11.2), polynomial multiply-sum (6.11.3), vgbbd and vbpermq (6.10), and
 * count leading zeros / population count (6.9.6).
 *
 * The AES state is VRA in ISA byte order: byte 4c + r is row r, column c,
 * the same order as the FIPS-197 input block.
 */
#include <pthread.h>

#include "ppc/vec-helpers.h"

/* ---- AES ---- */

static uint8_t aes_sbox[256];
static uint8_t aes_inv_sbox[256];
static pthread_once_t aes_once = PTHREAD_ONCE_INIT;

/* Multiply in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t p = 0;
    while (b) {
        if (b & 1) {
            p ^= a;
        }
        a = (uint8_t)((a << 1) ^ (a & 0x80 ? 0x1b : 0));
        b >>= 1;
    }
    return p;
}

/* The S-box from its definition (FIPS-197 5.1.1): inverse in GF(2^8), then the affine map. */
static void aes_tables_init(void)
{
    for (int x = 0; x < 256; x++) {
        uint8_t inv = 0;
        for (int y = 1; x && y < 256; y++) {
            if (gf_mul((uint8_t)x, (uint8_t)y) == 1) {
                inv = (uint8_t)y;
                break;
            }
        }
        uint8_t s = inv;
        for (int k = 1; k < 5; k++) {
            s ^= (uint8_t)((inv << k) | (inv >> (8 - k)));
        }
        s ^= 0x63;
        aes_sbox[x] = s;
        aes_inv_sbox[s] = (uint8_t)x;
    }
}

static void aes_state_get(uint8_t s[16], const PPCVsr *v)
{
    for (int i = 0; i < 16; i++) {
        s[i] = VsrB(v, i);
    }
}

static void aes_state_put(PPCVsr *v, const uint8_t s[16])
{
    for (int i = 0; i < 16; i++) {
        VsrB(v, i) = s[i];
    }
}

static void aes_sub_bytes(uint8_t s[16], const uint8_t box[256])
{
    for (int i = 0; i < 16; i++) {
        s[i] = box[s[i]];
    }
}

/* Row r rotates left by r columns (inverse: right). */
static void aes_shift_rows(uint8_t s[16], bool inverse)
{
    uint8_t t[16];
    for (int r = 0; r < 4; r++) {
        for (int c = 0; c < 4; c++) {
            int from = (inverse ? c + 4 - r : c + r) & 3;
            t[4 * c + r] = s[4 * from + r];
        }
    }
    memcpy(s, t, 16);
}

/* Each column times the circulant matrix with first row m[0..3]. */
static void aes_mix_columns(uint8_t s[16], const uint8_t m[4])
{
    for (int c = 0; c < 4; c++) {
        uint8_t a[4];
        memcpy(a, s + 4 * c, 4);
        for (int r = 0; r < 4; r++) {
            uint8_t v = 0;
            for (int k = 0; k < 4; k++) {
                v ^= gf_mul(a[k], m[(k - r + 4) & 3]);
            }
            s[4 * c + r] = v;
        }
    }
}

static const uint8_t mix_fwd[4] = { 2, 3, 1, 1 };
static const uint8_t mix_inv[4] = { 14, 11, 13, 9 };

enum { AES_ENC, AES_ENC_LAST, AES_DEC, AES_DEC_LAST, AES_SBOX };

static int vec_aes(PowerPCCPU *cpu, uint32_t insn, int kind)
{
    uint8_t s[16];
    PPCVsr key, r;

    ppc_check_vec(cpu);
    pthread_once(&aes_once, aes_tables_init);
    aes_state_get(s, VRA(insn));
    key = *VRB(insn);
    switch (kind) {
    case AES_ENC:
    case AES_ENC_LAST:
        aes_sub_bytes(s, aes_sbox);
        aes_shift_rows(s, false);
        if (kind == AES_ENC) {
            aes_mix_columns(s, mix_fwd);
        }
        break;
    case AES_DEC:
    case AES_DEC_LAST:
        aes_shift_rows(s, true);
        aes_sub_bytes(s, aes_inv_sbox);
        break;
    case AES_SBOX:
        aes_sub_bytes(s, aes_sbox);
        break;
    }
    aes_state_put(&r, s);
    if (kind != AES_SBOX) {
        r.u128 ^= key.u128;
    }
    /* vncipher applies InvMixColumns after the round key (6.11.1). */
    if (kind == AES_DEC) {
        aes_state_get(s, &r);
        aes_mix_columns(s, mix_inv);
        aes_state_put(&r, s);
    }
    *VRT(insn) = r;
    return 0;
}

PPC_INSN(vcipher) { return vec_aes(cpu, insn, AES_ENC); }
PPC_INSN(vcipherlast) { return vec_aes(cpu, insn, AES_ENC_LAST); }
PPC_INSN(vncipher) { return vec_aes(cpu, insn, AES_DEC); }
PPC_INSN(vncipherlast) { return vec_aes(cpu, insn, AES_DEC_LAST); }
PPC_INSN(vsbox) { return vec_aes(cpu, insn, AES_SBOX); }

/* ---- SHA-2 sigma functions (FIPS 180-4 4.1.2, 4.1.3) ---- */

static inline uint32_t ror32(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
static inline uint64_t ror64(uint64_t x, int n) { return (x >> n) | (x << (64 - n)); }

/* ST is bit 16, SIX bits 17:20; SIX bit i (MSB first) selects the function for element i. */
#define SHA_ST(insn)  (((insn) >> 15) & 1)
#define SHA_SIX(insn) (((insn) >> 11) & 15)

VEC_LANEWISE(vshasigmaw, 4,
    uint32_t x = VsrW(&a, i);
    int one = (SHA_SIX(insn) >> (3 - i)) & 1;
    if (!SHA_ST(insn)) {
        VsrW(&r, i) = one ? ror32(x, 17) ^ ror32(x, 19) ^ (x >> 10)
                          : ror32(x, 7) ^ ror32(x, 18) ^ (x >> 3);
    } else {
        VsrW(&r, i) = one ? ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25)
                          : ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22);
    })

/* Doubleword i uses SIX bit 2i. */
VEC_LANEWISE(vshasigmad, 2,
    uint64_t x = VsrD(&a, i);
    int one = (SHA_SIX(insn) >> (3 - 2 * i)) & 1;
    if (!SHA_ST(insn)) {
        VsrD(&r, i) = one ? ror64(x, 19) ^ ror64(x, 61) ^ (x >> 6)
                          : ror64(x, 1) ^ ror64(x, 8) ^ (x >> 7);
    } else {
        VsrD(&r, i) = one ? ror64(x, 14) ^ ror64(x, 18) ^ ror64(x, 41)
                          : ror64(x, 28) ^ ror64(x, 34) ^ ror64(x, 39);
    })

/* ---- Polynomial multiply-sum (carry-less) ---- */

static unsigned __int128 clmul64(uint64_t a, uint64_t b)
{
    unsigned __int128 r = 0;
    for (int i = 0; i < 64; i++) {
        if ((b >> i) & 1) {
            r ^= (unsigned __int128)a << i;
        }
    }
    return r;
}

/* Each result element (2*w bits) is the XOR of the products of the two w-bit elements under it. */
static int vec_pmsum(PowerPCCPU *cpu, uint32_t insn, int w)
{
    unsigned __int128 a, b, r = 0;
    unsigned __int128 mask = w == 64 ? ~(unsigned __int128)0 >> 64 : (((unsigned __int128)1 << w) - 1);

    ppc_check_vec(cpu);
    a = VRA(insn)->u128;
    b = VRB(insn)->u128;
    /* Host bit order: element pairs never straddle a 2w boundary, so lanes map directly. */
    for (int pos = 0; pos < 128; pos += 2 * w) {
        unsigned __int128 acc = 0;
        for (int k = 0; k < 2; k++) {
            int sh = pos + k * w;
            acc ^= clmul64((uint64_t)((a >> sh) & mask), (uint64_t)((b >> sh) & mask));
        }
        r |= acc << pos;
    }
    VRT(insn)->u128 = r;
    return 0;
}

PPC_INSN(vpmsumb) { return vec_pmsum(cpu, insn, 8); }
PPC_INSN(vpmsumh) { return vec_pmsum(cpu, insn, 16); }
PPC_INSN(vpmsumw) { return vec_pmsum(cpu, insn, 32); }
PPC_INSN(vpmsumd) { return vec_pmsum(cpu, insn, 64); }

/* ---- 6.10 bit gather / permute ---- */

/* Each doubleword as an 8x8 bit matrix, transposed: result byte j bit k = source byte k bit j. */
PPC_INSN(vgbbd)
{
    PPCVsr b, r;

    ppc_check_vec(cpu);
    b = *VRB(insn);
    for (int d = 0; d < 2; d++) {
        for (int j = 0; j < 8; j++) {
            uint8_t out = 0;
            for (int k = 0; k < 8; k++) {
                unsigned bit = (VsrB(&b, 8 * d + k) >> (7 - j)) & 1;
                out |= (uint8_t)(bit << (7 - k));
            }
            VsrB(&r, 8 * d + j) = out;
        }
    }
    *VRT(insn) = r;
    return 0;
}

/* Sixteen bits of VRA picked by the bytes of VRB (>= 128 gives 0) into bits 48:63. */
PPC_INSN(vbpermq)
{
    PPCVsr a, b, r = { .u128 = 0 };
    uint64_t bits = 0;

    ppc_check_vec(cpu);
    a = *VRA(insn);
    b = *VRB(insn);
    for (int i = 0; i < 16; i++) {
        unsigned idx = VsrB(&b, i);
        if (idx < 128 && ((a.u128 >> (127 - idx)) & 1)) {
            bits |= 1ull << (15 - i);
        }
    }
    VsrD(&r, 0) = bits;
    *VRT(insn) = r;
    return 0;
}

/* ---- 6.9.6 count leading zeros, population count ---- */

#define CLZ(x, w) ((x) ? __builtin_clzll(x) - (64 - (w)) : (w))

VEC_UNOP(vclzb, u8, 16, CLZ(y, 8))
VEC_UNOP(vclzh, u16, 8, CLZ(y, 16))
VEC_UNOP(vclzw, u32, 4, CLZ(y, 32))
VEC_UNOP(vclzd, u64, 2, CLZ(y, 64))
VEC_UNOP(vpopcntb, u8, 16, __builtin_popcountll(y))
VEC_UNOP(vpopcnth, u16, 8, __builtin_popcountll(y))
VEC_UNOP(vpopcntw, u32, 4, __builtin_popcountll(y))
VEC_UNOP(vpopcntd, u64, 2, __builtin_popcountll(y))
