"""Editorial annotations: what editors add beside a source, never inside it (issue 9).

An editor writes annotations in an article's sidecar (``archive/articles/<name>.yml``):
notes and corrections anchored to exact words of the running text (the W3C Web Annotation
``TextQuoteSelector``: ``exact``, with ``prefix``/``suffix`` to tell repeated words apart),
original-language text, the outlets the text relies on, provenance, a reliability label, a
summary, context, the basis and confidence of an editor's date, and links to other reports of
the same event.

This module is pure: :func:`editorial_of` reads an :class:`~annals.model.Article` (its
paragraphs and sidecar mapping) and returns an :class:`Editorial` record plus the anchors it
could not resolve; :func:`annals.link.editorial.check_archive` turns those into
:class:`~annals.model.Problem` lines that name the sidecar file and line and suggest the closest
text.  Rendering lives in :mod:`annals.render.editorial`.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from annals.model import Anchored, Article, Editorial, Evidence, Paragraph, SameEvent

RELIABILITY_TEXT = {
    "first-hand": "first-hand: the outlet's own reporting or an official text",
    "attributed": "attributed: a known outlet attributing statements to named agencies or people",
    "second-hand": "second-hand: the text relays other outlets' reporting",
    "unknown-provenance": "unknown provenance: the outlet is not established; treat every claim as unconfirmed",
}
"""What each reliability label means, as shown on the page."""

SUGGEST_MIN_SCORE = 50.0
"""Below this rapidfuzz similarity (0-100) no closest text is suggested."""


@dataclass(frozen=True, slots=True)
class AnchorProblem:
    """An anchor that could not be resolved: where in the sidecar and what is wrong."""

    key: str
    """Sidecar path of the offending ``exact`` (``/notes/2/exact``)."""
    message: str
    """What is wrong, with the closest text or a prefix/suffix to add."""


def annotation_id(article_id: str, kind: str, exact: str, prefix: str | None, suffix: str | None) -> str:
    """``ed-`` + 10 hex digits: the same annotation keeps its ID wherever its words move."""
    norm = lambda s: " ".join(unicodedata.normalize("NFC", s or "").split())  # noqa: E731
    key = "\x1f".join((article_id, kind, norm(exact), norm(prefix), norm(suffix)))
    return "ed-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]


def find_anchor(paragraphs: tuple[Paragraph, ...], exact: str, prefix: str | None = None,
                suffix: str | None = None) -> list[tuple[int, int]]:
    """Every (paragraph number, offset) where ``exact`` stands with ``prefix`` right before and ``suffix`` right after."""
    hits = []
    for p in paragraphs:
        start = p.text.find(exact)
        while start >= 0:
            end = start + len(exact)
            if (not prefix or p.text[:start].endswith(prefix)) and (not suffix or p.text[end:].startswith(suffix)):
                hits.append((p.n, start))
            start = p.text.find(exact, start + 1)
    return hits


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def closest_text(paragraphs: tuple[Paragraph, ...], wanted: str) -> tuple[int, str, float] | None:
    """The stretch of running text most like ``wanted`` (rapidfuzz partial ratio): (paragraph, words, score)."""
    best: tuple[int, str, float] | None = None
    for p in paragraphs:
        if not p.text:
            continue
        al = fuzz.partial_ratio_alignment(wanted, p.text)
        if al is None:
            continue
        if best is None or al.score > best[2]:
            s, e = _widen_to_words(p.text, al.dest_start, al.dest_end)
            best = (p.n, p.text[s:e].strip(), al.score)
    if best is None or best[2] < SUGGEST_MIN_SCORE:
        return None
    return best


def _words_before(text: str, start: int, n: int = 4) -> str:
    return " ".join(text[:start].split()[-n:])


def _words_after(text: str, end: int, n: int = 4) -> str:
    return " ".join(text[end:].split()[:n])


def resolve(paragraphs: tuple[Paragraph, ...], exact: str, prefix: str | None, suffix: str | None,
            what: str) -> tuple[tuple[int, int] | None, str | None]:
    """Resolve one anchor: ((paragraph, offset), None) or (None, message saying what is wrong and what to write)."""
    hits = find_anchor(paragraphs, exact, prefix, suffix)
    if len(hits) == 1:
        return hits[0], None
    by_n = {p.n: p for p in paragraphs}
    if not hits:
        bare = find_anchor(paragraphs, exact) if (prefix or suffix) else []
        if bare:
            n, start = bare[0]
            text = by_n[n].text
            return None, (f"{what} {exact!r} is in the text (paragraph {n}) but not with the given "
                          f"{'prefix ' + repr(prefix) if prefix else ''}{' and ' if prefix and suffix else ''}"
                          f"{'suffix ' + repr(suffix) if suffix else ''}; there the words around it are "
                          f"{_words_before(text, start)!r} before and {_words_after(text, start + len(exact))!r} after")
        near = closest_text(paragraphs, exact)
        hint = (f"; closest text: {near[1]!r} in paragraph {near[0]} ({near[2]:.0f}% similar)" if near
                else "; no similar text found")
        return None, (f"{what} {exact!r} is not in the article's running text{hint}. "
                      "Copy the words exactly as the page shows them (one paragraph)")
    places = []
    for n, start in hits[:3]:
        text = by_n[n].text
        places.append(f"paragraph {n} after {_words_before(text, start)!r}")
    more = f" and {len(hits) - 3} more" if len(hits) > 3 else ""
    return None, (f"{what} {exact!r} occurs {len(hits)} times ({'; '.join(places)}{more}); "
                  "add `prefix:` (the words right before it) or `suffix:` (the words right after) to say which")


def _evidence(data: dict | None) -> Evidence | None:
    if not data:
        return None
    return Evidence(article=data.get("article"), exact=data.get("exact"), prefix=data.get("prefix"),
                    suffix=data.get("suffix"), url=data.get("url"), title=data.get("title"),
                    citation=data.get("citation"))


def _anchor_items(side: dict):
    """(kind, sidecar path, item, body, extra) for every anchored entry of a sidecar, in sidecar order."""
    for i, item in enumerate(side.get("notes") or ()):
        yield "note", f"/notes/{i}", item, item["note"], {}
    for i, item in enumerate(side.get("corrections") or ()):
        yield "correction", f"/corrections/{i}", item, item["correct"], {"note": item.get("note")}
    for i, item in enumerate(side.get("original_language") or ()):
        yield "original", f"/original_language/{i}", item, item["text"], {"language": item["language"]}
    for i, item in enumerate((side.get("provenance") or {}).get("relies_on") or ()):
        if item.get("exact"):
            yield "credit", f"/provenance/relies_on/{i}", item, item["name"], {}


WHAT = {"note": "note on", "correction": "correction of", "original": "original text for", "credit": "credit"}


def editorial_of(article: Article) -> tuple[Editorial, list[AnchorProblem]]:
    """The editorial record of one article, from its sidecar; anchors that do not resolve are left out and
    reported.  The annotate stage calls it once per article and keeps the result on the record
    (``AnnotatedArticle.editorial``)."""
    side = article.sidecar or {}
    anchored: list[Anchored] = []
    problems: list[AnchorProblem] = []
    for kind, key, item, body, extra in _anchor_items(side):
        exact, prefix, suffix = item["exact"], item.get("prefix"), item.get("suffix")
        hit, message = resolve(article.paragraphs, exact, prefix, suffix, WHAT[kind])
        if hit is None:
            problems.append(AnchorProblem(f"{key}/exact", message))
            continue
        n, start = hit
        anchored.append(Anchored(
            id=annotation_id(article.id, kind, exact, prefix, suffix), kind=kind, key=key, exact=exact,
            prefix=prefix, suffix=suffix, paragraph=n, start=start, end=start + len(exact), body=body,
            note=extra.get("note"), language=extra.get("language"), source=_evidence(item.get("source")),
            needs_source=bool(item.get("needs_source"))))
    anchored.sort(key=lambda a: (a.paragraph, a.start, -a.end, a.id))
    prov = side.get("provenance") or {}
    rel = side.get("reliability") or {}
    return Editorial(
        article_id=article.id,
        anchored=tuple(anchored),
        summary=side.get("summary"),
        context=side.get("context"),
        provenance=prov.get("note"),
        relies_on=tuple(r["name"] for r in prov.get("relies_on") or ()),
        reliability=rel.get("label"),
        reliability_note=rel.get("note"),
        same_event=tuple(SameEvent(s["id"], s.get("note")) for s in side.get("same_event") or ()),
        date_confidence=side.get("date_confidence"),
        title_note=side.get("title_note"),
        byline=side.get("byline"),
    ), problems


def crossing(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two character ranges overlap without one containing the other?"""
    (s1, e1), (s2, e2) = a, b
    overlap = s1 < e2 and s2 < e1
    nested = (s1 <= s2 and e2 <= e1) or (s2 <= s1 and e1 <= e2)
    return overlap and not nested
