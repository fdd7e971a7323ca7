"""Human output of findings with rich: grouped by file, the offending source line shown."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from kamerbrief.diagnostics import Diagnostic, Severity

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow"}


def _source_line(root: Path, path: str, line: int, cache: dict[str, list[str]]) -> str:
    if not line:
        return ""
    if path not in cache:
        try:
            cache[path] = (root / path).read_text(encoding="utf-8-sig", errors="replace"
                                                  ).splitlines()
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
        console.print(f"[bold]{escape(path)}[/bold]")
        for d in items:
            where = f"{d.location.line}" if d.location.line else "-"
            cell = ""
            if d.location.row or d.location.column:
                parts = " / ".join(p for p in (d.location.row, d.location.column) if p)
                cell = f" [dim]{escape(parts)}[/dim]"
            console.print(f"  {where:>4}  [{_STYLE[d.severity]}]{d.severity.value}[/] "
                          f"[cyan]{d.code}[/cyan]{cell}  {escape(d.message)}")
            source = _source_line(root, path, d.location.line, cache)
            if source:
                console.print(f"        [dim]│ {escape(source[:110])}[/dim]")
            if d.hint:
                console.print(f"        [green]→ {escape(d.hint)}[/green]")
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    if not findings:
        console.print("[green]✓ no findings[/green]")
    else:
        console.print(f"{errors} error(s), {warnings} warning(s)")
