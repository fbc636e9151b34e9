#!/bin/sh
# Runs in the test VM (L1): the edu device is assigned to L2 (vfio-pci, INTx
# through a resample irqfd) and L2 drives interrupt traffic on it, while
#  1. L1 unbinds it from vfio-pci: vfio-pci sends QEMU its device request,
#     QEMU has L2 eject the device (ACPI PCI hot-unplug) and tears the
#     device's irqfds down with L2 still running; the unbind must return
#     within UNBIND_S seconds; L1's log must show the request relayed and
#     QEMU's trace the INTx irqfd deassigned (vfio_intx_disable_kvm), and L2
#     must have seen the device go;
#  2. the device binds to vfio-pci again and a new L2 uses it (ROUNDS INTx
#     round trips, each exactly once);
#  3. QEMU is killed with SIGKILL during the traffic, KILLS times (its VM,
#     irqfds and VFIO device are released by the files' close alone), and
#     the device then works in a new L2 as in 2.
# The kernel log gate (scan-log.sh) judges the teardowns too. TAP output.
. /tests/vmm/lib.sh
ROUNDS=${ROUNDS:-1000} UNBIND_S=${UNBIND_S:-120} KILLS=${KILLS:-3}
tap_plan 3
vfio_setup 0x1234 0x11e8 "edu"

# l2_bg LOG APPEND: start L2 with the device in the background (l2pid: the
# shell that runs it; QEMU itself is killed by name)
# and wait until LOG says "L2: traffic running" or "L2: edu at".
l2_bg() {
	l2 "$1" "$2" -device "vfio-pci,host=$bdf$VFIO_OPTS" -trace 'vfio_intx*' -D "$1.qemu" &
	l2pid=$!
	_t=0
	until grep -q '^L2: \(traffic running\|edu at\)' "$1" 2>/dev/null; do
		kill -0 $l2pid 2>/dev/null || return 1
		[ $_t -lt 300 ] || return 1
		sleep 1
		_t=$((_t + 1))
	done
}

# reuse N LOG: a new L2 runs ROUNDS round trips with the device: case N.
reuse() {
	l2 "$2" "l2.test=edu-intx l2.rounds=$ROUNDS" -device "vfio-pci,host=$bdf$VFIO_OPTS" -trace 'vfio_intx*' -D "$2.qemu"
	ok=0
	l2_passed "$2" && grep -q vfio_intx_enable_kvm "$2.qemu" && ok=1
}

# 1. The device request.
ok=0
if l2_bg l2.unplug.log "l2.test=edu-unplug l2.wait=$UNBIND_S"; then
	sleep 5
	t0=$(date +%s)
	echo "$bdf" >/sys/bus/pci/drivers/vfio-pci/unbind
	t=$(($(date +%s) - t0))
	wait $l2pid
	rc=$?
	req=$(dmesg | grep -c 'Relaying device request to user')
	off=$(grep -c vfio_intx_disable_kvm l2.unplug.log.qemu)
	echo "# unbind returned after ${t}s; QEMU exit $rc; QEMU: device requests $req, INTx irqfd deassigned $off"
	[ ! -e "/sys/bus/pci/devices/$bdf/driver" ] && [ "$t" -le "$UNBIND_S" ] && [ "$req" -ge 1 ] && [ "$off" -ge 1 ] &&
		l2_passed l2.unplug.log && ok=1
else
	killall -9 qemu-system-x86_64 2>/dev/null
	wait $l2pid
fi
tap 1 $ok "unbind from vfio-pci while L2 uses the device: QEMU ejects it from L2, the unbind returns"

# 2. Bound again, assigned again.
vfio_bind "$bdf" >/dev/null || { echo "Bail out! cannot bind $bdf to vfio-pci again"; exit 1; }
reuse 2 l2.rebind.log
tap 2 $ok "bound to vfio-pci again, the device works in a new L2: $ROUNDS INTx round trips"

# 3. SIGKILL during the traffic.
killed=0
for k in $(seq 1 "$KILLS"); do
	l2_bg l2.kill$k.log "l2.test=edu-intx l2.rounds=1000000000" || break
	sleep $((3 + k))
	killall -9 qemu-system-x86_64
	wait $l2pid
	killed=$((killed + 1))
done
echo "# QEMU killed $killed of $KILLS times during the traffic"
reuse 3 l2.afterkill.log
[ "$killed" = "$KILLS" ] || ok=0
tap 3 $ok "QEMU killed with SIGKILL $KILLS times during INTx traffic; the device works in a new L2"
totals
