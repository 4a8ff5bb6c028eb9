"""Rendering of editorial annotations (issue 9): marks in the text, the editorial head, the W3C export.

- :func:`editorial_marks` (a ``MARK_PROVIDER``): the annotated words are wrapped in ``<mark>``
  and the note follows them inline, in brackets, as an element of class ``annals-annotation``,
  so it works without JavaScript and the source words stay exactly as they are.
- :func:`editorial_head` (a ``HEAD_SECTION``): summary, context, provenance, reliability, the
  basis and confidence of an editor's date, same-event links, and a list of the notes in the text.
- :func:`annotations_page` (a ``PAGE_PROVIDER``): ``data/annotations.jsonld``, every annotation as
  a W3C Web Annotation (``AnnotationCollection``), anchored notes with a ``TextQuoteSelector``.

Everything from a sidecar reaches the page through :mod:`annals.render.html`.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from annals.annotate.editorial import RELIABILITY_TEXT
from annals.model import AnnotatedArticle, Anchored, Editorial, Evidence
from annals.render import html as H

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
EXPORT_PATH = "data/annotations.jsonld"
CONTEXT_CHARS = 32
"""Characters of surrounding text given as prefix/suffix in the export (within the paragraph)."""

KIND_LABEL = {"note": "Editor's note", "correction": "sic", "original": "Original", "credit": "Source credited"}


def _fragment_text(s: str) -> str:
    """Percent-encode a piece of a text fragment directive (``-``, ``,`` and ``&`` are syntax there)."""
    return quote(s, safe="").replace("-", "%2D")


def text_fragment(ev: Evidence) -> str:
    """``#:~:text=`` link to the evidence words (browsers that support it scroll to and highlight them)."""
    parts = []
    if ev.prefix:
        parts.append(_fragment_text(ev.prefix) + "-")
    parts.append(_fragment_text(ev.exact or ""))
    if ev.suffix:
        parts.append("-" + _fragment_text(ev.suffix))
    return "#:~:text=" + ",".join(parts)


def evidence_html(ev: Evidence | None, needs_source: bool, page_url: str, own_id: str) -> str:
    """``Source: ...`` for a note or correction; ``source needed`` when the editor has none yet."""
    if ev is None:
        return ' <span class="annals-needs-source">[source needed]</span>' if needs_source else ""
    if ev.article:
        where = "this article" if ev.article == own_id else f"archived article {ev.article}"
        href = ("" if ev.article == own_id else H.rel(page_url, f"articles/{ev.article}/")) + text_fragment(ev)
        return (f' <span class="annals-evidence">Source: {where}, '
                f'<a href="{H.attr(href)}">“{H.text(ev.exact or "")}”</a>.</span>')
    if ev.url:
        label = H.text(ev.title or ev.url)
        return (f' <span class="annals-evidence">Source: <a href="{H.attr(H.safe_url(ev.url))}" rel="noopener nofollow">'
                f'{label}</a>.</span>')
    return f' <span class="annals-evidence">Source: {H.text(ev.citation or "")}.</span>'


def _note_html(a: Anchored, page_url: str, own_id: str) -> str:
    """The bracketed note placed right after the highlighted words."""
    ev = evidence_html(a.source, a.needs_source, page_url, own_id)
    if a.kind == "correction":
        inner = (f'[<i>sic</i>; should read: <span class="annals-correct">{H.text(a.body)}</span>'
                 + (f" — {H.text(a.note)}" if a.note else "") + f"{ev}]")
    elif a.kind == "original":
        inner = (f'[Original ({H.text(a.language or "")}): '
                 f'<q lang="{H.attr(a.language or "")}">{H.text(a.body)}</q>{ev}]')
    elif a.kind == "credit":
        inner = f"[The article credits {H.text(a.body)} here.]"
    else:
        inner = f'[<span class="annals-note-label">Editor\'s note:</span> {H.text(a.body)}{ev}]'
    # The space before the bracket is inside the note, so that without the note the source reads as written.
    return (f'<span class="annals-annotation annals-ed-{a.kind}" id="{a.id}-note" role="note" '
            f'data-pagefind-ignore> {inner}</span>')


def editorial_marks(rec: AnnotatedArticle):
    """MARK_PROVIDER: the annotated words highlighted, the note right after them."""
    for a in _editorial(rec).anchored:
        open_ = (f'<mark class="annals-mark annals-mark-{a.kind}" id="{a.id}" '
                 f'aria-describedby="{a.id}-note">')
        yield a.paragraph, H.Span(a.start, a.end, open_, "</mark>", _note_html(a, rec.article.url, rec.article.id))


def article_titles(ctx) -> dict[str, str]:
    """Article ID -> title, for the same-event links' text; built once per render (``ctx.lookup(article_titles)``)."""
    return {r.article.id: r.article.title for r in ctx.records}


def _editorial(rec: AnnotatedArticle) -> Editorial:
    return rec.editorial if rec.editorial is not None else Editorial(rec.article.id)


def editorial_head(rec: AnnotatedArticle, ctx) -> str:
    """HEAD_SECTION: what the editors say about the article as a whole."""
    a = rec.article
    ed = _editorial(rec)
    titles = ctx.lookup(article_titles)
    links = rec.same_event
    if ed.empty and not links:
        return ""
    rows = []
    if ed.summary:
        rows.append(("Summary", H.text(ed.summary)))
    if ed.context:
        rows.append(("Context", H.text(ed.context)))
    if ed.provenance or ed.relies_on:
        prov = H.text(ed.provenance or "")
        if ed.relies_on:
            prov += (' <span class="annals-basis">The text credits: '
                     + ", ".join(H.text(n) for n in ed.relies_on) + ".</span>")
        rows.append(("Provenance", prov))
    if ed.reliability:
        rows.append(("Reliability", f'<strong class="annals-reliability" data-label="{H.attr(ed.reliability)}">'
                                    f'{H.text(RELIABILITY_TEXT[ed.reliability])}</strong>'
                                    + (f" — {H.text(ed.reliability_note)}" if ed.reliability_note else "")))
    if a.date_basis == "editor" and a.date:
        conf = (f"confidence {H.text(ed.date_confidence)}" if ed.date_confidence else "confidence not stated")
        rows.append(("Date", f'<time datetime="{a.date.isoformat()}">{a.date.isoformat()}</time> is an editor\'s '
                             f'date, {conf}; its basis is given above.'))
    if a.title_basis == "editor" and ed.title_note:
        rows.append(("Title", H.text(ed.title_note)))
    if ed.byline and not a.byline:
        rows.append(("Byline", f"{H.text(ed.byline)} (given by an editor)"))
    if links:
        items = []
        for link in links:
            title = titles.get(link.id)
            label = H.text(title) + f' <span class="annals-basis">({link.id})</span>' if title else link.id
            note = f" — {H.text(link.note)}" if link.note else ""
            items.append(f'<li><a href="{H.attr(H.rel(a.url, f"articles/{link.id}/"))}">{label}</a>{note}</li>')
        rows.append(("Same event", f'<ul class="annals-same-event">{"".join(items)}</ul>'))
    if ed.anchored:
        items = "".join(
            f'<li><a href="#{x.id}">{"[sic] " if x.kind == "correction" else ""}“{H.text(x.exact)}”</a> '
            f'<span class="annals-basis">(¶{x.paragraph}, {KIND_LABEL[x.kind].lower()})</span></li>'
            for x in ed.anchored)
        rows.append(("In the text", f'<ul class="annals-ed-index">{items}</ul>'))
    cells = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return ('<section class="annals-editorial-head" aria-labelledby="editorial" data-pagefind-ignore>'
            '<h2 id="editorial">Editorial annotations</h2>'
            '<p class="annals-basis">Written by the archive\'s editors, not part of the source. In the text, '
            'highlighted words carry a bracketed note; the source\'s own words are unchanged.</p>'
            f'<dl class="annals-meta annals-ed-meta">{cells}</dl></section>')


# ---- export: W3C Web Annotations ---------------------------------------------------------

def _textual(value: str, purpose: str | None = None, language: str = "en") -> dict:
    body = {"type": "TextualBody", "value": value, "format": "text/plain", "language": language}
    if purpose:
        body["purpose"] = purpose
    return body


def _quote_selector(text: str, start: int, end: int) -> dict:
    """TextQuoteSelector with up to CONTEXT_CHARS of the paragraph's own text either side."""
    sel = {"type": "TextQuoteSelector", "exact": text[start:end]}
    prefix, suffix = text[max(0, start - CONTEXT_CHARS):start], text[end:end + CONTEXT_CHARS]
    if prefix:
        sel["prefix"] = prefix
    if suffix:
        sel["suffix"] = suffix
    return sel


def _evidence_body(ev: Evidence) -> dict:
    if ev.article:
        sel = {"type": "TextQuoteSelector", "exact": ev.exact}
        if ev.prefix:
            sel["prefix"] = ev.prefix
        if ev.suffix:
            sel["suffix"] = ev.suffix
        return {"type": "SpecificResource", "purpose": "linking",
                "source": f"../articles/{ev.article}/", "selector": sel}
    if ev.url:
        body = {"id": H.safe_url(ev.url), "purpose": "linking"}
        if ev.title:
            body["label"] = ev.title
        return body
    return _textual(f"Source: {ev.citation}", "linking")


MOTIVATION = {"note": "commenting", "correction": "editing", "original": "describing", "credit": "identifying"}


def article_annotations(rec: AnnotatedArticle) -> list[dict]:
    """Every editorial annotation of one article as W3C Web Annotations (IRIs relative to the export file),
    its same-event links both ways included (``rec.same_event``)."""
    a = rec.article
    ed = _editorial(rec)
    page = f"../{a.url}"
    texts = {p.n: p.text for p in a.paragraphs}
    out = []
    for x in ed.anchored:
        if x.kind == "correction":
            bodies = [_textual(x.body, "editing")] + ([_textual(x.note, "commenting")] if x.note else [])
        elif x.kind == "original":
            bodies = [_textual(x.body, "describing", language=x.language or "und")]
        elif x.kind == "credit":
            bodies = [_textual(f"The article credits {x.body} here.", "identifying")]
        else:
            bodies = [_textual(x.body, "commenting")]
        if x.source is not None:
            bodies.append(_evidence_body(x.source))
        elif x.needs_source:
            bodies.append(_textual("Source needed: an editor has yet to confirm this.", "questioning"))
        out.append({
            "id": f"{page}#{x.id}", "type": "Annotation", "motivation": MOTIVATION[x.kind],
            "body": bodies[0] if len(bodies) == 1 else bodies,
            "target": {"source": page, "selector": _quote_selector(texts[x.paragraph], x.start, x.end)},
        })

    def whole(suffix: str, motivation: str, body) -> None:
        out.append({"id": f"{page}#editorial-{suffix}", "type": "Annotation", "motivation": motivation,
                    "body": body, "target": page})

    if ed.summary:
        whole("summary", "describing", _textual(ed.summary, "describing"))
    if ed.context:
        whole("context", "commenting", _textual(ed.context, "commenting"))
    if ed.provenance or ed.relies_on:
        text = (ed.provenance or "") + (f" The text credits: {', '.join(ed.relies_on)}." if ed.relies_on else "")
        whole("provenance", "describing", _textual(text.strip(), "describing"))
    if ed.reliability:
        bodies = [_textual(ed.reliability, "classifying")]
        if ed.reliability_note:
            bodies.append(_textual(ed.reliability_note, "reviewing"))
        whole("reliability", "reviewing", bodies)
    if a.date_basis == "editor" and a.date:
        conf = f" Confidence: {ed.date_confidence}." if ed.date_confidence else ""
        whole("date", "describing", _textual(f"Date {a.date.isoformat()}, given by an editor. Basis: "
                                             f"{a.date_text or 'not stated'}.{conf}", "describing"))
    if a.title_basis == "editor":
        note = f" {ed.title_note}" if ed.title_note else ""
        whole("title", "describing", _textual(f"Title supplied by an editor: {a.title}.{note}", "identifying"))
    if ed.byline and not a.byline:
        whole("byline", "describing", _textual(f"Byline given by an editor: {ed.byline}", "describing"))
    for link in rec.same_event:
        bodies = [{"id": f"../articles/{link.id}/", "purpose": "linking"}]
        if link.note:
            bodies.append(_textual(link.note, "commenting"))
        whole(f"same-event-{link.id}", "linking", bodies if len(bodies) > 1 else bodies[0])
    return out


def annotations_page(records: list[AnnotatedArticle], ctx) -> dict[str, str]:
    """PAGE_PROVIDER: ``data/annotations.jsonld``, one AnnotationCollection with a single page."""
    items = []
    for rec in sorted(records, key=lambda r: r.article.id):
        items.extend(article_annotations(rec))
    head = {
        "@context": ANNO_CONTEXT,
        "id": "annotations.jsonld",
        "type": "AnnotationCollection",
        "label": "Editorial annotations of the Annals archive",
        "total": len(items),
    }
    page = {"id": "annotations.jsonld#page-1", "type": "AnnotationPage", "startIndex": 0}
    # One annotation per line: readable diffs, and compact dumps use the C encoder (indented ones do not).
    dump = lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":"))  # noqa: E731
    lines = ",\n".join(dump(item) for item in items)
    text = (dump(head)[:-1] + ',\n"first":' + dump(page)[:-1] + ',"items":[\n' + lines + ("\n" if items else "")
            + "]}}\n")
    return {EXPORT_PATH: text}
