#!/bin/bash
# build-selftests.sh TREE KOUT SOUT: build TREE's KVM selftests, static, against
# the uapi headers installed in KOUT (build-kernel.sh), into SOUT.
. "$(dirname "$0")/lib.sh"
tree=$1 kout=$2 sout=$3

log "building KVM selftests of $tree into $sout"
mkdir -p "$sout"
make -C "$tree/tools/testing/selftests/kvm" -j"$JOBS" -s \
	OUTPUT="$sout" KHDR_INCLUDES="-isystem $kout/usr/include" \
	LDFLAGS="-static -pthread -no-pie" CC="ccache gcc" all
# The x86_64 test list, in Makefile order: what upstream's own runner would run.
sed -n 's/^TEST_GEN_PROGS_x86_64 +\?= *//p' "$tree/tools/testing/selftests/kvm/Makefile" >"$sout/tests.list"
log "built $(wc -l <"$sout/tests.list") x86_64 selftests"
