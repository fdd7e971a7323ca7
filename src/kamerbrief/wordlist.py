"""The project's word list (``woorden.txt``): names, abbreviations and terms that no Dutch
dictionary can know, one word a line, ``#`` for comments.

Kept apart from the spelling check so that ``check --add-words`` can write it and a test can
read it without a dictionary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kamerbrief.readers.textfile import read_text

WORD_LIST = "woorden.txt"

HEADER = """\
# Words the spelling check (KB730) accepts besides the Dutch dictionary: names,
# abbreviations and terms. One word a line; a line or the rest of a line after # is a comment.
# A lower-case word is also accepted with a capital at the start of a sentence.
"""


def _normal(word: str) -> str:
    """Curly and straight apostrophes are one character, as typography.py may turn either into
    the other."""
    return word.replace("’", "'")


def _entries(text: str) -> Iterable[str]:
    for line in text.splitlines():
        yield from line.split("#", 1)[0].split()


@dataclass(frozen=True)
class WordList:
    words: frozenset[str] = frozenset()

    @classmethod
    def from_text(cls, text: str) -> WordList:
        return cls(frozenset(_normal(word) for word in _entries(text)))

    def __contains__(self, word: object) -> bool:
        """Listed as written; with a capital at the start (a sentence opens with it) when the
        entry is lower case; or listed without its "'s" (a name's plural or genitive)."""
        if not isinstance(word, str):
            return False
        word = _normal(word)
        forms = {word, word[:1].lower() + word[1:]}
        if word.endswith("'s"):
            forms |= {form[:-2] for form in forms}
        return not forms.isdisjoint(self.words)

    def __len__(self) -> int:
        return len(self.words)


def read_word_list(path: Path) -> WordList:
    """The list in ``path``; empty when there is none. Raises readers.textfile.TextFileError
    when the file is there but is no text."""
    if not path.exists():
        return WordList()
    text, _ = read_text(path)
    return WordList.from_text(text)


def add_words(path: Path, words: Iterable[str]) -> list[str]:
    """Append the words not yet listed to ``path``, sorted, each once; every existing line and
    comment stays as it is. A new file starts with a comment saying what it is. Returns the
    words added."""
    existing = read_word_list(path)
    fresh = {word for word in words if word and word not in existing}
    # "ondernijning" covers "Ondernijning" at a sentence start: list the lower-case one only
    new = sorted((word for word in fresh if word[:1].lower() + word[1:] == word
                  or word[:1].lower() + word[1:] not in fresh),
                 key=lambda word: (word.casefold(), word))
    if not new:
        return []
    text = read_text(path)[0] if path.exists() else HEADER
    if text and not text.endswith("\n"):
        text += "\n"
    text += "".join(f"{word}\n" for word in new)
    # a file saved on Windows keeps its line ends
    crlf = path.exists() and b"\r\n" in path.read_bytes()
    with path.open("w", encoding="utf-8", newline="\r\n" if crlf else "\n") as out:
        out.write(text)
    return new
