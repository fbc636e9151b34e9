#!/bin/bash
# vm-watchdog.sh PID RESULTDIR SOCKET SECONDS: while PID (run-vm.sh's QEMU)
# lives, watch RESULTDIR/serial.log; if it does not grow for SECONDS, the guest
# is frozen. Then record its state through QEMU's monitor on SOCKET into
# RESULTDIR/frozen.txt: every vCPU's registers, local APIC and the PIC/IOAPIC,
# and the registers again after 2 s of running (a RIP that stays put with
# IF=0 is a CPU spinning with interrupts off), the RIPs symbolised with
# RESULTDIR/System.map (rip2sym.sh), and QEMU's own threads (state, where
# they wait, CPU time, and their stacks if gdb is there): vCPU threads asleep
# in a lock rather than in the halt wait mean QEMU itself is wedged, and then
# the monitor does not answer either. Then stop QEMU. No NMI is sent: the
# kernel would print nothing useful for an unknown NMI unless it panics on it
# (unknown_nmi_panic), and a panic reboots, ending the VM with its state.
. "$(dirname "$0")/lib.sh"
pid=$1 res=$2 sock=$3 quiet_max=$4
mon() { "$REPO/scripts/qemu-monitor.py" "$sock" "$@"; }

# ticks TASKDIR: a thread's state and CPU ticks (user + system); the fields
# after the ")" that ends its name, which may hold spaces ("CPU 0/TCG").
ticks() { sed 's/.*) //' "$1/stat" | awk '{print $1, $12 + $13}'; }

# qemu_threads: each thread's name, state, kernel wait channel and the CPU
# ticks it used in 2 s, then every thread's stack.
qemu_threads() {
	local t qemu
	declare -A before
	qemu=$(pgrep -n -P "$pid" || echo "$pid")	# PID is timeout's
	for t in /proc/"$qemu"/task/*; do
		before[$t]=$(ticks "$t" | cut -d' ' -f2)
	done
	sleep 2
	for t in /proc/"$qemu"/task/*; do
		read -r state now < <(ticks "$t")
		printf '%-8s %-16s %s wchan=%-20s ticks in 2 s: %s\n' "${t##*/}" \
			"$(cat "$t/comm")" "$state" "$(cat "$t/wchan")" \
			"$((now - ${before[$t]:-$now}))"
	done
	if command -v gdb >/dev/null; then
		timeout 60 gdb -p "$qemu" -batch -nx -ex 'thread apply all bt' 2>&1 | grep -v '^\[New LWP'
	fi
}

last=-1 quiet=0
while kill -0 "$pid" 2>/dev/null; do
	sleep 2
	size=$(stat -c %s "$res/serial.log" 2>/dev/null || echo 0)
	if [ "$size" != "$last" ]; then
		last=$size quiet=0
		continue
	fi
	quiet=$((quiet + 2))
	[ $quiet -ge "$quiet_max" ] || continue

	log "vm-watchdog: serial log silent for ${quiet}s, recording the guest's state"
	{
		echo "serial.log silent for ${quiet}s; guest state at $(date -u +%FT%TZ)"
		echo "=== QEMU's threads"
		qemu_threads
		echo
		mon stop "info cpus" "info registers -a" "info pic"
		for cpu in $(mon "info cpus" | sed -n 's/^[* ] CPU #\([0-9]*\):.*/\1/p'); do
			mon "cpu $cpu" "info lapic"
		done
		echo
		echo "=== second sample, after running 2 s more"
		mon cont
		sleep 2
		mon stop "info registers -a"
	} >"$res/frozen.tmp" 2>&1 || true
	if [ -f "$res/System.map" ]; then
		syms=$("$REPO/scripts/rip2sym.sh" "$res/System.map" "$res/frozen.tmp" 2>&1 || true)
		printf '\n=== RIPs of both samples, with System.map (scripts/rip2sym.sh)\n%s\n' "$syms" >>"$res/frozen.tmp"
	fi
	mv "$res/frozen.tmp" "$res/frozen.txt"
	mon quit >/dev/null 2>&1 || kill "$pid"
	exit 0
done
