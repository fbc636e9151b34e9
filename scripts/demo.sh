#!/bin/bash
# demo.sh: the main job. Apply the series to the base, build the patched debug
# kernel and the selftests, boot it in QEMU and run the series' own irqfd
# selftests, with a readable summary. REPEAT=N runs the list N times in the one
# boot and prints each test's passes over the rounds. Both judges run, the
# tests and the kernel log, whatever the first says; the exit status is non-zero
# if either fails. Logs: results/demo/. DEMO_LIST and DEMO_NAME run another
# list of the series' tests (same format) into results/DEMO_NAME/ (fuzz.sh).
# An x86_64 entry point, whatever KARCH the caller has (arm64-vm.sh is arm64's).
export KARCH=x86_64
. "$(dirname "$0")/lib.sh"
: "${DEMO_LIST:=$REPO/tests/series.txt}" "${DEMO_NAME:=demo}"
res=$RESULTS/$DEMO_NAME
rounds=${REPEAT:-1}
case $rounds in '' | *[!0-9]* | 0) die "REPEAT must be a positive number, not '$rounds'" ;; esac
prepare series "$OUT/check" "$OUT/check-selftests" base debug
mkdir -p "$res"
test_list "$DEMO_LIST" >"$res.list"
[ -s "$res.list" ] || die "no selftests to run in ${DEMO_LIST#"$REPO"/}"
rc=0
"$REPO/scripts/run-vm.sh" "$OUT/check/arch/x86/boot/bzImage" "$OUT/check-selftests" "$res.list" "$res" "$rounds" ||
	{ rc=$?; log "demo: run-vm.sh failed (exit $rc); judging what it left"; }
echo
echo "=== irqfd series on Linux $(base_version): what each selftest checked ==="
# One round is enough to show what the tests check: the first.
for f in "$res"/tests/*.log; do
	[ -f "$f" ] || continue
	case $f in *.r[0-9]*.log) [[ $f == *.r1.log ]] || continue ;; esac
	echo "--- $(basename "$f" .log)"
	{ grep -E '^(ok|not ok|# )' "$f" || true; } | { grep -v '^# Random seed' || true; } | sed 's/^/  /'
done
echo
"$REPO/scripts/gate-tests.sh" "$res" || rc=1
"$REPO/scripts/scan-log.sh" "$res" || rc=1
[ $rc -eq 0 ] || log "demo: FAILED (see the tests and the kernel log above; logs in ${res#"$REPO"/}/)"
exit $rc
