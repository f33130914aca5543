#!/usr/bin/env python3
"""Runs commands in one run, interleaved round by round, and records for each its CPU time (user + system of
the command and every process it waited for), wall time and peak RSS (the largest of those processes), as
medians over the rounds. Prints one line per command and the load average before and after.

    measure.py RUNS OUT.json NAME=COMMAND [NAME=COMMAND ...]

Each COMMAND runs under `bash -c` with stdout discarded; exit status 0 or 1 (a negative verdict) counts as a
run, anything else stops the benchmark. `NAME*N=COMMAND` runs that command only N times (a slow peer).
"""
import json
import os
import statistics
import subprocess
import sys
import time


def run_once(command):
    start = time.monotonic()
    process = subprocess.Popen(["bash", "-c", command], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit(f"measure.py: '{command}' exited {code}")
    return {"cpu": usage.ru_utime + usage.ru_stime, "user": usage.ru_utime, "system": usage.ru_stime,
            "wall": wall, "rss_mb": usage.ru_maxrss / 1024}


def main():
    runs, out = int(sys.argv[1]), sys.argv[2]
    jobs = []
    for argument in sys.argv[3:]:
        name, command = argument.split("=", 1)
        limit = runs
        if "*" in name:
            name, count = name.split("*", 1)
            limit = min(runs, int(count))
        jobs.append((name, command, limit))
    load_before = os.getloadavg()
    samples = {name: [] for name, _, _ in jobs}
    for round_index in range(runs):
        for name, command, limit in jobs:
            if round_index < limit:
                samples[name].append(run_once(command))
    load_after = os.getloadavg()
    results = {}
    for name, _, _ in jobs:
        runs_of = samples[name]
        results[name] = {key: statistics.median(sample[key] for sample in runs_of) for key in runs_of[0]}
        results[name]["runs"] = len(runs_of)
    results["_load"] = {"before": load_before, "after": load_after}
    json.dump(results, open(out, "w"), indent=1)
    print(f"{'command':16} {'runs':>4} {'CPU s':>8} {'wall s':>8} {'peak RSS MB':>12}")
    for name, _, _ in jobs:
        r = results[name]
        print(f"{name:16} {r['runs']:4d} {r['cpu']:8.2f} {r['wall']:8.2f} {r['rss_mb']:12.0f}")
    print("load average (1, 5, 15 min) before: %.2f %.2f %.2f, after: %.2f %.2f %.2f" % (load_before + load_after))


if __name__ == "__main__":
    main()
