"""The browse pages through the real pipeline and real MkDocs + Material: nav entries, related
coverage on the seeds, tags from two tags-plugin instances with the gazetteers' allow lists."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from mkdocs.exceptions import Abort, PluginError

from annals.browse import related
from annals.build import run_mkdocs
from annals.render import RenderConfig, render
from annals.writer import write_docs
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
    bad["articles/a000001.md"] = files["articles/a000001.md"].replace("- Dmitry Peskov", "- Dmitri Peskov", 1)
    assert bad["articles/a000001.md"] != files["articles/a000001.md"]
    write_docs(project / "docs", bad)
    with pytest.raises((PluginError, Abort)) as err:
        run_mkdocs(project / "mkdocs.yml", project / "docs", project / "site", strict=True, archive=archive)
    assert err.value is not None
    assert "Tags not in allow list: Dmitri Peskov" in caplog.text
