"""WordprocessingML names, and reading an element's attributes.

The parts themselves are read and parsed by ``kamerbrief.docx_input``, within its bounds.
"""

from __future__ import annotations

from kamerbrief.docx_input import CT_NS, REL_NS, W_NS, Element

NS = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "rel": REL_NS,
    "ct": CT_NS,
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def qn(name: str) -> str:
    """'w:p' → '{namespace}p'."""
    prefix, _, local = name.partition(":")
    return f"{{{NS[prefix]}}}{local}"


def local(tag: object) -> str:
    """The tag without its namespace ('' for comments and processing instructions)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def namespace(tag: object) -> str:
    return tag[1:].partition("}")[0] if isinstance(tag, str) and tag.startswith("{") else ""


def attr(element: Element | None, name: str, default: str = "") -> str:
    """An attribute by prefixed name ('w:val'); ``default`` when the element or value is absent."""
    if element is None:
        return default
    value = element.get(qn(name))
    return default if value is None else str(value)


def on(element: Element | None) -> bool | None:
    """A toggle property (w:b, w:i …): None when absent, else whether it is switched on."""
    if element is None:
        return None
    return attr(element, "w:val", "true").lower() not in ("0", "false", "off", "none")

