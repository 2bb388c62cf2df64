"""Prints bench/catchup.sh's figures per batch budget: outcome, wall and peak RSS (/usr/bin/time), per stage the
batches and their sizes, time and peak heap (the run summaries), and the live rows of each table counted from the
Delta logs' own add and remove actions (independent of the stages' reports)."""
import glob
import json
import os
import sys

import benchlib

work, events, limits = sys.argv[1], int(sys.argv[2]), sys.argv[3:]


def live_rows(table_dir):
    """Rows of the live files, replaying every commit of the log (a benchmark's log still holds them all)."""
    live = {}
    for commit in sorted(glob.glob(f"{table_dir}/_delta_log/*.json")):
        for line in open(commit):
            action = json.loads(line)
            if "add" in action:
                live[action["add"]["path"]] = json.loads(action["add"]["stats"])["numRecords"]
            elif "remove" in action:
                live.pop(action["remove"]["path"], None)
    return sum(live.values())


print(f"== Catch-up of {events:,} Kafka events, available-now, on {benchlib.machine()}")
for limit in limits:
    rc = int(open(f"{work}/medallion-{limit}.rc").read())
    rss, wall = benchlib.peak_rss_mib(f"{work}/medallion-{limit}.time")
    log = open(f"{work}/logs/medallion-{limit}.log", errors="replace").read()
    outcome = "ok" if rc == 0 else ("OutOfMemoryError" if "OutOfMemoryError" in log else f"failed (exit {rc})")
    label = ("one unbounded batch, the bigger heap" if limit == "reference"
             else "no budget" if limit == "0" else f"{int(limit):,} records")
    print(f"-- {'reference' if limit == 'reference' else '--maxRecordsPerTrigger=' + limit} ({label}): {outcome}, wall {wall:.1f} s, peak RSS {rss / 1024:.2f} GiB")
    summary = f"{work}/medallion-{limit}.json"
    if rc == 0 and os.path.exists(summary):
        reports = json.load(open(summary))
        for stage in dict.fromkeys(r["stage"] for r in reports):
            runs = [r for r in reports if r["stage"] == stage and "nothing committed" not in " ".join(r["notes"])]
            if not runs:
                continue
            sizes = [r["eventsIn"] for r in runs]
            print(f"   {stage:<7} {len(runs):>3} batches, largest {max(sizes):>10,} events, "
                  f"{sum(r['elapsedMillis'] for r in runs) / 1000:7.1f} s, peak heap {max(r['peakHeapMib'] for r in runs):,} MiB")
    wh = f"{work}/wh-{limit}"
    tables = ["bronze/transactions", "silver/transactions", "quarantine/transactions", "gold/daily_user_currency"]
    counts = [f"{t} {live_rows(f'{wh}/{t}'):,}" for t in tables if os.path.isdir(f"{wh}/{t}/_delta_log")]
    print("   rows (from the Delta logs): " + ("; ".join(counts) if counts else "no table committed"))
    compare = f"{work}/compare-{limit}.txt"
    if os.path.exists(compare):
        verdict = [line for line in open(compare).read().splitlines() if line.strip()]
        print("   against the reference: " + (verdict[-1] if verdict else "no output"))
