"""Permalinks (issue 5): anchors on every paragraph and quotation, the copy-link controls beside
them (real MkDocs build, real headless Chromium)."""

from __future__ import annotations

import json
import re

import lxml.html
import pytest
import yaml

from conftest import ROOT, StaticServer, make_project, run_annals

CITABLE = re.compile(r"p\d+|q-[0-9a-f]{10}(?:-\d+)?")
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
        assert controls[0].text_content() == ""  # its glyph is CSS's: nothing for a selection or for search
        assert controls[0].get("aria-label") == f"Link to paragraph {n}"  # permalinks.js: "Copy link to ..."


@pytest.mark.parametrize("ident", ["a000001", "a000002", "a000003", "a000004", "a000005"])
def test_every_quotation_has_an_anchor_and_one_control_linking_to_it(built_site, ident):
    doc = article(built_site, ident)
    for q in quotes_of(built_site, ident):
        assert len(doc.cssselect(f'[id="{q["id"]}"]')) == 1, q["id"]
        controls = doc.cssselect(f'.annals-source a.annals-permalink[href="#{q["id"]}"]')
        assert len(controls) == 1, q["id"]
        assert controls[0].text_content() == ""
        # described by who spoke, the kind and the confidence (the line in the list below the text)
        [about] = doc.cssselect(f'[id="{controls[0].get("aria-describedby")}"]')
        assert about.getparent().cssselect(f'a.annals-quote-link[href="#{q["id"]}"]')


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
def clipboard_page(browser, served_site, clipboard):
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
    live = ".annals-live[aria-live=polite][role=status]"
    pg.wait_for_function("s => document.querySelector(s) && document.querySelector(s).textContent.length > 0", arg=live)
    assert pg.evaluate("navigator.clipboard.readText()") == expected
    assert pg.locator(live).text_content() == f"Link to {'paragraph 3' if anchor == 'p3' else 'this direct quotation'} copied: {expected}"
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


# ---- nothing published ever breaks: add, retitle, withdraw, reject; rebuild ---------------------

WITHDRAWN = "003_97d5dd1649d224ed"  # a000004: withdrawn in favour of a re-scraped copy of the same text
RETITLED = "001_08f61311a1cc0041"  # a000002: given an editor's title
NEW_TITLE = "Moscow Greets Trump's Return With Caution"
REJECTED_HERE = "q-19890327b3"  # a000001, paragraph 13: rejected, redirected to its paragraph (same page)
REJECTED_AWAY = "q-314662d8cc"  # a000001: rejected, redirected to another page's paragraph
NEW_ARTICLES = {
    "peskov comment.txt": "Peskov Comments on the Vote\n\nNovember 7, 2024\n\n"
                          "\"We are watching closely,\" Kremlin spokesman Dmitry Peskov said on Thursday.\n\n"
                          "He added that Moscow would judge Washington by its deeds.\n",
    "lavrov.txt": "Lavrov on Relations\n\nNovember 8, 2024\n\n"
                  "Foreign Minister Sergey Lavrov said Russia was open to dialogue.\n",
}


def site_pages(site) -> dict[str, set[str]]:
    """Every page of a built site (``/articles/a000001/``) -> the IDs of its elements."""
    out = {}
    for f in sorted(site.rglob("index.html")):
        rel = f.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        doc = lxml.html.fromstring(f.read_bytes())
        out["/" if rel == "." else f"/{rel}/"] = {el.get("id") for el in doc.iter() if isinstance(el.tag, str) and el.get("id")}
    return out


def is_redirect(site, page: str) -> bool:
    f = site / page.lstrip("/") / "index.html"
    return bool(lxml.html.fromstring(f.read_bytes()).cssselect('meta[http-equiv="refresh"]'))


def refresh_target(site, page: str) -> str:
    """The page a redirect page's meta refresh leads to, as a site path."""
    f = site / page.lstrip("/") / "index.html"
    content = lxml.html.fromstring(f.read_bytes()).cssselect('meta[http-equiv="refresh"]')[0].get("content")
    url = content.split("url=", 1)[1]
    path, sep, query = url.partition("?")  # the filtered quotations table: /quotes/?year=2012
    return "/" + (f.parent / path).resolve().relative_to(site.resolve()).as_posix() + "/" + sep + query


def line_of(path, text: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(text) + 1


@pytest.fixture(scope="module")
def evolution(tmp_path_factory):
    """Build the seed archive; add two articles and a re-scraped copy of a000004; retitle a000002;
    withdraw a000004 and reject two quotations of a000001, declaring redirects; rebuild.  Every step
    through the real `annals` command and real MkDocs."""
    tmp = tmp_path_factory.mktemp("evolve")
    project = make_project(tmp / "p")
    first = run_annals("build", cwd=project)
    assert first.returncode == 0, first.stderr
    old = site_pages(project / "site")
    old_registry = (project / "archive" / "published.txt").read_text(encoding="utf-8")
    articles = project / "archive" / "articles"

    raws = []
    for name, text in NEW_ARTICLES.items():
        (tmp / name).write_text(text, encoding="utf-8")
        raws.append(str(tmp / name))
    rescrape = tmp / "003 rescraped.txt"
    rescrape.write_bytes((articles / f"{WITHDRAWN}.txt").read_bytes() + b"\n")
    raws.append(str(rescrape))
    added = run_annals("add", *raws, cwd=project)
    assert added.returncode == 0, added.stderr
    ids = dict(reversed(line.split("  ", 1)) for line in added.stdout.splitlines())
    copy = ids["articles/003 rescraped.txt"]
    side = articles / f"{RETITLED}.yml"
    assert "\ntitle:" not in side.read_text(encoding="utf-8")
    with side.open("a", encoding="utf-8") as f:
        f.write(f"title: {NEW_TITLE}\n")

    # an editor looks up the copy's quotation IDs before withdrawing the old article
    look = run_annals("build", "--no-site", "--no-registry-update", cwd=project)
    assert look.returncode == 0, look.stderr
    quotes = json.loads((project / "docs" / "data" / "quotes.json").read_text(encoding="utf-8"))
    in_copy = {(q["text"], q["kind"]): q["id"] for q in quotes if q["article_id"] == copy}
    redirects = [f"- from: /articles/a000004/\n  to: /articles/{copy}/\n  note: withdrawn; re-scraped as {copy}\n"]
    for q in quotes:
        if q["article_id"] == "a000004":
            new = in_copy.get((q["text"], q["kind"]))
            target = f"/articles/{copy}/#{new}" if new else f"/articles/{copy}/#p{q['paragraph']}"
            redirects.append(f"- from: /articles/a000004/#{q['id']}\n  to: {target}\n")
    redirects.append(f"- from: /articles/a000001/#{REJECTED_HERE}\n  to: /articles/a000001/#p13\n")
    redirects.append(f"- from: /articles/a000001/#{REJECTED_AWAY}\n  to: /articles/a000002/#p1\n")
    declared = project / "archive" / "redirects.yml"  # the archive's own redirects stay; these are added
    kept = "".join(line for line in declared.read_text(encoding="utf-8").splitlines(keepends=True)
                   if line.strip() != "[]")
    declared.write_text(kept + "".join(redirects), encoding="utf-8")
    for suffix in (".txt", ".yml"):
        (articles / f"{WITHDRAWN}{suffix}").unlink()
    side = articles / "000_c0c5e357a54d7c48.yml"
    text = side.read_text(encoding="utf-8")
    assert text.count("\nquotes:\n") == 1
    side.write_text(text.replace("\nquotes:\n", f"\nquotes:\n  - id: {REJECTED_HERE}\n    reject: true\n"
                                                f"  - id: {REJECTED_AWAY}\n    reject: true\n"), encoding="utf-8")

    second = run_annals("build", cwd=project)
    assert second.returncode == 0, second.stderr
    return {"project": project, "old": old, "new": site_pages(project / "site"), "copy": copy, "ids": ids,
            "old_registry": old_registry, "stdout": second.stdout}


def test_every_old_url_and_anchor_still_resolves(evolution):
    site, old, new = evolution["project"] / "site", evolution["old"], evolution["new"]
    broken = []
    for page, anchors in sorted(old.items()):
        if page not in new:
            broken.append(page)
        elif is_redirect(site, page):
            target = refresh_target(site, page).partition("?")[0]
            assert target in new and not is_redirect(site, target), (page, target)
            script = lxml.html.fromstring((site / page.lstrip("/") / "index.html").read_bytes()).cssselect("script")[0].text
            # an anchor resolves if the target page has it (the hash is kept), or the page maps it elsewhere
            broken += [f"{page}#{a}" for a in anchors if CITABLE.fullmatch(a) and a not in new[target]
                       and f'"{a}":' not in script]
        elif page.startswith("/articles/a"):  # an article page keeps every anchor it had (listings: the page)
            # except the descriptions of a quotation that is gone (q-...-about: aria-describedby targets, no anchors)
            broken += [f"{page}#{a}" for a in sorted(anchors - new[page]) if not a.endswith("-about")]
    assert broken == [], broken


def test_the_withdrawn_article_is_a_redirect_to_its_copy(evolution):
    site = evolution["project"] / "site"
    assert is_redirect(site, "/articles/a000004/")
    assert refresh_target(site, "/articles/a000004/") == f"/articles/{evolution['copy']}/"


def test_the_retitled_article_keeps_its_url_and_anchors(evolution):
    doc = lxml.html.fromstring((evolution["project"] / "site" / "articles" / "a000002" / "index.html").read_bytes())
    assert doc.cssselect("h1#title")[0].text_content() == NEW_TITLE
    assert evolution["old"]["/articles/a000002/"] <= evolution["new"]["/articles/a000002/"]


def test_the_registry_kept_every_line_and_gained_the_new_articles(evolution):
    registry = (evolution["project"] / "archive" / "published.txt").read_text(encoding="utf-8").splitlines()
    old = [line for line in evolution["old_registry"].splitlines() if line.startswith("/")]
    assert set(old) <= set(registry)
    for ident in evolution["ids"].values():
        assert f"/articles/{ident}/" in registry and f"/articles/{ident}/#p1" in registry
    assert registry == sorted(set(registry), key=registry.index)  # no line twice
    assert "new URLs and anchors recorded in" in evolution["stdout"]


def test_a_rejected_quotation_keeps_its_anchor_as_an_alias_before_its_paragraph(evolution):
    doc = lxml.html.fromstring((evolution["project"] / "site" / "articles" / "a000001" / "index.html").read_bytes())
    alias = doc.get_element_by_id(REJECTED_HERE)
    assert alias.text_content() == "" and alias.getnext().get("id") == "p13"
    assert not doc.cssselect(f'[data-quote-id="{REJECTED_HERE}"]')  # the quotation itself is gone


@pytest.fixture(scope="module")
def evolved_server(evolution):
    server = StaticServer(evolution["project"] / "site")
    yield server.url
    server.close()


@pytest.mark.browser
def test_a_redirect_page_keeps_the_anchor_in_chromium(page, evolved_server, evolution):
    page.goto(evolved_server + "articles/a000004/#p3")
    page.wait_for_url(f"**/articles/{evolution['copy']}/#p3")
    assert page.evaluate("document.querySelector(':target') && document.querySelector(':target').id") == "p3"
    assert page.outside_requests == []


@pytest.mark.browser
def test_a_redirect_page_maps_a_quotation_to_its_new_anchor_in_chromium(page, evolved_server, evolution):
    project = evolution["project"]
    quotes = json.loads((project / "site" / "data" / "quotes.json").read_text(encoding="utf-8"))
    full = next(q for q in quotes if q["article_id"] == evolution["copy"] and q["kind"] == "full")
    old_id = next(line.split("#")[1] for line in evolution["old_registry"].splitlines()
                  if line.startswith("/articles/a000004/#q-") and
                  f"/articles/a000004/#{line.split('#')[1]}\n  to: /articles/{evolution['copy']}/#{full['id']}"
                  in (project / "archive" / "redirects.yml").read_text(encoding="utf-8"))
    page.goto(evolved_server + f"articles/a000004/#{old_id}")
    page.wait_for_url(f"**/articles/{evolution['copy']}/#{full['id']}")
    assert page.evaluate("document.querySelector(':target').id") == full["id"]


@pytest.mark.browser
def test_an_anchor_moved_to_another_page_is_followed_in_chromium(page, evolved_server):
    page.goto(evolved_server + f"articles/a000001/#{REJECTED_AWAY}")
    page.wait_for_url("**/articles/a000002/#p1")
    assert page.evaluate("document.querySelector(':target').id") == "p1"


@pytest.mark.browser
def test_without_javascript_a_moved_anchor_shows_a_link_to_its_new_place(browser, evolved_server):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    try:
        pg.goto(evolved_server + f"articles/a000001/#{REJECTED_AWAY}")
        note = pg.locator(f"#{REJECTED_AWAY}")
        assert note.is_visible()
        assert note.locator("a").get_attribute("href") == "../a000002/#p1"
    finally:
        context.close()


# ---- a build that would break a published URL fails, naming the registry's line -----------------

@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "p")


@pytest.mark.site
def test_dropping_an_article_without_a_redirect_fails_naming_the_registry_line(project):
    for suffix in (".txt", ".yml"):
        (project / "archive" / "articles" / f"{WITHDRAWN}{suffix}").unlink()
    registry = project / "archive" / "published.txt"
    before = registry.read_bytes()
    anchors = sum(1 for line in before.decode().splitlines() if line.startswith("/articles/a000004/#"))
    result = run_annals("build", "--no-site", cwd=project)
    assert result.returncode == 1
    expected = (f"published.txt:{line_of(registry, '/articles/a000004/')}: /articles/a000004/ was published "
                f"(and {anchors} anchors on it), but this build has no such page; declare where it went in "
                "redirects.yml (- from: /articles/a000004/ / to: <a published URL>), or restore it")
    assert expected in result.stderr.splitlines()
    assert not (project / "docs" / "articles").exists()  # nothing written
    assert registry.read_bytes() == before


@pytest.mark.site
def test_rejecting_a_quotation_without_a_redirect_fails_naming_its_anchor(project):
    side = project / "archive" / "articles" / "000_c0c5e357a54d7c48.yml"
    side.write_text(side.read_text(encoding="utf-8").replace(
        "\nquotes:\n", f"\nquotes:\n  - id: {REJECTED_HERE}\n    reject: true\n"), encoding="utf-8")
    result = run_annals("build", "--no-site", cwd=project)
    assert result.returncode == 1
    url = f"/articles/a000001/#{REJECTED_HERE}"
    line = line_of(project / "archive" / "published.txt", url)
    assert result.stderr.splitlines()[0] == (
        f"published.txt:{line}: {url} was published, but the page /articles/a000001/ no longer has the anchor "
        f"#{REJECTED_HERE}; declare where it went in redirects.yml (- from: {url} / to: <a published URL>), "
        "or restore it")


@pytest.mark.parametrize("yaml_text,message", [
    ("- from: /articles/a000004/\n  to: /articles/a000005/\n  reason: typo\n",
     "redirects.yml:3: unknown key 'reason'; expected one of: from, note, to"),
    ("- from: /articles/a000009/\n  to: /articles/a000099/\n",
     "redirects.yml:1: to: /articles/a000099/ does not exist: there is no page /articles/a000099/; "
     "a redirect must lead to a page this build publishes"),
    ("- from: /articles/a000009/\n  to: /articles/a000005/#p99\n",
     "redirects.yml:1: to: /articles/a000005/#p99 does not exist: the page /articles/a000005/ has no anchor #p99; "
     "a redirect must lead to a page this build publishes"),
    ("- from: /articles/a000004/\n  to: /articles/a000005/\n",
     "redirects.yml:1: from: /articles/a000004/ is still published; a redirect would hide it: remove this redirect"),
    ("- from: articles/a000009/\n  to: /articles/a000005/\n",
     "redirects.yml:1: 0/from: 'articles/a000009/' does not match the expected form "
     "^/(?:[A-Za-z0-9._~-]+/)*(?:#[A-Za-z][A-Za-z0-9_-]*)?$"),
], ids=["unknown-key", "missing-page", "missing-anchor", "live-page", "not-a-site-path"])
@pytest.mark.site
def test_a_bad_redirect_is_an_error_naming_file_and_line(project, yaml_text, message):
    (project / "archive" / "redirects.yml").write_text(yaml_text, encoding="utf-8")
    result = run_annals("build", "--no-site", cwd=project)
    assert result.returncode == 1
    assert message in result.stderr.splitlines(), result.stderr


@pytest.mark.site
def test_a_first_build_creates_the_registry_and_a_second_leaves_it_unchanged(project):
    registry = project / "archive" / "published.txt"
    registry.unlink()
    assert run_annals("build", "--no-site", cwd=project).returncode == 0
    text = registry.read_text(encoding="utf-8")
    assert "/articles/a000005/#p3\n" in text and "/officials/dmitry-peskov/\n" in text
    assert run_annals("build", "--no-site", cwd=project).returncode == 0
    assert registry.read_text(encoding="utf-8") == text


@pytest.mark.site
def test_the_committed_registry_is_up_to_date(project):
    """`annals build` on the repository's archive adds nothing: the committed registry is complete."""
    before = (project / "archive" / "published.txt").read_text(encoding="utf-8")
    result = run_annals("build", "--no-site", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "new URLs and anchors" not in result.stdout, \
        "the site publishes pages or anchors that archive/published.txt lacks: run `annals build` and commit it"
    assert (project / "archive" / "published.txt").read_text(encoding="utf-8") == before


@pytest.mark.browser
def test_without_javascript_a_redirect_page_still_leads_to_the_new_page(browser, evolved_server, evolution):
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    try:
        pg.goto(evolved_server + "articles/a000004/#p3")
        pg.wait_for_url(f"**/articles/{evolution['copy']}/")  # meta refresh: the page, without the anchor
        assert pg.locator("h1#title").is_visible()
    finally:
        context.close()


# ---- the registry and redirects as data (pure functions) ----------------------------------------

def test_a_registry_line_that_is_no_url_is_an_error_naming_its_line():
    from annals.publish.registry import parse_registry

    entries, problems = parse_registry("# header\n/articles/\narticles/a000001/\n/a/../b/\n")
    assert [e.url for e in entries] == ["/articles/"]
    assert [(p.path, p.line) for p in problems] == [("published.txt", 3), ("published.txt", 4)]
    assert problems[0].message.startswith("'articles/a000001/' is not a published URL; expected a site path")


def test_the_registry_is_in_natural_order_pages_then_paragraphs_then_quotations():
    from annals.publish.registry import format_registry

    urls = {"/articles/a000001/#q-00aa00aa00", "/articles/a000001/#p10", "/articles/a000001/#p2",
            "/articles/a000001/", "/quotes/page/10/", "/quotes/page/2/", "/"}
    lines = [line for line in format_registry(urls).splitlines() if not line.startswith("#")]
    assert lines == ["/", "/articles/a000001/", "/articles/a000001/#p2", "/articles/a000001/#p10",
                     "/articles/a000001/#q-00aa00aa00", "/quotes/page/2/", "/quotes/page/10/"]


def test_a_redirect_given_twice_and_an_anchor_of_a_vanished_page_are_errors():
    from annals.publish.registry import Redirect, plan

    files = {"articles/a000001.md": '---\ntitle: x\n---\n\n<h1 id="title">x</h1><p id="p1">a</p>\n'}
    redirects = [Redirect("/articles/a000002/#p1", "/articles/a000001/#p1", 1),
                 Redirect("/articles/a000003/", "/articles/a000001/", 4)]
    from annals.publish.registry import parse_redirects

    parsed, problems = parse_redirects([{"from": "/x/", "to": "/y/"}, {"from": "/x/", "to": "/z/"}], {"/0": 1, "/1": 3})
    assert [(p.line, p.message) for p in problems] == [(3, "from: /x/ is redirected twice (first at line 1); keep one")]
    result = plan(files, [], redirects)
    assert [(p.path, p.line, p.message) for p in result.problems] == [
        ("redirects.yml", 1, "from: /articles/a000002/#p1: its page /articles/a000002/ is neither published nor "
                             "redirected; redirect /articles/a000002/ too")]
    assert dict(result.files)["articles/a000003/index.html"].count('http-equiv="refresh"') == 1


def test_a_quotations_kind_has_one_name_everywhere_on_the_site(built_site):
    """The list under the text, the copy-link control and the quotations table name a quotation's kind
    with the same words (one vocabulary), and the kinds have different names."""
    site = built_site / "site"
    quotes = json.loads((site / "data" / "quotes.json").read_text(encoding="utf-8"))
    table = {}
    for page in site.glob("quotes/**/index.html"):
        for row in lxml.html.fromstring(page.read_bytes()).cssselect("tr[data-quote]"):
            table[row.get("data-quote")] = row.cssselect("td")[3].text_content().strip()
    names: dict[str, set[str]] = {}
    for q in quotes:
        doc = lxml.html.fromstring((site / "articles" / q["article_id"] / "index.html").read_bytes())
        [control] = doc.cssselect(f'.annals-source a.annals-permalink[href="#{q["id"]}"]')
        in_control = control.get("aria-label").removeprefix("Link to this ")
        [item] = [li for li in doc.cssselect("li.annals-quote-item") if li.cssselect(f'a[href="#{q["id"]}"]')]
        basis = item.cssselect(".annals-quote-about .annals-basis")[0].text_content().strip("()").split("; ")
        assert in_control == table[q["id"]] and in_control in basis, (q["id"], in_control, table[q["id"]], basis)
        names.setdefault(q["kind"], set()).add(in_control)
    assert all(len(v) == 1 for v in names.values()) and len({n for v in names.values() for n in v}) == len(names)
