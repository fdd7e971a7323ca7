"""Links and images: no placeholders, no missing files, nothing from outside the project.

What a target is comes from ``kamerbrief.targets``, the same decision the renderers show.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.model import Image, Link, Report
from kamerbrief.targets import IMAGE_TYPES, LinkKind, image_problem, link_kind, project_path
from kamerbrief.walk import chapter_inlines, plain_text


def check_links(report: Report) -> Iterator[Diagnostic]:
    for chapter in report.chapters:
        for inline in chapter_inlines(chapter):
            if isinstance(inline, Link):
                yield from _check_link(report.root, inline)
            elif isinstance(inline, Image):
                yield from _check_image(report.root, inline)


def _check_link(root: Path, link: Link) -> Iterator[Diagnostic]:
    """A placeholder is an error; a link without a scheme is a file in the project, which
    must exist and stay inside. Anchors are checked with the references."""
    kind = link_kind(link.target)
    text = plain_text(link.children)
    target = link.target.strip()
    if kind is LinkKind.PLACEHOLDER:
        yield Diagnostic("KB401", Severity.ERROR,
                         f"link '{text}' has a placeholder target '{link.target}'", link.location,
                         hint="give the real address, or write the text without a link")
    elif kind is LinkKind.FILE:
        path = project_path(root, target)
        if path is None:
            yield Diagnostic("KB405", Severity.ERROR,
                             f"link '{text}' to '{target}' lies outside the project folder",
                             link.location, hint="copy the file into the project folder, or "
                             "link to its web address (https://…)")
        elif not path.exists():
            yield Diagnostic("KB406", Severity.ERROR,
                             f"link '{text}': '{target}' does not exist", link.location,
                             hint="paths are relative to the project folder; for a web "
                             "address write https://…")


def _check_image(root: Path, image: Image) -> Iterator[Diagnostic]:
    if not image.alt.strip():
        yield Diagnostic("KB404", Severity.ERROR, f"image '{image.src}' has no alt text",
                         image.location, hint="write ![description](path)")
    scheme = urlparse(image.src.strip()).scheme
    if len(scheme) > 1:  # len 1: a Windows drive letter, outside the project
        yield Diagnostic("KB405", Severity.ERROR,
                         f"image '{image.src}' is not a file in the project ({scheme}: refused)",
                         image.location, hint="copy the image into the project folder")
        return
    path = project_path(root, image.src)
    if path is None:
        yield Diagnostic("KB405", Severity.ERROR,
                         f"image '{image.src}' lies outside the project folder",
                         image.location, hint="copy the image into the project folder")
    elif not path.is_file():
        yield Diagnostic("KB403", Severity.ERROR, f"image '{image.src}' does not exist",
                         image.location, hint="paths are relative to the project folder")
    elif path.suffix.lower() not in IMAGE_TYPES:
        yield Diagnostic("KB407", Severity.ERROR,
                         f"image '{image.src}' is a {path.suffix or 'file without a'} type that "
                         "not every output can show", image.location,
                         hint=f"save it as {', '.join(sorted(IMAGE_TYPES))}")
    elif (problem := image_problem(path)) is not None:
        yield Diagnostic("KB408", Severity.ERROR, f"image '{image.src}' {problem}",
                         image.location, hint="export the image again from the program that "
                         "made it, as PNG or JPEG")
