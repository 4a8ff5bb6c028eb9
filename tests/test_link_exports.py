"""The link stage's same-event links, computed once and stored on the records, are exported as
``data/events.{json,csv,jsonl}`` (issue 18, item 2): one row per pair, with its basis, score and the
editors' notes.  Expectations written by hand (the seeds: 002 and 004 report Putin's telegram to Biden)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from annals.model import EventLink, SameEvent
from annals.pipeline import check
from annals.render.downloads import event_rows, files
from annals.render.kit import RenderConfig, RenderContext
from conftest import ARCHIVE


@pytest.fixture(scope="module")
def seeds():
    result = check(ARCHIVE)
    assert not result.errors
    return result


def test_the_seeds_same_event_pair_is_exported_once_with_the_editors_note(seeds):
    rows = event_rows(list(seeds.records), None)
    assert [{k: v for k, v in r.items() if k != "notes"} for r in rows] == [
        {"id": "a000003-a000005", "a": "a000003", "b": "a000005", "basis": "editor", "score": 82.9,
         "url_a": "articles/a000003/", "url_b": "articles/a000005/"}]
    notes, = (r["notes"] for r in rows)
    assert len(notes) == 1 and notes[0].startswith("Both report Putin's congratulations to Biden")


def test_a_detected_pair_and_an_editors_pair_with_two_notes(seeds):
    recs = {r.article.id: replace(r, events=(), same_event=()) for r in seeds.records}
    detected = EventLink("a000001", "a000002", 80.0, "detected")
    editor = EventLink("a000003", "a000004", None, "editor")
    recs["a000001"] = replace(recs["a000001"], events=(detected,))
    recs["a000002"] = replace(recs["a000002"], events=(detected,))
    recs["a000003"] = replace(recs["a000003"], events=(editor,), same_event=(SameEvent("a000004", "one telegram"),))
    recs["a000004"] = replace(recs["a000004"], events=(editor,),
                              same_event=(SameEvent("a000003", "the same telegram, paraphrased"),))
    rows = event_rows(list(recs.values()), None)
    assert [(r["id"], r["basis"], r["score"], r["notes"]) for r in rows] == [
        ("a000001-a000002", "detected", 80.0, []),
        ("a000003-a000004", "editor", None, ["one telegram", "the same telegram, paraphrased"])]


def test_the_files_and_the_package_list_the_links(seeds):
    ctx = RenderContext(RenderConfig(), seeds.archive, tuple(seeds.records))
    out = files(list(seeds.records), ctx)
    assert [r["id"] for r in json.loads(out["data/events.json"])] == ["a000003-a000005"]
    assert out["data/events.csv"].splitlines()[0] == "id,a,b,basis,score,notes,url_a,url_b"
    package = json.loads(out["data/datapackage.json"])
    events = {r["name"]: r for r in package["resources"] if r["name"].startswith("events-")}
    assert sorted(events) == ["events-csv", "events-json", "events-jsonl"]
    assert all(r["type"] == "table" for r in events.values())
    assert events["events-csv"]["schema"]["foreignKeys"] == [
        {"fields": ["a"], "reference": {"resource": "articles-csv", "fields": ["id"]}},
        {"fields": ["b"], "reference": {"resource": "articles-csv", "fields": ["id"]}}]


def test_a_data_set_without_rows_keeps_its_csv_table_and_lists_its_json_as_plain_files(seeds):
    records = [replace(r, events=(), same_event=()) for r in seeds.records]
    ctx = RenderContext(RenderConfig(), seeds.archive, tuple(records))
    out = files(records, ctx)
    assert out["data/events.json"] == "[]\n" and out["data/events.jsonl"] == ""
    package = json.loads(out["data/datapackage.json"])
    kinds = {r["name"]: (r["type"], "schema" in r) for r in package["resources"] if r["name"].startswith("events-")}
    assert kinds == {"events-csv": ("table", True), "events-json": ("file", False), "events-jsonl": ("file", False)}
