#!/bin/sh
# Runs in the test VM (L1): QEMU's NVMe controller, behind the outer QEMU's
# emulated Intel IOMMU, is bound to vfio-pci and assigned to an L2 guest,
# whose nvme driver uses MSI-X. L2 reads the whole disk ROUNDS times and
# checks its checksum, while it offlines and onlines CPU 1 (the queue's
# vector is shut down and started again: QEMU releases and binds its irqfd)
# and moves the interrupts between CPUs (MSI route updates).
#  1. QEMU's default: each vector that L2 unmasks gets a KVM irqfd, which
#     vfio-pci signals from L1's host interrupt handler. The evidence: QEMU
#     assigned irqfds (KVM_IRQFD), and relayed no MSI of an unmasked vector
#     itself (vfio_msi_interrupt). While L2 has a vector masked, QEMU 7.2
#     points the vector's eventfd at its own handler instead of the irqfd
#     (vfio_msix_vector_release): an MSI the device sends then is QEMU's to
#     hold in the pending bit, which it traces as vfio_msix_pba_enable right
#     before vfio_msi_interrupt, and to send with KVM_SIGNAL_MSI when L2
#     unmasks the vector. Such relays are the MSI-X rules at work, not a
#     fallback from the irqfd: they are counted apart, and each may account
#     for one KVM_SIGNAL_MSI at most.
#  2. The control, x-no-kvm-msix=on: QEMU takes every vector's eventfd in
#     userspace and injects with KVM_SIGNAL_MSI.
# TAP output.
. /tests/vmm/lib.sh
ROUNDS=${1:-40}
tap_plan 2
vfio_setup 0x1b36 0x0010 "NVMe controller"
md5=$(cat /vmm/nvme.md5)

# msix_case NAME OPTS: one L2 run with the device's vfio-pci options OPTS;
# sets irqfd, signal_msi (QEMU's ioctls), by_qemu (MSIs QEMU relayed) and
# masked (those of them that came while their vector was masked).
msix_case() {
	trace_start irq:irq_handler_entry
	l2 l2.$1.log "l2.test=nvme l2.md5=$md5 l2.rounds=$ROUNDS" \
		-device "vfio-pci,host=$bdf$VFIO_OPTS$2" -trace kvm_vm_ioctl -trace 'vfio_msi*' -D qemu.$1.log
	rc=$?
	trace_stop irq.$1.trace
	host=$(grep -c "irq_handler_entry: .* name=vfio-msix" irq.$1.trace)
	irqfd=$(grep -c 'type 0x4020ae76' qemu.$1.log)
	signal_msi=$(grep -c 'type 0x4020aea5' qemu.$1.log)
	by_qemu=$(grep -c 'vfio_msi_interrupt' qemu.$1.log)
	masked=$(awk '/vfio_msix_pba_enable/ {p = 1; next}
		/vfio_msi_interrupt/ {n += p; p = 0; next}
		/vfio_/ {p = 0} END {print n + 0}' qemu.$1.log)
	echo "# $1: QEMU exit $rc; L1 vfio-msix interrupts $host; QEMU: KVM_IRQFD $irqfd, KVM_SIGNAL_MSI $signal_msi, MSIs relayed in userspace $by_qemu ($masked of a masked vector)"
	l2_passed l2.$1.log && [ "$host" -gt 0 ] && return 0
	tail_log qemu.$1.log
	return 1
}

ok=0
msix_case irqfd "" && [ "$irqfd" -gt 0 ] && [ "$by_qemu" = "$masked" ] &&
	[ "$signal_msi" -le "$masked" ] && ok=1
tap 1 $ok "vfio MSI-X through KVM irqfds: L2 read its NVMe disk $ROUNDS times with vectors masked and moved"
ok=0
msix_case userspace ",x-no-kvm-msix=on" && [ "$signal_msi" -gt 0 ] && [ "$by_qemu" -gt 0 ] && ok=1
tap 2 $ok "vfio MSI-X through QEMU (x-no-kvm-msix=on, the control)"
totals
