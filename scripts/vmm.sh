#!/bin/bash
# vmm.sh [series|base|bench]: the series under a real VMM. Debian's own QEMU, packed
# into the test VM's initramfs with its libraries and firmware, runs an L2
# guest with KVM on the patched debug kernel (or, with "base", on the
# unpatched base built the same way): the tests in tests/vmm.txt (shell
# scripts in tests/vmm/ with TAP output) run in the VM like the selftests.
# The test VM is a q35 machine with an emulated Intel IOMMU and devices to
# assign to L2 (VFIO), and its kernel is the debug test kernel plus
# config/vmm-l1.config. The L2 guest is the base tree built with
# config/l2.config, busybox, scripts/l2-init.sh and the programs in
# tests/vmm/l2/; the programs in tests/vmm/l1/ run in L1 itself. Logs:
# results/vmm/ (results/vmm-base/). "bench" runs the benchmarks of
# tests/vmm-bench.txt on the series instead (results/bench-intx/).
# VMM_LIST: another list in tests/vmm.txt's format.
# An x86_64 entry point, whatever KARCH the caller has (arm64-vm.sh is arm64's).
export KARCH=x86_64
. "$(dirname "$0")/lib.sh"
which=${1:-series}
case $which in
series) res=$RESULTS/vmm l1=$OUT/vmm-l1 list=$REPO/tests/vmm.txt ;;
base) res=$RESULTS/vmm-base l1=$OUT/vmm-l1-base list=$REPO/tests/vmm.txt ;;
bench) res=$RESULTS/bench-intx l1=$OUT/vmm-l1 list=$REPO/tests/vmm-bench.txt which=series bench=1 ;;
*) die "usage: vmm.sh [series|base|bench]" ;;
esac
stage=$OUT/vmm
prepare "$which" "$l1" - base debug vmm-l1
"$REPO/scripts/build-kernel.sh" "$BASE_TREE" "$OUT/l2" "$REPO/config/l2.config"

rm -rf "$stage"
mkdir -p "$stage/root/vmm" "$stage/root/tests/vmm" "$stage/tests" "$stage/l2/bin"
cp "$OUT/l2/arch/x86/boot/bzImage" "$stage/root/vmm/l2.bzImage"
cp /bin/busybox "$stage/l2/bin/busybox"
cp "$REPO/scripts/l2-init.sh" "$stage/l2/init"
for src in "$REPO"/tests/vmm/l2/*.c; do
	gcc -static -O2 -Wall -o "$stage/l2/bin/$(basename "$src" .c)" "$src"
done
(cd "$stage/l2" && find . | cpio -o -H newc --quiet) >"$stage/root/vmm/l2.cpio"
# The programs that tests run in L1 itself, against the kernel's uapi.
mkdir -p "$stage/root/vmm/bin"
for src in "$REPO"/tests/vmm/l1/*.c; do
	gcc -static -O2 -Wall -pthread -isystem "$l1/usr/include" -o "$stage/root/vmm/bin/$(basename "$src" .c)" "$src"
done
# The assigned NVMe disk's contents, and their checksum for L2.
dd if=/dev/urandom of="$stage/nvme.img" bs=1M count=8 2>/dev/null
md5sum "$stage/nvme.img" | cut -d' ' -f1 >"$stage/root/vmm/nvme.md5"

# QEMU at its own path, with what it loads: its libraries (ldd), and the
# firmware that a -kernel boot of the pc machine reads.
pack() {
	mkdir -p "$stage/root$(dirname "$1")"
	cp -L "$1" "$stage/root$1"
}
qemu=/usr/bin/qemu-system-x86_64
pack "$qemu"
for lib in $(ldd "$qemu" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do
	pack "$lib"
done
for f in /usr/share/seabios/bios-256k.bin /usr/share/qemu/linuxboot_dma.bin /usr/share/qemu/kvmvapic.bin; do
	pack "$f"
done
log "vmm: QEMU $($qemu --version | head -n 1 | awk '{print $4}') and $(find "$stage/root" -type f | wc -l) files packed ($(du -sm "$stage/root" | cut -f1) MiB)"

cp -r "$REPO/tests/vmm" "$stage/tests/vmm"
cp "$REPO/tests/vmm/lib.sh" "$stage/root/tests/vmm/lib.sh"
test_list "${VMM_LIST:-$list}" >"$stage/list"
list=$stage/list
# The devices L1 assigns to L2: the IOMMU must come first, so that the
# devices after it are behind it.
# No HPET, as on the pc machine of the other VM runs (the guest's clock stays
# what it is there, refined-jiffies).
# Two edu devices, in slots 3 and 7, which q35 routes to the same interrupt
# link: tests/vmm/intx_masking.sh assigns both, to two L2 guests, to share
# a line; the other tests use the first.
export VM_QEMU_ARGS="-M q35,hpet=off -device intel-iommu,intremap=on -device edu,addr=0x3
	-device edu,addr=0x7
	-drive file=$stage/nvme.img,if=none,id=nvme0,format=raw -device nvme,drive=nvme0,serial=irqfd0"
# L1's KVM shadows L2's page tables (npt=0): with nested paging, QEMU's TCG
# emulation of NPT left L2 hung in a page fault that L1's KVM re-injected
# forever, or reset it (NOTES.md, "Stop 22").
export VM_APPEND="kvm_amd.npt=0${VM_APPEND:+ $VM_APPEND}"
# The benchmark counts config space accesses in the outer QEMU's trace.
[ -z "${bench:-}" ] || VM_QEMU_ARGS+=" -trace pci_cfg_read -trace pci_cfg_write"
rc=0
VM_EXTRA_ROOT=$stage/root "$REPO/scripts/run-vm.sh" "$l1/arch/x86/boot/bzImage" "$stage/tests" "$list" "$res" ||
	{ rc=$?; log "vmm: run-vm.sh failed (exit $rc); judging what it left"; }
for f in "$res"/tests/*.log; do
	# A skipped test (the INTx tests on the base) has no such lines.
	[ -f "$f" ] && { echo "--- $(basename "$f" .log)"; { grep -E '^(ok|not ok|# )' "$f" || true; } | sed 's/^/  /'; }
done
"$REPO/scripts/gate-tests.sh" "$res" || rc=1
"$REPO/scripts/scan-log.sh" "$res" || rc=1
# One verdict line per scenario: vmm/vfio_intx.sh is "vmm vfio-intx".
if [ -f "$res/verdicts.tsv" ]; then
	while IFS=$'\t' read -r name result; do
		name=${name#vmm/}
		name=${name%.sh}
		echo "vmm ${name//_/-}: $result"
	done <"$res/verdicts.tsv"
fi
[ -z "${bench:-}" ] || "$REPO/scripts/intx-cfg.sh" "$res" || rc=1
exit $rc
