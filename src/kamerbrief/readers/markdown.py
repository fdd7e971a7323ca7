"""Markdown chapter → model blocks, through markdown-it-py and mdit-py-plugins.

Keeps every block's source line. Raw HTML is never passed through: it stays visible text,
so a chapter from elsewhere cannot inject markup into the outputs.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kamerbrief.citations import find_citations
from kamerbrief.config import Vocabulary, slugify
from kamerbrief.diagnostics import Diagnostic, Severity, clip
from kamerbrief.languages import lang_problem, normal_tag
from kamerbrief.model import (
    Block,
    Box,
    Chapter,
    Code,
    CodeBlock,
    Emphasis,
    FigureRef,
    FootnoteDef,
    FootnoteRef,
    Heading,
    Image,
    Inline,
    LangSpan,
    LineBreak,
    Link,
    ListBlock,
    MarkdownTable,
    Paragraph,
    Quote,
    Rule,
    SourceLocation,
    TablePlacement,
    TableRef,
    Text,
    ValueRef,
)
from kamerbrief.typography import dutch
from kamerbrief.walk import plain_text, title_heading

BOX_KINDS = ("praktijkverhaal", "kader")
FRONT_MATTER_KEYS = ("title", "kind", "running_header")
_PLACEMENT = re.compile(r"^\{\{\s*tabel\s+([^\s{}]+)\s*\}\}$")
_SHORTCODE = re.compile(r"\{\{(.*?)\}\}")
_HEADING_ID = re.compile(r"\s*\{#([A-Za-z0-9_.:-]+)\}\s*$")
_INLINE_FOOTNOTE = re.compile(r"\^\[[^\]]*\]")
# "[words]{…" left as text: a span whose attribute the attrs plugin could not read.
_UNREAD_SPAN = re.compile(r"\](\{(?!\{)[^}\n]*\}?)")
_ATTRIBUTION = re.compile(r"^\s*(—|–|--)\s*")
# markdown-it refuses these schemes and leaves the image or link as literal text; report it
# instead of printing "![…](file:…)" silently.
_REFUSED_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?\s*((file|javascript|vbscript|data):[^\s)>]*)",
                           re.IGNORECASE)


# A chapter that may hold a bare web or mail address ("zie www.cbs.nl", "info@minjenv.nl"):
# only such a chapter is read with linkify, whose patterns take 0.05 s to compile.
_BARE_ADDRESS = re.compile(r"://|www\.|@|\w\.(?:nl|eu|com|org|net|be|int)\b", re.IGNORECASE)
# Where an address is no bare one: a link's target, an autolink, a ``{{…}}`` or code.
_NOT_BARE = re.compile(r"\]\([^)]*\)|<[^>\s]*>|\{\{.*?\}\}|`[^`]*`")
# A bare address without a scheme is taken for one when it looks like a site's name
# (rijksoverheid.nl, www.cbs.nl/cijfers, NCTV.nl), not an abbreviation or a number that
# happens to end in a top-level domain (O.M.nl, 2023.nl).
_DOMAIN = re.compile(r"(?:www\.|[^\W\d_][\w-]{2,}\.)(?:[\w-]+\.)*[a-z]{2,}(?:[/?#]\S*)?",
                     re.IGNORECASE)


@lru_cache(maxsize=2)
def _parser(linkify: bool = False) -> MarkdownIt:
    """The Markdown parser; with ``linkify``, a bare address in the text becomes a link, as a
    reader of the PDF expects to click it (linkify-it-py: the same library markdown-it uses
    for GitHub's extended autolinks)."""
    from mdit_py_plugins.attrs import attrs_plugin
    from mdit_py_plugins.container import container_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    # HTML is recognised so that a comment (<!-- … -->) can be left out of every output; any
    # other tag is printed as typed and reported (KB410): the model has no raw HTML.
    md = MarkdownIt("commonmark", {"html": True, "linkify": linkify}).enable("table") \
        .enable("strikethrough")
    if linkify:
        md.enable("linkify")
        assert md.linkify is not None  # linkify-it-py is a dependency
        md.linkify.set({"fuzzy_email": True, "fuzzy_link": True})  # www.x.nl, cbs.nl (_DOMAIN)
    # Inline footnotes (^[text]) stay text: the model has no place for them, and the reader
    # reports them (KB303) so they are not printed as '^[…]' unnoticed.
    md.use(front_matter_plugin).use(footnote_plugin, inline=False)
    # [words]{lang=en}: a span with attributes. Attributes after emphasis (*words*{lang=en})
    # are read by the reader itself (_Reader.trailing_lang): the plugin cannot see them.
    md.use(attrs_plugin, spans=True, after=())
    for kind in BOX_KINDS:
        md.use(container_plugin, name=kind)
    return md


_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


class _Reader:
    def __init__(self, rel: str, source: str, vocabulary: Vocabulary, typography: bool = True,
                 citation_links: bool = True):
        self.rel = rel
        self.typography = typography
        self.citation_links = citation_links
        self.lines = source.split("\n")
        self.vocabulary = vocabulary
        self.findings: list[Diagnostic] = []
        self.anchors: dict[str, int] = {}
        self.ignored: dict[int, set[str]] = {}
        self.html_lines: set[int] = set()

    def loc(self, token: Token | None, offset: int = 0) -> SourceLocation:
        line = token.map[0] + 1 if token is not None and token.map else 0
        return SourceLocation(self.rel, line + offset if line else 0)

    def finding(self, code: str, message: str, loc: SourceLocation, hint: str = "",
                severity: Severity = Severity.ERROR) -> None:
        self.findings.append(Diagnostic(code, severity, message, loc, hint=hint))

    # -------------------------------------------------------------- blocks

    def blocks(self, tokens: list[Token], i: int, stop: str | None) -> tuple[list[Block], int]:
        out: list[Block] = []
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if stop and kind == stop:
                return out, i + 1
            if kind == "heading_open":
                out.append(self.heading(token, tokens[i + 1]))
                i += 3
            elif kind == "paragraph_open":
                out.append(self.paragraph(token, tokens[i + 1]))
                i += 3
            elif kind in ("bullet_list_open", "ordered_list_open"):
                block, i = self.list_block(tokens, i)
                out.append(block)
            elif kind == "blockquote_open":
                inner, i = self.blocks(tokens, i + 1, "blockquote_close")
                out.append(self.quote(token, inner))
            elif kind.startswith("container_") and kind.endswith("_open"):
                box_kind = kind[len("container_"):-len("_open")]
                self.check_closed(token, box_kind)
                inner, i = self.blocks(tokens, i + 1, f"container_{box_kind}_close")
                title = self.box_title(token, token.info.strip()[len(box_kind):].strip())
                out.append(Box(box_kind, plain_text(title), inner, self.loc(token), title))
            elif kind == "table_open":
                markdown_table, i = self.gfm_table(tokens, i)
                out.append(markdown_table)
            elif kind == "html_block":
                out.extend(self.html_block(token))
                i += 1
            elif kind in ("fence", "code_block"):
                out.append(CodeBlock(token.content, self.loc(token)))
                i += 1
            elif kind == "hr":
                out.append(Rule(self.loc(token)))
                i += 1
            else:
                i += 1
        return out, i

    def check_closed(self, token: Token, kind: str) -> None:
        end = token.map[1] if token.map else -1  # the line after the content
        if not (0 <= end < len(self.lines) and self.lines[end].strip().startswith(":::")):
            self.finding("KB402", f"box '::: {kind}' is never closed", self.loc(token),
                         "end the box with a line holding only ':::'")

    def heading(self, token: Token, inline: Token) -> Heading:
        level = int(token.tag[1])
        children = self.inlines(inline)
        anchor = ""
        if children and isinstance(children[-1], Text):
            match = _HEADING_ID.search(children[-1].text)
            if match:
                anchor = match.group(1)
                children[-1].text = children[-1].text[: match.start()]
        anchor = anchor or slugify(plain_text(children))
        count = self.anchors.get(anchor, 0)
        self.anchors[anchor] = count + 1
        if count:
            anchor = f"{anchor}-{count + 1}"
        return Heading(level, children, anchor, self.loc(token))

    def paragraph(self, token: Token, inline: Token) -> Block:
        match = _PLACEMENT.match(inline.content.strip())
        if match:
            return TablePlacement(match.group(1), self.loc(token))
        return Paragraph(self.inlines(inline), self.loc(token))

    def list_block(self, tokens: list[Token], i: int) -> tuple[ListBlock, int]:
        opener = tokens[i]
        ordered = opener.type == "ordered_list_open"
        close = "ordered_list_close" if ordered else "bullet_list_close"
        start = int(opener.attrs.get("start", 1)) if ordered else 1
        items: list[list[Block]] = []
        i += 1
        while tokens[i].type != close:
            if tokens[i].type == "list_item_open":
                item, i = self.blocks(tokens, i + 1, "list_item_close")
                items.append(item)
            else:
                i += 1
        return ListBlock(ordered, items, self.loc(opener), start), i + 1

    def quote(self, token: Token, inner: list[Block]) -> Quote:
        attribution: list[Inline] = []
        last = inner[-1] if inner else None
        if isinstance(last, Paragraph) and last.children and isinstance(last.children[0], Text):
            match = _ATTRIBUTION.match(last.children[0].text)
            if match:
                last.children[0].text = last.children[0].text[match.end():]
                attribution = last.children
                inner = inner[:-1]
        return Quote(inner, attribution, self.loc(token))

    def gfm_table(self, tokens: list[Token], i: int) -> tuple[MarkdownTable, int]:
        opener = tokens[i]
        header: list[list[Inline]] = []
        rows: list[list[list[Inline]]] = []
        aligns: list[str] = []
        current: list[list[Inline]] | None = None
        in_head = False
        while tokens[i].type != "table_close":
            token = tokens[i]
            if token.type == "thead_open":
                in_head = True
            elif token.type == "thead_close":
                in_head = False
            elif token.type == "tr_open":
                current = []
            elif token.type == "tr_close" and current is not None:
                if in_head:
                    header = current
                else:
                    rows.append(current)
            elif token.type in ("th_open", "td_open"):
                style = str(token.attrs.get("style", ""))
                if in_head:
                    aligns.append(style.replace("text-align:", "") or "left")
            elif token.type == "inline" and current is not None:
                current.append(self.inlines(token))
            i += 1
        return MarkdownTable(header, rows, aligns, self.loc(opener)), i + 1

    # -------------------------------------------------------------- inlines

    def inlines(self, inline: Token) -> list[Inline]:
        base = inline.map[0] + 1 if inline.map else 0
        line = [base]
        out, _ = self._inline_run(inline.children or [], 0, None, line)
        return self.link_citations(out) if self.citation_links else out

    def link_citations(self, children: list[Inline]) -> list[Inline]:
        """Each recognised Kamerstuk or Staatsblad citation becomes a link to its page on
        officielebekendmakingen.nl, in every output; the address is computed, not fetched.
        A citation the writer linked already, or split by emphasis, is left as written."""
        out: list[Inline] = []
        for child in children:
            if isinstance(child, Text):
                out.extend(self._linked(child))
                continue
            if isinstance(child, (Emphasis, LangSpan)):
                child.children = self.link_citations(child.children)
            out.append(child)
        return out

    def _linked(self, text: Text) -> list[Inline]:
        pieces: list[Inline] = []
        pos = 0
        for citation in find_citations(text.text):
            url = citation.url()
            if url is None:
                continue
            if citation.start > pos:
                pieces.append(Text(text.text[pos:citation.start], text.line))
            pieces.append(Link(url, [Text(text.text[citation.start:citation.end], text.line)],
                               SourceLocation(self.rel, text.line)))
            pos = citation.end
        if not pieces:
            return [text]
        if pos < len(text.text):
            pieces.append(Text(text.text[pos:], text.line))
        return pieces

    def _inline_run(self, tokens: list[Token], i: int, stop: str | None,
                    line: list[int]) -> tuple[list[Inline], int]:
        out: list[Inline] = []
        while i < len(tokens):
            token = tokens[i]
            kind = token.type
            if stop and kind == stop:
                return out, i + 1
            if kind == "text":
                content = token.content
                if i > 0 and tokens[i - 1].type == "html_inline" and content[:1] == " " and \
                        out and isinstance(out[-1], Text) and out[-1].text.endswith(" ") and \
                        _COMMENT.fullmatch(tokens[i - 1].content):
                    content = content[1:]  # "na <!-- notitie --> verder": one space is left
                out.extend(self.text(content, line[0]))
            elif kind == "softbreak":
                out.append(Text(" ", line[0]))
                line[0] += 1
            elif kind == "hardbreak":
                out.append(LineBreak())
                line[0] += 1
            elif kind in ("em_open", "strong_open", "s_open"):
                children, i = self._inline_run(tokens, i + 1, kind.replace("_open", "_close"), line)
                lang = self.trailing_lang(tokens, i, line[0])
                out.append(Emphasis(children, strong=kind == "strong_open", lang=lang,
                                    struck=kind == "s_open"))
                continue
            elif kind == "span_open":
                lang = self.span_lang(token, line[0])
                children, i = self._inline_run(tokens, i + 1, "span_close", line)
                if lang:
                    out.append(LangSpan(children, lang))
                else:  # reported: the words are printed as they stand
                    out.extend(children)
                continue
            elif kind == "link_open" and token.markup in ("autolink", "linkify"):
                # <https://…> or a bare address: its text is the address, printed verbatim
                # (no typography), a web address without a scheme on https
                close = next(n for n in range(i, len(tokens)) if tokens[n].type == "link_close")
                text = "".join(t.content for t in tokens[i + 1:close])
                href = str(token.attrs.get("href", ""))
                i = close + 1
                bare = token.markup == "linkify" and "://" not in text and "@" not in text
                if bare and not _DOMAIN.fullmatch(text):
                    out.extend(self.text(text, line[0]))  # "O.M.nl": words, not a site
                    continue
                if bare and href.startswith("http://"):
                    href = "https://" + href[len("http://"):]
                out.append(Link(href, [Text(text, line[0])], SourceLocation(self.rel, line[0])))
                continue
            elif kind == "link_open":
                href = str(token.attrs.get("href", ""))
                children, i = self._inline_run(tokens, i + 1, "link_close", line)
                loc = SourceLocation(self.rel, line[0])
                label = plain_text(children).strip()
                if href.startswith("#") and label.lower() == self.vocabulary.table.lower():
                    out.append(TableRef(href[1:], label[:1].isupper(), loc))
                else:
                    out.append(Link(href, children, loc))
                self.trailing_lang(tokens, i, line[0], after="a link")
                continue
            elif kind == "code_inline":
                out.append(Code(token.content))
                self.trailing_lang(tokens, i + 1, line[0], after="code")
            elif kind == "image":
                self.trailing_lang(tokens, i + 1, line[0], after="an image")
                alt = "".join(c.content for c in token.children or [])
                out.append(Image(str(token.attrs.get("src", "")), alt,
                                 SourceLocation(self.rel, line[0])))
            elif kind == "footnote_ref":
                out.append(FootnoteRef(token.meta["label"], self.rel,
                                       SourceLocation(self.rel, line[0])))
            elif kind == "html_inline" and not _COMMENT.fullmatch(token.content):
                self.html_as_text(token.content, line[0])
                out.append(Text(token.content, line[0]))
            i += 1
        return out, i

    # -------------------------------------------------------------- HTML and comments

    def html_block(self, token: Token) -> list[Block]:
        """A writer's comment (``<!-- nog checken -->``) is left out of every output; HTML
        is printed as typed, as a paragraph, and reported."""
        loc = self.loc(token)
        content = token.content
        if "<!--" in content:
            opened = content.index("<!--")
            if "-->" not in content[opened:]:
                self.finding("KB411", "a comment opened with '<!--' is never closed: everything "
                             "after it would be left out", SourceLocation(self.rel, loc.line +
                                                                            content.count("\n", 0, opened)),
                             "close the comment with '-->'")
                return []
            content = _COMMENT.sub("", content)
            if "<" not in content:  # "<!-- notitie --> De tekst": the text is a paragraph
                text = content.strip()
                if not text:
                    return []
                return [Paragraph(self.inline_markdown(token, text), loc)]
        text = content.strip()
        if not text:
            return []
        self.html_as_text(text, loc.line)
        return [Paragraph([Text(text, loc.line)], loc)]

    def html_as_text(self, html: str, line: int) -> None:
        if line in self.html_lines:
            return  # one finding a line: "<sup>2</sup>" is one thing to rewrite
        self.html_lines.add(line)
        self.finding("KB410", f"HTML '{clip(html.strip(), 40)}' is printed as typed",
                     SourceLocation(self.rel, line),
                     "write it in Markdown: a line break is a backslash at the line's end, a note "
                     "[^1]; or remove it", Severity.WARNING)

    # ---------------------------------------------------------- language attributes

    def trailing_lang(self, tokens: list[Token], i: int, line: int, after: str = "") -> str:
        """The language of ``*words*{lang=en}``: attributes right after the inline that ends
        before ``tokens[i]`` are taken off the text and checked; only ``lang`` is read, and
        only after emphasis (``after`` names any other inline, where none is read)."""
        from mdit_py_plugins.attrs.parse import ParseError, parse

        token = tokens[i] if i < len(tokens) else None
        if token is None or token.type != "text" or not token.content.startswith("{") or \
                token.content.startswith("{{"):
            return ""
        try:
            end, attrs = parse(token.content)
        except ParseError:
            self.finding("KB712", f"'{clip(token.content, 30)}' is not a complete attribute",
                         SourceLocation(self.rel, line),
                         "write {lang=en} with its closing brace, right after the *words*")
            return ""
        token.content = token.content[end + 1:]
        if after:
            self.finding("KB712", f"attributes after {after} are not read: "
                         f"'{_attributes_text(attrs)}'", SourceLocation(self.rel, line),
                         "mark words in another language as *words*{lang=en} or "
                         "[words]{lang=en}; remove the attribute here")
            return ""
        return self.lang_of(attrs, {}, line)

    def span_lang(self, token: Token, line: int) -> str:
        """The language of ``[words]{lang=en}``; "" (reported) when it sets none."""
        attrs = {str(k): str(v) for k, v in token.attrs.items()}
        return self.lang_of(attrs, token.meta.get("insecure_attrs") or {}, line)

    def lang_of(self, attrs: dict[str, str], removed: dict[str, str], line: int) -> str:
        """``lang`` from parsed attributes, checked; anything else is reported, not kept."""
        loc = SourceLocation(self.rel, line)
        others = {k: v for k, v in {**attrs, **removed}.items() if k != "lang"}
        if others:
            self.finding("KB712", f"only lang is read in an attribute, not "
                         f"'{_attributes_text(others)}'", loc,
                         "mark words in another language as *words*{lang=en} or "
                         "[words]{lang=en}, and nothing else")
        if "lang" not in attrs:
            if not others:
                self.finding("KB712", "an attribute without lang", loc,
                             "write the language of the words: [words]{lang=en}")
            return ""
        problem = lang_problem(attrs["lang"])
        if problem:
            self.finding("KB712", f"lang={attrs['lang']}: {problem}", loc,
                         "write the language code of the words, e.g. {lang=en} for English")
            return ""
        return normal_tag(attrs["lang"])

    # ---------------------------------------------------------- text

    def text(self, content: str, line: int) -> list[Inline]:
        """Split shortcodes ``{{…}}`` and undefined ``[^x]`` refs out of running text."""
        if "<!--" in content:  # a comment closed is no text; one left open is
            self.finding("KB411", "a comment opened with '<!--' is never closed: it would be "
                         "printed", SourceLocation(self.rel, line), "close the comment with '-->'")
        for match in _UNREAD_SPAN.finditer(content):
            self.finding("KB712", f"'{clip(match.group(1), 40)}' after [words] is not an "
                         "attribute kamerbrief can read", SourceLocation(self.rel, line),
                         "write [words]{lang=en}: a language code after lang=, nothing else "
                         "in the braces")
        for match in _INLINE_FOOTNOTE.finditer(content):
            self.finding("KB303", f"inline footnote '{match.group(0)[:40]}' is not supported",
                         SourceLocation(self.rel, line),
                         "write [^1] in the text and '[^1]: …' on a line of its own below")
        for match in _REFUSED_LINK.finditer(content):
            image, label, url, scheme = match.groups()
            message = (f"image '{url}' is not a file in the project ({scheme.lower()}: refused)"
                       if image else f"link '{label}' to '{url}' is refused ({scheme.lower()}:)")
            self.finding("KB405", message,
                         SourceLocation(self.rel, line),
                         "copy the file into the project folder and refer to it by a relative path"
                         if image or scheme.lower() == "file" else
                         "link to a web address (https://…) instead")
        out: list[Inline] = []
        pos = 0
        for match in re.finditer(r"\{\{(.*?)\}\}|\[\^([^\]\s]+)\]", content):
            if match.start() > pos:
                out.append(Text(self.prose(content[pos:match.start()]), line))
            loc = SourceLocation(self.rel, line)
            if match.group(2) is not None:
                # markdown-it leaves a reference without definition as text.
                out.append(FootnoteRef(match.group(2), self.rel, loc))
            else:
                out.append(self.shortcode(match.group(1), match.group(0), loc, line))
            pos = match.end()
        if pos < len(content):
            out.append(Text(self.prose(content[pos:]), line))
        return out

    def box_title(self, token: Token, text: str) -> list[Inline]:
        """A box title is inline Markdown, as a heading is: emphasis, ``[words]{lang=en}``,
        a quoted figure; never printed as its markup."""
        return self.inline_markdown(token, text) if text else []

    def inline_markdown(self, token: Token, text: str) -> list[Inline]:
        """``text`` read as inline Markdown, its lines counted from ``token``'s."""
        (inline,) = _parser().parseInline(text)
        inline.map = token.map
        return self.inlines(inline)

    def prose(self, text: str) -> str:
        """Running text as printed: Dutch quotes, apostrophes and ranges (typography.py)."""
        return dutch(text) if self.typography else text

    def shortcode(self, body: str, whole: str, loc: SourceLocation, line: int) -> Inline:
        words = body.strip().split(None, 1)
        name = words[0].lower() if words else ""
        if name == "waarde":
            parts = [p.strip() for p in (words[1] if len(words) > 1 else "").split("|")]
            parts += [""] * (4 - len(parts))
            return ValueRef(parts[0], parts[1], parts[2], parts[3], loc)
        if name == "reken":
            return FigureRef(words[1] if len(words) > 1 else "", loc)
        if name == "negeer":
            codes = (words[1] if len(words) > 1 else "").replace(",", " ").split()
            if codes:  # unknown codes are reported with the unused ones (checks/__init__.py)
                self.ignored.setdefault(line, set()).update(code.upper() for code in codes)
                return Text("", line)
            self.finding("KB503", "{{negeer}} names no finding code", loc,
                         "write the code to silence on this line: {{negeer KB504}}")
            return Text(whole, line)
        if name == "tabel":
            self.finding("KB207", "a table placement must be a paragraph of its own", loc,
                         f"put '{whole}' on its own line with blank lines around it")
        else:
            self.finding("KB503", f"unknown shortcode '{clip(whole)}'", loc,
                         "use {{waarde <tabel> | <rij> | <kolom>}}, {{reken …}} or {{tabel <id>}}")
        return Text(whole, line)

    # -------------------------------------------------------------- chapter

    def front_matter(self, token: Token) -> dict[str, str]:
        import yaml

        try:
            data = yaml.safe_load(token.content) or {}
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            offset = mark.line + 1 if mark else 0
            self.finding("KB002", f"front matter is not valid YAML: {exc}",
                         self.loc(token, offset), "write 'key: value' lines between the '---'")
            return {}
        except RecursionError:  # "[[[[…" nested thousands deep
            self.finding("KB002", "front matter is nested too deeply", self.loc(token),
                         "write 'key: value' lines between the '---'")
            return {}
        if not isinstance(data, dict):
            self.finding("KB002", "front matter must be 'key: value' lines", self.loc(token),
                         "write 'key: value' lines between the '---', e.g. 'kind: annex'")
            return {}
        result: dict[str, str] = {}
        for key, value in data.items():
            if key in FRONT_MATTER_KEYS and isinstance(value, (list, dict, set)):
                # never str() a collection: YAML aliases can make it gigabytes long
                self.finding("KB002", f"front matter '{key}' must be text, not a "
                             f"{'list' if isinstance(value, list) else 'table'}",
                             self.loc(token, self.front_matter_line(token, str(key))),
                             f"write '{key}: …' with plain text after the colon")
            elif key not in FRONT_MATTER_KEYS:
                import difflib

                close = difflib.get_close_matches(str(key), FRONT_MATTER_KEYS, n=1)
                self.finding("KB002", f"unknown front matter key '{key}'",
                             self.loc(token, self.front_matter_line(token, str(key))),
                             f"did you mean '{close[0]}'?" if close else
                             f"known keys: {', '.join(FRONT_MATTER_KEYS)}")
            else:
                result[key] = str(value)
        if result.get("kind", "chapter") not in ("chapter", "annex"):
            self.finding("KB002", f"front matter 'kind' must be chapter or annex, not "
                         f"'{result['kind']}'", self.loc(token, self.front_matter_line(token, "kind")))
            result["kind"] = "chapter"
        return result

    @staticmethod
    def front_matter_line(token: Token, key: str) -> int:
        """Offset from the opening '---' to the line where ``key:`` is written (1 if unknown)."""
        pattern = re.compile(rf"^\s*['\"]?{re.escape(key)}['\"]?\s*:")
        lines = token.content.split("\n")
        return next((n + 1 for n, text in enumerate(lines) if pattern.match(text)), 1)

    def chapter(self) -> Chapter:
        env: dict[str, Any] = {}
        source = "\n".join(self.lines)
        linkify = bool(_BARE_ADDRESS.search(_NOT_BARE.sub(" ", source)))
        tokens = _parser(linkify).parse(source, env)
        meta: dict[str, str] = {}
        if tokens and tokens[0].type == "front_matter":
            meta = self.front_matter(tokens[0])
        body_end = next((n for n, t in enumerate(tokens) if t.type == "footnote_block_open"),
                        len(tokens))
        blocks, _ = self.blocks(tokens[:body_end], 0, None)
        footnotes = self.footnotes(tokens[body_end:], env)
        title_block = title_heading(blocks)
        for heading in (b for b in blocks if isinstance(b, Heading) and b.level == 1
                        and b is not title_block):
            self.finding("KB005", f"a second chapter title '# {clip(plain_text(heading.children), 40)}' "
                         "in the chapter: it prints as a title without starting a chapter",
                         heading.location, "make it a section ('## …'), or give it a chapter "
                         "file of its own, listed in kamerbrief.toml", Severity.WARNING)
        title = meta.get("title") or (plain_text(title_block.children) if title_block else "")
        if not title:
            self.finding("KB003", "the chapter has no title", SourceLocation(self.rel, 1),
                         "start the file with '# Title'")
        anchor = title_block.anchor if title_block else slugify(self.rel)
        return Chapter(self.rel, title, meta.get("kind", "chapter"),
                       meta.get("running_header", title), anchor, blocks, footnotes,
                       SourceLocation(self.rel, 1), self.lines, ignored=self.ignored)

    def footnotes(self, tokens: list[Token], env: dict[str, Any]) -> dict[str, FootnoteDef]:
        defs: dict[str, FootnoteDef] = {}
        i = 0
        while i < len(tokens):
            if tokens[i].type == "footnote_open":
                label = tokens[i].meta["label"]
                inner, i = self.blocks(tokens, i + 1, "footnote_close")
                line = self.definition_line(label)
                defs[label] = FootnoteDef(label, inner, SourceLocation(self.rel, line))
            else:
                i += 1
        # Definitions never referenced are dropped by the plugin; keep them for KB302.
        for key in env.get("footnotes", {}).get("refs", {}):
            label = key[1:]
            if label not in defs:
                defs[label] = FootnoteDef(label, [], SourceLocation(
                    self.rel, self.definition_line(label)))
        return defs

    def definition_line(self, label: str) -> int:
        pattern = re.compile(rf"^\s*\[\^{re.escape(label)}\]:")
        return next((n + 1 for n, text in enumerate(self.lines) if pattern.match(text)), 0)


def read_chapter(path: Path, rel: str, source: str, vocabulary: Vocabulary,
                 typography: bool = True, citation_links: bool = True
                 ) -> tuple[Chapter, list[Diagnostic]]:
    reader = _Reader(rel, source, vocabulary, typography, citation_links)
    chapter = reader.chapter()
    return chapter, reader.findings


def _attributes_text(attrs: dict[str, str]) -> str:
    """Parsed attributes as a writer would type them: {.note #id lang=en}."""
    parts = [f".{name}" for name in attrs.get("class", "").split()]
    parts += [f"#{attrs['id']}"] if "id" in attrs else []
    parts += [f"{key}={value}" for key, value in attrs.items() if key not in ("class", "id")]
    return "{" + " ".join(parts) + "}"
