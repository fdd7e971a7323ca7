"""Find a house style: the package's own (``style = "rijk"``) or a project folder.

A style folder holds ``report.html.j2``, ``blocks.html.j2``, ``style.css`` and optionally
``template.docx`` and ``logo.svg``/``logo.png``. A project style may hold only the files it
changes; the rest comes from the default style.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kamerbrief.model import Report

STYLES_DIR = Path(__file__).resolve().parent.parent / "styles"
DEFAULT_STYLE = "rijk"


@dataclass
class StyleFiles:
    folder: Path
    default_folder: Path

    def file(self, name: str) -> Path | None:
        for folder in (self.folder, self.default_folder):
            if (folder / name).is_file():
                return folder / name
        return None

    def css(self, for_print: bool) -> str:
        """The style sheet with the house font: the package's files for the PDF renderer,
        embedded subsets for a page that must stay one self-contained file."""
        path = self.file("style.css")
        css = path.read_text(encoding="utf-8") if path else ""
        return (font_faces() if for_print else embedded_font_faces()) + css

    def logo_uri(self, root: Path, logo: str = "") -> str:
        """The cover's beeldmerk as a data: URI: the project's ``logo`` file, else the style
        folder's logo.svg or logo.png, else "" (the slot stays empty)."""
        candidates = [root / logo] if logo else [self.folder / "logo.svg", self.folder / "logo.png"]
        for path in candidates:
            mime = {".svg": "image/svg+xml", ".png": "image/png"}.get(path.suffix.lower())
            if mime and path.is_file():
                data = base64.b64encode(path.read_bytes()).decode("ascii")
                return f"data:{mime};base64,{data}"
        return ""


def find_style(report: Report) -> StyleFiles:
    name = report.config.style
    default = STYLES_DIR / DEFAULT_STYLE
    builtin = STYLES_DIR / name
    if builtin.is_dir():
        return StyleFiles(builtin, default)
    project_folder = (report.root / name).resolve()
    if project_folder.is_dir() and project_folder.is_relative_to(report.root):
        return StyleFiles(project_folder, default)
    return StyleFiles(default, default)


def font_folders() -> list[Path]:
    """Folders of the fonts the default style uses, installed as Python packages."""
    import fontpkg_fira_sans

    return [Path(fontpkg_fira_sans.ROOT) / "files"]


_FACES = ((400, "normal", "Regular"), (400, "italic", "Italic"), (600, "normal", "SemiBold"),
          (600, "italic", "SemiBoldItalic"), (700, "normal", "Bold"), (700, "italic", "BoldItalic"),
          (300, "normal", "Light"))
# The weights the style sheet uses on screen, and the characters a Dutch report prints:
# Latin with its accents (Latin-1, Latin Extended-A: ĳ, š, ł), punctuation and symbols.
_SCREEN_FACES = ((400, "normal", "Regular"), (400, "italic", "Italic"),
                 (600, "normal", "SemiBold"), (700, "normal", "Bold"))
_SCREEN_CHARACTERS = "".join(chr(code) for code in (*range(0x20, 0x7F), *range(0xA0, 0x180))) + \
    "‐‑‒–—‘’‚“”„†‡•…‰′″‹›€™−×÷±≤≥≈·¹²³⁰⁴⁵⁶⁷⁸⁹"


def embedded_font_faces() -> str:
    """@font-face rules for Fira Sans as embedded WOFF2 subsets (about 15 kB a face), so the
    HTML shows the PDF's face without loading anything."""
    folder = font_folders()[0]
    rules = []
    for weight, style, name in _SCREEN_FACES:
        path = folder / f"FiraSans-{name}.ttf"
        if path.is_file():
            data = base64.b64encode(_woff2_subset(str(path))).decode("ascii")
            rules.append(f"@font-face {{ font-family: 'Fira Sans'; font-weight: {weight}; "
                         f"font-style: {style}; font-display: swap; "
                         f"src: url(data:font/woff2;base64,{data}) format('woff2'); }}")
    return "\n".join(rules) + "\n"


@lru_cache(maxsize=8)
def _woff2_subset(path: str) -> bytes:
    """The face cut to _SCREEN_CHARACTERS, as WOFF2: once per process (the preview reuses it)."""
    import io

    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "tnum", "lnum", "pnum"]
    font = subset.load_font(path, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=_SCREEN_CHARACTERS)
    subsetter.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def font_faces() -> str:
    """@font-face rules for Fira Sans, pointing at the installed package's files."""
    folder = font_folders()[0]
    rules = []
    for weight, style, name in _FACES:
        path = folder / f"FiraSans-{name}.ttf"
        if path.is_file():
            rules.append(f"@font-face {{ font-family: 'Fira Sans'; font-weight: {weight}; "
                         f"font-style: {style}; src: url('{path.as_uri()}'); }}")
    return "\n".join(rules) + "\n"
