#!/bin/bash
# gate-build.sh TREE RESULTDIR: every commit of the series in TREE (a worktree
# at the series' tip) builds on its own, and adds no W=1 or sparse warning to
# the files it touches, compared with the base. Builds in $OUT/w1 with W=1 C=1
# (sparse on every file that is recompiled); leaves TREE at the tip.
. "$(dirname "$0")/lib.sh"
tree=$1 res=$2
w1=$OUT/w1
tip=$(git -C "$tree" rev-parse HEAD)
commits=$(git -C "$tree" rev-list --reverse base.."$tip")

# wbuild NAME: build vmlinux with W=1 and sparse; diagnostics in $res/NAME.log.
wbuild() {
	log "W=1 C=1 build: $1"
	CONFIG_ONLY=1 "$REPO/scripts/build-kernel.sh" "$tree" "$w1" "$REPO/config/base.config" >"$res/$1.log" 2>&1 || return 1
	kmake "$tree" "$w1" -s W=1 C=1 vmlinux >>"$res/$1.log" 2>&1
}

trap 'git -C "$tree" checkout -q -f "$tip"' EXIT
git -C "$tree" checkout -q -f base
# Rebuild at the base everything the series touches, so its warnings are known.
changed=$(git -C "$tree" diff --name-only base "$tip")
for f in $changed; do [ -f "$tree/$f" ] && touch "$tree/$f"; done
wbuild base || { tail -n 30 "$res/base.log"; die "the base does not build"; }
"$REPO/scripts/warnings.py" "$res/base.log" >"$res/base.warn"

fail=0 i=0
for c in $commits; do
	i=$((i + 1))
	git -C "$tree" checkout -q -f "$c"
	subject=$(git -C "$tree" log -1 --format=%s "$c")
	name=$(printf 'patch-%02d' $i)
	if ! wbuild "$name"; then
		echo "patch $i ($subject) breaks the build:"
		grep -E 'error|Error' "$res/$name.log" | head -n 20 | sed 's/^/  /'
		fail=1
		break
	fi
	touched=$(git -C "$tree" diff --name-only "$c^" "$c")
	# shellcheck disable=SC2086
	"$REPO/scripts/warnings.py" "$res/$name.log" --only $touched >"$res/$name.warn"
	new=$(comm -13 "$res/base.warn" "$res/$name.warn")
	if [ -n "$new" ]; then
		echo "patch $i ($subject) adds W=1/sparse diagnostics in files it touches:"
		echo "$new" | sed 's/^/  /'
		fail=1
	else
		echo "patch $i builds, no new W=1/sparse diagnostics: $subject"
	fi
done
echo "$i of $(echo "$commits" | grep -c . || true) patches built in order"
exit $fail
