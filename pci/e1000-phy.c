/*
 * The 82540EM's internal PHY (register-compatible with the Marvell
 * M88E1011, ID 0141:0c20, the one Linux's e1000 driver expects for the
 * 82540) at MDIO address 1, reached through MDIC, and the link it brings up.
 *
 * The link partner is a gigabit switch port advertising every mode with
 * pause. Auto-negotiation (restarted by BMCR, a PHY reset or power-up)
 * completes E1000_AN_DELAY_NS of virtual time later: the link is down
 * meanwhile and comes up at the best mode both ends advertise, which by
 * default is 1000/full. With auto-negotiation off the forced BMCR speed and
 * duplex apply at once. The MAC sees every link change (STATUS.LU, ICR.LSC).
 * Register layout: IEEE 802.3 clause 22 plus the M88 specific registers.
 */
#include "core/log.h"
#include "pci/e1000-internal.h"

/* Short, so drivers that wait for the link find it quickly; still a real delay. */
#define E1000_AN_DELAY_NS (5 * 1000 * 1000)

enum { PHY_R = 1, PHY_W = 2, PHY_RW = PHY_R | PHY_W };

typedef struct PhyRegDef {
    uint8_t access;
    uint16_t reset;         /* power-on value (dynamic bits are filled in by the model) */
} PhyRegDef;

/* Registers not listed are reserved: they read 0 and ignore writes. */
static const PhyRegDef phy_regs[PHY_REGS] = {
    [PHY_CTRL] = { PHY_RW, MII_CR_AUTO_NEG_EN | MII_CR_FULL_DUPLEX | MII_CR_SPEED_1000 },
    [PHY_STATUS] = { PHY_R, MII_SR_EXTENDED_CAPS | MII_SR_AUTONEG_CAPS |
                            MII_SR_PREAMBLE_SUPPRESS | MII_SR_EXTENDED_STATUS |
                            MII_SR_10T_HD_CAPS | MII_SR_10T_FD_CAPS | MII_SR_100X_HD_CAPS |
                            MII_SR_100X_FD_CAPS },
    [PHY_ID1] = { PHY_R, M88E1011_PHY_ID1 },
    [PHY_ID2] = { PHY_R, M88E1011_PHY_ID2 },
    [PHY_AUTONEG_ADV] = { PHY_RW, NWAY_AR_SELECTOR_802_3 | NWAY_AR_10T_HD_CAPS |
                                  NWAY_AR_10T_FD_CAPS | NWAY_AR_100TX_HD_CAPS |
                                  NWAY_AR_100TX_FD_CAPS | NWAY_AR_PAUSE | NWAY_AR_ASM_DIR },
    [PHY_LP_ABILITY] = { PHY_R, 0 },
    [PHY_AUTONEG_EXP] = { PHY_R, 0 },
    [PHY_NEXT_PAGE_TX] = { PHY_RW, 0 },
    [PHY_LP_NEXT_PAGE] = { PHY_R, 0 },
    [PHY_1000T_CTRL] = { PHY_RW, CR_1000T_FD_CAPS | CR_1000T_HD_CAPS },
    [PHY_1000T_STATUS] = { PHY_R, 0 },
    [PHY_EXT_STATUS] = { PHY_R, IEEE_ESR_1000T_FD_CAPS | IEEE_ESR_1000T_HD_CAPS },
    [M88_PHY_SPEC_CTRL] = { PHY_RW, 0x0060 },  /* automatic MDI/MDI-X crossover */
    [M88_PHY_SPEC_STATUS] = { PHY_R, 0 },
    [M88_INT_ENABLE] = { PHY_RW, 0 },
    [M88_INT_STATUS] = { PHY_R, 0 },
    [M88_EXT_PHY_SPEC_CTRL] = { PHY_RW, 0 },
    [M88_RX_ERR_CNTR] = { PHY_R, 0 },
    [M88_LED_CTRL] = { PHY_RW, 0 },
    [M88_PHY_EXT_CTRL] = { PHY_RW, 0 },
    [M88_PHY_PAGE_SELECT] = { PHY_RW, 0 },
    [M88_PHY_GEN_CONTROL] = { PHY_RW, 0 },
};

/* What the link partner advertises. */
#define PARTNER_ANLPAR (NWAY_AR_SELECTOR_802_3 | NWAY_AR_10T_HD_CAPS | NWAY_AR_10T_FD_CAPS | \
                        NWAY_AR_100TX_HD_CAPS | NWAY_AR_100TX_FD_CAPS | NWAY_AR_PAUSE |     \
                        NWAY_AR_ASM_DIR | NWAY_LPAR_ACKNOWLEDGE)
#define PARTNER_1000T  (SR_1000T_LP_FD_CAPS | SR_1000T_LP_HD_CAPS | SR_1000T_LOCAL_RX_OK | \
                        SR_1000T_REMOTE_RX_OK)

/* Auto-negotiation priority (IEEE 802.3 annex 28B.3): the first mode both ends have wins. */
static const struct {
    uint8_t reg;            /* our register holding the ability bit */
    uint16_t bit;
    unsigned mbps;
    bool fd;
} an_modes[] = {
    { PHY_1000T_CTRL, CR_1000T_FD_CAPS, 1000, true },
    { PHY_1000T_CTRL, CR_1000T_HD_CAPS, 1000, false },
    { PHY_AUTONEG_ADV, NWAY_AR_100TX_FD_CAPS, 100, true },
    { PHY_AUTONEG_ADV, NWAY_AR_100TX_HD_CAPS, 100, false },
    { PHY_AUTONEG_ADV, NWAY_AR_10T_FD_CAPS, 10, true },
    { PHY_AUTONEG_ADV, NWAY_AR_10T_HD_CAPS, 10, false },
};

/* The negotiated mode, or -1 when the ends share none. */
static int an_resolve(E1000State *s)
{
    for (int i = 0; i < (int)G_N_ELEMENTS(an_modes); i++) {
        if (s->phy.regs[an_modes[i].reg] & an_modes[i].bit) {
            return i;   /* the partner advertises every mode */
        }
    }
    return -1;
}

void e1000_phy_speed(E1000State *s, unsigned *mbps, bool *full_duplex)
{
    uint16_t bmcr = s->phy.regs[PHY_CTRL];
    int m;

    if (bmcr & MII_CR_AUTO_NEG_EN) {
        m = an_resolve(s);
        *mbps = m >= 0 ? an_modes[m].mbps : 10;
        *full_duplex = m >= 0 && an_modes[m].fd;
        return;
    }
    /* Forced: the speed select bits 6 and 13 (1000 = 10b, 100 = 01b, 10 = 00b). */
    *mbps = (bmcr & MII_CR_SPEED_1000) && !(bmcr & MII_CR_SPEED_100) ? 1000
            : (bmcr & MII_CR_SPEED_100) ? 100 : 10;
    *full_duplex = (bmcr & MII_CR_FULL_DUPLEX) != 0;
}

bool e1000_phy_loopback(E1000State *s)
{
    return (s->phy.regs[PHY_CTRL] & MII_CR_LOOPBACK) != 0;
}

/* The PHY is powered, out of reset and has a partner (or loops back to itself). */
static bool phy_can_link(E1000State *s)
{
    return !s->phy.in_reset && !(s->phy.regs[PHY_CTRL] & MII_CR_POWER_DOWN) &&
           (s->phy.cable || e1000_phy_loopback(s));
}

/* Recompute the link from the PHY's state and tell the MAC if it changed. */
static void update_link(E1000State *s)
{
    uint16_t *r = s->phy.regs;
    uint16_t old_pssr = r[M88_PHY_SPEC_STATUS];
    bool up = phy_can_link(s);
    unsigned mbps;
    bool fd;

    if (up && (r[PHY_CTRL] & MII_CR_AUTO_NEG_EN)) {
        up = (r[PHY_STATUS] & MII_SR_AUTONEG_COMPLETE) && an_resolve(s) >= 0;
    }
    r[PHY_STATUS] = (uint16_t)((r[PHY_STATUS] & ~MII_SR_LINK_STATUS) |
                               (up ? MII_SR_LINK_STATUS : 0));
    r[M88_PHY_SPEC_STATUS] = 0;
    if (up) {
        e1000_phy_speed(s, &mbps, &fd);
        r[M88_PHY_SPEC_STATUS] = M88_PSSR_LINK | M88_PSSR_SPD_DPLX_RESOLVED |
                                 (fd ? M88_PSSR_DPLX : 0) |
                                 (mbps == 1000 ? M88_PSSR_SPEED_1000 :
                                  mbps == 100 ? M88_PSSR_SPEED_100 : 0);
    }
    /* The MAC follows a change of state, and of speed or duplex while up. */
    if (up != s->phy.link || r[M88_PHY_SPEC_STATUS] != old_pssr) {
        s->phy.link = up;
        e1000_link_changed(s);
    }
}

static void an_restart(E1000State *s)
{
    uint16_t *r = s->phy.regs;

    r[PHY_STATUS] &= (uint16_t)~MII_SR_AUTONEG_COMPLETE;
    r[PHY_LP_ABILITY] = 0;
    r[PHY_AUTONEG_EXP] = 0;
    r[PHY_1000T_STATUS] = 0;
    s->phy.an_running = false;
    timer_del(s->phy.an_timer);
    if ((r[PHY_CTRL] & MII_CR_AUTO_NEG_EN) && phy_can_link(s)) {
        s->phy.an_running = true;
        timer_mod(s->phy.an_timer, clock_get_ns(CLOCK_VIRTUAL) + E1000_AN_DELAY_NS);
    }
    update_link(s);
}

static void an_done(void *opaque)
{
    E1000State *s = opaque;
    uint16_t *r = s->phy.regs;

    s->phy.an_running = false;
    if (!phy_can_link(s) || !(r[PHY_CTRL] & MII_CR_AUTO_NEG_EN)) {
        return;
    }
    r[PHY_STATUS] |= MII_SR_AUTONEG_COMPLETE;
    r[PHY_LP_ABILITY] = PARTNER_ANLPAR;
    r[PHY_AUTONEG_EXP] = NWAY_ER_LP_NWAY_CAPS;
    r[PHY_1000T_STATUS] = PARTNER_1000T;
    update_link(s);
}

void e1000_phy_init(E1000State *s)
{
    s->phy.an_timer = timer_new(CLOCK_VIRTUAL, an_done, s);
}

void e1000_phy_fini(E1000State *s)
{
    if (s->phy.an_timer) {
        timer_free(s->phy.an_timer);
        s->phy.an_timer = NULL;
    }
}

void e1000_phy_reset(E1000State *s)
{
    for (int i = 0; i < PHY_REGS; i++) {
        s->phy.regs[i] = phy_regs[i].reset;
    }
    an_restart(s);
}

void e1000_phy_hold_reset(E1000State *s, bool held)
{
    s->phy.in_reset = held;
    if (held) {
        timer_del(s->phy.an_timer);
        s->phy.an_running = false;
        update_link(s);
    } else {
        e1000_phy_reset(s);
    }
}

void e1000_phy_set_cable(E1000State *s, bool up)
{
    if (up == s->phy.cable) {
        return;
    }
    s->phy.cable = up;
    /* A partner appearing negotiates afresh; one leaving takes the link down. */
    an_restart(s);
}

static void write_bmcr(E1000State *s, uint16_t val)
{
    uint16_t *r = s->phy.regs;
    uint16_t old = r[PHY_CTRL];
    bool restart;

    /* Reset and restart are self-clearing. A soft reset keeps the registers (M88). */
    r[PHY_CTRL] = val & (uint16_t)~(MII_CR_RESET | MII_CR_RESTART_AUTO_NEG);
    restart = (val & (MII_CR_RESET | MII_CR_RESTART_AUTO_NEG)) ||
              ((old & MII_CR_POWER_DOWN) && !(val & MII_CR_POWER_DOWN));
    if (restart || ((old ^ val) & (MII_CR_POWER_DOWN | MII_CR_LOOPBACK))) {
        an_restart(s);
    } else {
        update_link(s);     /* forced speed/duplex or auto-negotiation switched off */
    }
}

uint32_t e1000_mdic_write(E1000State *s, uint32_t val)
{
    unsigned phy = (val & E1000_MDIC_PHY_MASK) >> E1000_MDIC_PHY_SHIFT;
    unsigned reg = (val & E1000_MDIC_REG_MASK) >> E1000_MDIC_REG_SHIFT;
    uint32_t op = val & E1000_MDIC_OP_MASK;
    uint16_t data = val & E1000_MDIC_DATA_MASK;
    uint32_t result = val & ~(E1000_MDIC_READY | E1000_MDIC_ERROR);

    if (phy != E1000_PHY_ADDR || (op != E1000_MDIC_OP_READ && op != E1000_MDIC_OP_WRITE)) {
        /* Nothing answers at that address (or no operation): the access fails. */
        log_mask(LOG_GUEST_ERROR, "%s: MDIC access to PHY %u (op 0x%x) failed\n",
                 e1000_name(s), phy, op >> 26);
        return result | E1000_MDIC_READY | E1000_MDIC_ERROR;
    }
    if (op == E1000_MDIC_OP_READ) {
        data = (phy_regs[reg].access & PHY_R) ? s->phy.regs[reg] : 0;
        result = (result & ~E1000_MDIC_DATA_MASK) | data;
    } else if (!(phy_regs[reg].access & PHY_W)) {
        log_mask(LOG_GUEST_ERROR, "%s: write of 0x%04x to read-only PHY register %u ignored\n",
                 e1000_name(s), data, reg);
    } else if (reg == PHY_CTRL) {
        write_bmcr(s, data);
    } else {
        s->phy.regs[reg] = data;
    }
    return result | E1000_MDIC_READY;
}
