"""``kamerbrief review``: a reviewer's comments and tracked changes back to the source.

The library API the command line is a thin layer over::

    review, report = read_review(Path("rapport-opmerkingen.docx"), Path("."))
    for item in review.items: …                      # placed, stale, unplaced or refused
    plan = plan_apply(review, report, comments_file="reviews/rapport-opmerkingen.md")
    print(unified_diff(plan))                         # what --dry-run shows
    write_plan(report.root, plan)                     # all files or none

Modules, one job each: ``docx_reader`` reads the reviewed file (bounded), ``groups`` finds
the edits, ``place`` matches the anchors to the current source, ``segments`` maps printed
text onto Markdown, ``edits`` turns an edit into a file edit, ``items`` describes each
change and comment, ``apply`` writes, ``output`` formats. The anchors themselves are
written by the DOCX renderer (render/docx_anchors.py). docs/review.md describes the round
trip.
"""

from __future__ import annotations

from pathlib import Path

from kamerbrief.model import Report
from kamerbrief.review.apply import ApplyError, ApplyPlan, plan_apply, unified_diff, write_plan
from kamerbrief.review.model import Author, Kind, Review, ReviewError, ReviewItem, Status

__all__ = ["ApplyError", "ApplyPlan", "Author", "Kind", "Review", "ReviewError", "ReviewItem",
           "Status", "comments_path", "plan_apply", "read_review", "unified_diff",
           "write_plan"]


def read_review(docx: Path, project: Path) -> tuple[Review, Report]:
    """Read the reviewed ``docx`` against the project at ``project``.

    Raises ProjectError when the project cannot be read, ReviewError when the file cannot."""
    from kamerbrief.project import load_report
    from kamerbrief.render.docx import docx_anchors
    from kamerbrief.review.docx_reader import read_docx
    from kamerbrief.review.items import review_document

    report, _findings = load_report(project)
    document = read_docx(docx)
    review, _placements = review_document(document, report, docx_anchors(report), docx.name)
    return review, report


def comments_path(docx: Path) -> str:
    """Where ``--comments-file`` writes the comments: ``reviews/<docx stem>.md``."""
    from kamerbrief.review.apply import REVIEWS_DIR

    return f"{REVIEWS_DIR}/{docx.stem}.md"
