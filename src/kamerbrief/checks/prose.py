"""The prose around the tables: promises of a link that lead nowhere, and one name written
two ways.

Both are faults an eindredacteur marks in a proof: "Lees hier het verhaal" without a link
sends a reader of the PDF nowhere, and "Preventie met gezag" beside "Preventie met Gezag"
makes a reader wonder whether they are two programmes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from kamerbrief.checks.prose_text import Span, paragraphs
from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Report, SourceLocation

# "Lees hier het artikel", "Bekijk hier de NDM", "Luister hier de podcast", "Klik hier",
# "Hier vindt u …", "via deze link": a sentence that promises something to follow.
_CALL = re.compile(
    r"(?:(?:^|(?<=[.!?:]\s)|(?<=\n))"  # a call opens its sentence ...
    r"(?:(?:lees|bekijk|luister|kijk|download|klik|bezoek|raadpleeg|volg)\b[^.!?\n]{0,40}?"
    r"\bhier\b|hier\s+(?:leest|vindt|ziet|kunt)\s+u\b)"
    r"|\b(?:via|op)\s+deze\s+link\b)[^.!?\n]*",  # ... or points at "deze link" anywhere
    re.IGNORECASE)
# A name of two or more words, each capitalised or a joining word ("Preventie met Gezag",
# "Zorg- en Veiligheidshuis"): the candidates for one name written two ways.
_JOINING = {"met", "van", "voor", "en", "de", "het", "der", "op", "in", "tegen", "aan", "tot",
            "een", "of", "te", "bij", "om", "uit", "door", "naar", "over", "na", "zo", "als"}
_CAPITAL = r"[A-ZÀ-ÖØ-Þ][\w’'-]*"
_NAME = re.compile(rf"(?<![\w-]){_CAPITAL}(?:(?: |- )(?:(?:{'|'.join(sorted(_JOINING))})"
                   rf"(?: |- ))*{_CAPITAL})+")
# Words for matching a name in any case: letters and apostrophes, split at spaces and hyphens.
_TOKEN = re.compile(r"[^\W\d_][\w’']*")
_SEPARATOR = re.compile(r"[ \t\n-]{1,3}")


def check_calls_to_action(report: Report) -> Iterator[Diagnostic]:
    """KB409: a call to action ("Lees hier …") with no link on it or in its sentence."""
    for chapter in report.chapters:
        for block, span in paragraphs(chapter):
            for match in _CALL.finditer(span.text):
                if any(start < match.end() and end > match.start() for start, end in span.links):
                    continue
                location = block.location
                line = span.line_at(match.start(), location.line)
                yield Diagnostic(
                    "KB409", Severity.WARNING,
                    f"'{match.group(0).strip()}' promises a link, but nothing is linked",
                    SourceLocation(location.path, line),
                    hint="link the words to the address ([hier](https://…)), or say in words "
                         "where the reader finds it")


def _names(text: str) -> Iterator[tuple[int, str]]:
    """Runs of two or more capitalised words (joining words allowed inside, never first or
    last: "Het OM" at a sentence start is no name), by offset."""
    for match in _NAME.finditer(text):
        words = match.group(0).split(" ")
        skip = 0
        while skip < len(words) and words[skip].lower() in _JOINING:
            skip += 1  # "De Wet Bibob": the article is no part of the name
        rest = " ".join(words[skip:])
        if len(_TOKEN.findall(rest)) > 1:
            yield match.start() + match.group(0).index(rest), rest


def _occurrences(texts: list[tuple[str, int, Span]], keys: set[tuple[str, ...]]
                 ) -> dict[tuple[str, ...], dict[str, list[tuple[str, int]]]]:
    """Where each name (by its lower-case words) stands, in each spelling: one pass over
    the words of every text, through an index on a name's first word."""
    by_first: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for key in keys:
        by_first[key[0]].append(key)
    found: dict[tuple[str, ...], dict[str, list[tuple[str, int]]]] = defaultdict(
        lambda: defaultdict(list))
    for path, line, span in texts:
        tokens = list(_TOKEN.finditer(span.text))
        lowered = [token.group(0).lower() for token in tokens]
        for start, word in enumerate(lowered):
            for key in by_first.get(word, ()):
                end = start + len(key)
                if tuple(lowered[start:end]) != key or any(
                        not _SEPARATOR.fullmatch(span.text[tokens[i - 1].end():tokens[i].start()])
                        for i in range(start + 1, end)):
                    continue
                written = span.text[tokens[start].start():tokens[end - 1].end()]
                written = written[0].upper() + written[1:]
                found[key][written].append((path, span.line_at(tokens[start].start(), line)))
    return found


def check_term_variants(report: Report) -> Iterator[Diagnostic]:
    """KB701: one multi-word name written two ways (case or hyphens) within the report.

    A name is a run of capitalised words with a capital past its first word ("Preventie met
    Gezag"), so an ordinary phrase at the start of a sentence is none. Every place the name
    stands is then found whatever its case or hyphens; the spelling written most often is
    taken as the intended one, the first letter's case aside (a sentence may start with it).
    Table labels count too: a table is where a programme's name is often written again."""
    texts = [(chapter.path, block.location.line, span) for chapter in report.chapters
             for block, span in paragraphs(chapter)]
    texts += [(table.path, row.line, Span(label)) for table in report.tables.values()
              for row in table.rows for label in row.labels if label]
    keys = {tuple(word.lower() for word in _TOKEN.findall(name))
            for _, _, span in texts for _, name in _names(span.text) if _inner_capital(name)}
    for places in _occurrences(texts, {key for key in keys if len(key) > 1}).values():
        if len(places) < 2:
            continue
        usual = max(places, key=lambda written: (len(places[written]), _inner_capital(written)))
        for written, where in places.items():
            if written != usual:
                for path, line in where:
                    yield Diagnostic(
                        "KB701", Severity.WARNING,
                        f"'{written}' is written '{usual}' elsewhere in the report "
                        f"({len(places[usual])}×)", SourceLocation(path, line),
                        hint=f"write the name one way: '{usual}'")


def _inner_capital(name: str) -> bool:
    """A capital past the first word, on a word that is no abbreviation (OM, NDM)."""
    return any(word[0].isupper() and not word.isupper()
               for word in re.split(r"[\s-]+", name)[1:] if word)
