"""Write the new project all at once: into a temporary folder beside DIR, renamed at the end.

A failure at any point leaves DIR as it was (absent, empty, or with its old files when
--force was given); nothing half-written is ever left under DIR's name.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from kamerbrief.importer.package import ImportRefused


def check_destination(dest: Path, source: Path, force: bool) -> None:
    """Refuse a DIR that is a file, or a folder with files in it (unless ``force``)."""
    if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
        raise ImportRefused(f"{dest} exists and is not a folder; choose another name")
    if dest.is_dir() and any(dest.iterdir()):
        if not force:
            raise ImportRefused(f"{dest} already exists and is not empty; import writes into a "
                                "new or empty folder", "choose another folder, or add --force "
                                "to replace everything in it")
        try:
            source.resolve().relative_to(dest.resolve())
        except ValueError:
            pass
        else:
            raise ImportRefused(f"{source} lies inside {dest}, which --force would replace",
                                "move the Word file out of the folder first")
        if Path.cwd().resolve().is_relative_to(dest.resolve()):
            raise ImportRefused(f"{dest} is the current folder (or holds it); --force would "
                                "replace it", "run the import from another folder")


def write_project(files: dict[str, bytes], dest: Path, force: bool,
                  prepare: Callable[[Path], None] | None = None) -> None:
    """Write ``files`` (project-relative paths) as the folder ``dest``; ``prepare`` may still
    change the files in the temporary folder before it takes DEST's place."""
    parent = dest.absolute().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.import-", dir=parent))
    except OSError as exc:
        raise ImportRefused(f"cannot write into {parent}: {exc.strerror or exc}") from None
    old: Path | None = None
    try:
        for rel, data in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if prepare is not None:
            prepare(staging)
        if dest.is_dir():
            if any(dest.iterdir()):
                old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.replaced-", dir=parent))
                os.replace(dest, old / dest.name)
            else:
                dest.rmdir()
        os.replace(staging, dest)
    except OSError as exc:
        raise ImportRefused(f"cannot write {dest}: {exc.strerror or exc}") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if old is not None:
            if not dest.exists():  # interrupted between the two renames: the old one back
                os.replace(old / dest.name, dest)
            shutil.rmtree(old, ignore_errors=True)
