#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Tabulate logs of the KVM selftest x86_64/irqfd_bench, base against series.

Each "BENCH <metric> <path> <N> <value> <unit>" line of a log is one sample.
The samples of all the logs of one kernel (--base LOG..., --series LOG...,
one log per boot) are pooled, and every figure is printed as its median with
the interquartile range [q1-q3] and the number of samples, then:

  1. one row per (metric, path, N): base, series, the ratio of the medians
     series/base (1/x below 0.1), and "slower" or "faster" when the two
     interquartile ranges do not overlap ("~" when they do);
  2. direct against legacy irqfds on the series, per metric and N;
  3. the TAP result of each section in each log, and the clock it timed with.

With --check, exits 1 if a log did not finish (no "# Totals:" line) or a
section failed.  With --plot FILE.png, writes a chart: assign, retarget and
deassign against N (medians, with q1-q3 as error bars) and the delivery
latency percentiles, base and series side by side.
"""

import argparse
import re
import signal
import subprocess
import sys
from collections import OrderedDict

BENCH_RE = re.compile(r'BENCH (\S+) (\S+) (\d+) (\S+) (\S+)')
TAP_RE = re.compile(r'^(not ok|ok) \d+ (?:# (SKIP) )?(\S+)')
TOTALS_RE = re.compile(r'^# Totals: ')
CLOCK_RE = re.compile(r'CLOCK_MONOTONIC resolution: (\d+) ns')
TSC_RE = re.compile(r'# coarse(:|,) .*TSC.*?(\d+) kHz')
COARSE_NS = 1000
CURVES = ('assign_us', 'retarget_us', 'deassign_us')
# Colour per path, point type per kernel (open: base, filled: series).
COLOURS = {'legacy': '#1f77b4', 'direct': '#d62728', 'signal_msi': '#2ca02c'}
POINTS = {'base': 6, 'series': 7}
LATENCY = ('latency_p50_us', 'latency_p90_us', 'latency_p99_us',
           'latency_max_us')


class Log:
    """One run of irqfd_bench: its samples, section results and clock."""

    def __init__(self, path):
        self.path = path
        self.samples = OrderedDict()    # (metric, path, n) -> [values]
        self.units = {}
        self.tap = OrderedDict()        # section -> ok / not ok / SKIP
        self.finished = False
        self.clock = None
        self.coarse = False
        with open(path, errors='replace') as f:
            for line in f:
                self.parse_line(line.strip())
        if self.coarse:
            print('warning: %s: timed with a clock of %s, its timings are '
                  'unreliable' % (path, self.clock), file=sys.stderr)

    def parse_line(self, line):
        m = BENCH_RE.search(line)
        if m:
            metric, bpath, n, value, unit = m.groups()
            values = self.samples.setdefault((metric, bpath, int(n)), [])
            if value != 'n/a':
                values.append(float(value))
            self.units[metric] = unit
            return
        m = CLOCK_RE.search(line)
        if m:
            self.clock = 'CLOCK_MONOTONIC (%s ns)' % m.group(1)
            self.coarse = int(m.group(1)) > COARSE_NS
            return
        m = TSC_RE.search(line)
        if m and m.group(1) == ':':
            # The program fell back to the TSC, which it found in step.
            self.clock = 'TSC (%s kHz)' % m.group(2)
            self.coarse = False
            return
        m = TAP_RE.match(line)
        if m:
            self.tap[m.group(3).rstrip(':')] = 'SKIP' if m.group(2) else m.group(1)
        elif TOTALS_RE.match(line):
            self.finished = True

    def failures(self):
        bad = ['%s: %s' % (s, r) for s, r in self.tap.items() if r == 'not ok']
        if not self.finished:
            bad.append('did not finish')
        return bad


def pooled(logs):
    """The samples of @logs together: (metric, path, n) -> sorted values."""
    pool = OrderedDict()
    for log in logs:
        for key, values in log.samples.items():
            pool.setdefault(key, []).extend(values)
    return OrderedDict((k, sorted(v)) for k, v in pool.items())


def quantile(values, q):
    """@q-quantile of sorted @values, linear between ranks."""
    pos = (len(values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def summary(values):
    """(median, q1, q3, n), or None without samples."""
    if not values:
        return None
    return (quantile(values, 0.5), quantile(values, 0.25),
            quantile(values, 0.75), len(values))


def fmt(value):
    if value == 0:
        return '0'
    if abs(value) >= 1000:
        return '%.0f' % value
    if abs(value) >= 10:
        return '%.1f' % value
    if abs(value) >= 0.1:
        return '%.2f' % value
    return '%.3g' % value


def fmt_summary(s):
    if s is None:
        return 'n/a'
    med, q1, q3, n = s
    return '%s [%s-%s] n=%d' % (fmt(med), fmt(q1), fmt(q3), n)


def ratio(num, den):
    if num is None or den is None or den[0] == 0:
        return '-'
    r = num[0] / den[0]
    if 0 < r < 0.1:
        return '1/%.0f' % (1 / r)
    return '%.2fx' % r


def compare(new, old):
    """"slower"/"faster" if the interquartile ranges are apart, else "~".

    Fewer than 3 samples on either side have no range to compare: "-".
    """
    if new is None or old is None or min(new[3], old[3]) < 3:
        return '-'
    if new[1] > old[2]:
        return 'slower'
    if new[2] < old[1]:
        return 'faster'
    return '~'


def print_table(header, rows, text_cols=3):
    widths = [max(len(str(r[i])) for r in [header] + rows)
              for i in range(len(header))]
    print('  '.join('%-*s' % (w, h) for w, h in zip(widths, header)).rstrip())
    print('  '.join('-' * w for w in widths))
    for r in rows:
        # Text columns left-aligned, figures right-aligned.
        print('  '.join('%-*s' % (w, c) if i < text_cols else '%*s' % (w, c)
                        for i, (w, c) in enumerate(zip(widths, r))).rstrip())


def table_all(base, series, units):
    rows = []
    for key in OrderedDict.fromkeys(list(base) + list(series)):
        b, s = summary(base.get(key, [])), summary(series.get(key, []))
        rows.append([key[0], key[1], str(key[2]), fmt_summary(b),
                     fmt_summary(s), ratio(s, b), compare(s, b),
                     units.get(key[0], '')])
    print('All figures: median [q1-q3] n=samples; ratio of the medians '
          'series/base;\n"slower"/"faster" where the q1-q3 ranges do not '
          'overlap.\n')
    print_table(['metric', 'path', 'N', 'base', 'series', 'ratio', 'spread',
                 'unit'], rows)


def table_paths(series, units):
    rows = []
    for metric, bpath, n in series:
        if bpath != 'direct':
            continue
        d = summary(series[(metric, 'direct', n)])
        leg = summary(series.get((metric, 'legacy', n), []))
        if d is None or leg is None:
            continue
        rows.append([metric, str(n), '', fmt_summary(leg), fmt_summary(d),
                     ratio(d, leg), compare(d, leg), units.get(metric, '')])
    if rows:
        print('\nDirect against legacy irqfds, on the series:\n')
        print_table(['metric', 'N', '', 'legacy', 'direct', 'ratio',
                     'spread', 'unit'], rows)


def table_vs_reference(runs):
    """Delivery percentiles over KVM_SIGNAL_MSI's in the same boot.

    The guest's latency moves from boot to boot by more than the paths
    differ (the ioctl path too, which runs no irqfd code), so a path's
    percentile divided by the reference's of the same boot, pooled over
    the boots of a kernel, compares the kernels without that noise.
    """
    pools = OrderedDict((('base', OrderedDict()), ('series', OrderedDict())))
    for label, log in runs:
        pool = pools['base' if label.startswith('base') else 'series']
        for (metric, bpath, n), values in log.samples.items():
            ref = log.samples.get((metric, 'signal_msi', n))
            if metric not in LATENCY or bpath == 'signal_msi' or not ref \
                    or not values or ref[0] == 0:
                continue
            pool.setdefault((metric, bpath, n), []).append(values[0] / ref[0])
    rows = []
    for key in OrderedDict.fromkeys(list(pools['base']) +
                                    list(pools['series'])):
        b = summary(sorted(pools['base'].get(key, [])))
        s = summary(sorted(pools['series'].get(key, [])))
        rows.append([key[0], key[1], str(key[2]),
                     fmt_summary(b), fmt_summary(s), compare(s, b)])
    if rows:
        print('\nDelivery over KVM_SIGNAL_MSI of the same boot (1.00: as '
              'fast as the ioctl path):\n')
        print_table(['metric', 'path', 'N', 'base', 'series', 'spread'],
                    rows)


def table_runs(runs):
    sections = OrderedDict()
    for _, log in runs:
        sections.update((s, True) for s in log.tap)
    header = ['section'] + [label for label, _ in runs]
    rows = [[s] + [log.tap.get(s, '-') for _, log in runs] for s in sections]
    rows.append(['finished'] + ['yes' if log.finished else 'NO'
                                for _, log in runs])
    rows.append(['clock'] + [log.clock or '?' for _, log in runs])
    print('\nSection results of each run:\n')
    print_table(header, rows, text_cols=len(header))


def gnuplot_block(name, rows):
    return '%s << EOD\n%s\nEOD' % (name, '\n'.join(' '.join(str(x) for x in r)
                                                   for r in rows))


def plot(pools, out):
    """Write the chart of the pooled samples of each kernel to PNG @out."""
    blocks, panels = [], []
    for metric in CURVES:
        curves = []
        for label, pool in pools:
            for bpath in ('legacy', 'direct'):
                pts = [(n,) + summary(v)[:3] for (m, p, n), v in pool.items()
                       if m == metric and p == bpath and v and n > 0]
                if not pts:
                    continue
                name = '$D%d' % len(blocks)
                blocks.append(gnuplot_block(name, sorted(pts)))
                curves.append("%s using 1:2:3:4 with yerrorlines %s lw 2 "
                              "lc rgb '%s' pt %d title '%s %s'" % (
                                  name, 'dt 1' if label == 'series' else 'dt 2',
                                  COLOURS[bpath], POINTS[label], bpath, label))
        panels.append(("set title '%s (median, q1-q3)'\nset logscale xy\n"
                       "set xlabel 'N (irqfds in the VM)'\n"
                       "set ylabel 'microseconds'\nset xtics auto" % metric,
                       curves))
    curves, col = [], 0
    for label, pool in pools:
        for bpath in ('legacy', 'direct', 'signal_msi'):
            row = [summary(v) for m in LATENCY
                   for (pm, p, _), v in pool.items()
                   if pm == m and p == bpath and v]
            if len(row) != len(LATENCY):
                continue
            name = '$D%d' % len(blocks)
            blocks.append(gnuplot_block(name, [
                (i, s[0], s[1], s[2]) for i, s in enumerate(row)]))
            col += 1
            curves.append("%s using ($1+%g):2:3:4 with yerrorbars pt %d ps 1.5 "
                          "lc rgb '%s' title '%s %s'" % (
                              name, col * 0.08, POINTS[label],
                              COLOURS[bpath], bpath, label))
    panels.append(("set title 'delivery latency, eventfd write to guest "
                   "handler (median over runs, q1-q3)'\nunset logscale x\n"
                   "set logscale y\nset xlabel 'percentile'\n"
                   "set ylabel 'microseconds'\n"
                   "set xtics ('p50' 0.2, 'p90' 1.2, 'p99' 2.2, 'max' 3.2)",
                   curves))
    if not any(c for _, c in panels):
        sys.exit('bench-table: nothing to plot')
    script = ['set terminal pngcairo noenhanced size 1400,1000 font ",11"',
              "set output '%s'" % out.replace("'", "''")] + blocks
    script += ['set multiplot layout 2,2 title "irqfd_bench: legacy (GSI) '
               'against direct irqfds, base against series"',
               'set grid', 'set key top left']
    for setup, c in panels:
        if c:
            script += [setup, 'plot ' + ', '.join(c)]
    script.append('unset multiplot')
    subprocess.run(['gnuplot'], input='\n'.join(script) + '\n', text=True,
                   check=True)


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--base', nargs='+', required=True,
                    help='logs of the base kernel, one per boot')
    ap.add_argument('--series', nargs='+', required=True,
                    help='logs of the kernel with the series, one per boot')
    ap.add_argument('--plot', metavar='FILE.png', help='write a chart')
    ap.add_argument('--check', action='store_true',
                    help='exit 1 if a run failed or did not finish')
    args = ap.parse_args()

    runs = [('base%d' % (i + 1), Log(p)) for i, p in enumerate(args.base)]
    runs += [('series%d' % (i + 1), Log(p)) for i, p in enumerate(args.series)]
    units = {}
    for _, log in runs:
        units.update(log.units)
    base = pooled(log for label, log in runs if label.startswith('base'))
    series = pooled(log for label, log in runs if label.startswith('series'))
    if not base or not series:
        sys.exit('bench-table: no BENCH lines in the %s logs' %
                 ('base' if not base else 'series'))

    table_all(base, series, units)
    table_paths(series, units)
    table_vs_reference(runs)
    table_runs(runs)
    if args.plot:
        plot([('base', base), ('series', series)], args.plot)
        print('\nchart: %s' % args.plot)

    failed = [(label, log.failures()) for label, log in runs if log.failures()]
    for label, bad in failed:
        print('bench-table: %s (%s): %s' % (label, dict(runs)[label].path,
                                            ', '.join(bad)), file=sys.stderr)
    if args.check and failed:
        sys.exit(1)


if __name__ == '__main__':
    main()
