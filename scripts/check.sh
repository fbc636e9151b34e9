#!/bin/bash
# check.sh: every gate of the series, each a stage with its time and verdict,
# ending with "gates: ...", "tests: ..." and "check: N passed, N failed, N
# skipped". Logs: results/check/.
# What counts, once each: every stage but "tests" (deps, base, apply, ...,
# kernel-log), and every in-VM test run in place of the "tests" stage. A
# "tests" stage that fails without naming a failed test (no results) counts
# as one failure; one that cannot run (no test kernel) as one skip. If
# check.sh stops early (a stage it cannot go on without, or an unexpected
# error), the final line is printed all the same, the stop counted as a
# failure unless the stage that caused it was counted already.
# An x86_64 entry point, whatever KARCH the caller has (arm64-vm.sh is arm64's).
export KARCH=x86_64
. "$(dirname "$0")/lib.sh"
res=$RESULTS/check
tree=$CACHE/check
rm -rf "$res"
mkdir -p "$res"
t0=$(date +%s)
gp=0 gf=0 gs=0 tp=0 tf=0 ts=0
failed_stages="" finished=0 counted_stop=0

# finish: the summary, on every exit.
finish() {
	local rc=$?
	if [ $finished = 0 ] && [ $counted_stop = 0 ]; then
		gf=$((gf + 1)) failed_stages+=" check.sh(exit $rc)"
	fi
	log "check on Linux $(base_version 2>/dev/null || echo '?') took $(($(date +%s) - t0))s; failed:${failed_stages:- none}"
	echo "gates: $gp passed, $gf failed, $gs skipped"
	echo "tests: $tp passed, $tf failed, $ts skipped"
	echo "check: $((gp + tp)) passed, $((gf + tf)) failed, $((gs + ts)) skipped"
	[ $finished = 0 ] || exit $((gf + tf > 0))
}
trap finish EXIT
# stop MESSAGE: end check.sh after a stage failure that was counted already.
stop() {
	counted_stop=1
	die "$@"
}

# stage NAME CMD...: run one gate; count it.
stage() {
	local name=$1
	shift
	if run_stage "$name" "$res/$name.log" "$@"; then
		gp=$((gp + 1))
		return 0
	fi
	gf=$((gf + 1)) failed_stages+=" $name"
	return 1
}
skip() { log "stage $1: SKIPPED ($2)"; gs=$((gs + 1)); }

# gate NAME CMD...: a step of prepare (lib.sh), counted like any stage.
# Without the tools, the base or the applied series nothing else can run.
gate() {
	stage "$@" && return 0
	case $1 in
	deps) stop "cannot install what the harness needs" ;;
	base) stop "no base tree" ;;
	apply) stop "the series does not apply" ;;
	esac
	return 1
}
# source_gates: the gates on the patches themselves, once they are applied.
# The bisect builds in a lean tree of its own ($OUT/w1); the kernel stage
# after these builds the tip's debug kernel, once, in $OUT/check, and the
# arm64 gate leaves arch/arm64/kvm/ built in arm64-vm's tree.
source_gates() {
	log "base: Linux $(base_version) (Debian linux-source-6.12); series: $(series_patches | wc -l) patches"
	stage checkpatch "$REPO/scripts/gate-checkpatch.sh" "$tree" || true
	mkdir -p "$res/build"
	stage bisect-w1-sparse "$REPO/scripts/gate-build.sh" "$tree" "$res/build" || true
	stage arm64 "$REPO/scripts/gate-arm64.sh" "$tree" "$res/arm64" || true
}

if STEP=gate AFTER_TREE=source_gates prepare series "$OUT/check" "$OUT/check-selftests" base debug; then
	test_list "$REPO/tests/series.txt" "$REPO/tests/base-pass.txt" >"$res/tests.list"
	log "vm: $(test_list "$REPO/tests/series.txt" | wc -l) series tests + $(test_list "$REPO/tests/base-pass.txt" | wc -l) upstream tests that pass on the base"
	"$REPO/scripts/run-vm.sh" "$OUT/check/arch/x86/boot/bzImage" "$OUT/check-selftests" \
		"$res/tests.list" "$res/vm" || log "vm: run-vm.sh failed (exit $?); the gates judge what it left"
	# "tests" is not counted as a gate: its test runs are (counts).
	if run_stage tests "$res/tests.log" "$REPO/scripts/gate-tests.sh" "$res/vm"; then trc=0; else trc=1; fi
	cat "$res/tests.log"
	if [ -f "$res/vm/counts" ]; then read -r tp tf ts <"$res/vm/counts"; fi
	if [ $trc -ne 0 ]; then
		failed_stages+=" tests"
		[ "$tf" -gt 0 ] || tf=1
	fi
	stage kernel-log "$REPO/scripts/scan-log.sh" "$res/vm" || true
else
	log "stage tests: SKIPPED (no test kernel)"
	ts=1
	skip kernel-log "no test kernel"
fi
# The arm64 test VM on the same applied tree: its own debug kernel and the
# aarch64 selftests (tests/arm64/), judged and log-scanned by arm64-vm.sh.
stage arm64-vm env ARM64_TREE_READY=1 "$REPO/scripts/arm64-vm.sh" series || true
finished=1
