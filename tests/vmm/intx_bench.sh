#!/bin/sh
# Runs in the test VM (L1): INTx round trips per second and L1's CPU time per
# interrupt with vfio-pci masking at the line against masking at the device
# (patches-intx/), side by side in one run, on one L2 guest that never stops.
# The first edu is assigned to an L2 guest that makes round trips through the
# resample irqfd without end (tests/vmm/l2/edu_intx.c). The mode is set by
# the line's other user: a QEMU that holds the second edu (same IRQ line in
# L1) but is paused (-S) from the start, so the line is shared and the second
# device never interrupts. QEMU enables INTx when it realizes the device,
# which makes vfio-pci request the line.
#   device: the paused QEMU runs: the line is shared, the first device's
#     interrupts are masked at the device (and, since the line is shared,
#     vfio-pci also reads the idle device's status on each: that is part of
#     what sharing costs, as on real hardware);
#   line: no other QEMU: the line is exclusive, masked at the line.
# WINDOWS windows of WINDOW_S seconds, alternating ABBA so that a drift (L2
# warming up, L1's page cache) does not favour one mode. For each window:
# L1's interrupts on the line (/proc/interrupts), the wall time, and L1's
# busy and kernel CPU time (/proc/stat); the tracepoint
# vfio_pci:vfio_pci_intx_mask proves each window's mode. Prints per-window
# rows and, per mode, the median with min and max; scripts/intx-cfg.sh adds
# the config space accesses per interrupt from the outer QEMU's trace. TAP: the guest stayed
# exact and alive all along; every window used its mode only.
. /tests/vmm/lib.sh
WINDOWS=${1:-8} WINDOW_S=${2:-20}
if ! grep -q '^vfio_pci:vfio_pci_intx_mask$' "$TRACING/available_events"; then
	echo "TAP version 13"
	echo "1..0 # SKIP a kernel without the INTx series (no vfio_pci:vfio_pci_intx_mask)"
	exit 0
fi
tap_plan 2
vfio_setup 0x1234 0x11e8 "edu"
other=$(for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor")" = 0x1234 ] && [ "$(cat "$d/device")" = 0x11e8 ] && echo "${d##*/}"
done | tail -n 1)
irq=$(cat "/sys/bus/pci/devices/$bdf/irq")
[ -n "$other" ] && [ "$other" != "$bdf" ] && [ "$irq" = "$(cat "/sys/bus/pci/devices/$other/irq")" ] ||
	{ echo "Bail out! no second edu device on IRQ $irq"; exit 1; }
vfio_bind "$other" >/dev/null || { echo "Bail out! cannot bind $other to vfio-pci"; exit 1; }

# The line's row in /proc/interrupts: the one that names the first device
# (the IRQ number in sysfs is the firmware's until vfio-pci enables the
# device, when ACPI may route it to another one).
irq_row() {
	grep "vfio-intx($bdf)" /proc/interrupts
}

# actions: how many vfio-pci handlers the line has now.
actions() {
	irq_row | grep -o 'vfio-intx' | wc -l
}

# irqs: L1's count of interrupts on the line, over all CPUs.
irqs() {
	irq_row | awk -v cpus="$(grep -c '^cpu[0-9]' /proc/stat)" '{
		s = 0; for (c = 2; c <= cpus + 1; c++) s += $c; print s}'
}

# until_actions N: wait (up to 60 s) until the line has N vfio-pci handlers.
until_actions() {
	_t=0
	while [ "$(actions)" != "$1" ]; do
		_t=$((_t + 1))
		[ $_t -le 60 ] || return 1
		sleep 1
	done
}

# sharer_start / sharer_stop: the paused QEMU that shares the line.
sharer_start() {
	$QEMU -accel kvm -M pc,kernel-irqchip=on -S -m 64 -nodefaults -display none \
		-device "vfio-pci,host=$other$VFIO_OPTS" >sharer.log 2>&1 &
	sharer=$!
	until_actions 2
}
sharer_stop() {
	kill "$sharer"
	wait "$sharer" 2>/dev/null
	until_actions 1
}

# marker START|END: a config space read of the host bridge (00:00.0) at 0xf8
# or 0xfc, which nothing else reads after boot (the second edu would not do:
# the sharing QEMU reads all its config space when it starts): it marks the
# window's bounds in the outer QEMU's trace of config space accesses (make
# bench-intx turns it on; the harness then counts the edu devices' accesses
# per interrupt in each window).
marker() {
	case $1 in START) _o=62 ;; *) _o=63 ;; esac
	dd if=/sys/bus/pci/devices/0000:00:00.0/config bs=4 skip=$_o count=1 2>/dev/null >/dev/null
}

# snapshot: "SECONDS IRQS BUSY KERNEL" now (CPU times in USER_HZ ticks).
snapshot() {
	echo "$(cut -d' ' -f1 /proc/uptime) $(irqs) $(awk '$1 == "cpu" {
		print $2 + $3 + $4 + $7 + $8 + $9, $4 + $7 + $8}' /proc/stat)"
}

ok=1
l2 l2.bench.log "l2.test=edu-intx l2.rounds=1000000000" \
	-device "vfio-pci,host=$bdf$VFIO_OPTS" -D qemu.bench.log >/dev/null &
guest=$!
_t=0
until grep -q "^L2: edu at" l2.bench.log 2>/dev/null; do
	_t=$((_t + 1))
	[ $_t -le 300 ] && kill -0 $guest 2>/dev/null || { echo "Bail out! L2 did not start"; exit 1; }
	sleep 1
done
until_actions 1 || { echo "Bail out! the line has $(actions) vfio-pci handlers, want 1"; exit 1; }
hz=$(getconf CLK_TCK 2>/dev/null || echo 100)
echo "# window mode interrupts seconds per_s busy_us_per_irq kernel_us_per_irq"
: >windows.txt
mode_ok=1
w=1
while [ $w -le "$WINDOWS" ]; do
	# ABBA: windows 1, 4, 5, 8, 9... device; 2, 3, 6, 7... line.
	case $((w % 4)) in 1 | 0) mode=device ;; *) mode=line ;; esac
	if [ $mode = device ]; then
		sharer_start || { echo "# the sharer did not take the line"; ok=0; break; }
	fi
	sleep 3
	trace_start vfio_pci:vfio_pci_intx_mask
	s0=$(snapshot)
	marker START
	sleep "$WINDOW_S"
	marker END
	s1=$(snapshot)
	trace_stop mask.$w.trace
	line=$(grep -c "vfio_pci_intx_mask: $bdf: line\$" mask.$w.trace)
	device=$(grep -c "vfio_pci_intx_mask: $bdf: device\$" mask.$w.trace)
	if [ $mode = device ]; then
		sharer_stop || { echo "# the sharer did not give the line back"; ok=0; break; }
		[ "$device" -gt 0 ] && [ "$line" = 0 ] || mode_ok=0
	else
		[ "$line" -gt 0 ] && [ "$device" = 0 ] || mode_ok=0
	fi
	row=$(echo "$s0 $s1" | awk -v w=$w -v m=$mode -v hz="$hz" '{
		n = $6 - $2; t = $5 - $1
		printf "%d %s %d %.1f %.1f %.0f %.0f\n", w, m, n, t, n / t,
			($7 - $3) * 1e6 / hz / n, ($8 - $4) * 1e6 / hz / n
	}')
	echo "$row" >>windows.txt
	echo "# $row (masked at the line $line, at the device $device)"
	w=$((w + 1))
done
kill -0 $guest 2>/dev/null && ! grep -q "^L2: FAIL" l2.bench.log || { ok=0; tail_log l2.bench.log; }
killall qemu-system-x86_64 2>/dev/null
wait
tap 1 $ok "L2 made exactly one interrupt per raise, without stopping, in all $WINDOWS windows"
tap 2 $mode_ok "each window masked in its mode only (the tracepoint)"

# The figures: per mode, the median and the range over its windows.
echo "# mode windows per_s(median, min-max) busy_us_per_irq(median, min-max) kernel_us_per_irq(median, min-max)"
for mode in line device; do
	grep "^[0-9]* $mode " windows.txt | awk -v m=$mode '
		function sort(a, n,  i, j, t) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		}
		# Of a sorted array.
		function med(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
		{ n++; r[n] = $5; b[n] = $6; k[n] = $7 }
		END {
			if (!n) exit
			sort(r, n); sort(b, n); sort(k, n)
			printf "# %s %d %.1f (%.1f-%.1f) %.0f (%.0f-%.0f) %.0f (%.0f-%.0f)\n", m, n,
				med(r, n), r[1], r[n], med(b, n), b[1], b[n], med(k, n), k[1], k[n]
		}'
done
totals
