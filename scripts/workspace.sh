#!/bin/bash
# The kernel workspace: a git worktree of the base with the series applied as
# commits on branch "series". Edit and commit there, then export back.
#   workspace.sh update   create it, or re-apply the series if patches/ changed
#   workspace.sh status   list work not yet exported; exit 1 if there is some
#   workspace.sh export   write the workspace's commits back to patches/
. "$(dirname "$0")/lib.sh"

# format_series DIR: the workspace's commits as patch files in DIR, with the
# cover letter's subject and blurb taken from the repo's current cover letter.
format_series() {
	local dir=$1 cover=$PATCHES/0000-cover-letter.patch subject blurb n
	mkdir -p "$dir"
	n=$(git -C "$WORKSPACE" rev-list --count base..series)
	[ "$n" -gt 0 ] || return 0
	git -C "$WORKSPACE" format-patch -q --zero-commit --no-signature --cover-letter \
		--subject-prefix=PATCH -o "$dir" base..series
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

# The export of the workspace when it was last applied or exported: a workspace
# that still exports to it holds no work of its own and may be re-applied.
STAMP=$CACHE/workspace.synced

series_hash() {
	local tmp
	tmp=$(mktemp -d)
	format_series "$tmp"
	cat "$tmp"/*.patch 2>/dev/null | sha1sum | cut -d' ' -f1
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
	diff -r -q -x '.*' "$PATCHES" "$tmp" 2>&1 | sed "s|$tmp|workspace|; s|$REPO/||" || rc=1
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
	find "$PATCHES" -maxdepth 1 -name '*.patch' -delete
	cp "$tmp"/*.patch "$PATCHES"/ 2>/dev/null || true
	rm -rf "$tmp"
	series_hash >"$STAMP"
	log "export: $(series_patches | wc -l) patches and the cover letter in patches/"
	git -C "$REPO" status --short -- patches | head -n 40
}

case "${1:-update}" in
update) cmd_update ;;
status) cmd_status ;;
export) cmd_export ;;
*) die "usage: $0 update|status|export" ;;
esac
