"""Related coverage: articles about the same event.

Two articles report the same event when they appeared within ``WINDOW_DAYS`` of each other
and the content words of their opening paragraphs overlap strongly (RapidFuzz's
``token_set_ratio``; on the seeds, 002 and 004 score 82 while unrelated pairs stay under 60).
The same statement reported by several articles is :mod:`annals.link.statements`' (issue 22: it
replaced the sentence-to-quotation links this module used to make, and their sidecar key
``related.statements``).

Editors decide in the sidecar, and their decision wins over the detector.  A same-event link is
confirmed with the editorial key ``same_event`` (issue 9; checked there), and the rest here::

    same_event:
      - {id: a000005}               # same event, even if not detected
    related:
      reject: [a000003]             # not the same event, even if detected

Pure functions of the records; blocking by date keeps the work near-linear in the archive.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace

from rapidfuzz import fuzz

from annals.model import AnnotatedArticle, Archive, EventLink, Problem

WINDOW_DAYS = 3
"""Articles more than this many days apart are never detected as the same event."""
EVENT_THRESHOLD = 75.0
"""Least ``token_set_ratio`` of the opening paragraphs for the same event."""
LEAD_PARAGRAPHS = 4
"""How many opening paragraphs describe the event."""
MIN_LEAD_WORDS = 12
"""Openings with fewer content words than this are too short to compare."""

STOP = frozenset("""
a an the and or but of to in on at for with by from as is are was were be been being that this these those
it its he she they them his her their we our you your i my me not no will would can could should has have had
do does did also said says say after before about over into than then there which who whom what when where
while all any some more most other such only own same so too very just may might must shall upon per via
""".split())
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")


def content_words(text: str) -> str:
    """Sorted distinct content words, lower case (the detector's view of a text)."""
    return " ".join(sorted({w for w in WORD.findall(text.lower()) if w not in STOP and len(w) > 2}))


def _lead(rec: AnnotatedArticle) -> str:
    a = rec.article
    return content_words(" ".join([a.title] + [p.text for p in a.paragraphs[:LEAD_PARAGRAPHS]]))


def _lead_score(lx: str, ly: str) -> float:
    """``event_score`` of two openings' content words (``_lead``)."""
    if min(len(lx.split()), len(ly.split())) < MIN_LEAD_WORDS:
        return 0.0
    return fuzz.token_set_ratio(lx, ly)


def event_score(x: AnnotatedArticle, y: AnnotatedArticle) -> float:
    """How strongly the openings of two articles share their content words (0-100)."""
    return _lead_score(_lead(x), _lead(y))


def _candidates(records: list[AnnotatedArticle]):
    """Pairs of dated articles within the window (sorted, each pair once)."""
    dated = sorted((r for r in records if r.article.date), key=lambda r: (r.article.date, r.article.id))
    days = [r.article.date.toordinal() for r in dated]
    for i, rec in enumerate(dated):
        j_end = bisect.bisect_right(days, days[i] + WINDOW_DAYS)
        for other in dated[i + 1 : j_end]:
            yield rec, other


def _editor_pairs(records: list[AnnotatedArticle], key: str) -> set[tuple[str, str]]:
    """Pairs an editor confirmed (``same_event``) or rejected (``related.reject``), either way round."""
    out = set()
    for rec in records:
        if key == "confirm":  # the editorial record's (annotate stage), read from the sidecar once
            others = [link.id for link in (rec.editorial.same_event if rec.editorial else ())]
        else:
            others = rec.article.related_reject
        for other in others:
            out.add(tuple(sorted((rec.article.id, other))))
    return out


def find_events(records: list[AnnotatedArticle]) -> list[EventLink]:
    """Every same-event pair: detected ones not rejected by an editor, plus editor-confirmed ones."""
    confirm, reject = _editor_pairs(records, "confirm"), _editor_pairs(records, "reject")
    ids = {r.article.id for r in records}
    links: dict[tuple[str, str], EventLink] = {}
    leads: dict[str, str] = {}  # each opening's content words, once per article (not once per pair)

    def lead(rec: AnnotatedArticle) -> str:
        if rec.article.id not in leads:
            leads[rec.article.id] = _lead(rec)
        return leads[rec.article.id]

    for x, y in _candidates(records):
        score = _lead_score(lead(x), lead(y))
        pair = tuple(sorted((x.article.id, y.article.id)))
        if score >= EVENT_THRESHOLD and pair not in reject:
            links[pair] = EventLink(pair[0], pair[1], round(score, 1), "detected")
    for pair in confirm - reject:
        if pair[0] in ids and pair[1] in ids and pair[0] != pair[1]:
            old = links.get(pair)
            links[pair] = EventLink(pair[0], pair[1], old.score if old else None, "editor")
    return [links[k] for k in sorted(links)]


def link_records(records: list[AnnotatedArticle]) -> list[AnnotatedArticle]:
    """The records with their same-event links stored on them, computed once for the whole archive:
    ``events`` (:func:`find_events`, by the other article's ID) and ``related`` (their other ends)."""
    events: dict[str, list[EventLink]] = {}
    for link in find_events(records):
        events.setdefault(link.a, []).append(link)
        events.setdefault(link.b, []).append(link)

    def other(link: EventLink, me: str) -> str:
        return link.b if link.a == me else link.a

    linked = []
    for r in records:
        mine = sorted(events.get(r.article.id, ()), key=lambda link: other(link, r.article.id))
        linked.append(replace(r, events=tuple(mine), related=tuple(other(link, r.article.id) for link in mine))
                      if mine or r.events or r.related else r)
    return linked


def check_sidecars(records: list[AnnotatedArticle], archive: Archive | None) -> list[Problem]:
    """Every ``related`` entry of a sidecar must name another existing article, and not one confirmed as the same event."""
    lines = {}
    if archive is not None:
        lines = {side.data.get("id"): (side.name, side.lines) for _, side in archive.sources}
    ids = {r.article.id for r in records}
    problems = []
    confirm = _editor_pairs(records, "confirm")
    for rec in records:
        a = rec.article
        name, where = lines.get(a.id, (None, {}))
        path = f"articles/{name}" if name else f"articles/{a.source_file.rsplit('.', 1)[0]}.yml"
        for i, other in enumerate(a.related_reject):
            line = where.get(f"/related/reject/{i}")
            if other == a.id:
                problems.append(Problem(path, line, f"related.reject names this article itself ({other})"))
            elif other not in ids:
                problems.append(Problem(path, line, f"related.reject names {other}, which is not an article ID "
                                                     "in the archive; use the id: of the other article's sidecar"))
            elif tuple(sorted((a.id, other))) in confirm:
                problems.append(Problem(path, line, f"{a.id} and {other} are both confirmed (same_event) and rejected "
                                                     "(related.reject) as the same event; keep one decision"))
    return problems
