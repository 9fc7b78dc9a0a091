/*
 * PAPR numbers: the one definition of every number that crosses the
 * guest/platform boundary of a pseries partition. Hypercall opcodes, their
 * flag and function arguments and H_* statuses (LoPAPR 14, "hcall"
 * interface), RTAS statuses, indicator and sensor types and their values
 * (LoPAPR 7), and the few guest-visible numbering conventions this machine
 * shares with QEMU 7.2's pseries. Names follow Linux
 * (arch/powerpc/include/asm/hvcall.h, rtas.h) where Linux has one, so a
 * reader can grep both.
 *
 * Layouts of structures the guest hands over (VPA, rtas_args, event logs)
 * stay with the code that parses them; numbers a guest passes or gets back
 * belong here.
 *
 * Plain #defines only, no includes and no host types: the emulator, the
 * firmware in bios/ (freestanding, cross-built) and the bare-metal guest
 * test programs all include this file. The opcode and status sections are
 * assembler-safe too (bios/start.S uses H_RTAS).
 */
#ifndef PPC_SPAPR_PAPR_H
#define PPC_SPAPR_PAPR_H

/* ---- Hypercall opcodes (r3 at sc 1), LoPAPR 14.5 and Linux hvcall.h ---- */
#define H_REMOVE                    0x04
#define H_ENTER                     0x08
#define H_READ                      0x0c
#define H_CLEAR_MOD                 0x10
#define H_CLEAR_REF                 0x14
#define H_PROTECT                   0x18
#define H_GET_TCE                   0x1c
#define H_PUT_TCE                   0x20
#define H_SET_SPRG0                 0x24
#define H_SET_DABR                  0x28
#define H_PAGE_INIT                 0x2c
#define H_LOGICAL_CI_LOAD           0x3c
#define H_LOGICAL_CI_STORE          0x40
#define H_GET_TERM_CHAR             0x54
#define H_PUT_TERM_CHAR             0x58
#define H_EOI                       0x64
#define H_CPPR                      0x68
#define H_IPI                       0x6c
#define H_IPOLL                     0x70
#define H_XIRR                      0x74
#define H_REGISTER_VPA              0xdc
#define H_CEDE                      0xe0
#define H_CONFER                    0xe4
#define H_PROD                      0xe8
#define H_BULK_REMOVE               0x124
#define H_SET_XDABR                 0x134
#define H_STUFF_TCE                 0x138
#define H_PUT_TCE_INDIRECT          0x13c
#define H_GET_CPU_CHARACTERISTICS   0x1c8
#define H_HOME_NODE_ASSOCIATIVITY   0x2ec
#define H_XIRR_X                    0x2fc
#define H_RANDOM                    0x300
#define H_SET_MODE                  0x31c

/*
 * The private range PAPR leaves to the platform (QEMU's KVMPPC_H_*), 0xf000
 * and up. Ours has one call: "enter RTAS" with r4 = the real address of rtas_args, made
 * by the 20-byte RTAS trampoline the firmware installs (bios/start.S).
 */
#define H_PRIVATE_BASE              0xf000
#define H_RTAS                      (H_PRIVATE_BASE + 0x0)

/* ---- Hypercall statuses (r3 on return) ---- */
#define H_SUCCESS                   0
#define H_BUSY                      1
#define H_CLOSED                    2
#define H_NOT_AVAILABLE             3
#define H_CONSTRAINED               4
#define H_PARTIAL                   5
#define H_HARDWARE                  (-1)
#define H_FUNCTION                  (-2)    /* not implemented */
#define H_PRIVILEGE                 (-3)
#define H_PARAMETER                 (-4)
#define H_BAD_MODE                  (-5)
#define H_PTEG_FULL                 (-6)
#define H_NOT_FOUND                 (-7)
#define H_NO_MEM                    (-9)
#define H_AUTHORITY                 (-10)
#define H_PERMISSION                (-11)
#define H_RESOURCE                  (-16)
#define H_P1                        (-54)   /* H_Pn: argument n is wrong */
#define H_P2                        (-55)
#define H_P3                        (-56)
#define H_P4                        (-57)
#define H_P5                        (-58)
#define H_TOO_BIG                   (-64)
#define H_STATE                     (-75)
#define H_UNSUPPORTED_FLAG          (-256)

/* ---- Hypercall arguments (flags use LoPAPR's bit numbering: bit n = 1 << (63 - n)) ---- */

/* H_ENTER, H_REMOVE, H_READ, H_PROTECT flags (LoPAPR 14.5.4.1) */
#define H_EXACT                     (1ull << 39)    /* H_ENTER: this slot, not any free one */
#define H_READ_4                    (1ull << 37)    /* H_READ: four entries */
#define H_AVPN                      (1ull << 31)    /* match the abbreviated VPN */
#define H_ANDCOND                   (1ull << 30)    /* remove only if (V & avpn) == 0 */

/* H_BULK_REMOVE: four request/response words (LoPAPR 14.5.4.1) */
#define H_BULK_TYPE                 0xc000000000000000ull
#define H_BULK_REQUEST              0x4000000000000000ull
#define H_BULK_RESPONSE             0x8000000000000000ull
#define H_BULK_END                  0xc000000000000000ull
#define H_BULK_CODE                 0x3000000000000000ull
#define H_BULK_FLAGS                0x0300000000000000ull
#define H_BULK_PTEX                 0x00ffffffffffffffull

/* H_PAGE_INIT flags (LoPAPR 14.5.4.3.7) */
#define H_ICACHE_INVALIDATE         (1ull << (63 - 40))
#define H_ICACHE_SYNCHRONIZE        (1ull << (63 - 41))
#define H_ZERO_PAGE                 (1ull << (63 - 48))
#define H_COPY_PAGE                 (1ull << (63 - 49))

/* H_SET_XDABR extension bits */
#define H_DABRX_USER                (1ull << 0)
#define H_DABRX_KERNEL              (1ull << 1)
#define H_DABRX_HYPERVISOR          (1ull << 2)

/* H_REGISTER_VPA: the function sits in flags bits 16..18 (LoPAPR 14.11.3.2) */
#define H_VPA_FUNC_SHIFT            45
#define H_VPA_REG_VPA               1
#define H_VPA_REG_DTL               2
#define H_VPA_REG_SLB               3
#define H_VPA_DEREG_VPA             5
#define H_VPA_DEREG_DTL             6
#define H_VPA_DEREG_SLB             7

/* H_SET_MODE resources (LoPAPR 14.7.4) */
#define H_SET_MODE_RESOURCE_SET_CIABR       1
#define H_SET_MODE_RESOURCE_SET_DAWR0       2
#define H_SET_MODE_RESOURCE_ADDR_TRANS_MODE 3
#define H_SET_MODE_RESOURCE_LE              4
#define H_SET_MODE_RESOURCE_SET_DAWR1       5

/* H_GET_CPU_CHARACTERISTICS: characteristics word (r4) */
#define H_CPU_CHAR_SPEC_BAR_ORI31           (1ull << 63)
#define H_CPU_CHAR_BCCTRL_SERIALISED        (1ull << 62)
#define H_CPU_CHAR_L1D_FLUSH_ORI30          (1ull << 61)
#define H_CPU_CHAR_L1D_FLUSH_TRIG2          (1ull << 60)
#define H_CPU_CHAR_L1D_THREAD_PRIV          (1ull << 59)
#define H_CPU_CHAR_BRANCH_HINTS_HONORED     (1ull << 58)
#define H_CPU_CHAR_COUNT_CACHE_DISABLED     (1ull << 56)
#define H_CPU_CHAR_BCCTR_FLUSH_ASSIST       (1ull << 54)
/* H_GET_CPU_CHARACTERISTICS: behaviour word (r5) */
#define H_CPU_BEHAV_FAVOUR_SECURITY         (1ull << 63)
#define H_CPU_BEHAV_L1D_FLUSH_PR            (1ull << 62)
#define H_CPU_BEHAV_BNDS_CHK_SPEC_BAR       (1ull << 61)
#define H_CPU_BEHAV_FLUSH_COUNT_CACHE       (1ull << 58)
#define H_CPU_BEHAV_NO_L1D_FLUSH_ENTRY      (1ull << 56)
#define H_CPU_BEHAV_NO_L1D_FLUSH_UACCESS    (1ull << 55)
#define H_CPU_BEHAV_NO_STF_BARRIER          (1ull << 54)

/* ---- RTAS statuses (return word 0; LoPAPR 7) ---- */
#define RTAS_OUT_SUCCESS            0
#define RTAS_OUT_NO_ERRORS_FOUND    1       /* event-scan, check-exception */
#define RTAS_OUT_HW_ERROR           (-1)
#define RTAS_OUT_BUSY               (-2)
#define RTAS_OUT_PARAM_ERROR        (-3)
/* -3 also says "not supported" (get-system-parameter) and "no such indicator" (set-indicator). */
#define RTAS_OUT_NOT_SUPPORTED      RTAS_OUT_PARAM_ERROR
#define RTAS_OUT_NO_SUCH_INDICATOR  RTAS_OUT_PARAM_ERROR
/*
 * Extended statuses of the DR calls; the meaning depends on the call.
 * get-sensor-state(dr-entity-sense): -9000 power the entity up and
 * unisolate it first, -9001 power it up first, -9002 unusable.
 * ibm,configure-connector: -9001/-9002 not supported in this system or
 * slot, -9003 the connector is unusable or not configurable.
 */
#define RTAS_OUT_DR_NEED_POWER      (-9000)
#define RTAS_OUT_DR_POWER_ONLY      (-9001)
#define RTAS_OUT_NOT_AUTHORIZED     (-9002)
#define RTAS_OUT_DR_UNUSABLE        (-9003)
/* set-indicator isolate of a connector with unisolated connectors below it (LoPAPR 13.7.4.1.3) */
#define RTAS_OUT_DR_MULTI_LEVEL_ISOLATION RTAS_OUT_DR_NEED_POWER

/* query-cpu-stopped-state results (LoPAPR 7.3.17) */
#define RTAS_CPU_STATE_STOPPED      0
#define RTAS_CPU_STATE_RUNNING      2

/* ---- RTAS indicators and sensors (set-indicator / get-sensor-state, LoPAPR 7.3.5, 7.3.6) ---- */
#define RTAS_INDICATOR_ISOLATION_STATE  9001    /* DR connector isolation */
#define RTAS_INDICATOR_DR               9002    /* the slot's DR LED */
#define RTAS_INDICATOR_ALLOCATION_STATE 9003    /* logical DRCs only */
#define RTAS_SENSOR_DR_ENTITY_SENSE     9003    /* sensor 9003: is something there */

/* isolation-state values */
#define RTAS_ISOLATION_ISOLATED     0
#define RTAS_ISOLATION_UNISOLATED   1
/* dr-indicator values */
#define RTAS_DR_INDICATOR_INACTIVE  0
#define RTAS_DR_INDICATOR_ACTIVE    1
#define RTAS_DR_INDICATOR_IDENTIFY  2
#define RTAS_DR_INDICATOR_ACTION    3
/* allocation-state values */
#define RTAS_ALLOCATION_UNUSABLE    0
#define RTAS_ALLOCATION_USABLE      1
#define RTAS_ALLOCATION_EXCHANGE    2
#define RTAS_ALLOCATION_RECOVER     3
/*
 * Sensor 9, EPOW (LoPAR "Environmental and Power Warnings"): its state is
 * the most severe EPOW action code pending, 0 when none; the same codes are
 * the action of an EPOW event log.
 */
#define RTAS_SENSOR_EPOW                9
#define RTAS_EPOW_ACTION_RESET          0       /* nothing pending */
#define RTAS_EPOW_ACTION_WARN_COOLING   1
#define RTAS_EPOW_ACTION_WARN_POWER     2
#define RTAS_EPOW_ACTION_SYSTEM_SHUTDOWN 3      /* shut down after an OS-defined delay */
#define RTAS_EPOW_ACTION_SYSTEM_HALT    4       /* shut down within 20 s */
#define RTAS_EPOW_ACTION_MAIN_ENCLOSURE 5
#define RTAS_EPOW_ACTION_POWER_OFF      7

/* dr-entity-sense values */
#define RTAS_ENTITY_SENSE_EMPTY     0
#define RTAS_ENTITY_SENSE_PRESENT   1
#define RTAS_ENTITY_SENSE_UNUSABLE  2
#define RTAS_ENTITY_SENSE_EXCHANGE  3
#define RTAS_ENTITY_SENSE_RECOVERY  4

/*
 * set-power-level / get-power-level (LoPAPR 7, "Power Control"): the two
 * levels, and the domain ibm,drc-power-domains gives a live-insertion
 * connector. Such a connector is always powered (LoPAPR 13 definitions,
 * "Live Insertion"); LoPAPR says the OS should not name it in
 * set-power-level, but drmgr does, so it is accepted.
 */
#define RTAS_POWER_LEVEL_OFF        0
#define RTAS_POWER_LEVEL_FULL       100
#define RTAS_POWER_DOMAIN_LIVE_INSERT 0xffffffffu   /* -1 */

/* ibm,configure-connector: what the call returned in the work area, beyond the statuses above */
#define RTAS_CC_COMPLETE            0
#define RTAS_CC_NEXT_SIBLING        1
#define RTAS_CC_NEXT_CHILD          2
#define RTAS_CC_NEXT_PROPERTY       3
#define RTAS_CC_PREV_PARENT         4
#define RTAS_CC_MORE_MEMORY         5

/* Event classes: the mask argument of event-scan and check-exception (LoPAPR 10) */
#define RTAS_EVENT_MASK_INTERNAL_ERRORS 0x80000000u
#define RTAS_EVENT_MASK_EPOW            0x40000000u
#define RTAS_EVENT_MASK_HOTPLUG         0x10000000u
#define RTAS_EVENT_MASK_IO              0x08000000u

/*
 * Option vector 5 of ibm,client-architecture-support, as it is left in
 * /chosen/ibm,architecture-vec-5 (LoPAPR appendix B, the
 * ibm,client-architecture-support option vectors), in Linux's encoding:
 * byte index << 8 | bit mask.
 */
#define OV5_INDX(f)                 ((f) >> 8)
#define OV5_FEAT(f)                 ((f) & 0xff)
#define OV5_HPT_RESIZE              0x0601  /* H_RESIZE_HPT_PREPARE/COMMIT: not offered here */
#define OV5_HP_EVT                  0x0604  /* hotplug events on /event-sources/hot-plug-events */

/* ---- DR connectors (LoPAPR 13.5, the ibm,drc-* properties) ---- */

/*
 * One physical connector per PCI slot, 32 slots per PHB, named "Slot N"
 * with N = phb * 32 + slot; one logical connector per possible PHB on /,
 * named "PHB N". The index scheme is this machine's (LoPAPR only asks for
 * unique indexes): the slots' is the 2013 sPAPR PCI hotplug series', the
 * PHBs' matches QEMU 7.2. The types are LoPAPR's (app. B, "ibm,drc-types");
 * "28" is a PCI Express rev. 2 x8 slot.
 */
#define SPAPR_DRC_PCI_SLOTS         32
#define SPAPR_DRC_PCI_INDEX(phb, slot) \
    (0x40000000u + ((unsigned)(phb) << 8) + ((unsigned)(slot) << 3))
#define SPAPR_DRC_PHB_INDEX(phb)    (0x20000000u | (unsigned)(phb))
#define SPAPR_DRC_TYPE_PCI          "28"
#define SPAPR_DRC_TYPE_PHB          "PHB"

/* ---- Guest-visible numbering shared with QEMU 7.2 pseries (a convention, not PAPR) ---- */

/* VIO unit addresses ("reg", also the vty's termno) count up from here. */
#define SPAPR_VIO_REG_BASE          0x71000000u

/* TCE tables (LoPAPR 14.5.4.2): 4 KiB I/O pages; bit 0 = device may read, bit 1 = may write. */
#define SPAPR_TCE_PAGE_SHIFT        12
#define SPAPR_TCE_READ              0x1
#define SPAPR_TCE_WRITE             0x2
/* Logical I/O bus numbers: a VIO device's is its reg; PHB n's DMA window w is this. */
#define SPAPR_VIO_LIOBN(reg)        (reg)
#define SPAPR_PCI_LIOBN(phb, w)     (0x80000000u | ((phb) << 8) | (w))
/* PHB n's bus unit ID ("reg" of its node; named by the config, MSI and EEH RTAS calls). */
#define SPAPR_PCI_BUID(phb)         (0x800000020000000ull + (phb))

#endif
