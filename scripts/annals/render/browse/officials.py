"""A page per official and per unlisted speaker, and the index of them.

``officials/<id>/``: name, roles over time, Wikidata link, counts, the quotations grouped by
election then date (paginated: ``officials/<id>/page/<n>/``), and the first articles that
mention the person, with the full list at ``officials/<id>/articles/`` (paginated).
Unlisted speakers (quoted but not in ``archive/officials.yml``) get ``speakers/<slug>/``.
"""

from __future__ import annotations

from itertools import groupby

from annals.model import AnnotatedArticle, Official
from annals.render import feeds, listing
from annals.render import html as H
from annals.render.browse.common import (Index, QuoteRow, Speaker, article_item, article_link, chunks, index_of, page,
                                         quote_item)
from annals.render.kit import RenderContext, chronological, human_date, plural
from annals.render import kit

MENTIONS_ON_FIRST_PAGE = 10
"""Articles listed on the person's own page before the link to the full list."""


def _roles(o: Official) -> str:
    if not o.memberships:
        return ""
    rows = []
    for m in o.memberships:
        start = human_date(m.start_date) if m.start_date else "?"
        end = human_date(m.end_date) if m.end_date else ("present" if m.start_date else "?")
        rows.append(f"<tr><td>{H.text(m.role)}</td><td>{H.text(m.organization)}</td><td>{start}</td><td>{end}</td></tr>")
    return ('<h2 id="roles">Roles</h2><table class="annals-roles"><thead><tr><th>Role</th><th>Organisation</th>'
            f'<th>From</th><th>To</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _counted(n_statements: int, n_quotes: int) -> str:
    """``3 statements (5 quotations: some are reported more than once)``: statements, not repetitions."""
    if n_statements == n_quotes:
        return plural(n_statements, "statement")
    return f"{plural(n_statements, 'statement')} ({plural(n_quotes, 'quotation')}: some are reported more than once)"


def _about(s: Speaker, n_quotes: int, n_articles: int, n_statements: int | None = None) -> str:
    parts = []
    o = s.official
    n_statements = n_quotes if n_statements is None else n_statements
    if o is not None:
        if o.description:
            parts.append(f'<p class="annals-person-desc">{H.text(o.description)}</p>')
        facts = [_counted(n_statements, n_quotes),
                 f"{n_articles} article{'s' if n_articles != 1 else ''} mentioning {'them' if not o.gender else ('her' if o.gender == 'female' else 'him')}"]
        parts.append(f'<p class="annals-counts">{", ".join(facts)}.</p>')
        if o.wikidata:
            parts.append(f'<p>Wikidata: <a class="annals-wikidata" rel="noopener" '
                         f'href="https://www.wikidata.org/wiki/{H.attr(o.wikidata)}">{H.text(o.wikidata)}</a></p>')
        if not o.russian_official:
            parts.append('<p class="annals-basis">Not a Russian official: listed because the archive quotes or names them.</p>')
        parts.append(_roles(o))
    else:
        parts.append('<p class="annals-editorial">An unlisted speaker: quoted in the archive but not in the gazetteer '
                     '(<code>archive/officials.yml</code>); the name is as the articles write it.</p>')
        parts.append(f'<p class="annals-counts">{_counted(n_statements, n_quotes)}.</p>')
    return "".join(parts)


def grouped_quotes(url: str, rows: list[QuoteRow], show_speaker: bool = False) -> str:
    """Quotations grouped by election (by election day), then by date within each election."""
    def key(row: QuoteRow):
        e = row.election
        return (e is None, e.date if e else None, e.id if e else "")
    out = []
    for _, group in groupby(sorted(rows, key=lambda r: (key(r), r.sort_key())), key=key):
        group = list(group)
        e = group[0].election
        if e is not None:
            head = f'<a href="{H.rel(url, kit.election_url(e.id))}">{H.text(e.title)}</a>'
            anchor = f"q-{e.id}"
        else:
            head, anchor = "No election identified", "q-none"
        items = "".join(quote_item(url, row, show_speaker) for row in group)
        out.append(f'<h3 id="{H.attr(anchor)}">{head}</h3><ul class="annals-quotes">{items}</ul>')
    return "".join(out)


def speaker_pages(index: Index, s: Speaker) -> dict[str, str]:
    """The pages of one speaker: quotations (paginated) and mentioning articles (paginated)."""
    base = s.url
    rows = index.rows_of(s.key)
    mentions = chronological(index.mentioning(s.key)) if s.official else []
    out: dict[str, str] = {}
    articles_url = f"{base}articles/"
    for info, chunk in chunks(base, rows):
        url, n = info.url, info.number
        parts = [f'<h1 id="name">{H.text(s.name)}</h1>']
        if n == 1:
            parts.append(_about(s, len(rows), len(mentions), len(index.statements(rows))))
        nav = listing.pager_html(base, info)
        title = "Quotations" if info.count == 1 else f"Quotations (page {n} of {info.count})"
        parts.append(f'<h2 id="quotations">{title}</h2>')
        parts.append(nav)
        parts.append(grouped_quotes(url, chunk) if chunk else "<p>No quotations in the archive.</p>")
        parts.append(nav)
        if n == 1 and s.official is not None:
            items = "".join(article_item(url, r) for r in mentions[:MENTIONS_ON_FIRST_PAGE])
            parts.append(f'<h2 id="articles">Articles that mention {H.text(s.name)}</h2>')
            parts.append(f'<ul class="annals-list">{items}</ul>' if items else "<p>None yet.</p>")
            if len(mentions) > MENTIONS_ON_FIRST_PAGE:
                parts.append(f'<p><a href="{H.rel(url, articles_url)}">All {len(mentions)} articles</a></p>')
        meta = None
        if n == 1 and s.official is not None:  # the person's feed (issue 5)
            label = f"Atom feed of new articles about {s.name}"
            parts.insert(1, feeds.feed_link(url, feeds.official_feed(s.official.id), label))
            meta = feeds.feed_meta(feeds.official_feed(s.official.id))
        name = s.name if n == 1 else f"{s.name} (page {n})"
        out[listing.page_path(base, n)] = page(name, f'<div class="annals-person">{"".join(parts)}</div>', meta=meta)
    if len(mentions) > MENTIONS_ON_FIRST_PAGE:
        out.update(article_list_pages(articles_url, f"Articles that mention {s.name}", mentions))
    return out


def article_list_pages(base: str, heading: str, records: list[AnnotatedArticle]) -> dict[str, str]:
    """A paginated list of articles (oldest first) under ``base`` (``annals.render.listing``)."""
    return listing.paginate(base, records, article_link, title=heading,
                            intro_html=f"<p>{len(records)} articles, oldest first.</p>", heading_id="articles")


def index_page(index: Index) -> str:
    """``officials/``: everyone in the gazetteer with counts, Russian officials first."""
    url = kit.OFFICIALS
    counts = {k: 0 for k in index.speakers}  # statements, not repetitions (issue 22)
    for row in index.statements(index.rows):
        if row.speaker:
            counts[row.speaker.key] += 1
    mentions = {o: 0 for o in index.officials}
    for r in index.records:
        for o in index.article_officials(r):
            mentions[o] += 1

    def table(officials: list[Official]) -> str:
        rows = "".join(
            f'<tr><td><a href="{H.rel(url, kit.official_url(o.id))}">{H.text(o.name)}</a></td>'
            f"<td>{H.text(o.description)}</td><td>{counts.get(o.id, 0)}</td><td>{mentions.get(o.id, 0)}</td></tr>"
            for o in officials)
        return ('<table class="annals-officials"><thead><tr><th>Name</th><th>About</th><th>Statements</th>'
                f"<th>Articles</th></tr></thead><tbody>{rows}</tbody></table>")

    people = sorted(index.officials.values(), key=lambda o: (-counts.get(o.id, 0), o.name, o.id))
    russian = [o for o in people if o.russian_official]
    others = [o for o in people if not o.russian_official]
    unlisted = [s for s in index.speakers.values() if s.official is None]
    body = [f'<h1 id="officials">Officials</h1><p>{len(index.officials)} people in the gazetteer, '
            "busiest first. Each page lists their roles over time and everything the archive quotes them saying.</p>",
            f'<h2 id="russian">Russian officials</h2>{table(russian)}']
    if others:
        body.append(f'<h2 id="others">Others quoted or named</h2>{table(others)}')
    if unlisted:
        body.append(f'<h2 id="unlisted">Unlisted speakers</h2><p>{len(unlisted)} speakers quoted but not in the '
                    f'gazetteer: <a href="{H.rel(url, kit.SPEAKERS)}">list of unlisted speakers</a>.</p>')
    return page("Officials", "".join(body))


def speakers_index_pages(index: Index) -> dict[str, str]:
    """``speakers/``: unlisted speakers by name (paginated)."""
    unlisted = sorted((s for s in index.speakers.values() if s.official is None), key=lambda s: (s.name.casefold(), s.key))
    counts = {s.key: len(index.statements(index.rows_of(s.key))) for s in unlisted}
    return listing.paginate(
        kit.SPEAKERS, unlisted,
        lambda url, s: f'<a href="{H.rel(url, s.url)}">{H.text(s.name)}</a> <span class="annals-basis">({plural(counts[s.key], "statement")})</span>',
        title="Unlisted speakers", heading_id="speakers",
        intro_html="<p>People quoted in the archive who are not in the gazetteer (<code>archive/officials.yml</code>). "
                   "An editor can add them there.</p>")


def pages(records: list[AnnotatedArticle], ctx: RenderContext) -> dict[str, str]:
    """PAGE_PROVIDER: every official's and unlisted speaker's pages and the two indexes."""
    index = index_of(ctx)
    out = {kit.page_path(kit.OFFICIALS): index_page(index)}
    out.update(speakers_index_pages(index))
    for key in sorted(index.speakers):
        out.update(speaker_pages(index, index.speakers[key]))
    return out
