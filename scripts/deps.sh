#!/bin/bash
# Install the Debian packages the harness needs, if any is missing.
. "$(dirname "$0")/lib.sh"

PKGS="linux-source-6.12 git make gcc libc6-dev perl python3 flex bison bc
      libelf-dev libssl-dev cpio xz-utils ccache sparse gcc-aarch64-linux-gnu python3-ply python3-git
      qemu-system-x86 busybox-static gnuplot-nox"

missing=()
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && { log "deps: all installed"; exit 0; }

if [ "$(id -u)" -ne 0 ]; then
	die "missing packages; as root run: apt-get install ${missing[*]}"
fi
log "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
log "deps: done"
