"""The quotations table: every quotation, filterable by official, election, year and kind.

Without JavaScript: ``quotes/`` is a paginated table (oldest first) and every filter value is a
link to a static page that lists exactly the matching quotations (``quotes/year/<y>/``,
``quotes/kind/<kind>/``; officials and elections have their own pages).  With JavaScript
(``assets/quotes-filter.js``, local, no framework): select boxes filter the rows in place, and
"all pages" filters the whole archive from ``data/quotes.json`` (the same records).
"""

from __future__ import annotations

from collections.abc import Iterator

from annals.model import AnnotatedArticle
from annals.render import html as H
from annals.render import listing
from annals.render.browse.common import Index, QuoteRow, chunks, index_of, page
from annals.render.kit import KIND_TEXT, RenderContext

KINDS = ("full", "partial", "reported", "scare")


def row_html(url: str, row: QuoteRow) -> str:
    """One table row; ``data-*`` attributes carry the filter values (the same as in quotes.json)."""
    q, a = row.quote, row.record.article
    date = f'<time datetime="{a.date.isoformat()}">{a.date.isoformat()}</time>' if a.date else "undated"
    who = (f'<a href="{H.rel(url, row.speaker.url)}">{H.text(row.speaker.name)}</a>' if row.speaker
           else '<span class="annals-basis">no speaker</span>')
    election = (f'<a href="{H.rel(url, f"elections/{row.election.id}/")}">{H.text(row.election.title)}</a>'
                if row.election else "—")
    via = f' <span class="annals-basis">via {H.text(q.via)}</span>' if q.via else ""
    return (f'<tr id="row-{H.attr(q.id)}" data-quote="{H.attr(q.id)}" data-speaker="{H.attr(row.speaker.key if row.speaker else "")}" '
            f'data-election="{H.attr(row.election.id if row.election else "")}" '
            f'data-year="{a.date.year if a.date else ""}" data-kind="{H.attr(q.kind)}">'
            f"<td>{date}</td><td>{who}</td>"
            f'<td><a class="annals-q-link" href="{H.rel(url, row.url)}"><q>{H.text(q.text)}</q></a>{via}</td>'
            f"<td>{KIND_TEXT.get(q.kind, H.text(q.kind))}</td><td>{election}</td>"
            f'<td><a href="{H.rel(url, a.url)}">{H.text(a.title)}</a></td></tr>')


def table(url: str, rows: list[QuoteRow]) -> str:
    body = "".join(row_html(url, r) for r in rows)
    root = H.rel(url, "")
    root = root if root.endswith("/") else root + "/"
    return (f'<div class="annals-table-wrap"><table class="annals-quotes-table" data-annals-quotes '
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

    def links(items) -> str:
        return " · ".join(f'<a href="{H.rel(url, href)}">{label}</a> <span class="annals-basis">({n})</span>'
                          for href, label, n in items)
    rows = []
    if speakers:
        top = sorted(speakers, key=lambda k: (-speakers[k], index.speakers[k].name))[:30]
        more = f' · <a href="{H.rel(url, "officials/")}">all officials</a>' if len(speakers) > 30 else ""
        rows.append(("Official", links((index.speakers[k].url, H.text(index.speakers[k].name), speakers[k]) for k in top) + more))
    if elections:
        order = [e for e in index.election_order if e.id in elections]
        rows.append(("Election", links((f"elections/{e.id}/", H.text(e.title), elections[e.id]) for e in order)))
    if years:
        rows.append(("Year", links((f"quotes/year/{y}/", str(y), years[y]) for y in sorted(years))))
    if kinds:
        rows.append(("Kind", links((f"quotes/kind/{k}/", KIND_TEXT.get(k, H.text(k)), kinds[k])
                                   for k in sorted(kinds, key=lambda k: (KINDS.index(k) if k in KINDS else 9, k)))))
    if not rows:
        return ""
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<details class="annals-facets"><summary>Filter by official, election, year or kind</summary><dl>{dl}</dl></details>'


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
                f'{table(url, chunk) if chunk else "<p>No quotations.</p>"}{nav}'
                f'<p class="annals-basis annals-quotes-data">The same records as data: '
                f'<a href="{H.rel(url, "data/quotes.json")}" type="application/json">quotes.json</a> · '
                f'<a href="{H.rel(url, "data/quotes.csv")}" type="text/csv">quotes.csv</a>.</p>')
        yield listing.page_path(base, info.number), page(title, body, hide_toc=True)


def pages(records: list[AnnotatedArticle], ctx: RenderContext) -> Iterator[tuple[str, str]]:
    """PAGE_PROVIDER: ``quotes/`` and its static filter pages by year and by kind, one page at a time (the
    pages hold every quotation several times over: a build writes each as it comes)."""
    index = index_of(ctx)
    intro = (f"<p>{len(index.rows)} quotations, oldest first. Each links to its place in the article "
             "(a permanent anchor).</p>")
    counts = facet_counts(index)
    yield from listing_pages("quotes/", "Quotations", intro, index.rows, index, counts)
    years = sorted({r.date.year for r in index.rows if r.date})
    for y in years:
        rows = [r for r in index.rows if r.date and r.date.year == y]
        yield from listing_pages(f"quotes/year/{y}/", f"Quotations of {y}",
                                 f"<p>{len(rows)} quotations from articles of {y}.</p>", rows, index, counts)
    for kind in sorted({r.quote.kind for r in index.rows} & set(KINDS)):
        rows = [r for r in index.rows if r.quote.kind == kind]
        yield from listing_pages(f"quotes/kind/{kind}/", f"Quotations: {KIND_TEXT.get(kind, kind)}",
                                 f"<p>{len(rows)} quotations of this kind.</p>", rows, index, counts)
