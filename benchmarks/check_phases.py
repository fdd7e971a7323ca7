"""Where the time of `kamerbrief check` goes, check by check, in fresh processes.

`check` runs as a pre-commit hook, so every check added to it is paid on every commit. Each
run starts a new interpreter (first use pays the imports and lazily built indexes, as a
real run does), reads the project, then times each function of ``checks.ALL_CHECKS`` in
turn with ``time.perf_counter``. Medians over the runs, in milliseconds.

    .venv/bin/python benchmarks/check_phases.py [--runs 9] [--project .]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PHASES = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
from kamerbrief.project import load_report
report, found = load_report(Path(sys.argv[1]))
loaded = time.perf_counter()
from kamerbrief.checks import ALL_CHECKS
times = {"read and resolve": loaded - started}
for check in ALL_CHECKS:
    before = time.perf_counter()
    list(check(report))
    times[f"{check.__module__.rsplit('.', 1)[-1]}.{check.__name__}"] = time.perf_counter() - before
print(json.dumps(times))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args()
    runs: list[dict[str, float]] = []
    for _ in range(args.runs):
        result = subprocess.run([sys.executable, "-c", PHASES, str(args.project)],
                                capture_output=True, text=True, check=True)
        runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
    print(f"kamerbrief check on {args.project}, median of {args.runs} fresh processes (ms)\n")
    width = max(len(name) for name in runs[0])
    total = 0.0
    for name in runs[0]:
        median = statistics.median(run[name] for run in runs) * 1000
        total += median
        print(f"{name:<{width}}  {median:8.1f}")
    print(f"{'sum of medians':<{width}}  {total:8.1f}")


if __name__ == "__main__":
    main()
