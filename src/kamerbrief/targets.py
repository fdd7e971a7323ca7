"""Where a link or an image points, decided once for the checks and every renderer.

A link is an anchor in the report, a web address, a file in the project, or a placeholder
left by the writer; an image is a file inside the project or nothing. The checks report what
cannot be shown; the HTML, PDF and DOCX show the same thing for the same target.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from urllib.parse import unquote, urlparse

# Targets a writer leaves while drafting: the link text is shown, never a link.
PLACEHOLDERS = frozenset({"", "#", "url", "link", "todo", "tbd", "http://", "https://"})
# Schemes a reader's program may follow; any other (ftp:, tel:, javascript:) is shown as text.
WEB_SCHEMES = frozenset({"http", "https", "mailto"})
# Image files every output can embed: Word takes no SVG or WebP, so no output does.
IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif"}


class LinkKind(StrEnum):
    PLACEHOLDER = "placeholder"
    ANCHOR = "anchor"  # '#id': a heading, chapter or table of the report
    WEB = "web"
    FILE = "file"  # a path in the project: not part of the outputs, so shown as text
    OTHER = "other"  # another scheme: shown as text


def link_kind(target: str) -> LinkKind:
    target = target.strip()
    if target.lower() in PLACEHOLDERS:
        return LinkKind.PLACEHOLDER
    if target.startswith("#"):
        return LinkKind.ANCHOR
    parsed = urlparse(target)
    if parsed.scheme.lower() in WEB_SCHEMES and (parsed.netloc or parsed.scheme == "mailto"):
        return LinkKind.WEB
    if parsed.netloc or len(parsed.scheme) > 1:  # len 1: a Windows drive letter
        return LinkKind.OTHER
    return LinkKind.FILE


def project_path(root: Path, src: str) -> Path | None:
    """The file a relative address names, resolved from the project folder; None when it is
    absolute, has a scheme or host, or leaves the project (by '..' or a symlink)."""
    parsed = urlparse(src.strip())
    relative = unquote(parsed.path)
    if parsed.scheme or parsed.netloc or not relative or Path(relative).is_absolute():
        return None
    candidate = (root / relative).resolve()
    return candidate if candidate.is_relative_to(root.resolve()) else None


def image_file(root: Path, src: str) -> Path | None:
    """The image file to embed: an existing, readable file of a known image type inside the
    project. Anything else shows as its alt text in every output (and the check says why)."""
    path = project_path(root, src)
    if path is None or path.suffix.lower() not in IMAGE_TYPES or not path.is_file():
        return None
    return path if image_problem(path) is None else None


def image_problem(path: Path) -> str | None:
    """Why the image cannot be embedded (a broken or mislabelled file), or None.

    Word's reader parses every PNG chunk and fails on a truncated file, so the PNG check
    walks the chunks to IEND; JPEG and GIF are checked by their start and end markers."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    suffix = path.suffix.lower()
    if suffix == ".png":
        return _png_problem(data)
    if suffix in (".jpg", ".jpeg"):
        ok = data.startswith(b"\xff\xd8") and b"\xff\xd9" in data[-1024:]
        return None if ok else "is not a complete JPEG file"
    if suffix == ".gif":
        ok = data[:6] in (b"GIF87a", b"GIF89a") and len(data) > 13
        return None if ok else "is not a GIF file"
    return None


def _png_problem(data: bytes) -> str | None:
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "is not a PNG file"
    offset = 8
    while offset + 8 <= len(data):
        length = int.from_bytes(data[offset:offset + 4], "big")
        kind = data[offset + 4:offset + 8]
        offset += 12 + length
        if offset > len(data):
            break
        if kind == b"IEND":
            return None
    return "is a damaged or truncated PNG file"
