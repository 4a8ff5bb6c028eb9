"""Stage 5, the renderer: annotated records -> the generated files of ``docs/``.

Pure: ``render(records, config, archive)`` returns a mapping of docs-relative path -> file text and
writes nothing.  This module assembles the site: it lists the features (:data:`FEATURES`, one line
each, each feature's rendering in its own module) and calls them; the pieces every feature shares
live in :mod:`annals.render.kit`, which imports no page module.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator

from annals.model import AnnotatedArticle, Archive, Article
from annals.render import cite, csl, downloads, feeds, statements
from annals.render import html as H
from annals.render.article import render_article
from annals.render.browse import coverage, quotes_page, timeline_page
from annals.render.browse import elections as browse_elections
from annals.render.browse import home as browse_home
from annals.render.browse import officials as browse_officials
from annals.render.browse import tags as browse_tags
from annals.render.editorial import annotations_page, editorial_head, editorial_marks, same_event_deps, notes_section
from annals.render.kit import (PER_PAGE, Features, RenderConfig, RenderContext, article_path, by_date,
                               default_edition_date, human_date)
from annals.render.listing import paginate
from annals.render.permalinks import permalink_marks
from annals.render.quotations import quote_marks, quotes_section
from annals.render.search import article_quote_file, page_facets
from annals.render import kit

FEATURES = Features(
    marks=(
        editorial_marks,  # editors' notes and corrections: highlighted words and a numbered marker (issues 9, 19)
        quote_marks,  # quotations: anchor, kind, who spoke on hover (issues 3, 19)
        permalink_marks,  # copy-link controls beside each quotation and paragraph (issue 5)
    ),
    head=(
        editorial_head,  # summary, context, provenance, reliability, date basis, same event (issue 9)
        page_facets,  # hidden Pagefind filters and metadata of the page (issue 6)
    ),
    tail=(
        notes_section,  # the numbered notes the markers open, below the text (issue 19)
        functools.partial(quotes_section, item_extra=cite.quote_cite,  # quotations with speakers (issue 3), each with its cite control (issues 5, 19)
                          about_extra=statements.quote_statement_link),  # and a link to its statement (issue 22)
        coverage.section,  # related coverage: same event, same statement (issue 4)
        cite.cite_section,  # cite section: the cite control, the citations file, BibTeX, RIS, CSL-JSON downloads (issues 5, 19)
    ),
    front_matter=(
        browse_tags.front_matter,  # official_tags, election_tags for Material's tags plugin (issue 4)
        cite.cite_front_matter,  # annals_cite: Highwire, Dublin Core, OpenGraph, JSON-LD for the head (issue 5)
    ),
    pages=(
        annotations_page,  # data/annotations.jsonld: W3C Web Annotations (issue 9)
        downloads.files,  # data/: articles, quotes, officials, elections as JSON, CSV, JSON Lines; datapackage.json; data.md (issue 5)
        feeds.pages,  # Atom feeds: feeds/articles.xml, officials/<id>/feed.xml, elections/<id>/feed.xml (issue 5)
        browse_officials.pages,  # officials/, officials/<id>/, speakers/ (issue 4)
        browse_elections.pages,  # elections/, elections/<id>/ with reaction timelines (issue 4)
        quotes_page.pages,  # quotes/: the quotations table, static filter pages by year and kind (issue 4)
        statements.pages,  # statements/<id>/: every report of one statement, wordings compared; statements/ (issue 22)
        timeline_page.pages,  # timeline/: reactions across elections (issue 4)
        browse_home.pages,  # index.md: counts, entry points, latest additions (issue 4)
    ),
    article_files=(
        cite.article_cite_files,  # cite/<id>.html (APA, MLA, Chicago from CSL-JSON), .bib, .ris, .json: each article's citations (issues 5, 19)
        article_quote_file,  # articles/<id>/quotes.json: where search finds each quotation in its article (issue 20)
    ),
    deps=(
        same_event_deps,  # the editors' same-event links show the other articles' titles (issue 9)
        coverage.deps,  # related coverage shows the other articles' titles, dates and quotations (issue 4)
    ),
)
"""The site's features.  A test or a preview may render with other features: they are a value."""

OTHER_MARKS = tuple(m for m in FEATURES.marks if m is not editorial_marks)
"""The marks the editorial check (``annals.link.editorial``) must not cross: every mark but the editors' own."""


def context(records: Iterable[AnnotatedArticle], config: RenderConfig, archive: Archive,
            features: Features = FEATURES, citations: csl.Citations | None = None) -> RenderContext:
    """The one context of a render: every record, by ID, and the citations (new ones unless given).
    A config without an edition date (a render outside the pipeline, which sets it) gets
    :func:`annals.render.kit.default_edition_date`."""
    ordered = tuple(sorted(records, key=lambda r: r.article.id))
    if config.edition_date is None:
        config = dataclasses.replace(config, edition_date=default_edition_date(ordered))
    return RenderContext(config=config, archive=archive, records=ordered, features=features,
                         citations=citations if citations is not None else csl.Citations())


def _article_link(from_url: str, a: Article) -> str:
    return (f'<a href="{H.rel(from_url, a.url)}">{H.text(a.title)}</a>'
            f' <span class="annals-basis">— {H.text(a.publisher or "publisher unknown")}, {human_date(a.date)}</span>')


def render_article_index(records: list[AnnotatedArticle], per_page: int = PER_PAGE) -> dict[str, str]:
    """``articles/`` and ``articles/page/<n>/``: every article by date, newest first, paginated."""
    intro = f'<p>{len(records)} articles, newest first.</p>'
    return paginate(kit.ARTICLES, by_date(records), lambda url, r: _article_link(url, r.article),
                    title="Articles", intro_html=intro, per_page=per_page, heading_id="articles")


def render_articles(subset: Iterable[AnnotatedArticle], records: list[AnnotatedArticle] | tuple[AnnotatedArticle, ...],
                    config: RenderConfig, archive: Archive, features: Features = FEATURES,
                    citations: csl.Citations | None = None) -> dict[str, str]:
    """The pages of the articles in ``subset`` exactly as ``render(records, config, archive)`` writes them
    (the same context: every record), without the rest of the site (``annals serve``'s first step)."""
    ctx = context(records, config, archive, features, citations)
    return {article_path(rec): render_article(rec, ctx) for rec in sorted(subset, key=lambda r: r.article.id)}


def article_deps(rec: AnnotatedArticle, features: Features = FEATURES) -> tuple[str, ...]:
    """The other articles whose records the page of ``rec`` shows something of (``Features.deps``), sorted."""
    return tuple(sorted({i for deps in features.deps for i in deps(rec)} - {rec.article.id}))


def article_inputs(rec: AnnotatedArticle, ctx: RenderContext, digests: dict[str, bytes]) -> str:
    """A digest of everything the page of ``rec`` is made from besides the code: the record, the records of
    the articles it shows something of (:func:`article_deps`), the settings and the gazetteers.  Two renders
    whose inputs agree give the same page.  ``digests``: a digest of each record by ID (equal records, equal
    digests: the caller's, made once per build)."""
    h = hashlib.sha256(ctx.lookup(_context_digest))
    h.update(digests[rec.article.id])
    for other in article_deps(rec, ctx.features):
        h.update(other.encode() + b"\0" + digests.get(other, b"missing"))
    return h.hexdigest()


def _context_digest(ctx: RenderContext) -> bytes:
    """The settings and the gazetteers (the archive without its sources, as loaded: its ``repr`` is the same
    from run to run for the same files) of a render."""
    plain = (ctx.config, dataclasses.replace(ctx.archive, root="", sources=()))
    return hashlib.sha256(repr(plain).encode("utf-8")).digest()


def render_iter(records: list[AnnotatedArticle], config: RenderConfig, archive: Archive,
                features: Features = FEATURES, citations: csl.Citations | None = None,
                unchanged: Callable[[str, str], bool] | None = None,
                digests: dict[str, bytes] | None = None,
                rendered: Callable[[str, tuple[str, ...]], None] | None = None) -> Iterator[tuple[str, str | None]]:
    """Every generated file of ``docs/`` as (path relative to ``docs/``, text), one at a time, so that a
    build can write each as it comes and never hold the whole site: each article page followed by its
    files (``Features.article_files``), the article index, then each page provider's files (a provider may
    return a mapping or yield pairs).  ``citations``: as for :func:`render`.  ``unchanged(path, inputs)`` is
    asked before each article page is rendered, with the digest of its inputs (:func:`article_inputs`, from
    the records' ``digests``); where it answers True neither the page nor its files are rendered and
    ``(path, None)`` comes instead (the caller kept the page and the files rendered from those inputs).
    ``rendered(path, files)`` is told, once an article page and its files have been taken, the paths of its
    files."""
    ctx = context(records, config, archive, features, citations)
    for rec in ctx.records:
        path = article_path(rec)
        if unchanged is not None and unchanged(path, article_inputs(rec, ctx, digests)):
            yield path, None
            continue
        yield path, render_article(rec, ctx)
        files = []
        for provider in features.article_files:
            out = provider(rec, ctx)
            for rel, text in (out.items() if isinstance(out, dict) else out):
                files.append(rel)
                yield rel, text
        if rendered is not None:
            rendered(path, tuple(files))
    yield from render_article_index(list(records), config.per_page).items()
    for provider in features.pages:
        out = provider(list(records), ctx)
        yield from (out.items() if isinstance(out, dict) else out)


def render(records: list[AnnotatedArticle], config: RenderConfig, archive: Archive,
           features: Features = FEATURES, citations: csl.Citations | None = None) -> dict[str, str]:
    """Every generated file of ``docs/``: path relative to ``docs/`` -> text; ``citations``: renderings made
    beforehand (the pipeline's, from its cache), else made as the pages ask for them."""
    out: dict[str, str] = {}
    for path, text in render_iter(records, config, archive, features, citations):
        if path in out:
            raise ValueError(f"two renderers claim docs/{path}")
        out[path] = text
    return out
