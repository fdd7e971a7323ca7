"""Read a writer's text file as Excel or Word saved it: UTF-8 (BOM or not) or Windows-1252."""

from __future__ import annotations

from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024


class TextFileError(Exception):
    """The file is not readable text; says why, on which line (0: none) and how to fix it."""

    def __init__(self, message: str, line: int = 0, hint: str = ""):
        super().__init__(message)
        self.line = line
        self.hint = hint


def outside_project(path: Path, root: Path) -> bool:
    """True when ``path`` (following symlinks, '..' and absolute paths) leaves ``root``."""
    return not path.resolve().is_relative_to(root.resolve())


def read_text(path: Path) -> tuple[str, str]:
    """Return (text, encoding). Refuses binary files and files over MAX_BYTES."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TextFileError(
                f"file is {size // 1024 // 1024} MB; the limit is {MAX_BYTES // 1024 // 1024} MB",
                hint="split the file, or keep only what the report prints")
        data = path.read_bytes()
    except FileNotFoundError:
        raise TextFileError("file does not exist", hint="fix the name, or create the file") from None
    except IsADirectoryError:
        raise TextFileError("is a folder, not a file",
                            hint="rename or move the folder; only files belong here") from None
    except PermissionError:
        raise TextFileError("no permission to read the file",
                            hint="check the file's permissions (chmod a+r)") from None
    except OSError as exc:
        raise TextFileError(f"cannot read the file: {exc.strerror or exc}",
                            hint="check that the file is readable") from None
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        raise TextFileError("looks like a binary file (it contains NUL bytes)",
                            data[:nul].count(b"\n") + 1,
                            "save it as text: CSV (UTF-8) for tables, plain text for the rest")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        try:
            text, encoding = data.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError:
            line = data[: exc.start].count(b"\n") + 1
            raise TextFileError(f"not UTF-8 or Windows-1252 text (byte 0x{data[exc.start]:02x} "
                                f"on line {line})", line,
                                "save the file as UTF-8 (in Excel: 'CSV UTF-8')") from None
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
