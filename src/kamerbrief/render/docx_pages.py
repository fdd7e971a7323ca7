"""Page numbers in the DOCX's contents and list of tables, before Word ever opens it.

The contents and the list of tables are fields whose cached page numbers Word fills when it
opens the file; LibreOffice and every previewer show the cache, which python-docx cannot
compute. So the built DOCX is laid out once by LibreOffice (headless), which exports every
bookmark as a named destination with its page; those pages go into the PAGEREF results.
Word still refreshes them on open. Without LibreOffice and poppler's pdfinfo the fields stay
empty, and the command line says so (``missing_tools``).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PAGEREF = re.compile(r"^\s*PAGEREF\s+(\S+)")
_DEST = re.compile(r"^\s*(\d+)\s+\[.*\]\s+\"(.*)\"\s*$")
_EXPORT = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'


def missing_tools() -> list[str]:
    """The Debian packages that page numbers in the DOCX contents need and lack."""
    missing = []
    if _office() is None:
        missing.append("libreoffice-writer-nogui")
    if shutil.which("pdfinfo") is None:
        missing.append("poppler-utils")
    return missing


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def fill_page_numbers(docx: bytes, timeout: float = 180) -> bytes:
    """``docx`` with the PAGEREF results of its contents and list of tables filled in, as
    LibreOffice lays it out; unchanged when the tools are missing or the layout fails."""
    office = _office()
    if office is None or shutil.which("pdfinfo") is None or b"PAGEREF" not in _document(docx):
        return docx
    pages = _laid_out_pages(office, docx, timeout)
    return _with_page_numbers(docx, pages) if pages else docx


def _document(docx: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return package.read("word/document.xml")


def _laid_out_pages(office: str, docx: bytes, timeout: float) -> dict[str, int]:
    """Bookmark name → page (1 = the cover), from LibreOffice's PDF of the document."""
    with tempfile.TemporaryDirectory(prefix="kamerbrief-pages-") as folder:
        source = Path(folder) / "report.docx"
        source.write_bytes(docx)
        profile = Path(folder, "profile").as_uri()  # never the user's own LibreOffice profile
        try:
            subprocess.run([office, f"-env:UserInstallation={profile}", "--headless",
                            "--norestore", "--convert-to", _EXPORT, "--outdir", folder,
                            str(source)], capture_output=True, timeout=timeout, check=True)
            listing = subprocess.run(["pdfinfo", "-dests", str(source.with_suffix(".pdf"))],
                                     capture_output=True, text=True, timeout=60, check=True)
        except (OSError, subprocess.SubprocessError):
            return {}
    pages: dict[str, int] = {}
    for line in listing.stdout.splitlines():
        match = _DEST.match(line)
        if match:
            pages.setdefault(match.group(2), int(match.group(1)))
    return pages


def _pdf_name(bookmark: str) -> str:
    """The destination name LibreOffice writes for a bookmark ('_Toc00001' → '5FToc00001')."""
    return re.sub(r"[^A-Za-z0-9]", lambda m: f"{ord(m.group()):02X}", bookmark)


def _with_page_numbers(docx: bytes, pages: dict[str, int]) -> bytes:
    root = etree.fromstring(_document(docx))
    changed = False
    for instruction in root.iter(f"{_W}instrText"):
        match = _PAGEREF.match(instruction.text or "")
        page = pages.get(_pdf_name(match.group(1))) if match else None
        result = _field_result(instruction) if page is not None else None
        if page is not None and result is not None:
            result.text = str(page)  # the cover is page 1, as in the PDF
            changed = True
    if not changed:
        return docx
    document = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():  # same order, names and dates: a reproducible file
            data = document if item.filename == "word/document.xml" else source.read(item)
            target.writestr(item, data)
    return out.getvalue()


def _field_result(instruction: etree._Element) -> etree._Element | None:
    """The w:t of the field's cached result: the first text after its 'separate' mark."""
    run = instruction.getparent()
    separated = False
    for sibling in run.itersiblings():
        kind = sibling.find(f"{_W}fldChar")
        if kind is not None and kind.get(f"{_W}fldCharType") == "separate":
            separated = True
        elif kind is not None and kind.get(f"{_W}fldCharType") == "end":
            return None
        elif separated and sibling.find(f"{_W}t") is not None:
            return sibling.find(f"{_W}t")
    return None
