"""HTML from Jinja2 templates in the style folder: the preview, and the input for the PDF.

Python only prepares view data (TOC entries, caption texts); all markup lives in the
templates, so a ministry restyles without touching code.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from kamerbrief.model import Report
from kamerbrief.render import common
from kamerbrief.render.pdf_continued import RowKey, printed_rows, row_mark
from kamerbrief.render.running_head import left_share
from kamerbrief.render.style import StyleFiles, find_style
from kamerbrief.render.table_layout import continued_caption, table_layout
from kamerbrief.timestamps import RACY_NS

# Compiled templates, kept per style while no file in its folders changes: compiling
# report.html.j2 and blocks.html.j2 costs more than rendering the example report with them.
_ENVIRONMENTS: dict[tuple[str, str], tuple[tuple[tuple[str, int, int], ...], object]] = {}
_MAX_ENVIRONMENTS = 8
_ENVIRONMENTS_LOCK = threading.Lock()


def _style_files(style: StyleFiles) -> tuple[tuple[str, int, int], ...]:
    """Path, size and mtime_ns of every file in the style folders: a template added, removed
    or saved gives another tuple, so the next render compiles the templates again."""
    entries = []
    for folder in dict.fromkeys((str(style.folder), str(style.default_folder))):
        for dirpath, _, names in os.walk(folder):
            for name in names:
                path = os.path.join(dirpath, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                entries.append((path, st.st_size, st.st_mtime_ns))
    return tuple(sorted(entries))


def _environment(style: StyleFiles):
    key = (str(style.folder), str(style.default_folder))
    now = time.time_ns()
    files = _style_files(style)
    with _ENVIRONMENTS_LOCK:
        cached = _ENVIRONMENTS.get(key)
        if cached is not None and cached[0] == files:
            return cached[1]
        env = _new_environment(style)
        if any(mtime > now - RACY_NS for _, _, mtime in files):
            # just saved: a second save within the same timestamp tick would look the same
            _ENVIRONMENTS.pop(key, None)
            return env
        if key not in _ENVIRONMENTS and len(_ENVIRONMENTS) >= _MAX_ENVIRONMENTS:
            del _ENVIRONMENTS[next(iter(_ENVIRONMENTS))]  # the style cached first
        _ENVIRONMENTS[key] = (files, env)
        return env


def _new_environment(style: StyleFiles):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    env = Environment(loader=FileSystemLoader([str(style.folder), str(style.default_folder)]),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(
        kind=lambda obj: type(obj).__name__,
        common=common,
        table_layout=table_layout,
        continued_caption=continued_caption,
        row_mark=row_mark,
        printed_rows=printed_rows,
        running_head_left=left_share,
    )
    return env


def render_html(report: Report, draft: bool = False, for_print: bool = False,
                findings: object | None = None,
                labelled_rows: frozenset[RowKey] = frozenset()) -> str:
    """The whole report as one self-contained HTML page (CSS inline, no external loads).

    ``for_print`` adds @font-face rules pointing at the packaged font files, which only the
    PDF renderer's locked-down fetcher may load. ``findings`` (a preview.PreviewFindings) is
    for ``kamerbrief preview`` only: the templates then show the check findings on the page.
    ``labelled_rows``: table rows that open a PDF page inside their group, which print their
    group label again (render/pdf_continued.py).
    """
    style = find_style(report)
    env = _environment(style)
    template = env.get_template("report.html.j2")
    return template.render(
        report=report,
        config=report.config,
        vocab=common.vocabulary(report),
        toc=common.contents_entries(report),
        tables=common.numbered_tables(report),
        draft=draft,
        for_print=for_print,
        css=style.css(for_print=for_print),
        footnote_defs={(c.path, label): d for c in report.chapters
                       for label, d in c.footnotes.items()},
        logo=style.logo_uri(report.root, report.config.logo),
        findings=findings,
        labelled_rows=labelled_rows,
    )


def output_name(report: Report, suffix: str) -> str:
    return f"{report.config.file_stem}{suffix}"


def html_path(out_dir: Path, report: Report) -> Path:
    return out_dir / output_name(report, ".html")
