"""Findings: what a check reports, where, and how it is printed for people and machines."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from kamerbrief.model import SourceLocation


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    OFF = "off"


@dataclass(frozen=True)
class Diagnostic:
    """One finding. ``expected``/``found`` are set for sums, so the writer sees the gap."""

    code: str
    severity: Severity
    message: str
    location: SourceLocation
    expected: Decimal | None = None
    found: Decimal | None = None
    hint: str = ""
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def difference(self) -> Decimal | None:
        if self.expected is None or self.found is None:
            return None
        return self.found - self.expected

    def with_severity(self, severity: Severity) -> Diagnostic:
        return Diagnostic(
            self.code, severity, self.message, self.location,
            self.expected, self.found, self.hint, self.extra,
        )

    def sort_key(self) -> tuple[str, int, str]:
        return (self.location.path, self.location.line, self.code)

    def to_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.location.path,
            "line": self.location.line,
        }
        if self.location.row:
            data["row"] = self.location.row
        if self.location.column:
            data["column"] = self.location.column
        if self.location.cell:
            data["cell"] = self.location.cell
        if self.expected is not None:
            data["expected"] = str(self.expected)
            data["found"] = str(self.found)
            data["difference"] = str(self.difference)
        if self.hint:
            data["hint"] = self.hint
        return data


def error(code: str, message: str, location: SourceLocation, hint: str = "") -> Diagnostic:
    """An error finding: what a reader reports when a source file is wrong."""
    return Diagnostic(code, Severity.ERROR, message, location, hint=hint)


def clip(text: str, limit: int = 60) -> str:
    """A writer's text quoted in a message, cut to ``limit`` characters ("…" marks the cut)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ProjectError(Exception):
    """The project cannot be read at all (exit 2): bad config, unreadable file."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = list(diagnostics)
        super().__init__("; ".join(d.message for d in self.diagnostics))


def errors(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity is Severity.ERROR]


def to_json(diagnostics: Iterable[Diagnostic]) -> str:
    items = [d.to_dict() for d in diagnostics]
    summary = {
        "errors": sum(1 for d in items if d["severity"] == "error"),
        "warnings": sum(1 for d in items if d["severity"] == "warning"),
    }
    return json.dumps({"summary": summary, "findings": items}, ensure_ascii=False, indent=2)
