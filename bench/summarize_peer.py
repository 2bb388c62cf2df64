"""Collects bench/peer.sh's runs (FinPipe's stage reports, the peer's summary, both /usr/bin/time outputs) into
results/peer-<timestamp>.json with the medians and the ratio FinPipe / peer."""
import json
import os
import statistics
import sys
import time

import benchlib

work, results, sizes, repeat, env = sys.argv[1], sys.argv[2], sys.argv[3].split(), int(sys.argv[4]), sys.argv[5]
stages = ["bronze", "silver", "gold"]


def finpipe_run(base):
    reports = {r["stage"]: r for r in json.load(open(base + ".json"))}
    rss, wall = benchlib.peak_rss_mib(base + ".time")
    return {"wall_seconds": round(wall, 2), "peak_rss_mib": round(rss),
            "stage_seconds": {s: round(reports[s]["elapsedMillis"] / 1000, 2) for s in stages}}


def peer_run(base):
    summary = json.load(open(base + ".json"))
    rss, wall = benchlib.peak_rss_mib(base + ".time")
    return {"wall_seconds": round(wall, 2), "peak_rss_mib": round(rss),
            "stage_seconds": {s: round(summary[s + "_seconds"], 2) for s in stages},
            "rows": {k[:-5]: v for k, v in summary.items() if k.endswith(" rows")}}


def medians(rows):
    return {"wall_seconds": round(statistics.median(r["wall_seconds"] for r in rows), 2),
            "peak_rss_mib": round(statistics.median(r["peak_rss_mib"] for r in rows)),
            "stage_seconds": {s: round(statistics.median(r["stage_seconds"][s] for r in rows), 2) for s in stages}}


runs, summary = [], {}
for size in sizes:
    finpipe = [finpipe_run(f"{work}/peer-{size}-{rep}-finpipe") for rep in range(1, repeat + 1)]
    peer = [peer_run(f"{work}/peer-{size}-{rep}-peer") for rep in range(1, repeat + 1)]
    for rep in range(repeat):
        runs.append({"events": int(size), "rep": rep + 1, "finpipe": finpipe[rep], "peer": peer[rep]})
    f, p = medians(finpipe), medians(peer)
    summary[size] = {"finpipe": f, "peer": p, "peer_rows": peer[0]["rows"],
                     "wall_ratio_finpipe_over_peer": round(f["wall_seconds"] / p["wall_seconds"], 2),
                     "rss_ratio_finpipe_over_peer": round(f["peak_rss_mib"] / p["peak_rss_mib"], 2)}

machine = benchlib.machine()
out = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine, "env": env, "repeat": repeat,
       "correctness": "MATCH (gold rows, silver rows per event date, quarantine rows per stage and reasons)",
       "medians": summary, "runs": runs}
os.makedirs(results, exist_ok=True)
path = f"{results}/peer-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"
json.dump(out, open(path, "w"), indent=2)
print(f"\nMedians over {repeat} alternating runs on {machine['cpus']} cores, {machine['memory_gib']} GiB ({machine['java']}):")
for size, m in summary.items():
    for name in ["finpipe", "peer"]:
        r = m[name]
        print(f"  {int(size):>9,} events, {name:>7}: {r['wall_seconds']:>7.1f} s wall, peak RSS {r['peak_rss_mib']:,} MiB; "
              + ", ".join(f"{s} {r['stage_seconds'][s]:.1f} s" for s in stages))
    print(f"  {int(size):>9,} events: FinPipe / peer = {m['wall_ratio_finpipe_over_peer']}x wall time, "
          f"{m['rss_ratio_finpipe_over_peer']}x peak RSS (above 1: FinPipe is slower / larger)")
print(f"Written to {path}")
