#!/bin/bash
# fuzz.sh: the full run of irqfd_fuzz_test (FUZZ_CALLS calls, default one
# million; FUZZ_SEED repeats a run) on the series' debug kernel: make demo with
# this one test instead of tests/series.txt, which runs a short one for make
# check. Logs: results/fuzz/.
# An x86_64 entry point, whatever KARCH the caller has (arm64-vm.sh is arm64's).
export KARCH=x86_64
. "$(dirname "$0")/lib.sh"
: "${FUZZ_CALLS:=1000000}" "${FUZZ_SEED:=}" "${FUZZ_TIMEOUT:=5400}"
mkdir -p "$RESULTS"
list=$RESULTS/fuzz.tests
echo "x86_64/irqfd_fuzz_test $FUZZ_TIMEOUT -n $FUZZ_CALLS${FUZZ_SEED:+ -s $FUZZ_SEED}" >"$list"
DEMO_LIST=$list DEMO_NAME=fuzz exec "$REPO/scripts/demo.sh"
