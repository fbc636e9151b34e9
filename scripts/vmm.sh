#!/bin/bash
# vmm.sh: the series under a real VMM. Debian's own QEMU, packed into the test
# VM's initramfs with its libraries and firmware, runs an L2 guest with KVM on
# the patched debug kernel: the tests in tests/vmm/ (shell scripts with TAP
# output) run in the VM like the selftests. The L2 guest is the base tree built
# with config/l2.config, busybox and scripts/l2-init.sh. Logs: results/vmm/.
. "$(dirname "$0")/lib.sh"
res=$RESULTS/vmm
stage=$OUT/vmm
tree=$CACHE/check
"$REPO/scripts/deps.sh"
"$REPO/scripts/apply-series.sh" "$tree" check
"$REPO/scripts/build-kernel.sh" "$tree" "$OUT/check" "$REPO/config/base.config" "$REPO/config/debug.config"
"$REPO/scripts/build-kernel.sh" "$BASE_TREE" "$OUT/l2" "$REPO/config/l2.config"

rm -rf "$stage"
mkdir -p "$stage/root/vmm" "$stage/tests" "$stage/l2/bin"
cp "$OUT/l2/arch/x86/boot/bzImage" "$stage/root/vmm/l2.bzImage"
cp /bin/busybox "$stage/l2/bin/busybox"
cp "$REPO/scripts/l2-init.sh" "$stage/l2/init"
(cd "$stage/l2" && find . | cpio -o -H newc --quiet) >"$stage/root/vmm/l2.cpio"

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
list=$stage/list
grep -v '^#' "$REPO/tests/vmm.txt" | awk 'NF' >"$list"
rc=0
VM_EXTRA_ROOT=$stage/root "$REPO/scripts/run-vm.sh" "$OUT/check/arch/x86/boot/bzImage" "$stage/tests" "$list" "$res" ||
	{ rc=$?; log "vmm: run-vm.sh failed (exit $rc); judging what it left"; }
for f in "$res"/tests/*.log; do
	[ -f "$f" ] && { echo "--- $(basename "$f" .log)"; grep -E '^(ok|not ok|# )' "$f" | sed 's/^/  /'; }
done
"$REPO/scripts/gate-tests.sh" "$res" || rc=1
"$REPO/scripts/scan-log.sh" "$res" || rc=1
exit $rc
