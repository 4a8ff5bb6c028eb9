"""Quotation marks paired into quotations.

Marks are paired per paragraph with a stack, so nested marks stay inside their quotation: English “ ”
and " ", Russian « » and „ “ (a „ is closed by “ or ”).  A straight ``"`` opens after a space or at the
start and closes after a word.  A quotation left open at the end of a paragraph continues into the
next one when that one opens with a quotation mark or starts in lower case.  Single marks are paired
only outside double ones; apostrophes are not marks.  ``Found`` is a quotation (or a reported clause)
being assembled and attributed.
"""

from __future__ import annotations

from dataclasses import dataclass

from annals.model import Article


DOUBLE_OPEN = "“«„"
DOUBLE_CLOSE = "”»"
OPENERS_BEFORE = " \t\n([{—–-/:;"


@dataclass(slots=True)
class Piece:
    """Words of one quotation inside one paragraph: ``text[start:end]``; marks at start-1 / end."""

    n: int
    start: int
    end: int
    closed: bool


@dataclass(slots=True)
class Found:
    """A quotation being assembled (pieces in order) or a reported-speech clause."""

    pieces: list[Piece]
    single: bool = False
    reported: bool = False
    kind: str = ""
    speaker_id: str | None = None
    speaker: str | None = None
    via: str | None = None
    confidence: str = "low"
    document: str | None = None
    method: str = ""
    speaker_kind: str = "person"
    reason: str = ""
    title: str | None = None
    label: str = ""
    label_n: int = 0


def _double_marks(text: str) -> list[tuple[int, str]]:
    """(position, 'open'|'close') of each double quotation mark.

    ``“`` closes a quotation that ``„`` opened (the Russian and German pairing „...“) and opens one
    otherwise; ``«``/``„`` always open, ``»``/``”`` always close; a straight ``"`` opens after a space or
    an opening bracket and before a non-space, and closes otherwise."""
    marks = []
    low_open = 0  # how many „ are open
    for i, ch in enumerate(text):
        if ch == "„":
            low_open += 1
            marks.append((i, "open"))
        elif ch == "“" and low_open:
            low_open -= 1
            marks.append((i, "close"))
        elif ch in DOUBLE_OPEN:
            marks.append((i, "open"))
        elif ch in DOUBLE_CLOSE:
            marks.append((i, "close"))
        elif ch == '"':
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if (before in OPENERS_BEFORE or i == 0) and not after.isspace():
                marks.append((i, "open"))
            elif not before.isspace():
                marks.append((i, "close"))
    return marks


def _outer_pairs(marks: list[tuple[int, str]]) -> tuple[list[tuple[int, int]], int | None]:
    """The outermost quotations among ``marks``: (open, close) pairs, nested pairs inside them skipped, and
    the position of a quotation still open at the end (or None).  A close with nothing open is ignored."""
    pairs = []
    depth, open_at = 0, None
    for pos, kind in marks:
        if kind == "open":
            if depth == 0:
                open_at = pos
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                pairs.append((open_at, pos))
                open_at = None
    return pairs, open_at


def _single_pairs(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """(start, end) of words inside single quotation marks in ``text[lo:hi]`` (apostrophes skipped)."""
    out = []
    i = lo
    open_at = None
    while i < hi:
        ch = text[i]
        if ch in "'‘’":
            before = text[i - 1] if i > 0 else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if open_at is None and ch in "'‘" and (before.isspace() or before in "([—–:" or i == 0) and after.isalnum():
                open_at = i
            elif open_at is not None and ch in "'’" and not after.isalnum() and (before.isalnum() or before in ".,!?"):
                if i - open_at > 1:
                    out.append((open_at + 1, i))
                open_at = None
        i += 1
    return out


def find_marked(article: Article) -> list[Found]:
    """Every quotation delimited by quotation marks, pieces over paragraphs joined."""
    found: list[Found] = []
    current: Found | None = None
    paragraphs = article.paragraphs
    for idx, p in enumerate(paragraphs):
        text = p.text
        marks = _double_marks(text)
        if current is not None:  # continuing from the paragraph before
            if marks and marks[0][0] == 0 and marks[0][1] == "open":
                marks = marks[1:]
                start = 1
            else:
                start = 0
            close = next((pos for pos, kind in marks if kind == "close"), None)
            if close is None:
                current.pieces.append(Piece(p.n, start, len(text), False))
                marks = []
            else:
                current.pieces.append(Piece(p.n, start, close, True))
                found.append(current)
                current = None
                marks = [(pos, kind) for pos, kind in marks if pos > close]
        doubles: list[tuple[int, int]] = []
        pairs, open_at = _outer_pairs(marks)
        for a, b in pairs:
            if b - a > 1:
                doubles.append((a + 1, b))
                found.append(Found([Piece(p.n, a + 1, b, True)]))
        if open_at is not None:
            nxt = paragraphs[idx + 1].text if idx + 1 < len(paragraphs) else ""
            piece = Piece(p.n, open_at + 1, len(text), False)
            if nxt and (nxt[0] in DOUBLE_OPEN + '"' or nxt[0].islower()):
                current = Found([piece])
            else:
                found.append(Found([piece]))
            doubles.append((open_at + 1, len(text)))
        # single quotation marks, outside the double ones only
        lo = 0
        for a, b in sorted(doubles) + [(len(text) + 1, len(text) + 1)]:
            for s, e in _single_pairs(text, lo, min(a - 1, len(text))):
                found.append(Found([Piece(p.n, s, e, True)], single=True))
            lo = b + 1
    if current is not None:
        found.append(current)
    return found


def words_of(article: Article, f: Found) -> str:
    return " ".join(article.paragraphs[x.n - 1].text[x.start:x.end].strip() for x in f.pieces)
