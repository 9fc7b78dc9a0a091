/*
 * The e1000's EEPROM: a 64-word Microwire part (93C46 protocol) behind the
 * EECD pins, which drivers bit-bang (Linux does for the 82540), and EERD,
 * which reads one word in a single register write. The image holds what the
 * 82540EM loads and drivers read (8254x SDM 5.6 "EEPROM address map"): the
 * MAC address, the initialization control words, the IDs, and the checksum
 * word that makes words 0x00-0x3f sum to 0xBABA.
 *
 * Microwire (bits shifted in on SK rising edges while CS is high): a start
 * bit 1, a 2-bit opcode, 6 address bits; READ then presents a dummy 0 and
 * the word's bits 15..0 on DO, one per rising edge, running on into the next
 * words; WRITE takes 16 data bits and programs when CS drops, if EWEN
 * enabled writes. DO reads 1 (ready) outside a read: programming is instant.
 */
#include <string.h>

#include "core/log.h"
#include "pci/e1000-internal.h"

void e1000_eeprom_init(E1000State *s, const uint8_t mac[NET_MAC_LEN])
{
    uint16_t *w = s->ee.words;
    uint16_t sum = 0;

    memset(w, 0, sizeof(s->ee.words));
    for (int i = 0; i < 3; i++) {
        w[E1000_EE_MAC + i] = (uint16_t)(mac[2 * i] | mac[2 * i + 1] << 8);
    }
    /* No board-specific LED setup: the driver uses its default. */
    w[E1000_EE_ID_LED] = 0xffff;
    w[E1000_EE_INIT_CTRL1] = E1000_EE_CTRL1_SIGNATURE | E1000_EE_CTRL1_LOAD_IDS;
    w[E1000_EE_SUBSYS_ID] = E1000_SUBSYS_ID;
    w[E1000_EE_SUBSYS_VENDOR] = E1000_SUBSYS_VENDOR_ID;
    w[E1000_EE_DEVICE_ID] = E1000_DEVICE_ID;
    w[E1000_EE_VENDOR_ID] = E1000_VENDOR_ID;
    /* Symmetric and asymmetric pause advertised: the driver picks full flow control. */
    w[E1000_EE_INIT_CTRL2] = E1000_EE_CTRL2_PAUSE | E1000_EE_CTRL2_ASM_DIR;
    /* Initialization control 3 stays 0: no APM wake-up by default. */
    for (int i = 0; i < E1000_EE_CHECKSUM; i++) {
        sum = (uint16_t)(sum + w[i]);
    }
    w[E1000_EE_CHECKSUM] = (uint16_t)(E1000_EE_SUM - sum);
    e1000_eeprom_reset(s);
}

void e1000_eeprom_reset(E1000State *s)
{
    E1000Eeprom *ee = &s->ee;

    ee->pins = 0;
    ee->state = MW_START;
    ee->shift = 0;
    ee->nbits = 0;
    ee->dout = true;
    ee->write_enabled = false;
    ee->write_pending = false;
}

uint32_t e1000_eecd_read(E1000State *s)
{
    uint32_t v = s->ee.pins | E1000_EECD_PRES;   /* SIZE 0: 64 words */

    /* Access is granted as soon as it is requested: no firmware competes for it. */
    if (v & E1000_EECD_REQ) {
        v |= E1000_EECD_GNT;
    }
    if (s->ee.dout) {
        v |= E1000_EECD_DO;
    }
    return v;
}

/* The command bits are in: start it. */
static void mw_command(E1000State *s)
{
    E1000Eeprom *ee = &s->ee;
    unsigned op = ee->shift >> E1000_EEPROM_ADDR_BITS;
    unsigned addr = ee->shift & (E1000_EEPROM_WORDS - 1);

    ee->addr = addr;
    ee->shift = 0;
    ee->nbits = 0;
    switch (op) {
    case E1000_MW_OP_READ:
        ee->state = MW_READ;
        ee->out_bit = 0;
        ee->dout = false;           /* the dummy 0 before the data */
        break;
    case E1000_MW_OP_WRITE:
        ee->state = MW_WRITE_DATA;
        break;
    case E1000_MW_OP_ERASE:
        ee->write_data = 0xffff;
        ee->write_pending = true;
        ee->state = MW_IGNORE;
        break;
    default:
        /* The top two address bits select EWDS (00), WRAL (01), ERAL (10), EWEN (11). */
        switch (addr >> (E1000_EEPROM_ADDR_BITS - 2)) {
        case 3:
            ee->write_enabled = true;
            break;
        case 0:
            ee->write_enabled = false;
            break;
        default:
            log_unimp_once("e1000-eeprom-all", "%s: EEPROM WRAL/ERAL ignored\n", e1000_name(s));
            break;
        }
        ee->state = MW_IGNORE;
        break;
    }
}

/* One rising edge of SK with CS high; di is the DI pin. */
static void mw_clock(E1000State *s, bool di)
{
    E1000Eeprom *ee = &s->ee;

    switch (ee->state) {
    case MW_START:
        if (di) {       /* leading zeros before the start bit are ignored */
            ee->state = MW_COMMAND;
            ee->shift = 0;
            ee->nbits = 0;
        }
        break;
    case MW_COMMAND:
        ee->shift = ee->shift << 1 | di;
        if (++ee->nbits == 2 + E1000_EEPROM_ADDR_BITS) {
            mw_command(s);
        }
        break;
    case MW_READ: {
        unsigned word = (ee->addr + ee->out_bit / 16) % E1000_EEPROM_WORDS;
        unsigned bit = 15 - ee->out_bit % 16;

        ee->dout = (ee->words[word] >> bit) & 1;
        ee->out_bit = (ee->out_bit + 1) % (16 * E1000_EEPROM_WORDS);
        break;
    }
    case MW_WRITE_DATA:
        ee->shift = ee->shift << 1 | di;
        if (++ee->nbits == 16) {
            ee->write_data = (uint16_t)ee->shift;
            ee->write_pending = true;
            ee->state = MW_IGNORE;
        }
        break;
    case MW_IGNORE:
        break;
    }
}

void e1000_eecd_write(E1000State *s, uint32_t val)
{
    E1000Eeprom *ee = &s->ee;
    uint32_t old = ee->pins;
    uint32_t pins = val & E1000_EECD_WRITABLE;

    ee->pins = pins;
    if (!(pins & E1000_EECD_CS)) {
        if (old & E1000_EECD_CS) {
            /* CS falling ends the command: a shifted-in WRITE/ERASE programs now. */
            if (ee->write_pending && ee->write_enabled) {
                ee->words[ee->addr] = ee->write_data;
            }
            ee->write_pending = false;
        }
        ee->state = MW_START;
        ee->dout = true;
        return;
    }
    if (!(old & E1000_EECD_CS)) {
        /* CS rising: a new command begins. */
        ee->state = MW_START;
        ee->dout = true;
        ee->write_pending = false;
    }
    if ((pins & E1000_EECD_SK) && !(old & E1000_EECD_SK)) {
        mw_clock(s, (pins & E1000_EECD_DI) != 0);
    }
}

uint32_t e1000_eerd_write(E1000State *s, uint32_t val)
{
    unsigned addr;

    if (!(val & E1000_EERD_START)) {
        return val & ~E1000_EERD_DONE;
    }
    /* The part decodes 6 address bits: higher word addresses wrap around. */
    addr = (val & E1000_EERD_ADDR_MASK) >> E1000_EERD_ADDR_SHIFT;
    return (uint32_t)s->ee.words[addr % E1000_EEPROM_WORDS] << E1000_EERD_DATA_SHIFT |
           (val & E1000_EERD_ADDR_MASK) | E1000_EERD_DONE;
}
