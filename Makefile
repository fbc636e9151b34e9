# Entry points; each target is one script in scripts/. See README.md.
.PHONY: help demo check workspace export workspace-status baseline bench bench-intx fuzz vmm vmm-base arm64-vm arm64-baseline deps

demo:             ## apply the series, build, boot, run the irqfd selftests (REPEAT=N: N rounds in one boot)
	@scripts/demo.sh
check:            ## every gate: git am, bisect build, W=1, sparse, checkpatch, arm64 build, VM tests, kernel log, arm64 VM
	@scripts/check.sh
workspace:        ## create/update the kernel workspace from patches/ and patches-intx/
	@scripts/workspace.sh update
export:           ## write the workspace's commits back to patches/ and patches-intx/
	@scripts/workspace.sh export
workspace-status: ## list workspace work not yet exported (exit 1 if any)
	@scripts/workspace.sh status
baseline:         ## upstream selftests on the unpatched base, REPEAT=3 rounds; those passing all -> tests/base-pass.txt
	@scripts/baseline.sh
bench:            ## irqfd benchmark, base against series, non-debug kernels -> results/bench/
	@scripts/bench.sh
bench-intx:       ## INTx round trips masked at the line vs at the device, one make vmm run -> results/bench-intx/
	@scripts/vmm.sh bench
fuzz:             ## irqfd_fuzz_test's full run (a million calls) on the debug kernel -> results/fuzz/
	@scripts/fuzz.sh
vmm:              ## Debian's QEMU runs an L2 guest with KVM inside the test VM (tests/vmm/) -> results/vmm/
	@scripts/vmm.sh series
vmm-base:         ## the same on the unpatched base kernel -> results/vmm-base/
	@scripts/vmm.sh base
arm64-vm:         ## the arm64 test VM alone: arm64 debug kernel + series, aarch64 selftests -> results/arm64-vm/
	@scripts/arm64-vm.sh series
arm64-baseline:   ## upstream aarch64 selftests on the base in the arm64 VM, REPEAT=3 -> tests/arm64/base-pass.txt
	@KARCH=arm64 scripts/baseline.sh
deps:             ## install missing Debian packages
	@scripts/deps.sh
help:             ## list these targets, one line each
	@awk -F':.*## ' '/^[a-z0-9-]+:.*## /{printf "make %-16s %s\n", $$1, $$2}' $(firstword $(MAKEFILE_LIST))
