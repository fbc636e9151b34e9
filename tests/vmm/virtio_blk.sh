#!/bin/sh
# Runs inside the test VM (L1), on the kernel under test: Debian's own QEMU
# (packed into the initramfs by scripts/vmm.sh) boots an L2 guest with KVM and
# a virtio-blk disk served by an iothread, the configuration in which QEMU
# binds each MSI-X vector of the disk to a KVM irqfd. L2 reads the disk while
# it offlines and onlines a CPU and moves the disk's interrupts
# (scripts/l2-init.sh). Passes if L2 read the right data every round and
# QEMU's trace shows irqfds assigned (KVM_IRQFD) and no interrupt sent the
# slow way (KVM_SIGNAL_MSI). TAP output, like the selftests.
ROUNDS=${ROUNDS:-40}
echo "TAP version 13"
echo "1..1"
cd /tmp || exit 1
dd if=/dev/urandom of=disk.img bs=1M count=8 2>/dev/null
md5=$(md5sum disk.img)
md5=${md5%% *}

/usr/bin/qemu-system-x86_64 -accel kvm -M pc,kernel-irqchip=on -cpu host \
	-smp 2,sockets=2 -m 256 -nodefaults -display none -no-reboot \
	-serial stdio -kernel /vmm/l2.bzImage -initrd /vmm/l2.cpio \
	-append "console=ttyS0 panic=-1 l2.md5=$md5 l2.rounds=$ROUNDS" \
	-object iothread,id=io0 \
	-drive file=disk.img,if=none,id=d0,format=raw \
	-device virtio-blk-pci,drive=d0,iothread=io0 \
	-trace kvm_vm_ioctl -D qemu-trace.log >l2.log 2>&1
rc=$?
sed 's/^/# /' l2.log | grep -v '^# $' | tail -n 40
# ioctl numbers as QEMU's kvm_vm_ioctl trace prints them.
irqfd=$(grep -c 'type 0x4020ae76' qemu-trace.log)
msi=$(grep -c 'type 0x4020aea5' qemu-trace.log)
routes=$(grep -c 'type 0x4008ae6a' qemu-trace.log)
echo "# QEMU exit $rc; KVM_IRQFD $irqfd, KVM_SET_GSI_ROUTING $routes, KVM_SIGNAL_MSI $msi"
if grep -q "^L2: PASS" l2.log && [ "$irqfd" -gt 0 ] && [ "$msi" = 0 ]; then
	echo "ok 1 virtio-blk with an iothread: L2 read its disk through irqfds"
	echo "# Totals: pass:1 fail:0 xfail:0 xpass:0 skip:0 error:0"
	exit 0
fi
echo "not ok 1 virtio-blk with an iothread"
echo "# Totals: pass:0 fail:1 xfail:0 xpass:0 skip:0 error:0"
exit 1
