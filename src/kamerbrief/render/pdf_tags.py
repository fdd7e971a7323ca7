"""Mend WeasyPrint's PDF/UA tag tree where it falls short of what screen readers need.

WeasyPrint 70 tags table header cells as /TH with ``/A << /O /Table >>`` and /ID-/Headers
links, but gives them no /Scope (Kozea/WeasyPrint#2508), so a screen reader cannot tell
column headers from row headers. This finisher, run on WeasyPrint's own PDF objects just
before they are written, adds ``/Scope /Column`` to header cells under /THead and
``/Scope /Row`` to those in /TBody. It changes nothing else and costs no second PDF pass.
"""

from __future__ import annotations

from typing import Any


def _number(reference: Any) -> int | None:
    """'12 0 R' (bytes or str) → 12."""
    text = reference.decode() if isinstance(reference, bytes) else str(reference)
    head = text.split(" ", 1)[0]
    return int(head) if head.isdigit() else None


def scope_table_headers(document: Any, pdf: Any) -> int:
    """WeasyPrint ``finisher``: give every /TH a /Scope; returns how many were mended."""
    objects: dict[int, Any] = {}
    for obj in pdf.objects:
        number = getattr(obj, "number", None)
        if isinstance(obj, dict) and number is not None:
            objects[number] = obj

    def kind(element: dict | None) -> str:
        return str(element.get("S", "")) if element is not None else ""

    def parent(element: dict | None) -> dict | None:
        if element is None:
            return None
        number = _number(element.get("P", b""))
        return objects.get(number) if number is not None else None

    mended = 0
    for element in objects.values():
        attributes = element.get("A")
        if kind(element) != "/TH" or not isinstance(attributes, dict) or "Scope" in attributes:
            continue
        row = parent(element)
        section = kind(parent(row)) if kind(row) == "/TR" else ""
        attributes["Scope"] = "/Column" if section == "/THead" else "/Row"
        mended += 1
    return mended
