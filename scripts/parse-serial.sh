#!/bin/bash
# parse-serial.sh RESULTDIR: split the serial.log of a run-vm.sh run, whose
# vm.list names the tests as the guest ran them ("name timeout round [args]"):
#   results.tsv       name, PASS/FAIL/SKIP/TIMEOUT/LOST, seconds, round
#   tests/STEM.log    a test's output (with the console's kernel lines)
#   tests/STEM.dmesg  the kernel log of the test's window: logged after the
#                     previous test ended and before this one ended, all levels
#   boot.dmesg, end.dmesg   the kernel log before the first test, after the last
#   dmesg.txt         the whole kernel log: the windows above, in order
#   unfinished.console  if the VM did not finish: the console's kernel lines
#                     after the last window (an oops or panic that no dump took)
#   klog.windows      "label<TAB>file" of each window, in order, the file
#                     relative to RESULTDIR (for scan-log.sh)
#   kmemleak.txt      kmemleak's report
# STEM is test_stem (lib.sh): the name with / replaced by _, .rROUND if the run
# had several rounds.
. "$(dirname "$0")/lib.sh"
res=$1

rm -f "$res"/results.tsv "$res"/*.dmesg "$res"/dmesg.txt "$res"/kmemleak.txt \
	"$res"/unfinished.console "$res"/klog.windows
mkdir -p "$res/tests"
rounds=$(awk '$3 > r {r = $3} END {print r + 0}' "$res/vm.list")
awk -v res="$res" -v rounds="$rounds" '
	BEGIN {tsv = res "/results.tsv"; idx = res "/klog.windows"; dm = res "/dmesg.txt"; km = res "/kmemleak.txt"; uc = res "/unfinished.console"}
	function stem(n, r) {gsub("/", "_", n); return rounds > 1 ? n ".r" r : n}
	function label(n, r) {return rounds > 1 ? n " (round " r ")" : n}
	/^@@BEGIN / {name = $2; round = $3; t0 = $4; f = res "/tests/" stem(name, round) ".log"; printf "" > f; next}
	/^@@END / && name != "" {rc = substr($4, 4) + 0
		v = rc == 0 ? "PASS" : rc == 4 ? "SKIP" : (rc == 124 || rc == 143 || rc == 137) ? "TIMEOUT" : "FAIL"
		print name "\t" v "\t" ($5 - t0) "\t" round > tsv; close(f); last = label(name, round); name = ""; next}
	/^@@KLOG-BEGIN / {
		if (NF >= 3) {wr = "tests/" stem($2, $3) ".dmesg"; l = label($2, $3)}
		else {wr = $2 ".dmesg"; l = "(" $2 ")"}
		w = res "/" wr; printf "" > w; print l "\t" wr > idx; inwin = 1; con = ""; next}
	/^@@KLOG-END/ {inwin = 0; close(w); next}
	/^@@KMEMLEAK-BEGIN/ {k = 1; next} /^@@KMEMLEAK-END/ {k = 0; next}
	/^@@DONE/ {done = 1}
	inwin {print > w; print > dm; next}
	k {print > km; next}
	name != "" {print > f}
	# Kernel lines on the console since the last window: dumped by the next
	# window, unless the VM stops first.
	/^\[ *[0-9]+\.[0-9]+\] / {con = con $0 "\n"}
	END {
		if (done || con == "") exit
		printf "%s", con > uc
		l = name != "" ? label(name, round) : last != "" ? "after " last : "(boot)"
		print l " (console, the VM stopped)\tunfinished.console" > idx
	}
' "$res/serial.log"
touch "$res/results.tsv"
# A test that started but never ended, or never started, was lost with the VM.
while read -r name _ round _; do
	awk -F'\t' -v n="$name" -v r="$round" '$1 == n && $4 == r {f = 1} END {exit !f}' "$res/results.tsv" ||
		printf '%s\tLOST\t0\t%s\n' "$name" "$round" >>"$res/results.tsv"
done <"$res/vm.list"
