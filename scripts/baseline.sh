#!/bin/bash
# baseline.sh: run every upstream x86_64 KVM selftest on the unpatched base
# (same kernel config and VM as check.sh) and write the ones that pass to
# tests/base-pass.txt: the regression gate of check.sh. Logs: results/baseline/.
# With --list-only, rewrite the list from the results of the last run.
. "$(dirname "$0")/lib.sh"
res=$RESULTS/baseline
"$REPO/scripts/deps.sh"
"$REPO/scripts/base.sh"
"$REPO/scripts/build-kernel.sh" "$BASE_TREE" "$OUT/base" "$REPO/config/base.config" "$REPO/config/debug.config"
"$REPO/scripts/build-selftests.sh" "$BASE_TREE" "$OUT/base" "$OUT/base-selftests"
mkdir -p "$res"
awk '{print $1, 240}' "$OUT/base-selftests/tests.list" >"$res.list"
[ "${1:-}" = --list-only ] ||
	TEST_TIMEOUT=240 "$REPO/scripts/run-vm.sh" "$OUT/base/arch/x86/boot/bzImage" "$OUT/base-selftests" "$res.list" "$res"
"$REPO/scripts/scan-log.sh" "$res" || log "baseline: the base's own kernel log is not clean (see above)"
{
	echo "# Upstream x86_64 KVM selftests that pass on the unpatched base: Linux $(base_version)"
	echo "# (Debian linux-source-6.12), config/base.config + debug.config, QEMU TCG -cpu EPYC,+svm,+npt."
	echo "# Written by 'make baseline' on $(date -u +%F); $(cut -f2 "$res/results.tsv" | sort | uniq -c | awk '{printf "%s %s ", $1, $2}')"
	echo "# Format: test [timeout-seconds]"
	echo "# Left out as flaky in this VM: tests/flaky.txt"
	# flaky.txt may name a test without its directory: listed (lib.sh) matches.
	awk -F'\t' '$2 == "PASS" {print $1, ($3 * 3 < 120 ? 120 : $3 * 3)}' "$res/results.tsv" |
		while read -r name tmo; do listed "$REPO/tests/flaky.txt" "$name" || echo "$name $tmo"; done
} >"$REPO/tests/base-pass.txt"
awk -F'\t' '$2 != "PASS" {print "  not in the gate: " $1 " (" $2 ")"}' "$res/results.tsv"
log "baseline: $(test_list "$REPO/tests/base-pass.txt" | wc -l) tests written to tests/base-pass.txt"
