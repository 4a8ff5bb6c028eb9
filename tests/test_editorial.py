"""Editorial annotations (issue 9): anchors, checks, rendering at the anchor, the W3C export, the seeds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest

import dataclasses

from annals.annotate.editorial import closest_text, crossing, editorial_of, find_anchor, resolve
from annals.link.editorial import check_archive
from annals.model import Article, Paragraph
from annals.pipeline import check
from annals.render import site
from annals.render.article import render_article
from annals.render.html import Span
from annals.render.kit import RenderConfig
from conftest import ARCHIVE, make_project, run_annals, visible_text

ANNO_CONTEXT_FILE = Path(__file__).parent / "fixtures" / "w3c" / "anno.jsonld"
OA = "http://www.w3.org/ns/oa#"
SEED_SIDECARS = sorted((ARCHIVE / "articles").glob("*.yml"))


def paragraphs(*texts: str) -> tuple[Paragraph, ...]:
    return tuple(Paragraph(n, t, (n,)) for n, t in enumerate(texts, start=1))


def article(sidecar: dict, *texts: str) -> Article:
    return Article(id="a999999", source_file="x.txt", sha256="0" * 64, title="T", title_basis="source",
                   date=None, date_basis="missing", date_text=None, publisher=None, publisher_basis="unknown",
                   original_url=None, url_repair=None, byline=None, caption=None, credit=None, related=(),
                   closing=(), paragraphs=paragraphs(*texts), joins=(), sidecar={"id": "a999999", **sidecar})


def line_of(path: Path, needle: str) -> int:
    """1-based line of the first line containing ``needle`` (found by reading the file, not by the code under test)."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---- anchors -----------------------------------------------------------------------------

def test_anchor_resolves_by_exact_prefix_and_suffix():
    ps = paragraphs("He said on Tuesday that on Tuesday night", "Nothing on Tuesday.")
    assert find_anchor(ps, "on Tuesday") == [(1, 8), (1, 24), (2, 8)]
    assert find_anchor(ps, "on Tuesday", prefix="that ") == [(1, 24)]
    assert find_anchor(ps, "on Tuesday", suffix=".") == [(2, 8)]
    assert resolve(ps, "on Tuesday", "said ", None, "note on") == ((1, 8), None)


def test_ambiguous_anchor_says_where_and_what_to_add():
    ps = paragraphs("He said on Tuesday that on Tuesday night")
    hit, message = resolve(ps, "on Tuesday", None, None, "note on")
    assert hit is None
    assert message == ("note on 'on Tuesday' occurs 2 times (paragraph 1 after 'He said'; paragraph 1 after "
                       "'said on Tuesday that'); add `prefix:` (the words right before it) or `suffix:` "
                       "(the words right after) to say which")


def test_missing_anchor_suggests_the_closest_text():
    ps = paragraphs("Nothing here.", "just like the alleged attempt with Serbia's Navalny, or activities in Syria")
    assert closest_text(ps, "Serbias Navalny")[:2] == (2, "Serbia's Navalny,")
    _, message = resolve(ps, "Serbias Navalny", None, None, "correction of")
    assert message.startswith("correction of 'Serbias Navalny' is not in the article's running text; "
                              "closest text: \"Serbia's Navalny,\" in paragraph 2 (")
    _, message = resolve(ps, "Kazakhstan and Belarus", None, None, "note on")
    assert "no similar text found" in message


def test_prefix_that_does_not_match_shows_the_real_neighbours():
    _, message = resolve(paragraphs("the Kremlin announced Tuesday that"), "Tuesday", "Moscow ", None, "note on")
    assert message == ("note on 'Tuesday' is in the text (paragraph 1) but not with the given prefix 'Moscow '; "
                       "there the words around it are 'the Kremlin announced' before and 'that' after")


def test_annotation_ids_do_not_depend_on_position():
    side = {"notes": [{"exact": "on Tuesday", "note": "N"}]}
    first, _ = editorial_of(article(side, "Putin spoke on Tuesday."))
    moved, _ = editorial_of(article(side, "New first paragraph.", "Later, Putin spoke on Tuesday again."))
    assert first.anchored[0].id == moved.anchored[0].id
    assert re.fullmatch(r"ed-[0-9a-f]{10}", first.anchored[0].id)
    assert (moved.anchored[0].paragraph, moved.anchored[0].start) == (2, 19)


def test_crossing_is_overlap_without_nesting():
    assert crossing((0, 10), (5, 15)) and crossing((5, 15), (0, 10))
    assert not crossing((0, 10), (2, 8)) and not crossing((0, 10), (0, 10)) and not crossing((0, 5), (5, 9))


# ---- the command on broken sidecars: one clear line naming the sidecar and line -----------

@pytest.mark.site
def test_broken_anchor_is_one_line_naming_sidecar_and_line(tmp_path):
    project = make_project(tmp_path / "p")
    side = project / "archive" / "articles" / "002_438d2bf8bcbd74dd.yml"
    replace_in(side, "  - exact: Serbia's Navalny", "  - exact: Serbias Navalny")
    line = line_of(side, "exact: Serbias Navalny")
    result = run_annals("check", cwd=project)
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"articles/002_438d2bf8bcbd74dd.yml:{line}: correction of 'Serbias Navalny' is not "
                                "in the article's running text; closest text: \"Serbia's Navalny,\" in paragraph 11")
    build = run_annals("build", cwd=project)
    assert build.returncode == 1 and errors[0] in build.stderr
    assert not (project / "site").exists()


def test_ambiguous_anchor_in_a_sidecar_is_an_error(tmp_path):
    project = make_project(tmp_path / "p")
    side = project / "archive" / "articles" / "002_438d2bf8bcbd74dd.yml"
    replace_in(side, '    prefix: "presidential election "\n', "")
    result = run_annals("check", cwd=project)
    assert result.returncode == 1
    line = line_of(side, "exact: on Tuesday")
    assert result.stderr.startswith(f"articles/002_438d2bf8bcbd74dd.yml:{line}: note on 'on Tuesday' occurs 2 times "
                                    "(paragraph 1 after")


def test_links_and_evidence_are_checked(tmp_path):
    project = make_project(tmp_path / "p")
    side = project / "archive" / "articles" / "002_438d2bf8bcbd74dd.yml"
    replace_in(side, "  - id: a000005", "  - id: a000077")
    replace_in(side, "      exact: after the Electoral College confirmed his win",
               "      exact: after the Electoral College confirmed it")
    result = run_annals("check", cwd=project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"articles/002_438d2bf8bcbd74dd.yml:{line_of(side, 'id: a000077')}: same_event article 'a000077' " \
           "is not in the archive" in lines
    assert any(x.startswith(f"articles/002_438d2bf8bcbd74dd.yml:{line_of(side, 'confirmed it')}: source text in "
                            "a000005 'after the Electoral College confirmed it' is not in the article's running text")
               for x in lines), lines


def test_schema_requires_a_source_for_a_correction(tmp_path):
    project = make_project(tmp_path / "p")
    side = project / "archive" / "articles" / "001_08f61311a1cc0041.yml"
    replace_in(side, "    source:\n      citation: The text itself (a doubled word).\n", "")
    result = run_annals("check", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith(f"articles/001_08f61311a1cc0041.yml:{line_of(side, 'corrections:') + 1}: corrections/0:")


@pytest.mark.site
def test_needs_source_is_shown_and_listed_for_an_editor(tmp_path):
    project = make_project(tmp_path / "p")
    side = project / "archive" / "articles" / "003_97d5dd1649d224ed.yml"
    with side.open("a", encoding="utf-8") as f:
        f.write("  - exact: Novo-Ogaryovo residence\n    note: Putin's residence outside Moscow.\n"
                "    needs_source: true\n")
    result = run_annals("check", cwd=project)
    assert result.returncode == 0, result.stderr
    listed = f"  articles/003_97d5dd1649d224ed.yml:{line_of(side, 'needs_source: true')}: note on " \
             "'Novo-Ogaryovo residence' needs a source"
    assert any(x.startswith(listed) for x in result.stdout.splitlines()), result.stdout
    assert run_annals("check", "--strict", cwd=project).returncode == 1
    assert run_annals("build", "--no-site", cwd=project).returncode == 0
    page = (project / "docs" / "articles" / "a000004" / "index.md").read_text(encoding="utf-8")
    assert "Putin's residence outside Moscow. <span class=\"annals-needs-source\">[source needed]</span>" in page


@pytest.mark.site
def test_original_language_and_hostile_note_text_render_as_text(tmp_path):
    project = make_project(tmp_path / "p")
    side = project / "archive" / "articles" / "004_06a7b271a246a29e.yml"
    with side.open("a", encoding="utf-8") as f:
        f.write("  - exact: one of the last world leaders\n    note: '<script>alert(1)</script> {{ x }} [a](#)'\n"
                "original_language:\n  - exact: For my part, I am ready for interaction and contacts with you\n"
                "    language: ru\n    text: Тестовый текст, не цитата\n    needs_source: true\n")
    assert run_annals("build", "--no-site", cwd=project).returncode == 0
    md = (project / "docs" / "articles" / "a000005" / "index.md").read_text(encoding="utf-8")
    assert "<script>" not in md and "&lt;script&gt;alert(1)&lt;/script&gt; {{ x }} [a](#)" in md
    body = lxml.html.fromstring(md.split("---\n", 2)[2])
    mark, note = note_after(body, "For my part, I am ready for interaction and contacts with you")
    assert note == ("Original (ru) of For my part, I am ready for interaction and contacts with you: "
                    "Тестовый текст, не цитата [source needed]")  # <q> draws its quotation marks with CSS
    assert body.cssselect(f'#{mark.get("id")}-note q[lang]')[0].get("lang") == "ru"
    export = json.loads((project / "docs" / "data" / "annotations.jsonld").read_text(encoding="utf-8"))
    original = [i for i in export["first"]["items"] if i["id"] == f"../articles/a000005/#{mark.get('id')}"][0]
    assert original["body"][0] == {"type": "TextualBody", "value": "Тестовый текст, не цитата", "format": "text/plain",
                                   "language": "ru", "purpose": "describing"}


def test_low_confidence_date_is_listed_and_confidence_needs_an_editors_date(tmp_path):
    project = make_project(tmp_path / "p")
    side = project / "archive" / "articles" / "000_c0c5e357a54d7c48.yml"
    replace_in(side, "date_confidence: medium", "date_confidence: low")
    result = run_annals("check", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (f"  articles/000_c0c5e357a54d7c48.yml:{line_of(side, 'date_confidence')}: the editor's date 2012-11-07 "
            "is a best estimate (date_confidence: low)") in result.stdout
    other = project / "archive" / "articles" / "003_97d5dd1649d224ed.yml"
    with other.open("a", encoding="utf-8") as f:
        f.write("date_confidence: high\ntitle_note: Why.\n")
    result = run_annals("check", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"articles/003_97d5dd1649d224ed.yml:{line_of(other, 'date_confidence')}: date_confidence applies to an "
        "editor's date; this sidecar gives no `date:` (or the source states its own date): remove it",
        f"articles/003_97d5dd1649d224ed.yml:{line_of(other, 'title_note')}: title_note explains an editor's title; "
        "this sidecar gives no `title:`: add one or remove title_note"]


# ---- marks and other features' marks: nest, never cross ----------------------------------

def fake_quote_marks(start_words: str, end_words: str):
    """A stand-in for another feature's MARK_PROVIDER marking 002 from one phrase to the end of another."""
    def quote_marks(rec):
        for p in rec.article.paragraphs:
            s, e = p.text.find(start_words), p.text.find(end_words)
            if rec.article.id == "a000003" and s >= 0 and e >= 0:
                yield p.n, Span(s, e + len(end_words), '<q class="fake-quote">', "</q>")
    return quote_marks


def test_an_anchor_crossing_another_features_mark_is_an_error():
    # the fake mark covers "Serbia" but not "'s Navalny": the editor's correction crosses its edge
    result = check(ARCHIVE)
    marks = site.OTHER_MARKS + (fake_quote_marks("attempt with", "Serbia"),)
    problems = [p for p in check_archive(result.archive, result.records, marks) if p.severity == "error"]
    side = ARCHIVE / "articles" / "002_438d2bf8bcbd74dd.yml"
    assert [str(p) for p in problems] == [
        f"articles/002_438d2bf8bcbd74dd.yml:{line_of(side, 'exact: Serbia')}: correction of \"Serbia's Navalny\" "
        "crosses the edge of 'attempt with Serbia' (marked by quote_marks) in paragraph 11; anchors may nest but "
        "not cross: anchor words wholly inside it or wholly containing it"]


def test_the_check_refuses_a_note_that_crosses_a_quotations_edge(tmp_path):
    """The pipeline hands the render stage's marks to the editorial check: a note whose words run out of a
    quotation found by the annotator fails ``annals check`` with the sidecar's line."""
    project = make_project(tmp_path / "p")
    result = check(project / "archive")
    rec, q = next((r, q) for r in result.records for q in r.quotes if q.kind == "full" and len(q.spans) == 1)
    text = next(p.text for p in rec.article.paragraphs if p.n == q.spans[0].paragraph)
    end = q.spans[0].end
    exact = text[end - 12:end + 8]  # the quotation's last words, its closing mark and what follows
    assert sum(p.text.count(exact) for p in rec.article.paragraphs) == 1
    side = project / "archive" / "articles" / rec.article.sidecar_name
    note = f"  - exact: {json.dumps(exact)}\n    note: A note across the quotation's end.\n"
    text = side.read_text(encoding="utf-8")
    side.write_text(text.replace("\nnotes:\n", "\nnotes:\n" + note, 1) if "\nnotes:\n" in text
                    else text + "notes:\n" + note, encoding="utf-8")
    run = run_annals("check", cwd=project)
    assert run.returncode == 1
    assert f"articles/{rec.article.sidecar_name}:{line_of(side, 'exact: ' + json.dumps(exact))}: note on {exact!r} " \
           f"crosses the edge of" in run.stderr
    assert "(marked by quote_marks)" in run.stderr


def test_an_anchor_nested_in_another_features_mark_renders_inside_it():
    result = check(ARCHIVE)
    fake = fake_quote_marks("attempt with", "Syria")
    assert [p for p in check_archive(result.archive, result.records, site.OTHER_MARKS + (fake,))
            if p.severity == "error"] == []
    features = dataclasses.replace(site.FEATURES, marks=site.FEATURES.marks + (fake,))
    rec = next(r for r in result.records if r.article.id == "a000003")
    html = render_article(rec, site.context(result.records, RenderConfig(), result.archive, features))
    doc = lxml.html.fromstring(html.split("---\n", 2)[2])
    q = doc.cssselect("q.fake-quote")[0]
    mark = q.cssselect("mark.annals-mark-correction")[0]
    assert mark.text_content() == "Serbia's Navalny"
    assert q.text_content().startswith("attempt with Serbia's Navalny") and q.text_content().endswith("Syria")


def test_two_editor_anchors_that_cross_are_an_error(tmp_path):
    project = make_project(tmp_path / "p")
    side = project / "archive" / "articles" / "004_06a7b271a246a29e.yml"
    with side.open("a", encoding="utf-8") as f:
        f.write("  - exact: announced Tuesday.\n    note: Crossing.\n")
    result = run_annals("check", cwd=project)
    assert result.returncode == 1
    assert result.stderr.startswith(f"articles/004_06a7b271a246a29e.yml:{line_of(side, 'announced Tuesday.')}: note on "
                                    "'announced Tuesday.' overlaps note on 'the Kremlin announced Tuesday'")


# ---- the seeds, curated ----------------------------------------------------------------

def test_seeds_pass_strict_check():
    result = run_annals("check", "--strict", cwd=ARCHIVE.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "5 sources checked: 0 errors, 0 items for an editor\n"


@pytest.mark.parametrize("sidecar", SEED_SIDECARS, ids=lambda p: p.name[:3])
def test_each_seed_sidecar_names_its_schema_and_has_an_anchored_note(sidecar):
    text = sidecar.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../scripts/annals/schemas/sidecar.schema.json"
    assert (sidecar.parent / "../../scripts/annals/schemas/sidecar.schema.json").resolve().is_file()
    assert "\nnotes:\n  - exact: " in text


def page_doc(built_site: Path, ident: str):
    return lxml.html.fromstring((built_site / "site" / "articles" / ident / "index.html").read_bytes())


def note_after(doc, exact: str):
    """The highlighted words ``exact``, and the text of the note that the marker right after them opens:
    an empty link (its glyph is CSS's) to the note in the numbered list below the text, described by it."""
    marks = [m for m in doc.cssselect("mark.annals-mark") if m.text_content() == exact]
    assert len(marks) == 1, exact
    marker = marks[0].getnext()
    assert marker is not None and marker.tag == "a" and "annals-marker" in marker.get("class")
    assert marker.text_content() == "" and marker.get("href") == "#" + marks[0].get("id") + "-note"
    [note] = doc.cssselect(f'section.annals-notes li[id="{marks[0].get("id")}-note"]')
    [body] = note.cssselect(".annals-note-body")
    assert marker.get("aria-describedby") == body.get("id")
    assert [a.get("href") for a in note.cssselect("a.annals-note-back")] == ["#" + marks[0].get("id")]
    return marks[0], " ".join(body.text_content().split())


def test_002_shows_its_corrections_at_the_words(built_site):
    doc = page_doc(built_site, "a000003")
    mark, note = note_after(doc, "Serbia's Navalny")
    assert mark.getparent().get("id") == "p11"
    assert note.startswith("[sic] Serbia's Navalny should read Russia's Navalny. Alexey Navalny is a Russian opposition "
                           "politician")
    assert note.endswith("Source: this article, “the main political opponent of Putin, the opposition leader of "
                         "Alexey Navalny”.")
    _, note = note_after(doc, "Russian President Vladimir")
    assert note.startswith("[sic] Russian President Vladimir should read Russian President Vladimir Putin. "
                           "The surname is missing.")
    # the markers are numbered in text order, as the list below the text
    markers = doc.cssselect(".annals-source a.annals-marker")
    assert [m.get("data-n") for m in markers] == [str(n) for n in range(1, len(markers) + 1)]
    assert [m.get("href") for m in markers] == ["#" + li.get("id") for li in doc.cssselect("ol.annals-notes-list > li")]
    title = doc.cssselect("h1#title")[0].text_content()
    assert title == "Putin Congratulates Biden a Day After the Electoral College Affirms His Win"
    assert "Title supplied by an editor" in doc.cssselect(".annals-title-basis")[0].text_content()


def test_seed_heads_carry_provenance_context_date_and_links(built_site):
    def head(ident):
        section = page_doc(built_site, ident).cssselect(".annals-editorial-head")[0]
        return " ".join(" ".join(e.text_content().split()) for e in section.cssselect("dt, dd"))
    assert "Date 2012-11-07 is an editor's date, confidence medium; its basis is given above." in head("a000001")
    meta = " ".join(page_doc(built_site, "a000001").cssselect(".annals-meta")[0].text_content().split())
    assert "7 November 2012 (given by an editor — Inferred, not stated in the source" in meta
    assert "Provenance Unknown. The file names no outlet" in head("a000001")
    assert "Context Not a reaction to a US vote." in head("a000004") and "7 May 2012" in head("a000004")
    assert "The text credits: CBS News, CNN, CNN and Bellingcat, USA Today." in head("a000003")
    assert "second-hand" in head("a000003")
    assert "elect oral" in head("a000005")
    # the same-event link is written in 002's sidecar and shown on both pages, and it leads to the other page
    for ident, other in (("a000003", "a000005"), ("a000005", "a000003")):
        links = page_doc(built_site, ident).cssselect(".annals-same-event a")
        assert [a.get("href") for a in links] == [f"../{other}/"]
        assert (built_site / "site" / "articles" / other / "index.html").exists()


def test_source_words_are_unchanged_by_the_marks(built_site):
    # every paragraph of 002, with the annotations taken out, reads exactly as the parser's paragraph text
    doc = page_doc(built_site, "a000003")
    raw = (ARCHIVE / "articles" / "002_438d2bf8bcbd74dd.txt").read_text(encoding="utf-8")
    body = raw.split(" date 2020-12-15 ", 1)[1]
    expected = [" ".join(b.split()) for b in body.split("\n\n") if b.strip()]
    shown = [visible_text(lxml.html.tostring(p), "p") for p in doc.cssselect(".annals-source p.annals-p")]
    assert shown == expected


# ---- the export: W3C Web Annotations, expanded by a real JSON-LD processor ----------------

def offline_loader(url, options=None):
    if url.rstrip("/") not in ("http://www.w3.org/ns/anno.jsonld", "https://www.w3.org/ns/anno.jsonld"):
        raise ValueError(f"unexpected remote document {url}")
    return {"contextUrl": None, "documentUrl": url,
            "document": json.loads(ANNO_CONTEXT_FILE.read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def export(built_site):
    return json.loads((built_site / "site" / "data" / "annotations.jsonld").read_text(encoding="utf-8"))


def test_export_expands_as_json_ld_with_text_quote_selectors(built_site, export):
    from pyld import jsonld

    base = "https://annals.example.org/data/annotations.jsonld"
    expanded = jsonld.expand(export, {"documentLoader": offline_loader, "base": base})
    flat = jsonld.flatten(expanded, None, {"documentLoader": offline_loader, "base": base})
    nodes = {n["@id"]: n for n in flat}
    annotations = [n for n in flat if OA + "Annotation" in n.get("@type", [])]
    assert len(annotations) == export["total"] == len(export["first"]["items"])
    for anno in annotations:
        motivations = [m["@id"] for m in anno[OA + "motivatedBy"]]
        assert all(m.startswith(OA) for m in motivations), motivations  # only terms the context defines
        assert anno[OA + "hasTarget"] and anno[OA + "hasBody"]
    selectors = [n for n in flat if OA + "TextQuoteSelector" in n.get("@type", [])]
    on_pages = sum(len(page_doc(built_site, f"a00000{i}").cssselect("mark.annals-mark")) for i in range(1, 6))
    evidence = sum(1 for n in flat if OA + "hasSource" in n and OA + "hasPurpose" in n)
    assert len(selectors) == on_pages + evidence
    pages = []
    for anno in annotations:
        for ref in anno[OA + "hasTarget"]:
            target = nodes.get(ref["@id"], {})  # a specific resource (words of a page) or the page itself
            pages.append(target[OA + "hasSource"][0]["@id"] if OA + "hasSource" in target else ref["@id"])
    assert len(pages) == len(annotations)
    for page in pages:
        assert re.fullmatch(r"https://annals\.example\.org/articles/a00000[1-5]/", page), page


def test_exported_selectors_find_their_words_once_on_the_page(built_site, export):
    checked = 0
    for item in export["first"]["items"]:
        target = item["target"]
        if isinstance(target, str):
            continue
        ident = target["source"].split("/")[-2]
        sel = target["selector"]
        text = visible_text((built_site / "site" / "articles" / ident / "index.html").read_bytes())
        whole = " ".join((sel.get("prefix", "") + sel["exact"] + sel.get("suffix", "")).split())
        assert text.count(whole) == 1, (ident, whole)
        assert item["id"].endswith("#" + page_doc(built_site, ident).cssselect(
            f'mark[id="{item["id"].split("#")[1]}"]')[0].get("id"))
        checked += 1
    assert checked >= 5


def test_export_has_the_seed_curation(export):
    by_id = {i["id"]: i for i in export["first"]["items"]}
    assert by_id["../articles/a000001/#editorial-date"]["body"]["value"].startswith(
        "Date 2012-11-07, given by an editor. Basis: Inferred, not stated in the source")
    link = by_id["../articles/a000003/#editorial-same-event-a000005"]
    assert link["motivation"] == "linking" and link["body"][0]["id"] == "../articles/a000005/"
    assert "../articles/a000005/#editorial-same-event-a000003" in by_id
    sic = [i for i in export["first"]["items"] if i["motivation"] == "editing"
           and i["target"]["selector"]["exact"] == "Serbia's Navalny"]
    assert len(sic) == 1 and sic[0]["body"][0]["value"] == "Russia's Navalny"


# ---- a real browser with JavaScript off -------------------------------------------------

@pytest.mark.browser
def test_note_marker_sits_beside_its_words_and_leads_to_the_note_without_javascript(browser, served_site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
               else route.abort())
    page.goto(served_site + "articles/a000003/")
    mark = page.locator("mark.annals-mark-correction", has_text="Serbia's Navalny")
    marker = page.locator(f'a.annals-marker[href="#{mark.get_attribute("id")}-note"]')
    assert mark.is_visible() and marker.is_visible()
    m, k = mark.bounding_box(), marker.bounding_box()
    assert abs(k["x"] - (m["x"] + m["width"])) < 8 and abs(k["y"] - m["y"]) < m["height"]  # right after the words
    assert mark.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 224, 224)"  # editorial.css, not the theme's
    assert marker.evaluate("e => getComputedStyle(e, '::before').content").startswith('"[sic]')  # drawn, not text
    marker.click()
    assert page.url.endswith(f'#{mark.get_attribute("id")}-note')
    note = page.locator(f'[id="{mark.get_attribute("id")}-note"]')
    assert note.is_visible() and "should read Russia's Navalny" in note.inner_text()
    assert page.locator(".annals-editorial-head").is_visible()
    context.close()


@pytest.mark.browser
def test_annotations_pass_axe(browser, served_site):
    """axe-core on the editorial head and the annotated text of every seed page (the theme's own parts excluded)."""
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
               else route.abort())
    found = []
    for i in range(1, 6):
        page.goto(served_site + f"articles/a00000{i}/")
        result = Axe().run(page, context={"include": [[".annals-editorial-head"], [".annals-source"], [".annals-notes"]]})
        found += [(i, v["id"], [n["target"] for n in v["nodes"]]) for v in result.response["violations"]]
    page.close()
    assert found == []
