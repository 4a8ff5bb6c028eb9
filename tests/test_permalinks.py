"""Permalinks (issue 5): anchors on every paragraph and quotation, the copy-link controls beside
them (real MkDocs build, real headless Chromium)."""

from __future__ import annotations

import json

import lxml.html
import pytest
import yaml

from conftest import ROOT

SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]


def article(project, ident: str):
    return lxml.html.fromstring((project / "site" / "articles" / ident / "index.html").read_bytes())


def quotes_of(project, ident: str) -> list[dict]:
    quotes = json.loads((project / "site" / "data" / "quotes.json").read_text(encoding="utf-8"))
    return [q for q in quotes if q["article_id"] == ident]


# ---- anchors and controls in the built HTML -----------------------------------------------------

@pytest.mark.parametrize("ident", ["a000001", "a000002", "a000003", "a000004", "a000005"])
def test_every_paragraph_has_an_anchor_and_a_control_linking_to_it(built_site, ident):
    doc = article(built_site, ident)
    paragraphs = doc.cssselect(".annals-source p.annals-p")
    assert paragraphs
    for n, p in enumerate(paragraphs, 1):
        assert p.get("id") == f"p{n}"
        controls = [a for a in p.cssselect("a.annals-permalink") if a.get("href") == f"#p{n}"]
        assert len(controls) == 1, lxml.html.tostring(p)[:300]
        assert controls[0].get("data-pagefind-ignore") is not None
        assert controls[0].get("aria-label") == f"Copy link to paragraph {n}"


@pytest.mark.parametrize("ident", ["a000001", "a000002", "a000003", "a000004", "a000005"])
def test_every_quotation_has_an_anchor_and_one_control_linking_to_it(built_site, ident):
    doc = article(built_site, ident)
    for q in quotes_of(built_site, ident):
        assert len(doc.cssselect(f'[id="{q["id"]}"]')) == 1, q["id"]
        controls = doc.cssselect(f'.annals-source a.annals-permalink[href="#{q["id"]}"]')
        assert len(controls) == 1, q["id"]
        assert controls[0].get("data-pagefind-ignore") is not None


def test_the_copy_script_is_local_and_listed_in_mkdocs_yml(built_site):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "assets/permalinks.js" in config["extra_javascript"]
    doc = article(built_site, "a000005")
    srcs = [s.get("src") for s in doc.cssselect("script[src]")]
    assert any(s.endswith("assets/permalinks.js") for s in srcs), srcs
    assert (built_site / "site" / "assets" / "permalinks.js").exists()


def test_the_cite_page_is_in_the_nav(built_site):
    home = lxml.html.fromstring((built_site / "site" / "index.html").read_bytes())
    nav = {a.text_content().strip(): a.get("href") for a in home.cssselect("nav.md-nav--primary a.md-nav__link")}
    assert "How to cite" in nav
    cite = lxml.html.fromstring((built_site / "site" / "cite" / "index.html").read_bytes())
    assert cite.cssselect("h1")[0].text_content().strip() == "How to cite"


# ---- the control in a real browser --------------------------------------------------------------

@pytest.fixture
def clipboard_page(browser, served_site):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site.rstrip("/"))
    pg = context.new_page()
    yield pg
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("anchor", ["p3", "quote"])
def test_copy_link_copies_the_absolute_permalink_and_announces_it(clipboard_page, served_site, built_site, anchor):
    if anchor == "quote":
        anchor = next(q["id"] for q in quotes_of(built_site, "a000005") if q["kind"] == "full")
    pg = clipboard_page
    pg.goto(served_site + "articles/a000005/")
    control = pg.locator(f'.annals-source a.annals-permalink[href="#{anchor}"]')
    control.focus()
    control.evaluate("el => el.getAttribute('href')")  # present
    pg.wait_for_function("a => getComputedStyle(a).opacity === '1'", arg=control.element_handle())  # shown on focus
    control.click()
    expected = f"{SITE_URL}articles/a000005/#{anchor}"
    pg.wait_for_function("() => document.querySelector('[aria-live=polite]') && "
                         "document.querySelector('[aria-live=polite]').textContent.length > 0")
    assert pg.evaluate("navigator.clipboard.readText()") == expected
    assert expected in pg.locator("[aria-live=polite]").inner_text()
    assert pg.evaluate("location.hash") == f"#{anchor}"


@pytest.mark.browser
def test_copy_link_is_hidden_until_hover_or_focus(clipboard_page, served_site):
    pg = clipboard_page
    pg.goto(served_site + "articles/a000005/")
    control = pg.locator('.annals-source a.annals-permalink[href="#p2"]')
    assert control.evaluate("el => getComputedStyle(el).opacity") == "0"
    pg.locator("#p2").hover()
    pg.wait_for_function("() => getComputedStyle(document.querySelector('a.annals-permalink[href=\"#p2\"]')).opacity === '1'")


@pytest.mark.browser
def test_without_javascript_the_control_is_a_link_to_the_anchor(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    try:
        pg.goto(served_site + "articles/a000005/")
        pg.locator("#p4").hover()
        pg.locator('.annals-source a.annals-permalink[href="#p4"]').click()
        assert pg.url == served_site + "articles/a000005/#p4"
    finally:
        context.close()
