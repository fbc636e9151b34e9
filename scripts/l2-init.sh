#!/bin/busybox sh
# /init of the L2 guest that Debian's QEMU runs inside the test VM
# (tests/vmm/). l2.test= on the command line says what to do; each job prints
# "L2: PASS ..." or "L2: FAIL ..." and L2 resets, which ends QEMU (-no-reboot).
#   virtio-blk: read the whole virtio-blk disk again and again and compare its
#     checksum with l2.md5, while CPU 1 goes offline and online (its queue's
#     MSI-X vector is masked and unmasked: QEMU deassigns and assigns that
#     vector's irqfd) and the disk's interrupts move between the CPUs (MSI
#     route updates).
#   nvme: the same with the assigned NVMe disk (VFIO MSI-X: QEMU binds each
#     vector to a KVM irqfd and vfio-pci signals it from the host IRQ).
#   edu-intx: bind the assigned edu device to uio_pci_generic and run
#     /bin/edu_intx (tests/vmm/l2/edu_intx.c): l2.rounds INTx round trips;
#     the IRQ's count in /proc/interrupts must then be exactly l2.rounds (an
#     interrupt the handler did not claim counts too).
#   edu-unplug: the same traffic until QEMU has L2 eject the device (ACPI PCI
#     hot-unplug), as it does when L1 unbinds it from vfio-pci.
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# The initramfs has no /dev/console, so init started without one.
exec </dev/console >/dev/console 2>&1

arg() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
rounds=$(arg l2.rounds)

# disk_reads DISK IRQNAME: the disk-read job on /dev/DISK, whose interrupts
# are the lines of /proc/interrupts that name IRQNAME.
disk_reads() {
	want=$(arg l2.md5)
	bad=0
	for r in $(seq 1 "$rounds"); do
		case $((r % 4)) in
		1) echo 0 >/sys/devices/system/cpu/cpu1/online ;;
		3) echo 1 >/sys/devices/system/cpu/cpu1/online ;;
		esac
		for irq in $(awk -F: -v n="$2" 'index($0, n) {print $1}' /proc/interrupts); do
			echo $((r % 2 + 1)) >"/proc/irq/${irq# }/smp_affinity" 2>/dev/null
		done
		# Drop the cached blocks, so that the read below goes to the device.
		blockdev --flushbufs "/dev/$1"
		got=$(dd if="/dev/$1" bs=64k 2>/dev/null | md5sum)
		got=${got%% *}
		if [ "$got" != "$want" ]; then
			echo "L2: round $r: the disk reads $got, want $want"
			bad=$((bad + 1))
		fi
	done
	echo 1 >/sys/devices/system/cpu/cpu1/online
	grep "$2" /proc/interrupts | sed 's/^/L2: /'
	if [ "$bad" = 0 ]; then
		echo "L2: PASS $rounds rounds"
	else
		echo "L2: FAIL $bad of $rounds rounds"
	fi
}

# edu_bind: find the edu device, bind it to uio_pci_generic; sets bdf.
edu_bind() {
	bdf=
	for d in /sys/bus/pci/devices/*; do
		[ "$(cat "$d/vendor")" = 0x1234 ] && [ "$(cat "$d/device")" = 0x11e8 ] && bdf=${d##*/}
	done
	[ -n "$bdf" ] || { echo "L2: FAIL no edu device"; return 1; }
	echo "1234 11e8" >/sys/bus/pci/drivers/uio_pci_generic/new_id
	echo "L2: edu at $bdf, IRQ $(cat "/sys/bus/pci/devices/$bdf/irq")"
}

edu_intx_rounds() {
	edu_bind || return
	/bin/edu_intx "$bdf" "$rounds"
	rc=$?
	[ $rc = 0 ] || { echo "L2: FAIL edu_intx exited with status $rc"; return; }
	n=$(awk '/uio_pci_generic/ {for (i = 2; i <= NF && $i ~ /^[0-9]+$/; i++) s += $i} END {print s + 0}' /proc/interrupts)
	grep uio_pci_generic /proc/interrupts | sed 's/^/L2: /'
	if [ "$n" = "$rounds" ]; then
		echo "L2: PASS $rounds rounds"
	else
		echo "L2: FAIL the IRQ counted $n interrupts for $rounds rounds"
	fi
}

# edu_unplug: interrupt traffic on the edu device until it is gone (QEMU
# asked L2 to eject it); passes if it goes within l2.wait seconds.
edu_unplug() {
	edu_bind || return
	/bin/edu_intx "$bdf" 1000000000 >/tmp/edu.log 2>&1 &
	echo "L2: traffic running"
	t=0
	while [ -e "/sys/bus/pci/devices/$bdf" ]; do
		[ $t -lt "$(arg l2.wait)" ] || { echo "L2: FAIL the device is still here after ${t}s"; return; }
		sleep 1
		t=$((t + 1))
	done
	wait
	echo "L2: PASS the device was ejected after ${t}s of traffic; edu_intx ended with: $(tail -n 1 /tmp/edu.log | sed "s/^L2: //")"
}

case $(arg l2.test) in
virtio-blk) disk_reads vda virtio ;;
nvme) disk_reads nvme0n1 nvme ;;
edu-intx) edu_intx_rounds ;;
edu-unplug) edu_unplug ;;
*) echo "L2: FAIL unknown l2.test '$(arg l2.test)'" ;;
esac
reboot -f
