"""Per-batch time over a long run, from the stage logs of bench/chaos.sh: each "== FinPipe <stage> run <stage>-<UTC
start>-<rand> ... OK in <s> s (<n> events/s ..." line is one batch of that stage. Prints, per stage, the batches with
data, their median time in the first and the last tenth of the run and its least-squares trend in seconds per hour;
then the cost per event (microseconds, from the stage's events/s) in the first and last tenth, its change per hour and
the median batch size. A stream
takes in each tick what arrived during the last one, so when ticks slow down batches grow: the per-event cost says
whether the work itself got dearer."""
import re
import statistics
import sys
from datetime import datetime, timezone

LINE = re.compile(r"^== FinPipe (\w+) run \w+-(\d{8}T\d{6}Z)-\w+ on \w+: OK in ([\d.]+) s(?: \(([\d,]+) events/s)?")
NOTHING = "nothing committed"


def batches(path):
    """(start seconds, stage, seconds, events/s or None) of every batch that committed something."""
    out, current = [], None
    for line in open(path, errors="replace"):
        m = LINE.match(line)
        if m:
            if current:
                out.append(current)
            start = datetime.strptime(m.group(2), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).timestamp()
            rate = float(m.group(4).replace(",", "")) if m.group(4) else None
            current = (start, m.group(1), float(m.group(3)), rate)
        elif current and NOTHING in line:
            current = None  # an idle tick: it costs next to nothing and says nothing about the trend
    if current:
        out.append(current)
    return out


def slope_per_hour(points):
    xs, ys = [p[0] for p in points], [p[2] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    var = sum((x - mx) ** 2 for x in xs)
    return 0.0 if var == 0 else sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var * 3600


all_batches = [b for path in sys.argv[1:] for b in batches(path)]
for stage in ["bronze", "silver", "gold"]:
    points = sorted(b for b in all_batches if b[1] == stage)
    if len(points) < 10:
        print(f"trend: {stage}: only {len(points)} batches with data, too few for a trend")
        continue
    tenth = max(1, len(points) // 10)
    first = statistics.median(p[2] for p in points[:tenth])
    last = statistics.median(p[2] for p in points[-tenth:])
    print(f"trend: {stage}: {len(points)} batches with data over {(points[-1][0] - points[0][0]) / 60:.0f} min; "
          f"median {first:.2f} s in the first tenth, {last:.2f} s in the last; trend {slope_per_hour(points):+.2f} s/hour")
    rated = [p for p in points if p[3]]
    if len(rated) >= 10:
        # Medians of the first and last tenth, not least squares: the warm-up's small batches cost many times more
        # per event and would dominate a fitted slope.
        micros = lambda p: 1e6 / p[3]
        tenth = max(1, len(rated) // 10)
        head, tail = rated[:tenth], rated[-tenth:]
        first, last = statistics.median(map(micros, head)), statistics.median(map(micros, tail))
        hours = (statistics.median(p[0] for p in tail) - statistics.median(p[0] for p in head)) / 3600
        size = statistics.median(p[2] * p[3] for p in rated)
        change = f"{(last - first) / hours:+.1f} us/hour" if hours > 0 else "n/a"
        print(f"trend: {stage} per event: median {first:.0f} us in the first tenth, {last:.0f} us in the last; "
              f"change {change} (median batch {size:,.0f} events)")
