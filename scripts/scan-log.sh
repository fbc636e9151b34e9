#!/bin/bash
# scan-log.sh RESULTDIR: fail if the VM's kernel log holds a report of a kernel
# bug, if kmemleak found a leak, or if the VM did not finish its run. Reads the
# kernel log windows of a run-vm.sh run (klog.windows, parse-serial.sh) and
# names the window of each report: boot, a test (the report was logged after
# the previous test ended and before this one ended), or the end (kmemleak's
# scans); and, if the VM stopped early, the console lines no window holds.
. "$(dirname "$0")/lib.sh"
res=$1

# Report headers as the kernel prints them, not words the boot banner uses.
BAD='WARNING:|BUG:|Oops|general protection fault|Kernel panic|UBSAN:|KASAN:'
BAD+='|INFO: task .* blocked|blocked for more than|soft lockup|hard LOCKUP|workqueue lockup'
BAD+='|INFO: rcu_[a-z]+ (self-)?detected stall|scheduling while atomic|sleeping function called from invalid context'
BAD+='|refcount_t:|list_add corruption|list_del corruption'
BAD+='|possible circular locking|inconsistent lock state|possible recursive locking|suspicious RCU usage'
BAD+='|kmemleak: '
# An interrupt line nobody handled (the VFIO tests' level INTx).
BAD+='|irq [0-9]+: nobody cared'
# kmemleak's own boot lines; every other "kmemleak: " line is a warning of it.
BOOT='kmemleak: (Kernel memory leak detector initialized|Automatic memory scanning thread)'

rc=0
if ! grep -q '^@@DONE' "$res/serial.log" 2>/dev/null; then
	echo "the VM did not finish its run (no @@DONE in ${res#"$REPO"/}/serial.log)"
	[ -f "$res/frozen.txt" ] && echo "the guest froze: its state is in ${res#"$REPO"/}/frozen.txt"
	rc=1
fi
if [ ! -s "$res/klog.windows" ]; then
	echo "no kernel log in $res (klog.windows): nothing to scan"
	exit 1
fi

# scan.txt: "window<TAB>file<TAB>line<TAB>text" for every report line.
: >"$res/scan.txt"
while IFS=$'\t' read -r label file; do
	{ grep -E -n "$BAD" "$res/$file" || true; } | { grep -Ev "$BOOT" || true; } |
		awk -v l="$label" -v f="$file" '{i = index($0, ":"); print l "\t" f "\t" substr($0, 1, i - 1) "\t" substr($0, i + 1)}' \
			>>"$res/scan.txt"
done <"$res/klog.windows"
if [ -s "$res/scan.txt" ]; then
	echo "kernel log reports, by the test in whose window they were logged ($(wc -l <"$res/scan.txt") lines):"
	awk -F'\t' '!($1 in n) {o[++k] = $1; f[$1] = $2} {n[$1]++}
		END {for (i = 1; i <= k; i++) printf "  %s: %d lines (%s)\n", o[i], n[o[i]], f[o[i]]}' "$res/scan.txt"
	echo "first lines:"
	head -n 20 "$res/scan.txt" | awk -F'\t' '{print "  " $1 ": " $4}'
	IFS=$'\t' read -r label file first _ <"$res/scan.txt"
	echo "first report in context ($label):"
	sed -n "$((first > 5 ? first - 5 : 1)),$((first + 40))p" "$res/$file" | sed 's/^/  | /'
	rc=1
fi
if grep -q 'unreferenced object' "$res/kmemleak.txt" 2>/dev/null; then
	echo "kmemleak: $(grep -c 'unreferenced object' "$res/kmemleak.txt") leaked objects (${res#"$REPO"/}/kmemleak.txt):"
	head -n 40 "$res/kmemleak.txt" | sed 's/^/  | /'
	rc=1
fi
[ $rc -eq 0 ] && echo "kernel log clean: no WARNING, BUG, KASAN, lockdep, RCU stall, lockup, hung-task or kmemleak report"
exit $rc
