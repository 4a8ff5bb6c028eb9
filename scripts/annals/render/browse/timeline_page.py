"""``timeline/``: reactions across all elections.

One SVG with a row per election (statements by days since that election's day, so the speed
and spread of reactions can be compared), then every election in order with its first and last
statement and a link to its own page and timeline.
"""

from __future__ import annotations

from annals.model import AnnotatedArticle
from annals.render import html as H
from annals.render.browse import timeline
from annals.render.browse.common import index_of, page
from annals.render.kit import RenderContext, human_date, plural
from annals.render import kit


def pages(records: list[AnnotatedArticle], ctx: RenderContext) -> dict[str, str]:
    """PAGE_PROVIDER: the timeline page."""
    index = index_of(ctx)
    url = "timeline/"
    by_election: dict[str, list] = {}
    for row in index.statements(index.rows):  # a statement reported by several articles once (issue 22)
        if row.election and row.date and row.speaker:
            by_election.setdefault(row.election.id, []).append(row)
    points = []
    for e in index.election_order:
        for row in by_election.get(e.id, []):
            day = (row.date - e.date).days
            points.append(timeline.Point(e.id, e.title, day, H.rel(url, kit.election_url(e.id)),
                                         f"{e.title}: {human_date(row.date)} ({day:+d} days), {row.speaker.name}"))
    parts = ['<h1 id="timeline">Timeline across elections</h1>']
    if points:
        desc = (f"{len(points)} dated statements on {len(by_election)} elections; one row per election, "
                "each placed by days since that election's day.")
        svg = timeline.svg(points, ident="tl-all", title="Reactions across elections", description=desc,
                           max_rows=len(index.election_order) or 1)
        parts.append(f'<figure class="annals-timeline-figure">{svg}<figcaption>Statements by days since each '
                     "election day, one row per election. Each dot links to the election's page.</figcaption></figure>")
    else:
        parts.append('<p class="annals-basis">No dated statements to draw yet.</p>')
    items = []
    for e in index.election_order:
        rows = by_election.get(e.id, [])
        n_articles = len(index.about(e.id))
        if rows:
            first, last = rows[0].date, rows[-1].date
            span = (f"{plural(len(rows), 'dated statement')}, {human_date(first)} ({(first - e.date).days:+d} days) "
                    f"to {human_date(last)} ({(last - e.date).days:+d} days)")
        else:
            span = "no dated statements"
        items.append(f'<li><a href="{H.rel(url, kit.election_url(e.id))}">{H.text(e.title)}</a> '
                     f'<span class="annals-basis">— election day {human_date(e.date)}; {plural(n_articles, "article")}; {span}</span></li>')
    parts.append(f'<h2 id="elections">Elections in order</h2><ol class="annals-list">{"".join(items)}</ol>')
    return {"timeline/index.md": page("Timeline", "".join(parts))}
