"""Word's own review markup, written into a built DOCX the way Word writes it.

LibreOffice (tests/uno_edit.py) writes insertions, deletions and comments but never
``w:moveFrom``/``w:moveTo``; Word does. These helpers edit ``word/document.xml`` (and add
``word/comments.xml``) with lxml: each finds words inside one run, splits the run there and
wraps the words in Word's markup, with an author and a date.

    edited = WordEdits(docx_bytes)
    edited.replace("een essentiële rol", "een grote rol", author="Jan Jurist")
    edited.comment("preventieaanpak", "Bron?")
    data = edited.save()
"""

from __future__ import annotations

import copy
import io
import zipfile

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DATE = "2024-05-14T10:30:00Z"
_COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_COMMENTS_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


def _w(tag: str, **attrs: str) -> etree._Element:
    element = etree.Element(f"{W}{tag}")
    for name, value in attrs.items():
        element.set(f"{W}{name}", value)
    return element


def _run(text: str, model: etree._Element | None, deleted: bool = False) -> etree._Element:
    run = _w("r")
    if model is not None and model.find(f"{W}rPr") is not None:
        run.append(copy.deepcopy(model.find(f"{W}rPr")))
    t = etree.SubElement(run, f"{W}{'delText' if deleted else 't'}")
    t.text = text
    t.set(XML_SPACE, "preserve")
    return run


class WordEdits:
    def __init__(self, docx: bytes):
        self.files = {}
        with zipfile.ZipFile(io.BytesIO(docx)) as archive:
            for name in archive.namelist():
                self.files[name] = archive.read(name)
        self.document = etree.fromstring(self.files["word/document.xml"])
        self.notes = etree.fromstring(self.files["word/footnotes.xml"]) \
            if "word/footnotes.xml" in self.files else None
        self.comments: list[etree._Element] = []
        self._id = 9000

    def next_id(self) -> str:
        self._id += 1
        return str(self._id)

    # ------------------------------------------------------------ finding words

    def _roots(self):
        yield self.document
        if self.notes is not None:
            yield self.notes

    def split(self, words: str, nth: int = 1) -> etree._Element:
        """The run holding exactly ``words`` (their ``nth`` occurrence: the contents list
        comes first), split out of the run it stood in."""
        for root in self._roots():
            for t in root.iter(f"{W}t"):
                text = t.text or ""
                at = text.find(words)
                if at < 0:
                    continue
                nth -= 1
                if nth:
                    continue
                run = t.getparent()
                before, after = text[:at], text[at + len(words):]
                middle = _run(words, run)
                if before:
                    t.text = before
                    t.set(XML_SPACE, "preserve")
                    run.addnext(middle)
                else:
                    run.addprevious(middle)
                    run.getparent().remove(run)
                if after:
                    middle.addnext(_run(after, run))
                return middle
        raise AssertionError(f"not in the document: {words!r}")

    def paragraph(self, start: str) -> etree._Element:
        for root in self._roots():
            for p in root.iter(f"{W}p"):
                if "".join(t.text or "" for t in p.iter(f"{W}t")).startswith(start):
                    return p
        raise AssertionError(f"no paragraph starts with {start!r}")

    # ------------------------------------------------------------ changes

    def _wrap(self, tag: str, run: etree._Element, author: str, **extra: str) -> etree._Element:
        wrapper = _w(tag, id=self.next_id(), author=author, date=DATE, **extra)
        run.addprevious(wrapper)
        wrapper.append(run)
        if tag in ("del", "moveFrom"):
            for t in run.iter(f"{W}t"):
                t.tag = f"{W}delText"
        return wrapper

    def delete(self, words: str, author: str = "Jan Jurist", nth: int = 1) -> etree._Element:
        return self._wrap("del", self.split(words, nth), author)

    def insert(self, words: str, new: str, author: str = "Jan Jurist",
               before: bool = False) -> etree._Element:
        run = self.split(words)
        inserted = _run(new, run)
        (run.addprevious if before else run.addnext)(inserted)
        return self._wrap("ins", inserted, author)

    def replace(self, words: str, new: str, author: str = "Jan Jurist", nth: int = 1) -> None:
        deleted = self.delete(words, author, nth)
        inserted = _run(new, deleted.find(f"{W}r"))
        for t in inserted.iter(f"{W}delText"):
            t.tag = f"{W}t"
        deleted.addnext(inserted)
        self._wrap("ins", inserted, author)

    def delete_inserted(self, inserted: etree._Element, words: str, author: str) -> None:
        """Another reviewer deletes part of an insertion: Word nests the w:del in the w:ins."""
        run = inserted.find(f"{W}r")
        t = run.find(f"{W}t")
        text = t.text or ""
        at = text.find(words)
        assert at >= 0
        before, after = text[:at], text[at + len(words):]
        t.text = before
        middle = _run(words, run, deleted=True)
        deletion = _w("del", id=self.next_id(), author=author, date=DATE)
        deletion.append(middle)
        run.addnext(deletion)
        if after:
            deletion.addnext(_run(after, run))

    def delete_mark(self, start: str, author: str = "Jan Jurist") -> None:
        """Delete the paragraph mark of the paragraph starting ``start``: it joins the next."""
        p = self.paragraph(start)
        properties = p.find(f"{W}pPr")
        if properties is None:
            properties = _w("pPr")
            p.insert(0, properties)
        rpr = properties.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.SubElement(properties, f"{W}rPr")
        rpr.append(_w("del", id=self.next_id(), author=author, date=DATE))

    def delete_row(self, words: str, author: str = "Jan Jurist") -> None:
        """Delete the table row holding ``words``, as Word tracks it: the row marked deleted
        (``w:trPr/w:del``) and every run in it."""
        run = self.split(words)
        row = next(run.iterancestors(f"{W}tr"))
        properties = row.find(f"{W}trPr")
        if properties is None:
            properties = _w("trPr")
            row.insert(0, properties)
        properties.append(_w("del", id=self.next_id(), author=author, date=DATE))
        for cell_run in list(row.iter(f"{W}r")):
            self._wrap("del", cell_run, author)

    def new_paragraph(self, after: str, text: str, author: str = "Jan Jurist") -> None:
        """Enter at the end of the paragraph starting ``after``, then ``text``: Word marks
        that paragraph's mark inserted, and the new paragraph's words."""
        p = self.paragraph(after)
        properties = p.find(f"{W}pPr")
        arrival = _w("p")
        if properties is not None:
            arrival.append(copy.deepcopy(properties))
        else:
            properties = _w("pPr")
            p.insert(0, properties)
        rpr = properties.find(f"{W}rPr")
        if rpr is None:
            rpr = etree.SubElement(properties, f"{W}rPr")
        rpr.append(_w("ins", id=self.next_id(), author=author, date=DATE))
        inserted = _w("ins", id=self.next_id(), author=author, date=DATE)
        inserted.append(_run(text, None))
        arrival.append(inserted)
        p.addnext(arrival)

    def move(self, start: str, after: str, author: str = "Jan Jurist",
             carry_bookmarks: bool = False) -> None:
        """Move the paragraph starting ``start`` to after the one starting ``after``, as
        Word tracks it: the origin's runs and mark in w:moveFrom, a new paragraph after the
        destination with the runs in w:moveTo. The origin keeps its bookmarks, or with
        ``carry_bookmarks`` they go along with the words."""
        origin = self.paragraph(start)
        name = f"move{self.next_id()}"
        arrival = _w("p")
        properties = origin.find(f"{W}pPr")
        if properties is not None:
            arrival.append(copy.deepcopy(properties))
        moved = _w("moveTo", id=self.next_id(), author=author, date=DATE)
        runs = [r for r in origin if r.tag in (f"{W}r", f"{W}hyperlink")]
        for run in runs:
            moved.append(copy.deepcopy(run))
        start_id = self.next_id()
        arrival.append(_w("moveToRangeStart", id=start_id, author=author, date=DATE, name=name))
        arrival.append(moved)
        arrival.append(_w("moveToRangeEnd", id=start_id))
        gone = _w("moveFrom", id=self.next_id(), author=author, date=DATE)
        first = runs[0]
        from_id = self.next_id()
        first.addprevious(_w("moveFromRangeStart", id=from_id, author=author, date=DATE,
                             name=name))
        first.addprevious(gone)
        for run in runs:
            gone.append(run)
            for t in run.iter(f"{W}t"):
                t.tag = f"{W}delText"
        gone.addnext(_w("moveFromRangeEnd", id=from_id))
        for paragraph, tag in ((origin, "moveFrom"), (arrival, "moveTo")):
            p_pr = paragraph.find(f"{W}pPr")
            if p_pr is None:
                p_pr = _w("pPr")
                paragraph.insert(0, p_pr)
            rpr = p_pr.find(f"{W}rPr")
            if rpr is None:
                rpr = etree.SubElement(p_pr, f"{W}rPr")
            rpr.append(_w(tag, id=self.next_id(), author=author, date=DATE))
        if carry_bookmarks:
            for mark in origin.findall(f"{W}bookmarkStart") + origin.findall(f"{W}bookmarkEnd"):
                (arrival.insert(1, mark) if mark.tag == f"{W}bookmarkStart"
                 else arrival.append(mark))
        target = self.paragraph(after)
        target.addnext(arrival)

    # ------------------------------------------------------------ comments

    def comment(self, words: str, text: str, author: str = "Jan Jurist",
                end_words: str | None = None) -> None:
        """A comment on ``words`` (through ``end_words``, which may be in a later paragraph)."""
        comment_id = str(len(self.comments))
        first = self.split(words)
        last = self.split(end_words) if end_words else first
        first.addprevious(_w("commentRangeStart", id=comment_id))
        last.addnext(_w("commentRangeEnd", id=comment_id))
        reference = _w("r")
        reference.append(_w("commentReference", id=comment_id))
        last.getnext().addnext(reference)
        body = _w("comment", id=comment_id, author=author, date=DATE, initials="JJ")
        p = etree.SubElement(body, f"{W}p")
        p.append(_run(text, None))
        self.comments.append(body)

    # ------------------------------------------------------------ saving

    def save(self) -> bytes:
        self.files["word/document.xml"] = etree.tostring(self.document, xml_declaration=True,
                                                         encoding="UTF-8", standalone=True)
        if self.notes is not None:
            self.files["word/footnotes.xml"] = etree.tostring(
                self.notes, xml_declaration=True, encoding="UTF-8", standalone=True)
        if self.comments:
            root = etree.Element(f"{W}comments", nsmap={"w": W_NS})
            root.extend(self.comments)
            self.files["word/comments.xml"] = etree.tostring(root, xml_declaration=True,
                                                             encoding="UTF-8", standalone=True)
            rels = self.files["word/_rels/document.xml.rels"].decode()
            rels = rels.replace("</Relationships>", f'<Relationship Id="rIdComments9" '
                                f'Type="{_COMMENTS_TYPE}" Target="comments.xml"/></Relationships>')
            self.files["word/_rels/document.xml.rels"] = rels.encode()
            types = self.files["[Content_Types].xml"].decode()
            types = types.replace("</Types>", f'<Override PartName="/word/comments.xml" '
                                  f'ContentType="{_COMMENTS_CT}"/></Types>')
            self.files["[Content_Types].xml"] = types.encode()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.files.items():
                archive.writestr(name, data)
        return out.getvalue()
