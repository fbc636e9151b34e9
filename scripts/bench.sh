#!/bin/bash
# bench.sh: the irqfd benchmark, base against series, in one run. Builds the
# unpatched base and the series with config/base.config only (no debug
# options), runs the series' irqfd_bench (one static binary; on the base it
# measures the paths that exist there) in the VM on each, and prints the
# table of both; results/bench/ keeps the logs, table.txt and plot.png.
# BENCH_ARGS passes options to irqfd_bench (default: its full run).
. "$(dirname "$0")/lib.sh"
res=$RESULTS/bench
tree=$CACHE/check
: "${BENCH_ARGS:=}" "${BENCH_TIMEOUT:=5400}"

"$REPO/scripts/deps.sh"
"$REPO/scripts/apply-series.sh" "$tree" check
"$REPO/scripts/build-kernel.sh" "$BASE_TREE" "$OUT/bench-base" "$REPO/config/base.config"
"$REPO/scripts/build-kernel.sh" "$tree" "$OUT/bench-series" "$REPO/config/base.config"
"$REPO/scripts/build-selftests.sh" "$tree" "$OUT/bench-series" "$OUT/bench-selftests"

# Timings need a clocksource finer than jiffies: under TCG the vCPUs' TSCs
# look unsynchronized to the guest, which then falls back to jiffies (4 ms).
export VM_APPEND="tsc=reliable"

rm -rf "$res"
mkdir -p "$res"
echo "x86_64/irqfd_bench $BENCH_TIMEOUT $BENCH_ARGS" >"$res/bench.list"
for k in base series; do
	log "bench: running on the $k kernel"
	"$REPO/scripts/run-vm.sh" "$OUT/bench-$k/arch/x86/boot/bzImage" "$OUT/bench-selftests" \
		"$res/bench.list" "$res/$k"
	cp "$res/$k/tests/x86_64_irqfd_bench.log" "$res/bench-$k.log"
done
"$REPO/scripts/bench-table.py" --base "$res/bench-base.log" --series "$res/bench-series.log" \
	--plot "$res/plot.png" | tee "$res/table.txt"
log "bench: Linux $(base_version), table in ${res#"$REPO"/}/table.txt, plot in ${res#"$REPO"/}/plot.png"
