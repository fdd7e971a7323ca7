"""Read a writer's text file as Excel or Word saved it: UTF-8 (BOM or not) or Windows-1252."""

from __future__ import annotations

from pathlib import Path

MAX_BYTES = 20 * 1024 * 1024


class TextFileError(Exception):
    """The file is not readable text; the message says why and how to fix it."""


def read_text(path: Path) -> tuple[str, str]:
    """Return (text, encoding). Refuses binary files and files over MAX_BYTES."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TextFileError(
                f"file is {size // 1024 // 1024} MB; the limit is {MAX_BYTES // 1024 // 1024} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise TextFileError("file does not exist") from None
    except IsADirectoryError:
        raise TextFileError("is a folder, not a file") from None
    except PermissionError:
        raise TextFileError("no permission to read the file") from None
    except OSError as exc:
        raise TextFileError(f"cannot read the file: {exc.strerror}") from None
    if b"\x00" in data[:8192]:
        raise TextFileError("looks like a binary file (it contains NUL bytes); "
                            "save it as CSV (UTF-8) or plain text")
    try:
        text, encoding = data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        try:
            text, encoding = data.decode("cp1252"), "windows-1252"
        except UnicodeDecodeError:
            line = data[: exc.start].count(b"\n") + 1
            raise TextFileError(f"line {line}: not UTF-8 or Windows-1252 text; "
                                "save the file as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding
