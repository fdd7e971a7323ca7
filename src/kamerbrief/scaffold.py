"""``kamerbrief new``: write a working report skeleton into a new folder.

The skeleton is the package's ``skeleton/`` folder, copied file by file: a project file, two
chapters, a financial table with its sidecar, a Makefile, a pre-commit configuration and CI
workflows for GitHub and GitLab. ``__TITLE__`` in ``kamerbrief.toml`` and ``README.md`` is
replaced by the report's title. ``kamerbrief check`` and ``kamerbrief build`` pass in the
result as it is.
"""

from __future__ import annotations

import json
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

SKELETON = "skeleton"
PLACEHOLDER = "__TITLE__"


class ScaffoldError(Exception):
    """The skeleton could not be written; the message says why, in a writer's words."""


def default_title(folder: Path) -> str:
    """'voortgangsrapportage-2025' → 'Voortgangsrapportage 2025'."""
    words = folder.resolve().name.replace("-", " ").replace("_", " ").split()
    text = " ".join(words) or "Nieuw rapport"
    return text[0].upper() + text[1:]


def _files(folder: Traversable, prefix: str = "") -> list[tuple[str, Traversable]]:
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        rel = f"{prefix}{entry.name}"
        if entry.is_dir():
            found.extend(_files(entry, f"{rel}/"))
        else:
            found.append((rel, entry))
    return found


def skeleton_files() -> list[tuple[str, Traversable]]:
    """(relative path, resource) of every file in the skeleton, sorted."""
    return _files(resources.files("kamerbrief").joinpath(SKELETON))


def _fill(rel: str, text: str, title: str) -> str:
    if rel == "kamerbrief.toml":
        # A TOML basic string: JSON's escapes (\" \\ \n \uXXXX) are valid TOML.
        return text.replace(PLACEHOLDER, json.dumps(title, ensure_ascii=False)[1:-1])
    return text.replace(PLACEHOLDER, title)


def create_project(folder: Path, title: str | None = None) -> list[Path]:
    """Write the skeleton into ``folder`` (new, or an empty folder); return the written files.

    Raises ScaffoldError when ``folder`` is a file or a folder that already holds files.
    """
    if folder.exists() and not folder.is_dir():
        raise ScaffoldError(f"{folder} is a file, not a folder; choose another name")
    if folder.is_dir() and any(folder.iterdir()):
        raise ScaffoldError(f"{folder} already exists and is not empty; kamerbrief new only "
                            "writes into a new or empty folder, so nothing is overwritten")
    title = (title or "").strip() or default_title(folder)
    written = []
    try:
        for rel, resource in skeleton_files():
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            text = _fill(rel, resource.read_text(encoding="utf-8"), title)
            with target.open("w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            written.append(target)
    except OSError as exc:
        raise ScaffoldError(f"cannot write {exc.filename or folder}: "
                            f"{exc.strerror or exc}") from None
    return written
