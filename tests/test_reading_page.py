"""The page reads as the source (issue 19): the article page in a real headless Chromium.

Item 1: every body paragraph, caption and closing line of the five seed pages shows the source's words
and nothing else: its ``innerText`` and a real selection copied to the clipboard (Ctrl+C) equal the words
the parser read from the raw file (whose fidelity tests/test_parse_seeds.py and test_fidelity_property.py
check), and the caption the raw file's own line.  Items 2-4: notes, speakers and citations open beside
the words, by mouse and keyboard.  Item 5: no page scrolls sideways at 390 px; the boxes above the text
fold there.  Item 8: anchors, :target and axe-core.  The run writes screenshots of an article page at
1280 and 390 px into ``build/screenshots/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import json
import re

import lxml.html
import pytest

from annals.pipeline import check
from conftest import ARCHIVE, ROOT, make_project, run_annals

SEEDS = ("a000001", "a000002", "a000003", "a000004", "a000005")
SHOTS = ROOT / "build" / "screenshots"
PAGE_KINDS = {  # item 5: every kind of page
    "home": "",
    "article": "articles/a000001/",
    "article with corrections": "articles/a000003/",
    "articles": "articles/",
    "official": "officials/dmitry-medvedev/",
    "election": "elections/us-2012/",
    "quotations": "quotes/",
    "timeline": "timeline/",
    "search": "search/?q=Obama",
    "data": "data/",
    "citations file": "cite/a000001.html",
}
WORDS = re.compile(r"\s+")


def words(text: str) -> str:
    return WORDS.sub(" ", text).strip()


@pytest.fixture(scope="module")
def records():
    result = check(ARCHIVE, jobs=1)
    return {r.article.id: r for r in result.records}


@pytest.fixture
def reader(browser, served_site, clipboard):
    """A page at 1280x900 that may read the clipboard (held for the test: see ``clipboard``); requests
    outside the site are recorded and blocked."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site.rstrip("/"))
    pg = context.new_page()
    pg.outside = []
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))

    def guard(route):
        if route.request.url.startswith(served_site):
            route.continue_()
        else:
            pg.outside.append(route.request.url)
            route.abort()

    pg.route("**/*", guard)
    yield pg
    assert pg.outside == [] and pg.errors == []
    context.close()


def copied(pg, selector: str) -> str:
    """Select the element's contents as a reader would (the whole element), press Ctrl+C, read the clipboard."""
    pg.evaluate("() => navigator.clipboard.writeText('')")
    pg.evaluate("s => window.getSelection().selectAllChildren(document.querySelector(s))", selector)
    pg.keyboard.press("Control+C")
    return pg.evaluate("() => navigator.clipboard.readText()")


# ---- item 1: the running text is the source's words ------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("ident", SEEDS)
def test_each_paragraph_reads_and_copies_as_the_source(reader, served_site, records, ident):
    a = records[ident].article
    reader.goto(served_site + f"articles/{ident}/")
    shown = reader.eval_on_selector_all(".annals-source p.annals-p", "ps => ps.map(p => [p.id, p.innerText])")
    assert [i for i, _ in shown] == [f"p{p.n}" for p in a.paragraphs]
    for p, (pid, text) in zip(a.paragraphs, shown, strict=True):
        expected = p.text if "  " not in p.text and "\n" not in p.text else words(p.text)  # CSS collapses runs
        assert text == expected, (ident, pid)
        assert copied(reader, f"#{pid}").strip() == expected, (ident, pid)
    closing = reader.eval_on_selector_all(".annals-source p.annals-closing", "ps => ps.map(p => p.innerText)")
    assert closing == list(a.closing)
    for n, line in enumerate(a.closing, 1):
        assert copied(reader, f".annals-source p.annals-closing:nth-of-type({len(a.paragraphs) + n})").strip() == line


@pytest.mark.browser
@pytest.mark.parametrize("ident", SEEDS)
def test_the_caption_reads_as_the_source_line(reader, served_site, records, ident):
    a = records[ident].article
    reader.goto(served_site + f"articles/{ident}/")
    if not a.credit:
        assert reader.locator("figure.annals-photo").count() == 0
        return
    raw = (ARCHIVE / "articles" / a.source_file).read_text(encoding="utf-8").splitlines()
    [line] = [x for x in raw if a.credit in x]  # the raw file's own line, its bold marks (**) being markup
    expected = words(line.replace("**", ""))
    assert reader.locator("figure.annals-photo figcaption").inner_text() == expected
    assert words(copied(reader, "figure.annals-photo figcaption")) == expected


@pytest.mark.browser
def test_markers_and_controls_add_no_words_but_take_their_place(reader, served_site):
    """What the page adds among the words is empty in the DOM and drawn by CSS: numbers, [sic], # and ¶."""
    reader.goto(served_site + "articles/a000003/")
    added = reader.eval_on_selector_all(
        ".annals-source a", "as => as.map(a => [a.className.split(' ')[0], a.textContent, a.getAttribute('data-n'),"
                            " getComputedStyle(a, '::before').content])")
    assert {cls for cls, _, _, _ in added} == {"annals-marker", "annals-permalink"}
    assert all(text == "" for _, text, _, _ in added)
    markers = [(n, before) for cls, _, n, before in added if cls == "annals-marker"]
    assert [n for n, _ in markers] == [str(i) for i in range(1, len(markers) + 1)]  # numbers, in text order
    assert sum(before.startswith('"[sic]') for _, before in markers) == 2  # 002's two corrections
    # a quotation's control takes no room: the words on either side of it stay where they would be
    widths = reader.eval_on_selector_all(".annals-source a.annals-permalink-q",
                                         "as => as.map(a => a.getBoundingClientRect().width + parseFloat(getComputedStyle(a).marginLeft))")
    assert widths and all(abs(w) < 0.5 for w in widths)


# ---- item 2: notes beside the words ---------------------------------------------------------------------

@pytest.mark.browser
def test_a_note_opens_beside_its_marker_on_click_and_on_keyboard_focus(reader, served_site):
    reader.goto(served_site + "articles/a000003/")
    mark = reader.locator("mark.annals-mark-correction", has_text="Serbia's Navalny")
    marker = reader.locator(f'a.annals-marker[href="#{mark.get_attribute("id")}-note"]')
    pop = reader.locator(".annals-pop")
    # click: the note opens beside the marker, the page stays where it is
    marker.click()
    assert pop.is_visible() and "should read Russia's Navalny" in pop.inner_text()
    assert reader.evaluate("location.hash") == ""
    m, b = marker.bounding_box(), pop.bounding_box()
    assert abs(b["y"] - (m["y"] + m["height"])) < 40 or abs(m["y"] - (b["y"] + b["height"])) < 40
    assert marker.get_attribute("aria-expanded") == "true"
    reader.keyboard.press("Escape")
    assert not pop.is_visible()
    # keyboard: Tab reaches the marker, the note opens on focus; screen readers get it as the description
    first = reader.locator(".annals-source a.annals-marker").first
    reader.locator("#p1").evaluate("p => { p.tabIndex = -1; p.focus(); }")
    for _ in range(20):
        reader.keyboard.press("Tab")
        if reader.evaluate("document.activeElement.classList.contains('annals-marker')"):
            break
    assert reader.evaluate("document.activeElement.getAttribute('href')") == first.get_attribute("href")
    assert pop.is_visible()
    described = reader.evaluate("() => document.getElementById(document.activeElement.getAttribute('aria-describedby')).textContent")
    assert words(described) == words(pop.inner_text())
    # Enter still goes to the note in the list below the text
    reader.keyboard.press("Enter")
    assert reader.evaluate("location.hash") == first.get_attribute("href")
    assert reader.locator(first.get_attribute("href")).is_visible()
    assert reader.locator("mark.annals-mark").first.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"


# ---- item 3: speakers without words in the text ----------------------------------------------------------

@pytest.mark.browser
def test_who_spoke_shows_on_hover_and_focus_not_in_the_text(reader, served_site, records):
    rec = records["a000001"]
    q = next(q for q in rec.quotes if q.kind == "full" and q.speaker == "Dmitry Medvedev")
    reader.goto(served_site + "articles/a000001/")
    pop = reader.locator(".annals-pop")
    reader.locator(f'[id="{q.id}"]').hover()
    pop.wait_for(state="visible")
    assert pop.inner_text().startswith("Dmitry Medvedev, Prime Minister of Russia")
    assert "direct quotation" in pop.inner_text() and "confidence" in pop.inner_text()
    reader.mouse.move(0, 0)
    pop.wait_for(state="hidden")
    reader.locator(f'a.annals-permalink-q[href="#{q.id}"]').focus()
    pop.wait_for(state="visible")
    assert pop.inner_text().startswith("Dmitry Medvedev")
    assert reader.locator(f'[id="{q.id}"]').get_attribute("title") is None  # the popover replaces the tooltip


def test_who_spoke_is_in_the_words_title_without_javascript(built_site):
    doc = lxml.html.fromstring((built_site / "site" / "articles" / "a000001" / "index.html").read_bytes())
    quotes = doc.cssselect(".annals-source .annals-quote[title]")
    assert quotes and all(q.get("title") for q in quotes)
    assert not doc.cssselect(".annals-source .annals-speaker, .annals-source .annals-annotation:not(.annals-permalink)")


def test_a_quotation_without_a_speaker_says_so_and_why(records):
    import dataclasses

    from annals.render.quotations import quote_about, speaker_text

    q = next(q for q in records["a000002"].quotes if q.kind == "full")
    none = dataclasses.replace(q, speaker=None, speaker_id=None, speaker_kind="none",
                               unattributed_reason="an anonymous source")
    assert speaker_text(none) == "unattributed (an anonymous source)"
    assert quote_about(none) == "unattributed (an anonymous source) — direct quotation"
    institution = dataclasses.replace(q, speaker="Kremlin", speaker_id=None, speaker_kind="institution", role=None)
    assert speaker_text(institution).startswith("Kremlin, an institution, no person named")
    titled = dataclasses.replace(q, speaker="Ivan Petrov", speaker_id=None, role=None, speaker_title="political scientist")
    assert speaker_text(titled) == "Ivan Petrov, political scientist" + (f", via {q.via}" if q.via else "")


# ---- item 4: one compact cite control --------------------------------------------------------------------

@pytest.mark.browser
def test_seed_000s_quotation_list_fits_in_two_screens(reader, served_site):
    reader.goto(served_site + "articles/a000001/")
    height = reader.locator("section.annals-quotes").evaluate("e => e.getBoundingClientRect().height")
    assert reader.locator("section.annals-quotes li").count() == 22
    assert height <= 2 * 900, height


@pytest.mark.browser
def test_a_quotations_cite_opens_three_styles_with_its_address(reader, served_site, records):
    q = records["a000001"].quotes[3]
    reader.goto(served_site + "articles/a000001/")
    control = reader.locator(f'a.annals-cite-control[data-cite-quote="{q.id}"]')
    assert control.get_attribute("role") == "button" and control.get_attribute("aria-haspopup") == "dialog"
    control.click()
    dialog = reader.locator("dialog.annals-cite-dialog")
    dialog.locator(".annals-cite-style").first.wait_for()
    assert dialog.evaluate("d => d.open") and dialog.locator("h2").inner_text() == "Cite this quotation"
    address = f"https://annals.example.org/articles/a000001/#{q.id}"
    styles = dialog.locator(".annals-cite-style")
    assert [styles.nth(i).locator("h3").inner_text() for i in range(styles.count())] == ["APA 7", "MLA 9", "Chicago 17"]
    for i in range(3):
        entry = styles.nth(i).locator(".annals-cite-entry")
        assert entry.count() == 1 and address in entry.inner_text()
    # the tests before this one copy text: empty the clipboard first, so that what is read afterwards can only
    # be what the button wrote (the write is asynchronous)
    reader.evaluate("() => navigator.clipboard.writeText('')")
    styles.nth(0).locator("button.annals-copy").click()
    reader.wait_for_function("() => navigator.clipboard.readText().then(t => t.length > 0)")
    assert reader.evaluate("() => navigator.clipboard.readText()") == styles.nth(0).locator(".annals-cite-entry").inner_text()
    assert [a.inner_text() for a in dialog.locator(".annals-cite-downloads a").all()] == ["BibTeX", "RIS", "CSL-JSON"]
    assert dialog.locator(".annals-cite-link code").inner_text() == address
    reader.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert reader.evaluate("document.activeElement.getAttribute('data-cite-quote')") == q.id  # focus goes back


@pytest.mark.browser
def test_the_articles_cite_opens_the_original_and_the_archive_copy(reader, served_site):
    reader.goto(served_site + "articles/a000002/")
    reader.locator(".annals-toolbar a.annals-cite-control").click()
    dialog = reader.locator("dialog.annals-cite-dialog")
    dialog.locator(".annals-cite-style").first.wait_for()
    assert dialog.locator("h2").inner_text() == "Cite this article"
    entries = dialog.locator(".annals-cite-entry")
    assert entries.count() == 6
    assert "themoscowtimes.com" in entries.nth(0).inner_text()
    assert "https://annals.example.org/articles/a000002/" in entries.nth(1).inner_text()
    assert dialog.locator(".annals-cite-entry i").count() >= 3  # the styles' italics, rebuilt as elements


def test_article_pages_carry_no_rendered_citation(built_site):
    """Issue 20, item 4: the styles live in cite/<id>.html; the page has one small control per quotation."""
    for ident in SEEDS:
        doc = lxml.html.fromstring((built_site / "site" / "articles" / ident / "index.html").read_bytes())
        assert not doc.cssselect(".annals-cite-entry, details.annals-cite-quote, .annals-cite-box")
        assert len(doc.cssselect(".annals-quote-item a.annals-cite-control")) == len(doc.cssselect(".annals-quote-item"))


# ---- item 5: layout at any width -------------------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_no_page_scrolls_sideways_at_390_px(browser, served_site, javascript):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=javascript)
    pg = context.new_page()
    pg.route("**/*", lambda route: route.continue_() if route.request.url.startswith(served_site) else route.abort())
    wide = {}
    for name, path in PAGE_KINDS.items():
        pg.goto(served_site + path)
        width = pg.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[name] = width
    context.close()
    assert wide == {}


@pytest.mark.browser
def test_the_boxes_above_the_text_fold_on_a_narrow_screen(browser, served_site):
    for width, folded in ((390, True), (1280, False)):
        context = browser.new_context(viewport={"width": width, "height": 844})
        pg = context.new_page()
        pg.goto(served_site + "articles/a000001/")
        states = pg.eval_on_selector_all("details.annals-fold", "ds => ds.map(d => d.open)")
        assert len(states) == 2 and states == [not folded] * 2, (width, states)
        if folded:  # what a folded box holds is one tap away
            pg.locator("details.annals-facts > summary").click()
            assert pg.locator(".annals-facts dl.annals-meta").is_visible()
        else:  # open on a wide screen, without the summary line
            assert not pg.locator("details.annals-facts > summary").is_visible()
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_the_quotation_filters_have_their_labels_above_their_fields(browser, served_site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    pg.goto(served_site + "quotes/")
    pg.wait_for_selector("form.annals-filter")
    fields = pg.locator("form.annals-filter label.annals-filter-field")
    assert fields.count() == 5
    for i in range(fields.count()):
        label = fields.nth(i).locator(".annals-filter-label").bounding_box()
        control = fields.nth(i).locator("select, input").bounding_box()
        assert label["y"] + label["height"] <= control["y"] + 1 and abs(label["x"] - control["x"]) < 2
    right = pg.locator("form.annals-filter").evaluate("f => f.getBoundingClientRect().right")
    assert right <= width
    context.close()


# ---- item 6: who is who ----------------------------------------------------------------------------------

def test_quoted_speakers_are_shown_apart_from_people_only_mentioned(built_site, records):
    doc = lxml.html.fromstring((built_site / "site" / "articles" / "a000001" / "index.html").read_bytes())
    quoted = [a.text_content() for a in doc.cssselect("nav.annals-tags .annals-tag-row-quoted .md-tag")]
    mentioned = [a.text_content() for a in doc.cssselect("nav.annals-tags .annals-tag-row-mentioned .md-tag")]
    speakers = {q.speaker for q in records["a000001"].quotes if q.kind != "scare"}
    assert set(quoted) == speakers
    assert "Muammar Gaddafi" in mentioned and "Ron Paul" in mentioned and not set(mentioned) & speakers
    labels = [s.text_content() for s in doc.cssselect("nav.annals-tags .annals-tag-facet")]
    assert labels == ["Quoted:", "Also mentioned:", "Elections:"]


# ---- item 7: an editor's title never hides the source's --------------------------------------------------

@pytest.fixture(scope="module")
def retitled(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("retitled"))
    side = project / "archive" / "articles" / "001_08f61311a1cc0041.yml"
    text = side.read_text(encoding="utf-8")
    side.write_text(text.replace("id: a000002\n", "id: a000002\ntitle: Moscow Greets Trump's Return\n", 1),
                    encoding="utf-8")
    checked = run_annals("check", cwd=project)
    built = run_annals("build", cwd=project)
    assert built.returncode == 0, built.stderr
    return project, checked, side


def test_check_says_when_an_editors_title_replaces_the_sources(retitled):
    project, checked, side = retitled
    line = side.read_text(encoding="utf-8").splitlines().index("title: Moscow Greets Trump's Return") + 1
    assert (f"  articles/001_08f61311a1cc0041.yml:{line}: title: replaces the source's own title "
            "\"Russian Officials Cautiously Welcome Donald Trump's Re-Election\"; the page shows both and citations "
            "use the source's; say why in `title_note:`") in checked.stdout.splitlines()
    assert run_annals("check", "--strict", cwd=project).returncode == 1


def test_the_page_and_the_citations_show_both_titles(retitled):
    project, _, _ = retitled
    source_title = "Russian Officials Cautiously Welcome Donald Trump's Re-Election"
    doc = lxml.html.fromstring((project / "site" / "articles" / "a000002" / "index.html").read_bytes())
    assert doc.cssselect("h1#title")[0].text_content() == "Moscow Greets Trump's Return"
    basis = doc.cssselect(".annals-title-basis")[0]
    assert "given by an editor" in basis.text_content() and basis.cssselect("cite")[0].text_content() == source_title
    assert "has none" not in doc.text_content()
    head = {m.get("name"): m.get("content") for m in doc.cssselect("meta[name]")}
    assert head["citation_title"] == source_title and head["DC.title"] == source_title
    cited = lxml.html.fromstring((project / "site" / "cite" / "a000002.html").read_bytes())
    assert "has none" not in cited.text_content() and "[" not in cited.cssselect("[data-cite=original]")[0].text_content()
    assert all(source_title[:40] in e.text_content() for e in cited.cssselect(".annals-cite-entry"))
    assert "Moscow Greets Trump's Return" in cited.cssselect(".annals-basis")[0].text_content()
    data = json.loads((project / "site" / "data" / "articles.json").read_text(encoding="utf-8"))
    row = next(r for r in data if r["id"] == "a000002")
    assert (row["title"], row["title_basis"], row["source_title"]) == ("Moscow Greets Trump's Return", "editor", source_title)


# ---- item 8: keep what works -----------------------------------------------------------------------------

@pytest.mark.browser
def test_a_quotation_reached_by_its_anchor_is_highlighted(reader, served_site, records):
    q = next(q for q in records["a000005"].quotes if q.kind == "full")
    reader.goto(served_site + f"articles/a000005/#{q.id}")
    target = reader.locator(f'[id="{q.id}"]')
    assert reader.evaluate("document.querySelector(':target').id") == q.id
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 243, 176)"  # search.css
    assert target.is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("ident", SEEDS)
def test_axe_finds_no_serious_violation_on_the_article_page(reader, served_site, ident):
    """axe-core over the whole page, with a note open and then the cite dialog open."""
    from axe_playwright_python.sync_playwright import Axe

    def serious(result):
        return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result.response["violations"]
                if v["impact"] in ("serious", "critical")]

    def settled_run():
        # Clicking a marker may scroll the page, and Material then fades its header title in (a CSS
        # transition); axe measured mid-fade sees half-transparent text and reports a contrast that no
        # reader ever sees at rest. Wait for running transitions to end (at most 2 s), then measure.
        reader.evaluate("""() => Promise.race([
            Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),
            new Promise(r => setTimeout(r, 2000))])""")
        return serious(Axe().run(reader))

    reader.goto(served_site + f"articles/{ident}/")
    found = settled_run()
    if reader.locator(".annals-source a.annals-marker").count():
        reader.locator(".annals-source a.annals-marker").first.click()
        found += settled_run()
    reader.keyboard.press("Escape")
    reader.locator(".annals-toolbar a.annals-cite-control").click()
    reader.locator("dialog.annals-cite-dialog .annals-cite-style").first.wait_for()
    found += settled_run()
    assert found == []


# ---- screenshots for a person to look at -----------------------------------------------------------------

@pytest.mark.browser
@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_screenshots_of_an_article_page(browser, served_site, width, height):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": height})
    pg = context.new_page()
    for ident in ("a000001", "a000003"):
        pg.goto(served_site + f"articles/{ident}/")
        path = SHOTS / f"article-{ident}-{width}.png"
        pg.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
    pg.goto(served_site + "articles/a000003/")
    pg.locator("#p11 a.annals-marker").last.click()
    pg.locator("#p11").scroll_into_view_if_needed()
    pg.screenshot(path=str(SHOTS / f"article-a000003-{width}-note-open.png"))
    pg.locator(".annals-quote-item a.annals-cite-control").first.click()
    pg.locator("dialog.annals-cite-dialog .annals-cite-style").first.wait_for()
    pg.screenshot(path=str(SHOTS / f"article-a000003-{width}-cite-open.png"))
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_each_row_of_people_is_a_line_of_its_own(browser, served_site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    pg = context.new_page()
    pg.goto(served_site + "articles/a000002/")
    rows = pg.eval_on_selector_all("nav.annals-tags .annals-tag-row",
                                   "rs => rs.map(r => [r.getBoundingClientRect().top, r.getBoundingClientRect().bottom])")
    context.close()
    assert len(rows) == 3 and all(rows[i][1] <= rows[i + 1][0] + 1 for i in range(len(rows) - 1)), rows
