"""Statement pages (issue 22): one page per statement with every report of it.  Pure.

``statements/<id>/``: who said it and when, then every report: its wording (the words that differ from
the first direct wording marked word by word, by an underline and a label, not by colour alone), its
article, outlet, date and kind, the speaker as that article gives them, and the original-language
words beside it where known; then why the reports are grouped (the basis of each link: a similarity
score, an editor).  ``statements/``: every statement, newest first (paginated).  A statement merged
into another keeps its URL through the redirect the build makes from ``archive/statements.txt``.

The records carry the statements (``AnnotatedArticle.statements``, link stage); this module only
reads them.  Everything from a source or a sidecar reaches the page through :mod:`annals.render.html`.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, replace

from annals.link.statements import script_language
from annals.model import AnnotatedArticle, Quote, Statement, StatementEdge
from annals.render import html as H
from annals.render import listing
from annals.render.browse.common import index_of
from annals.render.languages import language_name
from annals.render.kit import KIND_TEXT, SITE_LANGUAGE, RenderContext, front_matter, human_date, plural, statement_url
from annals.render import kit

WORDS = re.compile(r"\w+(?:['’]\w+)*|[^\w\s]+|\s+")
DIRECT = ("full", "partial")


@dataclass(frozen=True, slots=True)
class StatementIndex:
    """Lookups of the statement pages over every record, built once per render (``ctx.lookup``)."""

    statements: tuple[Statement, ...]
    """Every statement of the records (each once), by key."""
    by_quote: dict[str, Statement]
    """Quotation ID -> its statement (quotations reported once are not in it)."""
    quotes: dict[str, tuple[Quote, AnnotatedArticle]]
    """Quotation ID -> the quotation and its article."""
    records: dict[str, AnnotatedArticle]
    """Article ID -> record."""

    def of_record(self, rec: AnnotatedArticle) -> list[Statement]:
        """The statements that quotations of ``rec`` report, as this render has them (reports whose records
        it does not hold are left out)."""
        out: dict[str, Statement] = {}
        for q in rec.quotes:
            s = self.by_quote.get(q.id)
            if s is not None:
                out.setdefault(s.key, s)
        return [out[k] for k in sorted(out)]

    @property
    def published(self) -> list[Statement]:
        """The statements with a page (a permanent ID), newest first."""
        return sorted((s for s in self.statements if s.id), key=lambda s: (s.date is None, -(s.date.toordinal() if s.date else 0), s.id))

    def key_of(self, q: Quote) -> str:
        """What counts as one statement: the statement's key, or the quotation's own ID when it is reported once."""
        s = self.by_quote.get(q.id)
        return s.key if s is not None else q.id


def statement_index(ctx: RenderContext) -> StatementIndex:
    """The lookups of the context's records (``ctx.lookup(statement_index)``)."""
    quotes = {q.id: (q, r) for r in ctx.records for q in r.quotes}
    seen: dict[str, Statement] = {}
    for r in ctx.records:
        for s in r.statements:
            seen.setdefault(s.key, s)
    statements = []
    for k in sorted(seen):
        s = seen[k]
        if any(q not in quotes for q in s.reports):  # a render of some records only: the reports it has
            kept = [(q, a) for q, a in zip(s.reports, s.articles) if q in quotes]
            if not kept:
                continue
            s = replace(s, reports=tuple(q for q, _ in kept), articles=tuple(a for _, a in kept),
                        edges=tuple(e for e in s.edges if e.a in quotes and e.b in quotes),
                        originals=tuple(o for o in s.originals if o.quote_id in quotes))
        statements.append(s)
    return StatementIndex(tuple(statements), {q: s for s in statements for q in s.reports}, quotes,
                          {r.article.id: r for r in ctx.records})


def outlets(s: Statement, index: StatementIndex) -> list[str]:
    """The outlets that report it, each once, in report order (an unknown outlet counts once per article)."""
    out: dict[str, None] = {}
    for aid in s.articles:
        a = index.records[aid].article
        out.setdefault(a.publisher or f"publisher unknown ({aid})")
    return list(out)


def reported_by(s: Statement, index: StatementIndex) -> str:
    """``6 reports in 2 articles by 2 outlets``."""
    n_articles = len(set(s.articles))
    n_outlets = len(outlets(s, index))
    return (f"{plural(len(s.reports), 'report')} in {plural(n_articles, 'article')}"
            f" by {plural(n_outlets, 'outlet')}")


def speaker_name(s: Statement, ctx: RenderContext) -> str:
    """The speaker's name: the gazetteer's, or as the reports write it."""
    if s.speaker_id:
        o = next((o for o in ctx.archive.officials if o.id == s.speaker_id), None)
        if o is not None:
            return o.name
    return s.speaker or "speaker not identified"


def title_of(s: Statement, ctx: RenderContext) -> str:
    """``Statement by Vladimir Putin, 15 December 2020``."""
    return f"Statement by {speaker_name(s, ctx)}, {human_date(s.date)}"


# ---- the words -------------------------------------------------------------------------------

def _tokens(text: str) -> list[str]:
    return WORDS.findall(text)


def marked_differences(reference: str, text: str) -> tuple[str, int]:
    """``text`` as HTML with each run of its words that the reference wording lacks in an ``<ins>``
    (underlined; its label says what it means), and how many words differ.  Words are compared without
    case and punctuation."""
    tokens = _tokens(text)
    words = [(i, t.casefold()) for i, t in enumerate(tokens) if t[:1].isalnum() or t[:1] == "_"]
    ref = [t.casefold() for t in _tokens(reference) if t[:1].isalnum() or t[:1] == "_"]
    matcher = difflib.SequenceMatcher(None, ref, [w for _, w in words], autojunk=False)
    differ: set[int] = set()
    for tag, _, _, j1, j2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            differ.update(words[j][0] for j in range(j1, j2))
    out, run = [], []

    def close():
        if run:
            # trailing spaces stay outside the mark
            inner = "".join(run).rstrip()
            tail = "".join(run)[len(inner):]
            out.append(f'<ins class="annals-diff">{H.text(inner)}</ins>{H.text(tail)}')
            run.clear()
    for i, t in enumerate(tokens):
        if i in differ or (run and t.isspace() and any(k in differ for k in range(i + 1, min(i + 2, len(tokens))))):
            run.append(t)
        else:
            close()
            out.append(H.text(t))
    close()
    return "".join(out), len([i for i in differ])


def reference_report(reports: tuple[str, ...] | list[str], index: StatementIndex) -> str:
    """The report the others are compared with: the first direct quotation, else the first report."""
    for qid in reports:
        if index.quotes[qid][0].kind in DIRECT:
            return qid
    return reports[0]


def passages(s: Statement) -> list[list[str]]:
    """The reports grouped by passage: those joined by their words (or by an editor), not only because
    the same articles report them side by side; passages in the order of their first report."""
    parent = {q: q for q in s.reports}

    def find(x: str) -> str:
        while parent[x] != x:
            x = parent[x]
        return x
    for e in s.edges:
        if e.basis != "passage" and e.a in parent and e.b in parent:
            a, b = find(e.a), find(e.b)
            if a != b:
                parent[max(a, b)] = min(a, b)
    groups: dict[str, list[str]] = {}
    for q in s.reports:
        groups.setdefault(find(q), []).append(q)
    return list(groups.values())


# ---- the page ------------------------------------------------------------------------------------

def _speaker_as_given(q: Quote) -> str:
    from annals.render.quotations import speaker_text  # the one wording of who spoke
    return speaker_text(q)


def _basis_text(e: StatementEdge, index: StatementIndex, url: str) -> str:
    def words(qid: str) -> str:
        q, r = index.quotes[qid]
        return (f'<a href="{H.attr(H.rel(url, f"{r.article.url}#{q.anchor}"))}">“{H.text(H.cut(q.text, 70))}”</a> '
                f'({H.text(r.article.publisher or "publisher unknown")})')
    if e.basis == "similar":
        what = f"words alike: {e.score:.0f}% of the shorter report's words are in the other"
    elif e.basis == "occasion":
        what = f"one occasion ({H.text((e.note or '').removeprefix('same occasion: '))}), and {e.score:.0f}% of the shorter report's words are in the other"
    elif e.basis == "message":
        what = f"two reports of one written message ({H.text(e.note or '')})"
    elif e.basis == "recall":
        what = f"recalled later: every word of the later report is in the earlier one ({H.text(e.note or '')})"
    elif e.basis == "nested":
        what = "one lies inside the other, in one article"
    elif e.basis == "passage":
        arts = [a for a in (e.note or "").removeprefix("reported side by side in ").split(", ") if a in index.records]
        titles = ", ".join(f'<a href="{H.attr(H.rel(url, index.records[a].article.url))}">{H.text(index.records[a].article.title)}</a>'
                           for a in arts)
        what = f"passages of one occasion: reported side by side in {titles}"
    elif e.basis == "editor":
        what = "linked by an editor" + (f": {H.text(e.note)}" if e.note else "")
    else:
        what = "an editor tied the translation to its original words" + (f": {H.text(e.note)}" if e.note else "")
    return f"<li>{words(e.a)} and {words(e.b)}: {what}</li>"


def _original_html(o, index: StatementIndex, url: str) -> str:
    where = ""
    if o.article_id and o.article_id in index.records:
        a = index.records[o.article_id].article
        where = (f' <span class="annals-basis">— <a href="{H.attr(H.rel(url, f"{a.url}#p{o.paragraph}"))}">'
                 f'{H.text(a.title)}</a>, {H.text(a.publisher or "publisher unknown")}, {human_date(a.date)}</span>')
    elif o.article_id is None:
        where = ' <span class="annals-basis">— given by an editor of the article</span>'
    note = f'<p class="annals-basis" data-pagefind-ignore>{H.text(o.note)}</p>' if o.note else ""
    return (f'<figure class="annals-original"><figcaption data-pagefind-ignore>Original ({H.text(o.language)}){where}</figcaption>'
            f'<blockquote lang="{H.attr(o.language)}"><p>{H.text(o.text)}</p></blockquote>{note}</figure>')


def _report_html(qid: str, s: Statement, index: StatementIndex, reference: str, url: str) -> str:
    q, r = index.quotes[qid]
    a = r.article
    if qid == reference:
        words, diff = H.text(q.text), "The wording the others are compared with."
    else:
        ref_text = index.quotes[reference][0].text
        words, n = marked_differences(ref_text, q.text)
        diff = (f'{plural(n, "word")} not in the first wording, underlined.' if n
                else "The same words as the first wording.")
    date = f'<time datetime="{a.date.isoformat()}">{human_date(a.date)}</time>' if a.date else "undated"
    lang = script_language(a)  # the article's language (issue 22, item 2), else its script's
    lang_attr = f' lang="{H.attr(lang)}"' if lang and lang != "en" else ""
    report = (f'<figure class="annals-report-words"><figcaption data-pagefind-ignore>{H.text(KIND_TEXT[q.kind])} — '
              f'<a href="{H.attr(H.rel(url, f"{a.url}#{q.anchor}"))}">{H.text(a.title)}</a>, '
              f'{H.text(a.publisher or "publisher unknown")}, {date}</figcaption>'
              f'<blockquote{lang_attr}><p>{words}</p></blockquote>'
              f'<p class="annals-basis" data-pagefind-ignore>Speaker as given there: {H.text(_speaker_as_given(q))}. '
              f'{diff}</p></figure>')
    originals = [o for o in s.originals if o.quote_id == qid]
    if originals:
        report = (f'<div class="annals-parallel">{report}'
                  + "".join(_original_html(o, index, url) for o in originals) + "</div>")
    return f'<li class="annals-report" id="{H.attr("r-" + qid)}">{report}</li>'


def statement_page(s: Statement, ctx: RenderContext, index: StatementIndex) -> str:
    """The page of one statement."""
    url = statement_url(s.id)
    name = speaker_name(s, ctx)
    who = (f'<a href="{H.attr(H.rel(url, kit.official_url(s.speaker_id)))}">{H.text(name)}</a>'
           if s.speaker_id and any(o.id == s.speaker_id for o in ctx.archive.officials) else H.text(name))
    parts = passages(s)
    sections = []
    for n, members in enumerate(parts, 1):
        reference = reference_report(members, index)
        items = "".join(_report_html(qid, s, index, reference, url) for qid in members)
        head = f'<h3 id="passage-{n}">Passage {n}</h3>' if len(parts) > 1 else ""
        sections.append(f'<section class="annals-passage">{head}<ol class="annals-reports">{items}</ol></section>')
    reports = "".join(sections)
    basis = "".join(_basis_text(e, index, url) for e in s.edges)
    merged = (f'<p class="annals-basis" data-pagefind-ignore>Formerly also {", ".join(H.text(m) for m in s.merged)}, merged into this '
              "statement (the old addresses lead here).</p>" if s.merged else "")
    body = [
        f'<article class="annals-statement" data-statement-id="{H.attr(s.id)}" data-pagefind-body>',
        f'<h1 id="statement">{H.text(title_of(s, ctx))}</h1>',
        f'<p class="annals-counts" data-pagefind-ignore>{who}; {H.text(reported_by(s, index))}: '
        f'{H.text(", ".join(outlets(s, index)))}.</p>',
        '<p class="annals-basis" data-pagefind-ignore>One utterance by one speaker on one occasion, as the archive\'s articles report it. '
        + ("Passages reported side by side by the same articles are shown one by one. " if len(parts) > 1 else "")
        + "Words underlined with dots are not in the first wording of their passage (its first direct quotation).</p>",
        merged,
        f'<h2 id="reports">Reports</h2>{reports}',
        f'<div data-pagefind-ignore><h2 id="basis">Why these reports are one statement</h2>'
        f'<ul class="annals-statement-basis">{basis}</ul></div>' if basis else "",
        f'<p data-pagefind-ignore><a href="{H.attr(H.rel(url, kit.STATEMENTS))}">All statements</a></p>',
        "</article>",
    ]
    meta = {"title": H.attr(title_of(s, ctx)), "statement_id": s.id}
    return front_matter(meta) + search_facets(s, ctx, index) + "".join(body) + "\n"


def search_facets(s: Statement, ctx: RenderContext, index: StatementIndex) -> str:
    """The statement page as a search record (Pagefind): hidden filters (official, election, year, publisher:
    its outlets, kind ``statement``, language: the page's, as an article page's is its source's; ``outlets``: how many outlets report it, which ``search.js`` shows as
    "reported by N outlets" and no facet lists) and the date shown with a result.  The page's body
    (``data-pagefind-body`` on the article) holds its title and the reports' words; the counts, the notes
    and the reasons for the grouping carry ``data-pagefind-ignore``."""
    browse = index_of(ctx)
    records = [index.records[a] for a in dict.fromkeys(s.articles)]
    officials = sorted({browse.officials[i].name for i in (s.speaker_id,) if i and i in browse.officials})
    elections = list(dict.fromkeys(browse.elections[e].title for r in records for e in browse.article_elections(r)))
    filters = {
        "official": officials, "election": elections, "year": [str(s.date.year)] if s.date else [],
        "publisher": sorted({r.article.publisher for r in records if r.article.publisher}), "kind": [STATEMENT_KIND],
        "language": [language_name(SITE_LANGUAGE)], "outlets": [str(len(outlets(s, index)))],
    }
    parts = [f'<span data-pagefind-filter="{name}">{H.text(v)}</span>' for name, values in filters.items() for v in values]
    if s.date:
        parts.append(f'<span data-pagefind-meta="date">{H.text(human_date(s.date))}</span>')
    return f'<div class="annals-search-facets" hidden data-pagefind-ignore>{"".join(parts)}</div>'


STATEMENT_KIND = "statement"
"""The ``kind`` filter value of a statement page (an article's is ``article``, a quotation's its kind)."""


def _index_item(url: str, s: Statement, ctx: RenderContext, index: StatementIndex) -> str:
    q = index.quotes[reference_report(s.reports, index)][0]
    return (f'<a href="{H.attr(H.rel(url, statement_url(s.id)))}">{H.text(title_of(s, ctx))}</a>: '
            f'<q>{H.text(H.cut(q.text, 160))}</q> <span class="annals-basis">({H.text(reported_by(s, index))})</span>')


def pages(records: list[AnnotatedArticle], ctx: RenderContext) -> dict[str, str]:
    """PAGE_PROVIDER: ``statements/<id>/`` for each statement with an ID, and ``statements/`` (paginated)."""
    index = ctx.lookup(statement_index)
    published = index.published
    out = {f"{statement_url(s.id)}index.md": statement_page(s, ctx, index) for s in published}
    out.update(listing.paginate(
        kit.STATEMENTS, published, lambda url, s: _index_item(url, s, ctx, index), title="Statements",
        heading_id="statements",
        intro_html=(f"<p>{plural(len(published), 'statement')} reported by more than one article or tied to "
                    "its original words, newest first. Each page lists every report: its wording, article, outlet, "
                    "date and kind, and where the wordings differ.</p>")))
    return out


# ---- article pages -------------------------------------------------------------------------------

def quote_statement_link(q: Quote, rec: AnnotatedArticle, ctx: RenderContext) -> str:
    """For the line about a quotation below an article's text (``quotations.quotes_section``'s
    ``about_extra``, which the popover of its words shows): a link to its statement's page, with how many
    reports it has; nothing when its statement has no page."""
    index = ctx.lookup(statement_index)
    s = index.by_quote.get(q.id)
    if s is None or s.id is None:
        return ""
    n = len(set(s.articles))
    return (f' · <a class="annals-statement-link" href="{H.attr(H.rel(rec.article.url, statement_url(s.id)))}">'
            f'statement {H.text(s.id)}</a>: {plural(len(s.reports), "report")} in {plural(n, "article")}')


# ---- data ------------------------------------------------------------------------------------------

def statement_rows(records: list[AnnotatedArticle], ctx: RenderContext) -> list[dict]:
    """Rows of ``data/statements.*`` (schema ``statements.schema.json``): every statement with a page, by ID."""
    index = ctx.lookup(statement_index)
    rows = []
    for s in sorted((s for s in index.statements if s.id), key=lambda s: s.id):
        rows.append({
            "id": s.id, "url": statement_url(s.id), "speaker_id": s.speaker_id, "speaker": s.speaker,
            "date": s.date.isoformat() if s.date else None,
            "reports": list(s.reports), "articles": list(dict.fromkeys(s.articles)),
            "outlets": outlets(s, index), "report_count": len(s.reports), "article_count": len(set(s.articles)),
            "basis": [{"a": e.a, "b": e.b, "basis": e.basis, "score": e.score, "note": e.note} for e in s.edges],
            "originals": [{"quote_id": o.quote_id, "language": o.language, "text": o.text, "article_id": o.article_id,
                           "paragraph": o.paragraph} for o in s.originals],
            "merged": list(s.merged),
        })
    return rows


def with_statement_ids(rows: list[dict], ctx: RenderContext) -> list[dict]:
    """Rows of ``data/quotes.*`` with the ``statement_id`` of each (null when its statement has no page)."""
    index = ctx.lookup(statement_index)
    out = []
    for row in rows:
        s = index.by_quote.get(row["id"])
        out.append({**row, "statement_id": s.id if s is not None else None})
    return out
