#!/bin/bash
# gate-tests.sh RESULTDIR: judge a run-vm.sh run. The series' own tests
# (tests/series.txt) must pass; every upstream test that passes on the base
# (tests/base-pass.txt) must still pass. Writes RESULTDIR/counts.
. "$(dirname "$0")/lib.sh"
res=$1
names() { awk '!/^#/ && NF {print $1}' "$1"; }

pass=0 fail=0 skip=0
printf '%-48s %-8s %s\n' TEST RESULT SECONDS
while IFS=$'\t' read -r name verdict secs; do
	if names "$REPO/tests/series.txt" | grep -qx "$name"; then
		kind=series
	else
		kind=upstream
	fi
	case $verdict in
	PASS) pass=$((pass + 1)) ;;
	SKIP) if [ $kind = series ]; then fail=$((fail + 1)); verdict="FAIL (skipped)"; else skip=$((skip + 1)); fi ;;
	*) fail=$((fail + 1)); [ $kind = upstream ] && verdict="$verdict (regression: passes on the base)" ;;
	esac
	printf '%-48s %-8s %s\n' "$name" "$verdict" "$secs"
done <"$res/results.tsv"
echo "$pass $fail $skip" >"$res/counts"
echo "in-VM tests: $pass passed, $fail failed, $skip skipped (logs: ${res#"$REPO"/}/tests/)"
[ $fail -eq 0 ]
