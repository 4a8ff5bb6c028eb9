"""The README is a door (what it is, the two commands, an editor's workflow, deploying, a short account of
how it is built); the engineering reference is in doc/development.md, which names every module that
exists.  Both point only at documents in the repository."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
DEVELOPMENT = (ROOT / "doc" / "development.md").read_text(encoding="utf-8")


def section(text: str, heading: str) -> str:
    return text.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_starts_with_the_two_commands():
    """The first thing to run, before anything else the README shows: ``make site`` and ``make test``."""
    first_block = re.search(r"```[a-z]*\n(.*?)```", README, re.S)
    assert first_block and first_block.start() < README.index("\n## ")
    assert first_block.group(1).splitlines() == ["make site", "make test"]


def test_the_readme_is_a_door():
    headings = re.findall(r"^## (.+)$", README, re.M)
    assert headings == ["An editor's workflow", "Deploying to GitHub Pages", "Reliability", "How it is built",
                        "More"]
    assert "`doc/development.md`" in section(README, "How it is built")
    assert "| module |" not in README  # the module table is reference: doc/development.md
    assert len(README.splitlines()) < 100


def test_the_readme_names_every_stage_and_the_modules_on_top():
    text = section(README, "How it is built")
    package = ROOT / "scripts" / "annals"
    stages = sorted(p.name for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists())
    on_top = sorted(p.name for p in package.glob("*.py") if p.name not in ("__init__.py", "__main__.py"))
    assert [s for s in stages if f"`{s}/`" not in text] == []
    assert [m for m in on_top if f"`{m}`" not in text] == []


def test_doc_development_names_every_module():
    text = section(DEVELOPMENT, "Modules")
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


def test_every_document_the_readme_and_the_developers_guide_point_at_exists():
    for text in (README, DEVELOPMENT):
        paths = set(re.findall(r"`((?:doc|scripts|tests|archive|\.github)/[^`\s]+?)`", text))
        paths = {p for p in paths if "<" not in p and "*" not in p}
        assert paths and [p for p in sorted(paths) if not (ROOT / p).exists()] == []
