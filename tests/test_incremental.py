"""Incremental builds give the bytes of a full build (issue 20, item 1).

One project is built once, then edited and built again after each edit, keeping ``docs/``, ``site/`` and
the cache between builds (the build stages hard-linked copies of the last output and rebuilds only what
changed); after each edit a second project with a copy of the same archive is built from nothing
(``--no-cache``, no previous output), and the two trees must be equal file for file, byte for byte.  The
edits: one article's text, ten articles added (newer than every other, so the edition date moves), one
article removed (and a redirect page put at its URL), a gazetteer entry, a hand-written page and
``mkdocs.yml`` (both make the site build whole).  Each incremental build must also leave the output it
replaced untouched (nothing written through a hard link), and build again only a few files when little
changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from annals_dev.synth import article_text, make_archive
from conftest import make_project, run_annals

pytestmark = pytest.mark.slow  # a dozen builds of a 40-article archive

N = 40


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def link_copy(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, copy_function=os.link)


def build(project: Path, *args: str) -> dict:
    """``annals build`` (the registry of published URLs is left out: removing an article would need a redirect
    for each of its anchors, which is not what this test is about)."""
    timings = project / "timings.json"
    result = run_annals("build", "--no-registry-update", "--timings-json", str(timings), *args, cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(timings.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("incremental")
    p = make_project(root / "inc", archive=None)
    make_archive(p / "archive", N)
    build(p)
    return p


def check_against_full(project: Path, tmp: Path, name: str) -> dict:
    """Build ``project`` again (incrementally) and a fresh copy of its archive from nothing; compare."""
    old_docs, old_site = tree(project / "docs"), tree(project / "site")
    link_copy(project / "site", tmp / f"{name}-old-site")
    link_copy(project / "docs", tmp / f"{name}-old-docs")
    timings = build(project)
    assert tree(tmp / f"{name}-old-site") == old_site, "the build wrote through a hard link into the old site"
    assert tree(tmp / f"{name}-old-docs") == old_docs, "the build wrote through a hard link into the old docs"
    fresh = make_project(tmp / f"{name}-fresh", archive=None)
    shutil.copytree(project / "archive", fresh / "archive", dirs_exist_ok=True)
    for rel in ("mkdocs.yml", "docs/about.md"):
        shutil.copy(project / rel, fresh / rel)
    build(fresh, "--no-cache")
    for folder in ("docs", "site"):
        got, want = tree(project / folder), tree(fresh / folder)
        differ = sorted(k for k in set(got) | set(want) if got.get(k) != want.get(k))
        assert not differ, f"{folder}/ differs from a full build after {name}: {differ[:20]}"
    leftovers = [p.name for p in project.iterdir() if ".annals-" in p.name]
    assert leftovers == []
    return timings


def test_nothing_changed_builds_nothing_again(project, tmp_path):
    timings = check_against_full(project, tmp_path, "no-edit")
    assert timings["site_files_built"] == 0


def test_an_edited_article(project, tmp_path):
    source = sorted((project / "archive" / "articles").glob("*.txt"))[5]
    text = source.read_text(encoding="utf-8")
    longest = max(text.split("\n"), key=len)
    source.write_text(text.replace(longest, longest + " Zanzibarwordedit.", 1), encoding="utf-8")
    timings = check_against_full(project, tmp_path, "edit")
    assert 1 <= timings["site_files_built"] < N  # the page, listings and data files that show it


def test_ten_added_articles_newer_than_the_rest(project, tmp_path):
    articles = project / "archive" / "articles"
    issued = project / "archive" / "issued-ids.txt"
    for serial in range(N + 1, N + 11):
        text, extra = article_text(99, serial)
        lines = text.split("\n")
        text = "\n".join([lines[0], "", "December 30, 2025", *lines[1:]])  # newer than every other article
        ident = f"a{serial:06d}"
        (articles / f"new{serial:06d}.txt").write_text(text, encoding="utf-8")
        (articles / f"new{serial:06d}.yml").write_text(f"id: {ident}\n", encoding="utf-8")
        issued.write_text(issued.read_text(encoding="utf-8") + ident + "\n", encoding="utf-8")
    check_against_full(project, tmp_path, "add")
    assert (project / "site" / "articles" / f"a{N + 10:06d}" / "index.html").is_file()


def test_a_removed_article_with_a_redirect(project, tmp_path):
    articles = project / "archive" / "articles"
    gone = sorted(articles.glob("*.txt"))[2]
    ident = next(line.split(":", 1)[1].strip() for line in gone.with_suffix(".yml").read_text().splitlines()
                 if line.startswith("id:"))
    gone.unlink()
    gone.with_suffix(".yml").unlink()
    (project / "archive" / "redirects.yml").write_text(f"- from: /articles/{ident}/\n  to: /articles/\n",
                                                       encoding="utf-8")
    check_against_full(project, tmp_path, "remove")
    page = project / "site" / "articles" / ident / "index.html"
    assert "This page has moved" in page.read_text(encoding="utf-8")


def test_an_edited_gazetteer(project, tmp_path):
    officials = project / "archive" / "officials.yml"
    text = officials.read_text(encoding="utf-8")
    assert "description: President of Russia" in text
    officials.write_text(text.replace("description: President of Russia", "description: Head of state of Russia", 1),
                         encoding="utf-8")
    check_against_full(project, tmp_path, "gazetteer")


def test_an_edited_hand_written_page_and_config_rebuild_the_site_whole(project, tmp_path):
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    timings = check_against_full(project, tmp_path, "hand-written")
    assert timings["site_files_built"] is None  # the whole site
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("site_name: Annals", "site_name: Annals (test)"),
                      encoding="utf-8")
    timings = check_against_full(project, tmp_path, "config")
    assert timings["site_files_built"] is None
