"""The Dutch dictionary (OpenTaal, through Hunspell), with its verdicts kept on disk.

Hunspell is slow here: the chunspell wheels carry an unoptimised build, which takes up to
70 ms to look up a long compound and up to 0.7 s to suggest a correction for one. So every
verdict is kept in the project's ``.kamerbrief-cache/``: a later check (or a preview rebuild)
looks up only the words it has not seen before, and imports and loads Hunspell (0.2 s) only
then. The cache is keyed by the dictionary's contents and the engine's files, never by when
they were installed (a CI run restores it warm) or by the project's word list, so adding a
word to ``woorden.txt`` costs nothing; a cache that is missing, stale, unreadable or corrupt
is ignored and written anew.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterable
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, TypeGuard

DICTIONARIES = Path(__file__).parent / "dictionaries"
# A report language's primary subtag → the dictionary's file stem in DICTIONARIES. OpenTaal
# spells Dutch as the Taalunie does, in the Netherlands and in Belgium alike.
LANGUAGES = {"nl": "nl_NL"}
ENGINE = "hunspell"  # the import name of chunspell (pyproject.toml)
CACHE_DIR = ".kamerbrief-cache"
CACHE_FORMAT = 2  # 2: keyed by content, not install time
SUGGESTIONS = 3
# Suggestions cost up to 0.7 s a word: past this many seconds in one check the rest wait
# for the next check (each run adds what it found to the cache).
SUGGEST_BUDGET = 2.0
LONGEST_LOOKUP = 80  # longer "words" are garbage (a pasted hash): unknown, never looked up
# Suggestions only for what can be a misspelt Dutch word: Latin letters, no capital past the
# first (JenV, RvIG are abbreviations; Greek or Chinese is no Dutch), at most 40 letters.
_SUGGESTIBLE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ'’][a-zß-öø-ÿ'’-]{1,39}")


class SpellingUnavailable(Exception):
    """No dictionary for the language, or no engine installed: the spelling is not checked."""


def dictionary_for(language: str) -> str:
    """The dictionary for a BCP 47 tag (nl-NL → nl_NL); "" when kamerbrief has none."""
    return LANGUAGES.get(language.split("-", 1)[0].strip().lower(), "")


def _stamps(paths: Iterable[Path], digest: bool = False) -> list[list[object]]:
    """Name and size of each file, and with ``digest`` a hash of its bytes: what the verdicts
    depend on, never when the file was installed, so a cache restored on another machine
    or after a reinstall (a CI run) still counts (about 4 ms for the Dutch dictionary)."""
    stamps: list[list[object]] = []
    for path in sorted(paths):
        try:
            stamp: list[object] = [path.name, path.stat().st_size]
            if digest:
                stamp.append(hashlib.sha256(path.read_bytes()).hexdigest()[:16])
        except OSError:
            continue
        stamps.append(stamp)
    return stamps


def _engine_files() -> list[Path]:
    """The engine's installed files, found without importing it (that costs a dictionary
    load's worth of time only when a word needs looking up)."""
    spec = find_spec(ENGINE)
    if spec is None or not spec.submodule_search_locations:
        raise SpellingUnavailable(
            "the spelling engine is not installed (pip install chunspell, or reinstall kamerbrief)")
    folder = Path(next(iter(spec.submodule_search_locations)))
    return [path for path in folder.iterdir() if path.is_file()]


@lru_cache(maxsize=2)
def _engine(name: str) -> Any:
    """The Hunspell object for a dictionary, loaded once per process (the preview reuses it)."""
    try:
        import hunspell  # chunspell: 0.2 s with the Dutch dictionary

        return hunspell.Hunspell(name, hunspell_data_dir=str(DICTIONARIES))
    # a broken install (HunspellFilePathError is an OSError), or another package's 'hunspell'
    except (ImportError, OSError, AttributeError, TypeError) as exc:
        raise SpellingUnavailable(f"the spelling engine cannot load: {exc}") from None


class Speller:
    """Which words one dictionary knows, and its suggestions for those it does not.

    ``known`` and ``suggestions`` answer from the cache file when they can; ``save`` writes
    back the verdicts of the words asked in this run (and only those, so the file does not
    grow with every edit), when anything was new.
    """

    def __init__(self, name: str, cache_folder: Path | None = None) -> None:
        if not (DICTIONARIES / f"{name}.dic").is_file():
            raise SpellingUnavailable(f"kamerbrief has no dictionary '{name}'")
        self.name = name
        self.key = [name, _stamps(DICTIONARIES.glob(f"{name}.*"), digest=True),
                    _stamps(_engine_files())]
        self.path = cache_folder / f"spelling-{name}.json" if cache_folder else None
        self._verdicts: dict[str, bool] = {}
        self._suggestions: dict[str, list[str]] = {}
        self._asked: set[str] = set()
        self._new = False
        self._suggest_time = 0.0
        self.lookups = 0  # words looked up in the dictionary by this object (not cached)
        self._load()

    def _load(self) -> None:
        if self.path is None:
            return
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return  # none yet, unreadable or not JSON: start afresh
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT \
                or data.get("key") != self.key:
            return
        known, unknown, suggestions = (data.get("known"), data.get("unknown"),
                                       data.get("suggestions"))
        if not (_strings(known) and _strings(unknown) and isinstance(suggestions, dict)
                and all(isinstance(word, str) and _strings(found)
                        for word, found in suggestions.items())):
            return
        self._verdicts = {word: True for word in known} | {word: False for word in unknown}
        self._suggestions = {word: list(found) for word, found in suggestions.items()
                             if word in self._verdicts}

    def known(self, words: Iterable[str]) -> set[str]:
        """The words the dictionary knows, of ``words``."""
        words = set(words)
        self._asked |= words
        missing = [word for word in words if word not in self._verdicts]
        if missing:
            self._new = True
            for word in missing:
                self.lookups += 1
                self._verdicts[word] = len(word) <= LONGEST_LOOKUP and _spell(self.name, word)
        return {word for word in words if self._verdicts[word]}

    def suggestions(self, word: str) -> list[str]:
        """Up to SUGGESTIONS corrections the dictionary offers for an unknown word."""
        if word in self._suggestions:
            return self._suggestions[word]
        if not _SUGGESTIBLE.fullmatch(word) or self._suggest_time > SUGGEST_BUDGET:
            return []
        started = time.perf_counter()
        found = [s for s in _engine(self.name).suggest(word) if s != word][:SUGGESTIONS]
        self._suggest_time += time.perf_counter() - started
        self._suggestions[word] = found
        self._new = True
        return found

    def save(self) -> None:
        """Write the verdicts of this run's words; a folder that cannot be written is no error
        (the next check looks the words up again)."""
        if self.path is None or not self._new:
            return
        asked = {word: self._verdicts[word] for word in self._asked if word in self._verdicts}
        data = {"format": CACHE_FORMAT, "key": self.key,
                "known": sorted(word for word, ok in asked.items() if ok),
                "unknown": sorted(word for word, ok in asked.items() if not ok),
                "suggestions": {word: found for word, found in sorted(self._suggestions.items())
                                if word in asked}}
        try:
            _write_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=0))
        except OSError:
            return
        self._new = False


def _spell(name: str, word: str) -> bool:
    try:
        return bool(_engine(name).spell(word))
    except UnicodeError:  # a lone surrogate from a damaged file: no word of any dictionary
        return False


def _strings(value: object) -> TypeGuard[list[str]]:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so that a check running at the
    same time (a preview beside a pre-commit hook) reads the old file or the new, never half.
    A new cache folder gets a .gitignore that ignores it whole, as pytest's and ruff's do."""
    folder = path.parent
    if not folder.is_dir():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / ".gitignore").write_text("# kamerbrief's cache: safe to delete\n*\n",
                                           encoding="utf-8")
    temporary = folder / f".{path.name}.{os.getpid()}.{os.urandom(6).hex()}.tmp"
    try:
        with temporary.open("x", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
