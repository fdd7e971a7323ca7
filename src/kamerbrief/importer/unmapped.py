"""What the importer could not map: each a place in the Word file and what happened there."""

from __future__ import annotations

from dataclasses import dataclass

EXCERPT = 40  # characters of the paragraph's text shown with its number


@dataclass(frozen=True)
class Unmapped:
    where: str  # 'paragraph 12' (counted through the whole document), 'footnote 3', 'the document'
    message: str
    excerpt: str = ""  # how the paragraph starts, to find it in Word

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"

    @property
    def place(self) -> str:
        if not self.excerpt:
            return self.where
        text = self.excerpt if len(self.excerpt) <= EXCERPT else self.excerpt[:EXCERPT] + "…"
        return f"{self.where} (“{text}”)"


class Reporter:
    """Collects Unmapped items in the order they were found, each once."""

    def __init__(self) -> None:
        self.items: list[Unmapped] = []
        self._seen: set[Unmapped] = set()

    def add(self, where: str, message: str) -> None:
        item = Unmapped(where, message)
        if item not in self._seen:
            self._seen.add(item)
            self.items.append(item)
