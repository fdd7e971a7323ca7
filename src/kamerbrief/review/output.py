"""A review as text lines, as JSON, and as Diagnostics for the CI formats.

The CI formats (GitHub annotations, SARIF, JUnit, GitLab Code Quality) know findings only,
so each item becomes one, with a family-0 code: KB020 a comment and KB021 a change to make
(warnings: they annotate the merge request, the review is not a failure), KB022 unplaced,
KB023 stale and KB024 refused (errors: someone must look).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from kamerbrief.diagnostics import Diagnostic, Severity, clip
from kamerbrief.model import SourceLocation
from kamerbrief.review.model import Kind, Review, ReviewItem, Status

CODE_COMMENT = "KB020"
CODE_CHANGE = "KB021"
CODE_UNPLACED = "KB022"
CODE_STALE = "KB023"
CODE_REFUSED = "KB024"

_VERB = {Kind.COMMENT: "comment", Kind.INSERTION: "insertion", Kind.DELETION: "deletion",
         Kind.REPLACEMENT: "replacement", Kind.MOVE: "move", Kind.CELL: "cell",
         Kind.UNTRACKED: "untracked change"}


@dataclass(frozen=True)
class Line:
    """One printed line: ``status`` lets the command line colour it; ``lead`` is the
    location column."""

    status: str  # placed, stale, unplaced, refused, note, "" (a detail line)
    lead: str
    text: str


def where(item: ReviewItem) -> str:
    if not item.location.path:
        return "(unplaced)"
    location = item.location
    text = f"{location.path}:{location.line}" if location.line else location.path
    if location.cell:
        text += f" [{location.cell}]"
    elif location.column:
        text += f" [{location.row} / {location.column}]" if location.row else \
            f" [{location.column}]"
    return text


def _who(item: ReviewItem) -> str:
    parts = [item.author or "unknown author"]
    if item.date:
        parts.append(item.date.replace("T", " ").rstrip("Z")[:16])
    return ", ".join(parts)


def item_lines(item: ReviewItem) -> list[Line]:
    status = item.status.value
    head = f"{_VERB[item.kind]} by {_who(item)}"
    if item.block:
        head += f" ({item.block})"
    if item.kind is Kind.MOVE and item.destination is not None and item.destination.path:
        head += f", moved to {item.destination.path}:{item.destination.line}"
    if item.status is not Status.PLACED:
        head = f"{status}: {head}"
    lines = [Line(status, where(item), head)]
    if item.kind is Kind.COMMENT:
        if item.quoted:
            lines.append(Line("", "", f"on “{clip(item.quoted, 120)}”"))
        for text in item.comment.splitlines() or [""]:
            lines.append(Line("", "", f"» {text}"))
    elif item.kind is Kind.CELL:
        lines.append(Line("", "", f"{item.old or '(empty)'} → {item.new or '(empty)'}"))
    elif item.context:
        lines.append(Line("", "", item.context))
    if item.note:
        lines.append(Line("", "", f"note: {item.note}"))
    return lines


def text_lines(review: Review) -> list[Line]:
    lines = [Line("note", "note", note) for note in review.notes]
    for item in sorted(review.items, key=_order):
        lines += item_lines(item)
    return lines


def summary(review: Review) -> str:
    comments = sum(1 for i in review.items if i.kind is Kind.COMMENT)
    changes = len(review.items) - comments
    problems = len(review.problems)
    text = f"{comments} comment(s), {changes} change(s)"
    if problems:
        text += f"; {problems} not placed or not applicable"
    return text


def _order(item: ReviewItem) -> tuple[int, str, int, str]:
    return (0 if item.location.path else 1, item.location.path, item.location.line,
            item.kind.value)


def _location_dict(location: SourceLocation | None) -> dict[str, object] | None:
    if location is None or not location.path:
        return None
    data: dict[str, object] = {"file": location.path, "line": location.line}
    for key in ("row", "column", "cell"):
        value = getattr(location, key)
        if value:
            data[key] = value
    return data


def item_dict(item: ReviewItem) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": item.kind.value,
        "status": item.status.value,
        "location": _location_dict(item.location),
        "authors": [{"name": a.name, "date": a.date} for a in item.authors],
        "block": item.block,
    }
    if item.kind is Kind.COMMENT:
        data["comment"] = item.comment
        data["quoted"] = item.quoted
    else:
        data["old"] = item.old
        data["new"] = item.new
        data["context"] = item.context
    if item.destination is not None:
        data["destination"] = _location_dict(item.destination)
    if item.note:
        data["note"] = item.note
    return data


def to_json(review: Review, applied: list[str] | None = None,
            conflicts: list[tuple[ReviewItem, str]] | None = None, diff: str | None = None,
            check: list[Diagnostic] | None = None) -> str:
    """The review as JSON; with ``--apply`` also the files ``written``, the ``conflicts``
    and the check's findings after writing, with ``--dry-run`` the ``diff``."""
    data: dict[str, object] = {
        "docx": review.docx,
        "summary": {"comments": sum(1 for i in review.items if i.kind is Kind.COMMENT),
                    "changes": sum(1 for i in review.items if i.kind is not Kind.COMMENT),
                    "problems": len(review.problems),
                    "anchors": review.anchors, "anchors_current": review.current},
        "notes": review.notes,
        "items": [item_dict(item) for item in sorted(review.items, key=_order)],
    }
    if applied is not None:
        data["written"] = applied
        data["conflicts"] = [{**item_dict(item), "reason": why} for item, why in conflicts or []]
    if diff is not None:
        data["diff"] = diff
    if check is not None:
        data["check"] = [finding.to_dict() for finding in check]
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_diagnostics(review: Review, docx: str) -> list[Diagnostic]:
    """Each item as a finding, for the CI formats; an unplaced one is put on the .docx."""
    findings = []
    for item in sorted(review.items, key=_order):
        code, severity = {
            Status.UNPLACED: (CODE_UNPLACED, Severity.ERROR),
            Status.STALE: (CODE_STALE, Severity.ERROR),
            Status.REFUSED: (CODE_REFUSED, Severity.ERROR),
        }.get(item.status, (CODE_COMMENT if item.kind is Kind.COMMENT else CODE_CHANGE,
                            Severity.WARNING))
        lines = item_lines(item)
        message = lines[0].text + ": " + " ".join(line.text for line in lines[1:])
        location = item.location if item.location.path else SourceLocation(docx)
        findings.append(Diagnostic(code, severity, message.rstrip(": "), location,
                                   hint=item.note))
    return findings
