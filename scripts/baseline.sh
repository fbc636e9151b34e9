#!/bin/bash
# baseline.sh: run every upstream x86_64 KVM selftest on the unpatched base
# (same kernel config and VM as check.sh) and write the ones that pass in every
# round to tests/base-pass.txt: the regression gate of check.sh. With
# KARCH=arm64, the aarch64 ones in the arm64 test VM, into
# tests/arm64/base-pass.txt (flaky ones: tests/arm64/flaky.txt). REPEAT (default
# 3) runs the whole list that many times in one boot: a test that passed once
# on the base is weak evidence (xapic_ipi_test joined the gate so and then
# failed one run in three). Tests in the list's directory's slow.txt are not
# run. Logs: results/baseline/. With --list-only, rewrite the list from the
# results of the last run.
. "$(dirname "$0")/lib.sh"
case $KARCH in
x86_64)
	res=$RESULTS/baseline kout=$OUT/base sout=$OUT/base-selftests lists=$REPO/tests
	vm="QEMU TCG -cpu EPYC,+svm,+npt"
	;;
arm64)
	res=$RESULTS/arm64-baseline kout=$OUT/arm64-base sout=$OUT/arm64-base-selftests lists=$REPO/tests/arm64
	vm="QEMU TCG -M virt,virtualization=on,gic-version=3,its=on -cpu max,pauth-impdef=on"
	;;
esac
rounds=${REPEAT:-3}

# rounds_of RESULTS_TSV: how many rounds the run had.
rounds_of() { awk -F'\t' '$4 > r {r = $4} END {print r + 0}' "$1"; }
# per_test RESULTS_TSV: "name passes runs slowest-pass-seconds verdicts" per test.
per_test() {
	awk -F'\t' '!($1 in n) {o[++k] = $1} {n[$1]++; v[$1] = v[$1] (v[$1] == "" ? "" : ",") $2}
		$2 == "PASS" {p[$1]++; if ($3 > t[$1]) t[$1] = $3}
		END {for (i = 1; i <= k; i++) print o[i], p[o[i]] + 0, n[o[i]], t[o[i]] + 0, v[o[i]]}' "$1"
}
prepare base "$kout" "$sout" base debug
mkdir -p "$res" "$lists"
# slow.txt: tests that run past the 240 s limit in this VM, not run (a test
# that cannot finish cannot gate; running them costs 4 minutes each a round).
awk '{print $1, 240}' "$sout/tests.list" |
	while read -r name tmo; do
		listed "$lists/slow.txt" "$name" 2>/dev/null || echo "$name $tmo"
	done >"$res.list"
[ "${1:-}" = --list-only ] ||
	TEST_TIMEOUT=240 "$REPO/scripts/run-vm.sh" "$kout/$KIMAGE" "$sout" "$res.list" "$res" "$rounds"
"$REPO/scripts/scan-log.sh" "$res" || log "baseline: the base's own kernel log is not clean (see above)"
{
	echo "# Upstream $KARCH KVM selftests that pass on the unpatched base: Linux $(base_version)"
	echo "# (Debian linux-source-6.12), config/common.config + $KARCH.config + debug.config, $vm."
	echo "# Written by 'make $([ "$KARCH" = x86_64 ] && echo baseline || echo arm64-baseline)' on $(date -u +%F), $(rounds_of "$res/results.tsv") round(s); test runs: $(cut -f2 "$res/results.tsv" | sort | uniq -c | awk '{printf "%s %s ", $1, $2}')"
	echo "# Format: test [timeout-seconds]"
	echo "# Left out as flaky in this VM: ${lists#"$REPO"/}/flaky.txt"
	[ ! -f "$lists/slow.txt" ] || echo "# Not run, too slow for this VM: ${lists#"$REPO"/}/slow.txt"
	# flaky.txt may name a test without its directory: listed (lib.sh) matches.
	# Passed in every round; the timeout 3x the slowest pass, 120 s at least.
	per_test "$res/results.tsv" | awk '$2 == $3 {print $1, ($4 * 3 < 120 ? 120 : $4 * 3)}' |
		while read -r name tmo; do listed "$lists/flaky.txt" "$name" 2>/dev/null || echo "$name $tmo"; done
} >"$lists/base-pass.txt"
per_test "$res/results.tsv" | awk '$2 != $3 {print "  not in the gate: " $1 " (passed " $2 " of " $3 " runs: " $5 ")"}'
log "baseline: $(test_list "$lists/base-pass.txt" | wc -l) tests written to ${lists#"$REPO"/}/base-pass.txt"
