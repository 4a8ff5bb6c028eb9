"""The seed site's statement page in a real Chromium (issue 22): both wordings of each passage of Putin's
telegram side by side on a wide screen, one above the other on a phone with nothing scrolling sideways,
the differing words marked by more than colour, and a quotation's popover on its article page leading to
the statement."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def telegram(built_site) -> dict:
    rows = json.loads((built_site / "site" / "data" / "statements.json").read_text(encoding="utf-8"))
    return next(r for r in rows if r["speaker_id"] == "vladimir-putin" and r["date"] == "2020-12-15")


def _boxes(pg):
    return pg.evaluate("""() => [...document.querySelectorAll('section.annals-passage')].map(s =>
        [...s.querySelectorAll('li.annals-report')].map(li => { const r = li.getBoundingClientRect();
            return [Math.round(r.left), Math.round(r.top), Math.round(r.width)]; }))""")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_wordings_stand_side_by_side_and_fold_on_a_phone(browser, served_site, telegram, javascript):
    for width, side_by_side in ((1280, True), (390, False)):
        context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
        pg = context.new_page()
        pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served_site) else route.abort())
        pg.goto(served_site + telegram["url"])
        passages = _boxes(pg)
        assert len(passages) == 3 and all(len(p) == 2 for p in passages)
        for (l1, t1, w1), (l2, t2, w2) in passages:
            if side_by_side:
                assert t1 == t2 and l2 >= l1 + w1  # one row, two columns
            else:
                assert l1 == l2 and t2 > t1  # one column
        assert pg.evaluate("document.documentElement.scrollWidth") <= width
        # a differing word is underlined (not colour alone) and is an <ins> for assistive technology
        style = pg.evaluate("""() => { const s = getComputedStyle(document.querySelector('ins.annals-diff'));
                                       return [s.textDecorationLine, s.textDecorationStyle]; }""")
        assert style == ["underline", "dotted"]
        context.close()


def test_the_popover_of_a_quotation_leads_to_its_statement(page, served_site, telegram):
    """Hovering 004's quotation shows the line about it, which links to the statement page; the words of
    the source are unchanged (test_reading_page.py checks every paragraph's innerText)."""
    qid = next(q for q in telegram["reports"] if q == "q-e8d05d1417")
    page.goto(served_site + "articles/a000005/")
    page.hover(f'[data-quote-id="{qid}"].annals-quote')
    popover = page.locator(".annals-pop:visible").first
    popover.wait_for(timeout=3000)
    assert f"statement {telegram['id']}" in popover.inner_text()
    link = page.locator(f"#{qid}-about a.annals-statement-link")
    link.click()
    page.wait_for_url(f"**/{telegram['url']}")
    assert page.locator("h1").inner_text() == "Statement by Vladimir Putin, 15 December 2020"


def _search(page, served_site, query: str):
    from urllib.parse import quote

    page.goto(served_site + "search/?q=" + quote(query))
    page.wait_for_selector("[data-annals-search-page-results][aria-busy=false]", state="attached")
    return page.locator("[data-annals-search-page-results] li.annals-search-result")


def _of_the_telegram(items, telegram) -> list[str]:
    """The results that stand for a report of the telegram or for its page: their main links."""
    mains = items.evaluate_all("lis => lis.map(li => li.querySelector('a').getAttribute('href'))")
    return [h for h in mains if h.split("#")[0].endswith(telegram["url"])
            or ("#" in h and h.split("#")[1] in telegram["reports"])]


def test_search_shows_the_telegram_once_reported_by_two_outlets(page, served_site, telegram):
    """Words of Putin's telegram (both seed reports and the statement page hold them): one result for the
    statement, saying "reported by 2 outlets" and linking to its page, which opens."""
    items = _search(page, served_site, "special responsibility global security stability")
    mine = _of_the_telegram(items, telegram)
    assert len(mine) == 1, mine
    reported = page.locator("[data-annals-search-page-results] a.annals-search-statement-link")
    hrefs = reported.evaluate_all("els => els.map(e => [e.getAttribute('href'), e.textContent])")
    assert [t for h, t in hrefs if h.endswith(telegram["url"])] == ["reported by 2 outlets"]
    page.locator(f'a.annals-search-statement-link[href$="{telegram["url"]}"]').click()
    page.wait_for_url(f"**/{telegram['url']}")
    assert page.locator("h1").inner_text() == "Statement by Vladimir Putin, 15 December 2020"


def test_an_exact_phrase_still_reaches_each_articles_quotation(page, served_site, telegram):
    """"special responsibility for global security": both articles' quotations are results, each linking
    to its anchor (a reader checking wordings needs every one); the statement page is one more."""
    items = _search(page, served_site, '"special responsibility for global security"')
    mine = _of_the_telegram(items, telegram)
    anchors = sorted(h.split("/")[-2] for h in mine if "#" in h)
    assert anchors == ["a000003", "a000005"], mine
