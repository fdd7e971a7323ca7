"""Mend WeasyPrint's PDF/UA tag tree where it falls short of what screen readers need.

WeasyPrint 70 tags table header cells as /TH but gives them no /Scope attribute
(Kozea/WeasyPrint#2508), so a screen reader cannot tell column headers from row headers.
This pass adds ``/Scope /Column`` to the /Table attributes of header cells under /THead
and ``/Scope /Row`` to those in the body. It leaves everything else as WeasyPrint wrote it.
"""

from __future__ import annotations

import io


def _add_scope(node: object, scope: str) -> bool:
    """Give a /TH a /Scope in its /Table attribute dictionary; False when it had one."""
    import pikepdf

    attributes = node.get("/A")  # type: ignore[attr-defined]
    candidates = list(attributes) if isinstance(attributes, pikepdf.Array) else \
        [attributes] if attributes is not None else []
    for item in candidates:
        if isinstance(item, pikepdf.Dictionary) and str(item.get("/O", "")) == "/Table":
            if "/Scope" in item:
                return False
            item.Scope = pikepdf.Name(scope)
            return True
    table = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=pikepdf.Name(scope))
    if isinstance(attributes, pikepdf.Array):
        attributes.append(table)
    elif attributes is not None:
        node.A = pikepdf.Array([attributes, table])  # type: ignore[attr-defined]
    else:
        node.A = table  # type: ignore[attr-defined]
    return True


def add_table_header_scope(pdf_bytes: bytes) -> tuple[bytes, int]:
    """Return the mended PDF and the number of /TH elements that received a scope."""
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return pdf_bytes, 0
    mended = 0
    stack: list[tuple[object, str]] = [(root, "")]
    seen: set[tuple[int, int]] = set()
    while stack:
        node, section = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            key = node.objgen
            if key in seen:
                continue
            seen.add(key)
        kind = str(node.get("/S", ""))
        if kind in ("/THead", "/TBody", "/TFoot"):
            section = kind
        if kind == "/TH" and _add_scope(node, "/Column" if section == "/THead" else "/Row"):
            mended += 1
        kids = node.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend((kid, section) for kid in reversed(list(kids)))
        elif kids is not None:
            stack.append((kids, section))
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue(), mended
