"""An article page is rendered again only when its inputs change (issue 20, item 1).

The render stage declares what an article page shows of other articles (``Features.deps``); the build
keeps a page whose inputs (the record, the records it shows something of, the settings, the gazetteers,
the code) are unchanged.  The first test holds the declaration to the truth: every page rendered with
only its own record and its declared ones in the context is the page rendered with all of them.  The
others check that the build keeps what it may and renders again what it must (byte identity with a full
build is tests/test_incremental.py's).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from annals import pipeline
from annals.cache import ArticleCache
from annals.pipeline import check, site_render_config
from annals.render import article as article_page
from annals.render import site
from annals.render.kit import RenderConfig, article_path
from annals_dev.synth import make_archive
from conftest import ARCHIVE, ROOT, make_project


@pytest.fixture(scope="module")
def archives(tmp_path_factory) -> list:
    synth = make_archive(tmp_path_factory.mktemp("inputs") / "archive", 60)
    return [check(ARCHIVE), check(synth)]


def each_page_alone_and_whole(archives):
    """(record, context of the record and its declared deps only, context of the whole archive) for every
    article of every archive."""
    for result in archives:
        config = site_render_config(RenderConfig(), ROOT / "mkdocs.yml", result.records)
        whole = site.context(result.records, config, result.archive)
        by_id = {r.article.id: r for r in result.records}
        for rec in result.records:
            alone = site.context([rec, *(by_id[i] for i in site.article_deps(rec) if i in by_id)], config,
                                 result.archive)
            yield rec, alone, whole


def test_a_page_reads_nothing_of_other_articles_beyond_its_declared_deps(archives):
    checked_some = 0
    for rec, alone, whole in each_page_alone_and_whole(archives):
        assert article_page.render_article(rec, alone) == article_page.render_article(rec, whole), rec.article.id
        checked_some += bool(site.article_deps(rec))
    assert checked_some >= 2  # the seeds' same-event pair at least: the comparison saw pages that show others


def test_a_record_read_back_from_the_cache_has_the_digest_of_the_record_computed(tmp_path):
    """(The cache gives a sidecar's map back with its keys sorted: equal records whose ``repr`` differs.)"""
    archive = make_archive(tmp_path / "archive", 10)
    fresh = check(archive).records
    check(archive, cache=ArticleCache(tmp_path / "c"))
    cached = check(archive, cache=ArticleCache(tmp_path / "c")).records
    assert cached == fresh and [repr(r) for r in cached] != [repr(r) for r in fresh]
    assert [pipeline.record_digest(r) for r in cached] == [pipeline.record_digest(r) for r in fresh]
    assert len({pipeline.record_digest(r) for r in fresh}) == len(fresh)


def test_the_inputs_change_with_a_shown_article_and_not_with_another(archives):
    import dataclasses

    result = archives[0]
    config = site_render_config(RenderConfig(), ROOT / "mkdocs.yml", result.records)
    ctx = site.context(result.records, config, result.archive)
    digests = {r.article.id: pipeline.record_digest(r) for r in result.records}
    rec = next(r for r in result.records if site.article_deps(r))
    shown = site.article_deps(rec)[0]
    other = next(r.article.id for r in result.records if r.article.id not in (rec.article.id, *site.article_deps(rec)))
    before = site.article_inputs(rec, ctx, digests)
    assert site.article_inputs(rec, ctx, {**digests, other: b"changed"}) == before
    assert site.article_inputs(rec, ctx, {**digests, shown: b"changed"}) != before
    assert site.article_inputs(rec, ctx, {**digests, rec.article.id: b"changed"}) != before
    moved = site.context(result.records, dataclasses.replace(config, site_url="https://elsewhere.example/"),
                         result.archive)
    assert site.article_inputs(rec, moved, digests) != before


def test_a_build_renders_again_only_the_pages_whose_inputs_changed(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p", archive=None)
    make_archive(project / "archive", 30)
    rendered: list[str] = []
    real = site.render_article

    def counting(rec, ctx):
        rendered.append(rec.article.id)
        return real(rec, ctx)

    monkeypatch.setattr(site, "render_article", counting)

    def build() -> None:
        rendered.clear()
        pipeline.build(project / "archive", project / "docs", None, project / "mkdocs.yml",
                       cache=ArticleCache(project / ".cache"), update_registry=False, jobs=1)

    build()
    assert len(rendered) == 30
    build()
    assert rendered == []  # nothing changed: every page kept
    source = sorted((project / "archive" / "articles").glob("*.txt"))[3]
    text = source.read_text(encoding="utf-8")
    longest = max(text.split("\n"), key=len)
    source.write_text(text.replace(longest, longest + " Zanzibarwordedit.", 1), encoding="utf-8")
    build()
    assert rendered == ["a000004"]
    page = project / "docs" / article_path(next(r for r in check(project / "archive").records
                                                if r.article.id == "a000004"))
    assert "Zanzibarwordedit" in page.read_text(encoding="utf-8")
    page.write_text("edited by hand\n", encoding="utf-8")  # a generated file changed behind the build's back
    build()
    assert rendered == ["a000004"] and "Zanzibarwordedit" in page.read_text(encoding="utf-8")
    shutil.rmtree(project / ".cache")
    build()
    assert len(rendered) == 30  # no record of what was rendered from what: everything again


def test_an_articles_files_read_nothing_of_other_articles_beyond_its_pages_declared_deps(archives):
    """``Features.article_files`` (the citations file and downloads, ``quotes.json``) are kept with the article
    page when the page's inputs are unchanged: they may read no more of the other records than the page."""
    checked = 0
    for rec, alone, whole in each_page_alone_and_whole(archives):
        for provider in site.FEATURES.article_files:
            assert dict(provider(rec, alone)) == dict(provider(rec, whole)), (rec.article.id, provider)
            checked += 1
    assert checked >= 2 * 65


def test_an_unchanged_articles_files_are_kept_with_its_page_and_rendered_again_with_it(tmp_path):
    """The build keeps an article's files (not rendered, not written) when it keeps its page, and renders them
    again when something has rewritten one of them since."""
    project = make_project(tmp_path / "p", archive=None)
    make_archive(project / "archive", 12)
    cache = ArticleCache(tmp_path / "cache")
    pipeline.build(project / "archive", project / "docs", None, project / "mkdocs.yml", cache=cache,
                   update_registry=False)
    cite = sorted((project / "docs" / "cite").glob("*.bib"))[3]
    quotes = sorted((project / "docs" / "articles").glob("*/quotes.json"))[5]
    stamps = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (cite, quotes)}
    rendered = []
    real = site.FEATURES.article_files

    def spy(provider):
        def wrapped(rec, ctx):
            rendered.append(rec.article.id)
            return provider(rec, ctx)
        return wrapped

    import dataclasses

    features = dataclasses.replace(site.FEATURES, article_files=tuple(spy(p) for p in real))
    original = site.render_iter

    def render_iter(*args, **kwargs):
        return original(*args, features=features, **kwargs)

    import unittest.mock

    with unittest.mock.patch.object(site, "render_iter", render_iter):
        pipeline.build(project / "archive", project / "docs", None, project / "mkdocs.yml",
                       cache=ArticleCache(tmp_path / "cache"), update_registry=False)
        assert rendered == []  # nothing changed: every article's files kept
        assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (cite, quotes)} == stamps
        quotes.write_text(quotes.read_text(encoding="utf-8") + " ", encoding="utf-8")  # someone else wrote it
        pipeline.build(project / "archive", project / "docs", None, project / "mkdocs.yml",
                       cache=ArticleCache(tmp_path / "cache"), update_registry=False)
    owner = quotes.parent.name
    assert rendered == [owner, owner]  # that article's files (two providers), no other's
    assert not quotes.read_text(encoding="utf-8").endswith(" ")
