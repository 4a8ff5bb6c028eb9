"""Work over every record is done once: lookups once per render (``RenderContext.lookup``), the links between
articles once per build (the link stage stores them on the records), and both answer as scans would."""

from __future__ import annotations

from collections import Counter

import pytest

from annals.pipeline import check
from annals.render import site
from annals.render.browse import common
from annals.render.kit import RenderConfig, RenderContext
from conftest import ARCHIVE


@pytest.fixture(scope="module")
def result():
    return check(ARCHIVE)


def test_every_lookup_over_the_records_is_built_once_per_render(result, monkeypatch):
    """However many pages ask for a lookup, it is built once per render: else rendering grows as N squared."""
    asked: Counter = Counter()
    built: Counter = Counter()
    lookup = RenderContext.lookup

    def counting_lookup(self, build):
        asked[build] += 1
        built[build] += build not in self._lookups
        return lookup(self, build)

    monkeypatch.setattr(RenderContext, "lookup", counting_lookup)
    site.render(list(result.records), RenderConfig(), result.archive)
    assert built and set(built.values()) == {1}
    assert max(asked.values()) > len(result.records)  # asked for by every page, built once


def test_the_shared_index_answers_as_an_index_of_each_article_alone(result):
    ctx = site.context(result.records, RenderConfig(), result.archive)
    shared = common.index_of(ctx)
    assert common.index_of(ctx) is shared
    for rec in result.records:
        alone = common.Index([rec], result.archive)
        assert shared.article_officials(rec) == alone.article_officials(rec)
        assert shared.article_elections(rec) == alone.article_elections(rec)


def test_same_event_links_on_the_records_answer_as_a_scan_of_the_sidecars(result):
    records = result.records
    for rec in records:
        a = rec.article
        scanned = {s["id"] for s in a.sidecar.get("same_event") or ()} | {
            r.article.id for r in records
            if r.article.id != a.id and any(s.get("id") == a.id for s in r.article.sidecar.get("same_event") or ())}
        assert {link.id for link in rec.same_event} == scanned
    linked = next(r for r in records if r.article.id == "a000005")  # named by a000003's sidecar only
    assert [link.id for link in linked.same_event] == ["a000003"]


def test_links_between_articles_are_stored_on_both_records(result):
    by_id = {r.article.id: r for r in result.records}
    for rec in result.records:
        for event in rec.events:
            assert rec.article.id in (event.a, event.b)
            other = by_id[event.b if event.a == rec.article.id else event.a]
            assert event in other.events
        assert sorted(e.b if e.a == rec.article.id else e.a for e in rec.events) == list(rec.related)
        for s in rec.statements:  # a statement is stored on every record that reports it, and only there
            assert rec.article.id in s.articles
            for other in set(s.articles):
                assert s in by_id[other].statements
    assert any(r.events for r in result.records) and any(r.statements for r in result.records)  # the seeds have both
