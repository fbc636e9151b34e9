#!/bin/bash
# fuzz.sh: the full run of irqfd_fuzz_test (FUZZ_CALLS calls, default one
# million, FUZZ_SEED to repeat a run) on the series' debug kernel in the VM;
# make check runs a short one from tests/series.txt. Judged like make demo:
# the test's own verdict and a clean kernel log. Logs: results/fuzz/.
. "$(dirname "$0")/lib.sh"
res=$RESULTS/fuzz
tree=$CACHE/check
: "${FUZZ_CALLS:=1000000}" "${FUZZ_SEED:=}" "${FUZZ_TIMEOUT:=5400}"

"$REPO/scripts/deps.sh"
"$REPO/scripts/apply-series.sh" "$tree" check
"$REPO/scripts/build-kernel.sh" "$tree" "$OUT/check" "$REPO/config/base.config" "$REPO/config/debug.config"
"$REPO/scripts/build-selftests.sh" "$tree" "$OUT/check" "$OUT/check-selftests"
mkdir -p "$res"
echo "x86_64/irqfd_fuzz_test $FUZZ_TIMEOUT -n $FUZZ_CALLS${FUZZ_SEED:+ -s $FUZZ_SEED}" >"$res.list"
rc=0
"$REPO/scripts/run-vm.sh" "$OUT/check/arch/x86/boot/bzImage" "$OUT/check-selftests" "$res.list" "$res" || rc=$?
grep '^#' "$res/tests/x86_64_irqfd_fuzz_test.log" 2>/dev/null || true
"$REPO/scripts/gate-tests.sh" "$res" || rc=1
"$REPO/scripts/scan-log.sh" "$res" || rc=1
[ $rc -eq 0 ] || log "fuzz: FAILED (logs in ${res#"$REPO"/}/)"
exit $rc
