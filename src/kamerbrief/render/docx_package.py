"""Same input, same bytes: fixed document dates and a zip with fixed member metadata.

python-docx stamps the zip entries with the current time; Word does not care, but a build
that differs on every run cannot be compared or cached. So the package is written with fixed
timestamps and attributes, in the order python-docx writes it (content types first).
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, date, datetime

from docx.document import Document

from kamerbrief.render.docx_ooxml import (
    PACKAGE_WRITER_STEPS,
    package_writer_available,
    write_package,
)

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_FALLBACK = datetime(2000, 1, 1, tzinfo=UTC)


def document_datetime(config_date: str) -> datetime:
    """The report's date (``date = "2024-06-01"``), else SOURCE_DATE_EPOCH, else a fixed date."""
    try:
        day = date.fromisoformat(config_date.strip())
        return datetime(day.year, day.month, day.day, tzinfo=UTC)
    except ValueError:
        pass
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return _FALLBACK


def set_core_properties(document: Document, *, title: str, subject: str, author: str,
                        language: str, when: datetime) -> None:
    """Title, subject, author and language for File > Properties and for search indexes."""
    core = document.core_properties
    core.title = title
    core.subject = subject
    core.author = author
    core.last_modified_by = author
    core.language = language
    core.created = when.replace(tzinfo=None)
    core.modified = when.replace(tzinfo=None)
    core.last_printed = when.replace(tzinfo=None)
    core.revision = 1
    core.keywords = ""
    core.comments = ""
    core.category = ""


_WRITER_STEPS = PACKAGE_WRITER_STEPS  # python-docx's private writer steps (docx_ooxml)


def document_bytes(document: Document) -> bytes:
    """The package as bytes, each member with a fixed time, so two renders are identical.

    python-docx's own package writer composes the members (content types, relationships,
    parts, in its order) and hands each to ``write``; only the zip entry is ours. Saving
    with python-docx and re-zipping compressed every member twice: a third of a large
    report's DOCX time. The writer's steps are private to python-docx: should a release
    rename them, the slower save-and-re-zip gives the same bytes."""
    if not package_writer_available(_WRITER_STEPS):
        return _saved_and_rezipped(document)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        write_package(document, lambda name, blob: archive.writestr(_entry(name), blob,
                                                                     compresslevel=6))
    return out.getvalue()


def _saved_and_rezipped(document: Document) -> bytes:
    """python-docx's public save, then every member again with fixed metadata."""
    saved = io.BytesIO()
    document.save(saved)
    source = zipfile.ZipFile(io.BytesIO(saved.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(_entry(info.filename), source.read(info.filename), compresslevel=6)
    return out.getvalue()


def _entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.create_system = 0
    entry.external_attr = 0o644 << 16
    return entry
