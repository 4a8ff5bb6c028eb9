"""Packaging a newcomer can trust: pyproject.toml declares what the package imports, and nothing else."""

from __future__ import annotations

import ast
import functools
import sys
import tomllib
from importlib.metadata import packages_distributions as _packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "scripts" / "annals"


@functools.cache
def third_party_imports() -> dict[str, str]:
    """Top-level module -> the first file importing it, for every import of the package outside the stdlib."""
    out: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in ("annals", "annals_dev"):
                    out.setdefault(top, path.relative_to(ROOT).as_posix())
    return out


@functools.cache
def packages_distributions() -> dict[str, list[str]]:
    return _packages_distributions()


def declared() -> set[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {canonicalize_name(Requirement(r).name) for r in data["project"]["dependencies"]}


def test_every_runtime_import_is_a_declared_dependency():
    dists = packages_distributions()
    missing = {f"{module} ({where})": dists.get(module, ["not installed"])
               for module, where in third_party_imports().items()
               if not {canonicalize_name(d) for d in dists.get(module, [module])} & declared()}
    assert missing == {}


def test_every_declared_dependency_is_imported():
    dists = packages_distributions()
    used = {canonicalize_name(d) for module in third_party_imports() for d in dists.get(module, [module])}
    assert declared() - used == set()


def test_the_licence_is_an_spdx_expression():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert isinstance(project["license"], str) and project["license"].strip()
