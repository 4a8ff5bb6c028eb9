"""Search (issue 6; issue 20, item 3): what Pagefind indexes of an article page, and what search.js
needs beside it.  Pure.

Pagefind runs after MkDocs over ``site/`` (``publish/pagefind.py``, the I/O) and indexes each article
page as one record: only what sits inside ``data-pagefind-body`` (the source text, ``render/article.py``),
so nav, footer, cite sections, editorial heads and the quotations list stay out; annotations inside the
text carry ``data-pagefind-ignore``.

Quotations are not records of their own (they were, one small page each: ~90 % of Pagefind's input and
of ``pf_meta``, which every first search downloads whole).  They are found *inside* their article's
record: every element with an ``id`` in the body is one of Pagefind's anchors, with its word position
(``location``) in the page's content, so each quotation's anchor (``id="q-..."``) tells where its words
start, and ``quote_entries`` tells how many words follow.  ``docs/assets/search.js`` turns a matching
article into results for the quotations whose words hold the match, each linking to its anchor.

* ``page_facets``: a HEAD_SECTION.  A hidden block on every article page with the page's filters
  (``data-pagefind-filter``: official, election, year, publisher, kind: ``article`` plus the kinds of
  its quotations, and language: the source's, by name) and the metadata shown with a result (``data-pagefind-meta``: date, publisher).
  Pagefind reads filters and metadata anywhere on the page, also inside ``data-pagefind-ignore``.
  Pagefind 1.5 makes every metadata value searchable, so nothing else goes there.
* ``article_quote_file``: an ARTICLE_FILES provider writing ``articles/<id>/quotes.json`` beside each article page:
  ``quote_entries``, which ``search.js`` fetches for the articles it shows (not metadata: its words,
  "direct", "quotation", numbers, would match every page).

Filter names are ``FILTERS``; the search page and the header box read the same names from the URL
(``search/?q=...&official=...``).
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator

from annals.model import AnnotatedArticle, Quote
from annals.render import html as H
from annals.render.browse.common import Index, index_of
from annals.render.kit import KIND_TEXT, SITE_LANGUAGE, human_date, statement_url
from annals.render.languages import language_name
from annals.render.statements import outlets, statement_index
from annals.render.quotations import MARKS

FILTERS = ("official", "election", "year", "publisher", "kind", "language")
"""Pagefind filter names, in the order the search page shows them."""
ARTICLE_KIND = "article"
"""The ``kind`` filter value of an article page (a quotation's kind is its ``KIND_TEXT``)."""
INDEXED_KINDS = ("full", "partial", "reported")
"""Quote kinds that search finds as results of their own."""
LANGUAGE = SITE_LANGUAGE
"""The language of a page whose article has none.  Pagefind files each page under the index of its
``<html lang>`` (one index per language, each stemmed for its language: a Russian source's page, whose
``<html lang>`` is ``ru``, with the Snowball Russian stemmer); ``docs/assets/search.js`` searches them all
(doc/russian.md)."""
PAGES = "articles/*/index.html"
"""The built pages Pagefind reads (a glob under ``site/``): the article pages, the only ones with
``data-pagefind-body`` (``render/article.py``; listings such as ``articles/page/2/`` lie a level deeper).
Any other page would be read and then skipped for want of that attribute."""
STATEMENT_PAGES = "statements/s*/index.html"
"""The statement pages (issue 22), Pagefind records of their own: ``data-pagefind-body`` on the statement
(``render/statements.statement_page``), indexed in a shard of their own (``publish/pagefind.py``)."""
UNUSED_FILES = ("pagefind-ui.", "pagefind-modular-ui.", "pagefind-component-ui.", "pagefind-highlight.")
"""Pagefind's ready-made interfaces and highlighter, which the site does not use (``docs/assets/search.js``
talks to ``pagefind.js`` directly): not written, ~420 KB less per site."""


def _year(rec: AnnotatedArticle) -> tuple[str, ...]:
    return (str(rec.article.date.year),) if rec.article.date else ()


def article_filters(rec: AnnotatedArticle, index) -> dict[str, tuple[str, ...]]:
    """An article's filter values: officials (those it concerns and those it quotes) and elections it
    concerns (names), year, publisher."""
    return {
        "official": tuple(sorted({index.officials[i].name for i in index.article_officials(rec)})),
        "election": tuple(index.elections[i].title for i in index.article_elections(rec)),
        "year": _year(rec),
        "publisher": (rec.article.publisher,) if rec.article.publisher else (),
        "language": (language_name(rec.article.language or LANGUAGE),),
    }


def _date_text(rec: AnnotatedArticle) -> str:
    return human_date(rec.article.date) if rec.article.date else ""


# ---- where a quotation's words are, in Pagefind's word positions ------------------------------
# Pagefind splits the text of a page's body at white space (Rust's ``split_whitespace``), numbers the
# words from 0, drops a word that is nothing but zero-width spaces, and also splits at the start of
# every element with an id (it puts a marker there, with spaces around it).  The only such elements
# inside our source text are the quotations' anchors, so the words are counted here the same way.

_WORD = re.compile(r"[^\s]+")


def anchor_start(q: Quote, text: str) -> int:
    """Where the element with the quotation's id starts in its first paragraph: its first span, widened
    to a quotation mark before it (as ``quotations.quote_marks`` does); for reported speech the empty
    anchor at the start of the reported clause."""
    s = q.spans[0]
    if q.kind != "reported" and s.start > 0 and text[s.start - 1] in MARKS:
        return s.start - 1
    return s.start


def _words(text: str, splits: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each word of ``text`` as Pagefind counts them, also split at ``splits`` (sorted)."""
    out = []
    invisible = "\u200b" in text  # a word of zero-width spaces only is no word
    j, n = 0, len(splits)
    for m in _WORD.finditer(text):
        start, end = m.span()
        while j < n and splits[j] <= start:  # the words come in order: a split before this word is before the next
            j += 1
        if j == n or splits[j] >= end:  # no split inside the word (the common case)
            if not invisible or text[start:end].replace("\u200b", ""):
                out.append((start, end))
            continue
        cuts = []
        k = j
        while k < n and splits[k] < end:
            cuts.append(splits[k])
            k += 1
        for a, b in zip([start, *cuts], [*cuts, end]):
            if text[a:b].replace("\u200b", ""):
                out.append((a, b))
    return out


def word_runs(rec: AnnotatedArticle) -> dict[str, tuple[tuple[int, int], ...]]:
    """Quote ID -> its words as (offset, length) runs of Pagefind word positions, the offset counted from
    its anchor's position (one run per span: a quotation over two paragraphs has two).  Quotations of
    ``INDEXED_KINDS`` only."""
    order = [p.n for p in rec.article.paragraphs]
    texts = {p.n: p.text for p in rec.article.paragraphs}
    splits: dict[int, list[int]] = {}
    for q in rec.quotes:
        if q.spans and q.spans[0].paragraph in texts:
            splits.setdefault(q.spans[0].paragraph, []).append(anchor_start(q, texts[q.spans[0].paragraph]))
    starts: dict[int, list[int]] = {}  # paragraph -> start of each word; ends likewise; first: its first position
    ends: dict[int, list[int]] = {}
    first: dict[int, int] = {}
    count = 0
    for n in order:
        found = _words(texts[n], sorted(splits.get(n, ())))
        first[n], count = count, count + len(found)
        starts[n], ends[n] = [a for a, _ in found], [b for _, b in found]
    out: dict[str, tuple[tuple[int, int], ...]] = {}
    for q in rec.quotes:
        if q.kind not in INDEXED_KINDS or not q.spans or any(s.paragraph not in texts for s in q.spans):
            continue
        p0 = q.spans[0].paragraph
        base = first[p0] + bisect.bisect_left(starts[p0], anchor_start(q, texts[p0]))  # the anchor's position
        runs = []
        for s in q.spans:
            lo = bisect.bisect_right(ends[s.paragraph], s.start)  # the first word ending after the span starts
            hi = bisect.bisect_left(starts[s.paragraph], s.end)  # the words starting before it ends
            if hi > lo:
                runs.append((first[s.paragraph] + lo - base, hi - lo))
        if runs:
            out[q.id] = tuple(runs)
    return out


def quote_entries(rec: AnnotatedArticle, index: Index, statements=None) -> list[list]:
    """The content of an article's ``quotes.json``: per quotation that search finds (``INDEXED_KINDS``),
    ``[id, kind, speaker, official, runs]``: the quote ID (the anchor), its kind as readers see it
    (``KIND_TEXT``, the ``kind`` filter's value), the speaker's name (empty when none), 1 when the
    speaker is a listed official (the ``official`` filter's value) else 0, and its words as a flat list
    of (offset, length) pairs of word positions from the anchor (``word_runs``).  In text order.
    A quotation whose statement has a page (``statements``: ``render.statements.StatementIndex``) has a
    sixth element, ``[statement ID, its page's URL from the site root, outlets reporting it]``: search
    shows the reports of one statement once, "reported by N outlets" (issue 22)."""
    runs = word_runs(rec)
    out = []
    for q in rec.quotes:
        if q.id not in runs or not q.text.strip():
            continue
        speaker = index.speaker_of(q)
        name = speaker.name if speaker else (q.speaker or "")
        official = 1 if speaker is not None and speaker.official is not None else 0
        entry = [q.id, KIND_TEXT[q.kind], name, official, [x for run in runs[q.id] for x in run]]
        s = statements.by_quote.get(q.id) if statements is not None else None
        if s is not None and s.id:
            entry.append([s.id, statement_url(s.id), len(outlets(s, statements))])
        out.append(entry)
    return out


QUOTES_FILE = "quotes.json"
"""Beside each article page (``articles/<id>/quotes.json``): its ``quote_entries`` for ``search.js``."""


def page_facets(rec: AnnotatedArticle, ctx) -> str:
    """Hidden filters and metadata of an article page, read by Pagefind (a HEAD_SECTION)."""
    index = index_of(ctx)
    filters = article_filters(rec, index)
    present = {q.kind for q in rec.quotes if q.kind in INDEXED_KINDS and q.text.strip()}
    filters["kind"] = (ARTICLE_KIND, *(KIND_TEXT[k] for k in INDEXED_KINDS if k in present))
    parts = []
    for name in FILTERS:
        for value in filters.get(name, ()):
            parts.append(f'<span data-pagefind-filter="{name}">{H.text(value)}</span>')
    for name, value in (("date", _date_text(rec)), ("publisher", rec.article.publisher or "")):
        if value:
            parts.append(f'<span data-pagefind-meta="{name}">{H.text(value)}</span>')
    return f'<div class="annals-search-facets" hidden data-pagefind-ignore>{"".join(parts)}</div>'


def article_quote_file(rec: AnnotatedArticle, ctx) -> dict[str, str]:
    """An ARTICLE_FILES provider: ``articles/<id>/quotes.json`` (``[]`` when search finds no quotation in the
    article), so that ``search.js`` can ask for it without knowing."""
    entries = quote_entries(rec, index_of(ctx), ctx.lookup(statement_index))
    return {f"{rec.article.url}{QUOTES_FILE}": json.dumps(entries, ensure_ascii=False, separators=(",", ":")) + "\n"}


def quote_files(records: list[AnnotatedArticle], ctx) -> Iterator[tuple[str, str]]:
    """``articles/<id>/quotes.json`` for every article (:func:`article_quote_file`), one file at a time."""
    for rec in sorted(records, key=lambda r: r.article.id):
        yield from article_quote_file(rec, ctx).items()
