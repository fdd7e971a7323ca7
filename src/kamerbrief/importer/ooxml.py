"""WordprocessingML names and a parser that reads only what a .docx may hold.

The parser never loads a DTD, never resolves entities and never reaches the network; a part
that declares a DOCTYPE (Word never writes one) is refused by the caller.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
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
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}
STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"

Element = Any  # lxml's _Element: lxml ships no type information


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


class XmlError(Exception):
    """A part is not well-formed XML, or holds a DTD."""


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          dtd_validation=False, huge_tree=False, remove_comments=True,
                          remove_pis=True, collect_ids=False)


def parse(data: bytes, name: str) -> Element:
    """The root element of a package part; XmlError when it is damaged or declares a DTD."""
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise XmlError(f"{name} is damaged: {exc}") from None
    if root.getroottree().docinfo.doctype:
        raise XmlError(f"{name} declares a DTD, which no Word document does")
    return root
