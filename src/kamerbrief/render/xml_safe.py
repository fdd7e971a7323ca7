"""Text that XML 1.0 can hold: one place that cleans the model before an XML renderer sees it.

Chapters and CSV files may carry control characters (a vertical tab pasted from Word, an
escape sequence from a terminal, a form feed). HTML shows them harmlessly, but XML 1.0 forbids
them and python-docx/lxml refuse the whole document. ``xml_safe_copy`` returns a deep copy of
the report with every string cleaned: vertical tab and form feed become a space (Word's own
line and page break characters), the other forbidden characters are dropped. The model itself
is never changed, so checks and other renderers see the source as written.
"""

from __future__ import annotations

import copy
from dataclasses import fields, is_dataclass
from decimal import Decimal
from enum import Enum
from typing import TypeVar

from kamerbrief.xml_chars import NOT_XML

T = TypeVar("T")


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (\\x0b and \\x0c become a space)."""
    return NOT_XML.sub(lambda m: " " if m.group() in "\x0b\x0c" else "", text)


def xml_safe_copy(obj: T) -> T:
    """``obj`` (a Report, or any model object) with every string cleaned: a deep copy when
    something needs cleaning, the object itself when nothing does (the usual case, and a
    deep copy of a whole report costs more than rendering its tables)."""
    if not _has_illegal(obj):
        return obj
    duplicate = copy.deepcopy(obj)
    return _clean(duplicate, set())


_ATOMS = (int, float, Decimal, type(None))


def _has_illegal(obj: object) -> bool:
    """Whether any string reachable from ``obj`` needs cleaning: an explicit stack instead of
    recursion, and instance dicts instead of ``dataclasses.fields`` (a report has some ten
    thousand objects, and this runs before every DOCX build)."""
    search = NOT_XML.search
    seen: set[int] = set()
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, Enum) or isinstance(item, _ATOMS):
            continue
        if isinstance(item, str):
            if search(item):
                return True
            continue
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif is_dataclass(item) and not isinstance(item, type):
            values = getattr(item, "__dict__", None)
            stack.extend(values.values() if values is not None else
                         (getattr(item, f.name) for f in fields(item)))
    return False


def _clean(obj, seen: set[int]):
    if isinstance(obj, Enum):  # StrEnum members are str: keep them, or `is` tests break
        return obj
    if isinstance(obj, str):
        return xml_text(obj) if NOT_XML.search(obj) else obj
    if id(obj) in seen:
        return obj
    if isinstance(obj, list):
        seen.add(id(obj))
        obj[:] = [_clean(item, seen) for item in obj]
    elif isinstance(obj, tuple):
        return tuple(_clean(item, seen) for item in obj)
    elif isinstance(obj, dict):
        seen.add(id(obj))
        items = [(_clean(key, seen), _clean(value, seen)) for key, value in obj.items()]
        obj.clear()
        obj.update(items)
    elif is_dataclass(obj) and not isinstance(obj, type):
        seen.add(id(obj))
        for field in fields(obj):
            object.__setattr__(obj, field.name, _clean(getattr(obj, field.name), seen))
    return obj
