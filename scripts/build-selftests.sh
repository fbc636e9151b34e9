#!/bin/bash
# build-selftests.sh TREE KOUT SOUT: build TREE's KVM selftests for KARCH,
# static, against the uapi headers installed in KOUT (build-kernel.sh), into
# SOUT; SOUT/tests.list is KARCH's test list, in Makefile order.
. "$(dirname "$0")/lib.sh"
tree=$1 kout=$2 sout=$3
case $KARCH in
x86_64) cc=gcc dir=x86_64 ;;
arm64) cc=aarch64-linux-gnu-gcc dir=aarch64 ;;
esac

log "building $KARCH KVM selftests of $tree into $sout"
mkdir -p "$sout"
make -C "$tree/tools/testing/selftests/kvm" -j"$JOBS" -s "${CROSS[@]}" \
	OUTPUT="$sout" KHDR_INCLUDES="-isystem $kout/usr/include" \
	LDFLAGS="-static -pthread -no-pie" CC="ccache $cc" all
# What upstream's own runner would run.
sed -n "s/^TEST_GEN_PROGS_$dir +\?= *//p" "$tree/tools/testing/selftests/kvm/Makefile" >"$sout/tests.list"
log "built $(wc -l <"$sout/tests.list") $KARCH selftests"
