#!/bin/bash
# parse-serial.sh RESULTDIR LIST: split the serial log of a run-vm.sh run
# into results.tsv (name, PASS/FAIL/SKIP/TIMEOUT/LOST, seconds), one log per
# test in tests/, dmesg.txt and kmemleak.txt.
. "$(dirname "$0")/lib.sh"
res=$1 list=$2

rm -f "$res/results.tsv" "$res/dmesg.txt" "$res/kmemleak.txt"
mkdir -p "$res/tests"
awk -v res="$res" '
	/^@@BEGIN / {name=$2; t0=$3; fn=name; gsub("/", "_", fn); f=res "/tests/" fn ".log"; printf "" > f; next}
	/^@@END / {split($3, r, "="); rc=r[2]; v = rc == 0 ? "PASS" : rc == 4 ? "SKIP" : (rc == 124 || rc == 143 || rc == 137) ? "TIMEOUT" : "FAIL";
		print name "\t" v "\t" ($4 - t0) > res "/results.tsv"; close(f); name=""; next}
	/^@@KMEMLEAK-BEGIN/ {k=1; next} /^@@KMEMLEAK-END/ {k=0; next}
	/^@@DMESG-BEGIN/ {d=1; next} /^@@DMESG-END/ {d=0; next}
	k {print > res "/kmemleak.txt"; next}
	d {print > res "/dmesg.txt"; next}
	name != "" {print > f}
' "$res/serial.log"
touch "$res/results.tsv"
# A test that started but never ended, or never started, was lost with the VM.
while read -r name _; do
	case "$name" in '' | '#'*) continue ;; esac
	grep -q "^$name	" "$res/results.tsv" || printf '%s\tLOST\t0\n' "$name" >>"$res/results.tsv"
done <"$list"
