"""Quotations: the finder's answer (:mod:`annals.annotate.attribution`), the editors' decisions in the
sidecar's ``quotes:`` and the review list.

Pure.  ``find_quotes(article, mentions, archive)`` (re-exported from :mod:`annals.annotate.attribution`)
finds the quotations and their speakers; ``apply_overrides`` applies what an editor decided (accept,
reject, set speaker/kind/via, add a missed quotation); ``review_problems`` lists unlisted speakers and
low-confidence attributions an editor has not confirmed.
"""

from __future__ import annotations

import re
import unicodedata

from annals.annotate.attribution import find_quotes, quote_id
from annals.annotate.mentions import role_on
from annals.annotate.names import CYRILLIC, romanisations
from annals.model import Archive, Article, Problem, Quote, TextSpan

__all__ = ["apply_overrides", "find_quotes", "officials_entry", "quote_id", "review_problems"]


def _short(words: str) -> str:
    w = " ".join(words.split()[:6])
    return f"“{w}…”" if len(words.split()) > 6 else f"“{w}”"


def apply_overrides(article: Article, quotes: tuple[Quote, ...], archive: Archive) -> tuple[tuple[Quote, ...], list[Problem]]:
    """Apply the sidecar's ``quotes:`` entries: accept, reject, set speaker/kind/via, add a missed one."""
    entries = article.sidecar.get("quotes") or []
    if not entries:
        return quotes, []
    rel = f"articles/{article.sidecar_name or article.source_file}"
    lines = article.sidecar_lines
    people = {o.id: o for o in archive.officials}
    by_id = {q.id: q for q in quotes}
    out = list(quotes)
    problems: list[Problem] = []
    for i, e in enumerate(entries):
        line = lines.get(f"/quotes/{i}/id") or lines.get(f"/quotes/{i}/text") or lines.get(f"/quotes/{i}")
        speaker_id, speaker = None, None
        if "speaker" in e:
            if e["speaker"] in people:
                speaker_id, speaker = e["speaker"], people[e["speaker"]].name
            elif re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", e["speaker"]):
                problems.append(Problem(rel, lines.get(f"/quotes/{i}/speaker", line),
                                        f"speaker {e['speaker']!r} is not an ID in officials.yml; use a gazetteer ID "
                                        "or write the person's name"))
                continue
            else:
                speaker = e["speaker"]
        if "id" in e:
            q = by_id.get(e["id"])
            if q is None:
                known = ", ".join(f"{x.id} ({_short(x.text)})" for x in quotes[:8]) or "none"
                problems.append(Problem(rel, line, f"no quotation {e['id']} in this article; its quotations are: {known}"))
                continue
            k = out.index(q)
            if e.get("reject"):
                out.pop(k)
                continue
            changes: dict = {"reviewed": True}
            if "speaker" in e:
                changes.update(speaker_id=speaker_id, speaker=speaker, method="editor", confidence="high",
                               role=role_on(people[speaker_id], article.date) if speaker_id else None)
            if "kind" in e:
                changes["kind"] = e["kind"]
            if "via" in e:
                changes["via"] = e["via"]
            out[k] = _replace(q, **changes)
            continue
        words = e["text"]
        spans = _locate(article, words)
        if not spans:
            problems.append(Problem(rel, line, f"the words {_short(words)} are not in the article's text; copy them exactly "
                                               "(without the quotation marks)"))
            continue
        out.append(Quote(id=quote_id(article.id, words), article_id=article.id, text=words, kind=e.get("kind", "full"),
                         spans=spans, speaker_id=speaker_id, speaker=speaker, via=e.get("via"), confidence="high",
                         role=role_on(people[speaker_id], article.date) if speaker_id else None, reviewed=True,
                         method="editor"))
    out.sort(key=lambda q: (q.spans[0].paragraph, q.spans[0].start, -q.spans[-1].end))
    return tuple(out), problems


def _replace(q: Quote, **changes) -> Quote:
    import dataclasses

    return dataclasses.replace(q, **changes)


def _locate(article: Article, words: str) -> tuple[TextSpan, ...]:
    """Where ``words`` stand in one paragraph, or over consecutive paragraphs (pieces joined by a space;
    the opening quotation mark of a continuation paragraph is not part of the words)."""
    for p in article.paragraphs:
        k = p.text.find(words)
        if k >= 0:
            return (TextSpan(p.n, k, k + len(words)),)
    paragraphs = article.paragraphs
    for i, p in enumerate(paragraphs[:-1]):
        text = p.text.rstrip()
        k = text.find(words[:12])
        while k >= 0:
            rest = words[len(text) - k:]
            if words.startswith(text[k:]) and rest.startswith(" "):
                spans = [TextSpan(p.n, k, len(text))]
                for q in paragraphs[i + 1:]:
                    rest = rest[1:]
                    start = len(q.text) - len(q.text.lstrip(" \"“‘'«"))
                    body = q.text[start:].rstrip()
                    if body.startswith(rest):
                        return (*spans, TextSpan(q.n, start, start + len(rest)))
                    if not (rest.startswith(body) and rest[len(body):].startswith(" ")):
                        break
                    spans.append(TextSpan(q.n, start, start + len(body)))
                    rest = rest[len(body):]
            k = text.find(words[:12], k + 1)
    return ()


def officials_entry(q: Quote, schemes: tuple[str, ...] = ()) -> str:
    """A ready-to-paste ``officials.yml`` entry (one line of YAML) for an unlisted speaker: name and the
    title the text gives; the editor completes gender, description and sources.  A name in Cyrillic
    ("Андрей Смирнов", from a Russian article) becomes ``name_ru``, and ``name`` and the ID its romanisation
    in the first of ``schemes`` that gives one (the lexicon's ``romanisation_schemes``, through ``iuliia``)."""
    name, extra = q.speaker, ""
    if CYRILLIC.search(name):
        latin = next((r for scheme in schemes for r in romanisations(name, (scheme,))), None)
        if latin is not None:
            name, extra = latin, f", name_ru: {q.speaker}"
    slug = re.sub(r"[^a-z0-9]+", "-", unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()).strip("-")
    description = (q.speaker_title or "TODO: who this is").replace('"', "'")
    return (f'- {{id: {slug or "TODO"}, name: {name}{extra}, gender: null, russian_official: false, description: "{description}", '
            f"memberships: [], sources: [TODO]}}")


def review_problems(article: Article, quotes: tuple[Quote, ...], archive: Archive) -> list[Problem]:
    """The review list: unlisted speakers and low-confidence attributions an editor has not confirmed."""
    rel = f"articles/{article.source_file}"
    inst = {w.casefold() for w in (archive.lexicon or {}).get("institutions", ())}
    schemes = tuple((archive.lexicon or {}).get("romanisation_schemes", ()))
    problems = []
    for q in quotes:
        if q.reviewed or q.kind == "scare":
            continue
        p = article.paragraphs[q.spans[0].paragraph - 1]
        line = p.lines[0] if p.lines else None
        if q.speaker and not q.speaker_id and q.speaker_kind == "person" and q.speaker.casefold() not in inst \
                and q.document is None:
            problems.append(Problem(rel, line, f"quote {q.id} ({_short(q.text)}): speaker {q.speaker!r} is not in "
                                               "officials.yml (unlisted speaker); add the person, or set the speaker "
                                               f"in the sidecar's quotes: -- officials.yml entry: {officials_entry(q, schemes)}",
                                    severity="review"))
        elif q.speaker is None and q.confidence == "low":
            problems.append(Problem(rel, line, f"quote {q.id} ({_short(q.text)}): no speaker found (a speech verb "
                                               "stands beside it, but not who spoke); set the speaker in the sidecar's "
                                               "quotes:", severity="review"))
        elif q.confidence == "low":
            problems.append(Problem(rel, line, f"quote {q.id} ({_short(q.text)}): speaker {q.speaker or 'unknown'!r} "
                                               "guessed from the sentences before (low confidence); accept it or set "
                                               "the speaker in the sidecar's quotes:", severity="review"))
    return problems
