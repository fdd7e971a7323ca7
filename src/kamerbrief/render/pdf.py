"""PDF through WeasyPrint: tagged (PDF/UA), nl-NL, bookmarks, fonts embedded and subset.

Resources load only through ``ProjectFetcher``: data: URIs and files inside the project,
the style folder and the packaged fonts. Anything else (http, file: elsewhere) is refused
and reported, so a chapter cannot read local files or reach the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlparse

from kamerbrief.model import Report
from kamerbrief.render.html import render_html
from kamerbrief.render.style import STYLES_DIR, font_folders

if TYPE_CHECKING:
    from kamerbrief.render.pdf_continued import RowKey
    from kamerbrief.render.pdf_tags import Marks


def make_fetcher(allowed: list[Path], refused: list[str]):
    """A WeasyPrint URLFetcher subclass (v70 requires a subclass, not a function)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [p.resolve() for p in allowed]

    class ProjectFetcher(URLFetcher):
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            parsed = urlparse(url)
            if parsed.scheme == "data":
                return super().fetch(url, headers)
            if parsed.scheme == "file":
                path = Path(unquote(parsed.path)).resolve()
                if any(path.is_relative_to(root) for root in roots) and path.is_file():
                    return URLFetcherResponse(url, path.read_bytes())
            refused.append(url)
            raise ValueError(f"kamerbrief refuses to load {url}")

    return ProjectFetcher()


class PdfError(Exception):
    pass


def source_date_epoch(report: Report) -> str:
    """SOURCE_DATE_EPOCH if set, else midnight UTC of the report's date (or 0)."""
    import datetime as dt
    import os

    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        day = dt.date.fromisoformat(report.config.date)
    except ValueError:
        return "0"
    return str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()))


def take_marks(document: Any) -> Marks:
    """What the print HTML told the layout through ``MARKS_CSS`` (render/pdf_tags.py): the
    bookmarks it put on the pages of a laid-out WeasyPrint document (``Page.bookmarks``,
    WeasyPrint's public API; a box split over pages has its bookmark on the first page
    only). Those bookmarks are taken out, so the PDF's outline is the house style's alone."""
    from kamerbrief.render.pdf_tags import MARK, Marks

    labels: list[list[str]] = []
    for page in document.pages:
        ours: list[str] = []
        kept = []
        for bookmark in page.bookmarks:
            label = bookmark[1]
            if isinstance(label, str) and label.startswith(MARK):
                ours.append(label)
            else:
                kept.append(bookmark)
        page.bookmarks[:] = kept
        labels.append(ours)
    return Marks.read(labels)


def _write_pdf(report: Report, draft: bool, refused: list[str]) -> bytes:
    from weasyprint import CSS, HTML

    from kamerbrief.render.pdf_continued import MAX_RELAYOUTS, rows_opening_pages, rows_to_label
    from kamerbrief.render.pdf_tags import MARKS_CSS, mend_pdf

    fetcher = make_fetcher([report.root, STYLES_DIR, *font_folders()], refused)

    def laid_out(labelled: frozenset[RowKey]) -> tuple[Any, Marks]:
        html = render_html(report, draft=draft, for_print=True, labelled_rows=labelled)
        document = HTML(string=html, base_url=report.root.as_uri() + "/",
                        url_fetcher=fetcher).render(stylesheets=[CSS(string=MARKS_CSS)])
        return document, take_marks(document)

    # A page break inside a long group: lay out again with the group label printed on the
    # page it continues on (render/pdf_continued.py).
    labelled: frozenset[RowKey] = frozenset()
    document, marks = laid_out(labelled)
    for _ in range(MAX_RELAYOUTS):
        opening = rows_to_label(report, rows_opening_pages(marks.rows))
        if opening <= labelled:
            break
        labelled |= opening
        document, marks = laid_out(labelled)
    pdf = document.write_pdf(
        pdf_variant="pdf/ua-1",
        pdf_identifier=report.config.file_stem.encode("utf-8"),
        custom_metadata=False,
    )
    # The tag tree mended in one post-pass over the finished PDF (render/pdf_tags.py).
    return mend_pdf(pdf, marks)


def render_pdf(report: Report, draft: bool = False) -> bytes:
    """The report as tagged PDF bytes; the same input gives the same bytes."""
    import logging
    import os

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    refused: list[str] = []
    # Font subsetting stamps the subset's 'head' table with the current time unless
    # SOURCE_DATE_EPOCH is set; fix it for this render so two builds are byte-identical.
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(report)
    try:
        pdf = _write_pdf(report, draft, refused)
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    if refused:
        raise PdfError("refused to load: " + ", ".join(sorted(set(refused))))
    return pdf
