#!/bin/busybox sh
# /init of the L2 guest that Debian's QEMU runs inside the test VM
# (tests/vmm/virtio_blk.sh): read the whole virtio-blk disk again and again
# and compare its checksum with the one on the command line, while CPU 1 goes
# offline and online (its queue's MSI-X vector is masked and unmasked: QEMU
# deassigns and assigns that vector's irqfd) and the disk's interrupts move
# between the CPUs (MSI route updates). Prints "L2: PASS" or "L2: FAIL".
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
# The initramfs has no /dev/console, so init started without one.
exec </dev/console >/dev/console 2>&1

arg() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
want=$(arg l2.md5)
rounds=$(arg l2.rounds)
bad=0
for r in $(seq 1 "$rounds"); do
	case $((r % 4)) in
	1) echo 0 >/sys/devices/system/cpu/cpu1/online ;;
	3) echo 1 >/sys/devices/system/cpu/cpu1/online ;;
	esac
	for irq in $(awk -F: '/virtio/ {print $1}' /proc/interrupts); do
		echo $((r % 2 + 1)) >"/proc/irq/${irq# }/smp_affinity" 2>/dev/null
	done
	# Drop the cached blocks, so that the read below goes to the device.
	blockdev --flushbufs /dev/vda
	got=$(dd if=/dev/vda bs=64k 2>/dev/null | md5sum)
	got=${got%% *}
	if [ "$got" != "$want" ]; then
		echo "L2: round $r: the disk reads $got, want $want"
		bad=$((bad + 1))
	fi
done
echo 1 >/sys/devices/system/cpu/cpu1/online
grep virtio /proc/interrupts | sed 's/^/L2: /'
if [ "$bad" = 0 ]; then
	echo "L2: PASS $rounds rounds"
else
	echo "L2: FAIL $bad of $rounds rounds"
fi
# No ACPI to power off with: reset, which ends QEMU (-no-reboot).
reboot -f
