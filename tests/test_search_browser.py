"""Search (issue 6) in a real headless Chromium over the seed site served by a static server.

The seed site is built once per session (``built_site``, with Pagefind) and served by Python's
``http.server`` (``served_site``); the ``page`` fixture records and blocks any request that leaves it.
What a search should find is taken from the site's own data files (quotes.json, articles.json) and
page text, not from the index.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import visible_text

pytestmark = pytest.mark.browser

PHRASE = "took the news about Barack Obama"  # words of a direct quotation by Dmitry Peskov (seed 000)
EXACT = "russia relations"  # a phrase whose words also occur apart, in other texts


@pytest.fixture(scope="module")
def data(built_site):
    site = built_site / "site"
    quotes = json.loads((site / "data" / "quotes.json").read_text(encoding="utf-8"))
    articles = json.loads((site / "data" / "articles.json").read_text(encoding="utf-8"))
    return {"quotes": quotes, "articles": {a["id"]: a for a in articles}, "site": site}


def quote_with(data, words: str) -> dict:
    (q,) = [q for q in data["quotes"] if words in q["text"]]
    return q


def header_results(page):
    """The header's result links, once the script has shown them (``aria-busy`` back to false); not the
    "reported by N outlets" link of a statement's result (test_statements_browser.py)."""
    page.wait_for_selector("[data-annals-search-results][aria-busy=false]", state="attached")
    return page.locator("[data-annals-search-results] a.md-search-result__link")


def page_results(page):
    """The Search page's result links, once shown."""
    page.wait_for_selector("[data-annals-search-page-results][aria-busy=false]", state="attached")
    return page.locator("[data-annals-search-page-results] a.md-search-result__link")


def hrefs(locator) -> list[str]:
    return locator.evaluate_all("els => els.map(e => e.getAttribute('href'))")


def result_text(data, href: str) -> str:
    """The words of a result: a quotation's (with its speaker and article title, which Pagefind
    also searches), or an article page's source text."""
    parts = urlsplit(href)
    path, anchor = parts.path.lstrip("/"), parts.fragment
    if anchor:
        q = next(q for q in data["quotes"] if q["id"] == anchor)
        return " / ".join((q["text"], q["speaker"] or "", data["articles"][q["article_id"]]["title"]))
    return visible_text((data["site"] / path / "index.html").read_bytes())


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


@pytest.mark.parametrize("start", ["", "articles/a000003/", "officials/dmitry-peskov/"])
def test_phrase_finds_the_quotation_and_lands_on_it(page, served_site, data, start):
    q = quote_with(data, PHRASE)
    title = data["articles"][q["article_id"]]["title"]
    page.goto(served_site + start)
    page.locator(".md-search__input").click()
    page.keyboard.type(PHRASE)
    results = header_results(page)
    assert title in page.locator("[data-annals-search-results]").inner_text()
    link = page.locator(f'[data-annals-search-results] a[href$="#{q["id"]}"]')
    assert link.count() == 1
    link.click()
    page.wait_for_url("**#" + q["id"])
    assert urlsplit(page.url).fragment == q["id"]
    assert page.evaluate("document.querySelector(':target').id") == q["id"]
    assert page.evaluate("document.querySelector(':target').classList.contains('annals-quote')")
    assert page.outside_requests == []


def test_quotation_on_arrival_is_highlighted(page, served_site, data):
    q = quote_with(data, PHRASE)
    page.goto(served_site + q["url"])
    target = page.locator(":target")
    plain = page.locator(".annals-quote:not(:target)").first
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") != plain.evaluate(
        "e => getComputedStyle(e).backgroundColor")


def test_filter_by_official_keeps_only_that_official(page, served_site, data):
    page.goto(served_site + "search/?q=election")
    assert page_results(page).count() > 0
    page.locator('input[name="official"][value="Dmitry Peskov"]').check()
    page.wait_for_function("location.search.includes('official=')")
    found = hrefs(page_results(page))
    assert found
    assert parse_qs(urlsplit(page.url).query)["official"] == ["Dmitry Peskov"]
    for href in found:
        path, anchor = urlsplit(href).path.lstrip("/"), urlsplit(href).fragment
        if anchor:
            assert next(q for q in data["quotes"] if q["id"] == anchor)["speaker_id"] == "dmitry-peskov", href
        else:
            assert "dmitry-peskov" in data["articles"][path.split("/")[1]]["officials"], href
    assert page.outside_requests == []


def test_exact_phrase_matches_only_that_phrase(page, served_site, data):
    page.goto(served_site + "search/?q=" + f'"{EXACT}"'.replace(" ", "+"))
    exact = hrefs(page_results(page))
    assert exact
    for href in exact:
        assert EXACT in words(result_text(data, href)), href


def test_loose_words_match_them_apart(page, served_site, data):
    page.goto(served_site + "search/?q=" + EXACT.replace(" ", "+"))
    loose = hrefs(page_results(page))
    apart = [h for h in loose if EXACT not in words(result_text(data, h))]
    assert apart, loose
    for href in apart:  # both words (or their stems) are in the text, not side by side
        text = result_text(data, href).lower()
        assert "russia" in text and "relation" in text, href


def test_keyboard_only_tab_type_arrow_enter(page, served_site, data):
    q = quote_with(data, PHRASE)
    page.goto(served_site)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('md-search__input')"):
            break
    else:
        pytest.fail("Tab never reached the search box")
    page.keyboard.type(PHRASE)
    results = header_results(page)
    target = hrefs(results).index(next(h for h in hrefs(results) if h.endswith("#" + q["id"])))
    for _ in range(target + 1):
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith("#" + q["id"])
    page.keyboard.press("Enter")
    page.wait_for_url("**#" + q["id"])
    assert page.evaluate("document.querySelector(':target').id") == q["id"]


def test_keyboard_tab_from_the_box_reaches_a_result(page, served_site):
    page.goto(served_site)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type(PHRASE)
    header_results(page)
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('[data-annals-search-results]')"):
            break
    else:
        pytest.fail("Tab from the search box did not reach a result")


def test_enter_in_the_header_opens_the_search_page_with_the_query(page, served_site):
    page.goto(served_site + "articles/a000001/")
    page.locator(".md-search__input").click()
    page.keyboard.type("Kremlin")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=Kremlin")
    assert page.locator("#annals-q").input_value() == "Kremlin"
    assert page_results(page).count() > 0


def test_shared_url_restores_query_and_filters(page, served_site, data):
    page.goto(served_site + "search/?q=Obama&kind=direct+quotation")
    found = hrefs(page_results(page))
    assert page.locator("#annals-q").input_value() == "Obama"
    assert page.locator('input[name="kind"][value="direct quotation"]').is_checked()
    assert found
    kinds = {next(q for q in data["quotes"] if q["id"] == urlsplit(h).fragment)["kind"] if urlsplit(h).fragment
             else "page" for h in found}
    assert kinds == {"full"}


def test_typing_on_the_search_page_puts_the_query_in_the_url(page, served_site):
    page.goto(served_site + "search/")
    page.locator("#annals-q").fill("Lavrov")
    page.wait_for_function("location.search === '?q=Lavrov'")
    page_results(page)
    page.reload()
    assert page.locator("#annals-q").input_value() == "Lavrov"


def test_search_requests_stay_on_the_site(page, served_site):
    seen = []
    page.on("request", lambda r: seen.append(r.url))
    page.goto(served_site + "search/?q=Putin&year=2020")
    page_results(page)
    page.locator(".md-search__input").click()
    page.keyboard.type("Medvedev")
    header_results(page)
    assert any("/pagefind/" in u for u in seen)
    assert [u for u in seen if not u.startswith(served_site) and not u.startswith(("data:", "blob:"))] == []
    assert page.outside_requests == []


AXE_PAGES = {
    "home": "",
    "article": "articles/a000002/",
    "official": "officials/dmitry-peskov/",
    "election": "elections/us-2012/",
    "search page with results": "search/?q=Obama",
}


@pytest.mark.parametrize("name", [*AXE_PAGES, "header results open"])
def test_axe_finds_no_serious_violation(page, served_site, name):
    """axe-core over the whole page, theme included; the search page with its results shown."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto(served_site + AXE_PAGES.get(name, "articles/a000001/"))
    if name.startswith("search"):
        assert page_results(page).count() > 0
    if name.startswith("header"):
        page.locator(".md-search__input").click()
        page.keyboard.type("Obama")
        assert header_results(page).count() > 0
    result = Axe().run(page)
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]
             if v["impact"] in ("serious", "critical")]
    assert found == []


# ---- quotations found inside their article's record (issue 20, item 3) ------------------------

def quote_of(data, href: str) -> dict | None:
    anchor = urlsplit(href).fragment
    return next(q for q in data["quotes"] if q["id"] == anchor) if anchor else None


def test_a_quotation_result_holds_every_loose_word(page, served_site, data):
    """Two loose words: an article holding both anywhere is a result, but a quotation inside it only
    when both are among its own words (or its speaker's name), not when one is elsewhere in the text."""
    page.goto(served_site + "search/?q=Obama+victory")
    found = hrefs(page_results(page))
    quoted = [quote_of(data, h) for h in found if urlsplit(h).fragment]
    assert quoted
    for q in quoted:
        text = (q["text"] + " " + (q["speaker"] or "")).lower()
        assert "obama" in text and "victor" in text, q["id"]
    # an article holding both words has quotations with only one of them: those are not results
    article = quoted[0]["article_id"]
    one_only = [q for q in data["quotes"] if q["article_id"] == article and "obama" in q["text"].lower()
                and "victor" not in q["text"].lower() and q["kind"] != "scare"]
    assert one_only and not {q["id"] for q in one_only} & {q["id"] for q in quoted}


def test_filters_alone_list_the_quotations_of_that_kind(page, served_site, data):
    page.goto(served_site + "search/?kind=reported+speech")
    found = hrefs(page_results(page))
    while page.locator("[data-annals-search-page-more]").is_visible():
        page.locator("[data-annals-search-page-more]").click()
        page.wait_for_function("document.querySelector('[data-annals-search-page-results]').getAttribute('aria-busy') === 'false'")
        found = hrefs(page_results(page))
    expected = {q["id"] for q in data["quotes"] if q["kind"] == "reported"}
    assert {urlsplit(h).fragment for h in found} == expected
    assert page.locator("[data-annals-search-page-status]").inner_text().startswith(f"{len(expected)} results")


def test_quotation_result_shows_its_words_with_the_match_marked(page, served_site, data):
    q = quote_with(data, PHRASE)
    page.goto(served_site + "search/?q=" + f'"{PHRASE}"'.replace(" ", "+"))
    results = page_results(page)
    link = page.locator(f'[data-annals-search-page-results] a[href$="#{q["id"]}"]')
    assert link.count() == 1
    shown = link.locator(".annals-search-words").inner_text()
    assert words(q["text"]) in words(shown)
    marked = words(" ".join(link.locator(".annals-search-words mark").all_inner_texts()))
    assert words(PHRASE) in marked and len(marked.split()) <= len(PHRASE.split()) + 1  # whole words marked
    assert results.count() >= 1


@pytest.fixture(scope="module")
def sharded_server(built_site, tmp_path_factory):
    """The seed site indexed in four shards (articles in shards of two IDs, and the statement pages),
    served: search merges them."""
    import shutil

    from annals.publish.pagefind import run_pagefind
    from conftest import StaticServer

    copy = tmp_path_factory.mktemp("sharded-site") / "site"
    shutil.copytree(built_site / "site", copy)
    # four indexes (three of article pages, one of statement pages), merged by the browser
    assert run_pagefind(copy, shard_size=2, merge=False)["shards"] == 4
    server = StaticServer(copy)
    yield server.url
    server.close()


@pytest.mark.parametrize("article", ["a000001", "a000002", "a000005"])
def test_search_merges_the_shards(page, sharded_server, data, article):
    q = next(q for q in data["quotes"] if q["article_id"] == article and q["kind"] == "full" and len(q["text"].split()) >= 5)
    phrase = " ".join(q["text"].split()[:5]).strip(",.;:")
    page.goto(sharded_server + "search/?q=" + f'"{phrase}"'.replace(" ", "+"))
    found = hrefs(page_results(page))
    assert any(h.endswith("#" + q["id"]) for h in found), (phrase, found)
    years = page.eval_on_selector_all('input[name="year"]', "els => els.map(e => e.value)")
    assert set(years) == {a["date"][:4] for a in data["articles"].values() if a["date"]}  # every shard's filters
    assert page.outside_requests == []
