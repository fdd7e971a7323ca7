"""What the house style costs WeasyPrint: the example's print HTML laid out with variants of
the style sheet.

In-process. The print HTML is rendered once (``render_html(report, for_print=True)``); each
variant replaces the style's CSS in it (the packaged Fira Sans ``@font-face`` rules stay)
and is given to WeasyPrint with kamerbrief's fetcher: ``HTML(...).render()`` (style cascade
and page layout) and ``Document.write_pdf(pdf_variant="pdf/ua-1")`` are timed apart with
``time.perf_counter``. One untimed warm-up round, then ``--runs`` rounds (default 5), each
running every variant once (round-robin, so load from elsewhere on the machine spreads over
all variants); medians and minimums are reported. Two counts do not depend on the machine's
load: the pages WeasyPrint lays out (again, for a changed counter) and the text lines it
has Pango break.

Variants: the style as is; a minimal sheet (fonts and the A4 page only); and the style
without one expensive feature at a time: the contents' leaders and page numbers
(``leader()``, ``target-counter()``), the running headers (``string-set`` and the
``@top-*`` boxes showing them), page footnotes (``float: footnote``), ``break-inside: avoid``
on table rows, short tables and boxes, ``break-after: avoid`` on headings and captions, and
the landscape named page; then all of those at once.

On a shared machine the same layout varies by more than most features cost; then count
instructions instead (``--instructions``: valgrind's cachegrind, one process per variant,
about 90 s each; the same on a loaded machine).

Run: ``.venv/bin/python benchmarks/style_cost.py [--runs 5] [--layout-only] [--instructions]
[--only NAME,...] [--css FILE]`` (``--css`` measures another style sheet in place of the
packaged one, e.g. a changed copy). Results are printed as a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """@page { size: A4; margin: 25mm 20mm 22mm 25mm; }
html { font-family: "Fira Sans", sans-serif; font-size: 10pt; line-height: 1.45; }
"""


def cut(css: str, *snippets: str) -> str:
    """``css`` without each snippet; every snippet must be there (or the variant is wrong)."""
    for snippet in snippets:
        if snippet not in css:
            raise SystemExit(f"style.css changed: {snippet!r} not found; update {__file__}")
        css = css.replace(snippet, "")
    return css


def cut_pattern(css: str, pattern: str) -> str:
    new, count = re.subn(pattern, "", css, flags=re.MULTILINE)
    if not count:
        raise SystemExit(f"style.css changed: /{pattern}/ not found; update {__file__}")
    return new


def no_leaders(css: str) -> str:
    return cut_pattern(css, r"^\s*\.toc (\.toc-1 )?a::after \{[^}]*\}\n")


def leader_only_numbers(css: str) -> str:
    """Page numbers in the contents kept, the dotted leader dropped."""
    return cut(css, 'leader(".") ')


def no_running_headers(css: str) -> str:
    css = cut_pattern(css, r"^\s*@top-(left|right) \{ content: string\([^}]*\}\n")
    css = cut(css, " @top-left { content: none; } @top-right { content: none; }",
              " @page :blank { @top-left { content: none; } }")
    css = cut_pattern(css, r" ?string-set: [^;]*;")
    return cut_pattern(css, r"^\s*\.chapter, \.list-of-tables \{ \}\n")


def no_page_footnotes(css: str) -> str:
    css = cut(css, "float: footnote; ")
    css = cut_pattern(css, r"^\s*\.fn::footnote-(call|marker) \{[^}]*\}\n")
    return cut_pattern(css, r"^\s*@footnote \{[^}]*\}\n")


def no_break_inside(css: str) -> str:
    css = cut_pattern(css, r"^\s*\.kb-table tr \{ break-inside: avoid; \}\n")
    css = cut_pattern(css, r"^\s*\.kb-table\.keep \{ break-inside: avoid; \}\n")
    return cut_pattern(css, r"^\s*\.box \{ break-inside: avoid; \}\n")


def no_break_after(css: str) -> str:
    css = cut_pattern(css, r" break-after: avoid;")
    return cut_pattern(css, r"^\s*\.kb-table figcaption, \.unit \{ \}\n")


def no_landscape(css: str) -> str:
    css = cut(css, "page: landscape; ")
    return cut_pattern(css, r"^\s*@page landscape \{[^}]*\}\n")


def all_features(css: str) -> str:
    for change in (no_leaders, no_running_headers, no_page_footnotes, no_break_inside,
                   no_break_after, no_landscape):
        css = change(css)
    return css


VARIANTS: dict[str, tuple[str, Callable[[str], str] | None]] = {
    "as-is": ("the style as is", lambda css: css),
    "minimal": ("minimal sheet: fonts + A4 page only", None),
    "no-leaders": ("without contents leaders and page numbers (leader, target-counter)", no_leaders),
    "no-leader-dots": ("contents page numbers kept, without the leader dots", leader_only_numbers),
    "no-running": ("without running headers (string-set, @top-left/right)", no_running_headers),
    "no-footnotes": ("without page footnotes (float: footnote)", no_page_footnotes),
    "no-break-inside": ("without break-inside: avoid (table rows, short tables, boxes)", no_break_inside),
    "no-break-after": ("without break-after: avoid (headings, captions)", no_break_after),
    "no-landscape": ("without the landscape named page", no_landscape),
    "none-of-these": ("without all of the features above", all_features),
}


@dataclass
class Result:
    name: str
    label: str
    html: str
    render: list[float] = field(default_factory=list)
    write: list[float] = field(default_factory=list)
    pages: int = 0
    layouts: int = 0  # pages laid out, counting the pages WeasyPrint laid out again
    lines: int = 0  # text lines WeasyPrint asked Pango to break (get_first_line calls)
    size: int = 0


def variant_html(html: str, css: str, name: str) -> str:
    label, change = VARIANTS[name]
    from kamerbrief.render.style import font_faces

    new_css = font_faces() + (MINIMAL if change is None else change(css))
    whole = font_faces() + css
    if html.count(whole) != 1:
        raise SystemExit("the style sheet is not in the print HTML exactly once")
    result = html.replace(whole, new_css)
    if name != "as-is" and result == html:
        raise SystemExit(f"variant {name} changes nothing")
    return result


COUNTS = {"layouts": 0, "lines": 0}


def count_calls() -> None:
    """Count work that does not depend on the machine's load: the pages WeasyPrint lays out
    (a page is laid out again when a counter it shows, such as ``target-counter``, or its
    content changed after the first pass) and the text lines it has Pango break (most of
    the layout time)."""
    from weasyprint.layout import page
    from weasyprint.text import line_break

    def counting(module: object, name: str, key: str) -> None:
        original = getattr(module, name)

        def counted(*args, **kwargs):
            COUNTS[key] += 1
            return original(*args, **kwargs)

        setattr(module, name, counted)

    counting(page, "remake_page", "layouts")  # looked up as a global by make_all_pages
    counting(line_break.Layout, "get_first_line", "lines")  # each text line Pango breaks


def run_one(result: Result, base_url: str, fetcher_of: Callable[[], object],
            write: bool = True) -> tuple[float, float]:
    """Layout seconds and write_pdf seconds (0 when not ``write``) of one variant."""
    from weasyprint import HTML

    COUNTS.update(layouts=0, lines=0)
    start = time.perf_counter()
    document = HTML(string=result.html, base_url=base_url, url_fetcher=fetcher_of()).render()
    laid_out = time.perf_counter()
    result.pages, result.layouts, result.lines = len(document.pages), COUNTS["layouts"], COUNTS["lines"]
    if not write:
        return laid_out - start, 0.0
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    result.size = len(pdf)
    return laid_out - start, time.perf_counter() - laid_out


@dataclass
class Setup:
    html: str  # the print HTML, with ``--css`` in place of the style's sheet when given
    css: str
    base_url: str
    fetcher: Callable[[], object]
    refused: list[str]


def prepare(project: Path, css_file: Path | None) -> Setup:
    import logging

    from kamerbrief.project import load_report
    from kamerbrief.render.html import render_html
    from kamerbrief.render.pdf import make_fetcher
    from kamerbrief.render.style import STYLES_DIR, find_style, font_folders

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    report, _ = load_report(project)
    html = render_html(report, for_print=True)
    style_css = find_style(report).css(for_print=False)
    css = css_file.read_text(encoding="utf-8") if css_file else style_css
    if css_file:
        html = html.replace(style_css, css)
    refused: list[str] = []

    def fetcher() -> object:
        return make_fetcher([report.root, STYLES_DIR, *font_folders()], refused)

    return Setup(html, css, report.root.as_uri() + "/", fetcher, refused)


def timed(setup: Setup, names: list[str], runs: int, write: bool) -> None:
    results = [Result(n, VARIANTS[n][0], variant_html(setup.html, setup.css, n)) for n in names]
    count_calls()
    load_before = os.getloadavg()
    for round_number in range(runs + 1):
        for result in results:
            render_s, write_s = run_one(result, setup.base_url, setup.fetcher, write)
            if round_number:  # round 0 is the warm-up
                result.render.append(render_s)
                result.write.append(write_s)
        print(f"round {round_number}/{runs} done", file=sys.stderr, flush=True)
    if setup.refused:
        raise SystemExit(f"the fetcher refused: {sorted(set(setup.refused))}")

    base = next((r for r in results if r.name == "as-is"), None)
    print(f"{runs} runs per variant after a warm-up; load average before "
          f"{load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}\n")
    print("| variant | layout s | min | Δ median vs as is | page layouts | Pango lines | pages "
          "| write_pdf s | PDF KiB |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for result in results:
        layout = statistics.median(result.render)
        delta = ""
        if base is not None and result is not base:
            diff = layout - statistics.median(base.render)
            delta = f"{diff:+.2f} s ({diff / statistics.median(base.render) * 100:+.0f} %)"
        write_s = f"{statistics.median(result.write):.2f}" if result.size else "–"
        size = f"{result.size // 1024}" if result.size else "–"
        print(f"| {result.label} | {layout:.2f} | {min(result.render):.2f} | {delta} "
              f"| {result.layouts} | {result.lines} | {result.pages} | {write_s} | {size} |")


def instructions(names: list[str], argv: list[str]) -> None:
    """Instructions executed by one layout of each variant, counted by valgrind (cachegrind):
    unlike times, the same on a loaded machine. Each variant runs in its own process (setup,
    then one ``render()``); a process that stops before the layout gives the setup's count,
    which is subtracted. Runs ``os.cpu_count()`` processes at once; about 90 s each."""
    import concurrent.futures
    import subprocess

    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise SystemExit("--instructions needs valgrind")
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONMALLOC": "malloc"}

    def count(name: str) -> int:
        done = subprocess.run([valgrind, "--tool=cachegrind", "--cache-sim=no",
                               "--cachegrind-out-file=/dev/null", sys.executable, __file__,
                               "--one", name, *argv], env=env, capture_output=True, text=True)
        match = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
        if done.returncode or not match:
            raise SystemExit(f"valgrind on {name} failed:\n{done.stderr[-1500:]}")
        print(f"{name} counted", file=sys.stderr, flush=True)
        return int(match.group(1).replace(",", ""))

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        counts = dict(zip(["setup", *names], pool.map(count, ["setup", *names]), strict=True))
    layout = {name: counts[name] - counts["setup"] for name in names}
    base = layout.get("as-is")
    print("| variant | layout, 10⁹ instructions | Δ vs as is |")
    print("| --- | ---: | ---: |")
    for name in names:
        delta = "" if base is None or name == "as-is" else \
            f"{(layout[name] - base) / 1e9:+.2f} ({(layout[name] - base) / base * 100:+.1f} %)"
        print(f"| {VARIANTS[name][0]} | {layout[name] / 1e9:.2f} | {delta} |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated variant names")
    parser.add_argument("--css", type=Path, help="another style.css to measure (default: the packaged one)")
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--layout-only", action="store_true", help="do not time write_pdf")
    parser.add_argument("--instructions", action="store_true",
                        help="count instructions with valgrind instead of timing")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # one layout (or 'setup'), for valgrind
    args = parser.parse_args(argv)
    names = [n for n in VARIANTS if not args.only or n in args.only.split(",")]
    if args.instructions:
        passed = [*(["--css", str(args.css.resolve())] if args.css else []),
                  "--project", str(args.project.resolve())]
        instructions(names, passed)
        return 0
    setup = prepare(args.project, args.css)
    if args.one:
        from weasyprint import HTML  # imported by the setup too: only the layout differs

        html = variant_html(setup.html, setup.css, "as-is" if args.one == "setup" else args.one)
        fetcher = setup.fetcher()
        if args.one != "setup":  # parse, cascade and lay out, as timed() times
            HTML(string=html, base_url=setup.base_url, url_fetcher=fetcher).render()
        return 0
    timed(setup, names, args.runs, not args.layout_only)
    return 0

if __name__ == "__main__":
    sys.exit(main())
