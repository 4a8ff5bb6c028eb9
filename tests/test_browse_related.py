"""Related coverage: same-event detection and editors' decisions in sidecars (the same statement in
several articles: test_statements.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from annals.link import related as R
from annals.model import Editorial, SameEvent
from browse_world import world


@pytest.fixture(scope="module")
def records():
    return world()[0]


def by_id(records, aid):
    return next(r for r in records if r.article.id == aid)


def with_sidecar(records, aid, related, key="related"):
    """The records as if an editor had written ``key: related`` in the sidecar of ``aid``: the raw mapping and
    what the stages read of it (the parser's ``related_reject``, the editorial record's ``same_event``)."""
    def edit(r):
        side = {**r.article.sidecar, key: related}
        article = replace(r.article, sidecar=side, related_reject=tuple((side.get("related") or {}).get("reject") or ()))
        same = tuple(SameEvent(s["id"], s.get("note")) for s in side.get("same_event") or ())
        return replace(r, article=article, editorial=replace(r.editorial or Editorial(aid), same_event=same))
    return [edit(r) if r.article.id == aid else r for r in records]


def test_002_and_004_are_the_same_event_and_no_other_pair_is(records):
    # seeds 002 (a000003) and 004 (a000005) both report Putin's telegram of 2020-12-15
    links = R.find_events(records)
    assert [(link.a, link.b, link.basis) for link in links] == [("a000003", "a000005", "detected")]
    assert links[0].score >= R.EVENT_THRESHOLD


def test_unrelated_seeds_score_well_below_the_threshold(records):
    a, b = by_id(records, "a000002"), by_id(records, "a000004")
    assert R.event_score(a, b) < R.EVENT_THRESHOLD - 10


def test_articles_far_apart_in_time_are_never_candidates(records):
    x, y = by_id(records, "a000003"), by_id(records, "a000005")
    moved = replace(y, article=replace(y.article, date=y.article.date.replace(year=2021)))
    others = [r for r in records if r.article.id not in ("a000003", "a000005")]
    assert R.find_events(others + [x, moved]) == []


def test_related_is_filled_both_ways(records):
    linked = {r.article.id: r.related for r in R.link_records(records)}
    assert linked["a000003"] == ("a000005",) and linked["a000005"] == ("a000003",)
    assert linked["a000001"] == ()


def test_editor_reject_removes_a_detected_event(records):
    edited = with_sidecar(records, "a000005", {"reject": ["a000003"]})
    assert R.find_events(edited) == []
    assert R.check_sidecars(edited, None) == []


def test_editor_confirm_adds_an_undetected_event(records):
    edited = with_sidecar(records, "a000001", [{"id": "a000004", "note": "both on the 2012 result"}], key="same_event")
    pairs = [(link.a, link.b, link.basis) for link in R.find_events(edited)]
    assert ("a000001", "a000004", "editor") in pairs


def test_confirming_and_rejecting_the_same_pair_is_a_problem(records):
    edited = with_sidecar(records, "a000003", [{"id": "a000005"}], key="same_event")
    edited = with_sidecar(edited, "a000005", {"reject": ["a000003"]})
    messages = [p.message for p in R.check_sidecars(edited, None)]
    assert messages == ["a000005 and a000003 are both confirmed (same_event) and rejected (related.reject) "
                        "as the same event; keep one decision"]


def test_sidecar_naming_an_unknown_article_is_a_problem(records):
    edited = with_sidecar(records, "a000003", {"reject": ["a000099"]})
    messages = [p.message for p in R.check_sidecars(edited, None)]
    assert any("a000099" in m and "not an article ID" in m for m in messages)
