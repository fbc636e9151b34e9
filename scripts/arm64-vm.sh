#!/bin/bash
# arm64-vm.sh [series|base]: the arm64 test VM alone. Builds the arm64 debug
# kernel (Debian's cross compiler; config/common.config + arm64.config +
# debug.config) and the aarch64 KVM selftests of the series (or of the
# unpatched base), boots qemu-system-aarch64 (TCG, the virt machine with EL2
# and a GICv3 with an ITS, so KVM runs inside) and runs the series' arm64
# tests (tests/arm64/series.txt) and the upstream ones that pass on the base
# (tests/arm64/base-pass.txt, make arm64-baseline); judged as in make check,
# kernel log included. Logs: results/arm64-vm/ (results/arm64-vm-base/).
export KARCH=arm64
. "$(dirname "$0")/lib.sh"
which=${1:-series}
case $which in
series) res=$RESULTS/arm64-vm kout=$OUT/arm64-check sout=$OUT/arm64-check-selftests ;;
base) res=$RESULTS/arm64-vm-base kout=$OUT/arm64-base sout=$OUT/arm64-base-selftests ;;
*) die "usage: arm64-vm.sh [series|base]" ;;
esac
# check.sh has applied the series to its tree already (its apply gate) and
# says so with ARM64_TREE_READY=1: then prepare leaves the tree as it is.
arm64_step() {
	[ "$1" = apply ] && [ "${ARM64_TREE_READY:-0}" = 1 ] && return 0
	shift
	"$@"
}
STEP=arm64_step prepare "$which" "$kout" "$sout" base debug
mkdir -p "$res"
lists=()
for l in "$REPO"/tests/arm64/series.txt "$REPO"/tests/arm64/base-pass.txt; do
	[ -f "$l" ] && lists+=("$l")
done
test_list "${lists[@]}" >"$res.list"
[ -s "$res.list" ] || die "no arm64 tests listed (tests/arm64/series.txt, base-pass.txt)"
log "arm64-vm: $(wc -l <"$res.list") tests"
rc=0
"$REPO/scripts/run-vm.sh" "$kout/$KIMAGE" "$sout" "$res.list" "$res" ||
	{ rc=$?; log "arm64-vm: run-vm.sh failed (exit $rc); judging what it left"; }
"$REPO/scripts/gate-tests.sh" "$res" || rc=1
"$REPO/scripts/scan-log.sh" "$res" || rc=1
exit $rc
