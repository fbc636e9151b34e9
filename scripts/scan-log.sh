#!/bin/bash
# scan-log.sh RESULTDIR: fail if the VM's kernel log holds a report of a kernel
# bug, or kmemleak found a leak. Reads dmesg.txt and kmemleak.txt of a run-vm.sh
# run; without dmesg.txt (VM crashed or hung) it reads serial.log and fails.
. "$(dirname "$0")/lib.sh"
res=$1

# Report headers as the kernel prints them, not words the boot banner uses.
BAD='WARNING:|BUG:|Oops|general protection fault|Kernel panic|UBSAN:'
BAD+='|blocked for more than|soft lockup|hard LOCKUP|Kernel memory leak detector disabled'
BAD+='|possible circular locking|inconsistent lock state|possible recursive locking|suspicious RCU usage'

rc=0
if [ -s "$res/dmesg.txt" ]; then
	klog=$res/dmesg.txt
else
	echo "no kernel log dump in $res: the VM did not finish; scanning serial.log"
	klog=$res/serial.log
	rc=1
fi
if grep -E -n "$BAD" "$klog" >"$res/scan.txt"; then
	echo "kernel log reports ($(wc -l <"$res/scan.txt") lines, in ${klog#"$REPO"/}):"
	head -n 20 "$res/scan.txt" | sed 's/^/  /'
	first=$(head -n 1 "$res/scan.txt" | cut -d: -f1)
	echo "first report in context:"
	sed -n "$((first > 5 ? first - 5 : 1)),$((first + 40))p" "$klog" | sed 's/^/  | /'
	rc=1
fi
if grep -q 'unreferenced object' "$res/kmemleak.txt" 2>/dev/null; then
	echo "kmemleak: $(grep -c 'unreferenced object' "$res/kmemleak.txt") leaked objects (${res#"$REPO"/}/kmemleak.txt):"
	head -n 40 "$res/kmemleak.txt" | sed 's/^/  | /'
	rc=1
fi
[ $rc -eq 0 ] && echo "kernel log clean: no WARNING, BUG, KASAN, lockdep, hung-task or kmemleak report"
exit $rc
