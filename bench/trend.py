"""Per-batch time over a long run, from the stage logs of bench/chaos.sh: each "== FinPipe <stage> run <stage>-<UTC
start>-<rand> ... OK in <s> s" line is one batch of that stage. Prints, per stage, the batches with data, their median
time in the first and the last tenth of the run, and the least-squares trend in seconds per hour."""
import re
import statistics
import sys
from datetime import datetime, timezone

LINE = re.compile(r"^== FinPipe (\w+) run \w+-(\d{8}T\d{6}Z)-\w+ on \w+: OK in ([\d.]+) s")
NOTHING = "nothing committed"


def batches(path):
    """(start seconds, stage, seconds) of every batch that committed something."""
    out, current = [], None
    for line in open(path, errors="replace"):
        m = LINE.match(line)
        if m:
            if current:
                out.append(current)
            start = datetime.strptime(m.group(2), "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc).timestamp()
            current = (start, m.group(1), float(m.group(3)))
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
