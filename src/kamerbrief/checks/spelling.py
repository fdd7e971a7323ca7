"""Spelling: words that neither the Dutch dictionary nor the project's word list knows (KB730),
in the prose and in the texts of the tables, where several of the publication's typos stood
("Bestrafen", "Ondernijning").

What is not checked, because no dictionary can judge it: code, web and e-mail addresses,
figures and table references (``{{…}}``, in the model no text at all), words with a digit,
abbreviations in capitals (OM, FIOD, RIEC's), single letters, words marked as another language
(``*best practices*{lang=en}``), and the unmarked English phrases that KB711 reports already.
A hyphenated word passes when the dictionary knows it whole or knows each of its parts
("RIEC-samenwerking"); a cut-off compound when its part completes to a word ("signalerings- en
doorverwijsfunctie").

When the report's language has no dictionary, or the word list cannot be read, one KB731 says
that the spelling was not checked, so a clean check is never taken for checked spelling.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kamerbrief.checks.foreign_phrases import ENGLISH_PHRASES
from kamerbrief.checks.table_texts import table_texts
from kamerbrief.config import CONFIG_NAME
from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Chapter, Inline, Report, SourceLocation, Text
from kamerbrief.readers.textfile import TextFileError
from kamerbrief.speller import CACHE_DIR, Speller, SpellingUnavailable, dictionary_for
from kamerbrief.walk import block_inlines, chapter_blocks
from kamerbrief.wordlist import WordList, read_word_list

# Text that is no word of the language: web and e-mail addresses and a {{…}} shortcode that a
# table text carries as it stands (a domain name, politie.nl, is one word: _skipped); and an
# unmarked English phrase that KB711 reports already (one fault, one finding).
_ADDRESSES = re.compile(r"(?:https?://|ftp://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\{\{.*?\}\}",
                        re.IGNORECASE)
_ADDRESS_SIGNS = ("://", "www.", "@", "{{")
_ENGLISH = re.compile(r"(?<![\w-])(?:" + "|".join(p.replace(" ", r"\s+") for p in ENGLISH_PHRASES)
                      + r")(?![\w-])", re.IGNORECASE)
_DOMAIN = re.compile(r"(?:[\w-]+\.)+(?:nl|eu|com|org|net|int|info|be|de|gov|edu)",
                     re.IGNORECASE)
# A word: letters and digits with apostrophes, hyphens and dots inside (risico’s, e-mail,
# o.a.), or one of the elisions ’s, ’t, ’n before it (’s-Hertogenbosch).
_WORD = re.compile(r"(?:(?<![\w’'])['’](?=[stn](?:\b|-)))?[^\W_](?:[\w’'.\-]*[^\W_])?")
_PARTS = re.compile(r"[^.\-]+")
_PLURAL = re.compile(r"['’]s$")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass
class _Piece:
    """A text to check and where it stands; ``lines`` maps offsets to source lines."""

    text: str
    path: str
    line: int
    row: str = ""
    column: str = ""
    lines: list[tuple[int, int]] = field(default_factory=list)

    def location(self, offset: int) -> SourceLocation:
        line = next((n for start, n in reversed(self.lines) if start <= offset), self.line)
        return SourceLocation(self.path, line, self.row, self.column)


def _primary(tag: str) -> str:
    return tag.split("-", 1)[0].strip().lower()


def _add(children: list[Inline], piece: _Piece, language: str) -> None:
    """The text a reader sees, with a space for what is not prose in this language: code, a
    quoted figure, a table reference, a note call, an image, words marked as another language."""
    for child in children:
        lang = getattr(child, "lang", "")
        if lang and _primary(lang) != language:
            piece.text += " "
            continue
        children_of = getattr(child, "children", None)
        if isinstance(child, Text):
            if child.line:
                piece.lines.append((len(piece.text), child.line))
            piece.text += child.text
        elif isinstance(children_of, list):  # emphasis, a link's text, a language span
            _add(children_of, piece, language)
        else:
            piece.text += " "


def _chapter_pieces(chapter: Chapter, language: str) -> Iterator[_Piece]:
    """Headings, paragraphs, list items, boxes (and their titles), quotes, Markdown tables and
    footnotes, in reading order."""
    for block in chapter_blocks(chapter):
        line = getattr(getattr(block, "location", None), "line", 0)
        for run in block_inlines(block):
            piece = _Piece("", chapter.path, line)
            _add(run, piece, language)
            yield piece


def _skipped(word: str) -> bool:
    """A word no dictionary judges: with a digit, a single letter, a domain name (politie.nl),
    or an abbreviation in capitals (OM, FIOD, RIEC's)."""
    if _DIGIT.search(word) or ("." in word and _DOMAIN.fullmatch(word)):
        return True
    base = _PLURAL.sub("", word)
    return len(_LETTER.findall(base)) < 2 or (base.isupper() and "-" not in base
                                               and "." not in base)


@dataclass(slots=True)
class _Token:
    piece: _Piece
    start: int
    text: str
    dotted: bool = False  # a full stop follows: "bijv." is a word only with it
    # "signalerings- en doorverwijsfunctie": the word that completes a cut-off compound
    completion: str = ""
    hyphen: bool = False  # a hyphen follows inside the word: "anti-" in "anti-ronseltraining"


# Words that join cut-off compounds to the word that completes them.
_JOINERS = {"en", "of", "tot", "noch", "als", "dan", "en/of"}


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _tokens(piece: _Piece, passes: Callable[[str], bool] = lambda word: False
            ) -> list[_Token]:
    """The words of a piece that ``passes`` does not let through, each with what follows it
    (a full stop; the word completing a cut-off compound)."""
    text = piece.text
    if any(sign in text for sign in _ADDRESS_SIGNS):
        text = _ADDRESSES.sub(_blank, text)
    text = _ENGLISH.sub(_blank, text)
    found = [(match.start(), match.group(), text[match.end():match.end() + 2])
             for match in _WORD.finditer(text)]
    tokens = []
    for index, (start, word, after) in enumerate(found):
        if passes(word):
            continue
        token = _Token(piece, start, word, after[:1] == ".")
        if _is_cut(after):
            whole = next((later for _, later, later_after in found[index + 1:]
                          if not _is_cut(later_after) and later.lower() not in _JOINERS), "")
            token.completion = whole.rsplit("-", 1)[-1]
        tokens.append(token)
    return tokens


def _is_cut(after: str) -> bool:
    """A hyphen ends the word: "signalerings- en"."""
    return after[:1] == "-" and after[1:2] in ("", " ", ",", "\n", "\t", "/")


def _parts(token: _Token) -> Iterator[_Token]:
    """The parts of a hyphenated or dotted word, each with its own full stop if it has one;
    a part before a hyphen may be cut off there ("anti-" in "anti-ronseltraining")."""
    for match in _PARTS.finditer(token.text):
        end = match.end()
        last = end == len(token.text)
        yield _Token(token.piece, token.start + match.start(), match.group(),
                     token.text[end:end + 1] == "." or (last and token.dotted),
                     token.completion if last else "", token.text[end:end + 1] == "-")


def _forms(token: _Token) -> set[str]:
    """The spellings under which the dictionary may know a word: as written; with its full
    stop (bijv.); a hyphenated word written closed (meldingsbereidheids-campagne); a part with
    the hyphen that follows it (anti-); "Eén" at a sentence start as "één"."""
    text = token.text
    forms = {text}
    if token.dotted:
        forms.add(text + ".")
    if "-" in text:
        first, *rest = text.split("-")
        forms.add(first + "".join(part[:1].lower() + part[1:] for part in rest))
    if token.hyphen or token.completion:
        forms.add(text + "-")
    if text.startswith("Eé"):
        forms.add("éé" + text[2:])
    return forms


def _completed(token: _Token, speller: Speller) -> bool:
    """A cut-off part that makes a word with the end of the word that completes it
    ("signalerings- en doorverwijsfunctie": signaleringsfunctie). The shortest ending that is
    a word is tried first: short words cost the dictionary little, long compounds much."""
    completion = token.completion[:1].lower() + token.completion[1:]
    for start in range(len(completion) - 3, -1, -1):
        ending = completion[start:]
        if speller.known([ending]) and speller.known([token.text + ending]):
            return True
    return False


def _passes(token: _Token, words: WordList, known: set[str]) -> bool:
    return _skipped(token.text) or token.text in words or not _forms(token).isdisjoint(known)


def _unknown_words(pieces: list[_Piece], words: WordList, speller: Speller) -> Iterator[_Token]:
    """The words neither the dictionary nor the word list knows. A word is looked up as
    written first; only if that fails under its other forms (_forms), and then, hyphenated or
    dotted, part by part. Each round asks the speller at once, so the dictionary is loaded only
    when some word is new to the cache, and a cold cache costs one lookup for most words."""
    verdicts: dict[str, bool] = {}  # by text: a word repeats, its verdict is decided once

    def passes(word: str) -> bool:
        ok = verdicts.get(word)
        if ok is None:
            ok = verdicts[word] = _skipped(word) or word in words
        return ok

    tokens = [token for piece in pieces for token in _tokens(piece, passes)]
    known = speller.known({token.text for token in tokens})
    doubtful = [token for token in tokens if token.text not in known]
    known |= speller.known(form for token in doubtful for form in _forms(token))
    known |= {token.text for token in doubtful if token.completion and
              _forms(token).isdisjoint(known) and _completed(token, speller)}
    parts = [part for token in doubtful if _forms(token).isdisjoint(known)
             for part in _parts(token)]
    checkable = [part for part in parts if not _skipped(part.text) and part.text not in words]
    known |= speller.known({part.text for part in checkable})
    known |= speller.known(form for part in checkable if part.text not in known
                           for form in _forms(part))
    return (part for part in parts if not _passes(part, words, known))


def _suggestion_hint(suggestions: list[str], word_list: str) -> str:
    fix = f"if it is a name or term, add it to {word_list}"
    if not suggestions:
        return fix[0].upper() + fix[1:]
    quoted = [f"'{s}'" for s in suggestions]
    options = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
    return f"did you mean {options}? {fix[0].upper() + fix[1:]}"


def _config_line(root: Path, key: str) -> int:
    try:
        source = (root / CONFIG_NAME).read_text(encoding="utf-8-sig")
    except (OSError, ValueError):
        return 0
    match = re.search(rf"^[ \t]*{re.escape(key)}[ \t]*=", source, re.MULTILINE)
    return source.count("\n", 0, match.start()) + 1 if match else 0


def _not_checked(message: str, location: SourceLocation, hint: str) -> Diagnostic:
    return Diagnostic("KB731", Severity.WARNING, f"spelling not checked: {message}", location,
                      hint=hint)


def check_spelling(report: Report) -> Iterator[Diagnostic]:
    """KB730 for each word the dictionary and the word list do not know, once per line;
    KB731 once when the spelling cannot be checked at all."""
    config = report.config
    if not config.spelling:
        return
    name = dictionary_for(config.language)
    if not name:
        yield _not_checked(
            f"kamerbrief has no dictionary for the report's language '{config.language}'",
            SourceLocation(CONFIG_NAME, _config_line(report.root, "language")),
            "set spelling = false under [checks] to say the spelling is checked elsewhere")
        return
    try:
        words = read_word_list(report.root / config.word_list)
    except TextFileError as exc:
        yield _not_checked(f"the word list cannot be read: {exc}",
                           SourceLocation(config.word_list, exc.line),
                           exc.hint or "save the word list as UTF-8 text, one word a line")
        return
    language = _primary(config.language)
    pieces = [piece for chapter in report.chapters
              for piece in _chapter_pieces(chapter, language)]
    pieces += [_Piece(found.text, found.location.path, found.location.line, found.location.row,
                      found.location.column)
               for table in report.tables.values() for found in table_texts(table, report.root)]
    try:
        speller = Speller(name, report.root / CACHE_DIR)
        found: dict[tuple[str, int, str], Diagnostic] = {}
        for token in _unknown_words(pieces, words, speller):
            location = token.piece.location(token.start)
            key = (location.path, location.line, token.text)
            if key not in found:
                found[key] = Diagnostic(
                    "KB730", Severity.WARNING,
                    f"'{token.text}' is not in the Dutch dictionary or in {config.word_list}",
                    location, hint=_suggestion_hint(speller.suggestions(token.text),
                                                    config.word_list),
                    extra={"word": token.text})
        speller.save()
    except SpellingUnavailable as exc:
        yield _not_checked(str(exc), SourceLocation(CONFIG_NAME),
                           "reinstall kamerbrief (pip install --force-reinstall kamerbrief)")
        return
    yield from found.values()
