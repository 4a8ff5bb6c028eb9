"""Rendering of editorial annotations (issue 9): marks in the text, the notes, the editorial head, the W3C export.

- :func:`editorial_marks` (a ``MARK_PROVIDER``): the annotated words are wrapped in ``<mark>`` and followed
  by a marker, an empty link to the note whose glyph (the note's number; ``[sic]`` before a correction's)
  is drawn by CSS, so that the paragraph's text (``innerText``, a copied selection) stays the source's
  words exactly (issue 19, item 1).  The marker names the note for screen readers (``aria-label``) and is
  described by it (``aria-describedby``); ``docs/assets/reading.js`` opens the note beside the marker
  on click, hover and keyboard focus.
- :func:`notes_section` (a ``TAIL_SECTION``): the numbered list of the notes below the text, where each
  marker leads without JavaScript, each note with a link back to its words.
- :func:`editorial_head` (a ``HEAD_SECTION``): summary, context, provenance, reliability, the
  basis and confidence of an editor's date, same-event links.
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
from annals.render.kit import fold
from annals.render import kit

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
EXPORT_PATH = "data/annotations.jsonld"
CONTEXT_CHARS = 32
"""Characters of surrounding text given as prefix/suffix in the export (within the paragraph)."""

KIND_LABEL = {"note": "Editor's note", "correction": "Correction", "original": "Original text",
              "credit": "Source credited"}
"""What each kind of anchored annotation is called: the notes list and the markers' names."""


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
        href = ("" if ev.article == own_id else H.rel(page_url, kit.article_url(ev.article))) + text_fragment(ev)
        return (f' <span class="annals-evidence">Source: {where}, '
                f'<a href="{H.attr(href)}">“{H.text(ev.exact or "")}”</a>.</span>')
    if ev.url:
        label = H.text(ev.title or ev.url)
        return (f' <span class="annals-evidence">Source: <a href="{H.attr(H.safe_url(ev.url))}" rel="noopener nofollow">'
                f'{label}</a>.</span>')
    return f' <span class="annals-evidence">Source: {H.text(ev.citation or "")}.</span>'


def note_body(a: Anchored, page_url: str, own_id: str) -> str:
    """What a note says, as HTML: the kind, the words it is about, the note and its source.  Shown in the
    notes list and, by ``annotations.js``, in the popover beside the marker."""
    ev = evidence_html(a.source, a.needs_source, page_url, own_id)
    words = f'<q class="annals-note-words">{H.text(a.exact)}</q>'
    if a.kind == "correction":
        explain = f" {H.text(a.note)}" if a.note else ""
        return (f'<strong class="annals-note-label">[<i>sic</i>]</strong> {words} should read '
                f'<span class="annals-correct">{H.text(a.body)}</span>.{explain}{ev}')
    if a.kind == "original":
        language = H.text(a.language or "")
        return (f'<strong class="annals-note-label">Original ({language})</strong> of {words}: '
                f'<q lang="{H.attr(a.language or "")}">{H.text(a.body)}</q>{ev}')
    if a.kind == "credit":
        return f'<strong class="annals-note-label">Source credited</strong>: {H.text(a.body)} ({words}).'
    return f'<strong class="annals-note-label">Editor\'s note</strong> on {words}: {H.text(a.body)}{ev}'


def _marker(a: Anchored, n: int) -> str:
    """The marker after the highlighted words: an empty link to the note (its glyph is CSS's)."""
    return (f'<a class="annals-marker annals-marker-{a.kind}" href="#{a.id}-note" data-n="{n}" '
            f'aria-label="{KIND_LABEL[a.kind]} {n}" aria-describedby="{a.id}-about" data-pagefind-ignore></a>')


def editorial_marks(rec: AnnotatedArticle):
    """MARK_PROVIDER: the annotated words highlighted, a numbered marker right after them."""
    for n, a in enumerate(_editorial(rec).anchored, 1):
        open_ = f'<mark class="annals-mark annals-mark-{a.kind}" id="{a.id}">'
        yield a.paragraph, H.Span(a.start, a.end, open_, "</mark>", _marker(a, n))


def notes_section(rec: AnnotatedArticle, ctx) -> str:
    """TAIL_SECTION: the numbered notes, in the order of their markers, each linking back to its words."""
    ed = _editorial(rec)
    if not ed.anchored:
        return ""
    a = rec.article
    items = "".join(
        f'<li id="{x.id}-note" class="annals-note annals-note-{x.kind}">'
        f'<span class="annals-note-body" id="{x.id}-about">{note_body(x, a.url, a.id)}</span> '
        f'<a class="annals-note-back" href="#{x.id}" aria-label="Back to the words in paragraph {x.paragraph}">'
        f'¶{x.paragraph}</a></li>'
        for x in ed.anchored)
    return ('<section class="annals-notes" aria-labelledby="notes" data-pagefind-ignore>'
            '<h2 id="notes">Notes</h2>'
            '<p class="annals-basis">By the archive\'s editors, not part of the source; each is numbered as '
            'its marker in the text.</p>'
            f'<ol class="annals-notes-list">{items}</ol></section>')


def article_titles(ctx) -> dict[str, str]:
    """Article ID -> title, for the same-event links' text; built once per render (``ctx.lookup(article_titles)``)."""
    return {r.article.id: r.article.title for r in ctx.records}


def _editorial(rec: AnnotatedArticle) -> Editorial:
    return rec.editorial if rec.editorial is not None else Editorial(rec.article.id)


def same_event_deps(rec: AnnotatedArticle) -> set[str]:
    """The articles whose titles the head's same-event links show: ``Features.deps``."""
    return {link.id for link in rec.same_event}


def editorial_head(rec: AnnotatedArticle, ctx) -> str:
    """HEAD_SECTION: what the editors say about the article as a whole."""
    a = rec.article
    ed = _editorial(rec)
    titles = ctx.lookup(article_titles)
    links = rec.same_event
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
            items.append(f'<li><a href="{H.attr(H.rel(a.url, kit.article_url(link.id)))}">{label}</a>{note}</li>')
        rows.append(("Same event", f'<ul class="annals-same-event">{"".join(items)}</ul>'))
    if not rows:
        return ""
    cells = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    notes = (' Highlighted words in the text have a numbered note (<a href="#notes">Notes</a>, below the text).'
             if ed.anchored else "")
    intro = ('<p class="annals-basis">Written by the archive\'s editors, not part of the source; the source\'s '
             f'own words are unchanged.{notes}</p>')
    return ('<section class="annals-editorial-head" aria-labelledby="editorial" data-pagefind-ignore>'
            '<h2 id="editorial">Editorial annotations</h2>'
            + fold(intro + f'<dl class="annals-meta annals-ed-meta">{cells}</dl>',
                   ", ".join(k for k, _ in rows).capitalize())
            + '</section>')


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
                "source": "../" + kit.article_url(ev.article), "selector": sel}
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
        given = (f"Title given by an editor (the source's own title: {a.source_title})" if a.source_title
                 else "Title supplied by an editor")
        whole("title", "describing", _textual(f"{given}: {a.title}.{note}", "identifying"))
    if ed.byline and not a.byline:
        whole("byline", "describing", _textual(f"Byline given by an editor: {ed.byline}", "describing"))
    for link in rec.same_event:
        bodies = [{"id": "../" + kit.article_url(link.id), "purpose": "linking"}]
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
