#!/usr/bin/env python3
"""warnings.py LOG [LOG...] [--only FILE...]: print the compiler and sparse
diagnostics of kernel build logs as "path: message", one a line, sorted and
unique, with line numbers dropped (so they compare across versions) and paths
made relative to the source tree (O= builds print them many ways)."""
import os
import re
import sys

DIAG = re.compile(r'^(\S+?):\d+(?::\d+)?: (warning|error): (.*)$')
TREE_DIRS = ('arch/', 'virt/', 'include/', 'kernel/', 'mm/', 'drivers/', 'lib/', 'fs/', 'tools/')


def relpath(path):
    path = os.path.normpath(path)
    for top in TREE_DIRS:
        i = path.find('/' + top)
        if path.startswith(top):
            return path
        if i >= 0:
            return path[i + 1:]
    return path


def main(argv):
    only = None
    if '--only' in argv:
        i = argv.index('--only')
        only = {os.path.normpath(p) for p in argv[i + 1:]}
        argv = argv[:i]
    found = set()
    for log in argv:
        with open(log, errors='replace') as f:
            for line in f:
                m = DIAG.match(line.rstrip('\n'))
                if not m:
                    continue
                path = relpath(m.group(1))
                if only is not None and path not in only:
                    continue
                found.add(f'{path}: {m.group(2)}: {m.group(3)}')
    for d in sorted(found):
        print(d)


if __name__ == '__main__':
    main(sys.argv[1:])
