#!/bin/bash
# Unpack Debian's linux-source-6.12 into $BASE_TREE as a git repo tagged "base".
# The commit is reproducible (fixed dates), so patches exported against it are too.
. "$(dirname "$0")/lib.sh"

if git -C "$BASE_TREE" rev-parse -q --verify base >/dev/null 2>&1; then
	log "base: $(base_version) ready in $BASE_TREE"
	exit 0
fi
[ -f "$BASE_TARBALL" ] || die "no $BASE_TARBALL (apt-get install linux-source-6.12)"

log "base: unpacking $BASE_TARBALL"
rm -rf "$BASE_TREE" "$BASE_TREE.tmp"
mkdir -p "$BASE_TREE.tmp"
tar -xf "$BASE_TARBALL" -C "$BASE_TREE.tmp" --strip-components=1
cd "$BASE_TREE.tmp"
# Debian's top-level .gitignore ends with "/*" (ignore everything at the top
# level, for its packaging repo). Drop that block so new files show in git status.
sed -i '/^# Debian packaging: ignore everything/,$d' .gitignore
git init -q -b main .
# Commits made by hand in the workspace carry the series' identity too.
git config user.name "$GIT_AUTHOR_NAME"
git config user.email "$GIT_AUTHOR_EMAIL"
git add -A
GIT_AUTHOR_DATE="2025-01-01T00:00:00Z" GIT_COMMITTER_DATE="2025-01-01T00:00:00Z" \
	git commit -q -m "Linux $(awk '/^SUBLEVEL/{s=$3} END{print "6.12." s}' Makefile) (Debian linux-source-6.12)"
git tag base
# checkpatch.pl leaves a cache file in the trees it runs in.
echo ".checkpatch-camelcase.*" >>.git/info/exclude
cd /
mv "$BASE_TREE.tmp" "$BASE_TREE"
log "base: $(base_version) committed as $(git -C "$BASE_TREE" rev-parse --short base)"
