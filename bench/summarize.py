"""Collects bench/run.sh's per-stage summaries and /usr/bin/time outputs into one JSON file with medians."""
import json
import os
import statistics
import sys
import time

import benchlib

work, results, sizes, repeat = sys.argv[1], sys.argv[2], sys.argv[3].split(), int(sys.argv[4])
stages = ["bronze", "silver", "gold"]


runs, medians = [], {}
for size in sizes:
    per_rep_total = []
    for rep in range(1, repeat + 1):
        total = 0.0
        for stage in stages:
            base = f"{work}/{size}-{rep}-{stage}"
            report = json.load(open(base + ".json"))[0]
            rss, process_s = benchlib.peak_rss_mib(base + ".time")
            row = {"events": int(size), "rep": rep, "stage": stage,
                   "stage_seconds": report["elapsedMillis"] / 1000, "process_seconds": process_s,
                   "events_per_second": report["eventsPerSecond"], "peak_rss_mib": round(rss),
                   "counts": report["counts"]}
            runs.append(row)
            total += report["elapsedMillis"] / 1000
        per_rep_total.append(total)
    m = {"medallion_seconds": round(statistics.median(per_rep_total), 2)}
    for stage in stages:
        rows = [r for r in runs if r["events"] == int(size) and r["stage"] == stage]
        m[stage] = {k: round(statistics.median(r[k] for r in rows), 2)
                    for k in ["stage_seconds", "process_seconds", "events_per_second", "peak_rss_mib"]}
    m["microseconds_per_event"] = round(m["medallion_seconds"] * 1e6 / int(size), 2)
    medians[size] = m

ratio = None
if len(sizes) >= 2:
    ratio = round(medians[sizes[-1]]["microseconds_per_event"] / medians[sizes[0]]["microseconds_per_event"], 3)
machine = benchlib.machine()
out = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine, "repeat": repeat,
       "medians": medians, "per_event_cost_ratio_largest_vs_smallest": ratio, "runs": runs}
os.makedirs(results, exist_ok=True)
path = f"{results}/{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"
json.dump(out, open(path, "w"), indent=2)
print(f"\nMedians over {repeat} runs on {machine['cpus']} cores, {machine['memory_gib']} GiB ({machine['java']}):")
for size, m in medians.items():
    print(f"  {int(size):>9,} events: medallion {m['medallion_seconds']:>7.1f} s "
          f"({m['microseconds_per_event']} us/event); " + "; ".join(
              f"{s} {m[s]['stage_seconds']:.1f} s, {m[s]['events_per_second']:,.0f} ev/s, {m[s]['peak_rss_mib']:,.0f} MiB"
              for s in stages))
if ratio is not None:
    print(f"  per-event cost {sizes[-1]} vs {sizes[0]}: {ratio}x (target <= 1.2)")
print(f"Written to {path}")
