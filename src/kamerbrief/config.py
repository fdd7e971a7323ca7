"""Load and validate ``kamerbrief.toml`` up front, reporting every problem at once by key."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kamerbrief.citations import CitationStyle
from kamerbrief.codes import CODES
from kamerbrief.diagnostics import Diagnostic, ProjectError, Severity
from kamerbrief.model import SourceLocation
from kamerbrief.readers.textfile import TextFileError, read_text

CONFIG_NAME = "kamerbrief.toml"
FORMATS = ("pdf", "docx", "html")


@dataclass
class Kamerstuk:
    vergaderjaar: str = ""
    dossier: str = ""
    ondernummer: str = ""

    def __str__(self) -> str:
        parts = [p for p in (self.dossier, f"nr. {self.ondernummer}" if self.ondernummer else "") if p]
        text = ", ".join(parts)
        return f"Tweede Kamer, vergaderjaar {self.vergaderjaar}, {text}" if self.vergaderjaar else text


@dataclass
class Vocabulary:
    """The document's own words; Dutch by default, replaceable per project."""

    table: str = "Tabel"
    contents: str = "Inhoud"
    source: str = "Bron"
    annex: str = "Bijlage"
    story: str = "Praktijkverhaal"
    box: str = "Kader"  # what a screen reader calls a '::: kader' box (its Word table title)
    ribbon: str = "Lint"  # and the cover's ribbon, a one-cell table in the DOCX
    tables_list: str = "Tabellen"
    colophon: str = "Colofon"
    continued: str = "vervolg"  # a table split over parts: "Tabel 3 – … (vervolg)"
    draft_mark: str = "CONCEPT – bevat fouten"
    subtotal: list[str] = field(default_factory=lambda: ["SUBTOTAAL", "Subtotaal"])
    total: list[str] = field(default_factory=lambda: ["TOTAAL", "Totaal"])


@dataclass
class Config:
    root: Path
    title: str
    subtitle: str = ""
    organisation: str = ""
    date: str = ""
    date_text: str = ""
    slug: str = ""
    kamerstuk: Kamerstuk | None = None
    chapters: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=lambda: list(FORMATS))
    locale: str = "nl_NL"
    language: str = "nl-NL"
    style: str = "rijk"
    list_of_tables: bool = False
    logo: str = ""  # the cover's beeldmerk, a project file; "" = the style's, or an empty slot
    typography: bool = True  # Dutch quotes, apostrophes and ranges in prose (typography.py)
    colophon: list[str] = field(default_factory=list)
    vocabulary: Vocabulary = field(default_factory=Vocabulary)
    severity: dict[str, Severity] = field(default_factory=dict)
    # [citations]: the form Kamerstuk citations are checked against (Aanwijzing 3.43 by
    # default), and whether the outputs link them to officielebekendmakingen.nl
    citation_style: CitationStyle = field(default_factory=CitationStyle)
    citation_links: bool = True
    # [checks]: the spelling check (KB730) and the project's word list for it
    spelling: bool = True
    word_list: str = "woorden.txt"

    @property
    def file_stem(self) -> str:
        return self.slug or slugify(self.title)


_SCHEMA: dict[str, Any] = {
    "report": {
        "title": str, "subtitle": str, "organisation": str, "date": str, "date_text": str,
        "slug": str, "locale": str, "language": str, "style": str, "logo": str,
        "chapters": list, "outputs": list, "list_of_tables": bool, "typography": bool,
        "kamerstuk": {"vergaderjaar": str, "dossier": str, "ondernummer": str},
    },
    "vocabulary": {name: (list if name in ("subtotal", "total") else str)
                   for name in Vocabulary.__dataclass_fields__},
    "colophon": {"lines": list},
    "checks": {"severity": dict, "spelling": bool, "word_list": str},
    "citations": {"dossier_space": bool, "full_session": bool, "links": bool},
}


_TYPOGRAPHIC = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


def slugify(text: str) -> str:
    import unicodedata

    # Typography (typography.py) never changes an anchor or a file name: a curly apostrophe
    # or quote is a straight one, an en or em dash a hyphen ("Plannen 2024–2028" is
    # #plannen-2024-2028, as the writer typed it).
    text = text.translate(_TYPOGRAPHIC)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "rapport"


def _line_of(source: str, key: str) -> int:
    pattern = re.compile(rf"^[ \t]*(\[+[ \t]*)?{re.escape(key)}\b", re.MULTILINE)
    match = pattern.search(source)
    return source.count("\n", 0, match.start()) + 1 if match else 0


def _validate(data: dict[str, Any], schema: dict[str, Any], prefix: str, source: str,
              path: str, problems: list[Diagnostic]) -> None:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if key not in schema:
            close = difflib.get_close_matches(key, list(schema), n=1)
            hint = f"did you mean '{prefix}{close[0]}'?" if close else \
                f"known keys here: {', '.join(prefix + k for k in schema)}"
            problems.append(_problem(f"unknown key '{name}'", source, key, path, hint))
            continue
        expected = schema[key]
        if isinstance(expected, dict):
            if not isinstance(value, dict):
                problems.append(_problem(f"'{name}' must be a table ([{name}])", source, key, path,
                                         f"write the keys under a line [{name}]"))
            else:
                _validate(value, expected, f"{name}.", source, path, problems)
        elif not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            example = {str: '"…"', list: '["…", "…"]', bool: "true", int: "1"}.get(expected, "…")
            problems.append(_problem(
                f"'{name}' must be {_type_word(expected)}, not {_type_word(type(value))}",
                source, key, path, f"write {key} = {example}"))


def _type_word(kind: type) -> str:
    return {str: "text in quotes", list: "a list [..]", bool: "true or false",
            dict: "a table", int: "a whole number", float: "a number"}.get(kind, kind.__name__)


def _problem(message: str, source: str, key: str, path: str, hint: str = "",
             value: str = "") -> Diagnostic:
    """A KB001 at the line of ``key``, or of the quoted ``value`` when given (a list entry)."""
    line = 0
    if value:
        index = source.find(f'"{value}"')
        index = index if index >= 0 else source.find(f"'{value}'")
        line = source.count("\n", 0, index) + 1 if index >= 0 else 0
    return Diagnostic("KB001", Severity.ERROR, message,
                      SourceLocation(path, line or _line_of(source, key)), hint=hint)


def load_config(root: Path) -> Config:
    """Read and validate the project file; raise ProjectError listing every problem."""
    source = _read_config_source(root)
    data = _parse_config_toml(source)
    report = data.get("report", {}) if isinstance(data.get("report"), dict) else {}
    problems: list[Diagnostic] = []
    _validate(data, _SCHEMA, "", source, CONFIG_NAME, problems)
    problems += _title_problems(report, source)
    problems += _output_problems(report, source)
    problems += _chapter_problems(report, source, root)
    problems += _style_problems(report, source, root)
    problems += _logo_problems(report, source, root)
    problems += _word_list_problems(data, source, root)
    severity, severity_problems = _severity_levels(data, source)
    problems += severity_problems
    if problems:
        raise ProjectError(problems)
    return _build_config(root, data, report, severity)


def _read_config_source(root: Path) -> str:
    """The project file's text; a missing or unreadable file stops everything (exit 2)."""
    path = root / CONFIG_NAME
    if not path.exists() and not path.is_symlink():
        raise ProjectError([Diagnostic(
            "KB001", Severity.ERROR, f"no {CONFIG_NAME} in {root}", SourceLocation(CONFIG_NAME),
            hint="run 'kamerbrief new DIR' to start a project, or pass --project DIR")])
    try:
        source, _ = read_text(path)
    except TextFileError as exc:
        raise ProjectError([Diagnostic(
            "KB001", Severity.ERROR, f"cannot read {CONFIG_NAME}: {exc}",
            SourceLocation(CONFIG_NAME, exc.line),
            hint=exc.hint or "save the file as UTF-8 text")]) from None
    return source


def _parse_config_toml(source: str) -> dict[str, Any]:
    """The parsed TOML; a syntax error is fatal, since no key can be trusted after it."""
    try:
        return tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ProjectError([Diagnostic(
            "KB001", Severity.ERROR, f"TOML syntax error: {exc}",
            SourceLocation(CONFIG_NAME, int(match.group(1)) if match else 0),
            hint="check quotes, '=' and brackets on that line")]) from None
    except RecursionError:  # "a = [[[[…" thousands deep
        raise ProjectError([Diagnostic(
            "KB001", Severity.ERROR, "TOML nested too deeply", SourceLocation(CONFIG_NAME),
            hint="look for a run of '[' or '{' that never ends")]) from None


def _title_problems(report: dict[str, Any], source: str) -> list[Diagnostic]:
    """A report without a title cannot name its cover or its output files."""
    if report.get("title"):
        return []
    return [_problem("'report.title' is required", source, "report", CONFIG_NAME,
                     'add title = "..." under [report]')]


def _output_problems(report: dict[str, Any], source: str) -> list[Diagnostic]:
    """Every listed output must be a format we can build."""
    outputs = report.get("outputs", list(FORMATS))
    return [_problem(f"unknown output '{fmt}' in 'report.outputs'", source, "outputs",
                     CONFIG_NAME, f"use any of {', '.join(FORMATS)}")
            for fmt in (outputs if isinstance(outputs, list) else []) if fmt not in FORMATS]


def _chapter_problems(report: dict[str, Any], source: str, root: Path) -> list[Diagnostic]:
    """The chapter list must name existing files inside the project, at least one."""
    chapters = report.get("chapters", [])
    if not isinstance(chapters, list):
        return []  # _validate has reported the type
    problems = []
    if not chapters:
        problems.append(_problem("'report.chapters' lists no chapter", source, "report",
                                 CONFIG_NAME, 'add chapters = ["chapters/01-inleiding.md", ...]'))
    for chapter in chapters:
        problem = _chapter_problem(chapter, source, root)
        if problem is not None:
            problems.append(problem)
    return problems


def _chapter_problem(chapter: Any, source: str, root: Path) -> Diagnostic | None:
    """One list entry: a file name, inside the project (no '..' or links out), that exists."""
    if not isinstance(chapter, str):
        return _problem("'report.chapters' must list file names", source, "chapters",
                        CONFIG_NAME, 'write chapters = ["chapters/01-inleiding.md", …]')
    if not (root / chapter).resolve().is_relative_to(root.resolve()):
        return _problem(f"chapter '{chapter}' lies outside the project folder", source,
                        "chapters", CONFIG_NAME, "keep chapters inside the project (no '..', "
                        "absolute paths or links out of it)", value=chapter)
    if not (root / chapter).is_file():
        return _problem(f"chapter file '{chapter}' does not exist", source, "chapters",
                        CONFIG_NAME, "fix the name or create the file", value=chapter)
    return None


def _style_problems(report: dict[str, Any], source: str, root: Path) -> list[Diagnostic]:
    """The style must be built in or a folder inside the project, so a build is reproducible."""
    style = report.get("style", "rijk")
    if not isinstance(style, str) or _is_builtin_style(style):
        return []
    folder = (root / style).resolve()
    if folder.is_dir() and not folder.is_relative_to(root.resolve()):
        return [_problem(f"style folder '{style}' lies outside the project folder", source,
                         "style", CONFIG_NAME,
                         "copy the style folder into the project and name it there")]
    if not folder.is_dir():
        return [_problem(f"style '{style}' is neither a built-in style nor a folder in the "
                         "project", source, "style", CONFIG_NAME,
                         'use style = "rijk" or the path of your style folder')]
    return []


def _logo_problems(report: dict[str, Any], source: str, root: Path) -> list[Diagnostic]:
    """The cover's beeldmerk: a PNG or SVG file inside the project."""
    logo = report.get("logo")
    if not isinstance(logo, str):
        return []
    path = (root / logo).resolve()
    if not path.is_relative_to(root.resolve()) or Path(logo).is_absolute():
        return [_problem(f"logo '{logo}' lies outside the project folder", source, "logo",
                         CONFIG_NAME, "copy the logo into the project and name it there")]
    if not path.is_file() or path.suffix.lower() not in (".svg", ".png"):
        return [_problem(f"logo '{logo}' is not a PNG or SVG file in the project", source,
                         "logo", CONFIG_NAME, 'write logo = "images/beeldmerk.svg", a path from '
                         "the project folder")]
    return []


def _word_list_problems(data: dict[str, Any], source: str, root: Path) -> list[Diagnostic]:
    """The spelling check's word list: a text file inside the project (it may not exist yet:
    ``check --add-words`` creates it)."""
    checks = data.get("checks")
    word_list = checks.get("word_list") if isinstance(checks, dict) else None
    if not isinstance(word_list, str):
        return []
    path = root / word_list
    if Path(word_list).is_absolute() or not path.resolve().is_relative_to(root.resolve()):
        return [_problem(f"word list '{word_list}' lies outside the project folder", source,
                         "word_list", CONFIG_NAME, "keep the word list in the project: "
                         'word_list = "woorden.txt"')]
    if path.is_dir() or not word_list.strip():
        return [_problem(f"word list '{word_list}' is not a file name", source, "word_list",
                         CONFIG_NAME, 'name a text file: word_list = "woorden.txt"')]
    return []


def _is_builtin_style(style: str) -> bool:
    """A plain name of a folder shipped in kamerbrief/styles (never a path that escapes it)."""
    return re.fullmatch(r"[\w-]+", style) is not None and \
        (Path(__file__).parent / "styles" / style).is_dir()


def _severity_levels(data: dict[str, Any], source: str) -> tuple[dict[str, Severity],
                                                                  list[Diagnostic]]:
    """``[checks.severity]`` by code; a typo in a code would otherwise silently do nothing."""
    checks = data.get("checks")
    raw = checks.get("severity", {}) if isinstance(checks, dict) else {}
    severity: dict[str, Severity] = {}
    problems: list[Diagnostic] = []
    for code, level in raw.items() if isinstance(raw, dict) else []:
        if code not in CODES:
            close = difflib.get_close_matches(code, list(CODES), n=1)
            problems.append(_problem(f"unknown finding code 'checks.severity.{code}'", source,
                                     code, CONFIG_NAME, f"did you mean '{close[0]}'?" if close
                                     else "see 'kamerbrief explain CODE' for the codes"))
            continue
        try:
            severity[code] = Severity(level)
        except ValueError:
            problems.append(_problem(f"'checks.severity.{code}' must be error, warning or off",
                                     source, code, CONFIG_NAME,
                                     f'write {code} = "warning" (or "off")'))
    return severity, problems


def _build_config(root: Path, data: dict[str, Any], report: dict[str, Any],
                  severity: dict[str, Severity]) -> Config:
    """The typed Config from data that has passed every check above, defaults filled in."""
    kamerstuk = report.get("kamerstuk")
    citations = data.get("citations", {})
    typography = report.get("typography", True)

    def printed(text: str) -> str:
        """A text printed on the cover or in the colophon: Dutch typography, as in the
        chapters (file names and anchors do not change: ``slugify``)."""
        from kamerbrief.typography import dutch

        return dutch(text) if typography else text

    return Config(
        root=root,
        title=printed(report["title"]),
        subtitle=printed(report.get("subtitle", "")),
        organisation=printed(report.get("organisation", "")),
        date=report.get("date", ""),
        date_text=printed(report.get("date_text", report.get("date", ""))),
        slug=report.get("slug", ""),
        kamerstuk=Kamerstuk(**kamerstuk) if kamerstuk else None,
        chapters=list(report.get("chapters", [])),
        outputs=list(report.get("outputs", list(FORMATS))),
        locale=report.get("locale", "nl_NL"),
        language=report.get("language", "nl-NL"),
        style=report.get("style", "rijk"),
        list_of_tables=report.get("list_of_tables", False),
        logo=report.get("logo", ""),
        typography=typography,
        colophon=[printed(str(line)) for line in data.get("colophon", {}).get("lines", [])],
        vocabulary=Vocabulary(**data.get("vocabulary", {})),
        severity=severity,
        citation_style=CitationStyle(
            dossier_separator=" " if citations.get("dossier_space", False) else "",
            full_session=citations.get("full_session", False)),
        citation_links=citations.get("links", True),
        spelling=data.get("checks", {}).get("spelling", True),
        word_list=data.get("checks", {}).get("word_list", "woorden.txt"),
    )
