"""The quotations table: every quotation, filterable by official, election, year and kind.

Without JavaScript: ``quotes/`` is a paginated table (oldest first); officials and elections have
their own pages, and ``data/quotes.csv`` holds every quotation.  With JavaScript
(``assets/quotes-filter.js``, local, no framework): select boxes filter the rows in place, "all pages"
filters the whole archive from ``data/quotes.json`` (the same records), and the filters live in the
address (``quotes/?year=2020``, ``quotes/?kind=full``), which filters the whole archive on arrival.

There are no static pages per year or per kind (there were, ``quotes/year/<y>/`` and
``quotes/kind/<kind>/``: 205 pages at 1,000 articles, each quotation listed three times; issue 20,
item 4): the filter does the same, and a site that published them redirects their addresses to the
filtered table (``archive/redirects.yml``; ``filtered_url`` gives the target).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlencode

from annals.model import AnnotatedArticle
from annals.render import html as H
from annals.render import listing
from annals.render.browse.common import Index, QuoteRow, chunks, index_of, page
from annals.render.kit import KIND_TEXT, RenderContext, unattributed_html
from annals.render import kit

KINDS = ("full", "partial", "reported", "scare")


def row_html(url: str, row: QuoteRow) -> str:
    """One table row; ``data-*`` attributes carry the filter values (the same as in quotes.json)."""
    q, a = row.quote, row.record.article
    date = f'<time datetime="{a.date.isoformat()}">{a.date.isoformat()}</time>' if a.date else "undated"
    who = speaker_cell(url, row)
    election = (f'<a href="{H.rel(url, kit.election_url(row.election.id))}">{H.text(row.election.title)}</a>'
                if row.election else "—")
    via = f' <span class="annals-basis">via {H.text(q.via)}</span>' if q.via else ""
    return (f'<tr id="row-{H.attr(q.id)}" data-quote="{H.attr(q.id)}" data-speaker="{H.attr(row.speaker.key if row.speaker else "")}" '
            f'data-election="{H.attr(row.election.id if row.election else "")}" '
            f'data-year="{a.date.year if a.date else ""}" data-kind="{H.attr(q.kind)}">'
            f"<td>{date}</td><td>{who}</td>"
            f'<td><a class="annals-q-link" href="{H.rel(url, row.url)}"><q>{H.text(q.text)}</q></a>{via}</td>'
            f"<td>{KIND_TEXT.get(q.kind, H.text(q.kind))}</td><td>{election}</td>"
            f'<td><a href="{H.rel(url, a.url)}">{H.text(a.title)}</a></td></tr>')


def speaker_cell(url: str, row: QuoteRow) -> str:
    """Who said it: the speaker's page, with the title the text gives an unlisted speaker; "unattributed"
    with its reason on hover and focus when the text identifies no one (never a guessed name); "no speaker"
    for a scare quote.  ``quotes-filter.js`` (``speakerCell``) writes the same for rows from quotes.json."""
    q = row.quote
    if q.kind == "scare":
        return '<span class="annals-basis">no speaker</span>'
    if row.speaker is None or q.speaker_kind == "none":
        return unattributed_html(q.unattributed_reason)
    title = f'<span class="annals-basis">, {H.text(q.speaker_title)}</span>' if q.speaker_title and not q.speaker_id else ""
    return f'<a href="{H.rel(url, row.speaker.url)}">{H.text(row.speaker.name)}</a>{title}'


def filtered_url(**filters: str) -> str:
    """Site-relative address of the quotations table filtered by ``filters`` (``year``, ``kind``,
    ``speaker``, ``election``, ``q``): ``quotes/?year=2020``.  What ``quotes-filter.js`` reads."""
    return kit.QUOTES + ("?" + urlencode(sorted(filters.items())) if filters else "")


def facet_values(counts: tuple[dict, dict, dict, dict]) -> str:
    """The table's ``data-facets``: every year and kind of the archive as [value, label] pairs, so that
    the filter offers them on every page of the table (JSON)."""
    years, kinds, _, _ = counts
    data = {"year": [[str(y), str(y)] for y in sorted(years)],
            "kind": [[k, KIND_TEXT.get(k, k)] for k in sorted(kinds, key=lambda k: (KINDS.index(k) if k in KINDS else 9, k))]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def table(url: str, rows: list[QuoteRow], facets_json: str = "") -> str:
    body = "".join(row_html(url, r) for r in rows)
    root = H.rel(url, "")
    root = root if root.endswith("/") else root + "/"
    data = f' data-facets="{H.attr(facets_json)}"' if facets_json else ""
    return (f'<div class="annals-table-wrap"><table class="annals-quotes-table" data-annals-quotes{data} '
            f'data-quotes-json="{H.attr(H.rel(url, "data/quotes.json"))}" data-site-root="{H.attr(root)}">'
            "<thead><tr><th>Date</th><th>Speaker</th><th>Quotation</th><th>Kind</th><th>Election</th>"
            f"<th>Article</th></tr></thead><tbody>{body}</tbody></table></div>")


def facet_counts(index: Index) -> tuple[dict, dict, dict, dict]:
    """Quotations per year, kind, election and listed official (computed once per render)."""
    years: dict[int, int] = {}
    kinds: dict[str, int] = {}
    elections: dict[str, int] = {}
    speakers: dict[str, int] = {}
    for row in index.rows:
        if row.date:
            years[row.date.year] = years.get(row.date.year, 0) + 1
        kinds[row.quote.kind] = kinds.get(row.quote.kind, 0) + 1
        if row.election:
            elections[row.election.id] = elections.get(row.election.id, 0) + 1
        if row.speaker and row.speaker.official is not None:
            speakers[row.speaker.key] = speakers.get(row.speaker.key, 0) + 1
    return years, kinds, elections, speakers


def facets(url: str, index: Index, counts: tuple[dict, dict, dict, dict]) -> str:
    """Links to every filter value (static pages), with counts: readable and usable without JavaScript."""
    years, kinds, elections, speakers = counts

    def link(href: str) -> str:  # an address with a query: the page's relative link, then the query
        page, sep, query = href.partition("?")
        return H.attr(H.rel(url, page) + sep + query)

    def links(items) -> str:
        return " · ".join(f'<a href="{link(href)}">{label}</a> <span class="annals-basis">({n})</span>'
                          for href, label, n in items)
    rows = []
    if speakers:
        top = sorted(speakers, key=lambda k: (-speakers[k], index.speakers[k].name))[:30]
        more = f' · <a href="{H.rel(url, kit.OFFICIALS)}">all officials</a>' if len(speakers) > 30 else ""
        rows.append(("Official", links((index.speakers[k].url, H.text(index.speakers[k].name), speakers[k]) for k in top) + more))
    if elections:
        order = [e for e in index.election_order if e.id in elections]
        rows.append(("Election", links((kit.election_url(e.id), H.text(e.title), elections[e.id]) for e in order)))
    if years:
        rows.append(("Year", links((filtered_url(year=str(y)), str(y), years[y]) for y in sorted(years))))
    if kinds:
        rows.append(("Kind", links((filtered_url(kind=k), KIND_TEXT.get(k, H.text(k)), kinds[k])
                                   for k in sorted(kinds, key=lambda k: (KINDS.index(k) if k in KINDS else 9, k)))))
    if not rows:
        return ""
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    note = ('<p class="annals-basis">The year and kind links filter the whole table in your browser (they need '
            f'JavaScript); <a href="{H.rel(url, "data/quotes.csv")}" type="text/csv">quotes.csv</a> has every '
            'quotation with its year and kind.</p>')
    return (f'<details class="annals-facets"><summary>Filter by official, election, year or kind</summary><dl>{dl}</dl>'
            f'{note}</details>')


def listing_pages(base: str, heading: str, intro: str, rows: list[QuoteRow], index: Index,
                  counts: tuple[dict, dict, dict, dict]) -> Iterator[tuple[str, str]]:
    """The pages of one quotation listing, one at a time (path, text)."""
    for info, chunk in chunks(base, rows):
        url = info.url
        nav = listing.pager_html(base, info)
        title = heading if info.number == 1 else f"{heading} (page {info.number} of {info.count})"
        span = (f'<p class="annals-pager-span">Quotations {info.first + 1}–{info.last} of {info.total}.</p>'
                if info.count > 1 else "")
        body = (f'<h1 id="quotations">{H.text(title)}</h1>{intro}{facets(url, index, counts)}{span}{nav}'
                f'{table(url, chunk, facet_values(counts)) if chunk else "<p>No quotations.</p>"}{nav}'
                f'<p class="annals-basis annals-quotes-data">The same records as data: '
                f'<a href="{H.rel(url, "data/quotes.json")}" type="application/json">quotes.json</a> · '
                f'<a href="{H.rel(url, "data/quotes.csv")}" type="text/csv">quotes.csv</a>.</p>')
        yield listing.page_path(base, info.number), page(title, body, hide_toc=True)


def pages(records: list[AnnotatedArticle], ctx: RenderContext) -> Iterator[tuple[str, str]]:
    """PAGE_PROVIDER: ``quotes/`` and its pages, one page at a time (a build writes each as it comes)."""
    index = index_of(ctx)
    intro = (f"<p>{len(index.rows)} quotations, oldest first. Each links to its place in the article "
             "(a permanent anchor).</p>")
    yield from listing_pages(kit.QUOTES, "Quotations", intro, index.rows, index, facet_counts(index))
