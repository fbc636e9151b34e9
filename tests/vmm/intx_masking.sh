#!/bin/sh
# Runs in the test VM (L1): how vfio-pci keeps an assigned device's INTx quiet
# until the guest has handled it (patches-intx/: at the line while the line
# is not shared, at the device while it is). Two edu devices share one IRQ
# line in L1 (the outer QEMU puts them in slots 3 and 7, which q35 routes to
# the same link). The first is assigned to L2, which raises and handles its
# INTx ROUNDS times through the resample irqfd (tests/vmm/l2/edu_intx.c);
# L1 traces vfio_pci:vfio_pci_intx_mask, which says for each interrupt where
# vfio-pci masked it.
#  1. exclusive: the second edu has no driver, so vfio-pci's handler is the
#     line's only one: every interrupt is masked at the line, none at the
#     device (no config space access in the handler).
#  2. shared: the second edu is bound to uio_pci_generic in L1, and the same
#     program raises its INTx there while L2's run goes on: both see exactly
#     one interrupt per raise, the first device's interrupts are masked at
#     the device, and the kernel never disables the line as unhandled.
#  3. switch: the second edu's driver binds, runs SWITCH_ROUNDS round trips
#     and unbinds, over and over, while L2's run goes on: both see exactly
#     one interrupt per raise, and the masking follows (line and device both
#     seen).
# TAP output.
. /tests/vmm/lib.sh
ROUNDS=${1:-1000}
SWITCH_ROUNDS=20
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
echo "# assigned edu $bdf on IRQ $irq; second edu $other on IRQ $other_irq"
[ -n "$other" ] && [ "$other" != "$bdf" ] && [ "$irq" = "$other_irq" ] ||
	{ echo "Bail out! no second edu device on IRQ $irq"; exit 1; }
modprobe uio_pci_generic 2>/dev/null
echo 1234 11e8 >/sys/bus/pci/drivers/uio_pci_generic/new_id 2>/dev/null
# new_id binds every unbound edu: keep the second one free for now.
[ -e "/sys/bus/pci/devices/$other/driver" ] && echo "$other" >"/sys/bus/pci/devices/$other/driver/unbind"

# other_bind, other_unbind: the second edu to uio_pci_generic and back.
other_bind() {
	echo uio_pci_generic >"/sys/bus/pci/devices/$other/driver_override"
	echo "$other" >/sys/bus/pci/drivers_probe
}
other_unbind() {
	echo "$other" >/sys/bus/pci/drivers/uio_pci_generic/unbind
}

# Config space accesses to the assigned device, all of them (x86's
# raw_pci_read/raw_pci_write: bus 0, the device's devfn), counted with kprobe
# events where the kernel has them. Besides vfio-pci's handler and unmask,
# L2's own driver masks and unmasks in config space every round (vfio-pci
# emulates that, with accesses of its own): the figure to compare is the
# count per round on an exclusive line against a shared one.
devfn=$(( $(echo "$bdf" | sed 's/.*:\([0-9a-f]*\)\.\([0-7]\)$/0x\1 * 8 + \2/') ))
kprobes=0
if [ -w "$TRACING/kprobe_events" ]; then
	echo "p:intx/cfg_read raw_pci_read bus=%si:u32 devfn=%dx:u32" >>"$TRACING/kprobe_events" &&
		echo "p:intx/cfg_write raw_pci_write bus=%si:u32 devfn=%dx:u32" >>"$TRACING/kprobe_events" &&
		kprobes=1
fi

# l2_run NAME: L2's ROUNDS round trips, with the trace on; sets line,
# device, moved (vfio-pci's masks by kind), nobody (lines the kernel
# disabled as unhandled) and cfg (config space accesses to the device).
# Returns 0 if L2 passed.
l2_run() {
	if [ $kprobes = 1 ]; then
		trace_start vfio_pci:vfio_pci_intx_mask intx:cfg_read intx:cfg_write
	else
		trace_start vfio_pci:vfio_pci_intx_mask
	fi
	l2 l2.$1.log "l2.test=edu-intx l2.rounds=$ROUNDS" \
		-device "vfio-pci,host=$bdf$VFIO_OPTS" -D qemu.$1.log
	rc=$?
	trace_stop mask.$1.trace
	line=$(grep -c "vfio_pci_intx_mask: $bdf: line\$" mask.$1.trace)
	device=$(grep -c "vfio_pci_intx_mask: $bdf: device\$" mask.$1.trace)
	moved=$(grep -c "vfio_pci_intx_mask: $bdf: line->device\$" mask.$1.trace)
	cfg=$(grep -cE "cfg_(read|write): .* bus=0 devfn=$devfn\$" mask.$1.trace)
	[ $kprobes = 1 ] || cfg="n/a"
	nobody=$(dmesg | grep -c "nobody cared")
	echo "# $1: QEMU exit $rc; masked at the line $line, at the device $device, moved $moved; 'nobody cared' $nobody"
	echo "# $1: config space accesses to $bdf: $cfg for $ROUNDS round trips; L2: $(grep -o '[0-9]* INTx round trips in .*' l2.$1.log)"
	l2_passed l2.$1.log && return 0
	tail_log qemu.$1.log
	return 1
}

ok=0
l2_run exclusive && [ "$line" -ge "$ROUNDS" ] && [ "$device" = 0 ] && [ "$moved" = 0 ] && ok=1
tap 1 $ok "exclusive line: $ROUNDS round trips, each masked at the line, none at the device"

# l1_traffic LOG UNBIND: until /tmp/l1.stop exists, run SWITCH_ROUNDS round
# trips on the second edu in L1, again and again; with UNBIND=1 its driver
# is bound before each run and unbound after. Ends with "L2: FAIL" in LOG
# if a run failed, and the number of runs.
l1_traffic() {
	n=0
	[ "$2" = 1 ] || other_bind
	while [ ! -e /tmp/l1.stop ]; do
		[ "$2" = 1 ] && other_bind
		/vmm/edu_intx "$other" $SWITCH_ROUNDS >>"$1" 2>&1 || { echo "L2: FAIL in run $n" >>"$1"; break; }
		[ "$2" = 1 ] && other_unbind
		n=$((n + 1))
	done
	[ -e "/sys/bus/pci/devices/$other/driver" ] && other_unbind
	echo "L2: $n runs of $SWITCH_ROUNDS round trips" >>"$1"
}

# l1_case NAME UNBIND: l2_run NAME with l1_traffic beside it; returns 0 if
# both passed.
l1_case() {
	rm -f /tmp/l1.stop
	: >l1.$1.log
	l1_traffic l1.$1.log "$2" &
	l1=$!
	l2_run "$1"
	l2ok=$?
	touch /tmp/l1.stop
	wait $l1
	grep -v "round trips in" l1.$1.log | sed 's/^L2: /# L1 edu: /'
	[ $l2ok = 0 ] && ! grep -q "FAIL" l1.$1.log
}

ok=0
l1_case shared 0 && [ "$device" -ge "$ROUNDS" ] && [ "$line" = 0 ] && [ "$nobody" = 0 ] && ok=1
tap 2 $ok "shared line: $ROUNDS round trips in L2 while the second device interrupts in L1, the assigned one masked at the device"

ok=0
l1_case switch 1 && [ "$line" -gt 0 ] && [ "$device" -gt 0 ] && [ "$nobody" = 0 ] && ok=1
tap 3 $ok "switching: $ROUNDS round trips in L2 while the second device's driver binds and unbinds in L1, the masking follows"
totals
