"""Write a review's placed changes into the Markdown and CSV files: all of them or none.

Only changes placed in an unchanged source are applied; a stale, unplaced or refused one, or
one overlapping another, is a conflict: reported, left alone. Files keep their encoding
(UTF-8 with or without BOM, Windows-1252) and line ends. A CSV cell is rewritten in place,
its line otherwise untouched. Writing is two-phase: every new file is written beside its
target first; only when all are written are they renamed over the targets, and a failure
on the way puts back what was already replaced.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kamerbrief.model import Report, Table
from kamerbrief.numbers import NumberError, parse_number, split_marks, split_percent
from kamerbrief.readers.tables import sniff_delimiter  # the reader's own guess
from kamerbrief.readers.textfile import outside_project
from kamerbrief.review.edits import SourceEdit
from kamerbrief.review.model import Kind, Review, ReviewItem, Status
from kamerbrief.review.place import Placement

REVIEWS_DIR = "reviews"
_PLAIN = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "−": "-"})


class ApplyError(Exception):
    """The files could not be written; nothing was changed."""


@dataclass
class FileChange:
    path: str  # project-relative
    before: str  # the text with "\n" line ends, as read
    after: str
    encoding: str = "utf-8"
    bom: bool = False
    newline: str = "\n"
    existed: bool = True

    def data(self) -> bytes:
        text = self.after.replace("\n", self.newline) if self.newline != "\n" else self.after
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode(self.encoding)


@dataclass
class ApplyPlan:
    changes: list[FileChange]
    applied: list[ReviewItem] = field(default_factory=list)
    conflicts: list[tuple[ReviewItem, str]] = field(default_factory=list)


def plan_apply(review: Review, report: Report, comments_file: str = "") -> ApplyPlan:
    """What applying ``review`` changes; ``comments_file`` ("reviews/x.md") also writes the
    comments there."""
    root = report.root
    texts: dict[str, _Text] = {}
    edits: dict[str, list[tuple[SourceEdit, ReviewItem]]] = {}
    plan = ApplyPlan([])
    for item in review.items:
        if item.kind is Kind.COMMENT:
            continue
        if item.status is not Status.PLACED or item.edit is None:
            plan.conflicts.append((item, item.note or item.status.value))
            continue
        pieces = item.edit if isinstance(item.edit, list) else [item.edit]
        if any(piece is None for piece in pieces):
            plan.conflicts.append((item, "one end of the move cannot be written back"))
            continue
        problem = ""
        planned: list[tuple[SourceEdit, str]] = []
        for piece in pieces:
            if isinstance(piece, Placement):
                try:
                    planned.append(_cell_edit(piece, root, texts))
                except _Conflict as exc:
                    problem = str(exc)
            elif isinstance(piece, SourceEdit):
                planned.append((piece, piece.path))
        if problem:
            plan.conflicts.append((item, problem))
            continue
        for edit, path in planned:
            edits.setdefault(path, []).append((edit, item))
        plan.applied.append(item)
    for path, found in edits.items():
        try:
            text = texts.get(path) or _read(root, path)
        except _Conflict as exc:
            for _, item in found:
                _drop(plan, item, str(exc))
            continue
        texts[path] = text
        chapter = next((c for c in report.chapters if c.path == path), None)
        if chapter is not None and "\n".join(chapter.lines) != text.text:
            for _, item in found:
                _drop(plan, item, f"{path} changed on disk while the review was read")
            continue
        after = _apply_edits(text.text, found, plan)
        if after != text.text:
            plan.changes.append(FileChange(path, text.text, after, text.encoding, text.bom,
                                           text.newline))
    if comments_file:
        comments = [item for item in review.items if item.kind is Kind.COMMENT]
        plan.changes.append(_comments_change(root, comments_file, review, comments))
    for change in plan.changes:
        try:
            change.data()
        except UnicodeEncodeError:
            raise ApplyError(f"{change.path} is saved as {change.encoding}, which cannot hold "
                             "the reviewer's new characters: save it as UTF-8 first") from None
    return plan


def _drop(plan: ApplyPlan, item: ReviewItem, why: str) -> None:
    if item in plan.applied:
        plan.applied.remove(item)
        plan.conflicts.append((item, why))


def _apply_edits(text: str, found: list[tuple[SourceEdit, ReviewItem]], plan: ApplyPlan) -> str:
    """The file's text with the edits, from the last to the first; an edit that overlaps
    one kept before it is a conflict (an insertion at the same place goes after it)."""
    ordered = sorted(found, key=lambda pair: (pair[0].start, pair[0].end))
    kept: list[tuple[SourceEdit, ReviewItem]] = []
    for edit, item in ordered:
        if item not in plan.applied:
            continue
        if kept and edit.start < kept[-1][0].end:
            _drop(plan, item, f"overlaps another change at line {kept[-1][0].line}")
            continue
        kept.append((edit, item))
    for edit, item in reversed(kept):
        if item not in plan.applied:  # dropped with its other half (a move)
            continue
        text = text[:edit.start] + edit.text + text[edit.end:]
        text = _tidy(text, edit.start, edit.start + len(edit.text))
    return text


def _tidy(text: str, start: int, end: int) -> str:
    """No more than one blank line where a paragraph was taken out or put in: a run of line
    ends at either edge of the replaced text ``[start, end)`` is cut to two, or to one at
    the end of the file."""
    runs: list[tuple[int, int]] = []
    for position in (start, end):
        left = right = min(position, len(text))
        while left > 0 and text[left - 1] == "\n":
            left -= 1
        while right < len(text) and text[right] == "\n":
            right += 1
        if (left, right) not in runs:
            runs.append((left, right))
    for left, right in sorted(runs, reverse=True):
        if right == len(text) and right - left >= 2:
            text = text[:left] + "\n"
        elif right - left >= 3:
            text = text[:left] + "\n\n" + text[right:]
    return text


# ---------------------------------------------------------------- files


@dataclass
class _Text:
    text: str
    encoding: str
    bom: bool
    newline: str


class _Conflict(Exception):
    pass


def _read(root: Path, path: str) -> _Text:
    try:
        data = (root / path).read_bytes()
    except OSError as exc:
        raise _Conflict(f"cannot read {path}: {exc.strerror or exc}") from None
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = data.decode("cp1252", errors="replace"), "cp1252"
    newline = "\r\n" if "\r\n" in text else "\n"
    return _Text(text.replace("\r\n", "\n").replace("\r", "\n"), encoding, bom, newline)


# ---------------------------------------------------------------- table cells


def _cell_edit(placement: Placement, root: Path,
               texts: dict[str, _Text]) -> tuple[SourceEdit, str]:
    anchor = placement.anchors[0]
    table = anchor.source
    if not isinstance(table, Table):
        raise _Conflict("the cell's table is not in the current source")
    if table.path.lower().endswith(".xlsx"):
        raise _Conflict(f"{table.path} is an Excel workbook: change cell "
                        f"{anchor.cell or anchor.column} there")
    if anchor.kind == "header":
        raise _Conflict("a column header: rename the column in the CSV and wherever it is "
                        "named (sidecar, {{waarde}}), by hand")
    if table.path not in texts:
        texts[table.path] = _read(root, table.path)
    text = texts[table.path].text
    new = placement.group.new.strip()
    if "\n" in new:
        raise _Conflict("the new cell text has a paragraph break, which a CSV cell cannot hold")
    lines = text.split("\n")
    header = lines[table.header_line - 1] if table.header_line <= len(lines) else ""
    fields = _fields(text, _offset(lines, anchor.line), sniff_delimiter(header))
    try:
        index = table.columns.index(anchor.column)
        start, end, quoted = fields[index]
    except (ValueError, IndexError):
        raise _Conflict(f"column '{anchor.column}' is not on line {anchor.line} of "
                        f"{table.path}") from None
    raw = text[start:end]
    value = raw[1:-1].replace('""', '"') if quoted else raw
    if anchor.column in table.label_columns:
        if value.strip().translate(_PLAIN) != placement.built.strip().translate(_PLAIN):
            raise _Conflict(f"the cell reads '{value.strip()}' in {table.path}, not what was built")
        written = new
    else:
        written = _figure(new, value)
    delimiter = sniff_delimiter(header)
    if quoted or any(c in written for c in (delimiter, '"')):
        written = '"' + written.replace('"', '""') + '"'
    return SourceEdit(start, end, written, anchor.line, table.path), table.path


def _figure(new: str, old_raw: str) -> str:
    """The reviewer's figure as the CSV writes it: a hyphen for a nil and a minus, Dutch
    notation as printed; refused when it is not a number."""
    text = new.translate(_PLAIN).replace("\u2009", "").replace("\u00a0", "")
    if text in ("", "-"):
        return old_raw.strip() if split_marks(old_raw)[0].strip() in ("", "-", "–") else "-"
    number, _marks = split_marks(text)
    number, _percent = split_percent(number)
    try:
        parse_number(number)
    except NumberError:
        raise _Conflict(f"'{new}' is not a number: a figure cell takes a number") from None
    return text


def _offset(lines: list[str], line: int) -> int:
    return sum(len(text) + 1 for text in lines[:line - 1])


def _fields(text: str, start: int, delimiter: str) -> list[tuple[int, int, bool]]:
    """(start, end, quoted) of each field of the CSV record starting at ``start``."""
    fields: list[tuple[int, int, bool]] = []
    i, n = start, len(text)
    while True:
        field_start = i
        quoted = i < n and text[i] == '"'
        if quoted:
            i += 1
            while i < n:
                if text[i] == '"':
                    if i + 1 < n and text[i + 1] == '"':
                        i += 2
                        continue
                    i += 1
                    break
                i += 1
        while i < n and text[i] not in (delimiter, "\n"):
            i += 1
        fields.append((field_start, i, quoted and text[i - 1:i] == '"'))
        if i >= n or text[i] == "\n":
            return fields
        i += 1


# ---------------------------------------------------------------- comments file


def _comments_change(root: Path, rel: str, review: Review,
                     comments: list[ReviewItem]) -> FileChange:
    lines = [f"# Opmerkingen uit {Path(review.docx).name}", ""]
    if not comments:
        lines.append("Geen opmerkingen.")
    for item in comments:
        where = str(item.location) if item.location.path else "niet geplaatst"
        who = ", ".join(x for x in (item.author, item.date[:10]) if x)
        lines.append(f"- **{where}** ({who})" + (f": “{item.quoted}”" if item.quoted else ""))
        for text in item.comment.splitlines() or [""]:
            lines.append(f"  {text}".rstrip())
        if item.note and item.status is not Status.PLACED:
            lines.append(f"  _{item.note}_")
    after = "\n".join(lines) + "\n"
    target = root / rel
    before = ""
    if target.is_file():
        before = _read(root, rel).text
    return FileChange(rel, before, after, existed=target.is_file())


# ---------------------------------------------------------------- writing


def unified_diff(plan: ApplyPlan) -> str:
    out: list[str] = []
    for change in plan.changes:
        out.extend(difflib.unified_diff(
            change.before.splitlines(keepends=True), change.after.splitlines(keepends=True),
            fromfile=f"a/{change.path}" if change.existed else "/dev/null",
            tofile=f"b/{change.path}"))
    text = "".join(out)
    return text if not text or text.endswith("\n") else text + "\n"


def write_plan(root: Path, plan: ApplyPlan) -> list[str]:
    """Write every changed file, or none: returns the paths written; raises ApplyError."""
    staged: list[tuple[Path, str, FileChange]] = []
    done: list[tuple[Path, FileChange]] = []
    for change in plan.changes:
        if outside_project(root / change.path, root):
            raise ApplyError(f"{change.path} is a link to a file outside the project: not "
                             "written; nothing was changed")
    try:
        for change in plan.changes:
            target = (root / change.path).resolve()  # a link inside the project: its file
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                            dir=target.parent)
            staged.append((target, temp, change))
            with os.fdopen(handle, "wb") as stream:
                stream.write(change.data())
                stream.flush()
                os.fsync(stream.fileno())
            if change.existed:
                os.chmod(temp, target.stat().st_mode & 0o777)
        for target, temp, change in staged:
            os.replace(temp, target)
            done.append((target, change))
    except OSError as exc:
        _roll_back(done)
        for _, temp, _change in staged:
            Path(temp).unlink(missing_ok=True)
        raise ApplyError(f"cannot write {exc.filename or 'the files'}: "
                         f"{exc.strerror or exc}; nothing was changed") from None
    return [change.path for change in plan.changes]


def _roll_back(done: list[tuple[Path, FileChange]]) -> None:
    """Put back the files already replaced, as they were."""
    for target, change in reversed(done):
        if not change.existed:
            target.unlink(missing_ok=True)
            continue
        original = FileChange(change.path, change.after, change.before, change.encoding,
                              change.bom, change.newline)
        with open(target, "wb") as stream:
            stream.write(original.data())


__all__ = ["ApplyError", "ApplyPlan", "plan_apply", "unified_diff", "write_plan"]
