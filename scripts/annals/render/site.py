"""Stage 4, the renderer: annotated records -> the generated files of ``docs/``.

Pure: ``render(records, config, archive)`` returns a mapping of docs-relative path -> file text and
writes nothing.  Each generated page is a Markdown file with YAML front matter whose body
is one raw HTML block built with :mod:`annals.render.html`, so that no source text is ever read
as Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

import yaml

from annals.render import cite
from annals.render import html as H
from annals.render.rawhtml import MARK as RAW_HTML_MARK
from annals.render.quotations import quote_marks, quotes_section
from annals.render.editorial import annotations_page, editorial_head, editorial_marks
from annals.render.listing import PER_PAGE, paginate
from annals.render.permalinks import permalink_marks
from annals.model import AnnotatedArticle, Archive, Article, Paragraph

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")
DATE_BASIS_TEXT = {
    "source": "stated in the source",
    "editor": "given by an editor",
    "missing": "not stated in the source",
}
TITLE_BASIS_TEXT = {
    "source": None,
    "editor": "Title supplied by an editor: the source has none.",
    "derived": "Untitled in the source: this title is the opening words, pending an editor.",
}


@dataclass(frozen=True, slots=True)
class RenderConfig:
    """Settings of the renderer that do not come from the archive."""

    site_name: str = "Annals"
    """Name of the site, used in page text."""
    latest_count: int = 10
    """How many of the newest articles the home page lists."""
    per_page: int = PER_PAGE
    """Items per page of the paginated listings (``listing.paginate``)."""
    site_url: str = ""
    """The site's address ending in ``/`` (``site_url`` of mkdocs.yml), for absolute links in citations, feeds
    and data files; empty when unknown (links then stay site-relative)."""
    archive_date: dt.date | None = None
    """Date of this edition of the archive (cited as the archive copy's date; the date of linking in
    Robust Links).  ``build`` sets it from ``SOURCE_DATE_EPOCH`` or else the newest article date, never
    from the clock; None: the newest article date."""


def human_date(date: dt.date | None) -> str:
    """``6 November 2024`` (locale-independent), or ``undated``."""
    if date is None:
        return "undated"
    return f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}"


def front_matter(meta: dict) -> str:
    """YAML front matter block (keys in the given order, values plain YAML), then the line that
    marks the rest of the page as one raw HTML block (:data:`annals.render.rawhtml.MARK`)."""
    # libyaml's emitter when present (same YAML, ~10x faster: this runs once per page)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return ("---\n" + yaml.dump(meta, Dumper=dumper, sort_keys=False, allow_unicode=True, width=10_000)
            + "---\n\n" + RAW_HTML_MARK + "\n")


def wayback_url(url: str, date: dt.date | None) -> str:
    """Wayback Machine link for ``url`` near ``date`` (the archive redirects to the nearest capture)."""
    stamp = date.strftime("%Y%m%d") if date else "2"
    return f"https://web.archive.org/web/{stamp}/{H.safe_url(url)}"


# ---- extension points -------------------------------------------------------------------
# Each feature keeps its rendering in its own module and is listed here, one line each, so
# that this module stays the one place that assembles a page.
#
# MARK_PROVIDERS: (record) -> iterable of (paragraph number, Span): markup wrapped around exact
#   characters of a paragraph (quotations, editors' notes); spans may nest, never cross.
# HEAD_SECTIONS / TAIL_SECTIONS: (record, context) -> HTML placed before / after the source text
#   (summary, provenance / cite box, related coverage).
# PAGE_PROVIDERS: (records, context) -> {docs path: text}: whole pages and data files; the records are
#   the context's.  A lookup over every record (an index by ID, ...) is built once per render with
#   ``context.lookup``, never once per article or page: that would make rendering grow as N squared.
# FRONT_MATTER: (record, context) -> dict of extra front-matter keys of the article page (tags).
# REPLACEABLE: core pages that a page provider may supply instead (the home page).
MarkProvider = Callable[[AnnotatedArticle], Iterable[tuple[int, "H.Span"]]]
SectionProvider = Callable[[AnnotatedArticle, "RenderContext"], str]
PageProvider = Callable[[list[AnnotatedArticle], "RenderContext"], dict[str, str]]

from annals.render.browse import (coverage, elections as browse_elections, home as browse_home, officials as
                                  browse_officials)  # noqa: E402,I001
from annals.render.browse import quotes_page, tags as browse_tags, timeline_page  # noqa: E402,I001
from annals.render.search import page_facets  # noqa: E402,I001
from annals.render import downloads, feeds  # noqa: E402,I001

MARK_PROVIDERS: tuple[MarkProvider, ...] = (
    editorial_marks,  # editors' notes and corrections (issue 9)
    quote_marks,  # quotations: anchor, kind, speaker label (issue 3)
    permalink_marks,  # copy-link controls beside each quotation and paragraph (issue 5)
)
HEAD_SECTIONS: tuple[SectionProvider, ...] = (
    editorial_head,  # summary, context, provenance, reliability, date basis, same event (issue 9)
    page_facets,  # hidden Pagefind filters and metadata of the page (issue 6)
)
TAIL_SECTIONS: tuple[SectionProvider, ...] = (
    functools.partial(quotes_section, item_extra=cite.quote_cite),  # quotations with speakers (issue 3), each with its cite (issue 5)
    coverage.section,  # related coverage: same event, same statement (issue 4)
    cite.cite_box,  # cite box: APA, MLA, Chicago from CSL-JSON; BibTeX, RIS, CSL-JSON downloads (issue 5)
)
PAGE_PROVIDERS: tuple[PageProvider, ...] = (
    annotations_page,  # data/annotations.jsonld: W3C Web Annotations (issue 9)
    downloads.files,  # data/: articles, quotes, officials, elections as JSON, CSV, JSON Lines; datapackage.json; data.md (issue 5)
    feeds.pages,  # Atom feeds: feeds/articles.xml, officials/<id>/feed.xml, elections/<id>/feed.xml (issue 5)
    browse_officials.pages,  # officials/, officials/<id>/, speakers/ (issue 4)
    browse_elections.pages,  # elections/, elections/<id>/ with reaction timelines (issue 4)
    quotes_page.pages,  # quotes/: the quotations table, static filter pages by year and kind (issue 4)
    timeline_page.pages,  # timeline/: reactions across elections (issue 4)
    cite.cite_files,  # cite/<id>.bib, .ris, .json: each article's citation downloads (issue 5)
    browse_home.pages,  # index.md: counts, entry points, latest additions (issue 4; replaces the plain home)
)
FRONT_MATTER: tuple[Callable[[AnnotatedArticle, "RenderContext"], dict], ...] = (
    browse_tags.front_matter,  # official_tags, election_tags for Material's tags plugin (issue 4)
    cite.cite_front_matter,  # annals_cite: Highwire, Dublin Core, OpenGraph, JSON-LD for the head (issue 5)
)
REPLACEABLE = frozenset({"index.md"})


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What every renderer may read besides the records: settings and the gazetteers, and the
    lookups over all records that features build once per render (:meth:`lookup`)."""

    config: RenderConfig
    """Renderer settings."""
    archive: Archive | None
    """The loaded archive (officials, elections, publishers); None in unit tests that need none."""
    records: tuple[AnnotatedArticle, ...] = ()
    """Every annotated record, by ID (for sections that cross-link articles)."""
    _lookups: dict = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)
    """``build`` function -> what it built from this context (see :meth:`lookup`)."""

    def lookup(self, build: Callable[["RenderContext"], T]) -> T:
        """``build(self)``, built on the first call and kept for the life of this context.

        For lookups over every record or gazetteer entry (an index by ID, the same-event links):
        a renderer called once per article must not rebuild them, or rendering grows as N squared.
        ``build`` must depend only on the context (``config``, ``archive``, ``records``)."""
        try:
            return self._lookups[build]
        except KeyError:
            value = self._lookups[build] = build(self)
            return value


def paragraph_marks(rec: AnnotatedArticle) -> dict[int, list[H.Span]]:
    """Every provider's marks, grouped by paragraph number."""
    marks: dict[int, list[H.Span]] = {}
    for provider in MARK_PROVIDERS:
        for n, span in provider(rec):
            marks.setdefault(n, []).append(span)
    return marks


def _paragraph(p: Paragraph, marks: list) -> str:
    return f'<p id="p{p.n}" class="annals-p">{H.spans(p.text, marks)}</p>'


def robust_link(url: str, version_date: dt.date | None, text_html: str, css_class: str = "") -> str:
    """A Robust Link (robustlinks.mementoweb.org) to an original: ``data-originalurl``, and, when a date
    is known, ``data-versionurl`` (the Wayback Machine's capture nearest that date) and ``data-versiondate``."""
    cls = f' class="{css_class}"' if css_class else ""
    url = H.safe_url(url)
    version = (f' data-versionurl="{H.attr(wayback_url(url, version_date))}" data-versiondate="{version_date.isoformat()}"'
               if version_date else "")
    return (f'<a{cls} href="{H.attr(url)}" rel="noopener nofollow" data-originalurl="{H.attr(url)}"{version}>'
            f'{text_html}</a>')


def _meta_box(a: Article, linked_on: dt.date | None = None) -> str:
    """The article's facts; ``linked_on``: the date of this edition, the version date of an undated original."""
    rows = []
    date_html = (f'<time datetime="{a.date.isoformat()}">{human_date(a.date)}</time>' if a.date else "Undated")
    basis = DATE_BASIS_TEXT[a.date_basis]
    note = f" — {H.text(a.date_text)}" if a.date_basis == "editor" and a.date_text else ""
    rows.append(("Date", f'{date_html} <span class="annals-basis">({basis}{note})</span>'))
    rows.append(("Publisher", H.text(a.publisher) if a.publisher else '<span class="annals-basis">unknown</span>'))
    if a.byline:
        rows.append(("Byline", H.text(a.byline)))
    if a.original_url:
        version_date = a.date or linked_on
        link = robust_link(a.original_url, version_date, H.text(a.original_url), "annals-original")
        link += (f' (<a href="{H.attr(wayback_url(a.original_url, version_date))}" rel="noopener nofollow">'
                 f'archived copy</a>)')
        if a.url_repair:
            link += (f'<br><span class="annals-basis">Repaired: the source has <code>{H.text(a.url_repair.found)}</code>; '
                     f'{H.text(a.url_repair.reason)}.</span>')
        rows.append(("Original", link))
    else:
        rows.append(("Original", '<span class="annals-basis">no URL in the source</span>'))
    rows.append(("Source file", f'<code>{H.text(a.source_file)}</code>, SHA-256 <code class="annals-sha">{a.sha256}</code>'))
    if a.encoding_note:
        rows.append(("Encoding", H.text(a.encoding_note)))
    cells = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<dl class="annals-meta">{cells}</dl>'


def render_article(rec: AnnotatedArticle, ctx: RenderContext | None = None) -> str:
    """The page of one article."""
    a = rec.article
    meta = {
        "id": a.id,
        "title": H.attr(a.title),  # the theme prints page titles unescaped: give it HTML
        "title_basis": a.title_basis,
        "date": a.date.isoformat() if a.date else None,
        "date_basis": a.date_basis,
        "publisher": a.publisher,
        "original_url": a.original_url and H.safe_url(a.original_url),
        "source_file": a.source_file,
        "sha256": a.sha256,
        "officials": list(rec.officials),
        "elections": list(rec.elections),
    }
    if ctx is not None:
        for provider in FRONT_MATTER:
            meta.update(provider(rec, ctx))
    parts = [f'<article class="annals-article" data-article-id="{a.id}">',
             f'<h1 id="title">{H.text(a.title)}</h1>']
    if TITLE_BASIS_TEXT[a.title_basis]:
        parts.append(f'<p class="annals-editorial annals-title-basis">{TITLE_BASIS_TEXT[a.title_basis]}</p>')
    parts.append(_meta_box(a, cite.archive_date(ctx) if ctx is not None else None))
    if ctx is not None:
        parts.extend(section(rec, ctx) for section in HEAD_SECTIONS)
    if a.caption or a.credit:
        caption = H.text(a.caption) if a.caption else ""
        credit = f' <span class="annals-credit">{H.text(a.credit)}</span>' if a.credit else ""
        parts.append(f'<figure class="annals-photo"><figcaption>{caption}{credit}</figcaption></figure>')
    parts.append('<div class="annals-source" data-pagefind-body>')
    marks = paragraph_marks(rec)
    parts.extend(_paragraph(p, marks.get(p.n, [])) for p in a.paragraphs)
    for line in a.closing:
        parts.append(f'<p class="annals-closing">{H.text(line)}</p>')
    parts.append("</div>")
    if a.related:
        items = "".join(f"<li>{H.text(t)}</li>" for t in a.related)
        parts.append(f'<section class="annals-related"><h2 id="related-in-source">Related articles named in the source</h2>'
                     f"<ul>{items}</ul></section>")
    if ctx is not None:
        parts.extend(section(rec, ctx) for section in TAIL_SECTIONS)
    parts.append("</article>")
    return front_matter(meta) + "\n".join(parts) + "\n"


def _article_link(from_url: str, a: Article) -> str:
    return (f'<a href="{H.rel(from_url, a.url)}">{H.text(a.title)}</a>'
            f' <span class="annals-basis">— {H.text(a.publisher or "publisher unknown")}, {human_date(a.date)}</span>')


def by_date(records: list[AnnotatedArticle]) -> list[AnnotatedArticle]:
    """Newest first; undated articles last, by ID."""
    dated = sorted((r for r in records if r.article.date), key=lambda r: (r.article.date, r.article.id), reverse=True)
    undated = sorted((r for r in records if not r.article.date), key=lambda r: r.article.id)
    return dated + undated


def render_article_index(records: list[AnnotatedArticle], per_page: int = PER_PAGE) -> dict[str, str]:
    """``articles/`` and ``articles/page/<n>/``: every article by date, newest first, paginated."""
    intro = f'<p>{len(records)} articles, newest first.</p>'
    return paginate("articles/", by_date(records), lambda url, r: _article_link(url, r.article),
                    title="Articles", intro_html=intro, per_page=per_page, heading_id="articles")


def render_home(records: list[AnnotatedArticle], config: RenderConfig) -> str:
    """``index.md``: what the archive holds and the articles by date."""
    ordered = by_date(records)
    items = "".join(f"<li>{_article_link('', r.article)}</li>" for r in ordered[: config.latest_count])
    body = (
        f'<h1 id="annals">{H.text(config.site_name)}</h1>'
        "<p>An annotated, citable archive of what Russian officials said about US presidential elections. "
        "Each article is reproduced word for word from its source, with its provenance and checksum; "
        "annotations sit beside the text, never inside it.</p>"
        f'<p>The archive holds {len(records)} articles.</p>'
        f'<h2 id="latest">Articles by date</h2><ul class="annals-list">{items}</ul>'
        f'<p><a href="articles/">All articles</a></p>'
    )
    return front_matter({"title": H.attr(config.site_name), "hide": ["navigation", "toc"]}) + body + "\n"


def dump_json(data: object) -> str:
    """Stable JSON text: sorted keys where the data is a mapping, UTF-8, newline at the end."""
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def article_path(rec: AnnotatedArticle) -> str:
    """``docs/``-relative path of an article's page."""
    return f"articles/{rec.article.id}.md"


def _context(records: Iterable[AnnotatedArticle], config: RenderConfig, archive: Archive | None) -> RenderContext:
    """The one context of a render: every record, by ID."""
    return RenderContext(config=config, archive=archive, records=tuple(sorted(records, key=lambda r: r.article.id)))


def render_articles(subset: Iterable[AnnotatedArticle], records: list[AnnotatedArticle] | tuple[AnnotatedArticle, ...],
                    config: RenderConfig = RenderConfig(), archive: Archive | None = None) -> dict[str, str]:
    """The pages of the articles in ``subset`` exactly as ``render(records, config, archive)`` writes them
    (the same context: every record), without the rest of the site (``annals serve``'s first step)."""
    ctx = _context(records, config, archive)
    return {article_path(rec): render_article(rec, ctx) for rec in sorted(subset, key=lambda r: r.article.id)}


def render(records: list[AnnotatedArticle], config: RenderConfig = RenderConfig(),
           archive: Archive | None = None) -> dict[str, str]:
    """Every generated file of ``docs/``: path relative to ``docs/`` -> text."""
    ctx = _context(records, config, archive)
    out: dict[str, str] = {}
    for rec in sorted(records, key=lambda r: r.article.id):
        out[article_path(rec)] = render_article(rec, ctx)
    out.update(render_article_index(records, config.per_page))
    out["index.md"] = render_home(records, config)
    replaced: set[str] = set()
    for provider in PAGE_PROVIDERS:
        for path, text in provider(list(records), ctx).items():
            if path in out and (path not in REPLACEABLE or path in replaced):
                raise ValueError(f"two renderers claim docs/{path}")
            replaced.add(path)
            out[path] = text
    return out
