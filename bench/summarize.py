"""Collects bench/run.sh's medallion reports (one per stage) and /usr/bin/time outputs into one JSON file with medians."""
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
    for rep in range(1, repeat + 1):
        base = f"{work}/{size}-{rep}-medallion"
        reports = {r["stage"]: r for r in json.load(open(base + ".json"))}
        rss, process_s = benchlib.peak_rss_mib(base + ".time")
        row = {"events": int(size), "rep": rep, "process_seconds": round(process_s, 2), "peak_rss_mib": round(rss),
               "stages_seconds": round(sum(reports[s]["elapsedMillis"] for s in stages) / 1000, 2)}
        for stage in stages:
            r = reports[stage]
            row[stage] = {"stage_seconds": r["elapsedMillis"] / 1000, "events_per_second": r["eventsPerSecond"],
                          "peak_heap_mib": r["peakHeapMib"], "counts": r["counts"]}
        runs.append(row)
    rows = [r for r in runs if r["events"] == int(size)]
    m = {k: round(statistics.median(r[k] for r in rows), 2) for k in ["process_seconds", "stages_seconds", "peak_rss_mib"]}
    for stage in stages:
        m[stage] = {k: round(statistics.median(r[stage][k] for r in rows), 2)
                    for k in ["stage_seconds", "events_per_second", "peak_heap_mib"]}
    # Per-event cost on the whole process (JVM start included), the stricter of the two.
    m["microseconds_per_event"] = round(m["process_seconds"] * 1e6 / int(size), 2)
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
    print(f"  {int(size):>9,} events: medallion {m['process_seconds']:>7.1f} s process, {m['stages_seconds']:.1f} s in stages "
          f"({m['microseconds_per_event']} us/event), peak RSS {m['peak_rss_mib']:,.0f} MiB; " + "; ".join(
              f"{s} {m[s]['stage_seconds']:.1f} s, {m[s]['events_per_second']:,.0f} ev/s, heap {m[s]['peak_heap_mib']:,.0f} MiB"
              for s in stages))
if ratio is not None:
    print(f"  per-event cost {sizes[-1]} vs {sizes[0]}: {ratio}x (target <= 1.2)")
print(f"Written to {path}")
