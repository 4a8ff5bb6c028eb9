"""The browse pages through the real pipeline and real MkDocs + Material: nav entries, related
coverage on the seeds, tags from two tags-plugin instances with the gazetteers' allow lists."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from mkdocs.exceptions import Abort, PluginError

from annals.link import related
from annals.publish.mkdocs import run_mkdocs
from annals.render.kit import RenderConfig
from annals.render.site import render
from annals.publish.writer import write_docs
from browse_world import world
from conftest import make_project


def page(project: Path, url: str):
    return lxml.html.fromstring((project / "site" / url / "index.html").read_bytes())


def test_index_pages_are_built_and_in_the_nav(built_site):
    home = page(built_site, "")
    nav = [a.text_content().strip() for a in home.cssselect("nav.md-nav--primary a.md-nav__link")]
    assert "Officials" in nav and "Elections" in nav
    for url in ("officials/", "elections/", "speakers/"):
        assert (built_site / "site" / url / "index.html").exists(), url


def test_seed_pages_002_and_004_link_to_each_other(built_site):
    p002, p004 = page(built_site, "articles/a000003/"), page(built_site, "articles/a000005/")
    assert "../a000005/" in [a.get("href") for a in p002.cssselect(".annals-coverage a")]
    assert "../a000003/" in [a.get("href") for a in p004.cssselect(".annals-coverage a")]
    for other in ("a000001", "a000002", "a000004"):
        assert not page(built_site, f"articles/{other}/").cssselect(".annals-coverage")


@pytest.fixture(scope="module")
def world_site(tmp_path_factory):
    """The constructed world (gazetteer, quotations) rendered and built by real MkDocs."""
    records, archive = world()
    project = make_project(tmp_path_factory.mktemp("world"), archive=None)
    files = render(related.link_records(records), RenderConfig(), archive)
    write_docs(project / "docs", files)
    run_mkdocs(project / "mkdocs.yml", project / "docs", project / "site", strict=True, archive=archive)
    return project, archive, files


def test_articles_show_tags_in_two_facets_linked_to_their_pages(world_site):
    project, _, _ = world_site
    doc = page(project, "articles/a000001/")
    officials = [(a.text_content(), a.get("href")) for a in doc.cssselect("nav.annals-tags a.annals-tag-officials")]
    elections = [(a.text_content(), a.get("href")) for a in doc.cssselect("nav.annals-tags a.annals-tag-elections")]
    assert officials == [("Dmitry Medvedev", "../../officials/dmitry-medvedev/"), ("Dmitry Peskov", "../../officials/dmitry-peskov/")]
    assert elections == [("2012 US presidential election", "../../elections/us-2012/")]
    for _, href in officials + elections:
        assert (project / "site" / "articles" / "a000001" / href / "index.html").resolve().exists()


def test_a_tag_outside_the_gazetteer_fails_the_mkdocs_build(world_site, tmp_path, caplog):
    _, archive, files = world_site
    project = make_project(tmp_path, archive=None)
    bad = dict(files)
    bad["articles/a000001/index.md"] = files["articles/a000001/index.md"].replace("- Dmitry Peskov", "- Dmitri Peskov", 1)
    assert bad["articles/a000001/index.md"] != files["articles/a000001/index.md"]
    write_docs(project / "docs", bad)
    with pytest.raises((PluginError, Abort)) as err:
        run_mkdocs(project / "mkdocs.yml", project / "docs", project / "site", strict=True, archive=archive)
    assert err.value is not None
    assert "Tags not in allow list: Dmitri Peskov" in caplog.text


@pytest.fixture(scope="module")
def world_server(world_site):
    """The world site over HTTP, with a data/quotes.json in issue 3's format made from the same records."""
    import json

    from conftest import StaticServer

    project, _, _ = world_site
    records, _ = world()
    quotes = [{"id": q.id, "article_id": q.article_id, "speaker_id": q.speaker_id, "speaker": q.speaker, "text": q.text,
               "kind": q.kind, "via": q.via, "confidence": q.confidence, "url": f"articles/{q.article_id}/#{q.id}"}
              for r in records for q in r.quotes]
    data = project / "site" / "data" / "quotes.json"
    if not data.exists():
        data.write_text(json.dumps(quotes), encoding="utf-8")
    server = StaticServer(project / "site")
    yield server.url
    server.close()


def visible_rows(pg):
    return pg.eval_on_selector_all("table.annals-quotes-table tbody tr",
                                   "rows => rows.filter(r => !r.hidden).map(r => r.getAttribute('data-quote'))")


def test_quotations_table_is_readable_without_javascript(browser, world_server):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(world_server + "quotes/")
    assert len(pg.query_selector_all("table.annals-quotes-table tbody tr")) == 4
    assert pg.query_selector("form.annals-filter") is None
    assert pg.is_visible("text=Filter by official, election, year or kind")
    context.close()


def test_quotations_table_filters_in_place_and_across_the_archive(page, world_server):
    page.goto(world_server + "quotes/")
    page.wait_for_selector("form.annals-filter")
    assert len(visible_rows(page)) == 4
    page.select_option("form.annals-filter select[name=speaker]", "dmitry-peskov")
    assert len(visible_rows(page)) == 1
    assert page.text_content(".annals-filter-status") == "1 of 4 quotations on this page."
    page.select_option("form.annals-filter select[name=speaker]", "")
    page.select_option("form.annals-filter select[name=year]", "2020")
    assert len(visible_rows(page)) == 1
    page.select_option("form.annals-filter select[name=year]", "")
    page.fill("form.annals-filter input[name=q]", "predictable partner")
    page.keyboard.press("Tab")
    assert len(visible_rows(page)) == 1
    page.fill("form.annals-filter input[name=q]", "")
    page.check("form.annals-filter input[name=all]")
    page.wait_for_function("document.querySelector('.annals-filter-status').textContent.includes('in the archive')")
    page.select_option("form.annals-filter select[name=election]", "us-2012")
    assert page.text_content(".annals-filter-status") == "3 of 4 quotations in the archive."
    assert page.outside_requests == []


def test_election_page_timeline_is_drawn_and_links_to_quotations(page, world_server):
    page.goto(world_server + "elections/us-2012/")
    box = page.query_selector("svg.annals-timeline").bounding_box()
    assert box["width"] > 300 and box["height"] > 50
    href = page.get_attribute("svg.annals-timeline a", "href")
    page.click("svg.annals-timeline a >> nth=0")
    page.wait_for_load_state()
    assert "/articles/" in page.url and "#q-" in page.url and href.endswith(page.url.split("#")[1])


# ---- the former per-year and per-kind pages: the table's filter does their work (issue 20, item 4) ----

def _rows_when_loaded(pg) -> list[str]:
    pg.wait_for_function("document.querySelector('.annals-filter-status') && "
                         "document.querySelector('.annals-filter-status').textContent.includes('in the archive')")
    return visible_rows(pg)


def _seed_data(built_site):
    import json

    site = built_site / "site"
    quotes = json.loads((site / "data" / "quotes.json").read_text(encoding="utf-8"))
    articles = {a["id"]: a for a in json.loads((site / "data" / "articles.json").read_text(encoding="utf-8"))}
    return quotes, articles


@pytest.mark.browser
@pytest.mark.parametrize("old, field, value", [("quotes/year/2012/", "year", "2012"), ("quotes/year/2020/", "year", "2020"),
                                               ("quotes/kind/full/", "kind", "full"),
                                               ("quotes/kind/reported/", "kind", "reported")])
def test_a_former_year_or_kind_page_redirects_to_the_filtered_table(page, served_site, built_site, old, field, value):
    """The seed site published quotes/year/<y>/ and quotes/kind/<k>/ (archive/published.txt); their
    addresses now lead to quotes/?<field>=<value>, where the table lists exactly the quotations that the
    old page listed: those of that year (the article's) or that kind, across the whole archive."""
    quotes, articles = _seed_data(built_site)
    if field == "year":
        expected = {q["id"] for q in quotes if (articles[q["article_id"]]["date"] or "")[:4] == value}
    else:
        expected = {q["id"] for q in quotes if q["kind"] == value}
    assert expected
    page.goto(served_site + old)
    page.wait_for_url(f"**/quotes/?{field}={value}")
    assert set(_rows_when_loaded(page)) == expected
    assert page.locator(f"form.annals-filter select[name={field}]").input_value() == value
    assert page.outside_requests == []


@pytest.mark.browser
def test_every_year_and_kind_can_be_chosen_on_any_page_and_goes_in_the_address(page, world_server):
    page.goto(world_server + "quotes/")
    page.wait_for_selector("form.annals-filter")
    years = page.eval_on_selector_all("form.annals-filter select[name=year] option", "os => os.map(o => o.value)")
    kinds = page.eval_on_selector_all("form.annals-filter select[name=kind] option", "os => os.map(o => o.value)")
    assert years == ["", "2012", "2020"] and kinds == ["", "full"]
    page.select_option("form.annals-filter select[name=year]", "2020")
    page.wait_for_function("location.search === '?year=2020'")
    page.reload()
    assert _rows_when_loaded(page) and page.locator("form.annals-filter select[name=year]").input_value() == "2020"
