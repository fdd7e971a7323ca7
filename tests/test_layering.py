"""Fenced dependencies: rich and typer belong to the command line, not to the library.

The library (loading, checking, rendering, building, the preview server) reports progress
through plain callbacks and raises typed exceptions; only the CLI-side modules print, show
spinners and turn Ctrl-C into a message. This keeps the library usable from other programs
and tests, and keeps the terminal's look in one place.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import EXAMPLE_ROOT

PACKAGE = EXAMPLE_ROOT / "src" / "kamerbrief"
# The command line and its rich printer: the only modules allowed to import rich or typer.
CLI_SIDE = {"cli.py", "report_output.py", "__main__.py"}
FENCED = ("rich", "typer")
# Developer scripts inside the package, run by hand (not by kamerbrief): they may print.
SCRIPTS = {"styles/rijk/make_template.py"}


def fenced_imports(source: str, filename: str = "<module>") -> list[str]:
    """'line: module' for every import of rich or typer in ``source``, wherever it is
    (module level, inside a function, under TYPE_CHECKING)."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [f"{node.lineno}: {name}" for name in names if name.split(".")[0] in FENCED]
    return found


def terminal_handling(source: str, filename: str = "<module>") -> list[str]:
    """'line: what' for every call of the builtin print and every handler of Ctrl-C
    (``except KeyboardInterrupt``) in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "print":
            found.append(f"{node.lineno}: print()")
        elif isinstance(node, ast.ExceptHandler) and node.type is not None:
            caught = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
            if any(isinstance(c, ast.Name) and c.id == "KeyboardInterrupt" for c in caught):
                found.append(f"{node.lineno}: except KeyboardInterrupt")
    return found


def library_modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py")
                  if path.relative_to(PACKAGE).as_posix() not in CLI_SIDE)


@pytest.mark.parametrize("path", library_modules(), ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_library_modules_do_not_import_rich_or_typer(path: Path) -> None:
    hits = fenced_imports(path.read_text(encoding="utf-8"), str(path))
    assert hits == [], (f"{path.relative_to(PACKAGE)} imports {', '.join(hits)}: printing, "
                        "spinners and Ctrl-C belong in cli.py; report through a callback")


@pytest.mark.parametrize("path", [p for p in library_modules()
                                  if p.relative_to(PACKAGE).as_posix() not in SCRIPTS],
                         ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_library_modules_neither_print_nor_catch_ctrl_c(path: Path) -> None:
    hits = terminal_handling(path.read_text(encoding="utf-8"), str(path))
    assert hits == [], (f"{path.relative_to(PACKAGE)}: {', '.join(hits)}: the library reports "
                        "through callbacks, return values and exceptions; cli.py prints and "
                        "answers Ctrl-C")


def test_the_library_is_found() -> None:
    names = {path.relative_to(PACKAGE).as_posix() for path in library_modules()}
    assert {"build.py", "project.py", "preview/server.py", "render/html.py"} <= names
    assert not names & CLI_SIDE


@pytest.mark.parametrize("source", [
    "import rich\n",
    "from rich.console import Console\n",
    "import typer.core as core\n",
    "import os, rich.markup\n",
    "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from rich.console import Console\n",
    "def spin():\n    from rich.status import Status\n    return Status\n",
])
def test_the_probe_notices_every_kind_of_import(source: str) -> None:
    assert fenced_imports(source) != []


@pytest.mark.parametrize("source", [
    "print('x')\n",
    "def run():\n    try:\n        pass\n    except KeyboardInterrupt:\n        pass\n",
    "try:\n    pass\nexcept (OSError, KeyboardInterrupt):\n    pass\n",
])
def test_the_probe_notices_printing_and_ctrl_c(source: str) -> None:
    assert terminal_handling(source) != []


def test_the_probe_leaves_other_handlers_and_methods_alone() -> None:
    source = ("try:\n    pass\nexcept BaseException:\n    raise\n"
              "console.print('x')\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\n")
    assert terminal_handling(source) == []


@pytest.mark.parametrize("source", [
    "import richtext\n",
    "from .rich import x\n",
    "from kamerbrief.report import typer_like\n",
    "text = 'import rich'\n",
])
def test_the_probe_ignores_what_is_not_rich_or_typer(source: str) -> None:
    assert fenced_imports(source) == []
