#!/bin/bash
# Install the Debian packages the harness needs, if any is missing.
. "$(dirname "$0")/lib.sh"

PKGS="linux-source-6.12 git make gcc libc6-dev perl python3 flex bison bc
      libelf-dev libssl-dev cpio xz-utils ccache sparse gcc-aarch64-linux-gnu python3-ply python3-git
      qemu-system-x86 busybox-static gnuplot-nox"

# The arm64 test VM (KARCH=arm64): its QEMU, static libc for the selftests,
# and Debian's arm64 busybox (below).
[ "$KARCH" = x86_64 ] || PKGS+=" qemu-system-arm libc6-dev-arm64-cross"

# busybox_arm64: Debian's static busybox for arm64, unpacked from its package
# into the cache (not installed: it would replace this machine's own). apt
# needs arm64 as a foreign architecture to fetch it.
busybox_arm64() {
	local d=$CACHE/arm64
	[ -x "$d/busybox" ] && return 0
	if ! dpkg --print-foreign-architectures | grep -qx arm64; then
		[ "$(id -u)" -eq 0 ] ||
			die "arm64 busybox: as root run: dpkg --add-architecture arm64 && apt-get update"
		log "deps: adding arm64 as a foreign architecture (for busybox-static:arm64)"
		dpkg --add-architecture arm64
		apt-get update -qq
	fi
	mkdir -p "$d/pkg"
	# apt-get download and dpkg-deb need no root; a stale package list does.
	(cd "$d/pkg" && apt-get download -qq busybox-static:arm64 2>/dev/null) ||
		{ [ "$(id -u)" -eq 0 ] && apt-get update -qq &&
			(cd "$d/pkg" && apt-get download -qq busybox-static:arm64); } ||
		die "arm64 busybox: cannot download busybox-static:arm64 (as root: apt-get update)"
	dpkg-deb -x "$d"/pkg/busybox-static_*_arm64.deb "$d/pkg/x"
	cp "$d/pkg/x/bin/busybox" "$d/busybox"
	rm -rf "$d/pkg"
	log "deps: arm64 busybox in $d/busybox"
}

missing=()
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	log "deps: all installed"
	[ "$KARCH" = x86_64 ] || busybox_arm64
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	die "missing packages; as root run: apt-get install ${missing[*]}"
fi
log "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
log "deps: done"
[ "$KARCH" = x86_64 ] || busybox_arm64
