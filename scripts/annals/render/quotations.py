"""Quotations on the page and in the data files (issue 3).  Pure.

* ``quote_marks``: a MARK_PROVIDER.  Each quotation's words are wrapped in a ``span`` with class
  ``annals-quote annals-quote-<kind>``, ``data-quote-id``, ``data-kind`` and ``data-speaker`` (the
  gazetteer ID, or the name of an unlisted speaker) and ``data-statement`` (its statement's ID, when it
  has a page); the first span carries ``id="<quote id>"`` (the anchor).  Nothing is inserted among the source's words (issue 19, item 3): who spoke, the kind and the
  confidence are the span's ``title`` (shown on hover without JavaScript), the description of the
  quotation's copy-link control (``aria-describedby``, read on keyboard focus) and a line of the list
  below the text; ``docs/assets/annotations.js`` shows that line beside the words on hover and focus.
  Reported speech gets only an empty anchor where its clause begins (its clauses are long and would
  cross editors' notes).
* ``quotes_section``: a TAIL_SECTION listing the article's quotations and reported speech, each
  linking to its anchor, with who spoke, the kind, the confidence and a cite control.
* ``quote_rows``, ``official_rows``, ``election_rows``: the rows of ``data/quotes.*``,
  ``data/officials.*`` and ``data/elections.*`` (schemas in ``schemas/``); ``annals.render.downloads``
  writes them as JSON, CSV and JSON Lines.
"""

from __future__ import annotations

from annals.model import AnnotatedArticle, Quote
from annals.render import html as H
from annals.render.kit import KIND_TEXT, quote_url, unattributed_html, unattributed_text
from annals.render import kit

MARKS = "\"“”«»„'‘’"

LIST_WORDS = 200
"""Characters of a quotation shown in the list below the text (the whole of it is in the text above)."""


def speaker_text(q: Quote) -> str:
    """Who said it, in words: the speaker with role (held that day) or the title the text gives, an
    institution said to be one, the document, the channel; or ``unattributed (<why>)``.  Plain text
    (escape it where it is written)."""
    if q.kind == "scare":
        return ""
    if not q.speaker or q.speaker_kind == "none":
        return unattributed_text(q.unattributed_reason)
    title = q.role or q.speaker_title
    out = q.speaker + (f", {title}" if title else "")
    if q.speaker_kind == "institution":
        out += ", an institution, no person named"
    if q.document:
        out += f" ({q.document})"
    if q.via:
        out += f", via {q.via}"
    return out


def quote_basis(q: Quote) -> list[str]:
    """The kind and, for a quotation with a speaker, the confidence of the attribution."""
    out = [KIND_TEXT[q.kind]]
    if q.kind != "scare" and q.speaker and q.speaker_kind != "none":
        out.append(f"{q.confidence} confidence" + (", confirmed by an editor" if q.reviewed else ""))
    return out


def quote_about(q: Quote) -> str:
    """One line about a quotation: who, what kind, how sure (the words' ``title``)."""
    return " — ".join(x for x in (speaker_text(q), "; ".join(quote_basis(q))) if x)


def about_id(q: Quote) -> str:
    """HTML id of the line about a quotation in the list below the text (``aria-describedby`` target)."""
    return f"{q.id}-about"


def quote_marks(rec: AnnotatedArticle):
    """Spans around each quotation's words (not reported speech), the anchor on the first."""
    texts = {p.n: p.text for p in rec.article.paragraphs}
    statement_of = {qid: st.id for st in rec.statements if st.id for qid in st.reports}
    for q in rec.quotes:
        statement = (f' data-statement="{H.attr(statement_of[q.id])}"' if q.id in statement_of else "")
        if q.kind == "reported":  # an anchor only, where the reported clause begins
            s = q.spans[0]
            yield s.paragraph, H.Span(s.start, s.start, f'<span id="{H.attr(q.id)}" class="annals-quote-anchor" '
                                      f'data-quote-id="{H.attr(q.id)}" data-kind="reported" '
                                      f'data-speaker="{H.attr(q.speaker_id or q.speaker or "")}"{statement}>', "</span>")
            continue
        speaker = q.speaker_id or q.speaker or ""
        about = H.attr(quote_about(q))
        for i, s in enumerate(q.spans):
            anchor = f' id="{H.attr(q.id)}"' if i == 0 else ""
            text = texts.get(s.paragraph, "")
            start = s.start - 1 if s.start > 0 and text[s.start - 1] in MARKS else s.start  # the marks too
            end = s.end + 1 if s.end < len(text) and text[s.end] in MARKS else s.end
            open_ = (f'<span{anchor} class="annals-quote annals-quote-{q.kind}" data-quote-id="{H.attr(q.id)}" '
                     f'data-kind="{q.kind}" data-speaker="{H.attr(speaker)}"{statement} title="{about}">')
            yield s.paragraph, H.Span(start, end, open_, "</span>")


def quote_permalink(q: Quote) -> str:
    """Site-relative permalink of a quotation."""
    return quote_url(q.article_id, q.id)


def _list_words(text: str) -> str:
    return text if len(text) <= LIST_WORDS else text[: LIST_WORDS - 1].rstrip() + "…"


def quotes_section(rec: AnnotatedArticle, ctx, item_extra=None, about_extra=None) -> str:
    """The list of the article's quotations below the text: who spoke (with role or title), the kind,
    the confidence, the words (linking to their anchor; cut at ``LIST_WORDS`` characters).

    ``item_extra(quote, rec, ctx)``, if given, adds HTML at the end of each item (the quotation's cite control);
    ``about_extra(quote, rec, ctx)`` at the end of the line about it (``#<id>-about``, which the words' popover
    and the copy-link control's description show: the link to the quotation's statement).
    """
    if not rec.quotes:
        return ""
    items = []
    for q in rec.quotes:
        if q.kind == "scare":
            who = ""
        elif q.speaker and q.speaker_kind != "none":
            who = f'<span class="annals-quote-speaker">{H.text(q.speaker)}</span>'
            who += H.text(speaker_text(q)[len(q.speaker):])
        else:
            who = f'<span class="annals-quote-speaker annals-quote-unattributed">{unattributed_html(q.unattributed_reason)}</span>'
        basis = "; ".join(quote_basis(q))
        about = f'{who} <span class="annals-basis">({basis})</span>' if who else f'<span class="annals-basis">{basis}</span>'
        if about_extra:
            about += about_extra(q, rec, ctx)
        items.append(f'<li class="annals-quote-item" data-kind="{q.kind}">'
                     f'<span class="annals-quote-about" id="{H.attr(about_id(q))}">{about}</span> '
                     f'<a class="annals-quote-link" href="#{H.attr(q.id)}">“{H.text(_list_words(q.text))}”</a>'
                     f'{item_extra(q, rec, ctx) if item_extra else ""}</li>')
    return (f'<section class="annals-quotes"><h2 id="quotations">Quotations and reported speech</h2>'
            f'<ul>{"".join(items)}</ul></section>')


def quote_export(q: Quote) -> dict:
    """One entry of ``data/quotes.json``."""
    return {
        "id": q.id, "article_id": q.article_id, "speaker_id": q.speaker_id, "speaker": q.speaker, "text": q.text,
        "kind": q.kind, "via": q.via, "confidence": q.confidence, "url": quote_permalink(q), "role": q.role,
        "document": q.document, "method": q.method or None, "reviewed": q.reviewed, "paragraph": q.spans[0].paragraph,
        "speaker_kind": q.speaker_kind, "speaker_title": q.speaker_title, "unattributed_reason": q.unattributed_reason,
    }


def quote_rows(records: list[AnnotatedArticle]) -> list[dict]:
    """Rows of ``data/quotes.*``: every quotation, by article ID then text order."""
    return [quote_export(q) for r in sorted(records, key=lambda r: r.article.id) for q in r.quotes]


def official_rows(records: list[AnnotatedArticle], archive) -> list[dict]:
    """Rows of ``data/officials.*``: the gazetteer of people, each with its page and its articles."""
    articles_of: dict = {}
    quotes_of: dict = {}
    for r in sorted(records, key=lambda r: r.article.id):
        for pid in r.officials:
            articles_of.setdefault(pid, []).append(r.article.id)
        for q in r.quotes:
            if q.speaker_id:
                quotes_of[q.speaker_id] = quotes_of.get(q.speaker_id, 0) + 1
    return [{
        "id": o.id, "name": o.name, "other_names": list(o.other_names), "gender": o.gender,
        "russian_official": o.russian_official, "wikidata": o.wikidata, "description": o.description,
        "memberships": [{"role": m.role, "organization": m.organization,
                         "start_date": m.start_date.isoformat() if m.start_date else None,
                         "end_date": m.end_date.isoformat() if m.end_date else None,
                         "approximate": m.approximate} for m in o.memberships],
        "sources": [H.safe_url(u) for u in o.sources], "url": kit.official_url(o.id),
        "articles": articles_of.get(o.id, []), "quotes": quotes_of.get(o.id, 0),
    } for o in archive.officials]


def election_rows(records: list[AnnotatedArticle], archive) -> list[dict]:
    """Rows of ``data/elections.*``: the gazetteer of elections, each with its page and its articles."""
    elections_of: dict = {}
    for r in sorted(records, key=lambda r: r.article.id):
        for e in r.elections:
            elections_of.setdefault(e, []).append(r.article.id)
    return [{
        "id": e.id, "country": e.country, "title": e.title, "date": e.date.isoformat(), "winner": e.winner,
        "runner_up": e.runner_up, "candidates": list(e.candidates), "electoral_votes": dict(e.electoral_votes),
        "vote_percent": dict(e.vote_percent), "inauguration": e.inauguration.isoformat() if e.inauguration else None,
        "notes": e.notes, "sources": [H.safe_url(u) for u in e.sources], "url": kit.election_url(e.id),
        "articles": elections_of.get(e.id, []),
    } for e in archive.elections]
