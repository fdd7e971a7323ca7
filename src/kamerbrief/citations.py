"""Citations of Dutch official publications: recognise them in prose, normalise, link.

Writers cite Kamerstukken, Handelingen, Kamervragen (Aanhangsel), Staatsblad and
Staatscourant in many forms (``TK 2022–2023, 24 077, nr. 513``, ``Tweede Kamer,
vergaderjaar 2023–2024, 28 741, nr. 113``, ``Kamerstuk 31865-207`` …). A check needs them as
data: which publication is meant, the form the house style prescribes, and where it lives.

The default form is that of the Aanwijzingen voor de regelgeving: Aanwijzing 3.43 for
parliamentary papers (``Kamerstukken II 2009/10, 27858, nr. 88, p. 3``: dossier numbers
without a space, the vergaderjaar as ``2009/10``, a letter instead of ``nr.`` for Eerste
Kamer papers) and Aanwijzing 3.45 for the publication journals (``Stb. 2011, 35``,
``Stcrt. 2015, 10247``). Sources: tests/fixtures/citations/README.md.

Pure and cheap to import (standard library only, regexes compiled once): it runs on every
``check``. Addresses are computed, never fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["KINDS", "Citation", "CitationStyle", "DEFAULT_STYLE", "find_citations"]

KINDS = ("kamerstuk", "handelingen", "aanhangsel", "staatsblad", "staatscourant")

_BASE_URL = "https://zoek.officielebekendmakingen.nl/"
# Kamerstukken, Handelingen, Kamervragen and the Staatsblad are on officielebekendmakingen.nl
# from 1995 on; the Staatscourant is numbered per publication (stcrt-<year>-<nr>) from
# 1 July 2009, so only whole years after that give a sure address.
_FIRST_ONLINE_YEAR = 1995
_FIRST_STCRT_YEAR = 2010
# Handelingen are published per agenda item ("item 5") from 1 January 2011, the middle of
# vergaderjaar 2010/11; before that they were cited by page, which gives no address.
_FIRST_ITEM_SESSION = 2010

_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014"
_SESSION = rf"(?P<y1>\d{{4}})\s*[/{_DASHES}]\s*(?P<y2>\d{{4}}|\d{{2}})(?!\d)"
_CHAMBER = r"(?:\s+(?P<chamber>II|I)(?!\w))?"
# 28741, 28 741, 28.741 (a non-breaking space counts as a space).
_DOSSIER = r"(?P<dossier>\d{2}[\s.]?\d{3})(?!\d)"
# Begroting chapters and funds (VI, IIA, XIII, A, B …) after a space or hyphen; the EU
# council dossiers' two digits (21 501-32) only after a hyphen.
_SUFFIX = r"(?:\s+(?P<suffix>[IVX]+[A-C]?|[A-Z])|-(?P<suffix2>[IVX]+[A-C]?|[A-Z]|\d{2}))(?!\w)"
_RANGE = rf"\d+(?:\s*(?:[{_DASHES}]|en|t/m)\s*\d+)+"
# nr. 113, nr 113, no. 113, nr. AB; nrs. 1–2 (a forgotten comma before them is forgiven); or
# an Eerste Kamer letter after a comma: , D
_NUMBER = (
    r"(?:(?:\s*,\s*|\s+)(?:nrs\.\s*(?P<range>" + _RANGE + r")"
    r"|[Nn][ro]\.?\s*(?P<number>\d+|[A-Z]{1,2}))"
    r"|\s*,\s*(?P<letter>[A-Z]{1,2}))(?!\w)"
)
# Pages stay with the citation as written but are no part of what it identifies.
_TAIL = rf"(?P<tail>\s*,\s*(?:pp?|blz|bl|pag)\.\s*\d+(?:\s*[{_DASHES}]\s*\d+)?(?!\d))?"

_ANCHOR = re.compile(
    r"(?<![\w-])(?:"
    r"(?P<aanhangsel>Aanhangsel(?:\s+van\s+de)?\s+Handelingen)"
    r"|(?P<handelingen>Handelingen)"
    r"|(?P<kamerstuk>[Kk]amerstuk(?:ken)?)"
    r"|(?P<abbreviation>TK|EK)"
    r"|(?P<kamer>Tweede|Eerste)\s+Kamer(?:\s+der\s+Staten-Generaal)?\s*,\s*vergaderjaar"
    r"|(?P<staatsblad>Stb\.?|Staatsblad)"
    r"|(?P<staatscourant>Stcrt\.?|Staatscourant)"
    r")"
)
# What may follow each anchor before the dossier number.
_KAMERSTUK_HEAD = re.compile(_CHAMBER + r"(?:\s+" + _SESSION + r"\s*,\s*|\s+)")
_SESSION_HEAD = re.compile(r"(?:\s+" + _SESSION + r"\s*,\s*|\s+)")
_VERGADERJAAR_HEAD = re.compile(r"\s+" + _SESSION + r"\s*,\s*")
# The dossier and the paper: "28 741, nr. 113", "31 700 VI, D", "21 501-32, nr. 1188" …
_BODY_NUMBERED = re.compile(_DOSSIER + f"(?:{_SUFFIX})?" + _NUMBER + _TAIL)
# … the document identifier as the Kamer writes it: "31865-207", "21501-32-1188" …
_BODY_IDENTIFIER = re.compile(
    r"(?P<dossier>\d{5})(?:-(?P<suffix2>[IVX]+[A-C]?|[A-Z]|\d{2}))?-(?P<number>\d+)(?![\w-])" + _TAIL
)
# … or a whole dossier (Aanwijzing 3.43, second paragraph: "(Kamerstukken 31945)"), only when
# the citation plainly ends there.
_BODY_DOSSIER = re.compile(_DOSSIER + f"(?:{_SUFFIX})?" + r"(?=\s*(?:[);:]|\.(?!\d)|$))")
_HANDELINGEN = re.compile(
    _CHAMBER + r"(?:\s*,\s*vergaderjaar\s+|\s+)" + _SESSION
    + r"(?:\s*,\s*[Nn]r\.?\s*(?P<number>\d+)(?!\w)(?:\s*,\s*item\s+(?P<item>\d+)(?!\w))?)?"
    + _TAIL
)
# Stb. 2011, 35; Stcrt. 2015, 10247 (or 10.247, 10 247: thousands separators are read, not kept).
_JOURNAL = re.compile(
    r"\s+(?P<year>[12]\d{3})\s*,\s*(?:[Nn]r\.?\s*)?"
    r"(?P<number>\d{1,3}(?:[.\u00a0\u202f ]\d{3})+(?!\d)|\d+)(?![\w.]\d|\w)"
)
_RANGE_DASH = re.compile(rf"\s*[{_DASHES}]\s*")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class CitationStyle:
    """How ``Citation.canonical`` spells a citation; the default follows the Aanwijzingen.

    ``dossier_separator`` goes between a dossier number's second and third digit (``""``:
    28741 as the Aanwijzing writes it, ``" "``: 28 741 as a Kamerstuk's own header does);
    ``full_session`` writes the vergaderjaar as 2023/2024 rather than 2023/24.
    """

    dossier_separator: str = ""
    full_session: bool = False


DEFAULT_STYLE = CitationStyle()


@dataclass(frozen=True)
class Citation:
    """One citation found in a text, with what it identifies.

    ``start``/``end`` are offsets in the searched text (``end`` after the tail); ``text`` is
    the citation as written. ``chamber`` is ``"I"``, ``"II"`` or ``""`` when the writer did
    not say (``TK``, ``Tweede Kamer`` count as saying ``"II"``); ``session`` the vergaderjaar
    and ``year`` the Staatsblad's or Staatscourant's year. ``dossier`` holds digits only,
    ``suffix`` a begroting chapter or fund (``"VI"``, ``"B"``, ``"32"``), ``number`` the
    ondernummer or Eerste Kamer letter (for Handelingen the vergadernummer; for ``nrs.`` the
    range, e.g. ``"1–2"``), ``item`` the Handelingen agenda item. ``tail`` keeps pages
    (``", p. 3"``) as written: they narrow the citation but do not identify the paper.
    """

    start: int
    end: int
    text: str
    kind: str
    chamber: str = ""
    session: tuple[int, int] | None = None
    dossier: str = ""
    suffix: str = ""
    number: str = ""
    item: str = ""
    year: int | None = None
    tail: str = ""

    def missing(self) -> tuple[str, ...]:
        """What the house form needs that the text does not say ("vergaderjaar", "Kamer",
        "vergadernummer"): the writer must add it, no program can."""
        if self.kind == "kamerstuk":
            return ("vergaderjaar",) if self.number and self.session is None else ()
        if self.kind in ("handelingen", "aanhangsel"):
            wanted = (("Kamer", self.chamber), ("vergadernummer", self.number))
            return tuple(name for name, value in wanted if not value)
        return ()

    def canonical(self, style: CitationStyle = DEFAULT_STYLE) -> str | None:
        """The citation in the house form, tail kept; ``None`` when something is ``missing``.

        ``text[:start] + canonical() + text[end:]`` is the corrected text.
        """
        if self.missing():
            return None
        tail = self.tail.strip().lstrip(",").strip()
        core = _CANONICAL[self.kind](self, style)
        return f"{core}, {tail}" if tail else core

    def url(self) -> str | None:
        """The address on zoek.officielebekendmakingen.nl, computed from the citation; ``None``
        where the citation does not determine one (see tests/fixtures/citations/README.md)."""
        identifier = _IDENTIFIER[self.kind](self)
        return f"{_BASE_URL}{identifier}.html" if identifier else None


def find_citations(text: str) -> list[Citation]:
    """Every citation in ``text`` (plain text as the reader sees it), in order.

    A citation needs its anchor word (Kamerstuk(ken), TK/EK, Tweede/Eerste Kamer,
    vergaderjaar, (Aanhangsel) Handelingen, Stb./Staatsblad, Stcrt./Staatscourant) and its
    numbers; a vergaderjaar whose years do not follow each other is no citation.
    """
    found: list[Citation] = []
    pos = 0
    while (anchor := _ANCHOR.search(text, pos)) is not None:
        citation = _parse_at(text, anchor)
        if citation is None:
            pos = anchor.end()
        else:
            found.append(citation)
            pos = citation.end
    return found


def _parse_at(text: str, anchor: re.Match[str]) -> Citation | None:
    """The citation that starts with ``anchor``, if the numbers after it make one."""
    kind = anchor.lastgroup
    if kind in ("kamerstuk", "abbreviation", "kamer"):
        return _kamerstuk(text, anchor)
    if kind in ("handelingen", "aanhangsel"):
        return _handelingen(text, anchor, kind)
    assert kind in ("staatsblad", "staatscourant")
    match = _JOURNAL.match(text, anchor.end())
    if match is None:
        return None
    return Citation(anchor.start(), match.end(), text[anchor.start():match.end()], kind,
                    year=int(match["year"]), number=re.sub(r"\D", "", match["number"]))


def _kamerstuk(text: str, anchor: re.Match[str]) -> Citation | None:
    kind = anchor.lastgroup
    bodies: tuple[re.Pattern[str], ...]
    if kind == "kamerstuk":
        head = _KAMERSTUK_HEAD.match(text, anchor.end())
        bodies = (_BODY_NUMBERED, _BODY_IDENTIFIER, _BODY_DOSSIER)
    elif kind == "abbreviation":
        head = _SESSION_HEAD.match(text, anchor.end())
        bodies = (_BODY_NUMBERED,)
    else:
        head = _VERGADERJAAR_HEAD.match(text, anchor.end())
        bodies = (_BODY_NUMBERED,)
    if head is None:
        return None
    session = _session(head)
    if session is False:
        return None
    body = next((m for p in bodies if (m := p.match(text, head.end())) is not None), None)
    if body is None:
        return None
    if kind == "abbreviation":
        chamber = "II" if anchor["abbreviation"] == "TK" else "I"
    elif kind == "kamer":
        chamber = "II" if anchor["kamer"] == "Tweede" else "I"
    else:
        chamber = head["chamber"] or ""
    parts = body.groupdict()
    if parts.get("range"):
        number = _SPACES.sub(" ", _RANGE_DASH.sub("\u2013", parts["range"]))
    else:
        number = parts.get("number") or parts.get("letter") or ""
    return Citation(
        anchor.start(), body.end(), text[anchor.start():body.end()], "kamerstuk",
        chamber=chamber, session=session,
        dossier=re.sub(r"\D", "", parts["dossier"]),
        suffix=parts.get("suffix") or parts.get("suffix2") or "",
        number=number, tail=parts.get("tail") or "",
    )


def _handelingen(text: str, anchor: re.Match[str], kind: str) -> Citation | None:
    match = _HANDELINGEN.match(text, anchor.end())
    if match is None:
        return None
    session = _session(match)
    number = match["number"] or ""
    item = match["item"] or ""
    tail = match["tail"] or ""
    # An Aanhangsel is identified by its number; Handelingen at least need a meeting or a page.
    if session is None or session is False:
        return None
    if (kind == "aanhangsel" and (not number or item)) or not (number or tail):
        return None
    return Citation(anchor.start(), match.end(), text[anchor.start():match.end()], kind,
                    chamber=match["chamber"] or "", session=session, number=number,
                    item=item, tail=tail)


def _session(match: re.Match[str]) -> tuple[int, int] | None | Literal[False]:
    """The vergaderjaar in ``match``; ``None`` when none is written, ``False`` when its years
    do not follow each other (2023/25 is a typing error, not a session)."""
    if match["y1"] is None:
        return None
    first, second = int(match["y1"]), match["y2"]
    if len(second) == 2:
        last = first // 100 * 100 + int(second)
        last += 100 if last < first else 0  # 1999/00
    else:
        last = int(second)
    return (first, last) if last == first + 1 else False


def _session_text(session: tuple[int, int], style: CitationStyle) -> str:
    first, last = session
    if style.full_session or first // 100 != last // 100:  # 1999/2000, not 1999/00
        return f"{first}/{last}"
    return f"{first}/{last % 100:02d}"


def _dossier_text(c: Citation, style: CitationStyle) -> str:
    dossier = c.dossier[:2] + style.dossier_separator + c.dossier[2:]
    if not c.suffix:
        return dossier
    return f"{dossier}-{c.suffix}" if c.suffix.isdigit() else f"{dossier} {c.suffix}"


def _chamber(c: Citation) -> str:
    """The Kamer, as written or as the number shows it: the Eerste Kamer numbers its papers
    with letters, the Tweede Kamer with digits (Aanwijzing 3.43, toelichting)."""
    if c.chamber or not c.number:
        return c.chamber
    return "I" if c.number.isalpha() else "II"


def _canonical_kamerstuk(c: Citation, style: CitationStyle) -> str:
    dossier = _dossier_text(c, style)
    if not c.number:
        # A whole dossier: "Kamerstukken 31945", or with Kamer and year when written.
        head = " ".join(filter(None, ["Kamerstukken", c.chamber,
                                      _session_text(c.session, style) if c.session else ""]))
        return f"{head}, {dossier}" if c.chamber or c.session else f"{head} {dossier}"
    assert c.session is not None  # else missing() said so
    head = f"Kamerstukken {_chamber(c)} {_session_text(c.session, style)}, {dossier}"
    if c.number.isdigit():
        return f"{head}, nr. {c.number}"
    if c.number.isalpha():
        return f"{head}, {c.number}"
    return f"{head}, nrs. {c.number}"


def _canonical_handelingen(c: Citation, style: CitationStyle) -> str:
    assert c.session is not None  # the parser requires one
    prefix = "Aanhangsel Handelingen" if c.kind == "aanhangsel" else "Handelingen"
    core = f"{prefix} {c.chamber} {_session_text(c.session, style)}, nr. {c.number}"
    return f"{core}, item {c.item}" if c.item else core


def _canonical_journal(c: Citation, style: CitationStyle) -> str:
    abbreviation = "Stb." if c.kind == "staatsblad" else "Stcrt."
    return f"{abbreviation} {c.year}, {c.number}"


_CANONICAL = {
    "kamerstuk": _canonical_kamerstuk,
    "handelingen": _canonical_handelingen,
    "aanhangsel": _canonical_handelingen,
    "staatsblad": _canonical_journal,
    "staatscourant": _canonical_journal,
}


def _kst(c: Citation) -> str | None:
    """kst-28741-113, kst-36350-VI-2, kst-35261-B, kst-21501-34-366."""
    if not c.number.isalnum() or (c.session and c.session[0] < _FIRST_ONLINE_YEAR):
        return None
    return "-".join(filter(None, ["kst", c.dossier, c.suffix, c.number]))


def _h(c: Citation) -> str | None:
    """h-tk-20232024-4-26, h-ek-20232024-8-1: only for item-numbered Handelingen (2011 on)."""
    if not (c.chamber and c.session and c.number and c.item) \
            or c.session[0] < _FIRST_ITEM_SESSION:
        return None
    house = "tk" if c.chamber == "II" else "ek"
    return f"h-{house}-{c.session[0]}{c.session[1]}-{c.number}-{c.item}"


def _ah(c: Citation) -> str | None:
    """ah-tk-20222023-1339; the Eerste Kamer's Aanhangsel address is not verified: None."""
    if c.chamber != "II" or not c.session or c.session[0] < _FIRST_ONLINE_YEAR:
        return None
    return f"ah-tk-{c.session[0]}{c.session[1]}-{c.number}"


def _stb(c: Citation) -> str | None:
    """stb-2024-71."""
    return f"stb-{c.year}-{c.number}" if c.year and c.year >= _FIRST_ONLINE_YEAR else None


def _stcrt(c: Citation) -> str | None:
    """stcrt-2024-12052."""
    return f"stcrt-{c.year}-{c.number}" if c.year and c.year >= _FIRST_STCRT_YEAR else None


_IDENTIFIER = {
    "kamerstuk": _kst,
    "handelingen": _h,
    "aanhangsel": _ah,
    "staatsblad": _stb,
    "staatscourant": _stcrt,
}
