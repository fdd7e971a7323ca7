"""Human output of findings with rich: grouped by file, the offending source line shown."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from kamerbrief.diagnostics import Diagnostic, Severity

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _printable(text: str) -> str:
    """Markup escaped and control characters shown as ``\\x1b``: a chapter or cell cannot
    restyle the terminal or hide text with escape sequences."""
    return escape(_CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text))


def _source_line(root: Path, path: str, line: int, cache: dict[str, list[str]]) -> str:
    if not line or path.lower().endswith(".xlsx"):
        return ""  # a workbook has no text lines; the finding names its cell instead
    if not (root / path).resolve().is_relative_to(root.resolve()):
        return ""  # never quote a file outside the project
    if path not in cache:
        try:
            text = (root / path).read_text(encoding="utf-8-sig", errors="replace")
            # split as the readers do: on line ends only, not on \x0b, \x1c or U+2028
            cache[path] = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        except OSError:
            cache[path] = []
    lines = cache[path]
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""


def print_findings(console: Console, root: Path, findings: list[Diagnostic],
                   verbose: bool = False) -> None:
    by_file: dict[str, list[Diagnostic]] = defaultdict(list)
    for finding in findings:
        by_file[finding.location.path].append(finding)
    cache: dict[str, list[str]] = {}
    for path, items in by_file.items():
        console.print(f"[bold]{_printable(path)}[/bold]", emoji=False)
        for d in items:
            where = f"{d.location.line}" if d.location.line else "-"
            cell = ""
            if d.location.row or d.location.column:
                parts = " / ".join(p for p in (d.location.row, d.location.column) if p)
                cell = f" [dim]{_printable(parts)}[/dim]"
            if d.location.cell:
                cell = f" {_printable('[' + d.location.cell + ']')}{cell}"
            console.print(f"  {where:>4}  [{_STYLE[d.severity]}]{d.severity.value}[/] "
                          f"[cyan]{d.code}[/cyan]{cell}  {_printable(d.message)}", emoji=False)
            source = _source_line(root, path, d.location.line, cache)
            if source:
                console.print(f"        [dim]│ {_printable(source[:110])}[/dim]", emoji=False)
            if d.hint:
                console.print(f"        [green]→ {_printable(d.hint)}[/green]", emoji=False)
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    if not findings:
        console.print("[green]✓ no findings[/green]")
    else:
        console.print(f"{errors} error(s), {warnings} warning(s)")
