"""Fidelity property (issue 8): for arbitrary Unicode article bodies, the page shows exactly the
source's text (whitespace normalised) and nothing from the source becomes markup.

Most examples go through the real parser, the real renderer and the real Python-Markdown
configured with this project's ``mkdocs.yml`` extensions, in this process (fast); a handful
go through the real `annals build` (MkDocs + Material) as well.
"""

from __future__ import annotations

import re
from functools import lru_cache

import lxml.html
import markdown
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from annals.ingest import parse
from annals.model import Archive, Sidecar, SourceFile
from annals.ingest.parse import parse_article
from annals.render import site
from annals.render.article import render_article
from annals.render.kit import RenderConfig
from conftest import ROOT, examples, make_project, run_annals, visible_text

HEADER = "Kremlin Statement\n\nJune 1, 2016\n\n"
# Text the parser takes out of the running text on purpose (documented in the README): a body line
# shaped like one of these is not arbitrary text for this property, so such examples are skipped.
EXTRACTED = (parse.RELATED_RE, parse.CLOSING_RE, parse.URL_LABEL_RE, parse.LINK_RESIDUE_RE)
HEADER_LIKE = (parse.BYLINE_RE, parse.IMAGE_CREDIT_RE, parse.BOLD_CREDIT_RE, parse.AGENCY_CREDIT_RE, parse.GLUED_DATE_RE)

# Any character a UTF-8 text file can hold except NUL (refused with an error, see tests/hostile/nul-byte).
chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
paragraph = st.text(chars, min_size=1, max_size=80).filter(lambda s: s.strip())
bodies = st.lists(paragraph, min_size=1, max_size=4).map("\n\n".join)


# The one documented change: control characters that are not whitespace are shown as their
# Unicode control pictures (U+0001 -> U+2401 ... U+001B -> U+241B, U+007F -> U+2421).
PICTURES = {c: 0x2400 + c for c in [*range(0x01, 0x09), *range(0x0E, 0x1C)]} | {0x7F: 0x2421}


def normalised(text: str) -> str:
    return " ".join(text.translate(PICTURES).split())


@lru_cache(maxsize=1)
def project_markdown() -> markdown.Markdown:
    """Python-Markdown with exactly the extensions (and settings) that mkdocs.yml gives MkDocs."""
    from mkdocs.config import load_config

    cfg = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=cfg["markdown_extensions"], extension_configs=cfg["mdx_configs"])


def to_html(page_markdown: str) -> str:
    from mkdocs.utils.meta import get_data

    body, meta = get_data(page_markdown)  # front matter is split off as MkDocs does
    md = project_markdown()
    md.reset()
    return '<!doctype html><html><head><meta charset="utf-8"></head><body>' + md.convert(body) + "</body></html>"


def usable(body: str) -> bool:
    blocks = [" ".join(line.strip() for line in b.splitlines() if line.strip()) for b in re.split(r"\n\s*\n", body)]
    lines = [line.strip() for line in parse.split_lines(body)]
    if any(p.search(line) for line in lines + blocks for p in EXTRACTED):
        return False
    first = next((b for b in blocks if b), "")
    return not any(p.match(first) for p in HEADER_LIKE) and not parse.parse_date_line(first)[1]


def page_for(body: str, ident: str = "a000001") -> tuple[str, object]:
    text = HEADER + body + "\n"
    source = SourceFile(name="x.txt", raw=text.encode(), sha256="0" * 64, text=text, encoding_note=None)
    article, problems = parse_article(source, Sidecar(name="x.yml", data={"id": ident}, lines={}), {})
    assert [p for p in problems if p.severity == "error"] == []
    from annals.model import AnnotatedArticle

    return render_article(AnnotatedArticle(article=article), site.context([], RenderConfig(), Archive.empty())), article


def assert_only_renderer_markup(html: str) -> None:
    doc = lxml.html.fromstring(html)
    for el in doc.cssselect(".annals-source *"):
        if el.tag == "a":  # a copy-link control (issue 5): an empty link to the paragraph's own anchor
            assert "annals-permalink" in el.get("class", "") and el.text_content() == "", lxml.html.tostring(el)
            assert el.get("href") in {f"#{a.get('id')}" for a in el.iterancestors() if a.get("id")} | \
                {f"#{s.get('id')}" for s in el.itersiblings(preceding=True) if s.get("id")}, lxml.html.tostring(el)
            continue
        assert el.tag in ("p", "span") and "annals" in (el.get("class") or ""), lxml.html.tostring(el)[:200]


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(bodies)
def test_rendered_text_equals_the_source(body):
    assume(usable(body))
    page, _ = page_for(body)
    html = to_html(page)
    assert visible_text(html.encode("utf-8")) == normalised(body)
    assert_only_renderer_markup(html)


@settings(max_examples=examples(100), deadline=None)
@given(st.text(chars, min_size=1, max_size=120).filter(lambda s: s.strip()))
def test_an_editors_title_is_shown_exactly(title):
    text = HEADER + "The body.\n"
    source = SourceFile(name="x.txt", raw=text.encode(), sha256="0" * 64, text=text, encoding_note=None)
    article, _ = parse_article(source, Sidecar(name="x.yml", data={"id": "a000001", "title": title}, lines={}), {})
    from annals.model import AnnotatedArticle

    html = to_html(render_article(AnnotatedArticle(article=article), site.context([], RenderConfig(), Archive.empty())))
    doc = lxml.html.fromstring(html)
    assert normalised(doc.cssselect("h1#title")[0].text_content()) == normalised(title)
    assert len(doc.cssselect("h1")) == 1


@pytest.mark.site
def test_a_real_build_shows_generated_bodies_exactly(tmp_path):
    """A handful of generated bodies through the real `annals build` (MkDocs + Material): one build."""
    found: list[str] = []

    @settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(bodies)
    def collect(body):
        if usable(body) and len(found) < 6:
            found.append(body)

    collect()
    assert found
    project = make_project(tmp_path / "p", archive=None)
    articles = project / "archive" / "articles"
    articles.mkdir(parents=True)
    (project / "archive" / "publishers.yml").write_text("[]\n", encoding="utf-8")
    for n, body in enumerate(found, start=1):
        (articles / f"gen{n}.txt").write_bytes((HEADER + body + "\n").encode("utf-8"))
        (articles / f"gen{n}.yml").write_text(f"id: a{n:06d}\n", encoding="utf-8")
    result = run_annals("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == f"{len(found)} sources -> {len(found)} article pages"
    for n, body in enumerate(found, start=1):
        html = (project / "site" / "articles" / f"a{n:06d}" / "index.html").read_bytes()
        assert visible_text(html) == normalised(body), n
        assert_only_renderer_markup(html.decode("utf-8"))
