"""Opening an untrusted .docx (kamerbrief.docx_input), which review and import share.

Each refusal has a case here that fails when its check is removed: not a zip, an OLE file
(password-protected or an old .doc), encrypted members, too many members, too large (the
file, a part, the package, the bytes read), a zip bomb (one member, or many small ones), a
DTD, an entity expansion, a DTD or entity that names a local file (never opened), deep
nesting, a ZIP that is no Word document, and external relationships (never followed).
"""

from __future__ import annotations

import os
import sys
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from kamerbrief.docx_input import (
    MIB,
    DocxLimits,
    DocxRefused,
    open_docx,
    xml_parser,
)
from ole_files import compound_file

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCUMENT = (f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body><w:p>'
            '<w:r><w:t>Tekst</w:t></w:r></w:p></w:body></w:document>')
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {b} "{f"&{a};" * 10}">' for a, b in zip("abcdefgh", "bcdefghi", strict=True))
    + f']><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p>'
      '</w:body></w:document>')


def relationships(*items: tuple[str, str, str, bool]) -> str:
    """A .rels part: (id, type's last segment, target, external)."""
    return ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{REL}/{kind}" Target="{target}"'
                      + (' TargetMode="External"' if external else "") + "/>"
                      for i, kind, target, external in items) + "</Relationships>")


def parts(members: dict[str, str | bytes] | None = None) -> dict[str, str | bytes]:
    """A minimal Word package, with ``members`` added or replaced."""
    return {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{MAIN}"/></Types>'),
        "_rels/.rels": relationships(("rId1", "officeDocument", "word/document.xml", False)),
        "word/document.xml": DOCUMENT,
        **(members or {}),
    }


def write_zip(path: Path, members: dict[str, str | bytes],
              compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def refusal(path: Path, limits: DocxLimits = DocxLimits()) -> str:
    with pytest.raises(DocxRefused) as caught:
        open_docx(path, limits).close()
    return " ".join(caught.value.message.split())


def test_a_word_document_opens_with_its_main_part_and_body(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "brief.docx", parts({
        "word/_rels/document.xml.rels": relationships(("rIdF", "footnotes", "footnotes.xml",
                                                       False)),
        "word/footnotes.xml": f'<w:footnotes xmlns:w="{W_NS}"/>'}))
    with open_docx(path) as package:
        assert package.main == "word/document.xml"
        assert package.body.tag == f"{{{W_NS}}}body"
        assert package.related(package.main, "footnotes") == "word/footnotes.xml"
        assert package.related(package.main, "comments") is None


def test_the_limits_are_the_documented_ones() -> None:
    """docs/review.md names them; a change is a decision, made here and there."""
    assert DocxLimits() == DocxLimits(file_bytes=200 * MIB, members=10_000,
                                      total_bytes=256 * MIB, part_bytes=64 * MIB, ratio=200,
                                      ratio_floor=4 * MIB)


# ---------------------------------------------------------------- not a .docx


def test_a_file_that_is_no_zip(tmp_path: Path) -> None:
    path = tmp_path / "notities.docx"
    path.write_text("Dit is geen Word-bestand.\n", encoding="utf-8")
    assert refusal(path) == "notities.docx is not a Word document (.docx): it is not a ZIP package"


def test_a_password_protected_document_and_an_old_doc(tmp_path: Path) -> None:
    path = tmp_path / "geheim.docx"
    path.write_bytes(compound_file({"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00",
                                    "EncryptedPackage": b"\x00" * 64}))
    assert refusal(path) == "geheim.docx is protected with a password"
    path.write_bytes(compound_file({"WordDocument": b"\xec\xa5"}))
    assert "is an old Word 97–2003 document (.doc)" in refusal(path)


def test_encrypted_members(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "brief.docx", parts())
    data = bytearray(path.read_bytes())
    start = data.find(b"PK\x01\x02")  # the central directory's first entry: its flags at +8
    data[start + 8] |= 0x1
    path.write_bytes(bytes(data))
    assert refusal(path) == "brief.docx has encrypted parts"


def test_a_missing_file_and_a_folder(tmp_path: Path) -> None:
    assert refusal(tmp_path / "weg.docx") == f"{tmp_path / 'weg.docx'} does not exist"
    assert refusal(tmp_path) == f"{tmp_path} is a folder, not a .docx file"


@pytest.mark.parametrize(("members", "message"), [
    ({"notities.txt": "geen docx"}, "is a ZIP file but not a Word document (.docx)"),
    ({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"},
     "is an OpenDocument file (.odt), not a .docx"),
    (parts({"[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/'
              '2006/content-types"><Override PartName="/word/document.xml" ContentType="'
              'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
              '</Types>'}), "is not a Word document: it is an Excel workbook"),
    (parts({"_rels/.rels": relationships()}), "it has no main document part"),
    (parts({"word/document.xml": '<w:document xmlns:w="http://purl.oclc.org/ooxml/'
              'wordprocessingml/main"><w:body/></w:document>'}), "'Strict Open XML'"),
    (parts({"word/document.xml": f'<w:document xmlns:w="{W_NS}"/>'}),
     "has no document body: it is not a Word document"),
], ids=["other-zip", "odt", "workbook", "no-main-part", "strict", "no-body"])
def test_a_zip_that_is_no_word_document(tmp_path: Path, members: dict[str, str | bytes],
                                        message: str) -> None:
    assert message in refusal(write_zip(tmp_path / "brief.docx", members))


# ---------------------------------------------------------------- bounds


def test_too_many_members(tmp_path: Path) -> None:
    members = parts({f"word/media/leeg{n}.png": b"" for n in range(DocxLimits().members)})
    message = refusal(write_zip(tmp_path / "brief.docx", members, zipfile.ZIP_STORED))
    assert message == "brief.docx holds 10003 files; a .docx holds far fewer (at most 10000 are read)"


def test_a_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "groot.docx"
    with path.open("wb") as handle:  # sparse: nothing is written but the first bytes
        handle.write(b"PK\x03\x04")
        handle.truncate(DocxLimits().file_bytes + 1)
    assert refusal(path) == "groot.docx is too large to read (201 MB; at most 200 MB)"


def test_a_part_too_large(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "brief.docx", parts(), zipfile.ZIP_STORED)
    message = refusal(path, DocxLimits(part_bytes=100))
    assert message.startswith("brief.docx is too large to read: ")
    assert message.endswith(" holds more than 100 bytes")


def test_a_package_that_would_expand_too_far(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "brief.docx", parts(), zipfile.ZIP_STORED)
    total = sum(info.file_size for info in zipfile.ZipFile(path).infolist())
    assert refusal(path, DocxLimits(total_bytes=total - 1)) == (
        f"brief.docx would expand to {total} bytes, more than the {total - 1} bytes that are "
        "read; it is not read")


def test_the_bytes_read_are_budgeted(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "brief.docx", parts(), zipfile.ZIP_STORED)
    total = sum(info.file_size for info in zipfile.ZipFile(path).infolist())
    with open_docx(path, DocxLimits(total_bytes=2 * total)) as package:
        with pytest.raises(DocxRefused, match="would expand to more than"):
            for _ in range(10):  # as much as opening read, and more
                package.read("word/document.xml")


def test_a_zip_bomb_in_a_part_never_read(tmp_path: Path) -> None:
    members = parts({"word/media/bom.bin": b"\0" * (5 * MIB)})
    assert "bom.docx looks like a zip bomb: word/media/bom.bin would expand" in refusal(
        write_zip(tmp_path / "bom.docx", members))


def test_a_zip_bomb_of_many_small_parts(tmp_path: Path) -> None:
    members = parts({f"word/media/bom{n}.bin": b"\0" * MIB for n in range(8)})
    assert refusal(write_zip(tmp_path / "bom.docx", members)).startswith(
        "bom.docx looks like a zip bomb: it would expand")


def test_a_small_part_may_shrink_much(tmp_path: Path) -> None:
    """Below the floor a part cannot do harm, whatever its ratio: not refused."""
    members = parts({"word/media/leeg.bin": b"\0" * (DocxLimits().ratio_floor // 2)})
    open_docx(write_zip(tmp_path / "brief.docx", members)).close()


# ---------------------------------------------------------------- XML


def test_a_dtd_is_refused(tmp_path: Path) -> None:
    members = parts({"word/document.xml": '<!DOCTYPE w:document>' + DOCUMENT.split("?>", 1)[1]})
    assert refusal(write_zip(tmp_path / "brief.docx", members)) == (
        "brief.docx: word/document.xml declares a DTD, which no Word document does")


def test_an_entity_expansion_is_refused_unexpanded(tmp_path: Path) -> None:
    small = ('<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
             "<d>&b;</d>")
    root = etree.fromstring(small.encode(), xml_parser())
    assert "aaaa" not in etree.tostring(root).decode()  # the reference kept, not expanded
    members = parts({"word/document.xml": small.replace("<d>&b;</d>", DOCUMENT.split("?>")[1])})
    assert "declares a DTD" in refusal(write_zip(tmp_path / "lach.docx", members))
    started = time.perf_counter()  # a billion a's: refused (by libxml2's own bound), at once
    message = refusal(write_zip(tmp_path / "lach.docx", parts({"word/document.xml":
                                                               BILLION_LAUGHS})))
    assert "declares a DTD" in message or "not well-formed" in message
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE d SYSTEM "{secret}">',
    '<!DOCTYPE d [<!ENTITY % e SYSTEM "{secret}"> %e;]>',
    '<!DOCTYPE d [<!ENTITY e SYSTEM "{secret}">]>',
    '<!DOCTYPE d SYSTEM "http://127.0.0.1:9/d.dtd">',
], ids=["external-subset", "parameter-entity", "external-entity", "network"])
def test_no_file_or_address_named_by_a_dtd_is_opened(tmp_path: Path, doctype: str) -> None:
    """libxml2 opens a DTD's file even with load_dtd=False; it is not valid DTD text, so
    the parse would fail had it been read (with 'Content error'). It is not read: the part is
    refused for its DOCTYPE alone."""
    secret = tmp_path / "geheim.txt"
    secret.write_text("GEHEIM <", encoding="utf-8")
    doctype = doctype.format(secret=secret.as_uri())
    root = etree.fromstring(f"{doctype}<d>&e;</d>".encode(), xml_parser())
    assert "GEHEIM" not in etree.tostring(root).decode()
    members = parts({"word/document.xml": f"{doctype}{DOCUMENT.split('?>', 1)[1]}"})
    assert refusal(write_zip(tmp_path / "brief.docx", members)) == (
        "brief.docx: word/document.xml declares a DTD, which no Word document does")


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    # libxml2 stops at 256 levels; with huge_tree at 2,048 (a bomb of its own for a tree walker)
    deep = (f'<w:document xmlns:w="{W_NS}"><w:body>' + "<w:p>" * 1000 + "</w:p>" * 1000
            + "</w:body></w:document>")
    assert "word/document.xml is not well-formed XML" in refusal(
        write_zip(tmp_path / "diep.docx", parts({"word/document.xml": deep})))


# ---------------------------------------------------------------- relationships


_OPENED: list[str] = []
_WATCHING: list[bool] = []


def _audit(event: str, args: tuple[object, ...]) -> None:
    if _WATCHING and event == "open" and isinstance(args[0], str | bytes | os.PathLike):
        _OPENED.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


def test_external_relationships_are_marked_and_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "sjabloon.dotm"
    secret.write_bytes(b"niet lezen")
    path = write_zip(tmp_path / "brief.docx", parts({
        "word/_rels/document.xml.rels": relationships(
            ("rIdT", "attachedTemplate", secret.as_uri(), True),
            ("rIdP", "image", "http://127.0.0.1:9/foto.png", True),
            ("rIdF", "footnotes", "word/footnotes.xml", True),  # external, though it names a part
            ("rIdU", "comments", "../../geheim.xml", False)),  # internal, but out of the package
        "word/footnotes.xml": f'<w:footnotes xmlns:w="{W_NS}"/>'}))
    _OPENED.clear()
    _WATCHING.append(True)
    try:
        with open_docx(path) as package:
            rels = package.rels(package.main)
            found = [package.related(package.main, kind)
                     for kind in ("attachedTemplate", "image", "footnotes", "comments")]
    finally:
        _WATCHING.clear()
    assert found == [None, None, None, None]
    assert (rels["rIdT"].external, rels["rIdT"].target) == (True, secret.as_uri())
    assert (rels["rIdF"].external, rels["rIdF"].target) == (True, "word/footnotes.xml")
    assert (rels["rIdU"].external, rels["rIdU"].target) == (False, "")
    assert set(_OPENED) == {str(path)}


def test_a_command_gets_its_own_refusal_with_its_own_verb(tmp_path: Path) -> None:
    class Refused(DocxRefused):
        verb = "import"

    path = write_zip(tmp_path / "brief.docx", parts(), zipfile.ZIP_STORED)
    with pytest.raises(Refused, match="too large to import: "):
        open_docx(path, DocxLimits(part_bytes=100), Refused)
