"""Findings in the formats CI systems read: GitHub workflow commands, SARIF 2.1.0, JUnit XML
and GitLab Code Quality JSON.

Every formatter takes the findings of ``kamerbrief check`` and a ``prefix``: the project
folder relative to where CI runs (the repository root), so that ``tables/t.csv`` in a
project kept in ``rapport/`` is reported as ``rapport/tables/t.csv``, the path the CI
system knows. Findings switched off (severity ``off``) are never reported.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from urllib.parse import quote

from kamerbrief import __version__
from kamerbrief.codes import CODES
from kamerbrief.diagnostics import Diagnostic, Severity
from kamerbrief.xml_chars import NOT_XML

FORMATS = ("github", "sarif", "junit", "gitlab")
SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")
JUNIT_SUITE = "kamerbrief check"


# ---------------------------------------------------------------- shared


def shown(findings: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [f for f in findings if f.severity is not Severity.OFF]


def _join(prefix: str, path: str) -> str:
    path = path.replace("\\", "/")
    return posixpath.normpath(posixpath.join(prefix, path)) if prefix else path


def ci_path(finding: Diagnostic, prefix: str = "") -> str:
    """The finding's file as the CI system knows it: ``prefix/path``, posix separators."""
    return _join(prefix, finding.location.path)


def with_cell(finding: Diagnostic) -> str:
    """The message, plus the table row and column when the message does not name them."""
    row, column = finding.location.row, finding.location.column
    missing = [f"{name} '{value}'" for name, value in (("row", row), ("column", column))
               if value and f"'{value}'" not in finding.message]
    return f"{finding.message} ({', '.join(missing)})" if missing else finding.message


def fingerprint(finding: Diagnostic, path: str) -> str:
    """A stable id: sha256 of code, path, line and message (the same finding, the same id)."""
    key = "\0".join((finding.code, path, str(finding.location.line), finding.message))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _fingerprints(findings: list[Diagnostic], prefix: str) -> list[str]:
    """Fingerprints, made unique when two findings are identical in every respect."""
    seen: Counter[str] = Counter()
    result = []
    for finding in findings:
        value = fingerprint(finding, ci_path(finding, prefix))
        seen[value] += 1
        if seen[value] > 1:
            value = hashlib.sha256(f"{value}\0{seen[value]}".encode()).hexdigest()
        result.append(value)
    return result


def _summary(findings: list[Diagnostic]) -> tuple[int, int]:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    return errors, len(findings) - errors


# ---------------------------------------------------------------- GitHub Actions


def _escape_data(text: str) -> str:
    # As @actions/core's escapeData: the message after '::'.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    # As @actions/core's escapeProperty: values of file=, title=, ...
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(findings: Iterable[Diagnostic], prefix: str = "") -> str:
    """GitHub Actions workflow commands: one ``::error``/``::warning`` line per finding.

    GitHub shows each as an annotation on the file and line, in the run and the pull request.
    """
    items = shown(findings)
    lines = []
    for finding in items:
        command = "error" if finding.severity is Severity.ERROR else "warning"
        properties = [f"file={_escape_property(ci_path(finding, prefix))}"]
        if finding.location.line > 0:
            properties.append(f"line={finding.location.line}")
        properties.append(f"title={_escape_property(finding.code)}")
        message = with_cell(finding)
        if finding.hint:
            message += f"\n{finding.hint}"
        lines.append(f"::{command} {','.join(properties)}::{_escape_data(message)}")
    errors, warnings = _summary(items)
    lines.append(f"kamerbrief check: {errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)


# ---------------------------------------------------------------- SARIF 2.1.0


def _level(finding: Diagnostic) -> str:
    return "error" if finding.severity is Severity.ERROR else "warning"


def sarif_rules() -> list[dict[str, object]]:
    """One reportingDescriptor per registered code, in registry order."""
    rules: list[dict[str, object]] = []
    for info in CODES.values():
        rules.append({
            "id": info.code,
            "shortDescription": {"text": info.title},
            "fullDescription": {"text": info.explanation},
            "help": {
                "text": f"{info.fix} (kamerbrief explain {info.code})",
                "markdown": f"{info.fix}\n\nRun `kamerbrief explain {info.code}` for more.",
            },
            "defaultConfiguration": {"level": "error" if info.severity is Severity.ERROR
                                     else "warning"},
        })
    return rules


def sarif_log(findings: Iterable[Diagnostic], prefix: str = "",
              successful: bool = True) -> dict[str, object]:
    """The SARIF log as a dict; ``successful`` is False when the project could not be read."""
    items = shown(findings)
    rule_index = {code: index for index, code in enumerate(CODES)}
    results = []
    for finding, print_ in zip(items, _fingerprints(items, prefix), strict=True):
        physical: dict[str, object] = {
            "artifactLocation": {"uri": quote(ci_path(finding, prefix), safe="/")},
        }
        if finding.location.line > 0:
            physical["region"] = {"startLine": finding.location.line}
        result: dict[str, object] = {
            "ruleId": finding.code,
            "level": _level(finding),
            "message": {"text": with_cell(finding)},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {"kamerbrief/v1": print_},
        }
        if finding.code in rule_index:
            result["ruleIndex"] = rule_index[finding.code]
        properties: dict[str, str] = {}
        if finding.location.row:
            properties["row"] = finding.location.row
        if finding.location.column:
            properties["column"] = finding.location.column
        if finding.expected is not None and finding.found is not None:
            properties["expected"] = str(finding.expected)
            properties["found"] = str(finding.found)
            properties["difference"] = str(finding.difference)
        if finding.hint:
            properties["hint"] = finding.hint
        if properties:
            result["properties"] = properties
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "kamerbrief",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": sarif_rules(),
            }},
            "invocations": [{"executionSuccessful": successful}],
            "results": results,
        }],
    }


def to_sarif(findings: Iterable[Diagnostic], prefix: str = "", successful: bool = True) -> str:
    return json.dumps(sarif_log(findings, prefix, successful), ensure_ascii=False, indent=2)


# ---------------------------------------------------------------- JUnit XML



def _xml_text(text: str) -> str:
    return NOT_XML.sub("\ufffd", text)


def _details(finding: Diagnostic, path: str) -> str:
    where = f"{path}:{finding.location.line}" if finding.location.line > 0 else path
    lines = [f"{where}: {finding.severity.value} {finding.code}: {with_cell(finding)}"]
    if finding.hint:
        lines.append(finding.hint)
    info = CODES.get(finding.code)
    if info is not None:
        lines.append(f"{info.title}: {info.fix}")
    return _xml_text("\n".join(lines))


def to_junit(findings: Iterable[Diagnostic], files: Iterable[str] = (), prefix: str = "",
             strict: bool = False) -> str:
    """JUnit XML: one testsuite, one testcase per checked file, one <failure> per finding that
    fails the check (errors; warnings too with ``strict``). Other warnings go to the
    testcase's <system-out>. The suite's ``failures`` counts the files that failed.
    """
    items = shown(findings)
    paths: dict[str, list[Diagnostic]] = {}
    for path in files:
        paths.setdefault(_join(prefix, path), [])
    for finding in items:
        paths.setdefault(ci_path(finding, prefix), []).append(finding)

    def fails(finding: Diagnostic) -> bool:
        return finding.severity is Severity.ERROR or strict

    failed_files = sum(1 for found in paths.values() if any(fails(f) for f in found))
    counts = {"tests": str(len(paths)), "failures": str(failed_files), "errors": "0",
              "skipped": "0", "time": "0"}
    root = ET.Element("testsuites", {"name": "kamerbrief", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": JUNIT_SUITE, **counts})
    for path, found in paths.items():
        case = ET.SubElement(suite, "testcase", classname=JUNIT_SUITE, name=_xml_text(path),
                             file=_xml_text(path), time="0")
        other = []
        for finding in found:
            if fails(finding):
                line = f" line {finding.location.line}" if finding.location.line > 0 else ""
                failure = ET.SubElement(case, "failure", type=finding.code,
                                        message=_xml_text(f"{finding.code}{line}: "
                                                          f"{with_cell(finding)}"))
                failure.text = _details(finding, path)
            else:
                other.append(_details(finding, path))
        if other:
            ET.SubElement(case, "system-out").text = "\n\n".join(other)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


# ---------------------------------------------------------------- GitLab Code Quality


def to_gitlab(findings: Iterable[Diagnostic], prefix: str = "") -> str:
    """GitLab Code Quality report (a JSON array), shown in merge requests and pipelines."""
    items = shown(findings)
    issues = []
    for finding, print_ in zip(items, _fingerprints(items, prefix), strict=True):
        issues.append({
            "type": "issue",
            "check_name": finding.code,
            "description": f"{finding.code} {with_cell(finding)}",
            "fingerprint": print_,
            "severity": "major" if finding.severity is Severity.ERROR else "minor",
            "location": {
                "path": ci_path(finding, prefix),
                "lines": {"begin": max(finding.location.line, 1)},
            },
        })
    return json.dumps(issues, ensure_ascii=False, indent=2)
