/* Guest disassembly through capstone (CS_ARCH_PPC, 64-bit). */
#include "ppc/disas.h"

#include <capstone/capstone.h>
#include <inttypes.h>

#include "core/memory.h"

static csh cs_handle;
static bool cs_ready;

static bool disas_open(void)
{
    if (!cs_ready) {
        /* Words are handed over in big-endian byte order whatever MSR[LE] is. */
        if (cs_open(CS_ARCH_PPC, CS_MODE_64 | CS_MODE_BIG_ENDIAN, &cs_handle) != CS_ERR_OK) {
            return false;
        }
        cs_ready = true;
    }
    return true;
}

void ppc_disas_insn(uint32_t insn, uint64_t addr, GString *out)
{
    uint8_t bytes[4] = { insn >> 24, insn >> 16, insn >> 8, insn };
    cs_insn *ci;

    if (disas_open() && cs_disasm(cs_handle, bytes, 4, addr, 1, &ci) == 1) {
        /* Operands in a column; no trailing blanks after an operand-less mnemonic. */
        if (ci->op_str[0]) {
            g_string_append_printf(out, "%-10s %s", ci->mnemonic, ci->op_str);
        } else {
            g_string_append(out, ci->mnemonic);
        }
        cs_free(ci, 1);
    } else {
        g_string_append_printf(out, ".long 0x%08x", insn);
    }
}

static bool read_word(CPUState *cs, uint64_t addr, bool physical, uint8_t b[4])
{
    if (physical) {
        return address_space_read(cs->as, addr, b, 4) == MEMTX_OK;
    }
    return cs->ops->memory_rw_debug(cs, addr, b, 4, false);
}

static uint64_t disas_at(CPUState *cs, uint64_t start, bool physical, int count, GString *out)
{
    bool be = cs->ops->is_big_endian(cs);
    uint64_t addr = start;

    for (int i = 0; i < count; i++, addr += 4) {
        uint8_t b[4];
        if (!read_word(cs, addr, physical, b)) {
            g_string_append_printf(out, "0x%016" PRIx64 ":  <cannot access memory>\n", addr);
            break;
        }
        uint32_t insn = be ? ((uint32_t)b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3])
                           : ((uint32_t)b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0]);
        g_string_append_printf(out, "0x%016" PRIx64 ":  %08x  ", addr, insn);
        ppc_disas_insn(insn, addr, out);
        g_string_append_c(out, '\n');
    }
    return addr - start;
}

uint64_t ppc_disas(CPUState *cs, uint64_t vaddr, int count, GString *out)
{
    return disas_at(cs, vaddr, false, count, out);
}

uint64_t ppc_disas_phys(CPUState *cs, uint64_t paddr, int count, GString *out)
{
    return disas_at(cs, paddr, true, count, out);
}
