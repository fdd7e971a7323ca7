"""How much of the seed publication's running text appears, in order, in an output text.

The seed is the plain-text conversion of the June 2024 publication that the example report
was rebuilt from. This module splits it into paragraphs and measures which of them appear in
an output text (the model's plain text now; the text extracted from the HTML, PDF and DOCX
later), with word 5-shingles so that corrected typos and different punctuation do not count
as missing text.

Reuse from another test::

    from seed_coverage import SEED_PATH, coverage

    result = coverage(SEED_PATH.read_text(encoding="utf-8"), text_of_my_output)
    assert result.coverage >= 0.98, result.report()
    assert result.order >= 0.98, result.report()

Run as a script::

    python tests/seed_coverage.py OUTPUT.txt          # any extracted text
    python tests/seed_coverage.py --project .         # the plain text of a project's model

What counts as a seed paragraph
-------------------------------
* A paragraph is a run of non-blank lines; inside a run, a line starting with a list marker
  ("- ", "1. ") starts a new paragraph, any other line continues the previous one.
* Skipped: table rows (lines holding a tab), footnote texts (lines starting with a superscript
  digit: their place differs per output), the "Inhoud" contents list (from the line "Inhoud"
  up to the first paragraph of 8 words or more that is no list item), and every paragraph of
  fewer than 8 words (the cover, headings, "Praktijkverhaal" labels, "Bron:" lines, page
  header leftovers such as a chapter title printed twice).
* Page breaks are undone first: when a paragraph ends without sentence punctuation and the
  next one begins lower-case, they are one paragraph (a trailing hyphen, "grens-" +
  "overschrijdend", is a hyphenated word and is joined without it).
* List markers ("- ", "3. ") are not part of a paragraph's words.

Matching
--------
Text is normalised (NFKC, lower case, quotes and apostrophes dropped, superscript footnote
marks dropped, a hyphen at a line end joined, every run of non-word characters a word break)
and cut into word 5-shingles. A paragraph *appears* when at least 90 % of its shingles are
found in the output. Tolerances for the corrections made in the example (typos fixed):

* hyphenated words: the seed's words are taken with in-word hyphens removed
  ("drugs-criminaliteit" = "drugscriminaliteit"); the output is indexed both that way and
  with the hyphen as a word break, so the seed's "niet ambtelijke" finds "niet-ambtelijke";
  in extracted text, a word hyphenated at a line end ("ondermij-" / "ning") is joined;
* one corrected word: a shingle also counts as found when the output has it with one word
  replaced by a similar one (letters only, both at least 5 long, edit distance at most 3 and
  at most 40 % of the longer word: "Terrorismedinanciering" / "Terrorismefinanciering").
  Numbers must be equal, so "Tabel 1" does not find "Tabel 4".

A paragraph's position is the median output offset of its shingles found once in the output;
when all of them occur more than once (a heading that repeats a list item), the first
occurrence after the previous paragraph's position. ``order`` is the share of appearing
paragraphs on the longest non-decreasing run of positions, so one moved paragraph costs one,
not all the paragraphs after it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

SEED_PATH = Path(__file__).resolve().parents[2] / "shared/seed/000_4fcbbfa669e8018e.txt"

SHINGLE = 5
MIN_WORDS = 8
APPEARS = 0.90  # share of a paragraph's shingles that must be found in the output

_LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_FOOTNOTE = re.compile(r"^\s*[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s")
_SENTENCE_END = tuple(".!?:;…)]\"'”’»")
_DROP = dict.fromkeys(map(ord, "‘’‚‛“”„‟«»‹›'\"`´¹²³⁴⁵⁶⁷⁸⁹⁰\u00ad"), None)
_LINE_HYPHEN = re.compile(r"(?<=[^\W\d_])[-‐‑]\s*\n\s*(?=[^\W\d_])")
_HYPHENS = "-‐‑–"
_COMPOUND = re.compile(rf"\w+(?:[{_HYPHENS}]\w+)*")
_WORD = re.compile(r"\w+")

Shingle = tuple[str, ...]


@dataclass
class SeedParagraph:
    line: int  # 1-based line of the seed where the paragraph starts
    text: str
    item: bool = False  # starts with a list marker

    @property
    def words(self) -> list[str]:
        return words(self.text)


@dataclass
class ParagraphMatch:
    paragraph: SeedParagraph
    found: int  # shingles found in the output
    total: int  # shingles of the paragraph
    position: float | None = None  # character offset in the normalised output

    @property
    def score(self) -> float:
        return self.found / self.total if self.total else 0.0

    @property
    def appears(self) -> bool:
        return self.score >= APPEARS


@dataclass
class CoverageResult:
    matches: list[ParagraphMatch]
    out_of_order: list[ParagraphMatch] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.matches)

    @property
    def found(self) -> list[ParagraphMatch]:
        return [m for m in self.matches if m.appears]

    @property
    def missing(self) -> list[ParagraphMatch]:
        return [m for m in self.matches if not m.appears]

    @property
    def coverage(self) -> float:
        """Share of seed paragraphs that appear in the output."""
        return len(self.found) / self.total if self.total else 0.0

    @property
    def order(self) -> float:
        """Share of appearing paragraphs whose output positions follow the seed's order."""
        found = len(self.found)
        return (found - len(self.out_of_order)) / found if found else 0.0

    def report(self, width: int = 100) -> str:
        lines = [f"seed paragraphs: {self.total}; appear in the output: {len(self.found)} "
                 f"({self.coverage:.2%}); in order: {self.order:.2%}"]
        if self.missing:
            lines.append(f"missing ({len(self.missing)}):")
            for m in self.missing:
                lines.append(f"  seed line {m.paragraph.line:>4} ({m.score:.0%} of "
                             f"{m.total} shingles): {_shorten(m.paragraph.text, width)}")
        if self.out_of_order:
            lines.append(f"out of order ({len(self.out_of_order)}):")
            for m in self.out_of_order:
                lines.append(f"  seed line {m.paragraph.line:>4}: "
                             f"{_shorten(m.paragraph.text, width)}")
        return "\n".join(lines)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# ------------------------------------------------------------------ normalising


def normalise(text: str) -> str:
    """NFKC, lower case; quotes, superscript footnote marks and soft hyphens dropped.

    In-word hyphens are kept here; :func:`tokens` decides what to do with them.
    """
    text = unicodedata.normalize("NFKC", text.translate(_DROP))
    text = _LINE_HYPHEN.sub("", text)  # "ondermij-\nning" in text extracted from a PDF
    return text.lower()


def tokens(normalised: str, split_hyphens: bool = False) -> list[tuple[str, int]]:
    """Words of normalised text with their offsets; in-word hyphens joined or split."""
    if split_hyphens:
        return [(m.group(), m.start()) for m in _WORD.finditer(normalised)]
    table = dict.fromkeys(map(ord, _HYPHENS), None)
    return [(m.group().translate(table), m.start()) for m in _COMPOUND.finditer(normalised)]


def words(text: str) -> list[str]:
    return [word for word, _ in tokens(normalise(text))]


def shingles(sequence: list[str], size: int = SHINGLE) -> list[Shingle]:
    return [tuple(sequence[i:i + size]) for i in range(len(sequence) - size + 1)]


# ------------------------------------------------------------------ the seed


def seed_paragraphs(seed_text: str) -> list[SeedParagraph]:
    """The seed's running-text paragraphs, page breaks undone, non-prose skipped."""
    raw: list[SeedParagraph] = []
    previous_blank = True
    for number, line in enumerate(seed_text.splitlines(), start=1):
        stripped = line.replace("\u00a0", " ").strip()
        if not stripped:
            previous_blank = True
            continue
        if "\t" in line or _FOOTNOTE.match(stripped):
            previous_blank = True  # a table row or a footnote ends the paragraph before it
            continue
        marker = _LIST_ITEM.match(stripped)
        if previous_blank or marker or not raw:
            raw.append(SeedParagraph(number, stripped[marker.end():] if marker else stripped,
                                     item=bool(marker)))
        else:
            raw[-1].text += " " + stripped
        previous_blank = False
    joined: list[SeedParagraph] = []
    for paragraph in raw:
        if joined and _continues(joined[-1].text, paragraph.text):
            last = joined[-1]
            if last.text.endswith("-"):
                last.text = last.text[:-1] + paragraph.text
            else:
                last.text += " " + paragraph.text
        else:
            joined.append(SeedParagraph(paragraph.line, paragraph.text, paragraph.item))
    result: list[SeedParagraph] = []
    in_contents = False
    for paragraph in joined:
        count = len(paragraph.words)
        if paragraph.text.strip().lower() == "inhoud":
            in_contents = True  # the contents list: headings and list items up to the text
        elif count >= MIN_WORDS and not paragraph.item:
            in_contents = False
        if in_contents or count < MIN_WORDS:
            continue
        result.append(paragraph)
    return result


def _continues(before: str, after: str) -> bool:
    first = after.lstrip()[:1]
    return bool(first) and first.islower() and not before.rstrip().endswith(_SENTENCE_END)


# ------------------------------------------------------------------ coverage


class _Index:
    """Where each shingle of the output occurs, exactly and with one word left out."""

    def __init__(self, output_text: str):
        normalised = normalise(output_text)
        self.exact: dict[Shingle, set[int]] = {}
        self.gapped: dict[tuple[int, Shingle], list[tuple[str, int]]] = {}
        for split in (False, True):
            stream = tokens(normalised, split_hyphens=split)
            sequence = [word for word, _ in stream]
            for i, shingle in enumerate(shingles(sequence)):
                offset = stream[i][1]
                positions = self.exact.setdefault(shingle, set())
                if offset in positions:
                    continue  # the same words in both streams
                positions.add(offset)
                for j in range(SHINGLE):
                    key = (j, shingle[:j] + shingle[j + 1:])
                    self.gapped.setdefault(key, []).append((shingle[j], offset))

    def find(self, shingle: Shingle) -> set[int]:
        """Offsets of the shingle in the output, or of a near match (one word corrected)."""
        found = self.exact.get(shingle)
        if found:
            return found
        near: set[int] = set()
        for j in range(SHINGLE):
            for word, offset in self.gapped.get((j, shingle[:j] + shingle[j + 1:]), ()):
                if _similar(shingle[j], word):
                    near.add(offset)
        return near


def _similar(a: str, b: str) -> bool:
    if not (a.isalpha() and b.isalpha()):
        return False
    longest = max(len(a), len(b))
    if min(len(a), len(b)) < 5:
        return False
    limit = min(3, int(0.4 * longest))
    return abs(len(a) - len(b)) <= limit and _distance(a, b) <= limit


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def coverage(seed_text: str, output_text: str) -> CoverageResult:
    """Which seed paragraphs appear in ``output_text``, and whether they keep their order."""
    index = _Index(output_text)
    matches: list[ParagraphMatch] = []
    last = 0.0
    for paragraph in seed_paragraphs(seed_text):
        own = shingles(paragraph.words)
        hits = [found for found in map(index.find, own) if found]
        match = ParagraphMatch(paragraph, len(hits), len(own))
        if match.appears:
            unique = [next(iter(h)) for h in hits if len(h) == 1]
            if unique:
                match.position = float(median(unique))
            else:
                first = sorted(hits[0])
                match.position = float(next((p for p in first if p >= last), first[0]))
            last = match.position
        matches.append(match)
    result = CoverageResult(matches)
    result.out_of_order = _out_of_order([m for m in matches if m.appears])
    return result


def _out_of_order(found: list[ParagraphMatch]) -> list[ParagraphMatch]:
    """The matches off the longest non-decreasing subsequence of positions."""
    tails: list[float] = []  # smallest tail of a run of each length
    tail_index: list[int] = []
    parent: list[int] = [-1] * len(found)
    for i, match in enumerate(found):
        position = match.position if match.position is not None else 0.0
        k = bisect_right(tails, position)
        if k == len(tails):
            tails.append(position)
            tail_index.append(i)
        else:
            tails[k] = position
            tail_index[k] = i
        parent[i] = tail_index[k - 1] if k else -1
    keep: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        keep.add(i)
        i = parent[i]
    return [m for i, m in enumerate(found) if i not in keep]


# ------------------------------------------------------------------ the model's text


def model_text(report: object) -> str:
    """The plain text of a loaded kamerbrief Report, block by block, in reading order.

    Headings, paragraphs, list items, quotes (attribution first, as the publication prints
    the speaker before the quote), box titles, and for each placed table its caption line
    ("Tabel N – caption"), unit line, notes and "Bron:" line; the colophon last. Footnote
    texts are left out (the seed's footnote lines are not counted either).
    """
    from kamerbrief.model import Box, Emphasis, LangSpan, Link, TablePlacement, TableRef
    from kamerbrief.walk import block_inlines, plain_text, walk_blocks

    def text_of(children: Iterable[object]) -> str:
        parts: list[str] = []
        for child in children:
            if isinstance(child, TableRef):
                table = report.tables.get(child.table_id)
                number = table.number if table is not None else "?"
                parts.append(f"{'T' if child.capital else 't'}abel {number}")
            elif isinstance(child, (Emphasis, LangSpan, Link)):
                parts.append(text_of(child.children))
            else:
                parts.append(plain_text([child]))
        return "".join(parts)

    out: list[str] = []
    for chapter in report.chapters:
        for block in walk_blocks(chapter.blocks):
            if isinstance(block, Box) and block.title:
                out.append(block.title)
            elif isinstance(block, TablePlacement):
                out.extend(_table_lines(report, block.table_id))
            for run in block_inlines(block):
                out.append(text_of(run))
    out.extend(getattr(report.config, "colophon", []))
    return "\n\n".join(line for line in out if line.strip())


def _table_lines(report: object, table_id: str) -> list[str]:
    table = report.tables.get(table_id)
    if table is None:
        return []
    meta = table.meta
    lines = [f"Tabel {table.number} – {meta.caption}", meta.unit]
    lines += [f"{mark} {text}" for mark, text in meta.notes.items()]
    if meta.source:
        lines.append(f"Bron: {meta.source}")
    return lines


def project_text(root: Path) -> str:
    from kamerbrief.project import load_report

    report, _ = load_report(root)
    return model_text(report)


# ------------------------------------------------------------------ command line


def main(argv: list[str]) -> int:
    usage = ("usage: python tests/seed_coverage.py [--seed SEED.txt] (OUTPUT.txt | --project DIR)\n"
             "prints the share of seed paragraphs found in the output and lists the missing ones")
    args = list(argv)
    seed = SEED_PATH
    if "--seed" in args:
        i = args.index("--seed")
        seed = Path(args[i + 1])
        del args[i:i + 2]
    if len(args) == 2 and args[0] == "--project":
        output = project_text(Path(args[1]))
    elif len(args) == 1 and not args[0].startswith("-"):
        output = Path(args[0]).read_text(encoding="utf-8")
    else:
        print(usage, file=sys.stderr)
        return 2
    if not seed.is_file():
        print(f"seed not found: {seed}", file=sys.stderr)
        return 2
    result = coverage(seed.read_text(encoding="utf-8"), output)
    print(f"coverage: {result.coverage:.2%}")
    print(result.report())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
