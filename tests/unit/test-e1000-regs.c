/*
 * e1000 unit tests, device side: PCI identity and BARs, the EEPROM through
 * EERD and through bit-banged Microwire (read, checksum, write), the PHY
 * through MDIC (IDs, link, auto-negotiation, power-down, cable), interrupt
 * cause and mask registers gating INTx, ITR throttling, the I/O window and
 * the resets.
 */
#include "test-e1000-util.h"

static void setup(void)
{
    e1000_setup(NULL);
}

static void teardown(void)
{
    e1000_teardown();
}

static void test_identity(void)
{
    int devfn = PCI_DEVFN(NIC_SLOT, 0);
    GString *out = g_string_new(NULL);

    setup();
    g_assert_cmphex(cfg_read(&host.bus, devfn, PCI_VENDOR_ID, 4), ==, 0x100e8086);
    g_assert_cmphex(cfg_read(&host.bus, devfn, PCI_REVISION_ID, 4), ==, 0x02000003);
    g_assert_cmphex(cfg_read(&host.bus, devfn, PCI_SUBSYSTEM_VENDOR_ID, 4), ==, 0x11001af4);
    g_assert_cmphex(cfg_read(&host.bus, devfn, PCI_INTERRUPT_PIN, 1), ==, 1);
    /* No capabilities: the 82540EM has no MSI. */
    g_assert_cmphex(cfg_read(&host.bus, devfn, PCI_STATUS, 2) & PCI_STATUS_CAP_LIST, ==, 0);
    g_assert_cmphex(pci_bar_type(nic, 0), ==, PCI_BAR_MEM32);
    g_assert_cmpuint(pci_bar_size(nic, 0), ==, 128 * 1024);
    g_assert_cmphex(pci_bar_type(nic, 1), ==, PCI_BAR_IO);
    g_assert_cmpuint(pci_bar_size(nic, 1), ==, 64);
    pci_bus_print_info(&host.bus, out);
    g_assert_cmpstr(out->str, ==,
        "  Bus  0, device   3, function 0:\n"
        "    Ethernet controller: PCI device 8086:100e\n"
        "      PCI subsystem 1af4:1100\n"
        "      IRQ 0, pin A\n"
        "      BAR0: 32 bit memory at 0x80000000 [0x8001ffff].\n"
        "      BAR1: I/O at 0x1000 [0x103f].\n"
        "      id \"nic0\"\n");
    g_string_free(out, TRUE);
    /* The NIC is cabled to be0 under its id. */
    g_assert_nonnull(nic_nc());
    g_assert_cmpstr(net_client_name(nic_nc()), ==, "nic0");
    teardown();
}

/* ---- EEPROM ---- */

static uint16_t eerd_read(unsigned word)
{
    uint32_t v;

    set_reg(E1000_EERD, word << E1000_EERD_ADDR_SHIFT | E1000_EERD_START);
    v = reg(E1000_EERD);
    g_assert_true(v & E1000_EERD_DONE);
    return (uint16_t)(v >> E1000_EERD_DATA_SHIFT);
}

static void test_eeprom_eerd(void)
{
    uint16_t sum = 0;

    setup();
    for (unsigned i = 0; i < 64; i++) {
        sum = (uint16_t)(sum + eerd_read(i));
    }
    g_assert_cmphex(sum, ==, 0xbaba);
    /* The MAC address, low byte first in each word. */
    g_assert_cmphex(eerd_read(0), ==, 0x5452);
    g_assert_cmphex(eerd_read(1), ==, 0xab00);
    g_assert_cmphex(eerd_read(2), ==, 0xefcd);
    g_assert_cmphex(eerd_read(E1000_EE_DEVICE_ID), ==, 0x100e);
    g_assert_cmphex(eerd_read(E1000_EE_VENDOR_ID), ==, 0x8086);
    /* Pause advertised both ways (the driver picks full flow control); LEDs default. */
    g_assert_cmphex(eerd_read(E1000_EE_INIT_CTRL2) & 0x3000, ==, 0x3000);
    g_assert_cmphex(eerd_read(E1000_EE_ID_LED), ==, 0xffff);
    /* The hardware also loaded the address into RAR0. */
    g_assert_cmphex(reg(E1000_RA), ==, 0xab005452);
    g_assert_cmphex(reg(E1000_RA + 4), ==, 0x8000efcd);
    teardown();
}

/* Microwire through EECD as a driver bit-bangs it: pins, one SK pulse per bit. */
static void mw_pins(uint32_t v)
{
    set_reg(E1000_EECD, v);
}

static void mw_shift_out(uint32_t base, unsigned bits, unsigned n)
{
    for (int b = (int)n - 1; b >= 0; b--) {
        uint32_t di = (bits >> b) & 1 ? E1000_EECD_DI : 0;
        mw_pins(base | di);
        mw_pins(base | di | E1000_EECD_SK);
        mw_pins(base | di);
    }
    mw_pins(base);
}

static uint16_t mw_shift_in(uint32_t base)
{
    uint16_t v = 0;

    for (int i = 0; i < 16; i++) {
        mw_pins(base | E1000_EECD_SK);
        v = (uint16_t)(v << 1 | ((reg(E1000_EECD) & E1000_EECD_DO) ? 1 : 0));
        mw_pins(base);
    }
    return v;
}

/* CS low for a clock, then high again: ends one command, readies the next. */
static void mw_standby(uint32_t base)
{
    mw_pins(base & ~E1000_EECD_CS);
    mw_pins((base & ~E1000_EECD_CS) | E1000_EECD_SK);
    mw_pins(base | E1000_EECD_SK);
    mw_pins(base);
}

static uint32_t mw_acquire(void)
{
    uint32_t base = E1000_EECD_REQ;

    mw_pins(base);
    g_assert_true(reg(E1000_EECD) & E1000_EECD_GNT);
    g_assert_true(reg(E1000_EECD) & E1000_EECD_PRES);
    /* 64 words (a 93C46): the size bit is clear. */
    g_assert_false(reg(E1000_EECD) & E1000_EECD_SIZE);
    mw_pins(base | E1000_EECD_CS);
    return base | E1000_EECD_CS;
}

static void mw_release(void)
{
    mw_pins(0);
    g_assert_false(reg(E1000_EECD) & E1000_EECD_GNT);
}

/* READ: start bit 1, opcode 10, six address bits, then 16 data bits. */
static uint16_t mw_read(uint32_t base, unsigned word)
{
    uint16_t v;

    mw_shift_out(base, 0x6, 3);
    mw_shift_out(base, word, 6);
    v = mw_shift_in(base);
    mw_standby(base);
    return v;
}

static void test_eeprom_bitbang(void)
{
    uint16_t sum = 0, words[64];
    uint32_t base;

    setup();
    base = mw_acquire();
    for (unsigned i = 0; i < 64; i++) {
        words[i] = mw_read(base, i);
        sum = (uint16_t)(sum + words[i]);
    }
    mw_release();
    g_assert_cmphex(sum, ==, 0xbaba);
    g_assert_cmphex(words[0], ==, 0x5452);
    g_assert_cmphex(words[1], ==, 0xab00);
    g_assert_cmphex(words[2], ==, 0xefcd);
    for (unsigned i = 0; i < 64; i++) {
        g_assert_cmphex(words[i], ==, eerd_read(i));
    }

    /* A read runs on into the next words while the clock keeps going. */
    base = mw_acquire();
    mw_shift_out(base, 0x6, 3);
    mw_shift_out(base, 62, 6);
    g_assert_cmphex(mw_shift_in(base), ==, words[62]);
    g_assert_cmphex(mw_shift_in(base), ==, words[63]);
    g_assert_cmphex(mw_shift_in(base), ==, words[0]);
    mw_release();

    /* WRITE is refused until EWEN, then programs when CS drops; DO reads ready. */
    base = mw_acquire();
    mw_shift_out(base, 0x5, 3);         /* start, 01 = WRITE */
    mw_shift_out(base, 0x30, 6);
    mw_shift_out(base, 0x1234, 16);
    mw_standby(base);
    g_assert_cmphex(eerd_read(0x30), ==, words[0x30]);
    mw_shift_out(base, 0x13, 5);        /* start, 00, 11: EWEN */
    mw_shift_out(base, 0, 4);
    mw_standby(base);
    mw_shift_out(base, 0x5, 3);
    mw_shift_out(base, 0x30, 6);
    mw_shift_out(base, 0x1234, 16);
    mw_standby(base);
    g_assert_true(reg(E1000_EECD) & E1000_EECD_DO);
    mw_shift_out(base, 0x10, 5);        /* EWDS */
    mw_shift_out(base, 0, 4);
    mw_standby(base);
    g_assert_cmphex(mw_read(base, 0x30), ==, 0x1234);
    mw_release();
    g_assert_cmphex(eerd_read(0x30), ==, 0x1234);
    teardown();
}

/* ---- PHY and link ---- */

static void test_phy(void)
{
    uint32_t id;

    setup();
    /* The IDs Linux's e1000 expects for the 82540: M88E1011 (0x01410c20, revision masked). */
    id = (uint32_t)phy_read(PHY_ID1) << 16 | phy_read(PHY_ID2);
    g_assert_cmphex(id & 0xfffffff0, ==, 0x01410c20);
    /* Auto-negotiation finished: link up at 1000/full, everywhere the driver looks. */
    g_assert_cmphex(phy_read(PHY_CTRL) & MII_CR_AUTO_NEG_EN, !=, 0);
    g_assert_cmphex(phy_read(PHY_STATUS) & (MII_SR_LINK_STATUS | MII_SR_AUTONEG_COMPLETE), ==,
                    MII_SR_LINK_STATUS | MII_SR_AUTONEG_COMPLETE);
    g_assert_cmphex(phy_read(M88_PHY_SPEC_STATUS), ==,
                    M88_PSSR_SPEED_1000 | M88_PSSR_DPLX | M88_PSSR_SPD_DPLX_RESOLVED |
                    M88_PSSR_LINK);
    g_assert_cmphex(phy_read(PHY_LP_ABILITY) & NWAY_AR_PAUSE, !=, 0);
    g_assert_cmphex(reg(E1000_STATUS) & (E1000_STATUS_LU | E1000_STATUS_FD |
                                         E1000_STATUS_SPEED_MASK), ==,
                    E1000_STATUS_LU | E1000_STATUS_FD | E1000_STATUS_SPEED_1000);
    g_assert_false(reg(E1000_STATUS) & E1000_STATUS_TBIMODE);     /* copper */

    /* Another PHY address answers nothing. */
    set_reg(E1000_MDIC, E1000_MDIC_OP_READ | 2u << E1000_MDIC_PHY_SHIFT);
    g_assert_true(reg(E1000_MDIC) & E1000_MDIC_ERROR);
    g_assert_true(reg(E1000_MDIC) & E1000_MDIC_READY);
    /* Read-only registers keep their value; the MDIC interrupt is raised on request. */
    phy_write(PHY_ID1, 0x1234);
    g_assert_cmphex(phy_read(PHY_ID1), ==, 0x0141);
    set_reg(E1000_MDIC, E1000_MDIC_OP_READ | 1u << E1000_MDIC_PHY_SHIFT | E1000_MDIC_INT_EN |
                        PHY_ID2 << E1000_MDIC_REG_SHIFT);
    g_assert_cmphex(reg(E1000_ICR) & E1000_ICR_MDAC, !=, 0);

    /* Restarting auto-negotiation takes the link down until it completes. */
    phy_write(PHY_CTRL, phy_read(PHY_CTRL) | MII_CR_RESTART_AUTO_NEG);
    g_assert_false(phy_read(PHY_STATUS) & MII_SR_LINK_STATUS);
    g_assert_false(phy_read(PHY_STATUS) & MII_SR_AUTONEG_COMPLETE);
    g_assert_false(phy_read(PHY_CTRL) & MII_CR_RESTART_AUTO_NEG);  /* self-clearing */
    g_assert_false(reg(E1000_STATUS) & E1000_STATUS_LU);
    g_assert_cmphex(reg(E1000_ICR) & E1000_ICR_LSC, !=, 0);
    warp();
    g_assert_true(reg(E1000_STATUS) & E1000_STATUS_LU);
    g_assert_cmphex(reg(E1000_ICR) & E1000_ICR_LSC, !=, 0);

    /* Advertise 100/full at most: the link comes up at 100/full. */
    phy_write(PHY_1000T_CTRL, 0);
    phy_write(PHY_AUTONEG_ADV, NWAY_AR_SELECTOR_802_3 | NWAY_AR_100TX_FD_CAPS);
    phy_write(PHY_CTRL, MII_CR_AUTO_NEG_EN | MII_CR_RESTART_AUTO_NEG);
    warp();
    g_assert_cmphex(reg(E1000_STATUS) & (E1000_STATUS_LU | E1000_STATUS_FD |
                                         E1000_STATUS_SPEED_MASK), ==,
                    E1000_STATUS_LU | E1000_STATUS_FD | E1000_STATUS_SPEED_100);
    g_assert_cmphex(phy_read(M88_PHY_SPEC_STATUS) & M88_PSSR_SPEED_100, !=, 0);

    /* Forced 10/half without auto-negotiation: immediate. */
    phy_write(PHY_CTRL, 0);
    g_assert_cmphex(reg(E1000_STATUS) & (E1000_STATUS_LU | E1000_STATUS_FD |
                                         E1000_STATUS_SPEED_MASK), ==,
                    E1000_STATUS_LU | E1000_STATUS_SPEED_10);

    /* Power down: no link. Power up: negotiates again. */
    phy_write(PHY_CTRL, MII_CR_AUTO_NEG_EN | MII_CR_POWER_DOWN);
    g_assert_false(reg(E1000_STATUS) & E1000_STATUS_LU);
    warp();
    g_assert_false(reg(E1000_STATUS) & E1000_STATUS_LU);
    phy_write(PHY_CTRL, MII_CR_AUTO_NEG_EN);
    warp();
    g_assert_true(reg(E1000_STATUS) & E1000_STATUS_LU);

    /* The cable pulled and plugged back. */
    reg(E1000_ICR);
    e1000_set_link(nic, false);
    g_assert_false(reg(E1000_STATUS) & E1000_STATUS_LU);
    g_assert_cmphex(reg(E1000_ICR) & E1000_ICR_LSC, !=, 0);
    warp();
    g_assert_false(reg(E1000_STATUS) & E1000_STATUS_LU);
    e1000_set_link(nic, true);
    warp();
    g_assert_true(reg(E1000_STATUS) & E1000_STATUS_LU);
    g_assert_cmphex(reg(E1000_ICR) & E1000_ICR_LSC, !=, 0);
    teardown();
}

/* ---- Interrupts ---- */

static void test_interrupts(void)
{
    setup();
    g_assert_false(intx());
    g_assert_cmphex(reg(E1000_IMS), ==, 0);
    /* A cause with its mask clear shows in ICR but does not interrupt. */
    set_reg(E1000_ICS, E1000_ICR_TXDW);
    g_assert_false(intx());
    g_assert_cmphex(reg(E1000_ICS), ==, E1000_ICR_TXDW);     /* ICS reads ICR, no clearing */
    /* Unmasking it asserts INTx (level), masking drops it, the cause stays. */
    set_reg(E1000_IMS, E1000_ICR_TXDW | E1000_ICR_LSC);
    g_assert_cmphex(reg(E1000_IMS), ==, E1000_ICR_TXDW | E1000_ICR_LSC);
    g_assert_true(intx());
    g_assert_true(cfg_read(&host.bus, PCI_DEVFN(NIC_SLOT, 0), PCI_STATUS, 2) &
                  PCI_STATUS_INTERRUPT);
    set_reg(E1000_IMC, E1000_ICR_TXDW);
    g_assert_false(intx());
    g_assert_cmphex(reg(E1000_IMS), ==, E1000_ICR_LSC);
    g_assert_cmphex(reg(E1000_IMC), ==, 0);                  /* write-only */
    set_reg(E1000_IMS, E1000_ICR_TXDW);
    g_assert_true(intx());
    /* Reading ICR returns the causes, clears them and drops INTx. */
    g_assert_cmphex(reg(E1000_ICR), ==, E1000_ICR_TXDW);
    g_assert_false(intx());
    g_assert_cmphex(reg(E1000_ICR), ==, 0);
    /* Writing 1s to ICR clears those causes only. */
    set_reg(E1000_ICS, E1000_ICR_TXDW | E1000_ICR_RXT0);
    g_assert_true(intx());
    set_reg(E1000_ICR, E1000_ICR_TXDW);
    g_assert_false(intx());
    g_assert_cmphex(reg(E1000_ICS), ==, E1000_ICR_RXT0);
    /* Reserved cause bits do not exist. */
    set_reg(E1000_ICS, 0x20 | 0x100 | 0x80000000u);
    g_assert_cmphex(reg(E1000_ICR), ==, E1000_ICR_RXT0);
    /* Interrupt Disable in the command register keeps INTx off the bus. */
    set_reg(E1000_ICS, E1000_ICR_TXDW);
    g_assert_true(intx());
    cfg_write(&host.bus, PCI_DEVFN(NIC_SLOT, 0), PCI_COMMAND, 2,
              PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
              PCI_COMMAND_INTX_DISABLE);
    g_assert_false(intx());
    teardown();
}

static void test_itr(void)
{
    setup();
    set_reg(E1000_IMS, E1000_ICR_RXT0);
    set_reg(E1000_ITR, 1000);                   /* 256 us between assertions */
    g_assert_cmphex(reg(E1000_ITR), ==, 1000);
    set_reg(E1000_ICS, E1000_ICR_RXT0);
    g_assert_true(intx());                      /* the first one goes through */
    reg(E1000_ICR);
    g_assert_false(intx());
    set_reg(E1000_ICS, E1000_ICR_RXT0);
    g_assert_false(intx());                     /* too soon: held back */
    warp();
    g_assert_true(intx());                      /* the interval is over */
    reg(E1000_ICR);
    /* With throttling off, assertions follow the causes at once. */
    set_reg(E1000_ITR, 0);
    set_reg(E1000_ICS, E1000_ICR_RXT0);
    g_assert_true(intx());
    teardown();
}

/* ---- I/O window and resets ---- */

static void test_io_window_and_reset(void)
{
    setup();
    /* IOADDR selects a register, IODATA reaches it. */
    mmio_wr32(&host.io_as, IOBASE + E1000_IOADDR, E1000_STATUS);
    g_assert_cmphex(mmio_rd32(&host.io_as, IOBASE + E1000_IOADDR), ==, E1000_STATUS);
    g_assert_cmphex(mmio_rd32(&host.io_as, IOBASE + E1000_IODATA), ==, reg(E1000_STATUS));
    mmio_wr32(&host.io_as, IOBASE + E1000_IOADDR, E1000_RDTR);
    mmio_wr32(&host.io_as, IOBASE + E1000_IODATA, 0x1234);
    g_assert_cmphex(reg(E1000_RDTR), ==, 0x1234);
    /* Sub-word accesses to the window are refused. */
    {
        uint8_t b;
        g_assert_cmpint(address_space_read(&host.io_as, IOBASE, &b, 1), !=, MEMTX_OK);
    }

    /* Program some state, then reset the MAC through the I/O window as Linux does. */
    set_reg(E1000_IMS, E1000_ICR_LSC);
    set_reg(E1000_RCTL, E1000_RCTL_EN | E1000_RCTL_BAM);
    set_reg(E1000_TCTL, E1000_TCTL_EN);
    set_reg(E1000_MTA + 8, 0xdeadbeef);
    set_reg(E1000_RA, 0);
    set_reg(E1000_ICS, E1000_ICR_LSC);
    g_assert_true(intx());
    mmio_wr32(&host.io_as, IOBASE + E1000_IOADDR, E1000_CTRL);
    mmio_wr32(&host.io_as, IOBASE + E1000_IODATA, reg(E1000_CTRL) | E1000_CTRL_RST);
    g_assert_false(reg(E1000_CTRL) & E1000_CTRL_RST);             /* self-clearing */
    g_assert_false(intx());
    g_assert_cmphex(reg(E1000_IMS), ==, 0);
    g_assert_cmphex(reg(E1000_RCTL), ==, 0);
    g_assert_cmphex(reg(E1000_TCTL), ==, 0);
    g_assert_cmphex(reg(E1000_MTA + 8), ==, 0);
    g_assert_cmphex(reg(E1000_RDTR), ==, 0);
    g_assert_cmphex(reg(E1000_RA), ==, 0xab005452);             /* reloaded from the EEPROM */
    g_assert_cmphex(reg(E1000_VET), ==, 0x8100);
    /* The PHY is not reset by CTRL.RST: the link stays up. */
    g_assert_true(reg(E1000_STATUS) & E1000_STATUS_LU);

    /* CTRL.PHY_RST holds the PHY in reset; releasing it renegotiates. */
    set_reg(E1000_CTRL, reg(E1000_CTRL) | E1000_CTRL_PHY_RST);
    g_assert_false(reg(E1000_STATUS) & E1000_STATUS_LU);
    warp();
    g_assert_false(reg(E1000_STATUS) & E1000_STATUS_LU);
    set_reg(E1000_CTRL, reg(E1000_CTRL) & ~E1000_CTRL_PHY_RST);
    warp();
    g_assert_true(reg(E1000_STATUS) & E1000_STATUS_LU);

    /* A device reset (RST#) resets MAC and PHY. */
    set_reg(E1000_IMS, E1000_ICR_LSC);
    phy_write(PHY_AUTONEG_ADV, NWAY_AR_SELECTOR_802_3 | NWAY_AR_10T_HD_CAPS);
    pci_device_reset(nic);
    g_assert_cmphex(pci_bar_mapped_address(nic, 0), ==, PCI_BAR_UNMAPPED);
    program_bars();
    g_assert_cmphex(reg(E1000_IMS), ==, 0);
    g_assert_false(reg(E1000_STATUS) & E1000_STATUS_LU);
    g_assert_cmphex(phy_read(PHY_AUTONEG_ADV) & NWAY_AR_100TX_FD_CAPS, !=, 0);
    warp();
    g_assert_true(reg(E1000_STATUS) & E1000_STATUS_LU);
    teardown();
}

/* Writable bits as the 8254x has them (what Linux's ethtool register test checks). */
static void test_register_masks(void)
{
    static const struct {
        uint32_t off, readback;
    } regs[] = {
        { E1000_FCAL, 0xffffffff }, { E1000_FCAH, 0x0000ffff }, { E1000_FCT, 0x0000ffff },
        { E1000_VET, 0x0000ffff }, { E1000_RDTR, 0x0000ffff }, { E1000_RDBAH, 0xffffffff },
        { E1000_RDLEN, 0x000fff80 }, { E1000_RDH, 0x0000ffff }, { E1000_RDT, 0x0000ffff },
        { E1000_FCRTH, 0x0000fff8 }, { E1000_FCTTV, 0x0000ffff }, { E1000_TIPG, 0x3fffffff },
        { E1000_TDBAH, 0xffffffff }, { E1000_TDLEN, 0x000fff80 }, { E1000_RDBAL, 0xfffffff0 },
        { E1000_TDBAL, 0xfffffff0 }, { E1000_TIDV, 0x0000ffff }, { E1000_RA + 8, 0xffffffff },
        { E1000_RA + 12, 0x8003ffff }, { E1000_MTA + 4, 0xffffffff }, { E1000_ITR, 0x0000ffff },
    };
    uint32_t status;

    setup();
    for (size_t i = 0; i < G_N_ELEMENTS(regs); i++) {
        set_reg(regs[i].off, 0xffffffff);
        g_assert_cmphex(reg(regs[i].off), ==, regs[i].readback);
        set_reg(regs[i].off, 0);
        g_assert_cmphex(reg(regs[i].off), ==, 0);
    }
    /* STATUS is read-only. */
    status = reg(E1000_STATUS);
    set_reg(E1000_STATUS, ~status);
    g_assert_cmphex(reg(E1000_STATUS), ==, status);
    /* Unimplemented offsets read 0 and ignore writes. */
    set_reg(0x0004, 0x12345678);
    g_assert_cmphex(reg(0x0004), ==, 0);
    teardown();
}

static void test_properties(void)
{
    char *msg;

    pci_register_types();
    fake_classes_register();
    fake_host_init(&host);
    /* No such back end; a multicast address. */
    msg = fake_create_fails("e1000,netdev=nope");
    g_assert_cmpstr(msg, ==, "netdev 'nope' not found");
    g_free(msg);
    msg = fake_create_fails("e1000,mac=01:00:00:00:00:01");
    g_assert_nonnull(strstr(msg, "multicast"));
    g_free(msg);
    msg = fake_create_fails("e1000,mac=52:54");
    g_assert_nonnull(strstr(msg, "MAC address"));
    g_free(msg);
    g_assert_null(pci_bus_find_device(&host.bus, 0, 0));
    /* Without mac= the net layer's default; the EEPROM holds it. */
    nic = fake_create("e1000,addr=3");
    cfg_write(&host.bus, PCI_DEVFN(3, 0), PCI_BASE_ADDRESS_0, 4, (uint32_t)MMIO);
    cfg_write(&host.bus, PCI_DEVFN(3, 0), PCI_COMMAND, 2, PCI_COMMAND_MEMORY);
    g_assert_cmphex(reg(E1000_RA), ==, 0x12005452);
    g_assert_cmphex(reg(E1000_RA + 4) & 0xffff, ==, 0x5634);
    {
        GString *out = g_string_new(NULL);
        net_info(out);
        g_assert_cmpstr(out->str, ==,
                        "e1000.0: index=0,type=nic,model=e1000,macaddr=52:54:00:12:34:56\n");
        g_string_free(out, TRUE);
    }
    fake_host_cleanup(&host);
    net_cleanup();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    e1000_util_use_all();
    g_test_add_func("/e1000/identity", test_identity);
    g_test_add_func("/e1000/properties", test_properties);
    g_test_add_func("/e1000/register-masks", test_register_masks);
    g_test_add_func("/e1000/eeprom/eerd", test_eeprom_eerd);
    g_test_add_func("/e1000/eeprom/bit-bang", test_eeprom_bitbang);
    g_test_add_func("/e1000/phy", test_phy);
    g_test_add_func("/e1000/interrupts", test_interrupts);
    g_test_add_func("/e1000/itr", test_itr);
    g_test_add_func("/e1000/io-window-and-reset", test_io_window_and_reset);
    return g_test_run();
}
