#!/bin/bash
# check.sh: every gate of the series, each a stage with its time and verdict,
# ending with "check: N passed, N failed, N skipped". Logs: results/check/.
. "$(dirname "$0")/lib.sh"
res=$RESULTS/check
tree=$CACHE/check
rm -rf "$res"
mkdir -p "$res"
t0=$(date +%s)
passed=0 failed=0 skipped=0
failed_stages=""

# stage NAME CMD...: run one gate; count it.
stage() {
	local name=$1
	shift
	if run_stage "$name" "$res/$name.log" "$@"; then
		passed=$((passed + 1))
		return 0
	fi
	failed=$((failed + 1))
	failed_stages+=" $name"
	return 1
}
skip() { log "stage $1: SKIPPED ($2)"; skipped=$((skipped + 1)); }

stage deps "$REPO/scripts/deps.sh" || die "cannot install what the harness needs"
stage base "$REPO/scripts/base.sh" || die "no base tree"
log "base: Linux $(base_version) (Debian linux-source-6.12); series: $(series_patches | wc -l) patches"
stage apply "$REPO/scripts/apply-series.sh" "$tree" check || die "the series does not apply"
stage checkpatch "$REPO/scripts/gate-checkpatch.sh" "$tree" || true
mkdir -p "$res/build"
stage bisect-w1-sparse "$REPO/scripts/gate-build.sh" "$tree" "$res/build" || true
stage arm64 "$REPO/scripts/gate-arm64.sh" "$tree" || true

# The bisect stage leaves the tip's debug kernel built; this only checks it.
if stage kernel "$REPO/scripts/build-kernel.sh" "$tree" "$OUT/check" \
	"$REPO/config/base.config" "$REPO/config/debug.config" &&
	stage selftests "$REPO/scripts/build-selftests.sh" "$tree" "$OUT/check" "$OUT/check-selftests"; then
	grep -hv '^#' "$REPO/tests/series.txt" "$REPO/tests/base-pass.txt" | awk 'NF' >"$res/tests.list"
	log "vm: $(grep -vc '^#' "$REPO/tests/series.txt" || true) series tests + $(grep -vc '^#' "$REPO/tests/base-pass.txt" || true) upstream tests that pass on the base"
	"$REPO/scripts/run-vm.sh" "$OUT/check/arch/x86/boot/bzImage" "$OUT/check-selftests" \
		"$res/tests.list" "$res/vm"
	stage tests "$REPO/scripts/gate-tests.sh" "$res/vm" || true
	cat "$res/tests.log"
	stage kernel-log "$REPO/scripts/scan-log.sh" "$res/vm" || true
else
	skip tests "no test kernel"
	skip kernel-log "no test kernel"
fi

# In-VM tests count one each; the gates count one each.
if [ -f "$res/vm/counts" ]; then
	read -r tp tf ts <"$res/vm/counts"
	passed=$((passed + tp)) failed=$((failed + tf)) skipped=$((skipped + ts))
fi
log "check on Linux $(base_version) took $(( $(date +%s) - t0 ))s; failed stages:${failed_stages:- none}"
echo "check: $passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
