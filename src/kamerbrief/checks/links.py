"""Links and images: no placeholders, no missing files, nothing from outside the project."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Image, Link, Report
from kamerbrief.readers.markdown import plain_text
from kamerbrief.resolve import chapter_inlines

PLACEHOLDERS = {"", "#", "url", "link", "todo", "tbd", "http://", "https://"}


def resolve_local(root: Path, chapter_path: str, src: str) -> Path | None:
    """A project-relative resource path, or None when it would leave the project."""
    candidate = (root / unquote(src)).resolve()
    return candidate if candidate.is_relative_to(root) else None


def check_links(report: Report) -> Iterator[Diagnostic]:
    root = report.root
    for chapter in report.chapters:
        for inline in chapter_inlines(chapter):
            if isinstance(inline, Link) and inline.target.strip().lower() in PLACEHOLDERS:
                text = plain_text(inline.children)
                yield Diagnostic("KB401", Severity.ERROR,
                                 f"link '{text}' has a placeholder target "
                                 f"'{inline.target}'", inline.location,
                                 hint="give the real address, or write the text without a link")
            elif isinstance(inline, Image):
                yield from _check_image(root, chapter.path, inline)


def _check_image(root: Path, chapter_path: str, image: Image) -> Iterator[Diagnostic]:
    if not image.alt.strip():
        yield Diagnostic("KB404", Severity.ERROR, f"image '{image.src}' has no alt text",
                         image.location, hint="write ![description](path)")
    scheme = urlparse(image.src).scheme
    if scheme and len(scheme) > 1:  # len 1: a Windows drive letter
        yield Diagnostic("KB405", Severity.ERROR,
                         f"image '{image.src}' is not a file in the project ({scheme}: refused)",
                         image.location, hint="copy the image into the project folder")
        return
    path = resolve_local(root, chapter_path, image.src)
    if path is None or Path(image.src).is_absolute():
        yield Diagnostic("KB405", Severity.ERROR,
                         f"image '{image.src}' lies outside the project folder",
                         image.location, hint="copy the image into the project folder")
    elif not path.is_file():
        yield Diagnostic("KB403", Severity.ERROR, f"image '{image.src}' does not exist",
                         image.location, hint="paths are relative to the project folder")
