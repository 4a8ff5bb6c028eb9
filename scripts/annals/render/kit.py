"""The render kit: what every page module shares, and nothing that is a page.

A page module (the article page, the browse pages, feeds, downloads, cite, search) imports this
module and :mod:`annals.render.html`; this module imports no page module, so the render stage has
no import cycle (``tests/test_imports.py`` keeps it so).  It holds:

* the settings and the context of a render (:class:`RenderConfig`, :class:`RenderContext`) and the
  feature lists a render runs (:class:`Features`; the site's own are ``annals.render.site.FEATURES``);
* the URL scheme of the site, the only place a page's URL is spelled (:func:`article_url`,
  :func:`official_url`, :func:`speaker_url`, :func:`election_url`, :func:`statement_url`, the lists' URLs,
  :func:`article_path`, :func:`page_path`, :func:`quote_url`, :func:`permalink`);
* dates (:func:`human_date`, :func:`newest_date`, :func:`by_date`, :func:`chronological`);
* the front matter of a generated page (:func:`front_matter`) and the folding box above an article's text (:func:`fold`);
* shared link helpers (:func:`wayback_url`, :func:`robust_link`, :func:`permalink`);
* the one vocabulary of quotation kinds shown to readers (:data:`KIND_TEXT`), and how a quotation with no
  speaker is shown (:func:`unattributed_html`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

import yaml

from annals.model import AnnotatedArticle, Archive
from annals.render import html as H
from annals.render.rawhtml import MARK as RAW_HTML_MARK

PER_PAGE = 50
"""Items per page of a paginated listing (``annals.render.listing``) unless a listing asks for another number."""
SITE_LANGUAGE = "en"
"""The language of the interface (mkdocs.yml ``theme.language``); a page of a source in another language
names that one in its front matter (``language``) and on its text (``lang``)."""

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")


# ---- settings and context ------------------------------------------------------------------

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
    edition_date: dt.date | None = None
    """Date of this edition of the archive: the archive copy's date in citations, the date of linking in
    Robust Links, the date of undated feed entries and of empty feeds.  The pipeline computes it once
    (``pipeline.edition_date``: ``SOURCE_DATE_EPOCH`` if set, else the newest article date; never the
    clock) and MkDocs dates the sitemap from the same day; None: :func:`default_edition_date`."""


MarkProvider = Callable[[AnnotatedArticle], Iterable[tuple[int, "H.Span"]]]
"""(record) -> (paragraph number, span) pairs: markup wrapped around exact characters of a paragraph
(quotations, editors' notes); spans may nest, never cross."""
SectionProvider = Callable[[AnnotatedArticle, "RenderContext"], str]
"""(record, context) -> HTML placed before (head) or after (tail) the source text of an article page."""
PageProvider = Callable[[list[AnnotatedArticle], "RenderContext"], "dict[str, str] | Iterable[tuple[str, str]]"]
"""(records, context) -> {docs path: text}, or (docs path, text) pairs yielded one at a time (for a provider
of many or large pages: the build writes each as it comes and holds none): whole pages and data files
(the records are the context's)."""
ArticleFilesProvider = Callable[[AnnotatedArticle, "RenderContext"], "dict[str, str] | Iterable[tuple[str, str]]"]
"""(record, context) -> {docs path: text} or pairs: files of one article made from what its page is made from
(the record, the records its page's ``deps`` name, the settings), kept with the page when those are unchanged."""
FrontMatterProvider = Callable[[AnnotatedArticle, "RenderContext"], dict]
"""(record, context) -> extra front-matter keys of the article page (tags, citation metadata)."""
DepsProvider = Callable[[AnnotatedArticle], Iterable[str]]
"""(record) -> IDs of the other articles whose records a section of the record's page shows (titles, dates,
quotations of related coverage): the page is rendered again when one of them changes (``site.article_inputs``)."""


@dataclass(frozen=True, slots=True)
class Features:
    """The feature lists a render runs, passed as a value (``annals.render.site.FEATURES`` is the site's).

    A lookup over every record (an index by ID, ...) is built once per render with
    :meth:`RenderContext.lookup`, never once per article or page: that would make rendering grow as N squared."""

    marks: tuple[MarkProvider, ...] = ()
    """Markup around exact characters of the article's paragraphs."""
    head: tuple[SectionProvider, ...] = ()
    """Sections before the source text of an article page."""
    tail: tuple[SectionProvider, ...] = ()
    """Sections after the source text of an article page."""
    front_matter: tuple[FrontMatterProvider, ...] = ()
    """Extra front-matter keys of an article page."""
    pages: tuple[PageProvider, ...] = ()
    """Whole pages and data files; no two may write the same path."""
    article_files: tuple[ArticleFilesProvider, ...] = ()
    """Files of one article beside its page (its citations, where search finds its quotations), made from
    the page's own inputs only (``tests/test_page_inputs.py`` renders them with only the declared records in
    the context and compares): a build that keeps an article's page keeps them too."""
    deps: tuple[DepsProvider, ...] = ()
    """The other articles an article page shows something of, one provider per section that reads other
    records; an article page reads nothing else of the other records (``tests/test_page_inputs.py`` renders
    every page with only these records in the context and compares)."""


T = TypeVar("T")


class CitationRenderer(Protocol):
    """What a render asks of its citations (``annals.render.csl.Citations``)."""

    def html(self, item: dict, style_key: str) -> str:
        """The entry of one CSL-JSON item in one style, as escaped HTML."""

    def date_change(self, style_key: str, old: dt.date, new: dt.date, site_name: str) -> tuple[str, str]:
        """How a web page's entry changes in a style from the date ``old`` to ``new`` (old text, new text)."""


@dataclass(frozen=True, slots=True)
class RenderContext:
    """What every renderer may read besides the records: settings and the gazetteers, and the
    lookups over all records that features build once per render (:meth:`lookup`)."""

    config: RenderConfig
    """Renderer settings."""
    archive: Archive
    """The loaded archive (officials, elections, publishers, word lists); ``Archive.empty()`` for a render
    that needs none."""
    records: tuple[AnnotatedArticle, ...] = ()
    """Every annotated record, by ID (for sections that cross-link articles)."""
    features: Features = Features()
    """The features this render runs (``annals.render.site.context`` gives the site's)."""
    citations: CitationRenderer | None = None
    """The rendered citations of this render (``annals.render.csl.Citations``; ``site.context`` gives one)."""
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


# ---- the URL scheme ------------------------------------------------------------------------
# Every site-relative URL of a generated page is made here, and nowhere else (tests/test_url_scheme.py reads the
# render modules and fails on a page URL spelled out in one of them).  A page's own sub-pages
# (``<url>page/2/``, ``<url>articles/``, ``<url>feed.xml``) are built on the URL returned here.

ARTICLES = "articles/"
"""The list of articles (paginated: ``articles/page/<n>/``)."""
OFFICIALS = "officials/"
"""The list of the gazetteer's people."""
SPEAKERS = "speakers/"
"""The list of unlisted speakers (quoted, not in the gazetteer)."""
ELECTIONS = "elections/"
"""The list of elections."""
QUOTES = "quotes/"
"""The quotations table (paginated; filtered by its query: ``quotes/?year=2020``)."""
STATEMENTS = "statements/"
"""The list of statements reported by more than one article."""


def article_url(article_id: str) -> str:
    """Site-relative permalink of an article's page: ``articles/<id>/`` (the ID alone is the address, so a
    retitle never moves it; ``Article.url`` is the same)."""
    return f"{ARTICLES}{article_id}/"


def official_url(person_id: str) -> str:
    """A gazetteer person's page: ``officials/<id>/``."""
    return f"{OFFICIALS}{person_id}/"


def speaker_url(slug: str) -> str:
    """An unlisted speaker's page: ``speakers/<slug>/`` (the slug made by ``browse.common.slug``)."""
    return f"{SPEAKERS}{slug}/"


def election_url(election_id: str) -> str:
    """An election's page: ``elections/<id>/``."""
    return f"{ELECTIONS}{election_id}/"


def page_path(url: str) -> str:
    """``docs/``-relative path of the page at a site-relative folder URL: ``officials/`` -> ``officials/index.md``."""
    return url + "index.md"


def article_path(rec: AnnotatedArticle) -> str:
    """``docs/``-relative path of an article's page: ``articles/<id>/index.md``, whose URL is the permalink
    ``articles/<id>/``.  (Not ``articles/<id>.md``, the same URL in MkDocs: Zensical resolves the relative
    links of a page against its source file's folder, which for an ``index.md`` is the page's own URL.)"""
    return page_path(article_url(rec.article.id))


def statement_url(statement_id: str) -> str:
    """Site-relative permalink of a statement's page (``statements/<id>/``, issue 22)."""
    return f"{STATEMENTS}{statement_id}/"


def quote_url(article_id: str, quote_id: str) -> str:
    """Site-relative permalink of a quotation: its article's page (``Article.url``, ``articles/<id>/``: the ID
    alone is the address) and its anchor."""
    return f"{article_url(article_id)}#{quote_id}"


def permalink(config: RenderConfig, path: str) -> str:
    """Absolute URL of a site-relative path (relative if the site has no ``site_url``)."""
    base = config.site_url
    return (base.rstrip("/") + "/" + path) if base else path


# ---- dates ---------------------------------------------------------------------------------

def human_date(date: dt.date | None) -> str:
    """``6 November 2024`` (locale-independent), or ``undated``."""
    if date is None:
        return "undated"
    return f"{date.day} {MONTH_NAMES[date.month - 1]} {date.year}"


def newest_date(records: Iterable[AnnotatedArticle]) -> dt.date | None:
    """The newest article date of the records, or None when none is dated."""
    return max((r.article.date for r in records if r.article.date), default=None)


NO_DATE_EDITION = dt.date(2000, 1, 1)
"""The edition date of an archive without a single dated article."""


def default_edition_date(records: Iterable[AnnotatedArticle]) -> dt.date:
    """The edition date when the environment gives none: the newest article date (``NO_DATE_EDITION``
    when no article is dated), so the same archive always has the same edition."""
    return newest_date(records) or NO_DATE_EDITION


def by_date(records: list[AnnotatedArticle]) -> list[AnnotatedArticle]:
    """Newest first; undated articles last, by ID."""
    dated = sorted((r for r in records if r.article.date), key=lambda r: (r.article.date, r.article.id), reverse=True)
    undated = sorted((r for r in records if not r.article.date), key=lambda r: r.article.id)
    return dated + undated


def chronological(records: list[AnnotatedArticle]) -> list[AnnotatedArticle]:
    """Oldest first; undated articles last, by ID."""
    return sorted(records, key=lambda r: (r.article.date is None, r.article.date or dt.date.min, r.article.id))


# ---- pages ---------------------------------------------------------------------------------

def front_matter(meta: dict) -> str:
    """YAML front matter block (keys in the given order, values plain YAML), then the line that
    marks the rest of the page as one raw HTML block (:data:`annals.render.rawhtml.MARK`)."""
    # libyaml's emitter when present (same YAML, ~10x faster: this runs once per page)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return ("---\n" + yaml.dump(meta, Dumper=dumper, sort_keys=False, allow_unicode=True, width=10_000)
            + "---\n\n" + RAW_HTML_MARK + "\n")


def fold(body: str, summary: str, css_class: str = "") -> str:
    """A box above an article's text (its facts, the editors' head) that is open, and starts folded on a
    narrow screen (``docs/assets/reading.js``; without JavaScript it stays open).  On a wide screen its
    summary line is hidden while it is open (``docs/assets/annals.css``).  ``summary`` is HTML."""
    cls = f" {css_class}" if css_class else ""
    return f'<details class="annals-fold{cls}" open><summary>{summary}</summary>{body}</details>'


# ---- links ---------------------------------------------------------------------------------

def wayback_url(url: str, date: dt.date | None) -> str:
    """Wayback Machine link for ``url`` near ``date`` (the archive redirects to the nearest capture)."""
    stamp = date.strftime("%Y%m%d") if date else "2"
    return f"https://web.archive.org/web/{stamp}/{H.safe_url(url)}"


def robust_link(url: str, version_date: dt.date | None, text_html: str, css_class: str = "") -> str:
    """A Robust Link (robustlinks.mementoweb.org) to an original: ``data-originalurl``, and, when a date
    is known, ``data-versionurl`` (the Wayback Machine's capture nearest that date) and ``data-versiondate``."""
    cls = f' class="{css_class}"' if css_class else ""
    url = H.safe_url(url)
    version = (f' data-versionurl="{H.attr(wayback_url(url, version_date))}" data-versiondate="{version_date.isoformat()}"'
               if version_date else "")
    return (f'<a{cls} href="{H.attr(url)}" rel="noopener nofollow" data-originalurl="{H.attr(url)}"{version}>'
            f'{text_html}</a>')


# ---- words ---------------------------------------------------------------------------------

KIND_TEXT = {
    "full": "direct quotation",
    "partial": "partial quotation",
    "scare": "term in quotation marks",
    "reported": "reported speech",
}
"""What each kind of quotation (``Quote.kind``) is called wherever a reader sees it: the quotation lists,
the quotations table and its filters, the search filters, the copy-link controls.  The one vocabulary."""


UNATTRIBUTED = "unattributed"
"""What a quotation whose speaker the text does not identify shows where a speaker's name would be."""


def unattributed_text(reason: str | None) -> str:
    """``unattributed (<reason>)`` in plain text (a ``title``, the line about a quotation); never a name."""
    return UNATTRIBUTED + (f" ({reason})" if reason else "")


def unattributed_html(reason: str | None) -> str:
    """The word "unattributed" where a speaker would be, with its reason (``Quote.unattributed_reason``)
    shown on hover and keyboard focus (CSS, ``quotes.css``) and always read by screen readers; never a
    guessed name.  The quotation list under an article, the quotations table and the browse pages."""
    if not reason:
        return f'<span class="annals-unattributed">{UNATTRIBUTED}</span>'
    return (f'<span class="annals-unattributed" tabindex="0">{UNATTRIBUTED}'
            f'<span class="annals-reason"> ({H.text(reason)})</span></span>')


def plural(n: int, word: str, many: str | None = None) -> str:
    """``1 quotation``, ``2 quotations``."""
    return f"{n} {word if n == 1 else (many or word + 's')}"
