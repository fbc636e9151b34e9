#!/bin/sh
# Runs in the test VM (L1): how vfio-pci keeps an assigned device's INTx quiet
# until the guest has handled it (patches-intx/: at the line while the line
# is not shared, at the device while it is). Two edu devices share one IRQ
# line in L1 (the outer QEMU puts them in slots 3 and 7, which q35 routes to
# the same link); each is bound to vfio-pci and assigned to an L2 guest of
# its own, which raises and handles its INTx through the resample irqfd
# (tests/vmm/l2/edu_intx.c: exactly one interrupt per raise). L1 traces
# vfio_pci:vfio_pci_intx_mask, which says for each interrupt where vfio-pci
# masked it.
#  1. exclusive: only the first guest runs, so vfio-pci's handler is the
#     line's only one: every interrupt is masked at the line, none at the
#     device (no config space access in the handler or the unmask).
#  2. shared: the second guest runs all the while the first one does: every
#     interrupt of the first device is masked at the device, both guests see
#     exactly one interrupt per raise, and the kernel never disables the line
#     as unhandled ("nobody cared").
#  3. switch: the second guest starts and exits again and again while the
#     first one runs (each QEMU requests the line when it opens its device and
#     frees it when it exits): both guests see exactly one interrupt per raise,
#     and the first device's masking follows, at the line and at the device.
# A second user of the line in L1 itself, uio_pci_generic, would not do: its
# handler counts an event whenever the line fires while its device's status
# is set, masked already or not, so it counts the other device's interrupts.
# TAP output.
. /tests/vmm/lib.sh
ROUNDS=${1:-1000}
if ! grep -q '^vfio_pci:vfio_pci_intx_mask$' "$TRACING/available_events"; then
	echo "TAP version 13"
	echo "1..0 # SKIP a kernel without the INTx series (no vfio_pci:vfio_pci_intx_mask)"
	exit 0
fi
tap_plan 3
vfio_setup 0x1234 0x11e8 "edu"
# The second edu: the last one listed.
other=$(for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor")" = 0x1234 ] && [ "$(cat "$d/device")" = 0x11e8 ] && echo "${d##*/}"
done | tail -n 1)
irq=$(cat "/sys/bus/pci/devices/$bdf/irq")
other_irq=$(cat "/sys/bus/pci/devices/$other/irq" 2>/dev/null)
echo "# first edu $bdf on IRQ $irq; second edu $other on IRQ $other_irq"
[ -n "$other" ] && [ "$other" != "$bdf" ] && [ "$irq" = "$other_irq" ] ||
	{ echo "Bail out! no second edu device on IRQ $irq"; exit 1; }
vfio_bind "$other" >/dev/null || { echo "Bail out! cannot bind $other to vfio-pci"; exit 1; }

# guest NAME DEVICE ROUNDS: one L2 guest that makes ROUNDS round trips on the
# edu device at DEVICE; its console in l2.NAME.log. Returns 0 if it passed.
guest() {
	l2 l2.$1.log "l2.test=edu-intx l2.rounds=$3" \
		-device "vfio-pci,host=$2$VFIO_OPTS" -D qemu.$1.log >/dev/null
	l2_passed l2.$1.log && return 0
	tail_log l2.$1.log
	tail_log qemu.$1.log
	return 1
}

# masks NAME: what the trace says of the first device; sets line, device,
# moved (vfio-pci's masks by kind) and nobody (lines the kernel disabled as
# unhandled).
masks() {
	line=$(grep -c "vfio_pci_intx_mask: $bdf: line\$" mask.$1.trace)
	device=$(grep -c "vfio_pci_intx_mask: $bdf: device\$" mask.$1.trace)
	moved=$(grep -c "vfio_pci_intx_mask: $bdf: line->device\$" mask.$1.trace)
	nobody=$(dmesg | grep -c "nobody cared")
	echo "# $1: $bdf masked at the line $line, at the device $device, moved $moved; 'nobody cared' $nobody"
	# The order of the kinds, as runs: "line x12, device x40, ...".
	echo "# $1: in order: $(grep "vfio_pci_intx_mask: $bdf: " mask.$1.trace | awk '{k = $NF}
		k != p {if (n) printf "%s x%d, ", p, n; p = k; n = 0} {n++}
		END {if (n) printf "%s x%d", p, n}')"
	grep -h "INTx round trips in" l2.$1*.log | sed "s/^/# $1: /"
}

# wait_started LOG: until the guest of LOG is making its round trips.
wait_started() {
	_i=0
	while ! grep -q "^L2: edu at" "$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ $_i -lt 300 ] || return 1
		sleep 1
	done
}

ok=0
trace_start vfio_pci:vfio_pci_intx_mask
guest exclusive "$bdf" "$ROUNDS"
rc=$?
trace_stop mask.exclusive.trace
masks exclusive
[ $rc = 0 ] && [ "$line" -ge "$ROUNDS" ] && [ "$device" = 0 ] && [ "$moved" = 0 ] && ok=1
tap 1 $ok "exclusive line: $ROUNDS round trips, each masked at the line, none at the device"

# The second guest makes enough round trips to outlast the first one's,
# whose boot beside it takes twice as long as alone (3000 were too few: it
# finished first, and the rest of the first guest's interrupts were masked
# at the line, as they should).
ok=0
trace_start vfio_pci:vfio_pci_intx_mask
guest shared-other "$other" $((ROUNDS * 10)) &
pid=$!
wait_started l2.shared-other.log
guest shared "$bdf" "$ROUNDS"
rc=$?
wait $pid
orc=$?
trace_stop mask.shared.trace
masks shared
[ $rc = 0 ] && [ $orc = 0 ] && [ "$device" -ge "$ROUNDS" ] && [ "$line" = 0 ] && [ "$nobody" = 0 ] && ok=1
tap 2 $ok "shared line: $ROUNDS round trips beside another guest's, the first device masked at the device"

# The first guest makes enough round trips for several lives of the second.
ok=0
rm -f /tmp/switch.stop
trace_start vfio_pci:vfio_pci_intx_mask
(
	n=0 orc=0
	while [ ! -e /tmp/switch.stop ]; do
		guest switch-other$n "$other" 50 || { orc=1; break; }
		n=$((n + 1))
	done
	echo "# switch: the second guest ran $n times"
	exit $orc
) &
pid=$!
guest switch "$bdf" $((ROUNDS * 5))
rc=$?
touch /tmp/switch.stop
wait $pid
orc=$?
trace_stop mask.switch.trace
masks switch
[ $rc = 0 ] && [ $orc = 0 ] && [ "$line" -gt 0 ] && [ "$device" -gt 0 ] && [ "$nobody" = 0 ] && ok=1
tap 3 $ok "switching: $((ROUNDS * 5)) round trips while another guest starts and exits on the line, the masking follows"
totals
