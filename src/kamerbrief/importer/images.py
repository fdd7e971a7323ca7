"""Pictures saved in the document → files in images/, named after their part.

Only a picture saved inside the package is written; a linked one was reported where it stands
and is never fetched. The outputs show PNG, JPEG and GIF: a picture of another type (EMF,
WMF, TIFF, SVG …, common for charts pasted into Word) is written all the same, so the writer
can convert it, and its alt text stands in the text until then.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

from kamerbrief.docx_input import DocxPackage, DocxRefused
from kamerbrief.importer.ir import Picture

IMAGE_DIR = "images"
_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"GIF87a", "gif"),
               (b"GIF89a", "gif"))


def image_type(data: bytes) -> str:
    """'png', 'jpg' or 'gif' by the file's first bytes; '' for any other type."""
    return next((kind for signature, kind in _SIGNATURES if data.startswith(signature)), "")


class Images:
    def __init__(self, package: DocxPackage, warn: Callable[[str], None]):
        self.package = package
        self.warn = warn
        self.files: dict[str, bytes] = {}  # 'images/image1.png' → bytes
        self._paths: dict[str, str | None] = {}  # part → project path (None: not shown)

    def path(self, picture: Picture) -> str | None:
        """The picture's project path ('images/image1.png'), or None when the outputs could
        not show it (the file is written all the same, and said so)."""
        part = picture.part
        if part in self._paths:
            return self._paths[part]
        self._paths[part] = None
        if not self.package.has(part):
            self.warn(f"picture {picture.alt!r} is missing from the document (no part {part})")
            return None
        size = self.package.size(part)
        if size > self.package.limits.part_bytes:
            self.warn(f"picture {picture.alt!r} is too large to import ({size} bytes)")
            return None
        try:
            data = self.package.read(part)
        except DocxRefused as exc:
            self.warn(f"picture {picture.alt!r} cannot be read: {exc.message}")
            return None
        kind = image_type(data)
        stem, extension = posixpath.splitext(posixpath.basename(part))
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-") or "afbeelding"
        extension = re.sub(r"[^A-Za-z0-9.]+", "", extension)
        name = self._free(f"{stem}.{kind}" if kind else f"{stem}{extension.lower()}")
        self.files[name] = data
        if not kind:
            self.warn(f"picture {picture.alt!r} is saved as {name}, a type the outputs cannot "
                      f"show ({extension.lstrip('.').upper() or 'unknown'}): convert it to PNG "
                      "and put it in the chapter as ![alt text](images/….png); its alt text "
                      "stands in the text for now")
            return None
        if not picture.alt:
            self.warn(f"picture {name} has no alt text (Word: right-click > Edit Alt Text); "
                      "write one in the chapter: ![alt text](…)")
        self._paths[part] = name
        return name

    def _free(self, name: str) -> str:
        path = f"{IMAGE_DIR}/{name}"
        stem, extension = posixpath.splitext(name)
        count = 1
        while path in self.files:
            count += 1
            path = f"{IMAGE_DIR}/{stem}-{count}{extension}"
        return path
