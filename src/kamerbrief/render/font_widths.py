"""The house font's advance widths, packaged with kamerbrief, so that measuring a table needs
no font parser.

`kamerbrief check` measures every placed table (does it fit a page? KB121) and runs on every
commit: importing fontTools alone takes about 50 ms, parsing two fonts more. So the widths of
the characters a Dutch report prints are read from the font files once, when the font
package changes, into ``fira_widths.json`` beside this module:

    .venv/bin/python -m kamerbrief.render.font_widths

tests/test_table_fit.py fails, naming this command, when the installed fonts no longer
match the packaged table. fontTools is imported only here, inside ``read_font``.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("fira_widths.json")
# The regular face for body cells, the bold one for headers and total rows.
FONT_FILES = {False: "FiraSans-Regular.ttf", True: "FiraSans-Bold.ttf"}
# The characters measured (those of them the font has): Latin with its accents, spacing
# modifiers, combining accents and Greek (U+0020–U+03FF); general punctuation,
# super- and subscripts, currency (€), letterlike symbols (™), number forms (½), arrows and
# mathematical operators (−, ≤, ≈) (U+2000–U+22FF). Any other character is measured as
# 0.6 em wide.
RANGES = ((0x0020, 0x03FF), (0x2000, 0x22FF))
FALLBACK_EM = 0.6


class FontWidths:
    """Advance widths by code point, in font units, and the units per em. A plain class,
    not a dataclass: it is imported on every ``check``, where a dataclass costs 1 ms."""

    __slots__ = ("advances", "units_per_em", "digit", "fallback")

    def __init__(self, advances: dict[int, int], units_per_em: int) -> None:
        self.advances = advances
        self.units_per_em = units_per_em
        # every digit as wide as the widest: the tables print tabular figures
        self.digit = max(advances.get(ord(d), units_per_em // 2) for d in "0123456789")
        self.fallback = units_per_em * FALLBACK_EM


@lru_cache(maxsize=2)
def packaged(bold: bool) -> FontWidths:
    """The packaged widths of the regular or the bold face, read once per process."""
    font = _packaged_table()["fonts"][FONT_FILES[bold]]
    return FontWidths({int(code): width for code, width in font["advances"].items()},
                      font["units_per_em"])


@lru_cache(maxsize=1)
def _packaged_table() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def measured(code: int) -> bool:
    """Whether the packaged table covers this code point (when the font has it)."""
    return any(first <= code <= last for first, last in RANGES)


def read_font(path: Path) -> FontWidths:
    """The widths of the measured characters as the font file has them (fontTools)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(path), lazy=True)
    metrics = font["hmtx"]
    advances = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()
                if measured(code)}
    return FontWidths(dict(sorted(advances.items())), font["head"].unitsPerEm)


def read_coverage(path: Path) -> list[list[int]]:
    """Every character the font file maps, as [first, last] ranges (fontTools)."""
    from fontTools.ttLib import TTFont

    codes = sorted(TTFont(str(path), lazy=True).getBestCmap())
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ranges


def installed_coverage() -> list[list[int]]:
    """The characters the installed regular face prints, as ranges."""
    from kamerbrief.render.style import font_folders

    return read_coverage(font_folders()[0] / FONT_FILES[False])


@lru_cache(maxsize=1)
def _coverage() -> tuple[list[int], list[int]]:
    ranges = _packaged_table()["coverage"]
    return [first for first, _ in ranges], [last for _, last in ranges]


def prints(char: str) -> bool:
    """Whether the house font has a glyph for ``char`` (packaged, as its widths are): any
    other character the PDF prints in a fallback font of the machine, or as an empty box."""
    from bisect import bisect_right

    firsts, lasts = _coverage()
    index = bisect_right(firsts, ord(char)) - 1
    return index >= 0 and ord(char) <= lasts[index]


def installed_fonts() -> dict[str, FontWidths]:
    """The widths read from the installed font package, by font file name."""
    from kamerbrief.render.style import font_folders

    folder = font_folders()[0]
    return {name: read_font(folder / name) for name in FONT_FILES.values()}


def table_text(fonts: dict[str, FontWidths]) -> str:
    """The JSON of the packaged table: one character a line, so a font upgrade's diff shows
    which widths changed."""
    from importlib.metadata import version

    data = {
        "about": "Advance widths (font units) of the house font, for measuring tables "
                 "without fontTools. Generated by: python -m kamerbrief.render.font_widths",
        "source": f"fontpkg-fira-sans {version('fontpkg-fira-sans')}",
        "fonts": {name: {"units_per_em": font.units_per_em,
                         "advances": {str(code): width for code, width in font.advances.items()}}
                  for name, font in fonts.items()},
        # the characters the regular face has at all (render/font_widths.py, ``prints``)
        "coverage": installed_coverage(),
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def write_table(path: Path = DATA) -> Path:
    """Regenerate the packaged table from the installed fonts."""
    path.write_text(table_text(installed_fonts()), encoding="utf-8")
    return path


if __name__ == "__main__":
    write_table()
