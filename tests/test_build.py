"""The whole pipeline on the seed archive: real MkDocs + Material build, pages read back with lxml."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import jsonschema
import lxml.html
import pytest

from annals.ingest.yamlio import schema
from conftest import ARCHIVE, make_project, run_annals, visible_text

FIXTURES = sorted((Path(__file__).parent / "fixtures" / "seeds").glob("*.result.json"))
LINK_RESIDUE = re.compile(r"\[([^\]]+)\]\(#\)")


def articles_json(project: Path) -> list[dict]:
    return json.loads((project / "site" / "data" / "articles.json").read_text(encoding="utf-8"))


@pytest.mark.site
def test_summary_line_counts_sources_and_pages(tmp_path):
    project = make_project(tmp_path)
    result = run_annals("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "5 sources -> 5 article pages"


def test_site_has_the_five_article_pages(built_site):
    pages = sorted(p.parent.name for p in (built_site / "site" / "articles").glob("a*/index.html"))
    assert pages == ["a000001", "a000002", "a000003", "a000004", "a000005"]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name.split(".")[0])
def test_every_body_line_of_the_source_is_on_the_page_in_order(built_site, fixture):
    expected = json.loads(fixture.read_text(encoding="utf-8"))
    name = fixture.name.replace(".result.json", ".txt")
    entry = next(e for e in articles_json(built_site) if e["source_file"] == name)
    page = (built_site / "site" / entry["url"] / "index.html").read_bytes()
    shown = visible_text(page)
    first, last = expected["body_lines"]
    lines = (ARCHIVE / "articles" / name).read_text(encoding="utf-8").split("\n")[first - 1 : last]
    if expected.get("body_strip_prefix"):
        lines[0] = lines[0].removeprefix(expected["body_strip_prefix"])
    pos = 0
    for line in lines:
        words = " ".join(LINK_RESIDUE.sub(r"\1", line).split())
        if not words or words.startswith("Related article:"):
            continue
        found = shown.find(words, pos)
        assert found >= 0, f"{name}: not on the page after offset {pos}: {words!r}"
        pos = found + len(words)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.name.split(".")[0])
def test_caption_credit_and_closing_lines_are_shown(built_site, fixture):
    expected = json.loads(fixture.read_text(encoding="utf-8"))
    name = fixture.name.replace(".result.json", ".txt")
    entry = next(e for e in articles_json(built_site) if e["source_file"] == name)
    page = (built_site / "site" / entry["url"] / "index.html").read_bytes()
    shown = visible_text(page, "article")
    for text in [expected["caption"], expected["credit"], *expected["closing"], *expected["related"]]:
        if text:
            assert text in shown


def test_articles_json_validates_against_its_schema(built_site):
    data = articles_json(built_site)
    validator = jsonschema.Draft202012Validator(schema("articles"), format_checker=jsonschema.FormatChecker())
    assert list(validator.iter_errors(data)) == []
    assert len(data) == 5


def test_articles_json_dates_and_flags(built_site):
    by_file = {e["source_file"][:3]: e for e in articles_json(built_site)}
    assert by_file["001"]["date"] == "2024-11-06"
    assert by_file["002"]["date"] == "2020-12-15"
    assert by_file["003"]["date"] == "2012-05-09"
    assert by_file["004"]["date"] == "2020-12-15"
    assert by_file["000"]["date_basis"] != "source"
    assert by_file["002"]["title_basis"] != "source"


def test_articles_json_checksums_match_the_raw_files(built_site):
    for entry in articles_json(built_site):
        raw = (ARCHIVE / "articles" / entry["source_file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(raw).hexdigest()


def test_article_page_has_metadata_box(built_site):
    page = lxml.html.fromstring((built_site / "site" / "articles" / "a000002" / "index.html").read_bytes())
    box = " ".join(page.cssselect(".annals-meta")[0].text_content().split())
    assert "6 November 2024" in box and "The Moscow Times" in box and "Moscow Times Reporter" in box
    link = page.cssselect("a.annals-original")[0]
    assert link.get("href").startswith("https://www.themoscowtimes.com/2024/11/06/")


def test_home_page_lists_articles_newest_first(built_site):
    page = lxml.html.fromstring((built_site / "site" / "index.html").read_bytes())
    hrefs = [a.get("href") for a in page.cssselect(".annals-list a")]
    assert hrefs[:3] == ["articles/a000002/", "articles/a000003/", "articles/a000005/"] or \
        hrefs[:3] == ["articles/a000002/", "articles/a000005/", "articles/a000003/"]
    # 000 states no date; its editor's date (2012-11-07, in its sidecar) puts it before 003 (2012-05-09)
    assert hrefs[-2:] == ["articles/a000001/", "articles/a000004/"]


def test_nav_does_not_list_articles(built_site):
    page = lxml.html.fromstring((built_site / "site" / "about" / "index.html").read_bytes())
    nav_links = [a.get("href") for a in page.cssselect("nav.md-nav--primary a")]
    assert not any("a0000" in h for h in nav_links)


def test_no_page_loads_anything_from_another_site(built_site):
    for page in (built_site / "site").rglob("*.html"):
        doc = lxml.html.fromstring(page.read_bytes())
        loads = [el.get("src") for el in doc.cssselect("script[src], img[src], iframe[src], source[src]")]
        loads += [el.get("href") for el in doc.cssselect("link[href]")
                  if set((el.get("rel") or "").split()) & {"stylesheet", "icon", "preload", "modulepreload", "prefetch"}]
        redirect = bool(doc.cssselect('meta[http-equiv="refresh"]'))  # archive/redirects.yml: loads nothing
        assert loads or redirect, page
        assert [u for u in loads if re.match(r"^(?:[a-z]+:)?//", u)] == [], page


@pytest.mark.site
def test_strict_build_fails_while_seeds_need_an_editor(tmp_path):
    project = make_project(tmp_path)
    (project / "archive" / "articles" / "002_438d2bf8bcbd74dd.yml").write_text("id: a000003\n")
    result = run_annals("build", "--strict", cwd=project)
    assert result.returncode == 1
    assert "articles/002_438d2bf8bcbd74dd.txt:1: has no title" in result.stderr
    assert not (project / "site").exists()


@pytest.mark.site
def test_two_builds_are_byte_identical(tmp_path):
    outputs = []
    for n in (1, 2):
        project = make_project(tmp_path / f"p{n}")
        assert run_annals("build", cwd=project).returncode == 0
        tree = {}
        for folder in ("docs", "site"):
            for f in sorted((project / folder).rglob("*")):
                if f.is_file():
                    tree[f.relative_to(project).as_posix()] = hashlib.sha256(f.read_bytes()).hexdigest()
        outputs.append(tree)
    assert outputs[0] == outputs[1]


@pytest.mark.site
def test_one_edition_date_under_source_date_epoch(tmp_path):
    """SOURCE_DATE_EPOCH is the edition date everywhere it is used: the sitemap's lastmod, the archive copy
    in the citation files, an undated article's feed entry and a feed without entries."""
    import json
    import xml.etree.ElementTree as ET

    import yaml

    project = make_project(tmp_path)
    side = project / "archive" / "articles" / "000_c0c5e357a54d7c48.yml"
    data = yaml.safe_load(side.read_text(encoding="utf-8"))
    for key in ("date", "date_note", "date_confidence"):  # the editor's date goes: the article is undated
        data.pop(key, None)
    side.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run_annals("build", "--no-search", cwd=project, env={"SOURCE_DATE_EPOCH": "1767225600"})  # 2026-01-01
    assert result.returncode == 0, result.stderr
    site = project / "site"
    atom = "{http://www.w3.org/2005/Atom}"
    sitemap = ET.parse(site / "sitemap.xml").getroot()
    assert {el.text for el in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod")} == {"2026-01-01"}
    archive_copy = json.loads((site / "cite" / f"{data['id']}.json").read_text(encoding="utf-8"))[1]
    assert archive_copy["issued"] == {"date-parts": [[2026, 1, 1]]}
    feed = ET.parse(site / "feeds" / "articles.xml").getroot()
    entry = next(e for e in feed.iter(f"{atom}entry") if e.findtext(f"{atom}id").endswith(f"articles/{data['id']}/"))
    assert entry.find(f"{atom}published") is None and entry.findtext(f"{atom}updated") == "2026-01-01T00:00:00Z"
    empty = [ET.parse(p).getroot() for p in sorted(site.glob("officials/*/feed.xml"))]
    empty = [f for f in empty if f.find(f"{atom}entry") is None]
    assert empty and {f.findtext(f"{atom}updated") for f in empty} == {"2026-01-01T00:00:00Z"}
