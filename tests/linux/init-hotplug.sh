#!/bin/sh
# /init of the PCI hotplug flows (issue 11, section 7; tests/linux/hotplug.py):
# what Debian's drmgr, lsslot and rtas_errd expect of a system without systemd,
# then a shell that reads the test's commands from the console.
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev              # /dev/mem, which librtas maps for its work area
mkdir -p /var/lock /var/log /tmp        # drmgr's and librtas's locks; rtas_errd's and drmgr's logs
export PATH=/usr/sbin:/sbin:/usr/bin:/bin
# The DHCP client's hook: configure the address and the default route it was given.
cat > /bin/dhcp.script <<'EOF'
#!/bin/sh
case "$1" in bound|renew)
    ip addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" dev "$interface"
    [ -n "$router" ] && ip route add default via "${router%% *}" dev "$interface" ;;
esac
exit 0
EOF
chmod +x /bin/dhcp.script
echo "@@INIT"
# The shell runs one line at a time as the test types it, without prompt or line editing,
# and with the terminal's echo off the console holds only what commands print; $rc keeps
# the last line's exit status (hotplug.py's run()). A read loop, not `cat | sh`: there
# busybox's sh ran each line only once the next one came.
stty -echo
exec setsid cttyhack sh -c 'while IFS= read -r line; do eval "$line"; rc=$?; done'
