"""Where the time of `kamerbrief build --format docx` goes, phase by phase, in fresh processes.

Each run starts a new interpreter (as the command line does) and times, with
``time.perf_counter``, what the build does in order: import the command line (typer, rich),
import the readers (markdown-it, PyYAML, Babel), read the project, run the checks, import
the DOCX renderer (python-docx, lxml), render, write. The interpreter's own start-up is the
wall time of ``python -c pass``. Medians over the runs; compare with ``pandoc -o x.docx``
on the same Markdown, timed the same way (whole process).

    .venv/bin/python benchmarks/docx_phases.py [--runs 9] [--project .]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

PHASES = """
import json, sys, time
started = time.perf_counter()
from pathlib import Path
import kamerbrief.cli
cli = time.perf_counter()
from kamerbrief.project import load_report
import kamerbrief.readers.markdown, kamerbrief.readers.tables, markdown_it, yaml, babel.numbers
readers = time.perf_counter()
report, findings = load_report(Path(sys.argv[1]))
loaded = time.perf_counter()
from kamerbrief.checks import run_checks
run_checks(report, findings)
checked = time.perf_counter()
import kamerbrief.render.docx
imported = time.perf_counter()
data = kamerbrief.render.docx.render_docx(report)
rendered = time.perf_counter()
from kamerbrief.build import write_atomic
write_atomic(Path(sys.argv[2]), data)
written = time.perf_counter()
print(json.dumps({"import the command line (typer, rich)": cli - started,
                  "import the readers (markdown-it, PyYAML, Babel)": readers - cli,
                  "read, parse and resolve the project": loaded - readers,
                  "run the checks": checked - loaded,
                  "import the DOCX renderer (python-docx, lxml)": imported - checked,
                  "render the DOCX": rendered - imported,
                  "write the file": written - rendered}))
"""


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="kamerbrief-docx-phases-"))
    try:
        markdown = work / "all.md"
        from run import pandoc_markdown  # the baseline's Markdown, as run.py makes it

        markdown.write_text(pandoc_markdown(args.project), encoding="utf-8")
        pandoc = shutil.which("pandoc")
        phases: dict[str, list[float]] = {}
        totals, starts, pandocs = [], [], []
        for _ in range(args.runs + 1):  # the first round warms the file cache and is dropped
            starts.append(wall([PYTHON, "-c", "pass"]))
            started = time.perf_counter()
            output = subprocess.run([PYTHON, "-c", PHASES, str(args.project), str(work / "x.docx")],
                                    check=True, capture_output=True, text=True).stdout
            totals.append(time.perf_counter() - started)
            for name, seconds in json.loads(output.strip().splitlines()[-1]).items():
                phases.setdefault(name, []).append(seconds)
            if pandoc:
                pandocs.append(wall([pandoc, str(markdown), "-o", str(work / "pandoc.docx")]))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def median(values: list[float]) -> str:
        return f"{statistics.median(values[1:]) * 1000:.0f}"

    print(f"| phase (median of {args.runs} fresh processes) | ms |")
    print("| --- | ---: |")
    print(f"| start the interpreter (`python -c pass`) | {median(starts)} |")
    for name, values in phases.items():
        print(f"| {name} | {median(values)} |")
    print(f"| **whole process** | **{median(totals)}** |")
    if pandocs:
        print(f"| pandoc → DOCX, whole process | {median(pandocs)} |")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
