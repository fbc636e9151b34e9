#!/bin/bash
# intx-cfg.sh RESULTDIR: config space accesses per interrupt in each window of
# tests/vmm/intx_bench.sh, from the outer QEMU's trace (pci_cfg_read and
# pci_cfg_write in RESULTDIR/qemu.log). The bench marks each window with reads
# of the host bridge (00:00.0) at 0xf8 (start) and 0xfc (end); between them,
# this counts the accesses to the first edu (00:03.0, the assigned device
# whose masking is measured) and to the second (the paused sharer's, read by
# vfio-pci's handler while the line is shared), and divides by the window's
# interrupts (the bench's rows in its TAP log). Then, per mode, the median
# and range over the windows.
. "$(dirname "$0")/lib.sh"
res=$1
tap=$res/tests/vmm_intx_bench.sh.log
[ -s "$res/qemu.log" ] && [ -s "$tap" ] || die "intx-cfg.sh: no qemu.log or bench log in $res"
awk '
	# The bench rows: "# W MODE INTERRUPTS SECONDS ...".
	FILENAME ~ /\.sh\.log$/ {
		if ($1 == "#" && $2 ~ /^[0-9]+$/ && ($3 == "line" || $3 == "device")) {
			mode[$2] = $3; irqs[$2] = $4
		}
		next
	}
	!/pci_cfg_(read|write) [^ ]+ 00:0[037]\.0 @0x/ { next }
	{
		dev = $3; sub(/^00:/, "", dev)
		off = $0; sub(/.*@/, "", off); sub(/ .*/, "", off)
	}
	dev == "00.0" && off == "0xf8" {
		if (inside) { print "intx-cfg.sh: window " w " has no end marker" > "/dev/stderr"; bad = 1 }
		w++; inside = 1; next
	}
	dev == "00.0" && off == "0xfc" { inside = 0; next }
	inside && dev == "03.0" { first[w]++ }
	inside && dev == "07.0" { second[w]++ }
	END {
		# Every marked window must be one of the bench rows, in order.
		for (i in mode) rows++
		if (w != rows) {
			print "intx-cfg.sh: " w " marked windows, " rows + 0 " bench rows" > "/dev/stderr"
			bad = 1
		}
		if (bad) exit 1
		print "window mode interrupts first_edu_cfg_per_irq second_edu_cfg_per_irq"
		for (i = 1; i <= w; i++) {
			if (!(i in mode) || !irqs[i]) continue
			printf "%d %s %d %.2f %.2f\n", i, mode[i], irqs[i],
				first[i] / irqs[i], second[i] / irqs[i]
		}
	}' "$tap" "$res/qemu.log" >"$res/cfg.txt"
cat "$res/cfg.txt"
echo "mode windows first_edu_cfg_per_irq(median, min-max) second_edu_cfg_per_irq(median, min-max)"
for m in line device; do
	awk -v m=$m '
		function sort(a, n,  i, j, t) {
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++)
				if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
		}
		# Of a sorted array.
		function med(a, n) { return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
		$2 == m { n++; f[n] = $4; s[n] = $5 }
		END {
			if (!n) exit
			sort(f, n); sort(s, n)
			printf "%s %d %.2f (%.2f-%.2f) %.2f (%.2f-%.2f)\n", m, n,
				med(f, n), f[1], f[n], med(s, n), s[1], s[n]
		}' "$res/cfg.txt"
done
