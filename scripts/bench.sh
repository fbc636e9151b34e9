#!/bin/bash
# bench.sh: the irqfd benchmark, base against series, in one run. Builds the
# unpatched base and the series with the base config only (no debug
# options) and runs the series' irqfd_bench (one static binary; on the base it
# measures the paths that exist there) in the VM, BOOTS boots of each kernel
# (default 3), alternating: base, series; series, base; ... so that neither
# kernel always runs first on a warm host. bench-table.py pools each kernel's
# samples into medians and spreads; results/bench/ keeps the logs, table.txt
# and plot.png. Fails if a run of the benchmark failed or did not finish.
# BENCH_ARGS: options of irqfd_bench (default -F -M: its full run, memory
# counted in a memory cgroup).
# An x86_64 entry point, whatever KARCH the caller has (arm64-vm.sh is arm64's).
export KARCH=x86_64
. "$(dirname "$0")/lib.sh"
res=$RESULTS/bench
: "${BENCH_ARGS:=-F -M}" "${BENCH_TIMEOUT:=5400}" "${BOOTS:=3}"
case $BOOTS in '' | *[!0-9]* | 0) die "BOOTS must be a positive number, not '$BOOTS'" ;; esac

# One selftest build serves both kernels: irqfd_bench is static.
prepare base "$OUT/bench-base" - base
prepare series "$OUT/bench-series" "$OUT/bench-selftests" base

# Timings need a clocksource finer than jiffies: under TCG the vCPUs' TSCs
# look unsynchronized to the guest, which then falls back to jiffies (4 ms).
export VM_APPEND="tsc=reliable"
# The capacity section's million irqfds and eventfds take about 1.5 GiB.
export VM_MEM=${VM_MEM:-8G}
# The guest's TSC runs at the host's; its rate is read once here, the median
# of five readings, and every boot gets the same (run-vm.sh would read it
# again before each boot, and two boots could be scaled differently).
VM_TSC_KHZ=$(for i in 1 2 3 4 5; do
	awk -F: '/^cpu MHz/{printf "%d\n", $2 * 1000; exit}' /proc/cpuinfo
	sleep 0.2
done | sort -n | sed -n 3p)
export VM_TSC_KHZ

rm -rf "$res"
mkdir -p "$res"
echo "x86_64/irqfd_bench $BENCH_TIMEOUT $BENCH_ARGS" >"$res/bench.list"
for b in $(seq "$BOOTS"); do
	order="base series"
	[ $((b % 2)) -eq 0 ] && order="series base"
	for k in $order; do
		log "bench: boot $b of $BOOTS, $k kernel"
		"$REPO/scripts/run-vm.sh" "$OUT/bench-$k/arch/x86/boot/bzImage" "$OUT/bench-selftests" \
			"$res/bench.list" "$res/$k$b"
		cp "$res/$k$b/tests/x86_64_irqfd_bench.log" "$res/bench-$k$b.log" ||
			: >"$res/bench-$k$b.log"
	done
done
set +e
{
	echo "irqfd_bench $BENCH_ARGS on Linux $(base_version): $BOOTS boots per kernel," \
		"alternating; guest TSC $VM_TSC_KHZ kHz for every boot; $(date -u +%F)"
	echo
	"$REPO/scripts/bench-table.py" --check --plot "$res/plot.png" \
		--base "$res"/bench-base*.log --series "$res"/bench-series*.log
} | tee "$res/table.txt"
rc=${PIPESTATUS[0]}
set -e
[ "$rc" -eq 0 ] || die "bench: a run of irqfd_bench failed or did not finish (see above)"
log "bench: table in ${res#"$REPO"/}/table.txt, plot in ${res#"$REPO"/}/plot.png"
