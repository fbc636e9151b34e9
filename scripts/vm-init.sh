#!/bin/busybox sh
# /init of the test VM: run every test in /tests/list, then dump the kernel
# log and kmemleak's report between markers that run-vm.sh parses.
/bin/busybox --install -s /bin
mkdir -p /proc /sys /dev /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmpfs /tmp
export PATH=/bin:/tests

# Forget what boot itself left for kmemleak: only leaks made by the tests count.
echo scan >/sys/kernel/debug/kmemleak 2>/dev/null
echo clear >/sys/kernel/debug/kmemleak 2>/dev/null
echo "@@VM-UP $(uname -r) cpus=$(grep -c ^processor /proc/cpuinfo)"

cd /tmp
while read -r name tmo args; do
	[ -n "$name" ] || continue
	echo "@@BEGIN $name $(date +%s)"
	# shellcheck disable=SC2086
	timeout "$tmo" "/tests/$name" $args </dev/null 2>&1
	echo "@@END $name rc=$? $(date +%s)"
done </tests/list

# kmemleak reports an object only after it has been unreferenced for two scans.
if [ -e /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak; sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo "@@KMEMLEAK-BEGIN"; cat /sys/kernel/debug/kmemleak; echo "@@KMEMLEAK-END"
fi
echo "@@DMESG-BEGIN"; dmesg; echo "@@DMESG-END"
echo "@@DONE"
reboot -f
