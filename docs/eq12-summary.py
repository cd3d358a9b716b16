#!/usr/bin/env python3
"""Summarises eq12.tsv (written by docs/eq12-reproduce.sh): one markdown row per (model, dataset) with the mean
and sample standard deviation over seeds of MPJPE and PA-MPJPE (mm), the mean PCK150 (%) and the mean train+test
seconds, then the paired differences against the single LeakyReLU lifter, against DPCN with L_lifting only and against that DPCN at 24 epochs
(same seed, same data), with their standard deviation over seeds.
Usage: python3 docs/eq12-summary.py eq12-work/eq12.tsv"""
import statistics as st
import sys
from collections import defaultdict

rows = defaultdict(dict)
order = []
for line in open(sys.argv[1]):
    name, data, seed, mpjpe, pa, pck, secs = line.rstrip("\n").split("\t")
    key = (name, data)
    if key not in rows:
        order.append(key)
    rows[key][int(seed)] = (float(mpjpe), float(pa), float(pck), float(secs))


def ms(values):
    if len(values) == 1:
        return f"{values[0]:.1f}"
    return f"{st.mean(values):.1f} ± {st.stdev(values):.1f}"


print("| model | data | seeds | MPJPE | PA-MPJPE | PCK150 | s |")
print("|---|---|---|---|---|---|---|")
for key in sorted(order, key=lambda k: (k[1], order.index(k))):
    runs = rows[key]
    seeds = sorted(runs)
    print(f"| {key[0]} | {key[1]} | {','.join(map(str, seeds))} | {ms([runs[s][0] for s in seeds])} | "
          f"{ms([runs[s][1] for s in seeds])} | {st.mean(runs[s][2] for s in seeds):.1f} | {st.mean(runs[s][3] for s in seeds):.0f} |")

for reference in ("single-leaky", "dpcn-none", "dpcn-none-w128-e24"):
    print(f"\nPaired MPJPE differences against {reference} (same seed; negative = better than {reference}):\n")
    print("| model | data | seeds | Δ MPJPE mean ± std | Δ per seed |")
    print("|---|---|---|---|---|")
    for key in sorted(order, key=lambda k: (k[1], order.index(k))):
        name, data = key
        ref = rows.get((reference, data))
        if name == reference or ref is None:
            continue
        seeds = sorted(s for s in rows[key] if s in ref)
        if not seeds:
            continue
        d = [rows[key][s][0] - ref[s][0] for s in seeds]
        print(f"| {name} | {data} | {','.join(map(str, seeds))} | {ms(d)} | {' '.join(f'{x:+.1f}' for x in d)} |")
