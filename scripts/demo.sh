#!/bin/bash
# demo.sh: the main job. Apply the series to the base, build the patched debug
# kernel and the selftests, boot it in QEMU and run the series' own irqfd
# selftests, with a readable summary. Logs: results/demo/.
. "$(dirname "$0")/lib.sh"
res=$RESULTS/demo
tree=$CACHE/check
"$REPO/scripts/deps.sh"
"$REPO/scripts/apply-series.sh" "$tree" check
"$REPO/scripts/build-kernel.sh" "$tree" "$OUT/check" "$REPO/config/base.config" "$REPO/config/debug.config"
"$REPO/scripts/build-selftests.sh" "$tree" "$OUT/check" "$OUT/check-selftests"
mkdir -p "$res"
grep -v '^#' "$REPO/tests/series.txt" | awk 'NF' >"$res.list"
[ -s "$res.list" ] || die "the series has no selftests yet (tests/series.txt)"
"$REPO/scripts/run-vm.sh" "$OUT/check/arch/x86/boot/bzImage" "$OUT/check-selftests" "$res.list" "$res"
echo
echo "=== irqfd series on Linux $(base_version): what each selftest checked ==="
for f in "$res"/tests/*.log; do
	echo "--- $(basename "$f" .log)"
	grep -E '^(ok|not ok|# )' "$f" | grep -v '^# Random seed' | sed 's/^/  /'
done
echo
"$REPO/scripts/gate-tests.sh" "$res"
"$REPO/scripts/scan-log.sh" "$res"
