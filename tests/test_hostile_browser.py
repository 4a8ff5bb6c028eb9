"""Hostile sources in a real headless Chromium (issue 8): every page case of ``tests/hostile/``
(among them ``all-payloads``, a source full of script-like text) runs nothing: no dialog, no
new or changed global, no request to anything but the site itself."""

from __future__ import annotations

import pytest

from hostile_cases import PAGE_CASES

pytestmark = pytest.mark.browser

PAGES = [(c.name, p["id"]) for c in PAGE_CASES for p in c.pages]
REFERENCE = "a100002"  # the `crlf` case: plain words, no payload; its globals are the baseline

GLOBALS = "() => Object.getOwnPropertyNames(window).sort()"
# Look for anything a payload could have done once the page settled (focus, toggles, image errors).
PROBE = """() => ({
  hostile: typeof window.HOSTILE,
  title: document.title,
  scripts: [...document.querySelectorAll('.annals-article script, .annals-article iframe, .annals-article object,'
                                           + '.annals-article embed, .annals-article img, .annals-article svg,'
                                           + '.annals-article style, .annals-article link, .annals-article base,'
                                           + '.annals-article form, .annals-article input, .annals-article meta')].length,
  handlers: [...document.querySelectorAll('*')].flatMap(el => [...el.attributes].map(a => a.name))
              .filter(n => n.startsWith('on')).length,
  base: document.baseURI,
})"""


def visit(page, url: str) -> tuple[list[str], dict, list[str]]:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(200)  # let autofocus, onerror and ontoggle fire if they are going to
    return dialogs, page.evaluate(PROBE), page.evaluate(GLOBALS)


@pytest.fixture(scope="module")
def baseline_globals(browser, served_hostile_site) -> set[str]:
    context = browser.new_context()
    pg = context.new_page()
    pg.goto(served_hostile_site + f"articles/{REFERENCE}/", wait_until="load")
    pg.wait_for_timeout(200)
    names = set(pg.evaluate(GLOBALS))
    context.close()
    return names


@pytest.mark.parametrize("case,ident", PAGES, ids=[name for name, _ in PAGES])
def test_hostile_page_runs_nothing(page, served_hostile_site, baseline_globals, case, ident):
    url = served_hostile_site + f"articles/{ident}/"
    dialogs, probe, names = visit(page, url)
    assert dialogs == []
    assert probe["hostile"] == "undefined"
    assert probe["scripts"] == 0 and probe["handlers"] == 0
    assert probe["base"] == url  # no <base href> from a source
    assert sorted(set(names) - baseline_globals) == []
    assert page.outside_requests == []
    assert page.url == url  # no meta refresh or script navigated away


def test_all_payloads_text_is_shown_in_the_browser(page, served_hostile_site):
    """The browser's own rendering of the worst case shows the payloads as text."""
    page.goto(served_hostile_site + "articles/a100026/", wait_until="load")
    shown = page.locator(".annals-source").inner_text()
    assert "<script>window.HOSTILE='script';alert('HOSTILE')</script>" in shown
    assert "</textarea></title></style></noscript></xmp><script>window.HOSTILE='close'</script>" in shown
    assert page.locator("h1#title").inner_text() == \
        "Putin <script>window.HOSTILE='title'</script> \"><img src=x onerror=window.HOSTILE='title2'>"
    assert "<script>window.HOSTILE='title'</script>" in page.title()


def test_popovers_and_the_cite_dialog_run_nothing_from_a_hostile_source(page, served_hostile_site, baseline_globals):
    """Issue 19: what reading.js copies beside the words (notes, speakers) and what cite.js loads from
    cite/<id>.html stays text, on every hostile page: markers clicked, quotations hovered, the dialog opened."""
    opened = {"markers": 0, "quotes": 0, "dialogs": 0}
    for case, ident in PAGES:
        url = served_hostile_site + f"articles/{ident}/"
        dialogs, _, _ = visit(page, url)
        for marker in page.locator(".annals-source a.annals-marker").all()[:3]:
            marker.click()
            opened["markers"] += 1
        for quote in page.locator(".annals-source .annals-quote").all()[:3]:
            quote.hover()
            opened["quotes"] += 1
        page.locator(".annals-toolbar a.annals-cite-control").click()
        page.locator("dialog.annals-cite-dialog .annals-cite-style").first.wait_for()
        opened["dialogs"] += 1
        page.wait_for_timeout(100)
        probe = page.evaluate(PROBE)
        inside = page.evaluate("() => [...document.querySelectorAll('dialog.annals-cite-dialog *, .annals-pop *')]"
                               ".map(e => e.tagName.toLowerCase())")
        assert set(inside) <= {"div", "h2", "h3", "button", "section", "p", "i", "b", "span", "code", "a", "q",
                               "strong", "cite"}, case
        assert dialogs == [] and probe["hostile"] == "undefined" and probe["handlers"] == 0, case
        assert sorted(set(page.evaluate(GLOBALS)) - baseline_globals) == [], case
        if ident == "a100026":
            shown = page.locator("dialog.annals-cite-dialog").inner_text()
            assert "<script>window.HOSTILE='title'</script>" in shown  # the title, as text
        page.keyboard.press("Escape")
    assert page.outside_requests == []
    assert opened["markers"] and opened["quotes"] and opened["dialogs"] == len(PAGES), opened


def test_hostile_statement_pages_run_nothing(page, served_hostile_site, hostile_site, baseline_globals):
    """Issue 22: the statement pages of the hostile site (tests/hostile/statement-hostile) run nothing."""
    pages = sorted(p.parent.name for p in (hostile_site / "site" / "statements").glob("s*/index.html"))
    assert pages
    for ident in pages:
        url = served_hostile_site + f"statements/{ident}/"
        dialogs, probe, names = visit(page, url)
        assert dialogs == [] and probe["hostile"] == "undefined" and probe["handlers"] == 0
        assert page.evaluate("() => document.querySelectorAll('.annals-statement script, .annals-statement img,"
                             " .annals-statement svg, .annals-statement iframe').length") == 0
        assert sorted(set(names) - baseline_globals) == []
        assert page.outside_requests == [] and page.url == url
