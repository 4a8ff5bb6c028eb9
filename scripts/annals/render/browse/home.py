"""The home page (``index.md``): what the archive holds, with counts, entry points by election
and by official, and the latest additions.  Replaces the core's plain home page
(``render.REPLACEABLE``)."""

from __future__ import annotations

from annals.model import AnnotatedArticle
from annals.render import feeds
from annals.render import html as H
from annals.render.browse.common import article_item, index_of
from annals.render.kit import RenderContext, by_date, front_matter, plural
from annals.render import kit

ENTRY_OFFICIALS = 12
"""Officials listed on the home page (the most quoted); the rest are one click away."""


def pages(records: list[AnnotatedArticle], ctx: RenderContext) -> dict[str, str]:
    """PAGE_PROVIDER: ``index.md``."""
    index = index_of(ctx)
    url = ""
    cfg = ctx.config
    quoted = {}
    said = index.statements(index.rows)  # statements, not repetitions (issue 22)
    for row in said:
        if row.speaker:
            quoted[row.speaker.key] = quoted.get(row.speaker.key, 0) + 1
    listed = [k for k in quoted if k in index.officials]
    covered = [e for e in reversed(index.election_order) if index.about(e.id)]
    unlisted = f" (and {plural(len(quoted) - len(listed), 'unlisted speaker')})" if len(quoted) > len(listed) else ""
    counts = (f'<ul class="annals-home-counts"><li><strong>{len(index.records)}</strong> articles</li>'
              f"<li><strong>{len(said)}</strong> statements (<strong>{len(index.rows)}</strong> quotations)</li>"
              f"<li><strong>{len(listed)}</strong> officials quoted"
              f"{unlisted}</li>"
              f"<li><strong>{len(covered)}</strong> elections covered</li></ul>")
    elections = "".join(
        f'<li><a href="{H.rel(url, kit.election_url(e.id))}">{H.text(e.title)}</a> '
        f'<span class="annals-basis">({plural(len(index.about(e.id)), "article")})</span></li>' for e in covered)
    top = sorted(listed, key=lambda k: (-quoted[k], index.speakers[k].name))[:ENTRY_OFFICIALS]
    officials = "".join(
        f'<li><a href="{H.rel(url, index.speakers[k].url)}">{H.text(index.speakers[k].name)}</a> '
        f'<span class="annals-basis">({plural(quoted[k], "statement")})</span></li>' for k in top)
    latest = sorted(index.records, key=lambda r: r.article.id, reverse=True)[: cfg.latest_count]  # IDs are issued in order
    newest = by_date(index.records)[: cfg.latest_count]
    body = [
        f'<h1 id="annals">{H.text(cfg.site_name)}</h1>',
        "<p>An annotated, citable archive of what Russian officials said about US presidential elections. "
        "Each article is reproduced word for word from its source, with its provenance and checksum; "
        "annotations sit beside the text, never inside it.</p>",
        counts,
        '<div class="annals-home-grid">',
        f'<section><h2 id="by-election">By election</h2><ul class="annals-entry">{elections or "<li>None yet.</li>"}</ul>'
        f'<p><a href="{H.rel(url, kit.ELECTIONS)}">All elections</a> · '
        f'<a href="{H.rel(url, "timeline/")}">Timeline across elections</a></p></section>',
        f'<section><h2 id="by-official">By official</h2><ul class="annals-entry">{officials or "<li>None yet.</li>"}</ul>'
        f'<p><a href="{H.rel(url, kit.OFFICIALS)}">All officials</a> · '
        f'<a href="{H.rel(url, kit.QUOTES)}">All quotations</a> · '
        f'<a href="{H.rel(url, kit.STATEMENTS)}">Statements reported more than once</a></p></section>',
        "</div>",
        f'<h2 id="latest">Latest additions</h2><ul class="annals-added">{"".join(article_item(url, r) for r in latest)}</ul>',
        f'<h2 id="newest">Newest articles</h2><ul class="annals-list">{"".join(article_item(url, r) for r in newest)}</ul>',
        f'<p><a href="{H.rel(url, kit.ARTICLES)}">All articles</a> · '
        f'<a class="annals-feed" href="{H.rel(url, feeds.SITE_FEED)}" type="{feeds.MEDIA_TYPE}">Atom feed of new articles</a> · '
        f'<a href="{H.rel(url, "data/")}">Data for download</a></p>',
    ]
    return {"index.md": front_matter({"title": H.attr(cfg.site_name), "hide": ["navigation", "toc"]})
            + "".join(body) + "\n"}
