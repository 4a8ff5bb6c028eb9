"""The browse pages of the real seed archive, built by `annals build` (real annotator, real MkDocs),
checked against the site's own data files (``data/quotes.json``, ``data/articles.json``) and the
gazetteers: the quotations table, each official's page, the election pages, tags on every article."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import lxml.html
import pytest
import yaml

from conftest import ARCHIVE

OFFICIALS = sorted(o["id"] for o in yaml.safe_load((ARCHIVE / "officials.yml").read_text(encoding="utf-8")))
ELECTIONS = {e["id"]: e for e in yaml.safe_load((ARCHIVE / "elections.yml").read_text(encoding="utf-8"))}


def doc(site: Path, url: str):
    return lxml.html.fromstring((site / url / "index.html").read_bytes())


def listing_pages(site: Path, base: str) -> list:
    """A listing's first page and its ``page/<n>/`` pages, in order."""
    pages = [doc(site, base)]
    n = 2
    while (site / base / "page" / str(n) / "index.html").exists():
        pages.append(doc(site, f"{base}page/{n}/"))
        n += 1
    return pages


def fragment_ids(links) -> list[str]:
    return [a.get("href").split("#", 1)[1] for a in links if "#q-" in (a.get("href") or "")]


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site / "site"


@pytest.fixture(scope="module")
def quotes(site) -> list[dict]:
    return json.loads((site / "data" / "quotes.json").read_text(encoding="utf-8"))


def test_quotations_table_lists_exactly_the_quotes_in_quotes_json(site, quotes):
    pages = listing_pages(site, "quotes/")
    assert len(pages) >= 2 if len(quotes) > 50 else len(pages) == 1
    rows = [tr.get("data-quote") for p in pages for tr in p.cssselect("table.annals-quotes-table tbody tr")]
    assert len(rows) == len(set(rows))
    assert sorted(rows) == sorted(q["id"] for q in quotes)


@pytest.mark.parametrize("base", ["quotes/", "quotes/page/2/"])
def test_quotations_pages_link_to_the_data_files(site, base):
    if not (site / base / "index.html").exists():
        pytest.skip(f"{base} not built (few quotations)")
    page = doc(site, base)
    hrefs = [a.get("href") for a in page.cssselect("a")]
    json_links = [h for h in hrefs if h.endswith("data/quotes.json")]
    csv_links = [h for h in hrefs if h.endswith("data/quotes.csv")]
    assert json_links and csv_links
    folder = site / base
    assert json.loads((folder / json_links[0]).resolve().read_text(encoding="utf-8"))
    header = next(csv.reader(io.StringIO((folder / csv_links[0]).resolve().read_text(encoding="utf-8"))))
    assert header[:5] == ["id", "article_id", "speaker_id", "speaker", "text"]


def test_quotation_permalinks_in_the_table_are_the_ones_in_quotes_json(site, quotes):
    by_id = {q["id"]: q["url"] for q in quotes}
    for n, page in enumerate(listing_pages(site, "quotes/")):
        up = "../" if n == 0 else "../../../"
        for a in page.cssselect("table.annals-quotes-table a.annals-q-link"):
            qid = a.get("href").split("#", 1)[1]
            assert a.get("href") == up + by_id[qid]


@pytest.mark.parametrize("official", OFFICIALS)
def test_each_official_page_shows_exactly_their_quotations(site, quotes, official):
    pages = listing_pages(site, f"officials/{official}/")
    shown = [qid for p in pages for qid in fragment_ids(p.cssselect(".annals-quotes a"))]
    expected = [q["id"] for q in quotes if q["speaker_id"] == official]
    assert len(shown) == len(set(shown))
    assert sorted(shown) == sorted(expected)
    if not expected:
        assert "No quotations in the archive." in pages[0].text_content()


def test_official_pages_count_statements_not_repetitions(site, quotes):
    """Issue 22: a statement reported by several articles counts once (Putin's telegram to Biden: six
    quotations in seeds 002 and 004, one statement)."""
    articles = json.loads((site / "data" / "articles.json").read_text(encoding="utf-8"))
    for official in ("dmitry-medvedev", "vladimir-putin", "dmitry-peskov"):
        mine = [q for q in quotes if q["speaker_id"] == official and q["kind"] != "scare"]
        # one statement: the reports of a statement page, and a quotation inside another of one article
        # (a partial quotation within the reported clause that wraps it)
        inside = {q["id"] for q in mine for o in mine if o is not q and o["article_id"] == q["article_id"]
                  and q["text"].strip(' .,"') in o["text"]}
        n_statements = len({q["statement_id"] or q["id"] for q in mine if q["id"] not in inside or q["statement_id"]})
        n_articles = sum(1 for a in articles if official in a["officials"])
        counts = doc(site, f"officials/{official}/").cssselect(".annals-counts")[0].text_content()
        said = f"{n_statements} statement{'s' if n_statements != 1 else ''}"
        if n_statements != len(mine):
            said += f" ({len(mine)} quotations: some are reported more than once)"
        assert counts.startswith(f"{said}, {n_articles} article"), counts
        if official == "vladimir-putin":
            assert n_statements <= len(mine) - 5  # the telegram's six reports count once
        listed = [a.get("href") for a in doc(site, f"officials/{official}/").cssselect("#articles + ul a")]
        assert sorted(listed) == sorted(f"../../articles/{a['id']}/" for a in articles if official in a["officials"])


def test_medvedev_page_files_his_2012_quotes_from_seed_000_under_the_2012_election(site, quotes):
    """Seed 000 (a000001, 7 November 2012) quotes Medvedev in Hanoi on Obama's re-election."""
    expected = sorted(q["id"] for q in quotes if q["speaker_id"] == "dmitry-medvedev" and q["article_id"] == "a000001")
    assert len(expected) >= 2
    page = doc(site, "officials/dmitry-medvedev/")
    head = page.get_element_by_id("q-us-2012")
    assert head.cssselect("a")[0].get("href") == "../../elections/us-2012/"
    group = head.getnext()
    assert group.tag == "ul" and "annals-quotes" in group.get("class")
    under_2012 = fragment_ids(group.cssselect("a"))
    assert sorted(q for q in under_2012 if q in expected) == expected
    assert all(a.get("href").startswith("../../articles/a000001/#") for a in group.cssselect("li a")
               if "#q-" in a.get("href"))
    assert "Obama is an understandable and predictable partner" in group.text_content()


@pytest.mark.parametrize("election", ["us-2012", "us-2020", "us-2024"])
def test_election_pages_of_the_seeds_draw_a_reaction_timeline(site, quotes, election):
    """Issue 4's "done when": the 2012, 2020 and 2024 US election pages show a drawn timeline whose dots
    link to quotations of the archive."""
    page = doc(site, f"elections/{election}/")
    svg = page.cssselect("svg.annals-timeline")
    assert svg, f"no timeline on elections/{election}/"
    dots = svg[0].cssselect("a")
    assert dots
    ids = {q["id"] for q in quotes}
    assert set(fragment_ids(dots)) <= ids
    assert not list(svg[0].iter("{*}script", "script"))  # drawn at build time: no chart script
    assert not [k for el in svg[0].iter() if isinstance(el.tag, str) for k in el.attrib if k.startswith("on")]


@pytest.mark.parametrize("election", sorted(ELECTIONS))
def test_election_pages_give_key_dates_candidates_and_outcome(site, election):
    e = ELECTIONS[election]
    page = doc(site, f"elections/{election}/")
    facts = {dt.text_content(): dd for dt, dd in zip(page.cssselect("dl.annals-election dt"),
                                                     page.cssselect("dl.annals-election dd"))}
    assert facts["Election day"].cssselect("time")[0].get("datetime") == str(e["date"])
    if e.get("inauguration"):
        assert facts["Inauguration"].cssselect("time")[0].get("datetime") == str(e["inauguration"])
    candidates = [a.get("href") for a in facts["Candidates"].cssselect("a")]
    assert candidates == [f"../../officials/{c}/" for c in e["candidates"]]
    assert facts["Winner"].cssselect("a")[0].get("href") == f"../../officials/{e['winner']}/"


def test_every_article_shows_its_tags_in_both_facets(site):
    articles = json.loads((site / "data" / "articles.json").read_text(encoding="utf-8"))
    names = {o["id"]: o["name"] for o in json.loads((site / "data" / "officials.json").read_text(encoding="utf-8"))}
    for a in articles:
        page = doc(site, a["url"])
        officials = [x.text_content() for x in page.cssselect("nav.annals-tags a.annals-tag-officials")]
        elections = [x.get("href") for x in page.cssselect("nav.annals-tags a.annals-tag-elections")]
        assert sorted(officials) == sorted(names[i] for i in a["officials"]), a["id"]
        assert elections == [f"../../elections/{e}/" for e in a["elections"]], a["id"]
        assert elections, f"{a['id']} has no election tag"


def test_every_quoted_speaker_in_the_seeds_has_a_page(site, quotes):
    for q in quotes:
        if q["speaker_id"]:
            assert (site / "officials" / q["speaker_id"] / "index.html").exists()
        elif q["speaker"]:  # an unlisted speaker: listed on speakers/
            names = [a.text_content() for p in listing_pages(site, "speakers/") for a in p.cssselect(".annals-list a")]
            assert q["speaker"] in names


def test_002_and_004_link_to_their_common_statement(site, quotes):
    """Seed 002 (a000003) reports Putin as "ready for cooperation and contacts"; seed 004 (a000005) quotes
    him: "For my part, I am ready for interaction and contacts with you".  Both pages link, in their
    related coverage, to the one statement page that lists both wordings."""
    by_id = {q["id"]: q for q in quotes}
    ready = next(q for q in quotes if q["text"].startswith("For my part, I am ready for interaction"))
    reported = next(q for q in quotes if q["text"].startswith("for his part, he is ready for cooperation"))
    assert ready["statement_id"] and ready["statement_id"] == reported["statement_id"]
    target = f"../../statements/{ready['statement_id']}/"
    for article, mine in (("a000003", reported), ("a000005", ready)):
        page = doc(site, f"articles/{article}/")
        item = next(li for li in page.cssselect(".annals-coverage li")
                    if li.cssselect("a.annals-same-statement") and li.cssselect("a.annals-same-statement")[0].get("href") == target)
        assert f"#{mine['id']}" in [a.get("href") for a in item.cssselect("a")]
        assert by_id[mine["id"]]["article_id"] == article


@pytest.mark.browser
@pytest.mark.parametrize("election", ["us-2012", "us-2020", "us-2024"])
def test_seed_election_timelines_are_drawn_in_chromium(page, served_site, election):
    """In a real browser: the timeline has a size, its dots are visible, and the first leads to its quotation."""
    page.goto(served_site + f"elections/{election}/")
    box = page.query_selector("svg.annals-timeline").bounding_box()
    assert box["width"] > 300 and box["height"] > 50
    dots = page.query_selector_all("svg.annals-timeline circle")
    assert dots and all(d.is_visible() for d in dots)
    href = page.get_attribute("svg.annals-timeline a", "href")
    page.click("svg.annals-timeline a >> nth=0")
    page.wait_for_load_state()
    qid = href.split("#", 1)[1]
    assert page.url.endswith("#" + qid)
    assert page.query_selector(f"[id='{qid}']") is not None
    assert page.outside_requests == []
