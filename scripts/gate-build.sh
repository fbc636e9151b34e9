#!/bin/bash
# gate-build.sh TREE RESULTDIR: every commit of the series in TREE (a worktree
# at the series' tip) builds on its own, and adds no W=1 or sparse diagnostic
# to the files it touches, nor a compiler warning to the KVM selftests files
# the series touches, compared with the base. Leaves TREE at the tip.
# Everything is built in one lean tree, $OUT/w1: tinyconfig + the base config
# + config/bisect.config (PCI and VFIO for the INTx series; no debug options,
# no ACPI), all with W=1, so that a commit that changes a header included
# all over the kernel costs one lean rebuild, not a debug one and a W=1 one.
# The debug test kernel is built once, at the tip, by check.sh's kernel stage.
#   - at the base: the directories the series touches with W=1 C=1 (sparse),
#     all of them recompiled, for the reference diagnostics; then the rest of
#     the bzImage and the uapi headers;
#   - after each commit that changes a file the x86 kernel's build reads (not
#     one that changes only the selftests, the documentation or another
#     architecture: gate-arm64.sh checks arm64's): W=1 C=1 of the
#     directories it touches (only what changed is recompiled, and so
#     checked), then the bzImage;
#   - the KVM selftests (tools/testing/selftests/kvm, -Wall) against the uapi
#     headers of $OUT/w1 at the same commit: at the base into
#     $OUT/w1-selftests-base, after each commit that touches them or the
#     uapi headers into $OUT/w1-selftests (two directories, as their
#     dependency files name the headers they were built against).
# Diagnostics (W=1 from both builds, sparse from the C=1 one) are compared
# as counts of places per (file, message) (warnings.py), so a second copy
# of a message the base has in a file counts.
. "$(dirname "$0")/lib.sh"
tree=$1 res=$2
w1=$OUT/w1
kvmst=tools/testing/selftests/kvm
tip=$(git -C "$tree" rev-parse HEAD)
commits=$(git -C "$tree" rev-list --reverse base.."$tip")
mapfile -t w1cfg < <(config_files base bisect)
# W=1 for every build in $OUT/w1 (kbuild takes it from the environment too),
# so that the bzImage reuses the objects the W=1 C=1 builds made.
export KBUILD_EXTRA_WARN=1

# kbuild directories whose objects compile FILES: kernel sources in their own
# directory; virt/kvm and headers through x86's KVM (virt/kvm is built there).
wdirs() {
	local f
	for f in "$@"; do
		case $f in
		tools/* | Documentation/* | scripts/* | *.rst | *.txt) ;;
		virt/kvm/* | include/* | arch/x86/include/* | arch/x86/kvm/*) echo arch/x86/kvm/ ;;
		arch/x86/*.c) echo "$(dirname "$f")/" ;;
		arch/*) ;;
		*.c) echo "$(dirname "$f")/" ;;
		esac
	done | sort -u
}

# kfiles FILE...: those of FILEs that the x86 kernel's build reads: not the
# selftests, the documentation or another architecture's code.
kfiles() {
	local f
	for f in "$@"; do
		case $f in
		tools/testing/* | Documentation/*) ;;
		arch/x86/*) echo "$f" ;;
		arch/*) ;;
		*) echo "$f" ;;
		esac
	done
}

# wcheck NAME DIR...: W=1 C=1 build of DIRs; diagnostics in $res/NAME.log.
wcheck() {
	local name=$1
	shift
	: >"$res/$name.log"
	[ $# -gt 0 ] || return 0
	log "W=1 C=1 build ($name): $*"
	kmake "$tree" "$w1" -s C=1 "$@" >>"$res/$name.log" 2>&1
}

# kbuild NAME: the bzImage and uapi headers of $OUT/w1; output in $res/NAME-build.log.
kbuild() {
	"$REPO/scripts/build-kernel.sh" "$tree" "$w1" "${w1cfg[@]}" >"$res/$1-build.log" 2>&1
}

# stbuild NAME KOUT SOUT: build the KVM selftests against KOUT's uapi headers
# into SOUT (incremental: their Makefile tracks header dependencies, -MD), the
# output in $res/NAME.log, the warnings in files the series touches in NAME.warn.
stbuild() {
	log "KVM selftests build ($1)"
	"$REPO/scripts/build-selftests.sh" "$tree" "$2" "$3" >"$res/$1.log" 2>&1 || return 1
	# shellcheck disable=SC2086
	"$REPO/scripts/warnings.py" --root "$tree" --cwd "$tree/$kvmst" "$res/$1.log" --only $stfiles >"$res/$1.warn"
}

trap 'git -C "$tree" checkout -q -f "$tip"' EXIT
changed=$(git -C "$tree" diff --name-only base "$tip")
stfiles=$(echo "$changed" | grep "^$kvmst/" || true)
# shellcheck disable=SC2086
dirs=$(wdirs $changed)

# Reference diagnostics at the base, for every file the series touches.
git -C "$tree" checkout -q -f base
CONFIG_ONLY=1 kbuild w1-config || { cat "$res/w1-config-build.log"; die "cannot configure $w1"; }
for f in $changed; do [ -f "$tree/$f" ] && touch "$tree/$f"; done
# shellcheck disable=SC2086
wcheck base $dirs || { tail -n 30 "$res/base.log"; die "the base does not build"; }
kbuild base || { tail -n 30 "$res/base-build.log"; die "the base does not build"; }
"$REPO/scripts/warnings.py" --root "$tree" --cwd "$w1" "$res/base.log" "$res/base-build.log" >"$res/base.warn"
if [ -n "$stfiles" ]; then
	stbuild base-selftests "$w1" "$OUT/w1-selftests-base" || { tail -n 30 "$res/base-selftests.log"; die "the base's KVM selftests do not build"; }
fi

fail=0 i=0 n=$(echo "$commits" | grep -c . || true)
for c in $commits; do
	i=$((i + 1))
	git -C "$tree" checkout -q -f "$c"
	subject=$(git -C "$tree" log -1 --format=%s "$c")
	name=$(printf 'patch-%02d' $i)
	log "[$i/$n] $subject"
	touched=$(git -C "$tree" diff --name-only "$c^" "$c")
	# A commit that changes no file of the x86 kernel's build leaves the
	# kernel (and its uapi headers) as the last one built: not rebuilt.
	# shellcheck disable=SC2086
	if [ -z "$(kfiles $touched)" ]; then
		echo "patch $i changes no file of the x86 kernel: not rebuilt"
	else
		# shellcheck disable=SC2046,SC2086
		if ! wcheck "$name" $(wdirs $touched); then
			echo "patch $i ($subject): W=1 C=1 build fails:"
			grep -E 'error' "$res/$name.log" | head -n 20 | sed 's/^/  /'
			fail=1
			break
		fi
		if ! kbuild "$name"; then
			echo "patch $i ($subject) breaks the build:"
			grep -E 'error|Error' "$res/$name-build.log" | head -n 20 | sed 's/^/  /'
			fail=1
			break
		fi
		# shellcheck disable=SC2086
		"$REPO/scripts/warnings.py" --root "$tree" --cwd "$w1" "$res/$name.log" "$res/$name-build.log" --only $touched >"$res/$name.warn"
		new=$("$REPO/scripts/warnings.py" --new "$res/base.warn" "$res/$name.warn")
		if [ -n "$new" ]; then
			echo "patch $i ($subject) adds W=1/sparse diagnostics in files it touches:"
			echo "$new" | sed 's/^/  /'
			fail=1
		else
			echo "patch $i builds, no new W=1/sparse diagnostics: $subject"
		fi
	fi
	# The selftests, where the commit changes them or the uapi they build on.
	if [ -n "$stfiles" ] && grep -qE "^($kvmst/|include/uapi/|arch/x86/include/uapi/)" <<<"$touched"; then
		if ! stbuild "$name-selftests" "$w1" "$OUT/w1-selftests"; then
			echo "patch $i ($subject): the KVM selftests do not build:"
			grep -E 'error' "$res/$name-selftests.log" | head -n 20 | sed 's/^/  /'
			fail=1
			continue
		fi
		new=$("$REPO/scripts/warnings.py" --new "$res/base-selftests.warn" "$res/$name-selftests.warn")
		if [ -n "$new" ]; then
			echo "patch $i ($subject): more compiler warnings than at the base in KVM selftests files of the series:"
			echo "$new" | sed 's/^/  /'
			fail=1
		else
			echo "patch $i: KVM selftests build, no new warnings"
		fi
	fi
done
echo "$i of $n patches built in order"
exit $fail
