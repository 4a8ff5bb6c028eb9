"""No module-level mutable state (read from the source with ``ast``): no function of the package fills,
empties or rebinds a module's dict, list or set, and none declares ``global``.

State that lives longer than a call belongs to an object the caller holds (a render's context, the
build's caches, ``annals serve``'s rebuilder), so that stages do not carry results into one another and a
long-running preview does not grow.  The exceptions still in the code are listed with their reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"
PACKAGE = SCRIPTS / "annals"

MUTATORS = {"append", "extend", "insert", "update", "setdefault", "pop", "popitem", "clear", "add", "discard",
            "remove"}
CONTAINERS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter"}

KNOWN = {
    ("annals.pipeline", "global _WORKER_GAZETTEERS, _WORKER_TODAY"):
        "the process pool's initializer hands the gazetteers to each worker once (per worker process)",
    ("annals.annotate.attribution.lexicon", "_LEX_CACHE"):
        "the compiled lexicon cached by id(); the attribution work (issue 17) is to build it once per archive "
        "and pass it in (the pipeline then hands it to the pool's workers once)",
}


def module_name(path: Path) -> str:
    parts = path.relative_to(SCRIPTS).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_container(value: ast.expr | None) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    return (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in CONTAINERS)


def findings(source: str) -> list[str]:
    """What a module's functions do to module-level containers, and its ``global`` statements."""
    tree = ast.parse(source)
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Assign) and _is_container(node.value):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and _is_container(node.value) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    out = []
    for func in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))):
        local = {a.arg for a in func.args.args + func.args.kwonlyargs} if not isinstance(func, ast.Lambda) else set()
        for node in ast.walk(func):
            if isinstance(node, ast.Global):
                out.append("global " + ", ".join(node.names))
            elif isinstance(node, (ast.Subscript, ast.Attribute)) and isinstance(node.value, ast.Name) \
                    and node.value.id in names and node.value.id not in local:
                if isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
                    out.append(node.value.id)
                elif isinstance(node, ast.Attribute) and node.attr in MUTATORS:
                    out.append(node.value.id)
    return sorted(set(out))


def test_no_function_changes_a_module_level_container_or_declares_global():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        found += [f"{path.relative_to(SCRIPTS)}: {what}" for what in findings(path.read_text(encoding="utf-8"))
                  if (name, what) not in KNOWN]
    assert found == []


def test_the_known_exceptions_are_still_there():
    """An exception that was removed is taken off the list (so that it cannot come back unnoticed)."""
    for (name, what), reason in KNOWN.items():
        path = SCRIPTS / (name.replace(".", "/") + ".py")
        assert path.is_file() and what in findings(path.read_text(encoding="utf-8")), (name, what, reason)


def test_the_reader_sees_a_memo_filled_by_a_function():
    source = "MEMO: dict = {}\nSEEN = set()\nLIMITS = {'a': 1}\n\ndef f(k, v):\n    MEMO[k] = v\n    SEEN.add(k)\n" \
             "    return LIMITS['a']\n\ndef g():\n    global COUNT\n    MEMO.clear()\n"
    assert findings(source) == ["MEMO", "SEEN", "global COUNT"]
