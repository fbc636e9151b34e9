#!/bin/bash
# The kernel workspace: a git worktree of the base with both series applied as
# commits on branch "series" (patches/, then patches-intx/). Edit and commit
# there, then export back.
#   workspace.sh update   create it, or re-apply the series if patches/ changed
#   workspace.sh status   list work not yet exported; exit 1 if there is some
#   workspace.sh export   write the workspace's commits back to patches/
. "$(dirname "$0")/lib.sh"

# The workspace's branch holds both series: the KVM series first, its commits'
# subjects all start with "KVM:", then the INTx series (genirq, vfio/pci).
# kvm_tip: the last commit of the KVM series.
kvm_tip() {
	local c tip=base prev=base
	for c in $(git -C "$WORKSPACE" rev-list --reverse base..series); do
		if git -C "$WORKSPACE" log -1 --format=%s "$c" | grep -q '^KVM:'; then
			[ "$tip" = "$prev" ] || die "commit $c (KVM:) follows the INTx series: move it before"
			tip=$c
		fi
		prev=$c
	done
	echo "$tip"
}

# format_one FROM TO DIR: the commits FROM..TO as patch files in DIR, with the
# cover letter's subject and blurb taken from DIR's namesake in the repo.
format_one() {
	local from=$1 to=$2 dir=$3 cover subject blurb n
	cover=$REPO/$(basename "$dir")/0000-cover-letter.patch
	mkdir -p "$dir"
	n=$(git -C "$WORKSPACE" rev-list --count "$from..$to")
	[ "$n" -gt 0 ] || return 0
	git -C "$WORKSPACE" format-patch -q --zero-commit --no-signature --cover-letter \
		--subject-prefix=PATCH -o "$dir" "$from..$to"
	subject='*** SUBJECT HERE ***'
	blurb="$dir/.blurb"
	echo '*** BLURB HERE ***' >"$blurb"
	if [ -f "$cover" ]; then
		subject=$(sed -n 's/^Subject: \[PATCH [0-9]*\/[0-9]*\] //p' "$cover" | head -n 1)
		# Blurb: after the header's blank line, up to the shortlog heading.
		awk 'body && /^[^ ].* \([0-9]+\):$/ {exit} body {print} /^$/ && !body {body=1}' \
			"$cover" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}' >"$blurb"
	fi
	# The generated cover letter carries today's date: use the last patch's.
	local last date
	last=$(ls "$dir"/[0-9]*.patch | tail -n 1)
	date=$(sed -n 's/^Date: //p' "$last" | head -n 1)
	awk -v subj="$subject" -v date="$date" -v blurbf="$blurb" '
		/^Date: / && !d {print "Date: " date; d=1; next}
		/\*\*\* SUBJECT HERE \*\*\*/ {sub(/\*\*\* SUBJECT HERE \*\*\*/, subj)}
		/^\*\*\* BLURB HERE \*\*\*$/ {while ((getline l < blurbf) > 0) print l; next}
		{print}' "$dir/0000-cover-letter.patch" >"$dir/.cover"
	mv "$dir/.cover" "$dir/0000-cover-letter.patch"
	rm -f "$blurb"
}

# format_series DIR: both series as DIR/patches and DIR/patches-intx.
format_series() {
	local tip
	tip=$(kvm_tip) || exit 1
	format_one base "$tip" "$1/patches"
	format_one "$tip" series "$1/patches-intx"
}

# The export of the workspace when it was last applied or exported: a workspace
# that still exports to it holds no work of its own and may be re-applied.
STAMP=$CACHE/workspace.synced

series_hash() {
	local tmp
	tmp=$(mktemp -d)
	format_series "$tmp"
	cat "$tmp"/patches/*.patch "$tmp"/patches-intx/*.patch 2>/dev/null | sha1sum | cut -d' ' -f1
	rm -rf "$tmp"
}

cmd_update() {
	"$REPO/scripts/base.sh"
	if [ -e "$WORKSPACE/.git" ]; then
		if [ -n "$(git -C "$WORKSPACE" status --porcelain)" ] || { ! series_diff >/dev/null &&
			[ "$(series_hash)" != "$(cat "$STAMP" 2>/dev/null)" ]; }; then
			if [ "${FORCE:-0}" != 1 ]; then
				cmd_status || true
				die "the workspace holds work that is not exported: 'make export' it, or FORCE=1 to drop it"
			fi
			log "workspace: FORCE=1, dropping unexported work"
		elif series_diff >/dev/null; then
			log "workspace: up to date ($(git -C "$WORKSPACE" rev-list --count base..series) patches on $(base_version))"
			return 0
		fi
	fi
	"$REPO/scripts/apply-series.sh" "$WORKSPACE" series
	series_hash >"$STAMP"
}

# series_diff: list where the workspace's commits, exported, differ from patches/.
series_diff() {
	local tmp rc=0
	tmp=$(mktemp -d)
	format_series "$tmp"
	mkdir -p "$tmp/patches-intx"
	diff -r -q -x '.*' "$PATCHES" "$tmp/patches" 2>&1 | sed "s|$tmp|workspace|; s|$REPO/||" || rc=1
	if [ -d "$INTX_PATCHES" ]; then
		diff -r -q -x '.*' "$INTX_PATCHES" "$tmp/patches-intx" 2>&1 |
			sed "s|$tmp|workspace|; s|$REPO/||" || rc=1
	elif [ -n "$(ls "$tmp/patches-intx")" ]; then
		echo "Only in workspace: patches-intx"
		rc=1
	fi
	rm -rf "$tmp"
	return $rc
}

cmd_status() {
	[ -e "$WORKSPACE/.git" ] || { log "workspace: none yet (make workspace)"; return 0; }
	local dirty changed rc=0
	dirty=$(git -C "$WORKSPACE" status --porcelain)
	if [ -n "$dirty" ]; then
		echo "uncommitted in $WORKSPACE (commit them to a patch, then make export):"
		echo "$dirty" | head -n 20 | sed 's/^/  /'
		rc=1
	fi
	if ! changed=$(series_diff); then
		echo "commits in $WORKSPACE differ from patches/ (make export, or make workspace to take patches/):"
		echo "$changed" | head -n 20 | sed 's/^/  /'
		rc=1
	fi
	[ $rc -eq 0 ] && echo "workspace: everything is exported"
	return $rc
}

cmd_export() {
	[ -e "$WORKSPACE/.git" ] || die "no workspace (make workspace)"
	[ -z "$(git -C "$WORKSPACE" status --porcelain)" ] ||
		die "uncommitted changes in $WORKSPACE: commit them first"
	local tmp
	tmp=$(mktemp -d)
	format_series "$tmp"
	local d
	for d in patches patches-intx; do
		[ -d "$REPO/$d" ] && find "$REPO/$d" -maxdepth 1 -name '*.patch' -delete
		if [ -n "$(ls "$tmp/$d" 2>/dev/null)" ]; then
			mkdir -p "$REPO/$d"
			cp "$tmp/$d"/*.patch "$REPO/$d"/
		fi
	done
	rm -rf "$tmp"
	series_hash >"$STAMP"
	log "export: $(patches_in "$PATCHES" | wc -l) + $(patches_in "$INTX_PATCHES" | wc -l) patches and their cover letters in patches/ and patches-intx/"
	git -C "$REPO" status --short -- patches patches-intx | head -n 40
}

case "${1:-update}" in
update) cmd_update ;;
status) cmd_status ;;
export) cmd_export ;;
*) die "usage: $0 update|status|export" ;;
esac
