"""Citations (issue 5, items 3-5; issue 19, item 4): CSL-JSON, the citations file rendered by citeproc-py
in three styles, the cite controls, BibTeX/RIS/CSL-JSON downloads, head metadata read back with extruct,
Robust Links.  (The dialog the controls open is tested in a real browser, tests/test_reading_page.py.)

The seeds' facts used here: seed 001 is a000002 (The Moscow Times, 2024-11-06, byline "Moscow Times
Reporter", quotations of Medvedev whose Wikidata QID the gazetteer has); seed 000 is a000001 (no URL,
no outlet); seed 002 is a000003 (no title in the source: an editor's title).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import extruct
import lxml.html
import pytest
import yaml
from citeproc.source.bibtex import BibTeX
from citeproc.source.json import CiteProcJSON

from annals.render import cite, csl
from annals.pipeline import check
from annals.model import AnnotatedArticle
from annals.render import site
from annals.render.kit import RenderConfig
from conftest import ARCHIVE

SITE_URL = "https://annals.example.org/"  # mkdocs.yml
EDITION = dt.date(2025, 1, 31)
HOSTILE_TITLE = '</script><script>alert("x")</script> {\\emph{T}} 50% & $5 #1 a_b ^~ "q" \'s\' <b>'


@pytest.fixture(scope="module")
def seeds():
    result = check(ARCHIVE, jobs=1)
    ctx = site.context(result.records, RenderConfig(site_url=SITE_URL, edition_date=EDITION), result.archive)
    return {r.article.id: r for r in result.records}, ctx


def with_article(rec: AnnotatedArticle, **changes) -> AnnotatedArticle:
    """The record with changed article fields; a new title of a source-titled article is the source's too."""
    import dataclasses
    a = rec.article
    if "title" in changes and a.title_basis == "source" and "source_title" not in changes:
        changes["source_title"] = changes["title"]
    return dataclasses.replace(rec, article=dataclasses.replace(a, **changes))


# ---- CSL-JSON ---------------------------------------------------------------------------------

def test_original_item_has_the_seeds_facts(seeds):
    recs, ctx = seeds
    item = cite.original_item(recs["a000002"], ctx)
    assert item["type"] == "article-newspaper"
    assert item["title"] == "Russian Officials Cautiously Welcome Donald Trump's Re-Election"
    assert item["container-title"] == "The Moscow Times"
    assert item["issued"] == {"date-parts": [[2024, 11, 6]]}
    assert item["URL"].startswith("https://www.themoscowtimes.com/2024/11/06/")


def test_a_reporter_byline_is_no_author(seeds):
    recs, ctx = seeds
    assert recs["a000002"].article.byline == "Moscow Times Reporter"
    assert "author" not in cite.original_item(recs["a000002"], ctx)


@pytest.mark.parametrize("byline,expected", [
    ("Moscow Times Reporter", []),
    ("TASS", []),
    ("Reuters Staff", []),
    ("The Moscow Times", []),
    ("Interfax", []),
    ("Staff and agencies", []),
    ("John Smith", [{"family": "Smith", "given": "John"}]),
    ("By Anna K. Ivanova", [{"family": "Ivanova", "given": "Anna K."}]),
    ("Anna Ivanova and Ivan Petrov", [{"family": "Ivanova", "given": "Anna"}, {"family": "Petrov", "given": "Ivan"}]),
    ("Anna Ivanova and Moscow Times Staff", []),
])
def test_byline_names_a_person_only_when_it_does(seeds, byline, expected):
    _, ctx = seeds
    assert cite.byline_authors(byline, "The Moscow Times", ctx.archive.lexicon) == expected


def test_missing_outlet_url_and_date_are_left_out(seeds):
    recs, ctx = seeds
    rec = with_article(recs["a000001"], date=None, date_basis="missing")
    item = cite.original_item(rec, ctx)
    assert rec.article.publisher is None and rec.article.original_url is None
    assert set(item) == {"id", "type", "title"}


def test_editor_title_is_marked_in_brackets(seeds):
    recs, ctx = seeds
    a = recs["a000003"].article
    assert a.title_basis != "source"
    assert cite.original_item(recs["a000003"], ctx)["title"] == f"[{a.title}]"


def test_archive_copy_is_the_permalink_and_edition_date(seeds):
    recs, ctx = seeds
    item = cite.archive_item(recs["a000002"], ctx)
    assert item["URL"] == "https://annals.example.org/articles/a000002/"
    assert item["issued"] == {"date-parts": [[2025, 1, 31]]}
    assert item["container-title"] == "Annals"


def test_edition_date_defaults_to_the_newest_article(seeds):
    recs, ctx = seeds
    bare = site.context(ctx.records, RenderConfig(site_url=SITE_URL), ctx.archive)
    newest = max(r.article.date for r in recs.values() if r.article.date)
    assert cite.archive_item(recs["a000002"], bare)["issued"] == {"date-parts": [[newest.year, newest.month, newest.day]]}


# ---- rendered styles --------------------------------------------------------------------------

def _text(html: str) -> str:
    return lxml.html.fragment_fromstring(html, create_parent="p").text_content()


SEED_001_DATES = {"apa": "(2024, November 6)", "mla": "6 Nov. 2024", "chicago": "November 6, 2024"}


@pytest.mark.parametrize("style", [s.key for s in csl.STYLES])
def test_style_renders_outlet_in_italics_and_date(seeds, style):
    recs, ctx = seeds
    html = csl.render_html(cite.original_item(recs["a000002"], ctx), style)
    assert "<i>The Moscow Times</i>" in html
    assert SEED_001_DATES[style] in _text(html)


@pytest.mark.parametrize("style", [s.key for s in csl.STYLES])
def test_style_prints_title_once_and_no_stray_terms(seeds, style):
    recs, ctx = seeds
    text = _text(csl.render_html(cite.original_item(recs["a000002"], ctx), style))
    assert text.count("Cautiously Welcome") == 1
    assert text.count("The Moscow Times") == 1
    assert "Edition" not in text and ".." not in text


@pytest.mark.parametrize("style,nd", [("apa", "(n.d.)"), ("chicago", "n.d.")])
def test_undated_original_is_cited_no_date(seeds, style, nd):
    recs, ctx = seeds
    rec = with_article(recs["a000002"], date=None, date_basis="missing")
    assert nd in _text(csl.render_html(cite.original_item(rec, ctx), style))


def test_mla_puts_the_period_inside_the_quotation_marks(seeds):
    recs, ctx = seeds
    text = _text(csl.render_html(cite.original_item(recs["a000002"], ctx), "mla"))
    assert "Re-Election.” " in text


@pytest.mark.parametrize("style", [s.key for s in csl.STYLES])
def test_hostile_title_is_escaped_in_every_style(seeds, style):
    recs, ctx = seeds
    html = csl.render_html(dict(cite.original_item(recs["a000002"], ctx), title=HOSTILE_TITLE), style)
    assert "<script" not in html and "<b>" not in html and "</script" not in html
    tags = set(re.findall(r"</?([a-z]+)", html))
    assert tags <= {"i"}
    assert 'alert("x")' in _text(html) or "alert(“x”)" in _text(html)


def test_quote_cite_is_one_small_control_leading_to_the_cite_section(seeds):
    recs, ctx = seeds
    rec = recs["a000002"]
    q = rec.quotes[0]
    doc = lxml.html.fromstring(cite.quote_cite(q, rec, ctx))
    [a] = doc.xpath("//a") if doc.tag != "a" else [doc]
    assert a.get("href") == "#cite" and a.get("data-cite-quote") == q.id  # without JavaScript: the cite section
    assert a.text_content() == "Cite" and a.get("aria-label") == "Cite this quotation"
    assert "https://" not in cite.quote_cite(q, rec, ctx)  # no rendered citation on the page


def test_citations_file_has_both_items_in_three_styles(seeds):
    recs, ctx = seeds
    rec = recs["a000002"]
    doc = lxml.html.fromstring(cite.cite_page(rec, ctx).encode("utf-8"))
    [main] = doc.cssselect("main.annals-citations")
    assert main.get("data-page") == "https://annals.example.org/articles/a000002/"
    sections = main.cssselect("section[data-style]")
    assert [s.get("data-style") for s in sections] == [s.key for s in csl.STYLES]
    assert [s.cssselect("h2")[0].text_content() for s in sections] == ["APA 7", "MLA 9", "Chicago 17"]
    original, copy = cite.csl_items(rec, ctx)
    for section, style in zip(sections, csl.STYLES, strict=True):
        [o] = section.cssselect('[data-cite="original"]')
        [c] = section.cssselect('[data-cite="archive"]')
        assert _text(lxml.html.tostring(o, encoding="unicode")) == _text(csl.render_html(original, style.key))
        assert main.get("data-page") in c.text_content()  # the address the dialog replaces with a quotation's
    back = [a.get("href") for a in main.cssselect("a") if a.text_content() == "Back to the article"]
    assert back == ["../articles/a000002/"]


def test_citations_file_escapes_a_hostile_title(seeds):
    recs, ctx = seeds
    rec = with_article(recs["a000002"], title=HOSTILE_TITLE)
    page = cite.cite_page(rec, ctx)
    assert "<script" not in page and "<b>" not in page
    doc = lxml.html.fromstring(page.encode("utf-8"))
    assert doc.cssselect("h1")[0].text_content() == "Cite: " + HOSTILE_TITLE
    assert {el.tag for el in doc.iter() if isinstance(el.tag, str)} <= {
        "html", "head", "meta", "title", "link", "body", "main", "h1", "h2", "p", "a", "section", "code", "i"}


# ---- downloads ------------------------------------------------------------------------------

def test_csl_json_file_reads_back_with_citeproc(seeds, tmp_path):
    recs, ctx = seeds
    data = json.loads(cite.csl_json(recs["a000002"], ctx))
    source = CiteProcJSON(data)
    original = source["a000002-original"]
    assert str(original["title"]) == "Russian Officials Cautiously Welcome Donald Trump's Re-Election"
    assert str(original["container_title"]) == "The Moscow Times"
    assert str(source["a000002-archive"]["URL"]) == "https://annals.example.org/articles/a000002/"


def test_bibtex_reads_back_with_citeproc(seeds, tmp_path):
    recs, ctx = seeds
    path = tmp_path / "a.bib"
    path.write_text(cite.bibtex(recs["a000002"], ctx), encoding="utf-8")
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        entry = BibTeX(str(path))["annals-a000002"]
    assert str(entry["title"]) == "Russian Officials Cautiously Welcome Donald Trump's Re-Election"
    assert str(entry["container_title"]) == "The Moscow Times"
    assert (entry["issued"]["year"], entry["issued"]["month"]) == (2024, 11)


LATEX = {r"\textbackslash{}": "\\", r"\textasciicircum{}": "^", r"\textasciitilde{}": "~", r"\{": "{", r"\}": "}",
         r"\$": "$", r"\&": "&", r"\%": "%", r"\#": "#", r"\_": "_"}


def read_bibtex_fields(text: str) -> dict[str, str]:
    """A strict reader: ``@type{key,`` then ``name = {value}`` lines with balanced braces, then ``}``."""
    lines = text.split("\n")
    assert re.fullmatch(r"@article\{annals-a\d{6},", lines[0])
    assert lines[-2:] == ["}", ""]
    fields = {}
    for line in lines[1:-2]:
        m = re.fullmatch(r"  ([a-z]+) = \{(.*)\},?", line)
        assert m, line
        value, depth, i = m.group(2), 0, 0
        while i < len(value):
            if value[i] == "\\":
                i += 2
                continue
            assert value[i] not in "$&%#_^~", f"unescaped {value[i]!r} in {line}"
            depth += {"{": 1, "}": -1}.get(value[i], 0)
            assert depth >= 0, line
            i += 1
        assert depth == 0, line
        fields[m.group(1)] = value
    return fields


def unlatex(value: str) -> str:
    return re.sub("|".join(re.escape(k) for k in LATEX), lambda m: LATEX[m.group()], value)


def test_bibtex_escapes_a_hostile_title(seeds):
    recs, ctx = seeds
    rec = with_article(recs["a000002"], title=HOSTILE_TITLE + "\nsecond line")
    fields = read_bibtex_fields(cite.bibtex(rec, ctx))
    assert unlatex(fields["title"]) == "{" + HOSTILE_TITLE + " second line}"
    assert fields["journal"] == "The Moscow Times"


def test_ris_is_well_formed_news_record(seeds):
    recs, ctx = seeds
    rec = with_article(recs["a000002"], title="Line one\r\nline two\x07")
    text = cite.ris(rec, ctx)
    lines = text.split("\r\n")
    assert lines[-1] == "" and lines[-2] == "ER  - "
    assert lines[0] == "TY  - NEWS"
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - [^\x00-\x1f\x7f]*", line) for line in lines[:-1])
    tags = dict(line.split("  - ", 1) for line in lines[:-2])
    assert tags["TI"] == "Line one line two"
    assert tags["T2"] == "The Moscow Times"
    assert tags["DA"] == "2024/11/06/"
    assert tags["UR"] == rec.article.original_url


# ---- the built site ---------------------------------------------------------------------------

def page(built_site: Path, ident: str) -> bytes:
    return (built_site / "site" / "articles" / ident / "index.html").read_bytes()


def metadata(html: bytes, url: str) -> dict:
    return extruct.extract(html, base_url=url, syntaxes=["json-ld", "opengraph", "dublincore"], uniform=True)


def head_meta(html: bytes) -> dict[str, list[str]]:
    """What Zotero's Embedded Metadata translator reads: ``<meta name=... content=...>`` in the head."""
    out: dict[str, list[str]] = {}
    for m in lxml.html.fromstring(html).xpath("//head/meta[@name][@content]"):
        out.setdefault(m.get("name"), []).append(m.get("content"))
    return out


def test_highwire_tags_of_seed_001(built_site):
    meta = head_meta(page(built_site, "a000002"))
    assert meta["citation_title"] == ["Russian Officials Cautiously Welcome Donald Trump's Re-Election"]
    assert meta["citation_publication_date"] == ["2024/11/06"]
    assert meta["citation_journal_title"] == ["The Moscow Times"]
    assert meta["citation_public_url"] == ["https://annals.example.org/articles/a000002/"]
    assert "citation_author" not in meta


def test_dublin_core_of_seed_001(built_site):
    dc = metadata(page(built_site, "a000002"), SITE_URL)["dublincore"][0]
    elements = {e["URI"].removeprefix("http://purl.org/dc/elements/1.1/"): e["content"]
                for e in dc["elements"] if e["name"].startswith("DC.")}
    assert dc["@type"] == "newspaperArticle"  # extruct's uniform form of DC.type
    assert elements["date"] == "2024-11-06"
    assert elements["publisher"] == "The Moscow Times"
    assert elements["identifier"] == "https://annals.example.org/articles/a000002/"
    assert elements["source"].startswith("https://www.themoscowtimes.com/2024/11/06/")


def test_opengraph_of_seed_001(built_site):
    og = metadata(page(built_site, "a000002"), SITE_URL)["opengraph"][0]
    assert og["@type"] == "article"  # extruct's uniform form of og:type
    assert og["og:title"] == "Russian Officials Cautiously Welcome Donald Trump's Re-Election"
    assert og["og:url"] == "https://annals.example.org/articles/a000002/"
    assert og["og:site_name"] == "Annals"


def test_json_ld_news_article_with_quotations(built_site):
    data = metadata(page(built_site, "a000002"), SITE_URL)["json-ld"]
    [article] = [d for d in data if d.get("@type") == "NewsArticle"]
    assert article["datePublished"] == "2024-11-06"
    assert article["publisher"]["name"] == "The Moscow Times"
    quotes = article["hasPart"]
    assert quotes and all(q["@type"] == "Quotation" for q in quotes)
    assert all(q["@id"].startswith("https://annals.example.org/articles/a000002/#q-") for q in quotes)
    officials = yaml.safe_load((ARCHIVE / "officials.yml").read_text(encoding="utf-8"))
    officials = officials["officials"] if isinstance(officials, dict) else officials
    qids = {o["name"]: i["identifier"] for o in officials for i in o.get("identifiers", []) if i["scheme"] == "wikidata"}
    with_qid = [q for q in quotes if q["spokenByCharacter"]["name"] in qids]
    assert with_qid
    for q in with_qid:
        assert q["spokenByCharacter"]["sameAs"] == "https://www.wikidata.org/wiki/" + qids[q["spokenByCharacter"]["name"]]
        assert q["creator"] == q["spokenByCharacter"]


def test_cite_section_on_every_article_page(built_site):
    for path in sorted((built_site / "site" / "articles").glob("a*/index.html")):
        doc = lxml.html.fromstring(path.read_bytes())
        [section] = doc.cssselect("section.annals-cite")
        assert section.get("data-pagefind-ignore") is not None
        assert not section.cssselect(".annals-cite-entry, details")  # no rendered citation on the page
        file = (path.parent / section.get("data-cite-file")).resolve()
        assert file == (built_site / "site" / "cite" / f"{path.parent.name}.html").resolve() and file.is_file()
        controls = doc.cssselect("a.annals-cite-control[data-cite-article]")
        assert [c.get("href") for c in controls] == ["#cite", section.get("data-cite-file")]
        cited = lxml.html.fromstring(file.read_bytes())
        assert len(cited.cssselect(".annals-cite-entry")) == 6


def test_downloads_are_linked_and_exist(built_site):
    path = built_site / "site" / "articles" / "a000002" / "index.html"
    links = lxml.html.fromstring(path.read_bytes()).cssselect(".annals-cite-downloads a")
    assert [a.text_content() for a in links] == ["BibTeX", "RIS", "CSL-JSON"]
    for a in links:
        assert (path.parent / a.get("href")).resolve().is_file()


def test_every_quotation_has_one_cite_control(built_site):
    doc = lxml.html.fromstring(page(built_site, "a000002"))
    items = doc.cssselect(".annals-quote-item")
    assert items
    for item in items:
        anchor = item.cssselect("a.annals-quote-link")[0].get("href")
        [control] = item.cssselect("a.annals-cite-control")
        assert (control.get("href"), "#" + control.get("data-cite-quote")) == ("#cite", anchor)


def test_robust_links_on_every_original_link(built_site):
    articles = json.loads((built_site / "site" / "data" / "articles.json").read_text(encoding="utf-8"))
    originals = {a["id"]: a for a in articles if a["original_url"]}
    assert originals
    for ident, a in originals.items():
        doc = lxml.html.fromstring(page(built_site, ident))
        links = [el for el in doc.xpath("//a[@href]") if el.get("href") == a["original_url"]]
        assert links
        for el in links:
            assert el.get("data-originalurl") == a["original_url"]
            day = el.get("data-versiondate")
            assert day == a["date"]
            assert el.get("data-versionurl") == f"https://web.archive.org/web/{day.replace('-', '')}/{a['original_url']}"


# ---- hostile titles in the head -----------------------------------------------------------------

@pytest.mark.parametrize("ident,title_key", [("a100023", "sidecar-hostile-title"), ("a100026", "all-payloads")])
def test_hostile_title_stays_inside_meta_and_json_ld(hostile_site, ident, title_key):
    spec = yaml.safe_load((Path(__file__).parent / "hostile" / title_key / "case.yml").read_text(encoding="utf-8"))
    [expected] = [p for p in spec["expect"]["pages"] if p["id"] == ident]
    html = (hostile_site / "site" / "articles" / ident / "index.html").read_bytes()
    doc = lxml.html.fromstring(html)
    cited = doc.xpath("//head/meta[@name='citation_title']/@content")
    assert len(cited) == 1 and expected["title"] in cited[0]
    [ld] = [d for d in metadata(html, SITE_URL)["json-ld"] if d.get("@type") == "NewsArticle"]
    assert expected["title"] in ld["headline"]
    scripts = doc.xpath("//script[@type='application/ld+json']")
    assert len(scripts) == 1
    reference = lxml.html.fromstring((hostile_site / "site" / "articles" / "a100002" / "index.html").read_bytes())
    assert len(doc.xpath("//script")) == len(reference.xpath("//script"))
    assert doc.xpath("//meta[@http-equiv]") == []  # the payloads' <meta http-equiv="refresh"> stayed text


def test_undated_original_links_with_the_edition_date(seeds):
    from annals.render.article import render_article

    recs, ctx = seeds
    rec = with_article(recs["a000002"], date=None, date_basis="missing")
    doc = lxml.html.fromstring(render_article(rec, ctx).split("---\n\n", 1)[1])
    [link] = doc.cssselect("a.annals-original")
    assert link.get("data-originalurl") == rec.article.original_url
    assert link.get("data-versiondate") == "2025-01-31"
    assert link.get("data-versionurl") == f"https://web.archive.org/web/20250131/{rec.article.original_url}"


def test_script_json_cannot_close_its_script_element():
    value = {"headline": "</script><script>alert('x')</script><!-- & -->"}
    text = cite.script_json(value)
    assert not set("<>&'") & set(text)
    assert json.loads(text) == value


def test_citations_are_held_by_the_render_and_forgotten_when_no_longer_asked_for(seeds):
    """A render's citations live in a Citations object on its context (no module-level memo): two
    contexts do not share renderings, and retain_used keeps only those asked for since the last call."""
    recs, ctx = seeds
    first = site.context(ctx.records, ctx.config, ctx.archive)
    second = site.context(ctx.records, ctx.config, ctx.archive)
    a, b = recs["a000002"], recs["a000003"]
    assert cite.cite_page(a, first) == cite.cite_page(a, second)
    assert first.citations is not second.citations and first.citations.rendered == second.citations.rendered
    cite.cite_page(b, first)
    held = set(first.citations.rendered)
    first.citations.retain_used()
    assert set(first.citations.rendered) == held  # both articles were asked for
    cite.cite_page(a, first)
    first.citations.retain_used()
    assert set(first.citations.rendered) == set(second.citations.rendered)  # only a000002's are left


def test_citations_rendered_in_the_background_by_spawned_workers_are_the_ones_rendered_here(seeds):
    """The build's citation pool (spawned workers, started before the pages are rendered) gives each key the
    rendering made in this process; asking for a key still in the pool waits for it; nothing is lost."""
    recs, ctx = seeds
    items = [item for rec in recs.values() for item in cite.rendered_items(rec, ctx)]
    here = {csl.memo_key(i, s.key): csl.render_html(i, s.key) for i in items for s in csl.STYLES}
    pooled = csl.Citations()
    assert pooled.prerender(items, jobs=2, min_pool=1, wait=False) == len(here)
    last = items[-1]
    assert pooled.html(last, "chicago") == here[csl.memo_key(last, "chicago")]
    pooled.finish()
    assert pooled.rendered == here
    assert pooled.prerender(items, jobs=2, min_pool=1) == 0  # all held: no pool, nothing rendered again


# ---- citeproc-py made faster, output unchanged (issue 20, item 2) ------------------------------

SPEED_ITEMS = [
    {"id": "a", "type": "article-newspaper", "title": "Putin: “We are ready” to work with the U.S.",
     "container-title": "The Moscow Times", "issued": {"date-parts": [[2020, 12, 15]]},
     "URL": "https://example.org/a?x=1&y=2", "author": [{"family": "Ivanova", "given": "Anna"}]},
    {"id": "b", "type": "article-newspaper", "title": "[Untitled: the Kremlin on the vote]"},
    {"id": "c", "type": "webpage", "title": "Why did Moscow wait?", "container-title": "Annals",
     "URL": "https://annals.example.org/articles/a000001/", "issued": {"date-parts": [[2024, 1, 2]]},
     "author": [{"family": "Smith", "given": "John"}, {"family": "de la Cruz", "given": "Maria"},
                {"family": "O'Neil", "given": "Pat"}]},
    {"id": "d", "type": "article-newspaper", "title": "<b>bold</b> & 'single' \u202e", "container-title": "TASS",
     "issued": {"date-parts": [[2016, 11, 9]]}},
    {"id": "e", "type": "webpage", "title": "Lavrov on sanctions", "container-title": "Annals",
     "URL": "https://annals.example.org/articles/a000002/"},
]


def _render_all(items: list[dict]) -> dict[str, str]:
    return {f"{item['id']}/{style.key}": csl.render_html(item, style.key) for item in items for style in csl.STYLES}


def test_faster_citeproc_renders_the_same_as_plain_citeproc(seeds):
    """csl._speed_up_citeproc memoises citeproc-py's lookups of the style; a second process renders the
    same items without it (its bug fixes kept): every entry is the same, character for character."""
    import subprocess
    import sys

    records, ctx = seeds
    items = SPEED_ITEMS + [item for _, rec in sorted(records.items()) for item in cite.csl_items(rec, ctx)]
    items = [{**item, "id": f"{i}-{item['id']}"} for i, item in enumerate(items)]
    script = ("import json, sys\nfrom annals.render import csl\ncsl._speed_up_citeproc = lambda: None\n"
              "from test_cite import _render_all\nprint(json.dumps(_render_all(json.load(sys.stdin))))\n")
    root = Path(__file__).resolve().parent
    plain = subprocess.run([sys.executable, "-c", script], input=json.dumps(items), capture_output=True, text=True,
                           env={"PYTHONPATH": f"{root.parent / 'scripts'}:{root}", "PATH": "/usr/bin:/bin"}, check=True)
    fast = _render_all(items)
    assert getattr(__import__("citeproc").model, "_annals_fast", False)
    assert json.loads(plain.stdout) == fast
    assert len(fast) == 3 * len(items) and all(fast.values())


# ---- the archive copy's citation, rendered once for every edition (issue 20, item 2) ----------

@pytest.mark.parametrize("edition", [dt.date(2025, 1, 31), dt.date(2024, 11, 11), dt.date(2024, 2, 29),
                                     dt.date(2011, 11, 1), dt.date(1999, 12, 31), dt.date(2031, 1, 1)])
def test_archive_copy_from_the_stand_in_date_is_the_edition_dated_rendering(seeds, edition):
    """cite.archive_html renders the archive copy with a fixed stand-in date (cached for every edition)
    and puts the edition's date in its place: the same text as citeproc's rendering with the edition date,
    for every seed article and style, and for a title that holds the stand-in's own words."""
    import dataclasses

    records, ctx = seeds
    ctx = site.context(list(records.values()), dataclasses.replace(ctx.config, edition_date=edition), ctx.archive)
    recs = list(records.values())
    recs.append(with_article(recs[0], title="Archived on 11 November 1111, (1111, November 11)", title_basis="source"))
    for rec in recs:
        for style in csl.STYLES:
            assert cite.archive_html(rec, ctx, style.key) == csl.render_html(cite.archive_item(rec, ctx), style.key), \
                (rec.article.id, style.key)


def test_archive_copy_cache_key_does_not_change_with_the_edition(seeds):
    import dataclasses

    records, ctx = seeds
    rec = next(iter(records.values()))
    later = site.context(list(records.values()), dataclasses.replace(ctx.config, edition_date=dt.date(2030, 5, 5)),
                         ctx.archive)
    assert cite.rendered_items(rec, ctx) == cite.rendered_items(rec, later)
    assert cite.archive_item(rec, ctx) != cite.archive_item(rec, later)
