"""Permalink controls on article pages (issue 5, item 1).  Pure.

Every paragraph of the running text has the anchor ``p<n>`` (``render._paragraph``; ``n`` counts the
paragraphs of the never-edited raw file, so it never changes) and every quotation the anchor of its
quote ID (``quote_render.quote_marks``).  ``permalink_marks`` is a MARK_PROVIDER that puts a "copy
link" control beside each: a real ``<a href="#anchor">`` that works without JavaScript (it is the
permalink), which ``docs/assets/permalinks.js`` enhances to copy the full URL to the clipboard.

The controls have no text (their glyphs are CSS's, so they are never part of the source's words nor
of what search indexes) and carry nothing from a source: their labels are fixed words, paragraph
numbers and quote IDs (``q-`` + hex digits).
"""

from __future__ import annotations

from annals.model import AnnotatedArticle, Quote
from annals.render import html as H
from annals.render.kit import KIND_TEXT
from annals.render.quotations import MARKS, about_id



def control(anchor: str, what: str, kind: str, described_by: str | None = None) -> str:
    """The link to ``#anchor``; ``what`` names the target for screen readers (``Link to ...``, which
    ``permalinks.js`` makes ``Copy link to ...`` where it copies); ``described_by``: the id of what
    describes the target (a quotation's speaker, kind and confidence).

    The element has no text: its glyph (¶ for a paragraph, # for a quotation, by ``kind`` ``p`` or
    ``q``) is drawn by CSS, so that the paragraph's text and a copied selection never hold it, and a
    quotation's takes no room among the words until it is shown (annals.css).  It carries no text for
    Pagefind either.  Kept short: a page has one per paragraph and per quotation."""
    described = f' aria-describedby="{H.attr(described_by)}"' if described_by else ""
    return (f'<a class="annals-permalink annals-permalink-{kind}" href="#{H.attr(anchor)}" '
            f'aria-label="Link to {H.attr(what)}"{described}></a>')


def _quote_start(q: Quote, texts: dict[int, str]) -> tuple[int, int]:
    """Paragraph and offset of the quotation's first word (before its opening mark)."""
    first = q.spans[0]
    text = texts.get(first.paragraph, "")
    start = first.start - 1 if q.kind != "reported" and first.start > 0 and text[first.start - 1] in MARKS else first.start
    return first.paragraph, start


def permalink_marks(rec: AnnotatedArticle):
    """A copy-link control where each quotation begins (its glyph drawn in the space before it, so that it
    never covers the paragraph's control or a note's marker after the words) and at the end of each paragraph."""
    texts = {p.n: p.text for p in rec.article.paragraphs}
    for q in rec.quotes:
        n, start = _quote_start(q, texts)
        yield n, H.Span(start, start, control(q.id, f"this {KIND_TEXT[q.kind]}", "q", about_id(q)), "")
    for p in rec.article.paragraphs:
        yield p.n, H.Span(len(p.text), len(p.text), control(f"p{p.n}", f"paragraph {p.n}", "p"), "")
