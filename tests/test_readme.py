"""The README is a door: it names every module that exists, and points only at documents in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def architecture() -> str:
    return README.split("## Architecture", 1)[1].split("\n## ", 1)[0]


def test_the_architecture_section_names_every_module():
    text = architecture()
    missing = []
    for top in ("annals", "annals_dev"):
        for path in sorted((ROOT / "scripts" / top).rglob("*.py")):
            rel = path.relative_to(ROOT / "scripts" / top)
            if rel.name == "__init__.py" and rel.parent != Path("."):
                continue  # a subpackage is named by its folder
            name = rel.as_posix() if top == "annals" else f"annals_dev/{rel.as_posix()}"
            folder = (rel.parent.as_posix() + "/") if rel.parent != Path(".") else ""
            named = (f"`{name}`" in text or f"`{rel.stem}`" in text and f"`{folder}" in text)
            if not named and rel.name != "__init__.py":
                missing.append(name)
    assert missing == []


def test_every_document_the_readme_points_at_exists():
    paths = set(re.findall(r"`((?:doc|scripts|tests|archive|\.github)/[^`\s]+?)`", README))
    paths = {p for p in paths if "<" not in p and "*" not in p}
    assert paths and [p for p in sorted(paths) if not (ROOT / p).exists()] == []
