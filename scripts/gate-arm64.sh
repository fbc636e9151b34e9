#!/bin/bash
# gate-arm64.sh TREE: cross-build the patched KVM code for arm64 (build only):
# arch/arm64/kvm/ compiles virt/kvm/ too. arm64 defconfig has KVM=y.
. "$(dirname "$0")/lib.sh"
tree=$1 out=$OUT/arm64
arm=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu- CC="ccache aarch64-linux-gnu-gcc")
[ -f "$out/.config" ] || kmake "$tree" "$out" -s "${arm[@]}" defconfig
grep -q '^CONFIG_KVM=y' "$out/.config" || die "arm64 defconfig has no CONFIG_KVM=y"
kmake "$tree" "$out" -s "${arm[@]}" arch/arm64/kvm/
echo "arm64 KVM built: $(find "$out/arch/arm64/kvm" "$out/virt" -name '*.o' 2>/dev/null | wc -l) objects"
