#!/bin/bash
# gate-arm64.sh TREE RESULTDIR: the series' KVM code cross-builds for arm64 and
# adds no W=1 or sparse diagnostic to the files the series touches, compared
# with the base: W=1 C=1 builds of arch/arm64/kvm/ (which compiles virt/kvm/
# too) at the base and at the tip (TREE's HEAD), in the arm64 test VM's own
# tree, $OUT/arm64-check (the base config + debug.config for arm64), whose
# kernel arm64-vm.sh builds next. Leaves TREE at the tip.
export KARCH=arm64
. "$(dirname "$0")/lib.sh"
tree=$1 res=$2 out=$OUT/arm64-check
tip=$(git -C "$tree" rev-parse HEAD)
mkdir -p "$res"
mapfile -t cfg < <(config_files base debug)
export KBUILD_EXTRA_WARN=1

# akvm NAME: W=1 C=1 build of arch/arm64/kvm/; the output in $res/NAME.log,
# the diagnostics in files the series touches in $res/NAME.warn.
akvm() {
	log "W=1 C=1 build of arch/arm64/kvm/ ($1)"
	kmake "$tree" "$out" -s C=1 arch/arm64/kvm/ >"$res/$1.log" 2>&1 ||
		{ tail -n 30 "$res/$1.log"; return 1; }
	# shellcheck disable=SC2086
	"$REPO/scripts/warnings.py" --root "$tree" --cwd "$out" "$res/$1.log" --only $changed >"$res/$1.warn"
}

trap 'git -C "$tree" checkout -q -f "$tip"' EXIT
changed=$(git -C "$tree" diff --name-only base "$tip")
git -C "$tree" checkout -q -f base
CONFIG_ONLY=1 "$REPO/scripts/build-kernel.sh" "$tree" "$out" "${cfg[@]}" >"$res/config.log" 2>&1 ||
	{ cat "$res/config.log"; die "cannot configure $out"; }
# Every touched file recompiled at the base too, so both builds check it.
for f in $changed; do [ -f "$tree/$f" ] && touch "$tree/$f"; done
akvm base || die "the base's KVM does not build for arm64"
git -C "$tree" checkout -q -f "$tip"
akvm tip || die "the series' KVM does not build for arm64"
new=$("$REPO/scripts/warnings.py" --new "$res/base.warn" "$res/tip.warn")
if [ -n "$new" ]; then
	echo "the series adds W=1/sparse diagnostics to files it touches (arm64):"
	echo "$new" | sed 's/^/  /'
	exit 1
fi
echo "arm64 KVM built at the base and the tip, no new W=1/sparse diagnostics: $(find "$out/arch/arm64/kvm" -name '*.o' | wc -l) objects"
