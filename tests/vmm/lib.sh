# Sourced by the tests in tests/vmm/, which run in the test VM (L1, the kernel
# under test) and start Debian's QEMU there (packed by scripts/vmm.sh).
QEMU=/usr/bin/qemu-system-x86_64
TRACING=/sys/kernel/debug/tracing
# Options of every assigned device (-device vfio-pci,host=BDF...): with
# x-no-mmap=on L2 reaches the device's BARs through QEMU (an exit, a pread or
# pwrite on the VFIO device) instead of a mapping of the BAR into L2's memory.
# Under this nested TCG, L2's first accesses through such a mapping corrupted
# L1's memory, on the base kernel as on the series (NOTES.md, "VFIO in the
# test VM").
VFIO_OPTS=${VFIO_OPTS-,x-no-mmap=on}

# l2 LOG APPEND QEMU-ARGS...: boot the L2 guest (/vmm/l2.bzImage, whose /init
# is scripts/l2-init.sh) with KVM and the in-kernel irqchip (which resample
# irqfds need), its serial console in LOG and, as it goes, in this test's
# output as TAP comments ("# L2| ..."), so that a test that hangs or a kernel
# that dies still shows how far L2 got. APPEND joins L2's command line.
# Returns QEMU's exit status.
l2() {
	_log=$1 _append=$2
	shift 2
	# No HPET and a TSC taken as reliable: L2 found the HPET through ACPI
	# and made it its clock, and every read of it was an exit to QEMU in L1
	# (an INTx round trip took ten times longer).
	{
		$QEMU -accel kvm -M pc,kernel-irqchip=on,hpet=off -cpu host \
			-smp 2,sockets=2 -m 256 -nodefaults -display none -no-reboot \
			-serial stdio -kernel /vmm/l2.bzImage -initrd /vmm/l2.cpio \
			-append "console=ttyS0 panic=-1 tsc=reliable $_append" "$@" 2>&1
		echo $? >"$_log.rc"
	} | tr -d '\r' | tee "$_log" | while IFS= read -r _l; do echo "# L2| $_l"; done
	return "$(cat "$_log.rc")"
}

# pci_find VENDOR DEVICE: the address of the first PCI device with these IDs.
pci_find() {
	for _d in /sys/bus/pci/devices/*; do
		[ "$(cat "$_d/vendor")" = "$1" ] && [ "$(cat "$_d/device")" = "$2" ] &&
			{ echo "${_d##*/}"; return 0; }
	done
	return 1
}

# vfio_bind BDF: bind the device to vfio-pci; prints its /dev/vfio/GROUP.
vfio_bind() {
	_d=/sys/bus/pci/devices/$1
	if [ ! -e "$_d/driver" ] || [ "$(basename "$(readlink "$_d/driver")")" != vfio-pci ]; then
		[ -e "$_d/driver" ] && echo "$1" >"$_d/driver/unbind"
		echo vfio-pci >"$_d/driver_override"
		echo "$1" >/sys/bus/pci/drivers_probe
	fi
	[ "$(basename "$(readlink "$_d/driver")")" = vfio-pci ] || return 1
	echo "/dev/vfio/$(basename "$(readlink "$_d/iommu_group")")"
}

# trace_start EVENT...: trace these events (tracefs set_event names, such as
# "kvm:kvm_set_irq") from now.
trace_start() {
	echo 0 >"$TRACING/tracing_on"
	echo >"$TRACING/set_event"
	echo 16384 >"$TRACING/buffer_size_kb"
	for _e in "$@"; do echo "$_e" >>"$TRACING/set_event"; done
	echo >"$TRACING/trace"
	echo 1 >"$TRACING/tracing_on"
}

# trace_stop FILE: stop tracing, keep the trace in FILE.
trace_stop() {
	echo 0 >"$TRACING/tracing_on"
	cat "$TRACING/trace" >"$1"
	echo >"$TRACING/set_event"
}

# l2_passed LOG: L2's console says PASS and no FAIL.
l2_passed() {
	grep -q "^L2: PASS" "$1" && ! grep -q "^L2: FAIL" "$1"
}

# tap_plan N: the TAP header of a test of N cases, which then works in /tmp.
tap_plan() {
	echo "TAP version 13"
	echo "1..$1"
	cd /tmp || exit 1
}

# vfio_setup VENDOR DEVICE WHAT: find the device, bind it to vfio-pci; sets
# bdf and group, or bails out.
vfio_setup() {
	bdf=$(pci_find "$1" "$2") || { echo "Bail out! no $3 in L1"; exit 1; }
	group=$(vfio_bind "$bdf") || { echo "Bail out! cannot bind $bdf to vfio-pci"; exit 1; }
	echo "# $3 at $bdf, $group"
}

# tap N OK DESCRIPTION: one TAP result line; counts for totals.
npass=0 nfail=0
tap() {
	if [ "$2" = 1 ]; then
		echo "ok $1 $3"
		npass=$((npass + 1))
	else
		echo "not ok $1 $3"
		nfail=$((nfail + 1))
	fi
}

# tail_log FILE: the end of FILE (a QEMU trace), as TAP comments.
tail_log() {
	tail -n 15 "$1" | sed "s|^|# ${1##*/}: |"
}

# totals: the kselftest totals line; exit 0 if every case passed.
totals() {
	echo "# Totals: pass:$npass fail:$nfail xfail:0 xpass:0 skip:0 error:0"
	[ "$nfail" = 0 ]
}
