"""A page per election and the index of elections.

``elections/<id>/``: key dates, candidates, outcome, the reaction timeline (an SVG drawn
here: statements by days since election day, one row per speaker), then the quotations in
the order they were said (paginated: ``elections/<id>/page/<n>/``) and the articles
(the first few, then ``elections/<id>/articles/``).
"""

from __future__ import annotations

from annals.model import AnnotatedArticle, Election
from annals.render import feeds, listing
from annals.render import html as H
from annals.render.browse import timeline
from annals.render.browse.common import Index, QuoteRow, article_item, chunks, index_of, page, quote_item
from annals.render.browse.officials import article_list_pages
from annals.render.kit import RenderContext, chronological, human_date, plural
from annals.render import kit

ARTICLES_ON_FIRST_PAGE = 10
"""Articles listed on the election's own page before the link to the full list."""


def _person(index: Index, url: str, pid: str | None) -> str:
    if not pid:
        return "—"
    o = index.officials.get(pid)
    if o is None:
        return H.text(pid)
    return f'<a href="{H.rel(url, kit.official_url(o.id))}">{H.text(o.name)}</a>'


def facts(index: Index, url: str, e: Election) -> str:
    """Key dates, candidates and outcome as a definition list."""
    rows = [("Election day", f'<time datetime="{e.date.isoformat()}">{human_date(e.date)}</time>')]
    if e.inauguration:
        rows.append(("Inauguration", f'<time datetime="{e.inauguration.isoformat()}">{human_date(e.inauguration)}</time>'))
    if e.candidates:
        rows.append(("Candidates", ", ".join(_person(index, url, c) for c in e.candidates)))
    if e.winner:
        rows.append(("Winner", _person(index, url, e.winner)))
    if e.runner_up:
        rows.append(("Runner-up", _person(index, url, e.runner_up)))
    if e.electoral_votes:
        rows.append(("Electoral College", ", ".join(f"{_person(index, url, p)} {int(v)}" for p, v in e.electoral_votes)))
    if e.notes:
        rows.append(("Notes", H.text(e.notes)))
    return '<dl class="annals-meta annals-election">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows) + "</dl>"


TIMELINE_MAX_POINTS = 150
"""At most this many statements are drawn (the earliest after election day first), so that the
election's page keeps its size however large the archive grows."""


def timeline_points(url: str, e: Election, rows: list[QuoteRow], index: Index | None = None) -> list[timeline.Point]:
    """One point per dated statement filed under the election (scare quotes have no speaker: left out): a
    statement reported by several articles is drawn once, at its first report, and links to its page."""
    if index is not None:
        rows = index.statements(rows)
    points = []
    dated = sorted((r for r in rows if r.date is not None and r.speaker is not None),
                   key=lambda r: (abs((r.date - e.date).days), r.date, r.quote.id))
    keep = {id(r) for r in dated[:TIMELINE_MAX_POINTS]}
    for row in rows:
        if id(row) not in keep:
            continue
        if row.date is None or row.speaker is None:
            continue
        words = row.quote.text if len(row.quote.text) <= 80 else H.cut(row.quote.text, 78)
        day = (row.date - e.date).days
        target = (index.statement_url(row.quote) if index is not None else None) or row.url
        points.append(timeline.Point(row.speaker.key, row.speaker.name, day, H.rel(url, target),
                                     f"{human_date(row.date)} ({day:+d} days), {row.speaker.name}: “{words}”"))
    return points


def reaction_timeline(url: str, e: Election, rows: list[QuoteRow], index: Index | None = None) -> str:
    """The SVG figure, or a sentence saying there is nothing to draw."""
    if index is not None:
        rows = index.statements(rows)
    points = timeline_points(url, e, rows, index)
    if not points:
        return '<p class="annals-basis">No dated statements to draw yet.</p>'
    speakers = len({p.row for p in points})
    svg = timeline.svg(points, ident=f"tl-{e.id}", title=f"Reaction timeline: {e.title}",
                       description=(f"{len(points)} statements by {speakers} speakers, placed by days since "
                                    f"election day ({human_date(e.date)}); one row per speaker."))
    total = sum(1 for r in rows if r.date is not None and r.speaker is not None)
    shown = f" The {len(points)} statements nearest election day of {total} are drawn." if total > len(points) else ""
    return (f'<figure class="annals-timeline-figure">{svg}<figcaption>Statements by days since election day, '
            f"one row per speaker. Each dot links to the quotation, or to the statement's page when several "
            f"articles report it.{shown}</figcaption></figure>")


def election_pages(index: Index, e: Election) -> dict[str, str]:
    base = kit.election_url(e.id)
    rows = [row for row in index.rows if row.election is not None and row.election.id == e.id]
    records = chronological(index.about(e.id))
    articles_url = f"{base}articles/"
    out = {}
    for info, chunk in chunks(base, rows):
        url, n = info.url, info.number
        parts = [f'<h1 id="election">{H.text(e.title)}</h1>']
        if n == 1:
            parts.append(facts(index, url, e))
            said = index.statements(rows)
            quoted = sum(1 for r in rows if r.quote.kind != "scare")
            again = f" ({plural(quoted, 'quotation')}: some are reported more than once)" if quoted != len(said) else ""
            parts.append(f'<p class="annals-counts">{plural(len(records), "article")}, '
                         f'{plural(len(said), "statement")}{again}.</p>')
            parts.append('<h2 id="timeline">Reaction timeline</h2>')
            parts.append(reaction_timeline(url, e, rows, index))
        nav = listing.pager_html(base, info)
        title = "Quotations in order" if info.count == 1 else f"Quotations in order (page {n} of {info.count})"
        items = "".join(quote_item(url, row) for row in chunk)
        parts.append(f'<h2 id="quotations">{title}</h2>{nav}')
        parts.append(f'<ol class="annals-quotes">{items}</ol>' if items else "<p>No quotations filed under this election yet.</p>")
        parts.append(nav)
        if n == 1:
            items = "".join(article_item(url, r) for r in records[:ARTICLES_ON_FIRST_PAGE])
            parts.append(f'<h2 id="articles">Articles</h2>')
            parts.append(f'<ol class="annals-list">{items}</ol>' if items else "<p>None yet.</p>")
            if len(records) > ARTICLES_ON_FIRST_PAGE:
                parts.append(f'<p><a href="{H.rel(url, articles_url)}">All {len(records)} articles</a></p>')
        meta = None
        if n == 1:  # the election's feed (issue 5)
            label = f"Atom feed of new articles about the {e.title}"
            parts.insert(1, feeds.feed_link(url, feeds.election_feed(e.id), label))
            meta = feeds.feed_meta(feeds.election_feed(e.id))
        name = e.title if n == 1 else f"{e.title} (page {n})"
        out[listing.page_path(base, n)] = page(name, f'<div class="annals-election-page">{"".join(parts)}</div>', meta=meta)
    if len(records) > ARTICLES_ON_FIRST_PAGE:
        out.update(article_list_pages(articles_url, f"Articles about the {e.title}", records))
    return out


def index_page(index: Index) -> str:
    """``elections/``: every election in the gazetteer, newest first, with counts."""
    url = kit.ELECTIONS
    quotes: dict[str, int] = {}  # statements, not repetitions (issue 22)
    for row in index.statements(index.rows):
        if row.election:
            quotes[row.election.id] = quotes.get(row.election.id, 0) + 1
    rows = []
    for e in reversed(index.election_order):
        rows.append(f'<tr><td><a href="{H.rel(url, kit.election_url(e.id))}">{H.text(e.title)}</a></td>'
                    f'<td><time datetime="{e.date.isoformat()}">{human_date(e.date)}</time></td>'
                    f"<td>{_person(index, url, e.winner)}</td><td>{len(index.about(e.id))}</td>"
                    f"<td>{quotes.get(e.id, 0)}</td></tr>")
    body = (f'<h1 id="elections">Elections</h1><p>{len(index.elections)} elections, newest first. '
            f'See also the <a href="{H.rel(url, "timeline/")}">timeline across elections</a>.</p>'
            '<table class="annals-elections"><thead><tr><th>Election</th><th>Election day</th><th>Winner</th>'
            f'<th>Articles</th><th>Statements</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
    return page("Elections", body)


def pages(records: list[AnnotatedArticle], ctx: RenderContext) -> dict[str, str]:
    """PAGE_PROVIDER: every election's pages and the index."""
    index = index_of(ctx)
    out = {kit.page_path(kit.ELECTIONS): index_page(index)}
    for e in index.election_order:
        out.update(election_pages(index, e))
    return out
