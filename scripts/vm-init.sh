#!/bin/busybox sh
# /init of the test VM: run every test in /tests/list ("name timeout round
# [args]" a line), then dump kmemleak's report. After boot, after each test and
# at the end it prints the kernel log written since the previous dump, between
# markers that parse-serial.sh (run-vm.sh) files under that test.
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
# irqfd_bench reads what an irqfd costs from a memory cgroup, and its capacity
# run (make bench) opens a million eventfds, the default fs.nr_open.
mkdir -p /sys/fs/cgroup
mount -t cgroup2 cgroup2 /sys/fs/cgroup 2>/dev/null || true
echo 4194304 >/proc/sys/fs/nr_open
export PATH=/bin:/tests

# klog WINDOW...: print the kernel log since the last klog and clear it, so each
# window holds what the kernel logged while one test ran, at every level (the
# console shows only loglevel < 4). Not a final full dump: the ring buffer would
# have to hold the whole run, and busybox dmesg reads at most 16 MiB anyway
# (run-vm.sh boots with log_buf_len=16M for one window). parse-serial.sh puts
# the windows together again as dmesg.txt.
klog() {
	echo "@@KLOG-BEGIN $*"
	dmesg -c
	echo "@@KLOG-END $*"
}

# watchdog SECONDS PID NAME: if test PID still runs after SECONDS (10 s before
# its timeout kills it), dump the blocked tasks (sysrq w: their stacks and, with
# lockdep, the locks held) and every CPU's backtrace (sysrq l) into the kernel
# log. The console level is raised for the dump alone, so that it also reaches
# the serial log if the guest dies before the next klog; the whole run is not
# booted with ignore_loglevel, which would push every debug message through the
# emulated UART, slow under TCG and itself a cause of stalls.
watchdog() {
	trap 'kill $s 2>/dev/null; exit 0' TERM
	sleep "$1" &
	s=$!
	wait $s
	kill -0 "$2" 2>/dev/null || exit 0
	echo "@@WATCHDOG $3 still running after $1s: sysrq w and l"
	read -r lvl _ </proc/sys/kernel/printk
	dmesg -n 8
	echo w >/proc/sysrq-trigger
	echo l >/proc/sysrq-trigger
	dmesg -n "$lvl"
}

# reap NAME: kill what test NAME left running. A test killed at its timeout
# leaves its forked children behind (busybox's timeout signals only the test),
# and one stuck in KVM_RUN would keep a CPU, trace_pipe and a VM for the tests
# after it.
reap() {
	n=0
	for d in /proc/[0-9]*; do
		cmd=$(tr '\0' ' ' 2>/dev/null <"$d/cmdline") || continue
		case $cmd in /tests/*) kill -9 "${d#/proc/}" 2>/dev/null && n=$((n + 1)) ;; esac
	done
	[ $n -eq 0 ] || echo "@@REAPED $1: killed $n processes it left running"
}

# Forget what boot itself left for kmemleak: only leaks made by the tests count.
echo scan >/sys/kernel/debug/kmemleak 2>/dev/null
echo clear >/sys/kernel/debug/kmemleak 2>/dev/null
echo "@@VM-UP $(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo)"
klog boot

cd /tmp
while read -r name tmo round args; do
	[ -n "$name" ] || continue
	echo "@@BEGIN $name $round $(date +%s)"
	# SIGTERM at the timeout, SIGKILL 20 s later for a test that ignores it.
	# shellcheck disable=SC2086
	timeout -k 20 "$tmo" "/tests/$name" $args </dev/null 2>&1 &
	pid=$!
	watchdog $((tmo > 20 ? tmo - 10 : tmo / 2)) "$pid" "$name" &
	wd=$!
	wait "$pid"
	rc=$?
	kill "$wd" 2>/dev/null
	wait "$wd"
	reap "$name"
	echo "@@END $name $round rc=$rc $(date +%s)"
	klog "$name" "$round"
done </tests/list

# kmemleak reports an object only after it has been unreferenced for two scans.
# (A scan can be long and silent: the line tells run-vm.sh's watchdog we live.)
if [ -e /sys/kernel/debug/kmemleak ]; then
	echo "@@KMEMLEAK-SCAN"
	echo scan >/sys/kernel/debug/kmemleak; sleep 6
	echo "@@KMEMLEAK-SCAN"
	echo scan >/sys/kernel/debug/kmemleak
	echo "@@KMEMLEAK-BEGIN"; cat /sys/kernel/debug/kmemleak; echo "@@KMEMLEAK-END"
fi
klog end
echo "@@DONE"
reboot -f
