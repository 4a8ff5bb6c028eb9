"""The frozen :class:`annals.model.Quote` records, in text order, with permanent IDs.

Identity: ``q-`` + 10 hex digits of SHA-256 over the article ID followed by the NFC,
whitespace-normalised words; a second identical quotation in one article gets ``-2``.
"""

from __future__ import annotations

import hashlib
import unicodedata

from annals.annotate.attribution.context import Context
from annals.annotate.attribution.marks import Found, words_of
from annals.annotate.mentions import role_on
from annals.model import Article, Problem, Quote, TextSpan


def quote_id(article_id: str, text: str) -> str:
    """Permanent quote ID: ``q-`` + 10 hex of SHA-256 of article ID + NFC, whitespace-normalised text."""
    norm = " ".join(unicodedata.normalize("NFC", text).split())
    return "q-" + hashlib.sha256((article_id + norm).encode("utf-8")).hexdigest()[:10]


def norm_text(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def records(article: Article, ctx: Context, results: list[Found]) -> tuple[tuple[Quote, ...], list[Problem]]:
    quotes: list[Quote] = []
    used: dict[str, int] = {}
    problems: list[Problem] = []
    for f in sorted(results, key=lambda f: (f.pieces[0].n, f.pieces[0].start, -f.pieces[-1].end)):
        words = words_of(article, f)
        if not words.strip():
            continue
        if f.reported and f.speaker is None and not f.reason:
            continue
        base = quote_id(article.id, words)
        used[base] = used.get(base, 0) + 1
        ident = base if used[base] == 1 else f"{base}-{used[base]}"
        spans = tuple(TextSpan(x.n, x.start, x.end) for x in f.pieces)
        role = role_on(ctx.people[f.speaker_id], article.date) if f.speaker_id else None
        scare = f.kind == "scare"
        quotes.append(Quote(id=ident, article_id=article.id, text=words, kind=f.kind, spans=spans,
                            speaker_id=None if scare else f.speaker_id, speaker=None if scare else f.speaker,
                            via=None if scare else f.via, confidence="none" if scare else f.confidence if f.speaker else "low",
                            role=role, document=None if scare else f.document, method=f.method,
                            speaker_kind="none" if scare or not f.speaker else f.speaker_kind,
                            unattributed_reason=f.reason or None if scare or not f.speaker else None,
                            speaker_title=None if scare else f.title))
    return tuple(quotes), problems
