#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Compare logs of the KVM selftest x86_64/irqfd_bench between kernels.

Reads the "BENCH <metric> <path> <N> <value> <unit>" lines of one log of
the base kernel (--base) and one of the kernel with the series (--series),
plus any number of further logs (--log LABEL=FILE), and prints:

  1. one row per (metric, path, N): the value of each log and the ratio
     series/base (written 1/x below 0.1);
  2. direct against legacy irqfds, per metric and N: legacy on base, legacy
     and direct on the series, and direct/legacy on the series;
  3. the TAP result of each section in each log.

If a log holds a figure more than once (runs appended to one file), the mean
is used.  With --plot FILE.png, also writes a log-log gnuplot chart of
assign_us and retarget_us against N, legacy against direct.
"""

import argparse
import re
import signal
import subprocess
import sys
from collections import OrderedDict

BENCH_RE = re.compile(r'BENCH (\S+) (\S+) (\d+) (\S+) (\S+)')
TAP_RE = re.compile(r'^(not ok|ok) \d+ (?:# (SKIP) )?(\S+)')
CLOCK_RE = re.compile(r'CLOCK_MONOTONIC resolution: (\d+) ns')
TSC_RE = re.compile(r'# coarse(:|,) .*TSC.*?(\d+) kHz')
COARSE_NS = 1000
PLOT_METRICS = ('assign_us', 'retarget_us')


def parse_log(path):
    """Return ({(metric, path, n): (value or None, unit)}, {section: status}).

    The clock the program timed with goes in as section "clock".
    """
    sums = OrderedDict()
    tap = OrderedDict()
    coarse = False
    with open(path, errors='replace') as f:
        for line in f:
            m = BENCH_RE.search(line)
            if m:
                metric, bpath, n, value, unit = m.groups()
                key = (metric, bpath, int(n))
                entry = sums.setdefault(key, [0.0, 0, unit])
                if value != 'n/a':
                    entry[0] += float(value)
                    entry[1] += 1
                continue
            m = CLOCK_RE.search(line)
            if m:
                tap['clock'] = 'CLOCK_MONOTONIC (%s ns)' % m.group(1)
                coarse = int(m.group(1)) > COARSE_NS
                continue
            m = TSC_RE.search(line)
            if m:
                # The program fell back to the TSC, or found it off too.
                if m.group(1) == ':':
                    tap['clock'] = 'TSC (%s kHz)' % m.group(2)
                    coarse = False
                continue
            m = TAP_RE.match(line.strip())
            if m:
                status = 'SKIP' if m.group(2) else m.group(1)
                tap[m.group(3).rstrip(':')] = status
    if coarse:
        print('warning: %s: timed with a clock of %s resolution, its timings '
              'are unreliable' % (path, tap['clock']), file=sys.stderr)
    figures = OrderedDict()
    for key, (total, count, unit) in sums.items():
        figures[key] = (total / count if count else None, unit)
    return figures, tap


def fmt(value):
    if value is None:
        return 'n/a'
    if value == 0:
        return '0'
    if abs(value) >= 1000:
        return '%.0f' % value
    if abs(value) >= 10:
        return '%.1f' % value
    if abs(value) >= 0.1:
        return '%.2f' % value
    return '%.3g' % value


def ratio(num, den):
    if num is None or den is None or den == 0:
        return '-'
    r = num / den
    if 0 < r < 0.1:
        return '1/%.0f' % (1 / r)
    return '%.2fx' % r


def print_table(header, rows, text_cols=2):
    widths = [max(len(str(r[i])) for r in [header] + rows)
              for i in range(len(header))]
    line = '  '.join('%-*s' % (w, h) for w, h in zip(widths, header))
    print(line.rstrip())
    print('  '.join('-' * w for w in widths))
    for r in rows:
        cells = []
        for i, (w, c) in enumerate(zip(widths, r)):
            # Text columns left-aligned, figures right-aligned.
            cells.append('%-*s' % (w, c) if i < text_cols else '%*s' % (w, c))
        print('  '.join(cells).rstrip())


def all_keys(logs):
    keys = OrderedDict()
    for _, figures, _ in logs:
        for key in figures:
            keys[key] = True
    return list(keys)


def value_of(figures, key):
    return figures.get(key, (None, None))[0]


def unit_of(logs, key):
    for _, figures, _ in logs:
        if key in figures:
            return figures[key][1]
    return ''


def table_all(logs):
    base, series = logs[0][1], logs[1][1]
    header = ['metric', 'path', 'N'] + [label for label, _, _ in logs]
    header += ['ratio', 'unit']
    rows = []
    for key in all_keys(logs):
        metric, bpath, n = key
        row = [metric, bpath, str(n)]
        row += [fmt(value_of(f, key)) for _, f, _ in logs]
        row += [ratio(value_of(series, key), value_of(base, key)),
                unit_of(logs, key)]
        rows.append(row)
    print('All figures (ratio = series / base):\n')
    print_table(header, rows)


def table_paths(logs):
    base, series = logs[0][1], logs[1][1]
    pairs = OrderedDict()
    for metric, bpath, n in all_keys(logs):
        if bpath in ('legacy', 'direct'):
            pairs[(metric, n)] = True
    rows = []
    for metric, n in pairs:
        leg, dirc = (metric, 'legacy', n), (metric, 'direct', n)
        d = value_of(series, dirc)
        if d is None:
            continue
        label = str(n)
        if value_of(base, leg) is None and value_of(series, leg) is None:
            # A legacy figure at another N, if it is the only one: the
            # interference test's VM B holds fewer legacy irqfds (GSI cap).
            others = set(k[2] for k in all_keys(logs)
                         if k[:2] == (metric, 'legacy') and
                         (value_of(base, k) is not None or
                          value_of(series, k) is not None))
            if len(others) != 1:
                continue
            leg = (metric, 'legacy', others.pop())
            label = '%d/%d' % (n, leg[2])
        rows.append([metric, label, fmt(value_of(base, leg)),
                     fmt(value_of(series, leg)), fmt(d),
                     ratio(d, value_of(series, leg)),
                     ratio(d, value_of(base, leg)),
                     unit_of(logs, dirc)])
    if not rows:
        return
    print('\nDirect against legacy irqfds:\n')
    print_table(['metric', 'N', 'legacy/base', 'legacy/series',
                 'direct/series', 'direct/legacy', 'vs base legacy', 'unit'],
                rows)


def table_tap(logs):
    sections = OrderedDict()
    for _, _, tap in logs:
        for s in tap:
            sections[s] = True
    if not sections:
        return
    print('\nSection results and clock:\n')
    rows = [[s] + [tap.get(s, '-') for _, _, tap in logs] for s in sections]
    print_table(['section'] + [label for label, _, _ in logs], rows,
                text_cols=len(logs) + 1)


def plot(logs, out):
    """Write a log-log chart of PLOT_METRICS against N to the PNG @out."""
    blocks, plots = [], []
    idx = 0
    for metric in PLOT_METRICS:
        curves = []
        for label, figures, _ in logs:
            for bpath in ('legacy', 'direct'):
                pts = sorted((n, v) for (m, p, n), (v, _) in figures.items()
                             if m == metric and p == bpath and v and n > 0)
                if not pts:
                    continue
                name = '$D%d' % idx
                idx += 1
                blocks.append('%s << EOD\n%s\nEOD' % (
                    name, '\n'.join('%d %g' % pt for pt in pts)))
                style = 'dt 1' if bpath == 'direct' else 'dt 2'
                curves.append("%s using 1:2 with linespoints %s lw 2 "
                              "title '%s %s'" % (name, style, bpath, label))
        plots.append((metric, curves))
    if not any(curves for _, curves in plots):
        sys.exit('bench-table: nothing to plot')

    script = ['set terminal pngcairo noenhanced size 1400,600 font ",11"',
              "set output '%s'" % out.replace("'", "''")]
    script += blocks
    script += ['set multiplot layout 1,2 title "irqfd_bench: legacy (GSI) '
               'against direct irqfds"',
               'set logscale xy', 'set grid', 'set key top left',
               "set xlabel 'N (irqfds in the VM)'"]
    for metric, curves in plots:
        script.append("set title '%s'" % metric)
        script.append("set ylabel 'microseconds per %s'" %
                      ('irqfd' if metric == 'assign_us' else 'retarget'))
        if curves:
            script.append('plot ' + ', '.join(curves))
    script.append('unset multiplot')
    subprocess.run(['gnuplot'], input='\n'.join(script) + '\n', text=True,
                   check=True)


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--base', required=True, help='log of the base kernel')
    ap.add_argument('--series', required=True,
                    help='log of the kernel with the series')
    ap.add_argument('--log', action='append', default=[],
                    metavar='LABEL=FILE', help='a further log to show')
    ap.add_argument('--plot', metavar='FILE.png', help='write a chart')
    args = ap.parse_args()

    logs = []
    for extra in args.log:
        if '=' not in extra:
            ap.error('--log takes LABEL=FILE, not %s' % extra)
    for label, path in [('base', args.base), ('series', args.series)] + \
            [tuple(x.split('=', 1)) for x in args.log]:
        figures, tap = parse_log(path)
        if not figures:
            sys.exit('bench-table: no BENCH lines in %s' % path)
        logs.append((label, figures, tap))

    table_all(logs)
    table_paths(logs)
    table_tap(logs)
    if args.plot:
        plot(logs, args.plot)
        print('\nchart: %s' % args.plot)


if __name__ == '__main__':
    main()
