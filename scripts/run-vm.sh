#!/bin/bash
# run-vm.sh KERNEL SELFTEST_DIR LIST RESULTDIR [ROUNDS]: boot KERNEL in QEMU
# (TCG, emulated AMD SVM, so KVM works inside; with KARCH=arm64, an Image in
# the virt machine with EL2 and a GICv3 with an ITS), run the tests named in LIST
# ("name [timeout-seconds [args]]" a line), the whole list ROUNDS times (default
# 1) in the one boot, and split the serial log (parse-serial.sh): results.tsv,
# one log and one kernel log window per test run, dmesg.txt, kmemleak.txt.
# If the serial log stays silent for WATCHDOG_S seconds, vm-watchdog.sh records
# the frozen guest's state in RESULTDIR/frozen.txt and stops it.
. "$(dirname "$0")/lib.sh"
kernel=$1 sdir=$2 list=$3 res=$4 rounds=${5:-1}
# Two sockets: SeaBIOS lists one CPU per socket in the MP table, which is
# how the x86 guest (no ACPI) finds its CPUs; arm64's finds them in its
# device tree.
case $KARCH in
x86_64) cpus=2,sockets=2,cores=1,threads=1 busybox=/bin/busybox strip=strip ;;
arm64) cpus=2 busybox=$CACHE/arm64/busybox strip=aarch64-linux-gnu-strip ;;
esac
: "${VM_MEM:=4G}" "${VM_CPUS:=$cpus}" "${TEST_TIMEOUT:=300}"
case $rounds in '' | *[!0-9]* | 0) die "rounds must be a positive number, not '$rounds'" ;; esac

rm -rf "$res"
mkdir -p "$res/tests" "$res/root/bin" "$res/root/tests"
root=$res/root
cp "$busybox" "$root/bin/busybox"
cp "$REPO/scripts/vm-init.sh" "$root/init"
chmod +x "$root/init"
: >"$res/tests.once"
while read -r name tmo args; do
	case "$name" in '' | '#'*) continue ;; esac
	[ -x "$sdir/$name" ] || die "no test binary $sdir/$name"
	mkdir -p "$root/tests/$(dirname "$name")"
	# Selftests are static ELF files; tests/vmm/ holds shell scripts.
	if [ "$(head -c 4 "$sdir/$name" | tail -c 3)" = ELF ]; then
		$strip -o "$root/tests/$name" "$sdir/$name"
	else
		cp "$sdir/$name" "$root/tests/$name"
	fi
	echo "$name ${tmo:-$TEST_TIMEOUT} ${args:-}" >>"$res/tests.once"
done <"$list"
# VM_EXTRA_ROOT: a directory whose files join the initramfs (scripts/vmm.sh
# puts QEMU, its libraries and the L2 guest there). VM_QEMU_ARGS: more QEMU
# options, split at spaces (scripts/vmm.sh: the machine, IOMMU and devices).
[ -z "${VM_EXTRA_ROOT:-}" ] || cp -a "$VM_EXTRA_ROOT/." "$root/"
# The guest's list: "name timeout round [args]", the list once per round. Kept
# as vm.list for parse-serial.sh.
for r in $(seq "$rounds"); do
	awk -v r="$r" '{$2 = $2 " " r; print}' "$res/tests.once"
done >"$res/vm.list"
rm "$res/tests.once"
cp "$res/vm.list" "$root/tests/list"
ntests=$(wc -l <"$res/vm.list")
(cd "$root" && find . | cpio -o -H newc --quiet) >"$res/initramfs.cpio"
rm -rf "$root"

# The guest's TSC runs at the host's rate under TCG; telling the guest skips a
# calibration that fails when this machine is busy (KVM_GET_TSC_KHZ then fails).
# VM_TSC_KHZ sets the rate (make bench reads it once for all its boots).
tsc_khz=${VM_TSC_KHZ:-$(awk -F: '/^cpu MHz/{printf "%d", $2*1000; exit}' /proc/cpuinfo)}
# log_buf_len: vm-init.sh dumps and clears the kernel log after each test; one
# test's messages must fit (16M: busybox dmesg reads no more; the default is 128K).
# idle=poll: an idle CPU spins instead of halting. QEMU 7.2's TCG has, about
# once in 30 runs, left a halted CPU asleep with IF=1 and its own timer
# interrupt pending in the LAPIC's IRR (NOTES.md, "The guest freeze"): the
# guest then froze for good. A CPU that never halts cannot miss that wakeup.
append="panic=-1 oops=panic loglevel=4 log_buf_len=16M kmemleak=on ${VM_APPEND:-}"
# The machine: x86's pc (the emulated SVM CPU), arm64's virt with EL2 for KVM
# and a GICv3 with an ITS; -cpu max's pointer authentication with QEMU's
# cheap implementation-defined algorithm (the architected one is slow under
# TCG).
case $KARCH in
x86_64)
	qemu=(qemu-system-x86_64 -cpu EPYC,+svm,+npt)
	append="console=ttyS0 tsc_early_khz=${tsc_khz:-2000000} idle=poll $append"
	;;
arm64)
	qemu=(qemu-system-aarch64 -M virt,virtualization=on,gic-version=3,its=on -cpu max,pauth-impdef=on)
	append="console=ttyAMA0 $append"
	;;
esac
# Whole-run limit: every test run's own limit, its SIGKILL grace (20 s) and its
# kernel log dump, plus boot and the final scans.
limit=$(awk '{t += $2 + 30} END {print t + 600}' "$res/vm.list")
# The guest prints at least every test timeout (vm-init.sh's watchdog speaks 10 s
# before the kill): a longer silence is a frozen guest.
: "${WATCHDOG_S:=$(awk '$2 + 60 > m {m = $2 + 60} END {print (m > 600 ? m : 600)}' "$res/vm.list")}"
# The monitor's unix socket path must fit in sun_path (108 bytes).
mon=$res/monitor.sock
[ ${#mon} -lt 100 ] || mon=$(mktemp -u /tmp/kvm-irqfd-monitor.XXXXXX)
# System.map of the kernel (kbuild's out directory), to symbolise RIPs.
map=$(dirname "$kernel")/../../../System.map
[ -f "$map" ] && cp "$map" "$res/System.map"

# VM_TCG_THREAD=single: one host thread runs all the VM's vCPUs (QEMU's
# default for TCG is multi, a thread per vCPU).
tcg_thread=${VM_TCG_THREAD:-multi}

rtxt=
[ "$rounds" -gt 1 ] && rtxt=" ($rounds rounds)"
log "vm: booting $(basename "$kernel") with $ntests tests$rtxt (limit ${limit}s, watchdog ${WATCHDOG_S}s, serial log ${res#"$REPO"/}/serial.log)"
set +e
timeout "$limit" "${qemu[@]}" -accel "tcg,thread=$tcg_thread" \
	-smp "$VM_CPUS" -m "$VM_MEM" -nographic -no-reboot -nodefaults \
	-serial stdio -kernel "$kernel" -initrd "$res/initramfs.cpio" \
	-monitor "unix:$mon,server,nowait" -name debug-threads=on \
	-append "$append" ${VM_QEMU_ARGS:-} </dev/null >"$res/serial.log" 2>"$res/qemu.log" &
qpid=$!
"$REPO/scripts/vm-watchdog.sh" $qpid "$res" "$mon" "$WATCHDOG_S" &
wpid=$!
# Progress: one line per finished test, as the serial log grows (a bash loop:
# awk would buffer its input from the pipe).
n=0
tail -n +1 -F --pid=$qpid "$res/serial.log" 2>/dev/null |
	while read -r tag name round rc _; do
		r=
		[ "$rounds" -gt 1 ] && r=" round $round"
		case $tag in
		*@@VM-UP) echo "    vm up: $name ${round%$'\r'}" ;;
		@@WATCHDOG) echo "    watchdog: $name still running, blocked tasks dumped" ;;
		@@END) n=$((n + 1)); echo "    [$n/$ntests] $name$r ${rc%$'\r'}" ;;
		esac
	done &
wait $qpid
qrc=$?
kill $wpid 2>/dev/null
wait $wpid
sleep 1
set -e
[ $qrc -eq 124 ] && log "vm: run limit of ${limit}s reached, VM killed"
[ -f "$res/frozen.txt" ] &&
	log "vm: serial log silent for ${WATCHDOG_S}s: guest state in ${res#"$REPO"/}/frozen.txt, VM stopped"
rm -f "$res/initramfs.cpio" "$mon"
tr -d '\r' <"$res/serial.log" >"$res/serial.clean" && mv "$res/serial.clean" "$res/serial.log"

"$REPO/scripts/parse-serial.sh" "$res"
grep -q '^@@DONE' "$res/serial.log" || log "vm: the VM did not finish its run (see serial.log)"
log "vm: $(cut -f2 "$res/results.tsv" | sort | uniq -c | awk '{printf "%s %s  ", $1, $2}')"
