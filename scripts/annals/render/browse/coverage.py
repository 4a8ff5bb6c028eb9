"""The "Related coverage" section at the foot of an article page (a tail section).

Lists the other articles about the same event (``AnnotatedArticle.events``) and the statements this
article reports that other articles report too (``AnnotatedArticle.statements``, each with its page):
both computed once by the link stage (:mod:`annals.link.related`, :mod:`annals.link.statements`) and
stored on the records.
"""

from __future__ import annotations

from dataclasses import dataclass

from annals.model import AnnotatedArticle, Quote, Statement
from annals.render import html as H
from annals.render.kit import RenderContext, human_date, statement_url
from annals.render.statements import statement_index


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


def _statement_basis(s: Statement) -> str:
    kinds = {e.basis for e in s.edges}
    if kinds & {"editor", "translation"}:
        return "linked by an editor" + (" and by comparing the texts" if kinds - {"editor", "translation"} else "")
    scores = [e.score for e in s.edges if e.basis == "similar" and e.score is not None]
    return ("found by comparing the texts" + (f" (similarity up to {max(scores):.0f}/100)" if scores else ""))


def _words(text: str, limit: int = 160) -> str:
    return H.cut(text, limit)


def deps(rec: AnnotatedArticle) -> set[str]:
    """The other articles the section shows (titles, dates, quotations): ``Features.deps``."""
    return {*rec.related, *(other for s in rec.statements for other in s.articles)}


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
    mine = {q.id: q for q in rec.quotes}
    for s in ctx.lookup(statement_index).of_record(rec):
        others = [aid for aid in dict.fromkeys(s.articles) if aid != a.id and aid in st.by_id]
        if s.id is None or not others:
            continue
        here = [mine[q] for q in s.reports if q in mine]
        words = ", ".join(f'<a href="#{H.attr(q.anchor)}"><q>{H.text(_words(q.text, 80))}</q></a>' for q in here[:3])
        more = f" and {len(here) - 3} more" if len(here) > 3 else ""
        elsewhere = "; ".join(
            f'<a href="{H.rel(url, st.by_id[o].article.url)}">{H.text(st.by_id[o].article.title)}</a> '
            f'({H.text(st.by_id[o].article.publisher or "publisher unknown")}, {human_date(st.by_id[o].article.date)})'
            for o in others)
        speaker = H.text(s.speaker or "the speaker")
        statements.append(
            f'<li><a class="annals-same-statement" href="{H.rel(url, statement_url(s.id))}">Statement {H.text(s.id)}</a> '
            f'by {speaker}, reported here ({words}{more}) and in {elsewhere} '
            f'<span class="annals-basis">— {_statement_basis(s)}</span></li>')
    if not items and not statements:
        return ""
    parts = ['<section class="annals-coverage"><h2 id="related-coverage">Related coverage</h2>']
    if items:
        parts.append(f'<p>Other articles about the same event:</p><ul>{"".join(items)}</ul>')
    if statements:
        parts.append(f'<p id="same-statement">The same statements in other articles (each page lists every report '
                     f'side by side):</p><ul>{"".join(statements)}</ul>')
    parts.append("</section>")
    return "".join(parts)
