"""The registry of finding codes is complete, and every code has a test that produces it."""

from __future__ import annotations

import re
from pathlib import Path

from kamerbrief.codes import CODES

SRC = Path(__file__).resolve().parent.parent / "src" / "kamerbrief"
TESTS = Path(__file__).resolve().parent
CODE = re.compile(r"\"(KB\d{3})\"")


def test_every_code_the_source_emits_is_registered() -> None:
    emitted: dict[str, str] = {}
    for path in SRC.rglob("*.py"):
        if path.name == "codes.py":
            continue
        for code in CODE.findall(path.read_text(encoding="utf-8")):
            emitted.setdefault(code, str(path.relative_to(SRC)))
    assert emitted, "no codes found: the pattern is wrong"
    missing = {code: where for code, where in emitted.items() if code not in CODES}
    assert missing == {}


def test_codes_are_grouped_by_family() -> None:
    families = {"0": "project", "1": "tables", "2": "numbering", "3": "footnotes", "4": "links",
                "5": "values", "6": "metadata", "7": "prose"}
    for code in CODES:
        assert re.fullmatch(r"KB\d{3}", code) and code[2] in families, code


def test_every_code_is_named_by_a_test() -> None:
    """Adding a code without a test that produces it fails here."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in TESTS.glob("test_*.py")
                     if p.name != "test_registry.py")
    assert set(CODES) - set(CODE.findall(text)) == set()
