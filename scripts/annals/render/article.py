"""The page of one article: its facts, the source text with every feature's marks, the sections
around it (``annals.render.kit.Features``).  Pure.

Each generated page is a Markdown file with YAML front matter whose body is one raw HTML block
built with :mod:`annals.render.html`, so that no source text is ever read as Markdown or HTML.
"""

from __future__ import annotations

import datetime as dt

from annals.model import AnnotatedArticle, Article, Paragraph
from annals.render import html as H
from annals.render.cite import cite_control
from annals.render.kit import (SITE_LANGUAGE, MarkProvider, RenderContext, fold, front_matter, human_date, robust_link,
                               wayback_url)

DATE_BASIS_TEXT = {
    "source": "stated in the source",
    "editor": "given by an editor",
    "missing": "not stated in the source",
}
TITLE_BASIS_TEXT = {
    "source": None,
    "editor": "Title supplied by an editor: the source has none.",
    "derived": "Untitled in the source: this title is the opening words, pending an editor.",
}


def title_basis_html(a: Article) -> str:
    """The line under the title that says whose it is: an editor's title never hides the source's own
    (issue 19, item 7), which is shown as published."""
    if a.title_basis == "editor" and a.source_title:
        return ('Title given by an editor. The source\'s own title, as published: '
                f'<cite class="annals-source-title">{H.text(a.source_title)}</cite>')
    return TITLE_BASIS_TEXT[a.title_basis] or ""


def paragraph_marks(rec: AnnotatedArticle, marks_of: tuple[MarkProvider, ...]) -> dict[int, list[H.Span]]:
    """Every provider's marks, grouped by paragraph number."""
    marks: dict[int, list[H.Span]] = {}
    for provider in marks_of:
        for n, span in provider(rec):
            marks.setdefault(n, []).append(span)
    return marks


def _paragraph(p: Paragraph, marks: list) -> str:
    return f'<p id="p{p.n}" class="annals-p">{H.spans(p.text, marks)}</p>'


def _caption(a: Article) -> str:
    """The photo caption and credit in the source's words (issue 19, item 1: ``(Image Credit: X)`` stays
    whole, the credit set apart by style only)."""
    if a.credit_line and a.credit and a.credit in a.credit_line:
        at = a.credit_line.index(a.credit)
        return H.spans(a.credit_line, [H.Span(at, at + len(a.credit), '<span class="annals-credit">', "</span>")])
    caption = H.text(a.caption) if a.caption else ""
    credit = f'<span class="annals-credit">{H.text(a.credit)}</span>' if a.credit else ""
    return caption + (" " if caption and credit else "") + credit


def _meta_box(a: Article, linked_on: dt.date | None = None) -> str:
    """The article's facts; ``linked_on``: the date of this edition, the version date of an undated original."""
    rows = []
    date_html = (f'<time datetime="{a.date.isoformat()}">{human_date(a.date)}</time>' if a.date else "Undated")
    basis = DATE_BASIS_TEXT[a.date_basis]
    note = f" — {H.text(a.date_text)}" if a.date_basis == "editor" and a.date_text else ""
    rows.append(("Date", f'{date_html} <span class="annals-basis">({basis}{note})</span>'))
    rows.append(("Publisher", H.text(a.publisher) if a.publisher else '<span class="annals-basis">unknown</span>'))
    if a.byline:
        rows.append(("Byline", H.text(a.byline)))
    if a.original_url:
        version_date = a.date or linked_on
        link = robust_link(a.original_url, version_date, H.text(a.original_url), "annals-original")
        link += (f' (<a href="{H.attr(wayback_url(a.original_url, version_date))}" rel="noopener nofollow">'
                 f'archived copy</a>)')
        if a.url_repair:
            link += (f'<br><span class="annals-basis">Repaired: the source has <code>{H.text(a.url_repair.found)}</code>; '
                     f'{H.text(a.url_repair.reason)}.</span>')
        rows.append(("Original", link))
    else:
        rows.append(("Original", '<span class="annals-basis">no URL in the source</span>'))
    rows.append(("Source file", f'<code>{H.text(a.source_file)}</code>, SHA-256 <code class="annals-sha">{a.sha256}</code>'))
    if a.encoding_note:
        rows.append(("Encoding", H.text(a.encoding_note)))
    cells = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return fold(f'<dl class="annals-meta">{cells}</dl>', "Date, publisher, original, source file", "annals-facts")


def render_article(rec: AnnotatedArticle, ctx: RenderContext) -> str:
    """The page of one article, with the features of the context (``ctx.features``)."""
    a = rec.article
    meta = {
        "id": a.id,
        "title": H.attr(a.title),  # the theme prints page titles unescaped: give it HTML
        "title_basis": a.title_basis,
        "source_title": a.source_title,
        "date": a.date.isoformat() if a.date else None,
        "date_basis": a.date_basis,
        "publisher": a.publisher,
        "original_url": a.original_url and H.safe_url(a.original_url),
        "source_file": a.source_file,
        "sha256": a.sha256,
        "officials": list(rec.officials),
        "elections": list(rec.elections),
    }
    other = a.language if a.language and a.language != SITE_LANGUAGE else None  # a Russian source: its language
    if other:
        meta["language"] = other  # <html lang> (overrides/partials/language.html), so Pagefind stems it as such
    for provider in ctx.features.front_matter:
        meta.update(provider(rec, ctx))
    parts = [f'<article class="annals-article" data-article-id="{a.id}">',
             f'<h1 id="title">{H.text(a.title)}</h1>']
    if basis := title_basis_html(a):
        parts.append(f'<p class="annals-editorial annals-title-basis">{basis}</p>')
    parts.append(f'<p class="annals-toolbar" data-pagefind-ignore>{cite_control("this article")}</p>')
    parts.append(_meta_box(a, ctx.config.edition_date))
    parts.extend(section(rec, ctx) for section in ctx.features.head)
    if a.caption or a.credit:
        parts.append(f'<figure class="annals-photo"><figcaption>{_caption(a)}</figcaption></figure>')
    lang = f' lang="{H.attr(other)}"' if other else ""
    parts.append(f'<div class="annals-source"{lang} data-pagefind-body>')
    marks = paragraph_marks(rec, ctx.features.marks)
    parts.extend(_paragraph(p, marks.get(p.n, [])) for p in a.paragraphs)
    for line in a.closing:
        parts.append(f'<p class="annals-closing">{H.text(line)}</p>')
    parts.append("</div>")
    if a.related:
        items = "".join(f"<li>{H.text(t)}</li>" for t in a.related)
        parts.append(f'<section class="annals-related"><h2 id="related-in-source">Related articles named in the source</h2>'
                     f"<ul>{items}</ul></section>")
    parts.extend(section(rec, ctx) for section in ctx.features.tail)
    parts.append("</article>")
    return front_matter(meta) + "\n".join(parts) + "\n"
