"""A finished PDF's structure tree as plain Python objects, to be mended and written back.

Read and written with pikepdf's public API only, on what ISO 32000-1 (§ 14.7, 14.8) says a
tagged PDF holds: the /StructTreeRoot, its structure elements (/K kids: other elements,
marked-content ids, /MCR and /OBJR references), the /ParentTree that maps each page's
marked content and each annotation back to its element, and the page content streams
where marked content is opened (``BDC``). Nothing here knows how WeasyPrint built the
tree; ``render/pdf_tags.py`` decides what to change.

``StructureTree.write`` rebuilds /K, /P, /Pg, the /ParentTree and the /IDTree from the
Python tree, so a mend only moves, adds or drops ``Element`` objects and never has to keep
the PDF's back-references in step by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name


@dataclass(frozen=True)
class Content:
    """A marked-content sequence: its page (0-based) and its MCID on that page."""

    page: int
    mcid: int


@dataclass(eq=False)
class Annotation:
    """An /OBJR kid: an annotation (a link) owned by a structure element."""

    annot: Dictionary
    page: int | None


@dataclass(eq=False)
class Element:
    """A structure element; ``obj`` is its PDF dictionary, written back by ``write``."""

    obj: Dictionary
    kind: str
    page: int | None
    kids: list[Element | Content | Annotation] = field(default_factory=list)
    parent: Element | None = None

    @property
    def elements(self) -> list[Element]:
        return [k for k in self.kids if isinstance(k, Element)]

    def descendants(self) -> Iterator[Element]:
        """Every element below this one, parents first, in reading order."""
        stack = [k for k in reversed(self.kids) if isinstance(k, Element)]
        while stack:
            element = stack.pop()
            yield element
            stack.extend(k for k in reversed(element.kids) if isinstance(k, Element))

    def contents(self) -> Iterator[Content]:
        """Every marked-content sequence in this element and below, in tree order."""
        stack: list[Element | Content | Annotation] = list(reversed(self.kids))
        while stack:
            kid = stack.pop()
            if isinstance(kid, Content):
                yield kid
            elif isinstance(kid, Element):
                stack.extend(reversed(kid.kids))

    def annotations(self) -> Iterator[Annotation]:
        for kid in self.kids:
            if isinstance(kid, Annotation):
                yield kid
            elif isinstance(kid, Element):
                yield from kid.annotations()

    def index(self) -> int:
        assert self.parent is not None
        return next(i for i, kid in enumerate(self.parent.kids) if kid is self)


class _Glyphs(dict):
    """Code → text; a code the font does not map reads as nothing."""

    def __missing__(self, code: int) -> str:
        return ""


@dataclass
class Marked:
    """What a page's content stream says about one marked-content sequence: where its first
    text is drawn (y in PDF user space, origin at the bottom) and its text, decoded when
    first asked for (most sequences never are)."""

    y: float | None = None
    runs: list[tuple[tuple[_Glyphs, str], object]] = field(default_factory=list)
    _text: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            decoded: list[str] = []
            for (mapping, codec), operand in self.runs:
                parts = operand if isinstance(operand, Array) else [operand]
                decoded.extend(bytes(part).decode(codec, "surrogatepass").translate(mapping)
                               for part in parts if isinstance(part, pikepdf.String))
            self._text = "".join(decoded)
        return self._text


def _to_unicode(font: Dictionary, cache: dict[tuple[int, int], tuple[_Glyphs, str]]
                ) -> tuple[_Glyphs, str]:
    """A font's /ToUnicode map (code → text) and the codec that turns its string bytes into
    one character per code (two-byte codes for a Type0 font)."""
    key = font.objgen
    if key in cache:
        return cache[key]
    mapping = _Glyphs()
    codec = "utf-16-be" if font.get("/Subtype") == "/Type0" else "latin-1"
    cmap = font.get("/ToUnicode")
    if isinstance(cmap, pikepdf.Stream):
        data = cmap.read_bytes().decode("latin-1")
        for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
            for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
                mapping[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be", "replace")
        for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
            for first, last, text in re.findall(
                    r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
                start = bytes.fromhex(text).decode("utf-16-be", "replace")
                for offset, code in enumerate(range(int(first, 16), int(last, 16) + 1)):
                    mapping[code] = start[:-1] + chr(ord(start[-1]) + offset) if start else ""
    cache[key] = (mapping, codec)
    return mapping, codec


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """m × n for PDF matrices [a b c d e f]."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


# What ``read_marked_content`` needs of a content stream (qpdf leaves the rest unparsed).
_READ_OPERATORS = "q Q cm BDC BMC EMC Tf Tm Tj TJ ' \""


def read_marked_content(page: pikepdf.Page, cache: dict) -> dict[int, Marked]:
    """For each MCID of the page: its text (through the fonts' /ToUnicode) and where it is.

    Good enough to tell leader dots, numbers and running heads apart; not a text extractor
    (no word spacing, no Form XObjects)."""
    found: dict[int, Marked] = {}
    resources = page.obj.get("/Resources")
    fonts = resources.get("/Font") if isinstance(resources, Dictionary) else None
    stack: list[int | None] = []
    ctm: tuple[float, ...] = (1, 0, 0, 1, 0, 0)
    saved: list[tuple[float, ...]] = []
    font: tuple[_Glyphs, str] = (_Glyphs(), "latin-1")
    for instruction in pikepdf.parse_content_stream(page, _READ_OPERATORS):
        if not isinstance(instruction, pikepdf.ContentStreamInstruction):
            continue
        operands, operator = instruction.operands, instruction.operator
        op = str(operator)
        if op == "q":
            saved.append(ctm)
        elif op == "Q":
            ctm = saved.pop() if saved else ctm
        elif op == "cm":
            ctm = _multiply(tuple(float(x) for x in operands), ctm)
        elif op == "BDC":
            properties = operands[1]
            mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op == "Tf" and fonts is not None:
            entry = fonts.get(str(operands[0]))
            font = _to_unicode(entry, cache) if isinstance(entry, Dictionary) else (_Glyphs(), "latin-1")
        elif op == "Tm" and stack and stack[-1] is not None:
            marked = found.setdefault(stack[-1], Marked())
            if marked.y is None:
                e, f = float(operands[4]), float(operands[5])
                marked.y = e * ctm[1] + f * ctm[3] + ctm[5]
        elif op in ("Tj", "TJ", "'", '"') and stack and stack[-1] is not None:
            found.setdefault(stack[-1], Marked()).runs.append((font, operands[-1]))
    return found


class StructureTree:
    """The structure tree of an open ``pikepdf.Pdf``; change it, then ``write()``."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.page_index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
        struct_root = pdf.Root.StructTreeRoot
        self.struct_root = struct_root
        self._font_cache: dict = {}
        self._marked: dict[int, dict[int, Marked]] = {}
        kids = struct_root.K
        tops = list(kids) if isinstance(kids, Array) else [kids]
        self.roots = [self._read(top, None, None) for top in tops
                      if isinstance(top, Dictionary) and "/S" in top]
        # What the /ParentTree maps: (page key or annotation key) → value; kept for the keys.
        self._parent_keys = self._read_parent_keys()

    # -------------------------------------------------------------- reading

    def _page_of(self, obj: Dictionary, default: int | None) -> int | None:
        page = obj.get("/Pg")
        if isinstance(page, Dictionary):
            return self.page_index.get(page.objgen, default)
        return default

    def _read(self, obj: Dictionary, parent: Element | None, page: int | None) -> Element:
        page = self._page_of(obj, page)
        element = Element(obj, str(obj.S).lstrip("/"), page, parent=parent)
        kids = obj.get("/K")
        for kid in (list(kids) if isinstance(kids, Array) else [] if kids is None else [kids]):
            if isinstance(kid, Dictionary) and "/S" in kid:
                element.kids.append(self._read(kid, element, page))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == "/OBJR":
                annot = kid.get("/Obj")
                if isinstance(annot, Dictionary):
                    element.kids.append(Annotation(annot, self._page_of(kid, page)))
            elif isinstance(kid, Dictionary) and "/MCID" in kid:
                if kid.get("/Stm") is None:  # content of a Form XObject: left as it is
                    content_page = self._page_of(kid, page)
                    if content_page is not None:
                        element.kids.append(Content(content_page, int(kid.MCID)))
            elif not isinstance(kid, Dictionary) and page is not None:
                element.kids.append(Content(page, int(kid)))
        return element

    def _read_parent_keys(self) -> dict[int, object]:
        parent_tree = self.struct_root.get("/ParentTree")
        keys: dict[int, object] = {}
        if parent_tree is None:
            return keys
        nodes = [parent_tree]
        while nodes:  # a number tree: /Nums at the leaves, /Kids above them
            node = nodes.pop()
            nums = node.get("/Nums")
            if isinstance(nums, Array):
                for i in range(0, len(nums) - 1, 2):
                    keys[int(nums[i])] = nums[i + 1]
            kids = node.get("/Kids")
            if isinstance(kids, Array):
                nodes.extend(kids)
        return keys

    def mapped_content(self) -> dict[Content, Dictionary]:
        """Each marked-content sequence the /ParentTree names, with the element it names."""
        mapped: dict[Content, Dictionary] = {}
        for index, page in enumerate(self.pdf.pages):
            key = page.obj.get("/StructParents")
            value = self._parent_keys.get(int(key)) if key is not None else None
            if isinstance(value, Array):
                for mcid, owner in enumerate(value):
                    if isinstance(owner, Dictionary):
                        mapped[Content(index, mcid)] = owner
        return mapped

    def marked(self, content: Content) -> Marked:
        if content.page not in self._marked:
            self._marked[content.page] = read_marked_content(self.pdf.pages[content.page],
                                                             self._font_cache)
        return self._marked[content.page].get(content.mcid, Marked())

    def text(self, item: Element | Content) -> str:
        if isinstance(item, Content):
            return self.marked(item).text
        return "".join(self.marked(c).text for c in item.contents())

    def words(self, element: Element) -> str:
        """The element's text as a reader would say it: lines joined by a space, a word
        hyphenated at the end of a line (U+2010, as WeasyPrint breaks it) joined again."""
        words = ""
        line: float | None = None
        for content in element.contents():
            marked = self.marked(content)
            if words and marked.y is not None and line is not None and abs(marked.y - line) > 0.5:
                words = words[:-1] if words.endswith("\u2010") else words + " "
            words += marked.text
            line = marked.y if marked.y is not None else line
        return " ".join(words.split())

    # -------------------------------------------------------------- walking and editing

    def walk(self) -> Iterator[Element]:
        """Every element, parents before children, in reading order."""
        for root in self.roots:
            yield root
            yield from root.descendants()

    def new_element(self, kind: str, page: int | None) -> Element:
        obj = self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + kind)))
        return Element(obj, kind, page)

    @staticmethod
    def detach(item: Element | Content | Annotation, parent: Element) -> None:
        parent.kids = [k for k in parent.kids if k is not item]
        if isinstance(item, Element):
            item.parent = None

    @staticmethod
    def insert(parent: Element, index: int, *items: Element | Content | Annotation) -> None:
        parent.kids[index:index] = items
        for item in items:
            if isinstance(item, Element):
                item.parent = parent

    def set_kind(self, element: Element, kind: str) -> None:
        element.kind = kind
        element.obj.S = Name("/" + kind)

    # -------------------------------------------------------------- writing

    def write(self) -> None:
        """Write /K, /P and /Pg of every element, the /ParentTree and the /IDTree."""
        owners: dict[Content, Element] = {}
        annotation_owners: dict[int, Element] = {}
        ids: dict[bytes, Dictionary] = {}
        for root in self.roots:
            root.obj.P = self.struct_root
            for element in [root, *root.descendants()]:
                self._write_element(element, owners, annotation_owners)
                identifier = element.obj.get("/ID")
                if isinstance(identifier, pikepdf.String):
                    ids.setdefault(bytes(identifier), element.obj)
        self.struct_root.K = Array([root.obj for root in self.roots])
        self._write_parent_tree(owners, annotation_owners)
        if ids:
            names = Array()
            for key in sorted(ids):
                names.append(pikepdf.String(key))
                names.append(ids[key])
            self.struct_root.IDTree = self.pdf.make_indirect(Dictionary(Names=names))

    def _write_element(self, element: Element, owners: dict[Content, Element],
                       annotation_owners: dict[int, Element]) -> None:
        obj = element.obj
        if element.page is None:
            element.page = next((c.page for c in element.contents()), None)
        if element.page is not None:
            obj.Pg = self.pdf.pages[element.page].obj
        elif "/Pg" in obj:
            del obj["/Pg"]
        if element.parent is not None:
            obj.P = element.parent.obj
        kids = Array()
        for kid in element.kids:
            if isinstance(kid, Element):
                kids.append(kid.obj)
            elif isinstance(kid, Content):
                owners[kid] = element
                if kid.page == element.page:
                    kids.append(kid.mcid)
                else:
                    kids.append(Dictionary(Type=Name.MCR, Pg=self.pdf.pages[kid.page].obj,
                                           MCID=kid.mcid))
            else:
                reference = Dictionary(Type=Name.OBJR, Obj=kid.annot)
                if kid.page is not None:
                    reference.Pg = self.pdf.pages[kid.page].obj
                kids.append(self.pdf.make_indirect(reference))
                key = kid.annot.get("/StructParent")
                if key is not None:
                    annotation_owners[int(key)] = element
        obj.K = kids

    def _write_parent_tree(self, owners: dict[Content, Element],
                           annotation_owners: dict[int, Element]) -> None:
        entries: dict[int, object] = {}
        for index, page in enumerate(self.pdf.pages):
            key = page.obj.get("/StructParents")
            if key is None:
                continue
            old = self._parent_keys.get(int(key))
            length = len(old) if isinstance(old, Array) else 0
            mcids = {c.mcid: e for c, e in owners.items() if c.page == index}
            length = max([length, *(m + 1 for m in mcids)])
            entries[int(key)] = Array([mcids[m].obj if m in mcids else None
                                       for m in range(length)])
        for number, element in annotation_owners.items():
            entries[number] = element.obj
        nums = Array()
        for number in sorted(entries):
            nums.append(number)
            nums.append(entries[number])
        parent_tree = Dictionary(Nums=nums)
        self.struct_root.ParentTree = self.pdf.make_indirect(parent_tree)
        self.struct_root.ParentTreeNextKey = max(entries, default=-1) + 1


_BDC = re.compile(rb"/[^\s/<>\[\]()]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC(?=[\s/\[<(]|$)")


def rewrite_marked_content(pdf: pikepdf.Pdf, page_index: int,
                           artifacts: dict[int, Dictionary]) -> None:
    """Turn the marked-content sequences with these MCIDs into artifacts: ``/Span <</MCID 3>>
    BDC`` becomes ``/Artifact <<…>> BDC``, with the properties given.

    A textual substitution where each sequence is opened as ``/Tag <</MCID n>> BDC`` (as a
    page of WeasyPrint's is: one regular expression over the stream, no parse in Python);
    anything else is parsed and written back by qpdf."""
    page = pdf.pages[page_index]
    contents = page.obj.get("/Contents")
    if isinstance(contents, pikepdf.Stream):
        data = contents.read_bytes()
        found: set[int] = set()

        def swap(match: re.Match[bytes]) -> bytes:
            mcid = int(match.group(1))
            if mcid not in artifacts:
                return match.group(0)
            found.add(mcid)
            return b"/Artifact " + artifacts[mcid].unparse() + b" BDC"

        rewritten = _BDC.sub(swap, data)
        if found == set(artifacts):
            contents.write(rewritten)
            return
    instructions: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage] = []
    for instruction in pikepdf.parse_content_stream(page):
        if isinstance(instruction, pikepdf.ContentStreamInstruction) \
                and str(instruction.operator) == "BDC" \
                and isinstance(instruction.operands[1], Dictionary):
            mcid = instruction.operands[1].get("/MCID")
            if mcid is not None and int(mcid) in artifacts:
                instruction = pikepdf.ContentStreamInstruction(
                    [Name.Artifact, artifacts[int(mcid)]], instruction.operator)
        instructions.append(instruction)
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
