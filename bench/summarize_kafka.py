"""Collects bench/kafka.sh's producer logs, ingest summaries, /usr/bin/time outputs and MeasureFreshness figures into
one JSON file with medians, and prints them."""
import json
import re
import statistics
import sys
import time

import benchlib

work, path = sys.argv[1], sys.argv[2]
events, repeat, stream_rate, stream_seconds = int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
trigger, partitions, warmup_events, modes = sys.argv[7], int(sys.argv[8]), int(sys.argv[9]), sys.argv[10].split()

# The producer's own final line; its events/s comes from the exact sending time (the seconds shown are rounded).
SUMMARY = re.compile(r"^ProduceTransactions: (done|stopped) after ([\d.]+) s: sent (\d+), acked (\d+), errors (\d+) "
                     r"\(([\d,]+) events/s\)", re.MULTILINE)


def producer_summary(log):
    _, seconds, sent, acked, errors, rate = SUMMARY.search(open(log).read()).groups()
    return {"seconds": float(seconds), "sent": int(sent), "acked": int(acked), "errors": int(errors),
            "events_per_second": int(rate.replace(",", ""))}


runs = []
for rep in range(1, repeat + 1):
    produce = producer_summary(f"{work}/produce-{rep}.log")
    rss, process_s = benchlib.peak_rss_mib(f"{work}/produce-{rep}.time")
    produce.update(process_seconds=process_s, peak_rss_mib=round(rss))
    report = json.load(open(f"{work}/ingest-{rep}.json"))[0]
    rss, process_s = benchlib.peak_rss_mib(f"{work}/ingest-{rep}.time")
    ingest = {"stage_seconds": report["elapsedMillis"] / 1000, "process_seconds": process_s,
              "events_per_second": report["eventsPerSecond"], "peak_rss_mib": round(rss), "counts": report["counts"]}
    runs.append({"rep": rep, "producer": produce, "bronze_ingest": ingest})


def median(part, key):
    return round(statistics.median(r[part][key] for r in runs), 2)


medians = {part: {k: median(part, k) for k in ["events_per_second", "process_seconds", "peak_rss_mib"]}
           for part in ["producer", "bronze_ingest"]}
medians["producer"]["seconds"] = median("producer", "seconds")
medians["bronze_ingest"]["stage_seconds"] = median("bronze_ingest", "stage_seconds")

streaming = {}
for mode in modes:
    freshness = json.load(open(f"{work}/freshness-{mode}.json"))
    streaming[mode] = {"target_events_per_second": stream_rate, "target_seconds": stream_seconds, "trigger": trigger,
                       "warmup_events": warmup_events, "producer": producer_summary(f"{work}/producer-{mode}.log"),
                       **freshness}

machine = benchlib.machine()
out = {"date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "machine": machine, "events": events,
       "repeat": repeat, "partitions": partitions, "medians": medians, "runs": runs, "freshness": streaming}
json.dump(out, open(path, "w"), indent=2)

print(f"\nKafka benchmark on {machine['cpus']} cores, {machine['memory_gib']} GiB ({machine['java']}), "
      f"{partitions} partitions; medians of {repeat} run{'s' if repeat > 1 else ''}:")
p, b = medians["producer"], medians["bronze_ingest"]
print(f"  producer      {events:,} events unthrottled: {p['events_per_second']:>9,.0f} events/s ({p['seconds']:.1f} s sending)")
print(f"  bronze ingest {events:,} events available-now on Spark: {b['events_per_second']:>9,.0f} events/s "
      f"(stage {b['stage_seconds']:.1f} s, process {b['process_seconds']:.1f} s wall, {b['peak_rss_mib']:,.0f} MiB)")
for mode in modes:
    f, prod = streaming[mode], streaming[mode]["producer"]
    gold = f["freshness_ms"]["gold"]
    print(f"  freshness ({mode}) Kafka -> gold at {prod['events_per_second']:,} events/s for {prod['seconds']:.0f} s, "
          f"trigger {trigger}: median {gold['median_ms'] / 1000:.1f} s, p95 {gold['p95_ms'] / 1000:.1f} s, "
          f"max {gold['max_ms'] / 1000:.1f} s over {gold['count']:,} events ({f['records_not_yet_in_gold']:,} not in gold)")
    for layer in ["bronze", "silver"]:
        lf = f["freshness_ms"][layer]
        print(f"                Kafka -> {layer}: median {lf['median_ms'] / 1000:.1f} s, p95 {lf['p95_ms'] / 1000:.1f} s")
print(f"Written to {path}")
