#!/bin/sh
# Runs inside the test VM (L1), on the kernel under test: Debian's own QEMU
# (packed into the initramfs by scripts/vmm.sh) boots an L2 guest with KVM and
# a virtio-blk disk served by an iothread, the configuration in which QEMU
# binds each MSI-X vector of the disk to a KVM irqfd. L2 reads the disk while
# it offlines and onlines a CPU and moves the disk's interrupts
# (scripts/l2-init.sh). Passes if L2 read the right data every round and
# QEMU's trace shows irqfds assigned (KVM_IRQFD) and no interrupt sent the
# slow way (KVM_SIGNAL_MSI). TAP output, like the selftests.
. /tests/vmm/lib.sh
ROUNDS=${1:-40}
tap_plan 1
dd if=/dev/urandom of=disk.img bs=1M count=8 2>/dev/null
md5=$(md5sum disk.img)
md5=${md5%% *}

l2 l2.log "l2.test=virtio-blk l2.md5=$md5 l2.rounds=$ROUNDS" \
	-object iothread,id=io0 \
	-drive file=disk.img,if=none,id=d0,format=raw \
	-device virtio-blk-pci,drive=d0,iothread=io0 \
	-trace kvm_vm_ioctl -D qemu-trace.log
rc=$?
# ioctl numbers as QEMU's kvm_vm_ioctl trace prints them.
irqfd=$(grep -c 'type 0x4020ae76' qemu-trace.log)
msi=$(grep -c 'type 0x4020aea5' qemu-trace.log)
routes=$(grep -c 'type 0x4008ae6a' qemu-trace.log)
echo "# QEMU exit $rc; KVM_IRQFD $irqfd, KVM_SET_GSI_ROUTING $routes, KVM_SIGNAL_MSI $msi"
ok=0
l2_passed l2.log && [ "$irqfd" -gt 0 ] && [ "$msi" = 0 ] && ok=1
tap 1 $ok "virtio-blk with an iothread: L2 read its disk through irqfds"
totals
