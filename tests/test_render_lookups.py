"""Lookups over every record are built once per render (``RenderContext.lookup``), not once per page,
and answer as a scan of the records would (on the seeds)."""

from __future__ import annotations

from collections import Counter

import pytest

from annals.annotate.editorial import editorial_of
from annals.link.editorial import same_event_links
from annals.pipeline import check
from annals.render import editorial as editorial_render
from annals.render import site as render
from annals.render.browse import common
from annals.render.editorial import same_event_lookups
from annals.render.kit import RenderConfig, RenderContext
from conftest import ARCHIVE


@pytest.fixture(scope="module")
def result():
    return check(ARCHIVE)


def _context(result) -> RenderContext:
    return render.context(result.records, RenderConfig(), result.archive)


def test_every_lookup_over_the_records_is_built_once_per_render(result, monkeypatch):
    built: Counter[str] = Counter()
    lookup = RenderContext.lookup

    def counting_lookup(self, build):
        built[build.__qualname__] += build not in self._lookups
        return lookup(self, build)

    indexes = []
    init = common.Index.__init__

    def counting_init(self, *args, **kwargs):
        indexes.append(self)
        init(self, *args, **kwargs)

    scans = []
    reverse_links = editorial_render.reverse_links

    def counting_reverse_links(archive):
        scans.append(archive)
        return reverse_links(archive)

    monkeypatch.setattr(RenderContext, "lookup", counting_lookup)
    monkeypatch.setattr(common.Index, "__init__", counting_init)
    monkeypatch.setattr(editorial_render, "reverse_links", counting_reverse_links)
    render.render(list(result.records), RenderConfig(), result.archive)
    assert len(indexes) == 1, "the browse Index must be built once per render, not per page or provider"
    assert len(scans) == 1, "the sidecars' same-event links must be gathered once per render"
    assert {"_build_index", "coverage_of", "same_event_lookups", "officials_by_id"} <= set(built)
    assert set(built.values()) == {1}


def test_the_shared_index_answers_as_an_index_of_each_article_alone(result):
    ctx = _context(result)
    shared = common.index_of(ctx)
    assert common.index_of(ctx) is shared
    for rec in result.records:
        alone = common.Index([rec], result.archive)
        assert shared.article_officials(rec) == alone.article_officials(rec)
        assert shared.article_elections(rec) == alone.article_elections(rec)


def test_same_event_lookups_answer_as_a_scan_of_the_records_and_sidecars(result):
    lookups = _context(result).lookup(same_event_lookups)
    records = result.records
    for rec in records:
        a = rec.article
        assert lookups.titles[a.id] == next(r.article.title for r in records if r.article.id == a.id)
        ed, _ = editorial_of(a)
        scanned = {e.id for e in ed.same_event} | {
            r.article.id for r in records
            if r.article.id != a.id and any(s.get("id") == a.id for s in r.article.sidecar.get("same_event") or ())}
        assert {link.id for link in same_event_links(lookups.reverse, a.id, ed)} == scanned
    linked = next(r for r in records if r.article.id == "a000005")  # named by a000003's sidecar only
    assert [link.id for link in same_event_links(lookups.reverse, "a000005", editorial_of(linked.article)[0])] == [
        "a000003"]
