"""Who said it, wherever a quotation is shown (issue 19): a listed speaker by name, an unlisted one with
the title the text gives, and a quotation whose speaker the text does not identify as "unattributed", its
reason on hover and focus, never a guessed name; and the same in ``data/quotes.*``.

A small constructed archive: one article parsed from a file written here, with quotations made by hand
(not by the finder, which is tested on its own), rendered; every expectation below is written by hand.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import lxml.html
import pytest

from annals.link import related
from annals.model import Quote, TextSpan
from annals.pipeline import check
from annals.render.kit import RenderConfig
from annals.render.site import render

ROOT = Path(__file__).resolve().parent.parent

TEXT = """\
Moscow waits for the count

MOSCOW - Kremlin spokesman Dmitry Peskov said: "We will respect the choice of the American people."

Political scientist Ivan Petrov said relations would stay "cold for a long time" whoever wins.

A source in the ministry said: "The talks will resume in May."

The "reset" is long over.
"""


def _quote(paragraphs, n: int, words: str, kind: str, qid: str, **who) -> Quote:
    start = paragraphs[n - 1].text.index(words)
    return Quote(qid, "a000001", words, kind, (TextSpan(n, start, start + len(words)),), **who)


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    archive = tmp_path_factory.mktemp("unattributed") / "archive"
    (archive / "articles").mkdir(parents=True)
    for name in ("officials.yml", "elections.yml", "publishers.yml", "lexicon.yml"):
        shutil.copy(ROOT / "archive" / name, archive / name)
    (archive / "articles" / "count.txt").write_text(TEXT, encoding="utf-8")
    (archive / "articles" / "count.yml").write_text("id: a000001\ndate: 2020-11-04\n", encoding="utf-8")
    result = check(str(archive))
    assert not result.errors, result.errors
    rec = result.records[0]
    ps = rec.article.paragraphs
    quotes = (
        _quote(ps, 1, "We will respect the choice of the American people.", "full", "q-0000000001",
               speaker_id="dmitry-peskov", speaker="Dmitry Peskov", confidence="high", role="Kremlin spokesman",
               method="name+verb"),
        _quote(ps, 2, "cold for a long time", "partial", "q-0000000002", speaker="Ivan Petrov",
               speaker_title="political scientist", confidence="high", method="unlisted+verb"),
        _quote(ps, 3, "The talks will resume in May.", "full", "q-0000000003", confidence="low", method="unresolved",
               speaker_kind="none", unattributed_reason="an anonymous source"),
        _quote(ps, 4, "reset", "scare", "q-0000000004", confidence="none", speaker_kind="none"),
    )
    rec = type(rec)(rec.article, quotes=quotes, elections=("us-2020",), officials=("dmitry-peskov",),
                    editorial=rec.editorial)
    return render(related.link_records([rec]), RenderConfig(), result.archive)


def body(page: str):
    return lxml.html.fromstring(page.split("---\n", 2)[2])


def text(el) -> str:
    return " ".join(el.text_content().split())


def test_the_article_lists_who_said_each_quotation(pages):
    doc = body(pages["articles/a000001/index.md"])
    about = {li.cssselect(".annals-quote-link")[0].get("href"): li.cssselect(".annals-quote-about")[0]
             for li in doc.cssselect(".annals-quotes li")}
    assert text(about["#q-0000000001"]) == "Dmitry Peskov, Kremlin spokesman (direct quotation; high confidence)"
    assert text(about["#q-0000000002"]) == "Ivan Petrov, political scientist (partial quotation; high confidence)"
    assert text(about["#q-0000000003"]) == "unattributed (an anonymous source) (direct quotation)"
    assert text(about["#q-0000000004"]) == "term in quotation marks"


def test_an_unattributed_quotation_shows_the_word_and_keeps_its_reason_for_hover_and_focus(pages):
    doc = body(pages["articles/a000001/index.md"])
    marker, = doc.cssselect("#q-0000000003-about .annals-unattributed")
    assert marker.get("tabindex") == "0"  # reachable by keyboard: the reason shows on focus
    assert (marker.text, text(marker.cssselect(".annals-reason")[0])) == ("unattributed", "(an anonymous source)")
    words, = doc.cssselect('.annals-source [data-quote-id="q-0000000003"]')
    assert words.get("title") == "unattributed (an anonymous source) — direct quotation"
    assert words.get("data-speaker") == ""
    assert words.text_content() == '"The talks will resume in May."'  # the source's words, nothing added


def test_the_quotations_table_says_who_in_the_same_words(pages):
    doc = body(pages["quotes/index.md"])
    cells = {tr.get("data-quote"): tr.cssselect("td")[1] for tr in doc.cssselect("tr[data-quote]")}
    assert text(cells["q-0000000001"]) == "Dmitry Peskov"
    assert cells["q-0000000001"].cssselect("a")[0].get("href") == "../officials/dmitry-peskov/"
    assert text(cells["q-0000000002"]) == "Ivan Petrov, political scientist"
    assert cells["q-0000000002"].cssselect("a")[0].get("href") == "../speakers/ivan-petrov/"
    assert text(cells["q-0000000003"]) == "unattributed (an anonymous source)"
    assert not cells["q-0000000003"].cssselect("a")
    assert cells["q-0000000003"].cssselect(".annals-unattributed[tabindex='0'] .annals-reason")
    assert text(cells["q-0000000004"]) == "no speaker"
    rows = {tr.get("data-quote"): tr for tr in doc.cssselect("tr[data-quote]")}
    assert rows["q-0000000003"].get("data-speaker") == ""  # no speaker to filter by, none guessed


def test_the_data_files_carry_who_and_why(pages):
    rows = {r["id"]: r for r in json.loads(pages["data/quotes.json"])}
    keys = ("speaker_id", "speaker", "speaker_kind", "speaker_title", "unattributed_reason", "confidence", "method", "via")
    assert {k: rows["q-0000000001"][k] for k in keys} == {
        "speaker_id": "dmitry-peskov", "speaker": "Dmitry Peskov", "speaker_kind": "person", "speaker_title": None,
        "unattributed_reason": None, "confidence": "high", "method": "name+verb", "via": None}
    assert {k: rows["q-0000000002"][k] for k in keys} == {
        "speaker_id": None, "speaker": "Ivan Petrov", "speaker_kind": "person", "speaker_title": "political scientist",
        "unattributed_reason": None, "confidence": "high", "method": "unlisted+verb", "via": None}
    assert {k: rows["q-0000000003"][k] for k in keys} == {
        "speaker_id": None, "speaker": None, "speaker_kind": "none", "speaker_title": None,
        "unattributed_reason": "an anonymous source", "confidence": "low", "method": "unresolved", "via": None}
    assert {k: rows["q-0000000004"][k] for k in ("speaker", "speaker_kind", "confidence", "method")} == {
        "speaker": None, "speaker_kind": "none", "confidence": "none", "method": None}
    table = {r["id"]: r for r in csv.DictReader(io.StringIO(pages["data/quotes.csv"]))}
    assert (table["q-0000000003"]["speaker_kind"], table["q-0000000003"]["unattributed_reason"],
            table["q-0000000003"]["speaker"]) == ("none", "an anonymous source", "")
    assert table["q-0000000002"]["speaker_title"] == "political scientist"
    lines = [json.loads(line) for line in pages["data/quotes.jsonl"].splitlines()]
    assert lines == list(json.loads(pages["data/quotes.json"]))


def test_the_election_page_lists_them_in_the_same_words(pages):
    doc = body(pages["elections/us-2020/index.md"])
    items = {li.cssselect("a")[-1].get("href").rsplit("#", 1)[1]: li for li in doc.cssselect("li.annals-q")}
    assert text(items["q-0000000003"]).startswith("unattributed (an anonymous source): The talks will resume in May.")
    assert items["q-0000000003"].cssselect(".annals-q-speaker .annals-unattributed[tabindex='0']")
    assert text(items["q-0000000002"]).startswith("Ivan Petrov, political scientist: cold for a long time")
    assert text(items["q-0000000001"]).startswith("Dmitry Peskov: We will respect")
