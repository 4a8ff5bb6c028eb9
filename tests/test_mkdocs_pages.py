"""MkDocs' pages built by two processes (``publish.mkdocs.build_pages``): the same site, byte for byte, as one
process builds, and the same warnings, whichever process met them (``--strict`` counts them all)."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
import yaml

from annals.publish import mkdocs as mk
from annals.render import kit as R
from conftest import ROOT

PAGES = 12


def project(tmp: Path) -> Path:
    """mkdocs.yml's theme and extensions, a titled nav of one page, and PAGES generated pages out of the nav;
    two neighbouring pages (one for each process) link to a missing anchor and to a missing page."""
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg.update(plugins=[], nav=[{"Home": "index.md"}], not_in_nav="/p*/\n")  # (no plugins: MkDocs' search)
    (tmp / "mkdocs.yml").write_text(yaml.safe_dump(cfg), encoding="utf-8")
    (tmp / "overrides").symlink_to(ROOT / "overrides")
    docs = tmp / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nSee [the first page](p00/index.md#p1).\n", encoding="utf-8")
    for i in range(PAGES):
        body = f'<h1 id="top">Page {i}</h1><p id="p1">Text of page {i}.</p>'
        (docs / f"p{i:02d}").mkdir()
        (docs / f"p{i:02d}" / "index.md").write_text(R.front_matter({"title": f"Page {i}"}) + body + "\n",
                                                     encoding="utf-8")
    for i in (6, 7):  # p06/a.md, p06/b.md: neighbours in MkDocs' order, so each process builds one
        (docs / "p06" / "ab"[i - 6]).with_suffix(".md").write_text(
            f"# Notes {i}\n\n[a missing anchor](index.md#nope{i}), [a missing page](../nowhere{i}.md).\n",
            encoding="utf-8")
    return tmp


def build(tmp: Path, name: str, parallel_min: int, strict: bool = False) -> list[str]:
    cfg = mk.load(tmp / "mkdocs.yml", tmp / "docs", tmp / name, strict)
    assert mk.page_by_page(cfg)
    logger = logging.getLogger("mkdocs")
    seen: list[str] = []

    class Seen(logging.Handler):
        def emit(self, record):
            seen.append(record.getMessage())

    handler = Seen(logging.WARNING)
    logger.addHandler(handler)
    try:
        mk.build_page_by_page(cfg, parallel_min=parallel_min)
    finally:
        logger.removeHandler(handler)
    return sorted(seen)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.site
def test_two_processes_build_the_site_one_builds_and_report_every_warning(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNALS_JOBS", "2")
    tmp = project(tmp_path)
    alone = build(tmp, "site-one", parallel_min=10**6)
    shared = build(tmp, "site-two", parallel_min=2)
    assert tree(tmp / "site-one") == tree(tmp / "site-two")
    assert len(tree(tmp / "site-two")) > PAGES
    assert shared == alone
    assert any("nope6" in m for m in alone) and any("nope7" in m for m in alone)  # one from each process
    assert any("nowhere6" in m for m in alone) and any("nowhere7" in m for m in alone)


@pytest.mark.site
def test_a_strict_build_counts_the_warnings_of_both_processes(tmp_path, monkeypatch):
    from mkdocs.exceptions import Abort

    monkeypatch.setenv("ANNALS_JOBS", "2")
    tmp = project(tmp_path)
    with pytest.raises(Abort, match="4 warnings"):
        build(tmp, "site", parallel_min=2, strict=True)
