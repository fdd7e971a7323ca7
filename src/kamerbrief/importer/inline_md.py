"""Runs of formatted text → Markdown as kamerbrief reads it.

Text is escaped so that nothing in it is read as markup (an asterisk stays an asterisk, a
'{{' does not become a shortcode); bold, italic and strike-through become ``**``, ``*`` and
``~~`` where Markdown can express them at that spot, words in another language
``[words]{lang=en}``; links, footnote calls, table references and pictures get their
Markdown form through the ``Targets`` the converter provides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from kamerbrief.importer.ir import Break, Hyperlink, Inline, NoteRef, NoteRepeat, Picture, Span

_ESCAPED = re.compile(r"([\\`*_\[\]<>])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_MARKS = "#>+-=~|:"
_TABLE_MENTION = re.compile(r"\b([Tt]abel)(\s+)(\d+)\b(?![.,]\d)")
LINK_SCHEMES = ("http://", "https://", "mailto:")


@dataclass
class Targets:
    """What the converter knows about the rest of the document, asked while writing."""

    note_label: Callable[[str], str | None]  # note key → '1' (None: no such note)
    bookmark_note: Callable[[str], str | None]  # NOTEREF bookmark → note key
    anchor: Callable[[str], str | None]  # bookmark → '#anchor' (None: not a heading or table)
    image: Callable[[Picture], str | None]  # picture → 'images/x.png' (None: not shown)
    table_number: Callable[[int], str | None]  # printed table number → table id
    warn: Callable[[str], None]
    language: str = ""  # the report's language (primary subtag), '' when unknown


def escape(text: str) -> str:
    """Plain text as Markdown text: markup characters escaped, kamerbrief's own syntax
    ({{…}}, [^…], ^[…], ]{…}) broken up so that it is printed, not read."""
    text = _ESCAPED.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    return text.replace("{{", "{ {").replace("\\[^", "\\[ ^").replace("^\\[", "^ \\[") \
        .replace("\\]{", "\\] {")


def escape_line_start(line: str) -> str:
    """A line that would start a heading, quote, list, box, table or rule: its mark escaped."""
    number = re.match(r"^(\d{1,9})([.)])(?=\s|$)", line)
    if number:
        return f"{number.group(1)}\\{number.group(2)}{line[number.end():]}"
    if line and line[0] in _LINE_MARKS:
        return "\\" + line
    return line


def _primary(tag: str) -> str:
    return tag.split("-")[0].lower()


@dataclass
class _Token:
    markdown: str
    fmt: tuple[bool, bool, bool, str]  # bold, italic, strike, lang


class InlineWriter:
    def __init__(self, targets: Targets):
        self.targets = targets

    def render(self, inlines: list[Inline], table_refs: bool = True) -> str:
        """The inlines as one Markdown paragraph text (hard breaks as backslash-newline)."""
        text = self._render(_merged(inlines), table_refs)
        text = re.sub(r"^(\s*\\\n)+|(\\\n\s*)+$", "", text.strip())
        lines = [line.strip() for line in text.split("\n")]
        return "\n".join(escape_line_start(line) for line in lines).strip()

    def plain(self, inlines: list[Inline]) -> str:
        """The text alone, escaped (a box title, a table cell)."""
        return escape(" ".join(_text(inlines).split()))

    def _render(self, inlines: list[Inline], table_refs: bool) -> str:
        tokens: list[_Token] = []
        none = (False, False, False, "")
        for inline in inlines:
            if isinstance(inline, Span):
                fmt = (inline.bold, inline.italic, inline.strike, self._lang(inline.lang))
                text = inline.text.replace("\t", " ")
                for piece in self._mentions(text) if table_refs else [escape(text)]:
                    tokens.append(_Token(piece, fmt))
            elif isinstance(inline, Break):
                tokens.append(_Token("\\\n", none))
            elif isinstance(inline, NoteRef):
                label = self.targets.note_label(inline.key)
                if label is not None:
                    tokens.append(_Token(f"[^{label}]", none))
            elif isinstance(inline, NoteRepeat):
                key = self.targets.bookmark_note(inline.bookmark)
                label = self.targets.note_label(key) if key else None
                if label is None:
                    self.targets.warn("a repeated footnote reference points at no footnote; it "
                                      "is left out")
                else:
                    tokens.append(_Token(f"[^{label}]", none))
            elif isinstance(inline, Picture):
                tokens.append(_Token(self._picture(inline), none))
            elif isinstance(inline, Hyperlink):
                tokens.append(self._link(inline, table_refs))
        return _join(tokens)

    def _lang(self, lang: str) -> str:
        language = self.targets.language
        if not lang or not language or _primary(lang) == language:
            return ""
        return lang

    def _mentions(self, text: str) -> list[str]:
        """'tabel 3' → a reference to the table printed as Tabel 3 (when there is one)."""
        pieces: list[str] = []
        position = 0
        for match in _TABLE_MENTION.finditer(text):
            table_id = self.targets.table_number(int(match.group(3)))
            if table_id is None:
                continue
            pieces.append(escape(text[position:match.start()]))
            pieces.append(f"[{match.group(1)}](#{table_id})")
            position = match.end()
        pieces.append(escape(text[position:]))
        return [piece for piece in pieces if piece]

    def _picture(self, picture: Picture) -> str:
        alt = " ".join(picture.alt.split())
        path = self.targets.image(picture) if picture.part else None
        if path is None:
            return f"*{escape(alt)}*" if alt else ""
        return f"![{escape(alt)}]({path})"

    def _link(self, link: Hyperlink, table_refs: bool) -> _Token:
        """[text](target); formatting shared by the whole link text goes around the link."""
        none = (False, False, False, "")
        fmts = {(c.bold, c.italic, c.strike, self._lang(c.lang))
                for c in link.children if isinstance(c, Span) and c.text.strip()}
        shared = fmts.pop() if len(fmts) == 1 else none
        children = [_unformatted(c) for c in link.children] if shared != none else link.children
        inner = self._render(_merged(children), table_refs=False).strip()
        target = self._target(link)
        if target is None or not inner or _citation_link(link, target):
            return _Token(inner, shared)
        return _Token(f"[{inner}]({target})", shared)

    def _target(self, link: Hyperlink) -> str | None:
        if link.url:
            url = link.url.strip()
            if url.lower().startswith(LINK_SCHEMES):
                if re.search(r"[\s()<>]", url):
                    url = "<" + url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20") + ">"
                return url
            self.targets.warn(f"a link to {url!r} is kept as text: only web addresses "
                              "(https://…) and e-mail addresses are links in kamerbrief")
            return None
        if link.anchor:
            found = self.targets.anchor(link.anchor)
            if found is None and not link.anchor.startswith(("_Toc", "_Ref")):
                self.targets.warn(f"a link to the bookmark {link.anchor!r} is kept as text: it "
                                  "is not on a heading or a table")
            return found
        return None


def _citation_link(link: Hyperlink, target: str) -> bool:
    """A link that kamerbrief makes itself: a Kamerstuk citation to its own address."""
    from kamerbrief.citations import find_citations

    text = " ".join(_text(link.children).split())
    found = find_citations(text)
    return len(found) == 1 and found[0].start == 0 and found[0].end >= len(text.rstrip(".")) \
        and found[0].url() == target


def _unformatted(inline: Inline) -> Inline:
    if isinstance(inline, Span):
        return Span(inline.text)
    return inline


def _text(inlines: list[Inline]) -> str:
    from kamerbrief.importer.ir import inline_text

    return inline_text(inlines)


def _merged(inlines: list[Inline]) -> list[Inline]:
    """Adjacent spans with the same formatting as one (so 'tabel ' + '3' is one mention)."""
    out: list[Inline] = []
    for inline in inlines:
        last = out[-1] if out else None
        if isinstance(inline, Span) and isinstance(last, Span) and \
                (last.bold, last.italic, last.strike, last.lang) == \
                (inline.bold, inline.italic, inline.strike, inline.lang):
            out[-1] = Span(last.text + inline.text, last.bold, last.italic, last.strike, last.lang)
        else:
            out.append(inline)
    return out


def _join(tokens: list[_Token]) -> str:
    """Consecutive tokens with the same emphasis share one pair of markers; inside, words in
    another language are ``[words]{lang=en}`` (``*words*{lang=en}`` when the emphasis is
    theirs alone)."""
    groups: list[tuple[tuple[bool, bool, bool], list[_Token]]] = []
    for token in tokens:
        emphasis = token.fmt[:3]
        if groups and groups[-1][0] == emphasis:
            groups[-1][1].append(token)
        else:
            groups.append((emphasis, [token]))
    out = ""
    for index, (emphasis, members) in enumerate(groups):
        langs = {token.fmt[3] for token in members if token.markdown.strip()}
        after = groups[index + 1][1][0].markdown[:1] if index + 1 < len(groups) else ""
        if len(langs) == 1 and any(emphasis) and next(iter(langs)):
            markdown = "".join(token.markdown for token in members)
            out += _wrapped(markdown, emphasis, out[-1:], after, next(iter(langs)))
            continue
        inner = ""
        for lang, run in _by_lang(members):
            text = "".join(token.markdown for token in run)
            inner += _lang_span(text, lang) if lang else text
        out += _wrapped(inner, emphasis, out[-1:], after)
    return out


def _by_lang(tokens: list[_Token]) -> list[tuple[str, list[_Token]]]:
    runs: list[tuple[str, list[_Token]]] = []
    for token in tokens:
        if runs and runs[-1][0] == token.fmt[3]:
            runs[-1][1].append(token)
        else:
            runs.append((token.fmt[3], [token]))
    return runs


def _lang_span(markdown: str, lang: str) -> str:
    core = markdown.strip()
    if not core or "\n" in core:
        return markdown
    lead = markdown[:len(markdown) - len(markdown.lstrip())]
    trail = markdown[len(markdown.rstrip()):]
    return f"{lead}[{core}]{{lang={lang}}}{trail}"


def _wrapped(markdown: str, emphasis: tuple[bool, bool, bool], before: str, after: str,
             lang: str = "") -> str:
    """``markdown`` with the markers of its emphasis (and a trailing ``{lang=…}``), the
    surrounding spaces kept outside; the text alone where Markdown cannot emphasise it."""
    bold, italic, strike = emphasis
    if not (bold or italic or strike):
        return _lang_span(markdown, lang) if lang else markdown
    core = markdown.strip()
    if not core or "\n" in core:
        return markdown
    lead = markdown[:len(markdown) - len(markdown.lstrip())]
    trail = markdown[len(markdown.rstrip()):]
    if not _flanks(core, (lead or before)[-1:], (trail or after)[:1]):
        return lead + (f"[{core}]{{lang={lang}}}" if lang else core) + trail
    inner = f"~~{core}~~" if strike else core
    marks = "***" if bold and italic else "**" if bold else "*" if italic else ""
    inner = f"{marks}{inner}{marks}"
    return lead + inner + (f"{{lang={lang}}}" if lang else "") + trail


def _punctuation(char: str) -> bool:
    return bool(char) and unicodedata.category(char)[0] in "PS"


def _flanks(core: str, before: str, after: str) -> bool:
    """CommonMark can open emphasis before ``core`` and close it after (flanking rules)."""
    first, last = core[0], core[-1]
    opens = not _punctuation(first) or not before or before.isspace() or _punctuation(before)
    closes = not _punctuation(last) or not after or after.isspace() or _punctuation(after)
    return opens and closes and not first.isspace() and not last.isspace()
