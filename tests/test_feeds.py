"""Atom feeds (issue 5): valid against RFC 4287's RELAX NG grammar, in the documented order, linked.

The grammar is RFC 4287 Appendix B in RELAX NG's XML syntax (``tests/fixtures/atom/atom.rng``);
the appendix's Schematron rules are checked here in Python.  Feeds are read back from the seed site
built by the real `annals build`; one test renders hostile text through the feed writer directly.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from pathlib import Path

import lxml.etree as etree
import lxml.html
import pytest
import yaml

from annals.render import feeds
from annals.model import AnnotatedArticle, Archive, Article, Paragraph
from annals.render import site
from annals.render.kit import RenderConfig
from conftest import ARCHIVE, ROOT

A = "{http://www.w3.org/2005/Atom}"
RNG = etree.RelaxNG(etree.parse(str(Path(__file__).parent / "fixtures" / "atom" / "atom.rng")))
OFFICIALS = [p["id"] for p in yaml.safe_load((ARCHIVE / "officials.yml").read_text(encoding="utf-8"))]
ELECTIONS = [e["id"] for e in yaml.safe_load((ARCHIVE / "elections.yml").read_text(encoding="utf-8"))]
FEEDS = (["feeds/articles.xml"] + [f"officials/{i}/feed.xml" for i in OFFICIALS]
         + [f"elections/{i}/feed.xml" for i in ELECTIONS])
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]


def articles(site: Path) -> list[dict]:
    return json.loads((site / "site" / "data" / "articles.json").read_text(encoding="utf-8"))


def parse(site: Path, path: str) -> etree._ElementTree:
    return etree.parse(str(site / "site" / path))


def entry_ids(doc) -> list[str]:
    return [e.findtext(f"{A}id").removeprefix(SITE_URL + "articles/").rstrip("/") for e in doc.getroot().iter(f"{A}entry")]


def test_the_gazetteers_give_feeds_to_check():
    assert len(OFFICIALS) > 10 and len(ELECTIONS) > 5


def test_the_grammar_rejects_what_rfc_4287_forbids(built_site):
    doc = parse(built_site, "feeds/articles.xml")
    assert RNG.validate(doc)
    no_id = copy.deepcopy(doc)
    no_id.getroot().remove(no_id.getroot().find(f"{A}id"))
    bad_date = copy.deepcopy(doc)
    bad_date.getroot().find(f"{A}updated").text = "2024-11-06"
    stray = copy.deepcopy(doc)
    etree.SubElement(stray.getroot().find(f"{A}entry"), f"{A}summery").text = "x"
    assert not any(RNG.validate(d) for d in (no_id, bad_date, stray))


@pytest.mark.parametrize("path", FEEDS)
def test_feed_is_valid_atom(built_site, path):
    doc = parse(built_site, path)
    assert RNG.validate(doc), RNG.error_log
    root = doc.getroot()
    # RFC 4287's Schematron rules, and a few more of its MUSTs
    entries = root.findall(f"{A}entry")
    assert root.find(f"{A}author") is not None or all(e.find(f"{A}author") is not None for e in entries)
    for e in entries:
        assert e.find(f"{A}content") is not None or e.find(f"{A}link[@rel='alternate']") is not None
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(set(ids)) == len(ids)
    assert root.find(f"{A}link[@rel='self']").get("href") == SITE_URL + path


def test_site_feed_lists_articles_newest_addition_first(built_site):
    ids = sorted((a["id"] for a in articles(built_site)), reverse=True)
    assert entry_ids(parse(built_site, "feeds/articles.xml")) == ids[: feeds.FEED_ENTRIES]


@pytest.mark.parametrize("path", FEEDS[1:])
def test_feed_of_an_official_or_election_lists_its_articles(built_site, path):
    kind, key = path.split("/")[:2]
    expected = sorted((a["id"] for a in articles(built_site) if key in a[kind]), reverse=True)
    assert entry_ids(parse(built_site, path)) == expected[: feeds.FEED_ENTRIES]


def test_some_official_and_election_feeds_have_entries(built_site):
    assert entry_ids(parse(built_site, "officials/dmitry-peskov/feed.xml"))
    assert entry_ids(parse(built_site, "elections/us-2020/feed.xml"))


def test_entry_dates_are_the_article_dates_and_never_the_clock(built_site):
    by_id = {a["id"]: a for a in articles(built_site)}
    newest = max(a["date"] for a in by_id.values() if a["date"])
    doc = parse(built_site, "feeds/articles.xml")
    for e in doc.getroot().iter(f"{A}entry"):
        a = by_id[e.findtext(f"{A}id").removeprefix(SITE_URL + "articles/").rstrip("/")]
        assert e.findtext(f"{A}updated") == f"{a['date'] or newest}T00:00:00Z"
        assert e.findtext(f"{A}published") == (f"{a['date']}T00:00:00Z" if a["date"] else None)
    assert doc.getroot().findtext(f"{A}updated") == f"{newest}T00:00:00Z"


def test_entry_links_the_permalink_and_the_original(built_site):
    by_id = {a["id"]: a for a in articles(built_site)}
    for e in parse(built_site, "feeds/articles.xml").getroot().iter(f"{A}entry"):
        a = by_id[e.findtext(f"{A}id").removeprefix(SITE_URL + "articles/").rstrip("/")]
        assert e.find(f"{A}link[@rel='alternate']").get("href") == a["permalink"]
        via = e.find(f"{A}link[@rel='via']")
        assert (via.get("href") if via is not None else None) == a["original_url"]
        assert e.findtext(f"{A}title") == a["title"]


@pytest.mark.parametrize("page,feed", [("officials/dmitry-peskov/", "officials/dmitry-peskov/feed.xml"),
                                       ("elections/us-2020/", "elections/us-2020/feed.xml"),
                                       ("", "feeds/articles.xml"), ("data/", "feeds/articles.xml")])
def test_page_shows_a_link_to_its_feed(built_site, page, feed):
    doc = lxml.html.fromstring((built_site / "site" / page / "index.html").read_bytes())
    links = [a for a in doc.cssselect("article a.annals-feed") if a.get("type") == "application/atom+xml"]
    assert links and all(((built_site / "site" / page / a.get("href")).resolve()
                          == (built_site / "site" / feed).resolve()) for a in links)
    assert links[0].text_content().strip()


@pytest.mark.parametrize("page", ["", "articles/a000002/", "officials/dmitry-peskov/", "data/", "quotes/"])
def test_page_head_links_the_site_feed(built_site, page):
    doc = lxml.html.fromstring((built_site / "site" / page / "index.html").read_bytes())
    alts = doc.cssselect('head link[rel="alternate"][type="application/atom+xml"]')
    targets = {(built_site / "site" / page / a.get("href")).resolve() for a in alts}
    assert (built_site / "site" / "feeds" / "articles.xml").resolve() in targets


@pytest.mark.parametrize("page,feed,name", [
    ("officials/dmitry-peskov/", "officials/dmitry-peskov/feed.xml", "Dmitry Peskov"),
    ("elections/us-2012/", "elections/us-2012/feed.xml", "2012 US presidential election")])
def test_page_head_links_its_own_feed(built_site, page, feed, name):
    doc = lxml.html.fromstring((built_site / "site" / page / "index.html").read_bytes())
    alts = doc.cssselect('head link[rel="alternate"][type="application/atom+xml"]')
    own = [a for a in alts if (built_site / "site" / page / a.get("href")).resolve() == (built_site / "site" / feed).resolve()]
    assert len(own) == 1 and name in own[0].get("title")


# ---- hostile text through the writer -----------------------------------------------------------

HOSTILE = 'Tom & Jerry </title><script>alert("x")</script> ]]> \x01\x7f end'


def _article(**kw) -> AnnotatedArticle:
    base = Article(id="a000009", source_file="t.txt", sha256="0" * 64, title=HOSTILE, title_basis="source",
                   date=dt.date(2016, 11, 9), date_basis="source", date_text=None, publisher="Pub <b>",
                   publisher_basis="url", original_url='https://example.org/a?b=1&c="2"', url_repair=None,
                   byline="By <i>me</i>", caption=None, credit=None, related=(), closing=(),
                   paragraphs=(Paragraph(1, "Text.", (1,)),), joins=())
    return AnnotatedArticle(article=dataclasses.replace(base, **kw))


def test_hostile_text_is_escaped_and_the_feed_stays_valid():
    rec = _article()
    ctx = site.context([rec], RenderConfig(site_url="https://example.org/"), Archive.empty())
    text = feeds.pages([rec], ctx)[feeds.SITE_FEED]
    doc = etree.fromstring(text.encode("utf-8"))
    assert RNG.validate(etree.ElementTree(doc)), RNG.error_log
    entry = doc.find(f"{A}entry")
    assert entry.findtext(f"{A}title") == HOSTILE.replace("\x01", "\u2401").replace("\x7f", "\u2421")
    assert entry.find(f"{A}link[@rel='via']").get("href") == rec.article.original_url
    assert entry.findtext(f"{A}author/{A}name") == "By <i>me</i>"
    assert "<script>" not in text and doc.find(f".//{{http://www.w3.org/1999/xhtml}}script") is None


def test_feeds_without_a_site_url_still_have_absolute_ids():
    rec = _article(title="T", date=None)
    ctx = site.context([rec], RenderConfig(), Archive.empty())
    doc = etree.fromstring(feeds.pages([rec], ctx)[feeds.SITE_FEED].encode("utf-8"))
    assert RNG.validate(etree.ElementTree(doc))
    assert all(":" in el.text for el in doc.iter(f"{A}id"))


def test_every_feed_of_the_hostile_site_is_valid_atom(hostile_site):
    """Titles, bylines and URLs full of markup, control and invisible characters (tests/hostile/)."""
    site = hostile_site / "site"
    paths = [site / "feeds" / "articles.xml", *sorted(site.glob("officials/*/feed.xml")),
             *sorted(site.glob("elections/*/feed.xml"))]
    invalid = [p.relative_to(site).as_posix() for p in paths if not RNG.validate(etree.parse(str(p)))]
    assert invalid == []
    entries = etree.parse(str(site / "feeds" / "articles.xml")).getroot().findall(f"{A}entry")
    assert len(entries) == min(feeds.FEED_ENTRIES, len(list(site.glob("articles/a*/index.html"))))
