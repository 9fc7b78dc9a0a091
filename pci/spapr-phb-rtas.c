/*
 * The PHB's RTAS services for config space and EEH (LoPAR 7.3.4 "PCI
 * configuration space", pci-hotplug-papr.md 7).
 *
 * ibm,read-pci-config (cfg, buid_hi, buid_lo, size -> status, value) and
 * ibm,write-pci-config (cfg, buid_hi, buid_lo, size, value -> status); the
 * config address holds register bits 11:8 in its bits 31:28, the bus in
 * 23:16, devfn in 15:8 and register bits 7:0 in 7:0. The legacy
 * read-pci-config / write-pci-config carry no BUID, so they can only name
 * PHB 0. Statuses are LoPAR's, where QEMU 7.2 answers -1 to everything:
 *   - a function that is not there: reads succeed with all-ones (R1-7.3.4.3-5),
 *     writes are ignored and succeed (R1-7.3.4.4-5);
 *   - a size other than 1, 2 or 4, an address not aligned to it, a register
 *     past the function's config space (256 bytes, 4 KiB for PCI Express),
 *     or a BUID that names no PHB: -3, parameter error.
 * Linux treats any failure as all-ones too (rtas_pci.c), so both agree for it.
 *
 * EEH: an emulated PHB has no error isolation to offer; every EEH call
 * answers -3, as QEMU's does for emulated devices, and Linux then runs the
 * devices without EEH.
 */
#include "pci/spapr-phb.h"

#include "core/log.h"

static uint32_t cfg_register(uint32_t cfg)
{
    return ((cfg >> 20) & 0xf00) | (cfg & 0xff);
}

static int cfg_bus(uint32_t cfg)
{
    return (cfg >> 16) & 0xff;
}

static int cfg_devfn(uint32_t cfg)
{
    return (cfg >> 8) & 0xff;
}

static uint64_t buid_of(const SpaprRtasCall *c)
{
    return (uint64_t)c->args[1] << 32 | c->args[2];
}

/* The RTAS status of a config access (see the top of the file). */
static int32_t cfg_status(PciCfgResult r)
{
    static const int32_t status[] = {
        [PCI_CFG_OK] = RTAS_OUT_SUCCESS,
        [PCI_CFG_NO_DEVICE] = RTAS_OUT_SUCCESS,
        [PCI_CFG_BAD_SIZE] = RTAS_OUT_PARAM_ERROR,
        [PCI_CFG_MISALIGNED] = RTAS_OUT_PARAM_ERROR,
        [PCI_CFG_OUT_OF_RANGE] = RTAS_OUT_PARAM_ERROR,
    };

    return status[r];
}

static int32_t config_read(SpaprPhb *phb, uint32_t cfg, uint32_t size, SpaprRtasCall *c)
{
    uint32_t val = UINT32_MAX;
    PciCfgResult r;

    if (!phb) {
        return RTAS_OUT_PARAM_ERROR;
    }
    r = pci_bus_config_read(&phb->bus, cfg_bus(cfg), cfg_devfn(cfg), cfg_register(cfg), size,
                            &val);
    if (cfg_status(r) == RTAS_OUT_SUCCESS) {
        c->rets[1] = val;
    } else {
        log_mask(LOG_GUEST_ERROR, "%s: config read of %u bytes at cfg 0x%08x refused\n",
                 phb->dt_name, size, cfg);
    }
    return cfg_status(r);
}

static int32_t config_write(SpaprPhb *phb, uint32_t cfg, uint32_t size, uint32_t val)
{
    PciCfgResult r;

    if (!phb) {
        return RTAS_OUT_PARAM_ERROR;
    }
    r = pci_bus_config_write(&phb->bus, cfg_bus(cfg), cfg_devfn(cfg), cfg_register(cfg), size,
                             val);
    if (cfg_status(r) != RTAS_OUT_SUCCESS) {
        log_mask(LOG_GUEST_ERROR, "%s: config write of %u bytes at cfg 0x%08x refused\n",
                 phb->dt_name, size, cfg);
    }
    return cfg_status(r);
}

static int32_t rtas_ibm_read_pci_config(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    return config_read(spapr_phb_find(m, buid_of(c)), c->args[0], c->args[3], c);
}

static int32_t rtas_ibm_write_pci_config(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    return config_write(spapr_phb_find(m, buid_of(c)), c->args[0], c->args[3], c->args[4]);
}

static int32_t rtas_read_pci_config(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    return config_read(m->phbs[0], c->args[0], c->args[1], c);
}

static int32_t rtas_write_pci_config(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    return config_write(m->phbs[0], c->args[0], c->args[1], c->args[2]);
}

static int32_t rtas_eeh_not_supported(SpaprMachine *m, PowerPCCPU *cpu, SpaprRtasCall *c)
{
    return RTAS_OUT_NOT_SUPPORTED;
}

static const SpaprRtasDef phb_rtas_calls[] = {
    SPAPR_RTAS("read-pci-config", rtas_read_pci_config, 2, 2),         /* cfg, size -> value */
    SPAPR_RTAS("write-pci-config", rtas_write_pci_config, 3, 1),       /* cfg, size, value */
    SPAPR_RTAS("ibm,read-pci-config", rtas_ibm_read_pci_config, 4, 2), /* cfg, buid, size */
    SPAPR_RTAS("ibm,write-pci-config", rtas_ibm_write_pci_config, 5, 1),
    /* EEH (LoPAR 7.3.11): shapes as Linux's eeh_pseries.c calls them. */
    SPAPR_RTAS("ibm,set-eeh-option", rtas_eeh_not_supported, 4, 1),
    SPAPR_RTAS("ibm,get-config-addr-info2", rtas_eeh_not_supported, 4, 2),
    SPAPR_RTAS_RANGE("ibm,read-slot-reset-state2", rtas_eeh_not_supported, 3, 3, 4, 5),
    SPAPR_RTAS("ibm,set-slot-reset", rtas_eeh_not_supported, 4, 1),
    SPAPR_RTAS("ibm,configure-pe", rtas_eeh_not_supported, 3, 1),
    SPAPR_RTAS("ibm,slot-error-detail", rtas_eeh_not_supported, 8, 1),
};

void spapr_phb_rtas_register(void)
{
    SPAPR_REGISTER_RTAS(phb_rtas_calls);
}
