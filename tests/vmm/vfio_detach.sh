#!/bin/sh
# Runs in the test VM (L1), with no L2 guest: the edu device is bound to
# vfio-pci and held by a user that maps and unmaps DMA on its VFIO container
# without pause while the device is unbound, ROUNDS times
# (tests/vmm/l1/vfio_detach_race.c). The unbind's device request is answered
# by closing the device, which detaches the group and releases the
# container's type1 IOMMU under the running ioctls: each must work or fail
# with EINVAL, and the log gate fails a use-after-free that KASAN reports.
# TAP output (the program's).
. /tests/vmm/lib.sh
ROUNDS=${1:-20}
vfio_setup 0x1234 0x11e8 "edu"
cd /tmp || exit 1
exec /vmm/bin/vfio_detach_race "$bdf" "$ROUNDS"
