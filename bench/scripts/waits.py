#!/usr/bin/env python3
"""Where threads wait for a core, and how long store phases take, between two moments of a run.

  waits.py snap OUT PID...        per-thread scheduler counters of the processes (/proc/PID/task/TID/schedstat:
                                   time on a core, time runnable but waiting for one, time slices) and their names
  waits.py threads BEFORE AFTER   the difference, summed per thread name (digits folded), PostgreSQL per process
  waits.py metrics BEFORE AFTER   mean and bucket quantiles of the histograms in two /metrics scrapes
                                   (sagitta_store_phase_duration_seconds, sagitta_event_loop_lag_seconds)
Used by mixed-waits.sh; see bench/RESULTS.md ("Session 5").
"""
import collections
import json
import os
import re
import sys


def snap(pids):
    threads = {}
    for pid in pids:
        try:
            tids = os.listdir(f'/proc/{pid}/task')
        except OSError:
            continue  # the process ended
        for tid in tids:
            try:
                name = open(f'/proc/{pid}/task/{tid}/comm').read().strip()
                on_cpu, waiting, slices = open(f'/proc/{pid}/task/{tid}/schedstat').read().split()
            except OSError:
                continue  # the thread ended
            threads[f'{pid}/{tid}'] = [name, int(on_cpu), int(waiting), int(slices)]
    return threads


def group(key, name):
    name = re.sub(r'\d+', 'N', re.sub(r'[-_ ]?\d+$', '', name))
    return f'postgres {key.split("/")[0]}' if name == 'postgres' else name


def threads(before, after):
    sums = collections.defaultdict(lambda: [0, 0, 0, 0])
    for key, (name, on_cpu, waiting, slices) in after.items():
        _, on0, wait0, slices0 = before.get(key, [name, 0, 0, 0])
        s = sums[group(key, name)]
        s[0] += 1
        s[1] += on_cpu - on0
        s[2] += waiting - wait0
        s[3] += slices - slices0
    print(f'{"threads":34} {"n":>3} {"CPU ms":>9} {"waiting ms":>11} {"slices":>9}')
    for name, (n, on_cpu, waiting, slices) in sorted(sums.items(), key=lambda kv: -kv[1][1]):
        if on_cpu >= 1e6 or waiting >= 1e6:
            print(f'{name:34} {n:>3} {on_cpu / 1e6:>9.0f} {waiting / 1e6:>11.0f} {slices:>9}')


def scrape(path):
    values = {}
    for line in open(path):
        if line.startswith('sagitta_') and ' ' in line:
            key, value = line.rsplit(' ', 1)
            values[key] = float(value)
    return values


def metrics(before, after):
    series = collections.defaultdict(dict)
    for key, value in after.items():
        m = re.match(r'(\w+?)_(bucket|sum|count)\{(.*)\}$', key)
        if not m:
            continue
        le = re.search(r'le="([^"]*)"', m.group(3))
        labels = re.sub(r',?le="[^"]*"', '', m.group(3))
        part = float(le.group(1)) if le else m.group(2)
        series[(m.group(1), labels)][part] = value - before.get(key, 0)
    for (name, labels), parts in sorted(series.items()):
        n = parts.get('count', 0)
        if n <= 0:
            continue
        buckets = sorted((le, c) for le, c in parts.items() if isinstance(le, float))

        def quantile(q):
            return next((f'{le * 1000:g} ms' for le, c in buckets if c >= q * n), 'inf')
        print(f'{name}{{{labels}}}: n={n:.0f} mean={1000 * parts["sum"] / n:.1f} ms, '
              f'p50 <= {quantile(.5)}, p90 <= {quantile(.9)}, p99 <= {quantile(.99)}')


if __name__ == '__main__':
    command = sys.argv[1]
    if command == 'snap':
        json.dump(snap(sys.argv[3:]), open(sys.argv[2], 'w'))
    elif command == 'threads':
        threads(json.load(open(sys.argv[2])), json.load(open(sys.argv[3])))
    elif command == 'metrics':
        metrics(scrape(sys.argv[2]), scrape(sys.argv[3]))
    else:
        sys.exit(__doc__)
