"""The package's imports form layers without cycles.

A cycle hidden by an import inside a function works until someone moves that import; this
test reads every module's imports (deferred ones included) and fails on any cycle, and on a
lower layer that reaches up into a higher one.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

# Lower layers never import higher ones: the model and its readers know nothing of checks,
# renderers, the build or the command line.
LAYERS: dict[str, tuple[str, ...]] = {
    "kamerbrief.model": ("kamerbrief.readers", "kamerbrief.checks", "kamerbrief.render",
                         "kamerbrief.build", "kamerbrief.cli", "kamerbrief.project",
                         "kamerbrief.config"),
    "kamerbrief.diagnostics": ("kamerbrief.readers", "kamerbrief.checks", "kamerbrief.render",
                               "kamerbrief.config", "kamerbrief.project"),
    "kamerbrief.codes": ("kamerbrief.checks", "kamerbrief.config", "kamerbrief.readers"),
    "kamerbrief.config": ("kamerbrief.checks", "kamerbrief.render", "kamerbrief.project",
                          "kamerbrief.build"),
    "kamerbrief.readers": ("kamerbrief.checks", "kamerbrief.render", "kamerbrief.project",
                           "kamerbrief.build", "kamerbrief.cli"),
    "kamerbrief.relations": ("kamerbrief.checks", "kamerbrief.render", "kamerbrief.build"),
    "kamerbrief.checks": ("kamerbrief.render", "kamerbrief.build", "kamerbrief.cli"),
    "kamerbrief.render": ("kamerbrief.checks", "kamerbrief.project", "kamerbrief.build",
                          "kamerbrief.cli", "kamerbrief.preview", "kamerbrief.review"),
    # opening an untrusted .docx, for both review and import: it serves them, knows neither
    "kamerbrief.docx_input": ("kamerbrief.review", "kamerbrief.importer", "kamerbrief.render",
                              "kamerbrief.checks", "kamerbrief.readers", "kamerbrief.project",
                              "kamerbrief.config", "kamerbrief.build", "kamerbrief.cli",
                              "kamerbrief.preview"),
    # `kamerbrief review` reads the project and the DOCX renderer's anchors
    "kamerbrief.review": ("kamerbrief.cli", "kamerbrief.preview", "kamerbrief.build",
                          "kamerbrief.importer"),
    # `kamerbrief import` writes a project's files; it reads Word, not the outputs
    "kamerbrief.importer": ("kamerbrief.render", "kamerbrief.build", "kamerbrief.cli",
                            "kamerbrief.preview", "kamerbrief.project"),
}
# Named exceptions to LAYERS, (importer, imported), each with its reason.
ALLOWED = {
    # KB121: whether a table fits a page is decided once, where it is laid out; the check asks
    # that module (light: packaged font widths, no font parser) rather than measure again.
    ("kamerbrief.checks.table_fit", "kamerbrief.render"),
    ("kamerbrief.checks.table_fit", "kamerbrief.render.table_layout"),
    # KB740: which characters the house font prints is packaged with its widths.
    ("kamerbrief.checks.characters", "kamerbrief.render"),
    ("kamerbrief.checks.characters", "kamerbrief.render.font_widths"),
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / "kamerbrief").rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _runtime_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node but those under ``if TYPE_CHECKING:``: an import only the type checker
    runs names a type, it does not make a module load another."""
    nodes: list[ast.AST] = []
    pending = [tree]
    while pending:
        node = pending.pop()
        nodes.append(node)
        if isinstance(node, ast.If) and ast.unparse(node.test) in {"TYPE_CHECKING",
                                                                   "typing.TYPE_CHECKING"}:
            pending.extend(node.orelse)
            continue
        pending.extend(ast.iter_child_nodes(node))
    return nodes


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every kamerbrief module ``name`` imports at run time, at the top or inside a function; importing
    a submodule also runs its parent packages' ``__init__``."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.add(full if full in modules else base)
        elif isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
    result = set()
    for target in targets:
        parts = target.split(".")
        for end in range(1, len(parts) + 1):
            parent = ".".join(parts[:end])
            if parent in modules and parent != name and not name.startswith(parent + "."):
                result.add(parent)
    return result


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_import_cycles() -> None:
    assert _cycles(_graph()) == []


def test_the_cycle_finder_finds_a_cycle_through_a_deferred_import() -> None:
    graph = _graph()
    graph["kamerbrief.model"] = graph["kamerbrief.model"] | {"kamerbrief.walk"}  # walk → model
    cycles = _cycles(graph)
    assert any({"kamerbrief.model", "kamerbrief.walk"} <= set(cycle) for cycle in cycles)


def test_lower_layers_do_not_import_higher_ones() -> None:
    wrong = []
    for name, targets in _graph().items():
        for layer, forbidden in LAYERS.items():
            if name == layer or name.startswith(layer + "."):
                wrong += [f"{name} imports {t}" for t in sorted(targets)
                          if any(t == f or t.startswith(f + ".") for f in forbidden)
                          and (name, t) not in ALLOWED]
    assert wrong == []
