"""Shared test helpers: the repo's paths, a project copy in a temp folder, and page text extraction."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import lxml.html
import pytest

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT / "archive"
SEEDS = ROOT.parent / "shared" / "seeds"
HAND_WRITTEN = ("about.md", "assets")  # docs/ entries that are not generated


def make_project(tmp: Path, archive: Path | None = ARCHIVE) -> Path:
    """A self-contained project folder: mkdocs.yml, the hand-written docs, and a copy of an archive."""
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    (tmp / "docs").mkdir(exist_ok=True)
    for name in HAND_WRITTEN:
        src = ROOT / "docs" / name
        if src.is_dir():
            shutil.copytree(src, tmp / "docs" / name, dirs_exist_ok=True)
        else:
            shutil.copy(src, tmp / "docs" / name)
    if archive is not None:
        shutil.copytree(archive, tmp / "archive")
    return tmp


def run_annals(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the real `annals` command (the console script's module) in ``cwd``."""
    return subprocess.run([sys.executable, "-m", "annals", *args], cwd=cwd, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "NO_MKDOCS_2_WARNING": "1", "HOME": str(cwd)})


def visible_text(html_bytes: bytes, selector: str = ".annals-source") -> str:
    """Whitespace-normalised text of the elements matching ``selector`` (annotation furniture excluded)."""
    doc = lxml.html.fromstring(html_bytes)
    for el in doc.cssselect(".annals-annotation"):
        el.drop_tree()
    parts = [" ".join(el.text_content().split()) for el in doc.cssselect(selector)]
    return " ".join(parts)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The seed archive built once into a temp project (docs/ and site/)."""
    project = make_project(tmp_path_factory.mktemp("site"))
    result = run_annals("build", cwd=project)
    assert result.returncode == 0, result.stderr
    return project
