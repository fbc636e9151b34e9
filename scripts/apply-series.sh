#!/bin/bash
# apply-series.sh DIR BRANCH: make DIR a worktree of the base on BRANCH, reset
# to the base, and apply patches/ with git am. A patch that does not apply is
# named, with the hunk that failed.
. "$(dirname "$0")/lib.sh"
dir=$1 branch=$2

"$REPO/scripts/base.sh" >/dev/null
if [ ! -e "$dir/.git" ]; then
	git -C "$BASE_TREE" worktree prune
	git -C "$BASE_TREE" worktree add -q -f -B "$branch" "$dir" base
fi
git -C "$dir" am --abort >/dev/null 2>&1 || true
git -C "$dir" checkout -q -f -B "$branch" base
git -C "$dir" clean -q -fdx
n=0
for p in $(series_patches); do
	if ! out=$(git -C "$dir" am --keep-cr "$p" 2>&1); then
		echo "$out" | grep -v '^hint:'
		git -C "$dir" am --abort >/dev/null 2>&1 || true
		die "$(basename "$p") does not apply to $(base_version) (failing hunk above)"
	fi
	n=$((n + 1))
done
log "series: $n patches applied with git am on $(base_version) in $dir"
