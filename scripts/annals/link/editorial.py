"""Editorial annotations across the archive: the checks that need other articles, and same-event links.

The editors' annotations of one article are resolved by :func:`annals.annotate.editorial.editorial_of` in
the annotate stage (``AnnotatedArticle.editorial``); here they are checked against the whole archive
(evidence quoted from another article, same-event links to articles that exist) and against the marks
other features put on the page: an editor's anchor may nest in a quotation's span or contain it, never
cross its edge.  Each record gets its same-event links both ways (``AnnotatedArticle.same_event``).  Those marks come from the render stage
and are handed in by the pipeline (``marks``), so that this stage imports nothing after it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

from annals.annotate.editorial import WHAT, crossing, resolve
from annals.model import AnnotatedArticle, Archive, Article, Editorial, Evidence, Problem, SameEvent


MarkSource = Callable[[AnnotatedArticle], Iterable[tuple[int, object]]]
"""A feature that marks words of a page: (record) -> (paragraph number, span with ``start`` and ``end``)."""


def other_marks(rec: AnnotatedArticle, marks: tuple[MarkSource, ...]) -> list[tuple[int, int, int, str]]:
    """(paragraph, start, end, label) of every mark the given features put on the page (quotations, ...)."""
    out = []
    for provider in marks:
        for n, span in provider(rec):
            label = getattr(provider, "__name__", "a mark")
            out.append((n, span.start, span.end, label))
    return out


def _overlap_problems(rec: AnnotatedArticle, ed: Editorial, side_rel: str, lines: dict,
                      marks: tuple[MarkSource, ...]) -> list[Problem]:
    """Marks may nest but never cross: an editor's anchor that crosses another mark is an error."""
    problems = []
    by_n = {p.n: p.text for p in rec.article.paragraphs}
    mine = list(ed.anchored)
    for i, a in enumerate(mine):
        for b in mine[i + 1:]:
            if a.paragraph == b.paragraph and crossing((a.start, a.end), (b.start, b.end)):
                problems.append(Problem(side_rel, lines.get(b.key + "/exact"),
                                        f"{WHAT[b.kind]} {b.exact!r} overlaps {WHAT[a.kind]} {a.exact!r} (sidecar line "
                                        f"{lines.get(a.key + '/exact')}) without containing it or lying inside it; "
                                        "anchors may nest but not cross: widen or shorten one of them"))
    for n, start, end, label in other_marks(rec, marks):
        for a in mine:
            if a.paragraph == n and crossing((a.start, a.end), (start, end)):
                problems.append(Problem(side_rel, lines.get(a.key + "/exact"),
                                        f"{WHAT[a.kind]} {a.exact!r} crosses the edge of {by_n[n][start:end]!r} "
                                        f"(marked by {label}) in paragraph {n}; anchors may nest but not cross: "
                                        "anchor words wholly inside it or wholly containing it"))
    return problems


def _evidence_problems(ev: Evidence | None, key: str, side_rel: str, lines: dict,
                       articles: dict[str, Article]) -> list[Problem]:
    if ev is None or ev.article is None:
        return []
    line = lines.get(key + "/source/article")
    other = articles.get(ev.article)
    if other is None:
        return [Problem(side_rel, line, f"source article {ev.article!r} is not in the archive; "
                                        "expected the permanent ID of an archived article")]
    _, message = resolve(other.paragraphs, ev.exact, ev.prefix, ev.suffix, f"source text in {ev.article}")
    return [Problem(side_rel, lines.get(key + "/source/exact", line), message)] if message else []


def check_archive(archive: Archive, records: list[AnnotatedArticle] | tuple[AnnotatedArticle, ...],
                  marks: tuple[MarkSource, ...] = ()) -> list[Problem]:
    """Every problem with the editorial annotations of the whole archive, each naming the sidecar and line;
    ``marks``: the other features that mark words of the page (an editor's anchor may not cross theirs)."""
    problems: list[Problem] = []
    by_file = {r.article.source_file: r for r in records}
    articles = {r.article.id: r.article for r in records}
    for source, sidecar in archive.sources:
        rec = by_file.get(source.name)
        if rec is None:
            continue
        side_rel = f"articles/{sidecar.name}"
        lines = sidecar.lines
        ed = rec.editorial if rec.editorial is not None else Editorial(rec.article.id)
        problems.extend(_overlap_problems(rec, ed, side_rel, lines, marks))
        seen: dict[str, str] = {}
        for a in ed.anchored:
            if a.id in seen:
                problems.append(Problem(side_rel, lines.get(a.key + "/exact"),
                                        f"{WHAT[a.kind]} {a.exact!r} repeats the anchor at {seen[a.id]}; "
                                        "merge the two entries"))
            seen.setdefault(a.id, a.key)
            problems.extend(_evidence_problems(a.source, a.key, side_rel, lines, articles))
            if a.needs_source:
                problems.append(Problem(side_rel, lines.get(a.key + "/needs_source"),
                                        f"{WHAT[a.kind]} {a.exact!r} needs a source: add `source:` "
                                        "(an archived article's words, a URL or a citation) and remove `needs_source`",
                                        severity="review"))
        for i, link in enumerate(ed.same_event):
            line = lines.get(f"/same_event/{i}/id")
            if link.id == rec.article.id:
                problems.append(Problem(side_rel, line, f"same_event names this article itself ({link.id}); "
                                                        "name another article's ID"))
            elif link.id not in articles:
                problems.append(Problem(side_rel, line, f"same_event article {link.id!r} is not in the archive"))
        if ed.date_confidence == "low" and rec.article.date_basis == "editor":
            problems.append(Problem(side_rel, lines.get("/date_confidence"),
                                    f"the editor's date {rec.article.date} is a best estimate (date_confidence: low); "
                                    "confirm it from a source and raise the confidence", severity="review"))
        if ed.date_confidence and rec.article.date_basis != "editor":
            problems.append(Problem(side_rel, lines.get("/date_confidence"),
                                    "date_confidence applies to an editor's date; this sidecar gives no `date:` "
                                    "(or the source states its own date): remove it"))
        if ed.title_note and rec.article.title_basis != "editor":
            problems.append(Problem(side_rel, lines.get("/title_note"),
                                    "title_note explains an editor's title; this sidecar gives no `title:`: "
                                    "add one or remove title_note"))
        if ed.byline and rec.article.byline:
            problems.append(Problem(side_rel, lines.get("/byline"),
                                    f"byline {ed.byline!r}: the source has its own ({rec.article.byline!r}); "
                                    "an editor's byline is only for a source without one: remove it"))
    return problems


def editorial_stage(records: tuple[AnnotatedArticle, ...], archive: Archive, marks: tuple[MarkSource, ...] = ()
                    ) -> tuple[tuple[AnnotatedArticle, ...], list[Problem]]:
    """Cross-article stage (``pipeline.CROSS_ARTICLE_STAGES``): the checks of :func:`check_archive`, and each
    record's ``same_event`` filled with the editors' same-event links both ways (:func:`same_event_links`).
    ``marks``: the render stage's other mark features, handed in by the pipeline."""
    reverse = reverse_links(records)
    linked = tuple(replace(r, same_event=same_event_links(reverse, r.article.id, r.editorial))
                   if r.editorial is not None else r for r in records)
    return linked, check_archive(archive, linked, marks)


ReverseLinks = dict[str, list[tuple[str, str | None]]]
"""Article ID -> (linking article ID, note) for each other article whose editors name it under ``same_event``."""


def reverse_links(records: list[AnnotatedArticle] | tuple[AnnotatedArticle, ...]) -> ReverseLinks:
    """For each article ID, the articles whose sidecars name it under ``same_event``: one scan of the records."""
    index: ReverseLinks = {}
    for rec in records:
        for s in rec.editorial.same_event if rec.editorial is not None else ():
            index.setdefault(s.id, []).append((rec.article.id, s.note))
    return index


def same_event_links(reverse: ReverseLinks, article_id: str, ed: Editorial) -> tuple[SameEvent, ...]:
    """This article's same-event links plus those other sidecars make to it (``reverse``, from
    :func:`reverse_links`): a link shows on both pages."""
    links = {s.id: s for s in ed.same_event}
    for other, note in reverse.get(article_id, ()):
        if other != article_id and other not in links:
            links[other] = SameEvent(other, note)
    return tuple(links[k] for k in sorted(links))
