#!/bin/bash
# gate-checkpatch.sh TREE: scripts/checkpatch.pl --strict on every patch of the
# series: no error, warning or check, but the types listed with a reason in
# config/checkpatch-ignore.
. "$(dirname "$0")/lib.sh"
tree=$1
ignore=$(awk '!/^#/ && NF {print $1}' "$REPO/config/checkpatch-ignore" | paste -sd, -)
fail=0 n=0
for p in $(series_patches); do
	n=$((n + 1))
	# Debian's python3 first: checkpatch's spdxcheck.py needs python3-ply.
	if out=$(cd "$tree" && PATH=/usr/bin:$PATH ./scripts/checkpatch.pl --strict --quiet --showfile \
		${ignore:+--ignore "$ignore"} "$p" 2>&1) && [ -z "$out" ]; then
		echo "clean: $(basename "$p")"
	else
		echo "NOT clean: $(basename "$p")"
		echo "$out" | sed 's/^/  /'
		fail=1
	fi
done
echo "$n patches checked (ignored types: ${ignore:-none})"
exit $fail
