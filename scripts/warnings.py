#!/usr/bin/env python3
"""Compiler and sparse diagnostics of build logs, counted, to compare builds.

warnings.py [--root TREE] [--cwd DIR] LOG... [--only FILE...]
    prints "COUNT<TAB>path: warning|error: message", one line per (path,
    message), sorted. COUNT is the number of distinct places (line and column)
    with that message: a second copy of a warning the file already has counts,
    and a header's warning compiled in by many objects counts once. Line
    numbers are left out of the key, so that the files compare across
    versions. Paths are made relative to TREE: absolute ones as they are,
    relative ones taken from DIR, where the compiler ran (the O= directory of
    a kernel build, whose paths ccache's CCACHE_BASEDIR makes relative;
    tools/testing/selftests/kvm for the selftests). Without --root, the path
    is cut at its first top-level kernel directory (arch/, include/, ...).
    --only keeps the listed paths (relative to TREE).

warnings.py --new BASE NEW
    compares two such outputs: prints, for each (path, message), the places
    NEW has beyond BASE ("path: warning: message (base N, now M)"). It exits 0
    either way (non-zero is an error of its own): look at the output.
"""
import argparse
import os
import re
import sys
from collections import defaultdict

DIAG = re.compile(r'^(\S+?):(\d+)(?::(\d+))?: (warning|error): (.*)$')
TREE_DIRS = ('arch/', 'virt/', 'include/', 'kernel/', 'mm/', 'drivers/', 'lib/', 'fs/', 'tools/')


def guess_relpath(path):
    path = os.path.normpath(path)
    for top in TREE_DIRS:
        if path.startswith(top):
            return path
        i = path.find('/' + top)
        if i >= 0:
            return path[i + 1:]
    return path


def relpath(path, root, cwd):
    if root is None:
        return guess_relpath(path)
    path = os.path.realpath(os.path.join(cwd or root, path))
    rel = os.path.relpath(path, root)
    return path if rel.startswith('..') else rel


def count(logs, root, cwd, only):
    places = defaultdict(set)
    for log in logs:
        with open(log, errors='replace') as f:
            for line in f:
                m = DIAG.match(line.rstrip('\n'))
                if not m:
                    continue
                path = relpath(m.group(1), root, cwd)
                if only is not None and path not in only:
                    continue
                places[f'{path}: {m.group(4)}: {m.group(5)}'].add((m.group(2), m.group(3)))
    for key in sorted(places):
        print(f'{len(places[key])}\t{key}')


def read_counts(path):
    counts = {}
    with open(path) as f:
        for line in f:
            n, _, key = line.rstrip('\n').partition('\t')
            counts[key] = int(n)
    return counts


def new(base, now):
    base, now = read_counts(base), read_counts(now)
    for key in sorted(now):
        if now[key] > base.get(key, 0):
            print(f'{key} (base {base.get(key, 0)}, now {now[key]})')
    return 0


def main(argv):
    if argv[:1] == ['--new']:
        if len(argv) != 3:
            sys.exit(__doc__)
        return new(argv[1], argv[2])
    p = argparse.ArgumentParser(usage=__doc__)
    p.add_argument('--root')
    p.add_argument('--cwd')
    p.add_argument('logs', nargs='+')
    p.add_argument('--only', nargs='*')
    a = p.parse_args(argv)
    # realpath: kbuild prints the tree's path with its symlinks resolved.
    root = os.path.realpath(a.root) if a.root else None
    cwd = os.path.realpath(a.cwd) if a.cwd else None
    only = None if a.only is None else {os.path.normpath(x) for x in a.only}
    count(a.logs, root, cwd, only)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
