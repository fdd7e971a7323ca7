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
            elif isinstance(inline, Link):
                yield from _check_local_link(root, inline)
            elif isinstance(inline, Image):
                yield from _check_image(root, chapter.path, inline)


def _check_local_link(root: Path, link: Link) -> Iterator[Diagnostic]:
    """A link without a scheme is a file in the project: it must exist and stay inside."""
    target = link.target.strip()
    parsed = urlparse(target)
    if target.startswith("#") or (parsed.scheme and len(parsed.scheme) > 1) or parsed.netloc:
        return  # an anchor (checked with the references) or a web address
    text = plain_text(link.children)
    path = resolve_local(root, "", parsed.path)
    if path is None or Path(unquote(parsed.path)).is_absolute() or len(parsed.scheme) == 1:
        yield Diagnostic("KB405", Severity.ERROR,
                         f"link '{text}' to '{target}' lies outside the project folder",
                         link.location, hint="copy the file into the project folder, or link "
                         "to its web address (https://…)")
    elif not path.exists():
        yield Diagnostic("KB406", Severity.ERROR,
                         f"link '{text}': '{target}' does not exist", link.location,
                         hint="paths are relative to the project folder; for a web address "
                         "write https://…")


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
