"""Time kamerbrief as a user runs it: whole processes, wall clock and peak memory.

Run with ``make bench`` (``.venv/bin/python benchmarks/run.py``). Every benchmark starts
fresh processes (interpreter start-up and imports included), runs N times, and reports the
median, min and max wall time and the peak resident set size of the largest process.
Peak RSS is read per child with ``os.wait4`` (the kernel's rusage for exactly that
process: like ``/usr/bin/time -v``, without a wrapper process).

Baselines on the same Markdown (chapters concatenated in reading order, front matter
dropped, footnote labels made unique, ``{{tabel id}}`` replaced by a pipe table of the CSV):
pandoc to HTML followed by WeasyPrint, and pandoc to DOCX. And the floor for the PDF:
WeasyPrint alone on kamerbrief's own print HTML (the same HTML and fonts that kamerbrief
hands to WeasyPrint, PDF/UA-1 as kamerbrief asks), so the difference is kamerbrief's own
work: reading, checking, templating, the fetcher and post-processing.

Options::

    --runs N            runs per benchmark (default 5)
    --scale K           also time a synthetic K-times report (chapters and tables copied
                        K times with renamed table ids and placements)
    --scale-only LIST   which benchmarks to run at scale: check,html,pdf,docx,weasyprint
                        (default check,html,pdf)
    --scale-runs N      runs per scaled benchmark (default min(runs, 3))
    --output PATH       where to write the Markdown report (default docs/performance.md);
                        what follows its KEEP_MARKER comment line is kept
    --no-write          print only
    --keep              keep the temporary work folder and print its path

The project is copied into a temporary folder first, so edits to the repository during a
run do not change the input.
"""

from __future__ import annotations

import argparse
import csv
import ctypes.util
import datetime as dt
import importlib.util
import io
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
KAMERBRIEF = [str(BIN / "kamerbrief")] if (BIN / "kamerbrief").exists() else \
    [PYTHON, "-c", "from kamerbrief.cli import run; run()"]
PROJECT_IGNORE = shutil.ignore_patterns(".venv", "dist", ".git", "__pycache__", ".pytest_cache",
                                        ".ruff_cache", ".mypy_cache", ".venv-floor", ".hypothesis",
                                        "*.egg-info", "tests", "benchmarks", "docs", "src", ".ci", "build",
                                        "Makefile", ".kamerbrief-cache")


class BenchError(Exception):
    pass


# ---------------------------------------------------------------- measuring


@dataclass
class Step:
    """One process: argv, and which exit codes count as success."""

    argv: list[str]
    ok: tuple[int, ...] = (0,)


@dataclass
class Bench:
    name: str
    label: str
    steps: list[Step] | None = None
    skipped: str = ""
    output: Path | None = None  # a file the steps produce, for the size/pages column
    times: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kib: int = 0
    error: str = ""
    note: str = ""  # size (and pages) of the output, taken before the work folder goes

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def run_process(step: Step, cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (KiB) of one process."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(step.argv, cwd=cwd, stdin=subprocess.DEVNULL,
                                stdout=subprocess.DEVNULL, stderr=errors,
                                env={**os.environ, "NO_COLOR": "1"})
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4
        if proc.returncode not in step.ok:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace")[-1500:]
            raise BenchError(f"{' '.join(step.argv)} exited {proc.returncode}:\n{tail}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss  # Linux: kilobytes


def run_once(bench: Bench, cwd: Path) -> tuple[float, float, int]:
    wall, cpu, peak = 0.0, 0.0, 0
    for step in bench.steps or []:
        seconds, cpu_seconds, kib = run_process(step, cwd)
        wall += seconds
        cpu += cpu_seconds
        peak = max(peak, kib)
    return wall, cpu, peak


def measure(benches: list[Bench], runs: int, cwd: Path, progress: Callable[[str], None]) -> None:
    """One untimed warm-up each, then ``runs`` rounds, each running every benchmark once.

    Round-robin rather than one benchmark after the other, so that a burst of load from
    something else on the machine spreads over all rows instead of inflating one.
    """
    active = []
    for bench in benches:
        if bench.skipped or not bench.steps:
            progress(f"  skip {bench.name}: {bench.skipped}")
            continue
        try:
            run_once(bench, cwd)  # warm-up: file cache, font cache, .pyc files
            active.append(bench)
        except BenchError as exc:
            bench.error = str(exc).splitlines()[0]
            progress(f"  FAILED {bench.name}: {exc}")
    for round_number in range(1, runs + 1):
        progress(f"  round {round_number}/{runs}")
        for bench in active:
            if bench.error:
                continue
            try:
                wall, cpu, peak = run_once(bench, cwd)
            except BenchError as exc:
                bench.error = str(exc).splitlines()[0]
                progress(f"  FAILED {bench.name}: {exc}")
                continue
            bench.times.append(wall)
            bench.cpu.append(cpu)
            bench.peak_kib = max(bench.peak_kib, peak)
    for bench in active:
        if bench.times and not bench.error:
            bench.note = output_note(bench.output)
            progress(f"  {bench.name}: median {bench.median:.2f} s wall, "
                     f"{statistics.median(bench.cpu):.2f} s CPU, "
                     f"peak {bench.peak_kib / 1024:.0f} MiB {bench.note}")


# ---------------------------------------------------------------- inputs


def copy_project(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest, ignore=PROJECT_IGNORE)
    return dest


def config_of(root: Path) -> dict:
    with (root / "kamerbrief.toml").open("rb") as handle:
        return tomllib.load(handle)


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    first = text.splitlines()[0] if text else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter) if row]


def pipe_table(rows: list[list[str]], caption: str) -> str:
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") or " " for c in cells) + " |"

    out = [line(rows[0]), "|" + "|".join("---" for _ in range(width)) + "|"]
    out += [line(r) for r in rows[1:]]
    if caption:
        out += ["", f": {caption}"]
    return "\n".join(out)


FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
TABLE_PLACEMENT = re.compile(r"^\{\{\s*tabel\s+([\w.-]+)\s*\}\}\s*$", re.M)
FOOTNOTE_LABEL = re.compile(r"\[\^([^\]\s]+)\]")


def pandoc_markdown(root: Path) -> str:
    """The project's chapters as one pandoc Markdown document (untimed preparation)."""
    config = config_of(root)
    parts = []
    for index, chapter in enumerate(config["report"]["chapters"], start=1):
        text = (root / chapter).read_text(encoding="utf-8")
        text = FRONT_MATTER.sub("", text)
        text = FOOTNOTE_LABEL.sub(lambda m, i=index: f"[^c{i}-{m[1]}]", text)

        def table(match: re.Match[str]) -> str:
            csv_path = root / "tables" / f"{match[1]}.csv"
            if not csv_path.is_file():
                return match[0]
            sidecar = csv_path.with_suffix(".toml")
            caption = ""
            if sidecar.is_file():
                caption = tomllib.loads(sidecar.read_text(encoding="utf-8")).get("caption", "")
            return pipe_table(read_csv(csv_path), caption)

        parts.append(TABLE_PLACEMENT.sub(table, text))
    return "\n\n".join(parts)


def write_print_html(root: Path, target: Path) -> None:
    """kamerbrief's own print HTML (with the @font-face rules): WeasyPrint's exact input."""
    code = ("import sys; from pathlib import Path; from kamerbrief.project import load_report; "
            "from kamerbrief.render.html import render_html; "
            "report, _ = load_report(Path(sys.argv[1])); "
            "Path(sys.argv[2]).write_text(render_html(report, for_print=True), encoding='utf-8')")
    subprocess.run([PYTHON, "-c", code, str(root), str(target)], check=True)


def scale_project(source: Path, dest: Path, factor: int) -> Path:
    """A report ``factor`` times the example: every chapter and table copied, ids renamed."""
    config_text = (source / "kamerbrief.toml").read_text(encoding="utf-8")
    chapters = config_of(source)["report"]["chapters"]
    table_ids = sorted(p.stem for p in (source / "tables").glob("*.csv"))
    dest.mkdir(parents=True)
    for item in source.iterdir():
        if item.name not in ("chapters", "tables", "kamerbrief.toml") and item.is_dir():
            shutil.copytree(item, dest / item.name, ignore=PROJECT_IGNORE)
    if (source / "woorden.txt").is_file():  # the spelling check's word list
        shutil.copyfile(source / "woorden.txt", dest / "woorden.txt")
    (dest / "chapters").mkdir()
    (dest / "tables").mkdir()
    ids = "|".join(re.escape(t) for t in sorted(table_ids, key=len, reverse=True))
    patterns = [
        re.compile(r"(\{\{\s*tabel\s+)(" + ids + r")(\s*\}\})"),
        re.compile(r"(\{\{\s*waarde\s+)(" + ids + r")(\s*\|)"),
        re.compile(r"(\]\(#)(" + ids + r")(\))"),
        re.compile(r'(^\s*table\s*=\s*")(' + ids + r')(")', re.M),
    ]

    def rename(text: str, copy: int) -> str:
        for pattern in patterns:
            text = pattern.sub(lambda m: f"{m[1]}{m[2]}-k{copy}{m[3]}", text)
        return text

    new_chapters = []
    for copy in range(1, factor + 1):
        for chapter in chapters:
            path = Path(chapter)
            name = f"k{copy:02d}-{path.name}"
            text = rename((source / chapter).read_text(encoding="utf-8"), copy)
            (dest / "chapters" / name).write_text(text, encoding="utf-8")
            new_chapters.append(f"chapters/{name}")
        for table_id in table_ids:
            for suffix in (".csv", ".toml"):
                src = source / "tables" / f"{table_id}{suffix}"
                if not src.is_file():
                    continue
                target = dest / "tables" / f"{table_id}-k{copy}{suffix}"
                if suffix == ".toml":
                    target.write_text(rename(src.read_text(encoding="utf-8"), copy),
                                      encoding="utf-8")
                else:
                    shutil.copyfile(src, target)
    listed = "chapters = [\n" + "".join(f'    "{c}",\n' for c in new_chapters) + "]"
    config_text, count = re.subn(r"^chapters\s*=\s*\[.*?\]", lambda m: listed, config_text,
                                 count=1, flags=re.S | re.M)
    if count != 1:
        raise BenchError("could not find 'chapters = [...]' in kamerbrief.toml")
    (dest / "kamerbrief.toml").write_text(config_text, encoding="utf-8")
    return dest


# ---------------------------------------------------------------- the suite


def docx_skip_reason() -> str:
    if importlib.util.find_spec("kamerbrief.render.docx") is None:
        return "kamerbrief.render.docx does not exist yet"
    probe = subprocess.run([PYTHON, "-c", "import kamerbrief.render.docx"], capture_output=True,
                           text=True)
    if probe.returncode:
        return "kamerbrief.render.docx is not importable: " + \
            (probe.stderr.strip().splitlines() or ["?"])[-1]
    return ""


def kamerbrief_benches(project: Path, out: Path, work: Path, only: set[str] | None,
                       suffix: str = "") -> list[Bench]:
    stem = slug_of(project)
    benches = [
        Bench("check", "kamerbrief check",
              [Step([*KAMERBRIEF, "check", "--project", str(project), "--quiet"])]),
        Bench("html", "kamerbrief build --format html",
              [Step([*KAMERBRIEF, "build", "--project", str(project), "--format", "html",
                     "--out", str(out), "--quiet"])], output=out / f"{stem}.html"),
        Bench("pdf", "kamerbrief build --format pdf",
              [Step([*KAMERBRIEF, "build", "--project", str(project), "--format", "pdf",
                     "--out", str(out), "--quiet"])], output=out / f"{stem}.pdf"),
    ]
    docx = Bench("docx", "kamerbrief build --format docx",
                 [Step([*KAMERBRIEF, "build", "--project", str(project), "--format", "docx",
                        "--out", str(out), "--quiet"])], output=out / f"{stem}.docx")
    docx.skipped = docx_skip_reason()
    benches.append(docx)
    print_html = work / f"print{suffix}.html"
    floor = Bench("weasyprint", "WeasyPrint alone on kamerbrief's print HTML (pdf/ua-1)",
                  [Step([PYTHON, "-m", "weasyprint", "--pdf-variant", "pdf/ua-1", "--quiet",
                         str(print_html), str(work / f"floor{suffix}.pdf")])],
                  output=work / f"floor{suffix}.pdf")
    benches.append(floor)
    benches = [b for b in benches if only is None or b.name in only]
    if any(b.name == "weasyprint" for b in benches):
        write_print_html(project, print_html)
    for bench in benches:
        bench.name += suffix
    return benches


def baseline_benches(project: Path, work: Path) -> list[Bench]:
    pandoc = shutil.which("pandoc")
    names = [("pandoc-html", "pandoc → HTML"),
             ("pandoc-html-pdf", "pandoc → HTML, then WeasyPrint → PDF"),
             ("pandoc-docx", "pandoc → DOCX")]
    if pandoc is None:
        return [Bench(n, label, skipped="pandoc is not installed (apt-get install pandoc)")
                for n, label in names]
    source = work / "pandoc.md"
    source.write_text(pandoc_markdown(project), encoding="utf-8")
    title = config_of(project)["report"].get("title", "kamerbrief")
    to_html = Step([pandoc, str(source), "--standalone", "--metadata", f"title={title}",
                    "--metadata", "lang=nl-NL", "-o", str(work / "pandoc.html")])
    return [
        Bench("pandoc-html", "pandoc → HTML", [to_html], output=work / "pandoc.html"),
        Bench("pandoc-html-pdf", "pandoc → HTML, then WeasyPrint → PDF",
              [to_html, Step([PYTHON, "-m", "weasyprint", "--quiet", str(work / "pandoc.html"),
                              str(work / "pandoc.pdf")])], output=work / "pandoc.pdf"),
        Bench("pandoc-docx", "pandoc → DOCX",
              [Step([pandoc, str(source), "-o", str(work / "pandoc.docx")])],
              output=work / "pandoc.docx"),
    ]


def slug_of(project: Path) -> str:
    report = config_of(project)["report"]
    if report.get("slug"):
        return report["slug"]
    return re.sub(r"[^a-z0-9]+", "-", report.get("title", "").lower()).strip("-")


# ---------------------------------------------------------------- reporting


def output_note(path: Path | None) -> str:
    if path is None or not path.is_file():
        return ""
    size = path.stat().st_size
    note = f"{size / 1024:.0f} KiB"
    if path.suffix == ".pdf":
        try:
            import pikepdf

            with pikepdf.open(path) as pdf:
                note += f", {len(pdf.pages)} pages"
        except Exception:  # noqa: BLE001 - the page count is a nicety
            pass
    return note


def table(benches: list[Bench]) -> str:
    lines = ["| benchmark | median s | min s | max s | CPU s | runs | peak RSS MiB | output |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for b in benches:
        if b.skipped:
            lines.append(f"| {b.label} | – | – | – | – | – | – | skipped: {b.skipped} |")
        elif b.error:
            lines.append(f"| {b.label} | – | – | – | – | – | – | FAILED: {b.error[:80]} |")
        elif b.times:
            lines.append(f"| {b.label} | {b.median:.2f} | {min(b.times):.2f} | "
                         f"{max(b.times):.2f} | {statistics.median(b.cpu):.2f} | {len(b.times)} | "
                         f"{b.peak_kib / 1024:.0f} | "
                         f"{b.note} |")
    return "\n".join(lines)


def overhead(benches: list[Bench], suffix: str = "") -> str:
    by_name = {b.name: b for b in benches if b.times and not b.error}
    pdf, floor = by_name.get("pdf" + suffix), by_name.get("weasyprint" + suffix)
    if not (pdf and floor):
        return ""
    extra = pdf.median - floor.median
    pdf_cpu, floor_cpu = statistics.median(pdf.cpu), statistics.median(floor.cpu)
    extra_cpu = pdf_cpu - floor_cpu
    return (f"**kamerbrief's overhead over WeasyPrint alone** (same HTML, same fonts, "
            f"PDF/UA-1): {extra:+.2f} s wall ({pdf.median:.2f} s against {floor.median:.2f} s, "
            f"{extra / floor.median:+.0%}) and {extra_cpu:+.2f} s CPU ({pdf_cpu:.2f} s against "
            f"{floor_cpu:.2f} s, {extra_cpu / floor_cpu:+.0%}). That is kamerbrief's own work: "
            f"importing its CLI, reading and checking the project, templating the HTML, the "
            f"locked-down fetcher and the post-processing of the PDF.")


def load_average() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def machine() -> list[str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal"))
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        memory = "?"
    versions = subprocess.run(
        [PYTHON, "-c", "import platform, weasyprint, kamerbrief; "
         "print(platform.python_version(), weasyprint.__version__, kamerbrief.__version__)"],
        capture_output=True, text=True).stdout.split()
    python, weasy, kb = (versions + ["?", "?", "?"])[:3]
    pandoc = shutil.which("pandoc")
    pandoc_version = subprocess.run([pandoc, "--version"], capture_output=True, text=True) \
        .stdout.splitlines()[0] if pandoc else "not installed"
    return [
        f"- CPU: {model or platform.processor() or '?'}; nproc {os.cpu_count()}; memory {memory}",
        f"- OS: {platform.platform()}",
        f"- Python {python}, WeasyPrint {weasy}, kamerbrief {kb}, {pandoc_version}",
        "- HarfBuzz subsetting library: "
        + ("found" if ctypes.util.find_library("harfbuzz-subset") else
           "missing (WeasyPrint falls back to fontTools: slower PDFs)"),
    ]


def markdown(results: list[tuple[str, list[Bench], str]], args: argparse.Namespace,
             machine_lines: list[str], started: str, seconds: float,
             loads: tuple[str, str]) -> str:
    out = [
        "# Performance",
        "",
        "Measured with `make bench` (`.venv/bin/python benchmarks/run.py"
        + (f" --runs {args.runs}" if args.runs != 5 else "")
        + (f" --scale {args.scale} --scale-only {args.scale_only}" if args.scale else "")
        + f"`) on {started}, {seconds / 60:.1f} min in all.",
        "",
        "Each row starts fresh processes (interpreter start-up and imports included), after one",
        "untimed warm-up run; the rows run round-robin (one run of each per round), so load from",
        "elsewhere on the machine spreads over all rows. *median/min/max s* are wall clock,",
        "*CPU s* the median user + system time (less sensitive to other load), peak RSS that of",
        "the largest process, all read per child with `os.wait4`. The project is copied into a",
        "temporary folder first.",
        "",
        "## Machine",
        "",
        *machine_lines,
        f"- load average (1/5/15 min) at start: {loads[0]}; at the end: {loads[1]}",
        "",
    ]
    for title, benches, suffix in results:
        out += [f"## {title}", "", table(benches), ""]
        statement = overhead(benches, suffix)
        if statement:
            out += [statement, ""]
    out += [
        "## What the baselines do and do not do",
        "",
        "- *pandoc* gets the chapters concatenated in reading order, front matter removed,",
        "  footnote labels made unique per chapter and each `{{tabel id}}` replaced by a pipe",
        "  table of the CSV with its caption. It checks nothing, keeps `{{waarde …}}` as text,",
        "  numbers no tables, and its HTML has the default template and system fonts (no",
        "  cover, contents page numbers, running headers, landscape pages or page footnotes),",
        "  and its PDF is untagged: a reference point for a plain Markdown-to-PDF pipeline,",
        "  not a like-for-like comparison.",
        "- *WeasyPrint alone* renders the exact HTML kamerbrief hands to WeasyPrint (with the",
        "  packaged Fira Sans `@font-face` rules) as PDF/UA-1: the floor for kamerbrief's PDF.",
        "- The machine may be shared: compare rows of one run, not runs of different days.",
        "",
    ]
    return "\n".join(out)


# In the output file, the sections from this line on are other measurements (written by hand
# or by other scripts in benchmarks/): a new run keeps them below its own.
KEEP_MARKER = "<!-- benchmarks/run.py writes everything above this line and keeps what follows -->"


def kept_sections(output: Path) -> str:
    try:
        old = output.read_text(encoding="utf-8")
    except OSError:
        return ""
    at = old.find(KEEP_MARKER)
    return "\n" + old[at:] if at >= 0 else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=int, default=0)
    parser.add_argument("--scale-only", default="check,html,pdf")
    parser.add_argument("--scale-runs", type=int, default=0)
    parser.add_argument("--only", default="", help="comma-separated benchmark names at scale 1")
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)

    def progress(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    started = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    clock = time.perf_counter()
    machine_lines = machine()
    load_at_start = load_average()
    work = Path(tempfile.mkdtemp(prefix="kamerbrief-bench-"))
    results: list[tuple[str, list[Bench], str]] = []
    try:
        project = copy_project(args.project, work / "project")
        only = set(filter(None, args.only.split(","))) or None
        progress(f"scale 1: {project}")
        benches = [Bench("startup", "kamerbrief --version (start-up only)",
                         [Step([*KAMERBRIEF, "--version"])])]
        benches += kamerbrief_benches(project, work / "out", work, None)
        benches += baseline_benches(project, work)
        benches = [b for b in benches if only is None or b.name in only]
        measure(benches, args.runs, work, progress)
        results.append(("Example report (scale 1)", benches, ""))
        if args.scale > 1:
            scaled = scale_project(project, work / f"scale{args.scale}", args.scale)
            progress(f"scale {args.scale}: {scaled}")
            runs = args.scale_runs or min(args.runs, 3)
            wanted = set(args.scale_only.split(","))
            scaled_benches = kamerbrief_benches(scaled, work / f"out{args.scale}", work, wanted,
                                                suffix=f"@{args.scale}")
            for bench in scaled_benches:
                bench.label += f" (×{args.scale})"
            measure(scaled_benches, runs, work, progress)
            results.append((f"Synthetic report, {args.scale}× the example", scaled_benches,
                            f"@{args.scale}"))
    finally:
        if args.keep:
            progress(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    text = markdown(results, args, machine_lines, started, time.perf_counter() - clock,
                    (load_at_start, load_average()))
    print(text)
    if not args.no_write:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text + kept_sections(args.output), encoding="utf-8")
        progress(f"written {args.output}")
    failed = [b for _, group, _ in results for b in group if b.error]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
