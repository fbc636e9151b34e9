#!/bin/bash
# rip2sym.sh SYSTEM_MAP [DUMP]: one line per vCPU of a QEMU "info registers -a"
# dump (DUMP, or stdin; vm-watchdog.sh's frozen.txt holds two): its RIP as a
# kernel symbol+offset from SYSTEM_MAP, whether interrupts are on (IF, bit 9 of
# RFLAGS) and whether it is halted (HLT). A CPU at the same RIP in both samples
# with IF=0 and HLT=0 is spinning with interrupts off.
# By hand, for one address A (16 hex digits, lower case): awk -v a=A
#   '$2 ~ /^[tTwW]$/ && ($1 "") <= a {s = $3} END {print s}' System.map
set -euo pipefail
map=$1
shift

awk '
	# 8 hex digits to a number (awk doubles hold them exactly).
	function hex(s,   i, n) {n = 0; s = tolower(s)
		for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
		return n}
	# System.map is sorted by address; text symbols only.
	FNR == NR {if ($2 ~ /^[tTwW]$/) {n++; addr[n] = $1; sym[n] = $3}; next}
	/^CPU#[0-9]+/ {cpu = $1}
	/^(RIP|EIP)=/ {
		split($1, r, "="); split($2, f, "="); rip = r[2]
		for (i = 3; i <= NF; i++) if ($i ~ /^HLT=/) hlt = $i
		# Binary search, comparing addresses as strings of 16 hex digits.
		lo = 1; hi = n; best = 0
		while (lo <= hi) {mid = int((lo + hi) / 2); if ((addr[mid] "") <= (rip "")) {best = mid; lo = mid + 1} else hi = mid - 1}
		where = "(not a kernel text address)"
		if (length(rip) == 16 && best && substr(addr[best], 1, 8) == substr(rip, 1, 8))
			where = sprintf("%s+0x%x", sym[best], hex(substr(rip, 9)) - hex(substr(addr[best], 9)))
		printf "%s RIP=%s %s IF=%d %s\n", cpu, rip, where, int(hex(f[2]) / 512) % 2, hlt
	}
' "$map" "${1:--}"
