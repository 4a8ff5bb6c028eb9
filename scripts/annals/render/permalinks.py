"""Permalink controls on article pages (issue 5, item 1).  Pure.

Every paragraph of the running text has the anchor ``p<n>`` (``render._paragraph``; ``n`` counts the
paragraphs of the never-edited raw file, so it never changes) and every quotation the anchor of its
quote ID (``quote_render.quote_marks``).  ``permalink_marks`` is a MARK_PROVIDER that puts a "copy
link" control beside each: a real ``<a href="#anchor">`` that works without JavaScript (it is the
permalink), which ``docs/assets/permalinks.js`` enhances to copy the full URL to the clipboard.

The controls are annotations (class ``annals-annotation``: never part of the source's words), are
kept out of the search index (``data-pagefind-ignore``) and carry nothing from a source: their text
and labels are fixed words, paragraph numbers and quote IDs (``q-`` + hex digits).
"""

from __future__ import annotations

from annals.model import AnnotatedArticle, Quote
from annals.render import html as H
from annals.render.kit import KIND_TEXT
from annals.render.quotations import MARKS



def control(anchor: str, what: str, kind: str) -> str:
    """The copy-link control for ``#anchor``; ``what`` names the target for screen readers.

    The element has no text: its glyph (¶ for a paragraph, # for a quotation, by ``kind`` ``p`` or
    ``q``) is drawn by CSS, so that copying the article's text never copies the controls."""
    return (f'<a class="annals-annotation annals-permalink annals-permalink-{kind}" href="#{H.attr(anchor)}" '
            f'data-permalink="{H.attr(anchor)}" data-pagefind-ignore aria-label="Copy link to {H.attr(what)}" '
            f'title="Link to {H.attr(what)} (click to copy)"></a>')


def _quote_end(q: Quote, texts: dict[int, str]) -> tuple[int, int]:
    """Paragraph and offset just after the quotation's last piece (and its closing mark)."""
    last = q.spans[-1]
    text = texts.get(last.paragraph, "")
    end = last.end + 1 if q.kind != "reported" and last.end < len(text) and text[last.end] in MARKS else last.end
    return last.paragraph, end


def permalink_marks(rec: AnnotatedArticle):
    """A copy-link control after each quotation (and its speaker label) and at the end of each paragraph."""
    texts = {p.n: p.text for p in rec.article.paragraphs}
    for q in rec.quotes:
        n, end = _quote_end(q, texts)
        yield n, H.Span(end, end, control(q.id, f"this {KIND_TEXT[q.kind]}", "q"), "")
    for p in rec.article.paragraphs:
        yield p.n, H.Span(len(p.text), len(p.text), control(f"p{p.n}", f"paragraph {p.n}", "p"), "")
