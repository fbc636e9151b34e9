# Shared settings and helpers for the harness scripts. Source it; do not run it.
# shellcheck shell=bash

set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CACHE=${IRQFD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kvm-irqfd}
BASE_TARBALL=${BASE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
BASE_TREE=$CACHE/base        # pristine base, a git repo with tag "base"
WORKSPACE=$CACHE/linux       # base + series as commits: where you edit
OUT=$CACHE/out               # kernel and selftest build directories
RESULTS=${RESULTS:-$REPO/results}
PATCHES=$REPO/patches        # the KVM irqfd series
INTX_PATCHES=$REPO/patches-intx  # the genirq/vfio INTx series, applied after it
JOBS=${JOBS:-$(nproc)}

export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
# ccache keys on file content; with no debug info the paths do not matter.
export CCACHE_BASEDIR=$CACHE CCACHE_NOHASHDIR=1
# Fixed dates make the base commit, and so the exported patches, reproducible.
export GIT_AUTHOR_NAME="KVM irqfd series" GIT_AUTHOR_EMAIL="kvm-irqfd@example.org"
export GIT_COMMITTER_NAME="KVM irqfd series" GIT_COMMITTER_EMAIL="kvm-irqfd@example.org"

mkdir -p "$CACHE" "$OUT" "$RESULTS"

log()  { printf '[%s] %s\n' "$(date +%T)" "$*"; }
die()  { printf '[%s] ERROR: %s\n' "$(date +%T)" "$*" >&2; exit 1; }

# patches_in DIR: one series' patches, in order, without its cover letter.
patches_in() { find "$1" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' 2>/dev/null | sort; }
# Both series, in the order they apply: what every gate builds and checks.
series_patches() {
	patches_in "$PATCHES"
	patches_in "$INTX_PATCHES"
}

# Base version, e.g. 6.12.117, as recorded in the base tree's Makefile.
base_version() {
	awk '/^VERSION =/{v=$3} /^PATCHLEVEL =/{p=$3} /^SUBLEVEL =/{s=$3} END{print v"."p"."s}' "$BASE_TREE/Makefile"
}

# run_stage NAME LOGFILE CMD...: run CMD with its output in LOGFILE, print the
# verdict and time; on failure show the log's tail. Returns CMD's status.
run_stage() {
	local name=$1 logf=$2 t0 rc
	shift 2
	t0=$(date +%s)
	log "stage $name: start (log: ${logf#"$REPO"/})"
	set +e
	# The whole output goes to the log; its own progress lines ("[hh:mm:ss]
	# ...", and run-vm.sh's "    [n/N] test rc") also to the terminal, so
	# that a long stage shows where it is.
	"$@" 2>&1 | tee "$logf" | grep --line-buffered -E '^\[[0-9:]{8}\] |^    \[[0-9]+/[0-9]+\] ' | sed -u 's/^/    /'
	rc=${PIPESTATUS[0]}
	set -e
	if [ $rc -eq 0 ]; then
		log "stage $name: PASS ($(( $(date +%s) - t0 ))s)"
	else
		log "stage $name: FAIL ($(( $(date +%s) - t0 ))s, exit $rc); last lines of ${logf#"$REPO"/}:"
		tail -n 30 "$logf" | sed 's/^/    | /'
	fi
	return $rc
}

# prepare base|series KOUT SOUT CONFIG...: the steps every entry point takes
# before it boots a kernel. Install what is missing (deps.sh), unpack the base
# (base.sh) and, for "series", apply the series to it in $CACHE/check
# (apply-series.sh); build that tree's kernel in KOUT from the fragments
# config/CONFIG.config, and its KVM selftests in SOUT (not with SOUT "-").
# Each step runs as "$STEP NAME CMD..." (default: just CMD); check.sh counts
# them as gates. $AFTER_TREE, if set, runs once the tree is ready, before the
# build (check.sh's source gates). Returns the status of a step that failed.
prepare() {
	local which=$1 kout=$2 sout=$3 tree=$BASE_TREE
	local -a cfg=()
	shift 3
	mapfile -t cfg < <(config_files "$@")
	${STEP:-run_step} deps "$REPO/scripts/deps.sh" || return
	${STEP:-run_step} base "$REPO/scripts/base.sh" || return
	case $which in
	base) ;;
	series)
		tree=$CACHE/check
		${STEP:-run_step} apply "$REPO/scripts/apply-series.sh" "$tree" check || return
		;;
	*) die "prepare: base or series, not '$which'" ;;
	esac
	[ -z "${AFTER_TREE:-}" ] || $AFTER_TREE
	${STEP:-run_step} kernel "$REPO/scripts/build-kernel.sh" "$tree" "$kout" "${cfg[@]}" || return
	[ "$sout" = - ] ||
		${STEP:-run_step} selftests "$REPO/scripts/build-selftests.sh" "$tree" "$kout" "$sout"
}
# run_step NAME CMD...: prepare's default step, CMD as it is.
run_step() {
	shift
	"$@"
}

# The architecture of the kernel, the selftests and the test VM: x86_64, or
# arm64 (built with Debian's cross compiler, run in qemu-system-aarch64).
export KARCH=${KARCH:-x86_64}
case $KARCH in
x86_64) CROSS=() KIMAGE=arch/x86/boot/bzImage ;;
arm64) CROSS=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-) KIMAGE=arch/arm64/boot/Image ;;
*) die "KARCH must be x86_64 or arm64, not '$KARCH'" ;;
esac

# config_files NAME...: the kernel config fragments of these names, one path
# a line: config/NAME.config, but "base" is config/common.config and then
# KARCH's own (config/x86_64.config or config/arm64.config).
config_files() {
	local c
	for c in "$@"; do
		case $c in
		base) printf '%s\n' "$REPO/config/common.config" "$REPO/config/$KARCH.config" ;;
		*) echo "$REPO/config/$c.config" ;;
		esac
	done
}

# kmake TREE OUTDIR ARGS...: kernel make with ccache, out of tree, for KARCH.
kmake() {
	local tree=$1 out=$2 cc=gcc
	shift 2
	mkdir -p "$out"
	[ "$KARCH" = x86_64 ] || cc=aarch64-linux-gnu-gcc
	make -C "$tree" O="$out" -j"$JOBS" "${CROSS[@]}" CC="ccache $cc" HOSTCC="ccache gcc" "$@"
}

# listed FILE NAME: the test NAME is listed in FILE (tests/*.txt: first word of
# a line). An entry without a directory matches the test of that name in any
# directory: tests/flaky.txt says system_counter_offset_test, the runs say
# x86_64/system_counter_offset_test.
listed() {
	test_list "$1" | awk -v n="$2" -v b="${2##*/}" '$1 == n || ($1 !~ /\// && $1 == b) {f = 1}
		END {exit !f}'
}

# test_list FILE...: the entries of test lists (tests/*.txt), without
# comments and blank lines: "test [timeout [arguments]]" per line.
test_list() {
	awk '!/^#/ && NF' "$@"
}

# test_stem NAME ROUND ROUNDS: the name of a test's files under RESULTDIR/tests/
# (.log, .dmesg): NAME with / replaced by _, plus .rROUND when the run had more
# than one round. parse-serial.sh's awk names them the same way.
test_stem() {
	local s=${1//\//_}
	[ "${3:-1}" -gt 1 ] && s+=".r$2"
	echo "$s"
}
