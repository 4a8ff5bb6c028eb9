"""Search (issue 6): what Pagefind indexes besides the built pages.  Pure.

Pagefind runs after MkDocs over ``site/`` (``build.run_pagefind``, the I/O).  It indexes only
what sits inside ``data-pagefind-body`` (an article's source text, ``render.py``), so nav,
footer, cite boxes, editorial heads and the quotations list stay out; annotations inside the
text (speaker labels, editors' notes) carry ``data-pagefind-ignore``.

* ``page_facets``: a HEAD_SECTION.  A hidden block on every article page carrying the page's
  filters (``data-pagefind-filter``: official, election, year, publisher, kind=article) and
  its metadata (``data-pagefind-meta``: date, publisher).  Pagefind reads filters and metadata
  anywhere on the page, also inside ``data-pagefind-ignore``.
* ``quote_records``: one ``SearchRecord`` per quotation (full, partial, reported; terms in
  quotation marks have no speaker and are left out), with the quotation's permalink
  (``/articles/<id>/#<quote id>``) as its URL, so a hit lands on the very quotation.
* ``record_page`` / ``record_path``: how a record reaches Pagefind, as a small HTML page whose path
  under a temporary folder is its URL (``articles/<id>/#<quote id>``), read with ``AddDir``
  (``search_index.index_files`` says why not ``AddRecord``).

Filter names are ``FILTERS``; the search page and the header box read the same names from
the URL (``search/?q=...&official=...``).
"""

from __future__ import annotations

from dataclasses import dataclass

from annals.model import AnnotatedArticle
from annals.render import html as H
from annals.render.browse.common import Index, index_of
from annals.render.kit import KIND_TEXT, human_date

FILTERS = ("official", "election", "year", "publisher", "kind")
"""Pagefind filter names, in the order the search page shows them."""
ARTICLE_KIND = "article"
"""The ``kind`` filter value of an article page (a quotation's kind is its ``KIND_TEXT``)."""
INDEXED_KINDS = ("full", "partial", "reported")
"""Quote kinds indexed as records of their own."""
LANGUAGE = "en"
"""The language of every record (the site is English; one index)."""
PAGES = "articles/*/index.html"
"""The built pages Pagefind reads (a glob under ``site/``): the article pages, the only ones with
``data-pagefind-body`` (``render.py``; listings such as ``articles/page/2/`` lie a level deeper).
Any other page would be read and then skipped for want of that attribute."""
UNUSED_FILES = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
"""Pagefind's ready-made interfaces and highlighter, which the site does not use (``docs/assets/search.js``
talks to ``pagefind.js`` directly): not written, ~420 KB less per site."""


@dataclass(frozen=True, slots=True)
class SearchRecord:
    """A record Pagefind indexes besides the built pages (as a page of its own, ``record_page``)."""

    url: str
    """Result URL, from the site root, as Pagefind writes page URLs (``/articles/a000001/#q-...``)."""
    content: str
    """The indexed text: the quotation's words."""
    meta: tuple[tuple[str, str], ...]
    """Shown with the result: ``title`` (the article's), ``speaker``, ``date``, ``publisher``, ``kind``, ``quote``."""
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    """Filter name -> values (``FILTERS``)."""


def _year(rec: AnnotatedArticle) -> tuple[str, ...]:
    return (str(rec.article.date.year),) if rec.article.date else ()


def article_filters(rec: AnnotatedArticle, index) -> dict[str, tuple[str, ...]]:
    """An article's filter values: officials and elections it concerns (names), year, publisher."""
    return {
        "official": tuple(sorted({index.officials[i].name for i in index.article_officials(rec)})),
        "election": tuple(index.elections[i].title for i in index.article_elections(rec)),
        "year": _year(rec),
        "publisher": (rec.article.publisher,) if rec.article.publisher else (),
    }


def _date_text(rec: AnnotatedArticle) -> str:
    return human_date(rec.article.date) if rec.article.date else ""


def page_facets(rec: AnnotatedArticle, ctx) -> str:
    """Hidden filters and metadata of an article page, read by Pagefind (a HEAD_SECTION)."""
    filters = article_filters(rec, index_of(ctx))
    filters["kind"] = (ARTICLE_KIND,)
    parts = []
    for name in FILTERS:
        for value in filters.get(name, ()):
            parts.append(f'<span data-pagefind-filter="{name}">{H.text(value)}</span>')
    meta = {"date": _date_text(rec), "publisher": rec.article.publisher or "", "kind": ARTICLE_KIND}
    for name, value in meta.items():
        if value:
            parts.append(f'<span data-pagefind-meta="{name}">{H.text(value)}</span>')
    return f'<div class="annals-search-facets" hidden data-pagefind-ignore>{"".join(parts)}</div>'


RECORD_GLOB = "articles/*/#*"
"""Where ``record_path`` puts the quotation pages, as a glob under their folder (for Pagefind's ``AddDir``)."""


def record_path(record: SearchRecord) -> str:
    """Where a record's page goes, relative to the folder Pagefind reads: its URL without the
    leading ``/`` (``articles/a000001/#q-0123456789``).  Pagefind gives a page read from a folder
    the URL of its path in that folder, so this file's result URL is the record's own, ``#`` and all.

    Raises ValueError for a URL that is not ``/articles/<id>/#<quote id>`` (one folder, one anchor,
    nothing that could leave the folder, no ``index.html``, which Pagefind cuts out of URLs)."""
    path = record.url.removeprefix("/")
    parts = path.split("/")
    if (not record.url.startswith("/") or len(parts) != 3 or parts[0] != "articles"
            or not parts[2].startswith("#") or path.count("#") != 1 or "index.html" in path
            or any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in (parts[1], parts[2][1:]))):
        raise ValueError(f"not a quotation permalink: {record.url!r}")
    return path


def record_page(record: SearchRecord) -> str:
    """The HTML Pagefind reads for a record: the quotation's words as the page body (an inline
    element, so Pagefind adds no sentence stop after them), its metadata and filters in the
    element-text form (``data-pagefind-meta="speaker"``), everything escaped (``html.text``).

    Pagefind indexes it as it indexed the record sent with ``AddRecord`` (same URL, words, metadata
    and filters), except that metadata and filter values come out trimmed with runs of whitespace
    made one space (as the article pages' own, ``page_facets``), and control characters such as
    U+0007 as their pictures (as the article page shows them)."""
    parts = [f'<span data-pagefind-body>{H.text(record.content)}</span>']
    parts += [f'<span data-pagefind-meta="{H.attr(k)}">{H.text(v)}</span>' for k, v in record.meta]
    parts += [f'<span data-pagefind-filter="{H.attr(k)}">{H.text(v)}</span>' for k, vs in record.filters for v in vs]
    return f'<!DOCTYPE html><html lang="{LANGUAGE}"><body>{"".join(parts)}</body></html>\n'


def quote_records(records: list[AnnotatedArticle] | tuple[AnnotatedArticle, ...], archive) -> tuple[SearchRecord, ...]:
    """One record per quotation (``INDEXED_KINDS``), in the order of the quotations table."""
    index = Index(list(records), archive)
    filters_of = {r.article.id: article_filters(r, index) for r in index.records}
    out = []
    for row in index.rows:
        q, rec = row.quote, row.record
        if q.kind not in INDEXED_KINDS or not q.text.strip():
            continue
        base = filters_of[rec.article.id]
        official = (row.speaker.name,) if row.speaker and row.speaker.official else ()
        filters = (("official", official), ("election", base["election"]), ("year", base["year"]),
                   ("publisher", base["publisher"]), ("kind", (KIND_TEXT[q.kind],)))
        meta = [("title", rec.article.title), ("speaker", row.speaker.name if row.speaker else (q.speaker or "")),
                ("date", _date_text(rec)), ("publisher", rec.article.publisher or ""), ("kind", KIND_TEXT[q.kind]),
                ("quote", q.id)]
        out.append(SearchRecord(url=f"/{rec.article.url}#{q.anchor}", content=q.text,
                                meta=tuple((k, v) for k, v in meta if v),
                                filters=tuple((k, v) for k, v in filters if v)))
    return tuple(out)
