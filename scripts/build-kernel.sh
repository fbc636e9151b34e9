#!/bin/bash
# build-kernel.sh TREE OUTDIR FRAGMENT...: configure (tinyconfig + fragments)
# and build the kernel image (bzImage; with KARCH=arm64, Image) and the uapi
# headers of TREE in OUTDIR, with ccache.
# With CONFIG_ONLY=1 it stops after configuring.
. "$(dirname "$0")/lib.sh"
tree=$1 out=$2
shift 2

mkdir -p "$out"
# What the fragments ask for; a later fragment overrides an earlier one (as
# merge_config.sh does): config/vmm-l1.config turns on what common.config leaves off.
want=$(cat "$@" | grep -E '^CONFIG_' | awk -F= '{v[$1] = $0} END {for (o in v) print v[o]}' | sort)
if [ ! -f "$out/.config" ] || [ "$(cat "$out/.fragments" 2>/dev/null)" != "$want" ]; then
	log "configuring $out from tinyconfig + $*"
	kmake "$tree" "$out" -s tinyconfig
	"$tree/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$@" >"$out/.merge.log"
	kmake "$tree" "$out" -s olddefconfig
	# Every option the fragments ask for must have stuck.
	bad=0
	while IFS='=' read -r opt val; do
		got=$(grep -E "^$opt=|^# $opt is not set" "$out/.config" | sed "s/^# $opt is not set/n/; s/^$opt=//" || true)
		[ "$val" = n ] && [ -z "$got" ] && continue
		[ "$got" = "$val" ] || { echo "config: $opt=$val requested, got '${got:-unset}'"; bad=1; }
	done <<<"$want"
	[ $bad -eq 0 ] || die "kernel config fragments did not apply"
	echo "$want" >"$out/.fragments"
fi
[ "${CONFIG_ONLY:-0}" = 1 ] && exit 0
log "building ${KIMAGE##*/} in $out"
kmake "$tree" "$out" -s "${KIMAGE##*/}"
kmake "$tree" "$out" -s headers
log "built $(kmake "$tree" "$out" -s kernelrelease 2>/dev/null | tail -n 1)"
