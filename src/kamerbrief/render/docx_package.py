"""Same input, same bytes: fixed document dates and a deterministically re-zipped package.

python-docx stamps the zip entries with the current time; Word does not care, but a build
that differs on every run cannot be compared or cached. So the saved package is re-zipped
with fixed timestamps and attributes, in the order python-docx wrote it (content types first).
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, date, datetime

from docx.document import Document

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


def document_bytes(document: Document) -> bytes:
    """Save and re-zip with fixed timestamps, so two renders are byte-identical."""
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def deterministic_zip(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 0
            entry.external_attr = 0o644 << 16
            target.writestr(entry, source.read(info.filename), compresslevel=6)
    return out.getvalue()
