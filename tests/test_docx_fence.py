"""python-docx's internals are fenced into ``render/docx_ooxml.py``.

kamerbrief needs a few things python-docx keeps private (``Paragraph._p``, ``Part._blob``,
``PackageWriter._write_parts``, the part-class registry…). They live in one module, so a
python-docx release that moves them breaks that module only. These tests keep it so:

* outside the fence, a module that imports python-docx reads no ``_private`` attribute
  (except on its own ``self``/``cls``, and none of its classes derives from python-docx),
  imports nothing private and only from python-docx's documented modules;
* importing kamerbrief changes no python-docx global: the footnotes part is registered by
  the renderer when a document starts, not as an import side effect.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "kamerbrief"
FENCE = PACKAGE / "render" / "docx_ooxml.py"

# python-docx's documented API: the modules its API reference describes. ``None`` allows
# every name of the module, a set only those names.
PUBLIC_MODULES: dict[str, set[str] | None] = {
    "docx": {"Document"},
    "docx.document": None,
    "docx.enum": None,
    "docx.shared": None,
    "docx.section": None,
    "docx.settings": None,
    "docx.styles": None,
    "docx.table": None,
    "docx.text": None,
    "docx.oxml": {"OxmlElement"},
    "docx.oxml.ns": None,
}
_SUBMODULES_ALLOWED = ("docx.enum.", "docx.styles.", "docx.text.")
_INTROSPECTION = {"getattr", "setattr", "hasattr", "delattr"}


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _is_docx(module: str) -> bool:
    return module == "docx" or module.startswith("docx.")


def _public_module(module: str) -> set[str] | None | bool:
    """The allowed names of ``module`` (None: all), or False when it is not public."""
    if module in PUBLIC_MODULES:
        return PUBLIC_MODULES[module]
    return None if module.startswith(_SUBMODULES_ALLOWED) else False


def _public_path(dotted: str) -> bool:
    """Whether ``docx.a.b.c`` (reached through ``import docx``) stays in the public API."""
    parts = dotted.split(".")
    for length in range(len(parts), 0, -1):
        allowed = _public_module(".".join(parts[:length]))
        if allowed is not False:
            return length == len(parts) or allowed is None or parts[length] in allowed
    return False


def _dotted(node: ast.expr) -> str | None:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _imports_docx(tree: ast.Module) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(_is_docx(alias.name) for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and node.module and _is_docx(node.module):
            return True
    return False


def fence_violations(path: Path) -> list[str]:
    """Each access past python-docx's public API in ``path``, as 'line: what'; nothing for a
    module that does not import python-docx."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    if not _imports_docx(tree):
        return []
    docx_names: set[str] = set()  # local names bound to python-docx modules or objects
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_docx(alias.name):
                    docx_names.add((alias.asname or alias.name).split(".")[0])
                    if _public_module(alias.name) is False:
                        found.append(f"{node.lineno}: import {alias.name} (not public API)")
        elif isinstance(node, ast.ImportFrom) and node.module and _is_docx(node.module):
            allowed = _public_module(node.module)
            for alias in node.names:
                docx_names.add(alias.asname or alias.name)
                if _is_private(alias.name):
                    found.append(f"{node.lineno}: from {node.module} import {alias.name} (private)")
                elif allowed is False or (allowed is not None and alias.name not in allowed):
                    found.append(f"{node.lineno}: from {node.module} import {alias.name} "
                                 "(not public API)")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = node.value
            own = isinstance(owner, ast.Name) and owner.id in ("self", "cls")
            if _is_private(node.attr) and not own:
                found.append(f"{node.lineno}: .{node.attr}")
            dotted = _dotted(node)
            if dotted and dotted.startswith("docx.") and "docx" in docx_names and \
                    not _public_path(dotted):
                found.append(f"{node.lineno}: {dotted} (not public API)")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
                node.func.id in _INTROSPECTION and len(node.args) >= 2:
            name = node.args[1]
            if isinstance(name, ast.Constant) and isinstance(name.value, str) and \
                    _is_private(name.value):
                found.append(f"{node.lineno}: {node.func.id}(…, {name.value!r})")
        elif isinstance(node, ast.ClassDef):
            for base in node.bases:
                root = _dotted(base)
                if root and root.split(".")[0] in docx_names:
                    found.append(f"{node.lineno}: class {node.name} derives from python-docx's "
                                 f"{root}")
    return found


def _modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path != FENCE)


def test_python_docx_internals_are_used_in_docx_ooxml_only() -> None:
    problems = {str(path.relative_to(SRC)): found for path in _modules()
                if (found := fence_violations(path))}
    assert not problems, "python-docx internals outside render/docx_ooxml.py: " + \
        json.dumps(problems, indent=2, ensure_ascii=False)


def test_the_fence_rule_sees_the_docx_modules() -> None:
    """The rule is not vacuous: the renderer's modules are among those it reads."""
    users = {path.relative_to(PACKAGE).as_posix() for path in _modules()
             if _imports_docx(ast.parse(path.read_text(encoding="utf-8")))}
    assert {"render/docx.py", "render/docx_tables.py", "render/docx_footnotes.py",
            "render/docx_package.py", "render/docx_styles.py", "styles/rijk/make_template.py"} <= users


@pytest.mark.parametrize("source", [
    "from docx.text.paragraph import Paragraph\ndef f(p: Paragraph):\n    return p._p\n",
    "from docx.opc.part import PartFactory\n",
    "from docx.table import _Cell\n",
    "import docx\nx = docx.opc.part.PartFactory\n",
    "from docx.oxml import register_element_cls\n",
    "from docx.parts.story import StoryPart\nclass P(StoryPart):\n    pass\n",
    "from docx import Document\ngetattr(Document(), '_body')\n",
    "from docx.section import Section\nclass S(Section):\n    def f(self):\n        return self._sectPr\n",
])
def test_the_rule_catches_private_use(tmp_path: Path, source: str) -> None:
    module = tmp_path / "example.py"
    module.write_text(source, encoding="utf-8")
    assert fence_violations(module)


def test_the_rule_allows_public_use_and_own_privates(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text(
        "from docx import Document\nfrom docx.oxml.ns import qn\nfrom docx.shared import Pt\n"
        "from docx.enum.text import WD_BREAK\nimport docx\nimport docx.text.paragraph\n"
        "x = docx.Document, docx.text.paragraph.Paragraph, docx.enum.text.WD_BREAK\n"
        "class R:\n    def __init__(self):\n        self._document = Document()\n"
        "    def size(self):\n        return self._document.styles\n",
        encoding="utf-8")
    assert fence_violations(module) == []


# ---------------------------------------------------------------- no global change on import

_SNAPSHOT = """
import docx
from docx.opc.part import PartFactory
from docx.oxml.ns import nsmap
from docx.oxml.parser import element_class_lookup


def snapshot():
    namespaces = {uri: sorted((name.decode() if isinstance(name, bytes) else str(name), repr(cls))
                              for name, cls in element_class_lookup.get_namespace(uri).items())
                  for uri in sorted(set(nsmap.values()))}
    parts = sorted((content_type, repr(cls)) for content_type, cls in PartFactory.part_type_for.items())
    return {"parts": parts, "selector": repr(PartFactory.part_class_selector),
            "elements": namespaces}
"""

_IMPORT_ALL = _SNAPSHOT + """
import importlib
import importlib.util
import json
import pkgutil
import sys

before = snapshot()
import kamerbrief.render.docx_footnotes  # the module that used to register on import
after_footnotes = snapshot()
import kamerbrief
for info in pkgutil.walk_packages(kamerbrief.__path__, "kamerbrief."):
    if not info.name.endswith("__main__"):
        importlib.import_module(info.name)
maker = sys.argv[1]
spec = importlib.util.spec_from_file_location("make_template", maker)
spec.loader.exec_module(importlib.util.module_from_spec(spec))
print(json.dumps({"before": before, "after_footnotes": after_footnotes, "after": snapshot()}))
"""


def _run(script: str, *args: str) -> dict:
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True,
                            timeout=120, cwd=SRC.parent)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_importing_kamerbrief_leaves_python_docx_unchanged() -> None:
    """A fresh interpreter: python-docx's part classes and element classes are the same
    after importing docx_footnotes, and after importing every kamerbrief module."""
    states = _run(_IMPORT_ALL, str(PACKAGE / "styles" / "rijk" / "make_template.py"))
    assert states["after_footnotes"] == states["before"]
    assert states["after"] == states["before"]


_REGISTER = _SNAPSHOT + """
import json

from docx.opc.constants import CONTENT_TYPE as CT

from kamerbrief.render.docx_ooxml import FootnotesPart, register_footnote_part

before = snapshot()
register_footnote_part()
once = snapshot()
register_footnote_part()
twice = snapshot()
print(json.dumps({"before": before, "once": once, "twice": twice,
                  "footnotes": PartFactory.part_type_for.get(CT.WML_FOOTNOTES) is FootnotesPart}))
"""


def test_the_footnote_part_is_registered_explicitly_and_idempotently() -> None:
    states = _run(_REGISTER)
    assert states["footnotes"]
    assert states["once"] != states["before"]
    assert states["twice"] == states["once"]
