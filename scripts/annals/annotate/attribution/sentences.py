"""The reporter's sentences.

Found once per paragraph with the quoted words masked (same length, so offsets hold), so a full stop
inside a quotation never ends the reporter's sentence.  Linear in the paragraph's length.
"""

from __future__ import annotations

import bisect
import re

from annals.annotate.attribution.marks import Found
from annals.model import Article


MASK = "\u2063"  # invisible separator: stands in for masked (quoted) characters, keeps offsets
ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "jan", "feb", "mar", "apr",
                 "aug", "sept", "sep", "oct", "nov", "dec", "no", "vs", "jr", "sr", "prof", "inc", "corp", "co"}


def masked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` replaced by MASK (same length)."""
    if not spans:
        return text
    parts = []
    pos = 0
    for a, b in sorted(spans):
        a, b = max(a, pos, 0), min(b, len(text))
        if b <= a:
            continue
        parts.append(text[pos:a])
        parts.append(MASK * (b - a))
        pos = b
    parts.append(text[pos:])
    return "".join(parts)


SENT_END = re.compile(r"[.!?…][\"”’'»)\u2063]*(?=\s+(?:[\"“‘'«„(]?[A-Z0-9]|\u2063))")
LAST_TOKEN = re.compile(r"(\S+)$")


def sentences(masked_text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph whose quoted words are masked.  Linear in its length:
    each full stop looks back at one word only (an abbreviation or an initial does not end a sentence)."""
    out = []
    start = 0
    n = len(masked_text)
    for m in SENT_END.finditer(masked_text):
        if m.group(0) == ".":
            found = LAST_TOKEN.search(masked_text, max(start, m.start() - 40), m.start() + 1)
            tok = (found.group(1) if found else "").rstrip(".").lstrip("(\"“")
            if tok.lower() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Z]\.)*[A-Z]", tok):
                continue
        out.append((start, m.end()))
        start = m.end()
        while start < n and masked_text[start].isspace():
            start += 1
    out.append((start, n))
    return [(a, b) for a, b in out if b > a]


def sentence_of(sents: list[tuple[int, int]], pos: int) -> tuple[int, int]:
    """The sentence that holds ``pos`` (or ends there), by bisection."""
    if not sents:
        return (0, 0)
    k = bisect.bisect_right(sents, (pos, float("inf"))) - 1
    if k < 0:
        return sents[0]
    a, b = sents[k]
    if a <= pos <= b:
        return a, b
    return sents[k + 1] if k + 1 < len(sents) else sents[-1]


def quoted_spans(article: Article, marked: list[Found]) -> dict:
    out: dict = {}
    for f in marked:
        for piece in f.pieces:
            ptext = article.paragraphs[piece.n - 1].text
            if piece.closed and piece.end > piece.start and ptext[piece.end - 1] in ".…":
                # keep the quotation's final stop visible: it may end the reporter's sentence too
                # (not "?" or "!": '"Why would we interfere?" Lavrov asked.' is one sentence)
                out.setdefault(piece.n, []).extend([(piece.start - 1, piece.end - 1), (piece.end, piece.end + 1)])
            else:
                out.setdefault(piece.n, []).append((piece.start - 1, piece.end + 1))
    return out
