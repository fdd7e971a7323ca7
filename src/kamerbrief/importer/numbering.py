"""Word's list numbering: which paragraphs are list items, ordered or bulleted, and from where.

A paragraph is a list item through ``w:numPr`` (its own or its style's): a numbering
instance (numId) at a level (ilvl). The instance's abstract definition says per level whether
it is a bullet or a number, and where it starts; a level override may restart it.
"""

from __future__ import annotations

from dataclasses import dataclass

from kamerbrief.importer.ooxml import Element, attr, qn

BULLET = "bullet"
NONE = "none"


@dataclass(frozen=True)
class Level:
    fmt: str  # 'bullet', 'decimal', 'lowerLetter', … or 'none'
    start: int = 1

    @property
    def is_list(self) -> bool:
        return self.fmt != NONE

    @property
    def ordered(self) -> bool:
        return self.fmt not in (BULLET, NONE)


@dataclass
class Numbering:
    levels: dict[str, dict[int, Level]]  # numId → ilvl → level

    def level(self, num_id: str, ilvl: int) -> Level:
        """The level's format; a missing definition is a plain bullet."""
        return self.levels.get(num_id, {}).get(ilvl, Level(BULLET))


def _levels(element: Element) -> dict[int, Level]:
    found = {}
    for lvl in element.iter(qn("w:lvl")):
        ilvl = attr(lvl, "w:ilvl", "0")
        start = attr(lvl.find(qn("w:start")), "w:val", "1")
        fmt = attr(lvl.find(qn("w:numFmt")), "w:val", "decimal")
        if fmt != BULLET and (fmt == NONE or not attr(lvl.find(qn("w:lvlText")), "w:val", "x")):
            fmt = NONE
        found[int(ilvl) if ilvl.isdigit() else 0] = Level(fmt, int(start) if start.isdigit() else 1)
    return found


def read_numbering(root: Element | None) -> Numbering:
    if root is None:
        return Numbering({})
    abstract = {attr(a, "w:abstractNumId"): _levels(a) for a in root.iter(qn("w:abstractNum"))}
    levels: dict[str, dict[int, Level]] = {}
    for num in root.iter(qn("w:num")):
        own = dict(abstract.get(attr(num.find(qn("w:abstractNumId")), "w:val"), {}))
        for override in num.iter(qn("w:lvlOverride")):
            ilvl = attr(override, "w:ilvl", "0")
            index = int(ilvl) if ilvl.isdigit() else 0
            own.update(_levels(override))
            start = attr(override.find(qn("w:startOverride")), "w:val")
            if start.isdigit():
                base = own.get(index, Level("decimal"))
                own[index] = Level(base.fmt, int(start))
        levels[attr(num, "w:numId")] = own
    return Numbering(levels)
