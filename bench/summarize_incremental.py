"""Collects bench/incremental.sh's reports into one JSON file: per history size, median stage seconds and ratios."""
import json
import statistics
import sys
import time

import benchlib

work, results, sizes, repeat, batch = sys.argv[1], sys.argv[2], sys.argv[3].split(), int(sys.argv[4]), int(sys.argv[5])
warm = int(sys.argv[6])

runs, medians = [], {}
for size in sizes:
    rows = []
    for rep in range(1, repeat + 1):
        # One JVM ran the warm (restart) batch, then the measured one: the first and last report of each stage.
        reports = json.load(open(f"{work}/{size}-{rep}.json"))
        first, last = {}, {}
        for r in reports:
            first.setdefault(r["stage"], r)
            last[r["stage"]] = r
        row = {s: last[s]["elapsedMillis"] / 1000 for s in ["bronze", "silver", "gold"]}
        row["silver_gold"] = row["silver"] + row["gold"]
        row["batch"] = row["bronze"] + row["silver_gold"]
        row["restart_silver"] = first["silver"]["elapsedMillis"] / 1000
        rows.append(row)
        runs.append({"history": int(size), "rep": rep, **row})
    medians[size] = {k: round(statistics.median(r[k] for r in rows), 2) for k in rows[0]}

empty = medians[sizes[0]]
print(f"{batch:,}-event batch after a {warm:,}-event restart batch, in one JVM")
print(f"{'history':>10} {'silver s':>9} {'gold s':>7} {'silver+gold':>12} {'batch s':>8} {'ratio (silver+gold)':>20}"
      f" {'restart silver s':>17}")
for size in sizes:
    m = medians[size]
    m["ratio_silver_gold"] = round(m["silver_gold"] / empty["silver_gold"], 2)
    print(f"{int(size):>10,} {m['silver']:>9} {m['gold']:>7} {m['silver_gold']:>12} {m['batch']:>8} {m['ratio_silver_gold']:>20}"
          f" {m['restart_silver']:>17}")

out = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": benchlib.machine(), "batch": batch,
       "restart_batch": warm, "repeat": repeat, "medians": medians, "runs": runs}
path = f"{results}/incremental-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"
json.dump(out, open(path, "w"), indent=2)
print(f"medians of {repeat} runs on {out['machine']['cpus']} cores; written to {path}")
