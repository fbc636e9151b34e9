#!/bin/sh
# Runs in the test VM (L1): QEMU's edu device, which the outer QEMU puts
# behind an emulated Intel IOMMU, is bound to vfio-pci and assigned to an L2
# guest. L2 raises its level INTx ROUNDS times and handles each interrupt
# (tests/vmm/l2/edu_intx.c): every round must bring exactly one interrupt.
#  1. QEMU's default: the INTx goes through a KVM resample irqfd (QEMU's
#     vfio_intx_enable_kvm), and each EOI's resamplefd unmasks the device in
#     vfio-pci. The evidence that it did: QEMU handled no INTx itself
#     (vfio_intx_interrupt), and KVM's trace shows the line asserted by the
#     resampler's IRQ source ID (1) at least ROUNDS times.
#  2. The control, x-no-kvm-intx=on: QEMU takes each INTx in userspace and
#     sets the line with KVM_IRQ_LINE (IRQ source 0), so no resampler runs.
# In both, L1's vfio-intx handler runs at least ROUNDS times (its IRQ is gone
# from /proc/interrupts once QEMU exits: the trace counts). TAP output.
. /tests/vmm/lib.sh
ROUNDS=${1:-10000}
tap_plan 2
vfio_setup 0x1234 0x11e8 "edu"

# intx_case NAME OPTS: one L2 run with the device's vfio-pci options OPTS;
# sets host (L1 interrupts), by_qemu (INTx QEMU took), kvm_enable
# (vfio_intx_enable_kvm seen), res1 (asserts by the resampler's source ID).
intx_case() {
	trace_start kvm:kvm_set_irq kvm:kvm_ack_irq irq:irq_handler_entry
	l2 l2.$1.log "l2.test=edu-intx l2.rounds=$ROUNDS" \
		-device "vfio-pci,host=$bdf$VFIO_OPTS$2" -trace 'vfio_intx*' -D qemu.$1.log
	rc=$?
	trace_stop kvm.$1.trace
	host=$(grep -c "irq_handler_entry: .* name=vfio-intx($bdf)" kvm.$1.trace)
	by_qemu=$(grep -c 'vfio_intx_interrupt' qemu.$1.log)
	kvm_enable=$(grep -c 'vfio_intx_enable_kvm' qemu.$1.log)
	res1=$(grep -c 'kvm_set_irq: gsi [0-9]* level 1 source 1$' kvm.$1.trace)
	echo "# $1: QEMU exit $rc; L1 vfio-intx interrupts $host; QEMU: vfio_intx_enable_kvm $kvm_enable, INTx taken in userspace $by_qemu; KVM: asserts by IRQ source 1 $res1, acks $(grep -c kvm_ack_irq kvm.$1.trace)"
	l2_passed l2.$1.log && [ "$host" -ge "$ROUNDS" ] && return 0
	tail_log qemu.$1.log
	return 1
}

ok=0
intx_case irqfd "" && [ "$kvm_enable" -ge 1 ] && [ "$by_qemu" = 0 ] && [ "$res1" -ge "$ROUNDS" ] && ok=1
tap 1 $ok "vfio INTx through a KVM resample irqfd: $ROUNDS round trips, none lost or extra"
ok=0
intx_case userspace ",x-no-kvm-intx=on" && [ "$kvm_enable" = 0 ] && [ "$by_qemu" -ge "$ROUNDS" ] && [ "$res1" = 0 ] && ok=1
tap 2 $ok "vfio INTx through QEMU (x-no-kvm-intx=on, the control): $ROUNDS round trips"
totals
