"""sitemap.xml (issue 5): MkDocs writes it from ``site_url``; it must list the article, official and
election pages, with a lastmod that comes from the archive (SOURCE_DATE_EPOCH), not from the clock,
and nothing that is not a page (data files, feeds, redirects)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import lxml.etree as etree
import lxml.html
import pytest
import yaml

from conftest import ROOT

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SITE_URL = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\ntheme:")[0])["site_url"]


def urls(site: Path) -> dict[str, str]:
    """loc -> lastmod."""
    root = etree.parse(str(site / "site" / "sitemap.xml")).getroot()
    assert root.tag == f"{SM}urlset"
    return {u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod") for u in root.iter(f"{SM}url")}


def rows(site: Path, name: str) -> list[dict]:
    return json.loads((site / "site" / "data" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ["articles", "officials", "elections"])
def test_sitemap_lists_every_page_of(built_site, name):
    listed = urls(built_site)
    expected = {SITE_URL + r["url"] for r in rows(built_site, name)}
    assert expected and expected <= set(listed)


def test_sitemap_lastmod_is_the_archive_date_for_every_page(built_site):
    newest = max(a["date"] for a in rows(built_site, "articles") if a["date"])
    assert set(urls(built_site).values()) == {newest}


def test_sitemap_lists_only_pages(built_site):
    for loc in urls(built_site):
        assert loc.startswith(SITE_URL) and loc.endswith("/"), loc
        page = built_site / "site" / loc.removeprefix(SITE_URL) / "index.html"
        doc = lxml.html.fromstring(page.read_bytes())
        assert not doc.cssselect('meta[http-equiv="refresh" i]'), f"{loc} is a redirect"


def test_sitemap_omits_data_files_and_feeds(built_site):
    listed = " ".join(urls(built_site))
    for path in ["datapackage.json", "articles.csv", "quotes.jsonl", "annotations.jsonld", "feed.xml", "articles.xml"]:
        assert path not in listed


def test_gzipped_sitemap_is_the_same(built_site):
    site = built_site / "site"
    assert gzip.decompress((site / "sitemap.xml.gz").read_bytes()) == (site / "sitemap.xml").read_bytes()
