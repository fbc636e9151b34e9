#!/bin/bash
# gate-tests.sh RESULTDIR: judge a run-vm.sh run, one line per test run, and
# write RESULTDIR/counts ("passed failed skipped", one count per test run).
#  - a series test (tests/series.txt, or tests/vmm.txt and tests/vmm-bench.txt
#    for make vmm and make bench-intx; with KARCH=arm64 the lists in
#    tests/arm64/) must exit
#    0 and its TAP output must show
#    every planned case run and passed: a plan (1..N), N result lines, no
#    "not ok", no "# SKIP", "# XFAIL" or "# XPASS", and a "# Totals:" line
#    with fail, xfail, xpass, skip and error all 0;
#  - an upstream test listed in tests/base-pass.txt must pass: it passed on
#    the base, so a SKIP is a failure too;
#  - a test in tests/flaky.txt is shown but not gated (counted as skipped
#    unless it passes);
#  - a test in none of these lists is a failure: the gate has no rule for it.
# With several rounds (REPEAT), every round counts, and each test's passes
# over the rounds are printed. RESULTDIR/verdicts.tsv: "name<TAB>result" of
# each test run, as judged here. Under a failed test, the end of its log.
. "$(dirname "$0")/lib.sh"
res=$1
FAIL_TAIL=15 # lines of a failed test's log printed under its verdict
# The lists of KARCH's test VM: tests/ (x86_64) or tests/arm64/.
lists=$REPO/tests
[ "$KARCH" = x86_64 ] || lists=$REPO/tests/$KARCH

# in_list FILE NAME: NAME is listed in lists/FILE (a list that is not there
# lists nothing).
in_list() {
	[ -f "$lists/$1" ] && listed "$lists/$1" "$2"
}

# tap_problems LOG: what in LOG's TAP output shows a case not run or not passed.
tap_problems() {
	awk '
		/^1\.\.[0-9]+/ {plans++; if (plans == 1) plan = substr($1, 4) + 0
			if (/# *[Ss][Kk][Ii][Pp]/) print "skipped: " $0}
		/^(not )?ok [0-9]+/ {n++}
		/^not ok [0-9]+/ {print "case failed: " $0; next}
		/^ok [0-9]+.*# *([Ss][Kk][Ii][Pp]|XFAIL|XPASS)/ {print "case not passed: " $0}
		/^# Totals: / {tot = 1
			for (i = 3; i <= NF; i++) {split($i, kv, ":"); if (kv[1] != "pass" && kv[2] + 0 > 0) bad = bad " " $i}
			if (bad != "") print "totals:" bad}
		END {
			if (!plans) print "no TAP plan (1..N)"
			else if (plans > 1) print plans " TAP plans"
			else if (n != plan) print "the plan has " plan " cases, " n + 0 " reported"
			if (!tot) print "no \"# Totals:\" line"
		}' "$1"
}

if [ ! -s "$res/results.tsv" ]; then
	echo "no test results in $res/results.tsv"
	[ ! -d "$res" ] || echo "0 1 0" >"$res/counts"
	exit 1
fi
rounds=$(awk -F'\t' '$4 > r {r = $4} END {print r + 0}' "$res/results.tsv")
pass=0 fail=0 skip=0
rm -f "$res/verdicts.tmp"
printf '%-48s %-8s %s\n' TEST RESULT SECONDS
while IFS=$'\t' read -r name verdict secs round; do
	why=()
	log=$res/tests/$(test_stem "$name" "$round" "$rounds").log
	if in_list series.txt "$name" || in_list vmm.txt "$name" || in_list vmm-bench.txt "$name"; then
		[ "$verdict" = PASS ] || why+=("exit status: $verdict")
		if [ -f "$log" ]; then
			mapfile -t -O ${#why[@]} why < <(tap_problems "$log" 2>&1)
		else
			why+=("no log ${log#"$res"/}")
		fi
		result=PASS
		[ ${#why[@]} -eq 0 ] || result=FAIL
	elif in_list base-pass.txt "$name"; then
		result=$verdict
		[ "$verdict" = PASS ] || { result=FAIL why+=("$verdict, but it passed on the base (${lists#"$REPO"/}/base-pass.txt)"); }
	elif in_list flaky.txt "$name"; then
		result=$verdict
		[ "$verdict" = PASS ] || { result=SKIP why+=("$verdict; flaky in this VM (${lists#"$REPO"/}/flaky.txt), not gated"); }
	else
		result=FAIL why+=("$verdict; in none of ${lists#"$REPO"/}/series.txt, vmm.txt, base-pass.txt, flaky.txt")
	fi
	case $result in
	PASS) pass=$((pass + 1)) ;;
	SKIP) skip=$((skip + 1)) ;;
	*) fail=$((fail + 1)) ;;
	esac
	shown=$name
	[ "$rounds" -gt 1 ] && shown+=" (round $round)"
	printf '%-48s %-8s %s\n' "$shown" "$result" "$secs"
	for w in "${why[@]}"; do printf '    %s\n' "$w"; done
	# A failure's own words, so that a log of this gate alone (CI's) says why.
	[ "$result" != FAIL ] || [ ! -s "$log" ] || tail -n "$FAIL_TAIL" "$log" | sed 's/^/    | /'
	printf '%s\t%s\n' "$name" "$result" >>"$res/verdicts.tmp"
done <"$res/results.tsv"
if [ "$rounds" -gt 1 ]; then
	echo "passes over $rounds rounds:"
	awk -F'\t' '!($1 in n) {o[++k] = $1} {n[$1]++; p[$1] += $2 == "PASS"}
		END {for (i = 1; i <= k; i++) printf "  %-46s %d/%d\n", o[i], p[o[i]], n[o[i]]}' "$res/verdicts.tmp"
fi
mv "$res/verdicts.tmp" "$res/verdicts.tsv"
echo "$pass $fail $skip" >"$res/counts"
echo "in-VM tests: $pass passed, $fail failed, $skip skipped (logs: ${res#"$REPO"/}/tests/)"
[ $fail -eq 0 ]
