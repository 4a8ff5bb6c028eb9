"""Official, election and coverage pages rendered from constructed records (no MkDocs): content,
grouping, permalinks, pagination, escaping."""

from __future__ import annotations

import json

from dataclasses import replace

import lxml.html
import pytest

from annals.render.browse import common
from annals.link import related
from annals.link import tags as T
from annals.model import EditorTags, Official, Quote, TextSpan
from annals.render.kit import RenderConfig
from annals.render.site import render
from browse_world import world


@pytest.fixture(scope="module")
def site():
    records, archive = world()
    return render(related.link_records(records), RenderConfig(), archive)


def html(text: str):
    body = text.split("---\n", 2)[2]
    return lxml.html.fromstring(body)


def test_every_quoted_official_has_a_page_with_their_quotation(site):
    putin = html(site["officials/vladimir-putin/index.md"])
    assert putin.cssselect("h1")[0].text_content() == "Vladimir Putin"
    quotes = [q.text_content() for q in putin.cssselect(".annals-quotes q")]
    assert quotes == ["For my part, I am ready for interaction and contacts with you"]
    link = putin.cssselect(".annals-quotes a[href*='#q-']")[0].get("href")
    assert link.startswith("../../articles/a000005/#q-")
    assert putin.cssselect("a.annals-wikidata")[0].get("href") == "https://www.wikidata.org/wiki/Q7747"


def test_roles_over_time_are_listed(site):
    page = html(site["officials/dmitry-medvedev/index.md"])
    rows = [[td.text_content() for td in tr.cssselect("td")] for tr in page.cssselect(".annals-roles tbody tr")]
    assert rows == [["President of Russia", "Russia", "7 May 2008", "7 May 2012"],
                    ["Prime Minister", "Government of Russia", "8 May 2012", "16 January 2020"]]


def test_quotations_are_grouped_by_election(site):
    page = html(site["officials/dmitry-peskov/index.md"])
    heads = [h.text_content() for h in page.cssselect("h3")]
    assert heads == ["2012 US presidential election"]


def test_unlisted_speaker_gets_a_page(site):
    page = html(site["speakers/yury-ushakov/index.md"])
    assert page.cssselect("h1")[0].text_content() == "Yury Ushakov"
    assert "unlisted speaker" in page.text_content()
    index = html(site["speakers/index.md"])
    assert [a.get("href") for a in index.cssselect(".annals-list a")] == ["yury-ushakov/"]


def test_election_page_has_facts_timeline_and_quotes_in_order(site):
    page = html(site["elections/us-2012/index.md"])
    facts = dict(zip([d.text_content() for d in page.cssselect("dl dt")], [d.text_content() for d in page.cssselect("dl dd")]))
    assert facts["Election day"] == "6 November 2012" and facts["Winner"] == "Barack Obama"
    assert facts["Inauguration"] == "20 January 2013"
    svg = site["elections/us-2012/index.md"]
    assert "<svg" in svg and 'role="group"' in svg and "<title" in svg and "<desc" in svg
    speakers = [q.text_content() for q in page.cssselect("ol.annals-quotes .annals-q-speaker")]
    # in date order (003 is of 9 May 2012, 000 of 7 November 2012), then in text order
    assert speakers == ["Yury Ushakov", "Dmitry Peskov", "Dmitry Medvedev"]


def test_timeline_draws_dated_quotes_and_leaves_out_undated_ones():
    records, archive = world()
    site = render(records, RenderConfig(), archive)
    assert site["elections/us-2012/index.md"].count("<circle") == 3  # 003's Ushakov, 000's Peskov and Medvedev
    undated = [replace(r, article=replace(r.article, date=None, date_basis="missing")) if r.article.id == "a000001" else r
               for r in records]
    assert render(undated, RenderConfig(), archive)["elections/us-2012/index.md"].count("<circle") == 1


def test_related_coverage_links_002_and_004_both_ways(site):
    p002, p004 = html(site["articles/a000003/index.md"]), html(site["articles/a000005/index.md"])
    assert "../a000005/" in [a.get("href") for a in p002.cssselect(".annals-coverage a")]
    assert "../a000003/" in [a.get("href") for a in p004.cssselect(".annals-coverage a")]
    # this world's hand-placed quotations are not the ones the link stage grouped: no statement links
    # (the statements of the real seeds are tested in test_statements.py)
    assert p002.cssselect("a.annals-same-statement") == p004.cssselect("a.annals-same-statement") == []


def test_long_listings_paginate_with_links_both_ways():
    records, archive = world()
    rec = next(r for r in records if r.article.id == "a000002")
    p = rec.article.paragraphs[0]
    many = [Quote(f"q-{i:010x}", "a000002", f"Statement number {i}", "full", (TextSpan(p.n, 0, 5),),
                  "dmitry-peskov", "Dmitry Peskov") for i in range(common.PER_PAGE * 2 + 5)]
    recs = [replace(r, quotes=tuple(many)) if r.article.id == "a000002" else r for r in records]
    site = render(recs, RenderConfig(), archive)
    pages = sorted(p for p in site if p.startswith("officials/dmitry-peskov/") and p.endswith(".md"))
    assert pages == ["officials/dmitry-peskov/index.md", "officials/dmitry-peskov/page/2/index.md",
                     "officials/dmitry-peskov/page/3/index.md"]
    second = html(site["officials/dmitry-peskov/page/2/index.md"])
    hrefs = [a.get("href") for a in second.cssselect(".annals-pager a")]
    assert "../../" in hrefs and "../3/" in hrefs
    assert len(second.cssselect(".annals-quotes li")) == common.PER_PAGE


def test_names_from_the_gazetteer_are_escaped_everywhere():
    records, archive = world()
    evil = Official("evil-name", "<img src=x onerror=alert(1)>", (), None, None, (), "<script>x</script>", (), True)
    archive = replace(archive, officials=archive.officials + (evil,))
    records = [replace(r, officials=r.officials + ("evil-name",)) if r.article.id == "a000001" else r for r in records]
    site = render(records, RenderConfig(), archive)
    for path in ("officials/evil-name/index.md", "officials/index.md", "articles/a000001/index.md"):
        assert "<img src=x" not in site[path] and "<script>x" not in site[path], path
    front = site["articles/a000001/index.md"].split("---\n")[1]
    assert "&lt;img src=x onerror=alert(1)&gt;" in front  # tag names reach the theme escaped


def test_misspelled_sidecar_tag_is_an_error_with_a_suggestion():
    records, archive = world()
    records = [replace(r, article=replace(r.article, tags=EditorTags(officials=("dmitri-medvedev",))))
               if r.article.id == "a000001" else r for r in records]
    problems = T.check_sidecars(records, archive)
    assert [p.path for p in problems] == ["articles/000_c0c5e357a54d7c48.yml"]
    assert "'dmitri-medvedev' is not an ID in archive/officials.yml; did you mean 'dmitry-medvedev'?" in problems[0].message


def test_quotations_table_lists_every_quotation_once_with_filter_values(site):
    records, _ = world()
    expected = sorted(q.id for r in records for q in r.quotes)
    page = html(site["quotes/index.md"])
    rows = page.cssselect("table.annals-quotes-table tbody tr")
    assert sorted(tr.get("data-quote") for tr in rows) == expected
    peskov = next(tr for tr in rows if tr.get("data-speaker") == "dmitry-peskov")
    assert (peskov.get("data-election"), peskov.get("data-year"), peskov.get("data-kind")) == ("us-2012", "2012", "full")
    link = peskov.cssselect("a.annals-q-link")[0].get("href")
    assert link == "../articles/a000001/#" + peskov.get("data-quote")


def test_year_and_kind_are_filters_of_the_table_not_pages_of_their_own(site):
    """No static page per year or kind (issue 20, item 4): the facets link to the table's filtered
    address, and the table offers every year and kind of the archive (data-facets)."""
    assert not [p for p in site if p.startswith(("quotes/year/", "quotes/kind/"))]
    page = html(site["quotes/index.md"])
    hrefs = {a.get("href") for a in page.cssselect("details.annals-facets a")}
    assert {"./?year=2012", "./?year=2020", "./?kind=full", "../elections/us-2012/", "../officials/dmitry-peskov/"} <= hrefs
    facets = json.loads(page.cssselect("table.annals-quotes-table")[0].get("data-facets"))
    assert facets == {"year": [["2012", "2012"], ["2020", "2020"]], "kind": [["full", "direct quotation"]]}


def test_timeline_page_has_one_row_per_election_with_statements(site):
    text = site["timeline/index.md"]
    svg = lxml.html.fromstring(text.split("---\n", 2)[2]).cssselect("svg")[0]
    labels = [t.text_content() for t in svg.iter("{*}text") if t.get("class") == "annals-tl-label"]
    assert sorted(labels) == ["2012 US presidential election", "2020 US presidential election"]


def test_home_page_counts_and_entry_points(site):
    page = html(site["index.md"])
    counts = [li.text_content() for li in page.cssselect(".annals-home-counts li")]
    assert counts == ["5 articles", "4 statements (4 quotations)", "3 officials quoted (and 1 unlisted speaker)",
                      "2 elections covered"]
    assert [a.get("href") for a in page.cssselect("#by-election + ul a")] == ["elections/us-2020/", "elections/us-2012/"]
    added = [a.get("href") for a in page.cssselect("ul.annals-added a")]
    assert added == [f"articles/a00000{i}/" for i in (5, 4, 3, 2, 1)]
