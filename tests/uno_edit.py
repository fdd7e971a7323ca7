"""Edit a DOCX the way a reviewer does in LibreOffice, through its UNO API (a real client).

Run with a Python that can ``import uno`` (Debian: python3-uno), never imported by pytest::

    /usr/bin/python3 tests/uno_edit.py IN.docx OUT.docx EDITS.json

EDITS.json: ``{"author": "…", "track": true, "edits": [ … ]}``, each edit one of

- ``{"op": "replace", "find": "old words", "text": "new words"}`` (``"text": ""`` deletes)
- ``{"op": "insert", "find": "words", "text": "more ", "where": "before"|"after"}``
- ``{"op": "comment", "find": "words", "text": "the comment"}``: a comment on the words
- ``{"op": "cell", "table": "Tabel 2", "cell": "B3", "text": "1.234"}``: replace a cell's
  text; ``table`` is the start of the caption above the table
- ``{"op": "cell-comment", "table": …, "cell": "B3", "text": "…"}``: a comment on a cell
- ``{"op": "move", "find": "start of a paragraph", "after": "start of another"}``: cut the
  paragraph and paste it after the other, as a reviewer drags it
- ``{"op": "paragraph", "after": "start of a paragraph", "text": "…"}``: a new paragraph
- ``{"op": "join", "find": "start of a paragraph"}``: delete its paragraph mark, so it runs
  on into the next one
- ``{"op": "plain", "find": "old", "text": "new"}``: replace with change tracking off

The document is saved as Word 2007–365 (.docx), LibreOffice's own export.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]


def _props(**values):
    out = []
    for name, value in values.items():
        prop = PropertyValue()
        prop.Name, prop.Value = name, value
        out.append(prop)
    return tuple(out)


def _connect(pipe: str, office: subprocess.Popen):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(600):
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if office.poll() is not None:
                raise SystemExit("LibreOffice ended before it accepted a connection") from None
            time.sleep(0.1)
    raise SystemExit("LibreOffice did not accept a connection in 60 s")


def _set_author(context, author: str) -> None:
    provider = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.configuration.ConfigurationProvider", context)
    access = provider.createInstanceWithArguments(
        "com.sun.star.configuration.ConfigurationUpdateAccess",
        _props(nodepath="/org.openoffice.UserProfile/Data"))
    given, _, family = author.partition(" ")
    access.setPropertyValue("givenname", given)
    access.setPropertyValue("sn", family)
    access.commitChanges()


def _texts(doc):
    """Every text of the document: the body first, then footnotes, then table cells (the
    slowest to walk over the bridge), so that a search stops early."""
    yield doc.Text
    notes = doc.Footnotes
    for index in range(notes.Count):
        yield notes.getByIndex(index)
    tables = doc.TextTables
    for index in range(tables.Count):
        table = tables.getByIndex(index)
        for name in table.getCellNames():
            yield table.getCellByName(name)


def _find(doc, text: str):
    """A cursor over the first occurrence of ``text`` within one paragraph. (LibreOffice's
    own search needs a view, which this model-only document has not.)"""
    for holder in _texts(doc):
        enumeration = holder.createEnumeration()
        while enumeration.hasMoreElements():
            paragraph = enumeration.nextElement()
            if not paragraph.supportsService("com.sun.star.text.Paragraph"):
                continue
            offset = paragraph.getString().find(text)
            if offset < 0:
                continue
            # Fields and note anchors may count apart from the paragraph's string.
            for guess in sorted(range(max(0, offset - 3), offset + 4), key=lambda g: abs(g - offset)):
                cursor = holder.createTextCursorByRange(paragraph.getStart())
                if guess and not cursor.goRight(guess, False):
                    continue
                cursor.goRight(len(text), True)
                if cursor.getString() == text:
                    return cursor
    raise SystemExit(f"not found in the document: {text!r}")


def _table(doc, caption: str):
    """The first table after the paragraph that starts with ``caption`` ("Tabel 2")."""
    since = 99  # paragraphs since the caption: the unit line stands between
    enumeration = doc.Text.createEnumeration()
    while enumeration.hasMoreElements():
        part = enumeration.nextElement()
        if part.supportsService("com.sun.star.text.TextTable"):
            if since <= 2:
                return part
        else:
            since = 0 if part.getString().startswith(caption) else since + 1
    raise SystemExit(f"no table after a paragraph starting {caption!r}")


def _comment(doc, text_range, text: str, author: str) -> None:
    note = doc.createInstance("com.sun.star.text.textfield.Annotation")
    note.setPropertyValue("Author", author)
    note.setPropertyValue("Content", text)
    now = time.localtime()
    stamp = uno.createUnoStruct("com.sun.star.util.DateTime")
    stamp.Year, stamp.Month, stamp.Day = now.tm_year, now.tm_mon, now.tm_mday
    stamp.Hours, stamp.Minutes, stamp.Seconds = now.tm_hour, now.tm_min, now.tm_sec
    note.setPropertyValue("DateTimeValue", stamp)
    text_range.getText().insertTextContent(text_range, note, True)


def _paragraph_range(doc, start: str):
    found = _find(doc, start)
    cursor = found.getText().createTextCursorByRange(found.getStart())
    cursor.gotoStartOfParagraph(False)
    cursor.gotoEndOfParagraph(True)
    return cursor


def _new_paragraph(doc, after: str, words: str) -> None:
    """A new paragraph with ``words`` after the paragraph that starts with ``after``."""
    end = _paragraph_range(doc, after).getEnd()
    text = end.getText()
    text.insertControlCharacter(end, 0, False)  # 0: PARAGRAPH_BREAK
    cursor = text.createTextCursorByRange(_paragraph_range(doc, after).getEnd())
    cursor.goRight(1, False)
    text.insertString(cursor, words, False)


def _edit(doc, edit: dict, author: str) -> None:
    op = edit["op"]
    if op in ("replace", "plain"):
        found = _find(doc, edit["find"])
        if op == "plain":
            doc.RecordChanges = False
        found.setString(edit["text"])
        if op == "plain":
            doc.RecordChanges = True
    elif op == "insert":
        found = _find(doc, edit["find"])
        where = found.getEnd() if edit.get("where", "after") == "after" else found.getStart()
        found.getText().insertString(where, edit["text"], False)
    elif op == "comment":
        _comment(doc, _find(doc, edit["find"]), edit["text"], author)
    elif op in ("cell", "cell-comment"):
        cell = _table(doc, edit["table"]).getCellByName(edit["cell"])
        if cell is None:
            raise SystemExit(f"no cell {edit['cell']} in {edit['table']!r}")
        cursor = cell.createTextCursor()
        cursor.gotoStart(False)
        cursor.gotoEnd(True)
        if op == "cell":
            cursor.setString(edit["text"])
        else:
            _comment(doc, cursor, edit["text"], author)
    elif op == "move":
        source = _paragraph_range(doc, edit["find"])
        words = source.getString()
        source.goRight(1, True)  # the words and their paragraph mark leave (a deletion) …
        source.setString("")
        _new_paragraph(doc, edit["after"], words)  # … and arrive after the other (an insertion)
    elif op == "paragraph":
        _new_paragraph(doc, edit["after"], edit["text"])
    elif op == "join":  # the paragraph's mark goes: it runs on into the next
        cursor = _paragraph_range(doc, edit["find"])
        cursor.collapseToEnd()
        cursor.goRight(1, True)
        cursor.setString("")
    else:
        raise SystemExit(f"unknown edit {op!r}")


def _open(context, source: Path):
    """The document as a model without a view: a view would open comment windows, whose
    dialogs the no-GUI LibreOffice (libreoffice-writer-nogui) does not ship, and crash."""
    doc = context.ServiceManager.createInstanceWithContext("com.sun.star.text.TextDocument",
                                                           context)
    doc.load(_props(URL=source.as_uri(), FilterName="MS Word 2007 XML", Hidden=True))
    return doc


def main() -> None:
    source, target, edits_file = (Path(arg).resolve() for arg in sys.argv[1:4])
    plan = json.loads(edits_file.read_text(encoding="utf-8"))
    author = plan.get("author", "Recensent")
    office_bin = os.environ.get("SOFFICE", "soffice")
    with tempfile.TemporaryDirectory(prefix="kb-uno-") as folder:
        pipe = f"kamerbrief_review_{os.getpid()}"
        # A copy: LibreOffice leaves a lock file beside what it opens.
        source = Path(shutil.copy(source, Path(folder, "review.docx")))
        office = subprocess.Popen(
            [office_bin, f"-env:UserInstallation={Path(folder, 'profile').as_uri()}",
             "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
             f"--accept=pipe,name={pipe};urp;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            context = _connect(pipe, office)
            _set_author(context, author)
            doc = _open(context, source)
            doc.RecordChanges = bool(plan.get("track", True))
            for edit in plan.get("edits", []):
                started = time.time()
                _edit(doc, edit, author)
                if os.environ.get("KB_UNO_TIMES"):
                    print(f"{edit['op']}: {time.time() - started:.1f} s", file=sys.stderr)
            doc.storeToURL(target.as_uri(), _props(FilterName="MS Word 2007 XML"))
            doc.close(True)
            try:
                context.ServiceManager.createInstanceWithContext(
                    "com.sun.star.frame.Desktop", context).terminate()
            except Exception:  # noqa: BLE001 - the bridge goes down with the office
                pass
        finally:
            _stop(office)


def _stop(office: subprocess.Popen) -> None:
    """End LibreOffice and what it started: the soffice script starts soffice.bin, which
    outlives it, so the whole process group (its own session) is ended."""
    try:
        office.wait(timeout=20)
    except subprocess.TimeoutExpired:
        pass
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(office.pid, sig)
        except ProcessLookupError:
            break
        time.sleep(0.5)
    if office.poll() is None:
        office.wait()


if __name__ == "__main__":
    main()
