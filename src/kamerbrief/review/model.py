"""What a review brings back: comments and tracked changes, each placed in the source or not.

Review items are not Diagnostics: a comment or a change is not a fault of the source, it has
an author and a date, an old and a new text, and a status (placed, stale, unplaced,
refused). ``review/output.py`` turns them into Diagnostics only for the CI formats, which
know nothing else (codes KB020–KB024, family 0: the project).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kamerbrief.docx_input import DocxRefused
from kamerbrief.model import SourceLocation


class Status(StrEnum):
    PLACED = "placed"  # at its file and line, the source as it was built
    STALE = "stale"  # its block is known, but the source changed since the build
    UNPLACED = "unplaced"  # no anchor leads to the source: the text is all there is
    REFUSED = "refused"  # placed, but not a text edit (inside a quoted figure, a heading's label…)


class Kind(StrEnum):
    COMMENT = "comment"
    INSERTION = "insertion"
    DELETION = "deletion"
    REPLACEMENT = "replacement"
    MOVE = "move"
    CELL = "cell"  # a table cell's value: old → new
    UNTRACKED = "untracked"  # the text differs from the build, without a tracked change


@dataclass(frozen=True)
class Author:
    name: str
    date: str  # as Word wrote it (ISO 8601), "" when it did not


@dataclass
class ReviewItem:
    """One comment or change, where it belongs and what it says.

    ``context`` is the paragraph (or cell) with the change inline: ``[-old-]{+new+}``;
    ``quoted`` is the text a comment is anchored to, ``comment`` what it says."""

    kind: Kind
    status: Status
    location: SourceLocation
    authors: list[Author]
    old: str = ""
    new: str = ""
    context: str = ""
    comment: str = ""
    quoted: str = ""
    block: str = ""  # what the text is: paragraph, footnote, table cell, …
    note: str = ""  # why it is not placed, or what to do instead
    anchor: str = ""  # the anchor it was found by
    destination: SourceLocation | None = None  # a move: after which block it went
    edit: object = field(default=None, repr=False, compare=False)  # review/apply.py's plan

    @property
    def author(self) -> str:
        names: list[str] = []
        for author in self.authors:
            if author.name and author.name not in names:
                names.append(author.name)
        return ", ".join(names)

    @property
    def date(self) -> str:
        dates = sorted(a.date for a in self.authors if a.date)
        return dates[-1] if dates else ""

    @property
    def is_problem(self) -> bool:
        return self.status is not Status.PLACED


@dataclass
class Review:
    """Everything ``kamerbrief review`` found in one reviewed file.

    ``notes`` are about the file as a whole ("not built by kamerbrief"); ``anchors`` counts
    the file's anchors and how many of them still match the source."""

    docx: str
    items: list[ReviewItem]
    notes: list[str] = field(default_factory=list)
    anchors: int = 0
    current: int = 0

    @property
    def problems(self) -> list[ReviewItem]:
        return [item for item in self.items if item.is_problem]


class ReviewError(DocxRefused):
    """The reviewed file cannot be read at all (exit 2): not a DOCX, too large, damaged.
    Its text is the reason and, after it, what the writer can do."""

    verb = "review"

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message
