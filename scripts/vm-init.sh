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

# Forget what boot itself left for kmemleak: only leaks made by the tests count.
echo scan >/sys/kernel/debug/kmemleak 2>/dev/null
echo clear >/sys/kernel/debug/kmemleak 2>/dev/null
echo "@@VM-UP $(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo)"
klog boot

cd /tmp
while read -r name tmo round args; do
	[ -n "$name" ] || continue
	echo "@@BEGIN $name $round $(date +%s)"
	# shellcheck disable=SC2086
	timeout "$tmo" "/tests/$name" $args </dev/null 2>&1
	echo "@@END $name $round rc=$? $(date +%s)"
	klog "$name" "$round"
done </tests/list

# kmemleak reports an object only after it has been unreferenced for two scans.
if [ -e /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak; sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo "@@KMEMLEAK-BEGIN"; cat /sys/kernel/debug/kmemleak; echo "@@KMEMLEAK-END"
fi
klog end
echo "@@DONE"
reboot -f
