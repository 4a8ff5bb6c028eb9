"""The "Related coverage" section at the foot of an article page (a tail section).

Lists the other articles about the same event (``AnnotatedArticle.events``) and the statements this
article reports that another article quotes directly, or the reverse (``AnnotatedArticle.statements``):
both computed once by the link stage (:func:`annals.link.related.link_records`) and stored on the records.
"""

from __future__ import annotations

from dataclasses import dataclass

from annals.model import AnnotatedArticle, Quote
from annals.render import html as H
from annals.render.kit import RenderContext, human_date


@dataclass(frozen=True, slots=True)
class Coverage:
    """Lookups of the section over every record, built once per render (``RenderContext.lookup``)."""

    by_id: dict[str, AnnotatedArticle]
    """Article ID -> record."""
    quotes: dict[str, Quote]
    """Quotation ID -> quotation."""


def coverage_of(ctx: RenderContext) -> Coverage:
    """The section's lookups over the context's records (``ctx.lookup(coverage_of)``)."""
    return Coverage(by_id={r.article.id: r for r in ctx.records},
                    quotes={q.id: q for r in ctx.records for q in r.quotes})


def _basis(score: float | None, basis: str) -> str:
    if basis == "editor":
        return "confirmed by an editor"
    return f"found by comparing the texts (similarity {score:.0f}/100)"


def _words(text: str, limit: int = 160) -> str:
    return H.cut(text, limit)


def deps(rec: AnnotatedArticle) -> set[str]:
    """The other articles the section shows (titles, dates, quotations): ``Features.deps``."""
    return {*rec.related, *(s.article_id for s in rec.statements), *(s.quote_article_id for s in rec.statements)}


def section(rec: AnnotatedArticle, ctx: RenderContext) -> str:
    """HTML of the section, or nothing when the article has no related coverage."""
    st = ctx.lookup(coverage_of)
    a = rec.article
    url = a.url
    items = []
    events = {e.b if e.a == a.id else e.a: e for e in rec.events}
    for other_id in rec.related:
        other = st.by_id.get(other_id)
        if other is None:
            continue
        event = events.get(other_id)
        basis = _basis(event.score, event.basis) if event else "set by an editor"
        o = other.article
        items.append(f'<li><a href="{H.rel(url, o.url)}">{H.text(o.title)}</a> <span class="annals-basis">— '
                     f'{H.text(o.publisher or "publisher unknown")}, {human_date(o.date)}; same event, {basis}</span></li>')
    statements = []
    for link in (s for s in rec.statements if s.article_id == a.id):
        q = st.quotes.get(link.quote_id)
        other = st.by_id.get(link.quote_article_id)
        if q is None or other is None:
            continue
        target = f"{other.article.url}#{q.anchor}"
        statements.append(
            f'<li><a href="#p{link.paragraph}">Paragraph {link.paragraph}</a> reports in indirect speech what '
            f'{H.text(q.speaker or "the speaker")} is quoted saying directly in '
            f'<a href="{H.rel(url, other.article.url)}">{H.text(other.article.title)}</a>: '
            f'<a class="annals-same-statement" href="{H.rel(url, target)}"><q>{H.text(_words(q.text))}</q></a> '
            f'<span class="annals-basis">— {_basis(link.score, link.basis)}</span></li>')
    for link in (s for s in rec.statements if s.quote_article_id == a.id):
        q = st.quotes.get(link.quote_id)
        other = st.by_id.get(link.article_id)
        if q is None or other is None:
            continue
        target = f"{other.article.url}#p{link.paragraph}"
        statements.append(
            f'<li>The quotation <a href="#{H.attr(q.anchor)}"><q>{H.text(_words(q.text))}</q></a> is reported in '
            f'indirect speech by <a class="annals-same-statement" href="{H.rel(url, target)}">'
            f'{H.text(other.article.title)}, paragraph {link.paragraph}</a>: “{H.text(_words(link.sentence))}” '
            f'<span class="annals-basis">— {_basis(link.score, link.basis)}</span></li>')
    if not items and not statements:
        return ""
    parts = ['<section class="annals-coverage"><h2 id="related-coverage">Related coverage</h2>']
    if items:
        parts.append(f'<p>Other articles about the same event:</p><ul>{"".join(items)}</ul>')
    if statements:
        parts.append(f'<p id="same-statement">The same statement in other articles:</p><ul>{"".join(statements)}</ul>')
    parts.append("</section>")
    return "".join(parts)
