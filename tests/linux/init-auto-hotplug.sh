#!/bin/sh
# /init of issue 11's automatic hotplug flow (d) as scripts see it (tests/linux/
# run-heredoc-hotplug.sh, tests/qmp/test-qmp-linux.py): rtas_errd runs in the guest and
# calls drmgr when the host adds or removes a device, so the host only types
# device_add/device_del. The guest says on its console what a script can wait for:
#   @@READY                rtas_errd is running
#   @@UP 10.0.2.15/24      eth0 appeared and has its DHCP address
#   @@GONE                 eth0 disappeared
# What drmgr and rtas_errd need of a system without systemd: tests/linux/init-hotplug.sh.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
mkdir -p /var/lock /var/log /tmp
export PATH=/usr/sbin:/sbin:/usr/bin:/bin
cat > /bin/dhcp.script <<'EOF'
#!/bin/sh
case "$1" in bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface" ;;
esac
exit 0
EOF
chmod +x /bin/dhcp.script
modprobe e1000                          # udev would, when the device appears; there is none
rtas_errd -d > /var/log/rtas_errd.out 2>&1 &
sleep 1
kill -0 $! 2>/dev/null && echo "@@READY" || { echo "@@NO-RTAS_ERRD"; cat /var/log/rtas_errd.out; }
while true; do
    while [ ! -e /sys/class/net/eth0 ]; do usleep 20000; done
    ip link set eth0 up
    udhcpc -i eth0 -s /bin/dhcp.script -q -n -t 20 -T 1 >/dev/null 2>&1 &&
        echo "@@UP $(ip -4 -o addr show eth0 | awk '{print $4}')"
    while [ -e /sys/class/net/eth0 ]; do usleep 20000; done
    echo "@@GONE"
done
