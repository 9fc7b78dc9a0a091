#!/usr/bin/env python3
"""Write the hand-made seed inputs of the fuzz targets into tests/fuzz/corpus/TARGET/.

    tests/fuzz/make-seeds.py [TARGET...]

Each seed is a short, well-formed request of the target's input format (the format is
described at the top of tests/fuzz/fuzz-TARGET.c), so the fuzzer starts from the paths
a real guest or user takes. Inputs of fixed findings are kept beside them as
"regress-*" files and are not written by this script.
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SCRATCH = 0x10000


def u8(v): return struct.pack('<B', v & 0xff)
def u16(v): return struct.pack('<H', v & 0xffff)
def u32(v): return struct.pack('<I', v & 0xffffffff)
def u64(v): return struct.pack('<Q', v & 0xffffffffffffffff)


# ---- hcall ----
def hc(op, *args, cpu=0):
    return u8(1) + u8(cpu) + u8(0xff) + u64(op) + u8(len(args)) + b''.join(u64(a) for a in args)


def ram(off, data):
    return u8(0) + u16(off) + u8(len(data)) + data


H = dict(REMOVE=0x04, ENTER=0x08, READ=0x0c, CLEAR_MOD=0x10, PROTECT=0x18, GET_TCE=0x1c,
         PUT_TCE=0x20, LOGICAL_CI_LOAD=0x3c, LOGICAL_CI_STORE=0x40, PUT_TERM_CHAR=0x58,
         EOI=0x64, CPPR=0x68, IPI=0x6c, XIRR=0x74, REGISTER_VPA=0xdc, CEDE=0xe0, PROD=0xe8,
         BULK_REMOVE=0x124, STUFF_TCE=0x138, PUT_TCE_INDIRECT=0x13c, RANDOM=0x300, SET_MODE=0x31c)
LIOBN = 0x80000000


def hcall_seeds():
    v = (0x100 << 12) | 1
    yield 'enter-read-remove', (hc(H['ENTER'], 0, 16, v, 0x1000 | 0x10 | 2) + hc(H['READ'], 0, 16) +
                                hc(H['PROTECT'], 0, 16, v & ~0x7f) + hc(H['REMOVE'], 0, 16, 0))
    yield 'bulk-remove', hc(H['ENTER'], 0, 8, v, 0x2000 | 0x10) + hc(
        H['BULK_REMOVE'], 0x4000000000000000 | 8, 0, 0xc000000000000000)
    yield 'tce', (hc(H['PUT_TCE'], LIOBN, 0x1000, 0x200000 | 3) + hc(H['GET_TCE'], LIOBN, 0x1000) +
                  hc(H['STUFF_TCE'], LIOBN, 0x2000, 0x300000 | 1, 4))
    tces = b''.join(struct.pack('>Q', 0x400000 + 0x1000 * i | 3) for i in range(4))
    yield 'tce-indirect', ram(0x1000, tces) + hc(H['PUT_TCE_INDIRECT'], LIOBN, 0, SCRATCH + 0x1000, 4)
    vpa = struct.pack('>HH', 0, 640) + bytes(4)
    yield 'vpa', ram(0x2000, vpa) + hc(H['REGISTER_VPA'], 1 << 45, 0, SCRATCH + 0x2000)
    yield 'xics', (hc(H['CPPR'], 0xff) + hc(H['IPI'], 1, 5) + hc(H['XIRR'], cpu=1) +
                   hc(H['EOI'], 0xff000002, cpu=1))
    yield 'cede-prod', hc(H['PROD'], 1) + hc(H['CEDE'], cpu=1)
    yield 'set-mode', hc(H['SET_MODE'], 1, 4) + hc(H['SET_MODE'], 0, 3, 0, 0)
    yield 'ci-load', hc(H['LOGICAL_CI_LOAD'], 4, 0x200080000000) + hc(
        H['LOGICAL_CI_STORE'], 4, 0x200080000000, 0xffffffff)
    yield 'misc', hc(H['RANDOM']) + hc(H['PUT_TERM_CHAR'], 0, 2, 0x4142 << 48) + hc(0x1234, 1, 2)


# ---- rtas ----
# The services in registration order (`info rtas`): the harness's selector is this index.
RTAS_NAMES = '''display-character get-time-of-day set-time-of-day power-off system-reboot event-scan
ibm,os-term ibm,set-xive ibm,get-xive ibm,int-off ibm,int-on query-cpu-stopped-state start-cpu
stop-self ibm,nmi-register ibm,nmi-interlock nvram-fetch nvram-store check-exception
ibm,get-system-parameter ibm,set-system-parameter set-indicator get-sensor-state set-power-level
get-power-level ibm,configure-connector read-pci-config write-pci-config ibm,read-pci-config
ibm,write-pci-config ibm,set-eeh-option ibm,get-config-addr-info2 ibm,read-slot-reset-state2
ibm,set-slot-reset ibm,configure-pe ibm,slot-error-detail ibm,change-msi
ibm,query-interrupt-source-number'''.split()


def rtas(name_or_token, args, nret=1, where=0):
    """A call of a registered service by name, or of a raw token."""
    if isinstance(name_or_token, str):
        head = u8(1) + u8(0) + u8(RTAS_NAMES.index(name_or_token))
    else:
        head = u8(1) + u8(0) + u8(0xff) + u32(name_or_token)
    body = u8(len(args)) + u8(nret) + u8(where)
    for a in args:
        body += u8(7) + u32(a)      # argument kind 7: a raw word
    return head + body


def device_add(drv, bus=0, slot=0, fn=0, flags=0):
    return u8(5) + u8(drv) + u8(bus) + u8(slot) + u8(fn) + u8(flags)


def rtas_seeds():
    # drmgr's add of slot 1 after a device_add into it, then device_del and isolation.
    yield 'hotplug-slot1', (device_add(0, slot=0x81) + u8(7) + u8(1) + u16(0) +
                            u8(6) + u8(0) + rtas('set-indicator', [9001, 0x40000008, 0]))
    yield 'hotplug-phb1', (device_add(2, bus=1) + u8(7) + u8(6) + u16(0x100) +
                           device_add(1, bus=0x81, slot=0x82))
    yield 'check-exception', device_add(0) + rtas('check-exception',
                                                  [0, 0, 0x10000000, 0, SCRATCH + 0x100, 2048])
    yield 'cc-end-of-ram', device_add(0, slot=0x83) + u8(7) + u8(2) + u16(0xfffc)
    yield 'sensors', rtas('get-sensor-state', [9003, 0x40000000], 2) + rtas('get-sensor-state', [9, 0], 2)
    yield 'power', rtas('set-power-level', [0xffffffff, 100], 2) + rtas('get-power-level', [0xffffffff], 2)
    yield 'bad-shape', (rtas('set-indicator', [1], 1) + rtas(0x2000 + 200, [1, 2], 3) +
                        rtas('power-off', [0, 0], 20))
    yield 'config', (rtas('ibm,read-pci-config', [0, 0x800, 0x20000000, 4], 2) +
                     rtas('read-pci-config', [0x1800, 4], 2))
    yield 'nvram', rtas('nvram-fetch', [0, SCRATCH + 0x200, 64], 2) + rtas('nvram-store', [8, SCRATCH, 0x10000], 2)
    yield 'xive', (rtas('ibm,set-xive', [0x1000, 0, 5]) + rtas('ibm,get-xive', [0x1000], 3) +
                   rtas('ibm,int-on', [0x1001]))
    yield 'cpus', rtas('query-cpu-stopped-state', [1], 2) + rtas('start-cpu', [1, 0x100, 0])
    yield 'sysparam', rtas('ibm,get-system-parameter', [20, SCRATCH + 0x300, 256])
    yield 'time', rtas('get-time-of-day', [], 8) + rtas('set-time-of-day', [2026, 12, 6, 7, 0, 0, 0])


# ---- pci ----
def pci_seeds():
    CMD, BAR0 = 0x04, 0x10

    def cfgw(f, reg, size, v): return u8(0) + u8(f) + u16(reg) + u8(size) + u32(v)
    def cfgr(f, reg, size): return u8(1) + u8(f) + u16(reg) + u8(size)
    def barw(f, b, off, size, v): return u8(2) + u8(f) + u8(b) + u32(off) + u8(size) + u64(v)
    def barr(f, b, off, size): return u8(3) + u8(f) + u8(b) + u32(off) + u8(size)

    def ring(f, rx, base, ln, head, tail, ctl):
        return u8(8) + u8(f) + u8(rx) + u32(base) + u32(ln) + u16(head) + u16(tail) + u32(ctl)
    # A TX descriptor at bus address 0 for a 64-byte buffer at 0x1000: EOP | IFCS | RS.
    desc = struct.pack('<QHBBBBH', 0x1000, 64, 0, 0x0b, 0, 0, 0)
    yield 'config-walk', (cfgr(0, 0, 2) + cfgr(0, 2, 2) + cfgr(0, 0x34, 1) +
                          cfgw(0, BAR0, 2, 0xffffffff) + cfgr(0, BAR0, 2))
    yield 'e1000-tx', (u8(5) + u16(0) + u8(len(desc)) + desc + ring(0, 0, 0, 128, 0, 1, 0x2) +
                       u8(6) + barr(0, 0, 0xc0, 2))
    yield 'e1000-rx', ring(0, 1, 0x2000, 128, 0, 7, 0x2 | 0x8000) + u8(7) + u8(0) + u16(60) + bytes(60)
    yield 'e1000-eeprom', (barw(0, 0, 0x14, 2, 0x1) + barr(0, 0, 0x14, 2) +
                           barw(0, 0, 0x20, 2, 0x08220000) + barr(0, 0, 0x20, 2))
    yield 'e1000-badtce', u8(4) + u8(0) + u16(0) + u64(0x7fff0000 | 3) + ring(0, 0, 0, 128, 0, 1, 0x2)
    yield 'testdev', barw(1, 0, 0, 2, 1) + barr(1, 0, 0, 2) + barw(1, 1, 8, 2, 0x55) + cfgr(1, 0x40, 4)
    yield 'multifunction', cfgr(3, 0, 4) + cfgw(2, CMD, 1, 0) + barr(2, 0, 0, 2) + cfgr(4, 0, 4)
    yield 'windows', u8(9) + u8(0) + u32(0) + u8(2) + u64(0) + u8(9) + u8(6) + u32(0) + u8(6) + u64(0x1000)
    yield 'ext-config', cfgr(0, 0x100, 4) + cfgr(5, 0, 4) + cfgw(0, 0xffe, 1, 0) + cfgr(0, 0, 3)


# ---- text targets ----
HMP = [
    'info pci\ninfo drc\ninfo qtree\ninfo mtree\n',
    'device_add e1000,id=n1\ninfo drc\ndevice_del n1\ninfo pci\n',
    'device_add spapr-pci-host-bridge,index=2,id=p2\ndevice_add pci-testdev,bus=p2.0,addr=3.1\ndevice_del p2\n',
    'x /8xg 0x100\nxp /4i 0x100\nx /s 0x0\ninfo registers\ncpu 1\ninfo registers\n',
    'info tlb\ninfo pic\ninfo hcall\ninfo rtas\ninfo network\ninfo jit\ninfo profile\n',
    'log hcall,rtas\nlog none\nstop\ncont\nsystem_powerdown\nsystem_reset\n',
    'pmemsave 0 4096 mem.bin\nmemsave 0x100 64 vmem.bin\n',
    'wait-event DEVICE_DELETED n1 1\nwait-console hello 1\nconsole-send ls\n',
    'help\nhelp device_add\ndevice_add help\ndevice_add e1000,help\nquit\n',
]
QMP = [
    '{"execute":"qmp_capabilities"}\n{"execute":"query-status"}\n{"execute":"query-commands"}\n',
    '{"execute":"qmp_capabilities"}\n{"execute":"device_add","arguments":{"driver":"e1000","id":"n1","addr":"5"}}\n'
    '{"execute":"device_del","arguments":{"id":"n1"},"id":7}\n{"execute":"query-pci"}\n',
    '{"execute":"qmp_capabilities"}\n{"execute":"human-monitor-command","arguments":{"command-line":"info drc"}}\n',
    '{"execute":"query-version"}\n{"execute":"qmp_capabilities","arguments":{"enable":["oob"]}}\n',
    '{"execute":"qmp_capabilities"}\n{"execute":"stop"}\n{"execute":"cont"}\n{"execute":"system_reset"}\n'
    '{"execute":"system_powerdown"}\n{"execute":"quit"}\n',
    '{"execute":"qmp_capabilities"}\n{"execute": "device_add", "arguments": {"driver": "spapr-pci-host-bridge", '
    '"index": 3, "id": "p3"}}\n[1, 2]\n{"execute": 5}\n"\\u0000"\n{"execute":"nope","id":{"a":[1]}}\n',
]


def gdb_packet(body):
    return '$%s#%02x' % (body, sum(body.encode()) % 256)


GDB = [
    ['qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386', 'QStartNoAckMode', '?', 'g', 'qAttached'],
    ['Hg0', 'm100,40', 'M100,4:60000000', 'X100,4:abcd', 'p40', 'P1=0102030405060708', 'p1'],
    ['Z0,100,4', 'z0,100,4', 'Z2,1000,8', 'Z3,2000,4', 'Z4,3000,1', 'z2,1000,8', 'vCont?', 'vCont;s:1', 'c'],
    ['qXfer:features:read:target.xml:0,fff', 'qfThreadInfo', 'qsThreadInfo', 'T2', 'qC', 'D'],
    ['vMustReplyEmpty', 'qOffsets', 'qRcmd,696e666f', 'G' + '00' * 64, 'k'],
]
CMDLINE = [
    ['-M', 'pseries', '-m', '1G', '-smp', '2', '-nographic', '-kernel', 'vmlinux', '-append', 'console=hvc0'],
    ['-M', 'pseries,dumpdtb=x.dtb,nvram=n.bin', '-cpu', 'POWER8', '-smp', 'cpus=4,sockets=1,cores=2,threads=2'],
    ['-netdev', 'user,id=n0,hostfwd=tcp:127.0.0.1:2222-:22,dnssearch=a.b', '-device',
     'e1000,netdev=n0,bus=pci.1,addr=2.0'],
    ['-nic', 'user,model=e1000,mac=52:54:00:12:34:56', '-serial', 'mon:stdio', '-qmp',
     'tcp:127.0.0.1:4444,server,nowait'],
    ['-chardev', 'socket,id=c0,path=/tmp/s,server=on,wait=off', '-mon', 'chardev=c0,mode=control', '-S', '-s'],
    ['-d', 'in_asm,hcall', '-D', 'log.txt', '-icount', 'shift=3,sleep=off', '-accel', 'tcg,thread=single',
     '-rtc', 'base=utc'],
    ['-device', 'help'], ['-M', 'help'], ['-m', '16E'], ['-smp', '0'], ['-bogus'],
]


def text_seeds(items):
    for i, text in enumerate(items):
        yield '%02d' % i, text.encode()


def hmp_seeds(): return text_seeds(HMP)
def qmp_seeds(): return text_seeds(QMP)
def gdb_seeds(): return text_seeds(['+' + '+'.join(gdb_packet(p) for p in pkts) for pkts in GDB])
def cmdline_seeds(): return text_seeds(['\0'.join(args) for args in CMDLINE])


# ---- loader ----
def elf64(entry, segs, big=True, machine=21, etype=2):
    """An ELF64 file; segs is a list of (paddr, vaddr, data, memsz)."""
    e = '>' if big else '<'
    phoff = 64
    data_off = phoff + 56 * len(segs)
    hdr = b'\x7fELF' + bytes([2, 2 if big else 1, 1, 0]) + bytes(8)
    hdr += struct.pack(e + 'HHIQQQIHHHHHH', etype, machine, 1, entry, phoff, 0, 0, 64, 56, len(segs), 64, 0, 0)
    ph, body = b'', b''
    for paddr, vaddr, d, memsz in segs:
        ph += struct.pack(e + 'IIQQQQQQ', 1, 7, data_off + len(body), vaddr, paddr, len(d), memsz, 0x10000)
        body += d
    return hdr + ph + body


def loader_seeds():
    import gzip
    nops = b'\x60\x00\x00\x00' * 16
    yield 'elf-kernel', b'\x01' + elf64(0xc000000000000000, [(0, 0xc000000000000000, nops, 0x1000)])
    yield 'elf-le', b'\x01' + elf64(0x10, [(0x10000, 0x10000, nops, 0x80)], big=False)
    yield 'elf-two', b'\x01' + elf64(0, [(0, 0, nops, 64), (0x20000, 0x20000, nops, 0x100000)])
    yield 'elf-gzip', b'\x01' + gzip.compress(elf64(0, [(0, 0, nops, 64)]), mtime=0)
    yield 'raw-kernel', b'\x01' + nops
    yield 'initrd-gzip', b'\x00' + gzip.compress(b'initrd' * 100, mtime=0) + gzip.compress(b'2nd member', mtime=0)
    yield 'bios-raw', b'\x03' + nops
    yield 'elf-bad-phnum', b'\x01' + elf64(0, [(0, 0, nops, 64)])[:56] + b'\xff\xff\x00\x40'


SEEDS = {
    'hcall': hcall_seeds,
    'rtas': rtas_seeds,
    'pci': pci_seeds,
    'hmp': hmp_seeds,
    'qmp': qmp_seeds,
    'gdb': gdb_seeds,
    'loader': loader_seeds,
    'cmdline': cmdline_seeds,
}


def main():
    for target in sys.argv[1:] or SEEDS:
        d = os.path.join(HERE, 'corpus', target)
        os.makedirs(d, exist_ok=True)
        for name, data in SEEDS[target]():
            with open(os.path.join(d, 'seed-' + name), 'wb') as f:
                f.write(data)


if __name__ == '__main__':
    main()
