"""What the benchmark summaries share: the machine they ran on and the figures of /usr/bin/time -v."""
import os
import platform
import re
import subprocess


def peak_rss_mib(path):
    """Peak resident memory (MiB) and wall seconds of a process, from its /usr/bin/time -v output."""
    text = open(path).read()
    kib = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1)
    parts = [float(p) for p in wall.split(":")]
    seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    return kib / 1024, seconds


def machine():
    return {"host": platform.node(), "cpus": os.cpu_count(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "java": subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]}
