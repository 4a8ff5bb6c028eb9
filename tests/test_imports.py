"""The package's imports flow forward through the stages, with no cycle (read from the source with ``ast``).

The stage order is written here once.  A module may import modules of its own layer and of the layers
before it, never of a later one; the render kit imports no page module; developer tools (``annals_dev``)
are never imported at module level by the package.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
PACKAGE = SCRIPTS / "annals"

STAGES: tuple[tuple[str, ...], ...] = (
    ("annals.model",),  # frozen records: imported by every stage, imports none
    ("annals.ingest",),  # load and parse archive/
    ("annals.annotate",),  # per article: mentions, quotations, elections, editorial anchors
    ("annals.link",),  # cross-article: same event, same statement, editorial checks
    ("annals.render",),  # pages and data files, pure
    ("annals.publish",),  # docs/ writer, registry of published URLs, MkDocs, Pagefind
    ("annals.cache", "annals.progress"),  # what the pipeline uses to run the stages
    ("annals.pipeline",),  # check() and build(): every stage in order
    ("annals.serve",),  # the live preview: runs the pipeline on every edit
    ("annals.cli", "annals.__main__"),  # the `annals` command
)
"""The allowed order: each entry is a layer (module names, or packages with everything inside them)."""

KIT = "annals.render.kit"
KIT_MAY_IMPORT = ("annals.model", "annals.render.html", "annals.render.rawhtml")
"""What the render kit may import: the records and the escaping helpers, no page module."""


def module_name(path: Path) -> str:
    parts = path.relative_to(SCRIPTS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path) -> list[tuple[str, int, bool]]:
    """(imported module, line, at module level) for every import of an ``annals`` module (or ``annals_dev``)."""
    return _imports(name, path, path.read_text(encoding="utf-8"))


@functools.cache
def _imports(name: str, path: Path, source: str) -> list[tuple[str, int, bool]]:
    tree = ast.parse(source)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    known = modules()
    top_level = {id(node) for node in tree.body}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
        else:
            continue
        for target in targets:
            if target.split(".")[0] in ("annals", "annals_dev") and target != name:
                out.append((target, node.lineno, id(node) in top_level))
    return out


def layer_of(name: str) -> int:
    for i, layer in enumerate(STAGES):
        if any(name == entry or name.startswith(entry + ".") for entry in layer):
            return i
    raise LookupError(name)


def test_every_module_has_a_place_in_the_stage_order():
    unplaced = []
    for name in modules():
        if name == "annals":
            continue
        try:
            layer_of(name)
        except LookupError:
            unplaced.append(name)
    assert unplaced == [], f"add these modules to STAGES in {Path(__file__).name}"


def test_no_module_imports_a_later_stage():
    upward = []
    for name, path in modules().items():
        if name == "annals":
            continue
        for target, line, _ in imports(name, path):
            if target == "annals" or target.startswith("annals_dev"):
                continue
            if layer_of(target) > layer_of(name):
                upward.append(f"{path.relative_to(SCRIPTS)}:{line}: {name} imports {target}, a later stage")
    assert upward == []


def test_the_package_has_no_import_cycle():
    graph = {name: {t for t, _, _ in imports(name, path) if t in modules()} for name, path in modules().items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert cycles == []


def test_the_render_kit_imports_no_page_module():
    found = sorted({t for t, _, _ in imports(KIT, modules()[KIT])})
    assert [t for t in found if t not in KIT_MAY_IMPORT] == []


def test_the_package_imports_developer_tools_only_on_demand():
    at_load = [f"{name}: {t}" for name, path in modules().items() for t, _, top in imports(name, path)
               if t.startswith("annals_dev") and top]
    assert at_load == []


@pytest.mark.parametrize("source, expected", [
    ("from annals.render import site\n", ["annals.render.site"]),
    ("from annals.render.kit import RenderConfig\n", ["annals.render.kit"]),
    ("def f():\n    from annals.pipeline import check\n", ["annals.pipeline"]),
    ("from ..pipeline import check\n", ["annals.pipeline"]),
])
def test_the_import_reader_sees_every_form_of_import(source, expected):
    """The test's own reader: absolute, relative and function-level imports are all seen."""
    found = _imports("annals.render.probe", PACKAGE / "render" / "probe.py", source)
    assert [t for t, _, _ in found] == expected
